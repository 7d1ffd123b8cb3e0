//! `[bedrock] create_projects`: onboarding gives a tenant its own Bedrock project (cost
//! attribution), idempotently and resumably. Cognito, SSM, S3 and IAM are the emulator; the two
//! Bedrock control-plane calls, which the emulator lacks, go to a loopback stand-in
//! (tests/it/common/bedrock_stub.rs) through the standard `AWS_ENDPOINT_URL_BEDROCK`.

use crate::common::bedrock_stub::BedrockStub;
use crate::common::{Sdk, TestEnv, DEFAULT_TIERS};

fn env_with_projects() -> TestEnv {
    TestEnv::with_tiers(&format!(
        "[bedrock]\ncreate_projects = true\n{DEFAULT_TIERS}"
    ))
}

fn run(env: &TestEnv, stub: &BedrockStub, args: &[&str]) -> (i32, String, String) {
    let out = env
        .cmd()
        .env("AWS_ENDPOINT_URL_BEDROCK", stub.url())
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok(env: &TestEnv, stub: &BedrockStub, args: &[&str]) -> (String, String) {
    let (code, out, err) = run(env, stub, args);
    assert_eq!(code, 0, "tenantctl {args:?} exited {code}\n{out}\n{err}");
    (out, err)
}

fn record(env: &TestEnv, sdk: &Sdk, t: &str) -> serde_json::Value {
    serde_json::from_str(
        &sdk.param(&format!("/{}/tenants/{t}/record", env.ns))
            .expect("record"),
    )
    .unwrap()
}

/// How many calls the stand-in answered whose request line starts with `prefix`.
fn calls(stub: &BedrockStub, prefix: &str) -> usize {
    stub.calls()
        .iter()
        .filter(|c| c.starts_with(prefix))
        .count()
}

fn creates(stub: &BedrockStub) -> usize {
    calls(stub, "POST /projects")
}

#[test]
fn onboarding_creates_one_project_per_tenant_and_reuses_it() {
    let stub = BedrockStub::start();
    // Other people's projects, so the lookup has to page (the stand-in pages by two).
    for n in ["analytics", "search-prod", "search-dev"] {
        stub.add(n);
    }
    let env = env_with_projects();
    let sdk = Sdk::new();
    env.init();
    let name = format!("{}_clinic-p", env.ns);

    // Dry run: planned, not created.
    let (out, _) = ok(
        &env,
        &stub,
        &[
            "tenant",
            "onboard",
            "clinic-p",
            "--tier",
            "premium",
            "--user",
            "dr@clinic-p.example",
            "--dry-run",
        ],
    );
    assert!(out.contains(&format!("bedrock:project/{name}")), "{out}");
    assert_eq!(creates(&stub), 0);
    assert!(sdk
        .param(&format!("/{}/tenants/clinic-p/record", env.ns))
        .is_none());

    ok(
        &env,
        &stub,
        &[
            "tenant",
            "onboard",
            "clinic-p",
            "--tier",
            "premium",
            "--user",
            "dr@clinic-p.example",
        ],
    );
    let mine: Vec<_> = stub
        .projects()
        .into_iter()
        .filter(|p| p.name == name)
        .collect();
    assert_eq!(mine.len(), 1, "{mine:?}");
    let tags = &mine[0].tags;
    for (k, v) in [
        ("ClinicId", "clinic-p"),
        ("Tier", "premium"),
        ("tenantctl:namespace", env.ns.as_str()),
    ] {
        assert!(
            tags.iter().any(|(a, b)| a == k && b == v),
            "tag {k}={v} missing: {tags:?}"
        );
    }
    let rec = record(&env, &sdk, "clinic-p");
    assert_eq!(rec["project_id"], mine[0].id.as_str());
    assert_eq!(rec["project_id_source"], "created");
    assert_eq!(rec["status"], "active");
    assert_eq!(
        sdk.param(&format!("/{}/tenants/clinic-p/project-id", env.ns))
            .as_deref(),
        Some(mine[0].id.as_str())
    );

    // Again: nothing to do, no second project, no lookup either (the record has its id).
    let before = stub.calls().len();
    let (_, err) = ok(
        &env,
        &stub,
        &[
            "tenant",
            "onboard",
            "clinic-p",
            "--tier",
            "premium",
            "--user",
            "dr@clinic-p.example",
        ],
    );
    assert!(err.contains("0 changes planned"), "{err}");
    assert_eq!(creates(&stub), 1);
    assert_eq!(stub.calls().len(), before, "{:?}", stub.calls());

    // --project-id wins: no project is created.
    ok(
        &env,
        &stub,
        &[
            "tenant",
            "onboard",
            "clinic-f",
            "--tier",
            "basic",
            "--project-id",
            "given-1",
        ],
    );
    assert_eq!(creates(&stub), 1);
    assert_eq!(record(&env, &sdk, "clinic-f")["project_id_source"], "flag");
}

#[test]
fn a_run_killed_after_creating_the_project_adopts_it() {
    let stub = BedrockStub::start();
    let env = env_with_projects();
    let sdk = Sdk::new();
    env.init();
    // What a run killed right after CreateProject leaves: the project, no record.
    let id = stub.add(&format!("{}_clinic-q", env.ns));
    ok(
        &env,
        &stub,
        &["tenant", "onboard", "clinic-q", "--tier", "basic"],
    );
    assert_eq!(creates(&stub), 0, "{:?}", stub.calls());
    assert_eq!(record(&env, &sdk, "clinic-q")["project_id"], id.as_str());
    assert_eq!(
        sdk.param(&format!("/{}/tenants/clinic-q/project-id", env.ns))
            .as_deref(),
        Some(id.as_str())
    );
}

#[test]
fn two_projects_of_the_tenants_name_stop_onboarding_before_any_write() {
    let stub = BedrockStub::start();
    let env = env_with_projects();
    let sdk = Sdk::new();
    env.init();
    let a = stub.add(&format!("{}_clinic-r", env.ns));
    let b = stub.add(&format!("{}_clinic-r", env.ns));
    let (code, _, err) = run(
        &env,
        &stub,
        &[
            "tenant",
            "onboard",
            "clinic-r",
            "--tier",
            "basic",
            "--user",
            "x@clinic-r.example",
        ],
    );
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("2 Bedrock projects are named") && err.contains(&a) && err.contains(&b),
        "{err}"
    );
    assert!(sdk
        .param(&format!("/{}/tenants/clinic-r/record", env.ns))
        .is_none());
    assert_eq!(creates(&stub), 0);
}

