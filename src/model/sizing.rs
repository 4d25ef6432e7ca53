//! Sizing: which components the load needs, each sized by its technology's component model.
//!
//! The planner builds the [`Demand`] that reaches each component (a cache passes its misses
//! to the store), asks the model for its feasible candidates and keeps the cheapest, with the
//! runners-up. The models live in [`crate::components`]; this file decides what is needed
//! and wires demand between components.

use super::{show, storage::Storage, workload::Workload, Ctx};
use crate::catalog::{Name, Sizing as Fig, Technology};
use crate::components::app::Stateless;
use crate::components::realtime::Realtime;
use crate::components::{
    self, edge, registry, BillLine, Candidate, ComponentCost, Demand, Knobs, Layout, Limit,
    NodeShape, Words, ZoneLoss,
};
use crate::spec::Feature;
use crate::units::{fmt_bytes, fmt_si, trim_num, SECONDS_PER_MONTH};
use serde::Serialize;

pub use crate::components::{Cost, Role};

/// An option that was considered and not chosen.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Alternative {
    pub tier: Words,
    pub count: u32,
    pub monthly_cost: Cost,
    pub bound_by: Limit,
    pub note: String,
}

/// Room for one component of each of the 16 roles [`Role`] names, made at once: a component
/// is some 700 bytes and growing the list by doubling copies them (a design with more grows
/// it as usual).
const MOST_COMPONENTS: usize = 16;

/// One sized component.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Component {
    pub role: Role,
    /// Catalog technology id, e.g. `postgresql`.
    pub technology: Name,
    /// The node type's name, when the component runs on nodes.
    pub tier: Option<Name>,
    /// The node type's resources; `null` for services billed by use.
    pub node: Option<NodeShape>,
    pub count: u32,
    /// Nodes the load needs before redundancy.
    pub required: u32,
    /// The limit that sets the count.
    pub bound_by: Limit,
    /// The count each limit alone would need.
    pub limits: crate::components::LimitCounts,
    /// Shards and copies, for stores.
    pub layout: Option<Layout>,
    /// Busy share of the binding resource at peak with every node up.
    pub utilization: Option<f64>,
    /// Zones its nodes spread over (a managed service: the deployment's, run by its provider).
    pub zones: u32,
    /// Nodes in each zone, fullest first; empty for a managed service.
    pub per_zone: components::zones::ZoneCounts,
    /// Busy share of its busiest throughput resource on the nodes left after the fullest zone
    /// is lost; `null` for a managed service or when nothing is left.
    pub utilization_after_zone_loss: Option<f64>,
    /// Whether it keeps serving with a zone lost (quorum kept, survivors under the failover
    /// ceiling).
    pub survives_zone_loss: bool,
    #[serde(skip)]
    pub zone_loss: ZoneLoss,
    pub monthly_cost: ComponentCost,
    /// Every line of the component's monthly bill.
    pub bill: Vec<BillLine>,
    /// The load that reached it (after any cache or CDN in front).
    pub demand: Demand,
    /// Why it is here, one line (empty in Monte Carlo samples).
    pub reason: String,
    pub alternatives: Vec<Alternative>,
    /// Parallel servers per instance and mean service time (seconds), for queueing models.
    pub servers_per_instance: Option<u32>,
    pub service_time_s: Option<f64>,
}

/// Everything sizing decided.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Sizing {
    pub components: Vec<Component>,
    /// Egress to the internet not served by a CDN, priced per GB.
    pub bandwidth_cost: Cost,
    pub ha: bool,
    pub cache_hit_ratio: Option<f64>,
    pub db_read_qps: f64,
    pub db_write_qps: f64,
    pub db_shards: u32,
    /// Read replicas the load needs (a distributed store's own copies not counted).
    pub db_replicas: u32,
    /// Copies a distributed store keeps of each shard; 1 for primary/replica databases.
    pub db_copies: u32,
    /// App instances the load needs (before N+1).
    pub app_required: u32,
    pub services: u32,
    pub microservices: bool,
    pub search_engine: bool,
    pub uses_stream: bool,
    /// Zones the deployment spreads over.
    pub zones: u32,
    /// Where reads go: the share that reaches the app (the rest the CDN serves) and the share
    /// that reaches the data tier (static responses never do).
    pub reads: ReadShares,
}

/// Shares of the read requests that reach the origin's app tier and its data tier.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ReadShares {
    pub app: f64,
    pub data: f64,
}

impl Sizing {
    pub fn get(&self, role: Role) -> Option<&Component> {
        self.components.iter().find(|c| c.role == role)
    }
    pub fn has(&self, role: Role) -> bool {
        self.get(role).is_some()
    }
}

fn ceil_u32(x: f64) -> u32 {
    components::ceil_count(x)
}

/// A component from the chosen candidate and the runners-up.
fn component(role: Role, tech: Name, mut ranked: Vec<Candidate>, reason: String) -> Component {
    let alternatives = ranked
        .iter()
        .skip(1)
        .take(3)
        .map(|c| Alternative {
            // A managed service's options are named by their first bill line.
            tier: c
                .node
                .as_ref()
                .map(|n| Words::Borrowed(n.type_name.as_str()))
                .or_else(|| c.bill.first().map(|l| l.what.clone()))
                .unwrap_or_default(),
            count: c.count,
            monthly_cost: c.cost(),
            bound_by: c.bound_by,
            note: String::new(),
        })
        .collect();
    let c = if ranked.is_empty() {
        Candidate::managed(vec![], Limit::MinCount)
    } else {
        ranked.swap_remove(0)
    };
    Component {
        role,
        technology: tech,
        tier: c.node.as_ref().map(|n| n.type_name),
        node: c.node,
        count: c.count,
        required: c.required,
        bound_by: c.bound_by,
        limits: c.limits,
        layout: (c.layout.shards > 0).then_some(c.layout),
        utilization: c.utilization,
        zones: 0,
        per_zone: Default::default(),
        utilization_after_zone_loss: c.zone_loss.utilization,
        survives_zone_loss: c.zone_loss.survives,
        zone_loss: c.zone_loss,
        monthly_cost: ComponentCost::of(&c.bill),
        bill: c.bill.into_vec(),
        demand: Demand::default(),
        reason,
        alternatives,
        servers_per_instance: c.servers_per_node,
        service_time_s: c.service_time_s,
    }
}

/// A catalog technology and its sizing figures, or the family default.
fn tech<'c>(cx: &Ctx<'c>, chosen: Option<&str>, default: &str) -> &'c Technology {
    let cat = cx.cat;
    chosen
        .and_then(|n| cat.technology(n))
        .filter(|t| t.sizing.is_some())
        .or_else(|| cat.technology(default))
        .expect("the built-in catalog sizes its default technologies")
}

