//! Grading one answer, with feedback on it at once.
//!
//! # Formula
//! Numeric answers: factor = answer ÷ reference, off = max(factor, 1 ÷ factor); off ≤ 2 is
//! right (1 point), off ≤ 4 close (½), past 4× a miss (0). A range is graded at its geometric
//! midpoint. An answer that matches a known slip (see [`super::slip`]) is named at once; inside
//! 2× it earns ½, not 1 (the right size by a wrong route). Whole numbers (a code length) and
//! choices (a component, the phase, replicas or shards) are right (1) or wrong (0). A retry,
//! allowed once after a miss or a wrong choice, earns half of what it would have.

use super::answer::{Answer, Parsed};
use super::question::{AnswerKind, Question, Reference};
use super::slip::{self, Slip};
use crate::model::sizing::Role;
use serde::{Deserialize, Serialize};

/// Tolerances, in one place.
pub const RIGHT_WITHIN: f64 = 2.0;
pub const CLOSE_WITHIN: f64 = 4.0;
pub const SLIP_POINTS: f64 = 0.5;
pub const RETRY_SHARE: f64 = 0.5;

/// How an answer was graded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Within 2×, or the right choice.
    Right,
    /// Within 4×: half credit.
    Close,
    /// More than 4× off.
    Miss,
    /// The wrong choice.
    Wrong,
    /// Skipped: the answer was revealed.
    Skipped,
    /// Could not be read (an answers file only); scores nothing.
    Unreadable,
}

impl Verdict {
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Right => "right",
            Verdict::Close => "close",
            Verdict::Miss => "miss",
            Verdict::Wrong => "wrong",
            Verdict::Skipped => "skipped",
            Verdict::Unreadable => "unreadable",
        }
    }
    /// Deserves the one retry.
    pub fn retry(self) -> bool {
        matches!(self, Verdict::Miss | Verdict::Wrong)
    }
}

/// One graded answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Graded {
    pub id: &'static str,
    /// What was typed.
    pub answer: String,
    /// How it was understood (`6K/s`), or why it could not be read.
    pub understood: String,
    pub verdict: Verdict,
    pub points: f64,
    /// answer ÷ reference for numeric answers.
    pub factor: Option<f64>,
    /// The known slip the answer shows.
    pub slip: Option<Slip>,
    /// Graded as the retry after a miss.
    pub retry: bool,
    /// Seconds taken, when timed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds: Option<f64>,
}

fn off(f: f64) -> f64 {
    f.max(1.0 / f)
}

fn by_factor(f: f64) -> Verdict {
    if !(f.is_finite() && f > 0.0) {
        return Verdict::Miss;
    }
    let o = off(f);
    if o <= RIGHT_WITHIN + 1e-9 {
        Verdict::Right
    } else if o <= CLOSE_WITHIN + 1e-9 {
        Verdict::Close
    } else {
        Verdict::Miss
    }
}

/// A role as graded: replicas and standbys belong to the database.
fn family(r: Role) -> Role {
    match r {
        Role::ReadReplica | Role::DbStandby => Role::Database,
        r => r,
    }
}

fn show_number(q: &Question, v: f64) -> String {
    match q.kind {
        AnswerKind::Rate => format!("{}/s", crate::units::fmt_si(v)),
        AnswerKind::Bytes => crate::units::fmt_bytes(v),
        AnswerKind::ByteRate => format!("{}/s", crate::units::fmt_bytes(v)),
        _ => crate::units::trim_num(v, 3),
    }
}

