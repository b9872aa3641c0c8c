#!/usr/bin/env bash
# The compose test: brings up this repository's docker-compose.yml for real, unchanged, and uses the
# stack as the README's "Docker Compose" section tells a user to. Run from anywhere, as root where it
# has to start the Docker engine itself:
#   scripts/compose-test.sh
#
#  1. A Docker engine: the running one, or a dockerd started here (and stopped at the end, with the
#     iptables rules, sysctls and bridge it added undone).
#  2. The images the compose file and the Dockerfile name: kept, pulled, or, where no registry
#     answers, stand-ins built under the same names (scripts/standins/build.sh).
#  3. `docker-compose build`, then `up -d`; waits until every service is healthy (each one's time to
#     healthy is printed).
#  4. Checks, as a user would make them: a token from `docker-compose exec -T kck java -jar
#     /app/kck.jar token ...`; the public store/3 (the demo data loaded by the postgres service); the
#     slow sales_summary, a miss then a hit; record_sale, then sales_totals one sale and its amount
#     higher; /health/ready with the source and the cache store up; the kck process not root; then
#     `docker-compose restart kck`, and the first fetches after it are hits from Cassandra with the
#     same ETags.
#  5. `docker-compose down -v`, and a check that no container, network or volume of the project is
#     left. A trap does this (and stops the engine it started) whatever step failed; on a failure it
#     first prints each service's state and the end of its log.
#
# Environment: KCK_HTTP_PORT (published port; default 8080, or a free one when 8080 is taken),
# KCK_COMPOSE_PROJECT (default kckcomposetest), KCK_COMPOSE_TIMEOUT (seconds for the stack to turn
# healthy, default 420), and those of scripts/standins/build.sh. Prints "N passed, N failed" at the end.
set -Eeuo pipefail
shopt -s inherit_errexit

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PROJECT="${KCK_COMPOSE_PROJECT:-kckcomposetest}"
TIMEOUT="${KCK_COMPOSE_TIMEOUT:-420}"
STATE="$(mktemp -d "${TMPDIR:-/tmp}/kck-compose-test.XXXXXX")"
STARTED=$SECONDS
PASSED=0
FAILED=0
DOCKERD_PID=""

log() { printf '[compose-test %4ds] %s\n' "$((SECONDS - STARTED))" "$*" >&2; }
pass() { PASSED=$((PASSED + 1)); log "ok: $*"; }
fail() { FAILED=$((FAILED + 1)); log "FAILED: $*"; exit 1; }

if command -v docker-compose >/dev/null; then
  COMPOSE=(docker-compose -p "$PROJECT")
elif docker compose version >/dev/null 2>&1; then
  COMPOSE=(docker compose -p "$PROJECT")
else
  echo 'compose-test: needs docker-compose (apt-get install -y docker.io docker-compose debootstrap)' >&2
  exit 1
fi
command -v curl >/dev/null || { echo 'compose-test: needs curl' >&2; exit 1; }
compose() { "${COMPOSE[@]}" "$@"; }

# --- The Docker engine, and undoing what a dockerd started here changed -----------------------------

sysctls=(net/ipv4/ip_forward net/ipv6/conf/all/forwarding net/bridge/bridge-nf-call-iptables
  net/bridge/bridge-nf-call-ip6tables)

start_dockerd() {
  [ "$(id -u)" = 0 ] || { echo 'compose-test: no Docker engine runs, and starting one needs root' >&2; exit 1; }
  command -v dockerd >/dev/null || { echo 'compose-test: no Docker engine runs and dockerd is not installed' >&2; exit 1; }
  # What dockerd changes on the host, to undo it after.
  # (dockerd's rules go to iptables' filter and nat tables; ip6tables stays untouched by default.)
  if command -v iptables-save >/dev/null; then
    for table in filter nat; do
      iptables-save -t "$table" > "$STATE/iptables.$table.before" 2>/dev/null || rm -f "$STATE/iptables.$table.before"
    done
  fi
  for s in "${sysctls[@]}"; do
    [ -e "/proc/sys/$s" ] && cat "/proc/sys/$s" > "$STATE/sysctl.${s//\//.}"
  done
  ip -o link show | awk -F': ' '{ print $2 }' | cut -d@ -f1 > "$STATE/links.before"
  log "no Docker engine runs: starting dockerd (log: $STATE/dockerd.log)"
  dockerd > "$STATE/dockerd.log" 2>&1 &
  DOCKERD_PID=$!
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && { log "dockerd $DOCKERD_PID ready"; return; }
    kill -0 "$DOCKERD_PID" 2>/dev/null || break
    sleep 1
  done
  tail -n 20 "$STATE/dockerd.log" >&2
  fail "dockerd did not start"
}

