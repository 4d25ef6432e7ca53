//! Arrival processes: Poisson, bursty (a two-state Markov-modulated Poisson process) and diurnal
//! (a non-homogeneous Poisson process with a sinusoidal rate, sampled by thinning).
//!
//! Each process is described by an [`ArrivalSpec`] (validated parameters, analytic figures) and
//! simulated by an [`ArrivalProcess`] (state + `next_gap`), so the simulator's loop is
//! monomorphised per process.

use super::QueueError;
use rand::Rng;
use std::f64::consts::TAU;

/// Default bursty parameters: bursts at 4× the quiet rate, 20% of the time, lasting 1 s on
/// average. They keep the long-run mean rate equal to the given rate.
pub const DEFAULT_BURST_RATIO: f64 = 4.0;
pub const DEFAULT_BURST_SHARE: f64 = 0.2;
pub const DEFAULT_BURST_LENGTH: f64 = 1.0;
/// Default diurnal parameters: the rate swings ±50% around the mean over a 24-hour period.
pub const DEFAULT_DIURNAL_AMPLITUDE: f64 = 0.5;
pub const DEFAULT_DIURNAL_PERIOD: f64 = 86_400.0;

/// An arrival process with validated parameters. Rates per second, times in seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ArrivalSpec {
    /// Poisson with rate `rate`.
    Poisson { rate: f64 },
    /// Two-state MMPP; see [`Mmpp`].
    Bursty(Mmpp),
    /// `λ(t) = rate · (1 + amplitude · sin(2πt / period))`, starting at the mean, rising.
    Diurnal {
        rate: f64,
        amplitude: f64,
        period: f64,
    },
}

/// A two-state Markov-modulated Poisson process given by its long-run mean `rate`, the ratio of
/// the burst rate to the quiet rate, the long-run share of time spent in bursts, and the mean
/// burst length. Sojourns in each state are exponential.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mmpp {
    pub rate: f64,
    pub ratio: f64,
    pub share: f64,
    pub burst_length: f64,
}

impl Mmpp {
    pub fn new(rate: f64, ratio: f64, share: f64, burst_length: f64) -> Result<Self, QueueError> {
        QueueError::check_positive("arrival rate", rate)?;
        QueueError::check_positive("burst length", burst_length)?;
        if !ratio.is_finite() || ratio < 1.0 {
            return Err(QueueError::invalid(
                "burst ratio",
                "a burst-to-quiet rate ratio of at least 1",
                &ratio.to_string(),
            ));
        }
        if !(share > 0.0 && share < 1.0) {
            return Err(QueueError::invalid(
                "burst share",
                "a share of time in bursts strictly between 0 and 1, e.g. `20%`",
                &share.to_string(),
            ));
        }
        Ok(Mmpp {
            rate,
            ratio,
            share,
            burst_length,
        })
    }

    /// Quiet-state rate `λ_q = λ̄ / (share·ratio + 1 − share)`, so the time-average is `λ̄`.
    pub fn quiet_rate(&self) -> f64 {
        self.rate / (self.share * self.ratio + 1.0 - self.share)
    }

    pub fn burst_rate(&self) -> f64 {
        self.ratio * self.quiet_rate()
    }

    /// Rate of leaving a burst (`1 / burst_length`) and of leaving the quiet state (chosen so the
    /// long-run share of time in bursts is `share`).
    pub fn switch_rates(&self) -> (f64, f64) {
        let leave_burst = 1.0 / self.burst_length;
        let leave_quiet = leave_burst * self.share / (1.0 - self.share);
        (leave_burst, leave_quiet)
    }

    /// Asymptotic index of dispersion of counts, `lim Var N(t) / E N(t)`.
    ///
    /// # Formula
    /// For a two-state MMPP with rates `λ₁, λ₂` and switching rates `r₁` (out of 1), `r₂`:
    /// `I = 1 + 2 r₁ r₂ (λ₁ − λ₂)² / ((r₁ + r₂)³ λ̄)` (Heffes & Lucantoni, IEEE JSAC 1986; it is
    /// `1 + 2∫Cov(λ(0), λ(s)) ds / λ̄` for a doubly stochastic Poisson process). Whitt's QNA
    /// (Bell Sys. Tech. J. 1983) uses it as the arrival variability `c_a²` in heavy traffic.
    pub fn index_of_dispersion(&self) -> f64 {
        let (r1, r2) = self.switch_rates();
        let d = self.burst_rate() - self.quiet_rate();
        1.0 + 2.0 * r1 * r2 * d * d / ((r1 + r2).powi(3) * self.rate)
    }
}

impl ArrivalSpec {
    pub fn poisson(rate: f64) -> Result<Self, QueueError> {
        QueueError::check_positive("arrival rate", rate)?;
        Ok(ArrivalSpec::Poisson { rate })
    }

