//! Acceptance test for issue #19: the offline isolation check is a proof over every resource
//! and every caller-controlled condition value, not a sample request per tenant pair.
//!
//! Each mutant below adds a grant narrower than another tenant's namespace (a sub-prefix, a
//! single object, a suffix, a tag condition, a negated operator, a carve-out, a bucket
//! policy, ...) to the shipped templates. A sample key such as
//! `<tier>/<tenant>/records/visit-notes.txt` misses most of them; the proof must catch every
//! one with the named rule, and every finding must carry a `replay` that `tenantctl policy
//! simulate` evaluates to the same decision (`Allowed` for a reach). Negative controls keep
//! the proof honest: the shipped templates, a benign bucket policy and a harmless duplicate
//! grant have zero findings.
//!
//! Written against the CLI only (no emulator, no AWS). To add a mutant, add a row to
//! `MUTANTS`: the name says what leaks; `$DATA`, `$SSM`, `$TABLES`, `$BEDROCK`, `$MEMORY`,
//! `$TVM` and `$ACCOUNT` expand to the real names (src/naming.rs) for the example config.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

/// Every tier has a tenant; `clinic-ab` extends `clinic-a`, so a missing separator after the
/// tenant variable has a concrete victim.
const TENANTS: &str =
    "clinic-a=basic,clinic-ab=basic,clinic-b=basic,clinic-e=premium,hospital-a=enterprise";

/// Placeholders in mutant text, expanded to the names the example config renders
/// (account 123456789012, region us-east-1, namespace medplat).
const EXPANSIONS: &[(&str, &str)] = &[
    ("$DATA", "arn:aws:s3:::medplat-tenant-data"),
    (
        "$SSM",
        "arn:aws:ssm:us-east-1:123456789012:parameter/medplat",
    ),
    (
        "$TABLES",
        "arn:aws:dynamodb:us-east-1:123456789012:table/medplat_*",
    ),
    ("$BEDROCK", "arn:aws:bedrock:us-east-1:123456789012"),
    (
        "$MEMORY",
        "arn:aws:bedrock-agentcore:us-east-1:123456789012:memory/*",
    ),
    ("$TVM", "arn:aws:iam::123456789012:role/medplat/medplat_tvm"),
    ("$ACCOUNT", "123456789012"),
];

fn expand(text: &str) -> String {
    let mut s = text.to_string();
    for (k, v) in EXPANSIONS {
        s = s.replace(k, v);
    }
    assert!(
        !s.chars()
            .zip(s.chars().skip(1))
            .any(|(a, b)| a == '$' && b.is_ascii_uppercase()),
        "unexpanded placeholder in {s}"
    );
    s
}

