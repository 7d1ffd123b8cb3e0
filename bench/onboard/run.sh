#!/usr/bin/env bash
# Onboarding benchmark: onboard N tenants x M users (default 100 x 10) with
#   tenantctl (default concurrency, and --concurrency 1),
#   a sequential boto3 script (boto3_seq.py) and a plain `aws` CLI loop (aws_cli_loop.sh)
# making the same AWS calls; print wall times and ratios. See docs/performance.md.
#
#   bench/onboard/run.sh
# Environment: BENCH_TENANTS (100), BENCH_USERS (10),
#   BENCH_CONTESTANTS ("tenantctl tenantctl-c1 boto3 awscli"; any subset, in that form),
#   TENANTCTL_REV (HEAD): the committed revision of tenantctl to measure,
#   BENCH_TENANTCTL_BIN: measure this already built release binary instead (no build).
# Each contestant gets a fresh emulator (moto on 127.0.0.1), `tenantctl init` (not timed),
# its timed run, then an independent boto3 check of the end state; the emulator is stopped by
# PID afterwards. The AWS CLI goes into the project venv (.venv), never globally.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/onboard"
VENV="${TENANTCTL_VENV:-$ROOT/.venv}"
N="${BENCH_TENANTS:-100}"
M="${BENCH_USERS:-10}"
CONTESTANTS="${BENCH_CONTESTANTS:-tenantctl tenantctl-c1 boto3 awscli}"
REV="$(git -C "$ROOT" rev-parse --short "${TENANTCTL_REV:-HEAD}")"

# Dummy credentials and nothing from the user's AWS config: every call goes to the emulator.
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL TENANTCTL_CONFIG
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_PAGER=""
export NO_COLOR=1

# ---- tools (idempotent) ----
"$ROOT/scripts/install-emulator.sh"
if [[ ! -x "$VENV/bin/aws" ]]; then
  # Keep the venv's botocore/s3transfer (moto's) where they are: only add the CLI.
  pins="$("$VENV/bin/python" -c 'import botocore, s3transfer; print(f"botocore=={botocore.__version__} s3transfer=={s3transfer.__version__}")')"
  echo "installing awscli into $VENV" >&2
  # shellcheck disable=SC2086
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check awscli $pins
fi
export AWS="$VENV/bin/aws"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tenantctl-bench-onboard.XXXXXX")"

# tenantctl in release mode, from the committed revision (not a working tree others may be
# editing), sharing target/ so only the tenantctl crate itself is compiled. The binary is
# copied out right after the build: another checkout building into the same target
# directory overwrites target/release/tenantctl when it finishes its own build.
TENANTCTL="$WORK/tenantctl"
if [[ -n "${BENCH_TENANTCTL_BIN:-}" ]]; then
  cp "$BENCH_TENANTCTL_BIN" "$TENANTCTL"
  REV="binary $BENCH_TENANTCTL_BIN"
else
  SRC="${TMPDIR:-/tmp}/tenantctl-bench-onboard-src"
  rm -rf "$SRC" && mkdir -p "$SRC"
  git -C "$ROOT" archive "$REV" | tar -x -C "$SRC"
  echo "building tenantctl $REV (release)" >&2
  (cd "$SRC" && CARGO_TARGET_DIR="$ROOT/target" cargo build --release --quiet --bin tenantctl)
  cp "$ROOT/target/release/tenantctl" "$TENANTCTL"
fi
"$VENV/bin/python" "$HERE/gen.py" --tenants "$N" --users "$M" --json "$WORK/tenants.json" --tsv "$WORK/tenants.tsv"

EMU_PID=""
stop_emulator() {
  if [[ -n "$EMU_PID" ]]; then "$ROOT/scripts/emulator.sh" stop "$EMU_PID"; EMU_PID=""; fi
}
trap stop_emulator EXIT
trap 'stop_emulator; exit 130' INT TERM

start_emulator() {
  local out
  out="$("$ROOT/scripts/emulator.sh" start)"
  eval "$out"
  EMU_PID="$TENANTCTL_EMULATOR_PID"
}

# moto's request recorder (to MOTO_RECORDER_FILEPATH): every API call a contestant makes,
# retries included, so calls.py can show they all made the same calls.
recorder() { curl -fsS -X POST "$AWS_ENDPOINT_URL/moto-api/recorder/$1" >/dev/null; }

# Same shape as tests/it/common/mod.rs: pooled basic/premium, siloed enterprise.
write_config() { # ns file
  cat >"$2" <<EOF
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
features = ["web_search"]
monthly_budget = "1500"
project_id = "premium-proj"
[tiers.enterprise]
model_id = "openai.gpt-oss-120b-1:0"
deployment = "siloed"
features = ["web_search"]
monthly_budget = "9000"
project_id = "enterprise-proj"
EOF
}

