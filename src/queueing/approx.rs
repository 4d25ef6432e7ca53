//! G/G/c approximation (Allen–Cunneen) for general arrival and service variability, with a
//! documented approximation of the waiting and response-time quantiles.

use super::dist::ServiceDist;
use super::erlang::{erlang_c, exp_mixture_quantile, invert_survival, response_survival_exp};
use super::{QueueError, Stability};
use serde::Serialize;

/// Service-time points used to integrate over a general service distribution.
const POINTS: usize = 4096;

/// Allen–Cunneen approximation of a stable G/G/c queue. Times in seconds.
#[derive(Debug, Clone, PartialEq)]
pub struct AllenCunneen {
    pub lambda: f64,
    pub servers: u32,
    /// Squared coefficients of variation of inter-arrival and service times.
    pub ca2: f64,
    pub cs2: f64,
    /// `ρ = λE[S]/c`.
    pub utilization: f64,
    /// Erlang C at the same `c` and offered load, used as `P(wait)`.
    pub p_wait: f64,
    pub mean_wait: f64,
    pub mean_response: f64,
    service: ServiceDist,
    /// Rate of the exponential conditional wait, `P(wait) / W_q`.
    cond_rate: f64,
    /// Quantile points of the service distribution (general distributions only).
    points: Vec<f64>,
}

impl AllenCunneen {
    /// # Formula
    /// `W_q ≈ W_q(M/M/c) · (c_a² + c_s²) / 2` with `W_q(M/M/c) = C(c, a) / (cμ − λ)`, `a = λE[S]`
    /// (Allen, *Probability, Statistics, and Queueing Theory*, 2nd ed., 1990, §6.6; Whitt,
    /// "Approximations for the GI/G/m queue", Prod. & Oper. Mgmt. 1993). Exact for M/M/c and,
    /// at `c = 1` with Poisson arrivals, it is the Pollaczek–Khinchine mean.
    pub fn new(
        lambda: f64,
        ca2: f64,
        service: &ServiceDist,
        servers: u32,
    ) -> Result<Stability<Self>, QueueError> {
        QueueError::check_positive("arrival rate", lambda)?;
        if servers == 0 {
            return Err(QueueError::invalid("servers", "at least 1", "0"));
        }
        if !ca2.is_finite() || ca2 < 0.0 {
            return Err(QueueError::invalid(
                "arrival variability",
                "a finite c_a² ≥ 0",
                &ca2.to_string(),
            ));
        }
        let es = service.mean();
        let offered = lambda * es;
        let utilization = offered / servers as f64;
        let Some(p_wait) = erlang_c(servers, offered) else {
            return Ok(Stability::Saturated { utilization });
        };
        let cs2 = service.scv();
        let mu = 1.0 / es;
        let wq_mmc = p_wait / (servers as f64 * mu - lambda);
        let mean_wait = wq_mmc * (ca2 + cs2) / 2.0;
        let cond_rate = if mean_wait > 0.0 {
            p_wait / mean_wait
        } else {
            f64::INFINITY
        };
        let points = match service {
            ServiceDist::Exponential { .. } | ServiceDist::Deterministic { .. } => Vec::new(),
            _ => service.quantile_points(POINTS),
        };
        Ok(Stability::Stable(AllenCunneen {
            lambda,
            servers,
            ca2,
            cs2,
            utilization,
            p_wait,
            mean_wait,
            mean_response: mean_wait + es,
            service: service.clone(),
            cond_rate,
            points,
        }))
    }

    /// Approximate waiting-time quantile.
    ///
    /// # Formula
    /// The wait is taken as 0 with probability `C(c, a)` and otherwise exponential with the
    /// Allen–Cunneen conditional mean `W_q / C`; this is the exact M/M/c shape with the G/G/c
    /// mean (the "exponential conditional wait" approximation, Whitt 1993 §4). So
    /// `t_p = ln(C/(1−p)) · W_q/C` when `C > 1 − p`, else 0.
    pub fn wait_quantile(&self, p: f64) -> f64 {
        if self.cond_rate.is_infinite() {
            return 0.0;
        }
        exp_mixture_quantile(self.p_wait, self.cond_rate, p)
    }

