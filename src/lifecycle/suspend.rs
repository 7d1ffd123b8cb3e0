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
use crate::record::op::{RESUME, SUSPEND as OP};
use crate::record::{Status, Suspension, TenantRecord};

use super::access::revoke_user;
use super::steps::{applying, checkpoint, crash_point, require_record, tenant_users};
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
        // A killed suspension journaled its section first: keep the users it already named.
        (Some(s), _) if suspend_in_flight(rec) => s.clone(),
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

/// One typed change of `tenant suspend`: what is shown is derived from it (`change`) and
/// what is applied is it (`apply_suspend`). Journal first, state last: the record never claims
/// `suspended` while a user it names could still sign in.
#[derive(Debug, Clone, PartialEq)]
enum SuspendOp {
    /// Journal the suspension in the record before any user is touched: `suspend` in progress,
    /// the reason, and the suspension section naming the users it disables (so a killed run's
    /// resume knows whom to re-enable). The status is left as it is.
    Journal {
        from: Status,
        reason: String,
        suspension: Option<Suspension>,
    },
    /// Global sign-out + disable of one user.
    Revoke(String),
    /// Disable the tenant's API key (its calls through the front door stop too).
    DisableKey(String),
    /// Last, once every user is disabled: the record says `suspended` (or, for an already
    /// suspended tenant, notes the users disabled now) and the journal entry goes.
    Record {
        from: Status,
        reason: String,
        suspension: Option<Suspension>,
        /// The status or reason changes (else only users are noted for resume).
        status_stale: bool,
        noted: usize,
    },
}

impl SuspendOp {
    fn change(&self, p: &Platform, t: &TenantId) -> Change {
        let record = format!("ssm:{}", p.names.ssm_tenant_record(t));
        let (resource, detail) = match self {
            SuspendOp::Journal { from, reason, .. } => (
                record,
                format!(
                    "journal: suspend in progress ({reason}); status stays {} until every user is disabled",
                    from.as_str()
                ),
            ),
            SuspendOp::Record {
                from,
                reason,
                suspension,
                status_stale,
                noted,
            } => (
                record,
                if *status_stale {
                    let back_to = suspension
                        .as_ref()
                        .map_or(Status::Active, |s| s.previous_status);
                    format!(
                        "status {} -> suspended ({reason}); resume returns it to {}",
                        from.as_str(),
                        back_to.as_str()
                    )
                } else {
                    format!("note {noted} user(s) for resume to re-enable")
                },
            ),
            SuspendOp::Revoke(u) => (
                format!("cognito:user/{u}"),
                "global sign-out + disable".into(),
            ),
            SuspendOp::DisableKey(_) => (
                format!("apigateway:api-key/{}", p.names.api_key_name(t)),
                "disable".into(),
            ),
        };
        Change {
            tenant: Some(t.to_string()),
            action: Action::Update,
            resource,
            detail,
        }
    }
}

/// Whether `rec` carries the journal of a suspension that has not finished (killed run).
pub fn suspend_in_flight(rec: &TenantRecord) -> bool {
    rec.journal.as_ref().is_some_and(|j| j.operation == OP)
}

/// The typed plan of `tenant suspend` against what is observed.
fn plan_suspend(rec: &TenantRecord, enabled: Vec<String>, reason: &str) -> Vec<SuspendOp> {
    let suspension = desired_suspension(rec, &enabled);
    let status_stale =
        rec.status != Status::Suspended || rec.status_reason.as_deref() != Some(reason);
    let mut ops = Vec::new();
    if !status_stale
        && rec.suspension == suspension
        && !suspend_in_flight(rec)
        && enabled.is_empty()
    {
        return ops;
    }
    if !enabled.is_empty() {
        ops.push(SuspendOp::Journal {
            from: rec.status,
            reason: reason.to_string(),
            suspension: suspension.clone(),
        });
    }
    let noted = enabled.len();
    ops.extend(enabled.into_iter().map(SuspendOp::Revoke));
    ops.push(SuspendOp::Record {
        from: rec.status,
        reason: reason.to_string(),
        suspension,
        status_stale,
        noted,
    });
    ops
}

