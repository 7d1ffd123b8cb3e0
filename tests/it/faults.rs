//! tenantctl under real conditions, through the fault-injecting proxy (tests/it/common/fault_proxy.rs):
//! throttling in each service's real error shape, 5xx, connection resets; and two operators at
//! once. End states are compared with a clean run through the AWS APIs directly.

use std::collections::BTreeMap;
use std::process::{Command, Output};

use crate::common::fault_proxy::{self, FaultConfig, FaultProxy};
use crate::common::{self, endpoint, Sdk, TestEnv};

/// Run tenantctl through `proxy` (or straight to the emulator).
fn run_via(env: &TestEnv, proxy: Option<&FaultProxy>, args: &[&str]) -> (i32, String, String) {
    let out = cmd_via(env, proxy, args).output().unwrap();
    decode(out)
}

/// Through a proxy the retry mode is `standard`: its faults are random, not tied to the send
/// rate, and the adaptive limiter (built for quota throttling, where slowing down helps) would
/// only slow the run to its floor (docs/operations.md). Quota throttling runs adaptive (bench/faults).
fn cmd_via(env: &TestEnv, proxy: Option<&FaultProxy>, args: &[&str]) -> Command {
    let mut c = env.cmd();
    if let Some(p) = proxy {
        c.env("AWS_ENDPOINT_URL", p.url());
        c.env("TENANTCTL_RETRY_MODE", "standard");
    }
    c.args(args);
    c
}

fn decode(out: Output) -> (i32, String, String) {
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Run until it exits 0, re-running after exit 4 or 3 that says "re-run the same command to
/// resume" at most `tries` times. Returns the exit codes seen.
fn run_to_completion(
    env: &TestEnv,
    proxy: Option<&FaultProxy>,
    args: &[&str],
    tries: usize,
) -> Vec<i32> {
    let mut codes = Vec::new();
    for _ in 0..tries {
        let (code, _, err) = run_via(env, proxy, args);
        codes.push(code);
        match code {
            0 => return codes,
            // 3: nothing was written (a fault before the first write); 4: partial.
            3 | 4 => assert!(
                err.contains("re-run the same command"),
                "exit {code} must say how to resume: {err}"
            ),
            _ => panic!("tenantctl {args:?} exited {code}: {err}"),
        }
    }
    panic!("tenantctl {args:?} did not finish in {tries} runs: {codes:?}");
}

fn faults(seed: u64) -> FaultConfig {
    FaultConfig {
        seed,
        throttle: 0.20,
        server_error: 0.05,
        // Dropped connections (RST before the request is forwarded).
        reset: 0.02,
        ..FaultConfig::default()
    }
}

/// Every tenant-visible thing a namespace owns, with the namespace, pool id and timestamps
/// normalised, so two namespaces built by the same commands compare equal.
fn normalised_state(env: &TestEnv, sdk: &Sdk) -> String {
    let ns = &env.ns;
    let mut s = String::new();
    let pool = sdk.pool_id(&format!("{ns}-users")).expect("pool");
    for (k, v) in sdk.params(&format!("/{ns}")) {
        let v = if k.ends_with("/platform/user-pool-id") {
            "<pool>".to_string()
        } else {
            v
        };
        s += &format!("param {k} = {v}\n");
    }
    for (k, size) in sdk.objects(&env.data_bucket(), "") {
        s += &format!("object {k} {size}\n");
    }
    for (u, (enabled, attrs)) in sdk.users(&pool) {
        let attrs: BTreeMap<_, _> = attrs.into_iter().filter(|(k, _)| k != "sub").collect();
        s += &format!("user {u} enabled={enabled} {attrs:?}\n");
    }
    let roles = sdk
        .rt
        .block_on(sdk.iam.list_roles().path_prefix(format!("/{ns}/")).send())
        .unwrap();
    let mut names: Vec<String> = roles.roles.iter().map(|r| r.role_name.clone()).collect();
    names.sort();
    for r in names {
        s += &format!("role {r}\n");
    }
    let s = s.replace(ns.as_str(), "<ns>").replace(&pool, "<pool>");
    // RFC 3339 timestamps (created_at, updated_at, journal.at) differ between runs.
    let mut out = String::with_capacity(s.len());
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let is_ts = bytes.len() - i >= 20
            && bytes[i..i + 4].iter().all(u8::is_ascii_digit)
            && bytes[i + 4] == b'-'
            && bytes[i + 7] == b'-'
            && bytes[i + 10] == b'T'
            && bytes[i + 13] == b':';
        if is_ts {
            out += "<ts>";
            i += 19;
            while i < bytes.len()
                && (bytes[i].is_ascii_digit() || b".Z+:-".contains(&bytes[i]))
                && bytes[i] != b'"'
            {
                i += 1;
            }
        } else {
            out.push(bytes[i] as char);
            i += 1;
        }
    }
    out
}

fn bulk_file(env: &TestEnv, n: usize) -> String {
    let mut rows = Vec::new();
    for i in 0..n {
        let tier = ["basic", "premium", "enterprise"][i % 3];
        let users: Vec<String> = (0..2)
            .map(|u| format!("\"u{u}@clinic-{i:03}.example\""))
            .collect();
        rows.push(format!(
            "{{\"tenant\": \"clinic-{i:03}\", \"tier\": \"{tier}\", \"users\": [{}]}}",
            users.join(", ")
        ));
    }
    env.write("tenants.json", &format!("[\n{}\n]\n", rows.join(",\n")))
        .display()
        .to_string()
}

