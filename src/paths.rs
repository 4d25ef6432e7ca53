//! Request paths: the stations a read or a write passes through, built from the plan, and the
//! analytic end-to-end latency of each request class.
//!
//! Stations (each a G/G/c queue at peak load, with its own service variability: the spec's
//! `assumptions.*_cv`, else a calibration overlay's measured family and cv (app tier), else the
//! catalog's `latency.*_cv` figure; simulated as a gamma with that mean and cv unless measured
//! otherwise, exponential at cv 1, deterministic at cv 0):
//! - `app`: servers = instances × vCPUs × workers per vCPU, service = app service time;
//! - `cache`: servers = primary nodes (one event loop each), service = 1 ÷ node ops/s; the
//!   lookup's round trip is `service_time.cache` when given, else one same-datacenter hop;
//! - `database`: servers = serving nodes × ⌈capacity × query time⌉ (the tier's documented
//!   queries/sec expressed as parallel query slots), service = queries per request × query time,
//!   reads and writes as two classes with their own query counts (one queue, two services);
//!
//! Network round trips come from the latency table: same datacenter 0.5 ms per hop. Where the
//! spec says where its users are (`traffic.geography`, or `global` alone: half taken as far
//! away), every route splits by geography: users with a region in their geography pay the
//! in-region round trip, the others the 150 ms cross-continent one to the region serving
//! them. A CDN answers its cache hits at the edge (they never reach these routes); what it
//! passes to the origin pays the same trip.

use crate::catalog::{Catalog, ServiceFamily};
use crate::model::sizing::{Component, Role};
use crate::plan::Plan;
use crate::queueing::erlang::erlang_c;
use crate::queueing::Histogram;
use crate::spec::{Feature, Spec};
use rand::Rng;
use rayon::prelude::*;
use serde::Serialize;
use statrs::distribution::ContinuousCDF;

use std::sync::Arc;

mod gamma;
mod mixture;
mod route;

pub use route::{RequestClass, RouteKind, RouteName, StationPath, MAX_PATH};

/// A service-time law: mean (seconds) and squared coefficient of variation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Service {
    pub mean_s: f64,
    pub scv: f64,
}

impl Service {
    /// The family simulated for a variability given as a figure: exponential at `c² = 1`,
    /// else a gamma with the same mean and cv.
    pub fn family(&self) -> ServiceFamily {
        if (self.scv - 1.0).abs() < 1e-12 {
            ServiceFamily::Exponential
        } else {
            ServiceFamily::Gamma
        }
    }
}

/// One queueing station of the request path.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Station {
    pub role: Role,
    pub servers: u32,
    /// Mean service time over every request it serves, seconds.
    pub service_s: f64,
    /// Squared coefficient of variation of that service time (1 = exponential).
    pub service_scv: f64,
    /// The service time's family; with `service_scv` and the mean it is the distribution the
    /// simulation draws from (a calibrated app tier's, else exponential).
    #[serde(skip_serializing_if = "ServiceFamily::is_exponential")]
    pub service_family: ServiceFamily,
    /// Arrivals per second at peak.
    #[serde(rename = "arrival_rate_per_s")]
    pub arrival_rate: f64,
    /// Reads and writes served apart (the database): each class's own service law, and the
    /// share of the station's arrivals that are writes. `service_s`/`service_scv` are then
    /// the mixture's moments.
    pub by_class: Option<ByClass>,
}

/// A station whose reads and writes take different times.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ByClass {
    pub read: Service,
    pub write: Service,
    pub write_share: f64,
}

impl ByClass {
    /// # Formula
    /// Mixture with write share `f`: `E[S] = (1−f)m_r + f·m_w`,
    /// `E[S²] = (1−f)m_r²(1 + c_r²) + f·m_w²(1 + c_w²)`, `c² = E[S²]/E[S]² − 1`.
    pub fn mixture(&self) -> Service {
        let f = self.write_share.clamp(0.0, 1.0);
        let (r, w) = (self.read, self.write);
        let m = (1.0 - f) * r.mean_s + f * w.mean_s;
        let m2 =
            (1.0 - f) * r.mean_s.powi(2) * (1.0 + r.scv) + f * w.mean_s.powi(2) * (1.0 + w.scv);
        Service {
            mean_s: m,
            scv: if m > 0.0 {
                (m2 / (m * m) - 1.0).max(0.0)
            } else {
                0.0
            },
        }
    }
}

impl Station {
    pub fn utilization(&self) -> f64 {
        self.arrival_rate * self.service_s / self.servers.max(1) as f64
    }

    /// The service a request of `class` gets here.
    pub fn service_for(&self, class: RequestClass) -> Service {
        match &self.by_class {
            Some(b) if class == RequestClass::Write => b.write,
            Some(b) => b.read,
            None => Service {
                mean_s: self.service_s,
                scv: self.service_scv,
            },
        }
    }
}

/// A request class and the stations it visits, with the network delay it pays.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Route {
    /// `read_hit`, `read_miss`, `read`, `write`.
    #[schemars(with = "String")]
    pub name: RouteName,
    /// Class this route belongs to in reports (`read` or `write`).
    #[schemars(with = "String")]
    pub class: RequestClass,
    /// Requests per second at peak on this route.
    #[serde(rename = "rate_per_s")]
    pub rate: f64,
    /// Indices into the network's stations, in order.
    #[schemars(with = "Vec<usize>")]
    pub stations: StationPath,
    /// Fixed network delay (sum of round trips), seconds.
    pub network_s: f64,
    /// The users' geography, when the routes split by it.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "route::shared_str"
    )]
    #[schemars(with = "Option<String>")]
    pub geography: Option<Arc<str>>,
}

