//! The isolation proof: for every session and every action of every resource family, is there
//! ANY resource in another tenant's namespace — with ANY value of the condition keys the caller
//! (or the data) controls — that the policies allow? Decided by `policy::symbolic::search`
//! over the session's policies as deployed (specialised to its tags); each "yes" comes with a
//! concrete witness request that `tenantctl policy simulate` replays as Allowed.
//!
//! "Another tenant" is every id the naming contract allows other than the session's own (on
//! its own tier; on any other tier, even its own id is not its namespace), not the registry's
//! tenants: the check is one question per session and action, linear in the number of
//! tenants, and a tenant onboarded tomorrow is already covered. With `--tenant T` the other
//! sessions are asked only about T's namespace.

use crate::naming::contract::{Seg, Slot, Template, Var};
use crate::naming::Names;
use crate::policy::regions::{Part, Region};
use crate::policy::symbolic::{search, Question};
use crate::policy::{
    evaluate, Context, ContextValue, Decision, NamedPolicy, PolicyDocument, PolicySet, Request,
};

use super::adversarial::Tags;
use super::witness::{describe, proof_context, replay, session_key, Accumulator};
use super::{session_arn, Finding, IsolationInput, Rule};

/// A family of tenant resources: the actions that touch them, where a tenant's namespace
/// lies (in the resource, or in one condition key), and how a witness names its tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    S3Object,
    S3List,
    SsmParameter,
    SsmPath,
    DynamoDbItem,
    BedrockTaggedResource,
    MemoryActor,
    MemoryNamespace,
}

