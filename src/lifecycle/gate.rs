//! The isolation gate: a tenant is only marked `active` (after onboarding, a tier change or a
//! resume) once (1) no user outside its recorded membership carries its clinic claim and no
//! recorded member carries another's (identity), and (2) the isolation validator, run over the
//! policies deployed in the account, finds nothing for the pairs involving that tenant. A
//! failure leaves the tenant `pending` and the findings are printed in the error.

use std::collections::BTreeMap;

use tokio::sync::OnceCell;

use crate::aws::cognito::User;
use crate::error::{Error, Result};
use crate::ids::{TenantId, TierName};
use crate::isolation::identity::{self, IdentityIssue};
use crate::isolation::{self, online, IsolationInput, TenantEntry};
use crate::platform::Platform;
use crate::record::Membership;
use crate::templates;

/// Reads the account once per command (TVM role, bucket policy, registry) and checks any
/// number of tenants against it.
#[derive(Default)]
pub struct IsolationGate {
    base: OnceCell<IsolationInput>,
    /// The pool as it was when the command first needed it: users created by the command
    /// itself are recorded members, so they need not be in it.
    users: OnceCell<Vec<User>>,
}

impl IsolationGate {
    pub fn new() -> Self {
        Self::default()
    }

    /// A gate that takes `users` as the pool listing instead of listing it again: for a
    /// command that listed the pool itself before creating any user.
    pub fn with_users(users: Vec<User>) -> Self {
        IsolationGate {
            base: OnceCell::new(),
            users: OnceCell::new_with(Some(users)),
        }
    }

    pub async fn check(&self, p: &Platform, tenant: &TenantId, tier: &TierName) -> Result<()> {
        self.check_with(p, tenant, tier, None).await
    }

    /// `check`, with the tenant's membership as the caller holds it under the tenant's lease
    /// (just written or read by the same command), saving the gate's own read of it.
    pub async fn check_with(
        &self,
        p: &Platform,
        tenant: &TenantId,
        tier: &TierName,
        membership: Option<&Membership>,
    ) -> Result<()> {
        self.check_identity(p, tenant, membership).await?;
        let base = self
            .base
            .get_or_try_init(|| async {
                // The fleet from the index when it is built: 256 parallel reads instead of
                // ⌈2N/10⌉ sequential registry pages, once per command (docs/performance.md).
                let fleet = p.tenant_summaries().await?;
                online::from_account(p, &fleet, None, true).await
            })
            .await?;
        let mut input = base.clone();
        // The tenant's own entry is read fresh: its dedicated role may have been created just now.
        input.tenants.retain(|t| t.id != tenant.as_str());
        let siloed_role = if templates::is_siloed(&p.cfg, tier) {
            let mut pre = Vec::new();
            let role = online::read_role(
                p,
                &p.names.siloed_role_name(tenant),
                input.tvm.policies.resource.as_ref(),
                &mut pre,
            )
            .await?;
            input.preflight.extend(pre);
            if role.is_none() {
                return Err(Error::finding(format!(
                    "tenant {tenant} left pending: its dedicated role does not exist"
                )));
            }
            role
        } else {
            None
        };
        input.tenants.insert(
            0,
            TenantEntry {
                id: tenant.to_string(),
                tier: tier.to_string(),
                siloed_role,
            },
        );
        input.focus = Some(tenant.to_string());
        let rep = isolation::validate(&input);
        if rep.isolated {
            return Ok(());
        }
        let mut lines: Vec<String> = rep
            .findings
            .iter()
            .take(5)
            .map(|f| format!("[{}] {}", f.rule.id(), f.message))
            .collect();
        if rep.summary.findings > 5 {
            lines.push(format!("... and {} more", rep.summary.findings - 5));
        }
        Err(Error::finding(format!("tenant {tenant} left pending: isolation not proven ({} finding(s))", rep.summary.findings))
            .caused_by(lines.join("; "))
            .with_hint(format!("see `tenantctl validate isolation --tenant {tenant}`; fix the policies (or `tenantctl init`), then re-run the command")))
    }
}

impl IsolationGate {
    /// Identity: the tenant's recorded membership against the claims in the pool.
    async fn check_identity(
        &self,
        p: &Platform,
        tenant: &TenantId,
        known: Option<&Membership>,
    ) -> Result<()> {
        let loaded;
        let m = match known {
            Some(m) => Some(m),
            None => {
                loaded = p.load_membership(tenant).await?;
                loaded.as_ref()
            }
        };
        let Some(m) = m else {
            return Err(Error::finding(format!(
                "tenant {tenant} left pending: its membership is not recorded, so who carries its claims cannot be checked"
            ))
            .with_hint(format!(
                "record it from the current claims (`tenantctl tenant migrate-membership {tenant}`, review the list), then re-run the command"
            )));
        };
        let users = self
            .users
            .get_or_try_init(|| async {
                let pool = p.user_pool_id().await?;
                Ok::<_, Error>(p.aws.cognito_list_users(&pool).await?)
            })
            .await?;
        let live = BTreeMap::from([(tenant.to_string(), Some(m))]);
        let issues: Vec<IdentityIssue> = identity::compare(&live, users)
            .into_iter()
            // A member missing from the listing was (most likely) created by this command after
            // it was taken; either way it is no way into the tenant.
            .filter(|i| !matches!(i, IdentityIssue::MemberMissing { .. }))
            .collect();
        if issues.is_empty() {
            return Ok(());
        }
        let lines: Vec<String> = issues.iter().take(5).map(|i| i.message()).collect();
        let mut users: Vec<String> = issues
            .iter()
            .filter_map(|i| match i {
                IdentityIssue::ClaimDiffers { user, .. }
                | IdentityIssue::NotAMember { user, .. } => Some(user.clone()),
                _ => None,
            })
            .collect();
        users.dedup();
        Err(Error::finding(format!(
            "tenant {tenant} left pending: {} user(s) disagree with its recorded membership: {}",
            users.len(),
            users.join(", ")
        ))
        .caused_by(lines.join("; "))
        .with_hint(format!(
            "see `tenantctl validate drift`; remove users created outside tenantctl (`tenantctl user remove {tenant} EMAIL`) or add them on purpose (`tenantctl user add {tenant} EMAIL`), then re-run the command"
        )))
    }
}

/// One-off gate for commands that activate a single tenant.
pub async fn isolation_gate(p: &Platform, tenant: &TenantId, tier: &TierName) -> Result<()> {
    IsolationGate::new().check(p, tenant, tier).await
}
