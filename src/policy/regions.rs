//! Classes of strings that a set of policy patterns cannot tell apart, with one witness each.
//!
//! The isolation proof asks "is there ANY resource in another tenant's namespace, with ANY
//! value of the keys the caller controls, that the policies allow?". Every test the evaluator
//! makes on one string dimension (the resource ARN, or one condition key) is a wildcard
//! pattern: `Resource`/`NotResource` ARN patterns, `StringLike`, `StringEquals`, `Arn*`. Two
//! strings that every one of those patterns treats alike (each pattern matches both or
//! neither) get the same decision. So it is enough to evaluate ONE string per combination of
//! pattern outcomes that occurs inside the region asked about: if none of those is allowed,
//! nothing in the region is.
//!
//! [`classes`] finds those combinations exactly: a breadth-first walk over the product of
//! the region's automaton and every pattern's automaton (a glob is an automaton whose states
//! are positions in the pattern), over a compressed alphabet: every character any pattern or
//! the region names literally, plus one fresh character for "any other id character" and one
//! for "any other character". Characters no pattern names behave alike, so one representative
//! of each suffices. Each reachable accepting product state yields a signature (which patterns
//! match) and the shortest string that reaches it: the witness.
//!
//! Regions are small unions of sequences ([`Region`]): literal text, a *word* (an id of the
//! naming contract: `[a-z0-9]` with single inner hyphens, at least three characters, optionally
//! "anything but this one id"), and "any rest". `prefixes` turns a region into the set of its
//! strings' prefixes (an `s3:prefix` that lists part of a namespace).

use std::collections::{HashMap, VecDeque};

use super::matching::{split_arn, ArnPattern};

/// The shortest a word (tenant id) may be: ids are 3–48 characters (`src/ids.rs`). The upper
/// bound is not modelled: a witness is the shortest string of its class, so a class reachable
/// only by longer ids would be reported with an over-long id (a false alarm, never a miss).
pub const WORD_MIN: u8 = 3;

/// Product states explored before a question is given up as undecided.
const MAX_STATES: usize = 200_000;

/// One step of a pattern automaton.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Tok {
    /// `*`; `colon: false` inside an ARN segment that cannot reach past its colon.
    Star {
        colon: bool,
    },
    /// `?`.
    One {
        colon: bool,
    },
    Lit(char),
    /// Matches nothing (an escaped colon inside a fixed ARN segment).
    Dead,
}

/// A wildcard pattern on one string dimension, compiled for the walk.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Atom {
    toks: Vec<Tok>,
    /// ASCII case-insensitive (`StringEqualsIgnoreCase`); the pattern is lowercase.
    ci: bool,
}

/// Tokens of escaped pattern text (`\x` is a literal `x`).
fn glob_tokens(escaped: &str, colon: bool, out: &mut Vec<Tok>) {
    let mut it = escaped.chars();
    while let Some(c) = it.next() {
        out.push(match c {
            '*' => Tok::Star { colon },
            '?' => Tok::One { colon },
            '\\' => Tok::Lit(it.next().unwrap_or('\\')),
            c => Tok::Lit(c),
        });
    }
}

impl Atom {
    /// `StringLike` / escaped pattern text.
    pub(crate) fn glob(escaped: &str) -> Atom {
        let mut toks = Vec::new();
        glob_tokens(escaped, true, &mut toks);
        Atom { toks, ci: false }
    }

    /// `StringEquals` (and, lowercased with `ci`, `StringEqualsIgnoreCase`).
    pub(crate) fn literal(text: &str, ci: bool) -> Atom {
        let toks = if ci {
            text.chars()
                .map(|c| Tok::Lit(c.to_ascii_lowercase()))
                .collect()
        } else {
            text.chars().map(Tok::Lit).collect()
        };
        Atom { toks, ci }
    }

