//! The policy document model: parsing (with errors that name the statement and element),
//! compiled patterns, and a canonical form for semantic comparison.
//!
//! Grammar: AWS IAM User Guide, "IAM JSON policy element reference" and "Grammar of the IAM
//! JSON policy language". Single strings or arrays wherever AWS allows either.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;
use serde_json::{Map, Value};

use super::conditions::Condition;
use super::matching::{escape_backslashes, ArnPattern, Wild};
use super::variables::{Render, Template};

/// `Effect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Effect {
    Allow,
    Deny,
}

/// Why a document was rejected: one line naming the statement (index and Sid) and element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyParseError {
    /// Zero-based statement index, when the problem is inside a statement.
    pub statement: Option<usize>,
    pub sid: Option<String>,
    /// The element: "Version", "Statement", "Action", "Condition", ...
    pub element: String,
    pub message: String,
}

impl fmt::Display for PolicyParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (element, message) = (one_line(&self.element), one_line(&self.message));
        match (self.statement, &self.sid) {
            (Some(i), Some(s)) => write!(
                f,
                "statement {i} (Sid \"{}\"), {element}: {message}",
                one_line(s)
            ),
            (Some(i), None) => write!(f, "statement {i}, {element}: {message}"),
            _ => write!(f, "{element}: {message}"),
        }
    }
}

/// Text from the document, made safe for a one-line message: control characters (a newline
/// in a key, say) are written as escapes.
pub(crate) fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(char::is_control) {
        s.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}

impl std::error::Error for PolicyParseError {}

/// One compiled action pattern (`s3:GetObject`, `s3:Get*`, `*`).
#[derive(Debug, Clone)]
pub(crate) struct ActionPattern {
    pub raw: String,
    pub wild: Wild,
}

/// One compiled resource pattern.
#[derive(Debug, Clone)]
pub(crate) enum ResourcePattern {
    Static(ArnPattern),
    /// Contains policy variables: rendered per request.
    Template(Template),
}

/// One entry of `Principal` / `NotPrincipal`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PrincipalEntry {
    /// `"*"` or `{"AWS": "*"}`: everyone, anonymous included.
    Any,
    /// An account: `"123456789012"` or `"arn:aws:iam::123456789012:root"`.
    Account(String),
    /// An IAM role ARN: matches the role and every session of it.
    Role { account: String, name: String },
    /// Any other ARN (user, assumed-role session, federated user): exact match.
    Arn(String),
    /// `{"Service": "lambda.amazonaws.com"}`.
    Service(String),
    /// `{"Federated": ...}` / `{"CanonicalUser": ...}`: exact match on the identifier.
    Other(String),
}

#[derive(Debug, Clone)]
pub(crate) struct PrincipalSpec {
    pub negated: bool,
    pub entries: Vec<PrincipalEntry>,
}

#[derive(Debug, Clone)]
pub(crate) struct Listed<T> {
    pub negated: bool,
    pub items: Vec<T>,
}

/// One statement, compiled.
#[derive(Debug, Clone)]
pub struct Statement {
    pub(crate) sid: Option<String>,
    pub(crate) effect: Effect,
    pub(crate) actions: Listed<ActionPattern>,
    /// The services (lowercase, before `:`) an `Action` list can match, when every pattern
    /// names its service literally: a request for another service skips the statement
    /// without matching each pattern. `None` for `NotAction` or a wildcard service.
    pub(crate) action_services: Option<Box<[Box<str>]>>,
    /// `None`: neither Resource nor NotResource (trust policies): every resource.
    pub(crate) resources: Option<Listed<ResourcePattern>>,
    pub(crate) raw_resources: Vec<String>,
    /// `None`: no Principal element.
    pub(crate) principal: Option<PrincipalSpec>,
    pub(crate) conditions: Vec<Condition>,
}

impl Statement {
    /// Does the Action/NotAction element match `action`, whose service part is `service`
    /// (see `service::of_action`)?
    pub(crate) fn matches_action(&self, action: &str, service: &str) -> bool {
        if let Some(services) = &self.action_services {
            // A pattern with a literal service only matches actions of that service.
            if !services.iter().any(|s| s.eq_ignore_ascii_case(service)) {
                return false;
            }
        }
        self.actions.items.iter().any(|a| a.wild.matches(action)) != self.actions.negated
    }

