#!/usr/bin/env bash
# Install (idempotently) and run `plangraph build` with any arguments given.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/plangraph build "$@"