/// The request-path network of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Network {
    pub stations: Vec<Station>,
    pub routes: Vec<Route>,
    /// Where the users are and the round trip each pays.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub geographies: Vec<Geography>,
}

/// One geography's users and their way to the design.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Geography {
    pub name: String,
    pub users_share: f64,
    /// The region serving them while every region is up.
    pub served_from: String,
    /// Whether that region is in their geography.
    pub local: bool,
    /// The round trip between them and it, seconds.
    pub round_trip_s: f64,
}

/// Latency by geography (the analytic p99 of its routes).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct GeographyLatency {
    #[serde(flatten)]
    pub geography: Geography,
    pub p99_ms: Option<f64>,
}

/// Analytic figures of one station.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct StationFigures {
    pub utilization: f64,
    pub stable: bool,
    pub mean_wait_s: f64,
    pub var_wait_s2: f64,
    pub mean_sojourn_s: f64,
    pub var_sojourn_s2: f64,
}

/// Analytic latency of the whole plan.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct AnalyticLatency {
    /// End-to-end p99 over all requests; `None` when a station is saturated.
    pub analytic_p99_s: Option<f64>,
    pub classes: Vec<(String, Option<f64>)>,
    /// p99 per geography, in the network's order.
    pub geographies: Vec<Option<f64>>,
    pub stations: Vec<StationFigures>,
}

/// End-to-end latency of one request class (or of all requests).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ClassLatency {
    /// `read`, `write` or `all`.
    pub class: String,
    /// Requests per second at peak.
    #[serde(rename = "rate_per_s")]
    pub rate: f64,
    pub p50_ms: Option<f64>,
    pub p95_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    pub p999_ms: Option<f64>,
    pub mean_ms: Option<f64>,
    /// 95% confidence intervals across replications (simulation only).
    pub p99_ci95_ms: Option<[f64; 2]>,
    pub mean_ci95_ms: Option<[f64; 2]>,
    /// Analytic p99 (gamma moment match), for comparison.
    pub analytic_p99_ms: Option<f64>,
}

/// One station's figures at peak.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct StationLatency {
    pub role: Role,
    pub servers: u32,
    pub utilization: f64,
    /// Simulated mean wait in queue (analytic when not simulated).
    pub mean_wait_ms: Option<f64>,
    /// Simulated p99 sojourn (wait + service).
    pub p99_ms: Option<f64>,
    pub analytic_mean_wait_ms: Option<f64>,
    pub mean_wait_ci95_ms: Option<[f64; 2]>,
    pub service_ms: f64,
    #[serde(rename = "arrival_rate_per_s")]
    pub arrival_rate: f64,
}

/// Seconds written as milliseconds.
fn seconds_as_ms<S: serde::Serializer>(s: &Option<f64>, ser: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&s.map(|v| v * 1e3), ser)
}

/// The Latency section of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct LatencyReport {
    /// `simulated` (discrete-event, the default for `estimate`) or `analytic`.
    pub method: String,
    pub p50_ms: Option<f64>,
    pub p95_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    pub p999_ms: Option<f64>,
    pub slo_p99_ms: Option<f64>,
    pub meets_slo: Option<bool>,
    /// Analytic end-to-end p99 (held in seconds, what Monte Carlo samples use; written in
    /// milliseconds like every other latency of the section).
    #[serde(rename = "analytic_p99_ms", serialize_with = "seconds_as_ms")]
    #[schemars(with = "Option<f64>")]
    pub analytic_p99_s: Option<f64>,
    pub classes: Vec<ClassLatency>,
    /// One row per geography of the users.
    pub geographies: Vec<GeographyLatency>,
    pub stations: Vec<StationLatency>,
    /// The request-path network the figures are for.
    pub network: Network,
    /// What SLO-driven sizing changed, in order.
    pub sizing_steps: Vec<String>,
    /// Why no size meets the SLO, when none can.
    pub infeasible: Option<String>,
    /// Simulated requests (all replications) and the seed.
    pub requests: u64,
    pub seed: Option<u64>,
}

impl LatencyReport {
    /// The analytic report of a network (what every plan gets before simulation).
    pub fn analytic(net: Network, slo_p99_s: Option<f64>, per_class: bool) -> LatencyReport {
        let a = analytic(&net, per_class);
        let ms = |s: Option<f64>| s.map(|v| v * 1e3);
        let classes = a
            .classes
            .iter()
            .map(|(c, p99)| ClassLatency {
                class: c.clone(),
                rate: net
                    .routes
                    .iter()
                    .filter(|r| r.class.as_str() == c)
                    .map(|r| r.rate)
                    .sum(),
                p50_ms: None,
                p95_ms: None,
                p99_ms: ms(*p99),
                p999_ms: None,
                mean_ms: None,
                p99_ci95_ms: None,
                mean_ci95_ms: None,
                analytic_p99_ms: ms(*p99),
            })
            .collect();
        let stations = net
            .stations
            .iter()
            .zip(&a.stations)
            .map(|(s, f)| StationLatency {
                role: s.role,
                servers: s.servers,
                utilization: f.utilization,
                mean_wait_ms: f.stable.then_some(f.mean_wait_s * 1e3),
                p99_ms: None,
                analytic_mean_wait_ms: f.stable.then_some(f.mean_wait_s * 1e3),
                mean_wait_ci95_ms: None,
                service_ms: s.service_s * 1e3,
                arrival_rate: s.arrival_rate,
            })
            .collect();
        LatencyReport {
            method: "analytic".into(),
            p50_ms: None,
            p95_ms: None,
            p99_ms: ms(a.analytic_p99_s),
            p999_ms: None,
            slo_p99_ms: ms(slo_p99_s),
            meets_slo: slo_p99_s.map(|slo| a.analytic_p99_s.is_some_and(|p| p <= slo)),
            analytic_p99_s: a.analytic_p99_s,
            classes,
            geographies: net
                .geographies
                .iter()
                .zip(&a.geographies)
                .map(|(g, p)| GeographyLatency {
                    geography: g.clone(),
                    p99_ms: ms(*p),
                })
                .collect(),
            stations,
            network: net,
            sizing_steps: Vec::new(),
            infeasible: None,
            requests: 0,
            seed: None,
        }
    }
}

