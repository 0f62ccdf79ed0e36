#!/usr/bin/env bash
# Full-page screenshots of every public page type, in Japanese and English, into screenshots/
# (gitignored). Builds a throwaway demo database (`kakehashi demo`; the portal's own sample
# records if that command is missing), serves it on a free port, photographs the pages with
# Debian's Chromium and stops the server.  Usage: scripts/screenshots.sh [OUTPUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
OUT=${1:-screenshots}

if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing chromium and fonts-noto-cjk"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      chromium fonts-noto-cjk >/dev/null
  else
    echo "Chromium and the Noto CJK fonts are needed: apt-get install chromium fonts-noto-cjk" >&2
    exit 2
  fi
fi

WORK=$(mktemp -d /tmp/kakehashi-screenshots.XXXXXX)
SERVER=""
cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

export KAKEHASHI_VAR_DIR="$WORK"
export DATABASE_URL="sqlite:///$WORK/kakehashi.sqlite3"
export KAKEHASHI_DEBUG=false
export PYTHONDONTWRITEBYTECODE=1

echo "== sample data in $WORK"
if $BIN/kakehashi help demo >/dev/null 2>&1; then
  $BIN/kakehashi demo --no-accounts --verbosity 0
  $BIN/kakehashi portal reindex --verbosity 0  # the demo writes with bulk_create
else
  $BIN/python scripts/screenshots.py --load-sample
fi

PORT=$($BIN/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
echo "== serving on 127.0.0.1:$PORT"
$BIN/kakehashi runserver --noreload --insecure "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do
  if $BIN/python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/ja/', timeout=2)" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$SERVER" 2>/dev/null; then cat "$WORK/server.log" >&2; exit 1; fi
  sleep 0.2
done

echo "== screenshots into $OUT/"
status=0
$BIN/python scripts/screenshots.py --base "http://127.0.0.1:$PORT" --out "$OUT" || status=$?
if [ "$status" != 0 ]; then tail -n 40 "$WORK/server.log" >&2; fi
exit "$status"
