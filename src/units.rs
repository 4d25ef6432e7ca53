//! Quantities with units: the one place that turns `10M`, `2 KB`, `200ms`, `99.95%`,
//! `$20,000`, `100:1` or `900/s` into plain `f64`s in base units.
//!
//! Base units everywhere in capplan: counts are plain numbers, bytes are bytes, durations are
//! seconds, fractions are in `[0, 1]`, money is US dollars per month, rates are per second.

use std::fmt;

/// A count (users, requests, documents). Plain number.
pub type Count = f64;
/// Bytes.
pub type Bytes = f64;
/// Seconds.
pub type Seconds = f64;
/// A share in `[0, 1]`.
pub type Fraction = f64;
/// US dollars.
pub type Dollars = f64;
/// Events per second.
pub type PerSecond = f64;

/// Seconds in a day, a (365-day) year and a (30.44-day, i.e. year/12) month.
pub const SECONDS_PER_DAY: f64 = 86_400.0;
pub const SECONDS_PER_YEAR: f64 = 365.0 * SECONDS_PER_DAY;
pub const SECONDS_PER_MONTH: f64 = SECONDS_PER_YEAR / 12.0;

/// Largest magnitude any quantity may have; beyond this an input is a typo, not a design.
pub const ABSURD: f64 = 1e21;

/// The kinds of quantity a spec value can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Count,
    Bytes,
    Duration,
    Fraction,
    Money,
    Ratio,
    Rate,
    ByteRate,
}

impl Kind {
    /// What a value of this kind looks like, for error messages.
    pub fn example(self) -> &'static str {
        match self {
            Kind::Count => "a count such as `10M`, `1.5K` or `250000`",
            Kind::Bytes => "a size such as `500 B`, `2 KB` or `4 MiB`",
            Kind::Duration => "a duration such as `200ms`, `2 s` or `5 years`",
            Kind::Fraction => "a percentage such as `99.95%` or a fraction such as `0.2`",
            Kind::Money => "an amount such as `$20,000` or `$50K`",
            Kind::Ratio => "a ratio such as `100:1` (reads:writes)",
            Kind::Rate => "a rate such as `900/s`, `1.2K/s` or `50/min`",
            Kind::ByteRate => "a bandwidth such as `40 MB/s` or `1 GB/s`",
        }
    }

    /// Parse a string of this kind into base units.
    pub fn parse(self, s: &str) -> Result<f64, UnitError> {
        if self != Kind::Money && s.trim_start().starts_with('$') {
            return Err(UnitError::new(
                self,
                s,
                "a currency sign belongs on money only (`budget.monthly`); drop the `$`",
            ));
        }
        let v = match self {
            Kind::Count => parse_count(s),
            Kind::Bytes => parse_bytes(s),
            Kind::Duration => parse_duration(s),
            Kind::Fraction => parse_fraction(s),
            Kind::Money => parse_money(s),
            Kind::Ratio => parse_ratio(s),
            Kind::Rate => parse_rate(s),
            Kind::ByteRate => parse_byte_rate(s),
        }?;
        check_finite(v, self, s)
    }

    /// A number given without a unit: allowed where the unit is unambiguous.
    pub fn from_number(self, v: f64) -> Result<f64, UnitError> {
        let s = v.to_string();
        match self {
            // A bare number of seconds/bytes/dollars/per-second/ratio is unambiguous enough.
            Kind::Count | Kind::Bytes | Kind::Money | Kind::Rate | Kind::ByteRate | Kind::Ratio => {
                check_finite(v, self, &s)
            }
            // 0.2 means 20%; 20 would be ambiguous, so fractions above 1 are refused.
            Kind::Fraction => {
                if (0.0..=1.0).contains(&v) {
                    Ok(v)
                } else {
                    Err(UnitError::new(
                        self,
                        &s,
                        "a bare number for a share must be between 0 and 1; write a percentage like `20%`",
                    ))
                }
            }
            Kind::Duration => Err(UnitError::new(
                self,
                &s,
                "give the unit, e.g. `200ms` or `2 s`, so milliseconds and seconds can't be confused",
            )),
        }
    }
}