/// How a mutant changes the shipped documents.
#[derive(Debug, Clone, Copy)]
enum Mutation {
    /// Append a statement (a JSON object) or several (a JSON array) to the TVM access policy.
    Append(&'static str),
    /// Replace the first occurrence of `from` (which must occur) in the minified access policy.
    Replace(&'static str, &'static str),
    /// Give the data bucket a policy with these statements (a JSON array); access unchanged.
    BucketPolicy(&'static str),
}
use Mutation::{Append, BucketPolicy, Replace};

/// (name: what leaks, mutation, expected rule, expected target tenant or None). A leak into
/// every tenant is reported once per session and action with one witness, naming the first
/// registered tenant it reaches (the check is linear in tenants, not per pair): such mutants
/// expect the rule only; a grant naming one tenant expects that tenant.
type Mutant = (&'static str, Mutation, &'static str, Option<&'static str>);

const MUTANTS: &[Mutant] = &[
    // ---- S3 objects: grants narrower than a tenant prefix ----
    (
        "s3 sub-prefix basic/clinic-b/reports/* leaks clinic-b's reports",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"s3:GetObject","Resource":"$DATA/basic/clinic-b/reports/*"}"#,
        ),
        "TI001",
        Some("clinic-b"),
    ),
    (
        "s3 deep sub-prefix basic/clinic-b/a/b/* leaks clinic-b's objects below a/b/",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"s3:GetObject","Resource":"$DATA/basic/clinic-b/a/b/*"}"#,
        ),
        "TI001",
        Some("clinic-b"),
    ),
    (
        "s3 single object basic/clinic-b/records/x.json leaks that clinic-b object",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"s3:GetObject","Resource":"$DATA/basic/clinic-b/records/x.json"}"#,
        ),
        "TI001",
        Some("clinic-b"),
    ),
    (
        "s3 write of a single object in clinic-b's prefix lets every tenant overwrite it",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"s3:PutObject","Resource":"$DATA/basic/clinic-b/records/x.json"}"#,
        ),
        "TI001",
        Some("clinic-b"),
    ),
    (
        "s3 suffix <bucket>/*.pdf leaks every tenant's PDFs",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"s3:GetObject","Resource":"$DATA/*.pdf"}"#,
        ),
        "TI001",
        None,
    ),
    (
        "s3 infix <bucket>/*/records/* leaks every tenant's records folder",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"s3:GetObject","Resource":"$DATA/*/records/*"}"#,
        ),
        "TI001",
        None,
    ),
    (
        "s3 object tag owner=clinic-b on the whole bucket leaks objects in clinic-b's prefix (the tag is not the namespace)",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"s3:GetObject","Resource":"$DATA/*","Condition":{"StringEquals":{"s3:ExistingObjectTag/owner":"clinic-b"}}}"#,
        ),
        "TI001",
        None,
    ),
    (
        "s3 aws:ResourceTag/ClinicId equal to the session's tenant on the whole bucket leaks another prefix's objects tagged so",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"s3:GetObject","Resource":"$DATA/*","Condition":{"StringEquals":{"aws:ResourceTag/ClinicId":"${aws:PrincipalTag/ClinicId}"}}}"#,
        ),
        "TI001",
        None,
    ),
    (
        "s3 StringNotEquals on the object's tenant tag leaks every object tagged with another tenant (and untagged ones)",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"s3:GetObject","Resource":"$DATA/*","Condition":{"StringNotEquals":{"s3:ExistingObjectTag/tenant":"${aws:PrincipalTag/ClinicId}"}}}"#,
        ),
        "TI001",
        None,
    ),
    (
        "s3 write conditioned on a request object tag the caller chooses leaks writes into every prefix",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"s3:PutObject","Resource":"$DATA/*","Condition":{"StringEquals":{"s3:RequestObjectTag/tenant":"${aws:PrincipalTag/ClinicId}"}}}"#,
        ),
        "TI001",
        None,
    ),
    (
        "s3 whole bucket for every session whose Tier is not enterprise (StringNotEquals on a fixed key)",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"s3:GetObject","Resource":"$DATA/*","Condition":{"StringNotEquals":{"aws:PrincipalTag/Tier":"enterprise"}}}"#,
        ),
        "TI001",
        None,
    ),
    (
        "s3 ArnNotLike on aws:SourceArn holds for a direct call (key absent): whole bucket readable",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"s3:GetObject","Resource":"$DATA/*","Condition":{"ArnNotLike":{"aws:SourceArn":"arn:aws:lambda:*:$ACCOUNT:function:untrusted-*"}}}"#,
        ),
        "TI001",
        None,
    ),
    (
        "s3 premium/* granted to every session: basic tenants read clinic-e's premium prefix",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"s3:GetObject","Resource":"$DATA/premium/*"}"#,
        ),
        "TI001",
        Some("clinic-e"),
    ),
    (
        "s3 */<own tenant>/* in any folder: clinic-a reads basic/clinic-b/clinic-a/x",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"s3:GetObject","Resource":"$DATA/*/${aws:PrincipalTag/ClinicId}/*"}"#,
        ),
        "TI001",
        Some("clinic-b"),
    ),
    (
        "s3 NotResource own prefix: an Allow of everything but the own prefix",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"s3:GetObject","NotResource":"$DATA/${aws:PrincipalTag/Tier}/${aws:PrincipalTag/ClinicId}/*"}"#,
        ),
        "TI001",
        None,
    ),
    (
        "s3 NotAction s3:PutObject on <bucket>/*: GetObject (and the rest) on every prefix",
        Append(
            r#"{"Sid":"M","Effect":"Allow","NotAction":"s3:PutObject","Resource":"$DATA/*"}"#,
        ),
        "TI001",
        None,
    ),
    (
        "s3 Deny carve-out leaves a hole: Allow basic/*, Deny basic/clinic-b/* to others, still reaches clinic-a",
        Append(
            r#"[{"Sid":"M","Effect":"Allow","Action":"s3:GetObject","Resource":"$DATA/basic/*"},{"Sid":"MDeny","Effect":"Deny","Action":"s3:GetObject","Resource":"$DATA/basic/clinic-b/*","Condition":{"StringNotEquals":{"aws:PrincipalTag/ClinicId":"clinic-b"}}}]"#,
        ),
        "TI001",
        Some("clinic-a"),
    ),
    (
        "s3 object ARN without the '/' after the tenant variable reaches clinic-ab",
        Replace(
            "medplat-tenant-data/${aws:PrincipalTag/Tier}/${aws:PrincipalTag/ClinicId}/*\"",
            "medplat-tenant-data/${aws:PrincipalTag/Tier}/${aws:PrincipalTag/ClinicId}*\"",
        ),
        "TI001",
        Some("clinic-ab"),
    ),
    // ---- S3 listing ----
    (
        "s3 ListBucket with s3:prefix on clinic-b's sub-prefix basic/clinic-b/reports/",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"s3:ListBucket","Resource":"$DATA","Condition":{"StringLike":{"s3:prefix":["basic/clinic-b/reports/","basic/clinic-b/reports/*"]}}}"#,
        ),
        "TI001",
        Some("clinic-b"),
    ),
    (
        "s3 ListBucket with the prefix glob basic/clinic-* lists every basic tenant",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"s3:ListBucket","Resource":"$DATA","Condition":{"StringLike":{"s3:prefix":"basic/clinic-*"}}}"#,
        ),
        "TI001",
        None,
    ),
    (
        "s3 ListBucket StringNotLike the own prefix: a list without prefix (the whole bucket) is allowed",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"s3:ListBucket","Resource":"$DATA","Condition":{"StringNotLike":{"s3:prefix":"${aws:PrincipalTag/Tier}/${aws:PrincipalTag/ClinicId}/*"}}}"#,
        ),
        "TI004",
        None,
    ),
    (
        "s3 ListBucket of the own tier folder names no tenant (lists every tenant of the tier)",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"s3:ListBucket","Resource":"$DATA","Condition":{"StringEquals":{"s3:prefix":"${aws:PrincipalTag/Tier}/"}}}"#,
        ),
        "TI004",
        None,
    ),
    (
        "s3 ListBucket s3:prefix StringLikeIfExists: a list without prefix is allowed",
        Replace(
            "\"StringLike\":{\"s3:prefix\"",
            "\"StringLikeIfExists\":{\"s3:prefix\"",
        ),
        "TI004",
        None,
    ),
    (
        "s3 ListBucket prefix without the '/' after the tenant variable lists clinic-ab",
        Replace(
            "\"${aws:PrincipalTag/Tier}/${aws:PrincipalTag/ClinicId}/*\"]",
            "\"${aws:PrincipalTag/Tier}/${aws:PrincipalTag/ClinicId}*\"]",
        ),
        "TI001",
        Some("clinic-ab"),
    ),
    // ---- SSM ----
    (
        "ssm sub-path parameter/medplat/tenants/clinic-b/app/* leaks clinic-b's app parameters",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"ssm:GetParameter","Resource":"$SSM/tenants/clinic-b/app/*"}"#,
        ),
        "TI001",
        Some("clinic-b"),
    ),
    (
        "ssm PutParameter on tenants/*/app/* lets a tenant write every tenant's app parameters",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"ssm:PutParameter","Resource":"$SSM/tenants/*/app/*"}"#,
        ),
        "TI001",
        None,
    ),
    (
        "ssm GetParametersByPath on /medplat/tenants reads every tenant's tree",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"ssm:GetParametersByPath","Resource":"$SSM/tenants"}"#,
        ),
        "TI004",
        None,
    ),
    (
        "ssm read path without the '/' after the tenant variable reaches clinic-ab",
        Replace(
            "parameter/medplat/tenants/${aws:PrincipalTag/ClinicId}/*\"",
            "parameter/medplat/tenants/${aws:PrincipalTag/ClinicId}*\"",
        ),
        "TI001",
        Some("clinic-ab"),
    ),
    // ---- DynamoDB ----
    (
        "dynamodb ForAnyValue on LeadingKeys: a request carrying [own, clinic-b] reaches clinic-b",
        Replace(
            "\"ForAllValues:StringEquals\":{\"dynamodb:LeadingKeys\"",
            "\"ForAnyValue:StringEquals\":{\"dynamodb:LeadingKeys\"",
        ),
        "TI001",
        None,
    ),
    (
        "dynamodb LeadingKeys StringLike ${ClinicId}* reaches clinic-ab's partition",
        Replace(
            "\"ForAllValues:StringEquals\":{\"dynamodb:LeadingKeys\":[\"${aws:PrincipalTag/ClinicId}\"]}",
            "\"ForAllValues:StringLike\":{\"dynamodb:LeadingKeys\":[\"${aws:PrincipalTag/ClinicId}*\"]}",
        ),
        "TI001",
        Some("clinic-ab"),
    ),
    (
        "dynamodb LeadingKeys StringLike clinic-* reaches every clinic's partition",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"dynamodb:GetItem","Resource":"$TABLES","Condition":{"ForAllValues:StringLike":{"dynamodb:LeadingKeys":"clinic-*"},"Null":{"dynamodb:LeadingKeys":"false"}}}"#,
        ),
        "TI001",
        None,
    ),
    (
        "dynamodb ForAllValues without the Null guard: a request without leading keys is allowed",
        Replace(",\"Null\":{\"dynamodb:LeadingKeys\":\"false\"}", ""),
        "TI004",
        None,
    ),
    (
        "dynamodb Scan on the pool tables names no tenant",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"dynamodb:Scan","Resource":"$TABLES"}"#,
        ),
        "TI004",
        None,
    ),
    // ---- Bedrock tagged resources ----
    (
        "bedrock ResourceTag/ClinicId StringLike clinic-* reaches every clinic's knowledge bases",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"bedrock:Retrieve","Resource":"$BEDROCK:*","Condition":{"StringLike":{"aws:ResourceTag/ClinicId":"clinic-*"}}}"#,
        ),
        "TI001",
        None,
    ),
    (
        "bedrock ResourceTag StringEqualsIfExists: untagged resources are allowed",
        Replace(
            "\"StringEquals\":{\"aws:ResourceTag/ClinicId\"",
            "\"StringEqualsIfExists\":{\"aws:ResourceTag/ClinicId\"",
        ),
        "TI004",
        None,
    ),
    (
        "bedrock ResourceTag matched case-insensitively: an upper-case ClinicId session reaches the tenant",
        Replace(
            "\"StringEquals\":{\"aws:ResourceTag/ClinicId\"",
            "\"StringEqualsIgnoreCase\":{\"aws:ResourceTag/ClinicId\"",
        ),
        "TI003",
        None,
    ),
    // ---- AgentCore memory ----
    (
        "memory namespace StringLike /tenants/clinic-b/users/* leaks clinic-b's memory records",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"bedrock-agentcore:RetrieveMemoryRecords","Resource":"$MEMORY","Condition":{"StringLike":{"bedrock-agentcore:namespace":"/tenants/clinic-b/users/*"}}}"#,
        ),
        "TI001",
        Some("clinic-b"),
    ),
    (
        "memory actor id *:dr.smith reaches dr.smith in every tenant",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"bedrock-agentcore:CreateEvent","Resource":"$MEMORY","Condition":{"StringLike":{"bedrock-agentcore:actorId":"*:dr.smith"}}}"#,
        ),
        "TI001",
        None,
    ),
    (
        "memory actor id clinic-b:* gives every tenant clinic-b's events",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"bedrock-agentcore:ListEvents","Resource":"$MEMORY","Condition":{"StringLike":{"bedrock-agentcore:actorId":"clinic-b:*"}}}"#,
        ),
        "TI001",
        Some("clinic-b"),
    ),
    (
        "memory actor id without the ':' after the tenant variable reaches clinic-ab",
        Replace(
            "${aws:PrincipalTag/ClinicId}:*",
            "${aws:PrincipalTag/ClinicId}*",
        ),
        "TI001",
        Some("clinic-ab"),
    ),
    (
        "memory namespace without the '/' after the tenant variable reaches clinic-ab",
        // With the quotes: without them the SSM path (`parameter/medplat/tenants/...`) matches first.
        Replace(
            "\"/tenants/${aws:PrincipalTag/ClinicId}/*\"",
            "\"/tenants/${aws:PrincipalTag/ClinicId}*\"",
        ),
        "TI001",
        Some("clinic-ab"),
    ),
    (
        "memory namespace /tenants/*:* reaches every tenant's actor-scoped records (/tenants/<t>:<sub>/)",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"bedrock-agentcore:RetrieveMemoryRecords","Resource":"$MEMORY","Condition":{"StringLike":{"bedrock-agentcore:namespace":"/tenants/*:*"}}}"#,
        ),
        "TI001",
        None,
    ),
    (
        "memory namespace /tenants/clinic-b:* leaks clinic-b's actor-scoped records",
        Append(
            r#"{"Sid":"M","Effect":"Allow","Action":"bedrock-agentcore:ListMemoryRecords","Resource":"$MEMORY","Condition":{"StringLike":{"bedrock-agentcore:namespace":"/tenants/clinic-b:*"}}}"#,
        ),
        "TI001",
        Some("clinic-b"),
    ),
    (
        "actor-scoped memory namespace without the ':' after the tenant variable reaches clinic-ab",
        Replace(
            "\"/tenants/${aws:PrincipalTag/ClinicId}:*\"",
            "\"/tenants/${aws:PrincipalTag/ClinicId}*\"",
        ),
        "TI001",
        Some("clinic-ab"),
    ),
    (
        "memory actor id StringLikeIfExists: events without an actor id are allowed",
        Replace(
            "\"StringLike\":{\"bedrock-agentcore:actorId\"",
            "\"StringLikeIfExists\":{\"bedrock-agentcore:actorId\"",
        ),
        "TI004",
        None,
    ),
    // ---- the data bucket's policy ----
    (
        "bucket policy Principal * reads basic/clinic-b/*: anonymous read of clinic-b",
        BucketPolicy(
            r#"[{"Sid":"M","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"$DATA/basic/clinic-b/*"}]"#,
        ),
        "TI007",
        Some("clinic-b"),
    ),
    (
        "bucket policy Principal * over TLS only is still public: clinic-b readable",
        BucketPolicy(
            r#"[{"Sid":"M","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"$DATA/*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]"#,
        ),
        "TI007",
        None,
    ),
    (
        "bucket policy Principal * with an aws:Referer condition (caller-controlled header)",
        BucketPolicy(
            r#"[{"Sid":"M","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"$DATA/basic/clinic-b/*","Condition":{"StringLike":{"aws:Referer":"https://portal.example.com/*"}}}]"#,
        ),
        "TI007",
        Some("clinic-b"),
    ),
    (
        "bucket policy Principal * may ListBucket: anonymous listing of clinic-b's prefix",
        BucketPolicy(
            r#"[{"Sid":"M","Effect":"Allow","Principal":"*","Action":"s3:ListBucket","Resource":"$DATA"}]"#,
        ),
        "TI007",
        None,
    ),
    (
        "bucket policy gives account 999999999999 root premium/clinic-e/*",
        BucketPolicy(
            r#"[{"Sid":"M","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999999999999:root"},"Action":"s3:GetObject","Resource":"$DATA/premium/clinic-e/*"}]"#,
        ),
        "TI007",
        Some("clinic-e"),
    ),
    (
        "bucket policy gives account 999999999999 (bare id) basic/clinic-b/reports/*",
        BucketPolicy(
            r#"[{"Sid":"M","Effect":"Allow","Principal":{"AWS":"999999999999"},"Action":"s3:GetObject","Resource":"$DATA/basic/clinic-b/reports/*"}]"#,
        ),
        "TI007",
        Some("clinic-b"),
    ),
    (
        "bucket policy gives the TVM role <bucket>/*: every session reads every prefix",
        BucketPolicy(
            r#"[{"Sid":"M","Effect":"Allow","Principal":{"AWS":"$TVM"},"Action":"s3:GetObject","Resource":"$DATA/*"}]"#,
        ),
        "TI001",
        None,
    ),
    (
        "bucket policy Principal * limited to the own account: every TVM session reads every prefix",
        BucketPolicy(
            r#"[{"Sid":"M","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"$DATA/*","Condition":{"StringEquals":{"aws:PrincipalAccount":"$ACCOUNT"}}}]"#,
        ),
        "TI001",
        None,
    ),
];

