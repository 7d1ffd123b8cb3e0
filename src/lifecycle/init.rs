//! `init`: reconcile the shared platform (user pool, buckets, tier parameters, TVM role).

use crate::aws::agentcore::{MemoryInfo, StrategySpec};
use crate::aws::agentcore_authorizers::{AgentCoreResource, JwtAuthorizer};
use crate::config::{MemoryConfig, TierLimits};
use crate::error::{Error, Result};
use crate::isolation::authorizers;
use crate::naming::{Names, TierParam, ATTR_CLINIC_ID, ATTR_TIER};
use crate::plan::{Action, Change};
use crate::platform::Platform;
use crate::policy::same_policy;
use crate::record::{Status, TenantRecord};
use crate::templates;

/// Name of the app client `init` manages; its writable attributes exclude the tenant claims.
pub fn app_client_name(p: &Platform) -> String {
    format!("{}-app", p.names.ns)
}
const APP_READ: &[&str] = &["email", "email_verified", ATTR_TIER, ATTR_CLINIC_ID];

/// The tenant claims of a pool `init` creates, and whether each is mutable. A user never
/// changes clinic (moving is offboard + onboard), so `clinic_id` is immutable: no admin call,
/// script or compromised credential can move a person into another clinic's data by rewriting
/// it. `tier` changes with `tenant set-tier`.
pub const CLAIM_ATTRIBUTES: [(&str, bool); 2] = [("tier", true), ("clinic_id", false)];
const APP_WRITE: &[&str] = &["email"];

#[derive(Debug, Clone)]
pub enum InitOp {
    CreatePool,
    AddCustomAttributes(Vec<&'static str>),
    CreateAppClient,
    RecordPoolId,
    CreateBucket(String),
    EnableVersioning(String),
    EnableEncryption(String),
    BlockPublicAccess(String),
    PutParam {
        name: String,
        value: String,
        exists: bool,
    },
    /// The platform's AgentCore Memory, tagged with the namespace.
    CreateMemory,
    TagMemory(String),
    SetMemoryExpiry {
        id: String,
        days: i32,
    },
    /// Record the memory id (the policies name its ARN).
    RecordMemoryId,
    CreateTvmRole,
    UpdateTvmTrust,
    PutTvmPolicy,
    /// Set the inbound JWT authorizer of a runtime or gateway listed in `[agentcore]` to this
    /// pool and its safe app clients (tenantctl's when it allows none).
    SetAuthorizer {
        kind: authorizers::Kind,
        id: String,
    },
    /// One usage plan per tier with limits.
    CreateUsagePlan {
        tier: String,
        limits: TierLimits,
    },
    UpdateUsagePlan {
        id: String,
        limits: TierLimits,
    },
    /// Mark the registry index of an empty registry built.
    BuildIndex,
}

pub struct InitPlan {
    pub ops: Vec<(Change, InitOp)>,
    pub pool_id: Option<String>,
    /// App clients (not ours) that can write the tenant claims: reported, not changed,
    /// because UpdateUserPoolClient resets every field it is not given.
    pub unsafe_clients: Vec<String>,
    /// The adopted pool declares `custom:clinic_id` mutable (Cognito cannot change that in place).
    pub mutable_clinic_claim: bool,
    /// The memory as found (None: to be created, or no `[memory]`).
    pub memory_id: Option<String>,
    /// Strategy namespaces that disagree with the tenant policy (drift rule TD016): findings,
    /// reported and not changed.
    pub memory_findings: Vec<String>,
    /// Strategies of an adopted memory that differ from the config: reported, not changed
    /// (AgentCore re-extracts long-term records when a strategy changes; an operator decides).
    pub memory_notes: Vec<String>,
    /// Tiers live tenants use that the config no longer has: the policies init writes would
    /// deny those tenants their own data. Refused unless `--allow-tier-removal`.
    pub dropped_tiers: Vec<DroppedTier>,
}

/// A tier missing from the config, and the tenants (not offboarded) still on it or moving
/// from or to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DroppedTier {
    pub tier: String,
    pub tenants: Vec<String>,
}

