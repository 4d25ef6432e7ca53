//! SVG charts of `capplan estimate`: written beside a markdown report or into `--charts DIR`,
//! well-formed, holding the series they promise, and the same on every run.

use crate::common::capplan;
use std::path::{Path, PathBuf};

/// A spec with an uncertain input (DAU as a 90% interval) and a budget.
const UNCERTAIN: &str = "\
name: Uncertain shortener
traffic:
  dau: 5M..20M
  requests_per_user: 5
  read_write_ratio: 100:1
  peak_factor: 3
payloads: { read: 500 B, write: 1 KB }
data: { record_size: 500 B, retention: 5 years }
growth: { yearly: 20%, horizon: 3 years }
slo: { p99: 100ms, availability: 99.9% }
budget:
  monthly: $3,000
";

fn run_ok(args: &[&str]) -> String {
    let out = capplan().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "capplan {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `--charts DIR` for a spec: the SVG files written, by chart name.
fn charts_of(spec: &str, dir: &Path, extra: &[&str]) -> Vec<(String, String)> {
    let mut args = vec!["estimate", spec, "--charts", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    let stdout = run_ok(&args);
    let files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(
        stdout.lines().count(),
        files.len(),
        "one `wrote` line per file: {stdout}"
    );
    let mut charts: Vec<(String, String)> = files
        .iter()
        .map(|f| {
            let name = f.file_stem().unwrap().to_str().unwrap();
            let name = name.strip_prefix("design-").expect("design-<name>.svg");
            (name.to_string(), std::fs::read_to_string(f).unwrap())
        })
        .collect();
    charts.sort();
    charts
}

fn names(charts: &[(String, String)]) -> Vec<&str> {
    charts.iter().map(|(n, _)| n.as_str()).collect()
}

fn svg<'a>(charts: &'a [(String, String)], name: &str) -> &'a str {
    &charts.iter().find(|(n, _)| n == name).unwrap().1
}

fn parse(text: &str) -> roxmltree::Document<'_> {
    let doc = roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("not XML: {e}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    for attr in ["width", "height", "viewBox"] {
        assert!(root.attribute(attr).is_some(), "svg has {attr}");
    }
    doc
}

/// The element with this id.
fn by_id<'a, 'i>(doc: &'a roxmltree::Document<'i>, id: &str) -> roxmltree::Node<'a, 'i> {
    doc.descendants()
        .find(|n| n.attribute("id") == Some(id))
        .unwrap_or_else(|| panic!("no element with id {id}"))
}

/// Points of the polylines inside a group.
fn polyline_points(group: roxmltree::Node) -> Vec<usize> {
    group
        .descendants()
        .filter(|n| n.has_tag_name("polyline"))
        .map(|n| n.attribute("points").unwrap().split(' ').count())
        .collect()
}

fn count(group: roxmltree::Node, tag: &str) -> usize {
    group.descendants().filter(|n| n.has_tag_name(tag)).count()
}

/// All text of the document, one string per `<text>`.
fn texts(doc: &roxmltree::Document) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

fn has_text(doc: &roxmltree::Document, needle: &str) -> bool {
    texts(doc).iter().any(|t| t.contains(needle))
}

#[test]
fn markdown_report_links_charts_written_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("design.md");
    run_ok(&[
        "estimate",
        "specs/url-shortener.yaml",
        "--format",
        "markdown",
        "-o",
        md.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&md).unwrap();
    let section = text
        .split("## Charts")
        .nth(1)
        .expect("a Charts section")
        .split("\n## ")
        .next()
        .unwrap();
    let links: Vec<&str> = section
        .match_indices("](")
        .map(|(i, _)| {
            let rest = &section[i + 2..];
            &rest[..rest.find(')').unwrap()]
        })
        .collect();
    assert_eq!(
        links,
        [
            "design-latency.svg",
            "design-cost.svg",
            "design-growth.svg",
            "design-cost-over-time.svg"
        ],
        "{section}"
    );
    for link in links {
        assert!(!link.starts_with('/'), "relative link: {link}");
        let file = dir.path().join(link);
        assert!(file.is_file(), "{} exists", file.display());
        parse(&std::fs::read_to_string(file).unwrap());
    }
}

