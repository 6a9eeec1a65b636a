#!/usr/bin/env bash
# First step of `npm test`: makes sure what the suite needs is there, starting or installing what is
# missing, and says so one line at a time. Pure bash, so it works before `npm ci` has run.
#
#   MariaDB/MySQL on MYSQL_URL (default mysql://root@127.0.0.1:3306/clinic) and Redis on REDIS_URL
#   (default redis://127.0.0.1:6379): when one does not answer and its host is this machine, it is
#   started from the local installation (MariaDB: start-stop-daemon, service or mysqld_safe; Redis:
#   redis-server), else with `docker compose -f docker-compose.test.yml up -d` where a Docker engine
#   runs; otherwise one line says what to install, and the exit code is 1.
#   Chromium at CHROMIUM_PATH (default /usr/bin/chromium) for the browser tests: when missing it is
#   installed with `apt-get install -y chromium` as root or with passwordless sudo (`apt-get update`
#   first only if that install fails); otherwise one line says what to install, and the exit code is 1.
#
# When everything is already there it only looks (a few milliseconds; no apt-get, no docker).
#   bash scripts/prepare-test-env.sh           check, then start or install what is missing
#   bash scripts/prepare-test-env.sh --check   check only: say what would be done, change nothing;
#                                              exit 1 if anything would be done
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

CHECK_ONLY=0
case "${1:-}" in
  '') ;;
  --check | --dry-run) CHECK_ONLY=1 ;;
  -h | --help)
    sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *)
    echo "prepare-test-env: unknown argument \"$1\" (expected --check)" >&2
    exit 2
    ;;
esac

MYSQL_URL="${MYSQL_URL:-mysql://root@127.0.0.1:3306/clinic}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
COMPOSE_FILE=docker-compose.test.yml
MYSQL_WAIT="${TEST_ENV_MYSQL_WAIT:-60}"   # seconds to wait for a started MariaDB/MySQL
REDIS_WAIT="${TEST_ENV_REDIS_WAIT:-15}"   # seconds to wait for a started Redis
PATH="$PATH:/usr/sbin:/sbin"              # mariadbd and start-stop-daemon live there on Debian

exec 9>&1 # progress lines go here even when a command's own output is silenced
say() { echo "test-env: $*" >&9; }
fail() {
  echo "test-env: $*" >&2
  exit 1
}
# In --check mode, prints the command instead of running it and remembers there was something to do.
TODO=0
run() {
  if [ "$CHECK_ONLY" = 1 ]; then
    say "  would run: $(printf '%q ' "$@")"
    TODO=1
    return 0
  fi
  "$@"
}
with_timeout() {
  if command -v timeout >/dev/null 2>&1; then timeout "$@"; else shift && "$@"; fi
}

# ---- URLs: scheme://[user[:password]@]host[:port][/path] -------------------------------------------
url_authority() {
  local rest="${1#*://}"
  echo "${rest%%/*}"
}
url_host() {
  local hp
  hp="$(url_authority "$1")"
  hp="${hp##*@}"
  case "$hp" in
    \[*) hp="${hp#[}" && echo "${hp%%]*}" ;;
    *) echo "${hp%%:*}" ;;
  esac
}
url_port() {
  local hp
  hp="$(url_authority "$1")"
  hp="${hp##*@}"
  hp="${hp##*]}"
  case "$hp" in
    *:*) echo "${hp##*:}" ;;
    *) echo "$2" ;;
  esac
}
url_userinfo() {
  local a
  a="$(url_authority "$1")"
  case "$a" in *@*) echo "${a%@*}" ;; *) echo '' ;; esac
}
url_decode() { printf '%b' "${1//%/\\x}"; }
is_local() {
  case "$1" in 127.* | localhost | ::1 | '') return 0 ;; *) return 1 ;; esac
}

