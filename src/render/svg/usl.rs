//! The calibration chart: measured throughput against concurrency, the fitted Universal
//! Scalability Law curve, and its peak.

use super::*;
use crate::calibrate::usl::{throughput, UslFit};

const WIDTH: u32 = 860;
const HEIGHT: u32 = 480;

/// The fit's chart, when there is a fit.
pub fn usl_chart(fit: &UslFit) -> Option<Chart> {
    let svg = draw(fit).ok()?;
    Some(Chart {
        name: "usl-fit",
        title: "Throughput vs concurrency: measured and fitted".into(),
        svg,
    })
}

fn draw(f: &UslFit) -> Drawn<String> {
    let p = [f.lambda, f.sigma, f.kappa];
    let top = f
        .residuals
        .iter()
        .map(|r| r.concurrency)
        .fold(1.0, f64::max);
    let xmax = nice_ceil(f.peak_concurrency.map_or(top, |n| n.max(top)) * 1.2);
    let curve: Vec<(f64, f64)> = (0..=120)
        .map(|i| {
            let n = 1.0 + (xmax - 1.0) * i as f64 / 120.0;
            (n, throughput(&p, n))
        })
        .collect();
    let ymax = nice_ceil(
        f.residuals
            .iter()
            .map(|r| r.measured)
            .chain(curve.iter().map(|c| c.1))
            .fold(0.0, f64::max)
            * 1.15,
    );
    let canvas = Canvas::new(WIDTH, HEIGHT);
    let root = canvas.area();
    let subtitle = format!(
        "X(N) = λN / (1 + σ(N−1) + κN(N−1)) with λ = {}, σ = {}, κ = {}; R² {:.4}",
        crate::units::trim_num(f.lambda, 4),
        crate::units::trim_num(f.sigma, 3),
        crate::units::trim_num(f.kappa, 3),
        f.r_squared
    );
    heading(&root, "Throughput vs concurrency", &subtitle)?;
    let mut entries = vec![
        (
            Glyph::Dot {
                color: ink::DARK,
                filled: true,
                whisker: false,
            },
            "measured".to_string(),
        ),
        (
            Glyph::Line {
                color: ink::MID,
                width: 3,
                dash: Some(dash::DASHED),
            },
            "fitted scalability law".to_string(),
        ),
    ];
    if f.peak_concurrency.is_some() {
        entries.push((Glyph::Diamond, "peak".to_string()));
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
        .x_desc("concurrency (requests in flight)")
        .y_desc("throughput (req/s)")
        .x_label_formatter(&|v| crate::units::trim_num(*v, 3))
        .y_label_formatter(&|v| crate::units::fmt_si(*v))
        .draw()?;
    let (px, py) = chart.plotting_area().get_pixel_range();
    let plot = chart.plotting_area();
    canvas.clipped(px.clone(), py.clone());
    canvas.dashed(Some("fitted"), Some(dash::DASHED));
    plot.draw(&PathElement::new(curve, ink::MID.stroke_width(3)))?;
    canvas.end();
    canvas.group(Some("measured"), &[]);
    for r in &f.residuals {
        let at = plot.map_coordinate(&(r.concurrency, r.measured));
        marker(&root, at, ink::DARK, true)?;
    }
    canvas.end();
    canvas.end(); // clip
    if let (Some(n), Some(x)) = (f.peak_concurrency, f.peak_throughput) {
        let at = plot.map_coordinate(&(n, x));
        canvas.group(Some("peak"), &[]);
        diamond(&root, at)?;
        let text = format!(
            "peak {} req/s at {} in flight",
            crate::units::fmt_si(x),
            crate::units::trim_num(n, 3)
        );
        let w = text_width(&text, 12.0) as i32;
        let (lx, h) = beside(at.0, w, &px);
        label_box(&root, &text, (lx, at.1 - 8), h, VPos::Bottom, 12)?;
        canvas.end();
    }
    Ok(canvas.finish(
        "Throughput vs concurrency",
        &format!(
            "{} measured load levels and the fitted scalability law; {subtitle}",
            f.residuals.len()
        ),
    ))
}
