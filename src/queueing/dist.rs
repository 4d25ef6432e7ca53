//! Service-time distributions: their moments and survival functions for the analytic side, and
//! fast samplers for the simulator.
//!
//! All times are in seconds.

use super::QueueError;
use rand::Rng;
use rand_distr::Distribution;
use statrs::distribution::{ContinuousCDF, Gamma as GammaCdf, Normal};
use std::sync::Arc;

/// `Φ⁻¹(0.99)`, the standard normal 99th percentile.
pub const Z99: f64 = 2.326_347_874_040_840_8;

/// A service-time distribution.
#[derive(Debug, Clone, PartialEq)]
pub enum ServiceDist {
    /// Exponential with this mean.
    Exponential { mean: f64 },
    /// Always exactly this long.
    Deterministic { value: f64 },
    /// `ln S ~ N(mu, sigma²)`.
    LogNormal { mu: f64, sigma: f64 },
    /// Gamma with shape `k` and scale `θ` (mean `kθ`).
    Gamma { shape: f64, scale: f64 },
    /// Measured service times, resampled uniformly with replacement (a bootstrap; no
    /// interpolation between the measured values). Sorted ascending.
    Empirical { samples: Arc<[f64]> },
}

impl ServiceDist {
    pub fn exponential(mean: f64) -> Result<Self, QueueError> {
        QueueError::check_positive("service time", mean)?;
        Ok(ServiceDist::Exponential { mean })
    }

    pub fn deterministic(value: f64) -> Result<Self, QueueError> {
        QueueError::check_positive("service time", value)?;
        Ok(ServiceDist::Deterministic { value })
    }

    /// A lognormal through a given median and 99th percentile.
    ///
    /// # Formula
    /// `μ = ln p50`, `σ = (ln p99 − ln p50) / Φ⁻¹(0.99)`; the mean is `e^{μ + σ²/2}` and the
    /// squared coefficient of variation `e^{σ²} − 1` (Johnson, Kotz & Balakrishnan, *Continuous
    /// Univariate Distributions* vol. 1, ch. 14).
    pub fn lognormal_from_p50_p99(p50: f64, p99: f64) -> Result<Self, QueueError> {
        QueueError::check_positive("service time (the lognormal median)", p50)?;
        QueueError::check_positive("p99", p99)?;
        if p99 <= p50 {
            return Err(QueueError::invalid(
                "p99",
                "a 99th percentile above the median (--service-time)",
                &format!("p99 {p99} s ≤ p50 {p50} s"),
            ));
        }
        Ok(ServiceDist::LogNormal {
            mu: p50.ln(),
            sigma: (p99.ln() - p50.ln()) / Z99,
        })
    }

    /// A lognormal with a given mean and coefficient of variation.
    ///
    /// # Formula
    /// `σ² = ln(1 + cv²)`, `μ = ln mean − σ²/2`, so `e^{μ+σ²/2} = mean` and `e^{σ²} − 1 = cv²`
    /// (Johnson, Kotz & Balakrishnan, vol. 1, ch. 14).
    pub fn lognormal_from_mean_cv(mean: f64, cv: f64) -> Result<Self, QueueError> {
        QueueError::check_positive("service time", mean)?;
        QueueError::check_positive("cv", cv)?;
        let s2 = cv.mul_add(cv, 1.0).ln();
        Ok(ServiceDist::LogNormal {
            mu: mean.ln() - s2 / 2.0,
            sigma: s2.sqrt(),
        })
    }

    /// A gamma distribution with a given mean and coefficient of variation.
    ///
    /// # Formula
    /// Shape `k = 1/cv²`, scale `θ = mean·cv²`, so `kθ = mean` and `√k·θ / (kθ) = cv`.
    pub fn gamma_from_mean_cv(mean: f64, cv: f64) -> Result<Self, QueueError> {
        QueueError::check_positive("service time", mean)?;
        QueueError::check_positive("cv", cv)?;
        if !(1e-3..=100.0).contains(&cv) {
            return Err(QueueError::invalid(
                "cv",
                "a coefficient of variation between 0.001 and 100 (use --service-dist det for 0)",
                &cv.to_string(),
            ));
        }
        Ok(ServiceDist::Gamma {
            shape: 1.0 / (cv * cv),
            scale: mean * cv * cv,
        })
    }

