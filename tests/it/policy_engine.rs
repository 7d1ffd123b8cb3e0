//! Table-driven tests of the policy engine. Every case names the AWS documentation passage
//! it rests on (page title, URL, and the sentence). Requests use the `policy simulate`
//! format (docs/policy-simulate.md), so the request parser is exercised too.

use serde_json::{json, Value};
use tenantctl::policy::request::Simulation;
use tenantctl::policy::{evaluate_with, Decision, Evaluation, PolicyDocument};

/// An AWS documentation passage.
struct Cite {
    title: &'static str,
    url: &'static str,
    passage: &'static str,
}

const EVAL_DENY: Cite = Cite {
    title: "How AWS enforcement code logic evaluates requests to allow or deny access",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html",
    passage: "By default, all requests are implicitly denied with the exception of the AWS account root user, which has full access. [...] An explicit deny overrides an explicit allow.",
};
const EVAL_SAME_ACCOUNT: Cite = Cite {
    title: "Policy evaluation for requests within a single account",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html",
    passage: "Depending on the type of principal, an Allow in a resource-based policy can result in a final decision of Allow, even if an implicit deny is present in an identity-based policy, permissions boundary, or session policy.",
};
const EVAL_CROSS_ACCOUNT: Cite = Cite {
    title: "Cross-account policy evaluation logic",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html",
    passage: "For cross-account access, the requesting principal must be granted permission by an identity-based policy and the resource-based policy in the trusting account must also grant permission.",
};
const BOUNDARIES: Cite = Cite {
    title: "Permissions boundaries for IAM entities",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html",
    passage: "An entity's permissions boundary allows it to perform only the actions that are allowed by both its identity-based policies and its permissions boundaries.",
};
const BOUNDARY_NOTPRINCIPAL: Cite = Cite {
    title: "Permissions boundaries for IAM entities",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html",
    passage: "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a permissions boundary policy attached, regardless of the values specified in the NotPrincipal element.",
};
const SESSION_RBP_ROLE: Cite = Cite {
    title: "Policies and permissions in IAM: Session policies",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session",
    passage: "A resource-based policy can specify the ARN of the user or role as a principal. In that case, the permissions from the resource-based policy are added to the role or user's identity-based policy before the session is created. The session policy limits the total permissions granted by the resource-based policy and the identity-based policy.",
};
const SESSION_RBP_SESSION: Cite = Cite {
    title: "Policies and permissions in IAM: Session policies",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session",
    passage: "A resource-based policy can specify the ARN of the session as a principal. In that case, the permissions from the resource-based policy are added after the session is created. The resource-based policy permissions are not limited by the session policy.",
};
// "Permissions boundaries for IAM entities", section "Resource-based policies" (resource-based
// policies for IAM users / for IAM roles), and "How AWS enforcement code logic evaluates
// requests", bullet "Resource-based policies". Quoted verbatim.
const BOUNDARY_RBP_ROLE: Cite = Cite {
    title: "Permissions boundaries for IAM entities: Resource-based policies for IAM roles",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html",
    passage: "Resource-based policies that grant permissions to an IAM role ARN are limited by an implicit deny in a permissions boundary or session policy.",
};
const BOUNDARY_RBP_USER: Cite = Cite {
    title: "Permissions boundaries for IAM entities: Resource-based policies for IAM users",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html",
    passage: "Within the same account, resource-based policies that grant permissions to an IAM user ARN (that is not a federated user session) are not limited by an implicit deny in an identity-based policy or permissions boundary.",
};
const EVAL_RBP_ROLE: Cite = Cite {
    title: "How AWS enforcement code logic evaluates requests to allow or deny access (Resource-based policies, IAM role)",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html",
    passage: "IAM role – Resource-based policies that grant permissions to an IAM role ARN are limited by an implicit deny in a permissions boundary or session policy. You can specify the role ARN in the Principal element or the aws:PrincipalArn condition key. In both cases, the principal that makes the request is the IAM role session.",
};
const EVAL_RBP_SESSION: Cite = Cite {
    title: "How AWS enforcement code logic evaluates requests to allow or deny access (Resource-based policies, IAM role session)",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html",
    passage: "IAM role session – Within the same account, resource-based policies that grant permissions to an IAM role session ARN grant permissions directly to the assumed role session. Permissions granted directly to a session are not limited by an implicit deny in an identity-based policy, a permissions boundary, or session policy.",
};
const EVAL_RBP_WILDCARD_PRINCIPAL_ARN: Cite = Cite {
    title: "How AWS enforcement code logic evaluates requests to allow or deny access (Resource-based policies, IAM role)",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html",
    passage: "Permissions boundaries and session policies do not limit permissions granted using the aws:PrincipalArn condition key with a wildcard(*) in the Principal element, unless the identity-based policies contain an explicit deny.",
};
const SSO_RESERVED_ROLES: Cite = Cite {
    title: "IAM Identity Center User Guide: Troubleshooting (Cannot perform the operation on the protected role)",
    url: "https://docs.aws.amazon.com/singlesignon/latest/userguide/troubleshooting.html",
    passage: "These roles can only be modified from the IAM Identity Center Administrator console, which is in the management account of AWS Organizations.",
};
const PASS_ROLE: Cite = Cite {
    title: "Grant a user permissions to pass a role to an AWS service",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
    passage: "To pass a role (and its permissions) to an AWS service, a user must have permissions to pass the role to the service.",
};
const SCP: Cite = Cite {
    title: "How AWS enforcement code logic evaluates requests to allow or deny access",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html",
    passage: "AWS Organizations SCPs – The enforcement code evaluates AWS Organizations service control policies (SCPs) that apply to the request. [...] If the enforcement code does not find any applicable Allow statements in the SCPs, then the enforcement code returns a final decision of Deny.",
};
const RCP: Cite = Cite {
    title: "How AWS enforcement code logic evaluates requests to allow or deny access",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html",
    passage: "Note that when you enable RCPs, an AWS managed policy named RCPFullAWSAccess is automatically created and attached to every entity in your organization [...] RCPFullAWSAccess cannot be detached, so there will always be an Allow statement.",
};
const NOT_ACTION: Cite = Cite {
    title: "IAM JSON policy elements: NotAction",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html",
    passage: "NotAction is an advanced policy element that explicitly matches everything except the specified list of actions.",
};
const NOT_RESOURCE: Cite = Cite {
    title: "IAM JSON policy elements: NotResource",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html",
    passage: "NotResource is an advanced policy element that explicitly matches every resource except those specified.",
};
const ACTION_CASE: Cite = Cite {
    title: "IAM JSON policy elements: Action",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html",
    passage: "The prefix and the action name are case insensitive. [...] You can use wildcards (* or ?) in the action name.",
};
const RESOURCE_WILDCARDS: Cite = Cite {
    title: "IAM JSON policy elements: Resource",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html",
    passage: "You can use wildcard characters (* and ?) within any ARN segment (the parts separated by colons) to represent: * - any combination of characters; ? - any single character.",
};
const COND_MISSING: Cite = Cite {
    title: "IAM JSON policy elements: Condition operators",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html",
    passage: "If the key that you specify in a policy condition is not present in the request context, the values do not match and the condition is false. If the policy condition requires that the key is not matched, such as StringNotLike or ArnNotLike, and the right key is not present, the condition is true.",
};
const COND_IFEXISTS: Cite = Cite {
    title: "IAM JSON policy elements: Condition operators (...IfExists)",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists",
    passage: "If the condition key is present in the context of the request, process the key as specified in the policy. If the key is not present, evaluate the condition element as true.",
};
const COND_LOGIC: Cite = Cite {
    title: "Creating a condition with multiple keys or values",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html",
    passage: "If your policy has multiple condition operators or multiple keys attached to a single condition operator, the conditions are evaluated using a logical AND. If a single condition operator includes multiple values for a context key, those values are evaluated using a logical OR.",
};
const COND_KEYS_CASE: Cite = Cite {
    title: "IAM JSON policy elements: Condition",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html",
    passage: "Condition key names are not case-sensitive.",
};
const FOR_ALL_VALUES: Cite = Cite {
    title: "Single-valued vs. multivalued context keys",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html",
    passage: "ForAllValues [...] It also returns true if there are no context keys in the request or if the context key value resolves to a null dataset, such as an empty string.",
};
const FOR_ANY_VALUE: Cite = Cite {
    title: "Single-valued vs. multivalued context keys",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html",
    passage: "ForAnyValue [...] For no matching context key or if the key does not exist, the condition returns false.",
};
const VARS_NO_VALUE: Cite = Cite {
    title: "IAM policy elements: Variables and tags (Policy variables with no value)",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html",
    passage: "When you use a variable with no value in the condition element of an IAM policy, condition operators like StringEquals or StringLike do not match [...] Inverted condition operators like StringNotEquals or StringNotLike do match against a null value [...] the resource that includes a policy variable with no value will not match any resource.",
};
const VARS_VERSION: Cite = Cite {
    title: "IAM policy elements: Variables and tags",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html",
    passage: "If you don't include the Version element and set it to an appropriate version date, variables like ${aws:username} are treated as literal strings in the policy.",
};
const VARS_SPECIAL: Cite = Cite {
    title: "IAM policy elements: Variables and tags (Special characters, default values)",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html",
    passage: "${*} represents the * (asterisk) character. ${?} represents the ? (question mark) character. ${$} represents the $ (dollar sign) character. [...] To add a default value to a variable, surround the default value with single quotes.",
};
const SESSION_TAGS: Cite = Cite {
    title: "Pass session tags in AWS STS",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html",
    passage: "Session tags are principal tags that you specify while requesting a session. The tags apply to requests that you make using the session's credentials.",
};
const STRING_OPS: Cite = Cite {
    title: "IAM JSON policy elements: Condition operators (String, Numeric, Date, Bool, Binary, IP, ARN, Null)",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html",
    passage: "StringEqualsIgnoreCase: Exact matching, ignoring case. StringLike: Case-sensitive matching. The values can include multi-character match wildcards (*) and single-character match wildcards (?) anywhere in the string. [...] IpAddress: The specified IP address or range. [...] ArnLike: Case-sensitive matching of the ARN. Each of the six colon-delimited components of the ARN is checked separately and each can include multi-character match wildcards (*) or single-character match wildcards (?). [...] Use a Null condition operator to check if a condition key is absent at the time of authorization.",
};

