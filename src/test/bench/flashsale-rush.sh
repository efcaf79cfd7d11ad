#!/usr/bin/env bash
# The flash-sale rush benchmark in one command (docs/BENCHMARKS-flashsale.md). Run it under the shared lock:
#   flock -o /tmp/liveshop-mvn.lock src/test/bench/flashsale-rush.sh
# Builds the app (SKIP_BUILD=1 to reuse target/), starts the packaged server with its embedded PostgreSQL pinned to
# core 0, runs pgbench's single-row conditional UPDATE against that PostgreSQL (8 clients, 15 s, pinned to core 1),
# then io.liveshop.bench.FlashSaleRush (pinned to core 1): warm-up, HTTP closed loop, HTTP open loop, WebSocket rush.
# JFR=1 also writes a profile of each rush to target/bench/*.jfr. Everything it started is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../../.."
PORT=${PORT:-8097}
OUT=$(pwd)/target/bench
PG_BIN=/usr/lib/postgresql/15/bin
SERVER_PID=""
PG_PID=""
PGDATA_DIR=$OUT/pgdata

cleanup() {
  set +e
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"
    for _ in $(seq 1 30); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$SERVER_PID" 2>/dev/null
  fi
  # the server's shutdown hook stops its PostgreSQL; make sure
  if [ -n "$PG_PID" ] && kill -0 "$PG_PID" 2>/dev/null; then
    kill "$PG_PID"
    for _ in $(seq 1 20); do kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$PG_PID" 2>/dev/null
  fi
}
trap cleanup EXIT

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q package -DskipTests
  ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >/dev/null
fi
rm -rf "$OUT" && mkdir -p "$OUT"

JFR_OPTS=()
[ "${JFR:-0}" = 1 ] && JFR_OPTS=(-XX:FlightRecorderOptions:stackdepth=256)
taskset -c 0 java "${JFR_OPTS[@]}" -Dquarkus.profile=loadtest -Dquarkus.http.port=$PORT -Dquarkus.log.level=WARN \
  -Dliveshop.embedded-db.data-dir="$PGDATA_DIR" -jar target/quarkus-app/quarkus-run.jar > "$OUT/server.log" 2>&1 &
SERVER_PID=$!
until curl -sf "http://127.0.0.1:$PORT/q/health/live" >/dev/null; do
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "server died"; cat "$OUT/server.log"; exit 1; }
  sleep 0.5
done
PG_PID=$(head -1 "$PGDATA_DIR/postmaster.pid")
PG_PORT=$(sed -n 4p "$PGDATA_DIR/postmaster.pid")
# the postmaster and its backends run beside the server on core 0 (forked children inherit it)
for p in $PG_PID $(pgrep -P "$PG_PID"); do taskset -pc 0 "$p" >/dev/null; done
export PGPASSWORD=postgres
PSQL=("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qAt)
echo "server pid $SERVER_PID on core 0; embedded PostgreSQL pid $PG_PID port $PG_PORT on core 0;" \
  "fsync=$("${PSQL[@]}" -c 'show fsync') synchronous_commit=$("${PSQL[@]}" -c 'show synchronous_commit') (pgbench forces synchronous_commit=on for its own sessions)"

"${PSQL[@]}" -c "create database bench"
"${PSQL[@]}" -d bench -c "create table stock (id int primary key, qty int not null)" \
  -c "insert into stock values (1, 2000000000)"
echo "UPDATE stock SET qty = qty - 1 WHERE id = 1 AND qty > 0;" > "$OUT/naive-update.sql"
PGOPTIONS="-c synchronous_commit=on" taskset -c 1 "$PG_BIN/pgbench" -h 127.0.0.1 -p "$PG_PORT" -U postgres -n -c 8 -j 1 -T 15 -f "$OUT/naive-update.sql" bench \
  > "$OUT/pgbench.txt" 2>&1
TPS=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$OUT/pgbench.txt")
echo "pgbench baseline: UPDATE stock SET qty = qty - 1 WHERE id = 1 AND qty > 0, 8 clients, 15 s: $TPS tps" \
  "($(grep 'latency average' "$OUT/pgbench.txt"))"

JFR_PROP=()
[ "${JFR:-0}" = 1 ] && JFR_PROP=(-DjfrDir="$OUT")
taskset -c 1 java -cp "target/test-classes:$(cat target/bench.cp)" -Dport=$PORT -DserverPid=$SERVER_PID \
  -DpostgresPid=$PG_PID -DpgbenchTps="$TPS" "${JFR_PROP[@]}" io.liveshop.bench.FlashSaleRush
