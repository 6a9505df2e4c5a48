#!/usr/bin/env bash
# Debian's PostgreSQL for the storage tests, on 127.0.0.1 only.
#   scripts/postgres.sh start   start the cluster if it is down, make role and database merit_test,
#                               print the URL (postgres://merit:merit@127.0.0.1:PORT/merit_test)
#   scripts/postgres.sh stop    stop the cluster again if `start` started it
set -euo pipefail
# Only the URL goes to stdout (callers capture it): everything the tools print goes to stderr. pg_ctlcluster
# prints "Removed stale pid file." on a machine whose image kept one.
exec 3>&1 1>&2
marker=/tmp/merit-postgres-started-by-tests
ver=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -1)
[ -n "$ver" ] || { echo "postgres.sh: PostgreSQL is not installed (scripts/setup.sh --test installs it)" >&2; exit 1; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$1"; else sudo -u postgres sh -c "$1"; fi; }

case "${1:-start}" in
start)
  pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$ver main" || as_postgres "pg_createcluster $ver main" >/dev/null
  port=$(pg_lsclusters -h | awk -v v="$ver" '$1==v && $2=="main" {print $3}')
  if ! pg_lsclusters -h | awk -v v="$ver" '$1==v && $2=="main" {print $4}' | grep -q online; then
    # listen_addresses stays Debian's default, 'localhost'.
    # The server must not keep fd 3 (the caller's captured stdout) open, or `$(scripts/postgres.sh start)` never returns.
    if [ "$(id -u)" -eq 0 ]; then pg_ctlcluster "$ver" main start 3>&-; else sudo pg_ctlcluster "$ver" main start 3>&-; fi
    touch "$marker"
  fi
  for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p "$port" && break; sleep 0.2; done
  as_postgres "psql -p $port -tAc \"SELECT 1 FROM pg_roles WHERE rolname='merit'\"" | grep -q 1 \
    || as_postgres "psql -p $port -qc \"CREATE ROLE merit LOGIN PASSWORD 'merit'\""
  # merit_test for the store tests (which reset its schema); the others for the watcher's, the CLI's
  # the MLflow client's and the token-over-HTTP tests, which run at the same time and reset theirs.
  for db in merit_test merit_test_watch merit_test_cli merit_test_mlflow merit_test_token; do
    as_postgres "psql -p $port -tAc \"SELECT 1 FROM pg_database WHERE datname='$db'\"" | grep -q 1 \
      || as_postgres "createdb -p $port -O merit $db"
  done
  echo "postgres://merit:merit@127.0.0.1:$port/merit_test" >&3
  ;;
stop)
  if [ -f "$marker" ]; then
    if [ "$(id -u)" -eq 0 ]; then pg_ctlcluster "$ver" main stop; else sudo pg_ctlcluster "$ver" main stop; fi
    rm -f "$marker"
  fi
  ;;
esac
