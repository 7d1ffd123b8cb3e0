#!/usr/bin/env bash
# The main job, end to end, on the local emulator: install what is missing, start moto on
# 127.0.0.1:<free port>, build tenantctl, init, onboard the sample tenants, list them,
# validate isolation (when built), cost report (when built), the memory archive at offboarding
# (demo.d/50-memory.sh), and stop the emulator (and the memory stand-in) by PID.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
command -v cargo >/dev/null || { echo "cargo not found: install Rust from https://rustup.rs" >&2; exit 3; }
cargo build --quiet --bin tenantctl
BIN="$ROOT/target/debug/tenantctl"
eval "$("$ROOT/scripts/emulator.sh" start)"
trap '"$ROOT/scripts/emulator.sh" stop "$TENANTCTL_EMULATOR_PID"' EXIT
# The emulator accepts any credentials; these are dummies so no real account is ever touched.
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_SESSION_TOKEN=testing AWS_REGION=us-east-1
unset AWS_PROFILE
export TENANTCTL_CONFIG="$ROOT/examples/tenantctl.toml"
echo "== emulator at $AWS_ENDPOINT_URL (pid $TENANTCTL_EMULATOR_PID)"
echo "== tenantctl init"; "$BIN" init
echo "== tenantctl init (again: must plan 0 changes)"; "$BIN" init
echo "== tenantctl tenant onboard --from examples/tenants.json"; "$BIN" tenant onboard --from "$ROOT/examples/tenants.json"
echo "== tenantctl tenant list"; "$BIN" tenant list
for extra in "$ROOT"/scripts/demo.d/*.sh; do
  [[ -e "$extra" ]] || continue
  # shellcheck source=/dev/null
  source "$extra"
done
