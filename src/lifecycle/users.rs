//! `user add|remove|list`: a tenant's users. Every user carries its tenant's `custom:tier` and
//! `custom:clinic_id`; a user belongs to exactly one tenant. Users of a suspended tenant are
//! created disabled (and an enabled one that `user add` names is disabled); the record's
//! suspension section names them so that `tenant resume` enables them.
//!
//! `user remove` also erases the user's AgentCore Memory events (actor `<tenant>:<user>`, all
//! sessions; the right to erasure): they are archived first to
//! `s3://<archive>/erasure/<tenant>/<run>/memory/` (the copy that answers an access request,
//! and the record of what was erased), verified (count and SHA-256 of each event), and only
//! then deleted.

use crate::aws::cognito::User;
use crate::aws::AwsErrorKind;
use crate::error::{Error, Result};
use crate::ids::{Email, TenantId, UserSub};
use crate::naming::{Names, ATTR_CLINIC_ID, ATTR_TIER};
use crate::output::Printer;
use crate::plan::{Action, Change};
use crate::platform::Platform;
use crate::record::{Status, TenantRecord};

use super::access::revoke_user;
use super::membership::{self, Recorded, Standing};
use super::memory::{self, MemoryArchive};
use super::onboard::{index_users, UserIndex};
use super::steps::{applying, require_record};
use super::{print_plan, require_changeable, Operation};

/// A tenant whose users may change: it exists and is neither leaving nor moving tiers.
async fn open_tenant(p: &Platform, t: &TenantId) -> Result<TenantRecord> {
    let rec = require_record(p, t).await?;
    require_changeable(&rec, Operation::Users)?;
    Ok(rec)
}

/// Parse and de-duplicate emails; every problem is reported before anything is written.
pub fn parse_emails(raw: &[String]) -> Result<Vec<Email>> {
    if raw.is_empty() {
        return Err(Error::usage(
            "no users given: name at least one EMAIL or --users FILE",
        ));
    }
    let mut out: Vec<Email> = Vec::new();
    for r in raw {
        let e = Email::parse(r)?;
        if !out.contains(&e) {
            out.push(e);
        }
    }
    Ok(out)
}

/// One typed change of `user add`: what is shown is derived from it (`change`) and what is
/// applied is it (`apply_add`).
#[derive(Debug, Clone, PartialEq)]
enum AddOp {
    /// Name users in the record's suspension section (before they are created or disabled),
    /// so that resume re-enables them.
    NoteSuspended(Vec<String>),
    /// `disabled`: the tenant is suspended, the user is created disabled.
    Create { email: Email, disabled: bool },
    /// An existing user of the tenant whose `custom:tier` or email differs: set them (never
    /// the clinic claim, which cannot change).
    Fix(Email),
    /// An existing user carrying the tenant's claim that the membership does not record.
    Adopt(Email),
    /// An enabled user of a suspended tenant: signed out and disabled like the others.
    Disable { email: Email, username: String },
    /// Write the membership: the users created or adopted, and a migration.
    Record(String),
}

impl AddOp {
    fn change(&self, p: &Platform, rec: &TenantRecord) -> Change {
        let t = &rec.tenant;
        let (action, resource, detail) = match self {
            AddOp::NoteSuspended(new) => (
                Action::Update,
                format!("ssm:{}", p.names.ssm_tenant_record(t)),
                format!("note {} user(s) for resume to re-enable", new.len()),
            ),
            AddOp::Create { email, disabled } => (
                Action::Create,
                format!("cognito:user/{email}"),
                format!(
                    "user (tier {}, clinic {t}){}",
                    rec.tier,
                    if *disabled {
                        ", disabled: tenant suspended"
                    } else {
                        ""
                    }
                ),
            ),
            AddOp::Fix(email) => (
                Action::Fix,
                format!("cognito:user/{email}"),
                format!("{ATTR_TIER} {}, email", rec.tier),
            ),
            AddOp::Adopt(email) => (
                Action::Fix,
                format!("cognito:user/{email}"),
                format!("carries {t}'s claims but is not a recorded member (created outside tenantctl, or by a run that stopped): record it"),
            ),
            AddOp::Disable { email, .. } => (
                Action::Update,
                format!("cognito:user/{email}"),
                "global sign-out + disable: tenant suspended".into(),
            ),
            AddOp::Record(detail) => {
                return membership::change(&p.names, t, detail.clone());
            }
        };
        Change {
            tenant: Some(t.to_string()),
            action,
            resource,
            detail,
        }
    }
}

