//! Command-line types (clap derive) only. They are turned into validated domain types by
//! `crate::commands` before any model runs.

mod calibrate;
mod defaults;
mod init;
mod practice;
mod simulate;

pub use calibrate::*;
pub use init::*;
pub use practice::*;
pub use simulate::*;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Capacity planning from a short spec: load, sizing, latency, scaling phase and monthly cost.
#[derive(Debug, Parser)]
#[command(
    name = "capplan",
    version,
    about,
    long_about = None,
    after_help = "Examples:\n  \
capplan init --template url-shortener      # a commented starter spec\n  \
capplan estimate url-shortener.yaml        # load, sizing, topology, phase, cost, latency\n  \
capplan check specs/*.yaml                 # budget, SLOs and limits in CI (exit 1 on failure)\n\n\
Defaults: a flag wins over the variables CAPPLAN_CATALOG, CAPPLAN_CLOUD, CAPPLAN_SEED,\n\
CAPPLAN_SAMPLES and CAPPLAN_FORMAT, which win over ./capplan.toml, which wins over\n\
$XDG_CONFIG_HOME/capplan/capplan.toml (else ~/.config/capplan/capplan.toml). The file's keys:\n\
catalog = \"DIR\", cloud = \"aws\"|\"azure\"|\"gcp\" (for a spec naming none), seed = N,\n\
samples = N, format = \"json\" (for the commands that have it).\n\n\
Run `capplan help <COMMAND>` or `capplan <COMMAND> --help` for a command's options and examples."
)]
pub struct Cli {
    /// When to use colour: auto (only on a terminal, NO_COLOR honoured), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, help_heading = "Global options")]
    pub color: ColorChoice,

    /// Print only the result: no progress, no notes on stderr.
    #[arg(short, long, global = true, help_heading = "Global options")]
    pub quiet: bool,

    /// Print more detail on stderr, where a command has more to say.
    #[arg(short, long, global = true, help_heading = "Global options")]
    pub verbose: bool,

    /// Lay tables out for N columns [default: `COLUMNS`, else the terminal's width; no limit in
    /// a pipe or a file written with `-o`]
    #[arg(long, value_name = "N", global = true, help_heading = "Global options")]
    pub width: Option<u16>,

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
    /// The design and its cost month by month from launch to the horizon, and the runway:
    /// when each component outgrows the planned design and the next phase is needed.
    Timeline(TimelineArgs),
    /// Fit the app tier to a load test (scalability law, service time, CPU per request) and
    /// write it as a catalog overlay.
    Calibrate(CalibrateArgs),
    /// Check specs against their budget, SLOs and limits; exit 1 when any check fails.
    Check(CheckArgs),
    /// What a change does to the design: per component, cost, phase, latency, availability.
    Diff(DiffArgs),
    /// Inspect or validate the catalog of tiers and technologies.
    #[command(
        subcommand,
        after_help = "Examples:\n  capplan catalog list\n  capplan catalog show db.r5.xlarge\n  \
capplan catalog validate examples/catalog-overlay"
    )]
    Catalog(CatalogCommand),
    /// Practise capacity estimation: answer an interviewer's questions, get graded.
    Practice(PracticeArgs),
    /// Write a commented starter spec.
    Init(InitArgs),
    /// Print the JSON Schema of the spec (for editor validation and completion), or of a JSON
    /// output.
    #[command(after_help = "Examples:\n  \
capplan schema > capplan.schema.json\n  \
capplan schema --output estimate > estimate.schema.json\n  \
capplan schema | jq '.properties | keys'\n\n\
Editors using yaml-language-server (VS Code, Neovim, Helix, Zed) validate and complete a spec \
whose first line is `# yaml-language-server: $schema=./capplan.schema.json`, as `capplan init` \
writes it, once the schema is saved beside the spec.")]
    Schema(SchemaArgs),
    /// Print shell completions for bash, zsh, fish, powershell or elvish.
    Completions(CompletionsArgs),
    /// Print the man page (roff).
    #[command(after_help = "Examples:\n  \
capplan man | man -l -\n  \
capplan man > ~/.local/share/man/man1/capplan.1")]
    Man,
}

