//! A spec number: a point value or an uncertain one (a distribution), of a given unit kind.
//!
//! Written as a number (`12`), a string with units (`10M`, `2 KB`), a 90% interval
//! (`5M..20M`, lognormal for positive values), or a map
//! (`{ dist: triangular, low: 5M, mode: 8M, high: 20M }`).

use crate::units::{self, Kind};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

/// z of the 95th percentile of the standard normal: a 90% interval spans ±1.6449 σ.
pub const Z90: f64 = 1.644_853_626_951_472_2;

/// A point value or a distribution over values, in base units.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "dist", rename_all = "snake_case")]
pub enum Dist {
    Point {
        value: f64,
    },
    /// ln X ~ Normal(mu, sigma).
    Lognormal {
        mu: f64,
        sigma: f64,
    },
    Normal {
        mean: f64,
        sd: f64,
    },
    Uniform {
        low: f64,
        high: f64,
    },
    Triangular {
        low: f64,
        mode: f64,
        high: f64,
    },
    /// Beta-PERT on [low, high] with the given mode (λ = 4).
    Pert {
        low: f64,
        mode: f64,
        high: f64,
    },
}

impl Dist {
    pub fn is_point(&self) -> bool {
        matches!(self, Dist::Point { .. })
    }

    /// The value the deterministic estimate uses: the median (PERT: its mean, which is
    /// within a few percent of its median for any mode).
    ///
    /// # Formula
    /// lognormal: e^μ; normal: mean; uniform: (a+b)/2;
    /// triangular (c ≥ (a+b)/2): a + √((b−a)(c−a)/2), else b − √((b−a)(b−c)/2);
    /// PERT: (a + 4c + b)/6.
    pub fn central(&self) -> f64 {
        match *self {
            Dist::Point { value } => value,
            Dist::Lognormal { mu, .. } => mu.exp(),
            Dist::Normal { mean, .. } => mean,
            Dist::Uniform { low, high } => (low + high) / 2.0,
            Dist::Triangular { low, mode, high } => {
                if mode >= (low + high) / 2.0 {
                    low + ((high - low) * (mode - low) / 2.0).sqrt()
                } else {
                    high - ((high - low) * (high - mode) / 2.0).sqrt()
                }
            }
            Dist::Pert { low, mode, high } => (low + 4.0 * mode + high) / 6.0,
        }
    }

    /// The q-quantile (0 < q < 1).
    ///
    /// # Formula
    /// lognormal: e^(μ + σ·Φ⁻¹(q)); normal: mean + sd·Φ⁻¹(q); uniform: a + (b − a)q;
    /// triangular: a + √(q(b−a)(c−a)) below F(c) = (c−a)/(b−a), else b − √((1−q)(b−a)(b−c));
    /// PERT: a + (b − a)·B⁻¹(q; α, β) with α = 1 + 4(c−a)/(b−a), β = 1 + 4(b−c)/(b−a).
    pub fn quantile(&self, q: f64) -> f64 {
        use statrs::distribution::{Beta, ContinuousCDF, Normal};
        let z = Normal::new(0.0, 1.0)
            .map(|n| n.inverse_cdf(q))
            .unwrap_or(0.0);
        match *self {
            Dist::Point { value } => value,
            Dist::Lognormal { mu, sigma } => (mu + sigma * z).exp(),
            Dist::Normal { mean, sd } => mean + sd * z,
            Dist::Uniform { low, high } => low + (high - low) * q,
            Dist::Triangular { low, mode, high } => {
                let fc = (mode - low) / (high - low);
                if q < fc {
                    low + (q * (high - low) * (mode - low)).sqrt()
                } else {
                    high - ((1.0 - q) * (high - low) * (high - mode)).sqrt()
                }
            }
            Dist::Pert { low, mode, high } => {
                let r = high - low;
                if r <= 0.0 {
                    return mode;
                }
                let (a, b) = (1.0 + 4.0 * (mode - low) / r, 1.0 + 4.0 * (high - mode) / r);
                Beta::new(a, b)
                    .map(|d| low + r * d.inverse_cdf(q))
                    .unwrap_or(mode)
            }
        }
    }

