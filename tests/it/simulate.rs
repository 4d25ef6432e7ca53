//! `capplan simulate` end to end.

use crate::common::capplan;
use predicates::prelude::*;
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let out = capplan()
        .arg("simulate")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("NaN") && !text.contains("inf"), "{text}");
    serde_json::from_str(&text).unwrap()
}

const SMALL: [&str; 4] = ["--requests", "50K", "--replications", "4"];

#[test]
fn json_has_the_contract_keys() {
    let mut args = vec![
        "--arrival-rate",
        "900/s",
        "--service-time",
        "10ms",
        "--servers",
        "12",
    ];
    args.extend(SMALL);
    let v = json(&args);
    assert_eq!(v["stable"], true);
    for k in [
        "utilization",
        "p_wait",
        "mean_wait_ms",
        "mean_response_ms",
        "p50_ms",
        "p95_ms",
        "p99_ms",
        "p999_ms",
    ] {
        assert!(
            v["analytic"][k].is_number(),
            "analytic.{k}: {}",
            v["analytic"]
        );
    }
    for k in [
        "utilization",
        "mean_wait_ms",
        "mean_response_ms",
        "p50_ms",
        "p95_ms",
        "p99_ms",
        "p999_ms",
        "rejected_fraction",
    ] {
        assert!(
            v["simulated"][k].is_number(),
            "simulated.{k}: {}",
            v["simulated"]
        );
    }
    // Measured: the requested 200,000 plus the warm-up segments MSER kept (at most the
    // 20,000-request budget), less nothing.
    let measured = v["simulated"]["requests"].as_u64().unwrap();
    let discarded = v["station"]["warmup_discarded_mean"].as_f64().unwrap();
    assert!((200_000..=220_000).contains(&measured), "{measured}");
    assert_eq!(v["station"]["warmup_rule"], "mser");
    assert!(
        (measured as f64 + discarded * 4.0 - 220_000.0).abs() < 1e-6,
        "{measured} {discarded}"
    );
    // Each interval is centred on the figure it describes (sectioning).
    let p99 = v["simulated"]["p99_ms"].as_f64().unwrap();
    let ci = v["simulated"]["p99_ci95_ms"].as_array().unwrap();
    let mid = (ci[0].as_f64().unwrap() + ci[1].as_f64().unwrap()) / 2.0;
    assert!((mid / p99 - 1.0).abs() < 1e-9, "{mid} vs {p99}");
    for k in ["mean_response_ci95_ms", "p99_ci95_ms"] {
        let ci = v["simulated"][k].as_array().unwrap();
        assert_eq!(ci.len(), 2);
        assert!(ci[0].as_f64().unwrap() <= ci[1].as_f64().unwrap());
    }
    assert_eq!(v["analytic"]["method"], "exact (M/M/c)");
    // Exact M/M/12 at 900/s, 10 ms: W = 10.887 ms (Erlang C); the simulation is close.
    let w = v["analytic"]["mean_response_ms"].as_f64().unwrap();
    assert!((w - 10.887).abs() < 0.01, "{w}");
    let s = v["simulated"]["mean_response_ms"].as_f64().unwrap();
    assert!((s / w - 1.0).abs() < 0.03, "{s} vs {w}");
}

