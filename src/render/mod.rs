//! Renderers: one output format per file, behind one trait.

pub mod calibration;
pub mod clouds;
pub mod contract;
mod failure;
pub mod json;
pub mod markdown;
pub mod svg;
pub mod table;
pub mod timeline;

use crate::report::Report;

/// What a renderer is given.
pub struct View<'a> {
    pub plan: &'a Report,
    /// Include each derived figure with its formula and the numbers substituted.
    pub explain: bool,
    /// Charts written beside the report: (title, relative link).
    pub charts: Vec<(String, String)>,
    /// ANSI colour in the terminal view (decided by [`use_color`]).
    pub color: bool,
}

/// Whether to colour output: `--color always|never`, or with `auto` only on a terminal and
/// only when `NO_COLOR` is unset or empty (no-color.org).
pub fn use_color(choice: crate::cli::ColorChoice, is_terminal: bool) -> bool {
    match choice {
        crate::cli::ColorChoice::Always => true,
        crate::cli::ColorChoice::Never => false,
        crate::cli::ColorChoice::Auto => {
            is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// Wrap `text` in an ANSI colour (31 red, 32 green, 33 yellow, 1 bold) when `on`.
pub fn paint(text: &str, code: &str, on: bool) -> String {
    if on {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// Turns a report into text.
pub trait Render {
    fn render(&self, view: &View) -> String;
}

/// The renderer for an output format.
pub fn renderer(format: crate::cli::Format) -> Box<dyn Render> {
    match format {
        crate::cli::Format::Table => Box::new(table::Table),
        crate::cli::Format::Json => Box::new(json::Json),
        crate::cli::Format::Markdown => Box::new(markdown::Markdown),
    }
}

/// Component tier cell: `m5.xlarge` or `—`.
pub(crate) fn tier_cell(t: &Option<crate::catalog::Name>) -> String {
    t.map_or_else(|| "—".into(), String::from)
}

/// Utilization cell: `58%` or `—`.
pub(crate) fn util_cell(u: Option<f64>) -> String {
    u.map(|u| format!("{:.0}%", u * 100.0))
        .unwrap_or_else(|| "—".into())
}

/// The cost's dated figures as (label, value) rows: the horizon month (what `monthly`
/// means), the first month, the planned design as the components table shows it, and how
/// compute is bought with what on demand would cost.
pub(crate) fn cost_rows(c: &crate::model::cost::CostResult) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    if let Some(h) = c.at_horizon {
        rows.push((
            format!("at the horizon (month {})", h.month),
            cost_cell(h.low, h.high),
        ));
    }
    if let Some(f) = c.first_month {
        rows.push(("first month".into(), cost_cell(f.low, f.high)));
    }
    rows.push((
        "planned design (today's load, data held at the horizon)".into(),
        cost_cell(c.planned.low, c.planned.high),
    ));
    let mut basis = c.pricing.label().to_string();
    if c.spot_workers {
        basis.push_str("; workers on spot");
    }
    if let Some(od) = c.on_demand {
        basis.push_str(&format!(
            " (all on demand at the horizon: {})",
            cost_cell(od.low, od.high)
        ));
    }
    rows.push(("compute bought".into(), basis));
    rows
}

/// The headline cost: `$1,234/month at the horizon (month 36)`.
pub(crate) fn headline_cost(c: &crate::model::cost::CostResult) -> String {
    let when = c
        .at_horizon
        .map(|h| format!(" at month {}", h.month))
        .unwrap_or_default();
    format!("{}/month{when}", cost_cell(c.monthly_low, c.monthly_high))
}

/// Cost range cell: `$140–$185`.
pub(crate) fn cost_cell(low: f64, high: f64) -> String {
    use crate::units::fmt_money;
    if (high - low).abs() < 0.5 {
        fmt_money(low)
    } else {
        format!("{}–{}", fmt_money(low), fmt_money(high))
    }
}

/// A Monte Carlo figure's value formatted by its name's unit.
pub(crate) fn figure_value(name: &str, v: f64) -> String {
    use crate::units::{fmt_bytes, fmt_money, fmt_si, trim_num};
    if name == "monthly_cost_usd" {
        fmt_money(v)
    } else if name.ends_with("_bytes") {
        fmt_bytes(v)
    } else if name == "peak_requests_per_s" {
        format!("{} req/s", fmt_si(v))
    } else if name.ends_with("_ms") {
        crate::units::fmt_ms(v)
    } else if name.starts_with("count.") {
        // Instances are whole; an interpolated quantile or a mean of counts is rounded.
        format!("{}", v.round())
    } else if name == "availability" {
        crate::model::availability::fmt_availability(v)
    } else {
        trim_num(v, 3)
    }
}

/// What a reader calls a Monte Carlo figure or input: `count.app` → "app instances",
/// `p99_ms` → "p99 latency". Inputs the user wrote (`traffic.dau`) are shown as written.
pub(crate) fn figure_label(name: &str) -> String {
    if let Some(role) = name.strip_prefix("count.") {
        return format!("{} instances", role.replace('_', " "));
    }
    match name {
        "p99_ms" => "p99 latency".into(),
        "monthly_cost_usd" => "monthly cost".into(),
        "peak_requests_per_s" => "peak QPS".into(),
        "storage_total_bytes" => "storage held at horizon".into(),
        "object_storage_bytes" => "object storage at horizon".into(),
        crate::uncertainty::CAPACITY_POINT => "catalog capacity (low to high end of range)".into(),
        crate::uncertainty::PRICE_POINT => "catalog price (low to high end of range)".into(),
        other => other.to_string(),
    }
}

/// An uncertain input for markdown: the user's own key in backticks, the catalog's by name.
pub(crate) fn input_label(name: &str) -> String {
    let label = figure_label(name);
    if label == name {
        format!("`{name}`")
    } else {
        label
    }
}

/// A horizontal bar for a correlation in [-1, 1], `width` characters at |ρ| = 1.
pub(crate) fn tornado_bar(rho: f64, width: usize) -> String {
    let n = (rho.abs() * width as f64).round() as usize;
    let bar = "█".repeat(n.min(width));
    if rho < 0.0 {
        format!("{bar:>width$}|", width = width)
    } else {
        format!("{:>width$}|{bar}", "", width = width)
    }
}

/// The uncertainty section as plain lines (shared by table and markdown views).
pub(crate) fn uncertainty_lines(u: &crate::uncertainty::UncertaintyResult) -> Vec<String> {
    use crate::units::fmt_percent;
    let mut out = vec![];
    let shares: Vec<String> = u
        .phase_shares
        .iter()
        .filter(|(_, v)| **v > 0.0)
        .map(|(k, v)| format!("phase {k}: {}", fmt_percent(*v)))
        .collect();
    out.push(format!("Phase shares: {}", shares.join(", ")));
    if let Some(p) = u.p_within_budget {
        out.push(format!("P(monthly cost ≤ budget) = {}", fmt_percent(p)));
    }
    if let Some(p) = u.p_meets_slo {
        out.push(format!(
            "P(p99 ≤ SLO) = {} (analytic latency per sample)",
            fmt_percent(p)
        ));
    }
    for sc in &u.scenarios {
        out.push(format!(
            "{} scenario (every uncertain input at its {}th percentile): peak {} req/s, {}–{}/month, phase {}, simulated p99 {}{}",
            sc.name,
            crate::units::trim_num(sc.percentile * 100.0, 3),
            crate::units::fmt_si(sc.peak_qps),
            crate::units::fmt_money(sc.monthly_low),
            crate::units::fmt_money(sc.monthly_high),
            sc.phase,
            ms_cell(sc.p99_ms),
            match sc.meets_slo {
                Some(true) => " (meets the SLO)",
                Some(false) => " (misses the SLO)",
                None => "",
            }
        ));
    }
    out
}

/// Milliseconds for display, `—` when absent.
pub(crate) fn ms_cell(v: Option<f64>) -> String {
    v.map(crate::units::fmt_ms).unwrap_or_else(|| "—".into())
}

/// A 95% interval for display: `[12.1, 12.9]`.
pub(crate) fn ci_cell(v: Option<[f64; 2]>) -> String {
    v.map(|[a, b]| {
        format!(
            "[{}, {}]",
            crate::units::trim_num(a, 3),
            crate::units::trim_num(b, 3)
        )
    })
    .unwrap_or_else(|| "—".into())
}

/// The headline line of the Latency section.
pub(crate) fn latency_headline(l: &crate::paths::LatencyReport) -> String {
    let how = if l.method == "simulated" {
        format!(
            "simulated: {} requests, seed {}",
            crate::units::fmt_si(l.requests as f64),
            l.seed.unwrap_or(0)
        )
    } else {
        "analytic".to_string()
    };
    let slo = match (l.slo_p99_ms, l.meets_slo) {
        (Some(s), Some(true)) => format!(" — meets the p99 SLO of {}", ms_cell(Some(s))),
        (Some(s), _) => format!(" — MISSES the p99 SLO of {}", ms_cell(Some(s))),
        _ => String::new(),
    };
    format!(
        "End to end at peak ({how}): p50 {}, p95 {}, p99 {}, p99.9 {}{slo}",
        ms_cell(l.p50_ms),
        ms_cell(l.p95_ms),
        ms_cell(l.p99_ms),
        ms_cell(l.p999_ms)
    )
}

/// Columns of the per-class latency table (table and markdown views).
pub(crate) const LATENCY_CLASS_HEADER: [&str; 7] =
    ["class", "req/s", "p50", "p95", "p99", "p99 95% CI", "p99.9"];

/// Columns of the per-station latency table.
pub(crate) const LATENCY_STATION_HEADER: [&str; 6] = [
    "station",
    "servers",
    "util",
    "mean wait",
    "analytic wait",
    "p99 sojourn",
];

/// One row per request class, in [`LATENCY_CLASS_HEADER`] order.
pub(crate) fn latency_class_rows(l: &crate::paths::LatencyReport) -> Vec<Vec<String>> {
    l.classes
        .iter()
        .map(|c| {
            vec![
                c.class.clone(),
                crate::units::fmt_si(c.rate),
                ms_cell(c.p50_ms),
                ms_cell(c.p95_ms),
                ms_cell(c.p99_ms),
                ci_cell(c.p99_ci95_ms),
                ms_cell(c.p999_ms),
            ]
        })
        .collect()
}

/// One row per station, in [`LATENCY_STATION_HEADER`] order.
pub(crate) fn latency_station_rows(l: &crate::paths::LatencyReport) -> Vec<Vec<String>> {
    l.stations
        .iter()
        .map(|st| {
            vec![
                st.role.to_string(),
                st.servers.to_string(),
                util_cell(Some(st.utilization)),
                ms_cell(st.mean_wait_ms),
                ms_cell(st.analytic_mean_wait_ms),
                ms_cell(st.p99_ms),
            ]
        })
        .collect()
}

/// "26 × i3en.xlarge — disk capacity binds; CPU needs 6" followed by the component's reason:
/// the sizing decision in words, from the structured limits.
pub fn sizing_words(c: &crate::model::sizing::Component) -> String {
    use crate::components::Limit;
    use crate::model::sizing::Role;
    let what = match &c.tier {
        Some(t) => format!("{} × {t}", c.count),
        None if c.count > 1 => format!("{} × {}", c.count, c.technology),
        None => c.technology.to_string(),
    };
    // Replicas and standbys mirror their primary's node; their line says why they exist.
    if matches!(c.role, Role::ReadReplica | Role::DbStandby) || (c.node.is_none() && c.count <= 1) {
        let how = if c.node.is_none() {
            " — billed by use"
        } else {
            ""
        };
        return if c.reason.is_empty() {
            format!("{what}{how}")
        } else {
            format!("{what}{how}. {}", c.reason)
        };
    }
    let others: Vec<String> = c
        .limits
        .iter()
        .filter(|(l, n)| **l != c.bound_by && **l != Limit::MinCount && **n > 0)
        .map(|(l, n)| format!("{} needs {n}", l.words()))
        .collect();
    let mut s = format!("{what} — {} binds", c.bound_by.words());
    if c.node.is_some() && !others.is_empty() {
        s.push_str("; ");
        s.push_str(&others.join(", "));
    }
    if c.count > c.required && c.role != Role::Database {
        s.push_str(&format!(
            "; {} of {} for redundancy",
            c.count - c.required,
            c.count
        ));
    }
    if !c.reason.is_empty() {
        s.push_str(". ");
        s.push_str(&c.reason);
    }
    s
}
