//! Granting and revoking a tenant's access: its users' sign-in and its dedicated (siloed) role.
//! Shared by suspend/resume, set-tier and offboard.

use crate::aws::AwsErrorKind;
use crate::error::Result;
use crate::ids::{TenantId, TierName};
use crate::naming::{TAG_CLINIC_ID, TAG_TIER};
use crate::platform::Platform;
use crate::policy::same_policy;
use crate::templates;

/// End a user's access: global sign-out (revokes refresh tokens) and then disable. Sign-out
/// comes first so that a run killed in between leaves the user enabled, and the re-run,
/// which revokes every enabled user, does both again.
pub async fn revoke_user(p: &Platform, pool: &str, username: &str) -> Result<()> {
    p.write(p.aws.cognito_global_sign_out(pool, username))
        .await?;
    p.write(p.aws.cognito_set_enabled(pool, username, false))
        .await?;
    Ok(())
}

/// What `ensure_siloed_role` would change (for plans).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleDrift {
    None,
    Missing,
    TrustDiffers,
    PolicyDiffers,
    BothDiffer,
}

/// Compare a tenant's dedicated role with what `tier` wants.
pub async fn siloed_role_drift(p: &Platform, t: &TenantId, tier: &TierName) -> Result<RoleDrift> {
    let names = &p.names;
    let Some(role) = p.aws.iam_get_role(&names.siloed_role_name(t)).await? else {
        return Ok(RoleDrift::Missing);
    };
    let trust_ok = same_policy(
        &role.trust_policy,
        &templates::trust_policy(&p.cfg, Some((t, tier)))?,
    );
    let want = templates::siloed_access_policy(&p.cfg, names, t, tier)?;
    let have = p
        .aws
        .iam_get_role_policy(&names.siloed_role_name(t), &names.siloed_policy_name(t))
        .await?;
    let policy_ok = have.is_some_and(|h| same_policy(&h, &want));
    Ok(match (trust_ok, policy_ok) {
        (true, true) => RoleDrift::None,
        (false, true) => RoleDrift::TrustDiffers,
        (true, false) => RoleDrift::PolicyDiffers,
        (false, false) => RoleDrift::BothDiffer,
    })
}

/// Create or repair a tenant's dedicated role so its trust and policy are `tier`'s templates.
pub async fn ensure_siloed_role(p: &Platform, t: &TenantId, tier: &TierName) -> Result<()> {
    let names = &p.names;
    let role = names.siloed_role_name(t);
    let trust = templates::trust_policy(&p.cfg, Some((t, tier)))?;
    match siloed_role_drift(p, t, tier).await? {
        RoleDrift::None => return Ok(()),
        RoleDrift::Missing => {
            let mut tags = p.tags();
            tags.push((TAG_CLINIC_ID.into(), t.to_string()));
            tags.push((TAG_TIER.into(), tier.to_string()));
            match p
                .write(
                    p.aws
                        .iam_create_role(&role, &names.iam_path(), &trust, &tags),
                )
                .await
            {
                Err(e) if e.kind != AwsErrorKind::AlreadyExists => return Err(e.into()),
                _ => {}
            }
        }
        RoleDrift::TrustDiffers | RoleDrift::BothDiffer => {
            p.write(p.aws.iam_update_trust(&role, &trust)).await?
        }
        RoleDrift::PolicyDiffers => {}
    }
    let doc = templates::siloed_access_policy(&p.cfg, names, t, tier)?;
    p.write(
        p.aws
            .iam_put_role_policy(&role, &names.siloed_policy_name(t), &doc),
    )
    .await?;
    Ok(())
}

/// Delete a tenant's dedicated role with every inline and attached policy (IAM refuses to
/// delete a role that still has any). Returns whether there was a role. Idempotent.
pub async fn delete_siloed_role(p: &Platform, t: &TenantId) -> Result<bool> {
    let role = p.names.siloed_role_name(t);
    if p.aws.iam_get_role(&role).await?.is_none() {
        return Ok(false);
    }
    for name in p.aws.iam_list_role_policies(&role).await? {
        p.write(p.aws.iam_delete_role_policy(&role, &name)).await?;
    }
    for arn in p.aws.iam_list_attached(&role).await? {
        p.write(p.aws.iam_detach_role_policy(&role, &arn)).await?;
    }
    p.write(p.aws.iam_delete_role(&role)).await?;
    Ok(true)
}
