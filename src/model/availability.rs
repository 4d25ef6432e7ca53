//! Availability from failure domains: the request path's layers, each a set of nodes spread
//! over zones, with the zone as a failure every layer shares; regions on top.
//!
//! An instance fails and is replaced at its own rate; a zone's outage takes every node in it
//! at once, in every layer; a region's outage takes the whole design. Managed services the
//! provider spreads over zones count at their published figure. SLAs — what a provider
//! promises as service credits — are listed apart and never multiplied into the estimate.

use super::show;
use super::sizing::{Role, Sizing};
use super::Ctx;
use crate::catalog::Sizing as Fig;
use crate::components::zones::{spread, ZoneCounts};
use crate::spec::deployment::RegionMode;
use serde::Serialize;

/// Minutes in a 365-day year.
pub const MINUTES_PER_YEAR: f64 = 525_600.0;
/// Seconds in a 365-day year.
const SECONDS_PER_YEAR: f64 = MINUTES_PER_YEAR * 60.0;

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct AvailabilityResult {
    /// The estimate: the share of the year the request path serves.
    pub composite: f64,
    pub downtime_minutes_per_year: f64,
    /// −log₁₀(1 − availability).
    pub nines: f64,
    pub slo: Option<f64>,
    pub meets_slo: Option<bool>,
    /// Each layer on the request path, alone; the composite counts a zone's outage once for
    /// every layer it takes down together.
    pub layers: Vec<Layer>,
    /// The layer with the most downtime and the change that would lift it.
    pub weakest: Option<Weakest>,
    /// What the providers promise, per component (service credits, not a measurement).
    pub slas: Vec<Sla>,
    pub zones: u32,
    pub regions: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Layer {
    pub name: String,
    pub availability: f64,
    pub downtime_minutes_per_year: f64,
    pub nines: f64,
    pub formula: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Weakest {
    pub layer: String,
    pub change: String,
    /// The composite with the change, where the model can tell.
    pub lifted: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Sla {
    pub component: String,
    pub sla: f64,
    pub terms: String,
}

/// The failure rates the model takes (catalog `availability.*`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rates {
    /// Share of the time one instance is down (failures × time to replace it).
    pub instance_down: f64,
    /// Instance failures per year.
    pub instance_failures: f64,
    /// Share of the time one zone is out.
    pub zone_down: f64,
    /// Zone outages per year.
    pub zone_outages: f64,
    /// Share of the time a region is out.
    pub region_down: f64,
    pub region_outages: f64,
}

/// A layer as the model sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A managed service at its published figure, independent of the zones.
    Fixed(f64),
    /// `groups` groups (a tier: one; a store: its shards), each serving an equal share of the
    /// requests, with nodes spread over the zones as `per_zone` and up while `need` of them
    /// are; with `leaders`, each group's leader fails over in `failover_s` whenever its node
    /// or zone fails.
    Zonal {
        groups: u32,
        per_zone: ZoneCounts,
        need: u32,
        leaders: u32,
        failover_s: f64,
    },
}

/// The probability that fewer than `need` of `m` nodes are up, each down with chance `q`.
///
/// # Formula
/// P(F ≥ k), F ~ Binomial(m, q), k = m − need + 1: Σ_{j=k}^{m} C(m, j) qʲ (1 − q)^{m−j}.
/// When k lies above the mean m·q the terms fall from the first (by about m·q ÷ j a step):
/// the first is C(m, k) qᵏ (1 − q)^{m−k} from log-gamma, each next one the last × (m − j) ÷
/// (j + 1) × q ÷ (1 − q), summed in logarithms until they no longer count. At or below the
/// mean the answer is not small, and the regularized incomplete beta function gives it in
/// one call, I_q(k, m − k + 1) (Abramowitz & Stegun 26.5.24) — summing there would visit
/// every term up to the mode, thousands for a fleet of thousands.
pub fn too_few_up(m: u32, need: u32, q: f64) -> f64 {
    if need == 0 {
        return 0.0;
    }
    if m < need {
        return 1.0;
    }
    if q <= 0.0 {
        return 0.0;
    }
    if q >= 1.0 {
        return 1.0;
    }
    let k = m - need + 1;
    let mean = m as f64 * q;
    if (k as f64) <= mean + 1.0 {
        return statrs::function::beta::beta_reg(k as f64, (m - k) as f64 + 1.0, q).clamp(0.0, 1.0);
    }
    let (lq, lp) = (q.ln(), (-q).ln_1p());
    let mut ln_t = ln_factorial(m) - ln_factorial(k) - ln_factorial(m - k)
        + k as f64 * lq
        + (m - k) as f64 * lp;
    let mut sum = 0.0;
    for j in k..=m {
        let t = ln_t.exp();
        sum += t;
        // Past the mean the terms only fall; stop when they no longer change the sum.
        if t <= sum * 1e-17 || t == 0.0 {
            break;
        }
        ln_t += ((m - j) as f64 / (j + 1) as f64).ln() + lq - lp;
    }
    sum.min(1.0)
}

/// Node counts whose ln n! is kept in a table (a fleet of more takes ln Γ each time).
const LN_FACTORIALS: usize = 4096;

/// ln n! = ln Γ(n + 1), from a table filled once by that same ln Γ (so every tail comes out to
/// the bit as it would with ln Γ called each time).
fn ln_factorial(n: u32) -> f64 {
    use statrs::function::gamma::ln_gamma;
    static TABLE: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (0..LN_FACTORIALS)
            .map(|n| ln_gamma(n as f64 + 1.0))
            .collect()
    });
    match table.get(n as usize) {
        Some(&v) => v,
        None => ln_gamma(f64::from(n) + 1.0),
    }
}

