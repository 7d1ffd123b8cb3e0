//! `tenant set-tier`: move a tenant to another tier. In order (each step journaled):
//! 1. `started`: the record notes the move (from, to) and the tenant leaves `active`;
//! 2. `role-ready`: a siloed target tier gets the tenant's dedicated role (trust + policy);
//! 3. `data-copied`: every version under the old prefix is copied to the new prefix and read
//!    back (see `mirror`), plus the new prefix marker;
//! 4. `users-updated`: every user's `custom:tier` (and a tier-derived project id) follows;
//! 5. `old-data-removed`: exactly the verified versions are deleted from the old prefix;
//! 6. `old-role-removed`: leaving a siloed tier for a pooled one removes the dedicated role;
//!
//! Then the isolation gate must pass before the record shows the new tier and its old status.
//!
//! A re-run of the same command after a crash redoes each step from observed state; since
//! nothing is deleted before its copy is verified, no object is ever in neither place.

use std::collections::BTreeSet;

use chrono::Utc;

use crate::error::{Error, Result};
use crate::ids::{TenantId, TierName};
use crate::naming::{Names, ATTR_TIER, PREFIX_MARKER};
use crate::output::Printer;
use crate::plan::{Action, Change};
use crate::platform::Platform;
use crate::record::op::SET_TIER as OP;
use crate::record::{ProjectIdSource, Status, TenantRecord, TierChange};
use crate::templates;

use super::access::{delete_siloed_role, ensure_siloed_role, siloed_role_drift, RoleDrift};
use super::mirror::{self, Location};
use super::steps::{applying, checkpoint, put_prefix_marker, require_record, tenant_users};
use super::{print_plan, require_changeable, Operation};

/// Journaled steps, in order (a crash test stops after each: `set-tier:<step>`).
pub const STEPS: [&str; 6] = [
    "started",
    "role-ready",
    "data-copied",
    "users-updated",
    "old-data-removed",
    "old-role-removed",
];

pub enum Outcome {
    /// Already on that tier with no move in progress.
    AlreadyThere,
    DryRun,
    Done(Box<TenantRecord>),
}

/// The marker is recreated for the new tier rather than copied (its metadata names the tier).
fn is_marker(rel: &str) -> bool {
    rel == PREFIX_MARKER
}

/// The project id the tenant should have on `to`: a tier-derived id follows the tier.
fn project_id_for(p: &Platform, rec: &TenantRecord, to: &TierName) -> Result<String> {
    Ok(match rec.project_id_source {
        ProjectIdSource::Tier => p.cfg.tier(to)?.project_id.clone(),
        ProjectIdSource::Flag | ProjectIdSource::Created => rec.project_id.clone(),
    })
}

/// Move `t` to tier `to`. `confirm` runs after the plan is printed and before the first write
/// (the move deletes the old prefix and maybe the dedicated role). A failure after the first
/// write is exit 4 (`steps::applying`).
pub async fn run(
    p: &Platform,
    printer: &Printer,
    t: &TenantId,
    to: &TierName,
    dry_run: bool,
    confirm: &dyn Fn(&[Change]) -> Result<()>,
) -> Result<Outcome> {
    applying(
        p,
        &format!("moving {t} to tier {to}"),
        move_tier(p, printer, t, to, dry_run, confirm),
    )
    .await
}

async fn move_tier(
    p: &Platform,
    printer: &Printer,
    t: &TenantId,
    to: &TierName,
    dry_run: bool,
    confirm: &dyn Fn(&[Change]) -> Result<()>,
) -> Result<Outcome> {
    let mut rec = require_record(p, t).await?;
    require_changeable(&rec, Operation::SetTier(to))?;
    let Some(from) = moving_from(&rec, to)? else {
        return Ok(Outcome::AlreadyThere);
    };
    let pool = p.user_pool_id().await?;
    let plan = plan_move(p, &pool, &rec, from, to).await?;
    let changes = plan.changes(p, t);
    print_plan(printer, "set-tier", &changes, dry_run)?;
    if dry_run {
        return Ok(Outcome::DryRun);
    }
    confirm(&changes)?;
    apply_move(p, printer, &pool, &mut rec, plan).await?;
    Ok(Outcome::Done(Box::new(rec)))
}

