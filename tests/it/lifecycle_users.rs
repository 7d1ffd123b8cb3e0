//! `user add|remove|list` and `tenant suspend|resume` against the emulator.

use crate::common::{snapshot, Sdk, TestEnv};
use crate::lifecycle_support::*;

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

/// Disable one user directly in Cognito (as an operator would in the console).
fn disable_by_hand(env: &TestEnv, sdk: &Sdk, username: &str) {
    sdk.rt
        .block_on(
            sdk.cognito
                .admin_disable_user()
                .user_pool_id(pool(env, sdk))
                .username(username)
                .send(),
        )
        .unwrap();
}

/// Overwrite a tenant's record with `f` applied (a hand edit, or an older tenantctl's record).
fn edit_record(env: &TestEnv, sdk: &Sdk, tenant: &str, f: impl FnOnce(&mut serde_json::Value)) {
    let mut rec = record(env, sdk, tenant).unwrap();
    f(&mut rec);
    sdk.rt
        .block_on(
            sdk.ssm
                .put_parameter()
                .name(format!("/{}/tenants/{tenant}/record", env.ns))
                .value(rec.to_string())
                .overwrite(true)
                .send(),
        )
        .unwrap();
}

#[test]
fn resume_gives_back_exactly_what_the_suspension_took() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-r",
        "--tier",
        "basic",
        "--user",
        "a@clinic-r.example",
        "--user",
        "b@clinic-r.example",
        "--user",
        "off@clinic-r.example",
    ]);
    // Disabled on its own, before the suspension: it must stay disabled afterwards.
    disable_by_hand(&env, &sdk, "off@clinic-r.example");
    env.ok(&[
        "tenant", "suspend", "clinic-r", "--reason", "audit", "--yes",
    ]);
    let rec = record(&env, &sdk, "clinic-r").unwrap();
    assert_eq!(rec["suspension"]["previous_status"], "active", "{rec}");
    assert_eq!(
        rec["suspension"]["disabled_users"],
        serde_json::json!(["a@clinic-r.example", "b@clinic-r.example"]),
        "{rec}"
    );

    // user add on a suspended tenant: a new user is created disabled; one left enabled by a run
    // killed between create and disable (made here by hand) is disabled by the re-run.
    sdk.rt
        .block_on(
            sdk.cognito
                .admin_create_user()
                .user_pool_id(pool(&env, &sdk))
                .username("half@clinic-r.example")
                .user_attributes(attr("email", "half@clinic-r.example"))
                .user_attributes(attr("custom:tier", "basic"))
                .user_attributes(attr("custom:clinic_id", "clinic-r"))
                .message_action(aws_sdk_cognitoidentityprovider::types::MessageActionType::Suppress)
                .send(),
        )
        .unwrap();
    let (out, _) = env.ok(&[
        "user",
        "add",
        "clinic-r",
        "half@clinic-r.example",
        "new@clinic-r.example",
        "--dry-run",
    ]);
    assert!(
        out.contains("cognito:user/half@clinic-r.example") && out.contains("disable"),
        "{out}"
    );
    env.ok(&[
        "user",
        "add",
        "clinic-r",
        "half@clinic-r.example",
        "new@clinic-r.example",
    ]);
    let users = users_of(&env, &sdk, "clinic-r");
    assert!(
        users.values().all(|(en, _)| !en),
        "all disabled while suspended: {users:?}"
    );
    let (_, err) = env.ok(&[
        "user",
        "add",
        "clinic-r",
        "half@clinic-r.example",
        "new@clinic-r.example",
    ]);
    assert!(err.contains("0 changes planned"), "{err}");

    env.ok(&["tenant", "resume", "clinic-r"]);
    let users = users_of(&env, &sdk, "clinic-r");
    for (u, (en, _)) in &users {
        assert_eq!(*en, u != "off@clinic-r.example", "{u}: {users:?}");
    }
    let rec = record(&env, &sdk, "clinic-r").unwrap();
    assert_eq!(rec["status"], "active");
    assert!(rec.get("suspension").is_none(), "{rec}");
    let (_, err) = env.ok(&["tenant", "resume", "clinic-r"]);
    assert!(err.contains("0 changes planned"), "{err}");

    // A record suspended by an older tenantctl (no suspension section) resumes as before:
    // every disabled user back, active.
    env.ok(&[
        "tenant", "suspend", "clinic-r", "--reason", "audit", "--yes",
    ]);
    edit_record(&env, &sdk, "clinic-r", |r| {
        r.as_object_mut().unwrap().remove("suspension");
    });
    env.ok(&["tenant", "resume", "clinic-r"]);
    assert!(users_of(&env, &sdk, "clinic-r").values().all(|(en, _)| *en));
    assert_eq!(record(&env, &sdk, "clinic-r").unwrap()["status"], "active");
}

