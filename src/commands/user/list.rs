//! `tenantctl user list`.

use crate::cli::UserListArgs;
use crate::error::Result;
use crate::ids::TenantId;
use crate::lifecycle::users;
use crate::naming::{ATTR_CLINIC_ID, ATTR_TIER};
use crate::output::{Column, Printer, Value};
use crate::platform::Platform;
use crate::settings::Settings;

/// The `user list` columns (docs/output-formats.md).
const COLUMNS: [Column; 6] = [
    Column::new("email"),
    Column::new("enabled"),
    Column::new("status"),
    Column::new("tier"),
    Column::new("clinic_id"),
    Column::new("member"),
];

pub async fn list(settings: &Settings, args: &UserListArgs, printer: &Printer) -> Result<i32> {
    let t = TenantId::parse(&args.tenant)?;
    let p = Platform::open(settings).await?;
    let list = users::list(&p, &t).await?;
    let rows: Vec<Vec<Value>> = list
        .iter()
        .map(|(u, member)| {
            vec![
                u.attr("email").unwrap_or(&u.username).into(),
                u.enabled.into(),
                u.status.as_str().into(),
                u.attr(ATTR_TIER).unwrap_or("").into(),
                u.attr(ATTR_CLINIC_ID).unwrap_or("").into(),
                (*member).into(),
            ]
        })
        .collect();
    printer.print_rows(&COLUMNS, &rows)?;
    printer.table_footer(format!("{} user(s)", rows.len()));
    Ok(0)
}
