//! Chart 3: the growth timeline over the spec's horizon.
//!
//! Peak load grows as `load(t) = peak QPS × (1 + g)^t`. Against it: what today's layout
//! carries (peak × headroom, the load at which some component must first grow) and the load
//! at which the next scaling phase is needed (peak × its load multiple), each marked where the
//! load curve crosses it. When the next phase falls a little beyond the horizon (up to twice
//! it), the time axis is extended to show it, with the part past the horizon shaded.

use super::*;

const WIDTH: u32 = 860;
const HEIGHT: u32 = 480;

/// A level the load is compared with, and where the curve reaches it.
struct Level {
    id: &'static str,
    value: f64,
    label: String,
    /// Years until the load reaches it, when it does within the chart.
    crossing: Option<f64>,
}

pub(super) fn chart(plan: &Plan) -> Option<Chart> {
    let peak = plan.workload.peak_qps;
    if peak.is_nan() || peak <= 0.0 || !peak.is_finite() {
        return None;
    }
    let svg = draw(plan, peak).ok()?;
    Some(Chart {
        name: "growth",
        title: "Growth timeline: load vs capacity".into(),
        svg,
    })
}

fn draw(plan: &Plan, peak: f64) -> Drawn<String> {
    let g = plan.storage.growth_yearly.max(0.0);
    let horizon = if plan.storage.horizon_years > 0.0 {
        plan.storage.horizon_years
    } else {
        3.0
    };
    let years_to = |m: f64| (g > 0.0 && m >= 1.0).then(|| m.ln() / (1.0 + g).ln());
    let next_years = plan
        .next_phase
        .as_ref()
        .and_then(|n| years_to(n.load_multiple));
    let xmax = match next_years {
        Some(y) if y > horizon && y <= 2.0 * horizon => (y * 2.0).ceil() / 2.0 + 0.25,
        _ => horizon,
    };
    let load = |t: f64| peak * (1.0 + g).powf(t);
    let lmax = load(xmax);
    let within = |t: Option<f64>| t.filter(|t| *t <= xmax);

    let mut levels = Vec::new();
    let mut notes = Vec::new();
    match plan.headroom {
        Some(h) => levels.push(Level {
            id: "capacity",
            value: peak * h,
            label: format!(
                "today's layout carries {} req/s ({}× today's peak)",
                crate::units::fmt_si(peak * h),
                multiple(h)
            ),
            crossing: within(years_to(h)),
        }),
        None => notes.push("today's layout carries more than 1,000× today's peak".to_string()),
    }
    match &plan.next_phase {
        Some(n) => levels.push(Level {
            id: "next-phase",
            value: peak * n.load_multiple,
            label: format!(
                "phase {} needed from {} req/s ({}× today's peak)",
                n.phase,
                crate::units::fmt_si(peak * n.load_multiple),
                multiple(n.load_multiple)
            ),
            crossing: within(next_years),
        }),
        None if plan.phase.number >= 3 => {
            notes.push(format!("already in phase {}, the last", plan.phase.number))
        }
        None => notes.push("no phase change up to 10,000× today's load".to_string()),
    }
    // Levels far above the curve would flatten it: they become notes instead.
    let (shown, above): (Vec<Level>, Vec<Level>) =
        levels.into_iter().partition(|l| l.value <= 10.0 * lmax);
    for l in &above {
        notes.push(format!("{} — above this chart", l.label));
    }
    if let (Some(n), Some(y)) = (&plan.next_phase, next_years) {
        if y > xmax {
            notes.push(format!(
                "phase {} in {} at {} growth, past the horizon",
                n.phase,
                years_label(y),
                crate::units::fmt_percent(g)
            ));
        }
    }
    if g == 0.0 {
        notes.push("no growth in the spec: the load stays at today's peak".to_string());
    }
    let ymax = nice_ceil(shown.iter().map(|l| l.value).fold(lmax, f64::max) * 1.15);

    let canvas = Canvas::new(
        WIDTH,
        HEIGHT + 18 * notes.len() as u32 + 6 * (!notes.is_empty()) as u32,
    );
    let root = canvas.area();
    heading(
        &root,
        "Growth timeline: load vs capacity",
        &format!(
            "Peak load at {} growth a year over the {} horizon, against what the design carries",
            crate::units::fmt_percent(g),
            years_label(horizon).replace(" years", "-year")
        ),
    )?;
    let mut entries = vec![(
        Glyph::Line {
            color: ink::DARK,
            width: 3,
            dash: None,
        },
        "peak load".to_string(),
    )];
    for l in &shown {
        entries.push(match l.id {
            "capacity" => (
                Glyph::Line {
                    color: ink::MUTED,
                    width: 2,
                    dash: Some(dash::DASHED),
                },
                "capacity of today's layout".to_string(),
            ),
            _ => (
                Glyph::Line {
                    color: ink::LIMIT,
                    width: 2,
                    dash: Some(dash::DASH_DOT),
                },
                "next phase threshold".to_string(),
            ),
        });
    }
    if shown.iter().any(|l| l.crossing.is_some()) {
        entries.push((Glyph::Diamond, "when load reaches it".to_string()));
    }
    legend(&canvas, &root, (16, 58), WIDTH as i32 - 16, &entries)?;

    let body = root
        .clone()
        .shrink((0, 0), (WIDTH, HEIGHT))
        .margin(84, 8, 8, 24);
    let mut chart = ChartBuilder::on(&body)
        .x_label_area_size(46)
        .y_label_area_size(70)
        .build_cartesian_2d(
            ticked(0.0..xmax, nice_ticks(0.0, xmax, 8)),
            ticked(0.0..ymax, nice_ticks(0.0, ymax, 6)),
        )?;
    chart
        .configure_mesh()
        .bold_line_style(ink::GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(ink::AXIS)
        .label_style(font(12))
        .axis_desc_style(font(13))
        .x_desc("years from now")
        .y_desc("peak load (req/s)")
        .x_label_formatter(&|v| crate::units::trim_num(*v, 3))
        .y_label_formatter(&|v| crate::units::fmt_si(*v))
        .draw()?;
    let (px, py) = chart.plotting_area().get_pixel_range();
    let plot = chart.plotting_area();
    let at = |x: f64, y: f64| plot.map_coordinate(&(x, y));

    if xmax > horizon {
        canvas.group(Some("beyond-horizon"), &[]);
        plot.draw(&Rectangle::new(
            [(horizon, 0.0), (xmax, ymax)],
            ink::SHADE.filled(),
        ))?;
        let (x, _) = at(horizon, 0.0);
        root.draw_text(
            "past the horizon",
            &anchored(12, HPos::Left, VPos::Top).color(&ink::MUTED),
            (x + 6, py.start + 6),
        )?;
        canvas.end();
    }

    canvas.clipped(px.clone(), py.clone());
    for l in &shown {
        let (color, d) = match l.id {
            "capacity" => (ink::MUTED, dash::DASHED),
            _ => (ink::LIMIT, dash::DASH_DOT),
        };
        canvas.dashed(Some(l.id), Some(d));
        plot.draw(&PathElement::new(
            vec![(0.0, l.value), (xmax, l.value)],
            color.stroke_width(2),
        ))?;
        canvas.end();
    }
    canvas.group(Some("load"), &[]);
    plot.draw(&PathElement::new(
        (0..=40)
            .map(|i| {
                let t = xmax * i as f64 / 40.0;
                (t, load(t))
            })
            .collect::<Vec<_>>(),
        ink::DARK.stroke_width(3),
    ))?;
    canvas.end();
    canvas.end(); // clip

    // Level labels sit where the curve is not: below the line right of where the load
    // crosses it, else above the line left of that. A label that would overlap one already
    // placed at the same end goes to the other side of its line.
    let mut placed: Vec<(bool, i32, i32)> = Vec::new(); // (at the right, y of the line, side)
    for l in &shown {
        let (_, y) = at(0.0, l.value);
        let w = text_width(&l.label, 12.0) as i32;
        let cross_x = l.crossing.map(|t| at(t, l.value).0);
        let right = cross_x.is_some_and(|cx| cx + 8 + w <= px.end - 8);
        let mut side = if right { 1 } else { -1 };
        if placed
            .iter()
            .any(|&(r, oy, os)| r == right && os == side && (oy - y).abs() < 20)
        {
            side = -side;
        }
        placed.push((right, y, side));
        let (x, h) = if right {
            (px.end - 8, HPos::Right)
        } else {
            (px.start + 8, HPos::Left)
        };
        let (ly, v) = if side > 0 {
            (y + 4, VPos::Top)
        } else {
            (y - 4, VPos::Bottom)
        };
        canvas.group(Some(&format!("{}-label", l.id)), &[]);
        label_box(&root, &l.label, (x, ly), h, v, 12)?;
        canvas.end();
    }
    for l in &shown {
        let Some(t) = l.crossing else { continue };
        let (x, y) = at(t, l.value);
        canvas.group(Some(&format!("{}-reached", l.id)), &[]);
        canvas.dashed(None, Some(dash::DOTTED));
        root.draw(&PathElement::new(
            vec![(x, y), (x, py.end)],
            ink::MUTED.stroke_width(1),
        ))?;
        canvas.end();
        diamond(&root, (x, y))?;
        let what = if l.id == "capacity" {
            "layout full".to_string()
        } else {
            plan.next_phase
                .as_ref()
                .map(|n| format!("phase {}", n.phase))
                .unwrap_or_default()
        };
        let text = format!("{what}: {}", years_label(t));
        let w = text_width(&text, 12.0) as i32;
        let (lx, h) = beside(x - 6, w, &px);
        label_box(&root, &text, (lx, py.end - 6), h, VPos::Bottom, 12)?;
        canvas.end();
    }
    if !notes.is_empty() {
        canvas.group(Some("notes"), &[]);
        for (i, n) in notes.iter().enumerate() {
            root.draw_text(
                &format!("Note: {n}."),
                &anchored(12, HPos::Left, VPos::Top).color(&ink::MUTED),
                (16, HEIGHT as i32 + 18 * i as i32),
            )?;
        }
        canvas.end();
    }
    Ok(canvas.finish(
        "Growth timeline: load vs capacity",
        &format!(
            "Peak load from {} req/s growing {} a year over {}{}",
            crate::units::fmt_si(peak),
            crate::units::fmt_percent(g),
            years_label(horizon),
            shown
                .iter()
                .map(|l| format!("; {}", l.label))
                .collect::<String>()
        ),
    ))
}

/// A load multiple with at least one decimal: `1.0`, `1.95`, `6.85`, `120`.
fn multiple(m: f64) -> String {
    let s = crate::units::trim_num(m, 3);
    if s.contains('.') || m >= 100.0 {
        s
    } else {
        format!("{s}.0")
    }
}
