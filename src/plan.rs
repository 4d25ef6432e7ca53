//! Spec + Catalog → Plan: the whole deterministic estimate, one pure function.

use crate::catalog::{Catalog, Category};
use crate::model::availability::{self, AvailabilityResult};
use crate::model::cost::{self, CostResult};
use crate::model::phase::{self, PhaseResult};
use crate::model::sizing::{self, Component};
use crate::model::storage::{self, Storage};
use crate::model::workload::{self, Workload};
use crate::model::{Assumption, Ctx, Derivation};
use crate::spec::{LoadedSpec, Spec, SpecError};
use serde::Serialize;

/// One layer of the topology (seed 000's layers) and what runs in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopologyLayer {
    pub layer: String,
    pub components: Vec<String>,
}

/// When the design outgrows its phase.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextPhase {
    pub phase: u8,
    /// Load multiple (× today's traffic) at which the next phase is needed.
    pub load_multiple: f64,
    /// Years until then at the spec's growth rate; `None` without growth.
    pub years: Option<f64>,
}

/// The estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub name: String,
    pub workload: Workload,
    pub storage: Storage,
    pub components: Vec<Component>,
    pub topology: Vec<TopologyLayer>,
    pub phase: PhaseResult,
    pub next_phase: Option<NextPhase>,
    /// Load multiple the design absorbs before any component must grow (tier or count).
    pub headroom: Option<f64>,
    pub cost: CostResult,
    pub availability: AvailabilityResult,
    /// Cache hit ratio the design assumes, when it has a cache.
    pub cache_hit_ratio: Option<f64>,
    /// Latency of the request paths at peak (analytic; simulated by `estimate`).
    pub latency: Option<crate::paths::LatencyReport>,
    /// Monte Carlo over uncertain inputs, when any.
    pub uncertainty: Option<crate::uncertainty::UncertaintyResult>,
    pub warnings: Vec<String>,
    pub assumptions: Vec<Assumption>,
    pub derivations: Vec<Derivation>,
}

/// Build the plan for one point spec, with when the next phase is needed.
pub fn build(spec: &Spec, cat: &Catalog) -> Plan {
    let mut p = build_point(spec, cat);
    p.next_phase = next_phase(spec, cat, p.phase.number);
    p.headroom = headroom(spec, cat);
    if let Some(n) = &p.next_phase {
        let when = match n.years {
            Some(y) => format!(
                " — in about {} years at {} growth",
                crate::units::trim_num(y, 2),
                crate::units::fmt_percent(p.storage.growth_yearly)
            ),
            None => String::new(),
        };
        p.phase.reasons.push(format!(
            "phase {} is needed at {}× today's load{when}",
            n.phase,
            crate::units::trim_num(n.load_multiple, 3)
        ));
    }
    p
}

/// The plan for one point spec with its analytic latency. Pure and cheap (tens of
/// microseconds): Monte Carlo calls it for every sample.
pub fn build_point(spec: &Spec, cat: &Catalog) -> Plan {
    let mut p = build_core(spec, cat, true);
    let net = crate::paths::network(spec, cat, &p, p.cache_hit_ratio);
    p.latency = Some(crate::paths::LatencyReport::analytic(
        net,
        spec.slo_p99_s,
        true,
    ));
    p
}

/// The numbers of [`build_point`] without the words: no assumptions, derivations or per-class
/// latency are recorded. What Monte Carlo samples use.
pub fn build_sample(spec: &Spec, cat: &Catalog) -> Plan {
    let mut p = build_core(spec, cat, false);
    let net = crate::paths::network(spec, cat, &p, p.cache_hit_ratio);
    p.latency = Some(crate::paths::LatencyReport::analytic(
        net,
        spec.slo_p99_s,
        false,
    ));
    p
}

