//! Coverage of the simulator's 95% intervals for the mean response and the p99: over many
//! seeds at the default run length of `capplan simulate` (1M requests × 8 replications, warm-up
//! chosen by MSER within a tenth), the share of runs whose interval holds the true value.
//!
//! True values: exact M/M/c (Erlang C) for exponential service; for the others a reference run
//! 60× longer than one default run (12 replications × 40M requests after a fixed 4M warm-up,
//! on seeds no default run uses), whose own error is about a tenth of a default run's interval.
//! A case the tool warns about (`runlength::check`) is marked; every other cell should be ≥ 90%.
//!
//! `cargo run --release --example coverage [-- SEEDS REQUESTS REPLICATIONS]`
//! (one thread: `RAYON_NUM_THREADS=1`).

use capplan::queueing::arrivals::ArrivalSpec;
use capplan::queueing::erlang::Mmc;
use capplan::queueing::{
    runlength, simulate_station, Limits, RunConfig, ServiceDist, Stability, StationConfig,
};
use std::time::Instant;

struct Case {
    name: &'static str,
    servers: u32,
    rho: f64,
    service: ServiceDist,
}

fn truth(cfg: &StationConfig) -> anyhow::Result<(f64, f64)> {
    if let ServiceDist::Exponential { mean } = cfg.service {
        if let Stability::Stable(m) = Mmc::new(cfg.arrivals.mean_rate(), 1.0 / mean, cfg.servers)? {
            return Ok((m.mean_response, m.response_quantile(0.99)));
        }
    }
    let run = RunConfig {
        requests: 40_000_000,
        warmup: 4_000_000,
        auto_warmup: false,
        replications: 12,
        seed: 1_000_003,
    };
    let s = simulate_station(cfg, &run);
    Ok((s.mean_response.unwrap(), s.response.unwrap().p99))
}

fn main() -> anyhow::Result<()> {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .map(|a| a.parse())
        .collect::<Result<_, _>>()?;
    let seeds = args.first().copied().unwrap_or(100);
    let requests = args.get(1).copied().unwrap_or(1_000_000);
    let reps = args.get(2).copied().unwrap_or(8) as u32;
    let s = 0.001; // mean service 1 ms
    let cases = vec![
        Case {
            name: "M/M/1",
            servers: 1,
            rho: 0.5,
            service: ServiceDist::exponential(s)?,
        },
        Case {
            name: "M/M/1",
            servers: 1,
            rho: 0.9,
            service: ServiceDist::exponential(s)?,
        },
        Case {
            name: "M/M/1",
            servers: 1,
            rho: 0.95,
            service: ServiceDist::exponential(s)?,
        },
        Case {
            name: "M/M/1",
            servers: 1,
            rho: 0.99,
            service: ServiceDist::exponential(s)?,
        },
        Case {
            name: "M/M/8",
            servers: 8,
            rho: 0.8,
            service: ServiceDist::exponential(s)?,
        },
        Case {
            name: "M/M/64",
            servers: 64,
            rho: 0.95,
            service: ServiceDist::exponential(s)?,
        },
        Case {
            name: "M/D/1",
            servers: 1,
            rho: 0.9,
            service: ServiceDist::deterministic(s)?,
        },
        Case {
            name: "M/D/16",
            servers: 16,
            rho: 0.8,
            service: ServiceDist::deterministic(s)?,
        },
        Case {
            name: "M/LN(cv 1.5)/4",
            servers: 4,
            rho: 0.8,
            service: ServiceDist::lognormal_from_mean_cv(s, 1.5)?,
        },
        Case {
            name: "M/Γ(cv 2)/2",
            servers: 2,
            rho: 0.9,
            service: ServiceDist::gamma_from_mean_cv(s, 2.0)?,
        },
        Case {
            name: "M/Γ(cv 0.5)/64",
            servers: 64,
            rho: 0.7,
            service: ServiceDist::gamma_from_mean_cv(s, 0.5)?,
        },
    ];
    println!(
        "{seeds} seeds × {requests} requests × {reps} replications per case (the `simulate` default run length)\n"
    );
    println!(
        "| case | c | ρ | true W | true p99 | mean covered | p99 covered | mean ±% | p99 ±% | warm-up | tool warns | time |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for k in &cases {
        let lambda = k.rho * k.servers as f64 / k.service.mean();
        let cfg = StationConfig::new(
            k.servers,
            ArrivalSpec::poisson(lambda)?,
            k.service.clone(),
            Limits::default(),
        )?;
        let t0 = Instant::now();
        let (w, p99) = truth(&cfg)?;
        let (mut in_w, mut in_p, mut hw, mut hp, mut warm) = (0, 0, 0.0, 0.0, 0.0);
        for seed in 1..=seeds {
            let run = RunConfig::new(requests, reps, seed)?;
            let sim = simulate_station(&cfg, &run);
            let (lo, hi) = sim.mean_response_ci95.unwrap();
            let (plo, phi) = sim.p99_ci95.unwrap();
            in_w += u32::from(lo <= w && w <= hi);
            in_p += u32::from(plo <= p99 && p99 <= phi);
            hw += (hi - lo) / 2.0 / w;
            hp += (phi - plo) / 2.0 / p99;
            warm += sim.warmup_mean;
        }
        let n = seeds as f64;
        let check = runlength::check(&cfg, &RunConfig::new(requests, reps, 1)?);
        let warns: Vec<String> = check
            .shortfalls
            .iter()
            .map(|s| format!("{} (needs {})", s.what, s.needed))
            .collect();
        println!(
            "| {} | {} | {} | {:.4} ms | {:.4} ms | {:.0}% | {:.0}% | {:.2} | {:.2} | {:.0} | {} | {:.0} s |",
            k.name,
            k.servers,
            k.rho,
            w * 1e3,
            p99 * 1e3,
            100.0 * in_w as f64 / n,
            100.0 * in_p as f64 / n,
            100.0 * hw / n,
            100.0 * hp / n,
            warm / n,
            if warns.is_empty() { "no".to_string() } else { warns.join("; ") },
            t0.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
