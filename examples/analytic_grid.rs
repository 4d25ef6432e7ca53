//! The analytic G/G/c quantiles (Allen–Cunneen mean, exponential conditional wait, the actual
//! service distribution) against the simulator on a grid of service variability: gamma and
//! lognormal service with cv 0–4 (cv 0 is deterministic, cv 1 gamma is exponential), at
//! ρ = 0.5, 0.8, 0.95 and c = 1, 4, 32, Poisson arrivals. Prints every case and the worst
//! p50/p99 error per region (family × cv band × ρ band): those are the bands `simulate` states.
//!
//! `cargo run --release --example analytic_grid [-- REQUESTS REPLICATIONS SEED]`

use capplan::queueing::arrivals::ArrivalSpec;
use capplan::queueing::{analyze, simulate_station, Limits, RunConfig, ServiceDist, StationConfig};
use std::collections::BTreeMap;

fn main() -> anyhow::Result<()> {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .map(|a| a.parse())
        .collect::<Result<_, _>>()?;
    let requests = args.first().copied().unwrap_or(2_000_000);
    let reps = args.get(1).copied().unwrap_or(8) as u32;
    let seed = args.get(2).copied().unwrap_or(11);
    println!("{requests} requests × {reps} replications per case, seed {seed}\n");
    println!(
        "{:<10} {:>4} {:>3} {:>5} {:>10} {:>10} {:>7} {:>10} {:>10} {:>7} {:>6}",
        "service",
        "cv",
        "c",
        "ρ",
        "p50 model",
        "p50 sim",
        "err%",
        "p99 model",
        "p99 sim",
        "err%",
        "±CI%"
    );
    // (family, cv band, ρ band) → worst |err| of p50 and p99.
    let mut worst: BTreeMap<(String, String, String), (f64, f64)> = BTreeMap::new();
    let mean = 0.010;
    for family in ["gamma", "lognormal"] {
        for cv in [0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0] {
            let service = match (family, cv) {
                (_, 0.0) => ServiceDist::deterministic(mean)?,
                ("gamma", _) => ServiceDist::gamma_from_mean_cv(mean, cv)?,
                _ => ServiceDist::lognormal_from_mean_cv(mean, cv)?,
            };
            if family == "lognormal" && cv == 0.0 {
                continue; // deterministic is listed once, under gamma
            }
            for c in [1u32, 4, 32] {
                for rho in [0.5, 0.8, 0.95] {
                    let lambda = rho * c as f64 / mean;
                    let cfg = StationConfig::new(
                        c,
                        ArrivalSpec::poisson(lambda)?,
                        service.clone(),
                        Limits::default(),
                    )?;
                    let a = analyze(&cfg);
                    let sim = simulate_station(&cfg, &RunConfig::new(requests, reps, seed)?);
                    let (aq, sq) = (a.response.unwrap(), sim.response.unwrap());
                    let e50 = (aq.p50 / sq.p50 - 1.0) * 100.0;
                    let e99 = (aq.p99 / sq.p99 - 1.0) * 100.0;
                    let ci = sim
                        .p99_ci95
                        .map_or(f64::NAN, |(lo, hi)| (hi - lo) / 2.0 / sq.p99 * 100.0);
                    println!(
                        "{:<10} {:>4} {:>3} {:>5} {:>8.3}ms {:>8.3}ms {:>+7.1} {:>8.3}ms {:>8.3}ms {:>+7.1} {:>6.1}",
                        if cv == 0.0 { "det" } else { family },
                        cv,
                        c,
                        rho,
                        aq.p50 * 1e3,
                        sq.p50 * 1e3,
                        e50,
                        aq.p99 * 1e3,
                        sq.p99 * 1e3,
                        e99,
                        ci
                    );
                    let fam = if cv == 0.0 {
                        "deterministic".to_string()
                    } else if cv == 1.0 && family == "gamma" {
                        "exponential".to_string()
                    } else {
                        family.to_string()
                    };
                    let cvb = if cv == 0.0 {
                        "0"
                    } else if cv <= 0.75 {
                        "(0, 0.75]"
                    } else if cv <= 1.5 {
                        "(0.75, 1.5]"
                    } else {
                        "(1.5, 4]"
                    };
                    let rb = if rho <= 0.8 {
                        "ρ ≤ 0.8"
                    } else {
                        "ρ ≤ 0.95"
                    };
                    let w = worst
                        .entry((fam, cvb.to_string(), rb.to_string()))
                        .or_insert((0.0, 0.0));
                    w.0 = w.0.max(e50.abs());
                    w.1 = w.1.max(e99.abs());
                }
            }
        }
    }
    println!("\nworst |error| of the analytic quantiles against the simulation, per region:");
    println!(
        "{:<14} {:<13} {:<9} {:>9} {:>9}",
        "service", "cv", "ρ", "p50", "p99"
    );
    for ((f, cv, r), (e50, e99)) in &worst {
        println!("{f:<14} {cv:<13} {r:<9} {e50:>8.1}% {e99:>8.1}%");
    }
    Ok(())
}
