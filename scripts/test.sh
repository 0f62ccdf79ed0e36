#!/usr/bin/env bash
# Every check and test: lint, migrations, pytest on SQLite, then pytest on PostgreSQL.
# PostgreSQL: uses DATABASE_URL when given; otherwise starts a throwaway cluster from the
# Debian packages (installing them with apt-get where that works, as in CI) and stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export PYTHONDONTWRITEBYTECODE=1

log() { printf '\n== %s\n' "$*"; }

can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }
apt_updated=""
apt_install() {
  can_apt || return 1
  if [ -z "$apt_updated" ]; then apt-get update -qq >/dev/null && apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Evaluation PDFs embed the IPAex Japanese TrueType fonts (ReportLab cannot embed CFF Noto CJK).
if [ ! -f /usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf ]; then
  log "installing fonts-ipaexfont-gothic and fonts-ipaexfont-mincho"
  apt_install fonts-ipaexfont-gothic fonts-ipaexfont-mincho || echo "(could not install the IPAex fonts: PDFs fall back to a non-embedded font)"
fi

# Browser tests drive Debian's Chromium; Japanese needs the Noto CJK fonts.
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  log "installing chromium and fonts-noto-cjk"
  apt_install chromium fonts-noto-cjk || echo "(could not install Chromium: browser tests will be skipped)"
fi

log "ruff"
$BIN/ruff check kakehashi bench

log "migrations are committed"
DATABASE_URL="sqlite:///:memory:" $BIN/kakehashi makemigrations --check --dry-run

log "pytest on SQLite"
env -u DATABASE_URL $BIN/python -m pytest -p no:cacheprovider "$@"

if [ -n "${DATABASE_URL:-}" ]; then
  log "pytest on $DATABASE_URL"
  $BIN/python -m pytest -p no:cacheprovider "$@"
  exit 0
fi

pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}
if [ -z "$(pg_bin)" ]; then
  log "installing PostgreSQL"
  apt_install postgresql || true
fi
PG_BIN=$(pg_bin)
if [ -z "$PG_BIN" ]; then
  echo "PostgreSQL is not installed and cannot be installed here: skipping the PostgreSQL run." >&2
  [ -n "${CI:-}" ] && exit 1
  exit 0
fi

log "pytest on a throwaway PostgreSQL cluster"
PG_DIR=$(mktemp -d /tmp/kakehashi-pg.XXXXXX)
PG_PORT=$($BIN/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg() {
  # PostgreSQL refuses to run as root: run it as the postgres user the package created.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
stop_pg() { as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$PG_DIR"; }
trap stop_pg EXIT
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U kakehashi --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
  -o "-h 127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
export DATABASE_URL="postgres://kakehashi@127.0.0.1:$PG_PORT/kakehashi"
as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U kakehashi kakehashi
$BIN/python -m pytest -p no:cacheprovider "$@"
