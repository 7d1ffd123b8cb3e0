//! Trust and session lint: who may mint a tenant session, with which tags. Evaluated with the
//! same engine, treating the trust policy as the role's resource policy (AWS requires the
//! trust policy to allow `sts:AssumeRole`, and `sts:TagSession` when tags are passed).

use crate::policy::{evaluate, Context, Decision, NamedPolicy, PolicyDocument, PolicySet, Request};

use super::adversarial::Tags;
use super::witness::{finding, Accumulator};
use super::{session_arn, IsolationInput, RoleUnderTest, Rule};

/// The caller's own permission to call STS is not what is being checked: grant it, so the
/// decision is the trust policy's alone.
fn caller_may_call_sts() -> NamedPolicy {
    let doc = PolicyDocument::parse(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Resource":"*"}]}"#,
    )
    .expect("static policy parses");
    NamedPolicy::new(
        "(assumed) caller may call sts:AssumeRole/sts:TagSession",
        doc,
    )
}

/// `arn:aws:iam::123:role/path/name` -> (account, name).
fn split_role_arn(arn: &str) -> Option<(String, String)> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    if parts.len() != 6 {
        return None;
    }
    let name = parts[5]
        .strip_prefix("role/")?
        .rsplit('/')
        .next()?
        .to_string();
    Some((parts[4].to_string(), name))
}

struct Caller {
    principal: String,
    role_arn: String,
    account: String,
    label: String,
}

fn caller(role_arn: &str, label: &str) -> Option<Caller> {
    let (account, name) = split_role_arn(role_arn)?;
    let partition = role_arn.split(':').nth(1).unwrap_or("aws");
    Some(Caller {
        principal: format!("arn:{partition}:sts::{account}:assumed-role/{name}/tenantctl-lint"),
        role_arn: role_arn.to_string(),
        account,
        label: label.to_string(),
    })
}

/// Tags as (key, value) pairs, in request order.
fn tag_list(t: &Tags) -> Vec<(&'static str, String)> {
    let mut v = Vec::new();
    if let Some(x) = &t.tier {
        v.push(("Tier", x.clone()));
    }
    if let Some(x) = &t.clinic {
        v.push(("ClinicId", x.clone()));
    }
    if let Some(x) = &t.user {
        v.push(("UserId", x.clone()));
    }
    v
}

/// Does AWS create the session? AssumeRole must be allowed, and TagSession too when tags
/// are passed. Returns the decisive (first not-allowed, else last) request and evaluation.
fn session_created(
    role: &RoleUnderTest,
    trust: &NamedPolicy,
    c: &Caller,
    tags: &[(&str, String)],
) -> (bool, Request, crate::policy::Evaluation) {
    let set = PolicySet {
        identity: vec![caller_may_call_sts()],
        resource: Some(trust.clone()),
        ..Default::default()
    };
    let mut ctx = Context::new();
    for (k, v) in tags {
        ctx.set(&format!("aws:RequestTag/{k}"), v.as_str());
    }
    if !tags.is_empty() {
        ctx.set(
            "aws:TagKeys",
            tags.iter().map(|(k, _)| k.to_string()).collect::<Vec<_>>(),
        );
    }
    ctx.set("aws:PrincipalArn", c.role_arn.as_str());
    ctx.set("aws:PrincipalAccount", c.account.as_str());
    let actions: &[&str] = if tags.is_empty() {
        &["sts:AssumeRole"]
    } else {
        &["sts:AssumeRole", "sts:TagSession"]
    };
    let mut last = None;
    for a in actions {
        let req = Request {
            principal: c.principal.clone(),
            action: a.to_string(),
            resource: role.role_arn.clone(),
            resource_account: split_role_arn(&role.role_arn).map(|(acct, _)| acct),
            context: ctx.clone(),
        };
        let ev = evaluate(&set, &req);
        if ev.decision != Decision::Allowed {
            return (false, req, ev);
        }
        last = Some((req, ev));
    }
    let (req, ev) = last.expect("at least one action");
    (true, req, ev)
}

fn tags(clinic: Option<&str>, tier: Option<&str>, user: Option<&str>) -> Tags {
    Tags {
        clinic: clinic.map(String::from),
        tier: tier.map(String::from),
        user: user.map(String::from),
    }
}

