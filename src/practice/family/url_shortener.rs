//! URL shortener: ~100:1 reads to writes, base62 codes from an auto-increment ID, Redis in
//! front of the store ("caching is the design"). Critical estimates: the links created over
//! the retention window, the code length that covers them, and the cache for the hot links.

use super::*;

pub fn build(s: &mut Scenario) {
    s.intro = "Design a URL shortener: create short codes for long links and redirect anyone \
               who opens one."
        .into();
    web_traffic(s, (20e6, 300e6), (2.0, 10.0), (50.0, 200.0));
    let sr = s.log(300.0, 800.0);
    s.state("Sr", "bytes in a redirect response", sr, Unit::Bytes);
    let sw = s.log(300.0, 1000.0);
    s.state("Sw", "bytes stored per link", sw, Unit::Bytes);
    let y = s.pick(&[3.0, 5.0, 10.0]);
    s.state("Y", "years links are kept", y, Unit::Count);
    s.state("N", "copies of every record", 3.0, Unit::Count);
    let h = s.log(0.01, 0.05);
    s.state("h", "share of links hot enough to cache", h, Unit::Share);

    s.average(
        "avg_qps",
        "Average QPS",
        "What is the average load, in requests per second?",
        mul([fig("U"), fig("R")]),
    );
    s.peak("And the peak, in requests per second?");
    s.writes_at_peak("new links");
    s.storage_per_year("links", writes_per_day(), fig("Sw"));
    s.storage_total();
    s.egress();
    s.critical(
        "links_total",
        "Links over the retention window",
        "How many links exist once the retention window is full?",
        AnswerKind::Count,
        "L",
        "links held",
        Unit::Count,
        mul([
            writes_per_day(),
            year_days(),
            tag(Slip::Retention, 1.0, fig("Y")),
        ]),
    );
    s.critical(
        "code_length",
        "Short-code length",
        "How many base62 characters must a code have to give every one of those links its \
         own code? (a whole number)",
        AnswerKind::Whole,
        "C",
        "code length",
        Unit::Count,
        ceil_log62(fig("L")),
    );
    s.critical(
        "cache_memory",
        "Cache for the hot links",
        "How much cache memory holds the hot links (data only, one copy)?",
        AnswerKind::Bytes,
        "M",
        "cache memory",
        Unit::Bytes,
        mul([fig("h"), fig("L"), fig("Sw")]),
    );
}

/// `⌈log₆₂(n)⌉`: 62 symbols a character (a–z, A–Z, 0–9).
fn ceil_log62(e: Expr) -> Expr {
    crate::practice::expr::ceil(Expr::Log(62.0, "log₆₂", Box::new(e)))
}

pub fn apply(figs: &Figures, spec: &mut Spec) {
    apply_web(figs, spec);
    apply_data(figs, spec);
    spec.read_bytes = Some(figs.value("Sr"));
    spec.record_bytes = Some(figs.value("Sw"));
    spec.hot_set = Some(figs.value("h"));
}
