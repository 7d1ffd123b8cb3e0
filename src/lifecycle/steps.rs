//! Journaled steps of the multi-step lifecycle commands (offboard, set-tier), shared lookups
//! they all start from, and the one test-only crash hook.

use crate::aws::cognito::User;
use crate::error::{Error, Result};
use crate::ids::{TenantId, TierName};
use crate::naming::ATTR_CLINIC_ID;
use crate::record::TenantRecord;

use super::Platform;

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
    p.aws
        .s3_put(
            &p.names.data_bucket,
            &p.names.prefix_marker_key(tier, t),
            Vec::new(),
            &meta,
        )
        .await?;
    Ok(())
}

/// Position of `step` among `steps` as last journaled for `operation` (None: not started).
pub fn journaled_step(rec: &TenantRecord, operation: &str, steps: &[&str]) -> Option<usize> {
    rec.journal
        .as_ref()
        .filter(|j| j.operation == operation)
        .and_then(|j| steps.iter().position(|s| *s == j.step))
}
