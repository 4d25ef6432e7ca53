//! In-memory caches (Redis, Memcached) on managed cache nodes.

use super::*;
use crate::catalog::{NodeClass, Sizing};

/// The cache model.
pub struct CacheModel;

impl ComponentModel for CacheModel {
    /// # Formula
    /// memory = hot set × overhead; per node: usable = node memory × usable share,
    /// ops = ops per vCPU × min(vCPUs, vCPUs used), network = baseline bytes/s; then
    /// shards = max(⌈memory ÷ usable⌉, ⌈ops/s ÷ (ops × ρ*)⌉, ⌈bytes/s ÷ (network × ρ*)⌉, 1) and
    /// nodes = shards × copies (a replica per shard when the SLO asks for redundancy, in
    /// another zone than its primary: losing a zone promotes the replicas of the primaries it
    /// held, at the same size, so the utilization after a zone's loss is unchanged).
    /// Sources: AWS ElastiCache node types and reserved-memory (25%) guidance; Redis
    /// documentation "Redis benchmark" and "Memory optimization".
    fn candidates(
        &self,
        d: &Demand,
        tech: &Technology,
        cat: &Catalog,
        k: &Knobs,
    ) -> Vec<Candidate> {
        let Some(Sizing::Cache(p)) = &tech.sizing else {
            return vec![];
        };
        let memory = d.hot_bytes * p.memory_overhead;
        let ops = d.reads_per_s + d.writes_per_s;
        let bytes = d.reads_per_s * d.read_bytes + d.writes_per_s * d.write_bytes;
        let copies = if k.ha { p.copies_ha.max(1) } else { 1 };
        let mut nodes = offered(cat, &p.nodes, k);
        nodes.retain(|n| n.class != NodeClass::Burstable || k.pinned.is_some() || !k.ha);
        // Operations one node serves, and the nodes memory, operations and network each need.
        let needs = |n: &Node| {
            let node_ops = p.ops_per_s_per_vcpu * n.vcpus.min(p.max_vcpus_used) as f64;
            (
                node_ops,
                memory / (n.ram_bytes() * p.usable_memory_share),
                ops / (node_ops * k.target),
                bytes / (n.network_bytes_per_s() * k.target),
            )
        };
        // The least a node type costs: its nodes at the largest limit's shard count.
        let floor = |&n: &&Node| {
            let (_, by_mem_x, by_ops_x, by_net_x) = needs(n);
            let shards = ceil_count(by_mem_x.max(by_ops_x).max(by_net_x))
                .max(1)
                .max(k.min_count);
            compute_floor(cat, n, shards.saturating_mul(copies), k)
        };
        let fit = |&n: &&Node| {
            let (node_ops, by_mem_x, by_ops_x, by_net_x) = needs(n);
            let (shards, bound_by, limits) = bind(&[
                (Limit::Memory, by_mem_x),
                (Limit::Cpu, by_ops_x),
                (Limit::Network, by_net_x),
                (Limit::MinCount, 1.0),
            ]);
            let shards = shards.max(k.min_count);
            let count = shards.saturating_mul(copies);
            let util = [
                memory / (shards as f64 * n.ram_bytes() * p.usable_memory_share),
                ops / (shards as f64 * node_ops),
                bytes / (shards as f64 * n.network_bytes_per_s()),
            ]
            .into_iter()
            .fold(0.0, f64::max);
            Some(Candidate {
                node: Some(n.into()),
                count,
                required: shards,
                layout: Layout {
                    shards,
                    copies,
                    standbys: 0,
                },
                limits,
                bound_by,
                utilization: Some(util),
                bill: smallvec::smallvec![compute_line(cat, n, count, k)],
                servers_per_node: Some(1),
                service_time_s: Some(1.0 / node_ops),
                zone_loss: ZoneLoss::failover(
                    // Throughput: operations and network (memory is filled on purpose).
                    (ops / (shards as f64 * node_ops))
                        .max(bytes / (shards as f64 * n.network_bytes_per_s())),
                    copies >= 2 && k.zones >= 2,
                    1,
                ),
            })
        };
        build_bounded(&nodes, floor, fit, Preview::of, |c| c, k)
    }

    /// The store below sees only the misses, and they are cold: the hot set lives here, so
    /// the store's reads go to its disk.
    ///
    /// # Formula
    /// reads below = reads × (1 − hit ratio); hot set below = 0; disk-read share below = 1.
    fn downstream(&self, _chosen: &Candidate, d: &Demand) -> Demand {
        Demand {
            reads_per_s: d.reads_per_s * (1.0 - d.hit_ratio),
            avg_reads_per_s: d.avg_reads_per_s * (1.0 - d.hit_ratio),
            hot_bytes: 0.0,
            disk_read_share: 1.0,
            hit_ratio: 0.0,
            ..d.clone()
        }
    }
}
