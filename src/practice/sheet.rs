//! The graded sheet: every question with its result, the score over every question asked
//! (answered or not), what was missed, and the habits to practise.

use super::grade::{factor_words, Graded, Verdict};
use super::question::Question;
use super::slip::Slip;
use super::Drill;
use serde::Serialize;
use std::collections::BTreeMap;

/// One question and its result (`None`: not answered).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub number: usize,
    pub question: Question,
    pub result: Option<Graded>,
}

/// The graded sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sheet {
    pub scenario: Option<String>,
    pub level: &'static str,
    pub seed: Option<u64>,
    pub name: String,
    pub brief: String,
    pub items: Vec<Item>,
    pub score: f64,
    /// Every question asked counts, answered or not.
    pub out_of: f64,
    pub answered: usize,
    pub questions: usize,
    /// Every question answered (false after Ctrl-C, EOF or `quit`).
    pub complete: bool,
    pub missed: Vec<String>,
    pub habits: Vec<String>,
    /// The slips made, for the history.
    pub slips: Vec<Slip>,
    /// Seconds the whole drill took, when timed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds: Option<f64>,
}

impl Sheet {
    pub fn new(drill: &Drill, results: Vec<Option<Graded>>, seconds: Option<f64>) -> Sheet {
        let items: Vec<Item> = drill
            .questions
            .iter()
            .cloned()
            .zip(results.into_iter().chain(std::iter::repeat(None)))
            .enumerate()
            .map(|(i, (question, result))| Item {
                number: i + 1,
                question,
                result,
            })
            .collect();
        let answered = items
            .iter()
            .filter(|i| {
                i.result
                    .as_ref()
                    .is_some_and(|g| g.verdict != Verdict::Unreadable)
            })
            .count();
        let score = items
            .iter()
            .filter_map(|i| i.result.as_ref())
            .map(|g| g.points)
            .sum();
        let slips = items
            .iter()
            .filter_map(|i| i.result.as_ref()?.slip)
            .collect();
        Sheet {
            scenario: drill.scenario.clone(),
            level: drill.level.name(),
            seed: drill.seed,
            name: drill.name.clone(),
            brief: drill.brief.clone(),
            questions: items.len(),
            out_of: items.len() as f64,
            answered,
            complete: items.iter().all(|i| i.result.is_some()),
            score,
            missed: missed(&items),
            habits: habits(&items),
            slips,
            items,
            seconds,
        }
    }
}

fn missed(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .filter_map(|i| {
            let reference = i.question.reference.shown();
            let Some(g) = &i.result else {
                return Some(format!(
                    "Q{} {}: not answered, reference {reference}",
                    i.number, i.question.title
                ));
            };
            if g.verdict == Verdict::Right && g.slip.is_none() {
                return None;
            }
            let how = g
                .factor
                .map(|f| format!(" ({})", factor_words(f)))
                .unwrap_or_default();
            Some(if g.verdict == Verdict::Skipped {
                format!(
                    "Q{} {}: skipped, reference {reference}",
                    i.number, i.question.title
                )
            } else {
                format!(
                    "Q{} {}: you said {}, reference {reference}{how} — {}",
                    i.number,
                    i.question.title,
                    g.understood,
                    match g.slip {
                        Some(s) => s.name(),
                        None => g.verdict.word(),
                    }
                )
            })
        })
        .collect()
}

/// The habits to practise: every slip made (most frequent first), then, for misses with no
/// known slip, their common direction.
fn habits(items: &[Item]) -> Vec<String> {
    let mut by_slip: BTreeMap<Slip, Vec<String>> = BTreeMap::new();
    let mut unexplained: Vec<(usize, f64)> = Vec::new();
    let mut any_wrong = false;
    for i in items {
        let Some(g) = &i.result else { continue };
        if g.verdict == Verdict::Right && g.slip.is_none() {
            continue;
        }
        any_wrong = true;
        match (g.slip, g.factor) {
            (Some(s), _) => by_slip.entry(s).or_default().push(format!("Q{}", i.number)),
            (None, Some(f)) if f > 0.0 && f.is_finite() && g.verdict != Verdict::Right => {
                unexplained.push((i.number, f))
            }
            _ => {}
        }
    }
    let mut found: Vec<(usize, String)> = by_slip
        .iter()
        .map(|(s, qs)| {
            (
                qs.len(),
                format!("{} ({}): {}.", capital(s.name()), qs.join(", "), s.advice()),
            )
        })
        .collect();
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    let mut out: Vec<String> = found.into_iter().map(|(_, t)| t).collect();
    if unexplained.len() >= 2 {
        let low = unexplained.iter().filter(|(_, f)| *f < 1.0).count();
        let qs = unexplained
            .iter()
            .map(|(n, _)| format!("Q{n}"))
            .collect::<Vec<_>>()
            .join(", ");
        out.push(if low == unexplained.len() || low == 0 {
            format!(
                "You {} consistently ({qs}): write each step down with its unit, round to one \
                 digit, and check the order of magnitude before moving on.",
                if low > 0 {
                    "under-estimate"
                } else {
                    "over-estimate"
                }
            )
        } else {
            format!(
                "Several figures were off in both directions ({qs}): work from the formula \
                 shown after each answer, one unit at a time."
            )
        });
    }
    if out.is_empty() && !any_wrong && items.iter().any(|i| i.result.is_some()) {
        out.push(
            "Nothing to fix: every answer within 2× by the right route. Try another seed or \
             `--level hard`."
                .into(),
        );
    }
    out
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
