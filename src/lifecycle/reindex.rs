//! `registry reindex`: rebuild the registry index (platform::index) from the records and
//! memberships. Also the migration of a registry from before the index: its last step writes
//! the manifest, after which `tenant list` reads the shards instead of sweeping SSM.
//!
//! Other operators may write records while it runs (it holds the platform lease, not the
//! tenants'), so a shard is written with the same conditional read-modify-write as theirs and
//! an entry newer than the sweep is kept (see `merge`).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::error::Result;
use crate::naming::{Names, ATTR_CLINIC_ID, INDEX_SHARDS};
use crate::plan::{Action, Change};
use crate::platform::index::{IndexEntry, Shard};
use crate::platform::Platform;
use crate::record::TenantRecord;

/// Memberships read at once (as `validate drift` does).
const MEMBERSHIP_CONCURRENCY: usize = 16;
/// Shards written at once.
const WRITE_CONCURRENCY: usize = 16;

/// One shard that differs from what the records say.
#[derive(Debug, Clone)]
pub struct ShardPlan {
    pub shard: u8,
    /// The entries the shard should hold, by tenant id.
    pub desired: BTreeMap<String, IndexEntry>,
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct ReindexPlan {
    /// When the registry was read: entries written after it are newer than the sweep.
    pub swept_at: DateTime<Utc>,
    pub tenants: usize,
    pub shards: Vec<ShardPlan>,
    /// The manifest is missing (the index was never built).
    pub manifest: bool,
}

impl ReindexPlan {
    pub fn is_empty(&self) -> bool {
        self.shards.is_empty() && !self.manifest
    }
}

/// Each tenant's member count: its membership's length, or for a tenant without a recorded
/// membership (a registry from before memberships) the users carrying its clinic claim, as
/// `tenant list` counted them before the index.
async fn member_counts(p: &Platform, records: &[TenantRecord]) -> Result<BTreeMap<String, usize>> {
    use futures::stream::{self, StreamExt, TryStreamExt};
    let found: Vec<(String, Option<usize>)> = stream::iter(records)
        .map(|r| async move {
            let m = p.load_membership(&r.tenant).await?;
            Ok::<_, crate::error::Error>((r.tenant.to_string(), m.map(|m| m.members.len())))
        })
        .buffered(MEMBERSHIP_CONCURRENCY)
        .try_collect()
        .await?;
    let mut claims: BTreeMap<String, usize> = BTreeMap::new();
    if found.iter().any(|(_, n)| n.is_none()) {
        let pool = p.user_pool_id().await?;
        for u in p.aws.cognito_list_users(&pool).await? {
            if let Some(c) = u.attr(ATTR_CLINIC_ID) {
                *claims.entry(c.to_string()).or_default() += 1;
            }
        }
    }
    Ok(found
        .into_iter()
        .map(|(t, n)| {
            let n = n.unwrap_or_else(|| claims.get(&t).copied().unwrap_or(0));
            (t, n)
        })
        .collect())
}

/// What every shard should hold, from the records and member counts.
pub fn desired_shards(
    records: &[TenantRecord],
    users: &BTreeMap<String, usize>,
) -> Vec<BTreeMap<String, IndexEntry>> {
    let mut shards = vec![BTreeMap::new(); INDEX_SHARDS];
    for r in records {
        let n = users.get(r.tenant.as_str()).copied().unwrap_or(0);
        shards[usize::from(Names::index_shard_of(&r.tenant))]
            .insert(r.tenant.to_string(), IndexEntry::of(r, n));
    }
    shards
}

/// The difference between a shard as stored and as it should be; None when they agree.
fn diff(shard: u8, current: &Shard, desired: BTreeMap<String, IndexEntry>) -> Option<ShardPlan> {
    let added = desired
        .keys()
        .filter(|t| !current.entries.contains_key(*t))
        .cloned()
        .collect();
    let changed = desired
        .iter()
        .filter(|(t, e)| current.entries.get(*t).is_some_and(|c| c != *e))
        .map(|(t, _)| t.clone())
        .collect();
    let removed = current
        .entries
        .keys()
        .filter(|t| !desired.contains_key(*t))
        .cloned()
        .collect();
    let plan = ShardPlan {
        shard,
        desired,
        added,
        changed,
        removed,
    };
    let same = plan.added.is_empty() && plan.changed.is_empty() && plan.removed.is_empty();
    (!same).then_some(plan)
}

/// Read the registry (one sweep), every membership and every shard, and plan the shards that
/// differ.
pub async fn plan(p: &Platform) -> Result<ReindexPlan> {
    let swept_at = Utc::now();
    let records = p.load_all_records().await?;
    let users = member_counts(p, &records).await?;
    let current = p.read_shards().await?;
    let shards = desired_shards(&records, &users)
        .into_iter()
        .zip(current)
        .enumerate()
        .filter_map(|(i, (desired, cur))| {
            diff(i as u8, &cur.map(|c| c.shard).unwrap_or_default(), desired)
        })
        .collect();
    Ok(ReindexPlan {
        swept_at,
        tenants: records.len(),
        shards,
        manifest: !p.index_built().await?,
    })
}

/// The plan as changes, one per shard (and the manifest).
pub fn changes(names: &Names, plan: &ReindexPlan) -> Vec<Change> {
    let bucket = &names.archive_bucket;
    let mut out: Vec<Change> = plan
        .shards
        .iter()
        .map(|s| Change {
            tenant: None,
            action: Action::Update,
            resource: Names::s3_uri(bucket, &names.index_shard_key(s.shard)),
            detail: shard_detail(s),
        })
        .collect();
    if plan.manifest {
        out.push(Change {
            tenant: None,
            action: Action::Create,
            resource: Names::s3_uri(bucket, &names.index_manifest_key()),
            detail: format!(
                "mark the index built ({} tenant(s)): `tenant list` reads it from now on",
                plan.tenants
            ),
        });
    }
    out
}

fn shard_detail(s: &ShardPlan) -> String {
    let part =
        |what: &str, ts: &[String]| (!ts.is_empty()).then(|| format!("{what} {}", ts.join(", ")));
    [
        part("add", &s.added),
        part("update", &s.changed),
        part("remove", &s.removed),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("; ")
}

/// The shard as it should be, keeping what other operators wrote after the sweep: an entry
/// updated after `swept_at` (its record was written since), including one for a tenant the
/// sweep did not see yet. The member count of such an entry is its writer's too.
fn merge(
    shard: &mut Shard,
    desired: &BTreeMap<String, IndexEntry>,
    swept_at: DateTime<Utc>,
) -> bool {
    let mut next: BTreeMap<String, IndexEntry> = desired.clone();
    for (t, e) in &shard.entries {
        let newer = desired
            .get(t)
            .map_or(e.updated_at > swept_at, |d| e.updated_at > d.updated_at);
        if newer {
            next.insert(t.clone(), e.clone());
        }
    }
    let changed = next != shard.entries;
    shard.entries = next;
    changed
}

/// Write every planned shard, then the manifest (last, so the index is trusted only once
/// every shard is built). Returns the shards written.
pub async fn apply(p: &Platform, plan: ReindexPlan) -> Result<usize> {
    use futures::stream::{self, StreamExt, TryStreamExt};
    let swept_at = plan.swept_at;
    let n = plan.shards.len();
    stream::iter(plan.shards)
        .map(|s| async move {
            p.update_shard(s.shard, |cur| merge(cur, &s.desired, swept_at))
                .await?;
            p.wrote();
            Ok::<_, crate::error::Error>(())
        })
        .buffer_unordered(WRITE_CONCURRENCY)
        .try_collect::<Vec<()>>()
        .await?;
    if plan.manifest {
        p.write_index_manifest().await?;
        p.wrote();
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(updated: &str, users: usize) -> IndexEntry {
        IndexEntry {
            tier: crate::ids::TierName::parse("basic").unwrap(),
            status: crate::record::Status::Active,
            users,
            project_id: "p".into(),
            project_id_source: crate::record::ProjectIdSource::Tier,
            data_bucket: "d".into(),
            data_prefix: "basic/a/".into(),
            created_at: "2026-01-01T00:00:00Z".parse().unwrap(),
            updated_at: updated.parse().unwrap(),
        }
    }

    #[test]
    fn merge_keeps_what_was_written_after_the_sweep() {
        let swept: DateTime<Utc> = "2026-06-01T00:00:00Z".parse().unwrap();
        let mut shard = Shard::default();
        shard
            .entries
            .insert("old".into(), entry("2026-01-02T00:00:00Z", 1));
        shard
            .entries
            .insert("stale".into(), entry("2026-01-02T00:00:00Z", 1));
        shard
            .entries
            .insert("newer".into(), entry("2026-07-01T00:00:00Z", 3));
        shard
            .entries
            .insert("born".into(), entry("2026-07-01T00:00:00Z", 2));
        let desired: BTreeMap<String, IndexEntry> = [
            ("old".to_string(), entry("2026-05-01T00:00:00Z", 2)),
            ("newer".to_string(), entry("2026-05-01T00:00:00Z", 2)),
        ]
        .into();
        assert!(merge(&mut shard, &desired, swept));
        let keys: Vec<&str> = shard.entries.keys().map(String::as_str).collect();
        assert_eq!(keys, ["born", "newer", "old"]);
        assert_eq!(shard.entries["old"], desired["old"]);
        assert_eq!(shard.entries["newer"].users, 3);
        let same = shard.entries.clone();
        assert!(!merge(&mut shard, &same, swept));
    }
}
