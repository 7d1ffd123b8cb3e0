//! Bedrock AgentCore control plane: the shared runtimes' and gateways' inbound authorizers.

use aws_sdk_bedrockagentcorecontrol::types::{
    AuthorizerConfiguration, AuthorizerType, CustomJwtAuthorizerConfiguration,
};

use super::errors::{classify, AwsResult, OptionalExt};
use super::Aws;

/// An inbound JWT authorizer (`customJWTAuthorizer`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwtAuthorizer {
    pub discovery_url: String,
    /// Empty when the authorizer names none (then any client of the issuer is accepted,
    /// unless an audience is given).
    pub allowed_clients: Vec<String>,
    pub allowed_audience: Vec<String>,
}

/// What tenantctl checks on a runtime or gateway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentCoreResource {
    pub id: String,
    pub arn: String,
    pub name: String,
    /// `None`: no JWT authorizer (IAM SigV4 only, or none at all).
    pub jwt: Option<JwtAuthorizer>,
    /// The gateway's `authorizerType` as AgentCore names it (`CUSTOM_JWT`, `AWS_IAM`, `NONE`);
    /// runtimes: `CUSTOM_JWT` or `AWS_IAM`.
    pub authorizer_type: String,
}

fn jwt_of(a: Option<&AuthorizerConfiguration>) -> Option<JwtAuthorizer> {
    match a {
        Some(AuthorizerConfiguration::CustomJwtAuthorizer(j)) => Some(JwtAuthorizer {
            discovery_url: j.discovery_url().to_string(),
            allowed_clients: j.allowed_clients().to_vec(),
            allowed_audience: j.allowed_audience().to_vec(),
        }),
        _ => None,
    }
}

fn jwt_config(j: &JwtAuthorizer) -> AuthorizerConfiguration {
    let mut b = CustomJwtAuthorizerConfiguration::builder().discovery_url(&j.discovery_url);
    for c in &j.allowed_clients {
        b = b.allowed_clients(c);
    }
    for a in &j.allowed_audience {
        b = b.allowed_audience(a);
    }
    AuthorizerConfiguration::CustomJwtAuthorizer(b.build().expect("discovery url set"))
}

impl Aws {
    /// Ids of every agent runtime in the account and region.
    pub async fn agentcore_list_runtimes(&self) -> AwsResult<Vec<String>> {
        let mut out = Vec::new();
        let mut next: Option<String> = None;
        loop {
            let o = self
                .agentcore_control
                .list_agent_runtimes()
                .set_next_token(next.clone())
                .send()
                .await
                .map_err(|e| classify("bedrock-agentcore:ListAgentRuntimes", e))?;
            out.extend(
                o.agent_runtimes()
                    .iter()
                    .map(|r| r.agent_runtime_id().to_string()),
            );
            next = o.next_token().map(str::to_string).filter(|s| !s.is_empty());
            if next.is_none() {
                return Ok(out);
            }
        }
    }

    pub async fn agentcore_get_runtime(&self, id: &str) -> AwsResult<Option<AgentCoreResource>> {
        let o = self
            .agentcore_control
            .get_agent_runtime()
            .agent_runtime_id(id)
            .send()
            .await
            .map_err(|e| classify(format!("bedrock-agentcore:GetAgentRuntime {id}"), e))
            .optional()?;
        Ok(o.map(|o| {
            let jwt = jwt_of(o.authorizer_configuration());
            AgentCoreResource {
                id: o.agent_runtime_id().to_string(),
                arn: o.agent_runtime_arn().to_string(),
                name: o.agent_runtime_name().to_string(),
                authorizer_type: if jwt.is_some() {
                    "CUSTOM_JWT"
                } else {
                    "AWS_IAM"
                }
                .into(),
                jwt,
            }
        }))
    }

