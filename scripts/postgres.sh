#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: the distribution's server, initdb'd in a temp folder,
# listening only on a unix socket in that folder and on 127.0.0.1 at a private port.
#
#   scripts/postgres.sh start DIR   → initdb + start; prints the URL (postgresql://…) on stdout
#   scripts/postgres.sh stop DIR    → stop the server and remove DIR
#
# The server refuses to run as root, so as root it runs as the `postgres` account the package made.
set -euo pipefail
cmd=${1:?usage: postgres.sh start|stop DIR}
dir=${2:?usage: postgres.sh start|stop DIR}
port=${HOTLINE_PG_PORT:-$((40000 + RANDOM % 20000))}

bin=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [ -x "$d/initdb" ]; then bin=$d; break; fi
done
if [ -z "$bin" ]; then
  command -v initdb >/dev/null 2>&1 && bin=$(dirname "$(command -v initdb)")
fi
[ -n "$bin" ] || { echo "没有找到 PostgreSQL（请安装 postgresql 软件包）" >&2; exit 3; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    as_owner "$bin/initdb" -D "$dir/data" -U hotline -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || as_owner "$bin/initdb" -D "$dir/data" -U hotline -A trust -E UTF8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-k $dir -p $port -h 127.0.0.1 -c max_connections=200 -c fsync=on" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/createdb" -h "$dir" -p "$port" -U hotline hotline
    echo "postgresql://hotline@127.0.0.1:$port/hotline"
    ;;
  stop)
    # Bounded: fast (sessions rolled back), then immediate, then the postmaster is killed — the
    # tests' end must never wait on a server that does not stop.
    if [ -d "$dir/data" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 \
        || as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 10 stop >/dev/null 2>&1 \
        || { pid=$(head -1 "$dir/data/postmaster.pid" 2>/dev/null || true)
             if [ -n "$pid" ]; then kill -9 "$pid" 2>/dev/null || true; fi; }
    fi
    rm -rf "$dir"
    ;;
  *) echo "usage: postgres.sh start|stop DIR" >&2; exit 2 ;;
esac
