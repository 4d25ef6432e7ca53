//! `capplan init`, `schema`, `completions`, `man`: getting started and editor/shell support.

use crate::cli::{Cli, CompletionsArgs, InitArgs, Template};
use anyhow::{bail, Context, Result};
use clap::CommandFactory;
use std::path::{Path, PathBuf};

/// The file name of the schema that generated specs point at (`$schema=./capplan.schema.json`).
pub const SCHEMA_FILE: &str = "capplan.schema.json";

/// Every template with its text (commented YAML).
pub const TEMPLATES: &[(Template, &str)] = &[
    (Template::Blank, include_str!("../../templates/blank.yaml")),
    (
        Template::UrlShortener,
        include_str!("../../templates/url-shortener.yaml"),
    ),
    (Template::Chat, include_str!("../../templates/chat.yaml")),
    (
        Template::NewsFeed,
        include_str!("../../templates/news-feed.yaml"),
    ),
    (
        Template::VideoStreaming,
        include_str!("../../templates/video-streaming.yaml"),
    ),
    (
        Template::RateLimiter,
        include_str!("../../templates/rate-limiter.yaml"),
    ),
    (Template::Saas, include_str!("../../templates/saas.yaml")),
];

/// The text of a template.
pub fn template_text(t: Template) -> &'static str {
    TEMPLATES
        .iter()
        .find(|(k, _)| *k == t)
        .map(|(_, s)| *s)
        .expect("every template is embedded")
}

/// `My Photo App!` → `my-photo-app`.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "capplan".into()
    } else {
        out
    }
}

/// The file `init` writes by default: NAME slugged, else the template's id (`capplan.yaml`
/// for the blank one).
pub fn default_file(t: Template, name: Option<&str>) -> PathBuf {
    PathBuf::from(format!(
        "{}.yaml",
        match (name, t) {
            (Some(n), _) => slug(n),
            (None, Template::Blank) => "capplan".to_string(),
            (None, t) => t.id().to_string(),
        }
    ))
}

/// The template's text with `name:` set to `name` (as a YAML string) and its comments naming
/// `file`, the file it is written to.
pub fn render(t: Template, name: Option<&str>, file: &str) -> Result<String> {
    let text = template_text(t).replace("{{file}}", file);
    let Some(name) = name else {
        return Ok(text);
    };
    // Plain when YAML reads it back as the same string; else a JSON string (valid YAML).
    let plain = !name.contains(" #")
        && !name.contains(": ")
        && name.trim() == name
        && serde_yaml::from_str::<serde_yaml::Value>(name).ok()
            == Some(serde_yaml::Value::String(name.to_string()));
    let quoted = if plain {
        name.to_string()
    } else {
        serde_json::to_string(name)?
    };
    let mut out = String::with_capacity(text.len() + name.len());
    let mut done = false;
    for line in text.split_inclusive('\n') {
        if !done && line.starts_with("name:") {
            // keep a trailing comment, aligned as in the template
            let comment = line.find(" #").map(|i| &line[i..]).unwrap_or("\n");
            let head = format!("name: {quoted}");
            let pad = line.find(" #").unwrap_or(0).saturating_sub(head.len());
            out.push_str(&head);
            if comment != "\n" {
                out.push_str(&" ".repeat(pad));
            }
            out.push_str(comment.trim_end_matches('\n'));
            out.push('\n');
            done = true;
        } else {
            out.push_str(line);
        }
    }
    Ok(out)
}

/// `capplan init`: write a commented starter spec (and the schema beside it when missing).
pub fn init(args: &InitArgs) -> Result<String> {
    let default = default_file(args.template, args.name.as_deref());
    let to_stdout = args.output.as_ref().is_some_and(|p| p.as_os_str() == "-");
    let path: PathBuf = match &args.output {
        Some(p) if !to_stdout => p.clone(),
        _ => default,
    };
    let text = render(
        args.template,
        args.name.as_deref(),
        &path.display().to_string(),
    )?;
    // A template that does not load is a bug in capplan, not in the user's input.
    crate::spec::parse(
        &format!("template {}", args.template.id()),
        &text,
        crate::spec::Syntax::Yaml,
    )
    .context("internal error: the template does not load")?;

    if to_stdout {
        return Ok(text);
    }
    if crate::spec::Syntax::from_path(&path) != Some(crate::spec::Syntax::Yaml) {
        bail!(
            "`{}`: init writes a YAML spec; give a file name ending in .yaml or .yml",
            path.display()
        );
    }
    if path.exists() && !args.force {
        bail!(
            "{} already exists; pass --force to overwrite it, or -o FILE to write elsewhere",
            path.display()
        );
    }
    super::write_atomic(&path, &text)?;

    let mut wrote = vec![path.display().to_string()];
    if !args.no_schema {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let schema_path = dir.join(SCHEMA_FILE);
        if !schema_path.exists() {
            super::write_atomic(&schema_path, &crate::spec::schema::spec_schema_json())?;
            wrote.push(shown(&schema_path));
        }
    }
    Ok(format!(
        "wrote {} — next: capplan estimate {}\n",
        wrote.join(" and "),
        path.display()
    ))
}

