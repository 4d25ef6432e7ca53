//! Files behave like Unix files: the umask's mode for new files, an existing file's mode kept,
//! `-` for stdout and stdin, JSON specs, the format from `-o`'s extension, symbolic links
//! written through, devices and FIFOs written directly, unwritable targets refused.

use crate::common::{capplan, root};
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;

const SPEC: &str = "name: Files\ntraffic:\n  dau: 1M\n  requests_per_user: 10\n";

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// `capplan estimate SPEC -o OUT` under a given umask (set by a shell around the binary).
fn estimate_with_umask(umask: &str, dir: &Path, out: &str) {
    let bin = assert_cmd::cargo::cargo_bin("capplan");
    let spec = root().join("specs/estimation-tip.yaml");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask {umask} && exec \"$0\" estimate \"$1\" --requests 0 -o \"$2\""
        ))
        .arg(&bin)
        .arg(&spec)
        .arg(dir.join(out))
        .env("NO_COLOR", "1")
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn new_files_take_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    estimate_with_umask("022", dir.path(), "a.txt");
    assert_eq!(mode(&dir.path().join("a.txt")), 0o644);
    estimate_with_umask("027", dir.path(), "b.txt");
    assert_eq!(mode(&dir.path().join("b.txt")), 0o640);
    estimate_with_umask("077", dir.path(), "c.txt");
    assert_eq!(mode(&dir.path().join("c.txt")), 0o600);
}

#[test]
fn an_existing_file_keeps_its_mode() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.txt");
    std::fs::write(&out, "old\n").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o664)).unwrap();
    estimate_with_umask("077", dir.path(), "report.txt");
    assert_eq!(mode(&out), 0o664);
    assert!(std::fs::read_to_string(&out).unwrap().contains("Workload"));
}

#[test]
fn dash_output_is_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let out = capplan()
        .current_dir(dir.path())
        .args(["estimate"])
        .arg(root().join("specs/estimation-tip.yaml"))
        .args(["--requests", "0", "--format", "json", "-o", "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["cost"].is_object());
    assert!(
        !dir.path().join("-").exists(),
        "a file named `-` was written"
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("wrote"));
}

#[test]
fn spec_from_stdin_in_each_syntax() {
    let toml = "name = \"Files\"\n[traffic]\ndau = \"1M\"\nrequests_per_user = 10\n";
    let json = r#"{"name": "Files", "traffic": {"dau": "1M", "requests_per_user": 10}}"#;
    let mut costs = Vec::new();
    for text in [SPEC, toml, json] {
        let out = capplan()
            .args(["estimate", "-", "--requests", "0", "--format", "json"])
            .write_stdin(text)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{text}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        costs.push(v["cost"].clone());
    }
    assert_eq!(costs[0], costs[1]);
    assert_eq!(costs[0], costs[2]);
}

#[test]
fn stdin_errors_name_stdin() {
    capplan()
        .args(["estimate", "-"])
        .write_stdin("name: x\ntraffic:\n  dau: -1\n  requests_per_user: 10\n")
        .assert()
        .code(2)
        .stderr(predicates::str::starts_with(
            "error: <stdin>:3:3: `traffic.dau`",
        ));
}

#[test]
fn json_spec_files_load() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = dir.path().join("s.yaml");
    let json = dir.path().join("s.json");
    std::fs::write(&yaml, SPEC).unwrap();
    std::fs::write(
        &json,
        "{\n  \"name\": \"Files\",\n  \"traffic\": {\"dau\": \"1M\", \"requests_per_user\": 10}\n}\n",
    )
    .unwrap();
    let run = |p: &Path| {
        let out = capplan()
            .arg("estimate")
            .arg(p)
            .args(["--requests", "0"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    assert_eq!(run(&yaml), run(&json));
    // check and diff take JSON specs too; a saved estimate is still told apart.
    capplan().arg("check").arg(&json).assert().success();
    let saved = dir.path().join("saved.json");
    let out = capplan()
        .arg("estimate")
        .arg(&yaml)
        .args(["--format", "json", "-o"])
        .arg(&saved)
        .output()
        .unwrap();
    assert!(out.status.success());
    capplan()
        .arg("diff")
        .arg(&saved)
        .arg(&json)
        .assert()
        .success();
}

#[test]
fn check_and_diff_read_stdin() {
    capplan()
        .args(["check", "-", "--format", "json"])
        .write_stdin(SPEC)
        .assert()
        .success();
    capplan()
        .args(["diff", "-", "specs/estimation-tip.yaml"])
        .write_stdin(SPEC)
        .assert()
        .success();
    capplan()
        .args(["diff", "-", "-"])
        .write_stdin(SPEC)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("more than once"));
}

#[test]
fn format_follows_the_output_extension() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        capplan()
            .args(["estimate", "specs/estimation-tip.yaml", "--requests", "0"])
            .args(args)
            .assert()
            .success();
    };
    let json = dir.path().join("design.json");
    run(&["-o", json.to_str().unwrap()]);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert!(v["components"].is_array());
    let md = dir.path().join("design.md");
    run(&["-o", md.to_str().unwrap()]);
    assert!(std::fs::read_to_string(&md).unwrap().starts_with("# "));
    // --format wins over the extension.
    let forced = dir.path().join("table.json");
    run(&["--format", "table", "-o", forced.to_str().unwrap()]);
    assert!(std::fs::read_to_string(&forced)
        .unwrap()
        .contains("Workload"));
    // check: .xml is JUnit, .json is JSON.
    let xml = dir.path().join("report.xml");
    capplan()
        .args(["check", "tests/data/check/pass.yaml", "-o"])
        .arg(&xml)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&xml).unwrap().starts_with("<?xml"));
}

