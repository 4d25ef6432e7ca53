//! Independent replications of one station: each on its own random stream, warm-up chosen by
//! MSER within a budget and discarded, run in parallel with rayon and combined in replication order, so the result is bit-identical
//! whatever the number of threads.

use super::arrivals::{ArrivalProcess, ArrivalSpec, DiurnalProcess, MmppProcess, PoissonProcess};
use super::dist::{
    DetSampler, EmpiricalSampler, ExpSampler, GammaSampler, LogNormalSampler, Sampler, ServiceDist,
};
use super::histogram::{Histogram, Quantiles, Tally};
use super::split::{SplitServers, LOW};
use super::station::{FreeTimes, Offer, Servers, SortedServers, Station};
use super::warmup::{mser, Batches, Truncation};
use super::wheel::Wheel;
use super::{RunConfig, StationConfig};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

/// The generator used everywhere in the simulator.
pub type SimRng = Xoshiro256PlusPlus;

/// Segments of the warm-up budget; MSER may end the warm-up at any of their boundaries.
pub const WARMUP_SEGMENTS: u64 = 10;

/// Requests per inner chunk; after each chunk the clock is rebased to 0 so absolute times never
/// grow large (a 100M-request run at 1 request/day would otherwise lose sub-second precision).
const CHUNK: u64 = 1 << 16;

/// The random stream of replication `index`: the generator seeded from `seed` (via SplitMix64)
/// and then jumped `index` times. xoshiro256's jump advances by 2^128 draws, so streams never
/// overlap (Blackman & Vigna, ACM TOMS 2021).
pub fn rng_for(seed: u64, index: u32) -> SimRng {
    let mut rng = SimRng::seed_from_u64(seed);
    for _ in 0..index {
        rng.jump();
    }
    rng
}

/// The streams of replications `0..n`, as [`rng_for`] would give them, in `O(n)` jumps.
pub fn streams(seed: u64, n: u32) -> Vec<SimRng> {
    let mut rng = SimRng::seed_from_u64(seed);
    (0..n)
        .map(|_| {
            let r = rng.clone();
            rng.jump();
            r
        })
        .collect()
}

/// Totals of one phase of one replication.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Totals {
    pub offered: u64,
    pub served: u64,
    pub blocked: u64,
    pub timed_out: u64,
    pub sum_wait: f64,
    pub sum_response: f64,
    pub sum_service: f64,
    /// Simulated time covered.
    pub span: f64,
}

impl Totals {
    fn add(&mut self, o: &Totals) {
        self.offered += o.offered;
        self.served += o.served;
        self.blocked += o.blocked;
        self.timed_out += o.timed_out;
        self.sum_wait += o.sum_wait;
        self.sum_response += o.sum_response;
        self.sum_service += o.sum_service;
        self.span += o.span;
    }

    fn mean_response(&self) -> Option<f64> {
        (self.served > 0).then(|| self.sum_response / self.served as f64)
    }
}

/// The measured part of one replication: two halves (to see whether latency keeps growing) and
/// the response-time histogram.
#[derive(Debug, Clone, PartialEq)]
pub struct Replication {
    /// The first half of the measured requests, with any warm-up segments MSER kept.
    pub first_half: Totals,
    pub second_half: Totals,
    pub response: Histogram,
    /// Requests discarded as warm-up.
    pub warmup: u64,
    /// MSER would have cut later than the warm-up budget allows.
    pub warmup_beyond_budget: bool,
}

impl Replication {
    pub fn totals(&self) -> Totals {
        let mut t = self.first_half;
        t.add(&self.second_half);
        t
    }
}

/// Run replication `index` of `cfg`.
pub fn run_replication(cfg: &StationConfig, run: &RunConfig, index: u32) -> Replication {
    run_replication_with(cfg, run, rng_for(run.seed, index))
}

/// Run one replication of `cfg` on a given random stream.
pub fn run_replication_with(cfg: &StationConfig, run: &RunConfig, mut rng: SimRng) -> Replication {
    match &cfg.arrivals {
        ArrivalSpec::Poisson { rate } => with_service(
            cfg,
            run,
            PoissonProcess {
                mean_gap: 1.0 / rate,
            },
            &mut rng,
        ),
        ArrivalSpec::Bursty(m) => {
            let p = MmppProcess::new(m, &mut rng);
            with_service(cfg, run, p, &mut rng)
        }
        ArrivalSpec::Diurnal {
            rate,
            amplitude,
            period,
        } => with_service(
            cfg,
            run,
            DiurnalProcess::new(*rate, *amplitude, *period),
            &mut rng,
        ),
    }
}

