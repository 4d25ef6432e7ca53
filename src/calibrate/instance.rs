//! The instance a load test ran on: a reference tier or a node type of the catalog. Its vCPUs
//! turn utilization into CPU time, and its documented users scale to the measured capacity.

use super::CalibrateError;
use crate::catalog::{Catalog, ComputeTier, Node, NodeClass, NodeService, Range, ReferenceTier};

#[derive(Debug, Clone)]
pub enum Instance {
    /// A reference tier (System Design Guide §3.10 Real-World Server Tiers).
    Tier(ComputeTier),
    /// A node type, with the hours in a month its hourly price is billed for.
    Node(Node, f64),
}

impl Instance {
    /// The tier or node type named `name` (a tier by its id or either cloud's name).
    pub fn find(cat: &Catalog, name: &str) -> Result<Instance, CalibrateError> {
        if let Some(t) = cat.compute_tiers.iter().find(|t| t.is_named(name)) {
            return Ok(Instance::Tier(t.clone()));
        }
        if let Some(n) = cat.node(name).filter(|n| n.service == NodeService::Ec2) {
            return Ok(Instance::Node(n.clone(), cat.fig("price.hours_per_month")));
        }
        let names = cat
            .compute_tiers
            .iter()
            .flat_map(|t| [t.name.as_str(), t.aws.as_str(), t.azure.as_str()])
            .chain(
                cat.nodes
                    .iter()
                    .filter(|n| n.service == NodeService::Ec2)
                    .map(|n| n.name.as_str()),
            );
        let hint = crate::error::did_you_mean(name, names)
            .unwrap_or_else(|| "`capplan catalog list` shows the tiers and node types".into());
        Err(CalibrateError::at(
            "--instance",
            None,
            None,
            format!("no app tier or node type named `{name}`"),
            Some("a reference tier (e.g. `production`, `m5.xlarge`) or a compute node type (e.g. `c7g.large`)"),
            Some(&hint),
        ))
    }

    pub fn name(&self) -> &str {
        match self {
            Instance::Tier(t) => &t.aws,
            Instance::Node(n, _) => &n.name,
        }
    }

    pub fn vcpus(&self) -> u32 {
        match self {
            Instance::Tier(t) => t.vcpus,
            Instance::Node(n, _) => n.vcpus,
        }
    }

    /// The instance as a reference tier, with the documented concurrent users of its size:
    /// its own for a tier; for a node type those of the largest tier of its kind (burstable
    /// or not) with no more vCPUs and RAM, per vCPU, times its vCPUs — as the app model
    /// reads them. `None` when no documented tier is that small.
    pub fn as_tier(&self, cat: &Catalog) -> Option<ComputeTier> {
        match self {
            Instance::Tier(t) => t.concurrent_users.is_some().then(|| t.clone()),
            Instance::Node(n, hours) => {
                let burstable = n.class == NodeClass::Burstable;
                let doc = cat
                    .compute_tiers
                    .iter()
                    .filter(|t| {
                        t.aws.starts_with('t') == burstable
                            && t.vcpus <= n.vcpus
                            && t.ram_gb <= n.ram_gib + 1e-9
                    })
                    .filter_map(|t| t.concurrent_users.map(|r| (t, r)))
                    .max_by(|a, b| {
                        a.0.vcpus
                            .cmp(&b.0.vcpus)
                            .then(a.0.ram_gb.total_cmp(&b.0.ram_gb))
                    })?;
                let per = n.vcpus as f64 / doc.0.vcpus as f64;
                let month = n.usd_per_hour * hours;
                Some(ComputeTier {
                    name: n.name,
                    label: n.name.to_string(),
                    aws: n.name,
                    azure: n.name,
                    gcp: n.name,
                    vcpus: n.vcpus,
                    ram_gb: n.ram_gib,
                    monthly_cost: Range {
                        low: month,
                        high: month,
                    },
                    concurrent_users: Some(Range {
                        low: doc.1.low * per,
                        high: doc.1.high * per,
                    }),
                    note: String::new(),
                    source: String::new(),
                })
            }
        }
    }
}
