//! Issue #13, per-tier limits: `init` creates one API Gateway usage plan per tier that declares
//! `rate`/`burst`/`quota`; each tenant gets its own API key on its tier's plan (value stored as
//! an SSM SecureString, never printed); `set-tier` moves it, `suspend` disables it, `resume`
//! enables it, `offboard` deletes it and its parameter; `validate drift` reports a key moved by
//! hand (TD020) and a key of no tenant (TD021). moto 5.2.4 serves usage plans, keys and plan
//! keys; it has no GetUsage, so `tenant show` reports usage as not reported here.

use crate::common::{Sdk, TestEnv};

const TIERS: &str = r#"
[tiers.basic]
model_id = "mistral.ministral-3-8b-instruct"
deployment = "pooled"
monthly_budget = "200"
project_id = "basic-proj"
rate = 5
burst = 10
quota = 10000
[tiers.premium]
model_id = "openai.gpt-oss-120b-1:0"
deployment = "pooled"
monthly_budget = "1500"
project_id = "premium-proj"
rate = 50.5
burst = 100
quota = 500000
"#;

fn apigw(sdk: &Sdk) -> aws_sdk_apigateway::Client {
    aws_sdk_apigateway::Client::new(&sdk.conf)
}

/// (plan name -> (id, rate, burst, quota)) of this namespace's plans.
fn plans(
    sdk: &Sdk,
    gw: &aws_sdk_apigateway::Client,
    ns: &str,
) -> Vec<(String, String, f64, i32, i32)> {
    let o = sdk
        .rt
        .block_on(gw.get_usage_plans().limit(500).send())
        .unwrap();
    o.items()
        .iter()
        .filter(|u| u.name().unwrap_or("").starts_with(&format!("{ns}/")))
        .map(|u| {
            (
                u.name().unwrap().to_string(),
                u.id().unwrap().to_string(),
                u.throttle().unwrap().rate_limit(),
                u.throttle().unwrap().burst_limit(),
                u.quota().unwrap().limit(),
            )
        })
        .collect()
}

fn plan_id(sdk: &Sdk, gw: &aws_sdk_apigateway::Client, ns: &str, tier: &str) -> String {
    plans(sdk, gw, ns)
        .into_iter()
        .find(|p| p.0 == format!("{ns}/{tier}"))
        .unwrap()
        .1
}

/// The tenant's key: (id, enabled, value).
fn key(
    sdk: &Sdk,
    gw: &aws_sdk_apigateway::Client,
    ns: &str,
    t: &str,
) -> Option<(String, bool, String)> {
    let o = sdk
        .rt
        .block_on(gw.get_api_keys().include_values(true).limit(500).send())
        .unwrap();
    o.items()
        .iter()
        .find(|k| k.name() == Some(&format!("{ns}/{t}")))
        .map(|k| {
            (
                k.id().unwrap().to_string(),
                k.enabled(),
                k.value().unwrap_or("").to_string(),
            )
        })
}

fn on_plan(sdk: &Sdk, gw: &aws_sdk_apigateway::Client, plan: &str, key: &str) -> bool {
    sdk.rt
        .block_on(gw.get_usage_plan_keys().usage_plan_id(plan).send())
        .unwrap()
        .items()
        .iter()
        .any(|k| k.id() == Some(key))
}

