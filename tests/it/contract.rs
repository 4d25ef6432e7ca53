//! JSON contract v1: every JSON document carries its version header and validates against the
//! schema `capplan schema --output …` publishes.

use crate::common::{capplan, json_output};
use serde_json::Value;

fn schema(of: &str) -> jsonschema::Validator {
    let out = capplan().args(["schema", "--output", of]).output().unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).expect("schema is JSON");
    jsonschema::validator_for(&v).expect("schema compiles")
}

/// stdout as JSON whatever the exit status (check exits 1 when a check fails).
fn json_any_status(args: &[&str]) -> Value {
    let out = capplan().args(args).output().unwrap();
    assert!(out.status.code().is_some_and(|c| c < 2), "{args:?}");
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

fn assert_valid(v: &jsonschema::Validator, doc: &Value, what: &str) {
    let errors: Vec<String> = v
        .iter_errors(doc)
        .take(10)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}:\n{}", errors.join("\n"));
}

fn assert_header(doc: &Value, what: &str) {
    assert_eq!(doc["format_version"], 1, "{what}");
    assert_eq!(doc["capplan_version"], env!("CARGO_PKG_VERSION"), "{what}");
    let date = doc["catalog_prices_as_of"].as_str().unwrap_or("");
    assert!(date.starts_with("20"), "{what}: {date}");
}

#[test]
fn estimate_json_validates_with_and_without_explain_and_uncertainty() {
    let v = schema("estimate");
    let mut shapes = Vec::new();
    for args in [
        &["estimate", "specs/url-shortener.yaml", "-f", "json"][..],
        &[
            "estimate",
            "specs/url-shortener.yaml",
            "-f",
            "json",
            "--explain",
        ],
        &[
            "estimate",
            "specs/chat.yaml",
            "-f",
            "json",
            "--uncertainty",
            "--samples",
            "50",
        ],
        &[
            "estimate",
            "specs/linkpulse-1-launch.yaml",
            "-f",
            "json",
            "--requests",
            "0",
        ],
    ] {
        let doc = json_output(args);
        assert_header(&doc, &format!("{args:?}"));
        assert_valid(&v, &doc, &format!("{args:?}"));
        let mut keys: Vec<String> = doc.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        shapes.push(keys);
    }
    // `--explain` fills `derivations`; it does not add or remove a key.
    assert_eq!(shapes[0], shapes[1]);
    assert_eq!(shapes[0], shapes[3]);
}

#[test]
fn check_and_diff_json_validate() {
    let check = json_any_status(&[
        "check",
        "specs/url-shortener.yaml",
        "specs/chat.yaml",
        "-f",
        "json",
    ]);
    assert_header(&check, "check");
    assert_valid(&schema("check"), &check, "check");
    let diff = json_output(&[
        "diff",
        "specs/linkpulse-1-launch.yaml",
        "specs/linkpulse-2-week-two.yaml",
        "-f",
        "json",
    ]);
    assert_header(&diff, "diff");
    assert_valid(&schema("diff"), &diff, "diff");
}

#[test]
fn timeline_and_compare_clouds_carry_the_header() {
    let t = json_output(&["timeline", "specs/url-shortener.yaml", "-f", "json"]);
    assert_header(&t, "timeline");
    let c = json_output(&[
        "estimate",
        "specs/url-shortener.yaml",
        "--compare-clouds",
        "-f",
        "json",
    ]);
    assert_header(&c, "compare-clouds");
}

#[test]
fn costs_are_rounded_to_cents() {
    let doc = json_output(&["estimate", "specs/file-storage.yaml", "-f", "json"]);
    for k in ["monthly_low_usd", "monthly_high_usd"] {
        let x = doc["cost"][k].as_f64().unwrap();
        assert!(((x * 100.0).round() - x * 100.0).abs() < 1e-6, "{k} = {x}");
    }
    let text = serde_json::to_string(&doc).unwrap();
    assert!(
        !text.contains(".0000000") && !text.contains("9999999999999"),
        "float noise left in the JSON"
    );
}

