//! What every mutating command does around its work: take its leases (the tenant's, or the
//! platform's for `init`), stop if a lease is lost, release them, and write the audit record.
//! Dry runs do none of it: they change nothing, so they need no lease and leave no record.

use std::collections::HashMap;
use std::future::Future;

use crate::audit::{self, AuditRecord, AuditStart, Caller};
use crate::error::{Error, ErrorKind, Result};
use crate::lifecycle::lease::{self, Lease, LeaseOptions, Scope};
use crate::output::Printer;
use crate::platform::Platform;
use crate::settings::Settings;

/// Lease options from the settings, for `command` (e.g. `tenant suspend clinic-a`).
pub fn lease_options(settings: &Settings, command: &str) -> LeaseOptions {
    LeaseOptions {
        break_lease: settings.lease.break_lease,
        wait: settings.lease.wait,
        command: command.to_string(),
    }
}

/// tenantctl provisions only its own naming contract: the policies it renders and the names
/// it creates follow DESIGN.md. A `[naming]` table that declares another platform's contract
/// is for assessing that platform (`validate isolation`), never for writing to it.
fn refuse_foreign_contract(p: &Platform) -> Result<()> {
    if p.cfg.contract()?.is_tenantctl(p.cfg.namespace.as_str()) {
        return Ok(());
    }
    Err(Error::usage(format!(
        "{}: the [naming] table declares a contract other than tenantctl's own, so tenantctl will not provision this platform",
        p.cfg.path.display()
    ))
    .with_hint("use this config for `tenantctl validate isolation`; remove [naming] to manage a platform with tenantctl"))
}

/// Run `body` as the mutating command `command` on `scopes`: leases held throughout (body is
/// stopped at its next await point if one is lost), released afterwards, one audit record
/// written whatever the outcome. `tenants` is what the audit record names.
// Each argument is a distinct part of the one contract every mutating command shares (who,
// what, under which leases, audited as what); a struct would only rename them.
#[allow(clippy::too_many_arguments)]
pub async fn guarded<T>(
    p: &Platform,
    settings: &Settings,
    printer: &Printer,
    command: &str,
    scopes: Vec<Scope>,
    tenants: Vec<String>,
    dry_run: bool,
    body: impl Future<Output = Result<T>>,
) -> Result<T> {
    refuse_foreign_contract(p)?;
    if dry_run {
        return body.await;
    }
    let start = AuditStart::new(command, tenants);
    let opts = lease_options(settings, command);
    let mut leases: Vec<Lease> = Vec::new();
    let mut result = Ok(None);
    for s in scopes {
        match Lease::acquire(p, s, &opts).await {
            Ok(l) => leases.push(l),
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    if result.is_ok() {
        result = lease::while_held(&leases, body).await.map(Some);
    }
    for l in leases {
        if let Err(e) = l.release(&p.aws).await {
            printer.warn(format!(
                "could not release a lease ({}); it expires by itself in {}s",
                e.message,
                lease::TTL.as_secs()
            ));
        }
    }
    finish(p, settings, printer, start, result.as_ref().map(|_| ())).await;
    result.map(|v| v.expect("set when ok"))
}

/// Write the audit record of a finished command. A failed write is a warning: it never hides
/// the command's own result.
pub async fn finish(
    p: &Platform,
    settings: &Settings,
    printer: &Printer,
    start: AuditStart,
    result: Result<(), &Error>,
) {
    let caller = Caller {
        account: p.caller.account.clone(),
        arn: p.caller.arn.clone(),
    };
    let usage_error = matches!(result, Err(e) if e.kind == ErrorKind::Usage);
    let rec = start.finish(
        caller,
        p.names.ns.as_str(),
        result,
        crate::aws::stats::process_stats().snapshot(),
    );
    if let Some(path) = &settings.audit_log {
        if let Err(e) = audit::append_local(path, &rec) {
            printer.warn(format!("audit record not written locally: {}", e.message));
        }
    }
    // Bad input changed nothing and writes nothing to AWS, not even an audit record (the local
    // log above still has it).
    if usage_error {
        return;
    }
    if let Err(e) = write_remote(p, &rec).await {
        printer.warn(format!(
            "audit record not written to s3://{}/{}: {}",
            p.names.archive_bucket,
            p.names.audit_prefix(),
            e.message
        ));
    }
}

async fn write_remote(p: &Platform, rec: &AuditRecord) -> Result<()> {
    let id = uuid::Uuid::parse_str(&rec.id).map_err(|e| Error::env(format!("audit id: {e}")))?;
    let key = p.names.audit_record_key(rec.started_at, &id);
    let body =
        serde_json::to_vec_pretty(rec).map_err(|e| Error::env(format!("audit record: {e}")))?;
    let meta = HashMap::from([(
        "tenantctl-audit".to_string(),
        audit::AUDIT_SCHEMA_VERSION.to_string(),
    )]);
    p.aws
        .s3_put(&p.names.archive_bucket, &key, body, &meta)
        .await?;
    Ok(())
}
