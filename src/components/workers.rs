//! Background workers: async jobs and fan-out deliveries on stateless instances.
//!
//! A worker's demand is its tasks per second (jobs plus deliveries) with the CPU and waiting
//! time of a mean task; sizing is the stateless model's ([`super::app::candidates`]) without a
//! users limit.

use super::app::{candidates as stateless, Stateless};
use super::*;

/// # Formula
/// tasks/s = jobs/s + deliveries/s; mean task time = (jobs/s × job time + deliveries/s ×
/// delivery time) ÷ tasks/s, split into CPU and waiting by the CPU share; then the stateless
/// limits (CPU, concurrency).
pub fn candidates(d: &Demand, s: &Stateless, cat: &Catalog, k: &Knobs) -> Vec<Candidate> {
    let mut d = d.clone();
    d.concurrent_users = None;
    stateless(&d, s, cat, k)
}