impl Family {
    pub const ALL: [Family; 8] = [
        Family::S3Object,
        Family::S3List,
        Family::SsmParameter,
        Family::SsmPath,
        Family::DynamoDbItem,
        Family::BedrockTaggedResource,
        Family::MemoryActor,
        Family::MemoryNamespace,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Family::S3Object => "s3-object",
            Family::S3List => "s3-list",
            Family::SsmParameter => "ssm-parameter",
            Family::SsmPath => "ssm-path",
            Family::DynamoDbItem => "dynamodb-item",
            Family::BedrockTaggedResource => "bedrock-tagged-resource",
            Family::MemoryActor => "memory-actor",
            Family::MemoryNamespace => "memory-namespace",
        }
    }

    /// Every action of the family that reads, writes or deletes tenant data or its metadata
    /// (AWS Service Authorization Reference). docs/isolation.md lists them.
    pub fn actions(self) -> &'static [&'static str] {
        match self {
            Family::S3Object => &[
                "s3:GetObject",
                "s3:GetObjectVersion",
                "s3:GetObjectAttributes",
                "s3:GetObjectVersionAttributes",
                "s3:GetObjectTagging",
                "s3:GetObjectVersionTagging",
                "s3:GetObjectAcl",
                "s3:GetObjectVersionAcl",
                "s3:GetObjectRetention",
                "s3:GetObjectLegalHold",
                "s3:GetObjectTorrent",
                "s3:PutObject",
                "s3:PutObjectTagging",
                "s3:PutObjectVersionTagging",
                "s3:PutObjectAcl",
                "s3:PutObjectVersionAcl",
                "s3:PutObjectRetention",
                "s3:PutObjectLegalHold",
                "s3:DeleteObject",
                "s3:DeleteObjectVersion",
                "s3:DeleteObjectTagging",
                "s3:DeleteObjectVersionTagging",
                "s3:RestoreObject",
                "s3:AbortMultipartUpload",
                "s3:ListMultipartUploadParts",
                "s3:ReplicateObject",
                "s3:ReplicateDelete",
                "s3:ReplicateTags",
            ],
            Family::S3List => &[
                "s3:ListBucket",
                "s3:ListBucketVersions",
                "s3:ListBucketMultipartUploads",
            ],
            Family::SsmParameter => &[
                "ssm:GetParameter",
                "ssm:GetParameters",
                "ssm:GetParameterHistory",
                "ssm:PutParameter",
                "ssm:DeleteParameter",
                "ssm:DeleteParameters",
                "ssm:LabelParameterVersion",
                "ssm:UnlabelParameterVersion",
                "ssm:AddTagsToResource",
                "ssm:RemoveTagsFromResource",
                "ssm:ListTagsForResource",
            ],
            Family::SsmPath => &["ssm:GetParametersByPath"],
            Family::DynamoDbItem => &[
                "dynamodb:GetItem",
                "dynamodb:BatchGetItem",
                "dynamodb:Query",
                "dynamodb:Scan",
                "dynamodb:PutItem",
                "dynamodb:UpdateItem",
                "dynamodb:DeleteItem",
                "dynamodb:BatchWriteItem",
                "dynamodb:ConditionCheckItem",
                "dynamodb:PartiQLSelect",
                "dynamodb:PartiQLInsert",
                "dynamodb:PartiQLUpdate",
                "dynamodb:PartiQLDelete",
            ],
            Family::BedrockTaggedResource => &[
                "bedrock:InvokeAgent",
                "bedrock:Retrieve",
                "bedrock:RetrieveAndGenerate",
                "bedrock:GetAgent",
                "bedrock:GetAgentAlias",
                "bedrock:GetKnowledgeBase",
                "bedrock:UpdateKnowledgeBase",
                "bedrock:DeleteKnowledgeBase",
                "bedrock:StartIngestionJob",
                "bedrock:ApplyGuardrail",
            ],
            Family::MemoryActor => &[
                "bedrock-agentcore:CreateEvent",
                "bedrock-agentcore:GetEvent",
                "bedrock-agentcore:ListEvents",
                "bedrock-agentcore:DeleteEvent",
                "bedrock-agentcore:ListSessions",
            ],
            Family::MemoryNamespace => &[
                "bedrock-agentcore:RetrieveMemoryRecords",
                "bedrock-agentcore:ListMemoryRecords",
                "bedrock-agentcore:GetMemoryRecord",
                "bedrock-agentcore:DeleteMemoryRecord",
                "bedrock-agentcore:BatchCreateMemoryRecords",
                "bedrock-agentcore:BatchUpdateMemoryRecords",
                "bedrock-agentcore:BatchDeleteMemoryRecords",
            ],
        }
    }

    /// The condition key that carries the namespace, lowercase (None: the resource does).
    fn key(self) -> Option<&'static str> {
        match self {
            Family::S3List => Some("s3:prefix"),
            Family::DynamoDbItem => Some("dynamodb:leadingkeys"),
            Family::BedrockTaggedResource => Some("aws:resourcetag/clinicid"),
            Family::MemoryActor => Some("bedrock-agentcore:actorid"),
            Family::MemoryNamespace => Some("bedrock-agentcore:namespace"),
            _ => None,
        }
    }

    /// The contract's slot for the family's namespace.
    pub fn slot(self) -> Slot {
        match self {
            Family::S3Object | Family::S3List => Slot::DataPrefix,
            Family::SsmParameter | Family::SsmPath => Slot::TenantParameters,
            Family::DynamoDbItem => Slot::TableLeadingKey,
            Family::BedrockTaggedResource => Slot::ResourceTag,
            Family::MemoryActor => Slot::ActorId,
            Family::MemoryNamespace => Slot::MemoryNamespace,
        }
    }

    /// Families a bucket policy governs (asked for anonymous and foreign callers).
    fn is_s3(self) -> bool {
        matches!(self, Family::S3Object | Family::S3List)
    }
}

/// Whose namespaces a session is asked about.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    /// The session's own (tier, tenant): excluded. None: every tenant (adversarial sessions,
    /// external callers).
    pub own: Option<(&'a str, &'a str)>,
    /// `--tenant T`: only T's namespace (tier, tenant); None: every tenant's but the own.
    pub only: Option<(&'a str, &'a str)>,
}

