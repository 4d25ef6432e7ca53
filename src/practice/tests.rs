//! Drills as candidates meet them: a strong one working by hand, one with the usual slips,
//! one typing the same thing everywhere; seeds, input that survives, the design round.

use super::answer::{self, Answer};
use super::grade::Verdict;
use super::session::{self, Line, Lines, Stream};
use super::*;
use crate::units::{parse_bytes, parse_count, parse_duration, parse_fraction};
use std::collections::BTreeMap;

fn cat() -> Catalog {
    Catalog::builtin().unwrap()
}

/// The figures as the brief prints them: symbol → value, read back from the text.
fn stated(d: &Drill) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    for l in d.brief.lines() {
        let Some(l) = l.trim().strip_prefix("- ") else {
            continue;
        };
        let (rest, sym) = l.rsplit_once(" (").unwrap();
        let sym = sym.trim_end_matches(')');
        let v = rest.rsplit_once(": ").unwrap().1;
        let value = if let Some(b) = v.strip_suffix(" Mb/s") {
            parse_count(b).unwrap() * 1e6
        } else if v.ends_with('%') {
            parse_fraction(v).unwrap()
        } else if v.ends_with("ms") || v.ends_with(" s") {
            parse_duration(v).unwrap()
        } else if let Some(r) = v.strip_suffix("/s") {
            parse_count(r).unwrap()
        } else if v.ends_with('B') && v.contains(' ') {
            // Sizes have a space before the unit; `1B` alone is a billion.
            parse_bytes(v).unwrap()
        } else {
            parse_count(v).unwrap()
        };
        out.insert(sym.to_string(), value);
    }
    out
}

/// A strong candidate's answer to a numeric question, worked by hand from the brief.
fn by_hand(family: Option<Family>, id: &str, f: &BTreeMap<String, f64>) -> f64 {
    let g = |s: &str| *f.get(s).unwrap_or_else(|| panic!("{id}: no {s} in {f:?}"));
    let day = 86_400.0;
    let avg = || match family {
        Some(Family::Notifications) => g("Ev") / day,
        Some(Family::Autocomplete) => g("U") * g("S") * g("Tc") / g("d") / day,
        Some(Family::RateLimiter) => g("A"),
        _ if f.contains_key("A") => g("A"),
        _ => g("U") * g("R") / day,
    };
    let peak = || avg() * g("P");
    let writes = || peak() / (g("r") + 1.0);
    let writes_day = || g("U") * g("R") / (g("r") + 1.0);
    let per_year = || match family {
        Some(Family::Chat) => g("U") * g("R") * g("Sw") * 365.0,
        Some(Family::FileStorage) => writes_day() * (g("Sw") + g("m") * g("Sf")) * 365.0,
        Some(Family::WebCrawler) => g("G") * 12.0 * g("Sc"),
        Some(Family::VideoStreaming) => g("Vu") * g("Lv") * g("Sm") * 365.0,
        _ if f.contains_key("A") => g("A") * day / (g("r") + 1.0) * g("Sw") * 365.0,
        _ => writes_day() * g("Sw") * 365.0,
    };
    let links = || writes_day() * 365.0 * g("Y");
    let rate = || g("G") / (30.0 * day);
    match id {
        "avg_qps" => avg(),
        "peak_qps" => peak(),
        "write_qps" => writes(),
        "storage_per_year" => per_year(),
        "storage_total" if family == Some(Family::Notifications) => {
            g("Ev") * g("k") * g("Bn") * g("Dk") * g("N")
        }
        "storage_total" => per_year() * g("Y") * g("N"),
        "egress" => match family {
            Some(Family::Autocomplete) => peak() * g("Sr"),
            Some(Family::VideoStreaming) => g("U") * g("c") * g("b") / 8.0,
            _ => peak() * g("r") / (g("r") + 1.0) * g("Sr"),
        },
        "links_total" => links(),
        "code_length" => (links().ln() / 62f64.ln()).ceil(),
        "cache_memory" => g("h") * links() * g("Sw"),
        "deliveries" => peak() * g("g"),
        "connections" => g("U") * g("c"),
        "ws_servers" => (g("U") * g("c") / g("K")).ceil(),
        "heartbeats" => g("U") * g("c") / g("T"),
        "fanout_writes" => writes() * g("f"),
        "feed_cache" => g("U") * g("F") * g("Si"),
        "upload_ingress" => writes() * g("m") * g("Sf"),
        "chunk_writes" => writes() * g("m") * g("Sf") / 4e6,
        "daily_checks" => g("A") * day,
        "redis_ops" => peak() * g("L"),
        "counter_memory" => g("K") * g("L") * g("Bc"),
        "redis_nodes" => (peak() * g("L") / g("On")).ceil(),
        "peak_sends" => peak() * g("k"),
        "workers" => (peak() * g("k") * g("Lp") / g("Fw")).ceil(),
        "origin_qps" => peak() * g("o"),
        "trie_memory" => g("Np") * g("Kt") * g("Bs"),
        "fetch_rate" => rate(),
        "download_bandwidth" => rate() * g("Sp"),
        "crawlers" => (rate() * g("Tf") / g("Fw")).ceil(),
        "bloom_memory" => g("Nu") * g("bu") / 8.0,
        "viewers" => g("U") * g("c"),
        "transcoders" => (g("Vu") * g("Lv") * g("Rz") * g("Tm") / 1440.0).ceil(),
        other => panic!("no hand formula for {other}"),
    }
}

