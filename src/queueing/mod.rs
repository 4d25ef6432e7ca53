//! Queueing: exact M/M/c (Erlang C), the Allen–Cunneen G/G/c approximation, and a fast
//! discrete-event simulator of FCFS G/G/c stations.
//!
//! Entry points:
//! - [`analyze`] — analytic figures for a [`StationConfig`] (exact or approximate, labelled);
//! - [`simulate_station`] — replications of the simulator, with confidence intervals;
//! - [`station::Station`] / [`station::pass_through`] — one station driven by given arrival
//!   times, the building block for feed-forward networks (departures of one station, sorted,
//!   are the arrivals of the next).
//!
//! Units: seconds and per-second rates throughout.

/// Defines a function the simulation loop calls on a rare path, under a calling convention
/// that keeps the caller's registers: on x86-64 the Windows x64 one (`extern "win64"`), which
/// preserves `xmm6`–`xmm15`, elsewhere the plain one.
///
/// Why: the System V convention lets a callee clobber every vector register, so one call
/// inside the loop, however rare, made the compiler keep the loop's floating-point state (the
/// clock, the sums, the free times) in memory for every request; measured with the bench of
/// `benches/simulate.rs`, that was some 10–25 instructions a request and a store-to-load chain
/// on the clock. The callee saves what it uses, and only when it runs. The same holds one level
/// down: a function defined here that itself makes a plain call must save all of
/// `xmm6`–`xmm15` whenever it runs, so the paths it calls are defined here too.
///
/// Such a function cannot unwind: a panic inside one (an internal invariant broken) aborts
/// the process. `"win64-unwind"` would let it propagate, but made every caller that holds
/// values to drop keep cleanup state around the call: 5–10 instructions a request more in
/// the simulation loop and in the exponential sampler.
macro_rules! keeps_registers {
    ($(#[$m:meta])* $v:vis fn $name:ident ( $($p:tt)* ) $(-> $r:ty)? $body:block) => {
        #[cfg(target_arch = "x86_64")]
        $(#[$m])*
        $v extern "win64" fn $name($($p)*) $(-> $r)? $body

        #[cfg(not(target_arch = "x86_64"))]
        $(#[$m])*
        $v fn $name($($p)*) $(-> $r)? $body
    };
}

pub mod approx;
pub mod arrivals;
pub mod dist;
pub mod erlang;
pub mod exp1;
pub mod histogram;
pub mod replicate;
pub mod runlength;
pub mod split;
pub mod station;
pub mod warmup;
pub mod wheel;

#[cfg(test)]
mod reference;
#[cfg(test)]
mod validation;

pub use approx::AllenCunneen;
pub use arrivals::{ArrivalSpec, Mmpp};
pub use dist::ServiceDist;
pub use erlang::{erlang_b, erlang_c, Mmc};
pub use histogram::{Histogram, Quantiles};
pub use replicate::{simulate_station, SimResult};
pub use station::{pass_through, sorted_departures, Limits, Offer, Station};

use serde::Serialize;

/// Largest number of servers accepted (the simulator keeps one `f64` per server).
pub const MAX_SERVERS: u32 = 1_000_000;

/// An input outside its domain.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum QueueError {
    #[error("{what}: expected {expected}, found {found}")]
    Invalid {
        what: String,
        expected: String,
        found: String,
    },
}

impl QueueError {
    pub fn invalid(what: &str, expected: &str, found: &str) -> Self {
        QueueError::Invalid {
            what: what.into(),
            expected: expected.into(),
            found: found.into(),
        }
    }

    /// `Ok` for a positive finite number, else an error naming `what`.
    pub fn check_positive(what: &str, v: f64) -> Result<(), QueueError> {
        if v > 0.0 && v.is_finite() {
            Ok(())
        } else {
            Err(Self::invalid(
                what,
                "a positive finite number",
                &v.to_string(),
            ))
        }
    }
}

/// A queue either has a steady state or is saturated (`ρ ≥ 1`): the latter is a result, with
/// the utilization, never a NaN or an infinity.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub enum Stability<T> {
    Stable(T),
    Saturated { utilization: f64 },
}

/// One FCFS station: servers, arrival process, service distribution, queue limits.
#[derive(Debug, Clone, PartialEq)]
pub struct StationConfig {
    pub servers: u32,
    pub arrivals: ArrivalSpec,
    pub service: ServiceDist,
    pub limits: Limits,
}

impl StationConfig {
    pub fn new(
        servers: u32,
        arrivals: ArrivalSpec,
        service: ServiceDist,
        limits: Limits,
    ) -> Result<Self, QueueError> {
        if servers == 0 || servers > MAX_SERVERS {
            return Err(QueueError::invalid(
                "servers",
                &format!("between 1 and {MAX_SERVERS}"),
                &servers.to_string(),
            ));
        }
        if let Some(t) = limits.timeout {
            if !t.is_finite() || t < 0.0 {
                return Err(QueueError::invalid(
                    "timeout",
                    "a non-negative finite duration",
                    &t.to_string(),
                ));
            }
        }
        Ok(StationConfig {
            servers,
            arrivals,
            service,
            limits,
        })
    }

    /// Offered load per server, `ρ = λ̄ E[S] / c` (long-run mean).
    pub fn utilization(&self) -> f64 {
        self.arrivals.mean_rate() * self.service.mean() / self.servers as f64
    }

    /// `λ̄ E[S] / c` at the peak arrival rate.
    pub fn peak_utilization(&self) -> f64 {
        self.arrivals.peak_rate() * self.service.mean() / self.servers as f64
    }
}

/// How much to simulate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct RunConfig {
    /// Measured requests per replication.
    pub requests: u64,
    /// Requests at the start of each replication that may be discarded as warm-up: all of
    /// them with a fixed warm-up, or as many as MSER chooses (in tenths) with `auto_warmup`.
    pub warmup: u64,
    /// Choose the warm-up from the data (MSER) within `warmup`, rather than discard it all.
    pub auto_warmup: bool,
    pub replications: u32,
    pub seed: u64,
}