/// The tier the move starts from, or None when the tenant is already on `to` with no move in
/// progress. Refuses a tenant whose onboarding is not finished.
fn moving_from(rec: &TenantRecord, to: &TierName) -> Result<Option<TierName>> {
    let t = &rec.tenant;
    let from = match &rec.tier_change {
        Some(tc) => tc.from.clone(),
        None if &rec.tier == to => return Ok(None),
        None => rec.tier.clone(),
    };
    // A pending tenant that was suspended is still pending underneath.
    let pending = rec.status == Status::Pending
        || rec
            .suspension
            .as_ref()
            .is_some_and(|s| s.previous_status == Status::Pending);
    if pending && rec.tier_change.is_none() {
        let resume = if rec.status == Status::Suspended {
            format!("`tenantctl tenant resume {t}` (it returns to pending), then ")
        } else {
            String::new()
        };
        return Err(Error::usage(format!(
            "tenant {t} is still pending (onboarding not finished)"
        ))
        .with_hint(format!(
            "finish onboarding first: {resume}`tenantctl tenant onboard {t} --tier {}`",
            rec.tier
        )));
    }
    Ok(Some(from))
}

/// The typed plan of a move, from observation: what is shown (`changes`) is derived from it,
/// and `apply_move` runs the journaled steps from the same plan.
struct MovePlan {
    from: TierName,
    to: TierName,
    /// No move in progress: the record notes it (status was `from_status`).
    start: Option<Status>,
    to_siloed: bool,
    role_drift: RoleDrift,
    /// The dedicated role exists (deleted when the target is pooled).
    role_exists: bool,
    /// Data versions to copy (marker excluded) and the bytes under the old prefix.
    to_copy: usize,
    old_bytes: i64,
    /// Versions and delete markers under the old prefix (deleted once verified).
    old_versions: usize,
    old_markers: usize,
    marker_missing: bool,
    stale_users: usize,
    project_id: String,
    pid_stale: bool,
    /// The tenant's API key moves: (key id, plans to take it off, plan to put it on).
    key_move: Option<KeyMove>,
}

/// The tenant's API key off the other tiers' usage plans and onto the target's.
struct KeyMove {
    key: String,
    off: Vec<(String, String)>,
    on: Option<(String, String)>,
}

/// Where the tenant's API key should move (`None`: no key, or nothing to do).
async fn plan_key_move(p: &Platform, t: &TenantId, to: &TierName) -> Result<Option<KeyMove>> {
    let Some((key, _)) = super::onboard::api_key_of(p, t).await? else {
        return Ok(None);
    };
    let target = super::onboard::usage_plan_id(p, to).await?;
    let ours: Vec<String> = p
        .cfg
        .tiers
        .keys()
        .map(|k| p.names.usage_plan_name(k))
        .collect();
    let mut off = Vec::new();
    let mut on_target = false;
    for u in p.aws.apigw_usage_plans().await? {
        if !ours.contains(&u.name) || !p.aws.apigw_plan_keys(&u.id).await?.contains(&key) {
            continue;
        }
        if Some(&u.id) == target.as_ref() {
            on_target = true;
        } else {
            off.push((u.id, u.name));
        }
    }
    let on = match target {
        Some(id) if !on_target => Some((id, p.names.usage_plan_name(to))),
        _ => None,
    };
    Ok((!off.is_empty() || on.is_some()).then_some(KeyMove { key, off, on }))
}

async fn plan_move(
    p: &Platform,
    pool: &str,
    rec: &TenantRecord,
    from: TierName,
    to: &TierName,
) -> Result<MovePlan> {
    let names = &p.names;
    let t = &rec.tenant;
    let old_prefix = names.data_prefix(&from, t);
    let old = Location {
        bucket: &names.data_bucket,
        prefix: &old_prefix,
    };
    let to_siloed = templates::is_siloed(&p.cfg, to);
    let stale_users = tenant_users(p, pool, t)
        .await?
        .iter()
        .filter(|u| u.attr(ATTR_TIER) != Some(to.as_str()))
        .count();
    let old_data = mirror::survey(&p.aws, old, &|_| false).await?;
    let marker_missing = p
        .aws
        .s3_head(&names.data_bucket, &names.prefix_marker_key(to, t))
        .await?
        .is_none();
    let project_id = project_id_for(p, rec, to)?;
    let pid_param = names.ssm_tenant_project_id(t);
    let pid_stale = p.aws.ssm_get(&pid_param).await?.map(|x| x.value) != Some(project_id.clone());
    let role_drift = if to_siloed {
        siloed_role_drift(p, t, to).await?
    } else {
        RoleDrift::None
    };
    let role_exists = p
        .aws
        .iam_get_role(&names.siloed_role_name(t))
        .await?
        .is_some();
    let to_copy = old_data
        .data_versions()
        .filter(|v| !is_marker(&v.key))
        .count();
    Ok(MovePlan {
        from,
        to: to.clone(),
        start: rec.tier_change.is_none().then_some(rec.status),
        to_siloed,
        role_drift,
        role_exists,
        to_copy,
        old_bytes: old_data.bytes(),
        old_versions: old_data.version_count(),
        old_markers: old_data.marker_count(),
        marker_missing,
        stale_users,
        project_id,
        pid_stale,
        key_move: plan_key_move(p, t, to).await?,
    })
}

