//! Billing and Cost Management Data Exports: find an export by name, create the CUR 2.0
//! export `cost setup` plans. (The Data Exports endpoint lives in us-east-1 only; the SDK's
//! endpoint rules route it there.)

use std::collections::HashMap;

use aws_sdk_bcmdataexports::types::{
    CompressionOption, DataQuery, DestinationConfigurations, Export, FormatOption, FrequencyOption,
    OverwriteOption, RefreshCadence, S3Destination, S3OutputConfigurations, S3OutputType,
};

use super::errors::{classify, AwsResult};
use super::{Aws, AwsError, AwsErrorKind};

/// An existing export, as far as `cost setup` compares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportInfo {
    pub arn: String,
    pub name: String,
    pub query: String,
    pub bucket: String,
    pub prefix: String,
}

/// The export `cost setup` creates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSpec {
    pub name: String,
    pub query: String,
    /// Table properties of COST_AND_USAGE_REPORT.
    pub table_properties: Vec<(String, String)>,
    pub bucket: String,
    pub prefix: String,
    pub region: String,
}

fn invalid(op: &str, why: String) -> AwsError {
    AwsError {
        kind: AwsErrorKind::Invalid,
        op: op.to_string(),
        code: "Invalid".into(),
        message: why,
    }
}

/// Observing fails soft (a note in the plan): two attempts absorb a single throttle instead
/// of a minute of retries.
fn observe_retry() -> aws_sdk_bcmdataexports::config::Builder {
    aws_sdk_bcmdataexports::config::Builder::default()
        .retry_config(aws_config::retry::RetryConfig::standard().with_max_attempts(2))
}

impl Aws {
    /// The export named `name`, if any (ListExports, then GetExport).
    pub async fn bcm_find_export(&self, name: &str) -> AwsResult<Option<ExportInfo>> {
        let mut token: Option<String> = None;
        let arn = loop {
            let page = self
                .bcm
                .list_exports()
                .set_next_token(token.clone())
                .customize()
                .config_override(observe_retry())
                .send()
                .await
                .map_err(|e| classify("bcm-data-exports:ListExports", e))?;
            if let Some(e) = page.exports().iter().find(|e| e.export_name() == name) {
                break Some(e.export_arn().to_string());
            }
            match page.next_token().filter(|t| !t.is_empty()) {
                Some(t) if Some(t) != token.as_deref() => token = Some(t.to_string()),
                _ => break None,
            }
        };
        let Some(arn) = arn else { return Ok(None) };
        let op = format!("bcm-data-exports:GetExport {arn}");
        let out = self
            .bcm
            .get_export()
            .export_arn(&arn)
            .customize()
            .config_override(observe_retry())
            .send()
            .await
            .map_err(|e| classify(op.clone(), e))?;
        let e = out
            .export
            .ok_or_else(|| invalid(&op, "no export in the answer".into()))?;
        let s3 = e
            .destination_configurations()
            .and_then(|d| d.s3_destination());
        Ok(Some(ExportInfo {
            arn,
            name: e.name().to_string(),
            query: e
                .data_query()
                .map(|q| q.query_statement().to_string())
                .unwrap_or_default(),
            bucket: s3.map(|s| s.s3_bucket().to_string()).unwrap_or_default(),
            prefix: s3.map(|s| s.s3_prefix().to_string()).unwrap_or_default(),
        }))
    }

    /// CreateExport: CUR 2.0 as Parquet, overwritten daily, into `bucket/prefix`.
    pub async fn bcm_create_export(&self, spec: &ExportSpec) -> AwsResult<String> {
        let op = format!("bcm-data-exports:CreateExport {}", spec.name);
        let props: HashMap<String, String> = spec.table_properties.iter().cloned().collect();
        let mut tables = HashMap::new();
        tables.insert("COST_AND_USAGE_REPORT".to_string(), props);
        let build = |what: &str, e: aws_smithy_types::error::operation::BuildError| {
            invalid(&op, format!("{what}: {e}"))
        };
        let export = Export::builder()
            .name(&spec.name)
            .description(
                "CUR 2.0 with caller identity for tenantctl cost report --source cur/athena",
            )
            .data_query(
                DataQuery::builder()
                    .query_statement(&spec.query)
                    .set_table_configurations(Some(tables))
                    .build()
                    .map_err(|e| build("data query", e))?,
            )
            .destination_configurations(
                DestinationConfigurations::builder()
                    .s3_destination(
                        S3Destination::builder()
                            .s3_bucket(&spec.bucket)
                            .s3_prefix(&spec.prefix)
                            .s3_region(&spec.region)
                            .s3_output_configurations(
                                S3OutputConfigurations::builder()
                                    .output_type(S3OutputType::Custom)
                                    .format(FormatOption::Parquet)
                                    .compression(CompressionOption::Parquet)
                                    .overwrite(OverwriteOption::OverwriteReport)
                                    .build()
                                    .map_err(|e| build("output", e))?,
                            )
                            .build()
                            .map_err(|e| build("destination", e))?,
                    )
                    .build(),
            )
            .refresh_cadence(
                RefreshCadence::builder()
                    .frequency(FrequencyOption::Synchronous)
                    .build()
                    .map_err(|e| build("cadence", e))?,
            )
            .build()
            .map_err(|e| build("export", e))?;
        let out = self
            .bcm
            .create_export()
            .export(export)
            .send()
            .await
            .map_err(|e| classify(op.clone(), e))?;
        Ok(out.export_arn.unwrap_or_default())
    }
}
