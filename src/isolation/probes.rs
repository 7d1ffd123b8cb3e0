//! The requests a tenant session makes, one per action class the platform grants.
//! Every resource name comes from the naming module, so the matrix checks exactly the
//! resources onboarding creates. A class is checked twice per ordered pair: on the session's
//! own resources (must be `Allowed`: the positive control) and on another tenant's (must not be).

use serde::Serialize;

use crate::naming::contract::{Contract, Slot};
use crate::naming::Names;

/// Table name used for the shared pool table in requests (`<ns>_<POOL_TABLE>`).
pub const POOL_TABLE: &str = "tenant-data";
/// Shared AgentCore memory id used in requests.
pub const POOL_MEMORY: &str = "pool-memory";

/// What a target tenant looks like to a request.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Target {
    pub tenant: String,
    pub tier: String,
    pub user: String,
}

/// One action class: a stable id, the IAM action, and how it names a target's resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionClass {
    S3Read,
    S3Write,
    S3Delete,
    S3List,
    SsmGet,
    SsmPut,
    SsmGetByPath,
    DynamoDbItemRead,
    DynamoDbItemWrite,
    DynamoDbQuery,
    /// BatchGetItem whose leading keys are the session's own tenant *and* the target:
    /// multi-valued, as a real BatchGetItem or Query can carry. Only `ForAllValues` keeps it
    /// out; `ForAnyValue` lets the own key carry the other tenant's in.
    DynamoDbBatchRead,
    BedrockTaggedResource,
    MemoryActor,
    MemoryNamespace,
}

impl ActionClass {
    pub const ALL: [ActionClass; 14] = [
        ActionClass::S3Read,
        ActionClass::S3Write,
        ActionClass::S3Delete,
        ActionClass::S3List,
        ActionClass::SsmGet,
        ActionClass::SsmPut,
        ActionClass::SsmGetByPath,
        ActionClass::DynamoDbItemRead,
        ActionClass::DynamoDbItemWrite,
        ActionClass::DynamoDbQuery,
        ActionClass::DynamoDbBatchRead,
        ActionClass::BedrockTaggedResource,
        ActionClass::MemoryActor,
        ActionClass::MemoryNamespace,
    ];

