//! Retry classifiers added to the SDK's own, so that the SDK retries what is worth retrying
//! and nothing else:
//!
//! - `FailFast` (every client): a connection that is refused, a host name that does not
//!   resolve and a TLS handshake that fails are not throttling and will not heal in the next
//!   few seconds; the call fails at its first attempt with its own message (`errors::Unreachable`).
//! - `NoBlindRetry` (calls that are not idempotent, such as CopyObject into a versioned
//!   bucket): an attempt whose outcome is unknown (timed out, connection lost, 500) may still
//!   take effect on the server; sending it again could apply it twice. Only answers that say
//!   the request was refused (503 SlowDown, 429) are retried by the SDK; the caller decides
//!   what to do about the rest (lifecycle::mirror looks at the destination first).

use aws_smithy_runtime_api::client::interceptors::context::InterceptorContext;
use aws_smithy_runtime_api::client::retries::classifiers::{
    ClassifyRetry, RetryAction, RetryClassifierPriority,
};

use super::errors::unreachable_cause;

/// Never retry an unreachable endpoint (refused, DNS, TLS).
#[derive(Debug, Clone, Copy, Default)]
pub struct FailFast;

impl ClassifyRetry for FailFast {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        match ctx.output_or_error() {
            Some(Err(e)) => match e.as_connector_error() {
                Some(c) if unreachable_cause(c).is_some() => RetryAction::RetryForbidden,
                _ => RetryAction::NoActionIndicated,
            },
            _ => RetryAction::NoActionIndicated,
        }
    }
    fn name(&self) -> &'static str {
        "tenantctl: fail fast when the endpoint is unreachable"
    }
    fn priority(&self) -> RetryClassifierPriority {
        RetryClassifierPriority::run_after(RetryClassifierPriority::transient_error_classifier())
    }
}

/// Retry a non-idempotent call only when the answer says the request was refused.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoBlindRetry;

impl ClassifyRetry for NoBlindRetry {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        match ctx.output_or_error() {
            Some(Err(_)) => {
                let refused = ctx
                    .response()
                    .is_some_and(|r| matches!(r.status().as_u16(), 503 | 429));
                if refused {
                    RetryAction::NoActionIndicated
                } else {
                    RetryAction::RetryForbidden
                }
            }
            _ => RetryAction::NoActionIndicated,
        }
    }
    fn name(&self) -> &'static str {
        "tenantctl: no blind retry of a call whose outcome is unknown"
    }
    fn priority(&self) -> RetryClassifierPriority {
        RetryClassifierPriority::run_after(RetryClassifierPriority::transient_error_classifier())
    }
}
