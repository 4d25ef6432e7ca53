//! `capplan practice`: pick or draw a drill, ask (or read an answers file), grade, render,
//! and keep the history.

use super::estimate::Ui;
use crate::catalog::Catalog;
use crate::cli::{PracticeArgs, PracticeFormat, PracticeLevel};
use crate::practice::history::{self, Record};
use crate::practice::session::{self, Lines};
use crate::practice::{self, render, Drill, Family, Level, Sheet};
use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

fn render(sheet: &Sheet, format: PracticeFormat) -> String {
    match format {
        PracticeFormat::Table => render::table(sheet),
        PracticeFormat::Markdown => render::markdown(sheet),
        PracticeFormat::Json => render::json(sheet),
    }
}

fn level(l: PracticeLevel) -> Level {
    match l {
        PracticeLevel::Easy => Level::Easy,
        PracticeLevel::Medium => Level::Medium,
        PracticeLevel::Hard => Level::Hard,
    }
}

/// A seed when none is given: the clock's nanoseconds, shown so the drill can be replayed.
fn fresh_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos() as u64 % 10_000)
        .unwrap_or(0)
}

fn unknown(name: &str) -> anyhow::Error {
    let names = practice::scenario_names();
    let near = names
        .iter()
        .max_by(|a, b| strsim::jaro_winkler(name, a).total_cmp(&strsim::jaro_winkler(name, b)))
        .filter(|b| strsim::jaro_winkler(name, b) > 0.75)
        .map(|b| format!(" (did you mean `{b}`?)"))
        .unwrap_or_default();
    anyhow::anyhow!(
        "no scenario `{name}`{near}; `capplan practice --list` names them, or pass any spec \
         with --spec FILE"
    )
}

/// The drill the arguments name.
fn load_drill(args: &PracticeArgs, cat: &Catalog) -> Result<Drill> {
    let lv = level(args.level);
    if let Some(path) = &args.spec {
        let ls = crate::spec::load(path)?;
        crate::plan::validate_choices(&ls, cat)?;
        return Ok(practice::from_spec(&ls, cat, lv, None));
    }
    let seed = args.seed.unwrap_or_else(fresh_seed);
    let family = match &args.scenario {
        None => practice::pick(seed),
        Some(name) => {
            let name = name.trim_end_matches(".yaml").trim_end_matches(".toml");
            let name = name.rsplit('/').next().unwrap_or(name);
            match Family::by_name(name) {
                Some(f) => f,
                None => {
                    let ls = practice::builtin(name).ok_or_else(|| unknown(name))??;
                    crate::plan::validate_choices(&ls, cat)?;
                    return Ok(practice::from_spec(&ls, cat, lv, Some(name.to_string())));
                }
            }
        }
    };
    Ok(practice::generate(family, seed, lv, cat)?)
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

fn history_path(args: &PracticeArgs) -> Option<PathBuf> {
    args.history.clone().or_else(history::default_path)
}

/// Keep the drill in the history; a failure to write it is a warning, never an error.
fn remember(args: &PracticeArgs, sheet: &Sheet, ui: Ui) {
    if args.no_history {
        return;
    }
    let Some(path) = history_path(args) else {
        if !ui.quiet {
            eprintln!(
                "warning: no history kept: set XDG_DATA_HOME or HOME, or pass --history FILE"
            );
        }
        return;
    };
    let at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    if let Err(e) = history::append(&path, &Record::of(sheet, at)) {
        if !ui.quiet {
            eprintln!(
                "warning: could not write the history {}: {e}",
                path.display()
            );
        }
    }
}

fn progress(args: &PracticeArgs) -> Result<String> {
    let Some(path) = history_path(args) else {
        bail!("no history file: set XDG_DATA_HOME or HOME, or pass --history FILE");
    };
    if !path.exists() {
        return Ok(format!(
            "No history yet at {}: run `capplan practice` to start one.\n",
            path.display()
        ));
    }
    let (records, bad) = history::read(&path).map_err(anyhow::Error::msg)?;
    Ok(history::progress(&records, bad))
}

pub fn run(args: &PracticeArgs, ui: Ui) -> Result<String> {
    if args.list {
        return Ok(practice::list());
    }
    if args.progress {
        return progress(args);
    }
    let cat = Catalog::load(args.catalog.as_deref())?;
    let drill = load_drill(args, &cat)?;
    if args.template {
        return Ok(render::template(&drill));
    }
    let (sheet, shown) = match &args.answers {
        Some(path) => {
            let answers = read_answers(path)?;
            let results = session::grade_file(&drill, &answers)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            (Sheet::new(&drill, results, None), false)
        }
        None => {
            let stdin = std::io::stdin();
            let opts = session::Options { timed: args.timed };
            let mut stdout = std::io::stdout();
            let mut lines: Box<dyn Lines> = if stdin.is_terminal() && stdout.is_terminal() {
                Box::new(session::Terminal::new().context("terminal")?)
            } else {
                Box::new(session::Stream::new(stdin.lock(), !stdin.is_terminal()))
            };
            let (sheet, _) = session::run(&drill, lines.as_mut(), &mut stdout, opts)
                .context("practice session")?;
            (sheet, true)
        }
    };
    remember(args, &sheet, ui);
    let text = render(&sheet, args.format);
    if let Some(path) = &args.output {
        super::write_atomic(path, &text)?;
        if !ui.quiet && path.as_os_str() != "-" {
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
