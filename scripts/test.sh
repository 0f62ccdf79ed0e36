#!/usr/bin/env bash
# Every check and test: lint, migrations, pytest on SQLite, then pytest on PostgreSQL.
# PostgreSQL: uses DATABASE_URL when given; otherwise starts a throwaway cluster from the
# Debian packages (installing them with apt-get where that works, as in CI) and stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export PYTHONDONTWRITEBYTECODE=1

log() { printf '\n== %s\n' "$*"; }

# Japanese fonts for the evaluation PDFs; Chromium and Noto CJK for the browser tests.
scripts/system-packages.sh fonts browser ||
  echo "(some system packages are missing: PDF font or browser tests will fall back or skip)"

# Two workers on the two cores; arguments given replace the default selection, not this.
XDIST=(-n "${KAKEHASHI_TEST_WORKERS:-2}")

log "ruff"
$BIN/ruff check kakehashi bench scripts
$BIN/ruff format --check kakehashi bench scripts

log "migrations are committed"
DATABASE_URL="sqlite:///:memory:" $BIN/kakehashi makemigrations --check --dry-run

log "pytest on SQLite"
env -u DATABASE_URL $BIN/python -m pytest -p no:cacheprovider "${XDIST[@]}" "$@"

if [ -n "${DATABASE_URL:-}" ]; then
  log "pytest on $DATABASE_URL"
  $BIN/python -m pytest -p no:cacheprovider "${XDIST[@]}" "$@"
  exit 0
fi

pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}
[ -n "$(pg_bin)" ] || scripts/system-packages.sh postgresql || true
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
$BIN/python -m pytest -p no:cacheprovider "${XDIST[@]}" "$@"