fn with_service<A: ArrivalProcess>(
    cfg: &StationConfig,
    run: &RunConfig,
    arr: A,
    rng: &mut SimRng,
) -> Replication {
    match &cfg.service {
        ServiceDist::Exponential { mean } => {
            with_limits(cfg, run, arr, ExpSampler { mean: *mean }, rng)
        }
        ServiceDist::Deterministic { value } => {
            with_limits(cfg, run, arr, DetSampler { value: *value }, rng)
        }
        ServiceDist::LogNormal { mu, sigma } => {
            let d = rand_distr::LogNormal::new(*mu, *sigma).expect("validated lognormal");
            with_limits(cfg, run, arr, LogNormalSampler(d), rng)
        }
        ServiceDist::Gamma { shape, scale } => {
            let d = rand_distr::Gamma::new(*shape, *scale).expect("validated gamma");
            with_limits(cfg, run, arr, GammaSampler(d), rng)
        }
        ServiceDist::Empirical { samples } => {
            with_limits(cfg, run, arr, EmpiricalSampler { samples }, rng)
        }
    }
}

fn with_limits<A: ArrivalProcess, S: Sampler>(
    cfg: &StationConfig,
    run: &RunConfig,
    arr: A,
    svc: S,
    rng: &mut SimRng,
) -> Replication {
    let c = cfg.servers as usize;
    if !cfg.limits.is_none() {
        // The limited path pays for its queue bookkeeping anyway; one generic instance will do.
        return run_loop::<A, S, Servers, true>(cfg, run, Servers::new(c), arr, svc, rng);
    }
    // Monomorphise the hot loop per free-time structure (see `station::Servers`).
    macro_rules! sorted {
        ($n:literal) => {
            run_loop::<A, S, _, false>(cfg, run, SortedServers::<$n>::new(c), arr, svc, rng)
        };
    }
    macro_rules! split {
        ($o:literal) => {
            run_loop::<A, S, _, false>(cfg, run, SplitServers::<$o>::new(c), arr, svc, rng)
        };
    }
    match c.next_power_of_two() {
        1 => sorted!(1),
        2 => sorted!(2),
        4 => sorted!(4),
        8 => sorted!(8),
        16 => sorted!(16),
        // Past 16 one sorted array no longer stays in registers; two do (see `split`).
        _ if c <= LOW + 2 => split!(2),
        _ if c <= LOW + 8 => split!(8),
        _ if c <= LOW + 16 => split!(16),
        _ => {
            let w = Wheel::new(c, cfg.service.mean());
            run_loop::<A, S, _, false>(cfg, run, w, arr, svc, rng)
        }
    }
}

fn run_loop<A: ArrivalProcess, S: Sampler, F: FreeTimes, const LIMITED: bool>(
    cfg: &StationConfig,
    run: &RunConfig,
    servers: F,
    mut arr: A,
    svc: S,
    rng: &mut SimRng,
) -> Replication {
    let mut st = Station::with_servers(servers, cfg.limits);
    let mut hist = Histogram::new();
    let mut batches = Batches::new();
    // The warm-up budget in segments, each counted apart so that MSER can keep the ones after
    // the point it chooses; a fixed warm-up is one discarded segment.
    let segments = if run.auto_warmup {
        WARMUP_SEGMENTS.min(run.warmup.max(1))
    } else {
        1
    };
    let seg_len = run.warmup / segments;
    let mut warm: Vec<(Totals, Histogram)> = Vec::new();
    for i in 0..segments {
        let n = if i + 1 == segments {
            run.warmup - seg_len * (segments - 1)
        } else {
            seg_len
        };
        let mut t = Totals::default();
        let mut h = Histogram::new();
        phase::<A, S, F, LIMITED>(
            &mut st,
            &mut arr,
            &svc,
            rng,
            n,
            &mut t,
            &mut h,
            &mut batches,
        );
        warm.push((t, h));
    }
    let half = run.requests / 2;
    let mut first_half = Totals::default();
    phase::<A, S, F, LIMITED>(
        &mut st,
        &mut arr,
        &svc,
        rng,
        half,
        &mut first_half,
        &mut hist,
        &mut batches,
    );
    let mut second_half = Totals::default();
    phase::<A, S, F, LIMITED>(
        &mut st,
        &mut arr,
        &svc,
        rng,
        run.requests - half,
        &mut second_half,
        &mut hist,
        &mut batches,
    );
    let cut = if run.auto_warmup {
        mser(&batches, seg_len.max(1), run.warmup)
    } else {
        Truncation {
            discard: run.warmup,
            beyond_budget: false,
        }
    };
    // Segments after the cut are measured after all.
    let mut kept = Totals::default();
    let mut done = 0;
    for (t, h) in &warm {
        if done >= cut.discard {
            kept.add(t);
            hist.merge(h);
        }
        done += t.offered;
    }
    kept.add(&first_half);
    Replication {
        first_half: kept,
        second_half,
        response: hist,
        warmup: cut.discard.min(run.warmup),
        warmup_beyond_budget: cut.beyond_budget,
    }
}