stop_dockerd() {
  [ -n "$DOCKERD_PID" ] || return 0
  log "stopping dockerd $DOCKERD_PID"
  kill -TERM "$DOCKERD_PID" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 1; done
  if kill -0 "$DOCKERD_PID" 2>/dev/null; then
    log "dockerd did not stop in 30 s: killing it"
    kill -KILL "$DOCKERD_PID" 2>/dev/null || true
  fi
  wait "$DOCKERD_PID" 2>/dev/null || true
  local file tool table name line chain new_chains
  # Rules and chains that were not there before dockerd started.
  for file in "$STATE"/*tables.*.before; do
    [ -e "$file" ] || continue
    tool="$(basename "$file" | cut -d. -f1)"
    table="$(basename "$file" | cut -d. -f2)"
    "$tool-save" -t "$table" > "$STATE/$tool.$table.after"
    new_chains=()
    while read -r line; do
      grep -qxF -- "$line" "$file" && continue
      case "$line" in
        -A\ *)
          chain="$(awk '{ print $2 }' <<<"$line")"
          grep -q "^:$chain " "$file" && eval "$tool -t $table -D ${line#-A }" ;;
        :*)
          name="$(awk '{ print substr($1, 2) }' <<<"$line")"
          if grep -q "^:$name " "$file"; then
            # A built-in chain whose policy changed (dockerd sets FORWARD to DROP).
            "$tool" -t "$table" -P "$name" "$(grep "^:$name " "$file" | awk '{ print $2 }')"
          else
            new_chains+=("$name")
          fi ;;
      esac
    done < <(grep -E '^(-A |:)' "$STATE/$tool.$table.after")
    for chain in "${new_chains[@]}"; do "$tool" -t "$table" -F "$chain"; done
    for chain in "${new_chains[@]}"; do "$tool" -t "$table" -X "$chain"; done
    "$tool-save" -t "$table" | grep -E '^(-A |:)' | sed 's/ \[[0-9]*:[0-9]*\]$//' > "$STATE/$tool.$table.now"
    if ! diff <(grep -E '^(-A |:)' "$file" | sed 's/ \[[0-9]*:[0-9]*\]$//') "$STATE/$tool.$table.now" >/dev/null; then
      log "warning: $tool table $table differs from before dockerd started"
    fi
  done
  for s in "${sysctls[@]}"; do
    file="$STATE/sysctl.${s//\//.}"
    [ -e "$file" ] && [ "$(cat "/proc/sys/$s")" != "$(cat "$file")" ] && cat "$file" > "/proc/sys/$s"
  done
  # The bridges dockerd made (docker0; the project's network went with `down`).
  for name in $(ip -o link show | awk -F': ' '{ print $2 }' | cut -d@ -f1); do
    grep -qxF "$name" "$STATE/links.before" && continue
    case "$name" in docker0 | br-*) ip link delete "$name" 2>/dev/null || true ;; esac
  done
  log "dockerd stopped; its iptables rules, sysctls and bridges undone"
}

# --- Clean-up, whatever happened -----------------------------------------------------------------

cleanup() {
  local status=$? leftovers
  trap - EXIT INT TERM ERR
  set +e
  [ -z "${postgres_pid:-}" ] || kill "$postgres_pid" 2>/dev/null
  if [ "$status" != 0 ] && docker info >/dev/null 2>&1 && [ -n "$(compose ps -q 2>/dev/null)" ]; then
    log "the test failed: the stack as it was"
    compose ps >&2
    for service in postgres cassandra kck; do
      echo "--- last lines of $service:" >&2
      compose logs --no-color --tail=40 "$service" >&2 2>/dev/null
    done
  fi
  if docker info >/dev/null 2>&1; then
    log "docker-compose down -v"
    compose down -v --remove-orphans >/dev/null 2>&1 || compose down -v --remove-orphans
    leftovers="$(
      docker ps -aq --filter "label=com.docker.compose.project=$PROJECT"
      docker network ls -q --filter "label=com.docker.compose.project=$PROJECT"
      docker volume ls -q --filter "label=com.docker.compose.project=$PROJECT"
    )"
    if [ -n "$leftovers" ]; then
      FAILED=$((FAILED + 1))
      log "FAILED: left behind after down -v: $(echo $leftovers)"
      status=1
    elif [ "$status" = 0 ]; then
      pass "down -v left no container, network or volume of $PROJECT"
    fi
    # Images this run superseded (an earlier build of the kck image, intermediate build stages).
    if [ -e "$STATE/dangling.before" ]; then
      docker images -q --filter dangling=true | sort > "$STATE/dangling.after"
      comm -13 "$STATE/dangling.before" "$STATE/dangling.after" | xargs -r docker rmi >/dev/null 2>&1
    fi
  fi
  stop_dockerd
  rm -rf "$STATE"
  [ "$status" = 0 ] || [ "$FAILED" -gt 0 ] || FAILED=1
  log "finished in $((SECONDS - STARTED)) s"
  echo "compose-test: $PASSED passed, $FAILED failed"
  exit "$status"
}
trap cleanup EXIT
# A step that fails without saying so (set -e) still names itself.
trap 'log "FAILED at line $LINENO: $BASH_COMMAND"' ERR
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Helpers ------------------------------------------------------------------------------------

container_of() { compose ps -q "$1" 2>/dev/null; }
health_of() {
  local id
  id="$(container_of "$1")"
  [ -n "$id" ] || { echo absent; return; }
  docker inspect -f '{{.State.Status}}/{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$id"
}

# HTTP: request(OUT, curl arguments...) writes the headers to OUT.headers, the body to OUT.body and
# prints the status code.
request() {
  local out="$STATE/$1"
  shift
  : > "$out.headers"
  curl -sS -o "$out.body" -D "$out.headers" -w '%{http_code}' --max-time 60 "$@" || true  # 000: no answer
}
header() { grep -i -m 1 "^$2:" "$STATE/$1.headers" | cut -d: -f2- | tr -d '\r' | sed 's/^ *//'; }
body() { cat "$STATE/$1.body"; }
# A number from a compact JSON body: json_number(OUT, FIELD).
json_number() { grep -o "\"$2\":-\?[0-9.]*" "$STATE/$1.body" | sed -n '1s/^[^:]*://p'; }

# Cache-Status names its cache first, then its parameters (RFC 9211): "kck; hit", "kck; fwd=miss".
cache_status_is() {
  local status
  status="$(header "$1" Cache-Status)"
  case "$2" in
    hit) [[ "$status" =~ ^kck\;\ *hit(\;|$) ]] && ! [[ "$status" =~ fwd= ]] ;;
    miss) [[ "$status" =~ ^kck\;.*fwd=miss ]] ;;
  esac
}

