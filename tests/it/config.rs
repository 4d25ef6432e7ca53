//! Defaults from capplan.toml and CAPPLAN_* variables: each step of the precedence (flag >
//! variable > working directory's file > user's file > built-in) and a bad configuration.

use crate::common::{capplan, root};
use serde_json::Value;
use std::path::Path;

/// A working directory and a user configuration directory, both empty until written.
struct Place {
    _dir: tempfile::TempDir,
    cwd: std::path::PathBuf,
    xdg: std::path::PathBuf,
}

impl Place {
    fn new() -> Place {
        let dir = tempfile::tempdir().unwrap();
        let cwd = dir.path().join("work");
        let xdg = dir.path().join("xdg");
        std::fs::create_dir_all(&cwd).unwrap();
        std::fs::create_dir_all(xdg.join("capplan")).unwrap();
        Place {
            _dir: dir,
            cwd,
            xdg,
        }
    }
    fn working_file(&self, text: &str) -> &Self {
        std::fs::write(self.cwd.join("capplan.toml"), text).unwrap();
        self
    }
    fn user_file(&self, text: &str) -> &Self {
        std::fs::write(self.xdg.join("capplan/capplan.toml"), text).unwrap();
        self
    }
    /// capplan run here, with the user's configuration directory here.
    fn capplan(&self) -> assert_cmd::Command {
        let mut c = capplan();
        c.current_dir(&self.cwd).env("XDG_CONFIG_HOME", &self.xdg);
        c
    }
}

fn spec(name: &str) -> String {
    root().join("specs").join(name).display().to_string()
}

