//! Foundation, end to end against the emulator: init, onboard (single and bulk), idempotence,
//! drift repair, bad input, dry-run. State is verified through the AWS APIs directly.

use crate::common::{self, snapshot, Sdk, TestEnv};

#[test]
fn init_is_idempotent_and_builds_the_platform() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    let (_, err) = env.ok(&["init"]);
    assert!(err.contains("change"), "{err}");
    // Verified through AWS, not tenantctl output.
    assert!(sdk.bucket_exists(&env.data_bucket()));
    assert!(sdk.bucket_exists(&env.archive_bucket()));
    let ver = sdk
        .rt
        .block_on(
            sdk.s3
                .get_bucket_versioning()
                .bucket(env.data_bucket())
                .send(),
        )
        .unwrap();
    assert_eq!(ver.status.unwrap().as_str(), "Enabled");
    let pab = sdk
        .rt
        .block_on(
            sdk.s3
                .get_public_access_block()
                .bucket(env.archive_bucket())
                .send(),
        )
        .unwrap();
    assert_eq!(
        pab.public_access_block_configuration
            .unwrap()
            .block_public_policy,
        Some(true)
    );
    assert_eq!(
        sdk.param(&format!("/{}/tiers/premium/model-id", env.ns))
            .as_deref(),
        Some("openai.gpt-oss-120b-1:0")
    );
    assert_eq!(
        sdk.param(&format!("/{}/tiers/premium/features", env.ns))
            .as_deref(),
        Some(r#"["web_search"]"#)
    );
    let pool = sdk
        .pool_id(&format!("{}-users", env.ns))
        .expect("pool created");
    assert_eq!(
        sdk.param(&format!("/{}/platform/user-pool-id", env.ns))
            .as_deref(),
        Some(pool.as_str())
    );
    let desc = sdk
        .rt
        .block_on(sdk.cognito.describe_user_pool().user_pool_id(&pool).send())
        .unwrap();
    let attrs: Vec<String> = desc
        .user_pool
        .unwrap()
        .schema_attributes
        .unwrap()
        .into_iter()
        .filter_map(|a| a.name)
        .collect();
    assert!(attrs.iter().any(|a| a.ends_with("clinic_id")), "{attrs:?}");
    assert!(attrs.iter().any(|a| a.ends_with("tier")), "{attrs:?}");
    // App client cannot write the tenant claims.
    let clients = sdk
        .rt
        .block_on(
            sdk.cognito
                .list_user_pool_clients()
                .user_pool_id(&pool)
                .send(),
        )
        .unwrap();
    let cid = clients.user_pool_clients.unwrap()[0]
        .client_id
        .clone()
        .unwrap();
    let c = sdk
        .rt
        .block_on(
            sdk.cognito
                .describe_user_pool_client()
                .user_pool_id(&pool)
                .client_id(cid)
                .send(),
        )
        .unwrap();
    let writes = c.user_pool_client.unwrap().write_attributes.unwrap();
    assert!(
        !writes.is_empty() && !writes.iter().any(|w| w.starts_with("custom:")),
        "{writes:?}"
    );
    // TVM role with trust + ABAC policy (IAM returns them URL-encoded; read back semantically).
    let role = format!("{}_tvm", env.ns);
    let r = sdk
        .rt
        .block_on(sdk.iam.get_role().role_name(&role).send())
        .unwrap()
        .role
        .unwrap();
    let trust =
        tenantctl::aws::iam::decode_policy(r.assume_role_policy_document.as_deref().unwrap());
    assert!(
        trust.contains("aws:RequestTag/ClinicId")
            && trust.contains(&format!("role/{}-runtime", env.ns)),
        "{trust}"
    );
    let pol = sdk
        .rt
        .block_on(
            sdk.iam
                .get_role_policy()
                .role_name(&role)
                .policy_name(format!("{}_tvm_abac", env.ns))
                .send(),
        )
        .unwrap();
    let doc = tenantctl::aws::iam::decode_policy(&pol.policy_document);
    assert!(doc.contains("${aws:PrincipalTag/ClinicId}"), "{doc}");

    // Second run: zero changes, nothing written.
    let before = snapshot(&env, &sdk);
    let (_, err) = env.ok(&["init"]);
    assert!(err.contains("0 changes planned"), "{err}");
    assert_eq!(before, snapshot(&env, &sdk));
}

