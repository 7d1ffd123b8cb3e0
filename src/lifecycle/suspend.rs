//! `tenant suspend` / `tenant resume`: take a tenant's access away (every user signed out
//! globally and disabled) and give it back. Data, parameters and roles are untouched.
//! Both plan from observed state, so they are idempotent and a killed run is finished by
//! running it again.

use crate::error::{Error, Result};
use crate::ids::TenantId;
use crate::output::Printer;
use crate::record::Status;

use super::access::revoke_user;
use super::steps::{require_record, tenant_users};
use super::{print_plan, Action, Change, Platform};

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

/// The number of changes planned (0: nothing to do).
pub async fn suspend(
    p: &Platform,
    printer: &Printer,
    t: &TenantId,
    reason: &str,
    dry_run: bool,
    confirm: &dyn Fn(&[Change]) -> Result<()>,
) -> Result<usize> {
    let mut rec = require_record(p, t).await?;
    if matches!(rec.status, Status::Offboarding | Status::Offboarded) {
        return Err(Error::usage(format!(
            "tenant {t} is {}; there is nothing to suspend",
            rec.status.as_str()
        )));
    }
    let pool = p.user_pool_id().await?;
    let users = tenant_users(p, &pool, t).await?;
    let enabled: Vec<_> = users.iter().filter(|u| u.enabled).collect();
    let rec_param = format!("ssm:{}", p.names.ssm_tenant_record(t));
    let ch = |action, resource: String, detail: String| Change {
        tenant: Some(t.to_string()),
        action,
        resource,
        detail,
    };
    let mut changes = Vec::new();
    let record_stale =
        rec.status != Status::Suspended || rec.status_reason.as_deref() != Some(reason);
    if record_stale {
        changes.push(ch(
            Action::Update,
            rec_param,
            format!("status {} -> suspended ({reason})", rec.status.as_str()),
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
    // The record first: while it says suspended, `onboard` will not re-enable these users.
    if record_stale {
        rec.status = Status::Suspended;
        rec.status_reason = Some(reason.to_string());
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

pub async fn resume(p: &Platform, printer: &Printer, t: &TenantId, dry_run: bool) -> Result<usize> {
    let mut rec = require_record(p, t).await?;
    match rec.status {
        Status::Suspended => {}
        Status::Active => {
            print_plan(printer, "resume", &[], dry_run)?;
            printer.status(format!("tenant {t} is active, not suspended"));
            return Ok(0);
        }
        s => {
            return Err(Error::usage(format!(
                "tenant {t} is {}, not suspended; only a suspended tenant can be resumed",
                s.as_str()
            )))
        }
    }
    if let Some(tc) = &rec.tier_change {
        return Err(Error::usage(format!("tenant {t} is being moved from tier {} to {}", tc.from, tc.to))
            .with_hint(format!("finish the move first (`tenantctl tenant set-tier {t} {}`); it keeps the tenant suspended", tc.to)));
    }
    let pool = p.user_pool_id().await?;
    let disabled: Vec<_> = tenant_users(p, &pool, t)
        .await?
        .into_iter()
        .filter(|u| !u.enabled)
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
        "status suspended -> active (after the isolation gate)".into(),
    ));
    print_plan(printer, "resume", &changes, dry_run)?;
    if dry_run {
        return Ok(changes.len());
    }
    // Isolation is proven before anyone gets access back.
    super::gate::isolation_gate(p, t, &rec.tier).await?;
    for u in &disabled {
        p.aws.cognito_set_enabled(&pool, &u.username, true).await?;
    }
    rec.status = Status::Active;
    rec.status_reason = None;
    p.save_record(&mut rec).await?;
    Ok(changes.len())
}