fn check_finite(v: f64, kind: Kind, s: &str) -> Result<f64, UnitError> {
    if v.is_nan() || v.is_infinite() {
        return Err(UnitError::new(kind, s, "the value is not a finite number"));
    }
    if v.abs() > ABSURD {
        return Err(UnitError::new(
            kind,
            s,
            "the magnitude is absurd (above 10^21); check the suffix",
        ));
    }
    Ok(v)
}

/// A value that could not be read as the quantity it should be.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitError {
    pub kind: Kind,
    pub found: String,
    pub hint: String,
}

impl UnitError {
    fn new(kind: Kind, found: &str, hint: &str) -> Self {
        UnitError {
            kind,
            found: found.to_string(),
            hint: hint.to_string(),
        }
    }
}

impl fmt::Display for UnitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "expected {}, found `{}` ({})",
            self.kind.example(),
            self.found,
            self.hint
        )
    }
}

impl std::error::Error for UnitError {}

/// Split `12.5 KB` into (12.5, "KB"). Accepts `_` and `,` as digit group separators
/// and a leading `$`.
pub fn split_number(s: &str) -> Option<(f64, &str)> {
    let t = s.trim();
    let t = t.strip_prefix('$').unwrap_or(t).trim_start();
    let end = t
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_digit()
                || c == '.'
                || c == ','
                || c == '_'
                || ((c == '-' || c == '+') && i == 0)
                || ((c == 'e' || c == 'E')
                    && t[i + 1..]
                        .chars()
                        .next()
                        .is_some_and(|n| n.is_ascii_digit() || n == '-' || n == '+')
                    && i > 0))
        })
        .map(|(i, _)| i)
        .unwrap_or(t.len());
    let num: String = t[..end].chars().filter(|&c| c != ',' && c != '_').collect();
    if num.is_empty() || num == "-" || num == "+" {
        return None;
    }
    let v: f64 = num.parse().ok()?;
    Some((v, t[end..].trim()))
}

/// Decimal magnitude suffixes for counts and money: K, M, B/G (billion), T.
fn count_multiplier(suffix: &str) -> Option<f64> {
    Some(match suffix {
        "" => 1.0,
        "k" | "K" => 1e3,
        "m" | "M" | "mm" | "MM" => 1e6,
        "b" | "B" | "bn" | "G" => 1e9,
        "t" | "T" => 1e12,
        _ => return None,
    })
}

/// `10M`, `1.5K`, `250,000`, `2e6`.
pub fn parse_count(s: &str) -> Result<f64, UnitError> {
    let (v, suffix) = split_number(s)
        .ok_or_else(|| UnitError::new(Kind::Count, s, "start with a number, e.g. `10M`"))?;
    let m = count_multiplier(suffix).ok_or_else(|| {
        UnitError::new(
            Kind::Count,
            s,
            "known suffixes are K (thousand), M (million), B (billion), T (trillion)",
        )
    })?;
    Ok(v * m)
}

/// SI (KB = 1000) and binary (KiB = 1024) sizes; bits are refused to avoid 8× mistakes.
fn byte_multiplier(unit: &str) -> Option<f64> {
    let u = unit.trim();
    Some(match u {
        "" | "B" | "byte" | "bytes" => 1.0,
        "KB" | "kB" | "K" | "k" => 1e3,
        "MB" | "M" => 1e6,
        "GB" | "G" => 1e9,
        "TB" | "T" => 1e12,
        "PB" | "P" => 1e15,
        "EB" => 1e18,
        "KiB" => 1024.0,
        "MiB" => 1024f64.powi(2),
        "GiB" => 1024f64.powi(3),
        "TiB" => 1024f64.powi(4),
        "PiB" => 1024f64.powi(5),
        _ => return None,
    })
}

