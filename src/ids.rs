//! Validated identifiers. Every value that reaches a policy, key, ARN or parameter name
//! passes through one of these newtypes, validated once at the edge (DESIGN.md naming contract).
//! The alphabet is deliberately tiny: lowercase ASCII letters, digits and single inner hyphens.
//! That excludes `/ * ? $ { }`, whitespace, upper case and unicode look-alikes, so no id can
//! widen an IAM pattern, escape a path or collide with another id after case folding.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// Check the shared id grammar and return a reason when it fails.
fn check_id(s: &str, min: usize, max: usize) -> Result<(), String> {
    if s.len() < min || s.len() > max {
        return Err(format!(
            "must be {min}-{max} characters long (got {})",
            s.chars().count()
        ));
    }
    if let Some(c) = s
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        // Anything not plain printable ASCII is shown escaped with its code point, so invisible
        // characters (zero-width, bidi overrides, BOM) and look-alikes (Cyrillic 'а') are visible.
        let shown = if c.is_ascii_graphic() {
            format!("'{c}'")
        } else if c.is_ascii() {
            format!("{c:?}")
        } else {
            format!("{c:?} (U+{:04X}, not ASCII)", c as u32)
        };
        return Err(format!(
            "contains {shown}; only lowercase letters a-z, digits 0-9 and single inner hyphens are allowed"
        ));
    }
    if s.starts_with('-') || s.ends_with('-') {
        return Err("must not start or end with a hyphen".into());
    }
    if s.contains("--") {
        return Err("must not contain two hyphens in a row".into());
    }
    Ok(())
}

macro_rules! id_newtype {
    ($(#[$m:meta])* $name:ident, $what:literal, $min:expr, $max:expr) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn parse(s: &str) -> Result<Self, Error> {
                check_id(s, $min, $max).map_err(|why| {
                    Error::usage(format!("invalid {} {:?}: {}", $what, s, why))
                })?;
                Ok($name(s.to_string()))
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                check_id(&s, $min, $max)
                    .map_err(|why| serde::de::Error::custom(format!("invalid {} {:?}: {}", $what, s, why)))?;
                Ok($name(s))
            }
        }
    };
}

id_newtype!(
    /// A tenant (clinic) id: the `clinic_id` claim and `ClinicId` session tag.
    TenantId, "tenant id", 3, 48
);
id_newtype!(
    /// A tier name such as `basic` or `premium`.
    TierName, "tier name", 2, 32
);
id_newtype!(
    /// Namespace: prefix of every SSM path, resource name and tag value tenantctl owns.
    Namespace, "namespace", 2, 15
);

id_newtype!(
    /// A user's Cognito `sub` (a lowercase UUID): the user's immutable id, the key of the
    /// tenant's membership and the user part of its memory actor id `<tenant>:<sub>`. An email
    /// cannot be that part: AgentCore actor ids allow only letters, digits, `- _ /` and `:`
    /// between segments, and an email changes while a sub does not.
    UserSub, "user sub", 8, 64
);

/// A user's email address. Only a conservative ASCII subset is accepted: the email becomes the
/// Cognito username and the `UserId` session tag, so it must not carry pattern characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn parse(s: &str) -> Result<Self, Error> {
        let bad = |why: &str| Error::usage(format!("invalid email {s:?}: {why}"));
        let trimmed = s.trim();
        if trimmed.is_empty() {
            return Err(bad("is empty"));
        }
        if trimmed.len() > 128 {
            return Err(bad("is longer than 128 characters"));
        }
        let lower = trimmed.to_ascii_lowercase();
        let (local, domain) = lower.split_once('@').ok_or_else(|| bad("has no '@'"))?;
        if local.is_empty() || domain.is_empty() || domain.contains('@') {
            return Err(bad("must look like name@example.org"));
        }
        let local_ok = local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._+-".contains(c));
        let domain_ok = domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-".contains(c))
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..");
        if !local_ok {
            return Err(bad(
                "the part before '@' may only use letters, digits and . _ + -",
            ));
        }
        if !domain_ok {
            return Err(bad(
                "the domain must be letters, digits, '-' and dots, like example.org",
            ));
        }
        if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
            return Err(bad(
                "the part before '@' must not start/end with '.' or contain '..'",
            ));
        }
        // Emails end up in CSV reports: a cell starting with + or - is a formula to a spreadsheet.
        if local.starts_with(['+', '-']) {
            return Err(bad(
                "must not start with '+' or '-' (a spreadsheet would read it as a formula)",
            ));
        }
        Ok(Email(lower))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Email {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Email::parse(&s).map_err(|e| serde::de::Error::custom(e.message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenant_ids() {
        for ok in ["abc", "clinic-a", "c1-2-3", "a".repeat(48).as_str()] {
            assert!(TenantId::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "ab",
            "",
            "Clinic",
            "clinic_a",
            "clinic/a",
            "a*b",
            "a?b",
            "a$b",
            "a{b",
            "a b",
            "-abc",
            "abc-",
            "a--b",
            "clіnic",
            /* cyrillic i */ "abc\n",
            "../x",
            &"a".repeat(49),
        ] {
            assert!(TenantId::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn emails() {
        assert_eq!(
            Email::parse("Dr.Who@Clinic-A.example").unwrap().as_str(),
            "dr.who@clinic-a.example"
        );
        for bad in [
            "", "x", "a@b", "a@@b.c", "a b@c.d", "a*@c.d", "a@c..d", "${x}@c.d", "a@c.d/", ".a@c.d",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} accepted");
        }
    }
}