#[test]
fn proxy_answers_with_each_services_real_throttling_error() {
    let proxy = FaultProxy::start(
        endpoint(),
        FaultConfig {
            throttle: 1.0,
            ..FaultConfig::default()
        },
    );
    let env = TestEnv::new();
    // One attempt: the first answer is the error tenantctl reports.
    let (code, _, err) = run_via(
        &env,
        Some(&proxy),
        &["--max-attempts", "1", "-v", "tenant", "list"],
    );
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("sts:GetCallerIdentity: Throttling"), "{err}");
    assert!(
        err.contains("sts: 1 call(s), 1 attempt(s), 0 retries (1 throttled"),
        "per-service report with -v: {err}"
    );
    let stats = proxy.stats();
    assert_eq!(
        stats.get("sts:GetCallerIdentity").map(|s| s.throttled),
        Some(1),
        "{stats:?}"
    );

    // Raw SDK clients through the proxy see each protocol's own throttling code.
    let sdk = Sdk::new();
    let conf = aws_config::SdkConfig::builder()
        .behavior_version(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(proxy.url())
        .credentials_provider(
            aws_credential_types::provider::SharedCredentialsProvider::new(
                aws_credential_types::Credentials::new("testing", "testing", None, None, "test"),
            ),
        )
        .retry_config(aws_config::retry::RetryConfig::disabled())
        .http_client(
            aws_smithy_http_client::Builder::new()
                .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
                    aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring,
                ))
                .build_https(),
        )
        .build();
    use aws_smithy_types::error::metadata::ProvideErrorMetadata;
    let rt = &sdk.rt;
    let ssm = aws_sdk_ssm::Client::new(&conf);
    let e = rt
        .block_on(ssm.get_parameter().name("/x").send())
        .unwrap_err();
    assert_eq!(e.code(), Some("ThrottlingException"));
    let cog = aws_sdk_cognitoidentityprovider::Client::new(&conf);
    let e = rt
        .block_on(cog.list_user_pools().max_results(1).send())
        .unwrap_err();
    assert_eq!(e.code(), Some("TooManyRequestsException"));
    let iam = aws_sdk_iam::Client::new(&conf);
    let e = rt
        .block_on(iam.get_role().role_name("r").send())
        .unwrap_err();
    assert_eq!(e.code(), Some("Throttling"));
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&conf)
            .force_path_style(true)
            .build(),
    );
    let e = rt
        .block_on(s3.list_objects_v2().bucket("b").send())
        .unwrap_err();
    assert_eq!(e.code(), Some("SlowDown"));
    assert_eq!(e.raw_response().map(|r| r.status().as_u16()), Some(503));
}

#[test]
fn onboarding_50_tenants_under_throttling_and_5xx_ends_like_a_clean_run() {
    let sdk = Sdk::new();
    // Clean run, straight to the emulator.
    let clean = TestEnv::new();
    clean.init();
    let file = bulk_file(&clean, 50);
    clean.ok(&["tenant", "onboard", "--from", &file]);

    // The same through the proxy: 20% throttled, 5% 500/503, from init on.
    let faulty = TestEnv::new();
    let proxy = FaultProxy::start(endpoint(), faults(42));
    let init_codes = run_to_completion(&faulty, Some(&proxy), &["init"], 3);
    let file = bulk_file(&faulty, 50);
    let (code, _, err) = run_via(
        &faulty,
        Some(&proxy),
        &["-v", "tenant", "onboard", "--from", &file],
    );
    let mut codes = vec![code];
    if code != 0 {
        // A partial run (4), or one whose every retry of a read failed before anything was
        // written (3: the injected faults hit one call often enough); either says to re-run.
        assert!(
            (code == 4 || code == 3) && err.contains("re-run the same command"),
            "only an interrupted run may need a resume: {err}"
        );
        codes.extend(run_to_completion(
            &faulty,
            Some(&proxy),
            &["tenant", "onboard", "--from", &file],
            3,
        ));
    }
    let t = proxy.totals();
    assert!(
        t.throttled > 50 && t.server_errors > 10 && t.resets > 0,
        "faults were injected: {t:?}"
    );
    // -v reports the retries and throttles per service.
    assert!(
        err.contains("aws cognito-idp:") && err.contains("throttled"),
        "{err}"
    );

    assert_eq!(
        normalised_state(&clean, &sdk),
        normalised_state(&faulty, &sdk),
        "init {init_codes:?}, onboard {codes:?}"
    );
    // And it is finished: a re-run plans nothing.
    let (_, err) = faulty.ok(&["tenant", "onboard", "--from", &file]);
    assert!(err.contains("0 changes planned"), "{err}");
}

#[test]
fn a_command_that_gives_up_exits_4_with_a_consistent_journal_and_resumes() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    // Cognito throttles everything: user creation can never succeed within 2 attempts.
    let proxy = FaultProxy::start(
        endpoint(),
        FaultConfig {
            throttle: 1.0,
            services: vec!["cognito-idp".into()],
            ..FaultConfig::default()
        },
    );
    let file = env.write(
        "t.csv",
        "tenant,tier,users\nclinic-x,basic,a@clinic-x.example\nclinic-y,basic,b@clinic-y.example\nclinic-z,basic,c@clinic-z.example\n",
    );
    let file = file.display().to_string();
    // The user index is read before anything is written: nothing applied, exit 3.
    let (code, _, err) = run_via(
        &env,
        Some(&proxy),
        &[
            "--max-attempts",
            "2",
            "tenant",
            "onboard",
            "--from",
            &file,
            "--concurrency",
            "1",
        ],
    );
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("re-run the same command to resume"), "{err}");
    assert!(
        sdk.params(&format!("/{}/tenants", env.ns)).is_empty(),
        "nothing written"
    );
    drop(proxy);

    // Throttle only user creation: records and prefixes get written, users do not.
    let proxy = FaultProxy::start(
        endpoint(),
        FaultConfig {
            quotas: vec![fault_proxy::Quota::parse("cognito-idp:AdminCreateUser=0.001/1").unwrap()],
            ..FaultConfig::default()
        },
    );
    let (code, _, err) = run_via(
        &env,
        Some(&proxy),
        &[
            "--max-attempts",
            "2",
            "tenant",
            "onboard",
            "--from",
            &file,
            "--concurrency",
            "1",
        ],
    );
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains("re-run the same command to resume") && err.contains("not started"),
        "{err}"
    );
    // Journal consistent: whatever was started is `pending` (never `active` without its users),
    // no lease is left behind.
    for (name, v) in sdk.params(&format!("/{}/tenants", env.ns)) {
        if name.ends_with("/record") {
            let rec: serde_json::Value = serde_json::from_str(&v).unwrap();
            let users = sdk.users(&sdk.pool_id(&format!("{}-users", env.ns)).unwrap());
            let has_users = users.values().any(|(_, a)| {
                a.get("custom:clinic_id").map(String::as_str) == rec["tenant"].as_str()
            });
            assert!(rec["status"] == "pending" || has_users, "{name}: {rec}");
        }
    }
    assert!(
        sdk.params(&format!("/{}/leases", env.ns)).is_empty(),
        "leases released"
    );
    // The same command, without the fault, finishes the job.
    drop(proxy);
    env.ok(&["tenant", "onboard", "--from", &file]);
    let (_, err) = env.ok(&["tenant", "onboard", "--from", &file]);
    assert!(err.contains("0 changes planned"), "{err}");
    for t in ["clinic-x", "clinic-y", "clinic-z"] {
        let rec: serde_json::Value = serde_json::from_str(
            &sdk.param(&format!("/{}/tenants/{t}/record", env.ns))
                .unwrap(),
        )
        .unwrap();
        assert_eq!(rec["status"], "active");
    }
}