#[test]
fn a_symlink_is_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.txt");
    std::fs::write(&target, "old\n").unwrap();
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink("real.txt", &link).unwrap();
    capplan()
        .args([
            "estimate",
            "specs/estimation-tip.yaml",
            "--requests",
            "0",
            "-o",
        ])
        .arg(&link)
        .assert()
        .success();
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&target)
        .unwrap()
        .contains("Workload"));
}

#[test]
fn a_device_is_written_directly() {
    capplan()
        .args([
            "estimate",
            "specs/estimation-tip.yaml",
            "--requests",
            "0",
            "-o",
            "/dev/null",
        ])
        .assert()
        .success();
    assert!(std::fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());
    // A device that refuses the bytes is an error, and stays a device.
    if Path::new("/dev/full").exists() {
        capplan()
            .args([
                "estimate",
                "specs/estimation-tip.yaml",
                "--requests",
                "0",
                "-o",
                "/dev/full",
            ])
            .assert()
            .code(2)
            .stderr(predicates::str::contains("cannot write /dev/full"));
        assert!(std::fs::metadata("/dev/full")
            .unwrap()
            .file_type()
            .is_char_device());
    }
}

#[test]
fn a_fifo_is_written_directly() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    capplan()
        .args([
            "estimate",
            "specs/estimation-tip.yaml",
            "--requests",
            "0",
            "-o",
        ])
        .arg(&fifo)
        .assert()
        .success();
    assert!(reader.join().unwrap().contains("Workload"));
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn unwritable_targets_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    capplan()
        .args([
            "estimate",
            "specs/estimation-tip.yaml",
            "--requests",
            "0",
            "-o",
        ])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("it is a directory"));
    let ro = dir.path().join("read-only.txt");
    std::fs::write(&ro, "keep\n").unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
    // The superuser may write any file; the refusal is for everyone else.
    if std::fs::OpenOptions::new().write(true).open(&ro).is_err() {
        capplan()
            .args([
                "estimate",
                "specs/estimation-tip.yaml",
                "--requests",
                "0",
                "-o",
            ])
            .arg(&ro)
            .assert()
            .code(2)
            .stderr(predicates::str::contains("permission denied"));
        assert_eq!(std::fs::read_to_string(&ro).unwrap(), "keep\n");
    }
}

#[test]
fn a_directory_as_spec_is_named_so() {
    capplan()
        .args(["estimate", "specs"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is a directory, not a spec file"));
}
