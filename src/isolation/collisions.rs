//! Is the naming contract injective? Two different identities (tier, tenant, user) whose
//! values are the same string — or, for a prefix-shaped namespace (a data prefix, a parameter
//! path, a memory namespace), one inside the other — share data however exact the policies
//! are: `{tier}-{tenant}-{user}` gives tenant `clinic` with user `a-dr` and tenant `clinic-a`
//! with user `dr` one actor id.
//!
//! Decided exactly over the id grammars (tier: a configured tier; tenant: a tenant id; user:
//! a non-empty string of user-id characters) by a breadth-first walk over two parses of the
//! same string at once: they collide when they ever read a character in different segments
//! (so the variables' spans differ) and both end (or, for a prefix, the first ends while the
//! second can still go on). The shortest such string is the witness; where a registered
//! tenant's id can be split at a hyphen, the witness is that split instead (an operator
//! recognises it).

use std::collections::{HashSet, VecDeque};

use crate::naming::contract::{user_char, Identity, Seg, Slot, Template, Var};
use crate::policy::regions::WORD_MIN;

use super::adversarial::Tags;
use super::probes::{ActionClass, Target};
use super::witness::{describe, on_some_memory, replay, session_context, set_key, Accumulator};
use super::{session_arn, Finding, IsolationInput, Rule};
use crate::policy::{decide, evaluate, Decision, Request};

/// A parse position: about to read a character in segment `seg`, or done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum St {
    Lit {
        seg: u8,
        pos: u8,
    },
    Tier {
        seg: u8,
        tier: u8,
        pos: u8,
    },
    /// A tenant id: characters read (capped at the minimum), last one a hyphen.
    Tenant {
        seg: u8,
        len: u8,
        hy: bool,
    },
    User {
        seg: u8,
        started: bool,
    },
    End,
}

impl St {
    fn seg(self) -> Option<u8> {
        match self {
            St::Lit { seg, .. }
            | St::Tier { seg, .. }
            | St::Tenant { seg, .. }
            | St::User { seg, .. } => Some(seg),
            St::End => None,
        }
    }
}

struct Nfa<'a> {
    segs: &'a [Seg],
    tiers: &'a [String],
}

impl Nfa<'_> {
    /// States that begin segment `seg`.
    fn enter(&self, seg: usize, out: &mut Vec<St>) {
        let s = seg as u8;
        match self.segs.get(seg) {
            None => out.push(St::End),
            Some(Seg::Lit(_)) => out.push(St::Lit { seg: s, pos: 0 }),
            Some(Seg::Var(Var::Tier)) => {
                for i in 0..self.tiers.len() {
                    out.push(St::Tier {
                        seg: s,
                        tier: i as u8,
                        pos: 0,
                    });
                }
            }
            Some(Seg::Var(Var::Tenant)) => out.push(St::Tenant {
                seg: s,
                len: 0,
                hy: false,
            }),
            Some(Seg::Var(Var::User)) => out.push(St::User {
                seg: s,
                started: false,
            }),
        }
    }

    /// Where `st` goes on `c` (a variable that may end there also begins the next segment).
    fn step(&self, st: St, c: char) -> Vec<St> {
        let mut out = Vec::new();
        let lit_step = |text: &str, seg: u8, pos: u8, out: &mut Vec<St>, mk: &dyn Fn(u8) -> St| {
            if text[pos as usize..].starts_with(c) {
                if pos as usize + 1 == text.len() {
                    self.enter(seg as usize + 1, out);
                } else {
                    out.push(mk(pos + 1));
                }
            }
        };
        match st {
            St::End => {}
            St::Lit { seg, pos } => {
                let Seg::Lit(text) = &self.segs[seg as usize] else {
                    return out;
                };
                lit_step(text, seg, pos, &mut out, &|p| St::Lit { seg, pos: p });
            }
            St::Tier { seg, tier, pos } => {
                let text = &self.tiers[tier as usize];
                lit_step(text, seg, pos, &mut out, &|p| St::Tier {
                    seg,
                    tier,
                    pos: p,
                });
            }
            St::Tenant { seg, len, hy } => {
                let id = c.is_ascii_lowercase() || c.is_ascii_digit();
                if id || (c == '-' && len > 0 && !hy) {
                    let len = (len + 1).min(WORD_MIN);
                    let hy = c == '-';
                    out.push(St::Tenant { seg, len, hy });
                    if len >= WORD_MIN && !hy {
                        self.enter(seg as usize + 1, &mut out);
                    }
                }
            }
            St::User { seg, .. } => {
                if user_char(c) {
                    out.push(St::User { seg, started: true });
                    self.enter(seg as usize + 1, &mut out);
                }
            }
        }
        out
    }

    /// The shortest string that takes `st` to the end.
    fn completion(&self, st: St, alphabet: &[char]) -> Option<String> {
        let mut seen = HashSet::from([st]);
        let mut queue = VecDeque::from([(st, String::new())]);
        while let Some((s, text)) = queue.pop_front() {
            if s == St::End {
                return Some(text);
            }
            for &c in alphabet {
                for t in self.step(s, c) {
                    if seen.insert(t) {
                        queue.push_back((t, format!("{text}{c}")));
                    }
                }
            }
        }
        None
    }
}

