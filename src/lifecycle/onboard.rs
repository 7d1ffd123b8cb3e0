//! `tenant onboard`: validate every input first, then plan and apply per tenant, tenants in
//! parallel with bounded concurrency. Each tenant's record is written `pending` before its
//! resources, and `active` only after all of them exist, so a killed run leaves `pending`
//! records that the same command completes.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use chrono::Utc;
use futures::stream::{self, StreamExt};
use serde::Deserialize;

use crate::aws::bedrock::Project;
use crate::aws::cognito::User;
use crate::error::{Error, ErrorKind, Result};
use crate::ids::{Email, TenantId, TierName};
use crate::naming::ATTR_TIER;
use crate::output::Printer;
use crate::plan::{Action, Change};
use crate::platform::Platform;
use crate::policy::same_policy;
use crate::record::{ProjectIdSource, Resources, Status, TenantRecord, SCHEMA_VERSION};
use crate::templates;

use super::lease::{self, Lease, LeaseOptions, Scope};
use super::membership::{self, Recorded, Standing};

/// One tenant to onboard, after validation.
#[derive(Debug, Clone)]
pub struct TenantSpec {
    pub tenant: TenantId,
    pub tier: TierName,
    pub users: Vec<Email>,
    pub project_id: Option<String>,
}

/// Raw row of a bulk file, before validation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpec {
    tenant: String,
    tier: String,
    #[serde(default)]
    users: Vec<String>,
    #[serde(default)]
    project_id: Option<String>,
}

pub fn validate_project_id(s: &str) -> Result<String> {
    if s.is_empty()
        || s.len() > 64
        || !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(Error::usage(format!(
            "invalid project id {s:?}: use 1-64 letters, digits, - or _"
        )));
    }
    Ok(s.to_string())
}

/// Read a users CSV: one email per row, in a column named `email` or the first column.
pub fn read_users_csv(path: &Path) -> Result<Vec<String>> {
    let text = crate::input::read_text(path, "users file")?;
    parse_users_csv(&text, &path.display().to_string())
}

/// The parsing half of `read_users_csv`; `origin` names the input in messages.
pub fn parse_users_csv(text: &str, origin: &str) -> Result<Vec<String>> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    let mut col = 0usize;
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| Error::usage(format!("{}: line {}: {e}", origin, i + 1)))?;
        if i == 0 {
            if let Some(pos) = rec.iter().position(|h| h.eq_ignore_ascii_case("email")) {
                col = pos;
                continue;
            }
        }
        match rec.get(col) {
            Some(v) if !v.is_empty() => out.push(v.to_string()),
            _ if rec.iter().all(|f| f.is_empty()) => {}
            _ => {
                return Err(Error::usage(format!(
                    "{}: line {}: no email in column {}",
                    origin,
                    i + 1,
                    col + 1
                )))
            }
        }
    }
    Ok(out)
}

/// Read a bulk file: JSON (array of {tenant, tier, users, project_id?}) or CSV with header
/// `tenant,tier,users[,project_id]` where users are separated by `;`.
pub fn read_bulk(path: &Path) -> Result<Vec<(String, RawSpecPub)>> {
    let text = crate::input::read_text(path, "bulk file")?;
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || text.trim_start().starts_with('[');
    parse_bulk(&text, &path.display().to_string(), is_json)
}

/// The parsing half of `read_bulk`; `origin` names the input in messages.
pub fn parse_bulk(text: &str, origin: &str, is_json: bool) -> Result<Vec<(String, RawSpecPub)>> {
    let mut out = Vec::new();
    if is_json {
        let rows: Vec<RawSpec> = serde_json::from_str(text).map_err(|e| {
            Error::usage(format!("{}: {e}", origin))
                .with_hint("expected a JSON array of {\"tenant\", \"tier\", \"users\": [..]}")
        })?;
        for (i, r) in rows.into_iter().enumerate() {
            out.push((format!("{}: entry {}", origin, i + 1), RawSpecPub::from(r)));
        }
    } else {
        let mut rdr = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let headers = rdr
            .headers()
            .map_err(|e| Error::usage(format!("{}: {e}", origin)))?
            .clone();
        for h in headers.iter() {
            if !["tenant", "tier", "users", "project_id"].contains(&h) {
                return Err(Error::usage(format!(
                    "{}: unknown column {h:?}; expected tenant,tier,users[,project_id]",
                    origin
                )));
            }
        }
        for (i, rec) in rdr.records().enumerate() {
            let line = i + 2;
            let rec = rec.map_err(|e| Error::usage(format!("{}: line {line}: {e}", origin)))?;
            let get = |name: &str| {
                headers
                    .iter()
                    .position(|h| h == name)
                    .and_then(|p| rec.get(p))
                    .unwrap_or("")
                    .to_string()
            };
            let users = get("users")
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            let project_id = Some(get("project_id")).filter(|s| !s.is_empty());
            out.push((
                format!("{}: line {line}", origin),
                RawSpecPub {
                    tenant: get("tenant"),
                    tier: get("tier"),
                    users,
                    project_id,
                },
            ));
        }
    }
    if out.is_empty() {
        return Err(Error::usage(format!("{}: no tenants in file", origin)));
    }
    Ok(out)
}

/// Unvalidated tenant spec (from flags or a file).
#[derive(Debug, Clone)]
pub struct RawSpecPub {
    pub tenant: String,
    pub tier: String,
    pub users: Vec<String>,
    pub project_id: Option<String>,
}

impl From<RawSpec> for RawSpecPub {
    fn from(r: RawSpec) -> Self {
        RawSpecPub {
            tenant: r.tenant,
            tier: r.tier,
            users: r.users,
            project_id: r.project_id,
        }
    }
}

