//! The gamma law fitted to a route's sojourns, evaluated where the latency quantile needs it:
//! its CDF, its density and the density's first two derivatives at one point, from one
//! logarithm and one exponential, with ln Γ of its shape computed once per law.

use statrs::function::gamma::ln_gamma;

/// Most terms of the series or the continued fraction: both converge long before this for
/// every shape up to 10⁸ (the number needed grows as √shape); the cap only guarantees an end.
const MAX_TERMS: usize = 100_000;

/// Factor the continued fraction's convergents are rescaled by when they grow large: a power of
/// two, so the rescaling itself rounds nothing.
const RESCALE: f64 = 1.0 / 9_007_199_254_740_992.0; // 2⁻⁵³
const RESCALE_ABOVE: f64 = 9_007_199_254_740_992.0; // 2⁵³

/// A gamma law of shape `k` and rate `β`, with ln Γ(k) computed once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct GammaLaw {
    shape: f64,
    rate: f64,
    ln_gamma_shape: f64,
}

/// A gamma law's CDF and complement, density and the density's first two derivatives at one
/// point.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(super) struct GammaPoint {
    pub cdf: f64,
    pub sf: f64,
    pub pdf: f64,
    pub dpdf: f64,
    pub d2pdf: f64,
}

impl GammaLaw {
    /// `None` unless shape and rate are finite and positive.
    pub fn new(shape: f64, rate: f64) -> Option<GammaLaw> {
        let ok = |v: f64| v.is_finite() && v > 0.0;
        (ok(shape) && ok(rate)).then(|| GammaLaw {
            shape,
            rate,
            ln_gamma_shape: ln_gamma(shape),
        })
    }

    /// The gamma law with this mean and variance (moment matching).
    ///
    /// # Formula
    /// k = m²/v, β = m/v (then k/β = m, k/β² = v).
    pub fn from_moments(mean: f64, var: f64) -> Option<GammaLaw> {
        (var > 0.0 && mean > 0.0)
            .then(|| GammaLaw::new(mean * mean / var, mean / var))
            .flatten()
    }

    pub fn shape(&self) -> f64 {
        self.shape
    }

    /// The law at `x`: nothing below or at zero.
    ///
    /// # Formula
    /// With y = βx and e = yᵏ e⁻ʸ / Γ(k): F = P(k, y), 1 − F = Q(k, y) (see [`regularized`]);
    /// f = β e / y; f′ = f β u, u = (k − 1)/y − 1; f″ = f β² (u² − (k − 1)/y²) (differentiating
    /// ln f = const + (k − 1) ln y − y twice).
    pub fn at(&self, x: f64) -> GammaPoint {
        let y = self.rate * x;
        if x.is_nan() {
            return GammaPoint {
                cdf: f64::NAN,
                sf: f64::NAN,
                ..GammaPoint::default()
            };
        }
        if y <= 0.0 {
            return GammaPoint {
                sf: 1.0,
                ..GammaPoint::default()
            };
        }
        let (cdf, sf, front) = regularized(self.shape, self.ln_gamma_shape, y);
        if front == 0.0 || !y.is_finite() {
            return GammaPoint {
                cdf,
                sf,
                ..GammaPoint::default()
            };
        }
        let km1 = self.shape - 1.0;
        let pdf = self.rate * front / y;
        let u = km1 / y - 1.0;
        GammaPoint {
            cdf,
            sf,
            pdf,
            dpdf: pdf * self.rate * u,
            d2pdf: pdf * self.rate * self.rate * (u * u - km1 / (y * y)),
        }
    }
}

/// The regularized incomplete gamma functions P(a, y) and Q(a, y) = 1 − P(a, y), and the
/// factor yᵃ e⁻ʸ / Γ(a) they share, for a > 0 and y > 0 with ln Γ(a) given.
///
/// # Formula
/// Below y = a + 1 the series (Numerical Recipes, 3rd ed., §6.2, eq. 6.2.5)
/// P(a, y) = yᵃ e⁻ʸ / Γ(a) · Σₙ yⁿ / (a (a + 1) ⋯ (a + n)); from there the continued
/// fraction (eq. 6.2.7) Q(a, y) = yᵃ e⁻ʸ / Γ(a) · 1/(y + 1 − a − 1·(1 − a)/(y + 3 − a −
/// 2·(2 − a)/(y + 5 − a − ⋯))), each where it converges fast and gives the smaller of P and Q
/// to full relative precision (the other is 1 minus it). Where the shared factor underflows,
/// P is 0 below a + 1 and 1 above.
pub(super) fn regularized(a: f64, ln_gamma_a: f64, y: f64) -> (f64, f64, f64) {
    if y == f64::INFINITY {
        return (1.0, 0.0, 0.0);
    }
    let front = (a * y.ln() - y - ln_gamma_a).exp();
    if y < a + 1.0 {
        let p = if front == 0.0 {
            0.0
        } else {
            front * series(a, y)
        };
        (p, 1.0 - p, front)
    } else {
        let q = if front == 0.0 {
            0.0
        } else {
            front * continued_fraction(a, y)
        };
        (1.0 - q, q, front)
    }
}

