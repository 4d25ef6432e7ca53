//! Defaults a user sets once instead of on every command line: a `capplan.toml` file and
//! `CAPPLAN_*` environment variables.
//!
//! Precedence, highest first: a flag on the command line, an environment variable,
//! `./capplan.toml` (the working directory), the user's file
//! (`$XDG_CONFIG_HOME/capplan/capplan.toml`, else `~/.config/capplan/capplan.toml`), the
//! built-in default. Each key is taken from the highest layer that sets it.

use crate::catalog::Cloud;
use crate::error::{Located, SourceFile};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The file name looked for in the working directory and the user's configuration directory.
pub const FILE_NAME: &str = "capplan.toml";

/// Largest configuration file read: a few keys fit in far less.
const MAX_FILE_BYTES: u64 = 1 << 20;

/// The output formats some command has; `format` must name one of them.
pub const FORMATS: [&str; 5] = ["table", "json", "markdown", "github", "junit"];

/// What each key takes, for an error's hint.
const KEYS_HINT: &str = "catalog = \"DIR\", cloud = \"aws\" | \"azure\" | \"gcp\", seed = N, \
samples = N, format = \"table\" | \"json\" | \"markdown\" | \"github\" | \"junit\"";

/// One layer of defaults. Every key is optional; an unknown one is refused.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// A catalog overlay directory (`--catalog`); in a file, relative to the file's directory.
    pub catalog: Option<PathBuf>,
    /// The cloud for a spec whose `choices.cloud` names none.
    pub cloud: Option<Cloud>,
    /// `--seed`.
    pub seed: Option<u64>,
    /// `--samples` (Monte Carlo).
    pub samples: Option<usize>,
    /// `--format`, for the commands that have this format.
    pub format: Option<String>,
}

impl Defaults {
    /// Each key from `self`, else from `lower`.
    fn over(self, lower: Defaults) -> Defaults {
        Defaults {
            catalog: self.catalog.or(lower.catalog),
            cloud: self.cloud.or(lower.cloud),
            seed: self.seed.or(lower.seed),
            samples: self.samples.or(lower.samples),
            format: self.format.or(lower.format),
        }
    }
}

/// A configuration file or variable that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// Boxed: the located message is large and the error path is cold.
    #[error("{0}")]
    Invalid(Box<Located>),
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
}

/// Where the environment is read from: the real one, or a table in tests.
pub trait Env {
    fn var(&self, name: &str) -> Option<String>;
}

/// The process environment.
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok().filter(|v| !v.is_empty())
    }
}

/// The user's configuration file: `$XDG_CONFIG_HOME/capplan/capplan.toml`, else
/// `$HOME/.config/capplan/capplan.toml`.
pub fn user_file(env: &dyn Env) -> Option<PathBuf> {
    let base = env
        .var("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| env.var("HOME").map(|h| Path::new(&h).join(".config")))?;
    Some(base.join("capplan").join(FILE_NAME))
}

/// Every layer merged: the environment over `cwd/capplan.toml` over the user's file.
pub fn load(cwd: &Path, env: &dyn Env) -> Result<Defaults, ConfigError> {
    let mut d = from_env(env)?;
    d = d.over(read_file(&cwd.join(FILE_NAME), Path::new(FILE_NAME))?);
    if let Some(user) = user_file(env) {
        d = d.over(read_file(&user, &user)?);
    }
    Ok(d)
}

/// A file's defaults (none when it does not exist). `shown` is the name errors use.
fn read_file(path: &Path, shown: &Path) -> Result<Defaults, ConfigError> {
    let read_err = |source| ConfigError::Read {
        path: shown.display().to_string(),
        source,
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Defaults::default()),
        Err(e) => return Err(read_err(e)),
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(ConfigError::Invalid(Box::new(Located {
            file: shown.display().to_string(),
            message: format!("the configuration file is {} bytes", meta.len()),
            expected: Some("a file of a few keys, under 1 MiB".into()),
            ..Located::default()
        })));
    }
    let text = std::fs::read_to_string(path).map_err(read_err)?;
    let mut d = parse(&shown.display().to_string(), &text)?;
    // A relative overlay is the file's neighbour, wherever capplan runs from.
    if let (Some(c), Some(dir)) = (&d.catalog, path.parent()) {
        if c.is_relative() && !dir.as_os_str().is_empty() {
            d.catalog = Some(dir.join(c));
        }
    }
    Ok(d)
}