    pub fn diurnal(rate: f64, amplitude: f64, period: f64) -> Result<Self, QueueError> {
        QueueError::check_positive("arrival rate", rate)?;
        QueueError::check_positive("diurnal period", period)?;
        if !(0.0..=1.0).contains(&amplitude) {
            return Err(QueueError::invalid(
                "diurnal amplitude",
                "a swing between 0 and 1 (0.5 = ±50% around the mean)",
                &amplitude.to_string(),
            ));
        }
        Ok(ArrivalSpec::Diurnal {
            rate,
            amplitude,
            period,
        })
    }

    /// Long-run mean arrival rate.
    pub fn mean_rate(&self) -> f64 {
        match self {
            ArrivalSpec::Poisson { rate } | ArrivalSpec::Diurnal { rate, .. } => *rate,
            ArrivalSpec::Bursty(m) => m.rate,
        }
    }

    /// Highest instantaneous rate.
    pub fn peak_rate(&self) -> f64 {
        match self {
            ArrivalSpec::Poisson { rate } => *rate,
            ArrivalSpec::Diurnal {
                rate, amplitude, ..
            } => rate * (1.0 + amplitude),
            ArrivalSpec::Bursty(m) => m.burst_rate(),
        }
    }

    /// Arrival variability `c_a²` for a stationary G/G/c approximation, or `None` when the
    /// process is not stationary (diurnal).
    pub fn ca2(&self) -> Option<f64> {
        match self {
            ArrivalSpec::Poisson { .. } => Some(1.0),
            ArrivalSpec::Bursty(m) => Some(m.index_of_dispersion()),
            ArrivalSpec::Diurnal { .. } => None,
        }
    }

    pub fn describe(&self) -> String {
        use crate::units::{fmt_duration, fmt_si};
        match self {
            ArrivalSpec::Poisson { rate } => format!("Poisson {}/s", fmt_si(*rate)),
            ArrivalSpec::Bursty(m) => format!(
                "bursty (MMPP-2) mean {}/s: bursts of {}/s for {} on average, {} of the time; quiet {}/s",
                fmt_si(m.rate),
                fmt_si(m.burst_rate()),
                fmt_duration(m.burst_length),
                crate::units::fmt_percent(m.share),
                fmt_si(m.quiet_rate())
            ),
            ArrivalSpec::Diurnal {
                rate,
                amplitude,
                period,
            } => format!(
                "diurnal mean {}/s, ±{} over {} (peak {}/s)",
                fmt_si(*rate),
                crate::units::fmt_percent(*amplitude),
                fmt_duration(*period),
                fmt_si(rate * (1.0 + amplitude))
            ),
        }
    }
}

/// A running arrival process: yields the gap to the next arrival.
pub trait ArrivalProcess {
    fn next_gap<R: Rng + ?Sized>(&mut self, rng: &mut R) -> f64;
}

/// Poisson: exponential gaps (ziggurat `Exp(1)` scaled by the mean gap).
#[derive(Debug, Clone, Copy)]
pub struct PoissonProcess {
    pub mean_gap: f64,
}

impl ArrivalProcess for PoissonProcess {
    #[inline(always)]
    fn next_gap<R: Rng + ?Sized>(&mut self, rng: &mut R) -> f64 {
        let e = super::exp1::exp1(rng);
        e * self.mean_gap
    }
}

/// MMPP-2 state: current state and time left in it. Because every clock is exponential
/// (memoryless), a gap that overruns the state is cut at the switch and redrawn in the new state.
#[derive(Debug, Clone, Copy)]
pub struct MmppProcess {
    gap_mean: [f64; 2],
    stay_mean: [f64; 2],
    state: usize,
    left: f64,
}

impl MmppProcess {
    /// Starts in the stationary distribution (burst with probability `share`).
    pub fn new<R: Rng + ?Sized>(m: &Mmpp, rng: &mut R) -> Self {
        let (leave_burst, leave_quiet) = m.switch_rates();
        let stay_mean = [1.0 / leave_quiet, 1.0 / leave_burst];
        let state = usize::from(rng.gen::<f64>() < m.share);
        let e = super::exp1::exp1(rng);
        MmppProcess {
            gap_mean: [1.0 / m.quiet_rate(), 1.0 / m.burst_rate()],
            stay_mean,
            state,
            left: e * stay_mean[state],
        }
    }
}

impl ArrivalProcess for MmppProcess {
    #[inline]
    fn next_gap<R: Rng + ?Sized>(&mut self, rng: &mut R) -> f64 {
        let mut acc = 0.0;
        loop {
            let e = super::exp1::exp1(rng);
            let g = e * self.gap_mean[self.state];
            if g < self.left {
                self.left -= g;
                return acc + g;
            }
            acc += self.left;
            self.state ^= 1;
            let s = super::exp1::exp1(rng);
            self.left = s * self.stay_mean[self.state];
        }
    }
}

