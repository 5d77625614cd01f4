#!/usr/bin/env bash
# Throwaway PostgreSQL and Redis for the relay's storage and cluster tests.
#
#   eval "$(bash .ci/services.sh)"      # sets DATABASE_URL and REDIS_URL
#   bash .ci/services.sh stop           # stops them and removes their data
#
# Idempotent: a second run reuses the servers it started (state in $BC_SERVICES_DIR,
# default /tmp/bc-ci-services) when they still answer, and only prints the exports again.
# Installs postgresql and redis-server with apt-get when they are missing. Both listen
# on 127.0.0.1 only, on free ports, with their data in a temporary directory; they are
# for tests (fsync off, trust authentication on loopback), never for real data.
#
# stdout carries only the `export …` lines; everything else goes to stderr.
set -euo pipefail

state_dir="${BC_SERVICES_DIR:-/tmp/bc-ci-services}"
env_file="$state_dir/env"
pg_user=bc
pg_db=bc

say() { printf 'services: %s\n' "$*" >&2; }

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"
	elif command -v sudo >/dev/null 2>&1; then sudo "$@"
	else say "need root to run: $*"; exit 1
	fi
}

pg_bin() {
	# Debian puts the server binaries outside PATH, one directory per major version.
	local dir
	for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		if [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
	done
	if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return 0; fi
	return 1
}

install_missing() {
	local packages=()
	pg_bin >/dev/null || packages+=(postgresql)
	command -v redis-server >/dev/null 2>&1 || packages+=(redis-server)
	[ "${#packages[@]}" -eq 0 ] && return 0
	say "installing ${packages[*]}"
	as_root apt-get update >&2
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${packages[@]}" >&2
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
	local port tries=0
	while [ "$tries" -lt 200 ]; do
		port=$((20000 + RANDOM % 30000))
		if port_free "$port"; then echo "$port"; return 0; fi
		tries=$((tries + 1))
	done
	say "no free port found"; return 1
}

# Runs a command as the owner of the PostgreSQL data directory: initdb and postgres
# refuse to run as root.
as_pg() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

running() {
	[ -f "$env_file" ] || return 1
	# shellcheck disable=SC1090
	. "$env_file"
	local bin
	bin="$(pg_bin)" || return 1
	as_pg "$bin/pg_ctl" -D "$state_dir/pg" status >/dev/null 2>&1 || return 1
	redis-cli -p "$REDIS_PORT" -h 127.0.0.1 ping 2>/dev/null | grep -q PONG
}

# Stops whatever a previous run left (a half-dead pair: one server up, one down) and
# removes its data.
cleanup() {
	if [ -f "$env_file" ]; then
		# shellcheck disable=SC1090
		. "$env_file"
		local bin
		if bin="$(pg_bin)"; then as_pg "$bin/pg_ctl" -D "$state_dir/pg" -m fast stop >&2 2>/dev/null || true; fi
		redis-cli -p "$REDIS_PORT" -h 127.0.0.1 shutdown nosave >/dev/null 2>&1 || true
	fi
	rm -rf "$state_dir"
}

stop() {
	cleanup
	say "stopped"
}

start() {
	install_missing
	local bin pg_port redis_port
	bin="$(pg_bin)"
	cleanup
	mkdir -p "$state_dir/pg" "$state_dir/run"
	if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$state_dir/pg" "$state_dir/run"; chmod 755 "$state_dir"; fi
	pg_port="$(free_port)"
	as_pg "$bin/initdb" -D "$state_dir/pg" -U "$pg_user" --auth=trust --no-sync -E UTF8 >&2
	as_pg "$bin/pg_ctl" -D "$state_dir/pg" -l "$state_dir/run/postgres.log" -w -t 60 \
		-o "-p $pg_port -k $state_dir/run -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200" start >&2 ||
		{ say "postgresql did not start:"; cat "$state_dir/run/postgres.log" >&2; exit 1; }
	as_pg "$bin/psql" -h 127.0.0.1 -p "$pg_port" -U "$pg_user" -d postgres -q -c "CREATE DATABASE $pg_db" >&2

	redis_port="$(free_port)"
	while [ "$redis_port" = "$pg_port" ]; do redis_port="$(free_port)"; done
	redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
		--dir "$state_dir/run" --logfile "$state_dir/run/redis.log" --pidfile "$state_dir/run/redis.pid" --daemonize yes >&2
	local tries=0
	until redis-cli -p "$redis_port" -h 127.0.0.1 ping 2>/dev/null | grep -q PONG; do
		tries=$((tries + 1))
		if [ "$tries" -gt 100 ]; then say "redis did not start"; cat "$state_dir/run/redis.log" >&2; exit 1; fi
		sleep 0.1
	done

	cat >"$env_file" <<EOF
DATABASE_URL=postgres://$pg_user@127.0.0.1:$pg_port/$pg_db
REDIS_URL=redis://127.0.0.1:$redis_port
REDIS_PORT=$redis_port
EOF
	say "postgresql on 127.0.0.1:$pg_port, redis on 127.0.0.1:$redis_port (data in $state_dir)"
}

case "${1:-start}" in
	start)
		if running; then say "already running (state in $state_dir)"; else start; fi
		# shellcheck disable=SC1090
		. "$env_file"
		printf 'export DATABASE_URL=%q REDIS_URL=%q\n' "$DATABASE_URL" "$REDIS_URL"
		;;
	stop) stop ;;
	*) say "usage: $0 [start|stop]"; exit 2 ;;
esac
