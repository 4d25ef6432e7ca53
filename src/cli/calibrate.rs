//! `capplan calibrate` arguments.

use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// Output format of `calibrate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CalibrateFormat {
    Table,
    Json,
    Markdown,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Load-test files (the format is recognised from the text):\n  \
CSV with a header    one row per load level: concurrency (or offered_rps), throughput_rps,\n                       \
latency_ms, optionally sd_ms, p50_ms, p99_ms and cpu (0–1) or cpu_percent\n  \
k6 summary JSON      `k6 run --summary-export FILE`, one file per load level\n  \
Locust history CSV   `PREFIX_stats_history.csv` from `locust --csv PREFIX`\n  \
wrk report           the text `wrk -c N --latency` prints, one file per load level\n\
Concurrency is requests in flight (virtual users or connections without think time).\n\n\
Examples:\n  capplan calibrate examples/load-test.csv --instance m5.xlarge\n  \
capplan calibrate examples/load-test.csv --instance m5.xlarge -o calibration/\n  \
capplan estimate specs/url-shortener.yaml --calibration calibration/\n  \
capplan calibrate k6-*.json --samples latencies.txt --format json | jq .usl"
)]
pub struct CalibrateArgs {
    /// Load-test results: CSV, k6 summary JSON, Locust stats history or wrk output (`-` for
    /// standard input).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Raw latency samples of the app at low load, one a line (`12.5` ms or `12ms`), for the
    /// service-time distribution.
    #[arg(long, value_name = "FILE", help_heading = "Inputs")]
    pub samples: Option<PathBuf>,

    /// The instance the test ran on: a reference tier or a node type (`m5.xlarge`,
    /// `c7g.large`). Needed for CPU time per request, request slots and the tier.
    #[arg(long, value_name = "NAME", help_heading = "Inputs")]
    pub instance: Option<String>,

    /// The date the overlay cites (YYYY-MM-DD); the first file's modification date by default.
    #[arg(long, value_name = "DATE", help_heading = "Inputs")]
    pub date: Option<String>,

    /// Report format.
    #[arg(short, long, value_enum, default_value_t = CalibrateFormat::Table, help_heading = "Output")]
    pub format: CalibrateFormat,

    /// Write the catalog overlay (`calibration.yaml`) and the fit's chart (`usl-fit.svg`) into
    /// DIR, created when missing.
    #[arg(short, long, value_name = "DIR", help_heading = "Output")]
    pub output: Option<PathBuf>,

    /// A catalog overlay the instance is looked up in (the built-in catalog otherwise).
    #[arg(long, value_name = "DIR", help_heading = "Inputs")]
    pub catalog: Option<PathBuf>,
}