#[test]
fn offboarding_under_faults_loses_no_object() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-a",
        "--tier",
        "basic",
        "--user",
        "a@clinic-a.example",
        "--user",
        "b@clinic-a.example",
    ]);
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-b",
        "--tier",
        "basic",
        "--user",
        "x@clinic-b.example",
    ]);
    // 40 documents, some with two versions.
    let mut want = BTreeMap::new();
    for i in 0..40 {
        let key = format!("basic/clinic-a/docs/doc-{i:02}.txt");
        for v in 0..(1 + i % 2) {
            let body = format!("document {i} version {v}");
            sdk.rt
                .block_on(
                    sdk.s3
                        .put_object()
                        .bucket(env.data_bucket())
                        .key(&key)
                        .body(body.clone().into_bytes().into())
                        .send(),
                )
                .unwrap();
            want.insert(key.clone(), body);
        }
    }
    let others = sdk.objects(&env.data_bucket(), "basic/clinic-b/");
    let proxy = FaultProxy::start(endpoint(), faults(7));
    let codes = run_to_completion(
        &env,
        Some(&proxy),
        &["tenant", "offboard", "clinic-a", "--yes"],
        4,
    );
    let t = proxy.totals();
    assert!(
        t.throttled > 5 && t.server_errors > 0,
        "faults were injected: {t:?} (exit codes {codes:?})"
    );

    // Nothing of clinic-a left in the data bucket, clinic-b untouched.
    assert!(sdk
        .objects(&env.data_bucket(), "basic/clinic-a/")
        .is_empty());
    assert_eq!(others, sdk.objects(&env.data_bucket(), "basic/clinic-b/"));
    // Every document's latest version is in the archive, byte for byte.
    let archived = sdk.objects(&env.archive_bucket(), "offboarding/clinic-a/");
    for (key, body) in &want {
        let rel = key.trim_start_matches("basic/clinic-a/");
        let akey = archived
            .keys()
            .find(|k| k.ends_with(&format!("/data/{rel}")))
            .unwrap_or_else(|| panic!("{key} not archived: {archived:?}"));
        let got = sdk
            .rt
            .block_on(
                sdk.s3
                    .get_object()
                    .bucket(env.archive_bucket())
                    .key(akey)
                    .send(),
            )
            .unwrap();
        let got = sdk.rt.block_on(got.body.collect()).unwrap().into_bytes();
        assert_eq!(String::from_utf8_lossy(&got), *body, "{key}");
    }
    let rec: serde_json::Value = serde_json::from_str(
        &sdk.param(&format!("/{}/tenants/clinic-a/record", env.ns))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(rec["status"], "offboarded", "{rec}");
}

#[test]
fn two_operators_on_overlapping_tenants_end_correct_with_no_duplicates() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    // a: tenants 0..12, b: tenants 6..18 (6 shared), 3 users each; same users for shared tenants.
    let rows = |r: std::ops::Range<usize>| {
        let mut s = String::from("tenant,tier,users\n");
        for i in r {
            s += &format!(
                "shared-{i:02},{},u1@s{i}.example;u2@s{i}.example;u3@s{i}.example\n",
                ["basic", "premium"][i % 2]
            );
        }
        s
    };
    let a = env.write("a.csv", &rows(0..12)).display().to_string();
    let b = env.write("b.csv", &rows(6..18)).display().to_string();
    // Slow the emulator down a little so the two runs really overlap.
    let proxy = FaultProxy::start(
        endpoint(),
        FaultConfig {
            latency: Some((
                std::time::Duration::from_millis(5),
                std::time::Duration::from_millis(30),
            )),
            ..FaultConfig::default()
        },
    );
    // First pair: losers fail at once with the lease error (exit 4: the rest was applied).
    let pa = cmd_via(
        &env,
        Some(&proxy),
        &["tenant", "onboard", "--from", &a, "--concurrency", "4"],
    )
    .spawn_output();
    let pb = cmd_via(
        &env,
        Some(&proxy),
        &["tenant", "onboard", "--from", &b, "--concurrency", "4"],
    )
    .spawn_output();
    let (ra, rb) = (pa.join().unwrap(), pb.join().unwrap());
    for (code, _, err) in [&ra, &rb] {
        match code {
            0 => {}
            4 => assert!(
                err.contains("is being changed by") && err.contains("--break-lease"),
                "a loser gets the lease error: {err}"
            ),
            _ => panic!("exit {code}: {err}"),
        }
    }
    // Whoever lost re-runs (or waits with --lease-wait): both converge.
    env.ok(&["--lease-wait", "60", "tenant", "onboard", "--from", &a]);
    env.ok(&["--lease-wait", "60", "tenant", "onboard", "--from", &b]);
    assert_final(&env, &sdk, 0..18);

    // Second pair, on fresh tenants, both waiting for each other's leases: both succeed.
    let c = env.write("c.csv", &rows(20..32)).display().to_string();
    let d = env.write("d.csv", &rows(26..38)).display().to_string();
    let pc = cmd_via(
        &env,
        Some(&proxy),
        &[
            "--lease-wait",
            "120",
            "tenant",
            "onboard",
            "--from",
            &c,
            "--concurrency",
            "4",
        ],
    )
    .spawn_output();
    let pd = cmd_via(
        &env,
        Some(&proxy),
        &[
            "--lease-wait",
            "120",
            "tenant",
            "onboard",
            "--from",
            &d,
            "--concurrency",
            "4",
        ],
    )
    .spawn_output();
    for (code, _, err) in [pc.join().unwrap(), pd.join().unwrap()] {
        assert_eq!(code, 0, "waiting for the lease: {err}");
    }
    assert_final(&env, &sdk, 20..38);
    assert!(
        sdk.params(&format!("/{}/leases", env.ns)).is_empty(),
        "no lease left behind"
    );
}

