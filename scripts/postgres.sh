#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: `source scripts/postgres.sh`
# then `pg_up` (sets RTW_TEST_POSTGRES to its admin URL) and `pg_down`
# (stops it and removes its directory; test.sh calls it on every exit).
# Runs as the unprivileged `postgres` user when started as root.

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

pg_up() {
  local bin; bin=$(pg_bin)
  [ -n "$bin" ] || { echo "PostgreSQL is not installed (scripts/setup.sh --postgres)" >&2; return 1; }
  PG_DIR=$(mktemp -d /tmp/rtw-pg.XXXXXX)
  local as=()
  if [ "$(id -u)" = 0 ]; then chown postgres "$PG_DIR"; as=(runuser -u postgres --); fi
  PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "${as[@]}" "$bin/initdb" -D "$PG_DIR/data" -U rtw --auth=trust -E UTF8 --no-locale >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  # fsync and synchronous_commit stay on (their defaults): the server refuses
  # to start otherwise, and the tests should see the real thing.
  "${as[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null \
    || { cat "$PG_DIR/server.log" >&2; return 1; }
  export PG_DIR PG_PORT PG_AS="${as[*]}"
  export RTW_TEST_POSTGRES="postgres://rtw@127.0.0.1:$PG_PORT/postgres"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT ($PG_DIR)"
}

pg_down() {
  [ -n "${PG_DIR:-}" ] || return 0
  local bin; bin=$(pg_bin)
  ${PG_AS:-} "$bin/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  unset PG_DIR RTW_TEST_POSTGRES
}
