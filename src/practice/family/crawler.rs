//! Web crawler: a URL frontier with per-domain politeness feeds fetchers; pages are parsed,
//! deduplicated (a Bloom filter for URLs seen) and stored. Critical estimates: fetch rate,
//! download bandwidth, fetchers in flight and the Bloom filter's memory.

use super::*;
use crate::practice::expr::{ceil, konst};

pub fn build(s: &mut Scenario) {
    s.intro = "Design a web crawler that fetches and stores billions of pages, politely and \
               without fetching the same page twice."
        .into();
    let g = s.log(300e6, 10e9);
    s.state("G", "pages fetched a month", g, Unit::Count);
    let sp = s.log(50e3, 500e3);
    s.state("Sp", "bytes downloaded per page", sp, Unit::Bytes);
    let sc = s.log(10e3, 100e3);
    s.state(
        "Sc",
        "bytes stored per page after parsing and compression",
        sc,
        Unit::Bytes,
    );
    let y = s.pick(&[1.0, 2.0, 3.0]);
    s.state("Y", "years of pages kept", y, Unit::Count);
    s.state("N", "copies of every page", 3.0, Unit::Count);
    let tf = s.log(0.5, 3.0);
    s.state("Tf", "seconds one fetch takes", tf, Unit::Seconds);
    let fw = s.pick(&[50.0, 100.0, 200.0, 500.0]);
    s.state(
        "Fw",
        "fetches one crawler machine keeps in flight",
        fw,
        Unit::Count,
    );
    let nu = s.log(5e9, 50e9);
    s.state("Nu", "URLs the dedup filter must remember", nu, Unit::Count);
    s.state(
        "bu",
        "Bloom-filter bits per URL at a 1% false-positive rate",
        10.0,
        Unit::Count,
    );

    let month = konst(2_592_000.0, 2.5e6, "2.592M", "2.5M");
    s.ask(Ask {
        id: "fetch_rate",
        section: Section::Estimate,
        title: "Pages/s",
        prompt: "How many pages per second must the crawler fetch (a 30-day month)?".into(),
        kind: AnswerKind::Rate,
        sym: "Fr",
        meaning: "pages fetched per second",
        unit: Unit::Rate,
        formula: div(fig("G"), month),
        per: None,
        extra: vec![],
    });
    s.critical(
        "download_bandwidth",
        "Download bandwidth",
        "What inbound bandwidth do those fetches need?",
        AnswerKind::ByteRate,
        "Bd",
        "download bandwidth",
        Unit::ByteRate,
        mul([fig("Fr"), fig("Sp")]),
    );
    s.storage_year(
        "crawled pages",
        mul([fig("G"), konst(12.0, 10.0, "12", "10"), fig("Sc")]),
    );
    s.storage_total();
    s.critical(
        "crawlers",
        "Crawler machines",
        "How many crawler machines keep those fetches in flight (Little's law, no spare)?",
        AnswerKind::Count,
        "Cm",
        "crawler machines",
        Unit::Count,
        ceil(div(mul([fig("Fr"), fig("Tf")]), fig("Fw"))),
    );
    s.critical(
        "bloom_memory",
        "Bloom filter memory",
        "How much memory does the URL Bloom filter take?",
        AnswerKind::Bytes,
        "Mb",
        "Bloom filter memory",
        Unit::Bytes,
        div(
            mul([fig("Nu"), fig("bu")]),
            tag(Slip::BitsBytes, 1.0, konst(8.0, 8.0, "8", "8")),
        ),
    );
}

pub fn apply(figs: &Figures, spec: &mut Spec) {
    spec.dau = None;
    spec.requests_per_user = None;
    spec.peak_qps = None;
    let rate = figs.value("G") / 2_592_000.0;
    // A fetch reads the frontier and writes a page: one read for every write.
    spec.qps = Some(2.0 * rate);
    spec.read_write_ratio = Some(1.0);
    spec.write_bytes = Some(figs.value("Sp"));
    spec.record_bytes = Some(figs.value("Sc"));
    spec.documents = Some(figs.value("G"));
    apply_data(figs, spec);
}
