//! `tenantctl tenant …`: one module per command (jj's `commands/<name>.rs`), each thin:
//! parse → open → confirm → run under `mutation::guarded` → print.

mod list;
mod migrate_membership;
mod offboard;
mod onboard;
mod restore;
mod resume;
mod set_tier;
mod show;
mod suspend;

pub use list::list;
pub use migrate_membership::migrate_membership;
pub use offboard::offboard;
pub use onboard::onboard;
pub use restore::restore;
pub use resume::resume;
pub use set_tier::set_tier;
pub use show::show;
pub use suspend::suspend;
