//! `validate drift`: compare the registry with the account. Users whose claims disagree with
//! their tenant, users of unknown or offboarded tenants, data prefixes and parameters of
//! unknown or offboarded tenants, and policies that differ from the rendered templates.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::aws::cognito::User;
use crate::error::Result;
use crate::naming::{ATTR_CLINIC_ID, ATTR_TIER, PREFIX_MARKER};
use crate::platform::Platform;
use crate::policy::same_policy;
use crate::record::op::{RESUME, SET_TIER, SUSPEND};
use crate::record::{Membership, Status, TenantRecord};
use crate::templates;

use super::identity::{self, IdentityIssue};
use super::report::{ResultItem, RuleMeta};
use super::Severity;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum DriftRule {
    #[serde(rename = "TD001")]
    UserClaimMismatch,
    #[serde(rename = "TD002")]
    UserOfUnknownTenant,
    #[serde(rename = "TD003")]
    UserOfOffboardedTenant,
    #[serde(rename = "TD004")]
    PrefixOfUnknownTenant,
    #[serde(rename = "TD005")]
    DataOfOffboardedTenant,
    #[serde(rename = "TD006")]
    ParametersOfUnknownTenant,
    #[serde(rename = "TD007")]
    PolicyDiffersFromTemplate,
    #[serde(rename = "TD008")]
    MissingTenantResource,
    #[serde(rename = "TD009")]
    UserEnabledWhileSuspended,
    #[serde(rename = "TD010")]
    ClaimDiffersFromMembership,
    #[serde(rename = "TD011")]
    UserOutsideMembership,
    #[serde(rename = "TD012")]
    MemberMissing,
    #[serde(rename = "TD013")]
    MembershipNotRecorded,
    #[serde(rename = "TD014")]
    MutableClinicClaim,
    #[serde(rename = "TD015")]
    MemoryActorWithoutOwner,
    #[serde(rename = "TD016")]
    MemoryNamespaceOutsideTenant,
    #[serde(rename = "TD020")]
    ApiKeyWrongPlan,
    #[serde(rename = "TD021")]
    ApiKeyOfNoTenant,
    #[serde(rename = "TD022")]
    IndexDiffersFromRegistry,
}

