//! Locust's `--csv PREFIX` history file, `PREFIX_stats_history.csv`: a row every few seconds
//! per endpoint. The `Aggregated` rows are grouped by `User Count`; each group with traffic is
//! one load level: the mean `Requests/s` and the median of the window's `50%` and `99%`
//! response times (milliseconds). The first row of each group (the step's ramp) is skipped
//! when the group has more.

use super::super::{CalibrateError, LoadPoint, MAX_POINTS};
use std::collections::BTreeMap;

/// Whether a CSV header is Locust's history header.
pub fn is_locust(header_line: &str) -> bool {
    header_line.contains("User Count") && header_line.contains("Requests/s")
}

fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[m]
    } else {
        0.5 * (v[m - 1] + v[m])
    })
}

struct Group {
    line: usize,
    rps: Vec<f64>,
    p50: Vec<f64>,
    p99: Vec<f64>,
}

pub fn read(name: &str, text: &str) -> Result<Vec<LoadPoint>, CalibrateError> {
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let err = |line: Option<usize>, msg: String| {
        CalibrateError::at(
            name,
            line,
            None,
            msg,
            Some("Locust's `PREFIX_stats_history.csv`"),
            None,
        )
    };
    let header = rdr.headers().map_err(|e| err(None, e.to_string()))?.clone();
    let col = |h: &str| header.iter().position(|x| x == h);
    let (Some(users), Some(rps), Some(name_c)) =
        (col("User Count"), col("Requests/s"), col("Name"))
    else {
        return Err(err(
            Some(1),
            "no `User Count`, `Requests/s` or `Name` column".into(),
        ));
    };
    let (p50, p99) = (col("50%"), col("99%"));
    let mut groups: BTreeMap<u64, Group> = BTreeMap::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| err(e.position().map(|p| p.line() as usize), e.to_string()))?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        if rec.get(name_c) != Some("Aggregated") {
            continue;
        }
        let num = |i: usize| {
            rec.get(i)
                .and_then(|s| s.parse::<f64>().ok())
                .filter(|v| v.is_finite() && *v >= 0.0)
        };
        let (Some(u), Some(r)) = (num(users), num(rps)) else {
            return Err(err(
                Some(line),
                "`User Count` and `Requests/s` must be non-negative numbers".into(),
            ));
        };
        if r <= 0.0 || u <= 0.0 {
            continue;
        }
        if groups.len() >= MAX_POINTS {
            return Err(err(
                Some(line),
                format!("more than {MAX_POINTS} user counts"),
            ));
        }
        let g = groups.entry(u as u64).or_insert(Group {
            line,
            rps: vec![],
            p50: vec![],
            p99: vec![],
        });
        g.rps.push(r);
        g.p50.extend(p50.and_then(num));
        g.p99.extend(p99.and_then(num));
    }
    let points: Vec<LoadPoint> = groups
        .into_iter()
        .map(|(u, mut g)| {
            let skip = usize::from(g.rps.len() > 1);
            let r = &g.rps[skip..];
            let mut p = LoadPoint::new(
                u as f64,
                r.iter().sum::<f64>() / r.len() as f64,
                format!("{name}:{}", g.line),
            );
            p.p50_s = median(&mut g.p50).map(|v| v * 1e-3);
            p.p99_s = median(&mut g.p99).map(|v| v * 1e-3);
            p
        })
        .collect();
    if points.is_empty() {
        return Err(err(None, "no `Aggregated` rows with traffic".into()));
    }
    Ok(points)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_by_user_count() {
        let t = "\"Timestamp\",\"User Count\",\"Type\",\"Name\",\"Requests/s\",\"Failures/s\",\"50%\",\"99%\"\n\
1,10,\"\",\"Aggregated\",90,0,11,30\n\
2,10,\"\",\"Aggregated\",100,0,10,28\n\
3,10,\"\",\"Aggregated\",102,0,10,26\n\
3,10,\"GET\",\"/\",102,0,10,26\n\
4,20,\"\",\"Aggregated\",190,0,12,35\n";
        let p = read("l.csv", t).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].concurrency, 10.0);
        assert!((p[0].throughput - 101.0).abs() < 1e-12);
        assert!((p[0].p50_s.unwrap() - 0.010).abs() < 1e-12);
        assert!((p[1].throughput - 190.0).abs() < 1e-12);
    }
}
