//! Conformance against the peer simulator's corpus (`../shared/conformance/iam-simulate/`,
//! read in place, never copied). Every case must match, or be listed with the AWS passage
//! that justifies the project's answer in `tests/conformance_disagreements.toml`.
//!
//! Harness rules from the corpus README: every RCP level also holds AWS's default allow-all
//! RCP (the engine implies `RCPFullAWSAccess` at every level); an array context value is a
//! multivalued key; `wildcardOnlyAction: true` marks a request whose resource is the literal
//! `*`. Other requests whose resource contains a wildcard are read as resource patterns
//! (`resourceIsPattern`). Only `expected.response` is compared.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{json, Value};
use tenantctl::policy::request::Simulation;
use tenantctl::policy::{
    decide_parts, evaluate_with, Context, Decision, EvalOptions, PreparedPrincipal,
    PreparedResource, RequestParts,
};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/iam-simulate/cases")
}

#[derive(Deserialize)]
struct Disagreements {
    disagreement: Vec<Disagreement>,
    /// Disagreements with the peer's source that no published case exercises.
    #[serde(default)]
    source_disagreement: Vec<SourceDisagreement>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct SourceDisagreement {
    peer_source: String,
    subject: String,
    peer: String,
    project: String,
    doc_title: String,
    doc_url: String,
    passage: String,
    reasoning: String,
    /// A `policy simulate` request showing the disagreement.
    request: String,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Disagreement {
    /// `<file relative to cases/>: <case name>`
    case: String,
    peer: String,
    project: String,
    doc_title: String,
    doc_url: String,
    passage: String,
    reasoning: String,
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read cases dir")
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

/// Translate one peer case into a `tenantctl policy simulate` request.
pub fn to_request(case: &Value) -> Value {
    let req = &case["request"];
    let principal = match &req["principal"] {
        Value::String(s) => s.clone(),
        Value::Object(o) if o.get("type").and_then(Value::as_str) == Some("Anonymous") => {
            "anonymous".into()
        }
        other => panic!("unsupported principal {other}"),
    };
    let resource = req["resource"]["resource"]
        .as_str()
        .expect("resource")
        .to_string();
    let wildcard_only = req["wildcardOnlyAction"].as_bool().unwrap_or(false);
    let levels = |k: &str| -> Value {
        match case.get(k) {
            Some(Value::Array(levels)) => {
                Value::Array(levels.iter().map(|l| l["policies"].clone()).collect())
            }
            _ => json!([]),
        }
    };
    let mut out = json!({
        "id": case["name"],
        "principal": principal,
        "action": req["action"],
        "resource": resource,
        "context": req.get("context").cloned().unwrap_or(json!({})),
        "identityPolicies": case.get("identityPolicies").cloned().unwrap_or(json!([])),
        "permissionBoundaries": case.get("permissionBoundaries").cloned().unwrap_or(json!([])),
        "serviceControlPolicies": levels("serviceControlPolicies"),
        "resourceControlPolicies": levels("resourceControlPolicies"),
        "endpointPolicies": case.get("endpointPolicies").cloned().unwrap_or(json!([])),
        "resourceIsPattern": !wildcard_only && (resource.contains('*') || resource.contains('?')),
    });
    if let Some(a) = req["resource"].get("accountId") {
        out["resourceAccount"] = a.clone();
    }
    for (from, to) in [
        ("resourcePolicy", "resourcePolicy"),
        ("sessionPolicy", "sessionPolicy"),
    ] {
        if let Some(p) = case.get(from) {
            out[to] = p.clone();
        }
    }
    out
}

fn decision_name(d: Decision) -> &'static str {
    match d {
        Decision::Allowed => "Allowed",
        Decision::ImplicitlyDenied => "ImplicitlyDenied",
        Decision::ExplicitlyDenied => "ExplicitlyDenied",
    }
}

#[test]
fn conformance_against_peer_corpus() {
    let dir = cases_dir();
    if !dir.is_dir() {
        let msg = format!("conformance cases not found at {}", dir.display());
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{msg} (CI=true: the corpus must be present)");
        }
        say(&format!("SKIPPED: {msg}"));
        return;
    }
    let list: Disagreements = toml::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance_disagreements.toml"),
        )
        .expect("read tests/conformance_disagreements.toml"),
    )
    .expect("parse tests/conformance_disagreements.toml");
    let mut reviewed: BTreeMap<String, &Disagreement> = BTreeMap::new();
    for d in &list.disagreement {
        assert!(
            d.doc_url.starts_with("https://docs.aws.amazon.com/") && !d.passage.trim().is_empty(),
            "{}: a disagreement needs its AWS documentation passage and its docs.aws.amazon.com URL",
            d.case
        );
        assert!(
            reviewed.insert(d.case.clone(), d).is_none(),
            "{}: listed twice",
            d.case
        );
    }

    for d in &list.source_disagreement {
        assert!(
            d.doc_url.starts_with("https://docs.aws.amazon.com/") && !d.passage.trim().is_empty(),
            "{}: a disagreement needs its AWS documentation passage and its docs.aws.amazon.com URL",
            d.subject
        );
        assert_ne!(d.peer, d.project, "{}: not a disagreement", d.subject);
        let req: Value = serde_json::from_str(&d.request)
            .unwrap_or_else(|e| panic!("{}: request is not JSON: {e}", d.subject));
        let sim = Simulation::from_value(req)
            .unwrap_or_else(|e| panic!("{}: request rejected: {e}", d.subject));
        let got = decision_name(evaluate_with(&sim.set, &sim.request, sim.options).decision);
        assert_eq!(
            got, d.project,
            "{}: the engine no longer gives the project's recorded answer",
            d.subject
        );
    }

    let mut files = Vec::new();
    collect(&dir, &mut files);
    let (mut passed, mut failed, mut disagreed) = (0, 0, 0);
    let mut used = Vec::new();
    for f in &files {
        let rel = f
            .strip_prefix(&dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let cases: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        for case in &cases {
            let name = case["name"].as_str().unwrap();
            let key = format!("{rel}: {name}");
            let expected = case["expected"]["response"].as_str().unwrap();
            let sim = match Simulation::from_value(to_request(case)) {
                Ok(s) => s,
                Err(e) => {
                    failed += 1;
                    println!("FAIL {key}: request rejected: {e}");
                    continue;
                }
            };
            let eval = evaluate_with(&sim.set, &sim.request, sim.options);
            // The fast path must decide exactly as the explaining one.
            let fast = EvalOptions {
                skip_explanation: true,
                ..sim.options
            };
            assert_eq!(
                evaluate_with(&sim.set, &sim.request, fast).decision,
                eval.decision,
                "{key}: decide() differs"
            );
            if !sim.options.resource_is_pattern {
                bulk_path_agrees(&key, &sim.set, &sim.request, eval.decision);
            }
            let got = decision_name(eval.decision);
            if got == expected {
                if reviewed.contains_key(&key) {
                    failed += 1;
                    println!(
                        "STALE {key}: listed as a disagreement but the engine now agrees ({got})"
                    );
                } else {
                    passed += 1;
                }
            } else if let Some(d) = reviewed.get(&key) {
                used.push(key.clone());
                if d.peer == expected && d.project == got {
                    disagreed += 1;
                    println!(
                        "DISAGREE {key}: peer {expected}, project {got} ({})",
                        d.doc_url
                    );
                } else {
                    failed += 1;
                    println!("FAIL {key}: listed as peer {} / project {}, but peer {expected} / engine {got}", d.peer, d.project);
                }
            } else {
                failed += 1;
                println!(
                    "FAIL {key}: expected {expected}, got {got}\n{}",
                    eval.explain()
                );
            }
        }
    }
    for k in reviewed.keys() {
        if !used.contains(k) && !failed_lookup(k, &files, &dir) {
            failed += 1;
            println!("UNKNOWN disagreement entry (no such case): {k}");
        }
    }
    say(&format!("reviewed disagreements: {disagreed}"));
    say(&format!(
        "conformance: {} passed, {failed} failed",
        passed + disagreed
    ));
    assert_eq!(failed, 0, "{failed} conformance cases failed");
}

