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
    /// A Bedrock project created for the tenant (`[bedrock] create_projects`).
    Created,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resources {
    pub data_bucket: String,
    pub data_prefix: String,
    pub parameters: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
}

/// The multi-step operations that journal their progress (`Journal::operation`).
pub mod op {
    pub const SET_TIER: &str = "set-tier";
    pub const OFFBOARD: &str = "offboard";
    pub const RESTORE: &str = "restore";
    pub const SUSPEND: &str = "suspend";
    pub const RESUME: &str = "resume";
}

/// The step a multi-step command last completed; lets a re-run continue (and explain).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journal {
    pub operation: String,
    pub step: String,
    pub at: DateTime<Utc>,
}

/// One offboarding run of a tenant. The run id names the archive prefix; it is chosen once,
/// before anything is archived, so a resumed run adds to the same archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offboarding {
    pub run: String,
    /// `--purge`: no archive was kept.
    pub purge: bool,
    pub started_at: DateTime<Utc>,
    /// Caller ARN that started the run.
    pub started_by: String,
    /// Status before offboarding started.
    pub previous_status: Status,
    /// `s3://<archive bucket>/<run prefix>`, absent with `--purge`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counts: Option<OffboardCounts>,
}

/// What an offboarding removed (and, unless purged, archived).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffboardCounts {
    /// Objects (keys) whose latest version was live.
    pub objects: u64,
    /// Object versions, current and noncurrent (delete markers not included).
    pub versions: u64,
    pub bytes: u64,
    pub users: u64,
    pub parameters: u64,
    pub roles: u64,
    /// AgentCore Memory events of the tenant's actors.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub memory_events: u64,
    /// AgentCore Memory long-term records under the tenant's namespaces.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub memory_records: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// One restore of an offboarded tenant from an archive run (`tenant restore`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Restore {
    /// The offboarding run whose archive was restored.
    pub from_run: String,
    /// `s3://<archive bucket>/<run prefix>` (read only: a restore never changes it).
    pub archive: String,
    pub started_at: DateTime<Utc>,
    /// Caller ARN that started the restore.
    pub started_by: String,
    /// Unset while the restore is in progress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counts: Option<RestoreCounts>,
}

/// What a restore brought back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestoreCounts {
    /// Keys whose latest version is live data again.
    pub objects: u64,
    /// Object versions, current and noncurrent (delete markers not included).
    pub versions: u64,
    /// Keys that were deleted when archived and are restored deleted (history kept).
    pub deleted_objects: u64,
    pub bytes: u64,
    pub users: u64,
    pub parameters: u64,
    /// AgentCore Memory events recreated.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub memory_events: u64,
    /// AgentCore Memory long-term records recreated.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub memory_records: u64,
}

/// A suspension in force (`tenant suspend`); `tenant resume` ends it and removes this section.
/// Records written before it existed have none: resume then re-enables every disabled user
/// and makes the tenant active, as it always did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suspension {
    /// Status resume returns to: `active`, or `pending` when onboarding was not finished
    /// (the tenant never passed the isolation gate and must still be onboarded).
    pub previous_status: Status,
    /// Users (usernames) the suspension disabled, or that were created disabled while it was
    /// in force. Resume re-enables only these: a user disabled on its own stays disabled.
    #[serde(default)]
    pub disabled_users: Vec<String>,
}

