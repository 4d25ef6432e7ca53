//! `capplan diff`: what a change to a spec does to the design — per component, cost, phase,
//! latency and availability. Each side is a spec or a saved `estimate --format json`.

use crate::units::{fmt_money, trim_num};
use serde::Serialize;
use serde_json::Value;

/// The figures compared, read from an estimate's JSON form.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Side {
    pub name: String,
    pub components: Vec<Comp>,
    #[serde(rename = "monthly_low_usd")]
    pub monthly_low: f64,
    #[serde(rename = "monthly_high_usd")]
    pub monthly_high: f64,
    pub phase: u64,
    pub p99_ms: Option<f64>,
    pub availability: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Comp {
    pub role: String,
    pub tier: Option<String>,
    pub count: u64,
    #[serde(rename = "monthly_mid_usd")]
    pub monthly_mid: f64,
}

/// Read a side from an estimate's JSON; `None` names the missing key. A saved estimate from
/// before the v1 contract (`monthly_low`, `low`, `analytic_p99_s`) is still read.
pub fn side_from_json(v: &Value) -> Result<Side, String> {
    // The first of `keys` that is a number: the v1 name, then the older one.
    let first = |x: &Value, keys: &[&str]| keys.iter().find_map(|k| x[*k].as_f64());
    let num = |keys: &[&str]| -> Result<f64, String> {
        first(&v["cost"], keys).ok_or_else(|| format!("missing number `cost.{}`", keys[0]))
    };
    let comps = v["components"]
        .as_array()
        .ok_or("missing `components`")?
        .iter()
        .map(|c| {
            let cost = &c["monthly_cost"];
            Ok(Comp {
                role: c["role"]
                    .as_str()
                    .ok_or("component without `role`")?
                    .to_string(),
                tier: c["tier"].as_str().map(str::to_string),
                count: c["count"].as_u64().ok_or("component without `count`")?,
                monthly_mid: (first(cost, &["low_usd", "low"]).unwrap_or(0.0)
                    + first(cost, &["high_usd", "high"]).unwrap_or(0.0))
                    / 2.0,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let latency = &v["latency"];
    Ok(Side {
        name: v["name"].as_str().unwrap_or("").to_string(),
        components: comps,
        monthly_low: num(&["monthly_low_usd", "monthly_low"])?,
        monthly_high: num(&["monthly_high_usd", "monthly_high"])?,
        phase: v["phase"]["number"]
            .as_u64()
            .ok_or("missing `phase.number`")?,
        p99_ms: first(latency, &["p99_ms", "analytic_p99_ms"])
            .or_else(|| latency["analytic_p99_s"].as_f64().map(|s| s * 1e3)),
        availability: v["availability"]["composite"]
            .as_f64()
            .ok_or("missing number `availability.composite`")?,
    })
}

/// One row of the component comparison.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CompChange {
    pub role: String,
    pub base: Option<String>,
    pub head: Option<String>,
    #[serde(rename = "monthly_change_usd")]
    pub monthly_change: f64,
    /// `added`, `removed`, `changed` or `same`.
    pub change: String,
}

/// The comparison.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Diff {
    pub base: Side,
    pub head: Side,
    pub components: Vec<CompChange>,
    #[serde(rename = "monthly_change_usd")]
    pub monthly_change: f64,
    pub monthly_change_pct: Option<f64>,
    pub verdict: String,
    pub changed: bool,
}

fn layout(c: &Comp) -> String {
    match &c.tier {
        Some(t) => format!("{} × {t}", c.count),
        None => format!("{}", c.count),
    }
}

/// Compare two sides.
///
/// # Formula
/// cost change = Σ head monthly midpoints − Σ base (components and total on the same footing:
/// (low + high)/2); percentage against the base total's midpoint.
pub fn diff(base: Side, head: Side) -> Diff {
    let mut roles: Vec<&str> = base
        .components
        .iter()
        .chain(&head.components)
        .map(|c| c.role.as_str())
        .collect();
    roles.dedup();
    let mut seen = Vec::new();
    let mut rows = Vec::new();
    for r in roles {
        if seen.contains(&r) {
            continue;
        }
        seen.push(r);
        let b = base.components.iter().find(|c| c.role == r);
        let h = head.components.iter().find(|c| c.role == r);
        let change = match (b, h) {
            (None, Some(_)) => "added",
            (Some(_), None) => "removed",
            (Some(b), Some(h))
                if b.tier != h.tier
                    || b.count != h.count
                    || (b.monthly_mid - h.monthly_mid).abs() > 0.5 =>
            {
                "changed"
            }
            _ => "same",
        };
        rows.push(CompChange {
            role: r.to_string(),
            base: b.map(layout),
            head: h.map(layout),
            monthly_change: h.map_or(0.0, |c| c.monthly_mid) - b.map_or(0.0, |c| c.monthly_mid),
            change: change.to_string(),
        });
    }
    let bm = (base.monthly_low + base.monthly_high) / 2.0;
    let hm = (head.monthly_low + head.monthly_high) / 2.0;
    let change = hm - bm;
    let pct = (bm > 0.0).then(|| change / bm * 100.0);
    let mut parts = Vec::new();
    if change.abs() >= 0.5 {
        parts.push(format!(
            "{}{}/month{}",
            if change > 0.0 { "+" } else { "−" },
            fmt_money(change.abs()),
            pct.map(|p| format!(" ({p:+.1}%)")).unwrap_or_default()
        ));
    }
    if base.phase != head.phase {
        parts.push(format!("phase {} → {}", base.phase, head.phase));
    }
    if let (Some(a), Some(b)) = (base.p99_ms, head.p99_ms) {
        if (a - b).abs() > 0.05 * a.max(1e-9) {
            parts.push(format!("p99 {} → {} ms", trim_num(a, 3), trim_num(b, 3)));
        }
    }
    if (base.availability - head.availability).abs() > 1e-9 {
        parts.push(format!(
            "availability {} → {}",
            crate::model::availability::fmt_availability(base.availability),
            crate::model::availability::fmt_availability(head.availability)
        ));
    }
    let n_changed = rows.iter().filter(|r| r.change != "same").count();
    if n_changed > 0 {
        parts.push(format!(
            "{n_changed} component{} changed",
            if n_changed == 1 { "" } else { "s" }
        ));
    }
    let changed = !parts.is_empty();
    let verdict = if changed {
        parts.join(", ")
    } else {
        "no change to cost, capacity, latency or availability".to_string()
    };
    Diff {
        base,
        head,
        components: rows,
        monthly_change: change,
        monthly_change_pct: pct,
        verdict,
        changed,
    }
}

fn signed_money(v: f64) -> String {
    if v.abs() < 0.5 {
        "—".into()
    } else {
        format!("{}{}", if v > 0.0 { "+" } else { "−" }, fmt_money(v.abs()))
    }
}

/// Markdown for a PR comment: the verdict first, then a compact table of what changed.
pub fn render_markdown(d: &Diff) -> String {
    let mut out = format!("**capplan:** {}\n", d.verdict);
    if !d.changed {
        return out;
    }
    out.push_str("\n| component | before | after | $/month |\n|---|---|---|---|\n");
    for r in d.components.iter().filter(|r| r.change != "same") {
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            r.role,
            r.base.clone().unwrap_or_else(|| "—".into()),
            r.head.clone().unwrap_or_else(|| "—".into()),
            signed_money(r.monthly_change)
        ));
    }
    out.push_str(&format!(
        "| **total** | {}–{} | {}–{} | **{}** |\n",
        fmt_money(d.base.monthly_low),
        fmt_money(d.base.monthly_high),
        fmt_money(d.head.monthly_low),
        fmt_money(d.head.monthly_high),
        signed_money(d.monthly_change)
    ));
    out
}

/// Terminal view.
pub fn render_table(d: &Diff) -> String {
    use comfy_table::{presets::UTF8_FULL_CONDENSED, Table};
    let mut out = format!("{}\n", d.verdict);
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED).set_header(vec![
        "component",
        "before",
        "after",
        "$/month",
        "change",
    ]);
    crate::units::fit_table(&mut t);
    for r in &d.components {
        t.add_row(vec![
            r.role.clone(),
            r.base.clone().unwrap_or_else(|| "—".into()),
            r.head.clone().unwrap_or_else(|| "—".into()),
            signed_money(r.monthly_change),
            r.change.clone(),
        ]);
    }
    t.add_row(vec![
        "total".to_string(),
        format!(
            "{}–{}",
            fmt_money(d.base.monthly_low),
            fmt_money(d.base.monthly_high)
        ),
        format!(
            "{}–{}",
            fmt_money(d.head.monthly_low),
            fmt_money(d.head.monthly_high)
        ),
        signed_money(d.monthly_change),
        String::new(),
    ]);
    out.push_str(&t.to_string());
    out.push('\n');
    out
}

pub fn render_json(d: &Diff) -> String {
    let mut s = serde_json::to_string_pretty(d).expect("plain data");
    s.push('\n');
    s
}
