//! `capplan init`, `schema`, `completions`, `man` (placeholder).

use crate::cli::{CompletionsArgs, InitArgs};
use anyhow::Result;

pub fn init(_args: &InitArgs) -> Result<String> {
    anyhow::bail!("`capplan init` is not available yet")
}

pub fn schema() -> Result<String> {
    anyhow::bail!("`capplan schema` is not available yet")
}

pub fn completions(_args: &CompletionsArgs) -> Result<String> {
    anyhow::bail!("`capplan completions` is not available yet")
}

pub fn man() -> Result<String> {
    anyhow::bail!("`capplan man` is not available yet")
}
