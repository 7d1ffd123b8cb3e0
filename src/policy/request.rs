//! The `tenantctl policy simulate` request format (docs/policy-simulate.md) → engine types.

use std::sync::Arc;

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::context::{Context, ContextValue};
use super::eval::{EvalOptions, NamedPolicy, PolicySet, Request};
use super::model::{PolicyDocument, PolicyKind};
use crate::hash::{FxMap, FxSet};

/// One simulation request, as read from JSON.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SimulationRequest {
    #[serde(default)]
    pub id: Option<Value>,
    pub principal: String,
    pub action: String,
    pub resource: String,
    #[serde(default)]
    pub resource_account: Option<String>,
    #[serde(default)]
    pub context: Map<String, Value>,
    #[serde(default)]
    pub identity_policies: Vec<Value>,
    #[serde(default)]
    pub resource_policy: Option<Value>,
    #[serde(default)]
    pub permission_boundaries: Vec<Value>,
    #[serde(default)]
    pub session_policy: Option<Value>,
    #[serde(default)]
    pub service_control_policies: Vec<Vec<Value>>,
    #[serde(default)]
    pub resource_control_policies: Vec<Vec<Value>>,
    #[serde(default)]
    pub endpoint_policies: Vec<Value>,
    /// Read a wildcard in `resource` as "some resource matching" (EvalOptions).
    #[serde(default)]
    pub resource_is_pattern: bool,
}

/// A request ready for the engine.
#[derive(Debug)]
pub struct Simulation {
    pub id: Option<Value>,
    pub set: PolicySet,
    pub request: Request,
    pub options: EvalOptions,
}

/// The `id` of a request line, if it can be read, for error lines.
pub fn peek_id(v: &Value) -> Option<Value> {
    v.as_object().and_then(|o| o.get("id")).cloned()
}

fn doc(name: &str, v: &Value, kind: PolicyKind) -> Result<NamedPolicy, String> {
    let parsed = match v {
        // A policy given as a JSON string (as IAM returns it, once URL-decoded).
        Value::String(s) => PolicyDocument::parse(s),
        other => PolicyDocument::from_value(other),
    };
    parsed
        .and_then(|d| d.check_kind(kind).map(|()| d))
        .map(|d| NamedPolicy::new(name, d))
        .map_err(|e| format!("{name}: {e}"))
}

