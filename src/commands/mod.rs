//! One module per command. Each takes its resolved `Settings`, its arguments and the `Printer`, and returns
//! an exit code; errors carry their own exit code (error.rs).

pub mod completions;
pub mod confirm;
pub mod cost;
pub mod init;
pub mod managed_snapshot;
pub mod mutation;
pub mod policy;
pub mod registry;
pub mod render;
pub mod tenant;
pub mod user;
pub mod validate;

use std::time::Duration;

use crate::cli::{Command, GlobalArgs, MutationArgs, RetryMode, TenantCommand, UserCommand};
use crate::error::Result;
use crate::output::Printer;
use crate::settings::{self, Leasing, Retry, Settings};

/// The global flags (and the environment they fall back to), resolved once for the command.
pub fn settings(global: &GlobalArgs) -> Settings {
    Settings {
        config_path: global.config.clone(),
        region: global.region.clone(),
        env_region: settings::env_region(),
        profile: global.profile.clone(),
        endpoint_url: global.endpoint_url.clone().filter(|s| !s.is_empty()),
        retry: Retry {
            adaptive: global.retry_mode == RetryMode::Adaptive,
            max_attempts: global.max_attempts,
            max_retry_time: Duration::from_secs(global.max_retry_time),
            attempt_timeout: Duration::from_secs(global.attempt_timeout),
        },
        lease: Leasing {
            break_lease: global.break_lease,
            wait: Duration::from_secs(global.lease_wait.unwrap_or(0)),
        },
        audit_log: global.audit_log.clone(),
        argv: std::env::args_os()
            .skip(1)
            .map(|a| a.to_string_lossy().into_owned())
            .collect(),
    }
}

/// The settings of a mutating command: its own lease and audit options, over the ones given
/// (hidden, for old scripts) before the command.
fn mutating(settings: &Settings, m: &MutationArgs) -> Settings {
    let mut s = settings.clone();
    s.lease.break_lease |= m.break_lease;
    if let Some(secs) = m.lease_wait {
        s.lease.wait = Duration::from_secs(secs);
    }
    if let Some(path) = &m.audit_log {
        s.audit_log = Some(path.clone());
    }
    s
}

/// Commands that talk to AWS run inside the tokio runtime built in `lib.rs`.
pub async fn dispatch_aws(cmd: Command, settings: &Settings, printer: &Printer) -> Result<i32> {
    match cmd {
        Command::Init(a) => init::run(&mutating(settings, &a.mutation), &a, printer).await,
        Command::Tenant(TenantCommand::Onboard(a)) => {
            tenant::onboard(&mutating(settings, &a.mutation), &a, printer).await
        }
        Command::Tenant(TenantCommand::List(a)) => tenant::list(settings, &a, printer).await,
        Command::Tenant(TenantCommand::Show(a)) => tenant::show(settings, &a, printer).await,
        Command::Tenant(TenantCommand::Suspend(a)) => {
            tenant::suspend(&mutating(settings, &a.mutation), &a, printer).await
        }
        Command::Tenant(TenantCommand::Resume(a)) => {
            tenant::resume(&mutating(settings, &a.mutation), &a, printer).await
        }
        Command::Tenant(TenantCommand::SetTier(a)) => {
            tenant::set_tier(&mutating(settings, &a.mutation), &a, printer).await
        }
        Command::Tenant(TenantCommand::Offboard(a)) => {
            tenant::offboard(&mutating(settings, &a.mutation), &a, printer).await
        }
        Command::Tenant(TenantCommand::Restore(a)) => {
            tenant::restore(&mutating(settings, &a.mutation), &a, printer).await
        }
        Command::Tenant(TenantCommand::MigrateMembership(a)) => {
            tenant::migrate_membership(&mutating(settings, &a.mutation), &a, printer).await
        }
        Command::Registry(crate::cli::RegistryCommand::Reindex(a)) => {
            registry::reindex(&mutating(settings, &a.mutation), &a, printer).await
        }
        Command::User(UserCommand::Add(a)) => {
            user::add(&mutating(settings, &a.mutation), &a, printer).await
        }
        Command::User(UserCommand::Remove(a)) => {
            user::remove(&mutating(settings, &a.mutation), &a, printer).await
        }
        Command::User(UserCommand::List(a)) => user::list(settings, &a, printer).await,
        Command::User(UserCommand::ExportMemory(a)) => {
            user::export_memory(settings, &a, printer).await
        }
        Command::Validate(crate::cli::ValidateCommand::Isolation(a)) => {
            validate::isolation(settings, &a, printer).await
        }
        Command::Validate(crate::cli::ValidateCommand::Drift(a)) => {
            validate::drift(settings, &a, printer).await
        }
        Command::Cost(crate::cli::CostCommand::Report(a)) => {
            cost::report(settings, &a, printer).await
        }
        Command::Cost(crate::cli::CostCommand::Budget(a)) => {
            cost::budget(settings, &a, printer).await
        }
        Command::Cost(crate::cli::CostCommand::Setup(a)) => {
            cost::setup(&mutating(settings, &a.mutation), &a, printer).await
        }
        Command::Cost(crate::cli::CostCommand::Reconcile(a)) => {
            cost::reconcile(settings, &a, printer).await
        }
        Command::Policy(crate::cli::PolicyCommand::ManagedSnapshot(a)) => {
            managed_snapshot::run(settings, &a, printer).await
        }
        Command::Completions(_) | Command::Man(_) | Command::Policy(_) => {
            unreachable!("dispatched without AWS in lib.rs")
        }
    }
}
