//! Building an `IsolationInput`: online from the account (policies read back from IAM and S3,
//! tenants from the registry) or offline from files. After this, no AWS call is made.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::naming::Names;
use crate::platform::index::TenantSummary;
use crate::platform::Platform;
use crate::policy::{NamedPolicy, PolicyDocument, PolicySet};
use crate::record::Status;
use crate::templates;

use super::identity::IdentityIssue;
use super::{Finding, IsolationInput, RoleUnderTest, Rule, TenantEntry};

fn unreadable(what: &str, why: String) -> Finding {
    Finding::new(Rule::PolicyUnreadable, format!("{what}: {why}"))
}

fn parse_named(name: String, text: &str, preflight: &mut Vec<Finding>) -> Option<NamedPolicy> {
    match PolicyDocument::parse(text) {
        Ok(d) => Some(NamedPolicy::new(name, d)),
        Err(e) => {
            preflight.push(unreadable(&name, e.to_string()));
            None
        }
    }
}

/// Read a role's permission policies (inline + attached), boundary and trust policy.
/// `resource_policy` (the data bucket's policy) is attached to its PolicySet.
pub async fn read_role(
    p: &Platform,
    role_name: &str,
    resource_policy: Option<&NamedPolicy>,
    preflight: &mut Vec<Finding>,
) -> Result<Option<RoleUnderTest>> {
    let Some(role) = p.aws.iam_get_role(role_name).await? else {
        return Ok(None);
    };
    let mut set = PolicySet {
        resource: resource_policy.cloned(),
        ..Default::default()
    };
    for pname in p.aws.iam_list_role_policies(role_name).await? {
        if let Some(doc) = p.aws.iam_get_role_policy(role_name, &pname).await? {
            set.identity.extend(parse_named(
                format!("iam:role/{role_name}/inline/{pname}"),
                &doc,
                preflight,
            ));
        }
    }
    for arn in p.aws.iam_list_attached(role_name).await? {
        let doc = p.aws.iam_managed_policy_document(&arn).await?;
        set.identity
            .extend(parse_named(arn.clone(), &doc, preflight));
    }
    if let Some(b) = &role.boundary_arn {
        let doc = p.aws.iam_managed_policy_document(b).await?;
        set.boundaries
            .extend(parse_named(format!("{b} (boundary)"), &doc, preflight));
    }
    let trust = parse_named(
        format!("iam:role/{role_name}/trust-policy"),
        &role.trust_policy,
        preflight,
    );
    Ok(Some(RoleUnderTest {
        role_name: role_name.to_string(),
        role_arn: role.arn,
        policies: set,
        trust,
    }))
}

pub(crate) fn tiers_of(p_cfg: &crate::config::Config, names: &Names) -> Vec<(String, String)> {
    p_cfg
        .tiers
        .iter()
        .map(|(t, c)| (t.to_string(), names.foundation_model_arn(&c.model_id)))
        .collect()
}

/// Online: everything from the account, for the registry's `fleet` (every tenant, from the
/// records for `validate isolation`, from the index for the onboarding gate).
pub async fn from_account(
    p: &Platform,
    fleet: &[TenantSummary],
    focus: Option<String>,
    adversarial: bool,
) -> Result<IsolationInput> {
    let names = &p.names;
    let mut preflight = Vec::new();
    let mut notes = Vec::new();
    let bucket_policy = match p.aws.s3_bucket_policy(&names.data_bucket).await? {
        Some(text) => parse_named(
            format!("s3://{}/bucket-policy", names.data_bucket),
            &text,
            &mut preflight,
        ),
        None => None,
    };
    let tvm_name = names.tvm_role_name();
    let tvm = read_role(p, &tvm_name, bucket_policy.as_ref(), &mut preflight)
        .await?
        .ok_or_else(|| {
            Error::env(format!(
                "the TVM role {tvm_name} does not exist in account {}",
                names.account
            ))
            .with_hint("run `tenantctl init` first")
        })?;
    let mut tenants = Vec::new();
    for r in fleet {
        if r.status == Status::Offboarded {
            continue;
        }
        let siloed_role = if templates::is_siloed(&p.cfg, &r.tier) {
            let role = read_role(
                p,
                &names.siloed_role_name(&r.tenant),
                bucket_policy.as_ref(),
                &mut preflight,
            )
            .await?;
            if role.is_none() {
                notes.push(format!(
                    "tenant {} is on siloed tier {} but has no dedicated role yet ({})",
                    r.tenant,
                    r.tier,
                    r.status.as_str()
                ));
            }
            role
        } else {
            None
        };
        tenants.push(TenantEntry {
            id: r.tenant.to_string(),
            tier: r.tier.to_string(),
            siloed_role,
        });
    }
    if let Some(f) = &focus {
        if !tenants.iter().any(|t| &t.id == f) {
            return Err(
                Error::usage(format!("unknown tenant {f}: it is not in the registry"))
                    .with_hint("list tenants with `tenantctl tenant list`"),
            );
        }
    }
    let mut runtime_roles = Vec::new();
    for arn in &p.cfg.tvm.trusted_principals {
        let parts: Vec<&str> = arn.splitn(6, ':').collect();
        let same_account = parts.get(4) == Some(&names.account.as_str());
        let name = parts
            .get(5)
            .and_then(|r| r.rsplit('/').next())
            .unwrap_or("");
        if !same_account {
            notes.push(format!("runtime role {arn} is in another account; its own policies were not checked for a TVM bypass"));
            continue;
        }
        let mut ignore = Vec::new();
        match read_role(p, name, bucket_policy.as_ref(), &mut ignore).await? {
            Some(mut r) => {
                r.trust = None;
                preflight.extend(ignore);
                runtime_roles.push(r);
            }
            None => notes.push(format!("runtime role {arn} was not found; its own policies were not checked for a TVM bypass")),
        }
    }
    Ok(IsolationInput {
        contract: p.cfg.contract()?,
        ambiguous: Default::default(),
        names: names.clone(),
        tiers: tiers_of(&p.cfg, names),
        tenants,
        tvm,
        runtime_roles,
        trusted_principals: p.cfg.tvm.trusted_principals.clone(),
        focus,
        adversarial,
        preflight,
        notes,
    })
}

