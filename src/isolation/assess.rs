//! Assessing a platform tenantctl did not build, from its CloudFormation templates: the Token
//! Vending Machine roles (a trust policy that allows `sts:TagSession`), the roles they trust
//! (the runtime, checked for a TVM bypass), every policy those roles carry (inline, template
//! managed, AWS managed from the shipped snapshot, boundaries), the data bucket's policy, and
//! the user pools' tenant claims. One `IsolationInput` per TVM role; no AWS call.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::naming::{Names, ATTR_CLINIC_ID, ATTR_TIER};
use crate::policy::managed::Snapshot;
use crate::policy::{NamedPolicy, PolicyDocument, PolicySet};

use super::cfn::{self, CfnRole, CfnUserPool, ManagedRef, Stack};
use super::online::{offline_names, offline_tenants};
use super::{Finding, IsolationInput, RoleUnderTest, Rule};

/// `validate isolation --offline --cloudformation ...`, as given.
pub struct TemplateArgs {
    pub templates: Vec<PathBuf>,
    pub stack_name: Option<String>,
    /// `KEY=VALUE` as typed.
    pub parameters: Vec<String>,
    pub managed_policies: Option<PathBuf>,
    pub tenants: Vec<(String, Option<String>)>,
    pub account: String,
    pub partition: String,
}

fn parse_parameters(given: &[String]) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for p in given {
        let Some((k, v)) = p.split_once('=').filter(|(k, _)| !k.is_empty()) else {
            return Err(Error::usage(format!(
                "--parameter {p:?}: expected KEY=VALUE, e.g. --parameter Environment=prod"
            )));
        };
        if out.insert(k.to_string(), v.to_string()).is_some() {
            return Err(Error::usage(format!("--parameter {k} is given twice")));
        }
    }
    Ok(out)
}

/// A policy document of the template, parsed; a document the engine cannot read is a
/// finding (isolation cannot be proven over it), not a silent gap.
fn parsed(
    name: String,
    doc: &serde_json::Value,
    preflight: &mut Vec<Finding>,
) -> Option<NamedPolicy> {
    match PolicyDocument::parse(&doc.to_string()) {
        Ok(d) => Some(NamedPolicy::new(name, d)),
        Err(e) => {
            preflight.push(Finding::new(Rule::PolicyUnreadable, format!("{name}: {e}")));
            None
        }
    }
}

/// The snapshot's documents are the `aws` partition's: in another partition (the policy's ARN
/// says which) the ARNs they name are that partition's.
fn in_partition(doc: &serde_json::Value, arn: &str) -> serde_json::Value {
    let partition = arn.split(':').nth(1).unwrap_or("aws");
    if partition == "aws" {
        return doc.clone();
    }
    let text = doc
        .to_string()
        .replace("arn:aws:", &format!("arn:{partition}:"));
    serde_json::from_str(&text).unwrap_or_else(|_| doc.clone())
}

/// The document of a managed policy: from the template, or the AWS managed snapshot.
fn managed(
    role: &CfnRole,
    m: &ManagedRef,
    snapshot: &Snapshot,
    preflight: &mut Vec<Finding>,
) -> Option<NamedPolicy> {
    match m {
        ManagedRef::InTemplate {
            logical_id,
            arn,
            document,
        } => parsed(format!("{} ({logical_id})", arn), document, preflight),
        ManagedRef::External { arn } => match snapshot.get(arn) {
            Some(p) => parsed(
                format!(
                    "{arn} (AWS managed {}, snapshot {})",
                    p.version, snapshot.taken
                ),
                &in_partition(&p.document, arn),
                preflight,
            ),
            None => {
                let why = if crate::policy::managed::is_aws_managed(arn) {
                    format!(
                        "is not in the AWS managed policy snapshot of {}",
                        snapshot.taken
                    )
                } else {
                    "is a customer managed policy that is not defined in the templates".to_string()
                };
                preflight.push(Finding::new(
                    Rule::PolicyUnreadable,
                    format!(
                        "role {} ({}) attaches {arn}, which {why}: its permissions are unknown (refresh the snapshot with `tenantctl policy managed-snapshot` and pass --managed-policies)",
                        role.logical_id, role.file
                    ),
                ));
                None
            }
        },
    }
}

