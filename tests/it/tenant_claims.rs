//! The tenant claim is the root of isolation (issue #15): membership recorded by Cognito `sub`,
//! every tampering path found by `validate drift` and `validate isolation`, the gate refusing
//! activation, commands refusing another tenant's user, and two operators racing on one email.

use std::collections::BTreeMap;

use aws_sdk_cognitoidentityprovider::types::AttributeType;

use crate::common::{snapshot, Sdk, TestEnv};
use crate::lifecycle_support::*;

fn attr(name: &str, value: &str) -> AttributeType {
    AttributeType::builder()
        .name(name)
        .value(value)
        .build()
        .unwrap()
}

/// The recorded membership of `tenant`: username -> sub.
fn members(env: &TestEnv, sdk: &Sdk, tenant: &str) -> Option<BTreeMap<String, String>> {
    let key = format!("registry/{tenant}/members.json");
    let out = sdk
        .rt
        .block_on(
            sdk.s3
                .get_object()
                .bucket(env.archive_bucket())
                .key(&key)
                .send(),
        )
        .ok()?;
    let bytes = sdk.rt.block_on(out.body.collect()).unwrap().into_bytes();
    let doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(doc["tenant"], tenant);
    Some(
        doc["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["username"].as_str().unwrap().to_string(),
                    m["sub"].as_str().unwrap().to_string(),
                )
            })
            .collect(),
    )
}

fn sub_of(env: &TestEnv, sdk: &Sdk, user: &str) -> String {
    sdk.users(&pool(env, sdk))[user].1["sub"].clone()
}

/// (rule, subject, message) of every drift finding, and the exit code.
fn drift(env: &TestEnv) -> (i32, Vec<(String, String, String)>) {
    let (code, out, err) = env.run(&["validate", "drift", "--output", "json"]);
    assert!(code == 0 || code == 1, "{err}");
    let rep: serde_json::Value = serde_json::from_str(&out).unwrap();
    let f = rep["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["subject"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (code, f)
}

fn onboard_two(env: &TestEnv) {
    env.init();
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-a",
        "--tier",
        "basic",
        "--user",
        "a1@clinic-a.example",
        "--user",
        "a2@clinic-a.example",
    ]);
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-b",
        "--tier",
        "basic",
        "--user",
        "b1@clinic-b.example",
    ]);
}

#[test]
fn the_pool_init_creates_has_an_immutable_clinic_claim_and_membership_is_recorded_by_sub() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    onboard_two(&env);
    let schema = sdk
        .rt
        .block_on(
            sdk.cognito
                .describe_user_pool()
                .user_pool_id(pool(&env, &sdk))
                .send(),
        )
        .unwrap()
        .user_pool
        .unwrap()
        .schema_attributes
        .unwrap();
    let mutable = |n: &str| {
        schema
            .iter()
            .find(|a| a.name.as_deref() == Some(n))
            .and_then(|a| a.mutable)
    };
    assert_eq!(mutable("custom:clinic_id"), Some(false));
    assert_eq!(mutable("custom:tier"), Some(true));

    let a = members(&env, &sdk, "clinic-a").unwrap();
    assert_eq!(
        a,
        BTreeMap::from([
            (
                "a1@clinic-a.example".to_string(),
                sub_of(&env, &sdk, "a1@clinic-a.example")
            ),
            (
                "a2@clinic-a.example".to_string(),
                sub_of(&env, &sdk, "a2@clinic-a.example")
            ),
        ])
    );
    let (code, f) = drift(&env);
    assert_eq!((code, f.len()), (0, 0), "{f:?}");

    // user add / remove keep it; a second add plans nothing.
    env.ok(&["user", "add", "clinic-a", "a3@clinic-a.example"]);
    env.ok(&["user", "remove", "clinic-a", "a2@clinic-a.example", "--yes"]);
    let a = members(&env, &sdk, "clinic-a").unwrap();
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        ["a1@clinic-a.example", "a3@clinic-a.example"]
    );
    let (_, err) = env.ok(&["user", "add", "clinic-a", "a3@clinic-a.example"]);
    assert!(err.contains("0 changes planned"), "{err}");

    // Offboarding empties it (the users are in the archive); restore records the new subs.
    env.ok(&["tenant", "offboard", "clinic-a", "--yes"]);
    assert_eq!(members(&env, &sdk, "clinic-a").unwrap().len(), 0);
    let rec = record(&env, &sdk, "clinic-a").unwrap();
    let run = rec["offboarding"]["run"].as_str().unwrap().to_string();
    env.ok(&["tenant", "restore", "clinic-a", "--from-archive", &run]);
    let a = members(&env, &sdk, "clinic-a").unwrap();
    assert_eq!(a.len(), 2);
    assert_eq!(
        a["a1@clinic-a.example"],
        sub_of(&env, &sdk, "a1@clinic-a.example")
    );
    let (code, f) = drift(&env);
    assert_eq!((code, f.len()), (0, 0), "{f:?}");
}

