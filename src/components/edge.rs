//! The edge and the managed pieces billed by use: CDN, load balancer, API gateway, WAF,
//! object storage and the service mesh's sidecars.

use super::*;
use crate::catalog::Range;

/// # Formula
/// CDN: served GB/month = egress GB/month × offload share, at the price per GB.
pub fn cdn(egress_gb: f64, offload: f64, usd_per_gb: f64) -> Candidate {
    Candidate::managed(
        vec![BillLine::new(
            BillItem::Transfer,
            "edge data transfer out".into(),
            egress_gb * offload,
            "GB",
            usd_per_gb,
        )],
        Limit::Requests,
    )
}

/// # Formula
/// nodes = ⌈peak req/s ÷ (req/s per node × ρ*)⌉, each at the documented monthly range.
pub fn load_balancer(peak_qps: f64, node_qps: f64, price: Range, k: &Knobs) -> Candidate {
    let n = ceil_count(peak_qps / (node_qps * k.target)).max(1);
    Candidate {
        node: None,
        count: n,
        required: n,
        layout: Layout::default(),
        limits: [(Limit::Requests, n)].into_iter().collect(),
        bound_by: Limit::Requests,
        utilization: Some(peak_qps / (n as f64 * node_qps)),
        bill: vec![BillLine::ranged(
            BillItem::CapacityUnits,
            format!("{n} load balancer capacity"),
            n as f64,
            "load balancers",
            price,
        )],
        servers_per_node: None,
        service_time_s: None,
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
            "web ACL and rules".into(),
            1.0,
            "month",
            base,
        ));
    }
    Candidate::managed(bill, Limit::Requests)
}

/// # Formula
/// object storage = GB held × price per GB-month.
pub fn object_storage(gb: f64, usd_per_gb_month: f64) -> Candidate {
    Candidate::managed(
        vec![BillLine::new(
            BillItem::Storage,
            "standard storage".into(),
            gb,
            "GB-month",
            usd_per_gb_month,
        )],
        Limit::Storage,
    )
}

/// # Formula
/// sidecars = app compute × overhead share (proxy CPU and memory beside every instance).
pub fn mesh(app_compute: Cost, share: f64) -> Candidate {
    let mut line = BillLine::new(
        BillItem::Compute,
        "sidecar proxies (share of app compute)".into(),
        share,
        "share of app compute",
        app_compute.mid(),
    );
    line.monthly_cost = app_compute.scale(share);
    Candidate::managed(vec![line], Limit::Cpu)
}
