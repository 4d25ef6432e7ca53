//! Relational stores (PostgreSQL, MySQL, MariaDB): one primary per shard, read replicas, a
//! standby per primary for the availability SLO.

use super::*;
use crate::catalog::{
    DatabaseTier, NodeClass, Range, ReferenceTier, Relational, ServiceKind, Sizing, GIB,
};

/// The relational model.
pub struct RelationalModel;

/// What one instance class carries, seen the same way whether it comes from the node catalog
/// or from the reference tier set: all a layout reads. Every class offered is laid out; only
/// the few the vertical-first rule keeps become a [`Class`].
struct Capacity {
    /// Queries/s one instance serves at the target utilisation.
    qps: f64,
    ram_bytes: f64,
    max_storage_bytes: f64,
    /// Baseline EBS throughput, bytes/s (0: not known, not limited).
    ebs_bytes_per_s: f64,
    burstable: bool,
    /// The reference set documents only queries/s and storage: no memory limit there.
    memory_limited: bool,
}

impl Capacity {
    /// A catalog node type, whose queries/s at ρ* follow from its vCPUs and the CPU time per
    /// query (`cpu_s`, see [`node_layouts`]).
    fn of_node(n: &Node, cpu_s: f64, k: &Knobs) -> Capacity {
        Capacity {
            qps: n.vcpus as f64 * k.target / cpu_s,
            ram_bytes: n.ram_bytes(),
            max_storage_bytes: n.max_storage_bytes(),
            ebs_bytes_per_s: n.ebs_bytes_per_s(),
            burstable: n.class == NodeClass::Burstable,
            memory_limited: true,
        }
    }
}

/// A kept class as it is priced and shown.
struct Class<'b> {
    shape: NodeShape,
    price: Range,
    /// The hourly price (catalog nodes; the reference set has monthly ranges).
    hourly: Option<f64>,
    /// The cloud whose storage prices and purchase options apply.
    cloud: Cloud,
    /// Queries one instance runs at once (the queueing model's parallel servers).
    slots: u32,
    /// Share of on-demand as bought, and its words: worked out once per list (its classes
    /// share their cloud), not for every layout floored or priced, and borrowed by each.
    bought: &'b (f64, Words),
}

impl ComponentModel for RelationalModel {
    fn candidates(
        &self,
        d: &Demand,
        tech: &Technology,
        cat: &Catalog,
        k: &Knobs,
    ) -> Vec<Candidate> {
        let Some(Sizing::Relational(p)) = &tech.sizing else {
            return vec![];
        };
        let pinned_reference = k
            .pinned
            .as_ref()
            .is_some_and(|p| cat.database_tiers.iter().any(|t| t.is_named(p)));
        let pinned_node = k.pinned.as_ref().is_some_and(|p| cat.node(p).is_some());
        let figs = Figures::of(cat);
        let bought;
        let mut kept = Kept::default();
        if pinned_reference || (k.reference_tiers && !pinned_node) {
            bought = purchase(cat, k.reference_cloud, ServiceKind::ManagedSql, k);
            reference_layouts(&mut kept, d, p, cat, &figs, &bought, k);
        } else {
            let nodes = offered(cat, &p.nodes, k);
            // A catalog list holds one cloud's node types: the first one's is every one's.
            let Some(first) = nodes.first() else {
                return vec![];
            };
            bought = purchase(cat, first.cloud, ServiceKind::ManagedSql, k);
            node_layouts(&mut kept, &nodes, d, p, &figs, &bought, k);
        }
        // Previews price each layout into one reused list of lines; a layout's instances
        // alone are a floor under its bill (the storage lines are never negative).
        let mut lines = Vec::with_capacity(4);
        build_bounded(
            &kept.list,
            |(c, f)| instances_cost(c, f.count, k),
            Some,
            |&(c, f)| {
                lines.clear();
                bill(&mut lines, d, c, f, cat, &figs, k);
                Preview {
                    count: f.count,
                    required: f.required(),
                    cost: lines
                        .iter()
                        .fold(Cost::default(), |a, l| a + l.monthly_cost),
                    utilization: Some(f.utilization),
                }
            },
            |(c, f)| candidate(d, c, f, cat, &figs, k),
            k,
        )
    }
}

