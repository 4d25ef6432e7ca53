//! The interactive session: one question at a time, feedback on every answer at once, one
//! retry after a miss, `hint`, `skip`, `quit`; Ctrl-C or end of input stops with the summary
//! so far. Lines come from a [`Lines`] source: a terminal with line editing and history
//! (rustyline), or any byte stream, where a line that is not UTF-8 is asked again.

use super::answer;
use super::grade::{self, feedback, retry_prompt, Graded, Verdict};
use super::render::{clock, header, question_line, summary, wrap};
use super::sheet::Sheet;
use super::{Drill, Level};
use std::collections::BTreeMap;
use std::io::{self, BufRead, Read, Write};
use std::time::Instant;

/// Longest answer line read from a stream; longer lines are refused in pieces.
pub const MAX_LINE: u64 = 4096;
/// Unreadable lines in a row on one question before the session stops.
pub const MAX_UNREADABLE: u32 = 50;

/// One line of input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Text(String),
    /// Bytes that are not UTF-8 text, or a line past [`MAX_LINE`].
    Invalid,
    /// Ctrl-C.
    Interrupted,
    Eof,
}

/// Where answers come from.
pub trait Lines {
    /// Read one line after showing `prompt`.
    fn read(&mut self, prompt: &str, out: &mut dyn Write) -> io::Result<Line>;
}

/// Lines from any byte stream (a pipe, a file, a test buffer).
pub struct Stream<R> {
    input: R,
    /// Repeat each answer after the prompt, so a piped transcript reads like a conversation.
    pub echo: bool,
}

impl<R: BufRead> Stream<R> {
    pub fn new(input: R, echo: bool) -> Self {
        Stream { input, echo }
    }
}

impl<R: BufRead> Lines for Stream<R> {
    fn read(&mut self, prompt: &str, out: &mut dyn Write) -> io::Result<Line> {
        write!(out, "{prompt}")?;
        out.flush()?;
        let mut buf = Vec::new();
        let n = (&mut self.input)
            .take(MAX_LINE)
            .read_until(b'\n', &mut buf)?;
        if n == 0 {
            return Ok(Line::Eof);
        }
        if buf.last() != Some(&b'\n') && n as u64 == MAX_LINE {
            if self.echo {
                writeln!(out, "(a line too long to read)")?;
            }
            return Ok(Line::Invalid);
        }
        match String::from_utf8(buf) {
            Ok(s) => {
                let t = s.trim().to_string();
                if self.echo {
                    writeln!(out, "{t}")?;
                }
                Ok(Line::Text(t))
            }
            Err(_) => {
                if self.echo {
                    writeln!(out, "(bytes that are not text)")?;
                }
                Ok(Line::Invalid)
            }
        }
    }
}

/// Lines from a terminal: line editing and the session's answers as history (rustyline).
pub struct Terminal {
    editor: rustyline::DefaultEditor,
}

impl Terminal {
    pub fn new() -> io::Result<Terminal> {
        rustyline::DefaultEditor::new()
            .map(|editor| Terminal { editor })
            .map_err(io::Error::other)
    }
}

impl Lines for Terminal {
    fn read(&mut self, prompt: &str, out: &mut dyn Write) -> io::Result<Line> {
        use rustyline::error::ReadlineError;
        out.flush()?;
        match self.editor.readline(prompt) {
            Ok(s) => {
                let t = s.trim().to_string();
                if !t.is_empty() {
                    // History is a convenience: a failure to record it loses nothing.
                    let _ = self.editor.add_history_entry(t.as_str());
                }
                Ok(Line::Text(t))
            }
            Err(ReadlineError::Interrupted) => Ok(Line::Interrupted),
            Err(ReadlineError::Eof) => Ok(Line::Eof),
            Err(ReadlineError::Io(e)) if e.kind() == io::ErrorKind::InvalidData => {
                Ok(Line::Invalid)
            }
            Err(ReadlineError::Io(e)) => Err(e),
            Err(e) => Err(io::Error::other(e)),
        }
    }
}

/// How the session runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Show a clock per question and overall.
    pub timed: bool,
}

/// Seconds a question should take at each level, when timed.
pub fn budget(level: Level) -> f64 {
    match level {
        Level::Easy => 60.0,
        Level::Medium => 90.0,
        Level::Hard => 120.0,
    }
}

/// How the session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Finished,
    Quit,
    Interrupted,
    EndOfInput,
    Unreadable,
}

/// What one question came to.
enum Outcome {
    Graded(Graded),
    Stop(End),
}

