//! `tenantctl tenant show`.

use serde::Serialize;

use super::list::row;
use crate::cli::ShowArgs;
use crate::error::{Error, Result};
use crate::ids::TenantId;
use crate::naming::ATTR_CLINIC_ID;
use crate::output::{to_json, Column, Printer, Render, Value};
use crate::platform::Platform;
use crate::record::{Journal, Restore, TenantRecord};
use crate::settings::Settings;

#[derive(Serialize)]
struct ShowOut<'a> {
    record: &'a TenantRecord,
    users: Vec<UserOut>,
    /// The tier's request limits and the tenant's API key (tiers that declare limits).
    #[serde(skip_serializing_if = "Option::is_none")]
    limits: Option<LimitsOut>,
    #[serde(skip)]
    tenant: TenantId,
}

#[derive(Serialize)]
struct LimitsOut {
    rate: f64,
    burst: i32,
    quota: i32,
    usage_plan: String,
    /// The key's id (never its value); `None` when the tenant has none yet.
    api_key_id: Option<String>,
    api_key_enabled: Option<bool>,
    /// Requests this calendar month, where API Gateway reports usage (GetUsage).
    used_this_month: Option<i64>,
}

fn limits_fields(l: &LimitsOut) -> Vec<Field> {
    let mut out = vec![(
        "limits",
        format!(
            "rate {}/s, burst {}, quota {}/month (usage plan {})",
            l.rate, l.burst, l.quota, l.usage_plan
        ),
    )];
    out.push((
        "api key",
        match (&l.api_key_id, l.api_key_enabled) {
            (Some(id), Some(true)) => format!("{id} (enabled)"),
            (Some(id), _) => format!("{id} (disabled)"),
            (None, _) => "none".into(),
        },
    ));
    out.push((
        "used this month",
        match l.used_this_month {
            Some(n) => format!("{n} of {} requests", l.quota),
            None => "not reported".into(),
        },
    ));
    out
}

/// `tenant show`: JSON the record and its users, CSV one row per user, the table the record's
/// fields then its users.
impl Render for ShowOut<'_> {
    fn json(&self) -> Result<serde_json::Value> {
        to_json(self)
    }

    fn csv(&self) -> (Vec<Column>, Vec<Vec<Value>>) {
        let columns = ["tenant", "email", "enabled", "status", "tier", "member"].map(Column::new);
        let rows = self
            .users
            .iter()
            .map(|u| {
                vec![
                    self.tenant.as_str().into(),
                    u.email.as_str().into(),
                    u.enabled.into(),
                    u.status.as_str().into(),
                    u.tier.as_str().into(),
                    u.member.into(),
                ]
            })
            .collect();
        (columns.to_vec(), rows)
    }

    fn table(&self, printer: &Printer) -> Result<String> {
        let rec = self.record;
        let mut kv = printer.table(&["field", "value"]);
        let fields = summary_fields(rec, self.users.len())
            .into_iter()
            .chain(self.limits.iter().flat_map(limits_fields))
            .chain(change_fields(rec))
            .chain(history_fields(rec))
            .chain(rec.journal.as_ref().map(journal_field));
        for (k, v) in fields {
            kv.add_row(vec![k.to_string(), v]);
        }
        let mut text = kv.to_string();
        text.push('\n');
        text.push_str(&users_table(&self.users, printer));
        Ok(text)
    }
}