/// `./capplan.schema.json` → `capplan.schema.json`.
fn shown(p: &Path) -> String {
    p.strip_prefix(".").unwrap_or(p).display().to_string()
}

/// `capplan schema`: the JSON Schema of the spec.
pub fn schema(of: crate::cli::SchemaOf) -> Result<String> {
    use crate::cli::SchemaOf;
    use crate::render::contract::output_schema_json as out;
    Ok(match of {
        SchemaOf::Spec => crate::spec::schema::spec_schema_json(),
        SchemaOf::Estimate => out::<crate::report::Report>("capplan estimate --format json"),
        SchemaOf::Check => out::<crate::check::CheckDocument>("capplan check --format json"),
        SchemaOf::Diff => out::<crate::diff::Diff>("capplan diff --format json"),
        SchemaOf::Simulate => {
            out::<crate::commands::simulate::Report>("capplan simulate --format json")
        }
        SchemaOf::Calibrate => {
            out::<crate::render::calibration::JsonDoc>("capplan calibrate --format json")
        }
    })
}

/// `capplan 0.1.0 (catalog prices as of 2025-01)`, without the program name.
pub fn version() -> String {
    match crate::Catalog::builtin() {
        Ok(c) if !c.prices_as_of.is_empty() => format!(
            "{} (catalog prices as of {})",
            env!("CARGO_PKG_VERSION"),
            c.prices_as_of
        ),
        _ => env!("CARGO_PKG_VERSION").to_string(),
    }
}

/// The clap command with the full version string.
pub fn command() -> clap::Command {
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    Cli::command().version(VERSION.get_or_init(version).as_str())
}

/// `capplan completions SHELL`.
pub fn completions(args: &CompletionsArgs) -> Result<String> {
    let Some(shell) = args.shell.or_else(clap_complete::Shell::from_env) else {
        bail!(
            "which shell? `capplan completions bash|zsh|fish|powershell|elvish` \
             ($SHELL does not name one of these)"
        );
    };
    let mut cmd = command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "capplan", &mut buf);
    Ok(String::from_utf8(buf)?)
}

/// `capplan man`: one roff page for capplan and every subcommand.
pub fn man() -> Result<String> {
    let cmd = command();
    let mut buf = Vec::new();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(&mut buf)?;
    man.render_name_section(&mut buf)?;
    man.render_synopsis_section(&mut buf)?;
    man.render_description_section(&mut buf)?;
    man.render_options_section(&mut buf)?;

    // The commands, then one section per command: its synopsis, options and examples.
    let mut r = roff::Roff::new();
    r.control("SH", ["COMMANDS"]);
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        r.control("TP", []);
        r.text([roff::bold(format!("capplan {}", sub.get_name()))]);
        r.text([roff::roman(
            sub.get_about().map(|a| a.to_string()).unwrap_or_default(),
        )]);
    }
    if let Some(after) = cmd.get_after_help() {
        r.control("PP", []);
        r.control("nf", []);
        for l in after.to_string().lines() {
            r.text([roff::roman(l.to_string())]);
        }
        r.control("fi", []);
    }
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        render_subcommand(&mut r, "capplan", sub);
    }
    r.control("SH", ["FILES"]);
    r.text([roff::roman(format!(
        "A spec starting with the line `# yaml-language-server: $schema=./{SCHEMA_FILE}` is \
         validated and completed by editors using yaml-language-server once the schema is \
         saved beside it: capplan schema > {SCHEMA_FILE}"
    ))]);
    r.control("SH", ["EXIT STATUS"]);
    r.text([roff::roman(
        "0 ok; 1 a check failed (capplan check); 2 bad usage or bad input.",
    )]);
    r.control("SH", ["ENVIRONMENT"]);
    r.text([roff::roman(
        "NO_COLOR: when set, no colour is used (as with --color never).",
    )]);
    buf.extend_from_slice(r.render().as_bytes());
    man.render_version_section(&mut buf)?;
    Ok(String::from_utf8(buf)?)
}

