//! The catalog: instance tiers, technologies, thresholds, prices and reference tables.
//! Compiled in from `catalog/*.yaml` and overlaid, entry by entry, by `--catalog DIR`.

mod figure_index;
mod hardware;
mod measured;
mod name;
mod params;
mod prices;
mod types;

pub use hardware::*;
pub use measured::*;
pub use name::Name;
pub use params::*;
pub use prices::*;
pub use types::*;

use crate::error::{Located, SourceFile};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The prefix of the figures [`Catalog::default_fig`] looks up by the rest of their name.
pub const DEFAULT_PREFIX: &str = "default.";

/// A figure the models ask for that the catalog lacks. Validation requires every one
/// (`REQUIRED_FIGURES`), so this is a bug: an assertion in a debug build, NaN otherwise.
fn missing_figure(key: std::fmt::Arguments) -> f64 {
    debug_assert!(false, "figure {key} not in REQUIRED_FIGURES");
    f64::NAN
}

/// The built-in catalog files: (file name, text).
pub const EMBEDDED: &[(&str, &str)] = &[
    ("compute.yaml", include_str!("../../catalog/compute.yaml")),
    (
        "databases.yaml",
        include_str!("../../catalog/databases.yaml"),
    ),
    (
        "technologies.yaml",
        include_str!("../../catalog/technologies.yaml"),
    ),
    (
        "reference.yaml",
        include_str!("../../catalog/reference.yaml"),
    ),
    ("figures.yaml", include_str!("../../catalog/figures.yaml")),
    ("nodes.yaml", include_str!("../../catalog/nodes.yaml")),
    ("prices.yaml", include_str!("../../catalog/prices.yaml")),
    ("aws.yaml", include_str!("../../catalog/aws.yaml")),
    ("azure.yaml", include_str!("../../catalog/azure.yaml")),
    ("gcp.yaml", include_str!("../../catalog/gcp.yaml")),
];

/// Figures the model reads by key; a catalog without any of them is invalid.
pub const REQUIRED_FIGURES: &[&str] = &[
    "cdn.min_egress_bytes_per_sec",
    "cdn.min_static_share",
    "load_balancer.min_qps",
    "stream.min_msgs_per_sec",
    "microservices.min_engineers",
    "service_mesh.min_services",
    "object_storage.min_file_bytes",
    "search.postgres_fts_max_docs",
    "search.engine_min_docs",
    "api_gateway.min_services",
    "cache.min_read_write_ratio",
    "cache.node_ops_per_sec",
    "cache.memory_overhead",
    "egress.usd_per_gb",
    "cdn.usd_per_gb",
    "cdn.offload_share",
    "api_gateway.usd_per_million_requests",
    "waf.monthly_base",
    "waf.usd_per_million_requests",
    "service_mesh.overhead_share",
    "availability.app_instance",
    "availability.database_instance",
    "availability.load_balancer",
    "availability.cache_node",
    "availability.cdn",
    "availability.object_storage",
    "availability.queue",
    "availability.stream",
    "availability.search",
    "availability.api_gateway",
    "availability.waf",
    "availability.serverless_store",
    "default.peak_factor",
    "default.tier_capacity_point",
    "default.target_utilization",
    "default.cache_hit_ratio",
    "default.min_app_instances_ha",
    "default.ha_availability",
    "default.concurrent_share",
    "default.app_service_seconds",
    "default.app_workers_per_vcpu",
    "default.db_query_seconds",
    "default.db_queries_per_read",
    "latency.app_service_cv",
    "latency.cache_service_cv",
    "latency.db_query_cv",
    "default.db_queries_per_write",
    "default.worker_job_seconds",
    "default.replication",
    "default.hot_set",
    "default.read_write_ratio",
    "default.payload_bytes",
    "default.record_bytes",
    "default.retention_seconds",
    "default.growth_yearly",
    "default.horizon_years",
    "default.media_read_share",
    "default.fanout_delivery_seconds",
    "default.search_share",
    "compute.burstable_baseline",
    "database.max_replicas_per_primary",
    "database.max_bytes_per_node",
    "microservices.engineers_per_service",
    "default.media_object_bytes",
    "price.dynamodb.on_demand_usd_per_million_wru",
    "price.dynamodb.on_demand_usd_per_million_rru",
    "price.dynamodb.usd_per_wcu_hour",
    "price.dynamodb.usd_per_rcu_hour",
    "price.dynamodb.usd_per_gb_month",
    "price.dynamodb.write_unit_bytes",
    "price.dynamodb.read_unit_bytes",
    "price.sqs.standard_usd_per_million_requests",
    "price.sqs.max_batch",
    "price.sqs.request_chunk_bytes",
    "price.kinesis.usd_per_shard_hour",
    "price.kinesis.usd_per_million_put_units",
    "price.kinesis.put_unit_bytes",
    "price.kinesis.shard_in_bytes_per_sec",
    "price.kinesis.shard_in_records_per_sec",
    "price.msk.storage_usd_per_gb_month",
    "price.opensearch.gp3_usd_per_gb_month",
    "price.mq.storage_usd_per_gb_month",
    "price.hours_per_month",
    "price.rds.gp3_large_volume_gib",
    "price.rds.gp3_included_iops_large",
    "default.app_cpu_share",
    "default.worker_cpu_share",
    "default.worker_slots_per_vcpu",
    "database.pool_per_app_instance",
    "realtime.bytes_per_connection",
    "realtime.max_connections_per_process",
    "realtime.reserved_gib",
    "stream.message_bytes",
    "stream.consumer_groups",
    "stream.retention_seconds",
];

