//! Simulator throughput on one core, against an "RNG floor": a loop that only draws the same two
//! exponential variates per request from the same generator. Two floors: `sim/floor` draws them
//! with `rand_distr::Exp1`, `sim/own` with the simulator's own sampler (`queueing::exp1`, the
//! same values; its loop keeps the sum in a register, so it is the faster and stricter floor).
//!
//! The free-time structure depends on the number of servers `c`: one sorted array for
//! `c ≤ 16`, two sorted arrays with the lower one in registers for `17 ≤ c ≤ 32`
//! (`queueing::split`), the idle count and timing wheel above (`queueing::wheel`); the default
//! queues cover each, and `CAPPLAN_BENCH_SERVERS=16,17,32,33` their boundaries.
//!
//! Run with `cargo bench --bench simulate` (plain `main`, no harness: the figure of interest is
//! requests per second, printed directly). `CAPPLAN_BENCH_REQUESTS` overrides the 10M requests,
//! `CAPPLAN_BENCH_SERVERS` (a comma-separated list) the queues.

use capplan::queueing::arrivals::ArrivalSpec;
use capplan::queueing::dist::ServiceDist;
use capplan::queueing::exp1::exp1;
use capplan::queueing::replicate::{rng_for, run_replication};
use capplan::queueing::{Limits, RunConfig, StationConfig};
use rand_distr::{Distribution, Exp1};
use std::hint::black_box;
use std::time::Instant;

fn time(f: impl FnOnce()) -> f64 {
    let t = Instant::now();
    f();
    t.elapsed().as_secs_f64()
}

fn rng_floor(n: u64, mean_gap: f64, mean_svc: f64) -> f64 {
    let mut rng = rng_for(7, 0);
    let mut acc = 0.0;
    for _ in 0..n {
        let a: f64 = Exp1.sample(&mut rng);
        let s: f64 = Exp1.sample(&mut rng);
        acc += a * mean_gap + s * mean_svc;
    }
    acc
}

/// The same draws by the simulator's own sampler (`queueing::exp1`: the same values, with its
/// rare library calls kept from clobbering the loop's registers): the stricter floor.
fn own_floor(n: u64, mean_gap: f64, mean_svc: f64) -> f64 {
    let mut rng = rng_for(7, 0);
    let mut acc = 0.0;
    for _ in 0..n {
        let a = exp1(&mut rng);
        let s = exp1(&mut rng);
        acc += a * mean_gap + s * mean_svc;
    }
    acc
}

fn main() {
    let n: u64 = std::env::var("CAPPLAN_BENCH_REQUESTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000_000);
    let reps = 5;
    println!("requests per run: {n}; one thread; simulation and floor runs alternate, best of {reps} each\n");
    println!(
        "{:<10} {:>8} {:>12} {:>14} {:>14} {:>10} {:>10}",
        "queue", "ρ", "time (s)", "requests/s", "RNG floor/s", "sim/floor", "sim/own"
    );
    // `CAPPLAN_BENCH_SERVERS=16,64` runs only those queues.
    let servers: Vec<u32> = std::env::var("CAPPLAN_BENCH_SERVERS")
        .ok()
        .map(|s| s.split(',').filter_map(|c| c.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1, 8, 16, 24, 64, 1000]);
    for c in servers {
        let rho = 0.8;
        let mean_svc = 0.010;
        let lambda = rho * c as f64 / mean_svc;
        let cfg = StationConfig::new(
            c,
            ArrivalSpec::poisson(lambda).unwrap(),
            ServiceDist::exponential(mean_svc).unwrap(),
            Limits::default(),
        )
        .unwrap();
        let run = RunConfig {
            requests: n,
            warmup: 0,
            auto_warmup: false,
            replications: 1,
            seed: 7,
        };
        let mut mean = 0.0;
        let (mut sim, mut floor, mut own) = (f64::INFINITY, f64::INFINITY, f64::INFINITY);
        // Alternating the two loops exposes both to the same background load.
        for _ in 0..reps {
            sim = sim.min(time(|| {
                let r = run_replication(black_box(&cfg), &run, 0);
                mean = r.response.mean().unwrap();
            }));
            floor = floor.min(time(|| {
                black_box(rng_floor(black_box(n), 1.0 / lambda, mean_svc));
            }));
            own = own.min(time(|| {
                black_box(own_floor(black_box(n), 1.0 / lambda, mean_svc));
            }));
        }
        println!(
            "{:<10} {:>8} {:>12.3} {:>14.3e} {:>14.3e} {:>10.2} {:>10.2}   (mean response {:.3} ms)",
            format!("M/M/{c}"),
            rho,
            sim,
            n as f64 / sim,
            n as f64 / floor,
            sim / floor,
            sim / own,
            mean * 1e3
        );
    }
}
