//! `capplan catalog list|show|validate`.

use crate::catalog::{Catalog, CatalogError};
use crate::units::{fmt_money, fmt_si, trim_num};
use anyhow::Result;
use std::fmt::Write;
use std::path::Path;

/// Every entry by kind, one line each.
pub fn list(dir: Option<&Path>) -> Result<String> {
    let c = Catalog::load(dir)?;
    let mut o = String::new();
    writeln!(o, "Catalog (prices as of {})", c.prices_as_of)?;
    writeln!(
        o,
        "\nReference compute tiers (System Design Guide §3.10 Real-World Server Tiers):"
    )?;
    for t in &c.compute_tiers {
        writeln!(
            o,
            "  {:<14} {:<11} {:<9} {:>2} vCPU {:>4} GB  {}–{}/mo  {}",
            t.name,
            t.aws,
            t.azure,
            t.vcpus,
            trim_num(t.ram_gb, 3),
            fmt_money(t.monthly_cost.low),
            fmt_money(t.monthly_cost.high),
            t.concurrent_users
                .map(|r| format!("{}–{} users", fmt_si(r.low), fmt_si(r.high)))
                .unwrap_or_else(|| "CPU-bound work".into())
        )?;
    }
    writeln!(
        o,
        "\nReference database tiers (System Design Guide §3.10 Managed Databases):"
    )?;
    for t in &c.database_tiers {
        writeln!(
            o,
            "  {:<14} {:<14} {:>2} vCPU {:>4} GB  {}–{}/mo  {}–{} queries/s",
            t.name,
            t.aws,
            t.vcpus,
            trim_num(t.ram_gb, 3),
            fmt_money(t.monthly_cost.low),
            fmt_money(t.monthly_cost.high),
            fmt_si(t.queries_per_sec.low),
            fmt_si(t.queries_per_sec.high)
        )?;
    }
    writeln!(
        o,
        "\nNode types ({} in all; on-demand list prices):",
        c.nodes.len()
    )?;
    for n in &c.nodes {
        writeln!(
            o,
            "  {:<22} {:<12} {:>3} vCPU {:>7} GiB {:>6} Gbps{}  ${}/h",
            n.name,
            serde_json::to_value(n.service)?.as_str().unwrap_or(""),
            n.vcpus,
            trim_num(n.ram_gib, 4),
            trim_num(n.network_gbps, 3),
            if n.local_disk_gib > 0.0 {
                format!(" {:>6} GiB NVMe", trim_num(n.local_disk_gib, 4))
            } else {
                String::new()
            },
            trim_num(n.usd_per_hour, 4)
        )?;
    }
    writeln!(o, "\nSources:")?;
    for s in &c.sources {
        writeln!(o, "  {:<24} {}", s.id, s.cite())?;
    }
    let mut techs = c.technologies.clone();
    techs.sort_by(|a, b| a.category.cmp(&b.category).then(a.name.cmp(&b.name)));
    writeln!(o, "\nTechnologies:")?;
    for t in &techs {
        let cat = serde_json::to_value(t.category)?;
        writeln!(
            o,
            "  {:<16} {:<20} {}",
            cat.as_str().unwrap_or(""),
            t.name,
            t.summary
        )?;
    }
    writeln!(o, "\nFigures (thresholds, prices, defaults):")?;
    for (k, f) in &c.figures {
        writeln!(
            o,
            "  {:<40} {:>12} {}{}",
            k,
            trim_num(f.value, 6),
            f.unit,
            if f.assumption { "  (assumption)" } else { "" }
        )?;
    }
    writeln!(
        o,
        "\nAlso: {} latency rows, {} failover steps, {} phases, {} ladder rungs, {} by-scale bands.",
        c.latency.len(),
        c.failover.len(),
        c.phases.len(),
        c.ladder.len(),
        c.bands.len()
    )?;
    Ok(o)
}

/// One entry, as YAML, with its source.
pub fn show(name: &str, dir: Option<&Path>) -> Result<String> {
    let c = Catalog::load(dir)?;
    let lname = name.to_ascii_lowercase();
    let yaml = if let Some(t) = c
        .compute_tiers
        .iter()
        .find(|t| t.name == lname || t.aws == name || t.azure == name)
    {
        serde_yaml::to_string(t)?
    } else if let Some(t) = c
        .database_tiers
        .iter()
        .find(|t| t.name == lname || t.aws == name || t.azure == name)
    {
        serde_yaml::to_string(t)?
    } else if let Some(t) = c.technology(&lname) {
        serde_yaml::to_string(t)?
    } else if let Some(n) = c.node(name) {
        let cite = c.source(&n.source).map(|s| s.cite()).unwrap_or_default();
        format!("{}# price: {cite}\n", serde_yaml::to_string(n)?)
    } else if let Some(s) = c.source(name) {
        serde_yaml::to_string(s)?
    } else if let Some(f) = c.figures.get(name) {
        serde_yaml::to_string(f)?
    } else if let Some(p) = c
        .phases
        .iter()
        .find(|p| format!("phase{}", p.number) == lname.replace([' ', '_', '-'], ""))
    {
        serde_yaml::to_string(p)?
    } else {
        let names = c.names();
        let hint = crate::error::did_you_mean(name, names.iter().map(|s| s.as_str()))
            .map(|h| format!("; {h}"))
            .unwrap_or_else(|| "; `capplan catalog list` shows every name".into());
        return Err(CatalogError::NotFound {
            name: name.into(),
            hint,
        }
        .into());
    };
    Ok(format!("# {name}\n{yaml}"))
}

/// Check an overlay directory on top of the built-in catalog.
pub fn validate(dir: &Path) -> Result<String> {
    let c = Catalog::with_overlay(dir)?;
    Ok(format!(
        "{}: valid — overlays {} entr{} ({})\n",
        dir.display(),
        c.overridden.len(),
        if c.overridden.len() == 1 { "y" } else { "ies" },
        c.overridden.iter().cloned().collect::<Vec<_>>().join(", ")
    ))
}
