//! The isolation gate: a tenant is only marked `active` after its isolation is proven.
//! Until the full matrix validator (module `isolation`) is wired in, the gate proves the
//! weaker but still necessary property that the deployed access policies are exactly the
//! rendered templates (nobody widened them by hand).

use crate::error::{Error, Result};
use crate::ids::{TenantId, TierName};
use crate::templates;

use super::init::same_policy;
use super::Platform;

pub async fn isolation_gate(p: &Platform, tenant: &TenantId, tier: &TierName) -> Result<()> {
    let names = &p.names;
    let role = names.tvm_role_name();
    let want = templates::tvm_access_policy(&p.cfg, names)?;
    let have = p.aws.iam_get_role_policy(&role, &names.tvm_policy_name()).await?;
    if !have.is_some_and(|h| same_policy(&h, &want)) {
        return Err(Error::finding(format!("tenant {tenant} left pending: the TVM role's access policy differs from the template"))
            .with_hint("run `tenantctl init` to restore it, then re-run the command"));
    }
    if templates::is_siloed(&p.cfg, tier) {
        let want = templates::siloed_access_policy(&p.cfg, names, tenant, tier)?;
        let have = p.aws.iam_get_role_policy(&names.siloed_role_name(tenant), &names.siloed_policy_name(tenant)).await?;
        if !have.is_some_and(|h| same_policy(&h, &want)) {
            return Err(Error::finding(format!("tenant {tenant} left pending: its dedicated role's policy differs from the template")));
        }
    }
    Ok(())
}
