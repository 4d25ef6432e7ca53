//! `capplan check`: a design's budgets and limits as pass/warn/fail rows, for CI.

use crate::report::Report;
use crate::spec::{CostIncrease, LoadedSpec, MaxInstances};
use crate::units::{fmt_duration, fmt_money, fmt_percent, trim_num};
use serde::Serialize;

/// Utilization above which a component is flagged (a warning; a failure with `--strict`).
pub const HOT_UTILIZATION: f64 = 0.85;
/// Share of the p99 SLO above which a passing latency is flagged as close.
pub const P99_CLOSE: f64 = 0.9;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Warn,
    Fail,
    /// The spec could not be planned (invalid input): nothing of it was checked.
    Error,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Warn => "warn",
            Status::Fail => "fail",
            Status::Error => "error",
        }
    }
}

/// The unit of a check's `limit` and `value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// US dollars a month, to the cent.
    Usd,
    /// Milliseconds.
    Ms,
    /// A share from 0 to 1 (availability, utilization, a relative cost increase).
    Fraction,
    /// A whole number (instances, the scaling phase).
    Count,
    /// A multiple of today's load.
    Multiple,
}

/// A check's limit and value as the table, annotations and JUnit show them.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Display {
    pub limit: String,
    pub value: String,
}

/// A check's limit and value: numbers in one unit, and the words shown for them.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub unit: Option<Unit>,
    pub limit: Option<f64>,
    pub value: Option<f64>,
    pub display: Display,
}

impl Figures {
    /// Numbers in `unit` (money to the cent), shown as `limit` and `value`.
    pub fn new(unit: Unit, limit: f64, value: Option<f64>, shown: (String, String)) -> Figures {
        let clean = |x: f64| match unit {
            Unit::Usd => (x * 100.0).round() / 100.0,
            _ => x,
        };
        Figures {
            unit: Some(unit),
            limit: Some(clean(limit)),
            value: value.filter(|v| v.is_finite()).map(clean),
            display: Display {
                limit: shown.0,
                value: shown.1,
            },
        }
    }

    /// Words only: a row with nothing measured (an invalid spec, nothing to check).
    fn words(limit: &str, value: &str) -> Figures {
        Figures {
            unit: None,
            limit: None,
            value: None,
            display: Display {
                limit: limit.into(),
                value: value.into(),
            },
        }
    }
}

/// One check of one spec.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CheckRow {
    pub spec: String,
    pub name: String,
    /// The limit, in `unit`; `null` when nothing was measured (an invalid spec, no targets).
    pub limit: Option<f64>,
    /// The figure checked against it, in `unit`; `null` when there is none (a saturated
    /// station has no p99).
    pub value: Option<f64>,
    pub unit: Option<Unit>,
    /// The limit and value in words, as the table shows them (`$8,208 ($6,422–$8,208)`).
    pub display: Display,
    pub status: Status,
    /// Room left, as a signed share of the limit (positive = within).
    pub margin: Option<f64>,
    pub message: String,
    /// The spec line and column the limit is written on, for annotations.
    pub line: Option<usize>,
    pub column: Option<usize>,
}

/// `check --format json`: the summary counts and every row.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CheckDocument {
    pub passed: usize,
    pub warnings: usize,
    pub failed: usize,
    /// Specs that could not be planned (their rows have status `error`).
    pub errors: usize,
    /// No check failed and every spec was valid.
    pub ok: bool,
    pub checks: Vec<CheckRow>,
}

/// The figures `check` needs from a baseline (a spec's plan or a saved JSON estimate).
#[derive(Debug, Clone, Copy)]
pub struct Baseline {
    pub monthly_high: f64,
}

fn margin(limit: f64, value: f64, higher_is_better: bool) -> Option<f64> {
    if limit == 0.0 || !limit.is_finite() || !value.is_finite() {
        return None;
    }
    Some(if higher_is_better {
        (value - limit) / limit
    } else {
        (limit - value) / limit
    })
}

