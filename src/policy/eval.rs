//! The decision: AWS's documented evaluation logic over identity policies, a resource
//! policy, permissions boundaries, a session policy, SCPs, RCPs and VPC endpoint policies.
//!
//! AWS IAM User Guide, "Policy evaluation logic" (reference_policies_evaluation-logic.html),
//! "How AWS enforcement code logic evaluates requests" and "Cross-account policy evaluation
//! logic". In order:
//! 1. an applicable `Deny` in any policy → ExplicitlyDenied;
//! 2. RCPs: every level holds the undetachable `RCPFullAWSAccess`, so only their Denies count;
//! 3. SCPs (IAM principals): every level needs an applicable Allow;
//! 4. VPC endpoint policies, when present, need an applicable Allow;
//! 5. within one account, a resource policy that names the principal directly (its ARN, its
//!    session ARN, or `*`) allows on its own; a role ARN grant for a session is limited by the
//!    boundary and session policy; an account grant delegates to identity policies;
//! 6. otherwise identity policies must allow, within the permissions boundary and the session
//!    policy; across accounts the resource policy must allow as well.

use std::cell::OnceCell;

use super::conditions::KeySource;
use super::context::{Context, ContextValue};
use super::explain::{Decision, Evaluation, Miss, Reason, StatementRef};
use super::matching::{arn_covers, arn_intersects, arn_match, has_wildcard};
use super::model::{
    Effect, ParsedArn, PolicyDocument, PolicyKind, PrincipalEntry, ResourcePattern, Statement,
};
use super::principal::{principal_grant, Grant, Principal, PrincipalKind};
use super::service;
use super::variables::Render;

/// A policy with a name for explanations, e.g. `role/tenantctl-tvm:inline/abac`.
#[derive(Debug, Clone)]
pub struct NamedPolicy {
    pub name: String,
    pub document: PolicyDocument,
}

impl NamedPolicy {
    pub fn new(name: impl Into<String>, document: PolicyDocument) -> Self {
        NamedPolicy {
            name: name.into(),
            document,
        }
    }
}

/// Every policy that bears on one request. Shareable across threads by reference.
#[derive(Debug, Clone, Default)]
pub struct PolicySet {
    pub identity: Vec<NamedPolicy>,
    pub resource: Option<NamedPolicy>,
    /// Empty: no permissions boundary.
    pub boundaries: Vec<NamedPolicy>,
    pub session: Option<NamedPolicy>,
    /// One entry per organization level (root, OU, ..., account).
    pub scps: Vec<Vec<NamedPolicy>>,
    /// One entry per level; `RCPFullAWSAccess` is implied at every level.
    pub rcps: Vec<Vec<NamedPolicy>>,
    /// VPC endpoint policies; empty when the request does not go through an endpoint.
    pub endpoints: Vec<NamedPolicy>,
}

/// One request. `principal` is an ARN (`arn:aws:sts::1:assumed-role/r/s`, `arn:aws:iam::1:user/u`),
/// a service principal (`lambda.amazonaws.com`) or `anonymous`.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub principal: String,
    pub action: String,
    pub resource: String,
    /// The account that owns the resource; defaults to the ARN's account, else the principal's.
    pub resource_account: Option<String>,
    pub context: Context,
}

/// Evaluation switches.
#[derive(Debug, Clone, Copy, Default)]
pub struct EvalOptions {
    /// Read a `resource` containing `*` or `?` as "some resource matching this pattern":
    /// an Allow applies when its resources intersect the pattern, a Deny only when its
    /// resources cover all of it. Off: the resource is literal (AWS's view; `*` is then the
    /// resource of wildcard-only actions such as `s3:ListAllMyBuckets`).
    pub resource_is_pattern: bool,
    /// Decide only: leave `decided_by` empty and `closest_miss` unset. For callers that run
    /// millions of checks and explain only the ones that fail ([`decide`]).
    pub skip_explanation: bool,
}

/// Evaluate with default options.
pub fn evaluate(set: &PolicySet, req: &Request) -> Evaluation {
    evaluate_with(set, req, EvalOptions::default())
}

/// The decision alone, without building an explanation (the fast path for bulk checks).
pub fn decide(set: &PolicySet, req: &Request) -> Decision {
    let opts = EvalOptions {
        skip_explanation: true,
        ..EvalOptions::default()
    };
    evaluate_with(set, req, opts).decision
}

// ------------------------------------------------------------------------------------------

/// Keys derived from the request when the context does not set them.
struct Derived {
    principal_arn: Option<String>,
    principal_account: Option<String>,
    resource_account: Option<String>,
    username: Option<String>,
    principal_type: Option<String>,
    is_service: String,
}

