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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::index::Shard;

    fn record(t: &str, tier: &str) -> TenantRecord {
        let v = serde_json::json!({
            "schema_version": 1, "tenant": t, "tier": tier, "status": "active",
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
            "project_id": "p", "project_id_source": "tier",
            "resources": {"data_bucket": "d", "data_prefix": format!("{tier}/{t}/"), "parameters": []}
        });
        TenantRecord::parse(&v.to_string(), "test").unwrap()
    }

    fn shards(entries: &[(&str, IndexEntry)]) -> Vec<Option<ShardRead>> {
        let mut out: Vec<Option<ShardRead>> = vec![None; crate::naming::INDEX_SHARDS];
        for (t, e) in entries {
            let s = Names::index_shard_of(&TenantId::parse(t).unwrap());
            let read = out[usize::from(s)].get_or_insert_with(|| ShardRead {
                etag: "e".into(),
                shard: Shard::default(),
            });
            read.shard.entries.insert(t.to_string(), e.clone());
        }
        out
    }

    #[test]
    fn an_index_that_agrees_is_clean_and_each_disagreement_is_named() {
        let names = crate::naming::tests::names();
        let a = record("clinic-a", "basic");
        let b = record("clinic-b", "premium");
        let records: BTreeMap<String, TenantRecord> = [
            ("clinic-a".into(), a.clone()),
            ("clinic-b".into(), b.clone()),
        ]
        .into();
        let mut members = Membership::new(a.tenant.clone());
        members.members.clear();
        let memberships = [("clinic-a".to_string(), Some(members))].into();
        let good = shards(&[
            ("clinic-a", IndexEntry::of(&a, 0)),
            ("clinic-b", IndexEntry::of(&b, 7)),
        ]);
        assert!(compare(&names, &records, &memberships, &good).is_empty());

        let bad = shards(&[
            ("clinic-a", IndexEntry::of(&a, 3)),
            ("clinic-c", IndexEntry::of(&b, 0)),
        ]);
        let found = compare(&names, &records, &memberships, &bad);
        let msgs: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(found.len(), 3, "{msgs:?}");
        assert!(msgs
            .iter()
            .any(|m| m.contains("clinic-a") && m.contains("users: index 3, registry 0")));
        assert!(msgs
            .iter()
            .any(|m| m.contains("clinic-c") && m.contains("no record")));
        assert!(msgs
            .iter()
            .any(|m| m.contains("clinic-b") && m.contains("no entry")));
    }
}
