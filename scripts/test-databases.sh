#!/usr/bin/env bash
# pytest on SQLite (with the browser tests), and on PostgreSQL at the same time when CI=true or
# CARBONPEAK_TEST_POSTGRES=1. One pytest process keeps one core busy; the machine has two, so the two
# database runs go side by side: the SQLite run prints as it goes, the PostgreSQL run into a log printed
# when it ends. The status is a failure when either run fails.
#   scripts/test-databases.sh PYTHON [PYTEST ARGS…]   (the arguments go to both runs, e.g. tests/common)
set -uo pipefail
cd "$(dirname "$0")/.."
python=$1
shift

pg_wanted=false
if [ "${CI:-}" = "true" ] || [ "${CARBONPEAK_TEST_POSTGRES:-}" = "1" ]; then pg_wanted=true; fi

pg_pid=
if $pg_wanted; then
  mkdir -p var
  pg_log=var/test-postgres.log
  # The browser tests need no second database; the Spark engine reads Parquet, not the database, so its
  # equality with the store and DuckDB is shown in the SQLite run (store vs DuckDB runs on both).
  # -p no:cacheprovider: two runs must not write one .pytest_cache at once.
  scripts/with-postgres.sh "$python" -m pytest -p no:cacheprovider -m "not e2e and not spark" "$@" >"$pg_log" 2>&1 &
  pg_pid=$!
  echo "PostgreSQL run started beside the SQLite run (log: $pg_log)"
else
  echo "PostgreSQL run skipped (set CARBONPEAK_TEST_POSTGRES=1 or CI=true to include it)"
fi

echo "== pytest on SQLite =="
"$python" -m pytest "$@"
sqlite_rc=$?

pg_rc=0
if [ -n "$pg_pid" ]; then
  wait "$pg_pid"
  pg_rc=$?
  echo "== pytest on PostgreSQL (exit $pg_rc) =="
  cat "$pg_log"
fi

echo "SQLite run: exit $sqlite_rc; PostgreSQL run: $($pg_wanted && echo "exit $pg_rc" || echo skipped)"
[ "$sqlite_rc" = 0 ] && [ "$pg_rc" = 0 ]