fn context_value(key: &str, v: &Value) -> Result<ContextValue, String> {
    let scalar = |x: &Value| match x {
        Value::String(s) => Ok(s.clone()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(format!(
            "context.{key}: expected a string, number, boolean or an array of them, got {other}"
        )),
    };
    match v {
        Value::Array(a) => Ok(ContextValue::Multi(
            a.iter().map(scalar).collect::<Result<_, _>>()?,
        )),
        other => Ok(ContextValue::Single(scalar(other)?)),
    }
}

impl Simulation {
    /// Parse one request from a JSON value. The error is one line naming the field.
    pub fn from_value(v: Value) -> Result<Simulation, String> {
        Self::from_value_inner(v).map_err(|e| super::model::one_line(&e).into_owned())
    }

    fn from_value_inner(v: Value) -> Result<Simulation, String> {
        check_shape(&v)?;
        let r: SimulationRequest =
            serde_json::from_value(v).map_err(|e| format!("request: {e}"))?;
        Self::from_request(r)
    }

    pub fn from_request(r: SimulationRequest) -> Result<Simulation, String> {
        let mut set = PolicySet::default();
        for (i, p) in r.identity_policies.iter().enumerate() {
            set.identity.push(doc(
                &format!("identityPolicies[{i}]"),
                p,
                PolicyKind::Identity,
            )?);
        }
        if let Some(p) = &r.resource_policy {
            set.resource = Some(doc("resourcePolicy", p, PolicyKind::Resource)?);
        }
        for (i, p) in r.permission_boundaries.iter().enumerate() {
            set.boundaries.push(doc(
                &format!("permissionBoundaries[{i}]"),
                p,
                PolicyKind::PermissionBoundary,
            )?);
        }
        if let Some(p) = &r.session_policy {
            set.session = Some(doc("sessionPolicy", p, PolicyKind::Session)?);
        }
        for (l, level) in r.service_control_policies.iter().enumerate() {
            let mut lv = Vec::with_capacity(level.len());
            for (i, p) in level.iter().enumerate() {
                lv.push(doc(
                    &format!("serviceControlPolicies[{l}][{i}]"),
                    p,
                    PolicyKind::Scp,
                )?);
            }
            set.scps.push(lv);
        }
        for (l, level) in r.resource_control_policies.iter().enumerate() {
            let mut lv = Vec::with_capacity(level.len());
            for (i, p) in level.iter().enumerate() {
                lv.push(doc(
                    &format!("resourceControlPolicies[{l}][{i}]"),
                    p,
                    PolicyKind::Rcp,
                )?);
            }
            set.rcps.push(lv);
        }
        for (i, p) in r.endpoint_policies.iter().enumerate() {
            set.endpoints.push(doc(
                &format!("endpointPolicies[{i}]"),
                p,
                PolicyKind::Endpoint,
            )?);
        }
        let (request, options) = request_of(
            r.principal,
            r.action,
            r.resource,
            r.resource_account,
            &r.context,
            r.resource_is_pattern,
        )?;
        Ok(Simulation {
            id: r.id,
            set,
            request,
            options,
        })
    }
}

/// The request's own fields (everything but its policies), checked.
fn request_of(
    principal: String,
    action: String,
    resource: String,
    resource_account: Option<String>,
    raw_context: &Map<String, Value>,
    resource_is_pattern: bool,
) -> Result<(Request, EvalOptions), String> {
    let mut context = Context::new();
    for (k, v) in raw_context {
        let value = context_value(k, v)?;
        // A value AWS could never send for a known key is an input mistake: report it
        // rather than evaluate a request that cannot happen.
        super::keys::check_context_value(k, &value).map_err(|e| format!("context.{e}"))?;
        context.set(k, value);
    }
    if principal.is_empty() {
        return Err("principal: must not be empty".into());
    }
    if !action.contains(':') {
        return Err(format!(
            "action: '{action}' is not of the form service:Action"
        ));
    }
    Ok((
        Request {
            principal,
            action,
            resource,
            resource_account,
            context,
        },
        EvalOptions {
            resource_is_pattern,
            ..EvalOptions::default()
        },
    ))
}

/// Field names and types, checked before deserialising so that errors name the field.
const FIELDS: &[(&str, &str)] = &[
    ("id", "any"),
    ("principal", "string"),
    ("action", "string"),
    ("resource", "string"),
    ("resourceAccount", "string"),
    ("context", "object"),
    ("identityPolicies", "array"),
    ("resourcePolicy", "policy"),
    ("permissionBoundaries", "array"),
    ("sessionPolicy", "policy"),
    ("serviceControlPolicies", "levels"),
    ("resourceControlPolicies", "levels"),
    ("endpointPolicies", "array"),
    ("resourceIsPattern", "bool"),
];

fn check_shape(v: &Value) -> Result<(), String> {
    let obj = v.as_object().ok_or("request: expected a JSON object")?;
    for (k, val) in obj {
        let Some((_, ty)) = FIELDS.iter().find(|(f, _)| f == k) else {
            let names: Vec<&str> = FIELDS.iter().map(|(f, _)| *f).collect();
            return Err(format!(
                "{k}: unknown field (expected one of {})",
                names.join(", ")
            ));
        };
        let ok = match *ty {
            "string" => val.is_string(),
            "object" => val.is_object(),
            "array" => val.is_array(),
            "policy" => val.is_object() || val.is_string() || val.is_null(),
            "levels" => val
                .as_array()
                .is_some_and(|a| a.iter().all(Value::is_array)),
            "bool" => val.is_boolean(),
            _ => true,
        };
        if !ok {
            let want = match *ty {
                "policy" => "a policy document (object or JSON string)",
                "levels" => "an array of levels, each an array of policy documents",
                "string" => "a string",
                "object" => "an object",
                "array" => "an array",
                _ => "a boolean",
            };
            return Err(format!("{k}: expected {want}, got {val}"));
        }
    }
    for required in ["principal", "action", "resource"] {
        if !obj.contains_key(required) {
            return Err(format!("{required}: missing"));
        }
    }
    Ok(())
}

/// A request's policies compiled, with their lint warnings (`keys::lint_set`).
#[derive(Debug)]
pub struct Compiled {
    pub set: PolicySet,
    pub warnings: Vec<String>,
}

/// A request ready for the engine, its policies shared with the other requests that gave
/// the same policy text.
#[derive(Debug)]
pub struct Prepared {
    pub id: Option<Value>,
    pub compiled: Arc<Compiled>,
    pub request: Request,
    pub options: EvalOptions,
}

/// The policy sets a batch has compiled, keyed by their JSON text. A batch usually asks many
/// questions of few policy sets (every tenant's request against the same policies, a
/// corpus of cases repeated): a line whose policies were seen before is read as text,
/// its policies are not parsed, compiled or linted again.
///
/// The answer never depends on the cache. A line is read fast only when it is an object of
/// known, distinct fields whose own values (id, principal, action, resource, account,
/// context, resourceIsPattern) deserialise as the slow path's would, and whose policy
/// fields, byte for byte and in the same order, are those of a line the slow path
/// accepted; anything else (a first sighting, a malformed line, an escaped field name)
/// takes the slow path, `Simulation::from_value`, with its error messages.
///
/// A set is kept from its second sighting on, so a batch whose every line has policies of
/// its own pays a hash per line, not a copy and an eviction.
#[derive(Default)]
pub struct SetCache {
    /// By the hash of the policy text: (the text, as `key_text` writes it, and the set).
    sets: FxMap<u64, Vec<(String, Arc<Compiled>)>>,
    /// Hashes of policy texts seen once.
    seen: FxSet<u64>,
    key_bytes: usize,
    /// Lines answered from a kept set (the tests count them).
    hits: u64,
}

/// Policy text kept per cache before it starts afresh (per worker thread).
const CACHE_KEY_BYTES: usize = 16 << 20;
/// Hashes of once-seen policy texts kept before that list starts afresh.
const SEEN_MAX: usize = 1 << 20;

const POLICY_FIELDS: &[&str] = &[
    "identityPolicies",
    "resourcePolicy",
    "permissionBoundaries",
    "sessionPolicy",
    "serviceControlPolicies",
    "resourceControlPolicies",
    "endpointPolicies",
];

/// A line's top-level fields as raw JSON text, in order.
struct RawFields<'a>(Vec<(&'a str, &'a RawValue)>);

impl<'de> Deserialize<'de> for RawFields<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawFields<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Self::Value, A::Error> {
                let mut fields = Vec::with_capacity(16);
                while let Some(entry) = m.next_entry::<&'de str, &'de RawValue>()? {
                    fields.push(entry);
                }
                Ok(RawFields(fields))
            }
        }
        d.deserialize_map(V)
    }
}

