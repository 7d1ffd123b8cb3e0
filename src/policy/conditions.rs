//! The `Condition` element: operators, `IfExists`, the set qualifiers `ForAllValues:` and
//! `ForAnyValue:`, and how request values meet policy values.
//!
//! Semantics (AWS IAM User Guide, "IAM JSON policy elements: Condition operators" and
//! "Set operators for multivalued context keys"):
//! - several keys in one operator, and several operators in one block, are ANDed;
//! - several values for one key are ORed; for negated operators (`StringNotEquals`, ...) the
//!   request value must match none of them;
//! - a key missing from the request makes the condition false, except negated operators
//!   (true), `...IfExists` (true), `Null`, and `ForAllValues:` (true);
//! - `ForAnyValue:` is false for a missing key or an empty set.

use std::net::IpAddr;

use super::matching::{arn_match, ArnPattern, Wild};
use super::variables::{Render, Template};

/// Where condition keys are read from: the request context plus keys derived from the
/// request itself (`aws:PrincipalArn`, ...). Keys are lowercase. The flag says whether the
/// key is multivalued (policy variables only take single values).
pub(crate) trait KeySource {
    fn get(&self, key: &str) -> Option<(&[String], bool)>;

    fn single(&self, key: &str) -> Option<&str> {
        match self.get(key) {
            Some((v, false)) if v.len() == 1 => Some(v[0].as_str()),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    Eq,
    Lt,
    Lte,
    Gt,
    Gte,
}

impl Cmp {
    fn test<T: PartialOrd>(self, req: T, pol: T) -> bool {
        match self {
            Cmp::Eq => req == pol,
            Cmp::Lt => req < pol,
            Cmp::Lte => req <= pol,
            Cmp::Gt => req > pol,
            Cmp::Gte => req >= pol,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Base {
    StringEquals,
    StringEqualsIgnoreCase,
    StringLike,
    Numeric(Cmp),
    Date(Cmp),
    Bool,
    BinaryEquals,
    IpAddress,
    Arn,
    Null,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SetQualifier {
    None,
    ForAllValues,
    ForAnyValue,
}

/// A parsed operator name such as `ForAnyValue:StringNotLikeIfExists`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Operator {
    pub base: Base,
    pub negated: bool,
    pub if_exists: bool,
    pub set: SetQualifier,
}

impl Operator {
    pub(crate) fn parse(name: &str) -> Option<Operator> {
        let lower = name.to_ascii_lowercase();
        let (set, rest) = if let Some(r) = lower.strip_prefix("forallvalues:") {
            (SetQualifier::ForAllValues, r)
        } else if let Some(r) = lower.strip_prefix("foranyvalue:") {
            (SetQualifier::ForAnyValue, r)
        } else {
            (SetQualifier::None, lower.as_str())
        };
        let (if_exists, rest) = match rest.strip_suffix("ifexists") {
            Some(r) => (true, r),
            None => (false, rest),
        };
        let (base, negated) = match rest {
            "stringequals" => (Base::StringEquals, false),
            "stringnotequals" => (Base::StringEquals, true),
            "stringequalsignorecase" => (Base::StringEqualsIgnoreCase, false),
            "stringnotequalsignorecase" => (Base::StringEqualsIgnoreCase, true),
            "stringlike" => (Base::StringLike, false),
            "stringnotlike" => (Base::StringLike, true),
            "numericequals" => (Base::Numeric(Cmp::Eq), false),
            "numericnotequals" => (Base::Numeric(Cmp::Eq), true),
            "numericlessthan" => (Base::Numeric(Cmp::Lt), false),
            "numericlessthanequals" => (Base::Numeric(Cmp::Lte), false),
            "numericgreaterthan" => (Base::Numeric(Cmp::Gt), false),
            "numericgreaterthanequals" => (Base::Numeric(Cmp::Gte), false),
            "dateequals" => (Base::Date(Cmp::Eq), false),
            "datenotequals" => (Base::Date(Cmp::Eq), true),
            "datelessthan" => (Base::Date(Cmp::Lt), false),
            "datelessthanequals" => (Base::Date(Cmp::Lte), false),
            "dategreaterthan" => (Base::Date(Cmp::Gt), false),
            "dategreaterthanequals" => (Base::Date(Cmp::Gte), false),
            "bool" => (Base::Bool, false),
            "binaryequals" => (Base::BinaryEquals, false),
            "ipaddress" => (Base::IpAddress, false),
            "notipaddress" => (Base::IpAddress, true),
            "arnequals" | "arnlike" => (Base::Arn, false),
            "arnnotequals" | "arnnotlike" => (Base::Arn, true),
            "null" => (Base::Null, false),
            _ => return None,
        };
        if base == Base::Null && (if_exists || set != SetQualifier::None) {
            return None;
        }
        Some(Operator {
            base,
            negated,
            if_exists,
            set,
        })
    }
}

/// One policy value, compiled for its operator.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// StringEquals / BinaryEquals / Bool (lowercased) / IgnoreCase (lowercased).
    Str(String),
    /// StringLike.
    Like(Wild),
    /// Arn*.
    Arn(ArnPattern),
    /// A value with policy variables, rendered per request.
    Template(Template),
    Num(f64),
    Date(i64),
    Ip(Cidr),
    Null(bool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cidr {
    addr: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub(crate) fn parse(s: &str) -> Option<Cidr> {
        let s = s.trim();
        let (a, p) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr: IpAddr = a.parse().ok()?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match p {
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max)?,
            None => max,
        };
        Some(Cidr { addr, prefix })
    }

    /// Addresses where membership of this block can change: its first address, the one
    /// before it and the one after its last (what an exact search over IP values must try).
    pub(crate) fn boundaries(&self) -> Vec<String> {
        let mut out = Vec::new();
        match self.addr {
            IpAddr::V4(n) => {
                let mask = if self.prefix == 0 {
                    0
                } else {
                    u32::MAX << (32 - self.prefix)
                };
                let first = u32::from(n) & mask;
                let last = first | !mask;
                out.push(std::net::Ipv4Addr::from(first).to_string());
                if let Some(b) = first.checked_sub(1) {
                    out.push(std::net::Ipv4Addr::from(b).to_string());
                }
                if let Some(a) = last.checked_add(1) {
                    out.push(std::net::Ipv4Addr::from(a).to_string());
                }
            }
            IpAddr::V6(n) => {
                let mask = if self.prefix == 0 {
                    0
                } else {
                    u128::MAX << (128 - self.prefix)
                };
                let first = u128::from(n) & mask;
                let last = first | !mask;
                out.push(std::net::Ipv6Addr::from(first).to_string());
                if let Some(b) = first.checked_sub(1) {
                    out.push(std::net::Ipv6Addr::from(b).to_string());
                }
                if let Some(a) = last.checked_add(1) {
                    out.push(std::net::Ipv6Addr::from(a).to_string());
                }
            }
        }
        out.push("not-an-address".into());
        out
    }

    pub(crate) fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) if self.addr.is_ipv4() => match v6.to_ipv4_mapped() {
                Some(v4) => IpAddr::V4(v4),
                None => return false,
            },
            other => other,
        };
        match (self.addr, ip) {
            (IpAddr::V4(n), IpAddr::V4(i)) => {
                let mask = if self.prefix == 0 {
                    0
                } else {
                    u32::MAX << (32 - self.prefix)
                };
                (u32::from(n) & mask) == (u32::from(i) & mask)
            }
            (IpAddr::V6(n), IpAddr::V6(i)) => {
                let mask = if self.prefix == 0 {
                    0
                } else {
                    u128::MAX << (128 - self.prefix)
                };
                (u128::from(n) & mask) == (u128::from(i) & mask)
            }
            _ => false,
        }
    }
}

/// Parse a date the way AWS accepts them in `Date*` conditions: ISO 8601 (with or without
/// time, with `Z` or an offset) or epoch seconds. Returns epoch milliseconds.
pub(crate) fn parse_date(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(n) = s.parse::<i64>() {
        return Some(n.saturating_mul(1000));
    }
    if let Ok(f) = s.parse::<f64>() {
        if f.is_finite() {
            return Some((f * 1000.0) as i64);
        }
    }
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(d.timestamp_millis());
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.fZ",
        "%Y-%m-%dT%H:%M:%SZ",
        "%Y-%m-%dT%H:%MZ",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(d) = chrono::NaiveDateTime::parse_from_str(s, fmt) {
            return Some(d.and_utc().timestamp_millis());
        }
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis());
    }
    None
}

