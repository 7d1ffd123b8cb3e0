//! Wildcard matching for actions, ARNs and `StringLike` values.
//!
//! Patterns are kept as *escaped pattern text*: `*` matches any run of characters (including
//! `/` and `:`), `?` exactly one character, and `\` makes the next byte literal. Policy text
//! never needs the escape itself; it comes from `${*}`, `${?}`, `${$}` and from substituted
//! policy-variable values, which are always literal. One matcher serves every element, with no
//! regex and no allocation.

/// How a compiled pattern can be matched quickly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum WildKind {
    /// `*`: matches everything.
    Any,
    /// No wildcard at all: plain equality with the unescaped text.
    Exact(Box<str>),
    /// `literal*`: a prefix test on the unescaped text.
    Prefix(Box<str>),
    /// `*literal`: a suffix test.
    Suffix(Box<str>),
    /// `*literal*`: a substring test (the deny lists of malformed tags are all this shape).
    Contains(Box<str>),
    /// Anything else: the general matcher over the escaped pattern.
    General,
}

/// A compiled wildcard pattern. For case-insensitive use (actions) the pattern is lowercased
/// once at compile time and the text is folded byte by byte while matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Wild {
    pub(crate) kind: WildKind,
    /// The escaped pattern text (lowercased when `ci`).
    pub(crate) pat: Box<str>,
    pub(crate) ci: bool,
}

impl Wild {
    /// Compile escaped pattern text.
    pub(crate) fn compile(escaped: &str, ci: bool) -> Wild {
        let pat: String = if ci {
            escaped.to_ascii_lowercase()
        } else {
            escaped.to_string()
        };
        let kind = classify(&pat);
        Wild {
            kind,
            pat: pat.into_boxed_str(),
            ci,
        }
    }

    /// Compile policy text in which `*` and `?` are wildcards and nothing is escaped.
    pub(crate) fn from_policy_text(text: &str, ci: bool) -> Wild {
        Wild::compile(&escape_backslashes(text), ci)
    }

    pub(crate) fn matches(&self, text: &str) -> bool {
        match &self.kind {
            WildKind::Any => true,
            WildKind::Exact(s) => {
                if self.ci {
                    eq_fold(s.as_bytes(), text.as_bytes())
                } else {
                    **s == *text
                }
            }
            WildKind::Prefix(p) => {
                text.len() >= p.len()
                    && if self.ci {
                        eq_fold(p.as_bytes(), &text.as_bytes()[..p.len()])
                    } else {
                        text.as_bytes().starts_with(p.as_bytes())
                    }
            }
            WildKind::Suffix(x) => {
                text.len() >= x.len() && {
                    let tail = &text.as_bytes()[text.len() - x.len()..];
                    if self.ci {
                        eq_fold(x.as_bytes(), tail)
                    } else {
                        tail == x.as_bytes()
                    }
                }
            }
            WildKind::Contains(x) => {
                let (x, t) = (x.as_bytes(), text.as_bytes());
                x.is_empty()
                    || (t.len() >= x.len()
                        && t.windows(x.len())
                            .any(|w| if self.ci { eq_fold(x, w) } else { w == x }))
            }
            WildKind::General => wild_match(self.pat.as_bytes(), text.as_bytes(), self.ci),
        }
    }
}

/// `pattern` (already lowercase) equals `text` ignoring ASCII case of `text`.
fn eq_fold(pattern: &[u8], text: &[u8]) -> bool {
    pattern.len() == text.len()
        && pattern
            .iter()
            .zip(text)
            .all(|(p, t)| *p == t.to_ascii_lowercase())
}

