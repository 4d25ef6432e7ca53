//! Where the system runs: the availability zones every component spreads over, the regions
//! it is deployed in, and where its users are (`traffic.geography`).
//!
//! A geography is a name the spec gives (`us`, `eu`, `apac`, …): a region `in` a geography
//! is near its users; users of a geography with no region of their own reach the primary
//! region across regions.

use crate::error::{Located, SourceFile};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Most zones a spec may spread over (no public cloud region offers more than six).
pub const MAX_ZONES: u32 = 6;
/// Most regions a spec may deploy in: each is a full design, sized and priced.
pub const MAX_REGIONS: u32 = 8;
/// Most geographies in `traffic.geography`.
pub const MAX_GEOGRAPHIES: usize = 16;

/// `deployment:` as written.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeploymentFile {
    /// Availability zones every component spreads over (1–6; default 3). Each component is
    /// sized so that after losing one zone the rest carry the load.
    #[schemars(range(min = 1, max = 6))]
    pub zones: Option<u32>,
    /// Several regions: `{mode: active_active, in: [us, eu]}` (the geographies of
    /// `traffic.geography` that hold a region) or `{count: 2}`.
    pub regions: Option<RegionsFile>,
}

/// `deployment.regions:` as written.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegionsFile {
    /// `active_active` (every region serves its users; the default) or `active_passive` (one
    /// serves everyone, the other takes over when it fails).
    #[serde(default)]
    pub mode: RegionMode,
    /// The geographies that hold a region (keys of `traffic.geography`), primary first.
    #[serde(rename = "in")]
    pub places: Option<Vec<String>>,
    /// How many regions (1–8), when `in` does not list them: placed in the geographies with
    /// the most users.
    #[schemars(range(min = 1, max = 8))]
    pub count: Option<u32>,
}

/// How several regions share the users.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RegionMode {
    /// Every region serves the users near it and takes over another's when it fails.
    #[default]
    ActiveActive,
    /// The primary region serves everyone; the passive one, a full standby, takes over.
    ActivePassive,
}

impl RegionMode {
    pub fn label(self) -> &'static str {
        match self {
            RegionMode::ActiveActive => "active_active",
            RegionMode::ActivePassive => "active_passive",
        }
    }
}

/// The deployment, resolved: zones as given (the catalog's default otherwise), the regions by
/// name (primary first; one region when empty) and the users' geography.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Deployment {
    pub zones: Option<u32>,
    pub regions: Vec<String>,
    pub mode: RegionMode,
    /// Shares of the users by geography, summing to 1, largest first.
    pub geography: Vec<(String, f64)>,
    /// The region a design is sized for (an index into `regions`); `None` for the whole
    /// deployment (never set by the spec file).
    pub region: Option<usize>,
    /// The share of all users that region is sized for.
    pub region_share: Option<f64>,
}

impl Deployment {
    pub fn region_count(&self) -> u32 {
        (self.regions.len() as u32).max(1)
    }

    /// Whether the users of a geography have a region of their own.
    pub fn has_region_in(&self, geography: &str) -> bool {
        self.regions.iter().any(|r| r == geography)
    }

    /// The region that serves a geography's users while every region is up, and whether it
    /// is near them: the region in their geography when it serves (active_passive: only the
    /// primary serves), else the primary; one region sits in the geography with the most
    /// users.
    pub fn served_from(&self, geography: &str) -> (String, bool) {
        let primary = self
            .regions
            .first()
            .cloned()
            .or_else(|| self.geography.first().map(|(g, _)| g.clone()))
            .unwrap_or_default();
        let local = match (self.regions.len() > 1, self.mode) {
            (true, RegionMode::ActiveActive) => self.has_region_in(geography),
            _ => primary == geography,
        };
        if local {
            (geography.to_string(), true)
        } else {
            (primary, false)
        }
    }
}

/// Resolve `deployment:` with the drawn geography shares (normalised to sum to 1).
pub fn resolve(file: &DeploymentFile, geography: &[(String, f64)]) -> Deployment {
    let total: f64 = geography.iter().map(|(_, s)| s).sum();
    let mut geo: Vec<(String, f64)> = if total > 0.0 {
        geography
            .iter()
            .map(|(g, s)| (g.clone(), s / total))
            .collect()
    } else {
        vec![]
    };
    geo.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let (regions, mode) = match &file.regions {
        None => (vec![], RegionMode::ActiveActive),
        Some(r) => {
            let names = match (&r.places, r.count) {
                (Some(p), _) => p.clone(),
                (None, Some(n)) if !geo.is_empty() => geo
                    .iter()
                    .take(n as usize)
                    .map(|(g, _)| g.clone())
                    .collect(),
                (None, n) => (1..=n.unwrap_or(1).clamp(1, MAX_REGIONS))
                    .map(|i| format!("region {i}"))
                    .collect(),
            };
            (names, r.mode)
        }
    };
    Deployment {
        zones: file.zones,
        regions: if regions.len() > 1 { regions } else { vec![] },
        mode,
        geography: geo,
        region: None,
        region_share: None,
    }
}