/// Parse a configuration file's text; errors name `name`, the line, column and key.
pub fn parse(name: &str, text: &str) -> Result<Defaults, ConfigError> {
    let src = SourceFile::new(name, text);
    let d: Defaults = toml::from_str(text).map_err(|e| {
        let mut loc = src.toml_error(&e, "the configuration");
        if !loc.message.starts_with("unknown key") {
            // A value of the wrong kind: name its key (the one written on that line) and
            // what each key takes.
            if loc.key.is_none() {
                loc.key = loc
                    .line
                    .and_then(|l| text.lines().nth(l - 1))
                    .and_then(|t| t.split_once('='))
                    .map(|(k, _)| k.trim().trim_matches('"').to_string());
            }
            loc.hint = Some(KEYS_HINT.into());
        }
        ConfigError::Invalid(Box::new(loc))
    })?;
    if let Some(f) = &d.format {
        if !FORMATS.contains(&f.as_str()) {
            let (line, column) = src.locate("format").unzip();
            return Err(ConfigError::Invalid(Box::new(Located {
                file: name.to_string(),
                line,
                column,
                key: Some("format".into()),
                message: format!("unknown format `{f}`"),
                expected: Some(format!("one of {}", FORMATS.join(", "))),
                hint: crate::error::did_you_mean(f, FORMATS),
                snippet: line
                    .and_then(|l| text.lines().nth(l - 1))
                    .map(str::to_string),
            })));
        }
    }
    Ok(d)
}

/// The `CAPPLAN_*` variables, checked like the file's keys.
fn from_env(env: &dyn Env) -> Result<Defaults, ConfigError> {
    let bad = |var: &str, value: &str, expected: &str, hint: Option<String>| {
        ConfigError::Invalid(Box::new(Located {
            file: format!("environment variable {var}"),
            message: format!("cannot use `{value}`"),
            expected: Some(expected.into()),
            hint,
            ..Located::default()
        }))
    };
    let mut d = Defaults {
        catalog: env.var("CAPPLAN_CATALOG").map(PathBuf::from),
        ..Defaults::default()
    };
    if let Some(v) = env.var("CAPPLAN_CLOUD") {
        let names = Cloud::ALL.map(|c| c.id());
        d.cloud = Some(
            Cloud::ALL
                .into_iter()
                .find(|c| c.id() == v.to_ascii_lowercase())
                .ok_or_else(|| {
                    bad(
                        "CAPPLAN_CLOUD",
                        &v,
                        &format!("one of {}", names.join(", ")),
                        crate::error::did_you_mean(&v, names)
                            .or_else(|| Some("set one of these, or unset the variable".into())),
                    )
                })?,
        );
    }
    if let Some(v) = env.var("CAPPLAN_SEED") {
        d.seed = Some(v.trim().parse().map_err(|_| {
            bad(
                "CAPPLAN_SEED",
                &v,
                "a whole number from 0 to 18446744073709551615",
                None,
            )
        })?);
    }
    if let Some(v) = env.var("CAPPLAN_SAMPLES") {
        let n = crate::units::parse_count(&v)
            .ok()
            .filter(|n| n.fract() == 0.0 && *n >= 1.0 && *n <= 1e7);
        d.samples = Some(n.ok_or_else(|| {
            bad(
                "CAPPLAN_SAMPLES",
                &v,
                "a whole number of samples from 1 to 10M (`5000`, `20K`)",
                None,
            )
        })? as usize);
    }
    if let Some(v) = env.var("CAPPLAN_FORMAT") {
        if !FORMATS.contains(&v.as_str()) {
            return Err(bad(
                "CAPPLAN_FORMAT",
                &v,
                &format!("one of {}", FORMATS.join(", ")),
                crate::error::did_you_mean(&v, FORMATS),
            ));
        }
        d.format = Some(v);
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct Table(HashMap<&'static str, &'static str>);
    impl Env for Table {
        fn var(&self, name: &str) -> Option<String> {
            self.0.get(name).map(|v| v.to_string())
        }
    }

    #[test]
    fn env_over_working_dir_over_user() {
        let dir = tempfile::tempdir().unwrap();
        let user = dir.path().join("xdg/capplan");
        std::fs::create_dir_all(&user).unwrap();
        std::fs::write(
            user.join(FILE_NAME),
            "seed = 1\nsamples = 100\ncloud = \"azure\"\n",
        )
        .unwrap();
        let cwd = dir.path().join("work");
        std::fs::create_dir_all(&cwd).unwrap();
        std::fs::write(cwd.join(FILE_NAME), "seed = 2\ncatalog = \"prices\"\n").unwrap();
        let xdg: &'static str = Box::leak(dir.path().join("xdg").display().to_string().into());
        let env = Table(HashMap::from([
            ("XDG_CONFIG_HOME", xdg),
            ("CAPPLAN_SAMPLES", "20K"),
        ]));
        let d = load(&cwd, &env).unwrap();
        assert_eq!(d.seed, Some(2));
        assert_eq!(d.samples, Some(20_000));
        assert_eq!(d.cloud, Some(Cloud::Azure));
        assert_eq!(d.catalog, Some(cwd.join("prices")));
    }

    #[test]
    fn unknown_key_and_bad_value_are_located() {
        let e = parse("capplan.toml", "seed = 3\nsed = 4\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("capplan.toml:2:1"), "{e}");
        assert!(e.contains("did you mean `seed`"), "{e}");
        let e = parse("capplan.toml", "samples = \"many\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("capplan.toml:1:"), "{e}");
        let e = parse("capplan.toml", "format = \"jsno\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("did you mean `json`"), "{e}");
    }
}