    /// P(X ≤ x).
    ///
    /// # Formula
    /// lognormal: Φ((ln x − μ)/σ); normal: Φ((x − mean)/sd); uniform: (x − a)/(b − a);
    /// triangular: (x−a)²/((b−a)(c−a)) up to c, else 1 − (b−x)²/((b−a)(b−c));
    /// PERT: I((x − a)/(b − a); α, β) with α, β as in [`Dist::quantile`].
    pub fn cdf(&self, x: f64) -> f64 {
        use statrs::distribution::{Beta, ContinuousCDF, Normal};
        let phi = |z: f64| {
            Normal::new(0.0, 1.0)
                .map(|n| n.cdf(z))
                .unwrap_or(if z < 0.0 { 0.0 } else { 1.0 })
        };
        let step = |v: f64| if x < v { 0.0 } else { 1.0 };
        match *self {
            Dist::Point { value } => step(value),
            Dist::Lognormal { mu, sigma } => {
                if x <= 0.0 {
                    0.0
                } else if sigma == 0.0 {
                    step(mu.exp())
                } else {
                    phi((x.ln() - mu) / sigma)
                }
            }
            Dist::Normal { mean, sd } => {
                if sd == 0.0 {
                    step(mean)
                } else {
                    phi((x - mean) / sd)
                }
            }
            Dist::Uniform { low, high } => ((x - low) / (high - low)).clamp(0.0, 1.0),
            Dist::Triangular { low, mode, high } => {
                if x <= low {
                    0.0
                } else if x >= high {
                    1.0
                } else if x <= mode {
                    (x - low).powi(2) / ((high - low) * (mode - low))
                } else {
                    1.0 - (high - x).powi(2) / ((high - low) * (high - mode))
                }
            }
            Dist::Pert { low, mode, high } => {
                let r = high - low;
                if x <= low {
                    return 0.0;
                }
                if x >= high {
                    return 1.0;
                }
                let (a, b) = (1.0 + 4.0 * (mode - low) / r, 1.0 + 4.0 * (high - mode) / r);
                Beta::new(a, b)
                    .map(|d| d.cdf((x - low) / r))
                    .unwrap_or(step(mode))
            }
        }
    }

    /// Smallest and largest values the distribution can produce (lognormal: (0, ∞);
    /// normal: (−∞, ∞) — samples are clamped by the field's rule).
    pub fn support(&self) -> (f64, f64) {
        match *self {
            Dist::Point { value } => (value, value),
            Dist::Lognormal { .. } => (f64::MIN_POSITIVE, f64::INFINITY),
            Dist::Normal { mean, sd } => (mean - 6.0 * sd, mean + 6.0 * sd),
            Dist::Uniform { low, high }
            | Dist::Triangular { low, high, .. }
            | Dist::Pert { low, high, .. } => (low, high),
        }
    }

    /// A 90% interval given as its two ends: lognormal when both are positive.
    ///
    /// # Formula
    /// μ = (ln a + ln b)/2, σ = (ln b − ln a)/(2·z₀.₉₅), z₀.₉₅ = 1.6449.
    pub fn from_interval(a: f64, b: f64) -> Result<Dist, String> {
        if a >= b || a.is_nan() || b.is_nan() {
            return Err(format!(
                "the interval's low end must be below its high end (found {a} .. {b})"
            ));
        }
        if a > 0.0 {
            Ok(Dist::Lognormal {
                mu: (a.ln() + b.ln()) / 2.0,
                sigma: (b.ln() - a.ln()) / (2.0 * Z90),
            })
        } else {
            Ok(Dist::Normal {
                mean: (a + b) / 2.0,
                sd: (b - a) / (2.0 * Z90),
            })
        }
    }

    fn check(self) -> Result<Dist, String> {
        let ok = match self {
            Dist::Point { value } => value.is_finite(),
            Dist::Lognormal { mu, sigma } => mu.is_finite() && sigma.is_finite() && sigma >= 0.0,
            Dist::Normal { mean, sd } => mean.is_finite() && sd.is_finite() && sd >= 0.0,
            Dist::Uniform { low, high } => low.is_finite() && high.is_finite() && low < high,
            Dist::Triangular { low, mode, high } | Dist::Pert { low, mode, high } => {
                low.is_finite() && high.is_finite() && low <= mode && mode <= high && low < high
            }
        };
        if ok {
            Ok(self)
        } else {
            Err(match self {
                Dist::Lognormal { .. } | Dist::Normal { .. } => {
                    "the spread (sigma/sd) must be a finite number ≥ 0".into()
                }
                Dist::Uniform { .. } => "need low < high".into(),
                Dist::Triangular { .. } | Dist::Pert { .. } => {
                    "need low ≤ mode ≤ high and low < high".into()
                }
                Dist::Point { .. } => "not a finite number".into(),
            })
        }
    }
}

