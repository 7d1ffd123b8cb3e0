//! Per-service call statistics, counted by an SDK interceptor registered on every client in
//! `aws::connect`. The SDK's own adaptive retry does the work (client-side rate limiter per
//! service and region, exponential backoff with jitter); this only makes it observable: how
//! many calls, attempts, retries and throttles each service cost the command (`-v` prints it
//! at the end, the audit record keeps it).
//!
//! Classification reuses the client's own retry classifiers, so "throttled" here means exactly
//! what the retry strategy (and its rate limiter) saw as a throttling error.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::FinalizerInterceptorContextRef;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::retries::classifiers::{
    ClassifyRetry, RetryAction, RetryReason,
};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use aws_smithy_types::retry::ErrorKind;
use serde::Serialize;

/// The services tenantctl talks to, in report order.
pub const SERVICES: [&str; 12] = [
    "sts",
    "ssm",
    "s3",
    "iam",
    "cognito-idp",
    "ce",
    "athena",
    "bcm-data-exports",
    "bedrock",
    "bedrock-agentcore-control",
    "bedrock-agentcore",
    "apigateway",
];

/// How one attempt of a hand-signed call ended (the Bedrock project calls, which no SDK client
/// makes): counted like the interceptor counts the SDK's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    Ok,
    Throttled,
    Transient,
    Failed,
}

#[derive(Debug, Default)]
struct Counters {
    calls: AtomicU64,
    attempts: AtomicU64,
    throttled: AtomicU64,
    transient: AtomicU64,
    errors: AtomicU64,
}

/// Counters for every service, shared by all clients of the process (a process runs one command).
#[derive(Debug, Default)]
pub struct CallStats {
    per_service: [Counters; SERVICES.len()],
}

/// One service's totals.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ServiceStats {
    pub service: String,
    /// Operations (one per SDK call, however many attempts it took).
    pub calls: u64,
    pub attempts: u64,
    /// Attempts beyond the first of each call.
    pub retries: u64,
    /// Attempts answered with a throttling error (Throttling, TooManyRequests, SlowDown, ...).
    pub throttled: u64,
    /// Attempts that failed with a 5xx, a timeout or a connection error.
    pub transient: u64,
    /// Calls that ended in an error: retries exhausted, or an answer not worth retrying,
    /// including expected ones such as NotFound when probing whether something exists.
    pub errors: u64,
}

/// The process-wide statistics every interceptor counts into.
pub fn process_stats() -> &'static CallStats {
    static STATS: OnceLock<CallStats> = OnceLock::new();
    STATS.get_or_init(CallStats::default)
}

impl CallStats {
    fn counters(&self, service: &str) -> &Counters {
        let i = SERVICES.iter().position(|s| *s == service).unwrap_or(0);
        &self.per_service[i]
    }

    /// Count one attempt of a call `service` makes without an SDK client.
    pub fn attempt(&self, service: &str, outcome: Attempt) {
        let c = self.counters(service);
        c.attempts.fetch_add(1, Ordering::Relaxed);
        match outcome {
            Attempt::Throttled => c.throttled.fetch_add(1, Ordering::Relaxed),
            Attempt::Transient => c.transient.fetch_add(1, Ordering::Relaxed),
            Attempt::Ok | Attempt::Failed => 0,
        };
    }

    /// Count the end of such a call (after all its attempts).
    pub fn call_ended(&self, service: &str, failed: bool) {
        let c = self.counters(service);
        c.calls.fetch_add(1, Ordering::Relaxed);
        if failed {
            c.errors.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Totals per service that saw at least one call, in `SERVICES` order.
    pub fn snapshot(&self) -> Vec<ServiceStats> {
        SERVICES
            .iter()
            .zip(&self.per_service)
            .map(|(name, c)| {
                let calls = c.calls.load(Ordering::Relaxed);
                let attempts = c.attempts.load(Ordering::Relaxed);
                ServiceStats {
                    service: name.to_string(),
                    calls,
                    attempts,
                    retries: attempts.saturating_sub(calls),
                    throttled: c.throttled.load(Ordering::Relaxed),
                    transient: c.transient.load(Ordering::Relaxed),
                    errors: c.errors.load(Ordering::Relaxed),
                }
            })
            .filter(|s| s.calls > 0 || s.attempts > 0)
            .collect()
    }
}

impl fmt::Display for ServiceStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} call(s), {} attempt(s), {} retr{} ({} throttled, {} transient), {} ended in an error",
            self.service,
            self.calls,
            self.attempts,
            self.retries,
            if self.retries == 1 { "y" } else { "ies" },
            self.throttled,
            self.transient,
            self.errors
        )
    }
}

/// Counts attempts and outcomes of one service's calls into `process_stats()`.
#[derive(Debug)]
pub struct StatsInterceptor {
    service: &'static str,
}

impl StatsInterceptor {
    pub fn new(service: &'static str) -> Self {
        debug_assert!(SERVICES.contains(&service));
        StatsInterceptor { service }
    }
}

impl Intercept for StatsInterceptor {
    fn name(&self) -> &'static str {
        "tenantctl::StatsInterceptor"
    }

    fn read_after_attempt(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let c = process_stats().counters(self.service);
        c.attempts.fetch_add(1, Ordering::Relaxed);
        let ctx = context.inner();
        if !ctx.is_failed() {
            return Ok(());
        }
        // The same classifiers the retry strategy runs, in the same way (later ones refine).
        let mut action = RetryAction::NoActionIndicated;
        for classifier in runtime_components.retry_classifiers() {
            let next = classifier.classify_retry_v2(ctx, &action);
            if next == RetryAction::NoActionIndicated {
                continue;
            }
            action = next;
            if action == RetryAction::RetryForbidden {
                break;
            }
        }
        if let RetryAction::RetryIndicated(RetryReason::RetryableError { kind, .. }) = action {
            match kind {
                ErrorKind::ThrottlingError => c.throttled.fetch_add(1, Ordering::Relaxed),
                _ => c.transient.fetch_add(1, Ordering::Relaxed),
            };
        }
        Ok(())
    }

    fn read_after_execution(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let c = process_stats().counters(self.service);
        c.calls.fetch_add(1, Ordering::Relaxed);
        if context.inner().is_failed() {
            c.errors.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }
}
