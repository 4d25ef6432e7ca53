//! Validation: over many seeds, how often the USL fit's 95% intervals cover the true λ, σ, κ
//! (and the peak) of synthetic load tests with 3% multiplicative noise.
//!
//!     cargo run --release --example usl_coverage [-- SEEDS]
//!
//! An interval procedure that is right covers the truth in about 95% of the runs; the
//! binomial standard error over 1,000 seeds is 0.7 points.

use capplan::calibrate::usl::{fit, peak, synthetic};
use capplan::calibrate::Tolerances;

fn main() {
    let seeds: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let cases: [(&str, [f64; 3], &[f64]); 3] = [
        (
            "past the peak",
            [1000.0, 0.03, 0.0005],
            &[
                1.0, 2.0, 4.0, 8.0, 12.0, 16.0, 24.0, 32.0, 48.0, 64.0, 80.0, 96.0,
            ],
        ),
        (
            "up to the peak",
            [250.0, 0.08, 0.002],
            &[1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 10.0, 12.0, 16.0, 20.0],
        ),
        (
            "strong contention",
            [5000.0, 0.2, 0.0001],
            &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0],
        ),
    ];
    println!("| case | levels | seeds | λ covered | σ covered | κ covered | peak X covered | σ/κ warned | held at 0 |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for (name, truth, ns) in cases {
        let mut cover = [0u32; 4];
        let (mut warned, mut held, mut failed) = (0u32, 0u32, 0u32);
        let x_star = peak(&truth).map(|p| p.1).unwrap_or(f64::NAN);
        for seed in 0..seeds {
            let Ok(f) = fit(&synthetic(&truth, ns, 0.03, seed), &Tolerances::default()) else {
                failed += 1;
                continue;
            };
            let ins = |ci: [f64; 2], t: f64| u32::from(ci[0] <= t && t <= ci[1]);
            cover[0] += ins(f.ci95.lambda, truth[0]);
            cover[1] += ins(f.ci95.sigma, truth[1]);
            cover[2] += ins(f.ci95.kappa, truth[2]);
            cover[3] += f.ci95.peak_throughput.map_or(0, |ci| ins(ci, x_star));
            warned += u32::from(f.warnings.iter().any(|w| w.contains("cannot tell")));
            held += u32::from(!f.held_at_zero.is_empty());
        }
        let ok = (seeds - failed as u64) as f64;
        let pct = |c: u32| format!("{:.1}%", 100.0 * c as f64 / ok);
        println!(
            "| {name} | {} | {seeds}{} | {} | {} | {} | {} | {} | {} |",
            ns.len(),
            if failed > 0 {
                format!(" ({failed} failed)")
            } else {
                String::new()
            },
            pct(cover[0]),
            pct(cover[1]),
            pct(cover[2]),
            pct(cover[3]),
            pct(warned),
            pct(held)
        );
    }
}