#[test]
fn init_dry_run_writes_nothing() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    let (out, err) = env.ok(&["init", "--dry-run"]);
    assert!(err.contains("would change"), "{err}");
    assert!(out.contains(&env.data_bucket()), "{out}");
    assert!(!sdk.bucket_exists(&env.data_bucket()));
    assert!(sdk.pool_id(&format!("{}-users", env.ns)).is_none());
    assert!(!sdk.role_exists(&format!("{}_tvm", env.ns)));
}

/// A `[naming]` table that declares another platform's contract is for assessing it: init
/// (even a dry run) and onboarding refuse with exit 2 and write nothing.
#[test]
fn a_foreign_naming_contract_is_never_provisioned() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    let cfg = std::fs::read_to_string(&env.config).unwrap();
    std::fs::write(
        &env.config,
        format!("{cfg}\n[naming]\nactor_id = \"{{tier}}-{{tenant}}-{{user}}\"\n"),
    )
    .unwrap();
    for args in [
        vec!["init", "--dry-run"],
        vec!["init"],
        vec![
            "tenant",
            "onboard",
            "clinic-a",
            "--tier",
            "basic",
            "--user",
            "dr@clinic-a.example",
        ],
    ] {
        let (code, _, err) = env.run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains("[naming]") && err.contains("validate isolation"),
            "{err}"
        );
    }
    assert!(!sdk.bucket_exists(&env.data_bucket()));
    assert!(!sdk.role_exists(&format!("{}_tvm", env.ns)));
}

#[test]
fn init_repairs_a_tampered_policy() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    let role = format!("{}_tvm", env.ns);
    let wide = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
    sdk.rt
        .block_on(
            sdk.iam
                .put_role_policy()
                .role_name(&role)
                .policy_name(format!("{}_tvm_abac", env.ns))
                .policy_document(wide)
                .send(),
        )
        .unwrap();
    let (out, _) = env.ok(&["init", "--dry-run"]);
    assert!(out.contains("ABAC policy differs"), "{out}");
    env.ok(&["init"]);
    let (_, err) = env.ok(&["init"]);
    assert!(err.contains("0 changes planned"), "{err}");
}

