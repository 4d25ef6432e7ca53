//! The run pipeline: spec → design ([`crate::plan`]) → latency ([`crate::paths`], with
//! SLO-driven sizing) → uncertainty ([`crate::uncertainty`], given a closure that evaluates one
//! sample) → [`Report`]. The layers below know nothing of the ones above.

use crate::catalog::Catalog;
use crate::plan::{self, Plan};
use crate::report::Report;
use crate::spec::Spec;
use crate::uncertainty::{self, McConfig, Sample, UncertaintyResult};

/// The plan for one point spec with its analytic latency. Pure and cheap (tens of
/// microseconds): Monte Carlo calls it for every sample.
pub fn build_point(spec: &Spec, cat: &Catalog) -> Report {
    analytic(spec, cat, plan::build_core(spec, cat, true), true)
}

/// The numbers of [`build_point`] without the words: no assumptions, derivations or per-class
/// latency are recorded. What Monte Carlo samples use.
pub fn build_sample(spec: &Spec, cat: &Catalog) -> Report {
    analytic(spec, cat, plan::build_core(spec, cat, false), false)
}

/// A design with its analytic latency.
fn analytic(spec: &Spec, cat: &Catalog, design: Plan, record: bool) -> Report {
    let net = crate::paths::network(spec, cat, &design, design.cache_hit_ratio);
    let latency = crate::paths::LatencyReport::analytic(net, spec.slo_p99_s, record);
    Report {
        design,
        latency: Some(latency),
        uncertainty: None,
    }
}

/// The full estimate of one point spec: the design with when its next phase comes and its
/// headroom, and its analytic latency.
pub fn build(spec: &Spec, cat: &Catalog) -> Report {
    analytic(spec, cat, plan::build(spec, cat), true)
}

/// Fold the Monte Carlo result into the budget verdict: with `budget.confidence`, the budget
/// is met when that percentile of the cost is within it.
pub fn apply_uncertainty(p: &mut Report) {
    let Some(u) = &p.uncertainty else { return };
    if let (Some(b), Some(at)) = (p.cost.budget, u.cost_at_confidence) {
        let ok = at.p50 <= b;
        p.cost.within_budget = Some(ok);
        p.cost.budget_verdict = Some(format!(
            "{} at the budget's confidence: that percentile of cost is {}",
            if ok { "within budget" } else { "over budget" },
            crate::units::fmt_money(at.p50)
        ));
    }
}

/// How much to simulate for the Latency section.
#[derive(Debug, Clone, Copy)]
pub struct LatencyOptions {
    /// Measured requests per replication.
    pub requests: u64,
    pub replications: u32,
    pub seed: u64,
    /// Requests per section of SLO decision runs: the first run's (at least; a quarter of
    /// `requests` when that is more) and the most a straddling run grows to.
    pub decision_requests: (u64, u64),
}

/// Requests per section of the first SLO decision run, at least.
pub const MIN_DECISION_REQUESTS: u64 = 10_000;

impl Default for LatencyOptions {
    fn default() -> Self {
        LatencyOptions {
            requests: 50_000,
            replications: 4,
            seed: 7,
            decision_requests: (MIN_DECISION_REQUESTS, MAX_DECISION_REQUESTS),
        }
    }
}

impl LatencyOptions {
    /// `requests` per replication over `replications`, with the default decision runs.
    pub fn new(requests: u64, replications: u32, seed: u64) -> Self {
        LatencyOptions {
            requests,
            replications,
            seed,
            ..Default::default()
        }
    }
}

/// Most sizing steps SLO-driven sizing takes before it gives up and says so.
pub const MAX_SLO_STEPS: usize = 24;

fn simulate_plan(
    spec: &Spec,
    cat: &Catalog,
    p: &Plan,
    cfg: &crate::paths::SimConfig,
) -> (crate::paths::LatencyReport, Vec<String>) {
    let net = crate::paths::network(spec, cat, p, p.cache_hit_ratio);
    let mut report = crate::paths::LatencyReport::analytic(net, spec.slo_p99_s, true);
    let warnings = match crate::paths::simulate(&report.network, cfg) {
        Some(sim) => report.with_simulation(&sim, cfg),
        None => crate::paths::too_large_to_simulate(&report.network)
            .into_iter()
            .collect(),
    };
    (report, warnings)
}

