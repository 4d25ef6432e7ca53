//! Chart 5: the monthly cost from the first month to the horizon, each quarter, on the design
//! each month needs: the low estimate as a line, the range to the high estimate as a band,
//! the budget as a limit line.

use super::*;

const WIDTH: u32 = 860;
const HEIGHT: u32 = 440;

pub(super) fn chart(plan: &Plan) -> Option<Chart> {
    let pts = &plan.cost.over_time;
    if pts.len() < 2
        || pts
            .iter()
            .any(|p| !(p.high.is_finite() && p.low.is_finite()))
    {
        return None;
    }
    let svg = draw(plan).ok()?;
    Some(Chart {
        name: "cost-over-time",
        title: "Monthly cost from launch to the horizon".into(),
        svg,
    })
}

fn draw(plan: &Plan) -> Drawn<String> {
    let pts = &plan.cost.over_time;
    let canvas = Canvas::new(WIDTH, HEIGHT);
    let root = canvas.area();
    let (first, last) = (pts[0], pts[pts.len() - 1]);
    let subtitle = format!(
        "{} in month 1, {} in month {} — the design each month needs, storage held since launch",
        crate::render::cost_cell(first.low, first.high),
        crate::render::cost_cell(last.low, last.high),
        last.month
    );
    heading(&root, "Monthly cost from launch to the horizon", &subtitle)?;
    let mut entries = vec![
        (
            Glyph::Line {
                color: ink::DARK,
                width: 3,
                dash: None,
            },
            "monthly cost (low estimate)".to_string(),
        ),
        (
            Glyph::Swatch {
                fill: ink::LIGHT,
                stroke: ink::DARK,
            },
            "range to the high estimate".to_string(),
        ),
    ];
    let budget = plan.cost.budget.filter(|b| b.is_finite() && *b > 0.0);
    if budget.is_some() {
        entries.push((
            Glyph::Line {
                color: ink::LIMIT,
                width: 2,
                dash: Some(dash::DASH_DOT),
            },
            "budget".to_string(),
        ));
    }
    legend(&canvas, &root, (16, 58), WIDTH as i32 - 16, &entries)?;
    let xmax = last.month as f64;
    let top = pts.iter().map(|p| p.high).fold(0.0, f64::max);
    let ymax = nice_ceil(budget.map_or(top, |b| b.max(top).min(top * 3.0)) * 1.1);
    let body = root.margin(84, 8, 8, 24);
    let mut chart = ChartBuilder::on(&body)
        .x_label_area_size(46)
        .y_label_area_size(80)
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
        .x_desc("months after launch")
        .y_desc("US dollars a month")
        .x_label_formatter(&|v| crate::units::trim_num(*v, 3))
        .y_label_formatter(&|v| money_tick(*v))
        .draw()?;
    let (px, py) = chart.plotting_area().get_pixel_range();
    canvas.clipped(px, py);
    canvas.group(Some("range"), &[]);
    let band: Vec<(f64, f64)> = pts
        .iter()
        .map(|p| (p.month as f64, p.high))
        .chain(pts.iter().rev().map(|p| (p.month as f64, p.low)))
        .collect();
    chart.draw_series(std::iter::once(Polygon::new(band, ink::LIGHT.filled())))?;
    canvas.end();
    canvas.group(Some("cost"), &[]);
    chart.draw_series(LineSeries::new(
        pts.iter().map(|p| (p.month as f64, p.low)),
        ink::DARK.stroke_width(3),
    ))?;
    canvas.end();
    if let Some(b) = budget.filter(|b| *b <= ymax) {
        canvas.dashed(Some("budget"), Some(dash::DASH_DOT));
        chart.draw_series(LineSeries::new(
            [(0.0, b), (xmax, b)],
            ink::LIMIT.stroke_width(2),
        ))?;
        canvas.end();
    }
    canvas.end();
    Ok(canvas.finish(
        "Monthly cost from launch to the horizon",
        &format!("{} quarterly points; {subtitle}", pts.len()),
    ))
}
