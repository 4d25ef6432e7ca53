//! A small builder around the real `capplan` binary.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::PathBuf;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn capplan() -> Command {
    let mut c = Command::cargo_bin("capplan").expect("binary built");
    // Tables laid out for 100 columns, whatever terminal the tests run in.
    c.current_dir(root())
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE");
    // No configuration but the test's own: the user's file and CAPPLAN_* left out.
    c.env("XDG_CONFIG_HOME", root().join("tests/data/no-user-config"));
    for v in CONFIG_VARS {
        c.env_remove(v);
    }
    c
}

/// The environment variables capplan reads its defaults from.
pub const CONFIG_VARS: [&str; 5] = [
    "CAPPLAN_CATALOG",
    "CAPPLAN_CLOUD",
    "CAPPLAN_SEED",
    "CAPPLAN_SAMPLES",
    "CAPPLAN_FORMAT",
];

/// Run the binary with `args`, require success, and parse its stdout as JSON.
pub fn json_output(args: &[&str]) -> serde_json::Value {
    let out = capplan().args(args).output().expect("binary runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}