/// Typed as a person would: three digits and a unit; bandwidth in bits.
fn typed(q: &Question, v: f64) -> String {
    use crate::units::{fmt_bytes, fmt_si};
    match q.kind {
        AnswerKind::Rate => format!("{} qps", fmt_si(v)),
        AnswerKind::Bytes => fmt_bytes(v),
        AnswerKind::ByteRate => expr::bits(v * 8.0),
        AnswerKind::Whole => format!("{v}"),
        _ => fmt_si(v),
    }
}

/// The strong candidate's sheet: every estimate by hand, the design round as the plan has it.
fn strong(d: &Drill) -> Vec<String> {
    let f = stated(d);
    d.questions
        .iter()
        .map(|q| match &q.reference {
            Reference::Number { .. } | Reference::Whole { .. } => {
                typed(q, by_hand(d.family, q.id, &f))
            }
            Reference::Components { accept, .. } => accept
                .first()
                .map(|r| r.as_str().replace('_', " "))
                .unwrap_or_else(|| "nothing".into()),
            Reference::Scaling {
                replicas, shards, ..
            } => match (replicas, shards) {
                (false, false) => "neither",
                (true, false) => "read replicas",
                (false, true) => "shards",
                (true, true) => "both",
            }
            .into(),
            Reference::Phase { number, .. } => format!("phase {number}"),
        })
        .collect()
}

fn session_of(d: &Drill, lines: &[String]) -> (Sheet, String) {
    let input: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let mut out = Vec::new();
    let (s, _) = session::run(
        d,
        &mut Stream::new(input.as_bytes(), true),
        &mut out,
        session::Options::default(),
    )
    .unwrap();
    (s, String::from_utf8(out).unwrap())
}

#[test]
fn a_strong_candidate_scores_full_marks_on_every_family() {
    let cat = cat();
    for &f in FAMILIES {
        for level in [Level::Easy, Level::Medium, Level::Hard] {
            for seed in [1, 2, 77] {
                let d = generate(f, seed, level, &cat).unwrap();
                let (s, text) = session_of(&d, &strong(&d));
                assert_eq!(s.score, s.out_of, "{f:?} {level:?} {seed}:\n{text}");
                assert!(s.slips.is_empty(), "{f:?} {seed}: {:?}", s.slips);
                assert!(text.contains("Nothing to fix"), "{text}");
            }
        }
    }
}

#[test]
fn every_figure_an_answer_needs_is_in_the_brief() {
    // Worked solutions define every symbol they use; each input symbol is in the brief.
    let cat = cat();
    for &f in FAMILIES {
        let d = generate(f, 5, Level::Hard, &cat).unwrap();
        let syms = stated(&d);
        for q in &d.questions {
            assert!(!q.worked.is_empty(), "{f:?} {}", q.id);
            if matches!(q.reference, Reference::Number { .. }) {
                assert!(
                    q.worked[1].trim_start().starts_with("where"),
                    "{:?}",
                    q.worked
                );
                assert!(q.worked.iter().any(|l| l.contains("mental:")));
                assert!(q.worked.iter().any(|l| l.contains("exact:")));
            }
        }
        assert!(syms.len() >= 4, "{f:?}: {syms:?}");
    }
}

