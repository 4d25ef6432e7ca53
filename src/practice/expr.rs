//! The figures a brief states and the formulas built on them. One expression gives a
//! question's reference (exact), its mental-math path (every input rounded to one significant
//! figure, a day ≈ 10⁵ s), and the values a known slip would give (a tagged factor left out).

use super::slip::Slip;
use crate::units::{fmt_bytes, fmt_duration, fmt_percent, fmt_si, trim_num};
use std::collections::BTreeMap;

/// How a figure is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A plain count or multiplier: `40M`, `3`.
    Count,
    Bytes,
    /// Per second.
    Rate,
    /// Bytes per second.
    ByteRate,
    /// Bits per second (bitrates are quoted in bits).
    BitRate,
    /// A share: `20%`.
    Share,
    Seconds,
    /// Years.
    Years,
}

impl Unit {
    pub fn show(self, v: f64) -> String {
        match self {
            Unit::Count => fmt_si(v),
            Unit::Bytes => fmt_bytes(v),
            Unit::Rate => format!("{}/s", fmt_si(v)),
            Unit::ByteRate => format!("{}/s", fmt_bytes(v)),
            Unit::BitRate => bits(v),
            Unit::Share => fmt_percent(v),
            Unit::Seconds => fmt_duration(v),
            Unit::Years => format!("{} years", trim_num(v, 3)),
        }
    }
}

/// Bits per second: 4e6 → `4 Mb/s`.
pub fn bits(v: f64) -> String {
    let units = ["b/s", "Kb/s", "Mb/s", "Gb/s", "Tb/s", "Pb/s"];
    let mut x = v;
    let mut i = 0;
    while x.abs() >= 1000.0 && i < units.len() - 1 {
        x /= 1000.0;
        i += 1;
    }
    format!("{} {}", trim_num(x, 3), units[i])
}

/// One significant figure, the way numbers are rounded for mental math: 86,400 → 90,000,
/// 3.7 → 4. Values of 1.5 and below keep one decimal (a peak factor of 1.2 stays 1.2).
pub fn round1(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    if (0.1..=1.5).contains(&v.abs()) {
        return (v * 10.0).round() / 10.0;
    }
    let mag = 10f64.powf(v.abs().log10().floor());
    (v / mag).round() * mag
}

/// A stated figure (an input of the brief) or an earlier result.
#[derive(Debug, Clone)]
pub struct Fig {
    pub sym: &'static str,
    pub meaning: String,
    pub value: f64,
    pub unit: Unit,
    /// `Some` for a result of an earlier question: its formula.
    pub formula: Option<Expr>,
}

/// A formula over figures.
#[derive(Debug, Clone)]
pub enum Expr {
    Fig(&'static str),
    /// A constant with how it is written and its mental-math value (86,400 ≈ 10⁵).
    Const {
        value: f64,
        mental: f64,
        text: &'static str,
        mental_text: &'static str,
    },
    Mul(Vec<Expr>),
    Div(Box<Expr>, Box<Expr>),
    Add(Vec<Expr>),
    /// Round up to a whole number.
    Ceil(Box<Expr>),
    /// Logarithm in a base (code length of a base-62 code).
    Log(f64, &'static str, Box<Expr>),
    /// A factor a slip leaves out: evaluates to `neutral` when that slip is being tried.
    Tag(Slip, f64, Box<Expr>),
}

pub fn fig(sym: &'static str) -> Expr {
    Expr::Fig(sym)
}
pub fn mul(v: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::Mul(v.into_iter().collect())
}
pub fn div(a: Expr, b: Expr) -> Expr {
    Expr::Div(Box::new(a), Box::new(b))
}
pub fn add(v: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::Add(v.into_iter().collect())
}
pub fn ceil(e: Expr) -> Expr {
    Expr::Ceil(Box::new(e))
}
pub fn tag(s: Slip, neutral: f64, e: Expr) -> Expr {
    Expr::Tag(s, neutral, Box::new(e))
}
pub fn one() -> Expr {
    konst(1.0, 1.0, "1", "1")
}
pub fn konst(value: f64, mental: f64, text: &'static str, mental_text: &'static str) -> Expr {
    Expr::Const {
        value,
        mental,
        text,
        mental_text,
    }
}
/// Seconds in a day: 86,400, ≈ 10⁵ for mental math.
pub fn day() -> Expr {
    konst(86_400.0, 1e5, "86,400", "10⁵")
}
/// Days in a year: 365, ≈ 400 for mental math.
pub fn year_days() -> Expr {
    konst(365.0, 400.0, "365", "400")
}

/// How to evaluate: exact figures, or rounded ones for the mental path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Exact,
    Mental,
}

/// The figures of one drill, in the order they were stated or derived.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    list: Vec<Fig>,
    index: BTreeMap<&'static str, usize>,
}

