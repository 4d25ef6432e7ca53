//! Zones, regions and availability across every example spec and two worked deployments.

use crate::common::{capplan, json_output, root};
use serde_json::Value;

/// The failover ceiling the built-in catalog sets (`deployment.failover_ceiling`).
const CEILING: f64 = 0.85;

fn example_specs() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root().join("specs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "toml"))
        .map(|p| p.strip_prefix(root()).unwrap().display().to_string())
        .collect();
    v.sort();
    v
}

fn estimate(spec: &str, format: &str) -> String {
    let out = capplan()
        .args([
            "estimate",
            spec,
            "--requests",
            "0",
            "--samples",
            "50",
            "--format",
            format,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{spec}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_component_reports_its_zones_and_survives_one_lost() {
    for spec in example_specs() {
        let v: Value = serde_json::from_str(&estimate(&spec, "json")).unwrap();
        // From an availability SLO of 99.9% (the catalog's `default.ha_availability`) up,
        // every component is sized to survive a zone.
        let ha = v["availability"]["slo"]
            .as_f64()
            .is_some_and(|s| s >= 0.999);
        for c in v["components"].as_array().unwrap() {
            let role = &c["role"];
            assert!(c["zones"].as_u64().unwrap() >= 1, "{spec} {role}");
            let per_zone = c["per_zone"].as_array().unwrap();
            assert!(
                c.get("utilization_after_zone_loss").is_some(),
                "{spec} {role}"
            );
            if c["node"].is_null() {
                assert!(per_zone.is_empty(), "{spec} {role}");
                continue;
            }
            let sum: u64 = per_zone.iter().map(|n| n.as_u64().unwrap()).sum();
            assert_eq!(sum, c["count"].as_u64().unwrap(), "{spec} {role}");
            if ha && c["survives_zone_loss"] == true {
                let u = c["utilization_after_zone_loss"].as_f64();
                assert!(
                    u.is_none_or(|u| u <= CEILING + 1e-9),
                    "{spec} {role}: {u:?} after a zone is lost"
                );
            }
            if ha {
                assert_eq!(c["survives_zone_loss"], true, "{spec} {role}");
            }
        }
    }
}

#[test]
fn no_report_says_one_hundred_percent_or_no_downtime() {
    for spec in example_specs() {
        let table = estimate(&spec, "table");
        let markdown = estimate(&spec, "markdown");
        for (what, text) in [("table", &table), ("markdown", &markdown)] {
            let head = if what == "table" {
                "\nAvailability\n"
            } else {
                "\n## Availability\n"
            };
            let rest = text.split(head).nth(1).unwrap_or_default();
            // Up to the next section.
            let end = ["\nWarnings", "\nAssumptions", "\nUncertainty", "\n## "]
                .iter()
                .filter_map(|m| rest.find(m))
                .min()
                .unwrap_or(rest.len());
            let section = &rest[..end];
            assert!(!section.is_empty(), "{spec} {what}");
            assert!(!section.contains(" 100%"), "{spec} {what}:\n{section}");
            assert!(!section.contains("| 100% "), "{spec} {what}:\n{section}");
            assert!(
                !section.contains(" 0 min/year"),
                "{spec} {what}:\n{section}"
            );
            assert!(!section.contains(" 0 s/year"), "{spec} {what}:\n{section}");
            assert!(!text
                .lines()
                .next()
                .unwrap_or("")
                .contains("availability 100%"));
        }
        let head = table.lines().nth(1).unwrap();
        assert!(!head.ends_with("availability 100%"), "{spec}: {head}");
        let v: Value = serde_json::from_str(&estimate(&spec, "json")).unwrap();
        let down = v["availability"]["downtime_minutes_per_year"]
            .as_f64()
            .unwrap();
        assert!(
            down > 0.0 && v["availability"]["composite"].as_f64().unwrap() < 1.0,
            "{spec}"
        );
        assert!(v["availability"]["weakest"]["change"].is_string(), "{spec}");
    }
}

/// A spec for the same users in one region and in two.
fn two_regions(mode: &str, regions: bool) -> String {
    let mut s = String::from(
        "name: two regions\ntraffic:\n  dau: 20M\n  requests_per_user: 20\n  read_write_ratio: 20:1\n  geography: {us: 60%, eu: 30%, apac: 10%}\ndata:\n  record_size: 1 KB\n  hot_set: 5%\nslo:\n  p99: 200ms\n  availability: 99.95%\nchoices:\n  database: postgresql\n  cache: redis\n",
    );
    if regions {
        s.push_str(&format!(
            "deployment:\n  regions: {{mode: {mode}, in: [us, eu]}}\n"
        ));
    }
    s
}

fn plan_of(text: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.yaml");
    std::fs::write(&path, text).unwrap();
    json_output(&[
        "estimate",
        path.to_str().unwrap(),
        "--requests",
        "0",
        "--format",
        "json",
    ])
}

#[test]
fn two_active_regions_cost_at_least_one_point_eight_times_one() {
    let one = plan_of(&two_regions("active_active", false));
    let two = plan_of(&two_regions("active_active", true));
    let cost = |v: &Value| v["cost"]["planned"]["low_usd"].as_f64().unwrap();
    let ratio = cost(&two) / cost(&one);
    assert!(ratio >= 1.8, "{ratio}");
    // Both regions carry every user (us serves us and apac, eu the rest): each at 100%.
    let r = &two["regions"]["regions"];
    assert_eq!(r[0]["name"], "us");
    assert!((r[0]["users_share"].as_f64().unwrap() - 0.7).abs() < 1e-9);
    assert!((r[1]["sized_for"].as_f64().unwrap() - 1.0).abs() < 1e-9);
    // The replication line is priced at the cross-region rate.
    assert!(
        two["regions"]["replication"]["unit_price_usd"]
            .as_f64()
            .unwrap()
            > 0.0
    );
    // The ladder and phase follow what is planned: multi-region only with regions.
    assert_eq!(two["phase"]["ladder_rung"], 7);
    assert_eq!(two["phase"]["number"], 3);
    assert_ne!(one["phase"]["ladder_rung"], 7);
    // Two regions lift the availability above one.
    let a = |v: &Value| v["availability"]["composite"].as_f64().unwrap();
    assert!(a(&two) > a(&one));
    let passive = plan_of(&two_regions("active_passive", true));
    assert!(cost(&passive) / cost(&one) >= 1.8);
}

/// Two regions serving half the users each, each sized for all of them, are the same
/// design at the same share: they cost the same (the primary adds the replication line).
#[test]
fn symmetric_regions_cost_the_same() {
    let spec = two_regions("active_active", true)
        .replace("{us: 60%, eu: 30%, apac: 10%}", "{us: 50%, eu: 50%}");
    let v = plan_of(&spec);
    let r = &v["regions"]["regions"];
    let cost = |i: usize| r[i]["monthly_cost"]["low_usd"].as_f64().unwrap();
    let replication = v["regions"]["replication"]["monthly_cost"]["low_usd"]
        .as_f64()
        .unwrap();
    assert_eq!(r[0]["sized_for"], r[1]["sized_for"]);
    assert!(
        (cost(0) - replication - cost(1)).abs() <= 0.01,
        "{} − {replication} vs {}",
        cost(0),
        cost(1)
    );
}

#[test]
fn latency_has_a_row_per_geography() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.yaml");
    std::fs::write(&path, two_regions("active_active", true)).unwrap();
    let v = json_output(&[
        "estimate",
        path.to_str().unwrap(),
        "--requests",
        "0",
        "--format",
        "json",
    ]);
    let g = v["latency"]["geographies"].as_array().unwrap();
    let names: Vec<&str> = g.iter().map(|x| x["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["us", "eu", "apac"]);
    // us and eu have a region; apac reaches the primary across regions.
    assert_eq!(g[1]["local"], true);
    assert_eq!(
        (g[2]["local"].clone(), g[2]["served_from"].clone()),
        (false.into(), "us".into())
    );
    let p99 = |i: usize| g[i]["p99_ms"].as_f64().unwrap();
    assert!(p99(2) > p99(0) + 100.0, "{} vs {}", p99(2), p99(0));
    let table = capplan()
        .args(["estimate", path.to_str().unwrap(), "--requests", "0"])
        .output()
        .unwrap();
    let text = String::from_utf8(table.stdout).unwrap();
    for row in ["│ us ", "│ eu ", "│ apac "] {
        assert!(text.contains(row), "{row}\n{text}");
    }
}

#[test]
fn deployment_mistakes_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.yaml");
    let base = "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\n";
    for (extra, key, said) in [
        (
            "deployment:\n  zones: 9\n",
            "deployment.zones",
            "from 1 to 6",
        ),
        (
            "deployment:\n  regions: {in: [us, eu]}\n",
            "deployment.regions.in[0]",
            "no `traffic.geography`",
        ),
    ] {
        std::fs::write(&path, format!("{base}{extra}")).unwrap();
        let out = capplan()
            .args(["estimate", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let e = String::from_utf8(out.stderr).unwrap();
        assert!(e.contains(key) && e.contains(said), "{e}");
    }
    std::fs::write(
        &path,
        "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\n  geography: {us: 60%, eu: 30%}\ndeployment:\n  regions: {in: [us, ue]}\n",
    )
    .unwrap();
    let out = capplan()
        .args(["estimate", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8(out.stderr).unwrap();
    assert!(e.contains("add up to 90%"), "{e}");
    assert!(
        e.contains("unknown geography `ue`") && e.contains("one of eu, us"),
        "{e}"
    );
}