impl LatencyReport {
    /// Fold simulated figures into the report; the simulated p99 is the headline, and each
    /// station's simulated mean wait is checked against the analytic one.
    ///
    /// Returns warnings for stations where the two disagree by more than the confidence
    /// interval explains (plus 10% of the analytic value and 0.05 ms, for the approximation).
    pub fn with_simulation(&mut self, sim: &SimulatedLatency, cfg: &SimConfig) -> Vec<String> {
        let ms = |v: Option<f64>| v.map(|x| x * 1e3);
        let ci = |v: Option<(f64, f64)>| v.map(|(a, b)| [a * 1e3, b * 1e3]);
        self.method = "simulated".into();
        self.requests = sim.requests;
        self.seed = Some(cfg.seed);
        let names = ["read", "write", "all"];
        let mut classes = Vec::new();
        for (name, c) in names.iter().zip(&sim.classes) {
            if c.count == 0 {
                continue;
            }
            let q = c.quantiles;
            let analytic = self
                .classes
                .iter()
                .find(|x| x.class == *name)
                .and_then(|x| x.analytic_p99_ms)
                .or_else(|| {
                    (*name == "all")
                        .then(|| self.analytic_p99_s.map(|s| s * 1e3))
                        .flatten()
                });
            classes.push(ClassLatency {
                class: name.to_string(),
                rate: if *name == "all" {
                    self.network.routes.iter().map(|r| r.rate).sum()
                } else {
                    self.network
                        .routes
                        .iter()
                        .filter(|r| r.class.as_str() == *name)
                        .map(|r| r.rate)
                        .sum()
                },
                p50_ms: ms(q.map(|q| q.p50)),
                p95_ms: ms(q.map(|q| q.p95)),
                p99_ms: ms(q.map(|q| q.p99)),
                p999_ms: ms(q.map(|q| q.p999)),
                mean_ms: ms(c.mean),
                p99_ci95_ms: ci(c.p99_ci),
                mean_ci95_ms: ci(c.mean_ci),
                analytic_p99_ms: analytic,
            });
        }
        if let Some(all) = classes.iter().find(|c| c.class == "all") {
            self.p50_ms = all.p50_ms;
            self.p95_ms = all.p95_ms;
            self.p99_ms = all.p99_ms;
            self.p999_ms = all.p999_ms;
        }
        self.meets_slo = self
            .slo_p99_ms
            .map(|slo| self.p99_ms.is_some_and(|p| p <= slo));
        self.classes = classes;
        let mut warnings = Vec::new();
        for (st, sm) in self.stations.iter_mut().zip(&sim.stations) {
            st.mean_wait_ms = ms(sm.mean_wait);
            st.mean_wait_ci95_ms = ci(sm.mean_wait_ci);
            st.p99_ms = ms(sm.p99);
            if let (Some(a), Some(m)) = (st.analytic_mean_wait_ms, st.mean_wait_ms) {
                let half = st
                    .mean_wait_ci95_ms
                    .map(|[lo, hi]| (hi - lo) / 2.0)
                    .unwrap_or(0.0);
                if (m - a).abs() > half + 0.1 * a + 0.05 {
                    warnings.push(format!(
                        "{}: simulated mean wait {:.3} ms vs analytic {:.3} ms — more than sampling noise; the station's arrivals are not Poisson (bursts from the station before it) or its service is not exponential",
                        st.role, m, a
                    ));
                }
            } else if st.analytic_mean_wait_ms.is_none() {
                warnings.push(format!(
                    "{} is saturated at peak ({} utilization): its queue grows for as long as the peak lasts",
                    st.role,
                    crate::units::fmt_percent(st.utilization)
                ));
            }
        }
        warnings
    }
}

/// Seconds of one same-datacenter round trip and one cross-continent round trip.
fn rtts(cat: &Catalog) -> (f64, f64) {
    (
        cat.latency_s("same_datacenter_round_trip")
            .unwrap_or(0.0005),
        cat.latency_s("cross_continent_round_trip").unwrap_or(0.150),
    )
}

fn comp(plan_components: &[Component], role: Role) -> Option<&Component> {
    plan_components.iter().find(|c| c.role == role)
}

/// Build the network from a plan's components and workload.
pub fn network(spec: &Spec, cat: &Catalog, p: &Plan, hit_ratio: Option<f64>) -> Network {
    let (dc, continent) = rtts(cat);
    let w = &p.workload;
    let comps = &p.components;
    // Reads that reach the data tier; static reads the app answers alone.
    let flows = Flows {
        data_reads: w.read_qps * p.reads.data,
        static_reads: w.read_qps * (p.reads.app - p.reads.data).max(0.0),
        hit: match comp(comps, Role::Cache) {
            Some(_) => hit_ratio.unwrap_or(0.0),
            None => 0.0,
        },
        writes: w.write_qps,
    };
    let mut stations = Vec::new();
    let mut add = |s: Station| {
        stations.push(s);
        stations.len() - 1
    };
    let tiers = Tiers {
        app: comp(comps, Role::App).map(|a| add(app_station(spec, cat, p, a))),
        cache: comp(comps, Role::Cache).map(|c| add(cache_station(spec, cat, c, &flows))),
        db: comp(comps, Role::Database).map(|d| add(db_station(spec, cat, comps, d, &flows))),
    };
    let delays = Delays {
        edge: if comp(comps, Role::LoadBalancer).is_some() {
            dc
        } else {
            0.0
        },
        dc,
        // `service_time.cache` is the round trip of a lookup as the app sees it.
        cache: spec.cache_s.unwrap_or(dc),
    };
    let mut routes = base_routes(&tiers, &flows, &delays);
    // A write that publishes to a queue or stream pays one more hop (the publish is async).
    if comp(comps, Role::Queue).is_some() || comp(comps, Role::Stream).is_some() {
        for r in routes.iter_mut().filter(|r| r.class == RequestClass::Write) {
            r.network_s += dc;
        }
    }
    routes.retain(|r| r.rate > 0.0);
    let geographies = geographies(spec, cat, continent);
    Network {
        stations,
        routes: by_geography(routes, &geographies),
        geographies,
    }
}

