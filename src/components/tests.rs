//! Hand-worked cases for every model, and one registry-wide property test.
//!
//! Each case states its demand, works the limits out by hand in the comment (figures from
//! `catalog/nodes.yaml`, `prices.yaml` and the technology's `sizing:` block), and checks the
//! model's chosen node, count, binding limit and monthly cost. Tolerances live in `TOL`.

use super::*;
use crate::catalog::{Catalog, GIB};

/// Relative tolerance for money and rates computed in floating point.
const TOL: f64 = 1e-9;

fn cat() -> Catalog {
    Catalog::builtin().unwrap()
}

fn knobs(ha: bool) -> Knobs {
    Knobs {
        target: 0.7,
        ha,
        cloud: Cloud::Aws,
        reference_cloud: Cloud::Aws,
        reference_tiers: false,
        point: 0.5,
        pinned: None,
        min_count: 0,
        min_replicas: 0,
        hours_per_month: 730.0,
        pricing: crate::catalog::Pricing::OnDemand,
        spot: false,
        zones: 3,
        failover_ceiling: 0.85,
        words: true,
    }
}

fn best(tech: &str, d: &Demand, k: &Knobs) -> Candidate {
    let c = cat();
    let t = c.technology(tech).unwrap();
    let s = t.sizing.as_ref().unwrap();
    pick(registry::model(s).candidates(d, t, &c, k))
        .into_iter()
        .next()
        .unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOL * b.abs().max(1.0)
}

fn node(c: &Candidate) -> &str {
    &c.node.as_ref().unwrap().type_name
}

/// 1,000 writes and 9,000 reads/s of 2 ms queries over 100 GiB with a 10 GiB hot set.
fn oltp() -> Demand {
    Demand {
        writes_per_s: 1000.0,
        reads_per_s: 9000.0,
        cpu_s: 0.002,
        data_bytes: 100.0 * GIB,
        hot_bytes: 10.0 * GIB,
        client_connections: 200.0,
        ..Demand::default()
    }
}

#[test]
fn relational_cpu_binds_vertically() {
    // 1,000 writes + 9,000 reads/s of 2 ms queries; CPU per query 0.2 × 2 ms = 0.4 ms, so one
    // vCPU serves 0.7 ÷ 0.0004 = 1,750 queries/s at ρ* 0.7 and 10,000/s need 5.71 vCPUs → an
    // 8-vCPU instance; the hot set (10 GiB) needs 13.3 GiB of RAM. Cheapest 8-vCPU class:
    // db.m6g.2xlarge ($0.636/h, 32 GiB). CPU share of it: 10,000 ÷ 14,000 = 0.714 (memory
    // 10 ÷ 24 = 0.42, connections 200 ÷ 3,605 = 0.06): CPU binds.
    // Cost: 0.636 × 730 = $464.28 + 100 GiB × $0.115 = $11.50 → $475.78.
    let d = oltp();
    let c = best("postgresql", &d, &knobs(false));
    assert_eq!(
        (node(&c), c.count, c.bound_by),
        ("db.m6g.2xlarge", 1, Limit::Cpu)
    );
    assert!(close(c.cost().low, 464.28 + 11.5), "{}", c.cost().low);
    assert_eq!(c.layout.copies, 1, "vertical first: no replicas");
}

#[test]
fn relational_hot_set_of_15_tb_sizes_the_ram() {
    // 1% hot set of 15 TB = 150 GB = 139.7 GiB; with 75% of RAM caching pages the instance
    // needs 186 GiB → 256 GiB classes: db.r6g.8xlarge ($3.597/h) undercuts db.m6g.16xlarge
    // ($5.088/h). Memory binds (x = 139.7 ÷ 192 = 0.73, CPU 600 ÷ 56,000 = 0.01).
    // Storage is priced: 15 TB = 13,969.8 GiB × $0.115 = $1,606.53; compute 3.597 × 730 =
    // $2,625.81.
    let d = Demand {
        writes_per_s: 100.0,
        reads_per_s: 500.0,
        cpu_s: 0.002,
        data_bytes: 15e12,
        hot_bytes: 0.01 * 15e12,
        client_connections: 100.0,
        ..Demand::default()
    };
    let c = best("postgresql", &d, &knobs(false));
    assert_eq!(
        (node(&c), c.count, c.bound_by),
        ("db.r6g.8xlarge", 1, Limit::Memory)
    );
    let storage = bill::by_item(&c.bill)[&BillItem::Storage].low;
    assert!(close(storage, 15e12 / GIB * 0.115), "{storage}");
    assert!(close(c.cost().low, 3.597 * 730.0 + 15e12 / GIB * 0.115));
}

