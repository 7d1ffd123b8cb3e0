//! IAM: the TVM role, siloed tenant roles, their inline and attached policies.
//! IAM returns policy documents URL-encoded (RFC 3986); `decode_policy` undoes that so callers
//! always see JSON text.

use aws_sdk_iam::types::Tag;

use super::errors::{classify, AwsResult, OptionalExt};
use super::Aws;

#[derive(Debug, Clone)]
pub struct RoleInfo {
    pub name: String,
    pub arn: String,
    /// Decoded JSON of the trust policy.
    pub trust_policy: String,
    pub boundary_arn: Option<String>,
}

/// A managed policy's default version: which one, and when the policy last changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyVersionRef {
    pub arn: String,
    /// `v15`.
    pub version: String,
    /// RFC 3339 with `+00:00`, the form IAM's own policy dumps use (moto's, and so the shipped
    /// snapshot's), so that a refreshed snapshot differs only where AWS changed something.
    pub updated: String,
}

/// Seconds precision, UTC, `+00:00` (see `PolicyVersionRef::updated`).
fn rfc3339(t: &aws_smithy_types::DateTime) -> String {
    chrono::DateTime::from_timestamp(t.secs(), 0)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%S+00:00").to_string())
        .unwrap_or_default()
}

/// IAM hands back policy documents percent-encoded; a document that already starts with `{`
/// came from something that did not encode it (left as is).
pub fn decode_policy(doc: &str) -> String {
    let t = doc.trim_start();
    if t.starts_with('{') {
        return doc.to_string();
    }
    percent_encoding::percent_decode_str(doc)
        .decode_utf8_lossy()
        .into_owned()
}

impl Aws {
    pub async fn iam_get_role(&self, name: &str) -> AwsResult<Option<RoleInfo>> {
        let out = self
            .iam
            .get_role()
            .role_name(name)
            .send()
            .await
            .map_err(|e| classify(format!("iam:GetRole {name}"), e))
            .optional()?;
        Ok(out.and_then(|o| o.role).map(|r| RoleInfo {
            name: r.role_name,
            arn: r.arn,
            trust_policy: r
                .assume_role_policy_document
                .as_deref()
                .map(decode_policy)
                .unwrap_or_default(),
            boundary_arn: r
                .permissions_boundary
                .and_then(|b| b.permissions_boundary_arn),
        }))
    }

    pub async fn iam_create_role(
        &self,
        name: &str,
        path: &str,
        trust: &str,
        tags: &[(String, String)],
    ) -> AwsResult<String> {
        let mut req = self
            .iam
            .create_role()
            .role_name(name)
            .path(path)
            .assume_role_policy_document(trust)
            .max_session_duration(3600)
            .description("Managed by tenantctl");
        for (k, v) in tags {
            req = req.tags(Tag::builder().key(k).value(v).build().expect("tag set"));
        }
        let out = req
            .send()
            .await
            .map_err(|e| classify(format!("iam:CreateRole {name}"), e))?;
        Ok(out.role.map(|r| r.arn).unwrap_or_default())
    }

