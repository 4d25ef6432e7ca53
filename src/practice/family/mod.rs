//! Scenario families: the System Design Guide's nine design walkthroughs (Part 5, System
//! Design Walkthroughs), each turned into a drill whose figures are drawn from a seed within
//! realistic ranges. A family states every figure its questions need, asks the estimates every
//! design starts from, then the ones its critical decision rests on, and says how its figures
//! map onto a spec so the design round can be graded against the plan.

mod autocomplete;
mod chat;
mod crawler;
mod file_storage;
pub mod generic;
mod news_feed;
mod notifications;
mod rate_limiter;
mod url_shortener;
mod video;

use super::expr::{add, day, div, fig, mul, one, tag, year_days, Expr, Figures, Unit};
use super::question::{numeric, AnswerKind, Ask, Question, Section};
use super::slip::Slip;
use crate::spec::Spec;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

/// How hard a drill is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Round figures (one significant digit); the first estimates, one critical estimate and
    /// the phase.
    Easy,
    /// Two significant digits; every estimate and the design round.
    Medium,
    /// Three significant digits; everything, with the phase at 10× and the database's scaling.
    Hard,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Easy => "easy",
            Level::Medium => "medium",
            Level::Hard => "hard",
        }
    }
    fn digits(self) -> i32 {
        match self {
            Level::Easy => 1,
            Level::Medium => 2,
            Level::Hard => 3,
        }
    }
}

/// A design family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    UrlShortener,
    Chat,
    NewsFeed,
    FileStorage,
    RateLimiter,
    Notifications,
    Autocomplete,
    WebCrawler,
    VideoStreaming,
}

pub const FAMILIES: &[Family] = &[
    Family::UrlShortener,
    Family::Chat,
    Family::NewsFeed,
    Family::FileStorage,
    Family::RateLimiter,
    Family::Notifications,
    Family::Autocomplete,
    Family::WebCrawler,
    Family::VideoStreaming,
];

impl Family {
    /// The scenario name (`--scenario`), also the built-in spec the design round starts from.
    pub fn name(self) -> &'static str {
        match self {
            Family::UrlShortener => "url-shortener",
            Family::Chat => "chat",
            Family::NewsFeed => "news-feed",
            Family::FileStorage => "file-storage",
            Family::RateLimiter => "rate-limiter",
            Family::Notifications => "notifications",
            Family::Autocomplete => "autocomplete",
            Family::WebCrawler => "web-crawler",
            Family::VideoStreaming => "video-streaming",
        }
    }

    pub fn by_name(name: &str) -> Option<Family> {
        FAMILIES.iter().copied().find(|f| f.name() == name)
    }

    /// The walkthrough it follows, by title.
    pub fn source(self) -> &'static str {
        match self {
            Family::UrlShortener => "URL Shortening Service",
            Family::Chat => "Real-Time Chat System",
            Family::NewsFeed => "Social Media News Feed",
            Family::FileStorage => "File Storage & Sync Service",
            Family::RateLimiter => "Distributed Rate Limiter",
            Family::Notifications => "Notification System",
            Family::Autocomplete => "Search Autocomplete",
            Family::WebCrawler => "Web Crawler",
            Family::VideoStreaming => "Video Streaming Platform",
        }
    }

    /// Draw the figures and ask the estimates.
    pub fn build(self, d: &mut Draw) -> Scenario {
        let mut s = Scenario::new(Some(self), d);
        match self {
            Family::UrlShortener => url_shortener::build(&mut s),
            Family::Chat => chat::build(&mut s),
            Family::NewsFeed => news_feed::build(&mut s),
            Family::FileStorage => file_storage::build(&mut s),
            Family::RateLimiter => rate_limiter::build(&mut s),
            Family::Notifications => notifications::build(&mut s),
            Family::Autocomplete => autocomplete::build(&mut s),
            Family::WebCrawler => crawler::build(&mut s),
            Family::VideoStreaming => video::build(&mut s),
        }
        s
    }

    /// Put the drawn figures into the family's spec, so the plan sizes what the brief states.
    pub fn apply(self, figs: &Figures, spec: &mut Spec) {
        match self {
            Family::UrlShortener => url_shortener::apply(figs, spec),
            Family::Chat => chat::apply(figs, spec),
            Family::NewsFeed => news_feed::apply(figs, spec),
            Family::FileStorage => file_storage::apply(figs, spec),
            Family::RateLimiter => rate_limiter::apply(figs, spec),
            Family::Notifications => notifications::apply(figs, spec),
            Family::Autocomplete => autocomplete::apply(figs, spec),
            Family::WebCrawler => crawler::apply(figs, spec),
            Family::VideoStreaming => video::apply(figs, spec),
        }
    }
}

