//! Terminal view: one table per section, readable at 100 columns.

use super::{cost_cell, failure, tier_cell, util_cell, Render, View};
use crate::model::workload::qps;
use crate::units::{fmt_bytes, fmt_money, fmt_percent, fmt_si, trim_num};
use comfy_table::{presets::UTF8_FULL_CONDENSED, Table as Ct};

pub struct Table;

fn table(header: &[&str]) -> Ct {
    let mut t = Ct::new();
    // Laid out the same on a terminal and in a pipe; colour is added by the caller.
    t.force_no_tty()
        .load_preset(UTF8_FULL_CONDENSED)
        .set_header(header.to_vec());
    crate::units::fit_table(&mut t);
    t
}

/// A two-column table without a header, for key–value sections.
fn kv() -> Ct {
    let mut t = Ct::new();
    t.force_no_tty().load_preset(UTF8_FULL_CONDENSED);
    crate::units::fit_table(&mut t);
    t
}

/// A bullet wrapped to the table width, continuation lines aligned under its text.
fn wrap(text: &str, indent: usize) -> String {
    wrap_with(text, indent, "- ")
}

/// `text` wrapped to the table width after `bullet`, indented by `indent` in all.
fn wrap_with(text: &str, indent: usize, bullet: &str) -> String {
    let Some(width) = crate::units::table_width() else {
        // No width to fit: one line, the reader's viewer wraps it.
        return format!(
            "{}{bullet}{text}\n",
            " ".repeat(indent.saturating_sub(bullet.chars().count()))
        );
    };
    let width = (width as usize).saturating_sub(indent).max(20);
    let mut lines: Vec<String> = vec![String::new()];
    for word in text.split(' ') {
        let last = lines.last_mut().expect("one line at least");
        if !last.is_empty() && last.chars().count() + 1 + word.chars().count() > width {
            lines.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    let pad = " ".repeat(indent.saturating_sub(bullet.chars().count()));
    let cont = " ".repeat(bullet.chars().count());
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{pad}{}{l}\n", if i == 0 { bullet } else { &cont }))
        .collect()
}

fn section(out: &mut String, title: &str) {
    out.push('\n');
    out.push_str(title);
    out.push('\n');
}

impl Render for Table {
    fn render(&self, r: &View) -> String {
        let p = r.plan;
        let mut out = String::new();
        out.push_str(&format!("{}\n", p.name));
        out.push_str(&format!(
            "Phase {} ({}) · {} · availability {}\n",
            p.phase.number,
            p.phase.name,
            super::headline_cost(&p.cost),
            crate::model::availability::fmt_availability(p.availability.composite)
        ));

        section(&mut out, "Workload");
        let w = &p.workload;
        let mut t = kv();
        t.add_row(vec!["average QPS".into(), qps(w.avg_qps)]);
        t.add_row(vec![
            "peak QPS".into(),
            format!("{} (×{})", qps(w.peak_qps), trim_num(w.peak_factor, 3)),
        ]);
        t.add_row(vec![
            "reads / writes at peak".into(),
            format!(
                "{} / {} ({}:1)",
                qps(w.read_qps),
                qps(w.write_qps),
                trim_num(w.read_write_ratio, 4)
            ),
        ]);
        t.add_row(vec![
            "peak concurrent users".into(),
            w.peak_concurrent_users
                .map(fmt_si)
                .unwrap_or_else(|| "unknown (no DAU)".into()),
        ]);
        if w.messages_per_sec > 0.0 {
            t.add_row(vec![
                "messages at peak".into(),
                format!("{}/s", fmt_si(w.messages_per_sec)),
            ]);
        }
        out.push_str(&t.to_string());
        out.push('\n');

        section(&mut out, "Storage & bandwidth");
        let s = &p.storage;
        let mut t = kv();
        t.add_row(vec!["written per day".into(), fmt_bytes(s.bytes_per_day)]);
        t.add_row(vec!["written per year".into(), fmt_bytes(s.bytes_per_year)]);
        t.add_row(vec![
            "held at horizon".into(),
            format!(
                "{} × {} replicas = {} ({} yr retention, {} yr horizon, {} growth/yr)",
                fmt_bytes(s.raw_bytes),
                trim_num(s.replication, 3),
                fmt_bytes(s.total_bytes),
                trim_num(s.retention_years, 3),
                trim_num(s.horizon_years, 3),
                fmt_percent(s.growth_yearly)
            ),
        ]);
        if s.object_storage_bytes > 0.0 {
            t.add_row(vec![
                "object storage".into(),
                fmt_bytes(s.object_storage_bytes),
            ]);
        }
        t.add_row(vec![
            "ingress / egress at peak".into(),
            format!(
                "{}/s / {}/s",
                fmt_bytes(w.ingress_bytes_per_sec),
                fmt_bytes(w.egress_bytes_per_sec)
            ),
        ]);
        out.push_str(&t.to_string());
        out.push('\n');

        section(&mut out, "Components");
        let mut t = table(&[
            "role",
            "technology",
            "tier",
            "count",
            "util",
            failure::ZONES_HEADER,
            "$/month",
        ]);
        for c in &p.components {
            t.add_row(vec![
                c.role.to_string(),
                c.technology.to_string(),
                tier_cell(&c.tier),
                c.count.to_string(),
                util_cell(c.utilization),
                failure::zones_cell(c),
                cost_cell(c.monthly_cost.low, c.monthly_cost.high),
            ]);
        }
        let dash = || "—".to_string();
        if p.cost.bandwidth.high > 0.0 {
            t.add_row(vec![
                "bandwidth".into(),
                "internet egress".into(),
                dash(),
                dash(),
                dash(),
                dash(),
                cost_cell(p.cost.bandwidth.low, p.cost.bandwidth.high),
            ]);
        }
        if let Some(o) = failure::other_regions_cost(p) {
            t.add_row(vec![
                "regions".into(),
                "the other regions".into(),
                dash(),
                dash(),
                dash(),
                dash(),
                cost_cell(o.low, o.high),
            ]);
        }
        t.add_row(vec![
            "total".into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            cost_cell(p.cost.planned.low, p.cost.planned.high),
        ]);
        out.push_str(&t.to_string());
        out.push('\n');
        out.push_str("Why:\n");
        for c in &p.components {
            out.push_str(&wrap(&format!("{}: {}", c.role, super::sizing_words(c)), 4));
        }
        let runners: Vec<String> = p
            .components
            .iter()
            .filter(|c| !c.alternatives.is_empty())
            .map(|c| {
                let alts: Vec<String> = c
                    .alternatives
                    .iter()
                    .map(|a| {
                        format!(
                            "{} × {} {}",
                            a.count,
                            a.tier,
                            cost_cell(a.monthly_cost.low, a.monthly_cost.high)
                        )
                    })
                    .collect();
                wrap(&format!("{}: {}", c.role, alts.join("; ")), 4)
            })
            .collect();
        if !runners.is_empty() {
            out.push_str("Runners-up:\n");
            out.push_str(&runners.concat());
        }

        section(&mut out, "Topology");
        for l in &p.topology {
            out.push_str(&wrap_with(
                &l.components.join(", "),
                17,
                &format!("  {:<15}", l.layer),
            ));
        }

        if p.regions.is_some() {
            section(&mut out, "Regions");
            let mut t = table(&failure::REGION_HEADER);
            for r in failure::region_rows(p) {
                t.add_row(r);
            }
            out.push_str(&t.to_string());
            out.push('\n');
            out.push_str(&wrap(
                "The components above are the primary region's, sized for the users it carries when another region fails; requests and transfer are billed at the users each region serves.",
                2,
            ));
        }

        section(&mut out, "Phase");
        let mut t = kv();
        t.add_row(vec![
            "scaling phase".into(),
            format!("{} — {}", p.phase.number, p.phase.name),
        ]);
        t.add_row(vec!["because".into(), p.phase.reasons.join("; ")]);
        t.add_row(vec![
            "ladder rung".into(),
            format!("{} of 9 — {}", p.phase.ladder_rung, p.phase.ladder_name),
        ]);
        t.add_row(vec![
            "by-scale band".into(),
            p.phase.band.clone().unwrap_or_else(|| "— (no DAU)".into()),
        ]);
        out.push_str(&t.to_string());
        out.push('\n');

        if let Some(l) = &p.latency {
            section(&mut out, "Latency");
            let code = match l.meets_slo {
                Some(false) => "31",
                Some(true) => "32",
                None => "0",
            };
            let head = wrap(&super::latency_headline(l), 2);
            out.push_str(&super::paint(head.trim_end(), code, r.color && code != "0"));
            out.push('\n');
            for (header, rows) in [
                (
                    super::LATENCY_CLASS_HEADER.as_slice(),
                    super::latency_class_rows(l),
                ),
                (
                    super::LATENCY_STATION_HEADER.as_slice(),
                    super::latency_station_rows(l),
                ),
            ] {
                let mut t = table(header);
                for r in rows {
                    t.add_row(r);
                }
                out.push_str(&t.to_string());
                out.push('\n');
            }
            if !l.geographies.is_empty() {
                let mut t = table(&failure::GEOGRAPHY_HEADER);
                for r in failure::geography_rows(l) {
                    t.add_row(r);
                }
                out.push_str(&t.to_string());
                out.push('\n');
            }
            for s in &l.sizing_steps {
                out.push_str(&wrap(&format!("SLO sizing: {s}"), 2));
            }
            if let Some(why) = &l.infeasible {
                out.push_str(&wrap(&format!("No size meets the p99 SLO: {why}"), 2));
            }
        }

        section(&mut out, "Cost");
        let mut t = kv();
        for (k, v) in super::cost_rows(&p.cost) {
            t.add_row(vec![k, v]);
        }
        if let Some(b) = p.cost.budget {
            t.add_row(vec![
                "budget".into(),
                format!(
                    "{} — {}",
                    fmt_money(b),
                    p.cost.budget_verdict.clone().unwrap_or_default()
                ),
            ]);
        }
        out.push_str(&t.to_string());
        out.push('\n');

        section(&mut out, "Availability");
        let mut t = table(&failure::AVAILABILITY_HEADER);
        for r in failure::availability_rows(p) {
            t.add_row(r);
        }
        out.push_str(&t.to_string());
        out.push('\n');
        for line in [failure::weakest_line(p), failure::sla_line(p)]
            .into_iter()
            .flatten()
        {
            out.push_str(&wrap(&line, 2));
        }

        if !p.warnings.is_empty() {
            section(&mut out, "Warnings");
            for w in &p.warnings {
                let text = wrap_with(w, 4, "! ");
                out.push_str(&super::paint(text.trim_end(), "33", r.color));
                out.push('\n');
            }
        }

        if let Some(u) = &p.uncertainty {
            section(
                &mut out,
                &format!("Uncertainty ({} samples, seed {})", u.samples, u.seed),
            );
            let mut t = table(&["figure", "P10", "P50", "P90", "mean"]);
            for (name, f) in &u.figures {
                if f.p10 == f.p90 && name.starts_with("count.") && f.p10 == 0.0 {
                    continue;
                }
                t.add_row(vec![
                    super::figure_label(name),
                    super::figure_value(name, f.p10),
                    super::figure_value(name, f.p50),
                    super::figure_value(name, f.p90),
                    super::figure_value(name, f.mean),
                ]);
            }
            out.push_str(&t.to_string());
            out.push('\n');
            for l in super::uncertainty_lines(u) {
                out.push_str(&wrap(&l, 2));
            }
            out.push_str(
                "  What drives the cost spread (Spearman rank correlation with monthly cost):\n",
            );
            for s in u.sensitivity.iter().take(8) {
                out.push_str(&format!(
                    "    {:<32} {:>6}  {}\n",
                    super::figure_label(&s.input),
                    format!("{:+.2}", s.rank_correlation),
                    super::tornado_bar(s.rank_correlation, 20)
                ));
            }
        }

        if r.explain {
            section(&mut out, "How each figure was derived");
            for d in &p.derivations {
                out.push_str(&format!(
                    "  {} = {}
      {}
      {}
",
                    d.label, d.shown, d.formula, d.substituted
                ));
            }
        }

        section(&mut out, "Assumptions");
        let mut t = table(&["name", "value", "source"]);
        for a in &p.assumptions {
            t.add_row(vec![a.name.clone(), a.value.clone(), a.source.clone()]);
        }
        out.push_str(&t.to_string());
        out.push('\n');
        out
    }
}