fn drift_rules(env: &TestEnv) -> Vec<(String, String)> {
    let (_, out, _) = env.run(&["validate", "drift", "--output", "json"]);
    let rep: serde_json::Value = serde_json::from_str(&out).unwrap();
    rep["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["subject"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn usage_plans_and_a_key_per_tenant_through_the_lifecycle() {
    let env = TestEnv::with_tiers(TIERS);
    let sdk = Sdk::new();
    let gw = apigw(&sdk);
    let ns = env.ns.clone();

    // init: one plan per tier, shown by --dry-run, idempotent.
    env.ok(&["init"]);
    let (out, _) = env.ok(&["init", "--dry-run"]);
    assert!(!out.contains("apigateway:usage-plan"), "{out}");
    let mut got = plans(&sdk, &gw, &ns);
    got.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!((got[0].2, got[0].3, got[0].4), (5.0, 10, 10000));
    assert_eq!((got[1].2, got[1].3, got[1].4), (50.5, 100, 500000));
    let basic = plan_id(&sdk, &gw, &ns, "basic");
    let premium = plan_id(&sdk, &gw, &ns, "premium");

    // onboard: a key of its own on the tier's plan; the value only in the SecureString.
    let (dry, _) = env.ok(&[
        "tenant",
        "onboard",
        "clinic-a",
        "--tier",
        "basic",
        "--dry-run",
    ]);
    assert!(
        dry.contains(&format!("apigateway:api-key/{ns}/clinic-a")),
        "{dry}"
    );
    assert!(
        key(&sdk, &gw, &ns, "clinic-a").is_none(),
        "dry run created a key"
    );
    let (out, err) = env.ok(&["tenant", "onboard", "clinic-a", "--tier", "basic"]);
    let (kid, enabled, value) = key(&sdk, &gw, &ns, "clinic-a").expect("key created");
    assert!(enabled);
    assert!(!value.is_empty());
    assert!(
        !out.contains(&value) && !err.contains(&value),
        "key value printed"
    );
    assert!(on_plan(&sdk, &gw, &basic, &kid));
    assert!(!on_plan(&sdk, &gw, &premium, &kid));
    let param = format!("/{ns}/tenants/clinic-a/api-key");
    let p = sdk
        .rt
        .block_on(
            sdk.ssm
                .get_parameter()
                .name(&param)
                .with_decryption(true)
                .send(),
        )
        .unwrap()
        .parameter
        .unwrap();
    assert_eq!(
        p.r#type,
        Some(aws_sdk_ssm::types::ParameterType::SecureString)
    );
    assert_eq!(p.value.as_deref(), Some(value.as_str()));
    // Re-running onboarding changes nothing (no second key).
    let (again, _) = env.ok(&[
        "tenant",
        "onboard",
        "clinic-a",
        "--tier",
        "basic",
        "--dry-run",
    ]);
    assert!(!again.contains("apigateway:"), "{again}");

    // tenant show: the limits and the key (never its value).
    let (show, _) = env.ok(&["tenant", "show", "clinic-a", "--output", "json"]);
    let s: serde_json::Value = serde_json::from_str(&show).unwrap();
    assert_eq!(s["limits"]["quota"], 10000);
    assert_eq!(s["limits"]["api_key_id"], kid.as_str());
    assert!(!show.contains(&value));
    let (table, _) = env.ok(&["tenant", "show", "clinic-a"]);
    assert!(
        table.contains("rate 5/s, burst 10, quota 10000/month"),
        "{table}"
    );

    // set-tier: the key moves to the new tier's plan.
    env.ok(&["tenant", "set-tier", "clinic-a", "premium", "--yes"]);
    assert!(on_plan(&sdk, &gw, &premium, &kid));
    assert!(!on_plan(&sdk, &gw, &basic, &kid));
    assert!(!drift_rules(&env).iter().any(|(r, _)| r.starts_with("TD02")));

    // suspend disables it, resume enables it.
    env.ok(&[
        "tenant", "suspend", "clinic-a", "--reason", "unpaid", "--yes",
    ]);
    assert!(!key(&sdk, &gw, &ns, "clinic-a").unwrap().1);
    env.ok(&["tenant", "resume", "clinic-a"]);
    assert!(key(&sdk, &gw, &ns, "clinic-a").unwrap().1);

    // drift: the key moved by hand onto the basic plan, and a key of no tenant.
    sdk.rt
        .block_on(
            gw.delete_usage_plan_key()
                .usage_plan_id(&premium)
                .key_id(&kid)
                .send(),
        )
        .unwrap();
    sdk.rt
        .block_on(
            gw.create_usage_plan_key()
                .usage_plan_id(&basic)
                .key_id(&kid)
                .key_type("API_KEY")
                .send(),
        )
        .unwrap();
    sdk.rt
        .block_on(
            gw.create_api_key()
                .name(format!("{ns}/ghost"))
                .enabled(true)
                .send(),
        )
        .unwrap();
    let sarif = env.dir.path().join("drift.sarif");
    let (code, out, _) = env.run(&[
        "validate",
        "drift",
        "--output",
        "json",
        "--sarif",
        sarif.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{out}");
    let f = drift_rules(&env);
    assert!(
        f.contains(&("TD020".into(), format!("apigateway:api-key/{ns}/clinic-a"))),
        "{f:?}"
    );
    assert!(
        f.contains(&("TD021".into(), format!("apigateway:api-key/{ns}/ghost"))),
        "{f:?}"
    );
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    let ids: Vec<&str> = doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"TD020") && ids.contains(&"TD021"), "{ids:?}");
    // Put it back for offboarding.
    sdk.rt
        .block_on(
            gw.delete_usage_plan_key()
                .usage_plan_id(&basic)
                .key_id(&kid)
                .send(),
        )
        .unwrap();

    // offboard: the key and its parameter are gone, and the value is not in the archive.
    env.ok(&["tenant", "offboard", "clinic-a", "--yes"]);
    assert!(key(&sdk, &gw, &ns, "clinic-a").is_none());
    assert!(sdk.param(&param).is_none());
    let archived = sdk.objects(&env.archive_bucket(), "");
    for k in archived.keys().filter(|k| k.contains("parameters")) {
        let body = sdk
            .rt
            .block_on(
                sdk.s3
                    .get_object()
                    .bucket(env.archive_bucket())
                    .key(k)
                    .send(),
            )
            .unwrap()
            .body;
        let bytes = sdk.rt.block_on(body.collect()).unwrap().into_bytes();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("api-key") && !text.contains(&value),
            "{k}: {text}"
        );
    }
}

