#!/usr/bin/env bash
# Install (idempotently), lint, then run the test suite. Extra arguments go to pytest.
# Exits non-zero on lint errors, failing tests, and when pytest collects no tests (exit 5).
set -euo pipefail
cd "$(dirname "$0")/.."

# --- Debian packages hook -------------------------------------------------------------
# System packages the tests need (headless browser for page screenshots, Thai fonts,
# Virtuoso for the tested-server suite; Pango for WeasyPrint's PDF briefs, poppler-utils to
# read the PDFs back; Apache Jena and a JDK for the Jena comparison, tests/jena.py).
# Installed only when running as root, apt-get exists and a package is missing.
DEBIAN_PACKAGES=(chromium fonts-thai-tlwg virtuoso-opensource libpango-1.0-0 libpangoft2-1.0-0
                 poppler-utils libapache-jena-java default-jdk-headless)

install_debian_packages() {
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "test: apt-get not available; skipping Debian packages" >&2
        return 0
    fi
    if [[ "$(id -u)" -ne 0 ]]; then
        echo "test: not root; skipping Debian packages (${DEBIAN_PACKAGES[*]})" >&2
        return 0
    fi
    local missing=()
    local pkg
    for pkg in "${DEBIAN_PACKAGES[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$pkg")
        fi
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        return 0
    fi
    local log
    log="$(mktemp -t plangraph-apt.XXXXXX.log)"
    echo "test: apt-get installing ${missing[*]} (log: $log)" >&2
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
        # Not fatal: tests that need these packages fail or skip on their own.
        echo "test: WARNING: apt-get failed; last lines of $log:" >&2
        tail -n 5 "$log" >&2
    fi
}
# --------------------------------------------------------------------------------------

install_debian_packages
bash scripts/setup.sh

lint_dirs=()
for d in src tests benchmarks; do
    [[ -d "$d" ]] && lint_dirs+=("$d")
done
if [[ ${#lint_dirs[@]} -gt 0 ]]; then
    .venv/bin/ruff check "${lint_dirs[@]}"
fi

# exec: pytest's own exit code (1 failures, 5 no tests collected, ...) is the script's.
exec .venv/bin/python -m pytest -q "$@"
