#!/usr/bin/env bash
# Debian's chromium and a CJK font for the browser tests and benchmarks/views.py.
# Idempotent: does nothing when both are installed; otherwise `apt-get update` once and
# `apt-get install -y chromium fonts-noto-cjk`. Needs root (or sudo) only when it installs.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
if ! dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed"; then
  missing+=(fonts-noto-cjk)
fi
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "tools/browser.sh: ${missing[*]} missing and not root (no sudo): install them with apt-get" >&2
    exit 1
  fi
fi
echo "tools/browser.sh: installing chromium fonts-noto-cjk" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y chromium fonts-noto-cjk
