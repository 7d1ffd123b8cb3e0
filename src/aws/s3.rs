//! S3: tenant data prefixes, the archive bucket, bucket hardening.

use std::collections::HashMap;

use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{
    BucketLocationConstraint, BucketVersioningStatus, CreateBucketConfiguration, Delete,
    ObjectIdentifier, PublicAccessBlockConfiguration, ServerSideEncryption,
    ServerSideEncryptionByDefault, ServerSideEncryptionConfiguration, ServerSideEncryptionRule,
    VersioningConfiguration,
};

use super::errors::{classify, AwsResult, OptionalExt};
use super::Aws;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectInfo {
    pub key: String,
    pub size: i64,
    pub etag: String,
}

/// An object's bytes with the ETag they were read at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tagged {
    pub body: Vec<u8>,
    pub etag: String,
}

/// The condition of a conditional PutObject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PutIf<'a> {
    /// The object still has this ETag.
    Match(&'a str),
    /// The object does not exist yet.
    Absent,
}

/// Whether a conditional put failed because its condition no longer held (someone else
/// wrote first), rather than for any other reason.
fn is_condition_failure(e: &super::AwsError, cond: PutIf<'_>) -> bool {
    matches!(
        e.code.as_str(),
        "PreconditionFailed" | "ConditionalRequestConflict" | "HTTP 412" | "HTTP 409"
    ) || (matches!(cond, PutIf::Match(_)) && e.kind == super::AwsErrorKind::NotFound)
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BucketState {
    pub exists: bool,
    pub versioning: bool,
    pub encryption: bool,
    pub public_access_blocked: bool,
}

impl Aws {
    pub async fn s3_bucket_state(&self, bucket: &str) -> AwsResult<BucketState> {
        let head = self
            .s3
            .head_bucket()
            .bucket(bucket)
            .send()
            .await
            .map_err(|e| classify(format!("s3:HeadBucket {bucket}"), e));
        if head.optional()?.is_none() {
            return Ok(BucketState::default());
        }
        let versioning = self
            .s3
            .get_bucket_versioning()
            .bucket(bucket)
            .send()
            .await
            .map_err(|e| classify(format!("s3:GetBucketVersioning {bucket}"), e))?
            .status
            == Some(BucketVersioningStatus::Enabled);
        let encryption = self
            .s3
            .get_bucket_encryption()
            .bucket(bucket)
            .send()
            .await
            .map_err(|e| classify(format!("s3:GetBucketEncryption {bucket}"), e))
            .optional()?
            .and_then(|o| o.server_side_encryption_configuration)
            .is_some_and(|c| !c.rules.is_empty());
        let pab = self
            .s3
            .get_public_access_block()
            .bucket(bucket)
            .send()
            .await
            .map_err(|e| classify(format!("s3:GetPublicAccessBlock {bucket}"), e))
            .optional()?
            .and_then(|o| o.public_access_block_configuration);
        let public_access_blocked = pab.is_some_and(|p| {
            p.block_public_acls == Some(true)
                && p.ignore_public_acls == Some(true)
                && p.block_public_policy == Some(true)
                && p.restrict_public_buckets == Some(true)
        });
        Ok(BucketState {
            exists: true,
            versioning,
            encryption,
            public_access_blocked,
        })
    }

    pub async fn s3_create_bucket(&self, bucket: &str, region: &str) -> AwsResult<()> {
        let mut req = self.s3.create_bucket().bucket(bucket);
        // us-east-1 is the one region that rejects an explicit location constraint.
        if region != "us-east-1" {
            req = req.create_bucket_configuration(
                CreateBucketConfiguration::builder()
                    .location_constraint(BucketLocationConstraint::from(region))
                    .build(),
            );
        }
        match req
            .send()
            .await
            .map_err(|e| classify(format!("s3:CreateBucket {bucket}"), e))
        {
            Ok(_) => Ok(()),
            Err(e) if e.code == "BucketAlreadyOwnedByYou" => Ok(()),
            Err(e) => Err(e),
        }
    }

    pub async fn s3_enable_versioning(&self, bucket: &str) -> AwsResult<()> {
        self.s3
            .put_bucket_versioning()
            .bucket(bucket)
            .versioning_configuration(
                VersioningConfiguration::builder()
                    .status(BucketVersioningStatus::Enabled)
                    .build(),
            )
            .send()
            .await
            .map(|_| ())
            .map_err(|e| classify(format!("s3:PutBucketVersioning {bucket}"), e))
    }

    pub async fn s3_enable_encryption(&self, bucket: &str) -> AwsResult<()> {
        let rule = ServerSideEncryptionRule::builder()
            .apply_server_side_encryption_by_default(
                ServerSideEncryptionByDefault::builder()
                    .sse_algorithm(ServerSideEncryption::Aes256)
                    .build()
                    .expect("algorithm set"),
            )
            .build();
        self.s3
            .put_bucket_encryption()
            .bucket(bucket)
            .server_side_encryption_configuration(
                ServerSideEncryptionConfiguration::builder()
                    .rules(rule)
                    .build()
                    .expect("rules set"),
            )
            .send()
            .await
            .map(|_| ())
            .map_err(|e| classify(format!("s3:PutBucketEncryption {bucket}"), e))
    }

    pub async fn s3_block_public_access(&self, bucket: &str) -> AwsResult<()> {
        self.s3
            .put_public_access_block()
            .bucket(bucket)
            .public_access_block_configuration(
                PublicAccessBlockConfiguration::builder()
                    .block_public_acls(true)
                    .ignore_public_acls(true)
                    .block_public_policy(true)
                    .restrict_public_buckets(true)
                    .build(),
            )
            .send()
            .await
            .map(|_| ())
            .map_err(|e| classify(format!("s3:PutPublicAccessBlock {bucket}"), e))
    }

    pub async fn s3_put(
        &self,
        bucket: &str,
        key: &str,
        body: Vec<u8>,
        metadata: &HashMap<String, String>,
    ) -> AwsResult<()> {
        let mut req = self
            .s3
            .put_object()
            .bucket(bucket)
            .key(key)
            .body(ByteStream::from(body));
        for (k, v) in metadata {
            req = req.metadata(k, v);
        }
        req.send()
            .await
            .map(|_| ())
            .map_err(|e| classify(format!("s3:PutObject s3://{bucket}/{key}"), e))
    }

    pub async fn s3_head(&self, bucket: &str, key: &str) -> AwsResult<Option<ObjectInfo>> {
        self.s3
            .head_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| classify(format!("s3:HeadObject s3://{bucket}/{key}"), e))
            .optional()
            .map(|o| {
                o.map(|h| ObjectInfo {
                    key: key.to_string(),
                    size: h.content_length.unwrap_or(0),
                    etag: h.e_tag.unwrap_or_default(),
                })
            })
    }

    /// Every object under `prefix` (ListObjectsV2, paginated).
    pub async fn s3_list(&self, bucket: &str, prefix: &str) -> AwsResult<Vec<ObjectInfo>> {
        let mut out = Vec::new();
        let mut pages = self
            .s3
            .list_objects_v2()
            .bucket(bucket)
            .prefix(prefix)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page =
                page.map_err(|e| classify(format!("s3:ListObjectsV2 s3://{bucket}/{prefix}"), e))?;
            for o in page.contents.unwrap_or_default() {
                out.push(ObjectInfo {
                    key: o.key.unwrap_or_default(),
                    size: o.size.unwrap_or(0),
                    etag: o.e_tag.unwrap_or_default(),
                });
            }
        }
        Ok(out)
    }

    /// Delete keys in batches of 1000 (DeleteObjects' limit). Missing keys are not errors.
    pub async fn s3_delete_keys(&self, bucket: &str, keys: &[String]) -> AwsResult<()> {
        for chunk in keys.chunks(1000) {
            let ids: Vec<ObjectIdentifier> = chunk
                .iter()
                .map(|k| ObjectIdentifier::builder().key(k).build().expect("key set"))
                .collect();
            let out = self
                .s3
                .delete_objects()
                .bucket(bucket)
                .delete(
                    Delete::builder()
                        .set_objects(Some(ids))
                        .quiet(true)
                        .build()
                        .expect("objects set"),
                )
                .send()
                .await
                .map_err(|e| classify(format!("s3:DeleteObjects s3://{bucket}"), e))?;
            if let Some(err) = out.errors.unwrap_or_default().into_iter().next() {
                return Err(super::AwsError {
                    kind: super::AwsErrorKind::Other,
                    op: format!(
                        "s3:DeleteObjects s3://{bucket}/{}",
                        err.key.unwrap_or_default()
                    ),
                    code: err.code.unwrap_or_default(),
                    message: err.message.unwrap_or_default(),
                });
            }
        }
        Ok(())
    }
}

