//! Warm-up chosen from the data: batch means of the response time over a whole replication and
//! the MSER truncation rule over them.
//!
//! # Formula
//! With batch means `Y_1 … Y_k`, MSER deletes the first `d` batches where `d` minimises
//! `MSER(d) = Σ_{j>d} (Y_j − Ȳ_{(d)})² / (k − d)²`, `Ȳ_{(d)}` the mean of the kept batches,
//! searching `d ≤ k/2` (White, "An effective truncation heuristic for bias reduction in
//! simulation output", Simulation 69(6), 1997; White, Cobb & Spratt, WSC 2000, for MSER-5,
//! which is this rule on batches of 5). The statistic is the squared standard error of the
//! truncated mean (up to a constant): deleting more helps while the discarded start is far from
//! the rest and stops helping once only noise is removed. Here batches are the simulator's
//! blocks of 256 requests, merged in pairs whenever more than [`MAX_BATCHES`] accumulate, so
//! memory is bounded whatever the run length.

/// Most batch means kept; beyond it adjacent batches are merged (batch size doubles).
pub const MAX_BATCHES: usize = 4096;

/// Batch sums of one replication's response times, in arrival order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Batches {
    /// `(sum, count)` of each closed batch.
    closed: Vec<(f64, u64)>,
    /// Requests per batch (doubles when the batches are merged).
    size: u64,
    pending: (f64, u64),
}

impl Batches {
    pub fn new() -> Self {
        Batches {
            closed: Vec::with_capacity(MAX_BATCHES),
            size: 1,
            pending: (0.0, 0),
        }
    }

    /// Add the sum of `n` consecutive response times.
    #[inline(always)]
    pub fn push(&mut self, sum: f64, n: u64) {
        self.pending.0 += sum;
        self.pending.1 += n;
        if self.pending.1 >= self.size {
            self.close();
        }
    }

    keeps_registers! {
        /// Close the pending batch, and merge pairs when the list is full. Out of line under
        /// a convention that keeps the caller's registers: the simulation loop calls it every
        /// few hundred requests.
        #[inline(never)]
        fn close(&mut self) {
            self.close_batch()
        }
    }

    #[inline(always)]
    fn close_batch(&mut self) {
        self.closed.push(self.pending);
        self.pending = (0.0, 0);
        if self.closed.len() >= MAX_BATCHES {
            let merged: Vec<(f64, u64)> = self
                .closed
                .chunks(2)
                .map(|p| p.iter().fold((0.0, 0), |a, b| (a.0 + b.0, a.1 + b.1)))
                .collect();
            self.closed = merged;
            self.size *= 2;
        }
    }

    /// Closed batches and the requests before each (so a truncation is a request count).
    fn series(&self) -> (Vec<f64>, Vec<u64>) {
        let mut start = 0;
        let mut means = Vec::with_capacity(self.closed.len() + 1);
        let mut starts = Vec::with_capacity(self.closed.len() + 1);
        for &(s, n) in self
            .closed
            .iter()
            .chain((self.pending.1 > 0).then_some(&self.pending))
        {
            means.push(s / n as f64);
            starts.push(start);
            start += n;
        }
        (means, starts)
    }
}

/// The MSER choice: where the warm-up should end, in requests from the start.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Truncation {
    /// Requests to discard: the best allowed point (a multiple of `step`, at most `budget`).
    pub discard: u64,
    /// The unconstrained MSER point lies beyond the budget: the output was still drifting.
    pub beyond_budget: bool,
}

/// MSER over `batches`, restricted to truncation points `0, step, 2·step, …, budget` requests;
/// also reports whether the unrestricted minimum (over the first half) lies beyond `budget`.
pub fn mser(batches: &Batches, step: u64, budget: u64) -> Truncation {
    let (y, starts) = batches.series();
    let k = y.len();
    if k < 4 || budget == 0 || step == 0 {
        return Truncation {
            discard: 0,
            beyond_budget: false,
        };
    }
    // Suffix sums about the overall mean (shifting keeps Σy² − (Σy)²/m free of cancellation).
    let shift = y.iter().sum::<f64>() / k as f64;
    let mut s1 = vec![0.0; k + 1];
    let mut s2 = vec![0.0; k + 1];
    for j in (0..k).rev() {
        let v = y[j] - shift;
        s1[j] = s1[j + 1] + v;
        s2[j] = s2[j + 1] + v * v;
    }
    let stat = |d: usize| {
        let m = (k - d) as f64;
        (s2[d] - s1[d] * s1[d] / m) / (m * m)
    };
    let half = k / 2;
    let best_any = (0..=half).min_by(|&a, &b| stat(a).total_cmp(&stat(b)));
    // Allowed points: the first batch starting at or after each multiple of `step`.
    let mut best = (0usize, 0u64, stat(0));
    let mut b = step;
    while b <= budget {
        let Some(d) = starts.iter().position(|&s| s >= b) else {
            break;
        };
        if d > half {
            break;
        }
        let v = stat(d);
        if v < best.2 {
            best = (d, b, v);
        }
        b += step;
    }
    Truncation {
        discard: best.1,
        beyond_budget: best_any.is_some_and(|d| starts[d] > budget),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batches(values: impl IntoIterator<Item = f64>) -> Batches {
        let mut b = Batches::new();
        for v in values {
            b.push(v, 1);
        }
        b
    }

    #[test]
    fn stationary_output_keeps_everything() {
        // Alternating 1, 3: no drift, MSER(0) is already the least (deleting only loses data).
        let b = batches((0..1000).map(|i| if i % 2 == 0 { 1.0 } else { 3.0 }));
        let t = mser(&b, 50, 200);
        assert_eq!(t.discard, 0);
        assert!(!t.beyond_budget);
    }

    #[test]
    fn a_transient_start_is_cut_at_the_next_allowed_point() {
        // 120 values of 10 then 880 of 1 ± 0.5: the best cut is at 120, the allowed points are
        // multiples of 50, so 150 (the first point past the transient).
        let b = batches((0..1000).map(|i| {
            if i < 120 {
                10.0
            } else if i % 2 == 0 {
                0.5
            } else {
                1.5
            }
        }));
        let t = mser(&b, 50, 300);
        assert_eq!(t.discard, 150);
        assert!(!t.beyond_budget);
        // With a budget of 100 the transient outlasts it: the whole budget goes, and it says so.
        let t = mser(&b, 50, 100);
        assert_eq!(t.discard, 100);
        assert!(t.beyond_budget);
    }

    #[test]
    fn batches_merge_and_stay_bounded() {
        let mut b = Batches::new();
        for i in 0..100_000u64 {
            b.push(i as f64, 1);
        }
        assert!(b.closed.len() < MAX_BATCHES);
        let (means, starts) = b.series();
        let n: u64 = b.closed.iter().map(|x| x.1).sum::<u64>() + b.pending.1;
        assert_eq!(n, 100_000);
        assert_eq!(means.len(), starts.len());
        // Each mean is the mean of its requests' values (here their indices).
        let (s, c) = b.closed[3];
        assert_eq!(s / c as f64, starts[3] as f64 + (c as f64 - 1.0) / 2.0);
    }
}