/// Σₙ yⁿ / (a (a + 1) ⋯ (a + n)), summed until a term no longer changes the sum.
fn series(a: f64, y: f64) -> f64 {
    let mut ap = a;
    let mut term = 1.0 / a;
    let mut sum = term;
    for _ in 0..MAX_TERMS {
        ap += 1.0;
        term *= y / ap;
        sum += term;
        if term < sum * f64::EPSILON {
            break;
        }
    }
    sum
}

/// The continued fraction of Q(a, y) ÷ (yᵃ e⁻ʸ / Γ(a)), by its convergents Aₙ/Bₙ.
///
/// # Formula
/// Aₙ = bₙ Aₙ₋₁ + aₙ Aₙ₋₂ and the same for Bₙ (the fundamental recurrence, Numerical Recipes,
/// 3rd ed., §5.2, eq. 5.2.5), with b₁ = y + 1 − a, a₁ = 1, bₙ = bₙ₋₁ + 2, aₙ = −(n − 1)(n − 1 −
/// a); A₀ = 0, B₀ = 1, A₁ = 1, B₁ = b₁. Two successive convergents differ by Dₙ/(Bₙ Bₙ₋₁),
/// where Dₙ = Aₙ Bₙ₋₁ − Aₙ₋₁ Bₙ = −aₙ Dₙ₋₁ (D₁ = 1): the recurrence stops when Dₙ is below
/// machine epsilon of Aₙ Bₙ₋₁, with no division until the last. All four are rescaled by 2⁻⁵³
/// when Bₙ grows large (the convergent and the test are unchanged by it).
fn continued_fraction(a: f64, y: f64) -> f64 {
    let (mut a_prev, mut b_prev) = (0.0, 1.0);
    let mut b_n = y + 1.0 - a;
    let (mut a_cur, mut b_cur) = (1.0, b_n);
    let mut det = 1.0;
    for n in 2..MAX_TERMS {
        let k = (n - 1) as f64;
        let a_n = -k * (k - a);
        b_n += 2.0;
        let a_next = b_n * a_cur + a_n * a_prev;
        let b_next = b_n * b_cur + a_n * b_prev;
        det *= -a_n;
        (a_prev, b_prev, a_cur, b_cur) = (a_cur, b_cur, a_next, b_next);
        // At an integer a some aₙ is 0: Dₙ is then 0 and the fraction ends exactly.
        if det.abs() <= f64::EPSILON * (a_cur * b_prev).abs() {
            break;
        }
        if b_cur.abs() > RESCALE_ABOVE {
            a_prev *= RESCALE;
            b_prev *= RESCALE;
            a_cur *= RESCALE;
            b_cur *= RESCALE;
            det *= RESCALE * RESCALE;
        }
    }
    a_cur / b_cur
}

#[cfg(test)]
mod tests {
    use super::*;
    use statrs::distribution::{Continuous, ContinuousCDF, Gamma};
    use statrs::function::gamma::{gamma_lr, gamma_ur};

    /// Every tolerance of these tests, relative.
    mod tol {
        /// P and Q against statrs over the grid (both are within a few ulps of each other
        /// where ln Γ(a) is small; at a = 10⁴ both lose digits alike to e = yᵃe⁻ʸ/Γ(a)).
        pub const VS_STATRS: f64 = 1e-13;
        /// P and Q against closed forms at integer and half-integer shapes: 10⁻¹⁴, plus a
        /// few ulps of the exponent a·ln y − y − ln Γ(a) (each ulp of it is one of e).
        pub fn closed_form(a: f64, y: f64) -> f64 {
            let exponent = y + (a * y.ln()).abs() + super::ln_gamma(a).abs();
            1e-14 + 4.0 * f64::EPSILON * exponent
        }
        /// The density against statrs's (which takes xᵏ⁻¹ by `powf` and Γ(k) by Lanczos).
        pub const PDF_VS_STATRS: f64 = 1e-12;
        /// Derivatives against central differences of the density (step 10⁻⁵ of a scale).
        pub const DERIVATIVE: f64 = 1e-6;
    }

