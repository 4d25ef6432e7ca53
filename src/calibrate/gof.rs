//! Goodness of fit: the Kolmogorov–Smirnov distance between a sample and a distribution, and
//! its asymptotic p-value.
//!
//! # Formula
//! `D = maxᵢ max(F(x₍ᵢ₎) − (i−1)/n, i/n − F(x₍ᵢ₎))` over the sorted sample; the p-value
//! `Q(λ) = 2 Σₖ (−1)^{k−1} e^{−2k²λ²}` at `λ = (√n + 0.12 + 0.11/√n)·D` (Stephens' small-sample
//! correction; *Numerical Recipes* 3rd ed., §14.3.3). With the distribution's parameters
//! estimated from the same sample the p-value is optimistic (Lilliefors): it ranks families
//! well and overstates how well the best one fits.

/// `D` for a sorted sample and a CDF.
pub fn ks_distance(sorted: &[f64], cdf: impl Fn(f64) -> f64) -> f64 {
    let n = sorted.len() as f64;
    sorted
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            let f = cdf(x);
            (f - i as f64 / n).max((i + 1) as f64 / n - f)
        })
        .fold(0.0, f64::max)
}

/// The asymptotic probability of a distance at least `d` from `n` samples of the distribution.
pub fn ks_p_value(d: f64, n: usize) -> f64 {
    let sn = (n as f64).sqrt();
    let l = (sn + 0.12 + 0.11 / sn) * d;
    if l < 0.2 {
        return 1.0;
    }
    let mut sum = 0.0;
    // The terms fall as e^{−2k²λ²}: 100 of them exceed double precision for λ ≥ 0.2.
    for k in 1..=100 {
        let k = k as f64;
        let term = (-2.0 * k * k * l * l).exp();
        sum += if k as u64 % 2 == 1 { term } else { -term };
        if term < 1e-16 {
            break;
        }
    }
    (2.0 * sum).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_by_hand() {
        // Uniform(0,1) against {0.1, 0.6}: max(0.1−0, 0.5−0.1, 0.6−0.5, 1−0.6) = 0.4.
        let d = ks_distance(&[0.1, 0.6], |x| x.clamp(0.0, 1.0));
        assert!((d - 0.4).abs() < 1e-12);
    }

    #[test]
    fn p_value_matches_the_kolmogorov_table() {
        // Q(1.358) = 0.05 and Q(1.628) = 0.01: the Kolmogorov distribution's 95% and 99%
        // points (Smirnov's table), taken at large n where the correction vanishes.
        let n = 1_000_000;
        let at = |l: f64| ks_p_value(l / (n as f64).sqrt(), n);
        assert!((at(1.358) - 0.05).abs() < 5e-4, "{}", at(1.358));
        assert!((at(1.628) - 0.01).abs() < 2e-4, "{}", at(1.628));
        assert_eq!(ks_p_value(0.0, 10), 1.0);
    }
}
