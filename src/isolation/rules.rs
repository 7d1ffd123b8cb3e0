//! The finding catalogue. Rule ids are stable: CI systems key suppressions and dashboards on
//! them (SARIF `ruleId`, JUnit test names, JSON `rule`). Add new ids; never renumber.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Rule {
    /// A tenant session reached another tenant's resource.
    #[serde(rename = "TI001")]
    CrossTenantAccess,
    /// A tenant session was denied its own resource (positive control failed).
    #[serde(rename = "TI002")]
    OwnAccessDenied,
    /// A session with a missing, empty or malformed tag reached tenant data.
    #[serde(rename = "TI003")]
    AdversarialSessionAccess,
    /// A request naming no tenant (list without prefix, scan, untagged resource) was allowed.
    #[serde(rename = "TI004")]
    UnscopedAccess,
    /// A session could invoke another tier's model, or not its own.
    #[serde(rename = "TI005")]
    TierModelAccess,
    /// The proof could not decide a question exactly (reported, never passed silently).
    #[serde(rename = "TI006")]
    IsolationUndecided,
    /// An anonymous caller or a principal of another account reaches a tenant's namespace.
    #[serde(rename = "TI007")]
    ExternalPrincipalAccess,
    /// The naming contract maps two different identities to one value (or one namespace
    /// inside another's).
    #[serde(rename = "TI008")]
    NamingCollision,
    /// The trust policy lets a session be created without the required tags.
    #[serde(rename = "TI010")]
    TrustUntaggedSession,
    /// The trust policy accepts malformed or out-of-range tag values.
    #[serde(rename = "TI011")]
    TrustMalformedTag,
    /// A principal other than the configured runtime may assume the role (or pick another tenant).
    #[serde(rename = "TI012")]
    TrustUntrustedPrincipal,
    /// The configured runtime cannot assume the role with well-formed tags (positive control).
    #[serde(rename = "TI013")]
    TrustRuntimeDenied,
    /// The runtime role itself can reach tenant data without going through the TVM.
    #[serde(rename = "TI014")]
    RuntimeBypass,
    /// The user pool lets a user's tenant claims (`custom:tier`, `custom:clinic_id`) change
    /// after the user is created.
    #[serde(rename = "TI015")]
    TenantClaimMutable,
    /// An app client lets its users write their own tenant claims.
    #[serde(rename = "TI016")]
    TenantClaimClientWritable,
    /// A user's tenant claim disagrees with the tenants' recorded memberships.
    #[serde(rename = "TI017")]
    TenantClaimNotMembership,
    /// An AgentCore runtime's or gateway's JWT authorizer trusts another issuer than this
    /// platform's user pool.
    #[serde(rename = "TI018")]
    AuthorizerForeignIssuer,
    /// An AgentCore JWT authorizer names no allowed client (any client of the issuer passes).
    #[serde(rename = "TI019")]
    AuthorizerAnyClient,
    /// A deployed policy could not be read or parsed.
    #[serde(rename = "TI020")]
    PolicyUnreadable,
    /// An AgentCore JWT authorizer allows an app client that can write the tenant claims (or
    /// one that is not this pool's).
    #[serde(rename = "TI021")]
    AuthorizerUnsafeClient,
    /// An AgentCore runtime or gateway without a JWT authorizer is invokable by a principal
    /// other than the configured front door.
    #[serde(rename = "TI022")]
    AgentCoreIamInvoker,
    /// Live probe: a real cross-tenant request was not denied.
    #[serde(rename = "TI030")]
    LiveProbeNotDenied,
}

