//! Who may call the shared AgentCore runtimes and gateways: their inbound JWT authorizers must
//! accept only this platform's user pool, and only app clients that cannot write the tenant
//! claims; a runtime without one (IAM only) must be invokable by the configured front door
//! alone. Read online (`authorizer_findings`); judged by pure functions (`problems`).

use std::collections::BTreeMap;

use crate::aws::agentcore_authorizers::{AgentCoreResource, JwtAuthorizer};
use crate::error::Result;
use crate::naming::{ATTR_CLINIC_ID, ATTR_TIER, TAG_NAMESPACE};
use crate::platform::Platform;
use crate::policy::{decide, Decision, PolicySet, Request};

use super::{Finding, Rule};

/// A runtime or a gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Runtime,
    Gateway,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Runtime => "runtime",
            Kind::Gateway => "gateway",
        }
    }
    /// The IAM action that invokes it.
    pub fn invoke_action(self) -> &'static str {
        match self {
            Kind::Runtime => "bedrock-agentcore:InvokeAgentRuntime",
            Kind::Gateway => "bedrock-agentcore:InvokeGateway",
        }
    }
}

/// What the authorizers are checked against: the pool's discovery URL and its app clients,
/// each with whether it may write a tenant claim.
#[derive(Debug, Clone)]
pub struct Expected {
    pub discovery_url: String,
    /// client id → (name, writes a tenant claim)
    pub clients: BTreeMap<String, (String, bool)>,
}

impl Expected {
    /// The app clients whose users cannot write `custom:tier` / `custom:clinic_id`.
    pub fn safe_client_ids(&self) -> Vec<String> {
        self.clients
            .iter()
            .filter(|(_, (_, w))| !w)
            .map(|(id, _)| id.clone())
            .collect()
    }
}

/// Whether an app client's write list lets its users set a tenant claim (an empty list is
/// Cognito's default: every writable attribute).
pub fn writes_claims(write_attributes: &[String]) -> bool {
    write_attributes.is_empty()
        || write_attributes
            .iter()
            .any(|a| a == ATTR_TIER || a == ATTR_CLINIC_ID)
}

/// The problems of one JWT authorizer (empty: it accepts only this pool's safe clients).
pub fn jwt_problems(jwt: &JwtAuthorizer, exp: &Expected) -> Vec<(Rule, String)> {
    let mut out = Vec::new();
    if jwt.discovery_url != exp.discovery_url {
        out.push((
            Rule::AuthorizerForeignIssuer,
            format!(
                "discovery URL {} is not this platform's user pool ({})",
                jwt.discovery_url, exp.discovery_url
            ),
        ));
    }
    if jwt.allowed_clients.is_empty() {
        out.push((
            Rule::AuthorizerAnyClient,
            "allowedClients is not set: a token of any app client of the issuer is accepted"
                .to_string(),
        ));
    }
    for c in &jwt.allowed_clients {
        match exp.clients.get(c) {
            Some((name, true)) => out.push((
                Rule::AuthorizerUnsafeClient,
                format!("allowed client {name} ({c}) lets its users write custom:tier / custom:clinic_id"),
            )),
            Some((_, false)) => {}
            None => out.push((
                Rule::AuthorizerUnsafeClient,
                format!("allowed client {c} is not an app client of this platform's user pool"),
            )),
        }
    }
    out
}

