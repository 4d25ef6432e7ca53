//! The Universal Scalability Law fitted to throughput against concurrency.
//!
//! # Formula
//! `X(N) = λN / (1 + σ(N−1) + κN(N−1))` (N. J. Gunther, *Guerrilla Capacity Planning*,
//! ch. 4): λ the throughput of one request in flight, σ contention (the serial share), κ
//! coherency (the cost of keeping copies consistent, which makes throughput fall past a peak).
//! The peak is at `N* = √((1−σ)/κ)` with `X(N*)` requests/s.
//!
//! Fitted by nonlinear least squares on relative residuals `(X(Nᵢ) − Xᵢ)/Xᵢ` (load-test noise
//! grows with the rate), Levenberg–Marquardt (MINPACK's, through the `levenberg-marquardt`
//! crate), from the linear fit of `N/X = a + b(N−1) + cN(N−1)` (Gunther's
//! linearisation, `λ = 1/a`, `σ = b/a`, `κ = c/a`). σ and κ are physical only when ≥ 0: a
//! negative estimate is refitted held at 0.
//!
//! # Formula
//! Intervals from the Jacobian J of the residuals at the optimum: `Cov θ = s² (JᵀJ)⁻¹` with
//! `s² = RSS/(n−p)`, and `θ ± t(0.975, n−p)·√Cov_ii` (Bates & Watts, *Nonlinear Regression
//! Analysis and Its Applications*, §2.3). The peak's intervals by the delta method,
//! `Var g = ∇gᵀ Cov ∇g`, the gradient by central differences.

use super::{CalibrateError, LoadPoint, Tolerances};
use levenberg_marquardt::{LeastSquaresProblem, LevenbergMarquardt};
use nalgebra::{DMatrix, DVector, Dyn, Owned};
use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

/// λ, σ, κ.
pub type Params = [f64; 3];

/// The model's throughput at concurrency `n`.
pub fn throughput(p: &Params, n: f64) -> f64 {
    p[0] * n / (1.0 + p[1] * (n - 1.0) + p[2] * n * (n - 1.0))
}

/// `(N*, X(N*))`, when throughput has a peak (κ > 0).
pub fn peak(p: &Params) -> Option<(f64, f64)> {
    if p[2] <= 0.0 {
        return None;
    }
    let n = ((1.0 - p[1]).max(0.0) / p[2]).sqrt().max(1.0);
    Some((n, throughput(p, n)))
}

/// A 95% interval.
pub type Interval = [f64; 2];

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Intervals {
    pub lambda: Interval,
    pub sigma: Interval,
    pub kappa: Interval,
    pub peak_throughput: Option<Interval>,
    pub peak_concurrency: Option<Interval>,
}

/// One load level against the fit.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Residual {
    pub concurrency: f64,
    pub measured: f64,
    pub fitted: f64,
    /// (measured − fitted) ÷ fitted.
    pub relative: f64,
}

/// The fit, its uncertainty and how well it fits.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct UslFit {
    pub lambda: f64,
    pub sigma: f64,
    pub kappa: f64,
    /// X(N*) when there is a peak; else the ceiling λ/σ that throughput approaches (σ > 0).
    pub peak_throughput: Option<f64>,
    /// N*, when there is a peak.
    pub peak_concurrency: Option<f64>,
    pub ci95: Intervals,
    /// Correlation of the σ and κ estimates (of the free fit when one is held at 0).
    pub corr_sigma_kappa: Option<f64>,
    /// 1 − SS_res/SS_tot of the throughputs.
    pub r_squared: f64,
    /// Root mean square of the relative residuals.
    pub rms_relative: f64,
    pub residuals: Vec<Residual>,
    /// Parameters held at 0 because their free estimate was negative.
    pub held_at_zero: Vec<String>,
    pub warnings: Vec<String>,
}

/// The least-squares problem over the free parameters (the others held at their value).
struct Problem<'a> {
    n: &'a [f64],
    x: &'a [f64],
    all: Params,
    free: Vec<usize>,
}

impl Problem<'_> {
    fn with(&self, f: &DVector<f64>) -> Params {
        let mut p = self.all;
        for (k, &i) in self.free.iter().enumerate() {
            p[i] = f[k];
        }
        p
    }
}