/// Apply the plan in order; the number of changes applied.
async fn apply_suspend(
    p: &Platform,
    pool: &str,
    rec: &mut TenantRecord,
    ops: Vec<SuspendOp>,
) -> Result<usize> {
    let mut applied = 0;
    for op in ops {
        match op {
            SuspendOp::Journal {
                reason, suspension, ..
            } => {
                rec.status_reason = Some(reason);
                rec.suspension = suspension;
                if rec.journal.as_ref().is_some_and(|j| j.operation != OP) {
                    // A tier move in progress keeps its journal; the status is not touched
                    // either way, so the record still claims nothing that is not yet true.
                    p.save_record(rec).await?;
                    crash_point(OP, "started");
                } else {
                    checkpoint(p, rec, OP, "started").await?;
                }
            }
            SuspendOp::DisableKey(k) => p.write(p.aws.apigw_set_api_key_enabled(&k, false)).await?,
            SuspendOp::Revoke(u) => {
                revoke_user(p, pool, &u)
                    .await
                    .map_err(|e| e.context(format!("suspending {u}")))?;
                crash_point(OP, "revoked-one");
            }
            SuspendOp::Record {
                reason, suspension, ..
            } => {
                rec.status = Status::Suspended;
                rec.status_reason = Some(reason);
                rec.suspension = suspension;
                // A tier move in progress must end suspended too, not active; its journal
                // (set-tier) stays.
                if let Some(tc) = rec.tier_change.as_mut() {
                    tc.previous_status = Status::Suspended;
                }
                if suspend_in_flight(rec) {
                    rec.journal = None;
                }
                p.save_record(rec).await?;
            }
        }
        applied += 1;
    }
    Ok(applied)
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
    // Its recorded members too, whatever their claim says now: they are the tenant's people.
    let enabled: Vec<String> = super::membership::users_of(p, &pool, t)
        .await?
        .into_iter()
        .filter(|u| u.enabled)
        .map(|u| u.username)
        .collect();
    let mut ops = plan_suspend(&rec, enabled, reason);
    if let Some((key, true)) = super::onboard::api_key_of(p, t).await? {
        // Before the record says suspended (the last step), so a killed run re-plans it.
        let at = match ops.last() {
            Some(SuspendOp::Record { .. }) => ops.len() - 1,
            _ => ops.len(),
        };
        ops.insert(at, SuspendOp::DisableKey(key));
    }
    let changes: Vec<Change> = ops.iter().map(|op| op.change(p, t)).collect();
    print_plan(printer, "suspend", &changes, dry_run)?;
    if dry_run || changes.is_empty() {
        return Ok(changes.len());
    }
    confirm(&changes)?;
    apply_suspend(p, &pool, &mut rec, ops).await
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

/// One typed change of `tenant resume`, applied after the isolation gate.
#[derive(Debug, Clone, PartialEq)]
enum ResumeOp {
    /// Journal the resume before any user is enabled: the record still says `suspended`, and
    /// its journal says that users are being given access back (drift notes them instead of
    /// flagging them; a re-run finishes it).
    Journal,
    /// Enable one user the suspension disabled.
    Enable(String),
    /// Enable the tenant's API key again.
    EnableKey(String),
    /// The record back to `to`, without its suspension section.
    Record { to: Status },
}

impl ResumeOp {
    fn change(&self, p: &Platform, t: &TenantId) -> Change {
        let (resource, detail) = match self {
            ResumeOp::Journal => (
                format!("ssm:{}", p.names.ssm_tenant_record(t)),
                "journal: resume in progress (status stays suspended until every user is enabled)"
                    .to_string(),
            ),
            ResumeOp::Enable(u) => (format!("cognito:user/{u}"), "enable".to_string()),
            ResumeOp::EnableKey(_) => (
                format!("apigateway:api-key/{}", p.names.api_key_name(t)),
                "enable".to_string(),
            ),
            ResumeOp::Record { to } => (
                format!("ssm:{}", p.names.ssm_tenant_record(t)),
                if *to == Status::Pending {
                    "status suspended -> pending (after the isolation gate; onboarding is not finished)"
                        .into()
                } else {
                    format!(
                        "status suspended -> {} (after the isolation gate)",
                        to.as_str()
                    )
                },
            ),
        };
        Change {
            tenant: Some(t.to_string()),
            action: Action::Update,
            resource,
            detail,
        }
    }
}

/// The typed plan of `tenant resume`: the users the suspension disabled (every disabled user
/// for a record from an older tenantctl, which has no section), then the record.
fn plan_resume(rec: &TenantRecord, disabled: Vec<String>) -> Vec<ResumeOp> {
    let to = rec
        .suspension
        .as_ref()
        .map_or(Status::Active, |s| s.previous_status);
    let mut ops = disabled
        .into_iter()
        .filter(|u| {
            rec.suspension
                .as_ref()
                .is_none_or(|s| s.disabled_users.contains(u))
        })
        .map(ResumeOp::Enable)
        .chain([ResumeOp::Record { to }])
        .collect::<Vec<_>>();
    if ops.len() > 1 {
        ops.insert(0, ResumeOp::Journal);
    }
    ops
}

/// Apply the plan in order; the number of changes applied.
async fn apply_resume(
    p: &Platform,
    pool: &str,
    rec: &mut TenantRecord,
    ops: Vec<ResumeOp>,
) -> Result<usize> {
    let mut applied = 0;
    for op in ops {
        match op {
            ResumeOp::Journal => {
                if rec.journal.as_ref().is_none_or(|j| j.operation == OP) {
                    checkpoint(p, rec, RESUME, "started").await?;
                }
            }
            ResumeOp::Enable(u) => p.write(p.aws.cognito_set_enabled(pool, &u, true)).await?,
            ResumeOp::EnableKey(k) => p.write(p.aws.apigw_set_api_key_enabled(&k, true)).await?,
            ResumeOp::Record { to } => {
                rec.status = to;
                rec.status_reason = None;
                rec.suspension = None;
                if rec
                    .journal
                    .as_ref()
                    .is_some_and(|j| j.operation == OP || j.operation == RESUME)
                {
                    rec.journal = None;
                }
                p.save_record(rec).await?;
            }
        }
        applied += 1;
    }
    Ok(applied)
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
        // A suspension that was killed part-way: resume gives back what it took.
        _ if suspend_in_flight(&rec) => {}
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
    let pool = p.user_pool_id().await?;
    let disabled: Vec<String> = tenant_users(p, &pool, t)
        .await?
        .into_iter()
        .filter(|u| !u.enabled)
        .map(|u| u.username)
        .collect();
    let mut ops = plan_resume(&rec, disabled);
    if let Some((key, false)) = super::onboard::api_key_of(p, t).await? {
        // Before the record (the last step), after the users: a killed run re-plans it.
        let at = ops.len() - 1;
        ops.insert(at, ResumeOp::EnableKey(key));
        if !matches!(ops[0], ResumeOp::Journal) {
            ops.insert(0, ResumeOp::Journal);
        }
    }
    let changes: Vec<Change> = ops.iter().map(|op| op.change(p, t)).collect();
    print_plan(printer, "resume", &changes, dry_run)?;
    if dry_run {
        return Ok((changes.len(), rec));
    }
    // Isolation is proven before anyone gets access back.
    super::gate::isolation_gate(p, t, &rec.tier).await?;
    let applied = apply_resume(p, &pool, &mut rec, ops).await?;
    Ok((applied, rec))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle::tests::record;

    #[test]
    fn suspend_journals_first_then_every_enabled_user_then_the_status_last() {
        let rec = record(serde_json::json!({}));
        let ops = plan_suspend(&rec, vec!["a@x.org".into(), "b@x.org".into()], "unpaid");
        assert_eq!(ops.len(), 4);
        assert!(matches!(
            &ops[0],
            SuspendOp::Journal { from: Status::Active, suspension: Some(s), .. }
                if s.previous_status == Status::Active && s.disabled_users == ["a@x.org", "b@x.org"]
        ));
        assert_eq!(ops[1], SuspendOp::Revoke("a@x.org".into()));
        assert_eq!(ops[2], SuspendOp::Revoke("b@x.org".into()));
        assert!(matches!(
            &ops[3],
            SuspendOp::Record { from: Status::Active, status_stale: true, noted: 2, suspension: Some(s), .. }
                if s.disabled_users == ["a@x.org", "b@x.org"]
        ));
    }

    #[test]
    fn a_killed_suspension_keeps_the_users_it_named_and_finishes() {
        // Killed after disabling a@: the record is still active, journaled, naming a@ and b@.
        let rec = record(serde_json::json!({
            "status_reason": "unpaid",
            "journal": {"operation": "suspend", "step": "started", "at": "2026-01-01T00:00:00Z"},
            "suspension": {"previous_status": "active", "disabled_users": ["a@x.org", "b@x.org"]}}));
        assert!(suspend_in_flight(&rec));
        let ops = plan_suspend(&rec, vec!["b@x.org".into()], "unpaid");
        assert!(matches!(
            ops.last(),
            Some(SuspendOp::Record { status_stale: true, suspension: Some(s), .. })
                if s.disabled_users == ["a@x.org", "b@x.org"]
        ));
        // Nothing left to disable: only the status, last.
        let ops = plan_suspend(&rec, vec![], "unpaid");
        assert!(matches!(ops[..], [SuspendOp::Record { .. }]));
        // Resume gives back both.
        assert_eq!(
            plan_resume(&rec, vec!["a@x.org".into(), "b@x.org".into()]).len(),
            4
        );
        // A suspended tenant with a user enabled behind its back (drift TD009): suspend
        // disables it again.
        let done = record(
            serde_json::json!({"status": "suspended", "status_reason": "unpaid",
            "suspension": {"previous_status": "active", "disabled_users": ["a@x.org"]}}),
        );
        assert!(plan_suspend(&done, vec!["a@x.org".into()], "unpaid")
            .contains(&SuspendOp::Revoke("a@x.org".into())));
    }

    #[test]
    fn a_finished_suspension_plans_nothing_and_resume_gives_back_only_its_users() {
        let rec = record(
            serde_json::json!({"status": "suspended", "status_reason": "unpaid",
            "suspension": {"previous_status": "pending", "disabled_users": ["a@x.org"]}}),
        );
        assert!(plan_suspend(&rec, vec![], "unpaid").is_empty());
        assert_eq!(
            plan_resume(&rec, vec!["a@x.org".into(), "own@x.org".into()]),
            [
                ResumeOp::Journal,
                ResumeOp::Enable("a@x.org".into()),
                ResumeOp::Record {
                    to: Status::Pending
                }
            ]
        );
    }
}
