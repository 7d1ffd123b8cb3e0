//! Restoring an offboarded tenant from its archive, against the emulator: every fixture
//! document comes back byte for byte with its metadata, users come back with their claims,
//! the record keeps its history, the archive and other tenants are untouched, a crash at every
//! step boundary converges to the same end state, and bad input changes nothing.

use std::collections::BTreeMap;

use crate::common::{snapshot, Sdk, TestEnv, DEFAULT_TIERS};
use crate::lifecycle_support::*;

/// Crash points of `tenant restore` (the journaled steps plus the first data copy).
const STEPS: [&str; 8] = [
    "started",
    "first-copy",
    "data-restored",
    // Journaled without a [memory] too (nothing to restore); lifecycle_memory.rs crashes
    // inside it with events.
    "memory-restored",
    "parameters-restored",
    "role-ready",
    "users-restored",
    "access-restored",
];

/// Offboard `tenant` (with --yes) and return its archive run id.
fn offboard(env: &TestEnv, sdk: &Sdk, tenant: &str) -> String {
    env.ok(&["tenant", "offboard", tenant, "--yes"]);
    let rec = record(env, sdk, tenant).unwrap();
    assert_eq!(rec["status"], "offboarded", "{rec}");
    rec["offboarding"]["run"].as_str().unwrap().to_string()
}

/// Everything under `offboarding/` in the archive bucket: versions per key and the current
/// bytes' checksum, to prove a restore never changes an archive.
fn archive_state(env: &TestEnv, sdk: &Sdk) -> String {
    let b = env.archive_bucket();
    let mut s = format!("{:?}\n", versions(sdk, &b, "offboarding/"));
    for k in sdk.objects(&b, "offboarding/").keys() {
        s += &format!("{k} {}\n", sha(&get(sdk, &b, k).0));
    }
    s
}

/// A key's versions: the latest first, then the others in S3's listing order (newest first
/// within data versions). Enough for keys with at most one delete marker.
fn version_ids(sdk: &Sdk, bucket: &str, key: &str) -> Vec<(String, bool)> {
    let r = sdk
        .rt
        .block_on(
            sdk.s3
                .list_object_versions()
                .bucket(bucket)
                .prefix(key)
                .send(),
        )
        .unwrap();
    let mut all: Vec<(String, bool, bool)> = Vec::new();
    for v in r.versions() {
        if v.key() == Some(key) {
            all.push((
                v.version_id().unwrap().into(),
                false,
                v.is_latest() == Some(true),
            ));
        }
    }
    for m in r.delete_markers() {
        if m.key() == Some(key) {
            all.push((
                m.version_id().unwrap().into(),
                true,
                m.is_latest() == Some(true),
            ));
        }
    }
    all.sort_by_key(|x| !x.2);
    all.into_iter().map(|(v, d, _)| (v, d)).collect()
}

fn get_version(sdk: &Sdk, bucket: &str, key: &str, version: &str) -> Vec<u8> {
    let o = sdk
        .rt
        .block_on(
            sdk.s3
                .get_object()
                .bucket(bucket)
                .key(key)
                .version_id(version)
                .send(),
        )
        .unwrap();
    sdk.rt
        .block_on(o.body.collect())
        .unwrap()
        .into_bytes()
        .to_vec()
}

fn delete_version(sdk: &Sdk, bucket: &str, key: &str, version: &str) {
    sdk.rt
        .block_on(
            sdk.s3
                .delete_object()
                .bucket(bucket)
                .key(key)
                .version_id(version)
                .send(),
        )
        .unwrap();
}

fn put_param(env: &TestEnv, sdk: &Sdk, leaf: &str, value: &str) {
    sdk.rt
        .block_on(
            sdk.ssm
                .put_parameter()
                .name(format!("/{}/tenants/{leaf}", env.ns))
                .value(value)
                .overwrite(true)
                .r#type(aws_sdk_ssm::types::ParameterType::String)
                .send(),
        )
        .unwrap();
}

