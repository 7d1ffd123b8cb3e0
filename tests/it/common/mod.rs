//! Integration-test harness: one emulator per test run, one namespace per test, the real
//! binary (assert_cmd), and raw AWS SDK clients to verify state independently of tenantctl.

pub mod bedrock_stub;
pub mod fault_proxy;
pub mod memory_standin;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use assert_cmd::cargo::CommandCargoExt;

pub const ACCOUNT: &str = "123456789012";

/// Endpoint of the emulator for this test run: `TENANTCTL_TEST_ENDPOINT` (set by
/// scripts/test.sh, one emulator for the whole run), else one started here for the test
/// process (the one binary: every test), which a watchdog stops (by PID) when it exits.
pub fn endpoint() -> &'static str {
    static EP: OnceLock<String> = OnceLock::new();
    EP.get_or_init(|| {
        if let Ok(ep) = std::env::var("TENANTCTL_TEST_ENDPOINT") {
            assert!(
                ep.starts_with("http://127.0.0.1:") || ep.starts_with("http://localhost:"),
                "emulator must be on loopback: {ep}"
            );
            return ep;
        }
        start_emulator(&[]).0
    })
}

/// A dedicated emulator, started with extra environment, for a test that needs a server
/// setting the shared one lacks (e.g. moto's `MOTO_IAM_LOAD_MANAGED_POLICIES=true`, which
/// makes IAM serve the ~1,450 AWS managed policies and slows the first IAM call). Each call
/// starts one; it stops when the returned value is dropped (the watchdog is the backstop).
pub fn dedicated_emulator(env: &[(&str, &str)]) -> Emulator {
    let (endpoint, pid) = start_emulator(env);
    Emulator { endpoint, pid }
}

