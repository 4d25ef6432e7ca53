//! Storage: bytes written per day and year, data held over retention with growth, replicas,
//! and media sent to object storage.

use super::{show, workload::Workload, Ctx};
use crate::spec::Feature;
use crate::units::{fmt_bytes, trim_num, SECONDS_PER_DAY, SECONDS_PER_YEAR};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Storage {
    /// Record bytes written per day at today's average load (one copy).
    pub bytes_per_day: f64,
    pub bytes_per_year: f64,
    /// Records held at the end of the horizon once the retention window is full (one copy).
    pub raw_bytes: f64,
    /// `raw_bytes` × replication: what the database tier stores.
    pub total_bytes: f64,
    /// Media held in object storage at the end of the horizon.
    pub object_storage_bytes: f64,
    pub replication: f64,
    pub retention_years: f64,
    pub horizon_years: f64,
    pub growth_yearly: f64,
    /// Records written per day (for document counts).
    pub records_per_day: f64,
    /// Records held at the horizon.
    pub records_held: f64,
}

/// Data held at time H (years) with retention R (years) when writes grow by g a year:
///
/// # Formula
/// held = ∫_{H−R}^{H} w·(1+g)^t dt = w·((1+g)^H − (1+g)^(H−R)) / ln(1+g), and w·R when g = 0,
/// with w the bytes written per year today. The window before t = 0 is taken at the lower
/// past rate (the system was smaller then), so with no growth this is the classic
/// "per year × years retained".
pub fn held_over_window(per_year: f64, growth: f64, horizon: f64, retention: f64) -> f64 {
    if growth.abs() < 1e-12 {
        return per_year * retention;
    }
    let k = (1.0 + growth).ln();
    per_year * ((1.0 + growth).powf(horizon) - (1.0 + growth).powf(horizon - retention)) / k
}

/// Derive storage.
///
/// # Formula
/// - bytes/day = average writes/s × 86,400 × record size; bytes/year = bytes/day × 365
/// - held = [`held_over_window`] at the horizon; total = held × replication
/// - media (with `media`): average writes/s × media share × media object size, held the same
///   way in object storage (its durability copies are priced in, so no × replication).
pub fn derive(cx: &mut Ctx, w: &Workload) -> Storage {
    let s = cx.spec;
    let record = cx.default("record_bytes", s.record_bytes, show::bytes);
    let retention_s = cx.default("retention_seconds", s.retention_s, show::secs);
    let replication = cx.default("replication", s.replication, show::num);
    let growth = cx.default("growth_yearly", s.growth_yearly, show::pct);
    let horizon = match s.horizon_s {
        Some(h) => h / SECONDS_PER_YEAR,
        None => cx.default("horizon_years", None, show::years),
    };
    let retention_years = retention_s / SECONDS_PER_YEAR;
    let writes_per_day = w.avg_write_qps * SECONDS_PER_DAY;
    let per_day = writes_per_day * record;
    derive!(
        cx,
        "storage.bytes_per_day",
        "Data written per day",
        per_day,
        fmt_bytes(per_day),
        "average writes/s × 86,400 × record size",
        format!(
            "{} × 86,400 × {} = {}",
            trim_num(w.avg_write_qps, 4),
            fmt_bytes(record),
            fmt_bytes(per_day)
        ),
    );
    let per_year = per_day * 365.0;
    derive!(
        cx,
        "storage.bytes_per_year",
        "Data written per year",
        per_year,
        fmt_bytes(per_year),
        "bytes/day × 365",
        format!("{} × 365 = {}", fmt_bytes(per_day), fmt_bytes(per_year)),
    );
    let raw = held_over_window(per_year, growth, horizon, retention_years);
    if cx.record {
        let formula = if growth.abs() < 1e-12 {
            "bytes/year × years retained".to_string()
        } else {
            "bytes/year × ((1+g)^H − (1+g)^(H−R)) ÷ ln(1+g)".to_string()
        };
        let sub = if growth.abs() < 1e-12 {
            format!(
                "{} × {} = {}",
                fmt_bytes(per_year),
                trim_num(retention_years, 4),
                fmt_bytes(raw)
            )
        } else {
            format!(
                "{} × ((1+{g})^{h} − (1+{g})^({h}−{r})) ÷ ln(1+{g}) = {}",
                fmt_bytes(per_year),
                fmt_bytes(raw),
                g = trim_num(growth, 3),
                h = trim_num(horizon, 3),
                r = trim_num(retention_years, 3)
            )
        };
        derive!(
            cx,
            "storage.raw_bytes",
            "Data held (one copy)",
            raw,
            fmt_bytes(raw),
            &formula,
            sub,
        );
    }
    let total = raw * replication;
    derive!(
        cx,
        "storage.total_bytes",
        "Data held with replicas",
        total,
        fmt_bytes(total),
        "data held × replication",
        format!(
            "{} × {} = {}",
            fmt_bytes(raw),
            trim_num(replication, 3),
            fmt_bytes(total)
        ),
    );
    let mut object = 0.0;
    let big_records = record >= cx.cat.fig("object_storage.min_file_bytes");
    if s.has(Feature::Media) || big_records {
        let (share, obj) = if s.has(Feature::Media) {
            (
                s.media_share.unwrap_or(1.0),
                cx.default("media_object_bytes", s.media_bytes, show::bytes),
            )
        } else {
            (1.0, record)
        };
        let media_per_year = w.avg_write_qps * SECONDS_PER_DAY * 365.0 * share * obj;
        object = held_over_window(media_per_year, growth, horizon, retention_years);
        derive!(
            cx,
            "storage.object_storage_bytes",
            "Object storage held",
            object,
            fmt_bytes(object),
            "average writes/s × media share × object size × 365 days, held over retention",
            format!(
                "{} × {} × {} × 86,400 × 365 → {}",
                trim_num(w.avg_write_qps, 4),
                show::pct(share),
                fmt_bytes(obj),
                fmt_bytes(object)
            ),
        );
    }
    Storage {
        bytes_per_day: per_day,
        bytes_per_year: per_year,
        raw_bytes: raw,
        total_bytes: total,
        object_storage_bytes: object,
        replication,
        retention_years,
        horizon_years: horizon,
        growth_yearly: growth,
        records_per_day: writes_per_day,
        records_held: if record > 0.0 { raw / record } else { 0.0 },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_growth_is_per_year_times_years() {
        assert_eq!(held_over_window(10.0, 0.0, 3.0, 5.0), 50.0);
    }

    #[test]
    fn growth_window_hand_worked() {
        // w = 1, g = 100%, H = 1, R = 1: ∫_0^1 2^t dt = (2 − 1)/ln 2 = 1.442695
        assert!((held_over_window(1.0, 1.0, 1.0, 1.0) - 1.0 / 2f64.ln()).abs() < 1e-12);
        // small growth tends to the no-growth value
        assert!((held_over_window(10.0, 1e-9, 3.0, 5.0) - 50.0).abs() < 1e-5);
    }
}
