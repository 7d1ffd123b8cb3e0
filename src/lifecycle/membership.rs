//! Membership: which users are a tenant's. The registry records them by Cognito `sub`
//! (`record::Membership`, stored by `platform::registry`), written by every command that
//! creates, adopts or deletes users. It is what `custom:clinic_id` claims are checked against:
//! a claim can be rewritten, a `sub` cannot, so tenantctl never decides who belongs to a tenant
//! from the claim alone.
//!
//! Every command that meets an existing user asks `standing` first, and refuses (exit 2,
//! naming the owner) a user that is not the tenant's. Existing registries, written before
//! memberships were recorded, are migrated from the current claims: by
//! `tenantctl tenant migrate-membership` (printed for review), or by the first command that
//! writes the tenant's membership (the plan shows it).

use std::collections::HashMap;

use chrono::Utc;

use crate::aws::cognito::User;
use crate::error::{Error, Result};
use crate::ids::{Email, TenantId, UserSub};
use crate::naming::{Names, ATTR_CLINIC_ID};
use crate::plan::{Action, Change};
use crate::platform::Platform;
use crate::record::{Member, Membership};

/// How an existing user stands towards the tenant a command wants it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Recorded in the tenant's membership, and its clinic claim agrees.
    Member,
    /// Carries the tenant's clinic claim but is not recorded: created outside tenantctl, or by
    /// a run that stopped before recording it. The command records it (its plan says so).
    Unrecorded,
}

/// Whether `u` (the existing user named `email`) may be treated as tenant `t`'s. Refuses a
/// user whose claim names another tenant, a recorded member whose claim was rewritten, and a
/// user without a clinic claim (tenantctl never gives an existing user a clinic: the claim
/// cannot change after creation in the pools it creates).
pub fn standing(t: &TenantId, email: &Email, u: &User, m: &Membership) -> Result<Standing> {
    let recorded = u.sub().is_some_and(|s| m.by_sub(s).is_some());
    let claim = u.attr(ATTR_CLINIC_ID).unwrap_or("");
    if claim == t.as_str() {
        return Ok(if recorded {
            Standing::Member
        } else {
            Standing::Unrecorded
        });
    }
    let claimed = if claim.is_empty() {
        "no custom:clinic_id".to_string()
    } else {
        format!("custom:clinic_id {claim}")
    };
    if recorded {
        return Err(Error::usage(format!(
            "user {email} is recorded as a member of {t} but carries {claimed}: the claim was changed outside tenantctl; nothing was changed"
        ))
        .with_hint(format!(
            "see `tenantctl validate drift`; find out who changed it, then remove the user (`tenantctl user remove {t} {email}`) and add it again"
        )));
    }
    if claim.is_empty() {
        return Err(Error::usage(format!(
            "user {email} exists without custom:clinic_id; tenantctl never gives an existing user a clinic (the claim cannot change once a user is created); nothing was changed"
        ))
        .with_hint(format!(
            "delete that user (`aws cognito-idp admin-delete-user --username {email} ...`) and re-run, or use another email"
        )));
    }
    Err(Error::usage(format!(
        "user {email} already belongs to tenant {claim}; a user belongs to exactly one tenant; nothing was changed"
    ))
    .with_hint(format!(
        "remove it there first (`tenantctl user remove {claim} {email}`), or use another email"
    )))
}

/// A user `create_user` made, or found already made.
pub enum Created {
    New(User),
    /// Created since the plan looked (a retried call whose first attempt succeeded, or another
    /// operator) and, by `standing`, the tenant's.
    Existing(User),
}

impl Created {
    pub fn user(self) -> User {
        match self {
            Created::New(u) | Created::Existing(u) => u,
        }
    }
}