/// The plan of a spec as JSON, for what the charts should show.
fn plan_json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["estimate"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    serde_json::from_str(&run_ok(&all)).unwrap()
}

#[test]
fn point_spec_charts_hold_their_series() {
    // On the reference tier set the design reaches its next phase inside the chart.
    let spec = "specs/url-shortener.yaml";
    let reference = ["--hardware", "reference"];
    let plan = plan_json(&[spec, reference[0], reference[1]]);
    let dir = tempfile::tempdir().unwrap();
    let charts = charts_of(spec, dir.path(), &reference);
    assert_eq!(
        names(&charts),
        ["cost", "cost-over-time", "growth", "latency"]
    );

    // Cost over time: one point per dated month (month 1, each quarter, the horizon) and a
    // band to the high estimate (the budget, far above, is left off the scale).
    let doc = parse(svg(&charts, "cost-over-time"));
    let dated = plan["cost"]["over_time"].as_array().unwrap().len();
    assert_eq!(dated, 13);
    assert_eq!(polyline_points(by_id(&doc, "cost")), [dated]);
    by_id(&doc, "range");
    assert!(has_text(&doc, "months after launch"));

    // Latency: per station, two analytic curves, five simulated points each with a CI
    // whisker, the SLO and the planned peak.
    let doc = parse(svg(&charts, "latency"));
    let stations = plan["latency"]["network"]["stations"].as_array().unwrap();
    for (station, title) in [("app", "App tier: "), ("database", "Database: ")] {
        let st = stations.iter().find(|s| s["role"] == station).unwrap();
        let servers = st["servers"].as_u64().unwrap();
        assert!(
            has_text(&doc, &format!("{title}{servers} server")),
            "{station} panel title"
        );
        for curve in ["p50", "p99"] {
            let pts = polyline_points(by_id(&doc, &format!("{station}-{curve}")));
            assert_eq!(pts.len(), 1, "{station} {curve}: one curve");
            assert!(
                pts[0] >= 40,
                "{station} {curve}: a smooth curve ({} points)",
                pts[0]
            );
        }
        let sim = by_id(&doc, &format!("{station}-p99-simulated"));
        assert_eq!(
            count(sim, "circle"),
            5,
            "{station}: five simulated p99 points"
        );
        assert!(count(sim, "polyline") >= 5, "{station}: CI whiskers");
        let p50 = by_id(&doc, &format!("{station}-p50-simulated"));
        assert_eq!(count(p50, "rect"), 10, "{station}: five hollow squares");
        let slo = by_id(&doc, &format!("{station}-slo"));
        assert!(slo.attribute("stroke-dasharray").is_some(), "SLO is dashed");
        assert_eq!(polyline_points(slo), [2]);
        assert_eq!(
            count(by_id(&doc, &format!("{station}-planned-peak")), "polygon"),
            2
        );
    }
    assert!(
        stations.iter().any(|s| s["role"] == "cache"),
        "the spec has a cache station, which the chart leaves out"
    );
    assert!(doc
        .descendants()
        .all(|n| n.attribute("id") != Some("cache-p99")));
    for label in [
        "Latency vs load",
        "p99 SLO 100 ms",
        "planned peak ",
        "load, % of saturation (100% = ",
        "response time (log scale)",
        "p99 simulated, 95% CI",
        "10 ms",
        "80%",
    ] {
        assert!(has_text(&doc, label), "latency chart shows {label:?}");
    }

    // Cost: one bar per component and one for bandwidth, most expensive first.
    let doc = parse(svg(&charts, "cost"));
    let mut expected: Vec<(String, f64)> = plan["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["role"].as_str().unwrap().to_string(),
                c["monthly_cost"]["high_usd"].as_f64().unwrap(),
            )
        })
        .collect();
    let bandwidth = plan["cost"]["bandwidth"]["high_usd"].as_f64().unwrap();
    if bandwidth > 0.0 {
        expected.push(("bandwidth".into(), bandwidth));
    }
    expected.sort_by(|a, b| b.1.total_cmp(&a.1));
    let bars: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .filter_map(|id| id.strip_prefix("bar-"))
        .collect();
    assert_eq!(
        bars,
        expected.iter().map(|(r, _)| r.as_str()).collect::<Vec<_>>()
    );
    for bar in &bars {
        assert!(count(by_id(&doc, &format!("bar-{bar}")), "rect") >= 1);
    }
    let app = plan["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["role"] == "app")
        .unwrap();
    let app_label = format!("app: {} × {}", app["count"], app["tier"].as_str().unwrap());
    for label in [
        "Monthly cost by component",
        app_label.as_str(),
        "bandwidth: internet egress",
        "US dollars a month",
        "$0",
        "budget $50,000",
    ] {
        assert!(has_text(&doc, label), "cost chart shows {label:?}");
    }

    // Growth: the load curve, today's layout, the next phase and when the load gets there.
    let doc = parse(svg(&charts, "growth"));
    assert!(polyline_points(by_id(&doc, "load"))[0] >= 20);
    assert_eq!(polyline_points(by_id(&doc, "capacity")), [2]);
    let next = &plan["next_phase"];
    let phase = next["phase"].as_u64().expect("the spec has a next phase");
    let years = next["years"].as_f64().expect("and grows into it");
    let horizon = plan["storage"]["horizon_years"].as_f64().unwrap();
    assert!(years <= 2.0 * horizon, "the chart reaches the next phase");
    assert_eq!(polyline_points(by_id(&doc, "next-phase")), [2]);
    assert_eq!(count(by_id(&doc, "next-phase-reached"), "polygon"), 2);
    let needed = format!("phase {phase} needed from ");
    let reached = format!("phase {phase}: ");
    for label in [
        "Growth timeline: load vs capacity",
        needed.as_str(),
        reached.as_str(),
        "years from now",
        "peak load (req/s)",
    ] {
        assert!(has_text(&doc, label), "growth chart shows {label:?}");
    }
    assert_eq!(
        has_text(&doc, "past the horizon"),
        years > horizon,
        "the part past the horizon is shaded when the chart goes there"
    );
}