# ---- probes (bash's /dev/tcp: no client programs needed) ------------------------------------------
# MySQL/MariaDB greets a new connection first; a bare open port (e.g. a container still initialising
# behind docker-proxy) does not count.
mysql_answers() {
  local n
  # shellcheck disable=SC2016 # $0 and $1 are the inner shell's arguments
  n="$(with_timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1" && head -c 4 <&3 | wc -c' "$1" "$2" 2>/dev/null)"
  [ "${n:-0}" -ge 4 ] 2>/dev/null
}
# Any RESP reply to PING counts (+PONG, or -NOAUTH when a password is needed).
redis_answers() {
  local r
  # shellcheck disable=SC2016 # $0 and $1 are the inner shell's arguments
  r="$(with_timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1" && printf "PING\r\n" >&3 && head -c 1 <&3' "$1" "$2" 2>/dev/null)"
  [ "$r" = '+' ] || [ "$r" = '-' ]
}
wait_for() { # wait_for <seconds> <probe> <host> <port>
  local i
  for ((i = 0; i < $1; i++)); do
    "$2" "$3" "$4" && return 0
    sleep 1
  done
  "$2" "$3" "$4"
}

# Root, or passwordless sudo, for starting system services and installing packages.
SUDO=none
if [ "$(id -u)" = 0 ]; then
  SUDO=''
elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
  SUDO='sudo -n'
fi
as_root() { # as_root <command...>: runs it as root, or returns 1 when that is not possible
  [ "$SUDO" = none ] && return 1
  # shellcheck disable=SC2086
  run $SUDO "$@"
}

DOCKER_CHECKED=0
DOCKER_OK=1
COMPOSE=()
docker_engine() {
  if [ "$DOCKER_CHECKED" = 0 ]; then
    DOCKER_CHECKED=1
    if command -v docker >/dev/null 2>&1 && with_timeout 15 docker info >/dev/null 2>&1; then
      if docker compose version >/dev/null 2>&1; then
        COMPOSE=(docker compose)
      elif command -v docker-compose >/dev/null 2>&1; then COMPOSE=(docker-compose); fi
      [ "${#COMPOSE[@]}" -gt 0 ] && DOCKER_OK=0
    fi
  fi
  return "$DOCKER_OK"
}
compose_up() { # compose_up <service> <port variable>=<port>
  run env "$2" "${COMPOSE[@]}" -f "$COMPOSE_FILE" up -d "$1"
}

# ---- Node and node_modules -----------------------------------------------------------------------
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=19)?0:1)' 2>/dev/null; then
  fail "Node.js 20.19 or newer is needed (found: $(node --version 2>/dev/null || echo none)); install it, then run npm ci"
fi
[ -d node_modules ] || fail "node_modules is missing: run npm ci first (npm ci && npm test)"

# ---- MariaDB / MySQL -----------------------------------------------------------------------------
mysql_server_running() { # prints the pid of a local mariadbd/mysqld, if one runs
  command -v pgrep >/dev/null 2>&1 && pgrep -x 'mariadbd|mysqld' | head -1
}
# Starts the local installation and waits for it. Returns 1 when there is none (or no right to start
# it), so Docker may be tried; stops the script when one is installed but will not answer.
start_mariadb_locally() {
  local server='' pid
  for candidate in mariadbd mysqld; do
    if command -v "$candidate" >/dev/null 2>&1; then
      server="$(command -v "$candidate")"
      break
    fi
  done
  [ -n "$server" ] || return 1
  pid="$(mysql_server_running)"
  if [ -n "$pid" ]; then
    fail "a MariaDB/MySQL server runs here (pid $pid) but does not answer on $MYSQL_HOST:$MYSQL_PORT: check MYSQL_URL against its port and bind-address (/etc/mysql)"
  fi
  if [ "$SUDO" = none ]; then
    say "MariaDB/MySQL is installed ($server) but starting it needs root or passwordless sudo"
    return 1
  fi
  # On a systemd machine the service manager must own it; elsewhere start the daemon directly.
  local methods=(daemon service safe)
  [ -d /run/systemd/system ] && methods=(service daemon safe)
  for method in "${methods[@]}"; do
    case "$method" in
      daemon)
        command -v start-stop-daemon >/dev/null 2>&1 || continue
        say "starting MariaDB/MySQL: start-stop-daemon --start --oknodo --background --exec $server"
        # The daemon needs its socket directory, which the init scripts normally create.
        if id mysql >/dev/null 2>&1 && [ ! -d /run/mysqld ]; then as_root install -d -o mysql -g mysql /run/mysqld; fi
        as_root start-stop-daemon --start --oknodo --background --exec "$server" || continue
        ;;
      service)
        command -v service >/dev/null 2>&1 || continue
        local unit=''
        for u in mariadb mysql; do
          if [ -e "/etc/init.d/$u" ] || [ -e "/lib/systemd/system/$u.service" ] || [ -e "/usr/lib/systemd/system/$u.service" ]; then
            unit=$u
            break
          fi
        done
        [ -n "$unit" ] || continue
        say "starting MariaDB/MySQL: service $unit start"
        as_root service "$unit" start >/dev/null || continue
        ;;
      safe)
        command -v mysqld_safe >/dev/null 2>&1 || continue
        say "starting MariaDB/MySQL: mysqld_safe (in the background)"
        if [ "$CHECK_ONLY" = 1 ]; then
          run mysqld_safe
        else
          # shellcheck disable=SC2086
          $SUDO nohup mysqld_safe >/dev/null 2>&1 &
        fi
        ;;
    esac
    # In --check mode the first way that exists is the one that would be used.
    [ "$CHECK_ONLY" = 1 ] && return 0
    if wait_for "$MYSQL_WAIT" mysql_answers "$MYSQL_HOST" "$MYSQL_PORT"; then return 0; fi
    pid="$(mysql_server_running)"
    if [ -n "$pid" ]; then
      fail "MariaDB/MySQL started (pid $pid) but does not answer on $MYSQL_HOST:$MYSQL_PORT after ${MYSQL_WAIT} s: check MYSQL_URL against its port and bind-address (/etc/mysql), and its log (/var/log/mysql/error.log)"
    fi
    say "MariaDB/MySQL did not come up with $method; trying the next way"
  done
  fail "MariaDB/MySQL is installed ($server) but would not start: see its log (/var/log/mysql/error.log, or journalctl -u mariadb)"
}