/// A failure after the first write is exit 4 (`steps::applying`).
pub async fn add(
    p: &Platform,
    printer: &Printer,
    t: &TenantId,
    emails: &[Email],
    dry_run: bool,
) -> Result<usize> {
    applying(
        p,
        &format!("adding users to {t}"),
        add_users(p, printer, t, emails, dry_run),
    )
    .await
}

/// The typed plan of `user add` against the observed users and the recorded membership;
/// refuses a user that is not the tenant's (`membership::standing`).
fn plan_add(
    rec: &TenantRecord,
    index: &UserIndex,
    recorded: &Recorded,
    emails: &[Email],
) -> Result<Vec<AddOp>> {
    let t = &rec.tenant;
    let tier = rec.tier.as_str();
    let suspended = rec.status == Status::Suspended;
    let mut ops = Vec::new();
    // Users this run disables (or creates disabled) because the tenant is suspended.
    let mut held: Vec<String> = Vec::new();
    let mut added: Vec<String> = Vec::new();
    for e in emails {
        let Some(u) = index.get(e.as_str()) else {
            ops.push(AddOp::Create {
                email: e.clone(),
                disabled: suspended,
            });
            added.push(e.to_string());
            if suspended {
                held.push(e.to_string());
            }
            continue;
        };
        match membership::standing(t, e, u, &recorded.membership)? {
            Standing::Member => {}
            // A migration records it anyway.
            Standing::Unrecorded if recorded.migrated => {}
            Standing::Unrecorded => {
                ops.push(AddOp::Adopt(e.clone()));
                added.push(e.to_string());
            }
        }
        if u.attr(ATTR_TIER) != Some(tier) || u.attr("email") != Some(e.as_str()) {
            ops.push(AddOp::Fix(e.clone()));
        }
        // Enabled although its tenant is suspended (e.g. a run killed between create
        // and disable): it loses access like every other user of the tenant.
        if suspended && u.enabled {
            ops.push(AddOp::Disable {
                email: e.clone(),
                username: u.username.clone(),
            });
            held.push(u.username.clone());
        }
    }
    // A record suspended by an older tenantctl has no section: its resume enables every user.
    if let Some(s) = rec.suspension.as_ref().filter(|_| suspended) {
        let new: Vec<String> = held
            .into_iter()
            .filter(|u| !s.disabled_users.contains(u))
            .collect();
        if !new.is_empty() {
            ops.insert(0, AddOp::NoteSuspended(new));
        }
    }
    if let Some(detail) = membership::describe(recorded, &added, &[]) {
        ops.push(AddOp::Record(detail));
    }
    Ok(ops)
}

/// Apply the plan in order; the number of changes applied.
async fn apply_add(
    p: &Platform,
    pool: &str,
    rec: &mut TenantRecord,
    index: &UserIndex,
    mut recorded: Recorded,
    ops: Vec<AddOp>,
) -> Result<usize> {
    let tier = rec.tier.clone();
    let mut applied = 0;
    let mut members: Vec<User> = Vec::new();
    for op in ops {
        match op {
            AddOp::NoteSuspended(new) => {
                let s = rec
                    .suspension
                    .as_mut()
                    .expect("planned only with a suspension section");
                s.disabled_users.extend(new);
                s.disabled_users.sort();
                p.save_record(rec).await?;
            }
            AddOp::Create { email: e, disabled } => {
                let (t, tier) = (&rec.tenant, rec.tier.as_str());
                let created =
                    membership::create_user(p, pool, t, tier, &e, false, &recorded.membership)
                        .await?;
                members.push(created.user());
                if disabled {
                    p.write(p.aws.cognito_set_enabled(pool, e.as_str(), false))
                        .await?;
                }
            }
            AddOp::Fix(e) => {
                p.write(p.aws.cognito_update_attrs(
                    pool,
                    e.as_str(),
                    &[("email", e.as_str()), (ATTR_TIER, tier.as_str())],
                ))
                .await?;
            }
            AddOp::Adopt(e) => members.extend(index.get(e.as_str()).cloned()),
            AddOp::Disable { username, .. } => revoke_user(p, pool, &username)
                .await
                .map_err(|e| e.context(format!("disabling {username}")))?,
            AddOp::Record(_) => {
                for u in &members {
                    recorded
                        .membership
                        .insert(membership::member_of(u, &p.caller.arn)?);
                }
                p.save_membership(&mut recorded.membership).await?;
            }
        }
        applied += 1;
    }
    Ok(applied)
}

