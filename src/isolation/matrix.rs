//! The tenant × tenant × action-class matrix, evaluated locally and in parallel.

use std::collections::BTreeMap;

use crate::policy::{
    decide_parts, evaluate, Context, ContextValue, Decision, Evaluation, PreparedPrincipal,
    PreparedResource, Request, RequestParts,
};

use super::adversarial::{self, Tags};
use super::probes::{ActionClass, ContextVal, Target, UnscopedProbe};
use super::{session_arn, Finding, IsolationInput, RequestDesc, RoleUnderTest, Rule, Summary};

/// Collects findings: counts everything, keeps the first `limit` per rule in detail.
#[derive(Debug)]
pub struct Accumulator {
    pub counts: BTreeMap<Rule, u64>,
    kept: BTreeMap<Rule, Vec<Finding>>,
    limit: usize,
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
    fn wants(&self, rule: Rule) -> bool {
        self.kept.get(&rule).is_none_or(|k| k.len() < self.limit)
    }
    fn count_only(&mut self, rule: Rule) {
        *self.counts.entry(rule).or_default() += 1;
    }
    fn merge(&mut self, other: Accumulator) {
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

/// One session whose requests are evaluated.
struct Session<'a> {
    label: String,
    tags: Tags,
    role: &'a RoleUnderTest,
    /// Its own tenant (positive controls), for real and synthetic tenant sessions.
    own: Option<Target>,
    adversarial: bool,
}

pub(crate) fn session_context(
    input: &IsolationInput,
    role: &RoleUnderTest,
    tags: &Tags,
) -> Context {
    let mut c = Context::new();
    if let Some(v) = &tags.clinic {
        c.set("aws:PrincipalTag/ClinicId", v.as_str());
    }
    if let Some(v) = &tags.tier {
        c.set("aws:PrincipalTag/Tier", v.as_str());
    }
    if let Some(v) = &tags.user {
        c.set("aws:PrincipalTag/UserId", v.as_str());
    }
    c.set("aws:PrincipalArn", role.role_arn.as_str());
    c.set("aws:PrincipalAccount", input.names.account.as_str());
    c.set("aws:RequestedRegion", input.names.region.as_str());
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
        rule,
        rule_name: rule.name(),
        severity: rule.severity(),
        message,
        session,
        target,
        action_class: class.map(str::to_string),
        request: Some(describe(req)),
        decision: Some(ev.decision.to_string()),
        statements: ev.decided_by.clone(),
        explanation: ev.explain(),
    }
}

fn set_key(ctx: &mut Context, key: &str, v: &ContextVal) {
    match v {
        ContextVal::One(s) => ctx.set(key, s.as_str()),
        ContextVal::Many(m) => ctx.set(key, m.clone()),
    }
}

