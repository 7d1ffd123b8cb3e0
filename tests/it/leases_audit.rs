//! Leases (one operator at a time per tenant, and per platform for `init`) and the audit trail,
//! against the emulator. Leases held by "other operators" are written straight into SSM, the
//! way another tenantctl process would have left them.

use crate::common::{snapshot, Sdk, TestEnv};

fn put_lease(sdk: &Sdk, env: &TestEnv, leaf: &str, value: serde_json::Value) {
    sdk.rt
        .block_on(
            sdk.ssm
                .put_parameter()
                .name(format!("/{}/leases/{leaf}", env.ns))
                .value(value.to_string())
                .r#type(aws_sdk_ssm::types::ParameterType::String)
                .overwrite(true)
                .send(),
        )
        .unwrap();
}

fn other_operator(expires_in_secs: i64, machine: Option<String>, pid: u32) -> serde_json::Value {
    let now = chrono::Utc::now();
    serde_json::json!({
        "owner": format!("arn:aws:sts::123456789012:assumed-role/ops/alice on laptop-7 pid {pid}"),
        "caller_arn": "arn:aws:sts::123456789012:assumed-role/ops/alice",
        "host": "laptop-7",
        "pid": pid,
        "command": "tenant offboard clinic-a",
        "acquired_at": (now - chrono::Duration::seconds(30)).to_rfc3339(),
        "expires_at": (now + chrono::Duration::seconds(expires_in_secs)).to_rfc3339(),
        "token": "6a1c1b8e-0000-4000-8000-000000000001",
        "machine": machine,
    })
}

fn leases(sdk: &Sdk, env: &TestEnv) -> std::collections::BTreeMap<String, String> {
    sdk.params(&format!("/{}/leases", env.ns))
}

fn onboarded(env: &TestEnv) {
    env.init();
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-a",
        "--tier",
        "basic",
        "--user",
        "a@clinic-a.example",
    ]);
}

#[test]
fn a_held_lease_stops_a_second_operator_with_who_and_since() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    onboarded(&env);
    put_lease(
        &sdk,
        &env,
        "clinic-a",
        other_operator(90, Some("another-machine/pid:[1]".into()), 4242),
    );
    let before = snapshot(&env, &sdk);
    for args in [
        vec![
            "tenant", "suspend", "clinic-a", "--reason", "unpaid", "--yes",
        ],
        vec!["user", "add", "clinic-a", "b@clinic-a.example"],
        vec![
            "tenant",
            "onboard",
            "clinic-a",
            "--tier",
            "basic",
            "--user",
            "c@clinic-a.example",
        ],
        vec!["tenant", "set-tier", "clinic-a", "premium", "--yes"],
        vec!["tenant", "offboard", "clinic-a", "--yes"],
    ] {
        let (code, _, err) = env.run(&args);
        assert!(code == 3 || code == 4, "{args:?}: exit {code}: {err}");
        assert!(
            err.contains("tenant clinic-a is being changed by arn:aws:sts::123456789012:assumed-role/ops/alice on laptop-7 pid 4242 since")
                && err.contains("`tenant offboard clinic-a`")
                && err.contains("--break-lease")
                && err.contains("expires at"),
            "{args:?}: {err}"
        );
        assert_eq!(before, snapshot(&env, &sdk), "{args:?} changed something");
    }
    // Dry runs take no lease: they still plan.
    let (_, err) = env.ok(&[
        "tenant",
        "suspend",
        "clinic-a",
        "--reason",
        "unpaid",
        "--dry-run",
    ]);
    assert!(err.contains("would change"), "{err}");
    // --break-lease: for the operator who knows alice's laptop is gone.
    env.ok(&[
        "tenant",
        "suspend",
        "--break-lease",
        "clinic-a",
        "--reason",
        "unpaid",
        "--yes",
    ]);
    assert!(
        leases(&sdk, &env).is_empty(),
        "the lease is released afterwards"
    );
    let rec: serde_json::Value = serde_json::from_str(
        &sdk.param(&format!("/{}/tenants/clinic-a/record", env.ns))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(rec["status"], "suspended");
}

