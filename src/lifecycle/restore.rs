//! `tenant restore <TENANT> --from-archive <RUN>`: bring an offboarded tenant back from one of
//! its archive runs. Everything is checked before the first write: the tenant is offboarded,
//! the run's manifest and exports are readable, the archive holds exactly the versions the
//! manifest lists (same sizes, same latest state per key), the tier is still configured, the
//! tenant's prefix is empty, and no archived user belongs to another tenant now. Then, each
//! step journaled as `restore:<step>`:
//! 1. `started`: the record becomes `pending` with a new `restores` entry; the tombstone's
//!    `offboarding` section moves to `offboarded_history` (nothing of the history is lost);
//! 2. `data-restored`: every archived version is copied back to the tenant's prefix oldest
//!    first (`mirror`), so each key's history comes back in order, its latest version is the
//!    live object, and a document that was deleted when archived is deleted again (its older
//!    versions kept). Each copy is read back and compared with the manifest (size, SHA-256,
//!    content type, metadata). The prefix marker is recreated if the archive had none;
//! 3. `parameters-restored`: the project id and the tenant's other archived parameters;
//! 4. `role-ready`: the dedicated role on a siloed tier;
//! 5. `users-restored`: the archived users with the tenant's claims, created disabled;
//!    `memory-restored`: the archived AgentCore Memory events (`memory/events.jsonl`, checked
//!    against `memory/manifest.json`: count and SHA-256 of each) are recreated under their
//!    sessions, oldest first, and read back: every archived event must be in the memory again
//!    (by the SHA-256 of its content; the service gives restored events new ids). An actor id
//!    is `<tenant>:<sub>` and a re-created user has a new Cognito sub, so each archived user's
//!    events move to its new actor id (which is why memory comes after the users);
//!
//! then the isolation gate; 6. `access-restored`: the users are enabled (access comes back
//! last, as offboarding took it away first); finally the record is `active`.
//!
//! The archive is only ever read. A re-run of the same command finishes an interrupted restore
//! from observed state; once finished, it plans 0 changes.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::Utc;

use crate::aws::cognito::User;
use crate::error::{Error, Result};
use crate::ids::{Email, TenantId, TierName, UserSub};
use crate::naming::{Names, ATTR_CLINIC_ID, ATTR_TIER, PREFIX_MARKER};
use crate::output::Printer;
use crate::plan::{Action, Change};
use crate::platform::Platform;
use crate::record::op::RESTORE as OP;
use crate::record::{
    Membership, ProjectIdSource, Resources, Restore, RestoreCounts, Status, TenantRecord,
};
use crate::templates;

use super::access::{ensure_siloed_role, siloed_role_drift, RoleDrift};
use super::membership;
use super::memory::{self, MemoryArchive};
use super::mirror::{self, CopiedVersion, Location, Survey};
use super::offboard::{read_json, Manifest, ParameterExport, UserExport, MANIFEST_SCHEMA};
use super::onboard::{index_users, UserIndex};
use super::print_plan;
use super::steps::{applying, checkpoint, put_prefix_marker, require_record, tenant_users};

/// Journaled steps, in order (a crash test stops after each: `restore:<step>`).
pub const STEPS: [&str; 7] = [
    "started",
    "data-restored",
    "parameters-restored",
    "role-ready",
    "users-restored",
    "memory-restored",
    "access-restored",
];

pub enum Outcome {
    /// The tenant was already restored from this run and is live: nothing to do.
    AlreadyRestored(Box<TenantRecord>),
    /// `--dry-run`: the plan was printed.
    DryRun,
    /// Finished; the record.
    Done(Box<TenantRecord>),
}

/// Whether this run starts a restore or finishes an interrupted one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Fresh,
    Resume,
}

/// An archive run, read and checked against what the archive bucket holds.
struct Archive {
    manifest: Manifest,
    users: Vec<UserExport>,
    params: Vec<ParameterExport>,
    /// The run's `data/` prefix, keys relative to it (recognised duplicates left out).
    data: Survey,
    /// The run's memory events and records, verified against their manifest (None: the run
    /// has none).
    memory: Option<memory::Holdings>,
    /// Late duplicates of archived copies that the archive holds beyond its manifest.
    duplicates: usize,
}

impl Archive {
    fn counts(&self, users: usize, parameters: usize) -> RestoreCounts {
        let objs = &self.manifest.objects;
        let keys: BTreeSet<&str> = objs.iter().map(|o| o.key.as_str()).collect();
        let live = objs.iter().filter(|o| o.latest).count();
        RestoreCounts {
            objects: live as u64,
            versions: objs.len() as u64,
            deleted_objects: keys.len().saturating_sub(live) as u64,
            bytes: objs.iter().map(|o| o.size.max(0) as u64).sum(),
            users: users as u64,
            parameters: parameters as u64,
            memory_events: self.memory.as_ref().map_or(0, |m| m.events.len() as u64),
            memory_records: self.memory.as_ref().map_or(0, |m| m.records.len() as u64),
        }
    }
}

/// What to do for one archived user.
#[derive(Debug, Clone, PartialEq, Eq)]
enum UserOp {
    Create,
    /// Exists (of this tenant, or of none) with claims that differ: set them.
    Fix,
    Keep,
}

struct UserPlan {
    email: Email,
    op: UserOp,
    /// The user as the plan found it (`None`: created by this run).
    existing: Option<User>,
    /// Disabled now (or created disabled): enabled once the gate passes.
    needs_enable: bool,
}

/// One tenant parameter to write, and what it holds now (`None`: missing).
struct ParamWrite {
    name: String,
    value: String,
    existing: Option<String>,
}

