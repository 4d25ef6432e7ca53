//! Known slips: the mistakes a ratio gives away (a factor left out, a unit confused). Each
//! answer is checked against them at once, so the slip is named on the answer that made it,
//! even when the figure is still within 2×.
//!
//! # Formula
//! An answer `a` to a question with reference `R` made slip `s` when the value `A` the formula
//! gives with that factor left out is distinct (max(A/R, R/A) ≥ 1.3), `a` lies within 1.2× of
//! `A`, and `a` is nearer `A` than `R` (in log terms). Unit slips compare a/R with the unit's
//! factor (8 bits a byte, 365 days a year, 86,400 s a day, 3,600 s an hour, 1,000 per prefix),
//! either way, within 1.2×.

use serde::{Deserialize, Serialize};

/// A recognisable mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Slip {
    /// Sized for the average, not the peak.
    PeakFactor,
    /// Gave the peak when the average was asked.
    PeakAsAverage,
    /// The whole traffic given for one side of the read/write split.
    ReadWriteSplit,
    /// One copy counted where the data is stored several times.
    Replication,
    /// One year's data where the whole retention window is held.
    Retention,
    /// The uploaded files left out of storage.
    Uploads,
    /// Every user counted where only those online at once matter.
    Concurrency,
    /// One delivery counted per write where each goes to many recipients.
    Fanout,
    /// Bits and bytes confused (8×).
    BitsBytes,
    /// A day for a year (365×).
    Days365,
    /// Per day for per second (86,400×).
    PerDay,
    /// Per hour for per second (3,600×).
    PerHour,
    /// A unit prefix off (1,000×, 10⁶×, 10⁹×).
    Prefix,
}

/// What a slip is called in summaries and in `--progress`.
pub const ALL: &[Slip] = &[
    Slip::PeakFactor,
    Slip::PeakAsAverage,
    Slip::ReadWriteSplit,
    Slip::Replication,
    Slip::Retention,
    Slip::Uploads,
    Slip::Concurrency,
    Slip::Fanout,
    Slip::BitsBytes,
    Slip::Days365,
    Slip::PerDay,
    Slip::PerHour,
    Slip::Prefix,
];

impl Slip {
    /// A short name: the habit it trains.
    pub fn name(self) -> &'static str {
        match self {
            Slip::PeakFactor => "peak factor",
            Slip::PeakAsAverage => "average vs peak",
            Slip::ReadWriteSplit => "read/write split",
            Slip::Replication => "replication",
            Slip::Retention => "retention window",
            Slip::Uploads => "uploaded files",
            Slip::Concurrency => "concurrent share",
            Slip::Fanout => "fan-out",
            Slip::BitsBytes => "bits vs bytes",
            Slip::Days365 => "days in a year",
            Slip::PerDay => "per day vs per second",
            Slip::PerHour => "per hour vs per second",
            Slip::Prefix => "unit prefixes",
        }
    }

    /// What to say on the answer that made it.
    pub fn advice(self) -> &'static str {
        match self {
            Slip::PeakFactor => {
                "that is the average: you left out the peak factor — size for the peak"
            }
            Slip::PeakAsAverage => {
                "that is the peak: the average is requests a day ÷ 86,400, before the peak factor"
            }
            Slip::ReadWriteSplit => {
                "that is all the traffic: split it — writes = total ÷ (r + 1), reads = the rest"
            }
            Slip::Replication => "that is one copy: multiply by the number of copies kept",
            Slip::Retention => {
                "that is one year's data: storage held covers the whole retention window"
            }
            Slip::Uploads => "that leaves out the uploaded files the brief states",
            Slip::Concurrency => {
                "that counts every daily user: only the share online at once holds a connection"
            }
            Slip::Fanout => "that counts each write once: every write goes to many recipients",
            Slip::BitsBytes => "off by 8×: bits vs bytes — 1 byte is 8 bits (MB/s × 8 = Mb/s)",
            Slip::Days365 => "off by ~365×: a day's worth vs a year's worth",
            Slip::PerDay => "off by ~86,400×: per day vs per second (a day ≈ 10⁵ s)",
            Slip::PerHour => "off by ~3,600×: per hour vs per second",
            Slip::Prefix => {
                "off by a power of 1,000: check K/M/B (or KB/MB/GB/TB) — each step is 1,000×"
            }
        }
    }
}

fn off(a: f64, b: f64) -> f64 {
    (a / b).max(b / a)
}

/// The slip an answer shows, if any. `alternatives`: the value each formula slip gives;
/// `bytes`: the answer is a size or bandwidth (so bits/bytes applies).
pub fn detect(
    answer: f64,
    reference: f64,
    alternatives: &[(Slip, f64)],
    bytes: bool,
) -> Option<Slip> {
    if !(answer > 0.0 && reference > 0.0 && answer.is_finite()) {
        return None;
    }
    let to_ref = off(answer, reference);
    let mut best: Option<(f64, Slip)> = None;
    for &(s, alt) in alternatives {
        if !(alt > 0.0 && alt.is_finite()) || off(alt, reference) < 1.3 {
            continue;
        }
        let to_alt = off(answer, alt);
        if to_alt <= 1.2 && to_alt < to_ref && best.is_none_or(|(b, _)| to_alt < b) {
            best = Some((to_alt, s));
        }
    }
    if let Some((_, s)) = best {
        return Some(s);
    }
    let ratio = answer / reference;
    let units: [(Slip, f64, bool); 7] = [
        (Slip::BitsBytes, 8.0, bytes),
        (Slip::Days365, 365.0, true),
        (Slip::PerHour, 3600.0, true),
        (Slip::PerDay, 86_400.0, true),
        (Slip::Prefix, 1e3, true),
        (Slip::Prefix, 1e6, true),
        (Slip::Prefix, 1e9, true),
    ];
    units
        .iter()
        .filter(|(_, _, applies)| *applies)
        .find(|(_, f, _)| off(ratio, *f) <= 1.2 || off(ratio, 1.0 / f) <= 1.2)
        .map(|(s, _, _)| *s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_slip_even_inside_two_times() {
        // Peak factor 1.5: the average is within 2× of the peak, and still a slip.
        let alt = [(Slip::PeakFactor, 1000.0)];
        assert_eq!(detect(1000.0, 1500.0, &alt, false), Some(Slip::PeakFactor));
        assert_eq!(detect(1500.0, 1500.0, &alt, false), None);
        // Nearer the reference than the slip: no slip.
        assert_eq!(detect(1300.0, 1500.0, &alt, false), None);
    }

    #[test]
    fn unit_slips_by_ratio() {
        assert_eq!(detect(8e6, 1e6, &[], true), Some(Slip::BitsBytes));
        assert_eq!(detect(1e6 / 8.0, 1e6, &[], true), Some(Slip::BitsBytes));
        assert_eq!(detect(8e6, 1e6, &[], false), None);
        assert_eq!(detect(365e9, 1e9, &[], true), Some(Slip::Days365));
        assert_eq!(detect(86_400.0, 1.0, &[], false), Some(Slip::PerDay));
        assert_eq!(detect(1e3, 1e6, &[], false), Some(Slip::Prefix));
        assert_eq!(detect(3e6, 1e6, &[], false), None);
    }
}
