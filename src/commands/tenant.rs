//! `tenantctl tenant onboard|list|show`.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::cli::{
    ListArgs, OffboardArgs, OnboardArgs, RestoreArgs, ResumeArgs, SetTierArgs, ShowArgs,
    SuspendArgs,
};
use crate::commands::mutation::{self, Mutation};
use crate::error::{Error, Result};
use crate::ids::TenantId;
use crate::lifecycle::onboard::{self, RawSpecPub};
use crate::lifecycle::print_plan;
use crate::naming::ATTR_CLINIC_ID;
use crate::output::{OutputFormat, Printer};
use crate::platform::Platform;
use crate::record::{Status, TenantRecord};
use crate::settings::Settings;

pub async fn onboard(settings: &Settings, args: &OnboardArgs, printer: &Printer) -> Result<i32> {
    // Everything is validated (config, ids, tiers, emails, files) before the first AWS call.
    let cfg = crate::config::Config::load(&settings.config_path)?;
    let raw = match &args.from {
        Some(path) => onboard::read_bulk(path)?,
        None => {
            let mut users = args.users.clone();
            if let Some(f) = &args.users_file {
                users.extend(onboard::read_users_csv(f)?);
            }
            vec![(
                "arguments".to_string(),
                RawSpecPub {
                    tenant: args.tenant.clone().unwrap_or_default(),
                    tier: args.tier.clone().unwrap_or_default(),
                    users,
                    project_id: args.project_id.clone(),
                },
            )]
        }
    };
    let specs = onboard::validate(&cfg, raw)?;
    let p = Arc::new(Platform::open_with(settings, cfg).await?);
    // Leases are taken per tenant as it is applied (lifecycle::onboard), not for the whole run.
    let tenants = specs.iter().map(|s| s.tenant.to_string()).collect();
    let leases = mutation::lease_options(settings, "tenant onboard");
    let work = async {
        let outcome = onboard::run(
            p.clone(),
            specs,
            printer,
            args.dry_run,
            args.invite,
            args.concurrency as usize,
            &leases,
        )
        .await?;
        crate::audit::note_applied(outcome.applied);
        let counts = (outcome.applied, outcome.planned);
        onboard::outcome_error(outcome, printer)?;
        Ok(counts)
    };
    let m = Mutation::self_leased("tenant onboard", tenants, args.dry_run);
    let (applied, planned) = mutation::guarded(&p, settings, printer, m, work).await?;
    if !args.dry_run && planned > 0 {
        printer.status(format!("onboard: applied {applied} change(s)"));
    }
    Ok(0)
}

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

fn row(r: &TenantRecord, users: usize) -> TenantRow {
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

#[derive(Serialize)]
struct ShowOut<'a> {
    record: &'a TenantRecord,
    users: Vec<UserOut>,
}

#[derive(Serialize)]
struct UserOut {
    email: String,
    enabled: bool,
    status: String,
    tier: String,
    clinic_id: String,
}

