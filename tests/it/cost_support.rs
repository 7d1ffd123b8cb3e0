//! Cost test support: an account of its own per test, seeding Cost Explorer answers, and
//! running tenantctl in that account.
//!
//! moto keeps ONE queue of seeded GetCostAndUsage answers per account and hands the next one
//! to each request body it has not seen (a body seen before gets the same answer again).
//! Tests run in parallel, so each test assumes a role in an account of its own (moto's STS
//! lets a role ARN name any account) and seeds into that account: queues never interleave.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicU32, Ordering};

use serde_json::{json, Value};

use crate::common::{endpoint, TestEnv};

pub struct Account {
    pub id: String,
    key: String,
    secret: String,
    token: String,
}

static N: AtomicU32 = AtomicU32::new(0);

impl Account {
    /// A fresh account (12 digits, unique per test process and call) with session credentials.
    pub fn fresh() -> Account {
        let id = format!(
            "9{:06}{:05}",
            std::process::id() % 1_000_000,
            N.fetch_add(1, Ordering::SeqCst)
        );
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let creds =
            aws_credential_types::Credentials::new("testing", "testing", None, None, "test");
        let conf = rt.block_on(
            aws_config::defaults(aws_config::BehaviorVersion::latest())
                .region(aws_config::Region::new("us-east-1"))
                .endpoint_url(endpoint())
                .credentials_provider(creds)
                .http_client(
                    aws_smithy_http_client::Builder::new()
                        .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
                            aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring,
                        ))
                        .build_https(),
                )
                .load(),
        );
        let sts = aws_sdk_sts::Client::new(&conf);
        let out = rt
            .block_on(
                sts.assume_role()
                    .role_arn(format!("arn:aws:iam::{id}:role/cost-test"))
                    .role_session_name("cost-test")
                    .send(),
            )
            .expect("moto AssumeRole into a fresh account");
        let c = out.credentials.expect("credentials");
        Account {
            id,
            key: c.access_key_id,
            secret: c.secret_access_key,
            token: c.session_token,
        }
    }

    /// Run tenantctl in this account; returns (exit code, stdout, stderr).
    pub fn run(&self, env: &TestEnv, args: &[&str]) -> (i32, String, String) {
        self.run_with(env, &[], args)
    }

    /// As `run`, with "today" fixed (`TENANTCTL_TODAY`).
    pub fn run_on(&self, env: &TestEnv, today: &str, args: &[&str]) -> (i32, String, String) {
        self.run_with(env, &[("TENANTCTL_TODAY", today)], args)
    }

    /// As `run`, with extra environment (e.g. `AWS_ENDPOINT_URL` of a proxy).
    pub fn run_with(
        &self,
        env: &TestEnv,
        vars: &[(&str, &str)],
        args: &[&str],
    ) -> (i32, String, String) {
        let out = env
            .cmd()
            .envs(vars.iter().copied())
            .env("AWS_ACCESS_KEY_ID", &self.key)
            .env("AWS_SECRET_ACCESS_KEY", &self.secret)
            .env("AWS_SESSION_TOKEN", &self.token)
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    pub fn ok(&self, env: &TestEnv, args: &[&str]) -> (String, String) {
        let (code, out, err) = self.run(env, args);
        assert_eq!(
            code, 0,
            "tenantctl {args:?} exited {code}\nstdout:\n{out}\nstderr:\n{err}"
        );
        (out, err)
    }

    /// `init` and onboard `tenants` (id, tier) in this account.
    pub fn platform(&self, env: &TestEnv, tenants: &[(&str, &str)]) {
        self.ok(env, &["init"]);
        let spec: Vec<Value> = tenants
            .iter()
            .map(|(t, tier)| json!({"tenant": t, "tier": tier, "users": []}))
            .collect();
        let file = env.write("tenants.json", &serde_json::to_string(&spec).unwrap());
        self.ok(
            env,
            &["tenant", "onboard", "--from", file.to_str().unwrap()],
        );
    }

    /// Queue GetCostAndUsage answers for this account, in the order tenantctl will ask.
    pub fn seed(&self, results: Vec<Value>) {
        let body = json!({"account_id": self.id, "results": results}).to_string();
        let (code, text) = post(
            &format!("{}/moto-api/static/ce/cost-and-usage-results", endpoint()),
            &body,
        );
        assert_eq!(code, 201, "seeding Cost Explorer results failed: {text}");
    }
}