MYSQL_HOST="$(url_host "$MYSQL_URL")"
MYSQL_PORT="$(url_port "$MYSQL_URL" 3306)"
if mysql_answers "$MYSQL_HOST" "$MYSQL_PORT"; then
  say "MariaDB/MySQL on $MYSQL_HOST:$MYSQL_PORT: answering"
elif ! is_local "$MYSQL_HOST"; then
  fail "MariaDB/MySQL is not answering on $MYSQL_HOST:$MYSQL_PORT (MYSQL_URL); start it there, or unset MYSQL_URL to use a local one"
else
  say "MariaDB/MySQL on $MYSQL_HOST:$MYSQL_PORT: not answering"
  if start_mariadb_locally; then
    [ "$CHECK_ONLY" = 1 ] || say "MariaDB/MySQL on $MYSQL_HOST:$MYSQL_PORT: answering"
  elif docker_engine; then
    say "starting MariaDB in Docker: ${COMPOSE[*]} -f $COMPOSE_FILE up -d mysql"
    compose_up mysql "TEST_MYSQL_PORT=$MYSQL_PORT" || fail "docker compose could not start the test MariaDB"
    if [ "$CHECK_ONLY" = 0 ]; then
      wait_for 120 mysql_answers "$MYSQL_HOST" "$MYSQL_PORT" || fail "the test MariaDB container does not answer on $MYSQL_HOST:$MYSQL_PORT after 120 s (${COMPOSE[*]} -f $COMPOSE_FILE logs mysql)"
      say "MariaDB/MySQL on $MYSQL_HOST:$MYSQL_PORT: answering (Docker)"
    fi
  else
    fail "no MariaDB/MySQL on $MYSQL_HOST:$MYSQL_PORT and none to start: install it (sudo apt-get install -y mariadb-server), run a Docker engine, or set MYSQL_URL"
  fi
fi

# The suite logs in as the URL's user over TCP (Debian's own root login works over the socket only).
client="$(command -v mariadb || command -v mysql || true)"
if [ "$CHECK_ONLY" = 0 ] && [ -n "$client" ]; then
  info="$(url_userinfo "$MYSQL_URL")"
  user="$(url_decode "${info%%:*}")"
  password=''
  case "$info" in *:*) password="$(url_decode "${info#*:}")" ;; esac
  if ! out="$(MYSQL_PWD="$password" with_timeout 10 "$client" --protocol=TCP -h "$MYSQL_HOST" -P "$MYSQL_PORT" -u "${user:-root}" -e 'SELECT 1' 2>&1 >/dev/null)"; then
    case "$out" in
      *'Access denied'*)
        fail "MariaDB/MySQL refuses ${user:-root} without the right password over TCP (MYSQL_URL): put the password in MYSQL_URL, or for a test machine allow it: sudo mariadb -e \"CREATE USER IF NOT EXISTS ${user:-root}@'127.0.0.1'; GRANT ALL ON *.* TO ${user:-root}@'127.0.0.1' WITH GRANT OPTION\""
        ;;
      *) say "MariaDB/MySQL login check: ${out%%$'\n'*}" ;;
    esac
  fi
