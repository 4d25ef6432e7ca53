//! wrk's text report (`wrk -c N -d 30s --latency URL`): one load level per file, the
//! connections as concurrency, `Requests/sec`, the mean and standard deviation of `Latency`
//! and, with `--latency`, its 50% and 99% lines.

use super::super::{CalibrateError, LoadPoint};

/// Whether `text` looks like a wrk report.
pub fn is_wrk(text: &str) -> bool {
    text.contains("Requests/sec:") && text.contains("connections")
}

fn duration(s: &str) -> Option<f64> {
    crate::units::parse_duration(s)
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
}

pub fn read(name: &str, text: &str) -> Result<Vec<LoadPoint>, CalibrateError> {
    let (mut conns, mut rps, mut mean, mut sd, mut p50, mut p99) =
        (None, None, None, None, None, None);
    for line in text.lines() {
        let w: Vec<&str> = line.split_whitespace().collect();
        match w.as_slice() {
            [_, "threads", "and", c, "connections", ..] => conns = c.parse::<f64>().ok(),
            ["Requests/sec:", r, ..] => rps = r.parse::<f64>().ok(),
            ["Latency", m, s, ..] => {
                mean = duration(m);
                sd = duration(s);
            }
            ["50%", v] => p50 = duration(v),
            ["99%", v] => p99 = duration(v),
            _ => {}
        }
    }
    let (Some(c), Some(r), Some(m)) = (conns, rps, mean) else {
        return Err(CalibrateError::at(
            name,
            None,
            None,
            "a wrk report without its connections, `Requests/sec` or `Latency` line",
            Some("the text wrk prints (`wrk -c N -d 30s --latency URL > FILE`)"),
            None,
        ));
    };
    let mut p = LoadPoint::new(c, r, name.to_string());
    p.mean_s = Some(m);
    p.sd_s = sd;
    p.p50_s = p50;
    p.p99_s = p99;
    Ok(vec![p])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_report() {
        let t = "Running 30s test @ http://127.0.0.1:8080/\n  4 threads and 64 connections\n  Thread Stats   Avg      Stdev     Max   +/- Stdev\n    Latency     5.12ms    2.01ms  30.00ms   85.00%\n    Req/Sec     3.1k   200.00     3.5k    70.00%\n  Latency Distribution\n     50%    4.80ms\n     75%    6.00ms\n     90%    8.00ms\n     99%   12.00ms\n  372000 requests in 30.00s, 45.00MB read\nRequests/sec:  12400.00\nTransfer/sec:      1.50MB\n";
        assert!(is_wrk(t));
        let p = &read("w.txt", t).unwrap()[0];
        assert_eq!((p.concurrency, p.throughput), (64.0, 12400.0));
        assert!((p.mean_s.unwrap() - 0.00512).abs() < 1e-12);
        assert!((p.sd_s.unwrap() - 0.00201).abs() < 1e-12);
        assert!((p.p99_s.unwrap() - 0.012).abs() < 1e-12);
    }
}
