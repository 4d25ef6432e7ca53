//! The practice history: one JSON line per drill in `$XDG_DATA_HOME/capplan/` (or
//! `~/.local/share/capplan/`), and `--progress`, which reads it back as trends per habit.

use super::sheet::Sheet;
use super::slip::{self, Slip};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The file's name in the data directory.
pub const FILE: &str = "practice-history.jsonl";
/// Largest history file read back (a line is ~300 bytes: tens of thousands of drills).
pub const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// One drill as remembered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Seconds since 1970 when the drill ended.
    pub at: u64,
    pub scenario: Option<String>,
    pub level: String,
    pub seed: Option<u64>,
    pub score: f64,
    pub out_of: f64,
    pub answered: usize,
    pub questions: usize,
    pub slips: Vec<Slip>,
    #[serde(default)]
    pub seconds: Option<f64>,
}

impl Record {
    pub fn of(s: &Sheet, at: u64) -> Record {
        Record {
            at,
            scenario: s.scenario.clone(),
            level: s.level.to_string(),
            seed: s.seed,
            score: s.score,
            out_of: s.out_of,
            answered: s.answered,
            questions: s.questions,
            slips: s.slips.clone(),
            seconds: s.seconds,
        }
    }
}

/// Where the history lives by default: the XDG data directory.
pub fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".local/share"))
        })?;
    Some(base.join("capplan").join(FILE))
}

/// Add one drill to the history, creating the directory as needed.
pub fn append(path: &Path, r: &Record) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut line = serde_json::to_string(r).map_err(std::io::Error::other)?;
    line.push('\n');
    // One write of a whole line: a reader never sees half a record.
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?
        .write_all(line.as_bytes())
}

/// Read the history: the records, and how many lines could not be read.
pub fn read(path: &Path) -> Result<(Vec<Record>, usize), String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if meta.len() > MAX_BYTES {
        return Err(format!(
            "{}: {} bytes is more than the {} a history may have; move it aside to start anew",
            path.display(),
            meta.len(),
            MAX_BYTES
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let mut out = Vec::new();
    let mut bad = 0;
    for l in text.lines().filter(|l| !l.trim().is_empty()) {
        match serde_json::from_str::<Record>(l) {
            Ok(r) => out.push(r),
            Err(_) => bad += 1,
        }
    }
    Ok((out, bad))
}

fn pct(v: f64) -> String {
    crate::units::fmt_percent(v)
}

/// Trends: the score over time, per scenario, and each habit's slips per drill, earlier half
/// against recent half.
///
/// # Formula
/// rate(habit, half) = slips of that habit in the half ÷ drills in the half; the trend is
/// "better" when the recent rate is below the earlier one, "worse" above, else "steady".
pub fn progress(records: &[Record], bad: usize) -> String {
    let mut out = String::new();
    if records.is_empty() {
        out.push_str("No drills in the history yet: run `capplan practice` to start one.\n");
        return out;
    }
    let share = |rs: &[Record]| {
        let s: f64 = rs.iter().map(|r| r.score).sum();
        let o: f64 = rs.iter().map(|r| r.out_of).sum();
        if o > 0.0 {
            s / o
        } else {
            0.0
        }
    };
    let mid = records.len() / 2;
    let (earlier, recent) = records.split_at(mid);
    out.push_str(&format!(
        "{} drills; overall {}",
        records.len(),
        pct(share(records))
    ));
    if !earlier.is_empty() {
        out.push_str(&format!(
            " — earlier half {}, recent half {}",
            pct(share(earlier)),
            pct(share(recent))
        ));
    }
    out.push('\n');
    if bad > 0 {
        out.push_str(&format!(
            "({bad} lines of the history could not be read.)\n"
        ));
    }
    out.push_str("\nBy scenario (drills, average, last):\n");
    let mut names: Vec<String> = records
        .iter()
        .map(|r| r.scenario.clone().unwrap_or_else(|| "(spec file)".into()))
        .collect();
    names.sort();
    names.dedup();
    for n in &names {
        let rs: Vec<Record> = records
            .iter()
            .filter(|r| r.scenario.as_deref().unwrap_or("(spec file)") == n)
            .cloned()
            .collect();
        let last = rs
            .last()
            .map(|r| share(std::slice::from_ref(r)))
            .unwrap_or(0.0);
        out.push_str(&format!(
            "  {n:<22} {:>3}  {:>5}  {:>5}\n",
            rs.len(),
            pct(share(&rs)),
            pct(last)
        ));
    }
    out.push_str("\nHabits (slips per drill, earlier half → recent half):\n");
    let rate = |rs: &[Record], s: Slip| {
        if rs.is_empty() {
            0.0
        } else {
            rs.iter()
                .map(|r| r.slips.iter().filter(|x| **x == s).count())
                .sum::<usize>() as f64
                / rs.len() as f64
        }
    };
    let mut any = false;
    for &s in slip::ALL {
        let total: usize = records
            .iter()
            .map(|r| r.slips.iter().filter(|x| **x == s).count())
            .sum();
        if total == 0 {
            continue;
        }
        any = true;
        let (a, b) = (rate(earlier, s), rate(recent, s));
        let trend = if earlier.is_empty() {
            "new"
        } else if b < a {
            "better"
        } else if b > a {
            "worse"
        } else {
            "steady"
        };
        out.push_str(&format!(
            "  {:<24} {:>4} → {:<4}  {trend} ({total} in all)\n",
            s.name(),
            crate::units::trim_num(a, 2),
            crate::units::trim_num(b, 2)
        ));
    }
    if !any {
        out.push_str("  no known slips recorded\n");
    }
    out
}