/// Everything that must hold once `tenant` is restored from `run` with the fixture `docs` and
/// `users` users; returns the end state with the tenant id normalised, for crash comparisons.
fn assert_restored(
    env: &TestEnv,
    sdk: &Sdk,
    tenant: &str,
    tier: &str,
    run: &str,
    docs: &[Doc],
    users: usize,
) -> String {
    let rec = record(env, sdk, tenant).expect("record");
    assert_eq!(rec["status"], "active", "{rec}");
    assert_eq!(rec["tier"], tier, "{rec}");
    assert!(rec.get("journal").is_none(), "{rec}");
    assert!(
        rec.get("offboarding").is_none(),
        "moved to the history: {rec}"
    );
    let hist = rec["offboarded_history"].as_array().expect("history kept");
    assert_eq!(hist.last().unwrap()["run"], run, "{rec}");
    assert!(hist.last().unwrap()["finished_at"].is_string(), "{rec}");
    let r = rec["restores"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(r["from_run"], run, "{r}");
    assert_eq!(
        r["archive"],
        format!("s3://{}/offboarding/{tenant}/{run}/", env.archive_bucket())
    );
    assert!(
        r["finished_at"].is_string() && r["started_by"].as_str().unwrap().starts_with("arn:aws:"),
        "{r}"
    );
    let c = &r["counts"];
    assert_eq!(c["objects"], docs.len() + 1, "{c}"); // + the prefix marker
    assert_eq!(c["users"], users, "{c}");
    assert_eq!(c["deleted_objects"], 0, "{c}");

    // Every document back, once, byte for byte, with its metadata and content type.
    let prefix = format!("{tier}/{tenant}/");
    let data = versions(sdk, &env.data_bucket(), &prefix);
    assert_eq!(data.len(), docs.len() + 1, "{data:?}");
    assert_eq!(
        data.get(&format!("{prefix}.tenantctl-prefix")),
        Some(&(1, 0, false))
    );
    for d in docs {
        let key = format!("{prefix}{}", d.rel);
        assert_eq!(data.get(&key), Some(&(1, 0, false)), "{key}: {data:?}");
        let (body, meta, ct) = get(sdk, &env.data_bucket(), &key);
        assert!(body == d.body, "{key}: bytes differ");
        assert_eq!(meta, d.metadata, "{key}");
        assert_eq!(ct.as_deref(), Some("text/plain"), "{key}");
    }

    // Users back, enabled, with the tenant's claims (and nothing that looks like a secret).
    let us = users_of(env, sdk, tenant);
    assert_eq!(us.len(), users, "{us:?}");
    let mut norm_users = Vec::new();
    for (name, (enabled, a)) in &us {
        assert!(enabled, "{name} disabled");
        assert_eq!(
            a.get("custom:tier").map(String::as_str),
            Some(tier),
            "{a:?}"
        );
        assert_eq!(a.get("email"), Some(name), "{a:?}");
        let mut a = a.clone();
        a.remove("sub");
        norm_users.push(format!("{name} {a:?}"));
    }

    // Parameters: the project id and the tenant's own.
    let params = sdk.params(&format!("/{}/tenants/{tenant}", env.ns));
    assert!(
        params.contains_key(&format!("/{}/tenants/{tenant}/project-id", env.ns)),
        "{params:?}"
    );
    let role = sdk.role_exists(&format!("{}.{tenant}", env.ns));
    assert_eq!(
        role,
        tier == "enterprise",
        "dedicated role only on the siloed tier"
    );
    let params: Vec<String> = params
        .into_iter()
        .filter(|(k, _)| !k.ends_with("/record"))
        .map(|(k, v)| format!("{k}={v}"))
        .collect();

    format!("{c} {data:?} {norm_users:?} {params:?} role={role}").replace(tenant, "T")
}

#[test]
fn restore_brings_back_every_fixture_document_user_and_parameter() {
    let Some(root) = fixture_root() else { return };
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    let users = ["dr.a@clinic-a.example", "nurse@clinic-a.example"];
    let a = clinic_a_and_neighbours(&env, &sdk, &root);
    put_param(&env, &sdk, "clinic-a/app/greeting", "hello");
    let params_before = sdk.params(&format!("/{}/tenants/clinic-a", env.ns));
    let users_before = users_of(&env, &sdk, "clinic-a");
    let run = offboard(&env, &sdk, "clinic-a");
    let others = others_state(&env, &sdk, "clinic-a");
    let archive = archive_state(&env, &sdk);

    // Dry run: the plan, nothing written, the archive untouched.
    let before = snapshot(&env, &sdk);
    let (out, err) = env.ok(&[
        "tenant",
        "restore",
        "clinic-a",
        "--from-archive",
        &run,
        "--dry-run",
    ]);
    assert!(
        out.contains("status offboarded -> pending")
            && out.contains(&format!("restore {} version(s)", a.len() + 1))
            && out.contains("cognito:user/dr.a@clinic-a.example")
            && out.contains("ssm:/")
            && err.contains("would change"),
        "{out}{err}"
    );
    assert!(!out.contains('!'), "nothing to overwrite: {out}");
    assert_eq!(before, snapshot(&env, &sdk));
    assert_eq!(archive, archive_state(&env, &sdk));
    // JSON plan for machines.
    let (out, _) = env.ok(&[
        "tenant",
        "restore",
        "clinic-a",
        "--from-archive",
        &run,
        "--dry-run",
        "-o",
        "json",
    ]);
    let plan: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(plan["dry_run"], true);
    assert!(plan["changes"].as_array().unwrap().len() >= 5, "{plan}");

    // Restoring into an empty prefix overwrites nothing: no --yes needed without a terminal.
    let (_, err) = env.ok(&["tenant", "restore", "clinic-a", "--from-archive", &run]);
    assert!(
        err.contains(&format!("restored from run {run}")) && err.contains("active"),
        "{err}"
    );
    assert!(!err.to_lowercase().contains("password:"), "{err}");
    assert_restored(&env, &sdk, "clinic-a", "basic", &run, &a, 2);
    // The same users, attributes and parameters as before offboarding (`sub` is Cognito's own).
    let strip_sub = |m: BTreeMap<String, (bool, BTreeMap<String, String>)>| {
        m.into_iter()
            .map(|(k, (e, mut a))| {
                a.remove("sub");
                (k, (e, a))
            })
            .collect::<BTreeMap<_, _>>()
    };
    assert_eq!(
        strip_sub(users_before),
        strip_sub(users_of(&env, &sdk, "clinic-a"))
    );
    let no_record = |m: BTreeMap<String, String>| {
        m.into_iter()
            .filter(|(k, _)| !k.ends_with("/record"))
            .collect::<BTreeMap<_, _>>()
    };
    assert_eq!(
        no_record(params_before),
        no_record(sdk.params(&format!("/{}/tenants/clinic-a", env.ns)))
    );
    assert_eq!(
        others,
        others_state(&env, &sdk, "clinic-a"),
        "other tenants changed"
    );
    assert_eq!(archive, archive_state(&env, &sdk), "the archive changed");

    // Idempotent: a second run plans 0 changes and writes nothing.
    let before = snapshot(&env, &sdk);
    let (_, err) = env.ok(&["tenant", "restore", "clinic-a", "--from-archive", &run]);
    assert!(
        err.contains("0 changes planned") && err.contains("already restored"),
        "{err}"
    );
    assert_eq!(before, snapshot(&env, &sdk));
    // Re-running onboarding for the restored tenant changes nothing either (history kept).
    let (_, err) = env.ok(&[
        "tenant", "onboard", "clinic-a", "--tier", "basic", "--user", users[0], "--user", users[1],
    ]);
    assert!(err.contains("0 changes planned"), "{err}");
    assert_eq!(before, snapshot(&env, &sdk));

    // The registry and `tenant show` tell the story.
    let (out, _) = env.ok(&["tenant", "show", "clinic-a"]);
    assert!(
        out.contains("restored from") && out.contains(&run) && out.contains("earlier offboarding"),
        "{out}"
    );
    let (out, _) = env.ok(&["tenant", "list", "--output", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .any(|r| r["tenant"] == "clinic-a" && r["status"] == "active" && r["users"] == 2),
        "{out}"
    );
}

#[test]
fn restore_replays_version_history_and_the_record_keeps_every_cycle() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-v",
        "--tier",
        "basic",
        "--user",
        "v@clinic-v.example",
    ]);
    let b = env.data_bucket();
    let m = BTreeMap::from([("clinic-id".to_string(), "clinic-v".to_string())]);
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
    let run1 = offboard(&env, &sdk, "clinic-v");
    env.ok(&["tenant", "restore", "clinic-v", "--from-archive", &run1]);

    // History in order: the latest version is live, the older one is noncurrent, and the
    // deleted document is deleted again with its data kept as a noncurrent version.
    let v = versions(&sdk, &b, "basic/clinic-v/");
    assert_eq!(v["basic/clinic-v/notes/a.txt"], (2, 0, false), "{v:?}");
    assert_eq!(v["basic/clinic-v/notes/gone.txt"], (1, 1, true), "{v:?}");
    assert_eq!(get(&sdk, &b, "basic/clinic-v/notes/a.txt").0, b"second");
    let ids = version_ids(&sdk, &b, "basic/clinic-v/notes/a.txt");
    assert_eq!(
        get_version(&sdk, &b, "basic/clinic-v/notes/a.txt", &ids[1].0),
        b"first"
    );
    let ids = version_ids(&sdk, &b, "basic/clinic-v/notes/gone.txt");
    assert!(ids[0].1, "latest is the delete marker: {ids:?}");
    assert_eq!(
        get_version(&sdk, &b, "basic/clinic-v/notes/gone.txt", &ids[1].0),
        b"deleted later"
    );
    let rec = record(&env, &sdk, "clinic-v").unwrap();
    let c = &rec["restores"][0]["counts"];
    assert_eq!(
        (
            c["objects"].clone(),
            c["versions"].clone(),
            c["deleted_objects"].clone()
        ),
        (2.into(), 4.into(), 1.into()),
        "{c}"
    ); // a.txt + marker live; 2 + 1 + marker versions; gone.txt deleted
    assert_eq!(users_of(&env, &sdk, "clinic-v").len(), 1);

    // Asking again for the same run is a no-op.
    let (_, err) = env.ok(&["tenant", "restore", "clinic-v", "--from-archive", &run1]);
    assert!(err.contains("already restored"), "{err}");

    // A second cycle: offboard again (a new run), restore that run; the record keeps both.
    put(
        &sdk,
        &b,
        "basic/clinic-v/notes/new.txt",
        b"after the restore",
        &m,
    );
    let run2 = offboard(&env, &sdk, "clinic-v");
    assert_ne!(run1, run2);
    let rec = record(&env, &sdk, "clinic-v").unwrap();
    assert_eq!(rec["offboarded_history"][0]["run"], run1.as_str(), "{rec}");
    assert_eq!(rec["restores"][0]["from_run"], run1.as_str(), "{rec}");
    assert_eq!(rec["offboarding"]["run"], run2.as_str(), "{rec}");
    env.ok(&["tenant", "restore", "clinic-v", "--from-archive", &run2]);
    let rec = record(&env, &sdk, "clinic-v").unwrap();
    assert_eq!(rec["status"], "active");
    let runs = |field: &str, key: &str| -> Vec<String> {
        rec[field]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x[key].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        runs("offboarded_history", "run"),
        vec![run1.clone(), run2.clone()]
    );
    assert_eq!(
        runs("restores", "from_run"),
        vec![run1.clone(), run2.clone()]
    );
    assert_eq!(
        get(&sdk, &b, "basic/clinic-v/notes/new.txt").0,
        b"after the restore"
    );
    let v = versions(&sdk, &b, "basic/clinic-v/");
    assert_eq!(v["basic/clinic-v/notes/a.txt"], (2, 0, false), "{v:?}");
    assert_eq!(v["basic/clinic-v/notes/gone.txt"], (1, 1, true), "{v:?}");
    // Both archives are still there.
    for run in [&run1, &run2] {
        let manifest = format!("offboarding/clinic-v/{run}/manifest.json");
        assert!(sdk
            .objects(&env.archive_bucket(), &manifest)
            .contains_key(&manifest));
    }
    // The first run's restore is finished, so asking for it again is refused: it is live.
    let (code, _, err) = env.run(&["tenant", "restore", "clinic-v", "--from-archive", &run1]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not offboarded"), "{err}");
}

