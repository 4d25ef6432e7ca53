//! What a load test measured, whatever tool wrote it: one row per load level.

use serde::Serialize;

/// Most load levels one calibration reads (a load test has tens).
pub const MAX_POINTS: usize = 10_000;

/// One load level of a load test.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct LoadPoint {
    /// Requests in flight (closed-loop virtual users or connections), or, for an open-loop
    /// test, the concurrency Little's law gives: throughput × mean latency.
    pub concurrency: f64,
    /// Completed requests per second.
    pub throughput: f64,
    /// Mean latency, seconds.
    pub mean_s: Option<f64>,
    /// Standard deviation of the latency, seconds.
    pub sd_s: Option<f64>,
    pub p50_s: Option<f64>,
    pub p99_s: Option<f64>,
    /// CPU utilization of the instance under test, as a fraction of all its vCPUs.
    pub cpu: Option<f64>,
    /// Where the row came from: `file:line`.
    pub at: String,
}

impl LoadPoint {
    pub fn new(concurrency: f64, throughput: f64, at: String) -> LoadPoint {
        LoadPoint {
            concurrency,
            throughput,
            mean_s: None,
            sd_s: None,
            p50_s: None,
            p99_s: None,
            cpu: None,
            at,
        }
    }
}
