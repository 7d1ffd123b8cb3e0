//! `tenant offboard`: end a tenant without losing anything. In order:
//! 1. the record says `offboarding` (with the run id, chosen once) and every user is signed
//!    out and disabled: access ends first;
//! 2. every object version under the tenant's prefix is copied to the archive bucket under the
//!    run's prefix and read back (size, SHA-256, metadata), with a manifest and exports of the
//!    users and parameters; then every AgentCore Memory event of the tenant's actors
//!    (`<tenant>:*`, all sessions) goes to `memory/events.jsonl` beside them, verified by
//!    count and by the SHA-256 of each event (`memory/manifest.json`), and the long-term
//!    records under the tenant's namespaces to `memory/records.jsonl`, verified the same way;
//! 3. only then users, data (exactly the archived versions), memory events and records
//!    (exactly the archived ones), parameters and the siloed role go;
//! 4. the record stays as a tombstone: when, by whom, where the archive is, what was removed.
//!
//! Each step is journaled and idempotent, and every step re-derives its work from what it
//! observes, so the same command finishes an interrupted run (in the same archive run).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::aws::cognito::User;
use crate::aws::ssm::Parameter;
use crate::error::{Error, Result};
use crate::ids::{TenantId, TierName};
use crate::naming::Names;
use crate::output::Printer;
use crate::plan::{Action, Change};
use crate::platform::Platform;
use crate::record::op::OFFBOARD as OP;
use crate::record::{Membership, OffboardCounts, Offboarding, Status, TenantRecord};

use super::access::{delete_siloed_role, revoke_user};
use super::membership;
use super::memory::{self, MemoryArchive};
use super::mirror::{self, CopiedVersion, Location, MarkerRef, Survey};
use super::print_plan;
use super::steps::{applying, checkpoint, require_record};

/// Journaled steps, in order (a crash test stops after each: `offboard:<step>`).
pub const STEPS: [&str; 9] = [
    "started",
    "access-revoked",
    "archived",
    "memory-archived",
    "users-deleted",
    "data-deleted",
    "memory-deleted",
    "parameters-deleted",
    "role-deleted",
];
/// Newest manifest schema this tenantctl writes (and `restore` reads).
pub const MANIFEST_SCHEMA: u32 = 1;

/// `manifest.json` of an archive run: every archived version, verified.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub schema_version: u32,
    pub tenant: TenantId,
    pub tier: TierName,
    pub run: String,
    /// Where the data lived: `s3://<data bucket>/<tier>/<tenant>/`.
    pub source: String,
    /// Where the copies are: `s3://<archive bucket>/offboarding/<tenant>/<run>/data/`.
    pub archive: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    /// Each version: relative key, version id, size, sha256, content type, metadata, copy.
    pub objects: Vec<CopiedVersion>,
    pub delete_markers: Vec<MarkerRef>,
}

/// One user in `users.json`. Cognito never returns passwords or secrets; `sub` and the
/// attributes are what a restore needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserExport {
    pub username: String,
    pub status: String,
    /// As Cognito had them: a recorded member whose claim was changed outside tenantctl keeps
    /// the changed claim here (and `member` says it was the tenant's).
    pub attributes: BTreeMap<String, String>,
    /// Recorded in the tenant's membership when it was archived.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub member: bool,
}

impl UserExport {
    fn from_user(u: &User, m: Option<&Membership>) -> UserExport {
        UserExport {
            username: u.username.clone(),
            status: u.status.clone(),
            attributes: u.attributes.clone(),
            member: m.zip(u.sub()).is_some_and(|(m, s)| m.by_sub(s).is_some()),
        }
    }
}

/// One parameter in `parameters.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParameterExport {
    pub name: String,
    pub value: String,
}

pub enum Outcome {
    /// Nothing to do: the tenant was offboarded before (its tombstone).
    AlreadyOffboarded(Box<TenantRecord>),
    /// `--dry-run`: the plan was printed.
    DryRun,
    /// Finished; the tombstone.
    Done(Box<TenantRecord>),
}