/// Grade an understood answer against the question's reference.
pub fn grade(q: &Question, raw: &str, p: &Parsed, retry: bool) -> Graded {
    let mut g = Graded {
        id: q.id,
        answer: raw.trim().to_string(),
        understood: String::new(),
        verdict: Verdict::Wrong,
        points: 0.0,
        factor: None,
        slip: None,
        retry,
        seconds: None,
    };
    let point = match &p.answer {
        Answer::Number(v) => Some(*v),
        Answer::Range(l, h) => Some((l * h).sqrt()),
        _ => None,
    };
    match (&q.reference, &p.answer, point) {
        (_, Answer::Skip, _) => {
            g.understood = "skipped".into();
            g.verdict = Verdict::Skipped;
        }
        (Reference::Number { value, .. }, _, Some(v)) => {
            g.understood = match p.answer {
                Answer::Range(l, h) => format!("{}–{}", show_number(q, l), show_number(q, h)),
                _ => show_number(q, v),
            };
            if let Some(n) = &p.note {
                g.understood.push_str(&format!(" ({n})"));
            }
            let f = if *value == 0.0 {
                if v == 0.0 {
                    1.0
                } else {
                    f64::INFINITY
                }
            } else {
                v / value
            };
            g.factor = Some(f);
            g.verdict = by_factor(f);
            g.slip = slip::detect(v, *value, &q.slips, q.kind.is_bytes());
            g.points = match g.verdict {
                Verdict::Right if g.slip.is_some() => SLIP_POINTS,
                Verdict::Right => 1.0,
                Verdict::Close => 0.5,
                _ => 0.0,
            };
        }
        (Reference::Whole { value, .. }, _, Some(v)) => {
            g.understood = crate::units::trim_num(v, 6);
            let right = (v - *value as f64).abs() < 1e-9;
            g.verdict = if right {
                Verdict::Right
            } else {
                Verdict::Wrong
            };
            g.points = if right { 1.0 } else { 0.0 };
        }
        (
            Reference::Components {
                accept, none_ok, ..
            },
            Answer::Component(r),
            _,
        ) => {
            g.understood = r.map(|r| r.as_str()).unwrap_or("nothing").to_string();
            let right = match r {
                None => *none_ok,
                Some(r) => accept.iter().any(|a| family(*a) == family(*r)),
            };
            g.verdict = if right {
                Verdict::Right
            } else {
                Verdict::Wrong
            };
            g.points = if right { 1.0 } else { 0.0 };
        }
        (
            Reference::Scaling {
                replicas, shards, ..
            },
            Answer::Scaling {
                replicas: r,
                shards: s,
            },
            _,
        ) => {
            g.understood = match (r, s) {
                (false, false) => "neither",
                (true, false) => "read replicas",
                (false, true) => "shards",
                (true, true) => "both",
            }
            .into();
            let right = r == replicas && s == shards;
            g.verdict = if right {
                Verdict::Right
            } else {
                Verdict::Wrong
            };
            g.points = if right { 1.0 } else { 0.0 };
        }
        (Reference::Phase { number, .. }, Answer::Phase(n), _) => {
            g.understood = format!("phase {n}");
            let right = n == number;
            g.verdict = if right {
                Verdict::Right
            } else {
                Verdict::Wrong
            };
            g.points = if right { 1.0 } else { 0.0 };
        }
        _ => g.understood = "not an answer to this question".into(),
    }
    if retry {
        g.points *= RETRY_SHARE;
    }
    g
}

/// "within 5%", "1.4× high", "17× low".
pub fn factor_words(f: f64) -> String {
    if (f - 1.0).abs() < 1e-9 {
        "spot on".into()
    } else if off(f) < 1.05 {
        "within 5%".into()
    } else if f > 1.0 {
        format!("{}× high", crate::units::trim_num(f, 3))
    } else if f > 0.0 {
        format!("{}× low", crate::units::trim_num(1.0 / f, 3))
    } else {
        "zero".into()
    }
}

fn pts(p: f64) -> String {
    match p {
        0.0 => "+0".into(),
        p if (p - 0.25).abs() < 1e-9 => "+¼".into(),
        p if (p - 0.5).abs() < 1e-9 => "+½".into(),
        p => format!("+{}", crate::units::trim_num(p, 3)),
    }
}

/// The feedback line for an answer: verdict, the slip if one shows, the reference, points.
pub fn feedback(q: &Question, g: &Graded) -> String {
    let reference = q.reference.shown();
    let slip = g
        .slip
        .map(|s| format!(" Careful — {}.", s.advice()))
        .unwrap_or_default();
    let p = pts(g.points);
    let again = if g.retry { " (retry)" } else { "" };
    match g.verdict {
        Verdict::Right => match g.factor {
            Some(_) if g.slip.is_some() => format!(
                "Right size, wrong route{again}.{slip} You said {}; reference {reference}. {p}",
                g.understood
            ),
            Some(f) if off(f) < 1.05 => format!(
                "Right{again} — {}. You said {}; reference {reference}. {p}",
                factor_words(f),
                g.understood
            ),
            Some(f) => format!(
                "Right{again} — within 2× ({}). You said {}; reference {reference}. {p}",
                factor_words(f),
                g.understood
            ),
            None => format!("Right{again}. Reference {reference}. {p}"),
        },
        Verdict::Close => format!(
            "Close{again} — {}, half credit.{slip} You said {}; reference {reference}. {p}",
            factor_words(g.factor.unwrap_or(1.0)),
            g.understood
        ),
        Verdict::Miss => format!(
            "Miss{again} — {}.{slip} You said {}; reference {reference}. {p}",
            g.factor.map(factor_words).unwrap_or_default(),
            g.understood
        ),
        Verdict::Wrong => format!(
            "Wrong{again}. You said {}; reference {reference}. {p}",
            g.understood
        ),
        Verdict::Skipped => format!("Skipped. Reference {reference}. +0"),
        Verdict::Unreadable => format!(
            "Could not read \"{}\" ({}). Reference {reference}. +0",
            g.answer, g.understood
        ),
    }
}

/// The feedback before a retry: what was off, without the reference.
pub fn retry_prompt(g: &Graded) -> String {
    let slip = g
        .slip
        .map(|s| format!(" Careful — {}.", s.advice()))
        .unwrap_or_default();
    let what = match (g.verdict, g.factor) {
        (Verdict::Miss, Some(f)) => format!("Miss — {}.", factor_words(f)),
        _ => format!("Not {}.", g.understood),
    };
    format!("{what}{slip} One more try for half credit (or `skip`):")
}
