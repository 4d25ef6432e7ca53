//! The built-in specs, compiled in so `capplan practice` works from any directory: the nine
//! design families start from theirs, the other specs are fixed drills.

use crate::spec::{LoadedSpec, Spec, Syntax};

/// The example specs, compiled in so `capplan practice` works from any directory.
pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "autocomplete.yaml",
        include_str!("../../specs/autocomplete.yaml"),
    ),
    ("chat.yaml", include_str!("../../specs/chat.yaml")),
    (
        "estimation-tip.yaml",
        include_str!("../../specs/estimation-tip.yaml"),
    ),
    (
        "file-storage.yaml",
        include_str!("../../specs/file-storage.yaml"),
    ),
    (
        "linkpulse-1-launch.yaml",
        include_str!("../../specs/linkpulse-1-launch.yaml"),
    ),
    (
        "linkpulse-2-week-two.yaml",
        include_str!("../../specs/linkpulse-2-week-two.yaml"),
    ),
    (
        "linkpulse-3-month-three.yaml",
        include_str!("../../specs/linkpulse-3-month-three.yaml"),
    ),
    (
        "linkpulse-4-month-four.yaml",
        include_str!("../../specs/linkpulse-4-month-four.yaml"),
    ),
    ("news-feed.yaml", include_str!("../../specs/news-feed.yaml")),
    (
        "notifications.yaml",
        include_str!("../../specs/notifications.yaml"),
    ),
    (
        "rate-limiter.yaml",
        include_str!("../../specs/rate-limiter.yaml"),
    ),
    (
        "slo-sizing.yaml",
        include_str!("../../specs/slo-sizing.yaml"),
    ),
    (
        "url-shortener-small.toml",
        include_str!("../../specs/url-shortener-small.toml"),
    ),
    (
        "url-shortener-regions.yaml",
        include_str!("../../specs/url-shortener-regions.yaml"),
    ),
    (
        "url-shortener.yaml",
        include_str!("../../specs/url-shortener.yaml"),
    ),
    (
        "video-streaming.yaml",
        include_str!("../../specs/video-streaming.yaml"),
    ),
    (
        "web-crawler.yaml",
        include_str!("../../specs/web-crawler.yaml"),
    ),
];

/// Scenario names (spec file stems), in `--list` order.
pub fn scenario_names() -> Vec<&'static str> {
    SCENARIOS.iter().map(|(f, _)| stem(f)).collect()
}

fn stem(file: &str) -> &str {
    file.rsplit_once('.').map(|(s, _)| s).unwrap_or(file)
}

/// Load a built-in scenario by stem (`url-shortener`), or `None` when there is no such one.
pub fn builtin(name: &str) -> Option<Result<LoadedSpec, crate::spec::SpecError>> {
    let (file, text) = SCENARIOS.iter().find(|(f, _)| stem(f) == name)?;
    let syntax = if file.ends_with(".toml") {
        Syntax::Toml
    } else {
        Syntax::Yaml
    };
    Some(
        crate::spec::parse(&format!("specs/{file}"), text, syntax).map(|mut ls| {
            reference_hardware(&mut ls.spec);
            ls
        }),
    )
}

/// Drills are graded on the System Design Guide's reference tier set, the tiers an interview
/// answer names.
pub fn reference_hardware(spec: &mut Spec) {
    spec.choices.hardware = crate::spec::Hardware::Reference;
}