/// Unavailability of blocks in series, a zone's outage shared by all of them, and of each
/// block alone.
///
/// # Formula
/// Availability is the share of requests served. Over every set S of zones up (probability
/// Π (1 − u_z) or u_z per zone; at most 2⁶ sets): a request finds a zonal block's group up
/// with probability 1 − P(fewer than need of the m_S nodes in S up) (every group alike, so
/// the share of requests it fails is one group's); U_zones = Σ_S P(S) (1 − Π_blocks up_S).
/// A block with leaders adds (instance failures + zone outages) × failover time ÷ year (a
/// request's shard is failing over that share of the time); a fixed block adds 1 − its
/// availability; in series, 1 − Π (1 − U_i). Returns (composite, per block).
pub fn unavailability(blocks: &[Block], zones: u32, r: &Rates) -> (f64, Vec<f64>) {
    let z = zones.clamp(1, crate::spec::deployment::MAX_ZONES);
    let sets = 1usize << z;
    // Each set's probability, and the log of the share of requests every block serves in it.
    let mut p_set = [0.0; ZONE_SETS];
    let mut ln_up = [0.0; ZONE_SETS];
    for (s, p) in p_set.iter_mut().enumerate().take(sets) {
        let up = (s as u32).count_ones();
        *p = (1.0 - r.zone_down).powi(up as i32) * r.zone_down.powi((z - up) as i32);
    }
    let mut alone = vec![0.0; blocks.len()];
    for (i, b) in blocks.iter().enumerate() {
        let Block::Zonal { per_zone, need, .. } = b else {
            continue;
        };
        // Sets holding as many of its nodes share one binomial tail.
        let mut tails = Tails::default();
        for s in 0..sets {
            let m: u32 = per_zone
                .iter()
                .enumerate()
                .filter(|(j, _)| s & (1 << j) != 0)
                .map(|(_, n)| n)
                .sum();
            let (l, down) = tails.get(m, || too_few_up(m, *need, r.instance_down));
            alone[i] += p_set[s] * down;
            ln_up[s] += l;
        }
    }
    let joint = (0..sets).fold(0.0, |j, s| j + p_set[s] * -ln_up[s].exp_m1());
    let mut ln_a = (-joint.min(1.0)).ln_1p();
    for (i, b) in blocks.iter().enumerate() {
        let extra = match b {
            Block::Fixed(a) => 1.0 - a,
            Block::Zonal {
                leaders,
                failover_s,
                ..
            } if *leaders > 0 => {
                (r.instance_failures + r.zone_outages) * failover_s / SECONDS_PER_YEAR
            }
            Block::Zonal { .. } => 0.0,
        };
        let extra = extra.clamp(0.0, 1.0);
        alone[i] = 1.0 - (1.0 - alone[i]) * (1.0 - extra);
        ln_a += (-extra).ln_1p();
    }
    (-ln_a.exp_m1(), alone)
}

/// Sets of zones up: every subset of the most zones a deployment has.
const ZONE_SETS: usize = 1 << crate::spec::deployment::MAX_ZONES;

