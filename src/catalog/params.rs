//! Per-technology sizing figures, typed by model family: a technology's `sizing:` block in
//! `technologies.yaml`. A misspelt or missing figure fails when the catalog loads, never as a
//! NaN at run time. Adding a product of an existing family (OpenSearch beside Elasticsearch,
//! MariaDB beside MySQL) is a technology entry with one of these blocks.

use super::hardware::NodeService;
use serde::{Deserialize, Serialize};

/// Which node types a technology can run on.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NodeChoice {
    pub service: NodeService,
    /// Instance families, e.g. `[i3en, i4i, r6i]`.
    pub families: Vec<String>,
    /// The node types on Google Cloud, when it offers them.
    #[serde(default)]
    pub gcp: Option<NodeSet>,
    /// The node types on Azure, when it offers them.
    #[serde(default)]
    pub azure: Option<NodeSet>,
}

/// A service and its families in one cloud.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NodeSet {
    pub service: NodeService,
    pub families: Vec<String>,
}

impl NodeChoice {
    /// The service and families in `cloud` (the choice's own when its service is that
    /// cloud's, else the `gcp`/`azure` set); `None` when the cloud offers no node type for it.
    pub fn in_cloud(&self, cloud: super::hardware::Cloud) -> Option<(NodeService, &[String])> {
        use super::hardware::Cloud;
        if self.service.cloud() == cloud {
            return Some((self.service, &self.families));
        }
        match cloud {
            Cloud::Aws => None,
            Cloud::Gcp => self.gcp.as_ref().map(|s| (s.service, &s.families[..])),
            Cloud::Azure => self.azure.as_ref().map(|s| (s.service, &s.families[..])),
        }
    }
}

/// A technology's sizing figures; `family` selects the component model.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(tag = "family", rename_all = "snake_case")]
pub enum Sizing {
    Relational(Relational),
    WideColumn(WideColumn),
    KeyValueServerless(KeyValueServerless),
    Document(Document),
    Cache(Cache),
    StreamBrokers(StreamBrokers),
    StreamShards(StreamShards),
    QueueServerless(QueueServerless),
    QueueBrokers(QueueBrokers),
    Search(Search),
}

impl Sizing {
    /// The node types it runs on; `None` for services billed by request.
    pub fn node_choice(&self) -> Option<&NodeChoice> {
        match self {
            Sizing::Relational(p) => Some(&p.nodes),
            Sizing::WideColumn(p) => Some(&p.nodes),
            Sizing::Document(p) => Some(&p.nodes),
            Sizing::Cache(p) => Some(&p.nodes),
            Sizing::StreamBrokers(p) => Some(&p.nodes),
            Sizing::QueueBrokers(p) => Some(&p.nodes),
            Sizing::Search(p) => Some(&p.nodes),
            Sizing::KeyValueServerless(_)
            | Sizing::StreamShards(_)
            | Sizing::QueueServerless(_) => None,
        }
    }

    /// Problems with the figures: every number finite and positive (a reserve may be 0), and
    /// shares at most 1 — a zero capacity or a fill above 100% would size nonsense.
    pub fn problems(&self) -> Vec<String> {
        const SHARES: &[&str] = &[
            "cpu_share_of_query_time",
            "cache_share_of_ram",
            "disk_fill",
            "usable_memory_share",
            "provisioned_target",
            "read_units_per_read",
        ];
        const MAY_BE_ZERO: &[&str] = &["reserved_ram_gib", "replicas_ha"];
        let Ok(serde_json::Value::Object(m)) = serde_json::to_value(self) else {
            return vec![];
        };
        let mut v = Vec::new();
        for (k, x) in &m {
            let Some(x) = x.as_f64() else { continue };
            let ok = x.is_finite()
                && (x > 0.0 || (x == 0.0 && MAY_BE_ZERO.contains(&k.as_str())))
                && (!SHARES.contains(&k.as_str()) || x <= 1.0);
            if !ok {
                let want = if SHARES.contains(&k.as_str()) {
                    "a share in (0, 1]"
                } else {
                    "a positive number"
                };
                v.push(format!("`{k}` must be {want} (found {x})"));
            }
        }
        v
    }

    /// The source these figures come from, as written in the catalog.
    pub fn source(&self) -> &str {
        match self {
            Sizing::Relational(p) => &p.source,
            Sizing::WideColumn(p) => &p.source,
            Sizing::KeyValueServerless(p) => &p.source,
            Sizing::Document(p) => &p.source,
            Sizing::Cache(p) => &p.source,
            Sizing::StreamBrokers(p) => &p.source,
            Sizing::StreamShards(p) => &p.source,
            Sizing::QueueServerless(p) => &p.source,
            Sizing::QueueBrokers(p) => &p.source,
            Sizing::Search(p) => &p.source,
        }
    }
}

