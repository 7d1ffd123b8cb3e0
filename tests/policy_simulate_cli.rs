//! `tenantctl policy simulate` end to end: the real binary, its output formats and exit codes.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::{json, Value};

fn request(id: &str, clinic: &str, key: &str) -> Value {
    json!({
        "id": id,
        "principal": "arn:aws:sts::111122223333:assumed-role/tenantctl-tvm/u-1",
        "action": "s3:GetObject",
        "resource": format!("arn:aws:s3:::data-bkt/basic/{key}/x.json"),
        "resourceAccount": "111122223333",
        "context": {"aws:PrincipalTag/ClinicId": clinic, "aws:PrincipalTag/Tier": "basic"},
        "identityPolicies": [{"Version": "2012-10-17", "Statement": [{
            "Sid": "S3ObjectsInOwnPrefix", "Effect": "Allow", "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::data-bkt/${aws:PrincipalTag/Tier}/${aws:PrincipalTag/ClinicId}/*"}]}]
    })
}

fn bin() -> Command {
    Command::cargo_bin("tenantctl").unwrap()
}

#[test]
fn input_human_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("req.json");
    std::fs::write(&f, request("r1", "clinic-a", "clinic-b").to_string()).unwrap();
    bin()
        .args(["policy", "simulate", "--input"])
        .arg(&f)
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("ImplicitlyDenied")
                .and(predicate::str::contains("S3ObjectsInOwnPrefix")),
        );

    let out = bin()
        .args(["--output", "json", "policy", "simulate", "--input", "-"])
        .write_stdin(request("r2", "clinic-a", "clinic-a").to_string())
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["id"], "r2");
    assert_eq!(v["decision"], "Allowed");
    assert_eq!(v["decidedBy"][0]["sid"], "S3ObjectsInOwnPrefix");
    assert_eq!(v["decidedBy"][0]["kind"], "identity");
}

#[test]
fn batch_is_json_lines_in_order() {
    let lines: Vec<String> = [
        ("a", "clinic-a", "clinic-a"),
        ("b", "clinic-a", "clinic-b"),
        ("c", "clinic-b", "clinic-b"),
    ]
    .iter()
    .map(|(id, c, k)| request(id, c, k).to_string())
    .collect();
    let out = bin()
        .args(["policy", "simulate", "--batch", "-"])
        .write_stdin(format!(
            "{}\n\n{}\n",
            lines.join("\n"),
            request("d", "clinic-a", "clinic-ab")
        ))
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let results: Vec<Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let got: Vec<(String, String)> = results
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["decision"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("a".into(), "Allowed".into()),
            ("b".into(), "ImplicitlyDenied".into()),
            ("c".into(), "Allowed".into()),
            ("d".into(), "ImplicitlyDenied".into())
        ]
    );
    assert_eq!(results[1]["closestMiss"]["element"], "Resource");
}

#[test]
fn malformed_input_exits_2_naming_statement_and_element() {
    let mut r = request("bad", "clinic-a", "clinic-a");
    r["identityPolicies"][0]["Statement"][0]["Condition"] = json!({"StringEqualz": {"a": "b"}});
    bin()
        .args(["policy", "simulate", "--input", "-"])
        .write_stdin(r.to_string())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "identityPolicies[0]: statement 0 (Sid \"S3ObjectsInOwnPrefix\"), Condition: unknown condition operator 'StringEqualz'",
        ));
    bin()
        .args(["policy", "simulate", "--input", "-"])
        .write_stdin("{not json")
        .assert()
        .code(2);
    bin()
        .args(["policy", "simulate", "--input", "-"])
        .write_stdin(json!({"principal": "p", "action": "s3:GetObject", "resource": "*", "identityPolicy": []}).to_string())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("identityPolicy"));
    // An identity statement without Resource would match every resource: AWS rejects it,
    // and so does the simulator (it never silently widens).
    let mut r = request("bad", "clinic-a", "clinic-a");
    r["identityPolicies"][0]["Statement"][0]
        .as_object_mut()
        .unwrap()
        .remove("Resource");
    bin()
        .args(["policy", "simulate", "--input", "-"])
        .write_stdin(r.to_string())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "identityPolicies[0]: statement 0 (Sid \"S3ObjectsInOwnPrefix\"), Resource: missing",
        ));
}

#[test]
fn batch_with_a_malformed_line_reports_it_and_exits_2() {
    let good = request("ok", "clinic-a", "clinic-a").to_string();
    let out = bin()
        .args(["policy", "simulate", "--batch", "-"])
        .write_stdin(format!(
            "{good}\n{{\"id\":\"broken\",\"principal\":1}}\n{good}\n"
        ))
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    let lines: Vec<Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["decision"], "Allowed");
    assert_eq!(lines[1]["id"], "broken");
    assert_eq!(lines[1]["line"], 2);
    assert!(lines[1]["error"].as_str().unwrap().contains("principal"));
    assert_eq!(lines[2]["decision"], "Allowed");
}
