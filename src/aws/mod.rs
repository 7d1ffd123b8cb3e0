//! AWS adapters: one small module per service. They translate SDK errors into a handful of
//! domain errors (`AwsErrorKind`) so nothing SDK-specific leaks upward (DESIGN.md layers).
//! Every client is built from one `SdkConfig` in `connect`: endpoint, adaptive retry, and
//! path-style S3 whenever an endpoint is set.

pub mod agentcore;
pub mod agentcore_authorizers;
pub mod apigateway;
pub mod athena;
pub mod bcm;
pub mod bedrock;
pub mod ce;
pub mod cognito;
pub mod errors;
pub mod iam;
pub mod memory_records;
pub mod retry;
pub mod s3;
pub mod ssm;
pub mod stats;
pub mod sts;

use std::time::Duration;

use aws_config::{retry::RetryConfig, timeout::TimeoutConfig, BehaviorVersion, Region};
use aws_smithy_http_client::tls;

pub use errors::{AwsError, AwsErrorKind};

use crate::error::{Error, Result};

/// Connection settings resolved from global flags, environment and config.
#[derive(Debug, Clone, Default)]
pub struct ConnectSettings {
    pub region: String,
    pub profile: Option<String>,
    pub endpoint_url: Option<String>,
    /// Maximum attempts per call (adaptive retry with backoff and jitter).
    pub max_attempts: u32,
    /// Longest one call may take with all its retries (and rate-limiter waits); `None`: no bound
    /// beyond `max_attempts` x the per-attempt timeout.
    pub max_retry_time: Option<Duration>,
    /// Longest one attempt may wait for its answer; `None`: 60 s.
    pub attempt_timeout: Option<Duration>,
    /// Adaptive (client-side rate limiter per service and region) or standard (backoff only).
    pub adaptive: bool,
}

/// All service clients for one command. Cheap to clone (clients are `Arc`s inside).
#[derive(Clone, Debug)]
pub struct Aws {
    pub s3: aws_sdk_s3::Client,
    pub iam: aws_sdk_iam::Client,
    pub ssm: aws_sdk_ssm::Client,
    pub cognito: aws_sdk_cognitoidentityprovider::Client,
    pub sts: aws_sdk_sts::Client,
    /// Cost Explorer (a global service; the SDK's endpoint rules route it to us-east-1).
    pub ce: aws_sdk_costexplorer::Client,
    /// Athena (`cost report --source athena`).
    pub athena: aws_sdk_athena::Client,
    /// Data Exports (`cost setup`: the CUR 2.0 export).
    pub bcm: aws_sdk_bcmdataexports::Client,
    /// Bedrock projects (signed by hand: not in the SDK yet).
    pub bedrock: bedrock::BedrockProjects,
    /// AgentCore control plane (the platform's memory; runtimes' and gateways' inbound
    /// authorizers).
    pub agentcore_control: aws_sdk_bedrockagentcorecontrol::Client,
    /// AgentCore data plane (memory events). Like every client it honours the SDK's
    /// service-specific endpoint setting (`AWS_ENDPOINT_URL_BEDROCK_AGENTCORE`).
    pub agentcore: aws_sdk_bedrockagentcore::Client,
    /// API Gateway: per-tier usage plans and per-tenant API keys.
    pub apigateway: aws_sdk_apigateway::Client,
    pub sdk_config: aws_config::SdkConfig,
}

/// An SDK client from the shared config. Every client counts its calls, attempts, retries and
/// throttles (aws::stats) and gives up at once on an unreachable endpoint (aws::retry);
/// `endpoint` is a service-specific override (None: the shared one).
macro_rules! client {
    ($krate:ident, $sdk:expr, $name:literal, fail_fast $(, $set:ident($arg:expr))*) => {
        $krate::Client::from_conf(
            $krate::config::Builder::from($sdk)
                $(.$set($arg))*
                .interceptor(stats::StatsInterceptor::new($name))
                .retry_classifier(retry::FailFast)
                .build(),
        )
    };
    ($krate:ident, $sdk:expr, $name:literal, endpoint: $ep:expr) => {{
        let mut b = $krate::config::Builder::from($sdk)
            .interceptor(stats::StatsInterceptor::new($name))
            .retry_classifier(retry::FailFast);
        if let Some(ep) = $ep {
            b = b.endpoint_url(ep);
        }
        $krate::Client::from_conf(b.build())
    }};
}

