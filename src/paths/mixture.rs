//! The p-quantile of a mixture of route latency laws, each a fixed delay plus a gamma fitted
//! to the route's sojourns, weighted by the route's rate: what every analytic p99 is.
//!
//! Monte Carlo asks for one per sample, so the mixture lives on the stack, routes that share
//! a law and a delay (geographies an equal round trip away) are evaluated once, and the root
//! is found in two or three evaluations of the mixture from a start that already accounts for
//! the weights.

use super::gamma::{GammaLaw, GammaPoint};

/// A route's part in a mixture: (rate, delay s, sojourn mean s, sojourn variance s²).
pub(crate) type Part = (f64, f64, f64, f64);

/// Distinct components kept on the stack; a mixture with more spills to the heap.
const INLINE: usize = 16;

/// Highest p for which the first bracket is known to reach the quantile (see
/// [`Mixture::bracket`]).
const CANTELLI_P: f64 = 0.99;

/// Relative error of the root at which the search stops, by its estimate of the last step's.
const TOLERANCE: f64 = 1e-15;

/// Relative bracket width at which bisection stops (where the mixture's CDF jumps: a route
/// with no variability).
const BISECTION_WIDTH: f64 = 1e-12;

/// Most evaluations of the mixture.
const MAX_STEPS: usize = 200;

/// One component: its weight, delay, sojourn moments and fitted law.
///
/// # Formula
/// X = Σ sojourns, independent: E[X] = Σ means, Var[X] = Σ variances; X ≈ Gamma(k, β) with
/// k = E²/Var, β = E/Var (moment matching); P(T ≤ t) = F_Gamma(t − delay); with no variance,
/// a step at delay + mean.
#[derive(Debug, Clone, Copy)]
struct Component {
    weight: f64,
    delay: f64,
    mean: f64,
    var: f64,
    law: Option<GammaLaw>,
}

impl Component {
    const EMPTY: Component = Component {
        weight: 0.0,
        delay: 0.0,
        mean: 0.0,
        var: 0.0,
        law: None,
    };

    fn at(&self, t: f64) -> GammaPoint {
        let x = t - self.delay;
        match &self.law {
            _ if x <= 0.0 => GammaPoint::default(),
            Some(g) => g.at(x),
            None => GammaPoint {
                cdf: f64::from(x >= self.mean),
                ..GammaPoint::default()
            },
        }
    }

    /// About the point with upper tail probability `upper`.
    ///
    /// # Formula
    /// Wilson & Hilferty (1931): for X ~ Gamma(k, ·) with mean μ, the quantile at standard
    /// normal quantile z is about μ (1 − c + z √c)³, c = 1/(9k).
    fn approx_quantile(&self, upper: f64) -> f64 {
        let k = self.law.as_ref().map_or(f64::INFINITY, |g| g.shape());
        let c = 1.0 / (9.0 * k);
        let z = normal_upper_quantile(upper);
        self.delay + self.mean * (1.0 - c + z * c.sqrt()).max(0.0).powi(3)
    }
}

/// About the standard normal point with upper tail probability `s`: only a start, so an
/// approximation within 4.5·10⁻⁴.
///
/// # Formula
/// For 0 < s ≤ ½, w = √(−2 ln s), z ≈ w − (c₀ + c₁w + c₂w²)/(1 + d₁w + d₂w² + d₃w³)
/// (Abramowitz & Stegun, Handbook of Mathematical Functions, 26.2.23); z(s) = −z(1 − s).
fn normal_upper_quantile(s: f64) -> f64 {
    let tail = |s: f64| {
        let w = (-2.0 * s.max(1e-300).ln()).sqrt();
        let num = 2.515_517 + w * (0.802_853 + w * 0.010_328);
        let den = 1.0 + w * (1.432_788 + w * (0.189_269 + w * 0.001_308));
        w - num / den
    };
    if s <= 0.5 {
        tail(s)
    } else {
        -tail(1.0 - s)
    }
}

