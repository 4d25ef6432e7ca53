//! Chart 1: latency vs load for the app tier and the database.
//!
//! One panel per station, x = load as a share of the station's saturation throughput (c·μ),
//! y = response time at the station (wait + service), log scale, shared by the panels:
//! - analytic p50 and p99 from 10% of saturation (or the planned load, when lower) to 99.5%:
//!   exact M/M/c for exponential service, Allen–Cunneen otherwise;
//! - simulated p50 and p99 at five loads, with the p99's 95% confidence interval over
//!   replications as whiskers (fixed seeds, so the chart is the same on every run);
//! - the p99 SLO (an end-to-end target: a station must stay well below it);
//! - the planned operating point (the station's load at today's peak).

use super::*;
use crate::model::sizing::Role;
use crate::paths::Station;
use crate::queueing::RunConfig;
use crate::queueing::{
    simulate_station, AllenCunneen, ArrivalSpec, Limits, Mmc, ServiceDist, Stability, StationConfig,
};
use rayon::prelude::*;

/// Loads (share of saturation) at which the station is simulated.
const SIM_LOADS: [f64; 5] = [0.25, 0.5, 0.7, 0.85, 0.95];
/// Measured requests per replication and replications per simulated point.
const SIM_REQUESTS: u64 = 50_000;
const SIM_REPLICATIONS: u32 = 4;
const SEED: u64 = 20_240_607;
/// Stations faster than this (seconds of service) are not charted: their latency is noise.
const MIN_SERVICE_S: f64 = 1e-6;

const WIDTH: u32 = 980;
const HEIGHT: u32 = 500;

/// One station's figures, in percent of saturation and milliseconds.
struct Panel {
    role: Role,
    station: Station,
    /// (load %, p50 ms, p99 ms).
    curve: Vec<(f64, f64, f64)>,
    sims: Vec<SimPoint>,
    /// Planned peak: (load %, p99 ms), or the utilization when saturated.
    planned: Result<(f64, f64), f64>,
}

struct SimPoint {
    load: f64,
    p50: f64,
    p99: f64,
    ci: Option<(f64, f64)>,
}

fn exponential(st: &Station) -> bool {
    (st.service_scv - 1.0).abs() < 1e-9
}

/// The service distribution of a station: exponential, deterministic or gamma by its SCV.
fn service(st: &Station) -> Option<ServiceDist> {
    if exponential(st) {
        ServiceDist::exponential(st.service_s).ok()
    } else if st.service_scv < 1e-6 {
        ServiceDist::deterministic(st.service_s).ok()
    } else {
        ServiceDist::gamma_from_mean_cv(st.service_s, st.service_scv.sqrt()).ok()
    }
}

/// Analytic (p50, p99) response time in seconds at arrival rate `lambda`; `None` when
/// saturated.
fn analytic(st: &Station, lambda: f64) -> Option<(f64, f64)> {
    if exponential(st) {
        match Mmc::new(lambda, 1.0 / st.service_s, st.servers).ok()? {
            Stability::Stable(m) => Some((m.response_quantile(0.5), m.response_quantile(0.99))),
            Stability::Saturated { .. } => None,
        }
    } else {
        match AllenCunneen::new(lambda, 1.0, &service(st)?, st.servers).ok()? {
            Stability::Stable(m) => Some((m.response_quantile(0.5), m.response_quantile(0.99))),
            Stability::Saturated { .. } => None,
        }
    }
}

