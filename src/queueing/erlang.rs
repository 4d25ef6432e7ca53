//! Exact M/M/c FCFS queue: Erlang B → Erlang C, the mean figures, and the exact waiting-time and
//! response-time distributions with their quantiles.
//!
//! Everything here is a closed form or a numerical inversion of a closed form; no factorials, so
//! it is stable for thousands of servers and for any positive rates.

use super::{QueueError, Stability};
use serde::Serialize;

/// Erlang B blocking probability for `servers` servers and offered load `a = λ/μ` (Erlangs).
///
/// # Formula
/// The recurrence `B(0) = 1`, `B(k) = a·B(k−1) / (k + a·B(k−1))` (Kleinrock, *Queueing
/// Systems* vol. 1, 1975, §3.7; Jagerman 1974). Every step stays in `[0, 1]`, so unlike
/// `a^c/c! / Σ a^k/k!` it cannot overflow, whatever `c` and `a`.
pub fn erlang_b(servers: u32, offered: f64) -> f64 {
    let mut b = 1.0;
    for k in 1..=servers {
        let ab = offered * b;
        b = ab / (k as f64 + ab);
    }
    b
}

/// Erlang C: probability that an arriving customer waits in an M/M/c queue, or `None` when the
/// queue is unstable (`a ≥ c`).
///
/// # Formula
/// `C(c, a) = B / (1 − ρ(1 − B))` with `B = ErlangB(c, a)` and `ρ = a/c` (Kleinrock vol. 1,
/// eq. 3.40 rewritten through Erlang B; Cooper, *Introduction to Queueing Theory*, 1981, §3.5).
pub fn erlang_c(servers: u32, offered: f64) -> Option<f64> {
    let rho = offered / servers as f64;
    if rho.is_nan() || rho >= 1.0 {
        return None;
    }
    let b = erlang_b(servers, offered);
    Some((b / (1.0 - rho * (1.0 - b))).clamp(0.0, 1.0))
}

/// A stable M/M/c queue and its exact steady-state figures. Times in seconds, rates per second.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Mmc {
    pub lambda: f64,
    pub mu: f64,
    pub servers: u32,
    /// `ρ = λ / (cμ)`.
    pub utilization: f64,
    /// Erlang C, `P(W_q > 0)`.
    pub p_wait: f64,
    /// `W_q`, mean time in queue.
    pub mean_wait: f64,
    /// `W = W_q + 1/μ`.
    pub mean_response: f64,
    /// `L_q = λ W_q` (Little).
    pub mean_queue_len: f64,
    /// `L = λ W` (Little).
    pub mean_in_system: f64,
}

impl Mmc {
    /// Solve an M/M/c queue. `lambda` and `mu` must be positive and finite, `servers ≥ 1`.
    ///
    /// # Formula
    /// `W_q = C / (cμ − λ)`, `W = W_q + 1/μ`, `L_q = λW_q`, `L = λW` (Kleinrock vol. 1, §3.5).
    pub fn new(lambda: f64, mu: f64, servers: u32) -> Result<Stability<Mmc>, QueueError> {
        QueueError::check_positive("arrival rate", lambda)?;
        QueueError::check_positive("service rate", mu)?;
        if servers == 0 {
            return Err(QueueError::invalid("servers", "at least 1", "0"));
        }
        let offered = lambda / mu;
        let utilization = offered / servers as f64;
        let Some(p_wait) = erlang_c(servers, offered) else {
            return Ok(Stability::Saturated { utilization });
        };
        let theta = servers as f64 * mu - lambda;
        let mean_wait = p_wait / theta;
        let mean_response = mean_wait + 1.0 / mu;
        Ok(Stability::Stable(Mmc {
            lambda,
            mu,
            servers,
            utilization,
            p_wait,
            mean_wait,
            mean_response,
            mean_queue_len: lambda * mean_wait,
            mean_in_system: lambda * mean_response,
        }))
    }

    /// Rate of the exponential conditional wait, `θ = cμ − λ > 0`.
    pub fn theta(&self) -> f64 {
        self.servers as f64 * self.mu - self.lambda
    }

    /// `P(W_q > t)`.
    ///
    /// # Formula
    /// `P(W_q > t) = C·e^{−(cμ−λ)t}` for `t ≥ 0` (Kleinrock vol. 1, eq. 3.41): an arrival waits
    /// with probability C, and then for an exponential time with rate `cμ − λ`.
    pub fn wait_survival(&self, t: f64) -> f64 {
        if t < 0.0 {
            1.0
        } else {
            self.p_wait * (-self.theta() * t).exp()
        }
    }