/// What the tenant still has, observed.
struct Observed {
    users: Vec<User>,
    data: Survey,
    params: Vec<Parameter>,
    role: bool,
    /// The platform's memory (with `[memory]`) and what it holds of the tenant.
    memory: Option<(String, memory::Holdings)>,
    /// The tenant's API Gateway key id, if it has one.
    api_key: Option<String>,
}

/// The tenant's parameters other than its record (which becomes the tombstone). Filtered by
/// hierarchy, so `clinic-a` never picks up `clinic-ab`'s parameters.
async fn tenant_params(p: &Platform, t: &TenantId) -> Result<Vec<Parameter>> {
    let path = p.names.ssm_tenant_path(t);
    let below = format!("{path}/");
    let record = p.names.ssm_tenant_record(t);
    let mut params: Vec<Parameter> = p
        .aws
        .ssm_get_by_path(&path)
        .await?
        .into_iter()
        .filter(|x| x.name.starts_with(&below) && x.name != record)
        .collect();
    params.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(params)
}

fn data_location<'a>(names: &'a Names, prefix: &'a str) -> Location<'a> {
    Location {
        bucket: &names.data_bucket,
        prefix,
    }
}

async fn observe(p: &Platform, pool: &str, t: &TenantId, prefix: &str) -> Result<Observed> {
    Ok(Observed {
        users: membership::users_of(p, pool, t).await?,
        data: mirror::survey(&p.aws, data_location(&p.names, prefix), &|_| false).await?,
        params: tenant_params(p, t).await?,
        role: p
            .aws
            .iam_get_role(&p.names.siloed_role_name(t))
            .await?
            .is_some(),
        memory: match p.memory_id()? {
            None => None,
            Some(id) => Some((
                id.to_string(),
                memory::holdings(p, id, memory::Owner::Tenant(t)).await?,
            )),
        },
        api_key: super::onboard::api_key_of(p, t).await?.map(|(id, _)| id),
    })
}

/// Refusals that need no AWS writes: wrong state, mode mismatch, missing archive bucket.
async fn preflight(p: &Platform, rec: &TenantRecord, purge: bool) -> Result<()> {
    let t = &rec.tenant;
    super::require_changeable(rec, super::Operation::Offboard)?;
    if let (Status::Offboarding, Some(o)) = (rec.status, &rec.offboarding) {
        if o.purge != purge {
            let (was, flag) = if o.purge {
                ("with --purge", "add --purge")
            } else {
                ("with an archive", "drop --purge")
            };
            return Err(Error::usage(format!("offboarding of {t} (run {}) was started {was}; the same run must finish the same way", o.run))
                .with_hint(format!("re-run the same command: {flag}")));
        }
    }
    if !purge {
        let bucket = &p.names.archive_bucket;
        let st = p.aws.s3_bucket_state(bucket).await?;
        if !st.exists {
            return Err(Error::env(format!("archive bucket {bucket} does not exist; nothing was changed"))
                .with_hint("run `tenantctl init` to create it (or fix buckets.archive in the config), then re-run"));
        }
        if !st.versioning {
            return Err(Error::env(format!("archive bucket {bucket} is not versioned, so older versions of an object would overwrite each other; nothing was changed"))
                .with_hint("run `tenantctl init` (it enables versioning), then re-run"));
        }
    }
    Ok(())
}

fn plan(
    p: &Platform,
    rec: &TenantRecord,
    run: &str,
    purge: bool,
    obs: &Observed,
    has_manifest: bool,
    has_memory_manifest: bool,
) -> Vec<Change> {
    let pl = Planner {
        names: &p.names,
        t: &rec.tenant,
        run,
        purge,
        obs,
    };
    let rec_param = format!("ssm:{}", p.names.ssm_tenant_record(pl.t));
    let mut out = Vec::new();
    if rec.status != Status::Offboarding {
        out.push(pl.ch(
            Action::Update,
            rec_param.clone(),
            format!("status {} -> offboarding (run {run})", rec.status.as_str()),
        ));
    }
    pl.access(&mut out);
    if !purge {
        pl.archive(&rec.tier, has_manifest, has_memory_manifest, &mut out);
    }
    pl.deletes(&rec.tier, &mut out);
    out.push(pl.ch(
        Action::Update,
        rec_param,
        "tombstone: status offboarded, archive location, counts".into(),
    ));
    out
}