/// Everything the apply phase does, observed and decided before the first write. The changes
/// shown are derived from it (`changes`) and `apply` runs the journaled steps from the same
/// plan, so what is shown and what is done cannot drift apart.
struct Plan {
    run: String,
    mode: Mode,
    tier: TierName,
    project_id: String,
    siloed: bool,
    /// The tenant's data prefix.
    prefix: String,
    /// Archived versions (and delete markers) not yet in the tenant's prefix.
    copies: usize,
    markers: usize,
    /// The prefix marker must be written (the archive had none and it is missing).
    marker_missing: bool,
    /// Only the parameters that differ from what exists.
    params: Vec<ParamWrite>,
    /// How many parameters the tenant has once restored (for the counts).
    param_total: usize,
    /// The dedicated role of a siloed tier, when it must be created or fixed.
    role: Option<RoleDrift>,
    pool: String,
    users: Vec<UserPlan>,
    /// The tenant was suspended while an earlier run of this restore was interrupted: it stays
    /// suspended and its users disabled.
    suspended: bool,
    /// The platform's memory and how many archived events are not in it yet.
    memory: Option<(String, usize)>,
}

fn damaged(t: &TenantId, run: &str, what: impl std::fmt::Display) -> Error {
    Error::env(format!(
        "archive run {run} of {t} is damaged: {what}; nothing was changed"
    ))
    .with_hint("restore another run of this tenant, or repair the archive from a backup; tenantctl never modifies an archive")
}

/// Which runs of the tenant have a manifest (sorted: run ids start with their UTC time), and
/// whether `run` has objects but no manifest.
async fn archived_runs(p: &Platform, t: &TenantId, run: &str) -> Result<(Vec<String>, bool)> {
    let prefix = p.names.archive_tenant_prefix(t);
    let run_prefix = p.names.archive_run_prefix(t, run);
    let keys = p.aws.s3_list(&p.names.archive_bucket, &prefix).await?;
    let partial = keys.iter().any(|k| k.key.starts_with(&run_prefix));
    let mut runs: Vec<String> = keys
        .iter()
        .filter_map(|k| k.key.strip_prefix(&prefix)?.strip_suffix("/manifest.json"))
        .filter(|r| !r.contains('/'))
        .map(str::to_string)
        .collect();
    runs.sort();
    Ok((runs, partial))
}

/// The state checks: which mode, or None when this run was already restored and is live.
fn check_state(rec: &TenantRecord, run: &str) -> Result<Option<Mode>> {
    let t = &rec.tenant;
    if let Some(rs) = rec.restore_in_progress() {
        if rs.from_run != run {
            return Err(Error::usage(format!(
                "tenant {t} is being restored from archive run {}, not {run}",
                rs.from_run
            ))
            .with_hint(format!(
                "finish that restore first: `tenantctl tenant restore {t} --from-archive {}`",
                rs.from_run
            )));
        }
        return Ok(Some(Mode::Resume));
    }
    match rec.status {
        Status::Offboarded => {
            if let Some(o) = rec.offboarding.as_ref().filter(|o| o.run == run && o.purge) {
                return Err(Error::usage(format!(
                    "run {} of {t} was offboarded with --purge: no archive was kept, so there is nothing to restore",
                    o.run
                )));
            }
            Ok(Some(Mode::Fresh))
        }
        Status::Offboarding => Err(Error::usage(format!(
            "tenant {t} is being offboarded{}; only an offboarded tenant can be restored",
            rec.offboarding
                .as_ref()
                .map(|o| format!(" (run {})", o.run))
                .unwrap_or_default()
        ))
        .with_hint(format!(
            "finish the offboarding first (`tenantctl tenant offboard {t} --yes`), then restore"
        ))),
        _ if rec
            .restores
            .last()
            .is_some_and(|r| r.from_run == run && r.finished_at.is_some()) =>
        {
            Ok(None)
        }
        s => Err(Error::usage(format!(
            "tenant {t} is {}, not offboarded; only an offboarded tenant can be restored",
            s.as_str()
        ))
        .with_hint(format!(
            "its data and users are live (`tenantctl tenant show {t}`); nothing was changed"
        ))),
    }
}

/// The buckets must be there before anything is read: a missing archive bucket would
/// otherwise look like a missing run, and history can only be replayed into a versioned bucket.
async fn check_buckets(p: &Platform) -> Result<()> {
    let archive = &p.names.archive_bucket;
    if !p.aws.s3_bucket_state(archive).await?.exists {
        return Err(Error::env(format!(
            "archive bucket {archive} does not exist; nothing was changed"
        ))
        .with_hint(
            "fix buckets.archive in the config (the archive is read from there), then re-run",
        ));
    }
    let data = &p.names.data_bucket;
    let st = p.aws.s3_bucket_state(data).await?;
    if !st.exists || !st.versioning {
        return Err(Error::env(format!(
            "data bucket {data} {}; nothing was changed",
            if st.exists {
                "is not versioned, so the archived history cannot be restored in order"
            } else {
                "does not exist"
            }
        ))
        .with_hint("run `tenantctl init`, then re-run"));
    }
    Ok(())
}