fi

# ---- Redis ---------------------------------------------------------------------------------------
REDIS_HOST="$(url_host "$REDIS_URL")"
REDIS_PORT="$(url_port "$REDIS_URL" 6379)"
if redis_answers "$REDIS_HOST" "$REDIS_PORT"; then
  say "Redis on $REDIS_HOST:$REDIS_PORT: answering"
elif ! is_local "$REDIS_HOST"; then
  fail "Redis is not answering on $REDIS_HOST:$REDIS_PORT (REDIS_URL); start it there, or unset REDIS_URL to use a local one"
else
  say "Redis on $REDIS_HOST:$REDIS_PORT: not answering"
  if command -v redis-server >/dev/null 2>&1; then
    bind=127.0.0.1
    [ "$REDIS_HOST" = ::1 ] && bind=::1
    say "starting Redis: redis-server --daemonize yes --bind $bind --port $REDIS_PORT --save \"\" --appendonly no"
    run redis-server --daemonize yes --bind "$bind" --port "$REDIS_PORT" --save '' --appendonly no >/dev/null ||
      fail "redis-server could not start on port $REDIS_PORT"
    if [ "$CHECK_ONLY" = 0 ]; then
      wait_for "$REDIS_WAIT" redis_answers "$REDIS_HOST" "$REDIS_PORT" || fail "Redis still not answering on $REDIS_HOST:$REDIS_PORT after ${REDIS_WAIT} s"
      say "Redis on $REDIS_HOST:$REDIS_PORT: answering"
    fi
  elif docker_engine; then
    say "starting Redis in Docker: ${COMPOSE[*]} -f $COMPOSE_FILE up -d redis"
    compose_up redis "TEST_REDIS_PORT=$REDIS_PORT" || fail "docker compose could not start the test Redis"
    if [ "$CHECK_ONLY" = 0 ]; then
      wait_for 60 redis_answers "$REDIS_HOST" "$REDIS_PORT" || fail "the test Redis container does not answer on $REDIS_HOST:$REDIS_PORT after 60 s"
      say "Redis on $REDIS_HOST:$REDIS_PORT: answering (Docker)"
    fi
  else
    fail "no Redis on $REDIS_HOST:$REDIS_PORT and none to start: install it (sudo apt-get install -y redis-server), run a Docker engine, or set REDIS_URL"
  fi
fi

# ---- Chromium (browser tests; playwright-core downloads nothing) ---------------------------------
if [ -x "$CHROMIUM" ]; then
  say "Chromium at $CHROMIUM: present"
else
  say "Chromium at $CHROMIUM: missing"
  if command -v apt-get >/dev/null 2>&1 && [ "$SUDO" != none ]; then
    say "installing Chromium: apt-get install -y chromium"
    export DEBIAN_FRONTEND=noninteractive
    if ! as_root apt-get install -y -q chromium >/dev/null 2>&1; then # its error is expected with stale package lists
      say "install failed; updating the package lists: apt-get update, then apt-get install -y chromium"
      if ! { as_root apt-get update -q >/dev/null && as_root apt-get install -y -q chromium >/dev/null; }; then
        fail "apt-get could not install chromium; install Chromium yourself and set CHROMIUM_PATH"
      fi
    fi
    if [ "$CHECK_ONLY" = 0 ]; then
      [ -x "$CHROMIUM" ] || fail "chromium is installed but $CHROMIUM still does not exist: unset CHROMIUM_PATH (Debian's is /usr/bin/chromium) or point it at the browser"
      say "Chromium at $CHROMIUM: installed"
    fi
  else
    fail "Chromium is missing at $CHROMIUM and cannot be installed here (needs apt-get as root or passwordless sudo): run sudo apt-get install -y chromium, or set CHROMIUM_PATH to a Chromium or Chrome binary"
  fi
fi

if [ "$CHECK_ONLY" = 1 ]; then
  if [ "$TODO" = 1 ]; then
    say "check: something above is missing (nothing was changed)"
    exit 1
  fi
  say "check: everything is there"
fi
exit 0
