//! Command glue: validated arguments in, rendered text out. The only place besides `main`
//! that reads files or writes them.

pub mod calibrate;
pub mod catalog;
pub mod check;
pub mod estimate;
pub mod init;
pub mod practice;
pub mod simulate;
pub mod timeline;

use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;

/// Write `text` to `path` whole or not at all: a temporary file beside it, then a rename.
pub fn write_atomic(path: &Path, text: &str) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot create a file in {}", dir.display()))?;
    tmp.write_all(text.as_bytes())
        .and_then(|_| tmp.flush())
        .with_context(|| format!("cannot write {}", path.display()))?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
