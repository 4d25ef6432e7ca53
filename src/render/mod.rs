//! Renderers: one output format per file, behind one trait.

pub mod json;
pub mod markdown;
pub mod table;

use crate::plan::Plan;

/// What a renderer is given.
pub struct Report<'a> {
    pub plan: &'a Plan,
    /// Include each derived figure with its formula and the numbers substituted.
    pub explain: bool,
}

/// Turns a report into text.
pub trait Render {
    fn render(&self, report: &Report) -> String;
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
pub(crate) fn tier_cell(t: &Option<String>) -> String {
    t.clone().unwrap_or_else(|| "—".into())
}

/// Utilization cell: `58%` or `—`.
pub(crate) fn util_cell(u: Option<f64>) -> String {
    u.map(|u| format!("{:.0}%", u * 100.0)).unwrap_or_else(|| "—".into())
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
