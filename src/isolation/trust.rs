//! Trust and session lint: who may mint a tenant session, with which tags. Evaluated with the
//! same engine, treating the trust policy as the role's resource policy (AWS requires the
//! trust policy to allow `sts:AssumeRole`, and `sts:TagSession` when tags are passed).

use crate::naming::{TAG_CLINIC_ID, TAG_TIER, TAG_USER_ID};
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
        v.push((TAG_TIER, x.clone()));
    }
    if let Some(x) = &t.clinic {
        v.push((TAG_CLINIC_ID, x.clone()));
    }
    if let Some(x) = &t.user {
        v.push((TAG_USER_ID, x.clone()));
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
    let b = Base::of(input);
    if let Some(trust) = &input.tvm.trust {
        let lint = Lint {
            role: &input.tvm,
            trust,
            acc,
        };
        tvm_trust(input, &b, lint);
    }
    for t in &input.tenants {
        let Some(role) = &t.siloed_role else { continue };
        let Some(trust) = &role.trust else { continue };
        siloed_trust(input, &b, t, Lint { role, trust, acc });
    }
}

/// The well-formed session the lint varies: the first tenant (or a stand-in), its tier and a
/// user; and the configured runtimes as callers.
struct Base {
    tenant: String,
    tier: String,
    user: String,
    runtimes: Vec<Caller>,
}

impl Base {
    fn of(input: &IsolationInput) -> Base {
        let first_tier = input
            .tiers
            .first()
            .map(|(t, _)| t.clone())
            .unwrap_or_else(|| "basic".into());
        let first = input.tenants.first();
        let tenant = first
            .map(|t| t.id.clone())
            .unwrap_or_else(|| "clinic-a".into());
        Base {
            user: format!("dr@{tenant}.example"),
            tier: first.map(|t| t.tier.clone()).unwrap_or(first_tier),
            runtimes: input
                .trusted_principals
                .iter()
                .filter_map(|p| caller(p, &format!("runtime {p}")))
                .collect(),
            tenant,
        }
    }

    /// The base session with some tags replaced (`Some(None)`: the tag is absent).
    fn with(
        &self,
        clinic: Option<Option<&str>>,
        tier: Option<Option<&str>>,
        user: Option<Option<&str>>,
    ) -> Tags {
        tags(
            clinic.unwrap_or(Some(&self.tenant)),
            tier.unwrap_or(Some(&self.tier)),
            user.unwrap_or(Some(&self.user)),
        )
    }
}

/// One trust policy being linted, and where its findings go.
struct Lint<'a, 'b> {
    role: &'a RoleUnderTest,
    trust: &'a NamedPolicy,
    acc: &'b mut Accumulator,
}

impl Lint<'_, '_> {
    /// A `rule` finding when `c` creating a session with `tags` comes out `created` (the
    /// unwanted outcome); `msg` says what happened.
    fn when(
        &mut self,
        c: &Caller,
        tags: &[(&str, String)],
        created: bool,
        rule: Rule,
        target: Option<&str>,
        msg: impl FnOnce() -> String,
    ) {
        let (ok, req, ev) = session_created(self.role, self.trust, c, tags);
        if ok == created {
            self.acc.push(finding(
                rule,
                msg(),
                Some(c.label.clone()),
                target.map(str::to_string),
                None,
                &req,
                &ev,
            ));
        }
    }
}

/// Sessions missing a tag or with an empty one: the trust must refuse each.
fn broken_sessions(b: &Base) -> Vec<(String, Tags)> {
    vec![
        ("no session tags at all".into(), tags(None, None, None)),
        ("no ClinicId tag".into(), b.with(Some(None), None, None)),
        ("no Tier tag".into(), b.with(None, Some(None), None)),
        ("no UserId tag".into(), b.with(None, None, Some(None))),
        (
            "empty ClinicId tag".into(),
            b.with(Some(Some("")), None, None),
        ),
        ("empty Tier tag".into(), b.with(None, Some(Some("")), None)),
        (
            "empty UserId tag".into(),
            b.with(None, None, Some(Some(""))),
        ),
    ]
}

/// Sessions with malformed values or an unknown tier: the trust should refuse each.
fn malformed_sessions(b: &Base) -> Vec<(String, Tags)> {
    let base = &b.tenant;
    let q = format!("{}?", &base[..base.len() - 1]);
    let upper = base.to_uppercase();
    let slash = format!("{base}/x");
    let space = format!("{base} x");
    let clinic = |v: &str| b.with(Some(Some(v)), None, None);
    vec![
        (
            "unknown tier \"gold\"".into(),
            b.with(None, Some(Some("gold")), None),
        ),
        ("Tier '*'".into(), b.with(None, Some(Some("*")), None)),
        (format!("upper-case ClinicId {upper:?}"), clinic(&upper)),
        ("ClinicId with '/'".into(), clinic(&slash)),
        ("ClinicId '*'".into(), clinic("*")),
        (format!("ClinicId with '?' {q:?}"), clinic(&q)),
        ("ClinicId with a space".into(), clinic(&space)),
        (
            "ClinicId carrying a policy variable".into(),
            clinic("${aws:username}"),
        ),
        (
            "UserId with '/'".into(),
            b.with(None, None, Some(Some("a/b"))),
        ),
        ("UserId '*'".into(), b.with(None, None, Some(Some("*")))),
    ]
}