/// Create user `e` with tenant `t`'s claims (the only moment its clinic claim is written). When
/// Cognito answers that it exists, the user is the tenant's only if `standing` says so against
/// `m` (else the command stops, naming the owner), and its `custom:tier` is set if it differs.
/// The one path every command (onboard, user add, restore) creates users through.
pub async fn create_user(
    p: &Platform,
    pool: &str,
    t: &TenantId,
    tier: &str,
    e: &Email,
    invite: bool,
    m: &Membership,
) -> Result<Created> {
    let attrs = [
        ("email", e.as_str()),
        ("email_verified", "true"),
        (crate::naming::ATTR_TIER, tier),
        (ATTR_CLINIC_ID, t.as_str()),
    ];
    match p
        .write(p.aws.cognito_create_user(pool, e.as_str(), &attrs, invite))
        .await
    {
        Ok(u) => Ok(Created::New(u)),
        Err(err) if err.kind == crate::aws::AwsErrorKind::AlreadyExists => {
            let u = p.aws.cognito_get_user(pool, e.as_str()).await?.ok_or_else(|| {
                Error::env(format!(
                    "user {e}: Cognito answered that it already exists, then that it does not (deleted in between?); nothing else was changed for it"
                ))
                .with_hint("re-run the same command; if another operator is adding or removing this user, wait for them first")
            })?;
            standing(t, e, &u, m)?;
            if u.attr(crate::naming::ATTR_TIER) != Some(tier) {
                p.write(p.aws.cognito_update_attrs(
                    pool,
                    e.as_str(),
                    &[(crate::naming::ATTR_TIER, tier)],
                ))
                .await?;
            }
            Ok(Created::Existing(u))
        }
        Err(err) => Err(err.into()),
    }
}

/// The Cognito `sub` of the tenant's user `email` (the user part of its memory actor id): the
/// recorded member's, else the sub of the pool's user of that name that carries the tenant's
/// claim. None when neither knows the user (it has no actor id tenantctl can name).
pub fn sub_of(
    t: &TenantId,
    email: &Email,
    user: Option<&User>,
    recorded: &Membership,
) -> Result<Option<UserSub>> {
    let sub = match recorded.by_username(email.as_str()) {
        Some(m) => Some(m.sub.as_str()),
        None => user
            .filter(|u| u.attr(ATTR_CLINIC_ID) == Some(t.as_str()))
            .and_then(User::sub),
    };
    sub.map(|s| {
        UserSub::parse(s).map_err(|e| {
            Error::env(format!(
                "user {email} of {t}: its Cognito sub {s:?} is not one: {e}"
            ))
        })
    })
    .transpose()
}

/// The membership entry of an existing user.
pub fn member_of(u: &User, by: &str) -> Result<Member> {
    let sub = u.sub().ok_or_else(|| {
        Error::env(format!(
            "Cognito returned user {} without its `sub`",
            u.username
        ))
        .with_hint("re-run the command; if it persists, check the pool with `aws cognito-idp admin-get-user`")
    })?;
    Ok(Member {
        sub: sub.to_string(),
        username: u.username.to_ascii_lowercase(),
        email: u.attr("email").unwrap_or(&u.username).to_string(),
        added_at: Utc::now(),
        added_by: by.to_string(),
    })
}

/// A tenant's membership as a command starts from it.
pub struct Recorded {
    pub membership: Membership,
    /// The registry had none for this tenant (written before memberships were recorded): this
    /// one was built from the users that carry the tenant's claim, and is written by the
    /// command's first membership write.
    pub migrated: bool,
    /// The registry holds a membership document for the tenant (false for a migration and
    /// for a tenant being onboarded: the command's first membership write creates it).
    pub stored: bool,
}

impl Recorded {
    /// A tenant that is being onboarded: no members yet.
    pub fn new_tenant(t: &TenantId) -> Recorded {
        Recorded {
            membership: Membership::new(t.clone()),
            migrated: false,
            stored: false,
        }
    }
}

/// The membership from the users' current claims: every user of `pool` whose
/// `custom:clinic_id` is `t`.
pub fn from_claims<'a>(
    t: &TenantId,
    pool: impl IntoIterator<Item = &'a User>,
    by: &str,
) -> Result<Membership> {
    let mut m = Membership::new(t.clone());
    for u in pool
        .into_iter()
        .filter(|u| u.attr(ATTR_CLINIC_ID) == Some(t.as_str()))
    {
        m.insert(member_of(u, by)?);
    }
    Ok(m)
}

