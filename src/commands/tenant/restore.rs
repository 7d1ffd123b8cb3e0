//! `tenantctl tenant restore`.

use crate::cli::RestoreArgs;
use crate::commands::mutation::{self, Mutation};
use crate::error::Result;
use crate::ids::TenantId;
use crate::lifecycle::print_plan;
use crate::output::Printer;
use crate::platform::Platform;
use crate::settings::Settings;

/// `tenant restore`: not destructive when the tenant's resources are gone (the usual case after
/// offboarding), so it asks for confirmation only when its plan overwrites something.
pub async fn restore(settings: &Settings, args: &RestoreArgs, printer: &Printer) -> Result<i32> {
    use crate::lifecycle::restore::{self, Outcome};
    let t = TenantId::parse(&args.tenant)?;
    let run = crate::naming::Names::parse_run_id(&args.from_archive)
        .map_err(|e| e.context("--from-archive"))?;
    let p = Platform::open(settings).await?;
    let what = format!(
        "overwrite existing resources of {t} with the archive's (the plan rows marked '!')"
    );
    let confirm = mutation::confirm(&t, what, args.yes);
    let work = restore::run(&p, printer, &t, &run, args.invite, args.dry_run, &confirm);
    let m = Mutation::tenant(
        format!("tenant restore {t} --from-archive {run}"),
        &t,
        args.dry_run,
    );
    match mutation::guarded(&p, settings, printer, m, work).await? {
        Outcome::AlreadyRestored(rec) => {
            print_plan(printer, "restore", &[], args.dry_run)?;
            let at = rec
                .restores
                .last()
                .and_then(|r| r.finished_at)
                .map(|at| {
                    format!(
                        " at {}",
                        at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                    )
                })
                .unwrap_or_default();
            printer.status(format!(
                "tenant {t} was already restored from run {run}{at} and is {}; nothing to do",
                rec.status.as_str()
            ));
        }
        Outcome::DryRun => {}
        Outcome::Done(rec) => {
            let c = rec
                .restores
                .last()
                .and_then(|r| r.counts.clone())
                .unwrap_or_default();
            printer.status(format!(
                "restore: {t} restored from run {run}: {} object(s){}, {} version(s), {} bytes, {} user(s), {} parameter(s); {}",
                c.objects,
                if c.deleted_objects > 0 { format!(" (+{} deleted, history kept)", c.deleted_objects) } else { String::new() },
                c.versions,
                c.bytes,
                c.users,
                c.parameters,
                rec.status.as_str()
            ));
            if c.users > 0 && !args.invite {
                printer.status("restore: no invitations were sent (use --invite); restored users must set a new password, archives never hold one");
            }
        }
    }
    Ok(0)
}