fn assert_final(env: &TestEnv, sdk: &Sdk, range: std::ops::Range<usize>) {
    let pool = sdk.pool_id(&format!("{}-users", env.ns)).unwrap();
    let users = sdk.users(&pool);
    for i in range {
        let t = format!("shared-{i:02}");
        let rec: serde_json::Value = serde_json::from_str(
            &sdk.param(&format!("/{}/tenants/{t}/record", env.ns))
                .expect("record"),
        )
        .unwrap();
        assert_eq!(rec["status"], "active", "{rec}");
        assert!(
            rec.get("journal").is_none_or(|j| j.is_null()),
            "nothing half-done: {rec}"
        );
        let mine: Vec<_> = users
            .iter()
            .filter(|(_, (_, a))| a.get("custom:clinic_id") == Some(&t))
            .collect();
        assert_eq!(mine.len(), 3, "{t}: exactly its 3 users: {mine:?}");
        assert!(
            sdk.objects(
                &env.data_bucket(),
                &format!("{}/{t}/", ["basic", "premium"][i % 2])
            )
            .len()
                == 1
        );
    }
    // No duplicate users: usernames are unique, one per email.
    let emails: Vec<&String> = users.values().filter_map(|(_, a)| a.get("email")).collect();
    let mut dedup = emails.clone();
    dedup.sort();
    dedup.dedup();
    assert_eq!(emails.len(), dedup.len(), "duplicate users");
}

trait SpawnOutput {
    fn spawn_output(self) -> std::thread::JoinHandle<(i32, String, String)>;
}

impl SpawnOutput for Command {
    fn spawn_output(mut self) -> std::thread::JoinHandle<(i32, String, String)> {
        let child = self
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::spawn(move || decode(child.wait_with_output().unwrap()))
    }
}

/// A proxy that lets `op` (`service:Operation`) through once and then throttles it: a command
/// that calls it twice gives up after applying some of its changes.
fn throttle_after_first(op: &str) -> FaultProxy {
    FaultProxy::start(
        endpoint(),
        FaultConfig {
            quotas: vec![fault_proxy::Quota::parse(&format!("{op}=0.001/1")).unwrap()],
            ..FaultConfig::default()
        },
    )
}

fn record_of(env: &TestEnv, sdk: &Sdk, t: &str) -> serde_json::Value {
    serde_json::from_str(
        &sdk.param(&format!("/{}/tenants/{t}/record", env.ns))
            .unwrap(),
    )
    .unwrap()
}

/// Exit 4 with the resume hint (and not 3) once part of the work is applied.
fn assert_partial(code: i32, err: &str) {
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains("stopped part-way") && err.contains("re-run the same command to resume"),
        "{err}"
    );
}

#[test]
fn offboard_that_gives_up_after_its_first_step_exits_4_and_a_rerun_finishes() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-o",
        "--tier",
        "basic",
        "--user",
        "a@clinic-o.example",
        "--user",
        "b@clinic-o.example",
    ]);
    // S3 throttled from the first call: nothing is written, exit 3.
    let before = common::snapshot(&env, &sdk);
    let s3 = FaultProxy::start(
        endpoint(),
        FaultConfig {
            throttle: 1.0,
            services: vec!["s3".into()],
            ..FaultConfig::default()
        },
    );
    let args = [
        "--max-attempts",
        "1",
        "tenant",
        "offboard",
        "clinic-o",
        "--yes",
    ];
    let (code, _, err) = run_via(&env, Some(&s3), &args);
    assert_eq!(code, 3, "nothing was written yet: {err}");
    assert_eq!(before, common::snapshot(&env, &sdk));
    drop(s3);
    // The second sign-out is throttled: the record already says offboarding and one user is
    // revoked, so the command is partially applied.
    let cognito = throttle_after_first("cognito-idp:AdminUserGlobalSignOut");
    let (code, _, err) = run_via(&env, Some(&cognito), &args);
    assert_partial(code, &err);
    assert!(err.contains("offboarding clinic-o"), "{err}");
    assert_eq!(record_of(&env, &sdk, "clinic-o")["status"], "offboarding");
    drop(cognito);
    env.ok(&["tenant", "offboard", "clinic-o", "--yes"]);
    assert_eq!(record_of(&env, &sdk, "clinic-o")["status"], "offboarded");
}

#[test]
fn suspend_resume_users_and_set_tier_exit_4_when_they_give_up_part_way() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-q",
        "--tier",
        "basic",
        "--user",
        "a@clinic-q.example",
        "--user",
        "b@clinic-q.example",
    ]);
    let pool = sdk.pool_id(&format!("{}-users", env.ns)).unwrap();
    let enabled = |sdk: &Sdk| -> Vec<bool> {
        sdk.users(&pool)
            .into_iter()
            .filter(|(u, _)| u.ends_with("@clinic-q.example"))
            .map(|(_, (e, _))| e)
            .collect()
    };
    let cases: [(&str, Vec<&str>); 5] = [
        (
            "cognito-idp:AdminDisableUser",
            vec![
                "tenant", "suspend", "clinic-q", "--reason", "unpaid", "--yes",
            ],
        ),
        (
            "cognito-idp:AdminEnableUser",
            vec!["tenant", "resume", "clinic-q"],
        ),
        (
            "cognito-idp:AdminCreateUser",
            vec![
                "user",
                "add",
                "clinic-q",
                "c@clinic-q.example",
                "d@clinic-q.example",
            ],
        ),
        (
            "cognito-idp:AdminDeleteUser",
            vec![
                "user",
                "remove",
                "clinic-q",
                "c@clinic-q.example",
                "d@clinic-q.example",
                "--yes",
            ],
        ),
        (
            "cognito-idp:AdminUpdateUserAttributes",
            vec!["tenant", "set-tier", "clinic-q", "premium", "--yes"],
        ),
    ];
    for (op, cmd) in cases {
        let proxy = throttle_after_first(op);
        let mut args = vec!["--max-attempts", "1"];
        args.extend(&cmd);
        let (code, _, err) = run_via(&env, Some(&proxy), &args);
        assert_partial(code, &err);
        drop(proxy);
        env.ok(&cmd);
        let (_, err) = env.ok(&cmd);
        assert!(
            err.contains("0 changes planned") || err.contains("already on tier"),
            "{cmd:?}: {err}"
        );
        match cmd[1] {
            "suspend" => assert!(enabled(&sdk).iter().all(|e| !e)),
            "resume" => assert!(enabled(&sdk).iter().all(|e| *e)),
            _ => {}
        }
    }
    let rec = record_of(&env, &sdk, "clinic-q");
    assert_eq!(
        (rec["tier"].as_str(), rec["status"].as_str()),
        (Some("premium"), Some("active")),
        "{rec}"
    );
}

