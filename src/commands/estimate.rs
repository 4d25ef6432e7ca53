//! `capplan estimate`: spec → plan (→ Monte Carlo) → rendered report.

use crate::catalog::Catalog;
use crate::cli::EstimateArgs;
use crate::cli::Format;
use crate::pipeline;
use crate::plan;
use crate::render::contract;
use crate::render::{renderer, View};
use crate::report::Report;
use crate::uncertainty::{self, McConfig};
use anyhow::{bail, Context, Result};
use std::io::IsTerminal;
use std::path::Path;
use std::time::{Duration, Instant};

/// How the command talks to the person at the terminal.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ui {
    pub quiet: bool,
    /// Colour the terminal view (see `render::use_color`).
    pub color: bool,
    /// Say on stderr what each stage did and how long it took.
    pub verbose: bool,
}

impl Ui {
    /// A progress note on stderr with `-v` (never with `-q`).
    pub fn note(&self, what: impl FnOnce() -> String) {
        if self.verbose && !self.quiet {
            eprintln!("capplan: {}", what());
        }
    }
}

/// How a spec becomes a plan: the knobs shared by `estimate`, `check` and `diff`.
#[derive(Debug, Clone, Copy)]
pub struct PlanOptions {
    pub samples: usize,
    pub seed: u64,
    /// Run Monte Carlo even when every input is a point (samples the catalog ranges).
    pub uncertainty: bool,
    /// Requests per replication for the latency simulation; 0 keeps it analytic.
    pub requests: u64,
    /// Overrides the spec's `choices.hardware` (`--hardware`).
    pub hardware: Option<crate::spec::Hardware>,
    /// Overrides the spec's `choices.pricing` (`--pricing`).
    pub pricing: Option<crate::catalog::Pricing>,
    /// Overrides the spec's `choices.cloud` (`--compare-clouds`).
    pub cloud: Option<crate::catalog::Cloud>,
    /// The configured cloud (`CAPPLAN_CLOUD`, `cloud` in capplan.toml), for a spec whose
    /// `choices.cloud` names none.
    pub default_cloud: Option<crate::catalog::Cloud>,
    pub ui: Ui,
}

/// Load, validate and plan one spec (with Monte Carlo when its inputs are uncertain).
pub fn plan_spec(
    path: &Path,
    cat: &Catalog,
    o: PlanOptions,
) -> Result<(crate::spec::LoadedSpec, Report)> {
    let t0 = Instant::now();
    let loaded = crate::spec::load(path)?;
    o.ui.note(|| {
        format!(
            "{}: loaded in {:.1} ms",
            path.display(),
            t0.elapsed().as_secs_f64() * 1e3
        )
    });
    plan_loaded(loaded, cat, o)
}

/// The configured cloud, for a spec that does not write `choices.cloud` (the spec's own
/// choice wins over a default).
pub fn apply_default_cloud(
    loaded: &mut crate::spec::LoadedSpec,
    cloud: Option<crate::catalog::Cloud>,
) {
    if let Some(c) = cloud.filter(|_| loaded.source().locate("choices.cloud").is_none()) {
        loaded.spec.choices.cloud = c;
        loaded.file.choices.cloud = c;
    }
}

/// Plan a spec already loaded (with Monte Carlo when its inputs are uncertain).
pub fn plan_loaded(
    mut loaded: crate::spec::LoadedSpec,
    cat: &Catalog,
    o: PlanOptions,
) -> Result<(crate::spec::LoadedSpec, Report)> {
    if o.samples == 0 || o.samples > 10_000_000 {
        bail!(
            "--samples must be between 1 and 10,000,000 (found {}); the default is 2,000",
            o.samples
        );
    }
    let t0 = Instant::now();
    let path = std::path::PathBuf::from(&loaded.path);
    if let Some(h) = o.hardware {
        loaded.spec.choices.hardware = h;
        loaded.file.choices.hardware = h;
    }
    if let Some(p) = o.pricing {
        loaded.spec.choices.pricing = p;
        loaded.file.choices.pricing = p;
    }
    apply_default_cloud(&mut loaded, o.default_cloud);
    if let Some(c) = o.cloud {
        loaded.spec.choices.cloud = c;
        loaded.file.choices.cloud = c;
    }
    plan::validate_choices(&loaded, cat)?;
    let mut p = pipeline::build(&loaded.spec, cat);
    o.ui.note(|| {
        format!(
            "{}: planned in {:.1} ms (phase {}, {} components)",
            path.display(),
            t0.elapsed().as_secs_f64() * 1e3,
            p.phase.number,
            p.components.len()
        )
    });
    if o.requests > 0 {
        let lo = pipeline::LatencyOptions::new(o.requests, 4, o.seed);
        let t1 = Instant::now();
        p = pipeline::with_latency(&loaded.spec, cat, p, lo);
        o.ui.note(|| {
            format!(
                "simulated {} requests in {:.1} ms ({} SLO sizing steps)",
                p.latency.as_ref().map_or(0, |l| l.requests),
                t1.elapsed().as_secs_f64() * 1e3,
                p.latency.as_ref().map_or(0, |l| l.sizing_steps.len())
            )
        });
    }
    if loaded.file.is_uncertain() || o.uncertainty {
        let cfg = McConfig {
            samples: o.samples,
            seed: o.seed,
            catalog_ranges: true,
        };
        let mut u = with_progress(o.ui, o.samples as u64, |tick| {
            pipeline::monte_carlo(&loaded.file, cat, &cfg, tick)
        });
        // The P50 and P90 scenarios are planned and simulated like the estimate itself.
        for (name, q) in [("P50", 0.5), ("P90", 0.9)] {
            let spec = loaded.file.resolve(&mut uncertainty::AtQuantile(q));
            let mut sp = pipeline::build(&spec, cat);
            if o.requests > 0 {
                let lo = pipeline::LatencyOptions::new(o.requests, 4, o.seed);
                sp = pipeline::with_latency(&spec, cat, sp, lo);
            }
            let lat = sp.latency.as_ref();
            u.scenarios.push(uncertainty::Scenario {
                name: name.into(),
                percentile: q,
                peak_qps: sp.workload.peak_qps,
                monthly_low: sp.cost.monthly_low,
                monthly_high: sp.cost.monthly_high,
                phase: sp.phase.number,
                p99_ms: lat.and_then(|l| l.p99_ms),
                meets_slo: lat.and_then(|l| l.meets_slo),
            });
        }
        p.uncertainty = Some(u);
        pipeline::apply_uncertainty(&mut p);
    }
    Ok((loaded, p))
}