/// Size with the technology's model, recording its sizing figures as an assumption.
fn run(cx: &mut Ctx, t: &Technology, d: &Demand, k: &Knobs) -> Vec<Candidate> {
    let Some(s) = &t.sizing else { return vec![] };
    if cx.record {
        let figures = serde_json::to_value(s)
            .ok()
            .and_then(|v| v.as_object().cloned())
            .map(|m| {
                m.iter()
                    .filter(|(k, _)| *k != "source" && *k != "family" && *k != "nodes")
                    .map(|(k, v)| format!("{k} {v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        let src = if cx.cat.overridden.contains(t.name.as_str()) {
            format!("catalog overlay: {}", s.source())
        } else {
            s.source().to_string()
        };
        cx.assume(&format!("{}.sizing", t.name), figures, src);
    }
    if let Some(choice) = s.node_choice() {
        if choice.in_cloud(k.cloud).is_none() && !cx.elsewhere.contains(&t.label) {
            cx.elsewhere.push(t.label.clone());
            cx.warn(format!(
                "the catalog has no {} node types for {}: it is sized and priced on AWS's",
                k.cloud.label(),
                t.label
            ));
        }
    }
    let ranked = components::pick(registry::model(s).candidates(d, t, cx.cat, k));
    if ranked.is_empty() {
        cx.warn(format!(
            "no {} layout in the catalog carries this load; it is left out of the cost — pin a node type or overlay a larger one",
            t.label
        ));
    }
    ranked
}

/// Shared knobs.
fn knobs(cx: &mut Ctx) -> Knobs {
    let s = cx.spec;
    // A cloud with no node types in the catalog is sized on the reference tier set (which
    // names its instances) and, for the other components, on AWS's node types — said so.
    let cloud = s.choices.cloud;
    let node_cloud = if cx.cat.nodes.iter().any(|n| n.cloud == cloud) {
        cloud
    } else {
        cx.warn(format!(
            "the catalog has no {cloud:?} node types: the app tier and database use the reference tier set's {cloud:?} names and prices, every other component AWS node types and prices"
        ));
        crate::catalog::Cloud::Aws
    };
    let target = cx.default("target_utilization", None, show::pct);
    let point = cx.default("tier_capacity_point", None, show::num);
    let ha_at = cx.default("ha_availability", None, show::pct);
    let hours = cx.figure("price.hours_per_month", show::num);
    let zones = match s.deployment.zones {
        Some(z) => z as f64,
        None => cx.figure("deployment.zones", show::num),
    };
    let failover_ceiling = cx.figure("deployment.failover_ceiling", show::pct);
    if s.has(Feature::Global) && s.deployment.geography.is_empty() {
        // The latency's split of the users when the spec does not say where they are.
        cx.figure("deployment.global_remote_share", show::pct);
    }
    Knobs {
        target,
        ha: s.slo_availability.is_some_and(|a| a >= ha_at - 1e-12),
        cloud: node_cloud,
        reference_cloud: cloud,
        reference_tiers: s.choices.hardware == crate::spec::Hardware::Reference
            || node_cloud != cloud,
        point,
        pinned: None,
        min_count: 0,
        min_replicas: 0,
        hours_per_month: hours,
        pricing: s.choices.pricing,
        spot: false,
        zones: components::ceil_count(zones).max(1),
        failover_ceiling,
        words: cx.record,
    }
}

/// Size every component.
pub fn size(cx: &mut Ctx, w: &Workload, st: &Storage) -> Sizing {
    let s = cx.spec;
    let k = knobs(cx);
    let mut comps = Vec::with_capacity(MOST_COMPONENTS);

    // Services and team: microservices past ~50 engineers.
    let min_eng = cx.figure("microservices.min_engineers", show::num);
    let microservices = s.team_size.is_some_and(|t| t >= min_eng);
    let services = if microservices {
        let per = cx.figure("microservices.engineers_per_service", show::num);
        ceil_u32(s.team_size.unwrap_or(0.0) / per).max(2)
    } else {
        1
    };

    // Whether a CDN fronts the design is decided once: it shapes the app's load and the edge.
    let cdn = cdn_reason(cx, w);
    let reads = read_shares(cx, cdn.is_some());
    let app = size_app(cx, w, &k, reads);
    let app_required = app.required;
    let app_count = app.count;
    let app_compute = app.monthly_cost.total();

    let data = size_data_tier(cx, w, st, &k, app_count, reads);
    let mut app = app;
    add_data_calls_across_zones(cx, w, st, &k, reads, &mut app);

    let mut search_engine = false;
    if s.has(Feature::Search) {
        if let Some(c) = size_search(cx, w, st, &k) {
            search_engine = true;
            comps.push(c);
        }
    }

    let bandwidth_cost = size_edge(cx, w, &k, cdn, services, app_count, reads, &mut comps);
    comps.push(app);

    if s.has(Feature::Realtime) {
        comps.push(size_realtime(cx, w, &k));
    }
    comps.extend(data.components);

    let mut uses_stream = false;
    if w.messages_per_sec > 0.0 {
        let (c, stream) = size_messaging(cx, w, &k);
        uses_stream = stream;
        comps.push(c);
        comps.push(size_workers(cx, w, &k));
    }

    if st.object_storage_bytes > 0.0 {
        let book = &cx.cat.prices(k.reference_cloud).object_storage;
        let gb = st.object_storage_bytes / 1e9;
        let part = cx.figure("object_storage.part_bytes", show::bytes);
        // A multipart upload: one request to start, one per part, one to complete.
        let parts = (st.object_bytes / part.max(1.0)).ceil().max(1.0)
            + if st.object_bytes > part { 2.0 } else { 0.0 };
        let month_days = SECONDS_PER_MONTH / 86_400.0;
        let puts = st.objects_per_day * parts * month_days;
        let miss = if s.has(Feature::Media) && comps.iter().any(|c| c.role == Role::Cdn) {
            1.0 - cx.cat.fig("cdn.offload_share")
        } else {
            1.0
        };
        let gets = w.media_fetches_per_sec / w.peak_factor.max(1.0) * SECONDS_PER_MONTH * miss;
        let reason = text(cx, || {
            format!(
                "{} of files at the horizon (files > {} belong in object storage)",
                fmt_bytes(st.object_storage_bytes),
                fmt_bytes(cx.cat.fig("object_storage.min_file_bytes"))
            )
        });
        comps.push(component(
            Role::ObjectStorage,
            products(cx).object_storage,
            vec![edge::object_storage(book, gb, puts, gets)],
            reason,
        ));
    }

    let mesh_min = cx.figure("service_mesh.min_services", show::num);
    if services as f64 >= mesh_min {
        let share = cx.figure("service_mesh.overhead_share", show::pct);
        let reason = text(cx, || {
            format!(
                "{services} services ≥ {}: sidecars cost ~{} of app compute",
                trim_num(mesh_min, 3),
                show::pct(share)
            )
        });
        comps.push(component(
            Role::ServiceMesh,
            products(cx).service_mesh,
            vec![edge::mesh(app_compute, share)],
            reason,
        ));
    }

    comps.sort_by_key(|c| c.role);
    spread_over_zones(&mut comps, k.zones);
    record_overlaid_nodes(cx, &comps);
    Sizing {
        components: comps,
        bandwidth_cost,
        ha: k.ha,
        cache_hit_ratio: data.hit,
        db_read_qps: data.reads,
        db_write_qps: data.writes,
        db_shards: data.shards,
        db_replicas: data.replicas,
        db_copies: data.copies,
        app_required,
        services,
        microservices,
        search_engine,
        uses_stream,
        zones: k.zones,
        reads,
    }
}

/// Every component's nodes spread evenly over the zones (primaries, standbys and replicas
/// each on their own, so a standby never shares its primary's zone while there are two).
fn spread_over_zones(comps: &mut [Component], zones: u32) {
    for c in comps {
        if c.node.is_some() {
            c.per_zone = components::zones::spread(c.count, zones);
            c.zones = c.per_zone.len() as u32;
        } else {
            c.zones = zones;
        }
    }
}

/// The app's calls to its data tier (cache and database) reach an instance in another zone
/// with the cross-zone share: billed on the app's bill.
///
/// # Formula
/// bytes/s = (average reads reaching the data tier + average writes) × record size ×
/// (zones − 1) ÷ zones — a call moves one record, whatever the response the client then gets
/// (files and media come from object storage, not the data tier).
fn add_data_calls_across_zones(
    cx: &mut Ctx,
    w: &Workload,
    st: &Storage,
    k: &Knobs,
    reads: ReadShares,
    app: &mut Component,
) {
    let avg = 1.0 / w.peak_factor.max(1.0);
    let bytes =
        (w.read_qps * reads.data + w.write_qps) * st.record_bytes * avg * k.cross_zone_share();
    if let Some(line) =
        components::cross_zone_line(cx.cat, k.cloud, "calls to the data tier", bytes, k)
    {
        app.bill.push(line);
        app.monthly_cost = ComponentCost::of(&app.bill);
    }
}

/// The CDN passes only origin fetches on: with a CDN the static share of reads, at its
/// offload, never reaches the app; static responses never reach the data tier.
///
/// # Formula
/// app share = 1 − static share × CDN offload (with a CDN), else 1;
/// data share = 1 − static share.
fn read_shares(cx: &mut Ctx, has_cdn: bool) -> ReadShares {
    let static_share = cx.spec.static_share.unwrap_or(0.0).clamp(0.0, 1.0);
    let offload = if has_cdn {
        cx.figure("cdn.offload_share", show::pct)
    } else {
        0.0
    };
    ReadShares {
        app: 1.0 - static_share * offload,
        data: 1.0 - static_share,
    }
}

/// A node type from a `--catalog` overlay is an assumption the report lists, with its price
/// and where it comes from.
fn record_overlaid_nodes(cx: &mut Ctx, comps: &[Component]) {
    if !cx.record {
        return;
    }
    for c in comps {
        let Some(n) = c.tier.as_deref().and_then(|t| cx.cat.node(t)) else {
            continue;
        };
        if cx.cat.overridden.contains(n.name.as_str()) {
            let cite = cx
                .cat
                .source(&n.source)
                .map(|s| s.cite())
                .unwrap_or_else(|| n.source.clone());
            cx.assume(
                &format!("node.{}", n.name),
                format!("${}/hour", trim_num(n.usd_per_hour, 4)),
                format!("catalog overlay: {cite}"),
            );
        }
    }
}

/// Words only when the context records them.
fn text(cx: &Ctx, f: impl FnOnce() -> String) -> String {
    if cx.record {
        f()
    } else {
        String::new()
    }
}

/// The stateless figures of the app tier and of workers (`slots` names their requests or
/// tasks in flight per vCPU).
fn stateless(cx: &mut Ctx, k: &Knobs, slots: &str) -> Stateless {
    Stateless {
        slots_per_vcpu: cx.default(slots, None, show::num),
        min_ha: if k.ha {
            cx.default("min_app_instances_ha", None, show::num) as u32
        } else {
            1
        },
        burstable_baseline: cx.figure("compute.burstable_baseline", show::pct),
    }
}

/// App tier: peak requests with the app's service time split into CPU and waiting.
fn size_app(cx: &mut Ctx, w: &Workload, k: &Knobs, reads: ReadShares) -> Component {
    let s = cx.spec;
    let svc = cx.default("app_service_seconds", s.app_service_s, show::secs);
    let cpu_share = cx.default("app_cpu_share", None, show::pct);
    let st = stateless(cx, k, "app_workers_per_vcpu");
    let d = Demand {
        reads_per_s: w.write_qps + w.read_qps * reads.app,
        cpu_s: svc * cpu_share,
        wait_s: svc * (1.0 - cpu_share),
        concurrent_users: w.peak_concurrent_users,
        ..Demand::default()
    };
    let mut kk = k.clone();
    kk.pinned = s.choices.app_tier.clone();
    kk.min_count = s.floors.app_count.unwrap_or(0);
    let ranked = components::pick(components::app::candidates(&d, &st, cx.cat, &kk));
    record_measured_app(cx);
    let mut c = component(Role::App, Name::from_static("app"), ranked, String::new());
    c.demand = d;
    derive!(cx,
        "app.count",
        "App instances",
        c.count as f64,
        format!("{} × {}", c.count, c.tier.unwrap_or_default()),
        "max(⌈peak QPS × CPU time ÷ (vCPUs × target ρ)⌉, ⌈peak QPS × service time ÷ (slots × target ρ)⌉, ⌈users ÷ users per instance⌉) (+1 for N+1)",
        format!(
            "{} × {} at peak; {} binds ({}){}",
            super::workload::qps(w.peak_qps),
            crate::units::fmt_duration(svc),
            c.bound_by.words(),
            limits_words(&c.limits),
            if c.count > c.required { format!(", +{} for N+1", c.count - c.required) } else { String::new() }
        ),
    );
    c
}

/// A calibration overlay's app figures the report lists: the measured service-time shape
/// and the reference tiers with measured users.
fn record_measured_app(cx: &mut Ctx) {
    if !cx.record {
        return;
    }
    if let Some(m) = &cx.cat.app_service_distribution {
        cx.assume(
            "app_service_distribution",
            format!("{}, cv {}", m.family.words(), trim_num(m.cv, 3)),
            format!("catalog overlay: {}", m.source),
        );
    }
    for t in &cx.cat.compute_tiers {
        if let (true, Some(u)) = (
            cx.cat.overridden.contains(t.name.as_str()),
            t.concurrent_users,
        ) {
            cx.assume(
                &format!("tier.{}", t.name),
                format!("{}–{} users", trim_num(u.low, 4), trim_num(u.high, 4)),
                format!("catalog overlay: {}", t.source),
            );
        }
    }
}

/// "CPU 3, concurrency 4" — what each limit alone would need.
pub fn limits_words(l: &crate::components::LimitCounts) -> String {
    l.iter()
        .filter(|(k, _)| **k != Limit::MinCount)
        .map(|(k, v)| format!("{} {v}", k.words()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The database's decision, with the cache decision it depended on.
struct DataTier {
    components: Vec<Component>,
    reads: f64,
    writes: f64,
    shards: u32,
    replicas: u32,
    copies: u32,
    hit: Option<f64>,
}

/// The demand the data tier sees before any cache.
fn store_demand(
    cx: &mut Ctx,
    w: &Workload,
    st: &Storage,
    app_count: u32,
    reads: ReadShares,
) -> Demand {
    let s = cx.spec;
    let qpr = cx.default("db_queries_per_read", None, show::num);
    let qpw = cx.default("db_queries_per_write", None, show::num);
    let hot = cx.default("hot_set", s.hot_set, show::pct);
    let pool = cx.figure("database.pool_per_app_instance", show::num);
    let db_s = cx.default("db_query_seconds", s.db_query_s, show::secs);
    let mut search_reads = 0.0;
    if s.has(Feature::Search) {
        // PostgreSQL full-text search runs inside the database below the engine threshold.
        let docs = s.documents.unwrap_or(st.records_held);
        if docs < cx.cat.fig("search.engine_min_docs") && s.choices.search.is_none() {
            search_reads = w.read_qps * cx.default("search_share", None, show::pct);
        }
    }
    let pf = w.peak_factor.max(1.0);
    let read_qps = w.read_qps * reads.data;
    Demand {
        reads_per_s: read_qps * qpr + search_reads,
        writes_per_s: w.write_qps * qpw,
        avg_reads_per_s: (read_qps * qpr + search_reads) / pf,
        avg_writes_per_s: w.write_qps * qpw / pf,
        read_bytes: st_record(cx, w),
        write_bytes: st_record(cx, w),
        data_bytes: st.raw_bytes,
        hot_bytes: hot * st.raw_bytes,
        items: st.records_held,
        client_connections: app_count as f64 * pool,
        cpu_s: db_s,
        replication: st.replication,
        ..Demand::default()
    }
}

fn st_record(cx: &mut Ctx, _w: &Workload) -> f64 {
    cx.default("record_bytes", cx.spec.record_bytes, show::bytes)
}

/// The data tier priced with a cache in front: the cache's candidates and the store's
/// candidates for the misses the cache passes down.
struct WithCache<'c> {
    hit: f64,
    tech: &'c Technology,
    demand: Demand,
    cache: Vec<Candidate>,
    below: Demand,
    store: Vec<Candidate>,
}

fn mid(v: &[Candidate]) -> f64 {
    v.first().map(|c| c.cost().mid()).unwrap_or(f64::INFINITY)
}

/// Price the store behind a cache: the cache model sizes for the hot set and the reads, and
/// passes the misses downstream to the store's model.
fn price_with_cache<'c>(
    cx: &mut Ctx<'c>,
    w: &Workload,
    d: &Demand,
    db_tech: &Technology,
    store_k: &Knobs,
    k: &Knobs,
    reads: ReadShares,
) -> Option<WithCache<'c>> {
    let s = cx.spec;
    let hit = cx.default("cache_hit_ratio", None, show::pct);
    let cache_tech = tech(cx, s.choices.cache.as_deref(), &products(cx).cache);
    let mut ck = k.clone();
    ck.min_count = s.floors.cache_nodes.unwrap_or(0);
    let demand = Demand {
        reads_per_s: w.read_qps * reads.data,
        writes_per_s: w.write_qps + w.deliveries_per_sec,
        read_bytes: w.read_bytes.max(1.0),
        write_bytes: w.write_bytes.max(1.0),
        hot_bytes: d.hot_bytes,
        hit_ratio: hit,
        ..Demand::default()
    };
    let cache = run(cx, cache_tech, &demand, &ck);
    let chosen = cache.first()?;
    let model = registry::model(cache_tech.sizing.as_ref()?);
    let below = model.downstream(
        chosen,
        &Demand {
            hit_ratio: hit,
            ..d.clone()
        },
    );
    let store = run(cx, db_tech, &below, store_k);
    Some(WithCache {
        hit,
        tech: cache_tech,
        demand,
        cache,
        below,
        store,
    })
}

/// Why the design has a cache, in words.
fn cache_reason(
    cx: &Ctx,
    w: &Workload,
    forced: bool,
    min_ratio: f64,
    wc: &WithCache,
    without: f64,
) -> String {
    text(cx, || {
        if cx.spec.choices.cache.is_some() {
            "chosen in the spec".to_string()
        } else if forced {
            "feeds and presence state live in the cache (fan-out/realtime)".to_string()
        } else {
            format!(
                "reads {}:1 ≥ {}:1 and a cache + smaller store is cheaper ({} vs {} without)",
                trim_num(w.read_write_ratio, 3),
                trim_num(min_ratio, 3),
                crate::units::fmt_money(mid(&wc.cache) + mid(&wc.store)),
                crate::units::fmt_money(without)
            )
        }
    })
}

/// Database and cache together: when reads dominate, price the store without a cache and
/// with one (its reads cut by the hit ratio), and keep the cheaper design.
fn size_data_tier(
    cx: &mut Ctx,
    w: &Workload,
    st: &Storage,
    k: &Knobs,
    app_count: u32,
    reads: ReadShares,
) -> DataTier {
    let s = cx.spec;
    let db_tech = tech(cx, s.choices.database.as_deref(), &products(cx).database);
    let mut kk = k.clone();
    kk.pinned = s.choices.database_tier.clone();
    kk.min_replicas = s.floors.db_replicas_per_shard.unwrap_or(0);
    let d = store_demand(cx, w, st, app_count, reads);
    let forced = s.choices.cache.is_some() || s.has(Feature::Fanout) || s.has(Feature::Realtime);
    // The store alone, to compare with the store behind a cache. With a cache forced it is
    // only a fallback and a figure in the words, so a plan made for its numbers alone sizes
    // it only when it needs it (a Monte Carlo sample of such a spec: one store sizing of two).
    let no_cache = (!forced || cx.record).then(|| run(cx, db_tech, &d, &kk));

    let min_ratio = cx.figure("cache.min_read_write_ratio", show::ratio);
    let read_heavy = w.read_write_ratio >= min_ratio;
    // A single node that carries everything is the Phase 1 answer: no cache unless chosen.
    let fits_one_node = no_cache
        .as_deref()
        .and_then(<[Candidate]>::first)
        .is_some_and(|c| c.layout.shards <= 1 && c.layout.copies <= 1 && c.node.is_some());
    let with_cache = if forced || (read_heavy && !fits_one_node) {
        price_with_cache(cx, w, &d, db_tech, &kk, k, reads)
    } else {
        None
    };
    // Unsized only with a cache forced, where the choice below does not read it.
    let without = no_cache.as_deref().map_or(f64::INFINITY, mid);
    let mut comps = Vec::new();
    let (opts, dd, hit) = match with_cache {
        Some(wc) if forced || mid(&wc.cache) + mid(&wc.store) < without => {
            let why = cache_reason(cx, w, forced, min_ratio, &wc, without);
            let memory_bound = wc
                .cache
                .first()
                .is_some_and(|c| c.bound_by == Limit::Memory && c.layout.shards > 1);
            // Never with the store alone unsized (`without` is +∞): a plan made for its
            // numbers alone writes no warnings (see `plan::build_region`).
            if memory_bound && mid(&wc.cache) > without {
                cx.warn(format!(
                    "the cache ({}) costs more than the whole store would without it ({}): its hot set is {} — check `data.hot_set`",
                    crate::units::fmt_money(mid(&wc.cache)),
                    crate::units::fmt_money(without),
                    fmt_bytes(d.hot_bytes)
                ));
            }
            record_cache_memory(cx, wc.tech, &d);
            let mut c = component(Role::Cache, wc.tech.name, wc.cache, why);
            c.demand = wc.demand;
            comps.push(c);
            (wc.store, wc.below, Some(wc.hit))
        }
        other => {
            if let Some(wc) = other.filter(|_| read_heavy && !fits_one_node) {
                cx.warn(format!(
                    "reads dominate ({}:1) but a cache does not pay for itself at this load ({} with cache vs {} without); revisit when the database grows",
                    trim_num(w.read_write_ratio, 3),
                    crate::units::fmt_money(mid(&wc.cache) + mid(&wc.store)),
                    crate::units::fmt_money(without)
                ));
            }
            let no_cache = no_cache.unwrap_or_else(|| run(cx, db_tech, &d, &kk));
            (no_cache, d, None)
        }
    };
    derive!(
        cx,
        "database.read_qps",
        "Database reads/s at peak",
        dd.reads_per_s,
        super::workload::qps(dd.reads_per_s),
        "reads/s × queries per read × (1 − cache hit ratio)",
        format!(
            "{} × (1 − {}) = {}",
            super::workload::qps(w.read_qps),
            show::pct(hit.unwrap_or(0.0)),
            super::workload::qps(dd.reads_per_s)
        ),
    );
    let mut out = store_components(db_tech, opts, dd, hit);
    comps.append(&mut out.components);
    out.components = comps;
    out
}

/// The cache's memory, for `--explain` and the drills.
fn record_cache_memory(cx: &mut Ctx, cache: &Technology, d: &Demand) {
    if let Some(Fig::Cache(cp)) = &cache.sizing {
        let memory = d.hot_bytes * cp.memory_overhead;
        derive!(
            cx,
            "cache.memory",
            "Cache memory",
            memory,
            fmt_bytes(memory),
            "hot set × data held × memory overhead",
            format!(
                "{} × {} = {}",
                fmt_bytes(d.hot_bytes),
                trim_num(cp.memory_overhead, 3),
                fmt_bytes(memory)
            ),
        );
    }
}

/// The store's components from its ranked candidates: a relational store as primaries,
/// replicas and standbys; a replicated store as one component of all its nodes.
fn store_components(
    db_tech: &Technology,
    opts: Vec<Candidate>,
    dd: Demand,
    hit: Option<f64>,
) -> DataTier {
    let relational = matches!(db_tech.sizing, Some(Fig::Relational(_)));
    let layout = opts.first().map(|b| b.layout).unwrap_or_default();
    let shards = layout.shards.max(1);
    let alt_layouts: Vec<Layout> = opts.iter().skip(1).take(3).map(|c| c.layout).collect();
    let mut db = component(Role::Database, db_tech.name, opts, String::new());
    db.demand = dd.clone();
    let mut out = DataTier {
        components: vec![],
        reads: dd.reads_per_s,
        writes: dd.writes_per_s,
        shards,
        replicas: 0,
        copies: if relational { 1 } else { layout.copies.max(1) },
        hit,
    };
    if relational && db.node.is_some() {
        // The primaries' component compares with the other layouts' primaries.
        for (a, c) in db.alternatives.iter_mut().zip(alt_layouts.iter()) {
            let share = c.shards.max(1) as f64 / a.count.max(1) as f64;
            a.count = c.shards.max(1);
            a.monthly_cost = a.monthly_cost.scale(share);
        }
        out.replicas = shards.saturating_mul(layout.copies.max(1) - 1);
        let standbys = shards.saturating_mul(layout.standbys);
        out.components = split_relational(db, shards, out.replicas, standbys);
    } else {
        out.components = vec![db];
    }
    out
}

/// One relational candidate as the primary, replica and standby components, each with its
/// share of the bill (every instance bills the same, storage included).
fn split_relational(db: Component, shards: u32, replicas: u32, standbys: u32) -> Vec<Component> {
    let total = db.count.max(1) as f64;
    let part = |role: Role, n: u32, reason: &str| {
        let f = n as f64 / total;
        let bill: Vec<BillLine> = db
            .bill
            .iter()
            .map(|l| {
                let mut l = l.clone();
                l.quantity *= f;
                l.monthly_cost = l.monthly_cost.scale(f);
                // An unworded line (numbers only) stays unworded.
                if l.item == components::BillItem::Compute && !l.what.is_empty() {
                    // Keep how it is bought (` (3-year reserved)`) after the new count.
                    let tier = db.tier.unwrap_or_default();
                    let basis = l
                        .what
                        .split_once(tier.as_str())
                        .map_or("", |(_, b)| b)
                        .to_string();
                    l.what = format!("{n} × {tier}{basis}").into();
                }
                l
            })
            .collect();
        Component {
            role,
            count: n,
            required: if role == Role::DbStandby { 0 } else { n },
            monthly_cost: ComponentCost::of(&bill),
            bill,
            reason: reason.to_string(),
            alternatives: if role == Role::Database {
                db.alternatives.clone()
            } else {
                vec![]
            },
            utilization: if role == Role::Database {
                db.utilization
            } else {
                None
            },
            // A standby takes no load; primaries and replicas share the shard's reads.
            utilization_after_zone_loss: if role == Role::DbStandby {
                None
            } else {
                db.utilization_after_zone_loss
            },
            ..db.clone()
        }
    };
    let mut v = vec![part(Role::Database, shards, &db.reason)];
    if replicas > 0 {
        v.push(part(
            Role::ReadReplica,
            replicas,
            "reads beyond what each primary takes beside its writes, or its connections",
        ));
    }
    if standbys > 0 {
        v.push(part(
            Role::DbStandby,
            standbys,
            "synchronous standby per primary in another zone for the availability SLO (failover in 60–120 s, no data loss)",
        ));
    }
    v
}

/// Search: PostgreSQL full-text below ~1M documents, a search engine from ~10M.
fn size_search(cx: &mut Ctx, w: &Workload, st: &Storage, k: &Knobs) -> Option<Component> {
    let s = cx.spec;
    let docs = s.documents.unwrap_or(st.records_held);
    let fts_max = cx.figure("search.postgres_fts_max_docs", show::si);
    let engine_min = cx.figure("search.engine_min_docs", show::si);
    let chosen = s
        .choices
        .search
        .as_deref()
        .and_then(|n| cx.cat.technology(n));
    let want_engine = match chosen {
        Some(t) => t.sizing.is_some(),
        None => docs >= engine_min,
    };
    if !want_engine {
        if docs >= fts_max {
            cx.warn(format!(
                "{} documents is between PostgreSQL full-text search's comfort zone (< {}) and where a search engine is the rule (≥ {}); PostgreSQL FTS is kept, watch its query latency",
                fmt_si(docs),
                fmt_si(fts_max),
                fmt_si(engine_min)
            ));
        }
        return None;
    }
    let t = tech(cx, s.choices.search.as_deref(), &products(cx).search);
    let share = cx.default("search_share", None, show::pct);
    // Every write indexes (or re-indexes) one document.
    let d = Demand {
        reads_per_s: w.read_qps * share,
        writes_per_s: w.write_qps,
        items: docs,
        ..Demand::default()
    };
    let ranked = run(cx, t, &d, k);
    let reason = text(cx, || {
        format!(
            "{} documents (≥ {} → search engine), {} searches/s",
            fmt_si(docs),
            fmt_si(engine_min),
            fmt_si(d.reads_per_s)
        )
    });
    let mut c = component(Role::Search, t.name, ranked, reason);
    c.demand = d;
    Some(c)
}

/// The edge's monthly traffic split: what a CDN may cache, what it cannot.
///
/// # Formula
/// With a CDN: cacheable bytes = media egress + other egress × static share; cacheable
/// requests = media fetches + other reads × static share (averages over the month). The rest
/// — dynamic and private responses — leaves the origin as internet egress.
fn edge_traffic(cx: &mut Ctx, w: &Workload, has_cdn: bool) -> (edge::EdgeTraffic, f64) {
    let month = SECONDS_PER_MONTH / w.peak_factor.max(1.0);
    let egress_gb = w.egress_bytes_per_sec * month / 1e9;
    if !has_cdn {
        return (edge::EdgeTraffic::default(), egress_gb);
    }
    let static_share = cx.spec.static_share.unwrap_or(0.0).clamp(0.0, 1.0);
    let media_gb = w.media_egress_bytes_per_sec * month / 1e9;
    let cacheable_gb = media_gb + (egress_gb - media_gb).max(0.0) * static_share;
    let other_reads = (w.read_qps - w.media_fetches_per_sec).max(0.0);
    let t = edge::EdgeTraffic {
        cacheable_gb,
        cacheable_requests: (w.media_fetches_per_sec + other_reads * static_share) * month,
        hit_ratio: cx.figure("cdn.offload_share", show::pct),
    };
    (t, (egress_gb - cacheable_gb).max(0.0))
}

/// CDN, API gateway, WAF and load balancer; returns the origin's internet egress (what no
/// CDN serves), priced tier by tier.
#[allow(clippy::too_many_arguments)]
fn size_edge(
    cx: &mut Ctx,
    w: &Workload,
    k: &Knobs,
    cdn: Option<String>,
    services: u32,
    app_count: u32,
    reads: ReadShares,
    comps: &mut Vec<Component>,
) -> Cost {
    let (traffic, dynamic_gb) = edge_traffic(cx, w, cdn.is_some());
    size_cdn(cx, k, cdn, traffic, comps);
    size_gateway(cx, w, services, comps);
    size_load_balancer(cx, w, k, app_count, reads, traffic, comps);
    Cost::point(
        cx.cat
            .prices(k.reference_cloud)
            .internet_egress
            .charge(dynamic_gb),
    )
}

/// A CDN when egress, static content or media call for one.
fn size_cdn(
    cx: &mut Ctx,
    k: &Knobs,
    reason: Option<String>,
    t: edge::EdgeTraffic,
    comps: &mut Vec<Component>,
) {
    let Some(reason) = reason else {
        return;
    };
    let why = text(cx, || {
        format!(
            "{reason}; delivers {} GB/month of cacheable content, {} from its cache",
            fmt_si(t.cacheable_gb),
            show::pct(t.hit_ratio)
        )
    });
    comps.push(component(
        Role::Cdn,
        products(cx).cdn,
        vec![edge::cdn(&cx.cat.prices(k.reference_cloud).cdn, t)],
        why,
    ));
}

/// Why the design needs a CDN, or `None`: past the egress or static-share threshold, or for
/// media.
fn cdn_reason(cx: &mut Ctx, w: &Workload) -> Option<String> {
    let s = cx.spec;
    let cdn_bw = cx.figure("cdn.min_egress_bytes_per_sec", |v| {
        format!("{}/s", fmt_bytes(v))
    });
    let cdn_static = cx.figure("cdn.min_static_share", show::pct);
    let static_share = s.static_share.unwrap_or(0.0);
    // Whether there is a reason decides; its words are written only for a recorded plan.
    if w.egress_bytes_per_sec >= cdn_bw {
        Some(text(cx, || {
            format!(
                "egress {}/s at peak is past the {}/s CDN threshold",
                fmt_bytes(w.egress_bytes_per_sec),
                fmt_bytes(cdn_bw)
            )
        }))
    } else if static_share > cdn_static {
        Some(text(cx, || {
            format!(
                "{} static content is past the {} CDN threshold",
                show::pct(static_share),
                show::pct(cdn_static)
            )
        }))
    } else if s.has(Feature::Media) {
        Some("media is served from the edge (CDN for images and video)".into())
    } else {
        None
    }
}

/// An API gateway and a WAF in front of several services.
fn size_gateway(cx: &mut Ctx, w: &Workload, services: u32, comps: &mut Vec<Component>) {
    let gw_min = cx.figure("api_gateway.min_services", show::num);
    if (services as f64) < gw_min {
        return;
    }
    let requests_month_m = w.avg_qps * SECONDS_PER_MONTH / 1e6;
    let price = cx.figure("api_gateway.usd_per_million_requests", show::usd);
    let why = format!(
        "{services} services behind one entry point (≥ {} services); {} M requests/month",
        trim_num(gw_min, 3),
        trim_num(requests_month_m, 4)
    );
    comps.push(component(
        Role::ApiGateway,
        products(cx).api_gateway,
        vec![edge::per_request(
            "API requests",
            requests_month_m,
            price,
            0.0,
        )],
        why,
    ));
    let base = cx.figure("waf.monthly_base", show::usd);
    let per_m = cx.figure("waf.usd_per_million_requests", show::usd);
    comps.push(component(
        Role::Waf,
        products(cx).waf,
        vec![edge::per_request(
            "inspected requests",
            requests_month_m,
            per_m,
            base,
        )],
        "a public multi-service API filters attacks at its entry point".into(),
    ));
}

/// A load balancer past its threshold or in front of several app instances.
fn size_load_balancer(
    cx: &mut Ctx,
    w: &Workload,
    k: &Knobs,
    app_count: u32,
    reads: ReadShares,
    t: edge::EdgeTraffic,
    comps: &mut Vec<Component>,
) {
    let lb_min = cx.figure("load_balancer.min_qps", show::si);
    if w.peak_qps < lb_min && app_count <= 1 {
        return;
    }
    let per_conn = cx.figure("load_balancer.requests_per_connection", show::num);
    let conn_s = cx.figure("load_balancer.connection_seconds", show::secs);
    let avg = 1.0 / w.peak_factor.max(1.0);
    let rps = (w.read_qps * reads.app + w.write_qps) * avg;
    // Bytes through it: requests in, and every response the app sends (the CDN's misses of
    // static content included; media misses come from object storage, not the app).
    let misses_gb_s =
        (t.cacheable_gb - w.media_egress_bytes_per_sec * avg * SECONDS_PER_MONTH / 1e9).max(0.0)
            * (1.0 - t.hit_ratio)
            / SECONDS_PER_MONTH;
    let dynamic_b =
        (w.egress_bytes_per_sec * avg - t.cacheable_gb * 1e9 / SECONDS_PER_MONTH).max(0.0);
    let bytes_s = w.ingress_bytes_per_sec * avg + dynamic_b + misses_gb_s * 1e9;
    let load = edge::BalancerLoad {
        requests_per_s: rps,
        new_connections_per_s: rps / per_conn.max(1.0),
        active_connections: rps / per_conn.max(1.0) * conn_s,
        gb_per_hour: bytes_s * 3600.0 / 1e9,
    };
    let why = if app_count > 1 {
        format!("spreads load over {app_count} app instances")
    } else {
        format!(
            "peak {} is past the {} load-balancer threshold",
            super::workload::qps(w.peak_qps),
            fmt_si(lb_min)
        )
    };
    let lb = &cx.cat.prices(k.reference_cloud).load_balancer;
    let mut c = component(
        Role::LoadBalancer,
        products(cx).load_balancer,
        vec![edge::managed_load_balancer(lb, load, k)],
        why,
    );
    c.demand = Demand {
        reads_per_s: w.peak_qps,
        ..Demand::default()
    };
    comps.push(c);
}

fn products<'c>(cx: &Ctx<'c>) -> &'c crate::catalog::Products {
    cx.cat.products(cx.spec.choices.cloud)
}

/// Realtime connection servers.
fn size_realtime(cx: &mut Ctx, w: &Workload, k: &Knobs) -> Component {
    let r = Realtime {
        bytes_per_connection: cx.figure("realtime.bytes_per_connection", show::bytes),
        max_fds: cx.figure("realtime.max_connections_per_process", show::si),
        reserved_gib: cx.figure("realtime.reserved_gib", show::num),
    };
    let conns = w.peak_concurrent_users.unwrap_or(w.peak_qps * 10.0);
    let d = Demand {
        user_connections: conns,
        ..Demand::default()
    };
    let ranked = components::pick(components::realtime::candidates(&d, &r, cx.cat, k));
    let reason = text(cx, || {
        format!("{} persistent connections at peak", fmt_si(conns))
    });
    let mut c = component(Role::Websocket, products(cx).realtime, ranked, reason);
    c.demand = d;
    c
}

/// Queue or stream: a log-based stream past ~100K messages/s, a queue below.
fn size_messaging(cx: &mut Ctx, w: &Workload, k: &Knobs) -> (Component, bool) {
    let s = cx.spec;
    let threshold = cx.figure("stream.min_msgs_per_sec", show::si);
    let m = w.messages_per_sec;
    let needed = m >= threshold;
    let stream = s.choices.stream.is_some() || (s.choices.queue.is_none() && needed);
    let d = Demand {
        messages_per_s: m,
        avg_messages_per_s: m / w.peak_factor.max(1.0),
        message_bytes: cx.figure("stream.message_bytes", show::bytes),
        consumer_groups: if stream {
            cx.figure("stream.consumer_groups", show::num)
        } else {
            1.0
        },
        retention_s: cx.figure("stream.retention_seconds", show::secs),
        ..Demand::default()
    };
    let (role, t) = if stream {
        (
            Role::Stream,
            tech(cx, s.choices.stream.as_deref(), &products(cx).stream),
        )
    } else {
        (
            Role::Queue,
            tech(cx, s.choices.queue.as_deref(), &products(cx).queue),
        )
    };
    let ranked = run(cx, t, &d, k);
    let reason = text(cx, || {
        format!(
            "{} msgs/s at peak ({})",
            fmt_si(m),
            match (stream, needed) {
                (true, true) => format!("≥ {} → log-based stream", fmt_si(threshold)),
                (true, false) => format!(
                    "chosen in the spec; a queue would do below {}",
                    fmt_si(threshold)
                ),
                (false, _) => format!("< {} → a queue suffices", fmt_si(threshold)),
            }
        )
    });
    let mut c = component(role, t.name, ranked, reason);
    c.demand = d;
    (c, needed)
}

/// Workers for async jobs and fan-out deliveries.
///
/// # Formula
/// busy seconds/s = jobs/s × job time + deliveries/s × delivery time, where both take
/// `service_time.worker` when the spec gives it; split into CPU and waiting by the CPU share.
fn size_workers(cx: &mut Ctx, w: &Workload, k: &Knobs) -> Component {
    let s = cx.spec;
    let job = if w.jobs_per_sec > 0.0 {
        cx.default("worker_job_seconds", s.worker_s, show::secs)
    } else {
        0.0
    };
    let delivery = if w.deliveries_per_sec > 0.0 {
        cx.default("fanout_delivery_seconds", s.worker_s, show::secs)
    } else {
        0.0
    };
    let share = cx.default("worker_cpu_share", None, show::pct);
    let tasks = w.jobs_per_sec + w.deliveries_per_sec;
    let busy = w.jobs_per_sec * job + w.deliveries_per_sec * delivery;
    let mean = if tasks > 0.0 { busy / tasks } else { 0.0 };
    let d = Demand {
        reads_per_s: tasks,
        cpu_s: mean * share,
        wait_s: mean * (1.0 - share),
        ..Demand::default()
    };
    let st = stateless(cx, k, "worker_slots_per_vcpu");
    // Jobs are retried when a spot node is reclaimed, so workers alone may run on spot.
    let mut k = k.clone();
    k.spot = s.choices.workers == crate::spec::WorkerCapacity::Spot;
    let ranked = components::pick(components::workers::candidates(&d, &st, cx.cat, &k));
    let reason = text(cx, || {
        let mut parts = Vec::new();
        if w.jobs_per_sec > 0.0 {
            parts.push(format!(
                "{} jobs/s × {}",
                fmt_si(w.jobs_per_sec),
                crate::units::fmt_duration(job)
            ));
        }
        if w.deliveries_per_sec > 0.0 {
            parts.push(format!(
                "{} deliveries/s × {}",
                fmt_si(w.deliveries_per_sec),
                crate::units::fmt_duration(delivery)
            ));
        }
        format!(
            "{} = {} busy seconds/s at peak",
            parts.join(" + "),
            trim_num(busy, 3)
        )
    });
    let mut c = component(Role::Worker, Name::from_static("worker"), ranked, reason);
    c.demand = d;
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::spec::{parse, Syntax};

    fn plan(y: &str) -> crate::plan::Plan {
        let s = parse("t.yaml", y, Syntax::Yaml).unwrap().spec;
        crate::plan::build(&s, &Catalog::builtin().unwrap())
    }

    fn comp(p: &crate::plan::Plan, r: Role) -> &Component {
        p.components.iter().find(|c| c.role == r).unwrap()
    }

    /// A plan made for its numbers (a Monte Carlo sample, a timeline month) sizes every
    /// component as the worded plan does, for every spec and for each with its cache forced
    /// (where the store alone is sized only for the worded plan's comparison).
    #[test]
    fn unrecorded_plans_size_as_the_worded_plan() {
        let cat = Catalog::builtin().unwrap();
        let numbers = |p: &crate::plan::Plan| {
            let comps: Vec<_> = p
                .components
                .iter()
                .map(|c| {
                    let cost = c.monthly_cost.total();
                    let shape = serde_json::to_string(&(&c.tier, &c.limits, &c.layout)).unwrap();
                    (
                        c.role, c.count, c.required, c.bound_by, shape, cost.low, cost.high,
                    )
                })
                .collect();
            let regions = p.regions.as_ref().map(|r| (r.total.low, r.total.high));
            let cost = (p.cost.monthly_low, p.cost.monthly_high, p.cost.planned);
            (comps, cost, p.phase.number, p.cache_hit_ratio, regions)
        };
        for (path, mut spec) in crate::spec::examples() {
            for forced in [false, true] {
                if forced {
                    spec.choices.cache = Some("redis".into());
                }
                let recorded = crate::plan::build_core(&spec, &cat, true);
                let bare = crate::plan::build_core(&spec, &cat, false);
                let what = format!("{} (cache forced: {forced})", path.display());
                assert!(bare.components.len() >= 2, "{what}");
                assert_eq!(numbers(&recorded), numbers(&bare), "{what}");
            }
        }
    }

    #[test]
    fn app_bounds_hand_worked() {
        // 10M × 5 ÷ 86,400 × 2 = 1,157.4 req/s at peak.
        // m5.xlarge: users bound ⌈50,000 ÷ 20,000⌉ = 3; throughput bound
        // ⌈1,157.4 × 0.004 ÷ (0.7 × 4)⌉ = ⌈1.65⌉ = 2; required 3. Surviving a zone: 2.5
        // instances' worth of users ÷ the 85% ceiling = 2.94 → 3 survivors → ⌈3 × 3 ÷ 2⌉ = 5
        // over 3 zones (2/2/1; losing 2 leaves 3 at 83%). 3 × m5.2xlarge ($840–$1,110) costs
        // more than 5 × m5.xlarge ($700–$925).
        let p = plan("name: t\ntraffic: {dau: 10M, requests_per_user: 5, concurrent_users: 50K}\nslo: {availability: 99.9%}\nchoices: {hardware: reference}\n");
        let app = comp(&p, Role::App);
        assert_eq!(
            (app.tier.as_deref(), app.required, app.count),
            (Some("m5.xlarge"), 3, 5)
        );
        assert_eq!(app.per_zone[..], [2, 2, 1]);
        assert!((app.utilization_after_zone_loss.unwrap() - 2.5 / 3.0).abs() < 1e-9);
        // Utilization at peak: 1,157.4 × 0.004 ÷ (5 × 4) = 23.1%.
        assert!((app.utilization.unwrap() - 1157.407 * 0.004 / 20.0).abs() < 1e-6);
        // Without the HA SLO there is no spare, and one m5.2xlarge (users bound
        // ⌈50,000 ÷ 55,000⌉ = 1, $280–$370) undercuts 3 × m5.xlarge ($420–$555).
        let p = plan("name: t\ntraffic: {dau: 10M, requests_per_user: 5, concurrent_users: 50K}\nchoices: {hardware: reference}\n");
        let app = comp(&p, Role::App);
        assert_eq!((app.tier.as_deref(), app.count), (Some("m5.2xlarge"), 1));
    }

    #[test]
    fn database_vertical_first_then_replicas_hand_worked() {
        // 3,000 queries/s at 10:1: writes 272.7, reads 2,727.3. db.m5.large carries
        // 3,500 × 0.7 = 2,450/s, db.r5.xlarge 10,000 × 0.7 = 7,000/s: the smallest single node
        // that carries 3,000/s is db.r5.xlarge.
        // (Small records keep the data under one node's 10 TB, so nothing is sharded.)
        let p = plan("name: t\ntraffic: {peak_qps: 3000/s, read_write_ratio: 10:1}\ndata: {record_size: 100 B}\nchoices: {hardware: reference}\n");
        let db = comp(&p, Role::Database);
        assert_eq!((db.tier.as_deref(), db.count), (Some("db.r5.xlarge"), 1));
        assert!(p.components.iter().all(|c| c.role != Role::ReadReplica));
        // 60,000/s of reads at 100:1 outgrow the largest node (27,500 × 0.7 = 19,250/s):
        // read replicas appear; writes (594/s) still fit one primary, so no shards.
        let p = plan("name: t\ntraffic: {peak_qps: 60000/s, read_write_ratio: 100:1}\ndata: {record_size: 100 B}\nchoices: {cache: redis, hardware: reference}\nassumptions: {cache_hit_ratio: 0%}\n");
        let db = comp(&p, Role::Database);
        assert_eq!(db.count, 1);
        assert!(comp(&p, Role::ReadReplica).count >= 2);
    }

    #[test]
    fn ceil_tolerates_float_noise() {
        assert_eq!(ceil_u32(3.000_000_000_1), 3);
        assert_eq!(ceil_u32(3.01), 4);
        assert_eq!(ceil_u32(0.0), 0);
        assert_eq!(ceil_u32(f64::NAN), 0);
    }
}
