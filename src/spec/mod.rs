//! The spec: what a user writes (YAML or TOML, one schema), validated into [`Spec`].
//!
//! Two layers: [`SpecFile`] is the serde form, whose numbers may be uncertain ([`Dist`]);
//! [`SpecFile::resolve`] turns it into a [`Spec`] of plain numbers by drawing each quantity
//! (its central value for the deterministic estimate, a random sample for Monte Carlo) and
//! checks every value against its rule. Defaults are not filled here: the model resolves them
//! from the catalog so each one is reported as an assumption.

pub mod deployment;
pub mod quantity;
pub mod schema;

pub use quantity::{Concurrent, Dist};

use crate::error::{Located, SourceFile};
use quantity::{AnyNumber, Count, Duration, Money, Rate, Ratio, Share, Size};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The spec as written.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    /// The system's name, shown as the report title.
    pub name: String,
    /// One line on what the system does, shown under the title.
    #[serde(default)]
    pub description: Option<String>,
    /// The request volume and its shape.
    pub traffic: Traffic,
    #[serde(default)]
    pub payloads: Payloads,
    #[serde(default)]
    pub data: Data,
    #[serde(default)]
    pub growth: Growth,
    #[serde(default)]
    pub slo: Slo,
    #[serde(default)]
    pub budget: Budget,
    #[serde(default)]
    pub service_time: ServiceTime,
    #[serde(default)]
    pub choices: Choices,
    /// Where it runs: availability zones, regions.
    #[serde(default)]
    pub deployment: deployment::DeploymentFile,
    /// What the system does besides request/response; each feature adds components.
    #[serde(default)]
    pub features: Vec<Feature>,
    /// Engineers working on the system (microservices pay off past 50).
    #[serde(default)]
    pub team_size: Option<Count>,
    /// Overrides of the model's defaults by name (`peak_factor: 3`, `cache_hit_ratio: 95%`).
    #[serde(default)]
    #[schemars(schema_with = "crate::spec::schema::assumptions_schema")]
    pub assumptions: BTreeMap<String, AnyNumber>,
    /// Limits `capplan check` enforces besides budget and SLOs.
    #[serde(default)]
    pub limits: Limits,
}

/// Limits for `capplan check`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Highest scaling phase allowed (1–3).
    #[schemars(range(min = 1, max = 3))]
    pub max_phase: Option<u8>,
    /// Most instances: a total (`60`) or per role (`{app: 20, total: 60}`).
    pub max_instances: Option<MaxInstances>,
    /// Least load growth the design must absorb before any component grows, as a multiple
    /// (`1.5`, `1.5x`) or a percentage of extra load (`50%`).
    pub min_headroom: Option<Multiple>,
    /// Largest monthly cost increase against `--baseline`: `10%` or `$2,000`.
    pub max_monthly_cost_increase: Option<CostIncrease>,
}

/// A total instance count or counts per role.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum MaxInstances {
    Total(u32),
    PerRole(BTreeMap<String, u32>),
}

/// A load multiple: `1.5`, `1.5x`, `1.5×`, or `50%` (= 1.5×).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Multiple(pub f64);

impl schemars::JsonSchema for Multiple {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Multiple".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        crate::spec::schema::multiple_schema(g)
    }
}

impl<'de> Deserialize<'de> for Multiple {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        // `1.5x` / `1.5×`: strip the multiplication sign before reading the number.
        let value = serde_yaml::Value::deserialize(d)?;
        let raw = match &value {
            serde_yaml::Value::Number(n) => n.as_f64().unwrap_or(f64::NAN),
            serde_yaml::Value::String(s) => {
                let t = s.trim().trim_end_matches(['x', 'X', '×']).trim();
                match t.strip_suffix('%') {
                    Some(p) => p.trim().parse::<f64>().map(|v| v / 100.0),
                    None => t.parse::<f64>(),
                }
                .map_err(|_| {
                    D::Error::custom(format!(
                        "expected a load multiple like `1.5x` or a percentage like `50%`, found `{s}`"
                    ))
                })?
            }
            _ => {
                return Err(D::Error::custom(
                    "expected a load multiple like `1.5x` or a percentage like `50%`",
                ))
            }
        };
        // `50%` parses as 0.5 extra load; a bare number is the multiple itself.
        let m = if raw < 1.0 { 1.0 + raw } else { raw };
        if !(1.0..=1e6).contains(&m) {
            return Err(D::Error::custom(format!(
                "expected a load multiple of at least 1 (e.g. `1.5x` or `50%`), found {raw}"
            )));
        }
        Ok(Multiple(m))
    }
}

/// A cost increase limit: relative (`10%`) or absolute (`$2,000`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CostIncrease {
    Relative(f64),
    Absolute(f64),
}

impl schemars::JsonSchema for CostIncrease {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CostIncrease".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        crate::spec::schema::cost_increase_schema()
    }
}

impl<'de> Deserialize<'de> for CostIncrease {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let s = match serde_yaml::Value::deserialize(d)? {
            serde_yaml::Value::String(s) => s,
            serde_yaml::Value::Number(n) => n.to_string(),
            _ => return Err(D::Error::custom("expected `10%` or `$2,000`")),
        };
        if s.trim().ends_with('%') {
            crate::units::parse_fraction(&s)
                .map(CostIncrease::Relative)
                .map_err(D::Error::custom)
        } else {
            crate::units::parse_money(&s)
                .map(CostIncrease::Absolute)
                .map_err(D::Error::custom)
        }
    }
}

/// The request volume (`dau` × `requests_per_user`, or `qps`, or `peak_qps`) and its shape.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Traffic {
    /// Daily active users.
    pub dau: Option<Count>,
    /// Requests per user per day.
    pub requests_per_user: Option<Count>,
    /// Average requests per second (instead of DAU × requests per user).
    pub qps: Option<Rate>,
    /// Peak requests per second (instead of average × peak factor).
    pub peak_qps: Option<Rate>,
    /// Reads per write, e.g. `100:1`.
    pub read_write_ratio: Option<Ratio>,
    /// Peak over average.
    pub peak_factor: Option<Count>,
    /// Users online at peak: a share of DAU or a number.
    pub concurrent_users: Option<Concurrent>,
    /// Deliveries per write for fan-out-on-write (followers per post, members per room).
    pub fanout: Option<Count>,
    /// Share of reads that also fetch a media object, with `media`.
    pub media_reads: Option<Share>,
    /// Where the users are: shares by geography, e.g. `{us: 60%, eu: 30%, apac: 10%}`.
    pub geography: Option<BTreeMap<String, Share>>,
}

