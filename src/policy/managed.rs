//! AWS managed policies, known rather than assumed empty: a role that attaches
//! `arn:aws:iam::aws:policy/BedrockAgentCoreFullAccess` is evaluated with that policy's real
//! document. The documents come from a dated snapshot: the one shipped in the binary
//! (data/aws-managed-policies.jsonl, made by scripts/managed-policies-from-moto.py), or a
//! refreshed one written by `tenantctl policy managed-snapshot` (docs/isolation.md).
//!
//! File format, JSON Lines so that a refresh is a reviewable diff:
//! ```text
//! {"snapshot":"aws-managed-policies","taken":"2026-02-27","source":"...","count":1449}
//! {"arn":"arn:aws:iam::aws:policy/AIOpsAssistantPolicy","version":"v15","updated":"...","document":{...}}
//! ```
//! one policy per line, sorted by ARN, keys inside documents sorted.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};

/// The `snapshot` value of the header line: what kind of file this is.
const KIND: &str = "aws-managed-policies";

/// The snapshot compiled into the binary.
const SHIPPED: &str = include_str!("../../data/aws-managed-policies.jsonl");

/// One AWS managed policy's default version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManagedPolicy {
    /// `arn:<partition>:iam::aws:policy<path><name>`.
    pub arn: String,
    /// The default version id (`v15`).
    pub version: String,
    /// When AWS last changed the policy (RFC 3339), as IAM reports it.
    pub updated: String,
    /// The default version's document, decoded JSON.
    pub document: Value,
}

/// The first line of a snapshot file. Field order is the file's.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    snapshot: String,
    taken: String,
    source: String,
    count: usize,
}

/// A dated set of AWS managed policies, looked up by ARN.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The day the documents were read (YYYY-MM-DD, UTC).
    pub taken: String,
    /// Where they were read from (an account, or the emulator's dump for the shipped one).
    pub source: String,
    /// Keyed by the ARN without its partition (`policy/service-role/X`), so that a role in
    /// any partition finds its policy.
    policies: BTreeMap<String, ManagedPolicy>,
}