/// The issue's own reproduction: one statement added to the rendered access policy.
const ISSUE_19_STATEMENT: &str = r#"{"Sid":"Issue19Reports","Effect":"Allow","Action":"s3:GetObject","Resource":"$DATA/basic/clinic-b/reports/*"}"#;

/// Rules whose finding is a denial (a positive control that failed): the replay must not be
/// `Allowed`. `TI006` (undecided) has no witness to replay. Every other finding is a reach.
const DENIAL_RULES: &[&str] = &["TI002", "TI013"];
const UNDECIDED: &str = "TI006";

struct Ws {
    dir: tempfile::TempDir,
    config: PathBuf,
    access: String,
    trust: String,
}

impl Ws {
    fn new() -> Ws {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("tenantctl.toml");
        let cfg = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/tenantctl.toml"),
        )
        .unwrap();
        // A siloed tier, so every deployment model has a tenant.
        let cfg = cfg
            + "\n[tiers.enterprise]\nmodel_id = \"openai.gpt-oss-120b-1:0\"\ndeployment = \"siloed\"\nmonthly_budget = \"9000\"\nproject_id = \"medplat-enterprise\"\n";
        std::fs::write(&config, cfg).unwrap();
        let mut ws = Ws {
            dir,
            config,
            access: String::new(),
            trust: String::new(),
        };
        ws.access = ws.render("tvm-access");
        ws.trust = ws.render("tvm-trust");
        ws
    }
    fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("tenantctl").unwrap();
        c.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("TENANTCTL_CONFIG", &self.config)
            .env("NO_COLOR", "1");
        c
    }
    fn render(&self, what: &str) -> String {
        let out = self
            .cmd()
            .args(["policy", "render", what])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Minified, so mutations can match exact substrings.
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        serde_json::to_string(&v).unwrap()
    }
    fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }
}

