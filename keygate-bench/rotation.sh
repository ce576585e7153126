#!/usr/bin/env bash
# Rotation benchmark (issue #5): steady load through the gateway while the embedded vault rotates
# the upstream credential (webhook generator) every 500 ms for 30 s, with and without an overlap.
#
#   keygate-bench/rotation.sh [--seconds 30] [--interval 500] [--clients 4] [--mode both|overlap|no-overlap]
#
# Loopback only; everything runs in one JVM that exits when done (status 1 if any request failed).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$root/bin/jdk.sh"
keygate_find_jdk
bench_jar="$root/keygate-bench/target/benchmarks.jar"
if [ ! -f "$bench_jar" ] || [ -n "$(find "$root/keygate-bench/src" -newer "$bench_jar" -print -quit)" ]; then
  echo "rotation: building $bench_jar..." >&2
  (cd "$root" && ./mvnw -q -B -DskipTests -Dspotless.skip=true package -pl keygate-bench -am) >&2
fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2
flags=(--enable-native-access=ALL-UNNAMED)
if [ "$(keygate_java_major "$JAVA_HOME")" -ge 24 ]; then
  flags+=(--sun-misc-unsafe-memory-access=allow)
fi
status=0
"$JAVA_HOME/bin/java" "${flags[@]}" -cp "$bench_jar" io.keygate.bench.rotation.RotationLoad "$@" \
  2> >(grep -v '^WARNING\|^SLF4J' >&2) || status=$?
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exit $status
