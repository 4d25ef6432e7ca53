//! Spec + Catalog → Plan: the sized design, one pure function. It holds no latency and no
//! uncertainty: [`crate::pipeline`] adds those and assembles the [`crate::report::Report`].

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

/// One layer of the topology (the Distributed System Components Guide's layers) and what runs in it.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct TopologyLayer {
    pub layer: String,
    pub components: Vec<String>,
}

/// When the design outgrows its phase.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct NextPhase {
    pub phase: u8,
    /// Load multiple (× today's traffic) at which the next phase is needed.
    pub load_multiple: f64,
    /// Years until then at the spec's growth rate; `None` without growth.
    pub years: Option<f64>,
}

/// The estimate.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
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
    /// The regions, when the design runs in several: the components above are the primary
    /// region's, sized for the users it carries after another region fails.
    pub regions: Option<crate::model::regions::RegionsResult>,
    /// Cache hit ratio the design assumes, when it has a cache.
    pub cache_hit_ratio: Option<f64>,
    /// Shares of the reads that reach the app tier and the data tier.
    pub reads: crate::model::sizing::ReadShares,
    pub warnings: Vec<String>,
    /// Technologies the spec's cloud has no node type for, sized and priced on AWS's.
    pub priced_on_aws: Vec<String>,
    pub assumptions: Vec<Assumption>,
    pub derivations: Vec<Derivation>,
}

