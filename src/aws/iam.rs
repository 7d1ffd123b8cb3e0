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
        let pol = self
            .iam
            .get_policy()
            .policy_arn(arn)
            .send()
            .await
            .map_err(|e| classify(format!("iam:GetPolicy {arn}"), e))?
            .policy
            .unwrap_or_else(|| aws_sdk_iam::types::Policy::builder().build());
        let version = pol.default_version_id.unwrap_or_else(|| "v1".into());
        let v = self
            .iam
            .get_policy_version()
            .policy_arn(arn)
            .version_id(&version)
            .send()
            .await
            .map_err(|e| classify(format!("iam:GetPolicyVersion {arn} {version}"), e))?;
        Ok(v.policy_version
            .and_then(|p| p.document)
            .map(|d| decode_policy(&d))
            .unwrap_or_default())
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
}