#[test]
fn a_key_created_but_not_stored_is_stored_on_the_rerun() {
    let env = TestEnv::with_tiers(TIERS);
    let sdk = Sdk::new();
    let gw = apigw(&sdk);
    env.ok(&["init"]);
    env.ok(&["tenant", "onboard", "clinic-b", "--tier", "basic"]);
    let (kid, _, value) = key(&sdk, &gw, &env.ns, "clinic-b").unwrap();
    // As if the run died between CreateApiKey and the SecureString / the plan key.
    let param = format!("/{}/tenants/clinic-b/api-key", env.ns);
    sdk.rt
        .block_on(sdk.ssm.delete_parameter().name(&param).send())
        .unwrap();
    let basic = plan_id(&sdk, &gw, &env.ns, "basic");
    sdk.rt
        .block_on(
            gw.delete_usage_plan_key()
                .usage_plan_id(&basic)
                .key_id(&kid)
                .send(),
        )
        .unwrap();
    let (dry, _) = env.ok(&[
        "tenant",
        "onboard",
        "clinic-b",
        "--tier",
        "basic",
        "--dry-run",
    ]);
    assert!(dry.contains(&format!("ssm:{param}")), "{dry}");
    let (out, err) = env.ok(&["tenant", "onboard", "clinic-b", "--tier", "basic"]);
    assert!(!out.contains(&value) && !err.contains(&value));
    assert_eq!(
        key(&sdk, &gw, &env.ns, "clinic-b").unwrap().0,
        kid,
        "no second key"
    );
    assert!(on_plan(&sdk, &gw, &basic, &kid));
    let stored = sdk
        .rt
        .block_on(
            sdk.ssm
                .get_parameter()
                .name(&param)
                .with_decryption(true)
                .send(),
        )
        .unwrap()
        .parameter
        .unwrap()
        .value
        .unwrap();
    assert_eq!(stored, value);
}
