//! The first five minutes: `init` templates, the JSON Schema, completions, man page, `--help`
//! and `--version`.

use crate::common::{capplan, root};
use serde_json::{json, Value};
use std::path::Path;
use std::sync::OnceLock;

const TEMPLATES: &[&str] = &[
    "blank",
    "url-shortener",
    "chat",
    "news-feed",
    "video-streaming",
    "rate-limiter",
    "saas",
];

fn stdout(args: &[&str]) -> String {
    let out = capplan().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "capplan {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The schema as `capplan schema` prints it, compiled once.
fn validator() -> &'static jsonschema::Validator {
    static V: OnceLock<jsonschema::Validator> = OnceLock::new();
    V.get_or_init(|| {
        let schema: Value = serde_json::from_str(&stdout(&["schema"])).expect("schema is JSON");
        jsonschema::validator_for(&schema).expect("schema compiles")
    })
}

fn schema_errors(doc: &Value) -> Vec<String> {
    validator()
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn yaml_to_json(text: &str) -> Value {
    let v: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
    serde_json::to_value(v).unwrap()
}

fn template(name: &str) -> String {
    stdout(&["init", "-t", name, "-o", "-"])
}

#[test]
fn every_template_runs_through_estimate() {
    let dir = tempfile::tempdir().unwrap();
    for t in TEMPLATES {
        let path = dir.path().join(format!("{t}.yaml"));
        let out = capplan()
            .args(["init", "-t", t, "-o"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(out.status.success(), "init -t {t}: {out:?}");
        let msg = String::from_utf8(out.stdout).unwrap();
        assert!(msg.starts_with("wrote "), "{msg}");
        assert!(msg.contains("capplan estimate"), "{msg}");

        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("# yaml-language-server: $schema=./capplan.schema.json\n"),
            "{t}"
        );
        let out = capplan().arg("estimate").arg(&path).output().unwrap();
        assert!(
            out.status.success(),
            "estimate of template {t}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The schema the specs point at was written beside them, once.
    let schema = std::fs::read_to_string(dir.path().join("capplan.schema.json")).unwrap();
    assert_eq!(schema, stdout(&["schema"]));
}

#[test]
fn every_key_of_a_template_is_commented() {
    for t in TEMPLATES {
        for line in template(t).lines() {
            let l = line.trim_start();
            if l.is_empty() || l.starts_with('#') || l.starts_with("- ") {
                continue;
            }
            // `key:` opening a section needs no comment of its own when its keys have one.
            if l.ends_with(':') {
                continue;
            }
            assert!(
                line.contains(" # "),
                "{t}: `{line}` has no comment explaining it"
            );
        }
    }
}

#[test]
fn init_names_the_spec_and_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = capplan()
        .current_dir(dir.path())
        .args(["init", "Photo sharing", "-t", "news-feed", "--no-schema"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = std::fs::read_to_string(dir.path().join("photo-sharing.yaml")).unwrap();
    assert!(text.contains("\nname: Photo sharing "), "{text}");
    assert!(!dir.path().join("capplan.schema.json").exists());

    // Without a name: the template's id, or capplan.yaml for the blank one.
    for (args, file) in [
        (vec!["init"], "capplan.yaml"),
        (vec!["init", "--template", "chat"], "chat.yaml"),
    ] {
        let out = capplan()
            .current_dir(dir.path())
            .args(&args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        assert!(dir.path().join(file).exists(), "{args:?}");
    }
}

#[test]
fn init_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.yaml");
    std::fs::write(&path, "my own work\n").unwrap();
    let out = capplan()
        .args(["init", "-t", "chat", "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("already exists") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "my own work\n");

    let out = capplan()
        .args(["init", "-t", "chat", "--force", "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("name: Real-time chat"));
}

#[test]
fn init_refuses_a_toml_name() {
    let dir = tempfile::tempdir().unwrap();
    let out = capplan()
        .args(["init", "-o"])
        .arg(dir.path().join("x.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(".yaml"));
}

#[test]
fn schema_accepts_every_spec_and_template() {
    let mut seen = 0;
    for entry in std::fs::read_dir(root().join("specs")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let doc = match path.extension().and_then(|e| e.to_str()) {
            Some("yaml") | Some("yml") => yaml_to_json(&text),
            Some("toml") => {
                let v: toml::Value = toml::from_str(&text).unwrap();
                serde_json::to_value(v).unwrap()
            }
            _ => continue,
        };
        let errors = schema_errors(&doc);
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        seen += 1;
    }
    assert!(seen >= 10, "only {seen} specs found");
    for t in TEMPLATES {
        let errors = schema_errors(&yaml_to_json(&template(t)));
        assert!(errors.is_empty(), "template {t}: {errors:#?}");
    }
}

#[test]
fn schema_rejects_unknown_keys() {
    let ok = json!({"name": "x", "traffic": {"dau": "10M", "requests_per_user": 10}});
    assert!(schema_errors(&ok).is_empty());
    let cases = [
        json!({"name": "x", "traffic": {"dau": "10M", "requests_per_user": 10}, "trafic": {}}),
        json!({"name": "x", "traffic": {"dau": "10M", "requests_per_user": 10, "read_write_ratoi": "100:1"}}),
        json!({"name": "x", "traffic": {"dau": "10M", "requests_per_user": 10}, "assumptions": {"peak_factr": 3}}),
        json!({"name": "x", "traffic": {"dau": {"dist": "uniform", "low": "1M", "hihg": "2M"}, "requests_per_user": 10}}),
        json!({"name": "x", "traffic": {"dau": "10M", "requests_per_user": 10}, "features": ["serch"]}),
        json!({"traffic": {"dau": "10M", "requests_per_user": 10}}),
    ];
    for doc in cases {
        assert!(!schema_errors(&doc).is_empty(), "accepted {doc}");
    }
}

/// The schema's unit patterns agree with the loader, value by value.
#[test]
fn schema_and_loader_agree_on_quantities() {
    let cases: &[(&str, &str)] = &[
        ("traffic.dau", "10M"),
        ("traffic.dau", "1.5K"),
        ("traffic.dau", "250,000"),
        ("traffic.dau", "2e6"),
        ("traffic.dau", "5M..20M"),
        (
            "traffic.dau",
            "{dist: triangular, low: 5M, mode: 8M, high: 20M}",
        ),
        ("traffic.dau", "{dist: lognormal, median: 8M, sigma: 0.4}"),
        ("traffic.dau", "{dist: normal, mean: 8M, sd: 1M}"),
        ("traffic.dau", "10Q"),
        ("traffic.dau", "ten"),
        ("traffic.dau", "{dist: uniform, low: 1M}"),
        ("traffic.dau", "[1, 2]"),
        ("traffic.read_write_ratio", "100:1"),
        ("traffic.read_write_ratio", "1:2"),
        ("traffic.read_write_ratio", "4"),
        ("traffic.read_write_ratio", "100/1"),
        ("traffic.concurrent_users", "0.5%"),
        ("traffic.concurrent_users", "50K"),
        ("traffic.concurrent_users", "20"),
        ("traffic.concurrent_users", "lots"),
        ("payloads.read", "500 B"),
        ("payloads.read", "2 KB"),
        ("payloads.read", "4 MiB"),
        ("payloads.read", "2000"),
        ("payloads.read", "2 Kb"),
        ("payloads.read", "1 KB..4 KB"),
        ("data.retention", "5 years"),
        ("data.retention", "30 days"),
        ("data.retention", "5"),
        ("data.retention", "5 fortnights"),
        ("data.hot_set", "20%"),
        ("data.hot_set", "0.2"),
        ("data.hot_set", "20"),
        ("data.hot_set", "twenty"),
        ("slo.p99", "200ms"),
        ("slo.p99", "200 ms"),
        ("slo.p99", "500us"),
        ("slo.p99", "2 s"),
        ("slo.p99", "200"),
        ("slo.availability", "99.95%"),
        ("budget.monthly", "$20,000"),
        ("budget.monthly", "$50K"),
        ("budget.monthly", "20000"),
        ("budget.monthly", "€20"),
        ("growth.yearly", "40%"),
        ("growth.horizon", "3 years"),
        ("service_time.app", "4ms"),
        ("team_size", "25"),
        ("choices.cloud", "azure"),
        ("choices.cloud", "gcp"),
        ("features", "[media, search]"),
        ("features", "[serch]"),
        ("assumptions.cache_hit_ratio", "95%"),
        ("assumptions.peak_factor", "3"),
        ("assumptions.db_query_seconds", "5ms"),
        ("assumptions.cache_hit_ratio", "ninety"),
        ("limits.max_phase", "2"),
        ("limits.max_instances", "60"),
        ("limits.max_instances", "{app: 20, total: 60}"),
        ("limits.min_headroom", "50%"),
        ("limits.min_headroom", "1.5"),
        ("limits.max_monthly_cost_increase", "10%"),
        ("limits.max_monthly_cost_increase", "$2,000"),
    ];
    let mut disagreements = Vec::new();
    for (path, value) in cases {
        // Build `a:\n  b: value` under a minimal valid spec.
        let mut text = String::from("name: x\n");
        let parts: Vec<&str> = path.split('.').collect();
        if parts[0] != "traffic" {
            text.push_str("traffic:\n  dau: 1M\n  requests_per_user: 10\n");
        }
        match parts.as_slice() {
            [k] => text.push_str(&format!("{k}: {value}\n")),
            [section, k] => {
                text.push_str(&format!("{section}:\n  {k}: {value}\n"));
                if *section == "traffic" && *k != "dau" {
                    text.push_str("  dau: 1M\n");
                }
                if *section == "traffic" && *k != "requests_per_user" {
                    text.push_str("  requests_per_user: 10\n");
                }
            }
            _ => unreachable!(),
        }
        let loader_ok = capplan::spec::parse("t.yaml", &text, capplan::spec::Syntax::Yaml).is_ok();
        let schema_ok = schema_errors(&yaml_to_json(&text)).is_empty();
        if loader_ok != schema_ok {
            disagreements.push(format!(
                "{path}: {value} — loader {}, schema {}",
                if loader_ok { "accepts" } else { "refuses" },
                if schema_ok { "accepts" } else { "refuses" }
            ));
        }
    }
    // Ranges (a share above 100%, a zero DAU) are the loader's alone; no case here tests one.
    assert!(disagreements.is_empty(), "{disagreements:#?}");
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let text = stdout(&["completions", shell]);
        assert!(text.len() > 500, "{shell}: {text}");
        assert!(text.contains("estimate"), "{shell}");
        assert!(
            text.contains("url-shortener"),
            "{shell}: template names complete"
        );
    }
    let out = capplan().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    // Without an argument: the shell $SHELL names.
    let out = capplan()
        .arg("completions")
        .env("SHELL", "/usr/bin/zsh")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("#compdef capplan"));
    let out = capplan()
        .arg("completions")
        .env("SHELL", "/bin/tcsh")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("which shell?"));
}

#[test]
fn man_page_is_roff() {
    let page = stdout(&["man"]);
    assert!(page.starts_with(".ie \\n(.g .ds Aq") || page.starts_with(".TH"));
    assert!(page.contains(".TH capplan 1"), "{}", &page[..200]);
    for s in [
        ".SH NAME",
        ".SH SYNOPSIS",
        "CAPPLAN ESTIMATE",
        "CAPPLAN CATALOG VALIDATE",
        "prices as of",
    ] {
        assert!(page.contains(s), "man page lacks {s}");
    }
}

#[test]
fn version_names_the_price_date() {
    let v = stdout(&["--version"]);
    assert!(v.starts_with("capplan "), "{v}");
    assert!(v.contains("prices as of 20"), "{v}");
}

/// `--help` of every command, as a user sees it on a 100-column terminal.
#[test]
fn help_snapshots() {
    let commands: &[&[&str]] = &[
        &[],
        &["estimate"],
        &["simulate"],
        &["check"],
        &["diff"],
        &["catalog"],
        &["catalog", "list"],
        &["catalog", "show"],
        &["catalog", "validate"],
        &["init"],
        &["schema"],
        &["completions"],
        &["man"],
    ];
    for args in commands {
        let out = capplan()
            .args(*args)
            .arg("--help")
            .env("COLUMNS", "100")
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        let name = if args.is_empty() {
            "help".to_string()
        } else {
            format!("help-{}", args.join("-"))
        };
        // Every command: a one-line summary first and examples last.
        assert!(!text.lines().next().unwrap_or("").is_empty(), "{name}");
        assert!(text.contains("Examples:"), "{name} has no examples");
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn catalog_overlay_example_is_valid_and_labelled() {
    let dir = Path::new("examples/catalog-overlay");
    let text = stdout(&["catalog", "validate", dir.to_str().unwrap()]);
    assert!(text.contains("valid"), "{text}");
    let report = stdout(&[
        "estimate",
        "specs/url-shortener.yaml",
        "--catalog",
        dir.to_str().unwrap(),
    ]);
    assert!(
        report.contains("catalog overlay: Acme Corp"),
        "the Assumptions should name the overlay's figures"
    );
}
