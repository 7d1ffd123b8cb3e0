//! Faithful copies of every object version under an S3 prefix into another prefix (same or
//! another bucket), proven by reading both sides back: size, SHA-256, content type and user
//! metadata. Offboarding mirrors a tenant's prefix into the archive; set-tier mirrors it into
//! the new tier's prefix. Nothing here deletes a source version: callers delete exactly the
//! versions this module has verified, so nothing can exist in neither place.
//!
//! Versions are copied oldest first, so the destination key's history has the same order and
//! its latest version is the source's latest. Re-running is safe: the destination's versions
//! are matched to the source's by content (in order), and only unmatched source versions are
//! copied. That holds whether the previous run stopped mid-copy or mid-delete.
//!
//! A copy is never sent twice blindly. Into a versioned bucket every CopyObject that lands is
//! one more version, and an attempt that timed out on the client (the endpoint stalled) may
//! still land later. So the SDK does not retry a copy whose outcome is unknown
//! (`aws::retry::NoBlindRetry`); `copy_version` first looks at the destination key and adopts
//! a version with the wanted content it did not know of, and only then copies again. A copy
//! that lands even later is a duplicate that tenantctl made: same key, same content as a
//! verified copy, version id that nobody recorded. `settle`, the last step of every mirror,
//! removes exactly those from the destination (the data stays in the verified copy and the
//! source) and fails on any other version it cannot account for, so a mirror that returns
//! holds exactly its verified copies, and nothing at the source is deleted before that.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use futures::stream::{self, StreamExt, TryStreamExt};
use indicatif::ProgressBar;
use serde::{Deserialize, Serialize};

use crate::aws::s3::{ObjectDigest, ObjectVersion, MAX_COPY_OBJECT_BYTES};
use crate::aws::{Aws, AwsErrorKind};
use crate::error::{Error, Result};
use crate::platform::Platform;

use super::steps::crash_point;

/// A bucket and a key prefix (ending in `/`).
#[derive(Debug, Clone, Copy)]
pub struct Location<'a> {
    pub bucket: &'a str,
    pub prefix: &'a str,
}

impl Location<'_> {
    pub fn uri(&self) -> String {
        crate::naming::Names::s3_uri(self.bucket, self.prefix)
    }
}

/// One source version and its verified copy (also the archive manifest's entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopiedVersion {
    /// Key relative to the source prefix.
    pub key: String,
    pub version_id: String,
    /// Whether this was the key's current version.
    pub latest: bool,
    pub size: i64,
    pub sha256: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    pub metadata: BTreeMap<String, String>,
    /// Full key and version id of the copy.
    pub copy_key: String,
    pub copy_version_id: String,
}

/// A delete marker under the source prefix (it holds no data; recorded so it can be removed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkerRef {
    pub key: String,
    pub version_id: String,
    pub latest: bool,
}

#[derive(Debug, Default)]
pub struct Mirrored {
    /// Every source version (delete markers aside) with its verified copy.
    pub copied: Vec<CopiedVersion>,
    /// How many copies this run made (the rest already existed).
    pub new_copies: usize,
    /// Duplicates of verified copies (copies that landed after their attempt was given up)
    /// removed from the destination.
    pub duplicates_removed: usize,
    /// Copies whose first attempt had an unknown outcome (timed out, connection lost).
    pub copies_in_doubt: usize,
    /// Versions at the destination of a copied key that are neither a verified copy nor a
    /// duplicate of one (full key, version id): someone else wrote them. Left alone here; a
    /// caller whose destination must be exact (offboarding's archive) refuses them.
    pub unrecorded: Vec<(String, String)>,
    pub markers: Vec<MarkerRef>,
}

/// What is under a prefix, from listing alone (for plans).
#[derive(Debug, Default, Clone)]
pub struct Survey {
    /// Versions and delete markers, keys relative to the prefix.
    pub versions: Vec<ObjectVersion>,
}

impl Survey {
    pub fn data_versions(&self) -> impl Iterator<Item = &ObjectVersion> {
        self.versions.iter().filter(|v| !v.delete_marker)
    }
    pub fn version_count(&self) -> usize {
        self.data_versions().count()
    }
    pub fn marker_count(&self) -> usize {
        self.versions.len() - self.version_count()
    }
    pub fn live_objects(&self) -> usize {
        self.data_versions().filter(|v| v.is_latest).count()
    }
    pub fn bytes(&self) -> i64 {
        self.data_versions().map(|v| v.size).sum()
    }
    pub fn is_empty(&self) -> bool {
        self.versions.is_empty()
    }
}

