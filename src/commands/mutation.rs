//! What every mutating command does around its work: take its leases (the tenant's, or the
//! platform's for `init`), stop if a lease is lost, release them, and write the audit record.
//! Dry runs do none of it: they change nothing, so they need no lease and leave no record.

use std::collections::HashMap;
use std::future::Future;

use crate::audit::{self, AuditRecord, AuditStart, Caller};
use crate::commands::confirm::confirm_tenant;
use crate::error::{Error, ErrorKind, Result};
use crate::ids::TenantId;
use crate::lifecycle::lease::{self, Lease, LeaseOptions, Scope};
use crate::output::Printer;
use crate::plan::Change;
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

/// What a mutating command is, for its leases and its audit record: the command line the
/// record and the lease holder name (`tenant suspend clinic-a`), the leases it takes, the
/// tenants the record names, and whether it is a dry run (no lease, no record).
#[derive(Debug, Clone)]
pub struct Mutation {
    pub command: String,
    pub scopes: Vec<Scope>,
    pub tenants: Vec<String>,
    pub dry_run: bool,
}

impl Mutation {
    /// A command on one tenant, under that tenant's lease.
    pub fn tenant(command: impl Into<String>, t: &TenantId, dry_run: bool) -> Self {
        Mutation {
            command: command.into(),
            scopes: vec![Scope::Tenant(t.clone())],
            tenants: vec![t.to_string()],
            dry_run,
        }
    }

    /// A command on the shared platform, under the platform's lease.
    pub fn platform(command: impl Into<String>, dry_run: bool) -> Self {
        Mutation {
            command: command.into(),
            scopes: vec![Scope::Platform],
            tenants: vec![],
            dry_run,
        }
    }

    /// A command that takes its leases itself as it goes (`tenant onboard`, per tenant).
    pub fn self_leased(command: impl Into<String>, tenants: Vec<String>, dry_run: bool) -> Self {
        Mutation {
            command: command.into(),
            scopes: vec![],
            tenants,
            dry_run,
        }
    }
}

/// Confirmation of a destructive change to tenant `t` (see `confirm_tenant`), in the shape the
/// lifecycle operations take it.
pub fn confirm<'a>(
    t: &'a TenantId,
    what: impl AsRef<str> + 'a,
    yes: bool,
) -> impl Fn(&[Change]) -> Result<()> + 'a {
    move |_| confirm_tenant(t, what.as_ref(), yes)
}

/// Run `body` as the mutating command `m`: leases held throughout (body is stopped at its next
/// await point if one is lost), released afterwards, one audit record written whatever the
/// outcome.
pub async fn guarded<T>(
    p: &Platform,
    settings: &Settings,
    printer: &Printer,
    m: Mutation,
    body: impl Future<Output = Result<T>>,
) -> Result<T> {
    let Mutation {
        command,
        scopes,
        tenants,
        dry_run,
    } = m;
    let command = command.as_str();
    refuse_foreign_contract(p)?;
    if dry_run {
        return body.await;
    }
    // The plan log is the command's printer's: a plan printed before the leases were taken
    // (`cost setup`) is part of the record.
    let start = AuditStart::new(command, tenants, settings.argv.clone());
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
        printer.plan_log.take(),
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