impl Figures {
    /// State an input figure.
    pub fn state(&mut self, sym: &'static str, meaning: &str, value: f64, unit: Unit) {
        self.push(Fig {
            sym,
            meaning: meaning.into(),
            value,
            unit,
            formula: None,
        });
    }

    /// Record a result (an earlier question's answer) under a symbol.
    pub fn derive(&mut self, sym: &'static str, meaning: &str, unit: Unit, e: Expr) -> f64 {
        let value = self.eval(&e, Mode::Exact, None);
        self.push(Fig {
            sym,
            meaning: meaning.into(),
            value,
            unit,
            formula: Some(e),
        });
        value
    }

    fn push(&mut self, f: Fig) {
        if let Some(&i) = self.index.get(f.sym) {
            self.list[i] = f;
        } else {
            self.index.insert(f.sym, self.list.len());
            self.list.push(f);
        }
    }

    pub fn get(&self, sym: &str) -> &Fig {
        // Symbols are written in code next to the formulas that use them.
        &self.list[*self
            .index
            .get(sym)
            .unwrap_or_else(|| panic!("figure {sym} not stated"))]
    }

    pub fn value(&self, sym: &str) -> f64 {
        self.get(sym).value
    }

    pub fn has(&self, sym: &str) -> bool {
        self.index.contains_key(sym)
    }

    pub fn inputs(&self) -> impl Iterator<Item = &Fig> {
        self.list.iter().filter(|f| f.formula.is_none())
    }

    /// Evaluate `e`; with `without`, the factors that slip leaves out take their neutral value.
    pub fn eval(&self, e: &Expr, mode: Mode, without: Option<Slip>) -> f64 {
        match e {
            Expr::Fig(s) => {
                let f = self.get(s);
                match (&f.formula, mode) {
                    (Some(inner), Mode::Mental) => round1(self.eval(inner, mode, without)),
                    (Some(inner), Mode::Exact) if without.is_some() => {
                        self.eval(inner, mode, without)
                    }
                    (None, Mode::Mental) => round1(f.value),
                    _ => f.value,
                }
            }
            Expr::Const { value, mental, .. } => match mode {
                Mode::Exact => *value,
                Mode::Mental => *mental,
            },
            Expr::Mul(v) => v.iter().map(|x| self.eval(x, mode, without)).product(),
            Expr::Div(a, b) => self.eval(a, mode, without) / self.eval(b, mode, without),
            Expr::Add(v) => v.iter().map(|x| self.eval(x, mode, without)).sum(),
            Expr::Ceil(x) => {
                let v = self.eval(x, mode, without);
                // 3.0000000001 is 3: float noise must not add a server.
                (v - 1e-9).ceil().max(0.0)
            }
            Expr::Log(base, _, x) => self.eval(x, mode, without).ln() / base.ln(),
            Expr::Tag(s, neutral, x) => {
                if without == Some(*s) {
                    *neutral
                } else {
                    self.eval(x, mode, without)
                }
            }
        }
    }

    /// The slips a formula can make: each tagged factor left out.
    pub fn slips_in(&self, e: &Expr, out: &mut Vec<Slip>) {
        match e {
            Expr::Fig(s) => {
                if let Some(f) = &self.get(s).formula {
                    self.slips_in(f, out);
                }
            }
            Expr::Const { .. } => {}
            Expr::Mul(v) | Expr::Add(v) => v.iter().for_each(|x| self.slips_in(x, out)),
            Expr::Div(a, b) => {
                self.slips_in(a, out);
                self.slips_in(b, out);
            }
            Expr::Ceil(x) | Expr::Log(_, _, x) => self.slips_in(x, out),
            Expr::Tag(s, _, x) => {
                if !out.contains(s) {
                    out.push(*s);
                }
                self.slips_in(x, out);
            }
        }
    }

