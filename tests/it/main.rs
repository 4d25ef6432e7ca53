//! Integration tests: the real binary, one test binary.

mod calibrate;
mod charts;
mod check;
mod common;
mod costs;
mod ecosystem;
mod estimate;
mod latency;
mod layering;
mod practice;
mod readme;
mod simulate;
mod zones;
