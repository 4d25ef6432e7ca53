//! The timeline in each output format: rows from launch to the horizon, then the runway.

use super::cost_cell;
use crate::components::Role;
use crate::timeline::{Month, Timeline};
use crate::units::{fmt_bytes, fmt_si, trim_num};
use comfy_table::{presets::UTF8_FULL_CONDENSED, Table as Ct};

/// Roles that run on nodes somewhere in the timeline: a column each.
fn node_roles(t: &Timeline) -> Vec<Role> {
    let mut roles: Vec<Role> = t
        .months
        .iter()
        .flat_map(|m| {
            m.components
                .iter()
                .filter(|c| c.tier.is_some())
                .map(|c| c.role)
        })
        .collect();
    roles.sort();
    roles.dedup();
    roles
}

fn count_of(m: &Month, role: Role) -> String {
    let n: u32 = m
        .components
        .iter()
        .filter(|c| c.role == role)
        .map(|c| c.count)
        .sum();
    if n == 0 {
        "—".into()
    } else {
        n.to_string()
    }
}

fn header(t: &Timeline) -> Vec<String> {
    let mut h: Vec<String> = [
        "month",
        "load",
        "peak req/s",
        "data held",
        "phase",
        "$/month",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    h.extend(node_roles(t).iter().map(|r| r.to_string()));
    h
}

fn row(t: &Timeline, m: &Month) -> Vec<String> {
    let mut r = vec![
        m.month.to_string(),
        format!("{}×", trim_num(m.load_multiple, 3)),
        fmt_si(m.peak_qps),
        fmt_bytes(m.data_bytes + m.object_storage_bytes),
        m.phase.to_string(),
        cost_cell(m.monthly_cost.low, m.monthly_cost.high),
    ];
    r.extend(node_roles(t).iter().map(|role| count_of(m, *role)));
    r
}

fn runway_lines(t: &Timeline) -> Vec<String> {
    let mut out: Vec<String> = t
        .runway
        .iter()
        .map(|r| match (r.outgrown_month, &r.needs) {
            (Some(m), Some(n)) => format!(
                "{}: the planned {} is outgrown in month {m} (it needs {n})",
                r.role, r.planned
            ),
            _ => format!(
                "{}: the planned {} lasts to the horizon (month {})",
                r.role, r.planned, t.horizon_months
            ),
        })
        .collect();
    out.push(match (t.next_phase_month, t.next_phase) {
        (Some(m), Some(p)) => format!("phase {p} is needed from month {m}"),
        _ => format!(
            "phase {} lasts to the horizon (month {})",
            t.planned_phase, t.horizon_months
        ),
    });
    out
}

fn summary(t: &Timeline) -> String {
    let (first, last) = (t.months.first(), t.months.last());
    match (first, last) {
        (Some(f), Some(l)) => format!(
            "From launch to the horizon at {} growth a year: {} in month 1, {} in month {} ({}× the first month).",
            crate::units::fmt_percent(t.growth_yearly),
            cost_cell(f.monthly_cost.low, f.monthly_cost.high),
            cost_cell(l.monthly_cost.low, l.monthly_cost.high),
            l.month,
            trim_num(l.monthly_cost.mid() / f.monthly_cost.mid().max(1e-9), 3)
        ),
        _ => String::new(),
    }
}

/// The terminal table.
pub fn table(t: &Timeline) -> String {
    let mut ct = Ct::new();
    ct.force_no_tty()
        .load_preset(UTF8_FULL_CONDENSED)
        .set_header(header(t));
    crate::units::fit_table(&mut ct);
    for m in &t.months {
        ct.add_row(row(t, m));
    }
    let mut out = format!(
        "{} — cost over time\n{}\n\n{ct}\n\nRunway\n",
        t.name,
        summary(t)
    );
    for l in runway_lines(t) {
        out.push_str(&format!("  - {l}\n"));
    }
    out
}

/// The JSON document.
pub fn json(t: &Timeline) -> String {
    let mut s = serde_json::to_string_pretty(t).expect("timeline is plain data");
    s.push('\n');
    s
}

/// Markdown: the same tables.
pub fn markdown(t: &Timeline) -> String {
    let h = header(t);
    let mut out = format!("# {} — cost over time\n\n{}\n\n", t.name, summary(t));
    out.push_str(&format!("| {} |\n", h.join(" | ")));
    out.push_str(&format!("|{}\n", "---|".repeat(h.len())));
    for m in &t.months {
        out.push_str(&format!("| {} |\n", row(t, m).join(" | ")));
    }
    out.push_str("\n## Runway\n\n");
    for l in runway_lines(t) {
        out.push_str(&format!("- {l}\n"));
    }
    out
}