/// The default retry mode (adaptive) against quota throttling, the condition it is built for:
/// user creation capped at 4/s, 8 tenants x 2 users onboarded at concurrency 8 finish in one
/// run with every user created exactly once and nothing left to do.
#[test]
fn adaptive_retry_rides_a_cognito_quota_to_a_clean_finish() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    let file = bulk_file(&env, 8);
    let proxy = FaultProxy::start(
        endpoint(),
        FaultConfig {
            quotas: vec![fault_proxy::Quota::parse("cognito-idp:AdminCreateUser=4/2").unwrap()],
            ..FaultConfig::default()
        },
    );
    // No TENANTCTL_RETRY_MODE: the default, adaptive.
    let out = env
        .cmd()
        .env("AWS_ENDPOINT_URL", proxy.url())
        .args([
            "-v",
            "tenant",
            "onboard",
            "--from",
            &file,
            "--concurrency",
            "8",
        ])
        .output()
        .unwrap();
    let (code, _, err) = decode(out);
    assert_eq!(code, 0, "{err}");
    let st = proxy.stats();
    let create = st
        .get("cognito-idp:AdminCreateUser")
        .expect("user creation went through the proxy");
    assert!(
        create.quota_throttled > 0,
        "the quota was reached: {create:?}"
    );
    assert_eq!(create.succeeded, 16, "each user created once: {create:?}");
    let pool = sdk.pool_id(&format!("{}-users", env.ns)).unwrap();
    assert_eq!(sdk.users(&pool).len(), 16);
    let (_, err) = env.ok(&["tenant", "onboard", "--from", &file]);
    assert!(err.contains("0 changes planned"), "{err}");
}

/// A proxy that freezes the whole endpoint for `secs` when the `nth` request of `op` arrives.
fn stall_at(op: &str, nth: u64, secs: f64) -> FaultProxy {
    FaultProxy::start(
        endpoint(),
        FaultConfig {
            stalls: vec![fault_proxy::Stall::parse(&format!("{op}@{nth}={secs}")).unwrap()],
            ..FaultConfig::default()
        },
    )
}

