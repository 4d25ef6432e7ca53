//! SVG charts for design reports (placeholder until the charts work lands).

use crate::plan::Plan;

/// One chart: a short name used in its file name (`design-<name>.svg`), a title, the SVG text.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub name: &'static str,
    pub title: String,
    pub svg: String,
}

/// Every chart that applies to the plan.
pub fn charts(_plan: &Plan) -> Vec<Chart> {
    Vec::new()
}