/// Kind tags for `Q<K>` (const generics over a u8 because enum const params are unstable).
pub const COUNT: u8 = 0;
pub const BYTES: u8 = 1;
pub const DURATION: u8 = 2;
pub const FRACTION: u8 = 3;
pub const MONEY: u8 = 4;
pub const RATIO: u8 = 5;
pub const RATE: u8 = 6;
/// A plain number given in any of the units above (for `assumptions:`).
pub const ANY: u8 = 7;

fn kind_of(k: u8) -> Option<Kind> {
    Some(match k {
        COUNT => Kind::Count,
        BYTES => Kind::Bytes,
        DURATION => Kind::Duration,
        FRACTION => Kind::Fraction,
        MONEY => Kind::Money,
        RATIO => Kind::Ratio,
        RATE => Kind::Rate,
        _ => return None,
    })
}

/// Parse a string of kind `k` (ANY: guess the unit from the text).
fn parse_str(k: u8, s: &str) -> Result<f64, String> {
    match kind_of(k) {
        Some(kind) => kind.parse(s).map_err(|e| e.to_string()),
        None => {
            let t = s.trim();
            let attempt = if t.ends_with('%') {
                Kind::Fraction.parse(t)
            } else if t.starts_with('$') {
                Kind::Money.parse(t)
            } else if t.contains(':') {
                Kind::Ratio.parse(t)
            } else if t.contains('/') {
                Kind::Rate.parse(t)
            } else {
                Kind::Count
                    .parse(t)
                    .or_else(|_| Kind::Duration.parse(t))
                    .or_else(|_| Kind::Bytes.parse(t))
            };
            attempt.map_err(|_| {
                format!("expected a number with optional unit (e.g. `3`, `95%`, `20ms`, `2 KB`), found `{s}`")
            })
        }
    }
}

fn from_num(k: u8, v: f64) -> Result<f64, String> {
    match kind_of(k) {
        Some(kind) => kind.from_number(v).map_err(|e| e.to_string()),
        None => units::Kind::Count.from_number(v).map_err(|e| e.to_string()),
    }
}

/// A spec quantity of kind `K`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Q<const K: u8> {
    pub dist: Dist,
}

impl<const K: u8> Q<K> {
    pub fn point(value: f64) -> Self {
        Q {
            dist: Dist::Point { value },
        }
    }
    pub fn central(&self) -> f64 {
        self.dist.central()
    }
}

impl<const K: u8> schemars::JsonSchema for Q<K> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        crate::spec::schema::quantity_name(K).into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        crate::spec::schema::quantity_schema::<K>(g)
    }
}

pub type Count = Q<COUNT>;
pub type Size = Q<BYTES>;
pub type Duration = Q<DURATION>;
pub type Share = Q<FRACTION>;
pub type Money = Q<MONEY>;
pub type Ratio = Q<RATIO>;
pub type Rate = Q<RATE>;
pub type AnyNumber = Q<ANY>;

