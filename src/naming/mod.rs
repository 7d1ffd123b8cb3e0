//! Every name tenantctl gives to an AWS thing is derived here, from validated ids only
//! (DESIGN.md naming contract). Nothing else builds an ARN, key, path or role name by hand.
//!
//! Separators: ids use `[a-z0-9-]`, emails `[a-z0-9._+@-]`. Where two ids are joined the
//! separator is a character neither can contain (`_`, `:` or `/`), so distinct pairs never
//! join to the same string (`clinic` + `a-dr` vs `clinic-a` + `dr`).

pub mod contract;

use crate::ids::{Namespace, TenantId, TierName, UserSub};

/// Cognito custom attribute names (with the `custom:` prefix Cognito reports).
pub const ATTR_TIER: &str = "custom:tier";
pub const ATTR_CLINIC_ID: &str = "custom:clinic_id";
/// Session tag keys the TVM role is assumed with.
pub const TAG_TIER: &str = "Tier";
pub const TAG_CLINIC_ID: &str = "ClinicId";
pub const TAG_USER_ID: &str = "UserId";
/// Resource tag tenantctl puts on what it owns, valued with the namespace.
pub const TAG_NAMESPACE: &str = "tenantctl:namespace";
/// Marker object that makes a tenant's prefix visible (and proves it was provisioned).
pub const PREFIX_MARKER: &str = ".tenantctl-prefix";
/// Leaf of the platform-wide lease (`init`); not a valid tenant id.
pub const PLATFORM_LEASE: &str = "_platform";
/// Folder of the registry index below `registry/`: `_` cannot occur in a tenant id, so it is
/// never a tenant's `registry/<tenant>/` folder (a tenant may well be called `index`).
pub const INDEX_FOLDER: &str = "_index";
/// How many shards the registry index has: one per value of the first byte of SHA-256.
pub const INDEX_SHARDS: usize = 256;

/// Names for one platform (namespace) in one account and region.
#[derive(Debug, Clone)]
pub struct Names {
    pub ns: Namespace,
    pub partition: String,
    pub account: String,
    pub region: String,
    pub data_bucket: String,
    pub archive_bucket: String,
    /// The platform's AgentCore Memory, once `init` has created or adopted it (`[memory]`):
    /// policies name its ARN; without it they name every memory of the account (`memory/*`).
    pub memory_id: Option<String>,
}

impl Names {
    // ---- SSM ----
    pub fn ssm_root(&self) -> String {
        format!("/{}", self.ns)
    }
    pub fn ssm_tenants_root(&self) -> String {
        format!("/{}/tenants", self.ns)
    }
    /// `/<ns>/tenants/<tenant>`: every parameter of one tenant lives below this path.
    pub fn ssm_tenant_path(&self, t: &TenantId) -> String {
        format!("/{}/tenants/{}", self.ns, t)
    }
    pub fn ssm_tenant_record(&self, t: &TenantId) -> String {
        format!("{}/record", self.ssm_tenant_path(t))
    }
    pub fn ssm_tenant_project_id(&self, t: &TenantId) -> String {
        format!("{}/project-id", self.ssm_tenant_path(t))
    }
    /// The tenant's API Gateway key value (a SecureString), read by the runtime's front door.
    pub fn ssm_tenant_api_key(&self, t: &TenantId) -> String {
        format!("{}/api-key", self.ssm_tenant_path(t))
    }
    // ---- API Gateway ----
    /// Prefix of every usage plan and API key name tenantctl owns (`/` is in no id).
    pub fn apigw_prefix(&self) -> String {
        format!("{}/", self.ns)
    }
    /// The usage plan of a tier: `<ns>/<tier>`.
    pub fn usage_plan_name(&self, tier: &TierName) -> String {
        format!("{}{}", self.apigw_prefix(), tier)
    }
    /// A tenant's API key: `<ns>/<tenant>`.
    pub fn api_key_name(&self, t: &TenantId) -> String {
        format!("{}{}", self.apigw_prefix(), t)
    }
    pub fn ssm_tier_path(&self, tier: &TierName) -> String {
        format!("/{}/tiers/{}", self.ns, tier)
    }
    pub fn ssm_tier_param(&self, tier: &TierName, leaf: TierParam) -> String {
        format!("{}/{}", self.ssm_tier_path(tier), leaf.leaf())
    }
    pub fn ssm_parameter_arn(&self, name: &str) -> String {
        // Parameter names start with '/', ARNs write `parameter/ns/...`.
        format!(
            "arn:{}:ssm:{}:{}:parameter/{}",
            self.partition,
            self.region,
            self.account,
            name.trim_start_matches('/')
        )
    }