/// Problems with catalog data.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("{0}")]
    Parse(Box<Located>),
    /// Problems in several files of an overlay, every one of them.
    #[error("{}", .0.iter().map(|l| l.to_string()).collect::<Vec<_>>().join("\n"))]
    Many(Vec<Located>),
    #[error("catalog is incomplete: {0}")]
    Invalid(String),
    #[error("cannot read catalog directory {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("no catalog entry named `{name}`{hint}")]
    NotFound { name: String, hint: String },
}

/// The merged, validated catalog.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Catalog {
    pub prices_as_of: String,
    pub compute_tiers: Vec<ComputeTier>,
    pub database_tiers: Vec<DatabaseTier>,
    pub technologies: Vec<Technology>,
    pub figures: BTreeMap<String, Figure>,
    pub latency: Vec<LatencyEntry>,
    pub failover: Vec<FailoverStep>,
    pub phases: Vec<Phase>,
    pub ladder: Vec<LadderRung>,
    pub bands: Vec<Band>,
    /// Node types with their resources and prices.
    pub nodes: Vec<Node>,
    /// Where prices and figures come from, by id.
    pub sources: Vec<Source>,
    /// Default technology per role, per cloud.
    pub products: BTreeMap<Cloud, Products>,
    /// Each cloud's price book.
    pub clouds: BTreeMap<Cloud, PriceBook>,
    /// Names of entries (tiers, technologies, figures) that came from an overlay.
    pub overridden: BTreeSet<String>,
    /// The app tier's measured service-time shape, when an overlay has one.
    pub app_service_distribution: Option<MeasuredService>,
    /// Every node choice's node types, cheapest first, worked out once at load: a Monte
    /// Carlo sample asks for them per component, and filtering and sorting every node type
    /// each time was most of a sample's cost.
    #[serde(skip)]
    node_lists: Vec<NodeList>,
    /// The figures' values by name in a hash table, built at load for the models' lookups.
    #[serde(skip)]
    figure_values: figure_index::FigureIndex,
    /// The `default.<name>` figures by `<name>`: a plan looks up dozens of defaults by their
    /// short names, and spelling each full key to look it up cost more than the lookup.
    #[serde(skip)]
    default_values: figure_index::FigureIndex,
}

/// The node types (indices into [`Catalog::nodes`], cheapest first) of one service and
/// family list.
#[derive(Debug, Clone)]
struct NodeList {
    cloud: Cloud,
    service: NodeService,
    families: Vec<String>,
    nodes: Vec<usize>,
}

fn parse_file(name: &str, text: &str) -> Result<CatalogFile, CatalogError> {
    serde_yaml::from_str::<CatalogFile>(text).map_err(|e| {
        let src = SourceFile::new(name, text);
        CatalogError::Parse(Box::new(src.yaml_error(&e, "a catalog file")))
    })
}

