#!/usr/bin/env bash
# Refresh requirements.lock: resolve pyproject.toml's dependencies (with the test extra) in a
# throwaway venv and pin every package to the version that was installed. Commit the result;
# scripts/setup.sh (and so CI) installs within these pins on every machine.
#   bash scripts/lock.sh
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d -t plangraph-lock.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install --quiet --disable-pip-version-check '.[test]'
{
    echo "# Pinned versions of every dependency (with the test extra), made by scripts/lock.sh on $(date -u +%Y-%m-%d)"
    echo "# with $("$tmp/venv/bin/python" --version). Used as pip constraints by scripts/setup.sh; refresh: bash scripts/lock.sh"
    "$tmp/venv/bin/python" -m pip freeze --disable-pip-version-check --exclude-editable \
        | grep -v '^plangraph' | LC_ALL=C sort -f
} > requirements.lock.tmp
mv requirements.lock.tmp requirements.lock
echo "lock: wrote requirements.lock ($(grep -vc '^#' requirements.lock) packages)" >&2
