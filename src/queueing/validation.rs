//! The simulator against theory: the exact Erlang C reference (tests/data/mmc_exact.json), Erlang B,
//! M/M/1/K, M/M/1+D and Pollaczek–Khinchine; plus determinism and edge cases.
//!
//! Sizes are reduced so the suite stays fast in debug builds; `examples/sim_grid.rs` runs the
//! full reference grid at 1M requests per replication.

use super::*;
use crate::queueing::replicate::run_replication;

use super::reference::reference;

fn mmc(lambda: f64, mean: f64, c: u32, limits: Limits) -> StationConfig {
    StationConfig::new(
        c,
        ArrivalSpec::poisson(lambda).unwrap(),
        ServiceDist::exponential(mean).unwrap(),
        limits,
    )
    .unwrap()
}

fn run(requests: u64, replications: u32, seed: u64) -> RunConfig {
    RunConfig::new(requests, replications, seed).unwrap()
}

/// Exact Erlang C reference (tests/data/mmc_exact.json): the exact mean lies inside the simulated 95% CI
/// in the large majority of cases, and at ρ ≤ 0.9 the mean and p99 are close in percentage.
#[test]
fn simulator_agrees_with_exact_erlang_c_reference() {
    let r = reference();
    let mut inside = 0;
    for (i, k) in r.cases.iter().enumerate() {
        let cfg = mmc(k.lambda, 1.0 / k.mu, k.c, Limits::default());
        let sim = simulate_station(&cfg, &run(200_000, 8, 100 + i as u64));
        let mean = sim.mean_response.unwrap();
        let (lo, hi) = sim.mean_response_ci95.unwrap();
        if lo <= k.W && k.W <= hi {
            inside += 1;
        }
        assert!((sim.utilization / k.rho - 1.0).abs() < 0.03, "{}", k.id);
        if k.rho <= 0.9 {
            // 1M measured requests: README noise at this size is ~±1% for means, a few % for p99.
            let p99 = sim.response.unwrap().p99;
            let want99 = k.resp_q["0.99"];
            assert!(
                (mean / k.W - 1.0).abs() < 0.03,
                "{}: mean {mean} vs {}",
                k.id,
                k.W
            );
            assert!(
                (p99 / want99 - 1.0).abs() < 0.06,
                "{}: p99 {p99} vs {want99}",
                k.id
            );
        } else {
            // Heavy traffic: only a loose sanity bound; the CI check carries the weight.
            assert!(
                (mean / k.W - 1.0).abs() < 0.25,
                "{}: mean {mean} vs {}",
                k.id,
                k.W
            );
        }
    }
    assert!(
        inside >= 8,
        "exact mean inside the 95% CI in only {inside} of 10 cases"
    );
}

/// Heavy traffic (ρ = 0.97) with several seeds: the CI covers the exact mean in most runs.
#[test]
fn heavy_traffic_ci_coverage_over_seeds() {
    let r = reference();
    let k = r.cases.iter().find(|k| k.id == "mm16_mu1000_r97").unwrap();
    let cfg = mmc(k.lambda, 1.0 / k.mu, k.c, Limits::default());
    let inside = (0..6)
        .filter(|s| {
            let sim = simulate_station(&cfg, &run(100_000, 6, 1000 + s));
            let (lo, hi) = sim.mean_response_ci95.unwrap();
            lo <= k.W && k.W <= hi
        })
        .count();
    assert!(inside >= 4, "covered in {inside} of 6 seeds");
}

#[test]
fn same_seed_same_result_and_thread_count_does_not_matter() {
    let cfg = mmc(900.0, 0.010, 12, Limits::default());
    let rc = run(20_000, 6, 7);
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| simulate_station(&cfg, &rc));
    let two = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap()
        .install(|| simulate_station(&cfg, &rc));
    assert_eq!(one, two);
    assert_eq!(
        serde_json::to_string(&one).unwrap(),
        serde_json::to_string(&simulate_station(&cfg, &rc)).unwrap()
    );
    let other = simulate_station(&cfg, &run(20_000, 6, 8));
    assert_ne!(one.mean_response, other.mean_response);
    // Replications are distinct streams, and `streams` gives the same ones as `rng_for`.
    let a = run_replication(&cfg, &rc, 0);
    let b = run_replication(&cfg, &rc, 1);
    assert_ne!(a.totals().sum_response, b.totals().sum_response);
    let s = crate::queueing::replicate::streams(7, 3);
    assert_eq!(s[2], crate::queueing::replicate::rng_for(7, 2));
}