/// Seeded draws: the same seed and level, the same figures.
pub struct Draw {
    rng: Xoshiro256PlusPlus,
    pub level: Level,
}

impl Draw {
    pub fn new(seed: u64, level: Level) -> Draw {
        Draw {
            rng: Xoshiro256PlusPlus::seed_from_u64(seed),
            level,
        }
    }

    /// Log-uniform in [lo, hi], rounded to the level's significant digits.
    pub fn log(&mut self, lo: f64, hi: f64) -> f64 {
        let u: f64 = self.rng.gen();
        let v = (lo.ln() + u * (hi.ln() - lo.ln())).exp();
        let mag = 10f64.powi(v.log10().floor() as i32 - (self.level.digits() - 1));
        ((v / mag).round() * mag).clamp(lo.min(hi), hi.max(lo))
    }

    /// One of the choices.
    pub fn pick(&mut self, choices: &[f64]) -> f64 {
        choices[self.rng.gen_range(0..choices.len())]
    }

    /// A fresh number for the examples.
    pub fn fresh(&mut self) -> u64 {
        self.rng.gen()
    }
}

/// A family's drill as built: the figures and the questions in order.
pub struct Scenario {
    pub family: Option<Family>,
    /// The problem as an interviewer opens it.
    pub intro: String,
    pub figs: Figures,
    pub questions: Vec<Question>,
    draw: Draw,
}

impl Scenario {
    fn new(family: Option<Family>, d: &mut Draw) -> Scenario {
        Scenario {
            family,
            intro: String::new(),
            figs: Figures::default(),
            questions: Vec::new(),
            // The family draws from its own stream so the examples never shift the figures.
            draw: Draw::new(d.fresh(), d.level),
        }
    }

    fn state(&mut self, sym: &'static str, meaning: &str, value: f64, unit: Unit) {
        self.figs.state(sym, meaning, value, unit);
    }

    fn log(&mut self, lo: f64, hi: f64) -> f64 {
        self.draw.log(lo, hi)
    }

    fn pick(&mut self, c: &[f64]) -> f64 {
        self.draw.pick(c)
    }

    fn ask(&mut self, a: Ask) {
        let seed = self.draw.fresh();
        let q = numeric(&mut self.figs, a, seed);
        self.questions.push(q);
    }

    /// Average per second from a daily count: `Q = per_day ÷ 86,400`.
    fn average(&mut self, id: &'static str, title: &'static str, prompt: &str, per_day: Expr) {
        let e = div(per_day, day());
        let extra = if self.figs.has("P") {
            let v = self.figs.eval(&e, super::expr::Mode::Exact, None) * self.figs.value("P");
            vec![(Slip::PeakAsAverage, v)]
        } else {
            vec![]
        };
        self.ask(Ask {
            id,
            section: Section::Estimate,
            title,
            prompt: prompt.into(),
            kind: AnswerKind::Rate,
            sym: "Q",
            meaning: "average per second",
            unit: Unit::Rate,
            formula: e,
            per: None,
            extra,
        });
    }

    /// `Qp = Q × P`.
    fn peak(&mut self, prompt: &str) {
        self.ask(Ask {
            id: "peak_qps",
            section: Section::Estimate,
            title: "Peak QPS",
            prompt: prompt.into(),
            kind: AnswerKind::Rate,
            sym: "Qp",
            meaning: "peak per second",
            unit: Unit::Rate,
            formula: mul([fig("Q"), peak_factor()]),
            per: None,
            extra: vec![],
        });
    }

    /// `W = Qp ÷ (r + 1)`: the writes in the peak, r reads to each write.
    fn writes_at_peak(&mut self, what: &str) {
        self.ask(Ask {
            id: "write_qps",
            section: Section::Estimate,
            title: "Writes/s at peak",
            prompt: format!("How many of those are writes ({what}) per second at peak?"),
            kind: AnswerKind::Rate,
            sym: "W",
            meaning: "writes per second at peak",
            unit: Unit::Rate,
            formula: div(fig("Qp"), split()),
            per: None,
            extra: vec![],
        });
    }

    /// `By = per_day × bytes × 365`, one copy.
    fn storage_per_year(&mut self, what: &str, per_day: Expr, bytes: Expr) {
        self.storage_year(what, mul([per_day, bytes, year_days()]));
    }

