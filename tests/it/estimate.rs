//! `capplan estimate` end to end.

use crate::common::{capplan, root};
use capplan::catalog::Catalog;
use capplan::spec::{parse, Syntax};
use predicates::prelude::*;
use serde_json::Value;

fn all_specs() -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(root().join("specs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "toml")
            )
        })
        .collect();
    v.sort();
    v
}

fn json_of(spec: &str) -> Value {
    crate::common::json_output(&["estimate", spec, "--format", "json"])
}

#[test]
fn every_spec_runs_in_every_format() {
    let specs = all_specs();
    assert!(specs.len() >= 10, "specs/ holds the nine designs and more");
    for spec in specs {
        for format in ["table", "json", "markdown"] {
            let out = capplan()
                .args(["estimate", spec.to_str().unwrap(), "--format", format])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{} --format {format}: {}",
                spec.display(),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(!out.stdout.is_empty());
            if format == "json" {
                let v: Value = serde_json::from_slice(&out.stdout).unwrap();
                check_json_contract(&v);
            }
        }
    }
}

/// The JSON keys of the v1 contract.
fn check_json_contract(v: &Value) {
    assert!(v["name"].is_string());
    for k in [
        "avg_requests_per_s",
        "peak_requests_per_s",
        "reads_per_s",
        "writes_per_s",
        "ingress_bytes_per_s",
        "egress_bytes_per_s",
    ] {
        assert!(v["workload"][k].is_number(), "workload.{k}");
    }
    assert!(v["workload"].get("peak_concurrent_users").is_some());
    for k in ["bytes_per_day", "total_bytes", "object_storage_bytes"] {
        assert!(v["storage"][k].is_number(), "storage.{k}");
    }
    let roles = [
        "cdn",
        "waf",
        "load_balancer",
        "api_gateway",
        "app",
        "cache",
        "database",
        "db_standby",
        "read_replica",
        "queue",
        "stream",
        "worker",
        "search",
        "object_storage",
        "websocket",
        "service_mesh",
    ];
    for c in v["components"].as_array().unwrap() {
        assert!(roles.contains(&c["role"].as_str().unwrap()), "{c}");
        assert!(c["technology"].is_string());
        assert!(c["tier"].is_string() || c["tier"].is_null());
        assert!(c["count"].as_u64().unwrap() >= 1);
        assert!(c["utilization"].is_number() || c["utilization"].is_null());
        assert!(
            c["monthly_cost"]["low_usd"].as_f64().unwrap()
                <= c["monthly_cost"]["high_usd"].as_f64().unwrap()
        );
    }
    assert!(v["phase"]["number"].as_u64().unwrap() >= 1);
    assert!(v["phase"]["name"].is_string());
    assert!(v["phase"]["ladder_rung"].as_u64().unwrap() >= 1);
    assert!(v["phase"].get("band").is_some());
    assert!(v["cost"]["monthly_low_usd"].is_number() && v["cost"]["monthly_high_usd"].is_number());
    assert!(v["availability"]["composite"].is_number());
    assert!(v["availability"]["downtime_minutes_per_year"].is_number());
    assert!(v["warnings"].is_array());
    for a in v["assumptions"].as_array().unwrap() {
        assert!(a["name"].is_string() && a["value"].is_string() && a["source"].is_string());
    }
}

