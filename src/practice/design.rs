//! The design round, graded against the plan: which component is the first that more of the
//! same nodes cannot fix as traffic grows, what changes at 10× today's traffic, and the
//! scaling phase (today, and at 10× on the hard level), with the database's read replicas and
//! shards.
//!
//! # Formula
//! A component's shape is what adding identical nodes cannot change: whether it is there at
//! all, and for a relational database its tier while it is one primary, whether it is sharded,
//! whether it has read replicas. Stateless tiers and caches grow by count and keep their
//! shape. The first to break is the component whose shape changes at the smallest load
//! multiple m on a geometric grid from 1.1× to 100× (ratio 1.1), the plan rebuilt at each m
//! from the spec with its traffic × m (`plan::scaled`). What breaks at 10× is every component
//! whose shape differs at m = 10.

use super::family::Level;
use super::question::{AnswerKind, Question, Reference, Section};
use crate::catalog::{Catalog, Category};
use crate::model::sizing::{Component, Role};
use crate::plan::{self, Plan};
use crate::spec::Spec;
use crate::units::trim_num;
use std::collections::BTreeMap;

/// What adding identical nodes cannot change.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shape {
    tier: Option<String>,
    sharded: bool,
}

/// Components that carry load and whose shape can change (edge, gateway and failover
/// standbys follow the others).
fn counted(c: &Component) -> bool {
    let idle = c.utilization.is_some_and(|u| u < 1e-3);
    !idle
        && !matches!(
            c.role,
            Role::Cdn
                | Role::Waf
                | Role::LoadBalancer
                | Role::ApiGateway
                | Role::DbStandby
                | Role::ObjectStorage
                | Role::ServiceMesh
        )
}

/// A relational primary: grows by a bigger tier, then read replicas, then shards.
fn relational_primary(c: &Component, cat: &Catalog) -> bool {
    c.role == Role::Database
        && cat
            .technology(&c.technology)
            .is_some_and(|t| t.category == Category::Relational)
}

fn shapes(p: &Plan, cat: &Catalog) -> BTreeMap<Role, Shape> {
    p.components
        .iter()
        .filter(|c| counted(c))
        .map(|c| {
            let vertical = relational_primary(c, cat);
            let shards = c.layout.map(|l| l.shards).unwrap_or(1);
            (
                c.role,
                Shape {
                    tier: (vertical && shards <= 1)
                        .then(|| c.tier.map(String::from))
                        .flatten(),
                    sharded: vertical && shards > 1,
                },
            )
        })
        .collect()
}

/// What changed between two shapes, in words.
fn change(role: Role, before: Option<&Shape>, after: Option<&Shape>, at: &Plan) -> String {
    let count = at
        .components
        .iter()
        .find(|c| c.role == role)
        .map(describe)
        .unwrap_or_default();
    match (before, after) {
        (None, Some(_)) => format!("{} is added: {count}", role.as_str()),
        (Some(_), None) => format!("{} is no longer needed", role.as_str()),
        (Some(b), Some(a)) if !b.sharded && a.sharded => {
            format!("{} must be sharded: {count}", role.as_str())
        }
        (Some(b), Some(a)) if b.tier != a.tier => format!(
            "{} outgrows {}: {count}",
            role.as_str(),
            b.tier.as_deref().unwrap_or("its tier")
        ),
        _ => format!("{} changes: {count}", role.as_str()),
    }
}

fn describe(c: &Component) -> String {
    match (&c.tier, c.layout) {
        (Some(t), Some(l)) if l.shards > 1 => format!("{} × {t} ({} shards)", c.count, l.shards),
        (Some(t), _) => format!("{} × {t}", c.count),
        (None, _) => c.technology.to_string(),
    }
}

/// Roles whose shape differs from today's at load multiple `m`, with what changed.
fn changed_at(
    spec: &Spec,
    cat: &Catalog,
    today: &BTreeMap<Role, Shape>,
    m: f64,
) -> Vec<(Role, String)> {
    let p = plan::build_core(&plan::scaled(spec, m), cat, false);
    let then = shapes(&p, cat);
    let mut roles: Vec<Role> = today.keys().chain(then.keys()).copied().collect();
    roles.sort();
    roles.dedup();
    roles
        .into_iter()
        .filter(|r| today.get(r) != then.get(r))
        .map(|r| (r, change(r, today.get(&r), then.get(&r), &p)))
        .collect()
}

/// Today's design in one line per component, as the round's prompt shows it.
pub fn overview(p: &Plan) -> Vec<String> {
    p.components
        .iter()
        .filter(|c| !c.utilization.is_some_and(|u| u < 1e-3))
        .map(|c| format!("{}: {}", c.role.as_str(), describe(c)))
        .collect()
}

fn components_ref(found: &[(Role, String)], none: &str) -> Reference {
    let mut accept: Vec<Role> = found.iter().map(|(r, _)| *r).collect();
    accept.dedup();
    let shown = if accept.is_empty() {
        none.to_string()
    } else {
        accept
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(" or ")
    };
    Reference::Components {
        none_ok: accept.is_empty(),
        accept,
        shown,
    }
}

