//! `tenantctl tenant onboard`: validate everything, then plan and apply per tenant under its lease.

use std::sync::Arc;

use crate::cli::OnboardArgs;
use crate::commands::mutation::{self, Mutation};
use crate::error::Result;
use crate::lifecycle::onboard::{self, RawSpecPub};
use crate::output::Printer;
use crate::platform::Platform;
use crate::settings::Settings;

pub async fn onboard(settings: &Settings, args: &OnboardArgs, printer: &Printer) -> Result<i32> {
    // Everything is validated (config, ids, tiers, emails, files) before the first AWS call.
    let cfg = crate::config::Config::load(&settings.config_path)?;
    let raw = match &args.from {
        Some(path) => onboard::read_bulk(path)?,
        None => {
            let mut users = args.users.clone();
            if let Some(f) = &args.users_file {
                users.extend(onboard::read_users_csv(f)?);
            }
            vec![(
                "arguments".to_string(),
                RawSpecPub {
                    tenant: args.tenant.clone().unwrap_or_default(),
                    tier: args.tier.clone().unwrap_or_default(),
                    users,
                    project_id: args.project_id.clone(),
                },
            )]
        }
    };
    let specs = onboard::validate(&cfg, raw)?;
    let p = Arc::new(Platform::open_with(settings, cfg).await?);
    // Leases are taken per tenant as it is applied (lifecycle::onboard), not for the whole run.
    let tenants = specs.iter().map(|s| s.tenant.to_string()).collect();
    let leases = mutation::lease_options(settings, "tenant onboard");
    let work = async {
        let outcome = onboard::run(
            p.clone(),
            specs,
            printer,
            args.dry_run,
            args.invite,
            args.concurrency as usize,
            &leases,
        )
        .await?;
        printer.plan_log.note_applied(outcome.applied);
        let counts = (outcome.applied, outcome.planned);
        onboard::outcome_error(outcome, printer)?;
        Ok(counts)
    };
    let m = Mutation::self_leased("tenant onboard", tenants, args.dry_run);
    let (applied, planned) = mutation::guarded(&p, settings, printer, m, work).await?;
    if !args.dry_run && planned > 0 {
        printer.status(format!("onboard: applied {applied} change(s)"));
    }
    Ok(0)
}
