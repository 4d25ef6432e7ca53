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