/// The p99 a network could reach with no queueing at all (infinite servers): network delay
/// plus service times. If this exceeds the SLO, no size can meet it.
///
/// # Formula
/// Per route: delay + Σ service times (each exponential: mean s, variance s²), moment-matched
/// to a gamma as in [`crate::paths::analytic`]; the p99 of the rate-weighted mixture.
fn floor_p99_s(net: &crate::paths::Network) -> Option<f64> {
    let parts: Vec<(f64, f64, f64, f64)> = net
        .routes
        .iter()
        .map(|r| {
            let m: f64 = r.stations.iter().map(|&i| net.stations[i].service_s).sum();
            let v: f64 = r
                .stations
                .iter()
                .map(|&i| net.stations[i].service_s.powi(2) * net.stations[i].service_scv)
                .sum();
            (r.rate, r.network_s, m, v)
        })
        .collect();
    (!parts.is_empty()).then(|| crate::paths::mixture_p(&parts, 0.99))
}

/// How a design's simulated p99 stands against the SLO, by its 95% interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// The whole interval is above the SLO (or a station is saturated).
    Above,
    /// The whole interval is at or below the SLO.
    Below,
    /// The interval still straddles the SLO at the longest run allowed; decided on the
    /// point estimate.
    Undecided { above: bool },
}

impl Verdict {
    fn above(self) -> bool {
        matches!(self, Verdict::Above | Verdict::Undecided { above: true })
    }
}

/// Sections (replications) every SLO decision run uses: the interval's spread comes from them.
pub const DECISION_SECTIONS: u32 = 8;
/// A decision run that straddles the SLO is rerun this many times longer …
pub const DECISION_GROWTH: u64 = 4;
/// … up to this many requests per section (about 10M requests in all at the bound).
pub const MAX_DECISION_REQUESTS: u64 = 1_280_000;

/// Simulate a design and compare its p99 interval with the SLO; a run whose interval straddles
/// the SLO is repeated [`DECISION_GROWTH`]× longer until it does not or the bound is reached.
///
/// # Formula
/// A sequential test on the sectioning interval `[lo, hi]` of the end-to-end p99 (see
/// `queueing::replicate::sectioning_interval`): above when `lo > SLO`, below when
/// `hi ≤ SLO`, otherwise run longer. The half-width shrinks as `1/√n`, so each ×4 halves it.
fn decide(
    spec: &Spec,
    cat: &Catalog,
    design: &Plan,
    start: crate::paths::SimConfig,
    max_requests: u64,
    slo: f64,
) -> (crate::paths::LatencyReport, Vec<String>, Verdict) {
    let slo_ms = slo * 1e3;
    let mut cfg = start;
    loop {
        let (report, warnings) = simulate_plan(spec, cat, design, &cfg);
        let ci = report
            .classes
            .iter()
            .find(|c| c.class == "all")
            .and_then(|c| c.p99_ci95_ms);
        let p99 = report.p99_ms.unwrap_or(f64::INFINITY);
        let saturated = report.stations.iter().any(|s| s.utilization >= 1.0);
        let verdict = match ci {
            _ if saturated || !p99.is_finite() => Some(Verdict::Above),
            Some([lo, _]) if lo > slo_ms => Some(Verdict::Above),
            Some([_, hi]) if hi <= slo_ms => Some(Verdict::Below),
            _ => None,
        };
        match verdict {
            Some(v) => return (report, warnings, v),
            None if cfg.requests >= max_requests => {
                return (
                    report,
                    warnings,
                    Verdict::Undecided {
                        above: p99 > slo_ms,
                    },
                )
            }
            None => cfg.requests = (cfg.requests * DECISION_GROWTH).min(max_requests),
        }
    }
}