fn phase_names(cat: &Catalog) -> String {
    cat.phases
        .iter()
        .map(|p| format!("{} {}", p.number, p.name.to_lowercase()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn question(
    id: &'static str,
    title: &str,
    prompt: String,
    kind: AnswerKind,
    reference: Reference,
    hint: &str,
    worked: Vec<String>,
) -> Question {
    Question {
        id,
        section: Section::Design,
        title: title.into(),
        prompt,
        example: match kind {
            AnswerKind::Phase => "phase N".into(),
            AnswerKind::DbScaling => "replicas / shards / both / none".into(),
            _ => "a component: app, cache, database, stream, …".into(),
        },
        kind,
        per: None,
        reference,
        hint: vec![hint.into()],
        worked,
        slips: vec![],
    }
}

/// The design round's questions for a spec and its plan.
pub fn round(spec: &Spec, cat: &Catalog, p: &Plan, level: Level) -> Vec<Question> {
    let today = shapes(p, cat);
    let mut qs = Vec::new();
    if level >= Level::Medium {
        let mut m = 1.1f64;
        let mut first: Option<(f64, Vec<(Role, String)>)> = None;
        while m <= 100.0 + 1e-9 {
            let c = changed_at(spec, cat, &today, m);
            if !c.is_empty() {
                first = Some((m, c));
                break;
            }
            m *= 1.1;
        }
        let (worked, found) = match &first {
            Some((m, c)) => (
                c.iter()
                    .map(|(_, w)| format!("at {}× today's traffic, {w}", trim_num(*m, 2)))
                    .collect(),
                c.clone(),
            ),
            None => (
                vec!["up to 100× today's traffic every component grows by adding nodes".into()],
                vec![],
            ),
        };
        let mut prompt = String::from("Today's design:\n");
        for l in overview(p) {
            prompt.push_str(&format!("    {l}\n"));
        }
        prompt.push_str(
            "As traffic grows, which component is the first that more of the same nodes \
             cannot fix?",
        );
        qs.push(question(
            "first_to_break",
            "First to break",
            prompt,
            AnswerKind::Component,
            components_ref(&found, "nothing up to 100×"),
            "stateless servers and caches grow by adding nodes; a single database primary \
             must move to a bigger tier, add read replicas or shard; a missing component \
             (stream, replicas) must be added",
            worked,
        ));
        let at10 = changed_at(spec, cat, &today, 10.0);
        let worked10 = if at10.is_empty() {
            vec!["at 10× every component only adds nodes".into()]
        } else {
            at10.iter().map(|(_, w)| format!("at 10×, {w}")).collect()
        };
        qs.push(question(
            "breaks_at_10x",
            "What breaks at 10×",
            "At 10× today's traffic, which component needs a change of design (name one, or \
             `nothing`)?"
                .into(),
            AnswerKind::Component,
            components_ref(&at10, "nothing: every component only adds nodes"),
            "rebuild the load at 10× and check each component against its largest node and \
             its single-primary limits",
            worked10,
        ));
    }
    qs.push(question(
        "phase",
        "Scaling phase",
        format!(
            "Which scaling phase is the design in today? ({})",
            phase_names(cat)
        ),
        AnswerKind::Phase,
        Reference::Phase {
            number: p.phase.number,
            shown: format!("Phase {} — {}", p.phase.number, p.phase.name),
        },
        "Phase 3 with shards or a stream; Phase 2 with several app servers, read replicas or a \
         cache; else Phase 1",
        p.phase
            .reasons
            .iter()
            .map(|r| format!("because {r}"))
            .collect(),
    ));
    if level >= Level::Hard {
        let p10 = plan::build_core(&plan::scaled(spec, 10.0), cat, true);
        qs.push(question(
            "phase_at_10x",
            "Phase at 10×",
            "And at 10× today's traffic?".into(),
            AnswerKind::Phase,
            Reference::Phase {
                number: p10.phase.number,
                shown: format!("Phase {} — {}", p10.phase.number, p10.phase.name),
            },
            "the phase follows the load: see what the database and the messages need at 10×",
            p10.phase
                .reasons
                .iter()
                .map(|r| format!("because {r}"))
                .collect(),
        ));
        if let Some(db) = p
            .components
            .iter()
            .find(|c| relational_primary(c, cat) && counted(c))
        {
            let shards = db.layout.map(|l| l.shards).unwrap_or(1) > 1;
            let replicas = p
                .components
                .iter()
                .any(|c| c.role == Role::ReadReplica && c.count > 0);
            let shown = match (replicas, shards) {
                (false, false) => "neither: one primary carries the load",
                (true, false) => "read replicas",
                (false, true) => "shards",
                (true, true) => "both",
            };
            qs.push(question(
                "db_scaling",
                "Replicas or shards",
                "Does the database need read replicas, shards, both, or neither today? (a \
                 failover standby doesn't count)"
                    .into(),
                AnswerKind::DbScaling,
                Reference::Scaling {
                    replicas,
                    shards,
                    shown: shown.into(),
                },
                "read replicas when reads outgrow one node of the largest tier; shards when \
                 writes outgrow it or the data outgrows one node",
                vec![format!("database: {}", db.reason)],
            ));
        }
    }
    qs
}
