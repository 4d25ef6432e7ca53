//! JSON contract v1: every JSON document capplan prints (estimate, check, diff, timeline,
//! compare-clouds, simulate, calibrate) carries `format_version`, `capplan_version` and
//! `catalog_prices_as_of`; its numbers are numbers with the unit in the key name (`_ms`,
//! `_s`, `_bytes`, `_usd`, `_per_s`; shares and counts have none), money rounded to cents
//! and the other numbers free of binary float noise (`218.99999999999997` → `219`). A
//! document has the same keys whatever the flags: a figure a flag did not ask for is `null`
//! or empty. check's rows, whose figures differ in kind, carry `limit` and `value` with a
//! `unit` field beside them.
//!
//! A reader checks `format_version` and the published schemas
//! (`capplan schema --output estimate|check|diff|simulate|calibrate`).

use serde_json::{Map, Value};

/// Bumped when a key is renamed or removed, or its meaning or unit changes.
pub const FORMAT_VERSION: u64 = 1;

/// Significant digits kept in a number that is not money: more than any figure's precision,
/// fewer than an `f64`'s, so the noise of binary arithmetic is gone.
const SIGNIFICANT: usize = 12;

/// Whether a key's number is an amount of US dollars to round to cents: every `_usd` key
/// but a unit price (a GB of transfer costs fractions of a cent).
fn is_money(k: &str) -> bool {
    k.ends_with("_usd") && !k.starts_with("unit_price")
}

/// Stamp a rendered JSON document with the v1 header and clean its numbers.
pub fn stamp(text: &str, prices_as_of: &str) -> String {
    let Ok(v) = serde_json::from_str::<Value>(text) else {
        return text.to_string();
    };
    let mut s =
        serde_json::to_string_pretty(&document(v, prices_as_of)).expect("a JSON value serializes");
    s.push('\n');
    s
}

/// The document as a value: the header keys, then the document's own.
pub fn document(v: Value, prices_as_of: &str) -> Value {
    let mut out = Map::new();
    out.insert("format_version".into(), FORMAT_VERSION.into());
    out.insert(
        "capplan_version".into(),
        env!("CARGO_PKG_VERSION").to_string().into(),
    );
    out.insert(
        "catalog_prices_as_of".into(),
        prices_as_of.to_string().into(),
    );
    match clean(v) {
        Value::Object(m) => out.extend(m),
        other => {
            out.insert("data".into(), other);
        }
    }
    Value::Object(out)
}

/// Round every number: money to cents, the rest to [`SIGNIFICANT`] digits.
fn clean(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| {
                    let v = match v {
                        Value::Number(_) if is_money(&k) => round(&v, cents),
                        Value::Array(a) if is_money(&k) => {
                            Value::Array(a.into_iter().map(|x| round(&x, cents)).collect())
                        }
                        other => clean(other),
                    };
                    (k, v)
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(clean).collect()),
        Value::Number(_) => round(&v, significant),
        other => other,
    }
}

/// Money to cents, half a cent away from zero, with a half cent that floating point missed by
/// a few units in the last place counted as the half cent it is.
///
/// # Formula
/// `cents(x) = round(100·x·(1 + 16ε)) / 100`, `ε` = 2⁻⁵² (`round` takes halves away from
/// zero; the quotient of an integer by 100 is the `f64` nearest that decimal). A line of
/// 24,090 node-hours at $0.0725 is $1,746.525 exactly; in binary it comes out one unit in the
/// last place below or above that, depending on the order of the multiplications, and rounding
/// it as it stands printed $1,746.52 or $1,746.53 by accident of how a build ordered them.
/// A few operations err by a few units in the last place, so a nudge of 16 (about 3.6 × 10⁻¹⁵
/// of the value) settles every such tie the same way; any amount not within that of a half cent
/// rounds as before (at $10 billion the nudge is 0.002 of a cent).
fn cents(x: f64) -> f64 {
    let c = (x * 100.0 * (1.0 + 16.0 * f64::EPSILON)).round() / 100.0;
    // `-0.001` is no change, not a negative one.
    if c == 0.0 {
        0.0
    } else {
        c
    }
}

fn significant(x: f64) -> f64 {
    format!("{:.*e}", SIGNIFICANT - 1, x).parse().unwrap_or(x)
}

