//! Monthly cost: per component and in total, against the budget.

use super::sizing::{Cost, Sizing};
use serde::Serialize;

/// The monthly cost of one month after launch.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct MonthCost {
    /// Months after launch (1 = the first month).
    pub month: u32,
    #[serde(rename = "low_usd")]
    pub low: f64,
    #[serde(rename = "high_usd")]
    pub high: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CostResult {
    /// The monthly cost at the horizon: that month's load on the design it needs, with the
    /// data held by then. (A Monte Carlo sample's is that of the planned design.)
    #[serde(rename = "monthly_low_usd")]
    pub monthly_low: f64,
    #[serde(rename = "monthly_high_usd")]
    pub monthly_high: f64,
    /// The planned design as the report shows it: its components (sized for today's load and
    /// the data held at the horizon) and internet egress.
    pub planned: Cost,
    /// The first month after launch: today's load, one month of data (plus any held at launch).
    pub first_month: Option<MonthCost>,
    /// The horizon month: the load grown to then, and the data held by then.
    pub at_horizon: Option<MonthCost>,
    /// The monthly cost each quarter from the first month to the horizon (the design each
    /// month needs), for the cost-over-time chart.
    pub over_time: Vec<MonthCost>,
    /// How compute is bought (`choices.pricing`) and whether workers run on spot.
    pub pricing: crate::catalog::Pricing,
    pub spot_workers: bool,
    /// The horizon month's cost with everything on demand, when bought otherwise.
    pub on_demand: Option<Cost>,
    /// Internet egress not served by a CDN.
    pub bandwidth: Cost,
    #[serde(rename = "budget_usd")]
    pub budget: Option<f64>,
    /// `Some(true)` when even the high end is within budget, `Some(false)` when the low end is
    /// over it; `None` without a budget. Between the two, see `budget_verdict`.
    pub within_budget: Option<bool>,
    pub budget_verdict: Option<String>,
}

/// Sum the components and bandwidth.
///
/// # Formula
/// total = Σ components (count × monthly cost per instance, low and high) + egress GB/month ×
/// $/GB; within budget when total_high ≤ budget, over when total_low > budget, else "at risk".
pub fn total(sz: &Sizing, spec: &crate::spec::Spec) -> CostResult {
    let budget = spec.budget_monthly;
    let sum = sz
        .components
        .iter()
        .fold(Cost::default(), |acc, c| acc + c.monthly_cost.total())
        + sz.bandwidth_cost;
    let (within, verdict) = verdict(sum, budget);
    CostResult {
        monthly_low: sum.low,
        monthly_high: sum.high,
        planned: sum,
        first_month: None,
        at_horizon: None,
        over_time: Vec::new(),
        pricing: spec.choices.pricing,
        spot_workers: spec.choices.workers == crate::spec::WorkerCapacity::Spot,
        on_demand: None,
        bandwidth: sz.bandwidth_cost,
        budget,
        within_budget: within,
        budget_verdict: verdict,
    }
}

/// The cost with a new planned total (several regions), the budget verdict redone.
pub fn repriced(c: &CostResult, planned: Cost) -> CostResult {
    let (within_budget, budget_verdict) = verdict(planned, c.budget);
    CostResult {
        monthly_low: planned.low,
        monthly_high: planned.high,
        planned,
        within_budget,
        budget_verdict,
        ..c.clone()
    }
}

impl CostResult {
    /// Date the cost: the first month's and the horizon's, the latter becoming the monthly
    /// cost the budget is held to (the most the design will cost within the plan).
    pub fn date(&mut self, first: MonthCost, horizon: MonthCost) {
        self.first_month = Some(first);
        self.at_horizon = Some(horizon);
        self.monthly_low = horizon.low;
        self.monthly_high = horizon.high;
        let (w, v) = verdict(
            Cost {
                low: horizon.low,
                high: horizon.high,
            },
            self.budget,
        );
        self.within_budget = w;
        self.budget_verdict = v;
    }
}

fn verdict(sum: Cost, budget: Option<f64>) -> (Option<bool>, Option<String>) {
    match budget {
        None => (None, None),
        Some(b) if sum.high <= b => (Some(true), Some("within budget".to_string())),
        Some(b) if sum.low > b => (Some(false), Some("over budget".to_string())),
        Some(_) => (
            Some(false),
            Some("at risk: the budget falls inside the cost range".to_string()),
        ),
    }
}
