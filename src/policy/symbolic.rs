//! "Is ANY request of this shape allowed?" — the question behind the isolation proof, decided
//! over every resource of a region and every value of every condition key the caller controls.
//!
//! A [`Question`] fixes the principal, the session's own keys (its context) and a list of
//! actions, and names the region of resources (and, optionally, of one condition key) asked
//! about. Everything else a policy tests is an unknown: the resource inside its region, and
//! every condition key the policies mention that the context does not set (`s3:prefix`,
//! `s3:ExistingObjectTag/...`, `aws:ResourceTag/...`, `dynamodb:LeadingKeys`, `aws:SourceIp`,
//! `aws:SecureTransport`, ...), including "the key is absent".
//!
//! For each unknown, [`regions::classes`] gives one value per class of values the policies
//! cannot tell apart (strings), or the points where a numeric, date or IP comparison can
//! change (typed keys); sets of them for multivalued keys. Every combination is then decided
//! by the concrete evaluator, so an allowed combination is a concrete, replayable witness, and
//! when none is allowed nothing in the region is — unless the search says it was not exact
//! (a policy variable whose value the caller controls inside a pattern, a key compared both
//! as a string and as a number, too many combinations), which the caller must report.

use std::collections::BTreeMap;

use super::conditions::{Base, Condition, SetQualifier, Value as PValue};
use super::context::{Context, ContextValue};
use super::eval::{decide, NamedPolicy, PolicySet, Request, DERIVED_KEYS};
use super::explain::Decision;
use super::matching::ArnPattern;
use super::model::{ResourcePattern, Statement};
use super::regions::{classes, Atom, Region};
use super::service;
use super::variables::{Part as TPart, Render, Template};

/// Combinations decided per action before the question is given up as not exact.
const MAX_COMBINATIONS: usize = 4096;
/// Values of a multivalued key combined into sets, at most.
const MAX_SET_MEMBERS: usize = 5;

/// A dimension of the request: the resource, or one condition key (lowercase).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dim {
    Resource,
    Key(String),
}

/// One value of a dimension in a witness.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Absent,
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Clone)]
pub struct Choice {
    pub value: Value,
    /// Inside the region asked about for this dimension.
    pub inside: bool,
}

/// What to ask.
pub struct Question<'a> {
    pub principal: &'a str,
    pub resource_account: Option<&'a str>,
    /// The session's fixed keys.
    pub context: &'a Context,
    pub actions: &'a [&'a str],
    /// Resources asked about.
    pub resource: &'a Region,
    /// The condition key asked about (lowercase) and its region, when the namespace is a key
    /// (`s3:prefix`, `dynamodb:LeadingKeys`, ...); `absent_counts`: a request without the key
    /// counts as reaching the namespace (it names no tenant, so it reaches every tenant).
    pub key: Option<(&'a str, &'a Region, bool)>,
    /// Keys (lowercase) the principal determines: absent from `context` means absent, not
    /// unknown (a session's missing tag).
    pub fixed: fn(&str) -> bool,
}

/// The answer for one action.
#[derive(Debug, Clone)]
pub struct Answer {
    pub action: String,
    /// An allowed request inside the region: the witness.
    pub witness: Option<Request>,
    /// Requests decided.
    pub tried: u64,
}

/// The answers, and why the search was not exact (empty when it was: then an action without a
/// witness is proven denied everywhere in the region).
#[derive(Debug, Clone, Default)]
pub struct Search {
    pub answers: Vec<Answer>,
    pub not_exact: Vec<String>,
}

/// Unknowns of one dimension, as collected from the statements.
#[derive(Default)]
struct Unknown {
    atoms: Vec<Atom>,
    typed: Vec<String>,
    /// Numeric and date (epoch seconds) constants: the number line changes only at them.
    points: Vec<f64>,
    strings: bool,
    multi: bool,
}

struct Collect<'a> {
    context: &'a Context,
    fixed: fn(&str) -> bool,
    dims: BTreeMap<Dim, Unknown>,
    not_exact: Vec<String>,
}

