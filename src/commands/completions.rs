//! `tenantctl completions <shell>`: print a completion script; `tenantctl man DIR` (hidden):
//! write the man pages. Both are generated from the clap definition, checked in (completions/,
//! man/) by `scripts/gen-completions.sh`, and tests/it/completions.rs fails when they are stale.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs, ManArgs};
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

/// Every man page: `tenantctl.1`, then one per subcommand (`tenantctl-tenant-onboard.1`), as
/// (file name, roff text).
pub fn man_pages() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut root = Cli::command();
    root.build();
    page(&root, "tenantctl", &mut out);
    out
}

fn page(cmd: &clap::Command, name: &str, out: &mut Vec<(String, String)>) {
    // The page's own name, so its NAME/SYNOPSIS sections read `tenantctl-tenant-onboard`.
    let named = cmd.clone().name(name.to_string());
    let mut buf = Vec::new();
    clap_mangen::Man::new(named)
        .render(&mut buf)
        .expect("rendering into memory cannot fail");
    out.push((
        format!("{name}.1"),
        String::from_utf8_lossy(&buf).into_owned(),
    ));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        if sub.get_name() == "help" {
            continue;
        }
        page(sub, &format!("{name}-{}", sub.get_name()), out);
    }
}

pub fn man(args: &ManArgs) -> Result<i32> {
    std::fs::create_dir_all(&args.dir).map_err(|e| {
        crate::error::Error::usage(format!("cannot create {}: {e}", args.dir.display()))
    })?;
    for (file, text) in man_pages() {
        let path = args.dir.join(&file);
        std::fs::write(&path, text).map_err(|e| {
            crate::error::Error::usage(format!("cannot write {}: {e}", path.display()))
        })?;
    }
    Ok(0)
}
