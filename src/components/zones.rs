//! Zones as failure domains: how a component's nodes spread over the availability zones, and
//! what is left when one zone is lost.
//!
//! A model that scales a component by its node count sizes it so that the nodes left after
//! the fullest zone is lost carry the whole load under the failover ceiling
//! (`deployment.failover_ceiling`); a quorum store keeps a majority of every shard's copies.

use serde::Serialize;

/// Nodes per zone, fullest first: held in place for the six zones a deployment may have (a
/// plan spreads every component, and a Monte Carlo sample makes some twenty such lists).
pub type ZoneCounts = smallvec::SmallVec<[u32; 6]>;

/// Nodes per zone for `n` nodes spread as evenly as can be over `z` zones, fullest first.
///
/// # Formula
/// the first n mod z zones hold ⌈n/z⌉, the others ⌊n/z⌋.
pub fn spread(n: u32, z: u32) -> ZoneCounts {
    let z = z.max(1);
    (0..z)
        .map(|i| n / z + u32::from(i < n % z))
        .filter(|&c| c > 0)
        .collect()
}

/// Nodes left when the fullest zone is lost (none with a single zone).
///
/// # Formula
/// survivors = n − ⌈n/z⌉ = ⌊n (z − 1) ÷ z⌋.
pub fn survivors(n: u32, z: u32) -> u32 {
    if z <= 1 {
        0
    } else {
        n - n.div_ceil(z)
    }
}

/// Busy share on the nodes left after the fullest zone is lost, for a load worth `busy`
/// nodes at 100%; `None` when no node is left.
///
/// # Formula
/// utilization after zone loss = busy ÷ survivors.
pub fn after_loss(busy: f64, n: u32, z: u32) -> Option<f64> {
    let s = survivors(n, z);
    (s > 0).then(|| busy / s as f64)
}

/// The smallest count from `n` up whose survivors of a zone loss carry `busy` nodes' worth of
/// load under the ceiling, a multiple of `step` (e.g. the replication factor).
///
/// # Formula
/// smallest n' ≥ n, n' a multiple of step, with busy ÷ (n' − ⌈n'/z⌉) ≤ ceiling; with one zone
/// nothing survives and n is kept.
pub fn survive(n: u32, busy: f64, z: u32, ceiling: f64, step: u32) -> u32 {
    let step = step.max(1);
    let round = |x: u32| x.div_ceil(step).saturating_mul(step);
    if z <= 1 || !busy.is_finite() || ceiling <= 0.0 {
        return round(n);
    }
    // Survivors needed, then the count whose survivors reach it (⌊n (z−1)/z⌋ ≥ m).
    let m = super::ceil_count(busy / ceiling).max(1);
    let first = (m as u64 * z as u64).div_ceil(z as u64 - 1);
    let mut c = round(n.max(first.min(u32::MAX as u64) as u32));
    // At most a few steps of rounding noise; bounded by the node limit.
    while survivors(c, z) < m && c < super::MAX_NODES {
        c = round(c.saturating_add(1));
    }
    c
}

/// Whether a store that needs a majority of its `copies` keeps it after the fullest zone is
/// lost, the copies spread one per zone as far as they go.
///
/// # Formula
/// copies − ⌈copies ÷ z⌉ ≥ ⌊copies ÷ 2⌋ + 1.
pub fn keeps_majority(copies: u32, z: u32) -> bool {
    z > 1 && copies.saturating_sub(copies.div_ceil(z)) > copies / 2
}

/// What losing a zone does to a component.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default, schemars::JsonSchema)]
pub struct ZoneLoss {
    /// Busy share of the binding resource on what is left after the fullest zone is lost;
    /// `None` for a managed service (spread over zones by its provider) or when nothing is
    /// left.
    pub utilization: Option<f64>,
    /// Whether the component keeps serving with one zone lost (its quorum, or its survivors
    /// under the failover ceiling).
    pub survives: bool,
    /// Nodes of each group (the tier, or one shard's copies) that must be up to serve.
    #[serde(skip)]
    pub need: u32,
}

impl ZoneLoss {
    /// A managed service: its provider runs it in every zone.
    pub fn managed() -> ZoneLoss {
        ZoneLoss {
            utilization: None,
            survives: true,
            need: 0,
        }
    }

    /// A tier of interchangeable nodes with `busy` nodes' worth of load at 100%.
    pub fn tier(busy: f64, n: u32, z: u32, ceiling: f64) -> ZoneLoss {
        let u = after_loss(busy, n, z);
        ZoneLoss {
            utilization: u,
            survives: u.is_some_and(|u| u <= ceiling + 1e-9),
            need: super::ceil_count(busy / ceiling).max(1),
        }
    }

    /// A store whose shards fail over to a copy in another zone at the same size: the
    /// utilization is unchanged when a copy survives.
    pub fn failover(utilization: f64, survives: bool, need: u32) -> ZoneLoss {
        ZoneLoss {
            utilization: survives.then_some(utilization),
            survives,
            need,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_and_survivors_hand_worked() {
        assert_eq!(spread(7, 3)[..], [3, 2, 2]);
        assert_eq!(spread(2, 3)[..], [1, 1]);
        // 7 over 3 zones: losing the zone of 3 leaves 4.
        assert_eq!(survivors(7, 3), 4);
        assert_eq!(survivors(5, 1), 0);
        assert_eq!(after_loss(3.4, 7, 3), Some(0.85));
    }

    #[test]
    fn survive_sizes_for_the_ceiling() {
        // 4 nodes' worth of load at 85%: 4 ÷ 0.85 = 4.7 → 5 survivors; over 3 zones
        // ⌊n × 2/3⌋ ≥ 5 → n = 8 (survivors 8 − 3 = 5).
        assert_eq!(survive(6, 4.0, 3, 0.85, 1), 8);
        assert!(after_loss(4.0, 8, 3).unwrap() <= 0.85);
        // Already enough: kept.
        assert_eq!(survive(12, 4.0, 3, 0.85, 1), 12);
        // In multiples of 3.
        assert_eq!(survive(6, 4.0, 3, 0.85, 3), 9);
        // Two zones: 5 survivors need 10 nodes.
        assert_eq!(survive(2, 4.0, 2, 0.85, 1), 10);
    }

    #[test]
    fn majority_over_zones() {
        assert!(keeps_majority(3, 3));
        // Two zones: one holds two of the three copies.
        assert!(!keeps_majority(3, 2));
        assert!(keeps_majority(5, 3));
        assert!(!keeps_majority(3, 1));
    }
}
