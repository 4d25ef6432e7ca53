//! `capplan practice`: pick a scenario, ask (or read an answers file), grade, render.

use super::estimate::Ui;
use crate::catalog::Catalog;
use crate::cli::{PracticeArgs, PracticeFormat};
use crate::practice::{self, Drill, SessionOptions, Sheet};
use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::Path;

fn render(sheet: &Sheet, format: PracticeFormat) -> String {
    match format {
        PracticeFormat::Table => practice::render_table(sheet),
        PracticeFormat::Markdown => practice::render_markdown(sheet),
        PracticeFormat::Json => practice::render_json(sheet),
    }
}

/// The scenario the arguments name, with the seed that picked it (when one did).
fn load_drill(args: &PracticeArgs, cat: &Catalog) -> Result<(Drill, Option<u64>)> {
    let (loaded, scenario, seed) = match (&args.spec, &args.scenario) {
        (Some(path), _) => (crate::spec::load(path)?, None, None),
        (None, Some(name)) => {
            let name = name.trim_end_matches(".yaml").trim_end_matches(".toml");
            let name = name.rsplit('/').next().unwrap_or(name);
            match practice::builtin(name) {
                Some(ls) => (ls?, Some(name.to_string()), None),
                None => {
                    let names = practice::scenario_names();
                    let near = names
                        .iter()
                        .max_by(|a, b| {
                            strsim::jaro_winkler(name, a).total_cmp(&strsim::jaro_winkler(name, b))
                        })
                        .filter(|b| strsim::jaro_winkler(name, b) > 0.75)
                        .map(|b| format!(" (did you mean `{b}`?)"))
                        .unwrap_or_default();
                    bail!(
                        "no scenario `{name}`{near}; `capplan practice --list` names them, or \
                         pass any spec with --spec FILE"
                    );
                }
            }
        }
        (None, None) => {
            let seed = args.seed.unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.subsec_nanos() as u64 % 1000)
                    .unwrap_or(0)
            });
            let name = practice::pick(seed);
            let ls = practice::builtin(name).expect("a listed scenario")?;
            (ls, Some(name.to_string()), Some(seed))
        }
    };
    crate::plan::validate_choices(&loaded, cat)?;
    let mut spec = loaded.spec.clone();
    practice::reference_hardware(&mut spec);
    let plan = crate::plan::build(&spec, cat);
    let mut d = practice::drill(&loaded.spec, loaded.file.description.as_deref(), &plan, cat);
    d.scenario = scenario;
    Ok((d, seed))
}

/// Read an answers file: a YAML mapping of question id → answer (strings or numbers).
fn read_answers(path: &Path) -> Result<BTreeMap<String, String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    if text.trim().is_empty() {
        return Ok(BTreeMap::new());
    }
    let v: serde_yaml::Value =
        serde_yaml::from_str(&text).with_context(|| format!("{}: not YAML", path.display()))?;
    let serde_yaml::Value::Mapping(m) = v else {
        bail!(
            "{}: expected a mapping of question id → answer, e.g. `peak_qps: 12K` \
             (`capplan practice --template` writes one)",
            path.display()
        );
    };
    let mut out = BTreeMap::new();
    for (k, v) in m {
        let key = match k {
            serde_yaml::Value::String(s) => s,
            other => bail!(
                "{}: question ids are strings, found {other:?}",
                path.display()
            ),
        };
        let val = match v {
            serde_yaml::Value::String(s) => s,
            serde_yaml::Value::Number(n) => n.to_string(),
            serde_yaml::Value::Bool(b) => if b { "yes" } else { "no" }.to_string(),
            serde_yaml::Value::Null => String::new(),
            _ => bail!(
                "{}: `{key}` should be one answer such as `12K` or `phase 2`",
                path.display()
            ),
        };
        out.insert(key, val);
    }
    Ok(out)
}

pub fn run(args: &PracticeArgs, ui: Ui) -> Result<String> {
    if args.list {
        return Ok(practice::list());
    }
    let cat = Catalog::load(args.catalog.as_deref())?;
    let (drill, seed) = load_drill(args, &cat)?;
    if args.template {
        return Ok(practice::template(&drill));
    }
    let (sheet, shown) = match &args.answers {
        Some(path) => {
            let answers = read_answers(path)?;
            let results = practice::grade_answers(&drill, &answers)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            (Sheet::new(&drill, seed, results), false)
        }
        None => {
            let stdin = std::io::stdin();
            let opts = SessionOptions {
                echo: !stdin.is_terminal(),
                seed,
            };
            let sheet = practice::run_session(&drill, stdin.lock(), std::io::stdout(), opts)
                .context("practice session")?;
            (sheet, true)
        }
    };
    let text = render(&sheet, args.format);
    if let Some(path) = &args.output {
        super::write_atomic(path, &text)?;
        if !ui.quiet {
            eprintln!("wrote {}", path.display());
        }
        return Ok(String::new());
    }
    // The session already showed the transcript and the summary; a table would repeat it.
    if shown && args.format == PracticeFormat::Table {
        return Ok(String::new());
    }
    Ok(text)
}
