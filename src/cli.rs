//! Command-line surface: clap types only. No AWS, no I/O. `commands::*` receive these
//! structs after `settings` has resolved the global flags.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::output::OutputFormat;

#[derive(Debug, Parser)]
#[command(
    name = "tenantctl",
    version,
    about = "Control plane for pool-model multi-tenant AI agent platforms on AWS",
    long_about = "Onboard, change and offboard tenants; prove tenant isolation; report per-tenant cost.\n\n\
Exit codes: 0 success, 1 check found a problem, 2 bad input, 3 AWS/environment failure, \
4 partially applied (re-run the same command to resume)."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Platform configuration file.
    #[arg(long, global = true, env = "TENANTCTL_CONFIG", default_value = "tenantctl.toml", value_name = "FILE")]
    pub config: PathBuf,
    /// AWS named profile (standard credential chain otherwise).
    #[arg(long, global = true, env = "AWS_PROFILE", value_name = "NAME")]
    pub profile: Option<String>,
    /// AWS region (overrides the config file's region).
    #[arg(long, global = true, value_name = "REGION")]
    pub region: Option<String>,
    /// Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing.
    #[arg(long, global = true, env = "AWS_ENDPOINT_URL", value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Output format for results (human table, or stable machine formats).
    #[arg(long, short = 'o', global = true, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,
    /// Never draw progress bars (they are only drawn when stderr is a terminal anyway).
    #[arg(long, global = true)]
    pub no_progress: bool,
    /// More detail (error causes, retries); repeat for more.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Only errors and results.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Bootstrap (or reconcile) the shared platform: user pool, buckets, tier parameters, TVM role.
    Init(InitArgs),
    /// Onboard, list and inspect tenants.
    #[command(subcommand)]
    Tenant(TenantCommand),
    /// Evaluate IAM policies locally.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Print shell completions.
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Print the plan and change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Subcommand)]
pub enum TenantCommand {
    /// Onboard one tenant, or many with --from.
    Onboard(OnboardArgs),
    /// List tenants from the registry.
    List(ListArgs),
    /// Show one tenant's record and users.
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct OnboardArgs {
    /// Tenant id (clinic id): lowercase letters, digits, single inner hyphens, 3-48 chars.
    #[arg(required_unless_present = "from", conflicts_with = "from")]
    pub tenant: Option<String>,
    /// Tier the tenant belongs to (must exist in the config).
    #[arg(long, required_unless_present = "from", conflicts_with = "from")]
    pub tier: Option<String>,
    /// A user's email (repeatable).
    #[arg(long = "user", value_name = "EMAIL")]
    pub users: Vec<String>,
    /// CSV file of users: one `email` column (header optional).
    #[arg(long = "users", value_name = "FILE.csv", conflicts_with = "from")]
    pub users_file: Option<PathBuf>,
    /// Bedrock project id for cost attribution (else created or the tier's).
    #[arg(long, conflicts_with = "from")]
    pub project_id: Option<String>,
    /// Bulk: CSV (tenant,tier,users with users separated by ';') or JSON array of {tenant,tier,users}.
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
    /// Send Cognito's invitation message (suppressed by default).
    #[arg(long)]
    pub invite: bool,
    /// Print the plan and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// How many tenants to onboard at once.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Include offboarded tenants.
    #[arg(long)]
    pub all: bool,
    /// Only tenants of this tier.
    #[arg(long)]
    pub tier: Option<String>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    pub tenant: String,
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Evaluate one request (--input) or a JSON Lines stream of requests (--batch).
    Simulate(SimulateArgs),
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// One JSON simulation request (file path or - for stdin). Format: docs/policy-simulate.md.
    #[arg(long, value_name = "FILE|-", required_unless_present = "batch", conflicts_with = "batch")]
    pub input: Option<String>,
    /// JSON Lines: one request per line, one result line each, same order.
    #[arg(long, value_name = "FILE|-")]
    pub batch: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}
