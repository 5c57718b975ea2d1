//! A message map by SEQ that remembers which entries changed since the host last stored them,
//! so the local store is written message by message instead of as one snapshot.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Deref;

/// Messages by SEQ; every insert or `get_mut` marks the SEQ changed until `take_changed`.
#[derive(Debug, Clone)]
pub struct Tracked<V> {
    map: BTreeMap<u64, V>,
    changed: BTreeSet<u64>,
}

impl<V> Default for Tracked<V> {
    fn default() -> Self {
        Tracked {
            map: BTreeMap::new(),
            changed: BTreeSet::new(),
        }
    }
}

impl<V> Deref for Tracked<V> {
    type Target = BTreeMap<u64, V>;
    fn deref(&self) -> &Self::Target {
        &self.map
    }
}

impl<V> Tracked<V> {
    /// Inserts or replaces; the SEQ is marked changed.
    pub fn insert(&mut self, seq: u64, value: V) -> Option<V> {
        self.changed.insert(seq);
        self.map.insert(seq, value)
    }

    /// Inserts unless present (then nothing changes); true when inserted.
    pub fn insert_if_absent(&mut self, seq: u64, value: V) -> bool {
        if self.map.contains_key(&seq) {
            return false;
        }
        self.insert(seq, value);
        true
    }

    /// Inserts what the local store already holds: not marked changed.
    pub fn load(&mut self, seq: u64, value: V) {
        self.map.entry(seq).or_insert(value);
    }

    /// A mutable entry; marked changed when it exists.
    pub fn get_mut(&mut self, seq: &u64) -> Option<&mut V> {
        let v = self.map.get_mut(seq);
        if v.is_some() {
            self.changed.insert(*seq);
        }
        v
    }

    /// The SEQs changed since the last call, ascending (present ones only).
    pub fn take_changed(&mut self) -> Vec<u64> {
        let changed = std::mem::take(&mut self.changed);
        changed
            .into_iter()
            .filter(|s| self.map.contains_key(s))
            .collect()
    }
}

impl<V: PartialEq> Tracked<V> {
    /// Inserts unless an equal value is held; marked changed only when it was not.
    pub fn upsert(&mut self, seq: u64, value: V) {
        if self.map.get(&seq) != Some(&value) {
            self.insert(seq, value);
        }
    }
}

impl<V> FromIterator<(u64, V)> for Tracked<V> {
    /// Built from loaded data: nothing is marked changed.
    fn from_iter<I: IntoIterator<Item = (u64, V)>>(iter: I) -> Self {
        Tracked {
            map: iter.into_iter().collect(),
            changed: BTreeSet::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_are_marked_and_taken_once_loads_are_not() {
        let mut t: Tracked<&str> = [(1, "a")].into_iter().collect();
        assert!(t.take_changed().is_empty());
        t.insert(3, "c");
        t.load(2, "b");
        assert!(!t.insert_if_absent(3, "x"));
        assert_eq!(t[&3], "c");
        assert_eq!(t.take_changed(), vec![3]);
        assert!(t.take_changed().is_empty());
        *t.get_mut(&1).expect("1") = "A";
        assert!(t.get_mut(&9).is_none());
        assert_eq!(t.take_changed(), vec![1]);
        assert_eq!(t.values().copied().collect::<Vec<_>>(), vec!["A", "b", "c"]);
        t.upsert(2, "b");
        assert!(
            t.take_changed().is_empty(),
            "an equal value changes nothing"
        );
        t.upsert(2, "B");
        assert_eq!(t.take_changed(), vec![2]);
    }
}
