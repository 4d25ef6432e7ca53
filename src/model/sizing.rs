//! Sizing: how many of what, for every component the load needs.
//!
//! Each sizing function evaluates every option the catalog offers, keeps the feasible ones,
//! picks the cheapest (by the midpoint of its monthly cost range) and keeps the runners-up.

use super::{show, storage::Storage, workload::Workload, Ctx};
use crate::catalog::{Category, ComputeTier, DatabaseTier, Range};
use crate::queueing::erlang::Mmc;
use crate::queueing::Stability;
use crate::spec::{Cloud, Feature};
use crate::units::{fmt_bytes, fmt_si, trim_num, SECONDS_PER_MONTH};
use serde::Serialize;

/// What a component does in the design.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Cdn,
    Waf,
    LoadBalancer,
    ApiGateway,
    App,
    Websocket,
    Cache,
    Database,
    DbStandby,
    ReadReplica,
    Queue,
    Stream,
    Worker,
    Search,
    ObjectStorage,
    ServiceMesh,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Cdn => "cdn",
            Role::Waf => "waf",
            Role::LoadBalancer => "load_balancer",
            Role::ApiGateway => "api_gateway",
            Role::App => "app",
            Role::Websocket => "websocket",
            Role::Cache => "cache",
            Role::Database => "database",
            Role::DbStandby => "db_standby",
            Role::ReadReplica => "read_replica",
            Role::Queue => "queue",
            Role::Stream => "stream",
            Role::Worker => "worker",
            Role::Search => "search",
            Role::ObjectStorage => "object_storage",
            Role::ServiceMesh => "service_mesh",
        }
    }

    /// The layer of seed 000's architecture the role belongs to.
    pub fn layer(self) -> &'static str {
        match self {
            Role::Cdn | Role::Waf => "edge",
            Role::LoadBalancer | Role::ApiGateway => "gateway",
            Role::App | Role::Websocket | Role::Worker => "application",
            Role::Queue | Role::Stream | Role::ServiceMesh => "communication",
            Role::Cache
            | Role::Database
            | Role::DbStandby
            | Role::ReadReplica
            | Role::Search
            | Role::ObjectStorage => "data",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A monthly cost range in US dollars.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Cost {
    pub low: f64,
    pub high: f64,
}

impl Cost {
    pub fn point(v: f64) -> Cost {
        Cost { low: v, high: v }
    }
    pub fn times(r: Range, n: f64) -> Cost {
        Cost {
            low: r.low * n,
            high: r.high * n,
        }
    }
    pub fn mid(&self) -> f64 {
        (self.low + self.high) / 2.0
    }
}

impl std::ops::Add for Cost {
    type Output = Cost;
    fn add(self, o: Cost) -> Cost {
        Cost {
            low: self.low + o.low,
            high: self.high + o.high,
        }
    }
}

/// An option that was considered and not chosen.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alternative {
    pub tier: String,
    pub count: u32,
    pub monthly_cost: Cost,
    pub note: String,
}

/// One sized component.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Component {
    pub role: Role,
    /// Catalog technology id, e.g. `postgresql`.
    pub technology: String,
    /// The instance tier in the chosen cloud's naming, when the component runs on one.
    pub tier: Option<String>,
    pub count: u32,
    /// Instances the load needs before redundancy.
    pub required: u32,
    /// Busy share at peak with every instance up, where a throughput model applies.
    pub utilization: Option<f64>,
    pub monthly_cost: Cost,
    /// Why it is here and how it was sized, one line.
    pub reason: String,
    pub alternatives: Vec<Alternative>,
    /// Parallel servers per instance and mean service time (seconds), for queueing models.
    pub servers_per_instance: Option<u32>,
    pub service_time_s: Option<f64>,
}

/// Everything sizing decided.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
}

impl Sizing {
    pub fn get(&self, role: Role) -> Option<&Component> {
        self.components.iter().find(|c| c.role == role)
    }
    pub fn has(&self, role: Role) -> bool {
        self.get(role).is_some()
    }
}

/// `format!` only when words are wanted (Monte Carlo samples need just the numbers).
macro_rules! text {
    ($on:expr, $($arg:tt)*) => {
        if $on {
            format!($($arg)*)
        } else {
            String::new()
        }
    };
}

fn ceil_u32(x: f64) -> u32 {
    if !x.is_finite() || x <= 0.0 {
        0
    } else if x >= u32::MAX as f64 {
        u32::MAX
    } else {
        // Tolerate float noise just above an integer (e.g. 3.0000000001 → 3).
        let r = x.round();
        if (x - r).abs() < 1e-9 {
            r as u32
        } else {
            x.ceil() as u32
        }
    }
}

fn compute_name(t: &ComputeTier, cloud: Cloud) -> String {
    match cloud {
        Cloud::Aws => t.aws.clone(),
        Cloud::Azure => t.azure.clone(),
    }
}

fn db_name(t: &DatabaseTier, cloud: Cloud) -> String {
    match cloud {
        Cloud::Aws => t.aws.clone(),
        Cloud::Azure => t.azure.clone(),
    }
}

/// Shared knobs the sizing functions read once.
struct Knobs {
    /// Whether words (reasons, notes) are wanted, or only the numbers.
    record: bool,
    target: f64,
    point: f64,
    ha: bool,
    cloud: Cloud,
}