/// Validate every spec; the first problem (with its location) is returned and nothing is written.
pub fn validate(
    cfg: &crate::config::Config,
    raw: Vec<(String, RawSpecPub)>,
) -> Result<Vec<TenantSpec>> {
    let mut seen_tenants = BTreeSet::new();
    let mut seen_emails: HashMap<Email, TenantId> = HashMap::new();
    let mut out = Vec::new();
    for (loc, r) in raw {
        let at = |e: Error| e.context(&loc);
        let tenant = TenantId::parse(&r.tenant).map_err(at)?;
        let tier = cfg.parse_tier(&r.tier).map_err(at)?;
        if !seen_tenants.insert(tenant.clone()) {
            return Err(at(Error::usage(format!("tenant {tenant} appears twice"))));
        }
        let mut users = Vec::new();
        for u in &r.users {
            let e = Email::parse(u).map_err(at)?;
            if let Some(other) = seen_emails.get(&e) {
                return Err(at(Error::usage(if *other == tenant {
                    format!("user {e} is listed twice for tenant {tenant}")
                } else {
                    format!("user {e} is listed for both {other} and {tenant}; a user belongs to exactly one tenant")
                })));
            }
            seen_emails.insert(e.clone(), tenant.clone());
            users.push(e);
        }
        let project_id = r
            .project_id
            .as_deref()
            .map(validate_project_id)
            .transpose()
            .map_err(at)?;
        out.push(TenantSpec {
            tenant,
            tier,
            users,
            project_id,
        });
    }
    Ok(out)
}

/// What one tenant needs, from observation.
#[derive(Debug, Clone)]
pub enum TenantOp {
    WriteRecord(Box<TenantRecord>),
    PutProjectId(String),
    PutMarker,
    CreateUser(Email),
    /// Attributes back to the tenant's; `set_enabled`: enable (`Some(true)`) or, for a
    /// suspended tenant, sign out and disable (`Some(false)`).
    FixUser {
        email: Email,
        set_enabled: Option<bool>,
    },
    /// An existing user with the tenant's claim that the membership does not record.
    AdoptUser(Box<User>),
    /// Write the membership: the users created or adopted by this plan (and a migration).
    RecordMembers,
    CreateSiloedRole,
    PutSiloedPolicy,
    MarkActive,
    /// First in the plan when it appears: later record and parameter writes use its id.
    CreateProject,
    /// The tenant's API key (tiers with limits): created, its value stored as a SecureString
    /// under the tenant's path, and put on the tier's usage plan. Each part is found by name
    /// on a re-run, so a run killed between them resumes with `StoreApiKey`/`AttachApiKey`.
    CreateApiKey {
        plan: String,
    },
    /// Store an existing key's value (lost between create and store).
    StoreApiKey {
        key: String,
    },
    /// Put an existing key on the tier's usage plan.
    AttachApiKey {
        plan: String,
        key: String,
    },
}

pub struct TenantPlan {
    pub spec: TenantSpec,
    pub ops: Vec<(Change, TenantOp)>,
    /// The membership the plan was made against (what `RecordMembers` adds to).
    pub recorded: Recorded,
    /// The tenant is suspended: users created for it start disabled.
    pub suspended: bool,
    /// No record existed when the plan was made: its record write is create-if-absent, and a
    /// record found there at apply time makes the plan stale (planned again under the lease).
    pub new_tenant: bool,
}

/// Observed users, indexed by username (lowercase email).
pub type UserIndex = BTreeMap<String, User>;

pub async fn index_users(p: &Platform, pool: &str) -> Result<UserIndex> {
    Ok(p.aws
        .cognito_list_users(pool)
        .await?
        .into_iter()
        .map(|u| (u.username.to_ascii_lowercase(), u))
        .collect())
}

/// One tenant of a bulk run: `None` when it was not started (the run stopped first), else how
/// many of its changes were applied and how it ended.
type TenantResult = (TenantId, Option<(usize, Result<()>)>);

/// Stands in for the id of a project this plan creates, until `CreateProject` returns it.
const PROJECT_TO_CREATE: &str = "(created at apply)";

/// Active Bedrock projects by name, listed at most once per command and only if a tenant
/// needs a lookup: planning a bulk onboarding would otherwise list every page of the account's
/// projects once per new tenant. Planning reads it; under the tenant's lease, just before
/// creating, the lookup is fresh (another run may have created the project since the listing).
#[derive(Default)]
pub struct ProjectIndex(tokio::sync::OnceCell<HashMap<String, Vec<Project>>>);

impl ProjectIndex {
    async fn named(&self, p: &Platform, name: &str) -> Result<Vec<Project>> {
        let by_name = self
            .0
            .get_or_try_init(|| async {
                let mut m: HashMap<String, Vec<Project>> = HashMap::new();
                for pr in p.aws.bedrock.active_projects().await? {
                    m.entry(pr.name.clone()).or_default().push(pr);
                }
                Ok::<_, Error>(m)
            })
            .await?;
        Ok(by_name.get(name).cloned().unwrap_or_default())
    }
}

