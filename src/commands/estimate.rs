//! `capplan estimate`: spec → plan → rendered report.

use crate::catalog::Catalog;
use crate::cli::EstimateArgs;
use crate::plan;
use crate::render::{renderer, Report};
use anyhow::Result;

/// Run an estimate and return the rendered text (written to `-o` by the caller when given).
pub fn run(args: &EstimateArgs) -> Result<String> {
    let cat = Catalog::load(args.catalog.as_deref())?;
    let loaded = crate::spec::load(&args.spec)?;
    plan::validate_choices(&loaded, &cat)?;
    let p = plan::build(&loaded.spec, &cat);
    let report = Report {
        plan: &p,
        explain: args.explain,
    };
    Ok(renderer(args.format).render(&report))
}