impl MovePlan {
    /// Old data to delete once verified.
    fn deletes_old_data(&self) -> bool {
        self.old_versions > 0 || self.old_markers > 0
    }

    fn changes(&self, p: &Platform, t: &TenantId) -> Vec<Change> {
        let names = &p.names;
        let (from, to) = (&self.from, &self.to);
        let ch = |action, resource: String, detail: String| Change {
            tenant: Some(t.to_string()),
            action,
            resource,
            detail,
        };
        let rec_param = format!("ssm:{}", names.ssm_tenant_record(t));
        let role_name = names.siloed_role_name(t);
        let old_prefix = names.data_prefix(from, t);
        let mut changes = Vec::new();
        if let Some(status) = self.start {
            changes.push(ch(
                Action::Update,
                rec_param.clone(),
                format!(
                    "moving {from} -> {to}: status {} -> pending until verified",
                    status.as_str()
                ),
            ));
        }
        match self.role_drift {
            RoleDrift::None => {}
            RoleDrift::Missing => changes.push(ch(
                Action::Create,
                format!("iam:role/{role_name}"),
                format!("dedicated role for siloed tier {to}"),
            )),
            _ => changes.push(ch(
                Action::Update,
                format!("iam:role/{role_name}"),
                format!("trust and policy for tier {to}"),
            )),
        }
        if self.to_copy > 0 {
            changes.push(ch(
                Action::Create,
                Names::s3_uri(&names.data_bucket, &names.data_prefix(to, t)),
                format!(
                    "copy {} version(s) ({} bytes) from {old_prefix}, verify each",
                    self.to_copy, self.old_bytes
                ),
            ));
        }
        if self.marker_missing {
            changes.push(ch(
                Action::Create,
                Names::s3_uri(&names.data_bucket, &names.prefix_marker_key(to, t)),
                "data prefix marker".into(),
            ));
        }
        if self.stale_users > 0 {
            changes.push(ch(
                Action::Update,
                format!("cognito:users of {t}"),
                format!("{ATTR_TIER} -> {to} on {} user(s)", self.stale_users),
            ));
        }
        if let Some(k) = &self.key_move {
            let mut what: Vec<String> = k.off.iter().map(|(_, n)| format!("off {n}")).collect();
            what.extend(k.on.iter().map(|(_, n)| format!("onto {n}")));
            changes.push(ch(
                Action::Update,
                format!("apigateway:api-key/{}", names.api_key_name(t)),
                what.join(", "),
            ));
        }
        if self.pid_stale {
            changes.push(ch(
                Action::Update,
                format!("ssm:{}", names.ssm_tenant_project_id(t)),
                format!("project id -> {}", self.project_id),
            ));
        }
        if self.deletes_old_data() {
            changes.push(ch(
                Action::Delete,
                Names::s3_uri(&names.data_bucket, &old_prefix),
                format!(
                    "delete {} verified version(s) and {} delete marker(s)",
                    self.old_versions, self.old_markers
                ),
            ));
        }
        if !self.to_siloed && self.role_exists {
            changes.push(ch(
                Action::Delete,
                format!("iam:role/{role_name}"),
                "dedicated role (target tier is pooled)".into(),
            ));
        }
        changes.push(ch(
            Action::Update,
            rec_param,
            format!("tier {from} -> {to} after the isolation gate passes"),
        ));
        changes
    }
}

