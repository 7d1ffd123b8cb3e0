//! TD022 (`validate drift`): the registry index (platform::index) against the records and
//! memberships drift has already read, so the check costs only the 256 shard reads.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::Result;
use crate::ids::TenantId;
use crate::naming::Names;
use crate::platform::index::{IndexEntry, ShardRead};
use crate::platform::Platform;
use crate::record::{Membership, TenantRecord};

/// One finding: its subject and message.
pub type Finding = (String, String);

/// The index's disagreements with `records` (every tenant, by id) and `memberships` (those
/// read, by tenant id; None: the tenant has no recorded membership).
pub async fn check(
    p: &Platform,
    records: &BTreeMap<String, TenantRecord>,
    memberships: &BTreeMap<String, Option<Membership>>,
) -> Result<Vec<Finding>> {
    if !p.index_built().await? {
        // An empty registry lists the same either way: nothing to report.
        if records.is_empty() {
            return Ok(vec![]);
        }
        let manifest = Names::s3_uri(&p.names.archive_bucket, &p.names.index_manifest_key());
        return Ok(vec![(
            manifest,
            format!(
                "the registry index is not built (a registry from before it): `tenant list` reads {} tenant(s) from SSM ten a call; run `tenantctl registry reindex`",
                records.len()
            ),
        )]);
    }
    let shards = p.read_shards().await?;
    Ok(compare(&p.names, records, memberships, &shards))
}

/// The comparison itself (no I/O): `shards[i]` is shard i as read.
pub fn compare(
    names: &Names,
    records: &BTreeMap<String, TenantRecord>,
    memberships: &BTreeMap<String, Option<Membership>>,
    shards: &[Option<ShardRead>],
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, s) in shards.iter().enumerate() {
        let uri = Names::s3_uri(&names.archive_bucket, &names.index_shard_key(i as u8));
        for (t, e) in s.iter().flat_map(|s| &s.shard.entries) {
            let subject = format!("{uri}#{t}");
            if let Some(why) = entry_issue(i as u8, t, e, records, memberships) {
                out.push((subject, why));
            } else {
                seen.insert(t.as_str());
            }
        }
    }
    for (t, r) in records.iter().filter(|(t, _)| !seen.contains(t.as_str())) {
        let shard = Names::index_shard_of(&r.tenant);
        let uri = Names::s3_uri(&names.archive_bucket, &names.index_shard_key(shard));
        if !out.iter().any(|(s, _)| s == &format!("{uri}#{t}")) {
            out.push((
                format!("{uri}#{t}"),
                format!("tenant {t} has a record but no entry in the registry index: `tenant list` does not show it; run `tenantctl registry reindex`"),
            ));
        }
    }
    out
}

/// What is wrong with one entry of shard `shard`, if anything.
fn entry_issue(
    shard: u8,
    t: &str,
    e: &IndexEntry,
    records: &BTreeMap<String, TenantRecord>,
    memberships: &BTreeMap<String, Option<Membership>>,
) -> Option<String> {
    let Ok(id) = TenantId::parse(t) else {
        return Some(format!(
            "the registry index lists {t:?}, which is not a tenant id"
        ));
    };
    let Some(r) = records.get(t) else {
        return Some(format!(
            "the registry index lists tenant {t}, which has no record: `tenant list` shows a tenant that does not exist"
        ));
    };
    let home = Names::index_shard_of(&id);
    if home != shard {
        return Some(format!(
            "tenant {t}'s index entry is in shard {shard:02x}, not in its own shard {home:02x}"
        ));
    }
    // Member counts are checked where drift read the membership (live tenants that have one).
    let users = match memberships.get(t) {
        Some(Some(m)) => m.members.len(),
        _ => e.users,
    };
    let differs = differing_fields(e, &IndexEntry::of(r, users));
    (!differs.is_empty()).then(|| {
        format!(
            "tenant {t}'s registry index entry disagrees with its record or membership ({}): `tenant list` shows it wrong; run `tenantctl registry reindex`",
            differs.join(", ")
        )
    })
}

/// `field: index X, registry Y` for each field that differs.
fn differing_fields(index: &IndexEntry, registry: &IndexEntry) -> Vec<String> {
    let (a, b) = (
        serde_json::to_value(index).expect("entry serialises"),
        serde_json::to_value(registry).expect("entry serialises"),
    );
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return vec![];
    };
    a.iter()
        .filter(|(k, v)| b.get(*k) != Some(v))
        .map(|(k, v)| {
            format!(
                "{k}: index {v}, registry {}",
                b.get(k).unwrap_or(&serde_json::Value::Null)
            )
        })
        .collect()
}