    /// `P(T > t)` for the response time: the approximate wait above plus an independent service
    /// drawn from the actual service distribution.
    ///
    /// # Formula
    /// `P(T > t) = P(S > t) + C · E[e^{−r(t − S)}; S ≤ t]`, `r = C / W_q`. Closed form for
    /// exponential service (see `erlang::response_survival_exp`) and deterministic service `D`
    /// (`1` below `D`, `C e^{−r(t−D)}` above); otherwise the expectation is a sum over 4,096
    /// service quantile points (≈ 0.02% probability resolution).
    pub fn response_survival(&self, t: f64) -> f64 {
        let (c, r) = (self.p_wait, self.cond_rate);
        match &self.service {
            ServiceDist::Exponential { mean } => response_survival_exp(c, r, 1.0 / mean, t),
            ServiceDist::Deterministic { value } => {
                if t < *value {
                    1.0
                } else if r.is_infinite() {
                    0.0
                } else {
                    c * (-r * (t - value)).exp()
                }
            }
            _ => {
                let n = self.points.len() as f64;
                let s: f64 = self
                    .points
                    .iter()
                    .map(|&s| {
                        if s > t {
                            1.0
                        } else if r.is_infinite() {
                            0.0
                        } else {
                            c * (-r * (t - s)).exp()
                        }
                    })
                    .sum();
                s / n
            }
        }
    }

    /// Approximate response-time quantile (bisection on [`response_survival`](Self::response_survival)).
    pub fn response_quantile(&self, p: f64) -> f64 {
        invert_survival(|t| self.response_survival(t), self.mean_response, p)
    }
}

/// How far the analytic quantiles may be from the truth for one kind of station: the worst
/// error against the simulator on the validation grid (`examples/analytic_grid.rs`: Poisson
/// arrivals, c = 1, 4, 32, ρ = 0.5, 0.8, 0.95, 2M requests × 8 replications per case).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ErrorBand {
    /// Worst |analytic ÷ simulated − 1| of the p50 and of the p99, in percent.
    pub p50_pct: f64,
    pub p99_pct: f64,
    /// The grid region it was measured on, in words.
    pub region: String,
}

/// Service families of the error-band table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Deterministic,
    Gamma,
    LogNormal,
}

/// `(family, largest cv, largest ρ, worst p50 error %, worst p99 error %)`, measured by
/// `examples/analytic_grid.rs` (seed 11, cv 0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4), rounded up to
/// a whole percent; a station falls in the first row that covers it. The rows up to ρ = 0.8
/// are the worst over ρ = 0.5 and 0.8; those up to 0.95 the worst over all three loads (the
/// grid has no point between 0.8 and 0.95, so the band there is the larger of its neighbours).
const ERROR_BANDS: [(Family, f64, f64, f64, f64); 12] = [
    (Family::Deterministic, 0.0, 0.8, 5.0, 14.0),
    (Family::Deterministic, 0.0, 0.95, 5.0, 14.0),
    (Family::Gamma, 0.75, 0.8, 5.0, 12.0),
    (Family::Gamma, 0.75, 0.95, 5.0, 12.0),
    (Family::Gamma, 1.5, 0.8, 5.0, 5.0),
    (Family::Gamma, 1.5, 0.95, 5.0, 5.0),
    (Family::Gamma, 4.0, 0.8, 36.0, 11.0),
    (Family::Gamma, 4.0, 0.95, 36.0, 11.0),
    (Family::LogNormal, 0.75, 0.8, 5.0, 12.0),
    (Family::LogNormal, 0.75, 0.95, 5.0, 12.0),
    (Family::LogNormal, 1.5, 0.8, 19.0, 22.0),
    (Family::LogNormal, 1.5, 0.95, 19.0, 22.0),
];

/// Lognormal service above cv 1.5: its own rows, kept apart because the error is of another
/// order (the exponential conditional wait misses a heavy tail).
const LOGNORMAL_HEAVY: (f64, f64, f64, f64) = (4.0, 0.95, 113.0, 44.0);