    fn rel(a: f64, b: f64) -> f64 {
        if a == b {
            0.0
        } else {
            (a - b).abs() / b.abs()
        }
    }

    const SHAPES: [f64; 19] = [
        0.05, 0.1, 0.3, 0.5, 0.9, 1.0, 1.005, 1.1, 1.8, 2.5, 5.0, 10.0, 30.0, 100.0, 160.5, 500.0,
        1e3, 5e3, 1e4,
    ];

    /// Arguments across the body (a ± k√a) and far into both tails of Gamma(a, 1).
    fn grid(a: f64) -> Vec<f64> {
        let s = a.sqrt().max(1.0);
        let body = (-24..=60).map(|i| a + f64::from(i) * 0.25 * s);
        let lower = (1..=12).map(|i| a * 10f64.powi(-i));
        let upper = [2.0, 3.0, 5.0, 10.0, 20.0].map(|m| a * m + 20.0 * s);
        body.chain(lower)
            .chain(upper)
            .filter(|&y| y > 0.0)
            .collect()
    }

    #[test]
    fn regularized_matches_statrs_over_the_grid() {
        for a in SHAPES {
            let lg = ln_gamma(a);
            for y in grid(a) {
                let (p, q, _) = regularized(a, lg, y);
                let (sp, sq) = (gamma_lr(a, y), gamma_ur(a, y));
                // Compare each where it is representable: statrs underflows to 0 alike.
                for (mine, theirs) in [(p, sp), (q, sq)] {
                    if theirs > 1e-300 {
                        assert!(
                            rel(mine, theirs) <= tol::VS_STATRS,
                            "a {a} y {y}: {mine:e} vs statrs {theirs:e}"
                        );
                    } else {
                        assert!(mine <= 1e-290, "a {a} y {y}: {mine:e} vs statrs {theirs:e}");
                    }
                }
                assert!((p + q - 1.0).abs() <= 2.0 * f64::EPSILON, "a {a} y {y}");
            }
        }
    }

    #[test]
    fn regularized_matches_closed_forms() {
        // Q(1, y) = e⁻ʸ; Q(2, y) = (1 + y)e⁻ʸ; Q(3, y) = (1 + y + y²/2)e⁻ʸ (Abramowitz &
        // Stegun 6.5.13).
        for y in [
            1e-8f64, 1e-3, 0.1, 0.5, 1.0, 1.9, 2.0, 2.1, 5.0, 10.0, 50.0, 300.0,
        ] {
            let e = (-y).exp();
            for (a, q) in [
                (1.0, e),
                (2.0, (1.0 + y) * e),
                (3.0, (1.0 + y + y * y / 2.0) * e),
            ] {
                let (_, q_mine, _) = regularized(a, ln_gamma(a), y);
                assert!(
                    rel(q_mine, q) <= tol::closed_form(a, y),
                    "a {a} y {y}: Q {q_mine:e} vs {q:e}"
                );
            }
            let (p, _, _) = regularized(1.0, 0.0, y);
            assert!(
                rel(p, -(-y).exp_m1()) <= tol::closed_form(1.0, y),
                "P(1, {y}) = 1 − e⁻ʸ"
            );
        }
        // P(½, y) = erf(√y), Q(½, y) = erfc(√y) (A&S 6.5.16–17), worked in 40-digit
        // arithmetic and rounded to the nearest double.
        for (y, p, q) in [
            (1e-8, 0.000_112_837_916_333_424_87, 0.999_887_162_083_666_6),
            (1e-3, 0.035_670_591_729_679_89, 0.964_329_408_270_320_1),
            (0.1, 0.345_279_153_981_422_95, 0.654_720_846_018_577),
            (0.5, 0.682_689_492_137_085_9, 0.317_310_507_862_914_1),
            (1.0, 0.842_700_792_949_714_9, 0.157_299_207_050_285_13),
            (1.9, 0.948_747_417_142_630_4, 0.051_252_582_857_369_5),
            (2.0, 0.954_499_736_103_641_6, 0.045_500_263_896_358_42),
            (2.1, 0.959_576_020_663_091_4, 0.040_423_979_336_908_57),
            (5.0, 0.998_434_597_741_997_5, 0.001_565_402_258_002_549_7),
            (10.0, 0.999_992_255_783_569, 7.744_216_431_044_084e-6),
            (50.0, 1.0, 1.523_970_604_832_105e-23),
        ] {
            let (p_mine, q_mine, _) = regularized(0.5, ln_gamma(0.5), y);
            assert!(
                rel(p_mine, p) <= tol::closed_form(0.5, y),
                "P(0.5, {y}) {p_mine:e} vs {p:e}"
            );
            assert!(
                rel(q_mine, q) <= tol::closed_form(0.5, y),
                "Q(0.5, {y}) {q_mine:e} vs {q:e}"
            );
        }
    }

