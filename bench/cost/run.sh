#!/usr/bin/env bash
# Cost report benchmark: 10,000 tenants × 12 months (TENANTS=N to change).
#  1. in process: `cargo bench --bench cost_report` (parse pages → allocate → report → CSV,
#     each allocation mode) under /usr/bin/time -v for peak memory;
#  2. end to end: the release binary, `tenantctl cost report --from .. --to .. -o csv`, against
#     the emulator holding N tenant records and 12 months of paginated Cost Explorer answers.
# Figures go to docs/performance.md ("## Cost reports") by hand.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
TENANTS="${TENANTS:-10000}"
FROM=2025-11-01 TO=2026-11-01
OUT="$(mktemp -d "${TMPDIR:-/tmp}/tenantctl-cost-bench.XXXXXX")"
echo "== building (release)"
cargo build --release --quiet --bin tenantctl
cargo bench --quiet --bench cost_report --no-run 2>/dev/null
BENCH="$(ls -t target/release/deps/cost_report-* | grep -v '\.d$' | head -1)"

echo "== in process: $TENANTS tenants x 12 months"
/usr/bin/time -v "$BENCH" 2>"$OUT/inproc.time"
grep -E "Elapsed \(wall|Maximum resident" "$OUT/inproc.time"

echo "== end to end against the emulator"
eval "$("$ROOT/scripts/emulator.sh" start)"
trap '"$ROOT/scripts/emulator.sh" stop "$TENANTCTL_EMULATOR_PID"' EXIT
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1
unset AWS_PROFILE
NS=bcost
cat >"$OUT/tenantctl.toml" <<TOML
namespace = "$NS"
region = "us-east-1"
[cognito]
user_pool_name = "$NS-users"
[buckets]
data = "$NS-data"
archive = "$NS-archive"
[tvm]
trusted_principals = ["arn:aws:iam::123456789012:role/$NS-runtime"]
[tiers.basic]
model_id = "mistral.ministral-3-8b-instruct"
deployment = "pooled"
monthly_budget = "200"
project_id = "basic-proj"
[tiers.premium]
model_id = "openai.gpt-oss-120b-1:0"
deployment = "pooled"
monthly_budget = "1500"
project_id = "premium-proj"
[tiers.enterprise]
model_id = "openai.gpt-oss-120b-1:0"
deployment = "siloed"
monthly_budget = "9000"
project_id = "enterprise-proj"
TOML
"${TENANTCTL_VENV:-$ROOT/.venv}/bin/python" "$ROOT/bench/cost/seed.py" "$NS" "$TENANTS" "$FROM" "$TO"
/usr/bin/time -v target/release/tenantctl --config "$OUT/tenantctl.toml" cost report --from "$FROM" --to "$TO" \
  --allocate-shared proportional -o csv >"$OUT/report.csv" 2>"$OUT/e2e.time"
grep -E "reconciliation|Elapsed \(wall|Maximum resident" "$OUT/e2e.time"
echo "rows (without header): $(($(wc -l <"$OUT/report.csv") - 1)); output in $OUT"
