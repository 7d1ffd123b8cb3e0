#!/usr/bin/env bash
# Run the whole test suite: install the pinned emulator (project-local venv), start ONE
# emulator on 127.0.0.1:<free port> for the run, run `cargo test`, stop the emulator by PID.
# Extra arguments go to `cargo test` (e.g. scripts/test.sh --test it isolation_proof::).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
eval "$("$ROOT/scripts/emulator.sh" start)"
trap '"$ROOT/scripts/emulator.sh" stop "$TENANTCTL_EMULATOR_PID"' EXIT
export TENANTCTL_TEST_ENDPOINT="$AWS_ENDPOINT_URL"
unset AWS_ENDPOINT_URL AWS_PROFILE
set +e
# (tests/it/fuzz_smoke.rs, the stable smoke run of the fuzz targets, is one of the test modules.)
cargo test --no-fail-fast "$@" 2>&1 | tee "${TMPDIR:-/tmp}/tenantctl-test.log"
status=${PIPESTATUS[0]}
# TENANTCTL_FUZZ=1: also fuzz each input target for real for a few seconds (nightly + cargo-fuzz).
if [[ "${TENANTCTL_FUZZ:-}" == 1 ]]; then "$ROOT/scripts/fuzz-smoke.sh" || status=1; fi
set -e
# One closing line over every test binary (unit tests, the one integration binary tests/it,
# doctests), for people and CI logs.
awk '/^test result:/ { p += $4; f += $6; i += $8 } END { printf "%d passed, %d failed, %d skipped\n", p, f, i }' "${TMPDIR:-/tmp}/tenantctl-test.log"
exit "$status"
