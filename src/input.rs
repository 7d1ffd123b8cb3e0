//! Reading files named on the command line (config, users CSV, bulk CSV/JSON) as hostile input:
//! bounded size, UTF-8 only, no NUL bytes (a binary file, or an attempt to cut a name short
//! somewhere downstream), and a leading UTF-8 byte-order mark (what spreadsheet exports write)
//! dropped so it cannot glue itself to the first header or id. Every problem is a usage error
//! (exit 2) naming the file and what to do.

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

/// Largest input file tenantctl reads: far above any real tenant list (1,000 tenants x 100
/// users is ~3 MiB), far below what would hurt.
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// `path` must be a regular file (symlinks followed). Checked before opening it: opening a
/// FIFO blocks until something writes to it, so a named pipe (or a device, a socket) given as
/// a file would hang the command instead of failing. Exit 2, naming the file and its kind.
pub fn require_regular_file(path: &Path, what: &str) -> Result<()> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Error::usage(format!("cannot read {what} {}: {e}", path.display())))?;
    if meta.is_file() {
        return Ok(());
    }
    let kind = file_kind(&meta);
    Err(Error::usage(format!(
        "cannot read {what} {}: it is {kind}, not a regular file; write its content to a file and pass that",
        path.display()
    )))
}

fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

/// The text of `path` (`what` names it in messages, e.g. "users file").
pub fn read_text(path: &Path, what: &str) -> Result<String> {
    require_regular_file(path, what)?;
    let f = std::fs::File::open(path)
        .map_err(|e| Error::usage(format!("cannot read {what} {}: {e}", path.display())))?;
    let mut bytes = Vec::new();
    f.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::usage(format!("cannot read {what} {}: {e}", path.display())))?;
    check_text(bytes, path, what)
}

/// The checks of `read_text` on bytes already read.
pub fn check_text(mut bytes: Vec<u8>, path: &Path, what: &str) -> Result<String> {
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(Error::usage(format!(
            "{what} {} is larger than {} MiB; split it into smaller files",
            path.display(),
            MAX_INPUT_BYTES / 1024 / 1024
        )));
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    if let Some(pos) = bytes.iter().position(|b| *b == 0) {
        let line = bytes[..pos].iter().filter(|b| **b == b'\n').count() + 1;
        return Err(Error::usage(format!(
            "{what} {}: line {line} contains a NUL byte; expected a text file",
            path.display()
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        let line = e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        Error::usage(format!(
            "{what} {}: line {line} is not valid UTF-8; save the file as UTF-8 text",
            path.display()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_or_a_directory_is_refused_without_opening_it() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        // Would block forever if it were opened.
        let e = read_text(&fifo, "bulk file").unwrap_err();
        assert_eq!(e.kind.exit_code(), 2);
        assert!(
            e.message
                .contains("it is a named pipe (FIFO), not a regular file"),
            "{}",
            e.message
        );
        let e = read_text(dir.path(), "config file").unwrap_err();
        assert!(e.message.contains("is a directory"), "{}", e.message);
    }

    #[test]
    fn strips_bom_and_rejects_nul_and_bad_utf8() {
        let p = Path::new("f.csv");
        assert_eq!(
            check_text(
                b"\xEF\xBB\xBFemail\na@b.example\n".to_vec(),
                p,
                "users file"
            )
            .unwrap(),
            "email\na@b.example\n"
        );
        let e = check_text(b"email\na\0@b.example\n".to_vec(), p, "users file").unwrap_err();
        assert!(
            e.message.contains("line 2 contains a NUL byte"),
            "{}",
            e.message
        );
        let e = check_text(b"email\n\xff\xfe\n".to_vec(), p, "users file").unwrap_err();
        assert!(
            e.message.contains("line 2 is not valid UTF-8"),
            "{}",
            e.message
        );
        let big = vec![b'a'; (MAX_INPUT_BYTES + 1) as usize];
        assert!(check_text(big, p, "users file")
            .unwrap_err()
            .message
            .contains("larger than 16 MiB"));
    }
}