fn fixed_single<'a>(ctx: &'a Context, key: &str) -> Option<&'a str> {
    match ctx.get_lower(key) {
        Some(ContextValue::Single(v)) => Some(v.as_str()),
        _ => None,
    }
}

impl Collect<'_> {
    fn is_unknown(&self, key: &str) -> bool {
        self.context.get_lower(key).is_none() && !DERIVED_KEYS.contains(&key) && !(self.fixed)(key)
    }

    /// Render a template with the session's keys. `None`: a variable is an unknown (noted).
    fn render(&mut self, t: &Template, mode: Render, what: &str) -> Option<Option<String>> {
        if let Some(k) = t.variables_lower().find(|k| self.is_unknown(k)) {
            self.not_exact.push(format!(
                "{what} uses the policy variable ${{{k}}}, whose value the caller controls"
            ));
            return None;
        }
        let mut out = String::new();
        let ctx = self.context;
        let ok = t.render(mode, &mut out, &|k: &str| fixed_single(ctx, k));
        Some(ok.then_some(out))
    }

    fn statement(&mut self, st: &Statement) {
        if let Some(res) = &st.resources {
            for item in &res.items {
                let atom = match item {
                    ResourcePattern::Static(p) => Some(Atom::arn(p)),
                    ResourcePattern::Template(t) => {
                        match self.render(t, Render::Pattern, "a Resource") {
                            Some(Some(text)) => Some(Atom::arn(&ArnPattern::compile(&text))),
                            _ => None,
                        }
                    }
                };
                let u = self.dims.entry(Dim::Resource).or_default();
                u.strings = true;
                u.atoms.extend(atom);
            }
        }
        for c in &st.conditions {
            self.condition(c);
        }
    }

    fn condition(&mut self, c: &Condition) {
        if !self.is_unknown(&c.key) {
            // A fixed key compared with a value that holds an unknown: `StringEquals
            // aws:PrincipalTag/X: ${aws:ResourceTag/X}` is the unknown equal to the fixed value.
            for v in &c.values {
                let PValue::Template(t) = v else { continue };
                let Some(var) = t.variables_lower().find(|k| self.is_unknown(k)) else {
                    continue;
                };
                let single_var = t.parts.len() == 1 && matches!(t.parts[0], TPart::Var { .. });
                let equality = matches!(
                    c.op.base,
                    Base::StringEquals
                        | Base::StringEqualsIgnoreCase
                        | Base::StringLike
                        | Base::Arn
                );
                let fixed: Vec<String> = self
                    .context
                    .get_lower(&c.key)
                    .map(|v| v.as_slice().to_vec())
                    .unwrap_or_default();
                if single_var && equality {
                    let u = self.dims.entry(Dim::Key(var.to_string())).or_default();
                    u.strings = true;
                    let ci = c.op.base == Base::StringEqualsIgnoreCase;
                    u.atoms.extend(fixed.iter().map(|f| {
                        Atom::literal(&if ci { f.to_lowercase() } else { f.clone() }, ci)
                    }));
                } else {
                    self.not_exact.push(format!(
                        "{} {} compares with a value built from ${{{var}}}, which the caller controls",
                        c.op_name, c.key_raw
                    ));
                }
            }
            return;
        }
        let key = c.key.clone();
        let mut atoms = Vec::new();
        let mut typed = Vec::new();
        let mut points = Vec::new();
        let mut strings = false;
        for v in &c.values {
            match (c.op.base, v) {
                (Base::StringEquals | Base::BinaryEquals, PValue::Str(s)) => {
                    strings = true;
                    atoms.push(Atom::literal(s, false));
                }
                (Base::StringEqualsIgnoreCase, PValue::Str(s)) => {
                    strings = true;
                    atoms.push(Atom::literal(s, true));
                }
                (Base::StringLike, PValue::Like(w)) => {
                    strings = true;
                    atoms.push(Atom::glob(&w.pat));
                }
                (Base::Arn, PValue::Arn(p)) => {
                    strings = true;
                    atoms.push(Atom::arn(p));
                }
                (Base::Bool, PValue::Str(s)) => typed.extend([s.clone(), flip_bool(s)]),
                (Base::Numeric(_), PValue::Num(n)) => points.push(*n),
                (Base::Date(_), PValue::Date(ms)) => points.push(*ms as f64 / 1000.0),
                (Base::IpAddress, PValue::Ip(cidr)) => typed.extend(cidr.boundaries()),
                (_, PValue::Template(t)) => {
                    let mode = match c.op.base {
                        Base::StringLike | Base::Arn => Render::Pattern,
                        _ => Render::Plain,
                    };
                    let what = format!("{} {}", c.op_name, c.key_raw);
                    if let Some(Some(text)) = self.render(t, mode, &what) {
                        strings = true;
                        atoms.push(match c.op.base {
                            Base::StringLike => Atom::glob(&text),
                            Base::Arn => Atom::arn(&ArnPattern::compile(&text)),
                            Base::StringEqualsIgnoreCase => {
                                Atom::literal(&text.to_lowercase(), true)
                            }
                            _ => Atom::literal(&text, false),
                        });
                    }
                }
                _ => {}
            }
        }
        let u = self.dims.entry(Dim::Key(key)).or_default();
        u.atoms.extend(atoms);
        u.strings |= strings;
        u.typed.extend(typed);
        if !points.is_empty() {
            u.typed.push("not-a-number".into());
        }
        u.points.extend(points);
        u.multi |= c.op.set != SetQualifier::None;
    }
}