/// Every check for one spec and its plan.
///
/// `strict` turns warnings into failures.
pub fn run(ls: &LoadedSpec, p: &Report, baseline: Option<Baseline>, strict: bool) -> Vec<CheckRow> {
    let s = &ls.spec;
    let src = ls.source();
    let mut rows = Vec::new();
    let mut push =
        |key: &str, name: &str, f: Figures, status: Status, m: Option<f64>, message: String| {
            let (line, column) = src
                .locate(key)
                .map_or((None, None), |(l, c)| (Some(l), Some(c)));
            let status = if strict && status == Status::Warn {
                Status::Fail
            } else {
                status
            };
            rows.push(CheckRow {
                spec: ls.path.clone(),
                name: name.to_string(),
                limit: f.limit,
                value: f.value,
                unit: f.unit,
                display: f.display,
                status,
                margin: m,
                message,
                line,
                column,
            });
        };

    if let Some(b) = s.budget_monthly {
        // With uncertain inputs and a confidence, the percentile of cost is what counts.
        let at_conf = p
            .uncertainty
            .as_ref()
            .and_then(|u| u.cost_at_confidence)
            .map(|c| c.p50);
        let (value, status, what) = match at_conf {
            Some(c) => (
                c,
                if c <= b { Status::Pass } else { Status::Fail },
                format!(
                    "P{} of monthly cost",
                    trim_num(s.budget_confidence.unwrap_or(0.5) * 100.0, 3)
                ),
            ),
            None => {
                let st = if p.cost.monthly_high <= b {
                    Status::Pass
                } else if p.cost.monthly_low <= b {
                    Status::Warn
                } else {
                    Status::Fail
                };
                (
                    p.cost.monthly_high,
                    st,
                    "monthly cost (high end)".to_string(),
                )
            }
        };
        push(
            "budget.monthly",
            "budget",
            Figures::new(
                Unit::Usd,
                b,
                Some(value),
                (
                    fmt_money(b),
                    format!(
                        "{} ({}–{})",
                        fmt_money(value),
                        fmt_money(p.cost.monthly_low),
                        fmt_money(p.cost.monthly_high)
                    ),
                ),
            ),
            status,
            margin(b, value, false),
            format!(
                "{what} {} against a budget of {}",
                fmt_money(value),
                fmt_money(b)
            ),
        );
    }

    if let Some(slo) = s.slo_p99_s {
        // The simulated p99 the estimate reports; the analytic one when nothing was simulated.
        let p99 = p
            .latency
            .as_ref()
            .and_then(|l| l.p99_ms.map(|ms| ms / 1e3).or(l.analytic_p99_s));
        match p99 {
            Some(v) => {
                let status = if v > slo {
                    Status::Fail
                } else if v > slo * P99_CLOSE {
                    Status::Warn
                } else {
                    Status::Pass
                };
                push(
                    "slo.p99",
                    "p99 latency",
                    Figures::new(
                        Unit::Ms,
                        slo * 1e3,
                        Some(v * 1e3),
                        (fmt_duration(slo), fmt_duration(v)),
                    ),
                    status,
                    margin(slo, v, false),
                    format!(
                        "end-to-end p99 at peak is {} against an SLO of {}",
                        fmt_duration(v),
                        fmt_duration(slo)
                    ),
                );
            }
            None => push(
                "slo.p99",
                "p99 latency",
                Figures::new(
                    Unit::Ms,
                    slo * 1e3,
                    None,
                    (fmt_duration(slo), "saturated".into()),
                ),
                Status::Fail,
                None,
                "a station on the request path is saturated at peak: latency grows without bound"
                    .into(),
            ),
        }
    }

    if let Some(slo) = s.slo_availability {
        let a = p.availability.composite;
        push(
            "slo.availability",
            "availability",
            Figures::new(
                Unit::Fraction,
                slo,
                Some(a),
                (
                    fmt_percent(slo),
                    crate::model::availability::fmt_availability(a),
                ),
            ),
            if a + 1e-12 >= slo {
                Status::Pass
            } else {
                Status::Fail
            },
            // Share of the error budget (1 − SLO) left unspent.
            Some(1.0 - (1.0 - a) / (1.0 - slo).max(1e-12)),
            format!(
                "composite availability {} ({} down) against an SLO of {}",
                crate::model::availability::fmt_availability(a),
                crate::model::availability::fmt_downtime(p.availability.downtime_minutes_per_year),
                fmt_percent(slo)
            ),
        );
    }

    let l = &s.limits;
    if let Some(m) = l.max_phase {
        push(
            "limits.max_phase",
            "max phase",
            Figures::new(
                Unit::Count,
                m as f64,
                Some(p.phase.number as f64),
                (m.to_string(), p.phase.number.to_string()),
            ),
            if p.phase.number <= m {
                Status::Pass
            } else {
                Status::Fail
            },
            None,
            format!(
                "the load needs phase {} ({})",
                p.phase.number,
                p.phase.reasons.first().cloned().unwrap_or_default()
            ),
        );
    }
    if let Some(mi) = &l.max_instances {
        let count = |role: Option<&str>| -> u32 {
            p.components
                .iter()
                .filter(|c| {
                    c.tier.is_some()
                        || matches!(c.role.as_str(), "cache" | "queue" | "stream" | "search")
                })
                .filter(|c| role.is_none_or(|r| c.role.as_str() == r))
                .map(|c| c.count)
                .sum()
        };
        let limits: Vec<(String, u32)> = match mi {
            MaxInstances::Total(n) => vec![("total".into(), *n)],
            MaxInstances::PerRole(m) => m.iter().map(|(k, v)| (k.clone(), *v)).collect(),
        };
        for (role, limit) in limits {
            let n = count((role != "total").then_some(role.as_str()));
            let key = match mi {
                MaxInstances::Total(_) => "limits.max_instances".to_string(),
                MaxInstances::PerRole(_) => format!("limits.max_instances.{role}"),
            };
            push(
                &key,
                &format!("max instances ({role})"),
                Figures::new(
                    Unit::Count,
                    limit as f64,
                    Some(n as f64),
                    (limit.to_string(), n.to_string()),
                ),
                if n <= limit {
                    Status::Pass
                } else {
                    Status::Fail
                },
                margin(limit as f64, n as f64, false),
                format!("{n} {role} instances against a limit of {limit}"),
            );
        }
    }
    if let Some(min) = l.min_headroom {
        let h = p.headroom;
        let (value, status) = match h {
            Some(h) => (
                format!("{}×", trim_num(h, 3)),
                if h + 1e-9 >= min.0 {
                    Status::Pass
                } else {
                    Status::Fail
                },
            ),
            None => ("> 1000×".to_string(), Status::Pass),
        };
        push(
            "limits.min_headroom",
            "min headroom",
            Figures::new(
                Unit::Multiple,
                min.0,
                h,
                (format!("{}×", trim_num(min.0, 3)), value.clone()),
            ),
            status,
            h.and_then(|h| margin(min.0, h, true)),
            format!("the design absorbs {value} today's load before a component must grow"),
        );
    }
    if let (Some(limit), Some(b)) = (l.max_monthly_cost_increase, baseline) {
        let inc = p.cost.monthly_high - b.monthly_high;
        let shown = format!(
            "{}{} ({:+.1}%)",
            if inc >= 0.0 { "+" } else { "−" },
            fmt_money(inc.abs()),
            if b.monthly_high > 0.0 {
                inc / b.monthly_high * 100.0
            } else {
                0.0
            }
        );
        let (figures, ok, m) = match limit {
            CostIncrease::Relative(r) => {
                let rel = if b.monthly_high > 0.0 {
                    inc / b.monthly_high
                } else {
                    f64::INFINITY
                };
                (
                    Figures::new(Unit::Fraction, r, Some(rel), (fmt_percent(r), shown)),
                    rel <= r + 1e-12,
                    margin(r, rel, false),
                )
            }
            CostIncrease::Absolute(a) => (
                Figures::new(Unit::Usd, a, Some(inc), (fmt_money(a), shown)),
                inc <= a + 1e-9,
                margin(a, inc, false),
            ),
        };
        push(
            "limits.max_monthly_cost_increase",
            "max cost increase",
            figures,
            if ok { Status::Pass } else { Status::Fail },
            m,
            format!(
                "monthly cost (high end) goes from {} to {}",
                fmt_money(b.monthly_high),
                fmt_money(p.cost.monthly_high)
            ),
        );
    }

    for c in &p.components {
        // Memory and disk are filled by design; only throughput saturates.
        if let Some(u) = c.utilization.filter(|_| c.bound_by.is_throughput()) {
            if u > HOT_UTILIZATION {
                push(
                    "",
                    &format!("utilization ({})", c.role),
                    Figures::new(
                        Unit::Fraction,
                        HOT_UTILIZATION,
                        Some(u),
                        (fmt_percent(HOT_UTILIZATION), fmt_percent(u)),
                    ),
                    Status::Warn,
                    margin(HOT_UTILIZATION, u, false),
                    format!(
                        "{} runs at {} at peak: little headroom for bursts",
                        c.role,
                        fmt_percent(u)
                    ),
                );
            }
        }
    }
    rows
}

