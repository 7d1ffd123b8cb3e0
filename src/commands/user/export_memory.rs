//! `tenantctl user export-memory <TENANT> <EMAIL> --out FILE`: one user's AgentCore Memory
//! events (every session), in the archive's format, to a local file, and its long-term records
//! to `FILE.records.jsonl` beside it when it has any: the means to answer an access request.
//! Reads only; prints counts and each file's SHA-256, never a payload.

use std::io::Write;
use std::path::{Path, PathBuf};

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
    let records_out = records_file(out);
    if records_out.exists() {
        return Err(Error::usage(format!(
            "--out: {} exists; nothing was written",
            records_out.display()
        ))
        .with_hint("name a new file (an export never overwrites one)"));
    }
    let p = Platform::open(settings).await?;
    let (actor, held) = memory::of_user(&p, &t, &email).await?;
    let (body, sha) = memory::jsonl(&held.events);
    write_new(out, &body)?;
    let (_, sessions) = memory::spread(&held.events);
    printer.status(format!(
        "user export-memory: {} event(s) of actor {actor} in {sessions} session(s) written to {} (sha256 {sha})",
        held.events.len(),
        out.display()
    ));
    if !held.records.is_empty() {
        let (body, sha) = memory::records_jsonl(&held.records);
        write_new(&records_out, &body)?;
        printer.status(format!(
            "user export-memory: {} long-term record(s) written to {} (sha256 {sha})",
            held.records.len(),
            records_out.display()
        ));
    }
    Ok(0)
}

/// `FILE.records.jsonl` beside `FILE` (its `.jsonl` extension replaced).
fn records_file(out: &Path) -> PathBuf {
    let stem = out.to_string_lossy();
    let stem = stem.strip_suffix(".jsonl").unwrap_or(&stem);
    PathBuf::from(format!("{stem}.records.jsonl"))
}

/// Create `path` (never over an existing file), readable by its owner only, with `body`.
fn write_new(path: &Path, body: &str) -> Result<()> {
    let mut f = {
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        o.open(path)
    }
    .map_err(|e| {
        Error::usage(format!(
            "--out {}: {e}; nothing was written",
            path.display()
        ))
    })?;
    f.write_all(body.as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(|e| Error::env(format!("writing {}: {e}", path.display())))
}
