//! Integration tests: the real binary, one test binary.

mod bad_inputs;
mod calibrate;
mod charts;
mod check;
mod common;
mod config;
mod contract;
mod costs;
mod ecosystem;
mod estimate;
mod files;
mod latency;
mod layering;
mod practice;
mod readme;
mod scan;
mod simulate;
mod zones;
