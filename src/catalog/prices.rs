//! A cloud's price book: the unit prices every design pays on that cloud whatever technology
//! it runs — block and managed-database storage, object storage, CDN and internet transfer
//! (by volume tier), traffic between zones, the load balancer, and the discounts of each
//! purchase option. One book per cloud in the catalog, each price citing a `sources` entry
//! with its date.

use super::hardware::{Cloud, NodeService};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One volume tier: the price per unit for quantities up to `up_to` (cumulative, in the
/// book's unit); the last tier has no bound.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// Upper bound of the tier (cumulative quantity); absent for the last tier.
    #[serde(default)]
    pub up_to: Option<f64>,
    pub usd: f64,
}

/// A price that falls with volume, charged tier by tier.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tiered {
    /// What it buys, e.g. `CloudFront data transfer out, United States and Europe`.
    pub product: String,
    /// The quantity's unit, e.g. `GB`.
    pub unit: String,
    /// Quantity free each month before the first tier is charged.
    #[serde(default)]
    pub free: f64,
    pub tiers: Vec<Tier>,
    pub source: String,
}

impl Tiered {
    /// The monthly charge for `q` units.
    ///
    /// # Formula
    /// charge = Σ_i price_i × max(0, min(q', up_to_i) − up_to_{i−1}), with q' = max(0, q −
    /// free) and up_to_0 = 0 — each unit at the price of the tier it falls in.
    pub fn charge(&self, q: f64) -> f64 {
        let q = (q - self.free).max(0.0);
        let mut below = 0.0;
        let mut total = 0.0;
        for t in &self.tiers {
            let top = t.up_to.unwrap_or(f64::INFINITY);
            if q > below {
                total += t.usd * (q.min(top) - below);
            }
            below = top;
            if q <= top {
                break;
            }
        }
        total
    }

    /// The average price per unit for `q` units (the first tier's price for none).
    pub fn average(&self, q: f64) -> f64 {
        if q > 0.0 {
            self.charge(q) / q
        } else {
            self.tiers.first().map_or(0.0, |t| t.usd)
        }
    }

    /// Problems with the tiers: bounds must rise, prices be finite and non-negative, and
    /// only the last tier be unbounded.
    pub fn problems(&self, at: &str) -> Vec<String> {
        let mut p = Vec::new();
        if self.tiers.is_empty() {
            p.push(format!("{at}: no tiers"));
        }
        let mut last = 0.0;
        for (i, t) in self.tiers.iter().enumerate() {
            if !(t.usd.is_finite() && t.usd >= 0.0) {
                p.push(format!("{at}: tier {} price must be ≥ 0", i + 1));
            }
            match t.up_to {
                Some(u) if u > last && u.is_finite() => last = u,
                Some(_) => p.push(format!("{at}: tier {} bound must rise", i + 1)),
                None if i + 1 != self.tiers.len() => {
                    p.push(format!("{at}: only the last tier may be unbounded"))
                }
                None => {}
            }
        }
        p
    }
}

/// A flat unit price.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    pub product: String,
    pub usd: f64,
    pub unit: String,
    pub source: String,
}

/// Network-attached SSD volumes for self-managed nodes (EBS gp3, Hyperdisk Balanced, Premium
/// SSD v2): capacity, and IOPS and throughput above what every volume includes.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BlockStorage {
    pub product: String,
    pub usd_per_gb_month: f64,
    pub included_iops: f64,
    pub usd_per_iops_month: f64,
    pub included_mb_per_s: f64,
    pub usd_per_mb_per_s_month: f64,
    pub source: String,
}

/// A managed SQL service's storage and backups.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ManagedSqlStorage {
    pub product: String,
    pub usd_per_gb_month: f64,
    /// IOPS included with every volume (0 when the service bundles IOPS with capacity).
    pub included_iops: f64,
    pub usd_per_iops_month: f64,
    /// Backup storage free as a share of provisioned storage (1 = as much as the database).
    pub backup_free_share: f64,
    pub backup_usd_per_gb_month: f64,
    /// Days of point-in-time backups kept (the service's default retention).
    pub backup_retention_days: f64,
    /// What a highly available (standby) deployment multiplies compute and storage by.
    pub ha_multiplier: f64,
    pub source: String,
}

/// Object storage: capacity by tier and requests.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectStorage {
    /// GB-month, by tier.
    pub storage: Tiered,
    /// Writes (PUT, COPY, POST, LIST), per 1,000.
    pub write_usd_per_thousand: f64,
    /// Reads (GET), per 1,000.
    pub read_usd_per_thousand: f64,
    pub source: String,
}

