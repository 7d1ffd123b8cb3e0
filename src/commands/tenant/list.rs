//! `tenantctl tenant list`.

use std::collections::BTreeMap;

use crate::cli::ListArgs;
use crate::error::Result;
use crate::naming::ATTR_CLINIC_ID;
use crate::output::{Column, Printer, Value};
use crate::platform::Platform;
use crate::record::{Status, TenantRecord};
use crate::settings::Settings;

/// One row of `tenant list` (the JSON/CSV contract, documented in docs/output-formats.md).
#[derive(Debug)]
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

/// The `tenant list` columns (docs/output-formats.md); the table keeps to what fits a terminal.
const COLUMNS: [Column; 9] = [
    Column::new("tenant"),
    Column::new("tier"),
    Column::new("status"),
    Column::new("users"),
    Column::titled("project_id", "project id"),
    Column::machine("project_id_source"),
    Column::machine("data_prefix"),
    Column::titled("created_at", "created"),
    Column::machine("updated_at"),
];

impl TenantRow {
    fn values(self) -> Vec<Value> {
        vec![
            self.tenant.into(),
            self.tier.into(),
            self.status.into(),
            self.users.into(),
            self.project_id.into(),
            self.project_id_source.into(),
            self.data_prefix.into(),
            self.created_at.into(),
            self.updated_at.into(),
        ]
    }
}

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
    let n = rows.len();
    let rows: Vec<Vec<Value>> = rows.into_iter().map(TenantRow::values).collect();
    printer.print_rows(&COLUMNS, &rows)?;
    printer.table_footer(format!("{n} tenant(s)"));
    Ok(0)
}