/// Characters that can tell parses apart: every literal one, plus a representative of the id
/// characters no literal names, the hyphen, and the other user-id characters.
fn alphabet(t: &Template, tiers: &[String]) -> Vec<char> {
    let mut cs: Vec<char> = t
        .segs()
        .iter()
        .filter_map(|s| match s {
            Seg::Lit(l) => Some(l.chars()),
            _ => None,
        })
        .flatten()
        .chain(tiers.iter().flat_map(|t| t.chars()))
        .chain("-._+@".chars())
        .collect();
    if let Some(fresh) = "xyzqjkvw0123456789".chars().find(|c| !cs.contains(c)) {
        cs.push(fresh);
    }
    cs.sort_unstable();
    cs.dedup();
    cs
}

/// Two values of the template for different identities: the same string, or (`prefix`) the
/// first a prefix of the second. None: the template is injective (prefix-free).
fn shortest(t: &Template, tiers: &[String], prefix: bool) -> Option<(String, String)> {
    let nfa = Nfa {
        segs: t.segs(),
        tiers,
    };
    let alphabet = alphabet(t, tiers);
    let mut starts = Vec::new();
    nfa.enter(0, &mut starts);
    type Node = (St, St, bool);
    let mut seen: HashSet<Node> = HashSet::new();
    let mut queue: VecDeque<(Node, String)> = VecDeque::new();
    for &a in &starts {
        for &b in &starts {
            if seen.insert((a, b, false)) {
                queue.push_back(((a, b, false), String::new()));
            }
        }
    }
    while let Some(((a, b, diverged), text)) = queue.pop_front() {
        if a == St::End && (diverged || b != St::End) && (b == St::End || prefix) {
            let longer = nfa.completion(b, &alphabet)?;
            return Some((text.clone(), format!("{text}{longer}")));
        }
        for &c in &alphabet {
            let d = diverged || a.seg() != b.seg();
            for na in nfa.step(a, c) {
                for nb in nfa.step(b, c) {
                    if seen.insert((na, nb, d)) {
                        queue.push_back(((na, nb, d), format!("{text}{c}")));
                    }
                }
            }
        }
    }
    None
}

/// Two different identities behind the values `a` and `b`.
fn identities(t: &Template, tiers: &[String], a: &str, b: &str) -> Option<(Identity, Identity)> {
    let pa = t.parses(a, tiers, false);
    let pb = t.parses(b, tiers, false);
    let mut pairs = pa
        .iter()
        .flat_map(|(x, _)| pb.iter().map(move |(y, _)| (x.clone(), y.clone())))
        .filter(|(x, y)| x != y)
        .collect::<Vec<_>>();
    // Different tenants first: that is the cross-tenant case.
    pairs.sort_by_key(|(x, y)| x.tenant == y.tenant);
    pairs.into_iter().next()
}

/// `(a, b)` with `b` a registered tenant and `a` not, where the pair allows it: the session
/// of `a` then reaches a tenant an operator knows.
fn victim_registered(input: &IsolationInput, (a, b): (Identity, Identity)) -> (Identity, Identity) {
    let registered = |i: &Identity| {
        i.tenant
            .as_ref()
            .is_some_and(|t| input.tenants.iter().any(|e| &e.id == t))
    };
    if registered(&a) && !registered(&b) {
        (b, a)
    } else {
        (a, b)
    }
}

