#!/usr/bin/env bash
# Stop the server that start.sh started (same NEO4J_RUN_DIR) and remove its data and env file.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUN="${NEO4J_RUN_DIR:-$HERE/run}"
ENV_FILE="$RUN/neo4j.env"

if [[ ! -f "$ENV_FILE" ]]; then
    echo "neo4j stop: no $ENV_FILE, nothing to stop" >&2
    exit 0
fi
pid="$(sed -n 's/^NEO4J_PID=//p' "$ENV_FILE")"
# shellcheck disable=SC1090
data="$(. "$ENV_FILE" && printf '%s' "${NEO4J_DATA:-}")"

# Only signal the pid if it is still our server (pids get reused).
if [[ -n "$pid" ]] && grep -qa "neo4j-server.jar" "/proc/$pid/cmdline" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 300); do          # up to 30 s for a clean shutdown
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "neo4j stop: pid $pid did not stop in 30 s; killing it" >&2
        kill -KILL "$pid" 2>/dev/null || true
    fi
fi

if [[ -n "$data" && "$(basename "$data")" == data.* ]]; then
    rm -rf "$data"
fi
rm -f "$ENV_FILE"
echo "neo4j stop: stopped"
