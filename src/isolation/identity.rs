//! Identity drift: the users' `custom:clinic_id` claims against the tenants' recorded
//! memberships (`record::Membership`). Every tenant boundary starts at that claim (the runtime
//! turns it into the TVM session's `ClinicId` tag), so a claim that disagrees with membership is
//! a way into another tenant's data that no policy check can see. Used by `validate drift`
//! (rules TD010–TD013) and by online `validate isolation` (TI017), and by the onboarding gate.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::aws::cognito::User;
use crate::naming::ATTR_CLINIC_ID;
use crate::record::Membership;

/// One disagreement between the pool and the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum IdentityIssue {
    /// A recorded member whose clinic claim is not the tenant it was recorded in.
    ClaimDiffers {
        user: String,
        sub: String,
        recorded: String,
        /// `None`: the user has no clinic claim.
        claimed: Option<String>,
    },
    /// A user carrying a tenant's claim that the tenant's membership does not record (created
    /// outside tenantctl, or deleted and re-created: a new sub).
    NotAMember { user: String, claimed: String },
    /// A recorded member that no longer exists in the pool.
    MemberMissing {
        tenant: String,
        user: String,
        sub: String,
    },
    /// A tenant without a recorded membership (registered before tenantctl recorded them):
    /// its users cannot be checked until it is migrated.
    NotRecorded { tenant: String },
}

impl IdentityIssue {
    /// The Cognito user (or the tenant) the issue is about.
    pub fn subject(&self) -> String {
        match self {
            IdentityIssue::ClaimDiffers { user, .. } | IdentityIssue::NotAMember { user, .. } => {
                format!("cognito:user/{user}")
            }
            IdentityIssue::MemberMissing { tenant, user, .. } => {
                format!("registry:{tenant}/members/{user}")
            }
            IdentityIssue::NotRecorded { tenant } => format!("registry:{tenant}/members"),
        }
    }

    /// One line naming the user, the recorded tenant and the claimed one.
    pub fn message(&self) -> String {
        match self {
            IdentityIssue::ClaimDiffers {
                user,
                sub,
                recorded,
                claimed: Some(c),
            } => format!(
                "user {user} (sub {sub}) is a recorded member of {recorded} but its custom:clinic_id claims {c}: its sessions are tagged ClinicId={c}"
            ),
            IdentityIssue::ClaimDiffers {
                user,
                sub,
                recorded,
                claimed: None,
            } => format!(
                "user {user} (sub {sub}) is a recorded member of {recorded} but has no custom:clinic_id"
            ),
            IdentityIssue::NotAMember { user, claimed } => format!(
                "user {user} carries tenant {claimed}'s custom:clinic_id but is not in {claimed}'s recorded membership (created outside tenantctl, or deleted and re-created)"
            ),
            IdentityIssue::MemberMissing { tenant, user, sub } => format!(
                "recorded member {user} (sub {sub}) of {tenant} no longer exists in the user pool"
            ),
            IdentityIssue::NotRecorded { tenant } => format!(
                "tenant {tenant} has no recorded membership: its users' claims cannot be checked; run `tenantctl tenant migrate-membership {tenant}`"
            ),
        }
    }

    /// The tenants whose boundary the issue crosses (for `--tenant` focus and the gate).
    pub fn tenants(&self) -> Vec<&str> {
        match self {
            IdentityIssue::ClaimDiffers {
                recorded, claimed, ..
            } => std::iter::once(recorded.as_str())
                .chain(claimed.as_deref())
                .collect(),
            IdentityIssue::NotAMember { claimed, .. } => vec![claimed],
            IdentityIssue::MemberMissing { tenant, .. } | IdentityIssue::NotRecorded { tenant } => {
                vec![tenant]
            }
        }
    }
}

