//! The resolved platform a command works on: config, names, AWS clients, caller identity, and
//! the tenant registry (registry.rs). Used by lifecycle, isolation and the commands.

pub mod index;
pub mod registry;

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::aws::sts::CallerIdentity;
use crate::aws::{self, Aws};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::naming::Names;
use crate::settings::Settings;

pub struct Platform {
    pub cfg: Config,
    pub names: Names,
    pub aws: Aws,
    pub caller: CallerIdentity,
    /// Writes this command has applied to the tenant's resources (leases and the audit
    /// record aside): a failure after the first one leaves the work part-way (exit 4).
    writes: AtomicUsize,
    /// The registry index's shards as this command last wrote them (index.rs).
    index: index::Cache,
}

/// SSM parameter (below the namespace root) where `init` records the user pool id.
pub const POOL_ID_PARAM: &str = "platform/user-pool-id";
/// SSM parameter (below the namespace root) where `init` records the AgentCore Memory id.
pub const MEMORY_ID_PARAM: &str = "platform/memory-id";

/// Who we are (sts:GetCallerIdentity): the first call of every online command, so its
/// failure is the one that says how to configure credentials.
pub async fn caller(aws: &Aws) -> Result<CallerIdentity> {
    aws.caller_identity().await.map_err(|e| {
        if e.kind == crate::aws::AwsErrorKind::Unreachable {
            // Not a credentials problem: say what is.
            return Error::from(e);
        }
        Error::from(e).context("cannot determine the AWS account").with_hint(
            "configure credentials (AWS_PROFILE, --profile, or the environment) or --endpoint-url for an emulator",
        )
    })
}

impl Platform {
    /// Load config, connect, and learn the account. Config errors (exit 2) come before any AWS call.
    pub async fn open(settings: &Settings) -> Result<Platform> {
        let cfg = Config::load(&settings.config_path)?;
        Self::open_with(settings, cfg).await
    }

    pub async fn open_with(settings: &Settings, cfg: Config) -> Result<Platform> {
        let region = settings.region_or(&cfg.region);
        let aws = aws::connect(&settings.connect(region.clone())).await?;
        let caller = caller(&aws).await?;
        let partition = caller
            .arn
            .split(':')
            .nth(1)
            .filter(|p| !p.is_empty())
            .unwrap_or("aws")
            .to_string();
        let mut names = Names {
            ns: cfg.namespace.clone(),
            partition,
            account: caller.account.clone(),
            region,
            data_bucket: cfg.buckets.data.clone(),
            archive_bucket: cfg.buckets.archive.clone(),
            memory_id: None,
        };
        // The memory `init` recorded: the policies name it. Read only when `[memory]` is
        // configured, so platforms without one make no extra call.
        if cfg.memory.is_some() {
            names.memory_id = aws
                .ssm_get(&format!("{}/{MEMORY_ID_PARAM}", names.ssm_root()))
                .await?
                .map(|p| p.value);
        }
        Ok(Platform {
            cfg,
            names,
            aws,
            caller,
            writes: AtomicUsize::new(0),
            index: index::Cache::default(),
        })
    }

    /// Note that a change was applied (see `steps::applying`).
    pub fn wrote(&self) {
        self.writes.fetch_add(1, Ordering::SeqCst);
    }

    /// How many changes this command has applied so far.
    pub fn writes(&self) -> usize {
        self.writes.load(Ordering::SeqCst)
    }

    /// Await one write to AWS and count it when it succeeds.
    pub async fn write<T, E>(
        &self,
        call: impl Future<Output = std::result::Result<T, E>>,
    ) -> std::result::Result<T, E> {
        let r = call.await;
        if r.is_ok() {
            self.wrote();
        }
        r
    }

    pub fn pool_id_param(&self) -> String {
        format!("{}/{POOL_ID_PARAM}", self.names.ssm_root())
    }

    /// The user pool `init` set up. Fails with a hint when `init` has not run.
    pub async fn user_pool_id(&self) -> Result<String> {
        if let Some(id) = &self.cfg.cognito.user_pool_id {
            return Ok(id.clone());
        }
        match self.aws.ssm_get(&self.pool_id_param()).await? {
            Some(p) => Ok(p.value),
            None => Err(Error::usage(format!(
                "platform {:?} is not initialised (no {})",
                self.names.ns.as_str(),
                self.pool_id_param()
            ))
            .with_hint("run `tenantctl init` first")),
        }
    }

    pub fn memory_id_param(&self) -> String {
        format!("{}/{MEMORY_ID_PARAM}", self.names.ssm_root())
    }

    /// The platform's memory id, when `[memory]` is configured. Fails with a hint when
    /// `init` has not created or adopted it yet.
    pub fn memory_id(&self) -> Result<Option<&str>> {
        match (&self.cfg.memory, &self.names.memory_id) {
            (None, _) => Ok(None),
            (Some(_), Some(id)) => Ok(Some(id)),
            (Some(m), None) => Err(Error::usage(format!(
                "the platform's AgentCore Memory {:?} is not set up (no {})",
                m.name,
                self.memory_id_param()
            ))
            .with_hint("run `tenantctl init` first")),
        }
    }

    /// Tags tenantctl puts on everything it creates.
    pub fn tags(&self) -> Vec<(String, String)> {
        vec![(
            crate::naming::TAG_NAMESPACE.to_string(),
            self.names.ns.to_string(),
        )]
    }
}
