//! The JSON Schema of the spec, for editors (`capplan schema`).
//!
//! It is derived from the spec's serde types (`schemars` derives on [`crate::spec::SpecFile`]
//! and its parts), so it cannot drift from what `capplan` accepts. The quantities (`10M`,
//! `2 KB`, `200ms`, `99.95%`, `$20,000`, `100:1`, `900/s`, `5M..20M`, distribution maps) get
//! their schemas here: a bare number where the unit is unambiguous, a string matching the
//! unit's pattern, or a `{dist: …}` map. The patterns mirror the parsers in [`crate::units`];
//! the loader stays the authority on ranges (a share above 100%, a zero DAU), which a pattern
//! cannot express.
//!
//! The schema is JSON Schema draft-07, the draft editors (VS Code with the YAML extension,
//! IntelliJ, Neovim with yaml-language-server) support best.

use crate::spec::quantity::{self, AnyNumber, Count};
use crate::spec::ASSUMPTION_KEYS;
use schemars::generate::SchemaSettings;
use schemars::{json_schema, Schema, SchemaGenerator};
use serde_json::{json, Map, Value};

/// A decimal number as `split_number` in `units` reads it: sign, digits with `,`/`_` group
/// separators, a fraction, an exponent.
const NUM: &str = r"[+-]?(?:[0-9][0-9,_]*(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?";
/// Magnitude suffixes of counts and money: K, M, B/G, T.
const MAGNITUDE: &str = r"(?:[kKmMbBGtT]|mm|MM|bn)?";
const BYTE_UNITS: &str = r"(?:B|bytes?|[kK]B|MB|GB|TB|PB|EB|KiB|MiB|GiB|TiB|PiB|[kKMGTP])?";
const DURATION_UNITS: &str = r"(?:ns|us|µs|μs|ms|msec|millis|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?|mo|months?|y|yrs?|years?)";
const PERIODS: &str = r"(?:s|sec|second|ms|min|minute|m|h|hr|hour|day|d)";

/// The pattern of one scalar of a kind (no anchors, no interval).
fn scalar_core(kind: u8) -> String {
    let count = format!(r"{NUM}\s*{MAGNITUDE}");
    match kind {
        quantity::COUNT => count,
        quantity::BYTES => format!(r"{NUM}\s*{BYTE_UNITS}"),
        quantity::DURATION => format!(r"{NUM}\s*{DURATION_UNITS}"),
        quantity::FRACTION => format!(r"{NUM}\s*%?"),
        quantity::MONEY => format!(r"\$?\s*{count}\s*(?:USD|/month|/mo)?"),
        quantity::RATIO => format!(r"{count}\s*:\s*{count}|{NUM}"),
        quantity::RATE => {
            format!(r"{count}\s*(?:/\s*{PERIODS}|[rR][pP][sS]|[qQ][pP][sS]|[rR][eE][qQ]/[sS])?")
        }
        // `assumptions:` values: any of the above (the unit is guessed from the text).
        _ => [
            quantity::FRACTION,
            quantity::MONEY,
            quantity::RATIO,
            quantity::RATE,
            quantity::DURATION,
            quantity::BYTES,
        ]
        .iter()
        .map(|k| scalar_core(*k))
        .collect::<Vec<_>>()
        .join("|"),
    }
}

/// The anchored pattern of one scalar string of a kind.
pub fn scalar_pattern(kind: u8) -> String {
    format!(r"^\s*(?:{})\s*$", scalar_core(kind))
}

/// The anchored pattern of a quantity string: a scalar or a 90% interval `low..high`.
pub fn quantity_pattern(kind: u8) -> String {
    let s = format!(r"\s*(?:{})\s*", scalar_core(kind));
    format!(r"^{s}(?:\.\.{s})?$")
}

/// The name of `Q<K>` in the schema's definitions.
pub fn quantity_name(kind: u8) -> &'static str {
    match kind {
        quantity::COUNT => "Count",
        quantity::BYTES => "Size",
        quantity::DURATION => "Duration",
        quantity::FRACTION => "Share",
        quantity::MONEY => "Money",
        quantity::RATIO => "Ratio",
        quantity::RATE => "Rate",
        _ => "Number",
    }
}

