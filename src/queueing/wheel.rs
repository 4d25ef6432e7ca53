//! Server free times for many servers: a count of idle servers and a timing wheel of the busy
//! ones' completion times, so serving a request costs a slot write instead of a heap's
//! `log₂ c` dependent steps.
//!
//! # Formula
//! FCFS G/G/c needs, for an arrival at `t`, only whether some server is free by `t` and, if
//! none is, the earliest completion (Kiefer–Wolfowitz: `start = max(t, F_min)`). A server free
//! at any time `≤ t` is, for every later arrival, the same as one free at `t` (arrivals come in
//! time order), so free servers are a count, not times. Busy completions sit in a circular
//! array of slots of width `w = E[S]/c` (at most ρ ≤ 1 completions per slot on average):
//! completion `v` goes to slot `round(v/w) mod n` (any slot function that never decreases in
//! `v` would do), with `n ≥ 16c` slots covering at least 16 mean service times; one beyond the
//! horizon, or finding its slot's four places taken, goes to a small heap.
//!
//! The clock is moved lazily. If `idle ≥ 1` servers are free by the clock `τ`, the next
//! arrival, at `t ≥ τ`, starts on arrival whatever completed in between, and so do the next
//! `idle` arrivals: each takes one of those servers and completions only add free ones. So
//! while `idle > 0` a request costs `idle −= 1` and putting `t + s` on the wheel, and the clock
//! is not touched. Only an arrival that finds `idle = 0` advances the clock to its `t`: the
//! counts of the slots wholly before `t` — every slot passed since the last advance, swept in
//! one fixed-size masked pass over their bytes, no per-completion work — and the spilled
//! completions `≤ t` are added to `idle`; if that is still 0 the completions `≤ t` in `t`'s
//! own slot are freed, and failing that the earliest completion is taken from the first
//! non-empty slot (or the heap) and the request starts then. The starts are those of the
//! recursion exactly: every start is either the arrival time or a stored completion time, and
//! which server a start takes never matters, only the multiset of free times. (Brown,
//! "Calendar queues: a fast O(1) priority queue implementation for the simulation event set
//! problem", Commun. ACM 31(10), 1988; Varghese & Lauck, "Hashed and hierarchical timing
//! wheels", SOSP 1987.)
//!
//! Why lazily: moving the clock with every arrival instead (one masked 8-slot word emptied per
//! request, so that the only data-dependent branch is whether the request waits) cut branch
//! mispredictions (0.47 → 0.28 a request at `c = 33`, 0.29 → 0.17 at 64, 0.17 → 0.10 at 256,
//! ρ = 0.8) but added 20–35 instructions a request: about as fast at `c = 33` (3.6× the RNG
//! floor of `benches/simulate.rs` against 3.7×, within the noise) and slower from 48 up (at
//! 256, 2.9× against 2.4×).
//! Sweeping 16 slots instead of 32 per advance saved instructions at `c = 33` (−11 a request)
//! but raised mispredictions at 48–128 and instructions from 128 up.
//! An unsorted array of the busy completions instead (append while a server is idle; when all
//! are held, one pass for the minimum and the completions due by the arrival, dropped by
//! swapping the last in) ran its pass on 30% of requests at `c = 33` as the wheel runs its
//! advance, but the pass cost 350–580 instructions without hand-written vector code (the
//! compiler made the due-mask a scalar compare per place): 174 instructions a request at
//! `c = 33` in the pass alone against 175 for the wheel's whole loop.
//! A wheel of 8 slots per server instead of 16 (the counts and places of `c ≤ 64` in 16 KB,
//! within the first-level cache) made no measurable difference.
//! A tournament tree of losers instead (Knuth, TAOCP vol. 3, §5.4.1: replacing the minimum
//! replays one leaf-to-root path of `log₂ c` compare-and-select steps, conditional moves, no
//! data-dependent branch) gave the same results and ran at 3.2–4.2× the RNG floor for every
//! `c` from 17 to 200, against 2.0–3.1× for the split arrays and this wheel: each request's
//! replay waits on the previous one's, a chain of some thirty cycles.

use super::station::FreeTimes;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Completions one slot holds; a further one (rare: a slot expects at most ρ ≤ 1) spills.
const SLOT: usize = 4;

/// Slots per server: the wheel covers `TURN` mean service times before a completion spills.
const TURN: usize = 16;

