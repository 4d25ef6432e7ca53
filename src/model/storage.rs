//! Storage: bytes written per day and year, data held over retention with growth, replicas,
//! and media sent to object storage.

use super::{show, workload::Workload, Ctx};
use crate::spec::Feature;
use crate::units::{fmt_bytes, trim_num, SECONDS_PER_DAY, SECONDS_PER_YEAR};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Storage {
    /// Record bytes written per day at today's average load (one copy).
    pub bytes_per_day: f64,
    pub bytes_per_year: f64,
    /// Records held (one copy) at the moment the design is for — the horizon for the planned
    /// design — counting only what was written since launch plus any data held at launch.
    pub raw_bytes: f64,
    /// `raw_bytes` × replication: what the database tier stores.
    pub total_bytes: f64,
    /// Media held in object storage at the end of the horizon.
    pub object_storage_bytes: f64,
    pub replication: f64,
    pub retention_years: f64,
    pub horizon_years: f64,
    pub growth_yearly: f64,
    /// Bytes of one record (what one database read or write moves).
    pub record_bytes: f64,
    /// Objects written to object storage per day at launch's rate, and the bytes of each.
    pub objects_per_day: f64,
    pub object_bytes: f64,
    /// Years after launch the data is counted at.
    pub at_years: f64,
    /// Data held at launch (one copy).
    pub existing_bytes: f64,
    /// Records written per day (for document counts).
    pub records_per_day: f64,
    /// Records held at the horizon.
    pub records_held: f64,
}

/// Data held `t` years after launch with retention R (years) when writes grow by g a year. A
/// new system holds nothing written before launch, so the window starts at max(0, t − R).
///
/// # Formula
/// held = ∫_{max(0, t−R)}^{t} w·(1+g)^s ds = w·((1+g)^t − (1+g)^max(0, t−R)) / ln(1+g), and
/// w·min(t, R) when g = 0, with w the bytes written per year at launch.
pub fn held_since_launch(per_year: f64, growth: f64, t: f64, retention: f64) -> f64 {
    let from = (t - retention).max(0.0);
    if growth.abs() < 1e-12 {
        return per_year * (t - from).max(0.0);
    }
    let k = (1.0 + growth).ln();
    per_year * ((1.0 + growth).powf(t) - (1.0 + growth).powf(from)) / k
}

/// Derive storage.
///
/// # Formula
/// - bytes/day = average writes/s × 86,400 × record size; bytes/year = bytes/day × 365
/// - held = data held at launch + [`held_since_launch`] at the moment planned (the horizon
///   unless a timeline month); total = held × replication
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
    let at = s
        .epoch
        .years
        .unwrap_or(horizon)
        .clamp(0.0, horizon.max(0.0));
    let existing = s.existing_bytes.unwrap_or(0.0);
    // Writes per day at launch: a timeline month's traffic was scaled up, and the storage
    // formula grows it again, so divide the month's multiple out once.
    let writes_per_day = w.avg_write_qps / s.epoch.load_multiple * SECONDS_PER_DAY;
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
            trim_num(writes_per_day / SECONDS_PER_DAY, 4),
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
    let raw = existing + held_since_launch(per_year, growth, at, retention_years);
    if cx.record {
        let kept = retention_years.min(at);
        let (formula, sub) = if growth.abs() < 1e-12 {
            (
                "bytes/year × years held since launch (at most the retention)".to_string(),
                format!(
                    "{} × {} = {}",
                    fmt_bytes(per_year),
                    trim_num(kept, 4),
                    fmt_bytes(raw - existing)
                ),
            )
        } else {
            (
                "bytes/year × ((1+g)^t − (1+g)^max(0, t−R)) ÷ ln(1+g)".to_string(),
                format!(
                    "{} × ((1+{g})^{t} − (1+{g})^{f}) ÷ ln(1+{g}) = {}",
                    fmt_bytes(per_year),
                    fmt_bytes(raw - existing),
                    g = trim_num(growth, 3),
                    t = trim_num(at, 3),
                    f = trim_num((at - retention_years).max(0.0), 3)
                ),
            )
        };
        let (formula, sub) = if existing > 0.0 {
            (
                format!("data held at launch + {formula}"),
                format!("{} + {sub}", fmt_bytes(existing)),
            )
        } else {
            (formula, sub)
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
    let (mut objects_per_day, mut object_bytes) = (0.0, 0.0);
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
        objects_per_day = writes_per_day * share;
        object_bytes = obj;
        let media_per_year = writes_per_day * 365.0 * share * obj;
        object = held_since_launch(media_per_year, growth, at, retention_years);
        derive!(
            cx,
            "storage.object_storage_bytes",
            "Object storage held",
            object,
            fmt_bytes(object),
            "average writes/s × media share × object size × 365 days, held since launch",
            format!(
                "{} × {} × {} × 86,400 × 365 → {}",
                trim_num(writes_per_day / SECONDS_PER_DAY, 4),
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
        record_bytes: record,
        objects_per_day,
        object_bytes,
        at_years: at,
        existing_bytes: existing,
        records_per_day: writes_per_day,
        records_held: if record > 0.0 { raw / record } else { 0.0 },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_growth_is_per_year_times_years_since_launch() {
        // 3 years after launch with 5 years' retention: only 3 years were ever written.
        assert_eq!(held_since_launch(10.0, 0.0, 3.0, 5.0), 30.0);
        // past the retention the window is full: 5 years.
        assert_eq!(held_since_launch(10.0, 0.0, 7.0, 5.0), 50.0);
        assert_eq!(held_since_launch(10.0, 0.0, 0.0, 5.0), 0.0);
    }

    #[test]
    fn growth_window_hand_worked() {
        // w = 1, g = 100%, t = 1, R = 1: ∫_0^1 2^s ds = (2 − 1)/ln 2 = 1.442695
        assert!((held_since_launch(1.0, 1.0, 1.0, 1.0) - 1.0 / 2f64.ln()).abs() < 1e-12);
        // t = 2, R = 1: ∫_1^2 2^s ds = (4 − 2)/ln 2 = 2.885390
        assert!((held_since_launch(1.0, 1.0, 2.0, 1.0) - 2.0 / 2f64.ln()).abs() < 1e-12);
        // small growth tends to the no-growth value
        assert!((held_since_launch(10.0, 1e-9, 3.0, 5.0) - 30.0).abs() < 1e-5);
    }
}