#[test]
fn simulate_and_calibrate_json_validate() {
    let sim = json_output(&[
        "simulate",
        "--arrival-rate",
        "80/s",
        "--servers",
        "4",
        "--service-time",
        "40 ms",
        "--requests",
        "20K",
        "--format",
        "json",
    ]);
    assert_header(&sim, "simulate");
    assert_valid(&schema("simulate"), &sim, "simulate");
    let cal = json_output(&[
        "calibrate",
        "examples/load-test.csv",
        "--samples",
        "examples/latency-samples.txt",
        "--instance",
        "m5.xlarge",
        "--date",
        "2025-06-02",
        "--format",
        "json",
    ]);
    assert_header(&cal, "calibrate");
    assert_valid(&schema("calibrate"), &cal, "calibrate");
}

/// Every key whose value is a number, as `parent.key` (array indices left out).
fn number_keys(v: &Value, at: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if x.is_number() {
                    out.push(format!("{at}.{k}"));
                }
                number_keys(x, &format!("{at}.{k}"), out);
            }
        }
        Value::Array(a) => {
            for x in a {
                if x.is_number() {
                    out.push(format!("{at}[]"));
                }
                number_keys(x, &format!("{at}[]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_number_names_its_unit() {
    // The names before v1: a bare `low`/`high` in dollars, rates in `qps`/`_per_sec`, a
    // p99 in seconds beside the others in milliseconds.
    let unitless_money_or_rate = |k: &str| {
        matches!(
            k,
            "low"
                | "high"
                | "monthly_low"
                | "monthly_high"
                | "budget"
                | "unit_price"
                | "monthly_mid"
                | "monthly_change"
                | "spread"
                | "edges"
                | "rate"
                | "arrival_rate"
                | "analytic_p99_s"
        ) || k.ends_with("_qps")
            || k.ends_with("_per_sec")
    };
    for args in [
        &["estimate", "specs/url-shortener-regions.yaml", "-f", "json"][..],
        &[
            "estimate",
            "specs/chat.yaml",
            "-f",
            "json",
            "--uncertainty",
            "--samples",
            "50",
        ],
        &[
            "estimate",
            "specs/chat.yaml",
            "--compare-clouds",
            "-f",
            "json",
        ],
        &["timeline", "specs/chat.yaml", "-f", "json"],
        &[
            "diff",
            "specs/linkpulse-1-launch.yaml",
            "specs/linkpulse-2-week-two.yaml",
            "-f",
            "json",
        ],
    ] {
        let mut keys = Vec::new();
        number_keys(&json_output(args), "", &mut keys);
        let bad: Vec<&String> = keys
            .iter()
            .filter(|k| {
                let leaf = k.rsplit('.').next().unwrap().trim_end_matches("[]");
                unitless_money_or_rate(leaf)
            })
            .collect();
        assert!(bad.is_empty(), "{args:?}: {bad:?}");
    }
    let doc = json_output(&["estimate", "specs/url-shortener.yaml", "-f", "json"]);
    let l = &doc["latency"];
    // The analytic p99 is in milliseconds like the simulated one, so the two compare.
    let (sim, ana) = (
        l["p99_ms"].as_f64().unwrap(),
        l["analytic_p99_ms"].as_f64().unwrap(),
    );
    assert!(
        ana > sim * 0.5 && ana < sim * 2.0,
        "p99 {sim} ms, analytic {ana} ms"
    );
}

#[test]
fn check_rows_are_numbers_with_a_unit() {
    let doc = json_any_status(&["check", "specs/url-shortener.yaml", "-f", "json"]);
    let rows = doc["checks"].as_array().unwrap();
    let row = |name: &str| rows.iter().find(|r| r["name"] == name).unwrap();
    let budget = row("budget");
    assert_eq!(budget["unit"], "usd");
    assert_eq!(budget["limit"], 50000.0);
    let v = budget["value"].as_f64().unwrap();
    assert!(((v * 100.0).round() - v * 100.0).abs() < 1e-6, "{v}");
    assert!(budget["display"]["value"]
        .as_str()
        .unwrap()
        .starts_with('$'));
    let p99 = row("p99 latency");
    assert_eq!(p99["unit"], "ms");
    assert_eq!(p99["limit"], 100.0);
    // The figure estimate reports as its p99.
    let est = json_output(&["estimate", "specs/url-shortener.yaml", "-f", "json"]);
    let est_p99 = est["latency"]["p99_ms"].as_f64().unwrap();
    assert!((p99["value"].as_f64().unwrap() - est_p99).abs() < 1e-6 * est_p99);
    let avail = row("availability");
    assert_eq!(avail["unit"], "fraction");
    assert_eq!(avail["limit"], 0.9999);
    assert!(avail["value"].as_f64().unwrap() < 1.0);
}