impl DroppedTier {
    /// One row per tenant, shown with the plan.
    pub fn changes(&self) -> Vec<Change> {
        self.tenants
            .iter()
            .map(|t| Change {
                tenant: Some(t.clone()),
                action: Action::Delete,
                resource: format!("tier/{}", self.tier),
                detail: format!(
                    "tier {} is not in the config: the TVM policy would no longer grant this tenant its data",
                    self.tier
                ),
            })
            .collect()
    }
}

/// The tiers live tenants use that `cfg` lacks, each with its tenants (sorted).
pub fn dropped_tiers(
    configured: &std::collections::BTreeSet<String>,
    records: &[TenantRecord],
) -> Vec<DroppedTier> {
    let mut by_tier: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for r in records.iter().filter(|r| r.status != Status::Offboarded) {
        let mut tiers = vec![r.tier.to_string()];
        if let Some(tc) = &r.tier_change {
            tiers.push(tc.from.to_string());
            tiers.push(tc.to.to_string());
        }
        tiers.sort();
        tiers.dedup();
        for tier in tiers.into_iter().filter(|t| !configured.contains(t)) {
            by_tier.entry(tier).or_default().push(r.tenant.to_string());
        }
    }
    by_tier
        .into_iter()
        .map(|(tier, mut tenants)| {
            tenants.sort();
            DroppedTier { tier, tenants }
        })
        .collect()
}

/// The refusal (exit 2) for `dropped`, naming the tiers and tenants.
pub fn refuse_tier_removal(dropped: &[DroppedTier]) -> Error {
    let what: Vec<String> = dropped
        .iter()
        .map(|d| format!("{} (used by {})", d.tier, d.tenants.join(", ")))
        .collect();
    Error::usage(format!(
        "the config no longer has tier(s) that live tenants use: {}; init would deny those tenants their own data",
        what.join("; ")
    ))
    .with_hint("put the tier back in the config, move the tenants first (`tenantctl tenant set-tier TENANT TIER`) or offboard them; or pass --allow-tier-removal to remove it anyway")
}

fn change(action: Action, resource: String, detail: impl Into<String>) -> Change {
    Change {
        tenant: None,
        action,
        resource,
        detail: detail.into(),
    }
}

/// The changes a plan makes, each with the operation that applies it.
type Ops = Vec<(Change, InitOp)>;

/// What planning the user pool reports rather than changes.
#[derive(Default)]
struct PoolFindings {
    unsafe_clients: Vec<String>,
    mutable_clinic_claim: bool,
}

/// What planning the AgentCore Memory found.
#[derive(Default)]
struct MemoryPlan {
    /// The memory as found (None: to be created, or no `[memory]`).
    id: Option<String>,
    findings: Vec<String>,
    notes: Vec<String>,
    /// This run creates the memory, so the policies naming it must be rewritten.
    created: bool,
}

pub async fn plan(p: &Platform) -> Result<InitPlan> {
    let mut ops = Vec::new();

    // --- tiers in use that the config dropped (read before anything is planned) ---
    let configured = p.cfg.tiers.keys().map(|t| t.to_string()).collect();
    let records = p.load_all_records().await?;
    let dropped_tiers = dropped_tiers(&configured, &records);

    let pool_id = find_pool(p).await?;
    let pool = plan_pool(p, pool_id.as_deref(), &mut ops).await?;
    plan_pool_id_param(p, pool_id.as_ref(), &mut ops).await?;
    plan_buckets(p, &mut ops).await?;
    plan_index(p, records.is_empty(), &mut ops).await?;
    plan_tier_params(p, &mut ops).await?;
    let memory = match &p.cfg.memory {
        Some(mc) => plan_memory(p, mc, &mut ops).await?,
        None => MemoryPlan::default(),
    };
    plan_tvm_role(p, &memory, &mut ops).await?;
    plan_authorizers(p, pool_id.as_deref(), &mut ops).await?;
    plan_usage_plans(p, &mut ops).await?;
    Ok(InitPlan {
        ops,
        pool_id,
        unsafe_clients: pool.unsafe_clients,
        mutable_clinic_claim: pool.mutable_clinic_claim,
        memory_id: memory.id,
        memory_findings: memory.findings,
        memory_notes: memory.notes,
        dropped_tiers,
    })
}

