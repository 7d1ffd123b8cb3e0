//! The naming contract as a declaration: where each resource family keeps a tenant's data,
//! written as a template over `{tier}`, `{tenant}` and `{user}`. tenantctl's own contract is
//! the default (the same strings `Names` builds); a platform tenantctl did not build declares
//! its own in `[naming]` (e.g. the AWS reference sample's actor ids `{tier}-{tenant}-{user}`),
//! and the isolation proof asks about those namespaces instead.
//!
//! A template is data, never a pattern: its literal text may not carry `*`, `?`, `$` or
//! braces, so a declared namespace cannot widen into a wildcard.

use std::fmt;

use crate::ids::TenantId;

/// A variable of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Var {
    Tier,
    Tenant,
    User,
}

impl Var {
    pub fn name(self) -> &'static str {
        match self {
            Var::Tier => "tier",
            Var::Tenant => "tenant",
            Var::User => "user",
        }
    }
}

/// One piece of a template: literal text or a variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Lit(String),
    Var(Var),
}

/// The characters a `{user}` value may hold: those of the user ids tenantctl accepts (emails,
/// lowercased). A platform's user ids that are narrower only make collisions rarer.
pub fn user_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || "._+@-".contains(c)
}

/// A parsed template, e.g. `{tier}/{tenant}/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    text: String,
    segs: Vec<Seg>,
}

/// Who a value of a template belongs to (only the variables the template uses are set).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Identity {
    pub tier: Option<String>,
    pub tenant: Option<String>,
    pub user: Option<String>,
}

impl fmt::Display for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(t) = &self.tenant {
            parts.push(format!("tenant {t}"));
        }
        if let Some(t) = &self.tier {
            parts.push(format!("tier {t}"));
        }
        if let Some(u) = &self.user {
            parts.push(format!("user {u}"));
        }
        f.write_str(&parts.join(", "))
    }
}

impl Template {
    /// Parse `text`, substituting `{namespace}`. Errors say what is wrong, for a config key.
    pub fn parse(text: &str, namespace: &str) -> Result<Template, String> {
        let mut segs: Vec<Seg> = Vec::new();
        let mut lit = String::new();
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            if c == '{' {
                let end = rest
                    .find('}')
                    .ok_or_else(|| format!("{text:?}: '{{' without a closing '}}'"))?;
                let var = match &rest[1..end] {
                    "tier" => Some(Var::Tier),
                    "tenant" => Some(Var::Tenant),
                    "user" => Some(Var::User),
                    "namespace" => None,
                    other => {
                        return Err(format!(
                            "{text:?}: unknown variable {{{other}}} (use {{tier}}, {{tenant}}, {{user}} or {{namespace}})"
                        ))
                    }
                };
                match var {
                    Some(v) => {
                        if !lit.is_empty() {
                            segs.push(Seg::Lit(std::mem::take(&mut lit)));
                        }
                        segs.push(Seg::Var(v));
                    }
                    None => lit.push_str(namespace),
                }
                rest = &rest[end + 1..];
                continue;
            }
            if "*?$}".contains(c) || c.is_whitespace() || c.is_control() || !c.is_ascii() {
                return Err(format!(
                    "{text:?}: {c:?} may not appear in a template (it would be a pattern or an invalid name)"
                ));
            }
            lit.push(c);
            rest = &rest[c.len_utf8()..];
        }
        if !lit.is_empty() {
            segs.push(Seg::Lit(lit));
        }
        if !segs.contains(&Seg::Var(Var::Tenant)) {
            return Err(format!(
                "{text:?} does not contain {{tenant}}: it names no tenant's namespace"
            ));
        }
        if segs.iter().filter(|s| matches!(s, Seg::Var(_))).count()
            != [Var::Tier, Var::Tenant, Var::User]
                .iter()
                .filter(|v| segs.contains(&Seg::Var(**v)))
                .count()
        {
            return Err(format!("{text:?}: each variable may appear at most once"));
        }
        Ok(Template {
            text: text.to_string(),
            segs,
        })
    }

    /// As written in the config (before `{namespace}` was substituted).
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn segs(&self) -> &[Seg] {
        &self.segs
    }

    pub fn uses(&self, v: Var) -> bool {
        self.segs.contains(&Seg::Var(v))
    }

    /// The literal text before the first variable.
    pub fn fixed_prefix(&self) -> &str {
        match self.segs.first() {
            Some(Seg::Lit(s)) => s,
            _ => "",
        }
    }

    pub fn render(&self, tier: &str, tenant: &str, user: &str) -> String {
        self.segs
            .iter()
            .map(|s| match s {
                Seg::Lit(l) => l.as_str(),
                Seg::Var(Var::Tier) => tier,
                Seg::Var(Var::Tenant) => tenant,
                Seg::Var(Var::User) => user,
            })
            .collect()
    }

    /// Every way `value` (whole, or with `inside` only its beginning) is this template's
    /// value for an identity: tier one of `tiers`, tenant a valid tenant id, user a non-empty
    /// string of user characters. With the length of `value` each parse consumed.
    pub fn parses(&self, value: &str, tiers: &[String], inside: bool) -> Vec<(Identity, usize)> {
        let mut out = Vec::new();
        self.parse_from(0, value, 0, tiers, inside, Identity::default(), &mut out);
        out.sort();
        out.dedup();
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn parse_from(
        &self,
        seg: usize,
        value: &str,
        at: usize,
        tiers: &[String],
        inside: bool,
        id: Identity,
        out: &mut Vec<(Identity, usize)>,
    ) {
        let Some(s) = self.segs.get(seg) else {
            if inside || at == value.len() {
                out.push((id, at));
            }
            return;
        };
        let rest = &value[at..];
        let next = |len: usize, id: Identity, out: &mut Vec<(Identity, usize)>| {
            self.parse_from(seg + 1, value, at + len, tiers, inside, id, out)
        };
        match s {
            Seg::Lit(l) => {
                if rest.starts_with(l.as_str()) {
                    next(l.len(), id, out);
                }
            }
            Seg::Var(Var::Tier) => {
                for t in tiers.iter().filter(|t| rest.starts_with(t.as_str())) {
                    let mut id = id.clone();
                    id.tier = Some(t.clone());
                    next(t.len(), id, out);
                }
            }
            Seg::Var(Var::Tenant) => {
                let run = rest
                    .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
                    .unwrap_or(rest.len());
                for len in 1..=run {
                    if TenantId::parse(&rest[..len]).is_ok() {
                        let mut id = id.clone();
                        id.tenant = Some(rest[..len].to_string());
                        next(len, id, out);
                    }
                }
            }
            Seg::Var(Var::User) => {
                let run = rest.find(|c: char| !user_char(c)).unwrap_or(rest.len());
                for len in 1..=run {
                    let mut id = id.clone();
                    id.user = Some(rest[..len].to_string());
                    next(len, id, out);
                }
            }
        }
    }
}