/// A tier change in progress (`tenant set-tier`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierChange {
    pub from: TierName,
    pub to: TierName,
    /// Status to return to when the move is finished (active or suspended).
    pub previous_status: Status,
    pub started_at: DateTime<Utc>,
    pub started_by: String,
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
    /// Set while the tenant is suspended (what resume gives back).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspension: Option<Suspension>,
    /// Set when offboarding starts (so an interrupted run continues the same archive run)
    /// and kept in the tombstone afterwards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offboarding: Option<Offboarding>,
    /// Set while `tenant set-tier` moves the tenant; cleared when the move is finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier_change: Option<TierChange>,
    /// Earlier offboardings that a restore undid, oldest first. A restore moves the
    /// tombstone's `offboarding` section here, so a later offboarding cannot overwrite it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub offboarded_history: Vec<Offboarding>,
    /// Every restore, oldest first; the last one is in progress while it has no `finished_at`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub restores: Vec<Restore>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl TenantRecord {
    pub fn parse(text: &str, param: &str) -> Result<TenantRecord> {
        let r: TenantRecord = serde_json::from_str(text).map_err(|e| {
            Error::env(format!("tenant record {param} is not valid: {e}")).with_hint(
                "inspect it with `aws ssm get-parameter`; it may have been edited by hand",
            )
        })?;
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

    /// The restore that was started and not finished, unless the tenant has been offboarded
    /// again since (then that restore was abandoned and a new one starts from scratch).
    pub fn restore_in_progress(&self) -> Option<&Restore> {
        self.restores
            .last()
            .filter(|r| r.finished_at.is_none())
            .filter(|_| !matches!(self.status, Status::Offboarding | Status::Offboarded))
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

/// Schema of the membership document.
pub const MEMBERSHIP_SCHEMA: u32 = 1;

/// A tenant's users as tenantctl recorded them: the source of truth that Cognito's
/// `custom:clinic_id` claims are checked against. A claim can be rewritten (a helpdesk script,
/// an adopted pool whose attribute is mutable, a compromised admin); the `sub` Cognito gave the
/// user cannot, so membership is keyed by it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Membership {
    pub schema_version: u32,
    pub tenant: TenantId,
    /// Sorted by username.
    pub members: Vec<Member>,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Cognito's immutable user id.
    pub sub: String,
    /// The Cognito username (tenantctl uses the lowercase email).
    pub username: String,
    pub email: String,
    pub added_at: DateTime<Utc>,
    pub added_by: String,
}

impl Membership {
    pub fn new(tenant: TenantId) -> Membership {
        Membership {
            schema_version: MEMBERSHIP_SCHEMA,
            tenant,
            members: Vec::new(),
            updated_at: Utc::now(),
            updated_by: String::new(),
            extra: Default::default(),
        }
    }

    pub fn parse(bytes: &[u8], location: &str) -> Result<Membership> {
        let m: Membership = serde_json::from_slice(bytes).map_err(|e| {
            Error::env(format!("membership {location} is not valid: {e}"))
                .with_hint("inspect it (and its earlier versions: the bucket is versioned); it may have been edited by hand")
        })?;
        if m.schema_version > MEMBERSHIP_SCHEMA {
            return Err(Error::env(format!(
                "membership {location} has schema version {} but this tenantctl knows {MEMBERSHIP_SCHEMA}",
                m.schema_version
            ))
            .with_hint("upgrade tenantctl"));
        }
        Ok(m)
    }

    pub fn by_sub(&self, sub: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.sub == sub)
    }

    pub fn by_username(&self, username: &str) -> Option<&Member> {
        self.members
            .iter()
            .find(|m| m.username.eq_ignore_ascii_case(username))
    }

    /// Record `m`, replacing an entry with the same username (a user deleted and re-created
    /// has a new sub). Whether anything changed.
    pub fn insert(&mut self, m: Member) -> bool {
        if self
            .by_sub(&m.sub)
            .is_some_and(|x| x.username == m.username)
        {
            return false;
        }
        self.members
            .retain(|x| !x.username.eq_ignore_ascii_case(&m.username) && x.sub != m.sub);
        self.members.push(m);
        self.members.sort_by(|a, b| a.username.cmp(&b.username));
        true
    }

    /// Forget the member with this username; whether it was recorded.
    pub fn remove(&mut self, username: &str) -> bool {
        let before = self.members.len();
        self.members
            .retain(|x| !x.username.eq_ignore_ascii_case(username));
        before != self.members.len()
    }
}