/// `500 B`, `2 KB`, `4 MiB`, `1.5TB`.
pub fn parse_bytes(s: &str) -> Result<f64, UnitError> {
    let (v, unit) =
        split_number(s).ok_or_else(|| UnitError::new(Kind::Bytes, s, "start with a number"))?;
    let m = byte_multiplier(unit).ok_or_else(|| {
        UnitError::new(
            Kind::Bytes,
            s,
            "units are B, KB, MB, GB, TB, PB (×1000) or KiB, MiB, GiB, TiB (×1024)",
        )
    })?;
    Ok(v * m)
}

fn duration_multiplier(unit: &str) -> Option<f64> {
    Some(match unit.trim() {
        "ns" => 1e-9,
        "us" | "µs" | "μs" => 1e-6,
        "ms" | "msec" | "millis" => 1e-3,
        "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
        // Not `m`: beside `ms` and `mo` it is too easily misread (5m: minutes? months?).
        "min" | "mins" | "minute" | "minutes" => 60.0,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
        "d" | "day" | "days" => SECONDS_PER_DAY,
        "w" | "week" | "weeks" => 7.0 * SECONDS_PER_DAY,
        "mo" | "month" | "months" => SECONDS_PER_MONTH,
        "y" | "yr" | "yrs" | "year" | "years" => SECONDS_PER_YEAR,
        _ => return None,
    })
}

/// `200ms`, `2 s`, `30 days`, `5 years`.
pub fn parse_duration(s: &str) -> Result<f64, UnitError> {
    let (v, unit) =
        split_number(s).ok_or_else(|| UnitError::new(Kind::Duration, s, "start with a number"))?;
    if unit.is_empty() {
        return Err(UnitError::new(
            Kind::Duration,
            s,
            "give the unit, e.g. `200ms`, `2 s` or `5 years`",
        ));
    }
    if unit.trim() == "m" || unit.trim() == "M" {
        return Err(UnitError::new(
            Kind::Duration,
            s,
            "`m` could mean minutes or months; write `min` for minutes, `ms` for milliseconds or `months`",
        ));
    }
    let m = duration_multiplier(unit).ok_or_else(|| {
        UnitError::new(
            Kind::Duration,
            s,
            "units are ns, us, ms, s, min, h, days, weeks, months, years",
        )
    })?;
    Ok(v * m)
}

/// `99.95%` → 0.9995; `0.2` → 0.2.
pub fn parse_fraction(s: &str) -> Result<f64, UnitError> {
    let (v, unit) =
        split_number(s).ok_or_else(|| UnitError::new(Kind::Fraction, s, "start with a number"))?;
    match unit {
        "%" => Ok(v / 100.0),
        "" => Kind::Fraction.from_number(v),
        _ => Err(UnitError::new(
            Kind::Fraction,
            s,
            "write a percentage like `99.95%` or a fraction like `0.2`",
        )),
    }
}

/// `$20,000`, `$50K`, `1.2M`, `20000 USD`.
pub fn parse_money(s: &str) -> Result<f64, UnitError> {
    let (v, rest) =
        split_number(s).ok_or_else(|| UnitError::new(Kind::Money, s, "e.g. `$20,000`"))?;
    let rest = rest
        .trim_end_matches("USD")
        .trim_end_matches("/month")
        .trim_end_matches("/mo")
        .trim();
    let m = count_multiplier(rest).ok_or_else(|| {
        UnitError::new(
            Kind::Money,
            s,
            "write dollars with an optional K/M suffix, e.g. `$50K`",
        )
    })?;
    Ok(v * m)
}

/// `100:1` → 100 (reads per write). `1:4` → 0.25.
pub fn parse_ratio(s: &str) -> Result<f64, UnitError> {
    let Some((a, b)) = s.split_once(':') else {
        return split_number(s)
            .filter(|(_, u)| u.is_empty())
            .map(|(v, _)| v)
            .ok_or_else(|| UnitError::new(Kind::Ratio, s, "write reads:writes, e.g. `100:1`"));
    };
    let a = parse_count(a).map_err(|_| UnitError::new(Kind::Ratio, s, "e.g. `100:1`"))?;
    let b = parse_count(b).map_err(|_| UnitError::new(Kind::Ratio, s, "e.g. `100:1`"))?;
    if b == 0.0 {
        return Err(UnitError::new(
            Kind::Ratio,
            s,
            "the right side must not be zero; for a read-only system use e.g. `1000000:1`",
        ));
    }
    Ok(a / b)
}

