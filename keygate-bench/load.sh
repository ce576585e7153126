#!/usr/bin/env bash
# End-to-end load harness: Keygate against nginx as the reference proxy, on loopback only.
#
#   keygate-bench/load.sh [--duration SECONDS] [--runs N] [--connections N] [--rate R|auto|off]
#
# Starts an upstream (nginx when installed, else Keygate's built-in one), nginx as a reverse
# proxy (one worker, proxy_pass with upstream keepalive), and Keygate; pins the load generator
# and the upstream to core 0 and the proxy under test to core 1; warms each JVM up (every scenario
# it serves, in cycles) until two cycles agree within 5% and its JIT compiler has gone quiet (twice:
# before and after idling past the upstream keep-alive); then
# measures every scenario (direct, nginx, a bare Vert.x proxy as the
# framework's floor, Keygate keyless, with API key + rate limit, and with an RS256 JWT) in one
# run and prints req/s, p50, p99 and the proxy's CPU time per request (from /proc), as the median
# of N runs, with ratios to nginx and the share of each JVM's CPU its JIT compiler used.
# With --rate R|auto it then offers nginx and each Keygate scenario the SAME fixed rate with an
# open-loop generator (io.keygate.bench.OpenLoop; auto: half of Keygate keyless's closed-loop
# req/s) and compares their latency percentiles at equal load. Off by default: the generator sends
# on a 1 ms timer from one JVM on the load core, which adds up to 1 ms to every figure and cannot
# keep up beyond a few thousand requests per second on a 2-core rig.
# Everything it starts listens on 127.0.0.1 and is stopped when it exits. Keygate runs with the heap
# bin/keygate gives `serve` (1 GiB, fixed), the bare Vert.x proxy with the same; KEYGATE_BENCH_HEAP
# overrides both (e.g. "-Xms256m -Xmx512m").
set -euo pipefail

duration=10
runs=3
connections=32
rate=off
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "load.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$root/bin/jdk.sh"
keygate_find_jdk

need() { command -v "$1" >/dev/null 2>&1; }
if ! need wrk; then
  if [ "$(id -u)" = 0 ] && need apt-get; then
    echo "load: installing wrk (and nginx-light) from Debian's packages..." >&2
    apt-get install -y -q wrk nginx-light >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q wrk nginx-light >/dev/null 2>&1; } || true
  fi
  need wrk || { echo "load: wrk is required (apt-get install wrk)" >&2; exit 1; }
fi
nginx_bin=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null || true)
if [ "$(nproc)" -lt 2 ]; then
  echo "load: needs at least 2 cores (load generator + upstream on core 0, proxy on core 1)" >&2
  exit 1
fi

# Build the jar if needed (bin/keygate builds it when missing or stale), and the benchmark jar
# that mints the JWT scenario's key and token.
"$root/bin/keygate" --version >/dev/null
jar="$root/keygate-app/target/keygate.jar"
bench_jar="$root/keygate-bench/target/benchmarks.jar"
if [ ! -f "$bench_jar" ] || [ -n "$(find "$root/keygate-bench/src" -newer "$bench_jar" -print -quit)" ]; then
  echo "load: building $bench_jar..." >&2
  (cd "$root" && ./mvnw -q -B -DskipTests -Dspotless.skip=true package -pl keygate-bench -am) >&2
fi

work=$(mktemp -d /tmp/keygate-load.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

free_port() {
  local port
  for port in $(seq "$1" $(( $1 + 200 ))); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "load: no free port near $1" >&2; exit 1
}
wait_http() { # url [header]
  for _ in $(seq 1 300); do
    if curl -fsk -o /dev/null ${2:+-H "$2"} "$1"; then return 0; fi
    sleep 0.1
  done
  echo "load: $1 did not answer" >&2; exit 1
}

upstream_port=$(free_port 19080)
nginx_port=$(free_port 19180)
gateway_port=$(free_port 19280)
admin_port=$(free_port 19380)

# --- upstream on core 0 ---
if [ -n "$nginx_bin" ]; then
  upstream_kind="nginx"
  mkdir -p "$work/upstream"
  cat > "$work/upstream/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/upstream/nginx.pid;
error_log $work/upstream/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$upstream_port;
    location / { default_type text/plain; return 200 "hello from upstream\n"; }
  }
}
CONF
  taskset -c 0 "$nginx_bin" -p "$work/upstream" -c "$work/upstream/nginx.conf" &
  pids+=($!)