/// The configured user pool (which must exist), else the one found by name, else None.
async fn find_pool(p: &Platform) -> Result<Option<String>> {
    match &p.cfg.cognito.user_pool_id {
        Some(id) => {
            if !p.aws.cognito_pool_exists(id).await? {
                return Err(Error::usage(format!(
                    "cognito.user_pool_id {id:?} does not exist in this account/region"
                ))
                .with_hint("remove user_pool_id to let init create the pool, or fix the id"));
            }
            Ok(Some(id.clone()))
        }
        None => Ok(p
            .aws
            .cognito_find_pool(&p.cfg.cognito.user_pool_name)
            .await?),
    }
}

fn create_app_client(p: &Platform) -> (Change, InitOp) {
    (
        change(
            Action::Create,
            format!("cognito:app-client/{}", app_client_name(p)),
            "app client; tenant claims read-only",
        ),
        InitOp::CreateAppClient,
    )
}

/// The pool, its claim attributes and our app client; other clients that can write the
/// claims are reported.
async fn plan_pool(p: &Platform, pool_id: Option<&str>, ops: &mut Ops) -> Result<PoolFindings> {
    let Some(id) = pool_id else {
        ops.push((
            change(
                Action::Create,
                format!("cognito:user-pool/{}", p.cfg.cognito.user_pool_name),
                "user pool with custom:tier, custom:clinic_id",
            ),
            InitOp::CreatePool,
        ));
        ops.push(create_app_client(p));
        return Ok(PoolFindings::default());
    };
    let have = p.aws.cognito_custom_attributes(id).await?;
    let mutable_clinic_claim = have.iter().any(|a| a.name == ATTR_CLINIC_ID && a.mutable);
    let missing: Vec<&'static str> = [ATTR_TIER, ATTR_CLINIC_ID]
        .into_iter()
        .filter(|a| !have.iter().any(|h| h.name == *a))
        .collect();
    if !missing.is_empty() {
        ops.push((
            change(
                Action::Update,
                format!("cognito:user-pool/{id}"),
                format!("add custom attributes {}", missing.join(", ")),
            ),
            InitOp::AddCustomAttributes(missing),
        ));
    }
    let clients = p.aws.cognito_list_clients(id).await?;
    if !clients.iter().any(|c| c.name == app_client_name(p)) {
        ops.push(create_app_client(p));
    }
    let mut unsafe_clients = Vec::new();
    for c in clients.iter().filter(|c| c.name != app_client_name(p)) {
        let writes_claims = c.write_attributes.is_empty()
            || c.write_attributes
                .iter()
                .any(|a| a == ATTR_TIER || a == ATTR_CLINIC_ID);
        if writes_claims {
            unsafe_clients.push(format!("{} ({})", c.name, c.id));
        }
    }
    Ok(PoolFindings {
        unsafe_clients,
        mutable_clinic_claim,
    })
}

async fn plan_pool_id_param(p: &Platform, pool_id: Option<&String>, ops: &mut Ops) -> Result<()> {
    let pool_param = p.aws.ssm_get(&p.pool_id_param()).await?;
    if pool_id.is_none() || pool_param.as_ref().map(|x| &x.value) != pool_id {
        ops.push((
            change(
                Action::Update,
                format!("ssm:{}", p.pool_id_param()),
                "record the user pool id",
            ),
            InitOp::RecordPoolId,
        ));
    }
    Ok(())
}

