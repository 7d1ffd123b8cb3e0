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

/// Help heading of the options every command takes (uv's shape: the command's own options
/// first, then these).
pub const GLOBAL_HEADING: &str = "Global options";
/// Help heading of the options only mutating commands take (`MutationArgs`).
pub const MUTATION_HEADING: &str = "Lease and audit options";

#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Platform configuration file.
    #[arg(
        long,
        global = true, help_heading = crate::cli::GLOBAL_HEADING,
        env = "TENANTCTL_CONFIG",
        default_value = "tenantctl.toml",
        value_name = "FILE"
    )]
    pub config: PathBuf,
    /// AWS named profile (standard credential chain otherwise).
    #[arg(long, global = true, help_heading = crate::cli::GLOBAL_HEADING, env = "AWS_PROFILE", value_name = "NAME")]
    pub profile: Option<String>,
    /// AWS region (overrides the config file's region).
    /// Checked here because it reaches ARNs in policies: `--region '*'` must never widen one.
    #[arg(long, global = true, help_heading = crate::cli::GLOBAL_HEADING, value_name = "REGION", value_parser = region_name)]
    pub region: Option<String>,
    /// Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing.
    #[arg(long, global = true, help_heading = crate::cli::GLOBAL_HEADING, env = "AWS_ENDPOINT_URL", value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Output format for results (human table, or stable machine formats).
    #[arg(long, short = 'o', global = true, help_heading = crate::cli::GLOBAL_HEADING, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,
    /// Never draw progress bars (they are only drawn when stderr is a terminal anyway).
    #[arg(long, global = true, help_heading = crate::cli::GLOBAL_HEADING)]
    pub no_progress: bool,
    /// More detail (error causes, retries); repeat for more.
    #[arg(short, long, global = true, help_heading = crate::cli::GLOBAL_HEADING, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Only errors and results.
    #[arg(short, long, global = true, help_heading = crate::cli::GLOBAL_HEADING, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter).
    #[arg(long, global = true, help_heading = crate::cli::GLOBAL_HEADING, env = "TENANTCTL_MAX_ATTEMPTS", default_value_t = 8, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=20))]
    pub max_attempts: u32,
    /// Longest one AWS call may take with all its retries, in seconds; then the command stops
    /// (exit 4: re-run it to resume).
    #[arg(long, global = true, help_heading = crate::cli::GLOBAL_HEADING, env = "TENANTCTL_MAX_RETRY_TIME", default_value_t = 120, value_name = "SECS",
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub max_retry_time: u64,
    /// Longest one attempt of an AWS call may wait for its answer, in seconds; then it is
    /// retried (a copy whose attempt timed out is first looked for at its destination, never
    /// blindly sent again). Raise it for very large server-side copies.
    #[arg(long, global = true, help_heading = crate::cli::GLOBAL_HEADING, env = "TENANTCTL_ATTEMPT_TIMEOUT", default_value_t = 60, value_name = "SECS",
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub attempt_timeout: u64,
    /// Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when
    /// AWS throttles (best against real, quota-based throttling); `standard` retries with
    /// backoff and jitter only (for endpoints that fail at random rather than by rate).
    #[arg(long, global = true, help_heading = crate::cli::GLOBAL_HEADING, env = "TENANTCTL_RETRY_MODE", value_enum, default_value_t = RetryMode::Adaptive)]
    pub retry_mode: RetryMode,
    // The lease and audit flags used to be global; they are still accepted before the
    // command (hidden) so that existing scripts keep working. Their home is `MutationArgs`.
    #[arg(long, hide = true)]
    pub break_lease: bool,
    #[arg(long, hide = true, value_name = "SECS", value_parser = clap::value_parser!(u64).range(0..=3600))]
    pub lease_wait: Option<u64>,
    #[arg(long, hide = true, value_name = "FILE")]
    pub audit_log: Option<PathBuf>,
}