impl DriftRule {
    pub const ALL: [DriftRule; 19] = [
        DriftRule::UserClaimMismatch,
        DriftRule::UserOfUnknownTenant,
        DriftRule::UserOfOffboardedTenant,
        DriftRule::PrefixOfUnknownTenant,
        DriftRule::DataOfOffboardedTenant,
        DriftRule::ParametersOfUnknownTenant,
        DriftRule::PolicyDiffersFromTemplate,
        DriftRule::MissingTenantResource,
        DriftRule::UserEnabledWhileSuspended,
        DriftRule::ClaimDiffersFromMembership,
        DriftRule::UserOutsideMembership,
        DriftRule::MemberMissing,
        DriftRule::MembershipNotRecorded,
        DriftRule::MutableClinicClaim,
        DriftRule::MemoryActorWithoutOwner,
        DriftRule::MemoryNamespaceOutsideTenant,
        DriftRule::ApiKeyWrongPlan,
        DriftRule::ApiKeyOfNoTenant,
        DriftRule::IndexDiffersFromRegistry,
    ];
    pub fn meta(self) -> RuleMeta {
        let (id, name, description) = match self {
            DriftRule::UserClaimMismatch => ("TD001", "user-claim-mismatch", "A user's custom:tier or custom:clinic_id disagrees with the registry."),
            DriftRule::UserOfUnknownTenant => ("TD002", "user-of-unknown-tenant", "A user carries a clinic_id that is not in the registry, or none at all."),
            DriftRule::UserOfOffboardedTenant => ("TD003", "user-of-offboarded-tenant", "A user of an offboarded tenant still exists."),
            DriftRule::PrefixOfUnknownTenant => ("TD004", "prefix-of-unknown-tenant", "Data exists under a prefix that matches no registered tenant (or the wrong tier)."),
            DriftRule::DataOfOffboardedTenant => ("TD005", "data-of-offboarded-tenant", "Data of an offboarded tenant is still in the data bucket."),
            DriftRule::ParametersOfUnknownTenant => ("TD006", "parameters-of-unknown-tenant", "SSM parameters exist for a tenant without a record, or beyond the tombstone of an offboarded one."),
            DriftRule::PolicyDiffersFromTemplate => ("TD007", "policy-differs-from-template", "A deployed policy differs from the rendered template."),
            DriftRule::MissingTenantResource => ("TD008", "missing-tenant-resource", "A registered tenant lacks a resource onboarding provisions."),
            DriftRule::UserEnabledWhileSuspended => ("TD009", "user-enabled-while-suspended", "A user of a suspended tenant is enabled (it can still sign in)."),
            DriftRule::ClaimDiffersFromMembership => ("TD010", "claim-differs-from-membership", "A recorded member's custom:clinic_id is not the tenant it is recorded in (even when it names another live tenant)."),
            DriftRule::UserOutsideMembership => ("TD011", "user-outside-membership", "A user carries a tenant's custom:clinic_id but is not in that tenant's recorded membership (created outside tenantctl)."),
            DriftRule::MemberMissing => ("TD012", "member-missing", "A recorded member no longer exists in the user pool."),
            DriftRule::MembershipNotRecorded => ("TD013", "membership-not-recorded", "A live tenant has no recorded membership (a registry from before memberships): run `tenantctl tenant migrate-membership`."),
            DriftRule::MutableClinicClaim => ("TD014", "mutable-clinic-claim", "The user pool declares custom:clinic_id mutable, so an admin call can move a user into another tenant."),
            DriftRule::MemoryActorWithoutOwner => ("TD015", "memory-actor-without-owner", "The platform's AgentCore Memory holds events of an actor, or long-term records in a namespace, that belong to no live tenant, or to no user of its tenant (conversations left behind)."),
            DriftRule::MemoryNamespaceOutsideTenant => ("TD016", "memory-namespace-outside-tenant", "A memory strategy writes long-term records to a namespace outside /tenants/<tenant>/ and /tenants/<tenant>:<sub>/, which the tenant policy grants: the tenant cannot reach them, and they are not scoped to it."),
            DriftRule::ApiKeyWrongPlan => ("TD020", "api-key-wrong-plan", "A tenant's API key is not on its tier's usage plan alone (moved by hand, or left on another tier's plan): it gets another tier's limits."),
            DriftRule::ApiKeyOfNoTenant => ("TD021", "api-key-of-no-tenant", "An API key named for the namespace belongs to no live tenant (unknown or offboarded): it still passes the usage plan's checks."),
            DriftRule::IndexDiffersFromRegistry => ("TD022", "index-differs-from-registry", "The registry index (what `tenant list` shows) disagrees with a tenant's record or membership, lacks a tenant, or is not built: run `tenantctl registry reindex`."),
        };
        let severity = match self {
            DriftRule::MutableClinicClaim | DriftRule::MemoryNamespaceOutsideTenant => {
                Severity::Warning
            }
            _ => Severity::Error,
        };
        RuleMeta {
            id,
            name,
            description,
            severity,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DriftFinding {
    pub rule: DriftRule,
    pub rule_name: &'static str,
    pub subject: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DriftReport {
    pub clean: bool,
    pub tenants: usize,
    pub users: usize,
    pub objects: usize,
    pub parameters: usize,
    pub findings: Vec<DriftFinding>,
    /// What looked like drift but is explained by an operation in progress.
    pub notes: Vec<String>,
}

impl DriftReport {
    pub fn items(&self) -> Vec<ResultItem> {
        self.findings
            .iter()
            .map(|f| ResultItem {
                rule_id: f.rule.meta().id,
                level: f.rule.meta().severity,
                message: f.message.clone(),
                location: Some(f.subject.clone()),
                logical: None,
                properties: serde_json::json!({}),
            })
            .collect()
    }
}

fn push(out: &mut Vec<DriftFinding>, rule: DriftRule, subject: String, message: String) {
    out.push(DriftFinding {
        rule,
        rule_name: rule.meta().name,
        subject,
        message,
    });
}

/// The users' claims against the live tenants' recorded memberships (one read per live
/// tenant), and whether the pool lets `custom:clinic_id` change at all.
async fn identity_drift(
    p: &Platform,
    pool: &str,
    records: &BTreeMap<String, TenantRecord>,
    users: &[User],
    f: &mut Vec<DriftFinding>,
) -> Result<BTreeMap<String, Option<Membership>>> {
    // One GetObject per live tenant, 16 at a time: at AWS latency, one after another would
    // take N round trips (10,000 tenants at 50 ms: over 8 minutes).
    use futures::stream::{self, StreamExt, TryStreamExt};
    let memberships: BTreeMap<String, _> = stream::iter(
        records
            .iter()
            .filter(|(_, r)| r.status != Status::Offboarded),
    )
    .map(|(t, r)| async move {
        Ok::<_, crate::error::Error>((t.clone(), p.load_membership(&r.tenant).await?))
    })
    .buffer_unordered(16)
    .try_collect()
    .await?;
    let live = memberships
        .iter()
        .map(|(t, m)| (t.clone(), m.as_ref()))
        .collect();
    for issue in identity::compare(&live, users) {
        let rule = match issue {
            IdentityIssue::ClaimDiffers { .. } => DriftRule::ClaimDiffersFromMembership,
            IdentityIssue::NotAMember { .. } => DriftRule::UserOutsideMembership,
            IdentityIssue::MemberMissing { .. } => DriftRule::MemberMissing,
            IdentityIssue::NotRecorded { .. } => DriftRule::MembershipNotRecorded,
        };
        push(f, rule, issue.subject(), issue.message());
    }
    let mutable = p
        .aws
        .cognito_custom_attributes(pool)
        .await?
        .into_iter()
        .any(|a| a.name == ATTR_CLINIC_ID && a.mutable);
    if mutable {
        push(
            f,
            DriftRule::MutableClinicClaim,
            format!("cognito:user-pool/{pool}"),
            "the user pool declares custom:clinic_id mutable: an admin call can move a user into another clinic; Cognito cannot make an attribute immutable in place, so create a new pool with `tenantctl init` (clinic_id immutable) and migrate the users, and until then keep `validate drift` in CI".into(),
        );
    }
    Ok(memberships)
}

/// TD001–TD003, TD009: each user's claims against the record of the tenant it names (a tier
/// move in progress is a note, not drift), and an enabled user of a suspended tenant (a
/// suspend or resume in progress is a note).
fn user_claims(
    records: &BTreeMap<String, TenantRecord>,
    users: &[User],
    f: &mut Vec<DriftFinding>,
    notes: &mut Vec<String>,
) {
    for u in users {
        let clinic = u.attr(ATTR_CLINIC_ID).unwrap_or("");
        let subject = format!("cognito:user/{}", u.username);
        match records.get(clinic) {
            None if clinic.is_empty() => push(
                f,
                DriftRule::UserOfUnknownTenant,
                subject,
                format!("user {} has no custom:clinic_id", u.username),
            ),
            None => push(
                f,
                DriftRule::UserOfUnknownTenant,
                subject,
                format!("user {} belongs to unknown tenant {clinic:?}", u.username),
            ),
            Some(r) if r.status == Status::Offboarded => push(
                f,
                DriftRule::UserOfOffboardedTenant,
                subject,
                format!(
                    "user {} of offboarded tenant {clinic} still exists",
                    u.username
                ),
            ),
            Some(r) => {
                let resuming = r.journal.as_ref().is_some_and(|j| j.operation == RESUME);
                if u.enabled && r.status == Status::Suspended && resuming {
                    notes.push(format!(
                        "user {} of suspended tenant {clinic} is enabled while a resume of {clinic} is in progress (or stopped part-way); if none is running, re-run `tenantctl tenant resume {clinic}`",
                        u.username
                    ));
                } else if u.enabled && r.status == Status::Suspended {
                    push(
                        f,
                        DriftRule::UserEnabledWhileSuspended,
                        subject.clone(),
                        format!(
                            "user {} of suspended tenant {clinic} is enabled; re-run `tenantctl tenant suspend {clinic} --reason ...` to disable it",
                            u.username
                        ),
                    );
                } else if u.enabled && r.journal.as_ref().is_some_and(|j| j.operation == SUSPEND) {
                    notes.push(format!(
                        "user {} of tenant {clinic} is enabled while a suspend of {clinic} is in progress (or stopped part-way); if none is running, re-run `tenantctl tenant suspend {clinic} --reason ...` or `tenantctl tenant resume {clinic}`",
                        u.username
                    ));
                }
                let tier = u.attr(ATTR_TIER).unwrap_or("");
                // `tenant set-tier` moves the users before the record (which keeps the old tier
                // until the move is finished and journals it in `tier_change`): a user already on
                // the target tier is the move in progress, not drift.
                let moving = r
                    .tier_change
                    .as_ref()
                    .filter(|tc| tier != r.tier.as_str() && tier == tc.to.as_str());
                if let Some(tc) = moving {
                    let step = r
                        .journal
                        .as_ref()
                        .filter(|j| j.operation == SET_TIER)
                        .map(|j| format!(", last step {}", j.step))
                        .unwrap_or_default();
                    notes.push(format!(
                        "user {} has custom:tier {tier:?} while tenant {clinic} is on {}: set-tier {} -> {} in progress{step}; if no set-tier is running, re-run `tenantctl tenant set-tier {clinic} {}`",
                        u.username, r.tier, tc.from, tc.to, tc.to
                    ));
                } else if tier != r.tier.as_str() {
                    push(
                        f,
                        DriftRule::UserClaimMismatch,
                        subject,
                        format!(
                            "user {} has custom:tier {tier:?} but tenant {clinic} is on {}",
                            u.username, r.tier
                        ),
                    );
                }
            }
        }
    }
}

/// TD004, TD005, TD008: data prefixes `<tier>/<tenant>/...` against the records. The number of
/// objects checked.
async fn data_prefixes(
    p: &Platform,
    records: &BTreeMap<String, TenantRecord>,
    f: &mut Vec<DriftFinding>,
) -> Result<usize> {
    let names = &p.names;
    let objects = p.aws.s3_list(&names.data_bucket, "").await?;
    let mut prefixes: BTreeMap<(String, String), usize> = BTreeMap::new();
    for o in &objects {
        let mut it = o.key.splitn(3, '/');
        let (tier, tenant) = (it.next().unwrap_or(""), it.next().unwrap_or(""));
        *prefixes
            .entry((tier.to_string(), tenant.to_string()))
            .or_default() += 1;
    }
    for ((tier, tenant), n) in &prefixes {
        let subject = format!("s3://{}/{tier}/{tenant}/", names.data_bucket);
        match records.get(tenant) {
            Some(r) if r.status == Status::Offboarded => push(
                f,
                DriftRule::DataOfOffboardedTenant,
                subject,
                format!("{n} object(s) of offboarded tenant {tenant} remain"),
            ),
            Some(r) if r.tier.as_str() == tier => {}
            // A tier move in progress leaves objects under both prefixes until it completes.
            Some(r) if r.journal.as_ref().is_some_and(|j| j.operation == SET_TIER) => {}
            Some(r) => push(
                f,
                DriftRule::PrefixOfUnknownTenant,
                subject,
                format!(
                    "{n} object(s) of tenant {tenant} under tier {tier}, but it is on {}",
                    r.tier
                ),
            ),
            None => push(
                f,
                DriftRule::PrefixOfUnknownTenant,
                subject,
                format!("{n} object(s) under a prefix of unknown tenant {tenant:?}"),
            ),
        }
    }
    for (t, r) in records {
        if matches!(r.status, Status::Active | Status::Suspended)
            && !objects
                .iter()
                .any(|o| o.key == format!("{}/{t}/{PREFIX_MARKER}", r.tier))
        {
            push(
                f,
                DriftRule::MissingTenantResource,
                format!("s3://{}/{}/{t}/", names.data_bucket, r.tier),
                format!("tenant {t} has no data prefix marker"),
            );
        }
    }

    Ok(objects.len())
}

/// TD006, TD008: parameters below `/<ns>/tenants/<tenant>/` against the records. The number of
/// parameters checked.
async fn tenant_parameters(
    p: &Platform,
    records: &BTreeMap<String, TenantRecord>,
    params: &[crate::aws::ssm::Parameter],
    f: &mut Vec<DriftFinding>,
) -> Result<usize> {
    let names = &p.names;
    let root = format!("{}/", names.ssm_tenants_root());
    let mut by_tenant: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for prm in params {
        if let Some(rest) = prm.name.strip_prefix(&root) {
            let tenant = rest.split('/').next().unwrap_or("").to_string();
            by_tenant
                .entry(tenant)
                .or_default()
                .insert(prm.name.clone());
        }
    }
    for (t, ps) in &by_tenant {
        match records.get(t) {
            None => push(
                f,
                DriftRule::ParametersOfUnknownTenant,
                format!("ssm:{}/{t}", names.ssm_tenants_root()),
                format!("{} parameter(s) of tenant {t:?} without a record", ps.len()),
            ),
            Some(r) if r.status == Status::Offboarded && ps.len() > 1 => push(
                f,
                DriftRule::ParametersOfUnknownTenant,
                format!("ssm:{}/{t}", names.ssm_tenants_root()),
                format!(
                    "offboarded tenant {t} still has {} parameter(s) besides its tombstone",
                    ps.len() - 1
                ),
            ),
            _ => {}
        }
    }
    for (t, r) in records {
        if matches!(r.status, Status::Active | Status::Suspended)
            && !by_tenant
                .get(t)
                .is_some_and(|ps| ps.contains(&names.ssm_tenant_project_id(&r.tenant)))
        {
            push(
                f,
                DriftRule::MissingTenantResource,
                format!("ssm:{}", names.ssm_tenant_project_id(&r.tenant)),
                format!("tenant {t} has no project-id parameter"),
            );
        }
    }

    Ok(params.len())
}

/// TD020, TD021: the API keys named `<ns>/<tenant>` against the records and the tiers'
/// usage plans. Tenants moving tier are left to `set-tier` (its re-run moves the key).
async fn api_keys(
    p: &Platform,
    records: &BTreeMap<String, TenantRecord>,
    f: &mut Vec<DriftFinding>,
) -> Result<()> {
    let names = &p.names;
    let prefix = names.apigw_prefix();
    let keys = p.aws.apigw_api_keys(&prefix).await?;
    if keys.is_empty() {
        return Ok(());
    }
    // Our plans (named for a tier) and the keys on each.
    let mut on: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for u in p.aws.apigw_usage_plans().await? {
        if u.name.starts_with(&prefix) {
            for k in p.aws.apigw_plan_keys(&u.id).await? {
                on.entry(k).or_default().push(u.name.clone());
            }
        }
    }
    for k in keys {
        let tenant = k.name.strip_prefix(&prefix).unwrap_or("");
        let subject = format!("apigateway:api-key/{}", k.name);
        let Some(r) = records
            .get(tenant)
            .filter(|r| r.status != Status::Offboarded)
        else {
            push(
                f,
                DriftRule::ApiKeyOfNoTenant,
                subject,
                format!("API key {} ({}) belongs to no live tenant", k.name, k.id),
            );
            continue;
        };
        if r.tier_change.is_some() {
            continue;
        }
        let want: Vec<String> = p
            .cfg
            .tiers
            .get(&r.tier)
            .and_then(|c| c.limits())
            .map(|_| names.usage_plan_name(&r.tier))
            .into_iter()
            .collect();
        let mut have = on.get(&k.id).cloned().unwrap_or_default();
        have.sort();
        if have != want {
            push(
                f,
                DriftRule::ApiKeyWrongPlan,
                subject,
                format!(
                    "tenant {tenant} (tier {}) has its API key on [{}], expected [{}]",
                    r.tier,
                    have.join(", "),
                    want.join(", ")
                ),
            );
        }
    }
    Ok(())
}

/// TD007, TD008: the TVM role's and the dedicated roles' policies against the templates.
async fn policies(
    p: &Platform,
    records: &BTreeMap<String, TenantRecord>,
    f: &mut Vec<DriftFinding>,
) -> Result<()> {
    let names = &p.names;
    let role = names.tvm_role_name();
    match p.aws.iam_get_role(&role).await? {
        None => push(
            f,
            DriftRule::MissingTenantResource,
            format!("iam:role/{role}"),
            "the TVM role does not exist".into(),
        ),
        Some(r) => {
            if !same_policy(&r.trust_policy, &templates::trust_policy(&p.cfg, None)?) {
                push(
                    f,
                    DriftRule::PolicyDiffersFromTemplate,
                    format!("iam:role/{role}/trust-policy"),
                    "TVM trust policy differs from the template".into(),
                );
            }
            let want = templates::tvm_access_policy(&p.cfg, names)?;
            if !p
                .aws
                .iam_get_role_policy(&role, &names.tvm_policy_name())
                .await?
                .is_some_and(|h| same_policy(&h, &want))
            {
                push(
                    f,
                    DriftRule::PolicyDiffersFromTemplate,
                    format!("iam:role/{role}/inline/{}", names.tvm_policy_name()),
                    "TVM access policy differs from the template".into(),
                );
            }
            let extra: Vec<String> = p
                .aws
                .iam_list_role_policies(&role)
                .await?
                .into_iter()
                .filter(|n| *n != names.tvm_policy_name())
                .collect();
            let attached = p.aws.iam_list_attached(&role).await?;
            for x in extra.iter().chain(attached.iter()) {
                push(
                    f,
                    DriftRule::PolicyDiffersFromTemplate,
                    format!("iam:role/{role}/{x}"),
                    format!("TVM role carries a policy tenantctl did not put there: {x}"),
                );
            }
        }
    }
    for r in records.values().filter(|r| {
        matches!(r.status, Status::Active | Status::Suspended)
            && templates::is_siloed(&p.cfg, &r.tier)
    }) {
        let rn = names.siloed_role_name(&r.tenant);
        let want = templates::siloed_access_policy(&p.cfg, names, &r.tenant, &r.tier)?;
        if !p
            .aws
            .iam_get_role_policy(&rn, &names.siloed_policy_name(&r.tenant))
            .await?
            .is_some_and(|h| same_policy(&h, &want))
        {
            push(
                f,
                DriftRule::PolicyDiffersFromTemplate,
                format!("iam:role/{rn}"),
                format!(
                    "dedicated role of {} is missing or differs from the template",
                    r.tenant
                ),
            );
        }
    }
    Ok(())
}

/// Sample ids for expanding a namespace template: two tenants, one a prefix of the other, each
/// with a user's Cognito sub.
const SAMPLE: [(&str, &str); 2] = [
    ("clinic-a", "4c2f1a9e-7d3b-4e8a-9f10-2b6c8d0e1f2a"),
    ("clinic-ab", "0b9e8d7c-6a5f-4e3d-8c2b-1a0f9e8d7c6b"),
];

/// Strategy namespaces (strategy name, template) that disagree with the tenant policy: the
/// template, expanded by AgentCore for the actor `<tenant>:<sub>`, must lie under
/// `/tenants/<tenant>/` or be actor-scoped `/tenants/<tenant>:…` (the two grants of
/// `MemoryOwnNamespaceOnly`; the naming contract's `memory_namespace`) for every tenant. One
/// message per strategy that does not.
pub fn strategy_namespace_issues<'a>(
    strategies: impl Iterator<Item = (&'a str, &'a str)>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (name, template) in strategies {
        for (t, sub) in SAMPLE {
            let actor = format!("{t}:{sub}");
            let expanded = template
                .replace("{actorId}", &actor)
                .replace("{sessionId}", "session-1")
                .replace("{memoryStrategyId}", "strategy-1")
                .replace("{strategyId}", "strategy-1");
            let granted = [format!("/tenants/{t}/"), format!("/tenants/{t}:")];
            if !granted.iter().any(|g| expanded.starts_with(g)) {
                let why = if template.contains("{actorId}") {
                    "which the tenant's sessions cannot read"
                } else {
                    "a namespace no tenant owns"
                };
                out.push(format!(
                    "strategy {name}: namespace {template} puts the records of actor {actor} under {expanded}, outside /tenants/{t}/* and /tenants/{t}:* that the tenant policy grants ({why}); AgentCore expands only {{actorId}}, {{sessionId}} and {{memoryStrategyId}}, and actor ids are <tenant>:<sub>: start the namespace with /tenants/{{actorId}}/"
                ));
                break;
            }
        }
    }
    out
}

/// TD015, TD016: the memory's actors against the live tenants and their users, and its
/// strategies' namespaces against the tenant policy. Skipped without `[memory]`.
async fn memory_drift(
    p: &Platform,
    records: &BTreeMap<String, TenantRecord>,
    users: &[User],
    f: &mut Vec<DriftFinding>,
) -> Result<()> {
    let Some(mc) = &p.cfg.memory else {
        return Ok(());
    };
    let Some(id) = p.names.memory_id.as_deref() else {
        push(
            f,
            DriftRule::MissingTenantResource,
            format!("agentcore:memory/{}", mc.name),
            format!(
                "the platform's AgentCore Memory {} is not set up (no {}): run `tenantctl init`",
                mc.name,
                p.memory_id_param()
            ),
        );
        return Ok(());
    };
    let res = format!("agentcore:memory/{id}");
    let Some(m) = p.aws.memory_get(id).await? else {
        push(
            f,
            DriftRule::MissingTenantResource,
            res,
            "the platform's AgentCore Memory recorded by init does not exist".into(),
        );
        return Ok(());
    };
    for s in &m.strategies {
        for issue in
            strategy_namespace_issues(s.namespaces.iter().map(|n| (s.name.as_str(), n.as_str())))
        {
            push(
                f,
                DriftRule::MemoryNamespaceOutsideTenant,
                format!("{res}/strategy/{}", s.name),
                issue,
            );
        }
    }
    let live = live_users(p, records, users).await?;
    actor_drift(p, id, &res, records, &live, f).await?;
    record_drift(p, id, &res, records, &live, f).await
}

/// Users of each live tenant: claim-carriers and recorded members, by Cognito sub (the user
/// part of an actor id).
async fn live_users<'a>(
    p: &Platform,
    records: &'a BTreeMap<String, TenantRecord>,
    users: &[User],
) -> Result<BTreeMap<&'a str, BTreeSet<String>>> {
    let mut live_users = BTreeMap::new();
    for (t, r) in records
        .iter()
        .filter(|(_, r)| r.status != Status::Offboarded)
    {
        let members = p.load_membership(&r.tenant).await?;
        let mut subs: BTreeSet<String> = users
            .iter()
            .filter(|u| {
                u.attr(ATTR_CLINIC_ID) == Some(t.as_str())
                    || members
                        .as_ref()
                        .zip(u.sub())
                        .is_some_and(|(m, s)| m.by_sub(s).is_some())
            })
            .filter_map(|u| u.sub().map(str::to_string))
            .collect();
        if let Some(m) = &members {
            subs.extend(m.members.iter().map(|x| x.sub.clone()));
        }
        live_users.insert(t.as_str(), subs);
    }
    Ok(live_users)
}

/// Why memory of `tenant` (and of the user with Cognito sub `user`, when it names one) belongs
/// to no one live, or None when it is owned. A tenant being offboarded or restored has its
/// memory in flight: not drift.
fn ownerless(
    records: &BTreeMap<String, TenantRecord>,
    live: &BTreeMap<&str, BTreeSet<String>>,
    tenant: &str,
    user: Option<&str>,
) -> Option<String> {
    if records
        .get(tenant)
        .is_some_and(|r| matches!(r.status, Status::Offboarding | Status::Pending))
    {
        return None;
    }
    match (live.get(tenant), user) {
        (None, _) => Some(match records.get(tenant) {
            Some(_) => format!("tenant {tenant} is offboarded: its memory was not erased"),
            None => format!("{tenant:?} is not a tenant"),
        }),
        (Some(us), Some(u)) if !us.contains(u) => Some(format!(
            "no user of tenant {tenant} has the Cognito sub {u:?} (removed without erasing its memory, or an actor id that is not <tenant>:<sub>)"
        )),
        _ => None,
    }
}

/// TD015 for events: actors `<tenant>:<sub>` of no live tenant or user.
async fn actor_drift(
    p: &Platform,
    id: &str,
    res: &str,
    records: &BTreeMap<String, TenantRecord>,
    live: &BTreeMap<&str, BTreeSet<String>>,
    f: &mut Vec<DriftFinding>,
) -> Result<()> {
    for actor in p.aws.memory_actors(id).await? {
        let subject = format!("{res}/actor/{actor}");
        let Some((tenant, user)) = actor.split_once(':') else {
            push(
                f,
                DriftRule::MemoryActorWithoutOwner,
                subject,
                format!("actor {actor} is not <tenant>:<sub>: its events belong to no tenant"),
            );
            continue;
        };
        if let Some(why) = ownerless(records, live, tenant, Some(user)) {
            push(
                f,
                DriftRule::MemoryActorWithoutOwner,
                subject,
                format!("actor {actor} has events but {why}"),
            );
        }
    }
    Ok(())
}

/// The tenant (and user sub, when the namespace names one) a record namespace under
/// `/tenants/` belongs to: `/tenants/<t>/…`, `/tenants/<t>:<sub>/…`, `/tenants/<t>/users/<sub>/…`.
pub fn namespace_owner(ns: &str) -> Option<(&str, Option<&str>)> {
    let rest = ns.strip_prefix("/tenants/")?;
    let end = rest.find(['/', ':']).unwrap_or(rest.len());
    let (tenant, after) = rest.split_at(end);
    let user = match after.strip_prefix(':') {
        Some(a) => a.split('/').next(),
        None => after
            .strip_prefix("/users/")
            .and_then(|a| a.split('/').next()),
    };
    Some((tenant, user.filter(|u| !u.is_empty())))
}

/// TD015 for long-term records: records under `/tenants/` whose namespace names no live
/// tenant or user (extracted from memory that was not erased). One ListMemoryRecords sweep of
/// `/tenants/`: every record of the platform's tenants.
async fn record_drift(
    p: &Platform,
    id: &str,
    res: &str,
    records: &BTreeMap<String, TenantRecord>,
    live: &BTreeMap<&str, BTreeSet<String>>,
    f: &mut Vec<DriftFinding>,
) -> Result<()> {
    for r in p.aws.memory_records(id, "/tenants/").await? {
        let why = r.namespaces.iter().find_map(|ns| {
            let (tenant, user) = namespace_owner(ns)?;
            ownerless(records, live, tenant, user).map(|why| format!("{ns}: {why}"))
        });
        if let Some(why) = why {
            push(
                f,
                DriftRule::MemoryActorWithoutOwner,
                format!("{res}/record/{}", r.record_id),
                format!("long-term record {} in {why}", r.record_id),
            );
        }
    }
    Ok(())
}

pub async fn run(p: &Platform) -> Result<DriftReport> {
    // The registry, read once (records and the other tenant parameters, TD006/TD008).
    let (records, params) = p.load_registry().await?;
    let records: BTreeMap<String, TenantRecord> = records
        .into_iter()
        .map(|r| (r.tenant.to_string(), r))
        .collect();
    let mut f = Vec::new();
    let mut notes = Vec::new();

    // Users: their claims against the records, then against the memberships.
    let pool = p.user_pool_id().await?;
    let users = p.aws.cognito_list_users(&pool).await?;
    user_claims(&records, &users, &mut f, &mut notes);
    let memberships = identity_drift(p, &pool, &records, &users, &mut f).await?;
    for (subject, message) in super::index_drift::check(p, &records, &memberships).await? {
        push(
            &mut f,
            DriftRule::IndexDiffersFromRegistry,
            subject,
            message,
        );
    }
    let objects = data_prefixes(p, &records, &mut f).await?;
    let parameters = tenant_parameters(p, &records, &params, &mut f).await?;
    policies(p, &records, &mut f).await?;
    memory_drift(p, &records, &users, &mut f).await?;
    api_keys(p, &records, &mut f).await?;
    f.sort_by(|a, b| (a.rule, &a.subject).cmp(&(b.rule, &b.subject)));
    Ok(DriftReport {
        clean: f.iter().all(|x| x.rule.meta().severity != Severity::Error),
        tenants: records.len(),
        users: users.len(),
        objects,
        parameters,
        findings: f,
        notes,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn record_namespaces_name_their_tenant_and_user() {
        assert_eq!(
            super::namespace_owner("/tenants/clinic-a/shared/"),
            Some(("clinic-a", None))
        );
        assert_eq!(
            super::namespace_owner("/tenants/clinic-a:0f6c-1e2d/facts/"),
            Some(("clinic-a", Some("0f6c-1e2d")))
        );
        assert_eq!(
            super::namespace_owner("/tenants/clinic-a/users/0f6c/prefs/"),
            Some(("clinic-a", Some("0f6c")))
        );
        assert_eq!(super::namespace_owner("/summaries/s1/"), None);
    }
}