fn build_core(spec: &Spec, cat: &Catalog, record: bool) -> Plan {
    let mut cx = Ctx::new(spec, cat);
    cx.record = record;
    let w = workload::derive(&mut cx);
    let st = storage::derive(&mut cx, &w);
    let sz = sizing::size(&mut cx, &w, &st);
    let ph = phase::decide(&mut cx, &sz);
    let cost = cost::total(&sz, spec.budget_monthly);
    let av = availability::composite(&mut cx, &sz);

    if let Some(false) = cost.within_budget {
        cx.warn(format!(
            "monthly cost {}–{} vs budget {}: {}",
            crate::units::fmt_money(cost.monthly_low),
            crate::units::fmt_money(cost.monthly_high),
            crate::units::fmt_money(cost.budget.unwrap_or(0.0)),
            cost.budget_verdict.clone().unwrap_or_default()
        ));
    }
    if av.meets_slo == Some(false) {
        let weakest = av
            .layers
            .iter()
            .min_by(|a, b| a.availability.total_cmp(&b.availability))
            .map(|l| {
                format!(
                    "; the weakest layer is {} at {}",
                    l.name,
                    crate::units::fmt_percent(l.availability)
                )
            })
            .unwrap_or_default();
        cx.warn(format!(
            "composite availability {} is below the SLO {}{weakest}",
            crate::units::fmt_percent(av.composite),
            crate::units::fmt_percent(av.slo.unwrap_or(0.0))
        ));
    }
    for c in &sz.components {
        if let Some(u) = c.utilization {
            if u > 0.85 {
                cx.warn(format!(
                    "{} runs at {} utilization at peak: little headroom",
                    c.role,
                    crate::units::fmt_percent(u)
                ));
            }
        }
    }
    for n in &ph.band_notes {
        cx.warn(n.clone());
    }
    if sz.microservices {
        cx.warn(format!(
            "team of {} (≥ {} engineers, seed 000): split into ~{} services by domain",
            crate::units::trim_num(spec.team_size.unwrap_or(0.0), 3),
            crate::units::trim_num(cat.fig("microservices.min_engineers"), 3),
            sz.services
        ));
    }

    let mut topology: Vec<TopologyLayer> = Vec::new();
    for layer in ["edge", "gateway", "application", "communication", "data"] {
        let comps: Vec<String> = sz
            .components
            .iter()
            .filter(|c| c.role.layer() == layer)
            .map(|c| match &c.tier {
                Some(t) => format!("{} ({} × {})", c.role, c.count, t),
                None => format!("{} ({})", c.role, c.technology),
            })
            .collect();
        if !comps.is_empty() {
            topology.push(TopologyLayer {
                layer: layer.into(),
                components: comps,
            });
        }
    }
    topology.push(TopologyLayer {
        layer: "observability".into(),
        components: vec!["metrics, logs and traces (prometheus_grafana; not costed)".into()],
    });

    Plan {
        name: spec.name.clone(),
        workload: w,
        storage: st,
        components: sz.components,
        topology,
        phase: ph,
        next_phase: None,
        headroom: None,
        cost,
        availability: av,
        cache_hit_ratio: sz.cache_hit_ratio,
        latency: None,
        uncertainty: None,
        warnings: cx.warnings,
        assumptions: cx.assumptions,
        derivations: cx.derivations,
    }
}

