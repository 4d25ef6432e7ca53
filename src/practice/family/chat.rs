//! Real-time chat: WebSocket servers hold every online user's connection, messages are
//! persisted and pushed to each recipient, presence is a heartbeat every 30 s in Redis.
//! Critical estimates: concurrent connections, WebSocket servers, deliveries and heartbeats.

use super::*;
use crate::practice::expr::ceil;

pub fn build(s: &mut Scenario) {
    s.intro = "Design a real-time chat service with 1:1 and group messages, presence and \
               message history."
        .into();
    let u = s.log(200e3, 5e6);
    s.state("U", "daily active users", u, Unit::Count);
    let r = s.log(20.0, 100.0);
    s.state("R", "messages each user sends a day", r, Unit::Count);
    let p = s.log(2.0, 4.0);
    s.state("P", "peak traffic ÷ average traffic", p, Unit::Count);
    let c = s.log(0.1, 0.3);
    s.state("c", "share of daily users online at peak", c, Unit::Share);
    let g = s.log(2.0, 10.0);
    s.state("g", "recipients per message, on average", g, Unit::Count);
    let sw = s.log(100.0, 500.0);
    s.state("Sw", "bytes stored per message", sw, Unit::Bytes);
    let y = s.pick(&[1.0, 2.0, 5.0]);
    s.state("Y", "years of history kept", y, Unit::Count);
    s.state("N", "copies of every message", 3.0, Unit::Count);
    let k = s.pick(&[20e3, 50e3, 100e3]);
    s.state(
        "K",
        "connections one WebSocket server holds",
        k,
        Unit::Count,
    );
    s.state(
        "T",
        "seconds between presence heartbeats",
        30.0,
        Unit::Count,
    );

    s.average(
        "avg_qps",
        "Messages/s on average",
        "How many messages are sent per second on average?",
        mul([fig("U"), fig("R")]),
    );
    s.peak("And at peak?");
    s.critical(
        "deliveries",
        "Deliveries/s at peak",
        "How many message deliveries per second must the WebSocket tier push at peak?",
        AnswerKind::Rate,
        "D",
        "deliveries per second at peak",
        Unit::Rate,
        mul([fig("Qp"), tag(Slip::Fanout, 1.0, fig("g"))]),
    );
    s.storage_per_year("messages", mul([fig("U"), fig("R")]), fig("Sw"));
    s.storage_total();
    s.critical(
        "connections",
        "Concurrent connections",
        "How many WebSocket connections are open at peak?",
        AnswerKind::Count,
        "Cn",
        "connections at peak",
        Unit::Count,
        mul([fig("U"), tag(Slip::Concurrency, 1.0, fig("c"))]),
    );
    s.critical(
        "ws_servers",
        "WebSocket servers",
        "How many WebSocket servers hold those connections (no spare)?",
        AnswerKind::Count,
        "Ws",
        "WebSocket servers",
        Unit::Count,
        ceil(div(fig("Cn"), fig("K"))),
    );
    s.critical(
        "heartbeats",
        "Presence heartbeats/s",
        "How many presence heartbeats per second reach Redis at peak?",
        AnswerKind::Rate,
        "H",
        "heartbeats per second",
        Unit::Rate,
        div(fig("Cn"), fig("T")),
    );
}

pub fn apply(figs: &Figures, spec: &mut Spec) {
    spec.qps = None;
    spec.peak_qps = None;
    spec.dau = Some(figs.value("U"));
    // Each message is one write; the ratio the spec keeps covers history reads.
    let reads = spec.read_write_ratio.unwrap_or(0.5);
    spec.requests_per_user = Some(figs.value("R") * (1.0 + reads));
    spec.peak_factor = Some(figs.value("P"));
    spec.concurrent_share = Some(figs.value("c"));
    spec.concurrent_users = None;
    spec.fanout = Some(figs.value("g"));
    spec.record_bytes = Some(figs.value("Sw"));
    apply_data(figs, spec);
}
