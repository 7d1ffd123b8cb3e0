//! The properties the fuzz targets check, shared by the cargo-fuzz targets (fuzz_targets/*.rs,
//! nightly) and the stable smoke harness (tests/it/fuzz_smoke.rs), so both exercise exactly the
//! same functions. Each takes arbitrary bytes; it must never panic, and what tenantctl accepts
//! must satisfy the naming contract (DESIGN.md): no character that could widen an IAM pattern,
//! escape a path or split a name, and every error is one line.

use std::path::Path;

use tenantctl::config::Config;
use tenantctl::ids::{Email, Namespace, TenantId, TierName};

/// Characters no id or email may ever carry into a policy, key or parameter name.
const NEVER: &[char] = &[
    '/', '*', '?', '$', '{', '}', '\\', '"', '\'', ' ', '\t', '\r', '\n', '\0', '[', ']', ':', ',',
];

fn one_line(msg: &str) {
    assert!(
        !msg.contains('\n') && !msg.contains('\r'),
        "error messages are one line: {msg:?}"
    );
}

fn id_ok(s: &str, min: usize, max: usize) {
    assert!((min..=max).contains(&s.len()), "{s:?}");
    assert!(
        s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
        "{s:?}"
    );
    assert!(
        !s.starts_with('-') && !s.ends_with('-') && !s.contains("--"),
        "{s:?}"
    );
    assert!(!s.contains(NEVER), "{s:?}");
}

/// Tenant ids, tier names, namespaces and emails.
pub fn ids(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    match TenantId::parse(s) {
        Ok(t) => {
            assert_eq!(t.as_str(), s);
            id_ok(t.as_str(), 3, 48);
        }
        Err(e) => one_line(&e.message),
    }
    match TierName::parse(s) {
        Ok(t) => id_ok(t.as_str(), 2, 32),
        Err(e) => one_line(&e.message),
    }
    match Namespace::parse(s) {
        Ok(n) => id_ok(n.as_str(), 2, 15),
        Err(e) => one_line(&e.message),
    }
    match Email::parse(s) {
        Ok(e) => {
            let v = e.as_str();
            assert!(v.is_ascii() && v.len() <= 128, "{v:?}");
            assert_eq!(v, v.to_ascii_lowercase());
            assert_eq!(v.matches('@').count(), 1, "{v:?}");
            assert!(!v.contains(NEVER), "{v:?}");
            assert!(
                !v.starts_with(['+', '-', '=', '@']),
                "formula-looking email {v:?}"
            );
            // Parsing is stable: what we store parses to itself.
            assert_eq!(Email::parse(v).unwrap().as_str(), v);
        }
        Err(e) => one_line(&e.message),
    }
}

/// A users CSV file, as read from disk (size, BOM, NUL, UTF-8 checks) then parsed and validated.
pub fn users_csv(data: &[u8]) {
    let path = Path::new("fuzz-users.csv");
    let text = match tenantctl::input::check_text(data.to_vec(), path, "users file") {
        Ok(t) => t,
        Err(e) => return one_line(&e.message),
    };
    match tenantctl::lifecycle::onboard::parse_users_csv(&text, "fuzz-users.csv") {
        Ok(rows) => {
            for r in rows {
                assert!(!r.is_empty());
                match Email::parse(&r) {
                    Ok(e) => assert!(!e.as_str().contains(NEVER)),
                    Err(e) => one_line(&e.message),
                }
            }
        }
        Err(e) => one_line(&e.message),
    }
}

const CONFIG: &str = r#"namespace = "fz"
region = "us-east-1"
[cognito]
user_pool_name = "fz-users"
[buckets]
data = "fz-data"
archive = "fz-archive"
[tvm]
trusted_principals = ["arn:aws:iam::123456789012:role/fz-runtime"]
[tiers.basic]
model_id = "m"
deployment = "pooled"
monthly_budget = "1"
project_id = "p"
[tiers.premium]
model_id = "m"
deployment = "siloed"
monthly_budget = "2"
project_id = "q"
"#;

/// A bulk onboarding file (JSON and CSV readings of the same bytes), validated against a config.
pub fn bulk_file(data: &[u8]) {
    let cfg = Config::parse(CONFIG, Path::new("fz.toml")).expect("the fixed config parses");
    let text =
        match tenantctl::input::check_text(data.to_vec(), Path::new("fuzz-bulk"), "bulk file") {
            Ok(t) => t,
            Err(e) => return one_line(&e.message),
        };
    for json in [true, false] {
        let raw = match tenantctl::lifecycle::onboard::parse_bulk(&text, "fuzz-bulk", json) {
            Ok(r) => r,
            Err(e) => {
                one_line(&e.message);
                continue;
            }
        };
        match tenantctl::lifecycle::onboard::validate(&cfg, raw) {
            Ok(specs) => {
                let mut tenants = std::collections::BTreeSet::new();
                let mut emails = std::collections::BTreeSet::new();
                for s in &specs {
                    id_ok(s.tenant.as_str(), 3, 48);
                    assert!(cfg.tiers.contains_key(&s.tier), "{:?}", s.tier);
                    assert!(
                        tenants.insert(s.tenant.clone()),
                        "tenant twice: {}",
                        s.tenant
                    );
                    for u in &s.users {
                        assert!(emails.insert(u.clone()), "a user in two places: {u}");
                        assert!(!u.as_str().contains(NEVER));
                    }
                    if let Some(p) = &s.project_id {
                        assert!(
                            p.chars()
                                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
                            "{p:?}"
                        );
                    }
                }
            }
            Err(e) => one_line(&e.message),
        }
    }
}