/// List everything under `loc`, keys made relative, minus those `skip` names.
pub async fn survey(
    aws: &Aws,
    loc: Location<'_>,
    skip: &(dyn Fn(&str) -> bool + Sync),
) -> Result<Survey> {
    let mut versions = aws.s3_list_versions(loc.bucket, loc.prefix).await?;
    versions.retain_mut(|v| match v.key.strip_prefix(loc.prefix) {
        Some(rel) if !skip(rel) => {
            v.key = rel.to_string();
            true
        }
        _ => false,
    });
    Ok(Survey { versions })
}

/// Group a survey by key: (data versions oldest first, latest is a delete marker).
pub(super) fn by_key(s: &Survey) -> BTreeMap<String, (Vec<ObjectVersion>, bool)> {
    let mut out: BTreeMap<String, (Vec<ObjectVersion>, bool)> = BTreeMap::new();
    for v in &s.versions {
        let e = out.entry(v.key.clone()).or_default();
        if v.delete_marker {
            e.1 |= v.is_latest;
        } else {
            e.0.push(v.clone());
        }
    }
    // S3 lists a key's versions newest first.
    for e in out.values_mut() {
        e.0.reverse();
    }
    out
}

fn is_copy_of(d: &ObjectDigest, c: &CopiedVersion) -> bool {
    d.size == c.size
        && d.sha256 == c.sha256
        && d.metadata == c.metadata
        && d.content_type == c.content_type
}

fn same_content(a: &ObjectDigest, b: &ObjectDigest) -> bool {
    a.size == b.size
        && a.sha256 == b.sha256
        && a.metadata == b.metadata
        && a.content_type == b.content_type
}

/// Copy every version under `src` that has no verified copy under `dst`, then verify them all.
/// `op` names the command for the crash hook (`<op>:first-copy` fires after the first copy).
pub async fn mirror(
    p: &Platform,
    src: Location<'_>,
    dst: Location<'_>,
    skip: &(dyn Fn(&str) -> bool + Sync),
    op: &str,
    pb: &ProgressBar,
    concurrency: usize,
) -> Result<Mirrored> {
    let src_survey = survey(&p.aws, src, skip).await?;
    mirror_survey(p, src, src_survey, dst, op, pb, concurrency).await
}

/// `mirror` of the source versions in `src_survey` only (e.g. an archive's versions minus the
/// duplicates `recognise_duplicates` set aside).
pub async fn mirror_survey(
    p: &Platform,
    src: Location<'_>,
    src_survey: Survey,
    dst: Location<'_>,
    op: &str,
    pb: &ProgressBar,
    concurrency: usize,
) -> Result<Mirrored> {
    let aws = &p.aws;
    if let Some(big) = src_survey
        .data_versions()
        .find(|v| v.size > MAX_COPY_OBJECT_BYTES)
    {
        return Err(Error::env(format!(
            "{}{} (version {}) is {} bytes; server-side copy handles up to 5 GiB",
            src.uri(),
            big.key,
            big.version_id,
            big.size
        ))
        .with_hint("move that object by hand (multipart copy), then re-run the same command"));
    }
    let dst_survey = survey(aws, dst, &|_| false).await?;
    let src_keys = by_key(&src_survey);
    let mut dst_keys = by_key(&dst_survey);
    pb.set_length(src_keys.len() as u64);
    let first_copy = AtomicBool::new(true);
    let in_doubt = AtomicUsize::new(0);
    let jobs = src_keys.into_iter().map(|(rel, (versions, deleted))| {
        let (existing, dst_deleted) = dst_keys.remove(&rel).unwrap_or_default();
        (rel, versions, deleted, existing, dst_deleted)
    });
    let results: Vec<(Vec<CopiedVersion>, usize, String, bool)> = stream::iter(jobs)
        .map(|(rel, versions, deleted, existing, dst_deleted)| {
            let first_copy = &first_copy;
            let in_doubt = &in_doubt;
            async move {
                let hooks = Hooks {
                    op,
                    first_copy,
                    in_doubt,
                };
                let r = mirror_key(p, src, dst, &rel, &versions, &existing, &hooks).await?;
                // The source's latest state is "deleted": the copy must say so too, or a
                // deleted document would reappear at the destination.
                let needs_marker = deleted && !dst_deleted && !versions.is_empty();
                if needs_marker {
                    p.write(aws.s3_delete_keys(dst.bucket, &[format!("{}{rel}", dst.prefix)]))
                        .await?;
                }
                pb.inc(1);
                Ok::<_, Error>((r.0, r.1, rel, needs_marker))
            }
        })
        .buffer_unordered(concurrency.max(1))
        .try_collect()
        .await?;
    let mut out = Mirrored::default();
    for (copied, n, _, _) in results {
        out.copied.extend(copied);
        out.new_copies += n;
    }
    out.copied.sort_by(|a, b| a.key.cmp(&b.key));
    out.copies_in_doubt = in_doubt.load(Ordering::SeqCst);
    (out.duplicates_removed, out.unrecorded) = settle(p, dst, &out.copied).await?;
    out.markers = src_survey
        .versions
        .iter()
        .filter(|v| v.delete_marker)
        .map(|v| MarkerRef {
            key: v.key.clone(),
            version_id: v.version_id.clone(),
            latest: v.is_latest,
        })
        .collect();
    Ok(out)
}