#[test]
fn file_storage_counts_the_uploads() {
    let d = generate(Family::FileStorage, 3, Level::Medium, &cat()).unwrap();
    let f = stated(&d);
    let q = d
        .questions
        .iter()
        .find(|q| q.id == "storage_per_year")
        .unwrap();
    let Reference::Number { value, .. } = q.reference else {
        panic!()
    };
    let uploads = f["U"] * f["R"] / (f["r"] + 1.0) * f["m"] * f["Sf"] * 365.0;
    assert!(value > uploads, "{value} vs uploads {uploads}");
    // Metadata alone is the uploads slip.
    let meta = f["U"] * f["R"] / (f["r"] + 1.0) * f["Sw"] * 365.0;
    let g = grade::grade(q, "", &Answer::Number(meta).into(), false);
    assert_eq!(g.slip, Some(slip::Slip::Uploads), "{g:?}");
}

#[test]
fn the_rate_limiter_has_no_database_question_and_counters_follow_clients() {
    let d = generate(Family::RateLimiter, 4, Level::Hard, &cat()).unwrap();
    assert!(!d.questions.iter().any(|q| q.id == "db_scaling"));
    let q = d
        .questions
        .iter()
        .find(|q| q.id == "first_to_break")
        .unwrap();
    assert!(!q.prompt.contains("database"), "{}", q.prompt);
    let f = stated(&d);
    let q = d
        .questions
        .iter()
        .find(|q| q.id == "counter_memory")
        .unwrap();
    let Reference::Number { value, .. } = q.reference else {
        panic!()
    };
    assert_eq!(value, f["K"] * 3.0 * f["Bc"]);
}

#[test]
fn forgetting_the_peak_factor_is_named_on_that_answer() {
    let cat = cat();
    for seed in 0..20 {
        let d = generate(Family::UrlShortener, seed, Level::Medium, &cat).unwrap();
        let f = stated(&d);
        let mut lines = strong(&d);
        let avg = by_hand(d.family, "avg_qps", &f);
        lines[1] = format!("{avg}");
        let (s, text) = session_of(&d, &lines);
        let q2 = text
            .split("Q2/")
            .nth(1)
            .unwrap()
            .split("Q3/")
            .next()
            .unwrap();
        assert!(
            q2.contains("you left out the peak factor"),
            "P={} {q2}",
            f["P"]
        );
        assert_eq!(
            s.items[1].result.as_ref().unwrap().slip,
            Some(slip::Slip::PeakFactor)
        );
        // Inside 2× it still costs half the point.
        if f["P"] <= 2.0 {
            assert!(q2.contains("Right size, wrong route"), "{q2}");
        }
    }
}

#[test]
fn the_usual_slips_are_named() {
    let d = generate(Family::UrlShortener, 9, Level::Medium, &cat()).unwrap();
    let f = stated(&d);
    let q = |id: &str| d.questions.iter().find(|q| q.id == id).unwrap().clone();
    let check = |id: &str, v: f64, want: slip::Slip| {
        let g = grade::grade(&q(id), "", &Answer::Number(v).into(), false);
        assert_eq!(g.slip, Some(want), "{id} {v}: {g:?}");
    };
    let by = by_hand(d.family, "storage_per_year", &f);
    check("storage_total", by * f["Y"], slip::Slip::Replication);
    check("storage_total", by * f["N"], slip::Slip::Retention);
    check("storage_per_year", by / 365.0, slip::Slip::Days365);
    check("storage_per_year", by * 1000.0, slip::Slip::Prefix);
    let e = by_hand(d.family, "egress", &f);
    check("egress", e * 8.0, slip::Slip::BitsBytes);
    let peak = by_hand(d.family, "peak_qps", &f);
    check("write_qps", peak, slip::Slip::ReadWriteSplit);
    check("avg_qps", peak, slip::Slip::PeakAsAverage);
    check("avg_qps", peak / f["P"] * 86_400.0, slip::Slip::PerDay);
}

#[test]
fn a_miss_gets_one_retry_for_half_credit_and_nothing_past_four_times() {
    let d = generate(Family::Chat, 2, Level::Medium, &cat()).unwrap();
    let mut lines = strong(&d);
    let right = lines[0].clone();
    lines[0] = "42".into();
    lines.insert(1, right);
    let (s, text) = session_of(&d, &lines);
    assert!(text.contains("One more try for half credit"), "{text}");
    let g = s.items[0].result.as_ref().unwrap();
    assert!(g.retry);
    assert_eq!(g.points, 0.5);
    let q = &d.questions[0];
    let Reference::Number { value, .. } = q.reference else {
        panic!()
    };
    let at = |k: f64| grade::grade(q, "", &Answer::Number(value * k).into(), false);
    assert_eq!(at(3.9).verdict, Verdict::Close);
    assert_eq!(at(4.5).verdict, Verdict::Miss);
    assert_eq!(at(4.5).points, 0.0);
}

