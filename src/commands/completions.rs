//! `tenantctl completions <shell>`: print a completion script. The generated files are
//! checked in under completions/ and `tests/completions.rs` fails when they are stale.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::error::Result;

/// Render the completion script for `shell` into a string (used by the staleness test too).
pub fn render(shell: clap_complete::Shell) -> String {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "tenantctl", &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

pub fn run(args: &CompletionsArgs) -> Result<i32> {
    print!("{}", render(args.shell));
    Ok(0)
}
