//! Search engines (Elasticsearch, OpenSearch) on search nodes with EBS storage.

use super::*;
use crate::catalog::{Sizing, GIB};

/// The search model.
pub struct SearchModel;

impl ComponentModel for SearchModel {
    /// # Formula
    /// index = documents × document size × index overhead; primary shards =
    /// ⌈index ÷ max shard size⌉; copies = 1 + replicas (when the SLO asks for redundancy);
    /// per node disk = min(max storage, RAM × max disk per RAM);
    /// nodes = max(⌈index × copies ÷ per-node disk⌉, ⌈(queries/s × CPU per query + documents
    /// indexed/s × CPU per document × copies) ÷ (vCPUs × ρ*)⌉,
    /// copies, 3 with redundancy for a master quorum); when the SLO asks for redundancy over
    /// several zones, grown until the nodes left after losing a zone hold the index copies and
    /// run the CPU under the failover ceiling (the lost zone's shard copies are re-created on
    /// the survivors; the ceiling matches OpenSearch's 85% low disk watermark).
    /// Sources: Elastic "Size your shards" (10–50 GB per shard); Amazon OpenSearch Service
    /// "Sizing domains" (storage ≈ source × 1.1 × (1 + replicas); memory-to-storage ratios).
    fn candidates(
        &self,
        d: &Demand,
        tech: &Technology,
        cat: &Catalog,
        k: &Knobs,
    ) -> Vec<Candidate> {
        let Some(Sizing::Search(p)) = &tech.sizing else {
            return vec![];
        };
        let index = d.items * p.document_bytes * p.index_overhead;
        let primaries = ceil_count(index / (p.max_shard_gib * GIB)).max(1);
        let copies = 1 + if k.ha { p.replicas_ha } else { 0 };
        let total = index * copies as f64;
        let vcpu_s =
            d.reads_per_s * p.cpu_s_per_query + d.writes_per_s * p.cpu_s_per_index * copies as f64;
        let quorum = if k.ha { copies.max(3) } else { copies };
        // One node type's disk, the nodes storage and CPU each need, and the busier of the
        // two in nodes' worth at 100%.
        let needs = |n: &Node| {
            let disk = n
                .max_storage_bytes()
                .min(n.ram_bytes() * p.max_disk_per_ram);
            let busy = (vcpu_s / n.vcpus as f64).max(total / disk);
            (
                disk,
                total / disk,
                vcpu_s / (n.vcpus as f64 * k.target),
                busy,
            )
        };
        // At least the count floor; grown to survive a zone's loss when the SLO asks.
        let counted = |required: u32, busy: f64| {
            let count = required.max(k.min_count);
            if k.survive_zone() {
                zones::survive(count, busy, k.zones, k.failover_ceiling, 1)
            } else {
                count
            }
        };
        // The least a node type costs: its nodes at the count chosen below (the storage
        // line is the same for every node type).
        let floor = |&n: &&Node| {
            let (_, by_storage_x, by_cpu_x, busy) = needs(n);
            let required = ceil_count(by_storage_x.max(by_cpu_x)).max(quorum);
            compute_floor(cat, n, counted(required, busy), k)
        };
        let fit = |&n: &&Node| {
            let (disk, by_storage_x, by_cpu_x, busy) = needs(n);
            let by_storage = ceil_count(by_storage_x);
            let by_cpu = ceil_count(by_cpu_x);
            let (count, bound_by, limits) = bind(&[
                (Limit::Storage, by_storage_x),
                (Limit::Cpu, by_cpu_x),
                (Limit::Quorum, (quorum) as f64),
            ]);
            let count = counted(count, busy);
            let mut zone_loss = ZoneLoss::tier(busy, count, k.zones, k.failover_ceiling);
            zone_loss.survives &= copies >= 2;
            Some(Candidate {
                zone_loss,
                node: Some(n.into()),
                count,
                required: by_storage.max(by_cpu).max(1),
                layout: Layout {
                    shards: primaries,
                    copies,
                    standbys: 0,
                },
                limits,
                bound_by,
                utilization: Some(
                    (vcpu_s / (count as f64 * n.vcpus as f64)).max(total / (count as f64 * disk)),
                ),
                bill: smallvec::smallvec![
                    compute_line(cat, n, count, k),
                    BillLine::new(
                        BillItem::Storage,
                        "gp3 index storage",
                        total / GIB,
                        "GiB-month",
                        cat.fig("price.opensearch.gp3_usd_per_gb_month"),
                    ),
                ],
                servers_per_node: Some(n.vcpus),
                service_time_s: Some(p.cpu_s_per_query),
            })
        };
        build_bounded(
            &offered(cat, &p.nodes, k),
            floor,
            fit,
            Preview::of,
            |c| c,
            k,
        )
    }
}