#[test]
fn a_constant_answer_sheet_scores_under_a_fifth() {
    let cat = cat();
    let constants = [
        "1", "2", "10", "42", "100", "1000", "1M", "1 GB", "1 TB", "100 MB/s", "database",
        "phase 2", "app",
    ];
    let mut total = 0.0;
    let mut n = 0.0;
    for &f in FAMILIES {
        for seed in 0..6 {
            let d = generate(f, seed, Level::Medium, &cat).unwrap();
            for c in constants {
                let answers: BTreeMap<String, String> = d
                    .questions
                    .iter()
                    .map(|q| (q.id.to_string(), c.to_string()))
                    .collect();
                let s = Sheet::new(&d, session::grade_file(&d, &answers).unwrap(), None);
                total += s.score / s.out_of;
                n += 1.0;
            }
        }
    }
    let avg = total / n;
    eprintln!("constant sheets: average {avg:.3} over {n} sheets");
    assert!(avg < 0.2, "{avg}");
}

#[test]
fn seeds_give_fresh_numbers_and_replay_exactly() {
    let cat = cat();
    for &f in FAMILIES {
        let a = generate(f, 11, Level::Medium, &cat).unwrap();
        let b = generate(f, 11, Level::Medium, &cat).unwrap();
        assert_eq!(a, b, "{f:?}");
        let c = generate(f, 12, Level::Medium, &cat).unwrap();
        assert_ne!(a.brief, c.brief, "{f:?}");
        let refs = |d: &Drill| {
            d.questions
                .iter()
                .map(|q| q.reference.shown().to_string())
                .collect::<Vec<_>>()
        };
        assert_ne!(refs(&a), refs(&c), "{f:?}");
    }
    assert_eq!(pick(3), pick(3));
    let picked: std::collections::BTreeSet<Family> = (0..100).map(pick).collect();
    assert!(picked.len() > 6);
}

#[test]
fn examples_never_sit_near_the_reference() {
    let cat = cat();
    for &f in FAMILIES {
        for seed in 0..5 {
            let d = generate(f, seed, Level::Medium, &cat).unwrap();
            for q in &d.questions {
                let (Reference::Number { value, .. }, Ok(p)) =
                    (&q.reference, answer::parse(q, &q.example))
                else {
                    continue;
                };
                let g = grade::grade(q, &q.example, &p, false);
                assert_eq!(g.points, 0.0, "{f:?} {} {} vs {value}", q.id, q.example);
            }
        }
    }
}

#[test]
fn periods_and_bits_are_read_as_meant() {
    let d = generate(Family::UrlShortener, 1, Level::Medium, &cat()).unwrap();
    let q = |id: &str| d.questions.iter().find(|q| q.id == id).unwrap();
    let num = |id: &str, s: &str| match answer::parse(q(id), s).unwrap().answer {
        Answer::Number(v) => v,
        other => panic!("{s}: {other:?}"),
    };
    assert_eq!(num("storage_per_year", "3 TB/day"), 3e12 * 365.0);
    assert!((num("storage_per_year", "100 GB/month") - 1.2e12).abs() < 1.0);
    assert_eq!(num("storage_per_year", "900 GB/year"), 900e9);
    assert!(answer::parse(q("storage_total"), "3 TB/day")
        .unwrap_err()
        .contains("that is a rate"));
    assert_eq!(num("egress", "70 Mb/s"), 70e6 / 8.0);
    assert_eq!(num("egress", "70 Mbps"), 70e6 / 8.0);
    assert_eq!(num("egress", "70 MB/s"), 70e6);
    assert_eq!(num("egress", "1 Gbit/s"), 1e9 / 8.0);
    assert_eq!(num("avg_qps", "12k qps"), 12e3);
    assert_eq!(num("avg_qps", "1.2 million/day"), 1.2e6 / 86_400.0);
    assert_eq!(num("links_total", "3.5 trillion"), 3.5e12);
    assert!(answer::parse(q("storage_total"), "15").is_err());
    let comp = |s: &str| answer::parse(q("first_to_break"), s).map(|p| p.answer);
    assert_eq!(
        comp("the database"),
        Ok(Answer::Component(Some(Role::Database)))
    );
    assert_eq!(comp("Redis"), Ok(Answer::Component(Some(Role::Cache))));
    assert_eq!(comp("nothing"), Ok(Answer::Component(None)));
    assert!(comp("banana").is_err());
}