/// The data and archive buckets: present, versioned, encrypted, not public.
async fn plan_buckets(p: &Platform, ops: &mut Ops) -> Result<()> {
    for bucket in [&p.names.data_bucket, &p.names.archive_bucket] {
        let st = p.aws.s3_bucket_state(bucket).await?;
        let res = format!("s3://{bucket}");
        if !st.exists {
            ops.push((
                change(Action::Create, res.clone(), "bucket"),
                InitOp::CreateBucket(bucket.clone()),
            ));
        }
        if !st.versioning {
            ops.push((
                change(Action::Update, res.clone(), "enable versioning"),
                InitOp::EnableVersioning(bucket.clone()),
            ));
        }
        if !st.encryption {
            ops.push((
                change(Action::Update, res.clone(), "default encryption (SSE-S3)"),
                InitOp::EnableEncryption(bucket.clone()),
            ));
        }
        if !st.public_access_blocked {
            ops.push((
                change(Action::Update, res.clone(), "block all public access"),
                InitOp::BlockPublicAccess(bucket.clone()),
            ));
        }
    }
    Ok(())
}

/// The registry index: built here only for an empty registry (nothing to index yet); an
/// existing registry is indexed by `tenantctl registry reindex`, which reads its memberships.
async fn plan_index(p: &Platform, registry_empty: bool, ops: &mut Ops) -> Result<()> {
    if registry_empty && !p.index_built().await? {
        ops.push((
            change(
                Action::Create,
                Names::s3_uri(&p.names.archive_bucket, &p.names.index_manifest_key()),
                "registry index (empty registry)",
            ),
            InitOp::BuildIndex,
        ));
    }
    Ok(())
}

async fn plan_tier_params(p: &Platform, ops: &mut Ops) -> Result<()> {
    for (tier, tc) in &p.cfg.tiers {
        for leaf in TierParam::ALL {
            let name = p.names.ssm_tier_param(tier, leaf);
            let value = match leaf {
                TierParam::ModelId => tc.model_id.clone(),
                TierParam::ProjectId => tc.project_id.clone(),
                TierParam::Features => {
                    serde_json::to_string(&tc.features).expect("strings serialise")
                }
            };
            let cur = p.aws.ssm_get(&name).await?;
            match cur {
                Some(c) if c.value == value => {}
                Some(c) => ops.push((
                    change(
                        Action::Update,
                        format!("ssm:{name}"),
                        format!("{} -> {}", c.value, value),
                    ),
                    InitOp::PutParam {
                        name,
                        value,
                        exists: true,
                    },
                )),
                None => ops.push((
                    change(Action::Create, format!("ssm:{name}"), value.clone()),
                    InitOp::PutParam {
                        name,
                        value,
                        exists: false,
                    },
                )),
            }
        }
    }
    Ok(())
}

/// The platform's AgentCore Memory: created, or adopted and compared with the config.
async fn plan_memory(p: &Platform, mc: &MemoryConfig, ops: &mut Ops) -> Result<MemoryPlan> {
    let names = &p.names;
    let mut memory = MemoryPlan {
        findings: crate::isolation::drift::strategy_namespace_issues(
            mc.strategies
                .iter()
                .map(|s| (s.name.as_str(), s.namespace.as_str())),
        ),
        ..MemoryPlan::default()
    };
    let recorded = match &names.memory_id {
        Some(id) => p.aws.memory_get(id).await?.filter(|m| m.name == mc.name),
        None => None,
    };
    let found = match recorded {
        Some(m) => Some(m),
        None => p.aws.memory_find(&mc.name).await?,
    };
    let res = format!("agentcore:memory/{}", mc.name);
    match &found {
        None => {
            memory.created = true;
            ops.push((
                change(
                    Action::Create,
                    res.clone(),
                    format!(
                        "AgentCore Memory (events expire after {} days; {} strateg{}), tagged {}={}",
                        mc.event_expiry_days,
                        mc.strategies.len(),
                        if mc.strategies.len() == 1 { "y" } else { "ies" },
                        crate::naming::TAG_NAMESPACE,
                        names.ns
                    ),
                ),
                InitOp::CreateMemory,
            ));
        }
        Some(m) => {
            memory.id = Some(m.id.clone());
            plan_memory_settings(p, mc, m, &res, ops).await?;
            memory.notes = strategy_notes(mc, m);
            // The live memory's own namespaces are judged too (an adopted memory).
            for h in &m.strategies {
                for issue in crate::isolation::drift::strategy_namespace_issues(
                    h.namespaces.iter().map(|n| (h.name.as_str(), n.as_str())),
                ) {
                    if !memory.findings.contains(&issue) {
                        memory.findings.push(issue);
                    }
                }
            }
        }
    }
    let param = p.aws.ssm_get(&p.memory_id_param()).await?;
    if memory.created || param.as_ref().map(|x| &x.value) != memory.id.as_ref() {
        ops.push((
            change(
                Action::Update,
                format!("ssm:{}", p.memory_id_param()),
                "record the memory id (tenant policies name its ARN)",
            ),
            InitOp::RecordMemoryId,
        ));
    }
    Ok(memory)
}

