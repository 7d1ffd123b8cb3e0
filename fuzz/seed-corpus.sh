#!/usr/bin/env bash
# Seed the policy_parse corpus with every policy document of the conformance corpus, so
# fuzzing starts from realistic documents.
# Usage: fuzz/seed-corpus.sh [CASES_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cases="${1:-$here/../../shared/conformance/iam-simulate/cases}"
out="$here/corpus/policy_parse"
mkdir -p "$out"
python3 - "$cases" "$out" <<'PY'
import hashlib, json, pathlib, sys
cases, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
n = 0
def emit(doc):
    global n
    data = json.dumps(doc).encode()
    (out / hashlib.sha1(data).hexdigest()).write_bytes(data)
    n += 1
for f in sorted(cases.rglob("*.json")):
    for c in json.loads(f.read_text()):
        for k in ("identityPolicies", "permissionBoundaries", "endpointPolicies"):
            for p in c.get(k) or []:
                emit(p)
        for k in ("resourcePolicy", "sessionPolicy"):
            if c.get(k):
                emit(c[k])
        for k in ("serviceControlPolicies", "resourceControlPolicies"):
            for level in c.get(k) or []:
                for p in level["policies"]:
                    emit(p)
print(f"{n} seed documents in {out}")
PY
