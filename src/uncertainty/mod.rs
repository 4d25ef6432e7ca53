//! Monte Carlo over uncertain inputs: N samples of the spec (and of the catalog's documented
//! ranges), each a full deterministic plan, summarised as quantiles, phase shares, the odds of
//! meeting budget and SLO, and a sensitivity ranking.
//!
//! Sample `i` draws from its own generator seeded by `(seed, i)`, and results are combined in
//! sample order, so the output is identical whatever the thread count.

pub mod stream;

use crate::spec::{Dist, Drawer, Rule, Spec, SpecFile};
use rand::{Rng, SeedableRng};
use rand_distr::Distribution;
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Name of the sampled position of every tier's documented capacity within its range.
pub const CAPACITY_POINT: &str = "catalog.capacity_point";
/// Name of the sampled position of every monthly price within its documented range.
pub const PRICE_POINT: &str = "catalog.price_point";

/// P10/P50/P90 and mean of one figure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Summary {
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
    pub mean: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Sensitivity {
    pub input: String,
    /// Spearman rank correlation of the input with monthly cost.
    pub rank_correlation: f64,
}

/// The Monte Carlo result.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct UncertaintyResult {
    pub samples: usize,
    pub seed: u64,
    pub figures: BTreeMap<String, Summary>,
    /// Share of samples in phase 1, 2, 3 (keys "1", "2", "3").
    pub phase_shares: BTreeMap<String, f64>,
    /// P(monthly cost ≤ budget); `None` without a budget.
    pub p_within_budget: Option<f64>,
    /// P(p99 ≤ SLO) from the analytic latency of each sample; `None` without a p99 SLO.
    pub p_meets_slo: Option<f64>,
    /// Cost at the budget's confidence (e.g. P90), when the budget carries one.
    pub cost_at_confidence: Option<Summary>,
    pub sensitivity: Vec<Sensitivity>,
    /// Distribution of monthly cost over the samples, for charts.
    pub cost_histogram: CostHistogram,
    /// The P50 and P90 scenarios (every uncertain input at that percentile), planned and
    /// simulated like the deterministic estimate; filled in by the estimate command.
    pub scenarios: Vec<Scenario>,
}

/// A named scenario: every uncertain input at one percentile.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Scenario {
    /// `P50` or `P90`.
    pub name: String,
    pub percentile: f64,
    #[serde(rename = "peak_requests_per_s")]
    pub peak_qps: f64,
    #[serde(rename = "monthly_low_usd")]
    pub monthly_low: f64,
    #[serde(rename = "monthly_high_usd")]
    pub monthly_high: f64,
    pub phase: u8,
    /// Simulated end-to-end p99 (ms).
    pub p99_ms: Option<f64>,
    pub meets_slo: Option<bool>,
}

/// Every uncertain input at its q-quantile (points stay points).
pub struct AtQuantile(pub f64);

impl Drawer for AtQuantile {
    fn draw(&mut self, _: &str, dist: &Dist, rule: Rule) -> f64 {
        rule.clamp(dist.quantile(self.0))
    }
}

/// Equal-width bins of monthly cost: `edges` has one more entry than `counts`.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CostHistogram {
    #[serde(rename = "edges_usd")]
    pub edges: Vec<f64>,
    pub counts: Vec<u64>,
}

/// Bin sorted values into `bins` equal-width bins between their min and max.
fn histogram(sorted: &[f64], bins: usize) -> CostHistogram {
    let (lo, hi) = (sorted[0], sorted[sorted.len() - 1]);
    let width = if hi > lo {
        (hi - lo) / bins as f64
    } else {
        1.0
    };
    let edges: Vec<f64> = (0..=bins).map(|i| lo + width * i as f64).collect();
    let mut counts = vec![0u64; bins];
    for &v in sorted {
        let i = (((v - lo) / width) as usize).min(bins - 1);
        counts[i] += 1;
    }
    CostHistogram { edges, counts }
}

/// How to run the Monte Carlo.
#[derive(Debug, Clone, Copy)]
pub struct McConfig {
    pub samples: usize,
    pub seed: u64,
    /// Sample the catalog's documented capacity and price ranges too.
    pub catalog_ranges: bool,
}

/// Draws every quantity from its distribution and remembers the draws by key path.
struct Sampler<'a, R: Rng> {
    rng: &'a mut R,
    drawn: Vec<(String, f64)>,
}

impl<R: Rng> Drawer for Sampler<'_, R> {
    fn draw(&mut self, path: &str, dist: &Dist, rule: Rule) -> f64 {
        let v = sample(dist, self.rng);
        let v = rule.clamp(v);
        if !dist.is_point() {
            self.drawn.push((path.to_string(), v));
        }
        v
    }
}

