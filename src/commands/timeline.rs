//! `capplan timeline`: spec → the design month by month → rendered timeline.

use crate::catalog::Catalog;
use crate::cli::{Format, TimelineArgs};
use anyhow::Result;

/// Build and render a timeline.
pub fn run(args: &TimelineArgs) -> Result<String> {
    let cat = Catalog::load(args.catalog.as_deref())?;
    let mut loaded = crate::spec::load(&args.spec)?;
    super::estimate::apply_default_cloud(&mut loaded, args.default_cloud);
    if let Some(p) = args.pricing {
        loaded.spec.choices.pricing = p;
        loaded.file.choices.pricing = p;
    }
    crate::plan::validate_choices(&loaded, &cat)?;
    let step = match args.step {
        crate::cli::TimelineStep::Month => crate::timeline::Step::Month,
        crate::cli::TimelineStep::Quarter => crate::timeline::Step::Quarter,
    };
    let t = crate::timeline::build(&loaded.spec, &cat, step);
    Ok(match args.format() {
        Format::Table => crate::render::timeline::table(&t),
        Format::Json => {
            crate::render::contract::stamp(&crate::render::timeline::json(&t), &cat.prices_as_of)
        }
        Format::Markdown => crate::render::timeline::markdown(&t),
    })
}