#[test]
fn relational_standby_with_redundancy() {
    // The first case with the availability SLO: the same primary plus one standby (Multi-AZ),
    // each with its own storage: 2 × ($464.28 + $11.50).
    let d = oltp();
    let c = best("postgresql", &d, &knobs(true));
    assert_eq!(
        (node(&c), c.count, c.required, c.layout.standbys),
        ("db.m6g.2xlarge", 2, 1, 1)
    );
    assert!(close(c.cost().low, 2.0 * (464.28 + 11.5)));
}

#[test]
fn wide_column_disk_binds() {
    // 10 TiB (one copy) compressed 2:1 → 5,120 GiB on disk per copy; RF 3; 10,000 writes and
    // 5,000 reads/s. m6i.xlarge with a 2 TiB gp3 volume filled to 50% holds 1,024 GiB →
    // 3 × ⌈5,120 ÷ 1,024⌉ = 15 nodes × ($0.192 × 730 + 2,048 GiB × $0.08) = 15 × $304.00 =
    // $4,560; i3en.xlarge (2,328 GiB NVMe × 50% = 1,164 GiB) needs 3 × 5 = 15 × $329.96 =
    // $4,949. CPU: 10,000 × 3 × 0.1 ms + 5,000 × 2 × 0.25 ms = 5.5 vCPU-s ÷ (4 × 0.7) =
    // 1.96 → 2 nodes (the count itself rounds up to a multiple of RF). Snapshots: one
    // compressed copy, 5,120 GiB = 5,497.56 GB in S3 at $0.023 = $126.44.
    let d = Demand {
        writes_per_s: 10_000.0,
        reads_per_s: 5_000.0,
        data_bytes: 10.0 * 1024.0 * GIB,
        replication: 3.0,
        ..Demand::default()
    };
    let c = best("cassandra", &d, &knobs(true));
    assert_eq!(
        (node(&c), c.count, c.bound_by),
        ("m6i.xlarge", 15, Limit::Storage)
    );
    assert_eq!(c.limits[&Limit::Cpu], 2);
    let snapshots = 5_120.0 * GIB / 1e9 * 0.023;
    assert!(close(
        c.cost().low,
        15.0 * (0.192 * 730.0 + 2048.0 * 0.08) + snapshots
    ));
}

#[test]
fn key_value_on_demand_vs_provisioned() {
    // 2 KB items: 2 write units per write, ⌈2 KB ÷ 4 KB⌉ × 0.5 = 0.5 read units per read.
    // Steady 1,000 reads/s and 100 writes/s, peak 3×: on-demand = (100 × 2 × $0.625 + 1,000 ×
    // 0.5 × $0.125) per million × 2,629,800 s; provisioned = ⌈300 × 2 ÷ 0.7⌉ = 858 WCU ×
    // $0.00065 + ⌈3,000 × 0.5 ÷ 0.7⌉ = 2,143 RCU × $0.00013, × 730 h. Storage 50 GB ×
    // $0.25 (+100 B per item) is the same in both.
    let month = crate::units::SECONDS_PER_MONTH;
    let d = Demand {
        avg_reads_per_s: 1000.0,
        avg_writes_per_s: 100.0,
        reads_per_s: 3000.0,
        writes_per_s: 300.0,
        read_bytes: 2048.0,
        write_bytes: 2048.0,
        data_bytes: 50e9,
        items: 1e6,
        ..Demand::default()
    };
    let storage = (50e9 + 100.0 * 1e6) / 1e9 * 0.25;
    let on_demand = (100.0 * 2.0 * 0.625 + 1000.0 * 0.5 * 0.125) * month / 1e6 + storage;
    let provisioned = (858.0 * 0.00065 + 2143.0 * 0.00013) * 730.0 + storage;
    let c = best("dynamodb", &d, &knobs(true));
    assert!(c.node.is_none());
    assert_eq!(c.bound_by, Limit::Requests);
    assert!(
        close(c.cost().low, on_demand.min(provisioned)),
        "{} vs {on_demand} / {provisioned}",
        c.cost().low
    );
}