/// One number per piece of the line the constants cut: each constant, a point between each
/// two neighbours, one below and one above them all.
fn number_line(points: &[f64]) -> Vec<String> {
    let mut p: Vec<f64> = points.iter().copied().filter(|x| x.is_finite()).collect();
    p.sort_by(|a, b| a.total_cmp(b));
    p.dedup();
    let (Some(first), Some(last)) = (p.first(), p.last()) else {
        return Vec::new();
    };
    let mut out = vec![first - 1.0, last + 1.0];
    out.extend(p.windows(2).map(|w| (w[0] + w[1]) / 2.0));
    out.extend(p.iter().copied());
    out.iter().map(|x| x.to_string()).collect()
}

fn flip_bool(s: &str) -> String {
    if s == "true" { "false" } else { "true" }.to_string()
}

/// Every policy of the set, of every kind and level.
pub fn documents(set: &PolicySet) -> impl Iterator<Item = &NamedPolicy> {
    set.identity
        .iter()
        .chain(set.resource.iter())
        .chain(&set.boundaries)
        .chain(set.session.iter())
        .chain(set.scps.iter().flatten())
        .chain(set.rcps.iter().flatten())
        .chain(&set.endpoints)
}

/// The witness of every class of `region` that `atoms` tell apart; when the walk gives up,
/// none, and why (the search is then not exact).
fn witnesses(
    region: &Region,
    atoms: &[Atom],
    what: &str,
    not_exact: &mut Vec<String>,
) -> Vec<String> {
    match classes(region, atoms) {
        Ok(cs) => cs.into_iter().map(|c| c.witness).collect(),
        Err(e) => {
            not_exact.push(format!("{what} are too intricate ({} states)", e.states));
            Vec::new()
        }
    }
}

/// Every non-empty subset of `reps` (at most [`MAX_SET_MEMBERS`] of them are combined).
fn subsets(reps: &[String]) -> Vec<Vec<String>> {
    let n = reps.len().min(MAX_SET_MEMBERS);
    (1u32..(1 << n))
        .map(|m| {
            (0..n)
                .filter(|i| m & (1 << i) != 0)
                .map(|i| reps[i].clone())
                .collect()
        })
        .collect()
}