/// Erlang B: no waiting room (capacity 0) or a zero timeout turn M/M/c into M/M/c/c.
#[test]
fn loss_system_matches_erlang_b() {
    let want = erlang_b(4, 3.0); // 0.2061
    for limits in [
        Limits {
            capacity: Some(0),
            timeout: None,
        },
        Limits {
            capacity: None,
            timeout: Some(0.0),
        },
    ] {
        let sim = simulate_station(&mmc(3.0, 1.0, 4, limits), &run(100_000, 4, 3));
        assert!(
            (sim.rejected_fraction / want - 1.0).abs() < 0.03,
            "{limits:?}: {} vs {want}",
            sim.rejected_fraction
        );
        // Nobody waits in a loss system.
        assert!(sim.mean_wait.unwrap() == 0.0);
    }
}

/// M/M/1/K with K = 1 + 4 (queue capacity 4): `P_K = (1 − ρ)ρ^K / (1 − ρ^{K+1})`
/// (Kleinrock vol. 1, eq. 3.45).
#[test]
fn finite_queue_matches_mm1k() {
    let rho: f64 = 0.8;
    let k = 5;
    let want = (1.0 - rho) * rho.powi(k) / (1.0 - rho.powi(k + 1));
    let limits = Limits {
        capacity: Some(4),
        timeout: None,
    };
    let sim = simulate_station(&mmc(0.8, 1.0, 1, limits), &run(100_000, 4, 4));
    assert!(
        (sim.blocked_fraction / want - 1.0).abs() < 0.04,
        "{} vs {want}",
        sim.blocked_fraction
    );
    assert_eq!(sim.timed_out_fraction, 0.0);
}

/// M/M/1+D (deterministic patience D on the wait): the virtual wait has an atom `p₀` at 0,
/// density `p₀λe^{−(μ−λ)x}` below D and `p₀λe^{−(μ−λ)D}e^{−μ(x−D)}` above, so
/// `P(abandon) = p₀ ρ e^{−(μ−λ)D}` (Barrer, Oper. Res. 1957; derived by level crossing).
#[test]
fn timeout_matches_mm1_with_deterministic_patience() {
    let (l, mu, d): (f64, f64, f64) = (0.8, 1.0, 1.0);
    let e = (-(mu - l) * d).exp();
    let p0 = 1.0 / (1.0 + l * (1.0 - e) / (mu - l) + l * e / mu);
    let want = p0 * (l / mu) * e;
    let limits = Limits {
        capacity: None,
        timeout: Some(d),
    };
    let sim = simulate_station(&mmc(l, 1.0 / mu, 1, limits), &run(100_000, 4, 5));
    assert!(
        (sim.timed_out_fraction / want - 1.0).abs() < 0.03,
        "{} vs {want}",
        sim.timed_out_fraction
    );
}

/// M/D/1: the Pollaczek–Khinchine mean wait `ρD / (2(1 − ρ))` is exact.
#[test]
fn md1_mean_matches_pollaczek_khinchine() {
    let cfg = StationConfig::new(
        1,
        ArrivalSpec::poisson(0.8).unwrap(),
        ServiceDist::deterministic(1.0).unwrap(),
        Limits::default(),
    )
    .unwrap();
    let sim = simulate_station(&cfg, &run(200_000, 4, 6));
    let want = 1.0 + 0.8 / (2.0 * 0.2);
    let (lo, hi) = sim.mean_response_ci95.unwrap();
    assert!(
        (sim.mean_response.unwrap() / want - 1.0).abs() < 0.03,
        "{:?} vs {want}",
        sim.mean_response
    );
    assert!(lo < hi);
    let a = analyze(&cfg);
    assert_eq!(a.method, Method::AllenCunneen);
    assert!((a.mean_response.unwrap() - want).abs() < 1e-12);
}

#[test]
fn saturated_simulation_finishes_and_shows_growth() {
    let cfg = mmc(1500.0, 0.001, 1, Limits::default());
    let a = analyze(&cfg);
    assert!(!a.stable && a.mean_response.is_none());
    assert!((a.utilization - 1.5).abs() < 1e-12);
    let sim = simulate_station(&cfg, &run(100_000, 2, 9));
    let (h1, h2) = (
        sim.mean_response_first_half.unwrap(),
        sim.mean_response_second_half.unwrap(),
    );
    assert!(h2 > 1.5 * h1, "{h1} → {h2}");
    assert!(sim.utilization > 0.99 && sim.utilization <= 1.0);
    let json = serde_json::to_string(&sim).unwrap();
    assert!(!json.contains("NaN") && !json.contains("inf"));
}