/// Replace entries with the same key, append new ones; remember which were overlaid.
fn merge_by<T: Clone>(
    base: &mut Vec<T>,
    over: Vec<T>,
    key: impl Fn(&T) -> String,
    overridden: &mut BTreeSet<String>,
) {
    for item in over {
        let k = key(&item);
        overridden.insert(k.clone());
        match base.iter_mut().find(|b| key(b) == k) {
            Some(slot) => *slot = item,
            None => base.push(item),
        }
    }
}

impl Catalog {
    /// The built-in catalog.
    pub fn builtin() -> Result<Catalog, CatalogError> {
        let files = EMBEDDED
            .iter()
            .map(|(n, t)| parse_file(&format!("catalog/{n}"), t))
            .collect::<Result<Vec<_>, _>>()?;
        Catalog::from_files(files, Vec::new())
    }

    /// The built-in catalog with the YAML files of `dir` overlaid.
    pub fn with_overlay(dir: &Path) -> Result<Catalog, CatalogError> {
        let base = EMBEDDED
            .iter()
            .map(|(n, t)| parse_file(&format!("catalog/{n}"), t))
            .collect::<Result<Vec<_>, _>>()?;
        let over = read_dir_files(dir)?;
        Catalog::from_files(base, over)
    }

    /// Built-in catalog, or with an overlay when a directory is given.
    pub fn load(dir: Option<&Path>) -> Result<Catalog, CatalogError> {
        match dir {
            Some(d) => Catalog::with_overlay(d),
            None => Catalog::builtin(),
        }
    }

    fn from_files(
        base: Vec<CatalogFile>,
        overlay: Vec<CatalogFile>,
    ) -> Result<Catalog, CatalogError> {
        let mut c = Catalog {
            prices_as_of: String::new(),
            compute_tiers: vec![],
            database_tiers: vec![],
            technologies: vec![],
            figures: BTreeMap::new(),
            latency: vec![],
            failover: vec![],
            phases: vec![],
            ladder: vec![],
            bands: vec![],
            nodes: vec![],
            sources: vec![],
            products: BTreeMap::new(),
            clouds: BTreeMap::new(),
            overridden: BTreeSet::new(),
            app_service_distribution: None,
            node_lists: Vec::new(),
            figure_values: Default::default(),
            default_values: Default::default(),
        };
        let mut sink = BTreeSet::new();
        for (files, is_overlay) in [(base, false), (overlay, true)] {
            for f in files {
                let marks = if is_overlay {
                    &mut c.overridden
                } else {
                    &mut sink
                };
                if let Some(p) = f.prices_as_of {
                    c.prices_as_of = p;
                }
                merge_by(
                    &mut c.compute_tiers,
                    f.compute_tiers,
                    |t| t.name.to_string(),
                    marks,
                );
                merge_by(
                    &mut c.database_tiers,
                    f.database_tiers,
                    |t| t.name.to_string(),
                    marks,
                );
                merge_by(
                    &mut c.technologies,
                    f.technologies,
                    |t| t.name.to_string(),
                    marks,
                );
                for (k, v) in f.figures {
                    marks.insert(k.clone());
                    c.figures.insert(k, v);
                }
                merge_by(&mut c.latency, f.latency, |t| t.name.clone(), marks);
                if !f.failover.is_empty() {
                    c.failover = f.failover;
                }
                merge_by(&mut c.phases, f.phases, |t| t.number.to_string(), marks);
                merge_by(&mut c.ladder, f.ladder, |t| t.rung.to_string(), marks);
                merge_by(&mut c.bands, f.bands, |t| t.name.clone(), marks);
                merge_by(&mut c.nodes, f.nodes, |t| t.name.to_string(), marks);
                merge_by(&mut c.sources, f.sources, |t| t.id.clone(), marks);
                for (cloud, p) in f.products {
                    c.products.insert(cloud, p);
                }
                for (cloud, p) in f.clouds {
                    marks.insert(format!("prices of {}", cloud.label()));
                    c.clouds.insert(cloud, p);
                }
                if let Some(m) = f.app_service_distribution {
                    marks.insert("app_service_distribution".into());
                    c.app_service_distribution = Some(m);
                }
            }
        }
        c.compute_tiers.sort_by(|a, b| {
            a.monthly_cost
                .low
                .total_cmp(&b.monthly_cost.low)
                .then(a.name.cmp(&b.name))
        });
        c.database_tiers.sort_by(|a, b| {
            a.monthly_cost
                .low
                .total_cmp(&b.monthly_cost.low)
                .then(a.name.cmp(&b.name))
        });
        c.phases.sort_by_key(|p| p.number);
        c.ladder.sort_by_key(|p| p.rung);
        c.bands.sort_by(|a, b| a.min_users.total_cmp(&b.min_users));
        c.validate()?;
        c.node_lists = c.index_node_lists();
        for i in 0..c.nodes.len() {
            let n = &c.nodes[i];
            c.nodes[i].users_tier =
                c.users_tier(n.vcpus, n.ram_gib, n.class == NodeClass::Burstable);
        }
        c.figure_values =
            figure_index::FigureIndex::new(c.figures.iter().map(|(k, f)| (k.as_str(), f.value)));
        c.default_values = figure_index::FigureIndex::new(
            c.figures
                .iter()
                .filter_map(|(k, f)| Some((k.strip_prefix(DEFAULT_PREFIX)?, f.value))),
        );
        Ok(c)
    }

