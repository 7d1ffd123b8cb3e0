//! Online isolation validation and drift against the emulator. The emulator does not evaluate
//! ABAC; these tests check that the policies are read back from the account (URL-encoded by
//! IAM) and judged by tenantctl's own evaluator — a tampered policy must be caught. Also the
//! AWS managed policies those evaluations use: `policy managed-snapshot` reads them back.

use crate::common::{self, Sdk, TestEnv};

fn onboarded() -> (TestEnv, Sdk) {
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
        "dr@clinic-a.example",
    ]);
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-e",
        "--tier",
        "premium",
        "--user",
        "dr@clinic-e.example",
    ]);
    env.ok(&[
        "tenant",
        "onboard",
        "hospital-a",
        "--tier",
        "enterprise",
        "--user",
        "cio@hospital-a.example",
    ]);
    (env, sdk)
}

#[test]
fn deployed_policies_are_isolated_and_reports_are_written() {
    let (env, _sdk) = onboarded();
    let junit = env.dir.path().join("i.xml");
    let sarif = env.dir.path().join("i.sarif");
    let (out, err) = env.ok(&[
        "validate",
        "isolation",
        "--junit",
        junit.to_str().unwrap(),
        "--sarif",
        sarif.to_str().unwrap(),
    ]);
    assert!(err.contains("isolated:"), "{out}{err}");
    assert!(out.contains("| 3 "), "three registry tenants: {out}");
    assert!(std::fs::read_to_string(&junit)
        .unwrap()
        .contains("failures=\"0\""));
    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(s["runs"][0]["results"].as_array().unwrap().len(), 0);
    // JSON output is the report; the dedicated role of the siloed tenant was read and checked.
    let (out, _) = env.ok(&["validate", "isolation", "--output", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["isolated"], true);
    assert!(
        v["summary"]["sessions"].as_u64().unwrap() >= 3 + 1 + 4,
        "{v}"
    );
    // --tenant narrows to pairs involving that tenant.
    let (out, _) = env.ok(&[
        "validate",
        "isolation",
        "--tenant",
        "clinic-e",
        "--output",
        "json",
    ]);
    let w: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(w["summary"]["ordered_pairs"].as_u64() < v["summary"]["ordered_pairs"].as_u64());
    let (code, _, err) = env.run(&["validate", "isolation", "--tenant", "nobody-here"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn a_widened_deployed_policy_is_caught_with_the_statement() {
    let (env, sdk) = onboarded();
    let role = format!("{}_tvm", env.ns);
    let wide = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"OopsWholeBucket","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::{}/*"}}]}}"#,
        env.data_bucket()
    );
    sdk.rt
        .block_on(
            sdk.iam
                .put_role_policy()
                .role_name(&role)
                .policy_name("debugging")
                .policy_document(wide)
                .send(),
        )
        .unwrap();
    let (code, out, err) = env.run(&["validate", "isolation"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("TI001")
            && out.contains("OopsWholeBucket")
            && out.contains("inline/debugging"),
        "{out}"
    );
    // Onboarding another tenant is now refused activation: it stays pending, exit 1.
    let (code, _, err) = env.run(&["tenant", "onboard", "clinic-b", "--tier", "basic"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("isolation not proven"), "{err}");
    let rec: serde_json::Value = serde_json::from_str(
        &sdk.param(&format!("/{}/tenants/clinic-b/record", env.ns))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(rec["status"], "pending");
    // Drift sees the foreign policy too.
    let (code, out, _) = env.run(&["validate", "drift"]);
    assert_eq!(code, 1);
    assert!(out.contains("TD007"), "{out}");
    // Removing it lets the same onboarding command finish.
    sdk.rt
        .block_on(
            sdk.iam
                .delete_role_policy()
                .role_name(&role)
                .policy_name("debugging")
                .send(),
        )
        .unwrap();
    env.ok(&["tenant", "onboard", "clinic-b", "--tier", "basic"]);
    let rec: serde_json::Value = serde_json::from_str(
        &sdk.param(&format!("/{}/tenants/clinic-b/record", env.ns))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(rec["status"], "active");
}

#[test]
fn a_bucket_policy_granting_the_tvm_role_directly_is_caught() {
    let (env, sdk) = onboarded();
    let doc = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"LegacyReadAll","Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::123456789012:role/{ns}/{ns}_tvm"}},"Action":"s3:GetObject","Resource":"arn:aws:s3:::{}/*"}}]}}"#,
        env.data_bucket(),
        ns = env.ns
    );
    // A bucket policy naming the role (not the account root) grants access by itself in the
    // same account, bypassing the identity policy's tenant scoping.
    sdk.rt
        .block_on(
            sdk.s3
                .put_bucket_policy()
                .bucket(env.data_bucket())
                .policy(doc)
                .send(),
        )
        .unwrap();
    let (code, out, _) = env.run(&["validate", "isolation"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("LegacyReadAll") && out.contains("TI001"),
        "{out}"
    );
    // Naming the account root only delegates to identity policies: no finding (AWS semantics).
    let root = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"AccountDelegation","Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::123456789012:root"}},"Action":"s3:GetObject","Resource":"arn:aws:s3:::{}/*"}}]}}"#,
        env.data_bucket()
    );
    sdk.rt
        .block_on(
            sdk.s3
                .put_bucket_policy()
                .bucket(env.data_bucket())
                .policy(root)
                .send(),
        )
        .unwrap();
    env.ok(&["validate", "isolation"]);
}