impl Scope<'_> {
    /// `before` + the template's values for every tenant but the own (or only the focused
    /// one) + each of `after`. A template with `{tier}` is one alternative per configured
    /// tier, where the own id is excluded only on the own tier (on any other tier even the own
    /// id is not the session's namespace); `{user}` is any user.
    fn values(
        &self,
        t: &Template,
        tiers: &[(String, String)],
        before: &str,
        after: &[Vec<Part>],
    ) -> Vec<Vec<Part>> {
        let tier_alts: Vec<Option<&str>> = match (t.uses(Var::Tier), self.only) {
            (false, _) => vec![None],
            (true, Some((tier, _))) => vec![Some(tier)],
            (true, None) => tiers.iter().map(|(t, _)| Some(t.as_str())).collect(),
        };
        let mut out = Vec::new();
        for tier in tier_alts {
            let tenant = match self.only {
                Some((_, id)) => Part::Lit(id.to_string()),
                None => Part::Word {
                    exclude: self
                        .own
                        .filter(|(ot, _)| tier.is_none_or(|x| x == *ot))
                        .map(|(_, id)| id.to_string()),
                },
            };
            let mut parts = vec![Part::Lit(before.to_string())];
            for seg in t.segs() {
                parts.push(match seg {
                    Seg::Lit(l) => Part::Lit(l.clone()),
                    Seg::Var(Var::Tier) => Part::Lit(tier.unwrap_or_default().to_string()),
                    Seg::Var(Var::Tenant) => tenant.clone(),
                    Seg::Var(Var::User) => Part::User,
                });
            }
            for a in after {
                let mut alt = parts.clone();
                alt.extend(a.iter().cloned());
                out.push(alt);
            }
        }
        out
    }
}

fn rest() -> Vec<Part> {
    vec![Part::Rest]
}

/// The paths above a tenant's parameters (`/`, `/ns`, `/ns/tenants`, with and without the
/// trailing slash): reading one recursively reads every tenant below it.
fn paths_above(fixed: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, c) in fixed.char_indices() {
        if c == '/' {
            if i > 0 {
                out.push(fixed[..i].to_string());
            }
            out.push(fixed[..=i].to_string());
        }
    }
    out
}

/// The ARN of SSM parameter (or path) `path`, written `parameter/a/b` for `/a/b`.
fn ssm_arn(n: &Names, path: &str) -> String {
    n.ssm_parameter_arn(path)
}

/// The resources of a family asked about, and the region of its namespace key; None when
/// the contract declares no namespace for the family. With `inside`, only values inside a
/// namespace: no prefixes of one, no path above all. Under a contract that is not injective,
/// the values that are also the session's own are taken out (their sharing is `TI008`'s).
fn regions(
    input: &IsolationInput,
    f: Family,
    scope: Scope,
    inside: bool,
) -> Option<(Region, Option<Region>)> {
    let n = &input.names;
    let t = input.contract.get(f.slot())?;
    let tiers = &input.tiers;
    let own_values = scope
        .own
        .filter(|_| super::collisions::ambiguous(input).contains(&f.slot()))
        .map(|o| Scope {
            own: None,
            only: Some(o),
        });
    // The namespace values: `before` + the template + each of `after`, less the own ones.
    let namespace = |before: &str, after: &[Vec<Part>], prefixes: bool| Region {
        alts: scope.values(t, tiers, before, after),
        prefixes,
        minus: own_values.map(|o| {
            Box::new(Region {
                alts: o.values(t, tiers, before, after),
                prefixes: false,
                minus: None,
            })
        }),
    };
    let account = |service: &str, rest: &str| {
        format!(
            "arn:{}:{service}:{}:{}:{rest}",
            n.partition, n.region, n.account
        )
    };
    let anything_of = |arn_start: String| Region {
        alts: vec![vec![Part::Lit(arn_start), Part::Rest]],
        prefixes: false,
        minus: None,
    };
    let exact_key = || Some(namespace("", &[vec![]], false));
    Some(match f {
        Family::S3Object => (
            namespace(&n.s3_object_arn(&n.data_bucket, ""), &[rest()], false),
            None,
        ),
        Family::S3List => (
            Region::exactly(n.s3_bucket_arn(&n.data_bucket)),
            Some(namespace("", &[rest()], !inside)),
        ),
        Family::SsmParameter | Family::SsmPath => {
            // `arn:…:parameter` + `/path`; the path and everything below it.
            let root = ssm_arn(n, "/");
            let root = root.trim_end_matches('/');
            let below = vec![Part::Lit("/".into()), Part::Rest];
            let mut r = namespace(root, &[vec![], below], false);
            if f == Family::SsmPath && !inside {
                for above in paths_above(t.fixed_prefix()) {
                    r.alts.push(vec![Part::Lit(ssm_arn(n, &above))]);
                }
            }
            (r, None)
        }
        Family::DynamoDbItem => (
            anything_of(account("dynamodb", &format!("table/{}_", n.ns))),
            exact_key(),
        ),
        Family::BedrockTaggedResource => (anything_of(account("bedrock", "")), exact_key()),
        Family::MemoryActor => (
            anything_of(account("bedrock-agentcore", "memory/")),
            exact_key(),
        ),
        Family::MemoryNamespace => {
            let mut ns = namespace("", &[rest()], !inside);
            if actor_scoped_namespaces(input) {
                ns.alts.extend(actor_scoped(&ns.alts));
            }
            (
                anything_of(account("bedrock-agentcore", "memory/")),
                Some(ns),
            )
        }
    })
}