/// Load `t`'s membership, or migrate it from the claims of `pool` (all of the pool's users).
pub async fn load<'a>(
    p: &Platform,
    t: &TenantId,
    pool: impl IntoIterator<Item = &'a User>,
) -> Result<Recorded> {
    Ok(match p.load_membership(t).await? {
        Some(membership) => Recorded {
            membership,
            migrated: false,
            stored: true,
        },
        None => Recorded {
            membership: from_claims(t, pool, &p.caller.arn)?,
            migrated: true,
            stored: false,
        },
    })
}

/// Every recorded member of every tenant: sub -> tenant. One listing and one read per tenant
/// with a membership, so only paths that adopt an unrecorded user (rare) or migrate call it.
pub async fn all_recorded(p: &Platform) -> Result<HashMap<String, String>> {
    let bucket = &p.names.archive_bucket;
    let mut out = HashMap::new();
    for o in p.aws.s3_list(bucket, "registry/").await? {
        let Some(t) = o
            .key
            .strip_prefix("registry/")
            .and_then(|k| k.strip_suffix("/members.json"))
            .and_then(|t| TenantId::parse(t).ok())
        else {
            continue;
        };
        if let Some(m) = p.load_membership(&t).await? {
            for x in m.members {
                out.insert(x.sub, t.to_string());
            }
        }
    }
    Ok(out)
}

/// Refuse to adopt `users` into `t` when another tenant's membership records any of them: a
/// member whose claim was rewritten to `t` is that tenant's person, not `t`'s.
pub async fn refuse_recorded_elsewhere(p: &Platform, t: &TenantId, users: &[&User]) -> Result<()> {
    if users.is_empty() {
        return Ok(());
    }
    let recorded = all_recorded(p).await?;
    for u in users {
        if let Some(owner) = u
            .sub()
            .and_then(|s| recorded.get(s))
            .filter(|o| *o != t.as_str())
        {
            return Err(Error::usage(format!(
                "user {} carries {t}'s custom:clinic_id but is a recorded member of {owner}: its claim was changed outside tenantctl; nothing was changed",
                u.username
            ))
            .with_hint(format!(
                "see `tenantctl validate drift`; remove it from {owner} (`tenantctl user remove {owner} {}`) if it really moved, then add it to {t}",
                u.username
            )));
        }
    }
    Ok(())
}

/// Every way into the tenant: the users that carry its clinic claim, and its recorded members
/// whatever their claim says now (a member whose claim was rewritten is still a person of this
/// tenant, and now also a way into another's). Sorted by username.
pub async fn users_of(p: &Platform, pool: &str, t: &TenantId) -> Result<Vec<User>> {
    Ok(roster(p, pool, t)
        .await?
        .into_iter()
        .map(|(u, _)| u)
        .collect())
}

/// `users_of`, each with whether the membership records it.
pub async fn roster(p: &Platform, pool: &str, t: &TenantId) -> Result<Vec<(User, bool)>> {
    let recorded = p.load_membership(t).await?;
    let mut users: Vec<(User, bool)> = p
        .aws
        .cognito_list_users(pool)
        .await?
        .into_iter()
        .map(|u| {
            let member = recorded
                .as_ref()
                .zip(u.sub())
                .is_some_and(|(m, s)| m.by_sub(s).is_some());
            (u, member)
        })
        .filter(|(u, member)| *member || u.attr(ATTR_CLINIC_ID) == Some(t.as_str()))
        .collect();
    users.sort_by(|a, b| a.0.username.cmp(&b.0.username));
    Ok(users)
}

/// The tenant's recorded members as Cognito has them now, one `AdminGetUser` each (8 at a
/// time), without listing the pool: what `tenant show` needs, at a cost that does not grow
/// with the pool or the number of tenants. Users carrying the tenant's claim without being
/// recorded are not found this way (Cognito cannot filter on custom attributes, so finding
/// them means reading the whole pool): `roster` and `validate drift` do that. A member that is
/// gone from Cognito is left out. A tenant without a recorded membership (registered before
/// tenantctl recorded them) falls back to `roster`.
pub async fn recorded_roster(p: &Platform, pool: &str, t: &TenantId) -> Result<Vec<(User, bool)>> {
    use futures::stream::{self, StreamExt, TryStreamExt};
    let Some(recorded) = p.load_membership(t).await? else {
        return roster(p, pool, t).await;
    };
    let found: Vec<Option<User>> = stream::iter(recorded.members.iter())
        .map(|m| async move { p.aws.cognito_get_user(pool, &m.username).await })
        .buffered(8)
        .try_collect()
        .await?;
    let mut users: Vec<(User, bool)> = found.into_iter().flatten().map(|u| (u, true)).collect();
    users.sort_by(|a, b| a.0.username.cmp(&b.0.username));
    Ok(users)
}