/// Read the run's manifest and exports and check them against the archive bucket's listing.
async fn load_archive(p: &Platform, t: &TenantId, run: &str) -> Result<Archive> {
    let names = &p.names;
    let ab = &names.archive_bucket;
    let Some(manifest) = read_json::<Manifest>(p, ab, &names.archive_manifest_key(t, run)).await?
    else {
        let (runs, partial) = archived_runs(p, t, run).await?;
        if partial {
            return Err(damaged(t, run, "it has no manifest.json"));
        }
        let where_ = Names::s3_uri(ab, &names.archive_tenant_prefix(t));
        let hint = if runs.is_empty() {
            format!(
                "{t} has no archive runs under {where_} (an offboarding with --purge keeps none)"
            )
        } else {
            format!("archived runs of {t}: {}", runs.join(", "))
        };
        return Err(
            Error::usage(format!("archive run {run} of {t} not found under {where_}"))
                .with_hint(hint),
        );
    };
    if manifest.schema_version > MANIFEST_SCHEMA {
        return Err(Error::env(format!(
            "the manifest of archive run {run} has schema version {} but this tenantctl reads up to {MANIFEST_SCHEMA}; nothing was changed",
            manifest.schema_version
        ))
        .with_hint("upgrade tenantctl"));
    }
    if manifest.tenant != *t || manifest.run != run {
        return Err(damaged(
            t,
            run,
            format!(
                "its manifest names tenant {} run {}",
                manifest.tenant, manifest.run
            ),
        ));
    }
    let users: Vec<UserExport> = read_json(p, ab, &names.archive_users_key(t, run))
        .await?
        .ok_or_else(|| damaged(t, run, "it has no users.json"))?;
    let params: Vec<ParameterExport> = read_json(p, ab, &names.archive_parameters_key(t, run))
        .await?
        .ok_or_else(|| damaged(t, run, "it has no parameters.json"))?;
    let prefix = names.archive_data_prefix(t, run);
    let loc = archive_location(names, &prefix);
    let data = mirror::survey(&p.aws, loc, &|_| false).await?;
    // A copy that landed after offboarding had verified another one (an endpoint frozen past
    // the client's timeout) is recognised, not taken for damage: left in the archive, never
    // restored.
    let (data, duplicates) =
        mirror::recognise_duplicates(&p.aws, loc, data, &manifest.objects, |c| &c.copy_version_id)
            .await?;
    check_listing(t, run, &prefix, &manifest, &data)?;
    let memory = match memory::read_verified(p, &MemoryArchive::of_run(names, t, run))
        .await
        .map_err(|e| {
            // A damaged memory archive is a damaged run; an AWS fault stays what it is.
            if e.message.contains("is damaged") {
                damaged(t, run, e.message)
            } else {
                e
            }
        })? {
        None => None,
        Some((m, held)) => {
            let own = memory::Owner::Tenant(t);
            if let Some(e) = held.events.iter().find(|e| !own.owns_actor(&e.actor_id)) {
                return Err(damaged(
                    t,
                    run,
                    format!(
                        "its memory archive holds actor {}, not one of {t}'s",
                        e.actor_id
                    ),
                ));
            }
            let prefixes = own.record_prefixes();
            if let Some(r) = held.records.iter().find(|r| {
                !r.namespaces
                    .iter()
                    .all(|n| prefixes.iter().any(|p| n.starts_with(p)))
            }) {
                return Err(damaged(
                    t,
                    run,
                    format!(
                        "its memory archive holds record {} outside {t}'s namespaces",
                        r.record_id
                    ),
                ));
            }
            if m.tenant != *t {
                return Err(damaged(
                    t,
                    run,
                    format!("its memory manifest names tenant {}", m.tenant),
                ));
            }
            Some(held)
        }
    };
    Ok(Archive {
        manifest,
        users,
        params,
        data,
        memory,
        duplicates,
    })
}

/// The archive holds exactly the manifest's versions, with the manifest's sizes, and each key's
/// latest state (live version or deleted) is the one the manifest recorded.
fn check_listing(t: &TenantId, run: &str, prefix: &str, m: &Manifest, data: &Survey) -> Result<()> {
    let mut listed: BTreeMap<(&str, &str), i64> = data
        .data_versions()
        .map(|v| ((v.key.as_str(), v.version_id.as_str()), v.size))
        .collect();
    let mut missing = Vec::new();
    for o in &m.objects {
        if o.copy_key != format!("{prefix}{}", o.key) {
            return Err(damaged(
                t,
                run,
                format!("manifest entry {} points at {}", o.key, o.copy_key),
            ));
        }
        match listed.remove(&(o.key.as_str(), o.copy_version_id.as_str())) {
            None => missing.push(o.key.as_str()),
            Some(size) if size != o.size => {
                return Err(damaged(
                    t,
                    run,
                    format!(
                        "{prefix}{} (version {}) is {size} bytes, the manifest says {}",
                        o.key, o.copy_version_id, o.size
                    ),
                ))
            }
            Some(_) => {}
        }
    }
    if let Some(first) = missing.first() {
        return Err(damaged(
            t,
            run,
            format!(
                "{} version(s) listed in its manifest are missing (first: {prefix}{first})",
                missing.len()
            ),
        ));
    }
    if let Some(((key, _), _)) = listed.iter().next() {
        return Err(damaged(
            t,
            run,
            format!(
                "{} version(s) under {prefix} are not in its manifest (first: {prefix}{key})",
                listed.len()
            ),
        ));
    }
    let mut latest: BTreeMap<&str, &str> = BTreeMap::new();
    for o in m.objects.iter().filter(|o| o.latest) {
        if latest.insert(&o.key, &o.copy_version_id).is_some() {
            return Err(damaged(
                t,
                run,
                format!("its manifest has two latest versions of {}", o.key),
            ));
        }
    }
    for (key, (versions, deleted)) in mirror::by_key(data) {
        let ok = match latest.get(key.as_str()) {
            Some(id) => !deleted && versions.last().is_some_and(|v| v.version_id == *id),
            None => deleted,
        };
        if !ok {
            return Err(damaged(
                t,
                run,
                format!("the latest version of {prefix}{key} is not the one its manifest recorded"),
            ));
        }
    }
    Ok(())
}

fn archive_location<'a>(names: &'a Names, prefix: &'a str) -> Location<'a> {
    Location {
        bucket: &names.archive_bucket,
        prefix,
    }
}

fn data_location<'a>(names: &'a Names, prefix: &'a str) -> Location<'a> {
    Location {
        bucket: &names.data_bucket,
        prefix,
    }
}