#[test]
fn same_seed_same_output() {
    let args = [
        "simulate",
        "--arrival-rate",
        "2K/s",
        "--service-time",
        "3ms",
        "--servers",
        "8",
        "--requests",
        "20K",
        "--seed",
        "7",
    ];
    let a = capplan().args(args).output().unwrap();
    let b = capplan().args(args).output().unwrap();
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn table_labels_exact_and_approximate() {
    capplan()
        .args([
            "simulate",
            "--arrival-rate",
            "900/s",
            "--service-time",
            "10ms",
            "--servers",
            "12",
            "--requests",
            "20K",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("exact (M/M/c)"))
        .stdout(predicate::str::contains("p99.9"));
    capplan()
        .args([
            "simulate",
            "--arrival-rate",
            "900/s",
            "--service-time",
            "10ms",
            "--servers",
            "12",
            "--cv",
            "1.5",
            "--requests",
            "20K",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("approximate (Allen–Cunneen)"));
}

#[test]
fn saturated_finishes_and_says_so() {
    let mut args = vec![
        "--arrival-rate",
        "1500/s",
        "--service-time",
        "10ms",
        "--servers",
        "12",
    ];
    args.extend(SMALL);
    let v = json(&args);
    assert_eq!(v["stable"], false);
    assert_eq!(v["saturated"], true);
    assert!((v["analytic"]["utilization"].as_f64().unwrap() - 1.25).abs() < 1e-12);
    assert!(v["analytic"]["mean_response_ms"].is_null());
    assert!(v["analytic"]["p99_ms"].is_null());
    assert_eq!(v["simulated"]["latency_growing"], true);
    assert!(v["simulated"]["mean_response_ms"].is_number());
    capplan()
        .arg("simulate")
        .args(&args)
        .assert()
        .success()
        .stdout(predicate::str::contains("SATURATED"))
        .stdout(predicate::str::contains("grew from"));
}

#[test]
fn every_distribution_and_arrival_process_runs() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("lat.txt");
    std::fs::write(&file, "# measured\n8\n9.5\n12ms\n30 ms\n0.1s\n").unwrap();
    let f = file.to_str().unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["--service-time", "10ms", "--service-dist", "det"],
        vec!["--service-time", "10ms", "--p99", "40ms"],
        vec![
            "--service-time",
            "10ms",
            "--service-dist",
            "gamma",
            "--cv",
            "0.5",
        ],
        vec!["--empirical-file", f],
        vec!["--service-time", "10ms", "--arrivals", "bursty"],
        vec![
            "--service-time",
            "10ms",
            "--arrivals",
            "diurnal",
            "--diurnal-period",
            "1min",
        ],
        vec![
            "--service-time",
            "10ms",
            "--queue-capacity",
            "5",
            "--timeout",
            "20ms",
        ],
    ];
    for extra in cases {
        let mut args = vec!["--arrival-rate", "300/s", "--servers", "4"];
        args.extend(&extra);
        args.extend(["--requests", "20K", "--replications", "2"]);
        let v = json(&args);
        assert!(v["simulated"]["p99_ms"].is_number(), "{extra:?}: {v}");
    }
}

#[test]
fn rejected_share_is_reported() {
    let v = json(&[
        "--arrival-rate",
        "3/s",
        "--service-time",
        "1s",
        "--servers",
        "4",
        "--queue-capacity",
        "0",
        "--requests",
        "50K",
        "--replications",
        "4",
    ]);
    // Erlang B(4, 3) = 0.2061.
    let r = v["simulated"]["rejected_fraction"].as_f64().unwrap();
    assert!((r - 0.2061).abs() < 0.01, "{r}");
    assert!(v["analytic"]["mean_response_ms"].is_null());
}

fn fails_with(args: &[&str], flag: &str) {
    capplan()
        .arg("simulate")
        .args(args)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(flag))
        .stderr(predicate::str::contains("expected"));
}

#[test]
fn bad_inputs_exit_2_with_a_clear_message() {
    let base = |over: &[(&str, &str)]| -> Vec<String> {
        let mut m = vec![
            ("--arrival-rate", "900/s"),
            ("--service-time", "10ms"),
            ("--servers", "12"),
        ];
        for (k, v) in over {
            if let Some(e) = m.iter_mut().find(|e| e.0 == *k) {
                e.1 = v;
            } else {
                m.push((k, v));
            }
        }
        m.iter()
            .flat_map(|(k, v)| [k.to_string(), v.to_string()])
            .collect()
    };
    for (over, flag) in [
        (vec![("--servers", "0")], "--servers"),
        (vec![("--servers", "2.5")], "--servers"),
        (vec![("--arrival-rate", "-5/s")], "--arrival-rate"),
        (vec![("--arrival-rate", "0/s")], "--arrival-rate"),
        (vec![("--service-time", "abc")], "--service-time"),
        (vec![("--service-time", "-10ms")], "--service-time"),
        (vec![("--service-time", "10")], "--service-time"),
        (vec![("--requests", "0")], "--requests"),
        (vec![("--timeout", "-1s")], "--timeout"),
        (vec![("--p99", "5ms")], "--p99"),
        (vec![("--cv", "0")], "--cv"),
    ] {
        let args = base(&over);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        fails_with(&args, flag);
    }
    // A parameter for another distribution is refused, naming both.
    capplan()
        .args([
            "simulate",
            "--arrival-rate",
            "9/s",
            "--service-time",
            "10ms",
            "--servers",
            "1",
            "--service-dist",
            "det",
            "--cv",
            "2",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--cv").and(predicate::str::contains("gamma")));
}
