#!/usr/bin/env bash
# Fleet benchmark at AWS-like latency and quotas (issue #18). Every timed command goes through
# the fault proxy (examples/fault_proxy.rs) with a per-call latency (BENCH_LATENCY_MS, default
# 50; a range such as 25-50 works too) and AWS's default request quotas (`--aws-quotas`:
# Cognito 50 AdminCreateUser/s, SSM 40 reads/s shared, S3 per-prefix rates, ...), so
# throttling answers are real (ThrottlingException / TooManyRequestsException / SlowDown).
# One fresh proxy per phase; each phase prints its exit code, wall time, the requests the
# proxy saw (calls per tenant) and the throttles.
#
# Part 1, onboarding (BENCH_TENANTS x BENCH_USERS, default 100 x 10): tenantctl with default
#   settings vs bench/onboard/boto3_seq.py (sequential, the minimum calls), both through the
#   same proxy settings; then, on tenantctl's platform: tenant list, tenant show, validate
#   drift, and offboarding BENCH_OFFBOARD (5) tenants, one command each.
# The emulator's own cap, measured in the same run: bench/fleet/loadgen.py (32 concurrent
#   boto3 clients, GetParameter straight at the emulator, 5 s).
# Part 2, scale (BENCH_SCALE_TENANTS, default 10000; 0 skips): a registry of that many tenants
#   (1 user each) seeded straight into the emulator (bench/fleet/seed.py, not timed), then
#   tenant list, tenant show, validate drift, tenant offboard of one tenant through the proxy,
#   each under /usr/bin/time -v (peak memory); and `tenantctl --version` start-up (best and
#   median of 20 runs).
#
#   bench/fleet/run.sh
# Environment: BENCH_TENANTS (100), BENCH_USERS (10), BENCH_LATENCY_MS (50), BENCH_OFFBOARD (5),
#   BENCH_SCALE_TENANTS (10000), BENCH_SCALE_COMMANDS ("list show drift offboard": which part-2
#   phases to run; BENCH_SKIP_PART1=1 runs part 2 alone), BENCH_PROFILE (release; debug to measure target/debug),
#   BENCH_SKIP_BUILD=1 (use the binaries already built), BENCH_SKIP_BOTO3=1.
# Every process it starts (emulator, proxy) is stopped by PID at the end.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/fleet"
VENV="${TENANTCTL_VENV:-$ROOT/.venv}"
N="${BENCH_TENANTS:-100}"
M="${BENCH_USERS:-10}"
LAT="${BENCH_LATENCY_MS:-50}"
OFF="${BENCH_OFFBOARD:-5}"
SCALE="${BENCH_SCALE_TENANTS:-10000}"
PROFILE="${BENCH_PROFILE:-release}"

unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL TENANTCTL_CONFIG
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null NO_COLOR=1

"$ROOT/scripts/install-emulator.sh"
if [[ -z "${BENCH_SKIP_BUILD:-}" ]]; then
  echo "building tenantctl and the fault proxy ($PROFILE)" >&2
  if [[ "$PROFILE" == release ]]; then
    (cd "$ROOT" && cargo build --release --quiet --bin tenantctl --example fault_proxy)
  else
    (cd "$ROOT" && cargo build --quiet --bin tenantctl --example fault_proxy)
  fi
fi
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tenantctl-bench-fleet.XXXXXX")"
mkdir -p "$WORK/bin"
cp "$ROOT/target/$PROFILE/tenantctl" "$ROOT/target/$PROFILE/examples/fault_proxy" "$WORK/bin/"
TENANTCTL="$WORK/bin/tenantctl"
PROXY="$WORK/bin/fault_proxy"
PY="$VENV/bin/python"
"$PY" "$ROOT/bench/onboard/gen.py" --tenants "$N" --users "$M" --json "$WORK/tenants.json" --tsv "$WORK/tenants.tsv"