now() { date +%s.%N; }
elapsed() { "$VENV/bin/python" -c "print(f'{$2 - $1:.2f}')"; }

declare -A WALL PLAN
RECORDINGS=()
for c in $CONTESTANTS; do
  case "$c" in
    tenantctl) ns="onb-tc" ;; tenantctl-c1) ns="onb-tc1" ;; boto3) ns="onb-boto3" ;; awscli) ns="onb-awscli" ;;
    *) echo "unknown contestant $c (tenantctl tenantctl-c1 boto3 awscli)" >&2; exit 2 ;;
  esac
  export MOTO_RECORDER_FILEPATH="$WORK/$ns.calls.jsonl"
  RECORDINGS+=("$c=$MOTO_RECORDER_FILEPATH")
  start_emulator
  cfg="$WORK/$ns.toml"
  write_config "$ns" "$cfg"
  "$TENANTCTL" --config "$cfg" --no-progress -q init >"$WORK/$ns.init.log" 2>&1 \
    || { cat "$WORK/$ns.init.log" >&2; exit 1; }
  onboard=("$TENANTCTL" --config "$cfg" --no-progress tenant onboard --from "$WORK/tenants.json")
  if [[ "$c" == tenantctl-c1 ]]; then onboard+=(--concurrency 1); fi
  if [[ "$c" == tenantctl* ]]; then
    # Informational: the observe/plan phase alone (dry run writes nothing).
    t0="$(now)"; "${onboard[@]}" --dry-run >/dev/null 2>"$WORK/$ns.dry.log"; PLAN[$c]="$(elapsed "$t0" "$(now)")"
  fi
  echo "running $c ($N tenants x $M users) ..." >&2
  recorder start-recording
  t0="$(now)"
  case "$c" in
    tenantctl*) "${onboard[@]}" >"$WORK/$ns.log" 2>&1 || { tail -20 "$WORK/$ns.log" >&2; exit 1; } ;;
    boto3) "$VENV/bin/python" "$HERE/boto3_seq.py" "$ns" "$WORK/tenants.tsv" >"$WORK/$ns.log" 2>&1 || { tail -20 "$WORK/$ns.log" >&2; exit 1; } ;;
    awscli) "$HERE/aws_cli_loop.sh" "$ns" "$WORK/tenants.tsv" >"$WORK/$ns.log" 2>&1 || { tail -20 "$WORK/$ns.log" >&2; exit 1; } ;;
  esac
  WALL[$c]="$(elapsed "$t0" "$(now)")"
  recorder stop-recording
  "$VENV/bin/python" "$HERE/verify.py" "$ns" "$WORK/tenants.tsv" | sed "s/^/  $c: /" >&2
  stop_emulator
done

moto="$("$VENV/bin/python" -c 'import moto; print(moto.__version__)')"
boto="$("$VENV/bin/python" -c 'import boto3; print(boto3.__version__)')"
echo
echo "Onboarding $N tenants x $M users, fresh emulator each (moto $moto, boto3 $boto, $("$AWS" --version 2>&1 | cut -d' ' -f1))"
echo "machine: $(nproc) cores, $(uname -m), load average at end: $(cut -d' ' -f1-3 /proc/loadavg); tenantctl $REV"
printf '%-34s %10s\n' "contestant" "wall (s)"
label() {
  case "$1" in
    tenantctl) echo "tenantctl (default concurrency 8)" ;; tenantctl-c1) echo "tenantctl --concurrency 1" ;;
    boto3) echo "boto3 sequential script" ;; awscli) echo "aws CLI shell loop" ;;
  esac
}
for c in $CONTESTANTS; do
  printf '%-34s %10s\n' "$(label "$c")" "${WALL[$c]}"
done
for c in tenantctl tenantctl-c1; do
  if [[ -n "${PLAN[$c]:-}" ]]; then
    printf '  (%s: observe/plan phase alone, --dry-run: %s s)\n' "$(label "$c")" "${PLAN[$c]}"
  fi
done
echo "ratios (baseline wall / tenantctl wall; > 1 means tenantctl is faster):"
for tc in tenantctl tenantctl-c1; do
  [[ -n "${WALL[$tc]:-}" ]] || continue
  for b in awscli boto3; do
    [[ -n "${WALL[$b]:-}" ]] || continue
    printf '  %-24s vs %-34s %6sx\n' "$(label "$b")" "$(label "$tc")" \
      "$("$VENV/bin/python" -c "print(f'{${WALL[$b]} / ${WALL[$tc]}:.1f}')")"
  done
done
echo "AWS calls made during the timed runs (moto's recorder):"
"$VENV/bin/python" "$HERE/calls.py" "${RECORDINGS[@]}" | sed 's/^/  /'
echo "work files (inputs, logs, recordings): $WORK"
