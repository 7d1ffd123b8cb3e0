#!/usr/bin/env bash
# CUR 2.0 benchmark: `tenantctl cost report --source cur` against DuckDB running the equivalent
# SQL over the same Parquet files, side by side in one run (wall time and peak RSS from
# /usr/bin/time -v). Both produce the tenant × service × day aggregation with exact decimal sums
# and write it as CSV. Figures go to docs/performance.md ("## CUR 2.0 reports") by hand.
#
#   ROWS=10000000 TENANTS=10000 bench/cost/cur_bench.sh
#
# Needs a bench venv with pyarrow, numpy and duckdb (BENCH_VENV, default $TMPDIR/benchvenv:
# python3 -m venv "$BENCH_VENV" && "$BENCH_VENV/bin/pip" install pyarrow numpy duckdb), the
# pinned emulator (the registry of TENANTS tenants lives in its SSM) and a release build
# (BUILD=debug to try the script quickly). The generated files are kept in $CUR_DIR and reused.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
ROWS="${ROWS:-10000000}"
TENANTS="${TENANTS:-10000}"
FILES="${FILES:-8}"
BUILD="${BUILD:-release}"
MONTH=2026-10
BENCH_VENV="${BENCH_VENV:-${TMPDIR:-/tmp}/benchvenv}"
CUR_DIR="${CUR_DIR:-${TMPDIR:-/tmp}/tenantctl-cur-$ROWS-$TENANTS}"
OUT="$(mktemp -d "${TMPDIR:-/tmp}/tenantctl-cur-bench.XXXXXX")"

# BIN=path/to/tenantctl: use that binary instead of building one.
if [[ -z "${BIN:-}" ]]; then
  if [[ "$BUILD" == release ]]; then
    echo "== building (release)"
    cargo build --release --quiet --bin tenantctl
  else
    cargo build --quiet --bin tenantctl
  fi
  BIN="target/$BUILD/tenantctl"
fi

if [[ ! -d "$CUR_DIR/BILLING_PERIOD=$MONTH" ]]; then
  echo "== generating $ROWS CUR 2.0 line items for $TENANTS tenants into $CUR_DIR"
  "$BENCH_VENV/bin/python" bench/cost/gen_cur.py "$CUR_DIR" --rows "$ROWS" --tenants "$TENANTS" \
    --month "$MONTH" --files "$FILES" | tee "$CUR_DIR.total"
fi
du -sh "$CUR_DIR"

echo "== registry of $TENANTS tenants on the emulator"
eval "$("$ROOT/scripts/emulator.sh" start)"
trap '"$ROOT/scripts/emulator.sh" stop "$TENANTCTL_EMULATOR_PID"' EXIT
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1
unset AWS_PROFILE
NS=bcur
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
"${TENANTCTL_VENV:-$ROOT/.venv}/bin/python" - "$NS" "$TENANTS" <<'PY'
import datetime, json, os, sys
from concurrent.futures import ThreadPoolExecutor
import boto3
ns, n = sys.argv[1], int(sys.argv[2])
ssm = boto3.client("ssm", endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name="us-east-1")
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
tiers = ["basic", "premium", "enterprise"]
def put(i):
    t, tier = f"clinic-{i:05d}", tiers[i % 3]
    rec = {"schema_version": 1, "tenant": t, "tier": tier, "status": "active", "created_at": now,
           "updated_at": now, "project_id": f"{tier}-proj", "project_id_source": "tier",
           "resources": {"data_bucket": f"{ns}-data", "data_prefix": f"{tier}/{t}/", "parameters": []}}
    ssm.put_parameter(Name=f"/{ns}/tenants/{t}/record", Value=json.dumps(rec), Type="String", Overwrite=True)
with ThreadPoolExecutor(8) as pool:
    list(pool.map(put, range(n)))
PY

# BENCH_INDEX=1 (default): build the registry index first (`registry reindex`, not timed), so
# the report reads the fleet as 256 shards instead of ⌈N/10⌉ SSM pages (issue #18);
# BENCH_INDEX=0 measures the registry read from SSM, as before the index.
if [[ "${BENCH_INDEX:-1}" == 1 ]]; then
  echo "== tenantctl init and registry reindex (the index of the seeded registry; not timed)"
  "$BIN" --config "$OUT/tenantctl.toml" init >/dev/null 2>"$OUT/init.log" || { cat "$OUT/init.log"; exit 1; }
  "$BIN" --config "$OUT/tenantctl.toml" registry reindex >/dev/null 2>"$OUT/reindex.log" || { cat "$OUT/reindex.log"; exit 1; }