/// Slots emptied by one fixed-size pass when the clock advances (more take a slower loop).
const WINDOW: usize = 32;

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
    /// Completions in each slot (≤ `SLOT`), and their times; both a power of two long.
    count: Box<[u8]>,
    val: Box<[[f64; SLOT]]>,
    /// Absolute index of the slot the clock is in; slots before it are empty.
    cursor: u64,
    /// The last absolute slot on the wheel, `cursor + slots − 1`.
    horizon: u64,
    /// The clock: the latest time advanced to (arrivals since may be later).
    now: f64,
    /// Servers free by the clock.
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
        let slots = (TURN * servers).next_power_of_two().max(2 * WINDOW);
        let width = if mean_service > 0.0 && mean_service.is_finite() {
            mean_service / servers as f64
        } else {
            1.0
        };
        Wheel {
            inv_width: 1.0 / width,
            count: vec![0; slots].into_boxed_slice(),
            val: vec![[0.0; SLOT]; slots].into_boxed_slice(),
            cursor: 0,
            horizon: slots as u64 - 1,
            now: 0.0,
            idle: servers,
            spill: BinaryHeap::new(),
            spill_min: f64::INFINITY,
        }
    }

    /// The absolute slot of time `v ≥ 0`: `v / w` rounded to the nearest integer.
    ///
    /// Adding 2⁵² to `x = v / w ∈ [0, 2⁵²)` leaves `round(x)` as the low bits of the result
    /// (one add instead of a float-to-int conversion and its saturation checks). All the wheel
    /// needs is that the slot never decreases as `v` grows, which holds for any `x ≥ 0` (float
    /// addition is monotone and so are the bits of positive floats); beyond 2⁵² slots, far past
    /// the horizon, the result stays monotone and only spills.
    #[inline(always)]
    fn slot_of(&self, v: f64) -> u64 {
        const MAGIC: f64 = (1u64 << 52) as f64;
        (v * self.inv_width + MAGIC).to_bits() - MAGIC.to_bits()
    }

    /// Index into `count` and `val` of absolute slot `abs` (the lengths are powers of two).
    #[inline(always)]
    fn index(&self, abs: u64) -> usize {
        abs as usize & (self.count.len() - 1)
    }

    /// Move the clock to `cursor` (its slot) and `now`.
    fn set_clock(&mut self, now: f64) {
        self.now = now;
        self.cursor = self.slot_of(now);
        self.horizon = self.cursor + self.count.len() as u64 - 1;
    }

    /// Put a completion at `v ≥ now` on the wheel (or in the spill heap).
    #[inline(always)]
    fn insert(&mut self, v: f64) {
        // `cursor` is the slot of `now` and `v ≥ now`, so `abs ≥ cursor`.
        let abs = self.slot_of(v);
        debug_assert!(abs >= self.cursor);
        let s = self.index(abs);
        let k = *at(&self.count, s) as usize;
        if abs > self.horizon || k >= SLOT {
            self.push_spill(v);
            return;
        }
        at_mut(&mut self.val, s)[k] = v;
        *at_mut(&mut self.count, s) = k as u8 + 1;
    }

    keeps_registers! {
        /// Called from [`Wheel::insert`], in the simulation loop: kept out of line under a
        /// convention that keeps the loop's registers.
        #[cold]
        #[inline(never)]
        fn push_spill(&mut self, v: f64) {
            self.spill.push(Reverse(Time(v)));
            self.spill_min = self.spill_min.min(v);
        }
    }

    keeps_registers! {
        /// Rare (a completion past the horizon or from a full slot), and called from code that
        /// must not clobber the loop's registers (see [`Wheel::serve_advancing`]).
        #[cold]
        #[inline(never)]
        fn pop_spill(&mut self) -> f64 {
            let v = self.spill.pop().map_or(f64::INFINITY, |r| r.0 .0);
            self.spill_min = self.spill.peek().map_or(f64::INFINITY, |r| r.0 .0);
            v
        }
    }

    /// Move the clock to `t ≥ now`: empty every slot wholly before `t` into the idle count,
    /// and free the spilled completions `≤ t`.
    #[inline(always)]
    fn advance(&mut self, t: f64) {
        let n = self.slot_of(t) - self.cursor;
        let from = self.index(self.cursor);
        let freed = match self.count.get_mut(from..from + WINDOW) {
            // The usual case, a few slots and no wrap: one masked pass, no branch on `n`.
            Some(w) if n <= WINDOW as u64 => {
                drain_window(w.try_into().expect("WINDOW slots"), n as usize)
            }
            _ => self.drain_long(n),
        };
        self.idle += freed;
        self.set_clock(t);
        while self.spill_min <= t {
            self.pop_spill();
            self.idle += 1;
        }
    }

    keeps_registers! {
        /// Empty the `n` slots from the cursor on (any number; past a whole turn every slot is
        /// before the clock, so each is visited once). They are one or two contiguous runs of
        /// the array, the second after the wrap.
        #[inline(never)]
        fn drain_long(&mut self, n: u64) -> usize {
            let n = n.min(self.count.len() as u64) as usize;
            let from = self.index(self.cursor);
            let first = n.min(self.count.len() - from);
            drain(&mut self.count[from..from + first]) + drain(&mut self.count[..n - first])
        }
    }

    /// Free the completions `≤ t` in the clock's slot.
    fn retire_current(&mut self, t: f64) {
        let s = self.index(self.cursor);
        let k = *at(&self.count, s) as usize;
        let slot = at_mut(&mut self.val, s);
        // Compact the places still busy to the front, branch-free (`j ≤ i` throughout).
        let mut j = 0;
        for i in 0..SLOT {
            let v = slot[i];
            slot[j] = v;
            j += usize::from(i < k && v > t);
        }
        self.idle += k - j;
        *at_mut(&mut self.count, s) = j as u8;
    }

    /// Remove and return the earliest busy completion (all servers are busy). Inlined: out
    /// of line it cost a call and five saved registers on a third of requests at `c = 33`.
    #[inline(always)]
    fn pop_earliest(&mut self) -> f64 {
        let Some(s) = self.first_busy_slot() else {
            let v = self.pop_spill();
            return if v.is_finite() { v } else { self.now };
        };
        // `1 ≤ k ≤ SLOT` here; clamping says so to the compiler, which then checks no index
        // at run time (see [`at`]).
        let k = (*at(&self.count, s) as usize).clamp(1, SLOT);
        let slot = at_mut(&mut self.val, s);
        let (mut best, mut place) = (slot[0], 0);
        for (i, &v) in slot[..k].iter().enumerate().skip(1) {
            if v < best {
                best = v;
                place = i;
            }
        }
        if self.spill_min < best {
            return self.pop_spill();
        }
        let last = slot[k - 1];
        *at_mut(slot, place) = last;
        *at_mut(&mut self.count, s) = k as u8 - 1;
        best
    }

    /// The first non-empty slot from the cursor on. Eight counts at a time as the bytes of a
    /// `u64` (the first non-zero byte is its trailing zeros / 8): a request that waits finds
    /// the earliest completion about `1/(1 − ρ)` slots ahead, and one slot a step cost a
    /// mispredicted loop exit per request.
    fn first_busy_slot(&self) -> Option<usize> {
        let len = self.count.len();
        let from = self.index(self.cursor);
        let mut d = 0;
        while d < len {
            let i = (from + d) & (len - 1);
            match self.count.get(i..i + 8) {
                Some(b) => {
                    let w = u64::from_le_bytes(b.try_into().expect("8 counts"));
                    if w != 0 {
                        return Some(i + (w.trailing_zeros() / 8) as usize);
                    }
                    d += 8;
                }
                // The last 7 slots before the wrap, one at a time.
                None if *at(&self.count, i) != 0 => return Some(i),
                None => d += 1,
            }
        }
        None
    }

    keeps_registers! {
        /// Serve a request arriving at `t` that finds no server idle at the clock: advance the
        /// clock to `t`, then take a server freed by then or wait for the earliest completion.
        /// Kept out of line so the loop around [`FreeTimes::serve`] holds only the idle case,
        /// under a convention that keeps the loop's registers.
        #[inline(never)]
        fn serve_advancing(&mut self, t: f64, s: f64) -> f64 {
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
    }

    fn busy_times(&self) -> Vec<f64> {
        let mut busy: Vec<f64> = self.spill.iter().map(|r| r.0 .0).collect();
        // Most slots are empty (at most `c` of `16c` are not): skip eight at a time (the slot
        // count is a power of two of at least 2·WINDOW, so a multiple of 8).
        debug_assert!(self.count.len().is_multiple_of(8));
        let groups = self.val.chunks_exact(8).zip(self.count.chunks_exact(8));
        for (vals, counts) in groups {
            if u64::from_le_bytes(counts.try_into().expect("8 counts")) == 0 {
                continue;
            }
            for (v, &k) in vals.iter().zip(counts) {
                busy.extend_from_slice(&v[..k as usize]);
            }
        }
        busy
    }
}

