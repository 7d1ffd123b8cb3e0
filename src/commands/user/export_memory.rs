//! `tenantctl user export-memory <TENANT> <EMAIL> --out FILE`: one user's AgentCore Memory
//! events (every session), in the archive's format, to a local file: the means to answer an
//! access request. Reads only; prints counts and the file's SHA-256, never a payload.

use std::io::Write;

use crate::cli::UserExportMemoryArgs;
use crate::error::{Error, Result};
use crate::ids::{Email, TenantId};
use crate::lifecycle::memory;
use crate::output::Printer;
use crate::platform::Platform;
use crate::settings::Settings;

pub async fn export_memory(
    settings: &Settings,
    args: &UserExportMemoryArgs,
    printer: &Printer,
) -> Result<i32> {
    let t = TenantId::parse(&args.tenant)?;
    let email = Email::parse(&args.email)?;
    let out = &args.out;
    if out.exists() {
        return Err(Error::usage(format!(
            "--out {}: the file exists; nothing was written",
            out.display()
        ))
        .with_hint("name a new file (an export never overwrites one)"));
    }
    let p = Platform::open(settings).await?;
    let (actor, events) = memory::of_user(&p, &t, &email).await?;
    let (body, sha) = memory::jsonl(&events);
    let mut f = {
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        o.open(out)
    }
    .map_err(|e| Error::usage(format!("--out {}: {e}; nothing was written", out.display())))?;
    f.write_all(body.as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(|e| Error::env(format!("writing {}: {e}", out.display())))?;
    let (_, sessions) = memory::spread(&events);
    printer.status(format!(
        "user export-memory: {} event(s) of actor {actor} in {sessions} session(s) written to {} (sha256 {sha})",
        events.len(),
        out.display()
    ));
    Ok(0)
}