/// Does the TVM trust policy let the first configured runtime create a session with `t`?
/// None when there is no trust policy or runtime to ask (offline without `--trust-policy`).
pub(crate) fn runtime_may_create(input: &IsolationInput, t: &Tags) -> Option<bool> {
    let trust = input.tvm.trust.as_ref()?;
    let rt = input
        .trusted_principals
        .iter()
        .find_map(|p| caller(p, "runtime"))?;
    Some(session_created(&input.tvm, trust, &rt, &tag_list(t)).0)
}

/// Lint the TVM trust policy and every siloed role's trust policy.
pub fn lint(input: &IsolationInput, acc: &mut Accumulator) {
    let tier = input
        .tiers
        .first()
        .map(|(t, _)| t.clone())
        .unwrap_or_else(|| "basic".into());
    let base = input
        .tenants
        .first()
        .map(|t| t.id.clone())
        .unwrap_or_else(|| "clinic-a".into());
    let base_tier = input
        .tenants
        .first()
        .map(|t| t.tier.clone())
        .unwrap_or_else(|| tier.clone());
    let user = format!("dr@{base}.example");
    let runtimes: Vec<Caller> = input
        .trusted_principals
        .iter()
        .filter_map(|p| caller(p, &format!("runtime {p}")))
        .collect();

    if let Some(trust) = &input.tvm.trust {
        let role = &input.tvm;
        let good = tags(Some(&base), Some(&base_tier), Some(&user));
        for rt in &runtimes {
            let (ok, req, ev) = session_created(role, trust, rt, &tag_list(&good));
            if !ok {
                let msg = format!(
                    "{} cannot assume {} with well-formed tags (Tier={base_tier}, ClinicId={base})",
                    rt.label, role.role_name
                );
                acc.push(finding(
                    Rule::TrustRuntimeDenied,
                    msg,
                    Some(rt.label.clone()),
                    None,
                    None,
                    &req,
                    &ev,
                ));
            }
            // Missing or empty tags: no session.
            let broken: Vec<(String, Tags)> = vec![
                ("no session tags at all".into(), tags(None, None, None)),
                (
                    "no ClinicId tag".into(),
                    tags(None, Some(&base_tier), Some(&user)),
                ),
                ("no Tier tag".into(), tags(Some(&base), None, Some(&user))),
                (
                    "no UserId tag".into(),
                    tags(Some(&base), Some(&base_tier), None),
                ),
                (
                    "empty ClinicId tag".into(),
                    tags(Some(""), Some(&base_tier), Some(&user)),
                ),
                (
                    "empty Tier tag".into(),
                    tags(Some(&base), Some(""), Some(&user)),
                ),
                (
                    "empty UserId tag".into(),
                    tags(Some(&base), Some(&base_tier), Some("")),
                ),
            ];
            for (what, t) in broken {
                let (ok, req, ev) = session_created(role, trust, rt, &tag_list(&t));
                if ok {
                    let msg = format!("{} can assume {} with {what}", rt.label, role.role_name);
                    acc.push(finding(
                        Rule::TrustUntaggedSession,
                        msg,
                        Some(rt.label.clone()),
                        None,
                        None,
                        &req,
                        &ev,
                    ));
                }
            }
            // Malformed values and unknown tiers: no session.
            let q = format!("{}?", &base[..base.len() - 1]);
            let malformed: Vec<(String, Tags)> = vec![
                (
                    "unknown tier \"gold\"".into(),
                    tags(Some(&base), Some("gold"), Some(&user)),
                ),
                ("Tier '*'".into(), tags(Some(&base), Some("*"), Some(&user))),
                (
                    format!("upper-case ClinicId {:?}", base.to_uppercase()),
                    tags(Some(&base.to_uppercase()), Some(&base_tier), Some(&user)),
                ),
                (
                    "ClinicId with '/'".into(),
                    tags(Some(&format!("{base}/x")), Some(&base_tier), Some(&user)),
                ),
                (
                    "ClinicId '*'".into(),
                    tags(Some("*"), Some(&base_tier), Some(&user)),
                ),
                (
                    format!("ClinicId with '?' {q:?}"),
                    tags(Some(&q), Some(&base_tier), Some(&user)),
                ),
                (
                    "ClinicId with a space".into(),
                    tags(Some(&format!("{base} x")), Some(&base_tier), Some(&user)),
                ),
                (
                    "ClinicId carrying a policy variable".into(),
                    tags(Some("${aws:username}"), Some(&base_tier), Some(&user)),
                ),
                (
                    "UserId with '/'".into(),
                    tags(Some(&base), Some(&base_tier), Some("a/b")),
                ),
                (
                    "UserId '*'".into(),
                    tags(Some(&base), Some(&base_tier), Some("*")),
                ),
            ];
            for (what, t) in malformed {
                let (ok, req, ev) = session_created(role, trust, rt, &tag_list(&t));
                if ok {
                    let msg = format!("{} can assume {} with {what}", rt.label, role.role_name);
                    acc.push(finding(
                        Rule::TrustMalformedTag,
                        msg,
                        Some(rt.label.clone()),
                        None,
                        None,
                        &req,
                        &ev,
                    ));
                }
            }
            let mut extra = tag_list(&good);
            extra.push(("Admin", "true".into()));
            let (ok, req, ev) = session_created(role, trust, rt, &extra);
            if ok {
                let msg = format!(
                    "{} can assume {} with an extra session tag key (Admin)",
                    rt.label, role.role_name
                );
                acc.push(finding(
                    Rule::TrustMalformedTag,
                    msg,
                    Some(rt.label.clone()),
                    None,
                    None,
                    &req,
                    &ev,
                ));
            }
        }
        // Principals that are not the runtime: another role, the runtime's name in another
        // account, and a TVM session re-assuming the TVM to pick another tenant's tags.
        let acct = input.names.account.clone();
        let other_acct = if acct == "999999999999" {
            "888888888888"
        } else {
            "999999999999"
        };
        let mut strangers: Vec<Caller> = Vec::new();
        if let Some(c) = caller(
            &format!(
                "arn:{}:iam::{acct}:role/not-the-runtime",
                input.names.partition
            ),
            "another role in the account",
        ) {
            strangers.push(c);
        }
        if let Some(rt) = input
            .trusted_principals
            .first()
            .and_then(|p| split_role_arn(p))
        {
            if let Some(c) = caller(
                &format!(
                    "arn:{}:iam::{other_acct}:role/{}",
                    input.names.partition, rt.1
                ),
                "the runtime's role name in another account",
            ) {
                strangers.push(c);
            }
        }
        if let Some(mut c) = caller(&input.tvm.role_arn, "a TVM session (role chaining)") {
            c.principal = session_arn(&input.names, &input.tvm.role_name, &base);
            strangers.push(c);
        }
        let other = input
            .tenants
            .get(1)
            .map(|t| t.id.clone())
            .unwrap_or_else(|| "abc".into());
        for s in &strangers {
            let t = tags(Some(&other), Some(&base_tier), Some(&user));
            let (ok, req, ev) = session_created(role, trust, s, &tag_list(&t));
            if ok {
                let msg = format!(
                    "{} can assume {} and choose tenant tags (ClinicId={other})",
                    s.label, role.role_name
                );
                acc.push(finding(
                    Rule::TrustUntrustedPrincipal,
                    msg,
                    Some(s.label.clone()),
                    None,
                    None,
                    &req,
                    &ev,
                ));
            }
        }
    }

    // Siloed roles: the runtime may assume tenant T's role only with ClinicId T.
    for t in &input.tenants {
        let Some(role) = &t.siloed_role else { continue };
        let Some(trust) = &role.trust else { continue };
        let u = format!("dr@{}.example", t.id);
        for rt in &runtimes {
            let (ok, req, ev) = session_created(
                role,
                trust,
                rt,
                &tag_list(&tags(Some(&t.id), Some(&t.tier), Some(&u))),
            );
            if !ok {
                let msg = format!(
                    "{} cannot assume {}'s dedicated role {} with its own tags",
                    rt.label, t.id, role.role_name
                );
                acc.push(finding(
                    Rule::TrustRuntimeDenied,
                    msg,
                    Some(rt.label.clone()),
                    Some(t.id.clone()),
                    None,
                    &req,
                    &ev,
                ));
            }
            for other in input
                .tenants
                .iter()
                .filter(|o| o.id != t.id)
                .take(3)
                .map(|o| o.id.clone())
                .chain(["abc".to_string()])
            {
                if other == t.id {
                    continue;
                }
                let (ok, req, ev) = session_created(
                    role,
                    trust,
                    rt,
                    &tag_list(&tags(Some(&other), Some(&t.tier), Some(&u))),
                );
                if ok {
                    let msg = format!(
                        "{}'s dedicated role {} can be assumed with ClinicId={other}",
                        t.id, role.role_name
                    );
                    acc.push(finding(
                        Rule::TrustUntrustedPrincipal,
                        msg,
                        Some(rt.label.clone()),
                        Some(t.id.clone()),
                        None,
                        &req,
                        &ev,
                    ));
                }
            }
        }
    }
}
