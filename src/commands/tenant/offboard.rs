//! `tenantctl tenant offboard`.

use crate::cli::OffboardArgs;
use crate::commands::mutation::{self, Mutation};
use crate::error::{Error, Result};
use crate::ids::TenantId;
use crate::output::Printer;
use crate::platform::Platform;
use crate::settings::Settings;

pub async fn offboard(settings: &Settings, args: &OffboardArgs, printer: &Printer) -> Result<i32> {
    use crate::lifecycle::offboard::{self, Outcome};
    let t = TenantId::parse(&args.tenant)?;
    if args.purge && !args.yes && !args.dry_run {
        return Err(Error::usage("--purge deletes the tenant's data without an archive and needs --yes; nothing was changed")
            .with_hint(format!("check the plan with `tenantctl tenant offboard {t} --purge --dry-run`, then add --yes")));
    }
    let p = Platform::open(settings).await?;
    let what = if args.purge {
        format!("PERMANENTLY delete tenant {t} (no archive)")
    } else {
        format!("archive and then delete tenant {t}")
    };
    let confirm = mutation::confirm(&t, what, args.yes);
    let work = offboard::run(&p, printer, &t, args.purge, args.dry_run, &confirm);
    let m = Mutation::tenant(format!("tenant offboard {t}"), &t, args.dry_run);
    match mutation::guarded(&p, settings, printer, m, work).await? {
        Outcome::AlreadyOffboarded(rec) => {
            let o = rec.offboarding.as_ref();
            printer.status(format!(
                "tenant {t} is already offboarded{}{}; nothing to do",
                o.and_then(|o| o.finished_at)
                    .map(|at| format!(
                        " (since {})",
                        at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                    ))
                    .unwrap_or_default(),
                o.and_then(|o| o.archive.as_deref())
                    .map(|a| format!(", archive {a}"))
                    .unwrap_or_default(),
            ));
        }
        Outcome::DryRun => {}
        Outcome::Done(rec) => {
            let o = rec
                .offboarding
                .as_ref()
                .expect("tombstone has its offboarding section");
            let c = o.counts.clone().unwrap_or_default();
            printer.status(format!(
                "offboard: {t} offboarded (run {}): {} object(s), {} version(s), {} bytes, {} user(s), {} parameter(s), {} role(s) removed; {}",
                o.run,
                c.objects,
                c.versions,
                c.bytes,
                c.users,
                c.parameters,
                c.roles,
                o.archive.as_deref().map(|a| format!("archive at {a}")).unwrap_or_else(|| "purged, no archive".into())
            ));
        }
    }
    Ok(0)
}
