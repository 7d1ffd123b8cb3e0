//! A tenant's (or one user's) AgentCore Memory holdings as tenant data: its short-term events
//! (ListActors → the tenant's actors `<tenant>:<sub>` → ListSessions → ListEvents) and the
//! long-term records its strategies extracted from them (ListMemoryRecords under the tenant's
//! namespaces `/tenants/<tenant>/` and `/tenants/<tenant>:`). Archive them to S3
//! (`memory/events.jsonl` and `memory/records.jsonl`, one per line, and `memory/manifest.json`
//! with the counts and the SHA-256 of each), verify the archive by reading it back, erase
//! exactly what was archived, and recreate it on restore.
//!
//! Payloads are health data: nothing here prints or logs them; plans and messages carry
//! counts and digests only.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::aws::agentcore::MemoryEvent;
use crate::aws::memory_records::MemoryRecord;
use crate::error::{Error, Result};
use crate::ids::{TenantId, UserSub};
use crate::naming::Names;
use crate::platform::Platform;
use crate::record::Membership;

/// Newest memory manifest schema this tenantctl writes (and reads). 2 added long-term
/// records; an archive without records is still written as 1, which older tenantctls read.
pub const MEMORY_MANIFEST_SCHEMA: u32 = 2;

/// What the memory holds of one owner: its events and its long-term records.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Holdings {
    pub events: Vec<MemoryEvent>,
    pub records: Vec<MemoryRecord>,
}

impl Holdings {
    pub fn is_empty(&self) -> bool {
        self.events.is_empty() && self.records.is_empty()
    }
    pub fn len(&self) -> usize {
        self.events.len() + self.records.len()
    }
    /// "N memory event(s) of A actor(s), S session(s)[ and R long-term record(s)]".
    pub fn describe(&self) -> String {
        let (actors, sessions) = spread(&self.events);
        let records = match self.records.len() {
            0 => String::new(),
            n => format!(" and {n} long-term record(s)"),
        };
        format!(
            "{} memory event(s) of {actors} actor(s), {sessions} session(s){records}",
            self.events.len()
        )
    }
}

/// Whose holdings: a tenant's (every actor `<tenant>:…`, every namespace of the tenant) or
/// one user's (actor `<tenant>:<sub>`, the user's namespaces).
#[derive(Debug, Clone, Copy)]
pub enum Owner<'a> {
    Tenant(&'a TenantId),
    User(&'a TenantId, &'a UserSub),
}

impl Owner<'_> {
    pub fn owns_actor(&self, actor: &str) -> bool {
        match self {
            Owner::Tenant(t) => actor.starts_with(&Names::actor_prefix(t)),
            Owner::User(t, sub) => actor == Names::actor_id(t, sub),
        }
    }
    /// The namespace prefixes that hold the owner's records and no one else's: a tenant's
    /// `/tenants/<tenant>/` and actor-scoped `/tenants/<tenant>:` (tenant ids hold no `:` or
    /// `/`), a user's actor-scoped `/tenants/<tenant>:<sub>/` and `/tenants/<tenant>/users/<sub>/`.
    pub fn record_prefixes(&self) -> Vec<String> {
        match self {
            Owner::Tenant(t) => vec![format!("/tenants/{t}/"), format!("/tenants/{t}:")],
            Owner::User(t, sub) => vec![
                format!("/tenants/{}/", Names::actor_id(t, sub)),
                Names::memory_namespace(t, sub),
            ],
        }
    }
}

/// Everything the memory holds of `owner`: events oldest first per session, records by id.
pub async fn holdings(p: &Platform, memory_id: &str, owner: Owner<'_>) -> Result<Holdings> {
    let events = events_of(p, memory_id, &|a: &str| owner.owns_actor(a)).await?;
    let mut records: BTreeMap<String, MemoryRecord> = BTreeMap::new();
    for prefix in owner.record_prefixes() {
        for r in p.aws.memory_records(memory_id, &prefix).await? {
            records.insert(r.record_id.clone(), r);
        }
    }
    Ok(Holdings {
        events,
        records: records.into_values().collect(),
    })
}

