//! `cost setup`: what billing needs before per-tenant reports are billing-grade, as a plan
//! computed from observed state (pure: `plan`), then applied in order by the command.
//!
//! 1. the export bucket exists and its policy lets Data Exports write into it;
//! 2. the cost allocation tags are active: the resource tags `ClinicId`, `Tier` and the TVM
//!    session's principal tags `iamPrincipal/ClinicId`, `iamPrincipal/Tier`,
//!    `iamPrincipal/UserId` (activation is not retroactive);
//! 3. a CUR 2.0 export (Data Exports, table COST_AND_USAGE_REPORT, Parquet) whose query
//!    selects the caller identity (`line_item_iam_principal`) and the `tags` map, delivered to
//!    `[cost.export]`'s bucket and prefix.
//!
//! Every step is idempotent, and a step whose state is already right is not planned, so a
//! second run plans nothing.

use serde_json::{json, Value};

use crate::aws::bcm::{ExportInfo, ExportSpec};
use crate::aws::ce::CeTagStatus;
use crate::config::ExportConfig;
use crate::naming::{TAG_CLINIC_ID, TAG_TIER, TAG_USER_ID};
use crate::plan::{Action, Change};

use super::cur::PRINCIPAL_PREFIX;

/// Columns of the export: what the reports read, plus the identity and account columns
/// finance needs to audit a line.
pub const EXPORT_COLUMNS: &[&str] = &[
    "bill_billing_period_start_date",
    "bill_payer_account_id",
    "identity_line_item_id",
    "identity_time_interval",
    "line_item_usage_account_id",
    "line_item_line_item_type",
    "line_item_usage_start_date",
    "line_item_usage_end_date",
    "line_item_product_code",
    "line_item_usage_type",
    "line_item_operation",
    "line_item_resource_id",
    "line_item_usage_amount",
    "line_item_currency_code",
    "line_item_unblended_cost",
    "line_item_blended_cost",
    "line_item_net_unblended_cost",
    "line_item_iam_principal",
    "product",
    "product_servicecode",
    "tags",
];

/// The Sid of the bucket policy statement tenantctl owns.
pub const POLICY_SID: &str = "TenantctlDataExports";

/// The cost allocation tag keys the reports group by.
pub fn tag_keys() -> Vec<String> {
    let mut keys = vec![TAG_CLINIC_ID.to_string(), TAG_TIER.to_string()];
    for k in [TAG_CLINIC_ID, TAG_TIER, TAG_USER_ID] {
        keys.push(format!("{PRINCIPAL_PREFIX}{k}"));
    }
    keys
}

pub fn export_query() -> String {
    format!(
        "SELECT {} FROM COST_AND_USAGE_REPORT",
        EXPORT_COLUMNS.join(", ")
    )
}

/// What `cost setup` found. An `Err` is the reason the state could not be read.
#[derive(Debug, Clone)]
pub struct Observed {
    pub tags: std::result::Result<Vec<CeTagStatus>, String>,
    /// `None` when there is no `[cost.export]`.
    pub bucket: Option<std::result::Result<BucketState, String>>,
    pub export: Option<std::result::Result<Option<ExportInfo>, String>>,
}

#[derive(Debug, Clone, Default)]
pub struct BucketState {
    pub exists: bool,
    /// The bucket policy as it is (JSON), if any.
    pub policy: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    CreateBucket { bucket: String },
    PutBucketPolicy { bucket: String, policy: String },
    ActivateTags { keys: Vec<String> },
    CreateExport(ExportSpec),
}

#[derive(Debug, Clone, Default)]
pub struct SetupPlan {
    pub steps: Vec<Step>,
    /// Things to know (printed as warnings): the activation warning, state that could not be
    /// read, an existing export that differs.
    pub notes: Vec<String>,
}

/// Where the export goes and what it is called.
#[derive(Debug, Clone)]
pub struct Target<'a> {
    pub export: Option<&'a ExportConfig>,
    pub namespace: &'a str,
    pub account: &'a str,
    pub partition: &'a str,
    pub region: &'a str,
}

impl Target<'_> {
    pub fn export_name(&self) -> Option<String> {
        self.export.map(|e| {
            e.name
                .clone()
                .unwrap_or_else(|| format!("{}-cur2", self.namespace))
        })
    }
}

