//! The `tenantctl policy simulate` request format (docs/policy-simulate.md) → engine types.

use serde::Deserialize;
use serde_json::{Map, Value};

use super::context::{Context, ContextValue};
use super::eval::{EvalOptions, NamedPolicy, PolicySet, Request};
use super::model::{PolicyDocument, PolicyKind};

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
        let mut context = Context::new();
        for (k, v) in &r.context {
            let value = context_value(k, v)?;
            // A value AWS could never send for a known key is an input mistake: report it
            // rather than evaluate a request that cannot happen.
            super::keys::check_context_value(k, &value).map_err(|e| format!("context.{e}"))?;
            context.set(k, value);
        }
        if r.principal.is_empty() {
            return Err("principal: must not be empty".into());
        }
        if !r.action.contains(':') {
            return Err(format!(
                "action: '{}' is not of the form service:Action",
                r.action
            ));
        }
        Ok(Simulation {
            id: r.id,
            set,
            request: Request {
                principal: r.principal,
                action: r.action,
                resource: r.resource,
                resource_account: r.resource_account,
                context,
            },
            options: EvalOptions {
                resource_is_pattern: r.resource_is_pattern,
                ..EvalOptions::default()
            },
        })
    }
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
