//! Interview practice: a scenario stated as an interviewer would, the key estimates asked one
//! at a time, each answer graded by order of magnitude against the plan, with the worked
//! derivation; at the end a score, what was missed and the habits to practise.
//!
//! Everything here is pure except [`run_session`], which reads answers from any `BufRead` and
//! writes the conversation to any `Write` (stdin/stdout in the CLI, byte buffers in tests).
//!
//! # Grading
//! Numeric answers: factor = max(answer ÷ reference, reference ÷ answer); within 2× is right
//! (1 point), within 10× close (½ point), beyond that a miss (0). A range answer (`6k–8k`) is
//! graded at its geometric midpoint; the monthly cost is graded against the plan's cost range
//! (factor 1 inside it). Categorical answers (database tier, replicas/shards, phase) are right
//! (1) or wrong (0). Answers that cannot be read are asked again and never counted.

use crate::catalog::Catalog;
use crate::model::sizing::{Component, Role};
use crate::model::{Assumption, Derivation};
use crate::plan::Plan;
use crate::spec::{Cloud, Feature, LoadedSpec, Spec, Syntax};
use crate::units::{fmt_bytes, fmt_money, fmt_percent, fmt_si, trim_num, SECONDS_PER_DAY};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};

/// The example specs, compiled in so `capplan practice` works from any directory.
pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "autocomplete.yaml",
        include_str!("../specs/autocomplete.yaml"),
    ),
    ("chat.yaml", include_str!("../specs/chat.yaml")),
    (
        "estimation-tip.yaml",
        include_str!("../specs/estimation-tip.yaml"),
    ),
    (
        "file-storage.yaml",
        include_str!("../specs/file-storage.yaml"),
    ),
    (
        "linkpulse-1-launch.yaml",
        include_str!("../specs/linkpulse-1-launch.yaml"),
    ),
    (
        "linkpulse-2-week-two.yaml",
        include_str!("../specs/linkpulse-2-week-two.yaml"),
    ),
    (
        "linkpulse-3-month-three.yaml",
        include_str!("../specs/linkpulse-3-month-three.yaml"),
    ),
    (
        "linkpulse-4-month-four.yaml",
        include_str!("../specs/linkpulse-4-month-four.yaml"),
    ),
    ("news-feed.yaml", include_str!("../specs/news-feed.yaml")),
    (
        "notifications.yaml",
        include_str!("../specs/notifications.yaml"),
    ),
    (
        "rate-limiter.yaml",
        include_str!("../specs/rate-limiter.yaml"),
    ),
    ("slo-sizing.yaml", include_str!("../specs/slo-sizing.yaml")),
    (
        "url-shortener-small.toml",
        include_str!("../specs/url-shortener-small.toml"),
    ),
    (
        "url-shortener.yaml",
        include_str!("../specs/url-shortener.yaml"),
    ),
    (
        "video-streaming.yaml",
        include_str!("../specs/video-streaming.yaml"),
    ),
    (
        "web-crawler.yaml",
        include_str!("../specs/web-crawler.yaml"),
    ),
];

/// Scenario names (spec file stems), in `--list` order.
pub fn scenario_names() -> Vec<&'static str> {
    SCENARIOS.iter().map(|(f, _)| stem(f)).collect()
}

fn stem(file: &str) -> &str {
    file.rsplit_once('.').map(|(s, _)| s).unwrap_or(file)
}

/// Load a built-in scenario by stem (`url-shortener`), or `None` when there is no such one.
pub fn builtin(name: &str) -> Option<Result<LoadedSpec, crate::spec::SpecError>> {
    let (file, text) = SCENARIOS.iter().find(|(f, _)| stem(f) == name)?;
    let syntax = if file.ends_with(".toml") {
        Syntax::Toml
    } else {
        Syntax::Yaml
    };
    Some(
        crate::spec::parse(&format!("specs/{file}"), text, syntax).map(|mut ls| {
            reference_hardware(&mut ls.spec);
            ls
        }),
    )
}

/// Drills are graded on the System Design Guide's reference tier set, the tiers an interview
/// answer names.
pub fn reference_hardware(spec: &mut Spec) {
    spec.choices.hardware = crate::spec::Hardware::Reference;
}

/// The scenario a seed picks: the same seed always picks the same one.
pub fn pick(seed: u64) -> &'static str {
    // splitmix64: a fixed mix so neighbouring seeds land on different scenarios.
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    let names = scenario_names();
    names[(z % names.len() as u64) as usize]
}

/// `--list`: every scenario with a one-line brief.
pub fn list() -> String {
    let mut out = String::from("Scenarios (capplan practice --scenario NAME):\n");
    let width = scenario_names().iter().map(|n| n.len()).max().unwrap_or(0);
    for n in scenario_names() {
        let line = match builtin(n) {
            Some(Ok(ls)) => match &ls.file.description {
                Some(d) => format!("{} — {}", ls.spec.name, d),
                None => ls.spec.name.clone(),
            },
            _ => "(does not load)".into(),
        };
        out.push_str(&format!("  {n:<width$}  {line}\n"));
    }
    out
}

/// What kind of answer a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerKind {
    /// Requests per second: `12K`, `12k qps`, `900/s`.
    Rate,
    /// Bytes: `3.5 TB`, `900gb`.
    Bytes,
    /// Bytes per second: `40 MB/s`, `320 Mbps`.
    ByteRate,
    /// A plain count: `26`, `26 servers`.
    Count,
    /// Dollars a month: `$8k`, `$6k–8k`.
    Money,
    /// A database tier by AWS or Azure name or short name.
    DbTier,
    /// Read replicas, shards, both or neither.
    DbScaling,
    /// Scaling phase 1–3.
    Phase,
}

/// The answer a question expects, from the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Reference {
    Number {
        value: f64,
        shown: String,
    },
    Range {
        low: f64,
        high: f64,
        shown: String,
    },
    Tier {
        name: String,
        aws: String,
        azure: String,
        label: String,
        shown: String,
    },
    Scaling {
        replicas: bool,
        shards: bool,
        shown: String,
    },
    Phase {
        number: u8,
        shown: String,
    },
}

impl Reference {
    pub fn shown(&self) -> &str {
        match self {
            Reference::Number { shown, .. }
            | Reference::Range { shown, .. }
            | Reference::Tier { shown, .. }
            | Reference::Scaling { shown, .. }
            | Reference::Phase { shown, .. } => shown,
        }
    }
}

/// One interview question with its reference answer and worked solution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    /// Stable id, the key in an `--answers` file: `avg_qps`, `peak_qps`, …
    pub id: &'static str,
    pub title: String,
    pub prompt: String,
    /// A sample answer in the expected form, shown when an answer can't be read.
    pub example: String,
    pub kind: AnswerKind,
    pub reference: Reference,
    /// The formulas without numbers (`hint`).
    pub hint: Vec<String>,
    /// The worked derivation: label = value, formula, numbers substituted.
    pub worked: Vec<String>,
    /// Defaults the derivation relied on, with their source.
    pub assumptions: Vec<Assumption>,
}

/// An answer as understood.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Number(f64),
    Range(f64, f64),
    /// A database tier's catalog name (`mid`).
    Tier(String),
    Scaling {
        replicas: bool,
        shards: bool,
    },
    Phase(u8),
    /// `skip`: reveal the answer; counts as a miss.
    Skip,
}

/// How an answer was graded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Within 2×, or the right category.
    Right,
    /// Within 10×: partial credit.
    Close,
    /// More than 10× off.
    Miss,
    /// The wrong category.
    Wrong,
    /// Skipped: the answer was revealed.
    Skipped,
    /// Could not be read (only from an `--answers` file); not counted.
    Unreadable,
}

impl Verdict {
    pub fn points(self) -> f64 {
        match self {
            Verdict::Right => 1.0,
            Verdict::Close => 0.5,
            _ => 0.0,
        }
    }
    pub fn counted(self) -> bool {
        self != Verdict::Unreadable
    }
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Right => "right",
            Verdict::Close => "close",
            Verdict::Miss => "miss",
            Verdict::Wrong => "wrong",
            Verdict::Skipped => "skipped",
            Verdict::Unreadable => "unreadable",
        }
    }
}

/// One graded answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Graded {
    pub id: &'static str,
    /// What was typed.
    pub answer: String,
    /// How it was understood (`6K req/s`), or why it could not be read.
    pub understood: String,
    pub verdict: Verdict,
    pub points: f64,
    /// answer ÷ reference for numeric answers (1 inside a reference range).
    pub factor: Option<f64>,
}

/// Names of one database tier, for reading answers.
#[derive(Debug, Clone, PartialEq)]
struct TierNames {
    name: String,
    label: String,
    aws: String,
    azure: String,
}

/// The figures habits are diagnosed from.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Facts {
    avg_qps: f64,
    peak_qps: f64,
    peak_factor: f64,
    replication: f64,
    retention_years: f64,
    bytes_per_day: f64,
    bytes_per_year: f64,
}

/// A drill: the brief and the questions for one scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Drill {
    /// The built-in scenario's name, when it is one.
    pub scenario: Option<String>,
    pub name: String,
    pub brief: String,
    pub questions: Vec<Question>,
    db_tiers: Vec<TierNames>,
    compute_tiers: Vec<String>,
    facts: Facts,
}

fn comp(plan: &Plan, role: Role) -> Option<&Component> {
    plan.components.iter().find(|c| c.role == role)
}

fn derivation<'a>(plan: &'a Plan, id: &str) -> Option<&'a Derivation> {
    plan.derivations.iter().find(|d| d.id == id)
}

fn assumption_value(plan: &Plan, name: &str) -> Option<String> {
    plan.assumptions
        .iter()
        .find(|a| a.name == name)
        .map(|a| a.value.clone())
}

fn qps(v: f64) -> String {
    format!("{} req/s", fmt_si(v))
}

fn byte_rate(v: f64) -> String {
    format!("{}/s", fmt_bytes(v))
}

/// A retention or horizon in words: `5 years`, `90 days`, `1 minute`.
fn period(secs: f64) -> String {
    let units = [
        (crate::units::SECONDS_PER_YEAR, "year"),
        (SECONDS_PER_DAY, "day"),
        (3600.0, "hour"),
        (60.0, "minute"),
        (1.0, "second"),
    ];
    for (u, name) in units {
        let n = secs / u;
        if n >= 1.0 && (n - n.round()).abs() < 1e-6 {
            let n = n.round();
            return format!(
                "{} {name}{}",
                trim_num(n, 6),
                if n == 1.0 { "" } else { "s" }
            );
        }
    }
    crate::units::fmt_duration(secs)
}

fn ratio_words(r: f64) -> String {
    if (r - 1.0).abs() < 1e-9 {
        "Reads and writes are about equal (1:1).".into()
    } else if r >= 1.0 {
        format!("Reads outnumber writes {}:1.", trim_num(r, 3))
    } else if r > 0.0 {
        format!(
            "Writes outnumber reads: {} writes for every read.",
            trim_num(1.0 / r, 3)
        )
    } else {
        "Traffic is all writes.".into()
    }
}

