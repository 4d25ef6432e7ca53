//! SVG charts for design reports, drawn with plotters on a small font-free SVG backend.
//!
//! | name | chart | when |
//! |---|---|---|
//! | `latency` | p50/p99 vs load for the app tier and the database: M/M/c curves, simulated points with 95% CIs, the SLO, the planned peak | the plan has an app or database station |
//! | `cost` | monthly cost by component, low estimate and range to the high one | always |
//! | `growth` | peak load over the horizon vs today's layout and the next phase's threshold | always |
//! | `cost-over-time` | monthly cost each quarter from the first month to the horizon, with the budget | a dated cost |
//! | `cost-distribution` | Monte Carlo histogram of monthly cost with P10/P50/P90 and the budget | uncertain inputs |
//! | `usl-fit` | `calibrate`: measured throughput vs concurrency, the fitted scalability law, its peak | a fit |
//!
//! Output is deterministic byte for byte: fixed simulation seeds, no timestamps, integer
//! pixel coordinates. Series sit in `<g id="…">` groups named after what they show, so tests
//! (and people reading the SVG) can find them. Colours differ in lightness as well as hue, and
//! every line that shares a colour with another differs in dash or marker, so the charts read
//! in greyscale.

mod canvas;
mod cost;
mod costtime;
mod growth;
mod latency;
mod montecarlo;
mod usl;

pub use usl::usl_chart;

use crate::plan::Plan;
use crate::report::Report;
use canvas::{text_width, Canvas, FONT};
use plotters::coord::ranged1d::{AsRangedCoord, DefaultFormatting, KeyPointHint, Ranged};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One chart: a short name used in its file name (`design-<name>.svg`), a title, the SVG text.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub name: &'static str,
    pub title: String,
    pub svg: String,
}

/// Every chart that applies to the plan.
pub fn charts(plan: &Report) -> Vec<Chart> {
    let mut out = Vec::new();
    out.extend(latency::chart(plan));
    out.extend(cost::chart(plan));
    out.extend(growth::chart(plan));
    out.extend(costtime::chart(plan));
    out.extend(montecarlo::chart(plan));
    out
}

/// What drawing returns; the canvas itself never fails, plotters' layout may.
type Drawn<T = ()> = Result<T, DrawingAreaErrorKind<canvas::Never>>;
type Area = DrawingArea<Canvas, plotters::coord::Shift>;

/// Colours, darkest first: their greyscale lightness (0.299R + 0.587G + 0.114B) is 54, 92,
/// 140 and 189 of 255, so they stay apart in print.
mod ink {
    use plotters::style::RGBColor;
    pub const TEXT: RGBColor = RGBColor(0x22, 0x22, 0x22);
    pub const MUTED: RGBColor = RGBColor(0x66, 0x66, 0x66);
    pub const GRID: RGBColor = RGBColor(0xe4, 0xe4, 0xe4);
    pub const AXIS: RGBColor = RGBColor(0x99, 0x99, 0x99);
    /// Dark blue: the main series.
    pub const DARK: RGBColor = RGBColor(0x1b, 0x3a, 0x6b);
    /// Red: limits (SLO, budget, next phase), always dash-dotted or thick.
    pub const LIMIT: RGBColor = RGBColor(0xd6, 0x27, 0x28);
    /// Orange: the secondary series (p50, percentiles), always dashed.
    pub const MID: RGBColor = RGBColor(0xd9, 0x7a, 0x1e);
    /// Light blue: fills (ranges, histogram bars).
    pub const LIGHT: RGBColor = RGBColor(0x9e, 0xc5, 0xe6);
    pub const SHADE: RGBColor = RGBColor(0xf2, 0xf2, 0xf2);
}

/// Dash arrays, by meaning.
mod dash {
    pub const DASHED: &str = "7 4";
    pub const DOTTED: &str = "2 3";
    pub const DASH_DOT: &str = "10 3 2 3";
}

fn font(size: u32) -> TextStyle<'static> {
    TextStyle::from((FONT, size).into_font()).color(&ink::TEXT)
}

fn bold(size: u32) -> TextStyle<'static> {
    TextStyle::from((FONT, size, FontStyle::Bold).into_font()).color(&ink::TEXT)
}

fn anchored(size: u32, h: HPos, v: VPos) -> TextStyle<'static> {
    font(size).pos(Pos::new(h, v))
}

