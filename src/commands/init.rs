//! `tenantctl init`: bootstrap or reconcile the shared platform.

use crate::cli::InitArgs;
use crate::commands::mutation::{self, Mutation};
use crate::error::{Error, Result};
use crate::lifecycle::{init, print_plan};
use crate::output::Printer;
use crate::platform::Platform;
use crate::settings::Settings;

pub async fn run(settings: &Settings, args: &InitArgs, printer: &Printer) -> Result<i32> {
    let p = Platform::open(settings).await?;
    printer.detail(format!("account {} as {}", p.caller.account, p.caller.arn));
    let work = async {
        let plan = init::plan(&p).await?;
        let unsafe_clients = plan.unsafe_clients.clone();
        if plan.mutable_clinic_claim {
            // Not an error: tenantctl never writes the claim of an existing user, and drift
            // (TD014, TD010) reports what anyone else does with it. But it cannot be fixed in place.
            printer.warn("the adopted user pool declares custom:clinic_id mutable: an admin call can move a user into another clinic, and Cognito cannot make the attribute immutable in place; keep `tenantctl validate drift` in CI, and plan a new pool created by `tenantctl init` (docs/runbook.md, \"Membership\")");
        }
        for n in &plan.memory_notes {
            printer.warn(format!("{n} (not changed by init: changing a strategy re-extracts long-term memory; change it deliberately, then align the config)"));
        }
        for f in &plan.memory_findings {
            printer.warn(format!("finding TD016: {f}"));
        }
        let mut changes: Vec<_> = plan.ops.iter().map(|(c, _)| c.clone()).collect();
        // Tenants that would lose their tier are part of what init does: shown with the plan
        // (--dry-run too), then refused unless --allow-tier-removal.
        changes.extend(plan.dropped_tiers.iter().flat_map(|d| d.changes()));
        print_plan(printer, "init", &changes, args.dry_run)?;
        if !plan.dropped_tiers.is_empty() && !args.allow_tier_removal {
            return Err(init::refuse_tier_removal(&plan.dropped_tiers));
        }
        if !args.dry_run && !changes.is_empty() {
            init::apply(&p, plan).await?;
            printer.status(format!("init: applied {} change(s)", changes.len()));
        }
        // Not changed by init (UpdateUserPoolClient resets every field it is not given, which
        // would break the app that owns the client), but not acceptable either: a user signed
        // in through such a client can rewrite its own custom:clinic_id and become another
        // tenant. The platform is reconciled; the finding is exit 1 until the client is fixed.
        if !unsafe_clients.is_empty() {
            return Err(Error::finding(format!(
                "app client(s) {} can write custom:tier/custom:clinic_id: their users can move themselves into another tenant",
                unsafe_clients.join(", ")
            ))
            .with_hint("give each client an explicit write-attributes list without custom:tier and custom:clinic_id (aws cognito-idp update-user-pool-client --write-attributes email ...), then re-run `tenantctl init`"));
        }
        Ok(0)
    };
    let m = Mutation::platform("init", args.dry_run);
    mutation::guarded(&p, settings, printer, m, work).await
}
