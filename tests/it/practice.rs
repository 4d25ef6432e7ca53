//! `capplan practice` end to end: through stdin, through `--answers`, `--list`, seeds.

use crate::common::capplan;
use predicates::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;

/// The plan of a spec on the reference tier set (what drills grade against), as
/// `capplan estimate --format json --hardware reference` gives it.
fn plan(spec: &str) -> Value {
    let out = capplan()
        .args([
            "estimate",
            spec,
            "--format",
            "json",
            "--hardware",
            "reference",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The question ids a scenario asks, in order (from `--template`).
fn question_ids(scenario: &str) -> Vec<String> {
    let out = capplan()
        .args(["practice", "--scenario", scenario, "--template"])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_suffix(": \"\""))
        .map(str::to_string)
        .collect()
}

fn component<'a>(p: &'a Value, role: &str) -> Option<&'a Value> {
    p["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["role"] == role)
}

/// Answers to every question, each numeric one scaled by `factor`, typed as a person would.
fn answers(scenario: &str, factor: f64) -> Vec<(String, String)> {
    let p = plan(&format!("specs/{scenario}.yaml"));
    let w = &p["workload"];
    let s = &p["storage"];
    let f = |v: &Value| v.as_f64().unwrap() * factor;
    let db = component(&p, "database").unwrap();
    question_ids(scenario)
        .into_iter()
        .map(|id| {
            let a = match id.as_str() {
                "avg_qps" => format!("{}", f(&w["avg_qps"])),
                "peak_qps" => format!("{} qps", f(&w["peak_qps"])),
                "write_qps" => format!("{}/s", f(&w["write_qps"])),
                "read_qps" => format!("{}/s", f(&w["read_qps"])),
                "storage_per_year" => format!("{} GB", f(&s["bytes_per_year"]) / 1e9),
                "storage_total" => format!("{} TB", f(&s["total_bytes"]) / 1e12),
                "egress" => format!("{} MB/s", f(&w["egress_bytes_per_sec"]) / 1e6),
                "cache_memory" => {
                    // Not in the JSON plan: the explain derivation has it.
                    let out = capplan()
                        .args([
                            "estimate",
                            &format!("specs/{scenario}.yaml"),
                            "--format",
                            "json",
                            "--explain",
                            "--hardware",
                            "reference",
                        ])
                        .output()
                        .unwrap();
                    let e: Value = serde_json::from_slice(&out.stdout).unwrap();
                    let d = e["derivations"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|d| d["id"] == "cache.memory")
                        .unwrap();
                    format!("{} GB", f(&d["value"]) / 1e9)
                }
                "app_servers" => format!("{}", f(&component(&p, "app").unwrap()["count"])),
                "db_tier" => db["tier"].as_str().unwrap().to_string(),
                "db_scaling" => {
                    let shards = db["count"].as_u64().unwrap() > 1;
                    let replicas = component(&p, "read_replica").is_some();
                    match (replicas, shards) {
                        (false, false) => "none",
                        (true, false) => "replicas",
                        (false, true) => "shards",
                        (true, true) => "both",
                    }
                    .to_string()
                }
                "phase" => format!("phase {}", p["phase"]["number"]),
                "monthly_cost" => {
                    let c = &p["cost"];
                    let mid = (c["monthly_low"].as_f64().unwrap()
                        * c["monthly_high"].as_f64().unwrap())
                    .sqrt();
                    format!("${}k", mid * factor / 1e3)
                }
                other => panic!("unexpected question {other}"),
            };
            (id, a)
        })
        .collect()
}

fn stdin_of(answers: &[(String, String)]) -> String {
    answers.iter().map(|(_, a)| format!("{a}\n")).collect()
}

fn sheet_json(scenario: &str, answers: &[(String, String)]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("answers.yaml");
    let map: BTreeMap<&str, &str> = answers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    std::fs::write(&path, serde_yaml::to_string(&map).unwrap()).unwrap();
    let out = capplan()
        .args([
            "practice",
            "--scenario",
            scenario,
            "--format",
            "json",
            "--answers",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn verdicts(sheet: &Value) -> Vec<(String, String)> {
    sheet["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["question"]["id"].as_str().unwrap().to_string(),
                i["result"]["verdict"]
                    .as_str()
                    .unwrap_or("none")
                    .to_string(),
            )
        })
        .collect()
}

#[test]
fn all_correct_answers_through_stdin_score_full_marks() {
    for scenario in ["url-shortener", "chat", "estimation-tip"] {
        let a = answers(scenario, 1.0);
        let n = a.len();
        capplan()
            .args(["practice", "--scenario", scenario])
            .write_stdin(stdin_of(&a))
            .assert()
            .success()
            .stdout(predicate::str::contains(format!("Score: {n} / {n} (100%)")))
            .stdout(predicate::str::contains("Nothing to fix"))
            .stdout(predicate::str::contains("Miss").not());
    }
}

#[test]
fn answers_three_times_off_score_partial() {
    let a = answers("url-shortener", 3.0);
    let sheet = sheet_json("url-shortener", &a);
    for (id, v) in verdicts(&sheet) {
        let categorical = ["db_tier", "db_scaling", "phase"].contains(&id.as_str());
        let want = if categorical { "right" } else { "close" };
        assert_eq!(v, want, "{id}");
    }
    // 9 numeric questions at ½, 3 categorical at 1.
    assert_eq!(sheet["score"], 7.5);
    assert_eq!(sheet["out_of"], 12.0);
    // Everything high by the same factor: the habit says so.
    let habits = sheet["habits"].to_string();
    assert!(habits.contains("over-estimate"), "{habits}");
}

#[test]
fn answers_a_hundred_times_off_are_misses() {
    let a = answers("url-shortener", 100.0);
    let sheet = sheet_json("url-shortener", &a);
    for (id, v) in verdicts(&sheet) {
        if !["db_tier", "db_scaling", "phase"].contains(&id.as_str()) {
            assert_eq!(v, "miss", "{id}");
        }
    }
    assert_eq!(sheet["score"], 3.0);
    assert_eq!(sheet["missed"].as_array().unwrap().len(), 9);
}

#[test]
fn common_slips_get_named_habits() {
    let p = plan("specs/url-shortener.yaml");
    let w = &p["workload"];
    let s = &p["storage"];
    let a = vec![
        // The average given for the peak; one copy instead of three.
        ("peak_qps".to_string(), format!("{}", w["avg_qps"])),
        (
            "storage_total".to_string(),
            format!("{} TB", s["raw_bytes"].as_f64().unwrap() / 1e12),
        ),
        // KB for MB.
        (
            "egress".to_string(),
            format!("{} KB/s", w["egress_bytes_per_sec"].as_f64().unwrap() / 1e6),
        ),
    ];
    let sheet = sheet_json("url-shortener", &a);
    let habits = sheet["habits"].to_string();
    assert!(habits.contains("forgot the peak factor"), "{habits}");
    assert_eq!(sheet["habits"].as_array().unwrap().len(), 2);
    assert_eq!(sheet["complete"], false);
    assert_eq!(sheet["answered"], 3);
}

#[test]
fn garbage_is_asked_again_and_eof_ends_with_the_score_so_far() {
    let a = answers("url-shortener", 1.0);
    let input = format!("banana\n\n12 apples\n{}\n", a[0].1);
    capplan()
        .args(["practice", "--scenario", "url-shortener"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout(predicate::str::contains("Couldn't read \"banana\""))
        .stdout(predicate::str::contains("e.g. `12K`"))
        .stdout(predicate::str::contains("Couldn't read \"12 apples\""))
        .stdout(predicate::str::contains("(end of input)"))
        .stdout(predicate::str::contains(
            "Score so far: 1 / 1 (100%) — 1 of 12 questions answered",
        ));
}

#[test]
fn empty_input_ends_cleanly() {
    capplan()
        .args(["practice", "--scenario", "chat"])
        .write_stdin("")
        .assert()
        .success()
        .stdout(predicate::str::contains("Q1/"))
        .stdout(predicate::str::contains("Score so far: 0 / 0"));
}

#[test]
fn quit_stops_and_skip_reveals() {
    capplan()
        .args(["practice", "--scenario", "url-shortener"])
        .write_stdin("skip\nquit\n6K\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("Skipped. Reference 5.79K req/s"))
        .stdout(predicate::str::contains("Score so far: 0 / 1"))
        .stdout(predicate::str::contains("Q3/").not());
}

#[test]
fn answers_file_grades_non_interactively_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.yaml");
    std::fs::write(
        &path,
        "avg_qps: 6K\npeak_qps: 18k qps\nphase: phase 3\napp_servers: 26\negress: lots\n",
    )
    .unwrap();
    capplan()
        .args(["practice", "--scenario", "url-shortener", "--answers"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("Right — within 5%"))
        .stdout(predicate::str::contains("Wrong. You said phase 3"))
        .stdout(predicate::str::contains("Could not read \"lots\""))
        .stdout(predicate::str::contains("Score so far: 3 / 4"));
    let md = dir.path().join("sheet.md");
    capplan()
        .args([
            "practice",
            "--scenario",
            "url-shortener",
            "--format",
            "markdown",
            "-o",
        ])
        .arg(&md)
        .arg("--answers")
        .arg(&path)
        .assert()
        .success();
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(
        text.starts_with("# Interview practice: URL shortener"),
        "{text}"
    );
    assert!(
        text.contains("| 1 | Average QPS | 6K req/s | 5.79K req/s | right"),
        "{text}"
    );
    assert!(text.contains("## Worked solutions"));
}

#[test]
fn answers_file_with_an_unknown_question_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.yaml");
    std::fs::write(&path, "peak_qsp: 6K\n").unwrap();
    capplan()
        .args(["practice", "--scenario", "url-shortener", "--answers"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `peak_qps`"));
}

#[test]
fn list_names_every_scenario() {
    let out = capplan().args(["practice", "--list"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for f in std::fs::read_dir(crate::common::root().join("specs")).unwrap() {
        let name = f.unwrap().file_name().to_string_lossy().into_owned();
        let stem = name.rsplit_once('.').unwrap().0.to_string();
        assert!(
            text.contains(&format!("  {stem} ")),
            "{stem} missing:\n{text}"
        );
    }
    assert!(text.contains("URL shortener (System Design Guide) — Short links"));
}

#[test]
fn same_seed_same_scenario() {
    let first_line = |seed: &str| {
        let out = capplan()
            .args(["practice", "--seed", seed])
            .write_stdin("")
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_string()
    };
    let a = first_line("3");
    assert_eq!(a, first_line("3"));
    assert!(a.contains("--seed 3"), "{a}");
    let distinct: std::collections::BTreeSet<String> = ["1", "2", "3", "4", "5", "6"]
        .iter()
        .map(|s| first_line(s))
        .collect();
    assert!(distinct.len() > 1, "{distinct:?}");
}

#[test]
fn any_spec_file_and_unknown_scenarios() {
    capplan()
        .args(["practice", "--spec", "specs/estimation-tip.yaml"])
        .write_stdin("579\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("10M daily active users"))
        .stdout(predicate::str::contains("Score so far: 1 / 1"));
    capplan()
        .args(["practice", "--scenario", "url-shortner"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `url-shortener`"));
}
