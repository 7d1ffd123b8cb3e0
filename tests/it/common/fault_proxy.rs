//! A fault-injecting HTTP/1.1 proxy for tests and benchmarks: it listens on 127.0.0.1:<free
//! port> between tenantctl (AWS_ENDPOINT_URL = the proxy) and the emulator, and answers a
//! configurable share of requests itself with what a real AWS service sends when it throttles
//! or fails:
//!
//! - JSON protocols (Cognito, SSM, Cost Explorer): HTTP 400, `x-amzn-ErrorType` and
//!   `{"__type": "TooManyRequestsException" | "ThrottlingException" | "LimitExceededException", "message": ...}`;
//! - query/XML protocols (IAM, STS): HTTP 400 `<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>...`;
//! - S3: HTTP 503 `<Error><Code>SlowDown</Code>...`;
//! - 500/503 server errors in each protocol's shape, connection resets (RST, no response),
//!   and added latency;
//! - stalls: the endpoint freezes as if the emulator were SIGSTOPped. From the `nth` request of
//!   an operation on, every request received is held until the stall ends and only then
//!   forwarded, including those whose client gave up meanwhile (a frozen server processes its
//!   backlog on SIGCONT): the case of a request that times out on the client and still lands.
//!
//! Injected faults are answered *instead of* forwarding, as AWS does when it sheds load, so the
//! emulator never sees the failed attempt. Optional token-bucket quotas per operation (e.g.
//! 50/s for `cognito-idp:AdminCreateUser`) throttle whatever exceeds the rate, like a real
//! service quota. The service is identified from `X-Amz-Target` or the SigV4 credential scope
//! (`/<region>/<service>/aws4_request`); the operation from `X-Amz-Target`, the query
//! `Action=`, or the S3 method.
//!
//! Randomness is seeded (SplitMix64): the same seed and the same request order give the same
//! faults. Bounded: at most `MAX_CONNECTIONS` client connections at once, request heads of at
//! most 64 KiB and bodies of at most 64 MiB, and optionally at most `max_faults` injected
//! faults. It runs on its own thread and runtime and stops when the `FaultProxy` is dropped.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

const MAX_CONNECTIONS: usize = 512;
const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 64 * 1024 * 1024;

/// A token bucket on one operation (`service` and, optionally, `operation`), or on several
/// operations sharing one quota (`operation` = `A|B|C`, e.g. SSM's parameter reads).
#[derive(Debug, Clone)]
pub struct Quota {
    pub service: String,
    pub operation: Option<String>,
    pub per_second: f64,
    pub burst: f64,
}

/// AWS's published default request quotas per account and Region for what tenantctl calls
/// most (`--aws-quotas`): Cognito's categories (UserCreation 50/s, UserRead 120/s, UserList
/// 30/s, UserUpdate 25/s), Parameter Store's standard throughput (40/s shared by
/// GetParameter, GetParameters and GetParametersByPath), and S3's per-prefix rates (3,500
/// writes/s, 5,500 reads/s; the proxy applies them to the whole endpoint, stricter than AWS).
/// Each bucket's burst is one second's worth. SSM's writes (`PutParameter`,
/// `DeleteParameter`) are given 40/s shared as well: Parameter Store's throughput setting
/// covers `PutParameter`, but the default figure for writes was not confirmed for this
/// benchmark (override with `--quota`).
pub const AWS_DEFAULT_QUOTAS: &[&str] = &[
    "cognito-idp:AdminCreateUser|SignUp=50",
    "cognito-idp:AdminGetUser|GetUser=120",
    "cognito-idp:ListUsers|ListUsersInGroup=30",
    "cognito-idp:AdminUpdateUserAttributes|AdminDisableUser|AdminEnableUser|AdminUserGlobalSignOut|AdminDeleteUser=25",
    "ssm:GetParameter|GetParameters|GetParametersByPath=40",
    "ssm:PutParameter|DeleteParameter|DeleteParameters=40",
    "s3:PUTObject|CopyObject|DELETEObject|POSTObject|POSTBucket=3500",
    "s3:GETObject|HEADObject|GETBucket=5500",
];