/// Title (bold, 18 px) and subtitle (13 px, muted) at the top left of the canvas.
fn heading(area: &Area, title: &str, subtitle: &str) -> Drawn {
    area.draw_text(
        title,
        &bold(18).pos(Pos::new(HPos::Left, VPos::Top)),
        (16, 12),
    )?;
    if !subtitle.is_empty() {
        // Shrink a subtitle that would run off the canvas.
        let room = area.dim_in_pixel().0 as f64 - 32.0;
        let size = (13.0 * room / text_width(subtitle, 13.0)).clamp(10.0, 13.0) as u32;
        area.draw_text(
            subtitle,
            &anchored(size, HPos::Left, VPos::Top).color(&ink::MUTED),
            (16, 36),
        )?;
    }
    Ok(())
}

/// How a legend entry is drawn.
#[derive(Clone, Copy)]
enum Glyph {
    Line {
        color: RGBColor,
        width: u32,
        dash: Option<&'static str>,
    },
    /// A marker: `filled` circle, or hollow square.
    Dot {
        color: RGBColor,
        filled: bool,
        whisker: bool,
    },
    Diamond,
    Swatch {
        fill: RGBColor,
        stroke: RGBColor,
    },
}

/// Width of a legend entry, glyph and gap included.
fn legend_entry_width(label: &str) -> i32 {
    30 + text_width(label, 12.0).ceil() as i32 + 18
}

/// Total width of a one-row legend.
fn legend_width(entries: &[(Glyph, String)]) -> i32 {
    entries
        .iter()
        .map(|(_, l)| legend_entry_width(l))
        .sum::<i32>()
        - 18
}

/// A legend: entries left to right from (x, y), wrapping before `max_x`; returns the y below
/// the last row.
fn legend(
    canvas: &Canvas,
    area: &Area,
    (x0, y0): (i32, i32),
    max_x: i32,
    entries: &[(Glyph, String)],
) -> Drawn<i32> {
    canvas.group(Some("legend"), &[]);
    let (mut x, mut y) = (x0, y0);
    for (glyph, label) in entries {
        let w = legend_entry_width(label);
        if x > x0 && x + w - 18 > max_x {
            x = x0;
            y += 20;
        }
        let cy = y + 8;
        draw_glyph(canvas, area, *glyph, (x + 12, cy))?;
        area.draw_text(label, &anchored(12, HPos::Left, VPos::Center), (x + 30, cy))?;
        x += w;
    }
    canvas.end();
    Ok(y + 20)
}

/// A legend glyph centred on `c` (24 px wide).
fn draw_glyph(canvas: &Canvas, area: &Area, glyph: Glyph, (cx, cy): (i32, i32)) -> Drawn {
    match glyph {
        Glyph::Line { color, width, dash } => {
            canvas.dashed(None, dash);
            area.draw(&PathElement::new(
                vec![(cx - 12, cy), (cx + 12, cy)],
                color.stroke_width(width),
            ))?;
            canvas.end();
        }
        Glyph::Dot {
            color,
            filled,
            whisker,
        } => {
            if whisker {
                area.draw(&PathElement::new(
                    vec![(cx, cy - 8), (cx, cy + 8)],
                    color.stroke_width(1),
                ))?;
                for dy in [-8, 8] {
                    area.draw(&PathElement::new(
                        vec![(cx - 3, cy + dy), (cx + 3, cy + dy)],
                        color.stroke_width(1),
                    ))?;
                }
            }
            marker(area, (cx, cy), color, filled)?;
        }
        Glyph::Diamond => diamond(area, (cx, cy))?,
        Glyph::Swatch { fill, stroke } => {
            area.draw(&Rectangle::new(
                [(cx - 10, cy - 6), (cx + 10, cy + 6)],
                fill.filled(),
            ))?;
            area.draw(&Rectangle::new(
                [(cx - 10, cy - 6), (cx + 10, cy + 6)],
                stroke.stroke_width(1),
            ))?;
        }
    }
    Ok(())
}

/// A simulated point: filled circle (p99) or hollow square (p50), in pixels.
fn marker(area: &Area, (x, y): (i32, i32), color: RGBColor, filled: bool) -> Drawn {
    if filled {
        area.draw(&Circle::new((x, y), 4, color.filled()))?;
    } else {
        area.draw(&Rectangle::new(
            [(x - 3, y - 3), (x + 3, y + 3)],
            WHITE.filled(),
        ))?;
        area.draw(&Rectangle::new(
            [(x - 3, y - 3), (x + 3, y + 3)],
            color.stroke_width(2),
        ))?;
    }
    Ok(())
}