impl Snapshot {
    /// The snapshot shipped in the binary, parsed on first use. It is checked by unit tests,
    /// so a failure here is a build defect, not a user error.
    pub fn shipped() -> &'static Snapshot {
        static SHIPPED_SNAPSHOT: OnceLock<Snapshot> = OnceLock::new();
        SHIPPED_SNAPSHOT.get_or_init(|| {
            Snapshot::parse(SHIPPED, "data/aws-managed-policies.jsonl")
                .unwrap_or_else(|e| panic!("shipped managed policy snapshot: {e}"))
        })
    }

    /// A snapshot file (e.g. refreshed with `tenantctl policy managed-snapshot`). An unreadable
    /// or malformed file is bad input (exit 2) naming the file and line.
    pub fn load(path: &Path) -> Result<Snapshot> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::usage(format!("cannot read {}: {e}", path.display())))?;
        Self::parse(&text, &path.display().to_string())
    }

    /// Parse snapshot text; `source_name` (a file name) prefixes every error.
    pub fn parse(text: &str, source_name: &str) -> Result<Snapshot> {
        let bad = |line: usize, msg: String| {
            Error::usage(format!("{source_name}: line {line}: {msg}")).with_hint(
                "a managed policy snapshot is written by `tenantctl policy managed-snapshot --out FILE`",
            )
        };
        let mut lines = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim()))
            .filter(|(_, l)| !l.is_empty());
        let (hline, htext) = lines
            .next()
            .ok_or_else(|| bad(1, "empty file: expected the snapshot header line".into()))?;
        let header = parse_header(htext).map_err(|m| bad(hline, m))?;
        let mut policies = BTreeMap::new();
        let mut last = hline;
        for (n, l) in lines {
            last = n;
            let p = parse_policy(l).map_err(|m| bad(n, m))?;
            let key = partitionless(&p.arn).unwrap_or_default().to_string();
            if let Some(prev) = policies.insert(key, p) {
                return Err(bad(n, format!("{} appears twice", prev.arn)));
            }
        }
        // The count catches a truncated file, which would otherwise silently lose policies.
        if policies.len() != header.count {
            return Err(bad(
                last,
                format!(
                    "the header announces {} policies, the file holds {} (truncated?)",
                    header.count,
                    policies.len()
                ),
            ));
        }
        Ok(Snapshot {
            taken: header.taken,
            source: header.source,
            policies,
        })
    }

    /// A snapshot of freshly read policies (the refresh command).
    pub fn new(
        taken: impl Into<String>,
        source: impl Into<String>,
        policies: impl IntoIterator<Item = ManagedPolicy>,
    ) -> Snapshot {
        let policies = policies
            .into_iter()
            .map(|p| (partitionless(&p.arn).unwrap_or_default().to_string(), p))
            .collect();
        Snapshot {
            taken: taken.into(),
            source: source.into(),
            policies,
        }
    }

    /// The policy with this ARN, in any partition: `arn:aws-cn:iam::aws:policy/X` finds X.
    /// The document is the one the snapshot holds (its own partition's ARNs, if any).
    pub fn get(&self, arn: &str) -> Option<&ManagedPolicy> {
        self.policies.get(partitionless(arn)?)
    }

    pub fn len(&self) -> usize {
        self.policies.len()
    }

    pub fn is_empty(&self) -> bool {
        self.policies.is_empty()
    }

    /// Every policy, sorted by ARN (within one partition).
    pub fn iter(&self) -> impl Iterator<Item = &ManagedPolicy> {
        self.policies.values()
    }

    /// The file text: header, then one line per policy sorted by ARN, document keys sorted
    /// (so that two snapshots of the same policies are byte-identical, and a refresh diff
    /// shows only what AWS changed).
    pub fn to_jsonl(&self) -> String {
        let header = Header {
            snapshot: KIND.into(),
            taken: self.taken.clone(),
            source: self.source.clone(),
            count: self.policies.len(),
        };
        let mut policies: Vec<&ManagedPolicy> = self.policies.values().collect();
        policies.sort_by(|a, b| a.arn.cmp(&b.arn));
        let mut out = line(&header);
        for p in policies {
            out.push_str(&line(&ManagedPolicy {
                document: sort_keys(&p.document),
                ..p.clone()
            }));
        }
        out
    }
}

/// Is this the ARN of an AWS managed policy (`arn:<partition>:iam::aws:policy/...`)?
pub fn is_aws_managed(arn: &str) -> bool {
    partitionless(arn).is_some()
}

/// `policy/<path><name>` of an AWS managed policy ARN, the same in every partition; None for
/// anything else (customer managed policies, roles, malformed ARNs).
fn partitionless(arn: &str) -> Option<&str> {
    let rest = arn.strip_prefix("arn:")?;
    let (partition, rest) = rest.split_once(':')?;
    let resource = rest.strip_prefix("iam::aws:")?;
    let name = resource.strip_prefix("policy/")?;
    let partition_ok = !partition.is_empty()
        && partition
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let name_ok = !name.is_empty() && !name.ends_with('/') && !name.contains(char::is_whitespace);
    (partition_ok && name_ok).then_some(resource)
}

fn parse_header(text: &str) -> std::result::Result<Header, String> {
    let h: Header = serde_json::from_str(text).map_err(|e| {
        format!(
            "expected the header {{\"snapshot\":\"{KIND}\",\"taken\":\"YYYY-MM-DD\",\"source\":...,\"count\":N}}: {e}"
        )
    })?;
    if h.snapshot != KIND {
        return Err(format!(
            "not a managed policy snapshot (\"snapshot\" is {:?}, expected {KIND:?})",
            h.snapshot
        ));
    }
    chrono::NaiveDate::parse_from_str(&h.taken, "%Y-%m-%d")
        .map_err(|_| format!("\"taken\" {:?} is not a date like 2026-02-27", h.taken))?;
    Ok(h)
}

fn parse_policy(text: &str) -> std::result::Result<ManagedPolicy, String> {
    let p: ManagedPolicy = serde_json::from_str(text).map_err(|e| {
        format!(
            "expected {{\"arn\":...,\"version\":...,\"updated\":...,\"document\":{{...}}}}: {e}"
        )
    })?;
    if !is_aws_managed(&p.arn) {
        return Err(format!(
            "{:?} is not an AWS managed policy ARN (arn:aws:iam::aws:policy/...)",
            p.arn
        ));
    }
    if !p.document.is_object() {
        return Err(format!("{}: \"document\" is not a JSON object", p.arn));
    }
    Ok(p)
}