/// Checks of `deployment:` and `traffic.geography`, located.
pub fn checks(
    file: &DeploymentFile,
    geography: Option<&BTreeMap<String, crate::spec::quantity::Share>>,
    src: &SourceFile,
) -> Vec<Located> {
    let mut out = Vec::new();
    let mut err = |key: &str, msg: String, expected: &str, hint: &str| {
        out.push(located(src, key, msg, expected, hint));
    };
    if let Some(z) = file.zones {
        if !(1..=MAX_ZONES).contains(&z) {
            err(
                "deployment.zones",
                format!("{z} zones"),
                "a whole number of zones from 1 to 6",
                "3 is the usual count per region; 2 where a region offers only two",
            );
        }
    }
    let geo_names: Vec<&str> = geography
        .map(|g| g.keys().map(|k| k.as_str()).collect())
        .unwrap_or_default();
    if let Some(g) = geography {
        if g.len() > MAX_GEOGRAPHIES {
            err(
                "traffic.geography",
                format!("{} geographies", g.len()),
                "at most 16 geographies",
                "group the users by continent, e.g. `{us: 60%, eu: 30%, apac: 10%}`",
            );
        }
        let sum: f64 = g.values().map(|s| s.central()).sum();
        if g.is_empty() || (sum - 1.0).abs() > 0.005 {
            err(
                "traffic.geography",
                format!("the shares add up to {}", crate::units::fmt_percent(sum)),
                "shares of the users that add up to 100%",
                "e.g. `{us: 60%, eu: 30%, apac: 10%}`",
            );
        }
    }
    let Some(r) = &file.regions else {
        return out;
    };
    if let Some(n) = r.count {
        if !(1..=MAX_REGIONS).contains(&n) {
            err(
                "deployment.regions.count",
                format!("{n} regions"),
                "a whole number of regions from 1 to 8",
                "2 regions survive the loss of one",
            );
        }
    }
    if let Some(p) = &r.places {
        if let Some(n) = r.count.filter(|&n| n as usize != p.len()) {
            err(
                "deployment.regions.count",
                format!("`count: {n}` but `in` lists {} regions", p.len()),
                "one of `count` or `in`, or both agreeing",
                "drop `count`: the list gives it",
            );
        }
        if p.is_empty() || p.len() > MAX_REGIONS as usize {
            err(
                "deployment.regions.in",
                format!("{} regions listed", p.len()),
                "from 1 to 8 geographies",
                "e.g. `in: [us, eu]`",
            );
        }
        for (i, name) in p.iter().enumerate() {
            let key = format!("deployment.regions.in[{i}]");
            if p[..i].contains(name) {
                err(
                    &key,
                    format!("`{name}` is listed twice"),
                    "each geography once",
                    "a geography holds one region",
                );
            } else if geography.is_none() {
                err(
                    &key,
                    format!("region in `{name}`, but the spec has no `traffic.geography`"),
                    "`traffic.geography` with the users' shares by geography",
                    "e.g. `traffic: {geography: {us: 60%, eu: 40%}}`, or `regions: {count: 2}`",
                );
            } else if !geo_names.contains(&name.as_str()) {
                let hint = crate::error::did_you_mean(name, geo_names.iter().copied())
                    .unwrap_or_else(|| {
                        "regions are named by the geographies of `traffic.geography`".into()
                    });
                err(
                    &key,
                    format!("unknown geography `{name}`"),
                    &format!("one of {}", geo_names.join(", ")),
                    &hint,
                );
            }
        }
    }
    out
}

fn located(src: &SourceFile, key: &str, msg: String, expected: &str, hint: &str) -> Located {
    let mut l = src.at_key(key, msg);
    l.expected = Some(expected.into());
    l.hint = Some(hint.into());
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_default_to_the_largest_geographies() {
        let file = DeploymentFile {
            zones: None,
            regions: Some(RegionsFile {
                mode: RegionMode::ActiveActive,
                places: None,
                count: Some(2),
            }),
        };
        let geo = vec![
            ("eu".to_string(), 0.3),
            ("us".to_string(), 0.6),
            ("apac".to_string(), 0.1),
        ];
        let d = resolve(&file, &geo);
        assert_eq!(d.regions, vec!["us", "eu"]);
        assert_eq!(d.geography[0].0, "us");
        assert!((d.geography[0].1 - 0.6).abs() < 1e-12);
        assert!(d.has_region_in("eu") && !d.has_region_in("apac"));
        // One region is no multi-region deployment.
        let one = DeploymentFile {
            zones: Some(2),
            regions: Some(RegionsFile::default()),
        };
        assert!(resolve(&one, &geo).regions.is_empty());
    }
}
