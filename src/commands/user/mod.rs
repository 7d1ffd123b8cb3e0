//! `tenantctl user …`: one module per command, each thin (see `commands/tenant`).

mod add;
mod list;
mod remove;

pub use add::add;
pub use list::list;
pub use remove::remove;