/// `xs[i]`, with the index check's panic under the convention of [`keeps_registers!`].
///
/// Why: the standard check's panic is a plain call, and a plain call anywhere in
/// [`Wheel::serve_advancing`], even on a path that never returns, lets it clobber `xmm6`–`xmm15`,
/// which that function must then save and restore on every call (20 instructions). With every
/// call in it under the register-keeping convention (this check, the spill heap, the long
/// drain) and [`Wheel::pop_earliest`] inlined into it, it saves two; measured with
/// `benches/simulate.rs` (ρ = 0.8), 7.9 fewer instructions a request at `c = 33` and 4.3 at 64,
/// and 5–7% more requests a second from 33 to 128 servers.
#[inline(always)]
fn at<T>(xs: &[T], i: usize) -> &T {
    match xs.get(i) {
        Some(x) => x,
        None => out_of_bounds(i, xs.len()),
    }
}

/// `&mut xs[i]`, as [`at`].
#[inline(always)]
fn at_mut<T>(xs: &mut [T], i: usize) -> &mut T {
    let len = xs.len();
    match xs.get_mut(i) {
        Some(x) => x,
        None => out_of_bounds(i, len),
    }
}

keeps_registers! {
    #[cold]
    #[inline(never)]
    fn out_of_bounds(i: usize, len: usize) -> ! {
        panic!("wheel slot {i} out of {len}")
    }
}