/// Wait until the proxy holds a stalled request (the child is then frozen mid-command).
fn wait_for_stall(proxy: &FaultProxy, child: &mut std::process::Child) {
    let t0 = std::time::Instant::now();
    while proxy.totals().stalled == 0 {
        if let Some(st) = child.try_wait().unwrap() {
            panic!("the command ended ({st}) before the stall");
        }
        assert!(
            t0.elapsed() < std::time::Duration::from_secs(120),
            "no stall"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// `suspend` killed (SIGKILL) while disabling its second user: the record must not claim
/// `suspended` while users can still sign in (journal first, state last); `tenant show` says a
/// suspension is in progress; the same command finishes it; and `validate drift` flags an
/// enabled user of a suspended tenant (TD009).
#[test]
fn a_suspend_killed_part_way_never_claims_suspended_while_users_are_enabled() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    let users: Vec<String> = (0..6).map(|i| format!("u{i}@clinic-k.example")).collect();
    let mut args = vec!["tenant", "onboard", "clinic-k", "--tier", "basic"];
    for u in &users {
        args.extend(["--user", u.as_str()]);
    }
    env.ok(&args);
    let pool = sdk.pool_id(&format!("{}-users", env.ns)).unwrap();
    let enabled = |sdk: &Sdk| -> usize {
        sdk.users(&pool)
            .into_iter()
            .filter(|(u, (e, _))| u.ends_with("@clinic-k.example") && *e)
            .count()
    };
    let suspend = [
        "tenant", "suspend", "clinic-k", "--reason", "unpaid", "--yes",
    ];
    let proxy = stall_at("cognito-idp:AdminDisableUser", 2, 60.0);
    let mut child = cmd_via(&env, Some(&proxy), &suspend)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    wait_for_stall(&proxy, &mut child);
    child.kill().unwrap();
    child.wait().unwrap();
    drop(proxy);

    let rec = record_of(&env, &sdk, "clinic-k");
    let left = enabled(&sdk);
    assert!(left > 0, "killed part-way: some users still enabled");
    assert_ne!(
        rec["status"], "suspended",
        "the record claims suspended while {left} user(s) are enabled: {rec}"
    );
    assert_eq!(rec["journal"]["operation"], "suspend", "{rec}");
    let (out, _) = env.ok(&["tenant", "show", "clinic-k"]);
    assert!(out.contains("suspend: after step started"), "{out}");
    // Onboarding would re-enable the users the suspension disabled: refused until finished.
    let (code, _, err) = env.run(&["tenant", "onboard", "clinic-k", "--tier", "basic"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is being suspended"), "{err}");
    // The same command finishes it.
    env.ok(&suspend);
    let rec = record_of(&env, &sdk, "clinic-k");
    assert_eq!(rec["status"], "suspended", "{rec}");
    assert!(rec.get("journal").is_none_or(|j| j.is_null()), "{rec}");
    assert_eq!(enabled(&sdk), 0);
    assert_eq!(
        rec["suspension"]["disabled_users"].as_array().map(Vec::len),
        Some(6),
        "resume gives back all six: {rec}"
    );
    let (code, out, _) = env.run(&["validate", "drift", "-o", "json"]);
    assert_eq!(code, 0, "{out}");
    // An enabled user of a suspended tenant is drift.
    sdk.rt
        .block_on(
            sdk.cognito
                .admin_enable_user()
                .user_pool_id(&pool)
                .username(&users[3])
                .send(),
        )
        .unwrap();
    let (code, out, _) = env.run(&["validate", "drift", "-o", "json"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("TD009") && out.contains(&users[3]), "{out}");
    // What the finding says to do: suspend again disables it.
    env.ok(&suspend);
    assert_eq!(enabled(&sdk), 0);
    let (code, out, _) = env.run(&["validate", "drift", "-o", "json"]);
    assert_eq!(code, 0, "{out}");
    env.ok(&["tenant", "resume", "clinic-k"]);
    let rec = record_of(&env, &sdk, "clinic-k");
    assert_eq!(rec["status"], "active", "{rec}");
    assert!(rec.get("journal").is_none_or(|j| j.is_null()), "{rec}");
    assert_eq!(enabled(&sdk), 6);
}

/// Data versions (delete markers aside) under `prefix`.
fn data_versions(sdk: &Sdk, bucket: &str, prefix: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let (mut km, mut vm) = (None, None);
    loop {
        let r = sdk
            .rt
            .block_on(
                sdk.s3
                    .list_object_versions()
                    .bucket(bucket)
                    .prefix(prefix)
                    .set_key_marker(km.clone())
                    .set_version_id_marker(vm.clone())
                    .send(),
            )
            .unwrap();
        for v in r.versions() {
            out.push((
                v.key().unwrap_or("").to_string(),
                v.version_id().unwrap_or("").to_string(),
            ));
        }
        if r.is_truncated() != Some(true) {
            return out;
        }
        km = r.next_key_marker().map(str::to_string);
        vm = r.next_version_id_marker().map(str::to_string);
    }
}

/// The endpoint freezes for longer than one attempt may wait (`--attempt-timeout 2`, a 6 s
/// stall: the emulator SIGSTOPped past the client's timeout) while `offboard` archives, and
/// again while `restore` copies back. The CopyObject that timed out on the client still lands
/// once the endpoint resumes. Offboarding must still end with an archive holding exactly its
/// manifest (so restore accepts it), and restore must bring back exactly the tenant's versions.
#[test]
fn a_stalled_copy_leaves_no_duplicate_in_the_archive_or_the_restored_tenant() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-s",
        "--tier",
        "basic",
        "--user",
        "a@clinic-s.example",
    ]);
    for i in 0..12 {
        let key = format!("basic/clinic-s/docs/doc-{i:02}.txt");
        for v in 0..(1 + i % 2) {
            sdk.rt
                .block_on(
                    sdk.s3
                        .put_object()
                        .bucket(env.data_bucket())
                        .key(&key)
                        .body(format!("document {i} version {v}").into_bytes().into())
                        .send(),
                )
                .unwrap();
        }
    }
    let tenant_prefix = "basic/clinic-s/";
    let before = data_versions(&sdk, &env.data_bucket(), tenant_prefix).len();
    assert_eq!(before, 19, "18 document versions and the prefix marker");

    let proxy = stall_at("s3:CopyObject", 4, 6.0);
    let offboard = [
        "--attempt-timeout",
        "2",
        "tenant",
        "offboard",
        "clinic-s",
        "--yes",
    ];
    let codes = run_to_completion(&env, Some(&proxy), &offboard, 3);
    assert!(
        proxy.totals().stalled > 0,
        "the endpoint froze mid-archive: {:?} ({codes:?})",
        proxy.stats()
    );
    drop(proxy);
    let rec = record_of(&env, &sdk, "clinic-s");
    assert_eq!(rec["status"], "offboarded", "{rec}");
    let run = rec["offboarding"]["run"].as_str().unwrap().to_string();
    let run_prefix = format!("offboarding/clinic-s/{run}/");
    let manifest = sdk
        .rt
        .block_on(
            sdk.s3
                .get_object()
                .bucket(env.archive_bucket())
                .key(format!("{run_prefix}manifest.json"))
                .send(),
        )
        .unwrap();
    let manifest = sdk
        .rt
        .block_on(manifest.body.collect())
        .unwrap()
        .into_bytes();
    let manifest: serde_json::Value = serde_json::from_slice(&manifest).unwrap();
    let listed = manifest["objects"].as_array().unwrap().len();
    let archived = data_versions(&sdk, &env.archive_bucket(), &format!("{run_prefix}data/"));
    assert_eq!(
        archived.len(),
        listed,
        "the archive holds exactly its manifest: {archived:?}"
    );
    assert_eq!(listed, before);
    assert!(data_versions(&sdk, &env.data_bucket(), tenant_prefix).is_empty());

    // A copy can land even after offboarding verified the archive (the endpoint froze again
    // with an old request queued): here the stale copy of doc-01's first version lands last,
    // on top of its second. Restore must recognise it (same key and content as a manifest
    // entry), not call the archive damaged, and not bring it back.
    let key = format!("{run_prefix}data/docs/doc-01.txt");
    let oldest = manifest["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["key"] == "docs/doc-01.txt" && o["latest"] == false)
        .expect("doc-01 has two versions")["copy_version_id"]
        .as_str()
        .unwrap()
        .to_string();
    let old = sdk
        .rt
        .block_on(
            sdk.s3
                .get_object()
                .bucket(env.archive_bucket())
                .key(&key)
                .version_id(&oldest)
                .send(),
        )
        .unwrap();
    let ct = old.content_type.clone();
    let meta = old.metadata.clone();
    let body = sdk.rt.block_on(old.body.collect()).unwrap().into_bytes();
    sdk.rt
        .block_on(
            sdk.s3
                .put_object()
                .bucket(env.archive_bucket())
                .key(&key)
                .set_content_type(ct)
                .set_metadata(meta)
                .body(body.to_vec().into())
                .send(),
        )
        .unwrap();

    let proxy = stall_at("s3:CopyObject", 4, 6.0);
    let restore = [
        "--attempt-timeout",
        "2",
        "tenant",
        "restore",
        "clinic-s",
        "--from-archive",
        &run,
    ];
    let codes = run_to_completion(&env, Some(&proxy), &restore, 3);
    assert!(
        proxy.totals().stalled > 0,
        "the endpoint froze mid-restore: {:?} ({codes:?})",
        proxy.stats()
    );
    drop(proxy);
    let restored = data_versions(&sdk, &env.data_bucket(), tenant_prefix);
    assert_eq!(
        restored.len(),
        before,
        "restore brings back exactly the tenant's versions: {restored:?}"
    );
    assert_eq!(record_of(&env, &sdk, "clinic-s")["status"], "active");
    let live = sdk
        .rt
        .block_on(
            sdk.s3
                .get_object()
                .bucket(env.data_bucket())
                .key("basic/clinic-s/docs/doc-01.txt")
                .send(),
        )
        .unwrap();
    let live = sdk.rt.block_on(live.body.collect()).unwrap().into_bytes();
    assert_eq!(
        String::from_utf8_lossy(&live),
        "document 1 version 1",
        "the latest version is the tenant's latest, not the stale duplicate"
    );
    let (_, err) = env.ok(&["tenant", "restore", "clinic-s", "--from-archive", &run]);
    assert!(
        err.contains("0 changes") || err.contains("already"),
        "{err}"
    );
}

/// An operator's mistake: `init` with a config that no longer has a tier live tenants use.
/// It must refuse (exit 2) naming the tenants, change nothing, show it under --dry-run, and
/// go ahead only with --allow-tier-removal.
#[test]
fn init_refuses_to_drop_a_tier_live_tenants_use() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    for (t, tier) in [
        ("clinic-p", "premium"),
        ("clinic-r", "premium"),
        ("clinic-b", "basic"),
    ] {
        env.ok(&[
            "tenant",
            "onboard",
            t,
            "--tier",
            tier,
            "--user",
            &format!("a@{t}.example"),
        ]);
    }
    // An offboarded tenant of the tier does not count.
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-o",
        "--tier",
        "premium",
        "--user",
        "a@clinic-o.example",
    ]);
    env.ok(&["tenant", "offboard", "clinic-o", "--yes"]);
    let start = common::DEFAULT_TIERS.find("[tiers.premium]").unwrap();
    let end = common::DEFAULT_TIERS[start + 1..].find("[tiers.").unwrap() + start + 1;
    let tiers = format!(
        "{}{}",
        &common::DEFAULT_TIERS[..start],
        &common::DEFAULT_TIERS[end..]
    );
    let cfg = env.write("no-premium.toml", &TestEnv::config_text(&env.ns, &tiers));
    let cfg = cfg.display().to_string();
    let before = common::snapshot(&env, &sdk);

    let (code, out, err) = env.run(&["--config", &cfg, "init", "--dry-run"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        out.contains("clinic-p") && out.contains("clinic-r") && out.contains("tier/premium"),
        "--dry-run shows the tenants that lose their tier: {out}"
    );
    let (code, out, err) = env.run(&["--config", &cfg, "init"]);
    assert_eq!(code, 2, "{out}{err}");
    let first = err.lines().find(|l| l.starts_with("error:")).unwrap_or("");
    assert!(
        first.contains("premium")
            && first.contains("clinic-p")
            && first.contains("clinic-r")
            && !first.contains("clinic-b")
            && !first.contains("clinic-o"),
        "one line naming the tier and its live tenants: {err}"
    );
    assert!(err.contains("--allow-tier-removal"), "{err}");
    assert_eq!(before, common::snapshot(&env, &sdk), "nothing changed");

    let (_, err) = env.ok(&["--config", &cfg, "init", "--allow-tier-removal"]);
    assert!(err.contains("changing"), "{err}");
    assert_ne!(before, common::snapshot(&env, &sdk));
}

/// A dead endpoint: nothing listens on the port (connection refused), or it does not speak
/// TLS. Each fails at its first attempt (the `-v` retry statistics say so) with its own
/// one-line message and hint, not `DispatchFailure` after every retry and a credentials hint.
#[test]
fn a_refused_connection_or_failed_tls_fails_fast_with_its_own_message() {
    let env = TestEnv::new();
    // A loopback port nobody listens on: bound once for a free number, then closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let cases = [
        (format!("http://127.0.0.1:{port}"), "connection refused"),
        // The emulator speaks plain HTTP: a TLS handshake with it fails.
        (endpoint().replace("http://", "https://"), "TLS handshake"),
    ];
    for (url, what) in cases {
        let out = env
            .cmd()
            .env("AWS_ENDPOINT_URL", &url)
            .args(["-v", "tenant", "list"])
            .output()
            .unwrap();
        let (code, _, err) = decode(out);
        assert_eq!(code, 3, "{url}: {err}");
        let first = err.lines().find(|l| l.starts_with("error:")).unwrap_or("");
        assert!(
            first.contains(what) && !first.contains("DispatchFailure"),
            "{url}: one line saying what is wrong: {err}"
        );
        let hint = err.lines().find(|l| l.starts_with("hint:")).unwrap_or("");
        assert!(
            hint.contains("endpoint") && !hint.contains("credentials"),
            "{url}: {err}"
        );
        assert!(
            err.contains("sts: 1 call(s), 1 attempt(s), 0 retries"),
            "{url}: not retried: {err}"
        );
    }
}