    /// `By` from a formula for a year's new data, one copy.
    fn storage_year(&mut self, what: &str, formula: Expr) {
        self.ask(Ask {
            id: "storage_per_year",
            section: Section::Estimate,
            title: "Storage per year",
            prompt: format!("How much new data does a year of {what} add (one copy)?"),
            kind: AnswerKind::Bytes,
            sym: "By",
            meaning: "new data a year, one copy",
            unit: Unit::Bytes,
            formula,
            per: Some(crate::units::SECONDS_PER_YEAR),
            extra: vec![],
        });
    }

    /// `Bt = By × Y × N`: the whole retention window, every copy.
    fn storage_total(&mut self) {
        self.ask(Ask {
            id: "storage_total",
            section: Section::Estimate,
            title: "Storage held",
            prompt: "How much storage is held once the retention window is full, counting \
                     every copy?"
                .into(),
            kind: AnswerKind::Bytes,
            sym: "Bt",
            meaning: "storage held",
            unit: Unit::Bytes,
            formula: mul([
                fig("By"),
                tag(Slip::Retention, 1.0, fig("Y")),
                tag(Slip::Replication, 1.0, fig("N")),
            ]),
            per: None,
            extra: vec![],
        });
    }

    /// `E = Qp × r ÷ (r + 1) × Sr`: responses to the reads at peak.
    fn egress(&mut self) {
        self.ask(Ask {
            id: "egress",
            section: Section::Estimate,
            title: "Egress at peak",
            prompt: "What egress bandwidth do the responses to reads need at peak?".into(),
            kind: AnswerKind::ByteRate,
            sym: "E",
            meaning: "egress at peak",
            unit: Unit::ByteRate,
            formula: mul([
                fig("Qp"),
                tag(Slip::ReadWriteSplit, 1.0, div(fig("r"), split())),
                fig("Sr"),
            ]),
            per: None,
            extra: vec![],
        });
    }

    /// A critical estimate.
    #[allow(clippy::too_many_arguments)]
    fn critical(
        &mut self,
        id: &'static str,
        title: &'static str,
        prompt: &str,
        kind: AnswerKind,
        sym: &'static str,
        meaning: &'static str,
        unit: Unit,
        formula: Expr,
    ) {
        self.ask(Ask {
            id,
            section: Section::Critical,
            title,
            prompt: prompt.into(),
            kind,
            sym,
            meaning,
            unit,
            formula,
            per: None,
            extra: vec![],
        });
    }
}

/// The peak factor, tagged: leaving it out is the peak-factor slip.
fn peak_factor() -> Expr {
    tag(Slip::PeakFactor, 1.0, fig("P"))
}

/// `(r + 1)`, tagged: leaving it out gives the whole traffic for one side.
fn split() -> Expr {
    tag(Slip::ReadWriteSplit, 1.0, add([fig("r"), one()]))
}

/// Writes a day: `U × R ÷ (r + 1)`.
fn writes_per_day() -> Expr {
    div(mul([fig("U"), fig("R")]), split())
}

/// Stated figures every web family shares: users, requests, the split, the peak.
fn web_traffic(s: &mut Scenario, users: (f64, f64), reqs: (f64, f64), ratio: (f64, f64)) {
    let u = s.log(users.0, users.1);
    s.state("U", "daily active users", u, Unit::Count);
    let r = s.log(reqs.0, reqs.1);
    s.state("R", "requests per user a day", r, Unit::Count);
    let rw = s.log(ratio.0, ratio.1);
    s.state("r", "reads for every write", rw, Unit::Count);
    let p = s.log(1.5, 4.0);
    s.state("P", "peak traffic ÷ average traffic", p, Unit::Count);
}

/// Set the spec's traffic to the web figures.
fn apply_web(figs: &Figures, spec: &mut Spec) {
    spec.qps = None;
    spec.peak_qps = None;
    spec.dau = Some(figs.value("U"));
    spec.requests_per_user = Some(figs.value("R"));
    spec.read_write_ratio = Some(figs.value("r"));
    spec.peak_factor = Some(figs.value("P"));
}

/// Set retention and copies from `Y` years and `N` copies.
fn apply_data(figs: &Figures, spec: &mut Spec) {
    if figs.has("Y") {
        spec.retention_s = Some(figs.value("Y") * crate::units::SECONDS_PER_YEAR);
    }
    if figs.has("N") {
        spec.replication = Some(figs.value("N"));
    }
    // The drill's storage has no growth: what the brief states is what is held.
    spec.growth_yearly = None;
}