/// What `plan` needs to describe each step.
struct Planner<'a> {
    names: &'a Names,
    t: &'a TenantId,
    run: &'a str,
    purge: bool,
    obs: &'a Observed,
}

impl Planner<'_> {
    fn ch(&self, action: Action, resource: String, detail: String) -> Change {
        Change {
            tenant: Some(self.t.to_string()),
            action,
            resource,
            detail,
        }
    }

    fn memory_res(&self, id: &str) -> String {
        format!(
            "agentcore:memory/{id} actors {}*",
            Names::actor_prefix(self.t)
        )
    }

    /// Step 1: access ends first (the API key, then every enabled user).
    fn access(&self, out: &mut Vec<Change>) {
        let (t, obs) = (self.t, self.obs);
        if obs.api_key.is_some() {
            out.push(self.ch(
                Action::Delete,
                format!("apigateway:api-key/{}", self.names.api_key_name(t)),
                "the tenant's API key (its calls through the front door stop now)".into(),
            ));
        }
        let enabled = obs.users.iter().filter(|u| u.enabled).count();
        if enabled > 0 {
            out.push(self.ch(
                Action::Update,
                format!("cognito:users of {t}"),
                format!("global sign-out + disable {enabled} user(s)"),
            ));
        }
    }

    /// Step 2: the data and the memory go to the archive run, verified.
    fn archive(
        &self,
        tier: &TierName,
        has_manifest: bool,
        has_memory_manifest: bool,
        out: &mut Vec<Change>,
    ) {
        let (t, names, obs) = (self.t, self.names, self.obs);
        if !obs.data.is_empty() || !has_manifest {
            out.push(self.ch(
                Action::Create,
                Names::s3_uri(&names.archive_bucket, &names.archive_run_prefix(t, self.run)),
                format!(
                    "archive {} version(s) ({} bytes) from s3://{}/{}, verify each, manifest + users/parameters export",
                    obs.data.version_count(),
                    obs.data.bytes(),
                    names.data_bucket,
                    names.data_prefix(tier, t)
                ),
            ));
        }
        if let Some((id, held)) = &obs.memory {
            if !held.is_empty() || !has_memory_manifest {
                out.push(self.ch(
                    Action::Create,
                    MemoryArchive::of_run(names, t, self.run).uri(),
                    format!(
                        "archive {} from {}, verify count and SHA-256 of each",
                        held.describe(),
                        self.memory_res(id)
                    ),
                ));
            }
        }
    }

    /// Step 3: users, data, memory, parameters and the dedicated role go (exactly what was
    /// archived, or everything with --purge).
    fn deletes(&self, tier: &TierName, out: &mut Vec<Change>) {
        let (t, names, obs) = (self.t, self.names, self.obs);
        let how = if self.purge {
            " (PURGE: no archive)"
        } else {
            " (exactly the archived ones)"
        };
        if !obs.users.is_empty() {
            out.push(self.ch(
                Action::Delete,
                format!("cognito:users of {t}"),
                format!(
                    "delete {} user(s) (those carrying its claim and its recorded members)",
                    obs.users.len()
                ),
            ));
            out.push(membership::change(
                names,
                t,
                "no members (kept in the archive's users.json)".into(),
            ));
        }
        if !obs.data.is_empty() {
            out.push(self.ch(
                Action::Delete,
                Names::s3_uri(&names.data_bucket, &names.data_prefix(tier, t)),
                format!(
                    "delete {} version(s) and {} delete marker(s){}",
                    obs.data.version_count(),
                    obs.data.marker_count(),
                    if self.purge {
                        " (PURGE: no archive)"
                    } else {
                        ""
                    }
                ),
            ));
        }
        if let Some((id, held)) = obs.memory.as_ref().filter(|(_, h)| !h.is_empty()) {
            let records = match held.records.len() {
                0 => String::new(),
                n => format!(" and {n} long-term record(s)"),
            };
            out.push(self.ch(
                Action::Delete,
                self.memory_res(id),
                format!("delete {} memory event(s){records}{how}", held.events.len()),
            ));
        }
        if !obs.params.is_empty() {
            out.push(self.ch(
                Action::Delete,
                format!("ssm:{}/*", names.ssm_tenant_path(t)),
                format!(
                    "delete {} parameter(s) (the record stays)",
                    obs.params.len()
                ),
            ));
        }
        if obs.role {
            out.push(self.ch(
                Action::Delete,
                format!("iam:role/{}", names.siloed_role_name(t)),
                "dedicated role and its policies".into(),
            ));
        }
    }
}