/// Bytes per request.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Payloads {
    /// Bytes returned per read.
    pub read: Option<Size>,
    /// Bytes received per write.
    pub write: Option<Size>,
    /// Bytes returned per media fetch (a video segment, an image), with `media`; default: the
    /// whole media object.
    pub media: Option<Size>,
}

/// What is stored and for how long.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Data {
    /// Bytes stored per write (one record).
    pub record_size: Option<Size>,
    /// How long records are kept.
    pub retention: Option<Duration>,
    /// Copies of each record.
    pub replication: Option<Count>,
    /// Share of the data that serves most reads (the cache's working set).
    pub hot_set: Option<Share>,
    /// Documents to index for search (default: every record).
    pub documents: Option<Count>,
    /// Bytes per media object (with the `media` feature).
    pub media_size: Option<Size>,
    /// Share of writes that upload a media object (with `media`; default all).
    pub media_share: Option<Share>,
    /// Share of responses that are static content a CDN can serve.
    pub static_share: Option<Share>,
    /// Records already held at launch (one copy), e.g. `50 TB` for a system that migrates its
    /// data in; default none: a new system holds nothing on day one.
    pub existing: Option<Size>,
}

/// Load growth and the planning horizon.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Growth {
    /// Yearly growth of the load, e.g. `40%`.
    pub yearly: Option<Share>,
    /// How far ahead to plan, e.g. `3 years`.
    pub horizon: Option<Duration>,
}

/// Service-level objectives.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Slo {
    /// 99th-percentile request latency target, e.g. `200ms`.
    pub p99: Option<Duration>,
    /// Availability target, e.g. `99.95%`; from 99.9% up, N+1 and a standby are planned.
    pub availability: Option<Share>,
}

/// The monthly budget `capplan check` holds the cost to.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// Monthly infrastructure budget in US dollars, e.g. `$20,000`.
    pub monthly: Option<Money>,
    /// Percentile of the cost distribution that must be within budget (with uncertain inputs).
    pub confidence: Option<Share>,
}

/// Measured service times (defaults are typical figures).
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceTime {
    /// Work per request on one app worker.
    pub app: Option<Duration>,
    /// One database query.
    pub db_query: Option<Duration>,
    /// One cache lookup.
    pub cache: Option<Duration>,
    /// One async job.
    pub worker: Option<Duration>,
}

pub use crate::catalog::Cloud;

/// Technologies and tiers to pin; ids from `capplan catalog list`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Choices {
    /// The cloud whose tier names and prices are used.
    #[serde(default)]
    pub cloud: Cloud,
    /// Technology ids from the catalog (`capplan catalog list`).
    pub database: Option<String>,
    /// The cache, e.g. `redis` or `memcached`.
    pub cache: Option<String>,
    /// The queue for `async_jobs`, e.g. `sqs` or `rabbitmq`.
    pub queue: Option<String>,
    /// The event stream for `fanout`, e.g. `kafka` or `kinesis`.
    pub stream: Option<String>,
    /// The search engine for `search`, e.g. `elasticsearch`.
    pub search: Option<String>,
    /// Pin the app tier (e.g. `production` or `m5.xlarge`).
    pub app_tier: Option<String>,
    /// Pin the database tier (e.g. `production` or `db.r5.xlarge`).
    pub database_tier: Option<String>,
    /// Which hardware the app tier and relational database are sized on: `catalog` (the node
    /// catalog's instance types, the default) or `reference` (the System Design Guide's
    /// reference tier set, as in its estimation tip and the practice drills).
    #[serde(default)]
    pub hardware: Hardware,
    /// How compute is bought: `on_demand` (the default), `savings_1y`, `savings_3y`,
    /// `reserved_1y` or `reserved_3y`; request, storage and transfer prices do not change.
    #[serde(default)]
    pub pricing: crate::catalog::Pricing,
    /// How batch workers are bought: `on_demand`, or `spot` for interruptible capacity
    /// (jobs retried when a node is reclaimed).
    #[serde(default)]
    pub workers: WorkerCapacity,
}

/// How batch workers are bought.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Deserialize,
    Serialize,
    schemars::JsonSchema,
    clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum WorkerCapacity {
    /// As the rest of the design (`choices.pricing`).
    #[default]
    OnDemand,
    /// Spot or preemptible VMs at the cloud's spot share of on-demand.
    Spot,
}

/// The hardware set sizing picks from.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Deserialize,
    Serialize,
    schemars::JsonSchema,
    clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum Hardware {
    #[default]
    Catalog,
    Reference,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    /// Users upload and fetch files (images, video): object storage, CDN.
    Media,
    /// Full-text search over the records.
    Search,
    /// Persistent connections pushing updates (chat, live feeds): WebSocket servers.
    Realtime,
    /// One write is delivered to many (feeds, group chat): fan-out through a queue/stream.
    Fanout,
    /// Background work after a write (emails, thumbnails): a queue and workers.
    AsyncJobs,
    /// Users on several continents.
    Global,
}

/// What a quantity must satisfy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    /// > 0.
    Positive,
    /// ≥ 0.
    NonNegative,
    /// ≥ the bound.
    AtLeast(f64),
    /// In (0, 1].
    Share,
    /// In (0, 1): an availability or a percentile.
    OpenShare,
    /// In [a, b].
    Between(f64, f64),
    /// In (0, bound].
    Upto(f64),
}

impl Rule {
    fn ok(self, v: f64) -> bool {
        match self {
            Rule::Positive => v > 0.0,
            Rule::NonNegative => v >= 0.0,
            Rule::AtLeast(b) => v >= b,
            Rule::Share => v > 0.0 && v <= 1.0,
            Rule::OpenShare => v > 0.0 && v < 1.0,
            Rule::Between(a, b) => v >= a && v <= b,
            Rule::Upto(b) => v > 0.0 && v <= b,
        }
    }

    /// The lowest and highest values the rule allows (open or closed).
    pub fn range(self) -> (f64, f64) {
        match self {
            Rule::Positive | Rule::NonNegative => (0.0, f64::INFINITY),
            Rule::AtLeast(b) => (b, f64::INFINITY),
            Rule::Share | Rule::OpenShare => (0.0, 1.0),
            Rule::Between(a, b) => (a, b),
            Rule::Upto(b) => (0.0, b),
        }
    }