    pub async fn iam_update_trust(&self, name: &str, trust: &str) -> AwsResult<()> {
        self.iam
            .update_assume_role_policy()
            .role_name(name)
            .policy_document(trust)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| classify(format!("iam:UpdateAssumeRolePolicy {name}"), e))
    }

    /// Decoded inline policy, or None if the role has no inline policy by that name.
    pub async fn iam_get_role_policy(&self, role: &str, policy: &str) -> AwsResult<Option<String>> {
        let out = self
            .iam
            .get_role_policy()
            .role_name(role)
            .policy_name(policy)
            .send()
            .await
            .map_err(|e| classify(format!("iam:GetRolePolicy {role}/{policy}"), e))
            .optional()?;
        Ok(out.map(|o| decode_policy(&o.policy_document)))
    }

    pub async fn iam_put_role_policy(&self, role: &str, policy: &str, doc: &str) -> AwsResult<()> {
        self.iam
            .put_role_policy()
            .role_name(role)
            .policy_name(policy)
            .policy_document(doc)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| classify(format!("iam:PutRolePolicy {role}/{policy}"), e))
    }

    pub async fn iam_list_role_policies(&self, role: &str) -> AwsResult<Vec<String>> {
        let mut names = Vec::new();
        let mut pages = self
            .iam
            .list_role_policies()
            .role_name(role)
            .into_paginator()
            .send();
        while let Some(p) = pages.next().await {
            names.extend(
                p.map_err(|e| classify(format!("iam:ListRolePolicies {role}"), e))?
                    .policy_names,
            );
        }
        Ok(names)
    }

    /// Names of every role in the account.
    pub async fn iam_list_role_names(&self) -> AwsResult<Vec<String>> {
        let mut out = Vec::new();
        let mut pages = self.iam.list_roles().into_paginator().send();
        while let Some(p) = pages.next().await {
            let p = p.map_err(|e| classify("iam:ListRoles", e))?;
            out.extend(p.roles.into_iter().map(|r| r.role_name));
        }
        Ok(out)
    }

    /// ARNs of managed policies attached to a role.
    pub async fn iam_list_attached(&self, role: &str) -> AwsResult<Vec<String>> {
        let mut arns = Vec::new();
        let mut pages = self
            .iam
            .list_attached_role_policies()
            .role_name(role)
            .into_paginator()
            .send();
        while let Some(p) = pages.next().await {
            let p = p.map_err(|e| classify(format!("iam:ListAttachedRolePolicies {role}"), e))?;
            arns.extend(
                p.attached_policies
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|a| a.policy_arn),
            );
        }
        Ok(arns)
    }

    /// The default version's document of a managed policy, decoded.
    pub async fn iam_managed_policy_document(&self, arn: &str) -> AwsResult<String> {
        let default = self.iam_policy_default_version(arn).await?;
        self.iam_policy_version_document(arn, &default.version)
            .await
    }

    /// GetPolicy: which version of a managed policy is the default, and when it changed.
    pub async fn iam_policy_default_version(&self, arn: &str) -> AwsResult<PolicyVersionRef> {
        let pol = self
            .iam
            .get_policy()
            .policy_arn(arn)
            .send()
            .await
            .map_err(|e| classify(format!("iam:GetPolicy {arn}"), e))?
            .policy
            .unwrap_or_else(|| aws_sdk_iam::types::Policy::builder().build());
        Ok(PolicyVersionRef {
            // IAM's own spelling of the ARN, should the caller's differ in case.
            arn: pol.arn.unwrap_or_else(|| arn.to_string()),
            version: pol.default_version_id.unwrap_or_else(|| "v1".into()),
            updated: pol.update_date.as_ref().map(rfc3339).unwrap_or_default(),
        })
    }

    /// GetPolicyVersion: one version's document, decoded.
    pub async fn iam_policy_version_document(&self, arn: &str, version: &str) -> AwsResult<String> {
        let v = self
            .iam
            .get_policy_version()
            .policy_arn(arn)
            .version_id(version)
            .send()
            .await
            .map_err(|e| classify(format!("iam:GetPolicyVersion {arn} {version}"), e))?;
        Ok(v.policy_version
            .and_then(|p| p.document)
            .map(|d| decode_policy(&d))
            .unwrap_or_default())
    }

    /// ListPolicies Scope=AWS: every AWS managed policy this account sees, with its default
    /// version (so reading the documents needs no GetPolicy per policy).
    pub async fn iam_list_aws_managed_policies(&self) -> AwsResult<Vec<PolicyVersionRef>> {
        let mut refs = Vec::new();
        let mut pages = self
            .iam
            .list_policies()
            .scope(aws_sdk_iam::types::PolicyScopeType::Aws)
            .into_paginator()
            .send();
        while let Some(p) = pages.next().await {
            let p = p.map_err(|e| classify("iam:ListPolicies Scope=AWS", e))?;
            refs.extend(
                p.policies
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|pol| {
                        Some(PolicyVersionRef {
                            arn: pol.arn?,
                            version: pol.default_version_id.unwrap_or_else(|| "v1".into()),
                            updated: pol.update_date.as_ref().map(rfc3339).unwrap_or_default(),
                        })
                    }),
            );
        }
        Ok(refs)
    }

    pub async fn iam_delete_role_policy(&self, role: &str, policy: &str) -> AwsResult<()> {
        self.iam
            .delete_role_policy()
            .role_name(role)
            .policy_name(policy)
            .send()
            .await
            .map_err(|e| classify(format!("iam:DeleteRolePolicy {role}/{policy}"), e))
            .optional()
            .map(|_| ())
    }

    pub async fn iam_delete_role(&self, role: &str) -> AwsResult<()> {
        self.iam
            .delete_role()
            .role_name(role)
            .send()
            .await
            .map_err(|e| classify(format!("iam:DeleteRole {role}"), e))
            .optional()
            .map(|_| ())
    }
}

impl Aws {
    /// Detach a managed policy from a role; already detached is not an error.
    pub async fn iam_detach_role_policy(&self, role: &str, policy_arn: &str) -> AwsResult<()> {
        self.iam
            .detach_role_policy()
            .role_name(role)
            .policy_arn(policy_arn)
            .send()
            .await
            .map_err(|e| classify(format!("iam:DetachRolePolicy {role} {policy_arn}"), e))
            .optional()
            .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn decodes_url_encoded_policy() {
        let enc = "%7B%22Version%22%3A%222012-10-17%22%7D";
        assert_eq!(super::decode_policy(enc), r#"{"Version":"2012-10-17"}"#);
        assert_eq!(super::decode_policy(r#"{"a":"100%"}"#), r#"{"a":"100%"}"#);
    }

    #[test]
    fn update_dates_in_the_dump_form() {
        let t = aws_smithy_types::DateTime::from_secs_and_nanos(1_770_919_203, 500);
        assert_eq!(super::rfc3339(&t), "2026-02-12T18:00:03+00:00");
    }
}
