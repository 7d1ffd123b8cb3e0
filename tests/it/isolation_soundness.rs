//! Soundness of the isolation proof against the concrete evaluator (issue #19): for random
//! policies, whenever `policy::symbolic::search` says "no request in another tenant's
//! namespace is allowed" (exactly), no concrete request inside that namespace is Allowed by
//! `decide`; and whenever it finds a witness, the witness is inside the namespace and Allowed.
//! No AWS, no emulator.

use proptest::prelude::*;
use tenantctl::policy::regions::{Part, Region};
use tenantctl::policy::symbolic::{search, Question};
use tenantctl::policy::{
    decide, Context, Decision, NamedPolicy, PolicyDocument, PolicySet, Request,
};

const BUCKET: &str = "arn:aws:s3:::b";
const PRINCIPAL: &str = "arn:aws:sts::111122223333:assumed-role/tvm/s";

/// Pieces random patterns and keys are made of: tier folders, ids that are prefixes of each
/// other, separators and wildcards.
const PIECES: &[&str] = &[
    "basic/",
    "premium/",
    "clinic-a",
    "clinic-b",
    "clinic-ab",
    "/",
    "*",
    "?",
    "x",
    "-",
    "r/",
    ".pdf",
];

fn pattern() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..5).prop_map(|v| v.concat())
}

fn tag_value() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "clinic-a",
        "clinic-*",
        "*b",
        "x",
        "clinic-?",
        "${aws:PrincipalTag/ClinicId}",
    ])
    .prop_map(str::to_string)
}

fn statement() -> impl Strategy<Value = String> {
    (
        prop::bool::weighted(0.7),
        prop::sample::select(vec![
            r#""Action":"s3:GetObject""#,
            r#""Action":"s3:*""#,
            r#""NotAction":"s3:PutObject""#,
        ]),
        prop::bool::weighted(0.8),
        prop::collection::vec(pattern(), 1..3),
        prop::option::weighted(
            0.5,
            (
                prop::sample::select(vec![
                    "StringEquals",
                    "StringLike",
                    "StringNotEquals",
                    "StringNotLike",
                    "StringEqualsIfExists",
                    "StringLikeIfExists",
                    "StringEqualsIgnoreCase",
                ]),
                prop::sample::select(vec!["s3:ExistingObjectTag/t", "aws:ResourceTag/t"]),
                tag_value(),
            ),
        ),
    )
        .prop_map(|(allow, action, positive, resources, cond)| {
            let effect = if allow { "Allow" } else { "Deny" };
            let elem = if positive { "Resource" } else { "NotResource" };
            let res: Vec<String> = resources
                .iter()
                .map(|r| serde_json::to_string(&format!("{BUCKET}/{r}")).unwrap())
                .collect();
            let cond = match cond {
                Some((op, key, v)) => format!(r#","Condition":{{"{op}":{{"{key}":"{v}"}}}}"#),
                None => String::new(),
            };
            format!(
                r#"{{"Effect":"{effect}",{action},"{elem}":[{}]{cond}}}"#,
                res.join(",")
            )
        })
}

fn policy() -> impl Strategy<Value = String> {
    prop::collection::vec(statement(), 1..4).prop_map(|sts| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
            sts.join(",")
        )
    })
}

/// Other tenants' namespaces for a session of clinic-a on basic: every id but clinic-a on
/// basic, every id on premium.
fn others() -> Region {
    let alt = |tier: &str, exclude: Option<&str>| {
        vec![
            Part::Lit(format!("{BUCKET}/{tier}/")),
            Part::Word {
                exclude: exclude.map(str::to_string),
            },
            Part::Lit("/".into()),
            Part::Rest,
        ]
    };
    Region {
        alts: vec![alt("basic", Some("clinic-a")), alt("premium", None)],
        prefixes: false,
        minus: None,
    }
}

fn session() -> Context {
    Context::new()
        .with("aws:PrincipalTag/ClinicId", "clinic-a")
        .with("aws:PrincipalTag/Tier", "basic")
}

fn fixed(key: &str) -> bool {
    key.starts_with("aws:principaltag/")
}

/// Concrete keys inside other tenants' namespaces, built from the same pieces.
fn concrete_key() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec![
            "basic/clinic-b",
            "basic/clinic-ab",
            "basic/abc",
            "basic/x-y",
            "premium/clinic-a",
            "premium/clinic-b",
        ]),
        prop::collection::vec(
            prop::sample::select(vec![
                "r/", "x", ".pdf", "clinic-a", "/", "-", "basic/", "a?b", "*",
            ]),
            0..4,
        ),
    )
        .prop_map(|(ns, rest)| format!("{BUCKET}/{ns}/{}", rest.concat()))
}

