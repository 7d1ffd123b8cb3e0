//! Issue #13, authorizers: `validate isolation` (online) reads the platform's AgentCore
//! runtimes and gateways and reports each misconfigured inbound authorizer under its own rule
//! (TI018 foreign issuer, TI019 no allowedClients, TI021 a client that can write the tenant
//! claims, TI022 an IAM-only runtime invokable by others than the front door), in JSON and
//! SARIF; `init` fixes the ones listed in `[agentcore]`, idempotently. moto 5.2.4 serves the
//! AgentCore control plane (runtimes, gateways, tags) used here: no stand-in needed.

use aws_sdk_bedrockagentcorecontrol::types::{
    AgentRuntimeArtifact, AuthorizerConfiguration, AuthorizerType, ContainerConfiguration,
    CustomJwtAuthorizerConfiguration, GatewayProtocolType, NetworkConfiguration, NetworkMode,
};

use crate::common::{Sdk, TestEnv, ACCOUNT, DEFAULT_TIERS};

pub fn agentcore(sdk: &Sdk) -> aws_sdk_bedrockagentcorecontrol::Client {
    aws_sdk_bedrockagentcorecontrol::Client::new(&sdk.conf)
}

fn jwt(url: &str, clients: &[&str]) -> AuthorizerConfiguration {
    let mut b = CustomJwtAuthorizerConfiguration::builder().discovery_url(url);
    for c in clients {
        b = b.allowed_clients(*c);
    }
    AuthorizerConfiguration::CustomJwtAuthorizer(b.build().unwrap())
}

/// Create a runtime (tagged with `ns` when given); returns (id, arn).
pub fn runtime(
    sdk: &Sdk,
    ac: &aws_sdk_bedrockagentcorecontrol::Client,
    name: &str,
    ns: Option<&str>,
    auth: Option<AuthorizerConfiguration>,
) -> (String, String) {
    let mut req = ac
        .create_agent_runtime()
        .agent_runtime_name(name)
        .agent_runtime_artifact(AgentRuntimeArtifact::ContainerConfiguration(
            ContainerConfiguration::builder()
                .container_uri(format!("{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/agent:1"))
                .build()
                .unwrap(),
        ))
        .role_arn(format!("arn:aws:iam::{ACCOUNT}:role/agent-exec"))
        .network_configuration(
            NetworkConfiguration::builder()
                .network_mode(NetworkMode::Public)
                .build()
                .unwrap(),
        )
        .set_authorizer_configuration(auth);
    if let Some(ns) = ns {
        req = req.tags("tenantctl:namespace", ns);
    }
    let o = sdk.rt.block_on(req.send()).unwrap();
    (o.agent_runtime_id, o.agent_runtime_arn)
}

fn gateway(
    sdk: &Sdk,
    ac: &aws_sdk_bedrockagentcorecontrol::Client,
    name: &str,
    ns: &str,
    auth: Option<AuthorizerConfiguration>,
) -> (String, String) {
    let o = sdk
        .rt
        .block_on(
            ac.create_gateway()
                .name(name)
                .role_arn(format!("arn:aws:iam::{ACCOUNT}:role/gw-exec"))
                .protocol_type(GatewayProtocolType::Mcp)
                .authorizer_type(if auth.is_some() {
                    AuthorizerType::CustomJwt
                } else {
                    AuthorizerType::AwsIam
                })
                .set_authorizer_configuration(auth)
                .tags("tenantctl:namespace", ns)
                .send(),
        )
        .unwrap();
    (o.gateway_id, o.gateway_arn)
}

fn discovery(pool: &str) -> String {
    format!("https://cognito-idp.us-east-1.amazonaws.com/{pool}/.well-known/openid-configuration")
}

/// (app client id of tenantctl, id of a new client that can write every attribute)
fn clients(env: &TestEnv, sdk: &Sdk, pool: &str) -> (String, String) {
    (our_client(env, sdk, pool), wide_client(sdk, pool))
}

fn our_client(env: &TestEnv, sdk: &Sdk, pool: &str) -> String {
    let list = sdk
        .rt
        .block_on(
            sdk.cognito
                .list_user_pool_clients()
                .user_pool_id(pool)
                .max_results(60)
                .send(),
        )
        .unwrap();
    let ours = list
        .user_pool_clients()
        .iter()
        .find(|c| c.client_name() == Some(&format!("{}-app", env.ns)))
        .and_then(|c| c.client_id())
        .unwrap()
        .to_string();
    ours
}