/// One action class's request on one target, parsed once and shared by every session
/// (building it per session would parse and allocate millions of identical strings).
struct ClassRequest {
    resource: PreparedResource,
    /// The class's own context key and value, if any...
    key: Option<(&'static str, ContextVal)>,
    /// ...and the same as a context to overlay on the session's.
    overlay: Option<Context>,
}

/// A target's requests, one per action class.
struct TargetRequests {
    target: Target,
    per_class: Vec<ClassRequest>,
}

fn overlay_of(key: &str, v: &ContextVal) -> Context {
    let mut c = Context::new();
    set_key(&mut c, key, v);
    c
}

/// The context keys the main loop sets per request (each class's resource key): all other
/// keys of a session's requests are the session's own, which `PolicySet::specialize` may
/// decide once.
fn varying_keys(targets: &[TargetRequests]) -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = targets
        .iter()
        .flat_map(|t| {
            t.per_class
                .iter()
                .filter_map(|c| c.key.as_ref().map(|(k, _)| *k))
        })
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

impl TargetRequests {
    fn new(input: &IsolationInput, target: &Target) -> Self {
        TargetRequests {
            target: target.clone(),
            per_class: ActionClass::ALL
                .iter()
                .map(|c| {
                    let (resource, key) = c.request_for(&input.names, target);
                    ClassRequest {
                        resource: PreparedResource::new(&resource, Some(&input.names.account)),
                        overlay: key.as_ref().map(|(k, v)| overlay_of(k, v)),
                        key,
                    }
                })
                .collect(),
        }
    }
}

/// What one session sends for one class on one target: the class's own key, or, for a session
/// of tenant `own` reaching for another tenant's resource, the mixed form some classes use
/// (`DynamoDbBatchRead` sends `[own, target]`), built only then.
struct Sent<'a> {
    class: &'a ClassRequest,
    mixed: Option<(&'static str, ContextVal, Context)>,
}

impl ClassRequest {
    fn sent(&self, class: ActionClass, own: Option<&str>, target: &str) -> Sent<'_> {
        let mixed = match (own, &self.key) {
            (Some(own), Some((k, _))) if own != target => {
                class.with_own_key(own, target).map(|v| {
                    let overlay = overlay_of(k, &v);
                    (*k, v, overlay)
                })
            }
            _ => None,
        };
        Sent { class: self, mixed }
    }
}

impl Sent<'_> {
    /// The request's context key and value.
    fn key(&self) -> Option<(&str, &ContextVal)> {
        match &self.mixed {
            Some((k, v, _)) => Some((k, v)),
            None => self.class.key.as_ref().map(|(k, v)| (*k, v)),
        }
    }
    /// The same, as the overlay `decide_parts` reads.
    fn overlay(&self) -> Option<&Context> {
        match &self.mixed {
            Some((_, _, o)) => Some(o),
            None => self.class.overlay.as_ref(),
        }
    }
}

/// The whole request of class `class` on `c`, as a [`Request`] (for findings, which are
/// explained from the deployed policies).
fn full_request(
    session: &Request,
    class: ActionClass,
    c: &ClassRequest,
    key: Option<(&str, &ContextVal)>,
) -> Request {
    let mut req = Request {
        action: class.action().to_string(),
        resource: c.resource.as_str().to_string(),
        ..session.clone()
    };
    if let Some((k, v)) = key {
        set_key(&mut req.context, k, v);
    }
    req
}

struct Counters {
    pairs: u64,
    requests: u64,
}