    /// An ARN pattern as `arn_match` applies it: segments matched on their own, so a
    /// wildcard in the first five segments never spans a colon, except that a last pattern
    /// segment ending in `*` takes the rest of a longer ARN, colons included.
    pub(crate) fn arn(p: &ArnPattern) -> Atom {
        let text = match p {
            ArnPattern::Any => {
                return Atom {
                    toks: vec![Tok::Star { colon: true }],
                    ci: false,
                }
            }
            ArnPattern::Exact(s) => return Atom::literal(s, false),
            ArnPattern::Glob(_) => p.pattern_text(),
        };
        let (segs, n) = split_arn(&text);
        let mut toks = Vec::new();
        for (i, seg) in segs[..n].iter().enumerate() {
            if i > 0 {
                toks.push(Tok::Lit(':'));
            }
            let spans = i == 5 || (i == n - 1 && ends_with_unescaped_star(seg));
            let start = toks.len();
            glob_tokens(seg, spans, &mut toks);
            if !spans {
                // An (escaped) colon inside a segment can never meet the request's segment,
                // which holds no colon.
                for t in &mut toks[start..] {
                    if *t == Tok::Lit(':') {
                        *t = Tok::Dead;
                    }
                }
            }
        }
        Atom { toks, ci: false }
    }

    fn len(&self) -> usize {
        self.toks.len()
    }

    /// Positions reachable without reading a character from those in `set`.
    fn close(&self, set: &mut [u64]) {
        for i in 0..self.toks.len() {
            if bit(set, i) && matches!(self.toks[i], Tok::Star { .. }) {
                set_bit(set, i + 1);
            }
        }
    }

    fn step(&self, from: &[u64], c: char, to: &mut [u64]) {
        to.iter_mut().for_each(|w| *w = 0);
        let folded = if self.ci { c.to_ascii_lowercase() } else { c };
        for i in 0..self.toks.len() {
            if !bit(from, i) {
                continue;
            }
            match self.toks[i] {
                Tok::Star { colon } => {
                    if colon || c != ':' {
                        set_bit(to, i)
                    }
                }
                Tok::One { colon } => {
                    if colon || c != ':' {
                        set_bit(to, i + 1)
                    }
                }
                Tok::Lit(l) => {
                    if l == folded {
                        set_bit(to, i + 1)
                    }
                }
                Tok::Dead => {}
            }
        }
        self.close(to);
    }

    /// Does the atom accept `text`? (Used by tests to check the automaton against the
    /// evaluator's own matchers.)
    #[cfg(test)]
    pub(crate) fn accepts(&self, text: &str) -> bool {
        let w = words(self.len() + 1);
        let mut cur = vec![0u64; w];
        set_bit(&mut cur, 0);
        self.close(&mut cur);
        let mut next = vec![0u64; w];
        for c in text.chars() {
            self.step(&cur, c, &mut next);
            std::mem::swap(&mut cur, &mut next);
        }
        bit(&cur, self.len())
    }

    fn literal_chars(&self, out: &mut Vec<char>) {
        for t in &self.toks {
            if let Tok::Lit(c) = t {
                out.push(*c);
                if self.ci {
                    out.push(c.to_ascii_uppercase());
                }
            }
        }
    }
}

fn ends_with_unescaped_star(seg: &str) -> bool {
    let b = seg.as_bytes();
    if b.last() != Some(&b'*') {
        return false;
    }
    let slashes = b[..b.len() - 1]
        .iter()
        .rev()
        .take_while(|c| **c == b'\\')
        .count();
    slashes % 2 == 0
}

fn words(bits: usize) -> usize {
    bits.div_ceil(64)
}
fn bit(set: &[u64], i: usize) -> bool {
    set[i / 64] & (1 << (i % 64)) != 0
}
fn set_bit(set: &mut [u64], i: usize) {
    set[i / 64] |= 1 << (i % 64);
}

/// One piece of a region's sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Lit(String),
    /// An id of the naming contract (`[a-z0-9]`, single inner hyphens, at least
    /// [`WORD_MIN`] characters), other than `exclude` when given.
    Word {
        exclude: Option<String>,
    },
    /// Any characters, none included.
    Rest,
    /// A user id of the naming contract: one or more of `[a-z0-9._+@-]`.
    User,
}

/// A set of strings: the union of `alts`, each a sequence of parts; with `prefixes`, every
/// prefix of such a string instead; less every string of `minus` (whole strings, whatever
/// `prefixes` says: under a naming contract that is not injective, the values that are also
/// the asking session's own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub alts: Vec<Vec<Part>>,
    pub prefixes: bool,
    pub minus: Option<Box<Region>>,
}