fn panel(st: &Station, index: u64) -> Option<Panel> {
    if st.service_s.is_nan()
        || st.service_s < MIN_SERVICE_S
        || !st.service_s.is_finite()
        || st.servers == 0
    {
        return None;
    }
    let cap = st.servers as f64 / st.service_s;
    let planned_u = st.utilization();
    let start = if planned_u > 0.0 {
        planned_u.clamp(0.01, 0.1)
    } else {
        0.1
    };
    // Points dense near saturation: 1 − u spaced geometrically from 1 − start to 0.005.
    let n = 80;
    let curve = (0..n)
        .filter_map(|i| {
            let t = i as f64 / (n - 1) as f64;
            let u = 1.0 - (1.0 - start) * (0.005 / (1.0 - start)).powf(t);
            let (p50, p99) = analytic(st, u * cap)?;
            Some((u * 100.0, p50 * 1e3, p99 * 1e3))
        })
        .collect::<Vec<_>>();
    if curve.is_empty() {
        return None;
    }
    let dist = service(st)?;
    // Points run in parallel; each has its own seed, so the result does not depend on threads.
    let sims = SIM_LOADS
        .par_iter()
        .enumerate()
        .filter_map(|(i, &u)| {
            let cfg = StationConfig::new(
                st.servers,
                ArrivalSpec::poisson(u * cap).ok()?,
                dist.clone(),
                Limits::default(),
            )
            .ok()?;
            let run = RunConfig::new(
                SIM_REQUESTS,
                SIM_REPLICATIONS,
                SEED + 100 * index + i as u64,
            )
            .ok()?;
            let r = simulate_station(&cfg, &run);
            let q = r.response?;
            Some(SimPoint {
                load: u * 100.0,
                p50: q.p50 * 1e3,
                p99: q.p99 * 1e3,
                ci: r.p99_ci95.map(|(a, b)| (a * 1e3, b * 1e3)),
            })
        })
        .collect();
    let planned = match analytic(st, st.arrival_rate) {
        Some((_, p99)) if st.arrival_rate > 0.0 => Ok((planned_u * 100.0, p99 * 1e3)),
        _ => Err(planned_u),
    };
    Some(Panel {
        role: st.role,
        station: st.clone(),
        curve,
        sims,
        planned,
    })
}

pub(super) fn chart(plan: &crate::report::Report) -> Option<Chart> {
    let lat = plan.latency.as_ref()?;
    let panels: Vec<Panel> = [Role::App, Role::Database]
        .iter()
        .enumerate()
        .filter_map(|(i, role)| {
            let st = lat.network.stations.iter().find(|s| s.role == *role)?;
            panel(st, i as u64)
        })
        .collect();
    if panels.is_empty() {
        return None;
    }
    let slo = lat.slo_p99_ms.filter(|v| *v > 0.0 && v.is_finite());
    let title = "Latency vs load".to_string();
    let svg = draw(&panels, slo).ok()?;
    Some(Chart {
        name: "latency",
        title: format!("{title}: app tier and database"),
        svg,
    })
}

/// The shared y range (ms) of the panels: every p50 and simulated point, the SLO, and the
/// p99 curve up to 95% of saturation; steeper parts of the curve run off the top.
fn y_range(panels: &[Panel], slo: Option<f64>) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = slo.unwrap_or(0.0);
    for p in panels {
        for &(u, p50, p99) in &p.curve {
            lo = lo.min(p50);
            if u <= 95.0 {
                hi = hi.max(p99);
            }
        }
        for s in &p.sims {
            lo = lo.min(s.p50);
            hi = hi.max(s.ci.map_or(s.p99, |c| c.1.max(s.p99)));
        }
        if let Ok((_, p99)) = p.planned {
            hi = hi.max(p99);
        }
    }
    let lo = 10f64.powf((lo * 0.8).log10().floor());
    let hi = (hi * 1.6).max(lo * 10.0);
    (lo, hi)
}

/// The y ticks and the top of the axis: the first tick at or above `hi`, so that the top of
/// the axis is labelled.
fn y_axis(lo: f64, hi: f64) -> (Vec<f64>, f64) {
    let decade = 10f64.powf(hi.log10().ceil());
    let all = log_ticks(lo, decade, 9);
    let top = all
        .iter()
        .copied()
        .find(|t| *t >= hi * (1.0 - 1e-9))
        .unwrap_or(decade);
    (
        all.into_iter()
            .filter(|t| *t <= top * (1.0 + 1e-9))
            .collect(),
        top,
    )
}

