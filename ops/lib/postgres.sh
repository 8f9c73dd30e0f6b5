# Sourced by ops scripts: a project-local PostgreSQL 15 cluster in .pgdata/, started once and reused.
# It never stops or touches a server it did not start. When ConnectionStrings__Marten is set, nothing starts.
# After `pg_ensure`, PG_PORT and PG_CONN describe the server.

PG_DIR="${ROOT:?}/.pgdata"
# The server runs as the postgres user, which must reach the folder; a checkout under a private
# directory gets its cluster in /var/tmp instead (one per checkout).
if [ "$(id -u)" = "0" ] && ! runuser -u postgres -- test -x "$ROOT" 2>/dev/null; then
  PG_DIR="/var/tmp/accountability-pg-$(printf '%s' "$ROOT" | md5sum | cut -c1-8)"
fi
PG_DATA="$PG_DIR/data"

pg_as_owner() {
  # The server refuses to run as root; run it as the postgres user then.
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pg_running() {
  [ -f "$PG_DATA/postmaster.pid" ] && pg_as_owner pg_ctl -D "$PG_DATA" status >/dev/null 2>&1
}

pg_ensure() {
  mkdir -p "$PG_DIR"
  if [ "$(id -u)" = "0" ]; then chown postgres: "$PG_DIR"; fi
  exec 8>"$PG_DIR/.lock"
  flock 8
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    echo "postgres: creating a local cluster in $PG_DATA" >&2
    pg_as_owner initdb -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
      || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  fi
  if pg_running; then
    PG_PORT="$(cat "$PG_DIR/port")"
  else
    PG_PORT="${PG_PORT:-55432}"
    while ! pg_port_free "$PG_PORT"; do PG_PORT=$((PG_PORT + 1)); done
    echo "$PG_PORT" >"$PG_DIR/port"
    chmod a+r "$PG_DIR/port"
    echo "postgres: starting on 127.0.0.1:$PG_PORT" >&2
    pg_as_owner pg_ctl -D "$PG_DATA" -l "$PG_DIR/server.log" -w -t 60 \
      -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_DIR -c max_connections=200 -c fsync=off" start >/dev/null \
      || { tail -20 "$PG_DIR/server.log" >&2; return 1; }
  fi
  for db in accountability accountability_tests; do
    if ! psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "select 1 from pg_database where datname = '$db'" postgres | grep -q 1; then
      psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "create database $db" postgres >/dev/null
    fi
  done
  flock -u 8
  PG_CONN="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=accountability"
  export PG_PORT PG_CONN
}
