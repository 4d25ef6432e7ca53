//! File storage and sync: metadata in PostgreSQL, file contents in S3 split into ~4 MB chunks
//! (sync re-sends only changed chunks). Storage counts the uploads, not just the metadata.
//! Critical estimates: upload bandwidth and chunk writes at peak.

use super::*;
use crate::practice::expr::konst;

pub fn build(s: &mut Scenario) {
    s.intro = "Design a file storage and sync service: users upload and download files from \
               any device and share them."
        .into();
    web_traffic(s, (5e6, 50e6), (10.0, 50.0), (2.0, 8.0));
    let m = s.log(0.05, 0.2);
    s.state("m", "share of writes that upload a file", m, Unit::Share);
    let sf = s.log(1e6, 8e6);
    s.state(
        "Sf",
        "bytes in an uploaded file, on average",
        sf,
        Unit::Bytes,
    );
    s.state("Sw", "bytes of metadata per write", 1e3, Unit::Bytes);
    let sr = s.log(50e3, 500e3);
    s.state(
        "Sr",
        "bytes in a read response, on average",
        sr,
        Unit::Bytes,
    );
    let y = s.pick(&[5.0, 10.0]);
    s.state("Y", "years files are kept", y, Unit::Count);
    s.state("N", "copies of every byte", 3.0, Unit::Count);

    s.average(
        "avg_qps",
        "Average QPS",
        "What is the average load, in requests per second?",
        mul([fig("U"), fig("R")]),
    );
    s.peak("And the peak?");
    s.writes_at_peak("edits and uploads");
    s.critical(
        "upload_ingress",
        "Upload bandwidth at peak",
        "What inbound bandwidth do the uploads need at peak?",
        AnswerKind::ByteRate,
        "I",
        "upload bandwidth at peak",
        Unit::ByteRate,
        mul([fig("W"), fig("m"), fig("Sf")]),
    );
    s.critical(
        "chunk_writes",
        "Chunk writes/s at peak",
        "Files are split into 4 MB chunks. How many chunk writes per second reach object \
         storage at peak?",
        AnswerKind::Rate,
        "Cw",
        "chunk writes per second at peak",
        Unit::Rate,
        div(
            mul([fig("W"), fig("m"), fig("Sf")]),
            konst(4e6, 4e6, "4 MB", "4 MB"),
        ),
    );
    s.storage_per_year(
        "metadata and uploads",
        writes_per_day(),
        add([
            fig("Sw"),
            tag(Slip::Uploads, 0.0, mul([fig("m"), fig("Sf")])),
        ]),
    );
    s.storage_total();
    s.egress();
}

pub fn apply(figs: &Figures, spec: &mut Spec) {
    apply_web(figs, spec);
    apply_data(figs, spec);
    spec.media_share = Some(figs.value("m"));
    spec.media_bytes = Some(figs.value("Sf"));
    spec.record_bytes = Some(figs.value("Sw"));
    spec.read_bytes = Some(figs.value("Sr"));
}
