//! Command-line types (clap derive) only. They are turned into validated domain types by
//! `crate::commands` before any model runs.

mod init;
mod practice;
mod simulate;

pub use init::*;
pub use practice::*;
pub use simulate::*;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Capacity planning from a short spec: load, sizing, latency, scaling phase and monthly cost.
#[derive(Debug, Parser)]
#[command(name = "capplan", version, about, long_about = None)]
pub struct Cli {
    /// When to use colour: auto (only on a terminal, NO_COLOR honoured), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// Print only the result: no progress, no notes on stderr.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

// Parsed once per run; boxing the larger argument structs would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Derive the load, size every component, and print topology, phase, cost and latency.
    Estimate(EstimateArgs),
    /// Analytic and simulated latency of one G/G/c station.
    Simulate(SimulateArgs),
    /// Check specs against their budget, SLOs and limits; exit 1 when any check fails.
    Check(CheckArgs),
    /// What a change does to the design: per component, cost, phase, latency, availability.
    Diff(DiffArgs),
    /// Inspect or validate the catalog of tiers and technologies.
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// Practise capacity estimation: answer an interviewer's questions, get graded.
    Practice(PracticeArgs),
    /// Write a commented starter spec.
    Init(InitArgs),
    /// Print the JSON Schema of the spec (for editor validation and completion).
    Schema,
    /// Print shell completions.
    Completions(CompletionsArgs),
    /// Print the man page (roff).
    Man,
}

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Table,
    Json,
    /// GitHub Actions workflow annotations (`::error file=…,line=…::…`).
    Github,
    /// JUnit XML for CI dashboards.
    Junit,
}

/// Output format of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Table,
    Markdown,
    Json,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 every check passed, 1 a check failed, 2 invalid input.\n\n\
Examples:\n  capplan check specs/*.yaml\n  \
capplan check specs/chat.yaml --format github\n  \
capplan check design.yaml --baseline main-estimate.json --strict --format junit -o report.xml"
)]
pub struct CheckArgs {
    /// Specs to check (YAML or TOML).
    #[arg(required = true)]
    pub specs: Vec<PathBuf>,

    #[arg(short, long, value_enum, default_value_t = CheckFormat::Table)]
    pub format: CheckFormat,

    /// Treat warnings (utilization above 85%, a p99 within 10% of its SLO, a budget inside the
    /// cost range) as failures.
    #[arg(long)]
    pub strict: bool,

    /// A baseline spec or saved `estimate --format json`, for `limits.max_monthly_cost_increase`.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Write the report to FILE (whole or not at all).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,

    /// Monte Carlo samples for specs with uncertain inputs.
    #[arg(long, default_value_t = 2000, value_name = "N")]
    pub samples: usize,

    #[arg(long, default_value_t = 7, value_name = "N")]
    pub seed: u64,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  capplan diff base.yaml head.yaml\n  \
capplan diff main-estimate.json specs/chat.yaml --format markdown > comment.md")]
pub struct DiffArgs {
    /// The base: a spec, or a saved `estimate --format json`.
    pub base: PathBuf,
    /// The head: a spec, or a saved `estimate --format json`.
    pub head: PathBuf,

    #[arg(short, long, value_enum, default_value_t = DiffFormat::Table)]
    pub format: DiffFormat,

    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,

    #[arg(long, default_value_t = 2000, value_name = "N")]
    pub samples: usize,

    #[arg(long, default_value_t = 7, value_name = "N")]
    pub seed: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Output format of `estimate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Markdown,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  capplan estimate specs/url-shortener.yaml\n  \
capplan estimate specs/chat.yaml --format markdown -o design.md\n  \
capplan estimate specs/news-feed.yaml --format json | jq .cost"
)]
pub struct EstimateArgs {
    /// The spec: YAML (.yaml/.yml) or TOML (.toml).
    pub spec: PathBuf,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Write the output to FILE (whole or not at all) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Show each derived figure with its formula and the numbers substituted.
    #[arg(long)]
    pub explain: bool,

    /// A directory of catalog YAML files overlaid on the built-in catalog.
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,

    /// Monte Carlo samples when inputs are uncertain (ranges or distributions).
    #[arg(
        long,
        default_value_t = 2000,
        value_name = "N",
        help_heading = "Uncertainty"
    )]
    pub samples: usize,

    /// Also sample the catalog's documented capacity and price ranges (on whenever the spec
    /// has a range).
    #[arg(long, help_heading = "Uncertainty")]
    pub uncertainty: bool,

    /// Seed for every random process (Monte Carlo and simulation).
    #[arg(long, default_value_t = 7, value_name = "N")]
    pub seed: u64,

    /// Write the report's SVG charts into DIR (without `-o`, only the charts are written).
    #[arg(long, value_name = "DIR")]
    pub charts: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// List every catalog entry by kind.
    List {
        #[arg(long, value_name = "DIR")]
        catalog: Option<PathBuf>,
    },
    /// Show one entry (a tier or a technology) with its figures and sources.
    Show {
        name: String,
        #[arg(long, value_name = "DIR")]
        catalog: Option<PathBuf>,
    },
    /// Check a catalog overlay directory and report every problem.
    Validate { dir: PathBuf },
}
