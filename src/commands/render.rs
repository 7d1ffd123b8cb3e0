//! `tenantctl policy render`: the policies `init`/`onboard` would deploy, as JSON, without AWS.
//! Pipe them into `validate isolation --offline` in a pull request.

use crate::cli::{RenderArgs, RenderWhat};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::ids::TenantId;
use crate::naming::Names;
use crate::output::Printer;
use crate::settings::Settings;
use crate::templates;

pub fn run(settings: &Settings, args: &RenderArgs, printer: &Printer) -> Result<i32> {
    let cfg = Config::load(&settings.config_path)?;
    if args.account.len() != 12 || !args.account.chars().all(|c| c.is_ascii_digit()) {
        return Err(Error::usage(format!(
            "--account {:?} is not a 12-digit account id",
            args.account
        )));
    }
    let names = Names {
        ns: cfg.namespace.clone(),
        partition: "aws".into(),
        account: args.account.clone(),
        region: settings.region_or(&cfg.region),
        data_bucket: cfg.buckets.data.clone(),
        archive_bucket: cfg.buckets.archive.clone(),
        memory_id: None,
    };
    let tenant_tier = || -> Result<(TenantId, crate::ids::TierName)> {
        let t = args
            .tenant
            .as_deref()
            .ok_or_else(|| Error::usage("--tenant is required for siloed policies"))?;
        let tier = args
            .tier
            .as_deref()
            .ok_or_else(|| Error::usage("--tier is required for siloed policies"))?;
        Ok((TenantId::parse(t)?, cfg.parse_tier(tier)?))
    };
    let json = match args.what {
        RenderWhat::TvmAccess => templates::tvm_access_policy(&cfg, &names)?,
        RenderWhat::TvmTrust => templates::trust_policy(&cfg, None)?,
        RenderWhat::SiloedAccess => {
            let (t, tier) = tenant_tier()?;
            templates::siloed_access_policy(&cfg, &names, &t, &tier)?
        }
        RenderWhat::SiloedTrust => {
            let (t, tier) = tenant_tier()?;
            templates::trust_policy(&cfg, Some((&t, &tier)))?
        }
    };
    let v: serde_json::Value =
        serde_json::from_str(&json).map_err(|e| Error::env(format!("rendered policy: {e}")))?;
    printer.json(&v)?;
    Ok(0)
}
