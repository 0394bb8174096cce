#!/usr/bin/env bash
# Tomcat for the integration tests and the benchmark, from its zip on Maven Central, on 127.0.0.1 only.
#   tomcat.sh prepare ZIP WORK PORT SHUTDOWN_PORT      an installation in WORK/home, for Arquillian to start
#   tomcat.sh start ZIP WORK PORT SHUTDOWN_PORT WAR CONTEXT "JAVA_OPTIONS"   prepared, the WAR in it, started
#   tomcat.sh stop WORK
# TOMCAT_CONNECTOR, if set, adds attributes to the HTTP connector (the benchmark's settings for 10,000 clients).
set -euo pipefail
. "$(dirname "$0")/common.sh"

prepare() {
    local zip=$1 work=$2 port=$3 shutdown=$4
    rm -rf "$work" && mkdir -p "$work"
    unzip -q "$zip" -d "$work"
    home=$(echo "$work"/apache-tomcat-*)
    chmod +x "$home"/bin/*.sh
    ln -sfn "$home" "$work/home"
    # Only Herald and the manager (through which Arquillian deploys; it answers loopback only), on our ports.
    find "$home/webapps" -mindepth 1 -maxdepth 1 ! -name manager -exec rm -rf {} +
    sed -i -e "s/<Server port=\"8005\"/<Server port=\"$shutdown\" address=\"127.0.0.1\"/" \
           -e "s/<Connector port=\"8080\"/<Connector address=\"127.0.0.1\" port=\"$port\" ${TOMCAT_CONNECTOR:-}/" "$home/conf/server.xml"
    grep -q "address=\"127.0.0.1\" port=\"$port\"" "$home/conf/server.xml"
    sed -i 's|</tomcat-users>|  <user username="arquillian" password="arquillian" roles="manager-script"/>\n</tomcat-users>|' \
        "$home/conf/tomcat-users.xml"
}

case $1 in
prepare)
    prepare "$2" "$3" "$4" "$5"
    ;;
start)
    zip=$2 work=$3 port=$4 shutdown=$5 war=$6 context=$7 options=$8
    prepare "$zip" "$work" "$port" "$shutdown"
    cp "$war" "$home/webapps/$context.war"
    # This installation, whatever CATALINA_HOME the caller has (the test JVM's names Arquillian's Tomcat)
    export CATALINA_HOME="$home" CATALINA_BASE="$home" CATALINA_PID="$work/tomcat.pid"
    export CATALINA_OPTS="$options"
    "$home/bin/catalina.sh" start > "$work/start.log" 2>&1
    wait_for "http://127.0.0.1:$port/$context/health" 120 "$home/logs/catalina.out"
    ;;
stop)
    work=$2
    stop_pid "$work/tomcat.pid" 30
    ;;
*)
    echo "usage: $0 prepare|start|stop ..." >&2
    exit 2
    ;;
esac
