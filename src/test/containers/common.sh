# Shared by the container scripts: waiting for Herald to answer, and stopping a process by its pid file.
# Servers started here bind to 127.0.0.1 only.

# wait_for URL SECONDS LOG: until URL answers 200, or fail showing the end of LOG.
wait_for() {
    local url=$1 seconds=$2 log=$3
    local deadline=$((SECONDS + seconds))
    until curl -fsS -o /dev/null --max-time 5 "$url" 2>/dev/null; do
        if [ $SECONDS -ge $deadline ]; then
            echo "Herald did not answer at $url within ${seconds}s; end of $log:" >&2
            tail -n 60 "$log" >&2 || true
            return 1
        fi
        sleep 1
    done
    echo "Herald is up at $url"
}

# stop_pid PIDFILE SECONDS: TERM (a graceful shutdown, which undeploys), then KILL after SECONDS.
stop_pid() {
    local pidfile=$1 seconds=$2
    [ -f "$pidfile" ] || return 0
    local pid
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        local deadline=$((SECONDS + seconds))
        while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do
            sleep 0.5
        done
        if kill -0 "$pid" 2>/dev/null; then
            echo "pid $pid did not stop within ${seconds}s: killing it" >&2
            kill -9 "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$pidfile"
}