#[test]
fn onboard_then_verify_through_aws_and_rerun_is_noop() {
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
        "Dr.Ames@Clinic-A.example",
        "--user",
        "nurse@clinic-a.example",
    ]);
    let pool = sdk.pool_id(&format!("{}-users", env.ns)).unwrap();
    let users = sdk.users(&pool);
    let (enabled, attrs) = &users["dr.ames@clinic-a.example"];
    assert!(*enabled);
    assert_eq!(attrs["custom:clinic_id"], "clinic-a");
    assert_eq!(attrs["custom:tier"], "basic");
    assert_eq!(attrs["email"], "dr.ames@clinic-a.example");
    assert_eq!(users.len(), 2);
    let rec: serde_json::Value = serde_json::from_str(
        &sdk.param(&format!("/{}/tenants/clinic-a/record", env.ns))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(rec["status"], "active");
    assert_eq!(rec["tier"], "basic");
    assert_eq!(rec["project_id_source"], "tier");
    assert_eq!(
        sdk.param(&format!("/{}/tenants/clinic-a/project-id", env.ns))
            .as_deref(),
        Some("basic-proj")
    );
    assert!(sdk
        .objects(&env.data_bucket(), "basic/clinic-a/")
        .contains_key("basic/clinic-a/.tenantctl-prefix"));

    let before = snapshot(&env, &sdk);
    let (_, err) = env.ok(&[
        "tenant",
        "onboard",
        "clinic-a",
        "--tier",
        "basic",
        "--user",
        "dr.ames@clinic-a.example",
        "--user",
        "nurse@clinic-a.example",
    ]);
    assert!(err.contains("0 changes planned"), "{err}");
    assert_eq!(before, snapshot(&env, &sdk));

    // list/show read it back in every format.
    let (out, _) = env.ok(&["tenant", "list", "--output", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(rows[0]["tenant"], "clinic-a");
    assert_eq!(rows[0]["users"], 2);
    let (out, _) = env.ok(&["tenant", "list", "--output", "csv"]);
    assert!(out.starts_with("tenant,tier,status,users,project_id,project_id_source,data_prefix,created_at,updated_at\n"), "{out}");
    let (out, _) = env.ok(&["tenant", "show", "clinic-a"]);
    assert!(out.contains("nurse@clinic-a.example"), "{out}");
}

#[test]
fn project_id_flag_and_siloed_tier_role() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    env.ok(&[
        "tenant",
        "onboard",
        "hospital-a",
        "--tier",
        "enterprise",
        "--project-id",
        "proj-hosp-a",
        "--user",
        "cio@hospital-a.example",
    ]);
    let rec: serde_json::Value = serde_json::from_str(
        &sdk.param(&format!("/{}/tenants/hospital-a/record", env.ns))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(rec["project_id"], "proj-hosp-a");
    assert_eq!(rec["project_id_source"], "flag");
    let role = format!("{}.hospital-a", env.ns);
    assert!(sdk.role_exists(&role));
    let pol = sdk
        .rt
        .block_on(
            sdk.iam
                .get_role_policy()
                .role_name(&role)
                .policy_name(format!("{}.hospital-a.abac", env.ns))
                .send(),
        )
        .unwrap();
    let doc = tenantctl::aws::iam::decode_policy(&pol.policy_document);
    // Bound to the tenant literally (the Deny guards still key on the session tags).
    assert!(
        doc.contains("enterprise/hospital-a/*") && !doc.contains("${aws:PrincipalTag/ClinicId}/*"),
        "{doc}"
    );
    let (_, err) = env.ok(&[
        "tenant",
        "onboard",
        "hospital-a",
        "--tier",
        "enterprise",
        "--project-id",
        "proj-hosp-a",
    ]);
    assert!(err.contains("0 changes planned"), "{err}");
}

#[test]
fn attribute_drift_is_reported_and_fixed() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-b",
        "--tier",
        "basic",
        "--user",
        "dr.b@clinic-b.example",
    ]);
    let pool = sdk.pool_id(&format!("{}-users", env.ns)).unwrap();
    // Someone edits the tier by hand.
    sdk.rt
        .block_on(
            sdk.cognito
                .admin_update_user_attributes()
                .user_pool_id(&pool)
                .username("dr.b@clinic-b.example")
                .user_attributes(
                    aws_sdk_cognitoidentityprovider::types::AttributeType::builder()
                        .name("custom:tier")
                        .value("premium")
                        .build()
                        .unwrap(),
                )
                .send(),
        )
        .unwrap();
    let (out, _) = env.ok(&[
        "tenant",
        "onboard",
        "clinic-b",
        "--tier",
        "basic",
        "--user",
        "dr.b@clinic-b.example",
    ]);
    assert!(
        out.contains("custom:tier \"premium\" -> \"basic\""),
        "{out}"
    );
    assert_eq!(
        sdk.users(&pool)["dr.b@clinic-b.example"].1["custom:tier"],
        "basic"
    );
}

#[test]
fn bulk_onboard_fifty_tenants() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    let mut csv = String::from("tenant,tier,users\n");
    for i in 0..50 {
        let tier = if i % 2 == 0 { "basic" } else { "premium" };
        csv += &format!("clinic-{i:03},{tier},dr{i}@c{i}.example;nurse{i}@c{i}.example\n");
    }
    let f = env.write("tenants.csv", &csv);
    env.ok(&[
        "tenant",
        "onboard",
        "--from",
        f.to_str().unwrap(),
        "--concurrency",
        "8",
    ]);
    let pool = sdk.pool_id(&format!("{}-users", env.ns)).unwrap();
    let users = sdk.users(&pool);
    assert_eq!(users.len(), 100);
    assert_eq!(
        users["nurse7@c7.example"].1["custom:clinic_id"],
        "clinic-007"
    );
    assert_eq!(users["nurse7@c7.example"].1["custom:tier"], "premium");
    let params = sdk.params(&format!("/{}/tenants", env.ns));
    let records: Vec<_> = params
        .iter()
        .filter(|(k, _)| k.ends_with("/record"))
        .collect();
    assert_eq!(records.len(), 50);
    assert!(records
        .iter()
        .all(|(_, v)| v.contains("\"status\":\"active\"")));
    let (_, err) = env.ok(&["tenant", "onboard", "--from", f.to_str().unwrap()]);
    assert!(err.contains("0 changes planned"), "{err}");
}

