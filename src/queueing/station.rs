//! One FCFS G/G/c station, simulated by the Kiefer–Wolfowitz recursion: no event list, just the
//! `c` times at which the servers next become free.
//!
//! # Formula
//! With arrivals in time order, a FCFS customer arriving at `a` with service `s` starts at
//! `start = max(a, F_min)` where `F_min` is the earliest server free time, and that server's free
//! time becomes `start + s` (Kiefer & Wolfowitz, Trans. AMS 1955; Asmussen, *Applied Probability
//! and Queues*, 2003, §XII.2). Keeping the free times in a min-heap makes this `O(log c)` per
//! customer. Because FCFS customers start in arrival order, each customer's wait is known the
//! moment it arrives, which makes a timeout (abandonment) and a queue limit exact as well.

use std::collections::VecDeque;

/// Server free times in an implicit binary min-heap padded with `+∞` to a perfect tree of
/// `2^depth − 1` slots, so replacing the minimum is a fixed-depth, branch-light descent along
/// the smaller child (a "bottom-up" sift, Wegener 1993) and a short climb back.
#[derive(Debug, Clone)]
pub struct ServerHeap {
    h: Box<[f64]>,
    depth: u32,
}

impl ServerHeap {
    /// `servers ≥ 1` servers, all free at time 0.
    pub fn new(servers: usize) -> Self {
        assert!(servers >= 1, "a station needs at least one server");
        let depth = usize::BITS - servers.leading_zeros(); // ⌈log₂(servers + 1)⌉
        let size = (1usize << depth) - 1;
        let mut h = vec![f64::INFINITY; size];
        h[..servers].fill(0.0);
        ServerHeap {
            h: h.into_boxed_slice(),
            depth,
        }
    }

    /// The earliest time a server is free.
    #[inline(always)]
    pub fn min(&self) -> f64 {
        self.h[0]
    }

    /// Replace the minimum by `v ≥ min()`.
    #[inline(always)]
    pub fn replace_min(&mut self, v: f64) {
        let h = &mut *self.h;
        let mut i = 0usize;
        // Walk the hole down to a leaf, always pulling up the smaller child; the child is
        // picked arithmetically (no data-dependent branch to mispredict).
        for _ in 1..self.depth {
            let l = 2 * i + 1;
            // In a perfect tree of depth `d`, a node above the last level has both children.
            debug_assert!(l + 1 < h.len());
            let c = l + usize::from(h[l + 1] < h[l]);
            h[i] = h[c];
            i = c;
        }
        // Climb back while the parent is larger (usually 0–2 steps).
        while i > 0 {
            let p = (i - 1) / 2;
            if h[p] <= v {
                break;
            }
            h[i] = h[p];
            i = p;
        }
        h[i] = v;
    }

    /// Subtract `by` from every free time (keeps absolute times small over long runs).
    pub fn shift(&mut self, by: f64) {
        for x in self.h.iter_mut() {
            *x -= by;
        }
    }

    /// All free times of real servers (unordered).
    pub fn free_times(&self) -> impl Iterator<Item = f64> + '_ {
        self.h.iter().copied().filter(|x| x.is_finite())
    }
}

/// The `c` server free times: the earliest one, and replacing it by a later time.
pub trait FreeTimes: Clone {
    /// The earliest time a server is free.
    fn min(&self) -> f64;
    /// Replace the minimum by `v ≥ min()`.
    fn replace_min(&mut self, v: f64);
    /// Subtract `by` from every free time.
    fn shift(&mut self, by: f64);
    /// All free times of real servers (unordered).
    fn times(&self) -> Vec<f64>;

    /// Move the free times out for a hot loop that works on its own copy and puts it back;
    /// `self` is left unusable until then. Copying is the default; a large structure moves.
    fn take(&mut self) -> Self {
        self.clone()
    }

    /// Serve a request arriving at `t` (non-decreasing across calls) that needs `s`: take the
    /// earliest free server and return the start time, `max(t, earliest free time)`.
    #[inline(always)]
    fn serve(&mut self, t: f64, s: f64) -> f64 {
        let m = self.min();
        let start = if m > t { m } else { t };
        self.replace_min(start + s);
        start
    }
}

impl FreeTimes for ServerHeap {
    #[inline(always)]
    fn min(&self) -> f64 {
        ServerHeap::min(self)
    }
    #[inline(always)]
    fn replace_min(&mut self, v: f64) {
        ServerHeap::replace_min(self, v)
    }
    fn shift(&mut self, by: f64) {
        ServerHeap::shift(self, by)
    }
    fn times(&self) -> Vec<f64> {
        self.free_times().collect()
    }
}

