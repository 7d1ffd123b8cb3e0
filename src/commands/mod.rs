//! One module per command. Each takes resolved arguments plus the `Printer` and returns
//! an exit code; errors carry their own exit code (error.rs).

pub mod completions;
pub mod confirm;
pub mod cost;
pub mod init;
pub mod managed_snapshot;
pub mod mutation;
pub mod policy;
pub mod render;
pub mod tenant;
pub mod user;
pub mod validate;

use crate::cli::{Command, GlobalArgs, TenantCommand, UserCommand};
use crate::error::Result;
use crate::output::Printer;

/// Commands that talk to AWS run inside the tokio runtime built in `lib.rs`.
pub async fn dispatch_aws(cmd: Command, global: GlobalArgs, printer: &Printer) -> Result<i32> {
    match cmd {
        Command::Init(a) => init::run(&global, &a, printer).await,
        Command::Tenant(TenantCommand::Onboard(a)) => tenant::onboard(&global, &a, printer).await,
        Command::Tenant(TenantCommand::List(a)) => tenant::list(&global, &a, printer).await,
        Command::Tenant(TenantCommand::Show(a)) => tenant::show(&global, &a, printer).await,
        Command::Tenant(TenantCommand::Suspend(a)) => tenant::suspend(&global, &a, printer).await,
        Command::Tenant(TenantCommand::Resume(a)) => tenant::resume(&global, &a, printer).await,
        Command::Tenant(TenantCommand::SetTier(a)) => tenant::set_tier(&global, &a, printer).await,
        Command::Tenant(TenantCommand::Offboard(a)) => tenant::offboard(&global, &a, printer).await,
        Command::Tenant(TenantCommand::Restore(a)) => tenant::restore(&global, &a, printer).await,
        Command::User(UserCommand::Add(a)) => user::add(&global, &a, printer).await,
        Command::User(UserCommand::Remove(a)) => user::remove(&global, &a, printer).await,
        Command::User(UserCommand::List(a)) => user::list(&global, &a, printer).await,
        Command::Validate(crate::cli::ValidateCommand::Isolation(a)) => {
            validate::isolation(&global, &a, printer).await
        }
        Command::Validate(crate::cli::ValidateCommand::Drift(a)) => {
            validate::drift(&global, &a, printer).await
        }
        Command::Cost(crate::cli::CostCommand::Report(a)) => {
            cost::report(&global, &a, printer).await
        }
        Command::Cost(crate::cli::CostCommand::Budget(a)) => {
            cost::budget(&global, &a, printer).await
        }
        Command::Policy(crate::cli::PolicyCommand::ManagedSnapshot(a)) => {
            managed_snapshot::run(&global, &a, printer).await
        }
        Command::Completions(_) | Command::Policy(_) => {
            unreachable!("dispatched without AWS in lib.rs")
        }
    }
}
