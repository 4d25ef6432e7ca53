//! `capplan practice` arguments.

use std::path::PathBuf;

/// Output format of the graded sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PracticeFormat {
    /// Plain text: the drill as a transcript with verdicts and worked solutions.
    Table,
    /// A Markdown sheet for self-study.
    Markdown,
    Json,
}

/// How hard a drill is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PracticeLevel {
    /// Round figures; the first estimates, one critical estimate and the phase.
    Easy,
    /// Two-digit figures; every estimate and the design round.
    Medium,
    /// Three-digit figures; everything, with the phase at 10× and the database's scaling.
    Hard,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Every figure an answer needs is in the brief. Answers are typed the way \
people say them: 12K, 3.5 TB, 3 TB/day, 40 MB/s, 70 Mb/s (megabits), phase 2, the database. \
Within 2× of the reference is right, within 4× half a point, past that nothing; an answer that \
shows a known slip (the peak factor left out, bits for bytes, one copy for three, …) is named at \
once and earns half. After a miss you get one retry for half credit. During the drill: `hint` \
shows the formula, `skip` reveals the answer, `quit`, Ctrl-C or Ctrl-D stops with the score so \
far; every question counts.\n\n\
Examples:\n  capplan practice\n  capplan practice --list\n  \
capplan practice --scenario chat --level hard --seed 7\n  \
capplan practice --scenario news-feed --timed\n  \
capplan practice --progress\n  \
capplan practice --scenario chat --seed 7 --template > answers.yaml\n  \
capplan practice --scenario chat --seed 7 --answers answers.yaml --format markdown -o sheet.md"
)]
pub struct PracticeArgs {
    /// Name the scenarios, then exit.
    #[arg(long, conflicts_with_all = ["scenario", "spec", "answers", "template", "progress"])]
    pub list: bool,

    /// A design family or fixed drill by name (see --list), e.g. `url-shortener`.
    #[arg(long, value_name = "NAME", conflicts_with = "spec")]
    pub scenario: Option<String>,

    /// Practise on any spec file instead of a built-in scenario.
    #[arg(long, value_name = "FILE")]
    pub spec: Option<PathBuf>,

    /// Seed for the figures (and, without --scenario, the family): the same seed gives the
    /// same drill. Without it a seed is chosen and shown.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// How hard the drill is.
    #[arg(long, value_enum, default_value_t = PracticeLevel::Medium)]
    pub level: PracticeLevel,

    /// Show a clock per question and for the whole drill.
    #[arg(long)]
    pub timed: bool,

    /// Grade a YAML file of question id → answer instead of asking (see --template).
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,

    /// Print an answers file to fill in (the questions as comments), then exit.
    #[arg(long, conflicts_with = "answers")]
    pub template: bool,

    /// The history file (default: practice-history.jsonl in $XDG_DATA_HOME/capplan, or
    /// ~/.local/share/capplan).
    #[arg(long, value_name = "FILE")]
    pub history: Option<PathBuf>,

    /// Do not record this drill in the history.
    #[arg(long, conflicts_with = "history")]
    pub no_history: bool,

    /// Show trends per habit from the history, then exit.
    #[arg(long, conflicts_with_all = ["scenario", "spec", "answers", "template"])]
    pub progress: bool,

    /// Format of the graded sheet.
    #[arg(short, long, value_enum, default_value_t = PracticeFormat::Table)]
    pub format: PracticeFormat,

    /// Write the graded sheet to FILE (whole or not at all) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// A directory of catalog YAML files overlaid on the built-in catalog.
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,
}