/// Compare `users` (the whole pool) with the memberships of the live tenants (`None`: not
/// recorded). A user's claim naming no live tenant is not judged here (drift's TD002/TD003).
pub fn compare(live: &BTreeMap<String, Option<&Membership>>, users: &[User]) -> Vec<IdentityIssue> {
    let mut out = Vec::new();
    let mut by_sub: BTreeMap<&str, &User> = BTreeMap::new();
    for u in users {
        if let Some(s) = u.sub() {
            by_sub.insert(s, u);
        }
    }
    for (tenant, m) in live {
        let Some(m) = m else {
            out.push(IdentityIssue::NotRecorded {
                tenant: tenant.clone(),
            });
            continue;
        };
        for member in &m.members {
            match by_sub.get(member.sub.as_str()) {
                None => out.push(IdentityIssue::MemberMissing {
                    tenant: tenant.clone(),
                    user: member.username.clone(),
                    sub: member.sub.clone(),
                }),
                Some(u) => {
                    let claim = u.attr(ATTR_CLINIC_ID).filter(|c| !c.is_empty());
                    if claim != Some(tenant.as_str()) {
                        out.push(IdentityIssue::ClaimDiffers {
                            user: u.username.clone(),
                            sub: member.sub.clone(),
                            recorded: tenant.clone(),
                            claimed: claim.map(str::to_string),
                        });
                    }
                }
            }
        }
    }
    for u in users {
        let Some(claim) = u.attr(ATTR_CLINIC_ID) else {
            continue;
        };
        let Some(Some(m)) = live.get(claim) else {
            continue;
        };
        if u.sub().is_none_or(|s| m.by_sub(s).is_none()) {
            out.push(IdentityIssue::NotAMember {
                user: u.username.clone(),
                claimed: claim.to_string(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::TenantId;
    use crate::record::Member;

    fn user(name: &str, sub: &str, clinic: Option<&str>) -> User {
        let mut attributes = BTreeMap::from([("sub".to_string(), sub.to_string())]);
        if let Some(c) = clinic {
            attributes.insert(ATTR_CLINIC_ID.into(), c.into());
        }
        User {
            username: name.into(),
            enabled: true,
            status: "CONFIRMED".into(),
            attributes,
        }
    }

    fn membership(t: &str, members: &[(&str, &str)]) -> Membership {
        let mut m = Membership::new(TenantId::parse(t).unwrap());
        for (name, sub) in members {
            m.insert(Member {
                sub: sub.to_string(),
                username: name.to_string(),
                email: name.to_string(),
                added_at: chrono::Utc::now(),
                added_by: "op".into(),
            });
        }
        m
    }

    #[test]
    fn every_kind_of_identity_drift_is_found_and_a_consistent_pool_is_clean() {
        let a = membership(
            "clinic-a",
            &[("a1@x", "s-a1"), ("a2@x", "s-a2"), ("gone@x", "s-g")],
        );
        let b = membership("clinic-b", &[("b1@x", "s-b1")]);
        let live: BTreeMap<String, Option<&Membership>> = [
            ("clinic-a".to_string(), Some(&a)),
            ("clinic-b".to_string(), Some(&b)),
            ("clinic-c".to_string(), None),
        ]
        .into_iter()
        .collect();
        let users = [
            user("a1@x", "s-a1", Some("clinic-a")),
            // Rewritten into clinic-b's.
            user("a2@x", "s-a2", Some("clinic-b")),
            user("b1@x", "s-b1", Some("clinic-b")),
            // Created out of band with clinic-b's claims.
            user("intruder@x", "s-i", Some("clinic-b")),
            // Claims of an unrecorded tenant, or of none: not judged here.
            user("c1@x", "s-c1", Some("clinic-c")),
            user("none@x", "s-n", None),
        ];
        let got = compare(&live, &users);
        assert_eq!(
            got,
            [
                IdentityIssue::ClaimDiffers {
                    user: "a2@x".into(),
                    sub: "s-a2".into(),
                    recorded: "clinic-a".into(),
                    claimed: Some("clinic-b".into())
                },
                IdentityIssue::MemberMissing {
                    tenant: "clinic-a".into(),
                    user: "gone@x".into(),
                    sub: "s-g".into()
                },
                IdentityIssue::NotRecorded {
                    tenant: "clinic-c".into()
                },
                IdentityIssue::NotAMember {
                    user: "a2@x".into(),
                    claimed: "clinic-b".into()
                },
                IdentityIssue::NotAMember {
                    user: "intruder@x".into(),
                    claimed: "clinic-b".into()
                },
            ]
        );
        assert!(
            got[0].message().contains("clinic-a") && got[0].message().contains("claims clinic-b")
        );

        let users = [
            user("a1@x", "s-a1", Some("clinic-a")),
            user("a2@x", "s-a2", Some("clinic-a")),
            user("gone@x", "s-g", Some("clinic-a")),
            user("b1@x", "s-b1", Some("clinic-b")),
        ];
        let live: BTreeMap<String, Option<&Membership>> = [
            ("clinic-a".to_string(), Some(&a)),
            ("clinic-b".to_string(), Some(&b)),
        ]
        .into_iter()
        .collect();
        assert!(compare(&live, &users).is_empty());
    }
}