    /// Measured service times in seconds (at least one; none negative; a positive mean).
    pub fn empirical(mut samples: Vec<f64>) -> Result<Self, QueueError> {
        if samples.is_empty() {
            return Err(QueueError::invalid(
                "empirical file",
                "at least one latency",
                "no values",
            ));
        }
        if let Some(bad) = samples.iter().find(|v| !v.is_finite() || **v < 0.0) {
            return Err(QueueError::invalid(
                "empirical file",
                "non-negative finite latencies",
                &bad.to_string(),
            ));
        }
        samples.sort_by(f64::total_cmp);
        let d = ServiceDist::Empirical {
            samples: samples.into(),
        };
        if d.mean() <= 0.0 {
            return Err(QueueError::invalid(
                "empirical file",
                "latencies with a positive mean",
                "all zero",
            ));
        }
        Ok(d)
    }

    /// Parse a file of measured latencies: one per line, either a plain number of
    /// **milliseconds** (`12.5`) or a number with a unit (`12ms`, `850us`, `1.2 s`). Blank lines
    /// and lines starting with `#` are skipped. Returns seconds.
    pub fn parse_empirical(text: &str) -> Result<Vec<f64>, QueueError> {
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let v = match t.parse::<f64>() {
                Ok(ms) => ms * 1e-3,
                Err(_) => crate::units::parse_duration(t).map_err(|e| {
                    QueueError::invalid(
                        "empirical file",
                        "one latency per line, e.g. `12.5` (ms) or `12ms`",
                        &format!("line {}: {e}", i + 1),
                    )
                })?,
            };
            if !v.is_finite() || v < 0.0 {
                return Err(QueueError::invalid(
                    "empirical file",
                    "non-negative finite latencies",
                    &format!("line {}: `{t}`", i + 1),
                ));
            }
            out.push(v);
        }
        Ok(out)
    }

    /// Mean service time `E[S]`.
    pub fn mean(&self) -> f64 {
        match self {
            ServiceDist::Exponential { mean } => *mean,
            ServiceDist::Deterministic { value } => *value,
            ServiceDist::LogNormal { mu, sigma } => (mu + 0.5 * sigma * sigma).exp(),
            ServiceDist::Gamma { shape, scale } => shape * scale,
            ServiceDist::Empirical { samples } => {
                samples.iter().sum::<f64>() / samples.len() as f64
            }
        }
    }

    /// Squared coefficient of variation `c_s² = Var S / E[S]²`.
    pub fn scv(&self) -> f64 {
        match self {
            ServiceDist::Exponential { .. } => 1.0,
            ServiceDist::Deterministic { .. } => 0.0,
            ServiceDist::LogNormal { sigma, .. } => (sigma * sigma).exp_m1(),
            ServiceDist::Gamma { shape, .. } => 1.0 / shape,
            ServiceDist::Empirical { samples } => {
                let n = samples.len() as f64;
                let m = self.mean();
                let var = samples.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / n;
                var / (m * m)
            }
        }
    }

    /// `n` representative values: the quantiles at `(i + ½)/n` (for an empirical distribution
    /// with at most `n` values, the values themselves). Used to integrate over the service time.
    /// Every point is finite and non-negative (a point the inversion could not place is
    /// dropped rather than passed on as a NaN or an infinity).
    pub fn quantile_points(&self, n: usize) -> Vec<f64> {
        let mut v = self.raw_quantile_points(n);
        v.retain(|x| x.is_finite() && *x >= 0.0);
        v
    }

    fn raw_quantile_points(&self, n: usize) -> Vec<f64> {
        let us = (0..n).map(|i| (i as f64 + 0.5) / n as f64);
        match self {
            ServiceDist::Exponential { mean } => us.map(|u| -mean * (-u).ln_1p()).collect(),
            ServiceDist::Deterministic { value } => vec![*value; n.min(1)],
            ServiceDist::LogNormal { mu, sigma } => {
                let z = Normal::new(0.0, 1.0).expect("standard normal");
                us.map(|u| (mu + sigma * z.inverse_cdf(u)).exp()).collect()
            }
            ServiceDist::Gamma { shape, scale } => {
                let g = GammaCdf::new(*shape, 1.0 / scale).expect("valid gamma");
                let mut prev = None;
                us.map(|u| {
                    let x = gamma_quantile(&g, *shape * *scale, u, prev);
                    prev = Some(x);
                    x
                })
                .collect()
            }
            ServiceDist::Empirical { samples } => {
                if samples.len() <= n {
                    samples.to_vec()
                } else {
                    us.map(|u| {
                        samples[((u * samples.len() as f64) as usize).min(samples.len() - 1)]
                    })
                    .collect()
                }
            }
        }
    }

    /// A short human description, times formatted with `units::fmt_duration`.
    pub fn describe(&self) -> String {
        use crate::units::fmt_duration as d;
        match self {
            ServiceDist::Exponential { mean } => format!("exponential, mean {}", d(*mean)),
            ServiceDist::Deterministic { value } => format!("deterministic {}", d(*value)),
            ServiceDist::LogNormal { mu, sigma } => format!(
                "lognormal, p50 {}, p99 {}, mean {}",
                d(mu.exp()),
                d((mu + sigma * Z99).exp()),
                d(self.mean())
            ),
            ServiceDist::Gamma { .. } => format!(
                "gamma, mean {}, cv {}",
                d(self.mean()),
                crate::units::trim_num(self.scv().sqrt(), 3)
            ),
            ServiceDist::Empirical { samples } => format!(
                "empirical ({} values), mean {}",
                samples.len(),
                d(self.mean())
            ),
        }
    }
}

