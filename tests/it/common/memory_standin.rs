//! A loopback stand-in for the two AgentCore Memory data-plane calls the pinned moto (5.2.4)
//! does not implement: `ListActors` (POST /memories/{memoryId}/actors) and `ListSessions`
//! (POST /memories/{memoryId}/actor/{actorId}/sessions). Everything else is forwarded to the
//! emulator unchanged; the stand-in only watches the CreateEvent and DeleteEvent answers go by
//! to know which actors and sessions have events, and answers the two list calls in the
//! documented REST-JSON shapes (docs.aws.amazon.com/bedrock-agentcore/latest/APIReference/
//! API_ListActors.html, API_ListSessions.html), two items a page so pagination is exercised.
//! tenantctl reaches it as it would reach AWS: through the SDK's service-specific endpoints
//! (`AWS_ENDPOINT_URL_BEDROCK_AGENTCORE`, `..._CONTROL`); the product code knows nothing of
//! it. Events must therefore be seeded through it too (`Sdk::agentcore_via`).
//!
//! One more emulator gap it bridges: the AWS SDK for Rust sends ListMemories as
//! `POST /memories` (its Smithy model), moto routes only botocore's `POST /memories/`; the
//! stand-in forwards the former as the latter.
//!
//! It also serves the long-term memory records, which moto 5.2.4 does not implement at all:
//! `ListMemoryRecords` (POST /memories/{memoryId}/memoryRecords, namespace prefix filter),
//! `BatchCreateMemoryRecords` (.../memoryRecords/batchCreate) and `BatchDeleteMemoryRecords`
//! (.../memoryRecords/batchDelete), from its own store, in the documented shapes
//! (API_ListMemoryRecords.html, API_BatchCreateMemoryRecords.html,
//! API_BatchDeleteMemoryRecords.html); a record id unknown to a delete is a failed entry with
//! error code 404, as AWS reports one.
//!
//! And one check AWS makes that moto does not: CreateEvent's `actorId` must match AgentCore's
//! pattern `[a-zA-Z0-9][a-zA-Z0-9-_/]*(?::[a-zA-Z0-9-_/]+)*[a-zA-Z0-9-_/]*` (an email is not
//! an actor id); the stand-in answers 400 ValidationException as AWS does, so a test fails on
//! an actor id AWS would refuse.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// (memory, actor, session) -> event ids.
type Events = BTreeMap<(String, String, String), BTreeSet<String>>;

#[derive(Default)]
struct State {
    events: Events,
    /// (memory, record id) -> the record as ListMemoryRecords returns it.
    records: BTreeMap<(String, String), serde_json::Value>,
    next_record: u64,
    /// "METHOD /path" of every request, in order.
    calls: Vec<String>,
}

pub struct MemoryStandIn {
    url: String,
    state: Arc<Mutex<State>>,
}

impl MemoryStandIn {
    pub fn start(upstream: &str) -> MemoryStandIn {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let up = upstream
            .strip_prefix("http://")
            .expect("upstream is http://")
            .trim_end_matches('/')
            .to_string();
        let state = Arc::new(Mutex::new(State::default()));
        let st = state.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let (st, up) = (st.clone(), up.clone());
                std::thread::spawn(move || {
                    let _ = serve(conn, &up, &st);
                });
            }
        });
        MemoryStandIn { url, state }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn calls(&self) -> Vec<String> {
        self.state.lock().unwrap().calls.clone()
    }
}

struct Request {
    method: String,
    path: String,
    head: Vec<(String, String)>,
    body: Vec<u8>,
}

fn read_request(r: &mut BufReader<TcpStream>) -> std::io::Result<Option<Request>> {
    let mut line = String::new();
    if r.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    let mut head = Vec::new();
    let mut len = 0usize;
    loop {
        let mut h = String::new();
        r.read_line(&mut h)?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            let (k, v) = (k.trim().to_string(), v.trim().to_string());
            if k.eq_ignore_ascii_case("content-length") {
                len = v.parse().unwrap_or(0);
            }
            head.push((k, v));
        }
    }
    let mut body = vec![0; len];
    r.read_exact(&mut body)?;
    Ok(Some(Request {
        method,
        path,
        head,
        body,
    }))
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// AgentCore's actor id pattern: segments of `[a-zA-Z0-9-_/]` joined by single `:`, starting
/// with a letter or digit, not ending with `:`.
fn aws_actor_id(a: &str) -> bool {
    let segment = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_/".contains(c))
    };
    a.chars().next().is_some_and(|c| c.is_ascii_alphanumeric()) && a.split(':').all(segment)
}

