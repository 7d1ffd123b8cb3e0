//! Journaled steps of the multi-step lifecycle commands (offboard, set-tier), shared lookups
//! they all start from, the exit-4 rule for a command that stops part-way, and the one
//! test-only crash hook.

use std::future::Future;

use crate::aws::cognito::User;
use crate::error::{Error, ErrorKind, Result};
use crate::ids::{TenantId, TierName};
use crate::naming::ATTR_CLINIC_ID;
use crate::platform::Platform;
use crate::record::TenantRecord;

/// TEST-ONLY environment variable. `TENANTCTL_TEST_ABORT_AFTER_STEP=<operation>:<step>` makes
/// the process exit abruptly (status 137, as if SIGKILLed: no cleanup, no further AWS call)
/// right after that step is journaled. The crash-safety tests use it to stop a command at
/// every step boundary and prove that re-running the same command converges. Operators have
/// no reason to set it; it only ever makes a command stop early, never skip or alter work.
pub const ABORT_AFTER_STEP_ENV: &str = "TENANTCTL_TEST_ABORT_AFTER_STEP";

/// The single place the crash hook is checked (see `ABORT_AFTER_STEP_ENV`).
pub fn crash_point(operation: &str, step: &str) {
    if let Ok(want) = std::env::var(ABORT_AFTER_STEP_ENV) {
        if want == format!("{operation}:{step}") {
            eprintln!("{ABORT_AFTER_STEP_ENV}: stopping abruptly after {operation}:{step}");
            std::process::exit(137);
        }
    }
}

/// Run a mutating lifecycle command (`what` names it, e.g. "offboarding clinic-a"). If it
/// fails after it applied a change (`Platform::write`, `save_record`), the tenant is left
/// part-way: the error becomes exit 4 with the resume hint. A failure before the first write
/// is reported as it is (usually exit 3: nothing was written). Isolation findings (exit 1)
/// and errors that already say "partial" keep their kind.
pub async fn applying<T>(
    p: &Platform,
    what: &str,
    body: impl Future<Output = Result<T>>,
) -> Result<T> {
    let before = p.writes();
    body.await.map_err(|e| {
        if p.writes() > before {
            stopped_partway(e, what)
        } else {
            e
        }
    })
}

/// The error of a command that stopped after applying some of its changes.
pub fn stopped_partway(mut e: Error, what: &str) -> Error {
    if matches!(e.kind, ErrorKind::Finding | ErrorKind::Partial) {
        return e;
    }
    e.kind = ErrorKind::Partial;
    e.message = format!("{what} stopped part-way: {}", e.message);
    e.hint = Some(match e.hint.take() {
        Some(h) if h.contains("re-run the same command") => h,
        Some(h) => format!("{h}; then re-run the same command to resume"),
        None => "re-run the same command to resume; it does only what is still missing".into(),
    });
    e
}

/// Journal that `operation` finished `step` (a re-run reads it to explain where it resumes),
/// then give the test hook its chance to stop the process.
pub async fn checkpoint(
    p: &Platform,
    rec: &mut TenantRecord,
    operation: &str,
    step: &str,
) -> Result<()> {
    p.journal(rec, operation, step).await?;
    crash_point(operation, step);
    Ok(())
}

/// The record of a tenant that must exist. Unknown tenants are bad input (exit 2) and
/// nothing is created for them.
pub async fn require_record(p: &Platform, t: &TenantId) -> Result<TenantRecord> {
    p.load_record(t).await?.ok_or_else(|| {
        Error::usage(format!(
            "unknown tenant {t}: no record at {}",
            p.names.ssm_tenant_record(t)
        ))
        .with_hint("list tenants with `tenantctl tenant list --all`")
    })
}

/// The users whose `custom:clinic_id` is this tenant, sorted by username.
pub async fn tenant_users(p: &Platform, pool: &str, t: &TenantId) -> Result<Vec<User>> {
    let mut users: Vec<User> = p
        .aws
        .cognito_list_users(pool)
        .await?
        .into_iter()
        .filter(|u| u.attr(ATTR_CLINIC_ID) == Some(t.as_str()))
        .collect();
    users.sort_by(|a, b| a.username.cmp(&b.username));
    Ok(users)
}

/// Write the marker object that makes a tenant's prefix visible; its metadata names the
/// tenant and the tier.
pub async fn put_prefix_marker(p: &Platform, tier: &TierName, t: &TenantId) -> Result<()> {
    let meta = std::collections::HashMap::from([
        ("tenant".to_string(), t.to_string()),
        ("tier".to_string(), tier.to_string()),
    ]);
    p.write(p.aws.s3_put(
        &p.names.data_bucket,
        &p.names.prefix_marker_key(tier, t),
        Vec::new(),
        &meta,
    ))
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_after_a_write_is_partial_and_says_how_to_resume() {
        let e = stopped_partway(
            Error::env("AWS s3:CopyObject: SlowDown")
                .with_hint("AWS is throttling; re-run the same command to resume"),
            "offboarding clinic-a",
        );
        assert_eq!(e.kind, ErrorKind::Partial);
        assert_eq!(e.kind.exit_code(), 4);
        assert_eq!(
            e.message,
            "offboarding clinic-a stopped part-way: AWS s3:CopyObject: SlowDown"
        );
        assert_eq!(
            e.hint.as_deref(),
            Some("AWS is throttling; re-run the same command to resume")
        );

        let e = stopped_partway(
            Error::env("AWS iam:DeleteRole: AccessDenied").with_hint("check the credentials"),
            "x",
        );
        assert_eq!(
            e.hint.as_deref(),
            Some("check the credentials; then re-run the same command to resume")
        );
        let e = stopped_partway(Error::env("boom"), "x");
        assert!(e
            .hint
            .unwrap()
            .starts_with("re-run the same command to resume"));
    }

    #[test]
    fn findings_and_partial_errors_keep_their_kind() {
        let e = stopped_partway(Error::finding("isolation not proven"), "x");
        assert_eq!(e.kind, ErrorKind::Finding);
        assert_eq!(e.message, "isolation not proven");
        let e = stopped_partway(
            Error::partial("kept 2 versions").with_hint("re-run the same command"),
            "x",
        );
        assert_eq!(e.message, "kept 2 versions");
    }
}