impl LeastSquaresProblem<f64, Dyn, Dyn> for Problem<'_> {
    type ResidualStorage = Owned<f64, Dyn>;
    type JacobianStorage = Owned<f64, Dyn, Dyn>;
    type ParameterStorage = Owned<f64, Dyn>;

    fn set_params(&mut self, f: &DVector<f64>) {
        self.all = self.with(f);
    }

    fn params(&self) -> DVector<f64> {
        DVector::from_iterator(self.free.len(), self.free.iter().map(|&i| self.all[i]))
    }

    fn residuals(&self) -> Option<DVector<f64>> {
        let r = DVector::from_iterator(
            self.n.len(),
            self.n
                .iter()
                .zip(self.x)
                .map(|(&n, &x)| (throughput(&self.all, n) - x) / x),
        );
        r.iter().all(|v| v.is_finite()).then_some(r)
    }

    fn jacobian(&self) -> Option<DMatrix<f64>> {
        let [l, s, k] = self.all;
        let mut j = DMatrix::zeros(self.n.len(), self.free.len());
        for (row, (&n, &x)) in self.n.iter().zip(self.x).enumerate() {
            let d = 1.0 + s * (n - 1.0) + k * n * (n - 1.0);
            let full = [
                n / d,
                -l * n * (n - 1.0) / (d * d),
                -l * n * n * (n - 1.0) / (d * d),
            ];
            for (c, &i) in self.free.iter().enumerate() {
                j[(row, c)] = full[i] / x;
            }
        }
        j.iter().all(|v| v.is_finite()).then_some(j)
    }
}

/// A converged fit over some free parameters, with their covariance.
struct Solved {
    p: Params,
    free: Vec<usize>,
    cov: DMatrix<f64>,
    rss: f64,
}

fn solve(n: &[f64], x: &[f64], start: Params, free: Vec<usize>) -> Option<Solved> {
    let problem = Problem {
        n,
        x,
        all: start,
        free,
    };
    // MINPACK's defaults; patience bounds the evaluations at 100 × (parameters + 1).
    let (done, report) = LevenbergMarquardt::new().minimize(problem);
    if !report.termination.was_successful() {
        return None;
    }
    let r = done.residuals()?;
    let j = done.jacobian()?;
    let dof = (n.len() - done.free.len()) as f64;
    let rss = r.norm_squared();
    let cov = (j.transpose() * &j).try_inverse()? * (rss / dof);
    Some(Solved {
        p: done.all,
        free: done.free,
        cov,
        rss,
    })
}

/// Gunther's linearisation, for a start: least squares of N/X on 1, N−1, N(N−1).
fn start(n: &[f64], x: &[f64]) -> Params {
    let a = DMatrix::from_fn(n.len(), 3, |r, c| match c {
        0 => 1.0,
        1 => n[r] - 1.0,
        _ => n[r] * (n[r] - 1.0),
    });
    let b = DVector::from_iterator(n.len(), n.iter().zip(x).map(|(n, x)| n / x));
    let lin = (a.transpose() * &a)
        .try_inverse()
        .map(|inv| inv * a.transpose() * b);
    let first = n
        .iter()
        .zip(x)
        .min_by(|a, b| a.0.total_cmp(b.0))
        .map_or(1.0, |(n, x)| x / n);
    match lin {
        Some(c) if c[0] > 0.0 => [1.0 / c[0], (c[1] / c[0]).max(1e-4), (c[2] / c[0]).max(1e-7)],
        _ => [first, 1e-2, 1e-5],
    }
}