#[test]
fn drift_finds_mismatched_users_and_orphans() {
    let (env, sdk) = onboarded();
    let (_, err) = env.ok(&["validate", "drift"]);
    assert!(err.contains("no drift"), "{err}");
    let pool = sdk.pool_id(&format!("{}-users", env.ns)).unwrap();
    let attr = |n: &str, v: &str| {
        aws_sdk_cognitoidentityprovider::types::AttributeType::builder()
            .name(n)
            .value(v)
            .build()
            .unwrap()
    };
    sdk.rt
        .block_on(
            sdk.cognito
                .admin_update_user_attributes()
                .user_pool_id(&pool)
                .username("dr@clinic-a.example")
                .user_attributes(attr("custom:tier", "premium"))
                .send(),
        )
        .unwrap();
    sdk.rt
        .block_on(
            sdk.cognito
                .admin_create_user()
                .user_pool_id(&pool)
                .username("ghost@nowhere.example")
                .user_attributes(attr("custom:clinic_id", "clinic-zz"))
                .message_action(aws_sdk_cognitoidentityprovider::types::MessageActionType::Suppress)
                .send(),
        )
        .unwrap();
    sdk.rt
        .block_on(
            sdk.ssm
                .put_parameter()
                .name(format!("/{}/tenants/clinic-zz/project-id", env.ns))
                .value("x")
                .r#type(aws_sdk_ssm::types::ParameterType::String)
                .send(),
        )
        .unwrap();
    sdk.rt
        .block_on(
            sdk.s3
                .put_object()
                .bucket(env.data_bucket())
                .key("basic/clinic-zz/notes.txt")
                .body(aws_sdk_s3::primitives::ByteStream::from_static(b"x"))
                .send(),
        )
        .unwrap();
    let junit = env.dir.path().join("d.xml");
    let (code, out, _) = env.run(&[
        "validate",
        "drift",
        "--output",
        "json",
        "--junit",
        junit.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    for r in ["TD001", "TD002", "TD004", "TD006"] {
        assert!(rules.contains(&r), "{r} missing: {out}");
    }
    assert!(std::fs::read_to_string(&junit)
        .unwrap()
        .contains("TD001 user-claim-mismatch"));
}

#[test]
fn live_probe_mechanics_and_cleanup() {
    // The emulator cannot enforce ABAC, so every cross-tenant probe "succeeds" there: this test
    // checks the mechanics (assume with tags, probe, report TI030, remove every canary).
    let (env, sdk) = onboarded();
    let (code, out, err) = env.run(&["validate", "isolation", "--live"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("TI030") && err.contains("cross-tenant probe(s) over 3 tenant(s)"),
        "{out}{err}"
    );
    let left: Vec<String> = sdk
        .objects(&env.data_bucket(), "")
        .into_keys()
        .filter(|k| k.contains("live-canary"))
        .collect();
    assert!(left.is_empty(), "canaries left behind: {left:?}");
    let versions = sdk
        .rt
        .block_on(
            sdk.s3
                .list_object_versions()
                .bucket(env.data_bucket())
                .send(),
        )
        .unwrap();
    assert!(!versions
        .versions
        .unwrap_or_default()
        .iter()
        .any(|v| v.key().unwrap_or("").contains("live-canary")));
}

#[test]
fn drift_explains_users_moved_by_a_set_tier_in_progress() {
    let (env, sdk) = onboarded();
    // set-tier stopped after moving the users, before the record shows the new tier.
    let out = env
        .cmd()
        .env("TENANTCTL_TEST_ABORT_AFTER_STEP", "set-tier:users-updated")
        .args(["tenant", "set-tier", "clinic-a", "premium", "--yes"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(137),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rec: serde_json::Value = serde_json::from_str(
        &sdk.param(&format!("/{}/tenants/clinic-a/record", env.ns))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(rec["tier"], "basic", "{rec}");
    assert_eq!(rec["journal"]["operation"], "set-tier", "{rec}");
    // A user on neither tier of the move is still drift.
    let pool = sdk.pool_id(&format!("{}-users", env.ns)).unwrap();
    let attr = |n: &str, v: &str| {
        aws_sdk_cognitoidentityprovider::types::AttributeType::builder()
            .name(n)
            .value(v)
            .build()
            .unwrap()
    };
    sdk.rt
        .block_on(
            sdk.cognito
                .admin_create_user()
                .user_pool_id(&pool)
                .username("odd@clinic-a.example")
                .user_attributes(attr("custom:clinic_id", "clinic-a"))
                .user_attributes(attr("custom:tier", "enterprise"))
                .message_action(aws_sdk_cognitoidentityprovider::types::MessageActionType::Suppress)
                .send(),
        )
        .unwrap();
    let (code, out, err) = env.run(&["validate", "drift", "--output", "json"]);
    assert_eq!(code, 1, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let td001: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "TD001")
        .map(|f| f["subject"].as_str().unwrap())
        .collect();
    assert_eq!(td001, ["cognito:user/odd@clinic-a.example"], "{out}");
    let notes = v["notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n.as_str().unwrap().contains("dr@clinic-a.example")
                && n.as_str()
                    .unwrap()
                    .contains("set-tier basic -> premium in progress")),
        "{out}"
    );
    // Human output explains it too; once the move is finished there is nothing to explain.
    let (_, _, err) = env.run(&["validate", "drift"]);
    assert!(err.contains("in progress"), "{err}");
    sdk.rt
        .block_on(
            sdk.cognito
                .admin_delete_user()
                .user_pool_id(&pool)
                .username("odd@clinic-a.example")
                .send(),
        )
        .unwrap();
    env.ok(&["tenant", "set-tier", "clinic-a", "premium", "--yes"]);
    let (out, _) = env.ok(&["validate", "drift", "--output", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        v["clean"] == true && v["notes"].as_array().unwrap().is_empty(),
        "{out}"
    );
}

/// `policy managed-snapshot` against a dedicated emulator (the shared one does not serve AWS
/// managed policies): the file is a loadable snapshot holding the real document; an existing
/// file is kept without --force (exit 2); an ARN that names no policy is bad input (exit 2:
/// the argument is wrong, not the environment) and writes nothing.
#[test]
fn managed_snapshot_reads_aws_managed_policies_from_the_account() {
    use tenantctl::policy::managed::Snapshot;
    let emulator = common::dedicated_emulator(&[("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")]);
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = common::tenantctl_at(&emulator.endpoint, dir.path())
            .args(["policy", "managed-snapshot"])
            .args(args)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        (out.status.code().unwrap_or(-1), err)
    };
    let arn = "arn:aws:iam::aws:policy/BedrockAgentCoreFullAccess";
    let path = dir.path().join("snap.jsonl");
    let before = chrono::Utc::now().date_naive().to_string();
    let (code, err) = run(&["--arn", arn, "--out", "snap.jsonl"]);
    let after = chrono::Utc::now().date_naive().to_string();
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("1 AWS managed policy written to snap.jsonl"),
        "{err}"
    );

    // The file itself: a header and one line, as documented.
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{text}");
    let header = &lines[0];
    assert_eq!(header["snapshot"], "aws-managed-policies");
    assert!(
        header["taken"] == before || header["taken"] == after,
        "{header}"
    );
    assert_eq!(
        header["source"],
        format!("account {} via iam:GetPolicyVersion", common::ACCOUNT)
    );
    assert_eq!(header["count"], 1);
    assert_eq!(lines[1]["arn"], arn);
    assert!(lines[1]["version"].as_str().unwrap().starts_with('v'));
    let stmts = lines[1]["document"]["Statement"].as_array().unwrap();
    assert!(
        stmts.iter().any(
            |s| s["Action"].to_string().contains("\"bedrock-agentcore:*\"")
                && s["Resource"] == "arn:aws:bedrock-agentcore:*:*:*"
        ),
        "{text}"
    );
    // ... and the same through the loader the isolation validator uses.
    let snap = Snapshot::load(&path).unwrap();
    assert_eq!(snap.len(), 1);
    assert_eq!(snap.get(arn).unwrap().document, lines[1]["document"]);

    let (code, err) = run(&["--arn", arn, "--out", "snap.jsonl"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("exists") && err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    let (code, err) = run(&["--arn", arn, "--out", "snap.jsonl", "--force"]);
    assert_eq!(code, 0, "{err}");

    let missing = "arn:aws:iam::aws:policy/NoSuchManagedPolicy";
    let (code, err) = run(&["--arn", missing, "--out", "missing.jsonl"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!("no AWS managed policy {missing}")),
        "{err}"
    );
    assert!(!dir.path().join("missing.jsonl").exists());
}
