//! Erlang C calculator: `cargo run --example erlang_c -- 900/s 10ms 12`
//! (arrival rate, mean service time, servers) → exact M/M/c figures.

use capplan::queueing::{Mmc, Stability};
use capplan::units::{fmt_duration, fmt_percent, parse_duration, parse_rate};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [rate, service, servers] = args.as_slice() else {
        anyhow::bail!("usage: erlang_c RATE SERVICE_TIME SERVERS, e.g. erlang_c 900/s 10ms 12");
    };
    let lambda = parse_rate(rate)?;
    let mu = 1.0 / parse_duration(service)?;
    let c: u32 = servers.parse()?;
    match Mmc::new(lambda, mu, c)? {
        Stability::Saturated { utilization } => {
            println!("saturated: utilization {} ≥ 100%", fmt_percent(utilization))
        }
        Stability::Stable(m) => {
            println!("M/M/{c}, λ = {lambda}/s, 1/μ = {}", fmt_duration(1.0 / mu));
            println!("utilization   {}", fmt_percent(m.utilization));
            println!("P(wait)       {}", fmt_percent(m.p_wait));
            println!("mean wait     {}", fmt_duration(m.mean_wait));
            println!("mean response {}", fmt_duration(m.mean_response));
            println!(
                "Lq / L        {:.4} / {:.4}",
                m.mean_queue_len, m.mean_in_system
            );
            for p in [0.5, 0.95, 0.99, 0.999] {
                let (w, r) = (m.wait_quantile(p), m.response_quantile(p));
                println!(
                    "p{:<5} wait {:>10}  response {:>10}",
                    p * 100.0,
                    fmt_duration(w),
                    fmt_duration(r)
                );
            }
        }
    }
    Ok(())
}