/// Fit the USL to load levels.
pub fn fit(points: &[LoadPoint], tol: &Tolerances) -> Result<UslFit, CalibrateError> {
    let used: Vec<&LoadPoint> = points
        .iter()
        .filter(|p| p.concurrency > 0.0 && p.throughput > 0.0)
        .collect();
    let mut levels: Vec<f64> = used.iter().map(|p| p.concurrency).collect();
    levels.sort_by(f64::total_cmp);
    levels.dedup();
    if used.len() < 4 || levels.len() < 3 {
        return Err(CalibrateError::Fit(format!(
            "the scalability law needs at least 4 load levels at 3 or more concurrencies with traffic (found {} at {})",
            used.len(),
            levels.len()
        )));
    }
    let n: Vec<f64> = used.iter().map(|p| p.concurrency).collect();
    let x: Vec<f64> = used.iter().map(|p| p.throughput).collect();
    let s0 = start(&n, &x);
    let fail = || {
        CalibrateError::Fit(
            "the scalability law does not converge on these load levels; check that throughput is in requests/s and concurrency in requests in flight".into(),
        )
    };
    let free_fit = solve(&n, &x, s0, vec![0, 1, 2]).ok_or_else(fail)?;
    let mut held = Vec::new();
    let mut fitted = free_fit;
    let mut unconstrained: Option<Solved> = None;
    for _ in 0..2 {
        let neg: Vec<usize> = [1, 2]
            .into_iter()
            .filter(|&i| fitted.free.contains(&i) && fitted.p[i] < 0.0)
            .collect();
        if neg.is_empty() {
            break;
        }
        let mut start = fitted.p;
        for &i in &neg {
            start[i] = 0.0;
            held.push(i);
        }
        let free: Vec<usize> = (0..3).filter(|i| !held.contains(i)).collect();
        let refit = solve(&n, &x, start, free).ok_or_else(fail)?;
        unconstrained.get_or_insert(std::mem::replace(&mut fitted, refit));
    }
    Ok(summarise(&n, &x, fitted, unconstrained, held, tol))
}

fn t975(dof: f64) -> f64 {
    StudentsT::new(0.0, 1.0, dof.max(1.0))
        .map(|t| t.inverse_cdf(0.975))
        .unwrap_or(1.96)
}

/// The delta-method standard error of `g` at the fit.
fn delta_se(s: &Solved, g: impl Fn(&Params) -> Option<f64>) -> Option<f64> {
    let grad: Vec<f64> = s
        .free
        .iter()
        .map(|&i| {
            let h = 1e-6 * s.p[i].abs().max(1e-9);
            let (mut up, mut dn) = (s.p, s.p);
            up[i] += h;
            dn[i] -= h;
            Some((g(&up)? - g(&dn)?) / (2.0 * h))
        })
        .collect::<Option<_>>()?;
    let g = DVector::from_vec(grad);
    let v = (g.transpose() * &s.cov * &g)[(0, 0)];
    (v.is_finite() && v >= 0.0).then(|| v.sqrt())
}

fn summarise(
    n: &[f64],
    x: &[f64],
    s: Solved,
    unconstrained: Option<Solved>,
    held: Vec<usize>,
    tol: &Tolerances,
) -> UslFit {
    let t = t975((n.len() - s.free.len()) as f64);
    let se = |from: &Solved, i: usize| {
        from.free
            .iter()
            .position(|&f| f == i)
            .map(|k| from.cov[(k, k)].max(0.0).sqrt())
    };
    let interval = |i: usize| -> Interval {
        match se(&s, i) {
            Some(e) => [s.p[i] - t * e, s.p[i] + t * e],
            // Held at 0: from 0 to the free fit's upper end.
            None => {
                let u = unconstrained.as_ref().unwrap_or(&s);
                let hi = se(u, i).map_or(0.0, |e| u.p[i] + t * e);
                [0.0, hi.max(0.0)]
            }
        }
    };
    // From the free fit: holding one at 0 hides how entangled the two were.
    let cs = unconstrained.as_ref().unwrap_or(&s);
    let corr = match (
        cs.free.iter().position(|&f| f == 1),
        cs.free.iter().position(|&f| f == 2),
    ) {
        (Some(a), Some(b)) => {
            let c = cs.cov[(a, b)] / (cs.cov[(a, a)] * cs.cov[(b, b)]).sqrt();
            c.is_finite().then_some(c)
        }
        _ => None,
    };
    let pk = peak(&s.p);
    let ceiling = (s.p[2] <= 0.0 && s.p[1] > 0.0).then(|| s.p[0] / s.p[1]);
    let ci_of = |v: f64, e: Option<f64>| e.map(|e| [v - t * e, v + t * e]);
    let (peak_ci_x, peak_ci_n) = match pk {
        Some((pn, px)) => (
            ci_of(px, delta_se(&s, |p| peak(p).map(|q| q.1))),
            ci_of(pn, delta_se(&s, |p| peak(p).map(|q| q.0))),
        ),
        None => (
            ceiling.and_then(|c| ci_of(c, delta_se(&s, |p| (p[1] > 0.0).then(|| p[0] / p[1])))),
            None,
        ),
    };
    let residuals: Vec<Residual> = n
        .iter()
        .zip(x)
        .map(|(&n, &x)| {
            let f = throughput(&s.p, n);
            Residual {
                concurrency: n,
                measured: x,
                fitted: f,
                relative: (x - f) / f,
            }
        })
        .collect();
    let mean = x.iter().sum::<f64>() / x.len() as f64;
    let ss_tot: f64 = x.iter().map(|v| (v - mean).powi(2)).sum();
    let ss_res: f64 = residuals
        .iter()
        .map(|r| (r.measured - r.fitted).powi(2))
        .sum();
    let ci95 = Intervals {
        lambda: interval(0),
        sigma: interval(1),
        kappa: interval(2),
        peak_throughput: peak_ci_x,
        peak_concurrency: peak_ci_n,
    };
    let mut fit = UslFit {
        lambda: s.p[0],
        sigma: s.p[1],
        kappa: s.p[2],
        peak_throughput: pk.map(|q| q.1).or(ceiling),
        peak_concurrency: pk.map(|q| q.0),
        ci95,
        corr_sigma_kappa: corr,
        r_squared: if ss_tot > 0.0 {
            1.0 - ss_res / ss_tot
        } else {
            1.0
        },
        rms_relative: (s.rss / n.len() as f64).sqrt(),
        residuals,
        held_at_zero: held
            .iter()
            .map(|&i| ["λ", "σ", "κ"][i].to_string())
            .collect(),
        warnings: Vec::new(),
    };
    fit.warnings = warnings(&fit, n, tol);
    fit
}

