#!/usr/bin/env bash
# Payara Micro for the integration tests, from its jar on Maven Central.
#   payara.sh start JAR WORK PORT WAR CONTEXT "JAVA_OPTIONS"
#   payara.sh stop WORK
set -euo pipefail
. "$(dirname "$0")/common.sh"

case $1 in
start)
    jar=$2 work=$3 port=$4 war=$5 context=$6 options=$7
    rm -rf "$work" && mkdir -p "$work"
    # Payara Micro has no bind-address flag: the listener is bound to loopback before boot. Without
    # --nohazelcast, Hazelcast would listen on every interface.
    echo "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1" \
        > "$work/preboot.asadmin"
    # shellcheck disable=SC2046
    nohup java $options -jar "$jar" --deploy "$war" --contextroot "$context" --port "$port" \
        --nohazelcast --disablephonehome --nocluster --prebootcommandfile "$work/preboot.asadmin" \
        --rootdir "$work/root" > "$work/payara.log" 2>&1 &
    echo $! > "$work/payara.pid"
    wait_for "http://127.0.0.1:$port/$context/health" 180 "$work/payara.log"
    ;;
stop)
    work=$2
    stop_pid "$work/payara.pid" 30
    ;;
*)
    echo "usage: $0 start|stop ..." >&2
    exit 2
    ;;
esac
