//! The bill: tiered prices worked by hand, where the bytes go, every stateful component's
//! storage, cross-zone transfer, load balancer capacity units, purchase options, cost over
//! time and the three clouds.

use crate::common::{capplan, json_output};
use serde_json::Value;

fn components(v: &Value) -> &Vec<Value> {
    v["components"].as_array().unwrap()
}

fn component<'a>(v: &'a Value, role: &str) -> &'a Value {
    components(v)
        .iter()
        .find(|c| c["role"] == role)
        .unwrap_or_else(|| panic!("no {role}"))
}

fn lines(c: &Value) -> &Vec<Value> {
    c["bill"].as_array().unwrap()
}

fn cost(l: &Value) -> f64 {
    l["monthly_cost"]["low_usd"].as_f64().unwrap()
}

fn estimate(spec: &str, extra: &[&str]) -> Value {
    let mut args = vec!["estimate", spec, "--format", "json", "--requests", "0"];
    args.extend_from_slice(extra);
    json_output(&args)
}

#[test]
fn six_petabytes_through_cloudfront_are_charged_tier_by_tier() {
    let v = estimate("tests/it/fixtures/cdn-six-petabytes.yaml", &[]);
    let cdn = component(&v, "cdn");
    let transfer = &lines(cdn)[0];
    let gb = transfer["quantity"].as_f64().unwrap();
    assert!((5.5e6..6.5e6).contains(&gb), "{gb} GB");
    // Amazon CloudFront Pricing, United States/Mexico/Canada, per GB, 1 TB a month free:
    // 10 TB at $0.085, 40 TB at $0.080, 100 TB at $0.060, 350 TB at $0.040, 524 TB at $0.030,
    // 4 PB at $0.025, the rest at $0.020 (1 TB = 1,024 GB as the price page counts it).
    let tiers = [
        (10_240.0, 0.085),
        (40_960.0, 0.080),
        (102_400.0, 0.060),
        (358_400.0, 0.040),
        (536_576.0, 0.030),
        (4_194_304.0, 0.025),
    ];
    let mut left = gb - 1_000.0;
    let mut hand = 0.0;
    for (width, price) in tiers {
        let q: f64 = left.min(width);
        hand += q * price;
        left -= q;
    }
    hand += left * 0.020;
    // For the fixture's 5,985,854 GB that is 870.40 + 3,276.80 + 6,144 + 14,336 + 16,097.28 +
    // 104,857.60 + 741,974 × 0.02 = $160,421.56 — against $508,798 at a flat $0.085.
    // The JSON carries money in cents.
    assert!(
        (cost(transfer) - hand).abs() <= 0.005 + 1e-9,
        "{} vs {hand}",
        cost(transfer)
    );
    assert!(cost(transfer) < 0.35 * gb * 0.085);
    // Origin fetches from an AWS origin are free, and no cacheable byte is billed again as
    // internet egress: the bandwidth line carries only the non-media responses.
    let fetch = lines(cdn)
        .iter()
        .find(|l| l["what"].as_str().unwrap().starts_with("origin fetches"))
        .unwrap();
    assert_eq!(cost(fetch), 0.0);
    let egress = v["cost"]["bandwidth"]["low_usd"].as_f64().unwrap();
    // 20K req/s × 1 KB for a month is ~52,600 GB, charged from $0.09 down to $0.07 a GB.
    assert!(
        egress < 52_600.0 * 0.09 && egress > 52_600.0 * 0.05,
        "{egress}"
    );
}

#[test]
fn every_stateful_component_on_nodes_has_a_storage_line() {
    let stateful = [
        "database",
        "read_replica",
        "db_standby",
        "stream",
        "search",
        "object_storage",
    ];
    for spec in [
        "specs/news-feed.yaml",
        "specs/url-shortener.yaml",
        "specs/autocomplete.yaml",
        "specs/video-streaming.yaml",
        "specs/chat.yaml",
    ] {
        let v = estimate(spec, &[]);
        for c in components(&v) {
            let role = c["role"].as_str().unwrap();
            // Managed streams and queues billed by request (Kinesis, SQS) include their storage.
            let by_request = c["node"].is_null() && matches!(role, "stream" | "queue");
            if stateful.contains(&role) && !by_request {
                assert!(
                    lines(c).iter().any(|l| l["item"] == "storage"),
                    "{spec}: {role} has no storage line"
                );
            }
        }
    }
}

#[test]
fn kafka_has_a_cross_zone_line_and_the_alb_is_charged_by_capacity_units() {
    let v = estimate("specs/news-feed.yaml", &[]);
    let stream = component(&v, "stream");
    let cz = lines(stream)
        .iter()
        .find(|l| l["what"].as_str().unwrap().starts_with("cross-zone"))
        .expect("a cross-zone line");
    assert_eq!(cz["item"], "transfer");
    assert_eq!(cz["unit_price_usd"].as_f64().unwrap(), 0.02);
    let lb = component(&v, "load_balancer");
    let units = lines(lb)
        .iter()
        .find(|l| l["unit"] == "unit-hours")
        .expect("an LCU line");
    assert_eq!(units["unit_price_usd"].as_f64().unwrap(), 0.008);
    assert!(lines(lb).iter().any(|l| l["unit"] == "hours"));
}