/// Requests per second at peak by where they go.
struct Flows {
    /// Reads that reach the data tier.
    data_reads: f64,
    /// Reads the app answers alone.
    static_reads: f64,
    /// Share of data reads the cache answers.
    hit: f64,
    writes: f64,
}

/// Each tier's station, where the plan has it.
struct Tiers {
    app: Option<usize>,
    cache: Option<usize>,
    db: Option<usize>,
}

/// Round trips, seconds: before the app (the load balancer's), one same-datacenter hop, and
/// a cache lookup's.
struct Delays {
    edge: f64,
    dc: f64,
    cache: f64,
}

/// A station's squared service cv: the spec's `assumptions:` override `key`, else the
/// catalog's `figure` for the role.
fn cv2(spec: &Spec, cat: &Catalog, key: &str, figure: &str) -> f64 {
    let cv = spec
        .assumptions
        .get(key)
        .copied()
        .unwrap_or_else(|| cat.fig(figure));
    cv * cv
}

fn app_station(spec: &Spec, cat: &Catalog, p: &Plan, a: &Component) -> Station {
    let measured = cat.app_service_distribution.as_ref();
    let given = spec.assumptions.get("app_service_cv");
    let w = &p.workload;
    Station {
        role: Role::App,
        servers: (a.count * a.servers_per_instance.unwrap_or(1)).max(1),
        service_s: a.service_time_s.unwrap_or(0.004),
        // The spec's cv, else a calibrated app tier's measured shape, else the catalog's;
        // the mean stays the model's.
        service_scv: match (given, measured) {
            (None, Some(m)) => m.cv * m.cv,
            _ => cv2(spec, cat, "app_service_cv", "latency.app_service_cv"),
        },
        service_family: match (given, measured) {
            (None, Some(m)) => m.family,
            _ => Service {
                mean_s: 1.0,
                scv: cv2(spec, cat, "app_service_cv", "latency.app_service_cv"),
            }
            .family(),
        },
        // CDN hits never reach the app.
        arrival_rate: w.write_qps + w.read_qps * p.reads.app,
        by_class: None,
    }
}

fn cache_station(spec: &Spec, cat: &Catalog, c: &Component, flows: &Flows) -> Station {
    let primaries = c.required.max(1);
    let cache_scv = cv2(spec, cat, "cache_service_cv", "latency.cache_service_cv");
    Station {
        role: Role::Cache,
        servers: primaries * c.servers_per_instance.unwrap_or(1).max(1),
        service_s: c
            .service_time_s
            .unwrap_or_else(|| 1.0 / cat.fig("cache.node_ops_per_sec")),
        service_scv: cache_scv,
        service_family: Service {
            mean_s: 1.0,
            scv: cache_scv,
        }
        .family(),
        // Reads look up the cache; writes invalidate it asynchronously (off the path).
        arrival_rate: flows.data_reads,
        by_class: None,
    }
}

/// The database: its nodes' parallel query slots, reads (the cache's misses) and writes
/// served apart.
fn db_station(
    spec: &Spec,
    cat: &Catalog,
    comps: &[Component],
    d: &Component,
    flows: &Flows,
) -> Station {
    let figure = |key: &str, default: &str| {
        spec.assumptions
            .get(key)
            .copied()
            .unwrap_or_else(|| cat.fig(default))
    };
    let replicas = comp(comps, Role::ReadReplica).map(|r| r.count).unwrap_or(0);
    let nodes = d.count + replicas;
    let q = d.service_time_s.unwrap_or(0.002);
    // Parallel query slots per node: the documented capacity × query time.
    let tier_cap = d
        .tier
        .as_ref()
        .and_then(|t| {
            cat.database_tiers
                .iter()
                .find(|x| &x.aws == t || &x.azure == t)
        })
        .map(|t| {
            let point = figure("tier_capacity_point", "default.tier_capacity_point");
            t.queries_per_sec.at(point)
        })
        .unwrap_or(1.0 / q);
    // Parallel query slots: the model's, or the documented capacity × query time.
    let slots = d
        .servers_per_instance
        .unwrap_or_else(|| (tier_cap * q).ceil().max(1.0) as u32)
        .max(1);
    let reads_to_db = flows.data_reads * (1.0 - flows.hit);
    let rate = reads_to_db + flows.writes;
    // A request's service is its queries back to back: `k` independent queries of
    // variability c² take `k·q` with variability c²/k. Reads and writes are kept apart.
    let query_scv = cv2(spec, cat, "db_query_cv", "latency.db_query_cv");
    let class = |k: f64| Service {
        mean_s: q * k.max(1e-9),
        scv: query_scv / k.max(1.0),
    };
    let by_class = ByClass {
        read: class(figure("db_queries_per_read", "default.db_queries_per_read")),
        write: class(figure(
            "db_queries_per_write",
            "default.db_queries_per_write",
        )),
        write_share: if rate > 0.0 { flows.writes / rate } else { 0.0 },
    };
    let mix = by_class.mixture();
    Station {
        role: Role::Database,
        servers: nodes.max(1) * slots,
        service_s: mix.mean_s,
        service_scv: mix.scv,
        service_family: mix.family(),
        arrival_rate: rate,
        by_class: Some(by_class),
    }
}