#[test]
fn bedrock_errors_are_reported_with_the_operation() {
    let stub = BedrockStub::start();
    let env = env_with_projects();
    env.init();
    // An endpoint where the API is not: the failing call is named, exit 3, nothing written.
    let out = env
        .cmd()
        .env(
            "AWS_ENDPOINT_URL_BEDROCK",
            format!("{}/nowhere", stub.url()),
        )
        .args(["tenant", "onboard", "clinic-s", "--tier", "basic"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("bedrock:ListProjects"), "{err}");
}

/// The Bedrock project calls follow the same retry flags as every SDK client and are counted
/// in the call statistics: a throttled call is retried (and shown under `-v`), and
/// `--max-attempts` bounds it.
#[test]
fn bedrock_calls_follow_the_retry_flags_and_are_counted() {
    let stub = BedrockStub::start();
    let env = env_with_projects();
    env.init();
    stub.throttle(2);
    let (_, err) = ok(
        &env,
        &stub,
        &["-v", "tenant", "onboard", "clinic-t", "--tier", "basic"],
    );
    let line = err
        .lines()
        .find(|l| l.contains("bedrock:") && l.contains("attempt"))
        .unwrap_or_else(|| panic!("no bedrock statistics under -v:\n{err}"));
    assert!(line.contains("2 throttled"), "{line}");
    // Throttled past --max-attempts: the call fails after exactly two attempts, naming the
    // operation and the throttling.
    stub.throttle(10);
    let before = stub.calls().len();
    let (code, _, err) = run(
        &env,
        &stub,
        &[
            "--max-attempts",
            "2",
            "tenant",
            "onboard",
            "clinic-u",
            "--tier",
            "basic",
        ],
    );
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("bedrock:") && err.contains("Throttl"), "{err}");
    assert_eq!(stub.calls().len() - before, 2, "{:?}", stub.calls());
}

/// Planning a bulk onboarding lists the account's projects once, not once per tenant; each new
/// tenant looks its name up again under its lease, right before creating (another run may have
/// created it since). A second run plans nothing and lists nothing.
#[test]
fn bulk_onboarding_lists_projects_once_for_planning() {
    let stub = BedrockStub::start();
    // Three of other people's projects: every listing is two pages (the stand-in pages by two).
    for n in ["analytics", "search-prod", "search-dev"] {
        stub.add(n);
    }
    let env = env_with_projects();
    env.init();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tenants.csv");
    std::fs::write(
        &file,
        "tenant,tier,users\nclinic-b1,basic,\nclinic-b2,basic,\nclinic-b3,premium,\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    ok(&env, &stub, &["tenant", "onboard", "--from", file]);
    assert_eq!(creates(&stub), 3, "{:?}", stub.calls());
    // Planning: one listing of 3 projects (2 pages). Under the leases: 3 fresh lookups, of
    // 3 + 0..2 projects (2 or 3 pages each, as the others' creations land).
    let n = calls(&stub, "GET /projects");
    assert!(
        (8..=9).contains(&n),
        "{n} ListProjects calls: {:?}",
        stub.calls()
    );

    let before = stub.calls().len();
    ok(&env, &stub, &["tenant", "onboard", "--from", file]);
    assert_eq!(stub.calls().len(), before, "{:?}", &stub.calls()[before..]);
}
