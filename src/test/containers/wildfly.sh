#!/usr/bin/env bash
# WildFly for the integration tests, from its zip on Maven Central; RESTEasy is its Jakarta REST.
#   wildfly.sh start ZIP WORK PORT HTTPS_PORT MANAGEMENT_PORT MANAGEMENT_HTTPS_PORT WAR "JAVA_OPTIONS"
#   wildfly.sh stop WORK
set -euo pipefail
. "$(dirname "$0")/common.sh"

case $1 in
start)
    zip=$2 work=$3 port=$4 https=$5 management=$6 management_https=$7 war=$8 options=$9
    rm -rf "$work" && mkdir -p "$work"
    unzip -q "$zip" -d "$work"
    home=$(echo "$work"/wildfly-*)
    chmod +x "$home"/bin/*.sh
    cp "$war" "$home/standalone/deployments/herald.war"
    # The pid file names the Java process itself: stopping standalone.sh alone can leave Java running.
    export JBOSS_PIDFILE="$work/wildfly.pid" LAUNCH_JBOSS_IN_BACKGROUND=1
    # shellcheck disable=SC2046
    nohup "$home/bin/standalone.sh" -b 127.0.0.1 -bmanagement 127.0.0.1 \
        -Djboss.http.port="$port" -Djboss.https.port="$https" \
        -Djboss.management.http.port="$management" -Djboss.management.https.port="$management_https" \
        $options > "$work/wildfly.log" 2>&1 &
    wait_for "http://127.0.0.1:$port/herald/health" 180 "$work/wildfly.log"
    ;;
stop)
    work=$2
    stop_pid "$work/wildfly.pid" 30
    ;;
*)
    echo "usage: $0 start|stop ..." >&2
    exit 2
    ;;
esac
