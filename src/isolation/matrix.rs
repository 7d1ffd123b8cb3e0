//! The tenant × tenant × action-class matrix, evaluated locally and in parallel.

use crate::policy::{evaluate, Decision, PreparedResource, Request};

use super::adversarial::{self, Tags};
use super::probes::{ActionClass, ContextVal, Target};
use super::witness::{
    finding, on_some_memory, proof_context, session_context, set_key, Accumulator,
};
use super::{proof, session_arn, IsolationInput, RoleUnderTest, Rule, Summary};

/// One session whose requests are evaluated.
struct Session<'a> {
    label: String,
    tags: Tags,
    role: &'a RoleUnderTest,
    /// Its own tenant (positive controls), for real and synthetic tenant sessions.
    own: Option<Target>,
    adversarial: bool,
}

/// One action class's request on one target (the positive controls' requests).
struct ClassRequest {
    resource: PreparedResource,
    /// The class's own context key and value, if any.
    key: Option<(&'static str, ContextVal)>,
}

/// A target's requests, one per action class the naming contract declares a namespace for.
struct TargetRequests {
    per_class: Vec<Option<ClassRequest>>,
}

impl TargetRequests {
    fn new(input: &IsolationInput, target: &Target) -> Self {
        TargetRequests {
            per_class: ActionClass::ALL
                .iter()
                .map(|c| {
                    let (resource, key) = c.request_for(&input.names, &input.contract, target)?;
                    Some(ClassRequest {
                        resource: PreparedResource::new(&resource, Some(&input.names.account)),
                        key,
                    })
                })
                .collect(),
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
    questions: u64,
}

/// The tier of tenant `id` among the real and synthetic targets.
fn tier_of<'a>(targets: &'a [Target], id: &str) -> Option<&'a str> {
    targets
        .iter()
        .find(|t| t.tenant == id)
        .map(|t| t.tier.as_str())
}

fn check_session(
    input: &IsolationInput,
    s: &Session,
    all: &[Target],
    acc: &mut Accumulator,
    n: &mut Counters,
) {
    let req = Request {
        principal: session_arn(&input.names, &s.role.role_name, &s.label),
        action: String::new(),
        resource: String::new(),
        resource_account: Some(input.names.account.clone()),
        context: session_context(input, s.role, &s.tags),
    };
    let focus = input.focus.as_deref();
    let own_id = s.own.as_ref().map(|t| t.tenant.as_str());
    if focus.is_none_or(|f| own_id == Some(f)) {
        if let Some(own) = s.own.as_ref().filter(|_| !s.adversarial) {
            positive_controls(input, s, own, &req, acc, n);
        }
    }
    // The proof asks about the focused tenant only; one unknown to this run has nothing to
    // reach.
    let only = match focus {
        Some(f) if own_id != Some(f) => tier_of(all, f).map(|tier| (tier, f)),
        _ => None,
    };
    if focus.is_none() || own_id == focus || only.is_some() {
        prove_session(input, s, &req.principal, only, all.len(), acc, n);
    }
    // Tier models: only the focused tenant's own sessions (another tenant's model access is
    // neither a path into nor out of it, and during a bulk onboarding its dedicated role may
    // still be half-built), and only where the contract says sessions invoke models.
    if let Some(own) = s.own.as_ref() {
        if focus.is_none_or(|f| own.tenant == f) && input.contract.tier_models {
            tier_models(input, s, own, req, acc, n);
        }
    }
}

/// Positive controls: the session reaches its own resources, one request per action class
/// (a deny-all policy must not pass as isolated).
fn positive_controls(
    input: &IsolationInput,
    s: &Session,
    own: &Target,
    req: &Request,
    acc: &mut Accumulator,
    n: &mut Counters,
) {
    let own_requests = TargetRequests::new(input, own);
    for (ci, class) in ActionClass::ALL.into_iter().enumerate() {
        let Some(c) = &own_requests.per_class[ci] else {
            continue;
        };
        let full = full_request(req, class, c, c.key.as_ref().map(|(k, v)| (*k, v)));
        n.requests += 1;
        if crate::policy::decide(&s.role.policies, &full) == Decision::Allowed
            || (class.any_memory() && on_some_memory(input, &s.role.policies, &full).is_some())
        {
            continue;
        }
        if !acc.wants(Rule::OwnAccessDenied) {
            acc.count_only(Rule::OwnAccessDenied);
            continue;
        }
        let ev = evaluate(&s.role.policies, &full);
        let msg = format!(
            "{} is denied {} on its own resources ({})",
            s.label,
            class.id(),
            s.role.role_name
        );
        acc.push(finding(
            Rule::OwnAccessDenied,
            msg,
            Some(s.label.clone()),
            Some(own.tenant.clone()),
            Some(class.id()),
            &full,
            &ev,
        ));
    }
}

/// The proof: nothing in any other tenant's namespace (or only the focused one's), for every
/// action of every family, every resource and every value the caller controls (`proof`).
fn prove_session(
    input: &IsolationInput,
    s: &Session,
    principal: &str,
    only: Option<(&str, &str)>,
    targets: usize,
    acc: &mut Accumulator,
    n: &mut Counters,
) {
    let own = s.own.as_ref().map(|t| (t.tier.as_str(), t.tenant.as_str()));
    let asker = proof::Asker {
        label: s.label.clone(),
        principal: principal.to_string(),
        policies: &s.role.policies,
        context: proof_context(&input.names, Some(&s.role.role_arn), &s.tags),
        rule: if s.adversarial {
            Rule::AdversarialSessionAccess
        } else {
            Rule::CrossTenantAccess
        },
        scope: proof::Scope { own, only },
        s3_only: false,
    };
    let mut tally = proof::Tally::default();
    proof::prove(input, &asker, acc, &mut tally);
    n.requests += tally.requests;
    n.questions += tally.questions;
    if !s.adversarial {
        n.pairs += if only.is_some() {
            1
        } else {
            targets.saturating_sub(1) as u64
        };
    }
}

/// The own tier's model allowed, every other tier's model denied.
fn tier_models(
    input: &IsolationInput,
    s: &Session,
    own: &Target,
    mut req: Request,
    acc: &mut Accumulator,
    n: &mut Counters,
) {
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
        if (ev.decision == Decision::Allowed) == should {
            continue;
        }
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
    let sessions = sessions_of(input, &targets, &first_tier);
    let mut summary = Summary {
        tenants: input.tenants.len(),
        synthetic_tenants: synthetic.len(),
        sessions: sessions.len(),
        action_classes: proof::Family::ALL.len(),
        ..Default::default()
    };
    for (a, n) in in_parallel(input, &sessions, &targets, acc.limit) {
        acc.merge(a);
        summary.ordered_pairs += n.pairs;
        summary.requests_evaluated += n.requests;
        summary.questions += n.questions;
    }
    external_callers(input, &targets, acc, &mut summary);
    summary
}

/// Every session asked about: each target's TVM session (and dedicated role), then the
/// adversarial sessions.
fn sessions_of<'a>(
    input: &'a IsolationInput,
    targets: &[Target],
    first_tier: &str,
) -> Vec<Session<'a>> {
    let mut sessions: Vec<Session> = Vec::new();
    for t in targets {
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
        for a in adversarial::sessions(&input.tenants, first_tier) {
            // Whether the trust policy would mint this session is what makes it a path, not
            // only a weakness of the ABAC policy: say which it is.
            let label = match super::trust::runtime_may_create(input, &a.tags) {
                Some(true) => format!("{} (the TVM trust policy accepts this session)", a.label),
                Some(false) => format!("{} (refused by the TVM trust policy)", a.label),
                None => a.label,
            };
            sessions.push(Session {
                label,
                tags: a.tags,
                role: &input.tvm,
                own: None,
                adversarial: true,
            });
        }
    }
    sessions
}

