#!/usr/bin/env bash
# Memory soak: the packaged app (loadtest profile, embedded PostgreSQL, 1 GiB heap) on core 0, the soak client
# (io.liveshop.bench.Soak) on core 1. After a warm-up of WARMUP shows, the heap after a full GC is read; then ROUNDS
# whole shows run (each: a seeded LIVE stream, a viewer socket, reads, a pin, a 5-unit flash sale won by 3 buyers,
# the sale ended, the stream ended, the viewer gone); the heap after a full GC is read at once, and again once the
# ended-sale retention (LIVESHOP_FLASH_SALES_ENDED_RETENTION, PT1M by default) and a sweep have passed.
# Run from the project root, under the shared lock (BUILD=1 builds the jar and the test classpath first):
#   flock -o /tmp/liveshop-mvn.lock src/test/bench/soak.sh
set -euo pipefail
ROUNDS=${ROUNDS:-1000}
WARMUP=${WARMUP:-100}
PARALLEL=${PARALLEL:-8}
PORT=${PORT:-8093}
SETTLE=${SETTLE:-75}
. "$(dirname "$0")/lib.sh"
rm -rf "$OUT/soak-db"
taskset -c 0 java -Xmx1g -Xms1g -Dquarkus.profile=loadtest -Dquarkus.http.port=$PORT -Dquarkus.log.level=WARN \
  -Dliveshop.embedded-db.data-dir="$OUT/soak-db" -jar target/quarkus-app/quarkus-run.jar > "$OUT/soak-server.log" 2>&1 &
SERVER=$!; PIDS+=("$SERVER")
for _ in $(seq 1 120); do curl -sf -o /dev/null "localhost:$PORT/q/health/ready" && break; sleep 0.5; done
# the embedded PostgreSQL is the server's child; it stops with the server (lib.sh's trap)

heap() { # used heap after a full GC, in KB
  jcmd "$SERVER" GC.run > /dev/null
  sleep 2
  # every generation's "total …K, used …K" (G1 prints one heap line, Serial and Parallel one per generation)
  jcmd "$SERVER" GC.heap_info | sed -n 's/.* total [0-9]*K, used \([0-9]*\)K.*/\1/p' | awk '{s += $1} END {print s}'
}
gauges() { curl -s "localhost:$PORT/q/metrics" | grep -c '^liveshop_flashsale_.*sale="' || true; }
report() { printf '%-44s heap after GC %7d KB   per-sale gauges %s\n' "$1" "$2" "$(gauges)"; }

client() { taskset -c 1 java -cp "$CP" io.liveshop.bench.Soak "$PORT" "$1" "$PARALLEL" "$2"; }

client "$WARMUP" warmup
sleep "$SETTLE"
BEFORE=$(heap); report "after $WARMUP warm-up shows and ${SETTLE}s:" "$BEFORE"
client "$ROUNDS" soak
NOW=$(heap); report "right after $ROUNDS more shows:" "$NOW"
sleep "$SETTLE"
AFTER=$(heap); report "${SETTLE}s later (ended retention passed):" "$AFTER"
echo "growth over $ROUNDS streams + $ROUNDS sales: $((AFTER - BEFORE)) KB" \
  "($(( (AFTER - BEFORE) * 1024 / ROUNDS )) bytes per stream + sale); right after the shows: $((NOW - BEFORE)) KB"
jcmd "$SERVER" GC.heap_info | head -4
echo "RSS: $(grep VmRSS /proc/$SERVER/status)"
