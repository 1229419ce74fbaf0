#!/usr/bin/env bash
# Installs the Debian 12 packages Kyosei needs to build, run and test.
# Idempotent: asks dpkg which packages are missing and installs only those; runs
# `apt-get update` only when something must be installed. Uses sudo when not root.
#
#   scripts/install-deps.sh          build + run dependencies
#   scripts/install-deps.sh --test   also the test-only extras
set -euo pipefail

# shellcheck source=lib/one-flag.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/one-flag.sh"
want_test=0
one_flag install-deps --test want_test 2,8 "$@"

# Build and run. Boost: the 1.81 component packages explicitly, never libboost-dev
# (Debian's default 1.74, which conflicts with libboost1.81-dev).
base_packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsoci-dev libsqlite3-dev sqlite3 libpq-dev postgresql-15
  libutf8proc-dev
  libsodium-dev libspdlog-dev libfmt-dev libcli11-dev libyaml-cpp-dev libmagic-dev libmagic-mgc
  libxlsxwriter-dev libzip-dev libpugixml-dev liboath-dev libqrencode-dev
  libcairo2-dev libpango1.0-dev fonts-noto-cjk
  libcurl4-openssl-dev
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  clang-format clang-tidy
  curl wrk ccache
)

# Cairo + Pango write the council material's PDF on the server with the Noto CJK fonts
# embedded (ADR 0017); the fonts are a run-time dependency for that reason.
#
# Needed only by the test command: Debian's Chromium for the browser tests (driven by
# playwright-core, no browser download), Japanese fonts so pages, screenshots and PDFs
# render (no web fonts are used), poppler-utils to read the printed PDF back, and
# LibreOffice Calc (headless) to open the exported workbooks as a real client would.
# clang with its sanitizer and libFuzzer runtimes builds the fuzz targets (scripts/fuzz.sh).
test_packages=(
  chromium fonts-noto-cjk poppler-utils libreoffice-calc-nogui
  clang libclang-rt-14-dev
)

# --- API contract tools (tools/api-contract): Node.js >= 18.17 and npm -------------------
# Debian 12's nodejs is 18.19 (with its npm); a suitable node already on PATH (e.g. a newer
# one from elsewhere) is kept, so apt never replaces it.
node_ok() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 &&
    node -e 'const [a, b] = process.versions.node.split(".").map(Number);
             process.exit(a > 18 || (a === 18 && b >= 17) ? 0 : 1)'
}
# The web front end (web/, built by the run command too) needs Node.js >= 20.19 (Vite 8);
# scripts/web-build.sh checks the version and says what is missing.
if ! node_ok; then
  base_packages+=(nodejs)
  command -v npm >/dev/null 2>&1 || base_packages+=(npm)
fi
# -----------------------------------------------------------------------------------------

packages=("${base_packages[@]}")
if (( want_test )); then
  packages+=("${test_packages[@]}")
fi

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  if [[ "$status" != "installed" ]]; then
    missing+=("$pkg")
  fi
done

if (( ${#missing[@]} == 0 )); then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

if (( EUID == 0 )); then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "install-deps: missing packages (${missing[*]}) and not root, and sudo is not available" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y --no-install-recommends "${missing[@]}"