/// Integers stay integers; a float is rounded by `f` and written as the shortest float.
fn round(v: &Value, f: impl Fn(f64) -> f64) -> Value {
    match v.as_f64() {
        Some(x) if v.is_f64() => serde_json::Number::from_f64(f(x))
            .map(Value::Number)
            .unwrap_or(Value::Null),
        _ => v.clone(),
    }
}

/// The JSON Schema (draft 7) of a v1 document whose body serialises from `T`: `T`'s own
/// schema with the header keys added and required.
pub fn output_schema<T: schemars::JsonSchema>(produced_by: &str) -> Value {
    // The schema of what capplan writes: a field skipped when empty is optional.
    let g = schemars::generate::SchemaSettings::draft07()
        .for_serialize()
        .into_generator();
    let mut v = g.into_root_schema_for::<T>().to_value();
    close(&mut v);
    if let Value::Object(m) = &mut v {
        m.insert(
            "title".into(),
            format!("{produced_by}, format v{FORMAT_VERSION}").into(),
        );
        let props = m
            .entry("properties")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(p) = props {
            p.insert(
                "format_version".into(),
                serde_json::json!({ "const": FORMAT_VERSION }),
            );
            p.insert(
                "capplan_version".into(),
                serde_json::json!({ "type": "string" }),
            );
            p.insert(
                "catalog_prices_as_of".into(),
                serde_json::json!({ "type": "string", "description": "the catalog's price date, YYYY-MM" }),
            );
        }
        let req = m.entry("required").or_insert_with(|| Value::Array(vec![]));
        if let Value::Array(r) = req {
            for k in ["format_version", "capplan_version", "catalog_prices_as_of"] {
                r.push(k.into());
            }
        }
    }
    v
}

/// Every object schema with named properties admits no others, so a key the schema does not
/// know fails validation instead of passing unseen.
fn close(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if m.contains_key("properties") && !m.contains_key("additionalProperties") {
                m.insert("additionalProperties".into(), false.into());
            }
            m.values_mut().for_each(close);
        }
        Value::Array(a) => a.iter_mut().for_each(close),
        _ => {}
    }
}

/// [`output_schema`] pretty-printed with a final newline.
pub fn output_schema_json<T: schemars::JsonSchema>(produced_by: &str) -> String {
    let mut s = serde_json::to_string_pretty(&output_schema::<T>(produced_by))
        .expect("a JSON value serializes");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn header_money_and_noise() {
        let v = document(
            json!({
                "cost": { "monthly_low_usd": 2209674.5777010275, "at_horizon": { "low_usd": 1.005, "month": 36 } },
                "edges_usd": [10.004, 20.016],
                "quantity": 2336000.0000000005,
                "unit_price_usd": 0.0000125,
                "wait_ms": 1.85e-14,
            }),
            "2025-06",
        );
        assert_eq!(v["format_version"], 1);
        assert_eq!(v["catalog_prices_as_of"], "2025-06");
        assert_eq!(v["cost"]["monthly_low_usd"], 2209674.58);
        assert_eq!(v["edges_usd"][1], 20.02);
        assert_eq!(v["cost"]["at_horizon"]["month"], 36);
        assert_eq!(v["quantity"], 2336000.0);
        assert_eq!(v["unit_price_usd"], 0.0000125);
        assert_eq!(v["wait_ms"], 1.85e-14);
        let noisy = document(json!({ "service_s": 2.0000000000000004e-12 }), "");
        assert_eq!(noisy["service_s"].to_string(), "2e-12");
    }

    /// A half cent rounds away from zero whichever side of it floating point landed; amounts
    /// off a half cent round to the nearest cent (hand-worked values).
    #[test]
    fn half_cents_round_the_same_way_whatever_the_arithmetic() {
        let (below, above) = (24090.0 * 0.0725, 1746.525f64.next_up());
        assert_eq!(below, 1746.5249999999999); // one unit in the last place low
        assert_eq!(cents(below), 1746.53);
        assert_eq!(cents(above), 1746.53);
        assert_eq!(cents(1.005), 1.01); // 1.00499999999999989… in binary
        assert_eq!(cents(-1.005), -1.01);
        assert_eq!(cents(1.0049), 1.0);
        assert_eq!(cents(2209674.5777010275), 2209674.58);
        assert_eq!(cents(10_000_000_000.004), 10_000_000_000.0);
        assert_eq!(cents(-0.001).to_bits(), 0.0f64.to_bits());
    }
}