/// Identity: the users' claims against the live tenants' recorded memberships, as findings
/// (TI017), so that CI sees a person moved into another clinic, not only policy drift. With
/// `focus`, only issues that cross that tenant's boundary. A tenant whose membership is not
/// recorded is a note (its users cannot be checked), not a finding.
pub async fn identity_findings(
    p: &Platform,
    focus: Option<&str>,
    notes: &mut Vec<String>,
) -> Result<Vec<Finding>> {
    let mut memberships = std::collections::BTreeMap::new();
    for r in p.load_all_records().await? {
        if r.status != Status::Offboarded {
            memberships.insert(r.tenant.to_string(), p.load_membership(&r.tenant).await?);
        }
    }
    let live = memberships
        .iter()
        .map(|(t, m)| (t.clone(), m.as_ref()))
        .collect();
    let pool = p.user_pool_id().await?;
    let users = p.aws.cognito_list_users(&pool).await?;
    let mut out = Vec::new();
    for issue in super::identity::compare(&live, &users) {
        if focus.is_some_and(|f| !issue.tenants().contains(&f)) {
            continue;
        }
        match &issue {
            IdentityIssue::NotRecorded { tenant } => notes.push(format!(
                "tenant {tenant} has no recorded membership: its users' claims were not checked (`tenantctl tenant migrate-membership {tenant}`)"
            )),
            IdentityIssue::MemberMissing { .. } => {}
            _ => {
                let (session, target) = match &issue {
                    IdentityIssue::ClaimDiffers {
                        recorded, claimed, ..
                    } => (Some(recorded.clone()), claimed.clone()),
                    IdentityIssue::NotAMember { claimed, .. } => (None, Some(claimed.clone())),
                    _ => (None, None),
                };
                out.push(Finding {
                    session,
                    target,
                    explanation: format!("{} ({})", issue.message(), issue.subject()),
                    ..Finding::new(Rule::TenantClaimNotMembership, issue.message())
                });
            }
        }
    }
    Ok(out)
}

/// Offline inputs, as given on the command line.
pub struct OfflineArgs {
    pub policies: Vec<PathBuf>,
    pub trust_policy: Option<PathBuf>,
    pub runtime_policies: Vec<PathBuf>,
    /// The data bucket's policy (the resource policy of every S3 request).
    pub bucket_policy: Option<PathBuf>,
    /// (tenant, tier or None for the first configured tier)
    pub tenants: Vec<(String, Option<String>)>,
    pub account: String,
    pub partition: String,
}

fn read_policy_file(path: &PathBuf) -> Result<NamedPolicy> {
    crate::input::require_regular_file(path, "policy file")?;
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::usage(format!("cannot read policy file {}: {e}", path.display())))?;
    let doc = PolicyDocument::parse(&text)
        .map_err(|e| Error::usage(format!("{}: {e}", path.display())))?;
    Ok(NamedPolicy::new(path.display().to_string(), doc))
}

/// Names of an offline run: the config's namespace and buckets in `--account` and the region.
pub(crate) fn offline_names(
    cfg: &crate::config::Config,
    region: &str,
    account: &str,
    partition: &str,
) -> Names {
    Names {
        ns: cfg.namespace.clone(),
        partition: partition.to_string(),
        account: account.to_string(),
        region: region.to_string(),
        data_bucket: cfg.buckets.data.clone(),
        archive_bucket: cfg.buckets.archive.clone(),
        memory_id: None,
    }
}