struct Keys<'a> {
    ctx: &'a Context,
    /// Keys of this request only, read before `ctx` (see [`RequestParts::overlay`]).
    overlay: Option<&'a Context>,
    p: Principal<'a>,
    resource_account: &'a str,
    derived: OnceCell<Derived>,
}

impl Keys<'_> {
    fn derived(&self) -> &Derived {
        self.derived.get_or_init(|| {
            let p = &self.p;
            let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
            let partition = p.arn.split(':').nth(1).unwrap_or("aws");
            Derived {
                principal_arn: match p.kind {
                    PrincipalKind::AssumedRole => Some(format!(
                        "arn:{partition}:iam::{}:role/{}",
                        p.account, p.role_name
                    )),
                    PrincipalKind::Service | PrincipalKind::Anonymous => None,
                    _ => some(p.arn),
                },
                principal_account: some(p.account),
                resource_account: some(self.resource_account),
                username: (p.kind == PrincipalKind::User).then(|| p.name.to_string()),
                principal_type: match p.kind {
                    PrincipalKind::User => Some("User".into()),
                    PrincipalKind::AssumedRole | PrincipalKind::Role => Some("AssumedRole".into()),
                    PrincipalKind::FederatedUser => Some("FederatedUser".into()),
                    PrincipalKind::Root => Some("Account".into()),
                    PrincipalKind::Anonymous => Some("Anonymous".into()),
                    _ => None,
                },
                is_service: (p.kind == PrincipalKind::Service).to_string(),
            }
        })
    }
}

/// The keys [`Keys`] derives from the request itself when the context does not set them.
pub(crate) const DERIVED_KEYS: [&str; 6] = [
    "aws:principalarn",
    "aws:principalaccount",
    "aws:resourceaccount",
    "aws:username",
    "aws:principaltype",
    "aws:principalisawsservice",
];

impl KeySource for Keys<'_> {
    fn get(&self, key: &str) -> Option<(&[String], bool)> {
        let found = match self.overlay.and_then(|o| o.get_lower(key)) {
            Some(v) => Some(v),
            None => self.ctx.get_lower(key),
        };
        if let Some(v) = found {
            return Some((v.as_slice(), matches!(v, ContextValue::Multi(_))));
        }
        if !key.starts_with("aws:") || !DERIVED_KEYS.contains(&key) {
            return None;
        }
        let d = self.derived();
        let v = match key {
            "aws:principalarn" => d.principal_arn.as_ref(),
            "aws:principalaccount" => d.principal_account.as_ref(),
            "aws:resourceaccount" => d.resource_account.as_ref(),
            "aws:username" => d.username.as_ref(),
            "aws:principaltype" => d.principal_type.as_ref(),
            _ => Some(&d.is_service),
        }?;
        Some((std::slice::from_ref(v), false))
    }
}

/// What stopped a statement from applying, in the order elements are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fail {
    Action = 0,
    Resource = 1,
    Principal = 2,
    Condition = 3,
}

/// How a policy kind treats the Principal element.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PrincipalMode {
    /// Identity-side policies and SCPs: no Principal element (ignored if present).
    Ignore,
    /// Resource policies: a statement without Principal applies to nobody.
    Required,
    /// RCPs and endpoint policies: absent means everyone.
    Optional,
}

impl PrincipalMode {
    /// The mode AWS gives each policy kind's Principal element.
    fn of(kind: PolicyKind) -> Self {
        match kind {
            PolicyKind::Identity
            | PolicyKind::PermissionBoundary
            | PolicyKind::Session
            | PolicyKind::Scp => PrincipalMode::Ignore,
            PolicyKind::Resource => PrincipalMode::Required,
            PolicyKind::Rcp | PolicyKind::Endpoint => PrincipalMode::Optional,
        }
    }
}

#[derive(Clone, Copy, Debug)]
struct Loc {
    kind: PolicyKind,
    level: usize,
    policy: usize,
    stmt: usize,
}

#[derive(Default, Clone, Copy)]
struct Group {
    allow: Option<(Loc, Grant)>,
    miss: Option<(Fail, Loc)>,
}

impl Group {
    fn note_miss(&mut self, f: Fail, loc: Loc) {
        match self.miss {
            Some((best, _)) if best >= f => {}
            _ => self.miss = Some((f, loc)),
        }
    }
}

