//! The edge and the managed pieces billed by use: CDN, load balancer, API gateway, WAF,
//! object storage and the service mesh's sidecars.

use super::*;

/// The edge's monthly traffic: what a CDN can cache and what it cannot.
#[derive(Debug, Clone, Copy, Default)]
pub struct EdgeTraffic {
    /// Bytes of cacheable responses (static content, media), GB/month.
    pub cacheable_gb: f64,
    /// Requests for them, per month.
    pub cacheable_requests: f64,
    /// Share of cacheable requests the CDN answers from its cache.
    pub hit_ratio: f64,
}

/// A CDN: every cacheable byte reaches the user through the edge — hits, and the misses it
/// fetched from the origin.
///
/// # Formula
/// - transfer out = cacheable GB/month, tier by tier;
/// - requests = cacheable requests ÷ 10,000 × the price per 10,000;
/// - origin fetch = cacheable GB × (1 − hit ratio) × the cache-fill price (free from an
///   origin in AWS to CloudFront).
///
/// Sources: Amazon CloudFront Pricing; Cloud CDN pricing; Azure Front Door pricing.
pub fn cdn(book: &crate::catalog::Cdn, t: EdgeTraffic) -> Candidate {
    let mut bill = vec![
        BillLine::tiered(
            BillItem::Transfer,
            format!("{} (hits and fetched misses)", book.transfer.product),
            &book.transfer,
            t.cacheable_gb,
        ),
        BillLine::new(
            BillItem::Requests,
            "HTTPS requests",
            t.cacheable_requests / 1e4,
            "× 10,000 requests",
            book.usd_per_10k_requests,
        ),
    ];
    let fetched = t.cacheable_gb * (1.0 - t.hit_ratio).clamp(0.0, 1.0);
    bill.push(BillLine::new(
        BillItem::Transfer,
        "origin fetches (cache misses)",
        fetched,
        "GB",
        book.origin_fetch_usd_per_gb,
    ));
    Candidate::managed(bill, Limit::Requests)
}

/// The load a managed load balancer meters in its average hour.
#[derive(Debug, Clone, Copy, Default)]
pub struct BalancerLoad {
    pub requests_per_s: f64,
    pub new_connections_per_s: f64,
    pub active_connections: f64,
    /// Request and response bytes through it, GB per hour.
    pub gb_per_hour: f64,
}

/// A managed load balancer (ALB, Application Gateway, Cloud Load Balancing): one balancer
/// that scales itself, billed by the hour and by capacity units.
///
/// # Formula
/// - units = max(new connections/s ÷ per unit, active connections ÷ per unit, GB/hour ÷ per
///   unit, rule evaluations/s ÷ per unit) for the average hour (a dimension with no per-unit
///   figure is not metered);
/// - cost = hours × (hourly price + units × unit-hour price) + GB processed × per-GB price.
///
/// Source: Elastic Load Balancing Pricing (Application Load Balancer LCU dimensions).
pub fn managed_load_balancer(
    lb: &crate::catalog::LoadBalancer,
    l: BalancerLoad,
    k: &Knobs,
) -> Candidate {
    let dim = |v: f64, per: f64| if per > 0.0 { v / per } else { 0.0 };
    let units = dim(l.new_connections_per_s, lb.unit_new_connections_per_s)
        .max(dim(l.active_connections, lb.unit_active_connections))
        .max(dim(l.gb_per_hour, lb.unit_gb_per_hour))
        .max(dim(
            l.requests_per_s * lb.rule_evaluations_per_request,
            lb.unit_rule_evaluations_per_s,
        ));
    let hours = k.hours_per_month;
    let mut bill = vec![BillLine::new(
        BillItem::CapacityUnits,
        k.say(|| format!("{} hours", lb.product)),
        hours,
        "hours",
        lb.usd_per_hour,
    )];
    if units > 0.0 && lb.usd_per_unit_hour > 0.0 {
        bill.push(BillLine::new(
            BillItem::CapacityUnits,
            "capacity units (busiest dimension, average hour)",
            units * hours,
            "unit-hours",
            lb.usd_per_unit_hour,
        ));
    }
    if lb.usd_per_gb_processed > 0.0 {
        bill.push(BillLine::new(
            BillItem::Transfer,
            "data processed",
            l.gb_per_hour * hours,
            "GB",
            lb.usd_per_gb_processed,
        ));
    }
    Candidate {
        node: None,
        count: 1,
        required: 1,
        layout: Layout::default(),
        limits: [(Limit::Requests, 1)].into_iter().collect(),
        bound_by: Limit::Requests,
        utilization: None,
        bill: bill.into(),
        servers_per_node: None,
        service_time_s: None,
        zone_loss: ZoneLoss::managed(),
    }
}

/// # Formula
/// requests/month (millions) × price per million (+ a monthly base).
pub fn per_request(what: &str, million: f64, usd_per_million: f64, base: f64) -> Candidate {
    let mut bill = vec![BillLine::new(
        BillItem::Requests,
        what.to_string(),
        million,
        "million requests",
        usd_per_million,
    )];
    if base > 0.0 {
        bill.push(BillLine::new(
            BillItem::CapacityUnits,
            "web ACL and rules",
            1.0,
            "month",
            base,
        ));
    }
    Candidate::managed(bill, Limit::Requests)
}

/// Object storage: capacity tier by tier, and requests.
///
/// # Formula
/// storage = GB held, tier by tier; writes = PUT requests ÷ 1,000 × price; reads = GET
/// requests ÷ 1,000 × price.
pub fn object_storage(
    book: &crate::catalog::ObjectStorage,
    gb: f64,
    puts: f64,
    gets: f64,
) -> Candidate {
    Candidate::managed(
        vec![
            BillLine::tiered(
                BillItem::Storage,
                book.storage.product.clone(),
                &book.storage,
                gb,
            ),
            BillLine::new(
                BillItem::Requests,
                "PUT requests (multipart parts included)",
                puts / 1e3,
                "× 1,000 requests",
                book.write_usd_per_thousand,
            ),
            BillLine::new(
                BillItem::Requests,
                "GET requests",
                gets / 1e3,
                "× 1,000 requests",
                book.read_usd_per_thousand,
            ),
        ],
        Limit::Storage,
    )
}

/// # Formula
/// sidecars = app compute × overhead share (proxy CPU and memory beside every instance).
pub fn mesh(app_compute: Cost, share: f64) -> Candidate {
    let mut line = BillLine::new(
        BillItem::Compute,
        "sidecar proxies (share of app compute)",
        share,
        "share of app compute",
        app_compute.mid(),
    );
    line.monthly_cost = app_compute.scale(share);
    Candidate::managed(vec![line], Limit::Cpu)
}