/// The users to restore, checked against the pool. A user that now belongs to another tenant
/// is refused: a user belongs to exactly one tenant.
fn plan_users(
    t: &TenantId,
    run: &str,
    tier: &TierName,
    exported: &[UserExport],
    index: &UserIndex,
    membership: &Membership,
) -> Result<Vec<UserPlan>> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for u in exported {
        let email = Email::parse(&u.username)
            .map_err(|e| damaged(t, run, format!("users.json: {}", e.message)))?;
        if !u.member && u.attributes.get(ATTR_CLINIC_ID).map(String::as_str) != Some(t.as_str()) {
            return Err(damaged(
                t,
                run,
                format!("users.json lists {email} without {ATTR_CLINIC_ID} {t}"),
            ));
        }
        if !seen.insert(email.clone()) {
            continue;
        }
        let (op, needs_enable) = match index.get(email.as_str()) {
            None => (UserOp::Create, true),
            Some(have) => {
                // An offboarded tenant has no members: a user that exists now is the tenant's
                // only if it carries its claim (a resumed restore's, or recreated by hand).
                membership::standing(t, &email, have, membership)
                    .map_err(|e| e.context(format!("user {email} was archived with {t}")))?;
                let claims_ok = have.attr(ATTR_TIER) == Some(tier.as_str())
                    && have.attr("email") == Some(email.as_str());
                let op = if claims_ok { UserOp::Keep } else { UserOp::Fix };
                (op, !have.enabled)
            }
        };
        out.push(UserPlan {
            existing: index.get(email.as_str()).cloned(),
            email,
            op,
            needs_enable,
        });
    }
    Ok(out)
}

/// Parameters to restore: the archived ones (all below the tenant's path, the record excluded)
/// with the project id as the tier or flag gives it now.
fn desired_params(
    p: &Platform,
    t: &TenantId,
    run: &str,
    archived: &[ParameterExport],
    project_id: &str,
) -> Result<BTreeMap<String, String>> {
    let below = format!("{}/", p.names.ssm_tenant_path(t));
    let record = p.names.ssm_tenant_record(t);
    let mut out = BTreeMap::new();
    for x in archived {
        if !x.name.starts_with(&below) || x.name == record {
            return Err(damaged(
                t,
                run,
                format!(
                    "parameters.json lists {}, which is not one of the tenant's parameters",
                    x.name
                ),
            ));
        }
        out.insert(x.name.clone(), x.value.clone());
    }
    out.insert(p.names.ssm_tenant_project_id(t), project_id.to_string());
    Ok(out)
}

/// Observe the account and decide what this run does; nothing is written.
async fn plan(
    p: &Platform,
    rec: &TenantRecord,
    run: &str,
    mode: Mode,
    archive: &Archive,
    pool: String,
) -> Result<Plan> {
    let names = &p.names;
    let t = &rec.tenant;
    let tier = p.cfg.parse_tier(archive.manifest.tier.as_str()).map_err(|e| {
        e.context(format!("archive run {run} was taken on tier {}", archive.manifest.tier))
            .with_hint(format!(
                "a restore brings {t} back on the tier it left: declare tier {} in the config again, then re-run (move it afterwards with `tenantctl tenant set-tier`)",
                archive.manifest.tier
            ))
    })?;
    let project_id = match rec.project_id_source {
        ProjectIdSource::Tier => p.cfg.tier(&tier)?.project_id.clone(),
        ProjectIdSource::Flag | ProjectIdSource::Created => rec.project_id.clone(),
    };
    let siloed = templates::is_siloed(&p.cfg, &tier);
    let prefix = names.data_prefix(&tier, t);
    let (copies, markers) = plan_data(p, mode, &prefix, archive).await?;
    let archived_marker = archive
        .data
        .data_versions()
        .any(|v| v.key == PREFIX_MARKER && v.is_latest);
    let marker_missing = !archived_marker
        && p.aws
            .s3_head(&names.data_bucket, &names.prefix_marker_key(&tier, t))
            .await?
            .is_none();
    let (params, param_total) = plan_params(p, t, run, archive, &project_id).await?;
    let role = if siloed {
        Some(siloed_role_drift(p, t, &tier).await?).filter(|d| *d != RoleDrift::None)
    } else {
        None
    };
    let index = index_users(p, &pool).await?;
    let recorded = p
        .load_membership(t)
        .await?
        .unwrap_or_else(|| Membership::new(t.clone()));
    let users = plan_users(t, run, &tier, &archive.users, &index, &recorded)?;
    let memory = match archive.memory.as_ref().filter(|m| !m.is_empty()) {
        None => None,
        Some(archived) => {
            let Some(id) = p.memory_id()? else {
                return Err(Error::usage(format!(
                    "archive run {run} of {t} holds {} memory event(s) and record(s) but the config has no [memory]; nothing was changed",
                    archived.len()
                ))
                .with_hint("declare the platform's memory in [memory] and run `tenantctl init`, then re-run"));
            };
            let now = memory::holdings(p, id, memory::Owner::Tenant(t)).await?;
            if mode == Mode::Fresh && !now.is_empty() {
                return Err(Error::usage(format!(
                    "the memory already holds {} event(s) or record(s) of {t}; a restore never writes over existing data; nothing was changed",
                    now.len()
                ))
                .with_hint("find them with `tenantctl validate drift` (TD015), erase or keep them deliberately, then re-run"));
            }
            // A resumed restore may have re-created users (new subs) and their events.
            let archived = memory::with_actors(archived, &actor_map(t, &archive.users, &index));
            Some((id.to_string(), memory::missing_count(&archived, &now)))
        }
    };
    Ok(Plan {
        memory,
        run: run.to_string(),
        mode,
        tier,
        project_id,
        siloed,
        prefix,
        copies,
        markers,
        marker_missing,
        params,
        param_total,
        role,
        pool,
        users,
        suspended: rec.status == Status::Suspended,
    })
}

