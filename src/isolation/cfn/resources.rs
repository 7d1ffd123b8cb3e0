//! Reading the resources isolation validation needs (IAM roles and what attaches to them,
//! bucket policies, Cognito user pools and clients), resolving only the properties it uses.

use serde_json::Value;

use super::intrinsics::{kind, Loc, Resolver};
use super::{CfnAttribute, CfnBucketPolicy, CfnClient, CfnRole, CfnUserPool, ManagedRef, Stack};
use crate::error::Result;

/// Cognito's standard attributes: reported without the `custom:` prefix.
const STANDARD_ATTRIBUTES: &[&str] = &[
    "address",
    "birthdate",
    "email",
    "email_verified",
    "family_name",
    "gender",
    "given_name",
    "locale",
    "middle_name",
    "name",
    "nickname",
    "phone_number",
    "phone_number_verified",
    "picture",
    "preferred_username",
    "profile",
    "sub",
    "updated_at",
    "website",
    "zoneinfo",
];

/// An in-template managed policy; its document is resolved only when a role uses it.
struct Managed {
    resolver: usize,
    logical_id: String,
    arn: String,
    roles: Vec<String>,
}

/// An `AWS::IAM::Policy` or `AWS::IAM::RolePolicy`: inline policy of the roles it names.
struct Inline {
    file: String,
    logical_id: String,
    roles: Vec<String>,
    name: String,
    document: Value,
}

/// What the templates declare, before attachments are joined to roles.
#[derive(Default)]
pub(super) struct Collected {
    stack: Stack,
    pool_ids: Vec<String>,
    clients: Vec<(String, String, CfnClient)>,
    managed: Vec<Managed>,
    inline: Vec<Inline>,
}

/// Read the resources of template `idx` into `c`.
pub(super) fn collect(idx: usize, r: &Resolver, c: &mut Collected) -> Result<()> {
    for (id, res) in &r.tpl.resources {
        let wanted = matches!(
            res.ty.as_str(),
            "AWS::IAM::Role"
                | "AWS::IAM::Policy"
                | "AWS::IAM::RolePolicy"
                | "AWS::IAM::ManagedPolicy"
                | "AWS::S3::BucketPolicy"
                | "AWS::Cognito::UserPool"
                | "AWS::Cognito::UserPoolClient"
        );
        if !wanted || !created(r, id)? {
            continue;
        }
        match res.ty.as_str() {
            "AWS::IAM::Role" => c.stack.roles.push(role(r, id)?),
            "AWS::IAM::Policy" => c.inline.push(inline(r, id, "Roles")?),
            "AWS::IAM::RolePolicy" => c.inline.push(inline(r, id, "RoleName")?),
            "AWS::IAM::ManagedPolicy" => c.managed.push(Managed {
                resolver: idx,
                logical_id: id.clone(),
                arn: r.managed_policy_arn(id, &Loc::property(id, "ManagedPolicyName"))?,
                roles: strings(r, id, "Roles")?,
            }),
            "AWS::S3::BucketPolicy" => c.stack.bucket_policies.push(CfnBucketPolicy {
                file: r.tpl.file.clone(),
                logical_id: id.clone(),
                bucket: required_string(r, id, "Bucket")?,
                document: document(r, id, "PolicyDocument")?,
            }),
            "AWS::Cognito::UserPool" => {
                let pool_id = r.name_of(id, &Loc::property(id, "UserPoolId"))?;
                c.pool_ids.push(pool_id);
                c.stack.user_pools.push(user_pool(r, id)?);
            }
            _ => c.clients.push(client(r, id)?),
        }
    }
    Ok(())
}

/// Whether CloudFormation creates `id` (its resource-level condition); skipped ones are noted.
fn created(r: &Resolver, id: &str) -> Result<bool> {
    let Some(c) = r.tpl.resource(id).and_then(|res| res.condition.as_ref()) else {
        return Ok(true);
    };
    let yes = r.condition(c, &Loc::property(id, "Condition"))?;
    if !yes {
        r.note(format!(
            "{id} is not created (its condition {c} is false): skipped"
        ));
    }
    Ok(yes)
}

