//! Reading answers the way people type them: `12K`, `12k qps`, `3.5 TB`, `3 TB/day` on a
//! per-year question (converted), `70 Mb/s` (megabits), `40 MB/s`, `phase 2`, `the database`.
//! An answer that can't be read gets a reason and is asked again.

use super::question::{AnswerKind, Question};
use crate::model::sizing::Role;
use crate::units::{fmt_bytes, SECONDS_PER_DAY, SECONDS_PER_MONTH, SECONDS_PER_YEAR};

/// An answer as understood.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Number(f64),
    Range(f64, f64),
    /// A component by role; `None` for "nothing".
    Component(Option<Role>),
    Scaling {
        replicas: bool,
        shards: bool,
    },
    Phase(u8),
    /// `skip`: reveal the answer; scores nothing.
    Skip,
}

/// An answer with a note on how it was read (a period converted, bits assumed).
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub answer: Answer,
    pub note: Option<String>,
}

impl From<Answer> for Parsed {
    fn from(answer: Answer) -> Self {
        Parsed { answer, note: None }
    }
}

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
            let (a, b) = (s.get(..i)?, s.get(i + sep.len()..)?);
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
    let words: [(&str, f64); 11] = [
        ("thousand", 1e3),
        ("million", 1e6),
        ("billion", 1e9),
        ("trillion", 1e12),
        ("mm", 1e6),
        ("bn", 1e9),
        ("k", 1e3),
        ("m", 1e6),
        ("b", 1e9),
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

/// Seconds in the period a rest like `/day`, `per month`, `a year` names; `Some(None)` when
/// there is no period.
fn period(p: &str) -> Option<Option<f64>> {
    let p = p
        .trim()
        .trim_start_matches('/')
        .trim_start_matches("per ")
        .trim_start_matches("a ")
        .trim();
    let p = p.split_whitespace().next().unwrap_or("");
    Some(Some(match p {
        "" => return Some(None),
        "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
        "min" | "mins" | "minute" | "minutes" => 60.0,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
        "d" | "day" | "days" | "daily" => SECONDS_PER_DAY,
        "mo" | "month" | "months" | "monthly" => SECONDS_PER_MONTH,
        "y" | "yr" | "year" | "years" | "yearly" | "annually" => SECONDS_PER_YEAR,
        _ => return None,
    }))
}

fn period_name(secs: f64) -> &'static str {
    match secs {
        1.0 => "second",
        60.0 => "minute",
        3600.0 => "hour",
        s if s == SECONDS_PER_DAY => "day",
        s if s == SECONDS_PER_MONTH => "month",
        _ => "year",
    }
}

