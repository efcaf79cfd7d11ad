#!/usr/bin/env bash
# Cluster benchmark (docs/BENCHMARKS.md, "Cluster"): a throwaway PostgreSQL (Debian's binaries, run as the postgres
# user in a temporary directory), three nodes started by scripts/cluster-3.sh, all pinned to core 0, and the
# io.liveshop.bench.ClusterBench client pinned to core 1. Everything it started is stopped when it exits.
#   ./mvnw package -DskipTests && ./mvnw test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp \
#     -Dmdep.includeScope=test
#   scripts/cluster-bench.sh            (system properties of ClusterBench via BENCH_OPTS, e.g. "-Dviewers=500")
# Then, in the same run, the same client against ONE node with clustering off and all viewers on it
# (SINGLE=0 skips it), for what clustering costs.
set -euo pipefail
cd "$(dirname "$0")/.."
PGBIN=/usr/lib/postgresql/15/bin
PGDIR=$(mktemp -d /tmp/liveshop-bench-pg.XXXXXX)
PGPORT=${PGPORT:-55432}
chown postgres "$PGDIR"
SINGLE_PID=
cleanup() {
  if [ -n "$SINGLE_PID" ]; then kill "$SINGLE_PID" 2>/dev/null || true; wait "$SINGLE_PID" 2>/dev/null || true; fi
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop > /dev/null 2>&1 || true
  rm -rf "$PGDIR"
}
trap cleanup EXIT INT TERM
runuser -u postgres -- "$PGBIN/initdb" -D "$PGDIR/data" -A trust -U postgres > /dev/null
runuser -u postgres -- taskset -c 0 "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/pg.log" \
  -o "-p $PGPORT -k $PGDIR -c max_connections=300 -c listen_addresses=127.0.0.1" -w start > /dev/null
export LIVESHOP_DB_URL="jdbc:postgresql://127.0.0.1:$PGPORT/postgres" LIVESHOP_DB_USER=postgres LIVESHOP_DB_PASSWORD=postgres
export NODE_CPUS=${NODE_CPUS:-0} JAVA_OPTS=${JAVA_OPTS:--Xmx512m -Dquarkus.log.level=WARN}
BENCH=(taskset -c 1 java ${BENCH_OPTS:-} -cp "target/test-classes:$(cat target/bench.cp)" io.liveshop.bench.ClusterBench)
echo "=== three nodes, clustered ==="
scripts/cluster-3.sh "${BENCH[@]}"
if [ "${SINGLE:-1}" != 0 ]; then
  echo "=== one node, clustering off, all viewers on it ==="
  PORT=${BASE_HTTP_PORT:-8081} QUARKUS_PROFILE=loadtest LIVESHOP_EMBEDDED_DB_ENABLED=false \
    taskset -c "$NODE_CPUS" java $JAVA_OPTS -jar target/quarkus-app/quarkus-run.jar > "$PGDIR/single.log" 2>&1 &
  SINGLE_PID=$!
  until curl -sf "http://127.0.0.1:${BASE_HTTP_PORT:-8081}/q/health/ready" > /dev/null; do
    kill -0 $SINGLE_PID || { cat "$PGDIR/single.log"; exit 1; }; sleep 0.5
  done
  NODES="http://127.0.0.1:${BASE_HTTP_PORT:-8081}" NODE_PIDS="$SINGLE_PID" \
    taskset -c 1 java -Dviewers=900 ${BENCH_OPTS:-} -cp "target/test-classes:$(cat target/bench.cp)" io.liveshop.bench.ClusterBench
fi
