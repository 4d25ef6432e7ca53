//! Node types (instances and managed-service classes) with the resources that limit them, and
//! the sources list every price and figure points into.

use super::Name;
use serde::{Deserialize, Serialize};

/// A published document a catalog row comes from: a provider's price page, a vendor's
/// sizing guide, a book section.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Short id the rows refer to, e.g. `aws-ec2-on-demand`.
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub section: Option<String>,
    /// The provider page, for prices.
    #[serde(default)]
    pub page: Option<String>,
    /// When the figures were read, e.g. `2025-06`.
    #[serde(default)]
    pub as_of: Option<String>,
}

impl Source {
    /// "Title, section (page, as of date)" — how output cites it.
    pub fn cite(&self) -> String {
        let mut s = self.title.clone();
        if let Some(sec) = &self.section {
            s.push_str(", ");
            s.push_str(sec);
        }
        match (&self.page, &self.as_of) {
            (Some(p), Some(d)) => s.push_str(&format!(" ({p}, {d})")),
            (Some(p), None) => s.push_str(&format!(" ({p})")),
            (None, Some(d)) => s.push_str(&format!(" ({d})")),
            (None, None) => {}
        }
        s
    }
}

/// A cloud provider: whose node names and prices a design uses.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
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
pub enum Cloud {
    #[default]
    Aws,
    Azure,
    Gcp,
}

impl Cloud {
    pub const ALL: [Cloud; 3] = [Cloud::Aws, Cloud::Azure, Cloud::Gcp];

    /// The name a spec or a configuration writes: `aws`, `azure`, `gcp`.
    pub fn id(self) -> &'static str {
        match self {
            Cloud::Aws => "aws",
            Cloud::Azure => "azure",
            Cloud::Gcp => "gcp",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Cloud::Aws => "AWS",
            Cloud::Azure => "Azure",
            Cloud::Gcp => "GCP",
        }
    }
}

/// The technology a design uses for each role when the spec does not choose, per cloud: the
/// default store and the managed products at the edge.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Products {
    pub database: Name,
    pub cache: Name,
    pub queue: Name,
    pub stream: Name,
    pub search: Name,
    pub cdn: Name,
    pub load_balancer: Name,
    pub api_gateway: Name,
    pub waf: Name,
    pub object_storage: Name,
    pub service_mesh: Name,
    pub realtime: Name,
    /// Node types the stateless app tier and workers run on.
    pub app_nodes: super::params::NodeChoice,
    /// Node types realtime connection servers run on.
    pub realtime_nodes: super::params::NodeChoice,
}

impl Products {
    /// Every product named, with its role, for validation.
    pub fn all(&self) -> [(&'static str, &str); 12] {
        [
            ("database", &self.database),
            ("cache", &self.cache),
            ("queue", &self.queue),
            ("stream", &self.stream),
            ("search", &self.search),
            ("cdn", &self.cdn),
            ("load_balancer", &self.load_balancer),
            ("api_gateway", &self.api_gateway),
            ("waf", &self.waf),
            ("object_storage", &self.object_storage),
            ("service_mesh", &self.service_mesh),
            ("realtime", &self.realtime),
        ]
    }
}

/// What sells a node type: plain instances or a managed service's own classes.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum NodeService {
    Ec2,
    Rds,
    Elasticache,
    Msk,
    Opensearch,
    AmazonMq,
    /// Google Compute Engine VMs.
    ComputeEngine,
    /// Cloud SQL for PostgreSQL or MySQL.
    CloudSql,
    /// Memorystore for Redis.
    Memorystore,
    /// Azure Virtual Machines.
    VirtualMachines,
    /// Azure Database for PostgreSQL or MySQL, flexible server.
    AzureDatabase,
    /// Azure Cache for Redis.
    AzureCache,
}

/// The shape of a node type's resources.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum NodeClass {
    General,
    Compute,
    Memory,
    Storage,
    /// Earns CPU credits only below a baseline: unfit for a steady load above it.
    Burstable,
}