/// `tenant onboard` of a suspended tenant: a named user that is enabled (a hand edit, a run
/// killed half-way) is disabled like the rest, and resume gives it back.
#[test]
fn onboarding_a_suspended_tenant_disables_its_enabled_users() {
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
    ]);
    env.ok(&[
        "tenant", "suspend", "clinic-o", "--reason", "audit", "--yes",
    ]);
    sdk.rt
        .block_on(
            sdk.cognito
                .admin_enable_user()
                .user_pool_id(pool(&env, &sdk))
                .username("a@clinic-o.example")
                .send(),
        )
        .unwrap();
    let (out, _) = env.ok(&[
        "tenant",
        "onboard",
        "clinic-o",
        "--tier",
        "basic",
        "--user",
        "a@clinic-o.example",
        "--dry-run",
    ]);
    assert!(out.contains("disable (tenant suspended)"), "{out}");
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
    let users = users_of(&env, &sdk, "clinic-o");
    assert_eq!(users.len(), 2);
    assert!(
        users.values().all(|(en, _)| !en),
        "suspended tenant's users stay disabled: {users:?}"
    );
    let (_, err) = env.ok(&[
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
    assert!(err.contains("0 changes planned"), "{err}");
    assert_eq!(
        record(&env, &sdk, "clinic-o").unwrap()["status"],
        "suspended"
    );
    env.ok(&["tenant", "resume", "clinic-o"]);
    assert!(users_of(&env, &sdk, "clinic-o").values().all(|(en, _)| *en));
}

#[test]
fn a_suspended_pending_tenant_resumes_pending_not_active() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-p",
        "--tier",
        "basic",
        "--user",
        "a@clinic-p.example",
    ]);
    // Onboarding not finished (e.g. the isolation gate failed): the record says pending.
    edit_record(&env, &sdk, "clinic-p", |r| r["status"] = "pending".into());
    let (out, _) = env.ok(&[
        "tenant",
        "suspend",
        "clinic-p",
        "--reason",
        "incident",
        "--dry-run",
    ]);
    assert!(out.contains("resume returns it to pending"), "{out}");
    env.ok(&[
        "tenant", "suspend", "clinic-p", "--reason", "incident", "--yes",
    ]);
    assert_eq!(
        record(&env, &sdk, "clinic-p").unwrap()["suspension"]["previous_status"],
        "pending"
    );
    // Still pending underneath: no tier move.
    let (code, _, err) = env.run(&["tenant", "set-tier", "clinic-p", "premium", "--yes"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("still pending") && err.contains("tenant resume clinic-p"),
        "{err}"
    );

    let (_, err) = env.ok(&["tenant", "resume", "clinic-p"]);
    assert!(
        err.contains("pending again") && err.contains("tenant onboard clinic-p --tier basic"),
        "{err}"
    );
    let rec = record(&env, &sdk, "clinic-p").unwrap();
    assert_eq!(
        rec["status"], "pending",
        "never active without finished onboarding: {rec}"
    );
    assert!(users_of(&env, &sdk, "clinic-p").values().all(|(en, _)| *en));
    // Finishing onboarding makes it active.
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-p",
        "--tier",
        "basic",
        "--user",
        "a@clinic-p.example",
    ]);
    assert_eq!(record(&env, &sdk, "clinic-p").unwrap()["status"], "active");
}

