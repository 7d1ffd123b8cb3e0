//! `tenantctl tenant resume`.

use crate::cli::ResumeArgs;
use crate::commands::mutation::{self, Mutation};
use crate::error::Result;
use crate::ids::TenantId;
use crate::output::Printer;
use crate::platform::Platform;
use crate::record::Status;
use crate::settings::Settings;

pub async fn resume(settings: &Settings, args: &ResumeArgs, printer: &Printer) -> Result<i32> {
    let t = TenantId::parse(&args.tenant)?;
    let p = Platform::open(settings).await?;
    let work = crate::lifecycle::suspend::resume(&p, printer, &t, args.dry_run);
    let m = Mutation::tenant(format!("tenant resume {t}"), &t, args.dry_run);
    let (n, rec) = mutation::guarded(&p, settings, printer, m, work).await?;
    if !args.dry_run && n > 0 {
        if rec.status == Status::Pending {
            printer.status(format!("resume: {t} is pending again, as before the suspension; finish onboarding with `tenantctl tenant onboard {t} --tier {}`", rec.tier));
        } else {
            printer.status(format!("resume: {t} is {} again", rec.status.as_str()));
        }
    }
    Ok(0)
}