const ACCOUNT: &str = "111122223333";
const TVM_SESSION: &str = "arn:aws:sts::111122223333:assumed-role/tenantctl-tvm/u-1";

fn doc(statements: Value) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// The shape of the ABAC policy the project ships (templates/tenant-access-policy.json.j2),
/// rendered for the shared TVM role: tenant and tier are session-tag variables.
fn abac() -> Value {
    doc(json!([
        {"Sid": "S3ObjectsInOwnPrefix", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
         "Resource": "arn:aws:s3:::data-bkt/${aws:PrincipalTag/Tier}/${aws:PrincipalTag/ClinicId}/*"},
        {"Sid": "S3ListOwnPrefixOnly", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::data-bkt",
         "Condition": {"StringLike": {"s3:prefix": ["${aws:PrincipalTag/Tier}/${aws:PrincipalTag/ClinicId}/",
                                                    "${aws:PrincipalTag/Tier}/${aws:PrincipalTag/ClinicId}/*"]}}},
        {"Sid": "SsmReadOwnParameters", "Effect": "Allow", "Action": "ssm:GetParameter",
         "Resource": ["arn:aws:ssm:us-east-1:111122223333:parameter/ns/tenants/${aws:PrincipalTag/ClinicId}",
                      "arn:aws:ssm:us-east-1:111122223333:parameter/ns/tenants/${aws:PrincipalTag/ClinicId}/*"]},
        {"Sid": "DynamoDbOwnPartitionOnly", "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query"],
         "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/ns-*",
         "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${aws:PrincipalTag/ClinicId}"]},
                       "Null": {"dynamodb:LeadingKeys": "false"}}},
        {"Sid": "BedrockOwnTaggedResources", "Effect": "Allow", "Action": "bedrock:InvokeAgent",
         "Resource": "arn:aws:bedrock:us-east-1:111122223333:*",
         "Condition": {"StringEquals": {"aws:ResourceTag/ClinicId": "${aws:PrincipalTag/ClinicId}"}}},
        {"Sid": "MemoryOwnActorOnly", "Effect": "Allow", "Action": "bedrock-agentcore:GetEvent",
         "Resource": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m-1",
         "Condition": {"StringLike": {"bedrock-agentcore:actorId": "${aws:PrincipalTag/ClinicId}:*"}}}
    ]))
}

fn tags(clinic: &str) -> Value {
    json!({"aws:PrincipalTag/ClinicId": clinic, "aws:PrincipalTag/Tier": "basic", "aws:PrincipalTag/UserId": "u-1"})
}

fn merge(mut base: Value, extra: Value) -> Value {
    for (k, v) in extra.as_object().unwrap() {
        base[k] = v.clone();
    }
    base
}

/// A request: `extra` overrides the defaults (TVM session, same account, no policies).
fn req(action: &str, resource: &str, extra: Value) -> Value {
    merge(
        json!({"principal": TVM_SESSION, "action": action, "resource": resource, "resourceAccount": ACCOUNT}),
        extra,
    )
}