fn check_session(
    input: &IsolationInput,
    s: &Session,
    targets: &[TargetRequests],
    varying: &[&str],
    acc: &mut Accumulator,
    n: &mut Counters,
) {
    let mut req = Request {
        principal: session_arn(&input.names, &s.role.role_name, &s.label),
        action: String::new(),
        resource: String::new(),
        resource_account: Some(input.names.account.clone()),
        context: session_context(input, s.role, &s.tags),
    };
    // The session's tags are the same for all of its requests: substitute them into the
    // policies once (same decisions, no per-request rendering). Findings are explained from
    // the policies as deployed.
    let fast = s.role.policies.specialize(&req.context, varying);
    // ...and restricted per action class to the statements that can apply to its action.
    let per_class: Vec<_> = ActionClass::ALL
        .iter()
        .map(|c| fast.for_action(c.action()))
        .collect();
    let focus = input.focus.as_deref();
    let own_id = s.own.as_ref().map(|t| t.tenant.as_str());
    let principal = PreparedPrincipal::new(&req.principal);
    for prepared in targets {
        let target = &prepared.target;
        let is_own = own_id == Some(target.tenant.as_str());
        if let Some(f) = focus {
            let involved = own_id == Some(f) || target.tenant == f;
            if !involved {
                continue;
            }
        }
        if !is_own {
            n.pairs += 1;
        }
        for (ci, class) in ActionClass::ALL.into_iter().enumerate() {
            let c = &prepared.per_class[ci];
            let sent = c.sent(class, own_id, &target.tenant);
            // Decide only (no explanation) on the hot path; explain the few that are findings.
            let decision = decide_parts(
                &per_class[ci],
                &RequestParts {
                    principal,
                    action: class.action(),
                    resource: &c.resource,
                    context: &req.context,
                    overlay: sent.overlay(),
                },
            );
            n.requests += 1;
            let allowed = decision == Decision::Allowed;
            let unwanted = if is_own {
                !allowed && !s.adversarial
            } else {
                allowed
            };
            if !unwanted {
                continue;
            }
            let rule = if is_own {
                Rule::OwnAccessDenied
            } else if s.adversarial {
                Rule::AdversarialSessionAccess
            } else {
                Rule::CrossTenantAccess
            };
            if !acc.wants(rule) {
                acc.count_only(rule);
                continue;
            }
            let full = full_request(&req, class, c, sent.key());
            let ev = evaluate(&s.role.policies, &full);
            let msg = match rule {
                Rule::OwnAccessDenied => format!(
                    "{} is denied {} on its own resources ({})",
                    s.label,
                    class.id(),
                    s.role.role_name
                ),
                _ => format!(
                    "{} can {} on tenant {}'s resources ({})",
                    s.label,
                    class.id(),
                    target.tenant,
                    s.role.role_name
                ),
            };
            acc.push(finding(
                rule,
                msg,
                Some(s.label.clone()),
                Some(target.tenant.clone()),
                Some(class.id()),
                &full,
                &ev,
            ));
        }
    }
    // Requests that name no tenant: never allowed.
    let tier = s.tags.tier.clone().unwrap_or_default();
    for probe in UnscopedProbe::ALL {
        let (action, resource, key) = probe.request(&input.names, &tier);
        req.action = action.to_string();
        req.resource = resource;
        if let Some((k, v)) = &key {
            set_key(&mut req.context, k, v);
        }
        let ev = evaluate(&s.role.policies, &req);
        n.requests += 1;
        if ev.decision == Decision::Allowed {
            let msg = format!(
                "{} is allowed {} ({}): it names no tenant, so it reaches every tenant",
                s.label,
                probe.id(),
                action
            );
            acc.push(finding(
                Rule::UnscopedAccess,
                msg,
                Some(s.label.clone()),
                None,
                Some(probe.id()),
                &req,
                &ev,
            ));
        }
        if let Some((k, _)) = key {
            req.context.remove(k);
        }
    }
    // Tier models: own tier's model allowed, other tiers' models not (tenant sessions only).
    // With a focus, only the focused tenant's own sessions: another tenant's model access is
    // neither a path into nor out of the focused tenant (and, during a bulk onboarding, that
    // tenant's dedicated role may still be half-built).
    let own_in_focus = |own: &&Target| focus.is_none_or(|f| own.tenant == f);
    if let Some(own) = s.own.as_ref().filter(own_in_focus) {
        let own_model = input
            .tiers
            .iter()
            .find(|(t, _)| *t == own.tier)
            .map(|(_, m)| m.clone());
        for (tier, model) in &input.tiers {
            let should = Some(model) == own_model.as_ref();
            if !should && tier == &own.tier {
                continue;
            }
            req.action = "bedrock:InvokeModel".into();
            req.resource = model.clone();
            let ev = evaluate(&s.role.policies, &req);
            n.requests += 1;
            let allowed = ev.decision == Decision::Allowed;
            if allowed != should {
                let msg = if should {
                    format!(
                        "{} (tier {}) cannot invoke its tier's model {model}",
                        s.label, own.tier
                    )
                } else {
                    format!(
                        "{} (tier {}) can invoke tier {tier}'s model {model}",
                        s.label, own.tier
                    )
                };
                acc.push(finding(
                    Rule::TierModelAccess,
                    msg,
                    Some(s.label.clone()),
                    None,
                    Some("bedrock-model"),
                    &req,
                    &ev,
                ));
            }
        }
    }
}

