//! Notifications: events land in Kafka, a router checks preferences and fans out to channel
//! workers (push, e-mail, SMS, in-app) that wait on the providers. Critical estimates: sends
//! per second at peak and the workers that many sends in flight need (Little's law).

use super::*;
use crate::practice::expr::ceil;

pub fn build(s: &mut Scenario) {
    s.intro = "Design a notification system for push, e-mail, SMS and in-app messages, with \
               per-user preferences and delivery guarantees."
        .into();
    let e = s.log(10e6, 500e6);
    s.state("Ev", "events a day that notify someone", e, Unit::Count);
    let k = s.log(2.0, 6.0);
    s.state(
        "k",
        "notifications per event (recipients × channels)",
        k,
        Unit::Count,
    );
    let p = s.log(2.0, 5.0);
    s.state("P", "peak traffic ÷ average traffic", p, Unit::Count);
    let lp = s.log(0.1, 0.5);
    s.state(
        "Lp",
        "seconds a send waits on its provider",
        lp,
        Unit::Seconds,
    );
    let f = s.pick(&[20.0, 50.0, 100.0]);
    s.state("Fw", "sends one worker keeps in flight", f, Unit::Count);
    let bn = s.log(300.0, 1000.0);
    s.state("Bn", "bytes stored per notification", bn, Unit::Bytes);
    let d = s.pick(&[30.0, 60.0, 90.0]);
    s.state("Dk", "days notifications are kept", d, Unit::Count);
    s.state("N", "copies of every record", 3.0, Unit::Count);

    s.average(
        "avg_qps",
        "Events/s on average",
        "How many events per second arrive on average?",
        fig("Ev"),
    );
    s.peak("And at peak?");
    s.critical(
        "peak_sends",
        "Sends/s at peak",
        "How many notifications per second go out at peak?",
        AnswerKind::Rate,
        "Sp",
        "sends per second at peak",
        Unit::Rate,
        mul([fig("Qp"), tag(Slip::Fanout, 1.0, fig("k"))]),
    );
    s.critical(
        "workers",
        "Channel workers",
        "How many channel workers keep those sends in flight (Little's law, no spare)?",
        AnswerKind::Count,
        "Wk",
        "channel workers",
        Unit::Count,
        ceil(div(mul([fig("Sp"), fig("Lp")]), fig("Fw"))),
    );
    s.ask(Ask {
        id: "storage_total",
        section: Section::Estimate,
        title: "Storage held",
        prompt: "How much storage holds the notifications of the whole retention window, every \
                 copy?"
            .into(),
        kind: AnswerKind::Bytes,
        sym: "Bt",
        meaning: "storage held",
        unit: Unit::Bytes,
        formula: mul([
            fig("Ev"),
            tag(Slip::Fanout, 1.0, fig("k")),
            fig("Bn"),
            tag(Slip::Retention, 1.0, fig("Dk")),
            tag(Slip::Replication, 1.0, fig("N")),
        ]),
        per: None,
        extra: vec![],
    });
}

pub fn apply(figs: &Figures, spec: &mut Spec) {
    spec.dau = None;
    spec.requests_per_user = None;
    spec.peak_qps = None;
    spec.qps = Some(figs.value("Ev") / crate::units::SECONDS_PER_DAY);
    spec.peak_factor = Some(figs.value("P"));
    spec.fanout = Some(figs.value("k"));
    spec.record_bytes = Some(figs.value("Bn"));
    spec.retention_s = Some(figs.value("Dk") * crate::units::SECONDS_PER_DAY);
    spec.replication = Some(figs.value("N"));
    spec.growth_yearly = None;
}