/// The resource families whose tenant namespace a contract declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Slot {
    /// S3 keys of the data bucket: everything below the prefix.
    DataPrefix,
    /// SSM parameters: the path and everything below it.
    TenantParameters,
    /// `dynamodb:LeadingKeys` of the shared tables.
    TableLeadingKey,
    /// The `ClinicId` resource tag of Bedrock resources (knowledge bases, agents, guardrails).
    ResourceTag,
    /// AgentCore memory actor ids (`bedrock-agentcore:actorId`).
    ActorId,
    /// AgentCore memory namespaces (`bedrock-agentcore:namespace`): everything below.
    MemoryNamespace,
}

impl Slot {
    pub const ALL: [Slot; 6] = [
        Slot::DataPrefix,
        Slot::TenantParameters,
        Slot::TableLeadingKey,
        Slot::ResourceTag,
        Slot::ActorId,
        Slot::MemoryNamespace,
    ];

    /// The `[naming]` key.
    pub fn key(self) -> &'static str {
        match self {
            Slot::DataPrefix => "data_prefix",
            Slot::TenantParameters => "tenant_parameters",
            Slot::TableLeadingKey => "table_leading_key",
            Slot::ResourceTag => "resource_tag",
            Slot::ActorId => "actor_id",
            Slot::MemoryNamespace => "memory_namespace",
        }
    }

    /// tenantctl's own contract (DESIGN.md), as the `Names` functions build it.
    pub fn default_template(self) -> &'static str {
        match self {
            Slot::DataPrefix => "{tier}/{tenant}/",
            Slot::TenantParameters => "/{namespace}/tenants/{tenant}",
            Slot::TableLeadingKey => "{tenant}",
            Slot::ResourceTag => "{tenant}",
            Slot::ActorId => "{tenant}:{user}",
            Slot::MemoryNamespace => "/tenants/{tenant}/",
        }
    }

    /// Is a tenant's namespace everything that starts with the value (a prefix or path), or
    /// exactly the value?
    pub fn is_prefix(self) -> bool {
        matches!(
            self,
            Slot::DataPrefix | Slot::TenantParameters | Slot::MemoryNamespace
        )
    }
}

/// The declared contract: a template per family (None: the platform keeps no tenant data
/// there, so there is nothing to reach and no positive control), and whether a tenant session
/// invokes its tier's model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contract {
    templates: Vec<(Slot, Option<Template>)>,
    pub tier_models: bool,
}

impl Contract {
    /// tenantctl's own contract for namespace `ns`.
    pub fn tenantctl(ns: &str) -> Contract {
        Contract {
            templates: Slot::ALL
                .iter()
                .map(|s| {
                    let t = Template::parse(s.default_template(), ns).expect("default parses");
                    (*s, Some(t))
                })
                .collect(),
            tier_models: true,
        }
    }