/// One block's binomial tails by the number of its nodes in the zones up (at most one per
/// zone set), each kept as the log of the share of requests served and the share failed:
/// sets holding as many nodes (with equal zones, every set with as many zones up) share
/// the logarithm and exponential as well as the tail.
struct Tails {
    seen: [(u32, f64, f64); ZONE_SETS],
    len: usize,
}

impl Default for Tails {
    fn default() -> Self {
        Tails {
            seen: [(0, 0.0, 0.0); ZONE_SETS],
            len: 0,
        }
    }
}

impl Tails {
    /// `(ln(1 − g), 1 − e^{ln(1 − g)})` for the tail `g` of `m` nodes (`−∞` and 1 when every
    /// request fails).
    fn get(&mut self, m: u32, tail: impl FnOnce() -> f64) -> (f64, f64) {
        if let Some(&(_, l, down)) = self.seen[..self.len].iter().find(|(n, ..)| *n == m) {
            return (l, down);
        }
        let g = tail();
        let l = if g >= 1.0 {
            f64::NEG_INFINITY
        } else {
            (-g).ln_1p()
        };
        let down = -l.exp_m1();
        self.seen[self.len] = (m, l, down);
        self.len += 1;
        (l, down)
    }
}

/// Composite availability of the synchronous request path, over zones and regions.
///
/// # Formula
/// One region: A = (1 − U_design) × (1 − u_region), U_design over the blocks and zones (see
/// [`unavailability`]), u_region = region outages × hours ÷ 8,760. N regions, each sized to
/// carry the users of a failed one: a failure inside a region still reaches its users, a
/// region's outage only for the failover: A = (1 − U_design) × (1 − u_regionᴺ − users moved ×
/// N × region outages × failover time ÷ year), users moved = 1/N (active_active) or 1 (the
/// primary's, active_passive). Downtime = (1 − A) × 525,600 min/year. Queue, stream, workers, CDN and object storage are off the API's request path.
/// Sources: reliability block diagrams with a common-cause failure (the zone); rates in the
/// catalog's `availability.*` figures.
pub fn composite(cx: &mut Ctx, sz: &Sizing) -> AvailabilityResult {
    let r = rates(cx);
    let z = sz.zones.max(1);
    let (blocks, named) = layer_blocks(cx, sz);
    let (u_design, alone) = unavailability(&blocks, z, &r);
    // Every block's layer, then the regions'.
    let mut layers = Vec::with_capacity(named.len() + 1);
    layers.extend(
        named
            .into_iter()
            .zip(alone)
            .map(|((name, formula), u)| layer(name, u, formula)),
    );
    let (u_regions, regions) = region_layer(cx, &r);
    layers.push(regions);
    let u = 1.0 - (1.0 - u_design) * (1.0 - u_regions);
    let composite = 1.0 - u;
    let slo = cx.spec.slo_availability;
    let mut out = AvailabilityResult {
        composite,
        downtime_minutes_per_year: u * MINUTES_PER_YEAR,
        nines: nines(composite),
        slo,
        meets_slo: slo.map(|s| composite + 1e-12 >= s),
        layers,
        weakest: None,
        // A list to read: an unrecorded plan (a Monte Carlo sample, a priced candidate) has none.
        slas: if cx.record { slas(cx, sz) } else { Vec::new() },
        zones: z,
        regions: cx.spec.deployment.region_count(),
    };
    out.weakest = weakest(cx, sz, &out, &r, u_design);
    out
}

/// The regions' layer and its unavailability (see [`composite`]).
fn region_layer(cx: &mut Ctx, r: &Rates) -> (f64, Layer) {
    let record = cx.record;
    let region_formula = || {
        format!(
            "{} outages/year × {} h each",
            crate::units::trim_num(r.region_outages, 3),
            crate::units::trim_num(r.region_down * 8760.0 / r.region_outages.max(1e-12), 3)
        )
    };
    let dep = &cx.spec.deployment;
    let (n, mode) = (dep.region_count(), dep.mode);
    if n <= 1 {
        let formula = say(record, region_formula);
        return (
            r.region_down,
            layer("region".into(), r.region_down, formula),
        );
    }
    let (moved, key) = match mode {
        RegionMode::ActiveActive => (1.0 / n as f64, "availability.region_failover_seconds"),
        RegionMode::ActivePassive => (1.0, "availability.region_failover_seconds_passive"),
    };
    let t = cx.figure(key, show::secs);
    let u = regions_down(r.region_down, n, moved, r.region_outages, t);
    let formula = say(record, || {
        format!(
            "{n} regions {}, each down {} ({}): every region at once, or {} of failover for its users",
            mode.label(),
            fmt_downtime(r.region_down * MINUTES_PER_YEAR),
            region_formula(),
            crate::units::fmt_duration(t)
        )
    });
    (u, layer("regions".into(), u, formula))
}

