//! JSON: the serde form of the plan. Stable keys, documented in the README.

use super::{Render, View};

pub struct Json;

impl Render for Json {
    fn render(&self, r: &View) -> String {
        let mut v = serde_json::to_value(r.plan).expect("plan is plain data");
        // The same shape whatever the flags: `derivations` is always there, empty unless
        // `--explain` asked for it.
        if let Some(o) = v.as_object_mut() {
            if !r.explain || !o.contains_key("derivations") {
                o.insert("derivations".into(), serde_json::Value::Array(vec![]));
            }
        }
        let mut s = serde_json::to_string_pretty(&v).expect("plan is plain data");
        s.push('\n');
        s
    }
}
