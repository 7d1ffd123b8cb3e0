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
        let out = self.sts.get_caller_identity().send().await.map_err(|e| classify("sts:GetCallerIdentity", e))?;
        Ok(CallerIdentity { account: out.account.unwrap_or_default(), arn: out.arn.unwrap_or_default() })
    }
}
