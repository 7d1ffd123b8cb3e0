#!/usr/bin/env bash
# Install the pinned local AWS emulator (moto's server) into a project-local venv.
# Idempotent: does nothing when the pinned, patched version is already there. Nothing global.
#
# Why 5.2.4: it is the first moto that serves the AgentCore data plane (Memory events:
# CreateEvent/GetEvent/ListEvents/DeleteEvent) besides the control plane (runtimes, gateways,
# memories, tags), which tenantctl's memory archive and authorizer checks are tested against.
# Every 5.2.x (5.2.0 to 5.2.5 checked) answers GetBucketVersioning with a wrong XML root that
# the Rust SDK rejects; scripts/emulator-patches/ fixes that one handler after install (a
# harness workaround: tenantctl itself codes for S3, not for the emulator). The AgentCore
# control plane's collection paths (`PUT /runtimes/`, `POST /gateways/`) come from the Rust SDK
# without their trailing slash, which moto's server does not route; another patch there retries
# the lookup with it. 5.1.22, the pin
# before, has no AgentCore at all.
set -euo pipefail
MOTO_VERSION="5.2.4"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${TENANTCTL_VENV:-$ROOT/.venv}"
PY="${PYTHON:-python3}"
PATCHES=("$ROOT"/scripts/emulator-patches/*.py)
ready() {
  "$VENV/bin/python" - "$MOTO_VERSION" <<'PY' 2>/dev/null
import sys, moto, moto.s3.responses as r, moto.moto_server.werkzeug_app as w
ok = (moto.__version__ == sys.argv[1] and "tenantctl harness patch" in open(r.__file__).read()
      and "tenantctl harness patch: AgentCore trailing slash (v2)" in open(w.__file__).read())
sys.exit(0 if ok else 1)
PY
}
if [[ -x "$VENV/bin/python" ]] && ready; then
  exit 0
fi
echo "installing moto[server]==$MOTO_VERSION into $VENV" >&2
"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
for p in "${PATCHES[@]}"; do "$VENV/bin/python" "$p"; done
ready || { echo "emulator install: moto $MOTO_VERSION not patched as expected" >&2; exit 1; }
