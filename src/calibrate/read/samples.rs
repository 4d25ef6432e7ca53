//! A file of raw latency samples, one a line: a plain number of milliseconds (`12.5`) or a
//! number with its unit (`850us`); blank lines and `#` comments skipped.

use super::super::CalibrateError;
use crate::queueing::ServiceDist;

/// Most samples one file may hold.
pub const MAX_SAMPLES: usize = 5_000_000;

/// Latencies in seconds.
pub fn read_samples(name: &str, text: &str) -> Result<Vec<f64>, CalibrateError> {
    let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
    if lines > MAX_SAMPLES {
        return Err(CalibrateError::at(
            name,
            None,
            None,
            format!("{lines} latency samples, more than {MAX_SAMPLES}"),
            None,
            Some("a random subsample of 100,000 fits as well"),
        ));
    }
    let v = ServiceDist::parse_empirical(text)
        .map_err(|e| CalibrateError::at(name, None, None, e.to_string(), None, None))?;
    if v.len() < 20 {
        return Err(CalibrateError::at(
            name,
            None,
            None,
            format!(
                "{} latency samples, too few to tell distributions apart",
                v.len()
            ),
            Some("at least 20 samples, one a line (`12.5` ms or `12ms`)"),
            None,
        ));
    }
    Ok(v)
}