/// One `validate isolation --offline -o json --max-findings-per-rule 0` run.
#[derive(Debug)]
struct Run {
    code: i32,
    json: Option<Value>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn findings(&self) -> &[Value] {
        self.json
            .as_ref()
            .and_then(|v| v["findings"].as_array())
            .map(|a| a.as_slice())
            .unwrap_or(&[])
    }
    fn rules(&self) -> Vec<String> {
        let mut r: Vec<String> = self
            .findings()
            .iter()
            .filter_map(|f| f["rule"].as_str().map(str::to_string))
            .collect();
        r.sort();
        r.dedup();
        r
    }
    fn show(&self) -> String {
        let head: String = self.stdout.chars().take(3000).collect();
        format!(
            "exit {}; rules {:?}\nstdout: {head}\nstderr: {}",
            self.code,
            self.rules(),
            self.stderr
        )
    }
}

/// The documents of one validation: access policies, trust policy, optional bucket policy.
struct Docs {
    access: Vec<String>,
    bucket_policy: Option<String>,
}

fn validate(ws: &Ws, tag: &str, docs: &Docs) -> Run {
    let mut c = ws.cmd();
    c.args(["-o", "json", "validate", "isolation", "--offline"]);
    for (i, a) in docs.access.iter().enumerate() {
        c.arg("--policy")
            .arg(ws.write(&format!("{tag}-access{i}.json"), a));
    }
    c.arg("--trust-policy")
        .arg(ws.write(&format!("{tag}-trust.json"), &ws.trust));
    if let Some(b) = &docs.bucket_policy {
        c.arg("--bucket-policy")
            .arg(ws.write(&format!("{tag}-bucket.json"), b));
    }
    c.args(["--tenants", TENANTS, "--max-findings-per-rule", "0"]);
    let out = c.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let json = serde_json::Deserializer::from_str(&stdout)
        .into_iter::<Value>()
        .next()
        .and_then(|r| r.ok());
    Run {
        code: out.status.code().unwrap_or(-1),
        json,
        stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn append_statements(doc: &str, statements: &str) -> String {
    let mut v: Value = serde_json::from_str(doc).unwrap();
    let add: Value = serde_json::from_str(&expand(statements))
        .unwrap_or_else(|e| panic!("mutant statement is not JSON: {e}\n{statements}"));
    let st = v["Statement"].as_array_mut().unwrap();
    match add {
        Value::Array(a) => st.extend(a),
        one => st.push(one),
    }
    serde_json::to_string(&v).unwrap()
}

fn bucket_policy(statements: &str) -> String {
    let st: Value = serde_json::from_str(&expand(statements))
        .unwrap_or_else(|e| panic!("bucket policy statements are not JSON: {e}\n{statements}"));
    serde_json::json!({"Version": "2012-10-17", "Statement": st}).to_string()
}

fn mutate(ws: &Ws, m: Mutation) -> Docs {
    match m {
        Append(st) => Docs {
            access: vec![append_statements(&ws.access, st)],
            bucket_policy: None,
        },
        Replace(from, to) => {
            assert!(
                ws.access.contains(from),
                "mutation source not found in the rendered access policy: {from}\n{}",
                ws.access
            );
            Docs {
                access: vec![ws.access.replacen(from, to, 1)],
                bucket_policy: None,
            }
        }
        BucketPolicy(st) => Docs {
            access: vec![ws.access.clone()],
            bucket_policy: Some(bucket_policy(st)),
        },
    }
}

/// A finding's replay, evaluated by `tenantctl policy simulate`.
#[derive(Debug)]
enum Replay {
    /// The simulate decision.
    Decision(String),
    /// No replay object, or simulate rejected it (the message).
    Broken(String),
}

/// Replays every finding of `run` through `policy simulate --batch` (one process for all of
/// them), and the first one also through `-o json policy simulate --input FILE`.
fn replay_all(ws: &Ws, tag: &str, run: &Run) -> Vec<Replay> {
    let findings = run.findings();
    let mut out: Vec<Option<Replay>> = findings.iter().map(|_| None).collect();
    let mut batch = String::new();
    for (i, f) in findings.iter().enumerate() {
        match f.get("replay") {
            Some(Value::Object(r)) => {
                let mut r = r.clone();
                r.insert("id".into(), Value::from(i as u64));
                batch.push_str(&Value::Object(r).to_string());
                batch.push('\n');
            }
            _ => out[i] = Some(Replay::Broken("finding has no replay object".into())),
        }
    }
    if !batch.is_empty() {
        let file = ws.write(&format!("{tag}-replays.jsonl"), &batch);
        let res = ws
            .cmd()
            .args(["policy", "simulate", "--batch"])
            .arg(&file)
            .output()
            .unwrap();
        for line in String::from_utf8_lossy(&res.stdout).lines() {
            let v: Value = match serde_json::from_str(line) {
                Ok(v) => v,
                Err(e) => panic!("{tag}: simulate printed a non-JSON line ({e}): {line}"),
            };
            let Some(i) = v["id"].as_u64().map(|i| i as usize) else {
                continue;
            };
            if i < out.len() {
                out[i] = Some(match v["decision"].as_str() {
                    Some(d) => Replay::Decision(d.to_string()),
                    None => Replay::Broken(format!("policy simulate: {v}")),
                });
            }
        }
    }
    // The first replayable finding also goes through `--input FILE`, the documented way.
    if let Some(i) = findings.iter().position(|f| f["replay"].is_object()) {
        let file = ws.write(
            &format!("{tag}-replay-{i}.json"),
            &findings[i]["replay"].to_string(),
        );
        let res = ws
            .cmd()
            .args(["-o", "json", "policy", "simulate", "--input"])
            .arg(&file)
            .output()
            .unwrap();
        let single = serde_json::from_slice::<Value>(&res.stdout)
            .ok()
            .and_then(|v| v["decision"].as_str().map(str::to_string));
        let batch = match &out[i] {
            Some(Replay::Decision(d)) => Some(d.clone()),
            _ => None,
        };
        if single.is_none() || single != batch {
            out[i] = Some(Replay::Broken(format!(
                "--input gave {single:?}, --batch gave {batch:?}; stderr: {}",
                String::from_utf8_lossy(&res.stderr)
            )));
        }
    }
    out.into_iter()
        .map(|r| r.unwrap_or_else(|| Replay::Broken("policy simulate gave no result".into())))
        .collect()
}

/// Whether `finding`'s replay decision is the one the finding claims; `Err` says why not.
fn check_replay(finding: &Value, replay: &Replay) -> Result<(), String> {
    let rule = finding["rule"].as_str().unwrap_or("");
    if rule == UNDECIDED {
        return Ok(());
    }
    let got = match replay {
        Replay::Decision(d) => d,
        Replay::Broken(why) => return Err(why.clone()),
    };
    let (req, rep) = (&finding["request"], &finding["replay"]);
    for k in ["principal", "action", "resource"] {
        if req[k] != rep[k] {
            return Err(format!(
                "replay.{k} {} differs from request.{k} {}",
                rep[k], req[k]
            ));
        }
    }
    if DENIAL_RULES.contains(&rule) {
        return if got == "Allowed" {
            Err("a denial finding replays as Allowed".into())
        } else {
            Ok(())
        };
    }
    match finding["decision"].as_str() {
        // TI005 also reports the own tier's model denied: the replay must agree.
        Some(d) if rule == "TI005" && d != got => Err(format!("finding says {d}, replay {got}")),
        _ if rule == "TI005" => Ok(()),
        _ if got == "Allowed" => Ok(()),
        _ => Err(format!("replay decision is {got}, not Allowed")),
    }
}

/// What one mutant did: its run and the replay of each of its findings.
struct Outcome {
    run: Run,
    replays: Vec<Replay>,
}

/// Runs every mutant once (a small thread pool, one `validate` process per mutant); the
/// tests below read the outcomes. The workspace is removed once all have run.
fn outcomes() -> &'static [Outcome] {
    static ALL: OnceLock<Vec<Outcome>> = OnceLock::new();
    ALL.get_or_init(|| {
        let ws = Ws::new();
        let next = AtomicUsize::new(0);
        let slots = Mutex::new(MUTANTS.iter().map(|_| None).collect::<Vec<_>>());
        std::thread::scope(|s| {
            for _ in 0..3 {
                s.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= MUTANTS.len() {
                        break;
                    }
                    let tag = format!("m{i}");
                    let run = validate(&ws, &tag, &mutate(&ws, MUTANTS[i].1));
                    let replays = replay_all(&ws, &tag, &run);
                    slots.lock().unwrap()[i] = Some(Outcome { run, replays });
                });
            }
        });
        slots
            .into_inner()
            .unwrap()
            .into_iter()
            .map(|o| o.expect("every mutant ran"))
            .collect()
    })
}

