//! `capplan simulate`: validate the flags into a station and a run, compute the analytic figures
//! and simulate, then render a table or JSON.

use crate::cli::{ArrivalsArg, ServiceDistArg, SimulateArgs, SimulateFormat};
use crate::queueing::arrivals::{ArrivalSpec, Mmpp};
use crate::queueing::{
    analyze, simulate_station, Analytic, Limits, QueueError, RunConfig, ServiceDist, SimResult,
    StationConfig, MAX_SERVERS,
};
use crate::units::{self, fmt_duration, fmt_percent, fmt_si, trim_num};
use anyhow::{anyhow, Result};
use comfy_table::{presets::UTF8_FULL_CONDENSED, Table};
use serde::Serialize;

/// Largest number of requests per replication accepted (a typo guard: 10^10 ≈ minutes of CPU).
const MAX_REQUESTS: f64 = 1e10;
const MAX_REPLICATIONS: f64 = 10_000.0;

/// Requests of the short run that times the simulation before a long one.
const PROBE_REQUESTS: u64 = 20_000;
/// A run expected to take longer than this is announced (with its estimated length).
const ANNOUNCE_AFTER_S: f64 = 3.0;

/// Run `capplan simulate` and return the rendered output.
pub fn run(args: &SimulateArgs, ui: super::estimate::Ui) -> Result<String> {
    let (cfg, run) = validate(args)?;
    let analytic = analyze(&cfg);
    let sim = simulate_announced(&cfg, &run, ui);
    let report = Report::new(&cfg, &run, &analytic, &sim);
    Ok(match args.format {
        SimulateFormat::Json => crate::render::contract::stamp(
            &serde_json::to_string_pretty(&report)?,
            &crate::catalog::Catalog::builtin()?.prices_as_of,
        ),
        SimulateFormat::Table => render_table(&report),
    })
}

/// Simulate, telling the user first how long a long run will take: the time of a short run
/// of the same station, scaled to the requests asked for. On a terminal a bar follows the
/// estimate; elsewhere one note on stderr says what is running and for about how long.
fn simulate_announced(cfg: &StationConfig, run: &RunConfig, ui: super::estimate::Ui) -> SimResult {
    let total = (run.requests + run.warmup) as f64 * run.replications as f64;
    if ui.quiet || total <= 4.0 * PROBE_REQUESTS as f64 {
        return simulate_station(cfg, run);
    }
    let probe = RunConfig {
        requests: PROBE_REQUESTS,
        warmup: 0,
        auto_warmup: false,
        replications: 1,
        seed: run.seed,
    };
    let t0 = std::time::Instant::now();
    let _ = simulate_station(cfg, &probe);
    let per_request = t0.elapsed().as_secs_f64() / PROBE_REQUESTS as f64;
    let parallel = (rayon::current_num_threads() as f64).min(run.replications as f64);
    let estimate = per_request * total / parallel.max(1.0);
    if estimate < ANNOUNCE_AFTER_S {
        return simulate_station(cfg, run);
    }
    let what = format!(
        "simulating {} × {} requests, about {} (estimated from a short run)",
        run.replications,
        fmt_si(run.requests as f64),
        fmt_duration(estimate)
    );
    if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        eprintln!("capplan: {what}; fewer --requests or --replications run faster");
        return simulate_station(cfg, run);
    }
    let bar = indicatif::ProgressBar::new(1000);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg}\n{bar:40} {elapsed} of about {prefix}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message(what);
    bar.set_prefix(fmt_duration(estimate));
    let finished = std::sync::atomic::AtomicBool::new(false);
    let sim = std::thread::scope(|s| {
        s.spawn(|| {
            let start = std::time::Instant::now();
            while !finished.load(std::sync::atomic::Ordering::Relaxed) {
                // The bar follows the estimate and stops short of the end until the run ends.
                let done = (start.elapsed().as_secs_f64() / estimate).min(0.99);
                bar.set_position((done * 1000.0) as u64);
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
        });
        let sim = simulate_station(cfg, run);
        finished.store(true, std::sync::atomic::Ordering::Relaxed);
        sim
    });
    bar.finish_and_clear();
    sim
}

// ---------------------------------------------------------------------------------------------
// Validation: every error names the flag, says what was expected, and gives a hint.