fn wide_client(sdk: &Sdk, pool: &str) -> String {
    sdk.rt
        .block_on(
            sdk.cognito
                .create_user_pool_client()
                .user_pool_id(pool)
                .client_name("legacy-admin")
                .send(),
        )
        .unwrap()
        .user_pool_client
        .unwrap()
        .client_id
        .unwrap()
}

/// (rule, message) of every finding of a JSON isolation report.
fn findings(json: &str) -> Vec<(String, String)> {
    let rep: serde_json::Value = serde_json::from_str(json).unwrap();
    rep["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// (ruleId, message) of every SARIF result.
fn sarif_results(path: &std::path::Path) -> Vec<(String, String)> {
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap().to_string(),
                r["message"]["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn misconfigured_authorizers_are_findings_in_json_and_sarif() {
    let env = TestEnv::new();
    env.init();
    let sdk = Sdk::new();
    let ac = agentcore(&sdk);
    let pool = sdk.pool_id(&format!("{}-users", env.ns)).unwrap();
    let (ours, wide) = clients(&env, &sdk, &pool);
    let url = discovery(&pool);
    let ns = env.ns.as_str();
    let n = |s: &str| format!("{}_{s}", ns);
    let (foreign, _) = runtime(
        &sdk,
        &ac,
        &n("foreign"),
        Some(ns),
        Some(jwt(&discovery("us-east-1_Elsewhere1"), &[&ours])),
    );
    let (anyclient, _) = runtime(&sdk, &ac, &n("anyclient"), Some(ns), Some(jwt(&url, &[])));
    let (writer, _) = runtime(&sdk, &ac, &n("writer"), Some(ns), Some(jwt(&url, &[&wide])));
    let (iam_only, _) = runtime(&sdk, &ac, &n("iamonly"), Some(ns), None);
    let (good, _) = runtime(&sdk, &ac, &n("good"), Some(ns), Some(jwt(&url, &[&ours])));
    // Not the platform's (no namespace tag, not listed): not judged.
    let (other, _) = runtime(&sdk, &ac, &n("stranger"), None, None);
    let (gw_bad, _) = gateway(&sdk, &ac, &format!("{ns}-gwbad"), ns, Some(jwt(&url, &[])));
    let (gw_good, _) = gateway(
        &sdk,
        &ac,
        &format!("{ns}-gwgood"),
        ns,
        Some(jwt(&url, &[&ours])),
    );

    let sarif = env.dir.path().join("iso.sarif");
    let (code, out, err) = env.run(&[
        "validate",
        "isolation",
        "--output",
        "json",
        "--sarif",
        sarif.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}\n{out}");
    let json = findings(&out);
    let sarif = sarif_results(&sarif);
    for (what, list) in [("json", &json), ("sarif", &sarif)] {
        let has = |rule: &str, id: &str| list.iter().any(|(r, m)| r == rule && m.contains(id));
        assert!(has("TI018", &foreign), "{what}: {list:?}");
        assert!(has("TI019", &anyclient), "{what}: {list:?}");
        assert!(has("TI019", &gw_bad), "{what}: {list:?}");
        assert!(has("TI021", &writer), "{what}: {list:?}");
        assert!(
            list.iter()
                .any(|(r, m)| r == "TI021" && m.contains("legacy-admin")),
            "{what}: {list:?}"
        );
        assert!(has("TI022", &iam_only), "{what}: {list:?}");
        for id in [&good, &other, &gw_good] {
            assert!(
                !list.iter().any(|(_, m)| m.contains(id)),
                "{what}: {id} judged: {list:?}"
            );
        }
    }
}

#[test]
fn iam_only_runtime_is_a_finding_only_for_principals_other_than_the_front_door() {
    let env = TestEnv::new();
    let front = format!("arn:aws:iam::{ACCOUNT}:role/{}-frontdoor", env.ns);
    let text = TestEnv::config_text(&env.ns, DEFAULT_TIERS);
    std::fs::write(
        &env.config,
        format!("{text}\n[agentcore]\nfront_door = \"{front}\"\n"),
    )
    .unwrap();
    env.init();
    let sdk = Sdk::new();
    let ac = agentcore(&sdk);
    let invoke = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"bedrock-agentcore:InvokeAgentRuntime","Resource":"*"}]}"#;
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    for role in ["frontdoor", "sidedoor"] {
        let name = format!("{}-{role}", env.ns);
        sdk.rt
            .block_on(
                sdk.iam
                    .create_role()
                    .role_name(&name)
                    .assume_role_policy_document(trust)
                    .send(),
            )
            .unwrap();
        sdk.rt
            .block_on(
                sdk.iam
                    .put_role_policy()
                    .role_name(&name)
                    .policy_name("invoke")
                    .policy_document(invoke)
                    .send(),
            )
            .unwrap();
    }
    let (id, _) = runtime(
        &sdk,
        &ac,
        &format!("{}_iamonly", env.ns),
        Some(&env.ns),
        None,
    );
    let (code, out, err) = env.run(&["validate", "isolation", "--output", "json"]);
    assert_eq!(code, 1, "{err}\n{out}");
    let ti022: Vec<_> = findings(&out)
        .into_iter()
        .filter(|(r, m)| r == "TI022" && m.contains(&id))
        .map(|(_, m)| m)
        .collect();
    assert!(
        ti022
            .iter()
            .any(|m| m.contains(&format!("role/{}-sidedoor", env.ns))),
        "{ti022:?}"
    );
    assert!(
        !ti022
            .iter()
            .any(|m| m.contains(&format!("and {front}, not"))),
        "{ti022:?}"
    );
}

#[test]
fn init_fixes_the_listed_runtime_and_gateway_idempotently() {
    let env = TestEnv::new();
    env.init();
    let sdk = Sdk::new();
    let ac = agentcore(&sdk);
    let pool = sdk.pool_id(&format!("{}-users", env.ns)).unwrap();
    // (No claim-writing client here: init would refuse to pass with one in the pool.)
    let ours = our_client(&env, &sdk, &pool);
    let (rid, _) = runtime(
        &sdk,
        &ac,
        &format!("{}_owned", env.ns),
        None,
        Some(jwt(&discovery("us-east-1_Elsewhere1"), &[])),
    );
    let (gid, _) = gateway(&sdk, &ac, &format!("{}-owned", env.ns), &env.ns, None);
    let text = TestEnv::config_text(&env.ns, DEFAULT_TIERS);
    std::fs::write(
        &env.config,
        format!("{text}\n[agentcore]\nruntimes = [\"{rid}\"]\ngateways = [\"{gid}\"]\n"),
    )
    .unwrap();
    // Before: findings on both (the listed runtime is judged though untagged).
    let (code, out, _) = env.run(&["validate", "isolation", "--output", "json"]);
    assert_eq!(code, 1);
    let f = findings(&out);
    assert!(
        f.iter().any(|(r, m)| r == "TI018" && m.contains(&rid)),
        "{f:?}"
    );
    assert!(
        f.iter().any(|(r, m)| r == "TI022" && m.contains(&gid)),
        "{f:?}"
    );

    // --dry-run shows both fixes and changes nothing.
    let (out, _) = env.ok(&["init", "--dry-run"]);
    assert!(
        out.contains(&format!("bedrock-agentcore:runtime/{rid}")),
        "{out}"
    );
    assert!(
        out.contains(&format!("bedrock-agentcore:gateway/{gid}")),
        "{out}"
    );
    let get_rt = || {
        sdk.rt
            .block_on(ac.get_agent_runtime().agent_runtime_id(&rid).send())
            .unwrap()
    };
    match get_rt().authorizer_configuration() {
        Some(AuthorizerConfiguration::CustomJwtAuthorizer(j)) => {
            assert!(j.discovery_url().contains("Elsewhere1"))
        }
        o => panic!("{o:?}"),
    }

    env.init();
    match get_rt().authorizer_configuration() {
        Some(AuthorizerConfiguration::CustomJwtAuthorizer(j)) => {
            assert_eq!(j.discovery_url(), discovery(&pool));
            assert_eq!(j.allowed_clients(), std::slice::from_ref(&ours));
        }
        o => panic!("{o:?}"),
    }
    // The runtime's definition is otherwise unchanged.
    assert_eq!(
        get_rt().role_arn(),
        format!("arn:aws:iam::{ACCOUNT}:role/agent-exec")
    );
    let gw = sdk
        .rt
        .block_on(ac.get_gateway().gateway_identifier(&gid).send())
        .unwrap();
    assert_eq!(gw.authorizer_type(), &AuthorizerType::CustomJwt);

    // Idempotent: nothing left to do, no authorizer finding left.
    let (out, _) = env.ok(&["init", "--dry-run"]);
    assert!(!out.contains("bedrock-agentcore:"), "{out}");
    let (_, out, _) = env.run(&["validate", "isolation", "--output", "json"]);
    let f = findings(&out);
    assert!(
        !f.iter().any(
            |(r, m)| ["TI018", "TI019", "TI021", "TI022"].contains(&r.as_str())
                && (m.contains(&rid) || m.contains(&gid))
        ),
        "{f:?}"
    );
}