wait_healthy() {  # until every service is healthy; prints each one's time to healthy
  local deadline=$((SECONDS + TIMEOUT)) since="$1" service state all
  declare -A healthy_at=()
  while :; do
    all=1
    for service in postgres cassandra kck; do
      state="$(health_of "$service")"
      case "$state" in
        running/healthy)
          if [ -z "${healthy_at[$service]:-}" ]; then
            healthy_at[$service]=$((SECONDS - since))
            log "$service healthy ${healthy_at[$service]} s after up"
            echo "$service ${healthy_at[$service]}" >> "$STATE/healthy"
          fi ;;
        exited/* | dead/* | */unhealthy) fail "$service is $state" ;;
        */none) fail "$service has no healthcheck" ;;
        *) all=0 ;;
      esac
    done
    [ "$all" = 1 ] && return
    if [ -e "$STATE/up.done" ] && [ "$(cat "$STATE/up.done")" != 0 ]; then
      cat "$STATE/up.log" >&2
      fail "docker-compose up failed"
    fi
    [ "$SECONDS" -lt "$deadline" ] || fail "the stack was not healthy after $TIMEOUT s ($(for s in postgres cassandra kck; do printf '%s=%s ' "$s" "$(health_of "$s")"; done))"
    sleep 2
  done
}

