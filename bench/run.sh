#!/usr/bin/env bash
# The benchmark, in one command: Herald as a user runs it (mvn jetty:run, its default transport: the Jakarta REST
# shape), the same with the servlet writer (herald.stream.transport=servlet), Herald deployed in Tomcat, and the
# Node.js peer, on this machine, each workload run against one after the other. Results: target/bench/results.txt.
#   bash bench/run.sh [a] [b] [b1] [c] [d]  (default: all five)
#   SERVERS="jetty peer" bash bench/run.sh  (default: jetty jetty-servlet tomcat redis2 peer)
#   WARMUP=workloads bash bench/run.sh      (every workload run once on every server before any is measured)
# redis2 is two Herald instances (two Tomcats) sharing one stream through redis-server: clients alternate
# between them, events are published to the first.
# floor-jetty and floor-jersey are not Herald: the peer's contract on Jetty's own EventSourceServlet and in the Jakarta
# REST shape with nothing else (bench/floor), on Herald's Jetty configuration; what the platform costs by itself.
#   SERVERS="floor-jetty floor-jersey jetty jetty-servlet peer" bash bench/run.sh a
# Needs: Java 17, Maven, Node.js, unzip, redis-server. Servers bind to 127.0.0.1 only and are stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/bench
mkdir -p "$out"
ulimit -n "$(ulimit -Hn)" || true
JETTY_PORT=${JETTY_PORT:-18180}
JETTY_SERVLET_PORT=${JETTY_SERVLET_PORT:-18185}
TOMCAT_PORT=${TOMCAT_PORT:-18200}
PEER_PORT=${PEER_PORT:-18190}
FLOOR_PORT=${FLOOR_PORT:-18400}
REDIS_PORT=${REDIS_PORT:-18300}
SERVERS=${SERVERS:-jetty jetty-servlet tomcat redis2 peer}
workloads=${*:-a b b1 c d}

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for work in tomcat redis-a redis-b; do
        [ -d "$out/$work" ] && bash src/test/containers/tomcat.sh stop "$out/$work" || true
    done
    [ -d "$out/redis" ] && bash src/test/containers/redis.sh stop "$out/redis" || true
}
trap cleanup EXIT

listener_pid() { ss -ltnpH "sport = :$1" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }
wait_up() {
    for _ in $(seq 1 120); do curl -fs -o /dev/null "${1}health" && return 0; sleep 1; done
    echo "nothing answers at $1" >&2; return 1
}
declare -A base pid extra
pom_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml; }
# The floors run on the Jetty and Jersey of Herald's own pom, whatever bench/floor/pom.xml says.
floor_run() { # floor_run PORT LOG
    mvn -q -f bench/floor/pom.xml jetty:run -Djetty.http.port="$1" -Djetty.version="$(pom_property jetty.plugin.version)" \
        -Djersey.version="$(pom_property jersey.version)" > "$2" 2>&1 &
    pids+=($!)
}
tomcat_dist() {
    [ -f target/herald.war ] || mvn -q -DskipTests package > "$out/package.log" 2>&1
    [ -f "$out/dist/tomcat.zip" ] && return 0
    tomcat_version=$(pom_property tomcat.version)
    mvn -q dependency:copy -Dartifact="org.apache.tomcat:tomcat:$tomcat_version:zip" \
        -DoutputDirectory="$out/dist" -Dmdep.stripVersion=true > "$out/dist.log" 2>&1
}
# Herald's WAR in Tomcat as the README's Tomcat section deploys it for 10,000 clients.
export TOMCAT_CONNECTOR='maxConnections=\"20000\" acceptCount=\"4096\" socket.txBufSize=\"32768\"'
tomcat_start() { # tomcat_start WORK PORT OPTIONS
    bash src/test/containers/tomcat.sh start "$out/dist/tomcat.zip" "$out/$1" "$2" $(($2 + 1)) target/herald.war herald "$3"
}
# A port already taken would be answered by whatever holds it (an earlier run's server, say), and measured as if it
# were the server this run starts: refuse instead.
for port in $JETTY_PORT $JETTY_SERVLET_PORT $PEER_PORT $REDIS_PORT $FLOOR_PORT $((FLOOR_PORT + 1)) \
    $TOMCAT_PORT $((TOMCAT_PORT + 1)) $((TOMCAT_PORT + 10)) $((TOMCAT_PORT + 11)) $((TOMCAT_PORT + 20)) $((TOMCAT_PORT + 21)); do
    if [ -n "$(ss -ltnH "sport = :$port")" ]; then
        echo "port $port is taken already (pid=$(listener_pid "$port")); stop what holds it" >&2
        exit 1
    fi
