//! Monthly cost: per component and in total, against the budget.

use super::sizing::{Cost, Sizing};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostResult {
    pub monthly_low: f64,
    pub monthly_high: f64,
    /// Internet egress not served by a CDN.
    pub bandwidth: Cost,
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
pub fn total(sz: &Sizing, budget: Option<f64>) -> CostResult {
    let sum = sz
        .components
        .iter()
        .fold(Cost::default(), |acc, c| acc + c.monthly_cost.total())
        + sz.bandwidth_cost;
    let (within, verdict) = match budget {
        None => (None, None),
        Some(b) if sum.high <= b => (Some(true), Some("within budget".to_string())),
        Some(b) if sum.low > b => (Some(false), Some("over budget".to_string())),
        Some(_) => (
            Some(false),
            Some("at risk: the budget falls inside the cost range".to_string()),
        ),
    };
    CostResult {
        monthly_low: sum.low,
        monthly_high: sum.high,
        bandwidth: sz.bandwidth_cost,
        budget,
        within_budget: within,
        budget_verdict: verdict,
    }
}
