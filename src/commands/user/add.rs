//! `tenantctl user add`.

use crate::cli::UserAddArgs;
use crate::commands::mutation::{self, Mutation};
use crate::error::Result;
use crate::ids::TenantId;
use crate::lifecycle::users;
use crate::output::Printer;
use crate::platform::Platform;
use crate::settings::Settings;

pub async fn add(settings: &Settings, args: &UserAddArgs, printer: &Printer) -> Result<i32> {
    // Everything is validated (ids, emails, the file) before the first AWS call.
    let t = TenantId::parse(&args.tenant)?;
    let mut raw = args.emails.clone();
    if let Some(f) = &args.users_file {
        raw.extend(crate::lifecycle::onboard::read_users_csv(f)?);
    }
    let emails = users::parse_emails(&raw)?;
    let p = Platform::open(settings).await?;
    let work = users::add(&p, printer, &t, &emails, args.dry_run);
    let m = Mutation::tenant(format!("user add {t}"), &t, args.dry_run);
    let n = mutation::guarded(&p, settings, printer, m, work).await?;
    if !args.dry_run && n > 0 {
        printer.status(format!("user add: applied {n} change(s) to {t}"));
    }
    Ok(0)
}