/// A JSON object of the archive, or None when it does not exist.
pub(super) async fn read_json<T: for<'de> Deserialize<'de>>(
    p: &Platform,
    bucket: &str,
    key: &str,
) -> Result<Option<T>> {
    match p.aws.s3_get_bytes(bucket, key).await? {
        None => Ok(None),
        Some(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            Error::env(format!("{} is not valid: {e}", Names::s3_uri(bucket, key)))
                .with_hint("inspect the archive; it may have been edited by hand")
        }),
    }
}

/// Write `value` as JSON unless the object already holds exactly that (the archive bucket is
/// versioned: rewriting identical content on every resume would pile up versions).
async fn write_json<T: Serialize>(p: &Platform, bucket: &str, key: &str, value: &T) -> Result<()> {
    let body = serde_json::to_vec_pretty(value)
        .map_err(|e| Error::env(format!("serialising {key}: {e}")))?;
    if p.aws.s3_get_bytes(bucket, key).await?.as_deref() == Some(body.as_slice()) {
        return Ok(());
    }
    p.write(p.aws.s3_put(bucket, key, body, &Default::default()))
        .await?;
    Ok(())
}

/// Merge `new` into `old` by `id`, keeping old entries (a resumed run may no longer see what an
/// earlier run archived and then deleted).
fn merge<T: Clone, K: Ord>(old: Vec<T>, new: &[T], id: impl Fn(&T) -> K) -> Vec<T> {
    let mut map: BTreeMap<K, T> = old.into_iter().map(|x| (id(&x), x)).collect();
    for x in new {
        map.insert(id(x), x.clone());
    }
    map.into_values().collect()
}

