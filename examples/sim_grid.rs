//! The simulator against the exact Erlang C reference (`tests/data/mmc_exact.json`) at full
//! size: 1M requests per replication, 8 replications.
//!
//! `cargo run --release --example sim_grid [-- REQUESTS REPLICATIONS SEED]`

use capplan::queueing::arrivals::ArrivalSpec;
use capplan::queueing::{simulate_station, Limits, RunConfig, ServiceDist, StationConfig};
use serde_json::Value;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .map(|a| a.parse())
        .collect::<Result<_, _>>()?;
    let requests = args.first().copied().unwrap_or(1_000_000);
    let reps = args.get(1).copied().unwrap_or(8) as u32;
    let seed = args.get(2).copied().unwrap_or(1);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/mmc_exact.json");
    let reference: Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    println!("{requests} requests × {reps} replications per case, seed {seed}\n");
    println!(
        "{:<18} {:>5} {:>11} {:>11} {:>7} {:>5} {:>11} {:>11} {:>7} {:>5} {:>7}",
        "case",
        "ρ",
        "W exact",
        "W sim",
        "err%",
        "in CI",
        "p99 exact",
        "p99 sim",
        "err%",
        "in CI",
        "time"
    );
    let (mut inside_w, mut inside_p, mut n) = (0, 0, 0);
    for k in reference["cases"].as_array().unwrap() {
        let f = |key: &str| k[key].as_f64().unwrap();
        let cfg = StationConfig::new(
            f("c") as u32,
            ArrivalSpec::poisson(f("lambda"))?,
            ServiceDist::exponential(1.0 / f("mu"))?,
            Limits::default(),
        )?;
        let t = Instant::now();
        let sim = simulate_station(&cfg, &RunConfig::new(requests, reps, seed)?);
        let secs = t.elapsed().as_secs_f64();
        let (w, p99) = (f("W"), k["resp_q"]["0.99"].as_f64().unwrap());
        let sw = sim.mean_response.unwrap();
        let sp = sim.response.unwrap().p99;
        let (lo, hi) = sim.mean_response_ci95.unwrap_or((f64::NAN, f64::NAN));
        let (plo, phi) = sim.p99_ci95.unwrap_or((f64::NAN, f64::NAN));
        let in_w = lo <= w && w <= hi;
        let in_p = plo <= p99 && p99 <= phi;
        inside_w += in_w as u32;
        inside_p += in_p as u32;
        n += 1;
        println!(
            "{:<18} {:>5} {:>9.4}ms {:>9.4}ms {:>+7.2} {:>5} {:>9.4}ms {:>9.4}ms {:>+7.2} {:>5} {:>6.2}s",
            k["id"].as_str().unwrap(),
            f("rho"),
            w * 1e3,
            sw * 1e3,
            (sw / w - 1.0) * 100.0,
            if in_w { "yes" } else { "NO" },
            p99 * 1e3,
            sp * 1e3,
            (sp / p99 - 1.0) * 100.0,
            if in_p { "yes" } else { "NO" },
            secs
        );
    }
    println!("\nexact mean inside the 95% CI: {inside_w}/{n}; exact p99 inside: {inside_p}/{n}");
    Ok(())
}