pub async fn connect(s: &ConnectSettings) -> Result<Aws> {
    if let Some(ep) = &s.endpoint_url {
        check_endpoint(ep)?;
    }
    if let Some(ep) = std::env::var("AWS_ENDPOINT_URL_BEDROCK")
        .ok()
        .filter(|s| !s.is_empty())
    {
        check_endpoint(&ep).map_err(|e| e.context("AWS_ENDPOINT_URL_BEDROCK"))?;
    }
    // The SDK's service-specific endpoint settings are ignored once an endpoint is given in
    // code (as --endpoint-url / AWS_ENDPOINT_URL are), so the AgentCore clients read theirs here.
    let agentcore_ep = service_endpoint("AWS_ENDPOINT_URL_BEDROCK_AGENTCORE")?;
    let agentcore_control_ep = service_endpoint("AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL")?;
    let sdk = load_sdk_config(s).await;
    Ok(Aws {
        s3: client!(
            aws_sdk_s3,
            &sdk,
            "s3",
            fail_fast,
            force_path_style(s.endpoint_url.is_some())
        ),
        iam: client!(aws_sdk_iam, &sdk, "iam", fail_fast),
        ssm: client!(aws_sdk_ssm, &sdk, "ssm", fail_fast),
        cognito: client!(
            aws_sdk_cognitoidentityprovider,
            &sdk,
            "cognito-idp",
            fail_fast
        ),
        sts: client!(aws_sdk_sts, &sdk, "sts", fail_fast),
        ce: client!(aws_sdk_costexplorer, &sdk, "ce", fail_fast),
        apigateway: client!(aws_sdk_apigateway, &sdk, "apigateway", fail_fast),
        agentcore_control: client!(
            aws_sdk_bedrockagentcorecontrol,
            &sdk,
            "bedrock-agentcore-control",
            endpoint: agentcore_control_ep
        ),
        agentcore: client!(
            aws_sdk_bedrockagentcore,
            &sdk,
            "bedrock-agentcore",
            endpoint: agentcore_ep
        ),
        athena: client!(aws_sdk_athena, &sdk, "athena", fail_fast),
        bcm: client!(aws_sdk_bcmdataexports, &sdk, "bcm-data-exports", fail_fast),
        bedrock: bedrock::BedrockProjects::new(
            &sdk,
            &s.region,
            s.endpoint_url.as_deref(),
            bedrock::BedrockRetry {
                max_attempts: s.max_attempts,
                adaptive: s.adaptive,
                max_retry_time: s.max_retry_time,
                attempt_timeout: s.attempt_timeout,
            },
        ),
        sdk_config: sdk,
    })
}

/// The one `SdkConfig` every client is built from: HTTPS client, region, retry, timeouts,
/// profile and endpoint.
async fn load_sdk_config(s: &ConnectSettings) -> aws_config::SdkConfig {
    // One rustls (ring) HTTPS client for every service: no legacy hyper, no aws-lc build.
    let http = aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(
            tls::rustls_provider::CryptoMode::Ring,
        ))
        .build_https();
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .http_client(http)
        .region(Region::new(s.region.clone()))
        // Adaptive: the SDK keeps one client-side rate limiter per service and region for the
        // whole process, slowing every caller down when any of them is throttled.
        .retry_config(
            if s.adaptive {
                RetryConfig::adaptive()
            } else {
                RetryConfig::standard()
            }
            .with_max_attempts(s.max_attempts.max(1)),
        )
        .timeout_config({
            let mut t = TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(10))
                .operation_attempt_timeout(s.attempt_timeout.unwrap_or(Duration::from_secs(60)));
            if let Some(total) = s.max_retry_time {
                t = t.operation_timeout(total);
            }
            t.build()
        });
    if let Some(p) = &s.profile {
        loader = loader.profile_name(p);
    }
    if let Some(ep) = &s.endpoint_url {
        loader = loader.endpoint_url(ep);
    }
    loader.load().await
}

/// A service-specific endpoint override from the environment (the SDK's
/// `AWS_ENDPOINT_URL_<SERVICE>` convention), checked like the global one.
fn service_endpoint(var: &str) -> Result<Option<String>> {
    match std::env::var(var).ok().filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(ep) => {
            check_endpoint(&ep).map_err(|e| e.context(var.to_string()))?;
            Ok(Some(ep))
        }
    }
}

/// An endpoint override must be an http(s) URL. We do not restrict it to loopback (real
/// deployments use VPC endpoints), but we refuse anything that is not a URL at all.
fn check_endpoint(ep: &str) -> Result<()> {
    let ok = (ep.starts_with("http://") || ep.starts_with("https://"))
        && ep.len() > 8
        && !ep.contains(char::is_whitespace);
    if ok {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "invalid --endpoint-url / AWS_ENDPOINT_URL {ep:?}: must be an http:// or https:// URL"
        )))
    }
}