/// Build the plan for one point spec, with when the next phase is needed.
pub fn build(spec: &Spec, cat: &Catalog) -> Plan {
    let mut p = build_core(spec, cat, true);
    date_cost(spec, cat, &mut p);
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

/// The design for one point spec: sizing, phase, cost and availability, with words when
/// `record` (off for Monte Carlo samples, which need only the numbers).
pub fn build_core(spec: &Spec, cat: &Catalog, record: bool) -> Plan {
    if spec.deployment.regions.len() > 1 && spec.deployment.region.is_none() {
        return multi_region(spec, cat, record);
    }
    build_region(spec, cat, record)
}

/// The spec of one region: its users plus those it takes over, with the data of all of them
/// (every region holds every record).
fn region_spec(spec: &Spec, i: usize, sized_for: f64) -> Spec {
    let mut s = scaled(spec, sized_for);
    s.epoch.load_multiple *= sized_for;
    s.deployment.region = Some(i);
    s.deployment.region_share = Some(sized_for);
    s
}

/// Usage-billed lines (requests, transfer) follow the users a region serves, not the size it
/// holds for a failover: scaled by served ÷ sized for.
fn scale_usage(components: &mut [Component], f: f64) {
    use crate::components::ComponentCost;
    for c in components {
        for l in c.bill.iter_mut().filter(|l| is_usage(l.item)) {
            l.quantity *= f;
            l.monthly_cost = l.monthly_cost.scale(f);
        }
        c.monthly_cost = ComponentCost::of(&c.bill);
    }
}

/// The components' monthly cost as [`scale_usage`] would leave it, by the same sums, without
/// changing (or copying) them.
fn usage_scaled_cost(components: &[Component], f: f64) -> crate::components::Cost {
    use crate::components::{bill::costs_by_item, ComponentCost};
    components.iter().fold(Default::default(), |a, c| {
        let lines = c.bill.iter().map(|l| {
            let cost = if is_usage(l.item) {
                l.monthly_cost.scale(f)
            } else {
                l.monthly_cost
            };
            (l.item, cost)
        });
        a + ComponentCost::of_items(costs_by_item(lines)).total()
    })
}

fn is_usage(item: crate::components::BillItem) -> bool {
    use crate::components::BillItem;
    matches!(item, BillItem::Requests | BillItem::Transfer)
}

/// Several regions: the primary region's design in full, every other region sized and
/// priced for its own share, and the writes copied between them.
///
/// # Formula
/// region cost = its design sized for its failover share, usage lines and internet egress at
/// the share it serves; replication = average write bytes/s × (regions − 1) × seconds per
/// month ÷ 10⁹ × the cross-region price per GB; total = Σ regions + replication.
fn multi_region(spec: &Spec, cat: &Catalog, record: bool) -> Plan {
    use crate::model::regions::{shares, RegionPlan, RegionsResult};
    let shares = shares(&spec.deployment);
    // The share of its sized-for users a region serves: its usage lines are scaled by it.
    let served = |i: usize| shares[i].users_share / shares[i].sized_for.max(1e-12);
    let mut p = build_region(&region_spec(spec, 0, shares[0].sized_for), cat, record);
    // Every region sized for the primary's share costs the primary's design as sized, at its
    // own usage (the primary's lines are scaled once all are costed).
    let (sized_egress, mut regions) = (p.cost.bandwidth, Vec::new());
    let mut total = crate::components::Cost::default();
    for (i, share) in shares.iter().enumerate() {
        let (design, egress) = if i == 0 || (share.sized_for - shares[0].sized_for).abs() < 1e-9 {
            (usage_scaled_cost(&p.components, served(i)), sized_egress)
        } else {
            let (comps, egress) = region_design(&region_spec(spec, i, share.sized_for), cat);
            (usage_scaled_cost(&comps, served(i)), egress)
        };
        let cost = design + egress.scale(served(i));
        total = total + cost;
        regions.push(RegionPlan {
            share: share.clone(),
            monthly_cost: cost,
        });
    }
    scale_usage(&mut p.components, served(0));
    p.cost.bandwidth = sized_egress.scale(served(0));
    let replication = replication_line(spec, cat, &p.workload, &shares);
    if let Some(l) = &replication {
        total = total + l.monthly_cost;
        // Billed with the store that copies it (the app's when there is none).
        let at = p
            .components
            .iter()
            .position(|c| c.role == crate::model::sizing::Role::Database)
            .or_else(|| {
                p.components
                    .iter()
                    .position(|c| c.role == crate::model::sizing::Role::App)
            });
        if let Some(c) = at.map(|i| &mut p.components[i]) {
            c.bill.push(l.clone());
            c.monthly_cost = crate::components::ComponentCost::of(&c.bill);
            regions[0].monthly_cost = regions[0].monthly_cost + l.monthly_cost;
        }
    }
    p.cost = cost::repriced(&p.cost, total);
    p.regions = Some(RegionsResult {
        mode: spec.deployment.mode,
        regions,
        replication,
        total,
    });
    if record {
        let layer = region_topology(p.regions.iter().flat_map(|r| &r.regions));
        p.topology.insert(0, layer);
    }
    p
}

/// Every write copied to the other regions, at the cross-region price.
///
/// # Formula
/// GB/month = average write bytes/s of all users × (regions − 1) × seconds per month ÷ 10⁹;
/// the primary's workload is its sized-for share of all users'.
fn replication_line(
    spec: &Spec,
    cat: &Catalog,
    w: &Workload,
    shares: &[crate::model::regions::RegionShare],
) -> Option<crate::components::BillLine> {
    let others = shares.len().saturating_sub(1);
    let all = shares.first().map_or(1.0, |s| s.sized_for).max(1e-12);
    let bytes = w.write_qps * w.write_bytes / w.peak_factor.max(1.0) / all;
    let gb = bytes * others as f64 * crate::units::SECONDS_PER_MONTH / 1e9;
    let price = &cat.prices(spec.choices.cloud).cross_region;
    (gb > 0.0).then(|| {
        crate::components::BillLine::new(
            crate::components::BillItem::Transfer,
            format!(
                "cross-region replication of every write to {others} other region{}",
                if others > 1 { "s" } else { "" }
            ),
            gb,
            "GB",
            price.usd,
        )
    })
}

/// The regions as the topology's first layer.
fn region_topology<'a>(
    regions: impl Iterator<Item = &'a crate::model::regions::RegionPlan>,
) -> TopologyLayer {
    TopologyLayer {
        layer: "regions".into(),
        components: regions
            .map(|r| {
                format!(
                    "{} (serves {} of users, sized for {})",
                    r.share.name,
                    crate::units::fmt_percent(r.share.users_share),
                    crate::units::fmt_percent(r.share.sized_for)
                )
            })
            .collect(),
    }
}

