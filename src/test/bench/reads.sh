#!/usr/bin/env bash
# Read-path benchmark: the packaged app (loadtest profile, embedded PostgreSQL) pinned to core 0, wrk pinned to
# core 1, every read measured beside GET /q/health/live in the same run. Prints requests/s, server CPU per request
# (utime+stime of the JVM over the pass / requests) and the ratio to the health check.
#
#   ./mvnw -B -q package -DskipTests && src/test/bench/reads.sh
#
# Environment: DURATION (s per measured pass, 10), WARMUP (s per warm-up pass, 8), CONNECTIONS (64),
# PORT (8089), JFR=path.jfr to record a profile of the measured passes only (started after the warm-up).
set -euo pipefail
cd "$(dirname "$0")/../../.."

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-8}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-8089}
BASE="http://127.0.0.1:$PORT"
JAR=target/quarkus-app/quarkus-run.jar
TICK_US=$((1000000 / $(getconf CLK_TCK)))
LOG=$(mktemp /tmp/liveshop-reads.XXXXXX.log)

[ -f "$JAR" ] || { echo "build first: ./mvnw -B -q package -DskipTests" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 1; }

SERVER=
cleanup() {
  if [ -n "$SERVER" ] && kill -0 "$SERVER" 2>/dev/null; then
    kill "$SERVER" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$SERVER" 2>/dev/null || true
  fi
}
trap cleanup EXIT INT TERM

taskset -c 0 java -Xmx1g -Dquarkus.profile=loadtest -Dquarkus.http.port="$PORT" -Dquarkus.log.level=WARN \
  -XX:FlightRecorderOptions:stackdepth=256 -jar "$JAR" >"$LOG" 2>&1 &
SERVER=$!
for _ in $(seq 1 120); do
  curl -sf "$BASE/q/health/live" >/dev/null 2>&1 && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$LOG" >&2; exit 1; }
  sleep 0.5
done

json() { grep -o "\"$1\":\"\?[^,\"}]*" | head -1 | sed 's/.*:"\{0,1\}//'; }

SEED=$(curl -sf -XPOST "$BASE/api/loadtest/seed" -H 'content-type: application/json' -d '{"products":20,"stock":100000}')
STREAM=$(echo "$SEED" | json streamId)
SELLER_TOKEN=$(echo "$SEED" | json hostToken)
SELLER=$(echo "$SEED" | json sellerId)
PRODUCT=$(echo "$SEED" | grep -o '"productIds":\[[0-9]*' | grep -o '[0-9]*$')
BUYER_TOKEN=$(curl -sf -XPOST "$BASE/api/dev/tokens" -H 'content-type: application/json' \
  -d '{"subject":"bench-buyer","roles":["viewer"]}' | json token)
for i in 1 2 3 4 5; do
  curl -sf -o /dev/null -XPOST "$BASE/api/orders" -H "authorization: Bearer $BUYER_TOKEN" \
    -H 'content-type: application/json' -d "{\"productId\":$PRODUCT,\"quantity\":1}"
done

NAMES=(health stream product products-list seller-products orders)
URLS=("/q/health/live" "/api/streams/$STREAM" "/api/products/$PRODUCT" "/api/products?seller=$SELLER&limit=20"
  "/api/sellers/me/products?limit=20" "/api/orders?limit=20")
TOKENS=("" "" "" "" "$SELLER_TOKEN" "$BUYER_TOKEN")

cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }

# pass NAME URL TOKEN SECONDS -> "requests rps cpu_us_per_request"
pass() {
  local header=() before after out requests rps
  [ -n "$3" ] && header=(-H "Authorization: Bearer $3")
  before=$(cpu_ticks)
  out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"$4"s "${header[@]}" "$BASE$2")
  after=$(cpu_ticks)
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  rps=$(echo "$out" | awk '/Requests\/sec/ {printf "%d", $2}')
  if echo "$out" | grep -q 'Non-2xx'; then echo "$1: non-2xx answers: $out" >&2; exit 1; fi
  echo "$requests $rps $(( (after - before) * TICK_US / requests ))"
}

echo "warm-up: ${WARMUP}s per request" >&2
for i in "${!NAMES[@]}"; do pass "${NAMES[$i]}" "${URLS[$i]}" "${TOKENS[$i]}" "$WARMUP" >/dev/null; done

if [ -n "${JFR:-}" ]; then
  jcmd "$SERVER" JFR.start name=reads settings=profile filename="$(realpath -m "$JFR")" >/dev/null
fi

# The health check is measured first and again last; the ratios use the mean of the two.
NAMES+=(health-again)
URLS+=("/q/health/live")
TOKENS+=("")
RESULTS=()
for i in "${!NAMES[@]}"; do
  RESULTS+=("$(pass "${NAMES[$i]}" "${URLS[$i]}" "${TOKENS[$i]}" "$DURATION")")
done
read -r _ _ first <<<"${RESULTS[0]}"
read -r _ _ last <<<"${RESULTS[${#RESULTS[@]}-1]}"
HEALTH_US=$(( (first + last) / 2 ))
printf '%-16s %-40s %9s %11s %9s\n' request path "req/s" "CPU µs/req" "× health"
for i in "${!NAMES[@]}"; do
  read -r requests rps us <<<"${RESULTS[$i]}"
  printf '%-16s %-40s %9s %11s %9s\n' "${NAMES[$i]}" "${URLS[$i]}" "$rps" "$us" \
    "$(awk -v a="$us" -v b="$HEALTH_US" 'BEGIN {printf "%.2f", a / b}')"
done

if [ -n "${JFR:-}" ]; then
  jcmd "$SERVER" JFR.stop name=reads >/dev/null
  echo "profile: $JFR (top frames: src/test/bench/jfr-areas.py $JFR)" >&2
fi