/// Fold the Monte Carlo result into the budget verdict: with `budget.confidence`, the budget
/// is met when that percentile of the cost is within it.
pub fn apply_uncertainty(p: &mut Plan) {
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

/// The spec with its traffic (and so its users) multiplied by `m`.
pub fn scaled(spec: &Spec, m: f64) -> Spec {
    let mut s = spec.clone();
    let mul = |v: &mut Option<f64>| {
        if let Some(x) = v {
            *x *= m;
        }
    };
    mul(&mut s.dau);
    mul(&mut s.qps);
    mul(&mut s.peak_qps);
    mul(&mut s.concurrent_users);
    mul(&mut s.documents);
    s
}

/// Smallest load multiple at which the phase rises, by bisection (the phase never falls as load
/// grows), searched up to 10,000×.
///
/// # Formula
/// years = ln(multiple) ÷ ln(1 + yearly growth).
fn next_phase(spec: &Spec, cat: &Catalog, current: u8) -> Option<NextPhase> {
    if current >= 3 {
        return None;
    }
    let phase_at = |m: f64| build_core(&scaled(spec, m), cat, false).phase.number;
    let (mut lo, mut hi) = (1.0f64, 2.0f64);
    while phase_at(hi) <= current {
        lo = hi;
        hi *= 2.0;
        if hi > 1e4 {
            return None;
        }
    }
    let target = phase_at(hi);
    for _ in 0..30 {
        let mid = (lo * hi).sqrt();
        if phase_at(mid) > current {
            hi = mid;
        } else {
            lo = mid;
        }
        if hi / lo < 1.001 {
            break;
        }
    }
    let g = spec.growth_yearly.unwrap_or(0.0);
    Some(NextPhase {
        phase: target.min(current + 1).max(current + 1),
        load_multiple: hi,
        years: (g > 0.0).then(|| hi.ln() / (1.0 + g).ln()),
    })
}

/// The smallest load multiple (> 1) at which any component's tier or count changes, by
/// doubling then bisection to 0.1%; `None` past 1,000×.
///
/// # Formula
/// headroom = min { m > 1 : layout(load × m) ≠ layout(load) }, the layout being every
/// component's (role, tier, count).
pub fn headroom(spec: &Spec, cat: &Catalog) -> Option<f64> {
    let layout = |m: f64| {
        build_core(&scaled(spec, m), cat, false)
            .components
            .into_iter()
            .map(|c| (c.role, c.tier, c.count))
            .collect::<Vec<_>>()
    };
    let base = layout(1.0);
    let (mut lo, mut hi) = (1.0f64, 1.01f64);
    while layout(hi) == base {
        lo = hi;
        hi = 1.0 + (hi - 1.0) * 2.0;
        if hi > 1e3 {
            return None;
        }
    }
    while hi / lo > 1.001 {
        let mid = (lo + hi) / 2.0;
        if layout(mid) == base {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(lo)
}

/// Check `choices:` against the catalog, with located errors.
pub fn validate_choices(ls: &LoadedSpec, cat: &Catalog) -> Result<(), SpecError> {
    let c = &ls.spec.choices;
    let checks: [(&str, &Option<String>, &[Category]); 5] = [
        (
            "choices.database",
            &c.database,
            &[
                Category::Relational,
                Category::Document,
                Category::KeyValue,
                Category::WideColumn,
                Category::Graph,
                Category::TimeSeries,
            ],
        ),
        ("choices.cache", &c.cache, &[Category::Cache]),
        ("choices.queue", &c.queue, &[Category::Queue]),
        ("choices.stream", &c.stream, &[Category::Stream]),
        ("choices.search", &c.search, &[Category::Search]),
    ];
    let src = ls.source();
    let mut errors = Vec::new();
    for (path, val, cats) in checks {
        if let Some(v) = val {
            let ok = cat
                .technologies
                .iter()
                .any(|t| &t.name == v && cats.contains(&t.category));
            if !ok {
                let names: Vec<&str> = cat
                    .technologies
                    .iter()
                    .filter(|t| cats.contains(&t.category))
                    .map(|t| t.name.as_str())
                    .collect();
                let mut l = src.at_key(path, format!("unknown technology `{v}` for this choice"));
                l.expected = Some(format!("one of {}", names.join(", ")));
                l.hint = crate::error::did_you_mean(v, names.iter().copied())
                    .or_else(|| Some("`capplan catalog list` shows every technology".into()));
                errors.push(l);
            }
        }
    }
    for (path, val, is_db) in [
        ("choices.app_tier", &c.app_tier, false),
        ("choices.database_tier", &c.database_tier, true),
    ] {
        if let Some(v) = val {
            let names: Vec<&str> = if is_db {
                cat.database_tiers
                    .iter()
                    .flat_map(|t| [t.name.as_str(), t.aws.as_str(), t.azure.as_str()])
                    .collect()
            } else {
                cat.compute_tiers
                    .iter()
                    .flat_map(|t| [t.name.as_str(), t.aws.as_str(), t.azure.as_str()])
                    .collect()
            };
            if !names.contains(&v.as_str()) {
                let mut l = src.at_key(path, format!("unknown tier `{v}`"));
                l.expected = Some(format!("one of {}", names.join(", ")));
                l.hint = crate::error::did_you_mean(v, names.iter().copied());
                errors.push(l);
            }
        }
    }
    match errors.len() {
        0 => Ok(()),
        1 => Err(SpecError::Invalid(Box::new(errors.remove(0)))),
        _ => Err(SpecError::Many(errors)),
    }
}

/// How much to simulate for the Latency section.
#[derive(Debug, Clone, Copy)]
pub struct LatencyOptions {
    /// Measured requests per replication.
    pub requests: u64,
    pub replications: u32,
    pub seed: u64,
}

impl Default for LatencyOptions {
    fn default() -> Self {
        LatencyOptions {
            requests: 50_000,
            replications: 4,
            seed: 7,
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
        None => Vec::new(),
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

/// Simulate the plan's request paths at peak and, when the p99 exceeds `slo.p99`, grow the
/// bottleneck station (more instances or a larger tier, whichever costs less) and simulate
/// again, until the SLO is met, nothing can grow, or [`MAX_SLO_STEPS`] steps were taken.
pub fn with_latency(spec: &Spec, cat: &Catalog, plan: Plan, o: LatencyOptions) -> Plan {
    let full = crate::paths::SimConfig {
        requests: o.requests,
        replications: o.replications,
        seed: o.seed,
    };
    let quick = crate::paths::SimConfig {
        requests: (o.requests / 4).max(5_000),
        replications: o.replications.clamp(1, 2),
        seed: o.seed,
    };
    let mut spec = spec.clone();
    let mut plan = plan;
    let mut steps = Vec::new();
    let mut infeasible = None;
    if let Some(slo) = spec.slo_p99_s {
        let (mut report, _) = simulate_plan(&spec, cat, &plan, &quick);
        let floor = floor_p99_s(&report.network);
        if let Some(f) = floor.filter(|f| *f > slo) {
            infeasible = Some(infeasible_cause(&report.network, f, slo));
        } else {
            for _ in 0..MAX_SLO_STEPS {
                let p99 = report.p99_ms.unwrap_or(f64::INFINITY) / 1e3;
                if p99 <= slo {
                    break;
                }
                let Some(step) = grow_bottleneck(&mut spec, cat, &plan, &report) else {
                    infeasible = Some(format!(
                        "the p99 stays at {} ms after growing every station the catalog allows",
                        crate::units::trim_num(p99 * 1e3, 3)
                    ));
                    break;
                };
                plan = build(&spec, cat);
                let before = report.p99_ms;
                report = simulate_plan(&spec, cat, &plan, &quick).0;
                steps.push(format!(
                    "{step}: p99 {} → {} ms",
                    before.map_or("∞".into(), |v| crate::units::trim_num(v, 3)),
                    report
                        .p99_ms
                        .map_or("∞".into(), |v| crate::units::trim_num(v, 3))
                ));
            }
        }
    }
    let (mut report, warnings) = simulate_plan(&spec, cat, &plan, &full);
    if let (Some(slo), None) = (report.slo_p99_ms, &infeasible) {
        if report.p99_ms.is_some_and(|p| p > slo) && !steps.is_empty() {
            infeasible = Some(format!(
                "after {} sizing steps the p99 is still {} ms",
                steps.len(),
                crate::units::trim_num(report.p99_ms.unwrap_or(0.0), 3)
            ));
        }
    }
    report.sizing_steps = steps.clone();
    report.infeasible = infeasible.clone();
    for w in warnings {
        plan.warnings.push(w);
    }
    for s in &steps {
        plan.warnings.push(format!("SLO sizing grew {s}"));
    }
    if let Some(why) = infeasible {
        plan.warnings.push(format!("p99 SLO cannot be met: {why}"));
    } else if report.meets_slo == Some(false) {
        plan.warnings.push(format!(
            "simulated p99 {} ms is above the SLO {} ms",
            crate::units::trim_num(report.p99_ms.unwrap_or(0.0), 3),
            crate::units::trim_num(report.slo_p99_ms.unwrap_or(0.0), 3)
        ));
    }
    plan.latency = Some(report);
    plan
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
            "network round trips alone add {} ms per request (users on several continents with no CDN/edge region near them pay a 150 ms cross-continent round trip; serve them from regions near them)",
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
                        app.tier.clone().unwrap_or_default()
                    ),
                ));
                let cur = cat.compute_tiers.iter().find(|t| {
                    Some(&t.aws) == app.tier.as_ref() || Some(&t.azure) == app.tier.as_ref()
                });
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
                    bigger.choices.app_tier = Some(next.name.clone());
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
                let cur = cat.database_tiers.iter().find(|t| {
                    Some(&t.aws) == db.tier.as_ref() || Some(&t.azure) == db.tier.as_ref()
                });
                if let Some(next) = cur.and_then(|c| {
                    cat.database_tiers
                        .iter()
                        .filter(|t| t.queries_per_sec.high > c.queries_per_sec.high)
                        .min_by(|a, b| a.queries_per_sec.high.total_cmp(&b.queries_per_sec.high))
                }) {
                    let mut bigger = spec.clone();
                    bigger.choices.database_tier = Some(next.name.clone());
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
        let best = candidates
            .into_iter()
            .map(|(s, what)| {
                let cost = build_core(&s, cat, false).cost;
                (s, what, (cost.monthly_low + cost.monthly_high) / 2.0)
            })
            .min_by(|a, b| a.2.total_cmp(&b.2));
        if let Some((s, what, _)) = best {
            *spec = s;
            return Some(what);
        }
    }
    None
}