/// The exit code for a set of rows: 2 when a spec was invalid, 1 when a check failed, else 0.
pub fn exit_code(rows: &[CheckRow]) -> u8 {
    if rows.iter().any(|r| r.status == Status::Error) {
        2
    } else if rows.iter().any(|r| r.status == Status::Fail) {
        1
    } else {
        0
    }
}

/// A spec that could not be planned, as error rows at the places its error names (one per
/// problem), so the other specs are still checked and every format reports it.
pub fn error_rows(spec: &str, err: &anyhow::Error) -> Vec<CheckRow> {
    use crate::spec::SpecError;
    let row = |message: String, line, column| CheckRow {
        spec: spec.to_string(),
        name: "spec".into(),
        limit: None,
        value: None,
        unit: None,
        display: Figures::words("a valid spec", "invalid").display,
        status: Status::Error,
        margin: None,
        message,
        line,
        column,
    };
    let located = |l: &crate::error::Located| {
        let mut m = match &l.key {
            Some(k) => format!("{k}: {}", l.message),
            None => l.message.clone(),
        };
        if let Some(e) = &l.expected {
            m.push_str(&format!("; expected {e}"));
        }
        if let Some(h) = &l.hint {
            m.push_str(&format!(" ({h})"));
        }
        row(m, l.line, l.column)
    };
    match err.downcast_ref::<SpecError>() {
        Some(SpecError::Invalid(l)) => vec![located(l)],
        Some(SpecError::Many(ls)) if !ls.is_empty() => ls.iter().map(located).collect(),
        _ => vec![row(format!("{err:#}"), None, None)],
    }
}