/// Run the journaled steps of `plan` (each redone from observed state on a re-run).
async fn apply_move(
    p: &Platform,
    printer: &Printer,
    pool: &str,
    rec: &mut TenantRecord,
    plan: MovePlan,
) -> Result<()> {
    let names = &p.names;
    let t = rec.tenant.clone();
    let t = &t;
    let (from, to) = (&plan.from, &plan.to);
    // 1. Note the move; the tenant is not `active` until the gate passes at the end.
    if plan.start.is_some() {
        rec.tier_change = Some(TierChange {
            from: from.clone(),
            to: to.clone(),
            previous_status: rec.status,
            started_at: Utc::now(),
            started_by: p.caller.arn.clone(),
        });
        if rec.status == Status::Active {
            rec.status = Status::Pending;
        }
        checkpoint(p, rec, OP, "started").await?;
    }
    // 2. Role for a siloed target.
    if plan.to_siloed {
        ensure_siloed_role(p, t, to).await?;
    }
    checkpoint(p, rec, OP, "role-ready").await?;
    let old_prefix = names.data_prefix(from, t);
    let new_prefix = names.data_prefix(to, t);
    let old = Location {
        bucket: &names.data_bucket,
        prefix: &old_prefix,
    };
    let new = Location {
        bucket: &names.data_bucket,
        prefix: &new_prefix,
    };
    // 3. Copy and verify.
    let moved = copy_data(p, printer, t, old, new, &plan).await?;
    checkpoint(p, rec, OP, "data-copied").await?;
    // 4. Users and project id follow the tier.
    for u in tenant_users(p, pool, t)
        .await?
        .iter()
        .filter(|u| u.attr(ATTR_TIER) != Some(to.as_str()))
    {
        p.write(
            p.aws
                .cognito_update_attrs(pool, &u.username, &[(ATTR_TIER, to.as_str())]),
        )
        .await?;
    }
    // The key's limits follow the tier (on the new plan first: never without a plan).
    if let Some(k) = &plan.key_move {
        if let Some((id, _)) = &k.on {
            p.write(p.aws.apigw_add_plan_key(id, &k.key)).await?;
        }
        for (id, _) in &k.off {
            p.write(p.aws.apigw_remove_plan_key(id, &k.key)).await?;
        }
    }
    if plan.pid_stale {
        let pid_param = names.ssm_tenant_project_id(t);
        p.write(p.aws.ssm_put(&pid_param, &plan.project_id, true, &[]))
            .await?;
    }
    rec.project_id = plan.project_id.clone();
    checkpoint(p, rec, OP, "users-updated").await?;
    // 5. Delete exactly what was verified (plus delete markers and the old marker).
    delete_verified(p, old, &moved).await?;
    checkpoint(p, rec, OP, "old-data-removed").await?;
    // 6. A pooled target needs no dedicated role.
    if !plan.to_siloed {
        delete_siloed_role(p, t).await?;
    }
    checkpoint(p, rec, OP, "old-role-removed").await?;
    // Isolation proven for the new tier before the tenant is active again.
    super::gate::isolation_gate(p, t, to).await?;
    let previous = rec
        .tier_change
        .as_ref()
        .map(|tc| tc.previous_status)
        .unwrap_or(Status::Active);
    rec.tier = to.clone();
    rec.resources.data_prefix = new_prefix.clone();
    rec.resources.role_arn = plan
        .to_siloed
        .then(|| names.role_arn(&names.siloed_role_name(t)));
    rec.status = if previous == Status::Suspended {
        Status::Suspended
    } else {
        Status::Active
    };
    rec.tier_change = None;
    rec.journal = None;
    p.save_record(rec).await?;
    Ok(())
}

/// Step 3: copy every version to the new prefix and read it back; the marker is recreated.
async fn copy_data(
    p: &Platform,
    printer: &Printer,
    t: &TenantId,
    old: Location<'_>,
    new: Location<'_>,
    plan: &MovePlan,
) -> Result<mirror::Mirrored> {
    let pb = printer.progress_bar(0, "copying");
    let moved = mirror::mirror(p, old, new, &is_marker, OP, &pb, 8).await?;
    pb.finish_and_clear();
    if plan.marker_missing {
        put_prefix_marker(p, &plan.to, t).await?;
    }
    printer.detail(format!(
        "set-tier: {} version(s) verified at the new prefix, {} copied by this run",
        moved.copied.len(),
        moved.new_copies
    ));
    Ok(moved)
}

/// Step 5: delete exactly the verified versions (plus delete markers and the old marker);
/// versions written under the old prefix during the move are kept (exit 4, re-run).
async fn delete_verified(p: &Platform, old: Location<'_>, moved: &mirror::Mirrored) -> Result<()> {
    let verified: BTreeSet<(&str, &str)> = moved
        .copied
        .iter()
        .map(|c| (c.key.as_str(), c.version_id.as_str()))
        .collect();
    let now = mirror::survey(&p.aws, old, &|_| false).await?;
    let (doomed, left): (Vec<_>, Vec<_>) = now.versions.iter().partition(|v| {
        v.delete_marker
            || is_marker(&v.key)
            || verified.contains(&(v.key.as_str(), v.version_id.as_str()))
    });
    let doomed: Vec<(String, String)> = doomed
        .into_iter()
        .map(|v| (v.key.clone(), v.version_id.clone()))
        .collect();
    mirror::delete_versions(p, old, &doomed, OP).await?;
    if !left.is_empty() {
        return Err(Error::partial(format!(
            "{} object version(s) were written under {} during the move; they were kept",
            left.len(),
            old.uri()
        ))
        .with_hint("re-run the same command: it copies them to the new prefix, verifies, then removes them"));
    }
    Ok(())
}