fn attr(name: &str, value: &str) -> aws_sdk_cognitoidentityprovider::types::AttributeType {
    aws_sdk_cognitoidentityprovider::types::AttributeType::builder()
        .name(name)
        .value(value)
        .build()
        .unwrap()
}

/// Signs `username` in with a password through a test-only app client; the refresh token.
fn sign_in(sdk: &Sdk, pool: &str, client: &str, username: &str, password: &str) -> Option<String> {
    use aws_sdk_cognitoidentityprovider::types::AuthFlowType;
    let r = sdk.rt.block_on(
        sdk.cognito
            .admin_initiate_auth()
            .user_pool_id(pool)
            .client_id(client)
            .auth_flow(AuthFlowType::AdminUserPasswordAuth)
            .auth_parameters("USERNAME", username)
            .auth_parameters("PASSWORD", password)
            .send(),
    );
    r.ok()?.authentication_result?.refresh_token
}

/// Does the refresh token still give new tokens?
fn refresh_works(sdk: &Sdk, pool: &str, client: &str, token: &str) -> bool {
    use aws_sdk_cognitoidentityprovider::types::AuthFlowType;
    sdk.rt
        .block_on(
            sdk.cognito
                .admin_initiate_auth()
                .user_pool_id(pool)
                .client_id(client)
                .auth_flow(AuthFlowType::RefreshTokenAuth)
                .auth_parameters("REFRESH_TOKEN", token)
                .send(),
        )
        .is_ok()
}

/// Suspending signs users out everywhere, not only disables them: a refresh token issued
/// before the suspension is refused, and stays refused after the tenant is resumed (a
/// disabled-then-enabled user's old tokens would work again; revoked ones never do).
#[test]
fn suspension_revokes_refresh_tokens_for_good() {
    use aws_sdk_cognitoidentityprovider::types::ExplicitAuthFlowsType;
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-r",
        "--tier",
        "basic",
        "--user",
        "a@clinic-r.example",
    ]);
    let pool = pool(&env, &sdk);
    let username = users_of(&env, &sdk, "clinic-r")
        .into_keys()
        .next()
        .expect("the tenant's user");
    // A test-only app client and password: what a signed-in clinic user holds.
    let client = sdk
        .rt
        .block_on(
            sdk.cognito
                .create_user_pool_client()
                .user_pool_id(&pool)
                .client_name("test-sign-in")
                .explicit_auth_flows(ExplicitAuthFlowsType::AllowAdminUserPasswordAuth)
                .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
                .read_attributes("email")
                .write_attributes("email")
                .send(),
        )
        .unwrap()
        .user_pool_client
        .and_then(|c| c.client_id)
        .unwrap();
    let password = "Test-only-pw-1!";
    sdk.rt
        .block_on(
            sdk.cognito
                .admin_set_user_password()
                .user_pool_id(&pool)
                .username(&username)
                .password(password)
                .permanent(true)
                .send(),
        )
        .unwrap();
    let token = sign_in(&sdk, &pool, &client, &username, password).expect("signed in");
    assert!(
        refresh_works(&sdk, &pool, &client, &token),
        "control: refresh works"
    );

    env.ok(&[
        "tenant",
        "suspend",
        "clinic-r",
        "--reason",
        "security review",
        "--yes",
    ]);
    assert!(
        !refresh_works(&sdk, &pool, &client, &token),
        "refresh after suspension"
    );
    assert!(sign_in(&sdk, &pool, &client, &username, password).is_none());

    env.ok(&["tenant", "resume", "clinic-r"]);
    assert!(
        !refresh_works(&sdk, &pool, &client, &token),
        "a token from before the suspension works again after resume"
    );
    let fresh = sign_in(&sdk, &pool, &client, &username, password).expect("signs in again");
    assert!(refresh_works(&sdk, &pool, &client, &fresh));
}