/// Mirror one key: match the destination's versions to the source's in order (by content),
/// copy the unmatched source versions, and read each copy back.
async fn mirror_key(
    p: &Platform,
    src: Location<'_>,
    dst: Location<'_>,
    rel: &str,
    versions: &[ObjectVersion],
    existing: &[ObjectVersion],
    hooks: &Hooks<'_>,
) -> Result<(Vec<CopiedVersion>, usize)> {
    let aws = &p.aws;
    let src_key = format!("{}{rel}", src.prefix);
    let dst_key = format!("{}{rel}", dst.prefix);
    let mut have = Vec::with_capacity(existing.len());
    for d in existing {
        have.push((
            d.version_id.clone(),
            aws.s3_digest(dst.bucket, &dst_key, &d.version_id).await?,
        ));
    }
    let mut next = 0usize;
    let mut matched: Vec<ObjectDigest> = Vec::new();
    let mut out = Vec::new();
    let mut copies = 0usize;
    for v in versions {
        let want = aws.s3_digest(src.bucket, &src_key, &v.version_id).await?;
        let found = have[next..]
            .iter()
            .position(|(_, d)| same_content(d, &want))
            .map(|i| next + i);
        let copy_version_id = match found {
            Some(i) => {
                next = i + 1;
                matched.push(want.clone());
                have[i].0.clone()
            }
            None => {
                // Versions after the last verified copy that repeat a copy's content are
                // duplicates tenantctl made (removed by `settle`), not someone else's data.
                let strays = have[next..]
                    .iter()
                    .filter(|(_, d)| !matched.iter().any(|m| same_content(m, d)))
                    .count();
                if strays > 0 {
                    // Versions we did not write sit after the last verified copy (someone wrote
                    // to the destination): copying now would bury their data under older data.
                    return Err(Error::env(format!(
                        "{} has {} version(s) that are not copies of {}; refusing to copy over them",
                        crate::naming::Names::s3_uri(dst.bucket, &dst_key),
                        strays,
                        crate::naming::Names::s3_uri(src.bucket, &src_key)
                    ))
                    .with_hint("compare the two keys' versions and remove the stray ones by hand, then re-run the same command"));
                }
                let known: Vec<String> = have.iter().map(|(id, _)| id.clone()).collect();
                let id = copy_version(
                    p, src.bucket, &src_key, v, dst.bucket, &dst_key, &want, &known, hooks,
                )
                .await?;
                if hooks.first_copy.swap(false, Ordering::SeqCst) {
                    crash_point(hooks.op, "first-copy");
                }
                copies += 1;
                let got = aws.s3_digest(dst.bucket, &dst_key, &id).await?;
                if !same_content(&got, &want) {
                    return Err(Error::env(format!(
                        "verification failed: copy of {} (version {}) reads back different (size {} vs {}, sha256 {} vs {})",
                        crate::naming::Names::s3_uri(src.bucket, &src_key),
                        v.version_id,
                        got.size,
                        want.size,
                        got.sha256,
                        want.sha256
                    ))
                    .with_hint("nothing was deleted; re-run the same command, and check the bucket's encryption/replication settings if it repeats"));
                }
                have.push((id.clone(), got));
                matched.push(want.clone());
                next = have.len();
                id
            }
        };
        out.push(CopiedVersion {
            key: rel.to_string(),
            version_id: v.version_id.clone(),
            latest: v.is_latest,
            size: want.size,
            sha256: want.sha256,
            content_type: want.content_type,
            metadata: want.metadata,
            copy_key: dst_key.clone(),
            copy_version_id,
        });
    }
    Ok((out, copies))
}

