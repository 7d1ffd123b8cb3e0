//! The registry index: what `tenant list` shows of every tenant, in 256 shards in the archive
//! bucket (`registry/_index/<00..ff>.json`, a tenant's shard fixed by `Names::index_shard_of`),
//! so that listing the fleet is 256 parallel reads at any size instead of ⌈2N/10⌉ sequential
//! `GetParametersByPath` pages. The SSM record stays the source of truth (the runtime reads it):
//! the index is a cache that `save_record` / `create_record` / `save_membership` keep current,
//! `validate drift` checks (TD022) and `tenantctl registry reindex` rebuilds.
//!
//! Tenants of one shard are written by different operators under different tenant leases, so
//! every shard write is a read-modify-write made safe by S3 conditional writes: `If-Match` on
//! the ETag read (`If-None-Match: *` for a new shard), retried from a fresh read when another
//! writer got there first.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::aws::s3::PutIf;
use crate::error::{Error, Result};
use crate::ids::{TenantId, TierName};
use crate::naming::{Names, INDEX_SHARDS};
use crate::record::{Membership, ProjectIdSource, Status, TenantRecord};

use super::Platform;

pub const INDEX_SCHEMA: u32 = 1;
/// Up to this many registry pages (10 parameters a page, two per tenant: 20 tenants) the
/// fleet is read from SSM; beyond, from the index when it is built. The choice is latency,
/// not calls: four sequential pages cost about what the index's 256 reads do (a `HeadObject`
/// and 8 rounds of 32 parallel reads), and every page more is a round trip more, while the
/// index costs the same at any size (10,000 tenants: 2,000 sequential pages against 256
/// reads). It was 25 pages until the CUR benchmark showed those pages holding up a report.
pub const SMALL_REGISTRY_PAGES: usize = 4;
/// Attempts of one shard update before giving up: each failed one means another writer's
/// update of the same shard landed in between, so ten in a row means heavy contention.
const MAX_ATTEMPTS: u32 = 10;
/// Shards read at once: 256 reads at 50 ms take under half a second at 32 in flight, far
/// below S3's 5,500 reads/s per prefix.
pub const READ_CONCURRENCY: usize = 32;

/// One tenant in the index: the columns `tenant list` shows, and its member count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexEntry {
    pub tier: TierName,
    pub status: Status,
    /// Recorded members (the membership's length).
    pub users: usize,
    pub project_id: String,
    pub project_id_source: ProjectIdSource,
    pub data_bucket: String,
    pub data_prefix: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl IndexEntry {
    pub fn of(rec: &TenantRecord, users: usize) -> IndexEntry {
        IndexEntry {
            tier: rec.tier.clone(),
            status: rec.status,
            users,
            project_id: rec.project_id.clone(),
            project_id_source: rec.project_id_source,
            data_bucket: rec.resources.data_bucket.clone(),
            data_prefix: rec.resources.data_prefix.clone(),
            created_at: rec.created_at,
            updated_at: rec.updated_at,
        }
    }
}

/// The tenants of registry parameters (their records), sorted by tenant id.
fn summaries_of(params: &[crate::aws::ssm::Parameter]) -> Result<Vec<TenantSummary>> {
    let mut out = params
        .iter()
        .filter(|p| p.name.ends_with("/record"))
        .map(|p| Ok(TenantSummary::of(&TenantRecord::parse(&p.value, &p.name)?)))
        .collect::<Result<Vec<_>>>()?;
    out.sort_by(|a, b| a.tenant.cmp(&b.tenant));
    Ok(out)
}

/// What the fleet-wide readers need of a tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantSummary {
    pub tenant: TenantId,
    pub tier: TierName,
    pub status: Status,
}

impl TenantSummary {
    pub fn of(r: &TenantRecord) -> TenantSummary {
        TenantSummary {
            tenant: r.tenant.clone(),
            tier: r.tier.clone(),
            status: r.status,
        }
    }
}

/// One shard: the entries of the tenants that hash to it, by tenant id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    pub schema_version: u32,
    pub entries: BTreeMap<String, IndexEntry>,
}

impl Default for Shard {
    fn default() -> Self {
        Shard {
            schema_version: INDEX_SCHEMA,
            entries: BTreeMap::new(),
        }
    }
}