/// The measured error band of a station's analytic quantiles: zero for the exact M/M/c
/// formulas; from [`ERROR_BANDS`] for Allen–Cunneen with Poisson arrivals inside the grid;
/// `None` where nothing was measured (bursty arrivals, measured service times, cv > 4,
/// ρ > 0.95).
pub fn error_band(cfg: &super::StationConfig, a: &super::Analytic) -> Option<ErrorBand> {
    use super::{ArrivalSpec, Method};
    match a.method {
        Method::ExactMmc => {
            return Some(ErrorBand {
                p50_pct: 0.0,
                p99_pct: 0.0,
                region: "M/M/c (exact)".into(),
            })
        }
        Method::None => return None,
        Method::AllenCunneen => {}
    }
    if !matches!(cfg.arrivals, ArrivalSpec::Poisson { .. }) {
        return None;
    }
    let cv = cfg.service.scv().sqrt();
    let family = match cfg.service {
        ServiceDist::Deterministic { .. } => Family::Deterministic,
        ServiceDist::Gamma { .. } | ServiceDist::Exponential { .. } => Family::Gamma,
        ServiceDist::LogNormal { .. } => Family::LogNormal,
        ServiceDist::Empirical { .. } => return None,
    };
    let rho = a.utilization;
    let heavy = [(
        Family::LogNormal,
        LOGNORMAL_HEAVY.0,
        LOGNORMAL_HEAVY.1,
        LOGNORMAL_HEAVY.2,
        LOGNORMAL_HEAVY.3,
    )];
    ERROR_BANDS
        .iter()
        .chain(heavy.iter())
        .find(|(f, cv_max, rho_max, ..)| *f == family && cv <= cv_max + 1e-9 && rho <= *rho_max)
        .map(|&(f, cv_max, rho_max, p50, p99)| ErrorBand {
            p50_pct: p50,
            p99_pct: p99,
            region: format!(
                "{} service{} at ρ ≤ {}",
                match f {
                    Family::Deterministic => "deterministic",
                    Family::Gamma => "gamma",
                    Family::LogNormal => "lognormal",
                },
                if f == Family::Deterministic {
                    String::new()
                } else {
                    format!(" with cv ≤ {cv_max}")
                },
                rho_max
            ),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::queueing::erlang::Mmc;

    fn stable(l: f64, ca2: f64, s: &ServiceDist, c: u32) -> AllenCunneen {
        match AllenCunneen::new(l, ca2, s, c).unwrap() {
            Stability::Stable(a) => a,
            x => panic!("{x:?}"),
        }
    }

    #[test]
    fn reduces_to_exact_mmc() {
        let s = ServiceDist::exponential(0.01).unwrap();
        let a = stable(900.0, 1.0, &s, 12);
        let Stability::Stable(m) = Mmc::new(900.0, 100.0, 12).unwrap() else {
            panic!()
        };
        assert!((a.mean_wait / m.mean_wait - 1.0).abs() < 1e-12);
        for p in [0.5, 0.95, 0.99, 0.999] {
            assert!((a.response_quantile(p) / m.response_quantile(p) - 1.0).abs() < 1e-9);
            assert!((a.wait_quantile(p) - m.wait_quantile(p)).abs() < 1e-12);
        }
    }

    #[test]
    fn md1_is_pollaczek_khinchine() {
        // M/D/1, ρ = 0.8, D = 1: P-K gives W_q = ρD / (2(1 − ρ)) = 2.
        let s = ServiceDist::deterministic(1.0).unwrap();
        let a = stable(0.8, 1.0, &s, 1);
        assert!((a.mean_wait - 2.0).abs() < 1e-12);
        // Deterministic: response quantile = D + wait quantile.
        for p in [0.5, 0.99] {
            let q = a.response_quantile(p);
            assert!((q - (1.0 + a.wait_quantile(p))).abs() < 1e-9, "{q}");
        }
    }

    #[test]
    fn general_service_uses_the_distribution() {
        let s = ServiceDist::lognormal_from_p50_p99(0.010, 0.040).unwrap();
        let a = stable(10.0, 1.0, &s, 4); // very light load: response ≈ service
        let q = a.response_quantile(0.99);
        assert!((q / 0.040 - 1.0).abs() < 0.01, "{q}");
        let q = a.response_quantile(0.5);
        assert!((q / 0.010 - 1.0).abs() < 0.01, "{q}");
    }

    #[test]
    fn saturated() {
        let s = ServiceDist::gamma_from_mean_cv(0.01, 1.5).unwrap();
        assert!(matches!(
            AllenCunneen::new(1200.0, 1.0, &s, 10).unwrap(),
            Stability::Saturated { utilization } if (utilization - 1.2).abs() < 1e-12
        ));
    }
}