/// The routes before any split by geography: a read that hits the cache, one that misses it
/// on to the database and a write (or reads and writes straight to the database, or to the
/// app alone), and the reads the app answers alone beside a data tier.
///
/// The load balancer is not a station: the catalog's is managed and bills by capacity unit,
/// scaling itself, so it adds its round trip (`edge`) but never queues.
fn base_routes(tiers: &Tiers, flows: &Flows, delays: &Delays) -> Vec<Route> {
    let path = |more: &[usize]| StationPath::of(tiers.app.into_iter().chain(more.iter().copied()));
    let (edge, hop, reads) = (delays.edge, delays.dc, flows.data_reads);
    let (read, write) = (RequestClass::Read, RequestClass::Write);
    let mut routes = Vec::with_capacity(4);
    match (tiers.cache, tiers.db) {
        (Some(c), Some(d)) => {
            let (hit, miss) = (reads * flows.hit, reads * (1.0 - flows.hit));
            let cache = edge + delays.cache;
            let miss_s = edge + delays.cache + hop;
            routes.push(route(RouteKind::ReadHit, read, hit, path(&[c]), cache));
            routes.push(route(
                RouteKind::ReadMiss,
                read,
                miss,
                path(&[c, d]),
                miss_s,
            ));
            routes.push(route(
                RouteKind::Write,
                write,
                flows.writes,
                path(&[d]),
                edge + hop,
            ));
        }
        (None, Some(d)) => {
            let (rp, s) = (path(&[d]), edge + hop);
            routes.push(route(RouteKind::Read, read, reads, rp, s));
            routes.push(route(RouteKind::Write, write, flows.writes, rp, s));
        }
        _ => {
            let all = reads + flows.static_reads;
            routes.push(route(RouteKind::Read, read, all, path(&[]), edge));
            routes.push(route(
                RouteKind::Write,
                write,
                flows.writes,
                path(&[]),
                edge,
            ));
        }
    }
    let data_tier = tiers.cache.is_some() || tiers.db.is_some();
    if flows.static_reads > 0.0 && data_tier && tiers.app.is_some() {
        let s = flows.static_reads;
        routes.push(route(RouteKind::ReadStatic, read, s, path(&[]), edge));
    }
    routes
}

/// A route that has not split by geography.
fn route(
    kind: RouteKind,
    class: RequestClass,
    rate: f64,
    stations: StationPath,
    network_s: f64,
) -> Route {
    Route {
        name: RouteName::new(kind),
        class,
        rate,
        stations,
        network_s,
        geography: None,
    }
}

/// Every route once per geography of the users, at their share of its rate and with their
/// round trip added; the routes as they are when the spec says nothing of where users are.
fn by_geography(routes: Vec<Route>, geographies: &[Geography]) -> Vec<Route> {
    if geographies.is_empty() {
        return routes;
    }
    let names: Vec<Arc<str>> = geographies
        .iter()
        .map(|g| Arc::from(g.name.as_str()))
        .collect();
    let mut out = Vec::with_capacity(routes.len() * geographies.len());
    for r in &routes {
        for (g, name) in geographies.iter().zip(&names) {
            let rate = r.rate * g.users_share;
            if rate > 0.0 {
                out.push(Route {
                    name: r.name.in_geography(name.clone()),
                    rate,
                    network_s: r.network_s + g.round_trip_s,
                    geography: Some(name.clone()),
                    ..r.clone()
                });
            }
        }
    }
    out
}

/// Where the users are: the spec's geography, or with `global` alone a share of them far
/// from the region (`deployment.global_remote_share`); none otherwise (the routes then start
/// at the load balancer).
///
/// # Formula
/// round trip = the in-region round trip when a serving region is in the users' geography,
/// else the cross-continent round trip.
fn geographies(spec: &Spec, cat: &Catalog, continent: f64) -> Vec<Geography> {
    let d = &spec.deployment;
    let near = cat.fig("deployment.in_region_round_trip");
    if d.geography.is_empty() {
        if !spec.has(Feature::Global) {
            return vec![];
        }
        let far = cat.fig("deployment.global_remote_share").clamp(0.0, 1.0);
        return [
            ("near the region", 1.0 - far, true),
            ("other continents", far, false),
        ]
        .into_iter()
        .map(|(n, s, local)| Geography {
            name: n.to_string(),
            users_share: s,
            served_from: "the region".into(),
            local,
            round_trip_s: if local { near } else { continent },
        })
        .collect();
    }
    d.geography
        .iter()
        .map(|(g, s)| {
            let (from, local) = d.served_from(g);
            Geography {
                name: g.clone(),
                users_share: *s,
                served_from: from,
                local,
                round_trip_s: if local { near } else { continent },
            }
        })
        .collect()
}