/// Size every component.
pub fn size(cx: &mut Ctx, w: &Workload, st: &Storage) -> Sizing {
    let s = cx.spec;
    let target = cx.default("target_utilization", None, show::pct);
    let point = cx.default("tier_capacity_point", None, show::num);
    let ha_at = cx.default("ha_availability", None, show::pct);
    let ha = s.slo_availability.is_some_and(|a| a >= ha_at - 1e-12);
    let k = Knobs {
        record: cx.record,
        target,
        point,
        ha,
        cloud: s.choices.cloud,
    };
    let mut comps = Vec::new();

    // Services and team: microservices past ~50 engineers (seed 000).
    let min_eng = cx.figure("microservices.min_engineers", show::num);
    let microservices = s.team_size.is_some_and(|t| t >= min_eng);
    let services = if microservices {
        let per = cx.figure("microservices.engineers_per_service", show::num);
        ceil_u32(s.team_size.unwrap_or(0.0) / per).max(2)
    } else {
        1
    };

    // App tier.
    let app = size_app(cx, w, &k);
    let app_required = app.required;
    let app_tier_range = Cost {
        low: app.monthly_cost.low / app.count.max(1) as f64,
        high: app.monthly_cost.high / app.count.max(1) as f64,
    };
    let app_tier_name = app.tier.clone();

    // Database (with or without a cache, whichever is cheaper when reads dominate).
    let (db, cache, hit) = size_data_tier(cx, w, st, &k);
    let db_read_qps = db.read_qps;
    let db_write_qps = db.write_qps;
    let db_shards = db.shards;
    let db_replicas = db.replicas_total - db.shards * (db.copies - 1);
    let db_copies = db.copies;

    // Search.
    let mut search_engine = false;
    if s.has(Feature::Search) {
        if let Some(c) = size_search(cx, w, st, &k) {
            search_engine = true;
            comps.push(c);
        }
    }

    // Edge and gateway.
    let lb_min = cx.figure("load_balancer.min_qps", show::si);
    let lb_needed = w.peak_qps >= lb_min || app.count > 1;
    let egress_month_gb = w.egress_bytes_per_sec / w.peak_factor * SECONDS_PER_MONTH / 1e9;
    let mut origin_egress_gb = egress_month_gb;
    let cdn_bw = cx.figure("cdn.min_egress_bytes_per_sec", |v| {
        format!("{}/s", fmt_bytes(v))
    });
    let cdn_static = cx.figure("cdn.min_static_share", show::pct);
    let static_share = s.static_share.unwrap_or(0.0);
    let cdn_reason = if w.egress_bytes_per_sec >= cdn_bw {
        Some(format!(
            "egress {}/s at peak is past the {}/s CDN threshold (seed 000)",
            fmt_bytes(w.egress_bytes_per_sec),
            fmt_bytes(cdn_bw)
        ))
    } else if static_share > cdn_static {
        Some(format!(
            "{} static content is past the {} CDN threshold (seed 000)",
            show::pct(static_share),
            show::pct(cdn_static)
        ))
    } else if s.has(Feature::Media) {
        Some("media is served from the edge (seed 000: CDN for images and video)".into())
    } else {
        None
    };
    if let Some(reason) = cdn_reason {
        let offload = cx.figure("cdn.offload_share", show::pct);
        let price = cx.figure("cdn.usd_per_gb", show::usd);
        let served = egress_month_gb * offload;
        origin_egress_gb -= served;
        comps.push(Component {
            role: Role::Cdn,
            technology: if k.cloud == Cloud::Aws {
                "cloudfront"
            } else {
                "cloudflare"
            }
            .into(),
            tier: None,
            count: 1,
            required: 1,
            utilization: None,
            monthly_cost: Cost::point(served * price),
            reason: text!(
                k.record,
                "{reason}; serves {} of {} GB/month egress",
                show::pct(offload),
                trim_num(egress_month_gb, 3)
            ),
            alternatives: vec![],
            servers_per_instance: None,
            service_time_s: None,
        });
    }
    let egress_price = cx.figure("egress.usd_per_gb", show::usd);
    let bandwidth_cost = Cost::point(origin_egress_gb.max(0.0) * egress_price);

    let gw_min = cx.figure("api_gateway.min_services", show::num);
    let has_gw = services as f64 >= gw_min;
    let requests_month_m = w.avg_qps * SECONDS_PER_MONTH / 1e6;
    if has_gw {
        let price = cx.figure("api_gateway.usd_per_million_requests", show::usd);
        comps.push(simple(
            Role::ApiGateway,
            if k.cloud == Cloud::Aws {
                "aws_api_gateway"
            } else {
                "kong"
            },
            1,
            Cost::point(requests_month_m * price),
            format!(
                "{services} services behind one entry point (≥ {} services); {} M requests/month",
                trim_num(gw_min, 3),
                trim_num(requests_month_m, 4)
            ),
        ));
    }
    if has_gw {
        let base = cx.figure("waf.monthly_base", show::usd);
        let per_m = cx.figure("waf.usd_per_million_requests", show::usd);
        comps.push(simple(
            Role::Waf,
            if k.cloud == Cloud::Aws {
                "aws_waf"
            } else {
                "cloudflare_waf"
            },
            1,
            Cost::point(base + per_m * requests_month_m),
            "a public multi-service API filters attacks at its entry point".into(),
        ));
    }
    if lb_needed {
        let node_qps = cx.figure("load_balancer.node_qps", show::si);
        let n = ceil_u32(w.peak_qps / (node_qps * k.target)).max(1);
        let lo = cx.cat.fig("load_balancer.monthly_low");
        let hi = cx.cat.fig("load_balancer.monthly_high");
        comps.push(Component {
            role: Role::LoadBalancer,
            technology: if k.cloud == Cloud::Aws {
                "alb"
            } else {
                "nginx"
            }
            .into(),
            tier: None,
            count: n,
            required: n,
            utilization: Some(w.peak_qps / (n as f64 * node_qps)),
            monthly_cost: Cost::times(Range { low: lo, high: hi }, n as f64),
            reason: if app.count > 1 {
                format!("spreads load over {} app instances", app.count)
            } else {
                format!(
                    "peak {} is past the {} load-balancer threshold (seed 000)",
                    super::workload::qps(w.peak_qps),
                    fmt_si(lb_min)
                )
            },
            alternatives: vec![],
            servers_per_instance: None,
            service_time_s: None,
        });
    }

    comps.push(app);

    // Realtime connections.
    if s.has(Feature::Realtime) {
        let per_node = cx.figure("websocket.connections_per_node", show::si);
        let conns = w.peak_concurrent_users.unwrap_or(w.peak_qps * 10.0);
        let required = ceil_u32(conns / per_node).max(1);
        let count = required + u32::from(k.ha);
        comps.push(Component {
            role: Role::Websocket,
            technology: "websockets".into(),
            tier: app_tier_name.clone(),
            count,
            required,
            utilization: Some(conns / (count as f64 * per_node)),
            monthly_cost: Cost {
                low: app_tier_range.low * count as f64,
                high: app_tier_range.high * count as f64,
            },
            reason: text!(
                k.record,
                "{} persistent connections at peak ÷ {} per node{}",
                fmt_si(conns),
                fmt_si(per_node),
                if k.ha { ", +1 spare" } else { "" }
            ),
            alternatives: vec![],
            servers_per_instance: None,
            service_time_s: None,
        });
    }

    if let Some(c) = cache {
        comps.push(c);
    }
    comps.extend(db.components);

    // Messaging and workers.
    let mut uses_stream = false;
    if w.messages_per_sec > 0.0 {
        let (c, stream) = size_messaging(cx, w, &k);
        uses_stream = stream;
        comps.push(c);
        comps.push(size_workers(cx, w, &k));
    }

    if st.object_storage_bytes > 0.0 {
        let price = cx.figure("object_storage.usd_per_gb_month", show::usd);
        let gb = st.object_storage_bytes / 1e9;
        comps.push(simple(
            Role::ObjectStorage,
            if k.cloud == Cloud::Aws {
                "s3"
            } else {
                "azure_blob"
            },
            1,
            Cost::point(gb * price),
            format!(
                "{} of files at the horizon (files > {} belong in object storage, seed 000)",
                fmt_bytes(st.object_storage_bytes),
                fmt_bytes(cx.cat.fig("object_storage.min_file_bytes"))
            ),
        ));
    }

    let mesh_min = cx.figure("service_mesh.min_services", show::num);
    if services as f64 >= mesh_min {
        let share = cx.figure("service_mesh.overhead_share", show::pct);
        comps.push(simple(
            Role::ServiceMesh,
            "istio",
            1,
            Cost {
                low: app_tier_range.low * share * app_required as f64,
                high: app_tier_range.high * share * app_required as f64,
            },
            format!(
                "{services} services ≥ {} (seed 000): sidecars cost ~{} of app compute",
                trim_num(mesh_min, 3),
                show::pct(share)
            ),
        ));
    }

    comps.sort_by_key(|c| c.role);
    Sizing {
        components: comps,
        bandwidth_cost,
        ha,
        cache_hit_ratio: hit,
        db_read_qps,
        db_write_qps,
        db_shards,
        db_replicas,
        db_copies,
        app_required,
        services,
        microservices,
        search_engine,
        uses_stream,
    }
}

