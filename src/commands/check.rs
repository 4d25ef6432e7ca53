//! `capplan check` and `capplan diff` glue: files in, rendered text and an exit status out.

use super::estimate::{plan_loaded, plan_spec, PlanOptions, Ui};
use crate::catalog::Catalog;
use crate::check::{self, Baseline};
use crate::cli::{CheckArgs, CheckFormat, DiffArgs, DiffFormat};
use crate::diff;
use crate::render::contract::stamp;
use anyhow::Result;
use std::path::Path;

/// A side of a comparison as the JSON form of its estimate: a saved estimate (JSON from
/// `estimate --format json`), or a spec (YAML, TOML or JSON) planned now. `-` reads stdin.
fn estimate_json(path: &Path, cat: &Catalog, o: PlanOptions) -> Result<serde_json::Value> {
    let json_ext = path.extension().and_then(|e| e.to_str()) == Some("json");
    let stdin = path.as_os_str() == "-";
    if !json_ext && !stdin {
        let (_, p) = plan_spec(path, cat, o)?;
        return Ok(serde_json::to_value(&p)?);
    }
    let (name, text) = crate::spec::read_source(path)?;
    let syntax = if json_ext {
        crate::spec::Syntax::Json
    } else {
        crate::spec::Syntax::sniff(&text)
    };
    if syntax == crate::spec::Syntax::Json {
        // A saved estimate has no `traffic`; a spec must have one.
        let v: Option<serde_json::Value> = serde_json::from_str(&text).ok();
        if let Some(v) = v.filter(|v| v.get("traffic").is_none() && v.get("components").is_some()) {
            return Ok(v);
        }
    }
    let (_, p) = plan_loaded(crate::spec::parse(&name, &text, syntax)?, cat, o)?;
    Ok(serde_json::to_value(&p)?)
}

/// `-` may stand for stdin once per run.
fn stdin_once<'a>(paths: impl IntoIterator<Item = &'a Path>) -> Result<()> {
    if paths.into_iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        anyhow::bail!("`-` (stdin) is given more than once; stdin holds one spec");
    }
    Ok(())
}

/// Run every check; returns the report and whether any check failed.
/// The report and the exit code: 0 all passed, 1 a check failed, 2 a spec was invalid.
pub fn run_check(args: &CheckArgs, ui: Ui) -> Result<(String, u8)> {
    let cat = Catalog::load(args.catalog.as_deref())?;
    let o = PlanOptions {
        samples: args.samples,
        seed: args.seed,
        uncertainty: false,
        requests: 50_000,
        hardware: None,
        pricing: None,
        cloud: None,
        default_cloud: args.default_cloud,
        ui,
    };
    stdin_once(
        args.specs
            .iter()
            .map(|p| p.as_path())
            .chain(args.baseline.as_deref()),
    )?;
    let baseline = match &args.baseline {
        Some(b) => {
            let v = estimate_json(b, &cat, o)?;
            let side = diff::side_from_json(&v)
                .map_err(|e| anyhow::anyhow!("baseline {}: {e}", b.display()))?;
            Some(Baseline {
                monthly_high: side.monthly_high,
            })
        }
        None => None,
    };
    let mut rows = Vec::new();
    // Every spec is checked: an invalid one is an error row, not the end of the run.
    for spec in &args.specs {
        match plan_spec(spec, &cat, o) {
            Ok((ls, p)) => {
                let mine = check::run(&ls, &p, baseline, args.strict);
                if mine.is_empty() {
                    rows.push(check::nothing_to_check(&ls.path));
                }
                rows.extend(mine);
            }
            Err(e) => {
                // The located message with its source line, as any other command prints it.
                eprintln!("error: {e}");
                rows.extend(check::error_rows(&spec.display().to_string(), &e));
            }
        }
    }
    let text = match args.format() {
        CheckFormat::Table => check::render_table(&rows, ui.color && args.output.is_none()),
        CheckFormat::Json => stamp(&check::render_json(&rows), &cat.prices_as_of),
        CheckFormat::Github => check::render_github(&rows),
        CheckFormat::Junit => check::render_junit(&rows),
    };
    Ok((text, check::exit_code(&rows)))
}

/// Compare two designs.
pub fn run_diff(args: &DiffArgs, ui: Ui) -> Result<String> {
    let cat = Catalog::load(args.catalog.as_deref())?;
    let o = PlanOptions {
        samples: args.samples,
        seed: args.seed,
        uncertainty: false,
        requests: 50_000,
        hardware: None,
        pricing: None,
        cloud: None,
        default_cloud: args.default_cloud,
        ui,
    };
    let side = |p: &Path| -> Result<diff::Side> {
        let v = estimate_json(p, &cat, o)?;
        diff::side_from_json(&v).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))
    };
    stdin_once([args.base.as_path(), args.head.as_path()])?;
    let d = diff::diff(side(&args.base)?, side(&args.head)?);
    Ok(match args.format {
        DiffFormat::Table => diff::render_table(&d),
        DiffFormat::Markdown => diff::render_markdown(&d),
        DiffFormat::Json => stamp(&diff::render_json(&d), &cat.prices_as_of),
    })
}