/// Whether the contract's memory namespace `…{tenant}/` has actor-scoped twins `…{tenant}:…`:
/// its actor ids start `{tenant}:` (tenantctl's `<tenant>:<sub>`), and AgentCore expands a
/// strategy namespace `/tenants/{actorId}/` to `/tenants/<tenant>:<sub>/`. Those records are
/// the tenant's as much as the ones under `/tenants/<tenant>/`, so the proof asks about both.
fn actor_scoped_namespaces(input: &IsolationInput) -> bool {
    let ns_ends_with_tenant = input
        .contract
        .get(Slot::MemoryNamespace)
        .is_some_and(|t| matches!(t.segs(), [.., Seg::Var(Var::Tenant), Seg::Lit(l)] if l == "/"));
    let actor_starts_with_tenant = input.contract.get(Slot::ActorId).is_some_and(
        |t| matches!(t.segs(), [Seg::Var(Var::Tenant), Seg::Lit(l), ..] if l.starts_with(':')),
    );
    ns_ends_with_tenant && actor_starts_with_tenant
}

/// The actor-scoped twin of each namespace value: the `/` after the tenant becomes `:`.
fn actor_scoped(alts: &[Vec<Part>]) -> Vec<Vec<Part>> {
    alts.iter()
        .filter_map(|alt| {
            let i = alt.len().checked_sub(2)?;
            (alt[i] == Part::Lit("/".into()) && alt[i + 1] == Part::Rest).then(|| {
                let mut twin = alt.clone();
                twin[i] = Part::Lit(":".into());
                twin
            })
        })
        .collect()
}

/// The tenant whose namespace a witness value lies in; None when it names no single tenant
/// (a listing of the tier folder, a path above every tenant, a missing key). A value two
/// identities share (a contract that is not injective) is given to a registered tenant first.
fn tenant_of(input: &IsolationInput, f: Family, value: Option<&str>) -> Option<String> {
    // The own id can be a target: on another tier it is not the session's namespace (on its
    // own tier it is never in the region asked about).
    let ids = tenants_of(input, f, value?);
    ids.iter()
        .find(|id| input.tenants.iter().any(|e| &e.id == *id))
        .or(ids.first())
        .cloned()
}