/// Requests per batch of the warm-up statistics (see [`Batches`]).
const BLOCK: u64 = 256;

/// `n` arrivals through the station.
///
/// Why the loop is shaped like this: the clock restarts at 0 for every chunk (the station's
/// times are shifted with it) so absolute times stay small; per-chunk sums live in locals, and
/// so do copies of the generator and the free-time structure, written back after the chunk, so
/// the compiler can keep them in registers rather than store them after every draw. Each
/// request's two variates are drawn and used in the same iteration (in the order gap, then
/// service): the queue recursion has a chain of dependent additions and the generator one of
/// its own, and in one loop the processor overlaps them. (Drawing a block of 256 requests'
/// variates first and running the recursion over it afterwards keeps the sums in registers
/// across the samplers' rare calls to `exp`/`ln`, but measured slower on x86-64: about 2.0×
/// the RNG floor of `benches/simulate.rs` at `c = 1` and 2.3× at `c = 8`, against 1.4× and
/// 1.7× in one loop; blocks of 8 or 16 were no better than one loop.)
///
/// The loop is compiled for baseline x86-64 (SSE2) only. A second copy compiled for AVX2 or
/// for AVX-512 and chosen at run time measured slower on an AMD EPYC that has both, at every
/// `c` tried: at `c = 16` about 2.9× the floor with either, against 2.0× here; sorted arrays
/// of 32 to 128 times held in the wider registers took 3.5–9.4×. The wider code keeps less of
/// the loop's state in registers, not more.
#[inline(never)]
#[allow(clippy::too_many_arguments)] // the loop's state, passed apart so each stays in registers
fn phase<A: ArrivalProcess, S: Sampler, F: FreeTimes, const LIMITED: bool>(
    st: &mut Station<F>,
    arr: &mut A,
    svc: &S,
    rng_out: &mut SimRng,
    n: u64,
    acc: &mut Totals,
    hist: &mut Histogram,
    batches: &mut Batches,
) {
    let mut left = n;
    // Counted here without the histogram's window check, moved into it per chunk.
    let mut tally = Tally::default();
    while left > 0 {
        let k = left.min(CHUNK);
        let mut t = 0.0;
        let (mut sw, mut ss) = (0.0, 0.0);
        // The extreme responses as bit patterns: `r = w + s` with `w ≥ +0` is never `−0` or
        // NaN, and non-negative floats order as their bits, so integer min/max is exact and
        // keeps two more values out of the (scarce) vector registers.
        let (mut lo, mut hi) = (f64::INFINITY.to_bits(), 0u64);
        let (mut blocked, mut timed_out) = (0u64, 0u64);
        // With limits the station serves (`offer`) and the copy, a clone, is never used. A plain
        // `F` rather than an `Option<F>` spares the unlimited loop a check per request: about 4
        // instructions a request with the timing wheel (c > 32); the sorted arrays' copies were
        // already kept out of the `Option` by the compiler.
        let mut free = if LIMITED {
            st.servers().clone()
        } else {
            st.servers_mut().take()
        };
        let mut local_rng = rng_out.clone();
        let rng = &mut local_rng;
        let mut done = 0u64;
        while done < k {
            let b = (k - done).min(BLOCK);
            let mut block_sum = 0.0;
            let (blocked_before, timed_out_before) = (blocked, timed_out);
            for _ in 0..b {
                let g = arr.next_gap(rng);
                let s = svc.sample(rng);
                t += g;
                let start = if LIMITED {
                    match st.offer(t, s) {
                        Offer::Served { start, .. } => start,
                        Offer::Blocked => {
                            blocked += 1;
                            continue;
                        }
                        Offer::TimedOut => {
                            timed_out += 1;
                            continue;
                        }
                    }
                } else {
                    // Kiefer–Wolfowitz on a local copy of the free times.
                    free.serve(t, s)
                };
                let w = start - t;
                let r = w + s;
                sw += w;
                ss += s;
                let bits = r.to_bits();
                lo = lo.min(bits);
                hi = hi.max(bits);
                block_sum += r;
                tally.count(r);
            }
            let rejected = blocked - blocked_before + timed_out - timed_out_before;
            batches.push(block_sum, b - rejected);
            done += b;
        }
        if !LIMITED {
            *st.servers_mut() = free;
        }
        *rng_out = local_rng;
        let served = k - blocked - timed_out;
        // Σ response = Σ wait + Σ service over the served requests.
        let sr = sw + ss;
        hist.add_tally(
            &mut tally,
            served,
            sr,
            f64::from_bits(lo),
            f64::from_bits(hi),
        );
        st.shift_time(t);
        acc.add(&Totals {
            offered: k,
            served,
            blocked,
            timed_out,
            sum_wait: sw,
            sum_response: sr,
            sum_service: ss,
            span: t,
        });
        left -= k;
    }
}