impl Region {
    /// Every string.
    pub fn any() -> Region {
        Region {
            alts: vec![vec![Part::Rest]],
            prefixes: false,
            minus: None,
        }
    }
    /// Exactly `text`.
    pub fn exactly(text: impl Into<String>) -> Region {
        Region {
            alts: vec![vec![Part::Lit(text.into())]],
            prefixes: false,
            minus: None,
        }
    }

    fn literal_chars(&self, out: &mut Vec<char>) {
        for alt in &self.alts {
            for p in alt {
                match p {
                    Part::Lit(s) => out.extend(s.chars()),
                    Part::Word { exclude: Some(e) } => out.extend(e.chars()),
                    _ => {}
                }
            }
        }
    }

    /// The id a word part must not be.
    fn exclude_of(&self, alt: u8, part: u8) -> Option<&str> {
        match self.alts[alt as usize].get(part as usize) {
            Some(Part::Word { exclude }) => exclude.as_deref(),
            _ => None,
        }
    }

    fn start(&self) -> Vec<RState> {
        let mut set = Vec::new();
        for a in 0..self.alts.len() {
            self.enter(a as u8, 0, &mut set);
        }
        norm(&mut set);
        set
    }

    /// Add the state that begins part `part` of alt `alt` (and, through empty parts, those
    /// after it).
    fn enter(&self, alt: u8, part: u8, out: &mut Vec<RState>) {
        match self.alts[alt as usize].get(part as usize) {
            None => out.push(RState::End),
            Some(Part::Lit(s)) if s.is_empty() => self.enter(alt, part + 1, out),
            Some(Part::Lit(_)) => out.push(RState::Lit { alt, part, pos: 0 }),
            Some(Part::Word { .. }) => out.push(RState::Word {
                alt,
                part,
                k: 0,
                len: 0,
                hy: false,
            }),
            Some(Part::User) => out.push(RState::User {
                alt,
                part,
                started: false,
            }),
            Some(Part::Rest) => {
                out.push(RState::Rest { alt, part });
                self.enter(alt, part + 1, out);
            }
        }
    }

    fn step(&self, from: &[RState], c: char) -> Vec<RState> {
        let mut out = Vec::new();
        for s in from {
            match *s {
                RState::End => {}
                RState::User { alt, part, .. } => {
                    if crate::naming::contract::user_char(c) {
                        out.push(RState::User {
                            alt,
                            part,
                            started: true,
                        });
                        // Or the user id ends here (it has a character).
                        self.enter(alt, part + 1, &mut out);
                    }
                }
                RState::Rest { alt, part } => {
                    out.push(RState::Rest { alt, part });
                    self.enter(alt, part + 1, &mut out);
                }
                RState::Lit { alt, part, pos } => {
                    let Some(Part::Lit(text)) = self.alts[alt as usize].get(part as usize) else {
                        continue;
                    };
                    let want = text[pos as usize..].chars().next();
                    if want == Some(c) {
                        let pos = pos as usize + c.len_utf8();
                        if pos == text.len() {
                            self.enter(alt, part + 1, &mut out);
                        } else {
                            out.push(RState::Lit {
                                alt,
                                part,
                                pos: pos as u16,
                            });
                        }
                    }
                }
                RState::Word {
                    alt,
                    part,
                    k,
                    len,
                    hy,
                } => {
                    let exclude = self.exclude_of(alt, part);
                    let id_char = c.is_ascii_lowercase() || c.is_ascii_digit();
                    if id_char || (c == '-' && len > 0 && !hy) {
                        let k = match exclude {
                            Some(e)
                                if k != DIVERGED
                                    && e.as_bytes().get(k as usize) == Some(&(c as u8)) =>
                            {
                                k + 1
                            }
                            _ => DIVERGED,
                        };
                        let len = (len + 1).min(WORD_MIN);
                        out.push(RState::Word {
                            alt,
                            part,
                            k,
                            len,
                            hy: c == '-',
                        });
                    }
                    // Or the word ended before `c`, which belongs to the next part.
                    if word_can_end(exclude, k, len, hy) {
                        let mut after = Vec::new();
                        self.enter(alt, part + 1, &mut after);
                        out.extend(self.step(&after, c));
                    }
                }
            }
        }
        norm(&mut out);
        out
    }