port_busy() { ss -ltnH "sport = :$1" 2>/dev/null | grep -q .; }

# --- 1. Engine --------------------------------------------------------------------------------------

if docker info >/dev/null 2>&1; then
  log "using the running Docker engine"
else
  start_dockerd
fi
docker images -q --filter dangling=true | sort > "$STATE/dangling.before"

# --- 2. Images --------------------------------------------------------------------------------------

mapfile -t images < <(
  compose config | awk '$1 == "image:" { print $2 }'
  awk 'toupper($1) == "FROM" { print $2 }' Dockerfile
)
log "images: ${images[*]}"
# postgres:17 (its own base) in parallel with the others (which share theirs): a first build takes
# minutes, much of it waiting for the Debian mirror.
postgres=()
others=()
for image in "${images[@]}"; do
  if [[ "$image" == postgres:* ]]; then postgres+=("$image"); else others+=("$image"); fi
done
if [ "${#postgres[@]}" -gt 0 ]; then
  "$ROOT/scripts/standins/build.sh" "${postgres[@]}" &
  postgres_pid=$!
fi
"$ROOT/scripts/standins/build.sh" "${others[@]}" || fail "images"
[ -z "${postgres_pid:-}" ] || wait "$postgres_pid" || fail "the ${postgres[*]} image"

# --- 3. Up ------------------------------------------------------------------------------------------

if [ -z "${KCK_HTTP_PORT:-}" ]; then
  KCK_HTTP_PORT=8080
  while port_busy "$KCK_HTTP_PORT"; do KCK_HTTP_PORT=$((KCK_HTTP_PORT + 1)); done
  [ "$KCK_HTTP_PORT" = 8080 ] || log "port 8080 is taken on this machine: publishing KCK on $KCK_HTTP_PORT"
fi
export KCK_HTTP_PORT
BASE="http://127.0.0.1:$KCK_HTTP_PORT"

# What goes into the image build: only pom.xml, src/main and config/ (.dockerignore). This clone's
# .git, target/ (after mvn verify), the tests' key files and any config/keys or data/ stay out. As
# the engine's builder sees the context, and as docker-compose v1 (docker-py) packs it, when it is
# the one in use.
runtime_base="$(awk 'toupper($1) == "FROM" { image = $2 } END { print image }' Dockerfile)"
docker build -q -t "$PROJECT-context" -f - . > /dev/null 2> "$STATE/context.log" <<EOF_CONTEXT \
  || { cat "$STATE/context.log" >&2; fail "listing the build context"; }
FROM $runtime_base
COPY . /context
EOF_CONTEXT
context="$(docker run --rm "$PROJECT-context" sh -c 'cd /context && find . -mindepth 1 \( -type f -o -type l \) | sort')"
docker rmi -f "$PROJECT-context" >/dev/null
if [ "${COMPOSE[0]}" = docker-compose ] && python3 -c 'import docker.utils.build' 2>/dev/null; then
  context+=$'\n'"$(python3 - <<'EOF_PY'
import os
from docker.utils.build import exclude_paths
with open('.dockerignore') as f:
    patterns = [line.strip() for line in f if line.strip() and not line.startswith('#')]
for path in sorted(exclude_paths('.', patterns, dockerfile='Dockerfile')):
    if not os.path.isdir(path) and path != 'Dockerfile':
        print('./' + path)
EOF_PY
)"
fi
# (docker-py also packs .dockerignore itself, and the engine gets the Dockerfile: no COPY takes them.)
unexpected="$(grep -v -E '^\./(pom\.xml|src/main/.*|config/.*|\.dockerignore|Dockerfile)$' <<<"$context" | sort -u | head -n 5 || true)"
keys="$(grep -E '(\.pem|\.key|\.p12|\.jks)$|^\./config/keys/' <<<"$context" | sort -u | head -n 5 || true)"
[ -z "$unexpected$keys" ] || fail "the build context holds $(echo $unexpected $keys)"
pass "the build context is pom.xml, src/main and config/ only ($(sort -u <<<"$context" | wc -l) files; no key files, .git, target/ or data/)"

