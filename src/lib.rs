//! capplan: capacity planning and design estimation from a short spec.
//!
//! The data flow is one way: spec → workload → plan → render. See `DESIGN.md`-style overview
//! in the README.

pub mod catalog;
pub mod check;
pub mod cli;
pub mod commands;
pub mod components;
pub mod diff;
pub mod error;
pub mod model;
pub mod paths;
pub mod plan;
pub mod practice;
pub mod queueing;
pub mod render;
pub mod schema;
pub mod spec;
pub mod uncertainty;
pub mod units;

pub use catalog::Catalog;
pub use plan::{build, Plan};