    #[test]
    fn density_and_cdf_match_statrs_distribution() {
        for a in SHAPES {
            for rate in [1.0, 250.0, 1e-2] {
                let g = Gamma::new(a, rate).unwrap();
                let law = GammaLaw::new(a, rate).unwrap();
                for y in grid(a) {
                    let x = y / rate;
                    let at = law.at(x);
                    let pdf = g.pdf(x);
                    // statrs takes βᵏ·xᵏ⁻¹ apart, and loses digits where either leaves the
                    // normal range (deep in the lower tail); compare where both are normal.
                    let normal = |v: f64| v.is_normal() && v < 1e300;
                    if pdf > 1e-300 && normal(x.powf(a - 1.0)) && normal(rate.powf(a)) {
                        assert!(
                            rel(at.pdf, pdf) <= tol::PDF_VS_STATRS,
                            "a {a} rate {rate} x {x}: {:e} vs {pdf:e}",
                            at.pdf
                        );
                    }
                    if at.cdf > 1e-300 {
                        assert!(rel(at.cdf, g.cdf(x)) <= tol::VS_STATRS, "a {a} x {x}");
                    }
                }
            }
        }
    }

    #[test]
    fn derivatives_match_central_differences() {
        for a in [0.3, 1.0, 1.8, 5.0, 100.0] {
            let law = GammaLaw::new(a, 40.0).unwrap();
            let scale = a.sqrt() / 40.0;
            for k in [-1.5, -0.5, 0.0, 1.0, 3.0] {
                let x = a / 40.0 + k * scale;
                if x <= 4.0 * scale * 1e-5 {
                    continue;
                }
                let h = 1e-5 * scale;
                let (lo, mid, hi) = (law.at(x - h), law.at(x), law.at(x + h));
                let d1 = (hi.pdf - lo.pdf) / (2.0 * h);
                let d2 = (hi.dpdf - lo.dpdf) / (2.0 * h);
                let f = (hi.cdf - lo.cdf) / (2.0 * h);
                // Measured against the size of the function differentiated, where the
                // derivative itself passes through zero (the mode).
                let close = |num: f64, exact: f64, size: f64| {
                    (num - exact).abs() <= tol::DERIVATIVE * exact.abs().max(size)
                };
                assert!(close(f, mid.pdf, mid.pdf), "a {a} x {x}: f");
                assert!(close(d1, mid.dpdf, mid.pdf / scale), "a {a} x {x}: f′");
                assert!(
                    close(d2, mid.d2pdf, mid.pdf / (scale * scale)),
                    "a {a} x {x}: f″"
                );
            }
        }
    }

    #[test]
    fn edges() {
        let law = GammaLaw::new(1.8, 300.0).unwrap();
        assert_eq!(law.at(0.0).cdf, 0.0);
        assert_eq!(law.at(-1.0).sf, 1.0);
        assert_eq!(law.at(f64::INFINITY).cdf, 1.0);
        assert_eq!(law.at(1e6).sf, 0.0);
        assert!(law.at(f64::NAN).cdf.is_nan());
        assert_eq!(GammaLaw::new(f64::INFINITY, 1.0), None);
        assert_eq!(GammaLaw::new(1.0, 0.0), None);
        assert_eq!(GammaLaw::from_moments(0.004, 0.0), None);
        let fit = GammaLaw::from_moments(0.004, 1.6e-5).unwrap();
        assert!((fit.shape() - 1.0).abs() < 1e-12);
    }
}
