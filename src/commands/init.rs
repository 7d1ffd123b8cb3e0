//! `tenantctl init`: bootstrap or reconcile the shared platform.

use crate::cli::{GlobalArgs, InitArgs};
use crate::commands::mutation;
use crate::error::Result;
use crate::lifecycle::lease::Scope;
use crate::lifecycle::{init, print_plan, Platform};
use crate::output::Printer;

pub async fn run(global: &GlobalArgs, args: &InitArgs, printer: &Printer) -> Result<i32> {
    let p = Platform::open(global).await?;
    printer.detail(format!("account {} as {}", p.caller.account, p.caller.arn));
    let work = async {
        let plan = init::plan(&p).await?;
        for c in &plan.unsafe_clients {
            printer.warn(format!(
            "app client {c} can write custom:tier/custom:clinic_id; set its write attributes explicitly (without them) so users cannot change their own tenant"
        ));
        }
        let changes: Vec<_> = plan.ops.iter().map(|(c, _)| c.clone()).collect();
        print_plan(printer, "init", &changes, args.dry_run)?;
        if args.dry_run || changes.is_empty() {
            return Ok(0);
        }
        init::apply(&p, plan).await?;
        printer.status(format!("init: applied {} change(s)", changes.len()));
        Ok(0)
    };
    mutation::guarded(
        &p,
        global,
        printer,
        "init",
        vec![Scope::Platform],
        vec![],
        args.dry_run,
        work,
    )
    .await
}