else
  upstream_kind="keygate built-in"
  taskset -c 0 "$JAVA_HOME/bin/java" -XX:ActiveProcessorCount=1 -jar "$jar" \
    demo-upstream --listen "127.0.0.1:$upstream_port" >"$work/upstream.log" 2>&1 &
  pids+=($!)
fi
wait_http "http://127.0.0.1:$upstream_port/"

# --- nginx as the reference reverse proxy on core 1 ---
nginx_proxy_pid=""
if [ -n "$nginx_bin" ]; then
  mkdir -p "$work/proxy"
  cat > "$work/proxy/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/proxy/nginx.pid;
error_log $work/proxy/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  upstream backend { server 127.0.0.1:$upstream_port; keepalive 64; }
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$remote_addr;
    }
  }
}
CONF
  taskset -c 1 "$nginx_bin" -p "$work/proxy" -c "$work/proxy/nginx.conf" &
  nginx_proxy_pid=$!
  pids+=($nginx_proxy_pid)
  wait_http "http://127.0.0.1:$nginx_port/"
fi

# --- nginx doing the same work as Keygate's keyless path, on core 1 ---
# The reference above is a bare proxy_pass. This one also does what Keygate does for every request:
# a JSON access-log line (buffered, flushed every second, like Keygate's), a request id sent
# upstream and returned, and X-Forwarded-For/Proto/Host set from what it saw.
nginx_full_pid=""
if [ -n "$nginx_bin" ]; then
  nginx_full_port=$(free_port 19580)
  mkdir -p "$work/proxy-full"
  cat > "$work/proxy-full/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/proxy-full/nginx.pid;
error_log $work/proxy-full/error.log warn;
events { worker_connections 4096; }
http {
  log_format keygate escape=json '{"time":"\$time_iso8601","requestId":"\$request_id","api":"bench",'
    '"method":"\$request_method","path":"\$uri","status":\$status,'
    '"upstreamMs":"\$upstream_response_time","totalMs":\$request_time,'
    '"bytesIn":\$request_length,"bytesOut":\$bytes_sent}';
  access_log $work/proxy-full/access.log keygate buffer=64k flush=1s;
  keepalive_requests 1000000;
  upstream backend { server 127.0.0.1:$upstream_port; keepalive 64; }
  server {
    listen 127.0.0.1:$nginx_full_port;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$host;
      proxy_set_header X-Request-Id \$request_id;
      add_header X-Request-Id \$request_id always;
    }
  }
}
CONF
  taskset -c 1 "$nginx_bin" -p "$work/proxy-full" -c "$work/proxy-full/nginx.conf" &
  nginx_full_pid=$!
  pids+=($nginx_full_pid)
  wait_http "http://127.0.0.1:$nginx_full_port/"
fi

# --- the floor: a bare Vert.x proxy on core 1 (io.keygate.bench.BareProxy) ---
# What Vert.x itself costs per proxied request with the gateway's server and client settings, so
# the share Keygate adds (routing, auth, metrics, access log, credentials) is visible beside it.
bare_port=$(free_port 19480)
taskset -c 1 "$JAVA_HOME/bin/java" -XX:ActiveProcessorCount=1 ${KEYGATE_BENCH_HEAP:--Xms1g -Xmx1g} \
  $( [ "$(keygate_java_major "$JAVA_HOME")" -ge 24 ] && echo --sun-misc-unsafe-memory-access=allow ) \
  -cp "$bench_jar" io.keygate.bench.BareProxy "$bare_port" "$upstream_port" >"$work/bare.log" 2>&1 &
bare_pid=$!
pids+=($bare_pid)
wait_http "http://127.0.0.1:$bare_port/"