/// The seed a quick estimate ran with.
fn seed_used(c: &mut assert_cmd::Command, extra: &[&str]) -> Value {
    let out = c
        .args(["estimate", &spec("url-shortener.yaml"), "-f", "json"])
        .args(["--requests", "1000"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["latency"]["seed"].clone()
}

#[test]
fn each_step_of_the_precedence() {
    let p = Place::new();
    // Built-in default.
    assert_eq!(seed_used(&mut p.capplan(), &[]), 7);
    // The user's file.
    p.user_file("seed = 1\n");
    assert_eq!(seed_used(&mut p.capplan(), &[]), 1);
    // The working directory's file over the user's.
    p.working_file("seed = 2\n");
    assert_eq!(seed_used(&mut p.capplan(), &[]), 2);
    // A variable over both files.
    assert_eq!(seed_used(p.capplan().env("CAPPLAN_SEED", "3"), &[]), 3);
    // A flag over everything.
    assert_eq!(
        seed_used(p.capplan().env("CAPPLAN_SEED", "3"), &["--seed", "4"]),
        4
    );
    // `$HOME/.config` when XDG_CONFIG_HOME is not set.
    let home = Place::new();
    std::fs::create_dir_all(home.xdg.join(".config/capplan")).unwrap();
    std::fs::write(home.xdg.join(".config/capplan/capplan.toml"), "seed = 11\n").unwrap();
    let mut c = home.capplan();
    c.env_remove("XDG_CONFIG_HOME").env("HOME", &home.xdg);
    assert_eq!(seed_used(&mut c, &[]), 11);
}

#[test]
fn keys_merge_across_layers() {
    let p = Place::new();
    p.user_file("samples = 40\nseed = 1\n")
        .working_file("seed = 2\n");
    let out = p
        .capplan()
        .args(["estimate", &spec("url-shortener.yaml"), "-f", "json"])
        .args(["--requests", "0", "--uncertainty"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    // samples from the user's file, the seed from the working directory's.
    assert_eq!(v["uncertainty"]["samples"], 40);
    assert_eq!(v["uncertainty"]["seed"], 2);
    let out = p
        .capplan()
        .env("CAPPLAN_SAMPLES", "30")
        .args(["estimate", &spec("url-shortener.yaml"), "-f", "json"])
        .args(["--requests", "0", "--uncertainty"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["uncertainty"]["samples"], 30);
}

#[test]
fn format_from_the_configuration_yields_to_flags_and_the_output_extension() {
    let p = Place::new();
    p.working_file("format = \"json\"\n");
    let out = p
        .capplan()
        .args(["estimate", &spec("url-shortener.yaml"), "--requests", "0"])
        .output()
        .unwrap();
    assert!(serde_json::from_slice::<Value>(&out.stdout).is_ok());
    // `-o design.md` names its format.
    p.capplan()
        .args(["estimate", &spec("url-shortener.yaml"), "--requests", "0"])
        .args(["-o", "design.md", "-q"])
        .assert()
        .success();
    let md = std::fs::read_to_string(p.cwd.join("design.md")).unwrap();
    assert!(md.starts_with('#'), "{}", &md[..80.min(md.len())]);
    // `--format` wins; a variable wins over the file.
    let out = p
        .capplan()
        .args(["estimate", &spec("url-shortener.yaml"), "--requests", "0"])
        .args(["--format", "table"])
        .output()
        .unwrap();
    assert!(serde_json::from_slice::<Value>(&out.stdout).is_err());
    let out = p
        .capplan()
        .env("CAPPLAN_FORMAT", "markdown")
        .args(["estimate", &spec("url-shortener.yaml"), "--requests", "0"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with('#'));
    // A format a command does not have leaves it at its own default.
    let out = p
        .capplan()
        .env("CAPPLAN_FORMAT", "junit")
        .args(["estimate", &spec("url-shortener.yaml"), "--requests", "0"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Cost"));
}

#[test]
fn cloud_is_a_default_the_spec_can_override() {
    let p = Place::new();
    p.working_file("cloud = \"gcp\"\n");
    let tiers = |spec_path: &str| -> Vec<String> {
        let out = p
            .capplan()
            .args(["estimate", spec_path, "-f", "json", "--requests", "0"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["components"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c["tier"].as_str().map(str::to_string))
            .collect()
    };
    // No `choices.cloud`: GCP's machine types.
    assert!(tiers(&spec("url-shortener.yaml"))
        .iter()
        .any(|t| t.starts_with("n2")));
    // A spec that names AWS keeps it.
    let aws = p.cwd.join("aws.yaml");
    std::fs::write(
        &aws,
        "name: on aws\ntraffic: { qps: 200/s }\nchoices: { cloud: aws }\n",
    )
    .unwrap();
    let t = tiers(aws.to_str().unwrap());
    assert!(
        !t.is_empty() && t.iter().all(|t| !t.starts_with("n2")),
        "{t:?}"
    );
}

#[test]
fn catalog_overlay_from_a_file_is_relative_to_the_file() {
    let p = Place::new();
    let overlay = root().join("examples/catalog-overlay");
    let list = |c: &mut assert_cmd::Command| {
        let out = c.args(["catalog", "list"]).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let plain = list(&mut p.capplan());
    let with = list(p.capplan().env("CAPPLAN_CATALOG", &overlay));
    assert_ne!(plain, with, "the overlay adds or changes entries");
    // In the user's file, a relative directory is the file's neighbour.
    copy_dir(&overlay, &p.xdg.join("capplan/overlay"));
    p.user_file("catalog = \"overlay\"\n");
    assert_eq!(list(&mut p.capplan()), with);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

#[test]
fn a_bad_configuration_is_a_located_error() {
    let p = Place::new();
    p.working_file("seed = 3\nsed = 4\n");
    let out = p
        .capplan()
        .args(["estimate", &spec("url-shortener.yaml")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("capplan.toml:2:1"), "{e}");
    assert!(e.contains("unknown key `sed`"), "{e}");
    assert!(
        e.contains("expected: one of catalog, cloud, seed, samples, format"),
        "{e}"
    );
    assert!(e.contains("did you mean `seed`"), "{e}");

    p.working_file("samples = \"many\"\n");
    let out = p.capplan().args(["catalog", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("capplan.toml:1:11: `samples`"), "{e}");
    assert!(e.contains("hint:"), "{e}");

    // The user's file is named by its path.
    std::fs::remove_file(p.cwd.join("capplan.toml")).unwrap();
    p.user_file("cloud = \"moon\"\n");
    let out = p.capplan().args(["catalog", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("capplan/capplan.toml:1:"), "{e}");
    assert!(e.contains("`cloud`"), "{e}");

    std::fs::remove_file(p.xdg.join("capplan/capplan.toml")).unwrap();
    let out = p
        .capplan()
        .env("CAPPLAN_SEED", "seven")
        .args(["catalog", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(
        e.contains("CAPPLAN_SEED") && e.contains("expected: a whole number"),
        "{e}"
    );
}