EMU_PID="" PROXY_PID=""
stop_proxy() {
  if [[ -n "$PROXY_PID" ]]; then kill "$PROXY_PID" 2>/dev/null || true; wait "$PROXY_PID" 2>/dev/null || true; PROXY_PID=""; fi
}
cleanup() {
  stop_proxy
  if [[ -n "$EMU_PID" ]]; then "$ROOT/scripts/emulator.sh" stop "$EMU_PID"; EMU_PID=""; fi
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

write_config() { # namespace file
  cat >"$2" <<EOC
namespace = "$1"
region = "us-east-1"
[cognito]
user_pool_name = "$1-users"
[buckets]
data = "$1-data"
archive = "$1-archive"
[tvm]
trusted_principals = ["arn:aws:iam::123456789012:role/$1-runtime"]
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
EOC
}

start_proxy() { # name
  "$PROXY" --upstream "$EMU" --latency-ms "$LAT" --aws-quotas --stats "$WORK/$1.stats.json" >"$WORK/$1.proxy.out" 2>&1 &
  PROXY_PID=$!
  for _ in $(seq 1 50); do grep -q FAULT_PROXY_URL "$WORK/$1.proxy.out" 2>/dev/null && break; sleep 0.1; done
  url="$(sed -n 's/^FAULT_PROXY_URL=//p' "$WORK/$1.proxy.out")"
}

# phase NAME TENANTS cmd...: one timed command through a fresh proxy, under /usr/bin/time -v.
phase() {
  local name="$1" tenants="$2"; shift 2
  start_proxy "$name"
  local t0 t1 code rss
  t0="$(date +%s.%N)"
  set +e
  AWS_ENDPOINT_URL="$url" /usr/bin/time -v -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
  code=$?
  set -e
  t1="$(date +%s.%N)"
  stop_proxy # writes the final stats
  rss="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/$name.time")"
  "$PY" "$HERE/summarize.py" "$WORK/$name.stats.json" "$name" "$("$PY" -c "print($t1 - $t0)")" "$tenants" "$code" "$rss" | tee "$WORK/$name.line"
  if [[ "$code" != 0 ]]; then tail -5 "$WORK/$name.err" | sed 's/^/    stderr: /'; fi
}

eval "$("$ROOT/scripts/emulator.sh" start)"
EMU_PID="$TENANTCTL_EMULATOR_PID"
EMU="$AWS_ENDPOINT_URL"
unset AWS_ENDPOINT_URL
moto="$("$PY" -c 'import moto; print(moto.__version__)')"
boto="$("$PY" -c 'import boto3; print(boto3.__version__)')"
echo "fleet benchmark: latency ${LAT} ms per call, AWS default quotas; tenantctl $PROFILE build of $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src || echo '+changes'); moto $moto, boto3 $boto"
echo "machine: $(nproc) cores, $(uname -m), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- part 1: onboarding and the other commands at 100 x 10 ----
if [[ -z "${BENCH_SKIP_PART1:-}" ]]; then
cfg="$WORK/flt.toml"; write_config flt "$cfg"
AWS_ENDPOINT_URL="$EMU" "$TENANTCTL" --config "$cfg" --no-progress -q init >"$WORK/flt.init.log" 2>&1 || { cat "$WORK/flt.init.log" >&2; exit 1; }
tc=("$TENANTCTL" --config "$cfg" --no-progress)
phase onboard-tenantctl "$N" "${tc[@]}" tenant onboard --from "$WORK/tenants.json"
first="$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["tenant"])' "$WORK/tenants.json")"
phase list "$N" "${tc[@]}" tenant list -o json
"$PY" -c 'import json,sys; r=json.load(open(sys.argv[1])); a=[t for t in r if t["status"]=="active"]; u=sum(t["users"] for t in a); print(f"    end state: {len(a)} active tenants, {u} users")' "$WORK/list.out"
phase show 1 "${tc[@]}" tenant show "$first"
phase drift "$N" "${tc[@]}" validate drift
mapfile -t offs < <("$PY" -c 'import json,sys; [print(t["tenant"]) for t in json.load(open(sys.argv[1]))[1:1+int(sys.argv[2])]]' "$WORK/tenants.json" "$OFF")
phase "offboard-$OFF" "$OFF" bash -c 'for t in "${@:2}"; do '"$(printf '%q ' "${tc[@]}")"' tenant offboard "$t" --yes || exit $?; done' _ "${offs[@]}"

if [[ -z "${BENCH_SKIP_BOTO3:-}" ]]; then
  cfgb="$WORK/fltb.toml"; write_config fltb "$cfgb"
  AWS_ENDPOINT_URL="$EMU" "$TENANTCTL" --config "$cfgb" --no-progress -q init >"$WORK/fltb.init.log" 2>&1 || { cat "$WORK/fltb.init.log" >&2; exit 1; }
  phase onboard-boto3 "$N" "$PY" "$ROOT/bench/onboard/boto3_seq.py" fltb "$WORK/tenants.tsv"
  "$PY" - "$WORK" <<'PY'