fn classify(pat: &str) -> WildKind {
    let b = pat.as_bytes();
    if b == b"*" {
        return WildKind::Any;
    }
    // `*literal` and `*literal*`: the literal is what follows the leading star.
    if let Some(rest) = pat.strip_prefix('*') {
        return match classify(rest) {
            WildKind::Exact(lit) => WildKind::Suffix(lit),
            WildKind::Prefix(lit) => WildKind::Contains(lit),
            WildKind::Any => WildKind::Any,
            _ => WildKind::General,
        };
    }
    let mut lit = String::with_capacity(pat.len());
    let mut i = 0;
    let mut chars = pat.char_indices().peekable();
    while let Some((idx, c)) = chars.next() {
        i = idx;
        match c {
            '*' => {
                // A single trailing star after a pure literal is a prefix test.
                return if idx + 1 == pat.len() {
                    WildKind::Prefix(lit.into_boxed_str())
                } else {
                    WildKind::General
                };
            }
            '?' => return WildKind::General,
            '\\' => match chars.next() {
                Some((_, n)) => lit.push(n),
                None => lit.push('\\'),
            },
            c => lit.push(c),
        }
    }
    let _ = i;
    WildKind::Exact(lit.into_boxed_str())
}

/// Make every backslash of policy text literal.
pub(crate) fn escape_backslashes(text: &str) -> String {
    if !text.contains('\\') {
        return text.to_string();
    }
    text.replace('\\', "\\\\")
}

