//! One module per command. Each takes resolved arguments plus the `Printer` and returns
//! an exit code; errors carry their own exit code (error.rs).

pub mod completions;
pub mod policy;

use crate::cli::{Command, GlobalArgs};
use crate::error::{Error, Result};
use crate::output::Printer;

/// Commands that talk to AWS run inside the tokio runtime built in `lib.rs`.
pub async fn dispatch_aws(cmd: Command, _global: GlobalArgs, _printer: &Printer) -> Result<i32> {
    match cmd {
        _ => Err(Error::usage("command not available yet")),
    }
}
