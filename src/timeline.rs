//! Cost over time: the design each month from launch to the horizon needs, what it costs,
//! and the runway — the month each component outgrows the planned design and the month the
//! next scaling phase is needed.
//!
//! Month m carries the load grown to its start, (1 + g)^((m−1)/12) × today's, and the data
//! held by its end (written since launch, plus any held at launch). Each month is planned afresh, so its
//! counts are what that month needs; the planned design — today's load, the data held at the
//! horizon — is what the estimate shows and what the runway measures against.

use crate::catalog::Catalog;
use crate::components::{BillItem, Cost, Role};
use crate::plan::{self, Plan};
use crate::spec::Spec;
use serde::Serialize;

/// How far apart the printed rows are (the runway is always found month by month).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Month,
    Quarter,
}

impl Step {
    fn months(self) -> u32 {
        match self {
            Step::Month => 1,
            Step::Quarter => 3,
        }
    }
}

/// Most months a timeline covers: a 100-year horizon, month by month.
pub const MAX_MONTHS: u32 = 1200;

/// One component in one month.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Sized {
    pub role: Role,
    pub tier: Option<String>,
    pub count: u32,
    pub monthly_cost: Cost,
}

/// One month of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Month {
    /// Months after launch (1 = the first month).
    pub month: u32,
    /// Load as a multiple of today's.
    pub load_multiple: f64,
    #[serde(rename = "peak_requests_per_s")]
    pub peak_qps: f64,
    /// Data held with replicas, bytes.
    pub data_bytes: f64,
    pub object_storage_bytes: f64,
    pub phase: u8,
    pub components: Vec<Sized>,
    pub monthly_cost: Cost,
}

/// When a component of the planned design stops being enough.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Runway {
    pub role: Role,
    /// The planned size, e.g. `17 × c7g.large`.
    pub planned: String,
    /// The first month whose load and data need more compute for this role than the planned
    /// design buys; `None` when it lasts to the horizon.
    pub outgrown_month: Option<u32>,
    /// What that month needs instead.
    pub needs: Option<String>,
}

/// The whole timeline.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Timeline {
    pub name: String,
    pub growth_yearly: f64,
    pub horizon_months: u32,
    pub step: Step,
    pub planned_phase: u8,
    /// Rows at the chosen step: month 1, then every step, and the horizon month.
    pub months: Vec<Month>,
    /// Per component of the planned design, soonest first.
    pub runway: Vec<Runway>,
    /// The first month that needs a higher scaling phase than the planned design's.
    pub next_phase_month: Option<u32>,
    pub next_phase: Option<u8>,
}

/// The compute the planned design or a month buys for each role (node-based roles only:
/// services billed by use scale themselves).
fn compute_of(p: &Plan, role: Role) -> f64 {
    p.components
        .iter()
        .filter(|c| c.role == role)
        .flat_map(|c| c.bill.iter())
        .filter(|l| l.item == BillItem::Compute)
        .map(|l| l.monthly_cost.mid())
        .sum()
}

