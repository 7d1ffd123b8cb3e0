//! Amazon Bedrock projects (`CreateProject`, `ListProjects`; control plane, REST-JSON, SigV4
//! service name `bedrock`): a tenant's own project id for cost attribution, when the config
//! enables `[bedrock] create_projects`.
//!
//! aws-sdk-bedrock does not carry these operations yet, so the two calls are signed here with
//! the SDK's own SigV4 signer and credentials, over the same hyper + rustls (ring) stack the
//! SDK clients use. Errors come back as the same domain errors (`AwsError`) as every adapter.
//!
//! Endpoint, as the SDKs resolve it: `AWS_ENDPOINT_URL_BEDROCK`, else the global endpoint
//! override, else `https://bedrock.<region>.amazonaws.com`.
//! API: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_CreateProject.html and
//! .../API_ListProjects.html.

use std::time::{Duration, SystemTime};

use aws_credential_types::provider::ProvideCredentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde::Deserialize;

use super::errors::{kind_for, AwsResult};
use super::{AwsError, AwsErrorKind};

/// A project as the API describes it (the fields tenantctl uses).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    pub id: String,
    pub arn: String,
    pub name: String,
    #[serde(default)]
    pub status: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListPage {
    #[serde(default)]
    project_summaries: Vec<Project>,
    next_token: Option<String>,
}

type Https = hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>;

/// Signs and sends Bedrock control-plane requests.
#[derive(Clone)]
pub struct BedrockProjects {
    endpoint: String,
    region: String,
    credentials: Option<aws_credential_types::provider::SharedCredentialsProvider>,
    client: Client<Https, Full<bytes::Bytes>>,
    retry: BedrockRetry,
    /// Adaptive mode's client-side rate limiter: the earliest time the next attempt may start,
    /// and the spacing it enforces (doubled on throttling, halved on success).
    gate: std::sync::Arc<std::sync::Mutex<Gate>>,
}

/// The global retry flags as they apply to these calls (`--max-attempts`, `--retry-mode`,
/// `--max-retry-time`, `--attempt-timeout`), the same settings the SDK clients get.
#[derive(Debug, Clone, Copy)]
pub struct BedrockRetry {
    pub max_attempts: u32,
    pub adaptive: bool,
    pub max_retry_time: Option<Duration>,
    /// Longest one attempt waits for its answer; `None`: 60 s.
    pub attempt_timeout: Option<Duration>,
}

#[derive(Debug)]
struct Gate {
    next: tokio::time::Instant,
    spacing: Duration,
}

/// The longest spacing adaptive mode puts between attempts after repeated throttling.
const MAX_SPACING: Duration = Duration::from_secs(5);