#[test]
fn restore_resumes_after_a_crash_at_every_step() {
    let Some(root) = fixture_root() else { return };
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    let d = docs(&root, "premium-tier", "clinic-e");
    // Siloed tier, so the dedicated role's re-creation is covered too.
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
    let runs: BTreeMap<String, String> = tenants
        .iter()
        .map(|t| (t.clone(), offboard(&env, &sdk, t)))
        .collect();
    let others = others_state(&env, &sdk, "none");
    let archive = archive_state(&env, &sdk);

    env.ok(&[
        "tenant",
        "restore",
        "ref-run",
        "--from-archive",
        &runs["ref-run"],
    ]);
    let reference = assert_restored(&env, &sdk, "ref-run", "enterprise", &runs["ref-run"], &d, 2);
    for step in STEPS {
        let t = format!("crash-{step}");
        let run = &runs[&t];
        let args = [
            "tenant",
            "restore",
            t.as_str(),
            "--from-archive",
            run.as_str(),
        ];
        let (code, err) = run_until(&env, &args, &format!("restore:{step}"));
        assert_eq!(code, 137, "{step}: {err}");
        let rec = record(&env, &sdk, &t).unwrap();
        assert_eq!(rec["status"], "pending", "{step}: {rec}");
        assert_eq!(rec["journal"]["operation"], "restore", "{step}: {rec}");
        // No user has access before the restore is finished.
        assert!(
            step == "access-restored" || users_of(&env, &sdk, &t).values().all(|(en, _)| !en),
            "{step}: a user was enabled early"
        );
        // `tenant show` tells the operator where it stopped.
        let (out, _) = env.ok(&["tenant", "show", &t]);
        assert!(
            out.contains("restore") && out.contains("not finished"),
            "{step}: {out}"
        );
        if step == "started" {
            // Onboarding would activate it half-restored: refused until the restore is done.
            let (code, _, err) = env.run(&["tenant", "onboard", &t, "--tier", "enterprise"]);
            assert_eq!(code, 2, "{err}");
            assert!(err.contains("being restored"), "{err}");
            // And another run cannot be started over it.
            let (code, _, err) =
                env.run(&["tenant", "restore", &t, "--from-archive", &runs["ref-run"]]);
            assert_eq!(code, 2, "{err}");
        }
        // The same command, without --yes: finishing its own restore overwrites nothing.
        let (_, err) = env.ok(&args);
        assert!(
            err.contains(&format!("resuming the restore of {t}")),
            "{step}: {err}"
        );
        let end = assert_restored(&env, &sdk, &t, "enterprise", run, &d, 2);
        assert_eq!(
            end, reference,
            "{step}: end state differs from an uninterrupted run"
        );
        let (_, err) = env.ok(&args);
        assert!(err.contains("0 changes planned"), "{step}: {err}");
    }
    // Only the restored tenants changed; the archive did not.
    assert_eq!(archive, archive_state(&env, &sdk), "the archive changed");
    let keep = |s: String| {
        s.lines()
            .filter(|l| !tenants.iter().any(|t| l.contains(t.as_str())))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(keep(others), keep(others_state(&env, &sdk, "none")));
}

#[test]
fn restore_asks_before_overwriting_and_yes_confirms() {
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
        "o@clinic-o.example",
    ]);
    put(
        &sdk,
        &env.data_bucket(),
        "basic/clinic-o/x.txt",
        b"x",
        &BTreeMap::new(),
    );
    let run = offboard(&env, &sdk, "clinic-o");
    // Someone wrote the tenant's project-id parameter after it was offboarded.
    put_param(&env, &sdk, "clinic-o/project-id", "squatter");
    let (out, _) = env.ok(&[
        "tenant",
        "restore",
        "clinic-o",
        "--from-archive",
        &run,
        "--dry-run",
    ]);
    assert!(out.contains("overwrite \"squatter\""), "{out}");
    let before = snapshot(&env, &sdk);
    let (code, _, err) = env.run(&["tenant", "restore", "clinic-o", "--from-archive", &run]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("not a terminal") && err.contains("--yes"),
        "{err}"
    );
    assert_eq!(before, snapshot(&env, &sdk));
    assert_eq!(
        record(&env, &sdk, "clinic-o").unwrap()["status"],
        "offboarded"
    );
    env.ok(&[
        "tenant",
        "restore",
        "clinic-o",
        "--from-archive",
        &run,
        "--yes",
    ]);
    assert_eq!(
        sdk.param(&format!("/{}/tenants/clinic-o/project-id", env.ns))
            .as_deref(),
        Some("basic-proj")
    );
    assert_eq!(
        get(&sdk, &env.data_bucket(), "basic/clinic-o/x.txt").0,
        b"x"
    );
}

