//! `user add|remove|list` and `tenant suspend|resume` against the emulator.

mod common;
mod lifecycle_support;

use common::{snapshot, Sdk, TestEnv};
use lifecycle_support::*;

#[test]
fn users_carry_their_tenants_claims_and_are_idempotent() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    env.ok(&["tenant", "onboard", "clinic-u", "--tier", "premium"]);
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-w",
        "--tier",
        "basic",
        "--user",
        "w@clinic-w.example",
    ]);
    let f = env.write(
        "users.csv",
        "email\nfile1@clinic-u.example\nFile2@Clinic-U.example\n",
    );
    let before = snapshot(&env, &sdk);
    let (out, _) = env.ok(&[
        "user",
        "add",
        "clinic-u",
        "a@clinic-u.example",
        "--users",
        f.to_str().unwrap(),
        "--dry-run",
    ]);
    assert!(out.contains("file2@clinic-u.example"), "{out}");
    assert_eq!(before, snapshot(&env, &sdk));
    env.ok(&[
        "user",
        "add",
        "clinic-u",
        "a@clinic-u.example",
        "--users",
        f.to_str().unwrap(),
    ]);
    let users = users_of(&env, &sdk, "clinic-u");
    assert_eq!(users.len(), 3, "{users:?}");
    assert!(users.values().all(|(en, a)| *en
        && a["custom:tier"] == "premium"
        && a["custom:clinic_id"] == "clinic-u"));
    let (_, err) = env.ok(&["user", "add", "clinic-u", "a@clinic-u.example"]);
    assert!(err.contains("0 changes planned"), "{err}");
    let (out, _) = env.ok(&["user", "list", "clinic-u", "--output", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 3);
    assert_eq!(rows[0]["tier"], "premium");

    // Bad input and other tenants' users: exit 2, nothing written.
    let before = snapshot(&env, &sdk);
    for (args, words) in [
        (
            vec!["user", "add", "clinic-u", "w@clinic-w.example"],
            "belongs to tenant clinic-w",
        ),
        (vec!["user", "add", "clinic-u", "not-an-email"], "email"),
        (
            vec!["user", "add", "nobody-here", "x@y.example"],
            "unknown tenant",
        ),
        (vec!["user", "add", "clinic-u"], "no users given"),
        (
            vec!["user", "remove", "clinic-u", "w@clinic-w.example", "--yes"],
            "belongs to tenant clinic-w",
        ),
        (
            vec!["user", "remove", "clinic-u", "a@clinic-u.example"],
            "--yes",
        ),
        (vec!["user", "list", "nobody-here"], "unknown tenant"),
    ] {
        let (code, _, err) = env.run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(words), "{args:?}: {err}");
        assert_eq!(before, snapshot(&env, &sdk), "{args:?} wrote");
    }

    env.ok(&["user", "remove", "clinic-u", "a@clinic-u.example", "--yes"]);
    assert_eq!(users_of(&env, &sdk, "clinic-u").len(), 2);
    let (_, err) = env.ok(&["user", "remove", "clinic-u", "a@clinic-u.example", "--yes"]);
    assert!(err.contains("0 changes planned"), "{err}");
    assert_eq!(users_of(&env, &sdk, "clinic-w").len(), 1);
}

#[test]
fn suspend_disables_users_keeps_data_and_resume_reverses_it() {
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
        "--user",
        "b@clinic-s.example",
    ]);
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-t",
        "--tier",
        "basic",
        "--user",
        "a@clinic-t.example",
    ]);
    put(
        &sdk,
        &env.data_bucket(),
        "basic/clinic-s/doc.txt",
        b"data",
        &Default::default(),
    );
    let data = sdk.objects(&env.data_bucket(), "");
    let others = others_state(&env, &sdk, "clinic-s");

    let (code, _, err) = env.run(&[
        "tenant",
        "suspend",
        "clinic-s",
        "--reason",
        "unpaid invoice",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--yes"), "{err}");
    let (code, _, err) = env.run(&["tenant", "suspend", "clinic-s", "--reason", "  ", "--yes"]);
    assert_eq!(code, 2, "{err}");
    let before = snapshot(&env, &sdk);
    env.ok(&[
        "tenant",
        "suspend",
        "clinic-s",
        "--reason",
        "unpaid invoice",
        "--dry-run",
    ]);
    assert_eq!(before, snapshot(&env, &sdk));

    env.ok(&[
        "tenant",
        "suspend",
        "clinic-s",
        "--reason",
        "unpaid invoice",
        "--yes",
    ]);
    let rec = record(&env, &sdk, "clinic-s").unwrap();
    assert_eq!(rec["status"], "suspended");
    assert_eq!(rec["status_reason"], "unpaid invoice");
    assert!(users_of(&env, &sdk, "clinic-s").values().all(|(en, _)| !en));
    assert_eq!(data, sdk.objects(&env.data_bucket(), ""), "data touched");
    assert_eq!(others, others_state(&env, &sdk, "clinic-s"));
    let (_, err) = env.ok(&[
        "tenant",
        "suspend",
        "clinic-s",
        "--reason",
        "unpaid invoice",
        "--yes",
    ]);
    assert!(err.contains("0 changes planned"), "{err}");
    // Onboarding again must not re-enable a suspended tenant's users; new users start disabled.
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-s",
        "--tier",
        "basic",
        "--user",
        "a@clinic-s.example",
    ]);
    env.ok(&["user", "add", "clinic-s", "c@clinic-s.example"]);
    assert!(users_of(&env, &sdk, "clinic-s").values().all(|(en, _)| !en));
    let (out, _) = env.ok(&["tenant", "show", "clinic-s"]);
    assert!(out.contains("unpaid invoice"), "{out}");

    env.ok(&["tenant", "resume", "clinic-s"]);
    let rec = record(&env, &sdk, "clinic-s").unwrap();
    assert_eq!(rec["status"], "active");
    assert!(rec.get("status_reason").is_none());
    assert!(users_of(&env, &sdk, "clinic-s").values().all(|(en, _)| *en));
    let (_, err) = env.ok(&["tenant", "resume", "clinic-s"]);
    assert!(err.contains("0 changes planned"), "{err}");
    let (code, _, err) = env.run(&["tenant", "resume", "nobody-here"]);
    assert_eq!(code, 2, "{err}");
}