/// One raw HTTP/1.1 request through the proxy (one connection, `Connection: close`): status
/// line and body. Unsigned: the proxy identifies the service from `X-Amz-Target` or the
/// credential scope, and throttled requests never reach the emulator.
fn raw_call(proxy: &FaultProxy, head: &str, body: &str) -> (u16, String, String) {
    use std::io::{Read, Write};
    let mut sock = std::net::TcpStream::connect(proxy.addr).unwrap();
    write!(
        sock,
        "{head}\r\nHost: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        proxy.addr,
        body.len()
    )
    .unwrap();
    // End of our side: the proxy answers, finds no next request and closes (EOF for us).
    sock.shutdown(std::net::Shutdown::Write).unwrap();
    sock.set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .unwrap();
    let mut out = String::new();
    sock.read_to_string(&mut out).unwrap();
    let (resp_head, resp_body) = out.split_once("\r\n\r\n").unwrap_or((&out, ""));
    let status = resp_head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, resp_head.to_string(), resp_body.to_string())
}

fn ssm_call(proxy: &FaultProxy, op: &str) -> (u16, String, String) {
    raw_call(
        proxy,
        &format!(
            "POST / HTTP/1.1\r\nX-Amz-Target: AmazonSSM.{op}\r\nContent-Type: application/x-amz-json-1.1"
        ),
        r#"{"Name":"/proxy-quota-test/none","Path":"/proxy-quota-test"}"#,
    )
}