/// One version (or delete marker) of an object, as ListObjectVersions reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectVersion {
    pub key: String,
    /// `"null"` for objects written while the bucket was unversioned.
    pub version_id: String,
    pub size: i64,
    pub is_latest: bool,
    pub delete_marker: bool,
}

/// What reading one object version back yields: enough to prove a copy is faithful.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectDigest {
    pub size: i64,
    /// Lowercase hex SHA-256 of the bytes, computed while streaming them.
    pub sha256: String,
    pub content_type: Option<String>,
    /// User metadata (`x-amz-meta-*`), keys as S3 returns them (lowercase).
    pub metadata: std::collections::BTreeMap<String, String>,
}

/// CopyObject handles sources up to 5 GiB; larger ones need a multipart copy.
pub const MAX_COPY_OBJECT_BYTES: i64 = 5 * 1024 * 1024 * 1024;

/// `bucket/key?versionId=v` for CopySource, the key percent-encoded (slashes kept).
fn copy_source(bucket: &str, key: &str, version_id: &str) -> String {
    const KEY: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    format!(
        "{bucket}/{}?versionId={}",
        percent_encoding::utf8_percent_encode(key, KEY),
        percent_encoding::utf8_percent_encode(version_id, KEY)
    )
}

impl Aws {
    /// Every version and delete marker under `prefix` (paginated ListObjectVersions).
    /// Per key, versions come newest first, as S3 lists them.
    pub async fn s3_list_versions(
        &self,
        bucket: &str,
        prefix: &str,
    ) -> AwsResult<Vec<ObjectVersion>> {
        let op = || format!("s3:ListObjectVersions s3://{bucket}/{prefix}");
        let mut out = Vec::new();
        let (mut key_marker, mut version_marker): (Option<String>, Option<String>) = (None, None);
        loop {
            let page = self
                .s3
                .list_object_versions()
                .bucket(bucket)
                .prefix(prefix)
                .set_key_marker(key_marker.take())
                .set_version_id_marker(version_marker.take())
                .send()
                .await
                .map_err(|e| classify(op(), e))?;
            for v in page.versions.unwrap_or_default() {
                out.push(ObjectVersion {
                    key: v.key.unwrap_or_default(),
                    version_id: v.version_id.unwrap_or_else(|| "null".into()),
                    size: v.size.unwrap_or(0),
                    is_latest: v.is_latest.unwrap_or(false),
                    delete_marker: false,
                });
            }
            for m in page.delete_markers.unwrap_or_default() {
                out.push(ObjectVersion {
                    key: m.key.unwrap_or_default(),
                    version_id: m.version_id.unwrap_or_else(|| "null".into()),
                    size: 0,
                    is_latest: m.is_latest.unwrap_or(false),
                    delete_marker: true,
                });
            }
            if page.is_truncated != Some(true) {
                return Ok(out);
            }
            key_marker = page.next_key_marker;
            version_marker = page.next_version_id_marker;
            if key_marker.is_none() {
                return Ok(out);
            }
        }
    }