/// Seed 002's estimation tip: 10M users, 50,000 concurrent at peak → m5.xlarge app servers,
/// 2–3 before N+1, and a db.r5.xlarge database when its load is in that tier's range.
#[test]
fn seed_002_estimation_tip() {
    let v = json_of("specs/estimation-tip.yaml");
    let comps = v["components"].as_array().unwrap();
    let app = comps.iter().find(|c| c["role"] == "app").unwrap();
    assert_eq!(app["tier"], "m5.xlarge");
    // 50,000 ÷ 20,000 (midpoint of 10K–30K) = 2.5 → 3 before redundancy. Surviving a zone:
    // 2.5 ÷ 85% = 2.94 → 3 survivors → 5 over 3 zones (2/2/1), 83% after losing one.
    assert_eq!(app["count"], 5);
    assert_eq!(app["per_zone"], serde_json::json!([2, 2, 1]));
    let after = app["utilization_after_zone_loss"].as_f64().unwrap();
    assert!((after - 2.5 / 3.0).abs() < 1e-9, "{after}");
    let db = comps.iter().find(|c| c["role"] == "database").unwrap();
    assert_eq!(db["tier"], "db.r5.xlarge");
    assert_eq!(db["count"], 1);
    assert!(comps.iter().any(|c| c["role"] == "load_balancer"));
    // Database load: writes 231.5/s × 3 + reads 925.9/s × 5 = 5,324/s, inside 5K–15K.
    let util = db["utilization"].as_f64().unwrap();
    assert!((util - 5324.07 / 10_000.0).abs() < 1e-3, "{util}");
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("design.md");
    capplan()
        .args([
            "estimate",
            "specs/estimation-tip.yaml",
            "--format",
            "markdown",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("# Estimation tip"));
    assert!(text.contains("```mermaid"));
    // No stray temporary files beside it: the report and its charts only.
    for e in std::fs::read_dir(dir.path()).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        assert!(
            name == "design.md" || (name.starts_with("design-") && name.ends_with(".svg")),
            "{name}"
        );
    }
    // An unwritable destination fails cleanly and leaves nothing behind.
    capplan()
        .args([
            "estimate",
            "specs/estimation-tip.yaml",
            "-o",
            "/nonexistent-dir/x.md",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot"));
}

#[test]
fn explain_shows_formulas() {
    capplan()
        .args(["estimate", "specs/estimation-tip.yaml", "--explain"])
        .assert()
        .success()
        .stdout(predicate::str::contains("DAU × requests per user ÷ 86,400"))
        .stdout(predicate::str::contains("10M × 5 ÷ 86,400 = 579 req/s"));
}

#[test]
fn same_spec_same_bytes() {
    let a = capplan()
        .args(["estimate", "specs/estimation-tip.yaml", "--format", "json"])
        .output()
        .unwrap();
    let b = capplan()
        .args(["estimate", "specs/estimation-tip.yaml", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(a.stdout, b.stdout);
}

fn write_spec(text: &str, ext: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(format!("spec.{ext}"));
    std::fs::write(&p, text).unwrap();
    (dir, p)
}

#[test]
fn bad_specs_exit_2_with_place_and_hint() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "name: x\ntraffic:\n  dau: 10M\n  requests_per_user: 10\n  read_write_ratoi: 100:1\n",
            "yaml",
            &["spec.yaml:5:3", "traffic.read_write_ratoi", "did you mean `read_write_ratio`?"],
        ),
        (
            "name: x\ntraffic:\n  dau: -3\n  requests_per_user: 10\n",
            "yaml",
            &["spec.yaml:3:3", "traffic.dau", "greater than zero"],
        ),
        (
            "name: x\ntraffic:\n  dau: 10M\n  requests_per_user: [1]\n",
            "yaml",
            &["spec.yaml:4", "traffic.requests_per_user"],
        ),
        (
            "name: x\ntraffic:\n  dau: 1e30\n  requests_per_user: 1\n",
            "yaml",
            &["traffic.dau", "absurd"],
        ),
        (
            "name = \"x\"\n[traffic]\ndau = \"10M\"\nrequests_per_user = 0\n",
            "toml",
            &["spec.toml:4:1", "traffic.requests_per_user"],
        ),
        ("name: x\ntraffic: [\n", "yaml", &["spec.yaml"]),
        (
            "name: x\ntraffic:\n  dau: 10M\n  requests_per_user: 10\nchoices:\n  database: postgress\n",
            "yaml",
            &["spec.yaml:6:3", "did you mean `postgresql`?"],
        ),
    ];
    for (text, ext, needles) in cases {
        let (_d, p) = write_spec(text, ext);
        let out = capplan().arg("estimate").arg(&p).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{text}");
        let err = String::from_utf8_lossy(&out.stderr);
        for n in *needles {
            assert!(err.contains(n), "missing {n:?} in:\n{err}");
        }
        assert!(!err.contains("panicked"), "{err}");
    }
    capplan()
        .args(["estimate", "no-such-file.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-file.yaml"));
    let (_d, p) = write_spec("name: x", "txt");
    capplan()
        .arg("estimate")
        .arg(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "a .yaml, .yml, .toml or .json file",
        ));
}