#[test]
fn thousand_servers_use_the_heap_and_agree() {
    let cfg = mmc(950.0 * 1000.0, 0.001, 1000, Limits::default());
    let Stability::Stable(m) = Mmc::new(950_000.0, 1000.0, 1000).unwrap() else {
        panic!()
    };
    let sim = simulate_station(&cfg, &run(200_000, 4, 10));
    assert!(
        (sim.mean_response.unwrap() / m.mean_response - 1.0).abs() < 0.01,
        "{:?} vs {}",
        sim.mean_response,
        m.mean_response
    );
}

/// Scaling every time by 2^±30 is exact in floating point (and the histogram's buckets are
/// octave-aligned), so tiny and huge rates give exactly scaled results.
#[test]
fn tiny_and_huge_rates_scale_exactly() {
    let k = 2f64.powi(30);
    let base = simulate_station(&mmc(80.0, 0.01, 1, Limits::default()), &run(20_000, 2, 11));
    for f in [k, 1.0 / k] {
        let s = simulate_station(
            &mmc(80.0 / f, 0.01 * f, 1, Limits::default()),
            &run(20_000, 2, 11),
        );
        let r = s.mean_response.unwrap() / base.mean_response.unwrap();
        assert!((r / f - 1.0).abs() < 1e-12, "{r} vs {f}");
        assert_eq!(s.response.unwrap().p99 / f, base.response.unwrap().p99);
    }
}

#[test]
fn timeout_shorter_than_any_service() {
    // Deterministic 10 ms service, 1 ms timeout: whoever would wait more than 1 ms gives up,
    // so every response is 10–11 ms and some share is rejected.
    let cfg = StationConfig::new(
        2,
        ArrivalSpec::poisson(100.0).unwrap(),
        ServiceDist::deterministic(0.010).unwrap(),
        Limits {
            capacity: None,
            timeout: Some(0.001),
        },
    )
    .unwrap();
    let sim = simulate_station(&cfg, &run(20_000, 2, 12));
    assert!(sim.rejected_fraction > 0.0 && sim.rejected_fraction < 0.5);
    let q = sim.response.unwrap();
    assert!(q.p50 >= 0.010 * 0.996 && q.p999 <= 0.011 * 1.004, "{q:?}");
    assert!(analyze(&cfg).mean_response.is_none());
}

#[test]
fn analytic_labels() {
    let exact = analyze(&mmc(900.0, 0.01, 12, Limits::default()));
    assert_eq!(exact.method, Method::ExactMmc);
    assert!(exact.stable && exact.response.is_some());
    let gamma = StationConfig::new(
        12,
        ArrivalSpec::poisson(900.0).unwrap(),
        ServiceDist::gamma_from_mean_cv(0.01, 1.5).unwrap(),
        Limits::default(),
    )
    .unwrap();
    let a = analyze(&gamma);
    assert_eq!(a.method, Method::AllenCunneen);
    // (c_a² + c_s²)/2 = (1 + 2.25)/2 times the M/M/c wait.
    assert!((a.mean_wait.unwrap() / exact.mean_wait.unwrap() - 1.625).abs() < 1e-9);
    let diurnal = StationConfig::new(
        12,
        ArrivalSpec::diurnal(900.0, 0.5, 3600.0).unwrap(),
        ServiceDist::exponential(0.01).unwrap(),
        Limits::default(),
    )
    .unwrap();
    assert_eq!(analyze(&diurnal).method, Method::None);
}

/// Allen–Cunneen against the simulator for a gamma service (an approximation: a loose bound).
#[test]
fn allen_cunneen_is_in_the_right_range() {
    let cfg = StationConfig::new(
        4,
        ArrivalSpec::poisson(300.0).unwrap(),
        ServiceDist::gamma_from_mean_cv(0.01, 1.5).unwrap(),
        Limits::default(),
    )
    .unwrap();
    let a = analyze(&cfg);
    let sim = simulate_station(&cfg, &run(100_000, 4, 13));
    let r = sim.mean_wait.unwrap() / a.mean_wait.unwrap();
    assert!((0.7..1.3).contains(&r), "sim/approx mean wait {r}");
}