impl Shard {
    pub fn parse(bytes: &[u8], uri: &str) -> Result<Shard> {
        serde_json::from_slice(bytes).map_err(|e| {
            Error::env(format!("registry index shard {uri} is not valid: {e}")).with_hint(
                "it may have been edited by hand; `tenantctl registry reindex` rebuilds it from the records",
            )
        })
    }

    fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("shard serialises")
    }
}

/// A shard as read, with the ETag a conditional write names.
#[derive(Debug, Clone)]
pub struct ShardRead {
    pub etag: String,
    pub shard: Shard,
}

/// Written once every shard holds every tenant: until then `tenant list` does not trust the
/// shards (a registry from before the index has records the shards never saw).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub schema_version: u32,
    pub shards: usize,
    pub built_at: DateTime<Utc>,
    pub built_by: String,
}

/// This process's view of the shards: one lock per shard, so this command's own concurrent
/// tasks queue instead of racing each other, holding the shard as last written, so an
/// uncontended update is one `PutObject` (`If-Match` on the remembered ETag) with no read.
pub struct Cache {
    shards: Vec<tokio::sync::Mutex<Option<ShardRead>>>,
}

impl Default for Cache {
    fn default() -> Self {
        Cache {
            shards: (0..INDEX_SHARDS)
                .map(|_| tokio::sync::Mutex::new(None))
                .collect(),
        }
    }
}

/// Wait a little, growing and jittered, before retrying a shard that another writer changed,
/// so that two writers of one shard do not collide again in lockstep.
async fn backoff(attempt: u32) {
    let cap_ms = (10u64 << attempt.min(6)).min(500);
    let jitter = (uuid::Uuid::new_v4().as_u128() % u128::from(cap_ms / 2 + 1)) as u64;
    tokio::time::sleep(Duration::from_millis(cap_ms / 2 + jitter)).await;
}

impl Platform {
    /// One shard as stored, or None when it does not exist yet.
    pub async fn read_shard(&self, shard: u8) -> Result<Option<ShardRead>> {
        let (bucket, key) = (
            &self.names.archive_bucket,
            self.names.index_shard_key(shard),
        );
        match self.aws.s3_get_tagged(bucket, &key).await? {
            Some(o) => Ok(Some(ShardRead {
                shard: Shard::parse(&o.body, &Names::s3_uri(bucket, &key))?,
                etag: o.etag,
            })),
            None => Ok(None),
        }
    }

    /// Every shard (index = shard number; None where it does not exist), 32 reads at a time.
    pub async fn read_shards(&self) -> Result<Vec<Option<ShardRead>>> {
        use futures::stream::{self, StreamExt, TryStreamExt};
        stream::iter(0..INDEX_SHARDS)
            .map(|s| self.read_shard(s as u8))
            .buffered(READ_CONCURRENCY)
            .try_collect()
            .await
    }

    /// Whether the index is built (its manifest exists).
    pub async fn index_built(&self) -> Result<bool> {
        let key = self.names.index_manifest_key();
        Ok(self
            .aws
            .s3_head(&self.names.archive_bucket, &key)
            .await?
            .is_some())
    }

    /// Every tenant's index entry, sorted by tenant id: None when the index is not built (a
    /// registry from before the index: `tenantctl registry reindex` builds it).
    pub async fn load_index(&self) -> Result<Option<Vec<(String, IndexEntry)>>> {
        if !self.index_built().await? {
            return Ok(None);
        }
        let mut all = BTreeMap::new();
        for s in self.read_shards().await?.into_iter().flatten() {
            all.extend(s.shard.entries);
        }
        Ok(Some(all.into_iter().collect()))
    }

    /// Every tenant's id, tier and status, for the commands that need the fleet but not the
    /// whole record (the onboarding gate, cost reports). A small registry is read from SSM
    /// (at most `SMALL_REGISTRY_PAGES` sequential pages: no more latency than the index's reads);
    /// a larger one from the index when it is built (256 reads, 32 at a time, at any N),
    /// else from SSM to the end (⌈2N/10⌉ pages). Commands whose answer must come from the
    /// source of truth (`validate isolation`, `validate drift`) read the records instead.
    pub async fn tenant_summaries(&self) -> Result<Vec<TenantSummary>> {
        let root = self.names.ssm_tenants_root();
        let (mut params, next) = self
            .aws
            .ssm_get_by_path_pages(&root, None, Some(SMALL_REGISTRY_PAGES))
            .await?;
        if next.is_none() {
            return summaries_of(&params);
        }
        if let Some(entries) = self.load_index().await? {
            return entries
                .into_iter()
                .map(|(id, e)| {
                    Ok(TenantSummary {
                        tenant: TenantId::parse(&id).map_err(|err| {
                            Error::env(format!("registry index entry {id:?}: {}", err.message))
                                .with_hint("rebuild the index: `tenantctl registry reindex`")
                        })?,
                        tier: e.tier,
                        status: e.status,
                    })
                })
                .collect();
        }
        // No index yet: the rest of the registry, from where the first pages stopped.
        let (rest, _) = self.aws.ssm_get_by_path_pages(&root, next, None).await?;
        params.extend(rest);
        summaries_of(&params)
    }