fn simple(role: Role, tech: &str, count: u32, cost: Cost, reason: String) -> Component {
    Component {
        role,
        technology: tech.into(),
        tier: None,
        count,
        required: count,
        utilization: None,
        monthly_cost: cost,
        reason,
        alternatives: vec![],
        servers_per_instance: None,
        service_time_s: None,
    }
}

/// One app-tier option.
#[derive(Debug, Clone)]
struct AppOption {
    tier: ComputeTier,
    by_users: u32,
    by_throughput: u32,
    required: u32,
    count: u32,
    utilization: f64,
    cost: Cost,
}

/// App tier sizing.
///
/// # Formula
/// For each compute tier (seed 002):
/// - concurrency bound n_u = ⌈peak concurrent users ÷ (users per instance at the capacity
///   point)⌉, the capacity point being the midpoint of the documented range;
/// - throughput bound n_t = ⌈λ·S ÷ (ρ* · c)⌉ with λ the peak QPS, S the app service time,
///   c = vCPUs × workers per vCPU the parallel servers of one instance, and ρ* the target
///   utilization — the smallest count whose M/M/c utilization stays at or under the target;
/// - required = max(n_u, n_t, 1); count = required + 1 (N+1) when the availability SLO is at
///   least 99.9%, and at least the HA minimum then.
///
/// The cheapest count × monthly midpoint wins; on a tie, the option where losing one instance
/// loses the smaller share of capacity (more, smaller instances).
fn size_app(cx: &mut Ctx, w: &Workload, k: &Knobs) -> Component {
    let s = cx.spec;
    let svc = cx.default("app_service_seconds", s.app_service_s, show::secs);
    let wpv = cx.default("app_workers_per_vcpu", None, show::num);
    let min_ha = if k.ha {
        cx.default("min_app_instances_ha", None, show::num)
    } else {
        1.0
    };
    let pinned = s.choices.app_tier.clone();
    let burst = cx.figure("compute.burstable_baseline", show::pct);
    let mut options: Vec<AppOption> = cx
        .cat
        .compute_tiers
        .iter()
        .filter(|t| match &pinned {
            Some(p) => &t.name == p || &t.aws == p || &t.azure == p,
            None => t.concurrent_users.is_some(),
        })
        .map(|t| {
            let by_users = match (w.peak_concurrent_users, t.concurrent_users) {
                (Some(u), Some(r)) => ceil_u32(u / r.at(k.point)),
                _ => 0,
            };
            let c = (t.vcpus as f64 * wpv).max(1.0);
            let by_throughput = ceil_u32(w.peak_qps * svc / (k.target * c));
            let required = by_users.max(by_throughput).max(1);
            let count = if k.ha {
                (required + 1).max(min_ha as u32)
            } else {
                required
            }
            .max(s.floors.app_count.unwrap_or(0));
            AppOption {
                tier: t.clone(),
                by_users,
                by_throughput,
                required,
                count,
                utilization: w.peak_qps * svc / (count as f64 * c),
                cost: Cost::times(t.monthly_cost, count as f64),
            }
        })
        // A burstable tier cannot hold a steady CPU load above its baseline (unless pinned).
        .filter(|o| {
            pinned.is_some()
                || !is_burstable(&o.tier.aws, &o.tier.azure)
                || w.peak_qps * svc / (o.required as f64 * (o.tier.vcpus as f64 * wpv).max(1.0))
                    <= burst
        })
        .collect();
    options.sort_by(|a, b| {
        a.cost
            .mid()
            .total_cmp(&b.cost.mid())
            .then(b.count.cmp(&a.count))
    });
    let Some(best) = options.first().cloned() else {
        // Only reachable with a pinned name that is not in the catalog; validated earlier.
        return simple(
            Role::App,
            "app",
            1,
            Cost::default(),
            "no compute tier matched".into(),
        );
    };
    if cx.cat.overridden.contains(&best.tier.name) {
        cx.assume(
            &format!("compute_tier.{}", best.tier.name),
            format!(
                "{}–{}/month, {}",
                crate::units::fmt_money(best.tier.monthly_cost.low),
                crate::units::fmt_money(best.tier.monthly_cost.high),
                best.tier
                    .concurrent_users
                    .map(|r| format!("{}–{} users", fmt_si(r.low), fmt_si(r.high)))
                    .unwrap_or_default()
            ),
            format!("catalog overlay: {}", best.tier.source),
        );
    }
    let c = (best.tier.vcpus as f64 * wpv).max(1.0) as u32;
    let servers = best.count * c;
    let binding = if best.by_users >= best.by_throughput {
        format!(
            "concurrency bound: {} users ÷ {} per {} = {}",
            fmt_si(w.peak_concurrent_users.unwrap_or(0.0)),
            fmt_si(
                best.tier
                    .concurrent_users
                    .map(|r| r.at(k.point))
                    .unwrap_or(0.0)
            ),
            compute_name(&best.tier, k.cloud),
            best.by_users
        )
    } else {
        format!(
            "throughput bound: {} × {} ÷ ({} × {} workers) = {}",
            super::workload::qps(w.peak_qps),
            crate::units::fmt_duration(svc),
            show::pct(k.target),
            c,
            best.by_throughput
        )
    };
    let redundancy = if best.count > best.required {
        format!(", +{} for N+1", best.count - best.required)
    } else {
        String::new()
    };
    let erlang = match Mmc::new(w.peak_qps, 1.0 / svc, servers) {
        Ok(Stability::Stable(m)) => format!(
            "; Erlang C at peak: P(wait) {}, mean wait {}",
            show::pct(m.p_wait),
            crate::units::fmt_duration(m.mean_wait)
        ),
        _ => String::new(),
    };
    derive!(cx,
        "app.count",
        "App instances",
        best.count as f64,
        format!("{} × {}", best.count, compute_name(&best.tier, k.cloud)),
        "max(⌈users ÷ users per instance⌉, ⌈peak QPS × service time ÷ (target ρ × workers)⌉) (+1 for N+1)",
        format!("{binding}{redundancy}{erlang}"),
    );
    let alternatives = options
        .iter()
        .skip(1)
        .take(3)
        .map(|o| Alternative {
            tier: compute_name(&o.tier, k.cloud),
            count: o.count,
            monthly_cost: o.cost,
            note: text!(
                k.record,
                "users bound {}, throughput bound {}",
                o.by_users,
                o.by_throughput
            ),
        })
        .collect();
    Component {
        role: Role::App,
        technology: "app".into(),
        tier: Some(compute_name(&best.tier, k.cloud)),
        count: best.count,
        required: best.required,
        utilization: Some(best.utilization),
        monthly_cost: best.cost,
        reason: text!(k.record, "{binding}{redundancy}"),
        alternatives,
        servers_per_instance: Some(c),
        service_time_s: Some(svc),
    }
}