#[test]
fn snapshots_of_two_specs() {
    for spec in ["specs/estimation-tip.yaml", "specs/url-shortener.yaml"] {
        let stem = std::path::Path::new(spec)
            .file_stem()
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        for format in ["table", "markdown", "json"] {
            let out = capplan()
                .args(["estimate", spec, "--format", format])
                .output()
                .unwrap();
            assert!(out.status.success());
            insta::assert_snapshot!(
                format!("{stem}-{format}"),
                String::from_utf8(out.stdout).unwrap()
            );
        }
    }
}

#[test]
fn catalog_commands() {
    capplan()
        .args(["catalog", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("m5.xlarge"))
        .stdout(predicate::str::contains("db.r5.2xlarge"));
    capplan()
        .args(["catalog", "show", "m5.xlarge"])
        .assert()
        .success()
        .stdout(predicate::str::contains("System Design Guide"));
    capplan()
        .args(["catalog", "show", "postgresq"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `postgresql`?"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("prices.yaml"),
        "figures:\n  egress.usd_per_gb:\n    value: 0.05\n    unit: USD/GB\n    meaning: negotiated\n    source: our contract\n",
    )
    .unwrap();
    capplan()
        .args(["catalog", "validate"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("egress.usd_per_gb"));
    std::fs::write(
        dir.path().join("bad.yaml"),
        "compute_tiers:\n  - name: x\n    awz: m5\n",
    )
    .unwrap();
    capplan()
        .args(["catalog", "validate"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.yaml:3:5"))
        .stderr(predicate::str::contains("did you mean `aws`?"));
}

/// Helper for the property test below.
fn phase_for_dau(dau: f64, rpu: f64, ratio: f64) -> u8 {
    let text = format!(
        "name: p\ntraffic:\n  dau: {dau}\n  requests_per_user: {rpu}\n  read_write_ratio: {ratio}:1\nslo:\n  availability: 99.9%\n"
    );
    let s = parse("p.yaml", &text, Syntax::Yaml).unwrap().spec;
    capplan::plan::build(&s, &Catalog::builtin().unwrap())
        .phase
        .number
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
    /// The phase never decreases as DAU grows with everything else fixed.
    #[test]
    fn phase_never_decreases_with_dau(
        dau in 100.0f64..1e8,
        factor in 1.0f64..50.0,
        rpu in 1.0f64..200.0,
        ratio in 1.0f64..1000.0,
    ) {
        let (a, b) = (phase_for_dau(dau, rpu, ratio), phase_for_dau(dau * factor, rpu, ratio));
        proptest::prop_assert!(a <= b, "phase {a} at {dau} but {b} at {}", dau * factor);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
    /// No input makes the parser panic: arbitrary text.
    #[test]
    fn parser_never_panics_on_text(text in "\\PC{0,200}") {
        let _ = parse("f.yaml", &text, Syntax::Yaml);
        let _ = parse("f.toml", &text, Syntax::Toml);
    }

    /// Nor do well-formed specs with hostile values, and any spec that parses also plans.
    #[test]
    fn hostile_values_never_panic(
        key in proptest::sample::select(vec![
            "dau", "requests_per_user", "qps", "peak_qps", "read_write_ratio", "peak_factor",
            "concurrent_users", "fanout",
        ]),
        value in proptest::sample::select(vec![
            "0", "-1", "1e308", "-0", ".nan", ".inf", "\"1..0\"", "\"5M..20M\"", "\"0%\"", "\"100%\"",
            "\"1:0\"", "\"0:1\"", "\"$5\"", "\"1 KB\"", "\"{dist: pert, low: 1, mode: 1, high: 1}\"",
            "{dist: uniform, low: 1, high: 2}", "{dist: normal, mean: 5, sd: 100}", "[]", "{}",
            "\"9999999999999999999999\"", "\"1e-300\"", "\"3.5K/min\"",
        ]),
        extra in proptest::sample::select(vec![
            "", "data:\n  retention: 1 ns\n", "data:\n  hot_set: 1e-9\n", "growth:\n  yearly: 10000%\n  horizon: 1000 years\n",
            "slo:\n  availability: 99.999999%\n  p99: 1 ns\n", "budget:\n  monthly: $0.01\n",
            "features: [media, search, realtime, fanout, async_jobs, global]\nteam_size: 1000\n",
        ]),
    ) {
        let text = format!("name: x\ntraffic:\n  dau: 10M\n  requests_per_user: 10\n  {key}: {value}\n{extra}");
        let text = text.replacen(&format!("  {key}: 10M\n  {key}:", key = key), &format!("  {key}:", key = key), 1);
        if let Ok(ls) = parse("f.yaml", &text, Syntax::Yaml) {
            let p = capplan::plan::build(&ls.spec, &Catalog::builtin().unwrap());
            proptest::prop_assert!(p.cost.monthly_low.is_finite() && p.cost.monthly_high.is_finite());
            let json = serde_json::to_string(&p).unwrap();
            proptest::prop_assert!(!json.contains("NaN"));
        }
    }
}

/// In a pipe without `COLUMNS` nothing is hard-wrapped; `--width` and `COLUMNS` fit the tables.
#[test]
fn tables_fit_the_width_asked_for_and_do_not_wrap_in_a_pipe() {
    let run = |width: Option<&str>, columns: Option<&str>| {
        let mut c = crate::common::capplan();
        c.env_remove("COLUMNS")
            .args(["estimate", "specs/chat.yaml"]);
        if let Some(w) = width {
            c.args(["--width", w]);
        }
        if let Some(cols) = columns {
            c.env("COLUMNS", cols);
        }
        let out = c.output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let piped = run(None, None);
    let held = piped
        .lines()
        .find(|l| l.contains("held at horizon"))
        .unwrap();
    assert!(held.contains("growth/yr)"), "wrapped in a pipe: {held}");
    assert!(piped.lines().any(|l| l.chars().count() > 100));
    for (w, c) in [(Some("70"), None), (None, Some("70"))] {
        let fitted = run(w, c);
        let widest = fitted
            .lines()
            .filter(|l| l.starts_with('│') || l.starts_with('┌'))
            .map(|l| l.chars().count())
            .max()
            .unwrap();
        assert!(widest <= 70, "{w:?} {c:?}: {widest} columns");
    }
}

/// A report written with `-o` is not laid out for the terminal or `COLUMNS`: it is the
/// unwrapped report a pipe gets, and `--width` still fits it.
#[test]
fn a_report_written_to_a_file_is_not_wrapped_to_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("chat.txt");
    let write = |extra: &[&str]| {
        crate::common::capplan()
            .env("COLUMNS", "60")
            .args(["estimate", "specs/chat.yaml", "-q", "-o"])
            .arg(&file)
            .args(extra)
            .assert()
            .success();
        std::fs::read_to_string(&file).unwrap()
    };
    let piped = crate::common::capplan()
        .env_remove("COLUMNS")
        .args(["estimate", "specs/chat.yaml"])
        .output()
        .unwrap();
    let written = write(&[]);
    assert_eq!(written, String::from_utf8(piped.stdout).unwrap());
    assert!(written.lines().any(|l| l.chars().count() > 100));
    let fitted = write(&["--width", "70"]);
    let widest = fitted
        .lines()
        .filter(|l| l.starts_with('│') || l.starts_with('┌'))
        .map(|l| l.chars().count())
        .max()
        .unwrap();
    assert!(widest <= 70, "--width 70 with -o: {widest} columns");
}