impl Command {
    /// The file the command writes its report to (`-o`), if any.
    pub fn output_file(&self) -> Option<&std::path::Path> {
        match self {
            Command::Estimate(a) => a.output.as_deref(),
            Command::Check(a) => a.output.as_deref(),
            Command::Timeline(a) => a.output.as_deref(),
            _ => None,
        }
    }
}

/// What `capplan schema` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaOf {
    /// The spec a user writes (YAML or TOML).
    Spec,
    /// `capplan estimate --format json`.
    Estimate,
    /// `capplan check --format json`.
    Check,
    /// `capplan diff --format json`.
    Diff,
    /// `capplan simulate --format json`.
    Simulate,
    /// `capplan calibrate --format json`.
    Calibrate,
}

#[derive(Debug, Clone, Args)]
pub struct SchemaArgs {
    /// The document described: the spec, or the JSON output of estimate, check, diff,
    /// simulate or calibrate
    #[arg(long = "output", value_name = "DOCUMENT", default_value = "spec")]
    pub of: SchemaOf,
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
    /// Specs to check (YAML, TOML or JSON; `-` reads one from stdin).
    #[arg(required = true)]
    pub specs: Vec<PathBuf>,

    /// Report format [default: from the extension of `-o` (.json, .xml for junit), else table].
    #[arg(short, long, value_enum, help_heading = "Output")]
    pub format: Option<CheckFormat>,

    /// Treat warnings (utilization above 85%, a p99 within 10% of its SLO, a budget inside the
    /// cost range) as failures.
    #[arg(long, help_heading = "Checks")]
    pub strict: bool,

    /// A baseline spec or saved `estimate --format json`, for `limits.max_monthly_cost_increase`.
    #[arg(long, value_name = "FILE", help_heading = "Checks")]
    pub baseline: Option<PathBuf>,

    /// Write the report to FILE (whole or not at all; `-` is stdout).
    #[arg(short, long, value_name = "FILE", help_heading = "Output")]
    pub output: Option<PathBuf>,

    /// A directory of catalog YAML files overlaid on the built-in catalog.
    #[arg(long, value_name = "DIR", help_heading = "Model")]
    pub catalog: Option<PathBuf>,

    /// Monte Carlo samples for specs with uncertain inputs.
    #[arg(long, default_value_t = 2000, value_name = "N", help_heading = "Model")]
    pub samples: usize,

    /// Seed for every random process (Monte Carlo and simulation).
    #[arg(long, default_value_t = 7, value_name = "N", help_heading = "Model")]
    pub seed: u64,
    /// The configured cloud for a spec that names none (capplan.toml or `CAPPLAN_CLOUD`).
    #[arg(skip)]
    pub default_cloud: Option<crate::catalog::Cloud>,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  capplan diff base.yaml head.yaml\n  \
capplan diff main-estimate.json specs/chat.yaml --format markdown > comment.md\n  \
capplan diff specs/linkpulse-3-month-three.yaml specs/linkpulse-4-month-four.yaml")]
pub struct DiffArgs {
    /// The base: a spec, or a saved `estimate --format json` (`-`: stdin).
    pub base: PathBuf,
    /// The head: a spec, or a saved `estimate --format json` (`-`: stdin).
    pub head: PathBuf,

    /// Report format.
    #[arg(short, long, value_enum, default_value_t = DiffFormat::Table, help_heading = "Output")]
    pub format: DiffFormat,

    /// A directory of catalog YAML files overlaid on the built-in catalog.
    #[arg(long, value_name = "DIR", help_heading = "Model")]
    pub catalog: Option<PathBuf>,

    /// Monte Carlo samples for specs with uncertain inputs.
    #[arg(long, default_value_t = 2000, value_name = "N", help_heading = "Model")]
    pub samples: usize,

    /// Seed for every random process (Monte Carlo and simulation).
    #[arg(long, default_value_t = 7, value_name = "N", help_heading = "Model")]
    pub seed: u64,
    /// The configured cloud for a spec that names none (capplan.toml or `CAPPLAN_CLOUD`).
    #[arg(skip)]
    pub default_cloud: Option<crate::catalog::Cloud>,
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
    /// The spec: YAML (.yaml/.yml), TOML (.toml) or JSON (.json); `-` reads it from stdin.
    pub spec: PathBuf,