/// `AWS_DEFAULT_QUOTAS`, parsed.
pub fn aws_default_quotas() -> Vec<Quota> {
    AWS_DEFAULT_QUOTAS
        .iter()
        .map(|q| Quota::parse(q).expect("built-in quota parses"))
        .collect()
}

impl Quota {
    /// Whether this quota counts a request of `service` / `op`.
    pub fn covers(&self, service: &str, op: &str) -> bool {
        self.service == service
            && self
                .operation
                .as_deref()
                .is_none_or(|o| o.split('|').any(|o| o == op))
    }

    /// `service[:Operation[|Operation...]]=RATE[/BURST]`, e.g. `cognito-idp:AdminCreateUser=50`
    /// or `ssm:GetParameter|GetParametersByPath=40` (one bucket shared by both).
    pub fn parse(s: &str) -> Result<Quota, String> {
        let (what, rate) = s
            .split_once('=')
            .ok_or_else(|| format!("quota {s:?}: expected service[:Operation]=RATE[/BURST]"))?;
        let (service, operation) = match what.split_once(':') {
            Some((s, o)) => (s.to_string(), Some(o.to_string())),
            None => (what.to_string(), None),
        };
        let (rate, burst) = match rate.split_once('/') {
            Some((r, b)) => (r, Some(b)),
            None => (rate, None),
        };
        let per_second: f64 = rate.parse().map_err(|_| format!("quota {s:?}: bad rate"))?;
        let burst: f64 = burst
            .map(|b| b.parse().map_err(|_| format!("quota {s:?}: bad burst")))
            .transpose()?
            .unwrap_or(per_second);
        if per_second <= 0.0 || burst < 1.0 {
            return Err(format!("quota {s:?}: rate must be > 0 and burst >= 1"));
        }
        Ok(Quota {
            service,
            operation,
            per_second,
            burst,
        })
    }
}

#[derive(Debug, Clone)]
pub struct FaultConfig {
    pub seed: u64,
    /// Share of requests answered with the service's throttling error.
    pub throttle: f64,
    /// Share answered with 500 or 503.
    pub server_error: f64,
    /// Share whose connection is reset without an answer.
    pub reset: f64,
    /// Extra latency added to every request (forwarded or answered here), uniformly in this
    /// range.
    pub latency: Option<(Duration, Duration)>,
    /// Only these services get random faults (empty: all).
    pub services: Vec<String>,
    pub quotas: Vec<Quota>,
    /// Stop injecting random faults after this many (quotas still apply).
    pub max_faults: Option<u64>,
    /// Freezes of the whole endpoint, each triggered once.
    pub stalls: Vec<Stall>,
    /// `("service:Operation", JSON body)`: answered here with 200 and that body instead of
    /// being forwarded, for JSON-protocol operations the emulator lacks
    /// (ce:ListCostAllocationTags, ce:GetCostForecast). Real AWS response shapes only.
    pub canned: Vec<(String, String)>,
}

impl Default for FaultConfig {
    fn default() -> Self {
        FaultConfig {
            seed: 7,
            throttle: 0.0,
            server_error: 0.0,
            reset: 0.0,
            latency: None,
            services: Vec::new(),
            quotas: Vec::new(),
            canned: Vec::new(),
            max_faults: None,
            stalls: Vec::new(),
        }
    }
}

/// Freeze the endpoint for `duration` when the `nth` (1-based) request of `op` arrives: that
/// request and every other one received before the freeze ends are held, then forwarded.
#[derive(Debug, Clone)]
pub struct Stall {
    /// `service:Operation` (`s3:CopyObject`, `cognito-idp:AdminDisableUser`), or `service:`
    /// for any operation of the service.
    pub op: String,
    pub nth: u64,
    pub duration: Duration,
}

