//! Plan → apply. Each command reads observed state, computes a list of typed changes against
//! the desired state, prints it (`--dry-run` stops there), then applies it. Every change is
//! idempotent and derived from observation, so a killed run resumes by re-running the same
//! command, and a finished one plans zero changes.

pub mod access;
pub mod gate;
pub mod init;
pub mod lease;
pub mod mirror;
pub mod offboard;
pub mod onboard;
pub mod restore;
pub mod set_tier;
pub mod steps;
pub mod suspend;
pub mod users;

use serde::Serialize;

use crate::error::Result;
use crate::output::{OutputFormat, Printer};
use crate::plan::Change;

/// Print a plan: a table (or JSON/CSV) of changes and a one-line summary on stderr.
pub fn print_plan(printer: &Printer, title: &str, changes: &[Change], dry_run: bool) -> Result<()> {
    crate::audit::note_plan(changes);
    if printer.format == OutputFormat::Json {
        #[derive(Serialize)]
        struct PlanOut<'a> {
            dry_run: bool,
            changes: &'a [Change],
        }
        printer.json(&PlanOut { dry_run, changes })?;
    } else if !changes.is_empty() {
        let rows: Vec<Vec<String>> = changes
            .iter()
            .map(|c| {
                vec![
                    c.action.symbol().to_string(),
                    c.tenant.clone().unwrap_or_else(|| "-".into()),
                    c.resource.clone(),
                    c.detail.clone(),
                ]
            })
            .collect();
        printer.rows(&["", "tenant", "resource", "change"], &rows)?;
    }
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
