//! Distributed rate limiter: every API server checks centralized Redis counters (INCR with a
//! TTL) at several scopes — per IP, per user, per endpoint — and answers 429 past the limit.
//! No database. Critical estimates: Redis operations at peak, counter memory (set by the
//! clients active in a window, not by the request rate), and Redis nodes.

use super::*;
use crate::practice::expr::{ceil, konst};

pub fn build(s: &mut Scenario) {
    s.intro = "Design a distributed rate limiter in front of an API served by many servers.".into();
    let a = s.log(10e3, 200e3);
    s.state("A", "API requests per second on average", a, Unit::Rate);
    let p = s.log(2.0, 10.0);
    s.state("P", "peak traffic ÷ average traffic", p, Unit::Count);
    s.state(
        "L",
        "scopes checked per request (IP, user, endpoint)",
        3.0,
        Unit::Count,
    );
    let k = s.log(1e6, 20e6);
    s.state(
        "K",
        "distinct clients active in a one-minute window",
        k,
        Unit::Count,
    );
    let b = s.log(50.0, 150.0);
    s.state(
        "Bc",
        "bytes per counter in Redis (key, count, TTL)",
        b,
        Unit::Bytes,
    );
    let n = s.pick(&[100e3, 150e3, 200e3]);
    s.state(
        "On",
        "operations per second one Redis node serves",
        n,
        Unit::Rate,
    );

    s.ask(Ask {
        id: "daily_checks",
        section: Section::Estimate,
        title: "Requests a day",
        prompt: "How many requests a day pass through the limiter?".into(),
        kind: AnswerKind::Count,
        sym: "Dd",
        meaning: "requests a day",
        unit: Unit::Count,
        formula: mul([fig("A"), konst(86_400.0, 1e5, "86,400", "10⁵")]),
        per: None,
        extra: vec![],
    });
    s.ask(Ask {
        id: "peak_qps",
        section: Section::Estimate,
        title: "Peak QPS",
        prompt: "What is the peak load the limiter must check, in requests per second?".into(),
        kind: AnswerKind::Rate,
        sym: "Qp",
        meaning: "peak requests per second",
        unit: Unit::Rate,
        formula: mul([fig("A"), peak_factor()]),
        per: None,
        extra: vec![],
    });
    s.critical(
        "redis_ops",
        "Redis operations/s at peak",
        "How many counter operations per second reach Redis at peak?",
        AnswerKind::Rate,
        "Ro",
        "Redis operations per second at peak",
        Unit::Rate,
        mul([fig("Qp"), fig("L")]),
    );
    s.critical(
        "counter_memory",
        "Counter memory",
        "How much Redis memory do the live counters take?",
        AnswerKind::Bytes,
        "Mc",
        "counter memory",
        Unit::Bytes,
        mul([fig("K"), fig("L"), fig("Bc")]),
    );
    s.critical(
        "redis_nodes",
        "Redis nodes for throughput",
        "How many Redis nodes does that operation rate need (no spare)?",
        AnswerKind::Count,
        "Rn",
        "Redis nodes",
        Unit::Count,
        ceil(div(fig("Ro"), fig("On"))),
    );
}

pub fn apply(figs: &Figures, spec: &mut Spec) {
    spec.dau = None;
    spec.requests_per_user = None;
    spec.peak_qps = None;
    spec.qps = Some(figs.value("A"));
    spec.peak_factor = Some(figs.value("P"));
}
