//! Chart 4 (uncertain inputs only): the Monte Carlo distribution of monthly cost, as a
//! histogram of the share of samples per bin, with the P10, P50 and P90 marked and the budget
//! (drawn when it lies within one histogram width of the samples, else named at the edge).

use super::*;

const WIDTH: u32 = 860;
const HEIGHT: u32 = 460;

pub(super) fn chart(plan: &crate::report::Report) -> Option<Chart> {
    let u = plan.uncertainty.as_ref()?;
    let h = &u.cost_histogram;
    if h.counts.is_empty() || h.edges.len() != h.counts.len() + 1 {
        return None;
    }
    let svg = draw(plan, u).ok()?;
    Some(Chart {
        name: "cost-distribution",
        title: "Monthly cost distribution (Monte Carlo)".into(),
        svg,
    })
}

fn draw(plan: &Plan, u: &crate::uncertainty::UncertaintyResult) -> Drawn<String> {
    let h = &u.cost_histogram;
    let total: u64 = h.counts.iter().sum::<u64>().max(1);
    let shares: Vec<f64> = h
        .counts
        .iter()
        .map(|c| *c as f64 * 100.0 / total as f64)
        .collect();
    let (lo, hi) = (h.edges[0], h.edges[h.edges.len() - 1]);
    let span = (hi - lo).max(hi.abs() * 0.01).max(1.0);
    let budget = plan.cost.budget.filter(|b| b.is_finite());
    let budget_shown = budget.filter(|b| *b >= lo - span && *b <= hi + span);
    let (mut xlo, mut xhi) = (lo - span * 0.06, hi + span * 0.06);
    if let Some(b) = budget_shown {
        xlo = xlo.min(b - span * 0.06);
        xhi = xhi.max(b + span * 0.06);
    }
    let xlo = xlo.max(0.0);
    let ymax = nice_ceil(shares.iter().cloned().fold(0.0, f64::max) * 1.45);
    let q = u.figures.get("monthly_cost_usd");

    let canvas = Canvas::new(WIDTH, HEIGHT);
    let root = canvas.area();
    let samples = crate::units::fmt_money(u.samples as f64).replacen('$', "", 1);
    let mut sub = format!("{samples} samples (seed {})", u.seed);
    if let Some(p) = u.p_within_budget {
        sub.push_str(&format!(
            " · P(cost ≤ budget) = {}",
            crate::units::fmt_percent(p)
        ));
    }
    heading(&root, "Monthly cost distribution (Monte Carlo)", &sub)?;
    let mut entries = vec![(
        Glyph::Swatch {
            fill: ink::LIGHT,
            stroke: ink::DARK,
        },
        "share of samples".to_string(),
    )];
    if q.is_some() {
        entries.push((
            Glyph::Line {
                color: ink::DARK,
                width: 2,
                dash: None,
            },
            "P50 (median)".to_string(),
        ));
        entries.push((
            Glyph::Line {
                color: ink::MID,
                width: 2,
                dash: Some(dash::DASHED),
            },
            "P10 and P90".to_string(),
        ));
    }
    if budget.is_some() {
        entries.push((
            Glyph::Line {
                color: ink::LIMIT,
                width: 3,
                dash: Some(dash::DASH_DOT),
            },
            "budget".to_string(),
        ));
    }
    legend(&canvas, &root, (16, 58), WIDTH as i32 - 16, &entries)?;

    let body = root.margin(84, 8, 8, 24);
    let mut chart = ChartBuilder::on(&body)
        .x_label_area_size(46)
        .y_label_area_size(62)
        .build_cartesian_2d(
            ticked(xlo..xhi, nice_ticks(xlo, xhi, 7)),
            ticked(0.0..ymax, nice_ticks(0.0, ymax, 6)),
        )?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(ink::GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(ink::AXIS)
        .label_style(font(12))
        .axis_desc_style(font(13))
        .x_desc("monthly cost (US dollars)")
        .y_desc("share of samples (%)")
        .x_label_formatter(&|v| money_tick(*v))
        .y_label_formatter(&|v| format!("{}%", crate::units::trim_num(*v, 3)))
        .draw()?;
    let (px, py) = chart.plotting_area().get_pixel_range();

    canvas.group(Some("histogram"), &[]);
    for (i, s) in shares.iter().enumerate() {
        if *s <= 0.0 {
            continue;
        }
        let bar = [(h.edges[i], 0.0), (h.edges[i + 1], *s)];
        chart.draw_series(std::iter::once(Rectangle::new(bar, ink::LIGHT.filled())))?;
        chart.draw_series(std::iter::once(Rectangle::new(
            bar,
            ink::DARK.stroke_width(1),
        )))?;
    }
    canvas.end();

    // Vertical marks, labelled at the top; labels that would overlap go one row lower.
    struct Mark {
        id: &'static str,
        x: f64,
        text: String,
        color: RGBColor,
        width: u32,
        dash: Option<&'static str>,
    }
    let mut marks = Vec::new();
    if let Some(q) = q {
        for (id, name, v) in [
            ("p10", "P10", q.p10),
            ("p50", "P50", q.p50),
            ("p90", "P90", q.p90),
        ] {
            let median = id == "p50";
            marks.push(Mark {
                id,
                x: v,
                text: format!("{name} {}", crate::units::fmt_money(v)),
                color: if median { ink::DARK } else { ink::MID },
                width: 2,
                dash: (!median).then_some(dash::DASHED),
            });
        }
    }
    if let Some(b) = budget_shown {
        marks.push(Mark {
            id: "budget",
            x: b,
            text: format!("budget {}", crate::units::fmt_money(b)),
            color: ink::LIMIT,
            width: 3,
            dash: Some(dash::DASH_DOT),
        });
    }
    marks.sort_by(|a, b| a.x.total_cmp(&b.x));
    let mut rows: Vec<i32> = Vec::new(); // right edge of the last label in each row
    let xs: Vec<i32> = marks
        .iter()
        .map(|m| chart.backend_coord(&(m.x, 0.0)).0)
        .collect();
    for (i, m) in marks.iter().enumerate() {
        canvas.dashed(Some(m.id), m.dash);
        chart.draw_series(LineSeries::new(
            vec![(m.x, 0.0), (m.x, ymax)],
            m.color.stroke_width(m.width),
        ))?;
        canvas.end();
        let x = xs[i];
        let w = text_width(&m.text, 12.0).ceil() as i32;
        // Beside the line, so that it stays visible: right of it unless that runs off the
        // plot or over another mark's line, then left of it.
        let fits = |left: i32| {
            left >= px.start + 2
                && left + w <= px.end - 2
                && xs
                    .iter()
                    .enumerate()
                    .all(|(j, o)| j == i || *o < left - 4 || *o > left + w + 4)
        };
        let left = [x + 5, x - 5 - w].into_iter().find(|l| fits(*l)).unwrap_or(
            if x + 5 + w <= px.end - 2 {
                x + 5
            } else {
                (x - 5 - w).max(px.start + 2)
            },
        );
        let row = rows.iter().position(|r| left > r + 8).unwrap_or(rows.len());
        if row == rows.len() {
            rows.push(left + w);
        } else {
            rows[row] = left + w;
        }
        canvas.group(Some(&format!("{}-label", m.id)), &[]);
        label_box(
            &root,
            &m.text,
            (left, py.start + 4 + 18 * row as i32),
            HPos::Left,
            VPos::Top,
            12,
        )?;
        canvas.end();
    }
    if let (Some(b), None) = (budget, budget_shown) {
        let (text, x, hp) = if b > xhi {
            (
                format!("budget {} →", crate::units::fmt_money(b)),
                px.end - 6,
                HPos::Right,
            )
        } else {
            (
                format!("← budget {}", crate::units::fmt_money(b)),
                px.start + 6,
                HPos::Left,
            )
        };
        canvas.group(Some("budget-label"), &[]);
        label_box(
            &root,
            &text,
            (x, py.start + 4 + 18 * rows.len() as i32),
            hp,
            VPos::Top,
            12,
        )?;
        canvas.end();
    }
    Ok(canvas.finish(
        "Monthly cost distribution (Monte Carlo)",
        &format!(
            "Histogram of monthly cost over {} samples{}{}",
            u.samples,
            q.map(|q| format!(
                "; P10 {}, P50 {}, P90 {}",
                crate::units::fmt_money(q.p10),
                crate::units::fmt_money(q.p50),
                crate::units::fmt_money(q.p90)
            ))
            .unwrap_or_default(),
            budget
                .map(|b| format!("; budget {}", crate::units::fmt_money(b)))
                .unwrap_or_default()
        ),
    ))
}
