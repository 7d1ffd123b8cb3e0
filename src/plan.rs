//! A planned change, as every plan → apply command shows it to people and machines and as the
//! audit record keeps it.

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