    /// Server-side copy of one version (user metadata, content type and tags carried over by
    /// S3's default COPY directives). Returns the version id of the new object.
    pub async fn s3_copy_version(
        &self,
        src_bucket: &str,
        src_key: &str,
        version_id: &str,
        dst_bucket: &str,
        dst_key: &str,
    ) -> AwsResult<String> {
        let op = format!("s3:CopyObject s3://{src_bucket}/{src_key}?versionId={version_id} -> s3://{dst_bucket}/{dst_key}");
        let out = self
            .s3
            .copy_object()
            .copy_source(copy_source(src_bucket, src_key, version_id))
            .bucket(dst_bucket)
            .key(dst_key)
            // Into a versioned bucket a second CopyObject is a second version: an attempt whose
            // outcome is unknown (timed out, connection lost) is not sent again blindly; the
            // caller looks at the destination first (lifecycle::mirror).
            .customize()
            .config_override(
                aws_sdk_s3::config::Builder::default().retry_classifier(super::retry::NoBlindRetry),
            )
            .send()
            .await
            .map_err(|e| classify(op, e))?;
        Ok(out.version_id.unwrap_or_else(|| "null".into()))
    }

    /// Read one version back, hashing it as it streams (the whole object is never held in memory).
    pub async fn s3_digest(
        &self,
        bucket: &str,
        key: &str,
        version_id: &str,
    ) -> AwsResult<ObjectDigest> {
        use sha2::{Digest, Sha256};
        let op = || format!("s3:GetObject s3://{bucket}/{key}?versionId={version_id}");
        // "null" is a valid version id (objects written while the bucket was unversioned).
        let out = self
            .s3
            .get_object()
            .bucket(bucket)
            .key(key)
            .version_id(version_id)
            .send()
            .await
            .map_err(|e| classify(op(), e))?;
        let content_type = out.content_type.clone();
        let metadata = out
            .metadata
            .clone()
            .unwrap_or_default()
            .into_iter()
            .collect();
        let mut body = out.body;
        let mut hasher = Sha256::new();
        let mut size = 0i64;
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|e| super::AwsError {
                kind: super::AwsErrorKind::Transient,
                op: op(),
                code: "BodyReadError".into(),
                message: e.to_string(),
            })?;
            size += chunk.len() as i64;
            hasher.update(&chunk);
        }
        let sha256 = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(ObjectDigest {
            size,
            sha256,
            content_type,
            metadata,
        })
    }

    /// The bytes of a (small) object, or None when it does not exist.
    pub async fn s3_get_bytes(&self, bucket: &str, key: &str) -> AwsResult<Option<Vec<u8>>> {
        Ok(self.s3_get_tagged(bucket, key).await?.map(|o| o.body))
    }

    /// The bytes of a (small) object and its ETag (what a conditional write names), or None
    /// when it does not exist.
    pub async fn s3_get_tagged(&self, bucket: &str, key: &str) -> AwsResult<Option<Tagged>> {
        let op = || format!("s3:GetObject s3://{bucket}/{key}");
        let Some(out) = self
            .s3
            .get_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| classify(op(), e))
            .optional()?
        else {
            return Ok(None);
        };
        let etag = out.e_tag.clone().unwrap_or_default();
        let bytes = out.body.collect().await.map_err(|e| super::AwsError {
            kind: super::AwsErrorKind::Transient,
            op: op(),
            code: "BodyReadError".into(),
            message: e.to_string(),
        })?;
        Ok(Some(Tagged {
            body: bytes.into_bytes().to_vec(),
            etag,
        }))
    }

    /// PutObject only if the object is still as read (`If-Match` on its ETag), or still
    /// absent (`If-None-Match: *`). `Ok(None)` when the condition failed: another writer got
    /// there first (412 PreconditionFailed; 409 ConditionalRequestConflict while a concurrent
    /// conditional write is in flight; 404 when an `If-Match` object was deleted). Otherwise
    /// the new ETag.
    pub async fn s3_put_if(
        &self,
        bucket: &str,
        key: &str,
        body: Vec<u8>,
        cond: PutIf<'_>,
    ) -> AwsResult<Option<String>> {
        let req = self
            .s3
            .put_object()
            .bucket(bucket)
            .key(key)
            .content_type("application/json")
            .body(ByteStream::from(body));
        let req = match cond {
            PutIf::Match(etag) => req.if_match(etag),
            PutIf::Absent => req.if_none_match("*"),
        };
        match req
            .send()
            .await
            .map_err(|e| classify(format!("s3:PutObject s3://{bucket}/{key}"), e))
        {
            Ok(out) => Ok(Some(out.e_tag.unwrap_or_default())),
            Err(e) if is_condition_failure(&e, cond) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Permanently delete specific versions (and delete markers), 1000 per request.
    pub async fn s3_delete_versions(
        &self,
        bucket: &str,
        versions: &[(String, String)],
    ) -> AwsResult<()> {
        for chunk in versions.chunks(1000) {
            let ids: Vec<ObjectIdentifier> = chunk
                .iter()
                .map(|(k, v)| {
                    ObjectIdentifier::builder()
                        .key(k)
                        .version_id(v)
                        .build()
                        .expect("key set")
                })
                .collect();
            let out = self
                .s3
                .delete_objects()
                .bucket(bucket)
                .delete(
                    Delete::builder()
                        .set_objects(Some(ids))
                        .quiet(true)
                        .build()
                        .expect("objects set"),
                )
                .send()
                .await
                .map_err(|e| classify(format!("s3:DeleteObjects (versions) s3://{bucket}"), e))?;
            if let Some(err) = out.errors.unwrap_or_default().into_iter().next() {
                return Err(super::AwsError {
                    kind: super::AwsErrorKind::Other,
                    op: format!(
                        "s3:DeleteObjects s3://{bucket}/{}?versionId={}",
                        err.key.unwrap_or_default(),
                        err.version_id.unwrap_or_default()
                    ),
                    code: err.code.unwrap_or_default(),
                    message: err.message.unwrap_or_default(),
                });
            }
        }
        Ok(())
    }

    /// The bucket policy JSON, or None when the bucket has none.
    pub async fn s3_bucket_policy(&self, bucket: &str) -> AwsResult<Option<String>> {
        self.s3
            .get_bucket_policy()
            .bucket(bucket)
            .send()
            .await
            .map_err(|e| classify(format!("s3:GetBucketPolicy {bucket}"), e))
            .optional()
            .map(|o| o.and_then(|o| o.policy))
    }

    /// Replace the bucket policy with `policy` (JSON).
    pub async fn s3_put_bucket_policy(&self, bucket: &str, policy: &str) -> AwsResult<()> {
        self.s3
            .put_bucket_policy()
            .bucket(bucket)
            .policy(policy)
            .send()
            .await
            .map_err(|e| classify(format!("s3:PutBucketPolicy {bucket}"), e))
            .map(|_| ())
    }
}
