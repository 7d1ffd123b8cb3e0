//! Findings and their witnesses, shared by every check: the accumulator, a finding with the
//! concrete request that shows it (described, and replayable with `tenantctl policy simulate`),
//! and the context a session asks in.

use std::collections::BTreeMap;

use crate::naming::{Names, TAG_CLINIC_ID, TAG_TIER, TAG_USER_ID};
use crate::policy::regions::{Part, Region};
use crate::policy::symbolic::{self, Question};
use crate::policy::{Context, ContextValue, Evaluation, NamedPolicy, PolicySet, Request};

use super::adversarial::Tags;
use super::probes::ContextVal;
use super::{Finding, IsolationInput, RequestDesc, RoleUnderTest, Rule};

/// Collects findings: counts everything, keeps the first `limit` per rule in detail.
#[derive(Debug)]
pub struct Accumulator {
    pub counts: BTreeMap<Rule, u64>,
    kept: BTreeMap<Rule, Vec<Finding>>,
    pub(super) limit: usize,
}

impl Accumulator {
    /// Keep at most `max_per_rule` findings per rule in detail (0 = all).
    pub fn with_limit(max_per_rule: usize) -> Self {
        Accumulator {
            counts: BTreeMap::new(),
            kept: BTreeMap::new(),
            limit: if max_per_rule == 0 {
                usize::MAX
            } else {
                max_per_rule
            },
        }
    }
    pub fn push(&mut self, f: Finding) {
        *self.counts.entry(f.rule).or_default() += 1;
        let kept = self.kept.entry(f.rule).or_default();
        if kept.len() < self.limit {
            kept.push(f);
        }
    }
    /// Would a finding of `rule` be kept in detail? (Skip building it otherwise.)
    pub(crate) fn wants(&self, rule: Rule) -> bool {
        self.kept.get(&rule).is_none_or(|k| k.len() < self.limit)
    }
    pub(crate) fn count_only(&mut self, rule: Rule) {
        *self.counts.entry(rule).or_default() += 1;
    }
    pub(super) fn merge(&mut self, other: Accumulator) {
        for (r, n) in other.counts {
            *self.counts.entry(r).or_default() += n;
        }
        for (r, fs) in other.kept {
            let kept = self.kept.entry(r).or_default();
            for f in fs {
                if kept.len() < self.limit {
                    kept.push(f);
                }
            }
        }
    }
    pub fn total(&self) -> u64 {
        self.counts.values().sum()
    }
    /// Findings counted but not kept in detail.
    pub fn omitted(&self) -> u64 {
        self.counts
            .iter()
            .map(|(r, n)| n - self.kept.get(r).map_or(0, |k| k.len() as u64))
            .sum()
    }
    pub fn into_findings(self) -> Vec<Finding> {
        self.kept.into_values().flatten().collect()
    }
}

/// The context of a session's positive-control requests: its fixed keys, over TLS.
pub(crate) fn session_context(
    input: &IsolationInput,
    role: &RoleUnderTest,
    tags: &Tags,
) -> Context {
    let mut c = proof_context(&input.names, Some(&role.role_arn), tags);
    c.set("aws:SecureTransport", "true");
    c
}

pub(crate) fn describe(req: &Request) -> RequestDesc {
    RequestDesc {
        principal: req.principal.clone(),
        action: req.action.clone(),
        resource: req.resource.clone(),
        context: req
            .context
            .iter()
            .map(|(k, v)| {
                let j = match v {
                    ContextValue::Single(s) => serde_json::Value::String(s.clone()),
                    ContextValue::Multi(m) => serde_json::json!(m),
                };
                (k.to_string(), j)
            })
            .collect(),
    }
}

pub(crate) fn finding(
    rule: Rule,
    message: String,
    session: Option<String>,
    target: Option<String>,
    class: Option<&str>,
    req: &Request,
    ev: &Evaluation,
) -> Finding {
    Finding {
        session,
        target,
        action_class: class.map(str::to_string),
        request: Some(describe(req)),
        decision: Some(ev.decision.to_string()),
        statements: ev.decided_by.clone(),
        explanation: ev.explain(),
        ..Finding::new(rule, message)
    }
}

pub(crate) fn set_key(ctx: &mut Context, key: &str, v: &ContextVal) {
    match v {
        ContextVal::One(s) => ctx.set(key, s.as_str()),
        ContextVal::Many(m) => ctx.set(key, m.clone()),
    }
}

