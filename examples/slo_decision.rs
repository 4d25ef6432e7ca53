//! SLO sizing as a decision: on `specs/slo-sizing.yaml`, the p99 of the design as first sized
//! is measured with a long run (8 × 4M requests); the SLO is then put 3% above it (the right
//! decision is to keep the size) and 3% below it (the right decision is to grow), and SLO sizing
//! runs on 20 seeds each way at the `estimate` defaults.
//!
//! `cargo run --release --example slo_decision [-- SEEDS MARGIN]`

use capplan::catalog::Catalog;
use capplan::pipeline::{self, LatencyOptions};

fn main() -> anyhow::Result<()> {
    let args: Vec<f64> = std::env::args()
        .skip(1)
        .map(|a| a.parse())
        .collect::<Result<_, _>>()?;
    let seeds = args.first().copied().unwrap_or(20.0) as u64;
    let margin = args.get(1).copied().unwrap_or(0.03);
    let cat = Catalog::builtin()?;
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/specs/slo-sizing.yaml");
    let loaded = capplan::spec::load(std::path::Path::new(path))?;
    let design = pipeline::build(&loaded.spec, &cat);
    let net = capplan::paths::network(&loaded.spec, &cat, &design, design.cache_hit_ratio);
    let long = capplan::paths::SimConfig {
        requests: 4_000_000,
        replications: 8,
        seed: 999_331,
    };
    let sim = capplan::paths::simulate(&net, &long).expect("a network to simulate");
    let all = &sim.classes[2];
    let truth = all.quantiles.expect("quantiles").p99;
    let (lo, hi) = all.p99_ci.expect("an interval");
    println!(
        "design as first sized: p99 {:.3} ms (95% interval {:.3}–{:.3} ms, 32M requests)\n",
        truth * 1e3,
        lo * 1e3,
        hi * 1e3
    );
    println!("| SLO | right decision | right | wrong | mean steps | mean requests simulated |");
    println!("|---|---|---|---|---|---|");
    for (factor, grow) in [(1.0 + margin, false), (1.0 - margin, true)] {
        let mut spec = loaded.spec.clone();
        spec.slo_p99_s = Some(truth * factor);
        let (mut right, mut steps, mut reqs) = (0, 0, 0u64);
        for seed in 1..=seeds {
            let o = LatencyOptions::new(50_000, 4, seed);
            let r = pipeline::with_latency(&spec, &cat, pipeline::build(&spec, &cat), o);
            let l = r.latency.as_ref().expect("latency");
            let grew = !l.sizing_steps.is_empty();
            right += u32::from(grew == grow);
            steps += l.sizing_steps.len();
            reqs += l.requests;
        }
        println!(
            "| p99 × {factor:.2} = {:.3} ms | {} | {right}/{seeds} | {}/{seeds} | {:.2} | {:.0} |",
            truth * factor * 1e3,
            if grow { "grow" } else { "keep the size" },
            seeds as u32 - right,
            steps as f64 / seeds as f64,
            reqs as f64 / seeds as f64
        );
    }
    Ok(())
}
