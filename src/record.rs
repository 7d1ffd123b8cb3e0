//! The tenant record: one JSON document per tenant in SSM at `/<ns>/tenants/<tenant>/record`.
//! It is the registry other systems read, and the journal that lets a killed command resume.
//! Unknown fields written by a newer tenantctl are preserved (`extra`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ids::{TenantId, TierName};

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Provisioning started or isolation not yet proven.
    Pending,
    Active,
    Suspended,
    Offboarding,
    Offboarded,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Active => "active",
            Status::Suspended => "suspended",
            Status::Offboarding => "offboarding",
            Status::Offboarded => "offboarded",
        }
    }
}

/// Where the tenant's project id came from, so cost reports know whether it has its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProjectIdSource {
    /// Given with `--project-id`.
    Flag,
    /// The tier's shared project id.
    Tier,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resources {
    pub data_bucket: String,
    pub data_prefix: String,
    pub parameters: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
}

/// The step a multi-step command last completed; lets a re-run continue (and explain).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journal {
    pub operation: String,
    pub step: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantRecord {
    pub schema_version: u32,
    pub tenant: TenantId,
    pub tier: TierName,
    pub status: Status,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub project_id: String,
    pub project_id_source: ProjectIdSource,
    pub resources: Resources,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub journal: Option<Journal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl TenantRecord {
    pub fn parse(text: &str, param: &str) -> Result<TenantRecord> {
        let r: TenantRecord = serde_json::from_str(text)
            .map_err(|e| Error::env(format!("tenant record {param} is not valid: {e}")).with_hint("inspect it with `aws ssm get-parameter`; it may have been edited by hand"))?;
        if r.schema_version > SCHEMA_VERSION {
            return Err(Error::env(format!(
                "tenant record {param} has schema version {} but this tenantctl knows {SCHEMA_VERSION}",
                r.schema_version
            ))
            .with_hint("upgrade tenantctl"));
        }
        Ok(r)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("record serialises")
    }

    /// The same record, ignoring timestamps and journal: used to decide whether a write is a change.
    pub fn same_content(&self, other: &TenantRecord) -> bool {
        let strip = |r: &TenantRecord| {
            let mut r = r.clone();
            r.updated_at = r.created_at;
            r.journal = None;
            r
        };
        strip(self) == strip(other)
    }
}
