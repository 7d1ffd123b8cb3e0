//! A tenant's (or one user's) AgentCore Memory events as tenant data: enumerate them
//! (ListActors → the tenant's actors `<tenant>:<user>` → ListSessions → ListEvents), archive
//! them to S3 (`memory/events.jsonl`, one event per line, and `memory/manifest.json` with the
//! count and the SHA-256 of each event), verify the archive by reading it back, erase exactly
//! the archived events, and recreate them on restore.
//!
//! Payloads are health data: nothing here prints or logs them; plans and messages carry
//! counts and digests only.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::aws::agentcore::MemoryEvent;
use crate::error::{Error, Result};
use crate::ids::TenantId;
use crate::naming::Names;
use crate::platform::Platform;
use crate::record::Membership;

/// Newest memory manifest schema this tenantctl writes (and reads).
pub const MEMORY_MANIFEST_SCHEMA: u32 = 1;

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
}

/// Where one archive's memory files live.
#[derive(Debug, Clone)]
pub struct MemoryArchive {
    pub bucket: String,
    pub events_key: String,
    pub manifest_key: String,
}

impl MemoryArchive {
    /// The memory part of an offboarding run.
    pub fn of_run(names: &Names, t: &TenantId, run: &str) -> MemoryArchive {
        MemoryArchive {
            bucket: names.archive_bucket.clone(),
            events_key: names.archive_memory_events_key(t, run),
            manifest_key: names.archive_memory_manifest_key(t, run),
        }
    }
    /// The memory part of a `user remove` erasure run.
    pub fn of_erasure(names: &Names, t: &TenantId, run: &str) -> MemoryArchive {
        let prefix = names.erasure_run_prefix(t, run);
        MemoryArchive {
            bucket: names.archive_bucket.clone(),
            events_key: format!("{prefix}memory/events.jsonl"),
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

/// The actors of a tenant: those starting `<tenant>:`.
pub fn tenant_actors(t: &TenantId) -> impl Fn(&str) -> bool {
    let prefix = Names::actor_prefix(t);
    move |a: &str| a.starts_with(&prefix)
}

/// Every event of one user of a tenant (actor `<tenant>:<sub>`), for an access request. The
/// tenant must exist (offboarded ones too: their memory may not have been erased). The user's
/// sub comes from the tenant's membership, else from the user pool.
pub async fn of_user(
    p: &Platform,
    t: &TenantId,
    user: &crate::ids::Email,
) -> Result<(String, Vec<MemoryEvent>)> {
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
    let only = |a: &str| a == actor;
    Ok((actor.clone(), events_of(p, id, &only).await?))
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

/// Read an archive back and check it: the manifest's count, the file's SHA-256, and the
/// SHA-256 of every line against the manifest's entry for that event. None when there is none.
pub async fn read_verified(
    p: &Platform,
    a: &MemoryArchive,
) -> Result<Option<(MemoryManifest, Vec<MemoryEvent>)>> {
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
    let body = p
        .aws
        .s3_get_bytes(&a.bucket, &a.events_key)
        .await?
        .ok_or_else(|| damaged(a, "the events file is missing"))?;
    if hex(&Sha256::digest(&body)) != m.file_sha256 {
        return Err(damaged(
            a,
            "the events file's SHA-256 is not the manifest's",
        ));
    }
    let text = String::from_utf8(body).map_err(|_| damaged(a, "the events file is not UTF-8"))?;
    let mut events = Vec::new();
    for (i, l) in text.lines().enumerate() {
        let e: MemoryEvent = serde_json::from_str(l)
            .map_err(|err| damaged(a, format!("line {} is not an event: {err}", i + 1)))?;
        if line(&e) != l {
            return Err(damaged(
                a,
                format!("line {} is not in canonical form", i + 1),
            ));
        }
        events.push(e);
    }
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
    Ok(Some((m, events)))
}

/// Archive `live` (merged with what the archive already holds: a resumed run may no longer
/// see what an earlier run archived and deleted), then read it back and verify it. Every
/// live event must come back with the same SHA-256. Returns the verified manifest and events.
pub async fn archive(
    p: &Platform,
    t: &TenantId,
    memory_id: &str,
    a: &MemoryArchive,
    live: &[MemoryEvent],
) -> Result<(MemoryManifest, Vec<MemoryEvent>)> {
    let old = read_verified(p, a).await?;
    let (created_at, created_by, mut all) = match old {
        Some((m, evs)) => (
            m.created_at,
            m.created_by,
            evs.into_iter().map(|e| (key(&e), e)).collect(),
        ),
        None => (Utc::now(), p.caller.arn.clone(), BTreeMap::new()),
    };
    for e in live {
        all.insert(key(e), e.clone());
    }
    let mut events: Vec<MemoryEvent> = all.into_values().collect();
    events.sort_by(|x, y| {
        (&x.actor_id, &x.session_id, &x.timestamp, &x.event_id).cmp(&(
            &y.actor_id,
            &y.session_id,
            &y.timestamp,
            &y.event_id,
        ))
    });
    let mut body = String::new();
    for e in &events {
        body.push_str(&line(e));
        body.push('\n');
    }
    let manifest = MemoryManifest {
        schema_version: MEMORY_MANIFEST_SCHEMA,
        tenant: t.clone(),
        memory_arn: p.names.memory_arn(memory_id),
        events_uri: a.uri(),
        created_at,
        created_by,
        count: events.len(),
        file_sha256: hex(&Sha256::digest(body.as_bytes())),
        events: events
            .iter()
            .map(|e| EventDigest {
                actor_id: e.actor_id.clone(),
                session_id: e.session_id.clone(),
                event_id: e.event_id.clone(),
                sha256: digest(e),
            })
            .collect(),
    };
    let mjson = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| Error::env(format!("serialising the memory manifest: {e}")))?;
    // Unchanged objects are not rewritten (the archive bucket is versioned).
    if p.aws
        .s3_get_bytes(&a.bucket, &a.events_key)
        .await?
        .as_deref()
        != Some(body.as_bytes())
    {
        p.write(p.aws.s3_put(
            &a.bucket,
            &a.events_key,
            body.into_bytes(),
            &Default::default(),
        ))
        .await?;
    }
    if p.aws
        .s3_get_bytes(&a.bucket, &a.manifest_key)
        .await?
        .as_deref()
        != Some(mjson.as_slice())
    {
        p.write(
            p.aws
                .s3_put(&a.bucket, &a.manifest_key, mjson, &Default::default()),
        )
        .await?;
    }
    // Read back: the deletes that follow trust only what the archive itself says.
    let (back, back_events) = read_verified(p, a)
        .await?
        .ok_or_else(|| damaged(a, "its manifest vanished after writing"))?;
    let archived: BTreeMap<(String, String, String), String> = back
        .events
        .iter()
        .map(|d| {
            (
                (d.actor_id.clone(), d.session_id.clone(), d.event_id.clone()),
                d.sha256.clone(),
            )
        })
        .collect();
    for e in live {
        if archived.get(&key(e)) != Some(&digest(e)) {
            return Err(damaged(
                a,
                format!(
                    "event {} of actor {} did not read back as it was written",
                    e.event_id, e.actor_id
                ),
            ));
        }
    }
    Ok((back, back_events))
}

/// Delete exactly the events of `now` that the verified archive holds with the same
/// SHA-256. Returns (deleted, kept): kept events were written after the archive was taken.
/// `op` names the command for the test-only crash hook (`<op>:first-memory-delete`).
pub async fn erase(
    p: &Platform,
    op: &str,
    memory_id: &str,
    manifest: &MemoryManifest,
    now: &[MemoryEvent],
) -> Result<(usize, usize)> {
    let archived: BTreeMap<(&str, &str, &str), &str> = manifest
        .events
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
        .collect();
    let (mut deleted, mut kept) = (0, 0);
    for e in now {
        let k = (
            e.actor_id.as_str(),
            e.session_id.as_str(),
            e.event_id.as_str(),
        );
        if archived.get(&k).copied() == Some(digest(e).as_str()) {
            p.write(
                p.aws
                    .memory_delete_event(memory_id, &e.actor_id, &e.session_id, &e.event_id),
            )
            .await?;
            deleted += 1;
            if deleted == 1 {
                super::steps::crash_point(op, "first-memory-delete");
            }
        } else {
            kept += 1;
        }
    }
    Ok((deleted, kept))
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

/// `events` with each actor id that `map` renames renamed (a restored user's new actor id).
pub fn with_actors(events: &[MemoryEvent], map: &BTreeMap<String, String>) -> Vec<MemoryEvent> {
    events
        .iter()
        .map(|e| match map.get(&e.actor_id) {
            Some(new) => MemoryEvent {
                actor_id: new.clone(),
                ..e.clone()
            },
            None => e.clone(),
        })
        .collect()
}

/// Recreate the archived events that are missing; a branch root is mapped to the restored
/// id of its event. `run` makes the idempotency tokens of this restore. The number created.
/// `op` names the command for the test-only crash hook (`<op>:first-memory-create`).
pub async fn recreate(
    p: &Platform,
    op: &str,
    memory_id: &str,
    run: &str,
    archived: &[MemoryEvent],
    now: &[MemoryEvent],
) -> Result<usize> {
    // Old id -> new id, for branch roots: restored events get new ids.
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    // Events already there (a resumed restore): their content matches an archived event.
    let by_content: BTreeMap<String, &MemoryEvent> =
        now.iter().map(|e| (content_digest(e), e)).collect();
    for e in archived {
        if let Some(n) = by_content.get(&content_digest(e)) {
            ids.insert(e.event_id.clone(), n.event_id.clone());
        }
    }
    let todo = missing(archived, now);
    let mut created = 0;
    for e in todo {
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
    Ok(created)
}

/// After a restore: every archived event is in the memory (by content). The first missing
/// one, if any.
pub fn verify_restored(archived: &[MemoryEvent], now: &[MemoryEvent]) -> Result<()> {
    let left = missing(archived, now);
    if let Some(e) = left.first() {
        return Err(Error::env(format!(
            "verification failed: {} archived memory event(s) are not in the memory (first: event {} of actor {})",
            left.len(),
            e.event_id,
            e.actor_id
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
        assert!(verify_restored(&archived, &now).is_err());
        let all = vec![ev("7#d", "x"), ev("8#e", "y"), ev("9#f", "y")];
        assert!(verify_restored(&archived, &all).is_ok());
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

    #[test]
    fn actors_of_a_tenant_are_exactly_its_prefix() {
        let t = TenantId::parse("clinic-a").unwrap();
        let own = tenant_actors(&t);
        assert!(own("clinic-a:ann@x.org"));
        assert!(!own("clinic-ab:ann@x.org"));
        assert!(!own("clinic-a"));
    }
}
