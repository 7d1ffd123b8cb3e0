//! Offline isolation validation over the shipped templates: they pass with zero findings, and
//! each classic ABAC bug introduced into a copy of them is caught with a finding naming it.
//! No AWS: the binary renders the templates, mutates a copy, and validates it offline.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

struct Ws {
    dir: tempfile::TempDir,
    config: PathBuf,
}

impl Ws {
    fn new() -> Ws {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("tenantctl.toml");
        let cfg = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/tenantctl.toml"),
        )
        .unwrap();
        // Add a siloed tier so siloed templates are exercised as well.
        let cfg = cfg
            + "\n[tiers.enterprise]\nmodel_id = \"openai.gpt-oss-120b-1:0\"\ndeployment = \"siloed\"\nmonthly_budget = \"9000\"\nproject_id = \"medplat-enterprise\"\n";
        std::fs::write(&config, cfg).unwrap();
        Ws { dir, config }
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
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        serde_json::to_string(&v).unwrap()
    }
    fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }
    /// Validate offline; returns (exit code, stdout+stderr).
    fn validate(&self, access: &str, trust: &str, extra: &[&str]) -> (i32, String) {
        let a = self.write("access.json", access);
        let t = self.write("trust.json", trust);
        let mut c = self.cmd();
        c.args(["validate", "isolation", "--offline", "--policy"])
            .arg(&a)
            .arg("--trust-policy")
            .arg(&t);
        c.args([
            "--tenants",
            "clinic-a,clinic-b,clinic-e=premium,hospital-a=enterprise",
        ]);
        c.args(extra);
        let out = c.output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr),
        )
    }
}

#[test]
fn shipped_templates_have_zero_findings() {
    let ws = Ws::new();
    let (access, trust) = (ws.render("tvm-access"), ws.render("tvm-trust"));
    let (code, out) = ws.validate(&access, &trust, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("isolated:") && out.contains("0 findings"),
        "{out}"
    );
    // The positive controls ran: own access was evaluated and allowed for every class.
    let (code, out) = ws.validate(&access, &trust, &["--output", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(
        out.lines()
            .take_while(|l| !l.starts_with("warning"))
            .collect::<Vec<_>>()
            .join("\n")
            .as_str(),
    )
    .unwrap();
    assert_eq!(v["isolated"], true);
    assert!(v["summary"]["ordered_pairs"].as_u64().unwrap() > 12, "{v}");
    assert!(
        v["summary"]["synthetic_tenants"].as_u64().unwrap() >= 4,
        "{v}"
    );
}

/// (name, which document, from, to, expected rule id). Each `from` must occur in the
/// rendered document, so a template change that removes it fails loudly here.
const MUTANTS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "wildcard right after the tenant variable (no separator) in the S3 object ARN",
        "access",
        "${aws:PrincipalTag/ClinicId}/*\"",
        "${aws:PrincipalTag/ClinicId}*\"",
        "TI001",
    ),
    ("IfExists on the ResourceTag condition leaks to untagged resources", "access", "\"StringEquals\":{\"aws:ResourceTag/ClinicId\"", "\"StringEqualsIfExists\":{\"aws:ResourceTag/ClinicId\"", "TI004"),
    ("ForAllValues on a missing dynamodb:LeadingKeys without the Null guard", "access", ",\"Null\":{\"dynamodb:LeadingKeys\":\"false\"}", "", "TI004"),
    (
        "ForAnyValue on dynamodb:LeadingKeys: a request carrying [own, other] reaches the other tenant",
        "access",
        "\"ForAllValues:StringEquals\":{\"dynamodb:LeadingKeys\"",
        "\"ForAnyValue:StringEquals\":{\"dynamodb:LeadingKeys\"",
        "TI001",
    ),
    ("s3:prefix absent on ListBucket (IfExists)", "access", "\"StringLike\":{\"s3:prefix\"", "\"StringLikeIfExists\":{\"s3:prefix\"", "TI004"),
    ("memory actor id without the ':' separator", "access", "${aws:PrincipalTag/ClinicId}:*", "${aws:PrincipalTag/ClinicId}*", "TI001"),
    ("memory namespace without the trailing '/'", "access", "/tenants/${aws:PrincipalTag/ClinicId}/*", "/tenants/${aws:PrincipalTag/ClinicId}*", "TI001"),
    ("SSM parameters not scoped to the tenant", "access", "parameter/medplat/tenants/${aws:PrincipalTag/ClinicId}/*", "parameter/medplat/tenants/*", "TI001"),
    ("S3 tier folder wildcard instead of the tenant", "access", "medplat-tenant-data/${aws:PrincipalTag/Tier}/${aws:PrincipalTag/ClinicId}/*", "medplat-tenant-data/${aws:PrincipalTag/Tier}/*", "TI001"),
    (
        "StringLike with a wildcard right after the tenant variable on the ResourceTag",
        "access",
        "\"StringEquals\":{\"aws:ResourceTag/ClinicId\":\"${aws:PrincipalTag/ClinicId}\"}",
        "\"StringLike\":{\"aws:ResourceTag/ClinicId\":\"${aws:PrincipalTag/ClinicId}*\"}",
        "TI001",
    ),
    ("tier condition dropped from a model grant", "access", ",\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/Tier\":\"premium\"}}", "", "TI005"),
    ("deny-all policy (positive control must fail it)", "access", "\"Effect\":\"Allow\"", "\"Effect\":\"Deny\"", "TI002"),
    ("trust: non-empty tag requirement removed", "trust", "\"StringLike\":{\"aws:RequestTag/ClinicId\":\"?*\",\"aws:RequestTag/UserId\":\"?*\"},", "", "TI010"),
    ("trust: any principal", "trust", "{\"AWS\":[\"arn:aws:iam::123456789012:role/medplat-agent-runtime\"]}", "{\"AWS\":\"*\"}", "TI012"),
    ("trust: tier values not bounded", "trust", "\"StringEquals\":{\"aws:RequestTag/Tier\":[\"basic\",\"enterprise\",\"premium\"]},", "", "TI011"),
    (
        "trust: malformed ClinicId/UserId values not denied (each Deny turned into an Allow of nothing)",
        "trust",
        "\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"*\"},\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"]",
        "\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"NotAction\":\"*\"",
        "TI011",
    ),
    // Adversarial sessions (TI003): the access policy must hold on its own, whatever the trust
    // policy lets through.
    (
        "ResourceTag matched case-insensitively: an upper-case ClinicId reaches the tenant's tagged resources",
        "access",
        "\"StringEquals\":{\"aws:ResourceTag/ClinicId\"",
        "\"StringEqualsIgnoreCase\":{\"aws:ResourceTag/ClinicId\"",
        "TI003",
    ),
];

