//! `capplan check` and `capplan diff`: exit codes, formats, annotations, JUnit.

use crate::common::capplan;
use predicates::prelude::*;

const D: &str = "tests/data/check";

fn check(spec: &str, extra: &[&str]) -> std::process::Output {
    capplan()
        .arg("check")
        .arg(format!("{D}/{spec}"))
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn passing_spec_exits_0() {
    let out = check("pass.yaml", &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for name in [
        "budget",
        "p99 latency",
        "availability",
        "max phase",
        "max instances (total)",
    ] {
        assert!(text.contains(name), "{name} in\n{text}");
    }
    assert!(text.contains("0 failed"));
}

#[test]
fn each_broken_budget_exits_1_and_names_the_check() {
    for (spec, failing) in [
        ("over-budget.yaml", "budget"),
        ("slow.yaml", "p99 latency"),
        ("fragile.yaml", "availability"),
    ] {
        let out = check(spec, &["--format", "json"]);
        assert_eq!(out.status.code(), Some(1), "{spec}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let failed: Vec<&str> = v["checks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["status"] == "fail")
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(failed, vec![failing], "{spec}");
        assert_eq!(v["ok"], false);
    }
}

#[test]
fn broken_spec_exits_2() {
    capplan()
        .args(["check", &format!("{D}/broken.yaml")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("broken.yaml:2"))
        .stderr(predicate::str::contains("traffic.qps"));
}

#[test]
fn github_annotations_point_at_the_budget_line() {
    let out = check("over-budget.yaml", &["--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text.lines().find(|l| l.starts_with("::error ")).unwrap();
    // `monthly: $100` is on line 5, column 3 of the spec.
    assert!(
        line.starts_with(&format!(
            "::error file={D}/over-budget.yaml,line=5,col=3,title=capplan check%3A budget::"
        )),
        "{line}"
    );
}

#[test]
fn junit_parses_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.xml");
    capplan()
        .args([
            "check",
            &format!("{D}/pass.yaml"),
            &format!("{D}/over-budget.yaml"),
            "--format",
            "junit",
            "-o",
        ])
        .arg(&report)
        .assert()
        .code(1);
    let xml = std::fs::read_to_string(&report).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 2);
    let cases = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .count();
    let failures = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .count();
    assert_eq!(
        root.attribute("tests").unwrap().parse::<usize>().unwrap(),
        cases
    );
    assert_eq!(
        root.attribute("failures")
            .unwrap()
            .parse::<usize>()
            .unwrap(),
        failures
    );
    assert_eq!(failures, 1);
    assert_eq!(suites[1].attribute("failures"), Some("1"));
}

#[test]
fn strict_turns_warnings_into_failures() {
    // 70 req/s × 50 ms on 2 × m5.large (4 vCPUs) runs at 87.5%: above the 85% warning line.
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("hot.yaml");
    std::fs::write(
        &spec,
        "name: hot\ntraffic: { peak_qps: 70/s }\nservice_time: { app: 50 ms }\nchoices: { app_tier: growth }\nassumptions: { target_utilization: 95% }\n",
    )
    .unwrap();
    let lenient = capplan().arg("check").arg(&spec).output().unwrap();
    let text = String::from_utf8_lossy(&lenient.stdout).to_string();
    assert!(text.contains("WARN"), "{text}");
    assert_eq!(lenient.status.code(), Some(0));
    capplan()
        .arg("check")
        .arg(&spec)
        .arg("--strict")
        .assert()
        .code(1);
}

#[test]
fn cost_increase_against_a_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.json");
    let out = capplan()
        .args(["estimate", &format!("{D}/pass.yaml"), "--format", "json"])
        .output()
        .unwrap();
    std::fs::write(&base, &out.stdout).unwrap();
    let head = dir.path().join("head.yaml");
    std::fs::write(
        &head,
        "name: bigger\ntraffic: { qps: 2000/s, read_write_ratio: 10:1 }\nlimits: { max_monthly_cost_increase: 10% }\n",
    )
    .unwrap();
    capplan()
        .arg("check")
        .arg(&head)
        .arg("--baseline")
        .arg(&base)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("max cost increase"));
}

#[test]
fn diff_markdown_leads_with_a_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let head = dir.path().join("head.yaml");
    std::fs::write(
        &head,
        "name: passes every check\ntraffic: { qps: 2000/s, read_write_ratio: 10:1 }\nslo: { p99: 200 ms, availability: 99.9% }\n",
    )
    .unwrap();
    let out = capplan()
        .args(["diff", &format!("{D}/pass.yaml")])
        .arg(&head)
        .args(["--format", "markdown"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).unwrap();
    let first = md.lines().next().unwrap();
    assert!(first.starts_with("**capplan:** +$"), "{first}");
    assert!(md.contains("| app |"), "{md}");
    // No noise when nothing changed.
    let same = capplan()
        .args([
            "diff",
            &format!("{D}/pass.yaml"),
            &format!("{D}/pass.yaml"),
            "--format",
            "markdown",
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(same.stdout).unwrap(),
        "**capplan:** no change to cost, capacity, latency or availability\n"
    );
}

#[test]
fn diff_reads_saved_json_too() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.json");
    let out = capplan()
        .args(["estimate", &format!("{D}/pass.yaml"), "--format", "json"])
        .output()
        .unwrap();
    std::fs::write(&base, &out.stdout).unwrap();
    let v: serde_json::Value = serde_json::from_slice(
        &capplan()
            .arg("diff")
            .arg(&base)
            .arg(format!("{D}/pass.yaml"))
            .args(["--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(v["changed"], false);
    assert_eq!(v["monthly_change_usd"], 0.0);
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let plain = check("over-budget.yaml", &[]);
    assert!(!String::from_utf8_lossy(&plain.stdout).contains('\u{1b}'));
    let coloured = capplan()
        .args([
            "--color",
            "always",
            "check",
            &format!("{D}/over-budget.yaml"),
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&coloured.stdout);
    assert!(text.contains('\u{1b}'), "{text}");
    let never = capplan()
        .args([
            "--color",
            "never",
            "check",
            &format!("{D}/over-budget.yaml"),
        ])
        .output()
        .unwrap();
    assert_eq!(never.stdout, plain.stdout);
}

/// One invalid and one valid spec: the valid one is still checked, the invalid one is an error
/// result at its line in every format, and the run exits 2.
#[test]
fn an_invalid_spec_does_not_stop_the_others_in_any_format() {
    let run = |format: &str| {
        let out = capplan()
            .env_remove("COLUMNS")
            .args([
                "check",
                &format!("{D}/broken.yaml"),
                &format!("{D}/pass.yaml"),
                "--format",
                format,
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{format}");
        String::from_utf8(out.stdout).unwrap()
    };
    let table = run("table");
    assert!(
        table.contains("pass.yaml") && table.contains("budget"),
        "{table}"
    );
    assert!(table.contains("ERROR"), "{table}");
    assert!(table.contains("1 invalid spec (not checked)"), "{table}");

    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json["errors"], 1);
    assert_eq!(json["ok"], false);
    let rows = json["checks"].as_array().unwrap();
    let err = rows.iter().find(|r| r["status"] == "error").unwrap();
    assert_eq!(err["line"], 2, "{err}");
    assert!(
        err["message"].as_str().unwrap().contains("traffic.qps"),
        "{err}"
    );
    assert!(rows
        .iter()
        .any(|r| r["spec"].as_str().unwrap().ends_with("pass.yaml")));

    let github = run("github");
    assert!(
        github.contains(&format!("::error file={D}/broken.yaml,line=2")),
        "{github}"
    );
    assert!(github.contains("invalid spec"), "{github}");

    let junit = run("junit");
    let doc = roxmltree::Document::parse(&junit).unwrap();
    let errors: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("error"))
        .collect();
    assert_eq!(errors.len(), 1, "{junit}");
    assert_eq!(doc.root_element().attribute("errors"), Some("1"), "{junit}");
    assert!(doc.descendants().any(|n| n.has_tag_name("testsuite")
        && n.attribute("name")
            .is_some_and(|s| s.ends_with("pass.yaml"))));
}

#[test]
fn a_spec_with_nothing_to_check_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("bare.yaml");
    std::fs::write(&spec, "name: bare\ntraffic:\n  peak_qps: 50/s\n").unwrap();
    let out = capplan()
        .args(["check", spec.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("a budget, an SLO or a limit"), "{text}");
    assert!(text.contains("WARN"), "{text}");
    assert!(text.contains("0 passed, 0 failed, 1 warning"), "{text}");
}
