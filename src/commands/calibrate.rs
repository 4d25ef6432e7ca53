//! `capplan calibrate`: load-test files in, fits and a catalog overlay out.

use super::estimate::Ui;
use crate::calibrate::{self, instance::Instance, overlay, read, InputFile, Inputs, Tolerances};
use crate::catalog::Catalog;
use crate::cli::{CalibrateArgs, CalibrateFormat};
use crate::render::calibration::{self as view, CalibrationView};
use anyhow::{bail, Context, Result};
use std::io::Read;
use std::path::Path;

/// Largest input file read (a load-test summary is kilobytes; raw samples a few megabytes).
const MAX_FILE_BYTES: u64 = 256 << 20;

fn read_text(path: &Path) -> Result<(String, String)> {
    if path.as_os_str() == "-" {
        let mut s = String::new();
        std::io::stdin()
            .take(MAX_FILE_BYTES + 1)
            .read_to_string(&mut s)
            .context("cannot read standard input as UTF-8 text")?;
        if s.len() as u64 > MAX_FILE_BYTES {
            bail!("standard input is larger than {} MiB", MAX_FILE_BYTES >> 20);
        }
        return Ok(("stdin".into(), s));
    }
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).with_context(|| format!("cannot read {name}"))?;
    if meta.is_dir() {
        bail!("{name} is a directory; give the load-test files inside it");
    }
    if meta.len() > MAX_FILE_BYTES {
        bail!("{name} is larger than {} MiB", MAX_FILE_BYTES >> 20);
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {name}"))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        anyhow::anyhow!("{name}: not UTF-8 text (a load-test CSV, JSON or text report)")
    })?;
    Ok((name, text))
}

/// `YYYY-MM-DD` for days since 1970-01-01 (H. Hinnant, "chrono-Compatible Low-Level Date
/// Algorithms", civil_from_days).
fn civil(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn date(args: &CalibrateArgs) -> Result<String> {
    if let Some(d) = &args.date {
        let ok = d.len() == 10
            && d.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            });
        if !ok {
            bail!("--date `{d}`: expected a date as YYYY-MM-DD, e.g. 2025-06-01");
        }
        return Ok(d.clone());
    }
    let modified = args
        .files
        .first()
        .filter(|p| p.as_os_str() != "-")
        .and_then(|p| std::fs::metadata(p).ok())
        .and_then(|m| m.modified().ok())
        .unwrap_or_else(std::time::SystemTime::now);
    let secs = modified
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    Ok(civil(secs.div_euclid(86_400)))
}

pub fn run(args: &CalibrateArgs, ui: Ui) -> Result<String> {
    let base = Catalog::builtin()?;
    let cat = Catalog::load(args.catalog.as_deref())?;
    let inst = args
        .instance
        .as_deref()
        .map(|n| Instance::find(&cat, n))
        .transpose()?;
    let mut inputs = Vec::new();
    let mut points = Vec::new();
    for f in &args.files {
        let (name, text) = read_text(f)?;
        let (format, p) = read::read(&name, &text)?;
        inputs.push(InputFile {
            file: name,
            format,
            levels: p.len(),
        });
        points.extend(p);
        if points.len() > calibrate::MAX_POINTS {
            bail!("more than {} load levels in all", calibrate::MAX_POINTS);
        }
    }
    let samples = match &args.samples {
        Some(p) => {
            let (name, text) = read_text(p)?;
            let s = read::read_samples(&name, &text)?;
            Some((name, s))
        }
        None => None,
    };
    let c = calibrate::calibrate(
        Inputs {
            inputs,
            points,
            samples,
            instance: inst.as_ref(),
            date: date(args)?,
        },
        &Tolerances::default(),
    )?;
    let o = overlay::build(&c, inst.as_ref(), &base);
    let mut written_to = None;
    let mut chart = None;
    if let Some(dir) = &args.output {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create directory {}", dir.display()))?;
        let file = dir.join(overlay::FILE_NAME);
        super::write_atomic(&file, &o.to_yaml(&c))?;
        // The overlay must load as a catalog: a check, not a hope.
        Catalog::with_overlay(dir)
            .with_context(|| format!("the overlay written to {} does not load", file.display()))?;
        if let Some(ch) = c.usl.as_ref().and_then(crate::render::svg::usl_chart) {
            let svg = dir.join(format!("{}.svg", ch.name));
            super::write_atomic(&svg, &ch.svg)?;
            chart = Some(svg.display().to_string());
            if !ui.quiet {
                eprintln!("wrote {}", svg.display());
            }
        }
        if !ui.quiet {
            eprintln!("wrote {}", file.display());
        }
        written_to = Some(file.display().to_string());
    }
    let v = CalibrationView {
        calibration: &c,
        overlay: &o,
        written_to,
        chart,
        prices_as_of: cat.prices_as_of.clone(),
    };
    Ok(match args.format {
        CalibrateFormat::Table => view::table(&v),
        CalibrateFormat::Json => view::json(&v),
        CalibrateFormat::Markdown => view::markdown(&v),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn civil_dates() {
        assert_eq!(super::civil(0), "1970-01-01");
        assert_eq!(super::civil(20_089), "2025-01-01");
        assert_eq!(super::civil(11_016), "2000-02-29");
    }
}