/// Words only for a plan that is recorded: Monte Carlo samples and the searches that price
/// candidates read the numbers alone.
fn say(record: bool, words: impl FnOnce() -> String) -> String {
    if record {
        words()
    } else {
        String::new()
    }
}

/// The region term of N regions: all down at once, or a region's users waiting out its
/// failover.
///
/// # Formula
/// u_regionᴺ + users moved × N × outages per year × failover seconds ÷ seconds per year.
pub fn regions_down(u_region: f64, n: u32, moved: f64, outages: f64, failover_s: f64) -> f64 {
    (u_region.powi(n as i32) + moved * n as f64 * outages * failover_s / SECONDS_PER_YEAR).min(1.0)
}

fn layer(name: String, u: f64, formula: String) -> Layer {
    Layer {
        name,
        availability: 1.0 - u,
        downtime_minutes_per_year: u * MINUTES_PER_YEAR,
        nines: nines(1.0 - u),
        formula,
    }
}

/// The catalog's failure rates.
///
/// # Formula
/// down share = events per year × hours (or seconds) each ÷ hours (seconds) in a year.
fn rates(cx: &mut Ctx) -> Rates {
    let fi = cx.figure("availability.instance_failures_per_year", show::num);
    let ti = cx.figure("availability.instance_replace_seconds", show::secs);
    let fz = cx.figure("availability.zone_outages_per_year", show::num);
    let hz = cx.figure("availability.zone_outage_hours", show::num);
    let fr = cx.figure("availability.region_outages_per_year", show::num);
    let hr = cx.figure("availability.region_outage_hours", show::num);
    Rates {
        instance_down: (fi * ti / SECONDS_PER_YEAR).clamp(0.0, 1.0),
        instance_failures: fi,
        zone_down: (fz * hz / 8760.0).clamp(0.0, 1.0),
        zone_outages: fz,
        region_down: (fr * hr / 8760.0).clamp(0.0, 1.0),
        region_outages: fr,
    }
}

/// Each request-path component as a block, and its name with its model in words (words only
/// when recording).
fn layer_blocks(cx: &mut Ctx, sz: &Sizing) -> (Vec<Block>, Vec<(String, String)>) {
    let z = sz.zones.max(1);
    let record = cx.record;
    let n = sz.components.len();
    let (mut blocks, mut named) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for c in &sz.components {
        let zonal = |groups: u32, copies: u32, need: u32, leaders: u32, fo: f64| Block::Zonal {
            groups: groups.max(1),
            per_zone: spread(copies, z),
            need,
            leaders,
            failover_s: fo,
        };
        let (block, words) = match c.role {
            Role::Waf | Role::ApiGateway => {
                let key = if c.role == Role::Waf {
                    "availability.waf"
                } else {
                    "availability.api_gateway"
                };
                let a = cx.figure(key, show::pct);
                (Block::Fixed(a), say(record, || published(a)))
            }
            Role::LoadBalancer => (
                Block::Zonal {
                    groups: 1,
                    per_zone: smallvec::smallvec![1; z as usize],
                    need: 1,
                    leaders: 0,
                    failover_s: 0.0,
                },
                say(record, || {
                    format!("a node in each of {z} zones, DNS routes around a failed one; needs 1")
                }),
            ),
            Role::App | Role::Search => {
                let need = c.zone_loss.need.clamp(1, c.count.max(1));
                let words = || {
                    let spread = per_zone_words(&c.per_zone);
                    format!(
                        "{} over {} zones ({spread}), needs {need} up",
                        c.count, c.zones
                    )
                };
                (zonal(1, c.count, need, 0, 0.0), say(record, words))
            }
            Role::Cache => {
                let l = c.layout.unwrap_or_default();
                let copies = l.copies.max(1);
                let fo = cx.figure("availability.cache_failover_seconds", show::secs);
                let leaders = if copies > 1 { l.shards } else { 0 };
                let words = || {
                    format!(
                        "{} shards × {copies} copies in {} zones, each shard needs 1{}",
                        l.shards,
                        z.min(copies),
                        failover_words(leaders > 0, "failover", fo)
                    )
                };
                (zonal(l.shards, copies, 1, leaders, fo), say(record, words))
            }
            Role::Database => database_block(cx, sz, c, z),
            _ => continue,
        };
        blocks.push(block);
        named.push((c.role.as_str().to_string(), words));
    }
    (blocks, named)
}

