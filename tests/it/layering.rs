//! The shape holds: every module imports only modules below it in the data flow
//! (spec → demand → components → design → latency → uncertainty → report → render). A scan of
//! `crate::` paths in `src/`, test code excepted.

use std::collections::BTreeMap;
use std::path::Path;

/// Each top-level module's place in the data flow; a module may use only lower ones.
const LAYERS: &[(&str, u8)] = &[
    ("units", 0),
    ("error", 0),
    ("queueing", 1),
    ("catalog", 2),
    ("calibrate", 3),
    ("spec", 3),
    ("config", 3),
    ("cli", 4),
    ("components", 5),
    ("model", 6),
    ("plan", 7),
    ("paths", 8),
    ("uncertainty", 8),
    ("report", 9),
    ("pipeline", 10),
    ("check", 11),
    ("diff", 11),
    ("practice", 11),
    ("timeline", 11),
    ("compare", 11),
    ("render", 12),
    ("commands", 13),
];

fn module_of(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

fn scan(dir: &Path, root: &Path, out: &mut Vec<(String, String, String)>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            scan(&p, root, out);
            continue;
        }
        if p.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let rel = p.strip_prefix(root).unwrap();
        let from = module_of(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        // Test code may reach anywhere to build its fixtures.
        let code = text.split("#[cfg(test)]").next().unwrap();
        for (i, line) in code.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            let mut rest = line;
            while let Some(at) = rest.find("crate::") {
                rest = &rest[at + 7..];
                let to: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                // Items the crate root re-exports, by the module that defines them.
                let to = match to.as_str() {
                    "Catalog" => "catalog".to_string(),
                    "Plan" | "build" => "plan".to_string(),
                    _ => to,
                };
                out.push((from.clone(), to, format!("{}:{}", rel.display(), i + 1)));
            }
        }
    }
}

#[test]
fn modules_import_only_what_is_below_them() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let rank: BTreeMap<&str, u8> = LAYERS.iter().copied().collect();
    let mut uses = Vec::new();
    scan(&root, &root, &mut uses);
    let mut wrong = Vec::new();
    for (from, to, at) in &uses {
        if from == to || from == "lib" || from == "main" {
            continue;
        }
        let (Some(f), Some(t)) = (rank.get(from.as_str()), rank.get(to.as_str())) else {
            wrong.push(format!("{at}: `{from}` or `{to}` has no layer in LAYERS"));
            continue;
        };
        if t >= f {
            wrong.push(format!("{at}: {from} (layer {f}) uses {to} (layer {t})"));
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the data flow:\n{}",
        wrong.join("\n")
    );
}