/// How many archived versions and delete markers are not yet in the tenant's prefix. A fresh
/// restore never writes over live data: the prefix must be empty.
async fn plan_data(
    p: &Platform,
    mode: Mode,
    prefix: &str,
    archive: &Archive,
) -> Result<(usize, usize)> {
    let names = &p.names;
    let dst = mirror::survey(&p.aws, data_location(names, prefix), &|_| false).await?;
    if mode == Mode::Fresh && !dst.is_empty() {
        return Err(Error::usage(format!(
            "{} already holds {} object version(s) and {} delete marker(s); a restore never writes over existing data; nothing was changed",
            Names::s3_uri(&names.data_bucket, prefix),
            dst.version_count(),
            dst.marker_count()
        ))
        .with_hint(format!(
            "inspect them (`aws s3api list-object-versions --bucket {} --prefix {prefix}`), move or delete them, then re-run",
            names.data_bucket
        )));
    }
    let have = mirror::by_key(&dst);
    let (mut copies, mut markers) = (0usize, 0usize);
    for (key, (versions, deleted)) in mirror::by_key(&archive.data) {
        let (dv, ddel) = have
            .get(&key)
            .map(|(v, d)| (v.len(), *d))
            .unwrap_or((0, false));
        copies += versions.len().saturating_sub(dv);
        markers += usize::from(deleted && !ddel && !versions.is_empty());
    }
    Ok((copies, markers))
}

/// The parameters that differ from what exists (a different value is overwritten, confirmed),
/// and how many the tenant has once restored.
async fn plan_params(
    p: &Platform,
    t: &TenantId,
    run: &str,
    archive: &Archive,
    project_id: &str,
) -> Result<(Vec<ParamWrite>, usize)> {
    let wanted = desired_params(p, t, run, &archive.params, project_id)?;
    let mut existing: HashMap<String, String> = p
        .aws
        .ssm_get_by_path(&p.names.ssm_tenant_path(t))
        .await?
        .into_iter()
        .map(|x| (x.name, x.value))
        .collect();
    let total = wanted.len();
    let writes = wanted
        .into_iter()
        .filter_map(|(name, value)| {
            let existing = existing.remove(&name);
            (existing.as_deref() != Some(value.as_str())).then_some(ParamWrite {
                name,
                value,
                existing,
            })
        })
        .collect();
    Ok((writes, total))
}

fn ch(t: &TenantId, action: Action, resource: String, detail: String) -> Change {
    Change {
        tenant: Some(t.to_string()),
        action,
        resource,
        detail,
    }
}

impl Plan {
    /// The changes shown (and audited), derived from the plan, in the order apply makes them.
    fn changes(&self, names: &Names, t: &TenantId, archive: &Archive) -> Vec<Change> {
        let rec_param = format!("ssm:{}", names.ssm_tenant_record(t));
        let mut changes = Vec::new();
        if self.mode == Mode::Fresh {
            changes.push(ch(
                t,
                Action::Update,
                rec_param.clone(),
                format!("status offboarded -> pending (restoring run {})", self.run),
            ));
        }
        self.data_changes(names, t, archive, &mut changes);
        self.parameter_and_role_changes(names, t, &mut changes);
        self.user_changes(names, t, &mut changes);
        self.memory_change(t, archive, &mut changes);
        let to_enable = self.users.iter().filter(|u| u.needs_enable).count();
        if to_enable > 0 && !self.suspended {
            changes.push(ch(
                t,
                Action::Update,
                format!("cognito:users of {t}"),
                format!("enable {to_enable} user(s) once the isolation gate passes"),
            ));
        }
        let end = if self.suspended {
            "suspended"
        } else {
            "active"
        };
        changes.push(ch(
            t,
            Action::Update,
            rec_param,
            format!("status -> {end} after the isolation gate passes"),
        ));
        changes
    }

    /// The archived versions to copy back, and the prefix marker.
    fn data_changes(&self, names: &Names, t: &TenantId, archive: &Archive, out: &mut Vec<Change>) {
        if self.copies + self.markers > 0 {
            let c = archive.counts(0, 0);
            let deleted = match c.deleted_objects {
                0 => String::new(),
                n => format!("; {n} deleted object(s) stay deleted"),
            };
            out.push(ch(
                t,
                Action::Create,
                Names::s3_uri(&names.data_bucket, &self.prefix),
                format!(
                    "restore {} version(s) of {} object(s), {} bytes, from {} (oldest first, each verified{deleted})",
                    self.copies,
                    c.objects + c.deleted_objects,
                    c.bytes,
                    archive.manifest.archive
                ),
            ));
        }
        if self.marker_missing {
            out.push(ch(
                t,
                Action::Create,
                Names::s3_uri(&names.data_bucket, &names.prefix_marker_key(&self.tier, t)),
                "data prefix marker".into(),
            ));
        }
    }

    /// The tenant's parameters, and the dedicated role of a siloed tier.
    fn parameter_and_role_changes(&self, names: &Names, t: &TenantId, out: &mut Vec<Change>) {
        let tier = &self.tier;
        for w in &self.params {
            out.push(match &w.existing {
                Some(v) => ch(
                    t,
                    Action::Fix,
                    format!("ssm:{}", w.name),
                    format!("overwrite {v:?} with {:?}", w.value),
                ),
                None => ch(
                    t,
                    Action::Create,
                    format!("ssm:{}", w.name),
                    w.value.clone(),
                ),
            });
        }
        if let Some(drift) = self.role {
            let role = format!("iam:role/{}", names.siloed_role_name(t));
            out.push(match drift {
                RoleDrift::Missing => ch(
                    t,
                    Action::Create,
                    role,
                    format!("dedicated role and policy (siloed tier {tier})"),
                ),
                _ => ch(
                    t,
                    Action::Fix,
                    role,
                    format!("overwrite trust/policy with tier {tier}'s"),
                ),
            });
        }
    }

