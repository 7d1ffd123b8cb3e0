//! `--live`: probe the real account. For each ordered pair (A, B) of a bounded sample of
//! tenants, assume the TVM role with A's tags, write a canary into A's own prefix (must work:
//! positive control, `TI002` otherwise) and try to write a canary into B's prefix (must be
//! AccessDenied, `TI030` otherwise). Every canary that may have been written is removed
//! afterwards with the operator's credentials, on every path: also when a probe fails halfway.
//! An emulator that does not enforce ABAC (moto) reports every cross-tenant probe as a
//! finding: that is the mechanics working, not a verdict on the policies.

use crate::aws::errors::{classify, AwsResult};
use crate::aws::AwsErrorKind;
use crate::error::{Error, Result};
use crate::naming::{Names, TAG_CLINIC_ID, TAG_TIER, TAG_USER_ID};
use crate::output::Printer;
use crate::platform::Platform;

use super::{Finding, IsolationInput, RequestDesc, Rule, TenantEntry};

/// At most this many tenants are probed live (n·(n-1) cross-tenant writes).
pub const MAX_LIVE_TENANTS: usize = 5;

fn finding(
    rule: Rule,
    message: String,
    session: &str,
    target: &str,
    resource: String,
    decision: &str,
) -> Finding {
    Finding {
        session: Some(session.to_string()),
        target: Some(target.to_string()),
        action_class: Some("s3-write".into()),
        request: Some(RequestDesc {
            principal: format!("TVM session tagged ClinicId={session}"),
            action: "s3:PutObject".into(),
            resource,
            context: Default::default(),
        }),
        decision: Some(decision.into()),
        ..Finding::new(rule, message)
    }
}

/// What the probe needs from the account: the platform's adapters (a fake in the unit tests).
pub(crate) trait Account {
    type Session;
    /// Assume the TVM role with the tenant's `Tier`, `ClinicId` and `UserId` session tags.
    async fn assume(&self, tenant: &TenantEntry) -> Result<Self::Session>;
    /// Write the canary object `key` of the data bucket as that session.
    async fn put_canary(&self, session: &Self::Session, key: &str) -> AwsResult<()>;
    /// Remove every version of `key` with the operator's credentials; how many there were.
    async fn remove_canary(&self, key: &str) -> AwsResult<usize>;
}

struct PlatformAccount<'a> {
    p: &'a Platform,
    role_arn: &'a str,
}

impl Account for PlatformAccount<'_> {
    type Session = aws_sdk_s3::Client;

    async fn assume(&self, a: &TenantEntry) -> Result<aws_sdk_s3::Client> {
        let user = format!("dr@{}.example", a.id);
        let creds = self
            .p
            .aws
            .assume_role_tagged(
                self.role_arn,
                &format!("tenantctl-live-{}", a.id),
                &[
                    (TAG_TIER, &a.tier),
                    (TAG_CLINIC_ID, &a.id),
                    (TAG_USER_ID, &user),
                ],
            )
            .await?;
        Ok(self.p.aws.s3_as(&creds))
    }

    async fn put_canary(&self, s3: &aws_sdk_s3::Client, key: &str) -> AwsResult<()> {
        s3.put_object()
            .bucket(&self.p.names.data_bucket)
            .key(key)
            .body(aws_sdk_s3::primitives::ByteStream::from_static(
                b"tenantctl live isolation canary",
            ))
            .metadata("tenantctl", "canary")
            .send()
            .await
            .map(|_| ())
            .map_err(|e| classify(format!("s3:PutObject {key}"), e))
    }

    async fn remove_canary(&self, key: &str) -> AwsResult<usize> {
        let bucket = &self.p.names.data_bucket;
        let versions: Vec<(String, String)> = self
            .p
            .aws
            .s3_list_versions(bucket, key)
            .await?
            .into_iter()
            .filter(|v| v.key == key)
            .map(|v| (v.key, v.version_id))
            .collect();
        if !versions.is_empty() {
            self.p.aws.s3_delete_versions(bucket, &versions).await?;
        }
        Ok(versions.len())
    }
}