/// A primary/replica SQL database on managed instances.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Relational {
    pub nodes: NodeChoice,
    /// Share of a query's time (`service_time.db_query`) spent on the database's CPU.
    pub cpu_share_of_query_time: f64,
    /// Share of RAM that caches pages (shared buffers plus the OS page cache).
    pub cache_share_of_ram: f64,
    /// Bytes of instance memory per allowed connection (RDS: memory ÷ 9,531,392).
    pub bytes_per_connection: f64,
    /// Ceiling on connections whatever the memory.
    pub max_connections: f64,
    /// Read replicas one primary can feed.
    pub max_replicas: u32,
    /// Provisioned IOPS one instance can attach at most.
    pub max_iops: f64,
    /// Disk I/Os per write (WAL plus data page, amortised).
    pub ios_per_write: f64,
    pub source: String,
}

/// A leaderless wide-column store (Cassandra, ScyllaDB) on instances.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WideColumn {
    pub nodes: NodeChoice,
    /// CPU seconds per read and per write (one replica).
    pub cpu_s_per_read: f64,
    pub cpu_s_per_write: f64,
    /// Largest data set one node should hold (streaming and repair time), GiB.
    pub max_data_per_node_gib: f64,
    /// Share of a disk the data may fill (the rest is compaction headroom).
    pub disk_fill: f64,
    /// Memory kept for the JVM heap and off-heap structures, GiB per node.
    pub reserved_ram_gib: f64,
    /// EBS volume size per node when a node type has no local disk, GiB.
    pub ebs_volume_gib: f64,
    /// Logical bytes per byte on disk after table compression.
    pub compression_ratio: f64,
    pub source: String,
}

/// A serverless key-value table billed per request unit (DynamoDB).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyValueServerless {
    /// Read units per read of up to one read-unit size (0.5 for eventually consistent).
    pub read_units_per_read: f64,
    /// Target utilisation of provisioned capacity under auto scaling.
    pub provisioned_target: f64,
    pub source: String,
}

/// A document store in replica sets, sharded when one set cannot hold the data (MongoDB).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub nodes: NodeChoice,
    /// Members of each replica set.
    pub replica_set_members: u32,
    pub cpu_s_per_read: f64,
    pub cpu_s_per_write: f64,
    /// Share of RAM the storage engine caches (WiredTiger: 50% of RAM − 1 GB).
    pub cache_share_of_ram: f64,
    pub max_data_per_shard_gib: f64,
    pub source: String,
}

/// An in-memory cache (Redis, Memcached) on managed cache nodes.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cache {
    pub nodes: NodeChoice,
    /// Share of node memory usable for data (the rest is reserved for forks and buffers).
    pub usable_memory_share: f64,
    /// Bytes of memory per byte of payload (key, per-entry and allocator overhead).
    pub memory_overhead: f64,
    /// Operations per second one node serves per vCPU it can use.
    pub ops_per_s_per_vcpu: f64,
    /// vCPUs a node can use for requests (Redis: one thread, more with I/O threads).
    pub max_vcpus_used: u32,
    /// Copies of each shard when the availability SLO asks for redundancy.
    pub copies_ha: u32,
    pub source: String,
}

/// A partitioned log on brokers (Kafka, MSK).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StreamBrokers {
    pub nodes: NodeChoice,
    pub replication_factor: u32,
    pub min_brokers: u32,
    /// Sustained bytes/s one partition takes.
    pub partition_bytes_per_s: f64,
    /// Partitions one broker carries comfortably (leaders and followers).
    pub max_partitions_per_broker: f64,
    /// Share of disk the retained log may fill.
    pub disk_fill: f64,
    pub source: String,
}

/// A sharded stream billed per shard-hour (Kinesis).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StreamShards {
    pub source: String,
}

/// A serverless queue billed per request (SQS).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QueueServerless {
    /// Requests per message: send, receive, delete.
    pub requests_per_message: f64,
    /// Messages per batched request the producers and consumers use.
    pub batch: f64,
    pub source: String,
}

/// A message broker on nodes (RabbitMQ).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QueueBrokers {
    pub nodes: NodeChoice,
    /// Persistent messages per second one broker vCPU moves (in and out).
    pub msgs_per_s_per_vcpu: f64,
    /// Brokers of a highly available cluster (quorum queues).
    pub cluster_size_ha: u32,
    pub source: String,
}

/// A search engine (Elasticsearch, OpenSearch) on search nodes.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Search {
    pub nodes: NodeChoice,
    /// Bytes per indexed document before overhead.
    pub document_bytes: f64,
    /// Index bytes per source byte (inverted index, doc values, segments).
    pub index_overhead: f64,
    pub max_shard_gib: f64,
    /// Most disk per GiB of RAM a node should carry (search workloads).
    pub max_disk_per_ram: f64,
    /// CPU seconds per query.
    pub cpu_s_per_query: f64,
    /// CPU seconds to index one document (on each copy).
    pub cpu_s_per_index: f64,
    /// Replicas of each primary shard when the availability SLO asks for redundancy.
    pub replicas_ha: u32,
    pub source: String,
}