struct Ev<'a> {
    set: &'a PolicySet,
    action: &'a str,
    /// The service part of `action` (before `:`), found once per evaluation.
    action_service: &'a str,
    resource: &'a str,
    /// `resource` split into ARN segments, once per evaluation (every Resource element of
    /// every statement matches against it).
    resource_split: ([&'a str; 6], usize),
    pattern_mode: bool,
    p: Principal<'a>,
    keys: Keys<'a>,
    has_boundary: bool,
    explain: bool,
    buf: String,
}

impl<'a> Ev<'a> {
    fn policies(&self, kind: PolicyKind, level: usize) -> &'a [NamedPolicy] {
        let set = self.set;
        match kind {
            PolicyKind::Identity => &set.identity,
            PolicyKind::PermissionBoundary => &set.boundaries,
            PolicyKind::Session => set.session.as_slice(),
            PolicyKind::Resource => set.resource.as_slice(),
            PolicyKind::Scp => &set.scps[level],
            PolicyKind::Rcp => &set.rcps[level],
            PolicyKind::Endpoint => &set.endpoints,
        }
    }

    fn statement(&self, loc: Loc) -> (&'a NamedPolicy, &'a Statement) {
        let pol = &self.policies(loc.kind, loc.level)[loc.policy];
        (pol, &pol.document.statements[loc.stmt])
    }

    /// Fetch the thread's scratch buffer on first need: most decisions render nothing.
    fn scratch_ready(&mut self) {
        if self.buf.capacity() == 0 {
            self.buf = SCRATCH.with(|b| std::mem::take(&mut *b.borrow_mut()));
        }
    }

    fn action_ok(&self, st: &Statement) -> bool {
        st.matches_action(self.action, self.action_service)
    }

    /// Does one resource pattern match the request resource? `effect` matters only in
    /// pattern mode.
    fn resource_item(&mut self, item: &ResourcePattern, effect: Effect, negated: bool) -> bool {
        let pat: &str = match item {
            ResourcePattern::Static(p) if !self.pattern_mode => {
                return p.matches_split(self.resource, &self.resource_split)
            }
            ResourcePattern::Static(p) => {
                let text = p.pattern_text();
                return self.pattern_relation(&text, effect, negated);
            }
            ResourcePattern::Template(t) => {
                self.scratch_ready();
                let keys = &self.keys;
                let mut buf = std::mem::take(&mut self.buf);
                let ok = t.render(Render::Pattern, &mut buf, &|k: &str| keys.single(k));
                self.buf = buf;
                if !ok {
                    // AWS: a variable with no value makes the element match nothing.
                    return false;
                }
                &self.buf
            }
        };
        if self.pattern_mode {
            let text = pat.to_string();
            self.pattern_relation(&text, effect, negated)
        } else {
            arn_match(pat, self.resource)
        }
    }

    /// Pattern mode: for an Allow, `Resource` needs an intersection and `NotResource` must
    /// leave part of the request pattern uncovered; for a Deny, `Resource` must cover the
    /// whole pattern and `NotResource` must not intersect it. Returns "the item matches" in
    /// the sense the caller negates for NotResource.
    fn pattern_relation(&self, pat: &str, effect: Effect, negated: bool) -> bool {
        let req = self.resource;
        match (effect, negated) {
            (Effect::Allow, false) => arn_intersects(pat, req),
            (Effect::Allow, true) => arn_covers(pat, req),
            (Effect::Deny, false) => arn_covers(pat, req),
            (Effect::Deny, true) => arn_intersects(pat, req),
        }
    }

    fn resource_ok(&mut self, st: &Statement) -> bool {
        let Some(res) = &st.resources else {
            return true;
        };
        let negated = res.negated;
        let mut any = false;
        for item in &res.items {
            if self.resource_item(item, st.effect, negated) {
                any = true;
                break;
            }
        }
        any != negated
    }

    fn check(&mut self, st: &Statement, mode: PrincipalMode) -> Result<Grant, Fail> {
        if !self.action_ok(st) {
            return Err(Fail::Action);
        }
        if !self.resource_ok(st) {
            return Err(Fail::Resource);
        }
        let grant = match (mode, &st.principal) {
            (PrincipalMode::Ignore, _) | (PrincipalMode::Optional, None) => Grant::Wildcard,
            (PrincipalMode::Required, None) => return Err(Fail::Principal),
            (_, Some(spec)) => {
                principal_grant(spec, &self.p, st.effect == Effect::Deny, self.has_boundary)
                    .ok_or(Fail::Principal)?
            }
        };
        if !st.conditions.is_empty() {
            self.scratch_ready();
        }
        let (keys, buf) = (&self.keys, &mut self.buf);
        for c in &st.conditions {
            if !c.eval(keys, buf) {
                return Err(Fail::Condition);
            }
        }
        Ok(grant)
    }

    /// Scan one policy kind (one level): Denies into `denies`; returns the best Allow and
    /// the closest miss.
    fn scan(&mut self, kind: PolicyKind, level: usize, denies: &mut Vec<Loc>) -> Group {
        let mode = PrincipalMode::of(kind);
        let mut group = Group::default();
        let policies = self.policies(kind, level);
        // A resource policy keeps looking for a stronger grant; others stop at one Allow.
        let want_best = kind == PolicyKind::Resource;
        for (pi, pol) in policies.iter().enumerate() {
            for (si, st) in pol.document.statements.iter().enumerate() {
                let loc = Loc {
                    kind,
                    level,
                    policy: pi,
                    stmt: si,
                };
                if st.effect == Effect::Allow {
                    if let Some((_, g)) = group.allow {
                        if !want_best || g == Grant::Direct {
                            continue;
                        }
                    }
                }
                match self.check(st, mode) {
                    Ok(g) => match st.effect {
                        Effect::Deny => denies.push(loc),
                        Effect::Allow => {
                            if group.allow.is_none_or(|(_, old)| g > old) {
                                group.allow = Some((loc, g));
                            }
                        }
                    },
                    Err(f) => {
                        if st.effect == Effect::Allow {
                            group.note_miss(f, loc);
                        }
                    }
                }
            }
        }
        group
    }

    fn sref(&self, loc: Loc) -> StatementRef {
        let (pol, st) = self.statement(loc);
        StatementRef {
            policy: pol.name.clone(),
            kind: loc.kind,
            index: loc.stmt,
            sid: st.sid.clone(),
            effect: st.effect,
        }
    }

    fn push_ref(&self, by: &mut Vec<StatementRef>, loc: Loc) {
        if self.explain {
            by.push(self.sref(loc));
        }
    }

    fn miss(&mut self, m: Option<(Fail, Loc)>) -> Option<Miss> {
        if !self.explain {
            return None;
        }
        let (fail, loc) = m?;
        let (_, st) = self.statement(loc);
        let (element, detail) = self.describe(st, fail);
        Some(Miss {
            statement: self.sref(loc),
            element,
            detail,
        })
    }

    fn describe(&mut self, st: &Statement, fail: Fail) -> (String, String) {
        match fail {
            Fail::Action => {
                let list: Vec<&str> = st.actions.items.iter().map(|a| a.raw.as_str()).collect();
                if st.actions.negated {
                    (
                        "NotAction".into(),
                        format!("{} is excluded by NotAction {:?}", self.action, list),
                    )
                } else {
                    (
                        "Action".into(),
                        format!("{} is not matched by {:?}", self.action, list),
                    )
                }
            }
            Fail::Resource => {
                let res = st
                    .resources
                    .as_ref()
                    .expect("resource failure needs a Resource element");
                let mut shown = Vec::new();
                for (item, raw) in res.items.iter().zip(&st.raw_resources) {
                    match item {
                        ResourcePattern::Static(_) => shown.push(raw.clone()),
                        ResourcePattern::Template(t) => {
                            let keys = &self.keys;
                            let mut b = String::new();
                            if t.render(Render::Plain, &mut b, &|k: &str| keys.single(k)) {
                                shown.push(format!("{raw} => {b}"));
                            } else {
                                let vars: Vec<&str> = t.variables().collect();
                                shown.push(format!(
                                    "{raw} (policy variable ${{{}}} has no value)",
                                    vars.join("}, ${")
                                ));
                            }
                        }
                    }
                }
                if res.negated {
                    (
                        "NotResource".into(),
                        format!("{} is excluded by NotResource {:?}", self.resource, shown),
                    )
                } else {
                    (
                        "Resource".into(),
                        format!("{} is not matched by {:?}", self.resource, shown),
                    )
                }
            }
            Fail::Principal => match &st.principal {
                None => (
                    "Principal".into(),
                    "resource-policy statement has no Principal element: it applies to nobody"
                        .into(),
                ),
                Some(spec) => {
                    let names: Vec<String> = spec.entries.iter().map(entry_text).collect();
                    if spec.negated {
                        (
                            "NotPrincipal".into(),
                            format!("{} is excluded by NotPrincipal {:?}", self.p.arn, names),
                        )
                    } else {
                        (
                            "Principal".into(),
                            format!("{} is not named by {:?}", self.p.arn, names),
                        )
                    }
                }
            },
            Fail::Condition => {
                let detail = st
                    .conditions
                    .iter()
                    .find(|c| !c.eval(&self.keys, &mut String::new()))
                    .map(|c| c.explain_failure(&self.keys))
                    .unwrap_or_else(|| "condition failed".into());
                ("Condition".into(), detail)
            }
        }
    }
}