impl Stall {
    /// `service:Operation@N=SECS`, e.g. `s3:CopyObject@5=70`.
    pub fn parse(s: &str) -> Result<Stall, String> {
        let bad = || format!("stall {s:?}: expected service:Operation@N=SECS");
        let (what, secs) = s.split_once('=').ok_or_else(bad)?;
        let (op, nth) = what.split_once('@').ok_or_else(bad)?;
        let nth: u64 = nth.parse().map_err(|_| bad())?;
        let secs: f64 = secs.parse().map_err(|_| bad())?;
        if nth == 0 || !op.contains(':') || secs.is_nan() || secs <= 0.0 {
            return Err(bad());
        }
        Ok(Stall {
            op: op.to_string(),
            nth,
            duration: Duration::from_secs_f64(secs),
        })
    }

    fn matches(&self, key: &str) -> bool {
        if self.op.ends_with(':') {
            key.starts_with(&self.op)
        } else {
            key == self.op
        }
    }
}

/// Counts per `service:Operation`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct OpStats {
    pub forwarded: u64,
    pub throttled: u64,
    pub quota_throttled: u64,
    pub server_errors: u64,
    pub resets: u64,
    /// Requests held by a stall (then forwarded).
    pub stalled: u64,
    /// Forwarded requests the emulator answered with a 2xx.
    pub succeeded: u64,
    /// Milliseconds since the proxy started: first and last 2xx answer.
    pub first_success_ms: Option<u64>,
    pub last_success_ms: Option<u64>,
}

struct Shared {
    cfg: FaultConfig,
    upstream: SocketAddr,
    rng: Mutex<u64>,
    faults: Mutex<u64>,
    buckets: Mutex<Vec<(f64, Instant)>>,
    stats: Mutex<BTreeMap<String, OpStats>>,
    started: Instant,
    /// Per stall: requests of its operation seen so far.
    stall_seen: Mutex<Vec<u64>>,
    /// The end of the freeze in force, if any.
    frozen_until: Mutex<Option<Instant>>,
    /// Held while a conditional PutObject is forwarded (see `is_conditional_put`).
    conditional: tokio::sync::Mutex<()>,
}

pub struct FaultProxy {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FaultProxy {
    /// Start a proxy in front of `upstream` (an `http://127.0.0.1:PORT` URL).
    pub fn start(upstream: &str, cfg: FaultConfig) -> FaultProxy {
        Self::start_on(upstream, cfg, 0)
    }

