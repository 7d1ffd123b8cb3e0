//! Fuzz the policy document parser: arbitrary bytes must parse or be rejected with an error
//! (never panic); an accepted document must evaluate without panicking, and its normalised
//! form must parse again to the same normalised form.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tenantctl::policy::{evaluate, Context, NamedPolicy, PolicyDocument, PolicySet, Request};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let doc = match PolicyDocument::parse(text) {
        Ok(d) => d,
        Err(e) => {
            // The error is one line.
            assert!(!e.to_string().contains('\n'));
            return;
        }
    };
    let norm = doc.normalized();
    let again = PolicyDocument::from_value(&norm).expect("a normalised document parses");
    assert_eq!(again.normalized(), norm, "normalisation is idempotent");

    let mut context = Context::new();
    context.set("aws:PrincipalTag/ClinicId", "clinic-a");
    context.set("aws:TagKeys", vec!["ClinicId", "Tier"]);
    context.set("aws:SourceIp", "203.0.113.7");
    let req = Request {
        principal: "arn:aws:sts::111122223333:assumed-role/tvm/s".into(),
        action: "s3:GetObject".into(),
        resource: "arn:aws:s3:::bkt/basic/clinic-a/x".into(),
        resource_account: Some("111122223333".into()),
        context,
    };
    for place in 0..3 {
        let mut set = PolicySet::default();
        let p = NamedPolicy::new("fuzz", doc.clone());
        match place {
            0 => set.identity.push(p),
            1 => set.resource = Some(p),
            _ => set.scps.push(vec![p]),
        }
        let _ = evaluate(&set, &req);
    }
});
