//! Simulator vs theory.
