#!/usr/bin/env bash
# Start or stop the local AWS emulator on 127.0.0.1 and a free port.
#   scripts/emulator.sh start   -> prints `export AWS_ENDPOINT_URL=...; export TENANTCTL_EMULATOR_PID=...`
#   scripts/emulator.sh stop PID
# The emulator only ever listens on loopback.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${TENANTCTL_VENV:-$ROOT/.venv}"
case "${1:-}" in
  start)
    "$ROOT/scripts/install-emulator.sh"
    PORT="$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
    LOG="${TMPDIR:-/tmp}/tenantctl-moto-$PORT.log"
    "$VENV/bin/moto_server" -H 127.0.0.1 -p "$PORT" >"$LOG" 2>&1 &
    PID=$!
    for _ in $(seq 1 100); do
      if "$VENV/bin/python" -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$PORT/moto-api/', timeout=1)" 2>/dev/null; then
        echo "export AWS_ENDPOINT_URL=http://127.0.0.1:$PORT; export TENANTCTL_EMULATOR_PID=$PID"
        exit 0
      fi
      if ! kill -0 "$PID" 2>/dev/null; then echo "emulator exited; see $LOG" >&2; exit 3; fi
      sleep 0.1
    done
    kill "$PID" 2>/dev/null || true
    echo "emulator did not answer on 127.0.0.1:$PORT; see $LOG" >&2
    exit 3
    ;;
  stop)
    PID="${2:?usage: emulator.sh stop PID}"
    kill "$PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || exit 0; sleep 0.1; done
    kill -9 "$PID" 2>/dev/null || true
    ;;
  *) echo "usage: $0 start | stop PID" >&2; exit 2 ;;
esac