/// Search every action of `q` over every class of every unknown.
pub fn search(set: &PolicySet, q: &Question) -> Search {
    let mut col = collect_unknowns(set, q);
    let mut not_exact = std::mem::take(&mut col.not_exact);
    let dims: Vec<(Dim, Vec<Choice>)> = col
        .dims
        .iter()
        .map(|(dim, u)| (dim.clone(), dim_choices(dim, u, q, &mut not_exact)))
        .collect();
    let lists = combinable(&dims, q);
    let total: usize = lists.iter().map(Vec::len).product();
    if total > MAX_COMBINATIONS {
        not_exact.push(format!(
            "{total} combinations of values the caller controls; the first {MAX_COMBINATIONS} were tried"
        ));
    }
    let answers = q
        .actions
        .iter()
        .map(|action| search_action(set, q, action, &dims, &lists, total))
        .collect();
    not_exact.sort();
    not_exact.dedup();
    Search { answers, not_exact }
}

/// The unknowns of every statement that can apply to one of the actions asked about, and the
/// dimensions asked about even when no statement tests them (they still need a value).
fn collect_unknowns<'a>(set: &PolicySet, q: &Question<'a>) -> Collect<'a> {
    let mut col = Collect {
        context: q.context,
        fixed: q.fixed,
        dims: BTreeMap::new(),
        not_exact: Vec::new(),
    };
    for pol in documents(set) {
        for st in &pol.document.statements {
            if q.actions
                .iter()
                .any(|a| st.matches_action(a, service::of_action(a)))
            {
                col.statement(st);
            }
        }
    }
    col.dims.entry(Dim::Resource).or_default();
    if let Some((k, _, _)) = q.key {
        col.dims.entry(Dim::Key(k.to_string())).or_default();
    }
    col
}

fn choice(value: Value, inside: bool) -> Choice {
    Choice { value, inside }
}

/// The values one dimension takes: the resource only inside the region asked about, a key
/// everywhere (inside its region when it is the key asked about).
fn dim_choices(dim: &Dim, u: &Unknown, q: &Question, not_exact: &mut Vec<String>) -> Vec<Choice> {
    match dim {
        Dim::Resource => witnesses(q.resource, &u.atoms, "the resource patterns", not_exact)
            .into_iter()
            .map(|w| choice(Value::One(w), true))
            .collect(),
        Dim::Key(k) => key_choices(k, u, q.key.filter(|(qk, _, _)| qk == k), not_exact),
    }
}

/// A condition key's values: its absence, the values inside `region` (the key asked about),
/// and one value (or set) per class the policies tell apart.
fn key_choices(
    k: &str,
    u: &Unknown,
    region: Option<(&str, &Region, bool)>,
    not_exact: &mut Vec<String>,
) -> Vec<Choice> {
    // Multivalued: used with a set operator, or typed so (`policy::keys`).
    let multi = u.multi || super::keys::key_type(k).is_some_and(|t| t.is_multivalued());
    if u.strings && (!u.typed.is_empty() || !u.points.is_empty()) {
        not_exact.push(format!(
            "{k} is compared both as a string and as a typed value"
        ));
    }
    let what = format!("the patterns on {k}");
    let any = key_classes(u, &what, not_exact);
    let mut out = Vec::new();
    // A request without the key names no namespace at all: tried first, so that
    // a grant that needs no key is reported as such.
    let absent_counts = region.is_some_and(|(_, _, absent_counts)| absent_counts);
    if absent_counts {
        out.push(choice(Value::Absent, true));
    }
    if let Some((_, r, _)) = region {
        let inside = witnesses(r, &u.atoms, &what, not_exact);
        out.extend(inside_choices(&inside, &any, multi));
    }
    out.extend(outside_choices(k, any, multi, not_exact));
    if !absent_counts {
        out.push(choice(Value::Absent, false));
    }
    out
}

/// One value per class of a key's values that the policies tell apart, anywhere: string
/// classes, typed values and the pieces of the number line.
fn key_classes(u: &Unknown, what: &str, not_exact: &mut Vec<String>) -> Vec<String> {
    let mut any = witnesses(&Region::any(), &u.atoms, what, not_exact);
    any.extend(u.typed.iter().cloned());
    any.extend(number_line(&u.points));
    any.sort();
    any.dedup();
    any
}

