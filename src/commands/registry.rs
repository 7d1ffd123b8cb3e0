//! `tenantctl registry …`: maintenance of the tenant registry.

use crate::cli::ReindexArgs;
use crate::commands::mutation::{self, Mutation};
use crate::error::Result;
use crate::lifecycle::{print_plan, reindex};
use crate::output::Printer;
use crate::platform::Platform;
use crate::settings::Settings;

/// `tenantctl registry reindex`: plan (one registry sweep, the memberships, the 256 shards),
/// print, and under the platform lease plan again and write the shards that differ.
pub async fn reindex(settings: &Settings, args: &ReindexArgs, printer: &Printer) -> Result<i32> {
    let p = Platform::open(settings).await?;
    let first = reindex::plan(&p).await?;
    // Nothing to rebuild: no lease, no audit record, just the (empty) plan.
    if first.is_empty() || args.dry_run {
        let changes = reindex::changes(&p.names, &first);
        print_plan(printer, "reindex", &changes, args.dry_run)?;
        return Ok(0);
    }
    let work = async {
        // Planned again under the lease: another reindex may have finished meanwhile.
        let plan = reindex::plan(&p).await?;
        print_plan(
            printer,
            "reindex",
            &reindex::changes(&p.names, &plan),
            false,
        )?;
        let tenants = plan.tenants;
        let n = reindex::apply(&p, plan).await?;
        Ok((n, tenants))
    };
    let m = Mutation::platform("registry reindex", false);
    let (n, tenants) = mutation::guarded(&p, settings, printer, m, work).await?;
    printer.status(format!(
        "reindex: {n} shard(s) rewritten; the index holds {tenants} tenant(s)"
    ));
    Ok(0)
}