/// Diurnal NHPP by thinning (Lewis & Shedler, Naval Res. Logistics Q. 1979): candidates at the
/// peak rate `λ_max = λ̄(1 + A)`, each kept with probability `λ(t)/λ_max`. The phase is kept in
/// `[0, period)` so precision does not degrade over long runs.
#[derive(Debug, Clone, Copy)]
pub struct DiurnalProcess {
    max_gap: f64,
    amplitude: f64,
    omega: f64,
    period: f64,
    phase: f64,
}

impl DiurnalProcess {
    pub fn new(rate: f64, amplitude: f64, period: f64) -> Self {
        DiurnalProcess {
            max_gap: 1.0 / (rate * (1.0 + amplitude)),
            amplitude,
            omega: TAU / period,
            period,
            phase: 0.0,
        }
    }
}

impl ArrivalProcess for DiurnalProcess {
    #[inline]
    fn next_gap<R: Rng + ?Sized>(&mut self, rng: &mut R) -> f64 {
        let mut acc = 0.0;
        loop {
            let e = super::exp1::exp1(rng);
            let g = e * self.max_gap;
            acc += g;
            self.phase += g;
            if self.phase >= self.period {
                self.phase %= self.period;
            }
            let keep =
                (1.0 + self.amplitude * (self.omega * self.phase).sin()) / (1.0 + self.amplitude);
            if rng.gen::<f64>() < keep {
                return acc;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

    /// Counts of arrivals in consecutive windows of length `w` over `n` windows.
    fn window_counts(p: &mut impl ArrivalProcess, w: f64, n: usize, seed: u64) -> Vec<f64> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let mut counts = vec![0.0; n];
        let mut t = 0.0;
        loop {
            t += p.next_gap(&mut rng);
            let i = (t / w) as usize;
            if i >= n {
                return counts;
            }
            counts[i] += 1.0;
        }
    }

    fn mean_var(x: &[f64]) -> (f64, f64) {
        let n = x.len() as f64;
        let m = x.iter().sum::<f64>() / n;
        (
            m,
            x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (n - 1.0),
        )
    }

    #[test]
    fn poisson_counts_have_unit_dispersion() {
        // Counts in unit windows at rate 50: mean 50, variance 50.
        let mut p = PoissonProcess {
            mean_gap: 1.0 / 50.0,
        };
        let c = window_counts(&mut p, 1.0, 20_000, 11);
        let (m, v) = mean_var(&c);
        assert!((m / 50.0 - 1.0).abs() < 0.005, "{m}");
        assert!((v / m - 1.0).abs() < 0.03, "{}", v / m);
    }

    #[test]
    fn mmpp_mean_rate_and_dispersion() {
        let m = Mmpp::new(100.0, 4.0, 0.2, 0.1).unwrap();
        assert!((m.share * m.burst_rate() + (1.0 - m.share) * m.quiet_rate() - 100.0).abs() < 1e-9);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
        let mut p = MmppProcess::new(&m, &mut rng);
        // Windows of 10 s ≫ the 0.1 s burst, so Var/Mean ≈ the asymptotic index.
        let c = window_counts(&mut p, 10.0, 4_000, 12);
        let (mean, var) = mean_var(&c);
        assert!((mean / 1000.0 - 1.0).abs() < 0.01, "{mean}");
        let want = m.index_of_dispersion();
        // The sample variance of 4,000 windows has ~2.2% relative SE; plus finite-window bias
        // of order 1/(window·(r₁+r₂)) ≈ 2%.
        assert!(
            ((var / mean) / want - 1.0).abs() < 0.1,
            "{} vs {want}",
            var / mean
        );
    }

    #[test]
    fn diurnal_follows_the_rate_curve() {
        // Period 100 s, amplitude 0.5, mean 200/s. Sum counts by phase decile.
        let mut p = DiurnalProcess::new(200.0, 0.5, 100.0);
        let c = window_counts(&mut p, 10.0, 2_000, 13);
        let (mean, _) = mean_var(&c);
        assert!((mean / 2000.0 - 1.0).abs() < 0.005, "{mean}");
        for k in 0..10 {
            let got: f64 = c.iter().skip(k).step_by(10).sum::<f64>() / 200.0;
            // ∫ over [10k, 10k+10] of 200(1 + 0.5 sin(2πt/100)) dt.
            let a = TAU * 10.0 * k as f64 / 100.0;
            let b = TAU * 10.0 * (k + 1) as f64 / 100.0;
            let want = 200.0 * (10.0 + 0.5 * 100.0 / TAU * (a.cos() - b.cos()));
            assert!(
                (got / want - 1.0).abs() < 0.01,
                "decile {k}: {got} vs {want}"
            );
        }
    }

    #[test]
    fn invalid_parameters() {
        assert!(Mmpp::new(100.0, 0.5, 0.2, 1.0).is_err());
        assert!(Mmpp::new(100.0, 4.0, 1.0, 1.0).is_err());
        assert!(Mmpp::new(100.0, 4.0, 0.2, 0.0).is_err());
        assert!(ArrivalSpec::diurnal(100.0, 1.5, 10.0).is_err());
        assert!(ArrivalSpec::poisson(-1.0).is_err());
    }
}
