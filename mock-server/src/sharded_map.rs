//! [`ShardedMap`]: a hash map of boxed values found by a string key they carry, that grows a part at
//! a time.

use std::hash::BuildHasher;

use hashbrown::DefaultHashBuilder;
use hashbrown::hash_table::{Entry, HashTable, VacantEntry};

/// How many parts a [`ShardedMap`] has.
const SHARDS: usize = 64;

/// A value stored under a key of its own (a record under its id): the map keeps no copy of the key.
pub(crate) trait Keyed {
    /// The key the value is found by.
    fn key(&self) -> &str;
}

/// A hash map in [`SHARDS`] parts, chosen by the key's hash. A hash map finds a key in a cache
/// miss or two where a B-tree of strings compares a dozen keys on as many cache lines; but it
/// doubles and rehashes as it grows, and under the store's one lock that pause stalls every
/// request (one map: create-customer p99 190 ms in `cargo xtask bench`). In parts, one growth moves
/// a sixty-fourth of the records, and only their pointers.
///
/// The values are found by the key they carry ([`Keyed`]): a map of `String` keys would hold a
/// second copy of every id, an allocation and some 50 bytes a record.
#[derive(Debug)]
pub(crate) struct ShardedMap<V> {
    hasher: DefaultHashBuilder,
    shards: Box<[HashTable<Box<V>>]>,
}

impl<V> Default for ShardedMap<V> {
    fn default() -> Self {
        ShardedMap {
            hasher: DefaultHashBuilder::default(),
            shards: (0..SHARDS).map(|_| HashTable::new()).collect(),
        }
    }
}

/// Where a value that is not in the map yet goes: one lookup finds that the key is free and
/// inserts there.
pub(crate) struct Vacant<'map, V> {
    entry: VacantEntry<'map, Box<V>>,
}

impl<'map, V> Vacant<'map, V> {
    /// Stores `value`, whose key must be the one looked up.
    pub(crate) fn insert(self, value: Box<V>) -> &'map mut V {
        self.entry.insert(value).into_mut()
    }
}

impl<V: Keyed> ShardedMap<V> {
    /// The part `key` is in, and the hash its part files it under. The part is chosen by the top
    /// bits of the key's hash; the part's own table reads its bucket from the low bits and a tag
    /// from the top ones, so it gets the hash multiplied by an odd constant, whose top bits mix
    /// in every other bit (the top bits alone would be the same for every key of a part).
    fn locate(hasher: &DefaultHashBuilder, key: &str) -> (usize, u64) {
        let hash = hasher.hash_one(key);
        let shard = (hash >> (u64::BITS - SHARDS.trailing_zeros())) as usize;
        (shard, hash.wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

    pub(crate) fn get(&self, key: &str) -> Option<&V> {
        let (shard, hash) = Self::locate(&self.hasher, key);
        self.shards[shard]
            .find(hash, |value| value.key() == key)
            .map(|value| &**value)
    }

    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        let (shard, hash) = Self::locate(&self.hasher, key);
        self.shards[shard]
            .find_mut(hash, |value| value.key() == key)
            .map(|value| &mut **value)
    }

    pub(crate) fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The place of `key` if no value has it, in one lookup; `None` if one has.
    pub(crate) fn vacant(&mut self, key: &str) -> Option<Vacant<'_, V>> {
        let hasher = &self.hasher;
        let (shard, hash) = Self::locate(hasher, key);
        match self.shards[shard].entry(
            hash,
            |value| value.key() == key,
            |value| Self::locate(hasher, value.key()).1,
        ) {
            Entry::Occupied(_) => None,
            Entry::Vacant(entry) => Some(Vacant { entry }),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.shards.iter().map(HashTable::len).sum()
    }

    /// Forgets every entry, and the memory of the parts.
    pub(crate) fn clear(&mut self) {
        for shard in &mut self.shards {
            *shard = HashTable::new();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Entry {
        key: String,
        value: u32,
    }

    impl Keyed for Entry {
        fn key(&self) -> &str {
            &self.key
        }
    }

    fn entry(n: u32) -> Box<Entry> {
        Box::new(Entry {
            key: format!("key-{n}"),
            value: n,
        })
    }

    #[test]
    fn it_behaves_as_one_map() {
        let mut map = ShardedMap::default();
        for n in 0..10_000 {
            let vacant = map.vacant(&format!("key-{n}")).expect("a new key");
            assert_eq!(vacant.insert(entry(n)).value, n);
        }
        assert!(map.vacant("key-7").is_none(), "a key that is taken");
        assert_eq!(map.len(), 10_000);
        assert_eq!(map.get("key-7").map(|entry| entry.value), Some(7));
        assert!(map.get("key-10000").is_none());
        map.get_mut("key-9").expect("stored").value = 90;
        assert_eq!(map.get("key-9").map(|entry| entry.value), Some(90));
        assert!(map.contains_key("key-0") && !map.contains_key("nothing"));
        let used = map.shards.iter().filter(|shard| !shard.is_empty()).count();
        assert_eq!(used, SHARDS, "the keys spread over every part");
        map.clear();
        assert_eq!(map.len(), 0);
    }

    #[test]
    fn the_parts_spread_their_keys_over_their_tags() {
        // Within a part, the tags (the top 7 bits of the part's hash) still differ from key to key:
        // a part that saw the same tag for every key would compare every key it probes.
        let hasher = DefaultHashBuilder::default();
        let mut tags_of_shard_0 = std::collections::HashSet::new();
        for n in 0..100_000 {
            let (shard, hash) = ShardedMap::<Entry>::locate(&hasher, &format!("key-{n}"));
            if shard == 0 {
                tags_of_shard_0.insert(hash >> 57);
            }
        }
        assert_eq!(tags_of_shard_0.len(), 128);
    }
}