    pub fn start_on(upstream: &str, cfg: FaultConfig, port: u16) -> FaultProxy {
        let host = upstream.trim_start_matches("http://").trim_end_matches('/');
        let upstream: SocketAddr = host
            .replace("localhost", "127.0.0.1")
            .parse()
            .expect("upstream must be http://127.0.0.1:PORT");
        let std_listener =
            std::net::TcpListener::bind(("127.0.0.1", port)).expect("bind 127.0.0.1");
        std_listener.set_nonblocking(true).unwrap();
        let addr = std_listener.local_addr().unwrap();
        let buckets = cfg
            .quotas
            .iter()
            .map(|q| (q.burst, Instant::now()))
            .collect();
        let cfg_stalls = cfg.stalls.len();
        let shared = Arc::new(Shared {
            rng: Mutex::new(cfg.seed ^ 0x9e37_79b9_7f4a_7c15),
            cfg,
            upstream,
            faults: Mutex::new(0),
            buckets: Mutex::new(buckets),
            stats: Mutex::new(BTreeMap::new()),
            started: Instant::now(),
            stall_seen: Mutex::new(vec![0; cfg_stalls]),
            frozen_until: Mutex::new(None),
            conditional: tokio::sync::Mutex::new(()),
        });
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let sh = shared.clone();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = TcpListener::from_std(std_listener).unwrap();
                let permits = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
                let accept = async {
                    loop {
                        let Ok((sock, _)) = listener.accept().await else {
                            continue;
                        };
                        let Ok(permit) = permits.clone().acquire_owned().await else {
                            break;
                        };
                        let sh = sh.clone();
                        tokio::spawn(async move {
                            let _ = serve(sock, sh).await;
                            drop(permit);
                        });
                    }
                };
                tokio::select! {
                    _ = accept => {}
                    _ = rx => {}
                }
            });
            rt.shutdown_background();
        });
        FaultProxy {
            addr,
            shared,
            shutdown: Some(tx),
            thread: Some(thread),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Counts so far, per `service:Operation`.
    pub fn stats(&self) -> BTreeMap<String, OpStats> {
        self.shared.stats.lock().unwrap().clone()
    }

    /// Totals over every operation.
    pub fn totals(&self) -> OpStats {
        let mut t = OpStats::default();
        for s in self.stats().values() {
            t.forwarded += s.forwarded;
            t.throttled += s.throttled;
            t.quota_throttled += s.quota_throttled;
            t.server_errors += s.server_errors;
            t.resets += s.resets;
            t.stalled += s.stalled;
            t.succeeded += s.succeeded;
        }
        t
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Shared {
    fn next_f64(&self) -> f64 {
        // SplitMix64.
        let mut s = self.rng.lock().unwrap();
        *s = s.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = *s;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }

    fn stat(&self, key: &str, f: impl FnOnce(&mut OpStats)) {
        f(self
            .stats
            .lock()
            .unwrap()
            .entry(key.to_string())
            .or_default());
    }

    /// When this request (`key` = `service:Operation`) must wait for: the end of the freeze in
    /// force, or of the one it starts.
    fn stall_until(&self, key: &str) -> Option<Instant> {
        let now = Instant::now();
        let mut frozen = self.frozen_until.lock().unwrap();
        let mut seen = self.stall_seen.lock().unwrap();
        for (st, n) in self.cfg.stalls.iter().zip(seen.iter_mut()) {
            if st.matches(key) {
                *n += 1;
                if *n == st.nth {
                    let end = now + st.duration;
                    *frozen = Some(frozen.map_or(end, |f| f.max(end)));
                }
            }
        }
        frozen.filter(|f| *f > now)
    }

    /// Take a token from every quota matching the request; false: over quota.
    fn within_quota(&self, service: &str, op: &str) -> bool {
        let mut buckets = self.buckets.lock().unwrap();
        let now = Instant::now();
        let mut ok = true;
        for (q, (tokens, last)) in self.cfg.quotas.iter().zip(buckets.iter_mut()) {
            if !q.covers(service, op) {
                continue;
            }
            *tokens =
                (*tokens + now.duration_since(*last).as_secs_f64() * q.per_second).min(q.burst);
            *last = now;
            if *tokens >= 1.0 {
                *tokens -= 1.0;
            } else {
                ok = false;
            }
        }
        ok
    }

    fn decide(&self, service: &str, op: &str) -> Fault {
        if !self.within_quota(service, op) {
            return Fault::QuotaThrottle;
        }
        let c = &self.cfg;
        if !c.services.is_empty() && !c.services.iter().any(|s| s == service) {
            return Fault::None;
        }
        {
            let mut n = self.faults.lock().unwrap();
            if c.max_faults.is_some_and(|m| *n >= m) {
                return Fault::None;
            }
            let r = self.next_f64();
            let fault = if r < c.throttle {
                Fault::Throttle
            } else if r < c.throttle + c.server_error {
                if self.next_f64() < 0.5 {
                    Fault::Status(500)
                } else {
                    Fault::Status(503)
                }
            } else if r < c.throttle + c.server_error + c.reset {
                Fault::Reset
            } else {
                Fault::None
            };
            if fault != Fault::None {
                *n += 1;
            }
            fault
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    None,
    Throttle,
    QuotaThrottle,
    Status(u16),
    Reset,
}

struct Head {
    first_line: String,
    headers: Vec<(String, String)>,
}

impl Head {
    fn get(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn chunked(&self) -> bool {
        self.get("transfer-encoding")
            .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"))
    }
    fn content_length(&self) -> Option<usize> {
        self.get("content-length")
            .and_then(|v| v.trim().parse().ok())
    }
    /// The head with hop-by-hop headers dropped and `extra` added.
    fn render(&self, drop: &[&str], extra: &[(&str, String)]) -> Vec<u8> {
        let mut out = format!("{}\r\n", self.first_line);
        for (k, v) in &self.headers {
            if drop.iter().any(|d| k.eq_ignore_ascii_case(d)) {
                continue;
            }
            out += &format!("{k}: {v}\r\n");
        }
        for (k, v) in extra {
            out += &format!("{k}: {v}\r\n");
        }
        out += "\r\n";
        out.into_bytes()
    }
}

async fn read_head<R: AsyncBufReadExt + Unpin>(r: &mut R) -> std::io::Result<Option<Head>> {
    let mut raw = Vec::new();
    loop {
        let n = r.read_until(b'\n', &mut raw).await?;
        if n == 0 {
            return Ok(None);
        }
        if raw.len() > MAX_HEAD {
            return Err(std::io::Error::other("head too large"));
        }
        if raw.ends_with(b"\r\n\r\n") || raw == b"\r\n" {
            break;
        }
    }
    let text = String::from_utf8_lossy(&raw);
    let mut lines = text.split("\r\n").filter(|l| !l.is_empty());
    let first_line = lines.next().unwrap_or("").to_string();
    let headers = lines
        .filter_map(|l| {
            l.split_once(':')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        })
        .collect();
    Ok(Some(Head {
        first_line,
        headers,
    }))
}

/// A body framed by Content-Length or chunked encoding, kept raw (chunk framing included).
async fn read_body<R: AsyncBufReadExt + Unpin>(r: &mut R, head: &Head) -> std::io::Result<Vec<u8>> {
    if head.chunked() {
        let mut out = Vec::new();
        loop {
            let mut line = Vec::new();
            r.read_until(b'\n', &mut line).await?;
            out.extend_from_slice(&line);
            let size = usize::from_str_radix(
                String::from_utf8_lossy(&line)
                    .trim()
                    .split(';')
                    .next()
                    .unwrap_or("0"),
                16,
            )
            .map_err(|_| std::io::Error::other("bad chunk size"))?;
            if size == 0 {
                // Trailers, then the empty line.
                loop {
                    let mut t = Vec::new();
                    r.read_until(b'\n', &mut t).await?;
                    out.extend_from_slice(&t);
                    if t == b"\r\n" || t.is_empty() {
                        return Ok(out);
                    }
                }
            }
            if out.len() + size > MAX_BODY {
                return Err(std::io::Error::other("body too large"));
            }
            let mut chunk = vec![0; size + 2];
            r.read_exact(&mut chunk).await?;
            out.extend_from_slice(&chunk);
        }
    }
    let n = head.content_length().unwrap_or(0);
    if n > MAX_BODY {
        return Err(std::io::Error::other("body too large"));
    }
    let mut body = vec![0; n];
    r.read_exact(&mut body).await?;
    Ok(body)
}

/// (service, operation) of a request.
fn identify(head: &Head, body: &[u8]) -> (String, String) {
    if let Some(target) = head.get("x-amz-target") {
        let (prefix, op) = target.split_once('.').unwrap_or((target, ""));
        let service = match prefix {
            p if p.starts_with("AWSCognitoIdentityProvider") => "cognito-idp",
            p if p.starts_with("AmazonSSM") => "ssm",
            p if p.starts_with("AWSInsightsIndexService") => "ce",
            _ => "",
        };
        if !service.is_empty() {
            return (service.to_string(), op.to_string());
        }
    }
    let service = head
        .get("authorization")
        .and_then(|a| a.split("Credential=").nth(1))
        .and_then(|c| c.split(',').next())
        .and_then(|scope| scope.split('/').nth(3))
        .unwrap_or("unknown")
        .to_string();
    let op = if service == "s3" {
        let method = head.first_line.split(' ').next().unwrap_or("");
        let path = head.first_line.split(' ').nth(1).unwrap_or("");
        let object = path
            .trim_start_matches('/')
            .split('?')
            .next()
            .unwrap_or("")
            .contains('/');
        if method == "PUT" && object && head.get("x-amz-copy-source").is_some() {
            "CopyObject".to_string()
        } else {
            format!("{method}{}", if object { "Object" } else { "Bucket" })
        }
    } else {
        String::from_utf8_lossy(body)
            .split('&')
            .find_map(|kv| kv.strip_prefix("Action="))
            .unwrap_or("")
            .to_string()
    };
    (service, op)
}

fn error_response(service: &str, fault: Fault) -> Vec<u8> {
    let rid = "00000000-0000-0000-0000-fau1tpr0xy00";
    let (status, reason, ctype, code, body): (u16, &str, &str, String, String) = match (service, fault) {
        ("s3", Fault::Throttle | Fault::QuotaThrottle) => (
            503,
            "Slow Down",
            "application/xml",
            "SlowDown".into(),
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>{rid}</RequestId></Error>"),
        ),
        ("s3", Fault::Status(s)) => {
            let code = if s == 503 { "ServiceUnavailable" } else { "InternalError" };
            (s, if s == 503 { "Service Unavailable" } else { "Internal Server Error" }, "application/xml", code.into(),
             format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>We encountered an internal error. Please try again.</Message><RequestId>{rid}</RequestId></Error>"))
        }
        ("iam" | "sts", f) => {
            let (s, ty, code) = match f {
                Fault::Status(s) => (s, "Receiver", if s == 503 { "ServiceUnavailable" } else { "InternalFailure" }),
                _ => (400, "Sender", "Throttling"),
            };
            let ns = if service == "iam" { "https://iam.amazonaws.com/doc/2010-05-08/" } else { "https://sts.amazonaws.com/doc/2011-06-15/" };
            (s, if s == 400 { "Bad Request" } else if s == 503 { "Service Unavailable" } else { "Internal Server Error" }, "text/xml", code.into(),
             format!("<ErrorResponse xmlns=\"{ns}\"><Error><Type>{ty}</Type><Code>{code}</Code><Message>Rate exceeded</Message></Error><RequestId>{rid}</RequestId></ErrorResponse>"))
        }
        (_, f) => {
            let (s, code) = match f {
                Fault::Status(s) => (s, if s == 503 { "ServiceUnavailableException" } else { "InternalErrorException" }),
                _ => (
                    400,
                    match service {
                        "cognito-idp" => "TooManyRequestsException",
                        "ce" => "LimitExceededException",
                        _ => "ThrottlingException",
                    },
                ),
            };
            (s, if s == 400 { "Bad Request" } else if s == 503 { "Service Unavailable" } else { "Internal Server Error" }, "application/x-amz-json-1.1", code.into(),
             format!("{{\"__type\":\"{code}\",\"message\":\"Rate exceeded\"}}"))
        }
    };
    let mut out = format!("HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nx-amzn-RequestId: {rid}\r\n", body.len());
    if ctype.starts_with("application/x-amz-json") {
        out += &format!("x-amzn-ErrorType: {code}\r\n");
    }
    out += "\r\n";
    out += &body;
    out.into_bytes()
}

/// A PutObject with `If-Match` / `If-None-Match`. S3 checks the condition and stores the object
/// as one atomic step; moto (5.2.4) checks it, then stores the object, in two steps of a
/// threaded server, so two conditional writes of one key could in principle both pass. The
/// proxy forwards such writes one at a time, so what goes through it behaves as S3 does (a
/// harness workaround: tenantctl codes for S3).
fn is_conditional_put(head: &Head) -> bool {
    head.first_line.starts_with("PUT ")
        && (head.get("if-match").is_some() || head.get("if-none-match").is_some())
}

/// Serve one client connection: requests in sequence (keep-alive).
async fn serve(sock: TcpStream, sh: Arc<Shared>) -> std::io::Result<()> {
    let _ = sock.set_nodelay(true);
    let (rd, mut wr) = sock.into_split();
    let mut rd = BufReader::new(rd);
    loop {
        let Some(head) = read_head(&mut rd).await? else {
            return Ok(());
        };
        if head
            .get("expect")
            .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
        {
            wr.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").await?;
        }
        let body = read_body(&mut rd, &head).await?;
        let (service, op) = identify(&head, &body);
        let key = format!("{service}:{op}");
        if let Some(until) = sh.stall_until(&key) {
            sh.stat(&key, |s| s.stalled += 1);
            tokio::time::sleep_until(until.into()).await;
        }
        // The round trip to the service: every answer pays it, throttling answers included
        // (AWS decides on quotas when the request arrives).
        if let Some((lo, hi)) = sh.cfg.latency {
            let extra = lo + (hi.saturating_sub(lo)).mul_f64(sh.next_f64());
            tokio::time::sleep(extra).await;
        }
        let fault = sh.decide(&service, &op);
        match fault {
            Fault::Reset => {
                sh.stat(&key, |s| s.resets += 1);
                // RST instead of FIN: what a dropped connection looks like to the client.
                let sock = rd
                    .into_inner()
                    .reunite(wr)
                    .map_err(|_| std::io::Error::other("reunite"))?;
                // Deprecated because a non-zero linger blocks on drop; zero never blocks.
                #[allow(deprecated)]
                let _ = sock.set_linger(Some(Duration::ZERO));
                drop(sock);
                return Ok(());
            }
            Fault::Throttle | Fault::QuotaThrottle | Fault::Status(_) => {
                sh.stat(&key, |s| match fault {
                    Fault::Throttle => s.throttled += 1,
                    Fault::QuotaThrottle => s.quota_throttled += 1,
                    _ => s.server_errors += 1,
                });
                wr.write_all(&error_response(&service, fault)).await?;
                continue;
            }
            Fault::None => {}
        }
        if let Some((_, canned)) = sh.cfg.canned.iter().find(|(k, _)| *k == key) {
            sh.stat(&key, |s| {
                s.forwarded += 1;
                s.succeeded += 1;
            });
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.1\r\nx-amzn-requestid: canned\r\ncontent-length: {}\r\n\r\n",
                canned.len()
            );
            wr.write_all(head.as_bytes()).await?;
            wr.write_all(canned.as_bytes()).await?;
            continue;
        }
        let is_head = head.first_line.starts_with("HEAD ");
        let _one_at_a_time = if is_conditional_put(&head) {
            Some(sh.conditional.lock().await)
        } else {
            None
        };
        // One upstream connection per request ("Connection: close"): the response ends at EOF,
        // whatever framing the emulator chose.
        let mut up = TcpStream::connect(sh.upstream).await?;
        let _ = up.set_nodelay(true);
        up.write_all(&head.render(
            &["connection", "keep-alive", "expect", "proxy-connection"],
            &[("Connection", "close".into())],
        ))
        .await?;
        up.write_all(&body).await?;
        let mut up = BufReader::new(up);
        let Some(resp) = read_head(&mut up).await? else {
            return Err(std::io::Error::other("upstream closed"));
        };
        let mut rest = Vec::new();
        up.read_to_end(&mut rest).await?;
        let status: u16 = resp
            .first_line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        sh.stat(&key, |s| {
            s.forwarded += 1;
            if (200..300).contains(&status) {
                s.succeeded += 1;
                let ms = sh.started.elapsed().as_millis() as u64;
                s.first_success_ms.get_or_insert(ms);
                s.last_success_ms = Some(ms);
            }
        });
        let bodiless = is_head || status == 204 || status == 304 || (100..200).contains(&status);
        let out_head = if bodiless || resp.chunked() {
            resp.render(&["connection", "keep-alive"], &[])
        } else {
            resp.render(
                &["connection", "keep-alive", "content-length"],
                &[("Content-Length", rest.len().to_string())],
            )
        };
        wr.write_all(&out_head).await?;
        if !bodiless {
            wr.write_all(&rest).await?;
        }
    }
}
