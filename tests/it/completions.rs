//! The checked-in completion scripts must match what the binary generates.
//! Regenerate with: for s in bash zsh fish powershell elvish; do tenantctl completions $s > completions/...; done
//! (scripts/gen-completions.sh does exactly that).

use std::path::Path;

#[test]
fn checked_in_completions_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    for (shell, file) in [
        (clap_complete::Shell::Bash, "tenantctl.bash"),
        (clap_complete::Shell::Zsh, "_tenantctl"),
        (clap_complete::Shell::Fish, "tenantctl.fish"),
        (clap_complete::Shell::PowerShell, "_tenantctl.ps1"),
        (clap_complete::Shell::Elvish, "tenantctl.elv"),
    ] {
        let want = tenantctl::commands::completions::render(shell);
        let have = std::fs::read_to_string(root.join(file)).unwrap_or_default();
        assert!(
            have == want,
            "completions/{file} is stale: run scripts/gen-completions.sh"
        );
    }
}

/// The checked-in man pages (man/) must match what the CLI generates, page for page.
#[test]
fn checked_in_man_pages_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let want = tenantctl::commands::completions::man_pages();
    for (file, text) in &want {
        let have = std::fs::read_to_string(root.join(file)).unwrap_or_default();
        assert!(
            &have == text,
            "man/{file} is stale: run scripts/gen-completions.sh"
        );
    }
    let mut on_disk: Vec<String> = std::fs::read_dir(&root)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    on_disk.sort();
    let mut expected: Vec<String> = want.into_iter().map(|(f, _)| f).collect();
    expected.sort();
    assert_eq!(
        on_disk, expected,
        "man/ holds a page of no command (or lacks one): run scripts/gen-completions.sh"
    );
}