/// The layouts the vertical-first rule keeps, in catalog order: shard only as far as the
/// largest instance forces, and add read replicas only when no instance carries the reads
/// alone. Only the layouts kept are priced (bills are most of a candidate's cost to build), and
/// only they are made a [`Class`]. The rule is applied as the classes stream past: a layout
/// with fewer (shards, copies) than those kept so far replaces them all, so no list of every
/// class or of every fit is made.
#[derive(Default)]
struct Kept<'b> {
    /// The (shards, 1 + replicas) of the layouts kept: the fewest so far, shards first.
    best: Option<(u32, u32)>,
    list: Vec<(Class<'b>, Fit)>,
}

impl<'b> Kept<'b> {
    /// Keep `f` if it has as few shards and copies as the layouts kept, or fewer.
    fn offer(&mut self, f: Fit, class: impl FnOnce() -> Class<'b>) {
        let at = (f.shards, 1 + f.replicas);
        match self.best {
            Some(best) if at > best => return,
            Some(best) if at == best => {}
            _ => {
                self.best = Some(at);
                self.list.clear();
            }
        }
        self.list.push((class(), f));
    }
}

/// The catalog figures every class's layout reads, looked up once per sizing.
struct Figures {
    burstable_baseline: f64,
    gp3_large_volume_gib: f64,
    gp3_included_iops_large: f64,
}

impl Figures {
    fn of(cat: &Catalog) -> Figures {
        Figures {
            burstable_baseline: cat.fig("compute.burstable_baseline"),
            gp3_large_volume_gib: cat.fig("price.rds.gp3_large_volume_gib"),
            gp3_included_iops_large: cat.fig("price.rds.gp3_included_iops_large"),
        }
    }
}

/// The numbers of one class's layout, before it is priced.
struct Fit {
    shards: u32,
    replicas: u32,
    standbys: u32,
    count: u32,
    serving: u32,
    /// What each limit alone needs, bound only for the layouts kept (most are dropped by
    /// the vertical-first rule before they are priced).
    needs: [(Limit, f64); 7],
    utilization: f64,
    /// Disk I/Os per second the layout's volumes take, all shards.
    iops: f64,
    zone_loss: ZoneLoss,
}

/// Lays out the catalog's node types into `kept`.
///
/// # Formula
/// CPU capacity of one instance = vCPUs × ρ* ÷ (query time × CPU share of query time).
/// Source: the CPU share is calibrated so that db.r5.xlarge (4 vCPU) serves 10,000 simple
/// queries/s at 100% busy with 2 ms queries — the midpoint of the System Design Guide §3.10
/// Managed Databases range (5,000–15,000 queries/s).
fn node_layouts<'b>(
    kept: &mut Kept<'b>,
    nodes: &[&Node],
    d: &Demand,
    p: &Relational,
    figs: &Figures,
    bought: &'b (f64, Words),
    k: &Knobs,
) {
    let cpu_s = (d.cpu_s * p.cpu_share_of_query_time).max(1e-9);
    // Every layout asks the largest RAM offered: a first pass reads only the RAM.
    let max_ram = nodes.iter().map(|n| n.ram_bytes()).fold(0.0, f64::max);
    // Often most classes tie at the fewest shards and copies: one allocation for all of them
    // rather than a list grown by doubling (a kept layout is some 270 bytes).
    kept.list.reserve(nodes.len());
    for &n in nodes {
        let c = Capacity::of_node(n, cpu_s, k);
        let Some(f) = layout(d, &c, max_ram, p, figs, k, kept.best) else {
            continue;
        };
        let slots = ceil_count(n.vcpus as f64 / p.cpu_share_of_query_time.max(1e-3));
        kept.offer(f, || node_class(n, slots, bought, k));
    }
}

/// A catalog node type as it is priced and shown, running `slots` queries at once.
fn node_class<'b>(n: &Node, slots: u32, bought: &'b (f64, Words), k: &Knobs) -> Class<'b> {
    Class {
        shape: n.into(),
        price: Range {
            low: n.usd_per_hour * k.hours_per_month,
            high: n.usd_per_hour * k.hours_per_month,
        },
        hourly: Some(n.usd_per_hour),
        cloud: n.cloud,
        slots,
        bought,
    }
}