/// An emulator of one test's own, stopped by PID when dropped: all tests share one process,
/// so "when the process exits" would keep it running for the rest of the suite.
pub struct Emulator {
    pub endpoint: String,
    pid: String,
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = Command::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/emulator.sh"))
            .args(["stop", &self.pid])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// Start moto through scripts/emulator.sh (loopback, free port) with `env` added, and a
/// watchdog that stops it (by PID) once this test process exits. Returns (endpoint, PID).
fn start_emulator(env: &[(&str, &str)]) -> (String, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(root.join("scripts/emulator.sh"))
        .arg("start")
        .envs(env.iter().copied())
        .output()
        .expect("run scripts/emulator.sh");
    assert!(
        out.status.success(),
        "emulator start failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let ep = text
        .split("AWS_ENDPOINT_URL=")
        .nth(1)
        .and_then(|s| s.split(';').next())
        .expect("endpoint")
        .to_string();
    let pid = text
        .split("TENANTCTL_EMULATOR_PID=")
        .nth(1)
        .map(|s| s.trim().to_string())
        .expect("pid");
    // Watchdog: stop the emulator by PID once this test process is gone. It outlives us on
    // purpose, so it is never waited for; it ends quietly once the emulator is gone (stopped
    // first by `Emulator`'s drop), and only signals a PID it has just seen alive.
    let me = std::process::id();
    Command::new("sh")
        .arg("-c")
        .arg(format!(
            "while kill -0 {pid} 2>/dev/null; do kill -0 {me} 2>/dev/null || {{ kill {pid}; break; }}; sleep 1; done"
        ))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(drop)
        .expect("spawn watchdog");
    (ep, pid)
}

/// The real binary with a clean environment pointed at `endpoint` (test credentials,
/// us-east-1), run in `dir`. No config: `TestEnv::cmd` adds its own.
pub fn tenantctl_at(endpoint: &str, dir: &Path) -> Command {
    let mut c = Command::cargo_bin("tenantctl").unwrap();
    c.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("AWS_ENDPOINT_URL", endpoint)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("NO_COLOR", "1")
        .current_dir(dir);
    c
}

/// A fresh platform namespace with its own config file, buckets and pool.
pub struct TestEnv {
    pub ns: String,
    pub dir: tempfile::TempDir,
    pub config: PathBuf,
    /// Extra environment for every command (e.g. a service-specific endpoint).
    pub env: Vec<(String, String)>,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

impl TestEnv {
    pub fn new() -> TestEnv {
        Self::with_tiers(DEFAULT_TIERS)
    }

    pub fn with_tiers(tiers: &str) -> TestEnv {
        endpoint();
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        // Unique across test processes sharing one emulator: pid + counter.
        let ns = format!("t{}x{n}", std::process::id() % 100_000);
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("tenantctl.toml");
        std::fs::write(&config, Self::config_text(&ns, tiers)).unwrap();
        TestEnv {
            ns,
            dir,
            config,
            env: Vec::new(),
        }
    }

    pub fn config_text(ns: &str, tiers: &str) -> String {
        format!(
            r#"namespace = "{ns}"
region = "us-east-1"
[cognito]
user_pool_name = "{ns}-users"
[buckets]
data = "{ns}-data"
archive = "{ns}-archive"
[tvm]
trusted_principals = ["arn:aws:iam::{ACCOUNT}:role/{ns}-runtime"]
{tiers}"#
        )
    }

    pub fn data_bucket(&self) -> String {
        format!("{}-data", self.ns)
    }
    pub fn archive_bucket(&self) -> String {
        format!("{}-archive", self.ns)
    }

    /// The real binary, pointed at the emulator and this namespace's config.
    pub fn cmd(&self) -> Command {
        let mut c = tenantctl_at(endpoint(), self.dir.path());
        c.env("TENANTCTL_CONFIG", &self.config);
        c.envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        c
    }

    /// Run with args; returns (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.cmd().args(args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Run and require exit 0.
    pub fn ok(&self, args: &[&str]) -> (String, String) {
        let (code, out, err) = self.run(args);
        assert_eq!(
            code, 0,
            "tenantctl {args:?} exited {code}\nstdout:\n{out}\nstderr:\n{err}"
        );
        (out, err)
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    pub fn init(&self) {
        self.ok(&["init"]);
    }
}

pub const DEFAULT_TIERS: &str = r#"
[tiers.basic]
model_id = "mistral.ministral-3-8b-instruct"
deployment = "pooled"
monthly_budget = "200"
project_id = "basic-proj"
[tiers.premium]
model_id = "openai.gpt-oss-120b-1:0"
deployment = "pooled"
features = ["web_search"]
monthly_budget = "1500"
project_id = "premium-proj"
[tiers.enterprise]
model_id = "openai.gpt-oss-120b-1:0"
deployment = "siloed"
features = ["web_search"]
monthly_budget = "9000"
project_id = "enterprise-proj"
"#;

/// Raw SDK clients against the emulator, for independent verification.
pub struct Sdk {
    pub rt: tokio::runtime::Runtime,
    pub conf: aws_config::SdkConfig,
    pub s3: aws_sdk_s3::Client,
    pub ssm: aws_sdk_ssm::Client,
    pub iam: aws_sdk_iam::Client,
    pub cognito: aws_sdk_cognitoidentityprovider::Client,
}

impl Sdk {
    pub fn new() -> Sdk {
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
        let s3 = aws_sdk_s3::Client::from_conf(
            aws_sdk_s3::config::Builder::from(&conf)
                .force_path_style(true)
                .build(),
        );
        Sdk {
            s3,
            ssm: aws_sdk_ssm::Client::new(&conf),
            iam: aws_sdk_iam::Client::new(&conf),
            cognito: aws_sdk_cognitoidentityprovider::Client::new(&conf),
            conf,
            rt,
        }
    }

    /// The AgentCore control plane (the emulator's).
    pub fn agentcore_control(&self) -> aws_sdk_bedrockagentcorecontrol::Client {
        aws_sdk_bedrockagentcorecontrol::Client::new(&self.conf)
    }

    /// The AgentCore data plane through `url` (the memory stand-in in front of the emulator).
    pub fn agentcore_via(&self, url: &str) -> aws_sdk_bedrockagentcore::Client {
        aws_sdk_bedrockagentcore::Client::from_conf(
            aws_sdk_bedrockagentcore::config::Builder::from(&self.conf)
                .endpoint_url(url)
                .build(),
        )
    }

    pub fn param(&self, name: &str) -> Option<String> {
        self.rt
            .block_on(self.ssm.get_parameter().name(name).send())
            .ok()
            .and_then(|o| o.parameter)
            .and_then(|p| p.value)
    }

    /// Every parameter below a path (name -> value).
    pub fn params(&self, path: &str) -> std::collections::BTreeMap<String, String> {
        let mut out = std::collections::BTreeMap::new();
        let mut token = None;
        loop {
            let r = self
                .rt
                .block_on(
                    self.ssm
                        .get_parameters_by_path()
                        .path(path)
                        .recursive(true)
                        .set_next_token(token.clone())
                        .send(),
                )
                .unwrap();
            for p in r.parameters.unwrap_or_default() {
                out.insert(p.name.unwrap(), p.value.unwrap());
            }
            token = r.next_token;
            if token.is_none() {
                break;
            }
        }
        out
    }

    /// The pool of that name, following ListUserPools pages (one emulator serves the whole
    /// run, so there are many more pools than fit on one page).
    pub fn pool_id(&self, name: &str) -> Option<String> {
        let mut token = None;
        loop {
            let r = self
                .rt
                .block_on(
                    self.cognito
                        .list_user_pools()
                        .max_results(60)
                        .set_next_token(token.clone())
                        .send(),
                )
                .unwrap();
            if let Some(id) = r
                .user_pools
                .unwrap_or_default()
                .into_iter()
                .find(|p| p.name.as_deref() == Some(name))
                .and_then(|p| p.id)
            {
                return Some(id);
            }
            token = r.next_token;
            token.as_ref()?;
        }
    }

    /// Roles under an IAM path, each with its inline policies (name -> decoded document),
    /// attached policy ARNs and permissions boundary.
    pub fn roles(&self, path: &str) -> std::collections::BTreeMap<String, String> {
        let mut out = std::collections::BTreeMap::new();
        let mut marker = None;
        loop {
            let r = self
                .rt
                .block_on(
                    self.iam
                        .list_roles()
                        .path_prefix(path)
                        .set_marker(marker.clone())
                        .send(),
                )
                .unwrap();
            for role in r.roles {
                let name = role.role_name;
                let inline = self
                    .rt
                    .block_on(self.iam.list_role_policies().role_name(&name).send())
                    .unwrap()
                    .policy_names;
                let mut docs = Vec::new();
                for p in inline {
                    let doc = self
                        .rt
                        .block_on(
                            self.iam
                                .get_role_policy()
                                .role_name(&name)
                                .policy_name(&p)
                                .send(),
                        )
                        .unwrap()
                        .policy_document;
                    docs.push(format!("{p}={doc}"));
                }
                let attached: Vec<_> = self
                    .rt
                    .block_on(
                        self.iam
                            .list_attached_role_policies()
                            .role_name(&name)
                            .send(),
                    )
                    .unwrap()
                    .attached_policies
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|a| a.policy_arn)
                    .collect();
                let trust = role.assume_role_policy_document.unwrap_or_default();
                out.insert(
                    name,
                    format!("trust={trust} inline={docs:?} attached={attached:?}"),
                );
            }
            if !r.is_truncated {
                break;
            }
            marker = r.marker;
        }
        out
    }

    /// username -> (enabled, attributes)
    pub fn users(
        &self,
        pool: &str,
    ) -> std::collections::BTreeMap<String, (bool, std::collections::BTreeMap<String, String>)>
    {
        let mut out = std::collections::BTreeMap::new();
        let mut token = None;
        loop {
            let r = self
                .rt
                .block_on(
                    self.cognito
                        .list_users()
                        .user_pool_id(pool)
                        .set_pagination_token(token.clone())
                        .send(),
                )
                .unwrap();
            for u in r.users.unwrap_or_default() {
                let attrs = u
                    .attributes
                    .unwrap_or_default()
                    .into_iter()
                    .map(|a| (a.name, a.value.unwrap_or_default()))
                    .collect();
                out.insert(u.username.unwrap(), (u.enabled, attrs));
            }
            token = r.pagination_token;
            if token.is_none() {
                break;
            }
        }
        out
    }

    /// key -> size for every object under prefix.
    pub fn objects(&self, bucket: &str, prefix: &str) -> std::collections::BTreeMap<String, i64> {
        let mut out = std::collections::BTreeMap::new();
        let mut token = None;
        loop {
            let r = match self.rt.block_on(
                self.s3
                    .list_objects_v2()
                    .bucket(bucket)
                    .prefix(prefix)
                    .set_continuation_token(token.clone())
                    .send(),
            ) {
                Ok(r) => r,
                Err(_) => return out,
            };
            for o in r.contents.unwrap_or_default() {
                out.insert(o.key.unwrap(), o.size.unwrap_or(0));
            }
            token = r.next_continuation_token;
            if token.is_none() {
                break;
            }
        }
        out
    }

    pub fn bucket_exists(&self, bucket: &str) -> bool {
        self.rt
            .block_on(self.s3.head_bucket().bucket(bucket).send())
            .is_ok()
    }

    pub fn role_exists(&self, name: &str) -> bool {
        self.rt
            .block_on(self.iam.get_role().role_name(name).send())
            .is_ok()
    }
}

/// A snapshot of everything a namespace owns, for "nothing was written" assertions.
pub fn snapshot(env: &TestEnv, sdk: &Sdk) -> String {
    let mut s = String::new();
    s += &format!("params={:?}\n", sdk.params(&format!("/{}", env.ns)));
    s += &format!("data={:?}\n", sdk.objects(&env.data_bucket(), ""));
    // The archive bucket holds offboarding archives (here) and audit records (`audit_records`:
    // a successful no-op run still leaves its audit record, by design).
    let mut archive = sdk.objects(&env.archive_bucket(), "");
    archive.retain(|k, _| !k.starts_with("audit/"));
    s += &format!("archive={archive:?}\n");
    s += &format!("roles={:?}\n", sdk.roles(&format!("/{}/", env.ns)));
    if let Some(pool) = sdk.pool_id(&format!("{}-users", env.ns)) {
        s += &format!("users={:?}\n", sdk.users(&pool));
    }
    s
}

/// How many audit records the namespace's archive bucket holds.
pub fn audit_records(env: &TestEnv, sdk: &Sdk) -> usize {
    sdk.objects(&env.archive_bucket(), "audit/").len()
}

/// Proptest settings for this crate: `cases` per property, and failures persisted next to the
/// test's own source file (`tests/it/<module>.proptest-regressions`). proptest's default
/// (`SourceParallel`) would use tests/proptest-regressions/<module>.txt instead, because
/// tests/it holds a main.rs.
pub fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    proptest::test_runner::Config {
        cases,
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
        )),
        ..proptest::test_runner::Config::default()
    }
}

/// insta settings for this crate: snapshots in tests/it/snapshots, named as the test names
/// them (no module prefix), so `help__validate__isolation.snap` is that command's help page.
pub fn snapshot_settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/snapshots"));
    s.set_prepend_module_to_snapshot(false);
    s
}
