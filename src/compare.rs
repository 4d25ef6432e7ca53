//! One spec on every cloud: the monthly totals side by side and the components whose cost
//! differs most between them.

use crate::catalog::{Catalog, Cloud};
use crate::components::{Cost, Role};
use crate::spec::Spec;
use serde::Serialize;

/// One cloud's totals.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CloudTotal {
    pub cloud: Cloud,
    pub label: String,
    pub region: String,
    pub prices_as_of: String,
    /// The monthly cost at the horizon month.
    pub monthly: Cost,
    pub first_month: Cost,
    /// Technologies this cloud has no node type for in the catalog, priced on AWS's.
    pub priced_on_aws: Vec<String>,
}

/// One component's size and cost on one cloud.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Priced {
    pub cloud: Cloud,
    /// `3 × n2-standard-4`, or the managed product.
    pub what: String,
    pub monthly_cost: Cost,
}

/// One role across the clouds.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct RoleRow {
    pub role: Role,
    pub clouds: Vec<Priced>,
    /// Dearest minus cheapest midpoint, US dollars a month.
    #[serde(rename = "spread_usd")]
    pub spread: f64,
}

/// The comparison.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Comparison {
    pub name: String,
    pub clouds: Vec<CloudTotal>,
    /// Every role, the widest spread first.
    pub components: Vec<RoleRow>,
}

/// Plan `spec` on every cloud the catalog offers.
///
/// # Formula
/// spread(role) = max over clouds of its monthly cost midpoint − min over clouds (a role
/// missing on a cloud counts as 0 there).
pub fn compare(spec: &Spec, cat: &Catalog) -> Comparison {
    let plans: Vec<(Cloud, crate::plan::Plan)> = Cloud::ALL
        .into_iter()
        .filter(|c| cat.products.contains_key(c) && cat.clouds.contains_key(c))
        .map(|c| {
            let mut s = spec.clone();
            s.choices.cloud = c;
            (c, crate::plan::build(&s, cat))
        })
        .collect();
    let clouds = plans
        .iter()
        .map(|(c, p)| {
            let book = cat.prices(*c);
            let f = p.cost.first_month.map_or(p.cost.planned, |m| Cost {
                low: m.low,
                high: m.high,
            });
            CloudTotal {
                cloud: *c,
                label: book.label.clone(),
                region: book.region.clone(),
                prices_as_of: book.prices_as_of.clone(),
                monthly: Cost {
                    low: p.cost.monthly_low,
                    high: p.cost.monthly_high,
                },
                first_month: f,
                priced_on_aws: p.priced_on_aws.clone(),
            }
        })
        .collect();
    let mut roles: Vec<Role> = plans
        .iter()
        .flat_map(|(_, p)| p.components.iter().map(|c| c.role))
        .collect();
    roles.sort();
    roles.dedup();
    let mut components: Vec<RoleRow> = roles
        .into_iter()
        .map(|role| {
            let priced: Vec<Priced> = plans
                .iter()
                .map(|(cloud, p)| {
                    let comps: Vec<_> = p.components.iter().filter(|c| c.role == role).collect();
                    let cost = comps
                        .iter()
                        .fold(Cost::default(), |a, c| a + c.monthly_cost.total());
                    let what = comps
                        .iter()
                        .map(|c| match &c.tier {
                            Some(t) => format!("{} × {t}", c.count),
                            None => c.technology.to_string(),
                        })
                        .collect::<Vec<_>>()
                        .join(" + ");
                    Priced {
                        cloud: *cloud,
                        what: if what.is_empty() { "—".into() } else { what },
                        monthly_cost: cost,
                    }
                })
                .collect();
            let mids: Vec<f64> = priced.iter().map(|p| p.monthly_cost.mid()).collect();
            let spread = mids.iter().cloned().fold(f64::MIN, f64::max)
                - mids.iter().cloned().fold(f64::MAX, f64::min);
            RoleRow {
                role,
                clouds: priced,
                spread,
            }
        })
        .collect();
    components.sort_by(|a, b| b.spread.total_cmp(&a.spread).then(a.role.cmp(&b.role)));
    Comparison {
        name: spec.name.clone(),
        clouds,
        components,
    }
}