    /// Is a string that led to `set` in the region?
    fn accepts(&self, set: &[RState]) -> bool {
        if self.prefixes {
            return !set.is_empty();
        }
        set.iter().any(|s| match *s {
            RState::End => true,
            RState::Word {
                alt,
                part,
                k,
                len,
                hy,
            } => {
                // A word may end the string.
                word_can_end(self.exclude_of(alt, part), k, len, hy) && {
                    let mut after = Vec::new();
                    self.enter(alt, part + 1, &mut after);
                    after.contains(&RState::End)
                }
            }
            _ => false,
        })
    }

    /// Is `text` in the region? (Tests and witness checks.)
    pub fn contains(&self, text: &str) -> bool {
        let mut s = self.start();
        let mut m = self.minus_start();
        for c in text.chars() {
            s = self.step(&s, c);
            if s.is_empty() {
                return false;
            }
            m = self.minus_step(&m, c);
        }
        self.accepts(&s) && !self.minus_accepts(&m)
    }

    /// The states of `minus` (empty when there is none: nothing is taken away).
    fn minus_start(&self) -> Vec<RState> {
        self.minus.as_ref().map(|m| m.start()).unwrap_or_default()
    }
    fn minus_step(&self, from: &[RState], c: char) -> Vec<RState> {
        match &self.minus {
            Some(m) if !from.is_empty() => m.step(from, c),
            _ => Vec::new(),
        }
    }
    /// Is the string that led to `set` a string of `minus`? (`minus` is built whole-string:
    /// its own `prefixes` is false.)
    fn minus_accepts(&self, set: &[RState]) -> bool {
        self.minus
            .as_ref()
            .is_some_and(|m| !set.is_empty() && m.accepts(set))
    }
}

const DIVERGED: u8 = u8::MAX;

/// Can a word that has read `len` characters (capped), the last a hyphen when `hy`, having
/// matched `k` characters of `exclude`, end here? It must be a whole id, and not the excluded one.
fn word_can_end(exclude: Option<&str>, k: u8, len: u8, hy: bool) -> bool {
    let not_excluded = exclude.is_none_or(|e| k == DIVERGED || k as usize != e.len());
    len >= WORD_MIN && !hy && not_excluded
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum RState {
    Lit {
        alt: u8,
        part: u8,
        pos: u16,
    },
    /// Inside a word: `k` characters of the excluded id matched so far (or diverged), its
    /// length so far (capped at the minimum), whether the last character was a hyphen.
    Word {
        alt: u8,
        part: u8,
        k: u8,
        len: u8,
        hy: bool,
    },
    Rest {
        alt: u8,
        part: u8,
    },
    /// Inside a user id; `started`: it has a character (so it may end).
    User {
        alt: u8,
        part: u8,
        started: bool,
    },
    End,
}

fn norm(v: &mut Vec<RState>) {
    v.sort_unstable();
    v.dedup();
}

/// One class of strings inside the region: which atoms match its strings, and the shortest
/// of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Class {
    pub witness: String,
    /// `matches[i]`: atom `i` matches every string of the class.
    pub matches: Vec<bool>,
}

/// The walk gave up: too many product states (patterns too many or too intricate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooComplex {
    pub states: usize,
}

/// Characters tried first for "any other id character" and "any other character": readable
/// witnesses, and never special to a pattern unless a pattern names them (then the next one).
const FRESH_WORD: &str = "xyzqjkvw0123456789abcdefghilmnoprstu";
const FRESH_OTHER: &str = "_.~!+=@ZYXWVUTSRQ#%&,;";