/// The authorizer `init` gives a resource it owns: this pool, and the allowed clients the
/// resource has that are safe, or tenantctl's app client when none is.
pub fn desired(cur: Option<&JwtAuthorizer>, exp: &Expected, app_client: &str) -> JwtAuthorizer {
    let safe = exp.safe_client_ids();
    let mut keep: Vec<String> = cur
        .map(|j| {
            j.allowed_clients
                .iter()
                .filter(|c| safe.contains(c))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    if keep.is_empty() {
        keep.push(app_client.to_string());
    }
    JwtAuthorizer {
        discovery_url: exp.discovery_url.clone(),
        allowed_clients: keep,
        allowed_audience: cur.map(|j| j.allowed_audience.clone()).unwrap_or_default(),
    }
}

/// The expected authorizer: the pool's discovery URL and its clients.
pub async fn expected(p: &Platform, pool_id: &str) -> Result<Expected> {
    let clients = p
        .aws
        .cognito_list_clients(pool_id)
        .await?
        .into_iter()
        .map(|c| {
            let w = writes_claims(&c.write_attributes);
            (c.id, (c.name, w))
        })
        .collect();
    Ok(Expected {
        discovery_url: p.names.cognito_discovery_url(pool_id),
        clients,
    })
}

/// The platform's runtimes and gateways: those listed in `[agentcore]` and those tagged with
/// the namespace. A listed one that does not exist is a note.
pub async fn platform_resources(
    p: &Platform,
    notes: &mut Vec<String>,
) -> Result<Vec<(Kind, AgentCoreResource)>> {
    let mut out = Vec::new();
    let ns = p.names.ns.as_str();
    for (kind, listed) in [
        (Kind::Runtime, &p.cfg.agentcore.runtimes),
        (Kind::Gateway, &p.cfg.agentcore.gateways),
    ] {
        let all = match kind {
            Kind::Runtime => p.aws.agentcore_list_runtimes().await?,
            Kind::Gateway => p.aws.agentcore_list_gateways().await?,
        };
        for id in listed {
            if !all.contains(id) {
                notes.push(format!(
                    "agentcore.{}s lists {id}, which does not exist in this account and region",
                    kind.label()
                ));
            }
        }
        for id in all {
            let got = match kind {
                Kind::Runtime => p.aws.agentcore_get_runtime(&id).await?,
                Kind::Gateway => p.aws.agentcore_get_gateway(&id).await?,
            };
            let Some(r) = got else { continue };
            let ours = listed.contains(&id)
                || p.aws
                    .agentcore_tags(&r.arn)
                    .await?
                    .iter()
                    .any(|(k, v)| k == TAG_NAMESPACE && v == ns);
            if ours {
                out.push((kind, r));
            }
        }
    }
    Ok(out)
}

/// Findings on the inbound authorizers of the platform's runtimes and gateways
/// (TI018, TI019, TI021, TI022).
pub async fn authorizer_findings(p: &Platform, notes: &mut Vec<String>) -> Result<Vec<Finding>> {
    let resources = platform_resources(p, notes).await?;
    if resources.is_empty() {
        return Ok(Vec::new());
    }
    let pool = p.user_pool_id().await?;
    let exp = expected(p, &pool).await?;
    let mut out = Vec::new();
    // The account's roles, read once, for resources without a JWT authorizer.
    let mut roles: Option<Vec<(String, PolicySet)>> = None;
    for (kind, r) in &resources {
        let subject = format!("{} {} ({})", kind.label(), r.name, r.id);
        let finding = |rule: Rule, msg: String| Finding {
            target: Some(r.arn.clone()),
            explanation: msg.clone(),
            ..Finding::new(rule, format!("{subject}: {msg}"))
        };
        match &r.jwt {
            Some(jwt) => {
                for (rule, msg) in jwt_problems(jwt, &exp) {
                    out.push(finding(rule, msg));
                }
            }
            None if r.authorizer_type == "NONE" => out.push(finding(
                Rule::AgentCoreIamInvoker,
                "no inbound authorizer at all: anyone who reaches it can call it".into(),
            )),
            None => {
                let Some(front) = &p.cfg.agentcore.front_door else {
                    out.push(finding(
                        Rule::AgentCoreIamInvoker,
                        "no JWT authorizer (IAM only) and no agentcore.front_door configured: any principal granted the invoke action calls it with no user token".into(),
                    ));
                    continue;
                };
                if roles.is_none() {
                    roles = Some(read_roles(p, notes).await?);
                }
                for (arn, set) in roles.as_ref().expect("read") {
                    if arn == front {
                        continue;
                    }
                    let req = Request {
                        principal: arn.clone(),
                        action: kind.invoke_action().to_string(),
                        resource: r.arn.clone(),
                        resource_account: None,
                        context: Default::default(),
                    };
                    if decide(set, &req) == Decision::Allowed {
                        out.push(Finding {
                            session: Some(arn.clone()),
                            ..finding(
                                Rule::AgentCoreIamInvoker,
                                format!(
                                    "no JWT authorizer (IAM only) and {arn}, not the front door {front}, may call {}",
                                    kind.invoke_action()
                                ),
                            )
                        });
                    }
                }
            }
        }
    }
    Ok(out)
}

/// Every role of the account with its identity policies (unreadable ones are notes).
async fn read_roles(p: &Platform, notes: &mut Vec<String>) -> Result<Vec<(String, PolicySet)>> {
    let mut out = Vec::new();
    for name in p.aws.iam_list_role_names().await? {
        let mut unreadable = Vec::new();
        if let Some(r) = super::online::read_role(p, &name, None, &mut unreadable).await? {
            for f in unreadable {
                notes.push(format!("invokers of IAM-only runtimes: {}", f.message));
            }
            let mut set = r.policies;
            set.resource = None;
            out.push((r.role_arn, set));
        }
    }
    notes.push("invokers of IAM-only runtimes and gateways: the account's roles were checked; IAM users and other accounts' principals were not".into());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exp() -> Expected {
        Expected {
            discovery_url: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_A/.well-known/openid-configuration".into(),
            clients: [
                ("safe".to_string(), ("app".to_string(), false)),
                ("wide".to_string(), ("admin".to_string(), true)),
            ]
            .into_iter()
            .collect(),
        }
    }

    fn jwt(url: &str, clients: &[&str]) -> JwtAuthorizer {
        JwtAuthorizer {
            discovery_url: url.into(),
            allowed_clients: clients.iter().map(|s| s.to_string()).collect(),
            allowed_audience: vec![],
        }
    }

    #[test]
    fn judges_each_problem() {
        let e = exp();
        let ok = jwt(&e.discovery_url, &["safe"]);
        assert!(jwt_problems(&ok, &e).is_empty());
        let rules = |j: &JwtAuthorizer| -> Vec<Rule> {
            jwt_problems(j, &e).into_iter().map(|(r, _)| r).collect()
        };
        assert_eq!(
            rules(&jwt(
                "https://other/.well-known/openid-configuration",
                &["safe"]
            )),
            vec![Rule::AuthorizerForeignIssuer]
        );
        assert_eq!(
            rules(&jwt(&e.discovery_url, &[])),
            vec![Rule::AuthorizerAnyClient]
        );
        assert_eq!(
            rules(&jwt(&e.discovery_url, &["safe", "wide", "ghost"])),
            vec![Rule::AuthorizerUnsafeClient, Rule::AuthorizerUnsafeClient]
        );
    }

    #[test]
    fn desired_keeps_safe_clients_only() {
        let e = exp();
        let d = desired(Some(&jwt("https://x", &["wide", "safe"])), &e, "ours");
        assert_eq!(d.allowed_clients, vec!["safe".to_string()]);
        assert_eq!(d.discovery_url, e.discovery_url);
        let d = desired(None, &e, "ours");
        assert_eq!(d.allowed_clients, vec!["ours".to_string()]);
        assert!(jwt_problems(&desired(None, &e, "safe"), &e).is_empty());
    }

    #[test]
    fn claim_writers() {
        assert!(writes_claims(&[]));
        assert!(writes_claims(&["email".into(), "custom:tier".into()]));
        assert!(!writes_claims(&["email".into()]));
    }
}