    /// Every problem at once, so a company's overlay can be fixed in one pass.
    fn validate(&self) -> Result<(), CatalogError> {
        let mut problems = Vec::new();
        for k in REQUIRED_FIGURES {
            if !self.figures.contains_key(*k) {
                problems.push(format!("figure `{k}` is missing"));
            }
        }
        for (k, f) in &self.figures {
            if !f.value.is_finite() || f.value < 0.0 {
                problems.push(format!(
                    "figure `{k}` must be a finite, non-negative number (found {})",
                    f.value
                ));
            }
            // Availabilities are shares; the failure rates and times beside them are not.
            let share = (k.starts_with("availability.") && f.unit == "fraction")
                || matches!(
                    k.as_str(),
                    "default.target_utilization"
                        | "default.cache_hit_ratio"
                        | "cdn.offload_share"
                        | "deployment.failover_ceiling"
                );
            if share && !(0.0 < f.value && f.value <= 1.0) {
                problems.push(format!(
                    "figure `{k}` is a share and must be in (0, 1] (found {})",
                    f.value
                ));
            }
            if f.source.trim().is_empty() {
                problems.push(format!("figure `{k}` has no source"));
            }
        }
        let ranges = self
            .compute_tiers
            .iter()
            .map(|t| (&t.name, t.monthly_cost, t.concurrent_users))
            .chain(
                self.database_tiers
                    .iter()
                    .map(|t| (&t.name, t.monthly_cost, Some(t.queries_per_sec))),
            );
        for (name, cost, cap) in ranges {
            for (what, r) in [("monthly_cost", Some(cost)), ("capacity", cap)] {
                if let Some(r) = r {
                    if !(r.low.is_finite() && r.high.is_finite() && 0.0 < r.low && r.low <= r.high)
                    {
                        problems.push(format!(
                            "tier `{name}`: {what} must have 0 < low ≤ high (found {}–{})",
                            r.low, r.high
                        ));
                    }
                }
            }
        }
        if self.compute_tiers.is_empty() {
            problems.push("no compute tiers".into());
        }
        if self.database_tiers.is_empty() {
            problems.push("no database tiers".into());
        }
        self.validate_nodes(&mut problems);
        if let Some(m) = &self.app_service_distribution {
            problems.extend(m.problems());
        }
        if self.phases.len() != 3 {
            problems.push(format!(
                "expected 3 scaling phases, found {}",
                self.phases.len()
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(CatalogError::Invalid(problems.join("; ")))
        }
    }

    /// Node types must have positive resources and a price with a listed source; a
    /// technology's sizing must name node families the catalog has.
    fn validate_nodes(&self, problems: &mut Vec<String>) {
        for n in &self.nodes {
            let positive = n.vcpus > 0
                && [n.ram_gib, n.network_gbps, n.usd_per_hour]
                    .iter()
                    .all(|v| v.is_finite() && *v > 0.0)
                && [n.local_disk_gib, n.ebs_mb_per_s, n.max_storage_gib]
                    .iter()
                    .all(|v| v.is_finite() && *v >= 0.0);
            if !positive {
                problems.push(format!(
                    "node `{}`: vcpus, ram_gib, network_gbps and usd_per_hour must be positive, disks non-negative",
                    n.name
                ));
            }
            let managed_storage = matches!(
                n.service,
                NodeService::Rds
                    | NodeService::Msk
                    | NodeService::Opensearch
                    | NodeService::CloudSql
                    | NodeService::AzureDatabase
            );
            if managed_storage && n.max_storage_gib <= 0.0 {
                problems.push(format!(
                    "node `{}`: a {:?} node needs max_storage_gib > 0",
                    n.name, n.service
                ));
            }
            if n.service == NodeService::Msk && n.ebs_mb_per_s <= 0.0 {
                problems.push(format!(
                    "node `{}`: a broker needs ebs_mb_per_s > 0",
                    n.name
                ));
            }
            if self.source(&n.source).is_none() {
                problems.push(format!(
                    "node `{}`: source `{}` is not in the sources list",
                    n.name, n.source
                ));
            }
        }
        // A cloud the catalog offers (it has products) must have its price book.
        for cloud in Cloud::ALL
            .into_iter()
            .filter(|c| self.products.contains_key(c))
        {
            match self.clouds.get(&cloud) {
                None => problems.push(format!("no price book for {}", cloud.label())),
                Some(b) => {
                    problems.extend(b.problems(cloud));
                    for id in b.source_ids() {
                        if self.source(id).is_none() {
                            problems.push(format!(
                                "{} prices: source `{id}` is not in the sources list",
                                cloud.label()
                            ));
                        }
                    }
                }
            }
            let Some(p) = self.products.get(&cloud) else {
                problems.push(format!("no products for {cloud:?}"));
                continue;
            };
            for (role, name) in p.all() {
                match self.technology(name) {
                    None => problems.push(format!(
                        "products.{cloud:?}.{role}: no technology named `{name}`"
                    )),
                    Some(t)
                        if matches!(role, "database" | "cache" | "queue" | "stream" | "search")
                            && t.sizing.is_none() =>
                    {
                        problems.push(format!(
                            "products.{cloud:?}.{role}: `{name}` has no sizing block"
                        ))
                    }
                    Some(_) => {}
                }
            }
        }
        for t in &self.technologies {
            for p in t.sizing.iter().flat_map(|s| s.problems()) {
                problems.push(format!("technology `{}` sizing: {p}", t.name));
            }
            let Some(choice) = t.sizing.as_ref().and_then(|s| s.node_choice()) else {
                continue;
            };
            for cloud in Cloud::ALL {
                let Some((service, families)) = choice.in_cloud(cloud) else {
                    continue;
                };
                for fam in families {
                    if !self
                        .nodes
                        .iter()
                        .any(|n| n.cloud == cloud && n.service == service && n.family() == fam)
                    {
                        problems.push(format!(
                            "technology `{}`: no {} {service:?} node of family `{fam}` in the catalog",
                            t.name,
                            cloud.label()
                        ));
                    }
                }
            }
        }
    }

    /// The default technologies of a cloud (validated to exist for every cloud).
    pub fn products(&self, cloud: Cloud) -> &Products {
        self.products
            .get(&cloud)
            .or_else(|| self.products.values().next())
            .expect("validated: every cloud has products")
    }

    /// A cloud's price book (validated to exist for every cloud).
    pub fn prices(&self, cloud: Cloud) -> &PriceBook {
        self.clouds
            .get(&cloud)
            .or_else(|| self.clouds.values().next())
            .expect("validated: every cloud has a price book")
    }

    /// A source by id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// Node types a technology may run on in a cloud, cheapest first.
    pub fn nodes_for(&self, choice: &NodeChoice, cloud: Cloud) -> Vec<&Node> {
        let Some((service, families)) = choice.in_cloud(cloud) else {
            return Vec::new();
        };
        match self
            .node_lists
            .iter()
            .find(|l| l.cloud == cloud && l.service == service && l.families == families)
        {
            Some(l) => l.nodes.iter().map(|&i| &self.nodes[i]).collect(),
            None => self
                .scan_nodes(cloud, service, families)
                .into_iter()
                .map(|i| &self.nodes[i])
                .collect(),
        }
    }

    /// Indices of the node types of `service` in one of `families`, cheapest first (then by
    /// name, so that equal prices keep one order).
    fn scan_nodes(&self, cloud: Cloud, service: NodeService, families: &[String]) -> Vec<usize> {
        let mut v: Vec<usize> = (0..self.nodes.len())
            .filter(|&i| {
                let n = &self.nodes[i];
                n.cloud == cloud && n.service == service && families.iter().any(|f| f == n.family())
            })
            .collect();
        v.sort_by(|&a, &b| {
            let (a, b) = (&self.nodes[a], &self.nodes[b]);
            a.usd_per_hour
                .total_cmp(&b.usd_per_hour)
                .then(a.name.cmp(&b.name))
        });
        v
    }

    /// The reference tier whose documented users per vCPU an instance credits: the largest
    /// of the same kind (burstable or not) with users documented and no more vCPUs and no
    /// more RAM than the instance; none when no documented tier is that small.
    pub fn users_tier(&self, vcpus: u32, ram_gib: f64, burstable: bool) -> Option<usize> {
        self.compute_tiers
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                t.concurrent_users.is_some()
                    && t.aws.starts_with('t') == burstable
                    && t.vcpus <= vcpus
                    && t.ram_gb <= ram_gib + 1e-9
            })
            .max_by(|(_, a), (_, b)| a.vcpus.cmp(&b.vcpus).then(a.ram_gb.total_cmp(&b.ram_gb)))
            .map(|(i, _)| i)
    }

