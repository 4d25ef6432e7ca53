//! The catalog's figure values by name in a hash table, for the models' lookups.
//!
//! Every plan looks up tens of figures by name (a Monte Carlo run, per sample); in the
//! ordered map that lists them, each lookup was eight or so string comparisons. The table
//! hashes the name a word at a time and compares once.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Figure values by name; built once from the merged catalog (figures do not change after).
#[derive(Debug, Clone, Default)]
pub struct FigureIndex(HashMap<Box<str>, f64, BuildHasherDefault<WordHasher>>);

impl FigureIndex {
    pub fn new<'a>(figures: impl IntoIterator<Item = (&'a str, f64)>) -> Self {
        FigureIndex(figures.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    pub fn get(&self, key: &str) -> Option<f64> {
        self.0.get(key).copied()
    }
}

/// A multiply-rotate hash over 8-byte words (the scheme of the Rust compiler's `FxHasher`).
/// Hand-written: the standard SipHash costs more than the lookup it replaces on names of
/// 20–50 bytes, and the keys are the catalog's own (no untrusted input to defend against).
#[derive(Debug, Default, Clone, Copy)]
pub struct WordHasher(u64);

impl WordHasher {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(Self::K);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in chunks.by_ref() {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let mut tail = [0u8; 8];
        let rest = chunks.remainder();
        tail[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(tail) ^ ((rest.len() as u64) << 56));
    }

    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_value_and_nothing_else() {
        let names: Vec<String> = (0..500)
            .map(|i| format!("price.thing_{i}.usd_per_gb"))
            .collect();
        let idx = FigureIndex::new(
            names
                .iter()
                .enumerate()
                .map(|(i, n)| (n.as_str(), i as f64)),
        );
        for (i, n) in names.iter().enumerate() {
            assert_eq!(idx.get(n), Some(i as f64));
        }
        assert_eq!(idx.get("price.thing_500.usd_per_gb"), None);
        assert_eq!(idx.get(""), None);
        // Names differing only in length past a word boundary hash apart.
        let a = FigureIndex::new([("abcdefgh", 1.0), ("abcdefgh\0", 2.0)]);
        assert_eq!(
            (a.get("abcdefgh"), a.get("abcdefgh\0")),
            (Some(1.0), Some(2.0))
        );
    }
}