/// Database layout for one tier.
#[derive(Debug, Clone)]
struct DbOption<'a> {
    tier: &'a DatabaseTier,
    shards: u32,
    replicas_per_shard: u32,
    standbys: u32,
    utilization: f64,
    cost: Cost,
    why_shards: String,
    /// Needs replicas or write shards: the load outgrew one node (Phase 2 or 3 territory).
    distributed: bool,
}

/// The database's decision, with the cache decision it depended on.
struct DataTier {
    components: Vec<Component>,
    read_qps: f64,
    write_qps: f64,
    shards: u32,
    replicas_total: u32,
    copies: u32,
}

/// Limits on database layouts.
struct DbLimits {
    max_bytes: f64,
    max_replicas: u32,
    burstable_baseline: f64,
    /// Copies a distributed store keeps of each shard (its replication factor); 1 for a
    /// primary/replica database.
    copies: u32,
    /// Replicas per shard that SLO-driven sizing asked for.
    replica_floor: u32,
}

/// Burstable instance families (AWS t2/t3/t4g, Azure B-series) earn CPU credits only below a
/// baseline, so they cannot carry a steady load above it.
fn is_burstable(aws: &str, azure: &str) -> bool {
    let a = aws.trim_start_matches("db.");
    a.starts_with("t2.") || a.starts_with("t3.") || a.starts_with("t4g.") || azure.starts_with('B')
}

/// Every feasible database layout for a read and write load.
///
/// # Formula
/// With C = the tier's queries/sec at the capacity point × target utilization:
/// - shards = max(⌈writes ÷ C⌉ on the largest tier only, ⌈data ÷ max data per node⌉, 1)
///   (seed 002: shard only when writes or data outgrow the largest tier);
/// - per shard, the primary takes the writes and what reads fit beside them; replicas per
///   shard = ⌈max(0, reads/shard − (C − writes/shard)) ÷ C⌉;
/// - one synchronous standby per primary when the availability SLO is ≥ 99.9% (seed 002).
fn db_options<'a>(
    tiers: &[&'a DatabaseTier],
    reads: f64,
    writes: f64,
    data_bytes: f64,
    lim: &DbLimits,
    k: &Knobs,
) -> Vec<DbOption<'a>> {
    let largest = tiers
        .iter()
        .map(|t| t.queries_per_sec.high)
        .fold(0.0, f64::max);
    let data_shards = ceil_u32(data_bytes / lim.max_bytes).max(1);
    tiers
        .iter()
        .filter_map(|t| {
            let cap = t.queries_per_sec.at(k.point) * k.target;
            let is_largest = t.queries_per_sec.high >= largest;
            let write_shards = ceil_u32(writes / cap).max(1);
            if write_shards > 1 && !is_largest {
                return None;
            }
            let shards = write_shards.max(data_shards);
            let (w, r) = (writes / shards as f64, reads / shards as f64);
            let spare = (cap - w).max(0.0);
            // A distributed store's copies serve reads too; a primary/replica database adds
            // replicas for the reads its primary cannot take.
            let rps = ceil_u32((r - spare).max(0.0) / cap)
                .max(lim.copies - 1)
                .max(lim.replica_floor);
            if rps > lim.max_replicas {
                return None;
            }
            let standbys = if k.ha && lim.copies == 1 { shards } else { 0 };
            let nodes = shards + rps * shards + standbys;
            let primary_load = if lim.copies > 1 {
                w + r / (1 + rps) as f64
            } else {
                w + r.min(spare)
            };
            let util = primary_load / t.queries_per_sec.at(k.point);
            if is_burstable(&t.aws, &t.azure) && util > lim.burstable_baseline {
                return None;
            }
            let why_shards = if shards == 1 || !k.record {
                String::new()
            } else if write_shards >= data_shards {
                format!("writes {} > {} per node", fmt_si(writes), fmt_si(cap))
            } else {
                format!(
                    "data {} > {} per node",
                    fmt_bytes(data_bytes),
                    fmt_bytes(lim.max_bytes)
                )
            };
            Some(DbOption {
                tier: t,
                shards,
                replicas_per_shard: rps,
                standbys,
                utilization: util,
                cost: Cost::times(t.monthly_cost, nodes as f64),
                why_shards,
                distributed: rps > lim.copies - 1 || write_shards > 1,
            })
        })
        .collect()
}