compose down -v --remove-orphans >/dev/null 2>&1 || true
log "docker-compose build"
build_started=$SECONDS
compose build > "$STATE/build.log" 2>&1 || { tail -n 60 "$STATE/build.log" >&2; fail "docker-compose build"; }
log "kck image built in $((SECONDS - build_started)) s"

log "docker-compose up -d"
up_started=$SECONDS
( compose up -d > "$STATE/up.log" 2>&1 && echo 0 > "$STATE/up.done" || echo $? > "$STATE/up.done" ) &
up_pid=$!
wait_healthy "$up_started"
wait "$up_pid"
[ "$(cat "$STATE/up.done")" = 0 ] || { cat "$STATE/up.log" >&2; fail "docker-compose up"; }
pass "every service healthy $((SECONDS - up_started)) s after up ($(awk '{ printf "%s%s %s s", (NR > 1 ? ", " : ""), $1, $2 }' "$STATE/healthy"))"

# --- 4. As a user would use it ----------------------------------------------------------------------

# The README: -T (no TTY), so the token has no trailing carriage return.
token() {
  compose exec -T kck java -jar /app/kck.jar token --sub "$1" --scope "$2" --config /app/config/kck.compose.yaml
}
TOKEN="$(token alice sales:read)"
[[ "$TOKEN" =~ ^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$ ]] || fail "token printed '$TOKEN'"
ADMIN="$(token ops 'sales:read sales:write kck:admin')"
pass "tokens from docker-compose exec -T kck java -jar /app/kck.jar token"

code="$(request store "$BASE/fetch/store/3")"
[ "$code" = 200 ] && body store | grep -q '"name":"Copenhagen Central"' \
  || fail "GET /fetch/store/3: $code $(body store)"
STORE_ETAG="$(header store ETag)"
pass "public /fetch/store/3 answers the demo data the postgres service loaded ($(header store Cache-Status))"

code="$(request anonymous "$BASE/fetch/sales_summary")"
[ "$code" = 401 ] || fail "sales_summary without a token: $code (expected 401)"
code="$(request summary1 -H "Authorization: Bearer $TOKEN" "$BASE/fetch/sales_summary")"
[ "$code" = 200 ] && cache_status_is summary1 miss \
  || fail "first sales_summary: $code, Cache-Status '$(header summary1 Cache-Status)' (expected kck; fwd=miss)"
[ "$(grep -o '"store_id"' "$STATE/summary1.body" | wc -l)" = 50 ] || fail "sales_summary does not list the 50 demo stores"
code="$(request summary2 -H "Authorization: Bearer $TOKEN" "$BASE/fetch/sales_summary")"
[ "$code" = 200 ] && cache_status_is summary2 hit && [ "$(header summary2 ETag)" = "$(header summary1 ETag)" ] \
  || fail "second sales_summary: $code, Cache-Status '$(header summary2 Cache-Status)', ETag $(header summary2 ETag) (expected kck; hit, $(header summary1 ETag))"
pass "sales_summary: a miss (Cache-Status: $(header summary1 Cache-Status)), then a hit (Cache-Status: $(header summary2 Cache-Status)), without a token 401"

code="$(request totals1 -H "Authorization: Bearer $ADMIN" "$BASE/fetch/sales_totals")"
[ "$code" = 200 ] || fail "GET /fetch/sales_totals: $code $(body totals1)"
sales_before="$(json_number totals1 sales)"
amount_before="$(json_number totals1 total_amount)"
code="$(request update -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  -d '{"store_id": 3, "product_id": 7, "customer": "alice", "quantity": 2, "amount": 12.34}' \
  "$BASE/update/record_sale")"
[ "$code" = 200 ] && body update | grep -q '"sales_totals"' || fail "POST /update/record_sale: $code $(body update)"
expected_amount="$(awk -v a="$amount_before" 'BEGIN { printf "%.2f", a + 12.34 }')"
# The next version of sales_totals, by long polling (If-None-Match + Prefer: wait).
for _ in 1 2 3; do
  code="$(request totals2 -H "Authorization: Bearer $ADMIN" -H "If-None-Match: $(header totals1 ETag)" \
    -H 'Prefer: wait=10' "$BASE/fetch/sales_totals")"
  [ "$code" = 200 ] && break
