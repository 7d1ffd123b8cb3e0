//! `tenantctl policy simulate` (being written by the policy engine work).
use crate::cli::SimulateArgs;
use crate::error::{Error, Result};
use crate::output::Printer;

pub fn simulate(_args: &SimulateArgs, _printer: &Printer) -> Result<i32> {
    Err(Error::usage("policy simulate is being built"))
}
