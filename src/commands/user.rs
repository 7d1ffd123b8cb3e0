//! `tenantctl user add|remove|list`.

use crate::cli::{UserAddArgs, UserListArgs, UserRemoveArgs};
use crate::commands::confirm::confirm_tenant;
use crate::commands::mutation::{self, Mutation};
use crate::error::Result;
use crate::ids::TenantId;
use crate::lifecycle::users;
use crate::naming::{ATTR_CLINIC_ID, ATTR_TIER};
use crate::output::{Column, Printer, Value};
use crate::platform::Platform;
use crate::settings::Settings;

pub async fn add(settings: &Settings, args: &UserAddArgs, printer: &Printer) -> Result<i32> {
    // Everything is validated (ids, emails, the file) before the first AWS call.
    let t = TenantId::parse(&args.tenant)?;
    let mut raw = args.emails.clone();
    if let Some(f) = &args.users_file {
        raw.extend(crate::lifecycle::onboard::read_users_csv(f)?);
    }
    let emails = users::parse_emails(&raw)?;
    let p = Platform::open(settings).await?;
    let work = users::add(&p, printer, &t, &emails, args.dry_run);
    let m = Mutation::tenant(format!("user add {t}"), &t, args.dry_run);
    let n = mutation::guarded(&p, settings, printer, m, work).await?;
    if !args.dry_run && n > 0 {
        printer.status(format!("user add: applied {n} change(s) to {t}"));
    }
    Ok(0)
}

pub async fn remove(settings: &Settings, args: &UserRemoveArgs, printer: &Printer) -> Result<i32> {
    let t = TenantId::parse(&args.tenant)?;
    let emails = users::parse_emails(&args.emails)?;
    let p = Platform::open(settings).await?;
    let confirm = |c: &[crate::plan::Change]| {
        confirm_tenant(
            &t,
            &format!("sign out and delete {} user(s) of {t}", c.len()),
            args.yes,
        )
    };
    let work = users::remove(&p, printer, &t, &emails, args.dry_run, &confirm);
    let m = Mutation::tenant(format!("user remove {t}"), &t, args.dry_run);
    let n = mutation::guarded(&p, settings, printer, m, work).await?;
    if !args.dry_run && n > 0 {
        printer.status(format!("user remove: removed {n} user(s) from {t}"));
    }
    Ok(0)
}

/// The `user list` columns (docs/output-formats.md).
const COLUMNS: [Column; 5] = [
    Column::new("email"),
    Column::new("enabled"),
    Column::new("status"),
    Column::new("tier"),
    Column::new("clinic_id"),
];

pub async fn list(settings: &Settings, args: &UserListArgs, printer: &Printer) -> Result<i32> {
    let t = TenantId::parse(&args.tenant)?;
    let p = Platform::open(settings).await?;
    let list = users::list(&p, &t).await?;
    let rows: Vec<Vec<Value>> = list
        .iter()
        .map(|u| {
            vec![
                u.attr("email").unwrap_or(&u.username).into(),
                u.enabled.into(),
                u.status.as_str().into(),
                u.attr(ATTR_TIER).unwrap_or("").into(),
                u.attr(ATTR_CLINIC_ID).unwrap_or("").into(),
            ]
        })
        .collect();
    printer.print_rows(&COLUMNS, &rows)?;
    printer.table_footer(format!("{} user(s)", rows.len()));
    Ok(0)
}