#[test]
fn reserved_3y_lowers_compute_by_the_documented_ratio_and_nothing_else() {
    let od = estimate("specs/news-feed.yaml", &[]);
    let rs = estimate("specs/news-feed.yaml", &["--pricing", "reserved_3y"]);
    assert_eq!(rs["cost"]["pricing"], "reserved_3y");
    let mut compared = 0;
    for (a, b) in components(&od).iter().zip(components(&rs)) {
        assert_eq!(a["role"], b["role"]);
        for (x, y) in lines(a).iter().zip(lines(b)) {
            let ratio = cost(y) / cost(x).max(1e-12);
            let what = y["what"].as_str().unwrap();
            if x["item"] != "compute" {
                assert_eq!(cost(x), cost(y), "{what} changed");
                continue;
            }
            compared += 1;
            // Catalog, aws.yaml purchase: 3-year reserved is 0.43 of on-demand for EC2,
            // 0.45 for ElastiCache; MSK has no reservations and stays on demand.
            let expected = match a["technology"].as_str().unwrap() {
                "redis" => 0.45,
                "kafka" => 1.0,
                _ => 0.43,
            };
            // Both sides are rounded to cents in the JSON: within a cent of the ratio.
            assert!(
                (cost(y) - expected * cost(x)).abs() <= 0.01,
                "{what}: {ratio}"
            );
        }
    }
    assert!(compared >= 4);
    let on_demand = rs["cost"]["on_demand"]["low_usd"].as_f64().unwrap();
    assert!((on_demand - od["cost"]["monthly_low_usd"].as_f64().unwrap()).abs() < 0.01);
}

#[test]
fn video_streaming_month_one_is_a_small_fraction_of_the_horizon() {
    let v = json_output(&["timeline", "specs/video-streaming.yaml", "--format", "json"]);
    let months = v["months"].as_array().unwrap();
    let first = months[0]["monthly_cost"]["low_usd"].as_f64().unwrap();
    let last = months.last().unwrap()["monthly_cost"]["low_usd"]
        .as_f64()
        .unwrap();
    assert_eq!(months[0]["month"], 1);
    assert_eq!(months.last().unwrap()["month"], 36);
    assert!(first < 0.1 * last, "{first} vs {last}");
    let runway = v["runway"].as_array().unwrap();
    assert!(runway[0]["outgrown_month"].as_u64().is_some());
    let out = capplan()
        .args(["timeline", "specs/video-streaming.yaml"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let first_role = runway[0]["role"].as_str().unwrap();
    assert!(
        text.contains(&format!("- {first_role}: the planned")),
        "{text}"
    );
    // The estimate's dated cost agrees with the timeline's first and horizon months.
    let e = estimate("specs/video-streaming.yaml", &[]);
    assert!((e["cost"]["first_month"]["low_usd"].as_f64().unwrap() - first).abs() < 0.01);
    assert!((e["cost"]["monthly_low_usd"].as_f64().unwrap() - last).abs() < 0.01);
}

#[test]
fn compare_clouds_names_each_clouds_own_node_types_and_prices() {
    for spec in [
        "specs/url-shortener.yaml",
        "specs/news-feed.yaml",
        "specs/chat.yaml",
    ] {
        let v = json_output(&["estimate", spec, "--compare-clouds", "--format", "json"]);
        let clouds: Vec<&str> = v["clouds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["cloud"].as_str().unwrap())
            .collect();
        assert_eq!(clouds, ["aws", "azure", "gcp"], "{spec}");
        let totals: Vec<f64> = v["clouds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["monthly"]["low_usd"].as_f64().unwrap())
            .collect();
        assert!(
            totals[1] != totals[0] && totals[2] != totals[0],
            "{spec}: {totals:?}"
        );
        for row in v["components"].as_array().unwrap() {
            let role = row["role"].as_str().unwrap();
            // Kafka has no GCP or Azure node types in the catalog: named as priced on AWS's.
            if role == "stream" {
                continue;
            }
            for p in row["clouds"].as_array().unwrap() {
                let what = p["what"].as_str().unwrap();
                let aws_name = ["c7g.", "m6i.", "i3en.", "db.", "cache.", "r7g.", "m7g."]
                    .iter()
                    .any(|n| what.contains(n));
                match p["cloud"].as_str().unwrap() {
                    "aws" => {}
                    other => assert!(!aws_name, "{spec}: {role} on {other} is {what}"),
                }
            }
        }
    }
    let gcp = &json_output(&[
        "estimate",
        "specs/url-shortener.yaml",
        "--compare-clouds",
        "--format",
        "json",
    ])["components"];
    let app = gcp
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["role"] == "app")
        .unwrap();
    let on = |c: &str| {
        app["clouds"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["cloud"] == c)
            .unwrap()["what"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(on("gcp").contains("-standard-") || on("gcp").contains("-highcpu-"));
    assert!(on("azure").contains(" v"));
}

#[test]
fn catalog_sources_lists_every_document_with_its_page_and_date() {
    let out = capplan()
        .args(["catalog", "sources"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    // The guides the figures cite by title, and the price pages with the date they were read.
    for title in [
        "System Design Guide [system-design-guide]",
        "Distributed System Components Guide [components-guide]",
        "Amazon EC2 On-Demand Pricing [aws-ec2-on-demand]",
        "Compute Engine pricing [gcp-compute-pricing]",
        "Linux Virtual Machines Pricing [azure-vm-pricing]",
    ] {
        assert!(text.contains(title), "{title} missing:\n{text}");
    }
    assert!(text.contains("page:    https://aws.amazon.com/ec2/pricing/on-demand/"));
    assert!(text.contains("as of:   2025-06"));
    let n: usize = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("Sources ("))
        .and_then(|l| l.split(')').next())
        .and_then(|n| n.parse().ok())
        .expect("a count");
    assert_eq!(
        n,
        text.lines()
            .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
            .count()
    );
}