/// The scenario as an interviewer states it: users, behaviour, payloads, retention, targets —
/// the inputs, never the derived figures.
pub fn brief(spec: &Spec, description: Option<&str>, plan: &Plan) -> String {
    let mut lines: Vec<String> = Vec::new();
    match (spec.dau, spec.requests_per_user) {
        (Some(d), Some(r)) => lines.push(format!(
            "{} daily active users, each making about {} requests a day.",
            fmt_si(d),
            trim_num(r, 3)
        )),
        (Some(d), None) => lines.push(format!("{} daily active users.", fmt_si(d))),
        _ => {}
    }
    if let Some(q) = spec.qps {
        lines.push(format!(
            "The service receives about {} requests per second on average.",
            fmt_si(q)
        ));
    }
    if let Some(p) = spec.peak_qps {
        lines.push(format!(
            "At peak it receives {} requests per second.",
            fmt_si(p)
        ));
    }
    let pf = spec.peak_factor;
    match (pf, spec.peak_qps) {
        (Some(f), Some(_)) => lines.push(format!(
            "That peak is {}× the daily average.",
            trim_num(f, 3)
        )),
        (Some(f), None) => lines.push(format!(
            "At peak, traffic runs at {}× the daily average.",
            trim_num(f, 3)
        )),
        _ => {}
    }
    if let Some(r) = spec.read_write_ratio {
        lines.push(ratio_words(r));
    }
    if let Some(n) = spec.concurrent_users {
        lines.push(format!("{} users are online at peak.", fmt_si(n)));
    } else if let Some(s) = spec.concurrent_share {
        lines.push(format!(
            "{} of daily users are online at peak.",
            fmt_percent(s)
        ));
    }
    if let Some(f) = spec.fanout {
        lines.push(format!(
            "Each write is delivered to {} recipients.",
            trim_num(f, 3)
        ));
    }
    let mut pay = Vec::new();
    if let Some(r) = spec.read_bytes {
        pay.push(format!("a read returns {}", fmt_bytes(r)));
    }
    match (spec.write_bytes, spec.record_bytes) {
        (Some(w), Some(r)) => pay.push(format!(
            "a write sends {} and stores a {} record",
            fmt_bytes(w),
            fmt_bytes(r)
        )),
        (Some(w), None) => pay.push(format!("a write sends {}", fmt_bytes(w))),
        (None, Some(r)) => pay.push(format!("each write stores a {} record", fmt_bytes(r))),
        _ => {}
    }
    if !pay.is_empty() {
        let s = pay.join("; ");
        lines.push(format!("{}{}.", s[..1].to_uppercase(), &s[1..]));
    }
    if spec.has(Feature::Media) {
        if let Some(m) = spec.media_bytes {
            let share = spec.media_share.unwrap_or(1.0);
            lines.push(format!(
                "{} of writes upload a {} file.",
                if share >= 1.0 {
                    "All".to_string()
                } else {
                    fmt_percent(share)
                },
                fmt_bytes(m)
            ));
        }
    }
    if let Some(r) = spec.media_reads {
        let size = spec.media_read_bytes.or(spec.media_bytes);
        lines.push(match size {
            Some(b) => format!(
                "{} of reads also fetch a {} media segment.",
                fmt_percent(r),
                fmt_bytes(b)
            ),
            None => format!("{} of reads also fetch media.", fmt_percent(r)),
        });
    }
    if let Some(s) = spec.static_share {
        lines.push(format!(
            "{} of responses are static content a CDN could serve.",
            fmt_percent(s)
        ));
    }
    let mut keep = String::new();
    if let Some(r) = spec.retention_s {
        keep = format!("Records are kept for {}", period(r));
        if let Some(rep) = spec.replication {
            keep.push_str(&format!(", stored {}×", trim_num(rep, 3)));
        }
        keep.push('.');
    }
    if let Some(g) = spec.growth_yearly {
        keep.push_str(&format!(" Traffic grows {} a year", fmt_percent(g)));
        if let Some(h) = spec.horizon_s {
            keep.push_str(&format!("; plan {} ahead", period(h)));
        }
        keep.push('.');
    } else if let Some(h) = spec.horizon_s {
        keep.push_str(&format!(" Plan {} ahead.", period(h)));
    }
    if !keep.is_empty() {
        lines.push(keep.trim().to_string());
    }
    if let Some(d) = spec.documents {
        lines.push(format!("{} documents must be searchable.", fmt_si(d)));
    }
    let mut targets = Vec::new();
    if let Some(p) = spec.slo_p99_s {
        targets.push(format!("p99 latency {}", crate::units::fmt_duration(p)));
    }
    if let Some(a) = spec.slo_availability {
        targets.push(format!("availability {}", fmt_percent(a)));
    }
    if let Some(b) = spec.budget_monthly {
        targets.push(format!("budget {}/month", fmt_money(b)));
    }
    if !targets.is_empty() {
        lines.push(format!("Targets: {}.", targets.join(", ")));
    }
    for f in &spec.features {
        let s = match f {
            Feature::Global => "Users are on several continents.",
            Feature::Realtime => "Clients keep a live connection open for instant updates.",
            Feature::Search => "Records must be full-text searchable.",
            Feature::AsyncJobs => "Some work runs in the background after a write.",
            Feature::Media | Feature::Fanout => continue,
        };
        lines.push(s.to_string());
    }
    let c = &spec.choices;
    let mut picks = Vec::new();
    for (what, v) in [
        ("database", &c.database),
        ("cache", &c.cache),
        ("queue", &c.queue),
        ("stream", &c.stream),
        ("search", &c.search),
    ] {
        if let Some(v) = v {
            picks.push(format!("{v} ({what})"));
        }
    }
    if !picks.is_empty() || c.cloud == Cloud::Azure {
        let cloud = if c.cloud == Cloud::Azure {
            " on Azure"
        } else {
            ""
        };
        lines.push(format!(
            "The team has picked {}{cloud}.",
            if picks.is_empty() {
                "its cloud".to_string()
            } else {
                picks.join(", ")
            }
        ));
    }
    let mut st = Vec::new();
    if let Some(s) = spec.app_service_s {
        st.push(format!(
            "{} of app CPU per request",
            crate::units::fmt_duration(s)
        ));
    }
    if let Some(s) = spec.db_query_s {
        st.push(format!(
            "{} per database query",
            crate::units::fmt_duration(s)
        ));
    }
    if let Some(s) = spec.worker_s {
        st.push(format!(
            "{} per background job",
            crate::units::fmt_duration(s)
        ));
    }
    if !st.is_empty() {
        lines.push(format!("Measured: {}.", st.join(", ")));
    }
    let has_cache = comp(plan, Role::Cache).is_some();
    // Overrides the spec states are facts of the scenario; the defaults the model took are
    // the ground rules an interviewer would give.
    for (k, v) in &spec.assumptions {
        let shown = match k.as_str() {
            "target_utilization" | "cache_hit_ratio" | "concurrent_share" | "hot_set"
            | "ha_availability" => fmt_percent(*v),
            "app_service_seconds" | "db_query_seconds" => crate::units::fmt_duration(*v),
            _ => trim_num(*v, 4),
        };
        let s = match rule_text(k) {
            Some(t) => t.replace("{}", &shown),
            None => format!("assume {k} = {shown}"),
        };
        lines.push(format!("{}{}.", s[..1].to_uppercase(), &s[1..]));
    }
    let mut rules = Vec::new();
    for name in [
        "peak_factor",
        "concurrent_share",
        "payload_bytes",
        "record_bytes",
        "retention_seconds",
        "replication",
        "horizon_years",
        "hot_set",
        "cache_hit_ratio",
        "app_service_seconds",
        "target_utilization",
    ] {
        let cache_only = name == "hot_set" || name == "cache_hit_ratio";
        if (cache_only && !has_cache) || spec.assumptions.contains_key(name) {
            continue;
        }
        if let (Some(v), Some(t)) = (assumption_value(plan, name), rule_text(name)) {
            rules.push(t.replace("{}", v.trim_end_matches('×')));
        }
    }
    let mut out = String::new();
    let title = spec
        .name
        .split(" (seed")
        .next()
        .unwrap_or(&spec.name)
        .trim();
    out.push_str(&format!("Interviewer: Today's design: {title}."));
    if let Some(d) = description {
        out.push(' ');
        out.push_str(d.trim());
    }
    out.push('\n');
    for l in lines {
        out.push_str(&format!("  - {l}\n"));
    }
    if !rules.is_empty() {
        out.push_str(&format!("  Assume {}.\n", rules.join("; ")));
    }
    out
}

/// How a default reads in the brief, `{}` standing for its value.
fn rule_text(name: &str) -> Option<&'static str> {
    Some(match name {
        "peak_factor" => "peak traffic is {}× the average",
        "concurrent_share" => "{} of daily users are online at peak",
        "payload_bytes" => "requests and responses carry about {} each",
        "record_bytes" => "each write stores a {} record",
        "retention_seconds" => "records are kept for {}",
        "replication" => "every record is stored {} times",
        "horizon_years" => "plan {} ahead",
        "hot_set" => "the hottest {} of data takes most reads",
        "cache_hit_ratio" => "the cache serves {} of reads",
        "app_service_seconds" => "each request costs {} of app CPU",
        "db_query_seconds" => "each database query takes {}",
        "target_utilization" => "servers run at up to {} utilization at peak",
        "db_queries_per_read" => "each read makes {} database queries",
        "db_queries_per_write" => "each write makes {} database queries",
        _ => return None,
    })
}

fn worked_lines(plan: &Plan, ids: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for id in ids {
        if let Some(d) = derivation(plan, id) {
            out.push(format!("{} = {}", d.label, d.shown));
            out.push(format!("    {}", d.formula));
            out.push(format!("    {}", d.substituted));
        }
    }
    out
}

fn hint_lines(plan: &Plan, ids: &[&str]) -> Vec<String> {
    ids.iter()
        .filter_map(|id| derivation(plan, id))
        .map(|d| format!("{} = {}", d.label, d.formula))
        .collect()
}