fn per_unit(unit: &str) -> Option<f64> {
    Some(match unit.trim() {
        "s" | "sec" | "second" => 1.0,
        "ms" => 1e3,
        "min" | "minute" | "m" => 1.0 / 60.0,
        "h" | "hr" | "hour" => 1.0 / 3600.0,
        "day" | "d" => 1.0 / SECONDS_PER_DAY,
        _ => return None,
    })
}

/// `900/s`, `1.2K/s`, `50/min`, `900 rps`, `900 qps`, `900`.
pub fn parse_rate(s: &str) -> Result<f64, UnitError> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    for tail in [" rps", "rps", " qps", "qps", " req/s", "req/s"] {
        if lower.ends_with(tail) {
            return parse_count(&t[..t.len() - tail.len()]);
        }
    }
    match t.split_once('/') {
        None => parse_count(t),
        Some((n, per)) => {
            let v = parse_count(n).map_err(|_| UnitError::new(Kind::Rate, s, "e.g. `900/s`"))?;
            let m = per_unit(per).ok_or_else(|| {
                UnitError::new(Kind::Rate, s, "the period is one of /s, /min, /h, /day")
            })?;
            Ok(v * m)
        }
    }
}

/// `40 MB/s`, `1 GB/s`, `100 Mbps` (bits are converted: 1 byte = 8 bits).
pub fn parse_byte_rate(s: &str) -> Result<f64, UnitError> {
    let t = s.trim();
    if let Some(n) = t.strip_suffix("bps") {
        let (v, unit) =
            split_number(n).ok_or_else(|| UnitError::new(Kind::ByteRate, s, "e.g. `100 Mbps`"))?;
        let m = count_multiplier(unit)
            .ok_or_else(|| UnitError::new(Kind::ByteRate, s, "e.g. `100 Mbps` or `1 Gbps`"))?;
        return Ok(v * m / 8.0);
    }
    let Some((n, per)) = t.split_once('/') else {
        return Err(UnitError::new(
            Kind::ByteRate,
            s,
            "give bytes per period, e.g. `40 MB/s`",
        ));
    };
    let b = parse_bytes(n).map_err(|e| UnitError::new(Kind::ByteRate, s, &e.hint))?;
    let m = per_unit(per)
        .ok_or_else(|| UnitError::new(Kind::ByteRate, s, "the period is one of /s, /min, /h"))?;
    Ok(b * m)
}

/// Human formatting with SI suffixes: 1234567 → "1.23M".
pub fn fmt_si(v: f64) -> String {
    let a = v.abs();
    let (d, s) = if a >= 1e12 {
        (1e12, "T")
    } else if a >= 1e9 {
        (1e9, "B")
    } else if a >= 1e6 {
        (1e6, "M")
    } else if a >= 1e3 {
        (1e3, "K")
    } else {
        (1.0, "")
    };
    trim_num(v / d, 3) + s
}

/// Bytes with SI units: 1.5e12 → "1.5 TB".
pub fn fmt_bytes(v: f64) -> String {
    let units = ["B", "KB", "MB", "GB", "TB", "PB", "EB"];
    let mut x = v;
    let mut i = 0;
    while x.abs() >= 1000.0 && i < units.len() - 1 {
        x /= 1000.0;
        i += 1;
    }
    format!("{} {}", trim_num(x, 3), units[i])
}