#[test]
fn restore_refuses_bad_input_and_damaged_archives_without_writing() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-q",
        "--tier",
        "premium",
        "--user",
        "q@clinic-q.example",
    ]);
    env.ok(&["tenant", "onboard", "live-one", "--tier", "basic"]);
    env.ok(&["tenant", "onboard", "clinic-p", "--tier", "basic"]);
    let b = env.data_bucket();
    let m = BTreeMap::from([("clinic-id".to_string(), "clinic-q".to_string())]);
    put(&sdk, &b, "premium/clinic-q/a.txt", b"aaa", &m);
    put(&sdk, &b, "premium/clinic-q/b.txt", b"bbb", &m);
    let run = offboard(&env, &sdk, "clinic-q");
    env.ok(&["tenant", "offboard", "clinic-p", "--purge", "--yes"]);
    let purged = record(&env, &sdk, "clinic-p").unwrap()["offboarding"]["run"]
        .as_str()
        .unwrap()
        .to_string();

    // Each refusal: the exit code, words of the message, and nothing written anywhere.
    let refuse = |args: &[&str], code: i32, words: &[&str]| {
        let before = snapshot(&env, &sdk);
        let archive = archive_state(&env, &sdk);
        let (got, out, err) = env.run(args);
        assert_eq!(got, code, "{args:?}\n{out}{err}");
        for w in words {
            assert!(err.contains(w), "{args:?}: missing {w:?} in\n{err}");
        }
        assert_eq!(before, snapshot(&env, &sdk), "{args:?} wrote something");
        assert_eq!(
            archive,
            archive_state(&env, &sdk),
            "{args:?} changed the archive"
        );
    };
    let refuse_restore = |t: &str, r: &str, code: i32, words: &[&str]| {
        let args = ["tenant", "restore", t, "--from-archive", r];
        refuse(&args, code, words);
    };

    refuse_restore("nobody-here", &run, 2, &["unknown tenant nobody-here"]);
    assert!(record(&env, &sdk, "nobody-here").is_none());
    refuse(
        &["tenant", "restore", "Clinic-Q", "--from-archive", &run],
        2,
        &[],
    );
    refuse_restore(
        "clinic-q",
        "../../etc",
        2,
        &["--from-archive", "invalid archive run id"],
    );
    refuse(&["tenant", "restore", "clinic-q"], 2, &["--from-archive"]);
    refuse_restore("live-one", &run, 2, &["live-one is active, not offboarded"]);
    // An unknown run: the hint lists the runs there are.
    refuse_restore(
        "clinic-q",
        "20990101T000000Z-deadbeef",
        2,
        &[
            "archive run 20990101T000000Z-deadbeef of clinic-q not found",
            &run,
        ],
    );
    refuse_restore("clinic-p", &purged, 2, &["--purge", "nothing to restore"]);

    // The tier it left is no longer configured.
    let no_premium: String = DEFAULT_TIERS
        .split("[tiers.")
        .filter(|s| !s.starts_with("premium]"))
        .collect::<Vec<_>>()
        .join("[tiers.");
    std::fs::write(&env.config, TestEnv::config_text(&env.ns, &no_premium)).unwrap();
    refuse_restore(
        "clinic-q",
        &run,
        2,
        &["tier premium", "declare tier premium"],
    );
    std::fs::write(&env.config, TestEnv::config_text(&env.ns, DEFAULT_TIERS)).unwrap();

    // Data already under the prefix: never written over.
    put(
        &sdk,
        &b,
        "premium/clinic-q/stray.txt",
        b"stray",
        &BTreeMap::new(),
    );
    refuse_restore("clinic-q", &run, 2, &["already holds 1 object version(s)"]);
    let stray = version_ids(&sdk, &b, "premium/clinic-q/stray.txt");
    delete_version(&sdk, &b, "premium/clinic-q/stray.txt", &stray[0].0);

    // An archived user now belongs to another tenant.
    env.ok(&[
        "tenant",
        "onboard",
        "other-t",
        "--tier",
        "basic",
        "--user",
        "q@clinic-q.example",
    ]);
    refuse_restore(
        "clinic-q",
        &run,
        2,
        &[
            "q@clinic-q.example",
            "was archived with clinic-q",
            "already belongs to tenant other-t",
        ],
    );
    env.ok(&["user", "remove", "other-t", "q@clinic-q.example", "--yes"]);

    // A damaged archive (environment failure, exit 3), found before any write.
    let ab = env.archive_bucket();
    let key = format!("offboarding/clinic-q/{run}/data/a.txt");
    put(&sdk, &ab, &key, b"tampered", &BTreeMap::new());
    refuse_restore("clinic-q", &run, 3, &["damaged", "not in its manifest"]);
    let ids = version_ids(&sdk, &ab, &key);
    delete_version(&sdk, &ab, &key, &ids[0].0); // the tampered version
    delete_version(&sdk, &ab, &key, &ids[1].0); // the archived copy itself
    refuse_restore("clinic-q", &run, 3, &["damaged", "missing", "a.txt"]);
    let rec = record(&env, &sdk, "clinic-q").unwrap();
    assert_eq!(rec["status"], "offboarded", "{rec}");
    assert!(rec.get("restores").is_none(), "{rec}");
}

