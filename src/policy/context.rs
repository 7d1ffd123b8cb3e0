//! The request context: condition keys and their values. Key names are case-insensitive
//! (AWS: "Condition key names are not case-sensitive"), so they are lowercased once, here.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use serde::Serialize;

/// A context value: one string, or a set for multivalued keys (`aws:TagKeys`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ContextValue {
    Single(String),
    Multi(Vec<String>),
}

impl ContextValue {
    /// The values as a slice (one element for a single value).
    pub fn as_slice(&self) -> &[String] {
        match self {
            ContextValue::Single(s) => std::slice::from_ref(s),
            ContextValue::Multi(v) => v,
        }
    }

    /// The value when there is exactly one (policy variables take single values only).
    pub fn single(&self) -> Option<&str> {
        match self {
            ContextValue::Single(s) => Some(s),
            ContextValue::Multi(_) => None,
        }
    }
}

impl From<&str> for ContextValue {
    fn from(s: &str) -> Self {
        ContextValue::Single(s.to_string())
    }
}
impl From<String> for ContextValue {
    fn from(s: String) -> Self {
        ContextValue::Single(s)
    }
}
impl From<&String> for ContextValue {
    fn from(s: &String) -> Self {
        ContextValue::Single(s.clone())
    }
}
impl From<Vec<String>> for ContextValue {
    fn from(v: Vec<String>) -> Self {
        ContextValue::Multi(v)
    }
}
impl From<Vec<&str>> for ContextValue {
    fn from(v: Vec<&str>) -> Self {
        ContextValue::Multi(v.into_iter().map(str::to_string).collect())
    }
}
impl<const N: usize> From<[&str; N]> for ContextValue {
    fn from(v: [&str; N]) -> Self {
        ContextValue::Multi(v.iter().map(|s| s.to_string()).collect())
    }
}

/// A small, fast, non-cryptographic hasher (the FxHash mix) for condition-key lookups in the
/// hot path. Keys come from the caller's own request, so flooding is not a concern here.
#[derive(Default, Clone, Copy)]
pub(crate) struct KeyHasher(u64);

impl KeyHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for KeyHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        let mut last = 0u64;
        for (i, b) in chunks.remainder().iter().enumerate() {
            last |= (*b as u64) << (8 * i);
        }
        self.add(last ^ ((bytes.len() as u64) << 56));
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Condition keys of one request. Cloning is cheap enough for per-tenant templates; the
/// evaluator only reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    map: HashMap<String, ContextValue, BuildHasherDefault<KeyHasher>>,
}

fn lower(key: &str) -> std::borrow::Cow<'_, str> {
    if key.bytes().any(|b| b.is_ascii_uppercase()) {
        key.to_ascii_lowercase().into()
    } else {
        key.into()
    }
}

impl Context {
    pub fn new() -> Self {
        Self::default()
    }

    /// Set a key (any case) to a value, replacing what was there.
    pub fn set(&mut self, key: &str, v: impl Into<ContextValue>) {
        self.map.insert(lower(key).into_owned(), v.into());
    }

    /// Builder form of [`Context::set`].
    pub fn with(mut self, key: &str, v: impl Into<ContextValue>) -> Self {
        self.set(key, v);
        self
    }

    pub fn remove(&mut self, key: &str) {
        self.map.remove(lower(key).as_ref());
    }

    pub fn get(&self, key: &str) -> Option<&ContextValue> {
        self.map.get(lower(key).as_ref())
    }

    /// Lookup with a key that is already lowercase (the engine's hot path).
    #[inline]
    pub(crate) fn get_lower(&self, key: &str) -> Option<&ContextValue> {
        self.map.get(key)
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Keys (lowercased) and values, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ContextValue)> {
        self.map.iter().map(|(k, v)| (k.as_str(), v))
    }
}