    /// The rule with an upper bound added.
    fn capped(self, max: f64) -> Rule {
        match self {
            Rule::Positive => Rule::Upto(max),
            Rule::NonNegative => Rule::Between(0.0, max),
            Rule::AtLeast(b) => Rule::Between(b, max),
            Rule::Upto(b) => Rule::Upto(b.min(max)),
            Rule::Between(a, b) => Rule::Between(a, b.min(max)),
            r => r,
        }
    }

    fn expected(self) -> String {
        match self {
            Rule::Positive => "a value greater than zero".into(),
            Rule::NonNegative => "a value of zero or more".into(),
            Rule::AtLeast(b) => format!("a value of at least {b}"),
            Rule::Share => "a share above 0% and at most 100%".into(),
            Rule::OpenShare => "a share strictly between 0% and 100%".into(),
            Rule::Between(a, b) => format!(
                "a value between {} and {}",
                crate::units::trim_num(a, 6),
                crate::units::trim_num(b, 6)
            ),
            Rule::Upto(b) => format!(
                "a value above zero and at most {}",
                crate::units::trim_num(b, 6)
            ),
        }
    }

    /// The nearest value the rule allows (for clamping random samples).
    pub fn clamp(self, v: f64) -> f64 {
        let tiny = 1e-9;
        match self {
            Rule::Positive => v.max(tiny),
            Rule::NonNegative => v.max(0.0),
            Rule::AtLeast(b) => v.max(b),
            Rule::Share => v.clamp(tiny, 1.0),
            Rule::OpenShare => v.clamp(tiny, 1.0 - tiny),
            Rule::Between(a, b) => v.clamp(a, b),
            Rule::Upto(b) => v.clamp(tiny.min(b), b),
        }
    }
}

/// How each quantity becomes a number.
pub trait Drawer {
    fn draw(&mut self, path: &str, dist: &Dist, rule: Rule) -> f64;
}

/// Central values; records every value that breaks its rule (and, for distributions, every
/// distribution whose support leaves the rule's range so badly that most samples would).
#[derive(Debug, Default)]
pub struct Central {
    pub problems: Vec<(String, String, String)>,
}

impl Drawer for Central {
    fn draw(&mut self, path: &str, dist: &Dist, rule: Rule) -> f64 {
        let v = dist.central();
        let (lo, hi) = rule.range();
        let max = maximum(path);
        if !rule.ok(v) {
            let (message, expected) = match max {
                Some(m) if v > lo && v > m.value && hi >= m.value => (
                    format!(
                        "{} is more than the largest accepted value",
                        crate::units::fmt_si(v)
                    ),
                    format!("at most {} ({})", m.shown, m.why),
                ),
                _ => (
                    format!("value {} is out of range", crate::units::trim_num(v, 6)),
                    expected_with(rule, max),
                ),
            };
            self.problems.push((path.to_string(), message, expected));
        } else if !dist.is_point() {
            // Samples outside the range would be cut to its bounds: more than a little of the
            // distribution there means the distribution is not what the user meant.
            let below = dist.cdf(lo);
            let above = if hi.is_finite() {
                1.0 - dist.cdf(hi)
            } else {
                0.0
            };
            if below + above > MAX_MASS_OUTSIDE {
                let side = if below >= above { "below" } else { "above" };
                let bound = if below >= above { lo } else { hi };
                self.problems.push((
                    path.to_string(),
                    format!(
                        "{:.0}% of this distribution lies {side} {}, outside the accepted values",
                        (below + above) * 100.0,
                        crate::units::trim_num(bound, 6)
                    ),
                    expected_with(rule, max),
                ));
            }
        }
        v
    }
}

/// What a field accepts, in the user's units when it has a largest value.
fn expected_with(rule: Rule, max: Option<&Maximum>) -> String {
    let Some(m) = max.filter(|m| rule.range().1 >= m.value) else {
        return rule.expected();
    };
    let low = match rule {
        Rule::Upto(_) | Rule::Positive => "a value greater than zero".to_string(),
        Rule::Between(a, _) if a > 0.0 => {
            format!("a value of at least {}", crate::units::trim_num(a, 6))
        }
        _ => "a value of zero or more".to_string(),
    };
    format!("{low} and at most {} ({})", m.shown, m.why)
}

/// Most of a distribution's probability allowed outside its field's range (it is cut there).
pub const MAX_MASS_OUTSIDE: f64 = 0.05;

/// The largest value a field accepts: past it the input describes no real system, and the
/// models' work (servers simulated, samples drawn) would grow without a useful answer.
#[derive(Debug, Clone, Copy)]
pub struct Maximum {
    pub path: &'static str,
    /// In base units (counts, bytes, seconds, dollars, per second).
    pub value: f64,
    /// As the user writes it.
    pub shown: &'static str,
    pub why: &'static str,
}

const YEAR: f64 = crate::units::SECONDS_PER_YEAR;

