//! Plan → apply. Each command reads observed state, computes a list of typed changes against
//! the desired state, prints it (`--dry-run` stops there), then applies it. Every change is
//! idempotent and derived from observation, so a killed run resumes by re-running the same
//! command, and a finished one plans zero changes.

pub mod access;
pub mod gate;
pub mod init;
pub mod lease;
pub mod membership;
pub mod memory;
pub mod mirror;
pub mod offboard;
pub mod onboard;
pub mod reindex;
pub mod restore;
pub mod set_tier;
pub mod steps;
pub mod suspend;
pub mod users;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::ids::TierName;
use crate::output::{to_json, Column, Printer, Render, Value};
use crate::plan::Change;
use crate::record::{Status, TenantRecord};

/// The plan document (docs/output-formats.md): JSON `{dry_run, changes}`; table and CSV one
/// row per change (symbol, tenant, resource, change), nothing when there is no change.
#[derive(Serialize)]
struct PlanOut<'a> {
    dry_run: bool,
    changes: &'a [Change],
}

impl PlanOut<'_> {
    fn rows(&self) -> (Vec<Column>, Vec<Vec<Value>>) {
        let columns = ["", "tenant", "resource", "change"].map(Column::new);
        let rows = self
            .changes
            .iter()
            .map(|c| {
                vec![
                    c.action.symbol().into(),
                    c.tenant.as_deref().unwrap_or("-").into(),
                    c.resource.as_str().into(),
                    c.detail.as_str().into(),
                ]
            })
            .collect();
        (columns.to_vec(), rows)
    }
}

impl Render for PlanOut<'_> {
    fn json(&self) -> Result<serde_json::Value> {
        to_json(self)
    }
    fn csv(&self) -> (Vec<Column>, Vec<Vec<Value>>) {
        self.rows()
    }
    fn table(&self, printer: &Printer) -> Result<String> {
        let (columns, rows) = self.rows();
        Ok(printer.table_of(&columns, &rows).to_string())
    }
    fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// Print a plan: a table (or JSON/CSV) of changes and a one-line summary on stderr.
pub fn print_plan(printer: &Printer, title: &str, changes: &[Change], dry_run: bool) -> Result<()> {
    printer.plan_log.note_plan(changes);
    printer.print(&PlanOut { dry_run, changes })?;
    let n = changes.len();
    let verb = if dry_run { "would change" } else { "changing" };
    if n == 0 {
        printer.status(format!("{title}: up to date, 0 changes planned"));
    } else {
        printer.status(format!(
            "{title}: {n} change{} planned ({verb})",
            if n == 1 { "" } else { "s" }
        ));
    }
    Ok(())
}

/// What a command is about to do to a tenant, for `require_changeable`.
#[derive(Debug, Clone, Copy)]
pub enum Operation<'a> {
    Onboard,
    /// `user add` / `user remove`.
    Users,
    Suspend,
    /// Called once the tenant is known to be suspended.
    Resume,
    /// `tenant set-tier` to this tier: a move to the same tier continues.
    SetTier(&'a TierName),
    Offboard,
}