    /// The node lists of every choice in the catalog, in every cloud it names.
    fn index_node_lists(&self) -> Vec<NodeList> {
        let choices = self
            .technologies
            .iter()
            .filter_map(|t| t.sizing.as_ref().and_then(|s| s.node_choice()))
            .chain(
                self.products
                    .values()
                    .flat_map(|p| [&p.app_nodes, &p.realtime_nodes]),
            );
        let mut lists: Vec<NodeList> = Vec::new();
        for choice in choices {
            for cloud in Cloud::ALL {
                let Some((service, families)) = choice.in_cloud(cloud) else {
                    continue;
                };
                if lists
                    .iter()
                    .any(|l| l.cloud == cloud && l.service == service && l.families == families)
                {
                    continue;
                }
                lists.push(NodeList {
                    cloud,
                    service,
                    families: families.to_vec(),
                    nodes: self.scan_nodes(cloud, service, families),
                });
            }
        }
        lists
    }

    /// A node type by name.
    pub fn node(&self, name: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.name == name)
    }

    /// A figure's value. Presence is guaranteed by validation.
    pub fn fig(&self, key: &str) -> f64 {
        self.figure_values
            .get(key)
            .unwrap_or_else(|| missing_figure(format_args!("{key}")))
    }

    /// The figure `default.<name>`, by `<name>`.
    pub fn default_fig(&self, name: &str) -> f64 {
        self.default_values
            .get(name)
            .unwrap_or_else(|| missing_figure(format_args!("{DEFAULT_PREFIX}{name}")))
    }

    /// A figure with its metadata.
    pub fn figure(&self, key: &str) -> Option<&Figure> {
        self.figures.get(key)
    }

    pub fn technology(&self, name: &str) -> Option<&Technology> {
        self.technologies.iter().find(|t| t.name == name)
    }

    pub fn compute_tier(&self, name: &str) -> Option<&ComputeTier> {
        self.compute_tiers.iter().find(|t| t.name == name)
    }

    pub fn database_tier(&self, name: &str) -> Option<&DatabaseTier> {
        self.database_tiers.iter().find(|t| t.name == name)
    }

    /// Round-trip time of a named latency-table row, in seconds.
    pub fn latency_s(&self, name: &str) -> Option<f64> {
        self.latency
            .iter()
            .find(|l| l.name == name)
            .map(|l| l.seconds)
    }

    /// Every entry's name, for `catalog list` and "did you mean" hints.
    pub fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .compute_tiers
            .iter()
            .map(|t| t.name.to_string())
            .chain(self.compute_tiers.iter().map(|t| t.aws.to_string()))
            .chain(self.database_tiers.iter().map(|t| t.name.to_string()))
            .chain(self.database_tiers.iter().map(|t| t.aws.to_string()))
            .chain(self.technologies.iter().map(|t| t.name.to_string()))
            .chain(self.nodes.iter().map(|n| n.name.to_string()))
            .chain(self.figures.keys().cloned())
            .collect();
        v.sort();
        v.dedup();
        v
    }
}