impl Account {
    /// An S3 client with this account's credentials (moto keeps buckets per account).
    pub fn s3(&self) -> (tokio::runtime::Runtime, aws_sdk_s3::Client) {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let creds = aws_credential_types::Credentials::new(
            &self.key,
            &self.secret,
            Some(self.token.clone()),
            None,
            "test",
        );
        let conf = rt.block_on(
            aws_config::defaults(aws_config::BehaviorVersion::latest())
                .region(aws_config::Region::new("us-east-1"))
                .endpoint_url(endpoint())
                .credentials_provider(creds)
                .http_client(
                    aws_smithy_http_client::Builder::new()
                        .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
                            aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring,
                        ))
                        .build_https(),
                )
                .load(),
        );
        let s3 = aws_sdk_s3::Client::from_conf(
            aws_sdk_s3::config::Builder::from(&conf)
                .force_path_style(true)
                .build(),
        );
        (rt, s3)
    }

    /// Queue Athena query results for this account (us-east-1): each StartQueryExecution
    /// takes the next one. `results`: (column names, rows); a header row is added as Athena
    /// sends one for a SELECT.
    pub fn seed_athena(&self, results: Vec<(Vec<&str>, Vec<Vec<String>>)>) {
        let results: Vec<Value> = results
            .into_iter()
            .map(|(cols, rows)| {
                let row = |cells: Vec<String>| {
                    json!({"Data": cells.into_iter().map(|c| json!({"VarCharValue": c})).collect::<Vec<_>>()})
                };
                let mut all = vec![row(cols.iter().map(|c| c.to_string()).collect())];
                all.extend(rows.into_iter().map(row));
                json!({
                    "rows": all,
                    "column_info": cols.iter().map(|c| json!({"Name": c, "Type": "varchar", "CatalogName": "hive", "SchemaName": "", "TableName": "", "Label": c, "Nullable": "UNKNOWN", "CaseSensitive": true, "Precision": 0, "Scale": 0})).collect::<Vec<_>>(),
                })
            })
            .collect();
        let body =
            json!({"account_id": self.id, "region": "us-east-1", "results": results}).to_string();
        let (code, text) = post(
            &format!("{}/moto-api/static/athena/query-results", endpoint()),
            &body,
        );
        assert_eq!(code, 201, "seeding Athena results failed: {text}");
    }
}

/// A minimal HTTP/1.1 POST over loopback (the emulator is plain HTTP on 127.0.0.1).
fn post(url: &str, body: &str) -> (u16, String) {
    let rest = url.strip_prefix("http://").expect("http endpoint");
    let (host, path) = rest
        .split_once('/')
        .map(|(h, p)| (h, format!("/{p}")))
        .unwrap_or((rest, "/".into()));
    let mut s = TcpStream::connect(host).expect("connect to the emulator");
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    let code = resp
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (code, resp)
}

pub fn usd(amount: &str) -> Value {
    json!({"UnblendedCost": {"Amount": amount, "Unit": "USD"}})
}

/// One grouped GetCostAndUsage answer page. `periods`: (start, end, estimated, groups) with
/// groups as (keys, amount).
/// (start, end, estimated, groups as (keys, amount)).
pub type Period<'a> = (&'a str, &'a str, bool, Vec<(Vec<&'a str>, &'a str)>);

pub fn grouped(periods: &[Period], next: Option<&str>) -> Value {
    let rbt: Vec<Value> = periods
        .iter()
        .map(|(s, e, est, groups)| {
            json!({
                "TimePeriod": {"Start": s, "End": e},
                "Total": {},
                "Estimated": est,
                "Groups": groups.iter().map(|(k, a)| json!({"Keys": k, "Metrics": usd(a)})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut v = json!({"ResultsByTime": rbt, "DimensionValueAttributes": []});
    if let Some(t) = next {
        v["NextPageToken"] = json!(t);
    }
    v
}

/// The ungrouped answer: one total per period.
pub fn totals(periods: &[(&str, &str, &str)]) -> Value {
    let rbt: Vec<Value> = periods
        .iter()
        .map(|(s, e, a)| json!({"TimePeriod": {"Start": s, "End": e}, "Total": usd(a), "Groups": [], "Estimated": false}))
        .collect();
    json!({"ResultsByTime": rbt, "DimensionValueAttributes": []})
}

pub fn json_of(out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("not JSON ({e}):\n{out}"))
}

/// Money strings from JSON as exact decimals (never floats).
pub fn dec(v: &Value) -> rust_decimal::Decimal {
    v.as_str()
        .unwrap_or_else(|| panic!("{v} is not a decimal string"))
        .parse()
        .unwrap()
}