/// Every tenant whose namespace `v` lies in (more than one: the contract is not injective).
fn tenants_of(input: &IsolationInput, f: Family, v: &str) -> Vec<String> {
    let Some(t) = input.contract.get(f.slot()) else {
        return Vec::new();
    };
    let n = &input.names;
    let tiers: Vec<String> = input.tiers.iter().map(|(t, _)| t.clone()).collect();
    let ids: Vec<String> = match f {
        Family::S3Object | Family::S3List => {
            let key = match f {
                Family::S3Object => match v.strip_prefix(&n.s3_object_arn(&n.data_bucket, "")) {
                    Some(k) => k,
                    None => return Vec::new(),
                },
                _ => v,
            };
            t.parses(key, &tiers, true)
                .into_iter()
                .filter_map(|(i, _)| i.tenant)
                .collect()
        }
        Family::SsmParameter | Family::SsmPath => {
            let root = ssm_arn(n, "/");
            let Some(path) = v.strip_prefix(root.trim_end_matches('/')) else {
                return Vec::new();
            };
            // The tenant's path itself, or anything below it.
            t.parses(path, &tiers, true)
                .into_iter()
                .filter(|(_, used)| *used == path.len() || path[*used..].starts_with('/'))
                .filter_map(|(i, _)| i.tenant)
                .collect()
        }
        Family::MemoryNamespace => {
            // An actor-scoped namespace `/tenants/<tenant>:<sub>/…` is the tenant's too (tenant
            // ids hold no `:`): read with its first `:` as the `/` it stands for.
            let twin = actor_scoped_namespaces(input).then(|| v.replacen(':', "/", 1));
            std::iter::once(v)
                .chain(twin.as_deref())
                .flat_map(|v| t.parses(v, &tiers, true))
                .filter_map(|(i, _)| i.tenant)
                .collect()
        }
        Family::DynamoDbItem | Family::BedrockTaggedResource | Family::MemoryActor => t
            .parses(v, &tiers, false)
            .into_iter()
            .filter_map(|(i, _)| i.tenant)
            .collect(),
    };
    let mut ids = ids;
    ids.dedup();
    ids
}

/// Who asks: a tenant (or adversarial) session of a role, or an external caller.
pub(crate) struct Asker<'a> {
    pub label: String,
    pub principal: String,
    /// The policies as deployed (findings are explained and replayed from these).
    pub policies: &'a PolicySet,
    /// The session's fixed keys (its tags, principal ARN and account, region).
    pub context: Context,
    pub rule: Rule,
    pub scope: Scope<'a>,
    /// Only the families a bucket policy governs (external callers).
    pub s3_only: bool,
}

