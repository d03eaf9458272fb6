//! Hash maps and sets keyed by short document strings (ids, keys). They use foldhash, the hasher
//! `hashbrown` ships with: std's SipHash guards against crafted collisions at a cost that showed in
//! profiles of every check, while foldhash's per-process random seed is protection enough for a
//! linter reading its own user's files.

pub type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub type Set<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;