/// The tenants probed: the focused one first (if any), then others, at most `MAX_LIVE_TENANTS`.
fn sample(input: &IsolationInput) -> Vec<TenantEntry> {
    let mut sample: Vec<_> = input
        .tenants
        .iter()
        .filter(|t| input.focus.as_ref().is_none_or(|f| *f == t.id))
        .cloned()
        .collect();
    if let Some(f) = &input.focus {
        sample.extend(
            input
                .tenants
                .iter()
                .filter(|t| t.id != *f)
                .take(MAX_LIVE_TENANTS - 1)
                .cloned(),
        );
    }
    sample.truncate(MAX_LIVE_TENANTS);
    sample
}

/// What a live run did.
#[derive(Debug, Default)]
pub(crate) struct Probed {
    pub findings: Vec<Finding>,
    pub probes: usize,
    /// Keys that may hold a canary: written, or whose write failed other than AccessDenied
    /// (the object may exist even though the answer was lost).
    pub touched: Vec<String>,
}

fn canary(tier: &str, tenant: &str, run: &str, from: &str) -> String {
    format!("{tier}/{tenant}/.tenantctl-live-canary-{run}-from-{from}")
}

/// Write the canaries; stops at the first error other than AccessDenied. `out` holds what
/// was done so far either way, so the caller can clean up.
async fn write_canaries<A: Account>(
    acct: &A,
    names: &Names,
    sample: &[TenantEntry],
    run: &str,
    out: &mut Probed,
) -> Result<()> {
    for a in sample {
        let session = acct.assume(a).await?;
        let own = canary(&a.tier, &a.id, run, &a.id);
        match acct.put_canary(&session, &own).await {
            Ok(()) => out.touched.push(own),
            Err(e) if e.kind == AwsErrorKind::AccessDenied => out.findings.push(finding(
                Rule::OwnAccessDenied,
                format!("live probe: a TVM session tagged ClinicId={} cannot write its own prefix (positive control failed)", a.id),
                &a.id,
                &a.id,
                names.s3_object_arn(&names.data_bucket, &own),
                "AccessDenied (live)",
            )),
            Err(e) => {
                out.touched.push(own);
                return Err(e.into());
            }
        }
        for b in sample.iter().filter(|b| b.id != a.id) {
            let key = canary(&b.tier, &b.id, run, &a.id);
            out.probes += 1;
            match acct.put_canary(&session, &key).await {
                Ok(()) => {
                    out.findings.push(finding(
                        Rule::LiveProbeNotDenied,
                        format!(
                            "live probe: a TVM session tagged ClinicId={} wrote into {}'s prefix",
                            a.id, b.id
                        ),
                        &a.id,
                        &b.id,
                        names.s3_object_arn(&names.data_bucket, &key),
                        "Allowed (live)",
                    ));
                    out.touched.push(key);
                }
                Err(e) if e.kind == AwsErrorKind::AccessDenied => {}
                Err(e) => {
                    out.touched.push(key);
                    return Err(e.into());
                }
            }
        }
    }
    Ok(())
}

/// Probe, then remove every canary that may exist whatever happened. Returns the findings
/// and the number of canary versions removed; an error if the probe failed or a canary could
/// not be removed (naming the keys left behind).
pub(crate) async fn probe_with<A: Account>(
    acct: &A,
    names: &Names,
    sample: &[TenantEntry],
    run: &str,
) -> (Result<Probed>, usize) {
    let mut out = Probed::default();
    let probed = write_canaries(acct, names, sample, run, &mut out).await;
    let mut removed = 0;
    let mut left: Vec<String> = Vec::new();
    for key in &out.touched {
        match acct.remove_canary(key).await {
            Ok(n) => removed += n,
            Err(_) => left.push(key.clone()),
        }
    }
    if left.is_empty() {
        return (probed.map(|()| out), removed);
    }
    let what = format!(
        "{} live canary object(s) could not be removed from s3://{}: {}",
        left.len(),
        names.data_bucket,
        left.join(", ")
    );
    let hint = format!("delete every version of those keys (aws s3api list-object-versions --bucket {} --prefix <key>), they are all named *.tenantctl-live-canary-{run}-from-*", names.data_bucket);
    let err = match probed {
        Ok(()) => Error::env(what).with_hint(hint),
        Err(e) => {
            let hint = match &e.hint {
                Some(h) => format!("{hint}; then {h}"),
                None => hint,
            };
            let mut e = e.context("live probe").caused_by(what);
            e.message = format!("{}; and canaries were left behind", e.message);
            e.with_hint(hint)
        }
    };
    (Err(err), removed)
}

