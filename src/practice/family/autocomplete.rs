//! Search autocomplete: a precomputed top-K trie in memory, the short prefixes served from the
//! CDN edge, keystrokes debounced on the client. Critical estimates: suggestion requests at
//! peak, what reaches the trie servers past the CDN, and the trie's memory.

use super::*;

pub fn build(s: &mut Scenario) {
    s.intro = "Design search autocomplete: suggest the top completions as the user types, in \
               under 100 ms."
        .into();
    let u = s.log(20e6, 500e6);
    s.state("U", "daily active users", u, Unit::Count);
    let n = s.log(3.0, 10.0);
    s.state("S", "searches per user a day", n, Unit::Count);
    let t = s.log(8.0, 20.0);
    s.state("Tc", "characters typed per search", t, Unit::Count);
    let d = s.pick(&[2.0, 3.0]);
    s.state(
        "d",
        "characters per request after debouncing",
        d,
        Unit::Count,
    );
    let p = s.log(1.5, 3.0);
    s.state("P", "peak traffic ÷ average traffic", p, Unit::Count);
    let o = s.log(0.3, 0.7);
    s.state(
        "o",
        "share of requests the CDN cannot answer",
        o,
        Unit::Share,
    );
    let sr = s.log(500.0, 2000.0);
    s.state("Sr", "bytes in a suggestion response", sr, Unit::Bytes);
    let np = s.log(10e6, 500e6);
    s.state("Np", "prefixes in the trie", np, Unit::Count);
    s.state(
        "Kt",
        "completions stored per prefix (top K)",
        10.0,
        Unit::Count,
    );
    let bs = s.log(20.0, 50.0);
    s.state("Bs", "bytes per stored completion", bs, Unit::Bytes);

    s.average(
        "avg_qps",
        "Suggestion requests/s",
        "How many suggestion requests per second arrive on average?",
        div(mul([fig("U"), fig("S"), fig("Tc")]), fig("d")),
    );
    s.peak("And at peak?");
    s.critical(
        "origin_qps",
        "Requests past the CDN at peak",
        "How many requests per second reach the trie servers at peak?",
        AnswerKind::Rate,
        "Qo",
        "origin requests per second at peak",
        Unit::Rate,
        mul([fig("Qp"), fig("o")]),
    );
    s.critical(
        "trie_memory",
        "Trie memory",
        "How much memory holds the precomputed completions (one copy)?",
        AnswerKind::Bytes,
        "Mt",
        "trie memory",
        Unit::Bytes,
        mul([fig("Np"), fig("Kt"), fig("Bs")]),
    );
    s.critical(
        "egress",
        "Egress at peak",
        "What bandwidth do all suggestion responses (edge and origin) need at peak?",
        AnswerKind::ByteRate,
        "E",
        "egress at peak",
        Unit::ByteRate,
        mul([fig("Qp"), fig("Sr")]),
    );
}

pub fn apply(figs: &Figures, spec: &mut Spec) {
    spec.qps = None;
    spec.peak_qps = None;
    spec.dau = Some(figs.value("U"));
    spec.requests_per_user = Some(figs.value("S") * figs.value("Tc") / figs.value("d"));
    spec.peak_factor = Some(figs.value("P"));
    spec.static_share = Some(1.0 - figs.value("o"));
    spec.read_bytes = Some(figs.value("Sr"));
}