done
[ "$code" = 200 ] && [ "$(json_number totals2 sales)" = $((sales_before + 1)) ] \
  && [ "$(json_number totals2 total_amount)" = "$expected_amount" ] \
  || fail "sales_totals after record_sale: $code $(body totals2) (expected sales $((sales_before + 1)), total_amount $expected_amount)"
TOTALS_ETAG="$(header totals2 ETag)"
pass "record_sale shows on the next fetch: sales_totals $sales_before -> $(json_number totals2 sales) sales, $amount_before -> $(json_number totals2 total_amount)"

code="$(request ready "$BASE/health/ready")"
[ "$code" = 200 ] && body ready | grep -q '"source":"up"' && body ready | grep -q '"cache_store":"up"' \
  || fail "/health/ready: $code $(body ready)"
pass "/health/ready: $(body ready)"

published="$(docker port "$(container_of kck)" 8080/tcp)"
! grep -q -v -E '^(127\.0\.0\.1|\[::1\]):' <<<"$published" || fail "kck is published beyond loopback: $(echo $published)"
pass "kck is published on loopback only ($(echo $published))"

java_version="$(compose exec -T kck java -version 2>&1)"
java_version="${java_version%%$'\n'*}"
[[ "$java_version" =~ \"17\. ]] || fail "the kck image runs $java_version"
kck_uid="$(compose exec -T kck awk '/^Uid:/ { print $2 }' /proc/1/status)"
[ -n "$kck_uid" ] && [ "$kck_uid" != 0 ] || fail "the kck process runs as uid '$kck_uid'"
pass "the kck process runs as uid $kck_uid, not root, on $java_version"

log "docker-compose restart kck"
restart_started=$SECONDS
compose restart kck >/dev/null 2>&1 || fail "docker-compose restart kck"
until [ "$(request ready2 "$BASE/health/ready" 2>/dev/null)" = 200 ]; do
  [ $((SECONDS - restart_started)) -lt 120 ] || fail "kck not ready 120 s after its restart: $(health_of kck)"
  sleep 1
done
code="$(request totals3 -H "Authorization: Bearer $ADMIN" "$BASE/fetch/sales_totals")"
[ "$code" = 200 ] && cache_status_is totals3 hit && [ "$(header totals3 ETag)" = "$TOTALS_ETAG" ] \
  || fail "sales_totals after the restart: $code, Cache-Status '$(header totals3 Cache-Status)', ETag $(header totals3 ETag) (expected kck; hit, $TOTALS_ETAG)"
code="$(request store2 "$BASE/fetch/store/3")"
[ "$code" = 200 ] && cache_status_is store2 hit && [ "$(header store2 ETag)" = "$STORE_ETAG" ] \
  || fail "store/3 after the restart: $code, Cache-Status '$(header store2 Cache-Status)', ETag $(header store2 ETag) (expected kck; hit, $STORE_ETAG)"
pass "after docker-compose restart kck (ready in $((SECONDS - restart_started)) s): sales_totals and store/3 are hits from Cassandra with their ETags ($TOTALS_ETAG, $STORE_ETAG)"

# --- Figures ----------------------------------------------------------------------------------------

kck_image="$(docker inspect -f '{{.Image}}' "$(container_of kck)")"
{
  echo "images:"
  for image in "${images[@]}"; do
    printf '  %-32s %5d MB%s\n' "$image" "$(docker image inspect -f '{{.Size}}' "$image" | awk '{ print int($1 / 1000000) }')" \
      "$([ -n "$(docker image inspect -f '{{ index .Config.Labels "dev.kck.standin" }}' "$image" 2>/dev/null | sed 's/<no value>//')" ] && echo ' (stand-in)')"
  done
  printf '  %-32s %5d MB\n' "kck (built)" "$(docker image inspect -f '{{.Size}}' "$kck_image" | awk '{ print int($1 / 1000000) }')"
} >&2
