//! Streams: a partitioned log on brokers (Kafka on MSK) or a sharded stream (Kinesis).

use super::*;
use crate::catalog::{Sizing, StreamBrokers, GIB};
use crate::units::SECONDS_PER_MONTH;

/// The stream models.
pub struct StreamModel;

impl ComponentModel for StreamModel {
    fn candidates(
        &self,
        d: &Demand,
        tech: &Technology,
        cat: &Catalog,
        k: &Knobs,
    ) -> Vec<Candidate> {
        match &tech.sizing {
            Some(Sizing::StreamBrokers(p)) => build_bounded(
                &offered(cat, &p.nodes, k),
                // The least a broker type costs: its brokers at the count chosen for it.
                |&n| {
                    let x = BrokerNeeds::of(d, p, n, k);
                    let required = ceil_count(x.largest()).max(p.min_brokers);
                    compute_floor(cat, n, x.count(required, k), k)
                },
                |&n| Some(brokers(d, p, n, cat, k)),
                Preview::of,
                |c| c,
                k,
            ),
            Some(Sizing::StreamShards(_)) => vec![shards(d, cat, k)],
            _ => vec![],
        }
    }
}

/// # Formula
/// With ingress B = messages/s × message size, replication RF and C consumer groups:
/// - disk throughput: ⌈B × RF ÷ (broker EBS throughput × ρ*)⌉;
/// - network: ⌈max(B × RF, B × (C + RF − 1)) ÷ (broker network × ρ*)⌉ (in: produce plus
///   replication; out: consumers plus replication);
/// - disk capacity: ⌈B̄ × retention × RF ÷ (max storage per broker × fill)⌉, B̄ the average
///   ingress for a retention of a day or more, the peak for a shorter one;
/// - partitions = ⌈B ÷ per-partition rate⌉; ⌈partitions × RF ÷ partitions per broker⌉;
/// - brokers = max of these and the minimum, rounded up to a multiple of the zones (as many
///   brokers in each); when the SLO asks for redundancy, grown until the brokers left after
///   losing a zone carry the traffic under the failover ceiling (the lost zone's partition
///   leaders move to them; the in-sync majority RF − ⌈RF ÷ zones⌉ ≥ ⌊RF/2⌋ + 1 keeps
///   producers writing);
/// - bill: broker-hours, the retained log ÷ fill as broker storage, and the average traffic of
///   producers and of each consumer group × the cross-zone share as cross-zone transfer
///   (replication between MSK brokers is not billed).
///
/// Source: AWS Big Data Blog, "Best practices for right-sizing your Apache Kafka clusters to
/// optimize performance and cost" (throughput bounded by EBS and network, RF and consumers);
/// Amazon MSK developer guide (16 TiB per broker, brokers in multiples of the zone count).
/// What one broker type's limits each need, before rounding (see [`brokers`]).
struct BrokerNeeds {
    consumers: f64,
    retained: f64,
    partitions: u32,
    by_disk_x: f64,
    by_net_x: f64,
    by_storage_x: f64,
    by_parts_x: f64,
    /// Throughput (disk and network) in brokers' worth at 100%.
    busy: f64,
}

impl BrokerNeeds {
    fn of(d: &Demand, p: &StreamBrokers, n: &Node, k: &Knobs) -> BrokerNeeds {
        let rf = p.replication_factor as f64;
        let b = d.messages_per_s * d.message_bytes;
        // A window of a day or more holds the average traffic; a shorter one can be all peak.
        let b_avg = if d.retention_s >= 86_400.0 {
            d.avg_messages_per_s * d.message_bytes
        } else {
            b
        };
        let c = d.consumer_groups.max(1.0);
        let retained = b_avg * d.retention_s * rf;
        let partitions = ceil_count(b / p.partition_bytes_per_s).max(1);
        BrokerNeeds {
            consumers: c,
            retained,
            partitions,
            by_disk_x: b * rf / (n.ebs_bytes_per_s() * k.target),
            by_net_x: (b * rf).max(b * (c + rf - 1.0)) / (n.network_bytes_per_s() * k.target),
            by_storage_x: retained / (n.max_storage_bytes() * p.disk_fill),
            by_parts_x: partitions as f64 * rf / p.max_partitions_per_broker,
            busy: (b * rf / n.ebs_bytes_per_s())
                .max((b * rf).max(b * (c + rf - 1.0)) / n.network_bytes_per_s()),
        }
    }

    /// Brokers for `required`: at least the count floor, as many in each zone, and when the
    /// SLO asks for redundancy grown until losing a zone keeps the throughput under the
    /// failover ceiling.
    fn count(&self, required: u32, k: &Knobs) -> u32 {
        let step = k.zones.max(1);
        let count = required
            .max(k.min_count)
            .div_ceil(step)
            .saturating_mul(step);
        if k.survive_zone() {
            zones::survive(count, self.busy, k.zones, k.failover_ceiling, step)
        } else {
            count
        }
    }

    /// The largest real-valued broker count any limit needs.
    fn largest(&self) -> f64 {
        self.by_disk_x
            .max(self.by_net_x)
            .max(self.by_storage_x)
            .max(self.by_parts_x)
    }
}