impl<'a> RawFields<'a> {
    /// The policy fields (name, raw text), in order; None when a field is unknown or
    /// repeated (the slow path reports that).
    fn policies(&self) -> Option<Vec<(&'a str, &'a str)>> {
        let mut out = Vec::with_capacity(POLICY_FIELDS.len());
        for (i, (name, raw)) in self.0.iter().enumerate() {
            if !FIELDS.iter().any(|(f, _)| f == name) || self.0[..i].iter().any(|(n, _)| n == name)
            {
                return None;
            }
            if POLICY_FIELDS.contains(name) {
                out.push((*name, raw.get()));
            }
        }
        Some(out)
    }
}

/// The cache key of a line's policy fields: a hash, and the text it stands for (each
/// field's name and raw value, NUL-separated: NUL cannot occur unescaped in JSON).
fn key_hash(policies: &[(&str, &str)]) -> u64 {
    use std::hash::Hasher;
    let mut h = crate::hash::Fx::default();
    for (name, raw) in policies {
        h.write(name.as_bytes());
        h.write_u8(0);
        h.write(raw.as_bytes());
        h.write_u8(0);
    }
    h.finish()
}

fn key_text(policies: &[(&str, &str)]) -> String {
    let mut key = String::with_capacity(policies.iter().map(|(n, r)| n.len() + r.len() + 2).sum());
    for (name, raw) in policies {
        key.push_str(name);
        key.push('\0');
        key.push_str(raw);
        key.push('\0');
    }
    key
}

/// Whether `key` is `key_text(policies)`, without making the text.
fn key_is(key: &str, policies: &[(&str, &str)]) -> bool {
    let mut rest = key;
    for (name, raw) in policies {
        for part in [*name, "\0", *raw, "\0"] {
            match rest.strip_prefix(part) {
                Some(r) => rest = r,
                None => return false,
            }
        }
    }
    rest.is_empty()
}

