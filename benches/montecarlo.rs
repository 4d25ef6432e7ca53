//! Throughput of the estimate pipeline for every spec in `specs/`: the default estimate
//! (deterministic plan + request-path simulation + SLO sizing, as `capplan estimate` runs it)
//! and 10,000 Monte Carlo samples of a full plan on one thread and on two.
//! Then the peak memory (VmHWM) of a child process running 100,000 and 5,000,000 samples of
//! `specs/url-shortener.yaml`, to show it stays flat in the sample count.
//! Run with `cargo bench --bench montecarlo`; `CAPPLAN_BENCH_RSS=100000,5000000` sets the
//! sample counts of the memory runs (empty to skip them). `CAPPLAN_BENCH_MEMORY_RUN=N` alone
//! runs just N samples of one spec (`CAPPLAN_BENCH_SPEC`, default the memory runs' spec), for
//! profiling.

use capplan::catalog::Catalog;
use capplan::uncertainty::McConfig;
use std::time::Instant;

/// Peak resident memory of this process so far, KiB (Linux `VmHWM`).
fn peak_rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The spec of the memory runs (`CAPPLAN_BENCH_SPEC` runs another: handy for profiling one).
const MEMORY_SPEC: &str = "specs/url-shortener.yaml";

/// In a child process: run `n` samples of one spec and print the peak memory.
fn memory_run(n: usize) {
    let cat = Catalog::builtin().expect("built-in catalog");
    let spec = std::env::var("CAPPLAN_BENCH_SPEC").unwrap_or_else(|_| MEMORY_SPEC.into());
    let loaded = capplan::spec::load(std::path::Path::new(&spec)).expect("spec loads");
    let cfg = McConfig {
        samples: n,
        seed: 7,
        catalog_ranges: true,
    };
    let start = Instant::now();
    let r = capplan::pipeline::monte_carlo(&loaded.file, &cat, &cfg, &|_| {});
    std::hint::black_box(r);
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{n:>10} samples: peak RSS {:>8} KiB, {:.1} s, {:.0} samples/s",
        peak_rss_kib().unwrap_or(0),
        secs,
        n as f64 / secs
    );
}

fn main() {
    if let Some(n) = std::env::var("CAPPLAN_BENCH_MEMORY_RUN")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        return memory_run(n);
    }
    let cat = Catalog::builtin().expect("built-in catalog");
    let mut specs: Vec<_> = std::fs::read_dir("specs")
        .expect("run from the crate root")
        .map(|e| e.expect("dir entry").path())
        .collect();
    specs.sort();
    let cfg = McConfig {
        samples: 10_000,
        seed: 7,
        catalog_ranges: true,
    };
    println!(
        "{:<34} {:>10} {:>10} {:>10} {:>8} {:>12} {:>12}",
        "spec", "estimate", "MC 1 thr", "MC 2 thr", "speed-up", "samples/s 1", "samples/s 2"
    );
    println!("(estimate: plan + request-path simulation + SLO sizing; MC: 10,000 samples)");
    let (mut t1_total, mut t2_total) = (0.0, 0.0);
    for path in specs {
        let loaded = capplan::spec::load(&path).expect("spec loads");
        let file = loaded.file;
        let start = Instant::now();
        let p = capplan::pipeline::build(&loaded.spec, &cat);
        let p = capplan::pipeline::with_latency(&loaded.spec, &cat, p, Default::default());
        std::hint::black_box(p);
        let est = start.elapsed().as_secs_f64();
        let time = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("pool");
            let start = Instant::now();
            let r = pool.install(|| capplan::pipeline::monte_carlo(&file, &cat, &cfg, &|_| {}));
            std::hint::black_box(r);
            start.elapsed().as_secs_f64()
        };
        time(2); // warm-up
        let (t1, t2) = (time(1), time(2));
        t1_total += t1;
        t2_total += t2;
        println!(
            "{:<34} {:>9.3}s {:>9.3}s {:>9.3}s {:>7.2}× {:>12.0} {:>12.0}",
            path.file_name().unwrap().to_string_lossy(),
            est,
            t1,
            t2,
            t1 / t2,
            cfg.samples as f64 / t1,
            cfg.samples as f64 / t2
        );
    }
    println!(
        "{:<34} {:>9.3}s {:>9.3}s {:>7.2}×",
        "total",
        t1_total,
        t2_total,
        t1_total / t2_total
    );
    let sizes = std::env::var("CAPPLAN_BENCH_RSS").unwrap_or_else(|_| "100000,5000000".into());
    println!(
        "\npeak memory of Monte Carlo on specs/url-shortener.yaml (child process, all threads):"
    );
    for n in sizes
        .split(',')
        .filter_map(|s| s.trim().parse::<usize>().ok())
    {
        let out = std::process::Command::new(std::env::current_exe().expect("bench binary"))
            .env("CAPPLAN_BENCH_MEMORY_RUN", n.to_string())
            .output()
            .expect("child run");
        print!("{}", String::from_utf8_lossy(&out.stdout));
    }
}