/// Why `run` does not catch the mutant `(rule, target)`, if it does not.
fn not_caught(run: &Run, rule: &str, target: Option<&str>) -> Option<String> {
    if run.code != 1 {
        return Some(format!("exit {} (expected 1)", run.code));
    }
    if run.json.is_none() {
        return Some("no JSON report on stdout".into());
    }
    let with_rule: Vec<&Value> = run
        .findings()
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect();
    if with_rule.is_empty() {
        return Some(format!("no {rule} finding"));
    }
    if let Some(t) = target {
        if !with_rule.iter().any(|f| f["target"] == t) {
            let mut seen: Vec<String> = with_rule.iter().map(|f| f["target"].to_string()).collect();
            seen.sort();
            seen.dedup();
            return Some(format!(
                "no {rule} finding with target {t} (targets: {seen:?})"
            ));
        }
    }
    None
}

#[test]
fn mutant_table_is_well_formed() {
    assert!(MUTANTS.len() >= 30, "{} mutants", MUTANTS.len());
    let mut names: Vec<&str> = MUTANTS.iter().map(|m| m.0).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), MUTANTS.len(), "mutant names must be unique");
    let ws = Ws::new();
    for (name, m, rule, _) in MUTANTS {
        assert!(rule.starts_with("TI") && rule.len() == 5, "{name}: {rule}");
        let docs = mutate(&ws, *m);
        assert!(
            docs.access[0] != ws.access || docs.bucket_policy.is_some(),
            "mutant {name} changes nothing"
        );
        for d in docs.access.iter().chain(docs.bucket_policy.iter()) {
            serde_json::from_str::<Value>(d).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}

#[test]
fn the_issue_reproduction_is_caught() {
    let ws = Ws::new();
    let docs = Docs {
        access: vec![append_statements(&ws.access, ISSUE_19_STATEMENT)],
        bucket_policy: None,
    };
    let run = validate(&ws, "issue19", &docs);
    assert_eq!(run.code, 1, "issue #19 not caught: {}", run.show());
    let witness_prefix = expand("$DATA/basic/clinic-b/reports/");
    let hit = run.findings().iter().find(|f| {
        f["rule"] == "TI001"
            && f["target"] == "clinic-b"
            && f["request"]["resource"]
                .as_str()
                .is_some_and(|r| r.starts_with(&witness_prefix))
    });
    assert!(
        hit.is_some(),
        "no TI001 on clinic-b with a witness under {witness_prefix}: {}",
        run.show()
    );
}

#[test]
fn every_narrow_grant_mutant_is_caught_with_its_rule() {
    let all = outcomes();
    let mut failures = Vec::new();
    let mut caught = 0;
    for ((name, _, rule, target), o) in MUTANTS.iter().zip(all) {
        match not_caught(&o.run, rule, *target) {
            None => {
                caught += 1;
                println!("caught   {rule} {name}");
            }
            Some(why) => failures.push(format!(
                "- {name} (expected {rule}{}): {why}; rules seen {:?}",
                target.map(|t| format!(" on {t}")).unwrap_or_default(),
                o.run.rules()
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} mutants not caught as expected:\n{}",
        failures.len(),
        MUTANTS.len(),
        failures.join("\n")
    );
    assert_eq!(caught, MUTANTS.len());
}

#[test]
fn every_finding_replays_with_policy_simulate() {
    let all = outcomes();
    let mut failures = Vec::new();
    for ((name, ..), o) in MUTANTS.iter().zip(all) {
        let bad: Vec<(String, &Value)> = o
            .run
            .findings()
            .iter()
            .zip(&o.replays)
            .filter_map(|(f, r)| check_replay(f, r).err().map(|why| (why, f)))
            .collect();
        // The first bad one in full; the count says how many more.
        if let Some((why, f)) = bad.first() {
            failures.push(format!(
                "- {name}: {why} ({} of {} findings)\n  finding: {f}",
                bad.len(),
                o.run.findings().len()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "findings whose replay does not reproduce them ({} mutants):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn assert_isolated(run: &Run, what: &str) {
    assert_eq!(run.code, 0, "{what}: {}", run.show());
    let v = run.json.as_ref().unwrap();
    assert_eq!(v["isolated"], true, "{what}");
    assert!(run.findings().is_empty(), "{what}: {}", run.show());
    assert_eq!(v["summary"]["findings"], 0, "{what}");
}

#[test]
fn shipped_templates_on_every_tier_have_zero_findings() {
    let ws = Ws::new();
    let run = validate(
        &ws,
        "shipped",
        &Docs {
            access: vec![ws.access.clone()],
            bucket_policy: None,
        },
    );
    assert_isolated(&run, "shipped templates");
}

#[test]
fn a_benign_bucket_policy_has_zero_findings() {
    let ws = Ws::new();
    let policy = bucket_policy(
        r#"[
        {"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["$DATA","$DATA/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}},
        {"Sid":"AccountReadsBucketLocation","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::$ACCOUNT:root"},"Action":"s3:GetBucketLocation","Resource":"$DATA"}
    ]"#,
    );
    let run = validate(
        &ws,
        "benign-bucket",
        &Docs {
            access: vec![ws.access.clone()],
            bucket_policy: Some(policy),
        },
    );
    assert_isolated(&run, "shipped templates with a benign bucket policy");
}

#[test]
fn a_harmless_duplicate_own_prefix_grant_has_zero_findings() {
    let ws = Ws::new();
    let own = r#"{"Sid":"OwnPrefixAgain","Effect":"Allow","Action":"s3:GetObject","Resource":"$DATA/${aws:PrincipalTag/Tier}/${aws:PrincipalTag/ClinicId}/*"}"#;
    // Once appended to the access policy, once more as a second policy of the role.
    let more = format!(
        "{{\"Version\":\"2012-10-17\",\"Statement\":[{}]}}",
        expand(own)
    );
    let run = validate(
        &ws,
        "duplicate-own",
        &Docs {
            access: vec![append_statements(&ws.access, own), more],
            bucket_policy: None,
        },
    );
    assert_isolated(&run, "a duplicated own-prefix grant");
}