/// Step 2: copy, verify, and write the manifest and exports. Returns the manifest as read back.
async fn archive(
    p: &Platform,
    printer: &Printer,
    rec: &TenantRecord,
    run: &str,
    obs: &Observed,
) -> Result<Manifest> {
    let names = &p.names;
    let t = &rec.tenant;
    let ab = &names.archive_bucket;
    let prefix = names.data_prefix(&rec.tier, t);
    let dst_prefix = names.archive_data_prefix(t, run);
    let dst = Location {
        bucket: ab,
        prefix: &dst_prefix,
    };
    let pb = printer.progress_bar(0, "archiving");
    let mirrored = mirror::mirror(
        p,
        data_location(names, &prefix),
        dst,
        &|_| false,
        OP,
        &pb,
        8,
    )
    .await?;
    pb.finish_and_clear();
    // The archive must be exactly what its manifest will say, or restore refuses it.
    if let Some((key, version)) = mirrored.unrecorded.first() {
        return Err(Error::env(format!(
            "the archive holds {} version(s) that are not copies tenantctl made (first: {} version {version}); nothing of the tenant was deleted",
            mirrored.unrecorded.len(),
            Names::s3_uri(ab, key)
        ))
        .with_hint("find out who wrote into the archive run, remove those versions by hand, then re-run the same command"));
    }
    printer.detail(format!(
        "archive: {} version(s) verified, {} copied by this run ({} in doubt after a timeout, {} late duplicate(s) removed)",
        mirrored.copied.len(),
        mirrored.new_copies,
        mirrored.copies_in_doubt,
        mirrored.duplicates_removed
    ));

    let users_key = names.archive_users_key(t, run);
    let old_users: Vec<UserExport> = read_json(p, ab, &users_key).await?.unwrap_or_default();
    let recorded = p.load_membership(t).await?;
    let now_users: Vec<UserExport> = obs
        .users
        .iter()
        .map(|u| UserExport::from_user(u, recorded.as_ref()))
        .collect();
    write_json(
        p,
        ab,
        &users_key,
        &merge(old_users, &now_users, |u| u.username.clone()),
    )
    .await?;

    let params_key = names.archive_parameters_key(t, run);
    let old_params: Vec<ParameterExport> = read_json(p, ab, &params_key).await?.unwrap_or_default();
    // The API key's value is a secret of a key deleted at step 1: never archived.
    let key_param = names.ssm_tenant_api_key(t);
    let now_params: Vec<ParameterExport> = obs
        .params
        .iter()
        .filter(|x| x.name != key_param)
        .map(|x| ParameterExport {
            name: x.name.clone(),
            value: x.value.clone(),
        })
        .collect();
    write_json(
        p,
        ab,
        &params_key,
        &merge(old_params, &now_params, |x| x.name.clone()),
    )
    .await?;

    let manifest_key = names.archive_manifest_key(t, run);
    let old: Option<Manifest> = read_json(p, ab, &manifest_key).await?;
    let (created_at, created_by, old_objects, old_markers) = match old {
        Some(m) => (m.created_at, m.created_by, m.objects, m.delete_markers),
        None => (Utc::now(), p.caller.arn.clone(), Vec::new(), Vec::new()),
    };
    let manifest = Manifest {
        schema_version: MANIFEST_SCHEMA,
        tenant: t.clone(),
        tier: rec.tier.clone(),
        run: run.to_string(),
        source: Names::s3_uri(&names.data_bucket, &prefix),
        archive: dst.uri(),
        created_at,
        created_by,
        objects: merge(old_objects, &mirrored.copied, |o| {
            (o.key.clone(), o.version_id.clone())
        }),
        delete_markers: merge(old_markers, &mirrored.markers, |m| {
            (m.key.clone(), m.version_id.clone())
        }),
    };
    write_json(p, ab, &manifest_key, &manifest).await?;
    // Read it back: the deletes that follow trust only what the archive itself says.
    let back: Manifest = read_json(p, ab, &manifest_key).await?.ok_or_else(|| {
        Error::env(format!(
            "manifest {} vanished after writing",
            Names::s3_uri(ab, &manifest_key)
        ))
    })?;
    if back != manifest {
        return Err(Error::env(format!(
            "manifest {} reads back different from what was written",
            Names::s3_uri(ab, &manifest_key)
        )));
    }
    Ok(back)
}

fn counts_from(obs: &Observed) -> OffboardCounts {
    OffboardCounts {
        objects: obs.data.live_objects() as u64,
        versions: obs.data.version_count() as u64,
        bytes: obs.data.bytes().max(0) as u64,
        users: obs.users.len() as u64,
        parameters: obs.params.len() as u64,
        roles: u64::from(obs.role),
        memory_events: obs
            .memory
            .as_ref()
            .map_or(0, |(_, h)| h.events.len() as u64),
        memory_records: obs
            .memory
            .as_ref()
            .map_or(0, |(_, h)| h.records.len() as u64),
    }
}

