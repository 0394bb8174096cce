#!/usr/bin/env bash
# redis-server for the integration tests of several instances: loopback only, an append-only file (as the README
# advises for production: a restart keeps the history).
#   redis.sh start PORT WORK
#   redis.sh stop WORK
set -euo pipefail

case $1 in
start)
    port=$2 work=$3
    mkdir -p "$work"
    work=$(cd "$work" && pwd) # redis-server opens its log after moving into --dir
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly yes --dir "$work" \
        --daemonize yes --pidfile "$work/redis.pid" --logfile "$work/redis.log"
    for _ in $(seq 1 100); do
        if [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = PONG ]; then
            echo "redis-server is up on 127.0.0.1:$port"
            exit 0
        fi
        sleep 0.1
    done
    echo "redis-server did not answer on 127.0.0.1:$port; end of its log:" >&2
    tail -n 30 "$work/redis.log" >&2 || true
    exit 1
    ;;
stop)
    work=$2
    . "$(dirname "$0")/common.sh"
    stop_pid "$work/redis.pid" 10
    ;;
*)
    echo "usage: $0 start|stop ..." >&2
    exit 2
    ;;
esac
