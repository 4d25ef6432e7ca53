//! Workload: request rates, read/write split, concurrency and bandwidth at peak.

use super::{show, Ctx};
use crate::spec::Feature;
use crate::units::{fmt_bytes, fmt_si, trim_num, SECONDS_PER_DAY};
use serde::Serialize;

/// The load the design must carry. Rates are requests per second; read/write rates are at peak.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Workload {
    #[serde(rename = "avg_requests_per_s")]
    pub avg_qps: f64,
    #[serde(rename = "peak_requests_per_s")]
    pub peak_qps: f64,
    pub peak_factor: f64,
    /// Reads per second at peak.
    #[serde(rename = "reads_per_s")]
    pub read_qps: f64,
    /// Writes per second at peak.
    #[serde(rename = "writes_per_s")]
    pub write_qps: f64,
    /// Writes per second on average (drives storage).
    #[serde(rename = "avg_writes_per_s")]
    pub avg_write_qps: f64,
    pub read_write_ratio: f64,
    /// Users online at the peak; `None` when neither DAU nor a concurrency figure is known.
    pub peak_concurrent_users: Option<f64>,
    #[serde(rename = "ingress_bytes_per_s")]
    pub ingress_bytes_per_sec: f64,
    #[serde(rename = "egress_bytes_per_s")]
    pub egress_bytes_per_sec: f64,
    /// The part of egress that is media fetches (immutable objects a CDN can always cache).
    #[serde(rename = "media_egress_bytes_per_s")]
    pub media_egress_bytes_per_sec: f64,
    /// Media fetches per second at peak.
    #[serde(rename = "media_fetches_per_s")]
    pub media_fetches_per_sec: f64,
    pub read_bytes: f64,
    pub write_bytes: f64,
    /// Messages per second at peak into a queue or stream (async jobs + fan-out deliveries).
    #[serde(rename = "messages_per_s")]
    pub messages_per_sec: f64,
    /// Async jobs per second at peak (one per write with `async_jobs`).
    #[serde(rename = "jobs_per_s")]
    pub jobs_per_sec: f64,
    /// Fan-out deliveries per second at peak (writes × fan-out with `fanout`).
    #[serde(rename = "deliveries_per_s")]
    pub deliveries_per_sec: f64,
}