/// Is the own request of a memory class allowed on ANY memory of the account? The platform's
/// memory id is not part of the contract; the actor id or namespace is. The allowed request.
pub(crate) fn on_some_memory(
    input: &IsolationInput,
    policies: &PolicySet,
    full: &Request,
) -> Option<Request> {
    let n = &input.names;
    let memories = Region {
        alts: vec![vec![
            Part::Lit(format!(
                "arn:{}:bedrock-agentcore:{}:{}:memory/",
                n.partition, n.region, n.account
            )),
            Part::Rest,
        ]],
        prefixes: false,
        minus: None,
    };
    let Some((key, ContextValue::Single(v))) = full
        .context
        .iter()
        .find(|(k, _)| k.starts_with("bedrock-agentcore:"))
        .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
    else {
        return None;
    };
    let own = Region::exactly(v);
    let actions = [full.action.as_str()];
    // The session's keys stay as the positive control sets them; the key asked about comes
    // from its region.
    let mut context = full.context.clone();
    context.remove(&key);
    let q = Question {
        principal: &full.principal,
        resource_account: Some(&n.account),
        context: &context,
        actions: &actions,
        resource: &memories,
        key: Some((key.as_str(), &own, false)),
        fixed: session_key,
    };
    symbolic::search(policies, &q)
        .answers
        .into_iter()
        .find_map(|a| a.witness)
}

/// A complete `tenantctl policy simulate` input for the witness: the request and every policy
/// that decided it, as deployed.
pub(crate) fn replay(set: &PolicySet, w: &Request) -> serde_json::Value {
    let raw = |p: &NamedPolicy| p.document.raw().clone();
    let all = |v: &Vec<NamedPolicy>| v.iter().map(raw).collect::<Vec<_>>();
    let mut o = serde_json::Map::new();
    let d = describe(w);
    o.insert("principal".into(), d.principal.into());
    o.insert("action".into(), d.action.into());
    o.insert("resource".into(), d.resource.into());
    if let Some(a) = &w.resource_account {
        o.insert("resourceAccount".into(), a.clone().into());
    }
    o.insert(
        "context".into(),
        serde_json::to_value(&d.context).unwrap_or_default(),
    );
    o.insert("identityPolicies".into(), all(&set.identity).into());
    if let Some(r) = &set.resource {
        o.insert("resourcePolicy".into(), raw(r));
    }
    if !set.boundaries.is_empty() {
        o.insert("permissionBoundaries".into(), all(&set.boundaries).into());
    }
    if let Some(s) = &set.session {
        o.insert("sessionPolicy".into(), raw(s));
    }
    if !set.scps.is_empty() {
        o.insert(
            "serviceControlPolicies".into(),
            set.scps.iter().map(all).collect::<Vec<_>>().into(),
        );
    }
    if !set.rcps.is_empty() {
        o.insert(
            "resourceControlPolicies".into(),
            set.rcps.iter().map(all).collect::<Vec<_>>().into(),
        );
    }
    if !set.endpoints.is_empty() {
        o.insert("endpointPolicies".into(), all(&set.endpoints).into());
    }
    serde_json::Value::Object(o)
}

/// Keys (lowercase) the session itself determines, whether or not it has them: its tags and
/// identity, the region it was issued for. A session without a `Tier` tag has no `Tier` tag
/// in any request it makes; every other key is the caller's (or the data's) to choose.
pub(crate) fn session_key(key: &str) -> bool {
    key.starts_with("aws:principaltag/")
        || matches!(
            key,
            "aws:principalarn"
                | "aws:principalaccount"
                | "aws:principalorgid"
                | "aws:principalorgpaths"
                | "aws:principaltype"
                | "aws:principalisawsservice"
                | "aws:userid"
                | "aws:username"
                | "aws:requestedregion"
                | "aws:sourceidentity"
                | "aws:federatedprovider"
                | "aws:tokenissuetime"
                | "aws:multifactorauthpresent"
                | "aws:multifactorauthage"
        )
}

/// The fixed keys of a proof session: tags, principal, region. `aws:SecureTransport` and
/// every other request property are left to the caller (unknowns).
pub(crate) fn proof_context(names: &Names, role_arn: Option<&str>, tags: &Tags) -> Context {
    let mut c = Context::new();
    if let Some(v) = &tags.clinic {
        c.set(&format!("aws:PrincipalTag/{TAG_CLINIC_ID}"), v.as_str());
    }
    if let Some(v) = &tags.tier {
        c.set(&format!("aws:PrincipalTag/{TAG_TIER}"), v.as_str());
    }
    if let Some(v) = &tags.user {
        c.set(&format!("aws:PrincipalTag/{TAG_USER_ID}"), v.as_str());
    }
    if let Some(arn) = role_arn {
        c.set("aws:PrincipalArn", arn);
        c.set("aws:PrincipalAccount", names.account.as_str());
    }
    c.set("aws:RequestedRegion", names.region.as_str());
    c
}