/// A registered tenant `left-right` against tenant `left` whose user starts with `right-`.
fn recognisable(
    t: &Template,
    input: &IsolationInput,
    prefix: bool,
) -> Option<(Identity, Identity)> {
    if !t.uses(Var::User) {
        return None;
    }
    let tiers: Vec<String> = input.tiers.iter().map(|(t, _)| t.clone()).collect();
    for e in &input.tenants {
        for (i, _) in e.id.match_indices('-') {
            let (left, right) = (&e.id[..i], &e.id[i + 1..]);
            if crate::ids::TenantId::parse(left).is_err() {
                continue;
            }
            let a_user = format!("{right}-dr");
            let a = t.render(&e.tier, left, &a_user);
            let b = t.render(&e.tier, &e.id, "dr");
            let hit = a == b || (prefix && (b.starts_with(&a) || a.starts_with(&b)));
            if hit {
                return identities(t, &tiers, &a, &b);
            }
        }
    }
    None
}

/// The collision acted out: the session of identity `a` (its tags as the runtime would set
/// them) makes the family's request on its own value, which is also `b`'s. When the TVM
/// policies allow it, that request is the witness (replayable), and whether the trust policy
/// mints such a session is said.
fn acted_out(input: &IsolationInput, slot: Slot, a: &Identity) -> Option<(Request, String)> {
    let class = ActionClass::ALL.into_iter().find(|c| c.slot() == slot)?;
    let first_tier = input
        .tiers
        .first()
        .map(|(t, _)| t.clone())
        .unwrap_or_default();
    let tenant = a.tenant.clone()?;
    let tier = a.tier.clone().unwrap_or_else(|| {
        input
            .tenants
            .iter()
            .find(|e| e.id == tenant)
            .map(|e| e.tier.clone())
            .unwrap_or(first_tier)
    });
    let user = a.user.clone().unwrap_or_else(|| "dr".to_string());
    let target = Target {
        tenant: tenant.clone(),
        tier: tier.clone(),
        user: user.clone(),
    };
    let (resource, key) = class.request_for(&input.names, &input.contract, &target)?;
    let tags = Tags {
        clinic: Some(tenant),
        tier: Some(tier),
        user: Some(user),
    };
    let label = format!("{a}");
    let mut req = Request {
        principal: session_arn(&input.names, &input.tvm.role_name, &label),
        action: class.action().to_string(),
        resource,
        resource_account: Some(input.names.account.clone()),
        context: session_context(input, &input.tvm, &tags),
    };
    if let Some((k, v)) = &key {
        set_key(&mut req.context, k, v);
    }
    let policies = &input.tvm.policies;
    let allowed = if decide(policies, &req) == Decision::Allowed {
        Some(req)
    } else if class.any_memory() {
        on_some_memory(input, policies, &req)
    } else {
        None
    }?;
    let trust = match super::trust::runtime_may_create(input, &tags) {
        Some(true) => " (the TVM trust policy accepts this session)",
        Some(false) => " (the TVM trust policy refuses this session)",
        None => "",
    };
    let t = &tags;
    let who = format!(
        "a session tagged Tier={}, ClinicId={}, UserId={}{trust}",
        t.tier.as_deref().unwrap_or(""),
        t.clinic.as_deref().unwrap_or(""),
        t.user.as_deref().unwrap_or("")
    );
    Some((allowed, who))
}

fn finding(
    input: &IsolationInput,
    slot: Slot,
    t: &Template,
    a: &Identity,
    b: &Identity,
) -> Finding {
    let va = t.render(
        a.tier.as_deref().unwrap_or(""),
        a.tenant.as_deref().unwrap_or(""),
        a.user.as_deref().unwrap_or(""),
    );
    let vb = t.render(
        b.tier.as_deref().unwrap_or(""),
        b.tenant.as_deref().unwrap_or(""),
        b.user.as_deref().unwrap_or(""),
    );
    let how = if va == vb {
        format!("the same value {va:?}")
    } else {
        format!("{va:?} and {vb:?}, the first a prefix of the second")
    };
    let mut message = format!(
        "naming contract {} = {:?} gives {a} and {b} {how}",
        slot.key(),
        t.text()
    );
    let fix = "join the variables with a separator neither side can contain (':' or '/'; tenant ids hold [a-z0-9-], user ids also . _ + @), and end a prefix-shaped namespace with one";
    let mut f = Finding {
        target: b.tenant.clone(),
        action_class: Some(slot.key().to_string()),
        explanation: fix.into(),
        ..Finding::new(Rule::NamingCollision, String::new())
    };
    if let Some((w, who)) = acted_out(input, slot, a) {
        let ev = evaluate(&input.tvm.policies, &w);
        message.push_str(&format!(
            ": {who} is allowed {} on that value, which is also {b}'s",
            w.action
        ));
        f.session = Some(who);
        f.request = Some(describe(&w));
        f.decision = Some(ev.decision.to_string());
        f.statements = ev.decided_by.clone();
        let why = ev.explain();
        f.explanation = if why.is_empty() {
            fix.to_string()
        } else {
            format!("{why}; {fix}")
        };
        f.replay = Some(replay(&input.tvm.policies, &w));
    }
    f.message = message;
    f
}

