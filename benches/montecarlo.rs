//! Throughput of the estimate pipeline for every spec in `specs/`: the default estimate
//! (deterministic plan + request-path simulation + SLO sizing, as `capplan estimate` runs it)
//! and 10,000 Monte Carlo samples of a full plan on one thread and on two.
//! Run with `cargo bench --bench montecarlo`.

use capplan::catalog::Catalog;
use capplan::uncertainty::McConfig;
use std::time::Instant;

fn main() {
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
        "{:<34} {:>10} {:>10} {:>10} {:>8}",
        "spec", "estimate", "MC 1 thr", "MC 2 thr", "speed-up"
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
            "{:<34} {:>9.3}s {:>9.3}s {:>9.3}s {:>7.2}×",
            path.file_name().unwrap().to_string_lossy(),
            est,
            t1,
            t2,
            t1 / t2
        );
    }
    println!(
        "{:<34} {:>9.3}s {:>9.3}s {:>7.2}×",
        "total",
        t1_total,
        t2_total,
        t1_total / t2_total
    );
}