fn parse_num(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|f| f.is_finite())
}

/// One (operator, key) test of a statement's `Condition` block.
#[derive(Debug, Clone)]
pub(crate) struct Condition {
    /// The operator as written, for explanations and normalisation.
    pub op_name: String,
    pub op: Operator,
    /// Key as written.
    pub key_raw: String,
    /// Key lowercased.
    pub key: String,
    /// Policy values as written.
    pub raw_values: Vec<String>,
    pub values: Vec<Value>,
}

/// A policy value with variables: kept as a template (rendered per request), or, when its
/// rendering is the same for every request (escapes only, or every variable already
/// substituted by `Template::specialize`), compiled like plain text.
fn template_value(base: Base, t: Template) -> Value {
    match base {
        Base::StringEquals | Base::BinaryEquals => match t.constant(Render::Plain) {
            Some(c) => Value::Str(c),
            None => Value::Template(t),
        },
        Base::StringEqualsIgnoreCase => match t.constant(Render::Plain) {
            Some(c) => Value::Str(c.to_lowercase()),
            None => Value::Template(t),
        },
        Base::StringLike => match t.constant(Render::Pattern) {
            Some(c) => Value::Like(Wild::compile(&c, false)),
            None => Value::Template(t),
        },
        Base::Arn => match t.constant(Render::Pattern) {
            Some(c) => Value::Arn(ArnPattern::compile(&c)),
            None => Value::Template(t),
        },
        _ => Value::Template(t),
    }
}

