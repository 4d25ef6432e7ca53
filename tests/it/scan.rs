//! Everything a user reads, scanned for words from our workshop and for absurd numbers.
//!
//! The text scanned: the output of every command on every example spec (estimate in table, json
//! and markdown; check; diff between neighbouring specs; timeline), `catalog list/show/prices`,
//! `--help` of every command and subcommand, and the files a user opens (catalog, specs,
//! templates, README, examples).

use crate::common::{capplan, root};
use std::fs;
use std::path::{Path, PathBuf};

/// Words that only make sense inside this project, never to a user. Spelt in two halves so
/// that this list is not itself a hit for the project's own word checks.
const WORKSHOP_WORDS: &[&str] = &[
    concat!("seed", " 00"),
    concat!("capplan", " issue"),
    concat!("the", " issue"),
    concat!("design", " doc"),
    concat!("shared", "/"),
    concat!("work", "place"),
];

/// A hit: where, what kind, and the line it is on.
#[derive(Debug)]
struct Hit {
    source: String,
    kind: String,
    line: String,
}

/// A number written with more than six zeros after its decimal point (`0.0000000351`): no reader
/// can count them, so the formatter should have chosen another unit or said "< 1 ns".
fn absurd_numbers(line: &str) -> bool {
    let b = line.as_bytes();
    for i in 1..b.len() {
        if b[i] == b'.' && b[i - 1].is_ascii_digit() {
            let zeros = b[i + 1..].iter().take_while(|&&c| c == b'0').count();
            if zeros > 6 {
                return true;
            }
        }
    }
    false
}

fn scan(source: &str, text: &str, hits: &mut Vec<Hit>) {
    for line in text.lines() {
        let lower = line.to_lowercase();
        for w in WORKSHOP_WORDS {
            if lower.contains(w) {
                hits.push(Hit {
                    source: source.to_string(),
                    kind: format!("word `{w}`"),
                    line: line.trim().to_string(),
                });
            }
        }
        if absurd_numbers(line) {
            hits.push(Hit {
                source: source.to_string(),
                kind: "more than 6 zeros after a decimal point".into(),
                line: line.trim().to_string(),
            });
        }
    }
}

fn files_in(dir: &str, exts: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root().join(dir)];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if exts.iter().any(|x| p.extension().is_some_and(|e| e == *x)) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn rel(p: &Path) -> String {
    p.strip_prefix(root()).unwrap_or(p).display().to_string()
}

/// Run the binary; stdout and stderr together are what the user reads. Any exit status is
/// fine (check exits 1 on a failed budget), a crash is not.
fn run(args: &[String]) -> String {
    let out = capplan()
        .args(args)
        .env("COLUMNS", "100")
        .output()
        .expect("binary runs");
    assert!(
        out.status.code().is_some_and(|c| c <= 2),
        "{args:?} crashed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The subcommands a `--help` page lists under "Commands:".
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect()
}

/// Every command line whose output the scan reads.
fn invocations(specs: &[PathBuf]) -> Vec<Vec<String>> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let mut all = Vec::new();
    for spec in specs {
        let p = rel(spec);
        for f in ["table", "json", "markdown"] {
            all.push(s(&["estimate", &p, "--format", f]));
        }
        for f in ["table", "json", "github", "junit"] {
            all.push(s(&["check", &p, "--format", f]));
        }
        all.push(s(&["timeline", &p]));
    }
    for pair in specs.windows(2) {
        all.push(s(&["diff", &rel(&pair[0]), &rel(&pair[1])]));
    }
    all.push(s(&["catalog", "list"]));
    all.push(s(&["catalog", "prices"]));
    all.push(s(&["catalog", "sources"]));
    // Help pages, every level down.
    let mut stack: Vec<Vec<String>> = vec![vec![]];
    while let Some(cmd) = stack.pop() {
        let mut help = cmd.clone();
        help.push("--help".into());
        let text = run(&help);
        for sub in subcommands(&text) {
            let mut next = cmd.clone();
            next.push(sub);
            stack.push(next);
        }
        all.push(help);
    }
    all
}

/// The names `catalog show` accepts: reference tiers and technologies from `catalog list`.
fn catalog_names(list: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut section = "";
    for line in list.lines() {
        if !line.starts_with(' ') {
            section = line;
            continue;
        }
        let cols: Vec<&str> = line.split_whitespace().collect();
        if section.starts_with("Reference compute") && !cols.is_empty() {
            names.push(cols[0].to_string());
        } else if section.starts_with("Technologies") && cols.len() > 1 {
            names.push(cols[1].to_string());
        }
    }
    names
}

#[test]
fn nothing_a_user_reads_speaks_our_workshop_or_prints_absurd_numbers() {
    let mut hits = Vec::new();
    let mut files = Vec::new();
    for (dir, exts) in [
        ("catalog", &["yaml"][..]),
        ("specs", &["yaml", "yml", "toml"][..]),
        ("templates", &["yaml", "yml", "toml"][..]),
        ("examples", &["yaml", "yml", "toml"][..]),
    ] {
        files.extend(files_in(dir, exts));
    }
    files.push(root().join("README.md"));
    for f in &files {
        scan(&rel(f), &fs::read_to_string(f).unwrap(), &mut hits);
    }
    // Doc comments become `cargo doc` pages and `--help` text.
    for f in files_in("src", &["rs"])
        .iter()
        .chain(&files_in("examples", &["rs"]))
    {
        let docs: String = fs::read_to_string(f)
            .unwrap()
            .lines()
            .filter(|l| {
                let t = l.trim_start();
                t.starts_with("///") || t.starts_with("//!")
            })
            .map(|l| format!("{l}\n"))
            .collect();
        scan(&rel(f), &docs, &mut hits);
    }

    let specs = files_in("specs", &["yaml", "yml", "toml"]);
    let mut cmds = invocations(&specs);
    for name in catalog_names(&run(&["catalog".into(), "list".into()])) {
        cmds.push(vec!["catalog".into(), "show".into(), name]);
    }
    assert!(cmds.len() > 100, "the scan runs every command");
    // Two workers: the machine has two cores and the commands are independent.
    let outputs: Vec<(String, String)> = std::thread::scope(|sc| {
        let halves: Vec<_> = cmds
            .chunks(cmds.len().div_ceil(2))
            .map(|chunk| {
                sc.spawn(move || {
                    chunk
                        .iter()
                        .map(|c| (format!("capplan {}", c.join(" ")), run(c)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        halves.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    for (source, text) in &outputs {
        scan(source, text, &mut hits);
    }

    if !hits.is_empty() {
        let mut kinds = std::collections::BTreeMap::<&str, usize>::new();
        for h in &hits {
            *kinds.entry(h.kind.as_str()).or_default() += 1;
        }
        let shown: Vec<String> = hits
            .iter()
            .take(40)
            .map(|h| format!("{} [{}]: {}", h.source, h.kind, h.line))
            .collect();
        panic!(
            "{} hits {kinds:?} in {} outputs and {} files:\n{}",
            hits.len(),
            outputs.len(),
            files.len(),
            shown.join("\n")
        );
    }
}

#[test]
fn the_absurd_number_rule_counts_zeros_after_the_point() {
    assert!(absurd_numbers("waits 0.0000000351 ms"));
    assert!(!absurd_numbers("waits 0.000000351 ms"));
    assert!(!absurd_numbers("$10,000.00 and 1.0000 and 3.5 µs"));
}
