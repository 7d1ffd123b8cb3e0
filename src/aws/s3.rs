//! S3: tenant data prefixes, the archive bucket, bucket hardening.

use std::collections::HashMap;

use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{
    BucketLocationConstraint, BucketVersioningStatus, CreateBucketConfiguration, Delete, ObjectIdentifier,
    PublicAccessBlockConfiguration, ServerSideEncryption, ServerSideEncryptionByDefault,
    ServerSideEncryptionConfiguration, ServerSideEncryptionRule, VersioningConfiguration,
};

use super::errors::{classify, AwsResult, OptionalExt};
use super::Aws;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectInfo {
    pub key: String,
    pub size: i64,
    pub etag: String,
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
        let head = self.s3.head_bucket().bucket(bucket).send().await.map_err(|e| classify(format!("s3:HeadBucket {bucket}"), e));
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
        Ok(BucketState { exists: true, versioning, encryption, public_access_blocked })
    }

    pub async fn s3_create_bucket(&self, bucket: &str, region: &str) -> AwsResult<()> {
        let mut req = self.s3.create_bucket().bucket(bucket);
        // us-east-1 is the one region that rejects an explicit location constraint.
        if region != "us-east-1" {
            req = req.create_bucket_configuration(
                CreateBucketConfiguration::builder().location_constraint(BucketLocationConstraint::from(region)).build(),
            );
        }
        match req.send().await.map_err(|e| classify(format!("s3:CreateBucket {bucket}"), e)) {
            Ok(_) => Ok(()),
            Err(e) if e.code == "BucketAlreadyOwnedByYou" => Ok(()),
            Err(e) => Err(e),
        }
    }

    pub async fn s3_enable_versioning(&self, bucket: &str) -> AwsResult<()> {
        self.s3
            .put_bucket_versioning()
            .bucket(bucket)
            .versioning_configuration(VersioningConfiguration::builder().status(BucketVersioningStatus::Enabled).build())
            .send()
            .await
            .map(|_| ())
            .map_err(|e| classify(format!("s3:PutBucketVersioning {bucket}"), e))
    }

    pub async fn s3_enable_encryption(&self, bucket: &str) -> AwsResult<()> {
        let rule = ServerSideEncryptionRule::builder()
            .apply_server_side_encryption_by_default(
                ServerSideEncryptionByDefault::builder().sse_algorithm(ServerSideEncryption::Aes256).build().expect("algorithm set"),
            )
            .build();
        self.s3
            .put_bucket_encryption()
            .bucket(bucket)
            .server_side_encryption_configuration(ServerSideEncryptionConfiguration::builder().rules(rule).build().expect("rules set"))
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

    pub async fn s3_put(&self, bucket: &str, key: &str, body: Vec<u8>, metadata: &HashMap<String, String>) -> AwsResult<()> {
        let mut req = self.s3.put_object().bucket(bucket).key(key).body(ByteStream::from(body));
        for (k, v) in metadata {
            req = req.metadata(k, v);
        }
        req.send().await.map(|_| ()).map_err(|e| classify(format!("s3:PutObject s3://{bucket}/{key}"), e))
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
        let mut pages = self.s3.list_objects_v2().bucket(bucket).prefix(prefix).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| classify(format!("s3:ListObjectsV2 s3://{bucket}/{prefix}"), e))?;
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
            let ids: Vec<ObjectIdentifier> =
                chunk.iter().map(|k| ObjectIdentifier::builder().key(k).build().expect("key set")).collect();
            let out = self
                .s3
                .delete_objects()
                .bucket(bucket)
                .delete(Delete::builder().set_objects(Some(ids)).quiet(true).build().expect("objects set"))
                .send()
                .await
                .map_err(|e| classify(format!("s3:DeleteObjects s3://{bucket}"), e))?;
            if let Some(err) = out.errors.unwrap_or_default().into_iter().next() {
                return Err(super::AwsError {
                    kind: super::AwsErrorKind::Other,
                    op: format!("s3:DeleteObjects s3://{bucket}/{}", err.key.unwrap_or_default()),
                    code: err.code.unwrap_or_default(),
                    message: err.message.unwrap_or_default(),
                });
            }
        }
        Ok(())
    }
}