/// Derive the workload.
///
/// # Formula
/// - average QPS = DAU × requests per user ÷ 86,400 (or `traffic.qps`, or peak ÷ peak factor)
/// - peak QPS = average × peak factor (or `traffic.peak_qps`)
/// - reads = peak × r/(r+1), writes = peak × 1/(r+1) for a read:write ratio r:1
/// - peak concurrent users = given, or share × DAU (default share 0.5%: the System Design Guide's tip, 50,000
///   concurrent of 10M users)
/// - ingress = writes × write payload; egress = reads × read payload (+ media fetches)
/// - messages = writes × (1 if async jobs) + writes × fan-out (if fan-out)
///
/// Source: System Design Guide (back-of-envelope estimation), Distributed System Components Guide.
pub fn derive(cx: &mut Ctx) -> Workload {
    let s = cx.spec;
    let pf = cx.default("peak_factor", s.peak_factor, show::times);
    let (avg, peak) = match (s.qps, s.peak_qps, s.dau, s.requests_per_user) {
        (Some(q), _, _, _) => {
            let avg = derive!(
                cx,
                "workload.avg_qps",
                "Average QPS",
                q,
                qps(q),
                "given (traffic.qps)",
                format!("{}", qps(q)),
            );
            let p = avg * pf;
            derive!(
                cx,
                "workload.peak_qps",
                "Peak QPS",
                p,
                qps(p),
                "average QPS × peak factor",
                format!("{} × {} = {}", qps(avg), trim_num(pf, 4), qps(p)),
            );
            (avg, p)
        }
        (None, Some(p), _, _) => {
            let avg = p / pf;
            derive!(
                cx,
                "workload.avg_qps",
                "Average QPS",
                avg,
                qps(avg),
                "peak QPS ÷ peak factor",
                format!("{} ÷ {} = {}", qps(p), trim_num(pf, 4), qps(avg)),
            );
            derive!(
                cx,
                "workload.peak_qps",
                "Peak QPS",
                p,
                qps(p),
                "given (traffic.peak_qps)",
                qps(p),
            );
            (avg, p)
        }
        (None, None, Some(dau), Some(rpu)) => {
            let avg = dau * rpu / SECONDS_PER_DAY;
            derive!(
                cx,
                "workload.avg_qps",
                "Average QPS",
                avg,
                qps(avg),
                "DAU × requests per user ÷ 86,400 s/day",
                format!(
                    "{} × {} ÷ 86,400 = {}",
                    fmt_si(dau),
                    trim_num(rpu, 4),
                    qps(avg)
                ),
            );
            let p = avg * pf;
            derive!(
                cx,
                "workload.peak_qps",
                "Peak QPS",
                p,
                qps(p),
                "average QPS × peak factor",
                format!("{} × {} = {}", qps(avg), trim_num(pf, 4), qps(p)),
            );
            (avg, p)
        }
        // Validation guarantees a volume; keep a total function anyway.
        _ => (0.0, 0.0),
    };
    let r = cx.default("read_write_ratio", s.read_write_ratio, show::ratio);
    let read_qps = peak * r / (r + 1.0);
    let write_qps = peak / (r + 1.0);
    derive!(
        cx,
        "workload.read_qps",
        "Reads/s at peak",
        read_qps,
        qps(read_qps),
        "peak QPS × r ÷ (r + 1)",
        format!(
            "{} × {} ÷ {} = {}",
            qps(peak),
            trim_num(r, 4),
            trim_num(r + 1.0, 4),
            qps(read_qps)
        ),
    );
    derive!(
        cx,
        "workload.write_qps",
        "Writes/s at peak",
        write_qps,
        qps(write_qps),
        "peak QPS ÷ (r + 1)",
        format!(
            "{} ÷ {} = {}",
            qps(peak),
            trim_num(r + 1.0, 4),
            qps(write_qps)
        ),
    );

    let concurrent = match (s.concurrent_users, s.dau) {
        (Some(u), _) => Some(u),
        (None, Some(dau)) => {
            let share = cx.default("concurrent_share", s.concurrent_share, show::pct);
            let c = share * dau;
            Some(derive!(
                cx,
                "workload.peak_concurrent_users",
                "Peak concurrent users",
                c,
                fmt_si(c),
                "share online at peak × DAU",
                format!("{} × {} = {}", show::pct(share), fmt_si(dau), fmt_si(c)),
            ))
        }
        (None, None) => None,
    };

    let read_bytes = cx.default("payload_bytes", s.read_bytes, show::bytes);
    let write_bytes = s.write_bytes.unwrap_or(read_bytes);
    let ingress = write_qps * write_bytes;
    let mut egress = read_qps * read_bytes;
    // The worked formula is written only for a recorded plan (a Monte Carlo sample skips it).
    let record = cx.record;
    let mut egress_formula = String::new();
    let mut egress_sub = String::new();
    if record {
        egress_formula = "reads/s × read payload".to_string();
        egress_sub = format!("{} × {}", qps(read_qps), fmt_bytes(read_bytes));
    }
    let (mut media_egress, mut media_fetches) = (0.0, 0.0);
    if s.has(Feature::Media) {
        let share = cx.default("media_read_share", s.media_reads, show::pct);
        let obj = match s.media_read_bytes {
            Some(b) => b,
            None => cx.default("media_object_bytes", s.media_bytes, show::bytes),
        };
        media_fetches = read_qps * share;
        media_egress = media_fetches * obj;
        egress += media_egress;
        if record {
            egress_formula += " + reads/s × media read share × bytes per media fetch";
            egress_sub += &format!(
                " + {} × {} × {}",
                qps(read_qps),
                show::pct(share),
                fmt_bytes(obj)
            );
        }
    }
    derive!(
        cx,
        "workload.ingress",
        "Ingress at peak",
        ingress,
        format!("{}/s", fmt_bytes(ingress)),
        "writes/s × write payload",
        format!(
            "{} × {} = {}/s",
            qps(write_qps),
            fmt_bytes(write_bytes),
            fmt_bytes(ingress)
        ),
    );
    derive!(
        cx,
        "workload.egress",
        "Egress at peak",
        egress,
        format!("{}/s", fmt_bytes(egress)),
        &egress_formula,
        format!("{egress_sub} = {}/s", fmt_bytes(egress)),
    );

    let jobs = if s.has(Feature::AsyncJobs) {
        write_qps
    } else {
        0.0
    };
    let mut deliveries = 0.0;
    if s.has(Feature::Fanout) {
        let f = s.fanout.unwrap_or_else(|| {
            if cx.record {
                cx.assume(
                    "fanout",
                    "100 deliveries per write".into(),
                    "assumption: `traffic.fanout` not given; typical follower/member count".into(),
                );
            }
            100.0
        });
        deliveries = write_qps * f;
    }
    Workload {
        avg_qps: avg,
        peak_qps: peak,
        peak_factor: pf,
        read_qps,
        write_qps,
        avg_write_qps: avg / (r + 1.0),
        read_write_ratio: r,
        peak_concurrent_users: concurrent,
        ingress_bytes_per_sec: ingress,
        egress_bytes_per_sec: egress,
        media_egress_bytes_per_sec: media_egress,
        media_fetches_per_sec: media_fetches,
        read_bytes,
        write_bytes,
        messages_per_sec: jobs + deliveries,
        jobs_per_sec: jobs,
        deliveries_per_sec: deliveries,
    }
}