/// A CDN: transfer out by tier, requests, and what origin fetches cost.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cdn {
    pub transfer: Tiered,
    /// HTTPS requests, per 10,000.
    pub usd_per_10k_requests: f64,
    /// Origin fetches (cache fill) from an origin in the same cloud, per GB (0 on AWS).
    pub origin_fetch_usd_per_gb: f64,
    pub source: String,
}

/// A load balancer: an hourly charge plus capacity units, each unit the most of several
/// dimensions (new connections, active connections, bytes, rule evaluations).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoadBalancer {
    pub product: String,
    pub usd_per_hour: f64,
    pub usd_per_unit_hour: f64,
    /// One capacity unit's new connections per second (0: not a dimension).
    pub unit_new_connections_per_s: f64,
    /// One capacity unit's concurrently active connections.
    pub unit_active_connections: f64,
    /// One capacity unit's processed GB per hour.
    pub unit_gb_per_hour: f64,
    /// One capacity unit's rule evaluations per second.
    pub unit_rule_evaluations_per_s: f64,
    /// Rules evaluated per request beyond the free ones (a small app: 0).
    pub rule_evaluations_per_request: f64,
    /// Processed bytes charged per GB instead of units (0 where units carry it).
    #[serde(default)]
    pub usd_per_gb_processed: f64,
    pub source: String,
}

/// How compute is bought.
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
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum Pricing {
    #[default]
    #[value(name = "on_demand")]
    OnDemand,
    // Savings: a savings plan or flexible commitment (no upfront); reserved: reserved
    // instances or resource commitments (no upfront). Plain comments, not doc comments, so
    // `--help` lists the values on one line.
    #[serde(rename = "savings_1y")]
    #[value(name = "savings_1y")]
    Savings1y,
    #[serde(rename = "savings_3y")]
    #[value(name = "savings_3y")]
    Savings3y,
    #[serde(rename = "reserved_1y")]
    #[value(name = "reserved_1y")]
    Reserved1y,
    #[serde(rename = "reserved_3y")]
    #[value(name = "reserved_3y")]
    Reserved3y,
}

impl Pricing {
    pub fn label(self) -> &'static str {
        match self {
            Pricing::OnDemand => "on-demand",
            Pricing::Savings1y => "1-year savings plan",
            Pricing::Savings3y => "3-year savings plan",
            Pricing::Reserved1y => "1-year reserved",
            Pricing::Reserved3y => "3-year reserved",
        }
    }
}

/// What a node service is, for the discounts that cover it.
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
pub enum ServiceKind {
    /// Virtual machines.
    Vm,
    ManagedSql,
    ManagedCache,
    ManagedSearch,
    ManagedStream,
    ManagedBroker,
}

impl NodeService {
    pub fn kind(self) -> ServiceKind {
        match self {
            NodeService::Ec2 | NodeService::ComputeEngine | NodeService::VirtualMachines => {
                ServiceKind::Vm
            }
            NodeService::Rds | NodeService::CloudSql | NodeService::AzureDatabase => {
                ServiceKind::ManagedSql
            }
            NodeService::Elasticache | NodeService::Memorystore | NodeService::AzureCache => {
                ServiceKind::ManagedCache
            }
            NodeService::Opensearch => ServiceKind::ManagedSearch,
            NodeService::Msk => ServiceKind::ManagedStream,
            NodeService::AmazonMq => ServiceKind::ManagedBroker,
        }
    }
}

/// A cloud's prices.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PriceBook {
    /// The provider's name, e.g. `Google Cloud`.
    pub label: String,
    /// The region the prices are for.
    pub region: String,
    pub prices_as_of: String,
    pub block_storage: BlockStorage,
    pub managed_sql_storage: ManagedSqlStorage,
    pub object_storage: ObjectStorage,
    pub cdn: Cdn,
    /// Internet egress from the cloud's servers, by tier.
    pub internet_egress: Tiered,
    /// Traffic between zones of one region, per GB (both directions together).
    pub cross_zone: Unit,
    /// Replication traffic between regions, per GB.
    pub cross_region: Unit,
    pub load_balancer: LoadBalancer,
    /// Compute price as a share of on-demand, per purchase option and service kind; a kind
    /// an option does not cover stays on demand.
    pub purchase: BTreeMap<Pricing, BTreeMap<ServiceKind, f64>>,
    /// Spot or preemptible VMs as a share of on-demand (interruptible workers only).
    pub spot_share: f64,
    /// Sources of the purchase-option and spot ratios.
    pub purchase_source: String,
}