    /// Build from declared templates (`None` entries: the default; `Some(None)`: none).
    pub fn declared(
        ns: &str,
        given: &[(Slot, Option<Option<String>>)],
        tier_models: Option<bool>,
    ) -> Result<Contract, (Slot, String)> {
        let mut c = Contract::tenantctl(ns);
        for (slot, g) in given {
            let Some(g) = g else { continue };
            let t = match g {
                Some(text) => Some(Template::parse(text, ns).map_err(|e| (*slot, e))?),
                None => None,
            };
            if *slot == Slot::TenantParameters
                && t.as_ref()
                    .is_some_and(|t| !t.render("a", "b", "c").starts_with('/'))
            {
                return Err((*slot, "an SSM parameter path must start with '/'".into()));
            }
            c.set(*slot, t);
        }
        if let Some(m) = tier_models {
            c.tier_models = m;
        }
        Ok(c)
    }

    fn set(&mut self, slot: Slot, t: Option<Template>) {
        if let Some(e) = self.templates.iter_mut().find(|(s, _)| *s == slot) {
            e.1 = t;
        }
    }

    pub fn get(&self, slot: Slot) -> Option<&Template> {
        self.templates
            .iter()
            .find(|(s, _)| *s == slot)
            .and_then(|(_, t)| t.as_ref())
    }

    /// Every declared template.
    pub fn templates(&self) -> impl Iterator<Item = (Slot, &Template)> {
        self.templates
            .iter()
            .filter_map(|(s, t)| t.as_ref().map(|t| (*s, t)))
    }

    /// Is this tenantctl's own contract? (Only then may tenantctl provision the platform.)
    pub fn is_tenantctl(&self, ns: &str) -> bool {
        *self == Contract::tenantctl(ns)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{TierName, UserSub};
    use crate::naming::Names;

    fn tiers() -> Vec<String> {
        vec!["basic".into(), "premium".into()]
    }

    #[test]
    fn the_default_contract_renders_what_names_builds() {
        let n = crate::naming::tests::names();
        let c = Contract::tenantctl("medplat");
        let t = TenantId::parse("clinic-a").unwrap();
        let tier = TierName::parse("basic").unwrap();
        let sub = "4c2f1a9e-7d3b-4e8a-9f10-2b6c8d0e1f2a";
        let u = UserSub::parse(sub).unwrap();
        let r = |s: Slot| c.get(s).unwrap().render("basic", "clinic-a", sub);
        assert_eq!(r(Slot::DataPrefix), n.data_prefix(&tier, &t));
        assert_eq!(r(Slot::TenantParameters), n.ssm_tenant_path(&t));
        assert_eq!(r(Slot::ActorId), Names::actor_id(&t, &u));
        assert!(Names::memory_namespace(&t, &u).starts_with(&r(Slot::MemoryNamespace)));
        assert!(c.is_tenantctl("medplat"));
    }

    #[test]
    fn templates_reject_patterns_unknown_variables_and_tenantless_text() {
        for bad in [
            "{tenant}/*",
            "{tenant}?",
            "${tenant}",
            "{tenant",
            "{clinic}",
            "{tier}/x",
            "{tenant}-{tenant}",
            "a b{tenant}",
        ] {
            assert!(Template::parse(bad, "ns").is_err(), "{bad}");
        }
        let t = Template::parse("/{namespace}/tenants/{tenant}", "medplat").unwrap();
        assert_eq!(t.render("b", "clinic-a", "u"), "/medplat/tenants/clinic-a");
        assert_eq!(t.text(), "/{namespace}/tenants/{tenant}");
        assert_eq!(t.fixed_prefix(), "/medplat/tenants/");
    }

    #[test]
    fn a_hyphen_join_parses_two_ways() {
        let t = Template::parse("{tier}-{tenant}-{user}", "ns").unwrap();
        let ids: Vec<String> = t
            .parses("basic-clinic-a-dr", &tiers(), false)
            .into_iter()
            .map(|(i, _)| i.to_string())
            .collect();
        assert_eq!(
            ids,
            vec![
                "tenant clinic, tier basic, user a-dr".to_string(),
                "tenant clinic-a, tier basic, user dr".to_string()
            ]
        );
        let colon = Template::parse("{tier}:{tenant}:{user}", "ns").unwrap();
        assert_eq!(colon.parses("basic:clinic-a:dr", &tiers(), false).len(), 1);
    }

    #[test]
    fn inside_parses_stop_at_the_namespace() {
        let t = Template::parse("{tier}/{tenant}/", "ns").unwrap();
        let p = t.parses("basic/clinic-b/records/x.txt", &tiers(), true);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].0.tenant.as_deref(), Some("clinic-b"));
        assert_eq!(p[0].1, "basic/clinic-b/".len());
        assert!(t.parses("basic/clinic-b", &tiers(), true).is_empty());
    }
}