/// Every class of strings in `region` that `atoms` can tell apart, each with its shortest
/// string. Exact: any string of the region has the signature of one of the returned classes.
pub fn classes(region: &Region, atoms: &[Atom]) -> Result<Vec<Class>, TooComplex> {
    let mut named = Vec::new();
    region.literal_chars(&mut named);
    if let Some(m) = &region.minus {
        m.literal_chars(&mut named);
    }
    for a in atoms {
        a.literal_chars(&mut named);
    }
    // Always present: they delimit words, segments and paths.
    named.extend(['-', '/', ':']);
    // A user id may hold these; each is its own class for the user part.
    let has_user = |r: &Region| r.alts.iter().flatten().any(|p| *p == Part::User);
    if has_user(region) || region.minus.as_deref().is_some_and(has_user) {
        named.extend(['.', '_', '+', '@']);
    }
    named.sort_unstable();
    named.dedup();
    let fresh_word = FRESH_WORD.chars().find(|c| !named.contains(c));
    let fresh_other = FRESH_OTHER.chars().find(|c| !named.contains(c));
    let mut alphabet: Vec<char> = fresh_word.into_iter().collect();
    alphabet.extend(named.iter().copied());
    alphabet.extend(fresh_other);

    // Each atom's position set occupies its own run of words in one flat key.
    let offsets: Vec<usize> = atoms
        .iter()
        .scan(0, |at, a| {
            let o = *at;
            *at += words(a.len() + 1);
            Some(o)
        })
        .collect();
    let width: usize = atoms.iter().map(|a| words(a.len() + 1)).sum();
    let mut first = vec![0u64; width];
    for (a, &o) in atoms.iter().zip(&offsets) {
        let w = words(a.len() + 1);
        set_bit(&mut first[o..o + w], 0);
        a.close(&mut first[o..o + w]);
    }

    // The region's states, those of its `minus`, and every atom's positions.
    type Key = (Vec<RState>, Vec<RState>, Vec<u64>);
    let mut seen: HashMap<Key, ()> = HashMap::new();
    let mut queue: VecDeque<(Key, String)> = VecDeque::new();
    let mut found: Vec<Class> = Vec::new();
    let start = (region.start(), region.minus_start(), first);
    if start.0.is_empty() {
        return Ok(found);
    }
    seen.insert(start.clone(), ());
    queue.push_back((start, String::new()));
    let mut next = vec![0u64; width];
    while let Some(((rs, ms, pos), text)) = queue.pop_front() {
        if region.accepts(&rs) && !region.minus_accepts(&ms) {
            let matches: Vec<bool> = atoms
                .iter()
                .zip(&offsets)
                .map(|(a, &o)| bit(&pos[o..o + words(a.len() + 1)], a.len()))
                .collect();
            if !found.iter().any(|c| c.matches == matches) {
                found.push(Class {
                    witness: text.clone(),
                    matches,
                });
            }
        }
        for &c in &alphabet {
            let rs2 = region.step(&rs, c);
            if rs2.is_empty() {
                continue;
            }
            for (a, &o) in atoms.iter().zip(&offsets) {
                let w = words(a.len() + 1);
                a.step(&pos[o..o + w], c, &mut next[o..o + w]);
            }
            let key = (rs2, region.minus_step(&ms, c), next.clone());
            if seen.contains_key(&key) {
                continue;
            }
            if seen.len() >= MAX_STATES {
                return Err(TooComplex { states: seen.len() });
            }
            seen.insert(key.clone(), ());
            let mut t = text.clone();
            t.push(c);
            queue.push_back((key, t));
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::matching::{arn_match, escape_backslashes, Wild};

    fn tenants(tiers: &[&str], own: Option<(&str, &str)>) -> Region {
        Region {
            alts: tiers
                .iter()
                .map(|t| {
                    let exclude = own.filter(|(ot, _)| ot == t).map(|(_, o)| o.to_string());
                    vec![
                        Part::Lit(format!("b/{t}/")),
                        Part::Word { exclude },
                        Part::Lit("/".into()),
                        Part::Rest,
                    ]
                })
                .collect(),
            prefixes: false,
            minus: None,
        }
    }

    /// `{tier}-{tenant}-{user}` for every tenant but `clinic-a`, less clinic-a's own values.
    fn hyphen_join(minus: bool) -> Region {
        let own = Region {
            alts: vec![vec![Part::Lit("basic-clinic-a-".into()), Part::User]],
            prefixes: false,
            minus: None,
        };
        Region {
            alts: vec![vec![
                Part::Lit("basic-".into()),
                Part::Word {
                    exclude: Some("clinic-a".into()),
                },
                Part::Lit("-".into()),
                Part::User,
            ]],
            prefixes: false,
            minus: minus.then(|| Box::new(own)),
        }
    }

    #[test]
    fn user_parts_take_user_characters_only() {
        let r = hyphen_join(false);
        assert!(r.contains("basic-clinic-b-dr@x.org"));
        assert!(!r.contains("basic-abc-"), "a user id is not empty");
        assert!(r.contains("basic-clinic-b-"), "tenant clinic, user b-");
        assert!(
            !r.contains("basic-clinic-b-a/b"),
            "'/' is no user character"
        );
        assert!(!r.contains("basic-clinic-b-dr?"));
    }

    #[test]
    fn minus_takes_the_own_values_out_whole() {
        // Tenant clinic with user a-dr is clinic-a with user dr: the own value goes.
        assert!(hyphen_join(false).contains("basic-clinic-a-dr"));
        let r = hyphen_join(true);
        assert!(!r.contains("basic-clinic-a-dr"));
        assert!(r.contains("basic-clinic-b-dr"));
        assert!(
            r.contains("basic-clinic-ab-dr"),
            "clinic-ab is not clinic-a"
        );
        // No class of a pattern that allows exactly the own actor lies inside the region...
        let own = Atom::literal("basic-clinic-a-dr", false);
        let cs = classes(&r, std::slice::from_ref(&own)).unwrap();
        assert!(cs.iter().all(|c| !c.matches[0]), "{cs:?}");
        // ...while one that allows any user of clinic-a's prefix still finds none, and a
        // pattern across tenants finds one whose witness is in the region.
        let any = Atom::glob("basic-clinic-*");
        let cs = classes(&r, &[any]).unwrap();
        let hit = cs.iter().find(|c| c.matches[0]).expect("a class inside");
        assert!(r.contains(&hit.witness), "{}", hit.witness);
        assert!(
            !hit.witness.starts_with("basic-clinic-a-"),
            "{}",
            hit.witness
        );
    }

    #[test]
    fn region_membership_follows_the_id_grammar() {
        let r = tenants(&["basic", "premium"], Some(("basic", "clinic-a")));
        assert!(r.contains("b/basic/clinic-b/x"));
        assert!(r.contains("b/basic/clinic-ab/"));
        assert!(r.contains("b/premium/clinic-a/x"), "cross-tier folder");
        assert!(!r.contains("b/basic/clinic-a/x"), "own prefix");
        assert!(!r.contains("b/basic/ab/x"), "too short for an id");
        assert!(!r.contains("b/basic/a--b/x"));
        assert!(!r.contains("b/basic/-ab/x"));
        assert!(!r.contains("b/basic/ab-/x"));
        assert!(!r.contains("b/basic/Clinic/x"));
        assert!(
            !r.contains("b/basic/clinic-b"),
            "the prefix needs its slash"
        );
        let p = Region {
            prefixes: true,
            minus: None,
            ..r.clone()
        };
        assert!(p.contains(""));
        assert!(p.contains("b/basic/"));
        assert!(p.contains("b/basic/clinic-a"), "lists clinic-ab too");
        assert!(!p.contains("b/basic/clinic-a/"));
        assert!(!p.contains("b/basic/clinic-a/x"));
        assert!(p.contains("b/basic/clinic-b/x"));
    }

    #[test]
    fn own_prefix_grant_has_no_class_inside_other_tenants() {
        let r = tenants(&["basic"], Some(("basic", "clinic-a")));
        let own = Atom::glob("b/basic/clinic-a/*");
        let cs = classes(&r, std::slice::from_ref(&own)).unwrap();
        assert!(cs.iter().all(|c| !c.matches[0]), "{cs:?}");
        // A sub-prefix grant of another tenant is found, with a witness inside it.
        let leak = Atom::glob("b/basic/clinic-b/reports/*");
        let cs = classes(&r, &[own, leak.clone()]).unwrap();
        let hit = cs.iter().find(|c| c.matches[1]).expect("leak class");
        assert!(
            hit.witness.starts_with("b/basic/clinic-b/reports/"),
            "{hit:?}"
        );
        assert!(r.contains(&hit.witness));
        // Suffix grants anywhere.
        let pdf = Atom::glob("*.pdf");
        let cs = classes(&r, &[pdf]).unwrap();
        let hit = cs.iter().find(|c| c.matches[0]).unwrap();
        assert!(
            hit.witness.ends_with(".pdf") && r.contains(&hit.witness),
            "{hit:?}"
        );
    }

    #[test]
    fn arn_atoms_agree_with_arn_match() {
        let pats = [
            "arn:aws:s3:::b/*",
            "arn:aws:s3:*",
            "arn:aws:s3:::b/basic/*/x",
            "arn:*:s3:::b/*",
            "arn:aws:ssm:*:*:parameter/ns/tenants/*",
            "arn:aws:ssm:us-east-1:1:parameter/ns/tenants/*/app/*",
            "*",
            "arn:aws:s?:::b/a*",
            "arn:aws:s3:a\\:b::x",
            "*:*",
            "arn:aws:ssm:*:1:*",
        ];
        let texts = [
            "arn:aws:s3:::b/basic/clinic-a/x",
            "arn:aws:s3:::b/a:b:c",
            "arn:aws:s3:x:y:b/z",
            "arn:aws:ssm:us-east-1:1:parameter/ns/tenants/t/app/k",
            "arn:aws:ssm:us-east-1:1:parameter/ns/tenants/t",
            "arn:aws:s3:::b/basic/q/x",
            "arn:aws:s3",
            "a:b",
            "arn:aws:s3:a:b::x",
        ];
        for p in pats {
            let ap = ArnPattern::compile(&escape_backslashes(p));
            let atom = Atom::arn(&ap);
            for t in texts {
                assert_eq!(
                    atom.accepts(t),
                    arn_match(&escape_backslashes(p), t),
                    "{p} vs {t}"
                );
            }
        }
    }

    #[test]
    fn glob_atoms_agree_with_wild() {
        let pats = ["a*b", "*", "a?c", "clinic-*", "*x*y*", "\\*a", ""];
        let texts = [
            "ab", "axxb", "abc", "a:c", "clinic-", "clinic-b", "xy", "*a", "a", "",
        ];
        for p in pats {
            let w = Wild::compile(p, false);
            for t in texts {
                assert_eq!(Atom::glob(p).accepts(t), w.matches(t), "{p} vs {t}");
            }
        }
        let ci = Atom::literal("Clinic-A", true);
        assert!(ci.accepts("CLINIC-a") && !ci.accepts("clinic-b"));
    }

    /// Exactness on a small universe: every string of the region over a small alphabet has
    /// the signature of a returned class.
    #[test]
    fn classes_cover_every_string_of_a_small_universe() {
        let r = Region {
            alts: vec![vec![
                Part::Lit("p/".into()),
                Part::Word {
                    exclude: Some("abc".into()),
                },
                Part::Lit("/".into()),
                Part::Rest,
            ]],
            prefixes: false,
            minus: None,
        };
        let atoms = vec![
            Atom::glob("p/ab*"),
            Atom::glob("*/x"),
            Atom::glob("p/?b?/*"),
            Atom::literal("p/abd/", false),
        ];
        let cs = classes(&r, &atoms).unwrap();
        let sigs: Vec<Vec<bool>> = cs.iter().map(|c| c.matches.clone()).collect();
        let alphabet = ['a', 'b', 'c', 'd', 'x', '/', '-'];
        let mut strings = vec![String::new()];
        for _ in 0..9 {
            let mut more = Vec::new();
            for s in &strings {
                for c in alphabet {
                    more.push(format!("{s}{c}"));
                }
            }
            strings = more;
            for s in &strings {
                let t = format!("p/{s}");
                if r.contains(&t) {
                    let sig: Vec<bool> = atoms.iter().map(|a| a.accepts(&t)).collect();
                    assert!(sigs.contains(&sig), "{t} has {sig:?}, classes {cs:?}");
                }
            }
            if strings.len() > 20_000 {
                break;
            }
        }
        for c in &cs {
            assert!(r.contains(&c.witness));
            let sig: Vec<bool> = atoms.iter().map(|a| a.accepts(&c.witness)).collect();
            assert_eq!(sig, c.matches, "{c:?}");
        }
    }
}