/// What a reader of the fit should know.
fn warnings(f: &UslFit, n: &[f64], tol: &Tolerances) -> Vec<String> {
    let mut w = Vec::new();
    let vague = |v: f64, ci: Interval| ci[0] <= 0.0 || (ci[1] - ci[0]) > 2.0 * v.abs();
    let entangled = f
        .corr_sigma_kappa
        .is_some_and(|c| c.abs() >= tol.sigma_kappa_correlation);
    if entangled && (vague(f.sigma, f.ci95.sigma) || vague(f.kappa, f.ci95.kappa)) {
        w.push(format!(
            "the data cannot tell contention (σ) from coherency (κ): their estimates are correlated {:.2} and at least one interval reaches 0; measure at higher concurrency, up to and past the peak",
            f.corr_sigma_kappa.unwrap_or(0.0)
        ));
    }
    for h in &f.held_at_zero {
        w.push(format!(
            "{h} came out negative and is held at 0 (the law has no negative {h})"
        ));
    }
    let top = n.iter().copied().fold(0.0, f64::max);
    if let Some(pn) = f.peak_concurrency {
        if pn > top * tol.extrapolation {
            w.push(format!(
                "the peak at {pn:.0} in flight lies beyond the highest measured concurrency ({top:.0}): it is extrapolated"
            ));
        }
    } else if f.kappa <= 0.0 {
        w.push("no coherency cost measured (κ = 0): throughput levels off without a peak".into());
    }
    if f.r_squared < tol.min_r_squared {
        w.push(format!(
            "the law fits poorly (R² {:.3}): check the load levels for errors or a second bottleneck",
            f.r_squared
        ));
    }
    w
}