    pub fn id(self) -> &'static str {
        match self {
            ActionClass::S3Read => "s3-read",
            ActionClass::S3Write => "s3-write",
            ActionClass::S3Delete => "s3-delete",
            ActionClass::S3List => "s3-list",
            ActionClass::SsmGet => "ssm-get",
            ActionClass::SsmPut => "ssm-put",
            ActionClass::SsmGetByPath => "ssm-get-by-path",
            ActionClass::DynamoDbItemRead => "dynamodb-item-read",
            ActionClass::DynamoDbItemWrite => "dynamodb-item-write",
            ActionClass::DynamoDbQuery => "dynamodb-query",
            ActionClass::DynamoDbBatchRead => "dynamodb-batch-read",
            ActionClass::BedrockTaggedResource => "bedrock-tagged-resource",
            ActionClass::MemoryActor => "memory-actor",
            ActionClass::MemoryNamespace => "memory-namespace",
        }
    }

    pub fn action(self) -> &'static str {
        match self {
            ActionClass::S3Read => "s3:GetObject",
            ActionClass::S3Write => "s3:PutObject",
            ActionClass::S3Delete => "s3:DeleteObject",
            ActionClass::S3List => "s3:ListBucket",
            ActionClass::SsmGet => "ssm:GetParameter",
            ActionClass::SsmPut => "ssm:PutParameter",
            ActionClass::SsmGetByPath => "ssm:GetParametersByPath",
            ActionClass::DynamoDbItemRead => "dynamodb:GetItem",
            ActionClass::DynamoDbItemWrite => "dynamodb:PutItem",
            ActionClass::DynamoDbQuery => "dynamodb:Query",
            ActionClass::DynamoDbBatchRead => "dynamodb:BatchGetItem",
            ActionClass::BedrockTaggedResource => "bedrock:Retrieve",
            ActionClass::MemoryActor => "bedrock-agentcore:CreateEvent",
            ActionClass::MemoryNamespace => "bedrock-agentcore:RetrieveMemoryRecords",
        }
    }

    /// The contract slot whose namespace the class acts in.
    pub fn slot(self) -> Slot {
        match self {
            ActionClass::S3Read
            | ActionClass::S3Write
            | ActionClass::S3Delete
            | ActionClass::S3List => Slot::DataPrefix,
            ActionClass::SsmGet | ActionClass::SsmPut | ActionClass::SsmGetByPath => {
                Slot::TenantParameters
            }
            ActionClass::DynamoDbItemRead
            | ActionClass::DynamoDbItemWrite
            | ActionClass::DynamoDbQuery
            | ActionClass::DynamoDbBatchRead => Slot::TableLeadingKey,
            ActionClass::BedrockTaggedResource => Slot::ResourceTag,
            ActionClass::MemoryActor => Slot::ActorId,
            ActionClass::MemoryNamespace => Slot::MemoryNamespace,
        }
    }

    /// Memory classes act on the platform's shared memory, whichever it is: the positive
    /// control asks whether ANY memory of the account is allowed for the own actor or
    /// namespace (`request_for` names a placeholder memory id).
    pub fn any_memory(self) -> bool {
        matches!(
            self,
            ActionClass::MemoryActor | ActionClass::MemoryNamespace
        )
    }

    /// The resource ARN and the one request-specific context key (if any) for `target`, in
    /// the namespace the contract declares; None when it declares none for the class.
    /// For `DynamoDbBatchRead` this is the own-resource form (`[target]`).
    pub fn request_for(
        self,
        names: &Names,
        contract: &Contract,
        t: &Target,
    ) -> Option<(String, Option<(&'static str, ContextVal)>)> {
        let value = contract
            .get(self.slot())?
            .render(&t.tier, &t.tenant, &t.user);
        let bucket = &names.data_bucket;
        Some(match self {
            ActionClass::S3Read | ActionClass::S3Write | ActionClass::S3Delete => (
                names.s3_object_arn(bucket, &format!("{value}records/visit-notes.txt")),
                None,
            ),
            ActionClass::S3List => (
                names.s3_bucket_arn(bucket),
                Some(("s3:prefix", ContextVal::One(value))),
            ),
            ActionClass::SsmGet => (names.ssm_parameter_arn(&format!("{value}/record")), None),
            ActionClass::SsmPut => (
                names.ssm_parameter_arn(&format!("{value}/app/settings")),
                None,
            ),
            ActionClass::SsmGetByPath => (names.ssm_parameter_arn(&value), None),
            ActionClass::DynamoDbItemRead
            | ActionClass::DynamoDbItemWrite
            | ActionClass::DynamoDbQuery
            | ActionClass::DynamoDbBatchRead => (
                names.dynamodb_table_arn(POOL_TABLE),
                Some(("dynamodb:LeadingKeys", ContextVal::Many(vec![value]))),
            ),
            ActionClass::BedrockTaggedResource => (
                names
                    .bedrock_resource_arn("knowledge-base", &format!("KB{}", kb_suffix(&t.tenant))),
                Some(("aws:ResourceTag/ClinicId", ContextVal::One(value))),
            ),
            ActionClass::MemoryActor => (
                names.memory_arn(POOL_MEMORY),
                Some(("bedrock-agentcore:actorId", ContextVal::One(value))),
            ),
            ActionClass::MemoryNamespace => (
                names.memory_arn(POOL_MEMORY),
                Some(("bedrock-agentcore:namespace", ContextVal::One(value))),
            ),
        })
    }
}

/// A deterministic, ARN-safe resource id per tenant (knowledge base ids are alphanumeric).
fn kb_suffix(tenant: &str) -> String {
    tenant
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_uppercase()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ContextVal {
    One(String),
    Many(Vec<String>),
}
