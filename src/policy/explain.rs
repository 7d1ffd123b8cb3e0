//! What the evaluator says back: the decision, the statements that decided it, and for a
//! denial the statement that came closest and the element that stopped it.

use std::fmt;

use serde::{Serialize, Serializer};

use super::model::{Effect, PolicyKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Decision {
    Allowed,
    ImplicitlyDenied,
    ExplicitlyDenied,
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Decision::Allowed => "Allowed",
            Decision::ImplicitlyDenied => "ImplicitlyDenied",
            Decision::ExplicitlyDenied => "ExplicitlyDenied",
        })
    }
}

/// One statement, located.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementRef {
    pub policy: String,
    pub kind: PolicyKind,
    /// Zero-based index of the statement in its policy.
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    pub effect: Effect,
}

impl fmt::Display for StatementRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} '{}' statement {}",
            self.kind, self.policy, self.index
        )?;
        if let Some(s) = &self.sid {
            write!(f, " (Sid \"{s}\")")?;
        }
        write!(f, " [{:?}]", self.effect)
    }
}

/// The statement that came closest to changing a denial, and why it did not apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Miss {
    pub statement: StatementRef,
    /// "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition".
    pub element: String,
    pub detail: String,
}

/// Which rule of the evaluation logic produced the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// A `Deny` statement applied.
    ExplicitDeny,
    /// Allowed by identity-based policies (within boundary, session policy, SCPs, ...).
    IdentityAllow,
    /// Allowed by the resource-based policy alone (same account, principal named directly).
    ResourceAllow,
    /// Cross-account (or key/trust policy): both the identity side and the resource policy allow.
    IdentityAndResourceAllow,
    /// The action needs no permission (`sts:GetCallerIdentity`).
    NoPermissionNeeded,
    /// No identity-based or resource-based policy allows the request.
    NoAllow,
    /// An SCP level (index) has no applicable `Allow`.
    ScpNoAllow(usize),
    /// No VPC endpoint policy statement allows the request.
    EndpointNoAllow,
    /// The identity policies allow, the permissions boundary does not.
    BoundaryNoAllow,
    /// The identity policies allow, the session policy does not.
    SessionNoAllow,
    /// Cross-account: the identity side allows, the resource policy does not.
    CrossAccountResourceNoAllow,
    /// Cross-account: the resource policy allows, the identity side does not.
    CrossAccountIdentityNoAllow,
    /// The service requires its resource policy (KMS key policy, role trust policy) to allow.
    ResourcePolicyRequired,
    /// AWS refuses the action on this resource whatever the policies say (AWS managed
    /// policies, IAM Identity Center reserved roles, AWS managed KMS aliases).
    ProtectedResource,
}

impl Reason {
    pub fn message(&self) -> String {
        match self {
            Reason::ExplicitDeny => "an applicable Deny statement overrides any Allow".into(),
            Reason::IdentityAllow => "allowed by an identity-based policy".into(),
            Reason::ResourceAllow => "allowed by the resource-based policy, which names the principal".into(),
            Reason::IdentityAndResourceAllow => "allowed by both the identity-based and the resource-based policy".into(),
            Reason::NoPermissionNeeded => "this action needs no permission".into(),
            Reason::NoAllow => "no identity-based or resource-based policy allows the request".into(),
            Reason::ScpNoAllow(l) => format!("no Allow in the SCPs of organization level {l}"),
            Reason::EndpointNoAllow => "no Allow in the VPC endpoint policy".into(),
            Reason::BoundaryNoAllow => "the permissions boundary does not allow the request".into(),
            Reason::SessionNoAllow => "the session policy does not allow the request".into(),
            Reason::CrossAccountResourceNoAllow => "cross-account request: the resource-based policy does not allow it".into(),
            Reason::CrossAccountIdentityNoAllow => "cross-account request: the principal's own policies do not allow it".into(),
            Reason::ResourcePolicyRequired => "the service requires its resource-based policy (key policy / trust policy) to allow the request".into(),
            Reason::ProtectedResource => "AWS does not allow this action on this resource".into(),
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl Serialize for Reason {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.message())
    }
}

/// The result of one evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
    pub decision: Decision,
    /// For `Allowed`: the Allow statements that granted it (one per policy type / level). For
    /// `ExplicitlyDenied`: every Deny statement that applied. For `ImplicitlyDenied`: empty.
    pub decided_by: Vec<StatementRef>,
    /// For a denial: the statement that came closest to changing it, and what failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closest_miss: Option<Miss>,
    pub reason: Reason,
}

impl Evaluation {
    /// Human explanation, several lines.
    pub fn explain(&self) -> String {
        let mut s = format!("{}: {}\n", self.decision, self.reason);
        for r in &self.decided_by {
            s.push_str(&format!("  decided by: {r}\n"));
        }
        if let Some(m) = &self.closest_miss {
            s.push_str(&format!(
                "  closest statement: {}\n  failed on {}: {}\n",
                m.statement, m.element, m.detail
            ));
        }
        s
    }
}