/// The namespace tag and event expiry of an adopted memory.
async fn plan_memory_settings(
    p: &Platform,
    mc: &MemoryConfig,
    m: &MemoryInfo,
    res: &str,
    ops: &mut Ops,
) -> Result<()> {
    let ns = &p.names.ns;
    let tags = p.aws.memory_tags(&m.arn).await?;
    if tags.get(crate::naming::TAG_NAMESPACE).map(String::as_str) != Some(ns.as_str()) {
        ops.push((
            change(
                Action::Update,
                res.to_string(),
                format!("tag {}={}", crate::naming::TAG_NAMESPACE, ns),
            ),
            InitOp::TagMemory(m.arn.clone()),
        ));
    }
    if m.event_expiry_days != mc.event_expiry_days {
        ops.push((
            change(
                Action::Update,
                res.to_string(),
                format!(
                    "event expiry {} -> {} days",
                    m.event_expiry_days, mc.event_expiry_days
                ),
            ),
            InitOp::SetMemoryExpiry {
                id: m.id.clone(),
                days: mc.event_expiry_days,
            },
        ));
    }
    Ok(())
}

/// How an adopted memory's strategies differ from the config: reported, never changed.
fn strategy_notes(mc: &MemoryConfig, m: &MemoryInfo) -> Vec<String> {
    let mut notes = Vec::new();
    for want in &mc.strategies {
        match m.strategies.iter().find(|h| h.name == want.name) {
            None => notes.push(format!(
                "memory {}: strategy {} is in the config but not in the memory",
                mc.name, want.name
            )),
            Some(h) if h.kind != want.kind.as_str() || h.namespaces != [want.namespace.clone()] => {
                notes.push(format!(
                    "memory {}: strategy {} is {} {:?} in the memory, {} {:?} in the config",
                    mc.name,
                    want.name,
                    h.kind,
                    h.namespaces,
                    want.kind.as_str(),
                    want.namespace
                ))
            }
            Some(_) => {}
        }
    }
    for h in &m.strategies {
        if !mc.strategies.iter().any(|w| w.name == h.name) {
            notes.push(format!(
                "memory {}: strategy {} is in the memory but not in the config",
                mc.name, h.name
            ));
        }
    }
    notes
}

fn tvm_policy_change(p: &Platform, action: Action, detail: &str) -> (Change, InitOp) {
    let names = &p.names;
    (
        change(
            action,
            format!(
                "iam:role/{}/policy/{}",
                names.tvm_role_name(),
                names.tvm_policy_name()
            ),
            detail,
        ),
        InitOp::PutTvmPolicy,
    )
}