/// A template role as the engine sees it: every permission policy, its boundary, its trust.
fn role_under_test(
    role: &CfnRole,
    bucket: Option<&NamedPolicy>,
    snapshot: &Snapshot,
    preflight: &mut Vec<Finding>,
) -> RoleUnderTest {
    let mut set = PolicySet {
        resource: bucket.cloned(),
        ..Default::default()
    };
    for (name, doc) in &role.inline {
        let label = format!("{}#{}/Policies/{name}", role.file, role.logical_id);
        set.identity.extend(parsed(label, doc, preflight));
    }
    for m in &role.managed {
        set.identity.extend(managed(role, m, snapshot, preflight));
    }
    if let Some(b) = &role.boundary {
        if let Some(mut p) = managed(role, b, snapshot, preflight) {
            p.name = format!("{} (boundary)", p.name);
            set.boundaries.push(p);
        }
    }
    let trust = parsed(
        format!("{}#{}/AssumeRolePolicyDocument", role.file, role.logical_id),
        &role.trust,
        preflight,
    );
    RoleUnderTest {
        role_name: role.name.clone(),
        role_arn: role.arn.clone(),
        policies: set,
        trust,
    }
}

/// Tenant claims a user can change: mutable attributes (TI015), app clients that may write
/// them (TI016). A user's claims are the root of every tenant boundary.
fn claim_findings(pools: &[CfnUserPool]) -> Vec<Finding> {
    let claims = [ATTR_TIER, ATTR_CLINIC_ID];
    let mut out = Vec::new();
    for pool in pools {
        let at = format!("user pool {} ({})", pool.logical_id, pool.file);
        let declared: Vec<_> = pool
            .attributes
            .iter()
            .filter(|a| claims.contains(&a.name.as_str()))
            .collect();
        for a in declared.iter().filter(|a| a.mutable) {
            out.push(Finding::new(
                Rule::TenantClaimMutable,
                format!(
                    "{at} declares {} mutable: after a user is created, an administrator, a script or a migration can rewrite it and move the user into another tenant (set Mutable: false)",
                    a.name
                ),
            ));
        }
        if declared.is_empty() {
            continue;
        }
        for c in &pool.clients {
            let writes: Vec<&str> = match &c.write_attributes {
                None => claims.to_vec(),
                Some(w) => claims
                    .iter()
                    .copied()
                    .filter(|cl| w.iter().any(|x| x == cl))
                    .collect(),
            };
            if writes.is_empty() {
                continue;
            }
            let how = if c.write_attributes.is_none() {
                "has no WriteAttributes list, so it may write every attribute, including"
            } else {
                "lists in WriteAttributes"
            };
            out.push(Finding::new(
                Rule::TenantClaimClientWritable,
                format!(
                    "{at}: app client {} {how} {}: its users can sign up into, or move themselves into, any tenant (give it a WriteAttributes list without them)",
                    c.logical_id,
                    writes.join(" and ")
                ),
            ));
        }
    }
    out
}

/// The bucket policy of the configured data bucket, if a template defines one.
fn data_bucket_policy(
    stack: &Stack,
    names: &Names,
    notes: &mut Vec<String>,
) -> Option<NamedPolicy> {
    let mut found = None;
    for bp in &stack.bucket_policies {
        if bp.bucket == names.data_bucket {
            let mut ignore = Vec::new();
            found = parsed(
                format!("{}#{}/PolicyDocument", bp.file, bp.logical_id),
                &bp.document,
                &mut ignore,
            );
        } else {
            notes.push(format!(
                "bucket policy {} is for bucket {}, not the configured data bucket {}: not checked",
                bp.logical_id, bp.bucket, names.data_bucket
            ));
        }
    }
    found
}

