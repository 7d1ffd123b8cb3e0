//! `tenant suspend` / `tenant resume`: take a tenant's access away (every user signed out
//! globally and disabled) and give it back. Data, parameters and roles are untouched.
//! Both plan from observed state, so they are idempotent and a killed run is finished by
//! running it again.
//!
//! The record's `suspension` section says what resume gives back: the status the tenant had
//! (a `pending` tenant goes back to `pending`, never straight to `active`) and the users the
//! suspension disabled (a user that was disabled on its own stays disabled).

use crate::error::{Error, Result};
use crate::ids::TenantId;
use crate::output::Printer;
use crate::plan::{Action, Change};
use crate::platform::Platform;
use crate::record::{Status, Suspension, TenantRecord};

use super::access::revoke_user;
use super::steps::{applying, require_record, tenant_users};
use super::{print_plan, require_changeable, Operation};

/// Longest reason kept in the record (it is shown in tables).
pub const MAX_REASON: usize = 500;

pub fn validate_reason(reason: &str) -> Result<String> {
    let r = reason.trim();
    if r.is_empty() {
        return Err(Error::usage("--reason must not be empty: say why the tenant is suspended (it is kept in the record)"));
    }
    if r.chars().count() > MAX_REASON || r.chars().any(char::is_control) {
        return Err(Error::usage(format!(
            "--reason must be one line of at most {MAX_REASON} characters"
        )));
    }
    Ok(r.to_string())
}

/// The suspension section `rec` should have once the users in `disabling` are disabled.
/// None for a record suspended by an older tenantctl (no section): its resume re-enables
/// every disabled user, and starting a list now would leave out the users it disabled.
fn desired_suspension(rec: &TenantRecord, disabling: &[String]) -> Option<Suspension> {
    let mut s = match (&rec.suspension, rec.status) {
        (Some(s), Status::Suspended) => s.clone(),
        (None, Status::Suspended) => return None,
        // A tier move in progress shows `pending`; the tenant returns to what the move returns to.
        (_, status) => Suspension {
            previous_status: rec
                .tier_change
                .as_ref()
                .map(|tc| tc.previous_status)
                .unwrap_or(status),
            disabled_users: Vec::new(),
        },
    };
    for u in disabling {
        if !s.disabled_users.contains(u) {
            s.disabled_users.push(u.clone());
        }
    }
    s.disabled_users.sort();
    Some(s)
}

/// The number of changes planned (0: nothing to do). A failure after the first write is
/// exit 4 (`steps::applying`).
pub async fn suspend(
    p: &Platform,
    printer: &Printer,
    t: &TenantId,
    reason: &str,
    dry_run: bool,
    confirm: &dyn Fn(&[Change]) -> Result<()>,
) -> Result<usize> {
    applying(
        p,
        &format!("suspending {t}"),
        suspend_tenant(p, printer, t, reason, dry_run, confirm),
    )
    .await
}

async fn suspend_tenant(
    p: &Platform,
    printer: &Printer,
    t: &TenantId,
    reason: &str,
    dry_run: bool,
    confirm: &dyn Fn(&[Change]) -> Result<()>,
) -> Result<usize> {
    let mut rec = require_record(p, t).await?;
    require_changeable(&rec, Operation::Suspend)?;
    let pool = p.user_pool_id().await?;
    let users = tenant_users(p, &pool, t).await?;
    let enabled: Vec<_> = users.iter().filter(|u| u.enabled).collect();
    let names: Vec<String> = enabled.iter().map(|u| u.username.clone()).collect();
    let suspension = desired_suspension(&rec, &names);
    let rec_param = format!("ssm:{}", p.names.ssm_tenant_record(t));
    let ch = |action, resource: String, detail: String| Change {
        tenant: Some(t.to_string()),
        action,
        resource,
        detail,
    };
    let mut changes = Vec::new();
    let status_stale =
        rec.status != Status::Suspended || rec.status_reason.as_deref() != Some(reason);
    let record_stale = status_stale || rec.suspension != suspension;
    if record_stale {
        let back_to = suspension
            .as_ref()
            .map_or(Status::Active, |s| s.previous_status);
        changes.push(ch(
            Action::Update,
            rec_param,
            if status_stale {
                format!(
                    "status {} -> suspended ({reason}); resume returns it to {}",
                    rec.status.as_str(),
                    back_to.as_str()
                )
            } else {
                format!("note {} user(s) for resume to re-enable", names.len())
            },
        ));
    }
    for u in &enabled {
        changes.push(ch(
            Action::Update,
            format!("cognito:user/{}", u.username),
            "global sign-out + disable".into(),
        ));
    }
    print_plan(printer, "suspend", &changes, dry_run)?;
    if dry_run || changes.is_empty() {
        return Ok(changes.len());
    }
    confirm(&changes)?;
    // The record first: while it says suspended, `onboard` will not re-enable these users,
    // and it already names them for resume if this run is killed half-way.
    if record_stale {
        rec.status = Status::Suspended;
        rec.status_reason = Some(reason.to_string());
        rec.suspension = suspension;
        // A tier move in progress must end suspended too, not active.
        if let Some(tc) = rec.tier_change.as_mut() {
            tc.previous_status = Status::Suspended;
        }
        p.save_record(&mut rec).await?;
    }
    for u in enabled {
        revoke_user(p, &pool, &u.username)
            .await
            .map_err(|e| e.context(format!("suspending {}", u.username)))?;
    }
    Ok(changes.len())
}