fn examples(kind: u8) -> (&'static str, Vec<&'static str>) {
    match kind {
        quantity::COUNT => (
            "a count such as `10M`, `1.5K` or `250000` (K, M, B, T suffixes)",
            vec!["10M", "1.5K", "5M..20M"],
        ),
        quantity::BYTES => (
            "a size such as `500 B`, `2 KB` or `4 MiB` (KB = 1000 B, KiB = 1024 B)",
            vec!["500 B", "2 KB", "4 MiB"],
        ),
        quantity::DURATION => (
            "a duration with its unit, such as `200ms`, `2 s`, `30 days` or `5 years`",
            vec!["200ms", "2 s", "5 years"],
        ),
        quantity::FRACTION => (
            "a percentage such as `99.95%` or a fraction between 0 and 1 such as `0.2`",
            vec!["20%", "99.95%", "0.2"],
        ),
        quantity::MONEY => (
            "US dollars per month such as `$20,000` or `$50K`",
            vec!["$20,000", "$50K"],
        ),
        quantity::RATIO => (
            "reads per write such as `100:1` (or `1:4` for write-heavy)",
            vec!["100:1", "4:1", "1:2"],
        ),
        quantity::RATE => (
            "a rate such as `900/s`, `1.2K/s`, `50/min` or `900 rps`",
            vec!["900/s", "1.2K/s", "50/min"],
        ),
        _ => (
            "a number with an optional unit: `3`, `95%`, `20ms`, `2 KB`, `$500`",
            vec!["3", "95%", "20ms"],
        ),
    }
}

/// A bare number, where the kind allows one.
fn number_schema(kind: u8) -> Option<Value> {
    match kind {
        quantity::DURATION => None,
        quantity::FRACTION => Some(json!({"type": "number", "minimum": 0, "maximum": 1})),
        _ => Some(json!({"type": "number"})),
    }
}

/// One value inside a distribution map: a number or a scalar string of the kind.
fn dist_scalar(kind: u8) -> Value {
    let mut any = vec![json!({"type": "string", "pattern": scalar_pattern(kind)})];
    if let Some(n) = number_schema(kind) {
        any.insert(0, n);
    }
    json!({ "anyOf": any })
}

/// One value of kind `K` inside a distribution map, as a shared definition (`CountValue`, …).
struct ScalarOf<const K: u8>;

impl<const K: u8> schemars::JsonSchema for ScalarOf<K> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("{}Value", quantity_name(K)).into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let mut s = Schema::try_from(dist_scalar(K)).expect("an object");
        s.insert(
            "description".into(),
            json!(format!("{} (one value, no interval)", examples(K).0)),
        );
        s
    }
}

/// `{dist: lognormal|normal|uniform|triangular|pert|point, …}`, one alternative per shape.
fn dist_schema(scalar: Value) -> Value {
    let sigma = json!({
        "description": "The spread of ln X (a plain number, no unit).",
        "anyOf": [
            {"type": "number", "minimum": 0},
            {"type": "string", "pattern": format!(r"^\s*{NUM}\s*$")}
        ]
    });
    let variant = |name: &str, what: &str, fields: &[&str]| {
        let mut props = Map::new();
        props.insert(
            "dist".into(),
            json!({"const": name, "description": what.to_string()}),
        );
        for f in fields {
            let v = if *f == "sigma" {
                sigma.clone()
            } else {
                scalar.clone()
            };
            props.insert((*f).into(), v);
        }
        let mut required = vec!["dist"];
        required.extend_from_slice(fields);
        json!({
            "type": "object",
            "properties": props,
            "required": required,
            "additionalProperties": false
        })
    };
    json!({
        "description": "A distribution: `dist` names its shape, the other keys its parameters (with units).",
        "anyOf": [
            variant("lognormal", "Lognormal from a 90% interval (both ends > 0).", &["low", "high"]),
            variant("lognormal", "Lognormal from its median and the sd of ln X.", &["median", "sigma"]),
            variant("normal", "Normal from its mean and standard deviation.", &["mean", "sd"]),
            variant("normal", "Normal from a 90% interval.", &["low", "high"]),
            variant("uniform", "Uniform between low and high.", &["low", "high"]),
            variant("triangular", "Triangular on [low, high] peaking at mode.", &["low", "mode", "high"]),
            variant("pert", "Beta-PERT on [low, high] with the given mode.", &["low", "mode", "high"]),
            variant("point", "A single value.", &["value"])
        ]
    })
}

/// The schema of `Q<K>`: a number, a unit string or interval, or a distribution map.
pub fn quantity_schema<const K: u8>(g: &mut SchemaGenerator) -> Schema {
    let kind = K;
    let (what, ex) = examples(kind);
    let scalar = g.subschema_for::<ScalarOf<K>>().to_value();
    let mut any = vec![
        json!({"type": "string", "pattern": quantity_pattern(kind)}),
        dist_schema(scalar),
    ];
    if let Some(n) = number_schema(kind) {
        any.insert(0, n);
    }
    let description = format!(
        "{what}; or a 90% interval `low..high` (lognormal), or a distribution \
         `{{dist: triangular, low: …, mode: …, high: …}}`. The estimate uses the median."
    );
    json_schema!({
        "description": description,
        "examples": ex,
        "anyOf": any
    })
}

/// Concurrent users: a share of DAU (`0.5%`) or a number of users (`50K`).
pub fn concurrent_schema(g: &mut SchemaGenerator) -> Schema {
    let share = format!(r"^\s*(?:{s})\s*%\s*(?:\.\.\s*(?:{s})\s*%?\s*)?$", s = NUM);
    json_schema!({
        "description": "Users online at peak: a share of DAU such as `0.5%`, or a number of users such as `50K`.",
        "examples": ["0.5%", "20%", "50K"],
        "anyOf": [
            {"type": "string", "pattern": share},
            g.subschema_for::<Count>()
        ]
    })
}

