//! A question: what it asks, the answer it expects, the formula's hint and the worked
//! solution. Numeric questions are built from one formula over the brief's figures, so the
//! reference, the mental-math path, the exact figure and the slips all come from one place.

use super::expr::{Expr, Figures, Mode, Unit};
use super::slip::Slip;
use crate::model::sizing::Role;
use crate::units::{fmt_bytes, fmt_si};
use serde::Serialize;

/// What kind of answer a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerKind {
    /// Per second: `12K`, `12k qps`, `900/s`.
    Rate,
    /// Bytes: `3.5 TB`, `900gb`.
    Bytes,
    /// Bandwidth: `40 MB/s`, `320 Mb/s`.
    ByteRate,
    /// A plain count: `26`, `3.5 trillion`.
    Count,
    /// A whole number graded exactly (a code length).
    Whole,
    /// A component of the design, by role.
    Component,
    /// Read replicas, shards, both or neither.
    DbScaling,
    /// Scaling phase 1–3.
    Phase,
}

impl AnswerKind {
    pub fn is_bytes(self) -> bool {
        matches!(self, AnswerKind::Bytes | AnswerKind::ByteRate)
    }
}

/// Part of the drill a question belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// The estimates every design starts from: load, storage, bandwidth.
    Estimate,
    /// The estimate this design's critical decision rests on.
    Critical,
    /// The design round: what saturates, what breaks at 10×, the phase.
    Design,
}

/// The answer a question expects.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Reference {
    Number {
        value: f64,
        shown: String,
    },
    Whole {
        value: u64,
        shown: String,
    },
    /// Any of these components is right; with `none_ok`, so is "nothing".
    Components {
        accept: Vec<Role>,
        none_ok: bool,
        shown: String,
    },
    Scaling {
        replicas: bool,
        shards: bool,
        shown: String,
    },
    Phase {
        number: u8,
        shown: String,
    },
}

impl Reference {
    pub fn shown(&self) -> &str {
        match self {
            Reference::Number { shown, .. }
            | Reference::Whole { shown, .. }
            | Reference::Components { shown, .. }
            | Reference::Scaling { shown, .. }
            | Reference::Phase { shown, .. } => shown,
        }
    }
}

/// One interview question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    /// Stable id, the key in an `--answers` file: `avg_qps`, `peak_qps`, …
    pub id: &'static str,
    pub section: Section,
    pub title: String,
    pub prompt: String,
    /// A sample answer in the expected form, never near the reference.
    pub example: String,
    pub kind: AnswerKind,
    /// Seconds of the period a size is counted over (a year for storage per year), so an
    /// answer given per day or per month is converted; `None`: a size held, not a rate.
    pub per: Option<f64>,
    pub reference: Reference,
    /// The formula in symbols (`hint`).
    pub hint: Vec<String>,
    /// The worked solution: formula, every symbol defined, the mental path, the exact figure.
    pub worked: Vec<String>,
    /// The value each known slip gives.
    #[serde(skip)]
    pub slips: Vec<(Slip, f64)>,
}

/// What a numeric question asks and how its result is recorded.
pub struct Ask {
    pub id: &'static str,
    pub section: Section,
    pub title: &'static str,
    pub prompt: String,
    pub kind: AnswerKind,
    /// The result's symbol and meaning, for later formulas.
    pub sym: &'static str,
    pub meaning: &'static str,
    pub unit: Unit,
    pub formula: Expr,
    pub per: Option<f64>,
    /// Extra slips the formula cannot show by leaving a factor out.
    pub extra: Vec<(Slip, f64)>,
}