/// One input per TVM role of the templates.
pub fn from_templates(
    cfg: &Config,
    region: &str,
    a: &TemplateArgs,
    focus: Option<String>,
    adversarial: bool,
) -> Result<Vec<IsolationInput>> {
    let contract = cfg.contract()?;
    let names = offline_names(cfg, region, &a.account, &a.partition);
    let tenants = offline_tenants(cfg, &a.tenants)?;
    if let Some(f) = &focus {
        if !tenants.iter().any(|t| &t.id == f) {
            return Err(Error::usage(format!(
                "--tenant {f} is not among the given tenants"
            )));
        }
    }
    let opts = cfn::Options {
        account: a.account.clone(),
        region: region.to_string(),
        partition: a.partition.clone(),
        stack_name: a.stack_name.clone(),
        parameters: parse_parameters(&a.parameters)?,
    };
    let snapshot_file;
    let snapshot = match &a.managed_policies {
        Some(p) => {
            snapshot_file = Snapshot::load(p)?;
            &snapshot_file
        }
        None => Snapshot::shipped(),
    };
    let stack = cfn::load(&a.templates, &opts)?;
    let tvms: Vec<&CfnRole> = stack
        .roles
        .iter()
        .filter(|r| r.trust_allows_tag_session())
        .collect();
    if tvms.is_empty() {
        return Err(Error::usage(
            "no role in the templates is a Token Vending Machine role: none has a trust policy that allows sts:TagSession",
        )
        .with_hint("pass the template that defines the TVM role with --cloudformation"));
    }
    let mut base_notes = stack.notes.clone();
    base_notes.push(format!(
        "AWS managed policies: {} ({} policies, taken {})",
        snapshot.source,
        snapshot.len(),
        snapshot.taken
    ));
    let bucket = data_bucket_policy(&stack, &names, &mut base_notes);
    let claims = claim_findings(&stack.user_pools);
    let mut inputs = Vec::new();
    for (i, tvm) in tvms.iter().enumerate() {
        let mut preflight = if i == 0 { claims.clone() } else { Vec::new() };
        let mut notes = base_notes.clone();
        let trusted = tvm.trusted_aws_principals();
        let runtime_roles: Vec<RoleUnderTest> = stack
            .roles
            .iter()
            .filter(|r| trusted.contains(&r.arn))
            .map(|r| {
                let mut rt = role_under_test(r, bucket.as_ref(), snapshot, &mut preflight);
                rt.trust = None;
                rt
            })
            .collect();
        for p in trusted
            .iter()
            .filter(|p| !stack.roles.iter().any(|r| &r.arn == *p))
        {
            notes.push(format!(
                "{} trusts {p}, which is not a role of the templates: its own policies were not checked for a TVM bypass",
                tvm.logical_id
            ));
        }
        notes.push(format!(
            "TVM role {} ({}); the runtime it trusts, from its trust policy: {}",
            tvm.logical_id,
            tvm.file,
            if trusted.is_empty() {
                "none".to_string()
            } else {
                trusted.join(", ")
            }
        ));
        let role = role_under_test(tvm, bucket.as_ref(), snapshot, &mut preflight);
        inputs.push(IsolationInput {
            names: names.clone(),
            contract: contract.clone(),
            ambiguous: Default::default(),
            tiers: super::online::tiers_of(cfg, &names),
            tenants: tenants.clone(),
            tvm: role,
            runtime_roles,
            trusted_principals: trusted
                .iter()
                .filter(|p| crate::config::valid_role_arn(p).is_ok())
                .cloned()
                .collect(),
            focus: focus.clone(),
            adversarial,
            preflight,
            notes,
        });
    }
    Ok(inputs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn managed_documents_follow_the_partition() {
        let d = serde_json::json!({"Statement":[{"Resource":"arn:aws:bedrock-agentcore:*:*:*"}]});
        let cn = in_partition(&d, "arn:aws-cn:iam::aws:policy/X");
        assert_eq!(
            cn["Statement"][0]["Resource"],
            "arn:aws-cn:bedrock-agentcore:*:*:*"
        );
        assert_eq!(in_partition(&d, "arn:aws:iam::aws:policy/X"), d);
    }

    #[test]
    fn parameters_are_key_value_pairs() {
        let p = parse_parameters(&["A=1".into(), "B=x=y".into(), "C=".into()]).unwrap();
        assert_eq!(p["B"], "x=y");
        assert_eq!(p["C"], "");
        assert!(parse_parameters(&["=1".into()]).is_err());
        assert!(parse_parameters(&["A".into()]).is_err());
        assert!(parse_parameters(&["A=1".into(), "A=2".into()]).is_err());
    }
}