    pub fn sid(&self) -> Option<&str> {
        self.sid.as_deref()
    }
    pub fn effect(&self) -> Effect {
        self.effect
    }
    /// Action patterns as written, and whether the element is `NotAction`.
    pub fn actions(&self) -> (bool, Vec<&str>) {
        (
            self.actions.negated,
            self.actions.items.iter().map(|a| a.raw.as_str()).collect(),
        )
    }
    /// Resource patterns as written, and whether the element is `NotResource`; `None` when
    /// the statement has neither.
    pub fn resources(&self) -> Option<(bool, Vec<&str>)> {
        self.resources.as_ref().map(|r| {
            (
                r.negated,
                self.raw_resources.iter().map(String::as_str).collect(),
            )
        })
    }
    /// Does the statement have a `Principal` or `NotPrincipal` element?
    pub fn has_principal(&self) -> bool {
        self.principal.is_some()
    }
    /// Accounts the `Principal` element names (accounts, and the accounts of role, user and
    /// session ARNs); empty without one.
    pub fn principal_accounts(&self) -> Vec<String> {
        let Some(spec) = &self.principal else {
            return Vec::new();
        };
        spec.entries
            .iter()
            .filter_map(|e| match e {
                PrincipalEntry::Account(a) => Some(a.clone()),
                PrincipalEntry::Role { account, .. } => Some(account.clone()),
                PrincipalEntry::Arn(a) => a.split(':').nth(4).map(str::to_string),
                _ => None,
            })
            .collect()
    }
    /// Condition keys the statement tests (as written).
    pub fn condition_keys(&self) -> Vec<&str> {
        self.conditions.iter().map(|c| c.key_raw.as_str()).collect()
    }
}

/// A parsed, compiled policy document. Immutable, `Send + Sync`.
#[derive(Debug, Clone)]
pub struct PolicyDocument {
    pub(crate) version: Option<String>,
    pub(crate) id: Option<String>,
    pub(crate) statements: Vec<Statement>,
    /// Shared: specialised copies of a document (one per session and action) keep it as is.
    pub(crate) raw: Arc<Value>,
}

fn err(
    statement: Option<usize>,
    sid: Option<&str>,
    element: &str,
    message: impl Into<String>,
) -> PolicyParseError {
    PolicyParseError {
        statement,
        sid: sid.map(str::to_string),
        element: element.to_string(),
        message: message.into(),
    }
}

/// An optional string element.
fn opt_string(v: Option<&Value>) -> Result<Option<String>, String> {
    match v {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(format!("expected a string, got {}", kind(other))),
    }
}

/// A string or an array of strings.
fn string_list(v: &Value) -> Result<Vec<String>, String> {
    match v {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(a) => a
            .iter()
            .map(|x| match x {
                Value::String(s) => Ok(s.clone()),
                other => Err(format!("expected a string, got {}", kind(other))),
            })
            .collect(),
        other => Err(format!(
            "expected a string or an array of strings, got {}",
            kind(other)
        )),
    }
}