    // ---- S3 ----
    /// `<tier>/<tenant>/` in the data bucket.
    pub fn data_prefix(&self, tier: &TierName, t: &TenantId) -> String {
        format!("{tier}/{t}/")
    }
    pub fn prefix_marker_key(&self, tier: &TierName, t: &TenantId) -> String {
        format!("{}{PREFIX_MARKER}", self.data_prefix(tier, t))
    }
    pub fn s3_bucket_arn(&self, bucket: &str) -> String {
        format!("arn:{}:s3:::{bucket}", self.partition)
    }
    pub fn s3_object_arn(&self, bucket: &str, key: &str) -> String {
        format!("arn:{}:s3:::{bucket}/{key}", self.partition)
    }

    // ---- IAM ----
    /// The Token Vending Machine role. `_` cannot occur in a tenant id, so this never
    /// collides with a siloed tenant role.
    /// The OpenID discovery URL of a Cognito user pool of this region: what an AgentCore
    /// runtime's or gateway's inbound JWT authorizer must name to accept only its tokens.
    pub fn cognito_discovery_url(&self, pool_id: &str) -> String {
        format!(
            "https://cognito-idp.{}.amazonaws.com/{pool_id}/.well-known/openid-configuration",
            self.region
        )
    }

    pub fn tvm_role_name(&self) -> String {
        format!("{}_tvm", self.ns)
    }
    pub fn tvm_policy_name(&self) -> String {
        format!("{}_tvm_abac", self.ns)
    }
    /// Dedicated role of a tenant on a siloed tier: `<ns>.<tenant>` (≤ 15 + 1 + 48 = 64 chars).
    /// The tenant's own Bedrock project (`[bedrock] create_projects`). `_` cannot occur in a
    /// namespace or tenant id, so two (namespace, tenant) pairs never share a name.
    pub fn bedrock_project_name(&self, t: &TenantId) -> String {
        format!("{}_{}", self.ns, t)
    }
    pub fn siloed_role_name(&self, t: &TenantId) -> String {
        format!("{}.{}", self.ns, t)
    }
    pub fn siloed_policy_name(&self, t: &TenantId) -> String {
        format!("{}.{}.abac", self.ns, t)
    }
    /// IAM path under which tenantctl's roles live; lets `list-roles` find them.
    pub fn iam_path(&self) -> String {
        format!("/{}/", self.ns)
    }
    pub fn role_arn(&self, role_name: &str) -> String {
        format!(
            "arn:{}:iam::{}:role{}{role_name}",
            self.partition,
            self.account,
            self.iam_path()
        )
    }
    /// The ARN of an assumed-role session, as IAM sees it in request contexts.
    pub fn session_arn(&self, role_name: &str, session: &str) -> String {
        format!(
            "arn:{}:sts::{}:assumed-role/{role_name}/{session}",
            self.partition, self.account
        )
    }