fn respond(w: &mut TcpStream, status: u16, body: &[u8]) -> std::io::Result<()> {
    write!(
        w,
        "HTTP/1.1 {status} OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    w.write_all(body)?;
    w.flush()
}

/// Forward to the emulator; (status, headers+body bytes as received, body).
fn forward(up: &str, req: &Request) -> std::io::Result<(u16, Vec<u8>, Vec<u8>)> {
    let mut s = TcpStream::connect(up)?;
    write!(s, "{} {} HTTP/1.1\r\n", req.method, req.path)?;
    for (k, v) in &req.head {
        if k.eq_ignore_ascii_case("connection") {
            continue;
        }
        write!(s, "{k}: {v}\r\n")?;
    }
    write!(s, "Connection: close\r\n\r\n")?;
    s.write_all(&req.body)?;
    s.flush()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(raw.len(), |i| i + 4);
    let status = String::from_utf8_lossy(&raw[..split])
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(502);
    let body = raw[split..].to_vec();
    Ok((status, raw, body))
}

/// A page of `items` from `token` (an index), two at a time.
fn page(items: Vec<serde_json::Value>, body: &[u8], key: &str) -> Vec<u8> {
    let req: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    let from: usize = req["nextToken"]
        .as_str()
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let to = (from + 2).min(items.len());
    let mut out = serde_json::json!({ key: items[from.min(to)..to].to_vec() });
    if to < items.len() {
        out["nextToken"] = serde_json::json!(to.to_string());
    }
    serde_json::to_vec(&out).unwrap()
}

fn serve(conn: TcpStream, up: &str, st: &Mutex<State>) -> std::io::Result<()> {
    let mut w = conn.try_clone()?;
    let mut r = BufReader::new(conn);
    let Some(mut req) = read_request(&mut r)? else {
        return Ok(());
    };
    if req.method == "POST" && req.path == "/memories" {
        req.path = "/memories/".into();
    }
    let path = req.path.split('?').next().unwrap_or("").to_string();
    st.lock()
        .unwrap()
        .calls
        .push(format!("{} {path}", req.method));
    let seg: Vec<String> = path.trim_matches('/').split('/').map(decode).collect();
    let seg: Vec<&str> = seg.iter().map(String::as_str).collect();
    match (req.method.as_str(), seg.as_slice()) {
        ("POST", ["memories", m, "actors"]) => {
            let s = st.lock().unwrap();
            let actors: BTreeSet<&str> = s
                .events
                .iter()
                .filter(|((mm, _, _), ids)| mm == m && !ids.is_empty())
                .map(|((_, a, _), _)| a.as_str())
                .collect();
            let items = actors
                .into_iter()
                .map(|a| serde_json::json!({ "actorId": a }))
                .collect();
            respond(&mut w, 200, &page(items, &req.body, "actorSummaries"))
        }
        ("POST", ["memories", m, "memoryRecords"]) => {
            let q: serde_json::Value = serde_json::from_slice(&req.body).unwrap_or_default();
            let prefix = q["namespace"].as_str().unwrap_or("").to_string();
            let s = st.lock().unwrap();
            let items = s
                .records
                .iter()
                .filter(|((mm, _), r)| {
                    mm == m
                        && r["namespaces"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .any(|n| n.as_str().is_some_and(|n| n.starts_with(&prefix)))
                })
                .map(|(_, r)| r.clone())
                .collect();
            respond(
                &mut w,
                200,
                &page(items, &req.body, "memoryRecordSummaries"),
            )
        }
        ("POST", ["memories", m, "memoryRecords", "batchCreate"]) => {
            let q: serde_json::Value = serde_json::from_slice(&req.body).unwrap_or_default();
            let mut s = st.lock().unwrap();
            let mut ok = Vec::new();
            for r in q["records"].as_array().into_iter().flatten() {
                s.next_record += 1;
                let id = format!("mem-{:010}", s.next_record);
                let mut rec = serde_json::json!({
                    "memoryRecordId": id,
                    "content": r["content"],
                    "memoryStrategyId": r["memoryStrategyId"].as_str().unwrap_or("manual"),
                    "namespaces": r["namespaces"],
                    "createdAt": 1_767_225_600,
                    "timestamp": r["timestamp"],
                });
                if !r["metadata"].is_null() {
                    rec["metadata"] = r["metadata"].clone();
                }
                s.records.insert((m.to_string(), id.clone()), rec);
                ok.push(serde_json::json!({
                    "memoryRecordId": id,
                    "status": "SUCCEEDED",
                    "requestIdentifier": r["requestIdentifier"],
                }));
            }
            let out = serde_json::json!({ "successfulRecords": ok, "failedRecords": [] });
            respond(&mut w, 200, &serde_json::to_vec(&out).unwrap())
        }
        ("POST", ["memories", m, "memoryRecords", "batchDelete"]) => {
            let q: serde_json::Value = serde_json::from_slice(&req.body).unwrap_or_default();
            let mut s = st.lock().unwrap();
            let (mut ok, mut failed) = (Vec::new(), Vec::new());
            for r in q["records"].as_array().into_iter().flatten() {
                let id = r["memoryRecordId"].as_str().unwrap_or("").to_string();
                match s.records.remove(&(m.to_string(), id.clone())) {
                    Some(_) => {
                        ok.push(serde_json::json!({ "memoryRecordId": id, "status": "SUCCEEDED" }))
                    }
                    None => failed.push(serde_json::json!({
                        "memoryRecordId": id, "status": "FAILED", "errorCode": 404,
                        "errorMessage": "Memory record not found"
                    })),
                }
            }
            let out = serde_json::json!({ "successfulRecords": ok, "failedRecords": failed });
            respond(&mut w, 200, &serde_json::to_vec(&out).unwrap())
        }
        ("POST", ["memories", m, "actor", a, "sessions"]) => {
            let s = st.lock().unwrap();
            let items = s
                .events
                .iter()
                .filter(|((mm, aa, _), ids)| mm == m && aa == a && !ids.is_empty())
                .map(|((_, aa, ss), _)| {
                    serde_json::json!({ "sessionId": ss, "actorId": aa, "createdAt": 1_767_225_600 })
                })
                .collect();
            respond(&mut w, 200, &page(items, &req.body, "sessionSummaries"))
        }
        ("POST", ["memories", _, "events"])
            if serde_json::from_slice::<serde_json::Value>(&req.body)
                .ok()
                .and_then(|q| q["actorId"].as_str().map(|a| !aws_actor_id(a)))
                .unwrap_or(false) =>
        {
            let msg = serde_json::json!({
                "message": "1 validation error detected: Value at 'actorId' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9][a-zA-Z0-9-_/]*(?::[a-zA-Z0-9-_/]+)*[a-zA-Z0-9-_/]*"
            });
            write!(
                w,
                "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nx-amzn-ErrorType: ValidationException\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                msg.to_string().len()
            )?;
            w.write_all(msg.to_string().as_bytes())?;
            w.flush()
        }
        (method, rest) => {
            let (status, raw, body) = forward(up, &req)?;
            if (200..300).contains(&status) {
                let mut s = st.lock().unwrap();
                match (method, rest) {
                    ("POST", ["memories", m, "events"]) => {
                        let q: serde_json::Value =
                            serde_json::from_slice(&req.body).unwrap_or_default();
                        let a: serde_json::Value =
                            serde_json::from_slice(&body).unwrap_or_default();
                        if let (Some(actor), Some(session), Some(id)) = (
                            q["actorId"].as_str(),
                            q["sessionId"].as_str(),
                            a["event"]["eventId"].as_str(),
                        ) {
                            s.events
                                .entry((m.to_string(), actor.into(), session.into()))
                                .or_default()
                                .insert(id.into());
                        }
                    }
                    ("DELETE", ["memories", m, "actor", a, "sessions", ss, "events", e]) => {
                        if let Some(ids) =
                            s.events
                                .get_mut(&(m.to_string(), a.to_string(), ss.to_string()))
                        {
                            ids.remove(*e);
                        }
                    }
                    _ => {}
                }
            }
            // The same answer, but this connection ends with it (one request per connection).
            let split = raw
                .windows(4)
                .position(|w| w == b"\r\n\r\n")
                .map_or(raw.len(), |i| i + 2);
            let head = String::from_utf8_lossy(&raw[..split]);
            for l in head.split("\r\n").filter(|l| !l.is_empty()) {
                if !l.to_ascii_lowercase().starts_with("connection:") {
                    write!(w, "{l}\r\n")?;
                }
            }
            write!(w, "Connection: close\r\n\r\n")?;
            w.write_all(&body)?;
            w.flush()
        }
    }
}