async fn add_users(
    p: &Platform,
    printer: &Printer,
    t: &TenantId,
    emails: &[Email],
    dry_run: bool,
) -> Result<usize> {
    let mut rec = open_tenant(p, t).await?;
    let pool = p.user_pool_id().await?;
    let index = index_users(p, &pool).await?;
    let recorded = membership::load(p, t, index.values()).await?;
    let ops = plan_add(&rec, &index, &recorded, emails)?;
    let adopted: Vec<&User> = ops
        .iter()
        .filter_map(|op| match op {
            AddOp::Adopt(e) => index.get(e.as_str()),
            _ => None,
        })
        .collect();
    membership::refuse_recorded_elsewhere(p, t, &adopted).await?;
    let changes: Vec<Change> = ops.iter().map(|op| op.change(p, &rec)).collect();
    print_plan(printer, "user add", &changes, dry_run)?;
    if dry_run {
        return Ok(changes.len());
    }
    apply_add(p, &pool, &mut rec, &index, recorded, ops).await
}

/// One typed change of `user remove`.
#[derive(Debug, Clone, PartialEq)]
enum RemoveOp {
    /// Archive, verify and delete what the memory holds of one user (actor `<tenant>:<sub>`,
    /// its namespaces): `what` describes it for the plan.
    EraseMemory { sub: UserSub, what: String },
    /// Global sign-out, then delete (by username).
    Delete(String),
    /// Write the membership without these usernames (the deleted users, and named members
    /// that no longer exist).
    Record { detail: String, forget: Vec<String> },
}

impl RemoveOp {
    fn change(&self, p: &Platform, t: &TenantId) -> Change {
        match self {
            RemoveOp::EraseMemory { sub, what } => Change {
                tenant: Some(t.to_string()),
                action: Action::Delete,
                resource: format!("agentcore:memory actor {}", Names::actor_id(t, sub)),
                detail: format!(
                    "archive {what} to s3://{}/{}, verify count and SHA-256 of each, then delete them",
                    p.names.archive_bucket,
                    p.names.erasure_run_prefix(t, "<run>")
                ),
            },
            RemoveOp::Delete(u) => Change {
                tenant: Some(t.to_string()),
                action: Action::Delete,
                resource: format!("cognito:user/{u}"),
                detail: "global sign-out + delete".into(),
            },
            RemoveOp::Record { detail, .. } => membership::change(&p.names, t, detail.clone()),
        }
    }
}

/// A failure after the first write is exit 4 (`steps::applying`).
pub async fn remove(
    p: &Platform,
    printer: &Printer,
    t: &TenantId,
    emails: &[Email],
    dry_run: bool,
    confirm: &dyn Fn(&[Change]) -> Result<()>,
) -> Result<usize> {
    applying(
        p,
        &format!("removing users from {t}"),
        remove_users(p, printer, t, emails, dry_run, confirm),
    )
    .await
}

