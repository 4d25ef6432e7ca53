use capplan::queueing::arrivals::ArrivalSpec;
use capplan::queueing::erlang::Mmc;
use capplan::queueing::{simulate_station, Limits, RunConfig, ServiceDist, Stability, StationConfig};
fn main() {
    let args: Vec<f64> = std::env::args().skip(1).map(|a| a.parse().unwrap()).collect();
    let (c, rho, req, reps, seeds) = (args[0] as u32, args[1], args[2] as u64, args[3] as u32, args[4] as u64);
    let mu = 2000.0;
    let lambda = rho * c as f64 * mu;
    let cfg = StationConfig::new(c, ArrivalSpec::poisson(lambda).unwrap(), ServiceDist::exponential(1.0 / mu).unwrap(), Limits::default()).unwrap();
    let Ok(Stability::Stable(m)) = Mmc::new(lambda, mu, c) else { panic!() };
    let (mut inw, mut err) = (0, 0.0);
    for s in 0..seeds {
        let mut run = RunConfig::new(req, reps, 100 + s).unwrap();
        if args.len() > 5 { run.auto_warmup = false; }
        let sim = simulate_station(&cfg, &run);
        let (lo, hi) = sim.mean_response_ci95.unwrap();
        inw += (lo <= m.mean_response && m.mean_response <= hi) as u32;
        err += sim.mean_response.unwrap() / m.mean_response - 1.0;
    }
    println!("c={c} rho={rho}: covered {inw}/{seeds}, mean rel err {:+.4}%", err / seeds as f64 * 100.0);
}
