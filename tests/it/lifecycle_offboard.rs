//! Offboarding against the emulator: nothing is lost (every archived object is compared with
//! the fixture files), other tenants are untouched, a crash at every step boundary converges
//! to the same end state, and bad input changes nothing.

use crate::common::{snapshot, Sdk, TestEnv};
use crate::lifecycle_support::*;

const STEPS: [&str; 11] = [
    "started",
    "access-revoked",
    "first-copy",
    "archived",
    // The memory steps are journaled without a [memory] too (nothing to archive);
    // lifecycle_memory.rs crashes at each of them with events.
    "memory-archived",
    "users-deleted",
    "first-delete",
    "data-deleted",
    "memory-deleted",
    "parameters-deleted",
    "role-deleted",
];

/// The single archive run prefix of a tenant (panics unless there is exactly one).
fn run_prefix(env: &TestEnv, sdk: &Sdk, tenant: &str) -> String {
    let keys = sdk.objects(&env.archive_bucket(), &format!("offboarding/{tenant}/"));
    let runs: std::collections::BTreeSet<String> = keys
        .keys()
        .map(|k| k.split('/').take(3).collect::<Vec<_>>().join("/") + "/")
        .collect();
    assert_eq!(
        runs.len(),
        1,
        "expected one archive run for {tenant}: {runs:?}"
    );
    runs.into_iter().next().unwrap()
}

/// Everything that must hold after a tenant is offboarded with an archive.
fn assert_offboarded(
    env: &TestEnv,
    sdk: &Sdk,
    tenant: &str,
    tier: &str,
    docs: &[Doc],
    users: usize,
) -> String {
    let rec = record(env, sdk, tenant).expect("tombstone kept");
    assert_eq!(rec["status"], "offboarded", "{rec}");
    assert!(rec.get("journal").is_none(), "{rec}");
    let off = &rec["offboarding"];
    let run = off["run"].as_str().unwrap();
    let prefix = run_prefix(env, sdk, tenant);
    assert_eq!(prefix, format!("offboarding/{tenant}/{run}/"));
    assert_eq!(
        off["archive"],
        format!("s3://{}/{prefix}", env.archive_bucket())
    );
    assert!(
        off["started_by"].as_str().unwrap().starts_with("arn:aws:"),
        "{off}"
    );
    assert!(
        off["finished_at"].is_string() && off["finished_by"].is_string(),
        "{off}"
    );
    let c = &off["counts"];
    assert_eq!(c["objects"], docs.len() + 1, "{c}"); // + the prefix marker
    assert_eq!(c["users"], users, "{c}");
    assert_eq!(c["parameters"], 1, "{c}"); // project-id
                                           // Nothing left behind.
    assert!(versions(sdk, &env.data_bucket(), &format!("{tier}/{tenant}/")).is_empty());
    assert!(users_of(env, sdk, tenant).is_empty());
    let params = sdk.params(&format!("/{}/tenants/{tenant}", env.ns));
    assert_eq!(
        params.keys().collect::<Vec<_>>(),
        vec![&format!("/{}/tenants/{tenant}/record", env.ns)]
    );
    assert!(!sdk.role_exists(&format!("{}.{tenant}", env.ns)));
    // Every document archived once, byte for byte, with its metadata.
    let archived = versions(sdk, &env.archive_bucket(), &prefix);
    for d in docs {
        let key = format!("{prefix}data/{}", d.rel);
        assert_eq!(
            archived.get(&key),
            Some(&(1, 0, false)),
            "{key}: {archived:?}"
        );
        let (body, meta, ct) = get(sdk, &env.archive_bucket(), &key);
        assert!(body == d.body, "{key}: bytes differ");
        assert_eq!(meta, d.metadata, "{key}");
        assert_eq!(ct.as_deref(), Some("text/plain"), "{key}");
    }
    for f in ["manifest.json", "users.json", "parameters.json"] {
        assert_eq!(
            archived.get(&format!("{prefix}{f}")),
            Some(&(1, 0, false)),
            "{f} written once: {archived:?}"
        );
    }
    assert_eq!(archived.len(), docs.len() + 4, "{archived:?}");
    // The manifest lists each version with size, checksum and metadata.
    let (m, _, _) = get(
        sdk,
        &env.archive_bucket(),
        &format!("{prefix}manifest.json"),
    );
    let m: serde_json::Value = serde_json::from_slice(&m).unwrap();
    let objs = m["objects"].as_array().unwrap();
    assert_eq!(objs.len(), docs.len() + 1);
    for d in docs {
        let e = objs
            .iter()
            .find(|o| o["key"] == d.rel.as_str())
            .unwrap_or_else(|| panic!("{} not in manifest", d.rel));
        assert_eq!(e["size"], d.body.len());
        assert_eq!(e["sha256"], sha(&d.body));
        assert_eq!(e["latest"], true);
        let meta: std::collections::BTreeMap<String, String> =
            serde_json::from_value(e["metadata"].clone()).unwrap();
        assert_eq!(meta, d.metadata);
    }
    // Users export: every user, no secrets.
    let (u, _, _) = get(sdk, &env.archive_bucket(), &format!("{prefix}users.json"));
    let u: serde_json::Value = serde_json::from_slice(&u).unwrap();
    assert_eq!(u.as_array().unwrap().len(), users);
    for x in u.as_array().unwrap() {
        let keys: Vec<&String> = x
            .as_object()
            .unwrap()
            .keys()
            .chain(x["attributes"].as_object().unwrap().keys())
            .collect();
        assert!(
            keys.iter()
                .all(|k| !k.contains("password") && !k.contains("secret") && !k.contains("token")),
            "{keys:?}"
        );
    }
    assert!(u
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["attributes"]["custom:clinic_id"] == tenant));
    // Normalised end state for crash comparisons.
    format!(
        "{c} {}",
        serde_json::to_string(&archived.values().collect::<Vec<_>>()).unwrap()
    )
}