/// The `u`-quantile of a gamma distribution, by safeguarded Newton steps on `ln x`.
///
/// # Formula
/// Solve `F(x) = u` for `x = e^y`: `y ← y − (F(x) − u) / (f(x)·x)`, kept inside a bracket
/// `[lo, hi]` that every evaluation narrows (bisection in `y` when a step leaves it). Working
/// in `ln x` keeps shapes below 1 (cv > 1), whose lower quantiles are many orders of magnitude
/// below the mean, as accurate as the upper ones; the general-purpose inversion this replaces
/// returned values near 10⁻⁵⁷ s there. `start` is a nearby quantile (the previous point).
pub fn gamma_quantile(g: &GammaCdf, mean: f64, u: f64, start: Option<f64>) -> f64 {
    use statrs::distribution::Continuous;
    if u <= 0.0 {
        return 0.0;
    }
    if u >= 1.0 {
        return f64::INFINITY;
    }
    // Far in the lower tail `F(x) = (x/θ)^k / Γ(k+1) · (1 − O(x/θ))`, so
    // `x = θ (u·Γ(k+1))^{1/k}` to better than 10⁻⁶ relative when `x/θ < 10⁻⁶` — where the
    // incomplete gamma function underflows for small shapes.
    let (k, theta) = (g.shape(), 1.0 / g.rate());
    let small = ((u.ln() + statrs::function::gamma::ln_gamma(k + 1.0)) / k).exp();
    if small < 1e-6 {
        return theta * small;
    }
    // A bracket in ln x: far below and far above the mean, widened until it holds u.
    let (mut lo, mut hi) = (mean.ln() - 50.0, mean.ln() + 10.0);
    while g.cdf(lo.exp()) > u && lo > -700.0 {
        lo -= 50.0;
    }
    while g.cdf(hi.exp()) < u && hi < 700.0 {
        hi += 10.0;
    }
    let mut y = start
        .filter(|s| *s > 0.0 && s.is_finite())
        .map_or(mean.ln(), f64::ln)
        .clamp(lo, hi);
    for _ in 0..200 {
        let x = y.exp();
        let f = g.cdf(x) - u;
        if f == 0.0 {
            return x;
        }
        if f < 0.0 {
            lo = y;
        } else {
            hi = y;
        }
        let d = g.pdf(x) * x;
        let newton = y - f / d;
        let next = if d > 0.0 && newton > lo && newton < hi {
            newton
        } else {
            0.5 * (lo + hi)
        };
        if (next - y).abs() < 1e-13 || hi - lo < 1e-13 {
            return next.exp();
        }
        y = next;
    }
    y.exp()
}

/// Draws one service time. Implemented by small concrete types so the simulator's hot loop is
/// monomorphised per distribution (no enum match per request).
pub trait Sampler {
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64;
}

/// `Exp(1)` by the ziggurat of `rand_distr` (faster than `−ln U`), scaled by the mean.
#[derive(Debug, Clone, Copy)]
pub struct ExpSampler {
    pub mean: f64,
}

impl Sampler for ExpSampler {
    #[inline(always)]
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let e = super::exp1::exp1(rng);
        e * self.mean
    }
}

#[derive(Debug, Clone, Copy)]
pub struct DetSampler {
    pub value: f64,
}

impl Sampler for DetSampler {
    #[inline(always)]
    fn sample<R: Rng + ?Sized>(&self, _rng: &mut R) -> f64 {
        self.value
    }
}

#[derive(Debug, Clone, Copy)]
pub struct LogNormalSampler(pub rand_distr::LogNormal<f64>);

impl Sampler for LogNormalSampler {
    #[inline(always)]
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        self.0.sample(rng)
    }
}

#[derive(Debug, Clone, Copy)]
pub struct GammaSampler(pub rand_distr::Gamma<f64>);

impl Sampler for GammaSampler {
    #[inline(always)]
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        self.0.sample(rng)
    }
}

