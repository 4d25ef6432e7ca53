//! The README stays true: every spec block in it loads and estimates, and every shown
//! `capplan estimate` output is what the binary prints (lines elided with `…` skipped).

use crate::common::capplan;

fn blocks(lang: &str) -> Vec<String> {
    let readme = include_str!("../../README.md");
    let fence = format!("```{lang}\n");
    readme
        .split(fence.as_str())
        .skip(1)
        .map(|b| b.split("\n```").next().unwrap().to_string())
        .collect()
}

#[test]
fn every_spec_block_in_the_readme_loads() {
    let specs: Vec<String> = blocks("yaml")
        .into_iter()
        .filter(|b| b.contains("name:"))
        .collect();
    assert!(!specs.is_empty());
    let dir = tempfile::tempdir().unwrap();
    for (i, b) in specs.iter().enumerate() {
        let path = dir.path().join(format!("readme-{i}.yaml"));
        std::fs::write(&path, b).unwrap();
        let out = capplan()
            .args(["estimate", "--format", "json", "--requests", "5K"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "README spec block {i} does not load:\n{b}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn shown_estimates_are_what_the_binary_prints() {
    let mut shown = 0;
    for b in blocks("text") {
        let mut lines = b.lines();
        let Some(cmd) = lines
            .next()
            .and_then(|l| l.strip_prefix("$ capplan estimate "))
        else {
            continue;
        };
        shown += 1;
        let out = capplan()
            .arg("estimate")
            .args(cmd.split_whitespace())
            .env("COLUMNS", "100")
            .output()
            .unwrap();
        assert!(out.status.success());
        let real = String::from_utf8(out.stdout).unwrap();
        let mut rest = real.as_str();
        for want in lines.filter(|l| l.trim() != "…") {
            match rest.find(want) {
                Some(at) => rest = &rest[at + want.len()..],
                None => panic!("`capplan estimate {cmd}` no longer prints, in order:\n{want}\n\nit prints:\n{real}"),
            }
        }
    }
    assert!(shown >= 2, "the README shows estimates");
}

/// The quick start's first command plans a spec that meets its own targets, p99 and
/// availability among them, and the README shows that spec's estimate.
#[test]
fn the_quick_start_spec_meets_its_targets_and_its_output_is_shown() {
    let readme = include_str!("../../README.md");
    let spec = readme
        .lines()
        .find_map(|l| l.strip_prefix("cargo run --release -- estimate "))
        .and_then(|rest| rest.split_whitespace().next())
        .expect("a quick start command");
    let out = capplan()
        .args(["check", spec, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{spec} fails a target");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "pass")
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    for want in ["p99 latency", "availability"] {
        assert!(names.contains(&want), "{spec}: no passing {want} check");
    }
    assert!(readme.contains(&format!("$ capplan estimate {spec}\n")));
}

/// The CI example comments on the pull request also when a check fails, and checks each spec
/// against its version on the base branch.
#[test]
fn the_ci_workflow_comments_on_failure_and_uses_the_base_branch_as_baseline() {
    let text =
        std::fs::read_to_string(crate::common::root().join("examples/ci/capplan.yml")).unwrap();
    let wf: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let steps = wf["jobs"]["check"]["steps"].as_sequence().unwrap();
    let field = |s: &serde_yaml::Value, k: &str| s[k].as_str().unwrap_or("").to_string();
    let comment = steps
        .iter()
        .find(|s| field(s, "uses").contains("pull-request-comment"))
        .unwrap();
    assert!(field(comment, "if").contains("always()"));
    let check = steps
        .iter()
        .find(|s| field(s, "run").contains("--format github"))
        .unwrap();
    let run = field(check, "run");
    assert!(
        run.contains("--baseline") && run.contains("github.base_ref"),
        "{run}"
    );
    // The failure is reported at the end, after the comment.
    let last = steps.last().unwrap();
    assert!(field(last, "run").contains("exit"));
}