/// Check the sessions on every core; results in session order, so reports are deterministic.
fn in_parallel(
    input: &IsolationInput,
    sessions: &[Session],
    targets: &[Target],
    limit: usize,
) -> Vec<(Accumulator, Counters)> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 16);
    let chunk = sessions.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = sessions
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut acc = Accumulator::with_limit(limit);
                    let mut n = Counters {
                        pairs: 0,
                        requests: 0,
                        questions: 0,
                    };
                    for s in part {
                        check_session(input, s, targets, &mut acc, &mut n);
                    }
                    (acc, n)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("isolation worker panicked"))
            .collect()
    })
}

/// Callers from outside: anonymous and other accounts, through the bucket policy.
fn external_callers(
    input: &IsolationInput,
    targets: &[Target],
    acc: &mut Accumulator,
    summary: &mut Summary,
) {
    let Some(bucket) = &input.tvm.policies.resource else {
        return;
    };
    let only = input
        .focus
        .as_deref()
        .and_then(|f| tier_of(targets, f).map(|tier| (tier, f)));
    let untagged = Tags {
        clinic: None,
        tier: None,
        user: None,
    };
    for (label, principal, set) in proof::external_sets(input, bucket) {
        let asker = proof::Asker {
            label,
            principal,
            policies: &set,
            context: proof_context(&input.names, None, &untagged),
            rule: Rule::ExternalPrincipalAccess,
            scope: proof::Scope { own: None, only },
            s3_only: true,
        };
        let mut tally = proof::Tally::default();
        proof::prove(input, &asker, acc, &mut tally);
        summary.requests_evaluated += tally.requests;
        summary.questions += tally.questions;
        summary.sessions += 1;
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::Config;
    use crate::ids::{TenantId, TierName};
    use crate::isolation::{validate, TenantEntry};
    use crate::naming::Names;
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
            memory_id: None,
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
            contract: crate::naming::contract::Contract::tenantctl("medplat"),
            ambiguous: Default::default(),
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
