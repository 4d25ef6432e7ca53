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
    writeln!(o, "\nCompute tiers (seed 002):")?;
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
    writeln!(o, "\nDatabase tiers (seed 002):")?;
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