/// Vertical first (seed 002: a bigger machine before replicas), then the cheapest layout.
fn cheapest_db(mut opts: Vec<DbOption<'_>>) -> Vec<DbOption<'_>> {
    opts.sort_by(|a, b| {
        a.distributed
            .cmp(&b.distributed)
            .then(a.cost.mid().total_cmp(&b.cost.mid()))
            .then(
                (a.shards * (1 + a.replicas_per_shard))
                    .cmp(&(b.shards * (1 + b.replicas_per_shard))),
            )
    });
    opts
}

/// Cache nodes for a working set and an operation rate.
///
/// # Formula
/// working set = hot set × min(data held, bytes read per day) — the hot share of what is read
/// daily, bounded by what is stored; memory = working set × overhead;
/// nodes = max(⌈memory ÷ node memory⌉, ⌈ops/s ÷ (node ops/s × ρ*)⌉, 1), ×2 with a replica per
/// node when HA is required.
struct CachePlan {
    nodes: u32,
    required: u32,
    memory: f64,
    ops: f64,
    cost: Cost,
    utilization: f64,
}

fn plan_cache(cx: &mut Ctx, w: &Workload, st: &Storage, k: &Knobs) -> CachePlan {
    let hot = cx.default("hot_set", cx.spec.hot_set, show::pct);
    let overhead = cx.figure("cache.memory_overhead", show::times);
    let node_mem = cx.figure("cache.node_memory_bytes", show::bytes);
    let node_ops = cx.figure("cache.node_ops_per_sec", show::si);
    let lo = cx.figure("cache.node_monthly_low", show::usd);
    let hi = cx.figure("cache.node_monthly_high", show::usd);
    let daily_read_bytes = w.read_qps / w.peak_factor * 86_400.0 * w.read_bytes;
    let ws = hot * st.raw_bytes.min(daily_read_bytes);
    let memory = ws * overhead;
    let ops = w.read_qps + w.write_qps + w.deliveries_per_sec;
    let required = ceil_u32(memory / node_mem)
        .max(ceil_u32(ops / (node_ops * k.target)))
        .max(1)
        .max(cx.spec.floors.cache_nodes.unwrap_or(0));
    let nodes = if k.ha { required * 2 } else { required };
    derive!(
        cx,
        "cache.memory",
        "Cache memory",
        memory,
        fmt_bytes(memory),
        "hot set × min(data held, bytes read per day) × overhead",
        format!(
            "{} × min({}, {}) × {} = {}",
            show::pct(hot),
            fmt_bytes(st.raw_bytes),
            fmt_bytes(daily_read_bytes),
            trim_num(overhead, 3),
            fmt_bytes(memory)
        ),
    );
    CachePlan {
        nodes,
        required,
        memory,
        ops,
        cost: Cost::times(Range { low: lo, high: hi }, nodes as f64),
        utilization: ops / (nodes as f64 * node_ops),
    }
}

/// Database and cache together: when reads dominate, price the database without a cache and
/// with one (its reads cut by the hit ratio), and keep the cheaper design.
fn size_data_tier(
    cx: &mut Ctx,
    w: &Workload,
    st: &Storage,
    k: &Knobs,
) -> (DataTier, Option<Component>, Option<f64>) {
    let s = cx.spec;
    let qpr = cx.default("db_queries_per_read", None, show::num);
    let qpw = cx.default("db_queries_per_write", None, show::num);
    let max_bytes = cx.figure("database.max_bytes_per_node", show::bytes);
    let max_replicas = cx.figure("database.max_replicas_per_primary", show::num) as u32;
    let burst = cx.figure("compute.burstable_baseline", show::pct);
    let distributed_store = s
        .choices
        .database
        .as_deref()
        .and_then(|d| cx.cat.technology(d))
        .is_some_and(|t| {
            matches!(
                t.category,
                Category::WideColumn | Category::KeyValue | Category::Document
            )
        });
    let copies = if distributed_store {
        st.replication.round().max(1.0) as u32
    } else {
        1
    };
    let limits = DbLimits {
        max_bytes,
        max_replicas,
        burstable_baseline: burst,
        copies,
        replica_floor: s.floors.db_replicas_per_shard.unwrap_or(0),
    };
    let mut search_reads = 0.0;
    if s.has(Feature::Search) {
        // PostgreSQL full-text search runs inside the database below the engine threshold.
        let docs = s.documents.unwrap_or(st.records_held);
        if docs < cx.cat.fig("search.engine_min_docs") && s.choices.search.is_none() {
            search_reads = w.read_qps * search_share(cx);
        }
    }
    let writes = w.write_qps * qpw;
    let reads_uncached = w.read_qps * qpr + search_reads;
    let cat = cx.cat;
    let tiers: Vec<&DatabaseTier> = cat
        .database_tiers
        .iter()
        .filter(|t| match &s.choices.database_tier {
            Some(p) => &t.name == p || &t.aws == p || &t.azure == p,
            None => true,
        })
        .collect();
    let no_cache = cheapest_db(db_options(
        &tiers,
        reads_uncached,
        writes,
        st.raw_bytes,
        &limits,
        k,
    ));

    let min_ratio = cx.figure("cache.min_read_write_ratio", show::ratio);
    let read_heavy = w.read_write_ratio >= min_ratio;
    let forced = s.choices.cache.is_some() || s.has(Feature::Fanout) || s.has(Feature::Realtime);
    // A single node that carries everything is the Phase 1 answer: no cache unless chosen.
    let fits_one_node = no_cache.first().is_some_and(|o| !o.distributed);
    let mut with_cache = None;
    if forced || (read_heavy && !fits_one_node) {
        let hit = cx.default("cache_hit_ratio", None, show::pct);
        let cache = plan_cache(cx, w, st, k);
        let reads = w.read_qps * qpr * (1.0 - hit) + search_reads;
        let opts = cheapest_db(db_options(&tiers, reads, writes, st.raw_bytes, &limits, k));
        with_cache = Some((hit, cache, reads, opts));
    }
    let no_cache_cost = no_cache
        .first()
        .map(|o| o.cost.mid())
        .unwrap_or(f64::INFINITY);
    let choose_cache = match &with_cache {
        Some((_, c, _, opts)) => {
            let total = c.cost.mid() + opts.first().map(|o| o.cost.mid()).unwrap_or(f64::INFINITY);
            forced || total < no_cache_cost
        }
        None => false,
    };
    let tech = s
        .choices
        .database
        .clone()
        .unwrap_or_else(|| "postgresql".into());
    let (opts, reads, cache, hit) = if choose_cache {
        let (hit, c, reads, opts) = with_cache.expect("checked above");
        let why = if s.choices.cache.is_some() {
            "chosen in the spec".to_string()
        } else if forced {
            "feeds and presence state live in the cache (fan-out/realtime)".to_string()
        } else {
            format!(
                "reads {}:1 ≥ {}:1 and a cache + smaller database is cheaper ({} vs {} without)",
                trim_num(w.read_write_ratio, 3),
                trim_num(min_ratio, 3),
                crate::units::fmt_money(c.cost.mid() + opts[0].cost.mid()),
                crate::units::fmt_money(no_cache_cost)
            )
        };
        let comp = Component {
            role: Role::Cache,
            technology: s.choices.cache.clone().unwrap_or_else(|| "redis".into()),
            tier: None,
            count: c.nodes,
            required: c.required,
            utilization: Some(c.utilization),
            monthly_cost: c.cost,
            reason: text!(
                k.record,
                "{why}; {} memory, {} ops/s at peak{}",
                fmt_bytes(c.memory),
                fmt_si(c.ops),
                if k.ha { ", a replica per node" } else { "" }
            ),
            alternatives: vec![],
            servers_per_instance: Some(1),
            service_time_s: Some(1.0 / cx.cat.fig("cache.node_ops_per_sec")),
        };
        derive!(
            cx,
            "database.read_qps",
            "Database reads/s at peak",
            reads,
            super::workload::qps(reads),
            "reads/s × queries per read × (1 − cache hit ratio)",
            format!(
                "{} × {} × (1 − {}) = {}",
                super::workload::qps(w.read_qps),
                trim_num(qpr, 3),
                show::pct(hit),
                super::workload::qps(reads)
            ),
        );
        (opts, reads, Some(comp), Some(hit))
    } else {
        if read_heavy && !fits_one_node {
            if let Some((_, c, _, o)) = &with_cache {
                cx.warn(format!(
                    "reads dominate ({}:1) but a cache does not pay for itself at this load ({} with cache vs {} without); revisit when the database tier grows",
                    trim_num(w.read_write_ratio, 3),
                    crate::units::fmt_money(c.cost.mid() + o.first().map(|o| o.cost.mid()).unwrap_or(0.0)),
                    crate::units::fmt_money(no_cache_cost)
                ));
            }
        }
        derive!(
            cx,
            "database.read_qps",
            "Database reads/s at peak",
            reads_uncached,
            super::workload::qps(reads_uncached),
            "reads/s × queries per read",
            format!(
                "{} × {} = {}",
                super::workload::qps(w.read_qps),
                trim_num(qpr, 3),
                super::workload::qps(reads_uncached)
            ),
        );
        (no_cache, reads_uncached, None, None)
    };
    let db_s = cx.default("db_query_seconds", s.db_query_s, show::secs);
    let Some(best) = opts.first().cloned() else {
        let comp = simple(
            Role::Database,
            &tech,
            1,
            Cost::default(),
            "no database tier fits".into(),
        );
        return (
            DataTier {
                components: vec![comp],
                read_qps: reads,
                write_qps: writes,
                shards: 1,
                replicas_total: 0,
                copies: 1,
            },
            cache,
            hit,
        );
    };
    let name = db_name(best.tier, k.cloud);
    if cx.record && cx.cat.overridden.contains(&best.tier.name) {
        cx.assume(
            &format!("database_tier.{}", best.tier.name),
            format!(
                "{}–{}/month, {}–{} queries/s",
                crate::units::fmt_money(best.tier.monthly_cost.low),
                crate::units::fmt_money(best.tier.monthly_cost.high),
                fmt_si(best.tier.queries_per_sec.low),
                fmt_si(best.tier.queries_per_sec.high)
            ),
            format!("catalog overlay: {}", best.tier.source),
        );
    }
    let cap = best.tier.queries_per_sec.at(k.point) * k.target;
    let per_node = Cost::times(best.tier.monthly_cost, 1.0);
    derive!(cx,
        "database.layout",
        "Database layout",
        best.shards as f64,
        format!(
            "{} primary × {}, {} replicas, {} standbys",
            best.shards, name, best.replicas_per_shard * best.shards, best.standbys
        ),
        "tier by queries/sec at ρ*; replicas for reads beyond the primary; shards past the largest tier",
        format!(
            "writes {} + reads {} vs {} per node ({} × {}); {}",
            fmt_si(writes),
            fmt_si(reads),
            fmt_si(cap),
            fmt_si(best.tier.queries_per_sec.at(k.point)),
            show::pct(k.target),
            if best.why_shards.is_empty() { "no sharding".to_string() } else { format!("sharded: {}", best.why_shards) }
        ),
    );
    let alternatives: Vec<Alternative> = opts
        .iter()
        .skip(1)
        .take(3)
        .map(|o| Alternative {
            tier: db_name(o.tier, k.cloud),
            count: o.shards * (1 + o.replicas_per_shard) + o.standbys,
            monthly_cost: o.cost,
            note: text!(
                k.record,
                "{} shard(s), {} replica(s) each, {} standby(s)",
                o.shards,
                o.replicas_per_shard,
                o.standbys
            ),
        })
        .collect();
    let mut comps = vec![Component {
        role: Role::Database,
        technology: tech.clone(),
        tier: Some(name.clone()),
        count: best.shards,
        required: best.shards,
        utilization: Some(best.utilization),
        monthly_cost: Cost {
            low: per_node.low * best.shards as f64,
            high: per_node.high * best.shards as f64,
        },
        reason: text!(
            k.record,
            "writes {}/s + reads {}/s at peak; {} handles ~{}/s at {} utilization{}",
            fmt_si(writes),
            fmt_si(reads),
            name,
            fmt_si(cap),
            show::pct(k.target),
            if best.shards > 1 {
                format!("; {} shards ({})", best.shards, best.why_shards)
            } else {
                String::new()
            }
        ),
        alternatives,
        servers_per_instance: Some(best.tier.vcpus),
        service_time_s: Some(db_s),
    }];
    let replicas = best.replicas_per_shard * best.shards;
    if replicas > 0 {
        comps.push(Component {
            role: Role::ReadReplica,
            technology: tech.clone(),
            tier: Some(name.clone()),
            count: replicas,
            required: replicas,
            utilization: None,
            monthly_cost: Cost {
                low: per_node.low * replicas as f64,
                high: per_node.high * replicas as f64,
            },
            reason: if limits.copies > 1 {
                format!(
                    "{} copies of each shard (replication factor {}), serving reads",
                    best.replicas_per_shard + 1,
                    limits.copies
                )
            } else {
                format!(
                    "reads beyond what the primary takes beside its writes: {} per shard",
                    best.replicas_per_shard
                )
            },
            alternatives: vec![],
            servers_per_instance: Some(best.tier.vcpus),
            service_time_s: Some(db_s),
        });
    }
    if best.standbys > 0 {
        comps.push(Component {
            role: Role::DbStandby,
            technology: tech,
            tier: Some(name),
            count: best.standbys,
            required: 0,
            utilization: None,
            monthly_cost: Cost {
                low: per_node.low * best.standbys as f64,
                high: per_node.high * best.standbys as f64,
            },
            reason: "synchronous standby per primary for the availability SLO (seed 002: failover in ~60 s, no data loss)".into(),
            alternatives: vec![],
            servers_per_instance: None,
            service_time_s: None,
        });
    }
    (
        DataTier {
            components: comps,
            read_qps: reads,
            write_qps: writes,
            shards: best.shards,
            replicas_total: replicas,
            copies: limits.copies,
        },
        cache,
        hit,
    )
}

fn search_share(cx: &mut Ctx) -> f64 {
    cx.default("search_share", None, show::pct)
}

/// Search: PostgreSQL full-text below ~1M documents, a search engine from ~10M (seed 000).
///
/// # Formula
/// nodes = max(⌈documents ÷ documents per node⌉, ⌈search QPS ÷ (node QPS × ρ*)⌉, 1), ×2 for
/// replica shards when HA is required; search QPS = reads × search share.
fn size_search(cx: &mut Ctx, w: &Workload, st: &Storage, k: &Knobs) -> Option<Component> {
    let s = cx.spec;
    let docs = s.documents.unwrap_or(st.records_held);
    let fts_max = cx.figure("search.postgres_fts_max_docs", show::si);
    let engine_min = cx.figure("search.engine_min_docs", show::si);
    let chosen = s.choices.search.clone();
    let want_engine = match chosen.as_deref() {
        Some("postgres_fts") | Some("postgresql") => false,
        Some(_) => true,
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
    let sqps = w.read_qps * search_share(cx);
    let node_docs = cx.figure("search.node_docs", show::si);
    let node_qps = cx.figure("search.node_qps", show::si);
    let lo = cx.figure("search.node_monthly_low", show::usd);
    let hi = cx.figure("search.node_monthly_high", show::usd);
    let required = ceil_u32(docs / node_docs)
        .max(ceil_u32(sqps / (node_qps * k.target)))
        .max(1);
    let count = if k.ha { required * 2 } else { required };
    Some(Component {
        role: Role::Search,
        technology: chosen.unwrap_or_else(|| "elasticsearch".into()),
        tier: None,
        count,
        required,
        utilization: Some(sqps / (count as f64 * node_qps)),
        monthly_cost: Cost::times(Range { low: lo, high: hi }, count as f64),
        reason: text!(
            k.record,
            "{} documents (≥ {} → search engine, seed 000), {} searches/s{}",
            fmt_si(docs),
            fmt_si(engine_min),
            fmt_si(sqps),
            if k.ha { ", a replica per shard" } else { "" }
        ),
        alternatives: vec![],
        servers_per_instance: None,
        service_time_s: None,
    })
}

/// Queue or stream: a log-based stream past ~100K messages/s (seed 000), a queue below.
///
/// # Formula
/// stream: partitions = ⌈msgs/s ÷ (per-partition msgs/s × ρ*)⌉, brokers =
/// max(min brokers, ⌈partitions ÷ partitions per broker⌉); queue: nodes =
/// ⌈msgs/s ÷ (node msgs/s × ρ*)⌉ (+1 when HA).
fn size_messaging(cx: &mut Ctx, w: &Workload, k: &Knobs) -> (Component, bool) {
    let s = cx.spec;
    let threshold = cx.figure("stream.min_msgs_per_sec", show::si);
    let m = w.messages_per_sec;
    let needed = m >= threshold;
    let stream = s.choices.stream.is_some() || (s.choices.queue.is_none() && needed);
    if stream {
        let per_part = cx.figure("stream.partition_msgs_per_sec", show::si);
        let ppb = cx.figure("stream.partitions_per_broker", show::num);
        let min_b = cx.figure("stream.min_brokers", show::num);
        let lo = cx.figure("stream.broker_monthly_low", show::usd);
        let hi = cx.figure("stream.broker_monthly_high", show::usd);
        let partitions = ceil_u32(m / (per_part * k.target)).max(1);
        let brokers = ceil_u32(partitions as f64 / ppb).max(min_b as u32);
        (
            Component {
                role: Role::Stream,
                technology: s.choices.stream.clone().unwrap_or_else(|| "kafka".into()),
                tier: None,
                count: brokers,
                required: brokers,
                utilization: Some(m / (partitions as f64 * per_part)),
                monthly_cost: Cost::times(Range { low: lo, high: hi }, brokers as f64),
                reason: text!(
                    k.record,
                    "{} msgs/s at peak ({}): {} partitions on {} brokers",
                    fmt_si(m),
                    if needed {
                        format!("≥ {} → log-based stream, seed 000", fmt_si(threshold))
                    } else {
                        format!(
                            "chosen in the spec; a queue would do below {}",
                            fmt_si(threshold)
                        )
                    },
                    partitions,
                    brokers
                ),
                alternatives: vec![],
                servers_per_instance: None,
                service_time_s: None,
            },
            needed,
        )
    } else if s.choices.queue.as_deref() == Some("sqs") {
        // Serverless: priced per request (send + receive + delete per message), no nodes.
        let price = cx.figure("queue.sqs_usd_per_million_requests", show::usd);
        let monthly_m = m / w.peak_factor * SECONDS_PER_MONTH * 3.0 / 1e6;
        (
            Component {
                role: Role::Queue,
                technology: "sqs".into(),
                tier: None,
                count: 1,
                required: 1,
                utilization: None,
                monthly_cost: Cost::point(monthly_m * price),
                reason: text!(
                    k.record,
                    "{} msgs/s at peak, serverless: {} M requests/month (send, receive, delete)",
                    fmt_si(m),
                    trim_num(monthly_m, 4)
                ),
                alternatives: vec![],
                servers_per_instance: None,
                service_time_s: None,
            },
            false,
        )
    } else {
        let per_node = cx.figure("queue.node_msgs_per_sec", show::si);
        let lo = cx.figure("queue.node_monthly_low", show::usd);
        let hi = cx.figure("queue.node_monthly_high", show::usd);
        let required = ceil_u32(m / (per_node * k.target)).max(1);
        let count = required + u32::from(k.ha);
        (
            Component {
                role: Role::Queue,
                technology: s.choices.queue.clone().unwrap_or_else(|| "rabbitmq".into()),
                tier: None,
                count,
                required,
                utilization: Some(m / (count as f64 * per_node)),
                monthly_cost: Cost::times(Range { low: lo, high: hi }, count as f64),
                reason: text!(
                    k.record,
                    "{} msgs/s at peak (< {} → a queue suffices, seed 000){}",
                    fmt_si(m),
                    fmt_si(threshold),
                    if k.ha { ", +1 node mirrored" } else { "" }
                ),
                alternatives: vec![],
                servers_per_instance: None,
                service_time_s: None,
            },
            false,
        )
    }
}

/// Workers for async jobs and fan-out deliveries.
///
/// # Formula
/// per tier: n = ⌈msgs/s × job time ÷ (vCPUs × ρ*)⌉ (+1 when HA); the cheapest wins.
fn size_workers(cx: &mut Ctx, w: &Workload, k: &Knobs) -> Component {
    let s = cx.spec;
    let job = if w.jobs_per_sec > 0.0 {
        cx.default("worker_job_seconds", s.worker_s, show::secs)
    } else {
        0.0
    };
    let delivery = if w.deliveries_per_sec > 0.0 {
        cx.default("fanout_delivery_seconds", None, show::secs)
    } else {
        0.0
    };
    let busy = w.jobs_per_sec * job + w.deliveries_per_sec * delivery;
    let burst = cx.figure("compute.burstable_baseline", show::pct);
    let mut best: Option<(ComputeTier, u32, u32, Cost)> = None;
    for t in &cx.cat.compute_tiers {
        let required = ceil_u32(busy / (t.vcpus as f64 * k.target)).max(1);
        if is_burstable(&t.aws, &t.azure) && busy / (required as f64 * t.vcpus as f64) > burst {
            continue;
        }
        let count = required + u32::from(k.ha);
        let cost = Cost::times(t.monthly_cost, count as f64);
        if best.as_ref().is_none_or(|b| cost.mid() < b.3.mid()) {
            best = Some((t.clone(), required, count, cost));
        }
    }
    let (t, required, count, cost) = best.expect("catalog has compute tiers");
    Component {
        role: Role::Worker,
        technology: "worker".into(),
        tier: Some(compute_name(&t, k.cloud)),
        count,
        required,
        utilization: Some(busy / (count as f64 * t.vcpus as f64)),
        monthly_cost: cost,
        reason: text!(
            k.record,
            "{} jobs/s × {} + {} deliveries/s × {} = {} busy vCPUs at peak{}",
            fmt_si(w.jobs_per_sec),
            crate::units::fmt_duration(job),
            fmt_si(w.deliveries_per_sec),
            crate::units::fmt_duration(delivery),
            trim_num(busy, 3),
            if k.ha { ", +1 spare" } else { "" }
        ),
        alternatives: vec![],
        servers_per_instance: Some(t.vcpus),
        service_time_s: Some(if w.messages_per_sec > 0.0 {
            busy / w.messages_per_sec
        } else {
            job
        }),
    }
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

    #[test]
    fn app_bounds_hand_worked() {
        // 10M × 5 ÷ 86,400 × 2 = 1,157.4 req/s at peak.
        // m5.xlarge: users bound ⌈50,000 ÷ 20,000⌉ = 3; throughput bound
        // ⌈1,157.4 × 0.004 ÷ (0.7 × 4)⌉ = ⌈1.65⌉ = 2; required 3, N+1 → 4.
        let p = plan("name: t\ntraffic: {dau: 10M, requests_per_user: 5, concurrent_users: 50K}\nslo: {availability: 99.9%}\n");
        let app = comp(&p, Role::App);
        assert_eq!(
            (app.tier.as_deref(), app.required, app.count),
            (Some("m5.xlarge"), 3, 4)
        );
        // Utilization at peak: 1,157.4 × 0.004 ÷ (4 × 4) = 28.9%.
        assert!((app.utilization.unwrap() - 1157.407 * 0.004 / 16.0).abs() < 1e-6);
        // Without the HA SLO there is no spare, and one m5.2xlarge (users bound
        // ⌈50,000 ÷ 55,000⌉ = 1, $280–$370) undercuts 3 × m5.xlarge ($420–$555).
        let p = plan("name: t\ntraffic: {dau: 10M, requests_per_user: 5, concurrent_users: 50K}\n");
        let app = comp(&p, Role::App);
        assert_eq!((app.tier.as_deref(), app.count), (Some("m5.2xlarge"), 1));
    }

    #[test]
    fn database_vertical_first_then_replicas_hand_worked() {
        // 3,000 queries/s at 10:1: writes 272.7, reads 2,727.3. db.m5.large carries
        // 3,500 × 0.7 = 2,450/s, db.r5.xlarge 10,000 × 0.7 = 7,000/s: the smallest single node
        // that carries 3,000/s is db.r5.xlarge.
        // (Small records keep the data under one node's 10 TB, so nothing is sharded.)
        let p = plan("name: t\ntraffic: {peak_qps: 3000/s, read_write_ratio: 10:1}\ndata: {record_size: 100 B}\n");
        let db = comp(&p, Role::Database);
        assert_eq!((db.tier.as_deref(), db.count), (Some("db.r5.xlarge"), 1));
        assert!(p.components.iter().all(|c| c.role != Role::ReadReplica));
        // 60,000/s of reads at 100:1 outgrow the largest node (27,500 × 0.7 = 19,250/s):
        // read replicas appear; writes (594/s) still fit one primary, so no shards.
        let p = plan("name: t\ntraffic: {peak_qps: 60000/s, read_write_ratio: 100:1}\ndata: {record_size: 100 B}\nchoices: {cache: redis}\nassumptions: {cache_hit_ratio: 0%}\n");
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