fn flag_error(flag: &str, found: &str, expected: &str, hint: &str) -> anyhow::Error {
    anyhow!("invalid value `{found}` for --{flag}\n  expected: {expected}\n  hint: {hint}")
}

fn from_queue(flag: &str, found: &str, e: QueueError, hint: &str) -> anyhow::Error {
    let QueueError::Invalid { expected, .. } = e;
    flag_error(flag, found, &expected, hint)
}

fn positive(flag: &str, s: &str, v: f64, expected: &str, hint: &str) -> Result<f64> {
    if v > 0.0 && v.is_finite() {
        Ok(v)
    } else {
        Err(flag_error(flag, s, expected, hint))
    }
}

fn parse_rate(flag: &str, s: &str) -> Result<f64> {
    let expected = "a positive rate such as `900/s`, `1.2K/s` or `50/min`";
    let v = units::parse_rate(s).map_err(|e| flag_error(flag, s, expected, &e.hint))?;
    positive(flag, s, v, expected, "a rate must be above zero")
}

fn parse_duration(flag: &str, s: &str, allow_zero: bool) -> Result<f64> {
    let expected = if allow_zero {
        "a duration of zero or more such as `10ms`, `250us` or `2s`"
    } else {
        "a positive duration such as `10ms`, `250us` or `2s`"
    };
    let v = units::Kind::Duration
        .parse(s)
        .map_err(|e| flag_error(flag, s, expected, &e.hint))?;
    if (allow_zero && v == 0.0) || (v > 0.0 && v.is_finite()) {
        Ok(v)
    } else {
        Err(flag_error(
            flag,
            s,
            expected,
            "durations cannot be negative",
        ))
    }
}

/// A whole number in `[min, max]` (`1M`, `250,000` and `1e6` are accepted).
fn parse_whole(flag: &str, s: &str, min: f64, max: f64, what: &str) -> Result<u64> {
    let expected = format!(
        "{what}: a whole number from {} to {}",
        fmt_si(min),
        fmt_si(max)
    );
    let v = units::Kind::Count
        .parse(s)
        .map_err(|e| flag_error(flag, s, &expected, &e.hint))?;
    if v.fract() != 0.0 {
        return Err(flag_error(flag, s, &expected, "use a whole number"));
    }
    if v < min || v > max {
        return Err(flag_error(
            flag,
            s,
            &expected,
            &format!("{} is out of range", trim_num(v, 6)),
        ));
    }
    Ok(v as u64)
}

fn parse_fraction(flag: &str, s: &str) -> Result<f64> {
    units::parse_fraction(s).map_err(|e| {
        flag_error(
            flag,
            s,
            "a percentage such as `20%` or a fraction such as `0.2`",
            &e.hint,
        )
    })
}