/// The one rule for tenants in an in-flight state (leaving, moving tier, being restored):
/// whether `op` may change `rec` now, and if not, the usage error (exit 2) that says why and
/// which command finishes what is in flight.
pub fn require_changeable(rec: &TenantRecord, op: Operation<'_>) -> Result<()> {
    let t = &rec.tenant;
    if matches!(rec.status, Status::Offboarding | Status::Offboarded) {
        let consequence = match op {
            Operation::Onboard => "it cannot be onboarded again under the same id",
            Operation::Users => "its users cannot change",
            Operation::Suspend => "there is nothing to suspend",
            Operation::SetTier(_) => "its tier cannot change",
            // Resume refuses every status but suspended first; offboard finishes the run.
            Operation::Resume | Operation::Offboard => "",
        };
        if !consequence.is_empty() {
            return Err(Error::usage(format!(
                "tenant {t} is {}; {consequence}",
                rec.status.as_str()
            )));
        }
    }
    if let Some(tc) = &rec.tier_change {
        let (to, from) = (&tc.to, &tc.from);
        let cmd = format!("tenantctl tenant set-tier {t} {to}");
        let moving = format!("tenant {t} is being moved from tier {from} to {to}");
        let refusal = match op {
            // A suspension holds through a move (the move returns to suspended).
            Operation::Suspend => None,
            Operation::SetTier(want) if want == to => None,
            Operation::SetTier(want) => Some((
                format!("{moving}, not {want}"),
                format!("finish that move first: `{cmd}`"),
            )),
            Operation::Resume => Some((
                moving,
                format!("finish the move first (`{cmd}`); it keeps the tenant suspended"),
            )),
            Operation::Offboard => Some((
                format!("{moving}; its data is in two places"),
                format!("finish the move first (`{cmd}`), then offboard"),
            )),
            Operation::Onboard | Operation::Users => {
                Some((moving, format!("finish the move first: `{cmd}`")))
            }
        };
        if let Some((msg, hint)) = refusal {
            return Err(Error::usage(msg).with_hint(hint));
        }
    }
    // A suspension killed part-way: onboarding or a user change would re-enable the users it
    // has disabled, and a move would carry the half-done state along.
    if rec
        .journal
        .as_ref()
        .is_some_and(|j| j.operation == crate::record::op::SUSPEND)
        && matches!(
            op,
            Operation::Onboard | Operation::Users | Operation::SetTier(_)
        )
    {
        let reason = rec.status_reason.as_deref().unwrap_or("REASON");
        return Err(Error::usage(format!(
            "tenant {t} is being suspended (a suspend stopped part-way)"
        ))
        .with_hint(format!(
            "finish it with `tenantctl tenant suspend {t} --reason {reason:?}`, or undo it with `tenantctl tenant resume {t}`"
        )));
    }
    // Onboarding would mark it active before its data and users are back; a user added or a
    // tier moved under a restore would be overwritten by it (the restore records its users as
    // the membership, and copies into the prefix of the tier the archive was taken on).
    // Suspending holds through a restore; offboarding abandons it.
    if let (Operation::Onboard | Operation::Users | Operation::SetTier(_), Some(rs)) =
        (op, rec.restore_in_progress())
    {
        return Err(Error::usage(format!(
            "tenant {t} is being restored from archive run {}",
            rs.from_run
        ))
        .with_hint(format!(
            "finish the restore first: `tenantctl tenant restore {t} --from-archive {}`",
            rs.from_run
        )));
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::error::ErrorKind;

    pub(super) fn record(extra: serde_json::Value) -> TenantRecord {
        let mut v = serde_json::json!({
            "schema_version": 1, "tenant": "clinic-a", "tier": "basic", "status": "active",
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
            "project_id": "p", "project_id_source": "tier",
            "resources": {"data_bucket": "b", "data_prefix": "basic/clinic-a/", "parameters": []}
        });
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        TenantRecord::parse(&v.to_string(), "test").unwrap()
    }

    fn moving() -> TenantRecord {
        record(serde_json::json!({"status": "pending", "tier_change": {
            "from": "basic", "to": "premium", "previous_status": "active",
            "started_at": "2026-01-01T00:00:00Z", "started_by": "me"}}))
    }

    fn refusal(rec: &TenantRecord, op: Operation<'_>) -> (String, Option<String>) {
        let e = require_changeable(rec, op).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Usage);
        assert_eq!(e.kind.exit_code(), 2);
        (e.message, e.hint)
    }

    #[test]
    fn an_active_tenant_is_changeable_by_every_operation() {
        let rec = record(serde_json::json!({}));
        let premium = TierName::parse("premium").unwrap();
        for op in [
            Operation::Onboard,
            Operation::Users,
            Operation::Suspend,
            Operation::Resume,
            Operation::SetTier(&premium),
            Operation::Offboard,
        ] {
            require_changeable(&rec, op).unwrap();
        }
    }

    #[test]
    fn a_leaving_tenant_is_refused_except_by_offboard_and_resume() {
        for status in ["offboarding", "offboarded"] {
            let rec = record(serde_json::json!({ "status": status }));
            let basic = TierName::parse("basic").unwrap();
            for (op, why) in [
                (
                    Operation::Onboard,
                    "it cannot be onboarded again under the same id",
                ),
                (Operation::Users, "its users cannot change"),
                (Operation::Suspend, "there is nothing to suspend"),
                (Operation::SetTier(&basic), "its tier cannot change"),
            ] {
                let (msg, hint) = refusal(&rec, op);
                assert_eq!(msg, format!("tenant clinic-a is {status}; {why}"));
                assert_eq!(hint, None);
            }
            require_changeable(&rec, Operation::Offboard).unwrap();
            require_changeable(&rec, Operation::Resume).unwrap();
        }
    }

    #[test]
    fn a_moving_tenant_is_refused_with_the_command_that_finishes_the_move() {
        let rec = moving();
        let moving = "tenant clinic-a is being moved from tier basic to premium";
        let cmd = "tenantctl tenant set-tier clinic-a premium";
        let (premium, gold) = (
            TierName::parse("premium").unwrap(),
            TierName::parse("gold").unwrap(),
        );
        require_changeable(&rec, Operation::Suspend).unwrap();
        require_changeable(&rec, Operation::SetTier(&premium)).unwrap();
        for (op, msg, hint) in [
            (
                Operation::Onboard,
                moving.to_string(),
                format!("finish the move first: `{cmd}`"),
            ),
            (
                Operation::Users,
                moving.to_string(),
                format!("finish the move first: `{cmd}`"),
            ),
            (
                Operation::Resume,
                moving.to_string(),
                format!("finish the move first (`{cmd}`); it keeps the tenant suspended"),
            ),
            (
                Operation::SetTier(&gold),
                format!("{moving}, not gold"),
                format!("finish that move first: `{cmd}`"),
            ),
            (
                Operation::Offboard,
                format!("{moving}; its data is in two places"),
                format!("finish the move first (`{cmd}`), then offboard"),
            ),
        ] {
            assert_eq!(refusal(&rec, op), (msg, Some(hint)));
        }
    }

    #[test]
    fn a_tenant_being_restored_is_not_onboarded_nor_its_users_or_tier_changed() {
        let rec = record(serde_json::json!({"status": "pending", "restores": [{
            "from_run": "r1", "archive": "s3://a/r1/", "started_at": "2026-01-01T00:00:00Z",
            "started_by": "me"}]}));
        let basic = crate::ids::TierName::parse("basic").unwrap();
        for op in [
            Operation::Onboard,
            Operation::Users,
            Operation::SetTier(&basic),
        ] {
            assert_eq!(
                refusal(&rec, op),
                (
                    "tenant clinic-a is being restored from archive run r1".to_string(),
                    Some(
                        "finish the restore first: `tenantctl tenant restore clinic-a --from-archive r1`"
                            .to_string()
                    )
                )
            );
        }
        // A suspension holds through a restore; offboarding abandons it.
        require_changeable(&rec, Operation::Suspend).unwrap();
        require_changeable(&rec, Operation::Offboard).unwrap();
    }
}