fn entry_text(e: &PrincipalEntry) -> String {
    match e {
        PrincipalEntry::Any => "*".into(),
        PrincipalEntry::Account(a) => a.clone(),
        PrincipalEntry::Role { account, name } => format!("role {name} in {account}"),
        PrincipalEntry::Arn(a) | PrincipalEntry::Service(a) | PrincipalEntry::Other(a) => a.clone(),
    }
}

fn done(
    decision: Decision,
    reason: Reason,
    decided_by: Vec<StatementRef>,
    closest_miss: Option<Miss>,
) -> Evaluation {
    Evaluation {
        decision,
        decided_by,
        closest_miss,
        reason,
    }
}

thread_local! {
    /// Scratch space for policy-variable rendering, reused across evaluations on a thread.
    static SCRATCH: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// The scratch buffer goes back to the thread for the next evaluation.
impl Drop for Ev<'_> {
    fn drop(&mut self) {
        if self.buf.capacity() > 0 {
            let b = std::mem::take(&mut self.buf);
            SCRATCH.with(|s| *s.borrow_mut() = b);
        }
    }
}

/// A request principal classified once, for deciding many requests of one session.
#[derive(Debug, Clone, Copy)]
pub struct PreparedPrincipal<'a>(Principal<'a>);

impl<'a> PreparedPrincipal<'a> {
    pub fn new(principal: &'a str) -> Self {
        PreparedPrincipal(Principal::classify(principal))
    }
}