fn ms3(v: Option<f64>) -> String {
    v.map_or("∞".into(), |v| crate::units::trim_num(v, 3))
}

/// Simulate the plan's request paths at peak and, when the p99 is above `slo.p99`, grow the
/// bottleneck station (more instances or a larger tier, whichever costs less) and simulate
/// again, until the SLO is met, nothing can grow, or [`MAX_SLO_STEPS`] steps were taken.
///
/// Each decision is statistical ([`decide`]): grow when the p99's interval lies above the SLO,
/// stop when it lies below, run longer while it straddles. The headline run then checks the
/// result; if its interval lies wholly above the SLO, sizing resumes from there.
pub fn with_latency(spec: &Spec, cat: &Catalog, input: Report, o: LatencyOptions) -> Report {
    let full = crate::paths::SimConfig {
        requests: o.requests,
        replications: o.replications,
        seed: o.seed,
    };
    let quick = crate::paths::SimConfig {
        requests: (o.requests / 4).max(o.decision_requests.0),
        replications: DECISION_SECTIONS,
        seed: o.seed,
    };
    let mut spec = spec.clone();
    let uncertainty = input.uncertainty;
    let mut design = input.design;
    let mut steps = Vec::new();
    let mut infeasible = None;
    let mut notes = Vec::new();
    let mut resumed = 0;
    let slo = spec.slo_p99_s;
    let longest = o.decision_requests.1.max(quick.requests);
    let (mut report, mut warnings) = simulate_plan(&spec, cat, &design, &full);
    if let Some(slo) = slo {
        let floor = floor_p99_s(&report.network);
        if let Some(f) = floor.filter(|f| *f > slo) {
            infeasible = Some(infeasible_cause(&report.network, f, slo));
        } else {
            'sizing: loop {
                let (mut quick_report, _, mut verdict) =
                    decide(&spec, cat, &design, quick, longest, slo);
                // The first pass decides on the quick runs; a resumed one grows at once.
                let mut force = resumed > 0;
                while force || verdict.above() {
                    force = false;
                    if steps.len() >= MAX_SLO_STEPS {
                        infeasible = Some(format!(
                            "after {MAX_SLO_STEPS} sizing steps (the most sizing takes) the p99 is still {} ms",
                            ms3(quick_report.p99_ms)
                        ));
                        break 'sizing;
                    }
                    let Some(step) = grow_bottleneck(&mut spec, cat, &design, &quick_report) else {
                        infeasible = Some(format!(
                            "the p99 stays at {} ms after growing every station the catalog allows",
                            ms3(quick_report.p99_ms)
                        ));
                        break 'sizing;
                    };
                    design = plan::build(&spec, cat);
                    let before = quick_report.p99_ms;
                    let (r, _, v) = decide(&spec, cat, &design, quick, longest, slo);
                    // A step that does not lower the p99 means the bottleneck is elsewhere than
                    // anything that can grow: stop and say so rather than repeat it.
                    if r.p99_ms.unwrap_or(f64::INFINITY) >= before.unwrap_or(f64::INFINITY) {
                        infeasible = Some(format!(
                            "{step} left the p99 at {} ms: no station that can grow is the bottleneck",
                            ms3(r.p99_ms)
                        ));
                        break 'sizing;
                    }
                    steps.push(format!(
                        "{step}: p99 {} → {} ms",
                        ms3(before),
                        ms3(r.p99_ms)
                    ));
                    quick_report = r;
                    verdict = v;
                }
                if let Verdict::Undecided { .. } = verdict {
                    notes.push(format!(
                        "the p99's interval still straddled the SLO after {} requests per section; decided on the point estimate",
                        crate::units::fmt_si(longest as f64)
                    ));
                }
                // The headline run of the sized design must not contradict the decision.
                let (r, w, v) = decide(&spec, cat, &design, full, longest.max(full.requests), slo);
                report = r;
                warnings = w;
                if v == Verdict::Above && resumed < 2 {
                    resumed += 1;
                    notes.push(format!(
                        "SLO sizing resumed: the longer run put the p99 at {} ms, its interval above the SLO",
                        ms3(report.p99_ms)
                    ));
                    continue 'sizing;
                }
                break;
            }
        }
    }
    if infeasible.is_some() {
        let (r, w) = simulate_plan(&spec, cat, &design, &full);
        report = r;
        warnings = w;
    }
    report.sizing_steps = steps.clone();
    report.infeasible = infeasible.clone();
    for w in warnings.into_iter().chain(notes) {
        design.warnings.push(w);
    }
    for s in &steps {
        design.warnings.push(format!("SLO sizing grew {s}"));
    }
    if let Some(why) = infeasible {
        design
            .warnings
            .push(format!("p99 SLO cannot be met: {why}"));
    } else if report.meets_slo == Some(false) {
        design.warnings.push(format!(
            "simulated p99 {} ms is above the SLO {} ms",
            crate::units::trim_num(report.p99_ms.unwrap_or(0.0), 3),
            crate::units::trim_num(report.slo_p99_ms.unwrap_or(0.0), 3)
        ));
    }
    Report {
        design,
        latency: Some(report),
        uncertainty,
    }
}