/// A managed service's layer in words.
fn published(a: f64) -> String {
    format!("{} (the provider's published figure)", fmt_availability(a))
}

/// `; 30 s failover` (or election) where there is one, else nothing.
fn failover_words(any: bool, what: &str, seconds: f64) -> String {
    if any {
        format!("; {} {what}", crate::units::fmt_duration(seconds))
    } else {
        String::new()
    }
}

/// The database: a serverless table at its published figure; a relational primary with its
/// standby per shard; a replica set per shard needing a majority; a leaderless store per
/// shard needing a quorum of its copies.
fn database_block(
    cx: &mut Ctx,
    sz: &Sizing,
    db: &super::sizing::Component,
    z: u32,
) -> (Block, String) {
    let record = cx.record;
    if db.node.is_none() {
        let a = cx.figure("availability.serverless_store", show::pct);
        return (Block::Fixed(a), say(record, || published(a)));
    }
    let shards = sz.db_shards.max(1);
    let family = cx
        .cat
        .technology(&db.technology)
        .and_then(|t| t.sizing.as_ref());
    let copies = sz.db_copies.max(1);
    match family {
        Some(Fig::Document(_)) | Some(Fig::WideColumn(_)) => {
            let leader = matches!(family, Some(Fig::Document(_)));
            let fo = if leader {
                cx.figure("availability.document_failover_seconds", show::secs)
            } else {
                0.0
            };
            let q = copies / 2 + 1;
            let per_zone = spread(copies, z);
            let words = || {
                format!(
                    "{shards} shards × {copies} copies ({}), each needs {q}{}",
                    per_zone_words(&per_zone),
                    failover_words(leader, "election", fo)
                )
            };
            let words = say(record, words);
            let block = Block::Zonal {
                groups: shards,
                per_zone,
                need: q,
                leaders: if leader { shards } else { 0 },
                failover_s: fo,
            };
            (block, words)
        }
        _ => {
            let standby = sz.has(Role::DbStandby);
            let fo = cx.figure("availability.relational_failover_seconds", show::secs);
            let n = 1 + u32::from(standby);
            let words = || {
                if standby {
                    format!(
                        "{shards} × primary + standby in another zone, each needs 1; {} failover",
                        crate::units::fmt_duration(fo)
                    )
                } else {
                    format!("{shards} × a primary alone: down while it is replaced")
                }
            };
            let block = Block::Zonal {
                groups: shards,
                per_zone: spread(n, z),
                need: 1,
                leaders: if standby { shards } else { 0 },
                failover_s: fo,
            };
            (block, say(record, words))
        }
    }
}

