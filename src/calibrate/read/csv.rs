//! A load-test CSV with a header naming its columns: one row per load level.
//!
//! | quantity | header names (case and punctuation ignored) | unit |
//! |---|---|---|
//! | concurrency | `concurrency`, `vus`, `users`, `connections`, `clients`, `threads` | requests in flight |
//! | offered load (instead) | `offered_rps`, `offered_load`, `target_rps`, `arrival_rate` | requests/s |
//! | throughput | `throughput`, `rps`, `tps`, `requests_per_s`, `req_per_s` | requests/s |
//! | mean latency | `latency`, `mean`, `avg`, `response_time` + `_ms`, `_us` or `_s` | as named |
//! | latency sd, p50, p99 | `sd`/`stdev`, `p50`/`median`, `p99` + `_ms`, `_us` or `_s` | as named |
//! | CPU | `cpu` (fraction or `%` values), `cpu_percent` | of the instance's vCPUs |
//!
//! A latency column without a unit in its name takes values with units (`12ms`). Other
//! columns are ignored.

use super::super::{CalibrateError, LoadPoint, MAX_POINTS};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Col {
    Concurrency,
    Offered,
    Throughput,
    /// A latency statistic, with the unit in its name (seconds per unit) if any.
    Mean(Option<f64>),
    Sd(Option<f64>),
    P50(Option<f64>),
    P99(Option<f64>),
    /// CPU, with the divisor (100 for percent).
    Cpu(f64),
}

/// `Latency (ms)` → `latency_ms`.
fn normalise(h: &str) -> String {
    let mut out = String::new();
    for c in h.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

fn classify(h: &str) -> Option<Col> {
    let n = normalise(h);
    match n.as_str() {
        "concurrency" | "vus" | "users" | "virtual_users" | "connections" | "clients"
        | "threads" | "n" => return Some(Col::Concurrency),
        "offered_rps" | "offered_load" | "target_rps" | "arrival_rate" | "offered" => {
            return Some(Col::Offered)
        }
        "throughput" | "throughput_rps" | "rps" | "tps" | "requests_per_s" | "req_per_s"
        | "requests_s" | "x" => return Some(Col::Throughput),
        "cpu" | "cpu_util" | "cpu_utilization" | "utilization" => return Some(Col::Cpu(1.0)),
        "cpu_percent" | "cpu_pct" => return Some(Col::Cpu(100.0)),
        _ => {}
    }
    let (stem, unit) = match n.rsplit_once('_') {
        Some((s, "ms")) => (s, Some(1e-3)),
        Some((s, "us")) => (s, Some(1e-6)),
        Some((s, "s")) => (s, Some(1.0)),
        _ => (n.as_str(), None),
    };
    match stem {
        "latency" | "mean" | "avg" | "average" | "mean_latency" | "avg_latency"
        | "response_time" | "latency_mean" | "latency_avg" => Some(Col::Mean(unit)),
        "sd" | "stdev" | "std" | "latency_sd" | "latency_stdev" => Some(Col::Sd(unit)),
        "p50" | "median" | "latency_p50" => Some(Col::P50(unit)),
        "p99" | "latency_p99" => Some(Col::P99(unit)),
        _ => None,
    }
}

/// Read the CSV `text` of file `name`.
pub fn read(name: &str, text: &str) -> Result<Vec<LoadPoint>, CalibrateError> {
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .flexible(false)
        .from_reader(text.as_bytes());
    let header = rdr.headers().map_err(|e| csv_error(name, &e))?.clone();
    let cols: Vec<Option<Col>> = header.iter().map(classify).collect();
    let has = |f: fn(&Col) -> bool| cols.iter().flatten().any(f);
    if !has(|c| *c == Col::Throughput) {
        return Err(header_error(name, "no throughput column", &header));
    }
    let offered = has(|c| *c == Col::Offered);
    if !has(|c| *c == Col::Concurrency) && !offered {
        return Err(header_error(
            name,
            "no concurrency or offered-load column",
            &header,
        ));
    }
    if offered && !has(|c| matches!(c, Col::Mean(_))) {
        return Err(CalibrateError::at(
            name,
            Some(1),
            None,
            "an offered-load test needs a mean latency column",
            Some("a column such as `latency_ms`"),
            Some(
                "the concurrency of an open-loop test is throughput × mean latency (Little's law)",
            ),
        ));
    }
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| csv_error(name, &e))?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        if out.len() >= MAX_POINTS {
            return Err(CalibrateError::at(
                name,
                Some(line),
                None,
                format!("more than {MAX_POINTS} load levels"),
                None,
                Some("a load test has one row per load level; aggregate raw samples first"),
            ));
        }
        out.push(row(name, line, &header, &cols, &rec)?);
    }
    if out.is_empty() {
        return Err(CalibrateError::at(
            name,
            None,
            None,
            "no rows after the header",
            Some("one row per load level"),
            None,
        ));
    }
    Ok(out)
}

