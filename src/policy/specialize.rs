//! Partial evaluation of a policy set for one session: what is the same for every request of
//! the session is decided once, so the bulk checker (the isolation matrix evaluates millions
//! of requests, a thousand per session) pays per request only for what varies.
//!
//! Two steps, both decision-preserving under the caller's promise ([`PolicySet::specialize`]):
//! - policy variables whose keys are fixed are substituted, so templates compile to static
//!   patterns (no per-request rendering);
//! - conditions whose key is fixed (and whose values no longer hold variables) are evaluated
//!   now: a false one removes its statement (it can never apply), a true one is dropped.
//!   In the shipped templates this decides the `Deny` guard statements on the principal's
//!   tags once per session instead of on every request.
//!
//! The result is for deciding only: statements are removed, so statement indexes and
//! explanations must come from the original set.

use super::conditions::{Condition, KeySource, Value};
use super::context::{Context, ContextValue};
use super::eval::{NamedPolicy, PolicySet, DERIVED_KEYS};
use super::matching::{ArnPattern, Wild};
use super::model::{ActionPattern, Listed, PolicyDocument, ResourcePattern, Statement};
use super::variables::Render;

/// What the caller promises about every request it will evaluate with the specialised set:
/// its context is `context` except, at most, for the keys in `varying` (lowercase).
struct Known<'a> {
    context: &'a Context,
    varying: Vec<String>,
}

impl Known<'_> {
    /// Is the key's value (or its absence) the same in every request? Keys the evaluator
    /// derives from the request when the context lacks them (`aws:PrincipalArn`, ...) are
    /// fixed only when the context sets them.
    fn frozen(&self, key: &str) -> bool {
        if self.varying.iter().any(|v| v == key) {
            return false;
        }
        self.context.get_lower(key).is_some() || !DERIVED_KEYS.contains(&key)
    }

    /// The value a policy variable takes in every request (variables take single values).
    fn variable(&self, key: &str) -> Option<&str> {
        if !self.frozen(key) {
            return None;
        }
        match self.context.get_lower(key) {
            Some(ContextValue::Single(v)) => Some(v.as_str()),
            _ => None,
        }
    }
}

/// Only ever asked for frozen keys (see `Statement::specialize`).
impl KeySource for Known<'_> {
    fn get(&self, key: &str) -> Option<(&[String], bool)> {
        self.context
            .get_lower(key)
            .map(|v| (v.as_slice(), matches!(v, ContextValue::Multi(_))))
    }
}

impl PolicySet {
    /// This set specialised for requests whose context is `context` except, at most, for the
    /// keys in `varying` (any case): one session's principal tags against many resources,
    /// where only a resource tag or `s3:prefix` changes from request to request.
    ///
    /// Every such request gets the same decision from the result as from `self`, with the
    /// session-constant work done once: policy variables substituted and templates compiled,
    /// conditions on fixed keys evaluated (a statement whose condition cannot hold is
    /// removed). Use it with [`decide`](super::decide); explanations and statement indexes
    /// come from the original set.
    pub fn specialize(&self, context: &Context, varying: &[&str]) -> PolicySet {
        let known = Known {
            context,
            varying: varying.iter().map(|k| k.to_ascii_lowercase()).collect(),
        };
        self.map_documents(|d| d.specialize(&known))
    }

    /// The same set with every document, of every kind and level, replaced by `f` of it.
    fn map_documents(&self, f: impl Fn(&PolicyDocument) -> PolicyDocument) -> PolicySet {
        let one = |p: &NamedPolicy| NamedPolicy {
            name: p.name.clone(),
            document: f(&p.document),
        };
        let all = |v: &Vec<NamedPolicy>| v.iter().map(one).collect::<Vec<_>>();
        PolicySet {
            identity: all(&self.identity),
            resource: self.resource.as_ref().map(one),
            boundaries: all(&self.boundaries),
            session: self.session.as_ref().map(one),
            scps: self.scps.iter().map(all).collect(),
            rcps: self.rcps.iter().map(all).collect(),
            endpoints: all(&self.endpoints),
        }
    }

    /// This set restricted to the statements that can apply to `action` (any case), whose
    /// Action element then matches without a test: same decisions for every request for
    /// that action, with the scan down to the one or two statements that name it. Often
    /// applied to a [`specialize`](Self::specialize)d set, once per action of a session.
    pub fn for_action(&self, action: &str) -> PolicySet {
        let service = super::service::of_action(action);
        let any = Listed {
            negated: false,
            items: vec![ActionPattern {
                raw: "*".into(),
                wild: Wild::compile("*", true),
            }],
        };
        self.map_documents(|d| {
            d.with_statements(
                d.statements
                    .iter()
                    .filter(|st| st.matches_action(action, service))
                    .map(|st| Statement {
                        actions: any.clone(),
                        action_services: None,
                        ..st.clone()
                    })
                    .collect(),
            )
        })
    }
}

impl PolicyDocument {
    fn specialize(&self, known: &Known) -> PolicyDocument {
        self.with_statements(
            self.statements
                .iter()
                .filter_map(|st| st.specialize(known))
                .collect(),
        )
    }

