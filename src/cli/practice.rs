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

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Answers are typed the way people say them: 12K, 3.5 TB, 40 MB/s, \
phase 2, $8k. Within 2× of the reference is right, within 10× close (half a point), beyond \
that a miss. During the drill: `hint` shows the formula, `skip` reveals the answer, `quit` or \
Ctrl-D stops with the score so far.\n\n\
Examples:\n  capplan practice\n  capplan practice --list\n  \
capplan practice --scenario url-shortener\n  \
capplan practice --seed 3\n  \
capplan practice --scenario chat --template > answers.yaml\n  \
capplan practice --scenario chat --answers answers.yaml --format markdown -o sheet.md"
)]
pub struct PracticeArgs {
    /// Name the scenarios with a one-line brief each, then exit.
    #[arg(long, conflicts_with_all = ["scenario", "spec", "answers", "template"])]
    pub list: bool,

    /// A built-in scenario by name (see --list), e.g. `url-shortener`.
    #[arg(long, value_name = "NAME", conflicts_with = "spec")]
    pub scenario: Option<String>,

    /// Practise on any spec file instead of a built-in scenario.
    #[arg(long, value_name = "FILE")]
    pub spec: Option<PathBuf>,

    /// Pick the scenario from this seed (the same seed replays the same drill); without it a
    /// seed is chosen and shown.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// Grade a YAML file of question id → answer instead of asking (see --template).
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,

    /// Print an answers file to fill in (the questions as comments), then exit.
    #[arg(long, conflicts_with = "answers")]
    pub template: bool,

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