/// The mixture's CDF, density and the density's first two derivatives at one point.
#[derive(Debug, Clone, Copy, Default)]
struct Sum {
    cdf: f64,
    pdf: f64,
    dpdf: f64,
    d2pdf: f64,
}

/// The components of a mixture, weights normalised, on the stack up to [`INLINE`].
struct Mixture {
    inline: [Component; INLINE],
    len: usize,
    spill: Vec<Component>,
    /// Every part finite, with rate, mean and variance ≥ 0 (what the first bracket needs).
    finite: bool,
    /// The largest delay + mean + 10 standard deviations over the parts, plus 1 µs.
    reach: f64,
}

impl Mixture {
    /// The parts' components: parts with the same delay and moments merge (their weights
    /// add), and parts with the same moments share one fitted law.
    fn new(parts: impl IntoIterator<Item = Part>) -> Mixture {
        let mut m = Mixture {
            inline: [Component::EMPTY; INLINE],
            len: 0,
            spill: Vec::new(),
            finite: true,
            reach: 0.0,
        };
        let mut total = 0.0;
        for (w, d, mean, var) in parts {
            total += w;
            m.finite &= [w, d, mean, var].iter().all(|v| v.is_finite())
                && w >= 0.0
                && mean >= 0.0
                && var >= 0.0;
            m.reach = m.reach.max(d + mean + 10.0 * var.sqrt() + 1e-6);
            m.add(w, d, mean, var);
        }
        for c in m.components_mut() {
            c.weight /= total;
        }
        m
    }

    fn add(&mut self, w: f64, delay: f64, mean: f64, var: f64) {
        let same_moments = |c: &Component| c.mean == mean && c.var == var;
        if let Some(c) = self
            .components_mut()
            .iter_mut()
            .find(|c| same_moments(c) && c.delay == delay)
        {
            c.weight += w;
            return;
        }
        let law = match self.components().iter().find(|c| same_moments(c)) {
            Some(c) => c.law,
            None => GammaLaw::from_moments(mean, var),
        };
        let c = Component {
            weight: w,
            delay,
            mean,
            var,
            law,
        };
        if self.len < INLINE {
            self.inline[self.len] = c;
            self.len += 1;
        } else {
            if self.spill.is_empty() {
                self.spill.extend_from_slice(&self.inline);
            }
            self.spill.push(c);
        }
    }

    fn components(&self) -> &[Component] {
        if self.spill.is_empty() {
            &self.inline[..self.len]
        } else {
            &self.spill
        }
    }

    fn components_mut(&mut self) -> &mut [Component] {
        if self.spill.is_empty() {
            &mut self.inline[..self.len]
        } else {
            &mut self.spill
        }
    }

    fn at(&self, t: f64) -> Sum {
        let mut s = Sum::default();
        for c in self.components() {
            let g = c.at(t);
            s.cdf += c.weight * g.cdf;
            s.pdf += c.weight * g.pdf;
            s.dpdf += c.weight * g.dpdf;
            s.d2pdf += c.weight * g.d2pdf;
        }
        s
    }

    /// Times below and at or above the p-quantile.
    ///
    /// # Formula
    /// Below: the smallest delay (nothing has arrived). Above: h = max over routes of delay +
    /// mean + 10σ. By Cantelli's inequality P(X − μ ≥ kσ) ≤ 1/(1 + k²), each route's CDF at h
    /// is at least 1 − 1/101 > 0.99, so the mixture's is too and h holds every p ≤ 0.99;
    /// for a higher p (or a part that is not finite) h doubles until the CDF reaches p.
    fn bracket(&self, p: f64) -> (f64, f64) {
        let mut lo = self
            .components()
            .iter()
            .map(|c| c.delay)
            .fold(f64::INFINITY, f64::min)
            .max(0.0);
        let mut hi = self.reach.max(1e-6);
        if !(self.finite && p <= CANTELLI_P) {
            while self.at(hi).cdf < p && hi < 1e9 {
                lo = hi;
                hi *= 2.0;
            }
        }
        (lo, hi)
    }