/// Identity policy with one statement.
fn ident(stmt: Value) -> Value {
    json!([doc(json!([stmt]))])
}

struct Case {
    name: &'static str,
    cite: Cite,
    request: Value,
    want: Decision,
}

fn run(request: &Value) -> Evaluation {
    let sim = Simulation::from_value(request.clone())
        .unwrap_or_else(|e| panic!("bad request {request}: {e}"));
    evaluate_with(&sim.set, &sim.request, sim.options)
}

fn check(cases: Vec<Case>) {
    let mut failures = Vec::new();
    for c in &cases {
        assert!(
            !c.cite.title.is_empty()
                && c.cite.url.starts_with("https://docs.aws.amazon.com/")
                && !c.cite.passage.is_empty()
        );
        let got = run(&c.request);
        if got.decision != c.want {
            failures.push(format!(
                "{}: want {:?}, got {:?}\n  rests on: {} <{}>: \"{}\"\n  {}",
                c.name,
                c.want,
                got.decision,
                c.cite.title,
                c.cite.url,
                c.cite.passage,
                got.explain()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

use Decision::{Allowed as A, ExplicitlyDenied as X, ImplicitlyDenied as I};

#[test]
fn abac_shapes_the_project_ships() {
    let p = || json!({"identityPolicies": [abac()]});
    let with = |ctx: Value| merge(p(), json!({"context": ctx}));
    let ctx_a = tags("clinic-a");
    let mut c_a_ddb = ctx_a.clone();
    c_a_ddb["dynamodb:LeadingKeys"] = json!(["clinic-a"]);
    let mut c_b_ddb = ctx_a.clone();
    c_b_ddb["dynamodb:LeadingKeys"] = json!(["clinic-a", "clinic-b"]);
    let mut prefix_a = ctx_a.clone();
    prefix_a["s3:prefix"] = json!("basic/clinic-a/reports/");
    let mut prefix_b = ctx_a.clone();
    prefix_b["s3:prefix"] = json!("basic/clinic-b/");
    let mut res_tag_a = ctx_a.clone();
    res_tag_a["aws:ResourceTag/ClinicId"] = json!("clinic-a");
    let mut res_tag_b = ctx_a.clone();
    res_tag_b["aws:ResourceTag/ClinicId"] = json!("clinic-b");
    let mut actor_a = ctx_a.clone();
    actor_a["bedrock-agentcore:actorId"] = json!("clinic-a:u-1");
    let mut actor_ab = ctx_a.clone();
    actor_ab["bedrock-agentcore:actorId"] = json!("clinic-ab:u-1");
    check(vec![
        Case {
            name: "own S3 prefix allowed (positive control)",
            cite: SESSION_TAGS,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::data-bkt/basic/clinic-a/x.json",
                with(ctx_a.clone()),
            ),
            want: A,
        },
        Case {
            name: "other tenant's S3 prefix denied",
            cite: VARS_NO_VALUE,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::data-bkt/basic/clinic-b/x.json",
                with(ctx_a.clone()),
            ),
            want: I,
        },
        Case {
            name: "tenant id that is a prefix of another: clinic-a cannot reach clinic-ab",
            cite: RESOURCE_WILDCARDS,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::data-bkt/basic/clinic-ab/x.json",
                with(ctx_a.clone()),
            ),
            want: I,
        },
        Case {
            name: "other tier's prefix denied",
            cite: RESOURCE_WILDCARDS,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::data-bkt/premium/clinic-a/x.json",
                with(ctx_a.clone()),
            ),
            want: I,
        },
        Case {
            name: "untagged session: the resource with a variable matches nothing",
            cite: VARS_NO_VALUE,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::data-bkt/basic//x.json",
                with(json!({"aws:PrincipalTag/Tier": "basic"})),
            ),
            want: I,
        },
        Case {
            name: "tag value '*' is literal, not a wildcard",
            cite: VARS_SPECIAL,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::data-bkt/basic/clinic-b/x.json",
                with(tags("*")),
            ),
            want: I,
        },
        Case {
            name: "ListBucket on own prefix allowed",
            cite: STRING_OPS,
            request: req("s3:ListBucket", "arn:aws:s3:::data-bkt", with(prefix_a)),
            want: A,
        },
        Case {
            name: "ListBucket on another tenant's prefix denied",
            cite: STRING_OPS,
            request: req("s3:ListBucket", "arn:aws:s3:::data-bkt", with(prefix_b)),
            want: I,
        },
        Case {
            name: "s3:prefix absent on ListBucket (whole-bucket listing) denied",
            cite: COND_MISSING,
            request: req(
                "s3:ListBucket",
                "arn:aws:s3:::data-bkt",
                with(ctx_a.clone()),
            ),
            want: I,
        },
        Case {
            name: "own SSM parameter allowed",
            cite: SESSION_TAGS,
            request: req(
                "ssm:GetParameter",
                "arn:aws:ssm:us-east-1:111122223333:parameter/ns/tenants/clinic-a/project-id",
                with(ctx_a.clone()),
            ),
            want: A,
        },
        Case {
            name: "other tenant's SSM parameter denied",
            cite: VARS_NO_VALUE,
            request: req(
                "ssm:GetParameter",
                "arn:aws:ssm:us-east-1:111122223333:parameter/ns/tenants/clinic-ab/project-id",
                with(ctx_a.clone()),
            ),
            want: I,
        },
        Case {
            name: "DynamoDB own leading key allowed",
            cite: FOR_ALL_VALUES,
            request: req(
                "dynamodb:Query",
                "arn:aws:dynamodb:us-east-1:111122223333:table/ns-data",
                with(c_a_ddb),
            ),
            want: A,
        },
        Case {
            name: "DynamoDB with one foreign leading key denied (ForAllValues)",
            cite: FOR_ALL_VALUES,
            request: req(
                "dynamodb:Query",
                "arn:aws:dynamodb:us-east-1:111122223333:table/ns-data",
                with(c_b_ddb),
            ),
            want: I,
        },
        Case {
            name: "DynamoDB without leading keys (Scan-like) denied by Null false",
            cite: STRING_OPS,
            request: req(
                "dynamodb:GetItem",
                "arn:aws:dynamodb:us-east-1:111122223333:table/ns-data",
                with(ctx_a.clone()),
            ),
            want: I,
        },
        Case {
            name: "Bedrock resource tagged with own tenant allowed",
            cite: SESSION_TAGS,
            request: req(
                "bedrock:InvokeAgent",
                "arn:aws:bedrock:us-east-1:111122223333:agent/A1",
                with(res_tag_a),
            ),
            want: A,
        },
        Case {
            name: "Bedrock resource tagged with another tenant denied",
            cite: COND_LOGIC,
            request: req(
                "bedrock:InvokeAgent",
                "arn:aws:bedrock:us-east-1:111122223333:agent/A1",
                with(res_tag_b),
            ),
            want: I,
        },
        Case {
            name: "untagged Bedrock resource denied (no IfExists)",
            cite: COND_MISSING,
            request: req(
                "bedrock:InvokeAgent",
                "arn:aws:bedrock:us-east-1:111122223333:agent/A1",
                with(ctx_a.clone()),
            ),
            want: I,
        },
        Case {
            name: "memory actor of own tenant allowed",
            cite: STRING_OPS,
            request: req(
                "bedrock-agentcore:GetEvent",
                "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m-1",
                with(actor_a),
            ),
            want: A,
        },
        Case {
            name: "memory actor of clinic-ab denied for clinic-a (':' separator)",
            cite: STRING_OPS,
            request: req(
                "bedrock-agentcore:GetEvent",
                "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m-1",
                with(actor_ab),
            ),
            want: I,
        },
    ]);
}

