//! The catalog's data types: what `catalog/*.yaml` holds. Every figure carries its `source`.

use super::Name;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A documented low–high range (cost, capacity).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Range {
    pub low: f64,
    pub high: f64,
}

impl Range {
    pub fn mid(&self) -> f64 {
        (self.low + self.high) / 2.0
    }
    /// The point at `t` in [0, 1] between low and high (0.5 = midpoint).
    pub fn at(&self, t: f64) -> f64 {
        self.low + (self.high - self.low) * t
    }
}

/// One app/web server tier (System Design Guide, "Real-World Server Tiers").
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComputeTier {
    /// Short id, e.g. `production`.
    pub name: Name,
    /// Display label, e.g. `Production`.
    pub label: String,
    pub aws: Name,
    pub azure: Name,
    /// The Google Cloud machine type of the same shape (empty in an older overlay).
    #[serde(default)]
    pub gcp: Name,
    pub vcpus: u32,
    pub ram_gb: f64,
    /// US dollars per month per instance.
    pub monthly_cost: Range,
    /// Concurrent users one instance handles; absent for tiers sold on CPU, not users.
    #[serde(default)]
    pub concurrent_users: Option<Range>,
    #[serde(default)]
    pub note: String,
    pub source: String,
}

/// One managed database tier (System Design Guide, "Managed Databases").
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseTier {
    pub name: Name,
    pub label: String,
    pub aws: Name,
    pub azure: Name,
    /// The Cloud SQL machine type of the same shape (empty in an older overlay).
    #[serde(default)]
    pub gcp: Name,
    pub vcpus: u32,
    pub ram_gb: f64,
    pub monthly_cost: Range,
    /// Simple queries per second one instance handles.
    pub queries_per_sec: Range,
    #[serde(default)]
    pub note: String,
    pub source: String,
}

/// A reference tier's names: its short id and its AWS and Azure instance names.
pub trait ReferenceTier {
    /// `[short id, AWS name, Azure name, GCP name]`.
    fn ids(&self) -> [Name; 4];

    /// Whether `n` names this tier (by id or by a cloud's name).
    fn is_named(&self, n: &str) -> bool {
        !n.is_empty() && self.ids().iter().any(|i| *i == n)
    }

    /// The tier's instance name in a cloud.
    fn name_in(&self, cloud: super::hardware::Cloud) -> Name {
        match cloud {
            super::hardware::Cloud::Aws => self.ids()[1],
            super::hardware::Cloud::Azure => self.ids()[2],
            super::hardware::Cloud::Gcp if !self.ids()[3].is_empty() => self.ids()[3],
            super::hardware::Cloud::Gcp => self.ids()[0],
        }
    }
}

impl ReferenceTier for ComputeTier {
    fn ids(&self) -> [Name; 4] {
        [self.name, self.aws, self.azure, self.gcp]
    }
}

impl ReferenceTier for DatabaseTier {
    fn ids(&self) -> [Name; 4] {
        [self.name, self.aws, self.azure, self.gcp]
    }
}

/// The categories technologies are grouped by.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Relational,
    Document,
    KeyValue,
    WideColumn,
    Graph,
    TimeSeries,
    Vector,
    Cache,
    Queue,
    Stream,
    Search,
    ObjectStorage,
    Cdn,
    LoadBalancer,
    ApiGateway,
    Waf,
    ServiceMesh,
    Coordination,
    Dns,
    Realtime,
    Observability,
    Warehouse,
    Compute,
}

/// A technology (PostgreSQL, Redis, Kafka, …) with when to use it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Technology {
    /// Lower-case id used in `choices:`, e.g. `postgresql`.
    pub name: Name,
    pub label: String,
    pub category: Category,
    /// One line: what it is and what it is best at.
    pub summary: String,
    /// When to reach for it (thresholds in words, with numbers).
    #[serde(default)]
    pub use_when: Vec<String>,
    /// When not to.
    #[serde(default)]
    pub avoid_when: Vec<String>,
    /// Managed offerings / examples (e.g. "AWS ElastiCache").
    #[serde(default)]
    pub examples: Vec<String>,
    /// How the technology is sized, by model family; absent for ones capplan does not size.
    #[serde(default)]
    pub sizing: Option<super::params::Sizing>,
    pub source: String,
}

/// A named numeric figure the model reads: a threshold, a price, a per-node capacity, a
/// default. Figures the seeds lack are marked `assumption: true` and say where they come from.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub value: f64,
    /// Unit of `value`, e.g. `bytes/s`, `USD/GB-month`, `qps`, `fraction`, `seconds`.
    pub unit: String,
    /// What it means, one line.
    pub meaning: String,
    pub source: String,
    #[serde(default)]
    pub assumption: bool,
}

/// One row of the latency numbers table (System Design Guide).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LatencyEntry {
    pub name: String,
    pub operation: String,
    pub seconds: f64,
    pub source: String,
}

/// One step of the database failover timeline (System Design Guide).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FailoverStep {
    pub at_seconds: f64,
    pub event: String,
    pub source: String,
}

/// A scaling phase (System Design Guide: 1 vertical, 2 distribute reads, 3 partition data).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub number: u8,
    pub name: String,
    pub summary: String,
    pub actions: Vec<String>,
    pub source: String,
}

/// One rung of the nine-rung scaling ladder (System Design Guide).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LadderRung {
    pub rung: u8,
    pub name: String,
    pub summary: String,
    pub source: String,
}

/// A by-scale band (Distributed System Components Guide, "By Scale"): which components a user count suggests.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub name: String,
    /// Users (DAU) from which the band applies, inclusive.
    pub min_users: f64,
    /// Users up to which it applies, exclusive; absent for the top band.
    #[serde(default)]
    pub max_users: Option<f64>,
    /// Component roles the band suggests (same names as plan roles where one exists).
    pub suggests: Vec<String>,
    pub summary: String,
    pub source: String,
}

/// The whole catalog. Every file in `catalog/` deserialises into this shape with only the
/// sections it has; files are merged section by section, entries by name.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogFile {
    /// Date the prices were taken, e.g. `2025-01`.
    #[serde(default)]
    pub prices_as_of: Option<String>,
    #[serde(default)]
    pub compute_tiers: Vec<ComputeTier>,
    #[serde(default)]
    pub database_tiers: Vec<DatabaseTier>,
    #[serde(default)]
    pub technologies: Vec<Technology>,
    #[serde(default)]
    pub figures: BTreeMap<String, Figure>,
    #[serde(default)]
    pub latency: Vec<LatencyEntry>,
    #[serde(default)]
    pub failover: Vec<FailoverStep>,
    #[serde(default)]
    pub phases: Vec<Phase>,
    #[serde(default)]
    pub ladder: Vec<LadderRung>,
    #[serde(default)]
    pub bands: Vec<Band>,
    #[serde(default)]
    pub nodes: Vec<super::hardware::Node>,
    /// Default technology per role, per cloud.
    #[serde(default)]
    pub products: BTreeMap<super::hardware::Cloud, super::hardware::Products>,
    #[serde(default)]
    pub sources: Vec<super::hardware::Source>,
    /// Each cloud's price book.
    #[serde(default)]
    pub clouds: BTreeMap<super::hardware::Cloud, super::prices::PriceBook>,
    /// The app tier's measured service-time shape (`capplan calibrate` writes it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_service_distribution: Option<super::measured::MeasuredService>,
}