/// One region's design (the whole design for a single region).
fn build_region(spec: &Spec, cat: &Catalog, record: bool) -> Plan {
    let mut cx = Ctx::new(spec, cat);
    cx.record = record;
    let (w, st, sz) = design(&mut cx);
    let ph = phase::decide(&mut cx, &sz);
    let cost = cost::total(&sz, spec);
    let av = availability::composite(&mut cx, &sz);

    // Warnings and the topology are words: a plan made for its numbers (a Monte Carlo
    // sample, a headroom or phase search, another region) skips them.
    let topology = if record {
        warn(&mut cx, &sz, &av, &ph);
        topology(&sz)
    } else {
        Vec::new()
    };

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
        regions: None,
        cache_hit_ratio: sz.cache_hit_ratio,
        reads: sz.reads,
        warnings: cx.warnings,
        priced_on_aws: cx.elsewhere,
        assumptions: cx.assumptions,
        derivations: cx.derivations,
    }
}

/// The load, the data and the components sized for them.
fn design(cx: &mut Ctx) -> (Workload, Storage, sizing::Sizing) {
    let w = workload::derive(cx);
    let st = storage::derive(cx, &w);
    let sz = sizing::size(cx, &w, &st);
    (w, st, sz)
}

/// Another region's components and internet egress, for its cost alone: the primary's plan
/// carries the phase, the availability and the words, so they are not worked out again.
fn region_design(spec: &Spec, cat: &Catalog) -> (Vec<Component>, crate::components::Cost) {
    let mut cx = Ctx::new(spec, cat);
    cx.record = false;
    let (_, _, sz) = design(&mut cx);
    let bandwidth = cost::total(&sz, spec).bandwidth;
    (sz.components, bandwidth)
}

/// The plan's warnings: availability below the SLO, components that do not survive a zone's
/// loss, throughput near saturation, the phase's notes and the team's split.
fn warn(
    cx: &mut Ctx,
    sz: &sizing::Sizing,
    av: &availability::AvailabilityResult,
    ph: &phase::PhaseResult,
) {
    let (spec, cat) = (cx.spec, cx.cat);
    if av.meets_slo == Some(false) {
        use availability::{fmt_availability, fmt_downtime};
        let weakest = av
            .weakest
            .as_ref()
            .and_then(|w| av.layers.iter().find(|l| l.name == w.layer).map(|l| (w, l)))
            .map(|(w, l)| {
                format!(
                    "; the weakest layer is {} at {} ({}); lift it with {}{}",
                    l.name,
                    fmt_availability(l.availability),
                    fmt_downtime(l.downtime_minutes_per_year),
                    w.change,
                    w.lifted
                        .map(|a| format!(" (→ {})", fmt_availability(a)))
                        .unwrap_or_default()
                )
            })
            .unwrap_or_default();
        cx.warn(format!(
            "composite availability {} ({}) is below the SLO {}{weakest}",
            fmt_availability(av.composite),
            fmt_downtime(av.downtime_minutes_per_year),
            crate::units::fmt_percent(av.slo.unwrap_or(0.0))
        ));
    }
    if sz.ha {
        let ceiling = cat.fig("deployment.failover_ceiling");
        for c in sz.components.iter().filter(|c| !c.survives_zone_loss) {
            let why = match c.utilization_after_zone_loss {
                Some(u) if u > ceiling => format!(
                    ": the rest would run at {}, past the {} failover ceiling",
                    crate::units::fmt_percent(u),
                    crate::units::fmt_percent(ceiling)
                ),
                _ if sz.zones < 3 => ": a majority of its copies sits in one zone — spread over 3 zones (`deployment.zones: 3`)".into(),
                _ => String::new(),
            };
            cx.warn(format!(
                "{} does not survive the loss of a zone over {} zones{why}",
                c.role, sz.zones
            ));
        }
    }
    for c in &sz.components {
        // Memory and disk are sized full by design (their reserve is in the model); the
        // warning is for throughput, where waiting grows steeply near saturation.
        if let Some(u) = c.utilization.filter(|_| c.bound_by.is_throughput()) {
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
            "team of {} (≥ {} engineers, as the Distributed System Components Guide advises): split into ~{} services by domain",
            crate::units::trim_num(spec.team_size.unwrap_or(0.0), 3),
            crate::units::trim_num(cat.fig("microservices.min_engineers"), 3),
            sz.services
        ));
    }
}

/// What runs in each layer of the architecture.
fn topology(sz: &sizing::Sizing) -> Vec<TopologyLayer> {
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
    topology
}

