#!/usr/bin/env bash
# Onboarding under throttling: bulk-onboard N tenants x M users (default 1,000 x 5) through the
# fault-injecting proxy, which enforces a fixed quota on Cognito user creation (a token bucket,
# default 50 AdminCreateUser/s with a burst of one second's worth) and answers everything over
# the quota with Cognito's real TooManyRequestsException. Reports the achieved user-creation
# rate as a share of the quota (goal >= 80%) and the failed operations (goal 0).
# See docs/performance.md "Onboarding under throttling".
#
# Then the long stall (issue #16): on a fresh emulator, BENCH_STALL_TENANTS (50) tenants are
# onboarded through a proxy that freezes the whole endpoint for BENCH_STALL seconds (default 70:
# longer than the 60 s attempt timeout, shorter than --max-retry-time) at the 20th user
# creation, then one tenant with 30 documents (45 versions) is offboarded through a freeze at
# its 5th CopyObject and restored through another. Requests received during a freeze are
# forwarded when it ends, even those whose client gave up: the retried-copy case. Reports exit
# codes, wall time, and whether the archive holds exactly its manifest and the restored tenant
# exactly its versions (goal: yes, yes).
#
#   bench/faults/run.sh
# Environment: BENCH_TENANTS (1000), BENCH_USERS (5), BENCH_QUOTA (50), BENCH_CONCURRENCY (8),
#   BENCH_MODES ("adaptive standard": tenantctl's --retry-mode values to run, each on a fresh emulator;
#   "" skips the quota runs), BENCH_STALL (70; 0 skips the stall run), BENCH_STALL_TENANTS (50),
#   BENCH_SKIP_BUILD=1 to use the binaries already built, BENCH_PROFILE (release; debug for a
#   quick smoke run of the script with target/debug binaries).
# Every process it starts (emulator, proxy) is stopped by PID at the end.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="${TENANTCTL_VENV:-$ROOT/.venv}"
N="${BENCH_TENANTS:-1000}"
M="${BENCH_USERS:-5}"
QUOTA="${BENCH_QUOTA:-50}"
CONC="${BENCH_CONCURRENCY:-8}"
MODES="${BENCH_MODES-adaptive standard}"
STALL="${BENCH_STALL:-70}"
STALL_N="${BENCH_STALL_TENANTS:-50}"
PROFILE="${BENCH_PROFILE:-release}"

unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL TENANTCTL_CONFIG
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1
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
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tenantctl-bench-faults.XXXXXX")"
# Private copies: another build into the shared target/ must not swap binaries mid-run.
mkdir -p "$WORK/bin"
cp "$ROOT/target/$PROFILE/tenantctl" "$ROOT/target/$PROFILE/examples/fault_proxy" "$WORK/bin/"
TENANTCTL="$WORK/bin/tenantctl"
PROXY="$WORK/bin/fault_proxy"
"$TENANTCTL" --help | grep -q -- --attempt-timeout || { echo "target/$PROFILE/tenantctl is not this tree's build (no --attempt-timeout); rebuild without BENCH_SKIP_BUILD" >&2; exit 1; }
"$VENV/bin/python" "$ROOT/bench/onboard/gen.py" --tenants "$N" --users "$M" --json "$WORK/tenants.json" --tsv "$WORK/tenants.tsv"

