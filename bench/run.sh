#!/usr/bin/env bash
# The benchmark, in one command: Herald as a user runs it (mvn jetty:run) and the Node.js peer, on this machine,
# each workload run against one and then the other. Results: target/bench/results.txt (RESULT lines).
#   bash bench/run.sh [a] [b] [c] [d]      (default: all four)
# Needs: Java 17, Maven, Node.js. Servers bind to 127.0.0.1 only and are stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/bench
mkdir -p "$out"
ulimit -n "$(ulimit -Hn)" || true
HERALD_PORT=${HERALD_PORT:-18180}
PEER_PORT=${PEER_PORT:-18190}
workloads=${*:-a b c d}

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

listener_pid() { ss -ltnpH "sport = :$1" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }
wait_up() {
    for _ in $(seq 1 120); do curl -fs -o /dev/null "http://127.0.0.1:$1/health" && return 0; sleep 1; done
    echo "nothing answers on port $1" >&2; return 1
}

mvn -q jetty:run -Djetty.http.port="$HERALD_PORT" > "$out/herald.log" 2>&1 &
pids+=($!)
PORT=$PEER_PORT TOKEN=dev node bench/peer-node/server.js > "$out/peer.log" 2>&1 &
pids+=($!)
wait_up "$HERALD_PORT"
wait_up "$PEER_PORT"
herald_pid=$(listener_pid "$HERALD_PORT")
peer_pid=$(listener_pid "$PEER_PORT")

run() { # run NAME SERVER PORT PID ARGS...
    local name=$1 server=$2 port=$3 pid=$4
    shift 4
    echo "== workload $name on $server"
    java -Xss256k -Xmx2g bench/Load.java base="http://127.0.0.1:$port/" pid="$pid" token=dev "$@" \
        | tee -a "$out/$name-$server.txt" | sed "s/^RESULT /RESULT workload=$name server=$server /" >> "$out/results.txt"
    sleep 5 # let the server drop the clients just closed before the next run
}

# Warm-up, not reported: the JVM compiles its hot code in the first seconds of load, and a server that has
# run for a while is what users meet. Both servers get the same.
for port in "$HERALD_PORT" "$PEER_PORT"; do
    java -Xss256k bench/Load.java base="http://127.0.0.1:$port/" token=dev mode=publish clients=2000 events=50 \
        rate=25 topic=warmup > /dev/null
    sleep 5
done

: > "$out/results.txt"
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(uname -r), $(java -version 2>&1 | head -1), node $(node --version)" >> "$out/results.txt"
for w in $workloads; do
    for server in herald peer; do
        if [ "$server" = herald ]; then port=$HERALD_PORT pid=$herald_pid; else port=$PEER_PORT pid=$peer_pid; fi
        case $w in
        a) run a "$server" "$port" "$pid" mode=hold clients=10000 seconds=30 ;;
        b) run b "$server" "$port" "$pid" mode=publish clients=2000 events=20 rate=10 topic=bench ;;
        c) run c "$server" "$port" "$pid" mode=ramp clients=1000 topic=bench ;;
        d) run d "$server" "$port" "$pid" mode=publish clients=2000 stalled=10 events=20 rate=10 topic=bench ;;
        esac
    done
done
grep '^RESULT\|^#' "$out/results.txt"