impl PriceBook {
    /// The share of on-demand a node of `kind` costs under `pricing`; `None` when the
    /// option does not cover it (it stays on demand).
    pub fn discount(&self, pricing: Pricing, kind: ServiceKind) -> Option<f64> {
        if pricing == Pricing::OnDemand {
            return Some(1.0);
        }
        self.purchase
            .get(&pricing)
            .and_then(|m| m.get(&kind))
            .copied()
    }

    /// Problems with the book's figures.
    pub fn problems(&self, cloud: Cloud) -> Vec<String> {
        let at = format!("{cloud:?} prices");
        let mut p = Vec::new();
        for (name, t) in [
            ("object storage", &self.object_storage.storage),
            ("CDN transfer", &self.cdn.transfer),
            ("internet egress", &self.internet_egress),
        ] {
            p.extend(t.problems(&format!("{at}, {name}")));
        }
        for (opt, m) in &self.purchase {
            for (kind, r) in m {
                if !(*r > 0.0 && *r <= 1.0) {
                    p.push(format!(
                        "{at}: {} ratio for {kind:?} must be in (0, 1]",
                        opt.label()
                    ));
                }
            }
        }
        if !(self.spot_share > 0.0 && self.spot_share <= 1.0) {
            p.push(format!("{at}: spot_share must be in (0, 1]"));
        }
        p
    }

    /// Every source id the book cites.
    pub fn source_ids(&self) -> Vec<&str> {
        vec![
            &self.block_storage.source,
            &self.managed_sql_storage.source,
            &self.object_storage.source,
            &self.object_storage.storage.source,
            &self.cdn.source,
            &self.cdn.transfer.source,
            &self.internet_egress.source,
            &self.cross_zone.source,
            &self.cross_region.source,
            &self.load_balancer.source,
            &self.purchase_source,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cloudfront() -> Tiered {
        // CloudFront, United States/Mexico/Canada and Europe/Israel, per GB, with the 1 TB
        // always-free allowance (Amazon CloudFront Pricing, 2025-06).
        let t = |up_to: Option<f64>, usd| Tier { up_to, usd };
        Tiered {
            product: "CloudFront".into(),
            unit: "GB".into(),
            free: 1_000.0,
            tiers: vec![
                t(Some(10_000.0), 0.085),
                t(Some(50_000.0), 0.080),
                t(Some(150_000.0), 0.060),
                t(Some(500_000.0), 0.040),
                t(Some(1_000_000.0), 0.030),
                t(Some(5_000_000.0), 0.025),
                t(None, 0.020),
            ],
            source: "x".into(),
        }
    }

    #[test]
    fn six_petabytes_through_cloudfront_tiers_hand_worked() {
        // 6 PB = 6,000,000 GB; 1,000 GB free leaves 5,999,000 GB:
        //   10,000 × 0.085 =    850
        //   40,000 × 0.080 =  3,200
        //  100,000 × 0.060 =  6,000
        //  350,000 × 0.040 = 14,000
        //  500,000 × 0.030 = 15,000
        // 4,000,000 × 0.025 = 100,000
        //  999,000 × 0.020 = 19,980   → $159,030
        let c = cloudfront().charge(6_000_000.0);
        assert!((c - 159_030.0).abs() < 1e-6, "{c}");
        // against the flat first-tier price on everything: 6,000,000 × 0.085 = $510,000
        assert!(c < 0.32 * 510_000.0);
    }

    #[test]
    fn tiers_charge_each_unit_once() {
        let t = cloudfront();
        assert_eq!(t.charge(0.0), 0.0);
        assert_eq!(t.charge(1_000.0), 0.0);
        assert!((t.charge(11_000.0) - 850.0).abs() < 1e-9);
        assert!((t.charge(12_000.0) - 930.0).abs() < 1e-9);
        // the charge never falls as the quantity grows
        let mut last = 0.0;
        for q in (0..200).map(|i| i as f64 * 50_000.0) {
            let c = t.charge(q);
            assert!(c >= last);
            last = c;
        }
        assert!(t.problems("t").is_empty());
    }

    #[test]
    fn bad_tiers_are_named() {
        let mut t = cloudfront();
        t.tiers[1].up_to = Some(5.0);
        assert!(!t.problems("t").is_empty());
        t.tiers[1].up_to = None;
        assert!(t.problems("t").iter().any(|p| p.contains("last tier")));
    }
}