/// One archived long-term record: its id and the SHA-256 of its archived line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordDigest {
    pub record_id: String,
    pub sha256: String,
}

/// One archived event: where it was and the SHA-256 of its archived line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDigest {
    pub actor_id: String,
    pub session_id: String,
    pub event_id: String,
    pub sha256: String,
}

/// `memory/manifest.json` of an archive: every archived event, verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryManifest {
    pub schema_version: u32,
    pub tenant: TenantId,
    /// The memory the events were read from (`arn:...:memory/<id>`).
    pub memory_arn: String,
    /// Where the events are: `s3://<archive>/.../memory/events.jsonl`.
    pub events_uri: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub count: usize,
    /// SHA-256 of the whole events file.
    pub file_sha256: String,
    pub events: Vec<EventDigest>,
    /// Where the long-term records are (`.../memory/records.jsonl`); schema 2, absent when
    /// there were none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records_sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<RecordDigest>,
}

/// Where one archive's memory files live.
#[derive(Debug, Clone)]
pub struct MemoryArchive {
    pub bucket: String,
    pub events_key: String,
    pub records_key: String,
    pub manifest_key: String,
}

impl MemoryArchive {
    /// The memory part of an offboarding run.
    pub fn of_run(names: &Names, t: &TenantId, run: &str) -> MemoryArchive {
        MemoryArchive {
            bucket: names.archive_bucket.clone(),
            events_key: names.archive_memory_events_key(t, run),
            records_key: names.archive_memory_records_key(t, run),
            manifest_key: names.archive_memory_manifest_key(t, run),
        }
    }
    /// The memory part of a `user remove` erasure run.
    pub fn of_erasure(names: &Names, t: &TenantId, run: &str) -> MemoryArchive {
        let prefix = names.erasure_run_prefix(t, run);
        MemoryArchive {
            bucket: names.archive_bucket.clone(),
            events_key: format!("{prefix}memory/events.jsonl"),
            records_key: format!("{prefix}memory/records.jsonl"),
            manifest_key: format!("{prefix}memory/manifest.json"),
        }
    }
    pub fn uri(&self) -> String {
        Names::s3_uri(&self.bucket, &self.events_key)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The archived line of an event (canonical: field order fixed by the struct, maps sorted).
pub fn line(e: &MemoryEvent) -> String {
    serde_json::to_string(e).expect("events serialise")
}

/// SHA-256 of an event's archived line.
pub fn digest(e: &MemoryEvent) -> String {
    hex(&Sha256::digest(line(e).as_bytes()))
}

/// SHA-256 of what an event says, without the ids the service gives it (its own and its
/// branch root's): the same for an event and its restored copy.
pub fn content_digest(e: &MemoryEvent) -> String {
    let mut c = e.clone();
    c.event_id = String::new();
    if let Some(b) = c.branch.as_mut() {
        b.root_event_id = None;
    }
    digest(&c)
}

fn key(e: &MemoryEvent) -> (String, String, String) {
    (e.actor_id.clone(), e.session_id.clone(), e.event_id.clone())
}

/// Every event of the actors `owned` selects, all sessions, oldest first per session.
pub async fn events_of(
    p: &Platform,
    memory_id: &str,
    owned: &dyn Fn(&str) -> bool,
) -> Result<Vec<MemoryEvent>> {
    let mut out = Vec::new();
    for actor in p.aws.memory_actors(memory_id).await? {
        if !owned(&actor) {
            continue;
        }
        for session in p.aws.memory_sessions(memory_id, &actor).await? {
            out.extend(p.aws.memory_events(memory_id, &actor, &session).await?);
        }
    }
    Ok(out)
}

/// What the memory holds of one user of a tenant (actor `<tenant>:<sub>` and its namespaces),
/// for an access request. The
/// tenant must exist (offboarded ones too: their memory may not have been erased). The user's
/// sub comes from the tenant's membership, else from the user pool.
pub async fn of_user(
    p: &Platform,
    t: &TenantId,
    user: &crate::ids::Email,
) -> Result<(String, Holdings)> {
    super::steps::require_record(p, t).await?;
    let Some(id) = p.memory_id()? else {
        return Err(Error::usage(
            "the config has no [memory]: tenantctl manages no AgentCore Memory here",
        )
        .with_hint("declare the platform's memory in [memory] (docs/configuration.md)"));
    };
    let recorded = p
        .load_membership(t)
        .await?
        .unwrap_or_else(|| Membership::new(t.clone()));
    let pool = p.user_pool_id().await?;
    let found = p.aws.cognito_get_user(&pool, user.as_str()).await?;
    let Some(sub) = super::membership::sub_of(t, user, found.as_ref(), &recorded)? else {
        return Err(Error::usage(format!(
            "{user} is not a user of {t}: neither its membership nor the user pool knows it"
        ))
        .with_hint("check the address (`tenantctl user list --tenant <tenant>`)"));
    };
    let actor = Names::actor_id(t, &sub);
    Ok((actor, holdings(p, id, Owner::User(t, &sub)).await?))
}

/// The archived lines of `events` (one per line, newline-terminated) and their SHA-256.
pub fn jsonl(events: &[MemoryEvent]) -> (String, String) {
    let mut body = String::new();
    for e in events {
        body.push_str(&line(e));
        body.push('\n');
    }
    let sha = hex(&Sha256::digest(body.as_bytes()));
    (body, sha)
}

/// The archived lines of `records` (one per line, newline-terminated) and their SHA-256.
pub fn records_jsonl(records: &[MemoryRecord]) -> (String, String) {
    let body: String = records.iter().map(|r| record_line(r) + "\n").collect();
    let sha = hex(&Sha256::digest(body.as_bytes()));
    (body, sha)
}

/// How many actors and sessions a set of events spans.
pub fn spread(events: &[MemoryEvent]) -> (usize, usize) {
    let actors: BTreeSet<&str> = events.iter().map(|e| e.actor_id.as_str()).collect();
    let sessions: BTreeSet<(&str, &str)> = events
        .iter()
        .map(|e| (e.actor_id.as_str(), e.session_id.as_str()))
        .collect();
    (actors.len(), sessions.len())
}

fn damaged(a: &MemoryArchive, what: impl std::fmt::Display) -> Error {
    Error::env(format!("memory archive {} is damaged: {what}", a.uri())).with_hint(
        "nothing was deleted; inspect the archive (tenantctl never deletes an event it has not verified)",
    )
}

/// The archived line of a long-term record (canonical: field order fixed, maps sorted).
pub fn record_line(r: &MemoryRecord) -> String {
    serde_json::to_string(r).expect("records serialise")
}

/// SHA-256 of a record's archived line.
pub fn record_digest(r: &MemoryRecord) -> String {
    hex(&Sha256::digest(record_line(r).as_bytes()))
}

/// SHA-256 of what a record says, without the id the service gives it: the same for a record
/// and its restored copy.
fn record_content_digest(r: &MemoryRecord) -> String {
    record_digest(&MemoryRecord {
        record_id: String::new(),
        ..r.clone()
    })
}

/// The lines of an archived file, checked against its SHA-256 and parsed, each in canonical
/// form (`canon` re-serialises a parsed line).
async fn read_lines<T: serde::de::DeserializeOwned>(
    p: &Platform,
    a: &MemoryArchive,
    key: &str,
    sha256: &str,
    what: &str,
    canon: fn(&T) -> String,
) -> Result<Vec<T>> {
    let body = p
        .aws
        .s3_get_bytes(&a.bucket, key)
        .await?
        .ok_or_else(|| damaged(a, format!("the {what} file is missing")))?;
    if hex(&Sha256::digest(&body)) != sha256 {
        return Err(damaged(
            a,
            format!("the {what} file's SHA-256 is not the manifest's"),
        ));
    }
    let text =
        String::from_utf8(body).map_err(|_| damaged(a, format!("the {what} file is not UTF-8")))?;
    let mut out = Vec::new();
    for (i, l) in text.lines().enumerate() {
        let x: T = serde_json::from_str(l)
            .map_err(|err| damaged(a, format!("{what} line {} is not valid: {err}", i + 1)))?;
        if canon(&x) != l {
            return Err(damaged(
                a,
                format!("{what} line {} is not in canonical form", i + 1),
            ));
        }
        out.push(x);
    }
    Ok(out)
}

/// Read an archive back and check it: the manifest's counts, each file's SHA-256, and the
/// SHA-256 of every line against the manifest's entry for it. None when there is none.
pub async fn read_verified(
    p: &Platform,
    a: &MemoryArchive,
) -> Result<Option<(MemoryManifest, Holdings)>> {
    let Some(mbytes) = p.aws.s3_get_bytes(&a.bucket, &a.manifest_key).await? else {
        return Ok(None);
    };
    let m: MemoryManifest = serde_json::from_slice(&mbytes)
        .map_err(|e| damaged(a, format!("manifest.json is not valid: {e}")))?;
    if m.schema_version > MEMORY_MANIFEST_SCHEMA {
        return Err(Error::env(format!(
            "memory manifest {} has schema version {} but this tenantctl reads up to {MEMORY_MANIFEST_SCHEMA}",
            Names::s3_uri(&a.bucket, &a.manifest_key),
            m.schema_version
        ))
        .with_hint("upgrade tenantctl"));
    }
    let events: Vec<MemoryEvent> =
        read_lines(p, a, &a.events_key, &m.file_sha256, "events", line).await?;
    if events.len() != m.count || m.events.len() != m.count {
        return Err(damaged(
            a,
            format!(
                "{} event(s) in the file, {} in the manifest, count {}",
                events.len(),
                m.events.len(),
                m.count
            ),
        ));
    }
    for (e, d) in events.iter().zip(&m.events) {
        if (&e.actor_id, &e.session_id, &e.event_id) != (&d.actor_id, &d.session_id, &d.event_id)
            || digest(e) != d.sha256
        {
            return Err(damaged(
                a,
                format!(
                    "event {} of actor {} differs from its manifest entry (SHA-256)",
                    d.event_id, d.actor_id
                ),
            ));
        }
    }
    let records = match &m.records_sha256 {
        None if m.records.is_empty() => Vec::new(),
        None => return Err(damaged(a, "the manifest lists records but no records file")),
        Some(sha) => read_lines(p, a, &a.records_key, sha, "records", record_line).await?,
    };
    if records.len() != m.records.len()
        || records
            .iter()
            .zip(&m.records)
            .any(|(r, d)| r.record_id != d.record_id || record_digest(r) != d.sha256)
    {
        return Err(damaged(
            a,
            "a long-term record differs from its manifest entry (SHA-256)",
        ));
    }
    Ok(Some((m, Holdings { events, records })))
}

/// What the archive will hold: `old` (verified) merged with `live`, events in archive order,
/// records by id.
fn merged(old: Option<&Holdings>, live: &Holdings) -> Holdings {
    let mut events: BTreeMap<(String, String, String), MemoryEvent> = BTreeMap::new();
    let mut records: BTreeMap<String, MemoryRecord> = BTreeMap::new();
    for h in old.into_iter().chain(std::iter::once(live)) {
        events.extend(h.events.iter().map(|e| (key(e), e.clone())));
        records.extend(h.records.iter().map(|r| (r.record_id.clone(), r.clone())));
    }
    let mut events: Vec<MemoryEvent> = events.into_values().collect();
    events.sort_by(|x, y| {
        (&x.actor_id, &x.session_id, &x.timestamp, &x.event_id).cmp(&(
            &y.actor_id,
            &y.session_id,
            &y.timestamp,
            &y.event_id,
        ))
    });
    Holdings {
        events,
        records: records.into_values().collect(),
    }
}

/// Put `body` at `key` unless it is there already (the archive bucket is versioned: an
/// unchanged object is not rewritten).
async fn put_if_changed(p: &Platform, bucket: &str, key: &str, body: Vec<u8>) -> Result<()> {
    if p.aws.s3_get_bytes(bucket, key).await?.as_deref() == Some(body.as_slice()) {
        return Ok(());
    }
    p.write(p.aws.s3_put(bucket, key, body, &Default::default()))
        .await?;
    Ok(())
}

/// Archive `live` (merged with what the archive already holds: a resumed run may no longer
/// see what an earlier run archived and deleted), then read it back and verify it. Every
/// live event and record must come back with the same SHA-256. Returns the verified
/// manifest and holdings.
pub async fn archive(
    p: &Platform,
    t: &TenantId,
    memory_id: &str,
    a: &MemoryArchive,
    live: &Holdings,
) -> Result<(MemoryManifest, Holdings)> {
    let old = read_verified(p, a).await?;
    let (created_at, created_by) = match &old {
        Some((m, _)) => (m.created_at, m.created_by.clone()),
        None => (Utc::now(), p.caller.arn.clone()),
    };
    let all = merged(old.as_ref().map(|(_, h)| h), live);
    let (body, file_sha256) = jsonl(&all.events);
    let records_body: String = all.records.iter().map(|r| record_line(r) + "\n").collect();
    let has_records = !all.records.is_empty();
    let manifest = MemoryManifest {
        schema_version: if has_records { 2 } else { 1 },
        tenant: t.clone(),
        memory_arn: p.names.memory_arn(memory_id),
        events_uri: a.uri(),
        created_at,
        created_by,
        count: all.events.len(),
        file_sha256,
        events: all
            .events
            .iter()
            .map(|e| EventDigest {
                actor_id: e.actor_id.clone(),
                session_id: e.session_id.clone(),
                event_id: e.event_id.clone(),
                sha256: digest(e),
            })
            .collect(),
        records_uri: has_records.then(|| Names::s3_uri(&a.bucket, &a.records_key)),
        records_sha256: has_records.then(|| hex(&Sha256::digest(records_body.as_bytes()))),
        records: all
            .records
            .iter()
            .map(|r| RecordDigest {
                record_id: r.record_id.clone(),
                sha256: record_digest(r),
            })
            .collect(),
    };
    let mjson = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| Error::env(format!("serialising the memory manifest: {e}")))?;
    put_if_changed(p, &a.bucket, &a.events_key, body.into_bytes()).await?;
    if has_records {
        put_if_changed(p, &a.bucket, &a.records_key, records_body.into_bytes()).await?;
    }
    put_if_changed(p, &a.bucket, &a.manifest_key, mjson).await?;
    // Read back: the deletes that follow trust only what the archive itself says.
    let (back, held) = read_verified(p, a)
        .await?
        .ok_or_else(|| damaged(a, "its manifest vanished after writing"))?;
    check_archived(a, &back, live)?;
    Ok((back, held))
}

/// Every live event and record is in the read-back manifest with its SHA-256.
fn check_archived(a: &MemoryArchive, back: &MemoryManifest, live: &Holdings) -> Result<()> {
    let events = archived_events(back);
    if let Some(e) = live.events.iter().find(|e| {
        events.get(&(&e.actor_id, &e.session_id, &e.event_id)) != Some(&digest(e).as_str())
    }) {
        return Err(damaged(
            a,
            format!(
                "event {} of actor {} did not read back as it was written",
                e.event_id, e.actor_id
            ),
        ));
    }
    let records = archived_records(back);
    if let Some(r) = live
        .records
        .iter()
        .find(|r| records.get(r.record_id.as_str()) != Some(&record_digest(r).as_str()))
    {
        return Err(damaged(
            a,
            format!(
                "long-term record {} did not read back as it was written",
                r.record_id
            ),
        ));
    }
    Ok(())
}

fn archived_events(m: &MemoryManifest) -> BTreeMap<(&str, &str, &str), &str> {
    m.events
        .iter()
        .map(|d| {
            (
                (
                    d.actor_id.as_str(),
                    d.session_id.as_str(),
                    d.event_id.as_str(),
                ),
                d.sha256.as_str(),
            )
        })
        .collect()
}

fn archived_records(m: &MemoryManifest) -> BTreeMap<&str, &str> {
    m.records
        .iter()
        .map(|d| (d.record_id.as_str(), d.sha256.as_str()))
        .collect()
}

/// What an erase did: deleted events and records, and what it kept because the archive does
/// not hold it as it is now (written after the archive was taken).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Erased {
    pub events: usize,
    pub records: usize,
    pub kept: usize,
}