fi
echo "== tenantctl cost report --source cur (tenant,service × daily, -o csv)"
# The report reads the fleet (the index's shards) while it scans the CUR. On AWS that read
# costs this machine almost nothing; here the emulator, a Python process on the same two
# cores, spends about two seconds of CPU serving it. It runs at the lowest priority for the
# timed run, so that it takes idle time rather than the scan's (BENCH_EMULATOR_NICE=0: not).
if [[ "${BENCH_EMULATOR_NICE:-1}" == 1 ]]; then
  renice -n 19 -p "$TENANTCTL_EMULATOR_PID" >/dev/null
fi
# -v: the time spent reading and aggregating the CUR, and building and writing the report,
# and the fleet read's own time. RUNS=n (default 1): tenantctl and DuckDB take turns n times.
RUNS="${RUNS:-1}"
run_tenantctl() {
  if [[ "${BENCH_EMULATOR_NICE:-1}" == 1 ]]; then
    renice -n 19 -p "$TENANTCTL_EMULATOR_PID" >/dev/null
  fi
  /usr/bin/time -v "$BIN" -v --config "$OUT/tenantctl.toml" cost report --source cur "$CUR_DIR" --month "$MONTH" \
    --by tenant,service --granularity daily -o csv >"$OUT/tenantctl.csv" 2>"$OUT/tenantctl.time"
  grep -E "reconciliation|CUR: |report built|User time|Elapsed \(wall|Maximum resident" "$OUT/tenantctl.time"
  if [[ "${BENCH_EMULATOR_NICE:-1}" == 1 ]]; then
    renice -n 0 -p "$TENANTCTL_EMULATOR_PID" >/dev/null 2>&1 || true
  fi
}
echo "== DuckDB $("$BENCH_VENV/bin/python" -c 'import duckdb; print(duckdb.__version__)'), the same aggregation"
cat >"$OUT/duck.py" <<PY
import duckdb
duckdb.sql("""
COPY (
SELECT strftime(date_trunc('day', line_item_usage_start_date), '%Y-%m-%d') AS period,
  coalesce(nullif(tags['resourceTags/ClinicId'], ''), nullif(tags['iamPrincipal/ClinicId'], ''), '(untagged)') AS tenant,
  line_item_product_code AS service,
  CASE WHEN nullif(tags['resourceTags/ClinicId'], '') IS NOT NULL THEN 'tagged'
       WHEN nullif(tags['iamPrincipal/ClinicId'], '') IS NOT NULL THEN 'metered' ELSE 'untagged' END AS source,
  sum(CAST(round(line_item_unblended_cost, 10) AS DECIMAL(38,10))) AS cost
FROM read_parquet('$CUR_DIR/**/*.parquet')
WHERE line_item_usage_start_date >= TIMESTAMP '$MONTH-01' AND line_item_usage_start_date < TIMESTAMP '$MONTH-01' + INTERVAL 1 MONTH
GROUP BY ALL
) TO '$OUT/duckdb.csv' (HEADER)
""")
print(duckdb.sql("SELECT count(*), sum(cost) FROM read_csv('$OUT/duckdb.csv')").fetchall())
PY
run_duckdb() {
  /usr/bin/time -v "$BENCH_VENV/bin/python" "$OUT/duck.py" 2>"$OUT/duckdb.time"
  grep -E "User time|Elapsed \(wall|Maximum resident" "$OUT/duckdb.time"
}
for i in $(seq 1 "$RUNS"); do
  echo "== run $i of $RUNS: tenantctl (load $(cut -d' ' -f1 /proc/loadavg))"
  run_tenantctl
  echo "rows: $(($(wc -l <"$OUT/tenantctl.csv") - 1))"
  echo "== run $i of $RUNS: DuckDB (load $(cut -d' ' -f1 /proc/loadavg))"
  run_duckdb
done
echo "output in $OUT"