    /// Output format [default: from the extension of `-o` (.json, .md), else table].
    #[arg(short, long, value_enum, help_heading = "Output")]
    pub format: Option<Format>,

    /// Write the output to FILE (whole or not at all; `-` is stdout) instead of stdout.
    #[arg(short, long, value_name = "FILE", help_heading = "Output")]
    pub output: Option<PathBuf>,

    /// Show each derived figure with its formula and the numbers substituted.
    #[arg(long, help_heading = "Output")]
    pub explain: bool,

    /// A directory of catalog YAML files overlaid on the built-in catalog.
    #[arg(long, value_name = "DIR", help_heading = "Model")]
    pub catalog: Option<PathBuf>,

    /// A `capplan calibrate -o DIR` overlay: the same as `--catalog DIR`.
    #[arg(
        long,
        value_name = "DIR",
        conflicts_with = "catalog",
        help_heading = "Model"
    )]
    pub calibration: Option<PathBuf>,

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
    #[arg(long, default_value_t = 7, value_name = "N", help_heading = "Model")]
    pub seed: u64,

    /// Requests simulated per replication for the Latency section (4 replications; 0 keeps
    /// the analytic latency only), up to 2M. Accepts `50K`, `1M`.
    #[arg(long, default_value = "50K", value_name = "N", value_parser = parse_requests, help_heading = "Latency")]
    pub requests: u64,

    /// Write the report's SVG charts into DIR (without `-o`, only the charts are written).
    #[arg(long, value_name = "DIR", help_heading = "Output")]
    pub charts: Option<PathBuf>,
    /// Size on `catalog` instance types (the default) or on the System Design Guide's
    /// `reference` tier set; overrides the spec's `choices.hardware`.
    #[arg(long, value_enum, value_name = "SET", help_heading = "Model")]
    pub hardware: Option<crate::spec::Hardware>,
    /// How compute is bought: on_demand, savings_1y, savings_3y, reserved_1y or reserved_3y;
    /// overrides the spec's `choices.pricing` (request, storage and transfer prices stay).
    #[arg(long, value_enum, value_name = "OPTION", help_heading = "Model")]
    pub pricing: Option<crate::catalog::Pricing>,
    /// Plan the spec on AWS, Azure and GCP and print the three monthly totals side by side,
    /// with the components whose cost differs most.
    #[arg(long, help_heading = "Output")]
    pub compare_clouds: bool,
    /// The configured cloud for a spec that names none (capplan.toml or `CAPPLAN_CLOUD`).
    #[arg(skip)]
    pub default_cloud: Option<crate::catalog::Cloud>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  capplan timeline specs/video-streaming.yaml\n  \
capplan timeline specs/news-feed.yaml --step month --format json | jq '.runway'\n  \
capplan timeline specs/chat.yaml --format markdown -o chat-timeline.md"
)]
pub struct TimelineArgs {
    /// The spec: YAML (.yaml/.yml), TOML (.toml) or JSON (.json); `-` reads it from stdin.
    pub spec: PathBuf,
    /// Output format [default: from the extension of `-o` (.json, .md), else table].
    #[arg(short, long, value_enum, help_heading = "Output")]
    pub format: Option<Format>,
    /// One row per month or per quarter (the runway is found month by month either way).
    #[arg(long, value_enum, default_value_t = TimelineStep::Quarter, help_heading = "Output")]
    pub step: TimelineStep,
    /// Write the output to FILE (whole or not at all) instead of stdout.
    #[arg(short, long, value_name = "FILE", help_heading = "Output")]
    pub output: Option<PathBuf>,
    /// A directory of catalog YAML files overlaid on the built-in catalog.
    #[arg(long, value_name = "DIR", help_heading = "Model")]
    pub catalog: Option<PathBuf>,
    /// How compute is bought; overrides the spec's `choices.pricing`.
    #[arg(long, value_enum, value_name = "OPTION", help_heading = "Model")]
    pub pricing: Option<crate::catalog::Pricing>,
    /// The configured cloud for a spec that names none (capplan.toml or `CAPPLAN_CLOUD`).
    #[arg(skip)]
    pub default_cloud: Option<crate::catalog::Cloud>,
}

