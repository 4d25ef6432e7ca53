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
    let mut p3 = Vec::new();
    if sz.db_shards > 1 {
        p3.push(format!("the database needs {} shards", sz.db_shards));
    }
    if sz.uses_stream {
        p3.push("messages need a partitioned stream".to_string());
    }
    let regions = cx.spec.deployment.region_count();
    if regions > 1 {
        p3.push(format!(
            "the design runs in {regions} regions ({})",
            cx.spec.deployment.mode.label()
        ));
    }
    let mut p2 = Vec::new();
    if sz.app_required > 1 {
        p2.push(format!("the load needs {} app instances", sz.app_required));
    }
    if sz.db_replicas > 0 {
        p2.push(format!("reads need {} read replicas", sz.db_replicas));
    }
    if sz.has(Role::Cache) {
        p2.push("reads go through a cache".to_string());
    }
    let (number, reasons) = if !p3.is_empty() {
        (3u8, p3)
    } else if !p2.is_empty() {
        (2u8, p2)
    } else {
        (
            1u8,
            vec!["one app instance and one database carry the load".to_string()],
        )
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
