//! Property tests for the matchers: the compiled matchers against a naive reference, and the
//! invariants isolation rests on (substituted values are literal, separators hold).

use proptest::prelude::*;
use tenantctl::policy::wildcard::{
    action_matches, arn_matches, pattern_covers, patterns_intersect, string_like,
};
use tenantctl::policy::{
    evaluate, Context, Decision, NamedPolicy, PolicyDocument, PolicySet, Request,
};

/// Reference: textbook dynamic-programming wildcard match over chars.
fn reference(p: &[char], t: &[char]) -> bool {
    let mut dp = vec![vec![false; t.len() + 1]; p.len() + 1];
    dp[0][0] = true;
    for i in 1..=p.len() {
        dp[i][0] = dp[i - 1][0] && p[i - 1] == '*';
        for j in 1..=t.len() {
            dp[i][j] = match p[i - 1] {
                '*' => dp[i - 1][j] || dp[i][j - 1],
                '?' => dp[i - 1][j - 1],
                c => dp[i - 1][j - 1] && c == t[j - 1],
            };
        }
    }
    dp[p.len()][t.len()]
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

/// Small alphabets make matches likely; include '/', ':' and a multibyte char.
fn pat() -> impl Strategy<Value = String> {
    "[ab*?/:é]{0,10}"
}
fn text() -> impl Strategy<Value = String> {
    "[ab/:é]{0,12}"
}

proptest! {
    #![proptest_config(crate::common::proptest_config(2000))]

    #[test]
    fn string_like_agrees_with_reference(p in pat(), t in text()) {
        prop_assert_eq!(string_like(&p, &t), reference(&chars(&p), &chars(&t)));
    }

    #[test]
    fn actions_are_case_insensitive(p in "[a-c*?:]{0,8}", t in "[a-cA-C:]{0,10}") {
        prop_assert_eq!(action_matches(&p, &t), reference(&chars(&p), &chars(&t.to_ascii_lowercase())));
        prop_assert_eq!(action_matches(&p.to_ascii_uppercase(), &t), action_matches(&p, &t));
    }

    #[test]
    fn literal_pattern_is_equality(s in "[a-z0-9/:-]{0,16}", t in "[a-z0-9/:-]{0,16}") {
        prop_assert_eq!(string_like(&s, &t), s == t);
        prop_assert!(string_like(&s, &s));
    }

    #[test]
    fn star_for_any_substring_still_matches(t in text(), a in 0usize..13, b in 0usize..13) {
        let c = chars(&t);
        let (a, b) = (a.min(c.len()), b.min(c.len()));
        let (a, b) = (a.min(b), a.max(b));
        let p: String = c[..a].iter().chain(['*'].iter()).chain(c[b..].iter()).collect();
        prop_assert!(string_like(&p, &t));
    }

    /// ARN matching is segment-wise: with six segments each side, it is the conjunction of the
    /// reference match on the first five segments and on the resource part.
    #[test]
    fn arn_matching_is_per_segment(
        ps in proptest::collection::vec("[ab*?]{0,3}", 5), pr in "[ab*?/:]{0,6}",
        ts in proptest::collection::vec("[ab]{0,3}", 5), tr in "[ab/:]{0,6}",
    ) {
        let p = format!("{}:{pr}", ps.join(":"));
        let t = format!("{}:{tr}", ts.join(":"));
        let segs = ps.iter().zip(&ts).all(|(p, t)| reference(&chars(p), &chars(t)));
        let expected = p == "*" || (segs && reference(&chars(&pr), &chars(&tr)));
        prop_assert_eq!(arn_matches(&p, &t), expected, "{} vs {}", p, t);
    }

    /// Intersection is sound: any text matched by both patterns proves it.
    #[test]
    fn intersection_is_sound(p in pat(), q in pat(), t in text()) {
        if string_like(&p, &t) && string_like(&q, &t) {
            prop_assert!(patterns_intersect(&p, &q));
        }
        prop_assert_eq!(patterns_intersect(&p, &q), patterns_intersect(&q, &p));
    }

    /// Coverage is sound: when `outer` covers `inner`, every text `inner` matches, `outer` matches.
    #[test]
    fn coverage_is_sound(outer in pat(), inner in pat(), t in text()) {
        if pattern_covers(&outer, &inner) && string_like(&inner, &t) {
            prop_assert!(string_like(&outer, &t));
        }
        prop_assert!(pattern_covers(&inner, &inner));
    }

    /// Isolation invariant: with the shipped resource shape (a separator after the tenant
    /// variable), a session tagged `me` reaches `other`'s prefix only when `other == me`,
    /// whatever characters the ids hold (wildcards in tag values are literal).
    #[test]
    fn tenant_variable_with_separator_isolates(me in "[a-c*?]{1,5}", other in "[a-c*?]{1,5}", key in "[a-z/]{0,6}") {
        let doc = PolicyDocument::parse(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",
            "Resource":"arn:aws:s3:::bkt/basic/${aws:PrincipalTag/ClinicId}/*"}]}"#).unwrap();
        let set = PolicySet { identity: vec![NamedPolicy::new("abac", doc)], ..Default::default() };
        let mut context = Context::new();
        context.set("aws:PrincipalTag/ClinicId", me.as_str());
        let req = Request {
            principal: "arn:aws:sts::111122223333:assumed-role/tvm/s".into(),
            action: "s3:GetObject".into(),
            resource: format!("arn:aws:s3:::bkt/basic/{other}/{key}"),
            resource_account: Some("111122223333".into()),
            context,
        };
        let allowed = evaluate(&set, &req).decision == Decision::Allowed;
        prop_assert_eq!(allowed, me == other);
    }

    /// Normalisation is stable and insensitive to the single-string/array spelling.
    #[test]
    fn normalized_ignores_spelling(actions in proptest::collection::vec("s3:[A-Za-z]{1,6}", 1..4)) {
        let as_array = serde_json::json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":actions,"Resource":"*"}]});
        let mut rev = actions.clone();
        rev.reverse();
        let upper: Vec<String> = rev.iter().map(|a| a.to_ascii_uppercase()).collect();
        let other = serde_json::json!({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":upper,"Resource":["*"]}});
        let a = PolicyDocument::from_value(&as_array).unwrap().normalized();
        let b = PolicyDocument::from_value(&other).unwrap().normalized();
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(PolicyDocument::from_value(&a).unwrap().normalized(), a);
    }
}
