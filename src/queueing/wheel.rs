//! Server free times for many servers: a count of idle servers and a timing wheel of the busy
//! ones' completion times, so serving a request costs a few slot visits instead of a heap's
//! `log₂ c` dependent steps.
//!
//! # Formula
//! FCFS G/G/c needs, for an arrival at `t`, only whether some server is free by `t` and, if
//! none is, the earliest completion. A server free at any time `≤ t` is, for every later
//! arrival, the same as one free at `t` (arrivals come in time order), so free servers are a
//! count, not times. Busy completions sit in a circular array of slots of width `w = E[S]/c`
//! (about one completion per slot at full load): completion `v` goes to slot `⌊v/w⌋ mod n`,
//! with `n ≥ 16c` slots covering at least 16 mean service times; later ones wait in a heap
//! and enter the wheel when it turns to them. Advancing the clock to `t` empties the slots
//! wholly before `t` into the idle count (amortised one slot and one completion per request
//! at ρ ≈ 1); only when no server is idle is the slot holding `t` checked and, failing that,
//! the first non-empty slot searched for the earliest completion (Brown, "Calendar queues: a
//! fast O(1) priority queue implementation for the simulation event set problem", Commun.
//! ACM 31(10), 1988; Varghese & Lauck, "Hashed and hierarchical timing wheels", SOSP 1987).

use super::station::FreeTimes;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

const NIL: u32 = u32::MAX;

/// `f64` ordered by `total_cmp`, for the overflow heap.
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
    /// First node of each slot (`NIL` if empty).
    head: Box<[u32]>,
    /// Node links and completion times; one node per server.
    next: Box<[u32]>,
    val: Box<[f64]>,
    free_node: u32,
    /// Absolute index of the slot the clock is in; slots before it are empty.
    cursor: u64,
    /// The clock: the latest time advanced to.
    now: f64,
    idle: usize,
    /// Completions beyond the wheel's horizon, earliest first.
    far: BinaryHeap<Reverse<Time>>,
    servers: usize,
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
        let mut next = vec![NIL; servers];
        for (i, n) in next.iter_mut().enumerate().take(servers - 1) {
            *n = i as u32 + 1;
        }
        Wheel {
            inv_width: 1.0 / width,
            mask: slots as u64 - 1,
            head: vec![NIL; slots].into_boxed_slice(),
            next: next.into_boxed_slice(),
            val: vec![0.0; servers].into_boxed_slice(),
            free_node: 0,
            cursor: 0,
            now: 0.0,
            idle: servers,
            far: BinaryHeap::new(),
            servers,
        }
    }

    #[inline(always)]
    fn slot_of(&self, v: f64) -> u64 {
        (v * self.inv_width) as u64
    }

    /// Put a completion at `v ≥ now` on the wheel (or in the overflow heap).
    #[inline(always)]
    fn insert(&mut self, v: f64) {
        let abs = self.slot_of(v).max(self.cursor);
        if abs > self.cursor + self.mask {
            self.far.push(Reverse(Time(v)));
            return;
        }
        let node = self.free_node;
        debug_assert!(node != NIL, "more busy servers than servers");
        let s = (abs & self.mask) as usize;
        self.free_node = self.next[node as usize];
        self.val[node as usize] = v;
        self.next[node as usize] = self.head[s];
        self.head[s] = node;
    }

    /// Move overflow completions that the wheel now covers onto it.
    #[inline]
    fn pull_far(&mut self) {
        while let Some(&Reverse(Time(v))) = self.far.peek() {
            if self.slot_of(v) > self.cursor + self.mask {
                break;
            }
            self.far.pop();
            self.insert(v);
        }
    }

    /// Empty every slot wholly before `t` into the idle count.
    #[inline(always)]
    fn advance(&mut self, t: f64) {
        self.now = t;
        let target = self.slot_of(t);
        if target <= self.cursor {
            return;
        }
        // Past a whole turn every wheel slot is before `t`: visit each once.
        let end = target.min(self.cursor + self.mask + 1);
        while self.cursor < end {
            let s = (self.cursor & self.mask) as usize;
            let mut n = self.head[s];
            if n != NIL {
                self.head[s] = NIL;
                while n != NIL {
                    let nx = self.next[n as usize];
                    self.next[n as usize] = self.free_node;
                    self.free_node = n;
                    self.idle += 1;
                    n = nx;
                }
            }
            self.cursor += 1;
        }
        self.cursor = target;
        if !self.far.is_empty() {
            self.pull_far();
            // Overflow completions already before `t` are free too.
            self.retire_current(t);
        }
    }

    /// Free the completions `≤ t` in the clock's slot.
    fn retire_current(&mut self, t: f64) {
        let s = (self.cursor & self.mask) as usize;
        let mut prev = NIL;
        let mut n = self.head[s];
        while n != NIL {
            let nx = self.next[n as usize];
            if self.val[n as usize] <= t {
                if prev == NIL {
                    self.head[s] = nx;
                } else {
                    self.next[prev as usize] = nx;
                }
                self.next[n as usize] = self.free_node;
                self.free_node = n;
                self.idle += 1;
            } else {
                prev = n;
            }
            n = nx;
        }
    }

    /// Remove and return the earliest busy completion (all servers are busy).
    fn pop_earliest(&mut self) -> f64 {
        for k in 0..=self.mask {
            let s = ((self.cursor + k) & self.mask) as usize;
            let mut n = self.head[s];
            if n == NIL {
                continue;
            }
            // The slot's minimum, and the link that points at it.
            let (mut best, mut best_prev, mut prev) = (n, NIL, NIL);
            while n != NIL {
                if self.val[n as usize] < self.val[best as usize] {
                    best = n;
                    best_prev = prev;
                }
                prev = n;
                n = self.next[n as usize];
            }
            let nx = self.next[best as usize];
            if best_prev == NIL {
                self.head[s] = nx;
            } else {
                self.next[best_prev as usize] = nx;
            }
            self.next[best as usize] = self.free_node;
            self.free_node = best;
            return self.val[best as usize];
        }
        // Nothing on the wheel: the earliest completion is in the overflow heap.
        self.far.pop().map_or(self.now, |Reverse(Time(v))| v)
    }
}

impl FreeTimes for Wheel {
    /// The earliest free time, taking servers free by the clock as free at the clock.
    fn min(&self) -> f64 {
        if self.idle > 0 {
            return self.now;
        }
        self.times().into_iter().fold(f64::INFINITY, f64::min)
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
        let idle = self.idle;
        self.head.fill(NIL);
        for (i, n) in self.next.iter_mut().enumerate() {
            *n = if i + 1 < self.servers { i as u32 + 1 } else { NIL };
        }
        self.free_node = 0;
        self.far.clear();
        self.now = (self.now - by).max(0.0);
        self.cursor = self.slot_of(self.now);
        self.idle = idle;
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

impl Wheel {
    fn busy_times(&self) -> impl Iterator<Item = f64> + '_ {
        let on_wheel = self.head.iter().flat_map(move |&h| {
            let mut n = h;
            std::iter::from_fn(move || {
                (n != NIL).then(|| {
                    let v = self.val[n as usize];
                    n = self.next[n as usize];
                    v
                })
            })
        });
        on_wheel.chain(self.far.iter().map(|r| r.0 .0))
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
                assert!((got - want).abs() <= 1e-12 * want.abs().max(1.0), "c={c} i={i}: {got} vs {want}");
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