/// Offboard one tenant. `confirm` runs after the plan is printed and before the first write.
/// A failure after the first write is exit 4 (`steps::applying`).
pub async fn run(
    p: &Platform,
    printer: &Printer,
    t: &TenantId,
    purge: bool,
    dry_run: bool,
    confirm: &dyn Fn(&[Change]) -> Result<()>,
) -> Result<Outcome> {
    applying(
        p,
        &format!("offboarding {t}"),
        offboard(p, printer, t, purge, dry_run, confirm),
    )
    .await
}

async fn offboard(
    p: &Platform,
    printer: &Printer,
    t: &TenantId,
    purge: bool,
    dry_run: bool,
    confirm: &dyn Fn(&[Change]) -> Result<()>,
) -> Result<Outcome> {
    let names = &p.names;
    let mut rec = require_record(p, t).await?;
    if rec.status == Status::Offboarded {
        return Ok(Outcome::AlreadyOffboarded(Box::new(rec)));
    }
    preflight(p, &rec, purge).await?;
    let pool = p.user_pool_id().await?;
    let prefix = names.data_prefix(&rec.tier, t);
    let obs = observe(p, &pool, t, &prefix).await?;
    let resuming = rec.status == Status::Offboarding && rec.offboarding.is_some();
    let run = match (&rec.offboarding, resuming) {
        (Some(o), true) => o.run.clone(),
        _ => Names::new_run_id(Utc::now()),
    };
    let has_manifest = !purge
        && p.aws
            .s3_head(&names.archive_bucket, &names.archive_manifest_key(t, &run))
            .await?
            .is_some();
    let has_memory_manifest = !purge
        && obs.memory.is_some()
        && p.aws
            .s3_head(
                &names.archive_bucket,
                &names.archive_memory_manifest_key(t, &run),
            )
            .await?
            .is_some();
    if resuming {
        if let Some(j) = &rec.journal {
            printer.status(format!(
                "offboard: resuming run {run} of {t} (last finished step: {})",
                j.step
            ));
        }
    }
    let plan = OffboardPlan {
        run,
        resuming,
        purge,
        has_manifest,
        has_memory_manifest,
        obs,
        pool,
        prefix,
    };
    let changes = plan.changes(p, &rec);
    print_plan(printer, "offboard", &changes, dry_run)?;
    if dry_run {
        return Ok(Outcome::DryRun);
    }
    confirm(&changes)?;
    apply_offboard(p, printer, &mut rec, plan).await?;
    Ok(Outcome::Done(Box::new(rec)))
}

/// What an offboarding run does, from observation: the changes shown are derived from it
/// (`changes`) and `apply_offboard` runs the journaled steps from the same plan.
struct OffboardPlan {
    /// The run id (the one in the record when resuming).
    run: String,
    resuming: bool,
    purge: bool,
    has_manifest: bool,
    has_memory_manifest: bool,
    obs: Observed,
    pool: String,
    /// The tenant's data prefix.
    prefix: String,
}

impl OffboardPlan {
    fn changes(&self, p: &Platform, rec: &TenantRecord) -> Vec<Change> {
        plan(
            p,
            rec,
            &self.run,
            self.purge,
            &self.obs,
            self.has_manifest,
            self.has_memory_manifest,
        )
    }
}