/// A load multiple (`limits.min_headroom`): what `AnyNumber` accepts.
pub fn multiple_schema(g: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "description": "A load multiple such as `1.5`, or a percentage of extra load such as `50%` (= 1.5×).",
        "allOf": [g.subschema_for::<AnyNumber>()]
    })
}

/// A cost increase limit: `10%` or `$2,000`.
pub fn cost_increase_schema() -> Schema {
    let pattern = format!(
        r"^\s*(?:{})\s*%\s*$|{}",
        NUM,
        scalar_pattern(quantity::MONEY)
    );
    json_schema!({
        "description": "Largest monthly cost increase against `--baseline`: relative (`10%`) or absolute (`$2,000`).",
        "examples": ["10%", "$2,000"],
        "anyOf": [
            {"type": "number"},
            {"type": "string", "pattern": pattern}
        ]
    })
}

/// `assumptions:`: only the names the model knows, each described from the catalog's
/// `default.<name>` figure.
pub fn assumptions_schema(g: &mut SchemaGenerator) -> Schema {
    let cat = crate::Catalog::builtin().ok();
    let number = g.subschema_for::<AnyNumber>().to_value();
    let mut props = Map::new();
    for (name, _) in ASSUMPTION_KEYS {
        let mut s = json!({ "allOf": [number.clone()] });
        if let Some(f) = cat
            .as_ref()
            .and_then(|c| c.figures.get(&format!("default.{name}")))
        {
            s["description"] = json!(format!("{} Default: {}.", f.meaning, show_default(f)));
        }
        props.insert((*name).to_string(), s);
    }
    json_schema!({
        "description": "Overrides of the model's defaults by name (each default is listed with its value and source in the report's Assumptions).",
        "type": "object",
        "properties": props,
        "additionalProperties": false
    })
}

/// A default figure in the units a spec would write it in.
fn show_default(f: &crate::catalog::Figure) -> String {
    use crate::units::{fmt_bytes, fmt_duration, fmt_percent, trim_num};
    match f.unit.as_str() {
        "fraction" | "fraction/year" => fmt_percent(f.value),
        "seconds" => fmt_duration(f.value),
        "bytes" => fmt_bytes(f.value),
        "multiplier" => trim_num(f.value, 6),
        // A plain number: `horizon_years: 3`, not `3 years` (which would read as seconds).
        u => format!("{} ({u})", trim_num(f.value, 6)),
    }
}

/// Drop `default` values that say nothing (`null`, `{}` of nulls, `[]`) and Rust-only formats.
fn prune_defaults(v: &mut Value) {
    match v {
        Value::Object(m) => {
            let empty = match m.get("default") {
                Some(Value::Null) => true,
                Some(Value::Array(a)) => a.is_empty(),
                Some(Value::Object(o)) => o.values().all(|x| x.is_null() || x == &json!({})),
                _ => false,
            };
            if empty {
                m.remove("default");
            }
            // schemars' Rust integer formats (`uint8`, `uint32`) are not JSON Schema formats;
            // editors warn about unknown ones.
            if m.get("format")
                .and_then(|f| f.as_str())
                .is_some_and(|f| f.starts_with("uint") || f.starts_with("int"))
            {
                m.remove("format");
            }
            m.values_mut().for_each(prune_defaults);
        }
        Value::Array(a) => a.iter_mut().for_each(prune_defaults),
        _ => {}
    }
}

/// The spec's JSON Schema as a JSON value.
pub fn spec_schema() -> Value {
    let mut g = SchemaSettings::draft07().into_generator();
    let schema = g.root_schema_for::<crate::spec::SpecFile>();
    let mut v = schema.to_value();
    prune_defaults(&mut v);
    if let Value::Object(m) = &mut v {
        m.insert("title".into(), json!("capplan spec"));
        m.insert(
            "description".into(),
            json!(format!(
                "A capplan spec (YAML or TOML): the load, data, targets and choices of a system. \
                 Generated by `capplan schema` (capplan {}).",
                env!("CARGO_PKG_VERSION")
            )),
        );
    }
    v
}

/// The spec's JSON Schema, pretty-printed with a final newline.
pub fn spec_schema_json() -> String {
    let mut s = serde_json::to_string_pretty(&spec_schema()).expect("a JSON value serializes");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_is_closed_and_lists_every_section() {
        let v = spec_schema();
        assert_eq!(v["additionalProperties"], json!(false));
        for k in [
            "name",
            "traffic",
            "data",
            "slo",
            "budget",
            "assumptions",
            "limits",
        ] {
            assert!(v["properties"].get(k).is_some(), "{k}");
        }
        assert_eq!(v["required"], json!(["name", "traffic"]));
    }
}