#[test]
fn classic_abac_bugs_are_visible() {
    let ctx_a = tags("clinic-a");
    let no_sep = ident(json!({"Effect": "Allow", "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::data-bkt/basic/${aws:PrincipalTag/ClinicId}*"}));
    let if_exists = ident(
        json!({"Effect": "Allow", "Action": "bedrock:InvokeAgent", "Resource": "*",
        "Condition": {"StringEqualsIfExists": {"aws:ResourceTag/ClinicId": "${aws:PrincipalTag/ClinicId}"}}}),
    );
    let for_all_no_null = ident(json!({"Effect": "Allow", "Action": "dynamodb:Scan",
        "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/ns-data",
        "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${aws:PrincipalTag/ClinicId}"]}}}));
    let prefix_if_exists = ident(
        json!({"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::data-bkt",
        "Condition": {"StringLikeIfExists": {"s3:prefix": "basic/${aws:PrincipalTag/ClinicId}/*"}}}),
    );
    let deny_unless_tagged = json!([doc(json!([
        {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
        {"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::data-bkt/basic/${aws:PrincipalTag/ClinicId}/*"}
    ]))]);
    check(vec![
        Case { name: "BUG wildcard right after the tenant variable: clinic-a reaches clinic-ab", cite: RESOURCE_WILDCARDS,
               request: req("s3:GetObject", "arn:aws:s3:::data-bkt/basic/clinic-ab/x", json!({"identityPolicies": no_sep, "context": ctx_a})), want: A },
        Case { name: "BUG IfExists leaks to untagged resources", cite: COND_IFEXISTS,
               request: req("bedrock:InvokeAgent", "arn:aws:bedrock:us-east-1:111122223333:agent/untagged", json!({"identityPolicies": if_exists.clone(), "context": ctx_a})), want: A },
        Case { name: "IfExists still compares a present tag", cite: COND_IFEXISTS,
               request: req("bedrock:InvokeAgent", "arn:aws:bedrock:us-east-1:111122223333:agent/b", json!({"identityPolicies": if_exists,
                   "context": merge(ctx_a.clone(), json!({"aws:ResourceTag/ClinicId": "clinic-b"}))})), want: I },
        Case { name: "BUG ForAllValues on a missing key is true: Scan without leading keys allowed", cite: FOR_ALL_VALUES,
               request: req("dynamodb:Scan", "arn:aws:dynamodb:us-east-1:111122223333:table/ns-data", json!({"identityPolicies": for_all_no_null.clone(), "context": ctx_a})), want: A },
        Case { name: "ForAllValues on an empty-string key is true too", cite: FOR_ALL_VALUES,
               request: req("dynamodb:Scan", "arn:aws:dynamodb:us-east-1:111122223333:table/ns-data", json!({"identityPolicies": for_all_no_null,
                   "context": merge(ctx_a.clone(), json!({"dynamodb:LeadingKeys": ""}))})), want: A },
        Case { name: "BUG s3:prefix absent on ListBucket with IfExists lists the whole bucket", cite: COND_IFEXISTS,
               request: req("s3:ListBucket", "arn:aws:s3:::data-bkt", json!({"identityPolicies": prefix_if_exists, "context": ctx_a})), want: A },
        Case { name: "Deny NotResource with an untagged session: the exclusion matches nothing, so the Deny applies", cite: VARS_NO_VALUE,
               request: req("s3:GetObject", "arn:aws:s3:::data-bkt/basic/clinic-a/x", json!({"identityPolicies": deny_unless_tagged.clone(), "context": {}})), want: X },
        Case { name: "Deny NotResource with a tagged session leaves the own prefix alone", cite: NOT_RESOURCE,
               request: req("s3:GetObject", "arn:aws:s3:::data-bkt/basic/clinic-a/x", json!({"identityPolicies": deny_unless_tagged, "context": ctx_a})), want: A },
    ]);
}

