//! k6's end-of-test summary as JSON: `k6 run --summary-export FILE` (metrics hold their
//! figures directly) or a `handleSummary` JSON dump (figures under `values`). One load level
//! per file: `vus_max` virtual users, `http_reqs` rate, `http_req_duration` in milliseconds.

use super::super::{CalibrateError, LoadPoint};
use serde_json::Value;

/// A metric's figure, in either summary layout.
fn figure(metrics: &Value, metric: &str, stat: &str) -> Option<f64> {
    let m = metrics.get(metric)?;
    m.get("values")
        .and_then(|v| v.get(stat))
        .or_else(|| m.get(stat))
        .and_then(Value::as_f64)
        .filter(|v| v.is_finite() && *v >= 0.0)
}

pub fn read(name: &str, text: &str) -> Result<Vec<LoadPoint>, CalibrateError> {
    let v: Value = serde_json::from_str(text).map_err(|e| {
        CalibrateError::at(
            name,
            Some(e.line()),
            Some(e.column()),
            format!("not JSON: {e}"),
            Some("k6's summary JSON (`k6 run --summary-export FILE`)"),
            None,
        )
    })?;
    let missing = |what: &str| {
        CalibrateError::at(
            name,
            None,
            None,
            format!("k6 summary without {what}"),
            Some("`metrics.vus_max`, `metrics.http_reqs` and `metrics.http_req_duration`"),
            Some("export the summary with `k6 run --summary-export FILE` at a constant number of VUs"),
        )
    };
    let metrics = v.get("metrics").ok_or_else(|| missing("`metrics`"))?;
    let vus = figure(metrics, "vus_max", "max")
        .or_else(|| figure(metrics, "vus_max", "value"))
        .ok_or_else(|| missing("`vus_max`"))?;
    let rate = figure(metrics, "http_reqs", "rate").ok_or_else(|| missing("`http_reqs.rate`"))?;
    let ms = |stat| figure(metrics, "http_req_duration", stat).map(|v| v * 1e-3);
    let mut p = LoadPoint::new(vus, rate, name.to_string());
    p.mean_s = ms("avg");
    p.p50_s = ms("med");
    p.p99_s = ms("p(99)");
    if p.mean_s.is_none() {
        return Err(missing("`http_req_duration.avg`"));
    }
    Ok(vec![p])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_layouts() {
        let export = r#"{"metrics":{"vus_max":{"value":50,"min":50,"max":50},
            "http_reqs":{"count":60000,"rate":1000.5},
            "http_req_duration":{"avg":49.1,"med":45.0,"p(90)":70,"p(95)":80}}}"#;
        let p = &read("k.json", export).unwrap()[0];
        assert_eq!((p.concurrency, p.throughput), (50.0, 1000.5));
        assert!((p.mean_s.unwrap() - 0.0491).abs() < 1e-12);
        assert_eq!(p.p99_s, None);
        let handle = r#"{"metrics":{"vus_max":{"type":"gauge","values":{"value":20,"min":20,"max":20}},
            "http_reqs":{"values":{"count":10,"rate":400}},
            "http_req_duration":{"values":{"avg":50,"med":48,"p(99)":90}}}}"#;
        let p = &read("h.json", handle).unwrap()[0];
        assert_eq!((p.concurrency, p.throughput), (20.0, 400.0));
        assert!((p.p99_s.unwrap() - 0.09).abs() < 1e-12);
        let e = read("x.json", r#"{"metrics":{}}"#).unwrap_err().to_string();
        assert!(e.contains("vus_max"), "{e}");
    }
}