impl Rule {
    pub const ALL: [Rule; 22] = [
        Rule::CrossTenantAccess,
        Rule::OwnAccessDenied,
        Rule::AdversarialSessionAccess,
        Rule::UnscopedAccess,
        Rule::TierModelAccess,
        Rule::IsolationUndecided,
        Rule::ExternalPrincipalAccess,
        Rule::NamingCollision,
        Rule::TrustUntaggedSession,
        Rule::TrustMalformedTag,
        Rule::TrustUntrustedPrincipal,
        Rule::TrustRuntimeDenied,
        Rule::RuntimeBypass,
        Rule::TenantClaimMutable,
        Rule::TenantClaimClientWritable,
        Rule::TenantClaimNotMembership,
        Rule::AuthorizerForeignIssuer,
        Rule::AuthorizerAnyClient,
        Rule::PolicyUnreadable,
        Rule::AuthorizerUnsafeClient,
        Rule::AgentCoreIamInvoker,
        Rule::LiveProbeNotDenied,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Rule::CrossTenantAccess => "TI001",
            Rule::OwnAccessDenied => "TI002",
            Rule::AdversarialSessionAccess => "TI003",
            Rule::UnscopedAccess => "TI004",
            Rule::TierModelAccess => "TI005",
            Rule::IsolationUndecided => "TI006",
            Rule::ExternalPrincipalAccess => "TI007",
            Rule::NamingCollision => "TI008",
            Rule::TrustUntaggedSession => "TI010",
            Rule::TrustMalformedTag => "TI011",
            Rule::TrustUntrustedPrincipal => "TI012",
            Rule::TrustRuntimeDenied => "TI013",
            Rule::RuntimeBypass => "TI014",
            Rule::TenantClaimMutable => "TI015",
            Rule::TenantClaimClientWritable => "TI016",
            Rule::TenantClaimNotMembership => "TI017",
            Rule::AuthorizerForeignIssuer => "TI018",
            Rule::AuthorizerAnyClient => "TI019",
            Rule::AuthorizerUnsafeClient => "TI021",
            Rule::AgentCoreIamInvoker => "TI022",
            Rule::PolicyUnreadable => "TI020",
            Rule::LiveProbeNotDenied => "TI030",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Rule::CrossTenantAccess => "cross-tenant-access",
            Rule::OwnAccessDenied => "own-access-denied",
            Rule::AdversarialSessionAccess => "adversarial-session-access",
            Rule::UnscopedAccess => "unscoped-access",
            Rule::TierModelAccess => "tier-model-access",
            Rule::IsolationUndecided => "isolation-undecided",
            Rule::ExternalPrincipalAccess => "external-principal-access",
            Rule::NamingCollision => "naming-collision",
            Rule::TrustUntaggedSession => "trust-untagged-session",
            Rule::TrustMalformedTag => "trust-malformed-tag",
            Rule::TrustUntrustedPrincipal => "trust-untrusted-principal",
            Rule::TrustRuntimeDenied => "trust-runtime-denied",
            Rule::RuntimeBypass => "runtime-bypass",
            Rule::TenantClaimMutable => "tenant-claim-mutable",
            Rule::TenantClaimClientWritable => "tenant-claim-client-writable",
            Rule::TenantClaimNotMembership => "tenant-claim-not-membership",
            Rule::AuthorizerForeignIssuer => "authorizer-foreign-issuer",
            Rule::AuthorizerAnyClient => "authorizer-any-client",
            Rule::AuthorizerUnsafeClient => "authorizer-unsafe-client",
            Rule::AgentCoreIamInvoker => "agentcore-iam-invoker",
            Rule::PolicyUnreadable => "policy-unreadable",
            Rule::LiveProbeNotDenied => "live-probe-not-denied",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Rule::CrossTenantAccess => "A session tagged as one tenant is allowed to act on another tenant's resource.",
            Rule::OwnAccessDenied => "A tenant session is denied its own resource: the positive control failed, so a deny-all policy cannot pass as isolated.",
            Rule::AdversarialSessionAccess => "A session with a missing, empty, case-variant or pattern-bearing tag reaches tenant data.",
            Rule::UnscopedAccess => "A request that names no tenant (list without prefix, table scan, untagged resource) is allowed.",
            Rule::TierModelAccess => "A tenant session may invoke another tier's model, or cannot invoke its own tier's model.",
            Rule::IsolationUndecided => "The proof could not decide exactly whether a session reaches another tenant's namespace (a policy variable the caller controls inside a pattern, a key compared as string and number, too many combinations): not proven isolated.",
            Rule::ExternalPrincipalAccess => "An anonymous caller or a principal of another account reaches a tenant's namespace through the bucket policy.",
            Rule::NamingCollision => "The naming contract gives two different (tier, tenant, user) identities the same actor id, namespace or key, or one's prefix-shaped namespace lies inside another's: they share data however exact the policies are.",
            Rule::TrustUntaggedSession => "The TVM trust policy allows a session without non-empty Tier, ClinicId and UserId tags.",
            Rule::TrustMalformedTag => "The TVM trust policy accepts a tag value that is malformed (pattern/path characters, upper case, unknown tier, extra tag keys).",
            Rule::TrustUntrustedPrincipal => "A principal other than the configured runtime can assume the role, or a siloed role for another tenant.",
            Rule::TrustRuntimeDenied => "The configured runtime cannot assume the role with well-formed tags (positive control).",
            Rule::RuntimeBypass => "The runtime role reaches tenant data directly, bypassing the TVM's tenant scoping.",
            Rule::TenantClaimMutable => "The user pool declares custom:tier or custom:clinic_id mutable: an administrator, a script or a migration can move a user into another tenant after creation.",
            Rule::TenantClaimClientWritable => "An app client may write custom:tier or custom:clinic_id (no WriteAttributes list, or one naming them): its users can sign up into, or move themselves into, any tenant.",
            Rule::TenantClaimNotMembership => "A user's custom:clinic_id disagrees with the recorded memberships: a member carries another tenant's claim, or a user carries a tenant's claim without being its member. Its sessions are tagged with that tenant, so the policies, however exact, let it into that tenant's data.",
            Rule::AuthorizerForeignIssuer => "An AgentCore runtime's or gateway's inbound JWT authorizer names a discovery URL other than this platform's user pool: tokens minted elsewhere, with any custom:clinic_id, are accepted.",
            Rule::AuthorizerAnyClient => "An AgentCore runtime's or gateway's inbound JWT authorizer sets no allowedClients: a token of any app client of the pool is accepted, including one whose users can write their own tenant claims.",
            Rule::AuthorizerUnsafeClient => "An AgentCore inbound JWT authorizer allows an app client that can write custom:tier or custom:clinic_id (or one that is not an app client of this pool): its users can pick their tenant and call the shared runtime as it.",
            Rule::AgentCoreIamInvoker => "An AgentCore runtime or gateway has no JWT authorizer (IAM only, or none) and a principal other than the configured front door (agentcore.front_door) may invoke it: it calls the shared runtime with no user token, naming any tenant.",
            Rule::PolicyUnreadable => "A deployed policy could not be read or parsed, so isolation could not be proven.",
            Rule::LiveProbeNotDenied => "A live cross-tenant request against the account was not denied.",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Rule::TrustMalformedTag | Rule::TierModelAccess => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}