impl SetCache {
    /// One request line, prepared for the engine; the error is the slow path's.
    pub fn prepare(&mut self, text: &str) -> Result<Prepared, (Option<Value>, String)> {
        let fields = serde_json::from_str::<RawFields>(text).ok();
        let policies = fields.as_ref().and_then(RawFields::policies);
        let hash = policies.as_deref().map(key_hash);
        if let (Some(fields), Some(policies), Some(hash)) = (&fields, &policies, hash) {
            let compiled = self.sets.get(&hash).and_then(|entries| {
                entries
                    .iter()
                    .find(|(key, _)| key_is(key, policies))
                    .map(|(_, c)| c)
            });
            if let Some(prepared) = compiled.and_then(|c| fast(fields, c)) {
                self.hits += 1;
                return prepared;
            }
        }
        let v = serde_json::from_str::<Value>(text)
            .map_err(|e| (None, format!("invalid JSON: {e}")))?;
        let id = peek_id(&v);
        let sim = Simulation::from_value(v).map_err(|e| (id, e))?;
        let compiled = Arc::new(Compiled {
            warnings: super::keys::lint_set(&sim.set),
            set: sim.set,
        });
        if let (Some(policies), Some(hash)) = (&policies, hash) {
            self.keep(hash, policies, &compiled);
        }
        Ok(Prepared {
            id: sim.id,
            compiled,
            request: sim.request,
            options: sim.options,
        })
    }

    /// Keep a set the slow path compiled, if its policy text was seen before.
    fn keep(&mut self, hash: u64, policies: &[(&str, &str)], compiled: &Arc<Compiled>) {
        if self.seen.len() >= SEEN_MAX {
            self.seen.clear();
        }
        if self.seen.insert(hash) {
            return; // the first sighting
        }
        let entries = self.sets.get(&hash);
        if entries.is_some_and(|e| e.iter().any(|(key, _)| key_is(key, policies))) {
            return; // kept already (this line's own fields sent it the slow way)
        }
        let key = key_text(policies);
        if self.key_bytes + key.len() > CACHE_KEY_BYTES {
            self.sets.clear();
            self.key_bytes = 0;
        }
        self.key_bytes += key.len();
        self.sets
            .entry(hash)
            .or_default()
            .push((key, compiled.clone()));
    }
}

/// A field's value parsed one level down, as the slow path parses it inside the line's
/// object: serde_json's nesting limit then rejects exactly what it rejects there.
fn nested<T: serde::de::DeserializeOwned>(raw: &str) -> Option<T> {
    let wrapped = format!("[{raw}]");
    serde_json::from_str::<(T,)>(&wrapped).ok().map(|(v,)| v)
}

