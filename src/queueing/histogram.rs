//! A log-linear latency histogram (HdrHistogram-style, Tene 2012) over a fixed bucket table,
//! holding only the octaves its values reach: bounded memory however many values are
//! recorded, mergeable by adding counts, and quantiles with a relative error of at most
//! 1/256 ≈ 0.39%.
//!
//! # Formula
//! A positive `f64` is `2^e · (1 + m)`. The bucket index is the top `SUB_BITS` bits of the
//! mantissa together with the exponent — i.e. bits `63..(52 − SUB_BITS)` of the IEEE-754 value,
//! read as an integer, minus an offset. Each octave `[2^e, 2^{e+1})` is cut into `2^SUB_BITS`
//! equal sub-buckets of width `2^e / 2^SUB_BITS`, so a bucket `[L, L(1 + δ))` has
//! `δ ≤ 2^{−SUB_BITS} = 1/256`: any value reported inside the right bucket is within 1/256 of
//! the true quantile. Within the bucket the quantile is interpolated linearly by rank, which
//! removes most of the quantisation bias (a midpoint would put every replication's p99 on the
//! same few values and make confidence intervals over replications meaningless).
//! One shift, one subtract and two clamps per value: no logarithm.

use serde::Serialize;

/// Mantissa bits kept: 256 sub-buckets per octave.
pub const SUB_BITS: u32 = 8;
/// Smallest octave tracked exactly: `2^MIN_EXP` s ≈ 0.9 ps. Anything smaller goes to bucket 0.
pub const MIN_EXP: i32 = -40;
/// Largest octave: values at or above `2^MAX_EXP` s ≈ 35,000 years go to the last bucket.
pub const MAX_EXP: i32 = 40;
/// Number of buckets (80 octaves × 256 = 20,480 counters, 160 KiB at most; a histogram holds
/// only the octaves its values span).
pub const BUCKETS: usize = ((MAX_EXP - MIN_EXP) as usize) << SUB_BITS;

const SHIFT: u32 = 52 - SUB_BITS;
const OFFSET: u64 = ((1023 + MIN_EXP) as u64) << SUB_BITS;

/// Counts of values per log-linear bucket, plus exact count, sum, min and max.
///
/// Only the window of buckets a run has reached is held (`counts[j]` is bucket `base + j`),
/// grown an octave at a time: a new histogram allocates nothing, and merging, cloning and
/// quantiles visit the few octaves a run used rather than all 20,480 counters — short runs
/// over many stations were spending their time zeroing and copying empty buckets.
#[derive(Clone)]
pub struct Histogram {
    base: usize,
    counts: Vec<u64>,
    total: u64,
    sum: f64,
    min: f64,
    max: f64,
}

/// Every bucket's count at once, for a simulator's inner loop: one increment per value and no
/// window to check. [`Histogram::add_tally`] moves the counts into a histogram.
pub struct Tally(Box<[u64; BUCKETS]>);

impl Default for Tally {
    fn default() -> Self {
        Tally(
            vec![0u64; BUCKETS]
                .into_boxed_slice()
                .try_into()
                .expect("BUCKETS counters"),
        )
    }
}

impl Tally {
    #[inline(always)]
    pub fn count(&mut self, v: f64) {
        self.0[Histogram::index(v)] += 1;
    }
}

/// Equal when they hold the same values' counts and totals, whatever their windows.
impl PartialEq for Histogram {
    fn eq(&self, o: &Self) -> bool {
        (self.total, self.sum, self.min, self.max) == (o.total, o.sum, o.min, o.max)
            && self.buckets().eq(o.buckets())
    }
}

impl std::fmt::Debug for Histogram {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Histogram")
            .field("total", &self.total)
            .field("sum", &self.sum)
            .field("min", &self.min)
            .field("max", &self.max)
            .finish_non_exhaustive()
    }
}

impl Default for Histogram {
    fn default() -> Self {
        Self::new()
    }
}

/// Quantiles reported everywhere: p50, p95, p99, p99.9.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Quantiles {
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub p999: f64,
}

impl Histogram {
    pub fn new() -> Self {
        Histogram {
            base: 0,
            counts: Vec::new(),
            total: 0,
            sum: 0.0,
            min: f64::INFINITY,
            max: 0.0,
        }
    }

    /// Add `n` to bucket `i`, widening the window to reach it.
    #[inline(always)]
    fn bump(&mut self, i: usize, n: u64) {
        let j = i.wrapping_sub(self.base);
        if j < self.counts.len() {
            self.counts[j] += n;
        } else {
            self.widen(i, i);
            self.counts[i - self.base] += n;
        }
    }

