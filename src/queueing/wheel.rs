//! Server free times for many servers: a count of idle servers and a timing wheel of the busy
//! ones' completion times, so serving a request costs a few slot visits instead of a heap's
//! `log₂ c` dependent steps.
//!
//! # Formula
//! FCFS G/G/c needs, for an arrival at `t`, only whether some server is free by `t` and, if
//! none is, the earliest completion. A server free at any time `≤ t` is, for every later
//! arrival, the same as one free at `t` (arrivals come in time order), so free servers are a
//! count, not times. Busy completions sit in a circular array of slots of width `w = E[S]/c`
//! (at most ρ ≤ 1 completions per slot on average): completion `v` goes to slot `⌊v/w⌋ mod n`,
//! with `n ≥ 16c` slots covering at least 16 mean service times; one beyond the horizon, or
//! finding its slot's four places taken, goes to a small heap. Advancing the clock to `t`
//! adds the counts of the slots wholly before `t` to the idle count — no per-completion work,
//! about one slot per request — and frees heap entries `≤ t`; only when no server is idle is
//! the slot holding `t` checked and, failing that, the first non-empty slot searched for the
//! earliest completion (Brown, "Calendar queues: a
//! fast O(1) priority queue implementation for the simulation event set problem", Commun.
//! ACM 31(10), 1988; Varghese & Lauck, "Hashed and hierarchical timing wheels", SOSP 1987).

use super::station::FreeTimes;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Completions one slot holds; a further one (rare: a slot expects at most ρ ≤ 1) spills.
const SLOT: usize = 4;

/// `f64` ordered by `total_cmp`, for the spill heap.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Time(f64);
impl Eq for Time {}
impl PartialOrd for Time {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Time {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&o.0)
    }
}

/// Free times of `c` servers as an idle count plus a timing wheel of busy completions.
#[derive(Debug, Clone)]
pub struct Wheel {
    inv_width: f64,
    mask: u64,
    /// Completions in each slot (≤ `SLOT`), and their times, `SLOT` per slot.
    count: Box<[u8]>,
    val: Box<[f64]>,
    /// Absolute index of the slot the clock is in; slots before it are empty.
    cursor: u64,
    /// The clock: the latest time advanced to.
    now: f64,
    idle: usize,
    /// Completions not on the wheel (beyond its horizon, or their slot was full), earliest
    /// first, with the earliest cached (`+∞` when empty).
    spill: BinaryHeap<Reverse<Time>>,
    spill_min: f64,
}

impl Wheel {
    /// `servers ≥ 1` servers, all free at time 0, for service times of mean `mean_service`.
    pub fn new(servers: usize, mean_service: f64) -> Self {
        assert!(servers >= 1, "a station needs at least one server");
        let slots = (16 * servers).next_power_of_two().max(64);
        let width = if mean_service > 0.0 && mean_service.is_finite() {
            mean_service / servers as f64
        } else {
            1.0
        };
        Wheel {
            inv_width: 1.0 / width,
            mask: slots as u64 - 1,
            count: vec![0; slots].into_boxed_slice(),
            val: vec![0.0; slots * SLOT].into_boxed_slice(),
            cursor: 0,
            now: 0.0,
            idle: servers,
            spill: BinaryHeap::new(),
            spill_min: f64::INFINITY,
        }
    }

    #[inline(always)]
    fn slot_of(&self, v: f64) -> u64 {
        // Times are non-negative and far below 2⁶³ slots; `as i64` converts in one instruction.
        (v * self.inv_width) as i64 as u64
    }

    /// Put a completion at `v ≥ now` on the wheel (or in the spill heap).
    #[inline(always)]
    fn insert(&mut self, v: f64) {
        let abs = self.slot_of(v).max(self.cursor);
        let s = (abs & self.mask) as usize;
        let k = self.count[s] as usize;
        if abs > self.cursor + self.mask || k == SLOT {
            self.push_spill(v);
            return;
        }
        self.val[s * SLOT + k] = v;
        self.count[s] = k as u8 + 1;
    }

    #[cold]
    fn push_spill(&mut self, v: f64) {
        self.spill.push(Reverse(Time(v)));
        self.spill_min = self.spill_min.min(v);
    }

    fn pop_spill(&mut self) -> f64 {
        let v = self.spill.pop().map_or(f64::INFINITY, |r| r.0 .0);
        self.spill_min = self.spill.peek().map_or(f64::INFINITY, |r| r.0 .0);
        v
    }

    /// Empty every slot wholly before `t` into the idle count, and spilled completions `≤ t`.
    #[inline(always)]
    fn advance(&mut self, t: f64) {
        self.now = t;
        let target = self.slot_of(t);
        if target > self.cursor {
            // Past a whole turn every slot is before `t`: visit each once.
            let end = target.min(self.cursor + self.mask + 1);
            let (mut cur, mask) = (self.cursor, self.mask);
            let mut idle = self.idle;
            let count = &mut *self.count;
            while cur < end {
                let s = (cur & mask) as usize;
                idle += count[s] as usize;
                count[s] = 0;
                cur += 1;
            }
            self.idle = idle;
            self.cursor = target;
        }
        while self.spill_min <= t {
            self.pop_spill();
            self.idle += 1;
        }
    }