#[test]
fn bad_input_exits_2_and_writes_nothing() {
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
    ]);
    let before = snapshot(&env, &sdk);
    let dup = env.write("dup.json", r#"[{"tenant":"clinic-x","tier":"basic","users":["u@x.example"]},{"tenant":"clinic-x","tier":"basic"}]"#);
    let cross = env.write(
        "cross.csv",
        "tenant,tier,users\nclinic-y,basic,u@y.example\nclinic-z,basic,u@y.example\n",
    );
    let badcol = env.write(
        "badcol.csv",
        "tenant,tier,userz\nclinic-y,basic,u@y.example\n",
    );
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["tenant", "onboard", "Clinic-A", "--tier", "basic"],
            "tenant id",
        ),
        (
            vec!["tenant", "onboard", "clinic/a", "--tier", "basic"],
            "tenant id",
        ),
        (
            vec!["tenant", "onboard", "clinic-*", "--tier", "basic"],
            "tenant id",
        ),
        (
            vec!["tenant", "onboard", "c${x}", "--tier", "basic"],
            "tenant id",
        ),
        (vec!["tenant", "onboard", "ab", "--tier", "basic"], "3-48"),
        (
            vec!["tenant", "onboard", "clinic-q", "--tier", "gold"],
            "unknown tier",
        ),
        (
            vec![
                "tenant",
                "onboard",
                "clinic-q",
                "--tier",
                "basic",
                "--user",
                "not-an-email",
            ],
            "email",
        ),
        (
            vec![
                "tenant",
                "onboard",
                "clinic-q",
                "--tier",
                "basic",
                "--user",
                "a*b@x.example",
            ],
            "email",
        ),
        (
            vec![
                "tenant",
                "onboard",
                "clinic-q",
                "--tier",
                "basic",
                "--project-id",
                "p/q",
            ],
            "project id",
        ),
        (
            vec!["tenant", "onboard", "--from", dup.to_str().unwrap()],
            "appears twice",
        ),
        (
            vec!["tenant", "onboard", "--from", cross.to_str().unwrap()],
            "exactly one tenant",
        ),
        (
            vec!["tenant", "onboard", "--from", badcol.to_str().unwrap()],
            "unknown column",
        ),
        (
            vec!["tenant", "onboard", "--from", "/nonexistent/file.csv"],
            "cannot read",
        ),
        // Existing state conflicts: refused before any write.
        (
            vec!["tenant", "onboard", "clinic-a", "--tier", "premium"],
            "set-tier",
        ),
        (
            vec![
                "tenant",
                "onboard",
                "clinic-q",
                "--tier",
                "basic",
                "--user",
                "a@clinic-a.example",
            ],
            "belongs to tenant clinic-a",
        ),
        (vec!["tenant", "show", "nobody-here"], "unknown tenant"),
    ];
    for (args, words) in cases {
        let (code, _out, err) = env.run(&args);
        assert_eq!(code, 2, "{args:?}: exit {code}, stderr: {err}");
        assert!(
            err.contains(words),
            "{args:?}: stderr lacks {words:?}: {err}"
        );
        assert_eq!(
            err.trim()
                .lines()
                .filter(|l| l.starts_with("error:"))
                .count(),
            1,
            "{err}"
        );
        assert_eq!(before, snapshot(&env, &sdk), "{args:?} wrote to AWS");
    }
}

