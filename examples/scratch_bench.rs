use capplan::queueing::arrivals::ArrivalSpec;
use capplan::queueing::replicate::run_replication;
use capplan::queueing::{Limits, RunConfig, ServiceDist, StationConfig};
fn main() {
    let args: Vec<f64> = std::env::args().skip(1).map(|a| a.parse().unwrap()).collect();
    let c = args[0] as u32;
    let n = args[1] as u64;
    let cfg = StationConfig::new(c, ArrivalSpec::poisson(0.8 * c as f64 / 0.01).unwrap(), ServiceDist::exponential(0.01).unwrap(), Limits::default()).unwrap();
    let run = RunConfig { requests: n, warmup: 0, auto_warmup: false, replications: 1, seed: 7 };
    let t = std::time::Instant::now();
    let r = run_replication(&cfg, &run, 0);
    let s = t.elapsed().as_secs_f64();
    println!("c={c}: {:.3e} req/s mean {}", n as f64 / s, r.response.mean().unwrap());
}
