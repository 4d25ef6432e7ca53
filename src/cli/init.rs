//! `capplan init`, `schema`, `completions` and `man` arguments (placeholder).

#[derive(Debug, clap::Args)]
pub struct InitArgs {}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {}