/// Every condition key of every policy in `set` that `context` does not fix (lowercase): the
/// keys a specialisation must keep varying.
fn unknown_keys(set: &PolicySet, context: &Context) -> Vec<String> {
    let mut keys: Vec<String> = crate::policy::symbolic::documents(set)
        .flat_map(|p| p.document.statements())
        .flat_map(|st| st.condition_keys())
        .map(str::to_ascii_lowercase)
        .filter(|k| context.get(k).is_none() && !session_key(k))
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// Counters the summary reports.
#[derive(Default)]
pub(crate) struct Tally {
    pub questions: u64,
    pub requests: u64,
}

/// Ask every family's question for one asker; findings go to `acc`.
pub(crate) fn prove(input: &IsolationInput, who: &Asker, acc: &mut Accumulator, tally: &mut Tally) {
    let unknown = unknown_keys(who.policies, &who.context);
    let varying: Vec<&str> = unknown.iter().map(String::as_str).collect();
    let fast = who.policies.specialize(&who.context, &varying);
    for f in Family::ALL {
        if who.s3_only && !f.is_s3() {
            continue;
        }
        let Some((resources, key_region)) = regions(input, f, who.scope, false) else {
            continue;
        };
        let key = f.key().zip(key_region.as_ref()).map(|(k, r)| (k, r, true));
        let q = Question {
            principal: &who.principal,
            resource_account: Some(&input.names.account),
            context: &who.context,
            actions: f.actions(),
            resource: &resources,
            key,
            fixed: session_key,
        };
        let found = search(&fast, &q);
        tally.questions += found.answers.len() as u64;
        let mut any_witness = false;
        for ans in found.answers {
            tally.requests += ans.tried;
            let Some(w) = ans.witness else { continue };
            any_witness = true;
            let value = match f.key() {
                None => Some(w.resource.clone()),
                Some(k) => match w.context.get(k) {
                    None => None,
                    Some(ContextValue::Single(s)) => Some(s.clone()),
                    // The first value inside another tenant's namespace.
                    Some(ContextValue::Multi(vs)) => vs
                        .iter()
                        .find(|v| key_region.as_ref().is_some_and(|r| r.contains(v)))
                        .cloned(),
                },
            };
            let target = tenant_of(input, f, value.as_deref());
            let (w, target) = if acc.wants(who.rule) || acc.wants(Rule::UnscopedAccess) {
                retarget(input, f, who, &fast, w, target)
            } else {
                (w, target)
            };
            let rule = match (who.rule, &target) {
                (Rule::CrossTenantAccess, None) => Rule::UnscopedAccess,
                (r, _) => r,
            };
            report(input, who, f, rule, target, w, acc);
        }
        if !any_witness && !found.not_exact.is_empty() {
            let msg = format!(
                "{} ({}): cannot prove that no {} request reaches another tenant: {}",
                who.label,
                f.id(),
                f.id(),
                found.not_exact.join("; ")
            );
            acc.push(Finding {
                session: Some(who.label.clone()),
                action_class: Some(f.id().to_string()),
                ..Finding::new(Rule::IsolationUndecided, msg)
            });
        }
    }
}

/// A witness names a synthetic tenant (the shortest id of its class), or a value that is a
/// prefix of several tenants' namespaces: when the same action also reaches a registered
/// tenant's namespace, report that witness instead, which an operator recognises. Asked as
/// the same question confined to that tenant (so still exact). A request without the key at
/// all stays as it is: it names no tenant, which is the finding.
fn retarget(
    input: &IsolationInput,
    f: Family,
    who: &Asker,
    fast: &PolicySet,
    w: Request,
    target: Option<String>,
) -> (Request, Option<String>) {
    if target
        .as_ref()
        .is_some_and(|t| input.tenants.iter().any(|e| &e.id == t))
    {
        return (w, target);
    }
    if f.key().is_some_and(|k| w.context.get(k).is_none()) {
        return (w, target);
    }
    let own = who.scope.own.map(|(_, t)| t);
    let candidates = input.tenants.iter().filter(|t| Some(t.id.as_str()) != own);
    for t in candidates.take(8) {
        if who.scope.only.is_some_and(|(_, o)| o != t.id) {
            continue;
        }
        let scope = Scope {
            own: who.scope.own,
            only: Some((t.tier.as_str(), t.id.as_str())),
        };
        // Inside the tenant's namespace, not merely a prefix of it.
        let Some((resources, key_region)) = regions(input, f, scope, true) else {
            continue;
        };
        let actions = [w.action.as_str()];
        let q = Question {
            principal: &who.principal,
            resource_account: Some(&input.names.account),
            context: &who.context,
            actions: &actions,
            resource: &resources,
            key: f.key().zip(key_region.as_ref()).map(|(k, r)| (k, r, false)),
            fixed: session_key,
        };
        if let Some(found) = search(fast, &q).answers.pop().and_then(|a| a.witness) {
            return (found, Some(t.id.clone()));
        }
    }
    (w, target)
}

fn report(
    input: &IsolationInput,
    who: &Asker,
    f: Family,
    rule: Rule,
    target: Option<String>,
    w: Request,
    acc: &mut Accumulator,
) {
    if !acc.wants(rule) {
        acc.count_only(rule);
        return;
    }
    let ev = evaluate(who.policies, &w);
    debug_assert_eq!(ev.decision, Decision::Allowed, "{w:?}");
    let whose = match &target {
        Some(t) if input.tenants.iter().any(|e| &e.id == t) => format!("tenant {t}'s namespace"),
        Some(t) => format!("the namespace of any tenant, e.g. {t}"),
        None => "a request that names no tenant (every tenant's data)".to_string(),
    };
    let mut message = format!("{} can {} in {} ({})", who.label, w.action, whose, f.id());
    // Under a contract that is not injective the session's own value can be another
    // tenant's too: a real reach, caused by the contract (TI008), not by the policy.
    let value = match f.key() {
        None => Some(w.resource.clone()),
        Some(k) => w.context.get(k).and_then(|v| v.as_slice().first().cloned()),
    };
    if let (Some((_, own)), Some(v)) = (who.scope.own, value) {
        if tenants_of(input, f, &v).iter().any(|t| t == own) {
            message.push_str(&format!(
                "; {v:?} is also {own}'s own value: the naming contract is not injective (TI008)"
            ));
        }
    }
    acc.push(Finding {
        rule,
        rule_name: rule.name(),
        severity: rule.severity(),
        message,
        session: Some(who.label.clone()),
        target,
        action_class: Some(f.id().to_string()),
        request: Some(describe(&w)),
        decision: Some(ev.decision.to_string()),
        statements: ev.decided_by.clone(),
        explanation: ev.explain(),
        replay: Some(replay(who.policies, &w)),
    });
}

/// The policy a principal of another account is assumed to hold: its own administrators can
/// grant it anything, so only the bucket policy stands between it and the data.
const FOREIGN_IDENTITY: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"AnotherAccountsOwnGrant","Effect":"Allow","Action":"*","Resource":"*"}]}"#;