fn brokers(d: &Demand, p: &StreamBrokers, n: &Node, cat: &Catalog, k: &Knobs) -> Candidate {
    let x = BrokerNeeds::of(d, p, n, k);
    let BrokerNeeds {
        consumers: c,
        retained,
        partitions,
        by_disk_x,
        by_net_x,
        by_storage_x,
        by_parts_x,
        busy,
    } = x;
    let (required, bound_by, limits) = bind(&[
        (Limit::DiskThroughput, by_disk_x),
        (Limit::Network, by_net_x),
        (Limit::Storage, by_storage_x),
        (Limit::Partitions, by_parts_x),
        (Limit::MinCount, (p.min_brokers) as f64),
    ]);
    let count = x.count(required, k);
    let util =
        (busy / count as f64).max(retained / (count as f64 * n.max_storage_bytes() * p.disk_fill));
    let mut zone_loss = ZoneLoss::tier(busy, count, k.zones, k.failover_ceiling);
    zone_loss.survives &= zones::keeps_majority(p.replication_factor, k.zones);
    Candidate {
        node: Some(n.into()),
        count,
        required,
        layout: Layout {
            shards: partitions,
            copies: p.replication_factor,
            standbys: 0,
        },
        limits,
        bound_by,
        utilization: Some(util),
        bill: {
            // Three lines in one allocation.
            let mut bill = Bill::with_capacity(3);
            bill.push(compute_line(cat, n, count, k));
            bill.push(BillLine::new(
                BillItem::Storage,
                "broker storage (retained log ÷ fill)",
                retained / p.disk_fill / GIB,
                "GiB-month",
                cat.fig("price.msk.storage_usd_per_gb_month"),
            ));
            // MSK does not bill replication between its brokers; producers and consumers
            // reach a partition leader in another zone with the cross-zone share.
            let clients = d.avg_messages_per_s * d.message_bytes * (1.0 + c) * k.cross_zone_share();
            bill.extend(cross_zone_line(
                cat,
                n.cloud,
                "producer and consumer traffic",
                clients,
                k,
            ));
            bill
        },
        servers_per_node: None,
        service_time_s: None,
        zone_loss,
    }
}

/// Kinesis keeps 24 hours in the shard price; longer windows are billed.
///
/// # Formula
/// - past 24 h (up to 7 days): shards × hours × the extended-retention shard-hour price;
/// - past 7 days: average bytes/s × (retention − 7 days) at the long-term GB-month price.
///
/// Source: Amazon Kinesis Data Streams Pricing (extended and long-term retention).
fn retention_lines(d: &Demand, n: u32, cat: &Catalog, k: &Knobs) -> Vec<BillLine> {
    const DAY: f64 = 86_400.0;
    let mut v = Vec::new();
    if d.retention_s > DAY {
        v.push(BillLine::new(
            BillItem::Storage,
            "extended retention (past 24 hours)",
            n as f64 * k.hours_per_month,
            "shard-hours",
            cat.fig("price.kinesis.extended_retention_usd_per_shard_hour"),
        ));
    }
    if d.retention_s > 7.0 * DAY {
        let gb = d.avg_messages_per_s * d.message_bytes * (d.retention_s - 7.0 * DAY) / 1e9;
        v.push(BillLine::new(
            BillItem::Storage,
            "long-term retention (past 7 days)",
            gb,
            "GB-month",
            cat.fig("price.kinesis.long_term_retention_usd_per_gb_month"),
        ));
    }
    v
}

/// # Formula
/// shards = max(⌈B ÷ 1 MB/s⌉, ⌈messages/s ÷ 1,000⌉, ⌈B × consumers ÷ 2 MB/s⌉, 1);
/// cost = shards × hours × shard-hour price + average messages × ⌈size ÷ 25 KB⌉ PUT units
/// (+ retention past 24 hours, see [`retention_lines`]).
/// Source: Amazon Kinesis Data Streams pricing and quotas (provisioned mode).
fn shards(d: &Demand, cat: &Catalog, k: &Knobs) -> Candidate {
    let b = d.messages_per_s * d.message_bytes;
    let by_bytes_x = b / cat.fig("price.kinesis.shard_in_bytes_per_sec");
    let by_bytes = ceil_count(by_bytes_x);
    let by_records_x = d.messages_per_s / cat.fig("price.kinesis.shard_in_records_per_sec");
    let by_out_x =
        b * d.consumer_groups.max(1.0) / (2.0 * cat.fig("price.kinesis.shard_in_bytes_per_sec"));
    let by_out = ceil_count(by_out_x);
    let (n, bound_by, limits) = bind(&[
        (Limit::Network, (by_bytes.max(by_out)) as f64),
        (Limit::Requests, by_records_x),
        (Limit::MinCount, 1.0),
    ]);
    let units = (d.message_bytes / cat.fig("price.kinesis.put_unit_bytes"))
        .ceil()
        .max(1.0);
    Candidate {
        node: None,
        count: n,
        required: n,
        layout: Layout {
            shards: n,
            copies: 1,
            standbys: 0,
        },
        limits,
        bound_by,
        utilization: Some(b / (n as f64 * cat.fig("price.kinesis.shard_in_bytes_per_sec"))),
        bill: smallvec::smallvec![
            BillLine::new(
                BillItem::CapacityUnits,
                k.say(|| format!("{n} shards")),
                n as f64 * k.hours_per_month,
                "shard-hours",
                cat.fig("price.kinesis.usd_per_shard_hour"),
            ),
            BillLine::new(
                BillItem::Requests,
                "PUT payload units",
                d.avg_messages_per_s * units * SECONDS_PER_MONTH / 1e6,
                "million units",
                cat.fig("price.kinesis.usd_per_million_put_units"),
            ),
        ],
        servers_per_node: None,
        service_time_s: None,
        zone_loss: ZoneLoss::managed(),
    }
    .with_lines(retention_lines(d, n, cat, k))
}
