//! `tenantctl user remove`.

use crate::cli::UserRemoveArgs;
use crate::commands::confirm::confirm_tenant;
use crate::commands::mutation::{self, Mutation};
use crate::error::Result;
use crate::ids::TenantId;
use crate::lifecycle::users;
use crate::output::Printer;
use crate::platform::Platform;
use crate::settings::Settings;

pub async fn remove(settings: &Settings, args: &UserRemoveArgs, printer: &Printer) -> Result<i32> {
    let t = TenantId::parse(&args.tenant)?;
    let emails = users::parse_emails(&args.emails)?;
    let p = Platform::open(settings).await?;
    let confirm = |c: &[crate::plan::Change]| {
        confirm_tenant(
            &t,
            &format!("sign out and delete {} user(s) of {t}", c.len()),
            args.yes,
        )
    };
    let work = users::remove(&p, printer, &t, &emails, args.dry_run, &confirm);
    let m = Mutation::tenant(format!("user remove {t}"), &t, args.dry_run);
    let n = mutation::guarded(&p, settings, printer, m, work).await?;
    if !args.dry_run && n > 0 {
        printer.status(format!("user remove: removed {n} user(s) from {t}"));
    }
    Ok(0)
}