use crate::model::sizing::Role;

#[test]
fn junk_and_bytes_that_are_not_text_are_asked_again() {
    let d = generate(Family::Chat, 1, Level::Easy, &cat()).unwrap();
    let right = strong(&d)[0].clone();
    let mut input: Vec<u8> = b"banana\n\xff\xfe\x80\n\n".to_vec();
    input.extend_from_slice(format!("{right}\n").as_bytes());
    let mut out = Vec::new();
    let (s, end) = session::run(
        &d,
        &mut Stream::new(&input[..], true),
        &mut out,
        session::Options::default(),
    )
    .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("Couldn't read \"banana\""), "{text}");
    assert!(text.contains("it is not text"), "{text}");
    assert_eq!(end, session::End::EndOfInput);
    assert_eq!(s.answered, 1);
    // Every question counts: one right of all of them.
    assert!(
        text.contains(&format!("Score: 1 / {}", d.questions.len())),
        "{text}"
    );
}

/// Lines that answer, then press Ctrl-C.
struct ThenInterrupt(Vec<String>);

impl Lines for ThenInterrupt {
    fn read(&mut self, prompt: &str, out: &mut dyn std::io::Write) -> std::io::Result<Line> {
        write!(out, "{prompt}")?;
        Ok(if self.0.is_empty() {
            Line::Interrupted
        } else {
            Line::Text(self.0.remove(0))
        })
    }
}

#[test]
fn ctrl_c_prints_the_summary_so_far() {
    let d = generate(Family::NewsFeed, 1, Level::Medium, &cat()).unwrap();
    let first = strong(&d)[0].clone();
    let mut out = Vec::new();
    let (s, end) = session::run(
        &d,
        &mut ThenInterrupt(vec![first]),
        &mut out,
        session::Options { timed: true },
    )
    .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(end, session::End::Interrupted);
    assert!(text.contains("(interrupted)"), "{text}");
    assert!(
        text.contains(&format!("Score: 1 / {} (", d.questions.len())),
        "{text}"
    );
    assert!(text.contains("Time: "), "{text}");
    assert!(s.seconds.is_some() && s.items[0].result.as_ref().unwrap().seconds.is_some());
}

#[test]
fn the_design_round_follows_the_plan() {
    let cat = cat();
    let d = generate(Family::UrlShortener, 1, Level::Hard, &cat).unwrap();
    let mut ls = builtin("url-shortener").unwrap().unwrap();
    let mut draw = family::Draw::new(1, Level::Hard);
    let s = Family::UrlShortener.build(&mut draw);
    Family::UrlShortener.apply(&s.figs, &mut ls.spec);
    reference_hardware(&mut ls.spec);
    let p = crate::plan::build(&ls.spec, &cat);
    let phase = d.questions.iter().find(|q| q.id == "phase").unwrap();
    assert_eq!(
        phase.reference,
        Reference::Phase {
            number: p.phase.number,
            shown: format!("Phase {} — {}", p.phase.number, p.phase.name)
        }
    );
    let p10 = crate::plan::build_core(&crate::plan::scaled(&ls.spec, 10.0), &cat, false);
    let at10 = d.questions.iter().find(|q| q.id == "phase_at_10x").unwrap();
    assert!(
        matches!(at10.reference, Reference::Phase { number, .. } if number == p10.phase.number)
    );
    // What breaks at 10× is a component whose shape differs in the plan at 10×.
    let q = d
        .questions
        .iter()
        .find(|q| q.id == "breaks_at_10x")
        .unwrap();
    if let Reference::Components { accept, .. } = &q.reference {
        for r in accept {
            let before = p.components.iter().find(|c| c.role == *r);
            let after = p10.components.iter().find(|c| c.role == *r);
            assert!(
                before.map(|c| (&c.tier, c.layout.map(|l| l.shards)))
                    != after.map(|c| (&c.tier, c.layout.map(|l| l.shards))),
                "{r:?}"
            );
        }
    }
}

#[test]
fn fixed_drills_and_spec_files_state_their_figures() {
    let cat = cat();
    for n in scenario_names() {
        if Family::by_name(n).is_some() {
            continue;
        }
        let ls = builtin(n).unwrap().unwrap();
        let d = from_spec(&ls, &cat, Level::Medium, Some(n.into()));
        let (s, text) = session_of(&d, &strong(&d));
        assert_eq!(s.score, s.out_of, "{n}:\n{text}");
    }
}
