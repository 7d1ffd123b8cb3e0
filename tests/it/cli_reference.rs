//! The command-line reference: clap's own consistency checks over the whole command tree, and
//! every command's `--help` snapshotted (tests/it/snapshots/help__<command path>.snap), so any
//! change to the interface shows up in review. Refresh every snapshot with
//! `INSTA_UPDATE=always cargo test --test it snapshot_of_` (no emulator needed) and review
//! the diff.

use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use clap::CommandFactory;
use tenantctl::cli::Cli;

/// Help is rendered at this width whatever the terminal, so the snapshots are stable.
const WIDTH: usize = 100;

#[test]
fn command_tree_passes_clap_debug_asserts() {
    Cli::command().debug_assert();
}

#[test]
fn snapshot_of_every_help_page() {
    let mut root = Cli::command();
    root.build();
    let mut paths = Vec::new();
    command_paths(&root, &mut Vec::new(), &mut paths);
    assert!(paths.len() > 20, "only {} commands found", paths.len());
    let mut names = std::collections::BTreeSet::new();
    for path in paths {
        let name = std::iter::once("help")
            .chain(path.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join("__");
        names.insert(format!("{name}.snap"));
        let command_line = std::iter::once("tenantctl")
            .chain(path.iter().map(String::as_str))
            .chain(["--help"])
            .collect::<Vec<_>>()
            .join(" ");
        let help = help_page(&path);
        crate::common::snapshot_settings().bind(|| {
            insta::assert_snapshot!(name, help, &command_line);
        });
    }
    // A command that is gone leaves its page behind: insta alone would never notice.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/snapshots");
    let stale: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.ends_with(".snap") && (f == "help.snap" || f.starts_with("help__")))
        .filter(|f| !names.contains(f))
        .collect();
    assert!(
        stale.is_empty(),
        "help pages of commands that no longer exist (delete them): {stale:?}"
    );
}

/// What `tenantctl <path> --help` prints at `WIDTH` columns: the real binary, with no
/// environment (clap shows the current value of each `[env: ...]` variable, and a developer's
/// AWS_PROFILE must not change the page) and no terminal (so clap reads the width from COLUMNS).
fn help_page(path: &[String]) -> String {
    let out = Command::cargo_bin("tenantctl")
        .unwrap()
        .env_clear()
        .env("COLUMNS", WIDTH.to_string())
        .env("NO_COLOR", "1")
        .args(path)
        .arg("--help")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.is_empty(),
        "{path:?}: {stderr}"
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Every command path below `cmd` (the root's is empty), depth first. clap's generated `help`
/// subcommands are left out (their page is the same everywhere).
fn command_paths(cmd: &clap::Command, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(path.clone());
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        path.push(sub.get_name().to_string());
        command_paths(sub, path, out);
        path.pop();
    }
}