fn render_subcommand(r: &mut roff::Roff, parent: &str, cmd: &clap::Command) {
    let full = format!("{parent} {}", cmd.get_name());
    if cmd.has_subcommands() {
        for sub in cmd.get_subcommands() {
            render_subcommand(r, &full, sub);
        }
        return;
    }
    r.control("SH", [full.to_uppercase().as_str()]);
    if let Some(about) = cmd.get_about() {
        r.text([roff::roman(about.to_string())]);
        r.control("PP", []);
    }
    let mut synopsis = vec![roff::bold(full.clone())];
    for a in cmd.get_arguments() {
        if a.is_hide_set()
            || a.is_global_set()
            || ["help", "version"].contains(&a.get_id().as_str())
        {
            continue;
        }
        let value = a
            .get_value_names()
            .map(|v| v.join(" "))
            .unwrap_or_else(|| a.get_id().as_str().to_uppercase());
        let item = match (a.get_long(), a.get_short()) {
            (Some(l), _) if a.get_action().takes_values() => format!("--{l} {value}"),
            (Some(l), _) => format!("--{l}"),
            (None, Some(s)) => format!("-{s}"),
            (None, None) => value,
        };
        synopsis.push(roff::roman(" "));
        synopsis.push(if a.is_required_set() {
            roff::roman(item)
        } else {
            roff::roman(format!("[{item}]"))
        });
    }
    r.text(synopsis);
    for a in cmd.get_arguments() {
        if a.is_hide_set()
            || a.is_global_set()
            || ["help", "version"].contains(&a.get_id().as_str())
        {
            continue;
        }
        let mut head = Vec::new();
        if let Some(s) = a.get_short() {
            head.push(format!("-{s}"));
        }
        if let Some(l) = a.get_long() {
            match a.get_value_names() {
                Some(v) if a.get_action().takes_values() => {
                    head.push(format!("--{l} {}", v.join(" ")))
                }
                _ => head.push(format!("--{l}")),
            }
        }
        if head.is_empty() {
            head.push(
                a.get_value_names()
                    .map(|v| v.join(" "))
                    .unwrap_or_else(|| a.get_id().as_str().to_uppercase()),
            );
        }
        r.control("TP", []);
        r.text([roff::bold(head.join(", "))]);
        let mut help = a
            .get_long_help()
            .or(a.get_help())
            .map(|h| h.to_string())
            .unwrap_or_default();
        let values: Vec<String> = a
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !values.is_empty() && a.get_action().takes_values() {
            help.push_str(&format!(" [possible values: {}]", values.join(", ")));
        }
        let defaults: Vec<String> = a
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        if !defaults.is_empty() && a.get_action().takes_values() {
            help.push_str(&format!(" [default: {}]", defaults.join(", ")));
        }
        r.text([roff::roman(help)]);
    }
    if let Some(after) = cmd.get_after_help() {
        let text = after.to_string();
        for para in text.split("\n\n") {
            r.control("PP", []);
            let lines: Vec<&str> = para.lines().collect();
            if lines.len() > 1 {
                // Example blocks keep their lines.
                r.control("nf", []);
                for l in lines {
                    r.text([roff::roman(l.to_string())]);
                }
                r.control("fi", []);
            } else {
                r.text([roff::roman(para.to_string())]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_plain_when_they_can_be() {
        let line = |n: &str| {
            render(Template::Chat, Some(n), "x.yaml")
                .unwrap()
                .lines()
                .find(|l| l.starts_with("name:"))
                .unwrap()
                .to_string()
        };
        assert!(line("Photo sharing").starts_with("name: Photo sharing  "));
        assert!(line("true").starts_with("name: \"true\""));
        assert!(line("a: b").starts_with("name: \"a: b\""));
        assert!(line("[x]").starts_with("name: \"[x]\""));
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("My Photo App!"), "my-photo-app");
        assert_eq!(slug("  "), "capplan");
        assert_eq!(slug("URL shortener (v2)"), "url-shortener-v2");
    }

    #[test]
    fn every_template_loads_and_names() {
        for (t, _) in TEMPLATES {
            let text = render(*t, Some("Ünïcode: \"quoted\" # not a comment"), "x.yaml").unwrap();
            assert!(!text.contains("{{"), "{}", t.id());
            let s = crate::spec::parse("t.yaml", &text, crate::spec::Syntax::Yaml)
                .unwrap_or_else(|e| panic!("{}: {e}", t.id()));
            assert_eq!(s.spec.name, "Ünïcode: \"quoted\" # not a comment");
            assert!(
                text.starts_with("# yaml-language-server: $schema=./capplan.schema.json\n"),
                "{}",
                t.id()
            );
        }
    }
}
