//! Typed condition keys: the keys the platform's policies (and common AWS policies) test,
//! with the data type AWS documents for each, and two checks built on the table.
//!
//! Sources: IAM User Guide, "AWS global condition context keys"
//! (reference_policies_condition-keys.html, each key's "Data type"), and the Service
//! Authorization Reference pages of Amazon S3, DynamoDB, Systems Manager, AWS STS, IAM, AWS KMS
//! and Amazon Bedrock AgentCore ("Condition keys" table, "Type" column).
//!
//! The table informs; it never decides. AWS accepts a policy whatever operator it puts on a
//! key (a mismatched one simply never matches, or matches in a surprising way), so parsing
//! keeps accepting every such policy and [`lint`] only warns, as IAM Access Analyzer's policy
//! validation does. Where the table is firm is the `policy simulate` request context
//! ([`check_context_value`]): a request AWS could never send (two values for a single-valued
//! key, a `aws:SourceIp` that is not an address) is an input mistake, reported before the
//! evaluation hides it.

use std::net::IpAddr;

use super::conditions::{Base, SetQualifier};
use super::context::ContextValue;
use super::eval::{NamedPolicy, PolicySet};
use super::model::{one_line, PolicyDocument};

/// An AWS condition key data type (IAM User Guide, "Condition operators" and the "Data type"
/// of each key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    String,
    ArrayOfString,
    Bool,
    Numeric,
    Date,
    IpAddress,
    Arn,
    ArrayOfArn,
}

impl KeyType {
    /// Multivalued keys carry a set of values: policies test them with `ForAllValues:` /
    /// `ForAnyValue:` ("Single-valued vs. multivalued context keys", IAM User Guide).
    pub fn is_multivalued(self) -> bool {
        matches!(self, KeyType::ArrayOfString | KeyType::ArrayOfArn)
    }

    /// The name AWS documentation uses.
    pub fn name(self) -> &'static str {
        match self {
            KeyType::String => "String",
            KeyType::ArrayOfString => "ArrayOfString",
            KeyType::Bool => "Bool",
            KeyType::Numeric => "Numeric",
            KeyType::Date => "Date",
            KeyType::IpAddress => "IPAddress",
            KeyType::Arn => "ARN",
            KeyType::ArrayOfArn => "ArrayOfARN",
        }
    }

    /// The operators that suit this type, for messages.
    fn operators(self) -> &'static str {
        match self {
            KeyType::String | KeyType::ArrayOfString => {
                "a String operator (StringEquals, StringLike, ...)"
            }
            KeyType::Bool => "Bool",
            KeyType::Numeric => "a Numeric operator (NumericEquals, NumericLessThan, ...)",
            KeyType::Date => "a Date operator (DateGreaterThan, DateLessThan, ...)",
            KeyType::IpAddress => "IpAddress or NotIpAddress",
            KeyType::Arn | KeyType::ArrayOfArn => {
                "an ARN operator (ArnEquals, ArnLike, ...) or a String operator"
            }
        }
    }
}

use KeyType::{Arn, ArrayOfString, Bool, Date, IpAddress, Numeric, String as Str};