#[test]
fn cache_memory_binds() {
    // 100 GiB hot × 1.2 overhead = 120 GiB; cache.r6g.large keeps 75% of 13.07 GiB = 9.80 GiB
    // → 12.24 → 13 shards; ops 220K ÷ (100K × 0.7) = 3.1; network 220K × 1 KB = 225 MB/s ÷
    // (93.75 MB/s × 0.7) = 3.4. 13 × $0.206 = $2.678/h beats 7 × cache.r6g.xlarge ($2.877/h)
    // and 13 × cache.r7g.large ($2.847/h). No SLO redundancy: one copy.
    let d = Demand {
        reads_per_s: 200_000.0,
        writes_per_s: 20_000.0,
        read_bytes: 1024.0,
        write_bytes: 1024.0,
        hot_bytes: 100.0 * GIB,
        ..Demand::default()
    };
    let c = best("redis", &d, &knobs(false));
    assert_eq!(
        (node(&c), c.count, c.bound_by),
        ("cache.r6g.large", 13, Limit::Memory)
    );
    assert_eq!((c.limits[&Limit::Cpu], c.limits[&Limit::Network]), (4, 4));
    assert!(close(c.cost().low, 13.0 * 0.206 * 730.0));
    // With redundancy each shard gets a replica: 26 nodes.
    assert_eq!(best("redis", &d, &knobs(true)).count, 26);
}

#[test]
fn stream_disk_throughput_binds() {
    // 100 MB/s in (peak), 50 MB/s average, RF 3, 2 consumer groups, 1 day retention.
    // kafka.m7g.large: EBS 78.75 MB/s × 0.7 → 3 × 100 ÷ 55.1 = 5.44 → 6; network 117.1 MB/s ×
    // 0.7 = 82.0 → max(300, 100 × 4) ÷ 82.0 = 4.88 → 5; disk 50 MB/s × 86,400 × 3 =
    // 12.96 TB ÷ (16 TiB × 0.5) = 1.47 → 2; partitions 10 × 3 ÷ 1,000 → 1: 6 brokers.
    // Surviving a zone: 300 ÷ 78.75 = 3.81 brokers' worth of disk throughput ÷ 0.85 = 4.48 →
    // 5 survivors → ⌈5 × 3 ÷ 2⌉ = 8 → 9 (a multiple of three zones): 9 × $0.204 × 730 =
    // $1,340.28, under 6 × kafka.m7g.xlarge. Storage: 12.96 TB ÷ 0.5 in GiB × $0.10.
    let d = Demand {
        messages_per_s: 100_000.0,
        avg_messages_per_s: 50_000.0,
        message_bytes: 1000.0,
        consumer_groups: 2.0,
        retention_s: 86_400.0,
        ..Demand::default()
    };
    let c = best("kafka", &d, &knobs(true));
    assert_eq!(
        (node(&c), c.count, c.bound_by),
        ("kafka.m7g.large", 9, Limit::DiskThroughput)
    );
    assert!((c.zone_loss.utilization.unwrap() - 300.0 / 78.75 / 6.0).abs() < 1e-9);
    let compute = bill::by_item(&c.bill)[&BillItem::Compute].low;
    assert!(close(compute, 9.0 * 0.204 * 730.0));
    let storage = bill::by_item(&c.bill)[&BillItem::Storage].low;
    assert!(close(storage, 50e6 * 86_400.0 * 3.0 / 0.5 / GIB * 0.10));
}

