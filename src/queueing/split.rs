//! Server free times for a few more servers than one register-resident sorted array holds: the
//! times sorted across two arrays, the lower one small enough to stay in registers.
//!
//! # Formula
//! The `c` free times are kept sorted in `lo` (`LOW` = 16 slots) and `hi` (`O` slots, `+∞` in
//! the spare ones), with every time in `lo` at most every time in `hi`; the minimum is
//! `lo[0]`. Replacing it by `v ≥ lo[0]` (the Kiefer–Wolfowitz step, see [`super::station`]):
//! with `h = hi[0]`, `lo` has its minimum replaced by `min(v, h)` and `hi` has its minimum
//! replaced by `max(v, h)`, each by the sorted array's merge
//! `a[i] ← max(a[i], min(a[i+1], x))` (see [`SortedServers`]).
//! - If `v < h`: `lo` gains `v` and `hi` gets `h` back, unchanged.
//! - If `v ≥ h`: `lo` gains `h`, which is at least all of `lo`, and `hi` trades `h` for `v`.
//!
//! Either way the union loses `lo[0]` and gains `v`, and the order between the arrays holds:
//! the largest of the new `lo` is at most `h`, the smallest of the new `hi` is at least `h`.
//! Both merges always run, so there is no data-dependent branch (branching on `v < h` to skip
//! the upper merge measured slower wherever `v ≥ h` is not rare, from `c` = 18 on). Why two arrays: 16 times are 8 SSE2
//! registers and stay in registers beside the loop's sums and the generator; a single sorted
//! array of 32 does not, and is spilled and reloaded on every request. With
//! `benches/simulate.rs` at ρ = 0.8 on x86-64 (best of six runs on a shared machine) one array
//! of 32 took 3.6–3.7× the RNG floor for `c` = 17 to 32; the split takes 1.8× at `c` = 17,
//! 2.3× at 24 and 2.6× at 32. Built for AVX2 (`-C target-feature=+avx2`, four lanes instead of
//! two) the merges ran slower, not faster: 2.7× at 24 and 3.2–3.7× at 32 against 2.15× and
//! 2.6×, and 2.2× against 1.3× for one sorted array at `c` = 8. An upper array of 24 (for
//! `c` = 33 to 40) took 3.2–3.6×, no better than the timing wheel those `c` get.
//!
//! [`SortedServers`]: super::station::SortedServers

use super::station::{FreeTimes, SortedServers};

/// Slots of the lower, register-resident array.
pub const LOW: usize = 16;

/// Free times of `LOW < c ≤ LOW + O` servers, sorted across a lower and an upper array.
#[derive(Debug, Clone, Copy)]
pub struct SplitServers<const O: usize> {
    lo: SortedServers<LOW>,
    hi: SortedServers<O>,
}

impl<const O: usize> SplitServers<O> {
    /// `servers` servers, all free at time 0; more than [`LOW`] (fewer take one sorted array),
    /// at most `LOW + O`.
    pub fn new(servers: usize) -> Self {
        assert!(
            (LOW + 1..=LOW + O).contains(&servers),
            "a split pool of {LOW} + {O} slots holds {}..={} servers",
            LOW + 1,
            LOW + O
        );
        SplitServers {
            lo: SortedServers::new(LOW),
            hi: SortedServers::new(servers - LOW),
        }
    }
}

impl<const O: usize> FreeTimes for SplitServers<O> {
    #[inline(always)]
    fn min(&self) -> f64 {
        self.lo.min()
    }

    #[inline(always)]
    fn replace_min(&mut self, v: f64) {
        let h = self.hi.min();
        // Comparisons rather than f64::min/max, as in the merge: plain minsd/maxsd. Both are
        // at least the minimum they replace: `v ≥ lo[0]`, `h ≥ lo[LOW − 1]`, `max(v, h) ≥ h`.
        let (to_lo, to_hi) = if v < h { (v, h) } else { (h, v) };
        self.lo.replace_min(to_lo);
        self.hi.replace_min(to_hi);
    }

    fn shift(&mut self, by: f64) {
        self.lo.shift(by);
        self.hi.shift(by);
    }

    fn times(&self) -> Vec<f64> {
        let mut t = self.lo.times();
        t.extend(self.hi.times());
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::queueing::station::ServerHeap;
    use rand::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    /// Against a plain sorted vector: the same minimum at every step and the same multiset at
    /// the end, with exact ties, for every size the simulator gives it.
    #[test]
    fn matches_a_sorted_vector() {
        fn check<const O: usize>(c: usize, rng: &mut Xoshiro256PlusPlus) {
            let mut s = SplitServers::<O>::new(c);
            let mut v = vec![0.0; c];
            for i in 0..20_000 {
                let m = v[0];
                assert_eq!(s.min(), m, "c={c} i={i}");
                // Whole-number steps, so ties (with the minimum and among the rest) are common.
                let x = m + (rng.gen::<f64>() * 12.0).floor();
                s.replace_min(x);
                v[0] = x;
                v.sort_by(f64::total_cmp);
            }
            let mut got = s.times();
            got.sort_by(f64::total_cmp);
            assert_eq!(got, v, "c={c}");
        }
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(21);
        for c in [17, 18] {
            check::<2>(c, &mut rng);
        }
        for c in [17, 19, 23, 24] {
            check::<8>(c, &mut rng);
        }
        for c in [17, 25, 31, 32] {
            check::<16>(c, &mut rng);
        }
    }

    /// The same starts as the heap for queues at light load, near saturation and overloaded,
    /// with zero and long services and rebases.
    #[test]
    fn same_starts_as_the_heap() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(22);
        for c in [17usize, 18, 24, 32] {
            for rho in [0.5, 0.95, 1.05] {
                let mean = 0.01;
                let mut s = SplitServers::<16>::new(c);
                let mut h = ServerHeap::new(c);
                let mut t = 0.0;
                for i in 0..20_000 {
                    t += -(1.0 - rng.gen::<f64>()).ln() * mean / (rho * c as f64);
                    let x = match i % 89 {
                        0 => mean * 40.0 * rng.gen::<f64>(),
                        1 => 0.0,
                        _ => -(1.0 - rng.gen::<f64>()).ln() * mean,
                    };
                    assert_eq!(s.serve(t, x), h.serve(t, x), "c={c} ρ={rho} i={i}");
                    if i % 6000 == 5999 {
                        s.shift(t);
                        h.shift(t);
                        t = 0.0;
                    }
                }
            }
        }
    }
}