fn role(r: &Resolver, id: &str) -> Result<CfnRole> {
    let loc = Loc::property(id, "RoleName");
    let external = |arn| ManagedRef::External { arn };
    Ok(CfnRole {
        file: r.tpl.file.clone(),
        logical_id: id.to_string(),
        name: r.name_of(id, &loc)?,
        arn: r.role_arn(id, &loc)?,
        path: r.iam_path(id)?,
        trust: document(r, id, "AssumeRolePolicyDocument")?,
        inline: policies(r, id)?,
        managed: strings(r, id, "ManagedPolicyArns")?
            .into_iter()
            .map(external)
            .collect(),
        boundary: r.prop_string(id, "PermissionsBoundary")?.map(external),
    })
}

/// The role's `Policies`: (PolicyName, PolicyDocument) pairs.
fn policies(r: &Resolver, id: &str) -> Result<Vec<(String, Value)>> {
    let loc = Loc::property(id, "Policies");
    let items = match prop(r, id, "Policies")? {
        None => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(r.error(&loc, format!("expected a list, found {}", kind(&other))))
        }
    };
    let mut out = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let at = loc.index(i);
        let name = match item.get("PolicyName") {
            Some(Value::String(n)) => n.clone(),
            _ => return Err(r.error(&at.key("PolicyName"), "missing, or not a string")),
        };
        let doc = item.get("PolicyDocument").cloned();
        out.push((name, as_document(r, doc, &at.key("PolicyDocument"))?));
    }
    Ok(out)
}

fn inline(r: &Resolver, id: &str, roles_prop: &str) -> Result<Inline> {
    let roles = if roles_prop == "RoleName" {
        vec![required_string(r, id, roles_prop)?]
    } else {
        strings(r, id, roles_prop)?
    };
    Ok(Inline {
        file: r.tpl.file.clone(),
        logical_id: id.to_string(),
        roles,
        name: required_string(r, id, "PolicyName")?,
        document: document(r, id, "PolicyDocument")?,
    })
}

fn user_pool(r: &Resolver, id: &str) -> Result<CfnUserPool> {
    let loc = Loc::property(id, "Schema");
    let items = match prop(r, id, "Schema")? {
        None => Vec::new(),
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(r.error(&loc, format!("expected a list, found {}", kind(&other))))
        }
    };
    let mut attributes = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Some(Value::String(name)) = item.get("Name") else {
            return Err(r.error(&loc.index(i).key("Name"), "missing, or not a string"));
        };
        let mutable = match item.get("Mutable") {
            None => true,
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => true,
            Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => false,
            Some(_) => return Err(r.error(&loc.index(i).key("Mutable"), "expected true or false")),
        };
        let reported =
            if STANDARD_ATTRIBUTES.contains(&name.as_str()) || name.starts_with("custom:") {
                name.clone()
            } else {
                format!("custom:{name}")
            };
        attributes.push(CfnAttribute {
            name: reported,
            mutable,
        });
    }
    Ok(CfnUserPool {
        file: r.tpl.file.clone(),
        logical_id: id.to_string(),
        name: r.prop_string(id, "UserPoolName")?,
        attributes,
        clients: Vec::new(),
    })
}

fn client(r: &Resolver, id: &str) -> Result<(String, String, CfnClient)> {
    let pool = required_string(r, id, "UserPoolId")?;
    let write_attributes = match prop(r, id, "WriteAttributes")? {
        None => None,
        Some(_) => Some(strings(r, id, "WriteAttributes")?),
    };
    let c = CfnClient {
        logical_id: id.to_string(),
        write_attributes,
    };
    Ok((r.tpl.file.clone(), pool, c))
}

/// A property, resolved; `None` when absent or `AWS::NoValue`.
fn prop(r: &Resolver, id: &str, name: &str) -> Result<Option<Value>> {
    match r.tpl.resource(id).and_then(|res| res.properties.get(name)) {
        None => Ok(None),
        Some(v) => r.value(v, &Loc::property(id, name)),
    }
}