EMU_PID="" PROXY_PID=""
cleanup() {
  if [[ -n "$PROXY_PID" ]]; then kill "$PROXY_PID" 2>/dev/null || true; wait "$PROXY_PID" 2>/dev/null || true; PROXY_PID=""; fi
  if [[ -n "$EMU_PID" ]]; then "$ROOT/scripts/emulator.sh" stop "$EMU_PID"; EMU_PID=""; fi
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

write_config() { # namespace file
  local ns="$1"
  cat >"$2" <<EOF
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
}

# Start the proxy in front of $EMU with the given flags; sets PROXY_PID and url.
start_proxy() { # name flags...
  local name="$1"; shift
  "$PROXY" --upstream "$EMU" "$@" >"$WORK/$name.proxy.out" 2>&1 &
  PROXY_PID=$!
  for _ in $(seq 1 50); do grep -q FAULT_PROXY_URL "$WORK/$name.proxy.out" 2>/dev/null && break; sleep 0.1; done
  url="$(sed -n 's/^FAULT_PROXY_URL=//p' "$WORK/$name.proxy.out")"
}
stop_proxy() {
  if [[ -n "$PROXY_PID" ]]; then kill "$PROXY_PID" 2>/dev/null || true; wait "$PROXY_PID" 2>/dev/null || true; PROXY_PID=""; fi
}

for mode in $MODES; do
  eval "$("$ROOT/scripts/emulator.sh" start)"
  EMU_PID="$TENANTCTL_EMULATOR_PID"
  EMU="$AWS_ENDPOINT_URL"
  ns="thr${mode:0:1}c$CONC"
  cfg="$WORK/$ns.toml"
  write_config "$ns" "$cfg"
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

# Run tenantctl through $url until it exits 0 (a stall longer than the retry budget may stop it
# with exit 4: "re-run the same command"); prints the exit codes seen.
until_done() { # log args...
  local log="$1"; shift
  local codes="" code
  for _ in 1 2 3 4; do
    set +e
    AWS_ENDPOINT_URL="$url" "$TENANTCTL" --config "$cfg" --no-progress -v "$@" >>"$log.out" 2>>"$log.err"
    code=$?
    set -e
    codes="$codes$code "
    [[ "$code" == 4 ]] || break
  done
  echo "${codes% }"
}

if [[ "$STALL" != 0 ]]; then
  eval "$("$ROOT/scripts/emulator.sh" start)"
  EMU_PID="$TENANTCTL_EMULATOR_PID"
  EMU="$AWS_ENDPOINT_URL"
  ns="stall"
  cfg="$WORK/$ns.toml"
  write_config "$ns" "$cfg"
  "$TENANTCTL" --config "$cfg" --no-progress -q init >"$WORK/$ns.init.log" 2>&1 || { cat "$WORK/$ns.init.log" >&2; exit 1; }
  "$VENV/bin/python" "$ROOT/bench/onboard/gen.py" --tenants "$STALL_N" --users 2 --json "$WORK/stall-tenants.json" --tsv "$WORK/stall-tenants.tsv"
  read -r first prefix < <("$VENV/bin/python" -c 'import json,sys; t=json.load(open(sys.argv[1]))[0]; print(t["tenant"], t["tier"] + "/" + t["tenant"] + "/")' "$WORK/stall-tenants.json")

  echo "onboarding $STALL_N tenants through a ${STALL}s freeze of the endpoint ..." >&2
  start_proxy stall-onboard --stall "cognito-idp:AdminCreateUser@20=$STALL"
  t0="$(date +%s.%N)"
  on_codes="$(until_done "$WORK/stall-onboard" --retry-mode standard tenant onboard --from "$WORK/stall-tenants.json" --concurrency "$CONC")"
  t1="$(date +%s.%N)"
  stop_proxy

  # 30 documents, every other one with two versions, straight into the emulator.
  "$VENV/bin/python" - "$EMU" "$ns-data" "$prefix" <<'PY'
import sys, boto3
ep, bucket, prefix = sys.argv[1:]
s3 = boto3.client("s3", endpoint_url=ep, region_name="us-east-1")
for i in range(30):
    for v in range(1 + i % 2):
        s3.put_object(Bucket=bucket, Key=f"{prefix}docs/doc-{i:02}.txt", Body=f"document {i} version {v}".encode())
PY
  echo "offboarding $first through a ${STALL}s freeze at its 5th copy ..." >&2
  start_proxy stall-offboard --stall "s3:CopyObject@5=$STALL"
  t2="$(date +%s.%N)"
  off_codes="$(until_done "$WORK/stall-offboard" --retry-mode standard tenant offboard "$first" --yes)"
  t3="$(date +%s.%N)"
  stop_proxy
  run="$("$VENV/bin/python" - "$EMU" "$ns" "$first" <<'PY'
import json, sys, boto3
ep, ns, t = sys.argv[1:]
ssm = boto3.client("ssm", endpoint_url=ep, region_name="us-east-1")
print(json.loads(ssm.get_parameter(Name=f"/{ns}/tenants/{t}/record")["Parameter"]["Value"])["offboarding"]["run"])
PY
)"
  echo "restoring $first through a ${STALL}s freeze at its 5th copy ..." >&2
  start_proxy stall-restore --stall "s3:CopyObject@5=$STALL"
  t4="$(date +%s.%N)"
  re_codes="$(until_done "$WORK/stall-restore" --retry-mode standard tenant restore "$first" --from-archive "$run")"
  t5="$(date +%s.%N)"
  stop_proxy
  "$VENV/bin/python" - "$EMU" "$ns" "$first" "$prefix" "$run" "$STALL_N" "$on_codes" "$off_codes" "$re_codes" "$t0" "$t1" "$t2" "$t3" "$t4" "$t5" "$STALL" <<'PY'
import json, sys, boto3
ep, ns, first, prefix, run, n, on, off, re_, t0, t1, t2, t3, t4, t5, stall = sys.argv[1:]
s3 = boto3.client("s3", endpoint_url=ep, region_name="us-east-1")
ssm = boto3.client("ssm", endpoint_url=ep, region_name="us-east-1")
def versions(bucket, pfx):
    out, kw = [], {}
    while True:
        r = s3.list_object_versions(Bucket=bucket, Prefix=pfx, **kw)
        out += [(v["Key"], v["VersionId"]) for v in r.get("Versions", [])]
        if not r.get("IsTruncated"):
            return out
        kw = {"KeyMarker": r["NextKeyMarker"], "VersionIdMarker": r["NextVersionIdMarker"]}
arch = f"offboarding/{first}/{run}/"
manifest = json.loads(s3.get_object(Bucket=f"{ns}-archive", Key=arch + "manifest.json")["Body"].read())
archived = len(versions(f"{ns}-archive", arch + "data/"))
restored = len(versions(f"{ns}-data", prefix))
recs, kw = [], {}
while True:
    r = ssm.get_parameters_by_path(Path=f"/{ns}/tenants", Recursive=True, **kw)
    recs += [json.loads(p["Value"]) for p in r["Parameters"] if p["Name"].endswith("/record")]
    if not r.get("NextToken"):
        break
    kw = {"NextToken": r["NextToken"]}
active = sum(1 for r in recs if r["status"] == "active")
m = len(manifest["objects"])
print(f"stall={stall}s onboard: exits=[{on}] wall={float(t1)-float(t0):.1f}s active={active}/{n}")
print(f"stall={stall}s offboard: exits=[{off}] wall={float(t3)-float(t2):.1f}s archive_versions={archived} manifest_entries={m} exact={archived == m}")
print(f"stall={stall}s restore: exits=[{re_}] wall={float(t5)-float(t4):.1f}s restored_versions={restored} archived={m} exact={restored == m}")
PY
  for f in stall-offboard stall-restore; do grep -h -E "^(aws s3:|archive:|restore:)" "$WORK/$f.err" 2>/dev/null | sed "s/^/  $f -v: /" || true; done
  cleanup
fi
echo "work files: $WORK" >&2
