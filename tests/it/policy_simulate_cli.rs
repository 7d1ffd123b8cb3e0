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

/// The JSON answer to one request (a session of clinic-a reading clinic-b's object), as
/// scripts consume it: any change shows up in review
/// (tests/it/snapshots/policy_simulate__json.snap).
#[test]
fn snapshot_of_json_answer() {
    let out = bin()
        .env_clear()
        .args(["--output", "json", "policy", "simulate", "--input", "-"])
        .write_stdin(request("r1", "clinic-a", "clinic-b").to_string())
        .assert()
        .code(0)
        .get_output()
        .clone();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    crate::common::snapshot_settings().bind(|| {
        insta::assert_snapshot!(
            "policy_simulate__json",
            String::from_utf8(out.stdout).unwrap()
        );
    });
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

/// Typed condition keys (src/policy/keys.rs): a context AWS could never send for a known key
/// is rejected with one line naming the key and the fix; a mistyped operator only warns.
#[test]
fn typed_keys_reject_impossible_contexts_and_warn_on_mistyped_operators() {
    let mut r = request("arr", "clinic-a", "clinic-a");
    r["context"]["aws:PrincipalTag/ClinicId"] = json!(["clinic-a", "clinic-b"]);
    bin()
        .args(["policy", "simulate", "--input", "-"])
        .write_stdin(r.to_string())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "context.aws:PrincipalTag/ClinicId is a single-valued String key: give one value, not an array of 2",
        ));
    let mut r = request("ip", "clinic-a", "clinic-a");
    r["context"]["aws:SourceIp"] = json!("office-vpn");
    bin()
        .args(["policy", "simulate", "--input", "-"])
        .write_stdin(r.to_string())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "context.aws:SourceIp is an IP address key: 'office-vpn' is not an IPv4 or IPv6 address",
        ));
    // A multivalued key takes an array; a valid address passes.
    let mut r = request("ok", "clinic-a", "clinic-a");
    r["context"]["aws:TagKeys"] = json!(["ClinicId", "Tier"]);
    r["context"]["aws:SourceIp"] = json!("203.0.113.7");
    bin()
        .args(["policy", "simulate", "--input", "-"])
        .write_stdin(r.to_string())
        .assert()
        .code(0);

    // AWS accepts NumericEquals on a String key: evaluated as usual, with a warning.
    let mut r = request("lint", "clinic-a", "clinic-a");
    r["identityPolicies"][0]["Statement"][0]["Condition"] =
        json!({"NumericEquals": {"bedrock-agentcore:actorId": "1"}});
    let out = bin()
        .args(["--output", "json", "policy", "simulate", "--input", "-"])
        .write_stdin(r.to_string())
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["decision"], "ImplicitlyDenied");
    let w = v["warnings"][0].as_str().unwrap();
    assert!(
        w.starts_with("identityPolicies[0]: statement 0 (Sid \"S3ObjectsInOwnPrefix\"), Condition: NumericEquals on bedrock-agentcore:actorId, a String key"),
        "{w}"
    );
    bin()
        .args(["policy", "simulate", "--input", "-"])
        .write_stdin(r.to_string())
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "warning: identityPolicies[0]: statement 0",
        ));
    // Well-typed policies: no warnings field at all.
    let out = bin()
        .args(["--output", "json", "policy", "simulate", "--input", "-"])
        .write_stdin(request("clean", "clinic-a", "clinic-a").to_string())
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert!(v.get("warnings").is_none(), "{v}");
}

/// Many chunks over every core still come back one per line, in input order, with the same
/// answers (and error lines) as one at a time.
#[test]
fn a_long_batch_answers_in_input_order_across_workers() {
    let mut input = String::new();
    let mut want = Vec::new();
    for i in 0..3000 {
        let (clinic, key) = if i % 3 == 0 {
            ("clinic-a", "clinic-b")
        } else {
            ("clinic-a", "clinic-a")
        };
        if i % 997 == 500 {
            input.push_str("{not json\n");
            want.push((String::new(), "error".to_string()));
            continue;
        }
        input.push_str(&request(&format!("r{i}"), clinic, key).to_string());
        input.push('\n');
        let d = if key == clinic {
            "Allowed"
        } else {
            "ImplicitlyDenied"
        };
        want.push((format!("r{i}"), d.to_string()));
    }
    let out = bin()
        .args(["policy", "simulate", "--batch", "-"])
        .write_stdin(input)
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    let got: Vec<(String, String)> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| {
            let r: Value = serde_json::from_str(l).unwrap();
            match r["error"].as_str() {
                Some(_) => (String::new(), "error".to_string()),
                None => (
                    r["id"].as_str().unwrap().to_string(),
                    r["decision"].as_str().unwrap().to_string(),
                ),
            }
        })
        .collect();
    assert_eq!(got, want);
}

/// A co-process that writes one request and waits for its answer before the next gets each
/// answer at once (the batch does not wait for a full chunk).
#[test]
fn a_co_process_gets_each_answer_before_sending_the_next_request() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command as Std, Stdio};
    let mut child = Std::new(assert_cmd::cargo::cargo_bin("tenantctl"))
        .args(["policy", "simulate", "--batch", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    // If an answer never came, the read below would block forever: a watchdog kills the child
    // (by PID) so the test fails instead of hanging.
    let pid = child.id();
    let (done, watch) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        // Only on a timeout: once the test is done (sender dropped) the pid is not touched.
        if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
            watch.recv_timeout(std::time::Duration::from_secs(60))
        {
            let _ = Std::new("kill").arg(pid.to_string()).status();
        }
    });
    for (i, (clinic, key, want)) in [
        ("clinic-a", "clinic-a", "Allowed"),
        ("clinic-a", "clinic-b", "ImplicitlyDenied"),
        ("clinic-b", "clinic-b", "Allowed"),
    ]
    .into_iter()
    .enumerate()
    {
        writeln!(stdin, "{}", request(&format!("q{i}"), clinic, key)).unwrap();
        stdin.flush().unwrap();
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let r: Value = serde_json::from_str(&line).expect("an answer before the next request");
        assert_eq!(r["id"], format!("q{i}"));
        assert_eq!(r["decision"], want);
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
    drop(done);
    watchdog.join().unwrap();
}