/// (name, which document, Sid of the statement removed, expected rule id): the statements
/// that reject malformed tags, each removed in turn.
const DROPPED_STATEMENTS: &[(&str, &str, &str, &str)] = &[
    (
        "access: a ClinicId carrying '/' no longer denied (reaches into another tenant's prefix)",
        "access",
        "DenyMalformedClinicId",
        "TI003",
    ),
    (
        "access: unknown or path-carrying Tier no longer denied",
        "access",
        "DenyUnknownTier",
        "TI003",
    ),
    (
        "trust: malformed ClinicId values no longer denied",
        "trust",
        "DenyMalformedClinicId",
        "TI011",
    ),
];

fn apply(doc: &str, from: &str, to: &str, every: bool) -> String {
    assert!(
        doc.contains(from),
        "mutation source not found in rendered policy: {from}\n{doc}"
    );
    if every {
        doc.replace(from, to)
    } else {
        doc.replacen(from, to, 1)
    }
}

#[test]
fn every_classic_bug_is_caught_with_a_named_finding() {
    let ws = Ws::new();
    let (access, trust) = (ws.render("tvm-access"), ws.render("tvm-trust"));
    assert!(MUTANTS.len() >= 10);
    for (name, which, from, to, rule) in MUTANTS {
        let (a, t) = match *which {
            "access" => (apply(&access, from, to, *rule == "TI002"), trust.clone()),
            _ => (access.clone(), apply(&trust, from, to, true)),
        };
        assert!(
            a != access || t != trust,
            "mutant {name} left both documents unchanged"
        );
        let (code, out) = ws.validate(&a, &t, &[]);
        assert_eq!(code, 1, "mutant not caught: {name}\n{out}");
        assert!(
            out.contains(rule),
            "mutant {name}: expected rule {rule}\n{out}"
        );
    }
}

/// `doc` without the statement whose Sid is `sid` (which must be there).
fn drop_statement(doc: &str, sid: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(doc).unwrap();
    let st = v["Statement"].as_array_mut().unwrap();
    let before = st.len();
    st.retain(|s| s["Sid"] != sid);
    assert_eq!(
        st.len(),
        before - 1,
        "statement {sid} not found in rendered policy\n{doc}"
    );
    serde_json::to_string(&v).unwrap()
}

