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