/// Every field's largest accepted value.
#[rustfmt::skip]
pub const MAXIMA: &[Maximum] = &[
    Maximum { path: "traffic.dau", value: 1e10, shown: "10B", why: "more daily users than people on Earth" },
    Maximum { path: "traffic.requests_per_user", value: 1e6, shown: "1M", why: "about 12 requests a second per user, all day" },
    Maximum { path: "traffic.qps", value: 1e9, shown: "1B/s", why: "far beyond the largest services" },
    Maximum { path: "traffic.peak_qps", value: 1e9, shown: "1B/s", why: "far beyond the largest services" },
    Maximum { path: "traffic.read_write_ratio", value: 1e6, shown: "1000000:1", why: "a million reads per write" },
    Maximum { path: "traffic.peak_factor", value: 1000.0, shown: "1000", why: "peak ÷ average is 2–10 in practice" },
    Maximum { path: "traffic.concurrent_users", value: 1e10, shown: "10B", why: "more users than people on Earth" },
    Maximum { path: "traffic.fanout", value: 1e9, shown: "1B", why: "more followers than any account has" },
    Maximum { path: "payloads.read", value: 1e10, shown: "10 GB", why: "a response larger than a whole film" },
    Maximum { path: "payloads.write", value: 1e10, shown: "10 GB", why: "a request larger than a whole film" },
    Maximum { path: "payloads.media", value: 5e12, shown: "5 TB", why: "the largest object Amazon S3 stores" },
    Maximum { path: "data.record_size", value: 1e9, shown: "1 GB", why: "records are rows; large objects are media" },
    Maximum { path: "data.retention", value: 100.0 * YEAR, shown: "100 years", why: "the planning horizon's limit" },
    Maximum { path: "data.replication", value: 100.0, shown: "100", why: "copies per record; 3 is common" },
    Maximum { path: "data.documents", value: 1e13, shown: "10T", why: "beyond the largest search indexes" },
    Maximum { path: "growth.horizon", value: 100.0 * YEAR, shown: "100 years", why: "the longest plan made" },
    Maximum { path: "data.existing", value: 1e18, shown: "1 EB", why: "more than the largest data stores hold" },
    Maximum { path: "data.media_size", value: 5e12, shown: "5 TB", why: "the largest object Amazon S3 stores" },
    Maximum { path: "slo.p99", value: 3600.0, shown: "1 h", why: "a request latency target, not a batch deadline" },
    Maximum { path: "budget.monthly", value: 1e12, shown: "$1T", why: "beyond any infrastructure budget" },
    Maximum { path: "service_time.app", value: 60.0, shown: "1 min", why: "one request's work; longer work is a worker job" },
    Maximum { path: "service_time.db_query", value: 60.0, shown: "1 min", why: "one query inside a request" },
    Maximum { path: "service_time.cache", value: 60.0, shown: "1 min", why: "one lookup inside a request" },
    Maximum { path: "service_time.worker", value: 86_400.0, shown: "1 day", why: "one background job" },
    Maximum { path: "team_size", value: 1e6, shown: "1M", why: "engineers on one system" },
    Maximum { path: "assumptions.peak_factor", value: 1000.0, shown: "1000", why: "peak ÷ average is 2–10 in practice" },
    Maximum { path: "assumptions.min_app_instances_ha", value: 1000.0, shown: "1000", why: "the minimum for availability is 2–3" },
    Maximum { path: "assumptions.app_service_seconds", value: 60.0, shown: "60", why: "one request's work, in seconds" },
    Maximum { path: "assumptions.app_workers_per_vcpu", value: 1000.0, shown: "1000", why: "workers per vCPU" },
    Maximum { path: "assumptions.worker_slots_per_vcpu", value: 1000.0, shown: "1000", why: "jobs per vCPU" },
    Maximum { path: "assumptions.db_query_seconds", value: 60.0, shown: "60", why: "one query, in seconds" },
    Maximum { path: "assumptions.db_queries_per_read", value: 1000.0, shown: "1000", why: "queries behind one read" },
    Maximum { path: "assumptions.db_queries_per_write", value: 1000.0, shown: "1000", why: "queries behind one write" },
    Maximum { path: "assumptions.worker_job_seconds", value: 86_400.0, shown: "86400", why: "one job, in seconds (a day)" },
    Maximum { path: "assumptions.replication", value: 100.0, shown: "100", why: "copies per record" },
    Maximum { path: "assumptions.read_write_ratio", value: 1e6, shown: "1000000", why: "reads per write" },
    Maximum { path: "assumptions.payload_bytes", value: 1e10, shown: "10 GB", why: "one response" },
    Maximum { path: "assumptions.record_bytes", value: 1e9, shown: "1 GB", why: "one record" },
    Maximum { path: "assumptions.retention_seconds", value: 100.0 * YEAR, shown: "100 years", why: "the planning horizon's limit" },
    Maximum { path: "assumptions.horizon_years", value: 100.0, shown: "100", why: "years of planning" },
    Maximum { path: "assumptions.fanout_delivery_seconds", value: 3600.0, shown: "3600", why: "one delivery, in seconds" },
    Maximum { path: "assumptions.media_object_bytes", value: 5e12, shown: "5 TB", why: "the largest object Amazon S3 stores" },
];

/// Largest average request rate the traffic may add up to (DAU × requests per user ÷ day).
pub const MAX_AVERAGE_QPS: f64 = 1e9;

/// The largest accepted value of a field, if it has one beyond its rule.
pub fn maximum(path: &str) -> Option<&'static Maximum> {
    MAXIMA.iter().find(|m| m.path == path)
}

/// Gives every draw its field's largest accepted value on top of the field's rule, so the
/// central values are checked against it and samples are cut at it.
struct Capped<'a>(&'a mut dyn Drawer);

impl Drawer for Capped<'_> {
    fn draw(&mut self, path: &str, dist: &Dist, rule: Rule) -> f64 {
        let rule = match maximum(path) {
            Some(m) => rule.capped(m.value),
            None => rule,
        };
        self.0.draw(path, dist, rule)
    }
}

/// The spec with plain numbers. `None` means "use the model's default".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spec {
    pub name: String,
    pub description: Option<String>,
    pub dau: Option<f64>,
    pub requests_per_user: Option<f64>,
    pub qps: Option<f64>,
    pub peak_qps: Option<f64>,
    pub read_write_ratio: Option<f64>,
    pub peak_factor: Option<f64>,
    pub concurrent_share: Option<f64>,
    pub concurrent_users: Option<f64>,
    pub fanout: Option<f64>,
    pub read_bytes: Option<f64>,
    pub write_bytes: Option<f64>,
    pub media_read_bytes: Option<f64>,
    pub media_reads: Option<f64>,
    pub record_bytes: Option<f64>,
    pub retention_s: Option<f64>,
    pub replication: Option<f64>,
    pub hot_set: Option<f64>,
    pub documents: Option<f64>,
    pub media_bytes: Option<f64>,
    pub media_share: Option<f64>,
    pub static_share: Option<f64>,
    pub existing_bytes: Option<f64>,
    pub growth_yearly: Option<f64>,
    pub horizon_s: Option<f64>,
    pub slo_p99_s: Option<f64>,
    pub slo_availability: Option<f64>,
    pub budget_monthly: Option<f64>,
    pub budget_confidence: Option<f64>,
    pub app_service_s: Option<f64>,
    pub db_query_s: Option<f64>,
    pub cache_s: Option<f64>,
    pub worker_s: Option<f64>,
    pub choices: Choices,
    /// Zones, regions and the users' geography.
    pub deployment: deployment::Deployment,
    pub features: BTreeSet<Feature>,
    pub team_size: Option<f64>,
    /// `assumptions:` overrides, keyed by the default's short name.
    pub assumptions: BTreeMap<String, f64>,
    pub limits: Limits,
    /// Minimum sizes set by SLO-driven sizing (never by the spec file).
    pub floors: Floors,
    /// The moment after launch the design is sized for (never by the spec file).
    pub epoch: Epoch,
}

/// When, after launch, a design is evaluated: the planned design (`years: None`) carries
/// today's load and the data held at the horizon; a timeline month carries that month's load
/// and data.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Epoch {
    /// Years after launch the data held is counted at; `None` = the horizon.
    pub years: Option<f64>,
    /// The multiple the traffic was scaled by for this moment (1 for today), so data written
    /// per day is counted from today's rate and grown by the storage formula once, not twice.
    pub load_multiple: f64,
}