/// One JSON line. Serialising these plain structs cannot fail.
fn line<T: Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string(value).expect("snapshot line serialises");
    s.push('\n');
    s
}

/// A copy with every object's keys sorted, recursively. serde_json keeps insertion order in
/// this crate (`preserve_order`), and IAM's order is whatever the author wrote.
fn sort_keys(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut entries: Vec<(&String, &Value)> = m.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.clone(), sort_keys(v)))
                    .collect(),
            )
        }
        Value::Array(a) => Value::Array(a.iter().map(sort_keys).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::PolicyDocument;

    const HEADER: &str =
        r#"{"snapshot":"aws-managed-policies","taken":"2026-01-02","source":"test","count":1}"#;
    const POLICY: &str = r#"{"arn":"arn:aws:iam::aws:policy/service-role/X","version":"v2","updated":"2026-01-01T00:00:00+00:00","document":{"Version":"2012-10-17","Statement":[]}}"#;

    fn parse_err(text: &str) -> String {
        Snapshot::parse(text, "f.jsonl").unwrap_err().message
    }

    /// Every action and resource of a document's statements, flattened.
    fn strings(doc: &Value, element: &str) -> Vec<String> {
        let stmts = match &doc["Statement"] {
            Value::Array(a) => a.clone(),
            other => vec![other.clone()],
        };
        stmts
            .iter()
            .flat_map(|s| match &s[element] {
                Value::String(x) => vec![x.clone()],
                Value::Array(a) => a
                    .iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect(),
                _ => vec![],
            })
            .collect()
    }

    #[test]
    fn shipped_holds_every_policy_of_the_dump() {
        let s = Snapshot::shipped();
        assert_eq!(s.len(), 1449);
        assert_eq!(s.taken, "2026-02-27");
        assert!(s.source.contains("moto 5.1.22"), "{}", s.source);
    }

    #[test]
    fn shipped_bedrock_agentcore_full_access() {
        let p = Snapshot::shipped()
            .get("arn:aws:iam::aws:policy/BedrockAgentCoreFullAccess")
            .expect("BedrockAgentCoreFullAccess in the snapshot");
        assert_eq!(p.arn, "arn:aws:iam::aws:policy/BedrockAgentCoreFullAccess");
        let stmt = p.document["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["Action"].to_string().contains("\"bedrock-agentcore:*\""))
            .expect("a bedrock-agentcore:* statement");
        assert_eq!(stmt["Effect"], "Allow");
        assert_eq!(stmt["Resource"], "arn:aws:bedrock-agentcore:*:*:*");
    }

    #[test]
    fn shipped_service_role_paths() {
        let arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
        let p = Snapshot::shipped().get(arn).expect("service-role policy");
        assert_eq!(p.arn, arn);
        assert!(strings(&p.document, "Action").contains(&"logs:CreateLogGroup".to_string()));
        // The path is part of the name: without it there is no such policy.
        assert!(Snapshot::shipped()
            .get("arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole")
            .is_none());
    }

    #[test]
    fn get_matches_any_partition() {
        let s = Snapshot::shipped();
        for partition in ["aws", "aws-cn", "aws-us-gov"] {
            let arn = format!("arn:{partition}:iam::aws:policy/BedrockAgentCoreFullAccess");
            assert!(s.get(&arn).is_some(), "{arn}");
        }
        assert!(s
            .get("arn:aws:iam::123456789012:policy/BedrockAgentCoreFullAccess")
            .is_none());
    }

    #[test]
    fn every_shipped_document_parses() {
        let failures: Vec<String> = Snapshot::shipped()
            .iter()
            .filter_map(|p| {
                let text = serde_json::to_string(&p.document).unwrap();
                PolicyDocument::parse(&text)
                    .err()
                    .map(|e| format!("{}: {e}", p.arn))
            })
            .collect();
        assert!(
            failures.is_empty(),
            "{} documents do not parse:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn shipped_file_is_canonical() {
        // What the refresh command would write for these policies is the file itself: sorted
        // by ARN, keys sorted, same header. A hand edit or a script change shows up here.
        assert_eq!(Snapshot::shipped().to_jsonl(), SHIPPED);
    }

    #[test]
    fn is_aws_managed_arns() {
        assert!(is_aws_managed("arn:aws:iam::aws:policy/ReadOnlyAccess"));
        assert!(is_aws_managed(
            "arn:aws-us-gov:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
        ));
        for not in [
            "arn:aws:iam::123456789012:policy/ReadOnlyAccess",
            "arn:aws:iam::aws:role/x",
            "arn:aws:iam::aws:policy/",
            "arn::iam::aws:policy/X",
            "arn:aws:iam:us-east-1:aws:policy/X",
            "ReadOnlyAccess",
        ] {
            assert!(!is_aws_managed(not), "{not}");
        }
    }

    #[test]
    fn round_trip() {
        let text = format!("{HEADER}\n{POLICY}\n");
        let s = Snapshot::parse(&text, "f.jsonl").unwrap();
        assert_eq!(
            (s.taken.as_str(), s.source.as_str(), s.len()),
            ("2026-01-02", "test", 1)
        );
        // Document keys come back sorted.
        assert_eq!(
            s.to_jsonl(),
            text.replace(
                r#""Version":"2012-10-17","Statement":[]"#,
                r#""Statement":[],"Version":"2012-10-17""#
            )
        );
        let again = Snapshot::parse(&s.to_jsonl(), "g").unwrap();
        assert_eq!(
            again.iter().collect::<Vec<_>>(),
            s.iter().collect::<Vec<_>>()
        );
    }

    #[test]
    fn header_errors_name_file_and_line() {
        let e = parse_err("");
        assert!(e.starts_with("f.jsonl: line 1: empty file"), "{e}");
        let e = parse_err(&format!("\n{POLICY}\n"));
        assert!(e.starts_with("f.jsonl: line 2: expected the header"), "{e}");
        let e = parse_err(&HEADER.replace("aws-managed-policies", "other"));
        assert!(e.contains("line 1: not a managed policy snapshot"), "{e}");
        let e = parse_err(&HEADER.replace("2026-01-02", "yesterday"));
        assert!(
            e.contains("line 1: \"taken\" \"yesterday\" is not a date"),
            "{e}"
        );
        let e = parse_err(&format!("{HEADER}\n"));
        assert!(e.contains("announces 1 policies, the file holds 0"), "{e}");
    }

    #[test]
    fn policy_line_errors_name_file_and_line() {
        let e = parse_err(&format!("{HEADER}\n\n{{not json\n"));
        assert!(e.starts_with("f.jsonl: line 3: expected {\"arn\""), "{e}");
        let customer = POLICY.replace("iam::aws:", "iam::123456789012:");
        let e = parse_err(&format!("{HEADER}\n{customer}\n"));
        assert!(
            e.contains("line 2:") && e.contains("not an AWS managed policy ARN"),
            "{e}"
        );
        let e = parse_err(&format!(
            "{HEADER}\n{}\n",
            POLICY.replace(r#"{"Version":"2012-10-17","Statement":[]}"#, "[]")
        ));
        assert!(
            e.contains("line 2:") && e.contains("not a JSON object"),
            "{e}"
        );
        let two = HEADER.replace("\"count\":1", "\"count\":2");
        let e = parse_err(&format!("{two}\n{POLICY}\n{POLICY}\n"));
        assert!(e.contains("line 3:") && e.contains("appears twice"), "{e}");
    }

    #[test]
    fn load_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.jsonl");
        let e = Snapshot::load(&missing).unwrap_err();
        assert_eq!(e.kind.exit_code(), 2);
        assert!(e.message.contains("none.jsonl"), "{}", e.message);
        let bad = dir.path().join("bad.jsonl");
        std::fs::write(&bad, format!("{HEADER}\nnope\n")).unwrap();
        let e = Snapshot::load(&bad).unwrap_err();
        assert!(e.message.contains("bad.jsonl: line 2:"), "{}", e.message);
    }
}
