//! Policy variables (`${aws:PrincipalTag/ClinicId}`), as AWS documents them in "IAM policy
//! elements: Variables and tags": any context key, a default value (`${key, 'default'}`), the
//! escapes `${*}`, `${?}`, `${$}`, and only under `"Version": "2012-10-17"`.
//!
//! A template is parsed once; rendering substitutes values from the request. Substituted
//! values are always literal text: a `*` in a tag value never becomes a wildcard.

use super::matching::push_escaped_literal;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Part {
    /// Policy text. In pattern contexts `*` and `?` in it are wildcards.
    Text(String),
    /// `${*}`, `${?}`, `${$}`: the literal character.
    Literal(char),
    /// A variable's value substituted ahead of time (`Template::specialize`), rendered
    /// exactly as the variable would be: literal, escaped in patterns.
    Fixed(String),
    /// `${key}` or `${key, 'default'}`; `key` is lowercased.
    Var {
        key: String,
        raw: String,
        default: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Template {
    pub(crate) parts: Vec<Part>,
}

/// How rendered text is used.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Render {
    /// Plain string (StringEquals and friends): wildcards mean nothing.
    Plain,
    /// Escaped pattern text (Resource, StringLike, Arn*): policy `*`/`?` stay wildcards,
    /// escapes and substituted values become literal.
    Pattern,
}

impl Template {
    /// Parse `text`. Returns `None` when it has no variable or escape, so callers can keep
    /// the fast static path.
    pub(crate) fn parse(text: &str) -> Option<Template> {
        if !text.contains("${") {
            return None;
        }
        let mut parts = Vec::new();
        let mut buf = String::new();
        let mut rest = text;
        let mut any = false;
        while let Some(pos) = rest.find("${") {
            let after = &rest[pos + 2..];
            let Some(end) = after.find('}') else { break };
            buf.push_str(&rest[..pos]);
            let inner = &after[..end];
            let part = match inner {
                "*" => Some(Part::Literal('*')),
                "?" => Some(Part::Literal('?')),
                "$" => Some(Part::Literal('$')),
                _ => parse_var(inner),
            };
            match part {
                Some(p) => {
                    any = true;
                    if !buf.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut buf)));
                    }
                    parts.push(p);
                }
                // Not a variable: keep the text as written.
                None => {
                    buf.push_str("${");
                    buf.push_str(inner);
                    buf.push('}');
                }
            }
            rest = &after[end + 1..];
        }
        buf.push_str(rest);
        if !buf.is_empty() {
            parts.push(Part::Text(buf));
        }
        any.then_some(Template { parts })
    }

    /// Render into `out` (cleared first). `lookup` returns the single value of a lowercased
    /// key. Returns false when a variable has no value and no default: the caller must then
    /// treat the element as matching nothing.
    pub(crate) fn render<'a>(
        &self,
        mode: Render,
        out: &mut String,
        lookup: &dyn Fn(&str) -> Option<&'a str>,
    ) -> bool {
        out.clear();
        for p in &self.parts {
            match p {
                Part::Text(t) => match mode {
                    Render::Plain => out.push_str(t),
                    Render::Pattern => {
                        for c in t.chars() {
                            if c == '\\' {
                                out.push('\\');
                            }
                            out.push(c);
                        }
                    }
                },
                Part::Literal(c) => {
                    if mode == Render::Pattern && *c != '$' {
                        out.push('\\');
                    }
                    out.push(*c);
                }
                Part::Fixed(v) => match mode {
                    Render::Plain => out.push_str(v),
                    Render::Pattern => push_escaped_literal(out, v),
                },
                Part::Var { key, default, .. } => {
                    let v = match lookup(key) {
                        Some(v) => v,
                        None => match default {
                            Some(d) => d.as_str(),
                            None => return false,
                        },
                    };
                    match mode {
                        Render::Plain => out.push_str(v),
                        Render::Pattern => push_escaped_literal(out, v),
                    }
                }
            }
        }
        true
    }

    /// The rendering, when it is the same for every request: a template of escapes only
    /// (`${*}`, `${?}`, `${$}`) and no variable. Compiled once instead of rendered per request.
    pub(crate) fn constant(&self, mode: Render) -> Option<String> {
        if self.parts.iter().any(|p| matches!(p, Part::Var { .. })) {
            return None;
        }
        let mut out = String::new();
        self.render(mode, &mut out, &|_| None).then_some(out)
    }

    /// This template with every variable that `fixed` knows replaced by its value, for a
    /// caller that evaluates many requests sharing those keys (one session, many resources).
    /// Variables `fixed` does not know stay variables, so rendering is unchanged.
    pub(crate) fn specialize<'a>(&self, fixed: &dyn Fn(&str) -> Option<&'a str>) -> Template {
        let parts = self
            .parts
            .iter()
            .map(|p| match p {
                Part::Var { key, .. } => match fixed(key) {
                    Some(v) => Part::Fixed(v.to_string()),
                    None => p.clone(),
                },
                other => other.clone(),
            })
            .collect();
        Template { parts }
    }

    /// The keys of the variables this template refers to (lowercase).
    pub(crate) fn variables_lower(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Var { key, .. } => Some(key.as_str()),
            _ => None,
        })
    }

    /// The variables this template refers to (raw spelling), for explanations.
    pub(crate) fn variables(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Var { raw, .. } => Some(raw.as_str()),
            _ => None,
        })
    }
}

/// `key` or `key, 'default'` (spaces around the comma allowed).
fn parse_var(inner: &str) -> Option<Part> {
    let (key, default) = match inner.find(',') {
        Some(i) => {
            let d = inner[i + 1..].trim();
            let d = d.strip_prefix('\'')?.strip_suffix('\'')?;
            (inner[..i].trim(), Some(d.to_string()))
        }
        None => (inner.trim(), None),
    };
    if key.is_empty() || key.contains(|c: char| c.is_whitespace() || c == '$' || c == '{') {
        return None;
    }
    Some(Part::Var {
        key: key.to_ascii_lowercase(),
        raw: key.to_string(),
        default,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn look<'a>(k: &str) -> Option<&'a str> {
        match k {
            "aws:principaltag/clinicid" => Some("a*b"),
            _ => None,
        }
    }

    #[test]
    fn render_modes() {
        let t = Template::parse("arn:aws:s3:::b/${aws:PrincipalTag/ClinicId}/*").unwrap();
        let mut s = String::new();
        assert!(t.render(Render::Pattern, &mut s, &look));
        assert_eq!(s, "arn:aws:s3:::b/a\\*b/*");
        assert!(t.render(Render::Plain, &mut s, &look));
        assert_eq!(s, "arn:aws:s3:::b/a*b/*");
        let t = Template::parse("${aws:username, 'nobody'}-${*}").unwrap();
        assert!(t.render(Render::Plain, &mut s, &look));
        assert_eq!(s, "nobody-*");
        let t = Template::parse("${aws:username}").unwrap();
        assert!(!t.render(Render::Plain, &mut s, &look));
        assert!(Template::parse("no vars").is_none());
    }
}
