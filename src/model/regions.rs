//! Several regions: which users each region serves, and the load each is sized for so that it
//! can take over a failed region's users.

use crate::components::{BillLine, Cost};
use crate::spec::deployment::{Deployment, RegionMode};
use serde::Serialize;

/// One region's users and size.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct RegionShare {
    pub name: String,
    /// The geographies whose users it serves while every region is up.
    pub serves: Vec<String>,
    /// Share of all users it serves while every region is up.
    pub users_share: f64,
    /// Share of all users it is sized for: its own plus those it takes over when another
    /// region fails.
    pub sized_for: f64,
}

/// One region in the plan, with its monthly cost.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct RegionPlan {
    #[serde(flatten)]
    pub share: RegionShare,
    pub monthly_cost: Cost,
}

/// The regions of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct RegionsResult {
    pub mode: RegionMode,
    pub regions: Vec<RegionPlan>,
    /// Writes copied to every other region, billed at the cross-region price.
    pub replication: Option<BillLine>,
    pub total: Cost,
}

/// Each region's users and the share it is sized for.
///
/// # Formula
/// A geography's users go to the region in it, else to the primary (the first region); with
/// no geography, users split evenly. active_active: when region q fails its users spread over
/// the others in proportion to their own shares, so region r is sized for
/// max(s_r, max_{q≠r} s_r + s_q × s_r ÷ (1 − s_q)) (evenly when the others serve nobody);
/// two regions are each sized for everyone. active_passive: the primary serves everyone and
/// every region is sized for everyone (a full standby).
pub fn shares(d: &Deployment) -> Vec<RegionShare> {
    let n = d.regions.len().max(1);
    let mut out: Vec<RegionShare> = d
        .regions
        .iter()
        .map(|r| RegionShare {
            name: r.clone(),
            serves: vec![],
            users_share: 0.0,
            sized_for: 0.0,
        })
        .collect();
    if out.is_empty() {
        return out;
    }
    match d.mode {
        RegionMode::ActivePassive => {
            out[0].users_share = 1.0;
            out[0].serves = d.geography.iter().map(|(g, _)| g.clone()).collect();
        }
        RegionMode::ActiveActive if d.geography.is_empty() => {
            for r in &mut out {
                r.users_share = 1.0 / n as f64;
            }
        }
        RegionMode::ActiveActive => {
            for (g, s) in &d.geography {
                let i = d.regions.iter().position(|r| r == g).unwrap_or(0);
                out[i].users_share += s;
                out[i].serves.push(g.clone());
            }
        }
    }
    let s: Vec<f64> = out.iter().map(|r| r.users_share).collect();
    for (r, region) in out.iter_mut().enumerate() {
        region.sized_for = match d.mode {
            RegionMode::ActivePassive => 1.0,
            RegionMode::ActiveActive => (0..n)
                .filter(|&q| q != r)
                .map(|q| {
                    let others = 1.0 - s[q];
                    let part = if others > 1e-12 {
                        s[r] / others
                    } else {
                        1.0 / (n - 1) as f64
                    };
                    s[r] + s[q] * part
                })
                .fold(s[r], f64::max)
                .min(1.0),
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dep(regions: &[&str], mode: RegionMode, geo: &[(&str, f64)]) -> Deployment {
        Deployment {
            zones: None,
            regions: regions.iter().map(|r| r.to_string()).collect(),
            mode,
            geography: geo.iter().map(|(g, s)| (g.to_string(), *s)).collect(),
            region: None,
            region_share: None,
        }
    }

    #[test]
    fn two_regions_each_carry_everyone() {
        let d = dep(
            &["us", "eu"],
            RegionMode::ActiveActive,
            &[("us", 0.6), ("eu", 0.3), ("apac", 0.1)],
        );
        let s = shares(&d);
        // apac has no region: its users go to the primary (us).
        assert!((s[0].users_share - 0.7).abs() < 1e-12);
        assert_eq!(s[0].serves, vec!["us", "apac"]);
        assert!((s[1].users_share - 0.3).abs() < 1e-12);
        // us fails: all its 70% move to eu, and back.
        assert!((s[0].sized_for - 1.0).abs() < 1e-12);
        assert!((s[1].sized_for - 1.0).abs() < 1e-12);
    }

    #[test]
    fn three_even_regions_carry_half() {
        // 1/3 each: losing one moves 1/3 over two regions, 1/6 each → 1/2.
        let d = dep(&["a", "b", "c"], RegionMode::ActiveActive, &[]);
        for r in shares(&d) {
            assert!((r.sized_for - 0.5).abs() < 1e-12);
        }
        let p = dep(
            &["a", "b"],
            RegionMode::ActivePassive,
            &[("a", 0.5), ("b", 0.5)],
        );
        let s = shares(&p);
        assert_eq!((s[0].users_share, s[1].users_share), (1.0, 0.0));
        assert_eq!((s[0].sized_for, s[1].sized_for), (1.0, 1.0));
    }
}