fn required_string(r: &Resolver, id: &str, name: &str) -> Result<String> {
    r.prop_string(id, name)?
        .ok_or_else(|| r.error(&Loc::property(id, name), "required, but missing"))
}

/// A list of strings (absent: empty).
fn strings(r: &Resolver, id: &str, name: &str) -> Result<Vec<String>> {
    let loc = Loc::property(id, name);
    match prop(r, id, name)? {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .into_iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::String(s) => Ok(s),
                other => Err(r.error(
                    &loc.index(i),
                    format!("expected a string, found {}", kind(&other)),
                )),
            })
            .collect(),
        Some(other) => Err(r.error(
            &loc,
            format!("expected a list of strings, found {}", kind(&other)),
        )),
    }
}

/// A required policy document property.
pub(super) fn document(r: &Resolver, id: &str, name: &str) -> Result<Value> {
    as_document(r, prop(r, id, name)?, &Loc::property(id, name))
}

/// A policy document as AWS stores it: CloudFormation accepts a JSON object or its text.
fn as_document(r: &Resolver, v: Option<Value>, loc: &Loc) -> Result<Value> {
    match v {
        Some(Value::Object(m)) => Ok(Value::Object(m)),
        Some(Value::String(text)) => match serde_json::from_str(&text) {
            Ok(Value::Object(m)) => Ok(Value::Object(m)),
            _ => Err(r.error(loc, "the policy document text is not a JSON object")),
        },
        Some(other) => Err(r.error(
            loc,
            format!("expected a policy document, found {}", kind(&other)),
        )),
        None => Err(r.error(loc, "required, but missing")),
    }
}

impl Collected {
    /// Join attachments to roles (across all templates, by role name or policy ARN) and
    /// clients to pools, then hand back the stack.
    pub(super) fn finish(mut self, resolvers: &[Resolver]) -> Result<Stack> {
        let mut notes = Vec::new();
        for role in &mut self.stack.roles {
            for m in role.managed.iter_mut().chain(role.boundary.as_mut()) {
                if let Some(d) = self
                    .managed
                    .iter()
                    .find(|d| Some(d.arn.as_str()) == external_arn(m))
                {
                    *m = in_template(d, resolvers)?;
                }
            }
        }
        for d in &self.managed {
            for role_name in &d.roles {
                let file = &resolvers[d.resolver].tpl.file;
                match self.stack.roles.iter_mut().find(|r| &r.name == role_name) {
                    Some(role) if role.managed.iter().any(|m| m.arn() == d.arn) => {}
                    Some(role) => role.managed.push(in_template(d, resolvers)?),
                    None => notes.push(unattached(file, &d.logical_id, role_name)),
                }
            }
        }
        for p in self.inline {
            for role_name in &p.roles {
                match self.stack.roles.iter_mut().find(|r| &r.name == role_name) {
                    Some(role) => role.inline.push((p.name.clone(), p.document.clone())),
                    None => notes.push(unattached(&p.file, &p.logical_id, role_name)),
                }
            }
        }
        for (file, pool_id, client) in self.clients {
            match self.pool_ids.iter().position(|p| *p == pool_id) {
                Some(i) => self.stack.user_pools[i].clients.push(client),
                None => notes.push(format!(
                    "{file}: user pool client {} belongs to user pool {pool_id}, which is not in the templates: ignored",
                    client.logical_id
                )),
            }
        }
        self.stack.notes.extend(notes);
        Ok(self.stack)
    }
}

fn external_arn(m: &ManagedRef) -> Option<&str> {
    match m {
        ManagedRef::External { arn } => Some(arn),
        ManagedRef::InTemplate { .. } => None,
    }
}

fn in_template(d: &Managed, resolvers: &[Resolver]) -> Result<ManagedRef> {
    Ok(ManagedRef::InTemplate {
        logical_id: d.logical_id.clone(),
        arn: d.arn.clone(),
        document: document(&resolvers[d.resolver], &d.logical_id, "PolicyDocument")?,
    })
}

fn unattached(file: &str, policy: &str, role: &str) -> String {
    format!(
        "{file}: policy {policy} attaches to role {role}, which is not in the templates: ignored"
    )
}