/// Say plainly why no size meets the SLO.
fn infeasible_cause(net: &crate::paths::Network, floor: f64, slo: f64) -> String {
    let worst = net
        .routes
        .iter()
        .max_by(|a, b| a.network_s.total_cmp(&b.network_s));
    let net_s = worst.map_or(0.0, |r| r.network_s);
    let services: Vec<String> = net
        .stations
        .iter()
        .map(|s| {
            format!(
                "{} {} ms",
                s.role,
                crate::units::trim_num(s.service_s * 1e3, 3)
            )
        })
        .collect();
    let cause = if net_s >= slo / 2.0 {
        format!(
            "network round trips alone add {} ms per request (users with no region near them pay a 150 ms cross-continent round trip, a CDN in front or not; serve them from a region near them with `deployment.regions`)",
            crate::units::trim_num(net_s * 1e3, 3)
        )
    } else {
        format!(
            "the service times themselves are too long ({})",
            services.join(", ")
        )
    };
    format!(
        "even with no queueing the p99 would be {} ms against an SLO of {} ms: {cause}",
        crate::units::trim_num(floor * 1e3, 3),
        crate::units::trim_num(slo * 1e3, 3)
    )
}

/// Grow the station that waits the longest; returns what was done, or `None` when it cannot
/// grow.
fn grow_bottleneck(
    spec: &mut Spec,
    cat: &Catalog,
    plan: &Plan,
    report: &crate::paths::LatencyReport,
) -> Option<String> {
    use crate::model::sizing::Role;
    let mut order: Vec<&crate::paths::StationLatency> = report.stations.iter().collect();
    order.sort_by(|a, b| {
        let w = |s: &crate::paths::StationLatency| {
            if s.utilization >= 1.0 {
                f64::INFINITY
            } else {
                s.mean_wait_ms.unwrap_or(f64::INFINITY)
            }
        };
        w(b).total_cmp(&w(a))
            .then(b.utilization.total_cmp(&a.utilization))
    });
    for st in order {
        let comp = |r: Role| plan.components.iter().find(|c| c.role == r);
        let mut candidates: Vec<(Spec, String)> = Vec::new();
        match st.role {
            Role::App => {
                let app = comp(Role::App)?;
                let mut more = spec.clone();
                more.floors.app_count = Some(app.count + 1);
                candidates.push((
                    more,
                    format!(
                        "app {} → {} × {}",
                        app.count,
                        app.count + 1,
                        app.tier.unwrap_or_default()
                    ),
                ));
                let cur = cat
                    .compute_tiers
                    .iter()
                    .find(|t| Some(t.aws) == app.tier || Some(t.azure) == app.tier);
                if let Some(next) = cur.and_then(|c| {
                    cat.compute_tiers
                        .iter()
                        .filter(|t| t.vcpus > c.vcpus && t.concurrent_users.is_some())
                        .min_by_key(|t| t.vcpus)
                }) {
                    // At least one more parallel worker than today, on the larger tier.
                    let per_old = cur.map_or(1, |c| c.vcpus.max(1));
                    let servers_now = app.count * per_old;
                    let mut bigger = spec.clone();
                    bigger.choices.app_tier = Some(next.name.to_string());
                    bigger.floors.app_count = Some((servers_now + 1).div_ceil(next.vcpus.max(1)));
                    candidates.push((bigger, format!("app tier → {}", next.aws)));
                }
            }
            Role::Database => {
                let db = comp(Role::Database)?;
                let rps = plan
                    .components
                    .iter()
                    .find(|c| c.role == Role::ReadReplica)
                    .map(|r| r.count / db.count.max(1))
                    .unwrap_or(0);
                if (rps as f64) < cat.fig("database.max_replicas_per_primary") {
                    let mut more = spec.clone();
                    more.floors.db_replicas_per_shard = Some(rps + 1);
                    candidates.push((more, format!("read replicas per shard {rps} → {}", rps + 1)));
                }
                let cur = cat
                    .database_tiers
                    .iter()
                    .find(|t| Some(t.aws) == db.tier || Some(t.azure) == db.tier);
                if let Some(next) = cur.and_then(|c| {
                    cat.database_tiers
                        .iter()
                        .filter(|t| t.queries_per_sec.high > c.queries_per_sec.high)
                        .min_by(|a, b| a.queries_per_sec.high.total_cmp(&b.queries_per_sec.high))
                }) {
                    let mut bigger = spec.clone();
                    bigger.choices.database_tier = Some(next.name.to_string());
                    candidates.push((bigger, format!("database tier → {}", next.aws)));
                }
            }
            Role::Cache => {
                let c = comp(Role::Cache)?;
                let mut more = spec.clone();
                more.floors.cache_nodes = Some(c.required + 1);
                candidates.push((
                    more,
                    format!("cache nodes {} → {}", c.required, c.required + 1),
                ));
            }
            _ => {}
        }
        // A step that leaves every component as it was (a floor the model does not read, a
        // tier of another hardware set) is no step.
        let layout = |p: &Plan| {
            p.components
                .iter()
                .map(|c| (c.role, c.tier, c.count))
                .collect::<Vec<_>>()
        };
        let now = layout(plan);
        let best = candidates
            .into_iter()
            .filter_map(|(s, what)| {
                let p = plan::build_core(&s, cat, false);
                let cost = (p.cost.monthly_low + p.cost.monthly_high) / 2.0;
                (layout(&p) != now).then_some((s, what, cost))
            })
            .min_by(|a, b| a.2.total_cmp(&b.2));
        if let Some((s, what, _)) = best {
            *spec = s;
            return Some(what);
        }
    }
    None
}

