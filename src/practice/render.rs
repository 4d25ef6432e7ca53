//! The sheet as text, Markdown or JSON, and the answers-file template.

use super::grade::{factor_words, feedback};
use super::sheet::{Item, Sheet};
use super::Drill;
use crate::units::{fmt_percent, trim_num};

/// Width text is wrapped to: fits a default terminal with room to spare.
const WIDTH: usize = 100;

/// Wrap every line of `text` at [`WIDTH`] on spaces, continuing under the line's own indent
/// (past a `- `, `1. ` or `Q1/12  ` marker; else two more spaces). Lines the user typed (`> …`)
/// are left alone.
pub fn wrap(text: &str) -> String {
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let (body, nl) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        if body.chars().count() <= WIDTH || body.starts_with("> ") {
            out.push_str(line);
            continue;
        }
        let lead = body.len() - body.trim_start().len();
        let rest = &body[lead..];
        let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
        let qmark = rest.strip_prefix('Q').map(|r| {
            r.chars()
                .take_while(|c| c.is_ascii_digit() || *c == '/')
                .count()
        });
        let marker = if rest.starts_with("- ") {
            2
        } else if digits > 0 && rest[digits..].starts_with(". ") {
            digits + 2
        } else if let Some(n) = qmark.filter(|&n| n > 0 && rest[1 + n..].starts_with("  ")) {
            n + 3
        } else {
            2
        };
        let hang = " ".repeat(lead + marker);
        let mut cur = " ".repeat(lead);
        for word in rest.split(' ') {
            let len = cur.chars().count();
            if len > hang.len() && len + 1 + word.chars().count() > WIDTH {
                out.push_str(cur.trim_end());
                out.push('\n');
                cur = hang.clone();
                cur.push_str(word);
            } else {
                if cur.len() > lead {
                    cur.push(' ');
                }
                cur.push_str(word);
            }
        }
        out.push_str(cur.trim_end());
        out.push_str(nl);
    }
    out
}

/// The first line: what the drill is and how to replay it.
pub fn header(scenario: Option<&str>, name: &str, level: &str, seed: Option<u64>) -> String {
    let mut tags = Vec::new();
    if let Some(s) = scenario {
        tags.push(format!("--scenario {s}"));
    }
    if seed.is_some() {
        tags.push(format!("--level {level}"));
    }
    if let Some(s) = seed {
        tags.push(format!("--seed {s}"));
    }
    let tags = if tags.is_empty() {
        String::new()
    } else {
        format!("   [{}]", tags.join(" "))
    };
    format!("Interview practice: {name}{tags}\n\n")
}

pub fn question_line(i: usize, n: usize, prompt: &str) -> String {
    let mut lines = prompt.lines();
    let first = lines.next().unwrap_or("");
    let mut out = format!("Q{i}/{n}  {first}\n");
    for l in lines {
        out.push_str(&format!("{l}\n"));
    }
    out
}

fn half(v: f64) -> String {
    let frac = v - v.floor();
    let whole = if v.floor() == 0.0 && frac > 0.0 {
        String::new()
    } else {
        trim_num(v.floor(), 6)
    };
    if (frac - 0.5).abs() < 1e-9 {
        format!("{whole}½")
    } else if (frac - 0.25).abs() < 1e-9 {
        format!("{whole}¼")
    } else if (frac - 0.75).abs() < 1e-9 {
        format!("{whole}¾")
    } else {
        trim_num(v, 4)
    }
}

/// Score, what was missed, the habits.
pub fn summary(s: &Sheet) -> String {
    let mut out = String::new();
    let pct = fmt_percent(if s.out_of > 0.0 {
        s.score / s.out_of
    } else {
        0.0
    });
    out.push_str(&format!(
        "Score: {} / {} ({pct})",
        half(s.score),
        trim_num(s.out_of, 4)
    ));
    if !s.complete {
        out.push_str(&format!(
            " — {} of {} questions answered; the rest count as missed",
            s.answered, s.questions
        ));
    }
    out.push('\n');
    if let Some(t) = s.seconds {
        out.push_str(&format!("Time: {}\n", clock(t)));
    }
    if !s.missed.is_empty() {
        out.push_str("Missed:\n");
        for m in &s.missed {
            out.push_str(&format!("  - {m}\n"));
        }
    }
    if !s.habits.is_empty() {
        out.push_str("Habits to practise:\n");
        for (i, h) in s.habits.iter().enumerate() {
            out.push_str(&format!("  {}. {h}\n", i + 1));
        }
    }
    out
}