/// The statement letting Data Exports (and the legacy CUR service) write into the bucket,
/// limited to exports of this account.
pub fn policy_statement(t: &Target, bucket: &str) -> Value {
    let p = t.partition;
    let a = t.account;
    json!({
        "Sid": POLICY_SID,
        "Effect": "Allow",
        "Principal": {"Service": ["billingreports.amazonaws.com", "bcm-data-exports.amazonaws.com"]},
        "Action": ["s3:PutObject", "s3:GetBucketPolicy"],
        "Resource": [format!("arn:{p}:s3:::{bucket}"), format!("arn:{p}:s3:::{bucket}/*")],
        "Condition": {
            "StringLike": {
                "aws:SourceAccount": a,
                "aws:SourceArn": [
                    format!("arn:{p}:cur:us-east-1:{a}:definition/*"),
                    format!("arn:{p}:bcm-data-exports:us-east-1:{a}:export/*"),
                ]
            }
        }
    })
}

/// The bucket policy with tenantctl's statement in place (other statements kept), or `None`
/// when it is already there as it should be. `Err` when the existing policy is not JSON.
pub fn merged_policy(
    existing: Option<&str>,
    statement: &Value,
) -> std::result::Result<Option<String>, String> {
    let mut doc = match existing {
        Some(p) => serde_json::from_str::<Value>(p)
            .map_err(|e| format!("the bucket policy is not JSON ({e})"))?,
        None => json!({"Version": "2012-10-17", "Statement": []}),
    };
    let stmts = match doc.get_mut("Statement") {
        Some(Value::Array(a)) => a,
        Some(s @ Value::Object(_)) => {
            *s = Value::Array(vec![s.clone()]);
            s.as_array_mut().expect("just made an array")
        }
        _ => return Err("the bucket policy has no Statement list".into()),
    };
    match stmts
        .iter()
        .position(|s| s.get("Sid").and_then(Value::as_str) == Some(POLICY_SID))
    {
        Some(i) if &stmts[i] == statement => return Ok(None),
        Some(i) => stmts[i] = statement.clone(),
        None => stmts.push(statement.clone()),
    }
    Ok(Some(doc.to_string()))
}

/// The plan from what was observed.
pub fn plan(t: &Target, obs: &Observed) -> SetupPlan {
    let mut p = SetupPlan::default();
    // 1. The bucket and its policy.
    if let (Some(e), Some(bucket)) = (t.export, &obs.bucket) {
        let statement = policy_statement(t, &e.bucket);
        match bucket {
            Ok(b) => {
                if !b.exists {
                    p.steps.push(Step::CreateBucket {
                        bucket: e.bucket.clone(),
                    });
                }
                match merged_policy(b.policy.as_deref().filter(|_| b.exists), &statement) {
                    Ok(Some(policy)) => p.steps.push(Step::PutBucketPolicy {
                        bucket: e.bucket.clone(),
                        policy,
                    }),
                    Ok(None) => {}
                    Err(why) => p.notes.push(format!(
                        "s3://{}: {why}; add statement {POLICY_SID} by hand (docs/cost.md)",
                        e.bucket
                    )),
                }
            }
            Err(why) => p.notes.push(format!(
                "could not read bucket {} ({why}): nothing planned for it",
                e.bucket
            )),
        }
    }
    // 2. Tags.
    let keys = tag_keys();
    let inactive: Vec<String> = match &obs.tags {
        Ok(statuses) => keys
            .iter()
            .filter(|k| !statuses.iter().any(|s| &s.key == *k && s.active))
            .cloned()
            .collect(),
        Err(why) => {
            p.notes.push(format!(
                "could not read the cost allocation tags' status ({why}): activating all of {} (idempotent)",
                keys.join(", ")
            ));
            keys.clone()
        }
    };
    if !inactive.is_empty() {
        p.notes.push(format!(
            "activation is not retroactive: cost incurred before {} became active stays untagged in Cost Explorer and CUR (request a backfill in Billing → Cost allocation tags to restate up to 12 months)",
            inactive.join(", ")
        ));
        p.steps.push(Step::ActivateTags { keys: inactive });
    }
    // 3. The export.
    match (t.export, t.export_name(), &obs.export) {
        (Some(e), Some(name), Some(found)) => {
            let spec = ExportSpec {
                name: name.clone(),
                query: export_query(),
                table_properties: vec![
                    ("TIME_GRANULARITY".into(), "DAILY".into()),
                    ("INCLUDE_RESOURCES".into(), "TRUE".into()),
                    ("INCLUDE_SPLIT_COST_ALLOCATION_DATA".into(), "FALSE".into()),
                    ("INCLUDE_MANUAL_DISCOUNT_COMPATIBILITY".into(), "FALSE".into()),
                ],
                bucket: e.bucket.clone(),
                prefix: e.prefix.clone(),
                region: "us-east-1".into(),
            };
            match found {
                Ok(None) => p.steps.push(Step::CreateExport(spec)),
                Ok(Some(x)) => {
                    let mut differs = Vec::new();
                    if x.bucket != e.bucket || x.prefix != e.prefix {
                        differs.push(format!(
                            "it delivers to s3://{}/{}, the config says s3://{}/{}",
                            x.bucket, x.prefix, e.bucket, e.prefix
                        ));
                    }
                    for col in ["line_item_iam_principal", "tags"] {
                        if !x.query.contains(col) {
                            differs.push(format!("its query does not select `{col}`"));
                        }
                    }
                    if !differs.is_empty() {
                        p.notes.push(format!(
                            "export {name} exists but {}: not changed (fix it in Billing → Data Exports, or name another export in [cost.export].name)",
                            differs.join("; ")
                        ));
                    }
                }
                Err(why) => p.notes.push(format!(
                    "could not list Data Exports ({why}): nothing planned for export {name}"
                )),
            }
        }
        _ => p.notes.push(
            "no [cost.export] in the config: no CUR 2.0 export planned (add bucket = \"…\" under [cost.export], docs/configuration.md)".into(),
        ),
    }
    p
}

