//! Who is asking: the request principal, classified once per evaluation, and how a
//! `Principal` / `NotPrincipal` entry names it.

use super::model::{ParsedArn, PrincipalEntry, PrincipalSpec};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PrincipalKind {
    /// `arn:aws:iam::111122223333:user/name`
    User,
    /// `arn:aws:iam::111122223333:role/name` (the role itself)
    Role,
    /// `arn:aws:sts::111122223333:assumed-role/role/session`
    AssumedRole,
    /// `arn:aws:sts::111122223333:federated-user/name`
    FederatedUser,
    /// `arn:aws:iam::111122223333:root` or a bare account id
    Root,
    /// `lambda.amazonaws.com`
    Service,
    /// An unauthenticated request: `anonymous` (or `*`).
    Anonymous,
    /// Any other ARN: only exact matches name it.
    Other,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Principal<'a> {
    pub kind: PrincipalKind,
    /// The principal as given.
    pub arn: &'a str,
    /// Account id ("" for services and anonymous).
    pub account: &'a str,
    /// Role name for roles and sessions ("" otherwise).
    pub role_name: &'a str,
    /// User name for IAM users, session name for sessions.
    pub name: &'a str,
}

impl<'a> Principal<'a> {
    pub(crate) fn classify(s: &'a str) -> Principal<'a> {
        let blank = |kind| Principal {
            kind,
            arn: s,
            account: "",
            role_name: "",
            name: "",
        };
        if s.eq_ignore_ascii_case("anonymous") || s == "*" {
            return blank(PrincipalKind::Anonymous);
        }
        if s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) {
            return Principal {
                kind: PrincipalKind::Root,
                account: s,
                ..blank(PrincipalKind::Root)
            };
        }
        let Some(arn) = ParsedArn::parse(s) else {
            return if s.contains('.') {
                blank(PrincipalKind::Service)
            } else {
                blank(PrincipalKind::Other)
            };
        };
        let mut p = Principal {
            account: arn.account,
            ..blank(PrincipalKind::Other)
        };
        let last = |r: &'a str| r.rsplit('/').next().unwrap_or("");
        match (arn.service, arn.resource) {
            ("iam", "root") => p.kind = PrincipalKind::Root,
            ("iam", r) if r.starts_with("user/") => {
                p.kind = PrincipalKind::User;
                p.name = last(r);
            }
            ("iam", r) if r.starts_with("role/") => {
                p.kind = PrincipalKind::Role;
                p.role_name = last(r);
            }
            ("sts", r) if r.starts_with("assumed-role/") => {
                let mut it = r["assumed-role/".len()..].splitn(2, '/');
                p.kind = PrincipalKind::AssumedRole;
                p.role_name = it.next().unwrap_or("");
                p.name = it.next().unwrap_or("");
            }
            ("sts", r) if r.starts_with("federated-user/") => {
                p.kind = PrincipalKind::FederatedUser;
                p.name = &r["federated-user/".len()..];
            }
            _ => {}
        }
        p
    }

    /// IAM principals of an account: identity policies, boundaries and SCPs apply to them.
    pub(crate) fn is_iam(&self) -> bool {
        !matches!(self.kind, PrincipalKind::Service | PrincipalKind::Anonymous)
    }
}

/// How a resource-policy statement names the principal. The distinction matters within one
/// account (AWS IAM User Guide, "Policy evaluation for requests within a single account").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Grant {
    /// The account (`123456789012` / `:root`): delegation, identity policies must allow too.
    Account,
    /// The IAM role ARN, for a session of that role (or a principal given as the role ARN):
    /// limited by boundary and session policy.
    Role,
    /// `*`, or `NotPrincipal` that leaves the principal in: everyone.
    Wildcard,
    /// The principal's own ARN (user, session, federated user, service).
    Direct,
}

fn entry_grant(e: &PrincipalEntry, p: &Principal) -> Option<Grant> {
    match e {
        PrincipalEntry::Any => Some(Grant::Wildcard),
        PrincipalEntry::Account(a) => {
            (p.is_iam() && !p.account.is_empty() && p.account == a).then_some(Grant::Account)
        }
        // A request principal given as the role ARN stands for a session of that role: AWS
        // never signs a request as the role itself ("When you assume a role and make a request,
        // the principal making the request is the IAM role session ARN and not the ARN of the
        // role itself", IAM User Guide, policy evaluation logic). So a grant naming the role ARN
        // is a role grant for both forms, limited by the boundary and the session policy.
        PrincipalEntry::Role { account, name } => match p.kind {
            PrincipalKind::Role | PrincipalKind::AssumedRole
                if p.account == account && p.role_name == name =>
            {
                Some(Grant::Role)
            }
            _ => None,
        },
        PrincipalEntry::Arn(a) => (p.is_iam() && p.arn == a).then_some(Grant::Direct),
        PrincipalEntry::Service(s) => {
            (p.kind == PrincipalKind::Service && p.arn == s).then_some(Grant::Direct)
        }
        PrincipalEntry::Other(s) => (p.arn == s).then_some(Grant::Direct),
    }
}

/// Does `Principal` / `NotPrincipal` apply to the request principal, and how?
/// `has_boundary`: AWS documents that a `Deny` with `NotPrincipal` always applies to a
/// principal with a permissions boundary, whatever `NotPrincipal` lists.
pub(crate) fn principal_grant(
    spec: &PrincipalSpec,
    p: &Principal,
    deny: bool,
    has_boundary: bool,
) -> Option<Grant> {
    if !spec.negated {
        return spec.entries.iter().filter_map(|e| entry_grant(e, p)).max();
    }
    if deny && has_boundary && p.is_iam() {
        return Some(Grant::Wildcard);
    }
    // NotPrincipal excludes a principal only when it is named exactly: a session is excluded
    // by its session ARN (or `*`), not by its role's ARN; a principal given as the role ARN is
    // named exactly by that ARN; the account entry excludes the root.
    let excluded = spec.entries.iter().any(|e| match entry_grant(e, p) {
        Some(Grant::Direct) | Some(Grant::Wildcard) => true,
        Some(Grant::Role) => p.kind == PrincipalKind::Role,
        Some(Grant::Account) => p.kind == PrincipalKind::Root,
        None => false,
    });
    (!excluded).then_some(Grant::Wildcard)
}