#[test]
fn an_expired_lease_is_taken_over_and_a_dead_local_holder_at_once() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    onboarded(&env);
    // Expired (its holder stopped renewing it).
    put_lease(&sdk, &env, "clinic-a", other_operator(-5, None, 4242));
    env.ok(&["user", "add", "clinic-a", "b@clinic-a.example"]);
    assert!(leases(&sdk, &env).is_empty());

    // Not expired, but its holder ran on this machine and is gone (a killed tenantctl).
    let boot = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").unwrap();
    let pidns = std::fs::read_link("/proc/self/ns/pid").unwrap();
    let machine = format!("{}/{}", boot.trim(), pidns.display());
    let mut dead = std::process::Command::new("true").spawn().unwrap();
    let dead_pid = dead.id();
    dead.wait().unwrap();
    put_lease(
        &sdk,
        &env,
        "clinic-a",
        other_operator(100, Some(machine.clone()), dead_pid),
    );
    env.ok(&["user", "add", "clinic-a", "c@clinic-a.example"]);
    // A live holder on this machine (this test process) is respected.
    put_lease(
        &sdk,
        &env,
        "clinic-a",
        other_operator(100, Some(machine), std::process::id()),
    );
    let (code, _, err) = env.run(&["user", "add", "clinic-a", "d@clinic-a.example"]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("is being changed by"), "{err}");
}

#[test]
fn init_leases_the_platform() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    put_lease(&sdk, &env, "_platform", other_operator(90, None, 99));
    let (code, _, err) = env.run(&["init"]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("the platform is being changed by"), "{err}");
    assert!(!sdk.bucket_exists(&env.data_bucket()), "nothing created");
    // The dry run still plans.
    let (_, err) = env.ok(&["init", "--dry-run"]);
    assert!(err.contains("would change"), "{err}");
    sdk.rt
        .block_on(
            sdk.ssm
                .delete_parameter()
                .name(format!("/{}/leases/_platform", env.ns))
                .send(),
        )
        .unwrap();
    env.ok(&["init"]);
    assert!(leases(&sdk, &env).is_empty());
}

fn audit_records(sdk: &Sdk, env: &TestEnv) -> Vec<serde_json::Value> {
    sdk.objects(&env.archive_bucket(), "audit/")
        .keys()
        .map(|k| {
            let o = sdk
                .rt
                .block_on(
                    sdk.s3
                        .get_object()
                        .bucket(env.archive_bucket())
                        .key(k)
                        .send(),
                )
                .unwrap();
            serde_json::from_slice(&sdk.rt.block_on(o.body.collect()).unwrap().into_bytes())
                .unwrap()
        })
        .collect()
}

