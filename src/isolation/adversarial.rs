//! Synthetic tenants and sessions that real fleets eventually contain. A template that is
//! only safe for today's tenant list is not safe: `clinic-a` must not reach `clinic-ab`,
//! tenant `clinic` with user `a-dr` must not collide with tenant `clinic-a` with user `dr`,
//! and a session whose tags are missing, empty, upper-cased or carry pattern characters must
//! reach nobody.

use super::probes::Target;
use super::TenantEntry;

/// Session tags (None = tag absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tags {
    pub clinic: Option<String>,
    pub tier: Option<String>,
    pub user: Option<String>,
}

/// An adversarial session: a label for reports and its tags. It may reach no tenant at all,
/// not even the one whose id it imitates.
#[derive(Debug, Clone)]
pub struct AdversarialSession {
    pub label: String,
    pub tags: Tags,
}

fn user_of(tenant: &str) -> String {
    format!("dr@{tenant}.example")
}

pub fn target_of(id: &str, tier: &str) -> Target {
    Target {
        tenant: id.to_string(),
        tier: tier.to_string(),
        user: user_of(id),
    }
}

/// Synthetic tenants added to the matrix (as sessions and as targets), never colliding with
/// real ids. Their users are chosen so that actor ids would collide under a bad separator.
pub fn synthetic_targets(real: &[TenantEntry], first_tier: &str) -> Vec<Target> {
    let base = real
        .first()
        .map(|t| t.id.clone())
        .unwrap_or_else(|| "clinic-a".into());
    let tier = real
        .first()
        .map(|t| t.tier.clone())
        .unwrap_or_else(|| first_tier.to_string());
    let mut out: Vec<Target> = Vec::new();
    let mut add = |id: String, user: String| {
        let valid = crate::ids::TenantId::parse(&id).is_ok();
        if valid && !real.iter().any(|t| t.id == id) && !out.iter().any(|t| t.tenant == id) {
            out.push(Target {
                tenant: id,
                tier: tier.clone(),
                user,
            });
        }
    };
    // Prefixes of each other.
    add("abc".into(), user_of("abc"));
    add("abcd".into(), user_of("abcd"));
    add(format!("{base}x"), user_of(&format!("{base}x")));
    add(format!("{base}-x"), user_of(&format!("{base}-x")));
    // Hyphen split: `clinic` + `a-dr@…` vs `clinic-a` + `dr@…` (same joined string with '-').
    add("clinic".into(), "a-dr@adv.example".into());
    add("clinic-a".into(), "dr@adv.example".into());
    if let Some((left, right)) = base.rsplit_once('-') {
        if left.len() >= 3 {
            add(left.to_string(), format!("{right}-dr@adv.example"));
        }
    }
    out
}

/// Sessions with broken tags, built around a real tenant (`base`) and its tier.
pub fn sessions(real: &[TenantEntry], first_tier: &str) -> Vec<AdversarialSession> {
    let base = real
        .first()
        .map(|t| t.id.clone())
        .unwrap_or_else(|| "clinic-a".into());
    let tier = real
        .first()
        .map(|t| t.tier.clone())
        .unwrap_or_else(|| first_tier.to_string());
    let other = real
        .get(1)
        .map(|t| t.id.clone())
        .unwrap_or_else(|| "abc".into());
    // The synthetic `abc` is on the base tenant's tier.
    let other_tier = real
        .get(1)
        .map(|t| t.tier.clone())
        .unwrap_or_else(|| tier.clone());
    let user = Some(user_of(&base));
    let s = |label: String, clinic: Option<String>, tier: Option<String>| AdversarialSession {
        label,
        tags: Tags {
            clinic,
            tier,
            user: user.clone(),
        },
    };
    let mut q = base.clone();
    q.pop();
    q.push('?');
    vec![
        s("missing ClinicId tag".into(), None, Some(tier.clone())),
        s(
            "empty ClinicId tag".into(),
            Some(String::new()),
            Some(tier.clone()),
        ),
        s(
            format!("upper-case ClinicId {:?}", base.to_uppercase()),
            Some(base.to_uppercase()),
            Some(tier.clone()),
        ),
        s(
            format!("ClinicId with '/' {:?}", format!("{base}/../{other}")),
            Some(format!("{base}/../{other}")),
            Some(tier.clone()),
        ),
        // Substituted into `<tier>/${ClinicId}/*` this names a folder inside the other
        // tenant's prefix: only a Deny of '/' in ClinicId (or the trust policy) stops it.
        s(
            format!(
                "ClinicId with '/' into {other}'s prefix {:?}",
                format!("{other}/records")
            ),
            Some(format!("{other}/records")),
            Some(other_tier.clone()),
        ),
        s("ClinicId '*'".into(), Some("*".into()), Some(tier.clone())),
        s(
            format!("ClinicId with '?' {q:?}"),
            Some(q.clone()),
            Some(tier.clone()),
        ),
        s(
            format!("ClinicId with trailing space {:?}", format!("{base} ")),
            Some(format!("{base} ")),
            Some(tier.clone()),
        ),
        s(
            "ClinicId carrying a policy variable".into(),
            Some("${aws:username}".into()),
            Some(tier.clone()),
        ),
        s(
            format!("missing Tier tag (ClinicId {base})"),
            Some(base.clone()),
            None,
        ),
        s(
            "empty Tier tag".into(),
            Some(base.clone()),
            Some(String::new()),
        ),
        s(
            format!(
                "Tier tag carrying a path {:?}",
                format!("{other_tier}/{other}")
            ),
            Some("records".into()),
            Some(format!("{other_tier}/{other}")),
        ),
        s(
            format!("Tier tag '*' (ClinicId {base})"),
            Some(base.clone()),
            Some("*".into()),
        ),
    ]
}