/// The benchmark proxy's quotas (issue #18): a token bucket per quota, shared by the
/// operations it names, each service throttled in its own words (SSM `ThrottlingException`,
/// Cognito `TooManyRequestsException`, S3 503 `SlowDown`), other operations untouched, and
/// the counts reported. The refill rate is negligible (0.001/s), so the test does not depend
/// on timing: exactly the burst gets through.
#[test]
fn proxy_quotas_throttle_like_aws_per_service_and_share_buckets() {
    let quotas = [
        "ssm:GetParameter|GetParametersByPath=0.001/3",
        "cognito-idp:AdminCreateUser=0.001/1",
        "s3:GETObject=0.001/1",
    ]
    .iter()
    .map(|q| fault_proxy::Quota::parse(q).unwrap())
    .collect();
    let proxy = FaultProxy::start(
        endpoint(),
        FaultConfig {
            quotas,
            ..FaultConfig::default()
        },
    );
    // SSM: GetParameter and GetParametersByPath draw from one bucket of 3.
    let answers: Vec<(u16, String, String)> = [
        "GetParameter",
        "GetParametersByPath",
        "GetParameter",
        "GetParametersByPath",
        "GetParameter",
    ]
    .iter()
    .map(|op| ssm_call(&proxy, op))
    .collect();
    for (i, (status, head, body)) in answers.iter().enumerate() {
        let throttled = body.contains("ThrottlingException");
        assert_eq!(throttled, i >= 3, "request {i}: {status} {head} {body}");
        if throttled {
            assert_eq!(*status, 400);
            assert!(
                head.contains("x-amzn-ErrorType: ThrottlingException"),
                "{head}"
            );
        }
    }
    // Another SSM operation has no quota here: forwarded.
    let (_, _, body) = ssm_call(&proxy, "DescribeParameters");
    assert!(!body.contains("ThrottlingException"), "{body}");
    // Cognito: the second AdminCreateUser is over the quota.
    let cognito = |op: &str| {
        raw_call(
            &proxy,
            &format!("POST / HTTP/1.1\r\nX-Amz-Target: AWSCognitoIdentityProviderService.{op}\r\nContent-Type: application/x-amz-json-1.1"),
            r#"{"UserPoolId":"us-east-1_none","Username":"a@example.com"}"#,
        )
    };
    assert!(!cognito("AdminCreateUser").2.contains("TooManyRequests"));
    let (status, _, body) = cognito("AdminCreateUser");
    assert_eq!(status, 400);
    assert!(
        body.contains("\"__type\":\"TooManyRequestsException\""),
        "{body}"
    );
    // S3 (service from the SigV4 credential scope): 503 SlowDown once the GET quota is spent;
    // a PUT has its own (absent) quota.
    let s3 = |method: &str| {
        raw_call(
            &proxy,
            &format!("{method} /proxy-quota-test-bucket/key HTTP/1.1\r\nAuthorization: AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0"),
            "",
        )
    };
    assert_ne!(s3("GET").0, 503);
    let (status, _, body) = s3("GET");
    assert_eq!(status, 503);
    assert!(body.contains("<Code>SlowDown</Code>"), "{body}");
    assert_ne!(s3("PUT").0, 503);

    let stats = proxy.stats();
    let throttled = |k: &str| stats.get(k).map_or(0, |s| s.quota_throttled);
    assert_eq!(
        throttled("ssm:GetParameter") + throttled("ssm:GetParametersByPath"),
        2
    );
    assert_eq!(throttled("cognito-idp:AdminCreateUser"), 1);
    assert_eq!(throttled("s3:GETObject"), 1);
    assert_eq!(throttled("s3:PUTObject"), 0);
    assert_eq!(proxy.totals().quota_throttled, 4);

    // The built-in AWS defaults parse and cover what onboarding calls most.
    let aws = fault_proxy::aws_default_quotas();
    let rate = |svc: &str, op: &str| {
        aws.iter()
            .filter(|q| q.covers(svc, op))
            .map(|q| q.per_second)
            .fold(f64::INFINITY, f64::min)
    };
    assert_eq!(rate("cognito-idp", "AdminCreateUser"), 50.0);
    assert_eq!(rate("ssm", "GetParametersByPath"), 40.0);
    assert_eq!(rate("ssm", "GetParameter"), 40.0);
    assert_eq!(rate("s3", "PUTObject"), 3500.0);
}

/// Issue #18: onboarding new tenants costs the minimum calls plus the lease's two per tenant
/// (create-if-absent, delete), counted by the proxy: no re-plan under the lease, no re-read of
/// the record or membership it just wrote, one listing of the pool per run.
#[test]
fn onboarding_new_tenants_makes_the_minimum_calls_plus_two_per_tenant_and_the_index() {
    let env = TestEnv::new();
    env.init();
    let n = 3u64;
    let tenants: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "tenant": format!("calls-{i}"),
                "tier": "basic",
                "users": [format!("u0@calls-{i}.example"), format!("u1@calls-{i}.example")],
            })
        })
        .collect();
    let file = env
        .write("calls.json", &serde_json::to_string(&tenants).unwrap())
        .display()
        .to_string();
    let proxy = FaultProxy::start(endpoint(), FaultConfig::default());
    let out = cmd_via(&env, Some(&proxy), &["tenant", "onboard", "--from", &file])
        .output()
        .unwrap();
    let (code, _, err) = decode(out);
    assert_eq!(code, 0, "{err}");
    let stats = proxy.stats();
    let count = |k: &str| stats.get(k).map_or(0, |s| s.forwarded);
    // Per tenant: the lease (1 create, 1 delete) and its three writes: record pending,
    // project id, record active.
    assert_eq!(count("ssm:DeleteParameter"), n, "{stats:#?}");
    assert_eq!(count("ssm:PutParameter"), 4 * n, "{stats:#?}");
    // Observe reads the record and the project id of each; plus the pool id once.
    assert!(count("ssm:GetParameter") <= 2 * n + 2, "{stats:#?}");
    // Marker and membership written; the membership is not read back for the gate (one
    // object read per run, whatever the number of tenants). The registry index: each
    // tenant's shard read once (the command then remembers it) and its entry written with
    // the record (pending), the membership and the record (active).
    assert_eq!(count("s3:HEADObject"), n, "{stats:#?}");
    assert!(count("s3:GETObject") <= 1 + n, "{stats:#?}");
    assert_eq!(count("s3:PUTObject"), 2 * n + 1 + 3 * n, "{stats:#?}");
    assert_eq!(count("cognito-idp:AdminCreateUser"), 2 * n, "{stats:#?}");
    assert_eq!(count("cognito-idp:ListUsers"), 1, "{stats:#?}");
}
