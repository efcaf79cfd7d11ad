#!/usr/bin/env bash
# Idle viewers and join surge: LiveShop (packaged, loadtest profile, 1 GiB heap) pinned to core 0, the light
# client (IdleViewers) on core 1 opens VIEWERS sockets (200 handshakes in flight), checks every first frame is a
# snapshot, then holds them idle while the server's heap after a full GC is read.
# Run from the project root, under the shared lock, after fanout.sh built target/ (or with BUILD=1):
#   flock -o /tmp/liveshop-mvn.lock src/test/bench/idle.sh
set -euo pipefail
VIEWERS=${VIEWERS:-18000}
BUILD=${BUILD:-0}
. "$(dirname "$0")/lib.sh"
taskset -c 0 java -Xmx1g -Xms1g -Dquarkus.profile=loadtest -Dquarkus.log.level=WARN \
  -jar target/quarkus-app/quarkus-run.jar > "$OUT/idle-server.log" 2>&1 &
SERVER=$!; PIDS+=("$SERVER")
for _ in $(seq 1 120); do curl -sf -o /dev/null localhost:8080/q/health/live && break; sleep 0.5; done
STREAM=$(curl -sf -XPOST localhost:8080/api/loadtest/seed -H 'content-type: application/json' \
  -d '{"products":2,"stock":100}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["streamId"])')
TOKEN=$(curl -sf -XPOST localhost:8080/api/dev/tokens -H 'content-type: application/json' \
  -d '{"subject":"idle-viewer","roles":["viewer"]}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
taskset -c 1 java -cp "$CP" io.liveshop.bench.IdleViewers localhost 8080 "$STREAM" "$TOKEN" "$VIEWERS" 200 40 \
  > "$OUT/idle-client.log" 2>&1 &
CLIENT=$!; PIDS+=("$CLIENT")
for _ in $(seq 1 240); do grep -q HOLDING "$OUT/idle-client.log" && break; sleep 0.5; done
cat "$OUT/idle-client.log"
sleep 3
jcmd "$SERVER" GC.run > /dev/null
sleep 2
echo "server after a full GC, $VIEWERS viewers connected:"
jcmd "$SERVER" GC.heap_info | grep -E "generation|space"
curl -s localhost:8080/q/metrics | grep -E '^liveshop_ws_connections|^jvm_memory_used_bytes\{area="heap"' || true
echo "open files: $(ls /proc/$SERVER/fd | wc -l); RSS: $(grep VmRSS /proc/$SERVER/status)"