/// Seconds as a readable duration with 3 significant digits: 0.0123 → "12.3 ms",
/// 3.51e-17 → "< 1 ns". The value is rounded before its unit is chosen, so 0.99996 s is
/// "1 s", not "1000 ms".
pub fn fmt_duration(secs: f64) -> String {
    if !secs.is_finite() {
        return format!("{secs} s");
    }
    if secs == 0.0 {
        return "0 ms".into();
    }
    let r = round_sig(secs, 3);
    let a = r.abs();
    let sign = if secs < 0.0 { "-" } else { "" };
    let (v, unit) = if a < 1e-9 {
        return format!("{sign}< 1 ns");
    } else if a < 1e-6 {
        (a * 1e9, "ns")
    } else if a < 1e-3 {
        (a * 1e6, "µs")
    } else if a < 1.0 {
        (a * 1e3, "ms")
    } else if a < 120.0 {
        (a, "s")
    } else if a < 2.0 * 3600.0 {
        (a / 60.0, "min")
    } else if a < 2.0 * SECONDS_PER_DAY {
        (a / 3600.0, "h")
    } else if a < 2.0 * SECONDS_PER_YEAR {
        (a / SECONDS_PER_DAY, "days")
    } else {
        (a / SECONDS_PER_YEAR, "years")
    };
    format!("{sign}{} {unit}", trim_num(v, 3))
}

/// Milliseconds as a readable duration: 0.887 → "887 µs", 1.5e-14 → "< 1 ns".
pub fn fmt_ms(ms: f64) -> String {
    fmt_duration(ms / 1e3)
}

/// A count with its noun: `plural(1, "warning", "warnings")` → "1 warning".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `v` rounded to `sig` significant digits.
pub fn round_sig(v: f64, sig: usize) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let mag = v.abs().log10().floor() as i32;
    let p = 10f64.powi(sig as i32 - 1 - mag);
    if p.is_finite() && p > 0.0 {
        (v * p).round() / p
    } else {
        v
    }
}

/// Dollars: 12345.6 → "$12,346".
pub fn fmt_money(v: f64) -> String {
    let r = v.round() as i64;
    let s = r.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if r < 0 {
        format!("-${out}")
    } else {
        format!("${out}")
    }
}

/// A percentage with as many decimals as a share near 1 needs: 0.9995 → "99.95%".
pub fn fmt_percent(f: f64) -> String {
    let p = f * 100.0;
    if (99.0..100.0).contains(&p) {
        format!("{}%", trim_num(p, 6).trim_end_matches('.'))
    } else {
        format!("{}%", trim_num(p, 3))
    }
}

