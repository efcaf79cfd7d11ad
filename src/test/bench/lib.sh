# Shared by the benchmark scripts: run from the repository root, stop every process in PIDS on exit, and build the
# packaged app and the test classpath when BUILD=1.
cd "$(dirname "$0")/../../.."
OUT=target/bench
mkdir -p "$OUT"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT
if [ "${BUILD:-0}" = 1 ]; then
  ./mvnw -B -q package -DskipTests
  ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
fi
CP="target/test-classes:$(cat target/bench.cp)"
