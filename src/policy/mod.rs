//! The project's own IAM policy engine: a serde-free compiled model of policy documents, a
//! local evaluator that follows AWS's published evaluation logic, and explanations. No AWS
//! SDK dependency. See docs/policy-engine.md.
//!
//! ```
//! use tenantctl::policy::{evaluate, Context, Decision, NamedPolicy, PolicyDocument, PolicySet, Request};
//! let doc = PolicyDocument::parse(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
//!   "Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:PrincipalTag/ClinicId}/*"}]}"#).unwrap();
//! let set = PolicySet { identity: vec![NamedPolicy::new("abac", doc)], ..Default::default() };
//! let mut context = Context::new();
//! context.set("aws:PrincipalTag/ClinicId", "clinic-a");
//! let req = Request {
//!     principal: "arn:aws:sts::111122223333:assumed-role/tvm/u1".into(),
//!     action: "s3:GetObject".into(),
//!     resource: "arn:aws:s3:::b/clinic-a/x".into(),
//!     resource_account: Some("111122223333".into()),
//!     context,
//! };
//! assert_eq!(evaluate(&set, &req).decision, Decision::Allowed);
//! ```

mod conditions;
mod context;
mod eval;
mod explain;
pub mod keys;
pub mod managed;
mod matching;
mod model;
mod principal;
pub mod regions;
pub mod request;
mod service;
mod specialize;
pub mod symbolic;
mod variables;

pub use context::{Context, ContextValue};
pub use eval::{
    decide, decide_parts, evaluate, evaluate_with, EvalOptions, NamedPolicy, PolicySet,
    PreparedPrincipal, PreparedResource, Request, RequestParts,
};
pub use explain::{Decision, Evaluation, Miss, Reason, StatementRef};
pub use model::{same_policy, Effect, PolicyDocument, PolicyKind, PolicyParseError, Statement};

/// Wildcard matching helpers, public for property tests and the isolation validator.
pub mod wildcard {
    /// AWS action matching: case-insensitive, `*` and `?`.
    pub fn action_matches(pattern: &str, action: &str) -> bool {
        super::matching::Wild::from_policy_text(pattern, true).matches(action)
    }
    /// AWS ARN matching (Resource element, Arn* operators): per segment, case-sensitive.
    pub fn arn_matches(pattern: &str, arn: &str) -> bool {
        super::matching::ArnPattern::compile(&super::matching::escape_backslashes(pattern))
            .matches(arn)
    }
    /// `StringLike`: case-sensitive, `*` and `?` match any characters including `/` and `:`.
    pub fn string_like(pattern: &str, value: &str) -> bool {
        super::matching::Wild::from_policy_text(pattern, false).matches(value)
    }
    /// Is there a string that both wildcard patterns match?
    pub fn patterns_intersect(a: &str, b: &str) -> bool {
        use super::matching::{escape_backslashes, glob_intersects};
        glob_intersects(&escape_backslashes(a), &escape_backslashes(b))
    }
    /// Does `outer` match every string that `inner` matches? (Sound: `true` is always right.)
    pub fn pattern_covers(outer: &str, inner: &str) -> bool {
        use super::matching::{escape_backslashes, glob_covers};
        glob_covers(&escape_backslashes(outer), &escape_backslashes(inner))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn _assert_send_sync() {
        fn is<T: Send + Sync>() {}
        is::<PolicySet>();
        is::<PolicyDocument>();
        is::<Evaluation>();
        is::<Request>();
    }
}