    /// The users to create or repair, and their membership.
    fn user_changes(&self, names: &Names, t: &TenantId, out: &mut Vec<Change>) {
        let tier = &self.tier;
        for u in &self.users {
            let res = format!("cognito:user/{}", u.email);
            match u.op {
                UserOp::Create => out.push(ch(
                    t,
                    Action::Create,
                    res,
                    format!(
                        "user (tier {tier}, clinic {t}), disabled until the isolation gate passes"
                    ),
                )),
                UserOp::Fix => out.push(ch(
                    t,
                    Action::Fix,
                    res,
                    format!("existing user: set {ATTR_TIER} {tier}, email"),
                )),
                UserOp::Keep => {}
            }
        }
        if !self.users.is_empty() {
            out.push(membership::change(
                names,
                t,
                format!(
                    "record the {} restored user(s) as its members",
                    self.users.len()
                ),
            ));
        }
    }

    /// The archived memory events not in the memory yet (after the users: under their new
    /// actor ids).
    fn memory_change(&self, t: &TenantId, archive: &Archive, out: &mut Vec<Change>) {
        if let (Some((id, missing)), Some(archived)) = (&self.memory, &archive.memory) {
            if *missing > 0 {
                out.push(ch(
                    t,
                    Action::Create,
                    format!("agentcore:memory/{id} actors {}*", Names::actor_prefix(t)),
                    format!(
                        "recreate {missing} of {} archived: {}, under the restored users' actor ids, oldest first, each verified by SHA-256",
                        archived.len(),
                        archived.describe()
                    ),
                ));
            }
        }
    }
}

/// Every manifest entry has a restored copy that reads back as what was archived.
fn verify_restored(
    t: &TenantId,
    m: &Manifest,
    restored: &[CopiedVersion],
    data_uri: &str,
) -> Result<()> {
    let by_archive: HashMap<(&str, &str), &CopiedVersion> = restored
        .iter()
        .map(|c| ((c.key.as_str(), c.version_id.as_str()), c))
        .collect();
    for o in &m.objects {
        let Some(c) = by_archive.get(&(o.key.as_str(), o.copy_version_id.as_str())) else {
            return Err(Error::env(format!(
                "verification failed: {data_uri}{} (archive version {}) was not restored",
                o.key, o.copy_version_id
            ))
            .with_hint(format!(
                "re-run the same command; {t} stays pending until every version is restored"
            )));
        };
        if c.size != o.size
            || c.sha256 != o.sha256
            || c.metadata != o.metadata
            || c.content_type != o.content_type
        {
            return Err(Error::env(format!(
                "verification failed: {data_uri}{} (version {}) differs from the manifest (size {} vs {}, sha256 {} vs {})",
                o.key, c.copy_version_id, c.size, o.size, c.sha256, o.sha256
            ))
            .with_hint(format!(
                "the archive copy no longer matches what was archived; {t} stays pending: remove that key's restored versions by hand and restore another run, or repair the archive from a backup"
            )));
        }
    }
    Ok(())
}

/// Restore `t` from archive run `run`. `confirm` runs after the plan is printed and before the
/// first write, only when the plan overwrites something that exists (rows marked `!`).
pub async fn run(
    p: &Platform,
    printer: &Printer,
    t: &TenantId,
    run: &str,
    invite: bool,
    dry_run: bool,
    confirm: &dyn Fn(&[Change]) -> Result<()>,
) -> Result<Outcome> {
    applying(
        p,
        &format!("restoring {t}"),
        restore(p, printer, t, run, invite, dry_run, confirm),
    )
    .await
}

async fn restore(
    p: &Platform,
    printer: &Printer,
    t: &TenantId,
    run: &str,
    invite: bool,
    dry_run: bool,
    confirm: &dyn Fn(&[Change]) -> Result<()>,
) -> Result<Outcome> {
    let mut rec = require_record(p, t).await?;
    let Some(mode) = check_state(&rec, run)? else {
        return Ok(Outcome::AlreadyRestored(Box::new(rec)));
    };
    check_buckets(p).await?;
    let archive = load_archive(p, t, run).await?;
    let pool = p.user_pool_id().await?;
    let plan = plan(p, &rec, run, mode, &archive, pool).await?;
    if mode == Mode::Resume {
        printer.status(format!(
            "restore: resuming the restore of {t} from run {run} (last finished step: {})",
            rec.journal
                .as_ref()
                .filter(|j| j.operation == OP)
                .map(|j| j.step.as_str())
                .unwrap_or("none")
        ));
    }
    let changes = plan.changes(&p.names, t, &archive);
    print_plan(printer, "restore", &changes, dry_run)?;
    if dry_run {
        return Ok(Outcome::DryRun);
    }
    if changes.iter().any(|c| c.action == Action::Fix) {
        confirm(&changes)?;
    }
    apply(p, printer, &mut rec, &plan, &archive, invite).await?;
    Ok(Outcome::Done(Box::new(rec)))
}

