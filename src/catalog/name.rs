//! Names of catalog entries (node types, reference tiers, technologies) as interned strings.
//!
//! Every candidate of every plan carries the name of its node type, and a Monte Carlo run
//! builds tens of candidates per sample: cloning a `String` for each was a heap allocation
//! and a free per candidate, and an `Arc<str>` would make two worker threads fight over the
//! same reference counts. A [`Name`] is a `&'static str` copied for free. The text of each
//! distinct name is allocated once per process and never freed; names come only from
//! catalogs (built in, or a `--catalog` overlay read at start), so that memory is bounded by
//! the catalogs' size.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::sync::Mutex;

/// An interned name: compares, hashes and prints as its text.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(&'static str);

/// Every name interned so far.
static NAMES: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());

impl Name {
    /// The interned copy of `s` (allocated the first time it is seen).
    pub fn new(s: &str) -> Name {
        // A poisoned lock only means another thread panicked while inserting; the set is
        // still a set of valid names.
        let mut names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&n) = names.get(s) {
            return Name(n);
        }
        let n: &'static str = Box::leak(s.to_owned().into_boxed_str());
        names.insert(n);
        Name(n)
    }

    /// A name the program spells itself (nothing to intern: it lives as long already).
    pub const fn from_static(s: &'static str) -> Name {
        Name(s)
    }

    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl std::ops::Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        self.0
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self.0
    }
}

impl std::borrow::Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self.0
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::fmt::Debug for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.0, f)
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, o: &str) -> bool {
        self.0 == o
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, o: &&str) -> bool {
        self.0 == *o
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, o: &String) -> bool {
        self.0 == o.as_str()
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, o: &Name) -> bool {
        self.as_str() == o.0
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, o: &Name) -> bool {
        *self == o.0
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Name {
        Name::new(s)
    }
}

impl From<Name> for String {
    fn from(n: Name) -> String {
        n.0.to_string()
    }
}

impl Serialize for Name {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Name, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Ok(Name::new(&s))
    }
}

impl schemars::JsonSchema for Name {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        String::schema_name()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(g)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_text_is_one_allocation() {
        let a = Name::new("r6g.xlarge");
        let b = Name::new(&String::from("r6g.xlarge"));
        assert_eq!(a, b);
        assert!(std::ptr::eq(a.as_str(), b.as_str()));
        assert_ne!(a, Name::new("r6g.2xlarge"));
        assert_eq!(a, "r6g.xlarge");
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"r6g.xlarge\"");
        let back: Name = serde_json::from_str("\"r6g.xlarge\"").unwrap();
        assert!(std::ptr::eq(back.as_str(), a.as_str()));
    }
}