# --- Keygate on core 1 ---
data="$work/keygate-data"
mkdir -p "$data/apis" "$data/policies"
cat > "$data/apis/bench-open.yaml" <<YAML
name: bench-open
listen: { path: /open/, strip: true }
upstream: { url: http://127.0.0.1:$upstream_port }
auth: { keyless: true }
public: true
YAML
cat > "$data/apis/bench-key.yaml" <<YAML
name: bench-key
listen: { path: /key/, strip: true }
upstream: { url: http://127.0.0.1:$upstream_port }
auth: { apiKey: { header: X-API-Key } }
YAML
issuer="https://issuer.load.test/v2.0"
"$JAVA_HOME/bin/java" -cp "$bench_jar" io.keygate.bench.MintToken "$issuer" api://bench "$work"
token=$(cat "$work/token")
cat > "$data/apis/bench-jwt.yaml" <<YAML
name: bench-jwt
listen: { path: /jwt/, strip: true }
upstream: { url: http://127.0.0.1:$upstream_port }
auth:
  jwt:
    issuer: $issuer
    audience: api://bench
    algorithms: [RS256]
    identity: { preset: generic }
    keys: [ $(cat "$work/jwk.json") ]
policy: bench
YAML
cat > "$data/policies/bench.yaml" <<YAML
name: bench
access: [bench-key, bench-jwt]
rate: { requests: 100000000, per: 1s }
YAML
# Started through bin/keygate, so it runs with the JVM flags users get (on JDK 24+ Netty may use
# sun.misc.Unsafe only when it is allowed; without it every buffer access is bounds-checked).
KEYGATE_JAVA_OPTS="-XX:ActiveProcessorCount=1 ${KEYGATE_BENCH_HEAP:-}" taskset -c 1 "$root/bin/keygate" serve \
  --data "$data" --listen "127.0.0.1:$gateway_port" --admin-listen "127.0.0.1:$admin_port" \
  >"$work/keygate.log" 2>&1 &
keygate_pid=$!
pids+=($keygate_pid)
wait_http "http://127.0.0.1:$gateway_port/open/"
key=$("$JAVA_HOME/bin/java" -jar "$jar" key create --policy bench --alias bench --output json \
  --data "$data" --addr "https://127.0.0.1:$admin_port" | sed -n 's/.*"key" *: *"\([^"]*\)".*/\1/p')
[ -n "$key" ] || { echo "load: could not create an API key" >&2; cat "$work/keygate.log" >&2; exit 1; }
wait_http "http://127.0.0.1:$gateway_port/key/" "X-API-Key: $key"
wait_http "http://127.0.0.1:$gateway_port/jwt/" "Authorization: Bearer $token"

ticks=$(getconf CLK_TCK)
cpu_ticks() { # total utime+stime of a process and its threads
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}
tree_ticks() { # a process plus its children (nginx master + worker)
  local total=0 pid
  for pid in "$1" $(pgrep -P "$1" || true); do
    total=$(( total + $(cpu_ticks "$pid") ))
  done
  echo "$total"
}

jit_ticks() { # CPU ticks of a JVM's JIT compiler threads ("C1 CompilerThre", "C2 CompilerThre")
  local total=0 task
  for task in /proc/"$1"/task/*; do
    case "$(cat "$task/comm" 2>/dev/null)" in
      C1\ Compiler*|C2\ Compiler*) total=$(( total + $(awk '{ print $14 + $15 }' "$task/stat" 2>/dev/null || echo 0) )) ;;
    esac
  done
  echo "$total"
}

# One wrk run: prints "rps p50_us p99_us cpu_us_per_request jit_percent" (jit_percent: the share of
# the proxy's CPU spent by the JVM's JIT compiler threads during the run; "-" for nginx).
measure() { # url proxy_pid [header]
  local url=$1 pid=$2 header=${3:-} before after jit_before jit_after out requests rps p50 p99 cpu jit
  before=$( [ -n "$pid" ] && tree_ticks "$pid" || echo 0 )
  jit_before=$( [ -n "$pid" ] && jit_ticks "$pid" || echo 0 )
  out=$(taskset -c 0 wrk -t1 -c"$connections" -d"${duration}s" --latency ${header:+-H "$header"} "$url")
  after=$( [ -n "$pid" ] && tree_ticks "$pid" || echo 0 )
  jit_after=$( [ -n "$pid" ] && jit_ticks "$pid" || echo 0 )
  if echo "$out" | grep -q "Non-2xx"; then
    echo "load: non-2xx responses from $url:" >&2; echo "$out" >&2; exit 1
  fi
  requests=$(echo "$out" | awk '/requests in/ { print $1 }')
  rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  p50=$(echo "$out" | awk '$1 == "50%" { print $2 }')
  p99=$(echo "$out" | awk '$1 == "99%" { print $2 }')
  cpu=$(awk -v t=$(( after - before )) -v hz="$ticks" -v n="$requests" \
    'BEGIN { if (n > 0) printf "%.1f", t * 1e6 / hz / n; else print "nan" }')
  jit=$(awk -v j=$(( jit_after - jit_before )) -v t=$(( after - before )) -v p="$pid" \
    'BEGIN { if (p == "" || t <= 0) print "-"; else printf "%.1f", 100 * j / t }')
  echo "$rps $(to_us "$p50") $(to_us "$p99") $cpu $jit"
}
to_us() { # wrk latency such as 512.00us, 1.23ms, 2.00s -> microseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) printf "%.0f", n; else if (v ~ /ms$/) printf "%.0f", n * 1000;
    else if (v ~ /s$/) printf "%.0f", n * 1000000; else print "nan" }'
}
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# Warm-up, per JVM: cycles through every scenario that JVM serves (one wrk run each, so each cycle
# also closes and opens the connections, as the measured rounds will) until two cycles agree within
# 5% AND its JIT compiler threads used under 2% of its CPU in the last cycle. A JVM whose compiler is
# still busy is not warm: C2 recompiling the event loop's methods after a deoptimization (a branch
# or type first seen when connections close or open) competes with the event loop for the one
# core, and shows as multi-millisecond p99s that are neither the proxy's steady state nor its GC.
warm_up() { # label pid target... (target: url, or "url|header")
  local label=$1 pid=$2 prev=0 cycle target url header line total jit_before jit_after before after rps share
  shift 2
  echo "load: warming up $label (until two cycles agree within 5% and its JIT is quiet)..." >&2
  for cycle in $(seq 1 12); do
    total=0
    before=$(tree_ticks "$pid"); jit_before=$(jit_ticks "$pid")
    for target in "$@"; do
      url=${target%%|*}; header=""
      [ "$target" != "$url" ] && header=${target#*|}
      line=$(measure "$url" "$pid" "$header")
      total=$(awk -v a="$total" -v b="${line%% *}" 'BEGIN { printf "%.0f", a + b }')
    done
    after=$(tree_ticks "$pid"); jit_after=$(jit_ticks "$pid")
    share=$(awk -v j=$(( jit_after - jit_before )) -v t=$(( after - before )) 'BEGIN { printf "%.1f", (t > 0 ? 100 * j / t : 0) }')
    echo "load:   $label warm-up cycle $cycle: $total req/s over $# scenario(s), JIT $share% of its CPU" >&2
    if awk -v a="$prev" -v b="$total" -v s="$share" \
        'BEGIN { exit !(a > 0 && (a - b < 0 ? b - a : a - b) / a <= 0.05 && s < 2) }'; then
      return
    fi
    prev=$total
  done
  echo "load:   $label: not settled after 12 cycles; measuring anyway (see the JIT column)" >&2
}
keygate_targets=("http://127.0.0.1:$gateway_port/open/"
  "http://127.0.0.1:$gateway_port/key/|X-API-Key: $key"
  "http://127.0.0.1:$gateway_port/jwt/|Authorization: Bearer $token")
warm_up Keygate "$keygate_pid" "${keygate_targets[@]}"
warm_up "the bare Vert.x proxy" "$bare_pid" "http://127.0.0.1:$bare_port/"
# In the rounds each JVM sits idle while the others are measured, long enough for its upstream
# pool's keep-alive (60 s) to close the pooled connections; the first request after that takes
# paths (a pooled connection gone, a new one opened) that the back-to-back warm-up never did, and
# C2 recompiles for them once. Idle past the keep-alive once here, then warm up again.
echo "load: idling 65 s (past the upstream keep-alive), then warming up again..." >&2
sleep 65
warm_up Keygate "$keygate_pid" "${keygate_targets[@]}"
warm_up "the bare Vert.x proxy" "$bare_pid" "http://127.0.0.1:$bare_port/"

declare -A result
# The scenarios run in rounds (each scenario once per round, in order), not one scenario's runs
# back to back: on a shared host the machine's speed drifts over minutes, and interleaving makes
# every scenario see the same slow and fast periods, so the ratios to nginx stay honest.
declare -A samples
scenario() { # name url pid [header]
  local name=$1 line
  line=$(measure "$2" "$3" "${4:-}")
  echo "load:   $name round $round: $line" >&2
  samples[$name]+="$line"$'\n'
}
summarize() { # name
  local name=$1 col values=()
  for col in 1 2 3 4 5; do
    values+=("$(printf '%s' "${samples[$name]}" | awk -v c="$col" 'NF { print $c }' | median)")
  done
  result[$name]="${values[*]}"
}

echo "load: measuring ($runs rounds of ${duration}s runs, $connections connections, median reported)..." >&2
for round in $(seq 1 "$runs"); do
  scenario direct "http://127.0.0.1:$upstream_port/" ""
  if [ -n "$nginx_proxy_pid" ]; then
    scenario nginx "http://127.0.0.1:$nginx_port/" "$nginx_proxy_pid"
  fi
  if [ -n "$nginx_full_pid" ]; then
    scenario nginx-logging "http://127.0.0.1:$nginx_full_port/" "$nginx_full_pid"
  fi
  scenario vertx-bare "http://127.0.0.1:$bare_port/" "$bare_pid"
  scenario keygate-keyless "http://127.0.0.1:$gateway_port/open/" "$keygate_pid"
  scenario keygate-apikey "http://127.0.0.1:$gateway_port/key/" "$keygate_pid" "X-API-Key: $key"
  scenario keygate-jwt "http://127.0.0.1:$gateway_port/jwt/" "$keygate_pid" "Authorization: Bearer $token"
done
for name in "${!samples[@]}"; do
  summarize "$name"
done

echo
echo "Keygate load harness — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, upstream: $upstream_kind"
echo "JDK: $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1); wrk -t1 -c$connections -d${duration}s; median of $runs interleaved rounds"
printf '%-18s %10s %9s %9s %14s %12s %12s %8s\n' scenario "req/s" "p50 µs" "p99 µs" "CPU µs/req" "CPU/nginx" "p99/nginx" "JIT %"
ref_cpu=$(echo "${result[nginx]:-}" | awk '{ print $4 }')
ref_p99=$(echo "${result[nginx]:-}" | awk '{ print $3 }')
for name in direct nginx nginx-logging vertx-bare keygate-keyless keygate-apikey keygate-jwt; do
  [ -n "${result[$name]:-}" ] || continue
  read -r rps p50 p99 cpu jit <<<"${result[$name]}"
  ratio_cpu=$(awk -v a="$cpu" -v b="${ref_cpu:-0}" 'BEGIN { if (b > 0 && a == a + 0) printf "%.2f", a / b; else print "-" }')
  ratio_p99=$(awk -v a="$p99" -v b="${ref_p99:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
  [ "$name" = direct ] && { cpu="-"; ratio_cpu="-"; }
  printf '%-18s %10s %9s %9s %14s %12s %12s %8s\n' "$name" "$rps" "$p50" "$p99" "$cpu" "$ratio_cpu" "$ratio_p99" "$jit"
done

full=$(echo "${result[nginx-logging]:-}" | awk '{ print $3, $4 }')
keyless=$(echo "${result[keygate-keyless]:-}" | awk '{ print $3, $4 }')
if [ -n "$full" ] && [ -n "$keyless" ]; then
  awk -v f="$full" -v k="$keyless" 'BEGIN { split(f, a, " "); split(k, b, " ")
    printf "keygate-keyless against nginx doing the same work (access log, request id, forwarded headers): CPU %.2fx, p99 %.2fx\n", b[2] / a[2], b[1] / a[1] }'
fi
bare_cpu=$(echo "${result[vertx-bare]:-}" | awk '{ print $4 }')
for name in keygate-keyless keygate-apikey keygate-jwt; do
  cpu=$(echo "${result[$name]:-}" | awk '{ print $4 }')
  [ -n "$cpu" ] && [ -n "$bare_cpu" ] && awk -v n="$name" -v a="$cpu" -v b="$bare_cpu" \
    'BEGIN { if (b > 0) printf "%s adds %.1f µs of CPU per request to the bare Vert.x proxy (%.2fx)\n", n, a - b, a / b }'
done

[ "$rate" = off ] && exit 0

# --- latency at a fixed offered rate (open loop) ---
# wrk above is closed-loop: each connection sends its next request when the last one returns, so
# a proxy that needs more CPU per request is offered less load and its p99 restates its lower
# throughput. Here every proxy gets the same requests per second, and latency counts from when a
# request was due, so a pause shows up in full (no coordinated omission).
if [ "$rate" = auto ]; then
  rate=$(echo "${result[keygate-keyless]}" | awk '{ r = int($1 / 2 / 1000) * 1000; print (r < 1000 ? 1000 : r) }')
fi
declare -A open
open_scenario() { # name url [header]
  local name=$1 i line p50=() p99=() p999=()
  for i in $(seq 1 "$runs"); do
    line=$(taskset -c 0 "$JAVA_HOME/bin/java" -XX:ActiveProcessorCount=1 -Dslf4j.internal.verbosity=ERROR -cp "$bench_jar" \
      io.keygate.bench.OpenLoop "$2" "$rate" "$duration" "$connections" ${3:+"$3"})
    echo "load:   $name at $rate req/s, run $i: $line" >&2
    read -r _ a b c _ non2xx errors <<<"$line"
    if [ "$non2xx" != 0 ] || [ "$errors" != 0 ]; then
      echo "load: $name: $non2xx non-2xx responses, $errors errors at $rate req/s" >&2; exit 1
    fi
    p50+=("$a"); p99+=("$b"); p999+=("$c")
  done
  open[$name]="$(printf '%s\n' "${p50[@]}" | median) $(printf '%s\n' "${p99[@]}" | median) $(printf '%s\n' "${p999[@]}" | median)"
}
echo "load: open loop at $rate req/s ($runs runs of ${duration}s each, median reported)..." >&2
[ -n "$nginx_proxy_pid" ] && open_scenario nginx "http://127.0.0.1:$nginx_port/"
open_scenario keygate-keyless "http://127.0.0.1:$gateway_port/open/"
open_scenario keygate-apikey "http://127.0.0.1:$gateway_port/key/" "X-API-Key: $key"
open_scenario keygate-jwt "http://127.0.0.1:$gateway_port/jwt/" "Authorization: Bearer $token"
echo
echo "Latency at a fixed offered rate: $rate req/s, open loop, $connections connections, median of $runs"
printf '%-18s %9s %9s %10s %12s\n' scenario "p50 µs" "p99 µs" "p99.9 µs" "p99/nginx"
ref_p99=$(echo "${open[nginx]:-}" | awk '{ print $2 }')
for name in nginx keygate-keyless keygate-apikey keygate-jwt; do
  [ -n "${open[$name]:-}" ] || continue
  read -r p50 p99 p999 <<<"${open[$name]}"
  ratio=$(awk -v a="$p99" -v b="${ref_p99:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
  printf '%-18s %9s %9s %10s %12s\n' "$name" "$p50" "$p99" "$p999" "$ratio"
done
