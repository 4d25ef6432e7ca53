//! Calibration: fit the app tier's model to a team's own load test, and write the result as
//! a catalog overlay that `estimate --catalog DIR` (or `--calibration DIR`) plans with.
//!
//! - `read` — one reader per load-test format, all giving [`LoadPoint`]s;
//! - `usl` — the Universal Scalability Law by nonlinear least squares, with intervals;
//! - `service` — the service-time distribution (family by goodness of fit, `gof`);
//! - `cpu` — CPU time per request from throughput and utilization;
//! - `instance` — the instance the test ran on, from the catalog;
//! - `overlay` — the catalog overlay the fits become.

pub mod cpu;
mod error;
pub mod gof;
pub mod instance;
pub mod overlay;
mod points;
pub mod read;
pub mod service;
pub mod usl;

pub use error::CalibrateError;
pub use points::{LoadPoint, MAX_POINTS};

use serde::Serialize;

/// The thresholds the fits are judged by, in one place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerances {
    /// |corr(σ̂, κ̂)| from which σ and κ are said to be entangled (when one interval also
    /// reaches 0). Fits to load tests that stop well short of the peak sit above 0.95; fits
    /// with points past it, below.
    pub sigma_kappa_correlation: f64,
    /// A peak beyond this multiple of the highest measured concurrency is extrapolated.
    pub extrapolation: f64,
    /// R² below which the law is said to fit poorly.
    pub min_r_squared: f64,
}

impl Default for Tolerances {
    fn default() -> Self {
        Tolerances {
            sigma_kappa_correlation: 0.95,
            extrapolation: 1.0,
            min_r_squared: 0.9,
        }
    }
}

/// One input file and the format it was read as.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct InputFile {
    pub file: String,
    pub format: read::Format,
    pub levels: usize,
}

/// Everything a calibration found.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Calibration {
    pub inputs: Vec<InputFile>,
    /// The raw-latency file, when given.
    pub samples_file: Option<String>,
    /// Load levels, by concurrency.
    pub points: Vec<LoadPoint>,
    pub usl: Option<usl::UslFit>,
    pub service_time: Option<service::ServiceFit>,
    pub cpu: Option<cpu::CpuFit>,
    /// The instance under test, when named.
    pub instance: Option<String>,
    /// The date the overlay cites (`YYYY-MM-DD`).
    pub date: String,
    pub warnings: Vec<String>,
}

/// What to calibrate from: load levels read from files, raw latencies, the instance.
pub struct Inputs<'a> {
    pub inputs: Vec<InputFile>,
    pub points: Vec<LoadPoint>,
    pub samples: Option<(String, Vec<f64>)>,
    pub instance: Option<&'a instance::Instance>,
    pub date: String,
}

/// Run every fit the data supports.
pub fn calibrate(i: Inputs, tol: &Tolerances) -> Result<Calibration, CalibrateError> {
    let mut points = i.points;
    points.sort_by(|a, b| a.concurrency.total_cmp(&b.concurrency));
    let mut warnings = Vec::new();
    let usl = match usl::fit(&points, tol) {
        Ok(f) => Some(f),
        Err(e) if points.len() < 4 => {
            warnings.push(format!("no scalability fit: {e}"));
            None
        }
        Err(e) => return Err(e),
    };
    let service_time = match &i.samples {
        Some((_, s)) => Some(service::from_samples(s)?),
        None => service::from_low_load(&points),
    };
    if service_time.is_none() {
        warnings.push(
            "no service time: the load test has no latency column and no samples file was given"
                .into(),
        );
    }
    let cpu = match i.instance {
        Some(inst) => cpu::fit(&points, inst.vcpus())?,
        None => {
            if points.iter().any(|p| p.cpu.is_some()) {
                warnings.push(
                    "CPU utilization is measured but no --instance names the vCPUs it is a share of: no CPU time per request"
                        .into(),
                );
            }
            None
        }
    };
    if i.instance.is_some() && cpu.is_none() && service_time.is_some() {
        warnings.push(
            "no CPU utilization in the load test: the whole service time counts as CPU (default.app_cpu_share stays 1)"
                .into(),
        );
    }
    Ok(Calibration {
        inputs: i.inputs,
        samples_file: i.samples.map(|s| s.0),
        points,
        usl,
        service_time,
        cpu,
        instance: i.instance.map(|x| x.name().to_string()),
        date: i.date,
        warnings,
    })
}
