//! Leaderless wide-column stores (Cassandra) on instances with local NVMe or EBS volumes.

use super::*;
use crate::catalog::{Sizing, WideColumn, GIB};

/// The wide-column model.
pub struct WideColumnModel;

impl ComponentModel for WideColumnModel {
    /// # Formula
    /// With RF copies (one per zone) and a quorum of ⌊RF/2⌋ + 1 replicas touched per read:
    /// - data per node ≤ min(disk × fill, max data per node), disk = local NVMe or the EBS
    ///   volume; storage nodes = RF × ⌈data ÷ compression ratio ÷ that⌉;
    /// - CPU: (writes × RF × CPU per write + reads × quorum × CPU per read) ÷ (vCPUs × ρ*);
    /// - memory (network-attached volumes only): hot set × RF ÷ (RAM − reserved heap) keeps the
    ///   hot rows in the page cache; local NVMe answers a cold read well inside a read target;
    /// - nodes = max of the three, at least RF, rounded up to a multiple of RF so every zone
    ///   holds a full copy; when the SLO asks for redundancy over several zones, rounded to a
    ///   multiple of lcm(RF, zones) and grown until the nodes left after losing a zone run
    ///   the CPU under the failover ceiling (a zone's loss keeps each shard's quorum when
    ///   RF − ⌈RF ÷ zones⌉ ≥ ⌊RF/2⌋ + 1: three copies over three zones, not over two).
    /// - bill: node-hours; volumes (network-attached only) with IOPS above the included;
    ///   snapshots of one compressed copy in object storage; each
    ///   write to the RF − 1 replicas in other zones, and the cross-zone share of read answers,
    ///   as cross-zone transfer.
    ///
    /// Sources: Apache Cassandra documentation "Hardware choices" (keep disks under ~50% full
    /// for size-tiered compaction; 8–16 GB heap); DataStax capacity-planning guidance of 1–2 TB
    /// per node for streaming and repair times; AWS EC2 instance specifications.
    fn candidates(
        &self,
        d: &Demand,
        tech: &Technology,
        cat: &Catalog,
        k: &Knobs,
    ) -> Vec<Candidate> {
        let Some(Sizing::WideColumn(p)) = &tech.sizing else {
            return vec![];
        };
        let rf = d.replication.round().max(1.0) as u32;
        // Cassandra's hardware guidance asks for at least 4 cores (8 in production): smaller
        // nodes spend their CPU on compaction and GC.
        let nodes = offered(cat, &p.nodes, k);
        build_bounded(
            &nodes,
            |n| floor(d, p, n, rf, cat, k),
            |n| node_candidate(d, p, n, rf, cat, k),
            Preview::of,
            |c| c,
            k,
        )
    }
}

/// One node type's needs, before any bill: what each limit alone asks for.
struct Needs {
    local: bool,
    disk_gib: f64,
    per_node: f64,
    quorum: f64,
    vcpu_s: f64,
    on_disk: f64,
    storage_x: f64,
    cpu_x: f64,
    mem_x: f64,
    /// Counts come in multiples of it (a full copy per zone).
    step: u32,
}

fn needs(d: &Demand, p: &WideColumn, n: &Node, rf: u32, k: &Knobs) -> Option<Needs> {
    // Cassandra's hardware guidance asks for at least 4 cores (8 in production): smaller
    // nodes spend their CPU on compaction and GC.
    if n.vcpus < 4 {
        return None;
    }
    let local = n.local_disk_gib > 0.0;
    let disk_gib = if local {
        n.local_disk_gib
    } else {
        p.ebs_volume_gib
    };
    let per_node = (disk_gib * p.disk_fill).min(p.max_data_per_node_gib) * GIB;
    let usable_ram = (n.ram_gib - p.reserved_ram_gib) * GIB;
    if usable_ram <= 0.0 {
        return None;
    }
    let quorum = (rf / 2 + 1) as f64;
    let vcpu_s =
        d.writes_per_s * rf as f64 * p.cpu_s_per_write + d.reads_per_s * quorum * p.cpu_s_per_read;
    let on_disk = d.data_bytes / p.compression_ratio.max(1.0);
    let storage_x = rf as f64 * (on_disk / per_node).ceil();
    let cpu_x = vcpu_s / (n.vcpus as f64 * k.target);
    // Local NVMe serves a cold read in ~0.1 ms, inside any read target; on network-attached
    // volumes the hot rows must sit in the page cache.
    let mem_x = if local {
        0.0
    } else {
        d.hot_bytes * (1.0 - d.disk_read_share) * rf as f64 / usable_ram
    };
    let step = if k.survive_zone() {
        lcm(rf, k.zones)
    } else {
        rf
    };
    Some(Needs {
        local,
        disk_gib,
        per_node,
        quorum,
        vcpu_s,
        on_disk,
        storage_x,
        cpu_x,
        mem_x,
        step,
    })
}

