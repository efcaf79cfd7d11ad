#!/usr/bin/env bash
# Three LiveShop nodes in one cluster on this machine's loopback, against one PostgreSQL you provide.
# docker/compose.cluster.yaml runs the same three nodes (plus PostgreSQL and HAProxy) in containers.
#
#   ./mvnw package -DskipTests
#   LIVESHOP_DB_URL=jdbc:postgresql://127.0.0.1:5432/liveshop LIVESHOP_DB_USER=liveshop LIVESHOP_DB_PASSWORD=… \
#     scripts/cluster-3.sh
#
# Nodes: http://127.0.0.1:8081, :8082, :8083 (loadtest profile: development token issuer, seed endpoint), cluster
# transport on 127.0.0.1:7800, :7802, :7804 (each also uses the port above it for failure detection). The shared
# JWT key pair and cluster secret are generated into a temporary directory. Ctrl-C (or any exit) stops all three.
# Environment: BASE_HTTP_PORT (8081), BASE_CLUSTER_PORT (7800), CLUSTER_NAME (liveshop-<random>), JAVA_OPTS,
# NODE_CPUS (a taskset CPU list for the nodes, e.g. 0).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${LIVESHOP_DB_URL:?set LIVESHOP_DB_URL (and LIVESHOP_DB_USER / LIVESHOP_DB_PASSWORD) to one PostgreSQL for all nodes}"
JAR=target/quarkus-app/quarkus-run.jar
[ -f "$JAR" ] || { echo "build first: ./mvnw package -DskipTests" >&2; exit 1; }
HTTP=${BASE_HTTP_PORT:-8081}
CLUSTER=${BASE_CLUSTER_PORT:-7800}
NAME=${CLUSTER_NAME:-liveshop-$RANDOM$RANDOM}
WORK=$(mktemp -d /tmp/liveshop-cluster.XXXXXX)
PIDS=()
stop() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap stop EXIT INT TERM

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/jwt-private.pem" 2>/dev/null
openssl pkey -in "$WORK/jwt-private.pem" -pubout -out "$WORK/jwt-public.pem"
SECRET=$(openssl rand -hex 24)
MEMBERS="127.0.0.1:$CLUSTER,127.0.0.1:$((CLUSTER + 2)),127.0.0.1:$((CLUSTER + 4))"
PIN=()
[ -n "${NODE_CPUS:-}" ] && PIN=(taskset -c "$NODE_CPUS")

for i in 0 1 2; do
  env QUARKUS_PROFILE=loadtest PORT=$((HTTP + i)) LIVESHOP_EMBEDDED_DB_ENABLED=false \
      LIVESHOP_CLUSTER_ENABLED=true LIVESHOP_CLUSTER_BIND="127.0.0.1:$((CLUSTER + 2 * i))" \
      LIVESHOP_CLUSTER_MEMBERS="$MEMBERS" LIVESHOP_CLUSTER_NAME="$NAME" LIVESHOP_CLUSTER_SECRET="$SECRET" \
      LIVESHOP_JWT_SIGNING_KEY_LOCATION="file:$WORK/jwt-private.pem" \
      LIVESHOP_JWT_PUBLIC_KEY_LOCATION="file:$WORK/jwt-public.pem" \
      "${PIN[@]}" java ${JAVA_OPTS:--Xmx512m} -jar "$JAR" > "$WORK/node-$i.log" 2>&1 &
  PIDS+=($!)
  # the first node creates the schema; the others start once it serves
  if [ "$i" = 0 ]; then
    until curl -sf "http://127.0.0.1:$HTTP/q/health/ready" > /dev/null; do
      kill -0 "${PIDS[0]}" 2>/dev/null || { cat "$WORK/node-0.log"; exit 1; }; sleep 0.5
    done
  fi
done
for i in 1 2; do
  until curl -sf "http://127.0.0.1:$((HTTP + i))/q/health/ready" > /dev/null; do
    kill -0 "${PIDS[$i]}" 2>/dev/null || { cat "$WORK/node-$i.log"; exit 1; }; sleep 0.5
  done
done
echo "cluster $NAME up: http://127.0.0.1:$HTTP :$((HTTP + 1)) :$((HTTP + 2)); logs in $WORK; node pids ${PIDS[*]}"
if [ $# -gt 0 ]; then
  # run a command against the cluster (a benchmark), then stop everything
  NODES="http://127.0.0.1:$HTTP,http://127.0.0.1:$((HTTP + 1)),http://127.0.0.1:$((HTTP + 2))" NODE_PIDS="${PIDS[*]}" "$@"
else
  wait
fi
