//! News feed with hybrid fan-out: a normal user's post is written into every follower's
//! precomputed feed (Kafka carries the fan-out), celebrities' posts are merged on read.
//! Critical estimates: fan-out writes per second and the memory of the precomputed feeds.

use super::*;

pub fn build(s: &mut Scenario) {
    s.intro = "Design a social news feed: users post, and opening the feed shows the latest \
               posts of everyone they follow."
        .into();
    web_traffic(s, (10e6, 500e6), (10.0, 50.0), (20.0, 100.0));
    let f = s.log(100.0, 500.0);
    s.state("f", "followers per poster, on average", f, Unit::Count);
    let sw = s.log(500.0, 2000.0);
    s.state("Sw", "bytes stored per post", sw, Unit::Bytes);
    let sr = s.log(10e3, 50e3);
    s.state("Sr", "bytes in a feed page", sr, Unit::Bytes);
    let y = s.pick(&[5.0, 10.0]);
    s.state("Y", "years posts are kept", y, Unit::Count);
    s.state("N", "copies of every post", 3.0, Unit::Count);
    let l = s.pick(&[200.0, 500.0, 800.0]);
    s.state(
        "F",
        "post ids kept in each precomputed feed",
        l,
        Unit::Count,
    );
    s.state("Si", "bytes per post id in a feed", 8.0, Unit::Bytes);

    s.average(
        "avg_qps",
        "Average QPS",
        "What is the average load (feed opens and posts), in requests per second?",
        mul([fig("U"), fig("R")]),
    );
    s.peak("And the peak?");
    s.writes_at_peak("new posts");
    s.critical(
        "fanout_writes",
        "Fan-out writes/s at peak",
        "Fanning out on write, how many feed insertions per second happen at peak?",
        AnswerKind::Rate,
        "Fw",
        "feed insertions per second at peak",
        Unit::Rate,
        mul([fig("W"), tag(Slip::Fanout, 1.0, fig("f"))]),
    );
    s.storage_per_year("posts", writes_per_day(), fig("Sw"));
    s.storage_total();
    s.egress();
    s.critical(
        "feed_cache",
        "Precomputed feeds in memory",
        "How much memory do the precomputed feeds of every daily user take (ids only)?",
        AnswerKind::Bytes,
        "Mf",
        "feed memory",
        Unit::Bytes,
        mul([fig("U"), fig("F"), fig("Si")]),
    );
}

pub fn apply(figs: &Figures, spec: &mut Spec) {
    apply_web(figs, spec);
    apply_data(figs, spec);
    spec.fanout = Some(figs.value("f"));
    spec.read_bytes = Some(figs.value("Sr"));
    spec.record_bytes = Some(figs.value("Sw"));
}