/// Delete exactly the events and records of `now` that the verified archive holds with the
/// same SHA-256 (`manifest` None: all of `now`, for `--purge`).
/// `op` names the command for the test-only crash hook (`<op>:first-memory-delete`).
pub async fn erase(
    p: &Platform,
    op: &str,
    memory_id: &str,
    manifest: Option<&MemoryManifest>,
    now: &Holdings,
) -> Result<Erased> {
    let events = manifest.map(archived_events);
    let mut out = Erased::default();
    for e in &now.events {
        let k = (
            e.actor_id.as_str(),
            e.session_id.as_str(),
            e.event_id.as_str(),
        );
        if events
            .as_ref()
            .is_some_and(|a| a.get(&k).copied() != Some(digest(e).as_str()))
        {
            out.kept += 1;
            continue;
        }
        p.write(
            p.aws
                .memory_delete_event(memory_id, &e.actor_id, &e.session_id, &e.event_id),
        )
        .await?;
        out.events += 1;
        if out.events == 1 {
            super::steps::crash_point(op, "first-memory-delete");
        }
    }
    let records = manifest.map(archived_records);
    let (gone, kept): (Vec<&MemoryRecord>, Vec<&MemoryRecord>) =
        now.records.iter().partition(|r| {
            records.as_ref().is_none_or(|a| {
                a.get(r.record_id.as_str()).copied() == Some(record_digest(r).as_str())
            })
        });
    let ids: Vec<&str> = gone.iter().map(|r| r.record_id.as_str()).collect();
    if !ids.is_empty() {
        p.write(p.aws.memory_delete_records(memory_id, &ids))
            .await?;
    }
    out.records = ids.len();
    out.kept += kept.len();
    Ok(out)
}