#[test]
fn offboard_archives_every_fixture_document_and_leaves_others_untouched() {
    let Some(root) = fixture_root() else { return };
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    // A neighbour whose id extends clinic-a's, and a tenant on another tier.
    let a = clinic_a_and_neighbours(&env, &sdk, &root);
    sdk.rt
        .block_on(
            sdk.ssm
                .put_parameter()
                .name(format!("/{}/tenants/clinic-ab/app/setting", env.ns))
                .value("keep")
                .r#type(aws_sdk_ssm::types::ParameterType::String)
                .send(),
        )
        .unwrap();
    let others = others_state(&env, &sdk, "clinic-a");

    // Dry run: the plan, nothing written.
    let before = snapshot(&env, &sdk);
    let (out, err) = env.ok(&["tenant", "offboard", "clinic-a", "--dry-run"]);
    assert!(
        out.contains("archive") && out.contains("delete 2 user(s)") && err.contains("would change"),
        "{out}{err}"
    );
    assert_eq!(before, snapshot(&env, &sdk));
    // (The archive bucket also holds `audit/` records; no offboarding archive.)
    assert!(sdk
        .objects(&env.archive_bucket(), "offboarding/")
        .is_empty());

    let (_, err) = env.ok(&["tenant", "offboard", "clinic-a", "--yes"]);
    assert!(
        err.contains("offboarded") && err.contains("archive at s3://"),
        "{err}"
    );
    assert_offboarded(&env, &sdk, "clinic-a", "basic", &a, 2);
    assert_eq!(
        others,
        others_state(&env, &sdk, "clinic-a"),
        "other tenants changed"
    );

    // Already offboarded: a no-op with a message, exit 0, nothing written.
    let before = snapshot(&env, &sdk);
    // (Only the offboarding archive: `audit/` gains this command's audit record.)
    let archive_before = sdk.objects(&env.archive_bucket(), "offboarding/");
    let (_, err) = env.ok(&["tenant", "offboard", "clinic-a", "--yes"]);
    assert!(err.contains("already offboarded"), "{err}");
    assert_eq!(before, snapshot(&env, &sdk));
    assert_eq!(
        archive_before,
        sdk.objects(&env.archive_bucket(), "offboarding/")
    );

    // The registry keeps the history: hidden by default, shown with --all.
    let (out, _) = env.ok(&["tenant", "list", "--output", "json"]);
    assert!(!out.contains("\"clinic-a\""), "{out}");
    let (out, _) = env.ok(&["tenant", "list", "--all", "--output", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .any(|r| r["tenant"] == "clinic-a" && r["status"] == "offboarded"),
        "{out}"
    );
    // The id cannot be reused by accident.
    let (code, _, err) = env.run(&["tenant", "onboard", "clinic-a", "--tier", "basic"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn offboard_archives_every_version_and_delete_markers_keep_deleted_documents_deleted() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    env.ok(&["tenant", "onboard", "clinic-v", "--tier", "basic"]);
    let b = env.data_bucket();
    let m = std::collections::BTreeMap::from([("clinic-id".to_string(), "clinic-v".to_string())]);
    put(&sdk, &b, "basic/clinic-v/notes/a.txt", b"first", &m);
    put(&sdk, &b, "basic/clinic-v/notes/a.txt", b"second", &m);
    put(
        &sdk,
        &b,
        "basic/clinic-v/notes/gone.txt",
        b"deleted later",
        &m,
    );
    sdk.rt
        .block_on(
            sdk.s3
                .delete_object()
                .bucket(&b)
                .key("basic/clinic-v/notes/gone.txt")
                .send(),
        )
        .unwrap();
    env.ok(&["tenant", "offboard", "clinic-v", "--yes"]);
    let prefix = run_prefix(&env, &sdk, "clinic-v");
    let v = versions(&sdk, &env.archive_bucket(), &format!("{prefix}data/"));
    assert_eq!(
        v[&format!("{prefix}data/notes/a.txt")],
        (2, 0, false),
        "{v:?}"
    );
    assert_eq!(
        v[&format!("{prefix}data/notes/gone.txt")],
        (1, 1, true),
        "{v:?}"
    );
    assert_eq!(
        get(
            &sdk,
            &env.archive_bucket(),
            &format!("{prefix}data/notes/a.txt")
        )
        .0,
        b"second"
    );
    let rec = record(&env, &sdk, "clinic-v").unwrap();
    assert_eq!(rec["offboarding"]["counts"]["versions"], 4, "{rec}"); // 2 + 1 + marker object
    assert!(versions(&sdk, &b, "basic/clinic-v/").is_empty());
}

#[test]
fn offboard_resumes_after_a_crash_at_every_step() {
    let Some(root) = fixture_root() else { return };
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    let d = docs(&root, "premium-tier", "clinic-e");
    // Siloed tier, so the dedicated role's removal is covered too.
    let tenants = crash_tenants(&env, &sdk, "ref-run", &STEPS, "enterprise", 2, &d);
    env.ok(&[
        "tenant",
        "onboard",
        "bystander",
        "--tier",
        "basic",
        "--user",
        "b@bystander.example",
    ]);
    let others = others_state(&env, &sdk, "none");
    let strip = |s: &str| s.to_string();
    let reference = strip(&{
        env.ok(&["tenant", "offboard", "ref-run", "--yes"]);
        assert_offboarded(&env, &sdk, "ref-run", "enterprise", &d, 2)
    });
    for step in STEPS {
        let t = format!("crash-{step}");
        let (code, err) = run_until(
            &env,
            &["tenant", "offboard", &t, "--yes"],
            &format!("offboard:{step}"),
        );
        assert_eq!(code, 137, "{step}: {err}");
        let rec = record(&env, &sdk, &t).unwrap();
        assert_eq!(rec["status"], "offboarding", "{step}: {rec}");
        let run = rec["offboarding"]["run"].clone();
        // `tenant show` tells the operator where it stopped.
        let (out, _) = env.ok(&["tenant", "show", &t]);
        assert!(out.contains("offboard"), "{out}");
        let (_, err) = env.ok(&["tenant", "offboard", &t, "--yes"]);
        assert!(
            err.contains(&format!("resuming run {}", run.as_str().unwrap())),
            "{step}: {err}"
        );
        let end = assert_offboarded(&env, &sdk, &t, "enterprise", &d, 2);
        assert_eq!(
            end, reference,
            "{step}: end state differs from an uninterrupted run"
        );
        assert_eq!(
            record(&env, &sdk, &t).unwrap()["offboarding"]["run"],
            run,
            "{step}: the run id changed"
        );
    }
    // Only the offboarded tenants changed.
    let mut now = others_state(&env, &sdk, "none");
    let mut was = others;
    for t in &tenants {
        now = now
            .lines()
            .filter(|l| !l.contains(t.as_str()))
            .collect::<Vec<_>>()
            .join("\n");
        was = was
            .lines()
            .filter(|l| !l.contains(t.as_str()))
            .collect::<Vec<_>>()
            .join("\n");
    }
    assert_eq!(was, now);
}

#[test]
fn purge_needs_yes_and_keeps_no_archive() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-p",
        "--tier",
        "enterprise",
        "--user",
        "p@clinic-p.example",
    ]);
    put(
        &sdk,
        &env.data_bucket(),
        "enterprise/clinic-p/x.txt",
        b"x",
        &Default::default(),
    );
    let before = snapshot(&env, &sdk);
    let (code, _, err) = env.run(&["tenant", "offboard", "clinic-p", "--purge"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(before, snapshot(&env, &sdk));
    let (out, _) = env.ok(&["tenant", "offboard", "clinic-p", "--purge", "--dry-run"]);
    assert!(out.contains("PURGE") && !out.contains("archive 1"), "{out}");
    env.ok(&["tenant", "offboard", "clinic-p", "--purge", "--yes"]);
    let rec = record(&env, &sdk, "clinic-p").unwrap();
    assert_eq!(rec["status"], "offboarded");
    assert_eq!(rec["offboarding"]["purge"], true);
    assert!(rec["offboarding"].get("archive").is_none(), "{rec}");
    // (The archive bucket also holds `audit/` records; no offboarding archive.)
    assert!(sdk
        .objects(&env.archive_bucket(), "offboarding/")
        .is_empty());
    assert!(versions(&sdk, &env.data_bucket(), "enterprise/clinic-p/").is_empty());
    assert!(!sdk.role_exists(&format!("{}.clinic-p", env.ns)));
    assert!(users_of(&env, &sdk, "clinic-p").is_empty());
}

#[test]
fn offboard_bad_input_and_missing_archive_bucket_write_nothing() {
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
        "q@clinic-q.example",
    ]);
    let before = snapshot(&env, &sdk);
    // Unknown tenant: clear error, exit 2, no record created.
    let (code, _, err) = env.run(&["tenant", "offboard", "nobody-here", "--yes"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("unknown tenant nobody-here"), "{err}");
    assert!(record(&env, &sdk, "nobody-here").is_none());
    // Bad id.
    let (code, _, err) = env.run(&["tenant", "offboard", "Clinic-Q", "--yes"]);
    assert_eq!(code, 2, "{err}");
    // No --yes and no terminal.
    let (code, _, err) = env.run(&["tenant", "offboard", "clinic-q"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("not a terminal") && err.contains("--yes"),
        "{err}"
    );
    assert_eq!(before, snapshot(&env, &sdk));

    // Archive bucket missing: environment failure (exit 3) before any write. (Emptied first:
    // it holds the audit records of init and onboard.)
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
    // (The archive bucket also held the tenant's membership: gone with it.)
    let before = snapshot(&env, &sdk);
    let (code, _, err) = env.run(&["tenant", "offboard", "clinic-q", "--yes"]);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("archive bucket") && err.contains("tenantctl init"),
        "{err}"
    );
    assert_eq!(before, snapshot(&env, &sdk));
    assert_eq!(record(&env, &sdk, "clinic-q").unwrap()["status"], "active");
}