impl std::fmt::Debug for BedrockProjects {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BedrockProjects")
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

impl BedrockProjects {
    pub fn new(
        sdk: &aws_config::SdkConfig,
        region: &str,
        endpoint_url: Option<&str>,
        retry: BedrockRetry,
    ) -> Self {
        let endpoint = std::env::var("AWS_ENDPOINT_URL_BEDROCK")
            .ok()
            .filter(|s| !s.is_empty())
            .or_else(|| endpoint_url.map(str::to_string))
            .unwrap_or_else(|| format!("https://bedrock.{region}.amazonaws.com"));
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_native_roots()
            .map(|b| b.https_or_http().enable_http1().build())
            // No native roots readable: plain-HTTP endpoints (emulators) still work; HTTPS then
            // fails with a clear handshake error at the first call.
            .unwrap_or_else(|_| {
                hyper_rustls::HttpsConnectorBuilder::new()
                    .with_tls_config(
                        rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
                            rustls::crypto::ring::default_provider(),
                        ))
                        .with_safe_default_protocol_versions()
                        .expect("ring supports the default protocol versions")
                        .with_root_certificates(rustls::RootCertStore::empty())
                        .with_no_client_auth(),
                    )
                    .https_or_http()
                    .enable_http1()
                    .build()
            });
        BedrockProjects {
            endpoint: endpoint.trim_end_matches('/').to_string(),
            region: region.to_string(),
            credentials: sdk.credentials_provider(),
            client: Client::builder(TokioExecutor::new()).build(https),
            retry: BedrockRetry {
                max_attempts: retry.max_attempts.max(1),
                ..retry
            },
            gate: std::sync::Arc::new(std::sync::Mutex::new(Gate {
                next: tokio::time::Instant::now(),
                spacing: Duration::ZERO,
            })),
        }
    }

    /// `CreateProject` with a name and tags (cost allocation tags `ClinicId`, `Tier`, ...).
    pub async fn create_project(&self, name: &str, tags: &[(&str, &str)]) -> AwsResult<Project> {
        let body = serde_json::json!({
            "name": name,
            "tags": tags.iter().map(|(k, v)| serde_json::json!({"key": k, "value": v})).collect::<Vec<_>>(),
        })
        .to_string();
        let text = self
            .call("bedrock:CreateProject", "POST", "/projects", body)
            .await?;
        serde_json::from_str(&text).map_err(|e| malformed("bedrock:CreateProject", e))
    }

    /// Every active project with exactly this name (names are not unique in Bedrock; tenantctl
    /// derives them from the namespace and tenant, so more than one means someone else made one).
    pub async fn find_projects(&self, name: &str) -> AwsResult<Vec<Project>> {
        let mut all = self.active_projects().await?;
        all.retain(|p| p.name == name);
        Ok(all)
    }

    /// Every active project of the account and region, all pages.
    pub async fn active_projects(&self) -> AwsResult<Vec<Project>> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut path = "/projects?maxResults=100&statusFilter=active".to_string();
            if let Some(t) = &token {
                path += &format!(
                    "&nextToken={}",
                    percent_encoding::utf8_percent_encode(t, percent_encoding::NON_ALPHANUMERIC)
                );
            }
            let text = self
                .call("bedrock:ListProjects", "GET", &path, String::new())
                .await?;
            let page: ListPage =
                serde_json::from_str(&text).map_err(|e| malformed("bedrock:ListProjects", e))?;
            out.extend(page.project_summaries);
            match page.next_token.filter(|t| !t.is_empty()) {
                // A service that repeats its token would loop forever: stop.
                Some(t) if Some(&t) != token.as_ref() => token = Some(t),
                _ => return Ok(out),
            }
        }
    }

    /// One signed call, retried with backoff and full jitter on throttling and 5xx/network
    /// faults, under the same flags as the SDK clients: at most `--max-attempts` attempts, no
    /// retry that would end after `--max-retry-time`, and in adaptive mode a client-side rate
    /// limiter shared by every call of this client. Counted in the call statistics (`-v`, the
    /// audit record) as service `bedrock`.
    async fn call(
        &self,
        op: &str,
        method: &str,
        path_and_query: &str,
        body: String,
    ) -> AwsResult<String> {
        use super::stats::{process_stats, Attempt};
        let started = tokio::time::Instant::now();
        let deadline = self.retry.max_retry_time.map(|t| started + t);
        let mut attempt = 0;
        let result = loop {
            attempt += 1;
            self.wait_for_gate().await;
            let r = self.once(op, method, path_and_query, &body).await;
            let outcome = match &r {
                Ok(_) => Attempt::Ok,
                Err(e) if e.kind == AwsErrorKind::Throttled => Attempt::Throttled,
                Err(e) if e.kind == AwsErrorKind::Transient => Attempt::Transient,
                Err(_) => Attempt::Failed,
            };
            process_stats().attempt("bedrock", outcome);
            self.adapt(outcome);
            let Err(e) = r else { break r };
            let retryable = matches!(outcome, Attempt::Throttled | Attempt::Transient);
            if !retryable || attempt >= self.retry.max_attempts {
                break Err(e);
            }
            let cap = Duration::from_millis(100 * 2u64.pow(attempt.min(8)));
            let jitter = uuid::Uuid::new_v4().as_u128() as u64 % (cap.as_millis() as u64).max(1);
            let pause = Duration::from_millis(jitter).min(Duration::from_secs(20));
            if deadline.is_some_and(|d| tokio::time::Instant::now() + pause >= d) {
                let mut e = e;
                e.message = format!(
                    "{} (gave up after {attempt} attempt(s) in {:.0?}: --max-retry-time)",
                    e.message,
                    started.elapsed()
                );
                break Err(e);
            }
            tokio::time::sleep(pause).await;
        };
        process_stats().call_ended("bedrock", result.is_err());
        result
    }

    /// Adaptive mode: wait until the rate limiter lets the next attempt go.
    async fn wait_for_gate(&self) {
        if !self.retry.adaptive {
            return;
        }
        let at = {
            let mut g = self.gate.lock().expect("gate lock");
            let at = g.next.max(tokio::time::Instant::now());
            g.next = at + g.spacing;
            at
        };
        tokio::time::sleep_until(at).await;
    }

    /// Adaptive mode: throttling doubles the spacing between attempts, success halves it.
    fn adapt(&self, outcome: super::stats::Attempt) {
        if !self.retry.adaptive {
            return;
        }
        let mut g = self.gate.lock().expect("gate lock");
        g.spacing = match outcome {
            super::stats::Attempt::Throttled => (g.spacing * 2)
                .max(Duration::from_millis(50))
                .min(MAX_SPACING),
            super::stats::Attempt::Ok => g.spacing / 2,
            _ => g.spacing,
        };
    }

    async fn once(
        &self,
        op: &str,
        method: &str,
        path_and_query: &str,
        body: &str,
    ) -> AwsResult<String> {
        let err = |kind, code: &str, message: String| AwsError {
            kind,
            op: op.to_string(),
            code: code.to_string(),
            message,
        };
        let url = format!("{}{path_and_query}", self.endpoint);
        let mut req = http::Request::builder()
            .method(method)
            .uri(&url)
            .header("content-type", "application/json")
            .header("host", host_of(&url))
            .body(Full::new(bytes::Bytes::from(body.to_string())))
            .map_err(|e| err(AwsErrorKind::Invalid, "InvalidRequest", e.to_string()))?;
        self.sign(&mut req, body)
            .await
            .map_err(|m| err(AwsErrorKind::AccessDenied, "SigningFailed", m))?;
        let attempt = self
            .retry
            .attempt_timeout
            .unwrap_or(Duration::from_secs(60));
        let resp = tokio::time::timeout(attempt, self.client.request(req))
            .await
            .map_err(|_| err(AwsErrorKind::Transient, "Timeout", String::new()))?
            .map_err(|e| match super::errors::unreachable_cause(&e) {
                Some(u) => err(
                    AwsErrorKind::Unreachable,
                    u.code(),
                    super::errors::describe_chain_of(&e),
                ),
                None => err(AwsErrorKind::Transient, "DispatchFailure", e.to_string()),
            })?;
        let status = resp.status().as_u16();
        let header_code = resp
            .headers()
            .get("x-amzn-errortype")
            .and_then(|v| v.to_str().ok())
            .map(|s| s.split(':').next().unwrap_or(s).to_string());
        let bytes = resp
            .into_body()
            .collect()
            .await
            .map_err(|e| err(AwsErrorKind::Transient, "ResponseError", e.to_string()))?
            .to_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if (200..300).contains(&status) {
            return Ok(text);
        }
        // REST-JSON errors: the code in x-amzn-ErrorType or the body's __type/code, message in
        // the body's message/Message.
        let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let code = header_code
            .or_else(|| {
                v.get("__type")
                    .or_else(|| v.get("code"))
                    .and_then(|c| c.as_str())
                    .map(|c| c.rsplit('#').next().unwrap_or(c).to_string())
            })
            .unwrap_or_else(|| format!("HTTP {status}"));
        let message = v
            .get("message")
            .or_else(|| v.get("Message"))
            .and_then(|m| m.as_str())
            .unwrap_or("")
            .to_string();
        Err(err(kind_for(&code, status), &code, message))
    }

    async fn sign(
        &self,
        req: &mut http::Request<Full<bytes::Bytes>>,
        body: &str,
    ) -> Result<(), String> {
        let provider = self
            .credentials
            .as_ref()
            .ok_or("no AWS credentials configured")?;
        let creds = provider
            .provide_credentials()
            .await
            .map_err(|e| format!("cannot load AWS credentials: {e}"))?;
        let identity = creds.into();
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(&self.region)
            .name("bedrock")
            .time(SystemTime::now())
            .settings(SigningSettings::default())
            .build()
            .map_err(|e| e.to_string())?
            .into();
        let uri = req.uri().to_string();
        let headers: Vec<(String, String)> = req
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
            .collect();
        let signable = SignableRequest::new(
            req.method().as_str(),
            &uri,
            headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            SignableBody::Bytes(body.as_bytes()),
        )
        .map_err(|e| e.to_string())?;
        let (instructions, _) = sign(signable, &params)
            .map_err(|e| e.to_string())?
            .into_parts();
        instructions.apply_to_request_http1x(req);
        Ok(())
    }
}

fn host_of(url: &str) -> String {
    url.split("://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or("")
        .to_string()
}

fn malformed(op: &str, e: serde_json::Error) -> AwsError {
    AwsError {
        kind: AwsErrorKind::Other,
        op: op.to_string(),
        code: "MalformedResponse".into(),
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_is_taken_from_the_url() {
        assert_eq!(
            host_of("https://bedrock.us-east-1.amazonaws.com/projects"),
            "bedrock.us-east-1.amazonaws.com"
        );
        assert_eq!(
            host_of("http://127.0.0.1:5000/projects?x=1"),
            "127.0.0.1:5000"
        );
    }

    #[test]
    fn list_page_reads_the_documented_shape() {
        let p: ListPage = serde_json::from_str(
            r#"{"nextToken":"t","projectSummaries":[{"arn":"arn:aws:bedrock:us-east-1:123456789012:project/proj_1","createdAt":"2026-01-01T00:00:00Z","id":"proj_1","name":"medplat-clinic-a","status":"active","dataRetention":{"mode":"inherit"}}]}"#,
        )
        .unwrap();
        assert_eq!(p.project_summaries[0].id, "proj_1");
        assert_eq!(p.next_token.as_deref(), Some("t"));
    }
}
