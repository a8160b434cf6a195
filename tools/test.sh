#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs and starts what the tests need.
#   - .venv with policy-kg and its test extras (tools/setup.sh)
#   - Debian's chromium and a CJK font for the browser tests (tools/browser.sh)
#   - the Neo4j server is built from Maven Central and started once by the test session
#     (tests/neo4j_server.py, tools/neo4j/); set NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD to
#     test against a server of your own instead
#   - the Oxigraph SPARQL server comes with the test extras and is started by its tests
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
tools/browser.sh
status=0
.venv/bin/python -m pytest -q "$@" || status=$?
exit $status