/// The least a node type can cost: its compute line at the count [`node_candidate`] chooses
/// (the largest limit's count, at least RF and the count floor, in whole steps, grown to
/// survive a zone's loss); the other lines are never negative.
fn floor(d: &Demand, p: &WideColumn, n: &Node, rf: u32, cat: &Catalog, k: &Knobs) -> f64 {
    let Some(x) = needs(d, p, n, rf, k) else {
        return f64::INFINITY;
    };
    let required = ceil_count(x.storage_x.max(x.cpu_x).max(x.mem_x)).max(rf);
    let count = counted(required, &x, n, k);
    compute_floor(cat, n, count, k)
}

/// Nodes for `required`: at least the count floor, in whole steps, and when the SLO asks for
/// redundancy over several zones grown until losing one keeps the CPU under the ceiling.
fn counted(required: u32, x: &Needs, n: &Node, k: &Knobs) -> u32 {
    let count = required
        .max(k.min_count)
        .div_ceil(x.step)
        .saturating_mul(x.step);
    if k.survive_zone() {
        let busy = x.vcpu_s / n.vcpus as f64;
        zones::survive(count, busy, k.zones, k.failover_ceiling, x.step)
    } else {
        count
    }
}

fn node_candidate(
    d: &Demand,
    p: &WideColumn,
    n: &Node,
    rf: u32,
    cat: &Catalog,
    k: &Knobs,
) -> Option<Candidate> {
    let x = needs(d, p, n, rf, k)?;
    let (local, disk_gib, per_node, quorum) = (x.local, x.disk_gib, x.per_node, x.quorum);
    let (vcpu_s, on_disk) = (x.vcpu_s, x.on_disk);
    let (storage_x, cpu_x, mem_x) = (x.storage_x, x.cpu_x, x.mem_x);
    let (required, bound_by, limits) = bind(&[
        (Limit::Storage, storage_x),
        (Limit::Cpu, cpu_x),
        (Limit::Memory, mem_x),
        (Limit::Quorum, rf as f64),
    ]);
    let count = counted(required, &x, n, k);
    let busy = vcpu_s / n.vcpus as f64;
    // Up to five lines in one allocation (a bill grown line by line reallocated twice).
    let mut bill = Bill::with_capacity(5);
    bill.push(compute_line(cat, n, count, k));
    if !local {
        // Each node's share of the cold reads (quorum replicas each read) and its writes.
        let iops = (d.reads_per_s * d.disk_read_share * quorum + d.writes_per_s * rf as f64)
            / count.max(1) as f64;
        bill.extend(volume_lines(cat, n, count, disk_gib, iops, 0.0, k));
    } else {
        // The instance store is paid for in the node-hour price: a line at no extra cost, so
        // the bill still says where the data lives.
        bill.push(BillLine::new(
            BillItem::Storage,
            "local NVMe instance store (in the node-hour price)",
            disk_gib * count as f64,
            "GiB-month",
            0.0,
        ));
    }
    bill.push(snapshot_line(cat, n.cloud, on_disk, k));
    // Every write goes to RF replicas, one per zone; a read's answer crosses with the
    // chance the coordinator sits in another zone.
    let replication = d.avg_writes_per_s * d.write_bytes * (rf as f64 - 1.0)
        + d.avg_reads_per_s * d.read_bytes * k.cross_zone_share();
    bill.extend(cross_zone_line(
        cat,
        n.cloud,
        "replication and coordinator traffic",
        replication,
        k,
    ));
    Some(Candidate {
        node: Some(n.into()),
        count,
        required,
        layout: Layout {
            shards: count / rf,
            copies: rf,
            standbys: 0,
        },
        limits,
        bound_by,
        // The busiest resource: disk fill or CPU (memory where it counts).
        utilization: Some(
            (on_disk * rf as f64 / (count as f64 * per_node))
                .max(vcpu_s / (count as f64 * n.vcpus as f64))
                .max(mem_x / count as f64),
        ),
        bill,
        servers_per_node: Some(n.vcpus),
        service_time_s: Some(p.cpu_s_per_read * quorum),
        zone_loss: {
            let after = zones::after_loss(busy, count, k.zones);
            ZoneLoss {
                utilization: after,
                survives: zones::keeps_majority(rf, k.zones)
                    && after.is_some_and(|u| u <= k.failover_ceiling + 1e-9),
                need: quorum as u32,
            }
        },
    })
}

/// Least common multiple.
fn lcm(a: u32, b: u32) -> u32 {
    let gcd = |mut x: u32, mut y: u32| {
        while y != 0 {
            (x, y) = (y, x % y);
        }
        x.max(1)
    };
    a.max(1) / gcd(a.max(1), b.max(1)) * b.max(1)
}
