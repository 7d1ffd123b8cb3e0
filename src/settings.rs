//! What the global flags and the environment ask for, resolved once (by `commands::settings`
//! from the clap types) and handed down. Modules below `commands` read these plain values and
//! never see clap.

use std::path::PathBuf;
use std::time::Duration;

use crate::aws::ConnectSettings;

#[derive(Debug, Clone)]
pub struct Settings {
    /// The platform configuration file (`--config`, `TENANTCTL_CONFIG`).
    pub config_path: PathBuf,
    /// `--region`: overrides the config file's region.
    pub region: Option<String>,
    /// `AWS_REGION`, else `AWS_DEFAULT_REGION` (non-empty): the region of commands that have
    /// no platform config and no `--region`.
    pub env_region: Option<String>,
    /// AWS named profile (`--profile`, `AWS_PROFILE`).
    pub profile: Option<String>,
    /// Every AWS call goes to this endpoint (an emulator). `None` when unset or empty.
    pub endpoint_url: Option<String>,
    pub retry: Retry,
    pub lease: Leasing,
    /// Mutating commands also append their audit record to this file.
    pub audit_log: Option<PathBuf>,
    /// The command line as given (the audit record keeps it, redacted).
    pub argv: Vec<String>,
}

/// How AWS calls are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// Adaptive (client-side rate limiter per service and region) or standard (backoff only).
    pub adaptive: bool,
    /// Attempts per AWS call.
    pub max_attempts: u32,
    /// Longest one AWS call may take with all its retries.
    pub max_retry_time: Duration,
    /// Longest one attempt may wait for its answer.
    pub attempt_timeout: Duration,
}

/// How mutating commands take their leases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Leasing {
    /// Take over a live lease held by someone else.
    pub break_lease: bool,
    /// Wait this long for another holder (0: fail at once).
    pub wait: Duration,
}

/// The first non-empty value of `AWS_REGION`, `AWS_DEFAULT_REGION`.
pub fn env_region() -> Option<String> {
    ["AWS_REGION", "AWS_DEFAULT_REGION"]
        .into_iter()
        .find_map(|name| std::env::var(name).ok().filter(|s| !s.is_empty()))
}

impl Settings {
    /// `--region`, else the config file's region.
    pub fn region_or(&self, configured: &str) -> String {
        self.region
            .clone()
            .unwrap_or_else(|| configured.to_string())
    }

    /// The region of a command without platform config: `--region`, else the environment's,
    /// else us-east-1.
    pub fn region_without_config(&self) -> String {
        self.region
            .clone()
            .or_else(|| self.env_region.clone())
            .unwrap_or_else(|| "us-east-1".into())
    }

    /// How to reach AWS in `region`.
    pub fn connect(&self, region: String) -> ConnectSettings {
        ConnectSettings {
            region,
            profile: self.profile.clone(),
            endpoint_url: self.endpoint_url.clone(),
            max_attempts: self.retry.max_attempts,
            max_retry_time: Some(self.retry.max_retry_time),
            attempt_timeout: Some(self.retry.attempt_timeout),
            adaptive: self.retry.adaptive,
        }
    }
}