/// Steps 1-4: access, archive, deletes, tombstone; each journaled.
async fn apply_offboard(
    p: &Platform,
    printer: &Printer,
    rec: &mut TenantRecord,
    plan: OffboardPlan,
) -> Result<()> {
    let t = rec.tenant.clone();
    let t = &t;
    let OffboardPlan {
        run,
        resuming,
        purge,
        obs,
        pool,
        prefix,
        ..
    } = plan;
    // 1. Access ends first.
    revoke_access(p, rec, &run, purge, resuming, &obs, &pool).await?;

    // 2. Archive and verify (skipped only with --purge).
    let manifest = if purge {
        None
    } else {
        let m = archive(p, printer, rec, &run, &obs).await?;
        let c = rec
            .offboarding
            .as_mut()
            .and_then(|o| o.counts.as_mut())
            .expect("counts set above");
        c.versions = c.versions.max(m.objects.len() as u64);
        c.bytes = c
            .bytes
            .max(m.objects.iter().map(|o| o.size.max(0) as u64).sum());
        checkpoint(p, rec, OP, "archived").await?;
        Some(m)
    };
    // 2b. The memory beside the data, verified item by item.
    let memory_manifest = match (&obs.memory, purge) {
        (Some((id, held)), false) => Some(archive_memory(p, printer, rec, &run, id, held).await?),
        _ => None,
    };
    checkpoint(p, rec, OP, "memory-archived").await?;

    // 3. Delete, in the order that keeps the tenant's history recoverable longest.
    for u in membership::users_of(p, &pool, t).await? {
        p.write(p.aws.cognito_delete_user(&pool, &u.username))
            .await?;
    }
    membership::clear(p, t).await?;
    checkpoint(p, rec, OP, "users-deleted").await?;

    delete_data(p, rec, &prefix, manifest.as_ref()).await?;
    checkpoint(p, rec, OP, "data-deleted").await?;

    delete_memory(p, printer, rec, memory_manifest.as_ref()).await?;
    checkpoint(p, rec, OP, "memory-deleted").await?;

    for x in tenant_params(p, t).await? {
        p.write(p.aws.ssm_delete(&x.name)).await?;
    }
    checkpoint(p, rec, OP, "parameters-deleted").await?;

    delete_siloed_role(p, t).await?;
    checkpoint(p, rec, OP, "role-deleted").await?;

    // 4. The tombstone.
    tombstone(p, rec).await
}

/// Step 1: the record says `offboarding` (with the run, chosen once), the API key goes, and
/// every enabled user is signed out and disabled; the counts are taken while everything
/// still exists.
async fn revoke_access(
    p: &Platform,
    rec: &mut TenantRecord,
    run: &str,
    purge: bool,
    resuming: bool,
    obs: &Observed,
    pool: &str,
) -> Result<()> {
    let names = &p.names;
    let t = rec.tenant.clone();
    let t = &t;
    if !resuming {
        rec.offboarding = Some(Offboarding {
            run: run.to_string(),
            purge,
            started_at: Utc::now(),
            started_by: p.caller.arn.clone(),
            previous_status: rec.status,
            archive: (!purge)
                .then(|| Names::s3_uri(&names.archive_bucket, &names.archive_run_prefix(t, run))),
            finished_at: None,
            finished_by: None,
            counts: None,
        });
        rec.status = Status::Offboarding;
        checkpoint(p, rec, OP, "started").await?;
    }
    // The API key goes with access (its SecureString goes with the parameters, step 3).
    if let Some(k) = &obs.api_key {
        p.write(p.aws.apigw_delete_api_key(k)).await?;
    }
    for u in obs.users.iter().filter(|u| u.enabled) {
        revoke_user(p, pool, &u.username)
            .await
            .map_err(|e| e.context(format!("revoking access of {}", u.username)))?;
    }
    let off = rec
        .offboarding
        .as_mut()
        .expect("offboarding section set above");
    // Everything still exists until step 3, so counts taken now are complete.
    if off.counts.is_none() {
        off.counts = Some(counts_from(obs));
    }
    checkpoint(p, rec, OP, "access-revoked").await?;

    Ok(())
}

/// Step 2b: what the memory holds of the tenant goes to the run's `memory/` beside the data,
/// read back and verified; the counts record it.
async fn archive_memory(
    p: &Platform,
    printer: &Printer,
    rec: &mut TenantRecord,
    run: &str,
    id: &str,
    held: &memory::Holdings,
) -> Result<memory::MemoryManifest> {
    let t = rec.tenant.clone();
    let a = MemoryArchive::of_run(&p.names, &t, run);
    let (m, _) = memory::archive(p, &t, id, &a, held).await?;
    printer.detail(format!(
        "archive: {} memory event(s) and {} long-term record(s) verified (count and SHA-256) in {}",
        m.count,
        m.records.len(),
        a.uri()
    ));
    let c = rec
        .offboarding
        .as_mut()
        .and_then(|o| o.counts.as_mut())
        .expect("counts set above");
    c.memory_events = c.memory_events.max(m.count as u64);
    c.memory_records = c.memory_records.max(m.records.len() as u64);
    Ok(m)
}