impl Default for Epoch {
    fn default() -> Self {
        Epoch {
            years: None,
            load_multiple: 1.0,
        }
    }
}

/// Minimum sizes that SLO-driven sizing imposes on top of the load-based sizing.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Floors {
    pub app_count: Option<u32>,
    pub db_replicas_per_shard: Option<u32>,
    pub cache_nodes: Option<u32>,
}

impl Spec {
    pub fn has(&self, f: Feature) -> bool {
        self.features.contains(&f)
    }
}

/// Component roles, as in the plan's JSON.
pub const ROLE_NAMES: &[&str] = &[
    "cdn",
    "waf",
    "load_balancer",
    "api_gateway",
    "app",
    "websocket",
    "cache",
    "database",
    "db_standby",
    "read_replica",
    "queue",
    "stream",
    "worker",
    "search",
    "object_storage",
    "service_mesh",
];

/// Names a spec may override under `assumptions:`, with their rule.
pub const ASSUMPTION_KEYS: &[(&str, Rule)] = &[
    ("peak_factor", Rule::AtLeast(1.0)),
    ("tier_capacity_point", Rule::Between(0.0, 1.0)),
    ("target_utilization", Rule::OpenShare),
    ("cache_hit_ratio", Rule::Between(0.0, 1.0)),
    ("min_app_instances_ha", Rule::AtLeast(1.0)),
    ("ha_availability", Rule::OpenShare),
    ("concurrent_share", Rule::Share),
    ("app_service_seconds", Rule::Positive),
    ("app_workers_per_vcpu", Rule::Positive),
    ("app_cpu_share", Rule::Share),
    ("worker_cpu_share", Rule::Share),
    ("worker_slots_per_vcpu", Rule::Positive),
    ("db_query_seconds", Rule::Positive),
    ("db_queries_per_read", Rule::NonNegative),
    ("db_queries_per_write", Rule::NonNegative),
    ("app_service_cv", Rule::NonNegative),
    ("cache_service_cv", Rule::NonNegative),
    ("db_query_cv", Rule::NonNegative),
    ("worker_job_seconds", Rule::Positive),
    ("replication", Rule::AtLeast(1.0)),
    ("hot_set", Rule::Share),
    ("read_write_ratio", Rule::Positive),
    ("payload_bytes", Rule::Positive),
    ("record_bytes", Rule::Positive),
    ("retention_seconds", Rule::Positive),
    ("growth_yearly", Rule::Between(0.0, 100.0)),
    ("horizon_years", Rule::Positive),
    ("media_read_share", Rule::Between(0.0, 1.0)),
    ("fanout_delivery_seconds", Rule::Positive),
    ("search_share", Rule::Between(0.0, 1.0)),
    ("media_object_bytes", Rule::Positive),
];

impl SpecFile {
    /// Draw every quantity and check it; `Err` lists (key path, problem, expected).
    pub fn resolve(&self, d: &mut dyn Drawer) -> Spec {
        let d: &mut dyn Drawer = &mut Capped(d);
        let mut opt = |q: &Option<quantity::Q<{ quantity::COUNT }>>, p: &str, r: Rule| {
            q.as_ref().map(|q| d.draw(p, &q.dist, r))
        };
        let dau = opt(&self.traffic.dau, "traffic.dau", Rule::Positive);
        let requests_per_user = opt(
            &self.traffic.requests_per_user,
            "traffic.requests_per_user",
            Rule::Positive,
        );
        let peak_factor = opt(
            &self.traffic.peak_factor,
            "traffic.peak_factor",
            Rule::AtLeast(1.0),
        );
        let fanout = opt(&self.traffic.fanout, "traffic.fanout", Rule::AtLeast(1.0));
        let replication = opt(
            &self.data.replication,
            "data.replication",
            Rule::AtLeast(1.0),
        );
        let documents = opt(&self.data.documents, "data.documents", Rule::Positive);
        let team_size = opt(&self.team_size, "team_size", Rule::Positive);
        let mut draw = |dist: Option<&Dist>, p: &str, r: Rule| dist.map(|x| d.draw(p, x, r));
        let (concurrent_share, concurrent_users) = match &self.traffic.concurrent_users {
            Some(Concurrent::Share(s)) => (
                draw(Some(&s.dist), "traffic.concurrent_users", Rule::Share),
                None,
            ),
            Some(Concurrent::Users(u)) => (
                None,
                draw(Some(&u.dist), "traffic.concurrent_users", Rule::Positive),
            ),
            None => (None, None),
        };
        let geography: Vec<(String, f64)> = self
            .traffic
            .geography
            .iter()
            .flatten()
            .map(|(g, q)| {
                let p = format!("traffic.geography.{g}");
                (g.clone(), d.draw(&p, &q.dist, Rule::Between(0.0, 1.0)))
            })
            .collect();
        let mut assumptions = BTreeMap::new();
        for (k, v) in &self.assumptions {
            let rule = ASSUMPTION_KEYS
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, r)| *r)
                .unwrap_or(Rule::NonNegative);
            let val = d.draw(&format!("assumptions.{k}"), &v.dist, rule);
            assumptions.insert(k.clone(), val);
        }
        macro_rules! q {
            ($field:expr, $path:expr, $rule:expr) => {
                $field.as_ref().map(|q| d.draw($path, &q.dist, $rule))
            };
        }
        Spec {
            name: self.name.clone(),
            description: self.description.clone(),
            dau,
            requests_per_user,
            qps: q!(self.traffic.qps, "traffic.qps", Rule::Positive),
            peak_qps: q!(self.traffic.peak_qps, "traffic.peak_qps", Rule::Positive),
            read_write_ratio: q!(
                self.traffic.read_write_ratio,
                "traffic.read_write_ratio",
                Rule::Positive
            ),
            peak_factor,
            concurrent_share,
            concurrent_users,
            fanout,
            read_bytes: q!(self.payloads.read, "payloads.read", Rule::Positive),
            write_bytes: q!(self.payloads.write, "payloads.write", Rule::Positive),
            media_read_bytes: q!(self.payloads.media, "payloads.media", Rule::Positive),
            media_reads: q!(
                self.traffic.media_reads,
                "traffic.media_reads",
                Rule::Between(0.0, 1.0)
            ),
            record_bytes: q!(self.data.record_size, "data.record_size", Rule::Positive),
            retention_s: q!(self.data.retention, "data.retention", Rule::Positive),
            replication,
            hot_set: q!(self.data.hot_set, "data.hot_set", Rule::Share),
            documents,
            media_bytes: q!(self.data.media_size, "data.media_size", Rule::Positive),
            media_share: q!(
                self.data.media_share,
                "data.media_share",
                Rule::Between(0.0, 1.0)
            ),
            static_share: q!(
                self.data.static_share,
                "data.static_share",
                Rule::Between(0.0, 1.0)
            ),
            existing_bytes: q!(self.data.existing, "data.existing", Rule::NonNegative),
            growth_yearly: q!(
                self.growth.yearly,
                "growth.yearly",
                Rule::Between(0.0, 100.0)
            ),
            horizon_s: q!(
                self.growth.horizon,
                "growth.horizon",
                Rule::Between(1.0, 100.0 * crate::units::SECONDS_PER_YEAR)
            ),
            slo_p99_s: q!(self.slo.p99, "slo.p99", Rule::Positive),
            slo_availability: q!(self.slo.availability, "slo.availability", Rule::OpenShare),
            budget_monthly: q!(self.budget.monthly, "budget.monthly", Rule::Positive),
            budget_confidence: q!(self.budget.confidence, "budget.confidence", Rule::OpenShare),
            app_service_s: q!(self.service_time.app, "service_time.app", Rule::Positive),
            db_query_s: q!(
                self.service_time.db_query,
                "service_time.db_query",
                Rule::Positive
            ),
            cache_s: q!(
                self.service_time.cache,
                "service_time.cache",
                Rule::Positive
            ),
            worker_s: q!(
                self.service_time.worker,
                "service_time.worker",
                Rule::Positive
            ),
            choices: self.choices.clone(),
            deployment: deployment::resolve(&self.deployment, &geography),
            features: self.features.iter().copied().collect(),
            team_size,
            assumptions,
            limits: self.limits.clone(),
            floors: Floors::default(),
            epoch: Epoch::default(),
        }
    }

    /// True when any quantity is a distribution rather than a point.
    pub fn is_uncertain(&self) -> bool {
        struct Any(bool);
        impl Drawer for Any {
            fn draw(&mut self, _: &str, d: &Dist, _: Rule) -> f64 {
                self.0 |= !d.is_point();
                d.central()
            }
        }
        let mut a = Any(false);
        self.resolve(&mut a);
        a.0
    }
}