/// Server free times in a sorted fixed-size array of `N` slots (`N` a power of two ≥ `c`; the
/// spare slots hold `+∞`), for small `c`.
///
/// # Formula
/// Removing the minimum `a₀` of a sorted array and inserting `v ≥ a₀` is the merge
/// `new[i] = max(a[i], min(a[i+1], v))` (with `a[N] = +∞`): below the insertion point
/// `a[i+1] < v` gives `a[i+1]`; at it, `v`; above it, `a[i] ≥ v` gives `a[i]`. That is one
/// `min` and one `max` per slot, branch-free, which the compiler vectorises on a fixed-size
/// array — for small `c` cheaper than the heap's data-dependent branches.
#[derive(Debug, Clone, Copy)]
pub struct SortedServers<const N: usize> {
    a: [f64; N],
    c: usize,
}

impl<const N: usize> SortedServers<N> {
    pub fn new(servers: usize) -> Self {
        assert!(
            (1..=N).contains(&servers),
            "a sorted pool of {N} slots holds 1..={N} servers"
        );
        let mut a = [f64::INFINITY; N];
        a[..servers].fill(0.0);
        SortedServers { a, c: servers }
    }
}

impl<const N: usize> FreeTimes for SortedServers<N> {
    #[inline(always)]
    fn min(&self) -> f64 {
        self.a[0]
    }

    #[inline(always)]
    fn replace_min(&mut self, v: f64) {
        let a = &self.a;
        let mut out = [0.0; N];
        for i in 0..N {
            let next = if i + 1 < N { a[i + 1] } else { f64::INFINITY };
            // Written as comparisons (not f64::min/max, which treat NaN specially) so they
            // compile to plain minpd/maxpd; there are no NaNs here.
            let lo = if next < v { next } else { v };
            out[i] = if a[i] > lo { a[i] } else { lo };
        }
        self.a = out;
    }

    fn shift(&mut self, by: f64) {
        for x in self.a[..self.c].iter_mut() {
            *x -= by;
        }
    }

    fn times(&self) -> Vec<f64> {
        self.a[..self.c].to_vec()
    }
}

/// The largest `c` for which [`Servers`] uses the sorted array; above it, the heap (measured on
/// x86-64 baseline SSE2 with `benches/simulate.rs`). The simulator's loop without limits picks
/// among more structures (see `replicate::with_limits`).
pub const SORTED_MAX_SERVERS: usize = 32;

/// The `c` server free times in whichever structure is fastest for `c`, chosen at run time.
/// The simulator's hot loop does not use this (it is monomorphised per structure); it is the
/// default for [`Station`] used one arrival at a time.
#[derive(Debug, Clone)]
pub enum Servers {
    S1(SortedServers<1>),
    S2(SortedServers<2>),
    S4(SortedServers<4>),
    S8(SortedServers<8>),
    S16(SortedServers<16>),
    S32(SortedServers<32>),
    Heap(ServerHeap),
}

macro_rules! each_servers {
    ($self:expr, $s:ident => $e:expr) => {
        match $self {
            Servers::S1($s) => $e,
            Servers::S2($s) => $e,
            Servers::S4($s) => $e,
            Servers::S8($s) => $e,
            Servers::S16($s) => $e,
            Servers::S32($s) => $e,
            Servers::Heap($s) => $e,
        }
    };
}

impl Servers {
    pub fn new(servers: usize) -> Self {
        match servers.next_power_of_two() {
            1 => Servers::S1(SortedServers::new(servers)),
            2 => Servers::S2(SortedServers::new(servers)),
            4 => Servers::S4(SortedServers::new(servers)),
            8 => Servers::S8(SortedServers::new(servers)),
            16 => Servers::S16(SortedServers::new(servers)),
            32 => Servers::S32(SortedServers::new(servers)),
            _ => Servers::Heap(ServerHeap::new(servers)),
        }
    }
}

impl FreeTimes for Servers {
    #[inline(always)]
    fn min(&self) -> f64 {
        each_servers!(self, s => s.min())
    }
    #[inline(always)]
    fn replace_min(&mut self, v: f64) {
        each_servers!(self, s => s.replace_min(v))
    }
    fn shift(&mut self, by: f64) {
        each_servers!(self, s => s.shift(by))
    }
    fn times(&self) -> Vec<f64> {
        each_servers!(self, s => s.times())
    }
}

/// Queue limits: at most `capacity` customers waiting (not counting those in service), and/or a
/// `timeout` on the time spent waiting.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Limits {
    /// Waiting room size; `Some(0)` = no waiting room (Erlang loss system).
    pub capacity: Option<u64>,
    /// A customer whose wait would exceed this gives up (and never uses a server).
    pub timeout: Option<f64>,
}