fn draw(panels: &[Panel], slo: Option<f64>) -> Drawn<String> {
    let canvas = Canvas::new(WIDTH, HEIGHT);
    let root = canvas.area();
    let exact = panels.iter().all(|p| exponential(&p.station));
    let model = if exact { "M/M/c" } else { "G/G/c approx." };
    heading(
        &root,
        "Latency vs load",
        &format!(
            "Response time at each station (wait + service) vs load; points simulated, \
             {}K requests × {} replications each",
            SIM_REQUESTS / 1000,
            SIM_REPLICATIONS
        ),
    )?;
    let (ylo, hi) = y_range(panels, slo);
    let (ticks, yhi) = y_axis(ylo, hi);

    let mut entries = vec![
        (
            Glyph::Line {
                color: ink::DARK,
                width: 3,
                dash: None,
            },
            format!("p99 ({model})"),
        ),
        (
            Glyph::Line {
                color: ink::MID,
                width: 2,
                dash: Some(dash::DASHED),
            },
            format!("p50 ({model})"),
        ),
        (
            Glyph::Dot {
                color: ink::DARK,
                filled: true,
                whisker: true,
            },
            "p99 simulated, 95% CI".to_string(),
        ),
        (
            Glyph::Dot {
                color: ink::MID,
                filled: false,
                whisker: false,
            },
            "p50 simulated".to_string(),
        ),
    ];
    if slo.is_some() {
        entries.push((
            Glyph::Line {
                color: ink::LIMIT,
                width: 2,
                dash: Some(dash::DASH_DOT),
            },
            "p99 SLO (end to end)".to_string(),
        ));
    }
    entries.push((Glyph::Diamond, "planned peak".to_string()));
    let legend_rows = if legend_width(&entries) > WIDTH as i32 - 32 {
        2
    } else {
        1
    };
    let bottom = HEIGHT as i32 - 10 - 20 * legend_rows;
    legend(
        &canvas,
        &root,
        (16, bottom + 2),
        WIDTH as i32 - 16,
        &entries,
    )?;

    let body = root
        .clone()
        .shrink((0, 62), (WIDTH, (bottom - 70).max(100) as u32));
    let cells = body.split_evenly((1, panels.len()));
    for (p, cell) in panels.iter().zip(cells.iter()) {
        draw_panel(&canvas, &root, cell, p, slo, (ylo, yhi), &ticks)?;
    }
    Ok(canvas.finish(
        "Latency vs load",
        &format!(
            "p50 and p99 response time vs load for {}; {model}; simulated points with 95% CIs{}",
            panels
                .iter()
                .map(|p| p.role.as_str())
                .collect::<Vec<_>>()
                .join(" and "),
            slo.map(|s| format!("; p99 SLO {}", ms_tick(s)))
                .unwrap_or_default()
        ),
    ))
}

