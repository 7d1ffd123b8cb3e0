//! `tenant set-tier` against the emulator: data moves (copy, verify, delete), users' claims
//! and the dedicated role follow, and a crash at every step boundary never leaves an object
//! in neither place; the re-run reaches the same end state as an uninterrupted run.

use crate::common::{snapshot, Sdk, TestEnv};
use crate::lifecycle_support::*;

const STEPS: [&str; 8] = [
    "started",
    "role-ready",
    "first-copy",
    "data-copied",
    "users-updated",
    "first-delete",
    "old-data-removed",
    "old-role-removed",
];

/// Every document is live, with its bytes and metadata, under `old` or `new` (or both).
fn assert_nothing_lost(env: &TestEnv, sdk: &Sdk, old: &str, new: &str, docs: &[Doc], when: &str) {
    let live_old = sdk.objects(&env.data_bucket(), old);
    let live_new = sdk.objects(&env.data_bucket(), new);
    for d in docs {
        let (ko, kn) = (format!("{old}{}", d.rel), format!("{new}{}", d.rel));
        let key = if live_new.contains_key(&kn) {
            kn
        } else {
            assert!(
                live_old.contains_key(&ko),
                "{when}: {} exists in neither place",
                d.rel
            );
            ko
        };
        let (body, meta, _) = get(sdk, &env.data_bucket(), &key);
        assert!(
            body == d.body && meta == d.metadata,
            "{when}: {key} differs from the fixture"
        );
    }
}

/// Everything that must hold once the tenant is on `to`; returns a tenant-neutral summary.
fn assert_moved(
    env: &TestEnv,
    sdk: &Sdk,
    t: &str,
    from: &str,
    to: &str,
    docs: &[Doc],
    siloed: bool,
) -> String {
    let rec = record(env, sdk, t).unwrap();
    assert_eq!(rec["tier"], to, "{rec}");
    assert_eq!(rec["status"], "active", "{rec}");
    assert!(
        rec.get("tier_change").is_none() && rec.get("journal").is_none(),
        "{rec}"
    );
    assert_eq!(rec["resources"]["data_prefix"], format!("{to}/{t}/"));
    assert!(
        versions(sdk, &env.data_bucket(), &format!("{from}/{t}/")).is_empty(),
        "old prefix not empty"
    );
    let new = versions(sdk, &env.data_bucket(), &format!("{to}/{t}/"));
    // One version per document (no duplicates) plus the marker.
    assert_eq!(new.len(), docs.len() + 1, "{new:?}");
    assert!(
        new.values().all(|v| *v == (1, 0, false)),
        "duplicated versions: {new:?}"
    );
    assert_nothing_lost(
        env,
        sdk,
        &format!("{from}/{t}/"),
        &format!("{to}/{t}/"),
        docs,
        "end",
    );
    let users = users_of(env, sdk, t);
    assert!(
        users.values().all(|(en, a)| *en && a["custom:tier"] == to),
        "{users:?}"
    );
    assert_eq!(sdk.role_exists(&format!("{}.{t}", env.ns)), siloed);
    assert_eq!(
        sdk.param(&format!("/{}/tenants/{t}/project-id", env.ns))
            .as_deref(),
        Some(format!("{to}-proj").as_str())
    );
    format!(
        "{} users, {:?}",
        users.len(),
        new.values().collect::<Vec<_>>()
    )
}