impl Limits {
    pub fn is_none(&self) -> bool {
        self.capacity.is_none() && self.timeout.is_none()
    }
}

/// What happened to one arrival.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Offer {
    Served {
        start: f64,
        departure: f64,
    },
    /// The waiting room was full.
    Blocked,
    /// The wait would have exceeded the timeout.
    TimedOut,
}

/// A FCFS G/G/c station with optional limits. `F` is the server free-time structure; the
/// default picks the fastest for `c` at run time.
#[derive(Debug, Clone)]
pub struct Station<F: FreeTimes = Servers> {
    servers: F,
    capacity: Option<usize>,
    timeout: f64,
    /// Start times of admitted customers that have not started yet at the latest arrival.
    /// Non-decreasing (FCFS starts in arrival order), so it is a queue popped from the front.
    waiting: VecDeque<f64>,
    /// When customers that timed out leave the waiting room (`arrival + timeout`); they hold a
    /// place until then. Increasing. Only kept when there is a capacity.
    leaving: VecDeque<f64>,
}

impl Station {
    pub fn new(servers: u32, limits: Limits) -> Self {
        Station::with_servers(Servers::new(servers as usize), limits)
    }
}

impl<F: FreeTimes> Station<F> {
    /// A station over a given free-time structure (all servers free at time 0).
    pub fn with_servers(servers: F, limits: Limits) -> Self {
        Station {
            servers,
            capacity: limits
                .capacity
                .map(|k| usize::try_from(k).unwrap_or(usize::MAX)),
            timeout: limits.timeout.unwrap_or(f64::INFINITY),
            waiting: VecDeque::new(),
            leaving: VecDeque::new(),
        }
    }

    /// Serve an arrival at `arrival` (non-decreasing across calls) needing `service`, ignoring
    /// any limits; returns `(start, departure)`. The hot path of the simulator.
    #[inline(always)]
    pub fn serve(&mut self, arrival: f64, service: f64) -> (f64, f64) {
        let free = self.servers.min();
        let start = if free > arrival { free } else { arrival };
        let dep = start + service;
        self.servers.replace_min(dep);
        (start, dep)
    }

    /// Offer an arrival at `arrival` (non-decreasing across calls) needing `service`, applying
    /// the capacity and timeout.
    ///
    /// The number waiting at `arrival` is the number of admitted customers whose start is later
    /// than `arrival`, plus timed-out customers still in the room: both are monotone queues,
    /// popped from the front, so the check is amortised `O(1)` and exact.
    #[inline]
    pub fn offer(&mut self, arrival: f64, service: f64) -> Offer {
        let free = self.servers.min();
        let start = if free > arrival { free } else { arrival };
        let must_wait = start > arrival;
        if let Some(k) = self.capacity {
            while self.waiting.front().is_some_and(|&s| s <= arrival) {
                self.waiting.pop_front();
            }
            while self.leaving.front().is_some_and(|&s| s <= arrival) {
                self.leaving.pop_front();
            }
            if must_wait && self.waiting.len() + self.leaving.len() >= k {
                return Offer::Blocked;
            }
        }
        if start - arrival > self.timeout {
            if self.capacity.is_some() {
                self.leaving.push_back(arrival + self.timeout);
            }
            return Offer::TimedOut;
        }
        let departure = start + service;
        self.servers.replace_min(departure);
        if must_wait && self.capacity.is_some() {
            self.waiting.push_back(start);
        }
        Offer::Served { start, departure }
    }

    /// Subtract `by` from every stored time: callers rebase their clock now and then so that
    /// absolute times stay small and `f64` differences stay exact to ~1e-16 relative.
    pub fn shift_time(&mut self, by: f64) {
        self.servers.shift(by);
        for x in self.waiting.iter_mut().chain(self.leaving.iter_mut()) {
            *x -= by;
        }
    }

    pub fn servers(&self) -> &F {
        &self.servers
    }

    /// The free-time structure, for a hot loop that keeps a local copy (in registers) and
    /// writes it back; only meaningful without limits.
    pub fn servers_mut(&mut self) -> &mut F {
        &mut self.servers
    }
}

/// Pass a sorted sequence of arrival times through a fresh station, drawing each service time
/// from `service`; returns each arrival's departure time in arrival order (`None` if rejected).
///
/// This is the building block for feed-forward networks: sort the `Some` departures of one
/// station (`sorted_departures`) and they are the arrivals of the next.
pub fn pass_through(
    servers: u32,
    limits: Limits,
    arrivals: impl IntoIterator<Item = f64>,
    mut service: impl FnMut() -> f64,
) -> Vec<Option<f64>> {
    let mut st = Station::new(servers, limits);
    let mut last = f64::NEG_INFINITY;
    arrivals
        .into_iter()
        .map(|a| {
            debug_assert!(a >= last, "arrivals must be sorted");
            last = a;
            match st.offer(a, service()) {
                Offer::Served { departure, .. } => Some(departure),
                _ => None,
            }
        })
        .collect()
}

