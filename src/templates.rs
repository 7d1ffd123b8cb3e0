//! Typed rendering of the policy templates in `templates/` (compiled into the binary).
//! minijinja runs with strict undefined variables and JSON auto-escaping, so every value is
//! emitted as a JSON literal and can never break out of its string; the values themselves
//! come from validated newtypes and the naming module.

use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;

use crate::config::{Config, Deployment};
use crate::error::{Error, Result};
use crate::ids::{TenantId, TierName};
use crate::naming::Names;

pub const ACCESS_POLICY: &str = "tenant-access-policy.json.j2";
pub const TRUST_POLICY: &str = "tvm-trust-policy.json.j2";

const SOURCES: &[(&str, &str)] = &[
    (
        ACCESS_POLICY,
        include_str!("../templates/tenant-access-policy.json.j2"),
    ),
    (
        TRUST_POLICY,
        include_str!("../templates/tvm-trust-policy.json.j2"),
    ),
];

/// The policy variables the shared TVM policy keys on.
pub const VAR_CLINIC_ID: &str = "${aws:PrincipalTag/ClinicId}";
pub const VAR_TIER: &str = "${aws:PrincipalTag/Tier}";

fn env() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::Json);
    for (name, src) in SOURCES {
        env.add_template(name, src)
            .expect("bundled templates parse");
    }
    env
}

fn render_json<S: Serialize>(name: &str, ctx: S) -> Result<String> {
    let env = env();
    let tmpl = env
        .get_template(name)
        .map_err(|e| Error::env(format!("template {name}: {e}")))?;
    let text = tmpl
        .render(ctx)
        .map_err(|e| Error::env(format!("rendering {name}: {e}")))?;
    // Re-parse: a template bug must never produce a document we then push to IAM.
    let v: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| Error::env(format!("template {name} rendered invalid JSON: {e}")))?;
    serde_json::to_string(&v).map_err(|e| Error::env(format!("serialising {name}: {e}")))
}

#[derive(Serialize)]
struct ModelGrant {
    sid: String,
    tier: String,
    model_arn: String,
    tier_condition: bool,
}

#[derive(Serialize)]
struct AccessCtx<'a> {
    tenant: &'a str,
    tier: &'a str,
    s3_bucket_arn: String,
    ssm_tenants_arn: String,
    ssm_tiers_arn: String,
    dynamodb_tables_arn: String,
    bedrock_account_arn: String,
    memory_arn: String,
    models: Vec<ModelGrant>,
    /// Every configured tier: a session tagged with any other Tier is denied outright.
    tiers: Vec<String>,
}

fn sid_part(tier: &TierName) -> String {
    // Sids are alphanumeric: "premium-plus" -> "PremiumPlus".
    tier.as_str()
        .split('-')
        .map(|p| {
            let mut c = p.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn access_ctx<'a>(
    cfg: &Config,
    names: &Names,
    tenant: &'a str,
    tier: &'a str,
    only_tier: Option<&TierName>,
) -> AccessCtx<'a> {
    let models = cfg
        .tiers
        .iter()
        .filter(|(t, _)| only_tier.is_none_or(|o| o == *t))
        .map(|(t, tc)| ModelGrant {
            sid: sid_part(t),
            tier: t.to_string(),
            model_arn: names.foundation_model_arn(&tc.model_id),
            tier_condition: only_tier.is_none(),
        })
        .collect();
    AccessCtx {
        tenant,
        tier,
        s3_bucket_arn: names.s3_bucket_arn(&names.data_bucket),
        ssm_tenants_arn: names.ssm_parameter_arn(&names.ssm_tenants_root()),
        ssm_tiers_arn: names.ssm_parameter_arn(&format!("{}/tiers", names.ssm_root())),
        dynamodb_tables_arn: names.dynamodb_tables_pattern(),
        bedrock_account_arn: format!(
            "arn:{}:bedrock:{}:{}:*",
            names.partition, names.region, names.account
        ),
        memory_arn: names.platform_memory_arn(),
        models,
        tiers: cfg.tiers.keys().map(|t| t.to_string()).collect(),
    }
}

/// The shared TVM role's ABAC policy: keyed on the session tags.
pub fn tvm_access_policy(cfg: &Config, names: &Names) -> Result<String> {
    render_json(
        ACCESS_POLICY,
        access_ctx(cfg, names, VAR_CLINIC_ID, VAR_TIER, None),
    )
}

/// A siloed tenant's dedicated role policy: the same shape, bound to one tenant and tier.
pub fn siloed_access_policy(
    cfg: &Config,
    names: &Names,
    tenant: &TenantId,
    tier: &TierName,
) -> Result<String> {
    render_json(
        ACCESS_POLICY,
        access_ctx(cfg, names, tenant.as_str(), tier.as_str(), Some(tier)),
    )
}

#[derive(Serialize)]
struct TrustCtx<'a> {
    principals: &'a [String],
    tiers: Vec<String>,
    clinic_id: Option<&'a str>,
}

/// Trust policy of the TVM role (`tenant = None`) or of a siloed tenant's role.
pub fn trust_policy(cfg: &Config, tenant: Option<(&TenantId, &TierName)>) -> Result<String> {
    let tiers = match tenant {
        Some((_, tier)) => vec![tier.to_string()],
        None => cfg.tiers.keys().map(|t| t.to_string()).collect(),
    };
    render_json(
        TRUST_POLICY,
        TrustCtx {
            principals: &cfg.tvm.trusted_principals,
            tiers,
            clinic_id: tenant.map(|(t, _)| t.as_str()),
        },
    )
}

/// Which tiers get a dedicated tenant role.
pub fn is_siloed(cfg: &Config, tier: &TierName) -> bool {
    cfg.tiers
        .get(tier)
        .is_some_and(|t| t.deployment == Deployment::Siloed)
}
