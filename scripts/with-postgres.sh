#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL server on loopback.
#   scripts/with-postgres.sh .venv/bin/python -m pytest
# The server lives in a temporary directory and is stopped and removed afterwards.
set -euo pipefail

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pgbin" ]; then
  echo "PostgreSQL is not installed (Debian package postgresql); run: make system-deps" >&2
  exit 1
fi
port=${CARBONPEAK_PG_PORT:-54329}
data=$(mktemp -d /tmp/carbonpeak-pg.XXXXXX)
as_owner=()
if [ "$(id -u)" = "0" ]; then
  # PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
  chown postgres "$data"
  as_owner=(runuser -u postgres --)
fi

cleanup() {
  "${as_owner[@]}" "$pgbin/pg_ctl" -D "$data/db" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$data"
}
trap cleanup EXIT

"${as_owner[@]}" "$pgbin/initdb" -D "$data/db" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_owner[@]}" "$pgbin/pg_ctl" -D "$data/db" -l "$data/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$data -c fsync=off" start >/dev/null
"${as_owner[@]}" "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres carbonpeak

echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/carbonpeak"
"$@"
