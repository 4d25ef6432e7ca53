//! Fuzzer: mutated specs through the library in-process, as `estimate`, `check` and `diff`
//! run them. Every input must end within a time bound with exit 0/1/2 semantics (a report, a
//! failed check, or a located error), never a panic, and every report must hold only finite,
//! non-negative costs and counts and print no non-finite number.
//!
//! The seed corpus is every spec in `specs/` and `templates/`; each input is one of them with
//! one to four mutations (a number replaced by an extreme or a mistyped one, a unit suffix
//! swapped, a line deleted, duplicated or re-indented with a tab, brackets nested, bytes
//! flipped, the text cut short). Input `i` of seed `s` is always the same text.
//!
//! ```text
//! cargo run --release --example fuzz -- [--inputs N] [--seconds S] [--seed S] [--requests R]
//! ```
//! It stops after N inputs or S seconds, whichever comes first, prints the inputs run, their
//! outcomes and rate, writes each failing input to `target/fuzz-failures/`, and exits 1 when
//! any input failed.

use capplan::catalog::Catalog;
use capplan::spec::{parse, Syntax};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The time one input may take, whatever it asks for.
const INPUT_BOUND: Duration = Duration::from_secs(10);
/// Inputs per parallel batch (a batch ends before the clock is checked again).
const BATCH: u64 = 512;

struct Options {
    inputs: u64,
    seconds: f64,
    seed: u64,
    requests: u64,
}

fn options() -> anyhow::Result<Options> {
    let mut o = Options {
        inputs: u64::MAX,
        seconds: 60.0,
        seed: 1,
        requests: 500,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let v = it
            .next()
            .ok_or_else(|| anyhow::anyhow!("{a} needs a value"))?;
        match a.as_str() {
            "--inputs" => o.inputs = capplan::units::parse_count(v)? as u64,
            "--seconds" => o.seconds = v.parse()?,
            "--seed" => o.seed = v.parse()?,
            "--requests" => o.requests = capplan::units::parse_count(v)? as u64,
            _ => anyhow::bail!("unknown option {a} (--inputs, --seconds, --seed, --requests)"),
        }
    }
    if o.inputs == u64::MAX && !args.iter().any(|a| a == "--seconds") {
        o.seconds = 60.0;
    } else if args.iter().any(|a| a == "--inputs") && !args.iter().any(|a| a == "--seconds") {
        o.seconds = f64::INFINITY;
    }
    Ok(o)
}

/// The seed corpus: (file name, text).
fn corpus() -> Vec<(String, String)> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut out = Vec::new();
    for dir in ["specs", "templates"] {
        let mut paths: Vec<_> = std::fs::read_dir(format!("{root}/{dir}"))
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        paths.sort();
        for p in paths {
            if let Ok(t) = std::fs::read_to_string(&p) {
                out.push((p.file_name().unwrap().to_string_lossy().into_owned(), t));
            }
        }
    }
    out
}

/// Values a hostile or careless user writes where a number goes.
const VALUES: &[&str] = &[
    "0",
    "-1",
    "1e15",
    "1e18",
    "1e308",
    "1e-9",
    ".nan",
    ".inf",
    "-.inf",
    "1T",
    "10B",
    "5m",
    "$5M",
    "1 week",
    "0.0000001 ms",
    "100%",
    "0%",
    "101%",
    "1:0",
    "0:1",
    "1e9/s",
    "1 GB",
    "5 TB",
    "1M..1",
    "1..1e12",
    "-5..5",
    "99.99999%",
    "{dist: normal, mean: 1M, sd: 10M}",
    "{dist: uniform, low: 1e-9, high: 1e9}",
    "{dist: lognormal, median: 1, sigma: 50}",
    "{dist: pert, low: 1, mode: 1, high: 1}",
    "{dist: triangular, low: 0, mode: 0, high: 1e9}",
    "[]",
    "{}",
    "~",
    "true",
    "\"\"",
    "10MB",
    "3 years",
    "1e3 ms",
    "2x",
    "NaN%",
    "1,000,000",
    "9999999999",
    "1e6",
    "100000",
    "60 s",
    "1 min",
    "1 day",
    "0.5",
    "2",
];

/// Unit suffixes swapped in for one another.
const SUFFIXES: &[&str] = &[
    "K", "M", "B", "T", "ms", "s", "min", "h", "years", "%", "KB", "MB", "GB", "TB", "/s", "",
];