    /// Where the search starts.
    ///
    /// # Formula
    /// At the quantile t, Σ wᵢ Sᵢ(t) = 1 − p = q with every term ≥ 0, so for each route with
    /// wᵢ > q, Sᵢ(t) ≤ q/wᵢ: t is at least that route's (1 − q/wᵢ)-quantile. The largest of
    /// these (by [`Component::approx_quantile`]) is where the routes that reach furthest
    /// leave the mixture its last q, and is close to t when one of them holds the tail; with
    /// no weight above q, the largest route p-quantile (t is at most that).
    fn start(&self, p: f64) -> f64 {
        let q = 1.0 - p;
        let cs = self.components();
        let lower = cs
            .iter()
            .filter(|c| c.weight > q)
            .map(|c| c.approx_quantile(q / c.weight))
            .fold(f64::NEG_INFINITY, f64::max);
        if lower.is_finite() {
            return lower;
        }
        cs.iter()
            .map(|c| c.approx_quantile(q))
            .fold(f64::NEG_INFINITY, f64::max)
    }
}

/// Halley's step towards the root of g = F − p, or Newton's where the curvature term would
/// more than halve or double it (far from the root, where neither model holds), with the
/// error left after it; `None` where the density gives no step.
///
/// # Formula
/// g′ = f, g″ = f′, g‴ = f″. Newton: δ = −g/g′, leaving about |g″/(2g′)| δ² (Numerical
/// Recipes, 3rd ed., §9.4). Halley: δ = −2gg′/(2g′² − gg″), leaving about
/// |g″²/(4g′²) − g‴/(6g′)| |δ|³ (Wikipedia, "Halley's method", §Cubic convergence); it is
/// taken while |g g″| ≤ g′².
fn step(g: f64, s: &Sum) -> Option<(f64, f64)> {
    if !(s.pdf > 0.0 && s.pdf.is_finite()) {
        return None;
    }
    let newton = -g / s.pdf;
    if (g * s.dpdf).abs() <= s.pdf * s.pdf {
        let halley = -2.0 * g * s.pdf / (2.0 * s.pdf * s.pdf - g * s.dpdf);
        let c3 = s.dpdf * s.dpdf / (4.0 * s.pdf * s.pdf) - s.d2pdf / (6.0 * s.pdf);
        return Some((halley, c3.abs() * halley.abs().powi(3)));
    }
    let c2 = s.dpdf / (2.0 * s.pdf);
    newton
        .is_finite()
        .then(|| (newton, c2.abs() * newton * newton))
}