#[test]
fn removing_a_statement_that_rejects_malformed_tags_is_caught() {
    let ws = Ws::new();
    let (access, trust) = (ws.render("tvm-access"), ws.render("tvm-trust"));
    for (name, which, sid, rule) in DROPPED_STATEMENTS {
        let (a, t) = match *which {
            "access" => (drop_statement(&access, sid), trust.clone()),
            _ => (access.clone(), drop_statement(&trust, sid)),
        };
        let (code, out) = ws.validate(&a, &t, &["--output", "json"]);
        assert_eq!(code, 1, "mutant not caught: {name}\n{out}");
        let v: serde_json::Value =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{name}: {e}\n{out}"));
        let by_rule = v["summary"]["findings_by_rule"].as_object().unwrap();
        assert!(
            by_rule.keys().any(|k| k.starts_with(rule)),
            "mutant {name}: expected rule {rule}\n{out}"
        );
    }
}

#[test]
fn runtime_role_bypass_is_caught() {
    let ws = Ws::new();
    let (access, trust) = (ws.render("tvm-access"), ws.render("tvm-trust"));
    let rt = ws.write(
        "runtime.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::medplat-tenant-data/*"}]}"#,
    );
    let (code, out) = ws.validate(&access, &trust, &["--runtime-policy", rt.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("TI014"), "{out}");
    let ok = ws.write("runtime-ok.json", r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#);
    let (code, out) = ws.validate(&access, &trust, &["--runtime-policy", ok.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
}

/// The JUnit and SARIF reports of one broken policy (the tenant variable followed by `*`):
/// CI systems parse them, so any change shows up in review. Files are named relative to the
/// working directory, so no temporary path reaches the reports; the SARIF's tool version is
/// masked (tests/it/snapshots/isolation_offline__{junit,sarif}.snap).
#[test]
fn snapshot_of_junit_and_sarif_reports() {
    let ws = Ws::new();
    let access = apply(
        &ws.render("tvm-access"),
        "${aws:PrincipalTag/ClinicId}/*\"",
        "${aws:PrincipalTag/ClinicId}*\"",
        false,
    );
    ws.write("access.json", &access);
    ws.write("trust.json", &ws.render("tvm-trust"));
    let out = ws
        .cmd()
        .current_dir(ws.dir.path())
        .args(["validate", "isolation", "--offline"])
        .args(["--policy", "access.json", "--trust-policy", "trust.json"])
        .args(["--tenants", "clinic-a,clinic-b"])
        // A few findings in detail, the rest counted: the reports' "omitted" parts show too.
        .args(["--max-findings-per-rule", "3"])
        .args(["--junit", "isolation.xml", "--sarif", "isolation.sarif"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let junit = std::fs::read_to_string(ws.dir.path().join("isolation.xml")).unwrap();
    let mut sarif: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(ws.dir.path().join("isolation.sarif")).unwrap(),
    )
    .unwrap();
    let version = &mut sarif["runs"][0]["tool"]["driver"]["version"];
    assert_eq!(*version, env!("CARGO_PKG_VERSION"));
    *version = "[version]".into();
    crate::common::snapshot_settings().bind(|| {
        insta::assert_snapshot!("isolation_offline__junit", junit);
        let sarif = serde_json::to_string_pretty(&sarif).unwrap();
        insta::assert_snapshot!("isolation_offline__sarif", sarif);
    });
}

#[test]
fn junit_and_sarif_reports_are_written_and_well_formed() {
    let ws = Ws::new();
    let access = apply(
        &ws.render("tvm-access"),
        "${aws:PrincipalTag/ClinicId}/*\"",
        "${aws:PrincipalTag/ClinicId}*\"",
        false,
    );
    let trust = ws.render("tvm-trust");
    let junit = ws.dir.path().join("isolation.xml");
    let sarif = ws.dir.path().join("isolation.sarif");
    let (code, out) = ws.validate(
        &access,
        &trust,
        &[
            "--junit",
            junit.to_str().unwrap(),
            "--sarif",
            sarif.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1, "{out}");
    let x = std::fs::read_to_string(&junit).unwrap();
    assert!(
        x.starts_with("<?xml")
            && x.contains("name=\"TI001 cross-tenant-access\"")
            && x.contains("<failure"),
        "{x}"
    );
    assert!(
        x.contains("name=\"TI013 trust-runtime-denied\"/>"),
        "passing rules are listed as passing test cases"
    );
    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(s["version"], "2.1.0");
    let results = s["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    assert!(results
        .iter()
        .all(|r| r["ruleId"].as_str().unwrap().starts_with("TI")));
    let r0 = &results[0];
    assert_eq!(r0["ruleId"], "TI001");
    assert!(
        r0["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("access.json")
    );
    assert!(
        r0["locations"][0]["logicalLocations"][0]["name"]
            .as_str()
            .unwrap()
            .contains("S3ObjectsInOwnPrefix"),
        "{r0}"
    );
}

/// The first JSON value of `out` (stderr may follow it).
fn first_json(out: &str) -> serde_json::Value {
    serde_json::Deserializer::from_str(out)
        .into_iter::<serde_json::Value>()
        .next()
        .unwrap()
        .unwrap_or_else(|e| panic!("{e}\n{out}"))
}

/// Findings beyond the per-rule cap are never silently dropped: every machine output says how
/// many were left out, and `--max-findings-per-rule 0` keeps them all.
#[test]
fn capped_findings_are_reported_as_omitted_and_can_all_be_kept() {
    let ws = Ws::new();
    // Every tenant reads and writes every tenant's parameters: one TI001 per session and
    // SSM action, well over 50.
    let access = apply(
        &ws.render("tvm-access"),
        "parameter/medplat/tenants/${aws:PrincipalTag/ClinicId}/",
        "parameter/medplat/tenants/",
        true,
    );
    let trust = ws.render("tvm-trust");
    let (junit, sarif) = (ws.dir.path().join("i.xml"), ws.dir.path().join("i.sarif"));
    let run = |cap: &str| {
        let (code, out) = ws.validate(
            &access,
            &trust,
            &[
                "--output",
                "json",
                "--max-findings-per-rule",
                cap,
                "--junit",
                junit.to_str().unwrap(),
                "--sarif",
                sarif.to_str().unwrap(),
            ],
        );
        assert_eq!(code, 1, "{out}");
        let s: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
        (
            first_json(&out),
            s,
            std::fs::read_to_string(&junit).unwrap(),
        )
    };
    let per_rule = |s: &serde_json::Value, id: &str| {
        s["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["ruleId"] == id)
            .count() as u64
    };

    // Default cap (50): kept findings are results, the rest is stated as omitted.
    let (j, s, x) = run("50");
    let total = j["summary"]["findings"].as_u64().unwrap();
    let omitted = j["summary"]["findings_omitted"].as_u64().unwrap();
    assert_eq!(j["summary"]["max_findings_per_rule"], 50);
    assert!(omitted > 0 && total > 50, "{}", j["summary"]);
    assert_eq!(
        j["findings"].as_array().unwrap().len() as u64,
        total - omitted
    );
    let run0 = &s["runs"][0];
    assert_eq!(
        run0["results"].as_array().unwrap().len() as u64,
        total - omitted,
        "one result per kept finding"
    );
    assert_eq!(per_rule(&s, "TI001"), 50);
    assert_eq!(run0["properties"]["findingsTotal"].as_u64(), Some(total));
    assert_eq!(
        run0["properties"]["findingsOmitted"].as_u64(),
        Some(omitted)
    );
    assert!(
        run0["properties"]["findingsOmittedByRule"]["TI001"]
            .as_u64()
            .unwrap()
            > 0,
        "{}",
        run0["properties"]
    );
    let note = run0["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
        .as_str()
        .unwrap();
    assert!(
        note.contains(&format!("{omitted} of {total}"))
            && note.contains("--max-findings-per-rule 0"),
        "{note}"
    );
    assert!(x.contains("more finding(s) not kept in detail"), "{x}");

    // 0 keeps every finding: one SARIF result per finding, nothing omitted.
    let (j, s, x) = run("0");
    assert_eq!(j["summary"]["findings"].as_u64(), Some(total));
    assert_eq!(j["summary"]["findings_omitted"], 0);
    assert_eq!(j["findings"].as_array().unwrap().len() as u64, total);
    assert_eq!(
        s["runs"][0]["results"].as_array().unwrap().len() as u64,
        total
    );
    assert_eq!(s["runs"][0]["properties"]["findingsOmitted"], 0);
    assert!(s["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap()
        .is_empty());
    assert!(!x.contains("not kept in detail"), "{x}");

    // A small cap applies to every rule alike.
    let (j, s, _) = run("3");
    assert_eq!(per_rule(&s, "TI001"), 3);
    assert_eq!(
        s["runs"][0]["properties"]["findingsOmitted"],
        j["summary"]["findings_omitted"]
    );
}

#[test]
fn offline_bad_input_exits_2() {
    let ws = Ws::new();
    let access = ws.write("a.json", &ws.render("tvm-access"));
    let bad = ws.write("bad.json", r#"{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"s3:*","Resource":"*"}]}"#);
    let cases: Vec<Vec<String>> = vec![
        vec![
            "--policy".into(),
            bad.display().to_string(),
            "--tenants".into(),
            "clinic-a".into(),
        ],
        vec![
            "--policy".into(),
            access.display().to_string(),
            "--tenants".into(),
            "Clinic-A".into(),
        ],
        vec![
            "--policy".into(),
            access.display().to_string(),
            "--tenants".into(),
            "clinic-a=gold".into(),
        ],
        vec!["--policy".into(), access.display().to_string()],
        vec![
            "--policy".into(),
            "/nonexistent.json".into(),
            "--tenants".into(),
            "clinic-a".into(),
        ],
        vec![
            "--policy".into(),
            access.display().to_string(),
            "--tenants".into(),
            "clinic-a".into(),
            "--tenant".into(),
            "clinic-z".into(),
        ],
        vec![
            "--policy".into(),
            access.display().to_string(),
            "--tenants".into(),
            "clinic-a".into(),
            "--junit".into(),
            "/nonexistent-dir/x.xml".into(),
        ],
    ];
    for c in cases {
        let out = ws
            .cmd()
            .args(["validate", "isolation", "--offline"])
            .args(&c)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{c:?}: {err}");
        assert!(err.starts_with("error: "), "{c:?}: {err}");
    }
}

// ---------------------------------------------------------------------------------------
// Assessing a platform tenantctl did not build: the AWS reference sample's templates, as
// published (../shared/fixtures/reference-sample), under its declared naming contract.

/// The reference sample's directory; None (after saying so) when ../shared is absent in a
/// clone on its own. Under CI it must be there.
fn reference_sample() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/reference-sample");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{} is absent under CI=true", dir.display());
    }
    eprintln!("skipped: {} is absent (a clone on its own)", dir.display());
    None
}

/// The sample's naming as its agent code forms it: actor ids `{tier}-{clinic_id}-{user_id}`,
/// namespaces `clinic/{actor_id}/...`; memory is its only tenant data; the runtime role (not
/// the TVM session) invokes models.
const SAMPLE_NAMING: &str = r#"
[naming]
actor_id = "{tier}-{tenant}-{user}"
memory_namespace = "clinic/{tier}-{tenant}-{user}/"
data_prefix = false
tenant_parameters = false
table_leading_key = false
resource_tag = false
tier_models = false
"#;

const SAMPLE_CONFIG: &str = r#"namespace = "healthcare"
region = "us-east-1"
[cognito]
user_pool_name = "HealthcareGatewayPool"
[buckets]
data = "healthcare-data-example"
archive = "healthcare-archive-example"
[tvm]
trusted_principals = ["arn:aws:iam::123456789012:role/healthcare-runtime"]
[tiers.basic]
model_id = "amazon.nova-lite-v1:0"
deployment = "pooled"
monthly_budget = "100"
project_id = "basic"
[tiers.premium]
model_id = "amazon.nova-pro-v1:0"
deployment = "pooled"
monthly_budget = "1000"
project_id = "premium"
"#;

struct Sample {
    ws: Ws,
    infra: String,
    cognito: String,
}

impl Sample {
    fn new(naming: &str) -> Option<Sample> {
        let dir = reference_sample()?;
        let ws = Ws::new();
        std::fs::write(&ws.config, format!("{SAMPLE_CONFIG}{naming}")).unwrap();
        let read = |f: &str| std::fs::read_to_string(dir.join("prerequisite").join(f)).unwrap();
        Some(Sample {
            infra: read("infrastructure.yaml"),
            cognito: read("cognito_multitenant.yaml"),
            ws,
        })
    }

    /// `validate isolation --offline --cloudformation` over the (possibly edited) templates.
    fn validate(
        &self,
        infra: &str,
        cognito: &str,
        extra: &[&str],
    ) -> (i32, serde_json::Value, String) {
        let i = self.ws.write("infrastructure.yaml", infra);
        let c = self.ws.write("cognito_multitenant.yaml", cognito);
        let mut cmd = self.ws.cmd();
        cmd.args([
            "-o",
            "json",
            "validate",
            "isolation",
            "--offline",
            "--cloudformation",
        ])
        .arg(&i)
        .arg("--cloudformation")
        .arg(&c)
        .args([
            "--stack-name",
            "healthcare",
            "--parameter",
            "LambdaS3Bucket=code-bucket",
        ])
        .args([
            "--parameter",
            "LambdaS3Key=agent.zip",
            "--tenants",
            "clinic-a,clinic-b",
        ])
        .args(["--max-findings-per-rule", "0"])
        .args(extra);
        let out = cmd.output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let all = stdout.clone() + &String::from_utf8_lossy(&out.stderr);
        let v = serde_json::from_str(&stdout).unwrap_or(serde_json::Value::Null);
        (out.status.code().unwrap_or(-1), v, all)
    }
}

fn findings_of<'a>(v: &'a serde_json::Value, rule: &str) -> Vec<&'a serde_json::Value> {
    v["findings"]
        .as_array()
        .map(|a| a.iter().filter(|f| f["rule"] == rule).collect())
        .unwrap_or_default()
}

/// Every finding that carries a replay is Allowed when `policy simulate` replays it.
fn replays_allowed(ws: &Ws, findings: &[&serde_json::Value]) {
    let lines: Vec<String> = findings
        .iter()
        .filter_map(|f| f.get("replay"))
        .map(|r| r.to_string())
        .collect();
    assert!(!lines.is_empty(), "no replay to check");
    let batch = ws.write("replay.jsonl", &(lines.join("\n") + "\n"));
    let out = ws
        .cmd()
        .args(["policy", "simulate", "--batch"])
        .arg(&batch)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), lines.len(), "{text}");
    for l in text.lines() {
        let r: serde_json::Value = serde_json::from_str(l).unwrap();
        assert_eq!(r["decision"], "Allowed", "{l}");
    }
}

#[test]
fn the_reference_sample_is_assessed_with_its_real_weaknesses() {
    let Some(s) = Sample::new(SAMPLE_NAMING) else {
        return;
    };
    let (code, v, out) = s.validate(&s.infra, &s.cognito, &[]);
    assert_eq!(code, 1, "{out}");

    // The runtime role reaches every tenant's memory without the TVM: it attaches the AWS
    // managed BedrockAgentCoreFullAccess (known from the shipped snapshot).
    let bypass = findings_of(&v, "TI014");
    assert!(
        bypass.iter().any(|f| f["action_class"] == "memory-actor"
            && f["session"]
                .as_str()
                .unwrap()
                .contains("RuntimeAgentCoreRole")
            && f["statements"]
                .to_string()
                .contains("BedrockAgentCoreFullAccess")),
        "{out}"
    );
    replays_allowed(&s.ws, &bypass);

    // The hyphen join: tenant clinic with user a-dr and tenant clinic-a with user dr — acted
    // out by a session the trust policy accepts, with the request that replays as Allowed.
    let collisions = findings_of(&v, "TI008");
    let actor: Vec<_> = collisions
        .iter()
        .copied()
        .filter(|f| {
            let m = f["message"].as_str().unwrap();
            f["action_class"] == "actor_id"
                && m.contains("tenant clinic, tier basic, user a-dr")
                && m.contains("tenant clinic-a, tier basic, user dr")
                && m.contains("\"basic-clinic-a-dr\"")
                && m.contains("Tier=basic, ClinicId=clinic, UserId=a-dr (the TVM trust policy accepts this session)")
        })
        .collect();
    assert_eq!(actor.len(), 1, "{out}");
    assert_eq!(
        actor[0]["request"]["context"]["bedrock-agentcore:actorid"], "basic-clinic-a-dr",
        "{out}"
    );
    assert!(
        collisions
            .iter()
            .any(|f| f["action_class"] == "memory_namespace"),
        "{out}"
    );
    replays_allowed(&s.ws, &collisions);

    // A tag value carrying a character the trust policy should refuse ('/', which STS allows
    // in session tags) and the ABAC policy splices into a StringLike pattern: the session
    // reaches into another tenant's memory namespace, with the witness session and request.
    let slash = findings_of(&v, "TI003");
    assert!(
        slash.iter().any(|f| {
            let sess = f["session"].as_str().unwrap();
            sess.contains("ClinicId with '/'")
                && sess.contains("the TVM trust policy accepts this session")
                && f["action_class"] == "memory-namespace"
                && f["request"]["context"]["aws:principaltag/clinicid"]
                    .as_str()
                    .unwrap()
                    .contains('/')
        }),
        "{out}"
    );
    replays_allowed(&s.ws, &slash);
    // '*' and '?' cannot be in a session tag value (STS: [\p{L}\p{Z}\p{N}_.:/=+\-@]*), and a
    // substituted value is literal text: a "ClinicId '*'" session reaches nothing. The trust
    // policy accepting such values is still reported (lint).
    assert!(
        !slash
            .iter()
            .any(|f| f["session"].as_str().unwrap().starts_with("ClinicId '*'")),
        "{out}"
    );
    assert!(
        findings_of(&v, "TI011")
            .iter()
            .any(|f| f["message"].as_str().unwrap().contains("ClinicId '*'")),
        "the trust policy accepting any non-empty ClinicId is reported\n{out}"
    );

    // The user pool lets the tenant claims change.
    let mutable = findings_of(&v, "TI015");
    for attr in ["custom:tier", "custom:clinic_id"] {
        assert!(
            mutable
                .iter()
                .any(|f| f["message"].as_str().unwrap().contains(attr)),
            "{attr}\n{out}"
        );
    }
    assert!(!findings_of(&v, "TI016").is_empty(), "{out}");
    // Its own memory is reachable (the positive controls hold under the declared contract).
    assert!(findings_of(&v, "TI002").is_empty(), "{out}");
}

/// The sample as an operator would fix it: a separator ids cannot contain, exact matching
/// where the value is exact, malformed tags refused by the trust policy and denied by the
/// ABAC policy, no AWS managed full access on the runtime role, immutable claims that no app
/// client writes.
fn corrected(s: &Sample) -> (String, String) {
    let infra = s
        .infra
        .replace(
            "      ManagedPolicyArns:\n        - arn:aws:iam::aws:policy/BedrockAgentCoreFullAccess\n",
            "",
        )
        .replace(
            r#"            Condition:
              StringLike:
                aws:RequestTag/Tier: "?*"
                aws:RequestTag/ClinicId: "?*"
                aws:RequestTag/UserId: "?*""#,
            r#"            Condition:
              StringEquals:
                aws:RequestTag/Tier: [basic, premium]
              StringLike:
                aws:RequestTag/ClinicId: "?*"
                aws:RequestTag/UserId: "?*"
              ForAllValues:StringEquals:
                aws:TagKeys: [Tier, ClinicId, UserId]
          - Effect: Deny
            Principal:
              AWS: "*"
            Action: [sts:AssumeRole, sts:TagSession]
            Condition:
              StringLike:
                aws:RequestTag/ClinicId: ["*/*", "*${*}*", "*${?}*", "*${$}*", "*{*", "* *", "*:*", "*_*", "*A*", "*B*", "*C*", "*D*", "*E*", "*F*", "*G*", "*H*", "*I*", "*J*", "*K*", "*L*", "*M*", "*N*", "*O*", "*P*", "*Q*", "*R*", "*S*", "*T*", "*U*", "*V*", "*W*", "*X*", "*Y*", "*Z*"]
          - Effect: Deny
            Principal:
              AWS: "*"
            Action: [sts:AssumeRole, sts:TagSession]
            Condition:
              StringLike:
                aws:RequestTag/UserId: ["*/*", "*${*}*", "*${?}*", "*${$}*", "*{*", "* *", "*:*"]"#,
        )
        .replace(
            r#"            Statement:
              - Sid: AbacActorIdScope"#,
            r#"            Statement:
              - Sid: DenyMalformedTags
                Effect: Deny
                Action: "*"
                Resource: "*"
                Condition:
                  StringLike:
                    aws:PrincipalTag/ClinicId: ["", "*/*", "*:*", "* *", "*${*}*", "*${?}*", "*${$}*", "*{*"]
              - Sid: DenyMalformedUserId
                Effect: Deny
                Action: "*"
                Resource: "*"
                Condition:
                  StringLike:
                    aws:PrincipalTag/UserId: ["", "*/*", "*:*", "* *", "*${*}*", "*${?}*", "*${$}*", "*{*"]
              - Sid: DenyUnknownTier
                Effect: Deny
                Action: "*"
                Resource: "*"
                Condition:
                  StringNotEquals:
                    aws:PrincipalTag/Tier: [basic, premium]
              - Sid: AbacActorIdScope"#,
        )
        .replace(
            r#"                  StringLike:
                    bedrock-agentcore:actorId: "${aws:PrincipalTag/Tier}-${aws:PrincipalTag/ClinicId}-${aws:PrincipalTag/UserId}""#,
            r#"                  StringEquals:
                    bedrock-agentcore:actorId: "${aws:PrincipalTag/Tier}:${aws:PrincipalTag/ClinicId}:${aws:PrincipalTag/UserId}""#,
        )
        .replace(
            r#"bedrock-agentcore:namespace: "clinic/${aws:PrincipalTag/Tier}-${aws:PrincipalTag/ClinicId}-${aws:PrincipalTag/UserId}/*""#,
            r#"bedrock-agentcore:namespace: "clinic/${aws:PrincipalTag/Tier}:${aws:PrincipalTag/ClinicId}:${aws:PrincipalTag/UserId}/*""#,
        );
    let cognito = s
        .cognito
        .replace(
            "        - Name: tier\n          AttributeDataType: String\n          Mutable: true",
            "        - Name: tier\n          AttributeDataType: String\n          Mutable: false",
        )
        .replace(
            "        - Name: clinic_id\n          AttributeDataType: String\n          Mutable: true",
            "        - Name: clinic_id\n          AttributeDataType: String\n          Mutable: false",
        )
        .replace(
            "      GenerateSecret: false  # Don't use secret for SPA or web apps\n",
            "      GenerateSecret: false  # Don't use secret for SPA or web apps\n      WriteAttributes: [email]\n",
        )
        .replace(
            "      GenerateSecret: true\n",
            "      GenerateSecret: true\n      WriteAttributes: [email]\n",
        );
    assert_ne!(infra, s.infra);
    assert_ne!(cognito, s.cognito);
    (infra, cognito)
}

#[test]
fn the_corrected_reference_sample_proves_isolated() {
    let naming = SAMPLE_NAMING.replace("{tier}-{tenant}-{user}", "{tier}:{tenant}:{user}");
    let Some(s) = Sample::new(&naming) else {
        return;
    };
    let (infra, cognito) = corrected(&s);
    let (code, v, out) = s.validate(&infra, &cognito, &[]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(v["isolated"], true, "{out}");
    assert!(v["summary"]["questions"].as_u64().unwrap() > 0, "{out}");
    // Each fix matters: undo one, and its finding is back.
    let (code, v, out) = s.validate(&infra, &s.cognito, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(!findings_of(&v, "TI015").is_empty(), "{out}");
    let (code, v, out) = s.validate(
        &s.infra
            .replace("-${aws:PrincipalTag", ":${aws:PrincipalTag")
            .replace("}-${aws", "}:${aws"),
        &cognito,
        &[],
    );
    assert_eq!(code, 1, "{out}");
    assert!(!findings_of(&v, "TI014").is_empty(), "{out}");
}

/// Bad templates, parameters and contracts are one-line errors naming what to fix (exit 2).
#[test]
fn template_and_contract_bad_input_exits_2_naming_the_fix() {
    let ws = Ws::new();
    let tvm = r#"AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
Resources:
  Tvm:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub "${Env}-tvm"
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: !Sub "arn:aws:iam::${AWS::AccountId}:role/runtime" }
            Action: [sts:AssumeRole, sts:TagSession]
      Policies:
        - PolicyName: abac
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: !ImportValue shared-bucket-arn
"#;
    let t = ws.write("tvm.yaml", tvm);
    let no_tvm = ws.write("none.yaml", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n");
    let run = |args: &[&str]| {
        let out = ws
            .cmd()
            .args([
                "validate",
                "isolation",
                "--offline",
                "--tenants",
                "clinic-a",
            ])
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let tp = t.to_str().unwrap();
    for (args, wants) in [
        (vec!["--cloudformation", tp], "parameter Env has no value"),
        (
            vec!["--cloudformation", tp, "--parameter", "Env"],
            "expected KEY=VALUE",
        ),
        (
            vec![
                "--cloudformation",
                tp,
                "--parameter",
                "Env=prod",
                "--parameter",
                "Nope=1",
            ],
            "Nope",
        ),
        (
            vec!["--cloudformation", tp, "--parameter", "Env=prod"],
            "resource Tvm, property Policies[0].PolicyDocument.Statement[0].Resource",
        ),
        (
            vec!["--cloudformation", no_tvm.to_str().unwrap()],
            "sts:TagSession",
        ),
        (
            vec!["--cloudformation", "/nonexistent.yaml"],
            "/nonexistent.yaml",
        ),
    ] {
        let (code, err) = run(&args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(
            err.starts_with("error: ") && err.contains(wants),
            "{args:?}: {err}"
        );
    }
    // --policy and --cloudformation are two sources of the same thing: not both.
    let (code, _) = run(&["--cloudformation", tp, "--policy", tp]);
    assert_eq!(code, Some(2));

    // A contract that is a pattern, or names no tenant, is refused with its key.
    for (naming, key) in [
        ("actor_id = \"{tenant}*\"", "naming.actor_id"),
        ("data_prefix = \"{tier}/\"", "naming.data_prefix"),
        ("memory_namespace = true", "naming.memory_namespace"),
        (
            "tenant_parameters = \"tenants/{tenant}\"",
            "naming.tenant_parameters",
        ),
    ] {
        let cfg = std::fs::read_to_string(&ws.config).unwrap();
        let bad = ws.write("bad.toml", &format!("{cfg}\n[naming]\n{naming}\n"));
        let out = ws
            .cmd()
            .env("TENANTCTL_CONFIG", &bad)
            .args([
                "validate",
                "isolation",
                "--offline",
                "--tenants",
                "clinic-a",
            ])
            .args(["--cloudformation", tp, "--parameter", "Env=prod"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{naming}: {err}");
        assert!(err.contains(key), "{naming}: {err}");
    }
}
