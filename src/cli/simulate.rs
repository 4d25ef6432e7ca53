//! `capplan simulate` arguments. Quantities are taken as strings (`900/s`, `10ms`, `1M`) and
//! validated by `crate::commands::simulate`, which names the flag in any error.

use clap::ValueEnum;
use std::path::PathBuf;

/// Service-time distribution for `simulate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ServiceDistArg {
    /// Exponential with mean --service-time.
    Exp,
    /// Always exactly --service-time.
    Det,
    /// Lognormal through p50 = --service-time and p99 = --p99.
    Lognormal,
    /// Gamma with mean --service-time and coefficient of variation --cv.
    Gamma,
    /// Measured latencies from --empirical-file, resampled.
    Empirical,
}

/// Arrival process for `simulate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ArrivalsArg {
    /// Poisson arrivals at --arrival-rate.
    Poisson,
    /// Two-state MMPP: bursts at --burst-ratio × the quiet rate, --burst-share of the time,
    /// lasting --burst-length on average; long-run mean --arrival-rate.
    Bursty,
    /// Rate --arrival-rate × (1 + --diurnal-amplitude × sin(2πt / --diurnal-period)).
    Diurnal,
}

/// Output format of `simulate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SimulateFormat {
    Table,
    Json,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
capplan simulate --arrival-rate 900/s --service-time 10ms --servers 12\n  \
capplan simulate --arrival-rate 2K/s --service-time 4ms --servers 10 --service-dist lognormal --p99 25ms --timeout 200ms\n  \
capplan simulate --arrival-rate 50/s --servers 4 --empirical-file latencies.txt --arrivals bursty --format json")]
pub struct SimulateArgs {
    /// Mean arrival rate, e.g. `900/s`, `1.2K/s`, `50/min`.
    #[arg(long, value_name = "RATE", allow_hyphen_values = true)]
    pub arrival_rate: String,

    /// Mean service time, e.g. `10ms` (the median for --service-dist lognormal; not used with
    /// --service-dist empirical).
    #[arg(long, value_name = "DURATION", allow_hyphen_values = true)]
    pub service_time: Option<String>,

    /// Number of servers (parallel workers) at the station.
    #[arg(long, short = 'c', value_name = "N", allow_hyphen_values = true)]
    pub servers: String,

    /// Service-time distribution [default: exp; or inferred from --p99, --cv, --empirical-file].
    #[arg(long, value_enum, value_name = "DIST")]
    pub service_dist: Option<ServiceDistArg>,

    /// 99th-percentile service time for --service-dist lognormal, e.g. `40ms`.
    #[arg(long, value_name = "DURATION", allow_hyphen_values = true)]
    pub p99: Option<String>,

    /// Coefficient of variation for --service-dist gamma, e.g. `1.5`.
    #[arg(long, value_name = "CV", allow_hyphen_values = true)]
    pub cv: Option<String>,

    /// File of measured service times for --service-dist empirical: one per line, plain
    /// numbers in milliseconds (`12.5`) or with a unit (`12ms`, `850us`); `#` comments allowed.
    #[arg(long, value_name = "FILE", visible_alias = "empirical")]
    pub empirical_file: Option<PathBuf>,

    /// Arrival process.
    #[arg(long, value_enum, default_value_t = ArrivalsArg::Poisson)]
    pub arrivals: ArrivalsArg,

    /// Bursty: burst rate ÷ quiet rate.
    #[arg(
        long,
        value_name = "X",
        default_value = "4",
        allow_hyphen_values = true
    )]
    pub burst_ratio: String,

    /// Bursty: share of time in bursts, e.g. `20%`.
    #[arg(
        long,
        value_name = "SHARE",
        default_value = "20%",
        allow_hyphen_values = true
    )]
    pub burst_share: String,

    /// Bursty: mean burst duration.
    #[arg(
        long,
        value_name = "DURATION",
        default_value = "1s",
        allow_hyphen_values = true
    )]
    pub burst_length: String,

    /// Diurnal: swing around the mean rate, e.g. `50%` (peak = mean × 1.5).
    #[arg(
        long,
        value_name = "SHARE",
        default_value = "50%",
        allow_hyphen_values = true
    )]
    pub diurnal_amplitude: String,

    /// Diurnal: length of one cycle.
    #[arg(
        long,
        value_name = "DURATION",
        default_value = "24h",
        allow_hyphen_values = true
    )]
    pub diurnal_period: String,

    /// Waiting room size (requests waiting, not counting those in service); arrivals finding it
    /// full are rejected. `0` = no waiting (Erlang loss).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub queue_capacity: Option<String>,

    /// A request that would wait in the queue longer than this gives up (rejected; it never
    /// uses a server).
    #[arg(long, value_name = "DURATION", allow_hyphen_values = true)]
    pub timeout: Option<String>,

    /// Measured requests per replication, e.g. `1M`.
    #[arg(
        long,
        value_name = "N",
        default_value = "1M",
        allow_hyphen_values = true
    )]
    pub requests: String,

    /// Discarded warm-up requests per replication [default: a tenth of --requests].
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub warmup: Option<String>,

    /// Independent replications (run in parallel); at least 2 for confidence intervals.
    #[arg(
        long,
        value_name = "N",
        default_value = "8",
        allow_hyphen_values = true
    )]
    pub replications: String,

    /// Random seed: the same seed gives the same output, whatever the number of threads.
    #[arg(long, value_name = "SEED", default_value_t = 1)]
    pub seed: u64,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = SimulateFormat::Table)]
    pub format: SimulateFormat,
}
