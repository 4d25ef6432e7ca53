//! The `calibrate` report: one document model (sections of rows), rendered as a terminal
//! table or Markdown; JSON is the calibration itself with the overlay entries.

use crate::calibrate::{overlay::Overlay, Calibration};
use crate::units::{fmt_duration, fmt_si, trim_num};
use comfy_table::{presets::UTF8_FULL_CONDENSED, Table as Ct};
use serde::Serialize;

/// A section: a title, a header and rows of cells.
struct Section {
    title: String,
    header: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

/// What the report shows besides the fits.
pub struct CalibrationView<'a> {
    pub calibration: &'a Calibration,
    pub overlay: &'a Overlay,
    /// Where the overlay was written, when it was.
    pub written_to: Option<String>,
    /// The chart's link, when it was written.
    pub chart: Option<String>,
    /// The catalog's price date, for the JSON header.
    pub prices_as_of: String,
}

fn range(ci: Option<[f64; 2]>, f: impl Fn(f64) -> String) -> String {
    ci.map_or("—".into(), |[a, b]| format!("{} – {}", f(a), f(b)))
}

fn num(v: f64) -> String {
    if v != 0.0 && v.abs() < 1e-3 {
        format!("{v:.3e}")
    } else {
        trim_num(v, 4)
    }
}

fn sections(v: &CalibrationView) -> Vec<Section> {
    let c = v.calibration;
    let mut out = vec![Section {
        title: "Load test".into(),
        header: vec!["file", "format", "load levels"],
        rows: c
            .inputs
            .iter()
            .map(|f| {
                vec![
                    f.file.clone(),
                    format!("{:?}", f.format).to_lowercase(),
                    f.levels.to_string(),
                ]
            })
            .collect(),
    }];
    if let Some(u) = &c.usl {
        let peak_n = u.peak_concurrency.map_or("no peak".into(), num);
        let peak_label = if u.peak_concurrency.is_some() {
            "peak throughput X(N*)"
        } else {
            "throughput ceiling λ/σ"
        };
        out.push(Section {
            title: "Scalability law X(N) = λN / (1 + σ(N−1) + κN(N−1))".into(),
            header: vec!["parameter", "estimate", "95% interval"],
            rows: vec![
                vec![
                    "λ, req/s at one in flight".into(),
                    num(u.lambda),
                    range(Some(u.ci95.lambda), num),
                ],
                vec![
                    "σ, contention".into(),
                    num(u.sigma),
                    range(Some(u.ci95.sigma), num),
                ],
                vec![
                    "κ, coherency".into(),
                    num(u.kappa),
                    range(Some(u.ci95.kappa), num),
                ],
                vec![
                    peak_label.into(),
                    u.peak_throughput
                        .map_or("—".into(), |x| format!("{} req/s", fmt_si(x))),
                    range(u.ci95.peak_throughput, fmt_si),
                ],
                vec![
                    "peak concurrency N*".into(),
                    peak_n,
                    range(u.ci95.peak_concurrency, num),
                ],
                vec![
                    "fit".into(),
                    format!(
                        "R² {:.4}, RMS residual {:.2}%",
                        u.r_squared,
                        100.0 * u.rms_relative
                    ),
                    u.corr_sigma_kappa
                        .map_or(String::new(), |r| format!("corr(σ, κ) {r:.2}")),
                ],
            ],
        });
        out.push(Section {
            title: "Residuals".into(),
            header: vec!["concurrency", "measured req/s", "fitted req/s", "residual"],
            rows: u
                .residuals
                .iter()
                .map(|r| {
                    vec![
                        trim_num(r.concurrency, 4),
                        fmt_si(r.measured),
                        fmt_si(r.fitted),
                        format!("{:+.2}%", 100.0 * r.relative),
                    ]
                })
                .collect(),
        });
    }
    if let Some(s) = &c.service_time {
        let mut rows = vec![
            vec![
                "mean".into(),
                fmt_duration(s.mean_s),
                range(s.mean_ci95_s, fmt_duration),
            ],
            vec!["cv".into(), trim_num(s.cv, 3), String::new()],
            vec!["family".into(), s.family.words().into(), s.method.clone()],
        ];
        for f in &s.fits {
            rows.push(vec![
                format!("  {}", f.family.words()),
                format!("KS D {:.4}, p {:.3}", f.ks_d, f.p_value),
                f.params.clone(),
            ]);
        }
        out.push(Section {
            title: "Service time".into(),
            header: vec!["figure", "value", "how"],
            rows,
        });
    }
    if let Some(cpu) = &c.cpu {
        out.push(Section {
            title: "CPU per request".into(),
            header: vec!["figure", "value", "95% interval"],
            rows: vec![vec![
                format!(
                    "vCPU time per request ({} vCPUs, {} levels)",
                    cpu.vcpus, cpu.points
                ),
                fmt_duration(cpu.cpu_s),
                range(cpu.ci95_s, fmt_duration),
            ]],
        });
    }
    let o = v.overlay;
    let mut rows: Vec<Vec<String>> = o
        .figures
        .iter()
        .map(|(k, f)| {
            vec![
                k.clone(),
                format!("{} {}", num(f.value), f.unit),
                f.source.clone(),
            ]
        })
        .collect();
    if let Some(m) = &o.app_service_distribution {
        rows.push(vec![
            "app_service_distribution".into(),
            format!("{}, cv {}", m.family.words(), trim_num(m.cv, 3)),
            m.source.clone(),
        ]);
    }
    for t in &o.compute_tiers {
        let u = t.concurrent_users.map_or(String::new(), |r| {
            format!("{}–{} users", trim_num(r.low, 4), trim_num(r.high, 4))
        });
        rows.push(vec![format!("tier {}", t.name), u, t.source.clone()]);
    }
    out.push(Section {
        title: match &v.written_to {
            Some(p) => format!("Catalog overlay, written to {p}"),
            None => "Catalog overlay (write it with -o DIR)".into(),
        },
        header: vec!["entry", "value", "source"],
        rows,
    });
    out
}