/// `--compare-clouds`: the spec planned on every cloud, totals side by side.
fn compare_clouds(args: &EstimateArgs, cat: &Catalog) -> Result<String> {
    let mut loaded = crate::spec::load(&args.spec)?;
    if let Some(p) = args.pricing {
        loaded.spec.choices.pricing = p;
    }
    if let Some(h) = args.hardware {
        loaded.spec.choices.hardware = h;
    }
    plan::validate_choices(&loaded, cat)?;
    let c = crate::compare::compare(&loaded.spec, cat);
    Ok(match args.format() {
        Format::Table => crate::render::clouds::table(&c),
        Format::Json => contract::stamp(&crate::render::clouds::json(&c), &cat.prices_as_of),
        Format::Markdown => crate::render::clouds::markdown(&c),
    })
}

/// Run an estimate and return the rendered text (written to `-o` by the caller when given).
pub fn run(args: &EstimateArgs, ui: Ui) -> Result<String> {
    let cat = Catalog::load(args.catalog.as_deref().or(args.calibration.as_deref()))?;
    if args.compare_clouds {
        return compare_clouds(args, &cat);
    }
    let o = PlanOptions {
        samples: args.samples,
        seed: args.seed,
        uncertainty: args.uncertainty,
        requests: args.requests,
        hardware: args.hardware,
        pricing: args.pricing,
        cloud: None,
        default_cloud: args.default_cloud,
        ui,
    };
    let (_, p) = plan_spec(&args.spec, &cat, o)?;
    // `-o -` is stdout: no file beside which to put charts.
    let output = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    let with_report = args.output.is_some() || args.charts.is_none();
    let wants_charts =
        args.charts.is_some() || (args.format() == Format::Markdown && output.is_some());
    let mut links = Vec::new();
    let mut written = Vec::new();
    if wants_charts {
        let out_dir = output
            .and_then(Path::parent)
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let dir = args.charts.clone().unwrap_or_else(|| out_dir.to_path_buf());
        // `--charts DIR` is created when missing; the directory of `-o` must exist already.
        if args.charts.is_some() {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create chart directory {}", dir.display()))?;
        }
        let prefix = output
            .and_then(Path::file_stem)
            .and_then(|s| s.to_str())
            .unwrap_or("design")
            .to_string();
        for chart in crate::render::svg::charts(&p) {
            let file = dir.join(format!("{prefix}-{}.svg", chart.name));
            super::write_atomic(&file, &chart.svg)?;
            links.push((chart.title.clone(), relative_link(out_dir, &file)));
            written.push(file);
        }
    }
    if !with_report {
        return Ok(written
            .iter()
            .map(|f| format!("wrote {}\n", f.display()))
            .collect());
    }
    let report = View {
        plan: &p,
        explain: args.explain,
        charts: links,
        color: ui.color && output.is_none(),
    };
    let format = args.format();
    let text = renderer(format).render(&report);
    Ok(if format == Format::Json {
        contract::stamp(&text, &cat.prices_as_of)
    } else {
        text
    })
}

/// A link from `from_dir` to `file` with `/` separators, relative when both are under the
/// current directory (so the report renders on GitHub as is).
fn relative_link(from_dir: &Path, file: &Path) -> String {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (from, to) = (abs(from_dir), abs(file));
    let from: Vec<_> = from.components().collect();
    let to_c: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to_c).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(
        to_c[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// Run `work` with a progress bar on stderr that appears only on a terminal, only when not
/// quiet, and only once the work has taken more than a second.
pub fn with_progress<T>(ui: Ui, total: u64, work: impl FnOnce(&(dyn Fn(u64) + Sync)) -> T) -> T {
    let show = !ui.quiet && std::io::stderr().is_terminal();
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(total),
        indicatif::ProgressDrawTarget::hidden(),
    );
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} samples, {eta} left")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let start = Instant::now();
    let shown = std::sync::atomic::AtomicBool::new(false);
    let tick = |done: u64| {
        if show
            && start.elapsed() > Duration::from_secs(1)
            && !shown.swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        bar.set_position(done);
    };
    let out = work(&tick);
    bar.finish_and_clear();
    out
}