fn validate(a: &SimulateArgs) -> Result<(StationConfig, RunConfig)> {
    let rate = parse_rate("arrival-rate", &a.arrival_rate)?;
    let servers = parse_whole(
        "servers",
        &a.servers,
        1.0,
        MAX_SERVERS as f64,
        "the number of servers",
    )? as u32;

    // The distribution: explicit, or inferred from the one parameter given.
    let dist = match a.service_dist {
        Some(d) => d,
        None if a.empirical_file.is_some() => ServiceDistArg::Empirical,
        None if a.p99.is_some() => ServiceDistArg::Lognormal,
        None if a.cv.is_some() => ServiceDistArg::Gamma,
        None => ServiceDistArg::Exp,
    };
    let stray = |flag: &str, given: bool, needs: &str| -> Result<()> {
        if given {
            Err(anyhow!(
                "--{flag} does not apply to --service-dist {}\n  hint: it is for --service-dist {needs}",
                dist_name(dist)
            ))
        } else {
            Ok(())
        }
    };
    if dist != ServiceDistArg::Lognormal {
        stray("p99", a.p99.is_some(), "lognormal")?;
    }
    if dist != ServiceDistArg::Gamma {
        stray("cv", a.cv.is_some(), "gamma")?;
    }
    if dist != ServiceDistArg::Empirical {
        stray("empirical-file", a.empirical_file.is_some(), "empirical")?;
    }
    let service_time = || -> Result<f64> {
        let s = a.service_time.as_deref().ok_or_else(|| {
            anyhow!(
                "--service-time is required for --service-dist {}\n  hint: e.g. --service-time 10ms",
                dist_name(dist)
            )
        })?;
        parse_duration("service-time", s, false)
    };
    let service = match dist {
        ServiceDistArg::Exp => ServiceDist::exponential(service_time()?)?,
        ServiceDistArg::Det => ServiceDist::deterministic(service_time()?)?,
        ServiceDistArg::Lognormal => {
            let p50 = service_time()?;
            let s = a.p99.as_deref().ok_or_else(|| {
                anyhow!("--service-dist lognormal needs --p99\n  hint: e.g. --service-time 10ms --p99 40ms (the median and the 99th percentile)")
            })?;
            let p99 = parse_duration("p99", s, false)?;
            ServiceDist::lognormal_from_p50_p99(p50, p99).map_err(|e| {
                from_queue(
                    "p99",
                    s,
                    e,
                    "--service-time is the median for a lognormal; --p99 must be larger",
                )
            })?
        }
        ServiceDistArg::Gamma => {
            let mean = service_time()?;
            let s = a.cv.as_deref().ok_or_else(|| {
                anyhow!("--service-dist gamma needs --cv\n  hint: e.g. --cv 1.5 (1 is exponential, below 1 is more regular)")
            })?;
            let cv: f64 = s.trim().parse().map_err(|_| {
                flag_error(
                    "cv",
                    s,
                    "a positive number such as `1.5`",
                    "a plain number, no unit",
                )
            })?;
            ServiceDist::gamma_from_mean_cv(mean, cv).map_err(|e| {
                from_queue(
                    "cv",
                    s,
                    e,
                    "1 is exponential; use --service-dist det for no variation",
                )
            })?
        }
        ServiceDistArg::Empirical => {
            if a.service_time.is_some() {
                return Err(anyhow!(
                    "--service-time does not apply to --service-dist empirical\n  hint: the service times come from --empirical-file"
                ));
            }
            let path = a.empirical_file.as_ref().ok_or_else(|| {
                anyhow!("--service-dist empirical needs --empirical-file FILE\n  hint: one latency per line, e.g. `12.5` (ms) or `12ms`")
            })?;
            let text = std::fs::read_to_string(path)
                .map_err(|e| anyhow!("cannot read --empirical-file {}: {e}", path.display()))?;
            let shown = path.display().to_string();
            let samples = ServiceDist::parse_empirical(&text).map_err(|e| {
                from_queue(
                    "empirical-file",
                    &shown,
                    e,
                    "one latency per line: `12.5` (milliseconds) or `12ms`",
                )
            })?;
            ServiceDist::empirical(samples).map_err(|e| {
                from_queue(
                    "empirical-file",
                    &shown,
                    e,
                    "the file needs at least one positive latency",
                )
            })?
        }
    };

    let arrivals = match a.arrivals {
        ArrivalsArg::Poisson => ArrivalSpec::poisson(rate)?,
        ArrivalsArg::Bursty => {
            let ratio: f64 = a.burst_ratio.trim().parse().map_err(|_| {
                flag_error(
                    "burst-ratio",
                    &a.burst_ratio,
                    "a number ≥ 1 such as `4`",
                    "burst rate ÷ quiet rate",
                )
            })?;
            let share = parse_fraction("burst-share", &a.burst_share)?;
            let length = parse_duration("burst-length", &a.burst_length, false)?;
            let m = Mmpp::new(rate, ratio, share, length).map_err(|e| {
                let (flag, found) = match &e {
                    QueueError::Invalid { what, .. } if what == "burst ratio" => {
                        ("burst-ratio", &a.burst_ratio)
                    }
                    _ => ("burst-share", &a.burst_share),
                };
                from_queue(
                    flag,
                    found,
                    e,
                    "bursts need a ratio ≥ 1 and a share strictly between 0% and 100%",
                )
            })?;
            ArrivalSpec::Bursty(m)
        }
        ArrivalsArg::Diurnal => {
            let amp = parse_fraction("diurnal-amplitude", &a.diurnal_amplitude)?;
            let period = parse_duration("diurnal-period", &a.diurnal_period, false)?;
            ArrivalSpec::diurnal(rate, amp, period).map_err(|e| {
                from_queue(
                    "diurnal-amplitude",
                    &a.diurnal_amplitude,
                    e,
                    "0% is flat, 100% swings from zero to twice the mean",
                )
            })?
        }
    };

    let capacity = a
        .queue_capacity
        .as_deref()
        .map(|s| parse_whole("queue-capacity", s, 0.0, 1e12, "the waiting-room size"))
        .transpose()?;
    let timeout = a
        .timeout
        .as_deref()
        .map(|s| parse_duration("timeout", s, true))
        .transpose()?;
    let limits = Limits { capacity, timeout };
    let cfg = StationConfig::new(servers, arrivals, service, limits)?;

    let requests = parse_whole(
        "requests",
        &a.requests,
        1.0,
        MAX_REQUESTS,
        "measured requests per replication",
    )?;
    let replications = parse_whole(
        "replications",
        &a.replications,
        1.0,
        MAX_REPLICATIONS,
        "independent replications",
    )? as u32;
    let mut run = RunConfig::new(requests, replications, a.seed)?;
    if let Some(w) = &a.warmup {
        run.warmup = parse_whole("warmup", w, 0.0, MAX_REQUESTS, "discarded requests")?;
        run.auto_warmup = false;
    }
    Ok((cfg, run))
}