#[test]
fn bad_config_exits_2_naming_file_and_key() {
    let env = TestEnv::new();
    std::fs::write(
        &env.config,
        TestEnv::config_text(&env.ns, common::DEFAULT_TIERS)
            .replace("[tvm]", "colour = \"red\"\n[tvm]"),
    )
    .unwrap();
    let (code, _, err) = env.run(&["init"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("tenantctl.toml") && err.contains("key `buckets.colour`"),
        "{err}"
    );
    std::fs::write(
        &env.config,
        TestEnv::config_text(&env.ns, common::DEFAULT_TIERS)
            .replace("deployment = \"siloed\"", "deployment = \"shared\""),
    )
    .unwrap();
    let (code, _, err) = env.run(&["init"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("tenantctl.toml")
            && err.contains("key `tiers.enterprise.deployment`")
            && err.contains("shared"),
        "{err}"
    );
}

#[test]
fn onboard_dry_run_writes_nothing() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    let before = snapshot(&env, &sdk);
    let (out, err) = env.ok(&[
        "tenant",
        "onboard",
        "clinic-d",
        "--tier",
        "premium",
        "--user",
        "x@clinic-d.example",
        "--dry-run",
    ]);
    assert!(
        out.contains("cognito:user/x@clinic-d.example") && err.contains("would change"),
        "{out}{err}"
    );
    assert_eq!(before, snapshot(&env, &sdk));
}

#[test]
fn commands_before_init_say_so() {
    let env = TestEnv::new();
    let (code, _, err) = env.run(&["tenant", "onboard", "clinic-a", "--tier", "basic"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("tenantctl init"), "{err}");
}

/// Adopting an existing pool (`cognito.user_pool_id`): the custom attributes are added where
/// missing, and an app client of someone else's that can write the tenant claims is a finding
/// (exit 1) until its owner fixes it; init never rewrites it.
#[test]
fn adopting_a_pool_adds_the_claims_and_flags_clients_that_can_write_them() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    let pool = sdk
        .rt
        .block_on(
            sdk.cognito
                .create_user_pool()
                .pool_name(format!("{}-existing", env.ns))
                .send(),
        )
        .unwrap()
        .user_pool
        .unwrap()
        .id
        .unwrap();
    // No write attributes listed: every attribute is writable, the claims included.
    let client = sdk
        .rt
        .block_on(
            sdk.cognito
                .create_user_pool_client()
                .user_pool_id(&pool)
                .client_name("legacy-web")
                .send(),
        )
        .unwrap()
        .user_pool_client
        .unwrap()
        .client_id
        .unwrap();
    let text = std::fs::read_to_string(&env.config).unwrap().replace(
        "[cognito]\n",
        &format!("[cognito]\nuser_pool_id = \"{pool}\"\n"),
    );
    std::fs::write(&env.config, text).unwrap();

    let (code, out, err) = env.run(&["init"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains(&format!("legacy-web ({client})"))
            && err.contains("can write custom:tier/custom:clinic_id"),
        "{err}"
    );
    assert!(
        out.contains("add custom attributes custom:tier, custom:clinic_id"),
        "{out}"
    );
    let attrs: Vec<String> = sdk
        .rt
        .block_on(sdk.cognito.describe_user_pool().user_pool_id(&pool).send())
        .unwrap()
        .user_pool
        .unwrap()
        .schema_attributes
        .unwrap_or_default()
        .into_iter()
        .filter_map(|a| a.name)
        .collect();
    assert!(
        attrs.iter().any(|a| a == "custom:tier") && attrs.iter().any(|a| a == "custom:clinic_id"),
        "{attrs:?}"
    );
    assert_eq!(
        sdk.param(&format!("/{}/platform/user-pool-id", env.ns))
            .as_deref(),
        Some(pool.as_str())
    );

    // Reconciled, but still a finding while the client can write the claims.
    let (code, _, err) = env.run(&["init"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("0 changes planned"), "{err}");
    // Its owner fixes it: init is clean.
    sdk.rt
        .block_on(
            sdk.cognito
                .update_user_pool_client()
                .user_pool_id(&pool)
                .client_id(&client)
                .client_name("legacy-web")
                .write_attributes("email")
                .send(),
        )
        .unwrap();
    let (_, err) = env.ok(&["init"]);
    assert!(err.contains("0 changes planned"), "{err}");
}