#[test]
fn kinesis_shards_by_bytes() {
    // 5 MB/s in of 1 KB records (5,000/s): ⌈5,000,000 ÷ 1,048,576⌉ = 5 shards by bytes,
    // 5 by records, out 2 × 5 MB/s ÷ 2 MiB/s = 4.8 → 5. 5 × 730 × $0.015 + 2,000 avg/s ×
    // 1 PUT unit × 2,629,800 s ÷ 1e6 × $0.014.
    let d = Demand {
        messages_per_s: 5000.0,
        avg_messages_per_s: 2000.0,
        message_bytes: 1000.0,
        consumer_groups: 2.0,
        ..Demand::default()
    };
    let c = best("kinesis", &d, &knobs(true));
    assert_eq!(c.count, 5);
    let want = 5.0 * 730.0 * 0.015 + 2000.0 * crate::units::SECONDS_PER_MONTH / 1e6 * 0.014;
    assert!(close(c.cost().low, want), "{}", c.cost().low);
}

#[test]
fn sqs_batches_requests() {
    // 100 messages/s on average: 3 requests each in batches of 10 → 100 × 2,629,800 × 3 ÷ 10
    // = 78.9M requests × $0.40 per million.
    let d = Demand {
        avg_messages_per_s: 100.0,
        messages_per_s: 300.0,
        message_bytes: 1024.0,
        ..Demand::default()
    };
    let c = best("sqs", &d, &knobs(true));
    let want = 100.0 * crate::units::SECONDS_PER_MONTH * 3.0 / 10.0 / 1e6 * 0.40;
    assert!(close(c.cost().low, want), "{}", c.cost().low);
}

#[test]
fn rabbitmq_keeps_a_quorum() {
    // 2,000 msgs/s in and out = 4,000 ÷ (5,000 × 2 vCPU × 0.7) = 0.57 → 1 broker by CPU;
    // quorum queues need 3 with redundancy: 3 × mq.m5.large.
    let d = Demand {
        messages_per_s: 2000.0,
        ..Demand::default()
    };
    let c = best("rabbitmq", &d, &knobs(true));
    assert_eq!(
        (node(&c), c.count, c.bound_by),
        ("mq.m5.large", 3, Limit::Quorum)
    );
}

#[test]
fn search_storage_binds() {
    // 100M documents × 2,048 B × 1.45 = 276.6 GiB; a replica each = 553.2 GiB. r6g.large.search
    // carries min(2,048, 16 GiB × 16) = 256 GiB → 2.16 nodes' worth. Surviving a zone: the
    // survivors hold it under 85%: 2.16 ÷ 0.85 = 2.54 → 3 survivors → ⌈3 × 3 ÷ 2⌉ = 5 nodes;
    // 5 × $0.167 beats 9 × m6g.large.search (128 GiB each, 4.32 ÷ 0.85 → 6 survivors, $0.128)
    // and 3 × r6g.xlarge.search.
    let d = Demand {
        reads_per_s: 200.0,
        items: 100e6,
        ..Demand::default()
    };
    let c = best("elasticsearch", &d, &knobs(true));
    assert_eq!(
        (node(&c), c.count, c.bound_by),
        ("r6g.large.search", 5, Limit::Storage)
    );
    // Losing a zone (2 of 5) leaves 3 holding 2.16 nodes' worth: 72%.
    let after = c.zone_loss.utilization.unwrap();
    assert!((after - 100e6 * 2048.0 * 1.45 * 2.0 / (256.0 * GIB) / 3.0).abs() < 1e-9);
    let gib = 100e6 * 2048.0 * 1.45 * 2.0 / GIB;
    assert!(
        close(c.cost().low, 5.0 * 0.167 * 730.0 + gib * 0.122),
        "{}",
        c.cost().low
    );
}

#[test]
fn opensearch_is_catalog_data_only() {
    // The same figures as Elasticsearch, from its own catalog entry: the same answer.
    let d = Demand {
        reads_per_s: 200.0,
        items: 100e6,
        ..Demand::default()
    };
    assert_eq!(
        best("opensearch", &d, &knobs(true)),
        best("elasticsearch", &d, &knobs(true))
    );
}