fn mutate(text: &str, rng: &mut Xoshiro256PlusPlus) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if lines.is_empty() {
        lines.push(String::new());
    }
    let n = rng.gen_range(1..=4);
    for _ in 0..n {
        let i = rng.gen_range(0..lines.len());
        match rng.gen_range(0..12) {
            // Replace a value after `key:` with an extreme one.
            0..=3 => {
                if let Some(c) = lines[i].find(": ") {
                    let head = lines[i][..c + 2].to_string();
                    let v = VALUES[rng.gen_range(0..VALUES.len())];
                    lines[i] = format!("{head}{v}");
                }
            }
            // Swap a unit suffix: the first digit run's tail.
            4 => {
                let l = &lines[i];
                if let Some(p) = l.find(|c: char| c.is_ascii_digit()) {
                    let end = l[p..]
                        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                        .map_or(l.len(), |e| p + e);
                    let s = SUFFIXES[rng.gen_range(0..SUFFIXES.len())];
                    let rest_end = l[end..]
                        .find([' ', ',', '}', ']'])
                        .map_or(l.len(), |e| end + e);
                    lines[i] = format!("{}{s}{}", &l[..end], &l[rest_end..]);
                }
            }
            5 => {
                if lines.len() > 1 {
                    lines.remove(i);
                }
            }
            6 => {
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            7 => lines[i] = format!("\t{}", lines[i].trim_start()),
            8 => {
                let d = rng.gen_range(1..200);
                lines[i] = format!("{}{}", "[".repeat(d), "]".repeat(rng.gen_range(0..=d)));
            }
            9 => {
                let j = rng.gen_range(0..lines.len());
                lines.swap(i, j);
            }
            10 => {
                let mut b = lines[i].clone().into_bytes();
                if !b.is_empty() {
                    let k = rng.gen_range(0..b.len());
                    b[k] = b"{}[]:,-#'\"&*!|>%@` \t0x9"[rng.gen_range(0..23)];
                }
                lines[i] = String::from_utf8_lossy(&b).into_owned();
            }
            _ => {
                let keep = rng.gen_range(0..=lines.len());
                lines.truncate(keep.max(1));
            }
        }
    }
    lines.join("\n") + "\n"
}

/// Why an input failed.
enum Failure {
    Panic(String),
    Slow(Duration),
    Bad(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Panic(m) => write!(f, "panicked: {m}"),
            Failure::Slow(d) => write!(f, "took {:.1} s", d.as_secs_f64()),
            Failure::Bad(m) => write!(f, "{m}"),
        }
    }
}

/// Every number named as a cost or a count in the JSON report: finite and not negative.
fn check_json(v: &serde_json::Value, key: &str, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                check_json(x, k, out)
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| check_json(x, key, out)),
        serde_json::Value::Number(n) => {
            let watched = [
                "cost",
                "monthly",
                "count",
                "usd",
                "instances",
                "nodes",
                "servers",
            ]
            .iter()
            .any(|w| key.contains(w));
            let x = n.as_f64().unwrap_or(f64::NAN);
            if watched && !(x.is_finite() && x >= 0.0) {
                out.push(format!("`{key}` is {x}"));
            }
        }
        _ => {}
    }
}

/// Text a user reads must show no non-finite number (the spec's own name and description,
/// which may say anything, are left out).
fn check_text(t: &str, own: &[&str], what: &str, out: &mut Vec<String>) {
    let mut t = t.to_string();
    for s in own.iter().filter(|s| !s.is_empty()) {
        t = t.replace(s, "");
    }
    for bad in ["NaN", "inf%", " inf ", "infinity", "-$", "$-"] {
        if t.contains(bad) {
            out.push(format!("{what} shows `{bad}`"));
        }
    }
}