/// The template as checked: a parameter path is a prefix of the paths below it only at '/'.
fn as_checked(input: &IsolationInput, slot: Slot, t: &Template) -> Template {
    if slot == Slot::TenantParameters {
        Template::parse(&format!("{}/", t.text()), input.names.ns.as_str())
            .unwrap_or_else(|_| t.clone())
    } else {
        t.clone()
    }
}

/// The slots of the contract that are not injective (memoised on the input).
pub(crate) fn ambiguous(input: &IsolationInput) -> &[Slot] {
    input.ambiguous.get_or_init(|| {
        let tiers: Vec<String> = input.tiers.iter().map(|(t, _)| t.clone()).collect();
        input
            .contract
            .templates()
            .filter(|(slot, t)| {
                shortest(&as_checked(input, *slot, t), &tiers, slot.is_prefix()).is_some()
            })
            .map(|(slot, _)| slot)
            .collect()
    })
}

/// One finding per template of the contract that is not injective.
pub fn check(input: &IsolationInput, acc: &mut Accumulator) {
    let tiers: Vec<String> = input.tiers.iter().map(|(t, _)| t.clone()).collect();
    for (slot, t) in input.contract.templates() {
        let prefix = slot.is_prefix();
        let t = &as_checked(input, slot, t);
        let Some((a, b)) = shortest(t, &tiers, prefix) else {
            continue;
        };
        let pair = recognisable(t, input, prefix).or_else(|| identities(t, &tiers, &a, &b));
        if let Some((x, y)) = pair.map(|p| victim_registered(input, p)) {
            acc.push(finding(input, slot, t, &x, &y));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiers() -> Vec<String> {
        vec!["basic".into(), "premium".into()]
    }

    fn collides(text: &str, prefix: bool) -> Option<(String, String)> {
        shortest(&Template::parse(text, "ns").unwrap(), &tiers(), prefix)
    }

    #[test]
    fn hyphen_joins_collide_and_separators_ids_cannot_hold_do_not() {
        let (a, b) = collides("{tier}-{tenant}-{user}", false).expect("collision");
        assert_eq!(a, b);
        let t = Template::parse("{tier}-{tenant}-{user}", "ns").unwrap();
        let (x, y) = identities(&t, &tiers(), &a, &b).unwrap();
        assert_ne!(x.tenant, y.tenant, "{x} / {y}");
        for ok in [
            "{tier}:{tenant}:{user}",
            "{tenant}:{user}",
            "/tenants/{tenant}/",
            "{tier}/{tenant}/",
            "clinic/{tier}/{tenant}/{user}/",
            "{tenant}",
        ] {
            assert_eq!(collides(ok, false), None, "{ok}");
            if ok.ends_with('/') {
                assert_eq!(collides(ok, true), None, "{ok} as a prefix");
            }
        }
    }

    #[test]
    fn a_prefix_without_a_closing_separator_contains_its_neighbours() {
        let (a, b) = collides("{tier}/{tenant}", true).expect("abc is a prefix of abcx");
        assert!(b.starts_with(&a) && a != b, "{a} {b}");
        assert_eq!(collides("{tier}/{tenant}", false), None);
        // A user id may hold '-': a user before the tenant makes the hyphen ambiguous.
        assert!(collides("{user}-{tenant}", false).is_some());
        // ...but '.' is no tenant character, so the tenant after the last '.' is unambiguous.
        assert_eq!(collides("{user}.{tenant}", false), None);
    }
}