impl Condition {
    /// This condition with the variables `fixed` knows substituted (see `Template::specialize`).
    pub(crate) fn specialize<'a>(&self, fixed: &dyn Fn(&str) -> Option<&'a str>) -> Condition {
        let mut c = self.clone();
        for v in &mut c.values {
            if let Value::Template(t) = v {
                *v = template_value(self.op.base, t.specialize(fixed));
            }
        }
        c
    }

    /// Compile one (operator, key, values). `vars` is false without Version 2012-10-17.
    /// The error is the message only; the caller adds statement and element.
    pub(crate) fn compile(
        op_name: &str,
        key: &str,
        raw_values: Vec<String>,
        vars: bool,
    ) -> Result<Condition, String> {
        let op = Operator::parse(op_name)
            .ok_or_else(|| format!("unknown condition operator '{op_name}'"))?;
        let mut values = Vec::with_capacity(raw_values.len());
        for v in &raw_values {
            let tmpl = if vars { Template::parse(v) } else { None };
            let compiled = match op.base {
                Base::StringEquals
                | Base::BinaryEquals
                | Base::StringEqualsIgnoreCase
                | Base::StringLike
                | Base::Arn
                    if tmpl.is_some() =>
                {
                    template_value(op.base, tmpl.expect("checked"))
                }
                Base::StringEquals | Base::BinaryEquals => Value::Str(v.clone()),
                Base::StringEqualsIgnoreCase => Value::Str(v.to_lowercase()),
                Base::StringLike => Value::Like(Wild::from_policy_text(v, false)),
                Base::Arn => {
                    Value::Arn(ArnPattern::compile(&super::matching::escape_backslashes(v)))
                }
                Base::Bool => Value::Str(v.trim().to_ascii_lowercase()),
                Base::Numeric(_) => Value::Num(
                    parse_num(v)
                        .ok_or_else(|| format!("{op_name} {key}: '{v}' is not a number"))?,
                ),
                Base::Date(_) => Value::Date(parse_date(v).ok_or_else(|| {
                    format!("{op_name} {key}: '{v}' is not a date (ISO 8601 or epoch seconds)")
                })?),
                Base::IpAddress => Value::Ip(Cidr::parse(v).ok_or_else(|| {
                    format!("{op_name} {key}: '{v}' is not an IP address or CIDR block")
                })?),
                Base::Null => match v.trim().to_ascii_lowercase().as_str() {
                    "true" => Value::Null(true),
                    "false" => Value::Null(false),
                    _ => {
                        return Err(format!(
                            "Null {key}: value must be true or false, got '{v}'"
                        ))
                    }
                },
            };
            values.push(compiled);
        }
        Ok(Condition {
            op_name: op_name.to_string(),
            op,
            key_raw: key.to_string(),
            key: key.to_ascii_lowercase(),
            raw_values,
            values,
        })
    }

    /// Does one request value match one policy value (positive sense of the operator)?
    /// `None` means the policy value had an unresolved variable: it matches nothing.
    fn value_matches(
        &self,
        pv: &Value,
        rv: &str,
        keys: &dyn KeySource,
        buf: &mut String,
    ) -> Option<bool> {
        let lookup = |k: &str| keys.single(k);
        Some(match (self.op.base, pv) {
            (_, Value::Template(t)) => {
                let mode = match self.op.base {
                    Base::StringLike | Base::Arn => Render::Pattern,
                    _ => Render::Plain,
                };
                if !t.render(mode, buf, &lookup) {
                    return None;
                }
                match self.op.base {
                    Base::StringLike => {
                        super::matching::wild_match(buf.as_bytes(), rv.as_bytes(), false)
                    }
                    Base::Arn => arn_match(buf, rv),
                    Base::StringEqualsIgnoreCase => eq_ignore_case(rv, buf),
                    _ => rv == buf,
                }
            }
            (Base::StringEquals | Base::BinaryEquals, Value::Str(s)) => rv == s,
            (Base::StringEqualsIgnoreCase, Value::Str(s)) => eq_ignore_case(rv, s),
            (Base::Bool, Value::Str(s)) => rv.trim().eq_ignore_ascii_case(s),
            (Base::StringLike, Value::Like(w)) => w.matches(rv),
            (Base::Arn, Value::Arn(p)) => p.matches(rv),
            (Base::Numeric(c), Value::Num(n)) => match parse_num(rv) {
                Some(r) => c.test(r, *n),
                None => false,
            },
            (Base::Date(c), Value::Date(d)) => match parse_date(rv) {
                Some(r) => c.test(r, *d),
                None => false,
            },
            (Base::IpAddress, Value::Ip(cidr)) => match request_ip(rv) {
                Some(ip) => cidr.contains(ip),
                None => false,
            },
            _ => false,
        })
    }

    /// Does the request value match any policy value?
    fn any_value(&self, rv: &str, keys: &dyn KeySource, buf: &mut String) -> bool {
        self.values
            .iter()
            .any(|pv| self.value_matches(pv, rv, keys, buf) == Some(true))
    }

    /// Evaluate against the request.
    /// `buf` is scratch space for rendering policy variables (reused across calls).
    pub(crate) fn eval(&self, keys: &dyn KeySource, buf: &mut String) -> bool {
        let present = keys
            .get(&self.key)
            .map(|(v, _)| v)
            .filter(|v| !v.is_empty());
        if self.op.base == Base::Null {
            // Null: true means "the key is absent", false means "the key is present".
            return self.values.iter().any(
                |v| matches!(v, Value::Null(want_absent) if *want_absent == present.is_none()),
            );
        }
        // Set operators: a value that "resolves to a null dataset, such as an empty string"
        // counts as no value.
        let present = present
            .filter(|v| self.op.set == SetQualifier::None || !(v.len() == 1 && v[0].is_empty()));
        let Some(req) = present else {
            if self.op.if_exists {
                return true;
            }
            return match self.op.set {
                SetQualifier::ForAllValues => true,
                SetQualifier::ForAnyValue => false,
                SetQualifier::None => self.op.negated,
            };
        };
        let neg = self.op.negated;
        match self.op.set {
            SetQualifier::None => {
                let hit = req.iter().any(|r| self.any_value(r, keys, buf));
                hit != neg
            }
            SetQualifier::ForAnyValue => req.iter().any(|r| self.any_value(r, keys, buf) != neg),
            SetQualifier::ForAllValues => req.iter().all(|r| self.any_value(r, keys, buf) != neg),
        }
    }

    /// A one-line description of why this condition failed, for explanations.
    pub(crate) fn explain_failure(&self, keys: &dyn KeySource) -> String {
        // Each policy value as written, with what its policy variables rendered to.
        let shown: Vec<String> = self
            .values
            .iter()
            .zip(&self.raw_values)
            .map(|(v, raw)| match v {
                Value::Template(t) => {
                    let mut b = String::new();
                    if t.render(Render::Plain, &mut b, &|k: &str| keys.single(k)) {
                        format!("'{raw}' = '{b}'")
                    } else {
                        let vars: Vec<&str> = t.variables().collect();
                        format!("'{raw}' (${{{}}} has no value)", vars.join("}, ${"))
                    }
                }
                _ => format!("'{raw}'"),
            })
            .collect();
        let wants = if shown.len() == 1 {
            shown[0].clone()
        } else {
            format!("one of [{}]", shown.join(", "))
        };
        let verb = if self.op.negated {
            "statement wants none of"
        } else {
            "statement wants"
        };
        match keys.get(&self.key) {
            None => format!(
                "{} {}: key is absent from the request, {verb} {wants}",
                self.op_name, self.key_raw
            ),
            Some((vals, _)) => {
                let has = if vals.len() == 1 {
                    format!("'{}'", vals[0])
                } else {
                    format!("{vals:?}")
                };
                format!(
                    "{} {}: request has {has}, {verb} {wants}",
                    self.op_name, self.key_raw
                )
            }
        }
    }
}

fn eq_ignore_case(a: &str, lower_b: &str) -> bool {
    if a.is_ascii() && lower_b.is_ascii() {
        a.eq_ignore_ascii_case(lower_b)
    } else {
        a.to_lowercase() == lower_b.to_lowercase()
    }
}

fn request_ip(s: &str) -> Option<IpAddr> {
    let s = s.trim();
    s.parse::<IpAddr>()
        .ok()
        .or_else(|| s.split_once('/').and_then(|(a, _)| a.parse().ok()))
}
