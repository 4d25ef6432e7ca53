//! The exact M/M/c reference values (tests/data/mmc_exact.json), computed by an
//! independent implementation.
//! Test-only: the analytic module and the simulator are both checked against it.

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
pub struct Reference {
    pub cases: Vec<Case>,
}

/// One M/M/c case: rates per second, times in seconds, quantiles keyed by `"0.5"`…`"0.999"`.
#[derive(Deserialize)]
#[allow(non_snake_case)]
pub struct Case {
    pub id: String,
    pub lambda: f64,
    pub mu: f64,
    pub c: u32,
    pub rho: f64,
    pub p_wait: f64,
    pub Wq: f64,
    pub W: f64,
    pub Lq: f64,
    pub L: f64,
    pub wait_q: BTreeMap<String, f64>,
    pub resp_q: BTreeMap<String, f64>,
}

/// Load the reference cases.
pub fn reference() -> Reference {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/mmc_exact.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}
