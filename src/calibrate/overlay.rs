//! The catalog overlay a calibration becomes: figures for the app tier's service time, CPU
//! share and request slots, the measured service-time shape, and the instance under test as
//! a reference tier with its measured capacity. Every entry cites `load test FILE, DATE`.
//!
//! # Formula
//! With service mean `S`, CPU per request `D`, peak throughput `X*` (the USL's) on `V` vCPUs:
//! - `default.app_service_seconds = S`;
//! - `default.app_cpu_share = min(D/S, 1)`;
//! - `default.app_workers_per_vcpu = X*·S / V` — by Little's law the requests in service at
//!   the peak, so the model's concurrency bound (slots ÷ S per instance) carries `X*`;
//! - the tier's concurrent users: the documented users of its size × `X*/X_doc`, where
//!   `X_doc = V / (S₀·c₀)` is the throughput the built-in figures give the instance (S₀ the
//!   built-in service time, c₀ its CPU share): the users a request rate stands for stay the
//!   System Design Guide's (§3.10 Real-World Server Tiers), the rate an instance carries
//!   becomes the measured one.

use super::instance::Instance;
use super::Calibration;
use crate::catalog::{Catalog, ComputeTier, Figure, MeasuredService, Range, ServiceFamily};
use serde::Serialize;
use std::collections::BTreeMap;

/// The overlay file's contents (the shape of a catalog file).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Overlay {
    pub figures: BTreeMap<String, Figure>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub compute_tiers: Vec<ComputeTier>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_service_distribution: Option<MeasuredService>,
    /// What could not be written, and why (not part of the file).
    #[serde(skip)]
    pub notes: Vec<String>,
}

/// The file name the overlay is written to inside its directory.
pub const FILE_NAME: &str = "calibration.yaml";

/// `load test a.csv, 2025-06-01` (file names without their directories).
pub fn source(c: &Calibration) -> String {
    let mut files: Vec<String> = c
        .inputs
        .iter()
        .map(|f| f.file.as_str())
        .chain(c.samples_file.as_deref())
        .map(|f| {
            std::path::Path::new(f)
                .file_name()
                .map_or(f.to_string(), |n| n.to_string_lossy().into_owned())
        })
        .collect();
    files.dedup();
    format!("load test {}, {}", files.join(" + "), c.date)
}

/// `v` to 4 significant digits: a measurement carries no more.
fn sig4(v: f64) -> f64 {
    format!("{v:.3e}").parse().unwrap_or(v)
}

fn figure(value: f64, unit: &str, meaning: &str, source: String) -> Figure {
    Figure {
        value: sig4(value),
        unit: unit.into(),
        meaning: meaning.into(),
        source,
        assumption: false,
    }
}

/// Build the overlay from a calibration against the built-in catalog `base`.
pub fn build(c: &Calibration, inst: Option<&Instance>, base: &Catalog) -> Overlay {
    let src = source(c);
    let on = inst.map_or(String::new(), |i| format!(" on {}", i.name()));
    let mut o = Overlay {
        figures: BTreeMap::new(),
        compute_tiers: vec![],
        app_service_distribution: None,
        notes: vec![],
    };
    let Some(svc) = &c.service_time else {
        o.notes.push(
            "no service time measured: the app's service-time figures keep the catalog's".into(),
        );
        return o;
    };
    let s = svc.mean_s;
    o.figures.insert(
        "default.app_service_seconds".into(),
        figure(
            s,
            "seconds",
            "App service time per request, CPU and waits together (measured).",
            format!("{src}: mean service time{on}, {}", svc.method),
        ),
    );
    if svc.family != ServiceFamily::Exponential || (svc.cv - 1.0).abs() > 1e-9 {
        o.app_service_distribution = Some(MeasuredService {
            family: svc.family,
            cv: (svc.cv * 1e4).round() / 1e4,
            source: format!("{src}: {}", svc.method),
        });
    }
    if let Some(cpu) = &c.cpu {
        let share = cpu.cpu_s / s;
        if share > 1.0 {
            o.notes.push(format!(
                "CPU per request ({}) exceeds the mean service time ({}): a request uses more than one vCPU at once; the CPU share is written as 1",
                crate::units::fmt_duration(cpu.cpu_s),
                crate::units::fmt_duration(s)
            ));
        }
        o.figures.insert(
            "default.app_cpu_share".into(),
            figure(
                share.min(1.0),
                "fraction",
                "Share of the app's service time spent on CPU (measured).",
                format!(
                    "{src}: {} of CPU per request{on} (utilization × vCPUs ÷ throughput) over a {} service time",
                    crate::units::fmt_duration(cpu.cpu_s),
                    crate::units::fmt_duration(s)
                ),
            ),
        );
    }
    let peak = c.usl.as_ref().and_then(|u| u.peak_throughput);
    let (Some(inst), Some(x_peak)) = (inst, peak) else {
        o.notes.push(
            "the request slots and the tier need the instance (--instance) and a throughput peak or ceiling from the scalability fit".into(),
        );
        return o;
    };
    let v = inst.vcpus() as f64;
    o.figures.insert(
        "default.app_workers_per_vcpu".into(),
        figure(
            x_peak * s / v,
            "workers/vCPU",
            "Requests in service per vCPU at the measured peak (Little's law: peak throughput × service time ÷ vCPUs).",
            format!(
                "{src}: peak {} req/s × {} ÷ {} vCPUs{on}",
                crate::units::trim_num(x_peak, 4),
                crate::units::fmt_duration(s),
                inst.vcpus()
            ),
        ),
    );
    match inst.as_tier(base) {
        Some(mut t) => {
            let x_doc = v / (base.fig("default.app_service_seconds") * base.fig("default.app_cpu_share"));
            let k = x_peak / x_doc;
            let users = t.concurrent_users.unwrap_or(Range { low: 0.0, high: 0.0 });
            t.concurrent_users = Some(Range {
                low: (users.low * k).round().max(1.0),
                high: (users.high * k).round().max(1.0),
            });
            t.note = format!(
                "Measured peak {} req/s on this instance (the built-in figures give {} req/s).",
                crate::units::trim_num(x_peak, 4),
                crate::units::trim_num(x_doc, 4)
            );
            t.source = format!(
                "{src}: the System Design Guide §3.10 Real-World Server Tiers users of this size ({}–{}) × measured ÷ built-in throughput ({})",
                crate::units::trim_num(users.low, 4),
                crate::units::trim_num(users.high, 4),
                crate::units::trim_num(k, 3)
            );
            o.compute_tiers.push(t);
        }
        None => o.notes.push(format!(
            "no documented tier is as small as {}: no users per instance to scale, so no tier is written",
            inst.name()
        )),
    }
    o
}

impl Overlay {
    /// The overlay as a commented catalog file.
    pub fn to_yaml(&self, c: &Calibration) -> String {
        let body = serde_yaml::to_string(self).unwrap_or_default();
        format!(
            "# The app tier as measured: {}.\n# Written by `capplan calibrate`; plan with it by `capplan estimate SPEC --calibration DIR`\n# (or `--catalog DIR`). Entries replace the built-in ones of the same name.\n\n{body}",
            source(c)
        )
    }
}
