//! `tenantctl tenant suspend`.

use crate::cli::SuspendArgs;
use crate::commands::mutation::{self, Mutation};
use crate::error::Result;
use crate::ids::TenantId;
use crate::output::Printer;
use crate::platform::Platform;
use crate::settings::Settings;

/// `tenant suspend`: removes access, so it is confirmed like any destructive command.
pub async fn suspend(settings: &Settings, args: &SuspendArgs, printer: &Printer) -> Result<i32> {
    let t = TenantId::parse(&args.tenant)?;
    let reason = crate::lifecycle::suspend::validate_reason(&args.reason)?;
    let p = Platform::open(settings).await?;
    let confirm = mutation::confirm(
        &t,
        format!("sign out and disable every user of {t}"),
        args.yes,
    );
    let work = crate::lifecycle::suspend::suspend(&p, printer, &t, &reason, args.dry_run, &confirm);
    let m = Mutation::tenant(format!("tenant suspend {t}"), &t, args.dry_run);
    let n = mutation::guarded(&p, settings, printer, m, work).await?;
    if !args.dry_run && n > 0 {
        printer.status(format!(
            "suspend: {t} is suspended ({reason}); resume with `tenantctl tenant resume {t}`"
        ));
    }
    Ok(0)
}