/// The journaled steps, from the plan.
async fn apply(
    p: &Platform,
    printer: &Printer,
    rec: &mut TenantRecord,
    plan: &Plan,
    archive: &Archive,
    invite: bool,
) -> Result<()> {
    let t = rec.tenant.clone();
    let t = &t;
    // 1. The record says what is happening; the tombstone's section goes to the history.
    if plan.mode == Mode::Fresh {
        begin(p, rec, plan).await?;
    }
    // 2. Data, history in order, each copy verified against the manifest.
    restore_data(p, printer, t, plan, archive).await?;
    checkpoint(p, rec, OP, "data-restored").await?;
    // 3. Parameters.
    for w in &plan.params {
        p.write(p.aws.ssm_put(&w.name, &w.value, true, &[])).await?;
    }
    checkpoint(p, rec, OP, "parameters-restored").await?;
    // 4. The dedicated role of a siloed tier.
    if plan.siloed {
        ensure_siloed_role(p, t, &plan.tier).await?;
    }
    checkpoint(p, rec, OP, "role-ready").await?;
    // 5. Users, disabled until the gate passes, and the membership (the restored users are
    // new Cognito users: new subs).
    let mut members = Membership::new(t.clone());
    for u in &plan.users {
        let user = restore_user(p, t, plan, u, invite).await?;
        members.insert(membership::member_of(&user, &p.caller.arn)?);
    }
    if !plan.users.is_empty() {
        p.save_membership(&mut members).await?;
    }
    checkpoint(p, rec, OP, "users-restored").await?;
    // 6. Memory events under the restored users' actor ids, each verified by the SHA-256 of
    // its content.
    if let (Some((id, _)), Some(archived)) = (&plan.memory, &archive.memory) {
        let index = index_users(p, &plan.pool).await?;
        let archived = memory::with_actors(archived, &actor_map(t, &archive.users, &index));
        let own = memory::Owner::Tenant(t);
        let now = memory::holdings(p, id, own).await?;
        let created = memory::recreate(p, OP, id, &plan.run, &archived, &now).await?;
        let back = memory::holdings(p, id, own).await?;
        memory::verify_restored(&archived, &back)?;
        printer.detail(format!(
            "restore: {} memory event(s) verified, {created} recreated by this run",
            archived.len()
        ));
    }
    checkpoint(p, rec, OP, "memory-restored").await?;
    // The isolation gate, then access comes back (last, as offboarding took it away first).
    super::gate::isolation_gate(p, t, &plan.tier).await?;
    if !plan.suspended {
        let restored: BTreeSet<&str> = plan.users.iter().map(|u| u.email.as_str()).collect();
        for u in tenant_users(p, &plan.pool, t).await? {
            if !u.enabled && restored.contains(u.username.to_ascii_lowercase().as_str()) {
                p.write(p.aws.cognito_set_enabled(&plan.pool, &u.username, true))
                    .await?;
            }
        }
    }
    checkpoint(p, rec, OP, "access-restored").await?;

    let r = rec
        .restores
        .last_mut()
        .expect("restore entry written at the start");
    r.finished_at = Some(Utc::now());
    r.finished_by = Some(p.caller.arn.clone());
    r.counts = Some(archive.counts(plan.users.len(), plan.param_total));
    rec.status = if plan.suspended {
        Status::Suspended
    } else {
        Status::Active
    };
    rec.journal = None;
    p.save_record(rec).await
}

/// Step `started`: the record becomes `pending` with a new `restores` entry.
async fn begin(p: &Platform, rec: &mut TenantRecord, plan: &Plan) -> Result<()> {
    let names = &p.names;
    let t = rec.tenant.clone();
    if let Some(o) = rec.offboarding.take() {
        rec.offboarded_history.push(o);
    }
    rec.restores.push(Restore {
        from_run: plan.run.clone(),
        archive: Names::s3_uri(
            &names.archive_bucket,
            &names.archive_run_prefix(&t, &plan.run),
        ),
        started_at: Utc::now(),
        started_by: p.caller.arn.clone(),
        finished_at: None,
        finished_by: None,
        counts: None,
    });
    rec.status = Status::Pending;
    rec.status_reason = None;
    rec.suspension = None;
    rec.tier = plan.tier.clone();
    rec.project_id = plan.project_id.clone();
    rec.resources = Resources {
        data_bucket: names.data_bucket.clone(),
        data_prefix: plan.prefix.clone(),
        parameters: vec![names.ssm_tenant_record(&t), names.ssm_tenant_project_id(&t)],
        role_arn: plan
            .siloed
            .then(|| names.role_arn(&names.siloed_role_name(&t))),
    };
    checkpoint(p, rec, OP, "started").await
}

/// Copy the archived history back (what is already there is kept), verify every version
/// against the manifest, and put the prefix marker back if the archive had none.
async fn restore_data(
    p: &Platform,
    printer: &Printer,
    t: &TenantId,
    plan: &Plan,
    archive: &Archive,
) -> Result<()> {
    let names = &p.names;
    let src_prefix = names.archive_data_prefix(t, &plan.run);
    let pb = printer.progress_bar(0, "restoring");
    // Exactly the manifest's versions (the survey checked against it), not a fresh listing.
    let restored = mirror::mirror_survey(
        p,
        archive_location(names, &src_prefix),
        archive.data.clone(),
        data_location(names, &plan.prefix),
        OP,
        &pb,
        8,
    )
    .await?;
    pb.finish_and_clear();
    verify_restored(
        t,
        &archive.manifest,
        &restored.copied,
        &Names::s3_uri(&names.data_bucket, &plan.prefix),
    )?;
    // Observed again rather than taken from the plan: a resumed run may have written it.
    if p.aws
        .s3_head(&names.data_bucket, &names.prefix_marker_key(&plan.tier, t))
        .await?
        .is_none()
    {
        put_prefix_marker(p, &plan.tier, t).await?;
    }
    printer.detail(format!(
        "restore: {} version(s) verified, {} copied by this run ({} late duplicate(s) in the archive left out, {} removed here)",
        restored.copied.len(),
        restored.new_copies,
        archive.duplicates,
        restored.duplicates_removed
    ));
    Ok(())
}

