//! Markdown design report: summary, topology as a mermaid diagram, the tables, warnings and
//! assumptions with sources.

use super::{cost_cell, failure, tier_cell, util_cell, Render, View};
use crate::model::workload::qps;
use crate::units::{fmt_bytes, fmt_money, fmt_percent, fmt_si, trim_num};

pub struct Markdown;

/// Escape a table cell: pipes would split the cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn row(out: &mut String, cells: &[String]) {
    out.push('|');
    for c in cells {
        out.push(' ');
        out.push_str(&cell(c));
        out.push_str(" |");
    }
    out.push('\n');
}

fn header(out: &mut String, names: &[&str]) {
    row(
        out,
        &names.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
    );
    out.push('|');
    for _ in names {
        out.push_str("---|");
    }
    out.push('\n');
}

impl Render for Markdown {
    fn render(&self, r: &View) -> String {
        let p = r.plan;
        let w = &p.workload;
        let s = &p.storage;
        let mut out = String::new();
        out.push_str(&format!("# {}\n\n", p.name));
        let budget = match (p.cost.budget, &p.cost.budget_verdict) {
            (Some(b), Some(v)) => format!(" against a budget of {} ({v})", fmt_money(b)),
            _ => String::new(),
        };
        let first = p
            .cost
            .first_month
            .map(|f| format!(" (the first month: {})", cost_cell(f.low, f.high)))
            .unwrap_or_default();
        let slo = match (p.availability.slo, p.availability.meets_slo) {
            (Some(s), Some(true)) => format!(", meeting the {} SLO", fmt_percent(s)),
            (Some(s), _) => format!(", **below** the {} SLO", fmt_percent(s)),
            _ => String::new(),
        };
        out.push_str(&format!(
            "**Phase {} — {}.** At a peak of {} ({} reads, {} writes) the design needs {} \
             components and costs **{} a month at the horizon**{budget}{first}. Composite \
             availability is {} (about {} minutes of downtime a year){slo}. Data held at the \
             horizon: {}.\n\n",
            p.phase.number,
            p.phase.name,
            qps(w.peak_qps),
            qps(w.read_qps),
            qps(w.write_qps),
            p.components.len(),
            cost_cell(p.cost.monthly_low, p.cost.monthly_high),
            crate::model::availability::fmt_availability(p.availability.composite),
            trim_num(p.availability.downtime_minutes_per_year, 2),
            fmt_bytes(s.total_bytes),
        ));

        out.push_str("## Topology\n\n```mermaid\nflowchart TD\n");
        out.push_str("  users([users])\n");
        let mut prev = "users".to_string();
        for (i, l) in p.topology.iter().enumerate() {
            if l.layer == "observability" {
                continue;
            }
            let id = format!("L{i}");
            out.push_str(&format!("  subgraph {id}[{}]\n", l.layer));
            for (j, c) in l.components.iter().enumerate() {
                out.push_str(&format!("    {id}_{j}[\"{}\"]\n", c.replace('"', "'")));
            }
            out.push_str("  end\n");
            out.push_str(&format!("  {prev} --> {id}\n"));
            prev = id;
        }
        out.push_str("```\n\n");

        if !r.charts.is_empty() {
            out.push_str("## Charts\n\n");
            for (title, href) in &r.charts {
                out.push_str(&format!("![{title}]({href})\n\n"));
            }
        }

        out.push_str("## Workload\n\n");
        header(&mut out, &["figure", "value"]);
        row(&mut out, &["average QPS".into(), qps(w.avg_qps)]);
        row(
            &mut out,
            &[
                "peak QPS".into(),
                format!("{} (×{})", qps(w.peak_qps), trim_num(w.peak_factor, 3)),
            ],
        );
        row(&mut out, &["reads at peak".into(), qps(w.read_qps)]);
        row(&mut out, &["writes at peak".into(), qps(w.write_qps)]);
        row(
            &mut out,
            &[
                "peak concurrent users".into(),
                w.peak_concurrent_users
                    .map(fmt_si)
                    .unwrap_or_else(|| "unknown".into()),
            ],
        );
        row(
            &mut out,
            &[
                "ingress at peak".into(),
                format!("{}/s", fmt_bytes(w.ingress_bytes_per_sec)),
            ],
        );
        row(
            &mut out,
            &[
                "egress at peak".into(),
                format!("{}/s", fmt_bytes(w.egress_bytes_per_sec)),
            ],
        );
        out.push('\n');

        out.push_str("## Storage\n\n");
        header(&mut out, &["figure", "value"]);
        row(
            &mut out,
            &["written per day".into(), fmt_bytes(s.bytes_per_day)],
        );
        row(
            &mut out,
            &["written per year".into(), fmt_bytes(s.bytes_per_year)],
        );
        row(
            &mut out,
            &["held at horizon (one copy)".into(), fmt_bytes(s.raw_bytes)],
        );
        row(
            &mut out,
            &[
                format!("held with {} replicas", trim_num(s.replication, 3)),
                fmt_bytes(s.total_bytes),
            ],
        );
        if s.object_storage_bytes > 0.0 {
            row(
                &mut out,
                &["object storage".into(), fmt_bytes(s.object_storage_bytes)],
            );
        }
        out.push('\n');

        out.push_str("## Components\n\n");
        header(
            &mut out,
            &[
                "role",
                "technology",
                "tier",
                "count",
                "util",
                failure::ZONES_HEADER,
                "$/month",
                "why",
            ],
        );
        for c in &p.components {
            row(
                &mut out,
                &[
                    c.role.to_string(),
                    c.technology.to_string(),
                    tier_cell(&c.tier),
                    c.count.to_string(),
                    util_cell(c.utilization),
                    failure::zones_cell(c),
                    cost_cell(c.monthly_cost.low, c.monthly_cost.high),
                    super::sizing_words(c),
                ],
            );
        }
        let dash = || "—".to_string();
        if p.cost.bandwidth.high > 0.0 {
            row(
                &mut out,
                &[
                    "bandwidth".into(),
                    "internet egress".into(),
                    dash(),
                    dash(),
                    dash(),
                    dash(),
                    cost_cell(p.cost.bandwidth.low, p.cost.bandwidth.high),
                    "egress not served by a CDN".into(),
                ],
            );
        }
        if let Some(o) = failure::other_regions_cost(p) {
            row(
                &mut out,
                &[
                    "regions".into(),
                    "the other regions".into(),
                    dash(),
                    dash(),
                    dash(),
                    dash(),
                    cost_cell(o.low, o.high),
                    "see Regions".into(),
                ],
            );
        }
        row(
            &mut out,
            &[
                "**total**".into(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                format!("**{}**", cost_cell(p.cost.planned.low, p.cost.planned.high)),
                String::new(),
            ],
        );
        out.push('\n');
        for c in p.components.iter().filter(|c| !c.alternatives.is_empty()) {
            let alts: Vec<String> = c
                .alternatives
                .iter()
                .map(|a| {
                    format!(
                        "{} × {} ({})",
                        a.count,
                        a.tier,
                        cost_cell(a.monthly_cost.low, a.monthly_cost.high)
                    )
                })
                .collect();
            out.push_str(&format!(
                "- Runners-up for **{}**: {}\n",
                c.role,
                alts.join("; ")
            ));
        }
        out.push('\n');
        out.push_str(&bill_section(p));

        if p.regions.is_some() {
            out.push_str("## Regions\n\n");
            header(&mut out, &failure::REGION_HEADER);
            for r in failure::region_rows(p) {
                row(&mut out, &r);
            }
            out.push_str("\nThe components above are the primary region's, sized for the users it carries when another region fails; requests and transfer are billed at the users each region serves.\n\n");
        }

        out.push_str("## Scaling phase\n\n");
        out.push_str(&format!(
            "- **Phase {}: {}** — {}\n- Ladder rung {} of 9: {}\n- By-scale band: {}\n\n",
            p.phase.number,
            p.phase.name,
            p.phase.reasons.join("; "),
            p.phase.ladder_rung,
            p.phase.ladder_name,
            p.phase
                .band
                .clone()
                .unwrap_or_else(|| "— (no DAU given)".into())
        ));

        if let Some(l) = &p.latency {
            out.push_str("## Latency\n\n");
            out.push_str(&super::latency_headline(l));
            out.push_str(".\n\n");
            for (names, rows) in [
                (
                    super::LATENCY_CLASS_HEADER.as_slice(),
                    super::latency_class_rows(l),
                ),
                (
                    super::LATENCY_STATION_HEADER.as_slice(),
                    super::latency_station_rows(l),
                ),
            ] {
                header(&mut out, names);
                for r in rows {
                    row(&mut out, &r);
                }
                out.push('\n');
            }
            if !l.geographies.is_empty() {
                header(&mut out, &failure::GEOGRAPHY_HEADER);
                for r in failure::geography_rows(l) {
                    row(&mut out, &r);
                }
                out.push('\n');
            }
            for s in &l.sizing_steps {
                out.push_str(&format!("- SLO sizing: {s}\n"));
            }
            if let Some(why) = &l.infeasible {
                out.push_str(&format!("- **No size meets the p99 SLO:** {why}\n"));
            }
            out.push('\n');
        }

        out.push_str("## Availability\n\n");
        header(&mut out, &failure::AVAILABILITY_HEADER);
        for r in failure::availability_rows(p) {
            row(&mut out, &r);
        }
        out.push('\n');
        for line in [failure::weakest_line(p), failure::sla_line(p)]
            .into_iter()
            .flatten()
        {
            out.push_str(&format!("{line}\n\n"));
        }

        if let Some(u) = &p.uncertainty {
            out.push_str(&format!(
                "## Uncertainty\n\n{} Monte Carlo samples (seed {}), each a full plan.\n\n",
                u.samples, u.seed
            ));
            header(&mut out, &["figure", "P10", "P50", "P90", "mean"]);
            for (name, f) in &u.figures {
                row(
                    &mut out,
                    &[
                        super::figure_label(name),
                        super::figure_value(name, f.p10),
                        super::figure_value(name, f.p50),
                        super::figure_value(name, f.p90),
                        super::figure_value(name, f.mean),
                    ],
                );
            }
            out.push('\n');
            for l in super::uncertainty_lines(u) {
                out.push_str(&format!("- {l}\n"));
            }
            out.push_str("\nWhat drives the cost spread:\n\n");
            header(&mut out, &["input", "rank correlation with cost"]);
            for s in &u.sensitivity {
                row(
                    &mut out,
                    &[
                        super::input_label(&s.input),
                        format!("{:+.2}", s.rank_correlation),
                    ],
                );
            }
            out.push('\n');
        }

        if !p.warnings.is_empty() {
            out.push_str("## Warnings\n\n");
            for w in &p.warnings {
                out.push_str(&format!("- {w}\n"));
            }
            out.push('\n');
        }

        if r.explain {
            out.push_str("## How each figure was derived\n\n");
            header(&mut out, &["figure", "value", "formula", "numbers"]);
            for d in &p.derivations {
                row(
                    &mut out,
                    &[
                        d.label.clone(),
                        d.shown.clone(),
                        d.formula.clone(),
                        d.substituted.clone(),
                    ],
                );
            }
            out.push('\n');
        }

        out.push_str("## Assumptions\n\n");
        header(&mut out, &["name", "value", "source"]);
        for a in &p.assumptions {
            row(
                &mut out,
                &[format!("`{}`", a.name), a.value.clone(), a.source.clone()],
            );
        }
        out
    }
}

/// Every line of every component's monthly bill: what is bought, how much, at what price.
fn bill_section(p: &crate::plan::Plan) -> String {
    let mut out = String::from(
        "### Monthly bill\n\n| component | item | what | quantity | unit price | $/month |\n|---|---|---|---|---|---|\n",
    );
    for c in &p.components {
        for l in &c.bill {
            out.push_str(&format!(
                "| {} | {} | {} | {} {} | ${} | {} |\n",
                c.role,
                l.item.as_str(),
                l.what,
                fmt_si(l.quantity),
                l.unit,
                trim_num(l.unit_price, 4),
                cost_cell(l.monthly_cost.low, l.monthly_cost.high)
            ));
        }
    }
    if p.cost.bandwidth.high > 0.0 {
        out.push_str(&format!(
            "| bandwidth | transfer | internet egress not served by a CDN (by volume tier) | | | {} |\n",
            cost_cell(p.cost.bandwidth.low, p.cost.bandwidth.high)
        ));
    }
    out.push('\n');
    for (k, v) in super::cost_rows(&p.cost) {
        out.push_str(&format!("- {k}: {v}\n"));
    }
    out.push('\n');
    out
}