/// Record that the tenant has no members (its users were deleted by offboarding).
pub async fn clear(p: &Platform, t: &TenantId) -> Result<()> {
    match p.load_membership(t).await? {
        Some(m) if m.members.is_empty() => Ok(()),
        _ => p.save_membership(&mut Membership::new(t.clone())).await,
    }
}

/// One tenant whose membership `tenant migrate-membership` records from the current claims.
pub struct Migration {
    pub tenant: TenantId,
    pub membership: Membership,
}

/// The tenants among `only` (every registered tenant when empty) that are not offboarded and
/// have no recorded membership, each with the membership its users' current claims give.
/// Tenants already recorded are left alone, so a second run plans nothing.
pub async fn plan_migration(p: &Platform, only: &[TenantId]) -> Result<Vec<Migration>> {
    let records = if only.is_empty() {
        p.load_all_records().await?
    } else {
        let mut out = Vec::new();
        for t in only {
            out.push(super::steps::require_record(p, t).await?);
        }
        out
    };
    let pool = p.user_pool_id().await?;
    let mut users = p.aws.cognito_list_users(&pool).await?;
    // A user recorded in another tenant is that tenant's whatever its claim says now.
    let recorded = all_recorded(p).await?;
    users.retain(|u| !u.sub().is_some_and(|s| recorded.contains_key(s)));
    let mut out = Vec::new();
    for r in records
        .iter()
        .filter(|r| r.status != crate::record::Status::Offboarded)
    {
        if p.load_membership(&r.tenant).await?.is_none() {
            out.push(Migration {
                tenant: r.tenant.clone(),
                membership: from_claims(&r.tenant, &users, &p.caller.arn)?,
            });
        }
    }
    Ok(out)
}

/// The plan of a migration: one change per tenant, listing every user it records (the list
/// an operator reviews with `--dry-run` before recording it).
pub fn migration_changes(names: &Names, plan: &[Migration]) -> Vec<Change> {
    plan.iter()
        .map(|m| {
            let users: Vec<String> = m
                .membership
                .members
                .iter()
                .map(|x| format!("{} (sub {})", x.username, x.sub))
                .collect();
            let mut c = change(
                names,
                &m.tenant,
                format!(
                    "record {} member(s) from current custom:clinic_id claims{}{}",
                    users.len(),
                    if users.is_empty() { "" } else { ": " },
                    users.join(", ")
                ),
            );
            c.action = Action::Create;
            c
        })
        .collect()
}

pub async fn apply_migration(p: &Platform, plan: Vec<Migration>) -> Result<usize> {
    let mut n = 0;
    for mut m in plan {
        p.save_membership(&mut m.membership).await?;
        n += 1;
    }
    Ok(n)
}

/// The change that shows a membership write in a plan (`record_change`: of a plan that
/// started from `r`).
pub fn change(names: &Names, t: &TenantId, detail: String) -> Change {
    Change {
        tenant: Some(t.to_string()),
        action: Action::Update,
        resource: Names::s3_uri(&names.archive_bucket, &names.membership_key(t)),
        detail,
    }
}

/// The membership write of a plan that started from `r`: a create when the registry has none.
pub fn record_change(names: &Names, t: &TenantId, r: &Recorded, detail: String) -> Change {
    Change {
        action: if r.stored {
            Action::Update
        } else {
            Action::Create
        },
        ..change(names, t, detail)
    }
}

