#!/usr/bin/env bash
# Start a throw-away Neo4j 5.26 Community server (Bolt on 127.0.0.1, auth on) in the background,
# with its data in a fresh directory, and write the env file $NEO4J_RUN_DIR/neo4j.env (mode 600):
# NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_PID, NEO4J_DATA. Prints only the URI.
#
# Settings from the environment, all optional:
#   NEO4J_PASSWORD        the neo4j user's password (default: a random one)
#   NEO4J_PORT            Bolt port (default: a free port picked by the system)
#   NEO4J_RUN_DIR         where the env file and data go (default: tools/neo4j/run, git-ignored)
#   NEO4J_START_TIMEOUT   seconds to wait for Bolt (default: 120; the first build comes before it)
#   NEO4J_HEAP            JVM heap (default: 1g)
#   NEO4J_PAGECACHE       Neo4j's page cache, off the heap (default: 128m; a graph of 100,000
#                         documents is ~5 GB on disk: give it a few GB, or most reads miss it)
#   NEO4J_JAVA_OPTS       more JVM options (default: -XX:TieredStopAtLevel=1, C1 only: starts in about
#                         half the CPU time, fine for tests; set it to "" for full C2 throughput)
# Stop it with stop.sh (same NEO4J_RUN_DIR).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUN="${NEO4J_RUN_DIR:-$HERE/run}"
ENV_FILE="$RUN/neo4j.env"
JAR="$HERE/target/neo4j-server.jar"
TIMEOUT="${NEO4J_START_TIMEOUT:-120}"

die() { echo "neo4j start: $*" >&2; exit 1; }

command -v java >/dev/null || die "java (17 or 21) is not on PATH"

if [[ -f "$ENV_FILE" ]]; then
    pid="$(sed -n 's/^NEO4J_PID=//p' "$ENV_FILE")"
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        die "already running (pid $pid, $ENV_FILE); run stop.sh first"
    fi
    rm -f "$ENV_FILE"
fi

# Build when the jar is missing or older than the sources. The first build downloads ~150 MB
# from Maven Central into ~/.m2; later ones are offline and quick.
if [[ ! -f "$JAR" || ! -d "$HERE/target/lib" ]] || [[ -n "$(find "$HERE/pom.xml" "$HERE/src" -newer "$JAR" -print -quit)" ]]; then
    command -v mvn >/dev/null || die "mvn is not on PATH (needed once, to build $JAR)"
    echo "neo4j start: building $JAR ..." >&2
    if ! out="$(mvn -q -B -f "$HERE/pom.xml" package 2>&1)"; then
        printf '%s\n' "$out" >&2
        die "the Maven build failed"
    fi
fi

password="${NEO4J_PASSWORD:-}"
if [[ -z "$password" ]]; then
    password="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
fi

umask 077
mkdir -p "$RUN"
data="$(mktemp -d "$RUN/data.XXXXXX")"
log="$data/server.log"
: >"$log"

# The password reaches Java through its environment, never its command line.
read -r -a java_opts <<<"${NEO4J_JAVA_OPTS--XX:TieredStopAtLevel=1}"
NEO4J_PASSWORD="$password" nohup java -Xms256m -Xmx"${NEO4J_HEAP:-1g}" "${java_opts[@]}" \
    -jar "$JAR" "$data" "${NEO4J_PORT:-0}" </dev/null >"$log" 2>&1 &
pid=$!

fail() {
    echo "neo4j start: $*" >&2
    echo "--- last lines of $log:" >&2
    tail -n 30 "$log" >&2 || true
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -rf "$data"
    exit 1
}

deadline=$((SECONDS + TIMEOUT))
uri=""
while [[ -z "$uri" ]]; do
    uri="$(sed -n 's/^NEO4J_URI=//p' "$log")"
    [[ -n "$uri" ]] && break
    kill -0 "$pid" 2>/dev/null || fail "the server exited before Bolt was up"
    ((SECONDS < deadline)) || fail "Bolt did not come up within ${TIMEOUT}s (NEO4J_START_TIMEOUT)"
    sleep 0.2
done

{
    printf 'NEO4J_URI=%q\n' "$uri"
    printf 'NEO4J_USER=neo4j\n'
    printf 'NEO4J_PASSWORD=%q\n' "$password"
    printf 'NEO4J_PID=%q\n' "$pid"
    printf 'NEO4J_DATA=%q\n' "$data"
} >"$ENV_FILE"
chmod 600 "$ENV_FILE"

echo "NEO4J_URI=$uri"