#[test]
fn evaluation_logic() {
    let allow_get = json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"});
    let user = "arn:aws:iam::111122223333:user/alice";
    let rp = |principal: Value| {
        doc(
            json!([{"Effect": "Allow", "Principal": principal, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]),
        )
    };
    let ec2_only = json!([doc(
        json!([{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}])
    )]);
    check(vec![
        Case {
            name: "no policy: implicit deny",
            cite: EVAL_DENY,
            request: req("s3:GetObject", "arn:aws:s3:::b/k", json!({})),
            want: I,
        },
        Case {
            name: "identity allow",
            cite: EVAL_DENY,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::b/k",
                json!({"identityPolicies": ident(allow_get.clone())}),
            ),
            want: A,
        },
        Case {
            name: "explicit deny overrides allow",
            cite: EVAL_DENY,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::b/k",
                json!({"identityPolicies": [doc(json!([allow_get, {"Effect": "Deny", "Action": "s3:Get*", "Resource": "*"}]))]}),
            ),
            want: X,
        },
        Case {
            name: "same account: resource policy naming the user allows alone",
            cite: EVAL_SAME_ACCOUNT,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::b/k",
                json!({"principal": user, "resourcePolicy": rp(json!({"AWS": user}))}),
            ),
            want: A,
        },
        Case {
            name: "same account: resource policy naming the account delegates to identity policies",
            cite: EVAL_SAME_ACCOUNT,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::b/k",
                json!({"principal": user, "resourcePolicy": rp(json!({"AWS": "111122223333"}))}),
            ),
            want: I,
        },
        Case {
            name: "cross account: identity allow alone is not enough",
            cite: EVAL_CROSS_ACCOUNT,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::b/k",
                json!({"principal": user, "resourceAccount": "444455556666", "identityPolicies": ident(json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}))}),
            ),
            want: I,
        },
        Case {
            name: "cross account: both sides allow",
            cite: EVAL_CROSS_ACCOUNT,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::b/k",
                json!({"principal": user, "resourceAccount": "444455556666",
                   "identityPolicies": ident(json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"})), "resourcePolicy": rp(json!({"AWS": "arn:aws:iam::111122223333:root"}))}),
            ),
            want: A,
        },
        Case {
            name: "boundary limits the identity allow",
            cite: BOUNDARIES,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::b/k",
                json!({"identityPolicies": ident(json!({"Effect": "Allow", "Action": "s3:*", "Resource": "*"})), "permissionBoundaries": ec2_only.clone()}),
            ),
            want: I,
        },
        Case {
            name:
                "resource policy naming the role ARN, used by a session, is limited by the boundary",
            cite: EVAL_SAME_ACCOUNT,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::b/k",
                json!({"resourcePolicy": rp(json!({"AWS": "arn:aws:iam::111122223333:role/tenantctl-tvm"})), "permissionBoundaries": ec2_only.clone()}),
            ),
            want: I,
        },
        Case {
            name: "resource policy naming the session ARN is not limited by the boundary",
            cite: EVAL_SAME_ACCOUNT,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::b/k",
                json!({"resourcePolicy": rp(json!({"AWS": TVM_SESSION})), "permissionBoundaries": ec2_only.clone()}),
            ),
            want: A,
        },
        Case {
            name: "resource policy naming the role ARN is limited by the session policy",
            cite: SESSION_RBP_ROLE,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::b/k",
                json!({"resourcePolicy": rp(json!({"AWS": "arn:aws:iam::111122223333:role/tenantctl-tvm"})), "sessionPolicy": ec2_only[0].clone()}),
            ),
            want: I,
        },
        Case {
            name: "resource policy naming the session ARN is not limited by the session policy",
            cite: SESSION_RBP_SESSION,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::b/k",
                json!({"resourcePolicy": rp(json!({"AWS": TVM_SESSION})), "sessionPolicy": ec2_only[0].clone()}),
            ),
            want: A,
        },
        Case {
            name: "NotPrincipal Deny always applies to a principal with a boundary",
            cite: BOUNDARY_NOTPRINCIPAL,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::b/k",
                json!({"identityPolicies": ident(json!({"Effect": "Allow", "Action": "s3:*", "Resource": "*"})),
                   "permissionBoundaries": [doc(json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}]))],
                   "resourcePolicy": doc(json!([{"Effect": "Deny", "NotPrincipal": {"AWS": TVM_SESSION}, "Action": "s3:*", "Resource": "*"}]))}),
            ),
            want: X,
        },
        Case {
            name: "an SCP level without an Allow denies",
            cite: SCP,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::b/k",
                json!({"identityPolicies": ident(json!({"Effect": "Allow", "Action": "s3:*", "Resource": "*"})),
                   "serviceControlPolicies": [[doc(json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}]))], [doc(json!([{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]))]]}),
            ),
            want: I,
        },
        Case {
            name: "an RCP level without an Allow does not deny (RCPFullAWSAccess)",
            cite: RCP,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::b/k",
                json!({"identityPolicies": ident(json!({"Effect": "Allow", "Action": "s3:*", "Resource": "*"})), "resourceControlPolicies": [[]]}),
            ),
            want: A,
        },
        Case {
            name: "an RCP Deny denies",
            cite: RCP,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::b/k",
                json!({"identityPolicies": ident(json!({"Effect": "Allow", "Action": "s3:*", "Resource": "*"})),
                   "resourceControlPolicies": [[doc(json!([{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
                       "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-1"}}}]))]]}),
            ),
            want: X,
        },
    ]);
}