/// What a plan says about recording `added` new members (and forgetting `removed`), including
/// the migration of a registry that had none.
pub fn describe(r: &Recorded, added: &[String], removed: &[String]) -> Option<String> {
    let mut parts = Vec::new();
    if !r.stored && !r.migrated {
        parts.push("record the tenant's membership".to_string());
    }
    if r.migrated {
        parts.push(format!(
            "record the membership from current claims ({} user(s); the registry had none)",
            r.membership.members.len()
        ));
    }
    if !added.is_empty() {
        parts.push(format!("add {}", added.join(", ")));
    }
    if !removed.is_empty() {
        parts.push(format!("remove {}", removed.join(", ")));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn user(name: &str, sub: &str, clinic: &str) -> User {
        let mut attributes = BTreeMap::from([
            ("email".to_string(), name.to_string()),
            ("sub".to_string(), sub.to_string()),
        ]);
        if !clinic.is_empty() {
            attributes.insert(ATTR_CLINIC_ID.into(), clinic.into());
        }
        User {
            username: name.into(),
            enabled: true,
            status: "CONFIRMED".into(),
            attributes,
        }
    }

    #[test]
    fn standing_follows_the_recorded_sub_not_the_claim_alone() {
        let t = TenantId::parse("clinic-a").unwrap();
        let e = Email::parse("a@x.org").unwrap();
        let mine = user("a@x.org", "s-1", "clinic-a");
        let mut m = Membership::new(t.clone());
        assert_eq!(standing(&t, &e, &mine, &m).unwrap(), Standing::Unrecorded);
        m.insert(member_of(&mine, "op").unwrap());
        assert_eq!(standing(&t, &e, &mine, &m).unwrap(), Standing::Member);

        // Same username, another sub: deleted and re-created outside tenantctl.
        let recreated = user("a@x.org", "s-2", "clinic-a");
        assert_eq!(
            standing(&t, &e, &recreated, &m).unwrap(),
            Standing::Unrecorded
        );

        let moved = user("a@x.org", "s-1", "clinic-b");
        let err = standing(&t, &e, &moved, &m).unwrap_err();
        assert!(
            err.message.contains("recorded as a member of clinic-a"),
            "{}",
            err.message
        );
        assert!(
            err.message.contains("custom:clinic_id clinic-b"),
            "{}",
            err.message
        );

        let theirs = user("a@x.org", "s-9", "clinic-b");
        let err = standing(&t, &e, &theirs, &m).unwrap_err();
        assert!(
            err.message.contains("already belongs to tenant clinic-b"),
            "{}",
            err.message
        );

        let bare = user("a@x.org", "s-9", "");
        let err = standing(&t, &e, &bare, &m).unwrap_err();
        assert!(
            err.message.contains("without custom:clinic_id"),
            "{}",
            err.message
        );
        assert_eq!(err.kind.exit_code(), 2);
    }

    #[test]
    fn migration_takes_exactly_the_users_carrying_the_tenants_claim() {
        let t = TenantId::parse("clinic-a").unwrap();
        let pool = [
            user("b@x.org", "s-b", "clinic-a"),
            user("a@x.org", "s-a", "clinic-a"),
            user("c@x.org", "s-c", "clinic-b"),
            user("d@x.org", "s-d", ""),
        ];
        let m = from_claims(&t, &pool, "op").unwrap();
        let names: Vec<&str> = m.members.iter().map(|x| x.username.as_str()).collect();
        assert_eq!(names, ["a@x.org", "b@x.org"]);
        assert_eq!(m.members[0].sub, "s-a");
    }

    #[test]
    fn insert_replaces_a_recreated_user_and_remove_forgets_it() {
        let t = TenantId::parse("clinic-a").unwrap();
        let mut m = Membership::new(t);
        assert!(m.insert(member_of(&user("a@x.org", "s-1", "clinic-a"), "op").unwrap()));
        assert!(!m.insert(member_of(&user("a@x.org", "s-1", "clinic-a"), "op").unwrap()));
        assert!(m.insert(member_of(&user("a@x.org", "s-2", "clinic-a"), "op").unwrap()));
        assert_eq!(m.members.len(), 1);
        assert_eq!(m.members[0].sub, "s-2");
        assert!(m.remove("A@x.org"));
        assert!(m.members.is_empty());
    }
}
