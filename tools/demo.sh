#!/usr/bin/env bash
# The main job on the sample documents, with the embedded store: build, then ask.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
.venv/bin/kg build seeds --workspace kg-workspace
.venv/bin/kg lineage 沈政发〔2021〕14号 --workspace kg-workspace
.venv/bin/kg implementers 国发〔2019〕4号 --workspace kg-workspace
