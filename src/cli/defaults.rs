//! The configured defaults (`capplan.toml`, `CAPPLAN_*`; see [`crate::config`]) put into the
//! parsed command line wherever the user gave no flag: a flag always wins.

use super::{extension, CatalogCommand, Cli, Command};
use crate::config::Defaults;
use clap::parser::ValueSource;
use clap::{ArgMatches, ValueEnum};
use std::path::PathBuf;

/// `slot` takes the default unless the command line set it.
fn number<T: Copy>(slot: &mut T, default: Option<T>, m: &ArgMatches, id: &str) {
    if let Some(v) = default {
        if m.value_source(id) != Some(ValueSource::CommandLine) {
            *slot = v;
        }
    }
}

fn catalog(slot: &mut Option<PathBuf>, d: &Defaults) {
    if slot.is_none() {
        slot.clone_from(&d.catalog);
    }
}

/// The configured format, when this command has it (`junit` means nothing to `estimate`).
fn format<F: ValueEnum>(d: &Defaults) -> Option<F> {
    d.format.as_deref().and_then(|f| F::from_str(f, true).ok())
}

/// An optional `--format`: the configured one when neither `--format` nor the extension of
/// `-o` (one of `known`) chose.
fn optional_format<F: ValueEnum>(
    slot: &mut Option<F>,
    output: Option<&std::path::Path>,
    known: &[&str],
    d: &Defaults,
) {
    let by_extension = extension(output).is_some_and(|e| known.contains(&e.as_str()));
    if slot.is_none() && !by_extension {
        *slot = format(d);
    }
}

/// A `--format` with a built-in default.
fn fixed_format<F: ValueEnum>(slot: &mut F, m: &ArgMatches, d: &Defaults) {
    if m.value_source("format") != Some(ValueSource::CommandLine) {
        if let Some(f) = format(d) {
            *slot = f;
        }
    }
}

impl Cli {
    /// Fill every setting the command line left at its default from `d`.
    pub fn apply_defaults(&mut self, matches: &ArgMatches, d: &Defaults) {
        let Some((_, m)) = matches.subcommand() else {
            return;
        };
        match &mut self.command {
            Command::Estimate(a) => {
                if a.calibration.is_none() {
                    catalog(&mut a.catalog, d);
                }
                number(&mut a.samples, d.samples, m, "samples");
                number(&mut a.seed, d.seed, m, "seed");
                optional_format(
                    &mut a.format,
                    a.output.as_deref(),
                    &["json", "md", "markdown"],
                    d,
                );
                a.default_cloud = d.cloud;
            }
            Command::Check(a) => {
                catalog(&mut a.catalog, d);
                number(&mut a.samples, d.samples, m, "samples");
                number(&mut a.seed, d.seed, m, "seed");
                optional_format(&mut a.format, a.output.as_deref(), &["json", "xml"], d);
                a.default_cloud = d.cloud;
            }
            Command::Diff(a) => {
                catalog(&mut a.catalog, d);
                number(&mut a.samples, d.samples, m, "samples");
                number(&mut a.seed, d.seed, m, "seed");
                fixed_format(&mut a.format, m, d);
                a.default_cloud = d.cloud;
            }
            Command::Timeline(a) => {
                catalog(&mut a.catalog, d);
                optional_format(
                    &mut a.format,
                    a.output.as_deref(),
                    &["json", "md", "markdown"],
                    d,
                );
                a.default_cloud = d.cloud;
            }
            Command::Simulate(a) => {
                number(&mut a.seed, d.seed, m, "seed");
                fixed_format(&mut a.format, m, d);
            }
            Command::Calibrate(a) => {
                catalog(&mut a.catalog, d);
                fixed_format(&mut a.format, m, d);
            }
            Command::Catalog(
                CatalogCommand::List { catalog: c }
                | CatalogCommand::Show { catalog: c, .. }
                | CatalogCommand::Prices { catalog: c }
                | CatalogCommand::Sources { catalog: c },
            ) => catalog(c, d),
            _ => {}
        }
    }
}