#[test]
fn every_tampering_path_is_drift_and_an_isolation_finding_and_blocks_activation() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    onboard_two(&env);
    let pool = pool(&env, &sdk);
    // 1. A helpdesk script rewrites a1's clinic (the emulator does not enforce Mutable=false;
    //    AWS would refuse this on a pool init created, not on an adopted one).
    sdk.rt
        .block_on(
            sdk.cognito
                .admin_update_user_attributes()
                .user_pool_id(&pool)
                .username("a1@clinic-a.example")
                .user_attributes(attr("custom:clinic_id", "clinic-b"))
                .send(),
        )
        .unwrap();
    // 2. A user created directly in Cognito with clinic-b's claims.
    sdk.rt
        .block_on(
            sdk.cognito
                .admin_create_user()
                .user_pool_id(&pool)
                .username("intruder@elsewhere.example")
                .user_attributes(attr("email", "intruder@elsewhere.example"))
                .user_attributes(attr("custom:tier", "basic"))
                .user_attributes(attr("custom:clinic_id", "clinic-b"))
                .message_action(aws_sdk_cognitoidentityprovider::types::MessageActionType::Suppress)
                .send(),
        )
        .unwrap();
    // 3. A recorded member deleted behind tenantctl's back.
    sdk.rt
        .block_on(
            sdk.cognito
                .admin_delete_user()
                .user_pool_id(&pool)
                .username("a2@clinic-a.example")
                .send(),
        )
        .unwrap();

    let (code, f) = drift(&env);
    assert_eq!(code, 1, "{f:?}");
    let has = |rule: &str, words: &[&str]| {
        f.iter()
            .any(|(r, s, m)| r == rule && words.iter().all(|w| m.contains(w) || s.contains(w)))
    };
    assert!(
        has(
            "TD010",
            &[
                "a1@clinic-a.example",
                "member of clinic-a",
                "claims clinic-b"
            ]
        ),
        "{f:?}"
    );
    assert!(
        has("TD011", &["intruder@elsewhere.example", "clinic-b"]),
        "{f:?}"
    );
    assert!(has("TD011", &["a1@clinic-a.example", "clinic-b"]), "{f:?}");
    assert!(has("TD012", &["a2@clinic-a.example", "clinic-a"]), "{f:?}");

    // validate isolation (online) reports the same users under TI017, in every format.
    let (code, out, err) = env.run(&["validate", "isolation", "--output", "json"]);
    assert_eq!(code, 1, "{err}");
    let rep: serde_json::Value = serde_json::from_str(&out).unwrap();
    let ti017: Vec<String> = rep["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["rule"] == "TI017")
        .map(|x| x["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        ti017
            .iter()
            .any(|m| m.contains("intruder@elsewhere.example")),
        "{ti017:?}"
    );
    assert!(
        ti017
            .iter()
            .any(|m| m.contains("a1@clinic-a.example") && m.contains("claims clinic-b")),
        "{ti017:?}"
    );

    // Commands that meet the tampered user refuse, naming the owner, and write nothing.
    let before = snapshot(&env, &sdk);
    for (args, words) in [
        (
            vec!["user", "add", "clinic-b", "a1@clinic-a.example"],
            vec!["recorded member of clinic-a"],
        ),
        (
            vec!["user", "add", "clinic-a", "a1@clinic-a.example"],
            vec!["recorded as a member of clinic-a", "clinic-b"],
        ),
        (
            vec![
                "tenant",
                "onboard",
                "clinic-b",
                "--tier",
                "basic",
                "--user",
                "a1@clinic-a.example",
            ],
            vec!["recorded member of clinic-a"],
        ),
    ] {
        let (code, _, err) = env.run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        for w in words {
            assert!(err.contains(w), "{args:?}: {err}");
        }
    }
    assert_eq!(before, snapshot(&env, &sdk));

    // The gate: clinic-b is not resumed while users outside its membership carry its claim.
    env.ok(&[
        "tenant", "suspend", "clinic-b", "--reason", "audit", "--yes",
    ]);
    let (code, _, err) = env.run(&["tenant", "resume", "clinic-b"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("disagree with its recorded membership") && err.contains("intruder"),
        "{err}"
    );

    // The remedy: remove the intruder and the moved user (a recorded member of clinic-a,
    // removable there whatever its claim says); then clinic-b resumes and drift is clean
    // but for the member deleted behind tenantctl's back, which `user remove` forgets.
    env.ok(&[
        "user",
        "remove",
        "clinic-b",
        "intruder@elsewhere.example",
        "--yes",
    ]);
    env.ok(&["user", "remove", "clinic-a", "a1@clinic-a.example", "--yes"]);
    env.ok(&["user", "remove", "clinic-a", "a2@clinic-a.example", "--yes"]);
    env.ok(&["tenant", "resume", "clinic-b"]);
    let (code, f) = drift(&env);
    assert_eq!((code, f.len()), (0, 0), "{f:?}");
}

#[test]
fn a_registry_without_memberships_is_migrated_from_claims_after_review() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    onboard_two(&env);
    // A registry written before memberships were recorded: no membership objects.
    for t in ["clinic-a", "clinic-b"] {
        sdk.rt
            .block_on(
                sdk.s3
                    .delete_object()
                    .bucket(env.archive_bucket())
                    .key(format!("registry/{t}/members.json"))
                    .send(),
            )
            .unwrap();
    }
    let (code, f) = drift(&env);
    assert_eq!(code, 1);
    assert_eq!(f.iter().filter(|x| x.0 == "TD013").count(), 2, "{f:?}");
    // The review: every user each tenant would record, and nothing written.
    let before = snapshot(&env, &sdk);
    let (out, err) = env.ok(&["tenant", "migrate-membership", "--dry-run"]);
    let text = format!("{out}{err}");
    for u in [
        "a1@clinic-a.example",
        "a2@clinic-a.example",
        "b1@clinic-b.example",
    ] {
        assert!(text.contains(u), "{text}");
    }
    assert_eq!(before, snapshot(&env, &sdk));
    env.ok(&["tenant", "migrate-membership"]);
    assert_eq!(members(&env, &sdk, "clinic-a").unwrap().len(), 2);
    assert_eq!(members(&env, &sdk, "clinic-b").unwrap().len(), 1);
    let (_, err) = env.ok(&["tenant", "migrate-membership"]);
    assert!(err.contains("0 changes planned"), "{err}");
    let (code, f) = drift(&env);
    assert_eq!((code, f.len()), (0, 0), "{f:?}");

    // Or on first write: user add on a tenant without one records it (the plan says so).
    sdk.rt
        .block_on(
            sdk.s3
                .delete_object()
                .bucket(env.archive_bucket())
                .key("registry/clinic-b/members.json")
                .send(),
        )
        .unwrap();
    let (out, err) = env.ok(&["user", "add", "clinic-b", "b2@clinic-b.example"]);
    assert!(
        format!("{out}{err}").contains("record the membership from current claims"),
        "{out}{err}"
    );
    assert_eq!(
        members(&env, &sdk, "clinic-b")
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["b1@clinic-b.example", "b2@clinic-b.example"]
    );
}

#[test]
fn two_operators_adding_one_email_to_two_tenants_never_both_succeed() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    onboard_two(&env);
    for i in 0..6 {
        let email = format!("race{i}@shared.example");
        let spawn = |t: &str| {
            env.cmd()
                .args(["user", "add", t, &email])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn("clinic-a"), spawn("clinic-b"));
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        let codes = [a.status.code().unwrap(), b.status.code().unwrap()];
        let errs = [
            String::from_utf8_lossy(&a.stderr).into_owned(),
            String::from_utf8_lossy(&b.stderr).into_owned(),
        ];
        let mut sorted = codes;
        sorted.sort();
        assert_eq!(sorted, [0, 2], "run {i}: {codes:?} {errs:?}");
        let winner = if codes[0] == 0 {
            "clinic-a"
        } else {
            "clinic-b"
        };
        let loser_err = &errs[usize::from(codes[0] == 0)];
        assert!(
            loser_err.contains(&format!("already belongs to tenant {winner}")),
            "run {i}: {loser_err}"
        );
        let (_, attrs) = &sdk.users(&pool(&env, &sdk))[&email];
        assert_eq!(attrs["custom:clinic_id"], winner, "run {i}");
        let loser = if winner == "clinic-a" {
            "clinic-b"
        } else {
            "clinic-a"
        };
        assert_eq!(
            members(&env, &sdk, winner).unwrap().get(&email),
            Some(&attrs["sub"]),
            "run {i}"
        );
        assert!(!members(&env, &sdk, loser).unwrap().contains_key(&email));
    }
    let (code, f) = drift(&env);
    assert_eq!((code, f.len()), (0, 0), "{f:?}");
}