/// Keys named exactly (lowercase: condition key names are case-insensitive).
const EXACT: &[(&str, KeyType)] = &[
    // Global keys (IAM User Guide, "AWS global condition context keys").
    ("aws:calledvia", ArrayOfString),
    ("aws:calledviafirst", Str),
    ("aws:calledvialast", Str),
    ("aws:currenttime", Date),
    // Documented as "Date, Numeric": epoch seconds, compared with either family.
    ("aws:epochtime", Date),
    ("aws:federatedprovider", Str),
    ("aws:multifactorauthage", Numeric),
    ("aws:multifactorauthpresent", Bool),
    ("aws:principalaccount", Str),
    ("aws:principalarn", Arn),
    ("aws:principalisawsservice", Bool),
    ("aws:principalorgid", Str),
    ("aws:principalorgpaths", ArrayOfString),
    ("aws:principalservicename", Str),
    ("aws:principalservicenameslist", ArrayOfString),
    ("aws:principaltype", Str),
    ("aws:referer", Str),
    ("aws:requestedregion", Str),
    ("aws:resourceaccount", Str),
    ("aws:resourceorgid", Str),
    ("aws:resourceorgpaths", ArrayOfString),
    ("aws:securetransport", Bool),
    ("aws:sourceaccount", Str),
    ("aws:sourcearn", Arn),
    ("aws:sourceidentity", Str),
    ("aws:sourceip", IpAddress),
    ("aws:sourceorgid", Str),
    ("aws:sourceorgpaths", ArrayOfString),
    ("aws:sourcevpc", Str),
    ("aws:sourcevpcarn", Arn),
    ("aws:sourcevpce", Str),
    ("aws:tagkeys", ArrayOfString),
    ("aws:tokenissuetime", Date),
    ("aws:useragent", Str),
    ("aws:userid", Str),
    ("aws:username", Str),
    ("aws:viaawsservice", Bool),
    ("aws:vpcsourceip", IpAddress),
    ("aws:vpceaccount", Str),
    ("aws:vpceorgid", Str),
    ("aws:vpceorgpaths", ArrayOfString),
    // Amazon S3.
    ("s3:authtype", Str),
    ("s3:delimiter", Str),
    ("s3:max-keys", Numeric),
    ("s3:object-lock-legal-hold", Str),
    ("s3:object-lock-mode", Str),
    ("s3:object-lock-remaining-retention-days", Numeric),
    ("s3:object-lock-retain-until-date", Date),
    ("s3:prefix", Str),
    ("s3:requestobjecttagkeys", ArrayOfString),
    ("s3:resourceaccount", Str),
    ("s3:signatureage", Numeric),
    ("s3:signatureversion", Str),
    ("s3:tlsversion", Numeric),
    ("s3:versionid", Str),
    ("s3:x-amz-acl", Str),
    ("s3:x-amz-content-sha256", Str),
    ("s3:x-amz-copy-source", Str),
    ("s3:x-amz-metadata-directive", Str),
    ("s3:x-amz-server-side-encryption", Str),
    ("s3:x-amz-server-side-encryption-aws-kms-key-id", Arn),
    ("s3:x-amz-storage-class", Str),
    // Amazon DynamoDB.
    ("dynamodb:attributes", ArrayOfString),
    ("dynamodb:leadingkeys", ArrayOfString),
    ("dynamodb:returnconsumedcapacity", Str),
    ("dynamodb:returnvalues", Str),
    ("dynamodb:select", Str),
    // AWS Systems Manager: both documented as String (values "true" / "false").
    ("ssm:overwrite", Str),
    ("ssm:recursive", Str),
    // Amazon Bedrock AgentCore (memory). The Service Authorization Reference page
    // (list_amazonbedrockagentcore.html) lists these keys; its type column could not be
    // retrieved when this table was written, so they are String, which is how the AgentCore
    // developer guide's policies use them (StringEquals / StringLike on actor ids and
    // namespaces). Revisit if AWS documents another type.
    ("bedrock-agentcore:actorid", Str),
    ("bedrock-agentcore:namespace", Str),
    ("bedrock-agentcore:sessionid", Str),
    ("bedrock-agentcore:strategyid", Str),
    // AWS STS.
    ("sts:externalid", Str),
    ("sts:rolesessionname", Str),
    ("sts:sourceidentity", Str),
    ("sts:transitivetagkeys", ArrayOfString),
    // IAM.
    ("iam:associatedresourcearn", Arn),
    ("iam:awsservicename", Str),
    ("iam:passedtoservice", Str),
    ("iam:permissionsboundary", Arn),
    ("iam:policyarn", Arn),
    // AWS KMS.
    ("kms:calleraccount", Str),
    ("kms:encryptioncontextkeys", ArrayOfString),
    ("kms:grantoperations", ArrayOfString),
    ("kms:viaservice", Str),
];

/// Key families: a prefix followed by a tag key or context name of the caller's choosing.
const PREFIXES: &[(&str, KeyType)] = &[
    ("aws:principaltag/", Str),
    ("aws:requesttag/", Str),
    ("aws:resourcetag/", Str),
    ("s3:existingobjecttag/", Str),
    ("s3:requestobjecttag/", Str),
    ("iam:resourcetag/", Str),
    ("kms:encryptioncontext:", Str),
];

/// The documented type of a condition key, if the table knows it. Case-insensitive; a
/// tag-style key (`aws:ResourceTag/ClinicId`) matches its family whatever the suffix.
pub fn key_type(key: &str) -> Option<KeyType> {
    let lower = key.to_ascii_lowercase();
    if let Some((_, t)) = EXACT.iter().find(|(k, _)| *k == lower) {
        return Some(*t);
    }
    PREFIXES
        .iter()
        .find(|(p, _)| lower.len() > p.len() && lower.starts_with(p))
        .map(|(_, t)| *t)
}

