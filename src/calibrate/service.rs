//! The service-time distribution: from raw latency samples, the family (exponential,
//! lognormal, gamma) that fits best; without samples, from the latency at the lowest load.
//!
//! # Formula
//! Maximum-likelihood fits (Johnson, Kotz & Balakrishnan, *Continuous Univariate
//! Distributions* vol. 1, ch. 14, 17, 19):
//! - exponential: mean `x̄`;
//! - lognormal: `μ = mean(ln x)`, `σ² = mean((ln x − μ)²)`;
//! - gamma: shape `k` solving `ln k − ψ(k) = ln x̄ − mean(ln x)` (ψ the digamma function,
//!   solved by bisection on ln k), scale `x̄/k`.
//!
//! The family with the smallest Kolmogorov–Smirnov distance wins (`gof`). The reported mean
//! and cv are the sample's (`cv = s/x̄`, s with n−1), the mean with its t interval.
//! Without samples the service time is the latency at the lowest measured concurrency: with
//! its p50 and p99, a lognormal through them (`σ = (ln p99 − ln p50)/Φ⁻¹(0.99)`); with its
//! standard deviation, a gamma of that mean and cv; with its mean alone, an exponential
//! (cv 1), said as an assumption.

use super::gof::{ks_distance, ks_p_value};
use super::{CalibrateError, LoadPoint};
use crate::catalog::ServiceFamily;
use crate::queueing::dist::Z99;
use serde::Serialize;
use statrs::distribution::{ContinuousCDF, Exp, Gamma, LogNormal, StudentsT};
use statrs::function::gamma::digamma;

/// One family's fit to the samples.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct FamilyFit {
    pub family: ServiceFamily,
    /// The family's parameters, in words (`mu 1.2, sigma 0.5`).
    pub params: String,
    /// Kolmogorov–Smirnov distance.
    pub ks_d: f64,
    pub p_value: f64,
}

/// The service time the calibration uses.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ServiceFit {
    pub mean_s: f64,
    pub mean_ci95_s: Option<[f64; 2]>,
    pub cv: f64,
    pub family: ServiceFamily,
    /// How it was found, in words.
    pub method: String,
    pub samples: usize,
    /// Every family tried, best first (samples only).
    pub fits: Vec<FamilyFit>,
}

/// Fit the samples (seconds).
pub fn from_samples(samples: &[f64]) -> Result<ServiceFit, CalibrateError> {
    let mut x = samples.to_vec();
    x.sort_by(f64::total_cmp);
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let var = x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    if !(mean > 0.0 && var > 0.0) {
        return Err(CalibrateError::Fit(
            "the latency samples have no spread (or a zero mean): nothing to fit".into(),
        ));
    }
    let mut fits = Vec::new();
    let with = |family, params: String, cdf: &dyn Fn(f64) -> f64| {
        let d = ks_distance(&x, cdf);
        FamilyFit {
            family,
            params,
            ks_d: d,
            p_value: ks_p_value(d, x.len()),
        }
    };
    if let Ok(e) = Exp::new(1.0 / mean) {
        fits.push(with(
            ServiceFamily::Exponential,
            format!("mean {}", crate::units::fmt_duration(mean)),
            &|v| e.cdf(v),
        ));
    }
    // Lognormal and gamma need positive values.
    if x[0] > 0.0 {
        let logs: Vec<f64> = x.iter().map(|v| v.ln()).collect();
        let mu = logs.iter().sum::<f64>() / n;
        let s2 = logs.iter().map(|l| (l - mu).powi(2)).sum::<f64>() / n;
        if let Ok(l) = LogNormal::new(mu, s2.sqrt()) {
            fits.push(with(
                ServiceFamily::Lognormal,
                format!("mu {mu:.4}, sigma {:.4}", s2.sqrt()),
                &|v| l.cdf(v),
            ));
        }
        let k = gamma_shape(mean.ln() - mu);
        if let Ok(g) = Gamma::new(k, k / mean) {
            fits.push(with(
                ServiceFamily::Gamma,
                format!(
                    "shape {k:.4}, scale {}",
                    crate::units::fmt_duration(mean / k)
                ),
                &|v| g.cdf(v),
            ));
        }
    }
    fits.sort_by(|a, b| a.ks_d.total_cmp(&b.ks_d).then(a.family.cmp(&b.family)));
    let best = fits[0].family;
    let half = StudentsT::new(0.0, 1.0, n - 1.0)
        .map(|t| t.inverse_cdf(0.975) * (var / n).sqrt())
        .ok();
    let cv = var.sqrt() / mean;
    Ok(ServiceFit {
        mean_s: mean,
        mean_ci95_s: half.map(|h| [mean - h, mean + h]),
        // An exponential has cv 1 by definition; the catalog entry says so.
        cv: if best == ServiceFamily::Exponential {
            1.0
        } else {
            cv
        },
        family: best,
        method: format!(
            "{} latency samples; {} fits best by the Kolmogorov–Smirnov distance (sample cv {:.3})",
            x.len(),
            best.words(),
            cv
        ),
        samples: x.len(),
        fits,
    })
}