/// The typed plan of `user remove`. A user is removed when its claim or the membership says
/// it is the tenant's (either way it is a way into the tenant's data); one that is neither
/// refuses the whole command, naming its owner. A user that does not exist is reported and
/// skipped, and forgotten if it was recorded.
fn plan_remove(
    printer: &Printer,
    t: &TenantId,
    index: &UserIndex,
    recorded: &Recorded,
    emails: &[Email],
) -> Result<Vec<RemoveOp>> {
    let m = &recorded.membership;
    let mut ops = Vec::new();
    let mut forget = Vec::new();
    for e in emails {
        match index.get(e.as_str()) {
            None => {
                printer.status(format!("user {e} does not exist; nothing to remove"));
                if m.by_username(e.as_str()).is_some() {
                    forget.push(e.to_string());
                }
            }
            Some(u)
                if u.attr(ATTR_CLINIC_ID) == Some(t.as_str())
                    || u.sub().is_some_and(|s| m.by_sub(s).is_some()) =>
            {
                ops.push(RemoveOp::Delete(u.username.clone()));
                forget.push(e.to_string());
            }
            Some(u) => {
                return Err(Error::usage(format!(
                    "user {e} belongs to tenant {}, not {t}; nothing was removed",
                    u.attr(ATTR_CLINIC_ID)
                        .filter(|c| !c.is_empty())
                        .unwrap_or("(none)")
                )));
            }
        }
    }
    forget.retain(|u| m.by_username(u).is_some());
    if let Some(detail) = membership::describe(recorded, &[], &forget) {
        ops.push(RemoveOp::Record { detail, forget });
    }
    Ok(ops)
}

async fn apply_remove(
    p: &Platform,
    printer: &Printer,
    t: &TenantId,
    pool: &str,
    mut recorded: Recorded,
    ops: Vec<RemoveOp>,
) -> Result<usize> {
    let mut applied = 0;
    // One erasure run per command: every erased user's events go to the same archive.
    let run = Names::new_run_id(chrono::Utc::now());
    let erasure = MemoryArchive::of_erasure(&p.names, t, &run);
    for op in ops {
        match op {
            RemoveOp::EraseMemory { sub, .. } => {
                let id = p.memory_id()?.expect("planned with a memory");
                let actor = Names::actor_id(t, &sub);
                let now = memory::holdings(p, id, memory::Owner::User(t, &sub)).await?;
                // The archive keeps what earlier users of this command put there.
                let (m, _) = memory::archive(p, t, id, &erasure, &now).await?;
                let e = memory::erase(p, "user-remove", id, Some(&m), &now).await?;
                printer.status(format!(
                    "user remove: {} memory event(s) and {} long-term record(s) of {actor} archived to {} (verified) and erased",
                    e.events,
                    e.records,
                    erasure.uri()
                ));
                if e.kept > 0 {
                    return Err(Error::partial(format!(
                        "{} memory event(s) or record(s) of {actor} changed while they were archived; they were kept",
                        e.kept
                    ))
                    .with_hint("re-run the same command: it archives and erases what is left"));
                }
            }
            RemoveOp::Delete(u) => {
                // Sign-out first: a user that cannot be deleted still loses its sessions.
                match p.write(p.aws.cognito_global_sign_out(pool, &u)).await {
                    Err(e) if e.kind != AwsErrorKind::NotFound => return Err(e.into()),
                    _ => {}
                }
                p.write(p.aws.cognito_delete_user(pool, &u)).await?;
            }
            RemoveOp::Record { forget, .. } => {
                for u in &forget {
                    recorded.membership.remove(u);
                }
                p.save_membership(&mut recorded.membership).await?;
            }
        }
        applied += 1;
    }
    Ok(applied)
}

async fn remove_users(
    p: &Platform,
    printer: &Printer,
    t: &TenantId,
    emails: &[Email],
    dry_run: bool,
    confirm: &dyn Fn(&[Change]) -> Result<()>,
) -> Result<usize> {
    open_tenant(p, t).await?;
    let pool = p.user_pool_id().await?;
    let index = index_users(p, &pool).await?;
    let recorded = membership::load(p, t, index.values()).await?;
    let mut ops = plan_remove(printer, t, &index, &recorded, emails)?;
    if let Some(id) = p.memory_id()? {
        // Each named user's memory goes first (also of a user that no longer exists: its
        // conversations are still the tenant's data). `plan_remove` refused other tenants' users.
        let mut erase = Vec::new();
        for e in emails {
            let Some(sub) = membership::sub_of(t, e, index.get(e.as_str()), &recorded.membership)?
            else {
                continue;
            };
            let held = memory::holdings(p, id, memory::Owner::User(t, &sub)).await?;
            if !held.is_empty() {
                let what = held.describe();
                erase.push(RemoveOp::EraseMemory { sub, what });
            }
        }
        ops.splice(0..0, erase);
    }
    let changes: Vec<Change> = ops.iter().map(|op| op.change(p, t)).collect();
    print_plan(printer, "user remove", &changes, dry_run)?;
    if dry_run || changes.is_empty() {
        return Ok(changes.len());
    }
    confirm(&changes)?;
    apply_remove(p, printer, t, &pool, recorded, ops).await
}

