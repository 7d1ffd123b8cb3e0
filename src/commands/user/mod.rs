//! `tenantctl user …`: one module per command, each thin (see `commands/tenant`).

mod add;
mod export_memory;
mod list;
mod remove;

pub use add::add;
pub use export_memory::export_memory;
pub use list::list;
pub use remove::remove;