/// The TVM role, its trust policy and its ABAC access policy.
async fn plan_tvm_role(p: &Platform, memory: &MemoryPlan, ops: &mut Ops) -> Result<()> {
    let names = &p.names;
    let role = names.tvm_role_name();
    let trust = templates::trust_policy(&p.cfg, None)?;
    // The policies name the memory as it will be (found now, or created by this run).
    let mut policy_names = names.clone();
    policy_names.memory_id = memory.id.clone();
    let access = templates::tvm_access_policy(&p.cfg, &policy_names)?;
    let Some(r) = p.aws.iam_get_role(&role).await? else {
        ops.push((
            change(
                Action::Create,
                format!("iam:role/{role}"),
                "TVM role (trust: runtime principals, tagged sessions only)",
            ),
            InitOp::CreateTvmRole,
        ));
        ops.push(tvm_policy_change(p, Action::Create, "ABAC access policy"));
        return Ok(());
    };
    if !same_policy(&r.trust_policy, &trust) {
        ops.push((
            change(
                Action::Fix,
                format!("iam:role/{role}"),
                "trust policy differs from template",
            ),
            InitOp::UpdateTvmTrust,
        ));
    }
    match p
        .aws
        .iam_get_role_policy(&role, &names.tvm_policy_name())
        .await?
    {
        Some(doc) if same_policy(&doc, &access) && !memory.created => {}
        Some(_) => ops.push(tvm_policy_change(
            p,
            Action::Fix,
            "ABAC policy differs from template",
        )),
        None => ops.push(tvm_policy_change(p, Action::Create, "ABAC access policy")),
    }
    Ok(())
}

/// A runtime or gateway as AgentCore describes it.
async fn get_authorized(
    p: &Platform,
    kind: authorizers::Kind,
    id: &str,
) -> Result<Option<AgentCoreResource>> {
    Ok(match kind {
        authorizers::Kind::Runtime => p.aws.agentcore_get_runtime(id).await?,
        authorizers::Kind::Gateway => p.aws.agentcore_get_gateway(id).await?,
    })
}

/// The AgentCore authorizers of the runtimes and gateways init owns.
async fn plan_authorizers(p: &Platform, pool_id: Option<&str>, ops: &mut Ops) -> Result<()> {
    let exp = match pool_id {
        Some(id) => Some(authorizers::expected(p, id).await?),
        None => None,
    };
    for (kind, listed) in [
        (authorizers::Kind::Runtime, &p.cfg.agentcore.runtimes),
        (authorizers::Kind::Gateway, &p.cfg.agentcore.gateways),
    ] {
        for id in listed {
            let Some(cur) = get_authorized(p, kind, id).await? else {
                return Err(Error::usage(format!(
                    "agentcore.{}s lists {id:?}, which does not exist in this account and region",
                    kind.label()
                ))
                .with_hint("fix the id in tenantctl.toml, or remove it"));
            };
            if let Some(why) = authorizer_problem(cur.jwt.as_ref(), exp.as_ref()) {
                let to = match &exp {
                    Some(e) => {
                        let d = authorizers::desired(cur.jwt.as_ref(), e, &app_client_name(p));
                        format!(
                            "{} ; clients {}",
                            d.discovery_url,
                            d.allowed_clients.join(", ")
                        )
                    }
                    None => format!("the new pool ; client {}", app_client_name(p)),
                };
                ops.push((
                    change(
                        Action::Fix,
                        format!("bedrock-agentcore:{}/{id}", kind.label()),
                        format!("inbound JWT authorizer ({why}) -> {to}"),
                    ),
                    InitOp::SetAuthorizer {
                        kind,
                        id: id.clone(),
                    },
                ));
            }
        }
    }
    Ok(())
}

/// Why an inbound JWT authorizer must be set (None: it is already right).
fn authorizer_problem(
    jwt: Option<&JwtAuthorizer>,
    exp: Option<&authorizers::Expected>,
) -> Option<String> {
    match (jwt, exp) {
        (None, _) => Some("no JWT authorizer".to_string()),
        (Some(_), None) => Some("the user pool is new".to_string()),
        (Some(j), Some(e)) => {
            let probs = authorizers::jwt_problems(j, e);
            (!probs.is_empty()).then(|| {
                probs
                    .iter()
                    .map(|(r, m)| format!("{}: {m}", r.id()))
                    .collect::<Vec<_>>()
                    .join("; ")
            })
        }
    }
}