/// Run all replications in parallel (on the current rayon pool) and return them in order.
pub fn run_replications(cfg: &StationConfig, run: &RunConfig) -> Vec<Replication> {
    streams(run.seed, run.replications)
        .into_par_iter()
        .map(|rng| run_replication_with(cfg, run, rng))
        .collect()
}

/// Simulated figures over all replications. Times in seconds.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct SimResult {
    pub replications: u32,
    /// Measured (post-warm-up) arrivals over all replications.
    pub requests: u64,
    pub served: u64,
    /// Share of arrivals blocked (queue full) or timed out.
    pub rejected_fraction: f64,
    pub blocked_fraction: f64,
    pub timed_out_fraction: f64,
    /// Busy time / (servers × simulated time), averaged over replications.
    pub utilization: f64,
    /// Mean over every measured served request.
    pub mean_wait: Option<f64>,
    pub mean_response: Option<f64>,
    /// From the merged histogram (≤ 1/256 ≈ 0.39% relative error, interpolated in-bucket).
    pub response: Option<Quantiles>,
    /// 95% interval for the mean response by sectioning: centred on `mean_response` (needs ≥ 2
    /// replications).
    pub mean_response_ci95: Option<(f64, f64)>,
    /// 95% interval for the p99 by sectioning: centred on `response.p99`.
    pub p99_ci95: Option<(f64, f64)>,
    /// Mean response in the first and second half of the measured requests: a second half
    /// much larger than the first means the queue was still growing (saturation).
    pub mean_response_first_half: Option<f64>,
    pub mean_response_second_half: Option<f64>,
    /// Mean requests per replication discarded as warm-up (chosen by MSER unless fixed).
    pub warmup_mean: f64,
    /// Replications in which the output was still drifting at the end of the warm-up budget.
    pub warmup_beyond_budget: u32,
    #[serde(skip)]
    pub histogram: Histogram,
}

/// Student-t 95% confidence interval of the mean of `xs` (`None` with fewer than 2 values).
///
/// # Formula
/// `x̄ ± t_{0.975, n−1} · s / √n` with `s` the sample standard deviation (e.g. Law, *Simulation
/// Modeling and Analysis*, 5th ed., §9.4.1, replication/deletion approach).
pub fn t_interval(xs: &[f64]) -> Option<(f64, f64)> {
    let n = xs.len();
    if n < 2 {
        return None;
    }
    let mean = xs.iter().sum::<f64>() / n as f64;
    sectioning_interval(mean, xs)
}