/// Lays out the reference tier set into `kept`: the documented queries/s range at the
/// capacity point.
fn reference_layouts<'b>(
    kept: &mut Kept<'b>,
    d: &Demand,
    p: &Relational,
    cat: &Catalog,
    figs: &Figures,
    bought: &'b (f64, Words),
    k: &Knobs,
) {
    let max_bytes = cat.fig("database.max_bytes_per_node");
    let tiers = || {
        cat.database_tiers.iter().filter(|t| match &k.pinned {
            Some(p) => t.is_named(p),
            None => true,
        })
    };
    let max_ram = tiers().map(|t| t.ram_gb * GIB).fold(0.0, f64::max);
    for t in tiers() {
        let c = Capacity {
            qps: t.queries_per_sec.at(k.point) * k.target,
            ram_bytes: t.ram_gb * GIB,
            max_storage_bytes: max_bytes,
            ebs_bytes_per_s: 0.0,
            burstable: t.aws.starts_with("db.t"),
            memory_limited: false,
        };
        let Some(f) = layout(d, &c, max_ram, p, figs, k, kept.best) else {
            continue;
        };
        kept.offer(f, || reference_class(t, bought, k));
    }
}

/// A reference tier as it is priced and shown.
fn reference_class<'b>(t: &DatabaseTier, bought: &'b (f64, Words), k: &Knobs) -> Class<'b> {
    Class {
        shape: NodeShape::reference(t.name_in(k.reference_cloud), t.vcpus, t.ram_gb),
        price: t.monthly_cost,
        hourly: None,
        cloud: k.reference_cloud,
        slots: 0,
        bought,
    }
}

/// What a class's disks and memory take of the load, and the shards they force.
struct Disks {
    memory_x: f64,
    storage_x: f64,
    iops: f64,
    iops_x: f64,
    disk_x: f64,
    shards: u32,
}

/// The shards one class needs for the writes, the data and its disks, or `None` when a
/// larger instance should take the load instead (see [`layout`]).
fn disks(d: &Demand, c: &Capacity, max_ram: f64, p: &Relational, k: &Knobs) -> Option<Disks> {
    let (w, r) = (d.writes_per_s, d.reads_per_s);
    let iops = w * p.ios_per_write + r * d.disk_read_share;
    let memory_x = if c.memory_limited {
        d.hot_bytes / (c.ram_bytes * p.cache_share_of_ram)
    } else {
        0.0
    };
    let storage_x = d.data_bytes / c.max_storage_bytes;
    // Memory sizes the instance, never the shard count: past the largest instance's RAM the
    // rest of the hot set is read from disk (its reads count against IOPS).
    if memory_x > 1.0 + 1e-9 && c.ram_bytes < max_ram {
        return None;
    }
    let overflow = if memory_x > 1.0 {
        1.0 - 1.0 / memory_x
    } else {
        0.0
    };
    let iops = iops + r * (1.0 - d.disk_read_share) * overflow;
    let iops_x = iops / p.max_iops;
    // Disk throughput: each write puts its row and its WAL record on the volume; each disk
    // read brings a page in (at least 8 KiB, the PostgreSQL and InnoDB page sizes are 8 and
    // 16 KiB).
    let disk_bytes = w * d.write_bytes * 2.0
        + (r * d.disk_read_share + r * (1.0 - d.disk_read_share) * overflow)
            * d.read_bytes.max(8192.0);
    let disk_x = if c.ebs_bytes_per_s > 0.0 {
        disk_bytes / (c.ebs_bytes_per_s * k.target)
    } else {
        0.0
    };
    let shards = ceil_max([w / c.qps, storage_x, iops_x]).max(1);
    if disk_x > shards as f64 + 1e-9 && c.ram_bytes < max_ram {
        // A larger instance has more EBS bandwidth: vertical first.
        return None;
    }
    Some(Disks {
        memory_x,
        storage_x,
        iops,
        iops_x,
        disk_x,
        shards,
    })
}

/// The largest of `x`'s [`ceil_count`]s, rounding once: every class takes this, and a
/// rounding costs some twenty instructions. ⌈·⌉ is monotone up to infinity (a need past
/// every count), where `ceil_count` gives 0: below it one rounding of the largest is the
/// largest rounding (NaN, also 0, is passed over by `max`); at it each is rounded.
fn ceil_max(x: [f64; 3]) -> u32 {
    let most = x[0].max(x[1]).max(x[2]);
    if most < f64::INFINITY {
        ceil_count(most)
    } else {
        x.iter().map(|&x| ceil_count(x)).fold(0, u32::max)
    }
}

