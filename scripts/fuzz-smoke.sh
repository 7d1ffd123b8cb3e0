#!/usr/bin/env bash
# Short fuzzing of the input edges and the policy engine, for CI: the cargo-fuzz targets ids,
# users_csv, bulk_file, config and policy_parse (fuzz/fuzz_targets/, properties in
# fuzz/checks.rs; fuzz/seed-corpus.sh adds the conformance documents to policy_parse's corpus).
# - With a nightly toolchain and cargo-fuzz: each target fuzzes for FUZZ_SECONDS (default 20),
#   starting from its seeds (fuzz/seeds/<target>) and corpus; a crash fails the script.
# - Otherwise (CI must not depend on nightly): the same targets' seeds plus a few thousand
#   deterministic mutations go through the same checks on stable Rust (tests/it/fuzz_smoke.rs,
#   which every `cargo test`, hence scripts/test.sh, also runs).
# Usage: scripts/fuzz-smoke.sh [--stable]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_TARGET="${FUZZ_SECONDS:-20}"
TARGETS=(ids users_csv bulk_file config policy_parse)

if [[ "${1:-}" != "--stable" ]] && cargo +nightly --version >/dev/null 2>&1 && cargo +nightly fuzz --version >/dev/null 2>&1; then
  cd "$ROOT/fuzz"
  for t in "${TARGETS[@]}"; do
    mkdir -p "corpus/$t"
    seeds=()
    [[ -d "seeds/$t" ]] && seeds=("seeds/$t")
    echo "fuzz-smoke: $t for ${SECONDS_PER_TARGET}s (cargo-fuzz, nightly)" >&2
    cargo +nightly fuzz run "$t" "corpus/$t" "${seeds[@]}" -- -max_total_time="$SECONDS_PER_TARGET" -max_len=65536
  done
  echo "fuzz-smoke: ${#TARGETS[@]} target(s) fuzzed, no crash" >&2
else
  echo "fuzz-smoke: no nightly cargo-fuzz (or --stable): seeds + mutations on stable (tests/it/fuzz_smoke.rs)" >&2
  cd "$ROOT"
  cargo test --quiet --test it fuzz_smoke::
fi