fn dist_name(d: ServiceDistArg) -> &'static str {
    match d {
        ServiceDistArg::Exp => "exp",
        ServiceDistArg::Det => "det",
        ServiceDistArg::Lognormal => "lognormal",
        ServiceDistArg::Gamma => "gamma",
        ServiceDistArg::Empirical => "empirical",
    }
}

// ---------------------------------------------------------------------------------------------
// The result, as serialised to JSON (keys are a contract) and rendered as a table.

/// Milliseconds, or `None` for anything non-finite: JSON never carries NaN or infinity.
fn ms(s: f64) -> Option<f64> {
    let v = s * 1e3;
    v.is_finite().then_some(v)
}

fn ms_opt(s: Option<f64>) -> Option<f64> {
    s.and_then(ms)
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// `simulate --format json` (its schema: `capplan schema --output simulate`).
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Report {
    /// The queue does not grow without bound: `ρ < 1`, or a queue limit/timeout sheds the excess.
    stable: bool,
    /// Offered load per server `ρ ≥ 1`.
    saturated: bool,
    station: StationOut,
    analytic: AnalyticOut,
    simulated: SimulatedOut,
    notes: Vec<String>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct StationOut {
    servers: u32,
    arrivals: String,
    arrival_rate_per_s: Option<f64>,
    service: String,
    service_mean_ms: Option<f64>,
    service_scv: Option<f64>,
    queue_capacity: Option<u64>,
    timeout_ms: Option<f64>,
    requests_per_replication: u64,
    /// The warm-up budget per replication (all of it discarded when fixed with --warmup).
    warmup_per_replication: u64,
    /// `mser` (chosen from the data within the budget) or `fixed`.
    warmup_rule: &'static str,
    /// Requests discarded per replication, on average.
    warmup_discarded_mean: Option<f64>,
    replications: u32,
    seed: u64,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct AnalyticOut {
    method: &'static str,
    utilization: Option<f64>,
    p_wait: Option<f64>,
    mean_wait_ms: Option<f64>,
    mean_response_ms: Option<f64>,
    p50_ms: Option<f64>,
    p95_ms: Option<f64>,
    p99_ms: Option<f64>,
    p999_ms: Option<f64>,
    /// Worst error of the approximation's p50 and p99 against simulation on the validation
    /// grid for this kind of station, in percent (0 for the exact M/M/c formulas).
    error_band_p50_pct: Option<f64>,
    error_band_p99_pct: Option<f64>,
    note: Option<String>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct SimulatedOut {
    requests: u64,
    served: u64,
    utilization: Option<f64>,
    mean_wait_ms: Option<f64>,
    mean_response_ms: Option<f64>,
    p50_ms: Option<f64>,
    p95_ms: Option<f64>,
    p99_ms: Option<f64>,
    p999_ms: Option<f64>,
    rejected_fraction: Option<f64>,
    blocked_fraction: Option<f64>,
    timed_out_fraction: Option<f64>,
    mean_response_ci95_ms: Option<[f64; 2]>,
    p99_ci95_ms: Option<[f64; 2]>,
    mean_response_first_half_ms: Option<f64>,
    mean_response_second_half_ms: Option<f64>,
    /// The second half's mean response is well above the first's: the queue was still growing.
    latency_growing: bool,
    /// Figures this run is too short for, with the requests per replication each needs.
    run_too_short: Vec<crate::queueing::runlength::Shortfall>,
}

fn ci_ms(ci: Option<(f64, f64)>) -> Option<[f64; 2]> {
    let (lo, hi) = ci?;
    Some([ms(lo)?, ms(hi)?])
}

impl Report {
    fn new(cfg: &StationConfig, run: &RunConfig, a: &Analytic, s: &SimResult) -> Report {
        let saturated = !a.stable;
        let stable = a.stable || !cfg.limits.is_none();
        let growing = match (s.mean_response_first_half, s.mean_response_second_half) {
            (Some(h1), Some(h2)) => h2 > 1.2 * h1 && h2 - h1 > cfg.service.mean(),
            _ => false,
        };
        let aq = a.response;
        let sq = s.response;
        let mut notes = Vec::new();
        if saturated && cfg.limits.is_none() {
            notes.push(format!(
                "saturated: the offered load is {} of capacity (ρ = {} ≥ 1), so the queue grows \
                 without bound and there is no steady state. The simulation stopped after {} \
                 requests per replication; its latencies depend on that length{}.",
                fmt_percent(a.utilization),
                trim_num(a.utilization, 4),
                fmt_si(run.requests as f64),
                match (s.mean_response_first_half, s.mean_response_second_half) {
                    (Some(h1), Some(h2)) => format!(
                        " — the mean response grew from {} in the first half to {} in the second",
                        fmt_duration(h1),
                        fmt_duration(h2)
                    ),
                    _ => String::new(),
                }
            ));
            let need = (cfg.arrivals.mean_rate() * cfg.service.mean()).floor() as u64 + 1;
            notes.push(format!(
                "at least {need} servers are needed for ρ < 1 (more for acceptable waits)."
            ));
        } else if saturated {
            notes.push(format!(
                "offered load ρ = {} ≥ 1: the queue limit/timeout sheds the excess ({} rejected).",
                trim_num(a.utilization, 4),
                fmt_percent(s.rejected_fraction)
            ));
        } else if growing {
            notes.push(
                "the mean response in the second half of the run is well above the first: the \
                 run may be too short for this load (try more --requests)."
                    .into(),
            );
        }
        if let Some(n) = &a.note {
            if !saturated {
                notes.push(n.clone());
            }
        }
        if let ArrivalSpec::Diurnal { period, .. } = cfg.arrivals {
            let covered = run.requests as f64 / cfg.arrivals.mean_rate();
            if covered < period {
                notes.push(format!(
                    "each replication covers {} of the {} diurnal cycle; use --requests {} or \
                     more to cover a whole cycle.",
                    fmt_duration(covered),
                    fmt_duration(period),
                    fmt_si((period * cfg.arrivals.mean_rate()).ceil())
                ));
            }
            if cfg.peak_utilization() >= 1.0 {
                notes.push(format!(
                    "at the diurnal peak the offered load is {} of capacity: queues build up \
                     around the peak and drain afterwards.",
                    fmt_percent(cfg.peak_utilization())
                ));
            }
        }
        let length = crate::queueing::runlength::check(cfg, run);
        if !saturated {
            for f in &length.shortfalls {
                notes.push(format!(
                    "run too short for the {}: {}; use --{} {} or more (this run: {}).",
                    f.what,
                    f.why,
                    if f.what == "warm-up" {
                        "warmup"
                    } else {
                        "requests"
                    },
                    fmt_si(f.needed as f64),
                    fmt_si(f.have as f64)
                ));
            }
        }
        if s.warmup_beyond_budget > 0 && run.auto_warmup {
            notes.push(format!(
                "in {} of {} replications the response times were still drifting at the end of \
                 the warm-up budget ({} requests): raise --requests (the budget is a tenth) or \
                 set --warmup.",
                s.warmup_beyond_budget,
                s.replications,
                fmt_si(run.warmup as f64)
            ));
        }
        let band = crate::queueing::approx::error_band(cfg, a);
        if let Some(b) = &band {
            if a.method == crate::queueing::Method::AllenCunneen {
                notes.push(format!(
                    "the approximation's quantiles are within ±{}% (p50) and ±{}% (p99) of \
                     simulation on the validation grid for {}.",
                    trim_num(b.p50_pct, 2),
                    trim_num(b.p99_pct, 2),
                    b.region
                ));
            }
        } else if a.method == crate::queueing::Method::AllenCunneen {
            notes.push(
                "no measured error band for the approximation with this service or arrival \
                 process: trust the simulated column."
                    .into(),
            );
        }
        if run.replications < 2 {
            notes.push(
                "one replication: no confidence intervals (use --replications 2 or more).".into(),
            );
        }
        Report {
            stable,
            saturated,
            station: StationOut {
                servers: cfg.servers,
                arrivals: cfg.arrivals.describe(),
                arrival_rate_per_s: finite(cfg.arrivals.mean_rate()),
                service: cfg.service.describe(),
                service_mean_ms: ms(cfg.service.mean()),
                service_scv: finite(cfg.service.scv()),
                queue_capacity: cfg.limits.capacity,
                timeout_ms: cfg.limits.timeout.and_then(ms),
                requests_per_replication: run.requests,
                warmup_per_replication: run.warmup,
                warmup_rule: if run.auto_warmup { "mser" } else { "fixed" },
                warmup_discarded_mean: finite(s.warmup_mean),
                replications: run.replications,
                seed: run.seed,
            },
            analytic: AnalyticOut {
                method: a.method.label(),
                utilization: finite(a.utilization),
                p_wait: a.p_wait.and_then(finite),
                mean_wait_ms: ms_opt(a.mean_wait),
                mean_response_ms: ms_opt(a.mean_response),
                p50_ms: ms_opt(aq.map(|q| q.p50)),
                p95_ms: ms_opt(aq.map(|q| q.p95)),
                p99_ms: ms_opt(aq.map(|q| q.p99)),
                p999_ms: ms_opt(aq.map(|q| q.p999)),
                error_band_p50_pct: band.as_ref().map(|b| b.p50_pct),
                error_band_p99_pct: band.as_ref().map(|b| b.p99_pct),
                note: a.note.clone(),
            },
            simulated: SimulatedOut {
                requests: s.requests,
                served: s.served,
                utilization: finite(s.utilization),
                mean_wait_ms: ms_opt(s.mean_wait),
                mean_response_ms: ms_opt(s.mean_response),
                p50_ms: ms_opt(sq.map(|q| q.p50)),
                p95_ms: ms_opt(sq.map(|q| q.p95)),
                p99_ms: ms_opt(sq.map(|q| q.p99)),
                p999_ms: ms_opt(sq.map(|q| q.p999)),
                rejected_fraction: finite(s.rejected_fraction),
                blocked_fraction: finite(s.blocked_fraction),
                timed_out_fraction: finite(s.timed_out_fraction),
                mean_response_ci95_ms: ci_ms(s.mean_response_ci95),
                p99_ci95_ms: ci_ms(s.p99_ci95),
                mean_response_first_half_ms: ms_opt(s.mean_response_first_half),
                mean_response_second_half_ms: ms_opt(s.mean_response_second_half),
                latency_growing: growing,
                run_too_short: if saturated {
                    Vec::new()
                } else {
                    length.shortfalls.clone()
                },
            },
            notes,
        }
    }
}

fn cell_ms(v: Option<f64>, missing: &str) -> String {
    match v {
        Some(x) => fmt_duration(x / 1e3),
        None => missing.to_string(),
    }
}

fn cell_ci(v: Option<[f64; 2]>) -> String {
    match v {
        Some([lo, hi]) => format!("{} – {}", fmt_duration(lo / 1e3), fmt_duration(hi / 1e3)),
        None => "—".into(),
    }
}

fn render_table(r: &Report) -> String {
    let st = &r.station;
    let mut out = String::new();
    out.push_str(&format!(
        "G/G/{} station · arrivals {} · service {}\n",
        st.servers, st.arrivals, st.service
    ));
    let mut limits = Vec::new();
    if let Some(k) = st.queue_capacity {
        limits.push(format!("queue capacity {k}"));
    }
    if let Some(t) = st.timeout_ms {
        limits.push(format!("timeout {}", fmt_duration(t / 1e3)));
    }
    let warm = match (st.warmup_rule, st.warmup_discarded_mean) {
        ("mser", Some(d)) => format!(
            "+{} warm-up chosen from the data, at most {}",
            fmt_si(d.round()),
            fmt_si(st.warmup_per_replication as f64)
        ),
        _ => format!("+{} warm-up", fmt_si(st.warmup_per_replication as f64)),
    };
    out.push_str(&format!(
        "{} × {} requests ({warm}) · seed {}{}\n",
        st.replications,
        fmt_si(st.requests_per_replication as f64),
        st.seed,
        if limits.is_empty() {
            String::new()
        } else {
            format!(" · {}", limits.join(" · "))
        }
    ));
    out.push_str(&format!(
        "{}\n\n",
        if r.saturated && st.queue_capacity.is_none() && st.timeout_ms.is_none() {
            "SATURATED (ρ ≥ 1): no steady state"
        } else if r.saturated {
            "overloaded (ρ ≥ 1), excess shed by the queue limit/timeout"
        } else {
            "stable (ρ < 1)"
        }
    ));

    let a = &r.analytic;
    let s = &r.simulated;
    let missing = if r.saturated && a.method != "no formula" {
        "saturated"
    } else {
        "—"
    };
    let mut t = Table::new();
    crate::units::fit_table(&mut t);
    t.load_preset(UTF8_FULL_CONDENSED).set_header(vec![
        "".to_string(),
        format!("analytic: {}", a.method),
        "simulated".to_string(),
        "simulated 95% CI".to_string(),
    ]);
    // Utilization and shares with three significant digits (`fmt_percent` keeps more near
    // 100%, which suits availability, not load).
    let pct = |v: Option<f64>| {
        v.map(|x| format!("{}%", trim_num(x * 100.0, 3)))
            .unwrap_or_else(|| "—".into())
    };
    t.add_row(vec![
        "utilization".to_string(),
        pct(a.utilization),
        pct(s.utilization),
        String::new(),
    ]);
    t.add_row(vec![
        "P(wait)".to_string(),
        a.p_wait
            .map(|p| format!("{}%", trim_num(p * 100.0, 3)))
            .unwrap_or_else(|| missing.into()),
        "—".to_string(),
        String::new(),
    ]);
    t.add_row(vec![
        "mean wait".to_string(),
        cell_ms(a.mean_wait_ms, missing),
        cell_ms(s.mean_wait_ms, "—"),
        String::new(),
    ]);
    t.add_row(vec![
        "mean response".to_string(),
        cell_ms(a.mean_response_ms, missing),
        cell_ms(s.mean_response_ms, "—"),
        cell_ci(s.mean_response_ci95_ms),
    ]);
    for (name, av, sv) in [
        ("p50", a.p50_ms, s.p50_ms),
        ("p95", a.p95_ms, s.p95_ms),
        ("p99", a.p99_ms, s.p99_ms),
        ("p99.9", a.p999_ms, s.p999_ms),
    ] {
        let band = match name {
            "p50" => a.error_band_p50_pct,
            "p99" => a.error_band_p99_pct,
            _ => None,
        };
        let analytic = match (av, band) {
            (Some(_), Some(b)) if b > 0.0 => {
                format!("{} (±{}%)", cell_ms(av, missing), trim_num(b, 2))
            }
            _ => cell_ms(av, missing),
        };
        t.add_row(vec![
            name.to_string(),
            analytic,
            cell_ms(sv, "—"),
            if name == "p99" {
                cell_ci(s.p99_ci95_ms)
            } else {
                String::new()
            },
        ]);
    }
    if st.queue_capacity.is_some() || st.timeout_ms.is_some() {
        t.add_row(vec![
            "rejected".to_string(),
            "—".to_string(),
            pct(s.rejected_fraction),
            String::new(),
        ]);
    }
    out.push_str(&t.to_string());
    out.push('\n');
    if !r.notes.is_empty() {
        out.push('\n');
        for n in &r.notes {
            out.push_str(&format!("- {n}\n"));
        }
    }
    out
}