/// One Monte Carlo sample: the design and analytic latency of a drawn spec, in numbers only.
pub fn evaluate_sample(spec: &Spec, cat: &Catalog) -> Sample {
    let r = build_sample(spec, cat);
    let p = &r.design;
    let mut figures = Vec::with_capacity(6 + p.components.len());
    figures.extend([
        ("peak_requests_per_s", p.workload.peak_qps),
        ("storage_total_bytes", p.storage.total_bytes),
        ("object_storage_bytes", p.storage.object_storage_bytes),
        ("availability", p.availability.composite),
    ]);
    for c in &p.components {
        figures.push((c.role.count_figure(), c.count as f64));
    }
    Sample {
        cost_low: p.cost.monthly_low,
        cost_high: p.cost.monthly_high,
        phase: p.phase.number,
        p99_s: r.latency.as_ref().and_then(|l| l.analytic_p99_s),
        figures,
    }
}

/// Monte Carlo over a spec file's uncertain inputs.
pub fn monte_carlo(
    file: &crate::spec::SpecFile,
    cat: &Catalog,
    cfg: &McConfig,
    progress: &(dyn Fn(u64) + Sync),
) -> UncertaintyResult {
    uncertainty::run(file, cfg, &|s: &Spec| evaluate_sample(s, cat), progress)
}