/// The layout one class needs, or `None` when it cannot carry the load or needs more
/// (shards, copies) than `fewest`, those of the layouts kept so far (the vertical-first rule
/// would drop it: the rest of its numbers are not worked out).
///
/// # Formula
/// With C = the class's queries/s at ρ*:
/// - RAM × cache share ≥ hot set, or the largest instance with the rest read from disk;
/// - shards = max(⌈writes ÷ C⌉, ⌈data ÷ max storage⌉,
///   ⌈IOPS ÷ max IOPS⌉, 1), IOPS = writes × I/Os per write + reads × disk-read share (the
///   reads that miss memory: all of them behind a cache, none when the hot set is in RAM);
/// - disk throughput = writes × row size × 2 (row and WAL) + disk reads × max(read size,
///   8 KiB) within the instance's EBS baseline at ρ* (a larger instance otherwise);
/// - per shard the primary takes the writes and the reads that fit beside them; replicas =
///   ⌈(reads/shard − (C − writes/shard)) ÷ C⌉, at least enough serving nodes for the client
///   connections (max connections = min(RAM ÷ bytes per connection, ceiling));
/// - one standby per primary when the availability SLO asks for it (Multi-AZ), in another
///   zone than its primary; over several zones the replicas spread over them, and enough are
///   kept that losing the fullest zone (⌈replicas ÷ zones⌉ replicas; a lost primary is
///   replaced by its standby) leaves each shard's CPU under the failover ceiling:
///   (writes/shard + reads/shard ÷ (1 + replicas − ⌈replicas ÷ zones⌉)) ÷ C₁₀₀ ≤ ceiling.
///
/// Sources: AWS RDS user guide (max_connections = DBInstanceClassMemory ÷ 9,531,392, at most
/// 5,000; 15 read replicas; 64 TiB and 64,000 IOPS per instance); System Design Guide §2.3
/// Databases (scale vertically first, then replicas for reads, then shards).
fn layout(
    d: &Demand,
    c: &Capacity,
    max_ram: f64,
    p: &Relational,
    figs: &Figures,
    k: &Knobs,
    fewest: Option<(u32, u32)>,
) -> Option<Fit> {
    let (w, r) = (d.writes_per_s, d.reads_per_s);
    let x = disks(d, c, max_ram, p, k)?;
    let shards = x.shards;
    if fewest.is_some_and(|(s, _)| shards > s) {
        return None;
    }
    let (ws, rs) = (w / shards as f64, r / shards as f64);
    let spare = (c.qps - ws).max(0.0);
    let by_reads = ceil_count((rs - spare).max(0.0) / c.qps);
    let max_conn = (c.ram_bytes / p.bytes_per_connection).min(p.max_connections);
    let conn_x = d.client_connections / max_conn;
    // Connections past what the replicas can hold call for a pooler (RDS Proxy, PgBouncer),
    // not for more instances than a primary can feed.
    let by_conn = ceil_count(conn_x / shards as f64)
        .saturating_sub(1)
        .min(p.max_replicas);
    let mut replicas = by_reads.max(by_conn).max(k.min_replicas);
    // Busy share of a shard's serving nodes at 100% capacity with `left` of them up.
    let full = c.qps / k.target;
    let busy_with = |left: u32| (ws + rs / left.max(1) as f64) / full;
    if k.survive_zone() {
        while replicas <= p.max_replicas
            && busy_with(1 + replicas - replicas.div_ceil(k.zones)) > k.failover_ceiling
        {
            replicas += 1;
        }
    }
    if replicas > p.max_replicas || fewest.is_some_and(|f| (shards, 1 + replicas) > f) {
        return None;
    }
    let cpu_util = (ws + rs / (1 + replicas) as f64) / (c.qps / k.target);
    // Burstable classes earn CPU only below a baseline, and AWS recommends them for
    // development and test: none for a steady load above it or behind an availability SLO.
    if c.burstable && (cpu_util > figs.burstable_baseline || k.ha) {
        return None;
    }
    // The busiest resource of a primary: CPU, page-cache memory or disk capacity.
    let util = cpu_util
        .max(x.memory_x.min(1.0))
        .max(x.storage_x / shards as f64);
    let standbys = u32::from(k.ha);
    let needs = [
        (Limit::Cpu, (w + r) / c.qps),
        (Limit::Memory, x.memory_x.min(1.0)),
        (Limit::Storage, x.storage_x),
        (Limit::Iops, x.iops_x),
        (Limit::DiskThroughput, x.disk_x),
        (Limit::Connections, conn_x),
        (Limit::MinCount, 1.0),
    ];
    // With a standby in another zone a lost primary fails over at the same size; without
    // one its shard is down until the instance is replaced.
    let left = 1 + replicas - replicas.div_ceil(k.zones.max(1));
    let after = busy_with(left);
    let zone_loss = ZoneLoss::failover(
        after,
        standbys > 0 && k.zones >= 2 && after <= k.failover_ceiling + 1e-9,
        1,
    );
    Some(Fit {
        shards,
        replicas,
        standbys,
        count: shards.saturating_mul(1 + replicas + standbys),
        serving: shards.saturating_mul(1 + replicas),
        needs,
        utilization: util,
        iops: x.iops,
        zone_loss,
    })
}

