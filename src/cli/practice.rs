//! `capplan practice` arguments (placeholder until the practice work lands).

#[derive(Debug, clap::Args)]
pub struct PracticeArgs {}
