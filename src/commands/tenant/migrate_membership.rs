//! `tenantctl tenant migrate-membership`: record the membership of tenants registered before
//! tenantctl recorded memberships, from their users' current claims.

use crate::cli::MigrateMembershipArgs;
use crate::commands::mutation::{self, Mutation};
use crate::error::Result;
use crate::ids::TenantId;
use crate::lifecycle::lease::Scope;
use crate::lifecycle::{membership, print_plan};
use crate::output::Printer;
use crate::platform::Platform;
use crate::settings::Settings;

pub async fn migrate_membership(
    settings: &Settings,
    args: &MigrateMembershipArgs,
    printer: &Printer,
) -> Result<i32> {
    let only = args
        .tenants
        .iter()
        .map(|t| TenantId::parse(t))
        .collect::<Result<Vec<_>>>()?;
    let p = Platform::open(settings).await?;
    // The tenants to lease: those that need it now (planned again under their leases).
    let todo: Vec<TenantId> = membership::plan_migration(&p, &only)
        .await?
        .into_iter()
        .map(|m| m.tenant)
        .collect();
    let m = Mutation {
        command: format!("tenant migrate-membership {}", args.tenants.join(" "))
            .trim_end()
            .to_string(),
        scopes: todo.iter().cloned().map(Scope::Tenant).collect(),
        tenants: todo.iter().map(|t| t.to_string()).collect(),
        dry_run: args.dry_run,
    };
    let work = async {
        let plan = membership::plan_migration(&p, &todo).await?;
        let changes = membership::migration_changes(&p.names, &plan);
        print_plan(printer, "migrate-membership", &changes, args.dry_run)?;
        if args.dry_run || plan.is_empty() {
            return Ok(0);
        }
        membership::apply_migration(&p, plan).await
    };
    // Nothing to migrate: no lease, no audit record, just the (empty) plan.
    let n = if todo.is_empty() {
        print_plan(printer, "migrate-membership", &[], args.dry_run)?;
        0
    } else {
        mutation::guarded(&p, settings, printer, m, work).await?
    };
    if n > 0 {
        printer.status(format!(
            "migrate-membership: recorded the membership of {n} tenant(s); `tenantctl validate drift` now checks their users' claims against it"
        ));
    }
    Ok(0)
}