    /// Set a runtime's inbound JWT authorizer. UpdateAgentRuntime replaces the whole
    /// definition, so the artifact, role, network, protocol, lifecycle and environment are
    /// read back and sent unchanged.
    pub async fn agentcore_set_runtime_authorizer(
        &self,
        id: &str,
        jwt: &JwtAuthorizer,
    ) -> AwsResult<()> {
        let cur = self
            .agentcore_control
            .get_agent_runtime()
            .agent_runtime_id(id)
            .send()
            .await
            .map_err(|e| classify(format!("bedrock-agentcore:GetAgentRuntime {id}"), e))?;
        self.agentcore_control
            .update_agent_runtime()
            .agent_runtime_id(id)
            .set_agent_runtime_artifact(cur.agent_runtime_artifact().cloned())
            .role_arn(cur.role_arn())
            .set_network_configuration(cur.network_configuration().cloned())
            .set_description(cur.description().map(str::to_string))
            .set_protocol_configuration(cur.protocol_configuration().cloned())
            .set_lifecycle_configuration(cur.lifecycle_configuration().cloned())
            .set_environment_variables(cur.environment_variables().cloned())
            .set_request_header_configuration(cur.request_header_configuration().cloned())
            .authorizer_configuration(jwt_config(jwt))
            .send()
            .await
            .map(|_| ())
            .map_err(|e| classify(format!("bedrock-agentcore:UpdateAgentRuntime {id}"), e))
    }

    /// Ids of every gateway in the account and region.
    pub async fn agentcore_list_gateways(&self) -> AwsResult<Vec<String>> {
        let mut out = Vec::new();
        let mut next: Option<String> = None;
        loop {
            let o = self
                .agentcore_control
                .list_gateways()
                .set_next_token(next.clone())
                .send()
                .await
                .map_err(|e| classify("bedrock-agentcore:ListGateways", e))?;
            out.extend(o.items().iter().map(|g| g.gateway_id().to_string()));
            next = o.next_token().map(str::to_string).filter(|s| !s.is_empty());
            if next.is_none() {
                return Ok(out);
            }
        }
    }

    pub async fn agentcore_get_gateway(&self, id: &str) -> AwsResult<Option<AgentCoreResource>> {
        let o = self
            .agentcore_control
            .get_gateway()
            .gateway_identifier(id)
            .send()
            .await
            .map_err(|e| classify(format!("bedrock-agentcore:GetGateway {id}"), e))
            .optional()?;
        Ok(o.map(|o| AgentCoreResource {
            id: o.gateway_id().to_string(),
            arn: o.gateway_arn().to_string(),
            name: o.name().to_string(),
            jwt: jwt_of(o.authorizer_configuration()),
            authorizer_type: o.authorizer_type().as_str().to_string(),
        }))
    }

    /// Set a gateway's inbound authorizer to `jwt` (UpdateGateway: the name, role and
    /// protocol are read back and sent unchanged).
    pub async fn agentcore_set_gateway_authorizer(
        &self,
        id: &str,
        jwt: &JwtAuthorizer,
    ) -> AwsResult<()> {
        let cur = self
            .agentcore_control
            .get_gateway()
            .gateway_identifier(id)
            .send()
            .await
            .map_err(|e| classify(format!("bedrock-agentcore:GetGateway {id}"), e))?;
        self.agentcore_control
            .update_gateway()
            .gateway_identifier(id)
            .name(cur.name())
            .set_role_arn(cur.role_arn().map(str::to_string))
            .protocol_type(cur.protocol_type().clone())
            .set_protocol_configuration(cur.protocol_configuration().cloned())
            .set_description(cur.description().map(str::to_string))
            .set_kms_key_arn(cur.kms_key_arn().map(str::to_string))
            .set_exception_level(cur.exception_level().cloned())
            .authorizer_type(AuthorizerType::CustomJwt)
            .authorizer_configuration(jwt_config(jwt))
            .send()
            .await
            .map(|_| ())
            .map_err(|e| classify(format!("bedrock-agentcore:UpdateGateway {id}"), e))
    }

    /// The tags of a runtime or gateway.
    pub async fn agentcore_tags(&self, arn: &str) -> AwsResult<Vec<(String, String)>> {
        let o = self
            .agentcore_control
            .list_tags_for_resource()
            .resource_arn(arn)
            .send()
            .await
            .map_err(|e| classify(format!("bedrock-agentcore:ListTagsForResource {arn}"), e))?;
        Ok(o.tags()
            .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default())
    }
}