/// Mean and variance of a station's sojourn time (wait + service), analytically.
///
/// # Formula
/// Erlang C gives P(wait) = C(c, a), a = λ·E[S]; the conditional wait is taken as exponential
/// with mean (1/(cμ − λ))·(c_a² + c_s²)/2 (Allen–Cunneen scaling; exact for M/M/c), so
/// E[W_q] = C·m, Var[W_q] = 2C·m² − (C·m)², with m that conditional mean; the sojourn adds an
/// independent service time: E = E[W_q] + E[S], Var = Var[W_q] + c_s²·E[S]². Poisson arrivals
/// (c_a² = 1) at each station.
pub fn station_figures(s: &Station) -> StationFigures {
    let u = s.utilization();
    let offered = s.arrival_rate * s.service_s;
    let wait_share = if s.servers > MAX_SIMULATED_SERVERS {
        halfin_whitt(s.servers, offered)
    } else {
        erlang_c(s.servers.max(1), offered)
    };
    let Some(c) = wait_share else {
        return StationFigures {
            utilization: u,
            stable: false,
            mean_wait_s: f64::INFINITY,
            var_wait_s2: f64::INFINITY,
            mean_sojourn_s: f64::INFINITY,
            var_sojourn_s2: f64::INFINITY,
        };
    };
    let theta = s.servers as f64 / s.service_s - s.arrival_rate;
    let m = (1.0 / theta) * (1.0 + s.service_scv) / 2.0;
    let ew = c * m;
    let vw = 2.0 * c * m * m - ew * ew;
    StationFigures {
        utilization: u,
        stable: true,
        mean_wait_s: ew,
        var_wait_s2: vw,
        mean_sojourn_s: ew + s.service_s,
        var_sojourn_s2: vw + s.service_scv * s.service_s * s.service_s,
    }
}

/// Erlang C for a station too large for the exact recursion (whose work grows with the server
/// count): the Halfin–Whitt limit, exact as c → ∞ at fixed β, its relative error shrinking as
/// 1/√c (within 1%, or 0.0001 where waiting is rare, past [`MAX_SIMULATED_SERVERS`], where it
/// is used).
///
/// # Formula
/// β = (c − a)/√a; C ≈ [1 + β·Φ(β)/φ(β)]⁻¹ (Halfin & Whitt 1981, "Heavy-traffic limits for
/// queues with many exponential servers", Operations Research 29(3), Theorem 1); `None` when
/// a ≥ c, as Erlang C.
fn halfin_whitt(servers: u32, offered: f64) -> Option<f64> {
    let c = servers as f64;
    if offered.is_nan() || offered >= c {
        return None;
    }
    if offered <= 0.0 {
        return Some(0.0);
    }
    let beta = (c - offered) / offered.sqrt();
    let n = statrs::distribution::Normal::new(0.0, 1.0).ok()?;
    let pdf = statrs::distribution::Continuous::pdf(&n, beta);
    let ratio = beta * n.cdf(beta) / pdf;
    Some(if ratio.is_finite() {
        1.0 / (1.0 + ratio)
    } else {
        0.0
    })
}

/// The p-quantile of a mixture of (rate, delay, mean, variance) route laws, each a delay plus
/// the gamma law with those moments, weighted by rate; to within 10⁻¹⁵ of the root by the
/// search's own estimate (10⁻¹² where the CDF jumps).
pub fn mixture_p(parts: &[(f64, f64, f64, f64)], p: f64) -> f64 {
    mixture::quantile(parts.iter().copied(), p)
}