/// The isolation matrix's bulk path decides every case as the plain evaluator does, at both
/// extremes: every context key fixed (all conditions decided by `specialize`), and every key
/// varying (the whole context as the request's overlay, nothing decided ahead).
fn bulk_path_agrees(
    key: &str,
    set: &tenantctl::policy::PolicySet,
    req: &tenantctl::policy::Request,
    want: Decision,
) {
    let resource = PreparedResource::new(&req.resource, req.resource_account.as_deref());
    let principal = PreparedPrincipal::new(&req.principal);
    let fixed = set.specialize(&req.context, &[]).for_action(&req.action);
    let parts = RequestParts {
        principal,
        action: &req.action,
        resource: &resource,
        context: &req.context,
        overlay: None,
    };
    assert_eq!(
        decide_parts(&fixed, &parts),
        want,
        "{key}: bulk path, keys fixed"
    );
    let empty = Context::new();
    let keys: Vec<&str> = req.context.iter().map(|(k, _)| k).collect();
    let varying = set.specialize(&empty, &keys).for_action(&req.action);
    let parts = RequestParts {
        context: &empty,
        overlay: Some(&req.context),
        ..parts
    };
    assert_eq!(
        decide_parts(&varying, &parts),
        want,
        "{key}: bulk path, keys varying"
    );
}

/// Straight to stderr, past libtest's capture: the score and a skip must show in every run's
/// log, not only with --nocapture.
fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// Does a disagreement key name an existing case (used to catch typos in the list)?
fn failed_lookup(key: &str, files: &[PathBuf], dir: &Path) -> bool {
    files.iter().any(|f| {
        let rel = f
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let cases: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        cases
            .iter()
            .any(|c| format!("{rel}: {}", c["name"].as_str().unwrap()) == key)
    })
}