/// Read and parse every `*.yaml`/`*.yml` file of `dir`, in name order.
pub fn read_dir_files(dir: &Path) -> Result<Vec<CatalogFile>, CatalogError> {
    let io = |e| CatalogError::Io {
        path: dir.display().to_string(),
        source: e,
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml") | Some("yml")
            )
        })
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(CatalogError::Invalid(format!(
            "{} holds no .yaml files",
            dir.display()
        )));
    }
    // Every file is read, so one run reports every broken file.
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for p in &paths {
        let text = std::fs::read_to_string(p).map_err(|e| CatalogError::Io {
            path: p.display().to_string(),
            source: e,
        })?;
        match parse_file(&p.display().to_string(), &text) {
            Ok(f) => files.push(f),
            Err(CatalogError::Parse(l)) => problems.push(*l),
            Err(e) => return Err(e),
        }
    }
    match problems.len() {
        0 => Ok(files),
        1 => Err(CatalogError::Parse(Box::new(problems.remove(0)))),
        _ => Err(CatalogError::Many(problems)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_loads_and_has_the_seed_tables() {
        let c = Catalog::builtin().unwrap();
        assert_eq!(c.compute_tiers.len(), 7);
        assert_eq!(c.database_tiers.len(), 5);
        assert_eq!(c.phases.len(), 3);
        assert_eq!(c.ladder.len(), 9);
        assert!(c.bands.len() >= 5);
        let m5 = c
            .compute_tiers
            .iter()
            .find(|t| t.aws == "m5.xlarge")
            .unwrap();
        // System Design Guide: Production m5.xlarge, 4 vCPU, 16 GB, $140–185, ~10,000–30,000 users
        assert_eq!(m5.vcpus, 4);
        assert_eq!(
            m5.monthly_cost,
            Range {
                low: 140.0,
                high: 185.0
            }
        );
        assert_eq!(
            m5.concurrent_users,
            Some(Range {
                low: 10_000.0,
                high: 30_000.0
            })
        );
        let r5 = c
            .database_tiers
            .iter()
            .find(|t| t.aws == "db.r5.xlarge")
            .unwrap();
        assert_eq!(
            r5.queries_per_sec,
            Range {
                low: 5_000.0,
                high: 15_000.0
            }
        );
        assert!(c.overridden.is_empty());
        for (k, f) in &c.figures {
            assert!(!f.source.is_empty(), "{k}");
        }
    }

    #[test]
    fn overlay_replaces_by_name_and_is_marked() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("prices.yaml"),
            "figures:\n  egress.usd_per_gb:\n    value: 0.02\n    unit: USD/GB\n    meaning: negotiated\n    source: our contract\n",
        )
        .unwrap();
        let c = Catalog::with_overlay(dir.path()).unwrap();
        assert_eq!(c.fig("egress.usd_per_gb"), 0.02);
        assert!(c.overridden.contains("egress.usd_per_gb"));
    }

    #[test]
    fn overlay_errors_name_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("bad.yaml"),
            "figures:\n  egress.usd_per_gb:\n    value: 0.02\n    units: USD/GB\n",
        )
        .unwrap();
        let e = Catalog::with_overlay(dir.path()).unwrap_err().to_string();
        assert!(e.contains("bad.yaml"), "{e}");
        assert!(e.contains("bad.yaml:4:5"), "{e}");
        assert!(e.contains("unit"), "{e}");
    }
}
