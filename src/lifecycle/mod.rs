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
use crate::output::{to_json, Column, Printer, Render, Value};
use crate::plan::Change;

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
    crate::audit::note_plan(changes);
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
