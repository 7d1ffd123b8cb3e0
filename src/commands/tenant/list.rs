//! `tenantctl tenant list`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::cli::ListArgs;
use crate::error::Result;
use crate::naming::ATTR_CLINIC_ID;
use crate::output::{OutputFormat, Printer};
use crate::platform::Platform;
use crate::record::{Status, TenantRecord};
use crate::settings::Settings;

/// One row of `tenant list` (the JSON/CSV contract, documented in docs/output-formats.md).
#[derive(Debug, Serialize)]
pub struct TenantRow {
    pub tenant: String,
    pub tier: String,
    pub status: String,
    pub users: usize,
    pub project_id: String,
    pub project_id_source: String,
    pub data_prefix: String,
    pub created_at: String,
    pub updated_at: String,
}

pub(super) fn row(r: &TenantRecord, users: usize) -> TenantRow {
    TenantRow {
        tenant: r.tenant.to_string(),
        tier: r.tier.to_string(),
        status: r.status.as_str().to_string(),
        users,
        project_id: r.project_id.clone(),
        project_id_source: serde_json::to_value(r.project_id_source)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default(),
        data_prefix: format!(
            "s3://{}/{}",
            r.resources.data_bucket, r.resources.data_prefix
        ),
        created_at: r
            .created_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        updated_at: r
            .updated_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    }
}

const LIST_COLUMNS: [&str; 9] = [
    "tenant",
    "tier",
    "status",
    "users",
    "project_id",
    "project_id_source",
    "data_prefix",
    "created_at",
    "updated_at",
];

pub async fn list(settings: &Settings, args: &ListArgs, printer: &Printer) -> Result<i32> {
    let p = Platform::open(settings).await?;
    let tier_filter = args
        .tier
        .as_deref()
        .map(|t| p.cfg.parse_tier(t))
        .transpose()?;
    let records = p.load_all_records().await?;
    let pool = p.user_pool_id().await?;
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for u in p.aws.cognito_list_users(&pool).await? {
        if let Some(c) = u.attr(ATTR_CLINIC_ID) {
            *counts.entry(c.to_string()).or_default() += 1;
        }
    }
    let rows: Vec<TenantRow> = records
        .iter()
        .filter(|r| args.all || r.status != Status::Offboarded)
        .filter(|r| tier_filter.as_ref().is_none_or(|t| &r.tier == t))
        .map(|r| row(r, counts.get(r.tenant.as_str()).copied().unwrap_or(0)))
        .collect();
    if printer.format == OutputFormat::Json {
        printer.json(&rows)?;
    } else {
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                vec![
                    r.tenant.clone(),
                    r.tier.clone(),
                    r.status.clone(),
                    r.users.to_string(),
                    r.project_id.clone(),
                    r.project_id_source.clone(),
                    r.data_prefix.clone(),
                    r.created_at.clone(),
                    r.updated_at.clone(),
                ]
            })
            .collect();
        if printer.format == OutputFormat::Table {
            // The table keeps to what fits a terminal; CSV/JSON carry every column.
            let short: Vec<Vec<String>> = cells
                .iter()
                .map(|c| {
                    vec![
                        c[0].clone(),
                        c[1].clone(),
                        c[2].clone(),
                        c[3].clone(),
                        c[4].clone(),
                        c[7].clone(),
                    ]
                })
                .collect();
            printer.rows(
                &["tenant", "tier", "status", "users", "project id", "created"],
                &short,
            )?;
            printer.status(format!("{} tenant(s)", rows.len()));
        } else {
            printer.rows(&LIST_COLUMNS, &cells)?;
        }
    }
    Ok(0)
}