/// Byte range of a part of [`PreparedResource::text`].
type Span = (u32, u32);

/// A request resource parsed once (split into ARN segments, service and account found), for
/// deciding many requests on it: every session's request for one tenant's object.
#[derive(Debug, Clone)]
pub struct PreparedResource {
    text: String,
    account: Option<String>,
    split: ([Span; 6], usize),
    arn: Option<[Span; 3]>,
}

/// The parsed views of a resource that one evaluation reads.
#[derive(Clone, Copy)]
struct ResourceView<'a> {
    text: &'a str,
    /// The account that owns it, as the caller gave it (`Request::resource_account`).
    account: Option<&'a str>,
    split: ([&'a str; 6], usize),
    arn: Option<ParsedArn<'a>>,
}

impl<'a> ResourceView<'a> {
    fn parse(text: &'a str, account: Option<&'a str>) -> Self {
        ResourceView {
            text,
            account,
            split: super::matching::split_request_arn(text),
            arn: ParsedArn::parse(text),
        }
    }
}

impl PreparedResource {
    /// `resource` as in [`Request::resource`], `account` as in [`Request::resource_account`].
    pub fn new(resource: &str, account: Option<&str>) -> Self {
        let view = ResourceView::parse(resource, None);
        // Sub-slices of `resource`, kept as offsets so the struct owns its text.
        let span = |part: &str| {
            let start = part.as_ptr() as usize - resource.as_ptr() as usize;
            (start as u32, (start + part.len()) as u32)
        };
        // Only the first `n` segments are slices of `resource`; the rest are empty literals.
        let (parts, n) = view.split;
        let mut split = [(0, 0); 6];
        for (to, part) in split.iter_mut().zip(&parts).take(n) {
            *to = span(part);
        }
        PreparedResource {
            text: resource.to_string(),
            account: account.map(str::to_string),
            split: (split, n),
            arn: view
                .arn
                .map(|a| [span(a.service), span(a.account), span(a.resource)]),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    fn view(&self) -> ResourceView<'_> {
        let part = |(a, b): Span| &self.text[a as usize..b as usize];
        ResourceView {
            text: &self.text,
            account: self.account.as_deref(),
            split: (self.split.0.map(part), self.split.1),
            arn: self.arn.map(|[s, a, r]| ParsedArn {
                service: part(s),
                account: part(a),
                resource: part(r),
            }),
        }
    }
}

/// A request in pre-parsed parts, for callers that decide millions of them ([`decide_parts`]):
/// the principal is classified once per session, the resource parsed once per resource, and
/// the request's own keys sit in a small `overlay` instead of being inserted into and removed
/// from the session's context for every request.
#[derive(Clone, Copy)]
pub struct RequestParts<'a> {
    pub principal: PreparedPrincipal<'a>,
    pub action: &'a str,
    pub resource: &'a PreparedResource,
    pub context: &'a Context,
    /// Keys of this request only; a key here hides the same key in `context`.
    pub overlay: Option<&'a Context>,
}

/// [`decide`] for a request in pre-parsed parts: the same decision as for the equivalent
/// [`Request`] (the principal, action and resource, and `context` with `overlay`'s keys set).
///
/// ```
/// use tenantctl::policy::*;
/// let doc = PolicyDocument::parse(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
///   "Action":"s3:ListBucket","Resource":"arn:aws:s3:::b",
///   "Condition":{"StringLike":{"s3:prefix":"${aws:PrincipalTag/ClinicId}/*"}}}]}"#).unwrap();
/// let set = PolicySet { identity: vec![NamedPolicy::new("abac", doc)], ..Default::default() };
/// let session = Context::new().with("aws:PrincipalTag/ClinicId", "clinic-a");
/// let fast = set.specialize(&session, &["s3:prefix"]).for_action("s3:ListBucket");
/// let principal = PreparedPrincipal::new("arn:aws:sts::111122223333:assumed-role/tvm/u1");
/// let bucket = PreparedResource::new("arn:aws:s3:::b", Some("111122223333"));
/// for (prefix, want) in [("clinic-a/x", Decision::Allowed), ("clinic-b/x", Decision::ImplicitlyDenied)] {
///     let overlay = Context::new().with("s3:prefix", prefix);
///     let parts = RequestParts { principal, action: "s3:ListBucket", resource: &bucket,
///         context: &session, overlay: Some(&overlay) };
///     assert_eq!(decide_parts(&fast, &parts), want);
/// }
/// ```
pub fn decide_parts(set: &PolicySet, parts: &RequestParts) -> Decision {
    let opts = EvalOptions {
        skip_explanation: true,
        ..EvalOptions::default()
    };
    run(
        set,
        parts.principal.0,
        parts.action,
        parts.resource.view(),
        parts.context,
        parts.overlay,
        opts,
    )
    .decision
}

/// Evaluate one request against a policy set.
pub fn evaluate_with(set: &PolicySet, req: &Request, opts: EvalOptions) -> Evaluation {
    run(
        set,
        Principal::classify(&req.principal),
        &req.action,
        ResourceView::parse(&req.resource, req.resource_account.as_deref()),
        &req.context,
        None,
        opts,
    )
}

/// The steps of the module docs in order: explicit Deny, protected resources, the SCP and
/// endpoint gates, then the resource policy alone for callers outside IAM, else the identity
/// side and the resource policy combined as the accounts of principal and resource require.
fn run(
    set: &PolicySet,
    p: Principal,
    action: &str,
    resource: ResourceView,
    context: &Context,
    overlay: Option<&Context>,
    opts: EvalOptions,
) -> Evaluation {
    if service::no_permission_needed(action) {
        return done(
            Decision::Allowed,
            Reason::NoPermissionNeeded,
            Vec::new(),
            None,
        );
    }
    let resource_arn = resource.arn;
    let mut ev = Ev::new(set, p, action, resource, context, overlay, opts);
    let scanned = ev.scan_all();
    if let Some(denied) = ev.explicit_deny(&scanned.denies) {
        return denied;
    }
    if service::protected(action, resource_arn.as_ref()) {
        return done(
            Decision::ImplicitlyDenied,
            Reason::ProtectedResource,
            Vec::new(),
            None,
        );
    }
    let mut by: Vec<StatementRef> = Vec::new();
    if let Some(denied) = ev.organization_and_endpoint_gates(&scanned, &mut by) {
        return denied;
    }
    if !ev.p.is_iam() {
        return ev.resource_policy_alone(&scanned.resource, by);
    }
    let gates = Gates::new(&ev, &scanned, resource_arn.as_ref());
    let decided = if gates.same_account {
        ev.same_account(&scanned, &gates, by)
    } else {
        ev.cross_account(&scanned, &gates, by)
    };
    decided.unwrap_or_else(|| ev.implicit_deny(&scanned, &gates))
}

/// What one pass over every policy of the set found: the applicable Denies, and for each
/// layer the best Allow and the closest miss.
#[derive(Default)]
struct Scanned {
    denies: Vec<Loc>,
    identity: Group,
    boundary: Group,
    session: Group,
    resource: Group,
    endpoint: Group,
    /// One per SCP level; empty for callers SCPs do not govern.
    scps: Vec<Group>,
}

/// The identity-side gates of an IAM principal, and the account relation that decides how
/// they combine with the resource policy.
struct Gates {
    /// No permissions boundary, or the boundary allows.
    boundary_ok: bool,
    /// No session policy, or the session policy allows.
    session_ok: bool,
    /// Identity policies allow and neither the boundary nor the session policy stops them.
    identity_side: bool,
    same_account: bool,
    /// The service also needs the resource policy to allow (KMS key policies, role trust).
    rp_required: bool,
}

impl Gates {
    /// Only for IAM principals: other callers never reach the identity-side gates.
    fn new(ev: &Ev, s: &Scanned, resource_arn: Option<&ParsedArn>) -> Self {
        let boundary_ok = !ev.has_boundary || s.boundary.allow.is_some();
        let session_ok = ev.set.session.is_none() || s.session.allow.is_some();
        Gates {
            boundary_ok,
            session_ok,
            identity_side: s.identity.allow.is_some() && boundary_ok && session_ok,
            same_account: !ev.p.account.is_empty() && ev.p.account == ev.keys.resource_account,
            rp_required: service::requires_resource_policy(ev.action, resource_arn),
        }
    }
}

/// The account that owns the resource: the caller's word, else the resource ARN's account
/// (not `aws`, which marks AWS-owned resources), else the principal's own account.
fn owning_account<'a>(resource: &ResourceView<'a>, p: &Principal<'a>) -> &'a str {
    resource
        .account
        .filter(|s| !s.is_empty())
        .or_else(|| {
            resource
                .arn
                .as_ref()
                .map(|a| a.account)
                .filter(|a| !a.is_empty() && *a != "aws")
        })
        .unwrap_or(p.account)
}

impl<'a> Ev<'a> {
    /// The evaluator for one request; the resource is parsed once here because every
    /// statement's Resource element matches against it.
    fn new(
        set: &'a PolicySet,
        p: Principal<'a>,
        action: &'a str,
        resource: ResourceView<'a>,
        context: &'a Context,
        overlay: Option<&'a Context>,
        opts: EvalOptions,
    ) -> Self {
        Ev {
            set,
            action,
            action_service: service::of_action(action),
            resource: resource.text,
            resource_split: resource.split,
            pattern_mode: opts.resource_is_pattern && has_wildcard(resource.text),
            p,
            keys: Keys {
                ctx: context,
                overlay,
                p,
                resource_account: owning_account(&resource, &p),
                derived: OnceCell::new(),
            },
            has_boundary: p.is_iam() && !set.boundaries.is_empty(),
            explain: !opts.skip_explanation,
            buf: String::new(),
        }
    }

    /// Scan every policy once, in the order Denies are reported. Identity-side policies and
    /// SCPs bear only on IAM principals.
    fn scan_all(&mut self) -> Scanned {
        let mut s = Scanned::default();
        let iam = self.p.is_iam();
        if iam {
            s.identity = self.scan(PolicyKind::Identity, 0, &mut s.denies);
            s.boundary = self.scan(PolicyKind::PermissionBoundary, 0, &mut s.denies);
            s.session = self.scan(PolicyKind::Session, 0, &mut s.denies);
        }
        s.resource = self.scan(PolicyKind::Resource, 0, &mut s.denies);
        // SCPs govern the IAM principals of member accounts, not anonymous callers or services.
        if iam {
            for level in 0..self.set.scps.len() {
                let g = self.scan(PolicyKind::Scp, level, &mut s.denies);
                s.scps.push(g);
            }
        }
        // RCPs apply to every caller of a member account's resources (they exempt only the
        // management account and service-linked roles, which a request here does not model).
        // Their Allows never matter: `RCPFullAWSAccess` allows at every level.
        for level in 0..self.set.rcps.len() {
            self.scan(PolicyKind::Rcp, level, &mut s.denies);
        }
        s.endpoint = self.scan(PolicyKind::Endpoint, 0, &mut s.denies);
        s
    }

    /// Rule 1: an applicable Deny in any policy decides, whatever else allows.
    fn explicit_deny(&self, denies: &[Loc]) -> Option<Evaluation> {
        if denies.is_empty() {
            return None;
        }
        let by = if self.explain {
            denies.iter().map(|l| self.sref(*l)).collect()
        } else {
            Vec::new()
        };
        Some(done(
            Decision::ExplicitlyDenied,
            Reason::ExplicitDeny,
            by,
            None,
        ))
    }

    /// Every SCP level, and the endpoint policies when the request goes through an endpoint,
    /// must hold an applicable Allow; those Allows join `by`. `None`: all gates open.
    fn organization_and_endpoint_gates(
        &mut self,
        s: &Scanned,
        by: &mut Vec<StatementRef>,
    ) -> Option<Evaluation> {
        for (level, g) in s.scps.iter().enumerate() {
            let Some((loc, _)) = g.allow else {
                let m = self.miss(g.miss);
                let reason = Reason::ScpNoAllow(level);
                return Some(done(Decision::ImplicitlyDenied, reason, Vec::new(), m));
            };
            self.push_ref(by, loc);
        }
        if !self.set.endpoints.is_empty() {
            let Some((loc, _)) = s.endpoint.allow else {
                let m = self.miss(s.endpoint.miss);
                let reason = Reason::EndpointNoAllow;
                return Some(done(Decision::ImplicitlyDenied, reason, Vec::new(), m));
            };
            self.push_ref(by, loc);
        }
        None
    }

    /// Callers outside IAM (anonymous, services) have no identity policies: only a resource
    /// policy that names them, or everyone, lets them in.
    fn resource_policy_alone(&mut self, res: &Group, mut by: Vec<StatementRef>) -> Evaluation {
        match res.allow {
            Some((loc, Grant::Wildcard | Grant::Direct)) => {
                self.push_ref(&mut by, loc);
                done(Decision::Allowed, Reason::ResourceAllow, by, None)
            }
            _ => {
                let m = self.miss(res.miss);
                done(Decision::ImplicitlyDenied, Reason::NoAllow, Vec::new(), m)
            }
        }
    }

    /// Within one account: a resource policy that names the principal can allow on its own;
    /// otherwise the identity side decides, unless the service needs the resource policy too.
    /// `None`: nothing allowed.
    fn same_account(
        &mut self,
        s: &Scanned,
        gates: &Gates,
        mut by: Vec<StatementRef>,
    ) -> Option<Evaluation> {
        if let Some((loc, g)) = s.resource.allow {
            // A grant to the role ARN, used by a session, is limited by the boundary and the
            // session policy; a grant to the account delegates to identity policies.
            let alone = match g {
                Grant::Direct | Grant::Wildcard => true,
                Grant::Role => gates.boundary_ok && gates.session_ok,
                Grant::Account => false,
            };
            if alone {
                self.push_ref(&mut by, loc);
                return Some(done(Decision::Allowed, Reason::ResourceAllow, by, None));
            }
        }
        if gates.rp_required && s.resource.allow.is_none() {
            let m = self.miss(s.resource.miss);
            let reason = Reason::ResourcePolicyRequired;
            return Some(done(Decision::ImplicitlyDenied, reason, Vec::new(), m));
        }
        if !gates.identity_side {
            return None;
        }
        self.push_identity_allows(s, &mut by);
        if let Some((loc, _)) = s.resource.allow {
            self.push_ref(&mut by, loc);
        }
        let reason = if gates.rp_required {
            Reason::IdentityAndResourceAllow
        } else {
            Reason::IdentityAllow
        };
        Some(done(Decision::Allowed, reason, by, None))
    }

    /// Across accounts both sides must allow: the identity side in the caller's account and
    /// the resource policy in the owner's. `None`: neither side allowed, or only the
    /// identity side without its boundary or session policy (left to [`Self::implicit_deny`]).
    fn cross_account(
        &mut self,
        s: &Scanned,
        gates: &Gates,
        mut by: Vec<StatementRef>,
    ) -> Option<Evaluation> {
        let (reason, miss) = match (gates.identity_side, s.resource.allow) {
            (true, Some((loc, _))) => {
                self.push_identity_allows(s, &mut by);
                self.push_ref(&mut by, loc);
                let reason = Reason::IdentityAndResourceAllow;
                return Some(done(Decision::Allowed, reason, by, None));
            }
            (true, None) => (Reason::CrossAccountResourceNoAllow, s.resource.miss),
            (false, Some(_)) if s.identity.allow.is_none() => {
                (Reason::CrossAccountIdentityNoAllow, s.identity.miss)
            }
            _ => return None,
        };
        let m = self.miss(miss);
        Some(done(Decision::ImplicitlyDenied, reason, Vec::new(), m))
    }

    /// No layer allowed: say which gate closed, with the closest miss behind it.
    fn implicit_deny(&mut self, s: &Scanned, gates: &Gates) -> Evaluation {
        let identity_allows = s.identity.allow.is_some();
        let (reason, miss) = if identity_allows && !gates.boundary_ok {
            (Reason::BoundaryNoAllow, s.boundary.miss)
        } else if identity_allows && !gates.session_ok {
            (Reason::SessionNoAllow, s.session.miss)
        } else if !gates.same_account && identity_allows {
            (Reason::CrossAccountResourceNoAllow, s.resource.miss)
        } else {
            // Closest of the identity and resource-policy statements.
            let best = match (s.identity.miss, s.resource.miss) {
                (Some(a), Some(b)) => Some(if b.0 > a.0 { b } else { a }),
                (a, b) => a.or(b),
            };
            (Reason::NoAllow, best)
        };
        let m = self.miss(miss);
        done(Decision::ImplicitlyDenied, reason, Vec::new(), m)
    }

    /// The identity, boundary and session Allows that let the identity side through.
    fn push_identity_allows(&self, s: &Scanned, by: &mut Vec<StatementRef>) {
        for g in [&s.identity, &s.boundary, &s.session] {
            if let Some((loc, _)) = g.allow {
                self.push_ref(by, loc);
            }
        }
    }
}