/// Analytic end-to-end p99 overall and, with `per_class`, per request class.
pub fn analytic(net: &Network, per_class: bool) -> AnalyticLatency {
    let figs: Vec<StationFigures> = net.stations.iter().map(station_figures).collect();
    let saturated = figs.iter().any(|f| !f.stable);
    // A route's sojourn at a station: the station's wait plus the service of the route's class.
    let part = |r: &Route| {
        let (mut m, mut v) = (0.0, 0.0);
        for &i in &r.stations {
            let svc = net.stations[i].service_for(r.class);
            m += figs[i].mean_wait_s + svc.mean_s;
            v += figs[i].var_wait_s2 + svc.scv * svc.mean_s * svc.mean_s;
        }
        (r.rate, r.network_s, m, v)
    };
    // The p99 of the routes `pick` keeps; `None` with none, or with a station saturated.
    let p99 = |pick: &dyn Fn(&Route) -> bool| {
        let mut routes = net.routes.iter().filter(|r| pick(r)).peekable();
        (!saturated && routes.peek().is_some()).then(|| mixture::quantile(routes.map(part), 0.99))
    };
    let mut classes = Vec::new();
    for class in RequestClass::ALL.into_iter().filter(|_| per_class) {
        if net.routes.iter().any(|r| r.class == class) {
            classes.push((class.to_string(), p99(&|r| r.class == class)));
        }
    }
    let overall = p99(&|_| true);
    let geographies = net
        .geographies
        .iter()
        .filter(|_| per_class)
        .map(|g| p99(&|r| r.geography.as_deref() == Some(g.name.as_str())))
        .collect();
    AnalyticLatency {
        analytic_p99_s: overall,
        classes,
        geographies,
        stations: figs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halfin_whitt_agrees_with_erlang_c_for_large_stations() {
        // Exact Erlang C (the recursion) against the limit where it is used, past 100,000.
        for (c, rho) in [(100_001u32, 0.99), (100_001, 0.999), (1_000_000, 0.999)] {
            let a = c as f64 * rho;
            let exact = erlang_c(c, a).unwrap();
            let approx = halfin_whitt(c, a).unwrap();
            // Within 1% of the probability of waiting, or 0.0001 of it where it is tiny.
            let tol = (0.01 * exact).max(1e-4);
            assert!(
                (approx - exact).abs() <= tol,
                "{c} {rho}: {approx} vs {exact}"
            );
        }
        assert_eq!(halfin_whitt(10, 10.0), None);
        assert_eq!(halfin_whitt(1_000_000, 1.0), Some(0.0));
    }

    #[test]
    fn mm1_station_matches_closed_form() {
        // M/M/1, λ = 500, μ = 1000: W = 1/(μ − λ) = 2 ms; sojourn ~ Exp(500) → var 4e-6.
        let s = Station {
            role: Role::App,
            servers: 1,
            service_s: 0.001,
            service_scv: 1.0,
            service_family: ServiceFamily::Exponential,
            arrival_rate: 500.0,
            by_class: None,
        };
        let f = station_figures(&s);
        assert!((f.mean_sojourn_s - 0.002).abs() < 1e-12);
        assert!((f.var_sojourn_s2 - 4e-6).abs() < 1e-15);
        // Its p99 by the gamma fit (shape 1 = exponential): ln(100)/500 = 9.2103 ms, which is
        // the exact M/M/1 response p99 of the shared reference (mm1_mu1000_r50).
        let q = mixture_p(&[(1.0, 0.0, f.mean_sojourn_s, f.var_sojourn_s2)], 0.99);
        assert!((q / 0.009_210_340_371_976_149 - 1.0).abs() < 1e-9, "{q}");
    }

    #[test]
    fn saturated_station_is_flagged() {
        let s = Station {
            role: Role::App,
            servers: 2,
            service_s: 0.01,
            service_scv: 1.0,
            service_family: ServiceFamily::Exponential,
            arrival_rate: 300.0,
            by_class: None,
        };
        assert!(!station_figures(&s).stable);
    }
}

/// Most servers one station may have to be simulated: each is a slot in the simulator's
/// heap, and past this many a station queues so little that its analytic wait is exact
/// enough. A larger station leaves the latency analytic (see [`too_large_to_simulate`]).
pub const MAX_SIMULATED_SERVERS: u32 = 100_000;

/// Why the network is not simulated, when a station has more than
/// [`MAX_SIMULATED_SERVERS`] servers: the note the report shows.
pub fn too_large_to_simulate(net: &Network) -> Option<String> {
    let st = net
        .stations
        .iter()
        .find(|s| s.servers > MAX_SIMULATED_SERVERS)?;
    Some(format!(
        "latency is analytic only: the {} station has {} parallel servers, more than the {} \
         the simulation takes",
        st.role,
        crate::units::fmt_si(st.servers as f64),
        crate::units::fmt_si(MAX_SIMULATED_SERVERS as f64)
    ))
}

/// How much to simulate.
#[derive(Debug, Clone, Copy)]
pub struct SimConfig {
    /// Measured requests per replication (a tenth more are simulated first as warm-up).
    pub requests: u64,
    pub replications: u32,
    pub seed: u64,
}

/// How a station's service times are drawn.
enum ServiceDraw {
    /// `−ln(1−U)·mean`, one uniform per draw.
    Exponential(f64),
    LogNormal(rand_distr::LogNormal<f64>),
    Gamma(rand_distr::Gamma<f64>),
    Constant(f64),
}

impl ServiceDraw {
    /// # Formula
    /// From the mean m and cv c: lognormal `σ² = ln(1 + c²)`, `μ = ln m − σ²/2`; gamma shape
    /// `1/c²`, scale `m·c²` (both have mean m and cv c). A gamma at `c = 1` is the
    /// exponential and is drawn as one; `c = 0` is a constant.
    fn new(family: ServiceFamily, svc: &Service) -> ServiceDraw {
        let (m, c2) = (svc.mean_s, svc.scv);
        let fallback = ServiceDraw::Exponential(m);
        if c2 <= 0.0 {
            return ServiceDraw::Constant(m);
        }
        match family {
            ServiceFamily::Exponential => fallback,
            ServiceFamily::Gamma if (c2 - 1.0).abs() < 1e-12 => fallback,
            ServiceFamily::Lognormal => {
                let s2 = c2.ln_1p();
                rand_distr::LogNormal::new(m.ln() - s2 / 2.0, s2.sqrt())
                    .map_or(fallback, ServiceDraw::LogNormal)
            }
            ServiceFamily::Gamma => {
                rand_distr::Gamma::new(1.0 / c2, m * c2).map_or(fallback, ServiceDraw::Gamma)
            }
        }
    }

    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        use rand_distr::Distribution;
        match self {
            ServiceDraw::Exponential(mean) => {
                let u: f64 = rng.gen::<f64>();
                -(1.0 - u).ln() * mean
            }
            ServiceDraw::LogNormal(d) => d.sample(rng),
            ServiceDraw::Gamma(d) => d.sample(rng),
            ServiceDraw::Constant(v) => *v,
        }
    }
}

/// Figures of one replication.
struct RepOut {
    classes: Vec<Histogram>,
    stations: Vec<Histogram>,
    wait_sums: Vec<f64>,
    wait_counts: Vec<u64>,
}

/// Simulate the network at peak: Poisson arrivals split by route, each station a FCFS G/G/c
/// queue simulated in turn (feed-forward: a station's departures, sorted, are the next
/// station's arrivals), the route's network delay added at the end.
///
/// # Formula
/// Per replication: N = requests × 1.1 arrivals at rate Λ = Σ route rates; route r with
/// probability λ_r/Λ; for each station in path order, departure = Kiefer–Wolfowitz recursion
/// over its sorted arrivals (crate::queueing::pass_through); end-to-end latency = last
/// departure − arrival + network delay. The first tenth is warm-up and not measured.
/// Replications run in parallel on independent streams and are combined in order.
pub fn simulate(net: &Network, cfg: &SimConfig) -> Option<SimulatedLatency> {
    let total: f64 = net.routes.iter().map(|r| r.rate).sum();
    if total <= 0.0 || net.stations.is_empty() && net.routes.is_empty() {
        return None;
    }
    if too_large_to_simulate(net).is_some() {
        return None;
    }
    let reps: Vec<RepOut> = crate::queueing::replicate::streams(cfg.seed, cfg.replications.max(1))
        .into_par_iter()
        .map(|rng| replicate(net, cfg, total, rng))
        .collect();
    Some(summarise_reps(net, &reps))
}