/// What `mirror_key` reports back: the command (for the crash hook), whether the first copy
/// was made, how many copies were in doubt.
struct Hooks<'a> {
    op: &'a str,
    first_copy: &'a AtomicBool,
    in_doubt: &'a AtomicUsize,
}

/// How often one version's copy is sent when its outcome stays unknown.
const COPY_ROUNDS: u32 = 4;

/// Copy one source version to `dst_key`, made safe to repeat: when an attempt's outcome is
/// unknown (it timed out or lost its connection: it may still land), look at the destination
/// before copying again, and adopt a version with the wanted content that is none of `known`
/// (the versions there before). Returns the copy's version id.
#[allow(clippy::too_many_arguments)]
async fn copy_version(
    p: &Platform,
    src_bucket: &str,
    src_key: &str,
    v: &ObjectVersion,
    dst_bucket: &str,
    dst_key: &str,
    want: &ObjectDigest,
    known: &[String],
    hooks: &Hooks<'_>,
) -> Result<String> {
    let aws = &p.aws;
    let mut doubted = false;
    let mut round = 0;
    loop {
        round += 1;
        let e = match p
            .write(aws.s3_copy_version(src_bucket, src_key, &v.version_id, dst_bucket, dst_key))
            .await
        {
            Ok(id) => return Ok(id),
            Err(e) if e.kind == AwsErrorKind::Transient => e,
            Err(e) => return Err(e.into()),
        };
        if !doubted {
            doubted = true;
            hooks.in_doubt.fetch_add(1, Ordering::SeqCst);
        }
        // Did it land after all? (The listing waits for the endpoint to answer again.)
        if let Some(id) = landed(aws, dst_bucket, dst_key, want, known).await? {
            p.wrote();
            return Ok(id);
        }
        if round >= COPY_ROUNDS {
            return Err(Error::from(e).with_hint(
                "nothing was deleted; re-run the same command: it finds copies that landed late and copies only what is missing",
            ));
        }
        tokio::time::sleep(std::time::Duration::from_millis(250 << round)).await;
    }
}

/// A version of `key` with the wanted content that is none of `known`, if one has landed.
async fn landed(
    aws: &Aws,
    bucket: &str,
    key: &str,
    want: &ObjectDigest,
    known: &[String],
) -> Result<Option<String>> {
    let mut fresh: Vec<ObjectVersion> = aws
        .s3_list_versions(bucket, key)
        .await?
        .into_iter()
        .filter(|x| x.key == key && !x.delete_marker && !known.contains(&x.version_id))
        .collect();
    // Oldest first: the first copy that landed is the one kept.
    fresh.reverse();
    for x in fresh {
        if same_content(&aws.s3_digest(bucket, key, &x.version_id).await?, want) {
            return Ok(Some(x.version_id));
        }
    }
    Ok(None)
}

/// The last step of a mirror: for every key copied, the destination must hold the verified
/// copies. Duplicates of a verified copy (same content, a version id nobody recorded: a copy
/// that landed after its attempt was given up) are removed; other unrecorded versions are
/// returned, untouched. Looks again after a removal, until a look finds nothing to remove.
/// Returns how many duplicates were removed and the other unrecorded versions.
async fn settle(
    p: &Platform,
    dst: Location<'_>,
    copied: &[CopiedVersion],
) -> Result<(usize, Vec<(String, String)>)> {
    let aws = &p.aws;
    let mut by_rel: BTreeMap<&str, Vec<&CopiedVersion>> = BTreeMap::new();
    for c in copied {
        by_rel.entry(c.key.as_str()).or_default().push(c);
    }
    let mut removed = 0;
    for _ in 0..5 {
        let now = by_key(&survey(aws, dst, &|_| false).await?);
        let mut dups: Vec<(String, String)> = Vec::new();
        let mut others: Vec<(String, String)> = Vec::new();
        for (rel, copies) in &by_rel {
            let full = format!("{}{rel}", dst.prefix);
            let listed: &[ObjectVersion] = now.get(*rel).map_or(&[], |(v, _)| v.as_slice());
            let ids: BTreeSet<&str> = listed.iter().map(|v| v.version_id.as_str()).collect();
            if let Some(gone) = copies
                .iter()
                .find(|c| !ids.contains(c.copy_version_id.as_str()))
            {
                return Err(Error::env(format!(
                    "verified copy {} (version {}) is no longer there",
                    crate::naming::Names::s3_uri(dst.bucket, &full),
                    gone.copy_version_id
                ))
                .with_hint(
                    "nothing was deleted at the source; re-run the same command to copy it again",
                ));
            }
            let mine: BTreeSet<&str> = copies.iter().map(|c| c.copy_version_id.as_str()).collect();
            for x in listed
                .iter()
                .filter(|x| !mine.contains(x.version_id.as_str()))
            {
                let d = aws.s3_digest(dst.bucket, &full, &x.version_id).await?;
                if copies.iter().any(|c| is_copy_of(&d, c)) {
                    dups.push((full.clone(), x.version_id.clone()));
                } else {
                    others.push((full.clone(), x.version_id.clone()));
                }
            }
        }
        if dups.is_empty() {
            return Ok((removed, others));
        }
        p.write(aws.s3_delete_versions(dst.bucket, &dups)).await?;
        removed += dups.len();
    }
    Err(Error::env(format!(
        "duplicate copies keep appearing under {}; the endpoint may still be processing old requests",
        dst.uri()
    ))
    .with_hint("nothing was deleted at the source; wait a minute, then re-run the same command"))
}