/// A scalar inside a distribution map: a number or a string with units.
enum Scalar {
    Num(f64),
    Str(String),
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or a string with units")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar::Num(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar::Num(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar::Num(v as f64))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar::Str(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

struct QVisitor<const K: u8>;

impl<const K: u8> QVisitor<K> {
    fn scalar(s: &Scalar) -> Result<f64, String> {
        match s {
            Scalar::Num(v) => from_num(K, *v),
            Scalar::Str(s) => parse_str(K, s),
        }
    }
}

impl<'de, const K: u8> Visitor<'de> for QVisitor<K> {
    type Value = Q<K>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match kind_of(K) {
            Some(k) => write!(
                f,
                "{}, a 90% interval like `5M..20M`, or {{dist: lognormal|normal|uniform|triangular|pert, ...}}",
                k.example()
            ),
            None => f.write_str("a number with optional unit"),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Q<K>, E> {
        from_num(K, v).map(Q::point).map_err(E::custom)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Q<K>, E> {
        self.visit_f64(v as f64)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Q<K>, E> {
        self.visit_f64(v as f64)
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Q<K>, E> {
        if let Some((a, b)) = s.split_once("..") {
            let a = parse_str(K, a).map_err(E::custom)?;
            let b = parse_str(K, b).map_err(E::custom)?;
            return Dist::from_interval(a, b)
                .map(|dist| Q { dist })
                .map_err(E::custom);
        }
        parse_str(K, s).map(Q::point).map_err(E::custom)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Q<K>, A::Error> {
        let mut dist_name: Option<String> = None;
        let mut fields: Vec<(String, Scalar)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == "dist" {
                dist_name = Some(map.next_value()?);
            } else {
                let v: Scalar = map.next_value()?;
                fields.push((key, v));
            }
        }
        let name = dist_name.ok_or_else(|| {
            de::Error::custom(
                "a distribution needs `dist:` (lognormal, normal, uniform, triangular or pert)",
            )
        })?;
        let allowed: &[&str] = match name.as_str() {
            "lognormal" => &["low", "high", "median", "sigma"],
            "normal" => &["mean", "sd", "low", "high"],
            "uniform" => &["low", "high"],
            "triangular" | "pert" => &["low", "mode", "high"],
            "point" => &["value"],
            other => {
                let hint = crate::error::did_you_mean(
                    other,
                    ["lognormal", "normal", "uniform", "triangular", "pert"],
                )
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
                return Err(de::Error::custom(format!(
                    "unknown distribution `{other}`: expected lognormal, normal, uniform, triangular or pert{hint}"
                )));
            }
        };
        let mut get = |k: &str| -> Result<Option<f64>, A::Error> {
            match fields.iter().position(|(n, _)| n == k) {
                Some(i) => {
                    let (_, s) = fields.remove(i);
                    // sigma is unitless (a log-scale spread)
                    let v = if k == "sigma" {
                        match s {
                            Scalar::Num(v) => Ok(v),
                            Scalar::Str(t) => t.trim().parse::<f64>().map_err(|_| {
                                format!("`sigma` is a plain number (the sd of ln X), found `{t}`")
                            }),
                        }
                    } else {
                        Self::scalar(&s)
                    };
                    v.map(Some)
                        .map_err(|e| de::Error::custom(format!("`{k}`: {e}")))
                }
                None => Ok(None),
            }
        };
        let need = |v: Option<f64>, k: &str| -> Result<f64, A::Error> {
            v.ok_or_else(|| de::Error::custom(format!("`{name}` needs `{k}`")))
        };
        let dist = match name.as_str() {
            "lognormal" => {
                let (low, high, median, sigma) =
                    (get("low")?, get("high")?, get("median")?, get("sigma")?);
                match (low, high, median, sigma) {
                    (Some(a), Some(b), None, None) => {
                        if a <= 0.0 {
                            return Err(de::Error::custom(
                                "a lognormal's interval must be positive (low > 0)",
                            ));
                        }
                        Dist::from_interval(a, b).map_err(de::Error::custom)?
                    }
                    (None, None, Some(m), Some(s)) if m > 0.0 => Dist::Lognormal { mu: m.ln(), sigma: s },
                    _ => {
                        return Err(de::Error::custom(
                            "lognormal takes either `low` and `high` (a 90% interval, both > 0) or `median` (> 0) and `sigma`",
                        ))
                    }
                }
            }
            "normal" => {
                let (mean, sd, low, high) = (get("mean")?, get("sd")?, get("low")?, get("high")?);
                match (mean, sd, low, high) {
                    (Some(m), Some(s), None, None) => Dist::Normal { mean: m, sd: s },
                    (None, None, Some(a), Some(b)) if a < b => Dist::Normal {
                        mean: (a + b) / 2.0,
                        sd: (b - a) / (2.0 * Z90),
                    },
                    _ => return Err(de::Error::custom(
                        "normal takes either `mean` and `sd`, or `low` < `high` (a 90% interval)",
                    )),
                }
            }
            "uniform" => Dist::Uniform {
                low: need(get("low")?, "low")?,
                high: need(get("high")?, "high")?,
            },
            "triangular" => Dist::Triangular {
                low: need(get("low")?, "low")?,
                mode: need(get("mode")?, "mode")?,
                high: need(get("high")?, "high")?,
            },
            "pert" => Dist::Pert {
                low: need(get("low")?, "low")?,
                mode: need(get("mode")?, "mode")?,
                high: need(get("high")?, "high")?,
            },
            _ => Dist::Point {
                value: need(get("value")?, "value")?,
            },
        };
        if let Some((k, _)) = fields.first() {
            let hint = crate::error::did_you_mean(k, allowed.iter().copied())
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            return Err(de::Error::custom(format!(
                "`{name}` does not take `{k}`; it takes {}{hint}",
                allowed.join(", ")
            )));
        }
        dist.check()
            .map(|dist| Q { dist })
            .map_err(|e| de::Error::custom(format!("invalid `{name}` parameters: {e}")))
    }
}

impl<'de, const K: u8> Deserialize<'de> for Q<K> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(QVisitor::<K>)
    }
}

/// Concurrent users at peak: a share of DAU (`0.5%`) or an absolute number (`50K`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Concurrent {
    Share(Share),
    Users(Count),
}

impl schemars::JsonSchema for Concurrent {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Concurrent".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        crate::spec::schema::concurrent_schema(g)
    }
}

impl<'de> Deserialize<'de> for Concurrent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Concurrent;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a share of DAU such as `0.5%` or a number of users such as `50K`")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Concurrent, E> {
                QVisitor::<COUNT>.visit_f64(v).map(Concurrent::Users)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Concurrent, E> {
                self.visit_f64(v as f64)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Concurrent, E> {
                self.visit_f64(v as f64)
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Concurrent, E> {
                if s.contains('%') {
                    QVisitor::<FRACTION>.visit_str(s).map(Concurrent::Share)
                } else {
                    QVisitor::<COUNT>.visit_str(s).map(Concurrent::Users)
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Concurrent, A::Error> {
                QVisitor::<COUNT>.visit_map(map).map(Concurrent::Users)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q<const K: u8>(y: &str) -> Result<Q<K>, String> {
        serde_yaml::from_str::<Q<K>>(y).map_err(|e| e.to_string())
    }

    #[test]
    fn points_and_units() {
        assert_eq!(q::<COUNT>("10M").unwrap().central(), 1e7);
        assert_eq!(q::<COUNT>("12").unwrap().central(), 12.0);
        assert_eq!(q::<BYTES>("2 KB").unwrap().central(), 2000.0);
        assert!((q::<FRACTION>("99.95%").unwrap().central() - 0.9995).abs() < 1e-12);
        assert!(q::<DURATION>("200").is_err());
        assert!(q::<COUNT>("[1, 2]").is_err());
    }

    #[test]
    fn interval_is_a_lognormal_90_percent_interval() {
        let d = q::<COUNT>("5M..20M").unwrap().dist;
        let Dist::Lognormal { mu, sigma } = d else {
            panic!("{d:?}")
        };
        // hand-worked: median = √(5M·20M) = 10M; σ = ln 4 / 3.2897 = 0.42141
        assert!((mu.exp() - 1e7).abs() < 1e-3);
        assert!((sigma - 4f64.ln() / (2.0 * Z90)).abs() < 1e-12);
        assert!((sigma - 0.421_40).abs() < 1e-4);
    }

    #[test]
    fn maps() {
        let d = q::<COUNT>("{dist: triangular, low: 1K, mode: 2K, high: 4K}")
            .unwrap()
            .dist;
        assert_eq!(
            d,
            Dist::Triangular {
                low: 1e3,
                mode: 2e3,
                high: 4e3
            }
        );
        let e = q::<COUNT>("{dist: triangular, low: 5K, mode: 2K, high: 4K}").unwrap_err();
        assert!(e.contains("low ≤ mode ≤ high"), "{e}");
        let e = q::<COUNT>("{dist: lognormall, low: 1, high: 2}").unwrap_err();
        assert!(e.contains("did you mean `lognormal`"), "{e}");
        let e = q::<COUNT>("{dist: uniform, low: 1, hihg: 2}").unwrap_err();
        assert!(
            e.contains("needs `high`") || e.contains("did you mean `high`"),
            "{e}"
        );
    }

    #[test]
    fn quantiles_hand_worked() {
        // 90% interval 5M..20M: P5 = 5M, P95 = 20M exactly.
        let d = Dist::from_interval(5e6, 20e6).unwrap();
        assert!((d.quantile(0.05) / 5e6 - 1.0).abs() < 1e-9);
        assert!((d.quantile(0.95) / 20e6 - 1.0).abs() < 1e-9);
        let t = Dist::Triangular {
            low: 0.0,
            mode: 5.0,
            high: 10.0,
        };
        assert!((t.quantile(0.5) - 5.0).abs() < 1e-12);
        // symmetric PERT: median = mode
        let p = Dist::Pert {
            low: 0.0,
            mode: 5.0,
            high: 10.0,
        };
        assert!((p.quantile(0.5) - 5.0).abs() < 1e-9);
        assert_eq!(
            Dist::Uniform {
                low: 2.0,
                high: 4.0
            }
            .quantile(0.25),
            2.5
        );
    }

    #[test]
    fn triangular_median() {
        // symmetric: median = mode
        let d = Dist::Triangular {
            low: 0.0,
            mode: 5.0,
            high: 10.0,
        };
        assert!((d.central() - 5.0).abs() < 1e-12);
    }

    #[test]
    fn concurrent() {
        let c: Concurrent = serde_yaml::from_str("0.5%").unwrap();
        assert!(matches!(c, Concurrent::Share(s) if (s.central() - 0.005).abs() < 1e-15));
        let c: Concurrent = serde_yaml::from_str("50K").unwrap();
        assert!(matches!(c, Concurrent::Users(s) if s.central() == 5e4));
    }
}
