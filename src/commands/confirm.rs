//! Confirmation for commands that remove access or data. On a terminal the operator types the
//! tenant id; without a terminal (CI, scripts) `--yes` is required, so nothing destructive
//! ever happens because a pipe happened to be open.

use std::io::{BufRead, IsTerminal, Write};

use crate::error::{Error, Result};
use crate::ids::TenantId;

/// Ok when `yes` was given or the operator typed the tenant id; a usage error (exit 2,
/// nothing written) otherwise. `what` completes "This will ...".
pub fn confirm_tenant(t: &TenantId, what: &str, yes: bool) -> Result<()> {
    if yes {
        return Ok(());
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(Error::usage(format!(
            "refusing to {what} without confirmation: stdin is not a terminal; nothing was changed"
        ))
        .with_hint("pass --yes to confirm (check the plan first with --dry-run)"));
    }
    let mut err = std::io::stderr();
    let _ = write!(
        err,
        "This will {what}.\nType the tenant id ({t}) to confirm: "
    );
    let _ = err.flush();
    let mut line = String::new();
    stdin.lock().read_line(&mut line)?;
    if line.trim() == t.as_str() {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "confirmation did not match {t}; nothing was changed"
        )))
    }
}