/// One usage plan per tier that declares limits.
async fn plan_usage_plans(p: &Platform, ops: &mut Ops) -> Result<()> {
    let with_limits: Vec<_> = p
        .cfg
        .tiers
        .iter()
        .filter_map(|(t, c)| c.limits().map(|l| (t, l)))
        .collect();
    if with_limits.is_empty() {
        return Ok(());
    }
    let plans = p.aws.apigw_usage_plans().await?;
    for (tier, l) in with_limits {
        let name = p.names.usage_plan_name(tier);
        let shown = format!(
            "rate {}/s, burst {}, quota {}/month",
            l.rate, l.burst, l.quota
        );
        match plans.iter().find(|u| u.name == name) {
            None => ops.push((
                change(
                    Action::Create,
                    format!("apigateway:usage-plan/{name}"),
                    shown,
                ),
                InitOp::CreateUsagePlan {
                    tier: tier.to_string(),
                    limits: l,
                },
            )),
            Some(u)
                if u.rate != Some(l.rate)
                    || u.burst != Some(l.burst)
                    || u.quota != Some(l.quota) =>
            {
                ops.push((
                    change(
                        Action::Update,
                        format!("apigateway:usage-plan/{name}"),
                        format!(
                            "rate {}/s, burst {}, quota {}/month -> {shown}",
                            u.rate.map(|r| r.to_string()).unwrap_or("-".into()),
                            u.burst.map(|r| r.to_string()).unwrap_or("-".into()),
                            u.quota.map(|r| r.to_string()).unwrap_or("-".into()),
                        ),
                    ),
                    InitOp::UpdateUsagePlan {
                        id: u.id.clone(),
                        limits: l,
                    },
                ))
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// What applying learns as it goes: ids of the pool and memory once created.
struct Applying {
    pool_id: Option<String>,
    /// Names the policies use, with the memory id as it becomes known.
    policy_names: Names,
}

impl Applying {
    fn pool(&self) -> &str {
        self.pool_id.as_deref().expect("pool known")
    }
}

pub async fn apply(p: &Platform, plan: InitPlan) -> Result<()> {
    let mut policy_names = p.names.clone();
    policy_names.memory_id = plan.memory_id.clone();
    let mut st = Applying {
        pool_id: plan.pool_id.clone(),
        policy_names,
    };
    for (applied, (ch, op)) in plan.ops.into_iter().enumerate() {
        apply_op(p, &mut st, op).await.map_err(|e| {
            let mut e = e.context(format!("applying {} ({})", ch.resource, ch.detail));
            if applied > 0 {
                e.kind = crate::error::ErrorKind::Partial;
            }
            e.with_hint("re-run `tenantctl init` to continue; it plans only what is still missing")
        })?;
    }
    Ok(())
}

async fn apply_op(p: &Platform, st: &mut Applying, op: InitOp) -> Result<()> {
    let names = &p.names;
    match op {
        InitOp::CreatePool => {
            let id = p
                .aws
                .cognito_create_pool(&p.cfg.cognito.user_pool_name, &CLAIM_ATTRIBUTES, &p.tags())
                .await?;
            st.pool_id = Some(id);
        }
        InitOp::AddCustomAttributes(attrs) => add_custom_attributes(p, st.pool(), &attrs).await?,
        InitOp::CreateAppClient => {
            p.aws
                .cognito_create_client(st.pool(), &app_client_name(p), APP_READ, APP_WRITE)
                .await?;
        }
        InitOp::RecordPoolId => {
            p.aws
                .ssm_put(&p.pool_id_param(), st.pool(), true, &[])
                .await?;
        }
        InitOp::BuildIndex => p.write_index_manifest().await?,
        InitOp::CreateBucket(b) => p.aws.s3_create_bucket(&b, &names.region).await?,
        InitOp::EnableVersioning(b) => p.aws.s3_enable_versioning(&b).await?,
        InitOp::EnableEncryption(b) => p.aws.s3_enable_encryption(&b).await?,
        InitOp::BlockPublicAccess(b) => p.aws.s3_block_public_access(&b).await?,
        InitOp::PutParam {
            name,
            value,
            exists,
        } => {
            p.aws.ssm_put(&name, &value, exists, &p.tags()).await?;
        }
        InitOp::CreateMemory => st.policy_names.memory_id = Some(create_memory(p).await?),
        InitOp::TagMemory(arn) => p.aws.memory_tag(&arn, &p.tags()).await?,
        InitOp::SetMemoryExpiry { id, days } => p.aws.memory_set_expiry(&id, days).await?,
        InitOp::RecordMemoryId => {
            p.aws
                .ssm_put(
                    &p.memory_id_param(),
                    st.policy_names.memory_id.as_deref().expect("memory known"),
                    true,
                    &[],
                )
                .await?;
        }
        InitOp::CreateTvmRole => {
            let trust = templates::trust_policy(&p.cfg, None)?;
            p.aws
                .iam_create_role(&names.tvm_role_name(), &names.iam_path(), &trust, &p.tags())
                .await?;
        }
        InitOp::UpdateTvmTrust => {
            let trust = templates::trust_policy(&p.cfg, None)?;
            p.aws
                .iam_update_trust(&names.tvm_role_name(), &trust)
                .await?;
        }
        InitOp::SetAuthorizer { kind, id } => set_authorizer(p, st.pool(), kind, &id).await?,
        InitOp::CreateUsagePlan { tier, limits } => create_usage_plan(p, &tier, limits).await?,
        InitOp::UpdateUsagePlan { id, limits } => {
            p.write(
                p.aws
                    .apigw_update_usage_plan(&id, limits.rate, limits.burst, limits.quota),
            )
            .await?;
        }
        InitOp::PutTvmPolicy => {
            let access = templates::tvm_access_policy(&p.cfg, &st.policy_names)?;
            p.aws
                .iam_put_role_policy(&names.tvm_role_name(), &names.tvm_policy_name(), &access)
                .await?;
        }
    }
    Ok(())
}

/// Adds the missing claim attributes (`attrs`, with their `custom:` prefix) to the pool.
async fn add_custom_attributes(p: &Platform, pool: &str, attrs: &[&str]) -> Result<()> {
    let bare: Vec<(&str, bool)> = CLAIM_ATTRIBUTES
        .into_iter()
        .filter(|(n, _)| attrs.iter().any(|a| a.trim_start_matches("custom:") == *n))
        .collect();
    p.aws.cognito_add_custom_attributes(pool, &bare).await?;
    Ok(())
}

async fn create_usage_plan(p: &Platform, tier: &str, limits: TierLimits) -> Result<()> {
    let tier = crate::ids::TierName::parse(tier)?;
    p.write(p.aws.apigw_create_usage_plan(
        &p.names.usage_plan_name(&tier),
        limits.rate,
        limits.burst,
        limits.quota,
        &p.tags(),
    ))
    .await?;
    Ok(())
}

/// Creates the memory of `[memory]` with its strategies; returns its id.
async fn create_memory(p: &Platform) -> Result<String> {
    let mc = p.cfg.memory.as_ref().expect("planned with [memory]");
    let specs: Vec<StrategySpec> = mc
        .strategies
        .iter()
        .map(|s| StrategySpec {
            kind: s.kind.as_str().to_string(),
            name: s.name.clone(),
            namespaces: vec![s.namespace.clone()],
        })
        .collect();
    let m = p
        .aws
        .memory_create(&mc.name, mc.event_expiry_days, &specs, &p.tags())
        .await?;
    Ok(m.id)
}

/// Points a runtime's or gateway's inbound JWT authorizer at the pool and our app client.
async fn set_authorizer(p: &Platform, pool: &str, kind: authorizers::Kind, id: &str) -> Result<()> {
    let exp = authorizers::expected(p, pool).await?;
    let ours = exp
        .clients
        .iter()
        .find(|(_, (name, _))| *name == app_client_name(p))
        .map(|(id, _)| id.clone())
        .ok_or_else(|| Error::env(format!("app client {} not found", app_client_name(p))))?;
    let cur = get_authorized(p, kind, id).await?;
    let want = authorizers::desired(cur.as_ref().and_then(|c| c.jwt.as_ref()), &exp, &ours);
    match kind {
        authorizers::Kind::Runtime => p.aws.agentcore_set_runtime_authorizer(id, &want).await?,
        authorizers::Kind::Gateway => p.aws.agentcore_set_gateway_authorizer(id, &want).await?,
    }
    Ok(())
}