fn warnings(v: &CalibrationView) -> Vec<String> {
    let c = v.calibration;
    c.usl
        .iter()
        .flat_map(|u| u.warnings.iter().cloned())
        .chain(c.warnings.iter().cloned())
        .chain(v.overlay.notes.iter().cloned())
        .collect()
}

/// The terminal view.
pub fn table(v: &CalibrationView) -> String {
    let mut out = format!(
        "Calibration from {}\n",
        crate::calibrate::overlay::source(v.calibration)
    );
    for s in sections(v) {
        let mut t = Ct::new();
        t.force_no_tty()
            .load_preset(UTF8_FULL_CONDENSED)
            .set_header(s.header.clone());
        crate::units::fit_table(&mut t);
        for r in &s.rows {
            t.add_row(r.clone());
        }
        out.push_str(&format!("\n{}\n{t}\n", s.title));
    }
    let w = warnings(v);
    if !w.is_empty() {
        out.push_str("\nWarnings\n");
        for x in w {
            out.push_str(&format!("  ! {x}\n"));
        }
    }
    out
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// The Markdown view, with the chart when it was written.
pub fn markdown(v: &CalibrationView) -> String {
    let mut out = format!(
        "# Calibration\n\nFrom {}.\n",
        crate::calibrate::overlay::source(v.calibration)
    );
    if let Some(link) = &v.chart {
        out.push_str(&format!(
            "\n![Throughput vs concurrency: measured and fitted]({link})\n"
        ));
    }
    for s in sections(v) {
        out.push_str(&format!(
            "\n## {}\n\n| {} |\n|{}\n",
            s.title,
            s.header.join(" | "),
            "---|".repeat(s.header.len())
        ));
        for r in &s.rows {
            out.push_str(&format!(
                "| {} |\n",
                r.iter().map(|c| md_cell(c)).collect::<Vec<_>>().join(" | ")
            ));
        }
    }
    let w = warnings(v);
    if !w.is_empty() {
        out.push_str("\n## Warnings\n\n");
        for x in w {
            out.push_str(&format!("- {x}\n"));
        }
    }
    out
}

/// `calibrate --format json` (its schema: `capplan schema --output calibrate`).
#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonDoc<'a> {
    #[serde(flatten)]
    calibration: &'a Calibration,
    overlay: &'a Overlay,
    overlay_written_to: Option<&'a str>,
    /// What the overlay could not hold, and why.
    overlay_notes: &'a [String],
}

/// The JSON view: every fit, the overlay's entries, the warnings.
pub fn json(v: &CalibrationView) -> String {
    let doc = JsonDoc {
        calibration: v.calibration,
        overlay: v.overlay,
        overlay_written_to: v.written_to.as_deref(),
        overlay_notes: &v.overlay.notes,
    };
    crate::render::contract::stamp(
        &serde_json::to_string_pretty(&doc).unwrap_or_default(),
        &v.prices_as_of,
    )
}