impl NodeService {
    /// The provider's name for it.
    pub fn label(self) -> &'static str {
        match self {
            NodeService::Ec2 => "EC2",
            NodeService::Rds => "RDS",
            NodeService::Elasticache => "ElastiCache",
            NodeService::Msk => "MSK",
            NodeService::Opensearch => "OpenSearch Service",
            NodeService::AmazonMq => "Amazon MQ",
            NodeService::ComputeEngine => "Compute Engine",
            NodeService::CloudSql => "Cloud SQL",
            NodeService::Memorystore => "Memorystore",
            NodeService::VirtualMachines => "Virtual Machines",
            NodeService::AzureDatabase => "Azure Database",
            NodeService::AzureCache => "Azure Cache for Redis",
        }
    }

    /// The cloud that sells it.
    pub fn cloud(self) -> Cloud {
        match self {
            NodeService::Ec2
            | NodeService::Rds
            | NodeService::Elasticache
            | NodeService::Msk
            | NodeService::Opensearch
            | NodeService::AmazonMq => Cloud::Aws,
            NodeService::ComputeEngine | NodeService::CloudSql | NodeService::Memorystore => {
                Cloud::Gcp
            }
            NodeService::VirtualMachines | NodeService::AzureDatabase | NodeService::AzureCache => {
                Cloud::Azure
            }
        }
    }
}

/// One node type.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// The provider's type name, e.g. `i3en.xlarge`, `db.r6g.2xlarge`.
    pub name: Name,
    pub cloud: Cloud,
    pub service: NodeService,
    pub class: NodeClass,
    pub vcpus: u32,
    pub ram_gib: f64,
    /// Sustained network baseline, Gbps (not the "up to" burst).
    pub network_gbps: f64,
    /// Local instance-store NVMe, GiB.
    #[serde(default)]
    pub local_disk_gib: f64,
    /// Baseline EBS throughput, MB/s.
    #[serde(default)]
    pub ebs_mb_per_s: f64,
    /// Most storage a managed node can attach, GiB (0: not a managed storage service).
    #[serde(default)]
    pub max_storage_gib: f64,
    pub usd_per_hour: f64,
    /// Id of the `sources` entry for the price.
    pub source: String,
    /// The family technologies name it by, when the name does not carry it AWS-style
    /// (`n2-standard` for `n2-standard-4`, `Dsv5` for `D4s v5`).
    #[serde(default)]
    pub family: Option<String>,
    /// Index into [`super::Catalog::compute_tiers`] of the documented tier whose users per
    /// vCPU an instance of this size is credited with, worked out at load (see
    /// [`super::Catalog::users_tier`]).
    #[serde(skip)]
    #[schemars(skip)]
    pub users_tier: Option<usize>,
}

impl Node {
    pub fn ram_bytes(&self) -> f64 {
        self.ram_gib * GIB
    }
    pub fn network_bytes_per_s(&self) -> f64 {
        self.network_gbps * 1e9 / 8.0
    }
    pub fn local_disk_bytes(&self) -> f64 {
        self.local_disk_gib * GIB
    }
    pub fn ebs_bytes_per_s(&self) -> f64 {
        self.ebs_mb_per_s * 1e6
    }
    pub fn max_storage_bytes(&self) -> f64 {
        self.max_storage_gib * GIB
    }
    /// Family prefix, e.g. `r6g` for `cache.r6g.large`, `i3en` for `i3en.xlarge`.
    pub fn family(&self) -> &str {
        if let Some(f) = &self.family {
            return f;
        }
        // `strip_prefix` compares bytes; `trim_start_matches` with a string pattern builds a
        // substring searcher on every call, and Monte Carlo asks for families on every sample.
        let mut n = self.name.as_str();
        for p in ["db.", "cache.", "kafka.", "mq."] {
            n = n.strip_prefix(p).unwrap_or(n);
        }
        n.split('.').next().unwrap_or(n)
    }
}

/// Bytes in a GiB.
pub const GIB: f64 = 1024.0 * 1024.0 * 1024.0;