/// The request's own fields read from their raw text, its policies `compiled`. None when a
/// field does not deserialise as the slow path's would (it then reports the error).
fn fast(
    fields: &RawFields,
    compiled: &Arc<Compiled>,
) -> Option<Result<Prepared, (Option<Value>, String)>> {
    let get = |name: &str| {
        fields
            .0
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, r)| r.get())
    };
    let string = |name: &str| serde_json::from_str::<String>(get(name)?).ok();
    let id = match get("id") {
        Some(raw) => Some(nested::<Value>(raw)?),
        None => None,
    };
    let (principal, action, resource) =
        (string("principal")?, string("action")?, string("resource")?);
    let resource_account = match get("resourceAccount") {
        Some(_) => Some(string("resourceAccount")?),
        None => None,
    };
    let context = match get("context") {
        Some(raw) => nested::<Map<String, Value>>(raw)?,
        None => Map::new(),
    };
    let pattern = match get("resourceIsPattern") {
        Some(raw) => serde_json::from_str::<bool>(raw).ok()?,
        None => false,
    };
    Some(
        match request_of(
            principal,
            action,
            resource,
            resource_account,
            &context,
            pattern,
        ) {
            // As the slow path: `"id": null` is no id in an answer (serde's `Option`), but
            // an error line repeats it (`peek_id`).
            Ok((request, options)) => Ok(Prepared {
                id: id.filter(|v| !v.is_null()),
                compiled: compiled.clone(),
                request,
                options,
            }),
            Err(e) => Err((id, super::model::one_line(&e).into_owned())),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::evaluate_with;

    const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:PrincipalTag/ClinicId}/*"}]}"#;

    fn line(extra: &str) -> String {
        format!(
            r#"{{"id":1,"principal":"arn:aws:sts::123456789012:assumed-role/r/s","action":"s3:GetObject","resource":"arn:aws:s3:::b/c1/x","context":{{"aws:PrincipalTag/ClinicId":"c1"}},"identityPolicies":[{POLICY}]{extra}}}"#
        )
    }

    type Answer = Result<(Option<Value>, String, Vec<String>), (Option<Value>, String)>;

    /// The slow path's answer: (id, decision, warnings) or (id, error).
    fn slow(text: &str) -> Answer {
        let v: Value =
            serde_json::from_str(text).map_err(|e| (None, format!("invalid JSON: {e}")))?;
        let id = peek_id(&v);
        let sim = Simulation::from_value(v).map_err(|e| (id, e))?;
        let eval = evaluate_with(&sim.set, &sim.request, sim.options);
        let warnings = super::super::keys::lint_set(&sim.set);
        Ok((sim.id, format!("{:?}", eval.decision), warnings))
    }

    fn cached(cache: &mut SetCache, text: &str) -> Answer {
        let p = cache.prepare(text)?;
        let eval = evaluate_with(&p.compiled.set, &p.request, p.options);
        let warnings = p.compiled.warnings.clone();
        Ok((p.id, format!("{:?}", eval.decision), warnings))
    }

    fn deep_id(levels: usize) -> String {
        let id = format!(r#""id":{}1{}"#, "[".repeat(levels), "]".repeat(levels));
        line("").replace(r#""id":1"#, &id)
    }

    fn deep_context(levels: usize) -> String {
        let k = format!(
            r#""context":{{"k":{}1{},"#,
            "[".repeat(levels),
            "]".repeat(levels)
        );
        line("").replace(r#""context":{"#, &k)
    }

    #[test]
    fn a_cached_policy_set_answers_every_line_as_the_slow_path_does() {
        let other = line("").replace("c1/x", "c2/x");
        let lines = [
            line(""),
            line(""),
            other,
            // The same policies, the request's own fields wrong: the slow path's errors.
            line("").replace(r#""c1"}"#, r#"["c1","c2"]}"#),
            line("").replace(r#""action":"s3:GetObject""#, r#""action":"GetObject""#),
            line("").replace(
                r#""principal":"arn:aws:sts::123456789012:assumed-role/r/s""#,
                r#""principal":"""#,
            ),
            line("").replace(
                r#""principal":"arn:aws:sts::123456789012:assumed-role/r/s""#,
                r#""principal":7"#,
            ),
            line(r#","resourceIsPattern":"yes""#),
            // Control characters in an error (escaped by the slow path's `one_line`).
            line("").replace(r#""action":"s3:GetObject""#, r#""action":"Get\tObject""#),
            line("").replace(r#""context":{"#, r#""context":{"a\nb":{},"#),
            // Nested as deep as the line allows, and one level deeper.
            deep_id(126),
            deep_id(127),
            deep_context(125),
            deep_context(126),
            line("").replace(r#""id":1"#, r#""id":null"#),
            line("")
                .replace(r#""id":1"#, r#""id":null"#)
                .replace(r#""action":"s3:GetObject""#, r#""action":"GetObject""#),
            line(r#","resourceAccount":null"#),
            line(r#","identityPolicies":[]"#),
            line(r#","unknown":1"#),
            line(r#","permissionBoundaries":null"#),
            line(r#","resourcePolicy":null"#),
            line(r#","resourcePolicy":null"#),
            line("").replace(r#""context""#, r#""cont\u0065xt""#),
            format!("{}x", line("")),
        ];
        let mut cache = SetCache::default();
        for (i, text) in lines.iter().enumerate() {
            assert_eq!(cached(&mut cache, text), slow(text), "line {i}: {text}");
        }
        // Kept from the second sighting (line 1); answered from it: lines 2 to 5, the two
        // control-character lines, the deep lines within the limit and the two with a null
        // id (the errors as the slow path's); the rest go the slow way.
        assert_eq!(cache.hits, 10);
        // The deep lines sit on either side of serde_json's nesting limit on the full path.
        assert!(slow(&deep_id(126)).is_ok());
        assert!(slow(&deep_id(127))
            .unwrap_err()
            .1
            .contains("recursion limit"));
        assert!(slow(&deep_context(125))
            .unwrap_err()
            .1
            .starts_with("context.k: "));
        assert!(slow(&deep_context(126))
            .unwrap_err()
            .1
            .contains("recursion limit"));
    }

    #[test]
    fn an_absent_policy_field_and_a_null_one_are_different_keys() {
        // `"identityPolicies": null` is an error (it must be an array); it must not be
        // answered from the set of a line without the field.
        let without = r#"{"principal":"p","action":"s3:GetObject","resource":"*"}"#;
        let null =
            r#"{"principal":"p","action":"s3:GetObject","resource":"*","identityPolicies":null}"#;
        let mut cache = SetCache::default();
        assert!(cache.prepare(without).is_ok());
        let err = cache.prepare(null).map(|_| ()).unwrap_err().1;
        assert!(
            err.starts_with("identityPolicies: expected an array"),
            "{err}"
        );
        assert_eq!(cache.hits, 0);
    }
}