/// The gamma shape k with `ln k − ψ(k) = s` (s > 0; the left side falls from ∞ to 0).
fn gamma_shape(s: f64) -> f64 {
    let s = s.max(1e-12);
    let (mut lo, mut hi) = (-20.0f64, 20.0f64);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        let k = mid.exp();
        if k.ln() - digamma(k) > s {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo < 1e-12 {
            break;
        }
    }
    (0.5 * (lo + hi)).exp()
}

/// The service time from the lowest-load level with a latency.
pub fn from_low_load(points: &[LoadPoint]) -> Option<ServiceFit> {
    let p = points
        .iter()
        .filter(|p| p.mean_s.is_some() || p.p50_s.is_some())
        .min_by(|a, b| a.concurrency.total_cmp(&b.concurrency))?;
    let at = format!(
        "latency at the lowest load ({} in flight, {})",
        crate::units::trim_num(p.concurrency, 3),
        p.at
    );
    let fit = |mean_s: f64, cv: f64, family, how: String| ServiceFit {
        mean_s,
        mean_ci95_s: None,
        cv,
        family,
        method: format!("{at}: {how}"),
        samples: 0,
        fits: vec![],
    };
    match (p.p50_s, p.p99_s, p.sd_s, p.mean_s) {
        (Some(p50), Some(p99), _, _) if p50 > 0.0 && p99 > p50 => {
            let sigma = (p99.ln() - p50.ln()) / Z99;
            let mean = p.mean_s.unwrap_or((p50.ln() + 0.5 * sigma * sigma).exp());
            Some(fit(
                mean,
                (sigma * sigma).exp_m1().sqrt(),
                ServiceFamily::Lognormal,
                "a lognormal through its p50 and p99".into(),
            ))
        }
        (_, _, Some(sd), Some(mean)) if mean > 0.0 && sd > 0.0 => Some(fit(
            mean,
            sd / mean,
            ServiceFamily::Gamma,
            "a gamma with its mean and standard deviation".into(),
        )),
        (_, _, _, Some(mean)) if mean > 0.0 => Some(fit(
            mean,
            1.0,
            ServiceFamily::Exponential,
            "its mean alone; exponential (cv 1) assumed".into(),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_distr::Distribution;

    #[test]
    fn gamma_shape_solves_its_equation() {
        for k in [0.3, 1.0, 2.5, 40.0] {
            let s = f64::ln(k) - digamma(k);
            assert!((gamma_shape(s) / k - 1.0).abs() < 1e-9, "{k}");
        }
    }

    #[test]
    fn recognises_each_family() {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(11);
        let n = 4000;
        let logn = rand_distr::LogNormal::new(-5.0, 0.6).unwrap();
        let gam = rand_distr::Gamma::new(3.0, 0.002).unwrap();
        let exp = rand_distr::Exp::new(200.0).unwrap();
        let draw = |d: &dyn Fn(&mut rand_xoshiro::Xoshiro256PlusPlus) -> f64,
                    rng: &mut rand_xoshiro::Xoshiro256PlusPlus| {
            (0..n).map(|_| d(rng)).collect::<Vec<f64>>()
        };
        let l = from_samples(&draw(&|r| logn.sample(r), &mut rng)).unwrap();
        assert_eq!(l.family, ServiceFamily::Lognormal);
        // cv of a lognormal: √(e^{σ²} − 1) = √(e^{0.36} − 1) = 0.6588.
        assert!((l.cv - 0.6588).abs() < 0.05, "{}", l.cv);
        let g = from_samples(&draw(&|r| gam.sample(r), &mut rng)).unwrap();
        assert_eq!(g.family, ServiceFamily::Gamma);
        // mean kθ = 6 ms, cv 1/√3 = 0.577.
        assert!((g.mean_s - 0.006).abs() < 0.0002, "{}", g.mean_s);
        assert!((g.cv - 0.577).abs() < 0.03, "{}", g.cv);
        let e = from_samples(&draw(&|r| exp.sample(r), &mut rng)).unwrap();
        // An exponential is the gamma of shape 1: either may win, with a shape near 1.
        assert!(e.fits[0].ks_d < 0.03);
        assert!(matches!(
            e.family,
            ServiceFamily::Exponential | ServiceFamily::Gamma
        ));
        assert!((e.mean_s - 0.005).abs() < 0.0003);
    }

    #[test]
    fn low_load_uses_what_the_level_has() {
        let mut p = LoadPoint::new(1.0, 200.0, "t.csv:2".into());
        p.mean_s = Some(0.005);
        let f = from_low_load(&[p.clone()]).unwrap();
        assert_eq!((f.family, f.cv), (ServiceFamily::Exponential, 1.0));
        p.p50_s = Some(0.004);
        p.p99_s = Some(0.004 * (0.5 * Z99).exp());
        let f = from_low_load(&[p]).unwrap();
        assert_eq!(f.family, ServiceFamily::Lognormal);
        // σ = 0.5: cv = √(e^{0.25} − 1) = 0.5329.
        assert!((f.cv - 0.532_9).abs() < 1e-4, "{}", f.cv);
    }
}