/// Per second: `12K`, `12k qps`, `12,000 req/s`, `1M/day`.
fn read_rate(s: &str) -> Option<f64> {
    let (v, rest) = count_of(s)?;
    let mut rest = rest.to_lowercase();
    for unit in [
        "requests",
        "request",
        "reqs",
        "req",
        "queries",
        "qps",
        "rps",
        "ops",
        "writes",
        "write",
        "reads",
        "read",
        "messages",
        "msgs",
        "events",
        "sends",
        "deliveries",
        "pages",
        "heartbeats",
        "inserts",
        "insertions",
    ] {
        if let Some(r) = rest.strip_prefix(unit) {
            rest = r.trim().to_string();
            break;
        }
    }
    let d = period(&rest)?.unwrap_or(1.0);
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

/// Bytes and the period they are counted over: `3.5 TB`, `900 GB/year`, `3 TB/day`.
fn read_bytes(s: &str) -> Option<(f64, Option<f64>)> {
    let (v, rest) = lead_number(&strip_filler(s))?;
    let unit: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    // A bare number is ambiguous for sizes (bytes? GB?): ask again with a unit.
    if unit.is_empty() && v != 0.0 {
        return None;
    }
    let per = period(&rest[unit.len()..])?;
    Some((v * byte_unit(&unit)?, per))
}

/// How a bandwidth unit reads: bits per second or bytes, and whether the case was ambiguous.
fn bandwidth_unit(unit: &str) -> Option<(f64, bool, bool)> {
    let lower = unit.to_lowercase();
    let (stem, bits) = if let Some(st) = lower.strip_suffix("bits").or(lower.strip_suffix("bit")) {
        (st.to_string(), true)
    } else if let Some(st) = lower.strip_suffix("bps") {
        // `MBps` with a capital B is bytes; `Mbps` bits.
        (st.to_string(), !unit.ends_with("Bps"))
    } else if unit.len() == 2 && unit.ends_with('b') {
        // `Mb`, `Gb`, `kb`: a lowercase b is a bit. All lowercase `mb` reads as bytes, noted.
        let first = unit.chars().next().unwrap_or('m');
        let bits = first.is_ascii_uppercase() || first == 'k';
        if !bits {
            return Some((byte_unit(&lower)?, false, true));
        }
        (lower[..1].to_string(), true)
    } else {
        return Some((byte_unit(&lower)?, false, false));
    };
    let m = match stem.as_str() {
        "" => 1.0,
        "k" | "kilo" => 1e3,
        "m" | "mega" => 1e6,
        "g" | "giga" => 1e9,
        "t" | "tera" => 1e12,
        "p" | "peta" => 1e15,
        _ => return None,
    };
    Some((if bits { m / 8.0 } else { m }, bits, false))
}

/// Bytes per second, with whether it was read as bits, and an ambiguity note.
fn read_byte_rate(s: &str) -> Option<(f64, bool, bool)> {
    let (v, rest) = lead_number(&strip_filler(s))?;
    let unit: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    if unit.is_empty() && v != 0.0 {
        return None;
    }
    let (m, bits, ambiguous) = bandwidth_unit(&unit)?;
    let after = rest[unit.len()..].trim();
    let d = if unit.to_lowercase().ends_with("ps") {
        1.0
    } else {
        period(after)?.unwrap_or(1.0)
    };
    Some((v * m / d, bits, ambiguous))
}

/// A plain count: `26`, `26 servers`, `~25 instances`, `3.5 trillion`.
fn read_count(s: &str) -> Option<f64> {
    let (v, rest) = count_of(s)?;
    let next = rest.chars().next();
    // Anything after the number must be words, not more digits (`2 3`).
    (next.is_none_or(|c| !c.is_ascii_digit())).then_some(v)
}

/// One end of a numeric answer, with a note.
fn read_one(q: &Question, t: &str) -> Result<(f64, Option<String>), String> {
    let none = || format!("give {}, e.g. `{}`", what(q.kind), q.example);
    match q.kind {
        AnswerKind::Rate => read_rate(t).map(|v| (v, None)).ok_or_else(none),
        AnswerKind::Bytes => {
            let (v, per) = read_bytes(t).ok_or_else(none)?;
            match (per, q.per) {
                (None, _) => Ok((v, None)),
                (Some(p), Some(want)) if (p - want).abs() < 1.0 => Ok((v, None)),
                (Some(p), Some(want)) => {
                    let conv = v * want / p;
                    Ok((
                        conv,
                        Some(format!(
                            "read as {} a {} = {} a {}",
                            fmt_bytes(v),
                            period_name(p),
                            fmt_bytes(conv),
                            period_name(want)
                        )),
                    ))
                }
                (Some(p), None) => Err(format!(
                    "that is a rate ({} a {}); this asks for the storage held — give a size \
                     such as `3.5 TB`",
                    fmt_bytes(v),
                    period_name(p)
                )),
            }
        }
        AnswerKind::ByteRate => {
            let (v, bits, ambiguous) = read_byte_rate(t).ok_or_else(none)?;
            let note = if bits {
                Some("read as bits per second; bytes = bits ÷ 8".to_string())
            } else if ambiguous {
                Some("read as bytes; write Mb/s for megabits".to_string())
            } else {
                None
            };
            Ok((v, note))
        }
        _ => read_count(t).map(|v| (v, None)).ok_or_else(none),
    }
}

fn what(kind: AnswerKind) -> &'static str {
    match kind {
        AnswerKind::Rate => "a rate per second",
        AnswerKind::Bytes => "a size with its unit",
        AnswerKind::ByteRate => "a bandwidth (MB/s, or Mb/s for bits)",
        AnswerKind::Whole => "a whole number",
        _ => "a number",
    }
}

