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
            "  {:<14} {:<11} {:<9} {:<15} {:>2} vCPU {:>4} GB  {}–{}/mo  {}",
            t.name,
            t.aws,
            t.azure,
            t.gcp,
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
            "  {:<14} {:<14} {:<18} {:>2} vCPU {:>4} GB  {}–{}/mo  {}–{} queries/s",
            t.name,
            t.aws,
            t.gcp,
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

/// One price row: (as of, what, price, source).
fn price_rows(c: &Catalog) -> Vec<(String, String, String, String)> {
    let cite = |id: &str| {
        c.source(id)
            .map(|s| s.cite())
            .unwrap_or_else(|| id.to_string())
    };
    let date = |id: &str| {
        c.source(id)
            .and_then(|s| s.as_of.clone())
            .unwrap_or_else(|| "undated".into())
    };
    let mut rows = Vec::new();
    for (cloud, b) in &c.clouds {
        let l = cloud.label();
        let tiers = |t: &crate::catalog::Tiered| {
            t.tiers
                .iter()
                .map(|x| format!("${}", trim_num(x.usd, 4)))
                .collect::<Vec<_>>()
                .join(" → ")
                + &format!("/{}", t.unit)
        };
        let mut add = |what: String, price: String, src: &str| {
            rows.push((date(src), format!("{l} {what}"), price, cite(src)));
        };
        let bs = &b.block_storage;
        add(
            bs.product.clone(),
            format!(
                "${}/GB-month, ${}/IOPS-month over {}",
                trim_num(bs.usd_per_gb_month, 4),
                trim_num(bs.usd_per_iops_month, 4),
                trim_num(bs.included_iops, 6)
            ),
            &bs.source,
        );
        let sql = &b.managed_sql_storage;
        add(
            sql.product.clone(),
            format!(
                "${}/GB-month, backups ${}/GB-month",
                trim_num(sql.usd_per_gb_month, 4),
                trim_num(sql.backup_usd_per_gb_month, 4)
            ),
            &sql.source,
        );
        let os = &b.object_storage;
        add(
            os.storage.product.clone(),
            tiers(&os.storage),
            &os.storage.source,
        );
        add(
            "object storage requests".into(),
            format!(
                "${} per 1,000 writes, ${} per 1,000 reads",
                trim_num(os.write_usd_per_thousand, 4),
                trim_num(os.read_usd_per_thousand, 4)
            ),
            &os.source,
        );
        add(
            b.cdn.transfer.product.clone(),
            tiers(&b.cdn.transfer),
            &b.cdn.transfer.source,
        );
        add(
            b.internet_egress.product.clone(),
            tiers(&b.internet_egress),
            &b.internet_egress.source,
        );
        add(
            b.cross_zone.product.clone(),
            format!("${}/{}", trim_num(b.cross_zone.usd, 4), b.cross_zone.unit),
            &b.cross_zone.source,
        );
        add(
            b.load_balancer.product.clone(),
            format!(
                "${}/hour + ${}/unit-hour",
                trim_num(b.load_balancer.usd_per_hour, 4),
                trim_num(b.load_balancer.usd_per_unit_hour, 4)
            ),
            &b.load_balancer.source,
        );
        let purchase = b
            .purchase
            .iter()
            .map(|(p, m)| {
                let vm = m
                    .get(&crate::catalog::ServiceKind::Vm)
                    .map(|r| format!("{}×", trim_num(*r, 3)))
                    .unwrap_or_else(|| "—".into());
                format!("{} {vm}", p.label())
            })
            .collect::<Vec<_>>()
            .join(", ");
        add(
            "purchase options (VMs, share of on-demand)".into(),
            format!("{purchase}; spot {}×", trim_num(b.spot_share, 3)),
            &b.purchase_source,
        );
    }
    // Node-hour prices, summarised per cloud and service.
    let mut groups: std::collections::BTreeMap<(String, String), Vec<&crate::catalog::Node>> =
        Default::default();
    for n in &c.nodes {
        groups
            .entry((n.cloud.label().to_string(), n.service.label().to_string()))
            .or_default()
            .push(n);
    }
    for ((cloud, service), ns) in groups {
        let lo = ns.iter().map(|n| n.usd_per_hour).fold(f64::MAX, f64::min);
        let hi = ns.iter().map(|n| n.usd_per_hour).fold(0.0, f64::max);
        let src = &ns[0].source;
        rows.push((
            date(src),
            format!("{cloud} {service} node types ({})", ns.len()),
            format!("${}–${}/hour", trim_num(lo, 4), trim_num(hi, 4)),
            cite(src),
        ));
    }
    for (k, f) in c.figures.iter().filter(|(k, _)| k.starts_with("price.")) {
        let as_of = f
            .source
            .rsplit(", ")
            .next()
            .filter(|d| d.len() == 7 && d.as_bytes()[4] == b'-')
            .unwrap_or("undated")
            .to_string();
        rows.push((
            as_of,
            k.clone(),
            format!("{} {}", trim_num(f.value, 6), f.unit),
            f.source.clone(),
        ));
    }
    rows.push((
        c.prices_as_of.clone(),
        "reference tier sets (app and database)".into(),
        "monthly ranges per tier".into(),
        "System Design Guide §3.10 Real-World Server Tiers and Managed Databases".into(),
    ));
    rows.sort();
    rows
}

/// `capplan catalog sources`: the sources list, by title, with where each can be found.
pub fn sources(dir: Option<&Path>) -> Result<String> {
    let c = Catalog::load(dir)?;
    let mut list: Vec<_> = c.sources.iter().collect();
    list.sort_by(|a, b| a.title.cmp(&b.title).then(a.id.cmp(&b.id)));
    let mut o = String::new();
    writeln!(o, "Sources ({}), by title", list.len())?;
    for s in list {
        writeln!(o, "  {} [{}]", s.title, s.id)?;
        if let Some(sec) = &s.section {
            writeln!(o, "      section: {sec}")?;
        }
        if let Some(p) = &s.page {
            writeln!(o, "      page:    {p}")?;
        }
        if let Some(d) = &s.as_of {
            writeln!(o, "      as of:   {d}")?;
        }
    }
    Ok(o)
}

/// `capplan catalog prices`: every price with its source and date, oldest first.
pub fn prices(dir: Option<&Path>) -> Result<String> {
    let c = Catalog::load(dir)?;
    let mut o = String::new();
    writeln!(o, "Prices, oldest first (as of · item · price · source)")?;
    for (d, what, price, src) in price_rows(&c) {
        writeln!(o, "  {d}  {what}: {price}\n           {src}")?;
    }
    Ok(o)
}