    /// Widen the window to cover buckets `lo..=hi`, with an octave to spare on the side it
    /// grows (so a run reaches its range in a few steps, not one per bucket).
    #[cold]
    fn widen(&mut self, lo: usize, hi: usize) {
        let octave = 1usize << SUB_BITS;
        let (old_lo, old_hi) = (self.base, self.base + self.counts.len());
        let (mut new_lo, mut new_hi) = if self.counts.is_empty() {
            (lo, hi + 1)
        } else {
            (old_lo.min(lo), old_hi.max(hi + 1))
        };
        if new_lo < old_lo || self.counts.is_empty() {
            new_lo = (new_lo / octave * octave).saturating_sub(octave);
        }
        if new_hi > old_hi || self.counts.is_empty() {
            new_hi = ((new_hi.div_ceil(octave) + 1) * octave).min(BUCKETS);
        }
        let mut counts = vec![0u64; new_hi - new_lo];
        counts[old_lo.max(new_lo) - new_lo..][..self.counts.len()].copy_from_slice(&self.counts);
        self.base = new_lo;
        self.counts = counts;
    }

    /// Bucket of a non-negative value (negative values are not expected; they land in bucket 0).
    #[inline(always)]
    pub fn index(v: f64) -> usize {
        let b = (v.to_bits() >> SHIFT) as i64 - OFFSET as i64;
        b.clamp(0, BUCKETS as i64 - 1) as usize
    }

    /// Lower edge of bucket `i` (bucket 0 also holds everything below it).
    pub fn lower(i: usize) -> f64 {
        f64::from_bits((i as u64 + OFFSET) << SHIFT)
    }

    /// Record one value.
    #[inline(always)]
    pub fn record(&mut self, v: f64) {
        self.bump(Self::index(v), 1);
        self.total += 1;
        self.sum += v;
        self.min = self.min.min(v);
        self.max = self.max.max(v);
    }

    /// Count `v` in its bucket only; the caller adds count, sum, min and max in bulk with
    /// [`add_totals`](Self::add_totals). Keeps the simulator's inner loop to one increment.
    #[inline(always)]
    pub fn count_only(&mut self, v: f64) {
        self.bump(Self::index(v), 1);
    }

    /// Add the totals of `n` values already counted with [`count_only`](Self::count_only).
    pub fn add_totals(&mut self, n: u64, sum: f64, min: f64, max: f64) {
        if n > 0 {
            self.total += n;
            self.sum += sum;
            self.min = self.min.min(min);
            self.max = self.max.max(max);
        }
    }

    /// Move `t`'s counts of `n` values (of sum `sum`, between `min` and `max`, which bound
    /// the buckets used) into this histogram, leaving `t` empty.
    pub fn add_tally(&mut self, t: &mut Tally, n: u64, sum: f64, min: f64, max: f64) {
        if n == 0 {
            return;
        }
        let (lo, hi) = (Self::index(min), Self::index(max));
        for i in lo..=hi {
            let c = std::mem::take(&mut t.0[i]);
            if c > 0 {
                self.bump(i, c);
            }
        }
        self.add_totals(n, sum, min, max);
    }

    /// Forget everything recorded.
    pub fn clear(&mut self) {
        self.counts.fill(0);
        self.total = 0;
        self.sum = 0.0;
        self.min = f64::INFINITY;
        self.max = 0.0;
    }

    /// Add another histogram's counts into this one.
    pub fn merge(&mut self, other: &Histogram) {
        if !other.counts.is_empty() {
            let (lo, hi) = (other.base, other.base + other.counts.len() - 1);
            if self.counts.is_empty() || lo < self.base || hi >= self.base + self.counts.len() {
                self.widen(lo, hi);
            }
            let at = other.base - self.base;
            for (a, b) in self.counts[at..].iter_mut().zip(other.counts.iter()) {
                *a += *b;
            }
        }
        self.total += other.total;
        self.sum += other.sum;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
    }

    pub fn count(&self) -> u64 {
        self.total
    }

    /// Exact mean of the recorded values, `None` if empty.
    pub fn mean(&self) -> Option<f64> {
        (self.total > 0).then(|| self.sum / self.total as f64)
    }

    pub fn min(&self) -> Option<f64> {
        (self.total > 0).then_some(self.min)
    }

    pub fn max(&self) -> Option<f64> {
        (self.total > 0).then_some(self.max)
    }

    /// The nearest-rank `p`-quantile (the value of rank `⌈p·n⌉`), interpolated linearly by rank
    /// within its bucket and clamped to the exact min and max; `None` if empty.
    pub fn quantile(&self, p: f64) -> Option<f64> {
        if self.total == 0 {
            return None;
        }
        let rank = ((p * self.total as f64).ceil() as u64).clamp(1, self.total);
        // The extreme ranks are known exactly.
        if rank == 1 {
            return Some(self.min);
        }
        if rank == self.total {
            return Some(self.max);
        }
        let mut seen = 0;
        for (i, &c) in self.used() {
            if seen + c >= rank {
                // The c values of this bucket are taken as evenly spread over it.
                let f = ((rank - seen) as f64 - 0.5) / c as f64;
                let (lo, hi) = (Self::lower(i), Self::lower(i + 1));
                return Some((lo + f * (hi - lo)).clamp(self.min, self.max));
            }
            seen += c;
        }
        Some(self.max)
    }