fn read_numeric(q: &Question, s: &str) -> Result<Parsed, String> {
    let why = match read_one(q, s) {
        Ok((v, _)) if v < 0.0 => return Err("give a figure of zero or more".into()),
        Ok((v, note)) => {
            return Ok(Parsed {
                answer: Answer::Number(v),
                note,
            })
        }
        Err(why) => why,
    };
    let Some((a, b)) = split_range(s) else {
        return Err(why);
    };
    let (hi, note) = read_one(q, &b)?;
    // `6-8k`: the left end borrows the right end's magnitude and unit.
    let lo = match read_one(q, &a) {
        Ok((lo, _)) if lo <= hi && lo >= hi / 1000.0 => lo,
        _ => {
            let (bv, _) = lead_number(&strip_filler(&b)).ok_or("give one figure")?;
            let (av, _) = lead_number(&strip_filler(&a)).ok_or("give one figure")?;
            if bv == 0.0 {
                return Err("give one figure".into());
            }
            hi * av / bv
        }
    };
    if !(lo >= 0.0 && lo <= hi) {
        return Err("give a range low to high, e.g. `6K-8K`".into());
    }
    Ok(Parsed {
        answer: Answer::Range(lo, hi),
        note,
    })
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
            | "one node" | "one primary" | "just one" | "primary only" => Ok(Answer::Scaling {
                replicas: false,
                shards: false,
            }),
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

/// Words that name a component, by role; `None` names nothing.
const COMPONENT_WORDS: &[(&str, Option<Role>)] = &[
    ("nothing", None),
    ("none", None),
    ("neither", None),
    ("app", Some(Role::App)),
    ("apps", Some(Role::App)),
    ("application", Some(Role::App)),
    ("web", Some(Role::App)),
    ("api", Some(Role::App)),
    ("stateless", Some(Role::App)),
    ("websocket", Some(Role::Websocket)),
    ("websockets", Some(Role::Websocket)),
    ("ws", Some(Role::Websocket)),
    ("sockets", Some(Role::Websocket)),
    ("cache", Some(Role::Cache)),
    ("caches", Some(Role::Cache)),
    ("redis", Some(Role::Cache)),
    ("memcached", Some(Role::Cache)),
    ("database", Some(Role::Database)),
    ("databases", Some(Role::Database)),
    ("db", Some(Role::Database)),
    ("postgres", Some(Role::Database)),
    ("postgresql", Some(Role::Database)),
    ("mysql", Some(Role::Database)),
    ("cassandra", Some(Role::Database)),
    ("primary", Some(Role::Database)),
    ("replica", Some(Role::ReadReplica)),
    ("replicas", Some(Role::ReadReplica)),
    ("queue", Some(Role::Queue)),
    ("sqs", Some(Role::Queue)),
    ("stream", Some(Role::Stream)),
    ("kafka", Some(Role::Stream)),
    ("worker", Some(Role::Worker)),
    ("workers", Some(Role::Worker)),
    ("transcoders", Some(Role::Worker)),
    ("crawlers", Some(Role::Worker)),
    ("consumers", Some(Role::Worker)),
    ("search", Some(Role::Search)),
    ("elasticsearch", Some(Role::Search)),
    ("opensearch", Some(Role::Search)),
    ("cdn", Some(Role::Cdn)),
    ("lb", Some(Role::LoadBalancer)),
    ("balancer", Some(Role::LoadBalancer)),
    ("s3", Some(Role::ObjectStorage)),
];

fn read_component(s: &str) -> Result<Answer, String> {
    let lower = s.to_lowercase().replace("load balancer", "balancer");
    let mut found: Vec<Option<Role>> = Vec::new();
    for w in lower.split(|c: char| !c.is_alphanumeric()) {
        if let Some((_, r)) = COMPONENT_WORDS.iter().find(|(k, _)| *k == w) {
            if !found.contains(r) {
                found.push(*r);
            }
        }
    }
    // "the database needs read replicas" names one component.
    if found.contains(&Some(Role::Database)) && found.contains(&Some(Role::ReadReplica)) {
        found.retain(|r| *r != Some(Role::ReadReplica));
    }
    match found.as_slice() {
        [one] => Ok(Answer::Component(*one)),
        [] => Err(
            "name one component: app, websocket, cache, database, replicas, queue, \
                   stream, worker, search — or `nothing`"
                .into(),
        ),
        _ => Err("name one component".into()),
    }
}

/// Is this a request to skip?
pub fn is_skip(t: &str) -> bool {
    matches!(
        t.trim().to_lowercase().as_str(),
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
    )
}

/// What a typed answer means for a question, or why it can't be read (asked again).
pub fn parse(q: &Question, text: &str) -> Result<Parsed, String> {
    let t = text.trim();
    if is_skip(t) {
        return Ok(Answer::Skip.into());
    }
    if t.is_empty() {
        return Err("type an answer, `hint` or `skip`".into());
    }
    match q.kind {
        AnswerKind::DbScaling => read_scaling(t).map(Into::into),
        AnswerKind::Phase => read_phase(t).map(Into::into),
        AnswerKind::Component => read_component(t).map(Into::into),
        _ => read_numeric(q, t),
    }
}
