#!/usr/bin/env bash
# Tomcat for the integration tests, from its zip on Maven Central.
#   tomcat.sh start ZIP WORK PORT SHUTDOWN_PORT WAR CONTEXT "JAVA_OPTIONS"
#   tomcat.sh stop WORK
# TOMCAT_CONNECTOR, if set, adds attributes to the HTTP connector (the benchmark's settings for 10,000 clients).
set -euo pipefail
. "$(dirname "$0")/common.sh"

case $1 in
start)
    zip=$2 work=$3 port=$4 shutdown=$5 war=$6 context=$7 options=$8
    rm -rf "$work" && mkdir -p "$work"
    unzip -q "$zip" -d "$work"
    home=$(echo "$work"/apache-tomcat-*)
    chmod +x "$home"/bin/*.sh
    ln -sfn "$home" "$work/home"
    # Only our app, on our ports, on loopback.
    rm -rf "$home"/webapps/*
    sed -i -e "s/<Server port=\"8005\"/<Server port=\"$shutdown\" address=\"127.0.0.1\"/" \
           -e "s/<Connector port=\"8080\"/<Connector address=\"127.0.0.1\" port=\"$port\" ${TOMCAT_CONNECTOR:-}/" "$home/conf/server.xml"
    grep -q "address=\"127.0.0.1\" port=\"$port\"" "$home/conf/server.xml"
    cp "$war" "$home/webapps/$context.war"
    export CATALINA_PID="$work/tomcat.pid"
    export CATALINA_OPTS="$options"
    "$home/bin/catalina.sh" start > "$work/start.log" 2>&1
    wait_for "http://127.0.0.1:$port/$context/health" 120 "$home/logs/catalina.out"
    ;;
stop)
    work=$2
    stop_pid "$work/tomcat.pid" 30
    ;;
*)
    echo "usage: $0 start|stop ..." >&2
    exit 2
    ;;
esac