/// The planned-operating-point marker: a black diamond with a white rim, in pixels.
fn diamond(area: &Area, (x, y): (i32, i32)) -> Drawn {
    area.draw(&Polygon::new(
        vec![(x, y - 8), (x + 8, y), (x, y + 8), (x - 8, y)],
        WHITE.filled(),
    ))?;
    area.draw(&Polygon::new(
        vec![(x, y - 6), (x + 6, y), (x, y + 6), (x - 6, y)],
        BLACK.filled(),
    ))?;
    Ok(())
}

/// A text label on a translucent white box, so that it stays readable over grid lines and
/// series. `pos` is the anchor point of the box, `h`/`v` which of its sides it names.
fn label_box(area: &Area, text: &str, pos: (i32, i32), h: HPos, v: VPos, size: u32) -> Drawn {
    label_lines(area, &[text], pos, h, v, size)
}

/// [`label_box`] with several lines, aligned on the same side.
fn label_lines(area: &Area, lines: &[&str], pos: (i32, i32), h: HPos, v: VPos, size: u32) -> Drawn {
    let w = lines
        .iter()
        .map(|l| text_width(l, size as f64))
        .fold(0.0, f64::max)
        .ceil() as i32;
    let line_h = size as i32 + 4;
    let hgt = line_h * lines.len() as i32;
    let x0 = match h {
        HPos::Left => pos.0,
        HPos::Center => pos.0 - w / 2,
        HPos::Right => pos.0 - w,
    };
    let y0 = match v {
        VPos::Top => pos.1,
        VPos::Center => pos.1 - hgt / 2,
        VPos::Bottom => pos.1 - hgt,
    };
    area.draw(&Rectangle::new(
        [(x0 - 3, y0), (x0 + w + 3, y0 + hgt)],
        WHITE.mix(0.85).filled(),
    ))?;
    let tx = match h {
        HPos::Left => x0,
        HPos::Center => x0 + w / 2,
        HPos::Right => x0 + w,
    };
    for (i, l) in lines.iter().enumerate() {
        area.draw_text(
            l,
            &anchored(size, h, VPos::Center),
            (tx, y0 + line_h * i as i32 + line_h / 2),
        )?;
    }
    Ok(())
}

/// Where a label of `w` pixels goes beside a point at `x` within the plot `px`: to its right
/// when it fits, else to its left, else clamped inside the plot.
fn beside(x: i32, w: i32, px: &std::ops::Range<i32>) -> (i32, HPos) {
    if x + 12 + w <= px.end - 4 {
        (x + 12, HPos::Left)
    } else if x - 12 - w >= px.start + 4 {
        (x - 12, HPos::Right)
    } else {
        ((px.end - 4 - w).max(px.start + 4), HPos::Left)
    }
}

/// An axis whose ticks (and grid lines) are exactly the given values. (plotters'
/// `WithKeyPoints` does the same but lacks the formatter `configure_mesh` needs.)
#[derive(Clone)]
struct Ticked<R: Ranged<ValueType = f64>> {
    inner: R,
    ticks: Vec<f64>,
}

fn ticked<R: AsRangedCoord<Value = f64>>(range: R, ticks: Vec<f64>) -> Ticked<R::CoordDescType>
where
    R::CoordDescType: Ranged<ValueType = f64>,
{
    Ticked {
        inner: range.into(),
        ticks,
    }
}

impl<R: Ranged<ValueType = f64>> Ranged for Ticked<R> {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.inner.range()
    }

    fn axis_pixel_range(&self, limit: (i32, i32)) -> std::ops::Range<i32> {
        self.inner.axis_pixel_range(limit)
    }
}

/// Round tick values: 1, 2 or 5 × 10^k steps, at most about `max` of them, covering [lo, hi].
fn nice_ticks(lo: f64, hi: f64, max: usize) -> Vec<f64> {
    if hi.is_nan() || lo.is_nan() || hi <= lo || !lo.is_finite() || !hi.is_finite() {
        return vec![lo];
    }
    let raw = (hi - lo) / max.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| (hi - lo) / s <= max as f64)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last).map(|i| i as f64 * step).collect()
}

