#!/usr/bin/env bash
# The auction rush benchmark in one command (docs/BENCHMARKS-auctions.md). Run it under the shared lock:
#   flock -o /tmp/liveshop-mvn.lock src/test/bench/auction-rush.sh
# Starts the packaged server (loadtest profile, its embedded PostgreSQL) pinned to core 0, then
# io.liveshop.bench.AuctionRush pinned to core 1: BIDDERS (10000) connected bidders, one bid each in the auction's
# last 3 s, and beside it the flash-sale socket rush with the same sockets. BUILD=1 packages first (else reuses
# target/). LIVESHOP_OPTS adds server JVM options (e.g. -Dliveshop.auctions.price-interval=PT1S to see the bid path
# with fewer price broadcasts). AMOUNTS=quick,ladder measures a second auction, in the same run, where nearly every
# bid is accepted (see AuctionRush). Everything it started is stopped on exit (lib.sh).
set -euo pipefail
BIDDERS=${BIDDERS:-10000}
PORT=${PORT:-8098}
. "$(dirname "$0")/lib.sh"
DATA=$(pwd)/$OUT/auction-pgdata
rm -rf "$DATA"

# shellcheck disable=SC2086
taskset -c 0 java -Xmx1g ${LIVESHOP_OPTS:-} -Dquarkus.profile=loadtest -Dquarkus.http.port=$PORT -Dquarkus.log.level=WARN \
  -Dliveshop.embedded-db.data-dir="$DATA" -jar target/quarkus-app/quarkus-run.jar > "$OUT/auction-server.log" 2>&1 &
SERVER=$!; PIDS+=("$SERVER")
until curl -sf "http://127.0.0.1:$PORT/q/health/live" >/dev/null; do
  kill -0 "$SERVER" 2>/dev/null || { echo "server died"; cat "$OUT/auction-server.log"; exit 1; }
  sleep 0.5
done
PG=$(head -1 "$DATA/postmaster.pid")
for p in $PG $(pgrep -P "$PG"); do taskset -pc 0 "$p" >/dev/null; done
PIDS+=("$PG") # the server stops it on exit; in case it cannot
echo "server pid $SERVER and its embedded PostgreSQL pid $PG on core 0; client on core 1; $BIDDERS bidders"
taskset -c 1 java -Xmx2g -cp "$CP" -Dport=$PORT -DserverPid=$SERVER -DpostgresPid=$PG -Dbidders=$BIDDERS -Damounts="${AMOUNTS:-quick}" \
  io.liveshop.bench.AuctionRush | tee "$OUT/auction-rush.txt"
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