#[test]
fn an_adopted_pool_with_a_mutable_clinic_claim_is_a_warning_that_says_what_to_do() {
    use aws_sdk_cognitoidentityprovider::types::{AttributeDataType, SchemaAttributeType};
    let env = TestEnv::new();
    let sdk = Sdk::new();
    let custom = |name: &str| {
        SchemaAttributeType::builder()
            .name(name)
            .attribute_data_type(AttributeDataType::String)
            .mutable(true)
            .build()
    };
    let pool = sdk
        .rt
        .block_on(
            sdk.cognito
                .create_user_pool()
                .pool_name(format!("{}-legacy", env.ns))
                .schema(custom("tier"))
                .schema(custom("clinic_id"))
                .send(),
        )
        .unwrap()
        .user_pool
        .unwrap()
        .id
        .unwrap();
    let text = std::fs::read_to_string(&env.config).unwrap().replace(
        "[cognito]\n",
        &format!("[cognito]\nuser_pool_id = \"{pool}\"\n"),
    );
    std::fs::write(&env.config, text).unwrap();
    let (_, err) = env.ok(&["init"]);
    assert!(
        err.contains("custom:clinic_id mutable")
            && err.contains("cannot make the attribute immutable in place"),
        "{err}"
    );
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-a",
        "--tier",
        "basic",
        "--user",
        "a1@clinic-a.example",
    ]);
    let (code, f) = drift(&env);
    assert_eq!(code, 0, "a warning alone does not fail drift: {f:?}");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "TD014");
    assert!(f[0].2.contains("create a new pool"), "{f:?}");
}
