//! Composite availability: components in series, redundant instances in parallel.

use super::show;
use super::sizing::{Role, Sizing};
use super::Ctx;
use crate::units::fmt_percent;
use serde::Serialize;

/// Minutes in a 365-day year.
pub const MINUTES_PER_YEAR: f64 = 525_600.0;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AvailabilityResult {
    pub composite: f64,
    pub downtime_minutes_per_year: f64,
    pub slo: Option<f64>,
    pub meets_slo: Option<bool>,
    /// Each layer on the request path: (name, availability).
    pub layers: Vec<Layer>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layer {
    pub name: String,
    pub availability: f64,
    pub formula: String,
}

/// Availability of n identical instances of availability a, any one of which serves.
///
/// # Formula
/// 1 − (1 − a)^n (parallel redundancy, independent failures).
pub fn parallel(a: f64, n: u32) -> f64 {
    1.0 - (1.0 - a).powi(n as i32)
}

/// At least `k` of `n` independent replicas up.
///
/// # Formula
/// P = Σ_{i=k}^{n} C(n, i) aⁱ (1 − a)^{n−i} (binomial k-of-n).
pub fn k_of_n(a: f64, k: u32, n: u32) -> f64 {
    (k..=n)
        .map(|i| {
            let c = (0..i).fold(1.0, |c, j| c * (n - j) as f64 / (j + 1) as f64);
            c * a.powi(i as i32) * (1.0 - a).powi((n - i) as i32)
        })
        .sum()
}

/// Composite availability of the synchronous request path.
///
/// # Formula
/// A = Π layers; a layer of n redundant instances is 1 − (1 − a)^n; a sharded database is up
/// when every shard is, each shard being its primary in parallel with its standby:
/// (1 − (1 − a)^k)^shards with k = 2 with a standby, else 1. Asynchronous parts (queue,
/// stream, workers), the CDN and object storage are off the request path of the API and are
/// left out. Downtime = (1 − A) × 525,600 min/year. Source: standard reliability block
/// diagrams; per-instance availabilities are public cloud SLAs (catalog `availability.*`).
pub fn composite(cx: &mut Ctx, sz: &Sizing) -> AvailabilityResult {
    let mut layers = Vec::new();
    for c in &sz.components {
        let (key, n) = match c.role {
            Role::Waf => ("availability.waf", 1),
            Role::LoadBalancer => ("availability.load_balancer", 1),
            Role::ApiGateway => ("availability.api_gateway", 1),
            Role::App => ("availability.app_instance", c.count),
            Role::Cache => ("availability.cache_node", if sz.ha { 2 } else { 1 }),
            Role::Search => ("availability.search", if sz.ha { 2 } else { 1 }),
            _ => continue,
        };
        let a = cx.figure(key, show::pct);
        let v = parallel(a, n);
        layers.push(Layer {
            name: c.role.as_str().to_string(),
            availability: v,
            formula: if !cx.record {
                String::new()
            } else if n > 1 {
                format!("1 − (1 − {})^{n}", fmt_percent(a))
            } else {
                fmt_percent(a)
            },
        });
    }
    if let Some(db) = sz.get(Role::Database) {
        layers.push(database_layer(cx, sz, db));
    }
    let composite: f64 = layers.iter().map(|l| l.availability).product();
    let slo = cx.spec.slo_availability;
    AvailabilityResult {
        composite,
        downtime_minutes_per_year: (1.0 - composite) * MINUTES_PER_YEAR,
        slo,
        meets_slo: slo.map(|s| composite + 1e-12 >= s),
        layers,
    }
}

/// The database layer: a managed serverless store at its published target; a replicated store
/// per shard needing a quorum of its copies; a primary with a standby per shard.
///
/// # Formula
/// serverless: its availability figure; quorum store: (k-of-n)^shards with n = RF copies,
/// k = ⌊n/2⌋ + 1; primary/standby: (1 − (1 − a)²)^shards; a lone primary: a^shards.
fn database_layer(cx: &mut Ctx, sz: &Sizing, db: &super::sizing::Component) -> Layer {
    if db.node.is_none() {
        let a = cx.figure("availability.serverless_store", show::pct);
        return Layer {
            name: "database".into(),
            availability: a,
            formula: if cx.record {
                fmt_percent(a)
            } else {
                String::new()
            },
        };
    }
    let a = cx.figure("availability.database_instance", show::pct);
    let shards = sz.db_shards.max(1).min(db.count.max(1));
    let copies = sz.db_copies.max(1);
    let pct = fmt_percent(a);
    let (shard, one) = if copies > 1 {
        let q = copies / 2 + 1;
        (k_of_n(a, q, copies), format!("{q}-of-{copies} at {pct}"))
    } else if sz.has(Role::DbStandby) {
        (parallel(a, 2), format!("1 − (1 − {pct})²"))
    } else {
        (a, pct)
    };
    let formula = if shards == 1 {
        one
    } else if copies > 1 || sz.has(Role::DbStandby) {
        format!("({one})^{shards}")
    } else {
        format!("{one}^{shards}")
    };
    Layer {
        name: "database".into(),
        availability: shard.powi(shards as i32),
        formula: if cx.record { formula } else { String::new() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quorum_hand_worked() {
        // 2 of 3 at 99.5%: 3a²(1 − a) + a³ = 3 × 0.990025 × 0.005 + 0.985074875 = 0.99992525
        assert!((k_of_n(0.995, 2, 3) - 0.999_925_25).abs() < 1e-12);
        // 1 of n is the parallel formula.
        assert!((k_of_n(0.995, 1, 3) - parallel(0.995, 3)).abs() < 1e-12);
    }

    #[test]
    fn parallel_hand_worked() {
        // two 99.5% instances: 1 − 0.005² = 0.999975
        assert!((parallel(0.995, 2) - 0.999_975).abs() < 1e-12);
        assert_eq!(parallel(0.9, 1), 0.9);
    }

    #[test]
    fn downtime_of_three_nines() {
        // System Design Guide: 99.9% ≈ 8.7 hours of downtime a year (525.6 min = 8.76 h)
        assert!(((1.0 - 0.999) * MINUTES_PER_YEAR - 525.6).abs() < 1e-9);
    }
}
