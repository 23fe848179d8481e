#!/usr/bin/env bash
# Create .venv (if absent) and install plangraph in editable mode with its test extra, every
# dependency pinned by requirements.lock (refresh it with `bash scripts/lock.sh`).
# Idempotent: safe to run before every build or test.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -x .venv/bin/python ]]; then
    echo "setup: creating .venv" >&2
    python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check \
    -c requirements.lock -e '.[test]'
