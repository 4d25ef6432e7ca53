//! A measured service-time distribution for the app tier: its family and coefficient of
//! variation, as `capplan calibrate` fits them to a load test. Absent from the built-in
//! catalog, where the app station is exponential (cv 1); an overlay's entry replaces it.

use serde::{Deserialize, Serialize};

/// The distribution families a calibration can choose between.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    Serialize,
    Deserialize,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ServiceFamily {
    #[default]
    Exponential,
    Lognormal,
    Gamma,
}

impl ServiceFamily {
    pub fn is_exponential(&self) -> bool {
        *self == ServiceFamily::Exponential
    }

    pub fn words(&self) -> &'static str {
        match self {
            ServiceFamily::Exponential => "exponential",
            ServiceFamily::Lognormal => "lognormal",
            ServiceFamily::Gamma => "gamma",
        }
    }
}

/// The app station's service-time shape; its mean stays the model's (app service seconds).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasuredService {
    pub family: ServiceFamily,
    /// Coefficient of variation, standard deviation ÷ mean (an exponential has 1).
    pub cv: f64,
    pub source: String,
}

impl MeasuredService {
    /// Problems with the entry, in words (empty when valid).
    pub fn problems(&self) -> Vec<String> {
        let mut p = Vec::new();
        if !(self.cv.is_finite() && (1e-3..=100.0).contains(&self.cv)) {
            p.push(format!(
                "app_service_distribution: cv must be between 0.001 and 100 (found {})",
                self.cv
            ));
        }
        if self.family == ServiceFamily::Exponential && (self.cv - 1.0).abs() > 1e-9 {
            p.push(format!(
                "app_service_distribution: an exponential has cv 1 (found {})",
                self.cv
            ));
        }
        if self.source.trim().is_empty() {
            p.push("app_service_distribution has no source".into());
        }
        p
    }
}