impl Fit {
    /// Nodes the load needs (at least the serving nodes): [`Fit::bound`]'s count alone.
    fn required(&self) -> u32 {
        required(&self.needs).max(self.serving)
    }

    /// Nodes the load needs (at least the serving nodes), the binding limit and each limit's
    /// count.
    fn bound(&self) -> (u32, Limit, LimitCounts) {
        let (required, bound_by, limits) = bind(&self.needs);
        (required.max(self.serving), bound_by, limits)
    }
}

/// A layout priced: its instances as bought and its storage.
fn candidate(
    d: &Demand,
    c: &Class,
    f: &Fit,
    cat: &Catalog,
    figs: &Figures,
    k: &Knobs,
) -> Candidate {
    let mut lines = Vec::with_capacity(4);
    bill(&mut lines, d, c, f, cat, figs, k);
    let (required, bound_by, limits) = f.bound();
    Candidate {
        zone_loss: f.zone_loss,
        node: Some(c.shape.clone()),
        count: f.count,
        required,
        layout: Layout {
            shards: f.shards,
            copies: 1 + f.replicas,
            standbys: f.standbys,
        },
        limits,
        bound_by,
        utilization: Some(f.utilization),
        bill: lines.into(),
        // A query holds a slot for its whole time but the CPU only for its CPU share.
        servers_per_node: (c.slots > 0).then_some(c.slots),
        service_time_s: Some(d.cpu_s),
    }
}

/// A layout's bill: its instances as bought, then its storage.
fn bill(
    bill: &mut Vec<BillLine>,
    d: &Demand,
    c: &Class,
    f: &Fit,
    cat: &Catalog,
    figs: &Figures,
    k: &Knobs,
) {
    bill.push(instances(c, f.count, k));
    let volumes = Volumes {
        shards: f.shards,
        serving: f.serving,
        standbys: f.shards.saturating_mul(f.standbys),
    };
    storage_lines(bill, d, f.iops, volumes, cat.prices(c.cloud), figs, k);
}

/// The instances' line: `count` of the class as bought.
fn instances(c: &Class, count: u32, k: &Knobs) -> BillLine {
    let (share, basis) = (c.bought.0, &c.bought.1);
    BillLine::compute(
        k.say(|| format!("{count} × {}", c.shape.type_name)),
        count,
        c.hourly,
        c.price,
        k.hours_per_month,
    )
    .bought(share, basis)
}

/// The cost midpoint of [`instances`]' line, without making the line: every kept layout's
/// floor takes one, and most are never priced further.
fn instances_cost(c: &Class, count: u32, k: &Knobs) -> f64 {
    BillLine::compute_cost(count, c.hourly, c.price, k.hours_per_month)
        .scale(c.bought.0)
        .mid()
}

/// The volumes of a layout: shards, instances that serve (primaries and replicas), standbys.
#[derive(Clone, Copy)]
struct Volumes {
    shards: u32,
    serving: u32,
    standbys: u32,
}

