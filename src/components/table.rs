//! A map keyed by a small enum, held as a fixed array: every candidate of every plan (and of
//! every Monte Carlo sample) builds a few — counts by limit, cost by bill item — and a
//! `BTreeMap` allocated and freed each one. Serialised, and described in the JSON schema, as
//! the map it stands for: the keys present, in key order.

use serde::Serialize;
use std::collections::BTreeMap;
use std::marker::PhantomData;

/// An enum usable as a [`Table`] key: `ALL` lists every variant in key order, and
/// `index` is the variant's position in it.
pub trait TableKey: Copy + Ord + 'static {
    const ALL: &'static [Self];
    fn index(self) -> usize;
}

/// A value for some keys of `K`, which has `N` variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table<K, V, const N: usize> {
    values: [Option<V>; N],
    key: PhantomData<K>,
}

impl<K: TableKey, V, const N: usize> Default for Table<K, V, N> {
    fn default() -> Self {
        const { assert!(K::ALL.len() == N, "a table has a place per key") };
        Table {
            values: std::array::from_fn(|_| None),
            key: PhantomData,
        }
    }
}

impl<K: TableKey, V, const N: usize> Table<K, V, N> {
    pub fn insert(&mut self, k: K, v: V) {
        self.values[k.index()] = Some(v);
    }
    pub fn get(&self, k: &K) -> Option<&V> {
        self.values[k.index()].as_ref()
    }
    /// The entry of `k`, made `default` when absent.
    pub fn entry_or(&mut self, k: K, default: V) -> &mut V {
        self.values[k.index()].get_or_insert(default)
    }
    /// The keys present with their values, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> + '_ {
        K::ALL
            .iter()
            .zip(&self.values)
            .filter_map(|(k, v)| v.as_ref().map(|v| (k, v)))
    }
    /// The values present, in key order.
    pub fn values(&self) -> impl Iterator<Item = &V> + '_ {
        self.values.iter().flatten()
    }
    pub fn is_empty(&self) -> bool {
        self.values.iter().all(Option::is_none)
    }
}

impl<K: TableKey, V, const N: usize> std::ops::Index<&K> for Table<K, V, N> {
    type Output = V;
    fn index(&self, k: &K) -> &V {
        self.get(k).expect("key present in the table")
    }
}

impl<K: TableKey, V, const N: usize> FromIterator<(K, V)> for Table<K, V, N> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(it: I) -> Self {
        let mut t = Table::default();
        for (k, v) in it {
            t.insert(k, v);
        }
        t
    }
}

impl<K: TableKey + Serialize, V: Serialize, const N: usize> Serialize for Table<K, V, N> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<K, V, const N: usize> schemars::JsonSchema for Table<K, V, N>
where
    K: TableKey + schemars::JsonSchema,
    V: schemars::JsonSchema,
{
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <BTreeMap<K, V>>::schema_name()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <BTreeMap<K, V>>::json_schema(g)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Key {
        First,
        Second,
        Third,
    }

    impl TableKey for Key {
        const ALL: &'static [Key] = &[Key::First, Key::Second, Key::Third];
        fn index(self) -> usize {
            self as usize
        }
    }

    /// `index` must be a key's place in `ALL` (the tables store by it and list by `ALL`).
    #[test]
    fn every_key_sits_at_its_index() {
        use crate::components::{BillItem, Limit};
        fn check<K: TableKey + std::fmt::Debug>() {
            for (i, k) in K::ALL.iter().enumerate() {
                assert_eq!(k.index(), i, "{k:?}");
            }
        }
        check::<Key>();
        check::<Limit>();
        check::<BillItem>();
    }

    #[test]
    fn serialises_as_the_map_it_stands_for() {
        let mut t: Table<Key, u32, 3> = Table::default();
        let mut m = BTreeMap::new();
        assert!(t.is_empty());
        for (k, v) in [(Key::Third, 3), (Key::First, 1)] {
            t.insert(k, v);
            m.insert(k, v);
        }
        *t.entry_or(Key::Third, 0) += 10;
        *m.entry(Key::Third).or_insert(0) += 10;
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            serde_json::to_string(&m).unwrap()
        );
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"first":1,"third":13}"#
        );
        assert_eq!(t[&Key::First], 1);
        assert_eq!(t.get(&Key::Second), None);
        assert_eq!(t.values().copied().collect::<Vec<_>>(), vec![1, 13]);
    }
}