/// The values inside the region, each counted inside; for a multivalued key also each joined
/// with every set of other classes, since one member inside puts the whole set inside.
fn inside_choices(inside: &[String], any: &[String], multi: bool) -> Vec<Choice> {
    let mut out = Vec::new();
    for f in inside {
        if multi {
            out.push(choice(Value::Many(vec![f.clone()]), true));
            for s in subsets(any) {
                let mut v = vec![f.clone()];
                v.extend(s.into_iter().filter(|x| x != f));
                out.push(choice(Value::Many(v), true));
            }
        } else {
            out.push(choice(Value::One(f.clone()), true));
        }
    }
    out
}

/// Every class of the key's values, not counted inside: sets of them for a multivalued key,
/// noting when there are too many classes for every set to be tried.
fn outside_choices(
    k: &str,
    any: Vec<String>,
    multi: bool,
    not_exact: &mut Vec<String>,
) -> Vec<Choice> {
    if !multi {
        return any
            .into_iter()
            .map(|s| choice(Value::One(s), false))
            .collect();
    }
    if any.len() > MAX_SET_MEMBERS {
        not_exact.push(format!(
            "{k} is multivalued and the policies tell {} kinds of value apart; sets of at most {MAX_SET_MEMBERS} were tried",
            any.len()
        ));
    }
    subsets(&any)
        .into_iter()
        .map(|s| choice(Value::Many(s), false))
        .collect()
}

/// The choices each dimension may take in a combination: the target dimension (the key
/// asked about, else the resource) and the resource only inside their regions; every other
/// dimension any of its values.
fn combinable<'c>(dims: &'c [(Dim, Vec<Choice>)], q: &Question) -> Vec<Vec<&'c Choice>> {
    let target = match q.key {
        Some((k, _, _)) => Dim::Key(k.to_string()),
        None => Dim::Resource,
    };
    dims.iter()
        .map(|(d, cs)| {
            cs.iter()
                .filter(|c| (*d != target && *d != Dim::Resource) || c.inside)
                .collect()
        })
        .collect()
}

/// Decide the combinations for one action in odometer order, at most [`MAX_COMBINATIONS`],
/// stopping at the first allowed one: the witness.
fn search_action(
    set: &PolicySet,
    q: &Question,
    action: &str,
    dims: &[(Dim, Vec<Choice>)],
    lists: &[Vec<&Choice>],
    total: usize,
) -> Answer {
    let mut ans = Answer {
        action: action.to_string(),
        witness: None,
        tried: 0,
    };
    // A dimension with no value at all leaves no request to decide.
    if lists.iter().any(|l| l.is_empty()) {
        return ans;
    }
    let mut idx = vec![0usize; lists.len()];
    for _ in 0..total.min(MAX_COMBINATIONS) {
        let req = combination_request(q, action, dims, lists, &idx);
        ans.tried += 1;
        if decide(set, &req) == Decision::Allowed {
            ans.witness = Some(req);
            break;
        }
        next_combination(&mut idx, lists);
    }
    ans
}

/// The request of one combination: the session's context with each dimension's chosen
/// value set (an absent key is left unset).
fn combination_request(
    q: &Question,
    action: &str,
    dims: &[(Dim, Vec<Choice>)],
    lists: &[Vec<&Choice>],
    idx: &[usize],
) -> Request {
    let mut req = Request {
        principal: q.principal.to_string(),
        action: action.to_string(),
        resource: String::new(),
        resource_account: q.resource_account.map(str::to_string),
        context: q.context.clone(),
    };
    for (((dim, _), list), &i) in dims.iter().zip(lists).zip(idx) {
        match (dim, &list[i].value) {
            (Dim::Resource, Value::One(r)) => req.resource = r.clone(),
            (Dim::Key(k), Value::One(v)) => req.context.set(k, v.as_str()),
            (Dim::Key(k), Value::Many(v)) => req.context.set(k, v.clone()),
            _ => {}
        }
    }
    req
}

/// Advance `idx` to the next combination, first dimension fastest (an odometer).
fn next_combination(idx: &mut [usize], lists: &[Vec<&Choice>]) {
    for (i, l) in idx.iter_mut().zip(lists) {
        *i += 1;
        if *i < l.len() {
            break;
        }
        *i = 0;
    }
}