/// Ask a numeric question: its result becomes a figure later formulas may use.
pub fn numeric(figs: &mut Figures, ask: Ask, example_seed: u64) -> Question {
    let value = figs.derive(ask.sym, ask.meaning, ask.unit, ask.formula.clone());
    let mental = figs.eval(&ask.formula, Mode::Mental, None);
    let mut slips = Vec::new();
    figs.slips_in(&ask.formula, &mut slips);
    let mut alternatives: Vec<(Slip, f64)> = slips
        .into_iter()
        .map(|s| (s, figs.eval(&ask.formula, Mode::Exact, Some(s))))
        .collect();
    alternatives.extend(ask.extra.iter().copied());
    let shown = shown(ask.kind, ask.unit, value);
    let hint = vec![format!("{} = {}", ask.sym, figs.text(&ask.formula, None))];
    let worked = worked(figs, &ask, value, mental);
    let reference = match ask.kind {
        AnswerKind::Whole => Reference::Whole {
            value: value.round() as u64,
            shown,
        },
        _ => Reference::Number { value, shown },
    };
    Question {
        id: ask.id,
        section: ask.section,
        title: ask.title.into(),
        prompt: ask.prompt,
        example: example(ask.kind, value, example_seed),
        kind: ask.kind,
        per: ask.per,
        reference,
        hint,
        worked,
        slips: alternatives,
    }
}

/// The reference as shown: a bandwidth also in bits.
fn shown(kind: AnswerKind, unit: Unit, v: f64) -> String {
    match kind {
        AnswerKind::ByteRate => format!("{}/s ({})", fmt_bytes(v), super::expr::bits(v * 8.0)),
        AnswerKind::Whole => format!("{}", v.round()),
        _ => unit.show(v),
    }
}

/// Interview-style worked solution: the formula, what each symbol is, the mental path with
/// round numbers, then the exact figure.
fn worked(figs: &Figures, ask: &Ask, value: f64, mental: f64) -> Vec<String> {
    let mut out = vec![format!("{} = {}", ask.sym, figs.text(&ask.formula, None))];
    let mut syms = Vec::new();
    figs.symbols(&ask.formula, &mut syms);
    let defs: Vec<String> = syms
        .iter()
        .map(|s| {
            let f = figs.get(s);
            let from = if f.formula.is_some() {
                ", from above"
            } else {
                ""
            };
            format!("{s} = {}{from} ({})", f.meaning, f.unit.show(f.value))
        })
        .collect();
    if !defs.is_empty() {
        out.push(format!("  where {}", defs.join("; ")));
    }
    out.push(format!(
        "  mental: {} ≈ {}",
        figs.text(&ask.formula, Some(Mode::Mental)),
        ask.unit.show(super::expr::round1(mental))
    ));
    out.push(format!(
        "  exact:  {} = {}",
        figs.text(&ask.formula, Some(Mode::Exact)),
        shown(ask.kind, ask.unit, value)
    ));
    out
}

/// A sample answer in the question's form, 20× to 300× away from the reference (or, for a
/// whole number, at least 3 away), so copying it never scores.
pub fn example(kind: AnswerKind, reference: f64, seed: u64) -> String {
    let steps = [20.0, 30.0, 50.0, 80.0, 120.0, 200.0, 300.0];
    let k = steps[(seed % steps.len() as u64) as usize];
    let up = (seed / 7).is_multiple_of(2) || reference < 100.0;
    let mut v = if up { reference * k } else { reference / k };
    if !(v.is_finite() && v > 0.0) {
        v = 1234.0;
    }
    let v = super::expr::round1(v);
    match kind {
        AnswerKind::Rate => format!("{}/s", fmt_si(v)),
        AnswerKind::Bytes => fmt_bytes(v),
        AnswerKind::ByteRate => format!("{}/s", fmt_bytes(v)),
        AnswerKind::Whole => format!("{}", reference.round() as u64 + 3 + seed % 5),
        _ => fmt_si(v.max(1.0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_are_far_from_the_reference() {
        for seed in 0..50 {
            for r in [3.0, 2314.8, 7.2e9, 0.4, 1e15] {
                let e = example(AnswerKind::Count, r, seed);
                let v = crate::units::parse_count(&e).unwrap();
                let off = (v / r).max(r / v);
                assert!(off >= 10.0 || (r < 1.0 && v >= 1.0), "{r} {e} {off}");
            }
        }
    }
}
