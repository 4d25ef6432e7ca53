//! `capplan practice` end to end: answers files in every format, templates, seeds, the list,
//! the history and `--progress`, and a terminal session through tmux.

use crate::common::capplan;
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

/// `capplan practice` with its history in a directory of its own.
fn practice(data: &Path) -> assert_cmd::Command {
    let mut c = capplan();
    c.arg("practice").env("XDG_DATA_HOME", data);
    c
}

fn sheet_json(data: &Path, args: &[&str], answers: &str) -> Value {
    let path = data.join("answers.yaml");
    std::fs::write(&path, answers).unwrap();
    let out = practice(data)
        .args(args)
        .args(["--format", "json", "--answers"])
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

#[test]
fn template_lists_every_question_and_the_brief_states_the_figures() {
    let dir = tempfile::tempdir().unwrap();
    let out = practice(dir.path())
        .args(["--scenario", "chat", "--seed", "7", "--template"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for id in [
        "avg_qps",
        "peak_qps",
        "deliveries",
        "connections",
        "ws_servers",
        "heartbeats",
        "first_to_break",
        "breaks_at_10x",
        "phase",
    ] {
        assert!(text.contains(&format!("\n{id}: \"\"")), "{id}:\n{text}");
    }
    assert!(text.contains("daily active users: "), "{text}");
    assert!(
        text.contains("--scenario chat --level medium --seed 7"),
        "{text}"
    );
}

#[test]
fn answers_file_grades_with_slips_and_counts_every_question() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["--scenario", "url-shortener", "--seed", "1"];
    // Seed 1: 30M users × 2.3 requests a day = 799/s on average, ×3.7 at peak = 2.95K/s.
    let s = sheet_json(
        dir.path(),
        &args,
        "avg_qps: 800\npeak_qps: 800 qps\negress: lots\n",
    );
    let items = s["items"].as_array().unwrap();
    assert_eq!(items[0]["result"]["verdict"], "right");
    assert_eq!(items[1]["result"]["slip"], "peak_factor");
    assert_eq!(items[1]["result"]["points"], 0.5);
    let egress = items
        .iter()
        .find(|i| i["question"]["id"] == "egress")
        .unwrap();
    assert_eq!(egress["result"]["verdict"], "unreadable");
    assert_eq!(s["score"], 1.5);
    assert_eq!(s["out_of"], 12.0);
    assert_eq!(s["complete"], false);
    let md = dir.path().join("sheet.md");
    practice(dir.path())
        .args(args)
        .args(["--format", "markdown", "-o"])
        .arg(&md)
        .arg("--answers")
        .arg(dir.path().join("answers.yaml"))
        .assert()
        .success();
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(
        text.starts_with("# Interview practice: URL Shortening Service"),
        "{text}"
    );
    assert!(
        text.contains("| 2 | Peak QPS | 800/s | 2.95K/s | close · peak factor |"),
        "{text}"
    );
    assert!(text.contains("## Worked solutions"));
    assert!(text.contains("mental: 30M × 2 ÷ 10⁵ ≈ 600/s"), "{text}");
}

#[test]
fn answers_file_with_an_unknown_question_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.yaml");
    std::fs::write(&path, "peak_qsp: 6K\n").unwrap();
    practice(dir.path())
        .args(["--scenario", "url-shortener", "--seed", "1", "--answers"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `peak_qps`"));
}

#[test]
fn list_names_the_families_and_the_fixed_drills() {
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
    assert!(
        text.contains("Video Streaming Platform (System Design Guide, Part 5)"),
        "{text}"
    );
}

#[test]
fn same_seed_same_drill_and_another_seed_other_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let run = |seed: &str| {
        let out = practice(dir.path())
            .args(["--seed", seed, "--no-history"])
            .write_stdin("")
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let a = run("3");
    assert_eq!(a, run("3"));
    assert!(a.lines().next().unwrap().contains("--seed 3"), "{a}");
    assert_ne!(a, run("4"));
}

#[test]
fn spec_files_and_unknown_scenarios() {
    let dir = tempfile::tempdir().unwrap();
    practice(dir.path())
        .args(["--spec", "specs/estimation-tip.yaml", "--no-history"])
        .write_stdin("579\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("daily active users: 10M (U)"))
        .stdout(predicate::str::contains("Score: 1 / "));
    capplan()
        .args(["practice", "--scenario", "url-shortner"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `url-shortener`"));
}

#[test]
fn history_is_written_and_progress_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let hist = dir.path().join("h.jsonl");
    for (seed, first) in [("1", "800"), ("2", "skip")] {
        practice(dir.path())
            .args(["--scenario", "url-shortener", "--seed", seed, "--history"])
            .arg(&hist)
            .write_stdin(format!("{first}\n"))
            .assert()
            .success();
    }
    let lines = std::fs::read_to_string(&hist).unwrap();
    assert_eq!(lines.lines().count(), 2, "{lines}");
    practice(dir.path())
        .args(["--progress", "--history"])
        .arg(&hist)
        .assert()
        .success()
        .stdout(predicate::str::contains("2 drills"))
        .stdout(predicate::str::contains("url-shortener"));
    // Without --history, the XDG data directory.
    practice(dir.path())
        .args(["--scenario", "chat", "--seed", "1"])
        .write_stdin("")
        .assert()
        .success();
    assert!(dir.path().join("capplan/practice-history.jsonl").exists());
}

/// A terminal session through tmux: line editing, recall of an earlier answer, Ctrl-C's
/// summary, the history written and `--progress` reading it. Skipped when tmux is absent.
#[test]
fn a_terminal_session_through_tmux() {
    let tmux = |args: &[&str]| {
        std::process::Command::new("tmux")
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
    };
    if tmux(&["-V"]).is_none() {
        eprintln!("tmux is not installed: skipping the terminal session");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let hist = dir.path().join("history.jsonl");
    let bin = assert_cmd::cargo::cargo_bin("capplan");
    let name = format!("capplan-practice-{}", std::process::id());
    let socket = dir.path().join("tmux.sock");
    let sock = socket.to_str().unwrap();
    // The pane stays after the program ends (until kill-server) so its last screen can be read.
    let cmd = format!(
        "{} practice --scenario url-shortener --seed 1 --history {}; echo \"[exit $?]\"; sleep 120",
        bin.display(),
        hist.display()
    );
    tmux(&[
        "-S",
        sock,
        "new-session",
        "-d",
        "-s",
        &name,
        "-x",
        "120",
        "-y",
        "50",
        &cmd,
    ])
    .expect("tmux starts a session");
    let screen = || {
        let o = std::process::Command::new("tmux")
            .args(["-S", sock, "capture-pane", "-p", "-S", "-200", "-t", &name])
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
    };
    // Poll for text, a bounded number of times (the test never asserts wall time).
    let wait = |what: &str| {
        for _ in 0..400 {
            if screen().contains(what) {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        false
    };
    let keys = |k: &[&str]| {
        let mut a = vec!["-S", sock, "send-keys", "-t", &name];
        a.extend_from_slice(k);
        tmux(&a).expect("send-keys");
    };
    assert!(wait("Q1/12"), "{}", screen());
    // Type a wrong figure, go to the start of the line, delete it, type the right one.
    keys(&["9", "9", "9", "C-a", "C-k", "8", "0", "0", "Enter"]);
    assert!(wait("Q2/12"), "{}", screen());
    // Recall the last answer with the up arrow, edit it: 800 → 800 qps (a peak-factor slip).
    keys(&["Up", "End", " ", "q", "p", "s", "Enter"]);
    assert!(wait("you left out the peak factor"), "{}", screen());
    keys(&["C-c"]);
    assert!(wait("[exit 0]"), "{}", screen());
    let text = screen();
    tmux(&["-S", sock, "kill-server"]);
    assert!(text.contains("(interrupted)"), "{text}");
    assert!(text.contains("Right — within 5%"), "{text}");
    assert!(text.contains("Score: 1½ / 12"), "{text}");
    let lines = std::fs::read_to_string(&hist).unwrap();
    assert_eq!(lines.lines().count(), 1, "{lines}");
    assert!(lines.contains("\"peak_factor\""), "{lines}");
    practice(dir.path())
        .args(["--progress", "--history"])
        .arg(&hist)
        .assert()
        .success()
        .stdout(predicate::str::contains("1 drills"))
        .stdout(predicate::str::contains("peak factor"));
}