/// One row of the record's field/value table.
type Field = (&'static str, String);

/// The fields every record has: `tenant list`'s columns, and the role.
fn summary_fields(rec: &TenantRecord, users: usize) -> Vec<Field> {
    let r = row(rec, users);
    vec![
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
    ]
}

/// Why the tenant has its status, and its tier move or offboarding, under way or done.
fn change_fields(rec: &TenantRecord) -> Vec<Field> {
    let mut out = Vec::new();
    if let Some(reason) = &rec.status_reason {
        out.push(("status reason", reason.clone()));
    }
    if let Some(tc) = &rec.tier_change {
        out.push((
            "tier change",
            format!(
                "{} -> {} (started {} by {})",
                tc.from,
                tc.to,
                tc.started_at.to_rfc3339(),
                tc.started_by
            ),
        ));
    }
    if let Some(o) = &rec.offboarding {
        out.push(("offboarding run", o.run.clone()));
        out.push((
            "archive",
            o.archive.clone().unwrap_or_else(|| "none (purged)".into()),
        ));
        if let Some(at) = o.finished_at {
            out.push((
                "offboarded",
                format!(
                    "{} by {}",
                    at.to_rfc3339(),
                    o.finished_by.as_deref().unwrap_or("?")
                ),
            ));
        }
    }
    out
}

/// The offboardings that restores undid, then the restores: what happened to the tenant's
/// data before its current state.
fn history_fields(rec: &TenantRecord) -> Vec<Field> {
    let earlier = rec.offboarded_history.iter().map(|o| {
        let at = o.finished_at.map(secs);
        (
            "earlier offboarding",
            format!(
                "run {} ({})",
                o.run,
                at.unwrap_or_else(|| "unfinished".into())
            ),
        )
    });
    let restores = rec.restores.iter().map(|r| {
        (
            "restored from",
            format!("run {} ({})", r.from_run, restore_when(r)),
        )
    });
    earlier.chain(restores).collect()
}

/// When a restore finished and by whom, or who started it when it has not finished.
fn restore_when(r: &Restore) -> String {
    match r.finished_at {
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
    }
}

fn secs(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The journaled operation under way, or left by a killed run for the next run to resume.
fn journal_field(j: &Journal) -> Field {
    (
        "in progress",
        format!(
            "{}: after step {} at {}",
            j.operation,
            j.step,
            j.at.to_rfc3339()
        ),
    )
}

/// The tenant's users, under the record's fields.
fn users_table(users: &[UserOut], printer: &Printer) -> String {
    let rows: Vec<Vec<String>> = users
        .iter()
        .map(|u| {
            vec![
                u.email.clone(),
                crate::output::Value::from(u.enabled).table_text(),
                u.status.clone(),
                crate::output::Value::from(u.member).table_text(),
            ]
        })
        .collect();
    printer
        .table(&["user", "enabled", "status", "member"])
        .add_rows(rows)
        .to_string()
}

#[derive(Serialize)]
struct UserOut {
    email: String,
    enabled: bool,
    status: String,
    tier: String,
    /// As the user's claim says (a recorded member whose claim was rewritten shows the other
    /// tenant here, with `member: true`).
    clinic_id: String,
    /// Recorded in the tenant's membership; false for a user that only carries its claim.
    member: bool,
}

pub async fn show(settings: &Settings, args: &ShowArgs, printer: &Printer) -> Result<i32> {
    let t = TenantId::parse(&args.tenant)?;
    let p = Platform::open(settings).await?;
    let rec = p.load_record(&t).await?.ok_or_else(|| {
        Error::usage(format!("unknown tenant {t}"))
            .with_hint("list tenants with `tenantctl tenant list --all`")
    })?;
    // The recorded members only (membership + AdminGetUser each): no pool listing, so the
    // cost does not grow with the fleet. `user list` also shows unrecorded claim carriers.
    let pool = p.user_pool_id().await?;
    let users: Vec<UserOut> = crate::lifecycle::membership::recorded_roster(&p, &pool, &t)
        .await?
        .into_iter()
        .map(|(u, member)| UserOut {
            email: u.attr("email").unwrap_or(&u.username).to_string(),
            enabled: u.enabled,
            status: u.status.clone(),
            tier: u.attr(crate::naming::ATTR_TIER).unwrap_or("").to_string(),
            clinic_id: u.attr(ATTR_CLINIC_ID).unwrap_or("").to_string(),
            member,
        })
        .collect();
    let limits = match p.cfg.tiers.get(&rec.tier).and_then(|c| c.limits()) {
        None => None,
        Some(l) => {
            let key = crate::lifecycle::onboard::api_key_of(&p, &t).await?;
            let plan_name = p.names.usage_plan_name(&rec.tier);
            let plan = p
                .aws
                .apigw_usage_plans()
                .await?
                .into_iter()
                .find(|u| u.name == plan_name);
            let used = match (&key, &plan) {
                (Some((k, _)), Some(u)) => {
                    let now = chrono::Utc::now();
                    let start = now.format("%Y-%m-01").to_string();
                    let end = now.format("%Y-%m-%d").to_string();
                    // Not every endpoint reports usage (the emulator does not): not an error.
                    p.aws
                        .apigw_usage(&u.id, k, &start, &end)
                        .await
                        .ok()
                        .flatten()
                }
                _ => None,
            };
            Some(LimitsOut {
                rate: l.rate,
                burst: l.burst,
                quota: l.quota,
                usage_plan: plan_name,
                api_key_enabled: key.as_ref().map(|(_, e)| *e),
                api_key_id: key.map(|(k, _)| k),
                used_this_month: used,
            })
        }
    };
    printer.print(&ShowOut {
        record: &rec,
        users,
        limits,
        tenant: t,
    })?;
    Ok(0)
}
