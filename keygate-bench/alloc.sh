#!/usr/bin/env bash
# Bytes allocated per proxied request on the proxy's event loop: Keygate (keyless API) and the
# bare Vert.x proxy (io.keygate.bench.BareProxy), each measured over one wrk run after a warm-up,
# from JFR's per-thread allocation statistics. Allocation does not drift with the host's speed, so
# it shows what a change to the hot path does where CPU figures are too noisy to.
#
#   keygate-bench/alloc.sh [--duration SECONDS]
#
# Needs nginx (the upstream) and wrk; everything listens on 127.0.0.1 and is stopped on exit.
set -euo pipefail
duration=10
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "alloc.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$root/bin/jdk.sh"
keygate_find_jdk
command -v wrk >/dev/null && command -v nginx >/dev/null \
  || { echo "alloc.sh: needs wrk and nginx (apt-get install wrk nginx-light)" >&2; exit 1; }
"$root/bin/keygate" --version >/dev/null
bench_jar="$root/keygate-bench/target/benchmarks.jar"
if [ ! -f "$bench_jar" ] || [ -n "$(find "$root/keygate-bench/src" -newer "$bench_jar" -print -quit)" ]; then
  (cd "$root" && ./mvnw -q -B -DskipTests -Dspotless.skip=true package -pl keygate-bench -am) >&2
fi
work=$(mktemp -d /tmp/keygate-alloc.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
up=$(port); gw=$(port); admin=$(port); bare=$(port)
mkdir -p "$work/up" "$work/data/apis" "$work/data/policies"
cat > "$work/up/nginx.conf" <<CONF
worker_processes 1; daemon off; pid $work/up/nginx.pid; error_log $work/up/error.log warn;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000;
  server { listen 127.0.0.1:$up; location / { default_type text/plain; return 200 "hello from upstream\\n"; } } }
CONF
nginx -p "$work/up" -c "$work/up/nginx.conf" & pids+=($!)
printf 'name: bench-open\nlisten: { path: /open/, strip: true }\nupstream: { url: http://127.0.0.1:%s }\nauth: { keyless: true }\npublic: true\n' "$up" \
  > "$work/data/apis/open.yaml"
cat > "$work/alloc.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.ThreadAllocationStatistics"><setting name="enabled">true</setting><setting name="period">everyChunk</setting></event>
</configuration>
JFC
heap="-XX:ActiveProcessorCount=1 -Xms256m -Xmx512m"
KEYGATE_JAVA_OPTS="$heap" "$root/bin/keygate" serve --data "$work/data" --listen "127.0.0.1:$gw" \
  --admin-listen "127.0.0.1:$admin" > "$work/keygate.log" 2>&1 & pids+=($!); keygate_pid=$!
"$JAVA_HOME/bin/java" $heap --sun-misc-unsafe-memory-access=allow -cp "$bench_jar" io.keygate.bench.BareProxy \
  "$bare" "$up" > "$work/bare.log" 2>&1 & pids+=($!); bare_pid=$!

measure() { # name url pid
  local name=$1 url=$2 pid=$3 jvm out n
  for _ in $(seq 1 300); do curl -fs -o /dev/null "$url" && break; sleep 0.2; done
  jvm=$(pgrep -P "$pid" java || echo "$pid")
  wrk -t1 -c32 -d"${duration}s" "$url" > /dev/null
  "$JAVA_HOME/bin/jcmd" "$jvm" JFR.start name=alloc settings="$work/alloc.jfc" filename="$work/$name.jfr" > /dev/null
  out=$(wrk -t1 -c32 -d"${duration}s" "$url")
  "$JAVA_HOME/bin/jcmd" "$jvm" JFR.stop name=alloc > /dev/null
  n=$(echo "$out" | awk '/requests in/ { print $1 }')
  "$JAVA_HOME/bin/jfr" print --events jdk.ThreadAllocationStatistics "$work/$name.jfr" \
    | grep -E 'allocated|thread =' | paste - - | grep eventloop \
    | awk -v n="$n" -v name="$name" '
        { v = $3; u = $4; m = (u == "kB") ? 1e3 : (u == "MB") ? 1e6 : (u == "GB") ? 1e9 : 1
          t = $0; sub(/.*thread = "/, "", t); sub(/".*/, "", t)
          b = v * m; if (!(t in lo) || b < lo[t]) lo[t] = b; if (b > hi[t]) hi[t] = b }
        END { for (t in lo) total += hi[t] - lo[t]
              printf "%-10s %9d requests  %7.0f bytes allocated per request on the event loop\n", name, n, total / n }'
}
measure keygate "http://127.0.0.1:$gw/open/" "$keygate_pid"
measure bare "http://127.0.0.1:$bare/" "$bare_pid"