/// The plan as the changes every plan → apply command shows.
pub fn changes(p: &SetupPlan) -> Vec<Change> {
    p.steps
        .iter()
        .map(|s| match s {
            Step::CreateBucket { bucket } => Change {
                tenant: None,
                action: Action::Create,
                resource: format!("s3://{bucket}"),
                detail: "bucket for the CUR 2.0 export".into(),
            },
            Step::PutBucketPolicy { bucket, .. } => Change {
                tenant: None,
                action: Action::Update,
                resource: format!("s3://{bucket} policy"),
                detail: format!(
                    "statement {POLICY_SID}: Data Exports may write (s3:PutObject) for this account"
                ),
            },
            Step::ActivateTags { keys } => Change {
                tenant: None,
                action: Action::Update,
                resource: "ce:cost-allocation-tags".into(),
                detail: format!("activate {}", keys.join(", ")),
            },
            Step::CreateExport(e) => Change {
                tenant: None,
                action: Action::Create,
                resource: format!("bcm-data-exports:{}", e.name),
                detail: format!(
                    "CUR 2.0 (COST_AND_USAGE_REPORT) with caller identity, daily, Parquet → s3://{}/{}/",
                    e.bucket, e.prefix
                ),
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> ExportConfig {
        ExportConfig {
            bucket: "medplat-billing".into(),
            prefix: "cur2".into(),
            name: None,
        }
    }

    fn target(e: &ExportConfig) -> Target<'_> {
        Target {
            export: Some(e),
            namespace: "medplat",
            account: "123456789012",
            partition: "aws",
            region: "eu-west-1",
        }
    }

    fn render(p: &SetupPlan) -> String {
        let mut out = String::new();
        for c in changes(p) {
            out.push_str(&format!(
                "{} {} — {}\n",
                c.action.symbol(),
                c.resource,
                c.detail
            ));
        }
        for n in &p.notes {
            out.push_str(&format!("note: {n}\n"));
        }
        out
    }

    /// A fresh account: everything planned, in order, with the activation warning.
    #[test]
    fn fresh_account_plan_as_text() {
        let e = cfg();
        let p = plan(
            &target(&e),
            &Observed {
                tags: Ok(vec![CeTagStatus {
                    key: "ClinicId".into(),
                    active: true,
                }]),
                bucket: Some(Ok(BucketState::default())),
                export: Some(Ok(None)),
            },
        );
        let expected = "\
+ s3://medplat-billing — bucket for the CUR 2.0 export
~ s3://medplat-billing policy — statement TenantctlDataExports: Data Exports may write (s3:PutObject) for this account
~ ce:cost-allocation-tags — activate Tier, iamPrincipal/ClinicId, iamPrincipal/Tier, iamPrincipal/UserId
+ bcm-data-exports:medplat-cur2 — CUR 2.0 (COST_AND_USAGE_REPORT) with caller identity, daily, Parquet → s3://medplat-billing/cur2/
note: activation is not retroactive: cost incurred before Tier, iamPrincipal/ClinicId, iamPrincipal/Tier, iamPrincipal/UserId became active stays untagged in Cost Explorer and CUR (request a backfill in Billing → Cost allocation tags to restate up to 12 months)
";
        assert_eq!(render(&p), expected, "\n{}", render(&p));
        let Step::CreateExport(x) = &p.steps[3] else {
            panic!("{:?}", p.steps)
        };
        assert!(x.query.contains("line_item_iam_principal") && x.query.contains(", tags FROM"));
        assert_eq!(x.region, "us-east-1");
        let Step::PutBucketPolicy { policy, .. } = &p.steps[1] else {
            panic!()
        };
        let v: Value = serde_json::from_str(policy).unwrap();
        assert_eq!(
            v["Statement"][0]["Condition"]["StringLike"]["aws:SourceAccount"],
            "123456789012"
        );
    }

    /// Everything in place: nothing planned (idempotent), no activation warning.
    #[test]
    fn done_plans_nothing() {
        let e = cfg();
        let t = target(&e);
        let policy = merged_policy(None, &policy_statement(&t, &e.bucket))
            .unwrap()
            .unwrap();
        let p = plan(
            &t,
            &Observed {
                tags: Ok(tag_keys()
                    .into_iter()
                    .map(|key| CeTagStatus { key, active: true })
                    .collect()),
                bucket: Some(Ok(BucketState {
                    exists: true,
                    policy: Some(policy),
                })),
                export: Some(Ok(Some(ExportInfo {
                    arn: "arn:aws:bcm-data-exports:us-east-1:123456789012:export/medplat-cur2"
                        .into(),
                    name: "medplat-cur2".into(),
                    query: export_query(),
                    bucket: "medplat-billing".into(),
                    prefix: "cur2".into(),
                }))),
            },
        );
        assert!(p.steps.is_empty(), "{:?}", p.steps);
        assert!(p.notes.is_empty(), "{:?}", p.notes);
    }

    /// State that cannot be read, a foreign policy kept, an export that differs left alone.
    #[test]
    fn unreadable_state_foreign_policy_and_drifted_export() {
        let e = cfg();
        let foreign = r#"{"Version":"2012-10-17","Statement":{"Sid":"Other","Effect":"Deny","Principal":"*","Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::medplat-billing"}}"#;
        let p = plan(
            &target(&e),
            &Observed {
                tags: Err("ce:ListCostAllocationTags failed: AccessDenied".into()),
                bucket: Some(Ok(BucketState {
                    exists: true,
                    policy: Some(foreign.into()),
                })),
                export: Some(Ok(Some(ExportInfo {
                    arn: "x".into(),
                    name: "medplat-cur2".into(),
                    query: "SELECT line_item_unblended_cost FROM COST_AND_USAGE_REPORT".into(),
                    bucket: "other".into(),
                    prefix: "cur2".into(),
                }))),
            },
        );
        let text = render(&p);
        assert!(
            text.contains("activate ClinicId, Tier, iamPrincipal/ClinicId"),
            "{text}"
        );
        assert!(
            text.contains("could not read the cost allocation tags' status"),
            "{text}"
        );
        assert!(
            text.contains("export medplat-cur2 exists but it delivers to s3://other/cur2"),
            "{text}"
        );
        assert!(
            text.contains("does not select `line_item_iam_principal`"),
            "{text}"
        );
        assert!(!p.steps.iter().any(|s| matches!(s, Step::CreateExport(_))));
        let Some(Step::PutBucketPolicy { policy, .. }) = p.steps.first() else {
            panic!("{:?}", p.steps)
        };
        let v: Value = serde_json::from_str(policy).unwrap();
        assert_eq!(
            v["Statement"].as_array().unwrap().len(),
            2,
            "the other statement is kept"
        );
        assert_eq!(v["Statement"][0]["Sid"], "Other");
        // No [cost.export]: tags only, and a note.
        let p = plan(
            &Target {
                export: None,
                ..target(&e)
            },
            &Observed {
                tags: Ok(vec![]),
                bucket: None,
                export: None,
            },
        );
        assert_eq!(p.steps.len(), 1);
        assert!(render(&p).contains("no [cost.export]"));
    }
}
