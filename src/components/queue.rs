//! Queues: serverless and billed per request (SQS), or brokers on nodes (RabbitMQ).

use super::*;
use crate::catalog::Sizing;
use crate::units::SECONDS_PER_MONTH;

/// The queue models.
pub struct QueueModel;

impl ComponentModel for QueueModel {
    /// # Formula
    /// serverless: requests/month = average messages/s × seconds/month × requests per message
    /// ÷ batch × ⌈message ÷ 64 KB⌉ (each 64 KB chunk bills as a request);
    /// brokers: n = ⌈messages/s × 2 (in and out) ÷ (msgs/s per vCPU × vCPUs × ρ*)⌉, at least the
    /// cluster size when the SLO asks for redundancy; broker storage = average messages/s ×
    /// size × min(retention, a day) per node (a day's backlog is what a queue is sized to
    /// absorb); when the SLO asks for redundancy over several zones, grown until the nodes
    /// left after losing a zone carry the messages under the failover ceiling (quorum queues
    /// keep a majority of the cluster when n − ⌈n ÷ zones⌉ ≥ ⌊n/2⌋ + 1).
    /// Sources: Amazon SQS pricing and developer guide (batches of up to 10, 64 KB chunks);
    /// RabbitMQ documentation "Quorum queues" (three-node clusters) and its published
    /// performance tests.
    fn candidates(
        &self,
        d: &Demand,
        tech: &Technology,
        cat: &Catalog,
        k: &Knobs,
    ) -> Vec<Candidate> {
        match &tech.sizing {
            Some(Sizing::QueueServerless(p)) => {
                let chunks = (d.message_bytes / cat.fig("price.sqs.request_chunk_bytes"))
                    .ceil()
                    .max(1.0);
                let batch = p.batch.clamp(1.0, cat.fig("price.sqs.max_batch"));
                let m = d.avg_messages_per_s * SECONDS_PER_MONTH * p.requests_per_message / batch
                    * chunks
                    / 1e6;
                vec![Candidate::managed(
                    vec![BillLine::new(
                        BillItem::Requests,
                        k.say(|| format!("requests (send, receive, delete; batches of {batch})")),
                        m,
                        "million requests",
                        cat.fig("price.sqs.standard_usd_per_million_requests"),
                    )],
                    Limit::Requests,
                )]
            }
            Some(Sizing::QueueBrokers(p)) => offered(cat, &p.nodes, k)
                .into_iter()
                .map(|n| {
                    let per = p.msgs_per_s_per_vcpu * n.vcpus as f64;
                    let by_cpu_x = 2.0 * d.messages_per_s / (per * k.target);
                    let by_cpu = ceil_count(by_cpu_x);
                    let quorum = if k.ha { p.cluster_size_ha } else { 1 };
                    let (count, bound_by, limits) =
                        bind(&[(Limit::Cpu, by_cpu_x), (Limit::Quorum, (quorum) as f64)]);
                    let mut count = count.max(k.min_count);
                    let busy = 2.0 * d.messages_per_s / per;
                    if k.survive_zone() {
                        count = zones::survive(count, busy, k.zones, k.failover_ceiling, 1);
                    }
                    let mut zone_loss = ZoneLoss::tier(busy, count, k.zones, k.failover_ceiling);
                    zone_loss.survives &= zones::keeps_majority(count, k.zones);
                    Candidate {
                        zone_loss,
                        node: Some(n.into()),
                        count,
                        required: by_cpu.max(1),
                        layout: Layout::default(),
                        limits,
                        bound_by,
                        utilization: Some(2.0 * d.messages_per_s / (count as f64 * per)),
                        bill: {
                            // Quorum queues keep every message on each node until consumed:
                            // a backlog of the retention's messages, per node.
                            let gib = d.avg_messages_per_s
                                * d.message_bytes
                                * d.retention_s.min(86_400.0)
                                / crate::catalog::GIB;
                            smallvec::smallvec![
                                compute_line(cat, n, count, k),
                                BillLine::new(
                                    BillItem::Storage,
                                    "broker storage (up to a day of backlog per node)",
                                    gib * count as f64,
                                    "GiB-month",
                                    cat.fig("price.mq.storage_usd_per_gb_month"),
                                ),
                            ]
                        },
                        servers_per_node: None,
                        service_time_s: None,
                    }
                })
                .collect(),
            _ => vec![],
        }
    }
}