    /// The `p`-quantile of the waiting time (0 when `1 − p ≥ C`).
    ///
    /// # Formula
    /// Inverting `P(W_q > t) = C e^{−θt}`: `t_p = ln(C / (1 − p)) / θ` when `C > 1 − p`, else 0.
    pub fn wait_quantile(&self, p: f64) -> f64 {
        exp_mixture_quantile(self.p_wait, self.theta(), p)
    }

    /// `P(T > t)` for the response time `T = W_q + S`.
    ///
    /// # Formula
    /// See [`response_survival_exp`]: wait 0 w.p. `1 − C`, else `Exp(cμ − λ)`, plus an
    /// independent `Exp(μ)` service (FCFS: the service does not depend on the wait).
    pub fn response_survival(&self, t: f64) -> f64 {
        response_survival_exp(self.p_wait, self.theta(), self.mu, t)
    }

    /// The exact `p`-quantile of the response time, by bisection on the exact survival function.
    pub fn response_quantile(&self, p: f64) -> f64 {
        invert_survival(|t| self.response_survival(t), 1.0 / self.mu, p)
    }
}

/// Quantile of a mixture "0 w.p. `1 − c`, else `Exp(theta)`".
pub(crate) fn exp_mixture_quantile(c: f64, theta: f64, p: f64) -> f64 {
    let tail = 1.0 - p;
    if c <= tail {
        0.0
    } else {
        (c / tail).ln() / theta
    }
}

/// Survival function of `W + S` where `W` is 0 with probability `1 − c` and `Exp(theta)`
/// otherwise, and `S ~ Exp(mu)` independent.
///
/// # Formula
/// `P(T > t) = e^{−μt} + c·μ·h(t)` with `h(t) = (e^{−μt} − e^{−θt}) / (θ − μ)`, the hypoexponential
/// convolution (Kleinrock vol. 1, §3.5 for the M/M/1 case; Gross & Harris, *Fundamentals of
/// Queueing Theory*, §2.3, eq. 2.54 for M/M/c). Evaluated as
/// `h(t) = e^{−min(θ,μ)t} · (1 − e^{−|θ−μ|t}) / |θ−μ|` with `expm1`, which has no cancellation
/// when `θ ≈ μ` and tends to `t·e^{−μt}` at `θ = μ` (the Erlang-2 case, handled exactly).
pub fn response_survival_exp(c: f64, theta: f64, mu: f64, t: f64) -> f64 {
    if t <= 0.0 {
        return 1.0;
    }
    let d = (theta - mu).abs();
    let h = if d == 0.0 {
        t * (-mu * t).exp()
    } else {
        (-theta.min(mu) * t).exp() * (-(-d * t).exp_m1()) / d
    };
    ((-mu * t).exp() + c * mu * h).clamp(0.0, 1.0)
}