fn per_zone_words(v: &[u32]) -> String {
    v.iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// What each provider promises for the components on the request path.
fn slas(cx: &mut Ctx, sz: &Sizing) -> Vec<Sla> {
    let mut out = Vec::new();
    for c in &sz.components {
        let (key, terms) = match c.role {
            Role::Waf => ("availability.waf", "monthly uptime"),
            Role::LoadBalancer => ("availability.load_balancer", "monthly uptime"),
            Role::ApiGateway => ("availability.api_gateway", "monthly uptime"),
            Role::App if c.zones >= 2 => (
                "availability.sla_compute_region",
                "instances in two or more zones",
            ),
            Role::App => ("availability.app_instance", "a single instance"),
            Role::Cache if c.layout.is_some_and(|l| l.copies > 1) => (
                "availability.sla_cache_multi_zone",
                "Multi-AZ replication groups",
            ),
            Role::Cache => ("availability.cache_node", "a single node"),
            Role::Database if c.node.is_none() => {
                ("availability.serverless_store", "standard tables")
            }
            // A replicated store runs on the provider's instances across zones.
            Role::Database if sz.db_copies > 1 => (
                "availability.sla_compute_region",
                "instances in two or more zones",
            ),
            Role::Database if sz.has(Role::DbStandby) => {
                ("availability.sla_database_multi_zone", "Multi-AZ instances")
            }
            Role::Database => ("availability.database_instance", "Single-AZ instances"),
            Role::Search => ("availability.search", "Multi-AZ domains"),
            Role::Cdn => ("availability.cdn", "monthly uptime"),
            Role::ObjectStorage => ("availability.object_storage", "monthly uptime"),
            Role::Queue => ("availability.queue", "monthly uptime"),
            Role::Stream => ("availability.stream", "multi-AZ clusters"),
            _ => continue,
        };
        let sla = cx.figure(key, show::pct);
        out.push(Sla {
            component: c.role.as_str().to_string(),
            sla,
            terms: terms.to_string(),
        });
    }
    out
}

/// The layer with the most downtime, and the change that lifts it (in words when recording).
fn weakest(
    cx: &Ctx,
    sz: &Sizing,
    a: &AvailabilityResult,
    r: &Rates,
    u_design: f64,
) -> Option<Weakest> {
    let w = a.layers.iter().max_by(|x, y| {
        x.downtime_minutes_per_year
            .total_cmp(&y.downtime_minutes_per_year)
    })?;
    let regional = matches!(w.name.as_str(), "region" | "regions");
    // The one change whose effect the model tells: a second region.
    let lifted = (regional && cx.spec.deployment.region_count() == 1).then(|| {
        let t = cx.cat.fig("availability.region_failover_seconds");
        let two = regions_down(r.region_down, 2, 0.5, r.region_outages, t);
        let u = 1.0 - (1.0 - u_design) * (1.0 - two);
        1.0 - u
    });
    Some(Weakest {
        layer: w.name.clone(),
        change: say(cx.record, || change_words(cx, sz, a, &w.name)),
        lifted,
    })
}

/// The change that lifts the layer `name`.
fn change_words(cx: &Ctx, sz: &Sizing, a: &AvailabilityResult, name: &str) -> String {
    let dep = &cx.spec.deployment;
    match name {
        "region" | "regions" if dep.region_count() == 1 => {
            "a second region that can carry every user (`deployment.regions: {mode: active_active, count: 2}`)".to_string()
        }
        "region" | "regions" => format!(
            "a further region (`deployment.regions` with {} regions) or a shorter failover between them",
            dep.region_count() + 1
        ),
        "database" if sz.get(Role::Database).is_some_and(|c| c.node.is_none()) => {
            "its provider's figure bounds it: a multi-region table (global tables) with a second region".into()
        }
        "database" if sz.db_copies <= 1 && !sz.has(Role::DbStandby) => {
            "a standby in another zone (Multi-AZ): an availability SLO of 99.9% or more plans one".into()
        }
        "database" if sz.db_copies <= 1 => format!(
            "fewer or faster failovers: its {} per primary failure dominates (a proxy that holds connections through a failover, or a store without a single primary)",
            crate::units::fmt_duration(cx.cat.fig("availability.relational_failover_seconds"))
        ),
        "waf" | "api_gateway" => "its provider's figure bounds it: only a second region lifts it".into(),
        _ if a.zones < 3 => {
            "three zones (`deployment.zones: 3`): a quorum keeps its majority and the rest carry the load".into()
        }
        name => match sz.components.iter().find(|c| c.role.as_str() == name) {
            Some(c) if !c.zone_loss.survives => format!(
                "enough {name} nodes that the rest carry the load after losing a zone (an availability SLO of 99.9% or more sizes for it)"
            ),
            _ => "one more node in each zone".into(),
        },
    }
}

/// −log₁₀ of the unavailability: 99.95% is 3.3 nines.
pub fn nines(a: f64) -> f64 {
    let u = (1.0 - a).max(1e-15);
    -u.log10()
}

/// An availability with enough digits to show its unavailability to two significant
/// figures: never "100%".
///
/// # Formula
/// decimals of the percentage = max(1, 1 − ⌊log₁₀(100 × (1 − a))⌋), at most 10.
pub fn fmt_availability(a: f64) -> String {
    let u = 1.0 - a;
    if u <= 0.0 || !u.is_finite() {
        return "> 99.9999999999%".into();
    }
    let p = (100.0 * u).log10().floor() as i32;
    let decimals = (1 - p).clamp(1, 10) as usize;
    format!("{:.*}%", decimals, 100.0 * a)
}

/// Downtime a year with two significant figures, in minutes (seconds below one minute).
pub fn fmt_downtime(minutes: f64) -> String {
    if minutes >= 1.0 {
        format!("{} min/year", crate::units::trim_num(minutes, 2))
    } else {
        format!("{} s/year", crate::units::trim_num(minutes * 60.0, 2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rates(q: f64, u: f64) -> Rates {
        Rates {
            instance_down: q,
            instance_failures: 0.0,
            zone_down: u,
            zone_outages: 0.0,
            region_down: 0.0,
            region_outages: 0.0,
        }
    }

    /// Every term of the tail from log-gamma, summed: slow, but independent of the shortcuts.
    fn tail_by_every_term(m: u32, need: u32, q: f64) -> f64 {
        let lg = statrs::function::gamma::ln_gamma;
        ((m - need + 1)..=m)
            .map(|j| {
                (lg(m as f64 + 1.0) - lg(j as f64 + 1.0) - lg((m - j) as f64 + 1.0)
                    + j as f64 * q.ln()
                    + (m - j) as f64 * (-q).ln_1p())
                .exp()
            })
            .sum::<f64>()
            .min(1.0)
    }

    #[test]
    fn binomial_tail_matches_every_term_summed() {
        for (m, need, q) in [
            (3, 2, 0.005),
            (10, 1, 0.3),
            (10, 10, 0.3),
            (1_000, 999, 0.01),
            (1_000, 990, 0.01),
            (1_000, 900, 0.01),
            (5_000, 4_990, 0.002),
            (20, 11, 0.5),
            (64, 60, 0.05),
        ] {
            let (fast, slow) = (too_few_up(m, need, q), tail_by_every_term(m, need, q));
            assert!(
                (fast - slow).abs() <= 1e-9 * slow.max(1e-300),
                "m {m} need {need} q {q}: {fast:e} vs {slow:e}"
            );
        }
    }

    #[test]
    fn ln_factorial_is_ln_gamma_to_the_bit() {
        let lg = statrs::function::gamma::ln_gamma;
        for n in [0u32, 1, 2, 3, 10, 170, 171, 4095, 4096, 100_000] {
            assert_eq!(
                ln_factorial(n).to_bits(),
                lg(f64::from(n) + 1.0).to_bits(),
                "{n}"
            );
        }
    }

    #[test]
    fn binomial_tail_hand_worked() {
        // 2 of 3 up at q = 0.005: P(2 or 3 down) = 3q²(1 − q) + q³ = 7.475e-5
        let q = 0.005;
        assert!((too_few_up(3, 2, q) - (3.0 * q * q * (1.0 - q) + q * q * q)).abs() < 1e-15);
        assert_eq!(too_few_up(1, 2, q), 1.0);
        assert_eq!(too_few_up(3, 0, q), 0.0);
        // A large tier: 100,000 nodes needing 90,000 is as good as never down.
        assert!(too_few_up(100_000, 90_000, 1e-4) < 1e-300);
    }

    /// Two layers over 3 zones, worked by hand: an app of 3 nodes (one per zone) needing 2,
    /// a database of a primary (zone A) and a standby (zone B) needing 1; each node down
    /// q = 0.001 of the time, each zone u = 0.0001.
    ///
    /// | zones up | P(state)            | app down            | database down | path down      |
    /// |----------|---------------------|---------------------|---------------|----------------|
    /// | A B C    | (1−u)³ = 0.99970003 | 3q²(1−q)+q³ = 2.998e-6 | q² = 1e-6   | 3.997997e-6    |
    /// | A B      | u(1−u)² = 9.998e-5  | 1−(1−q)² = 1.999e-3 | q² = 1e-6     | 1.999998e-3    |
    /// | B C, A C | u(1−u)² each        | 1.999e-3            | q = 1e-3      | 2.997001e-3    |
    /// | one zone | u²(1−u) = 9.999e-9 each | 1 (one node < 2) | —           | 1              |
    /// | none     | u³ = 1e-12          | 1                   | 1             | 1              |
    ///
    /// U = 0.99970003 × 3.997997e-6 + 9.998e-5 × (1.999998e-3 + 2 × 2.997001e-3) +
    /// 3 × 9.999e-9 + 1e-12 = 4.826036e-6 → 99.999517%, 2.54 minutes a year.
    ///
    /// Alone: app 3.626679e-6; database = (1−u)³q² + u(1−u)²(q² + 2q) + u²(1−u)(1 + 2q) +
    /// u³ = 1.209780e-6.
    #[test]
    fn two_layers_three_zones_hand_worked() {
        let blocks = [
            Block::Zonal {
                groups: 1,
                per_zone: smallvec::smallvec![1, 1, 1],
                need: 2,
                leaders: 0,
                failover_s: 0.0,
            },
            Block::Zonal {
                groups: 1,
                per_zone: smallvec::smallvec![1, 1, 0],
                need: 1,
                leaders: 0,
                failover_s: 0.0,
            },
        ];
        let (u, alone) = unavailability(&blocks, 3, &rates(0.001, 0.0001));
        assert!((u - 4.826_036e-6).abs() < 1e-12, "{u:e}");
        assert!((alone[0] - 3.626_679e-6).abs() < 1e-12, "{:e}", alone[0]);
        assert!((alone[1] - 1.209_780e-6).abs() < 1e-12, "{:e}", alone[1]);
        // The zone is a common cause: the path is less down than the layers apart.
        assert!(u < alone[0] + alone[1]);
        assert_eq!(fmt_availability(1.0 - u), "99.99952%");
        assert_eq!(fmt_downtime(u * MINUTES_PER_YEAR), "2.5 min/year");
    }

    #[test]
    fn failover_and_fixed_terms() {
        // One primary failing over in 90 s, 1 failure and 0.5 zone outages a year:
        // 1.5 × 90 ÷ 31,536,000 = 4.2808e-6; a fixed 99.99% block adds 1e-4.
        let r = Rates {
            instance_failures: 1.0,
            zone_outages: 0.5,
            ..rates(0.0, 0.0)
        };
        let blocks = [
            Block::Zonal {
                groups: 1,
                per_zone: smallvec::smallvec![1, 1],
                need: 1,
                leaders: 1,
                failover_s: 90.0,
            },
            Block::Fixed(0.9999),
        ];
        let (u, alone) = unavailability(&blocks, 3, &r);
        let fo = 1.5 * 90.0 / SECONDS_PER_YEAR;
        assert!((alone[0] - fo).abs() < 1e-15);
        assert!((u - (1.0 - (1.0 - fo) * 0.9999)).abs() < 1e-15);
    }

    #[test]
    fn never_one_hundred_percent() {
        assert_eq!(fmt_availability(0.9995), "99.950%");
        assert_eq!(fmt_availability(0.999_999_4), "99.999940%");
        assert_eq!(fmt_availability(0.95), "95.0%");
        assert_eq!(fmt_availability(1.0), "> 99.9999999999%");
        assert!((nines(0.999) - 3.0).abs() < 1e-9);
        assert_eq!(fmt_downtime(0.5), "30 s/year");
    }

    #[test]
    fn unrecorded_plans_have_the_numbers_without_the_words() {
        let cat = crate::catalog::Catalog::builtin().unwrap();
        for (path, spec) in crate::spec::examples() {
            let recorded = crate::plan::build_core(&spec, &cat, true).availability;
            let bare = crate::plan::build_core(&spec, &cat, false).availability;
            let numbers = |a: &AvailabilityResult| {
                let layers: Vec<_> = a
                    .layers
                    .iter()
                    .map(|l| (l.name.clone(), l.availability, l.downtime_minutes_per_year))
                    .collect();
                let weakest = a.weakest.as_ref().map(|w| (w.layer.clone(), w.lifted));
                (
                    a.composite,
                    a.downtime_minutes_per_year,
                    a.meets_slo,
                    layers,
                    weakest,
                )
            };
            assert_eq!(numbers(&recorded), numbers(&bare), "{}", path.display());
            assert!(bare.layers.iter().all(|l| l.formula.is_empty()));
            assert!(bare.weakest.iter().all(|w| w.change.is_empty()) && bare.slas.is_empty());
            assert!(recorded.layers.iter().all(|l| !l.formula.is_empty()));
        }
    }

    #[test]
    fn downtime_of_three_nines() {
        // System Design Guide: 99.9% ≈ 8.7 hours of downtime a year (525.6 min = 8.76 h)
        assert!(((1.0 - 0.999) * MINUTES_PER_YEAR - 525.6).abs() < 1e-9);
    }
}
