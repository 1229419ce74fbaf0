#!/usr/bin/env bash
# The test command: everything CI checks, from a fresh Debian 12 machine.
#
#   bash scripts/test.sh
#
# 1. installs missing packages (scripts/install-deps.sh --test)
# 2. configures and builds the `ci` preset (RelWithDebInfo, tests, -Werror)
# 3. format + lint gate (scripts/check-format.sh)
# 4. starts a throwaway PostgreSQL 15 cluster (stopped again on exit, always)
# 5. runs every CTest test, PostgreSQL ones included (KYOSEI_REQUIRE_PG=1: they fail
#    rather than skip without a database)
#    then a short bounded run of the libFuzzer targets (scripts/fuzz.sh)
# 6. the OpenAPI lint and contract test (tools/api-contract)
# 7. the web front end: build, type check, Vitest, bundle budget, browser tests (web/)
# Exits non-zero when any step fails; the last line is a one-line summary.
#
# Environment: KYOSEI_TEST_PG_URL set beforehand = use that database instead of
# starting a cluster. CTEST_ARGS = extra ctest arguments (e.g. "-L unit").
set -euo pipefail

root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root_dir"

started=$(date +%s)
failed=()   # names of the steps that failed
passed=()

section() { printf '\n=== %s ===\n' "$*"; }

summary() {
  local rc=$? elapsed=$(( $(date +%s) - started ))
  if (( rc != 0 )) && (( ${#failed[@]} == 0 )); then
    failed+=("${current_step:-setup}")
  fi
  echo
  if (( ${#failed[@]} )); then
    echo "test.sh: FAILED (${failed[*]}); passed: ${passed[*]:-none}; ${elapsed}s"
    (( rc != 0 )) || rc=1
  else
    echo "test.sh: PASSED (${passed[*]}); ${elapsed}s"
  fi
  exit "$rc"
}

# Stops the PostgreSQL cluster if this run started one; never fails.
pg_state=""
stop_pg() {
  if [[ -n "$pg_state" ]]; then
    KYOSEI_PG_STATE=$pg_state bash scripts/pg-cluster.sh stop || true
    pg_state=""
  fi
}
on_exit() {
  local rc=$?
  stop_pg
  (exit "$rc")
  summary
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Runs one step; a failing step is recorded and, when fatal, ends the run.
#   step fatal|continue NAME COMMAND...
current_step=""
step() {
  local mode=$1 name=$2
  shift 2
  current_step=$name
  section "$name"
  local step_started=$SECONDS
  if "$@"; then
    passed+=("$name")
    echo "test.sh: step '$name' passed in $(( SECONDS - step_started ))s"
  else
    failed+=("$name")
    echo "test.sh: step '$name' failed after $(( SECONDS - step_started ))s" >&2
    if [[ "$mode" == fatal ]]; then
      exit 1
    fi
  fi
  current_step=""
}

start_pg() {
  if [[ -n "${KYOSEI_TEST_PG_URL:-}" ]]; then
    echo "using KYOSEI_TEST_PG_URL from the environment"
    return 0
  fi
  # A state file of our own, so a cluster the developer started by hand is left alone.
  mkdir -p build
  pg_state="$root_dir/build/pg-cluster.test-$$.env"
  local url
  url=$(KYOSEI_PG_STATE=$pg_state bash scripts/pg-cluster.sh start) || return 1
  export KYOSEI_TEST_PG_URL=$url
  echo "PostgreSQL: $KYOSEI_TEST_PG_URL"
}

run_ctest() {
  export KYOSEI_REQUIRE_PG=1
  # shellcheck disable=SC2086  # CTEST_ARGS is a word list on purpose
  ctest --preset ci --output-on-failure -j2 --no-tests=error ${CTEST_ARGS:-}
}

step fatal "deps" bash scripts/install-deps.sh --test
step fatal "configure" cmake --preset ci
step fatal "build" cmake --build --preset ci
step continue "format+lint" bash scripts/check-format.sh
step fatal "postgres" start_pg
step continue "ctest" run_ctest
# A short bounded fuzz run of every libFuzzer target (20,000 inputs each); the long run
# (a million per target) is `bash scripts/fuzz.sh --runs 1000000`, figures in docs/fuzzing.md.
step continue "fuzz" bash scripts/fuzz.sh --runs 20000

# --- API description and contract (tools/api-contract, docs/api/README.md) ---------------
# npm ci (cache under build/), lint docs/api/openapi.yaml (Redocly CLI) and check that
# docs/api/openapi.json is its JSON, then the contract test: node --test starts
# build/ci/kyosei on a temporary database on loopback and checks its answers against it.
api_tools=tools/api-contract
api_ready=0
api_deps() {
  npm --prefix "$api_tools" ci --no-audit --no-fund --loglevel=error \
    --cache "$root_dir/build/npm-cache" && api_ready=1
}
api_lint() {
  (( api_ready )) || { echo "api-deps failed"; return 1; }
  REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
    npm --prefix "$api_tools" run --silent lint && node "$api_tools/to-json.mjs" --check
}
api_contract() {
  (( api_ready )) || { echo "api-deps failed"; return 1; }
  KYOSEI_BIN="$root_dir/build/ci/kyosei" node --test "$api_tools/contract.test.mjs"
}
step continue "api-deps" api_deps
step continue "api-lint" api_lint
step continue "api-contract" api_contract
# -----------------------------------------------------------------------------------------

# --- Web front end (web/, docs in web/README.md) ----------------------------------------
# Build (npm ci + Vite), type check, Vitest, the bundle-size budget, then the browser tests:
# playwright-core drives Debian's Chromium against build/ci/kyosei on a fresh database
# (web/e2e/); screenshots and the dashboard PDF go to artifacts/e2e/.
web_ready=0
web_build() { bash scripts/web-build.sh && web_ready=1; }
web_need() { (( web_ready )) || { echo "web-build failed"; return 1; }; }
web_typecheck() { web_need && npm --prefix web run --silent typecheck; }
web_unit() { web_need && npm --prefix web run --silent test; }
web_size() { web_need && node web/scripts/bundle-size.mjs; }
web_e2e() { web_need && KYOSEI_BIN="$root_dir/build/ci/kyosei" npm --prefix web run --silent e2e; }
step continue "web-build" web_build
step continue "web-typecheck" web_typecheck
step continue "web-unit" web_unit
step continue "web-size" web_size
step continue "web-e2e" web_e2e
# -----------------------------------------------------------------------------------------

stop_pg