/// A spec with no budget, SLO or limit: a warning, not a silent pass.
pub fn nothing_to_check(spec: &str) -> CheckRow {
    CheckRow {
        spec: spec.to_string(),
        name: "targets".into(),
        limit: None,
        value: None,
        unit: None,
        display: Figures::words("a budget, an SLO or a limit", "none").display,
        status: Status::Warn,
        margin: None,
        message: "the spec sets no budget, SLO or limit, so there is nothing to check; add \
                  `budget.monthly`, `slo.p99`, `slo.availability` or `limits`"
            .into(),
        line: None,
        column: None,
    }
}

/// Table view.
pub fn render_table(rows: &[CheckRow], color: bool) -> String {
    use comfy_table::{presets::UTF8_FULL_CONDENSED, Cell, Color, Table};
    let mut t = Table::new();
    t.force_no_tty();
    if color {
        t.enforce_styling();
    }
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_header(vec!["spec", "check", "limit", "value", "status", "margin"]);
    crate::units::fit_table(&mut t);
    for r in rows {
        t.add_row(
            vec![
                r.spec.clone(),
                r.name.clone(),
                r.display.limit.clone(),
                r.display.value.clone(),
                r.status.as_str().to_uppercase(),
                r.margin
                    .map(|m| format!("{:+.1}%", m * 100.0))
                    .unwrap_or_else(|| "—".into()),
            ]
            .into_iter()
            .enumerate()
            .map(|(i, text)| {
                let cell = Cell::new(text);
                match (i, r.status) {
                    (4, Status::Pass) => cell.fg(Color::Green),
                    (4, Status::Warn) => cell.fg(Color::Yellow),
                    (4, Status::Fail | Status::Error) => cell.fg(Color::Red),
                    _ => cell,
                }
            })
            .collect::<Vec<_>>(),
        );
    }
    format!("{t}\n{}\n", summary_line(rows))
}

/// `3 passed, 0 failed, 1 warning`.
fn summary_line(rows: &[CheckRow]) -> String {
    let (p, w, f) = counts(rows);
    let mut line = format!(
        "{p} passed, {f} failed, {}",
        crate::units::plural(w, "warning", "warnings")
    );
    let e = errors(rows);
    if e > 0 {
        line.push_str(&format!(
            ", {} (not checked)",
            crate::units::plural(e, "invalid spec", "invalid specs")
        ));
    }
    line
}

fn counts(rows: &[CheckRow]) -> (usize, usize, usize) {
    let n = |s| rows.iter().filter(|r| r.status == s).count();
    (n(Status::Pass), n(Status::Warn), n(Status::Fail))
}

