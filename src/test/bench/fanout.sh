#!/usr/bin/env bash
# Fan-out benchmark: LiveShop (packaged, loadtest profile) and the plain Vert.x baseline, one after the other,
# same client, same JVM flags, server pinned to core 0 and client to core 1. Prints both and their ratio.
# Run from the project root, under the shared lock:
#   flock -o /tmp/liveshop-mvn.lock src/test/bench/fanout.sh
# Environment: VIEWERS (10000), BUILD (1: package + classpath first; 0: reuse target/), PROFILE (1: JFR on
# LiveShop, top frames of the measured window printed), LIVESHOP_OPTS (extra JVM options for LiveShop only,
# e.g. -Dquarkus.vertx.prefer-native-transport=false), ONLY (liveshop|baseline), PERF (1: `perf record` of each
# server's paced window, both servers with frame pointers and a perf map; the split by library and the top symbols
# printed).
set -euo pipefail
VIEWERS=${VIEWERS:-10000}
BUILD=${BUILD:-1}
PROFILE=${PROFILE:-0}
ONLY=${ONLY:-}
JVM_FLAGS=(-Xmx1g -Xms1g)
PERF=${PERF:-0}
if [ "$PERF" = 1 ]; then
  JVM_FLAGS+=(-XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer)
fi
. "$(dirname "$0")/lib.sh"

perf_paced() { # label pid: in the background, records the server's paced window once its back-to-back phase is done
  [ "$PERF" = 1 ] || return 0
  ( until grep -q "RESULT $1 back-to-back" "$OUT/results.txt" 2>/dev/null; do
      kill -0 "$2" 2>/dev/null || exit 0; sleep 0.2
    done
    sleep 1
    perf record -e cpu-clock -F 1999 -g -p "$2" -o "$OUT/$1-paced.perf" -- sleep 7 > /dev/null 2>&1 ) &
}

perf_report() { # label: after the server has exited (its perf map is written at exit)
  [ "$PERF" = 1 ] && [ -f "$OUT/$1-paced.perf" ] || return 0
  echo "== $1, paced window: CPU by library, then the top symbols"
  perf report -i "$OUT/$1-paced.perf" --stdio --no-children --sort dso -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -5 || true
  perf report -i "$OUT/$1-paced.perf" --stdio --no-children --sort sym -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -15 || true
}

wait_http() { # url
  for _ in $(seq 1 120); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done
  echo "server did not come up: $1" >&2; return 1
}

client() { # label pid port wsPath triggerPath triggerAuth triggerBodies
  taskset -c 1 java -Xmx1g -cp "$CP" -Dlabel="$1" -Dpid="$2" -Dport="$3" -DwsPath="$4" -DtriggerPath="$5" \
    -DtriggerAuth="$6" -DtriggerBodies="$7" -Dviewers="$VIEWERS" io.liveshop.bench.FanoutBench | tee -a "$OUT/results.txt"
}

: > "$OUT/results.txt"
if [ "$ONLY" != baseline ]; then
  JFR=()
  if [ "$PROFILE" = 1 ]; then
    JFR=(-XX:StartFlightRecording=filename=$OUT/liveshop.jfr,settings=profile -XX:FlightRecorderOptions=stackdepth=256)
  fi
  # shellcheck disable=SC2086
  taskset -c 0 java "${JVM_FLAGS[@]}" "${JFR[@]}" ${LIVESHOP_OPTS:-} -Dquarkus.profile=loadtest -Dquarkus.log.level=WARN \
    -jar target/quarkus-app/quarkus-run.jar > "$OUT/liveshop.log" 2>&1 &
  SERVER=$!; PIDS+=("$SERVER")
  wait_http http://localhost:8080/q/health/live
  SEED=$(curl -sf -XPOST localhost:8080/api/loadtest/seed -H 'content-type: application/json' -d '{"products":2,"stock":1000}')
  read -r STREAM HOST P1 P2 < <(python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["streamId"], s["hostToken"], *s["productIds"][:2])' <<< "$SEED")
  TOKEN=$(curl -sf -XPOST localhost:8080/api/dev/tokens -H 'content-type: application/json' \
    -d '{"subject":"fanout-viewer","roles":["viewer"]}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  perf_paced LiveShop "$SERVER"
  client LiveShop "$SERVER" 8080 "/ws/streams/$STREAM?access_token=$TOKEN" "/api/streams/$STREAM/pin" "Bearer $HOST" \
    "{\"productId\":$P1}|{\"productId\":$P2}"
  curl -s localhost:8080/q/metrics | grep -E '^liveshop_ws_(frames|closed|connections|fanout_socket)' || true
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
  perf_report LiveShop | tee -a "$OUT/results.txt" || true
  if [ "$PROFILE" = 1 ]; then
    WINDOW=$(grep 'RESULT LiveShop back-to-back' "$OUT/results.txt" | sed 's/.*window=\([0-9]*-[0-9]*\).*/\1/')
    python3 src/test/bench/jfr-top.py "$OUT/liveshop.jfr" "$WINDOW" | tee "$OUT/liveshop-profile.txt" || true
  fi
fi

if [ "$ONLY" != liveshop ]; then
  taskset -c 0 java "${JVM_FLAGS[@]}" -cp "$CP" io.liveshop.bench.BaselineServer 8090 > "$OUT/baseline.log" 2>&1 &
  SERVER=$!; PIDS+=("$SERVER")
  for _ in $(seq 1 60); do grep -q listening "$OUT/baseline.log" && break; sleep 0.5; done
  for _ in $(seq 1 60); do [ "$(curl -s -o /dev/null -w '%{http_code}' localhost:8090/ready)" = 404 ] && break; sleep 0.5; done
  perf_paced Baseline "$SERVER"
  client Baseline "$SERVER" 8090 "/ws" /broadcast "" "{}"
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
  perf_report Baseline | tee -a "$OUT/results.txt" || true
fi

python3 - "$OUT/results.txt" <<'PY'
import re, sys
rows = {}
for line in open(sys.argv[1]):
    if line.startswith("RESULT") and "join-failed" not in line:
        parts = line.split()
        kv = dict(p.split("=", 1) for p in parts[3:-1] if "=" in p)
        rows[(parts[1], parts[2])] = kv
print("\nphase            metric                  LiveShop    Baseline   ratio")
for phase in ("back-to-back", "paced-200ms"):
    l, b = rows.get(("LiveShop", phase)), rows.get(("Baseline", phase))
    if not l or not b:
        continue
    for m in ("cpu_us_per_delivery", "kernel_us_per_delivery", "rate", "p50", "p99"):
        lv = float(re.sub(r"[^0-9.]", "", l[m].split("/")[0])); bv = float(re.sub(r"[^0-9.]", "", b[m].split("/")[0]))
        print(f"{phase:16} {m:22} {l[m]:>10} {b[m]:>10}   {lv / bv if bv else 0:.2f}x")
PY
