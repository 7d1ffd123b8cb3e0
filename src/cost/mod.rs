//! Per-tenant cost: Cost Explorer sources, allocation of shared (untagged) cost, reports and
//! budgets. No clap and no terminal here: commands/cost.rs resolves arguments and prints.
//!
//! Money is `rust_decimal::Decimal` end to end. Amounts keep Cost Explorer's full precision
//! until a report is rounded to the currency's minor unit, and rounding is done so that the
//! rounded rows add up exactly to the rounded period total (largest remainder).

pub mod allocation;
pub mod athena;
pub mod budget;
pub mod chart;
pub mod cur;
pub mod dates;
pub mod money;
pub mod report;
pub mod setup;
pub mod sources;
pub mod usage;

pub use allocation::Mode as AllocationMode;
pub use sources::View;