/// The spec as it stands in month `m` after launch (1 = the first month): traffic grown at the
/// spec's yearly rate to the month's start, data held counted at its end.
///
/// # Formula
/// load multiple = (1 + g)^((m − 1)/12); data held at m/12 years (see the storage model).
pub fn at_month(spec: &Spec, m: u32) -> Spec {
    let g = spec.growth_yearly.unwrap_or(0.0).max(0.0);
    let mult = (1.0 + g).powf(m.saturating_sub(1) as f64 / 12.0);
    let mut s = scaled(spec, mult);
    s.epoch = crate::spec::Epoch {
        years: Some(m as f64 / 12.0),
        load_multiple: mult,
    };
    s
}

/// The cost of the first month and of the horizon month, each on the design that month
/// needs; the horizon's becomes the monthly cost held to the budget.
fn date_cost(spec: &Spec, cat: &Catalog, p: &mut Plan) {
    let horizon_month = ((p.storage.horizon_years * 12.0).round() as u32).max(1);
    let month = |m: u32| {
        let c = build_core(&at_month(spec, m), cat, false).cost;
        crate::model::cost::MonthCost {
            month: m,
            low: c.planned.low,
            high: c.planned.high,
        }
    };
    // Month 1, then each quarter, then the horizon month: at most 401 plans for a 100-year
    // horizon.
    let mut months: Vec<u32> = std::iter::once(1)
        .chain((3..horizon_month).step_by(3))
        .chain(std::iter::once(horizon_month))
        .collect();
    months.dedup();
    p.cost.over_time = months.into_iter().map(month).collect();
    let first = p.cost.over_time[0];
    let last = *p.cost.over_time.last().unwrap_or(&first);
    p.cost.date(first, last);
    if p.cost.pricing != crate::catalog::Pricing::OnDemand || p.cost.spot_workers {
        let mut od = at_month(spec, horizon_month);
        od.choices.pricing = crate::catalog::Pricing::OnDemand;
        od.choices.workers = crate::spec::WorkerCapacity::OnDemand;
        p.cost.on_demand = Some(build_core(&od, cat, false).cost.planned);
    }
    if let Some(false) = p.cost.within_budget {
        p.warnings.push(format!(
            "monthly cost at the horizon (month {}) {}–{} vs budget {}: {}",
            last.month,
            crate::units::fmt_money(p.cost.monthly_low),
            crate::units::fmt_money(p.cost.monthly_high),
            crate::units::fmt_money(p.cost.budget.unwrap_or(0.0)),
            p.cost.budget_verdict.clone().unwrap_or_default()
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
            // Only technologies capplan sizes; for search, PostgreSQL's own full-text search
            // (no separate engine) too.
            let sized = |t: &&crate::catalog::Technology| {
                cats.contains(&t.category)
                    && (t.sizing.is_some()
                        || (path == "choices.search" && t.name == "postgres_fts"))
            };
            let known = cat.technologies.iter().find(|t| &t.name == v);
            let ok = known.is_some_and(|t| sized(&t));
            if !ok {
                let names: Vec<&str> = cat
                    .technologies
                    .iter()
                    .filter(sized)
                    .map(|t| t.name.as_str())
                    .collect();
                let what = match known {
                    Some(t) if cats.contains(&t.category) => {
                        format!("capplan has no sizing model for `{v}` yet")
                    }
                    _ => format!("unknown technology `{v}` for this choice"),
                };
                let mut l = src.at_key(path, what);
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
            // Reference tier names, or node types of the service the component runs on.
            let mut names: Vec<&str> = if is_db {
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
            let db_nodes = c
                .database
                .as_deref()
                .or(Some("postgresql"))
                .and_then(|d| cat.technology(d))
                .and_then(|t| t.sizing.as_ref())
                .and_then(|s| s.node_choice());
            for n in &cat.nodes {
                let fits = match (is_db, db_nodes) {
                    (true, Some(ch)) => {
                        n.service == ch.service && ch.families.iter().any(|f| f == n.family())
                    }
                    (true, None) => false,
                    (false, _) => {
                        let ch = &cat.products(c.cloud).app_nodes;
                        n.service == ch.service && ch.families.iter().any(|f| f == n.family())
                    }
                };
                if fits && !names.contains(&n.name.as_str()) {
                    names.push(n.name.as_str());
                }
            }
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