/// External callers of the data bucket: anonymous, and a principal of each other account the
/// bucket policy names (or of an arbitrary other account). None when there is no bucket policy.
pub(crate) fn external_sets(
    input: &IsolationInput,
    bucket: &NamedPolicy,
) -> Vec<(String, String, PolicySet)> {
    let mut accounts: Vec<String> = bucket
        .document
        .statements()
        .iter()
        .flat_map(|st| st.principal_accounts())
        .filter(|a| *a != input.names.account && a.len() == 12)
        .collect();
    let other = ["111122223333", "444455556666"]
        .into_iter()
        .find(|a| *a != input.names.account)
        .expect("two distinct accounts");
    accounts.push(other.to_string());
    accounts.sort();
    accounts.dedup();
    let anonymous = PolicySet {
        resource: Some(bucket.clone()),
        ..Default::default()
    };
    let mut out = vec![("anonymous".to_string(), "anonymous".to_string(), anonymous)];
    let identity = NamedPolicy::new(
        "assumed: another account's own policies allow everything",
        PolicyDocument::parse(FOREIGN_IDENTITY).expect("valid policy"),
    );
    for a in accounts {
        out.push((
            format!("account {a}"),
            format!(
                "arn:{}:sts::{a}:assumed-role/external/witness",
                input.names.partition
            ),
            PolicySet {
                identity: vec![identity.clone()],
                resource: Some(bucket.clone()),
                ..Default::default()
            },
        ));
    }
    out
}

/// The runtime role must not reach tenant data itself: otherwise the TVM is optional. Proven
/// like a tenant session (`proof`): nothing in any tenant's namespace, for every action of
/// every family, every resource and every value the caller controls.
pub fn runtime_bypass(input: &IsolationInput, acc: &mut Accumulator) {
    let only = input.focus.as_deref().and_then(|f| {
        input
            .tenants
            .iter()
            .find(|t| t.id == f)
            .map(|t| (t.tier.as_str(), t.id.as_str()))
    });
    let untagged = Tags {
        clinic: None,
        tier: None,
        user: None,
    };
    for rt in &input.runtime_roles {
        let asker = Asker {
            label: format!("runtime role {}", rt.role_name),
            principal: session_arn(&input.names, &rt.role_name, "runtime"),
            policies: &rt.policies,
            context: proof_context(&input.names, Some(&rt.role_arn), &untagged),
            rule: Rule::RuntimeBypass,
            scope: Scope { own: None, only },
            s3_only: false,
        };
        prove(input, &asker, acc, &mut Tally::default());
    }
}