import re, sys
w = sys.argv[1]
wall = lambda name: float(re.search(r"wall=([0-9.]+)s", open(f"{w}/{name}.line").read()).group(1))
print(f"onboarding: boto3 sequential / tenantctl default = {wall('onboard-boto3') / wall('onboard-tenantctl'):.1f}x")
PY
fi

# The same onboarding straight at the emulator (no proxy: no latency, no quotas): what the
# emulator alone allows for this workload, the floor any client is held to here.
cfgd="$WORK/fltd.toml"; write_config fltd "$cfgd"
AWS_ENDPOINT_URL="$EMU" "$TENANTCTL" --config "$cfgd" --no-progress -q init >"$WORK/fltd.init.log" 2>&1 || { cat "$WORK/fltd.init.log" >&2; exit 1; }
t0="$(date +%s.%N)"
AWS_ENDPOINT_URL="$EMU" "$TENANTCTL" --config "$cfgd" --no-progress tenant onboard --from "$WORK/tenants.json" >"$WORK/fltd.out" 2>"$WORK/fltd.err" || { tail -5 "$WORK/fltd.err" >&2; exit 1; }
t1="$(date +%s.%N)"
"$PY" - "$WORK" "$t0" "$t1" <<'PY'
import re, sys
w, t0, t1 = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
wall = float(re.search(r"wall=([0-9.]+)s", open(f"{w}/onboard-tenantctl.line").read()).group(1))
print(f"onboard-direct (tenantctl straight at the emulator, no latency, no quotas): wall={t1 - t0:.2f}s; "
      f"through the proxy / direct = {wall / (t1 - t0):.2f}x")
PY

echo "emulator cap (32 concurrent boto3 clients, ssm:GetParameter straight at the emulator, 5 s):"
"$PY" "$HERE/loadgen.py" "$EMU" /flt/platform/user-pool-id 5 4 8 | sed 's/^/  /'
fi

# ---- part 2: scale ----
if [[ "$SCALE" != 0 ]]; then
  cfgs="$WORK/big.toml"; write_config big "$cfgs"
  AWS_ENDPOINT_URL="$EMU" "$TENANTCTL" --config "$cfgs" --no-progress -q init >"$WORK/big.init.log" 2>&1 || { cat "$WORK/big.init.log" >&2; exit 1; }
  echo "seeding $SCALE tenants (not timed) ..." >&2
  t0="$(date +%s)"
  AWS_ENDPOINT_URL="$EMU" "$PY" "$HERE/seed.py" big "$SCALE" 1 4 >&2
  echo "  (seeded in $(( $(date +%s) - t0 )) s)" >&2
  big=("$TENANTCTL" --config "$cfgs" --no-progress)
  cmds=" ${BENCH_SCALE_COMMANDS:-list show drift offboard} "
  if [[ "$cmds" == *" list "* ]]; then
    phase "list-$SCALE" "$SCALE" "${big[@]}" tenant list -o json
    "$PY" -c 'import json,sys; r=json.load(open(sys.argv[1])); u=sum(t["users"] for t in r); print(f"    listed {len(r)} tenants, {u} users")' "$WORK/list-$SCALE.out"
  fi
  [[ "$cmds" != *" show "* ]] || phase "show-of-$SCALE" 1 "${big[@]}" tenant show clinic-00007
  [[ "$cmds" != *" drift "* ]] || phase "drift-$SCALE" "$SCALE" "${big[@]}" validate drift
  [[ "$cmds" != *" offboard "* ]] || phase "offboard-1-of-$SCALE" 1 "${big[@]}" tenant offboard clinic-00008 --yes
fi

echo "tenantctl --version (20 runs):"
"$PY" - "$TENANTCTL" <<'PY'
import subprocess, sys, time
ts = []
for _ in range(20):
    t0 = time.perf_counter(); subprocess.run([sys.argv[1], "--version"], stdout=subprocess.DEVNULL, check=True); ts.append(time.perf_counter() - t0)
ts.sort()
print(f"  best {ts[0]*1000:.1f} ms, median {ts[len(ts)//2]*1000:.1f} ms")
PY
/usr/bin/time -v "$TENANTCTL" --version 2>&1 >/dev/null | sed -n 's/.*Maximum resident set size (kbytes): /  max RSS (kB): /p'
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg); work files: $WORK"