fn assumptions_for(plan: &Plan, names: &[&str]) -> Vec<Assumption> {
    names
        .iter()
        .filter_map(|n| plan.assumptions.iter().find(|a| a.name == *n).cloned())
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn numeric(
    plan: &Plan,
    id: &'static str,
    title: &str,
    prompt: String,
    example: &str,
    kind: AnswerKind,
    ids: &[&str],
    assumptions: &[&str],
) -> Option<Question> {
    let main = derivation(plan, ids.last()?)?;
    let shown = match kind {
        AnswerKind::Rate => qps(main.value),
        AnswerKind::Bytes => fmt_bytes(main.value),
        AnswerKind::ByteRate => byte_rate(main.value),
        _ => trim_num(main.value, 3),
    };
    Some(Question {
        id,
        title: title.into(),
        prompt,
        example: example.into(),
        kind,
        reference: Reference::Number {
            value: main.value,
            shown,
        },
        hint: hint_lines(plan, ids),
        worked: worked_lines(plan, ids),
        assumptions: assumptions_for(plan, assumptions),
    })
}

/// Build the drill for a spec and its plan.
pub fn drill(spec: &Spec, description: Option<&str>, plan: &Plan, cat: &Catalog) -> Drill {
    let w = &plan.workload;
    let st = &plan.storage;
    let mut qs: Vec<Question> = Vec::new();
    qs.extend(numeric(
        plan,
        "avg_qps",
        "Average QPS",
        "What is the average load, in requests per second (QPS)?".into(),
        "12K",
        AnswerKind::Rate,
        &["workload.avg_qps"],
        &["peak_factor"],
    ));
    qs.extend(numeric(
        plan,
        "peak_qps",
        "Peak QPS",
        "And the peak QPS?".into(),
        "30K",
        AnswerKind::Rate,
        &["workload.peak_qps"],
        &["peak_factor"],
    ));
    if w.write_qps <= w.read_qps {
        qs.extend(numeric(
            plan,
            "write_qps",
            "Writes/s at peak",
            "How many of those are writes per second, at peak?".into(),
            "300/s",
            AnswerKind::Rate,
            &["workload.write_qps"],
            &[],
        ));
    } else {
        qs.extend(numeric(
            plan,
            "read_qps",
            "Reads/s at peak",
            "How many of those are reads per second, at peak?".into(),
            "300/s",
            AnswerKind::Rate,
            &["workload.read_qps"],
            &[],
        ));
    }
    qs.extend(numeric(
        plan,
        "storage_per_year",
        "Storage per year",
        "How much new data is written per year (one copy)?".into(),
        "900 GB",
        AnswerKind::Bytes,
        &["storage.bytes_per_day", "storage.bytes_per_year"],
        &[],
    ));
    let horizon = period(st.horizon_years * crate::units::SECONDS_PER_YEAR);
    let retention = period(st.retention_years * crate::units::SECONDS_PER_YEAR);
    let growth = if st.growth_yearly > 0.0 {
        format!(", traffic growing {} a year", fmt_percent(st.growth_yearly))
    } else {
        String::new()
    };
    qs.extend(numeric(
        plan,
        "storage_total",
        "Storage over retention",
        format!(
            "How much storage is held {horizon} from now, keeping {retention} of data{growth}, \
             counting every replica?"
        ),
        "15 TB",
        AnswerKind::Bytes,
        &["storage.raw_bytes", "storage.total_bytes"],
        &["replication", "growth_yearly", "horizon_years"],
    ));
    qs.extend(numeric(
        plan,
        "egress",
        "Egress at peak",
        "What egress bandwidth do responses need at peak?".into(),
        "40 MB/s",
        AnswerKind::ByteRate,
        &["workload.read_qps", "workload.egress"],
        &["media_read_share"],
    ));
    if let Some(c) = comp(plan, Role::Cache) {
        if let Some(mut q) = numeric(
            plan,
            "cache_memory",
            "Cache memory",
            "How much cache memory does the hot set need?".into(),
            "50 GB",
            AnswerKind::Bytes,
            &["cache.memory"],
            &["hot_set", "cache.memory_overhead", "cache_hit_ratio"],
        ) {
            q.worked.push(format!("cache: {}", c.reason));
            qs.push(q);
        }
    }
    if let Some(app) = comp(plan, Role::App) {
        let tier = app.tier.clone().unwrap_or_else(|| "app".into());
        let about = cat
            .compute_tiers
            .iter()
            .find(|t| t.aws == tier || t.azure == tier || t.name == tier)
            .map(|t| {
                let users = t
                    .concurrent_users
                    .map(|r| {
                        format!(
                            " and serves about {} concurrent users",
                            fmt_si((r.low + r.high) / 2.0)
                        )
                    })
                    .unwrap_or_default();
                format!(" (an {tier} has {} vCPUs{users})", t.vcpus)
            })
            .unwrap_or_default();
        let mut worked = worked_lines(plan, &["app.count"]);
        if worked.is_empty() {
            worked.push(format!("app: {}", app.reason));
        }
        qs.push(Question {
            id: "app_servers",
            title: "App servers".into(),
            prompt: format!(
                "How many {tier} app servers does the peak need, with a spare if the \
                 availability target calls for one?{about}"
            ),
            example: "12".into(),
            kind: AnswerKind::Count,
            reference: Reference::Number {
                value: app.count as f64,
                shown: format!("{} × {tier}", app.count),
            },
            hint: hint_lines(plan, &["app.count"]),
            worked,
            assumptions: assumptions_for(
                plan,
                &[
                    "concurrent_share",
                    "app_service_seconds",
                    "target_utilization",
                    "min_app_instances_ha",
                ],
            ),
        });
    }
    let db_tiers: Vec<TierNames> = cat
        .database_tiers
        .iter()
        .map(|t| TierNames {
            name: t.name.clone(),
            label: t.label.clone(),
            aws: t.aws.clone(),
            azure: t.azure.clone(),
        })
        .collect();
    if let Some(db) = comp(plan, Role::Database) {
        let tier = db.tier.clone().unwrap_or_default();
        if let Some(t) = db_tiers
            .iter()
            .find(|t| t.aws == tier || t.azure == tier || t.name == tier)
        {
            let mut worked = worked_lines(plan, &["database.read_qps", "database.layout"]);
            worked.push(format!("database: {}", db.reason));
            let names = db_tiers
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
                .join("/");
            qs.push(Question {
                id: "db_tier",
                title: "Database tier".into(),
                prompt: format!(
                    "Which database tier does each primary need? (AWS or Azure name, or \
                     {names})"
                ),
                example: "db.r5.xlarge".into(),
                kind: AnswerKind::DbTier,
                reference: Reference::Tier {
                    name: t.name.clone(),
                    aws: t.aws.clone(),
                    azure: t.azure.clone(),
                    label: t.label.clone(),
                    shown: format!("{} ({}; Azure {})", t.aws, t.label, t.azure),
                },
                hint: hint_lines(plan, &["database.read_qps", "database.layout"]),
                worked,
                assumptions: assumptions_for(
                    plan,
                    &[
                        "db_queries_per_read",
                        "db_queries_per_write",
                        "cache_hit_ratio",
                        "target_utilization",
                    ],
                ),
            });
        }
        let shards = db.count > 1;
        let replicas = comp(plan, Role::ReadReplica).is_some_and(|c| c.count > 0);
        let shown = match (replicas, shards) {
            (false, false) => "neither: one primary carries the load".to_string(),
            (true, false) => format!(
                "read replicas ({})",
                comp(plan, Role::ReadReplica).map(|c| c.count).unwrap_or(0)
            ),
            (false, true) => format!("shards ({} primaries)", db.count),
            (true, true) => format!(
                "both: {} shards and {} read replicas",
                db.count,
                comp(plan, Role::ReadReplica).map(|c| c.count).unwrap_or(0)
            ),
        };
        let mut worked = worked_lines(plan, &["database.layout"]);
        worked.push(format!("database: {}", db.reason));
        if let Some(r) = comp(plan, Role::ReadReplica) {
            worked.push(format!("read_replica: {}", r.reason));
        }
        if let Some(s) = comp(plan, Role::DbStandby) {
            worked.push(format!("db_standby (for failover, not load): {}", s.reason));
        }
        qs.push(Question {
            id: "db_scaling",
            title: "Replicas or shards".into(),
            prompt: "Does the database need read replicas, shards, both, or neither? \
                     (a failover standby doesn't count)"
                .into(),
            example: "replicas".into(),
            kind: AnswerKind::DbScaling,
            reference: Reference::Scaling {
                replicas,
                shards,
                shown,
            },
            hint: vec![
                "read replicas when reads outgrow one node of the largest tier; shards when \
                 writes outgrow it or data outgrows the per-node limit"
                    .into(),
            ],
            worked,
            assumptions: assumptions_for(
                plan,
                &[
                    "database.max_bytes_per_node",
                    "database.max_replicas_per_primary",
                ],
            ),
        });
    }
    let phase_names: Vec<String> = cat
        .phases
        .iter()
        .map(|p| format!("{} {}", p.number, p.name.to_lowercase()))
        .collect();
    qs.push(Question {
        id: "phase",
        title: "Scaling phase".into(),
        prompt: format!(
            "Which scaling phase is this design in? ({})",
            phase_names.join(", ")
        ),
        example: "phase 2".into(),
        kind: AnswerKind::Phase,
        reference: Reference::Phase {
            number: plan.phase.number,
            shown: format!("Phase {} — {}", plan.phase.number, plan.phase.name),
        },
        hint: vec![
            "Phase 3 with shards or a stream; Phase 2 with several app servers, replicas or a \
             cache; else Phase 1"
                .into(),
        ],
        worked: plan
            .phase
            .reasons
            .iter()
            .map(|r| format!("because {r}"))
            .collect(),
        assumptions: vec![],
    });
    let mut worked = Vec::new();
    for c in &plan.components {
        let what = match &c.tier {
            Some(t) => format!("{} × {t}", c.count),
            None => format!("{} ({})", c.technology, c.count),
        };
        worked.push(format!(
            "{:<14} {:<24} {}",
            c.role.as_str(),
            what,
            money_range(c.monthly_cost.low, c.monthly_cost.high)
        ));
    }
    let bw = &plan.cost.bandwidth;
    if bw.high > 0.0 {
        worked.push(format!(
            "{:<14} {:<24} {}",
            "bandwidth",
            "egress",
            money_range(bw.low, bw.high)
        ));
    }
    worked.push(format!(
        "{:<14} {:<24} {}",
        "total",
        "",
        money_range(plan.cost.monthly_low, plan.cost.monthly_high)
    ));
    qs.push(Question {
        id: "monthly_cost",
        title: "Monthly cost".into(),
        prompt: "Roughly what does it all cost per month?".into(),
        example: "$8k".into(),
        kind: AnswerKind::Money,
        reference: Reference::Range {
            low: plan.cost.monthly_low,
            high: plan.cost.monthly_high,
            shown: format!(
                "{}/month",
                money_range(plan.cost.monthly_low, plan.cost.monthly_high)
            ),
        },
        hint: vec!["Σ over components of instances × $/month, plus egress".into()],
        worked,
        assumptions: assumptions_for(plan, &["egress.usd_per_gb", "cdn.usd_per_gb"]),
    });

    Drill {
        scenario: None,
        name: plan.name.clone(),
        brief: brief(spec, description, plan),
        questions: qs,
        db_tiers,
        compute_tiers: cat
            .compute_tiers
            .iter()
            .flat_map(|t| [t.aws.to_lowercase(), t.azure.to_lowercase()])
            .collect(),
        facts: Facts {
            avg_qps: w.avg_qps,
            peak_qps: w.peak_qps,
            peak_factor: w.peak_factor,
            replication: st.replication,
            retention_years: st.retention_years,
            bytes_per_day: st.bytes_per_day,
            bytes_per_year: st.bytes_per_year,
        },
    }
}

fn money_range(low: f64, high: f64) -> String {
    if (high - low).abs() < 0.5 {
        fmt_money(low)
    } else {
        format!("{}–{}", fmt_money(low), fmt_money(high))
    }
}

// ---------------------------------------------------------------------------------------------
// Reading answers

/// Words people put around a number that carry no meaning for the value.
fn strip_filler(s: &str) -> String {
    let mut t = s.trim().to_string();
    for p in [
        "about", "around", "approx.", "approx", "roughly", "maybe", "~", "≈", "<", ">",
    ] {
        if t.to_lowercase().starts_with(p) {
            t = t[p.len()..].trim_start().to_string();
        }
    }
    t
}

/// Split `6k-8k`, `6k – 8k`, `6k to 8k`, `6k..8k` into its two ends.
fn split_range(s: &str) -> Option<(String, String)> {
    let lower = s.to_lowercase();
    for sep in ["..", "–", "—", " to ", "-"] {
        // A leading `-` is a sign, not a range.
        if let Some(i) = lower.get(1..).and_then(|r| r.find(sep)).map(|i| i + 1) {
            let (a, b) = (&s[..i], &s[i + sep.len()..]);
            if !a.trim().is_empty() && !b.trim().is_empty() {
                return Some((a.trim().to_string(), b.trim().to_string()));
            }
        }
    }
    None
}

/// Leading number and the rest (`12.5k qps` → 12.5, `k qps`), tolerant of `$` and commas.
fn lead_number(s: &str) -> Option<(f64, String)> {
    crate::units::split_number(s)
        .filter(|(v, _)| v.is_finite())
        .map(|(v, rest)| (v, rest.to_string()))
}

/// A magnitude word or suffix at the start of `rest`: (multiplier, what follows).
fn magnitude(rest: &str) -> (f64, String) {
    let lower = rest.to_lowercase();
    let words: [(&str, f64); 12] = [
        ("thousand", 1e3),
        ("million", 1e6),
        ("billion", 1e9),
        ("trillion", 1e12),
        ("mm", 1e6),
        ("bn", 1e9),
        ("k", 1e3),
        ("m", 1e6),
        ("b", 1e9),
        ("g", 1e9),
        ("t", 1e12),
        ("", 1.0),
    ];
    for (w, m) in words {
        if let Some(after) = lower.strip_prefix(w) {
            // The suffix must end there (`k qps`, `k/s`), not start a word (`kb`).
            let next = after.chars().next();
            if w.is_empty() || next.is_none_or(|c| !c.is_ascii_alphabetic()) {
                return (m, after.trim().to_string());
            }
        }
    }
    (1.0, lower)
}

/// A count with an optional magnitude: `12K`, `12 k`, `1.2 million`, `26 servers`.
fn count_of(s: &str) -> Option<(f64, String)> {
    let (v, rest) = lead_number(&strip_filler(s))?;
    let (m, rest) = magnitude(&rest);
    Some((v * m, rest))
}

fn period_divisor(p: &str) -> Option<f64> {
    let p = p
        .trim()
        .trim_start_matches('/')
        .trim_start_matches("per ")
        .trim_start_matches("a ")
        .trim();
    let p = p.split_whitespace().next().unwrap_or("");
    Some(match p {
        "" | "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
        "min" | "mins" | "minute" | "minutes" => 60.0,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
        "d" | "day" | "days" => SECONDS_PER_DAY,
        "mo" | "month" | "months" => crate::units::SECONDS_PER_MONTH,
        "y" | "yr" | "year" | "years" => crate::units::SECONDS_PER_YEAR,
        _ => return None,
    })
}

/// Requests per second: `12K`, `12k qps`, `12,000 req/s`, `1M/day`.
fn read_rate(s: &str) -> Option<f64> {
    let (v, rest) = count_of(s)?;
    let mut rest = rest.to_lowercase();
    for unit in [
        "requests", "request", "reqs", "req", "queries", "qps", "rps", "ops", "writes", "write",
        "reads", "read",
    ] {
        if let Some(r) = rest.strip_prefix(unit) {
            rest = r.trim().to_string();
            break;
        }
    }
    let d = period_divisor(&rest)?;
    Some(v / d)
}

fn byte_unit(u: &str) -> Option<f64> {
    Some(match u.to_lowercase().as_str() {
        "" | "b" | "byte" | "bytes" => 1.0,
        "k" | "kb" | "kbyte" | "kbytes" => 1e3,
        "m" | "mb" | "mbyte" | "mbytes" => 1e6,
        "g" | "gb" | "gbyte" | "gbytes" => 1e9,
        "t" | "tb" | "tbyte" | "tbytes" => 1e12,
        "p" | "pb" => 1e15,
        "e" | "eb" => 1e18,
        "kib" => 1024.0,
        "mib" => 1024f64.powi(2),
        "gib" => 1024f64.powi(3),
        "tib" => 1024f64.powi(4),
        "pib" => 1024f64.powi(5),
        _ => return None,
    })
}

/// Bytes: `3.5 TB`, `3.5tb`, `900 GB/year`, `2 PiB`.
fn read_bytes(s: &str) -> Option<f64> {
    let (v, rest) = lead_number(&strip_filler(s))?;
    let unit: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    // A bare number is ambiguous for sizes (bytes? GB?): ask again with a unit.
    if unit.is_empty() && v != 0.0 {
        return None;
    }
    Some(v * byte_unit(&unit)?)
}

/// Bytes per second: `40 MB/s`, `40mb/s`, `320 Mbps`, `1 Gbit/s`, `3 TB/day`.
fn read_byte_rate(s: &str) -> Option<f64> {
    let (v, rest) = lead_number(&strip_filler(s))?;
    let unit: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let after = rest[unit.len()..].trim();
    let lower = unit.to_lowercase();
    // Bits: `Mbps`, `Gbit`, `mbit/s`; `MBps` with a capital B is bytes.
    let bits = lower.ends_with("bit")
        || lower.ends_with("bits")
        || (lower.ends_with("bps") && !unit.ends_with("Bps"));
    let stem = if lower.ends_with("bps") {
        &lower[..lower.len() - 3]
    } else if lower.ends_with("bits") {
        &lower[..lower.len() - 4]
    } else if lower.ends_with("bit") {
        &lower[..lower.len() - 3]
    } else {
        &lower
    };
    if unit.is_empty() && v != 0.0 {
        return None;
    }
    let m = if bits {
        let m = match stem {
            "" => 1.0,
            "k" | "kilo" => 1e3,
            "m" | "mega" => 1e6,
            "g" | "giga" => 1e9,
            "t" | "tera" => 1e12,
            _ => return None,
        };
        m / 8.0
    } else {
        byte_unit(stem)?
    };
    let d = if lower.ends_with("ps") {
        1.0
    } else {
        period_divisor(after)?
    };
    Some(v * m / d)
}

/// Dollars: `$8k`, `8000`, `$8,000/month`, `8k USD`.
fn read_money(s: &str) -> Option<f64> {
    let (v, rest) = count_of(s)?;
    let mut rest = rest.to_lowercase();
    for w in ["usd", "dollars", "dollar", "bucks", "$"] {
        rest = rest.trim_start_matches(w).trim().to_string();
    }
    let rest = rest
        .trim_start_matches('/')
        .trim_start_matches("per ")
        .trim_start_matches("a ")
        .trim();
    matches!(rest, "" | "mo" | "month" | "monthly" | "pm" | "m").then_some(v)
}

/// A plain count: `26`, `26 servers`, `~25 instances`, `26 × m5.xlarge`.
fn read_count(s: &str) -> Option<f64> {
    let (v, rest) = count_of(s)?;
    let next = rest.chars().next();
    // Anything after the number must be words, not more digits (`2 3`).
    (next.is_none_or(|c| !c.is_ascii_digit())).then_some(v)
}

fn read_numeric(kind: AnswerKind, s: &str) -> Option<Answer> {
    let one = |t: &str| match kind {
        AnswerKind::Rate => read_rate(t),
        AnswerKind::Bytes => read_bytes(t),
        AnswerKind::ByteRate => read_byte_rate(t),
        AnswerKind::Money => read_money(t),
        _ => read_count(t),
    };
    if let Some(v) = one(s) {
        return (v >= 0.0).then_some(Answer::Number(v));
    }
    let (a, b) = split_range(s)?;
    let hi = one(&b)?;
    // `6-8k`: the left end borrows the right end's magnitude and unit.
    let lo = one(&a).filter(|&lo| lo >= hi / 1000.0 || b.trim() == a.trim());
    let lo = match lo {
        Some(lo) if lo <= hi => lo,
        _ => {
            let (bv, _) = lead_number(&strip_filler(&b))?;
            let (av, _) = lead_number(&strip_filler(&a))?;
            if bv == 0.0 {
                return None;
            }
            hi * av / bv
        }
    };
    (lo >= 0.0 && lo <= hi).then_some(Answer::Range(lo, hi))
}

fn compact(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn read_tier(s: &str, tiers: &[TierNames], compute: &[String]) -> Result<Answer, String> {
    let whole = compact(s);
    let mut found: Vec<&TierNames> = Vec::new();
    let tokens: Vec<String> = s
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || ",;()/×*+".contains(c))
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    for t in tiers {
        let aws = t.aws.to_lowercase();
        let azure = compact(&t.azure);
        let azure_short = azure
            .strip_prefix("gp")
            .or_else(|| azure.strip_prefix("mo"))
            .unwrap_or(&azure)
            .to_string();
        let label_words: Vec<String> = t
            .label
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        let hit = whole == azure
            || whole == azure_short
            || whole.contains(&azure)
            || tokens.iter().any(|k| {
                *k == aws
                    || Some(k.as_str()) == aws.strip_prefix("db.")
                    || *k == t.name
                    || label_words.contains(k)
            });
        if hit {
            found.push(t);
        }
    }
    let listing = tiers
        .iter()
        .map(|t| format!("{} ({})", t.aws, t.name))
        .collect::<Vec<_>>()
        .join(", ");
    match found.len() {
        1 => Ok(Answer::Tier(found[0].name.clone())),
        0 => {
            if let Some(k) = tokens.iter().find(|k| compute.contains(k)) {
                Err(format!(
                    "{k} is an app-server tier; database tiers are {listing}"
                ))
            } else {
                Err(format!("name one database tier: {listing}"))
            }
        }
        _ => Err("pick one tier".into()),
    }
}

fn read_scaling(s: &str) -> Result<Answer, String> {
    let lower = s.to_lowercase();
    let negated = |clause: &str| {
        let c = clause.trim();
        c.starts_with("no ")
            || c.starts_with("no-")
            || c.contains("not ")
            || c.contains("n't")
            || c.contains("without")
    };
    let mut replicas = None;
    let mut shards = None;
    for clause in lower
        .split([',', ';', '/', '&', '+'])
        .flat_map(|c| c.split(" and "))
    {
        if clause.contains("shard") || clause.contains("partition") {
            shards = Some(!negated(clause));
        }
        if clause.contains("replica") || clause.contains("replicate") {
            replicas = Some(!negated(clause));
        }
    }
    let word = lower.trim().trim_end_matches(['.', '!']);
    if replicas.is_none() && shards.is_none() {
        return match word {
            "both" => Ok(Answer::Scaling {
                replicas: true,
                shards: true,
            }),
            "no" | "none" | "neither" | "nope" | "nothing" | "n" | "single" | "single node"
            | "one node" | "one primary" | "just one" | "primary only" | "no." => {
                Ok(Answer::Scaling {
                    replicas: false,
                    shards: false,
                })
            }
            "yes" | "y" | "yep" => {
                Err("which: `replicas`, `shards` or `both`? (`none` if neither)".into())
            }
            _ => Err("answer `replicas`, `shards`, `both` or `none`".into()),
        };
    }
    Ok(Answer::Scaling {
        replicas: replicas.unwrap_or(false),
        shards: shards.unwrap_or(false),
    })
}

fn read_phase(s: &str) -> Result<Answer, String> {
    let lower = s.to_lowercase();
    let t = lower
        .trim()
        .trim_start_matches("phase")
        .trim_start_matches('p')
        .trim()
        .trim_end_matches('.');
    let n = match t {
        "1" | "one" | "i" => Some(1),
        "2" | "two" | "ii" => Some(2),
        "3" | "three" | "iii" => Some(3),
        _ => None,
    };
    let n = n.or_else(|| {
        let by_name = [
            ("vertical", 1),
            ("distribut", 2),
            ("read", 2),
            ("partition", 3),
            ("shard", 3),
        ];
        let hits: Vec<u8> = by_name
            .iter()
            .filter(|(w, _)| lower.contains(w))
            .map(|&(_, n)| n)
            .collect();
        match hits.first() {
            Some(&h) if hits.iter().all(|&x| x == h) => Some(h),
            _ => None,
        }
    });
    n.map(Answer::Phase)
        .ok_or_else(|| "answer 1, 2 or 3 (e.g. `phase 2`)".into())
}

/// What a typed answer means for a question, or why it can't be read (asked again).
pub fn parse_answer(drill: &Drill, q: &Question, text: &str) -> Result<Answer, String> {
    let t = text.trim();
    let lower = t.to_lowercase();
    if matches!(
        lower.as_str(),
        "skip"
            | "pass"
            | "idk"
            | "i don't know"
            | "i dont know"
            | "don't know"
            | "dont know"
            | "not sure"
            | "dunno"
            | "no idea"
            | "no clue"
    ) {
        return Ok(Answer::Skip);
    }
    let example = format!("e.g. `{}`", q.example);
    match q.kind {
        AnswerKind::DbTier => read_tier(t, &drill.db_tiers, &drill.compute_tiers),
        AnswerKind::DbScaling => read_scaling(t),
        AnswerKind::Phase => read_phase(t),
        kind => read_numeric(kind, t).ok_or_else(|| match kind {
            AnswerKind::Bytes => format!("give a size with its unit, {example} or `3.5 TB`"),
            AnswerKind::ByteRate => {
                format!("give bytes per second, {example} or `320 Mbps`")
            }
            AnswerKind::Rate => format!("give requests per second, {example} or `12k qps`"),
            AnswerKind::Money => format!("give dollars a month, {example} or `$6k–8k`"),
            _ => format!("give a number, {example}"),
        }),
    }
}

fn shown_number(kind: AnswerKind, v: f64) -> String {
    match kind {
        AnswerKind::Rate => qps(v),
        AnswerKind::Bytes => fmt_bytes(v),
        AnswerKind::ByteRate => byte_rate(v),
        AnswerKind::Money => fmt_money(v),
        _ => trim_num(v, 3),
    }
}

/// "1.04× high", "17× low", "inside the range".
fn factor_words(f: f64) -> String {
    if (f - 1.0).abs() < 1e-9 {
        "spot on".into()
    } else if f.max(1.0 / f) < 1.05 {
        "within 5%".into()
    } else if f > 1.0 {
        format!("{}× high", trim_num(f, 3))
    } else if f > 0.0 {
        format!("{}× low", trim_num(1.0 / f, 3))
    } else {
        "zero".into()
    }
}

fn by_magnitude(f: f64) -> Verdict {
    if !(f.is_finite() && f > 0.0) {
        return Verdict::Miss;
    }
    let off = f.max(1.0 / f);
    if off <= 2.0 + 1e-9 {
        Verdict::Right
    } else if off <= 10.0 + 1e-9 {
        Verdict::Close
    } else {
        Verdict::Miss
    }
}

/// Grade an understood answer against the question's reference.
pub fn grade(drill: &Drill, q: &Question, raw: &str, a: &Answer) -> Graded {
    let mk = |understood: String, verdict: Verdict, factor: Option<f64>| Graded {
        id: q.id,
        answer: raw.trim().to_string(),
        understood,
        verdict,
        points: verdict.points(),
        factor,
    };
    if *a == Answer::Skip {
        return mk("skipped".into(), Verdict::Skipped, None);
    }
    let point = match a {
        Answer::Number(v) => Some(*v),
        Answer::Range(l, h) => Some((l * h).sqrt()),
        _ => None,
    };
    let understood_num = |v: f64| {
        let s = match a {
            Answer::Range(l, h) => {
                format!("{}–{}", shown_number(q.kind, *l), shown_number(q.kind, *h))
            }
            _ => shown_number(q.kind, v),
        };
        // Say so when the answer was read as bits: `8.6 mbps` is 1.07 MB/s, not 8.6.
        let lower = raw.to_lowercase();
        let bits = q.kind == AnswerKind::ByteRate
            && (lower.contains("bit") || (lower.contains("bps") && !raw.contains("Bps")));
        if bits {
            format!("{s} (read as bits per second; bytes = bits ÷ 8)")
        } else {
            s
        }
    };
    match (&q.reference, a) {
        (Reference::Number { value, .. }, _) if point.is_some() => {
            let v = point.unwrap_or(0.0);
            let f = if *value == 0.0 {
                if v == 0.0 {
                    1.0
                } else {
                    f64::INFINITY
                }
            } else {
                v / value
            };
            mk(understood_num(v), by_magnitude(f), Some(f))
        }
        (Reference::Range { low, high, .. }, _) if point.is_some() => {
            let v = point.unwrap_or(0.0);
            let f = if v < *low {
                v / low
            } else if v > *high {
                v / high
            } else {
                1.0
            };
            mk(understood_num(v), by_magnitude(f), Some(f))
        }
        (Reference::Tier { name, .. }, Answer::Tier(t)) => {
            let shown = drill
                .db_tiers
                .iter()
                .find(|x| &x.name == t)
                .map(|x| format!("{} ({})", x.aws, x.name))
                .unwrap_or_else(|| t.clone());
            let v = if t == name {
                Verdict::Right
            } else {
                Verdict::Wrong
            };
            mk(shown, v, None)
        }
        (
            Reference::Scaling {
                replicas, shards, ..
            },
            Answer::Scaling {
                replicas: r,
                shards: s,
            },
        ) => {
            let shown = match (r, s) {
                (false, false) => "neither",
                (true, false) => "read replicas",
                (false, true) => "shards",
                (true, true) => "both",
            };
            let v = if r == replicas && s == shards {
                Verdict::Right
            } else {
                Verdict::Wrong
            };
            mk(shown.into(), v, None)
        }
        (Reference::Phase { number, .. }, Answer::Phase(n)) => {
            let v = if n == number {
                Verdict::Right
            } else {
                Verdict::Wrong
            };
            mk(format!("phase {n}"), v, None)
        }
        _ => mk(
            "not an answer to this question".into(),
            Verdict::Wrong,
            None,
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// The sheet: results, score, habits

/// One question and its result (`None`: not answered).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub number: usize,
    pub question: Question,
    pub result: Option<Graded>,
}

/// The graded sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sheet {
    pub scenario: Option<String>,
    pub name: String,
    pub seed: Option<u64>,
    pub brief: String,
    pub items: Vec<Item>,
    pub score: f64,
    /// Points available over the answered questions.
    pub out_of: f64,
    pub answered: usize,
    pub questions: usize,
    /// Every question answered (false after EOF or `quit`).
    pub complete: bool,
    pub missed: Vec<String>,
    pub habits: Vec<String>,
}

impl Sheet {
    pub fn new(drill: &Drill, seed: Option<u64>, results: Vec<Option<Graded>>) -> Sheet {
        let items: Vec<Item> = drill
            .questions
            .iter()
            .cloned()
            .zip(results.into_iter().chain(std::iter::repeat(None)))
            .enumerate()
            .map(|(i, (question, result))| Item {
                number: i + 1,
                question,
                result,
            })
            .collect();
        let counted: Vec<&Graded> = items
            .iter()
            .filter_map(|i| i.result.as_ref())
            .filter(|g| g.verdict.counted())
            .collect();
        let score = counted.iter().map(|g| g.points).sum();
        let missed = items
            .iter()
            .filter_map(|i| {
                let g = i.result.as_ref()?;
                if matches!(g.verdict, Verdict::Right | Verdict::Unreadable) {
                    return None;
                }
                let how = match g.factor {
                    Some(f) => format!(" ({})", factor_words(f)),
                    None => String::new(),
                };
                let reference = i.question.reference.shown();
                Some(if g.verdict == Verdict::Skipped {
                    format!(
                        "Q{} {}: skipped, reference {reference}",
                        i.number, i.question.title
                    )
                } else {
                    format!(
                        "Q{} {}: you said {}, reference {reference}{how} — {}",
                        i.number,
                        i.question.title,
                        g.understood,
                        g.verdict.word()
                    )
                })
            })
            .collect();
        let habits = habits(drill, &items);
        Sheet {
            scenario: drill.scenario.clone(),
            name: drill.name.clone(),
            seed,
            brief: drill.brief.clone(),
            questions: items.len(),
            answered: counted.len(),
            complete: items.iter().all(|i| i.result.is_some()),
            out_of: counted.len() as f64,
            score,
            items,
            missed,
            habits,
        }
    }
}

/// Errors with a recognisable cause, in order of how specific the advice is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Habit {
    ForgotPeak,
    AverageIsNotPeak,
    PerDay,
    PerHour,
    Prefix,
    Replication,
    Retention,
    Days365,
    BitsBytes,
    Split,
    AppServers,
    DbTier,
    DbScaling,
    Phase,
    Cost,
    /// A numeric error with no recognisable cause: the question's formula.
    Formula(&'static str),
}

fn near(a: f64, b: f64, tol: f64) -> bool {
    a > 0.0 && b > 0.0 && (a / b).max(b / a) <= tol
}

fn diagnose(facts: &Facts, q: &Question, g: &Graded) -> Option<Habit> {
    use Habit::*;
    if g.verdict == Verdict::Wrong {
        return match q.id {
            "db_tier" => Some(DbTier),
            "db_scaling" => Some(DbScaling),
            "phase" => Some(Phase),
            _ => None,
        };
    }
    if !matches!(g.verdict, Verdict::Close | Verdict::Miss) {
        return None;
    }
    let f = g.factor?;
    let reference = match q.reference {
        Reference::Number { value, .. } => value,
        Reference::Range { low, high, .. } => (low * high).sqrt(),
        _ => return None,
    };
    let a = f * reference;
    let off = f.max(1.0 / f);
    let pf = facts.peak_factor;
    let peaky = ["peak_qps", "write_qps", "read_qps", "egress"].contains(&q.id);
    if q.id == "avg_qps" && pf >= 1.5 && near(a, facts.peak_qps, 1.25) {
        return Some(AverageIsNotPeak);
    }
    if peaky && pf >= 1.5 && near(a, reference / pf, 1.25) {
        return Some(ForgotPeak);
    }
    if (q.id == "write_qps" || q.id == "read_qps") && near(a, facts.peak_qps, 1.25) {
        return Some(Split);
    }
    if q.id == "storage_total" {
        let r = facts.replication;
        if r >= 1.5 && near(a * r, reference, 1.3) {
            return Some(Replication);
        }
        if facts.retention_years >= 1.5
            && (near(a, facts.bytes_per_year, 1.3)
                || near(a, facts.bytes_per_year * r.max(1.0), 1.3))
        {
            return Some(Retention);
        }
    }
    if q.id == "storage_per_year" && near(a, facts.bytes_per_day, 1.5) {
        return Some(Days365);
    }
    if near(off, SECONDS_PER_DAY, 1.6) {
        return Some(PerDay);
    }
    if near(off, 3600.0, 1.4) {
        return Some(PerHour);
    }
    if near(off, 1e3, 1.4) || near(off, 1e6, 1.4) || near(off, 1e9, 1.4) {
        return Some(Prefix);
    }
    if q.id == "egress" && near(off, 8.0, 1.3) {
        return Some(BitsBytes);
    }
    match q.id {
        "app_servers" => Some(AppServers),
        "monthly_cost" => Some(Cost),
        id => Some(Formula(id)),
    }
}

fn habit_text(h: Habit, facts: &Facts, qs: &str, bytes: bool) -> String {
    let pf = trim_num(facts.peak_factor, 3);
    match h {
        Habit::ForgotPeak => format!(
            "You forgot the peak factor ({qs}): size for the peak, the average × {pf} here."
        ),
        Habit::AverageIsNotPeak => format!(
            "You gave the peak as the average ({qs}): average = requests a day ÷ 86,400; the \
             peak factor ({pf}×) applies only to the peak."
        ),
        Habit::PerDay => {
            format!("Off by ~86,400× ({qs}): per day vs per second — a day is 86,400 s (≈ 10⁵).")
        }
        Habit::PerHour => format!("Off by ~3,600× ({qs}): per hour vs per second."),
        Habit::Prefix if bytes => format!(
            "Off by a power of 1,000 ({qs}): check KB vs MB vs GB vs TB — each step is 1,000×."
        ),
        Habit::Prefix => {
            format!("Off by a power of 1,000 ({qs}): check K vs M vs B — each step is 1,000×.")
        }
        Habit::Replication => format!(
            "You forgot replication ({qs}): storage held = one copy × {} replicas.",
            trim_num(facts.replication, 3)
        ),
        Habit::Retention => format!(
            "You stopped at one year ({qs}): storage held covers the whole retention window \
             ({}), not one year's writes.",
            period(facts.retention_years * crate::units::SECONDS_PER_YEAR)
        ),
        Habit::Days365 => format!("You gave one day's data for a year ({qs}): × 365."),
        Habit::BitsBytes => format!("Off by 8× ({qs}): bits vs bytes — `MB/s` is 8× `Mbps`."),
        Habit::Split => format!(
            "You gave the whole peak for one side ({qs}): with r:1 reads to writes, writes = \
             peak ÷ (r + 1) and reads = the rest."
        ),
        Habit::AppServers => format!(
            "App servers ({qs}): take the larger of concurrent users ÷ users per instance and \
             peak QPS × CPU per request ÷ (70% × vCPUs), then add a spare for N+1."
        ),
        Habit::DbTier => format!(
            "Database tier ({qs}): compare reads after the cache + writes at peak with each \
             tier's queries/sec at 70% utilization (`capplan catalog list`)."
        ),
        Habit::DbScaling => format!(
            "Replicas vs shards ({qs}): replicas when reads outgrow one node; shards when writes \
             outgrow the largest tier or data outgrows one node; a standby is for failover, \
             not load."
        ),
        Habit::Phase => format!(
            "Scaling phase ({qs}): it follows the load — 1 = one app server and one database; \
             2 = several app servers, replicas or a cache; 3 = shards or a stream."
        ),
        Habit::Cost => format!(
            "Monthly cost ({qs}): price bottom-up — each component's count × $/month, plus \
             standbys, cache nodes and egress."
        ),
        // Filled in by `habits`, which has the question.
        Habit::Formula(id) => format!("{id} ({qs})"),
    }
}

fn formula_habit(drill: &Drill, id: &str, qs: &str) -> String {
    let Some(q) = drill.questions.iter().find(|q| q.id == id) else {
        return format!("{id} ({qs}): work it from the formula.");
    };
    format!(
        "{} ({qs}): rebuild it step by step — {}.",
        q.title,
        q.hint.join("; ")
    )
}

/// The one or two habits to practise, from the pattern of errors: each recognisable slip
/// (peak factor, units, replication, …) and, for errors without one, their common direction;
/// the most frequent first, ties going to the more specific advice.
fn habits(drill: &Drill, items: &[Item]) -> Vec<String> {
    let mut found: BTreeMap<Habit, (Vec<String>, bool)> = BTreeMap::new();
    // Numeric errors with no specific cause: (question number, answer ÷ reference).
    let mut unexplained: Vec<(usize, f64)> = Vec::new();
    let mut any_wrong = false;
    for i in items {
        let Some(g) = &i.result else { continue };
        if matches!(g.verdict, Verdict::Right | Verdict::Unreadable) {
            continue;
        }
        any_wrong = true;
        let h = diagnose(&drill.facts, &i.question, g);
        if matches!(
            h,
            None | Some(Habit::AppServers | Habit::Cost | Habit::Formula(_))
        ) {
            if let Some(f) = g.factor.filter(|f| *f > 0.0 && f.is_finite()) {
                unexplained.push((i.number, f));
            }
        }
        if let Some(h) = h {
            let bytes = matches!(i.question.kind, AnswerKind::Bytes | AnswerKind::ByteRate);
            let e = found.entry(h).or_insert((Vec::new(), false));
            e.0.push(format!("Q{}", i.number));
            e.1 |= bytes;
        }
    }
    // (how many questions, rank of the advice, text); lower rank = more specific.
    let mut candidates: Vec<(usize, u8, String)> = found
        .iter()
        .map(|(h, (qs, bytes))| {
            let rank = match h {
                Habit::AppServers | Habit::Cost | Habit::Formula(_) => 30,
                Habit::DbTier | Habit::DbScaling | Habit::Phase => 20,
                _ => 0,
            };
            (
                qs.len(),
                rank,
                match h {
                    Habit::Formula(id) => formula_habit(drill, id, &qs.join(", ")),
                    _ => habit_text(*h, &drill.facts, &qs.join(", "), *bytes),
                },
            )
        })
        .collect();
    if unexplained.len() >= 2 {
        let low = unexplained.iter().filter(|(_, f)| *f < 1.0).count();
        let high = unexplained.len() - low;
        let qs = unexplained
            .iter()
            .map(|(n, _)| format!("Q{n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut fs: Vec<f64> = unexplained.iter().map(|(_, f)| f.max(1.0 / f)).collect();
        fs.sort_by(f64::total_cmp);
        let median = fs[fs.len() / 2];
        if low == unexplained.len() || high == unexplained.len() {
            candidates.push((
                unexplained.len(),
                10,
                format!(
                    "You {} consistently ({qs}, typically {}×): write each step down with its \
                     unit and check the order of magnitude before moving on.",
                    if low > 0 {
                        "under-estimate"
                    } else {
                        "over-estimate"
                    },
                    trim_num(median, 2)
                ),
            ));
        } else {
            candidates.push((
                unexplained.len(),
                40,
                format!(
                    "Several figures were off in both directions ({qs}): work from the formula \
                     shown after each answer, one unit at a time."
                ),
            ));
        }
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut out: Vec<String> = candidates.into_iter().take(2).map(|c| c.2).collect();
    if out.is_empty() && !any_wrong && items.iter().any(|i| i.result.is_some()) {
        out.push(
            "Nothing to fix: every answer within 2× and every choice right. Try another \
             scenario (`--seed N`) or a harder one (`--list`)."
                .into(),
        );
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Rendering

fn verdict_line(q: &Question, g: &Graded) -> String {
    let reference = q.reference.shown();
    match g.verdict {
        Verdict::Right => match g.factor {
            Some(f) if f.max(1.0 / f) < 1.05 => format!(
                "Right — {}. You said {}; reference {reference}. +1",
                factor_words(f),
                g.understood
            ),
            Some(f) => format!(
                "Right — within 2× ({}). You said {}; reference {reference}. +1",
                factor_words(f),
                g.understood
            ),
            None => format!("Right. Reference {reference}. +1"),
        },
        Verdict::Close => format!(
            "Close — within 10× ({}), partial credit. You said {}; reference {reference}. +½",
            factor_words(g.factor.unwrap_or(1.0)),
            g.understood
        ),
        Verdict::Miss => format!(
            "Miss — more than 10× off ({}). You said {}; reference {reference}. +0",
            g.factor.map(factor_words).unwrap_or_default(),
            g.understood
        ),
        Verdict::Wrong => format!(
            "Wrong. You said {}; reference {reference}. +0",
            g.understood
        ),
        Verdict::Skipped => format!("Skipped. Reference {reference}. +0"),
        Verdict::Unreadable => format!(
            "Could not read \"{}\" ({}) — not graded. Reference {reference}.",
            g.answer, g.understood
        ),
    }
}

/// The worked solution; with `sources`, each assumption on its own line with where it comes
/// from, else all on one line.
fn worked_block(q: &Question, indent: &str, sources: bool) -> String {
    let mut out = String::new();
    for l in &q.worked {
        out.push_str(&format!("{indent}{l}\n"));
    }
    if q.assumptions.is_empty() {
        return out;
    }
    if sources {
        out.push_str(&format!("{indent}assumed:\n"));
        for a in &q.assumptions {
            out.push_str(&format!(
                "{indent}    {} = {} — {}\n",
                a.name, a.value, a.source
            ));
        }
    } else {
        let list = q
            .assumptions
            .iter()
            .map(|a| format!("{} = {}", a.name, a.value))
            .collect::<Vec<_>>()
            .join(", ");
        out.push_str(&format!("{indent}assumed: {list}\n"));
    }
    out
}

/// Width text is wrapped to: fits a default terminal with room to spare.
const WIDTH: usize = 100;

/// Wrap every line of `text` at [`WIDTH`] on spaces, continuing under the line's own indent
/// (past a `- `, `1. ` or `Q1/12  ` marker; else two more spaces). Lines the user typed (`> …`)
/// are left alone.
pub fn wrap(text: &str) -> String {
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let (body, nl) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        if body.chars().count() <= WIDTH || body.starts_with("> ") {
            out.push_str(line);
            continue;
        }
        let lead = body.len() - body.trim_start().len();
        let rest = &body[lead..];
        let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
        let qmark = rest.strip_prefix('Q').map(|r| {
            r.chars()
                .take_while(|c| c.is_ascii_digit() || *c == '/')
                .count()
        });
        let marker = if rest.starts_with("- ") {
            2
        } else if digits > 0 && rest[digits..].starts_with(". ") {
            digits + 2
        } else if let Some(n) = qmark.filter(|&n| n > 0 && rest[1 + n..].starts_with("  ")) {
            n + 3
        } else {
            2
        };
        let hang = " ".repeat(lead + marker);
        let mut cur = " ".repeat(lead);
        for word in rest.split(' ') {
            let len = cur.chars().count();
            if len > hang.len() && len + 1 + word.chars().count() > WIDTH {
                out.push_str(cur.trim_end());
                out.push('\n');
                cur = hang.clone();
                cur.push_str(word);
            } else {
                if cur.len() > lead {
                    cur.push(' ');
                }
                cur.push_str(word);
            }
        }
        out.push_str(cur.trim_end());
        out.push_str(nl);
    }
    out
}

fn header(scenario: Option<&str>, name: &str, seed: Option<u64>) -> String {
    let mut tags = Vec::new();
    if let Some(s) = scenario {
        tags.push(format!("--scenario {s}"));
    }
    if let Some(s) = seed {
        tags.push(format!("--seed {s}"));
    }
    let tags = if tags.is_empty() {
        String::new()
    } else {
        format!("   [{}]", tags.join(" "))
    };
    format!("Interview practice: {name}{tags}\n\n")
}

fn question_line(i: usize, n: usize, q: &Question) -> String {
    format!("Q{i}/{n}  {}\n", q.prompt)
}

fn summary(s: &Sheet) -> String {
    let mut out = String::new();
    let pct = if s.out_of > 0.0 {
        format!(" ({})", fmt_percent(s.score / s.out_of))
    } else {
        String::new()
    };
    let half = |v: f64| {
        if (v - v.floor() - 0.5).abs() < 1e-9 {
            format!("{}½", v.floor())
        } else {
            trim_num(v, 4)
        }
    };
    if s.complete {
        out.push_str(&format!(
            "Score: {} / {}{pct}\n",
            half(s.score),
            trim_num(s.out_of, 4)
        ));
    } else {
        out.push_str(&format!(
            "Score so far: {} / {}{pct} — {} of {} questions answered\n",
            half(s.score),
            trim_num(s.out_of, 4),
            s.answered,
            s.questions
        ));
    }
    if !s.missed.is_empty() {
        out.push_str("Missed:\n");
        for m in &s.missed {
            out.push_str(&format!("  - {m}\n"));
        }
    }
    if !s.habits.is_empty() {
        out.push_str("Habits to practise:\n");
        for (i, h) in s.habits.iter().enumerate() {
            out.push_str(&format!("  {}. {h}\n", i + 1));
        }
    }
    out
}

/// The plain-text sheet: the whole drill as a transcript, then the summary.
pub fn render_table(s: &Sheet) -> String {
    let mut out = header(s.scenario.as_deref(), &s.name, s.seed);
    out.push_str(&s.brief);
    out.push('\n');
    let n = s.items.len();
    for it in &s.items {
        out.push_str(&question_line(it.number, n, &it.question));
        match &it.result {
            Some(g) => {
                out.push_str(&format!("> {}\n", g.answer));
                out.push_str(&format!("  {}\n", verdict_line(&it.question, g)));
            }
            None => out.push_str(&format!(
                "  (not answered) Reference {}.\n",
                it.question.reference.shown()
            )),
        }
        out.push_str(&worked_block(&it.question, "    ", false));
        out.push('\n');
    }
    out.push_str(&summary(s));
    wrap(&out)
}

/// A Markdown sheet for self-study.
pub fn render_markdown(s: &Sheet) -> String {
    let mut out = format!("# Interview practice: {}\n\n", s.name);
    let mut tags = Vec::new();
    if let Some(sc) = &s.scenario {
        tags.push(format!("`--scenario {sc}`"));
    }
    if let Some(seed) = s.seed {
        tags.push(format!("`--seed {seed}`"));
    }
    if !tags.is_empty() {
        out.push_str(&format!("Replay with {}.\n\n", tags.join(" ")));
    }
    out.push_str("## The scenario\n\n");
    // Paragraphs and the list of facts, each block set apart by a blank line.
    let mut in_list = false;
    for l in s.brief.lines() {
        let l = l.trim_start();
        let item = l.starts_with("- ");
        if item != in_list {
            out.push('\n');
            in_list = item;
        }
        out.push_str(l);
        out.push('\n');
    }
    out.push_str("\n## Score\n\n");
    out.push_str(
        &summary(s)
            .replace("Missed:\n", "\nMissed:\n\n")
            .replace("Habits to practise:\n", "\nHabits to practise:\n\n"),
    );
    out.push_str("\n| # | question | your answer | reference | verdict |\n");
    out.push_str("|---|---|---|---|---|\n");
    let cell = |t: &str| t.replace('|', "\\|");
    for it in &s.items {
        let (ans, verdict) = match &it.result {
            Some(g) => (
                cell(&g.understood),
                match g.factor {
                    Some(f) => format!("{} · {}", g.verdict.word(), factor_words(f)),
                    None => g.verdict.word().to_string(),
                },
            ),
            None => ("—".into(), "not answered".into()),
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            it.number,
            cell(&it.question.title),
            ans,
            cell(it.question.reference.shown()),
            verdict
        ));
    }
    out.push_str("\n## Worked solutions\n");
    for it in &s.items {
        out.push_str(&format!(
            "\n### Q{}. {}\n\n{}\n\n",
            it.number, it.question.title, it.question.prompt
        ));
        if let Some(g) = &it.result {
            out.push_str(&format!("**{}**\n\n", verdict_line(&it.question, g)));
        } else {
            out.push_str(&format!(
                "Reference: **{}**\n\n",
                it.question.reference.shown()
            ));
        }
        out.push_str("```text\n");
        out.push_str(&worked_block(&it.question, "", true));
        out.push_str("```\n");
    }
    out
}

/// The JSON sheet.
pub fn render_json(s: &Sheet) -> String {
    let mut t = serde_json::to_string_pretty(s).expect("sheet is plain data");
    t.push('\n');
    t
}

/// An `--answers` template: every question as a comment over an empty answer.
pub fn template(d: &Drill) -> String {
    let mut out = String::new();
    out.push_str(&format!("# Interview practice: {}\n", d.name));
    if let Some(s) = &d.scenario {
        out.push_str(&format!(
            "# Fill in the answers, then: capplan practice --scenario {s} --answers THIS_FILE\n"
        ));
    }
    out.push_str("#\n");
    for l in d.brief.lines() {
        out.push_str(&format!("# {l}\n"));
    }
    for (i, q) in d.questions.iter().enumerate() {
        out.push_str(&format!(
            "\n# Q{}. {} (e.g. {})\n{}: \"\"\n",
            i + 1,
            q.prompt,
            q.example,
            q.id
        ));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Grading an answers file

/// Grade a mapping of question id → answer. Unknown ids are an error (with the valid ones);
/// answers that can't be read are marked unreadable and not counted.
pub fn grade_answers(
    drill: &Drill,
    answers: &BTreeMap<String, String>,
) -> Result<Vec<Option<Graded>>, String> {
    let ids: Vec<&str> = drill.questions.iter().map(|q| q.id).collect();
    for k in answers.keys() {
        if !ids.contains(&k.as_str()) {
            let near = ids
                .iter()
                .max_by(|a, b| strsim::jaro_winkler(k, a).total_cmp(&strsim::jaro_winkler(k, b)))
                .filter(|b| strsim::jaro_winkler(k, b) > 0.8)
                .map(|b| format!(" (did you mean `{b}`?)"))
                .unwrap_or_default();
            return Err(format!(
                "unknown question `{k}`{near}; this scenario asks: {}",
                ids.join(", ")
            ));
        }
    }
    Ok(drill
        .questions
        .iter()
        .map(|q| {
            let raw = answers.get(q.id)?;
            if raw.trim().is_empty() {
                return None;
            }
            Some(match parse_answer(drill, q, raw) {
                Ok(a) => grade(drill, q, raw, &a),
                Err(hint) => Graded {
                    id: q.id,
                    answer: raw.trim().to_string(),
                    understood: hint,
                    verdict: Verdict::Unreadable,
                    points: 0.0,
                    factor: None,
                },
            })
        })
        .collect())
}

// ---------------------------------------------------------------------------------------------
// The interactive session

/// How the session talks.
#[derive(Debug, Clone, Copy, Default)]
pub struct SessionOptions {
    /// Repeat each answer after the prompt (when input is not a terminal, so a transcript of a
    /// piped session reads like a conversation).
    pub echo: bool,
    pub seed: Option<u64>,
}

/// Ask every question in turn on `out`, reading one answer a line from `input`; unreadable
/// answers are asked again. EOF or `quit` ends early. Writes the verdicts, worked solutions and
/// the final summary; returns the sheet.
pub fn run_session(
    drill: &Drill,
    mut input: impl BufRead,
    mut out: impl Write,
    opts: SessionOptions,
) -> io::Result<Sheet> {
    write!(
        out,
        "{}",
        header(drill.scenario.as_deref(), &drill.name, opts.seed)
    )?;
    writeln!(out, "{}", wrap(&drill.brief))?;
    let n = drill.questions.len();
    writeln!(
        out,
        "{n} questions. Answer the way you'd say it: 12K, 3.5 TB, 40 MB/s, phase 2, $8k.\n\
         Type `hint` for the formula, `skip` to see the answer, `quit` (or Ctrl-D) to stop.\n"
    )?;
    let mut results: Vec<Option<Graded>> = Vec::new();
    let mut line = String::new();
    'questions: for (i, q) in drill.questions.iter().enumerate() {
        write!(out, "{}", wrap(&question_line(i + 1, n, q)))?;
        loop {
            write!(out, "> ")?;
            out.flush()?;
            line.clear();
            if input.read_line(&mut line)? == 0 {
                writeln!(out, "\n\n(end of input)")?;
                break 'questions;
            }
            let text = line.trim();
            if opts.echo {
                writeln!(out, "{text}")?;
            }
            match text.to_lowercase().as_str() {
                "" => continue,
                "quit" | "exit" | "q" | ":q" => {
                    writeln!(out)?;
                    break 'questions;
                }
                "hint" | "?" | "help" => {
                    for h in &q.hint {
                        writeln!(out, "  hint: {h}")?;
                    }
                    writeln!(out, "  (answer like `{}`)", q.example)?;
                    continue;
                }
                _ => {}
            }
            match parse_answer(drill, q, text) {
                Ok(a) => {
                    let g = grade(drill, q, text, &a);
                    let block = format!(
                        "  {}\n{}",
                        verdict_line(q, &g),
                        worked_block(q, "    ", false)
                    );
                    write!(out, "{}", wrap(&block))?;
                    writeln!(out)?;
                    results.push(Some(g));
                    break;
                }
                Err(hint) => {
                    let msg =
                        format!("  Couldn't read \"{text}\": {hint}. Try again (or `skip`).\n");
                    write!(out, "{}", wrap(&msg))?;
                }
            }
        }
    }
    let sheet = Sheet::new(drill, opts.seed, results);
    write!(out, "{}", wrap(&summary(&sheet)))?;
    out.flush()?;
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url_drill() -> (Drill, Plan) {
        let ls = builtin("url-shortener").unwrap().unwrap();
        let cat = Catalog::builtin().unwrap();
        let plan = crate::plan::build(&ls.spec, &cat);
        let mut d = drill(&ls.spec, ls.file.description.as_deref(), &plan, &cat);
        d.scenario = Some("url-shortener".into());
        (d, plan)
    }

    fn q<'a>(d: &'a Drill, id: &str) -> &'a Question {
        d.questions.iter().find(|q| q.id == id).unwrap()
    }

    fn num(d: &Drill, id: &str, s: &str) -> f64 {
        match parse_answer(d, q(d, id), s).unwrap() {
            Answer::Number(v) => v,
            other => panic!("{s}: {other:?}"),
        }
    }

    /// A correct answer to every question, typed as a person would.
    fn correct(d: &Drill, q: &Question) -> String {
        match &q.reference {
            Reference::Number { value, .. } => match q.kind {
                AnswerKind::Bytes => format!("{} B", value),
                AnswerKind::ByteRate => format!("{} B/s", value),
                _ => format!("{value}"),
            },
            Reference::Range { low, high, .. } => format!("${}", (low + high) / 2.0),
            Reference::Tier { aws, .. } => aws.clone(),
            Reference::Scaling {
                replicas, shards, ..
            } => match (replicas, shards) {
                (false, false) => "none",
                (true, false) => "replicas",
                (false, true) => "shards",
                (true, true) => "both",
            }
            .into(),
            Reference::Phase { number, .. } => {
                let _ = d;
                format!("phase {number}")
            }
        }
    }

    #[test]
    fn every_scenario_loads_and_has_the_questions() {
        let cat = Catalog::builtin().unwrap();
        for n in scenario_names() {
            let ls = builtin(n).unwrap().unwrap();
            let plan = crate::plan::build(&ls.spec, &cat);
            let d = drill(&ls.spec, ls.file.description.as_deref(), &plan, &cat);
            let ids: Vec<&str> = d.questions.iter().map(|q| q.id).collect();
            for want in [
                "avg_qps",
                "peak_qps",
                "storage_per_year",
                "storage_total",
                "egress",
                "app_servers",
                "db_scaling",
                "phase",
                "monthly_cost",
            ] {
                assert!(ids.contains(&want), "{n}: {want} missing from {ids:?}");
            }
            assert!(ids.contains(&"write_qps") || ids.contains(&"read_qps"));
            // The tier question asks for a reference database tier: relational stores only.
            let relational = plan.components.iter().any(|c| {
                c.role == Role::Database
                    && cat
                        .database_tiers
                        .iter()
                        .any(|t| c.tier.as_deref() == Some(&t.aws))
            });
            assert_eq!(ids.contains(&"db_tier"), relational, "{n}");
            assert_eq!(
                ids.contains(&"cache_memory"),
                plan.components.iter().any(|c| c.role == Role::Cache),
                "{n}"
            );
            for q in &d.questions {
                assert!(!q.worked.is_empty(), "{n} {}: no worked solution", q.id);
                let a = parse_answer(&d, q, &correct(&d, q)).unwrap();
                let g = grade(&d, q, "x", &a);
                assert_eq!(g.verdict, Verdict::Right, "{n} {}: {g:?}", q.id);
            }
            // The brief states inputs, not derived figures.
            assert!(!d.brief.contains("req/s"), "{n}: {}", d.brief);
        }
    }

    #[test]
    fn reads_answers_the_way_people_say_them() {
        let (d, _) = url_drill();
        assert_eq!(num(&d, "avg_qps", "12K"), 12e3);
        assert_eq!(num(&d, "avg_qps", "12k qps"), 12e3);
        assert_eq!(num(&d, "avg_qps", "~12,000 req/s"), 12e3);
        assert_eq!(num(&d, "avg_qps", "1.2 million/day"), 1.2e6 / 86_400.0);
        assert_eq!(num(&d, "storage_total", "3.5 TB"), 3.5e12);
        assert_eq!(num(&d, "storage_total", "3.5tb"), 3.5e12);
        assert_eq!(num(&d, "storage_per_year", "900 GB/year"), 900e9);
        assert_eq!(num(&d, "egress", "40 MB/s"), 40e6);
        assert_eq!(num(&d, "egress", "40mb/s"), 40e6);
        assert_eq!(num(&d, "egress", "320 Mbps"), 40e6);
        assert_eq!(num(&d, "monthly_cost", "$8k"), 8e3);
        assert_eq!(num(&d, "monthly_cost", "8,000 USD/month"), 8e3);
        assert_eq!(num(&d, "app_servers", "26 servers"), 26.0);
        assert_eq!(num(&d, "app_servers", "26 × m5.xlarge"), 26.0);
        assert_eq!(
            parse_answer(&d, q(&d, "monthly_cost"), "$6k-8k").unwrap(),
            Answer::Range(6e3, 8e3)
        );
        assert_eq!(
            parse_answer(&d, q(&d, "monthly_cost"), "$6,000 – $8,000").unwrap(),
            Answer::Range(6e3, 8e3)
        );
        let tier = |s: &str| parse_answer(&d, q(&d, "db_tier"), s);
        for s in [
            "db.m5.large",
            "DB.M5.LARGE",
            "m5.large db",
            "mid",
            "GP D2s v3",
            "d2s v3",
        ] {
            assert_eq!(tier(s), Ok(Answer::Tier("mid".into())), "{s}");
        }
        assert_eq!(tier("production"), Ok(Answer::Tier("production".into())));
        assert!(tier("m5.xlarge").unwrap_err().contains("app-server tier"));
        assert!(tier("big one").is_err());
        let sc = |s: &str| parse_answer(&d, q(&d, "db_scaling"), s);
        let both = Answer::Scaling {
            replicas: true,
            shards: true,
        };
        let none = Answer::Scaling {
            replicas: false,
            shards: false,
        };
        assert_eq!(sc("both"), Ok(both.clone()));
        assert_eq!(sc("shards and replicas"), Ok(both));
        assert_eq!(sc("no"), Ok(none.clone()));
        assert_eq!(sc("no replicas, no shards"), Ok(none));
        assert_eq!(
            sc("read replicas"),
            Ok(Answer::Scaling {
                replicas: true,
                shards: false
            })
        );
        assert!(sc("yes").is_err());
        let ph = |s: &str| parse_answer(&d, q(&d, "phase"), s);
        assert_eq!(ph("phase 2"), Ok(Answer::Phase(2)));
        assert_eq!(ph("2"), Ok(Answer::Phase(2)));
        assert_eq!(ph("Phase II"), Ok(Answer::Phase(2)));
        assert_eq!(ph("partition data"), Ok(Answer::Phase(3)));
        for bad in ["lots", "", "12 apples"] {
            assert!(parse_answer(&d, q(&d, "avg_qps"), bad).is_err(), "{bad}");
        }
        assert!(parse_answer(&d, q(&d, "storage_total"), "15").is_err());
        assert_eq!(
            parse_answer(&d, q(&d, "avg_qps"), "skip").unwrap(),
            Answer::Skip
        );
    }

    #[test]
    fn grades_by_order_of_magnitude() {
        let (d, plan) = url_drill();
        let qq = q(&d, "peak_qps");
        let peak = plan.workload.peak_qps;
        let g = |v: f64| grade(&d, qq, "", &Answer::Number(v)).verdict;
        assert_eq!(g(peak), Verdict::Right);
        assert_eq!(g(peak * 2.0), Verdict::Right);
        assert_eq!(g(peak / 2.0), Verdict::Right);
        assert_eq!(g(peak * 3.0), Verdict::Close);
        assert_eq!(g(peak / 3.0), Verdict::Close);
        assert_eq!(g(peak * 10.0), Verdict::Close);
        assert_eq!(g(peak * 100.0), Verdict::Miss);
        assert_eq!(g(0.0), Verdict::Miss);
        let cost = q(&d, "monthly_cost");
        let gc = |a: Answer| grade(&d, cost, "", &a).verdict;
        assert_eq!(gc(Answer::Number(plan.cost.monthly_low)), Verdict::Right);
        assert_eq!(
            gc(Answer::Range(
                plan.cost.monthly_low * 0.8,
                plan.cost.monthly_high
            )),
            Verdict::Right
        );
        assert_eq!(
            gc(Answer::Number(plan.cost.monthly_high * 5.0)),
            Verdict::Close
        );
        let tier = q(&d, "db_tier");
        assert_eq!(
            grade(&d, tier, "", &Answer::Tier("heavy".into())).verdict,
            Verdict::Wrong
        );
    }

    #[test]
    fn habits_name_the_error() {
        let (d, plan) = url_drill();
        let w = &plan.workload;
        let st = &plan.storage;
        let mut answers = BTreeMap::new();
        // Peak given as the average; storage without replication; egress in the wrong prefix.
        answers.insert("peak_qps".to_string(), format!("{}", w.avg_qps));
        answers.insert(
            "write_qps".to_string(),
            format!("{}", w.write_qps / w.peak_factor),
        );
        answers.insert("storage_total".to_string(), format!("{} B", st.raw_bytes));
        let r = grade_answers(&d, &answers).unwrap();
        let s = Sheet::new(&d, None, r);
        assert!(s.habits[0].contains("peak factor"), "{:?}", s.habits);
        assert!(s.habits[1].contains("replication"), "{:?}", s.habits);
        assert!(!s.complete);
        assert_eq!(s.answered, 3);

        let mut answers = BTreeMap::new();
        answers.insert(
            "storage_per_year".to_string(),
            format!("{} B", st.bytes_per_year * 1000.0),
        );
        answers.insert(
            "avg_qps".to_string(),
            format!("{}", w.avg_qps * SECONDS_PER_DAY),
        );
        let s = Sheet::new(&d, None, grade_answers(&d, &answers).unwrap());
        let all = s.habits.join("\n");
        assert!(all.contains("KB vs MB"), "{all}");
        assert!(all.contains("per day vs per second"), "{all}");
    }

    #[test]
    fn unknown_answer_ids_are_refused_with_a_hint() {
        let (d, _) = url_drill();
        let mut answers = BTreeMap::new();
        answers.insert("peak_qsp".to_string(), "1".to_string());
        let e = grade_answers(&d, &answers).unwrap_err();
        assert!(e.contains("did you mean `peak_qps`"), "{e}");
    }

    #[test]
    fn session_reasks_and_ends_cleanly_on_eof() {
        let (d, plan) = url_drill();
        let input = format!("banana\n\nhint\n{}\n", plan.workload.avg_qps);
        let mut out = Vec::new();
        let s = run_session(&d, input.as_bytes(), &mut out, SessionOptions::default()).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("Couldn't read \"banana\""), "{text}");
        assert!(text.contains("hint: Average QPS = DAU"), "{text}");
        assert!(text.contains("(end of input)"), "{text}");
        assert!(text.contains("Score so far: 1 / 1"), "{text}");
        assert_eq!(s.answered, 1);
        assert!(!s.complete);
    }

    #[test]
    fn same_seed_same_scenario() {
        assert_eq!(pick(3), pick(3));
        let picked: std::collections::BTreeSet<&str> = (0..200).map(pick).collect();
        assert!(picked.len() > SCENARIOS.len() / 2);
    }

    #[test]
    fn scenarios_match_the_specs_directory() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml") || n.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let listed: Vec<String> = SCENARIOS.iter().map(|(f, _)| f.to_string()).collect();
        assert_eq!(listed, on_disk, "update SCENARIOS in src/practice.rs");
    }
}
