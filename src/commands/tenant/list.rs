//! `tenantctl tenant list`.

use std::collections::BTreeMap;

use crate::cli::ListArgs;
use crate::error::Result;
use crate::naming::ATTR_CLINIC_ID;
use crate::output::{Column, Printer, Value};
use crate::platform::index::IndexEntry;
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
    entry_row(r.tenant.as_str(), &IndexEntry::of(r, users))
}

/// A row from the registry index: the same columns the record gives (the index holds them).
fn entry_row(tenant: &str, e: &IndexEntry) -> TenantRow {
    TenantRow {
        tenant: tenant.to_string(),
        tier: e.tier.to_string(),
        status: e.status.as_str().to_string(),
        users: e.users,
        project_id: e.project_id.clone(),
        project_id_source: serde_json::to_value(e.project_id_source)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default(),
        data_prefix: format!("s3://{}/{}", e.data_bucket, e.data_prefix),
        created_at: e
            .created_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        updated_at: e
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
    let entries = match p.load_index().await? {
        Some(entries) => entries,
        None => {
            printer.warn(
                "the registry index is not built (a registry from before it): listing from SSM, ten tenants a call; run `tenantctl registry reindex` to build it",
            );
            sweep(&p).await?
        }
    };
    let rows: Vec<Vec<Value>> = entries
        .iter()
        .filter(|(_, e)| args.all || e.status != Status::Offboarded)
        .filter(|(_, e)| tier_filter.as_ref().is_none_or(|t| &e.tier == t))
        .map(|(t, e)| entry_row(t, e).values())
        .collect();
    let n = rows.len();
    printer.print_rows(&COLUMNS, &rows)?;
    printer.table_footer(format!("{n} tenant(s)"));
    Ok(0)
}

/// The list without the index: every record (⌈2N/10⌉ sequential `GetParametersByPath` pages)
/// and the users counted by their clinic claim (the whole pool, 60 a page).
async fn sweep(p: &Platform) -> Result<Vec<(String, IndexEntry)>> {
    let records = p.load_all_records().await?;
    let pool = p.user_pool_id().await?;
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for u in p.aws.cognito_list_users(&pool).await? {
        if let Some(c) = u.attr(ATTR_CLINIC_ID) {
            *counts.entry(c.to_string()).or_default() += 1;
        }
    }
    Ok(records
        .iter()
        .map(|r| {
            let users = counts.get(r.tenant.as_str()).copied().unwrap_or(0);
            (r.tenant.to_string(), IndexEntry::of(r, users))
        })
        .collect())
}