/// Create (disabled) or fix one archived user; the user as it is now. A user created since the
/// plan (a retried call whose first attempt succeeded, or another operator) is the tenant's
/// only if `membership::standing` says so.
async fn restore_user(
    p: &Platform,
    t: &TenantId,
    plan: &Plan,
    u: &UserPlan,
    invite: bool,
) -> Result<User> {
    let (pool, e) = (&plan.pool, &u.email);
    let tier = plan.tier.to_string();
    let fix = [("email", e.as_str()), (ATTR_TIER, tier.as_str())];
    if let Some(existing) = &u.existing {
        if u.op == UserOp::Fix {
            p.write(p.aws.cognito_update_attrs(pool, e.as_str(), &fix))
                .await?;
        }
        return Ok(existing.clone());
    }
    // An offboarded tenant has no members: a user created since the plan is the tenant's only
    // if it carries its claim.
    let empty = Membership::new(t.clone());
    match membership::create_user(p, pool, t, &tier, e, invite, &empty).await? {
        membership::Created::New(user) => {
            p.write(p.aws.cognito_set_enabled(pool, e.as_str(), false))
                .await?;
            Ok(user)
        }
        membership::Created::Existing(user) => Ok(user),
    }
}

/// Old actor id -> new actor id of each archived user that has been re-created (a new Cognito
/// user of the same name carrying the tenant's claim: a new sub). Users not re-created yet, or
/// whose sub did not change, are left out: their events keep the archived actor id.
fn actor_map(t: &TenantId, archived: &[UserExport], index: &UserIndex) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for u in archived {
        let Some(old) = u.attributes.get("sub").and_then(|s| UserSub::parse(s).ok()) else {
            continue;
        };
        let new = index
            .get(&u.username.to_ascii_lowercase())
            .filter(|n| n.attr(ATTR_CLINIC_ID) == Some(t.as_str()))
            .and_then(User::sub)
            .and_then(|s| UserSub::parse(s).ok());
        if let Some(new) = new.filter(|n| *n != old) {
            out.insert(Names::actor_id(t, &old), Names::actor_id(t, &new));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::s3::ObjectVersion;

    const RUN: &str = "20260101T000000Z-abcdef01";
    const PREFIX: &str = "offboarding/clinic-a/20260101T000000Z-abcdef01/data/";

    fn entry(key: &str, copy: &str, size: i64, latest: bool) -> CopiedVersion {
        CopiedVersion {
            key: key.into(),
            version_id: format!("src-{copy}"),
            latest,
            size,
            sha256: "00".into(),
            content_type: None,
            metadata: BTreeMap::new(),
            copy_key: format!("{PREFIX}{key}"),
            copy_version_id: copy.into(),
        }
    }

    fn manifest(objects: Vec<CopiedVersion>) -> Manifest {
        Manifest {
            schema_version: MANIFEST_SCHEMA,
            tenant: TenantId::parse("clinic-a").unwrap(),
            tier: TierName::parse("basic").unwrap(),
            run: RUN.into(),
            source: "s3://d/basic/clinic-a/".into(),
            archive: format!("s3://a/{PREFIX}"),
            created_at: Utc::now(),
            created_by: "arn:aws:iam::1:user/x".into(),
            objects,
            delete_markers: Vec::new(),
        }
    }

    /// A listing, newest first per key as S3 gives it: (key, version, size, latest, marker).
    fn listing(v: &[(&str, &str, i64, bool, bool)]) -> Survey {
        Survey {
            versions: v
                .iter()
                .map(|(k, id, size, latest, marker)| ObjectVersion {
                    key: k.to_string(),
                    version_id: id.to_string(),
                    size: *size,
                    is_latest: *latest,
                    delete_marker: *marker,
                })
                .collect(),
        }
    }

    fn check(m: &Manifest, s: &Survey) -> std::result::Result<(), String> {
        let t = TenantId::parse("clinic-a").unwrap();
        check_listing(&t, RUN, PREFIX, m, s).map_err(|e| e.message)
    }

    #[test]
    fn listing_must_match_the_manifest_exactly() {
        // a.txt: two versions, v2 latest; gone.txt: deleted (marker on top).
        let m = manifest(vec![
            entry("a.txt", "v1", 5, false),
            entry("a.txt", "v2", 6, true),
            entry("gone.txt", "g1", 3, false),
        ]);
        let good = [
            ("a.txt", "v2", 6, true, false),
            ("a.txt", "v1", 5, false, false),
            ("gone.txt", "dm", 0, true, true),
            ("gone.txt", "g1", 3, false, false),
        ];
        assert_eq!(check(&m, &listing(&good)), Ok(()));

        let missing = &good[1..];
        assert!(check(&m, &listing(missing))
            .unwrap_err()
            .contains("missing"));
        let mut resized = good;
        resized[1].2 = 7;
        assert!(check(&m, &listing(&resized))
            .unwrap_err()
            .contains("is 7 bytes"));
        let mut extra = good.to_vec();
        extra.insert(0, ("a.txt", "v3", 1, true, false));
        extra[1].3 = false;
        assert!(check(&m, &listing(&extra))
            .unwrap_err()
            .contains("not in its manifest"));
        // The deleted document's marker is gone: its old version would come back as live.
        let undeleted = [good[0], good[1], ("gone.txt", "g1", 3, true, false)];
        assert!(check(&m, &listing(&undeleted))
            .unwrap_err()
            .contains("latest version of"));
    }

    #[test]
    fn manifest_entries_must_point_into_the_run_and_have_one_latest_per_key() {
        let mut outside = entry("a.txt", "v1", 1, true);
        outside.copy_key = "offboarding/clinic-b/x/data/a.txt".into();
        let s = listing(&[("a.txt", "v1", 1, true, false)]);
        assert!(check(&manifest(vec![outside]), &s)
            .unwrap_err()
            .contains("points at"));
        let two = manifest(vec![
            entry("a.txt", "v1", 1, true),
            entry("a.txt", "v2", 1, true),
        ]);
        let s = listing(&[
            ("a.txt", "v2", 1, true, false),
            ("a.txt", "v1", 1, false, false),
        ]);
        assert!(check(&two, &s).unwrap_err().contains("two latest versions"));
    }
}