/// A `tenantctl.toml`.
pub fn config(data: &[u8]) {
    let path = Path::new("fuzz.toml");
    let text = match tenantctl::input::check_text(data.to_vec(), path, "config file") {
        Ok(t) => t,
        Err(e) => return one_line(&e.message),
    };
    match Config::parse(&text, path) {
        Ok(cfg) => {
            id_ok(cfg.namespace.as_str(), 2, 15);
            assert_ne!(cfg.buckets.data, cfg.buckets.archive);
            assert!(!cfg.tiers.is_empty());
            for p in &cfg.tvm.trusted_principals {
                assert!(
                    !p.contains(['*', '?']),
                    "wildcard principal accepted: {p:?}"
                );
            }
            for (name, t) in &cfg.tiers {
                id_ok(name.as_str(), 2, 32);
                assert!(!t.monthly_budget.is_sign_negative());
            }
        }
        Err(e) => one_line(&e.message),
    }
}

/// Policy documents: arbitrary text must parse or be rejected with a one-line error. An
/// accepted document must evaluate without panicking wherever it is attached; its normalised
/// form must parse again to the same normalised form; and the bulk path the isolation matrix
/// uses (`specialize` for a session, `for_action`, `decide_parts` with an overlay) must decide
/// exactly as `decide` does on the document as written.
pub fn policy_parse(data: &[u8]) {
    use tenantctl::policy::{
        decide, decide_parts, evaluate, Context, NamedPolicy, PolicyDocument, PolicySet,
        PreparedPrincipal, PreparedResource, Request, RequestParts,
    };
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let doc = match PolicyDocument::parse(text) {
        Ok(d) => d,
        Err(e) => {
            one_line(&e.to_string());
            return;
        }
    };
    let norm = doc.normalized();
    let again = PolicyDocument::from_value(&norm).expect("a normalised document parses");
    assert_eq!(again.normalized(), norm, "normalisation is idempotent");

    let mut session = Context::new();
    session.set("aws:PrincipalTag/ClinicId", "clinic-a");
    session.set("aws:PrincipalTag/Tier", "basic");
    session.set("aws:TagKeys", vec!["ClinicId", "Tier"]);
    session.set("aws:SourceIp", "203.0.113.7");
    let principal = "arn:aws:sts::111122223333:assumed-role/tvm/s";
    let varying = ["s3:prefix", "aws:ResourceTag/ClinicId"];
    let requests = [
        ("s3:GetObject", "arn:aws:s3:::bkt/basic/clinic-a/x", None),
        ("s3:GetObject", "arn:aws:s3:::bkt/basic/clinic-b/x", None),
        // Not a whole ARN: the resource of wildcard-only actions, and a truncated one.
        ("s3:ListAllMyBuckets", "*", None),
        ("iam:PassRole", "arn:aws:iam", None),
        // A backslash in request text is an ordinary character.
        (
            "s3:GetObject",
            "arn:aws:s3:a\\::bkt/basic/clinic-a\\x",
            None,
        ),
        (
            "s3:ListBucket",
            "arn:aws:s3:::bkt",
            Some(("s3:prefix", "basic/clinic-b/")),
        ),
        (
            "bedrock:Retrieve",
            "arn:aws:bedrock:us-east-1:111122223333:knowledge-base/KB1",
            Some(("aws:ResourceTag/ClinicId", "clinic-a")),
        ),
    ];
    for place in 0..3 {
        let mut set = PolicySet::default();
        let p = NamedPolicy::new("fuzz", doc.clone());
        match place {
            0 => set.identity.push(p),
            1 => set.resource = Some(p),
            _ => set.scps.push(vec![p]),
        }
        let fast = set.specialize(&session, &varying);
        for (action, resource, key) in requests {
            let mut context = session.clone();
            let mut overlay = Context::new();
            if let Some((k, v)) = key {
                context.set(k, v);
                overlay.set(k, v);
            }
            let req = Request {
                principal: principal.into(),
                action: action.into(),
                resource: resource.into(),
                resource_account: Some("111122223333".into()),
                context,
            };
            let want = decide(&set, &req);
            assert_eq!(
                evaluate(&set, &req).decision,
                want,
                "evaluate and decide agree"
            );
            let prepared = PreparedResource::new(resource, Some("111122223333"));
            let parts = RequestParts {
                principal: PreparedPrincipal::new(principal),
                action,
                resource: &prepared,
                context: &session,
                overlay: key.map(|_| &overlay),
            };
            let fast_action = fast.for_action(action);
            assert_eq!(
                decide(&fast, &req),
                want,
                "specialize preserves the decision"
            );
            assert_eq!(
                decide_parts(&fast_action, &parts),
                want,
                "bulk path preserves it"
            );
        }
    }
}
