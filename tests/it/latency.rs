//! Request paths: simulated latency, the cross-check, SLO-driven sizing.

use crate::common::capplan;
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    crate::common::json_output(args)
}

#[test]
fn every_spec_gets_a_latency_section_with_the_contract_keys() {
    for entry in std::fs::read_dir(crate::common::root().join("specs")).unwrap() {
        let path = entry.unwrap().path();
        let v = json(&[
            "estimate",
            path.to_str().unwrap(),
            "--format",
            "json",
            "--requests",
            "10K",
        ]);
        let l = &v["latency"];
        for k in ["p50_ms", "p95_ms", "p99_ms", "p999_ms"] {
            assert!(
                l[k].as_f64().unwrap() > 0.0,
                "{}: latency.{k}",
                path.display()
            );
        }
        assert!(l.get("slo_p99_ms").is_some() && l.get("meets_slo").is_some());
        assert!(!l["classes"].as_array().unwrap().is_empty());
        for s in l["stations"].as_array().unwrap() {
            for k in ["role", "servers", "utilization", "mean_wait_ms", "p99_ms"] {
                assert!(s.get(k).is_some(), "{}: station {k}", path.display());
            }
        }
        let q = |k: &str| l[k].as_f64().unwrap();
        assert!(
            q("p50_ms") <= q("p95_ms") && q("p95_ms") <= q("p99_ms") && q("p99_ms") <= q("p999_ms")
        );
    }
}

/// The average-based size misses the p99 SLO; SLO sizing grows the app tier and then meets it.
#[test]
fn slo_sizing_grows_the_bottleneck_until_the_p99_fits() {
    let before = json(&[
        "estimate",
        "specs/slo-sizing.yaml",
        "--format",
        "json",
        "--requests",
        "0",
    ]);
    // Analytic p99 at the average-based size (2 × m5.large at 62% utilization) misses 245 ms.
    assert!(before["latency"]["p99_ms"].as_f64().unwrap() > 245.0);
    let after = json(&["estimate", "specs/slo-sizing.yaml", "--format", "json"]);
    let l = &after["latency"];
    assert_eq!(l["meets_slo"], true, "{l}");
    let steps = l["sizing_steps"].as_array().unwrap();
    assert!(!steps.is_empty());
    assert!(steps[0].as_str().unwrap().starts_with("app "), "{steps:?}");
    let app = after["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["role"] == "app")
        .unwrap();
    assert!(app["count"].as_u64().unwrap() > 2);
    assert!(after["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str().unwrap().contains("SLO sizing grew app")));
}

/// When the network alone breaks the SLO, no size fits, and the report says why.
#[test]
fn infeasible_slo_names_its_cause() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("far.yaml");
    std::fs::write(
        &spec,
        "name: far\ntraffic:\n  qps: 100/s\nslo:\n  p99: 100 ms\nfeatures: [global]\n",
    )
    .unwrap();
    let v = json(&["estimate", spec.to_str().unwrap(), "--format", "json"]);
    let why = v["latency"]["infeasible"].as_str().unwrap();
    assert!(why.contains("network round trips"), "{why}");
    assert_eq!(v["latency"]["meets_slo"], false);
    assert!(v["latency"]["sizing_steps"].as_array().unwrap().is_empty());
}

#[test]
fn same_spec_and_seed_give_identical_bytes() {
    let run = |seed: &str| {
        capplan()
            .args([
                "estimate",
                "specs/slo-sizing.yaml",
                "--format",
                "json",
                "--seed",
                seed,
            ])
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run("3"), run("3"));
    assert_ne!(run("3"), run("4"));
}

/// Cross-check: at each station of an M/M/c feed-forward network the simulated mean wait lies
/// within its confidence interval (plus the stated approximation margin) of the analytic one,
/// so no warning is raised.
#[test]
fn simulation_agrees_with_the_analytic_model() {
    let v = json(&[
        "estimate",
        "specs/slo-sizing.yaml",
        "--format",
        "json",
        "--requests",
        "200K",
    ]);
    for w in v["warnings"].as_array().unwrap() {
        assert!(
            !w.as_str().unwrap().contains("more than sampling noise"),
            "{w}"
        );
    }
    for s in v["latency"]["stations"].as_array().unwrap() {
        let (sim, ana) = (
            s["mean_wait_ms"].as_f64().unwrap(),
            s["analytic_mean_wait_ms"].as_f64().unwrap(),
        );
        assert!((sim - ana).abs() <= 0.15 * ana + 0.1, "{s}");
    }
}