/// The smallest "nice" number (1, 2, 2.5, 5 × 10^k) at or above `v`.
fn nice_ceil(v: f64) -> f64 {
    if v.is_nan() || v <= 0.0 || !v.is_finite() {
        return 1.0;
    }
    let mag = 10f64.powf(v.log10().floor());
    [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= v * (1.0 - 1e-12))
        .unwrap_or(10.0 * mag)
}

/// Ticks of a log axis over [lo, hi]: 1-2-5 per decade, thinned to 1 per decade when there
/// would be more than `max`.
fn log_ticks(lo: f64, hi: f64, max: usize) -> Vec<f64> {
    let (a, b) = (lo.log10().floor() as i32, hi.log10().ceil() as i32);
    let pick = |mults: &[f64]| -> Vec<f64> {
        (a..=b)
            .flat_map(|e| mults.iter().map(move |m| m * 10f64.powi(e)))
            .filter(|v| *v >= lo * (1.0 - 1e-9) && *v <= hi * (1.0 + 1e-9))
            .collect()
    };
    let t = pick(&[1.0, 2.0, 5.0]);
    if t.len() <= max {
        return t;
    }
    let t = pick(&[1.0, 3.0]);
    if t.len() <= max {
        return t;
    }
    pick(&[1.0])
}

/// Money for tick labels: `$800`, `$1.5K`, `$120K`, `$2M`.
fn money_tick(v: f64) -> String {
    if v.abs() < 1000.0 {
        crate::units::fmt_money(v)
    } else {
        format!("${}", crate::units::fmt_si(v))
    }
}

/// Milliseconds as a readable duration for tick labels: `0.5 ms`, `20 ms`, `1.5 s`.
fn ms_tick(ms: f64) -> String {
    crate::units::fmt_duration(ms / 1e3)
}

/// A span of years, for labels: `now`, `5 months`, `2.3 years`.
fn years_label(y: f64) -> String {
    if y < 1.0 / 24.0 {
        "now".into()
    } else if y < 1.0 {
        let m = (y * 12.0).round().max(1.0);
        format!("{} month{}", m, if m == 1.0 { "" } else { "s" })
    } else {
        format!("{} years", crate::units::trim_num(y, 2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ticks_are_round_and_cover_the_range() {
        assert_eq!(
            nice_ticks(0.0, 100.0, 6),
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        let t = nice_ticks(0.0, 8175.0, 6);
        assert_eq!(t.first(), Some(&0.0));
        assert!(t.len() <= 7 && t.len() >= 4, "{t:?}");
        assert!(t.windows(2).all(|w| w[1] > w[0]));
    }

    #[test]
    fn log_ticks_are_one_two_five() {
        assert_eq!(
            log_ticks(1.0, 100.0, 12),
            vec![1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0]
        );
        let many = log_ticks(1e-3, 1e4, 10);
        assert!(many.len() <= 10, "{many:?}");
    }

    #[test]
    fn labels_read_well() {
        assert_eq!(money_tick(500.0), "$500");
        assert_eq!(money_tick(120_000.0), "$120K");
        assert_eq!(ms_tick(20.0), "20 ms");
        assert_eq!(ms_tick(1500.0), "1.5 s");
        assert_eq!(years_label(0.01), "now");
        assert_eq!(years_label(0.5), "6 months");
        assert_eq!(years_label(3.67), "3.7 years");
        assert_eq!(nice_ceil(8175.0), 10_000.0);
        assert_eq!(nice_ceil(1.9), 2.0);
    }

    #[test]
    fn charts_of_a_small_plan_are_deterministic() {
        let cat = crate::catalog::Catalog::load(None).unwrap();
        let spec = crate::spec::parse(
            "t.yaml",
            "name: t\ntraffic: { dau: 1M, requests_per_user: 10 }\nslo: { p99: 200 ms }\n",
            crate::spec::Syntax::Yaml,
        )
        .unwrap();
        let plan = crate::pipeline::build(&spec.spec, &cat);
        let a = charts(&plan);
        let b = charts(&plan);
        assert_eq!(a, b);
        let names: Vec<_> = a.iter().map(|c| c.name).collect();
        assert_eq!(names, ["latency", "cost", "growth", "cost-over-time"]);
    }
}
