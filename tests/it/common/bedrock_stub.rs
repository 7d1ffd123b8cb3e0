//! A loopback stand-in for the two Bedrock control-plane calls tenantctl makes
//! (`CreateProject`, `ListProjects`), which the pinned moto does not implement. It speaks the
//! documented REST-JSON shapes (docs.aws.amazon.com/bedrock/latest/APIReference/
//! API_CreateProject.html, API_ListProjects.html), pages ListProjects two at a time so
//! pagination is exercised, and refuses requests that are not SigV4-signed for service
//! `bedrock`, as AWS would. It decides nothing else: no IAM, no quotas.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StubProject {
    pub id: String,
    pub name: String,
    pub tags: Vec<(String, String)>,
}

#[derive(Default)]
struct State {
    projects: Vec<StubProject>,
    /// "METHOD /path?query" of every request, in order.
    calls: Vec<String>,
    /// Answer this many more requests with a ThrottlingException (429).
    throttle: usize,
}

pub struct BedrockStub {
    url: String,
    state: Arc<Mutex<State>>,
}

impl BedrockStub {
    pub fn start() -> BedrockStub {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State::default()));
        let st = state.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let st = st.clone();
                std::thread::spawn(move || {
                    let _ = serve(conn, &st);
                });
            }
        });
        BedrockStub { url, state }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn projects(&self) -> Vec<StubProject> {
        self.state.lock().unwrap().projects.clone()
    }

    pub fn calls(&self) -> Vec<String> {
        self.state.lock().unwrap().calls.clone()
    }

    /// Throttle the next `n` requests (HTTP 429, `ThrottlingException`), as Bedrock does
    /// past its request-rate quota.
    pub fn throttle(&self, n: usize) {
        self.state.lock().unwrap().throttle = n;
    }

    /// A project made outside tenantctl (or by an interrupted run).
    pub fn add(&self, name: &str) -> String {
        let mut s = self.state.lock().unwrap();
        let id = format!("proj_{:04}", s.projects.len() + 1);
        s.projects.push(StubProject {
            id: id.clone(),
            name: name.into(),
            tags: vec![],
        });
        id
    }
}

fn serve(conn: TcpStream, st: &Mutex<State>) -> std::io::Result<()> {
    let mut rd = BufReader::new(conn.try_clone()?);
    let mut wr = conn;
    loop {
        let mut line = String::new();
        if rd.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let mut parts = line.split_whitespace();
        let (method, target) = (
            parts.next().unwrap_or("").to_string(),
            parts.next().unwrap_or("").to_string(),
        );
        let mut len = 0usize;
        let mut auth = String::new();
        loop {
            let mut h = String::new();
            rd.read_line(&mut h)?;
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                match k.trim().to_ascii_lowercase().as_str() {
                    "content-length" => len = v.trim().parse().unwrap_or(0),
                    "authorization" => auth = v.trim().to_string(),
                    _ => {}
                }
            }
        }
        let mut body = vec![0; len];
        rd.read_exact(&mut body)?;
        let (status, text) = answer(st, &method, &target, &auth, &body);
        let reason = if status == 200 { "OK" } else { "Error" };
        write!(
            wr,
            "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{text}",
            text.len()
        )?;
        wr.flush()?;
    }
}

fn answer(st: &Mutex<State>, method: &str, target: &str, auth: &str, body: &[u8]) -> (u16, String) {
    let mut s = st.lock().unwrap();
    s.calls.push(format!("{method} {target}"));
    if s.throttle > 0 {
        s.throttle -= 1;
        return (
            429,
            r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#.into(),
        );
    }
    // SigV4 for service bedrock: "AWS4-HMAC-SHA256 Credential=AKID/20261201/us-east-1/bedrock/aws4_request, ..."
    if !(auth.starts_with("AWS4-HMAC-SHA256 ") && auth.contains("/bedrock/aws4_request")) {
        return (403, r#"{"message":"Missing Authentication Token"}"#.into());
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    match (method, path) {
        ("POST", "/projects") => {
            let v: serde_json::Value = match serde_json::from_slice(body) {
                Ok(v) => v,
                Err(_) => return (400, r#"{"message":"malformed body"}"#.into()),
            };
            let Some(name) = v["name"].as_str().filter(|n| !n.trim().is_empty()) else {
                return (400, r#"{"message":"name is required"}"#.into());
            };
            let tags = v["tags"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|t| {
                            (
                                t["key"].as_str().unwrap_or("").to_string(),
                                t["value"].as_str().unwrap_or("").to_string(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let id = format!("proj_{:04}", s.projects.len() + 1);
            s.projects.push(StubProject {
                id: id.clone(),
                name: name.into(),
                tags,
            });
            (200, project_json(&id, name).to_string())
        }
        ("GET", "/projects") => {
            let start: usize = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("nextToken="))
                .and_then(|t| t.strip_prefix("page"))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            let page: Vec<_> = s
                .projects
                .iter()
                .skip(start)
                .take(2)
                .map(|p| project_json(&p.id, &p.name))
                .collect();
            let mut out = serde_json::json!({ "projectSummaries": page });
            if start + 2 < s.projects.len() {
                out["nextToken"] = format!("page{}", start + 2).into();
            }
            (200, out.to_string())
        }
        _ => (404, r#"{"message":"no such route"}"#.into()),
    }
}

fn project_json(id: &str, name: &str) -> serde_json::Value {
    serde_json::json!({
        "arn": format!("arn:aws:bedrock:us-east-1:123456789012:project/{id}"),
        "createdAt": "2026-12-01T00:00:00Z",
        "dataRetention": {"mode": "inherit"},
        "id": id,
        "name": name,
        "status": "active",
    })
}