    /// Record that every shard is built (idempotent: an existing manifest is kept).
    pub async fn write_index_manifest(&self) -> Result<()> {
        let m = Manifest {
            schema_version: INDEX_SCHEMA,
            shards: INDEX_SHARDS,
            built_at: Utc::now(),
            built_by: self.caller.arn.clone(),
        };
        let body = serde_json::to_vec_pretty(&m).expect("manifest serialises");
        let key = self.names.index_manifest_key();
        self.aws
            .s3_put_if(&self.names.archive_bucket, &key, body, PutIf::Absent)
            .await?;
        Ok(())
    }

    /// Read-modify-write one shard: `change` edits it and says whether it changed anything;
    /// the result is written only if nobody wrote the shard since it was read, else read again
    /// and `change` applied again (up to `MAX_ATTEMPTS`).
    pub async fn update_shard(
        &self,
        shard: u8,
        mut change: impl FnMut(&mut Shard) -> bool,
    ) -> Result<()> {
        let (bucket, key) = (
            &self.names.archive_bucket,
            self.names.index_shard_key(shard),
        );
        let mut cached = self.index.shards[usize::from(shard)].lock().await;
        for attempt in 0..MAX_ATTEMPTS {
            if attempt > 0 {
                backoff(attempt).await;
            }
            let current = match cached.take() {
                Some(c) => Some(c),
                None => self.read_shard(shard).await?,
            };
            let mut next = current
                .as_ref()
                .map(|c| c.shard.clone())
                .unwrap_or_default();
            if !change(&mut next) {
                *cached = current;
                return Ok(());
            }
            let cond = current
                .as_ref()
                .map_or(PutIf::Absent, |c| PutIf::Match(&c.etag));
            let body = next.to_bytes();
            if let Some(etag) = self.aws.s3_put_if(bucket, &key, body, cond).await? {
                *cached = Some(ShardRead { etag, shard: next });
                return Ok(());
            }
        }
        Err(Error::env(format!(
            "registry index shard {}: another writer changed it {MAX_ATTEMPTS} times in a row while this command tried to update it",
            Names::s3_uri(bucket, &key)
        ))
        .with_hint("re-run the same command; if it persists, run `tenantctl registry reindex` when fewer operators are at work"))
    }

    /// Put the record's columns into its index entry (keeping the member count).
    pub(super) async fn index_record(&self, rec: &TenantRecord) -> Result<()> {
        let t = rec.tenant.as_str();
        self.update_shard(Names::index_shard_of(&rec.tenant), |s| {
            let users = s.entries.get(t).map_or(0, |e| e.users);
            let entry = IndexEntry::of(rec, users);
            s.entries.insert(t.to_string(), entry.clone()) != Some(entry)
        })
        .await
        .map_err(|e| index_error(e, &rec.tenant, "record"))
    }

    /// Put the membership's member count into the tenant's index entry. A tenant without an
    /// entry gets none here (its record's next write, or a reindex, makes it).
    pub(super) async fn index_members(&self, m: &Membership) -> Result<()> {
        let (t, n) = (m.tenant.as_str(), m.members.len());
        self.update_shard(Names::index_shard_of(&m.tenant), |s| {
            match s.entries.get_mut(t) {
                Some(e) if e.users != n => {
                    e.users = n;
                    true
                }
                _ => false,
            }
        })
        .await
        .map_err(|e| index_error(e, &m.tenant, "membership"))
    }
}

/// An index write that failed after the registry write it follows succeeded.
fn index_error(e: Error, t: &TenantId, what: &str) -> Error {
    e.context(format!(
        "tenant {t}: its {what} was written, but the registry index was not updated"
    ))
    .with_hint(format!(
        "re-run the same command, or run `tenantctl registry reindex` (until then `tenant list` may show {t} as it was)"
    ))
}