#[test]
fn an_unfinished_restore_is_abandoned_by_offboarding_again() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-u",
        "--tier",
        "enterprise",
        "--user",
        "u@clinic-u.example",
    ]);
    let b = env.data_bucket();
    put(
        &sdk,
        &b,
        "enterprise/clinic-u/doc.txt",
        b"kept",
        &BTreeMap::new(),
    );
    let run1 = offboard(&env, &sdk, "clinic-u");
    let args = [
        "tenant",
        "restore",
        "clinic-u",
        "--from-archive",
        run1.as_str(),
    ];
    let (code, err) = run_until(&env, &args, "restore:role-ready");
    assert_eq!(code, 137, "{err}");
    // Give up: offboard the half-restored tenant; it archives what was restored.
    let run2 = offboard(&env, &sdk, "clinic-u");
    assert_ne!(run1, run2);
    assert!(versions(&sdk, &b, "enterprise/clinic-u/").is_empty());
    assert!(!sdk.role_exists(&format!("{}.clinic-u", env.ns)));
    let rec = record(&env, &sdk, "clinic-u").unwrap();
    let r = &rec["restores"][0];
    assert!(
        r["from_run"] == run1.as_str() && r.get("finished_at").is_none(),
        "{rec}"
    );
    // A new restore (of either run) starts from scratch and finishes.
    let (_, err) = env.ok(&args);
    assert!(!err.contains("resuming"), "{err}");
    assert_eq!(get(&sdk, &b, "enterprise/clinic-u/doc.txt").0, b"kept");
    let rec = record(&env, &sdk, "clinic-u").unwrap();
    assert_eq!(rec["status"], "active", "{rec}");
    assert_eq!(rec["restores"].as_array().unwrap().len(), 2, "{rec}");
    assert_eq!(
        rec["offboarded_history"].as_array().unwrap().len(),
        2,
        "{rec}"
    );
    assert!(sdk.role_exists(&format!("{}.clinic-u", env.ns)));
    assert!(users_of(&env, &sdk, "clinic-u").values().all(|(en, _)| *en));
}
