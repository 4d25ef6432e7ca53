//! CPU time per request from throughput and CPU utilization.
//!
//! # Formula
//! The utilization law `U = X·D/V` (Denning & Buzen, "The Operational Analysis of Queueing
//! Network Models", 1978): busy vCPU-seconds per second `Bᵢ = Uᵢ·V` against throughput `Xᵢ`,
//! a line through the origin fitted by least squares, `D = ΣXᵢBᵢ / ΣXᵢ²`, its standard error
//! `√(s²/ΣXᵢ²)` with `s² = Σ(Bᵢ − D·Xᵢ)²/(n−1)` and the interval `D ± t(0.975, n−1)·se`.

use super::{CalibrateError, LoadPoint};
use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CpuFit {
    /// vCPU-seconds per request.
    pub cpu_s: f64,
    pub ci95_s: Option<[f64; 2]>,
    /// vCPUs of the instance under test.
    pub vcpus: u32,
    pub points: usize,
}

/// Fit D from the levels with a CPU figure; `None` when none has one.
pub fn fit(points: &[LoadPoint], vcpus: u32) -> Result<Option<CpuFit>, CalibrateError> {
    let xb: Vec<(f64, f64)> = points
        .iter()
        .filter_map(|p| p.cpu.map(|u| (p.throughput, u * vcpus as f64)))
        .filter(|(x, _)| *x > 0.0)
        .collect();
    if xb.is_empty() {
        return Ok(None);
    }
    let sxx: f64 = xb.iter().map(|(x, _)| x * x).sum();
    let d = xb.iter().map(|(x, b)| x * b).sum::<f64>() / sxx;
    if !(d > 0.0 && d.is_finite()) {
        return Err(CalibrateError::Fit(
            "the CPU column is zero wherever there is traffic: no CPU time per request to fit"
                .into(),
        ));
    }
    let n = xb.len();
    let ci = (n >= 2).then(|| {
        let s2 = xb.iter().map(|(x, b)| (b - d * x).powi(2)).sum::<f64>() / (n - 1) as f64;
        let t = StudentsT::new(0.0, 1.0, (n - 1) as f64)
            .map(|t| t.inverse_cdf(0.975))
            .unwrap_or(1.96);
        let h = t * (s2 / sxx).sqrt();
        [d - h, d + h]
    });
    Ok(Some(CpuFit {
        cpu_s: d,
        ci95_s: ci,
        vcpus,
        points: n,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn through_the_origin_by_hand() {
        // 2 vCPUs; (X, U) = (100, 0.2), (200, 0.4), (400, 0.9): B = 0.4, 0.8, 1.8;
        // D = (40 + 160 + 720)/(10⁴ + 4·10⁴ + 16·10⁴) = 920/210000 = 4.381 ms.
        let pts: Vec<LoadPoint> = [(100.0, 0.2), (200.0, 0.4), (400.0, 0.9)]
            .iter()
            .map(|&(x, u)| {
                let mut p = LoadPoint::new(1.0, x, String::new());
                p.cpu = Some(u);
                p
            })
            .collect();
        let f = fit(&pts, 2).unwrap().unwrap();
        assert!((f.cpu_s - 920.0 / 210_000.0).abs() < 1e-15);
        let [lo, hi] = f.ci95_s.unwrap();
        assert!(lo < f.cpu_s && f.cpu_s < hi);
        assert_eq!(fit(&pts[..0], 2).unwrap(), None);
    }
}