/// Run one input as `estimate`, `check` and `diff` would. Ok(code) is the exit code.
fn run_one(name: &str, text: &str, cat: &Catalog, requests: u64) -> Result<u8, String> {
    let syntax = Syntax::from_path(std::path::Path::new(name)).unwrap_or(Syntax::Yaml);
    let ls = match parse(name, text, syntax) {
        Ok(ls) => ls,
        Err(e) => {
            let msg = e.to_string();
            if msg.trim().is_empty() || !msg.contains(name) {
                return Err(format!("error without its file: {msg:?}"));
            }
            return Ok(2);
        }
    };
    if let Err(e) = capplan::plan::validate_choices(&ls, cat) {
        let msg = e.to_string();
        if msg.trim().is_empty() {
            return Err("empty error".into());
        }
        return Ok(2);
    }
    let mut p = capplan::pipeline::build(&ls.spec, cat);
    if requests > 0 {
        // Decision runs as short as the headline run (and at most 16× longer): the fuzzer
        // explores the sizing logic, not the statistics, so it need not run 10M requests.
        let lo = capplan::pipeline::LatencyOptions {
            requests,
            replications: 2,
            seed: 7,
            decision_requests: (requests, requests * 16),
        };
        p = capplan::pipeline::with_latency(&ls.spec, cat, p, lo);
    }
    if ls.file.is_uncertain() {
        let cfg = capplan::uncertainty::McConfig {
            samples: 16,
            seed: 7,
            catalog_ranges: true,
        };
        p.uncertainty = Some(capplan::pipeline::monte_carlo(&ls.file, cat, &cfg, &|_| {}));
        capplan::pipeline::apply_uncertainty(&mut p);
    }
    let mut problems = Vec::new();
    let own = [
        ls.spec.name.as_str(),
        ls.spec.description.as_deref().unwrap_or(""),
    ];
    let json = serde_json::to_value(&p).map_err(|e| e.to_string())?;
    check_json(&json, "", &mut problems);
    for (f, what) in [
        (capplan::cli::Format::Table, "table"),
        (capplan::cli::Format::Markdown, "markdown"),
    ] {
        let view = capplan::render::View {
            plan: &p,
            explain: false,
            charts: Vec::new(),
            color: false,
        };
        check_text(
            &capplan::render::renderer(f).render(&view),
            &own,
            what,
            &mut problems,
        );
    }
    let rows = capplan::check::run(&ls, &p, None, false);
    check_text(
        &capplan::check::render_table(&rows, false),
        &own,
        "check",
        &mut problems,
    );
    let side = capplan::diff::side_from_json(&json).map_err(|e| format!("diff side: {e}"))?;
    let d = capplan::diff::diff(side.clone(), side);
    check_text(
        &capplan::diff::render_table(&d),
        &own,
        "diff",
        &mut problems,
    );
    if !problems.is_empty() {
        return Err(problems.join("; "));
    }
    Ok(capplan::check::exit_code(&rows))
}

fn main() -> anyhow::Result<()> {
    let o = options()?;
    let cat = Catalog::load(None)?;
    let corpus = corpus();
    anyhow::ensure!(!corpus.is_empty(), "no specs found to mutate");
    // Panics are caught and counted; their default message would flood the terminal.
    std::panic::set_hook(Box::new(|_| {}));
    let start = Instant::now();
    let deadline = start + Duration::from_secs_f64(o.seconds.min(1e9));
    let codes = [0, 1, 2].map(|_| AtomicU64::new(0));
    let failed = AtomicU64::new(0);
    let stop = AtomicBool::new(false);
    let fail_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-failures");
    let mut done = 0u64;
    let mut slowest = Duration::ZERO;
    while done < o.inputs && Instant::now() < deadline && !stop.load(Ordering::Relaxed) {
        let n = BATCH.min(o.inputs - done);
        let batch_slowest = (done..done + n)
            .into_par_iter()
            .map(|i| {
                let mut rng = Xoshiro256PlusPlus::seed_from_u64(
                    o.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ i,
                );
                let (name, seed_text) = &corpus[rng.gen_range(0..corpus.len())];
                let text = mutate(seed_text, &mut rng);
                let t0 = Instant::now();
                let r = std::panic::catch_unwind(AssertUnwindSafe(|| {
                    run_one(name, &text, &cat, o.requests)
                }));
                let took = t0.elapsed();
                let outcome = match r {
                    Err(p) => Err(Failure::Panic(
                        p.downcast_ref::<&str>()
                            .map(|s| s.to_string())
                            .or_else(|| p.downcast_ref::<String>().cloned())
                            .unwrap_or_default(),
                    )),
                    Ok(_) if took > INPUT_BOUND => Err(Failure::Slow(took)),
                    Ok(Err(e)) => Err(Failure::Bad(e)),
                    Ok(Ok(c)) => Ok(c),
                };
                match outcome {
                    Ok(c) => {
                        codes[c as usize].fetch_add(1, Ordering::Relaxed);
                    }
                    Err(f) => {
                        let k = failed.fetch_add(1, Ordering::Relaxed);
                        eprintln!("input {i} ({name}): {f}");
                        if k < 100 {
                            let _ = std::fs::create_dir_all(&fail_dir);
                            let _ = std::fs::write(fail_dir.join(format!("{i}-{name}")), &text);
                        }
                        if k >= 1000 {
                            stop.store(true, Ordering::Relaxed);
                        }
                    }
                }
                took
            })
            .max()
            .unwrap_or_default();
        slowest = slowest.max(batch_slowest);
        done += n;
    }
    let secs = start.elapsed().as_secs_f64();
    let f = failed.load(Ordering::Relaxed);
    println!(
        "{done} inputs (seed {}) in {secs:.1} s, {:.0} inputs/s: exit 0 ×{}, exit 1 ×{}, exit 2 ×{}, failures {f}; slowest input {:.3} s",
        o.seed,
        done as f64 / secs,
        codes[0].load(Ordering::Relaxed),
        codes[1].load(Ordering::Relaxed),
        codes[2].load(Ordering::Relaxed),
        slowest.as_secs_f64()
    );
    if f > 0 {
        println!("failing inputs are in {}", fail_dir.display());
        std::process::exit(1);
    }
    Ok(())
}
