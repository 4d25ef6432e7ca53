//! Chart 2: monthly cost by component, one horizontal bar each, most expensive first: a dark
//! bar to the low estimate and a light one from there to the high estimate, labelled with the
//! range. Internet egress (bandwidth) is a row of its own; the total and the budget are in the
//! subtitle (a bar for the total would dwarf the parts).

use super::*;

const WIDTH: u32 = 860;

struct Row {
    label: String,
    low: f64,
    high: f64,
}

fn rows(plan: &Plan) -> Vec<Row> {
    let mut rows: Vec<Row> = plan
        .components
        .iter()
        .map(|c| {
            let what = match &c.tier {
                Some(t) => format!("{} × {t}", c.count),
                None if c.count > 1 => format!("{} × {}", c.count, c.technology),
                None => c.technology.to_string(),
            };
            Row {
                label: format!("{}: {what}", c.role),
                low: c.monthly_cost.low.min(c.monthly_cost.high),
                high: c.monthly_cost.high.max(c.monthly_cost.low),
            }
        })
        .collect();
    let bw = plan.cost.bandwidth;
    if bw.high > 0.0 {
        rows.push(Row {
            label: "bandwidth: internet egress".into(),
            low: bw.low,
            high: bw.high,
        });
    }
    // Most expensive first; ties keep the plan's order.
    rows.sort_by(|a, b| b.high.total_cmp(&a.high));
    rows
}

pub(super) fn chart(plan: &Plan) -> Option<Chart> {
    let rows = rows(plan);
    if rows.is_empty() {
        return None;
    }
    let svg = draw(plan, &rows).ok()?;
    Some(Chart {
        name: "cost",
        title: "Monthly cost by component".into(),
        svg,
    })
}

fn draw(plan: &Plan, rows: &[Row]) -> Drawn<String> {
    let n = rows.len();
    let height = (150 + 34 * n) as u32;
    let canvas = Canvas::new(WIDTH, height);
    let root = canvas.area();
    let total = crate::render::cost_cell(plan.cost.planned.low, plan.cost.planned.high);
    let budget = match (plan.cost.budget, &plan.cost.budget_verdict) {
        (Some(b), Some(v)) => format!(" · budget {} ({v})", crate::units::fmt_money(b)),
        (Some(b), None) => format!(" · budget {}", crate::units::fmt_money(b)),
        _ => String::new(),
    };
    heading(
        &root,
        "Monthly cost by component",
        &format!("The planned design: {total} a month{budget}"),
    )?;
    let entries = [
        (
            Glyph::Swatch {
                fill: ink::DARK,
                stroke: ink::DARK,
            },
            "low estimate".to_string(),
        ),
        (
            Glyph::Swatch {
                fill: ink::LIGHT,
                stroke: ink::DARK,
            },
            "range to the high estimate".to_string(),
        ),
    ];
    legend(&canvas, &root, (16, 60), WIDTH as i32 - 16, &entries)?;

    let label_w = rows
        .iter()
        .map(|r| text_width(&r.label, 12.0))
        .fold(0.0, f64::max)
        .ceil() as u32
        + 16;
    let max = rows.iter().map(|r| r.high).fold(0.0, f64::max).max(1.0);
    let body = root.margin(86, 10, 10, 24);
    // Leave room right of each bar for its value label: high + label ≤ the axis end.
    let plot_w = (WIDTH as f64 - 34.0 - label_w as f64).max(200.0);
    let need = rows
        .iter()
        .map(|r| {
            let lw = text_width(&crate::render::cost_cell(r.low, r.high), 12.0) + 14.0;
            r.high / (1.0 - lw / plot_w).max(0.3)
        })
        .fold(max, f64::max);
    let xmax = nice_ceil(need);
    let xticks = nice_ticks(0.0, xmax, 6);
    let nf = n as f64;
    let centres: Vec<f64> = (0..n).map(|i| nf - i as f64 - 0.5).collect();
    let mut chart = ChartBuilder::on(&body)
        .x_label_area_size(44)
        .y_label_area_size(label_w)
        .build_cartesian_2d(ticked(0.0..xmax, xticks), ticked(0.0..nf, centres.clone()))?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .bold_line_style(ink::GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(ink::AXIS)
        .label_style(font(12))
        .axis_desc_style(font(13))
        .x_desc("US dollars a month")
        .x_label_formatter(&|v| money_tick(*v))
        .y_label_formatter(&|v| {
            let i = (nf - v - 0.5).round();
            if i >= 0.0 && (i as usize) < n {
                rows[i as usize].label.clone()
            } else {
                String::new()
            }
        })
        .draw()?;

    for (i, r) in rows.iter().enumerate() {
        let y = centres[i];
        let slug = r.label.split(':').next().unwrap_or("row").to_string();
        canvas.group(Some(&format!("bar-{slug}")), &[]);
        if r.low > 0.0 {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(0.0, y - 0.32), (r.low, y + 0.32)],
                ink::DARK.filled(),
            )))?;
        }
        if r.high - r.low > 0.5 {
            let band = [(r.low, y - 0.32), (r.high, y + 0.32)];
            chart.draw_series(std::iter::once(Rectangle::new(band, ink::LIGHT.filled())))?;
            chart.draw_series(std::iter::once(Rectangle::new(
                band,
                ink::DARK.stroke_width(1),
            )))?;
        }
        let (x, py) = chart.backend_coord(&(r.high, y));
        root.draw_text(
            &crate::render::cost_cell(r.low, r.high),
            &anchored(12, HPos::Left, VPos::Center),
            (x + 6, py),
        )?;
        canvas.end();
    }
    Ok(canvas.finish(
        "Monthly cost by component",
        &format!(
            "Monthly cost, low to high estimate, of {} rows; total {total}{budget}",
            rows.len()
        ),
    ))
}