/// The departures of [`pass_through`], rejected ones dropped, in time order.
pub fn sorted_departures(departures: &[Option<f64>]) -> Vec<f64> {
    let mut d: Vec<f64> = departures.iter().flatten().copied().collect();
    d.sort_by(f64::total_cmp);
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    /// Reference: a plain sorted vector of free times.
    #[test]
    fn heap_and_sorted_match_a_sorted_vector() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        for (c, heap) in [1usize, 2, 3, 5, 7, 8, 9, 16, 31, 100]
            .into_iter()
            .flat_map(|c| [(c, true), (c, false)])
        {
            let mut h = if heap {
                Servers::Heap(ServerHeap::new(c))
            } else {
                Servers::new(c)
            };
            let mut v = vec![0.0; c];
            for _ in 0..5000 {
                let m = v[0];
                assert_eq!(h.min(), m, "c={c}");
                // Some exact ties, to exercise them.
                let x = m + (rng.gen::<f64>() * 10.0).floor();
                h.replace_min(x);
                v[0] = x;
                v.sort_by(f64::total_cmp);
            }
            let mut got = h.times();
            got.sort_by(f64::total_cmp);
            assert_eq!(got, v);
        }
    }

    #[test]
    fn hand_worked_two_servers() {
        // Arrivals 0, 1, 2, 3 with services 5, 5, 1, 1 on 2 servers:
        // 0→[0,5], 1→[1,6], 2 waits for 5→[5,6], 3 waits for 6→[6,7].
        let d = pass_through(2, Limits::default(), [0.0, 1.0, 2.0, 3.0], {
            let mut s = [5.0, 5.0, 1.0, 1.0].into_iter();
            move || s.next().unwrap()
        });
        assert_eq!(d, vec![Some(5.0), Some(6.0), Some(6.0), Some(7.0)]);
        assert_eq!(sorted_departures(&d), vec![5.0, 6.0, 6.0, 7.0]);
    }

    #[test]
    fn capacity_and_timeout_by_hand() {
        // 1 server, room for 1 waiting. Services 10 each; arrivals 0, 1, 2, 11.
        // 0 served [0,10]; 1 waits (start 10); 2 finds 1 waiting → blocked;
        // 11: 1 has started at 10 → room free, waits for 20 → served [20,30].
        let mut st = Station::new(
            1,
            Limits {
                capacity: Some(1),
                timeout: None,
            },
        );
        assert!(matches!(st.offer(0.0, 10.0), Offer::Served { start, .. } if start == 0.0));
        assert!(matches!(st.offer(1.0, 10.0), Offer::Served { start, .. } if start == 10.0));
        assert_eq!(st.offer(2.0, 10.0), Offer::Blocked);
        assert!(matches!(st.offer(11.0, 10.0), Offer::Served { start, .. } if start == 20.0));

        // Timeout 5 with capacity 1: arrival 1 would wait 9 → times out and holds the room
        // until 6; arrival 3 would wait → room taken → blocked; arrival 7 waits 3 → served
        // (start 10); arrival 8 would wait → 7 is waiting → blocked; a free server is always used.
        let mut st = Station::new(
            1,
            Limits {
                capacity: Some(1),
                timeout: Some(5.0),
            },
        );
        assert!(matches!(st.offer(0.0, 10.0), Offer::Served { .. }));
        assert_eq!(st.offer(1.0, 10.0), Offer::TimedOut);
        assert_eq!(st.offer(3.0, 10.0), Offer::Blocked);
        assert!(matches!(st.offer(7.0, 10.0), Offer::Served { start, .. } if start == 10.0));
        assert_eq!(st.offer(8.0, 1.0), Offer::Blocked);
        assert!(matches!(st.offer(20.0, 1.0), Offer::Served { start, .. } if start == 20.0));
    }

    #[test]
    fn shift_preserves_behaviour() {
        let mut a = Station::new(3, Limits::default());
        let mut b = Station::new(3, Limits::default());
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(2);
        let mut t = 0.0;
        let mut tb = 0.0;
        for i in 0..1000 {
            let g = rng.gen::<f64>();
            let s = rng.gen::<f64>() * 3.0;
            t += g;
            tb += g;
            let (sa, _) = a.serve(t, s);
            let (sb, _) = b.serve(tb, s);
            assert!(((sa - t) - (sb - tb)).abs() < 1e-9);
            if i % 100 == 99 {
                b.shift_time(tb);
                tb = 0.0;
            }
        }
    }
}