/// Principals that are not the runtime: another role, the runtime's name in another
/// account, and a TVM session re-assuming the TVM to pick another tenant's tags.
fn strangers(input: &IsolationInput, b: &Base) -> Vec<Caller> {
    let acct = input.names.account.clone();
    let other_acct = if acct == "999999999999" {
        "888888888888"
    } else {
        "999999999999"
    };
    let partition = &input.names.partition;
    let mut out: Vec<Caller> = Vec::new();
    out.extend(caller(
        &format!("arn:{partition}:iam::{acct}:role/not-the-runtime"),
        "another role in the account",
    ));
    if let Some((_, name)) = input
        .trusted_principals
        .first()
        .and_then(|p| split_role_arn(p))
    {
        out.extend(caller(
            &format!("arn:{partition}:iam::{other_acct}:role/{name}"),
            "the runtime's role name in another account",
        ));
    }
    if let Some(mut c) = caller(&input.tvm.role_arn, "a TVM session (role chaining)") {
        c.principal = session_arn(&input.names, &input.tvm.role_name, &b.tenant);
        out.push(c);
    }
    out
}

/// The TVM's trust: the runtime gets well-formed sessions and nothing else; nobody else
/// gets one.
fn tvm_trust(input: &IsolationInput, b: &Base, mut l: Lint) {
    let name = l.role.role_name.clone();
    let good = tag_list(&b.with(None, None, None));
    for rt in &b.runtimes {
        l.when(rt, &good, false, Rule::TrustRuntimeDenied, None, || {
            format!(
                "{} cannot assume {name} with well-formed tags (Tier={}, ClinicId={})",
                rt.label, b.tier, b.tenant
            )
        });
        for (rule, sessions) in [
            (Rule::TrustUntaggedSession, broken_sessions(b)),
            (Rule::TrustMalformedTag, malformed_sessions(b)),
        ] {
            for (what, t) in sessions {
                l.when(rt, &tag_list(&t), true, rule, None, || {
                    format!("{} can assume {name} with {what}", rt.label)
                });
            }
        }
        let mut extra = good.clone();
        extra.push(("Admin", "true".into()));
        l.when(rt, &extra, true, Rule::TrustMalformedTag, None, || {
            format!(
                "{} can assume {name} with an extra session tag key (Admin)",
                rt.label
            )
        });
    }
    let other = input
        .tenants
        .get(1)
        .map(|t| t.id.clone())
        .unwrap_or_else(|| "abc".into());
    let chosen = tag_list(&b.with(Some(Some(&other)), None, None));
    for s in strangers(input, b) {
        l.when(
            &s,
            &chosen,
            true,
            Rule::TrustUntrustedPrincipal,
            None,
            || {
                format!(
                    "{} can assume {name} and choose tenant tags (ClinicId={other})",
                    s.label
                )
            },
        );
    }
}

/// A siloed tenant's role: the runtime may assume it only with that tenant's ClinicId.
fn siloed_trust(input: &IsolationInput, b: &Base, t: &super::TenantEntry, mut l: Lint) {
    let name = l.role.role_name.clone();
    let u = format!("dr@{}.example", t.id);
    let others: Vec<String> = input
        .tenants
        .iter()
        .filter(|o| o.id != t.id)
        .take(3)
        .map(|o| o.id.clone())
        .chain(["abc".to_string()])
        .filter(|o| *o != t.id)
        .collect();
    for rt in &b.runtimes {
        let own = tag_list(&tags(Some(&t.id), Some(&t.tier), Some(&u)));
        l.when(
            rt,
            &own,
            false,
            Rule::TrustRuntimeDenied,
            Some(&t.id),
            || {
                format!(
                    "{} cannot assume {}'s dedicated role {name} with its own tags",
                    rt.label, t.id
                )
            },
        );
        for other in &others {
            let theirs = tag_list(&tags(Some(other), Some(&t.tier), Some(&u)));
            l.when(
                rt,
                &theirs,
                true,
                Rule::TrustUntrustedPrincipal,
                Some(&t.id),
                || {
                    format!(
                        "{}'s dedicated role {name} can be assumed with ClinicId={other}",
                        t.id
                    )
                },
            );
        }
    }
}
