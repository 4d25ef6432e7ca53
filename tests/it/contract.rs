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
    for k in ["monthly_low", "monthly_high"] {
        let x = doc["cost"][k].as_f64().unwrap();
        assert!(((x * 100.0).round() - x * 100.0).abs() < 1e-6, "{k} = {x}");
    }
    let text = serde_json::to_string(&doc).unwrap();
    assert!(
        !text.contains(".0000000") && !text.contains("9999999999999"),
        "float noise left in the JSON"
    );
}
