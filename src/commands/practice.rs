//! `capplan practice` (placeholder until the practice work lands).

use super::estimate::Ui;
use crate::cli::PracticeArgs;
use anyhow::Result;

pub fn run(_args: &PracticeArgs, _ui: Ui) -> Result<String> {
    anyhow::bail!("`capplan practice` is not available yet")
}