/// 95% interval by sectioning: centred on the estimate from all the data, with the spread of
/// the same estimator computed on each section (here each replication).
///
/// # Formula
/// `θ̂ ± t_{0.975, n−1} · s / √n`, `θ̂` the estimator on the pooled data, `s` the sample
/// standard deviation of the section estimates `θ̂_1 … θ̂_n` (Asmussen & Glynn, *Stochastic
/// Simulation*, 2007, §III.5a "sectioning"). Unlike a t-interval about the average of the
/// section estimates, its centre is the reported figure, and a nonlinear estimator such as a
/// quantile is biased on a short section but not on the pooled run.
pub fn sectioning_interval(point: f64, sections: &[f64]) -> Option<(f64, f64)> {
    let n = sections.len();
    if n < 2 || !point.is_finite() {
        return None;
    }
    let nf = n as f64;
    let m = sections.iter().sum::<f64>() / nf;
    let var = sections.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (nf - 1.0);
    let t = StudentsT::new(0.0, 1.0, nf - 1.0).ok()?.inverse_cdf(0.975);
    let h = t * (var / nf).sqrt();
    h.is_finite().then_some((point - h, point + h))
}

fn mean_of(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
}

/// Combine replications, in order.
pub fn summarize(cfg: &StationConfig, reps: &[Replication]) -> SimResult {
    let mut all = Totals::default();
    let mut hist = Histogram::new();
    let (mut means, mut p99s, mut utils, mut h1, mut h2) = (vec![], vec![], vec![], vec![], vec![]);
    for r in reps {
        let t = r.totals();
        all.add(&t);
        hist.merge(&r.response);
        if t.served > 0 {
            means.push(t.sum_response / t.served as f64);
        }
        if let Some(q) = r.response.quantile(0.99) {
            p99s.push(q);
        }
        if t.span > 0.0 {
            utils.push((t.sum_service / (cfg.servers as f64 * t.span)).min(1.0));
        }
        h1.extend(r.first_half.mean_response());
        h2.extend(r.second_half.mean_response());
    }
    let frac = |x: u64| {
        if all.offered == 0 {
            0.0
        } else {
            x as f64 / all.offered as f64
        }
    };
    let per_served = |x: f64| (all.served > 0).then(|| x / all.served as f64);
    let mean_response = per_served(all.sum_response);
    let response = hist.quantiles();
    SimResult {
        replications: reps.len() as u32,
        requests: all.offered,
        served: all.served,
        rejected_fraction: frac(all.blocked + all.timed_out),
        blocked_fraction: frac(all.blocked),
        timed_out_fraction: frac(all.timed_out),
        utilization: mean_of(&utils).unwrap_or(0.0),
        mean_wait: per_served(all.sum_wait),
        mean_response,
        response,
        mean_response_ci95: mean_response.and_then(|m| sectioning_interval(m, &means)),
        p99_ci95: response.and_then(|q| sectioning_interval(q.p99, &p99s)),
        mean_response_first_half: mean_of(&h1),
        mean_response_second_half: mean_of(&h2),
        warmup_mean: mean_of(&reps.iter().map(|r| r.warmup as f64).collect::<Vec<_>>())
            .unwrap_or(0.0),
        warmup_beyond_budget: reps.iter().filter(|r| r.warmup_beyond_budget).count() as u32,
        histogram: hist,
    }
}

