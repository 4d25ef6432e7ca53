//! Scaling phase (1–3), ladder rung (1–9) and by-scale band, from what the load needs.

use super::sizing::{Role, Sizing};
use super::Ctx;
use crate::spec::Feature;
use crate::units::fmt_si;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct PhaseResult {
    pub number: u8,
    pub name: String,
    /// Why this phase: the needs that put the design there.
    pub reasons: Vec<String>,
    pub ladder_rung: u8,
    pub ladder_name: String,
    /// the Distributed System Components Guide's by-scale band for the DAU, when DAU is known.
    pub band: Option<String>,
    /// Where the band and the load disagree, one line each.
    pub band_notes: Vec<String>,
}

/// Decide the phase from needs, not redundancy.
///
/// # Formula
/// - Phase 3 (partition data) when the database needs shards, the messages need a stream or
///   the design runs in several regions;
/// - Phase 2 (distribute reads) when the load needs more than one app instance (before N+1),
///   read replicas, or a cache;
/// - Phase 1 (single server, vertical scaling) otherwise — N+1 spares and HA standbys do not
///   move a design out of Phase 1.
///
/// Source: System Design Guide (Scaling Phases; the Full Scaling Ladder), Distributed System Components Guide (By Scale).
pub fn decide(cx: &mut Ctx, sz: &Sizing) -> PhaseResult {
    let regions = cx.spec.deployment.region_count();
    let needs_p3 = sz.db_shards > 1 || sz.uses_stream || regions > 1;
    let needs_p2 = sz.app_required > 1 || sz.db_replicas > 0 || sz.has(Role::Cache);
    let number = if needs_p3 {
        3u8
    } else if needs_p2 {
        2u8
    } else {
        1u8
    };
    // The reasons are words: a plan made for its numbers skips them.
    let reasons = if cx.record {
        reasons(cx, sz, number, regions)
    } else {
        Vec::new()
    };
    let name = cx
        .cat
        .phases
        .iter()
        .find(|p| p.number == number)
        .map(|p| p.name.clone())
        .unwrap_or_default();

    // Ladder: the highest rung whose trigger the design has.
    let s = cx.spec;
    let mut rung = 1u8;
    if sz.has(Role::ObjectStorage) || sz.search_engine {
        rung = 2;
    }
    if sz.app_required > 1 || sz.has(Role::LoadBalancer) {
        rung = 3;
    }
    if sz.db_replicas > 0 || sz.has(Role::Cache) || sz.has(Role::Cdn) {
        rung = 4;
    }
    if sz.uses_stream || (s.has(Feature::Fanout) && sz.has(Role::Queue)) {
        rung = 5;
    }
    // Multi-region is what is planned, not where the users are.
    if regions > 1 {
        rung = 7;
    }
    if sz.db_shards > 1 {
        rung = 8;
    }
    let ladder_name = cx
        .cat
        .ladder
        .iter()
        .find(|r| r.rung == rung)
        .map(|r| r.name.clone())
        .unwrap_or_default();

    let mut band = None;
    let mut band_notes = Vec::new();
    // One region of several is sized for a share of the users; the band is for all of them.
    if let Some(dau) = s
        .dau
        .map(|d| d / s.deployment.region_share.unwrap_or(1.0).max(1e-12))
    {
        if let Some(b) = cx
            .cat
            .bands
            .iter()
            .find(|b| dau >= b.min_users && b.max_users.is_none_or(|m| dau < m))
        {
            band = Some(b.name.clone());
            // The notes are words: a plan made for its numbers skips them.
            if cx.record {
                band_notes = notes(cx, sz, b, dau);
            }
        }
    }
    PhaseResult {
        number,
        name,
        reasons,
        ladder_rung: rung,
        ladder_name,
        band,
        band_notes,
    }
}

/// Where the by-scale band and the load disagree: what the band suggests that the load does
/// not need, and what the load needs before its band would suggest it.
fn notes(cx: &Ctx, sz: &Sizing, b: &crate::catalog::Band, dau: f64) -> Vec<String> {
    let mut band_notes = Vec::new();
    let have: Vec<&str> = sz.components.iter().map(|c| c.role.as_str()).collect();
    let missing: Vec<&str> = b
        .suggests
        .iter()
        .map(|x| x.as_str())
        .filter(|x| is_role(x) && !have.contains(x))
        .collect();
    if !missing.is_empty() {
        band_notes.push(format!(
            "the Distributed System Components Guide's by-scale band for {} users ({}) suggests {} — the load does not need {}",
            fmt_si(dau),
            b.name,
            missing.join(", "),
            if missing.len() == 1 { "it" } else { "them" }
        ));
    }
    let suggested_or_below: Vec<&str> = cx
        .cat
        .bands
        .iter()
        .filter(|o| o.min_users <= b.min_users)
        .flat_map(|o| o.suggests.iter().map(|x| x.as_str()))
        .collect();
    let extra: Vec<&str> = have
        .iter()
        .copied()
        .filter(|r| {
            matches!(
                *r,
                "stream" | "search" | "service_mesh" | "api_gateway" | "cdn"
            ) && !suggested_or_below.contains(r)
        })
        .collect();
    if !extra.is_empty() {
        band_notes.push(format!(
            "the load needs {} before the Distributed System Components Guide's by-scale band for {} users ({}) would suggest {}",
            extra.join(", "),
            fmt_si(dau),
            b.name,
            if extra.len() == 1 { "it" } else { "them" }
        ));
    }
    band_notes
}

/// Why the design is in phase `number`: the needs that put it there.
fn reasons(cx: &Ctx, sz: &Sizing, number: u8, regions: u32) -> Vec<String> {
    let mut r = Vec::new();
    match number {
        3 => {
            if sz.db_shards > 1 {
                r.push(format!("the database needs {} shards", sz.db_shards));
            }
            if sz.uses_stream {
                r.push("messages need a partitioned stream".to_string());
            }
            if regions > 1 {
                r.push(format!(
                    "the design runs in {regions} regions ({})",
                    cx.spec.deployment.mode.label()
                ));
            }
        }
        2 => {
            if sz.app_required > 1 {
                r.push(format!("the load needs {} app instances", sz.app_required));
            }
            if sz.db_replicas > 0 {
                r.push(format!("reads need {} read replicas", sz.db_replicas));
            }
            if sz.has(Role::Cache) {
                r.push("reads go through a cache".to_string());
            }
        }
        _ => r.push("one app instance and one database carry the load".to_string()),
    }
    r
}

fn is_role(x: &str) -> bool {
    matches!(
        x,
        "cdn"
            | "waf"
            | "load_balancer"
            | "api_gateway"
            | "cache"
            | "read_replica"
            | "queue"
            | "stream"
            | "search"
            | "object_storage"
            | "service_mesh"
            | "websocket"
    )
}