/// The data versions under `loc` (surveyed as `s`) that are not among `recorded` (key relative
/// to `loc`, version id) but hold the same content as a recorded version of the same key:
/// copies that landed after tenantctl had given their attempt up and verified another one.
/// They are taken out of the returned survey (each key's latest state recomputed without
/// them) and counted, never deleted: restore reads an archive, it does not change it. Any
/// other unrecorded version stays in the survey, for the caller to refuse.
pub async fn recognise_duplicates(
    aws: &Aws,
    loc: Location<'_>,
    mut s: Survey,
    recorded: &[CopiedVersion],
    recorded_id: impl Fn(&CopiedVersion) -> &str,
) -> Result<(Survey, usize)> {
    let known: BTreeSet<(&str, &str)> = recorded
        .iter()
        .map(|c| (c.key.as_str(), recorded_id(c)))
        .collect();
    let mut dups: BTreeSet<(String, String)> = BTreeSet::new();
    for v in s.data_versions() {
        if known.contains(&(v.key.as_str(), v.version_id.as_str())) {
            continue;
        }
        let same_key: Vec<&CopiedVersion> = recorded.iter().filter(|c| c.key == v.key).collect();
        if same_key.is_empty() {
            continue;
        }
        let d = aws
            .s3_digest(
                loc.bucket,
                &format!("{}{}", loc.prefix, v.key),
                &v.version_id,
            )
            .await?;
        if same_key.iter().any(|c| is_copy_of(&d, c)) {
            dups.insert((v.key.clone(), v.version_id.clone()));
        }
    }
    if dups.is_empty() {
        return Ok((s, 0));
    }
    let lost_latest: BTreeSet<String> = s
        .versions
        .iter()
        .filter(|v| v.is_latest && dups.contains(&(v.key.clone(), v.version_id.clone())))
        .map(|v| v.key.clone())
        .collect();
    s.versions
        .retain(|v| !dups.contains(&(v.key.clone(), v.version_id.clone())));
    // S3 lists a key's versions newest first: the first one left is now the latest.
    let mut seen = BTreeSet::new();
    for v in s.versions.iter_mut() {
        if lost_latest.contains(&v.key) && seen.insert(v.key.clone()) {
            v.is_latest = true;
        }
    }
    Ok((s, dups.len()))
}

/// Permanently delete the given versions under `loc` (keys relative to its prefix), one key
/// first and then in batches, so a crash test can stop the process half-way
/// (`<op>:first-delete`). Returns how many were deleted.
pub async fn delete_versions(
    p: &Platform,
    loc: Location<'_>,
    versions: &[(String, String)],
    op: &str,
) -> Result<usize> {
    if versions.is_empty() {
        return Ok(0);
    }
    let full: Vec<(String, String)> = versions
        .iter()
        .map(|(k, v)| (format!("{}{k}", loc.prefix), v.clone()))
        .collect();
    let first_key = &full[0].0;
    let split = full
        .iter()
        .position(|(k, _)| k != first_key)
        .unwrap_or(full.len());
    p.write(p.aws.s3_delete_versions(loc.bucket, &full[..split]))
        .await?;
    crash_point(op, "first-delete");
    p.write(p.aws.s3_delete_versions(loc.bucket, &full[split..]))
        .await?;
    Ok(full.len())
}
