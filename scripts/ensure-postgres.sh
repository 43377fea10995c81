#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests that check the same schema and SQL on a real server
# (DATABASE_URL path, true concurrency). Installs Debian's postgresql when missing (its contrib has cube,
# earthdistance, pg_trgm), starts a fresh cluster in a temp folder on a private port, prints the URL.
#   start: scripts/ensure-postgres.sh start <dir>   → prints postgres://…
#   stop:  scripts/ensure-postgres.sh stop <dir>
#   crash / resume: immediate shutdown (connections drop as in a crash) / start the same cluster again (outage test)
set -euo pipefail
action=${1:?start|stop}
dir=${2:?data folder}
port=${PG_TEST_PORT:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ "$action" = stop ]; then
  [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ] && runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 0
fi
if [ "$action" = crash ]; then
  runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null
  exit 0
fi
if [ "$action" = resume ]; then
  runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=127.0.0.1" -l "$dir/log" -w start >/dev/null
  exit 0
fi
if [ -z "$bin" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
mkdir -p "$dir"
chown postgres "$dir"
runuser -u postgres -- "$bin/initdb" -D "$dir/data" --auth=trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=127.0.0.1" -l "$dir/log" -w start >/dev/null
runuser -u postgres -- "$bin/createdb" -h 127.0.0.1 -p "$port" zsb_test
echo "postgres://postgres@127.0.0.1:$port/zsb_test"