proptest! {
    #![proptest_config(crate::common::proptest_config(400))]

    #[test]
    fn no_access_proven_means_no_concrete_request_is_allowed(
        doc in policy(),
        probes in prop::collection::vec(
            (concrete_key(), prop::option::of(prop::sample::select(vec!["clinic-a", "clinic-b", "x", "clinic-", "b", "CLINIC-A"]))),
            40,
        ),
    ) {
        let parsed = PolicyDocument::parse(&doc).expect("generated policies parse");
        let set = PolicySet { identity: vec![NamedPolicy::new("p", parsed)], ..Default::default() };
        let ctx = session();
        let region = others();
        let actions = ["s3:GetObject"];
        let q = Question {
            principal: PRINCIPAL,
            resource_account: Some("111122223333"),
            context: &ctx,
            actions: &actions,
            resource: &region,
            key: None,
            fixed,
        };
        let found = search(&set, &q);
        let answer = &found.answers[0];
        if let Some(w) = &answer.witness {
            prop_assert!(region.contains(&w.resource), "witness outside the region: {w:?}");
            prop_assert_eq!(decide(&set, w), Decision::Allowed);
        } else if found.not_exact.is_empty() {
            for (key, tag) in &probes {
                prop_assert!(region.contains(key), "{key}");
                for tag_key in ["s3:ExistingObjectTag/t", "aws:ResourceTag/t"] {
                    let mut context = ctx.clone();
                    if let Some(t) = tag {
                        context.set(tag_key, *t);
                    }
                    let req = Request {
                        principal: PRINCIPAL.into(),
                        action: "s3:GetObject".into(),
                        resource: key.clone(),
                        resource_account: Some("111122223333".into()),
                        context,
                    };
                    prop_assert_ne!(
                        decide(&set, &req),
                        Decision::Allowed,
                        "proof said no access, but {:?} is allowed by {}", req, doc
                    );
                }
            }
        }
    }

    /// The same for `s3:prefix` on ListBucket, whose region is the prefixes of other tenants'
    /// namespaces (a listing of `basic/clinic-` lists clinic-b).
    #[test]
    fn no_listing_proven_means_no_concrete_prefix_is_allowed(
        pats in prop::collection::vec(pattern(), 1..3),
        op in prop::sample::select(vec!["StringLike", "StringNotLike", "StringEquals", "StringLikeIfExists"]),
        probes in prop::collection::vec(
            (prop::sample::select(vec!["", "b", "basic/", "basic/clinic-", "basic/clinic-a", "basic/clinic-b/", "premium/clinic-a/x", "basic/abc/r/"]),
             prop::sample::select(vec!["", "x", "r/", "*"])),
            20,
        ),
    ) {
        let values: Vec<String> = pats.iter().map(|p| serde_json::to_string(p).unwrap()).collect();
        let doc = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:ListBucket","Resource":"{BUCKET}","Condition":{{"{op}":{{"s3:prefix":[{}]}}}}}}]}}"#,
            values.join(",")
        );
        let set = PolicySet { identity: vec![NamedPolicy::new("p", PolicyDocument::parse(&doc).unwrap())], ..Default::default() };
        let ctx = session();
        let bucket = Region::exactly(BUCKET);
        let mut prefixes = others();
        for alt in &mut prefixes.alts {
            if let Some(Part::Lit(l)) = alt.first_mut() {
                *l = l.trim_start_matches(&format!("{BUCKET}/")).to_string();
            }
        }
        prefixes.prefixes = true;
        let actions = ["s3:ListBucket"];
        let q = Question {
            principal: PRINCIPAL,
            resource_account: Some("111122223333"),
            context: &ctx,
            actions: &actions,
            resource: &bucket,
            key: Some(("s3:prefix", &prefixes, true)),
            fixed,
        };
        let found = search(&set, &q);
        if let Some(w) = &found.answers[0].witness {
            prop_assert_eq!(decide(&set, w), Decision::Allowed);
        } else if found.not_exact.is_empty() {
            let mut absent = Request {
                principal: PRINCIPAL.into(),
                action: "s3:ListBucket".into(),
                resource: BUCKET.into(),
                resource_account: Some("111122223333".into()),
                context: ctx.clone(),
            };
            prop_assert_ne!(decide(&set, &absent), Decision::Allowed, "absent prefix allowed by {}", doc);
            for (p, tail) in &probes {
                let v = format!("{p}{tail}");
                if !prefixes.contains(&v) {
                    continue;
                }
                absent.context.set("s3:prefix", v.as_str());
                prop_assert_ne!(decide(&set, &absent), Decision::Allowed, "prefix {} allowed by {}", v, doc);
            }
        }
    }
}