/// Synthetic load levels from known parameters: at each concurrency the law's throughput
/// times `1 + noise·z`, z standard normal (multiplicative noise, as the fit assumes), from
/// `seed`. For validating the fit against a known truth.
pub fn synthetic(p: &Params, concurrencies: &[f64], noise: f64, seed: u64) -> Vec<LoadPoint> {
    use rand::SeedableRng;
    use rand_distr::{Distribution, StandardNormal};
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(seed);
    concurrencies
        .iter()
        .map(|&n| {
            let z: f64 = StandardNormal.sample(&mut rng);
            let x = throughput(p, n) * (1.0 + noise * z).max(0.01);
            LoadPoint::new(n, x, format!("synthetic N={n}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noisy_data_recovers_the_truth_within_the_intervals() {
        let truth = [1000.0, 0.03, 0.0005];
        let ns = [
            1.0, 2.0, 4.0, 8.0, 12.0, 16.0, 24.0, 32.0, 48.0, 64.0, 80.0, 96.0,
        ];
        let f = fit(&synthetic(&truth, &ns, 0.03, 42), &Tolerances::default()).unwrap();
        for (name, v, ci, t) in [
            ("λ", f.lambda, f.ci95.lambda, truth[0]),
            ("σ", f.sigma, f.ci95.sigma, truth[1]),
            ("κ", f.kappa, f.ci95.kappa, truth[2]),
        ] {
            assert!(ci[0] <= t && t <= ci[1], "{name}: {v} in {ci:?} misses {t}");
        }
        let [lo, hi] = f.ci95.peak_throughput.unwrap();
        let x_star = peak(&truth).unwrap().1;
        assert!(lo <= x_star && x_star <= hi, "{lo}–{hi} misses {x_star}");
        assert!(f.warnings.is_empty(), "{:?}", f.warnings);
    }

    #[test]
    fn data_short_of_the_peak_cannot_tell_sigma_from_kappa() {
        let truth = [1000.0, 0.03, 0.0005];
        let f = fit(
            &synthetic(&truth, &[1.0, 2.0, 3.0, 4.0, 6.0, 8.0], 0.03, 3),
            &Tolerances::default(),
        )
        .unwrap();
        assert!(
            f.warnings
                .iter()
                .any(|w| w.contains("cannot tell contention")),
            "{:?} corr {:?}",
            f.warnings,
            f.corr_sigma_kappa
        );
    }

    fn points(p: &Params, ns: &[f64]) -> Vec<LoadPoint> {
        ns.iter()
            .map(|&n| LoadPoint::new(n, throughput(p, n), String::new()))
            .collect()
    }

    #[test]
    fn exact_data_recovers_the_parameters() {
        let truth = [1000.0, 0.03, 0.0005];
        let ns = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 48.0, 64.0, 96.0];
        let f = fit(&points(&truth, &ns), &Tolerances::default()).unwrap();
        assert!((f.lambda / 1000.0 - 1.0).abs() < 1e-8, "{}", f.lambda);
        assert!((f.sigma / 0.03 - 1.0).abs() < 1e-6, "{}", f.sigma);
        assert!((f.kappa / 0.0005 - 1.0).abs() < 1e-6, "{}", f.kappa);
        // N* = √(0.97/0.0005) = 44.045; X(N*) by hand = 44 045/(1 + 1.2914 + 0.9480) = 13 597.
        let n_star = (0.97f64 / 0.0005).sqrt();
        assert!((f.peak_concurrency.unwrap() - n_star).abs() < 1e-4);
        let x_star =
            1000.0 * n_star / (1.0 + 0.03 * (n_star - 1.0) + 0.0005 * n_star * (n_star - 1.0));
        assert!((f.peak_throughput.unwrap() - x_star).abs() < 1e-3);
        assert!((x_star - 13_597.0).abs() < 1.0, "{x_star}");
        assert!(f.r_squared > 0.999_999);
    }

    #[test]
    fn negative_kappa_is_held_at_zero() {
        // Amdahl data (κ = 0) bent slightly upwards: the free fit has κ < 0.
        let truth = [500.0, 0.1, 0.0];
        let mut p = points(&truth, &[1.0, 2.0, 4.0, 8.0, 16.0]);
        p[4].throughput *= 1.02;
        let f = fit(&p, &Tolerances::default()).unwrap();
        assert_eq!(f.kappa, 0.0);
        assert_eq!(f.held_at_zero, vec!["κ".to_string()]);
        assert_eq!(f.peak_concurrency, None);
        assert!((f.peak_throughput.unwrap() - f.lambda / f.sigma).abs() < 1e-6);
        assert_eq!(f.ci95.kappa[0], 0.0);
    }

    #[test]
    fn too_few_levels_is_an_error() {
        let e = fit(
            &points(&[100.0, 0.1, 0.01], &[1.0, 2.0, 2.0, 2.0]),
            &Tolerances::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("at least 4 load levels at 3"), "{e}");
    }
}