/// The options only mutating commands take (uv's shape: shown with the commands that use them).
#[derive(Debug, Args, Clone, Default)]
pub struct MutationArgs {
    /// Take over another operator's lease on the tenant (or the platform).
    /// Only when you know its holder is gone.
    #[arg(long, help_heading = crate::cli::MUTATION_HEADING)]
    pub break_lease: bool,
    /// Wait up to SECS for another operator's lease instead of failing at once.
    #[arg(long, help_heading = crate::cli::MUTATION_HEADING, value_name = "SECS",
          value_parser = clap::value_parser!(u64).range(0..=3600))]
    pub lease_wait: Option<u64>,
    /// Also append the audit record to FILE (one JSON line per command).
    #[arg(long, help_heading = crate::cli::MUTATION_HEADING, env = "TENANTCTL_AUDIT_LOG", value_name = "FILE")]
    pub audit_log: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RetryMode {
    Adaptive,
    Standard,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Bootstrap (or reconcile) the shared platform: user pool, buckets, tier parameters, TVM role.
    Init(InitArgs),
    /// Onboard, list and inspect tenants.
    #[command(subcommand)]
    Tenant(TenantCommand),
    /// Add, remove and list a tenant's users.
    #[command(subcommand)]
    User(UserCommand),
    /// Evaluate IAM policies locally; snapshot AWS managed policies from an account.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Maintain the tenant registry (its index).
    #[command(subcommand)]
    Registry(RegistryCommand),
    /// Prove tenant isolation, or find drift between the registry and the account.
    #[command(subcommand)]
    Validate(ValidateCommand),
    /// Per-tenant cost (Cost Explorer, CUR 2.0 Parquet, Athena): reports, budget checks, billing setup, reconciliation.
    #[command(subcommand)]
    Cost(CostCommand),
    /// Print shell completions.
    Completions(CompletionsArgs),
    /// Write the man pages (one per command) into DIR (scripts/gen-completions.sh).
    #[command(hide = true)]
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Print the plan and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Apply a config that no longer has a tier live tenants use (they lose access to their
    /// data). Without it, init refuses (exit 2) and names the tenants.
    #[arg(long)]
    pub allow_tier_removal: bool,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

#[derive(Debug, Subcommand)]
pub enum TenantCommand {
    /// Onboard one tenant, or many with --from.
    Onboard(OnboardArgs),
    /// List tenants from the registry.
    List(ListArgs),
    /// Show one tenant's record and users.
    Show(ShowArgs),
    /// Sign out and disable every user of a tenant (data untouched); `resume` reverses it.
    Suspend(SuspendArgs),
    /// Re-enable a suspended tenant's users after its isolation is verified.
    Resume(ResumeArgs),
    /// Move a tenant to another tier: users' claims, data prefix, dedicated role, record.
    SetTier(SetTierArgs),
    /// Remove a tenant: access first, then archive (verified), then delete; leaves a tombstone.
    Offboard(OffboardArgs),
    /// Bring an offboarded tenant's data, parameters and users back from one archive run.
    Restore(RestoreArgs),
    /// Record the membership of tenants registered before tenantctl recorded memberships,
    /// from their users' current claims (review the list with --dry-run first).
    MigrateMembership(MigrateMembershipArgs),
}

#[derive(Debug, Args)]
pub struct MigrateMembershipArgs {
    /// Tenants to migrate (default: every registered tenant without a recorded membership).
    #[arg(value_name = "TENANT")]
    pub tenants: Vec<String>,
    /// Print the plan (every user each tenant would record) and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

#[derive(Debug, Subcommand)]
pub enum RegistryCommand {
    /// Rebuild the registry index (what `tenant list` reads) from the tenant records and
    /// memberships; also builds it for a registry from before the index.
    Reindex(ReindexArgs),
}

#[derive(Debug, Args)]
pub struct ReindexArgs {
    /// Print the plan (every shard that would change, and its tenants) and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

#[derive(Debug, Args)]
pub struct SuspendArgs {
    pub tenant: String,
    /// Why (kept in the record and shown by `tenant show`).
    #[arg(long)]
    pub reason: String,
    /// Print the plan and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Confirm without a prompt (required when stdin is not a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

#[derive(Debug, Args)]
pub struct ResumeArgs {
    pub tenant: String,
    /// Print the plan and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

#[derive(Debug, Args)]
pub struct SetTierArgs {
    pub tenant: String,
    /// The tier to move to (must exist in the config).
    pub tier: String,
    /// Print the plan and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Confirm without a prompt (required when stdin is not a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

#[derive(Debug, Args)]
pub struct OffboardArgs {
    pub tenant: String,
    /// Delete without archiving first. Irreversible; requires --yes.
    #[arg(long)]
    pub purge: bool,
    /// Print the plan and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Confirm without a prompt (required when stdin is not a terminal, and with --purge).
    #[arg(long, short = 'y')]
    pub yes: bool,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    pub tenant: String,
    /// The offboarding run to restore (shown by `tenant show`; e.g. 20260115T101500Z-1a2b3c4d).
    #[arg(long, value_name = "RUN")]
    pub from_archive: String,
    /// Email each re-created user an invitation with a temporary password (default: none sent).
    #[arg(long)]
    pub invite: bool,
    /// Print the plan and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Confirm without a prompt (needed only when the plan overwrites something that exists).
    #[arg(long, short = 'y')]
    pub yes: bool,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add users to a tenant (they carry its tier and clinic id claims).
    Add(UserAddArgs),
    /// Sign out and delete users of a tenant.
    Remove(UserRemoveArgs),
    /// List a tenant's users.
    List(UserListArgs),
    /// Export one user's AgentCore Memory events to a local file (an access request).
    ExportMemory(UserExportMemoryArgs),
}

#[derive(Debug, Args)]
pub struct UserExportMemoryArgs {
    pub tenant: String,
    /// The user's email (its memory actor is `<tenant>:<email>`).
    #[arg(value_name = "EMAIL")]
    pub email: String,
    /// File to write, one JSON event per line (must not exist; created readable by you only).
    #[arg(long, value_name = "FILE.jsonl")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct UserAddArgs {
    pub tenant: String,
    /// Users' emails.
    #[arg(value_name = "EMAIL")]
    pub emails: Vec<String>,
    /// CSV file of users: one `email` column (header optional).
    #[arg(long = "users", value_name = "FILE.csv")]
    pub users_file: Option<PathBuf>,
    /// Print the plan and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

#[derive(Debug, Args)]
pub struct UserRemoveArgs {
    pub tenant: String,
    #[arg(value_name = "EMAIL", required = true)]
    pub emails: Vec<String>,
    /// Print the plan and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Confirm without a prompt (required when stdin is not a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

#[derive(Debug, Args)]
pub struct UserListArgs {
    pub tenant: String,
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
    /// Bedrock project id for cost attribution (else one created for the tenant with `[bedrock] create_projects`, else the tier's).
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
    #[command(flatten)]
    pub mutation: MutationArgs,
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
    /// Print a policy rendered from templates/ for this config (e.g. for offline validation in a PR).
    Render(RenderArgs),
    /// Read AWS managed policies from the account into a snapshot file, to use instead of the
    /// one shipped with tenantctl (online; writes only FILE).
    #[command(
        after_help = "Without --arn: every AWS managed policy the account sees (iam:ListPolicies Scope=AWS). \
Each policy's default version is read with iam:GetPolicyVersion. Exit codes: 0 written, \
2 bad input (FILE exists without --force, not an AWS managed policy ARN, no such policy), \
3 AWS/permission failure. See docs/isolation.md \"AWS managed policies\"."
    )]
    ManagedSnapshot(ManagedSnapshotArgs),
}

#[derive(Debug, Args)]
pub struct ManagedSnapshotArgs {
    /// Snapshot file to write (JSON Lines: a header line, then one policy per line, sorted by ARN).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Only this AWS managed policy (repeatable), e.g. arn:aws:iam::aws:policy/ReadOnlyAccess.
    #[arg(long = "arn", value_name = "ARN")]
    pub arns: Vec<String>,
    /// Overwrite FILE if it exists.
    #[arg(long)]
    pub force: bool,
    /// How many policies to read at once.
    #[arg(long, default_value_t = 8, value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..=32))]
    pub concurrency: u16,
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// One JSON simulation request (file path or - for stdin). Format: docs/policy-simulate.md.
    #[arg(
        long,
        value_name = "FILE|-",
        required_unless_present = "batch",
        conflicts_with = "batch"
    )]
    pub input: Option<String>,
    /// JSON Lines: one request per line, one result line each, same order.
    #[arg(long, value_name = "FILE|-")]
    pub batch: Option<String>,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Subcommand)]
pub enum ValidateCommand {
    /// Prove that every tenant session reaches its own resources and nothing of any other
    /// tenant's (exit 0 isolated, 1 findings, 2 bad input, 3 could not read the account).
    Isolation(Box<IsolationArgs>),
    /// Compare the registry with the account: users, prefixes, parameters, policies.
    Drift(DriftArgs),
}

#[derive(Debug, Args)]
pub struct ReportFiles {
    /// Also write a JUnit XML report (one test case per rule).
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Also write a SARIF 2.1.0 report (one result per finding).
    #[arg(long, value_name = "FILE")]
    pub sarif: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct IsolationArgs {
    /// Only pairs involving this tenant.
    #[arg(long)]
    pub tenant: Option<String>,
    /// Validate policy files or CloudFormation templates instead of the account (no AWS access).
    #[arg(long)]
    pub offline: bool,
    /// Offline: a permission policy of the TVM role (repeatable).
    #[arg(long, value_name = "FILE", requires = "offline")]
    pub policy: Vec<PathBuf>,
    /// Offline: a CloudFormation template (YAML or JSON; repeatable) to read the TVM roles
    /// (trust allows sts:TagSession), the roles they trust, their policies and the bucket
    /// policies from, instead of --policy/--trust-policy/--runtime-policy/--bucket-policy.
    #[arg(
        long,
        value_name = "FILE",
        requires = "offline",
        conflicts_with_all = ["policy", "trust_policy", "runtime_policy", "bucket_policy"]
    )]
    pub cloudformation: Vec<PathBuf>,
    /// With --cloudformation: the stack name (AWS::StackName).
    #[arg(long, value_name = "NAME", requires = "cloudformation")]
    pub stack_name: Option<String>,
    /// With --cloudformation: a template parameter's value (repeatable), e.g. `Env=prod`.
    #[arg(long, value_name = "KEY=VALUE", requires = "cloudformation")]
    pub parameter: Vec<String>,
    /// With --cloudformation: AWS managed policies from this snapshot (`tenantctl policy
    /// managed-snapshot`) instead of the one shipped with tenantctl.
    #[arg(long, value_name = "FILE", requires = "cloudformation")]
    pub managed_policies: Option<PathBuf>,
    /// Offline: the TVM role's trust policy (enables the trust and session lint).
    #[arg(long, value_name = "FILE", requires = "offline")]
    pub trust_policy: Option<PathBuf>,
    /// Offline: a permission policy of the runtime role (enables the TVM-bypass check; repeatable).
    #[arg(long, value_name = "FILE", requires = "offline")]
    pub runtime_policy: Vec<PathBuf>,
    /// Offline: the data bucket's policy (resource policy of every S3 request; also checked for
    /// anonymous callers and principals of other accounts).
    #[arg(long, value_name = "FILE", requires = "offline")]
    pub bucket_policy: Option<PathBuf>,
    /// Offline: tenants as `a,b=premium` (a tier after `=`, else the first configured tier).
    #[arg(long, requires = "offline", conflicts_with = "tenants_file")]
    pub tenants: Option<String>,
    /// Offline: file with one `tenant[,tier]` per line.
    #[arg(long, value_name = "FILE", requires = "offline")]
    pub tenants_file: Option<PathBuf>,
    /// Offline: account id the policies were rendered for.
    #[arg(long, default_value = "123456789012", requires = "offline")]
    pub account: String,
    /// Skip the synthetic adversarial tenants and sessions (not recommended).
    #[arg(long)]
    pub no_adversarial: bool,
    /// Also probe the real account: assume the TVM role with each tenant's tags and try a
    /// canary object in another tenant's prefix, expecting AccessDenied (cleaned up after).
    #[arg(long, conflicts_with = "offline")]
    pub live: bool,
    /// Findings kept in detail per rule, in every output (JSON, CSV, JUnit, SARIF); 0 keeps
    /// all. Counts are always complete, and omitted findings are reported as omitted.
    #[arg(long, value_name = "N", default_value_t = crate::isolation::MAX_DETAILED_PER_RULE)]
    pub max_findings_per_rule: usize,
    #[command(flatten)]
    pub files: ReportFiles,
}

#[derive(Debug, Args)]
pub struct DriftArgs {
    #[command(flatten)]
    pub files: ReportFiles,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RenderWhat {
    /// The TVM role's ABAC permission policy.
    TvmAccess,
    /// The TVM role's trust policy.
    TvmTrust,
    /// A siloed tenant's dedicated role policy (needs --tenant and --tier).
    SiloedAccess,
    /// A siloed tenant's dedicated role trust policy (needs --tenant and --tier).
    SiloedTrust,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    #[arg(value_enum)]
    pub what: RenderWhat,
    /// Account id to render ARNs for.
    #[arg(long, default_value = "123456789012")]
    pub account: String,
    #[arg(long)]
    pub tenant: Option<String>,
    #[arg(long)]
    pub tier: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum CostCommand {
    /// Cost per tenant, tier or service from Cost Explorer, CUR 2.0 Parquet or Athena, with the untagged remainder shown or allocated.
    Report(CostReportArgs),
    /// Month-to-date and forecast cost per tenant against its tier's monthly budget; exit 1 when any tenant is at/over the threshold.
    Budget(CostBudgetArgs),
    /// Check, and with --apply create, what billing needs: active cost allocation tags (incl. iamPrincipal/*), the export bucket and its policy, a CUR 2.0 export with caller identity.
    Setup(CostSetupArgs),
    /// Cost Explorer's total per service against the CUR's (Parquet or Athena) for a month; exit 1 naming the services that differ by more than the tolerance.
    Reconcile(CostReconcileArgs),
}

#[derive(Debug, Args)]
#[command(
    after_help = "Without --apply nothing is changed: the plan is printed. Tag activation is not retroactive. See docs/cost.md."
)]
pub struct CostSetupArgs {
    /// Make the planned changes (idempotent: a second run plans none). Under the platform's
    /// lease, with an audit record, like `init`.
    #[arg(long)]
    pub apply: bool,
    #[command(flatten)]
    pub mutation: MutationArgs,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Services are matched by name: Cost Explorer's SERVICE against the CUR's product name (product['product_name'], else line_item_product_code). \
Exit codes: 0 every service within the tolerance, 1 at least one beyond it."
)]
pub struct CostReconcileArgs {
    /// Month to reconcile, YYYY-MM. Default: the last complete month.
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// The CUR to compare with: Parquet files at LOCATION, or the Athena table of [cost.athena].
    #[arg(long, value_enum, default_value_t = CurSource::Cur)]
    pub source: CurSource,
    /// With --source cur: the CUR 2.0 export's Parquet files, a directory, one file, or s3://bucket/prefix.
    #[arg(value_name = "LOCATION")]
    pub location: Option<String>,
    /// Largest difference per service (in the currency) that still reconciles.
    #[arg(long, default_value = "0.01", value_name = "AMOUNT")]
    pub tolerance: String,
    #[arg(long, value_enum, default_value_t = CostMetric::Unblended)]
    pub metric: CostMetric,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CurSource {
    Cur,
    Athena,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Dates are UTC. --to is EXCLUSIVE (Cost Explorer's convention): --from 2026-10-01 --to 2026-11-01 is October. \
CSV columns (stable): period,tenant,tier,service,direct,allocated,total,currency,estimated,source. See docs/cost.md."
)]
pub struct CostReportArgs {
    /// Where the cost comes from: Cost Explorer; CUR 2.0 Parquet files at LOCATION (a directory or s3://bucket/prefix); or an Athena query over the CUR 2.0 table ([cost.athena] in tenantctl.toml).
    #[arg(long, value_enum, default_value_t = CostSource::CostExplorer)]
    pub source: CostSource,
    /// With --source cur: the CUR 2.0 export's Parquet files, a directory (read recursively), one file, or s3://bucket/prefix.
    #[arg(value_name = "LOCATION")]
    pub location: Option<String>,
    /// First day of the report, YYYY-MM-DD (inclusive).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// End of the report, YYYY-MM-DD, EXCLUSIVE: the first day NOT included (--to 2026-11-01 ends with Oct 31).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// A calendar month, YYYY-MM (instead of --from/--to). Default: the last complete month.
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// Rows per tenant, tier, service, or tenant and service.
    #[arg(long, value_enum, default_value_t = CostBy::Tenant)]
    pub by: CostBy,
    #[arg(long, value_enum, default_value_t = CostGranularity::Monthly)]
    pub granularity: CostGranularity,
    /// Cost Explorer metric.
    #[arg(long, value_enum, default_value_t = CostMetric::Unblended)]
    pub metric: CostMetric,
    /// Split the untagged (shared) remainder across tenants: by their direct cost, evenly, by their metered usage (Bedrock tokens; cur/athena), or not at all.
    #[arg(long, value_enum, default_value_t = AllocateShared::None)]
    pub allocate_shared: AllocateShared,
    /// Also write a bar chart of the top entries to this SVG file.
    #[arg(long, value_name = "FILE.svg")]
    pub chart: Option<PathBuf>,
    /// How many entries the bar charts show.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=200))]
    pub top: u16,
    /// Skip the storage usage column (one ListObjectsV2 sweep per tenant prefix).
    #[arg(long)]
    pub no_storage: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Month-to-date is the 1st up to, not including, today (UTC); the forecast covers today to the month end. \
A tier's monthly_budget of 0 means no budget. Exit codes: 0 all tenants below the threshold, 1 at least one at/over it."
)]
pub struct CostBudgetArgs {
    /// Where month-to-date cost comes from (as for `cost report`): Cost Explorer, CUR 2.0 Parquet at LOCATION, or Athena.
    #[arg(long, value_enum, default_value_t = CostSource::CostExplorer)]
    pub source: CostSource,
    /// With --source cur: the CUR 2.0 export's Parquet files, a directory, one file, or s3://bucket/prefix.
    #[arg(value_name = "LOCATION")]
    pub location: Option<String>,
    /// Flag tenants whose month-to-date or projected month-end cost reaches this % of their tier's budget.
    #[arg(long, default_value_t = 80, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub threshold: u16,
    /// Month to check, YYYY-MM. Default: the current month.
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    #[arg(long, value_enum, default_value_t = CostMetric::Unblended)]
    pub metric: CostMetric,
    /// Month-end projection: Cost Explorer's forecast (one billed request per tenant with cost), the run rate, or none.
    #[arg(long, value_enum, default_value_t = BudgetForecast::CostExplorer)]
    pub forecast: BudgetForecast,
    /// List every tenant, not only those at/over the threshold.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CostBy {
    Tenant,
    Tier,
    Service,
    #[value(name = "tenant,service")]
    TenantService,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CostGranularity {
    Daily,
    Monthly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CostMetric {
    Unblended,
    Amortized,
    NetUnblended,
    NetAmortized,
    Blended,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AllocateShared {
    None,
    Proportional,
    Even,
    Usage,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CostSource {
    CostExplorer,
    Cur,
    Athena,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BudgetForecast {
    CostExplorer,
    RunRate,
    None,
}

/// `--region`: an AWS region name such as `us-east-1` (same rule as the config file's `region`).
fn region_name(s: &str) -> std::result::Result<String, String> {
    if crate::config::valid_region(s) {
        Ok(s.to_string())
    } else {
        Err(format!("{s:?} is not an AWS region name like us-east-1"))
    }
}