/// Problems with a spec file.
#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    #[error("cannot read spec {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Invalid(Box<Located>),
    #[error("{}", .0.iter().map(|l| l.to_string()).collect::<Vec<_>>().join("\n"))]
    Many(Vec<Located>),
}

/// A parsed, validated spec with its source for later located errors.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    pub file: SpecFile,
    pub path: String,
    pub text: String,
    /// The deterministic (central) spec.
    pub spec: Spec,
}

impl LoadedSpec {
    pub fn source(&self) -> SourceFile<'_> {
        SourceFile::new(&self.path, &self.text)
    }
}

/// Which syntax a spec is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Yaml,
    Toml,
    Json,
}

impl Syntax {
    pub fn from_path(p: &Path) -> Option<Syntax> {
        match p
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
        {
            Some(e) if e == "yaml" || e == "yml" => Some(Syntax::Yaml),
            Some(e) if e == "toml" => Some(Syntax::Toml),
            Some(e) if e == "json" => Some(Syntax::Json),
            _ => None,
        }
    }

    /// The syntax of text with no telling extension (a spec on stdin): JSON when it opens with
    /// `{`, TOML when its first statement is a `[table]` or a `key = value`, else YAML.
    pub fn sniff(text: &str) -> Syntax {
        let first = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'));
        match first {
            Some(l) if l.starts_with('{') => Syntax::Json,
            Some(l) if l.starts_with('[') && l.ends_with(']') && !l.contains(',') => Syntax::Toml,
            Some(l) => match (l.find('='), l.find(':')) {
                (Some(e), Some(c)) if e < c => Syntax::Toml,
                (Some(_), None) => Syntax::Toml,
                _ => Syntax::Yaml,
            },
            None => Syntax::Yaml,
        }
    }
}

/// Largest spec file read, in bytes: a spec is a page of text, and the bound keeps parsing
/// time and memory small whatever the input.
pub const MAX_SPEC_BYTES: usize = 1 << 20;
/// Deepest nesting of `{ }` / `[ ]` accepted; a spec needs three levels.
pub const MAX_NESTING: usize = 32;

/// A located problem with the whole input (no line or key).
fn whole_file(name: &str, message: String, expected: &str, hint: Option<&str>) -> SpecError {
    SpecError::Invalid(Box::new(Located {
        file: name.to_string(),
        line: None,
        column: None,
        key: None,
        message,
        expected: Some(expected.into()),
        hint: hint.map(Into::into),
        snippet: None,
    }))
}

