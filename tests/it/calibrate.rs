//! `capplan calibrate`: fits from a load test, the overlay it writes, and the estimate that
//! plans with it.

use crate::common::{capplan, json_output};

const CSV: &str = "examples/load-test.csv";
const SAMPLES: &str = "examples/latency-samples.txt";

fn app(est: &serde_json::Value) -> &serde_json::Value {
    est["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["role"] == "app")
        .unwrap()
}

#[test]
fn json_has_the_documented_keys_and_recovers_the_example() {
    let v = json_output(&[
        "calibrate",
        CSV,
        "--samples",
        SAMPLES,
        "--instance",
        "m5.xlarge",
        "--date",
        "2025-06-02",
        "--format",
        "json",
    ]);
    for k in [
        "lambda",
        "sigma",
        "kappa",
        "peak_throughput",
        "peak_concurrency",
    ] {
        assert!(v["usl"][k].is_f64(), "usl.{k}: {}", v["usl"]);
    }
    for k in ["mean_s", "cv"] {
        assert!(v["service_time"][k].is_f64(), "service_time.{k}");
    }
    assert_eq!(v["service_time"]["family"], "lognormal");
    // The example was made from λ = 240, σ = 0.04, κ = 0.0006 with 2% noise: each inside
    // its interval.
    for (k, truth) in [("lambda", 240.0), ("sigma", 0.04), ("kappa", 0.0006)] {
        let ci = &v["usl"]["ci95"][k];
        let (lo, hi) = (ci[0].as_f64().unwrap(), ci[1].as_f64().unwrap());
        assert!(lo <= truth && truth <= hi, "{k}: {lo}–{hi}");
    }
    // …and a lognormal of mean 1/240 s = 4.17 ms, cv 0.55; 1.2 ms of CPU per request.
    let mean = v["service_time"]["mean_s"].as_f64().unwrap();
    assert!((mean - 1.0 / 240.0).abs() < 2e-4, "{mean}");
    assert!((v["service_time"]["cv"].as_f64().unwrap() - 0.55).abs() < 0.03);
    assert!((v["cpu"]["cpu_s"].as_f64().unwrap() - 0.0012).abs() < 5e-5);
}

#[test]
fn the_committed_overlay_is_what_calibrate_writes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cal");
    capplan()
        .args([
            "calibrate",
            CSV,
            "--samples",
            SAMPLES,
            "--instance",
            "m5.xlarge",
        ])
        .args(["--date", "2025-06-02", "-q", "-o"])
        .arg(&out)
        .assert()
        .success();
    for f in ["calibration.yaml", "usl-fit.svg"] {
        let want =
            std::fs::read_to_string(crate::common::root().join("examples/calibration").join(f))
                .unwrap();
        let got = std::fs::read_to_string(out.join(f)).unwrap();
        assert_eq!(got, want, "{f} differs from examples/calibration/{f}");
    }
    let svg = std::fs::read_to_string(out.join("usl-fit.svg")).unwrap();
    for g in ["id=\"measured\"", "id=\"fitted\"", "id=\"peak\""] {
        assert!(svg.contains(g), "{g}");
    }
    capplan()
        .args(["catalog", "validate"])
        .arg(&out)
        .assert()
        .success();
}

#[test]
fn the_estimate_plans_with_the_calibration() {
    let spec = "specs/url-shortener.yaml";
    let base = json_output(&["estimate", spec, "--format", "json"]);
    let cal = json_output(&[
        "estimate",
        spec,
        "--calibration",
        "examples/calibration",
        "--format",
        "json",
    ]);
    // 1.19 ms of CPU and 2.9 requests in service per vCPU instead of 4 ms and 1 (each count
    // sized so that losing one of three zones leaves the rest under the failover ceiling).
    assert_eq!(app(&base)["count"], 62);
    assert_eq!(app(&cal)["count"], 23);
    assert_eq!(app(&cal)["bound_by"], "concurrency");
    let assumed = cal["assumptions"].to_string();
    assert!(assumed
        .contains("catalog overlay: load test load-test.csv + latency-samples.txt, 2025-06-02"));
    assert!(assumed.contains("app_service_distribution"));
    // The app station is the measured lognormal (cv 0.55): its squared cv is in the network.
    let st = &cal["latency"]["network"]["stations"][0];
    assert_eq!(st["service_family"], "lognormal");
    assert!((st["service_scv"].as_f64().unwrap() - 0.5499f64.powi(2)).abs() < 1e-9);
}

#[test]
fn markdown_links_the_chart() {
    let dir = tempfile::tempdir().unwrap();
    let out = capplan()
        .args([
            "calibrate",
            CSV,
            "--instance",
            "m5.xlarge",
            "--date",
            "2025-06-02",
        ])
        .args(["--format", "markdown", "-q", "-o"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.contains("![Throughput vs concurrency: measured and fitted]("),
        "{md}"
    );
    assert!(md.contains("usl-fit.svg)"));
    assert!(md.contains("## Scalability law"));
    // Without samples: a lognormal through the lowest level's p50 and p99.
    assert!(md.contains("a lognormal through its p50 and p99"), "{md}");
}

#[test]
fn bad_input_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("bad.csv");
    std::fs::write(&f, "concurrency,throughput,latency\n1,100,12\n").unwrap();
    let out = capplan().arg("calibrate").arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8(out.stderr).unwrap();
    assert!(e.contains("bad.csv:2:3: column `latency`"), "{e}");
    assert!(e.contains("latency_ms"), "{e}");
    let out = capplan()
        .args(["calibrate", CSV, "--instance", "m5.xlarg"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8(out.stderr).unwrap();
    assert!(e.contains("did you mean `m5.xlarge`?"), "{e}");
    std::fs::write(&f, "concurrency,throughput\n1,100\n2,190\n").unwrap();
    let out = capplan().arg("calibrate").arg(&f).output().unwrap();
    assert!(
        out.status.success(),
        "two levels: fits what it can and says why not the law"
    );
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("no scalability fit"), "{s}");
}
