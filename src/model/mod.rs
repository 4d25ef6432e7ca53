//! The back-of-envelope model: pure functions from a [`Spec`] and the [`Catalog`] to figures.
//!
//! Every default the model takes is resolved through [`Ctx::default`], which records it as an
//! [`Assumption`] with its value and source; every derived figure can be recorded as a
//! [`Derivation`] (formula and numbers substituted) for `--explain` and `practice`.

/// Record a derivation only when the context records them: the formatting of the numbers is
/// skipped entirely in Monte Carlo runs. Evaluates to the value.
macro_rules! derive {
    ($cx:expr, $id:expr, $label:expr, $value:expr, $shown:expr, $formula:expr, $sub:expr $(,)?) => {{
        let v: f64 = $value;
        if $cx.record {
            $cx.derive($id, $label, v, $shown, $formula, $sub)
        } else {
            v
        }
    }};
}

pub mod availability;
pub mod cost;
pub mod phase;
pub mod regions;
pub mod sizing;
pub mod storage;
pub mod workload;

use crate::catalog::Catalog;
use crate::spec::Spec;
use serde::Serialize;

/// A default the model used, with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Assumption {
    pub name: String,
    pub value: String,
    pub source: String,
}

/// A derived figure with its formula and the numbers substituted.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Derivation {
    /// Stable id, e.g. `workload.peak_qps`.
    pub id: String,
    pub label: String,
    pub value: f64,
    /// Display form with unit, e.g. `23.1K req/s`.
    pub shown: String,
    pub formula: String,
    pub substituted: String,
}

/// The model's working context: inputs, plus the assumptions and derivations it records.
pub struct Ctx<'a> {
    pub spec: &'a Spec,
    pub cat: &'a Catalog,
    pub assumptions: Vec<Assumption>,
    pub derivations: Vec<Derivation>,
    pub warnings: Vec<String>,
    /// Technologies the spec's cloud has no node type for, sized and priced on AWS's.
    pub elsewhere: Vec<String>,
    /// Record assumptions and derivations (off for Monte Carlo samples, which need only the
    /// numbers).
    pub record: bool,
}

impl<'a> Ctx<'a> {
    pub fn new(spec: &'a Spec, cat: &'a Catalog) -> Self {
        Ctx {
            spec,
            cat,
            assumptions: Vec::new(),
            derivations: Vec::new(),
            warnings: Vec::new(),
            elsewhere: Vec::new(),
            record: true,
        }
    }

    /// The spec's value if it gave one; else its `assumptions:` override; else the catalog's
    /// `default.<name>` figure. The last two are recorded as assumptions.
    pub fn default(&mut self, name: &str, given: Option<f64>, show: fn(f64) -> String) -> f64 {
        if let Some(v) = given {
            return v;
        }
        if let Some(&v) = self.spec.assumptions.get(name) {
            if self.record {
                self.assume(name, show(v), "spec `assumptions:`".into());
            }
            return v;
        }
        let v = self.cat.default_fig(name);
        if !self.record {
            return v;
        }
        let key = format!("{}{name}", crate::catalog::DEFAULT_PREFIX);
        let source = self.figure_source(&key);
        self.assume(name, show(v), source);
        v
    }

    /// A catalog figure the model relies on, recorded as an assumption when the figure is one
    /// (not from a seed) or came from a `--catalog` overlay.
    pub fn figure(&mut self, key: &str, show: fn(f64) -> String) -> f64 {
        let v = self.cat.fig(key);
        if !self.record {
            return v;
        }
        let listed = self
            .cat
            .figure(key)
            .is_some_and(|f| f.assumption || self.cat.overridden.contains(key));
        if listed {
            let src = self.figure_source(key);
            self.assume(key, show(v), src);
        }
        v
    }

    fn figure_source(&self, key: &str) -> String {
        let f = self.cat.figure(key);
        let src = f.map(|f| f.source.clone()).unwrap_or_default();
        if self.cat.overridden.contains(key) {
            format!("catalog overlay: {src}")
        } else {
            src
        }
    }

    /// Record an assumption once (the first value wins; later identical names are ignored).
    pub fn assume(&mut self, name: &str, value: String, source: String) {
        if self.record && !self.assumptions.iter().any(|a| a.name == name) {
            self.assumptions.push(Assumption {
                name: name.to_string(),
                value,
                source,
            });
        }
    }

    /// Record a derived figure.
    pub fn derive(
        &mut self,
        id: &str,
        label: &str,
        value: f64,
        shown: String,
        formula: &str,
        substituted: String,
    ) -> f64 {
        self.derivations.push(Derivation {
            id: id.to_string(),
            label: label.to_string(),
            value,
            shown,
            formula: formula.to_string(),
            substituted,
        });
        value
    }

    pub fn warn(&mut self, w: impl Into<String>) {
        let w = w.into();
        if !self.warnings.contains(&w) {
            self.warnings.push(w);
        }
    }
}

/// Display helpers used as `show` functions for assumptions.
pub mod show {
    use crate::units;
    pub fn num(v: f64) -> String {
        units::trim_num(v, 4)
    }
    pub fn times(v: f64) -> String {
        format!("{}×", units::trim_num(v, 4))
    }
    pub fn pct(v: f64) -> String {
        units::fmt_percent(v)
    }
    pub fn secs(v: f64) -> String {
        units::fmt_duration(v)
    }
    pub fn bytes(v: f64) -> String {
        units::fmt_bytes(v)
    }
    pub fn usd(v: f64) -> String {
        if v < 10.0 {
            format!("${}", units::trim_num(v, 3))
        } else {
            units::fmt_money(v)
        }
    }
    pub fn ratio(v: f64) -> String {
        format!("{}:1", units::trim_num(v, 4))
    }
    pub fn years(v: f64) -> String {
        format!("{} years", units::trim_num(v, 3))
    }
    pub fn si(v: f64) -> String {
        units::fmt_si(v)
    }
}