/// Condition values: strings, numbers and booleans (AWS accepts `true` and `"true"`).
fn scalar_list(v: &Value) -> Result<Vec<String>, String> {
    let one = |x: &Value| match x {
        Value::String(s) => Ok(s.clone()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(format!(
            "expected a string, number or boolean, got {}",
            kind(other)
        )),
    };
    match v {
        Value::Array(a) => a.iter().map(one).collect(),
        other => Ok(vec![one(other)?]),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

pub(crate) fn parse_principal_entry(key: &str, value: &str) -> PrincipalEntry {
    match key {
        "AWS" => {
            if value == "*" {
                PrincipalEntry::Any
            } else if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
                PrincipalEntry::Account(value.to_string())
            } else if let Some(arn) = ParsedArn::parse(value) {
                if arn.service == "iam" && arn.resource == "root" {
                    PrincipalEntry::Account(arn.account.to_string())
                } else if arn.service == "iam" && arn.resource.starts_with("role/") {
                    let name = arn.resource.rsplit('/').next().unwrap_or("").to_string();
                    PrincipalEntry::Role {
                        account: arn.account.to_string(),
                        name,
                    }
                } else {
                    PrincipalEntry::Arn(value.to_string())
                }
            } else {
                PrincipalEntry::Arn(value.to_string())
            }
        }
        "Service" => PrincipalEntry::Service(value.to_string()),
        _ => PrincipalEntry::Other(value.to_string()),
    }
}

/// The parts of an ARN (`arn:partition:service:region:account:resource`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ParsedArn<'a> {
    pub service: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

impl<'a> ParsedArn<'a> {
    pub(crate) fn parse(s: &'a str) -> Option<ParsedArn<'a>> {
        // A byte scan for the first five colons (ASCII, so every cut is a char boundary):
        // this runs several times per evaluation, where `splitn` costs more than the rest.
        if !s.starts_with("arn:") {
            return None;
        }
        let mut cuts = [0usize; 5];
        let mut n = 0;
        for (i, b) in s.bytes().enumerate() {
            if b == b':' {
                cuts[n] = i;
                n += 1;
                if n == 5 {
                    break;
                }
            }
        }
        if n < 5 {
            return None;
        }
        Some(ParsedArn {
            service: &s[cuts[1] + 1..cuts[2]],
            account: &s[cuts[3] + 1..cuts[4]],
            resource: &s[cuts[4] + 1..],
        })
    }
}

const STATEMENT_KEYS: &[&str] = &[
    "Sid",
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Principal",
    "NotPrincipal",
    "Condition",
];

impl PolicyDocument {
    /// Check the statements against what AWS accepts for `kind`, naming statement and element:
    /// the grammar is the same for every kind, but a statement without `Resource` would
    /// otherwise match every resource.
    /// "Resource ... Required: yes for identity-based policies"
    /// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html);
    /// RCPs require `"Principal": "*"`
    /// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html).
    pub fn check_kind(&self, kind: PolicyKind) -> Result<(), PolicyParseError> {
        for (i, st) in self.statements.iter().enumerate() {
            let sid = st.sid.as_deref();
            let resource_based = matches!(kind, PolicyKind::Resource | PolicyKind::Endpoint);
            if !resource_based && st.resources.is_none() {
                return Err(err(
                    Some(i),
                    sid,
                    "Resource",
                    "missing: this kind of policy needs Resource or NotResource in every statement",
                ));
            }
            if matches!(kind, PolicyKind::Rcp) && st.principal.is_none() {
                return Err(err(
                    Some(i),
                    sid,
                    "Principal",
                    "missing: a resource control policy statement needs \"Principal\": \"*\"",
                ));
            }
        }
        Ok(())
    }

    /// Parse a JSON policy document.
    pub fn parse(json: &str) -> Result<Self, PolicyParseError> {
        let v: Value = serde_json::from_str(json)
            .map_err(|e| err(None, None, "document", format!("invalid JSON: {e}")))?;
        Self::from_value(&v)
    }

    pub fn from_value(v: &Value) -> Result<Self, PolicyParseError> {
        let obj = v.as_object().ok_or_else(|| {
            err(
                None,
                None,
                "document",
                format!("expected a JSON object, got {}", kind(v)),
            )
        })?;
        for k in obj.keys() {
            if !matches!(k.as_str(), "Version" | "Id" | "Statement") {
                return Err(err(
                    None,
                    None,
                    k,
                    "unknown top-level element (expected Version, Id, Statement)",
                ));
            }
        }
        let version = match obj.get("Version") {
            None => None,
            Some(Value::String(s)) if s == "2012-10-17" || s == "2008-10-17" => Some(s.clone()),
            Some(Value::String(s)) => {
                return Err(err(
                    None,
                    None,
                    "Version",
                    format!("'{s}' is not a policy language version (2012-10-17 or 2008-10-17)"),
                ))
            }
            Some(other) => {
                return Err(err(
                    None,
                    None,
                    "Version",
                    format!("expected a string, got {}", kind(other)),
                ))
            }
        };
        let vars = version.as_deref() == Some("2012-10-17");
        let id = opt_string(obj.get("Id")).map_err(|m| err(None, None, "Id", m))?;
        let raw_statements: Vec<&Value> = match obj.get("Statement") {
            None => return Err(err(None, None, "Statement", "missing")),
            Some(Value::Array(a)) => a.iter().collect(),
            Some(o @ Value::Object(_)) => vec![o],
            Some(other) => {
                return Err(err(
                    None,
                    None,
                    "Statement",
                    format!("expected an object or an array, got {}", kind(other)),
                ))
            }
        };
        let mut statements = Vec::with_capacity(raw_statements.len());
        for (i, s) in raw_statements.into_iter().enumerate() {
            statements.push(parse_statement(i, s, vars)?);
        }
        Ok(PolicyDocument {
            version,
            id,
            statements,
            raw: Arc::new(v.clone()),
        })
    }

    pub fn statements(&self) -> &[Statement] {
        &self.statements
    }

    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The document as it was given.
    pub fn raw(&self) -> &Value {
        &self.raw
    }

    /// A canonical form for semantic comparison: `Statement` always an array (statements
    /// sorted), every string-or-array element an array, sorted and deduplicated, action names
    /// and condition keys lowercased (both are case-insensitive in AWS), `Principal: "*"`
    /// written as `{"AWS": ["*"]}`, condition values as strings. `Version`, `Id` and `Sid`
    /// are kept.
    pub fn normalized(&self) -> Value {
        let obj = self.raw.as_object().cloned().unwrap_or_default();
        let mut out = Map::new();
        if let Some(v) = obj.get("Version") {
            out.insert("Version".into(), v.clone());
        }
        if let Some(v) = obj.get("Id") {
            out.insert("Id".into(), v.clone());
        }
        let stmts: Vec<Value> = match obj.get("Statement") {
            Some(Value::Array(a)) => a.clone(),
            Some(o) => vec![o.clone()],
            None => vec![],
        };
        let mut norm: Vec<Value> = stmts.iter().map(normalize_statement).collect();
        norm.sort_by_cached_key(|v| v.to_string());
        out.insert("Statement".into(), Value::Array(norm));
        Value::Object(out)
    }
}

fn sorted_strings(v: &Value, lower: bool) -> Value {
    let mut list = scalar_list(v).unwrap_or_default();
    if lower {
        for s in &mut list {
            *s = s.to_ascii_lowercase();
        }
    }
    list.sort();
    list.dedup();
    Value::Array(list.into_iter().map(Value::String).collect())
}

fn normalize_statement(s: &Value) -> Value {
    let Some(obj) = s.as_object() else {
        return s.clone();
    };
    let mut out = Map::new();
    let mut keys: Vec<&String> = obj.keys().collect();
    keys.sort();
    for k in keys {
        let v = &obj[k];
        let nv = match k.as_str() {
            "Action" | "NotAction" => sorted_strings(v, true),
            "Resource" | "NotResource" => sorted_strings(v, false),
            "Principal" | "NotPrincipal" => match v {
                Value::String(s) if s == "*" => {
                    let mut m = Map::new();
                    m.insert("AWS".into(), Value::Array(vec![Value::String("*".into())]));
                    Value::Object(m)
                }
                Value::Object(m) => {
                    let mut pk: Vec<&String> = m.keys().collect();
                    pk.sort();
                    Value::Object(
                        pk.into_iter()
                            .map(|k| (k.clone(), sorted_strings(&m[k], false)))
                            .collect(),
                    )
                }
                other => other.clone(),
            },
            "Condition" => match v {
                Value::Object(ops) => {
                    let mut ok: Vec<&String> = ops.keys().collect();
                    ok.sort();
                    Value::Object(
                        ok.into_iter()
                            .map(|op| {
                                let inner = match &ops[op] {
                                    Value::Object(keys) => {
                                        let mut kv: Vec<(String, Value)> = keys
                                            .iter()
                                            .map(|(k, v)| {
                                                (k.to_ascii_lowercase(), sorted_strings(v, false))
                                            })
                                            .collect();
                                        kv.sort_by(|a, b| a.0.cmp(&b.0));
                                        Value::Object(kv.into_iter().collect())
                                    }
                                    other => other.clone(),
                                };
                                (op.clone(), inner)
                            })
                            .collect(),
                    )
                }
                other => other.clone(),
            },
            _ => v.clone(),
        };
        out.insert(k.clone(), nv);
    }
    Value::Object(out)
}

fn parse_statement(i: usize, v: &Value, vars: bool) -> Result<Statement, PolicyParseError> {
    let obj = v.as_object().ok_or_else(|| {
        err(
            Some(i),
            None,
            "Statement",
            format!("expected an object, got {}", kind(v)),
        )
    })?;
    let sid = opt_string(obj.get("Sid")).map_err(|m| err(Some(i), None, "Sid", m))?;
    let sid_ref = sid.as_deref();
    let e = |element: &str, msg: String| err(Some(i), sid_ref, element, msg);
    // Elements are checked in this order, so a statement with several errors reports the
    // first of them.
    check_statement_keys(obj, &e)?;
    let effect = parse_effect(obj, &e)?;
    let actions = parse_actions(obj, &e)?;
    let (resources, raw_resources) = parse_resources(obj, vars, &e)?;
    let principal = parse_statement_principal(obj, &e)?;
    let conditions = parse_conditions(obj, vars, &e)?;
    let action_services = literal_services(&actions);
    Ok(Statement {
        sid,
        effect,
        actions,
        action_services,
        resources,
        raw_resources,
        principal,
        conditions,
    })
}

/// Refuse an element AWS does not define: a misspelt `Condtion` must not silently drop a
/// restriction.
fn check_statement_keys(
    obj: &Map<String, Value>,
    e: &impl Fn(&str, String) -> PolicyParseError,
) -> Result<(), PolicyParseError> {
    for k in obj.keys() {
        if !STATEMENT_KEYS.contains(&k.as_str()) {
            return Err(e(
                k,
                format!(
                    "unknown element (expected one of {})",
                    STATEMENT_KEYS.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

/// `Effect`: exactly `Allow` or `Deny` (case-sensitive, as AWS reads it).
fn parse_effect(
    obj: &Map<String, Value>,
    e: &impl Fn(&str, String) -> PolicyParseError,
) -> Result<Effect, PolicyParseError> {
    match obj.get("Effect") {
        Some(Value::String(s)) if s == "Allow" => Ok(Effect::Allow),
        Some(Value::String(s)) if s == "Deny" => Ok(Effect::Deny),
        Some(Value::String(s)) => Err(e("Effect", format!("'{s}' is not Allow or Deny"))),
        Some(other) => Err(e(
            "Effect",
            format!("expected a string, got {}", kind(other)),
        )),
        None => Err(e("Effect", "missing".into())),
    }
}

/// `Action` or `NotAction`: exactly one of them, with at least one pattern.
fn parse_actions(
    obj: &Map<String, Value>,
    e: &impl Fn(&str, String) -> PolicyParseError,
) -> Result<Listed<ActionPattern>, PolicyParseError> {
    let (negated, name, value) = match (obj.get("Action"), obj.get("NotAction")) {
        (Some(_), Some(_)) => {
            return Err(e(
                "Action",
                "a statement cannot have both Action and NotAction".into(),
            ))
        }
        (None, None) => {
            return Err(e(
                "Action",
                "missing (a statement needs Action or NotAction)".into(),
            ))
        }
        (Some(a), None) => (false, "Action", a),
        (None, Some(a)) => (true, "NotAction", a),
    };
    let list = string_list(value).map_err(|m| e(name, m))?;
    if list.is_empty() {
        return Err(e(name, "empty list".into()));
    }
    Ok(Listed {
        negated,
        items: list
            .into_iter()
            .map(|raw| ActionPattern {
                wild: Wild::from_policy_text(&raw, true),
                raw,
            })
            .collect(),
    })
}

/// `Resource` or `NotResource`, compiled, and the patterns as written; neither (a trust
/// policy) is every resource.
fn parse_resources(
    obj: &Map<String, Value>,
    vars: bool,
    e: &impl Fn(&str, String) -> PolicyParseError,
) -> Result<(Option<Listed<ResourcePattern>>, Vec<String>), PolicyParseError> {
    let (negated, name, value) = match (obj.get("Resource"), obj.get("NotResource")) {
        (Some(_), Some(_)) => {
            return Err(e(
                "Resource",
                "a statement cannot have both Resource and NotResource".into(),
            ))
        }
        (None, None) => return Ok((None, Vec::new())),
        (Some(r), None) => (false, "Resource", r),
        (None, Some(r)) => (true, "NotResource", r),
    };
    let list = string_list(value).map_err(|m| e(name, m))?;
    if list.is_empty() {
        return Err(e(name, "empty list".into()));
    }
    let items = list.iter().map(|raw| compile_resource(raw, vars)).collect();
    Ok((Some(Listed { negated, items }), list))
}

/// One resource pattern: a template, rendered per request, when it holds policy variables
/// (and `vars` allows them); otherwise one pattern compiled once for every request.
fn compile_resource(raw: &str, vars: bool) -> ResourcePattern {
    match if vars { Template::parse(raw) } else { None } {
        Some(t) => match t.constant(Render::Pattern) {
            // Escapes only: the same pattern for every request.
            Some(c) => ResourcePattern::Static(ArnPattern::compile(&c)),
            None => ResourcePattern::Template(t),
        },
        None => ResourcePattern::Static(ArnPattern::compile(&escape_backslashes(raw))),
    }
}

/// `Principal` or `NotPrincipal` (at most one); `None` when the statement has neither.
fn parse_statement_principal(
    obj: &Map<String, Value>,
    e: &impl Fn(&str, String) -> PolicyParseError,
) -> Result<Option<PrincipalSpec>, PolicyParseError> {
    match (obj.get("Principal"), obj.get("NotPrincipal")) {
        (Some(_), Some(_)) => Err(e(
            "Principal",
            "a statement cannot have both Principal and NotPrincipal".into(),
        )),
        (None, None) => Ok(None),
        (Some(p), None) => Ok(Some(
            parse_principal(p, false).map_err(|m| e("Principal", m))?,
        )),
        (None, Some(p)) => Ok(Some(
            parse_principal(p, true).map_err(|m| e("NotPrincipal", m))?,
        )),
    }
}

/// `Condition`: an object of operators, each an object of keys to values; one compiled
/// condition per operator and key.
fn parse_conditions(
    obj: &Map<String, Value>,
    vars: bool,
    e: &impl Fn(&str, String) -> PolicyParseError,
) -> Result<Vec<Condition>, PolicyParseError> {
    let mut conditions = Vec::new();
    let Some(c) = obj.get("Condition") else {
        return Ok(conditions);
    };
    let ops = c.as_object().ok_or_else(|| {
        e(
            "Condition",
            format!("expected an object of operators, got {}", kind(c)),
        )
    })?;
    for (op, block) in ops {
        let keys = block.as_object().ok_or_else(|| {
            e(
                "Condition",
                format!(
                    "{op}: expected an object of condition keys, got {}",
                    kind(block)
                ),
            )
        })?;
        for (key, values) in keys {
            let values =
                scalar_list(values).map_err(|m| e("Condition", format!("{op} {key}: {m}")))?;
            conditions
                .push(Condition::compile(op, key, values, vars).map_err(|m| e("Condition", m))?);
        }
    }
    Ok(conditions)
}

/// The services (lowercase) of an `Action` list whose every pattern names its service
/// literally, so that evaluation can skip the statement for any other service; `None` for
/// `NotAction` or a wildcard service.
fn literal_services(actions: &Listed<ActionPattern>) -> Option<Box<[Box<str>]>> {
    if actions.negated {
        return None;
    }
    let mut services: Vec<Box<str>> = Vec::new();
    for a in &actions.items {
        let (svc, _) = a.raw.split_once(':')?;
        if svc.is_empty() || svc.contains(['*', '?']) {
            return None;
        }
        let svc = svc.to_ascii_lowercase();
        if !services.iter().any(|s| **s == *svc) {
            services.push(svc.into_boxed_str());
        }
    }
    Some(services.into_boxed_slice())
}

fn parse_principal(v: &Value, negated: bool) -> Result<PrincipalSpec, String> {
    let mut entries = Vec::new();
    match v {
        Value::String(s) if s == "*" => entries.push(PrincipalEntry::Any),
        // AWS requires the map form; a bare ARN string is accepted by some services and by
        // the peer corpus, and read as {"AWS": ...}.
        Value::String(s) => entries.push(parse_principal_entry("AWS", s)),
        Value::Object(m) => {
            if m.is_empty() {
                return Err("empty principal map".into());
            }
            for (k, vals) in m {
                if !matches!(
                    k.as_str(),
                    "AWS" | "Service" | "Federated" | "CanonicalUser"
                ) {
                    return Err(format!("unknown principal type '{k}' (expected AWS, Service, Federated or CanonicalUser)"));
                }
                for s in string_list(vals).map_err(|m| format!("{k}: {m}"))? {
                    entries.push(parse_principal_entry(k, &s));
                }
            }
        }
        other => return Err(format!("expected \"*\" or an object, got {}", kind(other))),
    }
    Ok(PrincipalSpec { negated, entries })
}

/// The kind of policy a statement came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PolicyKind {
    Identity,
    Resource,
    PermissionBoundary,
    Session,
    Scp,
    Rcp,
    /// A VPC endpoint policy.
    Endpoint,
}

impl fmt::Display for PolicyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PolicyKind::Identity => "identity policy",
            PolicyKind::Resource => "resource policy",
            PolicyKind::PermissionBoundary => "permissions boundary",
            PolicyKind::Session => "session policy",
            PolicyKind::Scp => "SCP",
            PolicyKind::Rcp => "RCP",
            PolicyKind::Endpoint => "VPC endpoint policy",
        })
    }
}

/// True when two policy documents mean the same: IAM returns them URL-encoded (decoded by the
/// adapter), reordered and with single-element arrays collapsed, and action names and condition
/// keys are case-insensitive. A document that does not parse never matches (it is replaced).
pub fn same_policy(deployed: &str, desired: &str) -> bool {
    match (
        PolicyDocument::parse(deployed),
        PolicyDocument::parse(desired),
    ) {
        (Ok(a), Ok(b)) => a.normalized() == b.normalized(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_statement_and_element() {
        let e = PolicyDocument::parse(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"X","Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqualz":{"a":"b"}}}]}"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "statement 1 (Sid \"X\"), Condition: unknown condition operator 'StringEqualz'"
        );
        let e = PolicyDocument::parse(r#"{"Statement":{"Effect":"allow","Action":"s3:*"}}"#)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "statement 0, Effect: 'allow' is not Allow or Deny"
        );
    }

    #[test]
    fn normalized_equal_for_equivalent_documents() {
        let a = PolicyDocument::parse(r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"S3:GetObject","Resource":"arn:aws:s3:::b/*","Principal":"*"}}"#).unwrap();
        let b = PolicyDocument::parse(r#"{"Version":"2012-10-17","Statement":[{"Principal":{"AWS":["*"]},"Resource":["arn:aws:s3:::b/*"],"Action":["s3:getobject"],"Effect":"Allow"}]}"#).unwrap();
        assert_eq!(a.normalized(), b.normalized());
        let c = PolicyDocument::parse(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::c/*"}]}"#).unwrap();
        assert_ne!(a.normalized(), c.normalized());
    }

    #[test]
    fn same_policy_ignores_what_iam_changes_and_sees_what_matters() {
        let desired = r#"{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::b/*"],"Condition":{"StringEquals":{"aws:PrincipalTag/Tier":"basic"}}}]}"#;
        // Reordered keys, collapsed arrays, action and condition-key case.
        let as_returned = r#"{"Statement":{"Condition":{"StringEquals":{"aws:principaltag/Tier":["basic"]}},"Resource":"arn:aws:s3:::b/*","Action":"S3:getobject","Effect":"Allow","Sid":"A"},"Version":"2012-10-17"}"#;
        assert!(same_policy(as_returned, desired));
        // A different resource, value or effect is a difference.
        assert!(!same_policy(&desired.replace("b/*", "b/x*"), desired));
        assert!(!same_policy(&desired.replace("basic", "Basic"), desired));
        assert!(!same_policy(&desired.replace("Allow", "Deny"), desired));
        assert!(!same_policy("not json", desired));
    }
}