/// `WINDOW_BELOW[n]`: the masks of the first `n ≤ WINDOW` bytes of a window, word by word
/// (`WINDOW + 1` entries of `WINDOW` bytes). One lookup for the whole window: per word, the
/// clamped shift or a per-word table index cost some six instructions.
const WINDOW_BELOW: [[u64; WINDOW / 8]; WINDOW + 1] = {
    let mut t = [[0u64; WINDOW / 8]; WINDOW + 1];
    let mut n = 0;
    while n <= WINDOW {
        let mut i = 0;
        while i < WINDOW / 8 {
            let m = n.saturating_sub(8 * i);
            let m = if m > 8 { 8 } else { m };
            t[n][i] = if m == 0 { 0 } else { u64::MAX >> (64 - 8 * m) };
            i += 1;
        }
        n += 1;
    }
    t
};

/// Sum of the first `n ≤ WINDOW` counts of `w`, which are emptied; the rest are kept.
/// Eight counts at a time as the bytes of a `u64`: masked, added bytewise across the words (a
/// byte then holds at most `SLOT · WINDOW / 8` counts), summed by one multiplication (the top
/// byte of `x · 0x0101…01` is the sum of the bytes of `x`, exact while it stays below 256:
/// at most `SLOT · WINDOW` here) and cleared, with no branch on `n`.
#[inline(always)]
fn drain_window(w: &mut [u8; WINDOW], n: usize) -> usize {
    const _: () = assert!(SLOT * WINDOW < 256 && WINDOW.is_multiple_of(8));
    let masks = &WINDOW_BELOW[n.min(WINDOW)];
    let mut bytes = 0u64;
    for (chunk, &mask) in w.chunks_exact_mut(8).zip(masks) {
        let word = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        bytes += word & mask;
        chunk.copy_from_slice(&(word & !mask).to_le_bytes());
    }
    (bytes.wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize
}

/// Sum of the counts in `slots`, which are emptied.
/// Eight counts at a time as the bytes of a `u64`, summed by one multiplication as in
/// [`drain_window`]; a long advance (hundreds of slots at `c` in the thousands) spent most of its
/// time widening bytes one by one.
fn drain(slots: &mut [u8]) -> usize {
    let mut chunks = slots.chunks_exact(8);
    let mut sum = 0u64;
    for chunk in chunks.by_ref() {
        let word = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        sum += word.wrapping_mul(0x0101_0101_0101_0101) >> 56;
    }
    let tail: u64 = chunks.remainder().iter().map(|&x| u64::from(x)).sum();
    slots.fill(0);
    (sum + tail) as usize
}

impl FreeTimes for Wheel {
    /// The earliest free time, taking servers free by the clock as free at the clock.
    fn min(&self) -> f64 {
        if self.idle > 0 {
            return self.now;
        }
        self.busy_times().into_iter().fold(f64::INFINITY, f64::min)
    }

    fn replace_min(&mut self, v: f64) {
        if self.idle > 0 {
            self.idle -= 1;
        } else {
            self.pop_earliest();
        }
        self.insert(v);
    }

    /// While a server is idle at the clock the request starts on arrival and the clock stays
    /// where it is (see the module's formula); only an arrival that finds none idle moves it.
    #[inline(always)]
    fn serve(&mut self, t: f64, s: f64) -> f64 {
        if self.idle > 0 {
            self.idle -= 1;
            self.insert(t + s);
            return t;
        }
        self.serve_advancing(t, s)
    }

    /// The wheel itself, leaving one with no slots (nothing is copied).
    fn take(&mut self) -> Self {
        let empty = Wheel {
            count: Box::default(),
            val: Box::default(),
            spill: BinaryHeap::new(),
            ..*self
        };
        std::mem::replace(self, empty)
    }

    /// Rebuild the wheel with every time moved back by `by` (the clock's rebase).
    fn shift(&mut self, by: f64) {
        let busy = self.busy_times();
        self.count.fill(0);
        self.spill.clear();
        self.spill_min = f64::INFINITY;
        self.set_clock((self.now - by).max(0.0));
        for v in busy {
            // Completions already past (not yet swept) stay free-by-the-clock-to-be.
            self.insert((v - by).max(self.now));
        }
    }

    fn times(&self) -> Vec<f64> {
        let mut t = self.busy_times();
        t.extend(std::iter::repeat_n(self.now, self.idle));
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::queueing::station::{ServerHeap, Servers, SORTED_MAX_SERVERS};
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

    /// The masked window pass against one count at a time: for every `n ≤ WINDOW`, on windows
    /// of random counts up to `SLOT` (full slots included), the sum of the first `n` counts,
    /// those emptied and the rest kept.
    #[test]
    fn window_pass_sums_and_empties_the_first_n() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
        for round in 0..200 {
            let mut w = [0u8; WINDOW];
            for x in w.iter_mut() {
                *x = if round == 0 {
                    SLOT as u8
                } else {
                    rng.gen_range(0..=SLOT as u8)
                };
            }
            for n in 0..=WINDOW {
                let mut got = w;
                let want: usize = w[..n].iter().map(|&x| usize::from(x)).sum();
                assert_eq!(drain_window(&mut got, n), want, "round {round}, n = {n}");
                assert!(got[..n].iter().all(|&x| x == 0), "round {round}, n = {n}");
                assert_eq!(got[n..], w[n..], "round {round}, n = {n}");
            }
        }
    }

    /// Bit-identical starts to the heap, and to the sorted array where it applies, for
    /// exponential services at light load, near saturation and overloaded (queues form), with
    /// occasional long services and exact ties, across rebases.
    #[test]
    fn exactly_the_starts_of_the_heap() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
        for c in [1usize, 3, 8, 17, 64, 1000] {
            for rho in [0.5, 0.9, 0.99, 1.0, 1.05] {
                let mean = 0.01;
                let mut w = Wheel::new(c, mean);
                let mut h = ServerHeap::new(c);
                let mut sorted = (c <= SORTED_MAX_SERVERS).then(|| Servers::new(c));
                let mut t = 0.0;
                let mut waited = 0;
                for i in 0..30_000 {
                    t += -(1.0 - rng.gen::<f64>()).ln() * mean / (rho * c as f64);
                    let s = match i % 101 {
                        0 => mean * 50.0 * rng.gen::<f64>(),
                        1 => 0.0,
                        _ => -(1.0 - rng.gen::<f64>()).ln() * mean,
                    };
                    let want = h.serve(t, s);
                    assert_eq!(w.serve(t, s), want, "c={c} ρ={rho} i={i}");
                    if let Some(sorted) = sorted.as_mut() {
                        assert_eq!(sorted.serve(t, s), want, "sorted c={c} ρ={rho} i={i}");
                    }
                    waited += usize::from(want > t);
                    if i % 7000 == 6999 {
                        w.shift(t);
                        h.shift(t);
                        if let Some(sorted) = sorted.as_mut() {
                            sorted.shift(t);
                        }
                        t = 0.0;
                    }
                }
                if rho >= 0.99 {
                    assert!(waited > 100, "c={c} ρ={rho}: only {waited} waited");
                }
                assert_eq!(w.times().len(), c);
            }
        }
    }
}
