//! Integration tests: the real binary, one test binary.

mod common;
mod estimate;
mod latency;
mod practice;
mod simulate;
mod check;