/// Uniform resampling of the measured values; the index is `⌊u64 · n / 2⁶⁴⌋` (Lemire's
/// multiply-shift, no division, negligible bias for any realistic `n`).
#[derive(Debug, Clone, Copy)]
pub struct EmpiricalSampler<'a> {
    pub samples: &'a [f64],
}

impl Sampler for EmpiricalSampler<'_> {
    #[inline(always)]
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let i = ((rng.next_u64() as u128 * self.samples.len() as u128) >> 64) as usize;
        self.samples[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;
    use statrs::distribution::{Exp as ExpCdf, LogNormal as LogNormalCdf};

    const N: usize = 200_000;

    fn draws<S: Sampler>(s: &S, seed: u64) -> Vec<f64> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        (0..N).map(|_| s.sample(&mut rng)).collect()
    }

    fn mean_var(x: &[f64]) -> (f64, f64) {
        let n = x.len() as f64;
        let m = x.iter().sum::<f64>() / n;
        (
            m,
            x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (n - 1.0),
        )
    }

    /// Kolmogorov–Smirnov statistic `√n · D`; 1.95 is the 0.1% critical value (Massey 1951).
    fn ks(mut x: Vec<f64>, cdf: impl Fn(f64) -> f64) -> f64 {
        x.sort_by(f64::total_cmp);
        let n = x.len() as f64;
        let d = x
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let f = cdf(*v);
                (f - i as f64 / n).abs().max(((i + 1) as f64 / n - f).abs())
            })
            .fold(0.0, f64::max);
        d * n.sqrt()
    }

    fn sampler_for(d: &ServiceDist) -> Box<dyn Fn(u64) -> Vec<f64> + '_> {
        match d {
            ServiceDist::Exponential { mean } => {
                Box::new(move |s| draws(&ExpSampler { mean: *mean }, s))
            }
            ServiceDist::LogNormal { mu, sigma } => Box::new(move |s| {
                draws(
                    &LogNormalSampler(rand_distr::LogNormal::new(*mu, *sigma).unwrap()),
                    s,
                )
            }),
            ServiceDist::Gamma { shape, scale } => Box::new(move |s| {
                draws(
                    &GammaSampler(rand_distr::Gamma::new(*shape, *scale).unwrap()),
                    s,
                )
            }),
            _ => unreachable!(),
        }
    }

    #[test]
    fn exponential_sampler_moments_and_ks() {
        let d = ServiceDist::exponential(0.010).unwrap();
        let x = sampler_for(&d)(1);
        let (m, v) = mean_var(&x);
        // Standard error of the mean is 0.01/√N ≈ 2.2e-5; allow 4 SE.
        assert!((m - 0.010).abs() < 9e-5, "{m}");
        assert!((v.sqrt() / m - 1.0).abs() < 0.01, "{v}");
        let e = ExpCdf::new(100.0).unwrap();
        assert!(ks(x, |t| e.cdf(t)) < 1.95);
    }

    #[test]
    fn lognormal_fit_and_sampler() {
        let d = ServiceDist::lognormal_from_p50_p99(0.010, 0.040).unwrap();
        let ServiceDist::LogNormal { mu, sigma } = d else {
            unreachable!()
        };
        assert!((sigma - 4f64.ln() / Z99).abs() < 1e-15);
        let x = sampler_for(&d)(2);
        let mut s = x.clone();
        s.sort_by(f64::total_cmp);
        assert!((s[N / 2] / 0.010 - 1.0).abs() < 0.01, "p50 {}", s[N / 2]);
        assert!(
            (s[N * 99 / 100] / 0.040 - 1.0).abs() < 0.03,
            "p99 {}",
            s[N * 99 / 100]
        );
        let (m, _) = mean_var(&x);
        assert!((m / d.mean() - 1.0).abs() < 0.01);
        let l = LogNormalCdf::new(mu, sigma).unwrap();
        assert!(ks(x, |t| l.cdf(t)) < 1.95);
        assert!(ServiceDist::lognormal_from_p50_p99(0.04, 0.01).is_err());
    }

    #[test]
    fn gamma_fit_and_sampler() {
        for cv in [0.5, 1.5] {
            let d = ServiceDist::gamma_from_mean_cv(0.010, cv).unwrap();
            assert!((d.mean() - 0.010).abs() < 1e-15);
            assert!((d.scv() - cv * cv).abs() < 1e-12);
            let x = sampler_for(&d)(3);
            let (m, v) = mean_var(&x);
            assert!(
                (m / 0.010 - 1.0).abs() < 4.0 * cv / (N as f64).sqrt(),
                "{m}"
            );
            assert!(
                (v.sqrt() / m / cv - 1.0).abs() < 0.03,
                "cv {}",
                v.sqrt() / m
            );
            let ServiceDist::Gamma { shape, scale } = d else {
                unreachable!()
            };
            let g = GammaCdf::new(shape, 1.0 / scale).unwrap();
            assert!(ks(x, |t| g.cdf(t)) < 1.95);
        }
    }

    #[test]
    fn empirical_parse_and_resample() {
        let text = "# latencies\n10\n20ms\n\n30 ms\n0.04 s\n";
        let v = ServiceDist::parse_empirical(text).unwrap();
        assert_eq!(v.len(), 4);
        assert!((v[1] - 0.020).abs() < 1e-15 && (v[0] - 0.010).abs() < 1e-15);
        let d = ServiceDist::empirical(v).unwrap();
        assert!((d.mean() - 0.025).abs() < 1e-15);
        let ServiceDist::Empirical { samples } = &d else {
            unreachable!()
        };
        let x = draws(&EmpiricalSampler { samples }, 4);
        // Each of the 4 values is drawn with probability ¼: chi-square with 3 d.o.f.
        let mut counts = [0usize; 4];
        for t in &x {
            counts[samples.iter().position(|s| s == t).unwrap()] += 1;
        }
        let e = N as f64 / 4.0;
        let chi2: f64 = counts.iter().map(|c| (*c as f64 - e).powi(2) / e).sum();
        assert!(chi2 < 16.27, "chi² {chi2} (0.1% critical value 16.27)"); // χ²₃ 99.9%
        assert!(ServiceDist::parse_empirical("12\nfast\n").is_err());
        assert!(ServiceDist::parse_empirical("-3\n").is_err());
        assert!(ServiceDist::empirical(vec![]).is_err());
        assert!(ServiceDist::empirical(vec![0.0, 0.0]).is_err());
    }

    #[test]
    fn quantile_points_match_distribution() {
        let d = ServiceDist::exponential(1.0).unwrap();
        let q = d.quantile_points(1000);
        let m = q.iter().sum::<f64>() / 1000.0;
        assert!((m - 1.0).abs() < 0.01);
        let g = ServiceDist::gamma_from_mean_cv(2.0, 0.5).unwrap();
        let q = g.quantile_points(1000);
        assert!((q.iter().sum::<f64>() / 1000.0 / 2.0 - 1.0).abs() < 0.01);
    }

    #[test]
    fn gamma_quantiles_invert_the_cdf_at_every_cv() {
        // Shapes from 10⁻⁴ (cv 100) to 10⁶ (cv 0.001): every point is finite and the CDF
        // at it is the level it was asked for; at cv 2 the mean of the points is the mean.
        for cv in [0.001, 0.3, 0.9, 1.0, 1.5, 2.0, 4.0, 10.0, 100.0] {
            let d = ServiceDist::gamma_from_mean_cv(0.01, cv).unwrap();
            let ServiceDist::Gamma { shape, scale } = d else {
                unreachable!()
            };
            let g = GammaCdf::new(shape, 1.0 / scale).unwrap();
            let q = d.quantile_points(4096);
            assert_eq!(q.len(), 4096, "cv {cv}");
            for (i, x) in q.iter().enumerate() {
                let u = (i as f64 + 0.5) / 4096.0;
                assert!(x.is_finite() && *x >= 0.0, "cv {cv}: {x}");
                // At cv 0.001 (shape 10⁶) the CDF is so steep that one ulp of x moves it ~1e-10;
                // far below the scale the series form is used (the library's CDF underflows).
                if *x > 1e-6 * scale {
                    assert!(
                        (g.cdf(*x) - u).abs() < 1e-7,
                        "cv {cv} u {u}: F({x}) = {}",
                        g.cdf(*x)
                    );
                }
            }
            assert!(q.windows(2).all(|w| w[0] <= w[1]), "cv {cv}: not sorted");
        }
        // cv 2 (shape ¼): the median is far below the mean but well above zero, and the
        // points still average to the mean (the old inversion put them near 10⁻⁵⁷ s).
        let d = ServiceDist::gamma_from_mean_cv(0.01, 2.0).unwrap();
        let ServiceDist::Gamma { shape, scale } = d else {
            unreachable!()
        };
        let g = GammaCdf::new(shape, 1.0 / scale).unwrap();
        let med = gamma_quantile(&g, 0.01, 0.5, None);
        assert!((g.cdf(med) - 0.5).abs() < 1e-12 && med > 1e-6, "{med}");
        let m = d.quantile_points(4096).iter().sum::<f64>() / 4096.0;
        assert!((m / 0.01 - 1.0).abs() < 0.02, "{m}");
    }
}
