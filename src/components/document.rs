//! Document stores (MongoDB) in replica sets, sharded when one set cannot carry the data.

use super::*;
use crate::catalog::{Sizing, GIB};

/// The document model.
pub struct DocumentModel;

impl ComponentModel for DocumentModel {
    /// # Formula
    /// shards = max(⌈data ÷ max data per shard⌉, ⌈hot set ÷ (RAM × cache share)⌉,
    /// ⌈(writes × CPU per write + reads × CPU per read) ÷ (vCPUs × ρ*)⌉, 1) — the primary of
    /// each set takes its shard's reads and writes; nodes = shards × members; every member
    /// keeps its shard's data (+20% free) on a network-attached volume, and every write reaches
    /// the members in the other zones as cross-zone transfer; only layouts with the fewest
    /// shards any node allows are candidates. The members spread one per zone: losing a zone
    /// elects a new primary at the same size when the set keeps a majority
    /// (members − ⌈members ÷ zones⌉ ≥ ⌊members/2⌋ + 1), so the utilization after the loss is
    /// unchanged.
    /// Sources: MongoDB manual "Replica Set Deployment Architectures" (three members),
    /// "WiredTiger Storage Engine" (cache = 50% of RAM − 1 GB), MongoDB Atlas sizing guidance
    /// (working set in RAM).
    fn candidates(
        &self,
        d: &Demand,
        tech: &Technology,
        cat: &Catalog,
        k: &Knobs,
    ) -> Vec<Candidate> {
        let Some(Sizing::Document(p)) = &tech.sizing else {
            return vec![];
        };
        let members = p.replica_set_members.max(1);
        let vcpu_s = d.writes_per_s * p.cpu_s_per_write + d.reads_per_s * p.cpu_s_per_read;
        let all: Vec<Candidate> = offered(cat, &p.nodes, k)
            .into_iter()
            .map(|n| {
                let cache = (n.ram_gib * p.cache_share_of_ram).max(0.25) * GIB;
                let by_storage_x = d.data_bytes / (p.max_data_per_shard_gib * GIB);
                let by_storage = ceil_count(by_storage_x);
                let by_mem_x = d.hot_bytes / cache;
                let by_mem = ceil_count(by_mem_x);
                let by_cpu_x = vcpu_s / (n.vcpus as f64 * k.target);
                let by_cpu = ceil_count(by_cpu_x);
                let (shards, bound_by, _) = bind(&[
                    (Limit::Storage, by_storage_x),
                    (Limit::Memory, by_mem_x),
                    (Limit::Cpu, by_cpu_x),
                    (Limit::MinCount, 1.0),
                ]);
                let count = shards.saturating_mul(members);
                let limits = [
                    (Limit::Storage, by_storage.saturating_mul(members)),
                    (Limit::Memory, by_mem.saturating_mul(members)),
                    (Limit::Cpu, by_cpu.saturating_mul(members)),
                    (Limit::Quorum, members),
                ]
                .into_iter()
                .collect();
                // Each member keeps its shard's data with 20% free on its volume.
                let gib_each = d.data_bytes / GIB / shards.max(1) as f64 * 1.2;
                // Up to six lines in one allocation.
                let mut bill = Bill::with_capacity(6);
                bill.push(compute_line(cat, n, count, k));
                bill.extend(volume_lines(cat, n, count, gib_each, 0.0, 0.0, k));
                bill.push(snapshot_line(cat, n.cloud, d.data_bytes, k));
                let oplog = d.avg_writes_per_s * d.write_bytes * (members as f64 - 1.0);
                bill.extend(cross_zone_line(
                    cat,
                    n.cloud,
                    "replica-set replication",
                    oplog,
                    k,
                ));
                Candidate {
                    node: Some(n.into()),
                    count,
                    required: shards,
                    layout: Layout {
                        shards,
                        copies: members,
                        standbys: 0,
                    },
                    limits,
                    bound_by,
                    utilization: Some(
                        (vcpu_s / (shards as f64 * n.vcpus as f64 * k.target) * k.target)
                            .max(d.hot_bytes / (shards as f64 * cache))
                            .max(d.data_bytes / (shards as f64 * p.max_data_per_shard_gib * GIB)),
                    ),
                    bill,
                    servers_per_node: Some(n.vcpus),
                    service_time_s: Some(p.cpu_s_per_read),
                    zone_loss: ZoneLoss::failover(
                        vcpu_s / (shards as f64 * n.vcpus as f64),
                        zones::keeps_majority(members, k.zones),
                        members / 2 + 1,
                    ),
                }
            })
            .collect();
        // Each shard is a replica set with its own routing and balancing: as few shards as
        // the largest node allows, the cheapest node among those.
        let min_shards = all.iter().map(|c| c.layout.shards).min().unwrap_or(1);
        all.into_iter()
            .filter(|c| c.layout.shards == min_shards)
            .collect()
    }
}