/// One draw from a spec distribution.
///
/// Lognormal, normal, uniform, triangular and PERT come from `rand_distr`; their parameters
/// were validated when the spec was parsed, so construction cannot fail here (a degenerate
/// distribution falls back to its central value).
pub fn sample<R: Rng + ?Sized>(d: &Dist, rng: &mut R) -> f64 {
    let c = d.central();
    match *d {
        Dist::Point { value } => value,
        Dist::Lognormal { mu, sigma } => rand_distr::LogNormal::new(mu, sigma)
            .map(|x| x.sample(rng))
            .unwrap_or(c),
        Dist::Normal { mean, sd } => rand_distr::Normal::new(mean, sd)
            .map(|x| x.sample(rng))
            .unwrap_or(c),
        Dist::Uniform { low, high } => rng.gen_range(low..high),
        Dist::Triangular { low, mode, high } => rand_distr::Triangular::new(low, high, mode)
            .map(|x| x.sample(rng))
            .unwrap_or(c),
        Dist::Pert { low, mode, high } => {
            if high > low {
                rand_distr::Pert::new(low, high, mode)
                    .map(|x| x.sample(rng))
                    .unwrap_or(c)
            } else {
                c
            }
        }
    }
}

/// Seed of sample `i`: SplitMix64 of the run seed and the index, so streams don't overlap.
fn sample_seed(seed: u64, i: u64) -> u64 {
    let mut z = seed ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// What the caller's evaluation of one drawn spec comes to.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub cost_low: f64,
    pub cost_high: f64,
    pub phase: u8,
    pub p99_s: Option<f64>,
    /// Further figures to summarise (peak QPS, counts, …), by name.
    pub figures: Vec<(&'static str, f64)>,
}

/// Evaluates one drawn spec: the pipeline passes the design and latency models in, so this
/// module imports nothing above it.
pub type Evaluate<'a> = dyn Fn(&Spec) -> Sample + Sync + 'a;

/// What one sample yields.
struct Outcome {
    inputs: Vec<(String, f64)>,
    figures: Vec<(&'static str, f64)>,
    phase: u8,
    cost: f64,
    p99_s: Option<f64>,
}

fn one(file: &SpecFile, eval: &Evaluate, cfg: &McConfig, i: u64) -> Outcome {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(sample_seed(cfg.seed, i));
    let mut s = Sampler {
        rng: &mut rng,
        drawn: Vec::new(),
    };
    let mut spec = file.resolve(&mut s);
    let mut inputs = s.drawn;
    let mut price_point = 0.5;
    if cfg.catalog_ranges {
        if !spec.assumptions.contains_key("tier_capacity_point") {
            let t: f64 = rng.gen();
            spec.assumptions.insert("tier_capacity_point".into(), t);
            inputs.push((CAPACITY_POINT.into(), t));
        }
        price_point = rng.gen();
        inputs.push((PRICE_POINT.into(), price_point));
    }
    let p = eval(&spec);
    let cost = p.cost_low + (p.cost_high - p.cost_low) * price_point;
    let mut figures = p.figures;
    figures.push(("monthly_cost_usd", cost));
    if let Some(v) = p.p99_s {
        figures.push(("p99_ms", v * 1e3));
    }
    Outcome {
        inputs,
        figures,
        phase: p.phase,
        cost,
        p99_s: p.p99_s,
    }
}

/// Linear-interpolation quantile (type 7) of sorted data.
///
/// # Formula
/// h = (n − 1)·q; Q = x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋+1 − x⌊h⌋) (Hyndman & Fan 1996, type 7).
pub fn quantile_sorted(x: &[f64], q: f64) -> f64 {
    if x.is_empty() {
        return f64::NAN;
    }
    let h = (x.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(x.len() - 1);
    x[lo] + (h - lo as f64) * (x[hi] - x[lo])
}

/// Ranks with ties averaged (1-based).
fn ranks(x: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..x.len()).collect();
    idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut r = vec![0.0; x.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && x[idx[j + 1]] == x[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for k in i..=j {
            r[idx[k]] = avg;
        }
        i = j + 1;
    }
    r
}

/// Spearman's rank correlation: Pearson's correlation of the ranks; 0 for a constant series.
///
/// # Formula
/// ρ = cov(rank x, rank y) ÷ (σ_rank x · σ_rank y) (Spearman 1904).
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    let (rx, ry) = (ranks(x), ranks(y));
    let n = rx.len() as f64;
    let (mx, my) = (rx.iter().sum::<f64>() / n, ry.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in rx.iter().zip(&ry) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx).powi(2);
        syy += (b - my).powi(2);
    }
    if sxx == 0.0 || syy == 0.0 {
        0.0
    } else {
        sxy / (sxx.sqrt() * syy.sqrt())
    }
}

/// Samples evaluated in parallel before their outcomes are folded, in sample order, into the
/// running summaries: what bounds memory, whatever the sample count.
const WAVE: u64 = 8192;

/// Samples whose inputs and cost are kept for the sensitivity ranking (rank correlations need
/// the values); beyond it the ranking rests on the first this many samples, whose Spearman
/// coefficients have a standard error of about 1/√n ≈ 0.003.
pub const SENSITIVITY_SAMPLES: usize = 100_000;

/// Everything the result needs, accumulated sample by sample in sample order.
struct Accumulator {
    n: u64,
    /// Each figure's values by name, in first-seen order (a sample's figures come in the
    /// same order as the last one's, so a figure is looked up where it was last time first).
    figures: Vec<(&'static str, stream::Stream)>,
    phases: [u64; 3],
    costs: stream::Stream,
    within_budget: u64,
    meets_slo: u64,
    /// Input names in first-seen order, and per kept sample its cost and inputs (NaN = absent).
    input_names: Vec<String>,
    kept_costs: Vec<f64>,
    kept_inputs: Vec<Vec<f64>>,
}

impl Accumulator {
    /// The stream of figure `k`, expected at `hint`; a new one (zeros for the samples
    /// before) when the figure is new.
    fn stream(&mut self, k: &'static str, hint: usize) -> &mut stream::Stream {
        let at = match self.figures.get(hint) {
            Some((name, _)) if *name == k => Some(hint),
            _ => self.figures.iter().position(|(name, _)| *name == k),
        };
        let i = at.unwrap_or_else(|| {
            let mut s = stream::Stream::new();
            s.push_zeros(self.n);
            self.figures.push((k, s));
            self.figures.len() - 1
        });
        &mut self.figures[i].1
    }

    fn add(&mut self, o: Outcome, budget: Option<f64>, slo: Option<f64>) {
        for (hint, (k, v)) in o.figures.into_iter().enumerate() {
            self.stream(k, hint).push(v);
        }
        self.n += 1;
        // A figure this sample lacks counts 0 (e.g. a component it did not need).
        let n = self.n;
        for (_, s) in &mut self.figures {
            if s.count() < n {
                s.push(0.0);
            }
        }
        if (1..=3).contains(&o.phase) {
            self.phases[o.phase as usize - 1] += 1;
        }
        self.costs.push(o.cost);
        self.within_budget += u64::from(budget.is_some_and(|b| o.cost <= b));
        self.meets_slo += u64::from(slo.is_some_and(|s| o.p99_s.is_some_and(|p| p <= s)));
        if self.kept_costs.len() < SENSITIVITY_SAMPLES {
            let row = self.kept_costs.len();
            self.kept_costs.push(o.cost);
            for (k, v) in o.inputs {
                let j = match self.input_names.iter().position(|x| *x == k) {
                    Some(j) => j,
                    None => {
                        self.input_names.push(k);
                        self.kept_inputs.push(vec![f64::NAN; row]);
                        self.input_names.len() - 1
                    }
                };
                self.kept_inputs[j].push(v);
            }
            for col in &mut self.kept_inputs {
                col.resize(row + 1, f64::NAN);
            }
        }
    }
}

/// Run the Monte Carlo. `progress` is called with the number of samples done so far (from
/// worker threads; it must be cheap).
pub fn run(
    file: &SpecFile,
    cfg: &McConfig,
    eval: &Evaluate,
    progress: &(dyn Fn(u64) + Sync),
) -> UncertaintyResult {
    let n = cfg.samples.max(1) as u64;
    let spec0 = file.resolve(&mut crate::spec::Central::default());
    let (budget, slo) = (spec0.budget_monthly, spec0.slo_p99_s);
    let done = std::sync::atomic::AtomicU64::new(0);
    let mut acc = Accumulator {
        n: 0,
        figures: Vec::new(),
        phases: [0; 3],
        costs: stream::Stream::new(),
        within_budget: 0,
        meets_slo: 0,
        input_names: Vec::new(),
        kept_costs: Vec::new(),
        kept_inputs: Vec::new(),
    };
    let wave = |from: u64, to: u64| -> Vec<Outcome> {
        (from..to)
            .into_par_iter()
            .map(|i| {
                let o = one(file, eval, cfg, i);
                let d = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                if d.is_multiple_of(64) || d == n {
                    progress(d);
                }
                o
            })
            .collect()
    };
    // Each wave's outcomes are folded while the next wave is evaluated: the fold is serial
    // (sample order), and run after its wave it left all threads but one idle for it.
    let mut from = 0;
    let mut folding: Vec<Outcome> = Vec::new();
    while from < n || !folding.is_empty() {
        let to = (from + WAVE).min(n);
        let (next, ()) = rayon::join(
            || wave(from, to),
            || {
                for o in folding.drain(..) {
                    acc.add(o, budget, slo);
                }
            },
        );
        folding = next;
        from = to;
    }

    let nf = n as f64;
    let figures = acc
        .figures
        .iter_mut()
        .map(|(k, s)| {
            (
                k.to_string(),
                Summary {
                    p10: s.quantile(0.1),
                    p50: s.quantile(0.5),
                    p90: s.quantile(0.9),
                    mean: s.mean(),
                },
            )
        })
        .collect();
    let phase_shares = (1..=3u8)
        .map(|ph| (ph.to_string(), acc.phases[ph as usize - 1] as f64 / nf))
        .collect();
    let p_within_budget = budget.map(|_| acc.within_budget as f64 / nf);
    let p_meets_slo = slo.map(|_| acc.meets_slo as f64 / nf);
    let cost_histogram = acc.costs.bins(30);
    let cost_at_confidence = spec0.budget_confidence.map(|q| {
        let v = acc.costs.quantile(q);
        Summary {
            p10: v,
            p50: v,
            p90: v,
            mean: v,
        }
    });

    // Sensitivity: every input that varied, by |rank correlation| with cost.
    let mut sensitivity: Vec<Sensitivity> = acc
        .input_names
        .iter()
        .zip(&acc.kept_inputs)
        .map(|(name, xs)| Sensitivity {
            rank_correlation: spearman(xs, &acc.kept_costs),
            input: name.clone(),
        })
        .collect();
    sensitivity.sort_by(|a, b| {
        b.rank_correlation
            .abs()
            .total_cmp(&a.rank_correlation.abs())
            .then(a.input.cmp(&b.input))
    });

    UncertaintyResult {
        samples: n as usize,
        seed: cfg.seed,
        figures,
        phase_shares,
        p_within_budget,
        p_meets_slo,
        cost_at_confidence,
        sensitivity,
        cost_histogram,
        scenarios: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn quantiles_hand_worked() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile_sorted(&x, 0.5), 3.0);
        assert_eq!(quantile_sorted(&x, 0.1), 1.4);
        assert_eq!(quantile_sorted(&x, 0.9), 4.6);
    }

    #[test]
    fn spearman_hand_worked() {
        assert!((spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 30.0]) - 1.0).abs() < 1e-12);
        assert!((spearman(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
        // ranks x: 1 2 3 4, y: 2 1 4 3 → d² = 4 → ρ = 1 − 6·4/(4·15) = 0.6
        assert!((spearman(&[1.0, 2.0, 3.0, 4.0], &[2.0, 1.0, 4.0, 3.0]) - 0.6).abs() < 1e-12);
        assert_eq!(spearman(&[1.0, 1.0], &[1.0, 2.0]), 0.0);
    }

    use crate::spec::{parse, Syntax};

    fn file(y: &str) -> SpecFile {
        parse("t.yaml", y, Syntax::Yaml).unwrap().file
    }

    const POINT: &str = "name: p\ntraffic:\n  dau: 20M\n  requests_per_user: 10\n  read_write_ratio: 20:1\npayloads: {read: 2 KB}\nslo: {p99: 200 ms, availability: 99.9%}\nbudget: {monthly: $10K}\n";

    #[test]
    fn point_inputs_reproduce_the_deterministic_plan_exactly() {
        let f = file(POINT);
        let cat = Catalog::builtin().unwrap();
        let spec = f.resolve(&mut crate::spec::Central::default());
        let p = crate::pipeline::build_point(&spec, &cat);
        let cfg = McConfig {
            samples: 200,
            seed: 3,
            catalog_ranges: false,
        };
        let u = crate::pipeline::monte_carlo(&f, &cat, &cfg, &|_| {});
        let same = |name: &str, v: f64| {
            let s = u.figures[name];
            assert_eq!((s.p10, s.p50, s.p90, s.mean), (v, v, v, v), "{name}");
        };
        same("peak_requests_per_s", p.workload.peak_qps);
        same("storage_total_bytes", p.storage.total_bytes);
        same(
            "monthly_cost_usd",
            (p.cost.monthly_low + p.cost.monthly_high) / 2.0,
        );
        same(
            "p99_ms",
            p.latency.as_ref().unwrap().analytic_p99_s.unwrap() * 1e3,
        );
        for c in &p.components {
            same(&format!("count.{}", c.role), c.count as f64);
        }
        assert_eq!(u.phase_shares[&p.phase.number.to_string()], 1.0);
        assert!(u.sensitivity.is_empty());
    }

    #[test]
    fn lognormal_interval_is_reproduced() {
        // `dau: 5M..20M` is a 90% interval: its sampled P5/P95 land within 2% of 5M and 20M at
        // 10,000 samples (fixed seed, the Monte Carlo's own per-sample streams).
        let f = file("name: p\ntraffic:\n  dau: 5M..20M\n  requests_per_user: 10\n");
        let d = f.traffic.dau.as_ref().unwrap().dist.clone();
        let mut xs: Vec<f64> = (0..10_000u64)
            .map(|i| {
                sample(
                    &d,
                    &mut Xoshiro256PlusPlus::seed_from_u64(sample_seed(42, i)),
                )
            })
            .collect();
        xs.sort_by(f64::total_cmp);
        let (p5, p95) = (quantile_sorted(&xs, 0.05), quantile_sorted(&xs, 0.95));
        assert!((p5 / 5e6 - 1.0).abs() < 0.02, "P5 {p5}");
        assert!((p95 / 20e6 - 1.0).abs() < 0.02, "P95 {p95}");
    }

    #[test]
    fn sensitivity_puts_the_dominant_input_first() {
        let f = file("name: p\ntraffic:\n  dau: 1M..100M\n  requests_per_user: 9..11\n  read_write_ratio: 20:1\npayloads: {read: 1900 B..2100 B}\n");
        let cat = Catalog::builtin().unwrap();
        let cfg = McConfig {
            samples: 1000,
            seed: 9,
            catalog_ranges: true,
        };
        let u = crate::pipeline::monte_carlo(&f, &cat, &cfg, &|_| {});
        assert_eq!(u.sensitivity[0].input, "traffic.dau", "{:?}", u.sensitivity);
        assert!(u.sensitivity[0].rank_correlation > 0.8);
    }

    #[test]
    fn same_output_whatever_the_thread_count() {
        let f = file("name: p\ntraffic:\n  dau: 1M..100M\n  requests_per_user: 5..50\nbudget: {monthly: $20K}\n");
        let cat = Catalog::builtin().unwrap();
        let cfg = McConfig {
            samples: 500,
            seed: 1,
            catalog_ranges: true,
        };
        let in_pool = |n: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .unwrap()
                .install(|| crate::pipeline::monte_carlo(&f, &cat, &cfg, &|_| {}))
        };
        assert_eq!(in_pool(1), in_pool(2));
        assert_eq!(in_pool(2), in_pool(3));
    }

    #[test]
    fn samplers_match_their_distribution() {
        // Fixed seed; moments of 20,000 draws within ~4 standard errors.
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
        let n = 20_000;
        let check = |d: Dist, mean: f64, sd: f64, rng: &mut Xoshiro256PlusPlus| {
            let xs: Vec<f64> = (0..n).map(|_| sample(&d, rng)).collect();
            let m = xs.iter().sum::<f64>() / n as f64;
            assert!(
                (m - mean).abs() < 4.0 * sd / (n as f64).sqrt(),
                "{d:?}: mean {m} vs {mean}"
            );
        };
        check(Dist::Normal { mean: 5.0, sd: 2.0 }, 5.0, 2.0, &mut rng);
        check(
            Dist::Uniform {
                low: 0.0,
                high: 12.0,
            },
            6.0,
            (12f64).sqrt(),
            &mut rng,
        );
        // triangular(0, 3, 6): mean 3, var (0+9+36−0−0−18)/18 = 1.5
        check(
            Dist::Triangular {
                low: 0.0,
                mode: 3.0,
                high: 6.0,
            },
            3.0,
            1.5f64.sqrt(),
            &mut rng,
        );
        // PERT(0, 1, 6): mean (0 + 4 + 6)/6 = 5/3; sd ≤ range/6 = 1
        check(
            Dist::Pert {
                low: 0.0,
                mode: 1.0,
                high: 6.0,
            },
            5.0 / 3.0,
            1.0,
            &mut rng,
        );
        // lognormal(μ=0, σ=0.5): mean e^{σ²/2} = 1.1331, sd = mean·√(e^{σ²} − 1) = 0.6039
        check(
            Dist::Lognormal {
                mu: 0.0,
                sigma: 0.5,
            },
            0.125f64.exp(),
            0.6039,
            &mut rng,
        );
    }
}
