//! The request context: condition keys and their values. Key names are case-insensitive
//! (AWS: "Condition key names are not case-sensitive"), so they are lowercased once, here.

use std::collections::HashMap;

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

/// Condition keys of one request. Cloning is cheap enough for per-tenant templates; the
/// evaluator only reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    map: HashMap<String, ContextValue>,
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