/// Specs that could not be checked.
fn errors(rows: &[CheckRow]) -> usize {
    let mut specs: Vec<&str> = rows
        .iter()
        .filter(|r| r.status == Status::Error)
        .map(|r| r.spec.as_str())
        .collect();
    specs.dedup();
    specs.len()
}

/// JSON view: the rows and a summary.
pub fn render_json(rows: &[CheckRow]) -> String {
    let (p, w, f) = counts(rows);
    let v = CheckDocument {
        passed: p,
        warnings: w,
        failed: f,
        errors: errors(rows),
        ok: f == 0 && errors(rows) == 0,
        checks: rows.to_vec(),
    };
    let mut s = serde_json::to_string_pretty(&v).expect("rows are plain data");
    s.push('\n');
    s
}

/// Escape for a GitHub workflow command's message (%, CR, LF) and properties (also : and ,).
fn gh_escape(s: &str, property: bool) -> String {
    let mut o = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        o = o.replace(':', "%3A").replace(',', "%2C");
    }
    o
}

/// GitHub Actions workflow annotations, one per failing or warning check, pointing at the
/// spec line of the limit.
pub fn render_github(rows: &[CheckRow]) -> String {
    let mut out = String::new();
    for r in rows.iter().filter(|r| r.status != Status::Pass) {
        let level = if matches!(r.status, Status::Fail | Status::Error) {
            "error"
        } else {
            "warning"
        };
        let mut props = format!("file={}", gh_escape(&r.spec, true));
        if let Some(l) = r.line {
            props.push_str(&format!(",line={l}"));
        }
        if let Some(c) = r.column {
            props.push_str(&format!(",col={c}"));
        }
        props.push_str(&format!(
            ",title={}",
            gh_escape(&format!("capplan check: {}", r.name), true)
        ));
        out.push_str(&format!(
            "::{level} {props}::{}\n",
            gh_escape(
                &if r.status == Status::Error {
                    format!("invalid spec: {}", r.message)
                } else {
                    format!(
                        "{} (limit {}, value {})",
                        r.message, r.display.limit, r.display.value
                    )
                },
                false
            )
        ));
    }
    out.push_str(&summary_line(rows));
    out.push('\n');
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// JUnit XML: one test suite per spec, one test case per check; failures as `<failure>`,
/// warnings as a passing case with `<system-out>`.
pub fn render_junit(rows: &[CheckRow]) -> String {
    let mut specs: Vec<&str> = rows.iter().map(|r| r.spec.as_str()).collect();
    specs.dedup();
    let (_, _, f) = counts(rows);
    let errs = |rs: &[&CheckRow]| rs.iter().filter(|r| r.status == Status::Error).count();
    let all: Vec<&CheckRow> = rows.iter().collect();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"capplan check\" tests=\"{}\" failures=\"{f}\" errors=\"{}\">\n",
        rows.len(),
        errs(&all)
    );
    for spec in specs {
        let mine: Vec<&CheckRow> = rows.iter().filter(|r| r.spec == spec).collect();
        let fails = mine.iter().filter(|r| r.status == Status::Fail).count();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{fails}\" errors=\"{}\" skipped=\"0\">\n",
            xml_escape(spec),
            mine.len(),
            errs(&mine)
        ));
        for r in mine {
            out.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\"",
                xml_escape(spec),
                xml_escape(&r.name)
            ));
            match r.status {
                Status::Pass => out.push_str("/>\n"),
                Status::Warn => out.push_str(&format!(
                    ">\n      <system-out>warning: {}</system-out>\n    </testcase>\n",
                    xml_escape(&r.message)
                )),
                Status::Fail => out.push_str(&format!(
                    ">\n      <failure message=\"{}\" type=\"{}\">limit {}, value {}</failure>\n    </testcase>\n",
                    xml_escape(&r.message),
                    xml_escape(&r.name),
                    xml_escape(&r.display.limit),
                    xml_escape(&r.display.value)
                )),
                Status::Error => out.push_str(&format!(
                    ">\n      <error message=\"{}\" type=\"invalid spec\">{}{}</error>\n    </testcase>\n",
                    xml_escape(&r.message),
                    xml_escape(spec),
                    r.line.map(|l| format!(":{l}")).unwrap_or_default()
                )),
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