/// Append `value` to an escaped pattern so that it matches only itself.
pub(crate) fn push_escaped_literal(out: &mut String, value: &str) {
    for c in value.chars() {
        if matches!(c, '*' | '?' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
}

#[inline]
fn utf8_len(b: u8) -> usize {
    match b {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xff => 4,
        _ => 1, // continuation byte: never a boundary we start from, step one byte
    }
}

/// The general matcher: greedy `*` with single-point backtracking (linear in practice,
/// O(n·m) at worst), `?` consumes one UTF-8 character, `\x` is the literal byte `x`.
/// With `ci` the pattern is lowercase and text bytes are folded to ASCII lowercase.
pub(crate) fn wild_match(p: &[u8], t: &[u8], ci: bool) -> bool {
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star_p = usize::MAX;
    let mut star_t = 0usize;
    while ti < t.len() {
        if pi < p.len() {
            let tc = if ci {
                t[ti].to_ascii_lowercase()
            } else {
                t[ti]
            };
            match p[pi] {
                b'*' => {
                    star_p = pi;
                    star_t = ti;
                    pi += 1;
                    continue;
                }
                b'?' => {
                    ti += utf8_len(t[ti]);
                    pi += 1;
                    continue;
                }
                b'\\' if pi + 1 < p.len() => {
                    if p[pi + 1] == tc {
                        pi += 2;
                        ti += 1;
                        continue;
                    }
                }
                c => {
                    if c == tc {
                        pi += 1;
                        ti += 1;
                        continue;
                    }
                }
            }
        }
        if star_p != usize::MAX {
            star_t += utf8_len(t[star_t]);
            ti = star_t;
            pi = star_p + 1;
            continue;
        }
        return false;
    }
    while pi < p.len() && p[pi] == b'*' {
        pi += 1;
    }
    pi == p.len()
}

/// Split at the first five unescaped colons: at most six segments, the last one (the
/// resource part of an ARN) keeps any further colons.
pub(crate) fn split_arn(s: &str) -> ([&str; 6], usize) {
    let mut parts: [&str; 6] = [""; 6];
    let mut n = 0;
    let mut start = 0;
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && n < 5 {
        match b[i] {
            b'\\' => i += 2,
            b':' => {
                parts[n] = &s[start..i];
                n += 1;
                start = i + 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    parts[n] = &s[start.min(s.len())..];
    (parts, n + 1)
}

/// Does `text` end, unescaped, with a `*`?
fn ends_with_star(seg: &str) -> bool {
    let b = seg.as_bytes();
    if b.last() != Some(&b'*') {
        return false;
    }
    // Count the backslashes before the final star: an odd number escapes it.
    let mut k = 0;
    let mut i = b.len() - 1;
    while i > 0 && b[i - 1] == b'\\' {
        k += 1;
        i -= 1;
    }
    k % 2 == 0
}

/// ARN matching as AWS documents it for `Resource` and the `Arn*` condition operators: each
/// of the six colon-separated segments is matched on its own, with `*` and `?` inside a
/// segment; the resource segment keeps its own colons and slashes, and a `*` that ends a
/// segment may expand beyond the colon boundaries. Case-sensitive. `pattern` is escaped text.
pub(crate) fn arn_match(pattern: &str, text: &str) -> bool {
    pattern == "*" || per_segment(pattern, (text, split_request_arn(text)), seg_match)
}

/// A request's ARN split at its first five colons. Request text is literal: a backslash in it
/// is an ordinary character, never an escape (only policy patterns have escapes), so that a
/// pattern compiled to plain equality and one matched segment by segment always agree.
pub(crate) fn split_request_arn(s: &str) -> ([&str; 6], usize) {
    let mut parts: [&str; 6] = [""; 6];
    let mut n = 0;
    let mut rest = s;
    while n < 5 {
        match rest.bytes().position(|b| b == b':') {
            Some(i) => {
                parts[n] = &rest[..i];
                rest = &rest[i + 1..];
                n += 1;
            }
            None => break,
        }
    }
    parts[n] = rest;
    (parts, n + 1)
}

/// Apply `seg` to each pair of ARN segments (`text` comes split); when the pattern has fewer
/// segments and its last one ends with `*`, that segment takes the rest of the text, colons
/// included.
fn per_segment(
    pattern: &str,
    (text, (tp, tn)): (&str, ([&str; 6], usize)),
    seg: impl Fn(&str, &str) -> bool,
) -> bool {
    let (pp, pn) = split_arn(pattern);
    if pn == tn {
        return (0..pn).all(|i| seg(pp[i], tp[i]));
    }
    if pn < tn && ends_with_star(pp[pn - 1]) {
        if !(0..pn - 1).all(|i| seg(pp[i], tp[i])) {
            return false;
        }
        let offset = tp[..pn - 1].iter().map(|s| s.len() + 1).sum::<usize>();
        return seg(pp[pn - 1], &text[offset..]);
    }
    false
}

#[inline]
fn seg_match(p: &str, t: &str) -> bool {
    if p == "*" {
        return true;
    }
    if !p
        .as_bytes()
        .iter()
        .any(|b| matches!(b, b'*' | b'?' | b'\\'))
    {
        return p == t;
    }
    wild_match(p.as_bytes(), t.as_bytes(), false)
}

/// A compiled resource / ARN pattern without policy variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ArnPattern {
    Any,
    /// No wildcard: segment-wise equality is plain equality.
    Exact(Box<str>),
    /// Escaped pattern text with wildcards, matched per segment.
    Glob(Box<ArnGlob>),
}

/// A wildcard ARN pattern split into its segments once, each compiled (`arn_match` does the
/// same work per call).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ArnGlob {
    text: Box<str>,
    segs: Box<[Wild]>,
    /// The last segment ends with an unescaped `*`: it may take the rest of a longer ARN.
    last_star: bool,
}

impl ArnGlob {
    fn compile(escaped: &str) -> ArnGlob {
        let (pp, pn) = split_arn(escaped);
        ArnGlob {
            text: escaped.into(),
            segs: pp[..pn].iter().map(|p| Wild::compile(p, false)).collect(),
            last_star: ends_with_star(pp[pn - 1]),
        }
    }

    /// Exactly `arn_match(self.text, text)`.
    fn matches(&self, text: &str) -> bool {
        self.matches_split(text, &split_request_arn(text))
    }

    /// As `matches`, with `text` already split by `split_request_arn` (one request ARN, many
    /// patterns).
    fn matches_split(&self, text: &str, split: &([&str; 6], usize)) -> bool {
        let (tp, tn) = (&split.0, split.1);
        let pn = self.segs.len();
        if pn == tn {
            return self.segs.iter().zip(&tp[..tn]).all(|(w, t)| w.matches(t));
        }
        if pn < tn && self.last_star {
            if !self.segs[..pn - 1]
                .iter()
                .zip(&tp[..pn - 1])
                .all(|(w, t)| w.matches(t))
            {
                return false;
            }
            let offset = tp[..pn - 1].iter().map(|s| s.len() + 1).sum::<usize>();
            return self.segs[pn - 1].matches(&text[offset..]);
        }
        false
    }
}

impl ArnPattern {
    pub(crate) fn compile(escaped: &str) -> ArnPattern {
        if escaped == "*" {
            return ArnPattern::Any;
        }
        match classify(escaped) {
            WildKind::Exact(s) => ArnPattern::Exact(s),
            _ => ArnPattern::Glob(Box::new(ArnGlob::compile(escaped))),
        }
    }

    pub(crate) fn matches(&self, text: &str) -> bool {
        match self {
            ArnPattern::Any => true,
            ArnPattern::Exact(s) => **s == *text,
            ArnPattern::Glob(g) => g.matches(text),
        }
    }

    /// As `matches`, with `text` already split by `split_request_arn`.
    pub(crate) fn matches_split(&self, text: &str, split: &([&str; 6], usize)) -> bool {
        match self {
            ArnPattern::Any => true,
            ArnPattern::Exact(s) => **s == *text,
            ArnPattern::Glob(g) => g.matches_split(text, split),
        }
    }

    /// The escaped pattern text.
    pub(crate) fn pattern_text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            ArnPattern::Any => "*".into(),
            ArnPattern::Exact(s) => {
                let mut o = String::new();
                push_escaped_literal(&mut o, s);
                o.into()
            }
            ArnPattern::Glob(g) => std::borrow::Cow::Borrowed(&g.text),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Pattern-to-pattern relations, for requests whose resource is itself a pattern
// ("could this principal reach *some* object under tenant-b/?").

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tok {
    Star,
    One,
    Lit(char),
}

fn tokens(escaped: &str) -> Vec<Tok> {
    let mut out = Vec::with_capacity(escaped.len());
    let mut it = escaped.chars();
    while let Some(c) = it.next() {
        match c {
            '*' => {
                if out.last() != Some(&Tok::Star) {
                    out.push(Tok::Star)
                }
            }
            '?' => out.push(Tok::One),
            '\\' => out.push(Tok::Lit(it.next().unwrap_or('\\'))),
            c => out.push(Tok::Lit(c)),
        }
    }
    out
}

/// Is there at least one string matched by both escaped patterns? (Reachability in the
/// product of the two wildcard automata, memoised: O(|a|·|b|).)
pub(crate) fn glob_intersects(a: &str, b: &str) -> bool {
    let ta = tokens(a);
    let tb = tokens(b);
    let w = tb.len() + 1;
    let mut seen = vec![false; (ta.len() + 1) * w];
    let mut stack = vec![(0usize, 0usize)];
    while let Some((i, j)) = stack.pop() {
        if seen[i * w + j] {
            continue;
        }
        seen[i * w + j] = true;
        if i == ta.len() && j == tb.len() {
            return true;
        }
        let x = ta.get(i).copied();
        let y = tb.get(j).copied();
        // A star may match the empty string.
        if x == Some(Tok::Star) {
            stack.push((i + 1, j));
        }
        if y == Some(Tok::Star) {
            stack.push((i, j + 1));
        }
        match (x, y) {
            (Some(Tok::Star), Some(Tok::Star)) => {
                stack.push((i + 1, j));
                stack.push((i, j + 1));
            }
            // Star consumes one character produced by the other side.
            (Some(Tok::Star), Some(_)) => stack.push((i, j + 1)),
            (Some(_), Some(Tok::Star)) => stack.push((i + 1, j)),
            (Some(Tok::Lit(c)), Some(Tok::Lit(d))) if c != d => {}
            // Equal literals, or `?` against a literal or a `?`: both advance.
            (Some(_), Some(_)) => stack.push((i + 1, j + 1)),
            _ => {}
        }
    }
    false
}

/// Does escaped pattern `outer` match every string that `inner` matches? Sound: a `true`
/// is always right; for exotic pattern pairs it may answer `false` where inclusion holds.
pub(crate) fn glob_covers(outer: &str, inner: &str) -> bool {
    let to = tokens(outer);
    let ti = tokens(inner);
    // Symbolic match: outer's tokens against inner's tokens, where inner's `*` and `?` can
    // only be absorbed by an outer `*` (and `?` also by an outer `?`).
    let w = ti.len() + 1;
    let mut memo = vec![0u8; (to.len() + 1) * w];
    fn go(o: &[Tok], i: &[Tok], oi: usize, ii: usize, w: usize, memo: &mut [u8]) -> bool {
        let k = oi * w + ii;
        if memo[k] != 0 {
            return memo[k] == 2;
        }
        let r = if oi == o.len() {
            ii == i.len()
        } else {
            match o[oi] {
                Tok::Star => {
                    go(o, i, oi + 1, ii, w, memo) || (ii < i.len() && go(o, i, oi, ii + 1, w, memo))
                }
                Tok::One => {
                    ii < i.len()
                        && matches!(i[ii], Tok::One | Tok::Lit(_))
                        && go(o, i, oi + 1, ii + 1, w, memo)
                }
                Tok::Lit(c) => {
                    ii < i.len() && i[ii] == Tok::Lit(c) && go(o, i, oi + 1, ii + 1, w, memo)
                }
            }
        };
        memo[k] = if r { 2 } else { 1 };
        r
    }
    go(&to, &ti, 0, 0, w, &mut memo)
}

/// ARN-aware intersection: per segment, with the resource segment spanning colons.
pub(crate) fn arn_intersects(pattern: &str, request_pattern: &str) -> bool {
    if pattern == "*" || request_pattern == "*" {
        return true;
    }
    let (pp, pn) = split_arn(pattern);
    let (tp, tn) = split_arn(request_pattern);
    if pn == tn {
        return (0..pn).all(|i| glob_intersects(pp[i], tp[i]));
    }
    // Tail expansion on either side: fall back to whole-string intersection.
    glob_intersects(pattern, request_pattern)
}

/// ARN-aware coverage: every resource the request pattern names is matched by `pattern`.
pub(crate) fn arn_covers(pattern: &str, request_pattern: &str) -> bool {
    pattern == "*"
        || per_segment(
            pattern,
            (request_pattern, split_arn(request_pattern)),
            glob_covers,
        )
}

/// Does the (unescaped) text contain a wildcard character?
pub(crate) fn has_wildcard(text: &str) -> bool {
    text.bytes().any(|b| b == b'*' || b == b'?')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiled_arn_globs_agree_with_arn_match() {
        let pats = [
            "arn:aws:s3:::bkt/*",
            "arn:aws:s3:*",
            "arn:aws:iam::*:role/x",
            "arn:aws:iam::1*:role/x",
            "arn:aws:s?:::b",
            "arn:*:s3:::b/a\\*",
            "arn:aws:ssm:us-east-1:1:parameter/ns/tenants/*/app/*",
            "*:*",
            // Escaped backslashes (a literal `\` in the policy), before a colon and inside the
            // resource: compiled to plain equality, they must agree with segment matching.
            "arn:aws:s3:a\\\\::b/x",
            "arn:aws:s3:::b/x\\\\y",
            "arn:aws:s3:a\\\\:*",
        ];
        let texts = [
            // Request text is literal: its backslash is no escape.
            "arn:aws:s3:a\\::b/x",
            "arn:aws:s3:::b/x\\y",
            "arn:aws:s3:a\\:",
            "arn:aws:s3:::bkt/a/b:c",
            "arn:aws:s3:::other/a",
            "arn:aws:iam::123:role/x",
            "arn:aws:iam::1:2:role/x",
            "arn:aws:s33:::b",
            "arn:aws:s3:::b/a*",
            "arn:aws:s3:::b/ab",
            "arn:aws:ssm:us-east-1:1:parameter/ns/tenants/a/app/k",
            "*",
            "a:b",
        ];
        for p in pats {
            let compiled = ArnPattern::compile(p);
            for t in texts {
                assert_eq!(compiled.matches(t), arn_match(p, t), "{p} vs {t}");
            }
        }
        assert!(arn_match("arn:aws:s3:a\\\\::b/x", "arn:aws:s3:a\\::b/x"));
        assert!(arn_match("arn:aws:s3:a\\\\:*", "arn:aws:s3:a\\::b/x"));
    }

    #[test]
    fn fast_kinds_agree_with_the_general_matcher() {
        for (pat, kind) in [
            ("*/*", "contains"),
            ("*:x", "suffix"),
            ("a*", "prefix"),
            ("*\\**", "contains"),
            ("**", "any"),
        ] {
            let w = Wild::compile(pat, false);
            let got = match w.kind {
                WildKind::Contains(_) => "contains",
                WildKind::Suffix(_) => "suffix",
                WildKind::Prefix(_) => "prefix",
                WildKind::Any => "any",
                _ => "other",
            };
            assert_eq!(got, kind, "{pat}");
            for t in ["", "a", "a/b", "x:x", "ab*c", "*", "/", "clinic-a", "Ａ/"] {
                assert_eq!(
                    w.matches(t),
                    wild_match(pat.as_bytes(), t.as_bytes(), false),
                    "{pat} vs {t}"
                );
            }
        }
        // Case-insensitive (actions): the pattern is lowercased, the text folded.
        let w = Wild::compile("*object", true);
        assert!(w.matches("s3:GetObject") && !w.matches("s3:GetObjects"));
        let w = Wild::compile("*get*", true);
        assert!(w.matches("s3:GETObject") && !w.matches("s3:PutObject"));
    }

    #[test]
    fn basic_globs() {
        assert!(wild_match(b"s3:get*", b"s3:GetObject", true));
        assert!(!wild_match(b"s3:get*", b"s3:PutObject", true));
        assert!(wild_match(b"a?c", b"abc", false));
        assert!(wild_match("a?c".as_bytes(), "aéc".as_bytes(), false));
        assert!(!wild_match(b"a\\*c", b"abc", false));
        assert!(wild_match(b"a\\*c", b"a*c", false));
        assert!(wild_match(b"*", b"", false));
        assert!(!wild_match(b"?", b"", false));
    }

    #[test]
    fn arns() {
        assert!(arn_match("arn:aws:s3:::bkt/*", "arn:aws:s3:::bkt/a/b:c"));
        assert!(!arn_match("arn:aws:s3:::bkt/*", "arn:aws:s3:::other/a"));
        assert!(arn_match("arn:aws:s3:*", "arn:aws:s3:::bkt/a"));
        assert!(!arn_match("arn:aws:s?:::b", "arn:aws:s33:::b"));
        assert!(arn_match(
            "arn:aws:iam::*:role/x",
            "arn:aws:iam::123:role/x"
        ));
        // A star inside a segment does not cross into the next one.
        assert!(!arn_match(
            "arn:aws:iam::1*:role/x",
            "arn:aws:iam::1:2:role/x"
        ));
        assert!(!arn_match("arn:aws:s3:::bkt", "*"));
    }

    #[test]
    fn intersections_and_cover() {
        assert!(glob_intersects("*/AWSLogs/*", "example-bucket/*"));
        assert!(!glob_intersects("other-bucket/*", "example-bucket/*"));
        assert!(glob_covers("my-bucket/*", "my-bucket/photos/*"));
        assert!(!glob_covers("my-bucket/private/*", "my-bucket/*"));
        assert!(glob_covers("*", "abc*"));
        assert!(!glob_covers("a?", "a*"));
    }
}