/// Simulate a station: `run.replications` independent replications of `run.requests` measured
/// requests each, after `run.warmup` discarded ones.
pub fn simulate_station(cfg: &StationConfig, run: &RunConfig) -> SimResult {
    summarize(cfg, &run_replications(cfg, run))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::queueing::station::{Limits, ServerHeap};

    /// One phase of `n` requests as the plain recursion on the reference heap, with the same
    /// draws (gap, then service, per request), the same chunked clock and the same sums in the
    /// same order as [`phase`].
    fn reference_phase(
        heap: &mut ServerHeap,
        mean_gap: f64,
        mean_service: f64,
        rng: &mut SimRng,
        n: u64,
        acc: &mut Totals,
        hist: &mut Histogram,
    ) {
        let (arr, svc) = (
            PoissonProcess { mean_gap },
            ExpSampler { mean: mean_service },
        );
        let mut arr = arr;
        let mut left = n;
        while left > 0 {
            let k = left.min(CHUNK);
            let (mut t, mut sw, mut ss) = (0.0, 0.0, 0.0);
            let (mut lo, mut hi) = (f64::INFINITY, 0.0f64);
            for _ in 0..k {
                let g = arr.next_gap(rng);
                let s = svc.sample(rng);
                t += g;
                let m = heap.min();
                let start = if m > t { m } else { t };
                heap.replace_min(start + s);
                let (w, r) = (start - t, start - t + s);
                sw += w;
                ss += s;
                lo = lo.min(r);
                hi = hi.max(r);
                hist.count_only(r);
            }
            hist.add_totals(k, sw + ss, lo, hi);
            heap.shift(t);
            acc.add(&Totals {
                offered: k,
                served: k,
                sum_wait: sw,
                sum_response: sw + ss,
                sum_service: ss,
                span: t,
                ..Totals::default()
            });
            left -= k;
        }
    }

    /// The simulator, whichever free-time structure it picks for `c` (sorted array or timing
    /// wheel, with its lazily moved clock), gives every request the start the plain recursion
    /// on a heap gives, so the totals and the histogram are bit-identical — at light load, near
    /// saturation where queues form, and overloaded, across chunk rebases.
    #[test]
    fn same_results_as_the_plain_recursion_on_a_heap() {
        for c in [1u32, 3, 8, 17, 64, 1000] {
            for rho in [0.5, 0.99, 1.1] {
                let mean = 0.01;
                let lambda = rho * c as f64 / mean;
                let cfg = StationConfig::new(
                    c,
                    ArrivalSpec::poisson(lambda).unwrap(),
                    ServiceDist::exponential(mean).unwrap(),
                    Limits::default(),
                )
                .unwrap();
                // Over two chunks per half, so the rebase is exercised.
                let requests = 2 * CHUNK + 12_345;
                let run = RunConfig {
                    requests,
                    warmup: 0,
                    auto_warmup: false,
                    replications: 1,
                    seed: 11,
                };
                let got = run_replication(&cfg, &run, 0);

                let mut rng = rng_for(run.seed, 0);
                let mut heap = ServerHeap::new(c as usize);
                let mut hist = Histogram::new();
                let (mut first, mut second) = (Totals::default(), Totals::default());
                let half = requests / 2;
                let gap = 1.0 / lambda;
                reference_phase(&mut heap, gap, mean, &mut rng, half, &mut first, &mut hist);
                let rest = requests - half;
                reference_phase(&mut heap, gap, mean, &mut rng, rest, &mut second, &mut hist);

                assert_eq!(got.first_half, first, "c={c} ρ={rho}");
                assert_eq!(got.second_half, second, "c={c} ρ={rho}");
                assert_eq!(got.response, hist, "c={c} ρ={rho}");
                if rho > 0.9 {
                    assert!(first.sum_wait > 0.0, "c={c} ρ={rho}: no queue formed");
                }
            }
        }
    }

    /// Runs `requests` requests of M/M/`c` at load `rho` through the simulator and through the
    /// plain recursion on the heap, and asserts bit-identical totals and histograms.
    fn assert_same_as_the_heap(c: u32, rho: f64, requests: u64) {
        let mean = 0.01;
        let lambda = rho * c as f64 / mean;
        let cfg = StationConfig::new(
            c,
            ArrivalSpec::poisson(lambda).unwrap(),
            ServiceDist::exponential(mean).unwrap(),
            Limits::default(),
        )
        .unwrap();
        let run = RunConfig {
            requests,
            warmup: 0,
            auto_warmup: false,
            replications: 1,
            seed: 13,
        };
        let got = run_replication(&cfg, &run, 0);
        let mut rng = rng_for(run.seed, 0);
        let mut heap = ServerHeap::new(c as usize);
        let mut hist = Histogram::new();
        let (mut first, mut second) = (Totals::default(), Totals::default());
        let (half, gap) = (requests / 2, 1.0 / lambda);
        reference_phase(&mut heap, gap, mean, &mut rng, half, &mut first, &mut hist);
        let rest = requests - half;
        reference_phase(&mut heap, gap, mean, &mut rng, rest, &mut second, &mut hist);
        assert_eq!(got.first_half, first, "c={c} ρ={rho}");
        assert_eq!(got.second_half, second, "c={c} ρ={rho}");
        assert_eq!(got.response, hist, "c={c} ρ={rho}");
    }

    /// Every size of every structure the simulator picks, and the boundaries between them
    /// (one sorted array, the split pair with each upper size, the wheel), gives the results
    /// of the plain recursion bit for bit, with queues forming (ρ ≥ 1) and not.
    #[test]
    fn every_structure_size_matches_the_recursion() {
        for c in [16u32, 17, 18, 19, 24, 25, 32, 33, 63, 65] {
            for rho in [0.8, 1.05] {
                assert_same_as_the_heap(c, rho, CHUNK + 4_321);
            }
        }
    }
}