/// Round to `sig` significant digits and drop trailing zeros.
pub fn trim_num(v: f64, sig: usize) -> String {
    if v == 0.0 || !v.is_finite() {
        return if v.is_finite() {
            "0".into()
        } else {
            format!("{v}")
        };
    }
    let mag = v.abs().log10().floor() as i32;
    let decimals = (sig as i32 - 1 - mag).max(0) as usize;
    let s = format!("{:.*}", decimals, v);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Columns the tables and wrapped lines of this run are laid out for; `None`: no limit (a
/// pipe or a file, where a reader's viewer does the wrapping).
static TABLE_WIDTH: std::sync::OnceLock<Option<u16>> = std::sync::OnceLock::new();

/// Narrowest layout a table is squeezed into; below this a table is unreadable anyway.
pub const MIN_WIDTH: u16 = 40;

/// Decide the layout width once per run: `--width`, else `COLUMNS`, else the terminal's own
/// width when stdout is a terminal (`terminal` as comfy-table detects it), else no limit.
pub fn set_table_width(flag: Option<u16>, columns: Option<&str>, terminal: Option<u16>) {
    let w = flag
        .or_else(|| columns.and_then(|c| c.trim().parse::<u16>().ok()))
        .or(terminal)
        .map(|w| w.max(MIN_WIDTH));
    let _ = TABLE_WIDTH.set(w);
}

/// The width [`set_table_width`] chose; 100 columns when it was never called (library use,
/// unit tests), so output stays deterministic.
pub fn table_width() -> Option<u16> {
    *TABLE_WIDTH.get().unwrap_or(&Some(100))
}

/// Lay out a comfy-table for [`table_width`]: arranged to fit it, or unwrapped without one.
pub fn fit_table(t: &mut comfy_table::Table) {
    match table_width() {
        Some(w) => {
            t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
                .set_width(w);
        }
        None => {
            t.set_content_arrangement(comfy_table::ContentArrangement::Disabled);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        assert_eq!(parse_count("10M").unwrap(), 10e6);
        assert_eq!(parse_count("1.5K").unwrap(), 1500.0);
        assert_eq!(parse_count("250,000").unwrap(), 250_000.0);
        assert_eq!(parse_count("2e6").unwrap(), 2e6);
        assert_eq!(parse_count("3B").unwrap(), 3e9);
        assert!(parse_count("ten").is_err());
        assert!(parse_count("10X").is_err());
    }

    #[test]
    fn bytes() {
        assert_eq!(parse_bytes("500 B").unwrap(), 500.0);
        assert_eq!(parse_bytes("2 KB").unwrap(), 2000.0);
        assert_eq!(parse_bytes("4 MiB").unwrap(), 4.0 * 1024.0 * 1024.0);
        assert_eq!(parse_bytes("1.5TB").unwrap(), 1.5e12);
        assert!(parse_bytes("5 Kb").is_err());
    }

    #[test]
    fn durations() {
        assert!((parse_duration("200ms").unwrap() - 0.2).abs() < 1e-15);
        assert_eq!(parse_duration("2 s").unwrap(), 2.0);
        assert_eq!(parse_duration("5 years").unwrap(), 5.0 * 365.0 * 86400.0);
        assert_eq!(parse_duration("30 days").unwrap(), 30.0 * 86400.0);
        assert!(parse_duration("200").is_err());
        assert!(parse_duration("3 fortnights").is_err());
    }

    #[test]
    fn fractions_money_ratios_rates() {
        assert!((parse_fraction("99.95%").unwrap() - 0.9995).abs() < 1e-15);
        assert_eq!(parse_fraction("0.2").unwrap(), 0.2);
        assert!(parse_fraction("20").is_err());
        assert_eq!(parse_money("$20,000").unwrap(), 20_000.0);
        assert_eq!(parse_money("$50K").unwrap(), 50_000.0);
        assert_eq!(parse_ratio("100:1").unwrap(), 100.0);
        assert_eq!(parse_ratio("1:4").unwrap(), 0.25);
        assert!(parse_ratio("1:0").is_err());
        assert_eq!(parse_rate("900/s").unwrap(), 900.0);
        assert_eq!(parse_rate("1.2K/s").unwrap(), 1200.0);
        assert_eq!(parse_rate("60/min").unwrap(), 1.0);
        assert_eq!(parse_rate("900 rps").unwrap(), 900.0);
        assert_eq!(parse_byte_rate("40 MB/s").unwrap(), 40e6);
        assert_eq!(parse_byte_rate("8 Mbps").unwrap(), 1e6);
    }

    #[test]
    fn absurd_and_nan() {
        assert!(Kind::Count.parse("1e30").is_err());
        assert!(Kind::Count.parse("NaN").is_err());
        assert!(Kind::Count.from_number(f64::NAN).is_err());
    }

    #[test]
    fn formatting() {
        assert_eq!(fmt_si(1_234_567.0), "1.23M");
        assert_eq!(fmt_bytes(1.5e12), "1.5 TB");
        assert_eq!(fmt_duration(0.0123), "12.3 ms");
        assert_eq!(fmt_duration(3.51e-17), "< 1 ns");
        assert_eq!(fmt_duration(0.0), "0 ms");
        assert_eq!(fmt_duration(4.2e-9), "4.2 ns");
        assert_eq!(fmt_ms(0.887), "887 µs");
        assert_eq!(fmt_ms(0.99996), "1 ms");
        assert_eq!(fmt_duration(0.99996), "1 s");
        assert_eq!(fmt_duration(90.0), "90 s");
        assert_eq!(fmt_ms(258.4), "258 ms");
        assert_eq!(fmt_ms(1234.5), "1.23 s");
        assert_eq!(plural(1, "warning", "warnings"), "1 warning");
        assert_eq!(plural(2, "warning", "warnings"), "2 warnings");
        assert_eq!(plural(0, "warning", "warnings"), "0 warnings");
        assert_eq!(fmt_money(12345.6), "$12,346");
        assert_eq!(fmt_percent(0.9995), "99.95%");
        assert_eq!(fmt_percent(0.5), "50%");
    }
}
