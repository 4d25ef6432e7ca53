//! Video streaming: uploads go to S3, a worker fleet transcodes each video into 4 resolutions
//! of short segments, and a global CDN delivers them with adaptive bitrate. Critical
//! estimates: concurrent viewers, delivery bandwidth (bitrates are quoted in bits), storage
//! of the transcoded uploads, and the transcoding fleet.

use super::*;
use crate::practice::expr::{ceil, konst};

pub fn build(s: &mut Scenario) {
    s.intro = "Design a video streaming platform: creators upload, the platform transcodes, \
               and viewers around the world stream with adaptive bitrate."
        .into();
    let u = s.log(10e6, 300e6);
    s.state("U", "daily active viewers", u, Unit::Count);
    let c = s.log(0.02, 0.1);
    s.state(
        "c",
        "share of daily viewers watching at peak",
        c,
        Unit::Share,
    );
    let b = s.log(2e6, 8e6);
    s.state("b", "average stream bitrate", b, Unit::BitRate);
    let vu = s.log(100e3, 1e6);
    s.state("Vu", "videos uploaded a day", vu, Unit::Count);
    let lv = s.log(4.0, 15.0);
    s.state("Lv", "minutes per uploaded video", lv, Unit::Count);
    let sm = s.log(200e6, 400e6);
    s.state(
        "Sm",
        "bytes stored per video-minute, all 4 resolutions",
        sm,
        Unit::Bytes,
    );
    s.state(
        "Rz",
        "resolutions each video is transcoded to",
        4.0,
        Unit::Count,
    );
    let t = s.log(1.0, 4.0);
    s.state(
        "Tm",
        "worker-minutes to transcode one video-minute at one resolution",
        t,
        Unit::Count,
    );
    let y = s.pick(&[5.0, 10.0]);
    s.state("Y", "years videos are kept", y, Unit::Count);
    s.state("N", "copies of every byte", 1.0, Unit::Count);

    s.critical(
        "viewers",
        "Concurrent viewers",
        "How many viewers are streaming at peak?",
        AnswerKind::Count,
        "V",
        "viewers at peak",
        Unit::Count,
        mul([fig("U"), tag(Slip::Concurrency, 1.0, fig("c"))]),
    );
    s.critical(
        "egress",
        "Delivery bandwidth at peak",
        "What bandwidth does delivering those streams take at peak (CDN and origin together)?",
        AnswerKind::ByteRate,
        "E",
        "delivery bandwidth at peak",
        Unit::ByteRate,
        div(
            mul([fig("V"), fig("b")]),
            tag(Slip::BitsBytes, 1.0, konst(8.0, 8.0, "8", "8")),
        ),
    );
    s.storage_year(
        "uploads (after transcoding)",
        mul([fig("Vu"), fig("Lv"), fig("Sm"), year_days()]),
    );
    s.storage_total();
    s.critical(
        "transcoders",
        "Transcoding workers",
        "How many transcoding workers keep up with a day of uploads (busy around the clock, \
         no spare)?",
        AnswerKind::Count,
        "Tw",
        "transcoding workers",
        Unit::Count,
        ceil(div(
            mul([fig("Vu"), fig("Lv"), fig("Rz"), fig("Tm")]),
            konst(1440.0, 1500.0, "1,440", "1.5K"),
        )),
    );
}

pub fn apply(figs: &Figures, spec: &mut Spec) {
    spec.qps = None;
    spec.peak_qps = None;
    let u = figs.value("U");
    spec.dau = Some(u);
    // The spec's reads per write stay; its writes a day are the uploads.
    let ratio = spec.read_write_ratio.unwrap_or(2000.0);
    spec.requests_per_user = Some(figs.value("Vu") * (ratio + 1.0) / u);
    spec.concurrent_users = Some(u * figs.value("c"));
    spec.concurrent_share = None;
    spec.media_bytes = Some(figs.value("Lv") * figs.value("Sm"));
    spec.media_share = Some(1.0);
    spec.worker_s = Some(figs.value("Lv") * figs.value("Rz") * figs.value("Tm") * 60.0);
    apply_data(figs, spec);
}
