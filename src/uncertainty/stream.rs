//! Streaming summaries of Monte Carlo figures: memory that stays flat in the sample count.
//!
//! A [`Stream`] keeps the first [`EXACT_VALUES`] values exactly (so smaller runs give exact
//! type-7 quantiles) and from then on counts values in a log-linear histogram
//! ([`crate::queueing::Histogram`], relative error ≤ 1/256 ≈ 0.39%, interpolated within a
//! bucket and clamped to the exact minimum and maximum). The mean is exact either way.

use crate::queueing::Histogram;

/// Values kept exactly before switching to the histogram.
pub const EXACT_VALUES: usize = 100_000;

/// One figure's values, summarised as they arrive.
#[derive(Debug, Clone, PartialEq)]
pub struct Stream {
    exact: Vec<f64>,
    hist: Option<Box<Histogram>>,
    n: u64,
    /// The mean is taken about the first value: `x₀ + Σ(x − x₀)/n`, exact when every value is
    /// the same.
    x0: Option<f64>,
    sum_dev: f64,
}

impl Default for Stream {
    fn default() -> Self {
        Self::new()
    }
}

impl Stream {
    pub fn new() -> Self {
        Stream {
            exact: Vec::new(),
            hist: None,
            n: 0,
            x0: None,
            sum_dev: 0.0,
        }
    }

    /// Add one value (figures are non-negative: costs, counts, rates, bytes, shares).
    pub fn push(&mut self, v: f64) {
        let x0 = *self.x0.get_or_insert(v);
        self.sum_dev += v - x0;
        self.n += 1;
        if let Some(h) = &mut self.hist {
            h.record(v);
            return;
        }
        self.exact.push(v);
        if self.exact.len() > EXACT_VALUES {
            let mut h = Box::new(Histogram::new());
            for &x in &self.exact {
                h.record(x);
            }
            self.exact = Vec::new();
            self.hist = Some(h);
        }
    }

    /// Add `k` zeros (a figure first seen after `k` samples that did not have it).
    pub fn push_zeros(&mut self, k: u64) {
        for _ in 0..k {
            self.push(0.0);
        }
    }

    pub fn count(&self) -> u64 {
        self.n
    }

    pub fn mean(&self) -> f64 {
        self.x0.unwrap_or(0.0) + self.sum_dev / self.n.max(1) as f64
    }

    /// The `q`-quantile: type 7 on the exact values, else the histogram's.
    pub fn quantile(&mut self, q: f64) -> f64 {
        match &self.hist {
            Some(h) => h.quantile(q).unwrap_or(f64::NAN),
            None => {
                self.exact.sort_by(f64::total_cmp);
                super::quantile_sorted(&self.exact, q)
            }
        }
    }

    /// `bins` equal-width bins between the minimum and maximum: exact on the exact values; from
    /// the histogram, each bucket's count goes to the bin holding the bucket's middle.
    pub fn bins(&mut self, bins: usize) -> super::CostHistogram {
        match &self.hist {
            None => {
                self.exact.sort_by(f64::total_cmp);
                super::histogram(&self.exact, bins)
            }
            Some(h) => {
                let (lo, hi) = (h.min().unwrap_or(0.0), h.max().unwrap_or(0.0));
                let width = if hi > lo {
                    (hi - lo) / bins as f64
                } else {
                    1.0
                };
                let edges: Vec<f64> = (0..=bins).map(|i| lo + width * i as f64).collect();
                let mut counts = vec![0u64; bins];
                for (mid, c) in h.buckets() {
                    let m = mid.clamp(lo, hi);
                    counts[(((m - lo) / width) as usize).min(bins - 1)] += c;
                }
                super::CostHistogram { edges, counts }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_below_the_cap_and_close_above_it() {
        let mut small = Stream::new();
        for i in 1..=5 {
            small.push(i as f64);
        }
        assert_eq!(small.quantile(0.1), 1.4);
        assert_eq!(small.mean(), 3.0);
        // 1 … 300,000: beyond the cap the quantiles come from the histogram (≤ 0.39%).
        let mut big = Stream::new();
        for i in 1..=300_000u32 {
            big.push(i as f64);
        }
        assert!(big.hist.is_some() && big.exact.is_empty());
        for q in [0.1, 0.5, 0.9] {
            let want = 1.0 + 299_999.0 * q;
            assert!((big.quantile(q) / want - 1.0).abs() < 0.004, "q{q}");
        }
        assert_eq!(big.mean(), 150_000.5);
        let b = big.bins(30);
        assert_eq!(b.counts.iter().sum::<u64>(), 300_000);
        // Equal-width bins of a ramp hold about 10,000 each; a whole histogram bucket (up to
        // 1/256 of the value, ~1,200 near the top) lands in one bin, so ±12%.
        assert!(
            b.counts
                .iter()
                .all(|&c| (c as f64 / 10_000.0 - 1.0).abs() < 0.12),
            "{:?}",
            b.counts
        );
    }

    #[test]
    fn constant_values_stay_exact_past_the_cap() {
        let mut s = Stream::new();
        for _ in 0..(EXACT_VALUES + 10) {
            s.push(1234.5);
        }
        assert_eq!(
            (s.quantile(0.1), s.quantile(0.9), s.mean()),
            (1234.5, 1234.5, 1234.5)
        );
    }
}