/// The tenant's project id, where it comes from, and whether a project must be created:
/// `--project-id` wins; a recorded own id (given or created) is kept; a tier-sourced id follows
/// the tier's current `project_id`; with `[bedrock] create_projects`, a tenant without its own
/// gets one, adopting the project of its name when an interrupted run already created it.
async fn project_id_for(
    p: &Platform,
    spec: &TenantSpec,
    existing: Option<&TenantRecord>,
    tier_project: &str,
    projects: Option<&ProjectIndex>,
) -> Result<(String, ProjectIdSource, bool)> {
    if let Some(id) = &spec.project_id {
        return Ok((id.clone(), ProjectIdSource::Flag, false));
    }
    if let Some(r) = existing.filter(|r| r.project_id_source != ProjectIdSource::Tier) {
        return Ok((r.project_id.clone(), r.project_id_source, false));
    }
    if !p.cfg.bedrock.create_projects {
        return Ok((tier_project.to_string(), ProjectIdSource::Tier, false));
    }
    let name = p.names.bedrock_project_name(&spec.tenant);
    let found = match projects {
        Some(index) => index.named(p, &name).await?,
        None => p.aws.bedrock.find_projects(&name).await?,
    };
    match found.as_slice() {
        [] => Ok((
            PROJECT_TO_CREATE.to_string(),
            ProjectIdSource::Created,
            true,
        )),
        [one] => Ok((one.id.clone(), ProjectIdSource::Created, false)),
        many => Err(Error::env(format!(
            "{} Bedrock projects are named {name}; cannot tell which is tenant {}'s",
            many.len(),
            spec.tenant
        ))
        .with_hint(format!(
            "archive the extra ones, or pass --project-id with the right one ({})",
            many.iter()
                .map(|p| p.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// Refusals before planning: another tier, a tenant in flight (`require_changeable`), users
/// of another tenant.
fn check_onboardable(
    existing: Option<&TenantRecord>,
    spec: &TenantSpec,
    users: &UserIndex,
    recorded: &Recorded,
) -> Result<()> {
    let t = &spec.tenant;
    if let Some(r) = existing {
        if r.tier != spec.tier {
            return Err(Error::usage(format!(
                "tenant {t} exists on tier {}, not {}",
                r.tier, spec.tier
            ))
            .with_hint(format!(
                "use `tenantctl tenant set-tier {t} {}` to move it",
                spec.tier
            )));
        }
        super::require_changeable(r, super::Operation::Onboard)?;
    }
    for e in &spec.users {
        if let Some(u) = users.get(e.as_str()) {
            membership::standing(t, e, u, &recorded.membership)?;
        }
    }
    Ok(())
}

/// The record onboarding converges to; what the existing record says about status, suspension,
/// a move in progress and history is kept.
fn desired_record(
    p: &Platform,
    spec: &TenantSpec,
    existing: Option<&TenantRecord>,
    users: &UserIndex,
    project_id: String,
    source: ProjectIdSource,
) -> TenantRecord {
    let names = &p.names;
    let t = &spec.tenant;
    let siloed = templates::is_siloed(&p.cfg, &spec.tier);
    let role_name = names.siloed_role_name(t);
    let now = Utc::now();
    let desired_resources = Resources {
        data_bucket: names.data_bucket.clone(),
        data_prefix: names.data_prefix(&spec.tier, t),
        parameters: vec![names.ssm_tenant_record(t), names.ssm_tenant_project_id(t)],
        role_arn: siloed.then(|| names.role_arn(&role_name)),
    };
    let status_now = existing
        .as_ref()
        .map(|r| r.status)
        .unwrap_or(Status::Pending);
    // Users created while the tenant is suspended start disabled because of the suspension:
    // noted in the record (written before they are created) so that resume enables them.
    let mut suspension = existing
        .as_ref()
        .and_then(|r| r.suspension.clone())
        .filter(|_| status_now == Status::Suspended);
    if let Some(s) = suspension.as_mut() {
        // ... and so do users of it that are enabled (a killed `user add`, a hand edit): the
        // suspension disables them below.
        for e in spec
            .users
            .iter()
            .filter(|e| users.get(e.as_str()).is_none_or(|u| u.enabled))
        {
            if !s.disabled_users.iter().any(|u| u == e.as_str()) {
                s.disabled_users.push(e.to_string());
            }
        }
    }
    TenantRecord {
        schema_version: SCHEMA_VERSION,
        tenant: t.clone(),
        tier: spec.tier.clone(),
        status: status_now,
        created_at: existing.map(|r| r.created_at).unwrap_or(now),
        updated_at: now,
        project_id: project_id.clone(),
        project_id_source: source,
        resources: desired_resources,
        journal: None,
        status_reason: existing.and_then(|r| r.status_reason.clone()),
        suspension,
        offboarding: None,
        tier_change: existing.and_then(|r| r.tier_change.clone()),
        // A restored tenant's history (earlier offboardings, restores) is kept.
        offboarded_history: existing
            .map(|r| r.offboarded_history.clone())
            .unwrap_or_default(),
        restores: existing.map(|r| r.restores.clone()).unwrap_or_default(),
        extra: existing.map(|r| r.extra.clone()).unwrap_or_default(),
    }
}

/// A user's op, if it is missing or differs (claims, enabled) from what its tenant wants.
fn plan_user(
    spec: &TenantSpec,
    e: &Email,
    u: Option<&User>,
    suspended: bool,
) -> Option<(Change, TenantOp)> {
    let t = &spec.tenant;
    let ch = |action, detail: String| Change {
        tenant: Some(t.to_string()),
        action,
        resource: format!("cognito:user/{e}"),
        detail,
    };
    let Some(u) = u else {
        return Some((
            ch(
                Action::Create,
                format!("user (tier {}, clinic {t})", spec.tier),
            ),
            TenantOp::CreateUser(e.clone()),
        ));
    };
    // The clinic claim is the tenant's (`membership::standing` refused anything else) and is
    // never written to an existing user.
    let tier_ok = u.attr(ATTR_TIER) == Some(spec.tier.as_str());
    let email_ok = u.attr("email") == Some(e.as_str());
    // A user of a suspended tenant is disabled (and signed out); otherwise
    // onboarding re-enables.
    let enable = !u.enabled && !suspended;
    let disable = u.enabled && suspended;
    if tier_ok && email_ok && !enable && !disable {
        return None;
    }
    let mut what = Vec::new();
    if !tier_ok {
        what.push(format!(
            "{ATTR_TIER} {:?} -> {:?}",
            u.attr(ATTR_TIER).unwrap_or(""),
            spec.tier.as_str()
        ));
    }
    if !email_ok {
        what.push("email".into());
    }
    if enable {
        what.push("enable".into());
    }
    if disable {
        what.push("disable (tenant suspended)".into());
    }
    let set_enabled = (enable || disable).then_some(enable);
    Some((
        ch(Action::Fix, what.join(", ")),
        TenantOp::FixUser {
            email: e.clone(),
            set_enabled,
        },
    ))
}

/// A siloed tier's dedicated role and its policy, if missing or different.
async fn plan_siloed_role(
    p: &Platform,
    spec: &TenantSpec,
    ops: &mut Vec<(Change, TenantOp)>,
) -> Result<()> {
    let names = &p.names;
    let t = &spec.tenant;
    let role_name = names.siloed_role_name(t);
    let ch = |action, resource: String, detail: String| Change {
        tenant: Some(t.to_string()),
        action,
        resource,
        detail,
    };
    match p.aws.iam_get_role(&role_name).await? {
        None => {
            ops.push((
                ch(
                    Action::Create,
                    format!("iam:role/{role_name}"),
                    "dedicated tenant role (siloed tier)".into(),
                ),
                TenantOp::CreateSiloedRole,
            ));
            ops.push((
                ch(
                    Action::Create,
                    format!("iam:role/{role_name}/policy"),
                    "tenant access policy".into(),
                ),
                TenantOp::PutSiloedPolicy,
            ));
        }
        Some(_) => {
            let desired = templates::siloed_access_policy(&p.cfg, names, t, &spec.tier)?;
            let have = p
                .aws
                .iam_get_role_policy(&role_name, &names.siloed_policy_name(t))
                .await?;
            if !have.is_some_and(|h| same_policy(&h, &desired)) {
                ops.push((
                    ch(
                        Action::Fix,
                        format!("iam:role/{role_name}/policy"),
                        "tenant access policy".into(),
                    ),
                    TenantOp::PutSiloedPolicy,
                ));
            }
        }
    }
    Ok(())
}

/// Plan one tenant against what exists. Refuses tenants that are mid-offboarding, offboarded,
/// on another tier, and users that belong to another tenant. `projects`: the command's project
/// listing, for planning; `None` looks the tenant's project up afresh (under its lease).
pub async fn plan_tenant(
    p: &Platform,
    spec: &TenantSpec,
    users: &UserIndex,
    projects: Option<&ProjectIndex>,
) -> Result<TenantPlan> {
    let t = &spec.tenant;
    let tc = p.cfg.tier(&spec.tier)?;
    let mut ops: Vec<(Change, TenantOp)> = Vec::new();

    let existing = p.load_record(t).await?;
    // A tenant onboarded before memberships were recorded is migrated from its claims; a new
    // one starts empty (a user already carrying its claim is then adopted, or keeps it pending).
    let recorded = match &existing {
        Some(_) => membership::load(p, t, users.values()).await?,
        None => Recorded::new_tenant(t),
    };
    check_onboardable(existing.as_ref(), spec, users, &recorded)?;
    let (project_id, source, create_project) =
        project_id_for(p, spec, existing.as_ref(), &tc.project_id, projects).await?;
    if create_project {
        ops.push(create_project_op(p, t));
    }
    let desired = desired_record(
        p,
        spec,
        existing.as_ref(),
        users,
        project_id.clone(),
        source,
    );
    let status_now = desired.status;
    ops.extend(record_op(p, t, existing.as_ref(), &desired));
    ops.extend(project_id_op(p, t, &project_id).await?);
    ops.extend(marker_op(p, spec).await?);
    ops.extend(api_key_ops(p, spec).await?);
    ops.extend(user_ops(p, spec, users, &recorded, status_now == Status::Suspended).await?);
    if templates::is_siloed(&p.cfg, &spec.tier) {
        plan_siloed_role(p, spec, &mut ops).await?;
    }
    if status_now == Status::Pending {
        ops.push(mark_active_op(p, t));
    }
    Ok(TenantPlan {
        spec: spec.clone(),
        ops,
        recorded,
        suspended: status_now == Status::Suspended,
        new_tenant: existing.is_none(),
    })
}

/// The users of the spec (create, fix, adopt) and the membership write that records them.
/// An unrecorded user carrying the tenant's claim is adopted, unless another tenant's
/// membership records it.
async fn user_ops(
    p: &Platform,
    spec: &TenantSpec,
    users: &UserIndex,
    recorded: &Recorded,
    suspended: bool,
) -> Result<Vec<(Change, TenantOp)>> {
    let t = &spec.tenant;
    let mut ops = Vec::new();
    let mut added = Vec::new();
    for e in &spec.users {
        let u = users.get(e.as_str());
        let standing = u
            .map(|u| membership::standing(t, e, u, &recorded.membership))
            .transpose()?;
        match (u, standing) {
            (None, _) => added.push(e.to_string()),
            (Some(u), Some(Standing::Unrecorded)) if !recorded.migrated => {
                added.push(e.to_string());
                ops.push((
                    tenant_change(
                        t,
                        Action::Fix,
                        format!("cognito:user/{e}"),
                        format!("carries {t}'s claims but is not a recorded member (created outside tenantctl, or by a run that stopped): record it"),
                    ),
                    TenantOp::AdoptUser(Box::new(u.clone())),
                ));
            }
            _ => {}
        }
        ops.extend(plan_user(spec, e, u, suspended));
    }
    let adopted: Vec<&User> = ops
        .iter()
        .filter_map(|(_, op)| match op {
            TenantOp::AdoptUser(u) => Some(u.as_ref()),
            _ => None,
        })
        .collect();
    membership::refuse_recorded_elsewhere(p, t, &adopted).await?;
    if let Some(detail) = membership::describe(recorded, &added, &[]) {
        ops.push((
            membership::record_change(&p.names, t, recorded, detail),
            TenantOp::RecordMembers,
        ));
    }
    Ok(ops)
}

/// The tier's usage plan id (tiers with limits), or why there is none.
pub async fn usage_plan_id(p: &Platform, tier: &TierName) -> Result<Option<String>> {
    if p.cfg.tier(tier)?.limits().is_none() {
        return Ok(None);
    }
    let name = p.names.usage_plan_name(tier);
    match p
        .aws
        .apigw_usage_plans()
        .await?
        .into_iter()
        .find(|u| u.name == name)
    {
        Some(u) => Ok(Some(u.id)),
        None => Err(Error::usage(format!(
            "tier {tier} declares limits but its usage plan {name} does not exist"
        ))
        .with_hint("run `tenantctl init` to create the usage plans")),
    }
}

/// The tenant's API key, if it has one: (id, enabled).
pub async fn api_key_of(p: &Platform, t: &TenantId) -> Result<Option<(String, bool)>> {
    let name = p.names.api_key_name(t);
    Ok(p.aws
        .apigw_api_keys(&name)
        .await?
        .into_iter()
        .find(|k| k.name == name)
        .map(|k| (k.id, k.enabled)))
}

/// The tenant's API key on its tier's usage plan, its value stored for the front door.
async fn api_key_ops(p: &Platform, spec: &TenantSpec) -> Result<Vec<(Change, TenantOp)>> {
    let t = &spec.tenant;
    let Some(plan) = usage_plan_id(p, &spec.tier).await? else {
        return Ok(Vec::new());
    };
    let key_name = p.names.api_key_name(t);
    let param = p.names.ssm_tenant_api_key(t);
    let plan_name = p.names.usage_plan_name(&spec.tier);
    let Some((key, _)) = api_key_of(p, t).await? else {
        return Ok(vec![(
            tenant_change(
                t,
                Action::Create,
                format!("apigateway:api-key/{key_name}"),
                format!(
                    "API key on usage plan {plan_name}; value stored as SecureString ssm:{param}"
                ),
            ),
            TenantOp::CreateApiKey { plan },
        )]);
    };
    let mut ops = Vec::new();
    if p.aws.ssm_get(&param).await?.is_none() {
        ops.push((
            tenant_change(
                t,
                Action::Create,
                format!("ssm:{param}"),
                format!("SecureString: the value of API key {key_name}"),
            ),
            TenantOp::StoreApiKey { key: key.clone() },
        ));
    }
    if !p.aws.apigw_plan_keys(&plan).await?.contains(&key) {
        ops.push((
            tenant_change(
                t,
                Action::Fix,
                format!("apigateway:api-key/{key_name}"),
                format!("put on usage plan {plan_name}"),
            ),
            TenantOp::AttachApiKey { plan, key },
        ));
    }
    Ok(ops)
}

fn tenant_change(t: &TenantId, action: Action, resource: String, detail: String) -> Change {
    Change {
        tenant: Some(t.to_string()),
        action,
        resource,
        detail,
    }
}

/// The tenant's own Bedrock project, so that its model use is attributed to it.
fn create_project_op(p: &Platform, t: &TenantId) -> (Change, TenantOp) {
    let name = p.names.bedrock_project_name(t);
    let change = tenant_change(
        t,
        Action::Create,
        format!("bedrock:project/{name}"),
        "the tenant's own Bedrock project (cost attribution)".into(),
    );
    (change, TenantOp::CreateProject)
}

/// Write the tenant record when there is none (it starts pending) or it differs from
/// `desired`; nothing when it already says the same.
fn record_op(
    p: &Platform,
    t: &TenantId,
    existing: Option<&TenantRecord>,
    desired: &TenantRecord,
) -> Option<(Change, TenantOp)> {
    let rec_param = p.names.ssm_tenant_record(t);
    let (action, detail) = match existing {
        None => (Action::Create, "tenant record (pending)"),
        Some(r) if !r.same_content(desired) => (Action::Update, "tenant record"),
        _ => return None,
    };
    let change = tenant_change(t, action, format!("ssm:{rec_param}"), detail.into());
    Some((change, TenantOp::WriteRecord(Box::new(desired.clone()))))
}

/// Put the project id parameter when it is missing or holds another id.
async fn project_id_op(
    p: &Platform,
    t: &TenantId,
    project_id: &str,
) -> Result<Option<(Change, TenantOp)>> {
    let pid_param = p.names.ssm_tenant_project_id(t);
    let (action, detail) = match p.aws.ssm_get(&pid_param).await? {
        Some(v) if v.value == project_id => return Ok(None),
        Some(v) => (Action::Update, format!("{} -> {project_id}", v.value)),
        None => (Action::Create, project_id.to_string()),
    };
    let change = tenant_change(t, action, format!("ssm:{pid_param}"), detail);
    Ok(Some((
        change,
        TenantOp::PutProjectId(project_id.to_string()),
    )))
}

/// Put the marker object of the tenant's data prefix when it is missing.
async fn marker_op(p: &Platform, spec: &TenantSpec) -> Result<Option<(Change, TenantOp)>> {
    let (names, t) = (&p.names, &spec.tenant);
    let marker = names.prefix_marker_key(&spec.tier, t);
    if p.aws.s3_head(&names.data_bucket, &marker).await?.is_some() {
        return Ok(None);
    }
    let change = tenant_change(
        t,
        Action::Create,
        format!(
            "s3://{}/{}",
            names.data_bucket,
            names.data_prefix(&spec.tier, t)
        ),
        "data prefix marker".into(),
    );
    Ok(Some((change, TenantOp::PutMarker)))
}

/// The last step of a new tenant's plan: `active` only once everything before it is applied.
fn mark_active_op(p: &Platform, t: &TenantId) -> (Change, TenantOp) {
    let change = tenant_change(
        t,
        Action::Update,
        format!("ssm:{}", p.names.ssm_tenant_record(t)),
        "status pending -> active".into(),
    );
    (change, TenantOp::MarkActive)
}

/// Apply one tenant's plan in order, counting what was applied into `applied` (also when a
/// later change fails, so the audit record and the summary are exact). `Ok(false)`: the plan
/// was made for a new tenant and its record exists now (stale plan, nothing written after the
/// check): plan again.
async fn apply_tenant(
    p: &Platform,
    pool: &str,
    plan: TenantPlan,
    invite: bool,
    gate: &super::gate::IsolationGate,
    applied: &mut usize,
) -> Result<bool> {
    let mut a = Applier {
        create_record: plan.new_tenant,
        stale: false,
        written: None,
        p,
        pool,
        t: &plan.spec.tenant,
        tier: &plan.spec.tier,
        invite,
        suspended: plan.suspended,
        gate,
        recorded: plan.recorded,
        created_project: None,
        members: Vec::new(),
    };
    for (ch, op) in plan.ops {
        a.apply(op)
            .await
            .map_err(|e| e.context(format!("{}: {} ({})", a.t, ch.resource, ch.detail)))?;
        if a.stale {
            return Ok(false);
        }
        *applied += 1;
    }
    Ok(true)
}

/// What applying one tenant's plan carries from one step to the next.
struct Applier<'a> {
    p: &'a Platform,
    pool: &'a str,
    t: &'a TenantId,
    tier: &'a TierName,
    invite: bool,
    suspended: bool,
    gate: &'a super::gate::IsolationGate,
    recorded: Recorded,
    /// The id `CreateProject` returned, wherever the plan could only name it.
    created_project: Option<String>,
    /// Users created or adopted by this plan, recorded by `RecordMembers`.
    members: Vec<User>,
    /// The plan was made with no record there: the first record write only creates.
    create_record: bool,
    /// That create found a record: the plan is stale, stop applying it.
    stale: bool,
    /// The record as this plan last wrote it (under the lease nobody else writes it), so
    /// `MarkActive` needs no re-read.
    written: Option<TenantRecord>,
}

impl Applier<'_> {
    fn resolve(&self, id: String) -> String {
        if id == PROJECT_TO_CREATE {
            self.created_project.clone().unwrap_or(id)
        } else {
            id
        }
    }

    async fn apply(&mut self, op: TenantOp) -> Result<()> {
        let (p, t, tier, names) = (self.p, self.t, self.tier, &self.p.names);
        match op {
            TenantOp::CreateProject => {
                let tags = [
                    (crate::naming::TAG_CLINIC_ID, t.as_str()),
                    (crate::naming::TAG_TIER, tier.as_str()),
                    (crate::naming::TAG_NAMESPACE, names.ns.as_str()),
                ];
                let project = p
                    .aws
                    .bedrock
                    .create_project(&names.bedrock_project_name(t), &tags)
                    .await?;
                self.created_project = Some(project.id);
            }
            TenantOp::WriteRecord(mut rec) => {
                rec.project_id = self.resolve(std::mem::take(&mut rec.project_id));
                if std::mem::take(&mut self.create_record) {
                    if !p.create_record(&mut rec).await? {
                        self.stale = true;
                        return Ok(());
                    }
                } else {
                    p.save_record(&mut rec).await?
                }
                self.written = Some(*rec);
            }
            TenantOp::PutProjectId(id) => {
                let id = self.resolve(id);
                p.aws
                    .ssm_put(&names.ssm_tenant_project_id(t), &id, true, &[])
                    .await?;
            }
            TenantOp::PutMarker => {
                let meta = HashMap::from([
                    ("tenant".to_string(), t.to_string()),
                    ("tier".to_string(), tier.to_string()),
                ]);
                let key = names.prefix_marker_key(tier, t);
                p.aws
                    .s3_put(&names.data_bucket, &key, Vec::new(), &meta)
                    .await?;
            }
            TenantOp::CreateUser(e) => {
                let u = self.create_user(&e).await?;
                self.members.push(u);
            }
            TenantOp::AdoptUser(u) => self.members.push(*u),
            TenantOp::RecordMembers => {
                for u in &self.members {
                    let m = membership::member_of(u, &p.caller.arn)?;
                    self.recorded.membership.insert(m);
                }
                p.save_membership(&mut self.recorded.membership).await?;
                self.recorded.stored = true;
            }
            TenantOp::FixUser { email, set_enabled } => self.fix_user(&email, set_enabled).await?,
            TenantOp::CreateSiloedRole => self.create_siloed_role().await?,
            TenantOp::PutSiloedPolicy => {
                let doc = templates::siloed_access_policy(&p.cfg, names, t, tier)?;
                p.aws
                    .iam_put_role_policy(
                        &names.siloed_role_name(t),
                        &names.siloed_policy_name(t),
                        &doc,
                    )
                    .await?;
            }
            TenantOp::CreateApiKey { plan } => {
                let mut tags = p.tags();
                tags.push((crate::naming::TAG_CLINIC_ID.to_string(), t.to_string()));
                let (key, value) = p
                    .write(p.aws.apigw_create_api_key(&names.api_key_name(t), &tags))
                    .await?;
                p.write(p.aws.ssm_put_api_key(&names.ssm_tenant_api_key(t), &value))
                    .await?;
                p.write(p.aws.apigw_add_plan_key(&plan, &key)).await?;
                if self.suspended {
                    p.write(p.aws.apigw_set_api_key_enabled(&key, false))
                        .await?;
                }
            }
            TenantOp::StoreApiKey { key } => {
                let value = p.aws.apigw_api_key_value(&key).await?;
                p.write(p.aws.ssm_put_api_key(&names.ssm_tenant_api_key(t), &value))
                    .await?;
            }
            TenantOp::AttachApiKey { plan, key } => {
                p.write(p.aws.apigw_add_plan_key(&plan, &key)).await?
            }
            TenantOp::MarkActive => {
                // The membership as stored, when this command holds it (written by this plan,
                // or read under the lease): no re-read.
                let known = self.recorded.stored.then_some(&self.recorded.membership);
                self.gate.check_with(p, t, tier, known).await?;
                let mut rec = match self.written.take() {
                    Some(r) => r,
                    None => p.load_record(t).await?.ok_or_else(|| {
                        Error::env(format!("tenant record of {t} vanished during onboarding"))
                    })?,
                };
                rec.status = Status::Active;
                rec.journal = None;
                p.save_record(&mut rec).await?;
            }
        }
        Ok(())
    }

    /// Create one user with the tenant's claims (disabled when the tenant is suspended). A user
    /// created between observe and apply (a retried call whose first attempt succeeded, or
    /// another operator) is the tenant's only if `membership::standing` says so.
    async fn create_user(&self, e: &Email) -> Result<User> {
        let (p, pool) = (self.p, self.pool);
        let m = &self.recorded.membership;
        match membership::create_user(p, pool, self.t, self.tier.as_str(), e, self.invite, m)
            .await?
        {
            membership::Created::New(u) => {
                // A suspended tenant's new users start disabled, like the others.
                if self.suspended {
                    p.aws.cognito_set_enabled(pool, e.as_str(), false).await?;
                }
                Ok(u)
            }
            membership::Created::Existing(u) => Ok(u),
        }
    }

    /// `custom:tier` and email back to the tenant's (never the clinic claim); enable, or for a
    /// suspended tenant disable and sign out.
    async fn fix_user(&self, email: &Email, set_enabled: Option<bool>) -> Result<()> {
        let (p, pool) = (self.p, self.pool);
        let attrs = [("email", email.as_str()), (ATTR_TIER, self.tier.as_str())];
        p.aws
            .cognito_update_attrs(pool, email.as_str(), &attrs)
            .await?;
        match set_enabled {
            Some(true) => {
                p.aws
                    .cognito_set_enabled(pool, email.as_str(), true)
                    .await?
            }
            Some(false) => {
                // Disable first: a sign-out alone leaves the user able to log in again.
                p.aws
                    .cognito_set_enabled(pool, email.as_str(), false)
                    .await?;
                p.aws.cognito_global_sign_out(pool, email.as_str()).await?;
            }
            None => {}
        }
        Ok(())
    }

    async fn create_siloed_role(&self) -> Result<()> {
        let (p, t, tier, names) = (self.p, self.t, self.tier, &self.p.names);
        let trust = templates::trust_policy(&p.cfg, Some((t, tier)))?;
        let mut tags = p.tags();
        tags.push((crate::naming::TAG_CLINIC_ID.into(), t.to_string()));
        tags.push((crate::naming::TAG_TIER.into(), tier.to_string()));
        match p
            .aws
            .iam_create_role(&names.siloed_role_name(t), &names.iam_path(), &trust, &tags)
            .await
        {
            Ok(_) => Ok(()),
            Err(e) if e.kind == crate::aws::AwsErrorKind::AlreadyExists => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}

/// One tenant, under its lease: apply the plan made before the lease was taken if it was made
/// for a new tenant and creates no Bedrock project (its first write is the record's
/// create-if-absent: if another operator registered the tenant meanwhile, that write finds the
/// record, writes nothing, and the tenant is planned again under the lease); any other plan is
/// made again under the lease (another operator may have changed the tenant since). The flag
/// says the lease was busy.
#[allow(clippy::too_many_arguments)]
async fn onboard_one(
    p: &Platform,
    pool: &str,
    plan: TenantPlan,
    users: &UserIndex,
    invite: bool,
    gate: &super::gate::IsolationGate,
    lease_opts: &LeaseOptions,
    printer: &Printer,
) -> (usize, Result<()>, bool) {
    let t = plan.spec.tenant.clone();
    let spec = plan.spec.clone();
    let lease = match Lease::try_acquire(p, Scope::Tenant(t.clone()), lease_opts).await {
        Ok(Ok(l)) => l,
        Ok(Err(busy)) => return (0, Err(busy), true),
        Err(e) => return (0, Err(e), false),
    };
    let mut applied = 0;
    let r = lease::while_held(std::slice::from_ref(&lease), async {
        // A plan that creates a Bedrock project is made again too: the project is created
        // before the record, so the record's create-if-absent would notice another operator
        // only after a duplicate project.
        let reusable = plan.new_tenant
            && !plan
                .ops
                .iter()
                .any(|(_, op)| matches!(op, TenantOp::CreateProject));
        if reusable && apply_tenant(p, pool, plan, invite, gate, &mut applied).await? {
            return Ok(());
        }
        let plan = plan_tenant(p, &spec, users, None).await?;
        apply_tenant(p, pool, plan, invite, gate, &mut applied)
            .await
            .map(|_| ())
    })
    .await;
    if let Err(e) = lease.release(&p.aws).await {
        printer.warn(format!(
            "{t}: could not release its lease ({}); it expires by itself in {}s",
            e.message,
            lease::TTL.as_secs()
        ));
    }
    (applied, r, false)
}

pub struct OnboardOutcome {
    pub planned: usize,
    pub applied: usize,
    pub failed: Vec<(TenantId, Error)>,
    /// Tenants not started because an AWS/environment failure stopped the run.
    pub not_started: usize,
}

/// Plan every tenant (bounded concurrency), print the plan, then apply unless `dry_run`.
/// Each tenant is applied under its lease; a tenant whose lease another operator holds waits
/// up to `lease_opts.wait`, then fails with the lease error (the others go on). An AWS or
/// environment failure (retries exhausted, access denied) stops the run from starting further
/// tenants: they would most likely fail the same way, and the same command resumes them.
pub async fn run(
    p: Arc<Platform>,
    specs: Vec<TenantSpec>,
    printer: &Printer,
    dry_run: bool,
    invite: bool,
    concurrency: usize,
    lease_opts: &LeaseOptions,
) -> Result<OnboardOutcome> {
    let pool = p.user_pool_id().await?;
    let users = Arc::new(index_users(&p, &pool).await?);
    let projects = ProjectIndex::default();
    // Plan everything first: any refusal (wrong tier, user of another tenant) stops before any write.
    let plans: Vec<Result<TenantPlan>> = stream::iter(specs.iter().cloned())
        .map(|s| {
            let (p, users, projects) = (p.clone(), users.clone(), &projects);
            async move { plan_tenant(&p, &s, &users, Some(projects)).await }
        })
        .buffered(concurrency)
        .collect()
        .await;
    let plans: Vec<TenantPlan> = plans.into_iter().collect::<Result<_>>()?;
    let changes: Vec<Change> = plans
        .iter()
        .flat_map(|pl| pl.ops.iter().map(|(c, _)| c.clone()))
        .collect();
    super::print_plan(printer, "onboard", &changes, dry_run)?;
    let planned = changes.len();
    if dry_run || planned == 0 {
        return Ok(OnboardOutcome {
            planned,
            applied: 0,
            failed: Vec::new(),
            not_started: 0,
        });
    }
    let todo: Vec<TenantPlan> = plans.into_iter().filter(|pl| !pl.ops.is_empty()).collect();
    let pb = printer.progress_bar(todo.len() as u64, "onboarding");
    // The pool listing taken above serves the gate too (it lists the pool as it was before
    // the command created anyone): one listing per run, not two.
    let gate = super::gate::IsolationGate::with_users(users.values().cloned().collect());
    let stop = AtomicBool::new(false);
    let results: Vec<TenantResult> = stream::iter(todo)
        .map(|plan| {
            let (p, pool, users, pb, gate, stop) = (&p, &pool, &users, &pb, &gate, &stop);
            async move {
                let t = plan.spec.tenant.clone();
                if stop.load(Ordering::SeqCst) {
                    return (t, None);
                }
                let (n, r, busy) =
                    onboard_one(p, pool, plan, users, invite, gate, lease_opts, printer).await;
                if matches!(&r, Err(e) if e.kind == ErrorKind::Environment && !busy) {
                    stop.store(true, Ordering::SeqCst);
                }
                pb.inc(1);
                (t, Some((n, r)))
            }
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    pb.finish_and_clear();
    let mut applied = 0;
    let mut failed = Vec::new();
    let mut not_started = 0;
    for (t, r) in results {
        match r {
            None => not_started += 1,
            Some((n, r)) => {
                applied += n;
                if let Err(e) = r {
                    failed.push((t, e));
                }
            }
        }
    }
    failed.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(OnboardOutcome {
        planned,
        applied,
        failed,
        not_started,
    })
}

/// Turn failures into the command's error: exit 4 if anything was applied, else the first error.
pub fn outcome_error(o: OnboardOutcome, printer: &Printer) -> Result<()> {
    if o.failed.is_empty() && o.not_started == 0 {
        return Ok(());
    }
    for (_, e) in &o.failed {
        printer.warn(&e.message);
        for c in &e.causes {
            printer.detail(format!("  caused by: {c}"));
        }
    }
    let n = o.failed.len();
    // Every failure an isolation finding: the check ran and found a problem (exit 1).
    if o.failed
        .iter()
        .all(|(_, e)| e.kind == crate::error::ErrorKind::Finding)
    {
        return Err(Error::finding(format!("{n} tenant(s) left pending: isolation not proven"))
            .with_hint("run `tenantctl validate isolation` for the findings; fix the policies, then re-run the same command"));
    }
    let not_started = if o.not_started > 0 {
        format!(", {} not started", o.not_started)
    } else {
        String::new()
    };
    // A failure's own advice (e.g. how to deal with another operator's lease) is kept: the
    // per-tenant lines above show only the messages.
    let advice = o
        .failed
        .iter()
        .find_map(|(_, e)| e.hint.clone())
        .map(|h| format!(" ({h})"))
        .unwrap_or_default();
    let first = o.failed.into_iter().next().map(|(_, e)| e);
    if o.applied == 0 {
        if let Some(first) = first {
            return Err(first);
        }
    }
    Err(Error::partial(format!(
        "{n} tenant(s) failed to onboard{not_started}; {} change(s) applied",
        o.applied
    ))
    .with_hint(format!(
        "fix the cause above and re-run the same command to resume; it continues where it stopped{advice}"
    )))
}
