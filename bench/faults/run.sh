#!/usr/bin/env bash
# Onboarding under throttling: bulk-onboard N tenants x M users (default 1,000 x 5) through the
# fault-injecting proxy, which enforces a fixed quota on Cognito user creation (a token bucket,
# default 50 AdminCreateUser/s with a burst of one second's worth) and answers everything over
# the quota with Cognito's real TooManyRequestsException. Reports the achieved user-creation
# rate as a share of the quota (goal >= 80%) and the failed operations (goal 0).
# See docs/performance.md "Onboarding under throttling".
#
#   bench/faults/run.sh
# Environment: BENCH_TENANTS (1000), BENCH_USERS (5), BENCH_QUOTA (50), BENCH_CONCURRENCY (8),
#   BENCH_MODES ("adaptive standard": tenantctl's --retry-mode values to run, each on a fresh emulator),
#   BENCH_SKIP_BUILD=1 to use the release binaries already built.
# Every process it starts (emulator, proxy) is stopped by PID at the end.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="${TENANTCTL_VENV:-$ROOT/.venv}"
N="${BENCH_TENANTS:-1000}"
M="${BENCH_USERS:-5}"
QUOTA="${BENCH_QUOTA:-50}"
CONC="${BENCH_CONCURRENCY:-8}"
MODES="${BENCH_MODES:-adaptive standard}"

unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL TENANTCTL_CONFIG
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null NO_COLOR=1

"$ROOT/scripts/install-emulator.sh"
if [[ -z "${BENCH_SKIP_BUILD:-}" ]]; then
  echo "building tenantctl and the fault proxy (release)" >&2
  (cd "$ROOT" && cargo build --release --quiet --bin tenantctl --example fault_proxy)
fi
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tenantctl-bench-faults.XXXXXX")"
# Private copies: another build into the shared target/ must not swap binaries mid-run.
mkdir -p "$WORK/bin"
cp "$ROOT/target/release/tenantctl" "$ROOT/target/release/examples/fault_proxy" "$WORK/bin/"
TENANTCTL="$WORK/bin/tenantctl"
PROXY="$WORK/bin/fault_proxy"
"$TENANTCTL" --help | grep -q -- --retry-mode || { echo "target/release/tenantctl is not this tree's build (no --retry-mode); rebuild without BENCH_SKIP_BUILD" >&2; exit 1; }
"$VENV/bin/python" "$ROOT/bench/onboard/gen.py" --tenants "$N" --users "$M" --json "$WORK/tenants.json" --tsv "$WORK/tenants.tsv"

EMU_PID="" PROXY_PID=""
cleanup() {
  if [[ -n "$PROXY_PID" ]]; then kill "$PROXY_PID" 2>/dev/null || true; wait "$PROXY_PID" 2>/dev/null || true; PROXY_PID=""; fi
  if [[ -n "$EMU_PID" ]]; then "$ROOT/scripts/emulator.sh" stop "$EMU_PID"; EMU_PID=""; fi
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

for mode in $MODES; do
  eval "$("$ROOT/scripts/emulator.sh" start)"
  EMU_PID="$TENANTCTL_EMULATOR_PID"
  EMU="$AWS_ENDPOINT_URL"
  ns="thr${mode:0:1}c$CONC"
  cfg="$WORK/$ns.toml"
  cat >"$cfg" <<EOF
namespace = "$ns"
region = "us-east-1"
[cognito]
user_pool_name = "$ns-users"
[buckets]
data = "$ns-data"
archive = "$ns-archive"
[tvm]
trusted_principals = ["arn:aws:iam::123456789012:role/$ns-runtime"]
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
EOF
  "$TENANTCTL" --config "$cfg" --no-progress -q init >"$WORK/$ns.init.log" 2>&1 || { cat "$WORK/$ns.init.log" >&2; exit 1; }
  stats="$WORK/$ns.proxy.json"
  "$PROXY" --upstream "$EMU" --quota "cognito-idp:AdminCreateUser=$QUOTA" --stats "$stats" >"$WORK/$ns.proxy.out" 2>&1 &
  PROXY_PID=$!
  for _ in $(seq 1 50); do grep -q FAULT_PROXY_URL "$WORK/$ns.proxy.out" 2>/dev/null && break; sleep 0.1; done
  url="$(sed -n 's/^FAULT_PROXY_URL=//p' "$WORK/$ns.proxy.out")"
  echo "onboarding $N tenants x $M users through the proxy ($QUOTA AdminCreateUser/s), --retry-mode $mode, --concurrency $CONC ..." >&2
  t0="$(date +%s.%N)"
  set +e
  AWS_ENDPOINT_URL="$url" "$TENANTCTL" --config "$cfg" --no-progress -v --retry-mode "$mode" \
    tenant onboard --from "$WORK/tenants.json" --concurrency "$CONC" >"$WORK/$ns.out" 2>"$WORK/$ns.err"
  code=$?
  set -e
  t1="$(date +%s.%N)"
  sleep 1.5 # the proxy rewrites its stats every second
  kill "$PROXY_PID"; wait "$PROXY_PID" 2>/dev/null || true; PROXY_PID=""
  # Independent check of the end state, straight against the emulator.
  users="$(AWS_ENDPOINT_URL="$EMU" "$TENANTCTL" --config "$cfg" -q tenant list --output json \
    | "$VENV/bin/python" -c 'import json,sys; r=json.load(sys.stdin); print(sum(t["users"] for t in r if t["status"]=="active"), sum(1 for t in r if t["status"]=="active"))')"
  "$VENV/bin/python" - "$stats" "$mode" "$code" "$t0" "$t1" "$QUOTA" "$N" "$M" "$users" "$WORK/$ns.err" <<'PY'
import json, sys
stats, mode, code, t0, t1, quota, n, m, users, err = sys.argv[1:]
s = json.load(open(stats)).get("cognito-idp:AdminCreateUser", {})
ok = s.get("succeeded", 0)
first, last = s.get("first_success_ms"), s.get("last_success_ms")
window = (last - first) / 1000 if first is not None and last is not None and last > first else float("nan")
rate = (ok - 1) / window if window == window and window > 0 else float("nan")
active_users, active_tenants = (int(x) for x in users.split())
want = int(n) * int(m)
report = [l.strip() for l in open(err) if l.startswith("aws cognito-idp")]
print(f"mode={mode} exit={code} wall={float(t1)-float(t0):.1f}s users_created={ok}/{want} "
      f"rate={rate:.1f}/s quota={quota}/s share={100*rate/float(quota):.1f}% "
      f"throttled_by_quota={s.get('quota_throttled', 0)} failed_operations={want - active_users} "
      f"active_tenants={active_tenants}/{n}")
for l in report:
    print(f"  tenantctl -v: {l}")
PY
  cleanup
done
echo "work files: $WORK" >&2
