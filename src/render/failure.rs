//! Rows the table and markdown views share for zones, regions, geography and availability.

use crate::model::availability::{fmt_availability, fmt_downtime};
use crate::model::sizing::Component;
use crate::plan::Plan;

/// The column of nodes per zone and the busy share after losing one.
pub(crate) const ZONES_HEADER: &str = "zones (1 lost)";

/// A component's nodes per zone and its busy share after the fullest zone is lost:
/// `21/21/20 (85%)`; `—` for a managed service (its provider spreads it), `fails` or `down`
/// when it does not keep serving (quorum lost, or the rest past the failover ceiling; the
/// warnings say which); a standby takes no load.
pub(crate) fn zones_cell(c: &Component) -> String {
    if c.per_zone.is_empty() {
        return "—".into();
    }
    let per = c
        .per_zone
        .iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join("/");
    match (c.utilization_after_zone_loss, c.survives_zone_loss) {
        (Some(u), true) => format!("{per} ({})", super::util_cell(Some(u))),
        (Some(_), false) => format!("{per} (fails)"),
        (None, true) => per,
        (None, false) => format!("{per} (down)"),
    }
}

/// Columns of the availability table.
pub(crate) const AVAILABILITY_HEADER: [&str; 5] =
    ["layer", "availability", "downtime", "nines", "model"];

/// One row per layer and the composite, in [`AVAILABILITY_HEADER`] order.
pub(crate) fn availability_rows(p: &Plan) -> Vec<Vec<String>> {
    let a = &p.availability;
    let mut rows: Vec<Vec<String>> = a
        .layers
        .iter()
        .map(|l| {
            vec![
                l.name.clone(),
                fmt_availability(l.availability),
                fmt_downtime(l.downtime_minutes_per_year),
                format!("{:.1}", l.nines),
                l.formula.clone(),
            ]
        })
        .collect();
    rows.push(vec![
        "composite".into(),
        fmt_availability(a.composite),
        fmt_downtime(a.downtime_minutes_per_year),
        format!("{:.1}", a.nines),
        match (a.slo, a.meets_slo) {
            (Some(s), Some(true)) => format!("meets the SLO {}", fmt_availability(s)),
            (Some(s), _) => format!("BELOW the SLO {}", fmt_availability(s)),
            _ => "a zone's outage counted once for every layer it takes down".into(),
        },
    ]);
    rows
}

/// The weakest layer and the change that lifts it, in words.
pub(crate) fn weakest_line(p: &Plan) -> Option<String> {
    let w = p.availability.weakest.as_ref()?;
    Some(format!(
        "Weakest layer: {} — lift it with {}{}.",
        w.layer,
        w.change,
        w.lifted
            .map(|a| format!(" (composite → {})", fmt_availability(a)))
            .unwrap_or_default()
    ))
}

/// The providers' SLAs as one line: what is promised, not what is expected.
pub(crate) fn sla_line(p: &Plan) -> Option<String> {
    let s = &p.availability.slas;
    (!s.is_empty()).then(|| {
        format!(
            "SLAs (what the providers promise as service credits, not part of the estimate): {}.",
            s.iter()
                .map(|x| format!(
                    "{} {} ({})",
                    x.component,
                    crate::units::fmt_percent(x.sla),
                    x.terms
                ))
                .collect::<Vec<_>>()
                .join("; ")
        )
    })
}

/// Columns of the regions table.
pub(crate) const REGION_HEADER: [&str; 5] = ["region", "serves", "users", "sized for", "$/month"];

/// One row per region, and the replication line, in [`REGION_HEADER`] order.
pub(crate) fn region_rows(p: &Plan) -> Vec<Vec<String>> {
    use crate::units::fmt_percent;
    let Some(r) = &p.regions else {
        return vec![];
    };
    let mut rows: Vec<Vec<String>> = r
        .regions
        .iter()
        .map(|x| {
            vec![
                x.share.name.clone(),
                if x.share.serves.is_empty() {
                    "—".into()
                } else {
                    x.share.serves.join(", ")
                },
                fmt_percent(x.share.users_share),
                fmt_percent(x.share.sized_for),
                super::cost_cell(x.monthly_cost.low, x.monthly_cost.high),
            ]
        })
        .collect();
    rows.push(vec![
        "total".into(),
        r.mode.label().into(),
        String::new(),
        String::new(),
        super::cost_cell(r.total.low, r.total.high),
    ]);
    rows
}

/// The regions' cost beside the primary's components, for the components table total.
pub(crate) fn other_regions_cost(p: &Plan) -> Option<crate::components::Cost> {
    let r = p.regions.as_ref()?;
    Some(
        r.regions
            .iter()
            .skip(1)
            .fold(crate::components::Cost::default(), |a, x| {
                a + x.monthly_cost
            }),
    )
}

/// Columns of the latency-by-geography table.
pub(crate) const GEOGRAPHY_HEADER: [&str; 5] = [
    "geography",
    "users",
    "served from",
    "round trip",
    "p99 (analytic)",
];

/// One row per geography of the users, in [`GEOGRAPHY_HEADER`] order.
pub(crate) fn geography_rows(l: &crate::paths::LatencyReport) -> Vec<Vec<String>> {
    l.geographies
        .iter()
        .map(|g| {
            let gg = &g.geography;
            vec![
                gg.name.clone(),
                crate::units::fmt_percent(gg.users_share),
                format!(
                    "{} ({})",
                    gg.served_from,
                    if gg.local { "near" } else { "cross-region" }
                ),
                super::ms_cell(Some(gg.round_trip_s * 1e3)),
                super::ms_cell(g.p99_ms),
            ]
        })
        .collect()
}