/// Issue #19: within one account, a resource policy naming the role ARN is limited by the
/// permissions boundary; naming the session ARN or the IAM user ARN is not. The request
/// principal may be written as the session ARN or, as `policy simulate` and the peer corpus
/// allow, as the role ARN (meaning a session of that role): both forms must be limited.
#[test]
fn boundary_and_a_resource_policy_naming_the_principal_same_account() {
    let role = "arn:aws:iam::111122223333:role/tenantctl-tvm";
    let user = "arn:aws:iam::111122223333:user/alice";
    let rp = |principal: Value| {
        doc(
            json!([{"Effect": "Allow", "Principal": principal, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]),
        )
    };
    let ec2_only = json!([doc(
        json!([{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}])
    )]);
    let s3_boundary = json!([doc(
        json!([{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}])
    )]);
    let get = |extra: Value| req("s3:GetObject", "arn:aws:s3:::b/k", extra);
    check(vec![
        Case {
            name: "role ARN grant, boundary does not allow, request from a session: implicit deny",
            cite: BOUNDARY_RBP_ROLE,
            request: get(
                json!({"resourcePolicy": rp(json!({"AWS": role})), "permissionBoundaries": ec2_only.clone()}),
            ),
            want: I,
        },
        Case {
            name: "role ARN grant, boundary does not allow, principal given as the role ARN: implicit deny",
            cite: EVAL_RBP_ROLE,
            request: get(
                json!({"principal": role, "resourcePolicy": rp(json!({"AWS": role})), "permissionBoundaries": ec2_only.clone()}),
            ),
            want: I,
        },
        Case {
            name: "role ARN grant (bare string Principal), boundary does not allow, principal given as the role ARN: implicit deny",
            cite: EVAL_RBP_ROLE,
            request: get(
                json!({"principal": role, "resourcePolicy": rp(json!(role)), "permissionBoundaries": ec2_only.clone()}),
            ),
            want: I,
        },
        Case {
            name: "role ARN with a path, boundary does not allow: implicit deny",
            cite: BOUNDARY_RBP_ROLE,
            request: get(
                json!({"principal": role, "resourcePolicy": rp(json!({"AWS": "arn:aws:iam::111122223333:role/svc/tenantctl-tvm"})), "permissionBoundaries": ec2_only.clone()}),
            ),
            want: I,
        },
        Case {
            name: "session ARN grant, same boundary: allowed",
            cite: EVAL_RBP_SESSION,
            request: get(
                json!({"resourcePolicy": rp(json!({"AWS": TVM_SESSION})), "permissionBoundaries": ec2_only.clone()}),
            ),
            want: A,
        },
        Case {
            name: "IAM user ARN grant, same boundary: allowed",
            cite: BOUNDARY_RBP_USER,
            request: get(
                json!({"principal": user, "resourcePolicy": rp(json!({"AWS": user})), "permissionBoundaries": ec2_only.clone()}),
            ),
            want: A,
        },
        Case {
            name: "role ARN grant, boundary allows, request from a session: allowed",
            cite: BOUNDARY_RBP_ROLE,
            request: get(
                json!({"resourcePolicy": rp(json!({"AWS": role})), "permissionBoundaries": s3_boundary.clone()}),
            ),
            want: A,
        },
        Case {
            name: "role ARN grant, boundary allows, principal given as the role ARN: allowed",
            cite: BOUNDARY_RBP_ROLE,
            request: get(
                json!({"principal": role, "resourcePolicy": rp(json!({"AWS": role})), "permissionBoundaries": s3_boundary}),
            ),
            want: A,
        },
        Case {
            name: "Principal * with aws:PrincipalArn naming the role: not limited by the boundary",
            cite: EVAL_RBP_WILDCARD_PRINCIPAL_ARN,
            request: get(json!({"permissionBoundaries": ec2_only,
                "resourcePolicy": doc(json!([{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*",
                                              "Condition": {"ArnEquals": {"aws:PrincipalArn": role}}}]))})),
            want: A,
        },
    ]);
}

/// Issue #19: IAM Identity Center's reserved roles can only be modified by Identity Center, so
/// role writes are refused whatever the policies say; passing such a role is not a
/// modification and follows the policies (the peer simulator disagrees: see
/// tests/conformance_disagreements.toml, `source_disagreement`).
#[test]
fn identity_center_reserved_roles() {
    let admin = json!({"principal": "arn:aws:iam::111122223333:user/admin",
        "identityPolicies": ident(json!({"Effect": "Allow", "Action": "*", "Resource": "*"}))});
    let sso = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef";
    check(vec![
        Case {
            name: "PutRolePolicy on a reserved role is refused even with an allow-all policy",
            cite: SSO_RESERVED_ROLES,
            request: req("iam:PutRolePolicy", sso, admin.clone()),
            want: I,
        },
        Case {
            name: "UpdateAssumeRolePolicy on a reserved role is refused",
            cite: SSO_RESERVED_ROLES,
            request: req("iam:UpdateAssumeRolePolicy", sso, admin.clone()),
            want: I,
        },
        Case {
            name: "PassRole on a reserved role follows the identity policy",
            cite: PASS_ROLE,
            request: req("iam:PassRole", sso, admin.clone()),
            want: A,
        },
        Case {
            name: "PassRole on a reserved role without an allow is implicitly denied",
            cite: PASS_ROLE,
            request: req(
                "iam:PassRole",
                sso,
                json!({"principal": "arn:aws:iam::111122223333:user/admin"}),
            ),
            want: I,
        },
        Case {
            name: "GetRole on a reserved role follows the identity policy",
            cite: SSO_RESERVED_ROLES,
            request: req("iam:GetRole", sso, admin),
            want: A,
        },
    ]);
}

#[test]
fn elements_and_matching() {
    let not_action = ident(json!({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}));
    let not_resource =
        ident(json!({"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::secret/*"}));
    check(vec![
        Case {
            name: "NotAction allows what it does not list",
            cite: NOT_ACTION,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::b/k",
                json!({"identityPolicies": not_action.clone()}),
            ),
            want: A,
        },
        Case {
            name: "NotAction does not allow what it lists",
            cite: NOT_ACTION,
            request: req(
                "iam:CreateUser",
                "arn:aws:iam::111122223333:user/x",
                json!({"identityPolicies": not_action}),
            ),
            want: I,
        },
        Case {
            name: "NotResource allows other resources",
            cite: NOT_RESOURCE,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::b/k",
                json!({"identityPolicies": not_resource.clone()}),
            ),
            want: A,
        },
        Case {
            name: "NotResource excludes its resources",
            cite: NOT_RESOURCE,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::secret/k",
                json!({"identityPolicies": not_resource}),
            ),
            want: I,
        },
        Case {
            name: "action names are case-insensitive",
            cite: ACTION_CASE,
            request: req(
                "S3:getobject",
                "arn:aws:s3:::b/k",
                json!({"identityPolicies": ident(json!({"Effect": "Allow", "Action": "s3:GetObj?ct", "Resource": "*"}))}),
            ),
            want: A,
        },
        Case {
            name: "? matches exactly one character",
            cite: ACTION_CASE,
            request: req(
                "s3:GetObjectAcl",
                "arn:aws:s3:::b/k",
                json!({"identityPolicies": ident(json!({"Effect": "Allow", "Action": "s3:GetObj?ct", "Resource": "*"}))}),
            ),
            want: I,
        },
        Case {
            name: "* in a resource matches '/'",
            cite: RESOURCE_WILDCARDS,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::b/a/b/c",
                json!({"identityPolicies": ident(json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}))}),
            ),
            want: A,
        },
        Case {
            name: "resource ARNs are case-sensitive",
            cite: RESOURCE_WILDCARDS,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::B/k",
                json!({"identityPolicies": ident(json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}))}),
            ),
            want: I,
        },
        Case {
            name: "a wildcard in the account segment",
            cite: RESOURCE_WILDCARDS,
            request: req(
                "ssm:GetParameter",
                "arn:aws:ssm:us-east-1:111122223333:parameter/x",
                json!({"identityPolicies": ident(json!({"Effect": "Allow", "Action": "ssm:*", "Resource": "arn:aws:ssm:*:*:parameter/x"}))}),
            ),
            want: A,
        },
        Case {
            name: "a wildcard inside a segment does not swallow the next segment",
            cite: RESOURCE_WILDCARDS,
            request: req(
                "ssm:GetParameter",
                "arn:aws:ssm:us-east-1:111122223333:parameter/x",
                json!({"identityPolicies": ident(json!({"Effect": "Allow", "Action": "ssm:*", "Resource": "arn:aws:ssm:us-*-1:parameter/x"}))}),
            ),
            want: I,
        },
    ]);
}