/// Storage, provisioned IOPS and backups: every instance (primary, replica, standby) keeps its
/// own copy.
///
/// # Formula
/// - storage = data ÷ shards × (serving + standbys × (HA multiplier − 1)), GiB-month;
/// - IOPS above the included baseline per volume (on RDS gp3 3,000 below 400 GiB, 12,000
///   from 400 GiB), same instances, at the per-IOPS price;
/// - backups = max(0, data + written per day × retention days − free share × primary
///   storage), GiB-month: the service keeps a full copy and the changes of its retention
///   window, and gives storage up to the database's size free.
///
/// Sources: Amazon RDS for PostgreSQL Pricing (storage, backup storage, Multi-AZ); Cloud SQL
/// and Azure Database for PostgreSQL pricing pages for their books.
fn storage_lines(
    lines: &mut Vec<BillLine>,
    d: &Demand,
    iops: f64,
    v: Volumes,
    book: &crate::catalog::PriceBook,
    figs: &Figures,
    k: &Knobs,
) {
    let sql = &book.managed_sql_storage;
    let per_node_gib = d.data_bytes / v.shards as f64 / GIB;
    let instances = v.serving as f64 + v.standbys as f64 * (sql.ha_multiplier - 1.0).max(0.0);
    lines.push(BillLine::new(
        BillItem::Storage,
        k.say(|| format!("{} storage", sql.product)),
        per_node_gib * instances,
        "GiB-month",
        sql.usd_per_gb_month,
    ));
    // RDS gp3 raises the included IOPS for large volumes; other books include none.
    let included = if sql.included_iops > 0.0 && per_node_gib >= figs.gp3_large_volume_gib {
        figs.gp3_included_iops_large
    } else {
        sql.included_iops
    };
    let iops = iops / v.shards as f64;
    if iops > included && sql.usd_per_iops_month > 0.0 {
        lines.push(BillLine::new(
            BillItem::Iops,
            "provisioned IOPS",
            (iops - included) * instances,
            "IOPS-month",
            sql.usd_per_iops_month,
        ));
    }
    let primary_gib = d.data_bytes / GIB;
    let changes_gib =
        d.avg_writes_per_s * d.write_bytes * 86_400.0 * sql.backup_retention_days / GIB;
    let billed = (primary_gib + changes_gib - sql.backup_free_share * primary_gib).max(0.0);
    if billed > 0.0 {
        lines.push(BillLine::new(
            BillItem::Storage,
            k.say(|| {
                format!(
                    "backups beyond the free allowance ({} days of changes)",
                    crate::units::trim_num(sql.backup_retention_days, 3)
                )
            }),
            billed,
            "GiB-month",
            sql.backup_usd_per_gb_month,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceil_max_is_the_largest_rounding() {
        let xs = [
            f64::NAN,
            f64::NEG_INFINITY,
            -3.0,
            0.0,
            1e-12,
            0.5,
            1.0,
            1.0 + 1e-10,
            1.0 + 1e-8,
            2.999_999_999_9,
            7.25,
            4e9,
            f64::MAX,
            f64::INFINITY,
        ];
        for &a in &xs {
            for &b in &xs {
                for &c in &xs {
                    let each = ceil_count(a).max(ceil_count(b)).max(ceil_count(c));
                    assert_eq!(ceil_max([a, b, c]), each, "{a} {b} {c}");
                }
            }
        }
    }

    /// The vertical-first rule as it was first written: every class laid out, then the
    /// layouts with the fewest shards, then among them the fewest copies, in catalog order.
    fn kept_by_filtering(nodes: &[&Node], d: &Demand, p: &Relational, k: &Knobs) -> Vec<String> {
        let figs = Figures::of(&Catalog::builtin().unwrap());
        let mut fits = Vec::new();
        let cpu_s = (d.cpu_s * p.cpu_share_of_query_time).max(1e-9);
        let max_ram = nodes.iter().map(|n| n.ram_bytes()).fold(0.0, f64::max);
        for n in nodes {
            let c = Capacity::of_node(n, cpu_s, k);
            if let Some(f) = layout(d, &c, max_ram, p, &figs, k, None) {
                fits.push((n.name, f));
            }
        }
        let min_shards = fits.iter().map(|(_, f)| f.shards).min().unwrap_or(1);
        let min_copies = fits
            .iter()
            .filter(|(_, f)| f.shards == min_shards)
            .map(|(_, f)| 1 + f.replicas)
            .min()
            .unwrap_or(1);
        fits.iter()
            .filter(|(_, f)| f.shards == min_shards && 1 + f.replicas == min_copies)
            .map(|(n, f)| describe(n, f))
            .collect()
    }

    fn describe(n: &str, f: &Fit) -> String {
        let needs: Vec<u64> = f.needs.iter().map(|(_, x)| x.to_bits()).collect();
        format!(
            "{n} {} {} {} {} {} {:?} {} {} {:?}",
            f.shards,
            f.replicas,
            f.standbys,
            f.count,
            f.serving,
            needs,
            f.utilization.to_bits(),
            f.iops.to_bits(),
            f.zone_loss
        )
    }

    /// Knobs that vary with `i`: utilisation target 0.7, HA every other, clouds and zones in turn.
    fn knobs(i: usize) -> Knobs {
        Knobs {
            target: 0.7,
            ha: i.is_multiple_of(2),
            cloud: [Cloud::Aws, Cloud::Gcp, Cloud::Azure][i % 3],
            reference_cloud: Cloud::Aws,
            reference_tiers: false,
            point: 0.5,
            pinned: None,
            min_count: 0,
            min_replicas: i.is_multiple_of(5) as u32,
            hours_per_month: 730.0,
            pricing: crate::catalog::Pricing::OnDemand,
            spot: false,
            zones: [1, 2, 3][i % 3],
            failover_ceiling: 0.85,
            words: false,
        }
    }

    #[test]
    fn streamed_rule_keeps_what_filtering_kept() {
        let cat = Catalog::builtin().unwrap();
        let Some(Sizing::Relational(p)) = &cat.technology("postgresql").unwrap().sizing else {
            panic!("postgresql is relational");
        };
        let figs = Figures::of(&cat);
        let bought = (1.0, Words::Borrowed(""));
        // A fixed linear congruential stream: loads from idle to far past one instance.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut draw = |lo: f64, hi: f64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            lo * (hi / lo).powf((seed >> 11) as f64 / (1u64 << 53) as f64)
        };
        let mut kept_some = 0;
        for i in 0..600 {
            let d = Demand {
                writes_per_s: draw(1.0, 2e5),
                reads_per_s: draw(1.0, 2e6),
                cpu_s: draw(2e-4, 2e-2),
                data_bytes: draw(GIB, 2e5 * GIB),
                hot_bytes: draw(0.1 * GIB, 4e3 * GIB),
                client_connections: draw(1.0, 5e4),
                disk_read_share: if i % 3 == 0 { 1.0 } else { 0.0 },
                write_bytes: 500.0,
                read_bytes: 2000.0,
                ..Demand::default()
            };
            let k = knobs(i);
            let nodes = offered(&cat, &p.nodes, &k);
            let mut kept = Kept::default();
            node_layouts(&mut kept, &nodes, &d, p, &figs, &bought, &k);
            let streamed: Vec<String> = kept
                .list
                .iter()
                .map(|(c, f)| describe(&c.shape.type_name, f))
                .collect();
            kept_some += usize::from(!streamed.is_empty());
            assert_eq!(streamed, kept_by_filtering(&nodes, &d, p, &k), "{d:?}");
        }
        assert!(kept_some > 300, "{kept_some} of 600 loads fit");
    }

    /// The floor is the instances' line's cost midpoint, bit for bit: catalog nodes (hourly)
    /// and reference tiers (monthly ranges), bought on demand and at a discount.
    #[test]
    fn instances_cost_is_the_lines_midpoint() {
        let cat = Catalog::builtin().unwrap();
        let k = knobs(0);
        let shares = [(1.0, Words::Borrowed("")), (0.62, Words::Borrowed(""))];
        let mut seen = 0;
        for bought in &shares {
            let nodes = cat.nodes.iter().map(|n| node_class(n, 0, bought, &k));
            let tiers = cat
                .database_tiers
                .iter()
                .map(|t| reference_class(t, bought, &k));
            for c in nodes.chain(tiers) {
                for count in [1, 2, 3, 7, 41, 1000] {
                    let line = instances(&c, count, &k).monthly_cost.mid();
                    assert_eq!(instances_cost(&c, count, &k).to_bits(), line.to_bits());
                    seen += 1;
                }
            }
        }
        assert!(seen > 1000, "{seen}");
    }
}