fn size_words(p: &Plan, role: Role) -> String {
    p.components
        .iter()
        .filter(|c| c.role == role)
        .map(|c| match &c.tier {
            Some(t) => format!("{} × {t}", c.count),
            None => c.technology.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

fn month_row(m: u32, p: &Plan, multiple: f64) -> Month {
    Month {
        month: m,
        load_multiple: multiple,
        peak_qps: p.workload.peak_qps,
        data_bytes: p.storage.total_bytes,
        object_storage_bytes: p.storage.object_storage_bytes,
        phase: p.phase.number,
        components: p
            .components
            .iter()
            .map(|c| Sized {
                role: c.role,
                tier: c.tier.map(String::from),
                count: c.count,
                monthly_cost: c.monthly_cost.total(),
            })
            .collect(),
        monthly_cost: p.cost.planned,
    }
}

/// Build the timeline of a spec from launch to its horizon.
///
/// # Formula
/// month m: load × (1 + g)^((m−1)/12), data held at m/12 years; runway(role) = min { m : compute
/// cost(role, month m) > compute cost(role, planned design) }; next phase = min { m : phase(m)
/// > planned phase }.
pub fn build(spec: &Spec, cat: &Catalog, step: Step) -> Timeline {
    let planned = plan::build(spec, cat);
    let horizon = ((planned.storage.horizon_years * 12.0).round() as u32).clamp(1, MAX_MONTHS);
    let g = planned.storage.growth_yearly.max(0.0);
    let roles: Vec<Role> = {
        let mut r: Vec<Role> = planned.components.iter().map(|c| c.role).collect();
        r.dedup();
        r
    };
    let mut runway: Vec<Runway> = roles
        .iter()
        .filter(|r| compute_of(&planned, **r) > 0.0)
        .map(|r| Runway {
            role: *r,
            planned: size_words(&planned, *r),
            outgrown_month: None,
            needs: None,
        })
        .collect();
    let mut months = Vec::new();
    let mut next_phase = None;
    for m in 1..=horizon {
        let at = plan::at_month(spec, m);
        let p = plan::build_core(&at, cat, false);
        for r in runway.iter_mut().filter(|r| r.outgrown_month.is_none()) {
            let need = compute_of(&p, r.role);
            if need > compute_of(&planned, r.role) * (1.0 + 1e-9) {
                r.outgrown_month = Some(m);
                r.needs = Some(size_words(&p, r.role));
            }
        }
        if next_phase.is_none() && p.phase.number > planned.phase.number {
            next_phase = Some((m, p.phase.number));
        }
        if m == 1 || m % step.months() == 0 || m == horizon {
            months.push(month_row(m, &p, at.epoch.load_multiple));
        }
    }
    runway.sort_by_key(|r| (r.outgrown_month.unwrap_or(u32::MAX), r.role));
    Timeline {
        name: planned.name.clone(),
        growth_yearly: g,
        horizon_months: horizon,
        step,
        planned_phase: planned.phase.number,
        months,
        runway,
        next_phase_month: next_phase.map(|n| n.0),
        next_phase: next_phase.map(|n| n.1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(y: &str) -> Spec {
        crate::spec::parse("t.yaml", y, crate::spec::Syntax::Yaml)
            .unwrap()
            .spec
    }

    #[test]
    fn growth_outgrows_the_planned_app_tier_when_the_load_passes_its_headroom() {
        // 40% a year for 3 years: the load reaches 2.74× today's; a planned app tier sized
        // for today's load is outgrown well before the horizon, never in month 1.
        let s = spec(
            "name: t\ntraffic: { dau: 20M, requests_per_user: 20 }\ngrowth: { yearly: 40%, horizon: 3 years }\n",
        );
        let cat = Catalog::builtin().unwrap();
        let t = build(&s, &cat, Step::Quarter);
        assert_eq!(t.horizon_months, 36);
        assert_eq!(t.months.first().unwrap().month, 1);
        assert_eq!(t.months.last().unwrap().month, 36);
        // quarterly rows: 1, 3, 6, …, 36
        assert_eq!(t.months.len(), 13);
        let app = t.runway.iter().find(|r| r.role == Role::App).unwrap();
        let m = app.outgrown_month.expect("the app tier is outgrown");
        assert!(m > 1 && m <= 36, "{m}");
        // at the month it is outgrown the load has passed the planned design's headroom
        let planned = crate::plan::build(&s, &cat);
        let h = planned.headroom.unwrap();
        assert!(
            1.4f64.powf((m - 1) as f64 / 12.0) >= h * 0.98,
            "{m} vs headroom {h}"
        );
        // the load multiple follows (1 + g)^(m/12)
        let last = t.months.last().unwrap();
        assert!((last.load_multiple - 1.4f64.powf(35.0 / 12.0)).abs() < 1e-9);
        assert_eq!(t.months[0].load_multiple, 1.0);
        // the cost of the horizon month is more than the first month's
        assert!(last.monthly_cost.mid() > t.months[0].monthly_cost.mid());
    }

    #[test]
    fn without_growth_nothing_compute_bound_is_outgrown() {
        let s = spec(
            "name: t\ntraffic: { dau: 1M, requests_per_user: 10 }\ngrowth: { yearly: 0%, horizon: 2 years }\n",
        );
        let cat = Catalog::builtin().unwrap();
        let t = build(&s, &cat, Step::Month);
        assert_eq!(t.months.len(), 24);
        let app = t.runway.iter().find(|r| r.role == Role::App).unwrap();
        assert_eq!(app.outgrown_month, None);
        assert_eq!(t.next_phase_month, None);
    }
}
