use capplan::catalog::Catalog;
use std::time::Instant;
fn main() {
    let cat = Catalog::builtin().unwrap();
    let s = capplan::spec::load(std::path::Path::new("specs/news-feed.yaml"))
        .unwrap()
        .spec;
    let n = 5000;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(capplan::plan::build_sample(&s, &cat));
    }
    println!(
        "build_point {:.1} µs",
        t.elapsed().as_secs_f64() / n as f64 * 1e6
    );
    let p = capplan::plan::build_point(&s, &cat);
    let t = Instant::now();
    for _ in 0..n {
        let net = capplan::paths::network(&s, &cat, &p, p.cache_hit_ratio);
        std::hint::black_box(capplan::paths::analytic(&net, false));
    }
    println!(
        "latency {:.1} µs",
        t.elapsed().as_secs_f64() / n as f64 * 1e6
    );
}
