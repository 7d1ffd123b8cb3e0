#!/usr/bin/env bash
# Regenerate the checked-in shell completions and man pages (tests/it/completions.rs fails
# when they are stale).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
cargo build --quiet --bin tenantctl
mkdir -p completions
B=target/debug/tenantctl
$B completions bash > completions/tenantctl.bash
$B completions zsh > completions/_tenantctl
$B completions fish > completions/tenantctl.fish
$B completions powershell > completions/_tenantctl.ps1
$B completions elvish > completions/tenantctl.elv
rm -rf man && $B man man
