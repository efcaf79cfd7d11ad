#!/usr/bin/env bash
# The commerce benchmark in one command (docs/BENCHMARKS.md, "Checkout and voucher rush"). Run it under the lock:
#   flock -o /tmp/liveshop-mvn.lock timeout 480 src/test/bench/commerce.sh
# Starts the packaged server (loadtest profile, its embedded PostgreSQL) pinned to core 0, then
# io.liveshop.bench.CommerceBench pinned to core 1: a warm-up, then SHOPPERS (1500) checkouts at RATE (100) per
# second, open loop, and a voucher rush of CLAIMERS (10000) distinct buyers claiming VOUCHERS (500) live-only units
# at once, WS_SHARE (0.2) of them watching the stream and claiming with the WebSocket `claim` command, the rest over
# HTTP; PostgreSQL's pg_stat_database counters are read before and after the rush (losers must not reach it). BUILD=1 packages first (else reuses target/). Everything it started is stopped on exit (lib.sh).
set -euo pipefail
PORT=${PORT:-8099}
. "$(dirname "$0")/lib.sh"
DATA=$(pwd)/$OUT/commerce-pgdata
rm -rf "$DATA"

# shellcheck disable=SC2086
taskset -c 0 java -Xmx1g ${LIVESHOP_OPTS:-} -Dquarkus.profile=loadtest -Dquarkus.http.port=$PORT -Dquarkus.log.level=WARN \
  -Dliveshop.embedded-db.data-dir="$DATA" -jar target/quarkus-app/quarkus-run.jar > "$OUT/commerce-server.log" 2>&1 &
SERVER=$!; PIDS+=("$SERVER")
until curl -sf "http://127.0.0.1:$PORT/q/health/live" >/dev/null; do
  kill -0 "$SERVER" 2>/dev/null || { echo "server died"; cat "$OUT/commerce-server.log"; exit 1; }
  sleep 0.5
done
PG=$(head -1 "$DATA/postmaster.pid")
PGPORT=$(sed -n 4p "$DATA/postmaster.pid")
for p in $PG $(pgrep -P "$PG"); do taskset -pc 0 "$p" >/dev/null; done
PIDS+=("$PG") # the server stops it on exit; in case it cannot
echo "server pid $SERVER and its embedded PostgreSQL pid $PG on core 0; client on core 1"
taskset -c 1 java -Xmx1g -cp "$CP" -Dport=$PORT -DserverPid=$SERVER -DpostgresPid=$PG -DpgPort="$PGPORT" \
  -Dshoppers="${SHOPPERS:-1500}" -Drate="${RATE:-100}" -Dclaimers="${CLAIMERS:-10000}" -Dvouchers="${VOUCHERS:-500}" \
  -DwsShare="${WS_SHARE:-0.2}" \
  io.liveshop.bench.CommerceBench | tee "$OUT/commerce.txt"
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