/// The p-quantile of a mixture of routes (weights = rates): Halley's method on the mixture
/// CDF from [`Mixture::start`], until its estimate of the error left is below 10⁻¹⁵ of the
/// root; bisection instead of a step that would leave the bracket or is not at most half the
/// one before (Numerical Recipes, 3rd ed., §9.4, `rtsafe`), down to 10⁻¹² of the root where
/// the CDF jumps. NaN for no routes.
pub(crate) fn quantile(parts: impl IntoIterator<Item = Part>, p: f64) -> f64 {
    let m = Mixture::new(parts);
    if m.components().is_empty() {
        return f64::NAN;
    }
    let (mut lo, mut hi) = m.bracket(p);
    let guess = m.start(p);
    let mut t = if guess > lo && guess < hi {
        guess
    } else {
        0.5 * (lo + hi)
    };
    let mut last = hi - lo;
    for _ in 0..MAX_STEPS {
        let s = m.at(t);
        let g = s.cdf - p;
        if g == 0.0 {
            return t;
        }
        if g < 0.0 {
            lo = t;
        } else {
            hi = t;
        }
        let scale = t.abs().max(1e-9);
        if let Some((delta, left)) = step(g, &s) {
            let next = t + delta;
            if next > lo && next < hi && delta.abs() <= 0.5 * last {
                if left <= TOLERANCE * scale || delta.abs() <= TOLERANCE * scale {
                    return next;
                }
                (t, last) = (next, delta.abs());
                continue;
            }
        }
        (t, last) = (0.5 * (lo + hi), 0.5 * (hi - lo));
        if hi - lo <= BISECTION_WIDTH * hi {
            return t;
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use statrs::distribution::{ContinuousCDF, Gamma, Normal};

    /// Every tolerance of these tests, relative.
    mod tol {
        /// Against a quantile found by bisection to the last float on statrs's gamma CDF
        /// (the two CDFs agree to about 10⁻¹⁴; the roots closer, where the density is high).
        pub const VS_BISECTION: f64 = 1e-12;
        /// Against quantiles worked to 20 digits (single gamma laws).
        pub const HAND_WORKED: f64 = 1e-13;
        /// The same mixture written with its parts split or merged.
        pub const REWRITTEN: f64 = 1e-12;
        /// The start's normal quantile (Abramowitz & Stegun 26.2.23: |error| < 4.5·10⁻⁴).
        pub const NORMAL_APPROX: f64 = 4.5e-4;
    }

    fn rel(a: f64, b: f64) -> f64 {
        (a - b).abs() / b.abs()
    }

    /// The p-quantile by bisection to the last float on statrs's CDFs, independent of
    /// everything above.
    fn by_bisection(parts: &[Part], p: f64) -> f64 {
        let total: f64 = parts.iter().map(|x| x.0).sum();
        let cdf = |t: f64| {
            parts
                .iter()
                .map(|&(w, d, m, v)| {
                    let x = t - d;
                    let f = match Gamma::new(m * m / v, m / v) {
                        _ if x <= 0.0 => 0.0,
                        Ok(g) if v > 0.0 && m > 0.0 => g.cdf(x),
                        _ => f64::from(x >= m),
                    };
                    w / total * f
                })
                .sum::<f64>()
        };
        let (mut lo, mut hi) = (0.0f64, 1e4f64);
        loop {
            let mid = 0.5 * (lo + hi);
            if mid <= lo || mid >= hi {
                return hi;
            }
            if cdf(mid) < p {
                lo = mid;
            } else {
                hi = mid;
            }
        }
    }

    /// A deterministic stream of uniforms (xorshift64).
    fn uniforms(mut s: u64) -> impl FnMut() -> f64 {
        move || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    /// Mixtures like the planner's (routes × geographies a near or a far round trip away)
    /// and unlike them (shapes 0.05–10⁴, up to 24 routes, weights over two decades).
    fn mixtures() -> Vec<Vec<Part>> {
        let mut u = uniforms(0x9e37_79b9_7f4a_7c15);
        (0..300)
            .map(|i| {
                let routes = 1 + (u() * 6.0) as usize;
                let base: Vec<Part> = (0..routes)
                    .map(|_| {
                        let shape = 0.05 * 10f64.powf(u() * 5.3);
                        let mean = 10f64.powf(-3.5 + 2.5 * u());
                        let delay = if u() < 0.3 { 0.0 } else { 0.2 * u() };
                        (10f64.powf(2.0 * u()), delay, mean, mean * mean / shape)
                    })
                    .collect();
                if i % 2 == 0 {
                    return base;
                }
                let far = 0.15;
                let geo: Vec<(f64, f64)> = (0..1 + (u() * 4.0) as usize)
                    .map(|g| (u() + 0.05, if g == 0 { 0.015 } else { far }))
                    .collect();
                base.iter()
                    .flat_map(|&(w, d, m, v)| geo.iter().map(move |&(s, rt)| (w * s, d + rt, m, v)))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn matches_bisection_over_a_grid_of_mixtures() {
        for parts in mixtures() {
            for p in [0.5, 0.9, 0.99, 0.999] {
                let (q, r) = (quantile(parts.iter().copied(), p), by_bisection(&parts, p));
                assert!(
                    rel(q, r) <= tol::VS_BISECTION,
                    "p {p}: {q} vs {r} for {parts:?}"
                );
            }
        }
    }

    #[test]
    fn single_laws_hand_worked() {
        // Q(k, y) = 0.01 at y = 6.6383520679938122694 (k = 2), 3.3174483005106075692 (½),
        // 6.2608605070659090638 (1.8), 18.7831173933125257 (10): worked in 40-digit
        // arithmetic, here rounded to the nearest double; an exponential's is ln 100. The p99
        // is delay + y/β, β = k/mean.
        for (k, y) in [
            (1.0, std::f64::consts::LN_10 * 2.0),
            (2.0, 6.638_352_067_993_813),
            (0.5, 3.317_448_300_510_607_7),
            (1.8, 6.260_860_507_065_909),
            (10.0, 18.783_117_393_312_526),
        ] {
            let (mean, delay) = (0.004, 0.15);
            let part = (3.0, delay, mean, mean * mean / k);
            let expected = delay + y * mean / k;
            let q = quantile([part], 0.99);
            assert!(
                rel(q, expected) <= tol::HAND_WORKED,
                "k {k}: {q} vs {expected}"
            );
        }
    }

    #[test]
    fn pure_delays_step_at_the_quantile() {
        // No variability: the CDF steps to ¼, ½ and 1 at 10, 20 and 50 ms.
        let parts = [
            (1.0, 0.01, 0.0, 0.0),
            (1.0, 0.02, 0.0, 0.0),
            (2.0, 0.05, 0.0, 0.0),
        ];
        for (p, at) in [(0.99, 0.05), (0.4, 0.02), (0.2, 0.01)] {
            let q = quantile(parts, p);
            assert!(rel(q, at) <= 1e-11, "p {p}: {q} vs {at}");
        }
    }

    #[test]
    fn merged_and_split_parts_agree() {
        // The same routes, each split in two, give the same mixture; so do more distinct
        // components than fit on the stack.
        for parts in mixtures().into_iter().take(60) {
            let split: Vec<Part> = parts
                .iter()
                .flat_map(|&(w, d, m, v)| [(0.25 * w, d, m, v), (0.75 * w, d, m, v)])
                .collect();
            let (a, b) = (quantile(parts.iter().copied(), 0.99), quantile(split, 0.99));
            assert!(rel(a, b) <= tol::REWRITTEN, "{a} vs {b} for {parts:?}");
        }
        let many: Vec<Part> = (0..3 * INLINE)
            .map(|i| {
                (
                    1.0 + i as f64,
                    0.001 * i as f64,
                    0.004,
                    1e-5 + 1e-7 * i as f64,
                )
            })
            .collect();
        let (q, r) = (
            quantile(many.iter().copied(), 0.99),
            by_bisection(&many, 0.99),
        );
        assert!(rel(q, r) <= tol::VS_BISECTION, "{q} vs {r}");
    }

    #[test]
    fn degenerate_mixtures_end() {
        assert!(quantile([], 0.99).is_nan());
        assert!(quantile([], 0.999).is_nan());
        // Nothing finite to bracket by: the search still ends.
        let q = quantile([(1.0, f64::NAN, f64::NAN, f64::NAN)], 0.999);
        assert!(!q.is_finite() || q >= 0.0);
        // No weight at all: whatever it gives, it gives it.
        let _ = quantile([(0.0, 0.0, 0.004, 1e-5)], 0.999);
    }

    #[test]
    fn start_normal_quantile_within_its_bound() {
        let n = Normal::new(0.0, 1.0).unwrap();
        for s in [
            1e-12,
            1e-6,
            1e-3,
            0.01,
            0.0182,
            0.1,
            0.3,
            0.5,
            0.7,
            0.99,
            1.0 - 1e-9,
        ] {
            let z = normal_upper_quantile(s);
            let exact = n.inverse_cdf(1.0 - s);
            assert!(
                (z - exact).abs() <= tol::NORMAL_APPROX,
                "s {s}: {z} vs {exact}"
            );
        }
    }
}