pub async fn show(settings: &Settings, args: &ShowArgs, printer: &Printer) -> Result<i32> {
    let t = TenantId::parse(&args.tenant)?;
    let p = Platform::open(settings).await?;
    let rec = p.load_record(&t).await?.ok_or_else(|| {
        Error::usage(format!("unknown tenant {t}"))
            .with_hint("list tenants with `tenantctl tenant list --all`")
    })?;
    let pool = p.user_pool_id().await?;
    let users: Vec<UserOut> = p
        .aws
        .cognito_list_users(&pool)
        .await?
        .into_iter()
        .filter(|u| u.attr(ATTR_CLINIC_ID) == Some(t.as_str()))
        .map(|u| UserOut {
            email: u.attr("email").unwrap_or(&u.username).to_string(),
            enabled: u.enabled,
            status: u.status.clone(),
            tier: u.attr(crate::naming::ATTR_TIER).unwrap_or("").to_string(),
            clinic_id: t.to_string(),
        })
        .collect();
    match printer.format {
        OutputFormat::Json => printer.json(&ShowOut {
            record: &rec,
            users,
        })?,
        OutputFormat::Csv => {
            let rows: Vec<Vec<String>> = users
                .iter()
                .map(|u| {
                    vec![
                        t.to_string(),
                        u.email.clone(),
                        u.enabled.to_string(),
                        u.status.clone(),
                        u.tier.clone(),
                    ]
                })
                .collect();
            printer.rows(&["tenant", "email", "enabled", "status", "tier"], &rows)?;
        }
        OutputFormat::Table => {
            let r = row(&rec, users.len());
            let mut kv = printer.table(&["field", "value"]);
            for (k, v) in [
                ("tenant", r.tenant),
                ("tier", r.tier),
                ("status", r.status),
                (
                    "project id",
                    format!("{} ({})", r.project_id, r.project_id_source),
                ),
                ("data prefix", r.data_prefix),
                (
                    "role",
                    rec.resources
                        .role_arn
                        .clone()
                        .unwrap_or_else(|| "shared TVM role".into()),
                ),
                ("created", r.created_at),
                ("updated", r.updated_at),
            ] {
                kv.add_row(vec![k.to_string(), v]);
            }
            if let Some(reason) = &rec.status_reason {
                kv.add_row(vec!["status reason".to_string(), reason.clone()]);
            }
            if let Some(tc) = &rec.tier_change {
                kv.add_row(vec![
                    "tier change".to_string(),
                    format!(
                        "{} -> {} (started {} by {})",
                        tc.from,
                        tc.to,
                        tc.started_at.to_rfc3339(),
                        tc.started_by
                    ),
                ]);
            }
            if let Some(o) = &rec.offboarding {
                kv.add_row(vec!["offboarding run".to_string(), o.run.clone()]);
                kv.add_row(vec![
                    "archive".to_string(),
                    o.archive.clone().unwrap_or_else(|| "none (purged)".into()),
                ]);
                if let Some(at) = o.finished_at {
                    kv.add_row(vec![
                        "offboarded".to_string(),
                        format!(
                            "{} by {}",
                            at.to_rfc3339(),
                            o.finished_by.as_deref().unwrap_or("?")
                        ),
                    ]);
                }
            }
            for o in &rec.offboarded_history {
                let at = o
                    .finished_at
                    .map(|at| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
                kv.add_row(vec![
                    "earlier offboarding".to_string(),
                    format!(
                        "run {} ({})",
                        o.run,
                        at.unwrap_or_else(|| "unfinished".into())
                    ),
                ]);
            }
            for r in &rec.restores {
                let secs = |at: chrono::DateTime<chrono::Utc>| {
                    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                };
                let when = match r.finished_at {
                    Some(at) => format!(
                        "{} by {}",
                        secs(at),
                        r.finished_by.as_deref().unwrap_or("?")
                    ),
                    None => format!(
                        "started {} by {}, not finished",
                        secs(r.started_at),
                        r.started_by
                    ),
                };
                kv.add_row(vec![
                    "restored from".to_string(),
                    format!("run {} ({when})", r.from_run),
                ]);
            }
            if let Some(j) = &rec.journal {
                kv.add_row(vec![
                    "in progress".to_string(),
                    format!(
                        "{}: after step {} at {}",
                        j.operation,
                        j.step,
                        j.at.to_rfc3339()
                    ),
                ]);
            }
            printer.out(kv.to_string());
            let rows: Vec<Vec<String>> = users
                .iter()
                .map(|u| {
                    vec![
                        u.email.clone(),
                        if u.enabled { "yes".into() } else { "no".into() },
                        u.status.clone(),
                    ]
                })
                .collect();
            printer.rows(&["user", "enabled", "status"], &rows)?;
        }
    }
    Ok(0)
}

/// `tenant suspend`: removes access, so it is confirmed like any destructive command.
pub async fn suspend(settings: &Settings, args: &SuspendArgs, printer: &Printer) -> Result<i32> {
    let t = TenantId::parse(&args.tenant)?;
    let reason = crate::lifecycle::suspend::validate_reason(&args.reason)?;
    let p = Platform::open(settings).await?;
    let confirm = mutation::confirm(
        &t,
        format!("sign out and disable every user of {t}"),
        args.yes,
    );
    let work = crate::lifecycle::suspend::suspend(&p, printer, &t, &reason, args.dry_run, &confirm);
    let m = Mutation::tenant(format!("tenant suspend {t}"), &t, args.dry_run);
    let n = mutation::guarded(&p, settings, printer, m, work).await?;
    if !args.dry_run && n > 0 {
        printer.status(format!(
            "suspend: {t} is suspended ({reason}); resume with `tenantctl tenant resume {t}`"
        ));
    }
    Ok(0)
}

pub async fn resume(settings: &Settings, args: &ResumeArgs, printer: &Printer) -> Result<i32> {
    let t = TenantId::parse(&args.tenant)?;
    let p = Platform::open(settings).await?;
    let work = crate::lifecycle::suspend::resume(&p, printer, &t, args.dry_run);
    let m = Mutation::tenant(format!("tenant resume {t}"), &t, args.dry_run);
    let (n, rec) = mutation::guarded(&p, settings, printer, m, work).await?;
    if !args.dry_run && n > 0 {
        if rec.status == Status::Pending {
            printer.status(format!("resume: {t} is pending again, as before the suspension; finish onboarding with `tenantctl tenant onboard {t} --tier {}`", rec.tier));
        } else {
            printer.status(format!("resume: {t} is {} again", rec.status.as_str()));
        }
    }
    Ok(0)
}

pub async fn set_tier(settings: &Settings, args: &SetTierArgs, printer: &Printer) -> Result<i32> {
    use crate::lifecycle::set_tier::{self, Outcome};
    let t = TenantId::parse(&args.tenant)?;
    let cfg = crate::config::Config::load(&settings.config_path)?;
    let tier = cfg.parse_tier(&args.tier)?;
    let p = Platform::open_with(settings, cfg).await?;
    let what = format!("move tenant {t} to tier {tier}: its data is copied and verified, then deleted from the old tier's prefix (and a dedicated role the new tier does not use is removed)");
    let confirm = mutation::confirm(&t, what, args.yes);
    let work = set_tier::run(&p, printer, &t, &tier, args.dry_run, &confirm);
    let m = Mutation::tenant(format!("tenant set-tier {t} {tier}"), &t, args.dry_run);
    match mutation::guarded(&p, settings, printer, m, work).await? {
        Outcome::AlreadyThere => {
            print_plan(printer, "set-tier", &[], args.dry_run)?;
            printer.status(format!("tenant {t} is already on tier {tier}"));
        }
        Outcome::DryRun => {}
        Outcome::Done(rec) => printer.status(format!(
            "set-tier: {t} is on tier {} and {}",
            rec.tier,
            rec.status.as_str()
        )),
    }
    Ok(0)
}

pub async fn offboard(settings: &Settings, args: &OffboardArgs, printer: &Printer) -> Result<i32> {
    use crate::lifecycle::offboard::{self, Outcome};
    let t = TenantId::parse(&args.tenant)?;
    if args.purge && !args.yes && !args.dry_run {
        return Err(Error::usage("--purge deletes the tenant's data without an archive and needs --yes; nothing was changed")
            .with_hint(format!("check the plan with `tenantctl tenant offboard {t} --purge --dry-run`, then add --yes")));
    }
    let p = Platform::open(settings).await?;
    let what = if args.purge {
        format!("PERMANENTLY delete tenant {t} (no archive)")
    } else {
        format!("archive and then delete tenant {t}")
    };
    let confirm = mutation::confirm(&t, what, args.yes);
    let work = offboard::run(&p, printer, &t, args.purge, args.dry_run, &confirm);
    let m = Mutation::tenant(format!("tenant offboard {t}"), &t, args.dry_run);
    match mutation::guarded(&p, settings, printer, m, work).await? {
        Outcome::AlreadyOffboarded(rec) => {
            let o = rec.offboarding.as_ref();
            printer.status(format!(
                "tenant {t} is already offboarded{}{}; nothing to do",
                o.and_then(|o| o.finished_at)
                    .map(|at| format!(
                        " (since {})",
                        at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                    ))
                    .unwrap_or_default(),
                o.and_then(|o| o.archive.as_deref())
                    .map(|a| format!(", archive {a}"))
                    .unwrap_or_default(),
            ));
        }
        Outcome::DryRun => {}
        Outcome::Done(rec) => {
            let o = rec
                .offboarding
                .as_ref()
                .expect("tombstone has its offboarding section");
            let c = o.counts.clone().unwrap_or_default();
            printer.status(format!(
                "offboard: {t} offboarded (run {}): {} object(s), {} version(s), {} bytes, {} user(s), {} parameter(s), {} role(s) removed; {}",
                o.run,
                c.objects,
                c.versions,
                c.bytes,
                c.users,
                c.parameters,
                c.roles,
                o.archive.as_deref().map(|a| format!("archive at {a}")).unwrap_or_else(|| "purged, no archive".into())
            ));
        }
    }
    Ok(0)
}

/// `tenant restore`: not destructive when the tenant's resources are gone (the usual case after
/// offboarding), so it asks for confirmation only when its plan overwrites something.
pub async fn restore(settings: &Settings, args: &RestoreArgs, printer: &Printer) -> Result<i32> {
    use crate::lifecycle::restore::{self, Outcome};
    let t = TenantId::parse(&args.tenant)?;
    let run = crate::naming::Names::parse_run_id(&args.from_archive)
        .map_err(|e| e.context("--from-archive"))?;
    let p = Platform::open(settings).await?;
    let what = format!(
        "overwrite existing resources of {t} with the archive's (the plan rows marked '!')"
    );
    let confirm = mutation::confirm(&t, what, args.yes);
    let work = restore::run(&p, printer, &t, &run, args.invite, args.dry_run, &confirm);
    let m = Mutation::tenant(
        format!("tenant restore {t} --from-archive {run}"),
        &t,
        args.dry_run,
    );
    match mutation::guarded(&p, settings, printer, m, work).await? {
        Outcome::AlreadyRestored(rec) => {
            print_plan(printer, "restore", &[], args.dry_run)?;
            let at = rec
                .restores
                .last()
                .and_then(|r| r.finished_at)
                .map(|at| {
                    format!(
                        " at {}",
                        at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                    )
                })
                .unwrap_or_default();
            printer.status(format!(
                "tenant {t} was already restored from run {run}{at} and is {}; nothing to do",
                rec.status.as_str()
            ));
        }
        Outcome::DryRun => {}
        Outcome::Done(rec) => {
            let c = rec
                .restores
                .last()
                .and_then(|r| r.counts.clone())
                .unwrap_or_default();
            printer.status(format!(
                "restore: {t} restored from run {run}: {} object(s){}, {} version(s), {} bytes, {} user(s), {} parameter(s); {}",
                c.objects,
                if c.deleted_objects > 0 { format!(" (+{} deleted, history kept)", c.deleted_objects) } else { String::new() },
                c.versions,
                c.bytes,
                c.users,
                c.parameters,
                rec.status.as_str()
            ));
            if c.users > 0 && !args.invite {
                printer.status("restore: no invitations were sent (use --invite); restored users must set a new password, archives never hold one");
            }
        }
    }
    Ok(0)
}