    /// This document (version, id, text as written) with other compiled statements.
    fn with_statements(&self, statements: Vec<Statement>) -> PolicyDocument {
        PolicyDocument {
            version: self.version.clone(),
            id: self.id.clone(),
            statements,
            raw: self.raw.clone(),
        }
    }
}

impl Statement {
    /// `None` when a condition on fixed keys is false: the statement never applies.
    fn specialize(&self, known: &Known) -> Option<Statement> {
        let fixed = |k: &str| known.variable(k);
        let mut conditions = Vec::with_capacity(self.conditions.len());
        for c in &self.conditions {
            let c: Condition = c.specialize(&fixed);
            let constant =
                known.frozen(&c.key) && !c.values.iter().any(|v| matches!(v, Value::Template(_)));
            if !constant {
                conditions.push(c);
            } else if !c.eval(known, &mut String::new()) {
                return None;
            }
        }
        let mut st = self.clone();
        st.conditions = conditions;
        if let Some(res) = &mut st.resources {
            for item in &mut res.items {
                if let ResourcePattern::Template(t) = item {
                    let t = t.specialize(&fixed);
                    *item = match t.constant(Render::Pattern) {
                        Some(c) => ResourcePattern::Static(ArnPattern::compile(&c)),
                        None => ResourcePattern::Template(t),
                    };
                }
            }
        }
        Some(st)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{decide, Decision, Request};

    const DOC: &str = r#"{"Version":"2012-10-17","Statement":[
      {"Sid":"DenyNoClinic","Effect":"Deny","Action":"*","Resource":"*",
       "Condition":{"Null":{"aws:PrincipalTag/ClinicId":"true"}}},
      {"Sid":"DenyBadClinic","Effect":"Deny","Action":"*","Resource":"*",
       "Condition":{"StringLike":{"aws:PrincipalTag/ClinicId":["","*/*"]}}},
      {"Sid":"DenyOtherAccount","Effect":"Deny","Action":"*","Resource":"*",
       "Condition":{"StringNotEquals":{"aws:PrincipalArn":"arn:aws:iam::1:role/tvm"}}},
      {"Sid":"Objects","Effect":"Allow","Action":"s3:GetObject",
       "Resource":"arn:aws:s3:::b/${aws:PrincipalTag/ClinicId}/*"},
      {"Sid":"Tagged","Effect":"Allow","Action":"bedrock:Retrieve","Resource":"*",
       "Condition":{"StringEquals":{"aws:ResourceTag/ClinicId":"${aws:PrincipalTag/ClinicId}"}}}
    ]}"#;

    fn set() -> PolicySet {
        PolicySet {
            identity: vec![NamedPolicy::new("p", PolicyDocument::parse(DOC).unwrap())],
            ..Default::default()
        }
    }

    fn sids(s: &PolicySet) -> Vec<&str> {
        s.identity[0]
            .document
            .statements
            .iter()
            .filter_map(|st| st.sid())
            .collect()
    }

    #[test]
    fn fixed_conditions_are_decided_once_and_varying_ones_kept() {
        let ctx = Context::new()
            .with("aws:PrincipalTag/ClinicId", "clinic-a")
            .with("aws:PrincipalArn", "arn:aws:iam::1:role/tvm");
        let fast = set().specialize(&ctx, &["aws:ResourceTag/ClinicId"]);
        // The three guards cannot hold for this session: gone. The tag condition varies.
        assert_eq!(sids(&fast), ["Objects", "Tagged"]);
        let tagged = &fast.identity[0].document.statements[1];
        assert_eq!(tagged.conditions.len(), 1);

        // A session without the tag: the Null guard always holds and loses its condition.
        let bare = Context::new().with("aws:PrincipalArn", "arn:aws:iam::1:role/tvm");
        let fast = set().specialize(&bare, &["aws:ResourceTag/ClinicId"]);
        let deny = &fast.identity[0].document.statements[0];
        assert_eq!(deny.sid(), Some("DenyNoClinic"));
        assert!(deny.conditions.is_empty());
    }

    /// `aws:PrincipalArn` absent from the context comes from each request's principal: it
    /// is not a fixed key, so its condition stays.
    #[test]
    fn derived_keys_are_not_fixed_unless_the_context_sets_them() {
        let ctx = Context::new().with("aws:PrincipalTag/ClinicId", "clinic-a");
        let fast = set().specialize(&ctx, &[]);
        assert!(sids(&fast).contains(&"DenyOtherAccount"));
        let mut req = Request {
            principal: "arn:aws:sts::1:assumed-role/tvm/s".into(),
            action: "s3:GetObject".into(),
            resource: "arn:aws:s3:::b/clinic-a/x".into(),
            resource_account: Some("1".into()),
            context: ctx.clone(),
        };
        assert_eq!(decide(&fast, &req), Decision::Allowed);
        req.principal = "arn:aws:sts::1:assumed-role/other/s".into();
        assert_eq!(decide(&fast, &req), decide(&set(), &req));
        assert_eq!(decide(&fast, &req), Decision::ExplicitlyDenied);
    }

    /// Every combination of session and varying value decides as the original set does.
    #[test]
    fn specialised_sets_decide_like_the_original() {
        let sessions = [
            Context::new(),
            Context::new().with("aws:PrincipalTag/ClinicId", "clinic-a"),
            Context::new().with("aws:PrincipalTag/ClinicId", ""),
            Context::new().with("aws:PrincipalTag/ClinicId", "a/b"),
            Context::new().with("aws:PrincipalTag/ClinicId", vec!["clinic-a", "clinic-b"]),
        ];
        let principals = [
            "arn:aws:sts::1:assumed-role/tvm/s",
            "arn:aws:sts::1:assumed-role/other/s",
        ];
        let requests = [
            ("s3:GetObject", "arn:aws:s3:::b/clinic-a/x"),
            ("s3:GetObject", "arn:aws:s3:::b/clinic-b/x"),
            (
                "bedrock:Retrieve",
                "arn:aws:bedrock:us-east-1:1:knowledge-base/K",
            ),
        ];
        let tags = [None, Some("clinic-a"), Some("clinic-b"), Some("")];
        let original = set();
        let mut compared = 0;
        for session in &sessions {
            for with_arn in [false, true] {
                let mut ctx = session.clone();
                if with_arn {
                    ctx.set("aws:PrincipalArn", "arn:aws:iam::1:role/tvm");
                }
                let fast = original.specialize(&ctx, &["aws:ResourceTag/ClinicId"]);
                for principal in principals {
                    for (action, resource) in requests {
                        for tag in tags {
                            let mut context = ctx.clone();
                            if let Some(t) = tag {
                                context.set("aws:ResourceTag/ClinicId", t);
                            }
                            let req = Request {
                                principal: principal.into(),
                                action: action.into(),
                                resource: resource.into(),
                                resource_account: Some("1".into()),
                                context,
                            };
                            assert_eq!(decide(&fast, &req), decide(&original, &req), "{req:?}");
                            compared += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(compared, 5 * 2 * 2 * 3 * 4);
    }

    /// `for_action` keeps exactly the statements whose Action/NotAction can match.
    #[test]
    fn for_action_keeps_the_statements_that_can_apply() {
        let doc = r#"{"Version":"2012-10-17","Statement":[
          {"Sid":"Read","Effect":"Allow","Action":["s3:Get*","ssm:GetParameter"],"Resource":"*"},
          {"Sid":"NotS3","Effect":"Deny","NotAction":"s3:*","Resource":"*"},
          {"Sid":"Any","Effect":"Allow","Action":"*:Get?bject","Resource":"*"}
        ]}"#;
        let set = PolicySet {
            identity: vec![NamedPolicy::new("p", PolicyDocument::parse(doc).unwrap())],
            ..Default::default()
        };
        let cases: [(&str, &[&str]); 4] = [
            ("s3:GetObject", &["Read", "Any"]),
            ("S3:getobject", &["Read", "Any"]),
            ("ssm:GetParameter", &["Read", "NotS3"]),
            ("s3:PutObject", &[]),
        ];
        for (action, want) in cases {
            let only = set.for_action(action);
            assert_eq!(sids(&only), want, "{action}");
            let req = Request {
                principal: "arn:aws:sts::1:assumed-role/tvm/s".into(),
                action: action.into(),
                resource: "arn:aws:s3:::b/k".into(),
                resource_account: Some("1".into()),
                context: Context::new(),
            };
            assert_eq!(decide(&only, &req), decide(&set, &req), "{action}");
        }
    }

    /// A prepared resource that is not a whole ARN (`*`, a truncated ARN, a bare name) decides
    /// like the plain request.
    #[test]
    fn prepared_resources_that_are_not_whole_arns() {
        use crate::policy::{decide_parts, PreparedPrincipal, PreparedResource, RequestParts};
        let doc = r#"{"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":"*","Resource":["*","arn:aws:iam*"]},
          {"Effect":"Deny","Action":"*","Resource":"arn:aws:iam::1:*"}
        ]}"#;
        let set = PolicySet {
            identity: vec![NamedPolicy::new("p", PolicyDocument::parse(doc).unwrap())],
            ..Default::default()
        };
        let principal = "arn:aws:sts::1:assumed-role/tvm/s";
        for resource in [
            "*",
            "arn:aws:iam",
            "arn:aws:iam::1",
            "bucket",
            "",
            "arn:aws:iam::1:role/x",
        ] {
            let req = Request {
                principal: principal.into(),
                action: "iam:PassRole".into(),
                resource: resource.into(),
                resource_account: None,
                context: Context::new(),
            };
            let prepared = PreparedResource::new(resource, None);
            let parts = RequestParts {
                principal: PreparedPrincipal::new(principal),
                action: "iam:PassRole",
                resource: &prepared,
                context: &req.context,
                overlay: None,
            };
            assert_eq!(prepared.as_str(), resource);
            assert_eq!(
                decide_parts(&set, &parts),
                decide(&set, &req),
                "{resource:?}"
            );
        }
    }
}
