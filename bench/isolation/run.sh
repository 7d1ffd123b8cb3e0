#!/usr/bin/env bash
# Benchmark: offline isolation proof over N tenants (default 1000) × every action of every family,
# against the shipped templates. Prints wall time, CPU time, peak memory and the request rate.
# Not a test: nothing here asserts a time limit.
#   bench/isolation/run.sh [TENANTS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
N="${1:-1000}"
[[ -n "${SKIP_BUILD:-}" ]] || cargo build --quiet --release --bin tenantctl
BIN="$ROOT/target/release/tenantctl"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export TENANTCTL_CONFIG="$ROOT/examples/tenantctl.toml"
"$BIN" policy render tvm-access > "$WORK/access.json"
"$BIN" policy render tvm-trust > "$WORK/trust.json"
python3 - "$N" > "$WORK/tenants.txt" <<'PY'
import sys
n = int(sys.argv[1])
for i in range(n):
    print(f"clinic-{i:05d}" + (",premium" if i % 2 else ",basic"))
PY
/usr/bin/time -v "$BIN" validate isolation --offline --policy "$WORK/access.json" --trust-policy "$WORK/trust.json" \
  --tenants-file "$WORK/tenants.txt" --output json > "$WORK/report.json" 2> "$WORK/time.txt" || true
python3 - "$WORK/report.json" "$WORK/time.txt" "$N" <<'PY'
import json, re, sys
rep = json.load(open(sys.argv[1]))
t = open(sys.argv[2]).read()
def field(name):
    m = re.search(re.escape(name) + r": (.*)", t)
    return m.group(1).strip() if m else "?"
wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
parts = [float(x) for x in wall.split(":")]
secs = parts[-1] + 60 * (parts[-2] if len(parts) > 1 else 0) + 3600 * (parts[-3] if len(parts) > 2 else 0)
s = rep["summary"]
print(f"tenants:            {sys.argv[3]} (+{s['synthetic_tenants']} synthetic), sessions {s['sessions']}")
print(f"ordered pairs:      {s['ordered_pairs']}")
print(f"action classes:     {s['action_classes']}")
print(f"proof questions:    {s.get('questions', 0)} (session x action)")
print(f"requests evaluated: {s['requests_evaluated']}")
print(f"findings:           {s['findings']} (isolated: {rep['isolated']})")
print(f"wall time:          {secs:.2f} s")
print(f"user+sys CPU:       {float(field('User time (seconds)')) + float(field('System time (seconds)')):.2f} s")
print(f"peak RSS:           {int(field('Maximum resident set size (kbytes)')) / 1024:.1f} MiB")
print(f"rate:               {s['requests_evaluated'] / secs / 1e6:.2f} M evaluations/s")
PY
