//! CloudFormation templates as isolation input (`validate isolation --offline --cloudformation`):
//! the roles, bucket policies and Cognito user pools a template would deploy, with intrinsic
//! functions resolved the way CloudFormation resolves them. Pure: no AWS call.
//!
//! A CI job runs this before it deploys, so nothing is guessed silently: a value only known
//! at deployment is either a noted placeholder (generated names, the stack id) or an error
//! naming the file, resource, property and what to pass.

mod intrinsics;
mod physical;
mod resources;
mod template;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::policy::wildcard::action_matches;

/// Where the templates would be deployed: what the pseudo parameters and `Ref`s resolve to.
#[derive(Debug, Clone)]
pub struct Options {
    pub account: String,
    pub region: String,
    pub partition: String,
    /// `AWS::StackName`; also the prefix of generated names (`STACK` when absent, noted).
    pub stack_name: Option<String>,
    /// `--parameter KEY=VALUE`; a key no template declares is an error.
    pub parameters: BTreeMap<String, String>,
}

/// What isolation validation needs from the templates.
#[derive(Debug, Clone, Default)]
pub struct Stack {
    pub roles: Vec<CfnRole>,
    pub bucket_policies: Vec<CfnBucketPolicy>,
    pub user_pools: Vec<CfnUserPool>,
    /// Placeholders used and what was skipped, stated plainly (e.g. a role without RoleName
    /// and the ARN taken for it).
    pub notes: Vec<String>,
}

/// An `AWS::IAM::Role`, with the policies other resources attach to it.
#[derive(Debug, Clone)]
pub struct CfnRole {
    pub file: String,
    pub logical_id: String,
    pub name: String,
    pub arn: String,
    pub path: String,
    pub trust: Value,
    /// Inline policies: the role's `Policies`, then `AWS::IAM::Policy`/`RolePolicy` naming it.
    pub inline: Vec<(String, Value)>,
    pub managed: Vec<ManagedRef>,
    pub boundary: Option<ManagedRef>,
}

/// A managed policy attached to a role (or used as its permissions boundary).
#[derive(Debug, Clone, PartialEq)]
pub enum ManagedRef {
    /// An `AWS::IAM::ManagedPolicy` of the templates, with its resolved document.
    InTemplate {
        logical_id: String,
        arn: String,
        document: Value,
    },
    /// AWS managed (`arn:aws:iam::aws:policy/...`) or customer managed outside the templates:
    /// its document is not in the templates.
    External { arn: String },
}

impl ManagedRef {
    pub fn arn(&self) -> &str {
        match self {
            ManagedRef::InTemplate { arn, .. } | ManagedRef::External { arn } => arn,
        }
    }
}

/// An `AWS::S3::BucketPolicy`.
#[derive(Debug, Clone)]
pub struct CfnBucketPolicy {
    pub file: String,
    pub logical_id: String,
    pub bucket: String,
    pub document: Value,
}

/// An `AWS::Cognito::UserPool`: the attributes its `Schema` declares and its app clients.
#[derive(Debug, Clone)]
pub struct CfnUserPool {
    pub file: String,
    pub logical_id: String,
    pub name: Option<String>,
    pub attributes: Vec<CfnAttribute>,
    pub clients: Vec<CfnClient>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CfnAttribute {
    /// As Cognito reports it: custom attributes with the `custom:` prefix.
    pub name: String,
    /// CloudFormation's default when `Mutable` is absent: true.
    pub mutable: bool,
}

/// An `AWS::Cognito::UserPoolClient`.
#[derive(Debug, Clone, PartialEq)]
pub struct CfnClient {
    pub logical_id: String,
    /// `None` when absent: Cognito then lets the client write every mutable attribute.
    pub write_attributes: Option<Vec<String>>,
}

/// Read `files` (YAML or JSON templates) and resolve what isolation validation needs.
pub fn load(files: &[PathBuf], opts: &Options) -> Result<Stack> {
    let templates = files
        .iter()
        .map(|f| {
            let text = crate::input::read_text(f, "CloudFormation template")?;
            template::parse(&f.display().to_string(), &text)
        })
        .collect::<Result<Vec<_>>>()?;
    check_parameters(&templates, opts)?;
    let resolvers: Vec<_> = templates
        .iter()
        .map(|t| intrinsics::Resolver::new(t, opts))
        .collect();
    let mut collected = resources::Collected::default();
    for (i, r) in resolvers.iter().enumerate() {
        resources::collect(i, r, &mut collected)?;
    }
    let mut stack = collected.finish(&resolvers)?;
    let mut notes: Vec<String> = resolvers.iter().flat_map(|r| r.notes.take()).collect();
    notes.append(&mut stack.notes);
    stack.notes = notes;
    Ok(stack)
}

/// A `--parameter` that no template declares is a typo, not something to ignore.
fn check_parameters(templates: &[template::Template], opts: &Options) -> Result<()> {
    let declared: BTreeSet<&str> = templates
        .iter()
        .flat_map(|t| t.parameters.keys().map(String::as_str))
        .collect();
    for key in opts.parameters.keys() {
        if !declared.contains(key.as_str()) {
            let known: Vec<&str> = declared.iter().copied().collect();
            let hint = if known.is_empty() {
                "the templates declare no parameters".to_string()
            } else {
                format!("declared parameters: {}", known.join(", "))
            };
            return Err(Error::usage(format!(
                "--parameter {key}: no template declares a parameter {key}"
            ))
            .with_hint(hint));
        }
    }
    Ok(())
}

impl CfnRole {
    /// Whether an Allow statement of the trust policy covers `sts:TagSession` (through
    /// `Action`, wildcards included, or a `NotAction` that does not exclude it).
    pub fn trust_allows_tag_session(&self) -> bool {
        allow_statements(&self.trust).any(|s| {
            let covers = |k: &str| {
                strings_of(s.get(k))
                    .iter()
                    .any(|a| action_matches(a, "sts:TagSession"))
            };
            match s.get("NotAction") {
                Some(_) => !covers("NotAction"),
                None => covers("Action"),
            }
        })
    }

    /// `Principal.AWS` values of the trust policy's Allow statements; `Principal: "*"` counts
    /// as `*` (anyone).
    pub fn trusted_aws_principals(&self) -> Vec<String> {
        let mut out = Vec::new();
        for s in allow_statements(&self.trust) {
            match s.get("Principal") {
                Some(Value::String(p)) if p == "*" => out.push(p.clone()),
                Some(p) => out.extend(strings_of(p.get("AWS"))),
                None => {}
            }
        }
        out
    }
}

fn allow_statements(doc: &Value) -> impl Iterator<Item = &Value> {
    let statements = match doc.get("Statement") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(s @ Value::Object(_)) => vec![s],
        _ => Vec::new(),
    };
    statements
        .into_iter()
        .filter(|s| s.get("Effect").and_then(Value::as_str) == Some("Allow"))
}

/// A policy element that is a string or a list of strings.
fn strings_of(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect(),
        _ => Vec::new(),
    }
}