fn replicate(
    net: &Network,
    cfg: &SimConfig,
    total: f64,
    mut rng: crate::queueing::replicate::SimRng,
) -> RepOut {
    let warm = cfg.requests / 10;
    let n = (cfg.requests + warm) as usize;
    let cum: Vec<f64> = net
        .routes
        .iter()
        .scan(0.0, |acc, r| {
            *acc += r.rate / total;
            Some(*acc)
        })
        .collect();
    let mut t = 0.0f64;
    let mut route = Vec::with_capacity(n);
    let mut start = Vec::with_capacity(n);
    for _ in 0..n {
        let u: f64 = rng.gen::<f64>();
        t += -(1.0 - u).ln() / total;
        let x: f64 = rng.gen();
        let r = cum.iter().position(|&c| x < c).unwrap_or(cum.len() - 1);
        route.push(r as u16);
        start.push(t);
    }
    let mut now = start.clone();
    let mut stations = vec![Histogram::new(); net.stations.len()];
    let mut wait_sums = vec![0.0; net.stations.len()];
    let mut wait_counts = vec![0u64; net.stations.len()];
    let visits: Vec<Vec<bool>> = net
        .routes
        .iter()
        .map(|r| {
            (0..net.stations.len())
                .map(|s| r.stations.contains(&s))
                .collect()
        })
        .collect();
    for (si, st) in net.stations.iter().enumerate() {
        let mut idx: Vec<u32> = (0..n as u32)
            .filter(|&i| visits[route[i as usize] as usize][si])
            .collect();
        idx.sort_by(|&a, &b| now[a as usize].total_cmp(&now[b as usize]).then(a.cmp(&b)));
        // Each request's service from its class's law at this station, drawn in arrival order.
        let laws = [
            ServiceDraw::new(st.service_family, &st.service_for(RequestClass::Read)),
            ServiceDraw::new(st.service_family, &st.service_for(RequestClass::Write)),
        ];
        let services: Vec<f64> = idx
            .iter()
            .map(|&i| {
                let c = usize::from(
                    net.routes[route[i as usize] as usize].class == RequestClass::Write,
                );
                laws[c].sample(&mut rng)
            })
            .collect();
        let deps = crate::queueing::pass_through(
            st.servers.max(1),
            crate::queueing::Limits::default(),
            idx.iter().map(|&i| now[i as usize]),
            {
                let mut it = services.iter();
                move || it.next().copied().unwrap_or(0.0)
            },
        );
        for ((&i, d), svc) in idx.iter().zip(&deps).zip(&services) {
            let i = i as usize;
            if let Some(d) = d {
                let sojourn = d - now[i];
                if i >= warm as usize {
                    stations[si].record(sojourn);
                    wait_sums[si] += (sojourn - svc).max(0.0);
                    wait_counts[si] += 1;
                }
                now[i] = *d;
            }
        }
    }
    let mut classes = vec![Histogram::new(); 3];
    for i in warm as usize..n {
        let r = &net.routes[route[i] as usize];
        let lat = now[i] - start[i] + r.network_s;
        let c = usize::from(r.class == RequestClass::Write);
        classes[c].record(lat);
        classes[2].record(lat);
    }
    RepOut {
        classes,
        stations,
        wait_sums,
        wait_counts,
    }
}

/// Simulated figures, combined over replications.
#[derive(Debug, Clone, PartialEq)]
pub struct SimulatedLatency {
    /// read, write, all.
    pub classes: Vec<SimClass>,
    pub stations: Vec<SimStation>,
    pub requests: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SimClass {
    pub count: u64,
    pub quantiles: Option<crate::queueing::Quantiles>,
    pub mean: Option<f64>,
    pub p99_ci: Option<(f64, f64)>,
    pub mean_ci: Option<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SimStation {
    pub mean_wait: Option<f64>,
    pub mean_wait_ci: Option<(f64, f64)>,
    pub p99: Option<f64>,
}

/// Combine replications: every figure from the pooled data, every interval by sectioning
/// (centred on that figure, spread from the same estimator on each replication).
fn summarise_reps(net: &Network, reps: &[RepOut]) -> SimulatedLatency {
    use crate::queueing::replicate::sectioning_interval;
    let classes = (0..3)
        .map(|c| {
            let mut h = Histogram::new();
            for r in reps {
                h.merge(&r.classes[c]);
            }
            let p99s: Vec<f64> = reps
                .iter()
                .filter_map(|r| r.classes[c].quantile(0.99))
                .collect();
            let means: Vec<f64> = reps.iter().filter_map(|r| r.classes[c].mean()).collect();
            let quantiles = h.quantiles();
            SimClass {
                count: h.count(),
                quantiles,
                mean: h.mean(),
                p99_ci: quantiles.and_then(|q| sectioning_interval(q.p99, &p99s)),
                mean_ci: h.mean().and_then(|m| sectioning_interval(m, &means)),
            }
        })
        .collect();
    let stations = (0..net.stations.len())
        .map(|s| {
            let mut h = Histogram::new();
            for r in reps {
                h.merge(&r.stations[s]);
            }
            let waits: Vec<f64> = reps
                .iter()
                .filter(|r| r.wait_counts[s] > 0)
                .map(|r| r.wait_sums[s] / r.wait_counts[s] as f64)
                .collect();
            let total: u64 = reps.iter().map(|r| r.wait_counts[s]).sum();
            let sum: f64 = reps.iter().map(|r| r.wait_sums[s]).sum();
            let mean_wait = (total > 0).then(|| sum / total as f64);
            SimStation {
                mean_wait,
                mean_wait_ci: mean_wait.and_then(|m| sectioning_interval(m, &waits)),
                p99: h.quantile(0.99),
            }
        })
        .collect();
    SimulatedLatency {
        classes,
        stations,
        requests: reps.iter().map(|r| r.classes[2].count()).sum(),
    }
}