fn ask(
    drill: &Drill,
    i: usize,
    lines: &mut dyn Lines,
    out: &mut dyn Write,
    opts: Options,
) -> io::Result<Outcome> {
    let q = &drill.questions[i];
    let n = drill.questions.len();
    write!(out, "{}", wrap(&question_line(i + 1, n, &q.prompt)))?;
    let started = Instant::now();
    let mut retry = false;
    let mut unreadable = 0;
    loop {
        let text = match lines.read("> ", out)? {
            Line::Eof => return Ok(Outcome::Stop(End::EndOfInput)),
            Line::Interrupted => {
                writeln!(out, "^C")?;
                return Ok(Outcome::Stop(End::Interrupted));
            }
            Line::Invalid => {
                unreadable += 1;
                writeln!(out, "  Couldn't read that line: it is not text. Try again.")?;
                if unreadable >= MAX_UNREADABLE {
                    return Ok(Outcome::Stop(End::Unreadable));
                }
                continue;
            }
            Line::Text(t) => t,
        };
        match text.to_lowercase().as_str() {
            "quit" | "exit" | "q" | ":q" => return Ok(Outcome::Stop(End::Quit)),
            "hint" | "?" | "help" => {
                for h in &q.hint {
                    writeln!(out, "  hint: {h}")?;
                }
                writeln!(out, "  (answer like `{}`)", q.example)?;
                continue;
            }
            _ => {}
        }
        let parsed = match answer::parse(q, &text) {
            Ok(p) => p,
            Err(why) => {
                unreadable += 1;
                let msg = format!("  Couldn't read \"{text}\": {why}. Try again (or `skip`).\n");
                write!(out, "{}", wrap(&msg))?;
                if unreadable >= MAX_UNREADABLE {
                    return Ok(Outcome::Stop(End::Unreadable));
                }
                continue;
            }
        };
        let mut g = grade::grade(q, &text, &parsed, retry);
        if g.verdict.retry() && !retry {
            retry = true;
            write!(out, "{}", wrap(&format!("  {}\n", retry_prompt(&g))))?;
            continue;
        }
        let mut line = format!("  {}", feedback(q, &g));
        if opts.timed {
            let t = started.elapsed().as_secs_f64();
            g.seconds = Some(t);
            let over = if t > budget(drill.level) {
                format!(" — over the {} budget", clock(budget(drill.level)))
            } else {
                String::new()
            };
            line.push_str(&format!(" [{}{over}]", clock(t)));
        }
        let worked: String = q.worked.iter().map(|l| format!("    {l}\n")).collect();
        write!(out, "{}", wrap(&format!("{line}\n{worked}")))?;
        writeln!(out)?;
        return Ok(Outcome::Graded(g));
    }
}

/// Ask every question in turn; returns the sheet and how the session ended.
pub fn run(
    drill: &Drill,
    lines: &mut dyn Lines,
    out: &mut dyn Write,
    opts: Options,
) -> io::Result<(Sheet, End)> {
    write!(
        out,
        "{}",
        header(
            drill.scenario.as_deref(),
            &drill.name,
            drill.level.name(),
            drill.seed
        )
    )?;
    writeln!(out, "{}", wrap(&drill.brief))?;
    let n = drill.questions.len();
    let timed = if opts.timed {
        format!(" Timed: about {} a question.", clock(budget(drill.level)))
    } else {
        String::new()
    };
    writeln!(
        out,
        "{n} questions. Answer the way you'd say it: 12K, 3.5 TB, 40 MB/s, 70 Mb/s, phase 2, \
         the database.{timed}\nType `hint` for the formula, `skip` to see the answer, `quit` \
         (or Ctrl-C, Ctrl-D) to stop with the score so far.\n"
    )?;
    let started = Instant::now();
    let mut results = Vec::new();
    let mut end = End::Finished;
    for i in 0..n {
        match ask(drill, i, lines, out, opts)? {
            Outcome::Graded(g) => results.push(Some(g)),
            Outcome::Stop(e) => {
                end = e;
                break;
            }
        }
    }
    match end {
        End::EndOfInput => writeln!(out, "\n(end of input)\n")?,
        End::Interrupted => writeln!(out, "\n(interrupted)\n")?,
        End::Unreadable => writeln!(out, "\n(too many unreadable answers in a row)\n")?,
        End::Quit => writeln!(out)?,
        End::Finished => {}
    }
    let secs = opts.timed.then(|| started.elapsed().as_secs_f64());
    let sheet = Sheet::new(drill, results, secs);
    write!(out, "{}", wrap(&summary(&sheet)))?;
    out.flush()?;
    Ok((sheet, end))
}

/// Grade a mapping of question id → answer (an answers file). Unknown ids are an error (with
/// the valid ones); answers that can't be read are marked unreadable and score nothing. No
/// retries: a file is one attempt.
pub fn grade_file(
    drill: &Drill,
    answers: &BTreeMap<String, String>,
) -> Result<Vec<Option<Graded>>, String> {
    let ids: Vec<&str> = drill.questions.iter().map(|q| q.id).collect();
    for k in answers.keys() {
        if !ids.contains(&k.as_str()) {
            let near = ids
                .iter()
                .max_by(|a, b| strsim::jaro_winkler(k, a).total_cmp(&strsim::jaro_winkler(k, b)))
                .filter(|b| strsim::jaro_winkler(k, b) > 0.8)
                .map(|b| format!(" (did you mean `{b}`?)"))
                .unwrap_or_default();
            return Err(format!(
                "unknown question `{k}`{near}; this drill asks: {}",
                ids.join(", ")
            ));
        }
    }
    Ok(drill
        .questions
        .iter()
        .map(|q| {
            let raw = answers.get(q.id)?;
            if raw.trim().is_empty() {
                return None;
            }
            Some(match answer::parse(q, raw) {
                Ok(p) => grade::grade(q, raw, &p, false),
                Err(why) => Graded {
                    id: q.id,
                    answer: raw.trim().to_string(),
                    understood: why,
                    verdict: Verdict::Unreadable,
                    points: 0.0,
                    factor: None,
                    slip: None,
                    retry: false,
                    seconds: None,
                },
            })
        })
        .collect())
}