pub async fn probe(
    p: &Platform,
    input: &IsolationInput,
    printer: &Printer,
) -> Result<Vec<Finding>> {
    let sample = sample(input);
    let run = uuid::Uuid::new_v4().simple().to_string();
    let acct = PlatformAccount {
        p,
        role_arn: &input.tvm.role_arn,
    };
    let (probed, removed) = probe_with(&acct, &p.names, &sample, &run).await;
    let probed = probed?;
    printer.status(format!(
        "live: {} cross-tenant probe(s) over {} tenant(s); {} canary object(s) removed",
        probed.probes,
        sample.len(),
        removed
    ));
    Ok(probed.findings)
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::collections::BTreeSet;

    use super::*;
    use crate::aws::AwsError;
    use crate::policy::PolicySet;

    /// An account whose bucket is a set of keys. Every write succeeds unless scripted
    /// otherwise; `deny_all` answers every write AccessDenied (a deny-everything policy).
    #[derive(Default)]
    struct Fake {
        objects: RefCell<BTreeSet<String>>,
        puts: RefCell<usize>,
        /// The n-th write (0-based) is stored, then answered with a network fault.
        fail_put: Option<usize>,
        fail_assume: Option<&'static str>,
        fail_remove: Option<&'static str>,
        deny_all: bool,
    }

    fn err(kind: AwsErrorKind, code: &str) -> AwsError {
        AwsError {
            kind,
            op: "fake".into(),
            code: code.into(),
            message: String::new(),
        }
    }

    impl Account for Fake {
        type Session = String;
        async fn assume(&self, t: &TenantEntry) -> Result<String> {
            if self.fail_assume == Some(t.id.as_str()) {
                return Err(err(AwsErrorKind::Transient, "ServiceUnavailable").into());
            }
            Ok(t.id.clone())
        }
        async fn put_canary(&self, _: &String, key: &str) -> AwsResult<()> {
            let n = {
                let mut p = self.puts.borrow_mut();
                *p += 1;
                *p - 1
            };
            if self.deny_all {
                return Err(err(AwsErrorKind::AccessDenied, "AccessDenied"));
            }
            self.objects.borrow_mut().insert(key.to_string());
            if self.fail_put == Some(n) {
                return Err(err(AwsErrorKind::Transient, "Timeout"));
            }
            Ok(())
        }
        async fn remove_canary(&self, key: &str) -> AwsResult<usize> {
            if self
                .fail_remove
                .is_some_and(|t| key.contains(&format!("/{t}/")))
            {
                return Err(err(AwsErrorKind::Transient, "Timeout"));
            }
            Ok(usize::from(self.objects.borrow_mut().remove(key)))
        }
    }

    fn names() -> Names {
        Names {
            ns: crate::ids::Namespace::parse("medplat").unwrap(),
            partition: "aws".into(),
            account: "123456789012".into(),
            region: "us-east-1".into(),
            data_bucket: "medplat-data".into(),
            archive_bucket: "medplat-archive".into(),
            memory_id: None,
        }
    }

    fn tenants() -> Vec<TenantEntry> {
        ["clinic-a", "clinic-b", "clinic-c"]
            .iter()
            .map(|t| TenantEntry {
                id: t.to_string(),
                tier: "basic".into(),
                siloed_role: None,
            })
            .collect()
    }

    fn run(fake: &Fake) -> (Result<Probed>, usize) {
        futures::executor::block_on(probe_with(fake, &names(), &tenants(), "r1"))
    }

    #[test]
    fn an_emulator_without_abac_reports_every_cross_write_and_leaves_nothing() {
        let fake = Fake::default();
        let (probed, removed) = run(&fake);
        let probed = probed.unwrap();
        assert_eq!(probed.probes, 6);
        assert_eq!(
            probed
                .findings
                .iter()
                .filter(|f| f.rule == Rule::LiveProbeNotDenied)
                .count(),
            6
        );
        assert_eq!(removed, 9);
        assert!(
            fake.objects.borrow().is_empty(),
            "{:?}",
            fake.objects.borrow()
        );
    }

    #[test]
    fn a_write_failing_halfway_still_removes_every_canary_including_the_failed_one() {
        // Each of the 9 writes in turn (own and cross, every tenant) is stored, but its answer lost.
        for n in 0..9 {
            let fake = Fake {
                fail_put: Some(n),
                ..Default::default()
            };
            let (probed, _) = run(&fake);
            let e = probed
                .err()
                .unwrap_or_else(|| panic!("write {n}: the fault must be reported"));
            assert_eq!(e.kind, crate::error::ErrorKind::Environment);
            assert!(
                fake.objects.borrow().is_empty(),
                "write {n}: canaries left behind: {:?}",
                fake.objects.borrow()
            );
        }
    }

    #[test]
    fn assume_role_failing_for_a_later_tenant_still_removes_the_earlier_canaries() {
        let fake = Fake {
            fail_assume: Some("clinic-c"),
            ..Default::default()
        };
        let (probed, removed) = run(&fake);
        assert!(probed.is_err());
        assert_eq!(
            removed, 6,
            "clinic-a's and clinic-b's own and cross canaries"
        );
        assert!(
            fake.objects.borrow().is_empty(),
            "{:?}",
            fake.objects.borrow()
        );
    }

    #[test]
    fn a_deny_everything_account_does_not_pass_live() {
        let fake = Fake {
            deny_all: true,
            ..Default::default()
        };
        let (probed, removed) = run(&fake);
        let probed = probed.unwrap();
        assert_eq!(removed, 0);
        let own: Vec<_> = probed
            .findings
            .iter()
            .filter(|f| f.rule == Rule::OwnAccessDenied)
            .collect();
        assert_eq!(own.len(), 3, "{:#?}", probed.findings);
        assert!(
            own.iter()
                .all(|f| f.session == f.target
                    && f.decision.as_deref() == Some("AccessDenied (live)"))
        );
        assert!(!probed
            .findings
            .iter()
            .any(|f| f.rule == Rule::LiveProbeNotDenied));
        // ...and the report is not isolated.
        let input = IsolationInput {
            contract: crate::naming::contract::Contract::tenantctl("medplat"),
            ambiguous: Default::default(),
            names: names(),
            tiers: Vec::new(),
            tenants: Vec::new(),
            tvm: super::super::RoleUnderTest {
                role_name: "tvm".into(),
                role_arn: "arn:aws:iam::123456789012:role/tvm".into(),
                policies: PolicySet::default(),
                trust: None,
            },
            runtime_roles: Vec::new(),
            trusted_principals: Vec::new(),
            focus: None,
            adversarial: false,
            preflight: probed.findings,
            notes: Vec::new(),
        };
        let rep = super::super::validate(&input);
        assert!(!rep.isolated);
        assert_eq!(
            rep.summary.findings_by_rule.get("TI002 own-access-denied"),
            Some(&3)
        );
    }

    #[test]
    fn a_canary_that_cannot_be_removed_is_an_error_naming_it() {
        let fake = Fake {
            fail_remove: Some("clinic-b"),
            ..Default::default()
        };
        let (probed, removed) = run(&fake);
        let e = probed.err().unwrap();
        assert!(
            e.message.contains("could not be removed")
                && e.message
                    .contains("basic/clinic-b/.tenantctl-live-canary-r1-from-"),
            "{}",
            e.message
        );
        assert!(e.hint.unwrap().contains("tenantctl-live-canary-r1"));
        assert_eq!(removed, 6);
        assert_eq!(
            fake.objects.borrow().len(),
            3,
            "only clinic-b's three canaries are left"
        );
        // A probe fault and a failed clean-up: both are reported.
        let fake = Fake {
            fail_remove: Some("clinic-b"),
            fail_assume: Some("clinic-c"),
            ..Default::default()
        };
        let e = run(&fake).0.err().unwrap();
        assert!(
            e.message.contains("ServiceUnavailable") && e.message.contains("left behind"),
            "{}",
            e.message
        );
        assert!(
            e.causes.iter().any(|c| c.contains("basic/clinic-b/")),
            "{:?}",
            e.causes
        );
    }
}
