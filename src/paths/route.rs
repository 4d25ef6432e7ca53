//! What names a route: its class, its kind, the geography it serves and the stations it
//! visits, each held without an allocation of its own (a Monte Carlo sample builds a network
//! of a dozen routes) and written out as the words and lists the report has always shown.

use serde::{Serialize, Serializer};
use std::sync::Arc;

/// A request class: reads and writes take their own service at a station with both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RequestClass {
    Read,
    Write,
}

impl RequestClass {
    pub const ALL: [RequestClass; 2] = [RequestClass::Read, RequestClass::Write];

    /// `read` or `write`, as reports name it.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestClass::Read => "read",
            RequestClass::Write => "write",
        }
    }
}

impl std::fmt::Display for RequestClass {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kinds of route a network has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteKind {
    /// A read the cache answers.
    ReadHit,
    /// A read the cache misses, on to the database.
    ReadMiss,
    Read,
    Write,
    /// A read the app answers alone, with a data tier behind it.
    ReadStatic,
}

impl RouteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RouteKind::ReadHit => "read_hit",
            RouteKind::ReadMiss => "read_miss",
            RouteKind::Read => "read",
            RouteKind::Write => "write",
            RouteKind::ReadStatic => "read_static",
        }
    }
}

/// A route's name: its kind, and the geography of its users when the routes split by them
/// (`read_hit (eu)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteName {
    kind: RouteKind,
    geography: Option<Arc<str>>,
}

impl RouteName {
    pub fn new(kind: RouteKind) -> RouteName {
        RouteName {
            kind,
            geography: None,
        }
    }

    /// The same kind of route for the users of `geography`.
    pub fn in_geography(&self, geography: Arc<str>) -> RouteName {
        RouteName {
            kind: self.kind,
            geography: Some(geography),
        }
    }

    pub fn kind(&self) -> RouteKind {
        self.kind
    }
}

impl std::fmt::Display for RouteName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.geography {
            Some(g) => write!(f, "{} ({g})", self.kind.as_str()),
            None => f.write_str(self.kind.as_str()),
        }
    }
}

impl Serialize for RouteName {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Most stations on one route (the planner's have at most three: app, cache, database).
pub const MAX_PATH: usize = 4;

/// The stations a route visits, in order: indices into the network's stations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StationPath {
    at: [usize; MAX_PATH],
    len: usize,
}

impl StationPath {
    /// The first [`MAX_PATH`] of `stations`.
    pub fn of(stations: impl IntoIterator<Item = usize>) -> StationPath {
        let mut p = StationPath::default();
        for s in stations.into_iter().take(MAX_PATH) {
            p.at[p.len] = s;
            p.len += 1;
        }
        p
    }
}

impl std::ops::Deref for StationPath {
    type Target = [usize];

    fn deref(&self) -> &[usize] {
        &self.at[..self.len]
    }
}

impl<'a> IntoIterator for &'a StationPath {
    type Item = &'a usize;
    type IntoIter = std::slice::Iter<'a, usize>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl Serialize for StationPath {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// A shared name written as a string (serde writes `Arc` only with its `rc` feature).
pub(super) fn shared_str<S: Serializer>(v: &Option<Arc<str>>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(g) => s.serialize_str(g),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_as_before() {
        let name = RouteName::new(RouteKind::ReadHit);
        assert_eq!(serde_json::to_string(&name).unwrap(), r#""read_hit""#);
        let eu = name.in_geography(Arc::from("eu"));
        assert_eq!(serde_json::to_string(&eu).unwrap(), r#""read_hit (eu)""#);
        assert_eq!(eu.kind(), RouteKind::ReadHit);
        let path = StationPath::of([0, 2, 1]);
        assert_eq!(&*path, &[0, 2, 1]);
        assert_eq!(serde_json::to_string(&path).unwrap(), "[0,2,1]");
        assert_eq!(StationPath::of(0..9).len(), MAX_PATH);
        assert_eq!(
            serde_json::to_string(&RequestClass::ALL).unwrap(),
            r#"["read","write"]"#
        );
    }
}