/// A rate for display: `1.16K req/s`.
pub fn qps(v: f64) -> String {
    format!("{} req/s", fmt_si(v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::spec::{parse, Syntax};

    fn wl(y: &str) -> Workload {
        let s = parse("t.yaml", y, Syntax::Yaml).unwrap().spec;
        let c = Catalog::builtin().unwrap();
        let mut cx = Ctx::new(&s, &c);
        derive(&mut cx)
    }

    #[test]
    fn url_shortener_hand_worked() {
        // 100M DAU × 10 req/day ÷ 86,400 = 11,574.07 req/s; ×2 = 23,148.1 req/s at peak;
        // 100:1 → writes = 23,148.1/101 = 229.19/s, reads = 22,918.9/s.
        let w = wl("name: u\ntraffic:\n  dau: 100M\n  requests_per_user: 10\n  read_write_ratio: 100:1\n  peak_factor: 2\npayloads: {read: 500 B, write: 1 KB}\n");
        assert!((w.avg_qps - 11_574.074).abs() < 1e-2);
        assert!((w.peak_qps - 23_148.148).abs() < 1e-2);
        assert!((w.write_qps - 229.190).abs() < 1e-3);
        assert!((w.read_qps - 22_918.958).abs() < 1e-2);
        // egress = 22,918.96 × 500 B = 11.46 MB/s; ingress = 229.1896 × 1000 B = 229.19 KB/s
        assert!((w.egress_bytes_per_sec - 11_459_479.0).abs() < 1.0);
        assert!((w.ingress_bytes_per_sec - 229_189.6).abs() < 0.1);
        // default concurrent share 0.5% of 100M = 500K
        assert_eq!(w.peak_concurrent_users, Some(500_000.0));
    }

    #[test]
    fn qps_and_peak_qps_forms() {
        let w = wl("name: u\ntraffic:\n  qps: 1000/s\n  read_write_ratio: 4:1\n");
        assert_eq!(w.peak_qps, 2000.0);
        assert_eq!(w.write_qps, 400.0);
        assert_eq!(w.peak_concurrent_users, None);
        let w = wl("name: u\ntraffic:\n  peak_qps: 3000\n  peak_factor: 3\n");
        assert_eq!(w.avg_qps, 1000.0);
    }
}