/// Read an input file as UTF-8 text, `-` meaning stdin, at most [`MAX_SPEC_BYTES`]. Returns
/// the display name (`<stdin>` for `-`) and the text.
pub fn read_source(path: &Path) -> Result<(String, String), SpecError> {
    use std::io::Read;
    let stdin = path.as_os_str() == "-";
    let name = if stdin {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let io = |e: std::io::Error| SpecError::Io {
        path: name.clone(),
        source: e,
    };
    if !stdin && path.is_dir() {
        return Err(whole_file(
            &name,
            "is a directory, not a spec file".into(),
            "a .yaml, .yml, .toml or .json spec file (or `-` for stdin)",
            Some("name one spec inside it, e.g. `capplan estimate specs/chat.yaml`"),
        ));
    }
    let mut bytes = Vec::new();
    let limit = MAX_SPEC_BYTES as u64 + 1;
    if stdin {
        std::io::stdin().lock().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    }
    .map_err(io)?;
    if bytes.len() > MAX_SPEC_BYTES {
        return Err(whole_file(
            &name,
            format!("is larger than {} KiB", MAX_SPEC_BYTES / 1024),
            "a spec of at most 1 MiB",
            Some(
                "a spec describes one system in a page of text; check that this is the right file",
            ),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        whole_file(
            &name,
            format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
            "a UTF-8 YAML, TOML or JSON file",
            Some("save the file as UTF-8"),
        )
    })?;
    Ok((name, text))
}

/// Read a spec file (`-`: stdin) and validate it. The syntax follows the extension (`.yaml`,
/// `.yml`, `.toml`, `.json`); stdin's is told from the text.
pub fn load(path: &Path) -> Result<LoadedSpec, SpecError> {
    let stdin = path.as_os_str() == "-";
    let syntax = if stdin || path.is_dir() {
        // A directory is explained by `read_source`.
        None
    } else {
        Some(Syntax::from_path(path).ok_or_else(|| {
            whole_file(
                &path.display().to_string(),
                "unknown spec format".into(),
                "a .yaml, .yml, .toml or .json file, or `-` for stdin",
                Some("rename the file with the extension of its syntax"),
            )
        })?)
    };
    let (name, text) = read_source(path)?;
    let syntax = syntax.unwrap_or_else(|| Syntax::sniff(&text));
    parse(&name, &text, syntax)
}

/// Problems a parser would meet slowly or explain badly: nesting deeper than [`MAX_NESTING`],
/// and tabs indenting YAML.
fn precheck(src: &SourceFile, syntax: Syntax) -> Option<Located> {
    let mut depth = 0usize;
    for (i, line) in src.text.lines().enumerate() {
        if syntax == Syntax::Yaml {
            let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
            if let Some(col) = line[..indent].find('\t') {
                let mut l = src.at(
                    Some(i + 1),
                    Some(col + 1),
                    src.key_path_at_line(i + 1),
                    "a tab indents this line; YAML indents with spaces only",
                );
                l.expected = Some("spaces before the key".into());
                l.hint = Some("replace the tab with spaces (e.g. two per level)".into());
                return Some(l);
            }
        }
        let mut quote: Option<char> = None;
        for (j, c) in line.char_indices() {
            match (quote, c) {
                (None, '#') if syntax != Syntax::Json => break,
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), _) if c == q => quote = None,
                (None, '{' | '[') => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        let col = line[..j].chars().count() + 1;
                        let key = match syntax {
                            Syntax::Yaml => src.key_path_at_line(i + 1),
                            _ => None,
                        };
                        let mut l = src.at(Some(i + 1), Some(col), key, "brackets nest too deeply");
                        l.expected =
                            Some(format!("at most {MAX_NESTING} levels of `{{ }}` and `[ ]`"));
                        l.hint = Some(
                            "a spec needs three levels at most; check for an unclosed bracket"
                                .into(),
                        );
                        return Some(l);
                    }
                }
                (None, '}' | ']') => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    None
}

/// Parse and validate spec text.
pub fn parse(name: &str, text: &str, syntax: Syntax) -> Result<LoadedSpec, SpecError> {
    let src = SourceFile::new(name, text);
    if let Some(l) = precheck(&src, syntax) {
        return Err(SpecError::Invalid(Box::new(l)));
    }
    let file: SpecFile = match syntax {
        Syntax::Yaml => serde_yaml::from_str(text).map_err(|e| src.yaml_error(&e, "the spec")),
        Syntax::Toml => toml::from_str(text).map_err(|e| src.toml_error(&e, "the spec")),
        Syntax::Json => serde_json::from_str(text).map_err(|e| src.json_error(&e, "the spec")),
    }
    .map_err(|l| SpecError::Invalid(Box::new(l)))?;
    let mut central = Central::default();
    let spec = file.resolve(&mut central);
    let mut errors: Vec<Located> = central
        .problems
        .into_iter()
        .map(|(path, msg, expected)| {
            let mut l = src.at_key(&path, msg);
            l.expected = Some(expected);
            l.hint = Some(hint_for(&path));
            l
        })
        .collect();
    errors.extend(structural_checks(&file, &spec, &src));
    match errors.len() {
        0 => Ok(LoadedSpec {
            file,
            path: name.to_string(),
            text: text.to_string(),
            spec,
        }),
        1 => Err(SpecError::Invalid(Box::new(errors.remove(0)))),
        _ => Err(SpecError::Many(errors)),
    }
}

fn hint_for(path: &str) -> String {
    match path {
        "slo.availability" => "100% cannot be promised; write e.g. `99.9%` or `99.99%`".into(),
        "traffic.peak_factor" => "peak ÷ average is at least 1; 2–3 is typical".into(),
        "data.replication" => "1 keeps a single copy; 3 is common".into(),
        p if p.starts_with("assumptions.") => {
            "see the report's Assumptions section for each default's value and meaning".into()
        }
        _ => "check the number and its unit suffix".into(),
    }
}

/// Checks across keys: enough traffic information, no contradictions, known assumption names.
fn structural_checks(file: &SpecFile, spec: &Spec, src: &SourceFile) -> Vec<Located> {
    let mut out = Vec::new();
    let t = &file.traffic;
    if t.qps.is_some() && t.peak_qps.is_some() {
        let mut l = src.at_key("traffic.peak_qps", "both `qps` and `peak_qps` are given");
        l.expected = Some("one of `qps` (average) or `peak_qps`".into());
        l.hint = Some("keep one; the other follows from `peak_factor`".into());
        out.push(l);
    }
    let has_rate = t.qps.is_some() || t.peak_qps.is_some();
    if !has_rate && (t.dau.is_none() || t.requests_per_user.is_none()) {
        let missing = if t.dau.is_none() {
            "traffic.dau"
        } else {
            "traffic.requests_per_user"
        };
        let mut l = src.at_key(
            "traffic",
            format!("no request volume: `{missing}` is missing"),
        );
        l.key = Some(missing.into());
        l.expected = Some("`dau` and `requests_per_user`, or `qps`, or `peak_qps`".into());
        l.hint = Some("e.g. `dau: 10M` and `requests_per_user: 20`".into());
        out.push(l);
    }
    if has_rate && t.requests_per_user.is_some() {
        let mut l = src.at_key(
            "traffic.requests_per_user",
            "`requests_per_user` conflicts with a given `qps`/`peak_qps`",
        );
        l.expected = Some("either DAU × requests per user, or a QPS".into());
        l.hint = Some("remove one; `dau` alone may stay to size concurrency".into());
        out.push(l);
    }
    if let (Some(d), Some(r)) = (spec.dau, spec.requests_per_user) {
        let qps = d * r / crate::units::SECONDS_PER_DAY;
        if qps > MAX_AVERAGE_QPS {
            let mut l = src.at_key(
                "traffic.requests_per_user",
                format!(
                    "`dau` × `requests_per_user` is {} requests a second on average",
                    crate::units::fmt_si(qps)
                ),
            );
            l.expected = Some(
                "at most 1B requests a second on average (DAU × requests per user ÷ 86,400 s)"
                    .into(),
            );
            l.hint = Some(
                "check the suffixes: `requests_per_user` counts one user's requests in a day"
                    .into(),
            );
            out.push(l);
        }
    }
    for k in file.assumptions.keys() {
        if !ASSUMPTION_KEYS.iter().any(|(n, _)| n == k) {
            let mut l = src.at_key(
                &format!("assumptions.{k}"),
                format!("unknown assumption `{k}`"),
            );
            l.expected = Some(format!(
                "one of {}",
                ASSUMPTION_KEYS
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            l.hint = crate::error::did_you_mean(k, ASSUMPTION_KEYS.iter().map(|(n, _)| *n));
            out.push(l);
        }
    }
    if let (Some(c), Some(d)) = (spec.concurrent_users, spec.dau) {
        if c > d {
            let mut l = src.at_key(
                "traffic.concurrent_users",
                format!(
                    "{} concurrent users is more than the {} daily active users",
                    crate::units::fmt_si(c),
                    crate::units::fmt_si(d)
                ),
            );
            l.expected = Some("at most `dau`".into());
            l.hint = Some("give a share like `0.5%` of DAU".into());
            out.push(l);
        }
    }
    if let Some(m) = file.limits.max_phase {
        if !(1..=3).contains(&m) {
            let mut l = src.at_key("limits.max_phase", format!("phase {m} does not exist"));
            l.expected = Some("1, 2 or 3".into());
            l.hint = Some("1 vertical, 2 distribute reads, 3 partition data".into());
            out.push(l);
        }
    }
    if let Some(MaxInstances::PerRole(m)) = &file.limits.max_instances {
        for k in m.keys() {
            if k != "total" && !ROLE_NAMES.contains(&k.as_str()) {
                let mut l = src.at_key(
                    &format!("limits.max_instances.{k}"),
                    format!("unknown role `{k}`"),
                );
                l.expected = Some(format!("`total` or one of {}", ROLE_NAMES.join(", ")));
                l.hint = crate::error::did_you_mean(k, ROLE_NAMES.iter().copied().chain(["total"]));
                out.push(l);
            }
        }
    }
    out.extend(deployment::checks(
        &file.deployment,
        file.traffic.geography.as_ref(),
        src,
    ));
    let mut seen = BTreeSet::new();
    for (i, f) in file.features.iter().enumerate() {
        if !seen.insert(*f) {
            let mut l = src.at_key(&format!("features[{i}]"), "feature listed twice");
            l.expected = Some("each feature once".into());
            l.hint = Some("remove the duplicate".into());
            out.push(l);
        }
    }
    out
}

/// The example specs of `specs/`, in name order, loaded: the unit tests that run every one.
#[cfg(test)]
pub(crate) fn examples() -> Vec<(std::path::PathBuf, Spec)> {
    let mut paths: Vec<_> = std::fs::read_dir("specs")
        .expect("specs/ is read from the crate root")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let spec = load(&p).expect("every example spec loads").spec;
            (p, spec)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(t: &str) -> Result<LoadedSpec, String> {
        parse("t.yaml", t, Syntax::Yaml).map_err(|e| e.to_string())
    }

    const OK: &str =
        "name: x\ntraffic:\n  dau: 10M\n  requests_per_user: 10\n  read_write_ratio: 100:1\n";

    #[test]
    fn parses_minimal() {
        let s = yaml(OK).unwrap().spec;
        assert_eq!(s.dau, Some(1e7));
        assert_eq!(s.read_write_ratio, Some(100.0));
    }

    #[test]
    fn toml_same_schema() {
        let t = "name = \"x\"\n[traffic]\ndau = \"10M\"\nrequests_per_user = 10\nread_write_ratio = \"100:1\"\n";
        let s = parse("t.toml", t, Syntax::Toml).unwrap().spec;
        assert_eq!(s, yaml(OK).unwrap().spec);
    }

    #[test]
    fn unknown_key_with_hint_and_place() {
        let e = yaml(
            "name: x\ntraffic:\n  dau: 10M\n  requests_per_user: 10\n  read_write_ratoi: 100:1\n",
        )
        .unwrap_err();
        assert!(
            e.starts_with("t.yaml:5:3: `traffic.read_write_ratoi`: unknown key"),
            "{e}"
        );
        assert!(e.contains("did you mean `read_write_ratio`?"), "{e}");
    }

    #[test]
    fn toml_unknown_key() {
        let t = "name = \"x\"\n[traffic]\ndau = \"10M\"\nrequests_per_usr = 10\n";
        let e = parse("t.toml", t, Syntax::Toml).unwrap_err().to_string();
        assert!(e.contains("t.toml:4:1"), "{e}");
        assert!(e.contains("did you mean `requests_per_user`?"), "{e}");
    }

    #[test]
    fn bad_values_are_located() {
        let e = yaml("name: x\ntraffic:\n  dau: -5M\n  requests_per_user: 10\n").unwrap_err();
        assert!(e.starts_with("t.yaml:3:3: `traffic.dau`"), "{e}");
        assert!(e.contains("greater than zero"), "{e}");
        let e = yaml("name: x\ntraffic:\n  dau: 10Q\n  requests_per_user: 10\n").unwrap_err();
        assert!(e.contains("t.yaml:3:8") && e.contains("traffic.dau"), "{e}");
        let e = yaml("name: x\ntraffic:\n  dau: .nan\n  requests_per_user: 10\n").unwrap_err();
        assert!(e.contains("traffic.dau"), "{e}");
        let e = yaml(&format!("{OK}slo:\n  availability: 100%\n")).unwrap_err();
        assert!(
            e.contains("slo.availability") && e.contains("cannot be promised"),
            "{e}"
        );
    }

    #[test]
    fn missing_volume() {
        let e = yaml("name: x\ntraffic:\n  dau: 10M\n").unwrap_err();
        assert!(e.contains("traffic.requests_per_user"), "{e}");
    }

    #[test]
    fn unknown_feature_hint() {
        let e = yaml(&format!("{OK}features: [media, serch]\n")).unwrap_err();
        assert!(e.contains("did you mean `search`?"), "{e}");
    }

    #[test]
    fn unknown_assumption() {
        let e = yaml(&format!("{OK}assumptions:\n  peak_factr: 3\n")).unwrap_err();
        assert!(
            e.contains("t.yaml:7:3") && e.contains("did you mean `peak_factor`?"),
            "{e}"
        );
    }

    #[test]
    fn many_errors_at_once() {
        let e = yaml("name: x\ntraffic:\n  dau: 0\n  requests_per_user: 0\n").unwrap_err();
        assert!(
            e.contains("traffic.dau") && e.contains("traffic.requests_per_user"),
            "{e}"
        );
    }
}
