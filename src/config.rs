//! `tenantctl.toml`: the platform declaration. Parsed strictly: unknown keys and bad values are
//! rejected with the file, the key and the reason, before anything talks to AWS.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ids::{Namespace, TierName};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Prefix of every SSM path, resource name and tag value tenantctl owns.
    pub namespace: Namespace,
    /// Default region (the `--region` flag overrides it).
    pub region: String,
    pub cognito: CognitoConfig,
    pub buckets: BucketsConfig,
    pub tvm: TvmConfig,
    #[serde(default)]
    pub cost: CostConfig,
    #[serde(default)]
    pub bedrock: BedrockConfig,
    /// The platform's AgentCore Memory (absent: tenantctl manages no memory).
    #[serde(default)]
    pub memory: Option<MemoryConfig>,
    /// `[agentcore]`: the shared runtimes and gateways whose inbound authorizer tenantctl owns.
    #[serde(default)]
    pub agentcore: AgentCoreConfig,
    pub tiers: BTreeMap<TierName, TierConfig>,
    /// The naming contract (where each family keeps a tenant's data); absent keys are
    /// tenantctl's own. Declared for platforms tenantctl did not build (docs/isolation.md).
    #[serde(default)]
    pub naming: NamingConfig,
    /// Where the file was read from (for messages); not part of the file.
    #[serde(skip)]
    pub path: PathBuf,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CognitoConfig {
    /// Name of the user pool `init` creates (or adopts, when one with this name exists).
    pub user_pool_name: String,
    /// Adopt this existing pool instead of looking it up by name.
    #[serde(default)]
    pub user_pool_id: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BucketsConfig {
    /// Tenant data: `s3://<data>/<tier>/<tenant>/`.
    pub data: String,
    /// Offboarding archives and audit records.
    pub archive: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BedrockConfig {
    /// Give every tenant onboarded without `--project-id` a Bedrock project of its own
    /// (CreateProject, named `<namespace>_<tenant>`, tagged ClinicId/Tier), instead of the
    /// tier's shared project id.
    #[serde(default)]
    pub create_projects: bool,
}

/// `[memory]`: the platform's shared AgentCore Memory. `init` creates it (or adopts the one of
/// this name), tagged with the namespace; offboarding archives and erases a tenant's events.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MemoryConfig {
    /// AgentCore memory name: a letter, then up to 47 letters, digits or `_`.
    pub name: String,
    /// Days after which AgentCore expires short-term events (1-3650).
    #[serde(default = "default_event_expiry_days")]
    pub event_expiry_days: i32,
    /// Long-term memory strategies, each with the namespace its records are written to.
    #[serde(default)]
    pub strategies: Vec<MemoryStrategyConfig>,
}

fn default_event_expiry_days() -> i32 {
    90
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StrategyKind {
    Semantic,
    Summary,
    UserPreference,
}

impl StrategyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StrategyKind::Semantic => "semantic",
            StrategyKind::Summary => "summary",
            StrategyKind::UserPreference => "user_preference",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MemoryStrategyConfig {
    pub kind: StrategyKind,
    /// Strategy name: a letter, then up to 47 letters, digits or `_`.
    pub name: String,
    /// Namespace template of its records, over AgentCore's `{actorId}`, `{sessionId}` and
    /// `{memoryStrategyId}`, e.g. `/tenants/{actorId}/facts/`.
    pub namespace: String,
}

/// The variables AgentCore expands in a strategy namespace.
pub const MEMORY_NAMESPACE_VARIABLES: [&str; 4] =
    ["actorId", "sessionId", "memoryStrategyId", "strategyId"];

fn valid_memory_name(s: &str) -> bool {
    let mut c = s.chars();
    c.next().is_some_and(|f| f.is_ascii_alphabetic())
        && s.len() <= 48
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_')
}

/// Why a strategy namespace template is malformed (AgentCore's pattern: `/`-separated
/// segments of letters, digits, `-`, `_`, and `{variable}`s), or None.
fn bad_namespace_template(t: &str) -> Option<String> {
    if !t.starts_with('/') || !t.ends_with('/') || t.len() > 512 {
        return Some("must start and end with / (at most 512 characters)".into());
    }
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        let lit = &rest[..open];
        if let Some(c) = lit
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || "-_/".contains(*c)))
        {
            return Some(format!(
                "{c:?} is not allowed (letters, digits, - _ / and {{variable}})"
            ));
        }
        let Some(close) = rest[open..].find('}') else {
            return Some("has an unclosed {".into());
        };
        let var = &rest[open + 1..open + close];
        if !MEMORY_NAMESPACE_VARIABLES.contains(&var) {
            return Some(format!(
                "{{{var}}} is not an AgentCore variable (use {})",
                MEMORY_NAMESPACE_VARIABLES
                    .iter()
                    .map(|v| format!("{{{v}}}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        rest = &rest[open + close + 1..];
    }
    rest.chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "-_/".contains(*c)))
        .map(|c| format!("{c:?} is not allowed (letters, digits, - _ / and {{variable}})"))
}

/// `[agentcore]`: runtimes and gateways tenantctl owns the inbound authorizer of (`init` sets
/// it to this platform's user pool and tenantctl's app client), and the front door: the one
/// principal allowed to invoke a runtime that has no JWT authorizer (IAM only).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AgentCoreConfig {
    /// Agent runtime ids (e.g. `medplat_agent-AbCdEf1234`).
    #[serde(default)]
    pub runtimes: Vec<String>,
    /// Gateway ids (e.g. `medplat-tools-abcdef1234`).
    #[serde(default)]
    pub gateways: Vec<String>,
    /// Role ARN of the front door (the service that calls an IAM-only runtime on a user's
    /// behalf after checking the user's token). Absent: no IAM-only runtime is acceptable.
    #[serde(default)]
    pub front_door: Option<String>,
}

/// A tier's request limits (`rate`, `burst`, monthly `quota`): one API Gateway usage plan per
/// tier; every tenant of the tier gets its own API key on it, so one clinic exhausts only its
/// own quota and throughput.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
pub struct TierLimits {
    /// Steady-state requests per second per tenant.
    pub rate: f64,
    /// Burst (bucket size) in requests.
    pub burst: i32,
    /// Requests per tenant per calendar month.
    pub quota: i32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TvmConfig {
    /// Role ARNs allowed to assume the Token Vending Machine role (the agent runtime role).
    pub trusted_principals: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CostConfig {
    /// ISO currency code reports are expected in.
    #[serde(default = "default_currency")]
    pub currency: String,
    /// `[cost.athena]`: the CUR 2.0 table `cost report --source athena` queries.
    #[serde(default)]
    pub athena: Option<AthenaConfig>,
    /// `[cost.export]`: where `cost setup` has the CUR 2.0 export (with caller identity) delivered.
    #[serde(default)]
    pub export: Option<ExportConfig>,
}

impl Default for CostConfig {
    fn default() -> Self {
        CostConfig {
            currency: default_currency(),
            athena: None,
            export: None,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AthenaConfig {
    /// Glue database holding the CUR 2.0 table.
    pub database: String,
    /// The CUR 2.0 table.
    pub table: String,
    /// Athena workgroup the query runs in.
    #[serde(default = "default_workgroup")]
    pub workgroup: String,
    /// `s3://bucket/prefix/` for query results; may be left out when the workgroup sets one.
    #[serde(default)]
    pub output_location: Option<String>,
    /// Data catalog (Athena's default, `AwsDataCatalog`, when left out).
    #[serde(default)]
    pub catalog: Option<String>,
    /// The table's billing-period partition column (`billing_period` for a Data Export
    /// crawled by Glue: values like `2026-10`). When set, the query names the partitions it
    /// needs, so Athena scans (and bills) only those.
    #[serde(default)]
    pub billing_period_column: Option<String>,
}

fn default_workgroup() -> String {
    "primary".into()
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExportConfig {
    /// Bucket the export delivers to (it must allow billingreports/bcm-data-exports to write).
    pub bucket: String,
    /// Key prefix inside the bucket.
    #[serde(default = "default_export_prefix")]
    pub prefix: String,
    /// The export's name; default `<namespace>-cur2`.
    #[serde(default)]
    pub name: Option<String>,
}

fn default_export_prefix() -> String {
    "cur2".into()
}

/// A Glue/Athena identifier: lowercase letters, digits, `_` (what Glue allows), 1–255.
pub fn valid_glue_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 255
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn default_currency() -> String {
    "USD".into()
}

/// `[naming]`: one template per family over `{tier}`, `{tenant}`, `{user}` (and
/// `{namespace}`), or `false` where the platform keeps no tenant data of that kind.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NamingConfig {
    #[serde(default)]
    pub data_prefix: Option<TemplateOrNone>,
    #[serde(default)]
    pub tenant_parameters: Option<TemplateOrNone>,
    #[serde(default)]
    pub table_leading_key: Option<TemplateOrNone>,
    #[serde(default)]
    pub resource_tag: Option<TemplateOrNone>,
    #[serde(default)]
    pub actor_id: Option<TemplateOrNone>,
    #[serde(default)]
    pub memory_namespace: Option<TemplateOrNone>,
    /// Does a tenant session invoke its tier's model (tenantctl: yes)? `false` for platforms
    /// whose runtime role calls the models.
    #[serde(default)]
    pub tier_models: Option<bool>,
}

/// A template, or `false`: "the platform has none".
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum TemplateOrNone {
    Template(String),
    None(bool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Deployment {
    /// Shared runtime; isolation through the TVM role's ABAC policy.
    Pooled,
    /// Each tenant gets a dedicated role as well.
    Siloed,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TierConfig {
    /// Bedrock model id the tier's agents use.
    pub model_id: String,
    pub deployment: Deployment,
    /// Feature flags, e.g. `web_search`.
    #[serde(default)]
    pub features: Vec<String>,
    /// Monthly budget per tenant of this tier, in the cost currency (decimal string or number).
    pub monthly_budget: Decimal,
    /// The tier's Bedrock project id (cost attribution for tenants without their own).
    pub project_id: String,
    /// Requests per second per tenant (with `burst` and `quota`: all three or none).
    #[serde(default)]
    pub rate: Option<f64>,
    /// Burst per tenant, in requests.
    #[serde(default)]
    pub burst: Option<i32>,
    /// Requests per tenant per calendar month.
    #[serde(default)]
    pub quota: Option<i32>,
}

impl TierConfig {
    /// The tier's limits, when it declares them (validated: all three or none).
    pub fn limits(&self) -> Option<TierLimits> {
        Some(TierLimits {
            rate: self.rate?,
            burst: self.burst?,
            quota: self.quota?,
        })
    }
}

impl Config {
    pub fn load(path: &Path) -> Result<Config> {
        let text = crate::input::read_text(path, "config file").map_err(|e| {
            e.with_hint("pass --config FILE or set TENANTCTL_CONFIG; see examples/tenantctl.toml")
        })?;
        Self::parse(&text, path)
    }

    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let de = toml::Deserializer::new(text);
        let mut cfg: Config = serde_path_to_error::deserialize(de).map_err(|e| {
            // The dotted key (from serde_path_to_error) and the line; toml's message on one line.
            let key = e.path().to_string();
            let e = e.into_inner();
            let msg = e.message().replace('\n', " ");
            let msg = if key.is_empty() || key == "." {
                msg
            } else {
                format!("key `{key}`: {msg}")
            };
            let at = e
                .span()
                .map(|s| {
                    let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
                    format!(" (line {line})")
                })
                .unwrap_or_default();
            Error::usage(format!("{}{at}: {msg}", path.display()))
        })?;
        cfg.path = path.to_path_buf();
        cfg.validate()?;
        Ok(cfg)
    }

    fn bad(&self, key: &str, why: impl std::fmt::Display) -> Error {
        Error::usage(format!("{}: key `{key}`: {why}", self.path.display()))
    }

    fn validate(&self) -> Result<()> {
        if !valid_region(&self.region) {
            return Err(self.bad(
                "region",
                format!("{:?} is not an AWS region name like us-east-1", self.region),
            ));
        }
        self.validate_buckets()?;
        self.validate_cognito()?;
        if self.tvm.trusted_principals.is_empty() {
            return Err(self.bad(
                "tvm.trusted_principals",
                "must name at least one role ARN (the agent runtime role)",
            ));
        }
        for p in &self.tvm.trusted_principals {
            if let Err(why) = valid_role_arn(p) {
                return Err(self.bad("tvm.trusted_principals", format!("{p:?} {why}")));
            }
        }
        if self.cost.currency.len() != 3
            || !self.cost.currency.chars().all(|c| c.is_ascii_uppercase())
        {
            return Err(self.bad("cost.currency", "must be a 3-letter ISO code like USD"));
        }
        self.validate_cost_sources()?;
        self.validate_agentcore()?;
        self.contract()?;
        if let Some(m) = &self.memory {
            self.validate_memory(m)?;
        }
        if self.tiers.is_empty() {
            return Err(self.bad("tiers", "declare at least one tier, e.g. [tiers.basic]"));
        }
        for (name, t) in &self.tiers {
            self.validate_tier(name, t)?;
        }
        Ok(())
    }

    fn validate_buckets(&self) -> Result<()> {
        for (key, b) in [
            ("buckets.data", &self.buckets.data),
            ("buckets.archive", &self.buckets.archive),
        ] {
            if let Err(why) = valid_bucket(b) {
                return Err(self.bad(key, format!("{b:?} {why}")));
            }
        }
        if self.buckets.data == self.buckets.archive {
            return Err(self.bad(
                "buckets.archive",
                "must differ from buckets.data (the archive outlives tenant data)",
            ));
        }
        Ok(())
    }

    fn validate_cognito(&self) -> Result<()> {
        if self.cognito.user_pool_name.is_empty()
            || self.cognito.user_pool_name.len() > 128
            || !self
                .cognito
                .user_pool_name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        {
            return Err(self.bad(
                "cognito.user_pool_name",
                "must be 1-128 of letters, digits, - _ .",
            ));
        }
        if let Some(id) = &self.cognito.user_pool_id {
            if !id.contains('_')
                || id
                    .chars()
                    .any(|c| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            {
                return Err(self.bad(
                    "cognito.user_pool_id",
                    format!("{id:?} is not a user pool id like us-east-1_AbCd123"),
                ));
            }
        }
        Ok(())
    }

    fn validate_tier(&self, name: &TierName, t: &TierConfig) -> Result<()> {
        let key = |k: &str| format!("tiers.{name}.{k}");
        if t.model_id.is_empty()
            || !t
                .model_id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-_:/".contains(c))
        {
            return Err(self.bad(
                &key("model_id"),
                format!("{:?} is not a Bedrock model id", t.model_id),
            ));
        }
        if t.monthly_budget.is_sign_negative() {
            return Err(self.bad(&key("monthly_budget"), "must not be negative"));
        }
        if t.project_id.is_empty()
            || !t
                .project_id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_".contains(c))
        {
            return Err(self.bad(&key("project_id"), "must be letters, digits, - or _"));
        }
        self.validate_tier_limits(name, t)?;
        for f in &t.features {
            if f.is_empty()
                || !f
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            {
                return Err(self.bad(
                    &key("features"),
                    format!("{f:?} must be snake_case like web_search"),
                ));
            }
        }
        Ok(())
    }

    /// A tier's limits: none, or rate, burst and quota together, each in API Gateway's range.
    fn validate_tier_limits(&self, name: &TierName, t: &TierConfig) -> Result<()> {
        let key = |k: &str| format!("tiers.{name}.{k}");
        match (t.rate, t.burst, t.quota) {
            (None, None, None) => {}
            (Some(rate), Some(burst), Some(quota)) => {
                if !(rate.is_finite() && rate > 0.0 && rate <= 10_000.0) {
                    return Err(self.bad(
                        &key("rate"),
                        "must be a number of requests per second above 0 and at most 10000",
                    ));
                }
                if !(1..=5_000).contains(&burst) {
                    return Err(self.bad(&key("burst"), "must be 1-5000 requests"));
                }
                if quota < 1 {
                    return Err(self.bad(&key("quota"), "must be at least 1 request per month"));
                }
            }
            _ => {
                let missing: Vec<&str> = [
                    ("rate", t.rate.is_none()),
                    ("burst", t.burst.is_none()),
                    ("quota", t.quota.is_none()),
                ]
                .into_iter()
                .filter(|(_, m)| *m)
                .map(|(k, _)| k)
                .collect();
                return Err(self.bad(
                    &key(missing[0]),
                    format!(
                        "missing: a tier's limits are rate, burst and quota together (add {})",
                        missing.join(", ")
                    ),
                ));
            }
        }
        Ok(())
    }

    /// `[cost.athena]` and `[cost.export]`: names Athena, Glue and Data Exports accept.
    fn validate_cost_sources(&self) -> Result<()> {
        if let Some(a) = &self.cost.athena {
            for (key, v) in [
                ("database", Some(&a.database)),
                ("table", Some(&a.table)),
                ("billing_period_column", a.billing_period_column.as_ref()),
            ] {
                if let Some(v) = v.filter(|v| !valid_glue_name(v)) {
                    return Err(self.bad(
                        &format!("cost.athena.{key}"),
                        format!("{v:?} is not a Glue name: lowercase letters, digits and _"),
                    ));
                }
            }
            if a.workgroup.is_empty()
                || a.workgroup.len() > 128
                || !a
                    .workgroup
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
            {
                return Err(self.bad(
                    "cost.athena.workgroup",
                    format!(
                        "{:?} is not a workgroup name: letters, digits, . _ -",
                        a.workgroup
                    ),
                ));
            }
            if let Some(o) = a
                .output_location
                .as_ref()
                .filter(|o| !o.starts_with("s3://") || o.len() <= 5)
            {
                return Err(self.bad(
                    "cost.athena.output_location",
                    format!("{o:?} must be an s3://bucket/prefix/ URL"),
                ));
            }
            if let Some(c) = a.catalog.as_ref().filter(|c| {
                c.is_empty()
                    || !c
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "_-".contains(c))
            }) {
                return Err(self.bad(
                    "cost.athena.catalog",
                    format!("{c:?} is not a data catalog name"),
                ));
            }
        }
        if let Some(e) = &self.cost.export {
            if let Err(why) = valid_bucket(&e.bucket) {
                return Err(self.bad("cost.export.bucket", format!("{:?} {why}", e.bucket)));
            }
            if e.prefix.is_empty()
                || e.prefix.starts_with('/')
                || e.prefix.ends_with('/')
                || e.prefix.contains(char::is_whitespace)
            {
                return Err(self.bad(
                    "cost.export.prefix",
                    format!(
                        "{:?}: a key prefix without leading or trailing /, e.g. cur2",
                        e.prefix
                    ),
                ));
            }
            if let Some(n) = e.name.as_ref().filter(|n| {
                n.is_empty()
                    || n.len() > 128
                    || !n
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "_-".contains(c))
            }) {
                return Err(self.bad(
                    "cost.export.name",
                    format!("{n:?} is not an export name: letters, digits, _ -"),
                ));
            }
        }
        Ok(())
    }

    /// `[agentcore]`: ids AgentCore accepts and a front door that is a role ARN.
    fn validate_agentcore(&self) -> Result<()> {
        for (key, ids) in [
            ("agentcore.runtimes", &self.agentcore.runtimes),
            ("agentcore.gateways", &self.agentcore.gateways),
        ] {
            for id in ids {
                if id.is_empty()
                    || id.len() > 100
                    || !id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                {
                    return Err(self.bad(
                        key,
                        format!(
                            "{id:?} is not an AgentCore id (letters, digits, - and _, at most 100)"
                        ),
                    ));
                }
            }
        }
        if let Some(f) = &self.agentcore.front_door {
            if let Err(why) = valid_role_arn(f) {
                return Err(self.bad("agentcore.front_door", format!("{f:?} {why}")));
            }
        }
        Ok(())
    }

    fn validate_memory(&self, m: &MemoryConfig) -> Result<()> {
        if !valid_memory_name(&m.name) {
            return Err(self.bad(
                "memory.name",
                format!(
                    "{:?} must be a letter, then up to 47 letters, digits or _",
                    m.name
                ),
            ));
        }
        if !(1..=3650).contains(&m.event_expiry_days) {
            return Err(self.bad(
                "memory.event_expiry_days",
                format!("{} must be 1-3650 (days)", m.event_expiry_days),
            ));
        }
        for (i, st) in m.strategies.iter().enumerate() {
            let key = |k: &str| format!("memory.strategies[{i}].{k}");
            if !valid_memory_name(&st.name) {
                return Err(self.bad(
                    &key("name"),
                    format!(
                        "{:?} must be a letter, then up to 47 letters, digits or _",
                        st.name
                    ),
                ));
            }
            if m.strategies[..i].iter().any(|o| o.name == st.name) {
                return Err(self.bad(&key("name"), format!("{:?} is declared twice", st.name)));
            }
            if let Some(why) = bad_namespace_template(&st.namespace) {
                return Err(self.bad(&key("namespace"), format!("{:?} {why}", st.namespace)));
            }
        }
        Ok(())
    }

    pub fn tier(&self, name: &TierName) -> Result<&TierConfig> {
        self.tiers.get(name).ok_or_else(|| {
            let known: Vec<&str> = self.tiers.keys().map(|t| t.as_str()).collect();
            Error::usage(format!(
                "unknown tier {:?}: the config declares {}",
                name.as_str(),
                known.join(", ")
            ))
        })
    }

    /// The declared naming contract (`[naming]` over tenantctl's defaults).
    pub fn contract(&self) -> Result<crate::naming::contract::Contract> {
        use crate::naming::contract::{Contract, Slot};
        let n = &self.naming;
        let given: Vec<(Slot, Option<&TemplateOrNone>)> = vec![
            (Slot::DataPrefix, n.data_prefix.as_ref()),
            (Slot::TenantParameters, n.tenant_parameters.as_ref()),
            (Slot::TableLeadingKey, n.table_leading_key.as_ref()),
            (Slot::ResourceTag, n.resource_tag.as_ref()),
            (Slot::ActorId, n.actor_id.as_ref()),
            (Slot::MemoryNamespace, n.memory_namespace.as_ref()),
        ];
        let mut slots = Vec::new();
        for (slot, g) in given {
            let v = match g {
                None => None,
                Some(TemplateOrNone::Template(t)) => Some(Some(t.clone())),
                Some(TemplateOrNone::None(false)) => Some(None),
                Some(TemplateOrNone::None(true)) => {
                    return Err(self.bad(
                        &format!("naming.{}", slot.key()),
                        "write a template like \"{tenant}:{user}\", or false when the platform has none",
                    ))
                }
            };
            slots.push((slot, v));
        }
        Contract::declared(self.namespace.as_str(), &slots, n.tier_models)
            .map_err(|(slot, why)| self.bad(&format!("naming.{}", slot.key()), why))
    }

    /// Parse a tier name from user input and check it exists.
    pub fn parse_tier(&self, s: &str) -> Result<TierName> {
        let t = TierName::parse(s)?;
        self.tier(&t)?;
        Ok(t)
    }
}

pub fn valid_region(r: &str) -> bool {
    let parts: Vec<&str> = r.split('-').collect();
    parts.len() >= 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        && parts
            .last()
            .is_some_and(|p| p.chars().all(|c| c.is_ascii_digit()))
}

fn valid_bucket(b: &str) -> std::result::Result<(), &'static str> {
    if b.len() < 3 || b.len() > 63 {
        return Err("must be 3-63 characters");
    }
    if !b
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
    {
        return Err("may only contain lowercase letters, digits, '-' and '.'");
    }
    let first = b.as_bytes()[0];
    let last = b.as_bytes()[b.len() - 1];
    if !first.is_ascii_alphanumeric() || !last.is_ascii_alphanumeric() || b.contains("..") {
        return Err("must start and end with a letter or digit");
    }
    Ok(())
}

/// `arn:aws:iam::123456789012:role/path/name`, with no wildcard: a trust policy naming a
/// pattern would let unknown principals mint tenant sessions.
pub fn valid_role_arn(a: &str) -> std::result::Result<(), &'static str> {
    let parts: Vec<&str> = a.splitn(6, ':').collect();
    if parts.len() != 6
        || parts[0] != "arn"
        || !parts[1].starts_with("aws")
        || parts[2] != "iam"
        || !parts[3].is_empty()
    {
        return Err("is not an IAM role ARN like arn:aws:iam::123456789012:role/agent-runtime");
    }
    if parts[4].len() != 12 || !parts[4].chars().all(|c| c.is_ascii_digit()) {
        return Err("must carry a 12-digit account id");
    }
    let Some(name) = parts[5].strip_prefix("role/") else {
        return Err("must name a role (…:role/NAME)");
    };
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-/".contains(c))
    {
        return Err("has a role name with characters IAM does not allow (and no wildcards)");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
namespace = "medplat"
region = "us-east-1"
[cognito]
user_pool_name = "medplat-users"
[buckets]
data = "medplat-data"
archive = "medplat-archive"
[tvm]
trusted_principals = ["arn:aws:iam::123456789012:role/agent-runtime"]
[tiers.basic]
model_id = "mistral.ministral-3-8b-instruct"
deployment = "pooled"
monthly_budget = "500"
project_id = "basic-proj"
"#;

    #[test]
    fn parses_good() {
        let c = Config::parse(GOOD, Path::new("t.toml")).unwrap();
        assert_eq!(c.namespace.as_str(), "medplat");
    }

    #[test]
    fn rejects_unknown_key_with_line() {
        let bad = GOOD.replace("[tvm]", "colour = 1\n[tvm]");
        let e = Config::parse(&bad, Path::new("t.toml")).unwrap_err();
        assert!(
            e.message.contains("t.toml") && e.message.contains("colour"),
            "{}",
            e.message
        );
    }

    #[test]
    fn tier_limits_all_or_none() {
        let c = Config::parse(
            &GOOD.replace(
                "project_id = \"basic-proj\"",
                "project_id = \"basic-proj\"\nrate = 5\nburst = 10\nquota = 10000",
            ),
            Path::new("t.toml"),
        )
        .unwrap();
        let l = c.tiers.values().next().unwrap().limits().unwrap();
        assert_eq!((l.rate, l.burst, l.quota), (5.0, 10, 10000));
        let e = Config::parse(
            &GOOD.replace(
                "project_id = \"basic-proj\"",
                "project_id = \"basic-proj\"\nrate = 5",
            ),
            Path::new("t.toml"),
        )
        .unwrap_err();
        assert!(e.message.contains("tiers.basic.burst"), "{}", e.message);
        let e = Config::parse(
            &GOOD.replace(
                "project_id = \"basic-proj\"",
                "project_id = \"basic-proj\"\nrate = 0\nburst = 10\nquota = 1",
            ),
            Path::new("t.toml"),
        )
        .unwrap_err();
        assert!(e.message.contains("tiers.basic.rate"), "{}", e.message);
    }

    #[test]
    fn rejects_bad_agentcore() {
        let bad = format!("{GOOD}\n[agentcore]\nruntimes = [\"a b\"]\n");
        let e = Config::parse(&bad, Path::new("t.toml")).unwrap_err();
        assert!(e.message.contains("agentcore.runtimes"), "{}", e.message);
        let bad = format!("{GOOD}\n[agentcore]\nfront_door = \"x\"\n");
        let e = Config::parse(&bad, Path::new("t.toml")).unwrap_err();
        assert!(e.message.contains("agentcore.front_door"), "{}", e.message);
    }

    #[test]
    fn rejects_wildcard_principal() {
        let bad = GOOD.replace("role/agent-runtime", "role/*");
        let e = Config::parse(&bad, Path::new("t.toml")).unwrap_err();
        assert!(
            e.message.contains("tvm.trusted_principals"),
            "{}",
            e.message
        );
    }

    #[test]
    fn memory_section_is_checked_key_by_key() {
        let with = |m: &str| format!("{GOOD}\n[memory]\n{m}");
        let ok = with("name = \"medplat_memory\"\n[[memory.strategies]]\nkind = \"summary\"\nname = \"sums\"\nnamespace = \"/tenants/{actorId}/sessions/{sessionId}/\"\n");
        let c = Config::parse(&ok, Path::new("t.toml")).unwrap();
        let m = c.memory.unwrap();
        assert_eq!(m.event_expiry_days, 90);
        assert_eq!(m.strategies[0].kind, StrategyKind::Summary);
        for (bad, key) in [
            ("name = \"1memory\"", "memory.name"),
            ("name = \"has-hyphen\"", "memory.name"),
            ("name = \"m\"\nevent_expiry_days = 0", "memory.event_expiry_days"),
            ("name = \"m\"\n[[memory.strategies]]\nkind = \"episodic_x\"\nname = \"s\"\nnamespace = \"/a/\"", "memory.strategies[0].kind"),
            ("name = \"m\"\n[[memory.strategies]]\nkind = \"semantic\"\nname = \"s\"\nnamespace = \"/tenants/{tenant}/\"", "memory.strategies[0].namespace"),
            ("name = \"m\"\n[[memory.strategies]]\nkind = \"semantic\"\nname = \"s\"\nnamespace = \"tenants/\"", "memory.strategies[0].namespace"),
            ("name = \"m\"\n[[memory.strategies]]\nkind = \"semantic\"\nname = \"s\"\nnamespace = \"/a/\"\n[[memory.strategies]]\nkind = \"summary\"\nname = \"s\"\nnamespace = \"/b/\"", "memory.strategies[1].name"),
        ] {
            let e = Config::parse(&with(bad), Path::new("t.toml")).unwrap_err();
            assert!(e.message.contains(key), "{bad}: {}", e.message);
            assert!(!e.message.contains('\n'), "one line: {}", e.message);
            assert_eq!(e.kind.exit_code(), 2, "{bad}");
        }
    }
}
