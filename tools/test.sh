#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs and starts what the tests need.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
exec .venv/bin/python -m pytest -q "$@"