#[test]
fn condition_operators() {
    let allow_if = |cond: Value| {
        ident(
            json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": cond}),
        )
    };
    let r = |cond: Value, ctx: Value| {
        req(
            "s3:GetObject",
            "arn:aws:s3:::b/k",
            json!({"identityPolicies": allow_if(cond), "context": ctx}),
        )
    };
    let c = |name, cite, cond, ctx, want| Case {
        name,
        cite,
        request: r(cond, ctx),
        want,
    };
    check(vec![
        c(
            "StringEquals is case-sensitive",
            STRING_OPS,
            json!({"StringEquals": {"aws:PrincipalTag/T": "A"}}),
            json!({"aws:PrincipalTag/T": "a"}),
            I,
        ),
        c(
            "StringEqualsIgnoreCase ignores case",
            STRING_OPS,
            json!({"StringEqualsIgnoreCase": {"aws:PrincipalTag/T": "A"}}),
            json!({"aws:PrincipalTag/T": "a"}),
            A,
        ),
        c(
            "StringLike with * and ?",
            STRING_OPS,
            json!({"StringLike": {"s3:prefix": "home/?/*"}}),
            json!({"s3:prefix": "home/a/b/c"}),
            A,
        ),
        c(
            "StringNotLike on a missing key is true",
            COND_MISSING,
            json!({"StringNotLike": {"s3:prefix": "secret/*"}}),
            json!({}),
            A,
        ),
        c(
            "StringEquals on a missing key is false",
            COND_MISSING,
            json!({"StringEquals": {"s3:prefix": "x"}}),
            json!({}),
            I,
        ),
        c(
            "condition key names are case-insensitive",
            COND_KEYS_CASE,
            json!({"StringEquals": {"AWS:PRINCIPALTAG/t": "a"}}),
            json!({"aws:PrincipalTag/T": "a"}),
            A,
        ),
        c(
            "multiple values are ORed",
            COND_LOGIC,
            json!({"StringEquals": {"aws:PrincipalTag/T": ["x", "a"]}}),
            json!({"aws:PrincipalTag/T": "a"}),
            A,
        ),
        c(
            "negated multiple values: none may match",
            COND_LOGIC,
            json!({"StringNotEquals": {"aws:PrincipalTag/T": ["x", "a"]}}),
            json!({"aws:PrincipalTag/T": "a"}),
            I,
        ),
        c(
            "multiple keys are ANDed",
            COND_LOGIC,
            json!({"StringEquals": {"aws:PrincipalTag/T": "a", "aws:PrincipalTag/U": "b"}}),
            json!({"aws:PrincipalTag/T": "a", "aws:PrincipalTag/U": "c"}),
            I,
        ),
        c(
            "NumericLessThanEquals",
            STRING_OPS,
            json!({"NumericLessThanEquals": {"s3:max-keys": "10"}}),
            json!({"s3:max-keys": "10"}),
            A,
        ),
        c(
            "NumericGreaterThan with a non-number request value fails",
            STRING_OPS,
            json!({"NumericGreaterThan": {"s3:max-keys": "10"}}),
            json!({"s3:max-keys": "many"}),
            I,
        ),
        c(
            "DateLessThan with ISO 8601",
            STRING_OPS,
            json!({"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}),
            json!({"aws:CurrentTime": "2025-06-01T12:00:00Z"}),
            A,
        ),
        c(
            "DateGreaterThan with epoch seconds",
            STRING_OPS,
            json!({"DateGreaterThan": {"aws:EpochTime": "1700000000"}}),
            json!({"aws:EpochTime": "1600000000"}),
            I,
        ),
        c(
            "Bool",
            STRING_OPS,
            json!({"Bool": {"aws:SecureTransport": "true"}}),
            json!({"aws:SecureTransport": "TRUE"}),
            A,
        ),
        c(
            "Bool false does not match true",
            STRING_OPS,
            json!({"Bool": {"aws:SecureTransport": "false"}}),
            json!({"aws:SecureTransport": "true"}),
            I,
        ),
        c(
            "BinaryEquals compares the base64 text",
            STRING_OPS,
            json!({"BinaryEquals": {"k:bin": "QmluYXJ5"}}),
            json!({"k:bin": "QmluYXJ5"}),
            A,
        ),
        c(
            "IpAddress IPv4 CIDR",
            STRING_OPS,
            json!({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}),
            json!({"aws:SourceIp": "203.0.113.77"}),
            A,
        ),
        c(
            "IpAddress IPv4 outside",
            STRING_OPS,
            json!({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}),
            json!({"aws:SourceIp": "203.0.114.1"}),
            I,
        ),
        c(
            "IpAddress IPv6 CIDR",
            STRING_OPS,
            json!({"IpAddress": {"aws:SourceIp": "2001:db8::/32"}}),
            json!({"aws:SourceIp": "2001:db8:1::5"}),
            A,
        ),
        c(
            "NotIpAddress",
            STRING_OPS,
            json!({"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}}),
            json!({"aws:SourceIp": "198.51.100.1"}),
            A,
        ),
        c(
            "ArnLike per segment",
            STRING_OPS,
            json!({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/tenantctl-*"}}),
            json!({}),
            A,
        ),
        c(
            "ArnEquals against the derived aws:PrincipalArn of a session",
            STRING_OPS,
            json!({"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/other"}}),
            json!({}),
            I,
        ),
        c(
            "ArnNotEquals on a missing key is true",
            COND_MISSING,
            json!({"ArnNotEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:1:t"}}),
            json!({}),
            A,
        ),
        c(
            "Null true: key absent",
            STRING_OPS,
            json!({"Null": {"aws:PrincipalTag/T": "true"}}),
            json!({}),
            A,
        ),
        c(
            "Null false: key present",
            STRING_OPS,
            json!({"Null": {"aws:PrincipalTag/T": "false"}}),
            json!({}),
            I,
        ),
        c(
            "IfExists: absent key is true",
            COND_IFEXISTS,
            json!({"StringEqualsIfExists": {"aws:ResourceTag/T": "a"}}),
            json!({}),
            A,
        ),
        c(
            "IfExists: present key is compared",
            COND_IFEXISTS,
            json!({"StringEqualsIfExists": {"aws:ResourceTag/T": "a"}}),
            json!({"aws:ResourceTag/T": "b"}),
            I,
        ),
        c(
            "ForAnyValue on a missing key is false",
            FOR_ANY_VALUE,
            json!({"ForAnyValue:StringEquals": {"aws:TagKeys": ["a"]}}),
            json!({}),
            I,
        ),
        c(
            "ForAnyValue matches one member",
            FOR_ANY_VALUE,
            json!({"ForAnyValue:StringEquals": {"aws:TagKeys": ["a"]}}),
            json!({"aws:TagKeys": ["b", "a"]}),
            A,
        ),
        c(
            "ForAllValues on a missing key is true",
            FOR_ALL_VALUES,
            json!({"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b"]}}),
            json!({}),
            A,
        ),
        c(
            "ForAllValues: every member must match",
            FOR_ALL_VALUES,
            json!({"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b"]}}),
            json!({"aws:TagKeys": ["a", "c"]}),
            I,
        ),
        c(
            "ForAllValues:StringNotLike: no member may match",
            FOR_ALL_VALUES,
            json!({"ForAllValues:StringNotLike": {"aws:TagKeys": ["admin*"]}}),
            json!({"aws:TagKeys": ["team", "adminx"]}),
            I,
        ),
    ]);
}