/// Smallest `t ≥ 0` with `surv(t) ≤ 1 − p`, for a continuous non-increasing survival function,
/// by bracketing (doubling from `scale`) and bisection to adjacent floating-point numbers.
pub(crate) fn invert_survival(surv: impl Fn(f64) -> f64, scale: f64, p: f64) -> f64 {
    let target = 1.0 - p;
    if surv(0.0) <= target {
        return 0.0;
    }
    let mut lo = 0.0;
    let mut hi = if scale > 0.0 && scale.is_finite() {
        scale
    } else {
        1.0
    };
    // Doubling: the survival functions here decay at least exponentially, so this takes a few
    // dozen steps at most; the cap only guards against a flat function.
    let mut guard = 0;
    while surv(hi) > target && guard < 2100 {
        lo = hi;
        hi *= 2.0;
        guard += 1;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if surv(mid) > target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::queueing::reference::reference;

    fn close(what: &str, got: f64, want: f64, rel: f64) {
        let ok = if want == 0.0 {
            got.abs() <= 1e-15
        } else {
            ((got - want) / want).abs() <= rel
        };
        assert!(ok, "{what}: got {got:e}, want {want:e}");
    }

    fn stable(lambda: f64, mu: f64, c: u32) -> Mmc {
        match Mmc::new(lambda, mu, c).unwrap() {
            Stability::Stable(m) => m,
            s => panic!("expected stable, got {s:?}"),
        }
    }

    /// Every field of every case of the exact Erlang C reference (tests/data/mmc_exact.json), to 1e-9
    /// relative.
    #[test]
    fn matches_exact_erlang_c_reference() {
        let r = reference();
        assert_eq!(r.cases.len(), 10);
        for k in &r.cases {
            let m = stable(k.lambda, k.mu, k.c);
            let id = &k.id;
            close(&format!("{id} rho"), m.utilization, k.rho, 1e-9);
            close(&format!("{id} p_wait"), m.p_wait, k.p_wait, 1e-9);
            close(&format!("{id} Wq"), m.mean_wait, k.Wq, 1e-9);
            close(&format!("{id} W"), m.mean_response, k.W, 1e-9);
            close(&format!("{id} Lq"), m.mean_queue_len, k.Lq, 1e-9);
            close(&format!("{id} L"), m.mean_in_system, k.L, 1e-9);
            for (p, want) in &k.wait_q {
                let p: f64 = p.parse().unwrap();
                close(&format!("{id} wait_q {p}"), m.wait_quantile(p), *want, 1e-9);
            }
            for (p, want) in &k.resp_q {
                let p: f64 = p.parse().unwrap();
                close(
                    &format!("{id} resp_q {p}"),
                    m.response_quantile(p),
                    *want,
                    1e-9,
                );
            }
        }
    }

    #[test]
    fn erlang_b_small_cases() {
        // B(1, a) = a / (1 + a); B(2, 1) = 1/5 (textbook values).
        assert!((erlang_b(1, 0.5) - 1.0 / 3.0).abs() < 1e-15);
        assert!((erlang_b(2, 1.0) - 0.2).abs() < 1e-15);
        assert_eq!(erlang_b(0, 3.0), 1.0);
    }

    #[test]
    fn thousand_servers_is_stable_and_finite() {
        // 1,000 servers at ρ = 0.95: a^c/c! would overflow f64 long before this.
        let m = stable(950.0 * 1000.0, 1000.0, 1000);
        assert!(m.p_wait > 0.0 && m.p_wait < 1.0, "{m:?}");
        assert!(m.mean_wait.is_finite() && m.mean_wait > 0.0);
        let q = m.response_quantile(0.999);
        assert!(q.is_finite() && q > 1e-3);
        // Square-root staffing intuition: with c = 1000 at ρ = 0.95, β ≈ 1.6, so C is small.
        assert!(m.p_wait < 0.2, "{}", m.p_wait);
        // And Erlang B at huge load stays in [0, 1].
        let b = erlang_b(1000, 1e9);
        assert!((0.0..=1.0).contains(&b));
    }

    #[test]
    fn saturated_is_a_result() {
        for (l, mu, c) in [(1000.0, 1000.0, 1), (2500.0, 1000.0, 2), (1e9, 1.0, 1000)] {
            match Mmc::new(l, mu, c).unwrap() {
                Stability::Saturated { utilization } => {
                    assert!((utilization - l / (mu * c as f64)).abs() < 1e-12)
                }
                s => panic!("expected saturated, got {s:?}"),
            }
        }
    }

    #[test]
    fn invalid_inputs_are_errors() {
        assert!(Mmc::new(0.0, 1.0, 1).is_err());
        assert!(Mmc::new(-1.0, 1.0, 1).is_err());
        assert!(Mmc::new(f64::NAN, 1.0, 1).is_err());
        assert!(Mmc::new(1.0, f64::INFINITY, 1).is_err());
        assert!(Mmc::new(1.0, 2.0, 0).is_err());
    }

    #[test]
    fn theta_equal_mu_is_erlang_2() {
        // c = 2, λ = μ: θ = 2μ − μ = μ, so the waiting part is Exp(μ) and T|wait is Erlang-2.
        let m = stable(1.0, 1.0, 2);
        assert_eq!(m.theta(), m.mu);
        let t: f64 = 1.7;
        let c = m.p_wait;
        let want = (1.0 - c) * (-t).exp() + c * (1.0 + t) * (-t).exp();
        assert!((m.response_survival(t) - want).abs() < 1e-15);
        // Nearly equal rates give nearly the same value (no cancellation blow-up).
        let near = response_survival_exp(c, 1.0 + 1e-12, 1.0, t);
        assert!((near - want).abs() < 1e-11);
    }

    #[test]
    fn tiny_and_huge_rates_scale() {
        // The same queue in nanoseconds and in days: quantiles scale by the time unit.
        let a = stable(0.8e9, 1e9, 1);
        let b = stable(0.8 / 86_400.0, 1.0 / 86_400.0, 1);
        let r = a.response_quantile(0.99) * 1e9;
        let s = b.response_quantile(0.99) / 86_400.0;
        assert!((r / s - 1.0).abs() < 1e-9, "{r} {s}");
    }
}