#[test]
fn document_shards_for_memory_and_data() {
    // 3 TiB data, 200 GiB hot, 2,000 writes and 8,000 reads/s, 3-member replica sets. The
    // WiredTiger cache is 45% of RAM: a 256 GiB node caches 115 GiB → 2 shards by memory;
    // 3,072 ÷ 2,048 → 2 by data. Fewest shards first (2: the 256 GiB nodes), then the
    // cheapest: 2 × 3 = 6 × r7g.8xlarge ($1.7136/h) beats 6 × r6i.8xlarge ($2.016/h); 28 shards
    // of r7g.large would cost less in instances but are not a design anyone runs.
    let d = Demand {
        writes_per_s: 2000.0,
        reads_per_s: 8000.0,
        data_bytes: 3.0 * 1024.0 * GIB,
        hot_bytes: 200.0 * GIB,
        ..Demand::default()
    };
    let c = best("mongodb", &d, &knobs(true));
    assert_eq!(
        (node(&c), c.count, c.bound_by),
        ("r7g.8xlarge", 6, Limit::Memory)
    );
    assert_eq!(
        c.layout,
        Layout {
            shards: 2,
            copies: 3,
            standbys: 0
        }
    );
}

#[test]
fn stateless_cpu_binds() {
    // 10,000 req/s × 4 ms CPU = 40 busy vCPUs ÷ 0.7 = 57.1 vCPUs: 29 × c7g.large (2 vCPU,
    // $0.0725/h) = $1,534.85 beats 15 × c7g.xlarge ($1,587.75) and 8 × c7g.2xlarge
    // ($1,693.60); burstable t3 is out (busy 69% > its 20% baseline).
    let d = Demand {
        reads_per_s: 10_000.0,
        cpu_s: 0.004,
        ..Demand::default()
    };
    let s = app::Stateless {
        slots_per_vcpu: 1.0,
        min_ha: 1,
        burstable_baseline: 0.2,
    };
    let c = pick(app::candidates(&d, &s, &cat(), &knobs(false)));
    assert_eq!(
        (node(&c[0]), c[0].count, c[0].bound_by),
        ("c7g.large", 29, Limit::Cpu)
    );
    assert!(close(c[0].cost().low, 29.0 * 0.0725 * 730.0));
    // I/O-bound: 10 ms of waiting per request, 1 slot per vCPU → concurrency binds.
    let io = Demand {
        wait_s: 0.010,
        ..d.clone()
    };
    let c = pick(app::candidates(&io, &s, &cat(), &knobs(false)));
    assert_eq!(c[0].bound_by, Limit::Concurrency);
}

#[test]
fn realtime_memory_binds() {
    // 1M connections × 64 KiB: r7g.xlarge (32 GiB − 2 GiB reserved) holds 491,520 → at 70%
    // 344,064 → 2.9 → 3 nodes × $0.2142 = $0.643/h (r7g.large: 7 × $0.1071 = $0.750/h).
    let d = Demand {
        user_connections: 1e6,
        ..Demand::default()
    };
    let r = realtime::Realtime {
        bytes_per_connection: 65536.0,
        max_fds: 1_048_576.0,
        reserved_gib: 2.0,
    };
    let c = pick(realtime::candidates(&d, &r, &cat(), &knobs(false)));
    assert_eq!(
        (node(&c[0]), c[0].count, c[0].bound_by),
        ("r7g.xlarge", 3, Limit::Memory)
    );
}

#[test]
fn bind_names_the_resource_closest_to_its_ceiling() {
    // Every count rounds to 1, but CPU is at 0.76 of one node: CPU binds, not the minimum.
    let (n, b, _) = bind(&[
        (Limit::Cpu, 0.76),
        (Limit::Memory, 0.3),
        (Limit::MinCount, 1.0),
    ]);
    assert_eq!((n, b), (1, Limit::Cpu));
    // A quorum of 3 over a resource need of 1.2 (2 nodes): the quorum binds.
    let (n, b, _) = bind(&[(Limit::Storage, 1.2), (Limit::Quorum, 3.0)]);
    assert_eq!((n, b), (3, Limit::Quorum));
}