    // ---- DynamoDB, Bedrock, AgentCore memory (shared pool resources) ----
    /// Shared pool tables are named `<ns>_<name>`; items are keyed by tenant id first.
    pub fn dynamodb_table_arn(&self, table: &str) -> String {
        format!(
            "arn:{}:dynamodb:{}:{}:table/{}_{table}",
            self.partition, self.region, self.account, self.ns
        )
    }
    pub fn dynamodb_tables_pattern(&self) -> String {
        format!(
            "arn:{}:dynamodb:{}:{}:table/{}_*",
            self.partition, self.region, self.account, self.ns
        )
    }
    pub fn bedrock_resource_arn(&self, kind: &str, id: &str) -> String {
        format!(
            "arn:{}:bedrock:{}:{}:{kind}/{id}",
            self.partition, self.region, self.account
        )
    }
    pub fn foundation_model_arn(&self, model_id: &str) -> String {
        format!(
            "arn:{}:bedrock:{}::foundation-model/{model_id}",
            self.partition, self.region
        )
    }
    pub fn memory_arn(&self, memory_id: &str) -> String {
        format!(
            "arn:{}:bedrock-agentcore:{}:{}:memory/{memory_id}",
            self.partition, self.region, self.account
        )
    }
    /// The memory the tenant policies grant: the platform's, or every memory of the account
    /// while there is none.
    pub fn platform_memory_arn(&self) -> String {
        self.memory_arn(self.memory_id.as_deref().unwrap_or("*"))
    }
    /// The prefix every actor id of a tenant starts with (`<tenant>:`; tenant ids never
    /// contain `:`, so no other tenant's actor shares it).
    pub fn actor_prefix(t: &TenantId) -> String {
        format!("{t}:")
    }
    /// AgentCore memory actor id: `<tenant>:<user>`, the user being its Cognito `sub` (the
    /// runtime has both claims in the caller's token). `:` occurs in neither part, and both
    /// are in the alphabet AgentCore allows in an actor id (`[a-zA-Z0-9-_/]` segments joined
    /// by `:`), which an email is not.
    pub fn actor_id(t: &TenantId, user: &UserSub) -> String {
        format!("{t}:{user}")
    }
    /// The user part of a tenant's actor id, when `actor` is one of the tenant's.
    pub fn actor_user<'a>(t: &TenantId, actor: &'a str) -> Option<&'a str> {
        actor.strip_prefix(t.as_str())?.strip_prefix(':')
    }
    /// AgentCore memory namespace of a user: `/tenants/<tenant>/users/<sub>/`.
    pub fn memory_namespace(t: &TenantId, user: &UserSub) -> String {
        format!("/tenants/{t}/users/{user}/")
    }

    // ---- archive ----
    /// Every archive run of one tenant lives below this prefix.
    pub fn archive_tenant_prefix(&self, t: &TenantId) -> String {
        format!("offboarding/{t}/")
    }
    pub fn archive_run_prefix(&self, t: &TenantId, run: &str) -> String {
        format!("{}{run}/", self.archive_tenant_prefix(t))
    }
    /// A tenant's recorded membership, in the archive bucket (operators only; no tenant
    /// session can read or write it), `registry/<tenant>/members.json`. Not in SSM: a
    /// hospital's membership outgrows an SSM parameter's 8 KB.
    pub fn membership_key(&self, t: &TenantId) -> String {
        format!("registry/{t}/members.json")
    }
    /// The registry index's shards and manifest live below this prefix, `registry/_index/`.
    pub fn index_prefix(&self) -> String {
        format!("registry/{INDEX_FOLDER}/")
    }
    /// The shard a tenant's index entry lives in: the first byte of SHA-256 of its id, so
    /// tenants spread evenly and a tenant's shard never changes.
    pub fn index_shard_of(t: &TenantId) -> u8 {
        use sha2::{Digest, Sha256};
        Sha256::digest(t.as_str().as_bytes())[0]
    }
    /// One shard of the registry index, `registry/_index/<00..ff>.json`.
    pub fn index_shard_key(&self, shard: u8) -> String {
        format!("{}{shard:02x}.json", self.index_prefix())
    }
    /// The index's manifest, written once every shard is built (`registry reindex`, or `init`
    /// on an empty registry): without it the shards are not trusted to hold every tenant.
    pub fn index_manifest_key(&self) -> String {
        format!("{}manifest.json", self.index_prefix())
    }
    pub fn audit_prefix(&self) -> String {
        "audit/".to_string()
    }
    /// One audit record: `audit/<YYYY>/<MM>/<DD>/<UTC time>-<uuid>.json` (sortable by time,
    /// never overwritten: the uuid is new for every command).
    pub fn audit_record_key(&self, at: chrono::DateTime<chrono::Utc>, id: &uuid::Uuid) -> String {
        format!(
            "{}{}-{}.json",
            self.audit_prefix(),
            at.format("%Y/%m/%d/%Y%m%dT%H%M%S%.3fZ"),
            id.simple()
        )
    }

    // ---- leases (lifecycle::lease) ----
    /// `/<ns>/leases`: outside `/<ns>/tenants`, so registry scans never see a lease.
    pub fn ssm_leases_root(&self) -> String {
        format!("/{}/leases", self.ns)
    }
    /// The lease a mutating command holds on one tenant.
    pub fn ssm_tenant_lease(&self, t: &TenantId) -> String {
        format!("{}/{t}", self.ssm_leases_root())
    }
    /// The lease `init` holds on the platform. `_` cannot occur in a tenant id, so no tenant
    /// lease can ever be this one.
    pub fn ssm_platform_lease(&self) -> String {
        format!("{}/{PLATFORM_LEASE}", self.ssm_leases_root())
    }
    /// Archived object versions of one run: `<run prefix>data/<key relative to the tenant prefix>`.
    pub fn archive_data_prefix(&self, t: &TenantId, run: &str) -> String {
        format!("{}data/", self.archive_run_prefix(t, run))
    }
    /// Manifest of one run: every archived version with its size, SHA-256 and metadata.
    pub fn archive_manifest_key(&self, t: &TenantId, run: &str) -> String {
        format!("{}manifest.json", self.archive_run_prefix(t, run))
    }
    /// Export of the tenant's users (attributes only; Cognito never reveals secrets).
    pub fn archive_users_key(&self, t: &TenantId, run: &str) -> String {
        format!("{}users.json", self.archive_run_prefix(t, run))
    }
    /// Export of the tenant's SSM parameters (other than the record, which survives as the tombstone).
    pub fn archive_parameters_key(&self, t: &TenantId, run: &str) -> String {
        format!("{}parameters.json", self.archive_run_prefix(t, run))
    }
    /// The tenant's memory events in an archive run: one JSON event per line.
    pub fn archive_memory_events_key(&self, t: &TenantId, run: &str) -> String {
        format!("{}memory/events.jsonl", self.archive_run_prefix(t, run))
    }
    /// The tenant's archived long-term memory records, one JSON record per line.
    pub fn archive_memory_records_key(&self, t: &TenantId, run: &str) -> String {
        format!("{}memory/records.jsonl", self.archive_run_prefix(t, run))
    }
    /// Count and SHA-256 of each archived memory event.
    pub fn archive_memory_manifest_key(&self, t: &TenantId, run: &str) -> String {
        format!("{}memory/manifest.json", self.archive_run_prefix(t, run))
    }
    /// Where `user remove` archives one user's memory before erasing it.
    pub fn erasure_run_prefix(&self, t: &TenantId, run: &str) -> String {
        format!("erasure/{t}/{run}/")
    }
    pub fn s3_uri(bucket: &str, key: &str) -> String {
        format!("s3://{bucket}/{key}")
    }
    /// A new offboarding run id: `<UTC time>-<8 hex>`, sortable, and unique enough that two
    /// runs never share an archive prefix.
    pub fn new_run_id(now: chrono::DateTime<chrono::Utc>) -> String {
        let rand = uuid::Uuid::new_v4().simple().to_string();
        format!("{}-{}", now.format("%Y%m%dT%H%M%SZ"), &rand[..8])
    }
    /// Run ids come back from operators (`restore --from-archive`): same alphabet as ids.
    pub fn parse_run_id(s: &str) -> Result<String, crate::error::Error> {
        let ok = (8..=64).contains(&s.len())
            && s.chars().all(|c| {
                c.is_ascii_digit() || c.is_ascii_lowercase() || c == '-' || c == 'T' || c == 'Z'
            });
        if ok {
            Ok(s.to_string())
        } else {
            Err(crate::error::Error::usage(format!("invalid archive run id {s:?}: expected the run id shown by `tenant show` (e.g. 20260115T101500Z-1a2b3c4d)")))
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TierParam {
    ModelId,
    ProjectId,
    Features,
}

impl TierParam {
    pub const ALL: [TierParam; 3] = [
        TierParam::ModelId,
        TierParam::ProjectId,
        TierParam::Features,
    ];
    pub fn leaf(self) -> &'static str {
        match self {
            TierParam::ModelId => "model-id",
            TierParam::ProjectId => "project-id",
            TierParam::Features => "features",
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn names() -> Names {
        Names {
            ns: Namespace::parse("medplat").unwrap(),
            partition: "aws".into(),
            account: "123456789012".into(),
            region: "us-east-1".into(),
            data_bucket: "d".into(),
            archive_bucket: "a".into(),
            memory_id: None,
        }
    }

    #[test]
    fn contract_paths() {
        let n = names();
        let t = TenantId::parse("clinic-a").unwrap();
        let tier = TierName::parse("basic").unwrap();
        assert_eq!(n.ssm_tenant_record(&t), "/medplat/tenants/clinic-a/record");
        assert_eq!(
            n.ssm_tenant_project_id(&t),
            "/medplat/tenants/clinic-a/project-id"
        );
        assert_eq!(n.data_prefix(&tier, &t), "basic/clinic-a/");
        assert_eq!(
            n.ssm_parameter_arn(&n.ssm_tenant_record(&t)),
            "arn:aws:ssm:us-east-1:123456789012:parameter/medplat/tenants/clinic-a/record"
        );
    }

    #[test]
    fn index_shards_are_stable_and_never_a_tenant_folder() {
        let n = names();
        let t = TenantId::parse("clinic-a").unwrap();
        // Pinned: a different hash would orphan every shard written so far.
        assert_eq!(Names::index_shard_of(&t), 0xb1);
        assert_eq!(n.index_shard_key(0), "registry/_index/00.json");
        assert_eq!(n.index_shard_key(255), "registry/_index/ff.json");
        assert!(TenantId::parse(INDEX_FOLDER).is_err());
        let index = TenantId::parse("index").unwrap();
        assert!(!n.membership_key(&index).starts_with(&n.index_prefix()));
    }

    #[test]
    fn joined_ids_are_injective() {
        let a = Names::actor_id(
            &TenantId::parse("clinic").unwrap(),
            &UserSub::parse("a-0f6c1e2d").unwrap(),
        );
        let b = Names::actor_id(
            &TenantId::parse("clinic-a").unwrap(),
            &UserSub::parse("0f6c1e2d").unwrap(),
        );
        assert_ne!(a, b);
        let n = names();
        assert_ne!(
            n.tvm_role_name(),
            n.siloed_role_name(&TenantId::parse("tvm").unwrap())
        );
        assert!(
            n.siloed_role_name(&TenantId::parse(&"a".repeat(48)).unwrap())
                .len()
                <= 64
        );
        assert!(
            TenantId::parse(PLATFORM_LEASE).is_err(),
            "the platform lease must not be a tenant id"
        );
        assert_ne!(
            n.ssm_platform_lease(),
            n.ssm_tenant_lease(&TenantId::parse("platform").unwrap())
        );
    }
}