    /// The figures a formula names directly, in order of first use.
    pub fn symbols(&self, e: &Expr, out: &mut Vec<&'static str>) {
        match e {
            Expr::Fig(s) => {
                if !out.contains(s) {
                    out.push(s);
                }
            }
            Expr::Const { .. } => {}
            Expr::Mul(v) | Expr::Add(v) => v.iter().for_each(|x| self.symbols(x, out)),
            Expr::Div(a, b) => {
                self.symbols(a, out);
                self.symbols(b, out);
            }
            Expr::Ceil(x) | Expr::Log(_, _, x) | Expr::Tag(_, _, x) => self.symbols(x, out),
        }
    }

    /// The formula written out: in symbols (`None`), or with the figures' values in a mode.
    pub fn text(&self, e: &Expr, values: Option<Mode>) -> String {
        self.text_at(e, values, 0)
    }

    /// `level`: 0 top, 1 inside a product, 2 on the right of a division.
    fn text_at(&self, e: &Expr, values: Option<Mode>, level: u8) -> String {
        let paren = |s: String, need: bool| if need { format!("({s})") } else { s };
        match e {
            Expr::Fig(s) => match values {
                None => s.to_string(),
                Some(m) => {
                    let f = self.get(s);
                    let v = self.eval(e, m, None);
                    let shown = f.unit.show(v);
                    // A share in a product reads better as a fraction of one.
                    if f.unit == Unit::Share {
                        trim_num(v, 3)
                    } else {
                        shown
                    }
                }
            },
            Expr::Const {
                text, mental_text, ..
            } => match values {
                Some(Mode::Mental) => mental_text.to_string(),
                _ => text.to_string(),
            },
            Expr::Mul(v) => {
                let s = v
                    .iter()
                    .map(|x| self.text_at(x, values, 1))
                    .collect::<Vec<_>>()
                    .join(" × ");
                paren(s, level == 2 && v.len() > 1)
            }
            Expr::Div(a, b) => {
                let s = format!(
                    "{} ÷ {}",
                    self.text_at(a, values, 1),
                    self.text_at(b, values, 2)
                );
                paren(s, level == 2)
            }
            Expr::Add(v) => {
                let s = v
                    .iter()
                    .map(|x| self.text_at(x, values, 1))
                    .collect::<Vec<_>>()
                    .join(" + ");
                paren(s, level >= 1 && v.len() > 1)
            }
            Expr::Ceil(x) => format!("⌈{}⌉", self.text_at(x, values, 0)),
            Expr::Log(_, name, x) => format!("{name}({})", self.text_at(x, values, 0)),
            Expr::Tag(_, _, x) => self.text_at(x, values, level),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figs() -> Figures {
        let mut f = Figures::default();
        f.state("U", "daily active users", 40e6, Unit::Count);
        f.state("R", "requests per user a day", 5.0, Unit::Count);
        f.state("P", "peak factor", 3.0, Unit::Count);
        f
    }

    #[test]
    fn exact_mental_and_slips() {
        let mut f = figs();
        let avg = f.derive(
            "Q",
            "average QPS",
            Unit::Rate,
            div(mul([fig("U"), fig("R")]), day()),
        );
        // 40M × 5 ÷ 86,400 = 2,314.8 (hand-worked).
        assert!((avg - 2314.8148).abs() < 1e-3);
        let peak = mul([fig("Q"), tag(Slip::PeakFactor, 1.0, fig("P"))]);
        assert!((f.eval(&peak, Mode::Exact, None) - 6944.44).abs() < 0.01);
        // Mental: 40M × 5 ÷ 10⁵ = 2,000 → × 3 = 6,000.
        assert_eq!(f.eval(&peak, Mode::Mental, None), 6000.0);
        assert!((f.eval(&peak, Mode::Exact, Some(Slip::PeakFactor)) - avg).abs() < 1e-9);
        assert_eq!(f.text(&peak, None), "Q × P");
        assert_eq!(f.text(&peak, Some(Mode::Mental)), "2K/s × 3");
        assert_eq!(
            f.text(&div(mul([fig("U"), fig("R")]), day()), Some(Mode::Exact)),
            "40M × 5 ÷ 86,400"
        );
    }

    #[test]
    fn rounding_for_mental_math() {
        assert_eq!(round1(86_400.0), 90_000.0);
        assert_eq!(round1(3.7), 4.0);
        assert_eq!(round1(1.2), 1.2);
        assert_eq!(round1(0.15), 0.2);
        assert_eq!(round1(250.0), 300.0);
        assert_eq!(round1(0.03), 0.03);
    }
}