/// Evaluate the matrix; findings go to `acc`.
pub fn run(input: &IsolationInput, acc: &mut Accumulator) -> Summary {
    let first_tier = input
        .tiers
        .first()
        .map(|(t, _)| t.clone())
        .unwrap_or_else(|| "basic".into());
    let mut targets: Vec<Target> = input
        .tenants
        .iter()
        .map(|t| adversarial::target_of(&t.id, &t.tier))
        .collect();
    let synthetic = if input.adversarial {
        adversarial::synthetic_targets(&input.tenants, &first_tier)
    } else {
        Vec::new()
    };
    targets.extend(synthetic.iter().cloned());

    let mut sessions: Vec<Session> = Vec::new();
    for t in &targets {
        let tags = Tags {
            clinic: Some(t.tenant.clone()),
            tier: Some(t.tier.clone()),
            user: Some(t.user.clone()),
        };
        sessions.push(Session {
            label: t.tenant.clone(),
            tags: tags.clone(),
            role: &input.tvm,
            own: Some(t.clone()),
            adversarial: false,
        });
        if let Some(role) = input
            .tenants
            .iter()
            .find(|e| e.id == t.tenant)
            .and_then(|e| e.siloed_role.as_ref())
        {
            sessions.push(Session {
                label: format!("{} (dedicated role)", t.tenant),
                tags,
                role,
                own: Some(t.clone()),
                adversarial: false,
            });
        }
    }
    if input.adversarial {
        for a in adversarial::sessions(&input.tenants, &first_tier) {
            sessions.push(Session {
                label: a.label,
                tags: a.tags,
                role: &input.tvm,
                own: None,
                adversarial: true,
            });
        }
    }

    // Parallel over sessions; results merged in session order so reports are deterministic.
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 16);
    let chunk = sessions.len().div_ceil(threads).max(1);
    let prepared: Vec<TargetRequests> = targets
        .iter()
        .map(|t| TargetRequests::new(input, t))
        .collect();
    let varying = varying_keys(&prepared);
    let limit = acc.limit;
    let results: Vec<(Accumulator, Counters)> = std::thread::scope(|scope| {
        let handles: Vec<_> = sessions
            .chunks(chunk)
            .map(|part| {
                let (targets, varying) = (&prepared, &varying);
                scope.spawn(move || {
                    let mut acc = Accumulator::with_limit(limit);
                    let mut n = Counters {
                        pairs: 0,
                        requests: 0,
                    };
                    for s in part {
                        check_session(input, s, targets, varying, &mut acc, &mut n);
                    }
                    (acc, n)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("isolation worker panicked"))
            .collect()
    });
    let mut summary = Summary {
        tenants: input.tenants.len(),
        synthetic_tenants: synthetic.len(),
        sessions: sessions.len(),
        action_classes: ActionClass::ALL.len(),
        ..Default::default()
    };
    for (a, n) in results {
        acc.merge(a);
        summary.ordered_pairs += n.pairs;
        summary.requests_evaluated += n.requests;
    }
    summary
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::Config;
    use crate::ids::{TenantId, TierName};
    use crate::isolation::{validate, TenantEntry};
    use crate::naming::Names;
    use crate::policy::decide;
    use crate::policy::{NamedPolicy, PolicyDocument, PolicySet};
    use crate::templates;

    const CONFIG: &str = r#"namespace = "medplat"
region = "us-east-1"
[cognito]
user_pool_name = "medplat-users"
[buckets]
data = "medplat-data"
archive = "medplat-archive"
[tvm]
trusted_principals = ["arn:aws:iam::123456789012:role/medplat-runtime"]
[tiers.basic]
model_id = "mistral.ministral-3-8b-instruct"
deployment = "pooled"
features = []
monthly_budget = "200.00"
project_id = "medplat-basic"
[tiers.enterprise]
model_id = "openai.gpt-oss-120b-1:0"
deployment = "siloed"
features = []
monthly_budget = "5000.00"
project_id = "medplat-enterprise"
"#;

    fn names_of(cfg: &Config) -> Names {
        Names {
            ns: cfg.namespace.clone(),
            partition: "aws".into(),
            account: "123456789012".into(),
            region: "us-east-1".into(),
            data_bucket: cfg.buckets.data.clone(),
            archive_bucket: cfg.buckets.archive.clone(),
        }
    }

    fn role(name: &str, names: &Names, docs: &[&str]) -> RoleUnderTest {
        let identity = docs
            .iter()
            .map(|d| NamedPolicy::new("inline", PolicyDocument::parse(d).unwrap()))
            .collect();
        RoleUnderTest {
            role_name: name.into(),
            role_arn: names.role_arn(name),
            policies: PolicySet {
                identity,
                ..Default::default()
            },
            trust: None,
        }
    }

    /// The shipped templates for clinic-a (basic) and clinic-s (enterprise, siloed), where
    /// clinic-s's dedicated role is as the caller chooses.
    fn input(siloed_policies: &[&str]) -> IsolationInput {
        let cfg = Config::parse(CONFIG, Path::new("test.toml")).unwrap();
        let names = names_of(&cfg);
        let tvm_doc = templates::tvm_access_policy(&cfg, &names).unwrap();
        let tvm = role(&names.tvm_role_name(), &names, &[&tvm_doc]);
        let s = TenantId::parse("clinic-s").unwrap();
        let silo_name = names.siloed_role_name(&s);
        let siloed = role(&silo_name, &names, siloed_policies);
        IsolationInput {
            tiers: cfg
                .tiers
                .iter()
                .map(|(t, c)| (t.to_string(), names.foundation_model_arn(&c.model_id)))
                .collect(),
            tenants: vec![
                TenantEntry {
                    id: "clinic-a".into(),
                    tier: "basic".into(),
                    siloed_role: None,
                },
                TenantEntry {
                    id: "clinic-s".into(),
                    tier: "enterprise".into(),
                    siloed_role: Some(siloed),
                },
            ],
            names,
            tvm,
            runtime_roles: Vec::new(),
            trusted_principals: cfg.tvm.trusted_principals.clone(),
            focus: None,
            adversarial: true,
            preflight: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn siloed_doc() -> String {
        let cfg = Config::parse(CONFIG, Path::new("test.toml")).unwrap();
        let names = names_of(&cfg);
        let s = TenantId::parse("clinic-s").unwrap();
        templates::siloed_access_policy(&cfg, &names, &s, &TierName::parse("enterprise").unwrap())
            .unwrap()
    }

    /// The hot path decides on policies specialised to the session's tags: for every session
    /// the matrix makes (tenants, adversarial tag shapes: missing, empty, `/`, `*`, case) and
    /// every request it builds, the specialised policies decide exactly as the deployed ones.
    #[test]
    fn specialised_policies_decide_like_the_deployed_ones() {
        let doc = siloed_doc();
        let input = input(&[&doc]);
        let first_tier = input.tiers[0].0.clone();
        let mut targets: Vec<Target> = input
            .tenants
            .iter()
            .map(|t| adversarial::target_of(&t.id, &t.tier))
            .collect();
        targets.extend(adversarial::synthetic_targets(&input.tenants, &first_tier));
        let mut sessions: Vec<(Tags, &RoleUnderTest)> = targets
            .iter()
            .map(|t| {
                (
                    Tags {
                        clinic: Some(t.tenant.clone()),
                        tier: Some(t.tier.clone()),
                        user: Some(t.user.clone()),
                    },
                    &input.tvm,
                )
            })
            .collect();
        sessions.extend(
            adversarial::sessions(&input.tenants, &first_tier)
                .into_iter()
                .map(|a| (a.tags, &input.tvm)),
        );
        let silo = input.tenants[1].siloed_role.as_ref().unwrap();
        sessions.push((
            Tags {
                clinic: Some("clinic-s".into()),
                tier: Some("enterprise".into()),
                user: Some("u".into()),
            },
            silo,
        ));
        let (mut compared, mut mixed_with_own) = (0, 0);
        for (tags, role) in &sessions {
            let req = Request {
                principal: session_arn(&input.names, &role.role_name, "s"),
                action: String::new(),
                resource: String::new(),
                resource_account: Some(input.names.account.clone()),
                context: session_context(&input, role, tags),
            };
            let all: Vec<TargetRequests> = targets
                .iter()
                .map(|t| TargetRequests::new(&input, t))
                .collect();
            let varying = varying_keys(&all);
            assert!(varying.contains(&"s3:prefix"), "{varying:?}");
            let fast = role.policies.specialize(&req.context, &varying);
            let principal = PreparedPrincipal::new(&req.principal);
            let own = tags.clinic.as_deref();
            for prepared in &all {
                for (ci, class) in ActionClass::ALL.into_iter().enumerate() {
                    let c = &prepared.per_class[ci];
                    let sent = c.sent(class, own, &prepared.target.tenant);
                    mixed_with_own += usize::from(sent.mixed.is_some());
                    let full = full_request(&req, class, c, sent.key());
                    let want = decide(&role.policies, &full);
                    let per_action = fast.for_action(class.action());
                    let parts = RequestParts {
                        principal,
                        action: class.action(),
                        resource: &c.resource,
                        context: &req.context,
                        overlay: sent.overlay(),
                    };
                    let what = format!("{tags:?} {} {}", full.action, full.resource);
                    assert_eq!(decide(&fast, &full), want, "{what}");
                    assert_eq!(decide(&per_action, &full), want, "{what}");
                    assert_eq!(decide_parts(&per_action, &parts), want, "{what}");
                    compared += 1;
                }
            }
        }
        assert!(compared > 500, "{compared}");
        assert!(mixed_with_own > 10, "{mixed_with_own}");
    }

    #[test]
    fn shipped_templates_with_a_dedicated_role_are_isolated() {
        let doc = siloed_doc();
        let rep = validate(&input(&[&doc]));
        assert!(rep.isolated, "{:#?}", rep.findings);
    }

    #[test]
    fn a_dedicated_role_without_its_policy_fails_its_own_positive_controls() {
        let rep = validate(&input(&[]));
        assert!(!rep.isolated);
        assert!(
            rep.findings.iter().any(|f| f.rule == Rule::OwnAccessDenied),
            "{:#?}",
            rep.findings
        );
        assert!(
            rep.findings.iter().any(|f| f.rule == Rule::TierModelAccess),
            "{:#?}",
            rep.findings
        );
        // Focused on that tenant, the same gaps are findings too.
        let mut focused = input(&[]);
        focused.focus = Some("clinic-s".into());
        assert!(!validate(&focused).isolated);
    }

    /// Bulk onboarding gates clinic-a while clinic-s's dedicated role is still being built:
    /// clinic-s's own (missing) access is not a path into or out of clinic-a.
    #[test]
    fn focus_ignores_another_tenants_positive_controls() {
        let mut focused = input(&[]);
        focused.focus = Some("clinic-a".into());
        let rep = validate(&focused);
        assert!(rep.isolated, "{:#?}", rep.findings);
    }

    /// ...but a dedicated role that reaches the focused tenant is still a finding.
    #[test]
    fn focus_still_catches_another_tenants_role_reaching_in() {
        let wide = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::medplat-data/*"}]}"#;
        let doc = siloed_doc();
        let mut focused = input(&[&doc, wide]);
        focused.focus = Some("clinic-a".into());
        let rep = validate(&focused);
        assert!(
            rep.findings
                .iter()
                .any(|f| f.rule == Rule::CrossTenantAccess
                    && f.target.as_deref() == Some("clinic-a")),
            "{:#?}",
            rep.findings
        );
    }
}
