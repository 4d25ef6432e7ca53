//! The cloud comparison in each output format.

use super::cost_cell;
use crate::compare::Comparison;
use comfy_table::{presets::UTF8_FULL_CONDENSED, Table as Ct};

/// Components shown under the totals: the widest spreads.
const SHOWN: usize = 6;

fn totals(c: &Comparison) -> (Vec<String>, Vec<Vec<String>>) {
    let mut h = vec!["".to_string()];
    h.extend(c.clouds.iter().map(|t| t.cloud.label().to_string()));
    let mut rows = vec![
        std::iter::once("monthly at the horizon".to_string())
            .chain(
                c.clouds
                    .iter()
                    .map(|t| cost_cell(t.monthly.low, t.monthly.high)),
            )
            .collect(),
        std::iter::once("first month".to_string())
            .chain(
                c.clouds
                    .iter()
                    .map(|t| cost_cell(t.first_month.low, t.first_month.high)),
            )
            .collect(),
        std::iter::once("prices".to_string())
            .chain(
                c.clouds
                    .iter()
                    .map(|t| format!("{}, {}", t.region, t.prices_as_of)),
            )
            .collect::<Vec<String>>(),
    ];
    if c.clouds.iter().any(|t| !t.priced_on_aws.is_empty()) {
        rows.push(
            std::iter::once("priced on AWS nodes".to_string())
                .chain(c.clouds.iter().map(|t| {
                    if t.priced_on_aws.is_empty() {
                        "—".into()
                    } else {
                        t.priced_on_aws.join(", ")
                    }
                }))
                .collect(),
        );
    }
    (h, rows)
}

fn differing(c: &Comparison) -> (Vec<String>, Vec<Vec<String>>) {
    let mut h = vec!["component".to_string()];
    h.extend(c.clouds.iter().map(|t| t.cloud.label().to_string()));
    let rows = c
        .components
        .iter()
        .take(SHOWN)
        .map(|r| {
            std::iter::once(r.role.to_string())
                .chain(r.clouds.iter().map(|p| {
                    format!(
                        "{} {}",
                        p.what,
                        cost_cell(p.monthly_cost.low, p.monthly_cost.high)
                    )
                }))
                .collect()
        })
        .collect();
    (h, rows)
}

fn ct(h: Vec<String>, rows: Vec<Vec<String>>) -> Ct {
    let mut t = Ct::new();
    t.force_no_tty()
        .load_preset(UTF8_FULL_CONDENSED)
        .set_header(h);
    crate::units::fit_table(&mut t);
    for r in rows {
        t.add_row(r);
    }
    t
}

/// The terminal tables.
pub fn table(c: &Comparison) -> String {
    let (h, r) = totals(c);
    let (h2, r2) = differing(c);
    format!(
        "{} — on each cloud\n\n{}\n\nComponents that differ most\n{}\n",
        c.name,
        ct(h, r),
        ct(h2, r2)
    )
}

/// Markdown tables.
pub fn markdown(c: &Comparison) -> String {
    let md = |h: Vec<String>, rows: Vec<Vec<String>>| {
        let mut out = format!("| {} |\n|{}\n", h.join(" | "), "---|".repeat(h.len()));
        for r in rows {
            out.push_str(&format!("| {} |\n", r.join(" | ")));
        }
        out
    };
    let (h, r) = totals(c);
    let (h2, r2) = differing(c);
    format!(
        "# {} — on each cloud\n\n{}\n## Components that differ most\n\n{}",
        c.name,
        md(h, r),
        md(h2, r2)
    )
}

/// The JSON document.
pub fn json(c: &Comparison) -> String {
    let mut s = serde_json::to_string_pretty(c).expect("comparison is plain data");
    s.push('\n');
    s
}