done
rm -f target/herald.war
for server in $SERVERS; do
    case $server in
    jetty)
        mvn -q jetty:run -Djetty.http.port="$JETTY_PORT" > "$out/jetty.log" 2>&1 &
        pids+=($!)
        base[jetty]=http://127.0.0.1:$JETTY_PORT/
        wait_up "${base[jetty]}" ;; # built before another mvn jetty:run reads target/classes
    jetty-servlet)
        mvn -q jetty:run -Djetty.http.port="$JETTY_SERVLET_PORT" -Dherald.stream.transport=servlet \
            > "$out/jetty-servlet.log" 2>&1 &
        pids+=($!)
        base[jetty-servlet]=http://127.0.0.1:$JETTY_SERVLET_PORT/
        wait_up "${base[jetty-servlet]}" ;;
    tomcat)
        tomcat_dist
        tomcat_start tomcat "$TOMCAT_PORT" "-Dherald.publish.token=dev"
        base[tomcat]=http://127.0.0.1:$TOMCAT_PORT/herald/ ;;
    redis2)
        tomcat_dist
        bash src/test/containers/redis.sh start "$REDIS_PORT" "$out/redis"
        redis_options="-Dherald.publish.token=dev -Dherald.redis.url=redis://127.0.0.1:$REDIS_PORT"
        tomcat_start redis-a $((TOMCAT_PORT + 10)) "$redis_options"
        tomcat_start redis-b $((TOMCAT_PORT + 20)) "$redis_options"
        base[redis2]=http://127.0.0.1:$((TOMCAT_PORT + 10))/herald/
        second=http://127.0.0.1:$((TOMCAT_PORT + 20))/herald/
        extra[redis2]="base2=$second pid2=$(listener_pid $((TOMCAT_PORT + 20)))" ;;
    floor-jetty)
        floor_run "$FLOOR_PORT" "$out/floor-jetty.log"
        base[floor-jetty]=http://127.0.0.1:$FLOOR_PORT/jetty/
        wait_up "${base[floor-jetty]}" ;;
    floor-jersey)
        floor_run $((FLOOR_PORT + 1)) "$out/floor-jersey.log"
        base[floor-jersey]=http://127.0.0.1:$((FLOOR_PORT + 1))/jersey/
        wait_up "${base[floor-jersey]}" ;;
    peer)
        PORT=$PEER_PORT TOKEN=dev node bench/peer-node/server.js > "$out/peer.log" 2>&1 &
        pids+=($!)
        base[peer]=http://127.0.0.1:$PEER_PORT/ ;;
    esac
done
for server in $SERVERS; do
    wait_up "${base[$server]}"
    port=$(echo "${base[$server]}" | sed 's|http://127.0.0.1:\([0-9]*\)/.*|\1|')
    pid[$server]=$(listener_pid "$port")
done

results=$out/results.txt
run() { # run NAME SERVER ARGS...
    local name=$1 server=$2
    shift 2
    echo "== workload $name on $server"
    # shellcheck disable=SC2086
    java -Xss256k -Xmx2g bench/Load.java base="${base[$server]}" pid="${pid[$server]}" ${extra[$server]:-} token=dev "$@" \
        | tee -a "$out/$name-$server.txt" | sed "s/^RESULT /RESULT workload=$name server=$server /" >> "$results"
    sleep 5 # let the server drop the clients just closed before the next run
}

# Warm-up, not reported: the JVM compiles its hot code in the first seconds of load, and a server that has
# run for a while is what users meet. Every server gets the same.
for server in $SERVERS; do
    # shellcheck disable=SC2086
    java -Xss256k bench/Load.java base="${base[$server]}" ${extra[$server]:-} token=dev mode=publish clients=2000 events=50 \
        rate=25 topic=warmup > /dev/null
    sleep 5
done

: > "$out/results.txt"
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(uname -r), $(java -version 2>&1 | head -1), node $(node --version)" >> "$out/results.txt"
# (b) and (d) publish events of 6,000 bytes: twenty of them are more than a stalled client's socket buffers hold
# with a 32 KB send buffer, so a client that never reads is told from a quiet one (smaller events sit in the kernel).
# (b1) is (b) with events of 1,000 bytes: small events must not pay for large ones, nor the reverse.
workload() { # workload W SERVER
    case $1 in
    a) run a "$2" mode=hold clients=10000 seconds=30 ;;
    b) run b "$2" mode=publish clients=2000 events=20 rate=10 size=6000 topic=bench ;;
    b1) run b1 "$2" mode=publish clients=2000 events=20 rate=10 size=1000 topic=bench ;;
    c) run c "$2" mode=ramp clients=1000 topic=bench ;;
    d) run d "$2" mode=publish clients=2000 stalled=10 events=20 rate=10 size=6000 topic=bench cutWait=30 ;;
    esac
}
# WARMUP=workloads: first every workload once on every server, not reported. A JVM compiles the code a workload
# runs the first time it runs it, and on these 2 cores that compiling competes with serving (BENCHMARKS.md, run 14):
# this measures servers done with it, as a deployment is after its first minutes. Not the default: the targets in
# BENCHMARKS.md are measured after the short warm-up above, the same for every server.
every_workload() {
    for w in $workloads; do
        for server in $SERVERS; do workload "$w" "$server"; done
    done
}
if [ "${WARMUP:-}" = workloads ]; then
    results=$out/warmup-results.txt
    : > "$results"
    every_workload
    results=$out/results.txt
fi
every_workload
grep '^RESULT\|^#' "$out/results.txt"