/// The archived events that are not in the memory yet (by content: a restored event gets a
/// new id), in the order to create them (per session, oldest first).
pub fn missing<'a>(archived: &'a [MemoryEvent], now: &[MemoryEvent]) -> Vec<&'a MemoryEvent> {
    let mut have: BTreeMap<String, usize> = BTreeMap::new();
    for e in now {
        *have.entry(content_digest(e)).or_default() += 1;
    }
    let mut out = Vec::new();
    for e in archived {
        match have.get_mut(&content_digest(e)) {
            Some(n) if *n > 0 => *n -= 1,
            _ => out.push(e),
        }
    }
    out
}

/// The archived records that are not in the memory yet (by content: a restored record gets
/// a new id).
pub fn missing_records<'a>(
    archived: &'a [MemoryRecord],
    now: &[MemoryRecord],
) -> Vec<&'a MemoryRecord> {
    let mut have: BTreeMap<String, usize> = BTreeMap::new();
    for r in now {
        *have.entry(record_content_digest(r)).or_default() += 1;
    }
    archived
        .iter()
        .filter(|r| match have.get_mut(&record_content_digest(r)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect()
}

/// How many archived items (events and records) are not in the memory yet.
pub fn missing_count(archived: &Holdings, now: &Holdings) -> usize {
    missing(&archived.events, &now.events).len()
        + missing_records(&archived.records, &now.records).len()
}

/// `h` with each actor id that `map` renames renamed (a restored user's new actor id), in
/// events and in record namespaces (`/tenants/<old actor>/…`, `/tenants/<t>/users/<old sub>/…`).
pub fn with_actors(h: &Holdings, map: &BTreeMap<String, String>) -> Holdings {
    let events = h
        .events
        .iter()
        .map(|e| match map.get(&e.actor_id) {
            Some(new) => MemoryEvent {
                actor_id: new.clone(),
                ..e.clone()
            },
            None => e.clone(),
        })
        .collect();
    let rename = |ns: &String| {
        for (old, new) in map {
            for (from, to) in [
                (format!("/tenants/{old}/"), format!("/tenants/{new}/")),
                (users_ns(old), users_ns(new)),
            ] {
                if let Some(rest) = ns.strip_prefix(&from) {
                    return format!("{to}{rest}");
                }
            }
        }
        ns.clone()
    };
    let records = h
        .records
        .iter()
        .map(|r| MemoryRecord {
            namespaces: r.namespaces.iter().map(rename).collect(),
            ..r.clone()
        })
        .collect();
    Holdings { events, records }
}

/// `/tenants/<tenant>/users/<sub>/` of an actor id `<tenant>:<sub>`.
fn users_ns(actor: &str) -> String {
    match actor.split_once(':') {
        Some((t, sub)) => format!("/tenants/{t}/users/{sub}/"),
        None => format!("/tenants/{actor}/users/"),
    }
}

/// Recreate the archived events and records that are missing; a branch root is mapped to
/// the restored id of its event. `run` makes the idempotency tokens of this restore. The
/// number created. `op` names the command for the test-only crash hook
/// (`<op>:first-memory-create`).
pub async fn recreate(
    p: &Platform,
    op: &str,
    memory_id: &str,
    run: &str,
    archived: &Holdings,
    now: &Holdings,
) -> Result<usize> {
    // Old id -> new id, for branch roots: restored events get new ids.
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    // Events already there (a resumed restore): their content matches an archived event.
    let by_content: BTreeMap<String, &MemoryEvent> =
        now.events.iter().map(|e| (content_digest(e), e)).collect();
    for e in &archived.events {
        if let Some(n) = by_content.get(&content_digest(e)) {
            ids.insert(e.event_id.clone(), n.event_id.clone());
        }
    }
    let mut created = 0;
    for e in missing(&archived.events, &now.events) {
        let root = e
            .branch
            .as_ref()
            .and_then(|b| b.root_event_id.as_ref())
            .map(|r| ids.get(r).cloned().unwrap_or_else(|| r.clone()));
        let token = hex(&Sha256::digest(format!("{run}/{}", e.event_id).as_bytes()));
        let new_id = p
            .write(
                p.aws
                    .memory_create_event(memory_id, e, root.as_deref(), &token[..32]),
            )
            .await?;
        ids.insert(e.event_id.clone(), new_id);
        created += 1;
        if created == 1 {
            super::steps::crash_point(op, "first-memory-create");
        }
    }
    let records: Vec<(String, &MemoryRecord)> = missing_records(&archived.records, &now.records)
        .into_iter()
        .map(|r| {
            let token = hex(&Sha256::digest(format!("{run}/{}", r.record_id).as_bytes()));
            (token[..32].to_string(), r)
        })
        .collect();
    if !records.is_empty() {
        p.write(p.aws.memory_create_records(memory_id, &records))
            .await?;
    }
    Ok(created + records.len())
}

/// After a restore: every archived event and record is in the memory (by content). The first
/// missing one, if any.
pub fn verify_restored(archived: &Holdings, now: &Holdings) -> Result<()> {
    let left = missing(&archived.events, &now.events);
    if let Some(e) = left.first() {
        return Err(Error::env(format!(
            "verification failed: {} archived memory event(s) are not in the memory (first: event {} of actor {})",
            left.len(),
            e.event_id,
            e.actor_id
        ))
        .with_hint("re-run the same command; it recreates only what is missing"));
    }
    let left = missing_records(&archived.records, &now.records);
    if let Some(r) = left.first() {
        return Err(Error::env(format!(
            "verification failed: {} archived long-term memory record(s) are not in the memory (first: record {})",
            left.len(),
            r.record_id
        ))
        .with_hint("re-run the same command; it recreates only what is missing"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::agentcore::{EventBranch, Payload};

    fn ev(id: &str, text: &str) -> MemoryEvent {
        MemoryEvent {
            actor_id: "clinic-a:ann@x.org".into(),
            session_id: "s1".into(),
            event_id: id.into(),
            timestamp: "2026-01-01T00:00:00.000Z".into(),
            branch: Some(EventBranch {
                name: "main".into(),
                root_event_id: None,
            }),
            metadata: BTreeMap::new(),
            payload: vec![Payload::Conversational {
                role: "USER".into(),
                text: Some(text.into()),
            }],
        }
    }

    #[test]
    fn restored_copies_match_by_content_not_by_id() {
        let archived = vec![ev("1#a", "x"), ev("2#b", "y"), ev("3#c", "y")];
        // One "y" restored with a new id: one "y" and the "x" are still missing.
        let now = vec![ev("9#f", "y")];
        let m = missing(&archived, &now);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].event_id, "1#a");
        let held = |events: Vec<MemoryEvent>| Holdings {
            events,
            records: Vec::new(),
        };
        assert!(verify_restored(&held(archived.clone()), &held(now)).is_err());
        let all = vec![ev("7#d", "x"), ev("8#e", "y"), ev("9#f", "y")];
        assert!(verify_restored(&held(archived), &held(all)).is_ok());
        // A changed payload is not the archived event.
        assert_ne!(
            content_digest(&ev("1#a", "x")),
            content_digest(&ev("1#a", "X"))
        );
        assert_eq!(
            content_digest(&ev("1#a", "x")),
            content_digest(&ev("5#q", "x"))
        );
    }

    fn rec(id: &str, ns: &str, text: &str) -> MemoryRecord {
        MemoryRecord {
            record_id: id.into(),
            strategy_id: "facts-abc".into(),
            namespaces: vec![ns.into()],
            timestamp: "2026-01-01T00:00:00.000Z".into(),
            text: Some(text.into()),
            metadata: BTreeMap::new(),
        }
    }

    #[test]
    fn restored_records_match_by_content_and_follow_the_new_actor_id() {
        let old = "clinic-a:0f6c1e2d-aaaa";
        let new = "clinic-a:7b8c9d0e-bbbb";
        let archived = Holdings {
            events: Vec::new(),
            records: vec![
                rec("r1", &format!("/tenants/{old}/facts/"), "allergy"),
                rec("r2", "/tenants/clinic-a/users/0f6c1e2d-aaaa/prefs/", "tea"),
                rec("r3", "/tenants/clinic-a/shared/", "hours"),
            ],
        };
        let map = BTreeMap::from([(old.to_string(), new.to_string())]);
        let moved = with_actors(&archived, &map);
        let ns: Vec<&str> = moved
            .records
            .iter()
            .map(|r| r.namespaces[0].as_str())
            .collect();
        assert_eq!(
            ns,
            [
                "/tenants/clinic-a:7b8c9d0e-bbbb/facts/",
                "/tenants/clinic-a/users/7b8c9d0e-bbbb/prefs/",
                "/tenants/clinic-a/shared/"
            ]
        );
        // Restored copies get new ids: matched by content.
        let mut now = moved.clone();
        now.records[0].record_id = "mem-9".into();
        now.records.pop();
        assert_eq!(missing_count(&moved, &now), 1);
        assert!(verify_restored(&moved, &now).is_err());
        now.records
            .push(rec("mem-10", "/tenants/clinic-a/shared/", "hours"));
        assert!(verify_restored(&moved, &now).is_ok());
    }

    #[test]
    fn a_users_record_prefixes_are_inside_its_tenants_and_no_one_elses() {
        let t = TenantId::parse("clinic-a").unwrap();
        let sub = UserSub::parse("0f6c1e2d-aaaa").unwrap();
        let tenant = Owner::Tenant(&t).record_prefixes();
        for p in Owner::User(&t, &sub).record_prefixes() {
            assert!(tenant.iter().any(|t| p.starts_with(t)), "{p}");
        }
        let other = TenantId::parse("clinic-ab").unwrap();
        for p in Owner::Tenant(&other).record_prefixes() {
            assert!(!tenant.iter().any(|t| p.starts_with(t)), "{p}");
        }
    }

    #[test]
    fn actors_of_a_tenant_are_exactly_its_prefix() {
        let t = TenantId::parse("clinic-a").unwrap();
        let own = |a: &str| Owner::Tenant(&t).owns_actor(a);
        assert!(own("clinic-a:ann@x.org"));
        assert!(!own("clinic-ab:ann@x.org"));
        assert!(!own("clinic-a"));
    }
}
