//! Service behaviour that sits outside the policy language but decides requests all the same.
//! Each rule cites the AWS documentation it follows; none of them can widen access.

use super::model::ParsedArn;

/// The service prefix of an action (`s3` of `s3:GetObject`; the whole text without `:`).
pub(crate) fn of_action(action: &str) -> &str {
    // A byte search: this runs once per evaluation, where `split_once` costs more.
    match action.bytes().position(|b| b == b':') {
        Some(i) => &action[..i],
        None => action,
    }
}

/// `sts:GetCallerIdentity` needs no permission. AWS STS API Reference, GetCallerIdentity:
/// "No permissions are required to perform this operation. If an administrator attaches a
/// policy to your identity that explicitly denies access to the sts:GetCallerIdentity action,
/// you can still perform this operation."
pub(crate) fn no_permission_needed(action: &str) -> bool {
    action.eq_ignore_ascii_case("sts:GetCallerIdentity")
}

/// Write actions on AWS managed policies (IAM User Guide, "AWS managed policies",
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html:
/// "AWS services maintain and update AWS managed policies. You can't change the permissions in
/// AWS managed policies.").
const MANAGED_POLICY_WRITES: &[&str] = &[
    "iam:createpolicy",
    "iam:createpolicyversion",
    "iam:deletepolicy",
    "iam:deletepolicyversion",
    "iam:setdefaultpolicyversion",
    "iam:tagpolicy",
    "iam:untagpolicy",
];

/// Write actions on IAM Identity Center's reserved roles (`role/aws-reserved/sso.amazonaws.com/`).
/// IAM Identity Center User Guide, troubleshooting ("Cannot perform the operation on the
/// protected role"), https://docs.aws.amazon.com/singlesignon/latest/userguide/troubleshooting.html:
/// "These roles can only be modified from the IAM Identity Center Administrator console".
/// Identity Center makes these writes through its service-linked role (AWSSSOServiceRolePolicy
/// grants them on `role/aws-reserved/sso.amazonaws.com/*`).
///
/// `iam:PassRole` is deliberately absent: passing a role does not modify it, and no AWS
/// documentation says it is refused for these roles (the peer simulator refuses it; recorded
/// in tests/conformance_disagreements.toml).
const RESERVED_ROLE_WRITES: &[&str] = &[
    "iam:attachrolepolicy",
    "iam:createrole",
    "iam:createservicelinkedrole",
    "iam:deleterole",
    "iam:deleterolepermissionsboundary",
    "iam:deleterolepolicy",
    "iam:deleteservicelinkedrole",
    "iam:detachrolepolicy",
    "iam:putrolepermissionsboundary",
    "iam:putrolepolicy",
    "iam:tagrole",
    "iam:untagrole",
    "iam:updateassumerolepolicy",
    "iam:updaterole",
    "iam:updateroledescription",
];

/// Alias writes on `alias/aws/*` (AWS KMS Developer Guide, "Aliases in AWS KMS": alias names
/// beginning with `alias/aws/` are reserved for AWS managed keys; you cannot create, update or
/// delete them).
const KMS_ALIAS_WRITES: &[&str] = &["kms:createalias", "kms:deletealias", "kms:updatealias"];

fn in_list(action: &str, list: &[&str]) -> bool {
    list.iter().any(|a| a.eq_ignore_ascii_case(action))
}

/// Does AWS refuse `action` on `resource` whatever the policies say?
pub(crate) fn protected(action: &str, resource: Option<&ParsedArn>) -> bool {
    let Some(arn) = resource else {
        return false;
    };
    match arn.service {
        "iam" if arn.account == "aws" && arn.resource.starts_with("policy/") => {
            in_list(action, MANAGED_POLICY_WRITES)
        }
        "iam"
            if arn
                .resource
                .starts_with("role/aws-reserved/sso.amazonaws.com/") =>
        {
            in_list(action, RESERVED_ROLE_WRITES)
        }
        "kms" if arn.resource.starts_with("alias/aws/") => in_list(action, KMS_ALIAS_WRITES),
        _ => false,
    }
}

/// Must the resource-based policy allow the request even within one account?
/// - KMS keys (AWS KMS Developer Guide, "Key policies in AWS KMS": "No AWS principal,
///   including the account root user or key creator, has any permissions to a KMS key unless
///   they are explicitly allowed, and never denied, in a key policy, IAM policy, or grant" —
///   IAM policies take effect only when the key policy allows the account).
/// - Assuming a role (IAM User Guide, "Cross account resource access in IAM" / role trust
///   policies: the trust policy must name the principal, or its account, for any principal to
///   assume the role).
pub(crate) fn requires_resource_policy(action: &str, resource: Option<&ParsedArn>) -> bool {
    let Some(arn) = resource else {
        return false;
    };
    match arn.service {
        "kms" => arn.resource.starts_with("key/"),
        "iam" if arn.resource.starts_with("role/") => {
            let a = action.to_ascii_lowercase();
            matches!(
                a.as_str(),
                "sts:assumerole" | "sts:assumerolewithsaml" | "sts:assumerolewithwebidentity"
            )
        }
        _ => false,
    }
}