/// Rows of `capplan timeline`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TimelineStep {
    Month,
    Quarter,
}

/// The extension of an output path, lower-cased.
fn extension(output: Option<&std::path::Path>) -> Option<String> {
    output
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// `--format`, else the one `-o`'s extension names, else a table.
fn format_for(format: Option<Format>, output: Option<&std::path::Path>) -> Format {
    format.unwrap_or_else(|| match extension(output).as_deref() {
        Some("json") => Format::Json,
        Some("md" | "markdown") => Format::Markdown,
        _ => Format::Table,
    })
}

impl EstimateArgs {
    /// `--format`, else the one `-o`'s extension names, else a table.
    pub fn format(&self) -> Format {
        format_for(self.format, self.output.as_deref())
    }
}

impl TimelineArgs {
    /// `--format`, else the one `-o`'s extension names, else a table.
    pub fn format(&self) -> Format {
        format_for(self.format, self.output.as_deref())
    }
}

impl CheckArgs {
    /// `--format`, else the one `-o`'s extension names, else a table.
    pub fn format(&self) -> CheckFormat {
        self.format
            .unwrap_or_else(|| match extension(self.output.as_deref()).as_deref() {
                Some("json") => CheckFormat::Json,
                Some("xml") => CheckFormat::Junit,
                _ => CheckFormat::Table,
            })
    }
}

/// Most requests per replication `estimate` simulates: memory grows by about 55 bytes per
/// request for each replication running, so 4 replications of 2M stay near 450 MB.
pub const MAX_PATH_REQUESTS: f64 = 2e6;

/// `50K` → 50,000 (a count with an optional K/M suffix).
pub fn parse_requests(s: &str) -> Result<u64, String> {
    let v = crate::units::parse_count(s).map_err(|e| e.to_string())?;
    if !(0.0..=MAX_PATH_REQUESTS).contains(&v) || v.fract() != 0.0 {
        return Err(format!(
            "expected a whole number of requests from 0 to 2M, found `{s}`"
        ));
    }
    Ok(v as u64)
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// List every catalog entry by kind.
    #[command(after_help = "Examples:\n  capplan catalog list\n  \
capplan catalog list --catalog examples/catalog-overlay")]
    List {
        /// A directory of catalog YAML files overlaid on the built-in catalog.
        #[arg(long, value_name = "DIR")]
        catalog: Option<PathBuf>,
    },
    /// Show one entry (a tier or a technology) with its figures and sources.
    #[command(after_help = "Examples:\n  capplan catalog show postgresql\n  \
capplan catalog show m5.xlarge\n  \
capplan catalog show production --catalog examples/catalog-overlay")]
    Show {
        /// A tier (name or instance type, e.g. `production`, `m5.xlarge`) or a technology id.
        name: String,
        /// A directory of catalog YAML files overlaid on the built-in catalog.
        #[arg(long, value_name = "DIR")]
        catalog: Option<PathBuf>,
    },
    /// List every price with its provider page and date, oldest first, so stale ones show.
    #[command(after_help = "Examples:\n  capplan catalog prices\n  \
capplan catalog prices --catalog ./our-prices")]
    Prices {
        /// A directory of catalog YAML files overlaid on the built-in catalog.
        #[arg(long, value_name = "DIR")]
        catalog: Option<PathBuf>,
    },
    /// List the documents the catalog's prices and figures come from: title, section, the
    /// provider page and the date it was read.
    #[command(after_help = "Examples:\n  capplan catalog sources\n  \
capplan catalog sources --catalog ./our-prices")]
    Sources {
        /// A directory of catalog YAML files overlaid on the built-in catalog.
        #[arg(long, value_name = "DIR")]
        catalog: Option<PathBuf>,
    },
    /// Check a catalog overlay directory and report every problem.
    #[command(
        after_help = "Examples:\n  capplan catalog validate examples/catalog-overlay\n  \
capplan catalog validate ./our-prices"
    )]
    Validate {
        /// The overlay: a directory of catalog YAML files (same shape as the built-in ones).
        dir: PathBuf,
    },
}