/// `1:05` for 65 seconds.
pub fn clock(secs: f64) -> String {
    let s = secs.max(0.0).round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// The worked solution, indented.
pub fn worked(it: &Item, indent: &str) -> String {
    it.question
        .worked
        .iter()
        .map(|l| format!("{indent}{l}\n"))
        .collect()
}

/// The plain-text sheet: the whole drill as a transcript, then the summary.
pub fn table(s: &Sheet) -> String {
    let mut out = header(s.scenario.as_deref(), &s.name, s.level, s.seed);
    out.push_str(&s.brief);
    out.push('\n');
    let n = s.items.len();
    for it in &s.items {
        out.push_str(&question_line(it.number, n, &it.question.prompt));
        match &it.result {
            Some(g) => {
                out.push_str(&format!("> {}\n", g.answer));
                out.push_str(&format!("  {}\n", feedback(&it.question, g)));
            }
            None => out.push_str(&format!(
                "  (not answered) Reference {}.\n",
                it.question.reference.shown()
            )),
        }
        out.push_str(&worked(it, "    "));
        out.push('\n');
    }
    out.push_str(&summary(s));
    wrap(&out)
}

/// A Markdown sheet for self-study.
pub fn markdown(s: &Sheet) -> String {
    let mut out = format!("# Interview practice: {}\n\n", s.name);
    if let (Some(sc), Some(seed)) = (&s.scenario, s.seed) {
        out.push_str(&format!(
            "Replay with `--scenario {sc} --level {} --seed {seed}`.\n\n",
            s.level
        ));
    }
    out.push_str("## The scenario\n\n");
    for l in s.brief.lines() {
        out.push_str(l.trim_start());
        out.push('\n');
        if !l.trim_start().starts_with("- ") {
            out.push('\n');
        }
    }
    out.push_str("\n## Score\n\n");
    out.push_str(
        &summary(s)
            .replace("Missed:\n", "\nMissed:\n\n")
            .replace("Habits to practise:\n", "\nHabits to practise:\n\n"),
    );
    out.push_str("\n| # | question | your answer | reference | verdict |\n");
    out.push_str("|---|---|---|---|---|\n");
    let cell = |t: &str| t.replace('|', "\\|");
    for it in &s.items {
        let (ans, verdict) = match &it.result {
            Some(g) => (
                cell(&g.understood),
                match (g.factor, g.slip) {
                    (_, Some(sl)) => format!("{} · {}", g.verdict.word(), sl.name()),
                    (Some(f), None) => format!("{} · {}", g.verdict.word(), factor_words(f)),
                    (None, None) => g.verdict.word().to_string(),
                },
            ),
            None => ("—".into(), "not answered".into()),
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            it.number,
            cell(&it.question.title),
            ans,
            cell(it.question.reference.shown()),
            verdict
        ));
    }
    out.push_str("\n## Worked solutions\n");
    for it in &s.items {
        out.push_str(&format!(
            "\n### Q{}. {}\n\n{}\n\n",
            it.number,
            it.question.title,
            it.question.prompt.replace('\n', "\n\n")
        ));
        match &it.result {
            Some(g) => out.push_str(&format!("**{}**\n\n", feedback(&it.question, g))),
            None => out.push_str(&format!(
                "Reference: **{}**\n\n",
                it.question.reference.shown()
            )),
        }
        out.push_str("```text\n");
        out.push_str(&worked(it, ""));
        out.push_str("```\n");
    }
    out
}

/// The JSON sheet.
pub fn json(s: &Sheet) -> String {
    let mut t = serde_json::to_string_pretty(s).expect("sheet is plain data");
    t.push('\n');
    t
}

/// An `--answers` template: every question as a comment over an empty answer.
pub fn template(d: &Drill) -> String {
    let mut out = format!("# Interview practice: {}\n", d.name);
    if let Some(s) = &d.scenario {
        let seed = d
            .seed
            .map(|n| format!(" --level {} --seed {n}", d.level.name()))
            .unwrap_or_default();
        out.push_str(&format!(
            "# Fill in the answers, then: capplan practice --scenario {s}{seed} --answers THIS_FILE\n"
        ));
    }
    out.push_str("#\n");
    for l in d.brief.lines() {
        out.push_str(&format!("# {l}\n"));
    }
    for (i, q) in d.questions.iter().enumerate() {
        out.push_str(&format!("\n# Q{}. ", i + 1));
        for (k, l) in q.prompt.lines().enumerate() {
            if k > 0 {
                out.push_str("\n# ");
            }
            out.push_str(l);
        }
        out.push_str(&format!(" (e.g. {})\n{}: \"\"\n", q.example, q.id));
    }
    out
}
