//! A drill from any spec: the figures the plan resolved (the spec's own and the defaults it
//! took) are stated in the brief, and the estimates every design starts from are computed
//! from them.

use super::*;
use crate::plan::Plan;

pub fn build(s: &mut Scenario, spec: &Spec, p: &Plan) {
    let w = &p.workload;
    let st = &p.storage;
    let per_day = match (spec.dau, spec.requests_per_user) {
        (Some(u), Some(r)) => {
            s.state("U", "daily active users", u, Unit::Count);
            s.state("R", "requests per user a day", r, Unit::Count);
            mul([fig("U"), fig("R")])
        }
        _ => {
            s.state("A", "requests per second on average", w.avg_qps, Unit::Rate);
            mul([fig("A"), day()])
        }
    };
    s.state(
        "r",
        "reads for every write",
        w.read_write_ratio,
        Unit::Count,
    );
    s.state(
        "P",
        "peak traffic ÷ average traffic",
        w.peak_factor,
        Unit::Count,
    );
    s.state("Sr", "bytes in a read response", w.read_bytes, Unit::Bytes);
    let per_write = if st.records_per_day > 0.0 {
        st.bytes_per_day / st.records_per_day
    } else {
        0.0
    };
    s.state("Sw", "bytes stored per write", per_write, Unit::Bytes);
    s.state("Y", "years data is kept", st.retention_years, Unit::Count);
    s.state("N", "copies of every record", st.replication, Unit::Count);

    if s.figs.has("U") {
        s.average(
            "avg_qps",
            "Average QPS",
            "What is the average load, in requests per second?",
            per_day.clone(),
        );
    } else {
        // The average is stated: the peak builds on it directly.
        s.figs
            .derive("Q", "average requests per second", Unit::Rate, fig("A"));
    }
    s.peak("And the peak?");
    s.writes_at_peak("records");
    if per_write > 0.0 {
        s.storage_per_year("writes", div(per_day, split()), fig("Sw"));
        s.storage_total();
    }
    if w.read_bytes > 0.0 {
        s.egress();
    }
}

/// Build a scenario for a spec (no family: the spec's own figures).
pub fn scenario(spec: &Spec, p: &Plan, level: Level) -> Scenario {
    let mut d = Draw::new(0, level);
    let mut s = Scenario::new(None, &mut d);
    s.intro = format!("Today's design: {}.", spec.name);
    build(&mut s, spec, p);
    s
}
