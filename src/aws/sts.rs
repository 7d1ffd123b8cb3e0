//! STS: who are we (account id for ARNs, caller ARN for records and audit).

use super::errors::{classify, AwsResult};
use super::Aws;

#[derive(Debug, Clone)]
pub struct CallerIdentity {
    pub account: String,
    pub arn: String,
}

impl Aws {
    pub async fn caller_identity(&self) -> AwsResult<CallerIdentity> {
        let out = self
            .sts
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| classify("sts:GetCallerIdentity", e))?;
        Ok(CallerIdentity {
            account: out.account.unwrap_or_default(),
            arn: out.arn.unwrap_or_default(),
        })
    }
}

/// Temporary credentials of an assumed-role session (never logged).
#[derive(Clone)]
pub struct SessionCredentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
}

impl std::fmt::Debug for SessionCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionCredentials(**redacted**)")
    }
}

impl Aws {
    /// AssumeRole with session tags (what the agent runtime does for each request).
    pub async fn assume_role_tagged(
        &self,
        role_arn: &str,
        session: &str,
        tags: &[(&str, &str)],
    ) -> AwsResult<SessionCredentials> {
        let mut req = self
            .sts
            .assume_role()
            .role_arn(role_arn)
            .role_session_name(session)
            .duration_seconds(900);
        for (k, v) in tags {
            req = req.tags(
                aws_sdk_sts::types::Tag::builder()
                    .key(*k)
                    .value(*v)
                    .build()
                    .expect("tag set"),
            );
        }
        let out = req
            .send()
            .await
            .map_err(|e| classify(format!("sts:AssumeRole {role_arn}"), e))?;
        let c = out.credentials.ok_or_else(|| super::AwsError {
            kind: super::AwsErrorKind::Other,
            op: format!("sts:AssumeRole {role_arn}"),
            code: "NoCredentials".into(),
            message: "the response carried no credentials".into(),
        })?;
        Ok(SessionCredentials {
            access_key_id: c.access_key_id,
            secret_access_key: c.secret_access_key,
            session_token: c.session_token,
        })
    }

    /// An S3 client acting as an assumed-role session, with the same endpoint and retry settings.
    pub fn s3_as(&self, creds: &SessionCredentials) -> aws_sdk_s3::Client {
        let provider = aws_credential_types::Credentials::new(
            creds.access_key_id.clone(),
            creds.secret_access_key.clone(),
            Some(creds.session_token.clone()),
            None,
            "tenantctl-assumed-role",
        );
        let conf = aws_sdk_s3::config::Builder::from(&self.sdk_config)
            .credentials_provider(provider)
            .force_path_style(self.sdk_config.endpoint_url().is_some())
            .build();
        aws_sdk_s3::Client::from_conf(conf)
    }
}
