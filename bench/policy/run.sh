#!/usr/bin/env bash
# Evaluations per second of `tenantctl policy simulate --batch` and of the peer simulator
# (@cloud-copilot/iam-simulate) over the same >=100k requests generated from the conformance
# corpus, in one run: the peer's public `runSimulation` (peer.mjs, validates and sets up per
# call) and its core engine (`authorize`, peer-core.mjs: policies loaded with
# @cloud-copilot/iam-policy per request, and pre-loaded once per case). Prints the rates, the
# ratios, and how many decisions differ. Usage: bench/policy/run.sh [N]   (default N=100000)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cases="${CASES:-$root/../shared/conformance/iam-simulate/cases}"
n="${1:-100000}"
out="$here/out"
mkdir -p "$out"

[ -d "$cases" ] || { echo "conformance cases not found at $cases" >&2; exit 2; }
echo "building tenantctl (release)..." >&2
cargo build --release --quiet --manifest-path "$root/Cargo.toml" --bin tenantctl
bin="${CARGO_TARGET_DIR:-$root/target}/release/tenantctl"
if [ ! -d "$here/node_modules/@cloud-copilot/iam-simulate" ]; then
  echo "installing the peer simulator from npm..." >&2
  (cd "$here" && npm install --no-audit --no-fund --silent)
fi

node "$here/gen-requests.mjs" "$cases" "$n" > "$out/requests.jsonl"
node "$here/gen-requests.mjs" "$cases" "$n" --distinct > "$out/requests-distinct.jsonl" 2>/dev/null
count=$(grep -c . "$out/requests.jsonl")

now() { date +%s.%N; }
t0=$(now)
"$bin" policy simulate --batch "$out/requests.jsonl" > "$out/tenantctl.jsonl"
t1=$(now)
node "$here/peer.mjs" "$out/requests.jsonl" > "$out/peer.jsonl"
t2=$(now)
node "$here/peer-core.mjs" "$cases" "$n" > "$out/peer-core.jsonl" 2> "$out/peer-core.json"
t3=$(now)
# Every line's policies distinct (no compiled set reused): the worst case for tenantctl.
"$bin" policy simulate --batch "$out/requests-distinct.jsonl" > "$out/tenantctl-distinct.jsonl"
t4=$(now)

python3 - "$count" "$t0" "$t1" "$t2" "$t3" "$out" "$t4" <<'PY'
import json, sys
count, t0, t1, t2, t3, out, t4 = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), sys.argv[6], float(sys.argv[7])
ours, peer, distinct = t1 - t0, t2 - t1, t4 - t3
core = json.loads(open(f"{out}/peer-core.json").read().strip().splitlines()[-1])
a = [json.loads(l) for l in open(f"{out}/tenantctl.jsonl")]
b = [json.loads(l) for l in open(f"{out}/peer.jsonl")]
assert len(a) == len(b) == count, (len(a), len(b), count)
errors = sorted({y["id"] for y in b if y.get("decision") == "Error"})
diff = sorted({x["id"] for x, y in zip(a, b) if y.get("decision") != "Error" and x.get("decision") != y.get("decision")})
print(f"requests: {count}")
print(f"tenantctl policy simulate --batch: {ours:.2f} s, {count / ours:,.0f} evaluations/s")
print(f"peer (@cloud-copilot/iam-simulate via node): {peer:.2f} s, {count / peer:,.0f} evaluations/s")
print(f"ratio tenantctl/peer: {peer / ours:.1f}x")
c = [json.loads(l) for l in open(f"{out}/peer-core.jsonl")]
assert len(c) == count, (len(c), count)
cdiff = sorted({x["id"] for x, y in zip(a, c) if x.get("decision") != y.get("decision")})
print(f"peer core engine, policies loaded per request (in-process loop, node start excluded): {core['parse_s']:.2f} s, {count / core['parse_s']:,.0f} evaluations/s")
print(f"peer core engine, policies pre-loaded once per case: {core['preparsed_s']:.2f} s, {count / core['preparsed_s']:,.0f} evaluations/s")
print(f"ratio tenantctl/peer core (parsing included on both sides): {core['parse_s'] / ours:.1f}x")
print(f"ratio tenantctl/peer core (peer pre-parsed): {core['preparsed_s'] / ours:.1f}x")
d = [json.loads(l) for l in open(f"{out}/tenantctl-distinct.jsonl")]
assert [x.get("decision") for x in d] == [x.get("decision") for x in a], "distinct policy text changed a decision"
print(f"tenantctl, every line's policies distinct (each compiled): {distinct:.2f} s, {count / distinct:,.0f} evaluations/s")
print(f"ratio tenantctl (distinct policies)/peer core (parsing included on both sides): {core['parse_s'] / distinct:.1f}x")
print(f"peer core agrees with the corpus expectations on {core['agree_with_corpus']} of {count}")
print(f"distinct cases where tenantctl and the peer core differ: {len(cdiff)}")
for d in cdiff:
    print(f"  {d}")
print(f"(whole peer-core process incl. node start and both passes: {t3 - t2:.2f} s)")
print(f"distinct cases the peer's runSimulation rejects (policy validation): {len(errors)}")
print(f"distinct cases where the decisions differ: {len(diff)}")
for d in diff:
    print(f"  {d}")
PY
