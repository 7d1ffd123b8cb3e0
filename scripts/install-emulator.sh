#!/usr/bin/env bash
# Install the pinned local AWS emulator (moto's server) into a project-local venv.
# Idempotent: does nothing when the pinned version is already there. Nothing global.
set -euo pipefail
MOTO_VERSION="5.1.22"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${TENANTCTL_VENV:-$ROOT/.venv}"
PY="${PYTHON:-python3}"
if [[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" -c "import moto, sys; sys.exit(0 if moto.__version__ == '$MOTO_VERSION' else 1)" 2>/dev/null; then
  exit 0
fi
echo "installing moto[server]==$MOTO_VERSION into $VENV" >&2
"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
