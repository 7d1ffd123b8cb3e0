//! Isolation validation: prove, with the project's own policy evaluator over the policies
//! actually deployed (or given as files), that every tenant session reaches its own resources
//! and nothing of any other tenant's — including synthetic adversarial tenants and sessions a
//! real fleet will eventually contain — and that the trust policy only mints well-formed
//! tenant sessions for the configured runtime.

pub mod adversarial;
pub mod assess;
pub mod authorizers;
pub mod cfn;
pub mod collisions;
pub mod drift;
pub mod identity;
pub mod index_drift;
pub mod live;
pub mod matrix;
pub mod online;
pub mod probes;
pub mod proof;
pub mod report;
pub mod rules;
pub mod trust;
pub mod witness;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::naming::contract::Contract;
use crate::naming::Names;
use crate::policy::{NamedPolicy, PolicySet, StatementRef};

pub use rules::{Rule, Severity};

/// A role whose sessions are checked: its permission policies, boundary and trust policy.
#[derive(Debug, Clone)]
pub struct RoleUnderTest {
    pub role_name: String,
    pub role_arn: String,
    pub policies: PolicySet,
    pub trust: Option<NamedPolicy>,
}

/// A tenant of the registry (or of `--tenants`), with its dedicated role on a siloed tier.
#[derive(Debug, Clone)]
pub struct TenantEntry {
    pub id: String,
    pub tier: String,
    pub siloed_role: Option<RoleUnderTest>,
}

/// Everything a validation run needs; no AWS access happens after this is built.
#[derive(Debug, Clone)]
pub struct IsolationInput {
    pub names: Names,
    /// Where each family keeps a tenant's data (`[naming]`, tenantctl's own by default).
    pub contract: Contract,
    /// The contract's slots that are not injective (computed once, on first use).
    pub ambiguous: std::sync::OnceLock<Vec<crate::naming::contract::Slot>>,
    /// Configured tiers and the ARN of each tier's model.
    pub tiers: Vec<(String, String)>,
    pub tenants: Vec<TenantEntry>,
    pub tvm: RoleUnderTest,
    /// The runtime roles' own policies, where they could be read (bypass check).
    pub runtime_roles: Vec<RoleUnderTest>,
    pub trusted_principals: Vec<String>,
    /// `--tenant T`: only pairs involving T.
    pub focus: Option<String>,
    /// Whether to add synthetic adversarial tenants and sessions.
    pub adversarial: bool,
    /// Findings discovered while reading the account (unreadable policies).
    pub preflight: Vec<Finding>,
    /// What was skipped and why (shown in the report, never silently dropped).
    pub notes: Vec<String>,
}

/// The concrete request behind a finding, so an operator can reproduce it
/// (`tenantctl policy simulate` takes the same shape).
#[derive(Debug, Clone, Serialize)]
pub struct RequestDesc {
    pub principal: String,
    pub action: String,
    pub resource: String,
    pub context: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule: Rule,
    pub rule_name: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The session (tenant id, or adversarial label) that made the request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// The tenant whose resource was reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_class: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<RequestDesc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
    /// Statements that decided (for an unwanted Allow: the statements that granted it).
    pub statements: Vec<StatementRef>,
    /// Evaluator explanation (closest statement and failing element for denials).
    pub explanation: String,
    /// A complete `tenantctl policy simulate` input that replays the witness (the request and
    /// the policies as deployed); present on every finding the proof makes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replay: Option<serde_json::Value>,
}

impl Finding {
    /// A finding of `rule` with its message and nothing else yet (no request, no session);
    /// callers fill in what they know with struct update syntax.
    pub fn new(rule: Rule, message: String) -> Finding {
        Finding {
            rule,
            rule_name: rule.name(),
            severity: rule.severity(),
            message,
            session: None,
            target: None,
            action_class: None,
            request: None,
            decision: None,
            statements: Vec::new(),
            explanation: String::new(),
            replay: None,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub tenants: usize,
    pub synthetic_tenants: usize,
    pub sessions: usize,
    pub ordered_pairs: u64,
    pub action_classes: usize,
    pub requests_evaluated: u64,
    /// Proof questions asked: one per session (or external caller) and action.
    pub questions: u64,
    pub findings: u64,
    pub findings_by_rule: BTreeMap<String, u64>,
    /// Findings kept in detail per rule (0 = all), and how many were counted but not kept.
    pub max_findings_per_rule: usize,
    pub findings_omitted: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub isolated: bool,
    pub summary: Summary,
    /// Findings in detail (at most `summary.max_findings_per_rule` per rule; the summary counts all).
    pub findings: Vec<Finding>,
    pub notes: Vec<String>,
}

/// Findings kept in detail per rule by default (`--max-findings-per-rule`); a broken template
/// yields millions of identical ones. The counts are always complete.
pub const MAX_DETAILED_PER_RULE: usize = 50;

/// Run every check over `input`, keeping `MAX_DETAILED_PER_RULE` findings per rule in detail.
pub fn validate(input: &IsolationInput) -> Report {
    validate_with(input, MAX_DETAILED_PER_RULE)
}

/// Run every check over `input`, keeping at most `max_per_rule` findings per rule in detail (0 = all).
pub fn validate_with(input: &IsolationInput, max_per_rule: usize) -> Report {
    let mut acc = witness::Accumulator::with_limit(max_per_rule);
    for f in &input.preflight {
        acc.push(f.clone());
    }
    let m = matrix::run(input, &mut acc);
    trust::lint(input, &mut acc);
    proof::runtime_bypass(input, &mut acc);
    collisions::check(input, &mut acc);
    let mut summary = m;
    summary.findings = acc.total();
    summary.findings_omitted = acc.omitted();
    summary.max_findings_per_rule = max_per_rule;
    summary.findings_by_rule = acc
        .counts
        .iter()
        .map(|(r, n)| (format!("{} {}", r.id(), r.name()), *n))
        .collect();
    let mut findings = acc.into_findings();
    findings.sort_by_key(|f| f.rule);
    Report {
        isolated: summary.findings == 0,
        summary,
        findings,
        notes: input.notes.clone(),
    }
}

/// Validate several inputs (one per TVM role of a platform's templates) into one report: the
/// platform is isolated only when every role is.
pub fn validate_all(inputs: &[IsolationInput], max_per_rule: usize) -> Report {
    let mut reports = inputs.iter().map(|i| validate_with(i, max_per_rule));
    let mut out = reports.next().expect("at least one input");
    for r in reports {
        out.isolated &= r.isolated;
        let (s, o) = (&r.summary, &mut out.summary);
        o.sessions += s.sessions;
        o.ordered_pairs += s.ordered_pairs;
        o.requests_evaluated += s.requests_evaluated;
        o.questions += s.questions;
        o.findings += s.findings;
        o.findings_omitted += s.findings_omitted;
        for (k, n) in &s.findings_by_rule {
            *o.findings_by_rule.entry(k.clone()).or_default() += n;
        }
        out.findings.extend(r.findings);
        for n in r.notes {
            if !out.notes.contains(&n) {
                out.notes.push(n);
            }
        }
    }
    out.findings.sort_by_key(|f| f.rule);
    out
}

/// A short session name for assumed-role ARNs (`<tenant>` or an adversarial label).
pub(crate) fn session_arn(names: &Names, role_name: &str, label: &str) -> String {
    let safe: String = label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "=,.@-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    names.session_arn(role_name, &safe[..safe.len().min(64)])
}