/// The tenants of an offline run (`--tenants`/`--tenants-file`), validated; at least one.
pub(crate) fn offline_tenants(
    cfg: &crate::config::Config,
    given: &[(String, Option<String>)],
) -> Result<Vec<TenantEntry>> {
    let first_tier = cfg
        .tiers
        .keys()
        .next()
        .map(|t| t.to_string())
        .unwrap_or_default();
    let mut tenants = Vec::new();
    for (id, tier) in given {
        let id = crate::ids::TenantId::parse(id)?;
        let tier = match tier {
            Some(t) => cfg.parse_tier(t)?.to_string(),
            None => first_tier.clone(),
        };
        if tenants.iter().any(|t: &TenantEntry| t.id == id.as_str()) {
            return Err(Error::usage(format!("tenant {id} is listed twice")));
        }
        tenants.push(TenantEntry {
            id: id.to_string(),
            tier,
            siloed_role: None,
        });
    }
    if tenants.is_empty() {
        return Err(Error::usage(
            "--offline needs tenants: --tenants a,b=premium or --tenants-file FILE",
        ));
    }
    Ok(tenants)
}

/// Offline: given documents and tenants; names from the config and `--account`.
pub fn from_files(
    cfg: &crate::config::Config,
    region: &str,
    a: &OfflineArgs,
    focus: Option<String>,
    adversarial: bool,
) -> Result<IsolationInput> {
    if a.policies.is_empty() {
        return Err(Error::usage(
            "--offline needs the TVM role's permission policies (--policy FILE) or the platform's templates (--cloudformation FILE)",
        ));
    }
    let names = offline_names(cfg, region, &a.account, &a.partition);
    let identity = a
        .policies
        .iter()
        .map(read_policy_file)
        .collect::<Result<Vec<_>>>()?;
    let trust = a.trust_policy.as_ref().map(read_policy_file).transpose()?;
    let bucket = a.bucket_policy.as_ref().map(read_policy_file).transpose()?;
    let role_name = names.tvm_role_name();
    let tvm = RoleUnderTest {
        role_arn: names.role_arn(&role_name),
        role_name,
        policies: PolicySet {
            identity,
            resource: bucket,
            ..Default::default()
        },
        trust,
    };
    let tenants = offline_tenants(cfg, &a.tenants)?;
    let mut notes = Vec::new();
    if a.trust_policy.is_none() {
        notes.push("no --trust-policy given: trust and session lint skipped".to_string());
    }
    if tenants.iter().any(|t| {
        cfg.tiers
            .get(&crate::ids::TierName::parse(&t.tier).expect("validated"))
            .is_some_and(|c| c.deployment == crate::config::Deployment::Siloed)
    }) {
        notes.push("offline mode checks siloed-tier tenants through the TVM policy only (dedicated roles are read online)".to_string());
    }
    let runtime_roles = if a.runtime_policies.is_empty() {
        notes.push("no --runtime-policy given: runtime-role bypass check skipped".to_string());
        Vec::new()
    } else {
        let identity = a
            .runtime_policies
            .iter()
            .map(read_policy_file)
            .collect::<Result<Vec<_>>>()?;
        vec![RoleUnderTest {
            role_name: "runtime".into(),
            role_arn: names.role_arn("runtime"),
            policies: PolicySet {
                identity,
                ..Default::default()
            },
            trust: None,
        }]
    };
    if let Some(f) = &focus {
        if !tenants.iter().any(|t| &t.id == f) {
            return Err(Error::usage(format!(
                "--tenant {f} is not among the given tenants"
            )));
        }
    }
    Ok(IsolationInput {
        contract: cfg.contract()?,
        ambiguous: Default::default(),
        tiers: tiers_of(cfg, &names),
        names,
        tenants,
        tvm,
        runtime_roles,
        trusted_principals: cfg.tvm.trusted_principals.clone(),
        focus,
        adversarial,
        preflight: Vec::new(),
        notes,
    })
}

fn tenant_item(
    item: &str,
    seps: &[char],
    source: &str,
    n: usize,
) -> Result<(String, Option<String>)> {
    let (t, tier) = match item.split_once(seps) {
        Some((t, tier)) => (
            t.trim(),
            Some(tier.trim().to_string()).filter(|s| !s.is_empty()),
        ),
        None => (item.trim(), None),
    };
    if t.is_empty() {
        return Err(Error::usage(format!("{source}: item {n}: empty tenant id")));
    }
    Ok((t.to_string(), tier))
}

/// `--tenants a,b=premium`: comma-separated ids, each optionally `=tier`.
pub fn parse_tenants_flag(text: &str) -> Result<Vec<(String, Option<String>)>> {
    text.split(',')
        .filter(|s| !s.trim().is_empty())
        .enumerate()
        .map(|(i, it)| tenant_item(it, &['='], "--tenants", i + 1))
        .collect()
}

/// `--tenants-file F`: one `tenant`, `tenant,tier` or `tenant=tier` per line; `#` comments.
pub fn parse_tenants_file(text: &str, source: &str) -> Result<Vec<(String, Option<String>)>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let item = line.split('#').next().unwrap_or("").trim();
        if item.is_empty()
            || (i == 0 && item.starts_with("tenant"))
                && item.contains(',')
                && item.ends_with("tier")
        {
            continue;
        }
        out.push(tenant_item(item, &[',', '=', ' ', '\t'], source, i + 1)?);
    }
    Ok(out)
}