    /// Free the completions `≤ t` in the clock's slot.
    fn retire_current(&mut self, t: f64) {
        let s = (self.cursor & self.mask) as usize;
        let mut k = self.count[s] as usize;
        let mut i = 0;
        while i < k {
            if self.val[s * SLOT + i] <= t {
                k -= 1;
                self.val[s * SLOT + i] = self.val[s * SLOT + k];
                self.idle += 1;
            } else {
                i += 1;
            }
        }
        self.count[s] = k as u8;
    }

    /// Remove and return the earliest busy completion (all servers are busy).
    fn pop_earliest(&mut self) -> f64 {
        for d in 0..=self.mask {
            let s = ((self.cursor + d) & self.mask) as usize;
            let k = self.count[s] as usize;
            if k == 0 {
                continue;
            }
            let slot = &mut self.val[s * SLOT..s * SLOT + k];
            let (mut best, mut at) = (slot[0], 0);
            for (i, &v) in slot.iter().enumerate().skip(1) {
                if v < best {
                    best = v;
                    at = i;
                }
            }
            if self.spill_min < best {
                return self.pop_spill();
            }
            slot[at] = slot[k - 1];
            self.count[s] = k as u8 - 1;
            return best;
        }
        let v = self.pop_spill();
        if v.is_finite() {
            v
        } else {
            self.now
        }
    }

    fn busy_times(&self) -> impl Iterator<Item = f64> + '_ {
        let on_wheel = self
            .count
            .iter()
            .enumerate()
            .flat_map(move |(s, &k)| self.val[s * SLOT..s * SLOT + k as usize].iter().copied());
        on_wheel.chain(self.spill.iter().map(|r| r.0 .0))
    }
}

impl FreeTimes for Wheel {
    /// The earliest free time, taking servers free by the clock as free at the clock.
    fn min(&self) -> f64 {
        if self.idle > 0 {
            return self.now;
        }
        self.busy_times().fold(f64::INFINITY, f64::min)
    }

    fn replace_min(&mut self, v: f64) {
        if self.idle > 0 {
            self.idle -= 1;
        } else {
            self.pop_earliest();
        }
        self.insert(v);
    }

    #[inline(always)]
    fn serve(&mut self, t: f64, s: f64) -> f64 {
        self.advance(t);
        if self.idle == 0 {
            self.retire_current(t);
        }
        let start = if self.idle > 0 {
            self.idle -= 1;
            t
        } else {
            let m = self.pop_earliest();
            if m > t {
                m
            } else {
                t
            }
        };
        self.insert(start + s);
        start
    }

    /// Rebuild the wheel with every time moved back by `by` (the clock's rebase).
    fn shift(&mut self, by: f64) {
        let busy: Vec<f64> = self.busy_times().map(|v| v - by).collect();
        self.count.fill(0);
        self.spill.clear();
        self.spill_min = f64::INFINITY;
        self.now = (self.now - by).max(0.0);
        self.cursor = self.slot_of(self.now);
        for v in busy {
            self.insert(v.max(self.now));
        }
    }

    fn times(&self) -> Vec<f64> {
        let mut t: Vec<f64> = self.busy_times().collect();
        t.extend(std::iter::repeat_n(self.now, self.idle));
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::queueing::station::ServerHeap;
    use rand::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    /// The wheel gives every request the same start as the heap (the reference structure),
    /// with waits, idle periods, ties, long services that overflow the wheel and rebases.
    #[test]
    fn same_starts_as_the_heap() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        for (c, rho) in [(1usize, 0.5), (3, 0.95), (40, 0.9), (64, 1.2), (700, 0.8)] {
            let mean = 0.01;
            let mut w = Wheel::new(c, mean);
            let mut h = ServerHeap::new(c);
            let mut t = 0.0;
            for i in 0..40_000 {
                t += -(1.0 - rng.gen::<f64>()).ln() * mean / (rho * c as f64);
                // Mostly exponential; now and then 100× longer (beyond the wheel) or a tie.
                let s = match i % 97 {
                    0 => mean * 100.0 * rng.gen::<f64>(),
                    1 => 0.0,
                    _ => -(1.0 - rng.gen::<f64>()).ln() * mean,
                };
                let want = h.serve(t, s);
                let got = w.serve(t, s);
                assert!(
                    (got - want).abs() <= 1e-12 * want.abs().max(1.0),
                    "c={c} i={i}: {got} vs {want}"
                );
                if i % 5000 == 4999 {
                    w.shift(t);
                    h.shift(t);
                    t = 0.0;
                }
            }
            assert_eq!(w.times().len(), c);
        }
    }
}