/// Does an operator family suit a key type? `Null` suits every key.
fn operator_fits(base: Base, key: &str, t: KeyType) -> bool {
    use KeyType as K;
    match base {
        Base::Null => true,
        Base::StringEquals | Base::StringEqualsIgnoreCase | Base::StringLike => {
            // ARN keys: "AWS recommends that you use ARN operators instead of string
            // operators when comparing ARNs" — a recommendation, and string operators work.
            matches!(t, K::String | K::ArrayOfString | K::Arn | K::ArrayOfArn)
        }
        Base::Arn => matches!(t, K::Arn | K::ArrayOfArn),
        Base::Numeric(_) => t == K::Numeric || key.eq_ignore_ascii_case("aws:epochtime"),
        Base::Date(_) => t == K::Date,
        Base::Bool => t == K::Bool,
        Base::IpAddress => t == K::IpAddress,
        // Binary keys are not in the table.
        Base::BinaryEquals => false,
    }
}

/// Warnings for conditions whose operator does not suit a known key's type. Unknown keys are
/// never warned about (services add keys faster than any table). One line each, naming the
/// statement like a parse error does, the operator, the key and the fix.
pub fn lint(doc: &PolicyDocument) -> Vec<String> {
    let mut out = Vec::new();
    for (i, st) in doc.statements.iter().enumerate() {
        let at = match &st.sid {
            Some(s) => format!("statement {i} (Sid \"{}\"), Condition", one_line(s)),
            None => format!("statement {i}, Condition"),
        };
        for c in &st.conditions {
            let Some(t) = key_type(&c.key) else { continue };
            let (op, key) = (one_line(&c.op_name), one_line(&c.key_raw));
            if !operator_fits(c.op.base, &c.key, t) {
                out.push(format!(
                    "{at}: {op} on {key}, a {} key, never compares as intended: use {}",
                    t.name(),
                    t.operators()
                ));
            }
            if c.op.base == Base::Null {
                continue;
            }
            match (c.op.set, t.is_multivalued()) {
                (SetQualifier::ForAllValues | SetQualifier::ForAnyValue, false) => {
                    out.push(format!(
                        "{at}: {op} on {key}, a single-valued {} key: drop the set qualifier \
                         (set operators are for multivalued keys; ForAllValues even matches when the key is absent)",
                        t.name()
                    ))
                }
                (SetQualifier::None, true) => out.push(format!(
                    "{at}: {op} on {key}, a multivalued key ({}): say ForAllValues: (every value \
                     must match) or ForAnyValue: (one value must match)",
                    t.name()
                )),
                _ => {}
            }
        }
    }
    out
}

/// [`lint`] for every policy of a set, each warning prefixed with the policy's name
/// (`identityPolicies[0]: statement 1 (Sid "X"), Condition: ...`).
pub fn lint_set(set: &PolicySet) -> Vec<String> {
    let levels = set.scps.iter().chain(&set.rcps).flatten();
    let all = set
        .identity
        .iter()
        .chain(&set.resource)
        .chain(&set.boundaries)
        .chain(&set.session)
        .chain(levels)
        .chain(&set.endpoints);
    all.flat_map(|p: &NamedPolicy| {
        lint(&p.document)
            .into_iter()
            .map(move |w| format!("{}: {w}", p.name))
    })
    .collect()
}