#[test]
fn ceil_count_is_the_tolerant_ceiling() {
    // Against the definition: round when within 1e-9 of an integer, else ceil.
    let reference = |x: f64| {
        let r = x.round();
        if (x - r).abs() < 1e-9 {
            r as u32
        } else {
            x.ceil() as u32
        }
    };
    let mut xs = vec![
        1e-12,
        5e-10,
        0.3,
        0.5,
        1.0,
        2.0 - 1e-12,
        2.0 + 1e-12,
        2.0 + 2e-9,
    ];
    xs.extend((1..2000).map(|i| i as f64 * 0.37));
    xs.extend((1..60).map(|i| 3.0 + 1e-9 * i as f64 / 20.0));
    xs.extend([1e6 + 0.5, 4e9 + 0.25, 4294967294.5]);
    for x in xs {
        assert_eq!(ceil_count(x), reference(x), "{x}");
    }
    assert_eq!(ceil_count(0.0), 0);
    assert_eq!(ceil_count(-3.0), 0);
    assert_eq!(ceil_count(f64::NAN), 0);
    assert_eq!(ceil_count(f64::INFINITY), 0);
    assert_eq!(ceil_count(1e12), u32::MAX);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn demand(scale: f64, r: &[f64; 6]) -> Demand {
        Demand {
            reads_per_s: r[0] * scale,
            writes_per_s: r[1] * scale,
            avg_reads_per_s: r[0] * scale / 2.0,
            avg_writes_per_s: r[1] * scale / 2.0,
            read_bytes: 1000.0,
            write_bytes: 1000.0,
            data_bytes: r[2] * scale,
            hot_bytes: r[2] * scale * r[3],
            items: r[2] * scale / 1000.0,
            client_connections: 100.0,
            messages_per_s: r[4] * scale,
            avg_messages_per_s: r[4] * scale / 2.0,
            message_bytes: 1000.0,
            consumer_groups: 2.0,
            retention_s: 86_400.0,
            cpu_s: 0.002,
            replication: 3.0,
            disk_read_share: r[5].round(),
            ..Demand::default()
        }
    }

    prop_compose! {
        /// A load for every model — reads/s, writes/s, data bytes, hot share, messages/s and
        /// whether reads go to disk (rounded to 0 or 1), as [`demand`] takes them — and
        /// whether the SLO asks for redundancy.
        fn loads()(
            reads in 1.0f64..50_000.0,
            writes in 1.0f64..20_000.0,
            data in 1e9f64..2e13,
            hot in 0.0f64..0.3,
            msgs in 1.0f64..200_000.0,
            cold in 0.0f64..1.0,
            ha in any::<bool>(),
        ) -> ([f64; 6], bool) {
            ([reads, writes, data, hot, msgs, cold], ha)
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// A plan made for its numbers (no words) builds only the candidate the planner
        /// picks: it is the one a worded plan picks, node, layout, count and cost alike.
        #[test]
        fn numbers_only_sizing_picks_what_worded_sizing_picks((r, ha) in loads()) {
            let c = cat();
            let worded = knobs(ha);
            let numbers = Knobs { words: false, ..worded.clone() };
            let d = demand(1.0, &r);
            for t in c.technologies.iter().filter(|t| t.sizing.is_some()) {
                let m = registry::model(t.sizing.as_ref().unwrap());
                let a = pick(m.candidates(&d, t, &c, &worded));
                let b = pick(m.candidates(&d, t, &c, &numbers));
                prop_assert_eq!(a.is_empty(), b.is_empty(), "{}", t.name);
                let (Some(a), Some(b)) = (a.first(), b.first()) else { continue };
                prop_assert_eq!(a.node.as_ref().map(|n| n.type_name), b.node.as_ref().map(|n| n.type_name), "{}", t.name);
                prop_assert_eq!((a.count, a.required, a.layout), (b.count, b.required, b.layout), "{}", t.name);
                prop_assert_eq!(a.cost(), b.cost(), "{}", t.name);
            }
            // The stateless tier, sized outside the registry.
            let s = app::Stateless { slots_per_vcpu: 4.0, min_ha: 2, burstable_baseline: 0.2 };
            let d = Demand { cpu_s: 0.004, wait_s: 0.02, concurrent_users: Some(r[0] * 3.0), ..d };
            let a = pick(app::candidates(&d, &s, &c, &worded));
            let b = pick(app::candidates(&d, &s, &c, &numbers));
            prop_assert_eq!(b.len(), 1);
            prop_assert_eq!(a[0].node.as_ref().map(|n| n.type_name), b[0].node.as_ref().map(|n| n.type_name));
            prop_assert_eq!((a[0].count, a[0].cost()), (b[0].count, b[0].cost()));
        }

        /// For every technology the catalog sizes: the chosen count covers what every limit
        /// needs, the binding resource is at most fully used, and cost never falls as the
        /// load doubles.
        #[test]
        fn every_model_covers_its_limits_and_costs_more_with_more_load((r, ha) in loads()) {
            let c = cat();
            let k = knobs(ha);
            for t in c.technologies.iter().filter(|t| t.sizing.is_some()) {
                let m = registry::model(t.sizing.as_ref().unwrap());
                let d1 = demand(1.0, &r);
                let d2 = demand(2.0, &r);
                let a = pick(m.candidates(&d1, t, &c, &k));
                let b = pick(m.candidates(&d2, t, &c, &k));
                let (Some(a), Some(b)) = (a.first(), b.first()) else { continue };
                for (l, n) in a.limits.iter() {
                    prop_assert!(a.count >= *n, "{}: {:?} needs {n}, count {}", t.name, l, a.count);
                }
                prop_assert!(a.count >= a.required, "{}", t.name);
                if let Some(u) = a.utilization {
                    prop_assert!(u <= 1.0 + 1e-9, "{}: utilization {u}", t.name);
                }
                prop_assert!(
                    b.cost().mid() + 1e-6 >= a.cost().mid(),
                    "{}: {} at 2× load < {} at 1×", t.name, b.cost().mid(), a.cost().mid()
                );
            }
        }
    }
}

/// Branch and bound picks what ranking every option picks, whatever the floors (each at most
/// its option's cost): the same candidate, the listed-first one among equal costs and counts,
/// none when no option fits.
#[test]
fn bounded_ranking_picks_what_full_ranking_picks() {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(11);
    let k = Knobs {
        words: false,
        ..knobs(false)
    };
    // (cost, count, fits, floor as a share of the cost, name)
    type Opt = (f64, u32, bool, f64, usize);
    let make = |&(cost, count, _, _, i): &Opt| Candidate {
        count,
        ..Candidate::managed(
            vec![BillLine::new(
                BillItem::Compute,
                format!("option {i}"),
                1.0,
                "unit",
                cost,
            )],
            Limit::Cpu,
        )
    };
    let fit = |o: &Opt| o.2.then(|| make(o));
    let mut tied = 0;
    for case in 0..2000 {
        // Costs and counts on a coarse grid, so ties are common.
        let opts: Vec<Opt> = (0..rng.gen_range(0..40))
            .map(|i| {
                (
                    rng.gen_range(1..6) as f64 * 100.0,
                    rng.gen_range(1..3),
                    rng.gen_bool(0.8),
                    rng.gen::<f64>(),
                    i,
                )
            })
            .collect();
        let all = pick(opts.iter().filter_map(fit).collect());
        let bounded = build_bounded(&opts, |o| o.0 * o.3, fit, Preview::of, |c| c, &k);
        assert_eq!(all.first(), bounded.first(), "case {case}");
        assert!(bounded.len() <= 1);
        tied += usize::from(all.len() >= 2 && all[0].cost() == all[1].cost());
    }
    assert!(tied > 100, "only {tied} cases with a tie");
}

/// `required` is `bind`'s count: over needs with resources and floors, exact integers, float
/// noise either side of one, zero, negative, infinite and NaN needs.
#[test]
fn required_is_binds_count() {
    let values = [
        0.0,
        -3.0,
        0.4,
        1.0,
        2.0 + 1e-12,
        2.0 - 1e-12,
        2.5,
        7.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
    ];
    let limits = [Limit::Cpu, Limit::Memory, Limit::MinCount, Limit::Quorum];
    for (i, &a) in values.iter().enumerate() {
        for &b in &values[i..] {
            for (j, &la) in limits.iter().enumerate() {
                for &lb in &limits[j..] {
                    let needs = [(la, a), (lb, b)];
                    assert_eq!(required(&needs), bind(&needs).0, "{needs:?}");
                }
            }
        }
    }
    assert_eq!(required(&[]), bind(&[]).0);
}