#[test]
fn set_tier_moves_data_users_and_role_and_is_idempotent() {
    let Some(root) = fixture_root() else { return };
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-c",
        "--tier",
        "basic",
        "--user",
        "dr@clinic-c.example",
        "--user",
        "rn@clinic-c.example",
    ]);
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-cd",
        "--tier",
        "basic",
        "--user",
        "dr@clinic-cd.example",
    ]);
    let d = docs(&root, "basic-tier", "clinic-c");
    upload(&sdk, &env.data_bucket(), "basic/clinic-c/", &d);
    upload(
        &sdk,
        &env.data_bucket(),
        "basic/clinic-cd/",
        &docs(&root, "basic-tier", "clinic-d"),
    );
    let others = others_state(&env, &sdk, "clinic-c");

    let before = snapshot(&env, &sdk);
    let (out, err) = env.ok(&["tenant", "set-tier", "clinic-c", "enterprise", "--dry-run"]);
    assert!(
        out.contains("copy") && out.contains("iam:role/") && err.contains("would change"),
        "{out}{err}"
    );
    assert_eq!(before, snapshot(&env, &sdk));
    // It deletes the old prefix: without a terminal it needs --yes, and writes nothing without.
    let (code, _, err) = env.run(&["tenant", "set-tier", "clinic-c", "enterprise"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("without confirmation") && err.contains("--yes"),
        "{err}"
    );
    assert_eq!(before, snapshot(&env, &sdk));

    env.ok(&["tenant", "set-tier", "clinic-c", "enterprise", "--yes"]);
    assert_moved(&env, &sdk, "clinic-c", "basic", "enterprise", &d, true);
    let (_, err) = env.ok(&["tenant", "set-tier", "clinic-c", "enterprise", "--yes"]);
    assert!(err.contains("0 changes planned"), "{err}");
    // Siloed -> pooled removes the dedicated role.
    env.ok(&["tenant", "set-tier", "clinic-c", "premium", "--yes"]);
    assert_moved(&env, &sdk, "clinic-c", "enterprise", "premium", &d, false);
    assert_eq!(
        others,
        others_state(&env, &sdk, "clinic-c"),
        "other tenants changed"
    );

    // Bad input: nothing written.
    let before = snapshot(&env, &sdk);
    for (args, code, words) in [
        (
            vec!["tenant", "set-tier", "clinic-c", "gold", "--yes"],
            2,
            "unknown tier",
        ),
        (
            vec!["tenant", "set-tier", "nobody-here", "basic", "--yes"],
            2,
            "unknown tenant",
        ),
        (
            vec!["tenant", "set-tier", "Clinic-C", "basic", "--yes"],
            2,
            "tenant id",
        ),
    ] {
        let (c, _, err) = env.run(&args);
        assert_eq!(c, code, "{args:?}: {err}");
        assert!(err.contains(words), "{args:?}: {err}");
        assert_eq!(before, snapshot(&env, &sdk), "{args:?} wrote");
    }
    assert!(record(&env, &sdk, "nobody-here").is_none());
}

#[test]
fn set_tier_resumes_after_a_crash_at_every_step_and_never_loses_an_object() {
    crash_at_every_step("basic", "enterprise", true);
}

/// The other direction, siloed to pooled: here `old-role-removed` does real work (the
/// dedicated role and its policy go), so a crash around it must not orphan the role.
#[test]
fn siloed_to_pooled_resumes_after_a_crash_at_every_step() {
    crash_at_every_step("enterprise", "basic", false);
}

fn crash_at_every_step(from: &str, to: &str, to_siloed: bool) {
    let Some(root) = fixture_root() else { return };
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    let d = docs(&root, "basic-tier", "clinic-a");
    crash_tenants(&env, &sdk, "ref-move", &STEPS, from, 1, &d);
    env.ok(&["tenant", "set-tier", "ref-move", to, "--yes"]);
    let reference = assert_moved(&env, &sdk, "ref-move", from, to, &d, to_siloed);
    for step in STEPS {
        let t = format!("crash-{step}");
        let (code, err) = run_until(
            &env,
            &["tenant", "set-tier", &t, to, "--yes"],
            &format!("set-tier:{step}"),
        );
        assert_eq!(code, 137, "{step}: {err}");
        assert_nothing_lost(
            &env,
            &sdk,
            &format!("{from}/{t}/"),
            &format!("{to}/{t}/"),
            &d,
            step,
        );
        let rec = record(&env, &sdk, &t).unwrap();
        assert_eq!(
            rec["status"], "pending",
            "{step}: not active mid-move: {rec}"
        );
        assert_eq!(rec["tier_change"]["to"], to, "{rec}");
        // Other commands refuse to act on a tenant mid-move.
        let (c, _, err) = env.run(&["tenant", "onboard", &t, "--tier", from]);
        assert_eq!(c, 2, "{err}");
        let (c, _, err) = env.run(&["tenant", "set-tier", &t, "premium", "--yes"]);
        assert_eq!(c, 2, "{err}");
        assert!(err.contains("finish that move"), "{err}");
        env.ok(&["tenant", "set-tier", &t, to, "--yes"]);
        let end = assert_moved(&env, &sdk, &t, from, to, &d, to_siloed);
        assert_eq!(
            end, reference,
            "{step}: end state differs from an uninterrupted run"
        );
    }
}
