//! `--live`: probe the real account. For each ordered pair (A, B) of a bounded sample of
//! tenants, assume the TVM role with A's tags, write a canary into A's own prefix (must work:
//! positive control) and try to write a canary into B's prefix (must be AccessDenied). Every
//! canary is removed afterwards with the operator's credentials. An emulator that does not
//! enforce ABAC (moto) reports every cross-tenant probe as a finding: that is the mechanics
//! working, not a verdict on the policies.

use crate::aws::errors::classify;
use crate::aws::AwsErrorKind;
use crate::error::Result;
use crate::lifecycle::Platform;
use crate::output::Printer;

use super::{Finding, IsolationInput, RequestDesc, Rule};

/// At most this many tenants are probed live (n·(n-1) cross-tenant writes).
pub const MAX_LIVE_TENANTS: usize = 5;

fn finding(message: String, session: &str, target: &str, resource: String) -> Finding {
    Finding {
        rule: Rule::LiveProbeNotDenied,
        rule_name: Rule::LiveProbeNotDenied.name(),
        severity: Rule::LiveProbeNotDenied.severity(),
        message,
        session: Some(session.to_string()),
        target: Some(target.to_string()),
        action_class: Some("s3-write".into()),
        request: Some(RequestDesc { principal: format!("TVM session tagged ClinicId={session}"), action: "s3:PutObject".into(), resource, context: Default::default() }),
        decision: Some("Allowed (live)".into()),
        statements: Vec::new(),
        explanation: String::new(),
    }
}

pub async fn probe(p: &Platform, input: &IsolationInput, printer: &Printer) -> Result<Vec<Finding>> {
    let names = &p.names;
    let mut sample: Vec<_> = input.tenants.iter().filter(|t| input.focus.as_ref().is_none_or(|f| *f == t.id)).cloned().collect();
    if let Some(f) = &input.focus {
        sample.extend(input.tenants.iter().filter(|t| t.id != *f).take(MAX_LIVE_TENANTS - 1).cloned());
    }
    sample.truncate(MAX_LIVE_TENANTS);
    let run = uuid::Uuid::new_v4().simple().to_string();
    let canary = |tier: &str, tenant: &str, from: &str| format!("{tier}/{tenant}/.tenantctl-live-canary-{run}-from-{from}");
    let mut findings = Vec::new();
    let mut written: Vec<String> = Vec::new();
    let mut probes = 0;
    for a in &sample {
        let user = format!("dr@{}.example", a.id);
        let creds = p
            .aws
            .assume_role_tagged(&input.tvm.role_arn, &format!("tenantctl-live-{}", a.id), &[("Tier", &a.tier), ("ClinicId", &a.id), ("UserId", &user)])
            .await?;
        let s3 = p.aws.s3_as(&creds);
        let own = canary(&a.tier, &a.id, &a.id);
        let put = |key: String| {
            let s3 = s3.clone();
            async move {
                s3.put_object()
                    .bucket(&names.data_bucket)
                    .key(&key)
                    .body(aws_sdk_s3::primitives::ByteStream::from_static(b"tenantctl live isolation canary"))
                    .metadata("tenantctl", "canary")
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(|e| classify(format!("s3:PutObject {key}"), e))
            }
        };
        match put(own.clone()).await {
            Ok(()) => written.push(own.clone()),
            Err(e) if e.kind == AwsErrorKind::AccessDenied => {
                printer.warn(format!("live: tenant {} cannot write its own prefix (positive control failed)", a.id));
            }
            Err(e) => return Err(e.into()),
        }
        for b in sample.iter().filter(|b| b.id != a.id) {
            let key = canary(&b.tier, &b.id, &a.id);
            probes += 1;
            match put(key.clone()).await {
                Ok(()) => {
                    written.push(key.clone());
                    findings.push(finding(
                        format!("live probe: a TVM session tagged ClinicId={} wrote into {}'s prefix", a.id, b.id),
                        &a.id,
                        &b.id,
                        names.s3_object_arn(&names.data_bucket, &key),
                    ));
                }
                Err(e) if e.kind == AwsErrorKind::AccessDenied => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    // Clean up with the operator's own credentials, every version (the bucket is versioned).
    for key in &written {
        let versions: Vec<(String, String)> = p
            .aws
            .s3_list_versions(&names.data_bucket, key)
            .await?
            .into_iter()
            .filter(|v| &v.key == key)
            .map(|v| (v.key, v.version_id))
            .collect();
        p.aws.s3_delete_versions(&names.data_bucket, &versions).await?;
    }
    printer.status(format!("live: {} cross-tenant probe(s) over {} tenant(s); {} canary object(s) removed", probes, sample.len(), written.len()));
    Ok(findings)
}