fn row(
    name: &str,
    line: usize,
    header: &csv::StringRecord,
    cols: &[Option<Col>],
    rec: &csv::StringRecord,
) -> Result<LoadPoint, CalibrateError> {
    let mut p = LoadPoint::new(f64::NAN, f64::NAN, format!("{name}:{line}"));
    let mut offered = None;
    for (i, (col, field)) in cols.iter().zip(rec.iter()).enumerate() {
        let Some(col) = col else { continue };
        if field.is_empty() {
            continue;
        }
        let bad = |expected: &str| {
            CalibrateError::at(
                name,
                Some(line),
                Some(i + 1),
                format!("column `{}`: cannot read `{field}`", &header[i]),
                Some(expected),
                None,
            )
        };
        let num = || {
            field
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0)
        };
        let secs = |unit: Option<f64>| -> Result<f64, CalibrateError> {
            match unit {
                Some(u) => num().map(|v| v * u).ok_or_else(|| bad("a non-negative number")),
                None => crate::units::parse_duration(field)
                    .ok()
                    .filter(|v| v.is_finite() && *v >= 0.0)
                    .ok_or_else(|| {
                        bad("a duration with its unit, e.g. `12ms` (or name the unit in the header: `latency_ms`)")
                    }),
            }
        };
        match *col {
            Col::Concurrency => {
                p.concurrency = num().ok_or_else(|| bad("a non-negative number"))?
            }
            Col::Offered => offered = Some(num().ok_or_else(|| bad("a non-negative number"))?),
            Col::Throughput => p.throughput = num().ok_or_else(|| bad("a non-negative number"))?,
            Col::Mean(u) => p.mean_s = Some(secs(u)?),
            Col::Sd(u) => p.sd_s = Some(secs(u)?),
            Col::P50(u) => p.p50_s = Some(secs(u)?),
            Col::P99(u) => p.p99_s = Some(secs(u)?),
            Col::Cpu(div) => {
                let v = match field.strip_suffix('%') {
                    Some(pct) => pct.trim().parse::<f64>().ok().map(|v| v / 100.0),
                    None => num().map(|v| v / div),
                };
                let v = v.filter(|v| (0.0..=1.0).contains(v)).ok_or_else(|| {
                    bad("a utilization from 0 to 1 (or `85%`; name the column `cpu_percent` for percentages)")
                })?;
                p.cpu = Some(v);
            }
        }
    }
    if p.concurrency.is_nan() {
        if let (Some(_), Some(m)) = (offered, p.mean_s) {
            p.concurrency = p.throughput * m;
        }
    }
    if p.throughput.is_nan() || p.concurrency.is_nan() {
        return Err(CalibrateError::at(
            name,
            Some(line),
            None,
            "the row has no throughput or no concurrency",
            Some("a value in every throughput and concurrency cell"),
            None,
        ));
    }
    Ok(p)
}

fn header_error(name: &str, what: &str, header: &csv::StringRecord) -> CalibrateError {
    CalibrateError::at(
        name,
        Some(1),
        None,
        format!(
            "{what} in the header ({})",
            header.iter().collect::<Vec<_>>().join(", ")
        ),
        Some("columns such as `concurrency,throughput_rps,latency_ms,p99_ms,cpu`"),
        Some("see `capplan calibrate --help` for the column names it reads"),
    )
}

fn csv_error(name: &str, e: &csv::Error) -> CalibrateError {
    let line = e.position().map(|p| p.line() as usize);
    let msg = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("the row has {len} fields where the header has {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => "the file is not UTF-8 text".to_string(),
        _ => e.to_string(),
    };
    CalibrateError::at(name, line, None, msg, None, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_named_columns_with_units() {
        let t = "Concurrency,Throughput (rps),Latency (ms),p99_ms,cpu_percent\n1,210,4.8,11,12\n8,1500,5.3,14,85\n";
        let p = read("t.csv", t).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[1].concurrency, 8.0);
        assert_eq!(p[1].throughput, 1500.0);
        assert!((p[1].mean_s.unwrap() - 0.0053).abs() < 1e-12);
        assert!((p[1].p99_s.unwrap() - 0.014).abs() < 1e-12);
        assert!((p[1].cpu.unwrap() - 0.85).abs() < 1e-12);
        assert_eq!(p[1].at, "t.csv:3");
    }

    #[test]
    fn offered_load_takes_littles_law() {
        let t = "offered_rps,throughput,latency\n100,100,10ms\n";
        let p = read("o.csv", t).unwrap();
        assert!((p[0].concurrency - 1.0).abs() < 1e-12);
    }

    #[test]
    fn errors_name_line_column_and_expectation() {
        let e = read("b.csv", "concurrency,throughput,latency\n1,100,12\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("b.csv:2:3: column `latency`"), "{e}");
        assert!(e.contains("latency_ms"), "{e}");
        let e = read("h.csv", "users,latency_ms\n1,2\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("no throughput column"), "{e}");
        let e = read("c.csv", "n,x,cpu\n1,100,85\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("cpu_percent"), "{e}");
        let e = read("r.csv", "n,x\n1,100,3\n").unwrap_err().to_string();
        assert!(e.contains("3 fields where the header has 2"), "{e}");
    }
}
