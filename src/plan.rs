//! A planned change, as every plan → apply command shows it to people and machines and as the
//! audit record keeps it.

use std::sync::{Arc, Mutex};

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Create,
    Update,
    Fix,
    Delete,
}

impl Action {
    pub fn symbol(self) -> &'static str {
        match self {
            Action::Create => "+",
            Action::Update => "~",
            Action::Fix => "!",
            Action::Delete => "-",
        }
    }
}

/// One planned change, as shown to people and machines.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// Tenant the change belongs to, if any (platform changes have none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    pub action: Action,
    /// What is changed, e.g. `ssm:/medplat/tenants/clinic-a/record`.
    pub resource: String,
    pub detail: String,
}

/// What one command showed as its plan and, when it counted them itself (bulk onboarding),
/// how many changes it applied: kept by the command's `Printer` (`print_plan` notes what it
/// prints), read once by the audit record. Per command, not per process: a clone of the
/// printer shares it.
#[derive(Debug, Clone, Default)]
pub struct PlanLog(Arc<Mutex<Noted>>);

#[derive(Debug, Default)]
struct Noted {
    planned: Vec<Change>,
    applied: Option<usize>,
}

impl PlanLog {
    pub fn note_plan(&self, changes: &[Change]) {
        self.0
            .lock()
            .expect("plan log lock")
            .planned
            .extend_from_slice(changes);
    }

    pub fn note_applied(&self, n: usize) {
        self.0.lock().expect("plan log lock").applied = Some(n);
    }

    /// Everything noted so far, leaving the log empty.
    pub fn take(&self) -> (Vec<Change>, Option<usize>) {
        let mut n = self.0.lock().expect("plan log lock");
        (std::mem::take(&mut n.planned), n.applied.take())
    }
}