/// The tenant's users (its claim-carriers and its recorded members), each with whether the
/// membership records it.
pub async fn list(p: &Platform, t: &TenantId) -> Result<Vec<(User, bool)>> {
    require_record(p, t).await?;
    let pool = p.user_pool_id().await?;
    membership::roster(p, &pool, t).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle::tests::record;
    use crate::record::Membership;

    fn user(name: &str, enabled: bool, clinic: &str) -> (String, User) {
        let sub = format!("sub-{name}");
        let attributes = [
            ("email", name),
            ("sub", sub.as_str()),
            (ATTR_TIER, "basic"),
            (ATTR_CLINIC_ID, clinic),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let u = User {
            username: name.into(),
            enabled,
            status: "CONFIRMED".into(),
            attributes,
        };
        (name.to_string(), u)
    }

    /// clinic-a's membership as recorded from the index's claims.
    fn recorded(index: &UserIndex) -> Recorded {
        let t = TenantId::parse("clinic-a").unwrap();
        Recorded {
            membership: membership::from_claims(&t, index.values(), "op").unwrap(),
            migrated: false,
            stored: true,
        }
    }

    fn emails(raw: &[&str]) -> Vec<Email> {
        raw.iter().map(|e| Email::parse(e).unwrap()).collect()
    }

    #[test]
    fn add_to_a_suspended_tenant_notes_new_and_enabled_users_first() {
        let rec = record(
            serde_json::json!({"status": "suspended", "status_reason": "x",
            "suspension": {"previous_status": "active", "disabled_users": []}}),
        );
        let index: UserIndex = [user("old@x.org", true, "clinic-a")].into_iter().collect();
        let ops = plan_add(
            &rec,
            &index,
            &recorded(&index),
            &emails(&["new@x.org", "old@x.org"]),
        )
        .unwrap();
        assert_eq!(
            ops,
            [
                AddOp::NoteSuspended(vec!["new@x.org".into(), "old@x.org".into()]),
                AddOp::Create {
                    email: Email::parse("new@x.org").unwrap(),
                    disabled: true
                },
                AddOp::Disable {
                    email: Email::parse("old@x.org").unwrap(),
                    username: "old@x.org".into()
                },
                AddOp::Record("add new@x.org".into()),
            ]
        );
    }

    #[test]
    fn a_user_of_another_tenant_is_refused_and_a_finished_add_plans_nothing() {
        let rec = record(serde_json::json!({}));
        let index: UserIndex = [
            user("mine@x.org", true, "clinic-a"),
            user("theirs@x.org", true, "clinic-b"),
        ]
        .into_iter()
        .collect();
        let r = recorded(&index);
        assert!(plan_add(&rec, &index, &r, &emails(&["mine@x.org"]))
            .unwrap()
            .is_empty());
        let e = plan_add(&rec, &index, &r, &emails(&["theirs@x.org"])).unwrap_err();
        assert!(
            e.message.contains("already belongs to tenant clinic-b"),
            "{}",
            e.message
        );
        // Carrying clinic-a's claim without being recorded: adopted, and the plan says so.
        let unrecorded = Recorded {
            membership: Membership::new(rec.tenant.clone()),
            migrated: false,
            stored: true,
        };
        let ops = plan_add(&rec, &index, &unrecorded, &emails(&["mine@x.org"])).unwrap();
        assert_eq!(
            ops,
            [
                AddOp::Adopt(Email::parse("mine@x.org").unwrap()),
                AddOp::Record("add mine@x.org".into())
            ]
        );
    }
}
