//! Interview practice. A drill states a scenario with every figure its answers depend on,
//! asks one estimate at a time and gives feedback on each answer at once — the verdict, any
//! known slip it shows, and the worked solution (mental math first, then the exact figure).
//! The nine design families draw fresh figures from a seed; their critical estimates follow
//! the System Design Guide's walkthroughs (Part 5), and a closing design round is graded
//! against the plan: what breaks first as traffic grows, what breaks at 10×, the phase.
//!
//! Everything here is pure except [`session`] (reads answers from a [`session::Lines`]
//! source, writes to any `Write`) and [`history`] (the history file).
//!
//! Grading: see [`grade`]; slips: see [`slip`].

pub mod answer;
mod design;
pub mod expr;
pub mod family;
pub mod grade;
pub mod history;
pub mod question;
pub mod render;
mod scenarios;
pub mod session;
pub mod sheet;
pub mod slip;

pub use family::{Family, Level, FAMILIES};
pub use question::{AnswerKind, Question, Reference, Section};
pub use scenarios::{builtin, reference_hardware, scenario_names, SCENARIOS};
pub use sheet::Sheet;

use crate::catalog::Catalog;
use crate::spec::{LoadedSpec, Spec, SpecError};

/// A drill: the brief and the questions.
#[derive(Debug, Clone, PartialEq)]
pub struct Drill {
    /// The scenario's name (`url-shortener`), when it is a built-in one.
    pub scenario: Option<String>,
    pub family: Option<Family>,
    pub level: Level,
    /// The seed the figures were drawn from (families only).
    pub seed: Option<u64>,
    pub name: String,
    pub brief: String,
    pub questions: Vec<Question>,
}

/// The brief: the problem, then every stated figure with its symbol.
fn brief(s: &family::Scenario) -> String {
    let mut out = format!("Interviewer: {}\n", s.intro);
    out.push_str("  What you know:\n");
    for f in s.figs.inputs() {
        out.push_str(&format!(
            "  - {}: {} ({})\n",
            f.meaning,
            f.unit.show(f.value),
            f.sym
        ));
    }
    out
}

/// Keep the questions the level asks: easy asks the first four estimates, the first critical
/// one and the phase.
fn for_level(qs: Vec<Question>, level: Level) -> Vec<Question> {
    if level != Level::Easy {
        return qs;
    }
    let mut estimates = 0;
    let mut critical = 0;
    qs.into_iter()
        .filter(|q| match q.section {
            Section::Estimate => {
                estimates += 1;
                estimates <= 4
            }
            Section::Critical => {
                critical += 1;
                critical <= 1
            }
            Section::Design => true,
        })
        .collect()
}

fn assemble(
    s: family::Scenario,
    spec: &Spec,
    cat: &Catalog,
    level: Level,
    seed: Option<u64>,
    scenario: Option<String>,
) -> Drill {
    let report = crate::pipeline::build(spec, cat);
    let mut qs = for_level(s.questions.clone(), level);
    qs.extend(design::round(spec, cat, &report.design, level));
    Drill {
        scenario,
        family: s.family,
        level,
        seed,
        name: report.design.name.clone(),
        brief: brief(&s),
        questions: qs,
    }
}

/// A fresh drill of a family: figures drawn from the seed, the design round from the plan of
/// the family's spec with those figures.
pub fn generate(f: Family, seed: u64, level: Level, cat: &Catalog) -> Result<Drill, SpecError> {
    let mut ls = builtin(f.name()).expect("every family has its spec")?;
    let mut draw = family::Draw::new(seed, level);
    let s = f.build(&mut draw);
    f.apply(&s.figs, &mut ls.spec);
    reference_hardware(&mut ls.spec);
    let mut d = assemble(s, &ls.spec, cat, level, Some(seed), Some(f.name().into()));
    d.name = format!("{} — {} level", f.source(), level.name());
    Ok(d)
}

/// A drill on any spec, its figures as the plan resolves them.
pub fn from_spec(ls: &LoadedSpec, cat: &Catalog, level: Level, scenario: Option<String>) -> Drill {
    let mut spec = ls.spec.clone();
    reference_hardware(&mut spec);
    let p = crate::plan::build(&spec, cat);
    let s = family::generic::scenario(&spec, &p, level);
    assemble(s, &spec, cat, level, None, scenario)
}

/// The family a seed picks when none is named: the same seed, the same family.
pub fn pick(seed: u64) -> Family {
    // splitmix64: a fixed mix so neighbouring seeds land on different families.
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    FAMILIES[(z % FAMILIES.len() as u64) as usize]
}

/// `--list`: the families, then the fixed drills.
pub fn list() -> String {
    let mut out =
        String::from("Design families (fresh figures from --seed; --level easy|medium|hard):\n");
    let width = scenario_names().iter().map(|n| n.len()).max().unwrap_or(0);
    for f in FAMILIES {
        out.push_str(&format!(
            "  {:<width$}  {} (System Design Guide, Part 5)\n",
            f.name(),
            f.source()
        ));
    }
    out.push_str("Fixed drills (the spec's own figures):\n");
    for n in scenario_names() {
        if Family::by_name(n).is_some() {
            continue;
        }
        let line = match builtin(n) {
            Some(Ok(ls)) => match &ls.file.description {
                Some(d) => format!("{} — {}", ls.spec.name, d),
                None => ls.spec.name.clone(),
            },
            _ => "(does not load)".into(),
        };
        out.push_str(&format!("  {n:<width$}  {line}\n"));
    }
    out
}

#[cfg(test)]
mod tests;
