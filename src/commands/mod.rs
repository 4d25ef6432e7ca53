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

use anyhow::{bail, Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Most symbolic links followed from an output path to the file it names (as the kernel's
/// own limit, 40).
const MAX_LINKS: usize = 40;

/// Where writing to `path` lands: the file a chain of symbolic links ends at.
fn link_target(path: &Path) -> Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&p)
                    .with_context(|| format!("cannot read the link {}", p.display()))?;
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(p),
        }
    }
    bail!(
        "cannot write {}: more than {MAX_LINKS} symbolic links in a row (a loop?)",
        path.display()
    )
}

/// Write `text` where `path` says, as Unix tools do: `-` is stdout; a symbolic link is written
/// through to its target; a device or FIFO is written directly; a regular file is replaced
/// whole or not at all (a temporary file beside it, then a rename), keeping an existing file's
/// mode and giving a new one the umask's (0666 less the umask). A file the user may not write
/// is refused, never replaced.
pub fn write_atomic(path: &Path, text: &str) -> Result<()> {
    if path.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        return match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                Err(e).context("cannot write to stdout")
            }
            _ => Ok(()),
        };
    }
    let target = link_target(path)?;
    let shown = || {
        if target == path {
            path.display().to_string()
        } else {
            format!("{} (through the link {})", target.display(), path.display())
        }
    };
    let existing = std::fs::metadata(&target).ok();
    if let Some(m) = &existing {
        if m.is_dir() {
            bail!("cannot write {}: it is a directory", shown());
        }
        // Opening for writing changes nothing and asks the system whether the user may write.
        let open = std::fs::OpenOptions::new().write(true).open(&target);
        if let Err(e) = &open {
            if e.kind() == std::io::ErrorKind::PermissionDenied {
                bail!(
                    "cannot write {}: permission denied (the file is not writable for you; it is left as it was)",
                    shown()
                );
            }
        }
        if !m.is_file() {
            // A device, FIFO or socket: write into it, never replace the node.
            let mut f = open.with_context(|| format!("cannot open {}", shown()))?;
            f.write_all(text.as_bytes())
                .and_then(|_| f.flush())
                .with_context(|| format!("cannot write {}", shown()))?;
            return Ok(());
        }
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mode = existing.as_ref().map(|m| m.permissions());
    let mut builder = tempfile::Builder::new();
    builder.prefix(".capplan-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // New files: 0666 less the umask, as the kernel applies it.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a file in {}", dir.display()))?;
    if let Some(p) = mode {
        // An existing file keeps its mode (set on the open file, so the umask plays no part).
        tmp.as_file()
            .set_permissions(p)
            .with_context(|| format!("cannot set the mode of {}", shown()))?;
    }
    tmp.write_all(text.as_bytes())
        .and_then(|_| tmp.flush())
        .with_context(|| format!("cannot write {}", shown()))?;
    tmp.persist(&target)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write {}", shown()))?;
    Ok(())
}
