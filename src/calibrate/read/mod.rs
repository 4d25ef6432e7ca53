//! Readers, one per load-test format, each turning a file's text into load levels. The format
//! is recognised from the text: JSON is k6's summary, a header with `User Count` and
//! `Requests/s` is Locust's history, a report with `Requests/sec:` is wrk's, anything else a
//! CSV with named columns.

mod csv;
mod k6;
mod locust;
mod samples;
mod wrk;

pub use samples::{read_samples, MAX_SAMPLES};

use super::{CalibrateError, LoadPoint};

/// The formats the readers know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Csv,
    K6,
    Locust,
    Wrk,
}

pub fn detect(text: &str) -> Format {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('{') {
        Format::K6
    } else if wrk::is_wrk(t) {
        Format::Wrk
    } else if locust::is_locust(t.lines().next().unwrap_or("")) {
        Format::Locust
    } else {
        Format::Csv
    }
}

/// The load levels in file `name`.
pub fn read(name: &str, text: &str) -> Result<(Format, Vec<LoadPoint>), CalibrateError> {
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(CalibrateError::at(
            name,
            None,
            None,
            "the file is empty",
            Some("a load-test CSV, k6 summary JSON, Locust history CSV or wrk report"),
            None,
        ));
    }
    let f = detect(text);
    let points = match f {
        Format::Csv => csv::read(name, text)?,
        Format::K6 => k6::read(name, text)?,
        Format::Locust => locust::read(name, text)?,
        Format::Wrk => wrk::read(name, text)?,
    };
    Ok((f, points))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_format() {
        assert_eq!(detect("{\"metrics\":{}}"), Format::K6);
        assert_eq!(
            detect("\"Timestamp\",\"User Count\",\"Requests/s\"\n"),
            Format::Locust
        );
        assert_eq!(
            detect("  2 threads and 10 connections\nRequests/sec: 5\n"),
            Format::Wrk
        );
        assert_eq!(detect("concurrency,throughput\n1,2\n"), Format::Csv);
    }
}
