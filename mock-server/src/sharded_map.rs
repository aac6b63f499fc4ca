//! [`ShardedMap`]: a hash map from string keys that grows a part at a time.

use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashMap};

/// How many parts a [`ShardedMap`] has.
const SHARDS: usize = 64;

/// A hash map in [`SHARDS`] parts, chosen by the key's hash. A hash map finds a key in a cache
/// miss or two where a B-tree of strings compares a dozen keys on as many cache lines; but it
/// doubles and rehashes as it grows, and under the store's one lock that pause stalls every
/// request (one map: create-customer p99 190 ms in `cargo xtask bench`). In parts, one growth moves
/// a sixty-fourth of the records.
#[derive(Debug)]
pub(crate) struct ShardedMap<V> {
    shard_of: DefaultHashBuilder,
    shards: Box<[HashMap<String, V>]>,
}

impl<V> Default for ShardedMap<V> {
    fn default() -> Self {
        ShardedMap {
            shard_of: DefaultHashBuilder::default(),
            shards: (0..SHARDS).map(|_| HashMap::new()).collect(),
        }
    }
}

impl<V> ShardedMap<V> {
    fn index(&self, key: &str) -> usize {
        // The top bits: the maps inside use the low ones of their own (differently seeded) hash.
        (self.shard_of.hash_one(key) >> (u64::BITS - SHARDS.trailing_zeros())) as usize
    }

    pub(crate) fn get(&self, key: &str) -> Option<&V> {
        self.shards[self.index(key)].get(key)
    }

    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        let index = self.index(key);
        self.shards[index].get_mut(key)
    }

    pub(crate) fn contains_key(&self, key: &str) -> bool {
        self.shards[self.index(key)].contains_key(key)
    }

    /// Inserts `value` at `key`, returning the value it replaced.
    pub(crate) fn insert(&mut self, key: String, value: V) -> Option<V> {
        let index = self.index(&key);
        self.shards[index].insert(key, value)
    }

    pub(crate) fn len(&self) -> usize {
        self.shards.iter().map(HashMap::len).sum()
    }

    /// Forgets every entry, and the memory of the parts.
    pub(crate) fn clear(&mut self) {
        for shard in &mut self.shards {
            *shard = HashMap::new();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_behaves_as_one_map() {
        let mut map = ShardedMap::default();
        for n in 0..10_000 {
            assert_eq!(map.insert(format!("key-{n}"), n), None);
        }
        assert_eq!(map.insert("key-7".into(), 70), Some(7));
        assert_eq!(map.len(), 10_000);
        assert_eq!(map.get("key-7"), Some(&70));
        assert_eq!(map.get("key-10000"), None);
        *map.get_mut("key-9").unwrap() = 90;
        assert_eq!(map.get("key-9"), Some(&90));
        assert!(map.contains_key("key-0") && !map.contains_key("nothing"));
        let used = map.shards.iter().filter(|shard| !shard.is_empty()).count();
        assert_eq!(used, SHARDS, "the keys spread over every part");
        map.clear();
        assert_eq!(map.len(), 0);
    }
}
