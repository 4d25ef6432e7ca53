//! capplan: capacity planning and design estimation from a short spec.
//!
//! The data flow is one way: spec → demand (`model::workload`, `model::storage`) → component
//! models (`components`) → design (`plan`) → latency (`paths`) → uncertainty → report →
//! render; `pipeline` runs it. A test checks that no module imports one above it.

pub mod calibrate;
pub mod catalog;
pub mod check;
pub mod cli;
pub mod commands;
pub mod compare;
pub mod components;
pub mod config;
pub mod diff;
pub mod error;
pub mod model;
pub mod paths;
pub mod pipeline;
pub mod plan;
pub mod practice;
pub mod queueing;
pub mod render;
pub mod report;
pub mod spec;
pub mod timeline;
pub mod uncertainty;
pub mod units;

pub use catalog::Catalog;
pub use plan::{build, Plan};