#[test]
fn uncertain_spec_gets_the_cost_distribution() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("uncertain.yaml");
    std::fs::write(&spec, UNCERTAIN).unwrap();
    let out = dir.path().join("charts");
    let charts = charts_of(
        spec.to_str().unwrap(),
        &out,
        &["--samples", "500", "--seed", "3"],
    );
    assert_eq!(
        names(&charts),
        [
            "cost",
            "cost-distribution",
            "cost-over-time",
            "growth",
            "latency"
        ]
    );
    let doc = parse(svg(&charts, "cost-distribution"));
    let bars = count(by_id(&doc, "histogram"), "rect");
    assert!(bars >= 10, "histogram bars (fill and outline): {bars}");
    for mark in ["p10", "p50", "p90", "budget"] {
        assert_eq!(polyline_points(by_id(&doc, mark)), [2], "{mark} line");
        by_id(&doc, &format!("{mark}-label"));
    }
    for label in [
        "Monthly cost distribution (Monte Carlo)",
        "500 samples (seed 3)",
        "P(cost ≤ budget)",
        "P10 $",
        "P50 $",
        "P90 $",
        "budget $3,000",
        "share of samples (%)",
        "monthly cost (US dollars)",
    ] {
        assert!(has_text(&doc, label), "distribution chart shows {label:?}");
    }
}

#[test]
fn charts_are_the_same_on_every_run() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let first = charts_of("specs/estimation-tip.yaml", a.path(), &[]);
    let second = charts_of("specs/estimation-tip.yaml", b.path(), &[]);
    assert_eq!(
        names(&first),
        ["cost", "cost-over-time", "growth", "latency"]
    );
    assert_eq!(first, second);
    // No SLO in this spec: no SLO line, and the growth chart says why the load stays flat.
    let doc = parse(svg(&first, "latency"));
    assert!(doc
        .descendants()
        .all(|n| n.attribute("id") != Some("app-slo")));
    let doc = parse(svg(&first, "growth"));
    assert!(has_text(&doc, "no growth in the spec"));
}
