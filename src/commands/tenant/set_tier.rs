//! `tenantctl tenant set-tier`.

use crate::cli::SetTierArgs;
use crate::commands::mutation::{self, Mutation};
use crate::error::Result;
use crate::ids::TenantId;
use crate::lifecycle::print_plan;
use crate::output::Printer;
use crate::platform::Platform;
use crate::settings::Settings;

pub async fn set_tier(settings: &Settings, args: &SetTierArgs, printer: &Printer) -> Result<i32> {
    use crate::lifecycle::set_tier::{self, Outcome};
    let t = TenantId::parse(&args.tenant)?;
    let cfg = crate::config::Config::load(&settings.config_path)?;
    let tier = cfg.parse_tier(&args.tier)?;
    let p = Platform::open_with(settings, cfg).await?;
    let what = format!("move tenant {t} to tier {tier}: its data is copied and verified, then deleted from the old tier's prefix (and a dedicated role the new tier does not use is removed)");
    let confirm = mutation::confirm(&t, what, args.yes);
    let work = set_tier::run(&p, printer, &t, &tier, args.dry_run, &confirm);
    let m = Mutation::tenant(format!("tenant set-tier {t} {tier}"), &t, args.dry_run);
    match mutation::guarded(&p, settings, printer, m, work).await? {
        Outcome::AlreadyThere => {
            print_plan(printer, "set-tier", &[], args.dry_run)?;
            printer.status(format!("tenant {t} is already on tier {tier}"));
        }
        Outcome::DryRun => {}
        Outcome::Done(rec) => printer.status(format!(
            "set-tier: {t} is on tier {} and {}",
            rec.tier,
            rec.status.as_str()
        )),
    }
    Ok(0)
}
