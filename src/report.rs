//! The estimate as a user reads it: the sized design, its latency and its uncertainty.
//! Renderers, checks and diffs read this; the design itself carries neither latency nor
//! uncertainty.

use crate::paths::LatencyReport;
use crate::plan::Plan;
use crate::uncertainty::UncertaintyResult;
use serde::Serialize;

/// Design + latency + uncertainty. Serialises as one flat document (the design's fields
/// beside `latency` and `uncertainty`).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Report {
    #[serde(flatten)]
    pub design: Plan,
    /// Latency of the request paths at peak (analytic; simulated by `estimate`).
    pub latency: Option<LatencyReport>,
    /// Monte Carlo over uncertain inputs, when any.
    pub uncertainty: Option<UncertaintyResult>,
}

impl std::ops::Deref for Report {
    type Target = Plan;
    fn deref(&self) -> &Plan {
        &self.design
    }
}

impl std::ops::DerefMut for Report {
    fn deref_mut(&mut self) -> &mut Plan {
        &mut self.design
    }
}