impl RunConfig {
    /// The warm-up budget defaults to a tenth of the measured requests, chosen by MSER.
    pub fn new(requests: u64, replications: u32, seed: u64) -> Result<Self, QueueError> {
        if requests == 0 {
            return Err(QueueError::invalid("requests", "at least 1", "0"));
        }
        if replications == 0 {
            return Err(QueueError::invalid("replications", "at least 1", "0"));
        }
        Ok(RunConfig {
            requests,
            warmup: requests / 10,
            auto_warmup: true,
            replications,
            seed,
        })
    }
}

/// Which analytic model produced the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub enum Method {
    #[serde(rename = "exact (M/M/c)")]
    ExactMmc,
    #[serde(rename = "approximate (Allen–Cunneen)")]
    AllenCunneen,
    #[serde(rename = "none")]
    None,
}

impl Method {
    pub fn label(self) -> &'static str {
        match self {
            Method::ExactMmc => "exact (M/M/c)",
            Method::AllenCunneen => "approximate (Allen–Cunneen)",
            Method::None => "no formula",
        }
    }
}

/// Analytic figures of a station; `None` where no formula applies or the queue is saturated.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Analytic {
    pub method: Method,
    /// `ρ < 1`.
    pub stable: bool,
    /// Offered load per server `ρ` (may be ≥ 1).
    pub utilization: f64,
    pub p_wait: Option<f64>,
    pub mean_wait: Option<f64>,
    pub mean_response: Option<f64>,
    pub response: Option<Quantiles>,
    /// Why figures are missing, if they are.
    pub note: Option<String>,
}

/// Analytic figures for a station: exact Erlang C for Poisson arrivals with exponential service
/// and no limits; Allen–Cunneen for other stationary arrivals and services; none for diurnal
/// arrivals (not stationary) or with a queue limit/timeout.
pub fn analyze(cfg: &StationConfig) -> Analytic {
    let utilization = cfg.utilization();
    let stable = utilization < 1.0;
    let none = |method, note: &str| Analytic {
        method,
        stable,
        utilization,
        p_wait: None,
        mean_wait: None,
        mean_response: None,
        response: None,
        note: Some(note.to_string()),
    };
    if !cfg.limits.is_none() {
        return none(
            Method::None,
            "no closed form with a queue capacity or timeout; see the simulation",
        );
    }
    let Some(ca2) = cfg.arrivals.ca2() else {
        return none(
            Method::None,
            "diurnal arrivals are not stationary; no steady-state formula (see the simulation)",
        );
    };
    let lambda = cfg.arrivals.mean_rate();
    let saturated = |method| {
        none(
            method,
            "saturated: utilization ≥ 1, the queue grows without bound",
        )
    };
    let quantiles = |f: &dyn Fn(f64) -> f64| Quantiles {
        p50: f(0.5),
        p95: f(0.95),
        p99: f(0.99),
        p999: f(0.999),
    };
    match (&cfg.arrivals, &cfg.service) {
        (ArrivalSpec::Poisson { .. }, ServiceDist::Exponential { mean }) => {
            match Mmc::new(lambda, 1.0 / mean, cfg.servers) {
                Ok(Stability::Stable(m)) => Analytic {
                    method: Method::ExactMmc,
                    stable,
                    utilization,
                    p_wait: Some(m.p_wait),
                    mean_wait: Some(m.mean_wait),
                    mean_response: Some(m.mean_response),
                    response: Some(quantiles(&|p| m.response_quantile(p))),
                    note: None,
                },
                _ => saturated(Method::ExactMmc),
            }
        }
        _ => match AllenCunneen::new(lambda, ca2, &cfg.service, cfg.servers) {
            Ok(Stability::Stable(a)) => Analytic {
                method: Method::AllenCunneen,
                stable,
                utilization,
                p_wait: Some(a.p_wait),
                mean_wait: Some(a.mean_wait),
                mean_response: Some(a.mean_response),
                response: Some(quantiles(&|p| a.response_quantile(p))),
                note: matches!(cfg.arrivals, ArrivalSpec::Bursty(_)).then(|| {
                    format!(
                        "bursty arrivals enter as c_a² = {} (asymptotic index of dispersion); \
                         the approximation is rough for long bursts",
                        crate::units::trim_num(ca2, 3)
                    )
                }),
            },
            _ => saturated(Method::AllenCunneen),
        },
    }
}