fn draw_panel(
    canvas: &Canvas,
    root: &Area,
    cell: &Area,
    p: &Panel,
    slo: Option<f64>,
    (ylo, yhi): (f64, f64),
    ticks: &[f64],
) -> Drawn {
    let st = &p.station;
    let id = p.role.as_str();
    let cap = st.servers as f64 / st.service_s;
    let name = match p.role {
        Role::App => "App tier",
        Role::Database => "Database",
        _ => id,
    };
    let caption = format!(
        "{name}: {} server{} × {} service",
        crate::units::fmt_si(st.servers as f64),
        if st.servers == 1 { "" } else { "s" },
        ms_tick(st.service_s * 1e3)
    );
    let mut chart = ChartBuilder::on(cell)
        .margin_left(8)
        .margin_right(20)
        .margin_top(6)
        .caption(caption, bold(14))
        .x_label_area_size(46)
        .y_label_area_size(78)
        .build_cartesian_2d(
            ticked(0f64..100f64, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]),
            ticked((ylo..yhi).log_scale(), ticks.to_vec()),
        )?;
    chart
        .configure_mesh()
        .bold_line_style(ink::GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(ink::AXIS)
        .label_style(font(12))
        .axis_desc_style(font(13))
        .x_desc(format!(
            "load, % of saturation (100% = {} req/s)",
            crate::units::fmt_si(cap)
        ))
        .y_desc("response time (log scale)")
        .x_label_formatter(&|v| format!("{v:.0}%"))
        .y_label_formatter(&|v| ms_tick(*v))
        .draw()?;

    let (px, py) = chart.plotting_area().get_pixel_range();
    let plot = chart.plotting_area();
    let at = |x: f64, y: f64| plot.map_coordinate(&(x, y.clamp(ylo * 0.5, yhi * 2.0)));
    canvas.clipped(px.clone(), py.clone());

    if let Some(s) = slo {
        canvas.dashed(Some(&format!("{id}-slo")), Some(dash::DASH_DOT));
        plot.draw(&PathElement::new(
            vec![(0.0, s), (100.0, s)],
            ink::LIMIT.stroke_width(2),
        ))?;
        canvas.end();
    }
    if let Ok((u, _)) = p.planned {
        canvas.dashed(None, Some(dash::DOTTED));
        root.draw(&PathElement::new(
            vec![at(u, ylo), at(u, yhi)],
            ink::MUTED.stroke_width(1),
        ))?;
        canvas.end();
    }

    canvas.dashed(Some(&format!("{id}-p50")), Some(dash::DASHED));
    plot.draw(&PathElement::new(
        p.curve
            .iter()
            .map(|&(u, p50, _)| (u, p50))
            .collect::<Vec<_>>(),
        ink::MID.stroke_width(2),
    ))?;
    canvas.end();
    canvas.group(Some(&format!("{id}-p99")), &[]);
    plot.draw(&PathElement::new(
        p.curve
            .iter()
            .map(|&(u, _, p99)| (u, p99))
            .collect::<Vec<_>>(),
        ink::DARK.stroke_width(3),
    ))?;
    canvas.end();

    canvas.group(Some(&format!("{id}-p50-simulated")), &[]);
    for s in &p.sims {
        marker(root, at(s.load, s.p50), ink::MID, false)?;
    }
    canvas.end();
    canvas.group(Some(&format!("{id}-p99-simulated")), &[]);
    for s in &p.sims {
        if let Some((a, b)) = s.ci {
            let (top, bot) = (at(s.load, b), at(s.load, a.max(ylo * 0.5)));
            let style = ink::DARK.stroke_width(1);
            root.draw(&PathElement::new(vec![top, bot], style))?;
            for y in [top.1, bot.1] {
                root.draw(&PathElement::new(
                    vec![(top.0 - 4, y), (top.0 + 4, y)],
                    style,
                ))?;
            }
        }
        marker(root, at(s.load, s.p99), ink::DARK, true)?;
    }
    canvas.end();
    canvas.end(); // clip

    // Labels go on top, unclipped.
    if let Some(s) = slo {
        let (_, y) = at(100.0, s);
        label_box(
            root,
            &format!("p99 SLO {}", ms_tick(s)),
            (px.end - 4, y - 4),
            HPos::Right,
            VPos::Bottom,
            12,
        )?;
    }
    canvas.group(Some(&format!("{id}-planned-peak")), &[]);
    match p.planned {
        Ok((u, p99)) => {
            let (x, y) = at(u, p99);
            diamond(root, (x, y))?;
            let lines = [
                format!(
                    "planned peak {} req/s ({})",
                    crate::units::fmt_si(st.arrival_rate),
                    if u < 1.0 {
                        "<1%".to_string()
                    } else {
                        format!("{u:.0}%")
                    }
                ),
                format!("p99 {}", ms_tick(p99)),
            ];
            let w = lines
                .iter()
                .map(|l| text_width(l, 12.0))
                .fold(0.0, f64::max) as i32;
            let (lx, h) = beside(x, w, &px);
            let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
            label_lines(root, &refs, (lx, y + 6), h, VPos::Top, 12)?;
        }
        Err(u) => {
            label_box(
                root,
                &format!(
                    "saturated at the planned peak ({} req/s, {:.0}% of capacity)",
                    crate::units::fmt_si(st.arrival_rate),
                    u * 100.0
                ),
                ((px.start + px.end) / 2, py.start + 8),
                HPos::Center,
                VPos::Top,
                12,
            )?;
        }
    }
    canvas.end();
    Ok(())
}