/// Step 4: the record stays as a tombstone: when, by whom, where the archive is.
async fn tombstone(p: &Platform, rec: &mut TenantRecord) -> Result<()> {
    let t = rec.tenant.clone();
    let off = rec
        .offboarding
        .as_mut()
        .expect("offboarding section set above");
    off.finished_at = Some(Utc::now());
    off.finished_by = Some(p.caller.arn.clone());
    rec.status = Status::Offboarded;
    rec.journal = None;
    rec.resources.parameters = vec![p.names.ssm_tenant_record(&t)];
    rec.resources.role_arn = None;
    p.save_record(rec).await
}

/// Step 3's memory: delete exactly the events the verified archive holds (every event of the
/// tenant's actors with --purge). Events written after the archive was taken are kept and the
/// journal steps back (exit 4, re-run archives them first).
async fn delete_memory(
    p: &Platform,
    printer: &Printer,
    rec: &mut TenantRecord,
    manifest: Option<&memory::MemoryManifest>,
) -> Result<()> {
    let t = rec.tenant.clone();
    let Some(id) = p.memory_id()? else {
        return Ok(());
    };
    let now = memory::holdings(p, id, memory::Owner::Tenant(&t)).await?;
    let memory::Erased {
        events,
        records,
        kept,
    } = memory::erase(p, OP, id, manifest, &now).await?;
    printer.detail(format!(
        "memory: {events} event(s) and {records} long-term record(s) deleted"
    ));
    if kept > 0 {
        checkpoint(p, rec, OP, "archived").await?;
        return Err(Error::partial(format!(
            "{kept} memory event(s) or record(s) of {t} appeared after they were archived; they were kept"
        ))
        .with_hint(
            "re-run the same command: it archives them into the same run, then deletes them",
        ));
    }
    Ok(())
}

/// Step 3's data: delete exactly what the archive holds (everything with --purge). Versions
/// written after the archive was taken are kept and the journal steps back (exit 4, re-run).
async fn delete_data(
    p: &Platform,
    rec: &mut TenantRecord,
    prefix: &str,
    manifest: Option<&Manifest>,
) -> Result<()> {
    let names = &p.names;
    let loc = data_location(names, prefix);
    let now = mirror::survey(&p.aws, loc, &|_| false).await?;
    let (doomed, left): (Vec<_>, Vec<_>) = match manifest {
        None => (now.versions.iter().collect(), Vec::new()),
        Some(m) => {
            let known: std::collections::BTreeSet<(&str, &str)> = m
                .objects
                .iter()
                .map(|o| (o.key.as_str(), o.version_id.as_str()))
                .chain(
                    m.delete_markers
                        .iter()
                        .map(|d| (d.key.as_str(), d.version_id.as_str())),
                )
                .collect();
            now.versions
                .iter()
                .partition(|v| known.contains(&(v.key.as_str(), v.version_id.as_str())))
        }
    };
    let doomed: Vec<(String, String)> = doomed
        .into_iter()
        .map(|v| (v.key.clone(), v.version_id.clone()))
        .collect();
    mirror::delete_versions(p, loc, &doomed, OP).await?;
    if !left.is_empty() {
        // Written after the archive was taken (a session's credentials outlived the sign-out):
        // never delete what is not archived. Step back so the re-run archives them first.
        checkpoint(p, rec, OP, "access-revoked").await?;
        return Err(Error::partial(format!(
            "{} object version(s) appeared under s3://{}/{prefix} after they were archived; they were kept",
            left.len(),
            names.data_bucket
        ))
        .with_hint("re-run the same command: it archives them into the same run, then deletes them"));
    }
    Ok(())
}