/// Is a `policy simulate` context value one AWS could send for this key? Unknown keys take
/// anything. The error names the key and the fix; the caller adds the `context.` prefix.
pub fn check_context_value(key: &str, v: &ContextValue) -> Result<(), String> {
    let Some(t) = key_type(key) else {
        return Ok(());
    };
    if let ContextValue::Multi(values) = v {
        if !t.is_multivalued() {
            return Err(format!(
                "{key} is a single-valued {} key: give one value, not an array of {}",
                t.name(),
                values.len()
            ));
        }
    }
    if t == KeyType::IpAddress {
        for s in v.as_slice() {
            if s.parse::<IpAddr>().is_err() {
                return Err(format!(
                    "{key} is an IP address key: '{}' is not an IPv4 or IPv6 address (give the caller's address, e.g. 203.0.113.7, without a /prefix)",
                    one_line(s)
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_types_are_case_insensitive_and_tag_families_match_any_suffix() {
        assert_eq!(key_type("aws:SourceIp"), Some(KeyType::IpAddress));
        assert_eq!(key_type("AWS:TAGKEYS"), Some(KeyType::ArrayOfString));
        assert_eq!(key_type("aws:ResourceTag/ClinicId"), Some(KeyType::String));
        assert_eq!(key_type("s3:ExistingObjectTag/x/y"), Some(KeyType::String));
        assert_eq!(key_type("bedrock-agentcore:actorId"), Some(KeyType::String));
        assert_eq!(
            key_type("dynamodb:LeadingKeys"),
            Some(KeyType::ArrayOfString)
        );
        // A family prefix alone is not a key; unknown keys are unknown.
        assert_eq!(key_type("aws:ResourceTag/"), None);
        assert_eq!(key_type("aws:NoSuchKey"), None);
        assert!(KeyType::ArrayOfArn.is_multivalued() && !KeyType::Arn.is_multivalued());
    }

    #[test]
    fn every_table_key_is_lowercase_and_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for (k, _) in EXACT.iter().chain(PREFIXES) {
            assert_eq!(*k, k.to_ascii_lowercase(), "{k}");
            assert!(seen.insert(*k), "{k} listed twice");
        }
    }

    fn lint_of(cond: &str) -> Vec<String> {
        let doc = PolicyDocument::parse(&format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"S","Effect":"Allow","Action":"*","Resource":"*","Condition":{cond}}}]}}"#
        ))
        .unwrap();
        lint(&doc)
    }

    #[test]
    fn lint_warns_on_mismatched_operators_and_set_qualifiers() {
        let w = lint_of(r#"{"NumericEquals":{"bedrock-agentcore:actorId":"1"}}"#);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].starts_with("statement 0 (Sid \"S\"), Condition: NumericEquals on bedrock-agentcore:actorId, a String key"), "{}", w[0]);
        let w = lint_of(r#"{"ForAllValues:StringEquals":{"aws:PrincipalTag/ClinicId":"a"}}"#);
        assert!(w.len() == 1 && w[0].contains("single-valued"), "{w:?}");
        let w = lint_of(r#"{"StringEquals":{"dynamodb:LeadingKeys":"a"}}"#);
        assert!(w.len() == 1 && w[0].contains("multivalued"), "{w:?}");
        let w = lint_of(r#"{"StringEquals":{"aws:SecureTransport":"true"}}"#);
        assert!(w.len() == 1 && w[0].contains("use Bool"), "{w:?}");
    }

    #[test]
    fn lint_is_quiet_on_well_typed_and_unknown_keys() {
        for cond in [
            r#"{"ForAllValues:StringEquals":{"dynamodb:LeadingKeys":"a"},"Null":{"dynamodb:LeadingKeys":"false"}}"#,
            r#"{"StringLike":{"bedrock-agentcore:actorId":"a:*"}}"#,
            r#"{"Bool":{"aws:SecureTransport":"true"},"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#,
            r#"{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::1:role/*"},"StringEquals":{"aws:SourceArn":"arn:aws:s3:::b"}}"#,
            r#"{"NumericLessThan":{"aws:EpochTime":"1"},"DateLessThan":{"aws:EpochTime":"1"}}"#,
            r#"{"NumericLessThanEquals":{"s3:max-keys":"10"},"ForAnyValue:StringEquals":{"aws:TagKeys":"a"}}"#,
            r#"{"NumericEquals":{"custom:UnknownKey":"1"},"ForAllValues:StringEquals":{"other:Key":"a"}}"#,
        ] {
            assert_eq!(lint_of(cond), Vec::<String>::new(), "{cond}");
        }
    }

    #[test]
    fn context_values_must_fit_the_key() {
        let multi = ContextValue::Multi(vec!["a".into(), "b".into()]);
        let err = check_context_value("aws:PrincipalTag/ClinicId", &multi).unwrap_err();
        assert!(err.contains("single-valued String key"), "{err}");
        assert!(check_context_value("aws:TagKeys", &multi).is_ok());
        // A single value for a multivalued key is a set of one.
        assert!(check_context_value("aws:TagKeys", &"a".into()).is_ok());
        assert!(check_context_value("custom:Anything", &multi).is_ok());
        assert!(check_context_value("aws:SourceIp", &"203.0.113.7".into()).is_ok());
        assert!(check_context_value("aws:SourceIp", &"2001:db8::1".into()).is_ok());
        let err = check_context_value("aws:SourceIp", &"office".into()).unwrap_err();
        assert!(
            err.contains("'office' is not an IPv4 or IPv6 address"),
            "{err}"
        );
        assert!(check_context_value("aws:SourceIp", &"10.0.0.0/8".into()).is_err());
    }
}
