//! Is a run long enough? Two limits: the tail a quantile needs, and — in heavy traffic — the
//! queue's relaxation time, which sets how many requests make one effectively independent
//! observation.

use super::{RunConfig, StationConfig};
use serde::Serialize;

/// Requests beyond a quantile each replication needs for its estimate of that quantile to be
/// roughly normal (so the sectioning interval holds).
pub const TAIL_REQUESTS: f64 = 100.0;

/// Relaxation times each replication should span for the mean and p99 intervals to hold. Set
/// from the coverage validation (`examples/coverage.rs`): at 50 and more, every case covered
/// the true mean and p99 in at least 90% of 100 seeds.
pub const RELAXATION_TIMES: f64 = 50.0;

/// Relaxation times the warm-up budget should span (the transient from an empty system).
pub const WARMUP_RELAXATION_TIMES: f64 = 5.0;

/// Quantiles reported, with their display names.
pub const QUANTILES: [(f64, &str); 4] =
    [(0.5, "p50"), (0.95, "p95"), (0.99, "p99"), (0.999, "p99.9")];

/// One figure the run is too short for.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Shortfall {
    /// `mean and p99`, `p99.9`, `warm-up`, …
    pub what: String,
    /// Requests per replication needed, and run.
    pub needed: u64,
    pub have: u64,
    pub why: String,
}

/// The run-length check of one station and run.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct RunLength {
    /// Arrivals during one relaxation time (`λ·τ_R`); `None` without a steady state.
    pub relaxation_requests: Option<f64>,
    pub shortfalls: Vec<Shortfall>,
}

/// Relaxation time of a stable G/G/c queue, in seconds.
///
/// # Formula
/// `τ_R = ((c_a² + c_s²)/2) / (cμ(1 − √ρ)²)`, `μ = 1/E[S]`. For M/M/1 this is Morse's exact
/// relaxation time `1/(μ(1 − √ρ)²)` (Morse, "Stochastic properties of waiting lines", Oper.
/// Res. 3, 1955); the factor `(c_a² + c_s²)/2` and the total service rate `cμ` are the
/// heavy-traffic scaling of the G/G/c queue by a reflected Brownian motion whose variance grows
/// with both variabilities (Whitt, "Planning queueing simulations", Management Science 35(11),
/// 1989, §3). It is what makes ρ = 0.99 need ~100× the requests of ρ = 0.9.
pub fn relaxation_time(
    rho: f64,
    servers: u32,
    mean_service: f64,
    ca2: f64,
    cs2: f64,
) -> Option<f64> {
    if !(rho > 0.0 && rho < 1.0) || mean_service <= 0.0 {
        return None;
    }
    let mu = 1.0 / mean_service;
    let gap = 1.0 - rho.sqrt();
    Some(((ca2 + cs2) / 2.0).max(0.05) / (servers as f64 * mu * gap * gap))
}

/// Check a run against both limits.
pub fn check(cfg: &StationConfig, run: &RunConfig) -> RunLength {
    let mut shortfalls = Vec::new();
    let have = run.requests;
    let tail: Vec<&(f64, &str)> = QUANTILES
        .iter()
        .filter(|(p, _)| (have as f64) * (1.0 - p) < TAIL_REQUESTS)
        .collect();
    if let Some((p, _)) = tail.first() {
        let names: Vec<&str> = tail.iter().map(|(_, n)| *n).collect();
        let needed = (TAIL_REQUESTS / (1.0 - tail.last().map_or(*p, |x| x.0))).ceil() as u64;
        shortfalls.push(Shortfall {
            what: names.join(", "),
            needed,
            have,
            why: format!(
                "fewer than {} requests per replication lie beyond {}",
                TAIL_REQUESTS as u64,
                names.last().copied().unwrap_or("it")
            ),
        });
    }
    let rho = cfg.utilization();
    let relaxation = cfg.arrivals.ca2().and_then(|ca2| {
        relaxation_time(rho, cfg.servers, cfg.service.mean(), ca2, cfg.service.scv())
    });
    let relaxation_requests = relaxation.map(|t| t * cfg.arrivals.mean_rate());
    if let Some(r) = relaxation_requests.filter(|_| cfg.limits.is_none()) {
        let needed = (RELAXATION_TIMES * r).ceil() as u64;
        if have < needed {
            shortfalls.push(Shortfall {
                what: "mean and p99".into(),
                needed,
                have,
                why: format!(
                    "at ρ = {} the queue takes about {} requests to forget its state; each \
                     replication should span {} such times",
                    crate::units::trim_num(rho, 4),
                    crate::units::fmt_si(r.ceil()),
                    RELAXATION_TIMES as u64
                ),
            });
        }
        let warm = (WARMUP_RELAXATION_TIMES * r).ceil() as u64;
        if run.warmup < warm {
            shortfalls.push(Shortfall {
                what: "warm-up".into(),
                needed: warm,
                have: run.warmup,
                why: format!(
                    "the warm-up should span {} relaxation times to leave the empty start behind",
                    WARMUP_RELAXATION_TIMES as u64
                ),
            });
        }
    }
    RunLength {
        relaxation_requests,
        shortfalls,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::queueing::{ArrivalSpec, Limits, ServiceDist};

    fn mm1(rho: f64) -> StationConfig {
        StationConfig::new(
            1,
            ArrivalSpec::poisson(rho * 1000.0).unwrap(),
            ServiceDist::exponential(0.001).unwrap(),
            Limits::default(),
        )
        .unwrap()
    }

    #[test]
    fn morse_relaxation_time_for_mm1() {
        // ρ = 0.81: √ρ = 0.9, τ_R = 1/(μ·0.01) = 100 service times = 0.1 s at μ = 1000.
        let t = relaxation_time(0.81, 1, 0.001, 1.0, 1.0).unwrap();
        assert!((t - 0.1).abs() < 1e-12, "{t}");
        assert!(relaxation_time(1.0, 1, 0.001, 1.0, 1.0).is_none());
    }

    #[test]
    fn short_runs_are_named_with_the_requests_needed() {
        // p99.9 from 100 requests: needs 100 / 0.001 = 100,000.
        let r = check(&mm1(0.5), &RunConfig::new(100, 8, 1).unwrap());
        let q = r
            .shortfalls
            .iter()
            .find(|s| s.what.contains("p99.9"))
            .unwrap();
        assert_eq!(q.needed, 100_000);
        // ρ = 0.999, 10M requests: λτ_R = 999 / (1 − √0.999)² ≈ 4.0M, × 50 ≈ 200M.
        let r = check(&mm1(0.999), &RunConfig::new(10_000_000, 8, 1).unwrap());
        let m = r
            .shortfalls
            .iter()
            .find(|s| s.what == "mean and p99")
            .unwrap();
        assert!(
            m.needed > 150_000_000 && m.needed < 250_000_000,
            "{}",
            m.needed
        );
        // ρ = 0.5 at 1M: nothing to say.
        assert!(check(&mm1(0.5), &RunConfig::new(1_000_000, 8, 1).unwrap())
            .shortfalls
            .is_empty());
    }
}