    /// The buckets of the window, with their indices.
    fn used(&self) -> impl Iterator<Item = (usize, &u64)> + '_ {
        (self.base..).zip(self.counts.iter())
    }

    /// The middle of every non-empty bucket with its count, in increasing order.
    pub fn buckets(&self) -> impl Iterator<Item = (f64, u64)> + '_ {
        self.used()
            .filter(|(_, &c)| c > 0)
            .map(|(i, &c)| (0.5 * (Self::lower(i) + Self::lower(i + 1)), c))
    }

    /// p50, p95, p99 and p99.9 in one call; `None` if empty.
    pub fn quantiles(&self) -> Option<Quantiles> {
        Some(Quantiles {
            p50: self.quantile(0.5)?,
            p95: self.quantile(0.95)?,
            p99: self.quantile(0.99)?,
            p999: self.quantile(0.999)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    #[test]
    fn relative_error_is_bounded() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(9);
        for _ in 0..200_000 {
            // Log-uniform over 1 ns … 1e6 s: the value lies in its bucket, which is at most
            // 1/256 wide relative to the value.
            let v = 10f64.powf(rng.gen_range(-9.0..6.0));
            let i = Histogram::index(v);
            let (lo, hi) = (Histogram::lower(i), Histogram::lower(i + 1));
            assert!(lo <= v && v < hi, "{v} not in [{lo}, {hi})");
            assert!((hi - lo) / v <= 1.0 / 256.0 + 1e-15, "{v}: [{lo}, {hi})");
        }
        // A lone value at the lower edge of an octave's first sub-bucket (δ = 1/256) is reported
        // at the bucket's middle: half the bound.
        let edge = Histogram::lower(5000 - 5000 % (1 << SUB_BITS));
        let mut h = Histogram::new();
        h.record(edge * 0.5);
        h.record(edge);
        h.record(edge * 2.0);
        let q = h.quantile(0.5).unwrap();
        assert!(((q - edge) / edge - 1.0 / 512.0).abs() < 1e-12, "{q}");
    }

    #[test]
    fn quantiles_of_a_uniform_ramp() {
        let mut h = Histogram::new();
        for i in 1..=100_000u32 {
            h.record(i as f64 * 1e-5);
        }
        for (p, want) in [(0.5, 0.5), (0.95, 0.95), (0.99, 0.99), (0.999, 0.999)] {
            let q = h.quantile(p).unwrap();
            // Interpolation makes a smooth distribution much better than the 1/256 bound.
            assert!((q / want - 1.0).abs() < 2e-4, "p{p}: {q}");
        }
        assert!((h.mean().unwrap() - 0.500005).abs() < 1e-9);
        assert_eq!(h.min(), Some(1e-5));
        assert_eq!(h.max(), Some(1.0));
    }

    #[test]
    fn merge_equals_recording_everything() {
        let mut a = Histogram::new();
        let mut b = Histogram::new();
        let mut all = Histogram::new();
        for i in 0..1000 {
            let v = (i as f64 + 0.5) * 1e-3;
            if i % 3 == 0 { &mut a } else { &mut b }.record(v);
            all.record(v);
        }
        a.merge(&b);
        assert_eq!(
            a.buckets().collect::<Vec<_>>(),
            all.buckets().collect::<Vec<_>>()
        );
        assert_eq!(a.count(), 1000);
        assert_eq!(a.quantiles(), all.quantiles());
    }

    #[test]
    fn extremes_are_clamped_not_lost() {
        let mut h = Histogram::new();
        h.record(0.0);
        h.record(1e-300);
        h.record(1e300);
        assert_eq!(h.count(), 3);
        assert_eq!(h.quantile(0.0), Some(0.0));
        assert_eq!(h.quantile(1.0), Some(1e300));
        assert!(Histogram::new().quantile(0.5).is_none());
        assert!(h.counts.len() <= BUCKETS);
        // Merging into an empty one and into one with a narrower window gives the same.
        let mut w = Histogram::new();
        w.record(1.0);
        w.merge(&h);
        let mut e = Histogram::new();
        e.merge(&h);
        e.record(1.0);
        assert_eq!(
            w.buckets().collect::<Vec<_>>(),
            e.buckets().collect::<Vec<_>>()
        );
        assert_eq!(w.quantile(0.5), e.quantile(0.5));
    }
}