#[test]
fn policy_variables() {
    let cond = |c: Value| {
        ident(json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": c}))
    };
    let r = |ident: Value, ctx: Value| {
        req(
            "s3:GetObject",
            "arn:aws:s3:::b/k",
            json!({"identityPolicies": ident, "context": ctx}),
        )
    };
    let old_version = json!([{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}]}]);
    check(vec![
        Case {
            name: "variable in a condition value",
            cite: SESSION_TAGS,
            request: r(
                cond(json!({"StringEquals": {"aws:ResourceTag/T": "${aws:PrincipalTag/T}"}})),
                json!({"aws:ResourceTag/T": "a", "aws:PrincipalTag/T": "a"}),
            ),
            want: A,
        },
        Case {
            name: "variable with no value: StringEquals does not match",
            cite: VARS_NO_VALUE,
            request: r(
                cond(json!({"StringEquals": {"aws:ResourceTag/T": "${aws:PrincipalTag/T}"}})),
                json!({"aws:ResourceTag/T": "a"}),
            ),
            want: I,
        },
        Case {
            name: "variable with no value: StringNotEquals matches",
            cite: VARS_NO_VALUE,
            request: r(
                cond(json!({"StringNotEquals": {"aws:ResourceTag/T": "${aws:PrincipalTag/T}"}})),
                json!({"aws:ResourceTag/T": "a"}),
            ),
            want: A,
        },
        Case {
            name: "default value when the key is absent",
            cite: VARS_SPECIAL,
            request: r(
                cond(
                    json!({"StringEquals": {"aws:ResourceTag/T": "${aws:PrincipalTag/T, 'shared'}"}}),
                ),
                json!({"aws:ResourceTag/T": "shared"}),
            ),
            want: A,
        },
        Case {
            name: "${*} is a literal asterisk in StringLike",
            cite: VARS_SPECIAL,
            request: r(
                cond(json!({"StringLike": {"aws:RequestTag/ClinicId": "*${*}*"}})),
                json!({"aws:RequestTag/ClinicId": "clinic-a"}),
            ),
            want: I,
        },
        Case {
            name: "${*} matches a literal asterisk",
            cite: VARS_SPECIAL,
            request: r(
                cond(json!({"StringLike": {"aws:RequestTag/ClinicId": "*${*}*"}})),
                json!({"aws:RequestTag/ClinicId": "clinic*"}),
            ),
            want: A,
        },
        Case {
            name: "${$} and ${?} are literal",
            cite: VARS_SPECIAL,
            request: r(
                cond(json!({"StringEquals": {"k:v": "a${$}b${?}"}})),
                json!({"k:v": "a$b?"}),
            ),
            want: A,
        },
        Case {
            name: "any context key works as a variable (aws:username for users)",
            cite: VARS_SPECIAL,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::b/home/alice/x",
                json!({"principal": "arn:aws:iam::111122223333:user/alice",
                   "identityPolicies": ident(json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/home/${aws:username}/*"}))}),
            ),
            want: A,
        },
        Case {
            name: "no variables without Version 2012-10-17: the text is literal",
            cite: VARS_VERSION,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::b/alice/x",
                json!({"principal": "arn:aws:iam::111122223333:user/alice", "identityPolicies": old_version.clone()}),
            ),
            want: I,
        },
        Case {
            name: "without Version 2012-10-17 the literal '${aws:username}' matches itself",
            cite: VARS_VERSION,
            request: req(
                "s3:GetObject",
                "arn:aws:s3:::b/${aws:username}/x",
                json!({"principal": "arn:aws:iam::111122223333:user/alice", "identityPolicies": old_version}),
            ),
            want: A,
        },
    ]);
}

#[test]
fn explanations_name_the_statement_and_element() {
    let request = req(
        "bedrock:InvokeAgent",
        "arn:aws:bedrock:us-east-1:111122223333:agent/A1",
        json!({"identityPolicies": [abac()], "context": merge(tags("clinic-a"), json!({"aws:ResourceTag/ClinicId": "clinic-b"}))}),
    );
    let ev = run(&request);
    assert_eq!(ev.decision, I);
    let miss = ev
        .closest_miss
        .expect("a denial names its closest statement");
    assert_eq!(
        miss.statement.sid.as_deref(),
        Some("BedrockOwnTaggedResources")
    );
    assert_eq!(miss.statement.index, 4);
    assert_eq!(miss.element, "Condition");
    assert!(
        miss.detail.contains("aws:ResourceTag/ClinicId") && miss.detail.contains("'clinic-b'"),
        "{}",
        miss.detail
    );

    let deny = req(
        "s3:GetObject",
        "arn:aws:s3:::b/k",
        json!({"identityPolicies": [doc(json!([
        {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
        {"Sid": "NoB", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]))]}),
    );
    let ev = run(&deny);
    assert_eq!(ev.decision, X);
    assert_eq!(ev.decided_by.len(), 1);
    assert_eq!(
        (ev.decided_by[0].index, ev.decided_by[0].sid.as_deref()),
        (1, Some("NoB"))
    );

    let allow = run(&req(
        "s3:GetObject",
        "arn:aws:s3:::data-bkt/basic/clinic-a/k",
        json!({"identityPolicies": [abac()], "context": tags("clinic-a")}),
    ));
    assert_eq!(allow.decision, A);
    assert_eq!(
        allow.decided_by[0].sid.as_deref(),
        Some("S3ObjectsInOwnPrefix")
    );
}

#[test]
fn malformed_documents_name_statement_and_element() {
    let bad = |stmt: Value| {
        Simulation::from_value(req("s3:GetObject", "arn:aws:s3:::b/k", json!({"identityPolicies": [doc(json!([{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}, stmt]))]})))
            .unwrap_err()
    };
    let e = bad(
        json!({"Sid": "S", "Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"NumericEquals": {"s3:max-keys": "ten"}}}),
    );
    assert!(
        e.starts_with("identityPolicies[0]: statement 1 (Sid \"S\"), Condition:"),
        "{e}"
    );
    let e = bad(json!({"Effect": "Allow", "Action": 7, "Resource": "*"}));
    assert!(e.contains("statement 1, Action:"), "{e}");
    let e = bad(json!({"Effect": "Allow", "Action": "s3:*", "Resource": "*", "NotResource": "*"}));
    assert!(e.contains("statement 1, Resource:"), "{e}");
    let e = bad(json!({"Effect": "Permit", "Action": "s3:*", "Resource": "*"}));
    assert!(e.contains("statement 1, Effect:"), "{e}");
    let e = bad(
        json!({"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "300.1.1.1/8"}}}),
    );
    assert!(e.contains("Condition:") && e.contains("300.1.1.1/8"), "{e}");
    let e = bad(json!({"Effect": "Allow", "Action": "s3:*", "Resources": "*"}));
    assert!(e.contains("statement 1, Resources: unknown element"), "{e}");

    // Found by the fuzzer: a control character in a key must not break the one-line message.
    let e = PolicyDocument::parse("{\"Version\":\"2012-10-17\",\"Stateme\\nt\":[]}")
        .unwrap_err()
        .to_string();
    assert!(!e.contains('\n') && e.contains("Stateme\\nt"), "{e}");
}