/// The number of changes planned and the record afterwards. A failure after the first write
/// is exit 4 (`steps::applying`).
pub async fn resume(
    p: &Platform,
    printer: &Printer,
    t: &TenantId,
    dry_run: bool,
) -> Result<(usize, TenantRecord)> {
    applying(
        p,
        &format!("resuming {t}"),
        resume_tenant(p, printer, t, dry_run),
    )
    .await
}

async fn resume_tenant(
    p: &Platform,
    printer: &Printer,
    t: &TenantId,
    dry_run: bool,
) -> Result<(usize, TenantRecord)> {
    let mut rec = require_record(p, t).await?;
    match rec.status {
        Status::Suspended => {}
        Status::Active => {
            print_plan(printer, "resume", &[], dry_run)?;
            printer.status(format!("tenant {t} is active, not suspended"));
            return Ok((0, rec));
        }
        s => {
            return Err(Error::usage(format!(
                "tenant {t} is {}, not suspended; only a suspended tenant can be resumed",
                s.as_str()
            )))
        }
    }
    require_changeable(&rec, Operation::Resume)?;
    // Without a suspension section (a record from an older tenantctl): every disabled user
    // and `active`, as before.
    let back_to = rec
        .suspension
        .as_ref()
        .map_or(Status::Active, |s| s.previous_status);
    let pool = p.user_pool_id().await?;
    let disabled: Vec<_> = tenant_users(p, &pool, t)
        .await?
        .into_iter()
        .filter(|u| !u.enabled)
        .filter(|u| {
            rec.suspension
                .as_ref()
                .is_none_or(|s| s.disabled_users.contains(&u.username))
        })
        .collect();
    let ch = |action, resource: String, detail: String| Change {
        tenant: Some(t.to_string()),
        action,
        resource,
        detail,
    };
    let mut changes: Vec<Change> = disabled
        .iter()
        .map(|u| {
            ch(
                Action::Update,
                format!("cognito:user/{}", u.username),
                "enable".into(),
            )
        })
        .collect();
    changes.push(ch(
        Action::Update,
        format!("ssm:{}", p.names.ssm_tenant_record(t)),
        if back_to == Status::Pending {
            "status suspended -> pending (after the isolation gate; onboarding is not finished)"
                .into()
        } else {
            format!(
                "status suspended -> {} (after the isolation gate)",
                back_to.as_str()
            )
        },
    ));
    print_plan(printer, "resume", &changes, dry_run)?;
    if dry_run {
        return Ok((changes.len(), rec));
    }
    // Isolation is proven before anyone gets access back.
    super::gate::isolation_gate(p, t, &rec.tier).await?;
    for u in &disabled {
        p.write(p.aws.cognito_set_enabled(&pool, &u.username, true))
            .await?;
    }
    rec.status = back_to;
    rec.status_reason = None;
    rec.suspension = None;
    p.save_record(&mut rec).await?;
    Ok((changes.len(), rec))
}
