//! JSON: the serde form of the plan. Stable keys, documented in the README.

use super::{Render, View};

pub struct Json;

impl Render for Json {
    fn render(&self, r: &View) -> String {
        let mut v = serde_json::to_value(r.plan).expect("plan is plain data");
        if !r.explain {
            if let Some(o) = v.as_object_mut() {
                o.remove("derivations");
            }
        }
        let mut s = serde_json::to_string_pretty(&v).expect("plan is plain data");
        s.push('\n');
        s
    }
}