#[test]
fn every_mutating_command_leaves_one_audit_record_and_dry_runs_none() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    let log = env.dir.path().join("audit.jsonl");
    let log_s = log.display().to_string();
    env.ok(&["init", "--audit-log", &log_s]);
    let recs = audit_records(&sdk, &env);
    assert_eq!(recs.len(), 1, "{recs:?}");
    assert_eq!(recs[0]["command"], "init");

    env.ok(&[
        "tenant",
        "onboard",
        "--audit-log",
        &log_s,
        "clinic-a",
        "--tier",
        "basic",
        "--user",
        "a@clinic-a.example",
    ]);
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-b",
        "--audit-log",
        &log_s,
        "--tier",
        "basic",
        "--dry-run",
    ]);
    let recs = audit_records(&sdk, &env);
    assert_eq!(recs.len(), 2, "a dry run leaves no record: {recs:?}");
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    let r = recs
        .iter()
        .find(|r| r["command"] == "tenant onboard")
        .expect("onboard record");
    assert_eq!(r, &lines[1], "the local line is the same record");
    assert_eq!(r["caller"]["account"], "123456789012");
    assert!(
        r["caller"]["arn"].as_str().unwrap().starts_with("arn:aws:"),
        "{r}"
    );
    assert_eq!(r["tenants"], serde_json::json!(["clinic-a"]));
    assert_eq!(r["result"]["status"], "ok");
    assert_eq!(r["result"]["exit_code"], 0);
    let planned = r["planned"].as_array().unwrap();
    assert!(
        planned
            .iter()
            .any(|c| c["resource"] == "cognito:user/a@clinic-a.example"),
        "{r}"
    );
    assert_eq!(r["applied"], planned.len());
    assert_eq!(r["tenantctl_version"], env!("CARGO_PKG_VERSION"));
    assert!(
        r["duration_ms"].as_u64().is_some()
            && r["started_at"].as_str().is_some()
            && r["id"].as_str().is_some()
    );
    assert!(
        r["command_line"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "onboard"),
        "{r}"
    );
    assert!(
        r["aws"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["service"] == "cognito-idp"),
        "{r}"
    );
    // Never secrets: the credentials are in the environment and must appear nowhere.
    let text = serde_json::to_string(&recs).unwrap();
    assert!(
        !text.contains("\"testing\"") && !text.contains("SECRET"),
        "{text}"
    );

    // A refused command (exit 2) changed nothing: logged locally, nothing written to AWS.
    // (`--audit-log` before the command: where it was before it moved to the mutating
    // commands, still accepted for existing scripts.)
    let (code, _, err) = env.run(&[
        "--audit-log",
        &log_s,
        "tenant",
        "onboard",
        "clinic-a",
        "--tier",
        "premium",
    ]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(audit_records(&sdk, &env).len(), 2);
    let last: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(&log)
            .unwrap()
            .lines()
            .last()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(last["result"]["status"], "failed");
    assert_eq!(last["result"]["exit_code"], 2);
    assert_eq!(last["applied"], 0);

    // A failed command that reached AWS is recorded with its exit code (lease held: exit 3).
    let sdk2 = &sdk;
    put_lease(sdk2, &env, "clinic-a", other_operator(90, None, 1));
    let (code, _, _) = env.run(&["user", "add", "clinic-a", "z@clinic-a.example"]);
    assert_eq!(code, 3);
    let recs = audit_records(&sdk, &env);
    let failed = recs
        .iter()
        .find(|r| r["command"] == "user add clinic-a")
        .expect("record of the refused command");
    assert_eq!(failed["result"]["status"], "failed");
    assert_eq!(failed["result"]["exit_code"], 3);
    assert!(
        failed["result"]["error"]
            .as_str()
            .unwrap()
            .contains("is being changed by"),
        "{failed}"
    );
}

#[test]
fn a_failed_audit_write_warns_and_keeps_the_commands_result() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    env.ok(&["tenant", "onboard", "clinic-a", "--tier", "basic"]);
    let suspend = [
        "tenant",
        "suspend",
        "clinic-a",
        "--reason",
        "audit test",
        "--yes",
    ];
    env.ok(&suspend);
    // The archive bucket disappears (emptied first: it holds init's record).
    let versions = sdk
        .rt
        .block_on(
            sdk.s3
                .list_object_versions()
                .bucket(env.archive_bucket())
                .send(),
        )
        .unwrap();
    for v in versions.versions() {
        sdk.rt
            .block_on(
                sdk.s3
                    .delete_object()
                    .bucket(env.archive_bucket())
                    .key(v.key().unwrap())
                    .version_id(v.version_id().unwrap())
                    .send(),
            )
            .unwrap();
    }
    sdk.rt
        .block_on(sdk.s3.delete_bucket().bucket(env.archive_bucket()).send())
        .unwrap();
    let log = env.dir.path().join("audit.jsonl");
    // A command that does not itself write to the archive bucket: the suspension again, with
    // nothing left to change (every record and membership write also writes the registry
    // index there).
    let log_arg = ["--audit-log", log.to_str().unwrap()];
    let (_, err) = env.ok(&[&log_arg[..], &suspend[..]].concat());
    assert!(err.contains("audit record not written to s3://"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&log).unwrap().lines().count(),
        1,
        "the local copy is still written"
    );
    let rec = sdk
        .param(&format!("/{}/tenants/clinic-a/record", env.ns))
        .unwrap();
    assert!(rec.contains("\"suspended\""), "{rec}");
}
