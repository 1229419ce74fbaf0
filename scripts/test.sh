#!/usr/bin/env bash
# The test command: everything CI checks, from a fresh Debian 12 machine.
#
#   bash scripts/test.sh
#
# 1. installs missing packages (scripts/install-deps.sh --test)
# 2. configures and builds the `ci` preset (RelWithDebInfo, tests, -Werror); meanwhile, in
#    the background, the npm installs of tools/api-contract and web/ and the web build
# 3. starts a throwaway PostgreSQL 15 cluster (stopped again on exit, always)
# 4. runs every CTest test, PostgreSQL ones included (KYOSEI_REQUIRE_PG=1: they fail
#    rather than skip without a database); meanwhile, in the background, the format + lint
#    gate (scripts/check-format.sh, one clang-tidy at a time) and a short bounded run of
#    the libFuzzer targets (scripts/fuzz.sh): the black-box tests spend most of their time
#    waiting for servers, so the two cores have room for them
# 5. the OpenAPI lint and contract test (tools/api-contract)
# 6. the web front end: type check, Vitest, bundle budget, then (after the background
#    steps have ended, so nothing competes with Chromium) the browser tests (web/)
# A background step's output is printed as a whole when it ends. Exits non-zero when any
# step fails; the last line is a one-line summary.
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
  stop_bg
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

# Background steps: started with bg_step, collected (output printed, pass/fail and time
# recorded) with bg_wait. A background step never ends the run early.
#   bg_step NAME COMMAND...      bg_wait NAME
declare -A bg_pid=() bg_log=() bg_started=()
bg_dir=$(mktemp -d)
bg_step() {
  local name=$1
  shift
  local log="$bg_dir/${name//[^a-z0-9]/_}.log"
  echo "test.sh: step '$name' started in the background"
  # Its own process group (setsid), so an early exit can stop it with all its children.
  setsid "$@" >"$log" 2>&1 </dev/null &
  bg_pid[$name]=$!
  bg_log[$name]=$log
  bg_started[$name]=$SECONDS
}
bg_wait() {
  local name=$1 rc=0
  wait "${bg_pid[$name]}" || rc=$?
  section "$name (ran in the background)"
  cat "${bg_log[$name]}"
  unset "bg_pid[$name]"
  if (( rc == 0 )); then
    passed+=("$name")
    echo "test.sh: step '$name' passed after $(( SECONDS - bg_started[$name] ))s"
  else
    failed+=("$name")
    echo "test.sh: step '$name' failed after $(( SECONDS - bg_started[$name] ))s" >&2
  fi
  return "$rc"
}
# On an early exit, background steps are stopped rather than left running.
stop_bg() {
  local name
  for name in "${!bg_pid[@]}"; do
    kill -- "-${bg_pid[$name]}" 2>/dev/null || true
  done
  rm -rf "$bg_dir"
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

# --- API description and contract (tools/api-contract, docs/api/README.md) ---------------
# npm ci (cache under build/), lint docs/api/openapi.yaml (Redocly CLI) and check that
# docs/api/openapi.json is its JSON, then the contract test: node --test starts
# build/ci/kyosei on a temporary database on loopback and checks its answers against it.
api_tools=tools/api-contract
api_deps() {
  npm --prefix "$api_tools" ci --no-audit --no-fund --loglevel=error \
    --cache "$root_dir/build/npm-cache"
}
api_ready=0
api_need() { (( api_ready )) || { echo "api-deps failed"; return 1; }; }
api_lint() {
  api_need || return 1
  REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
    npm --prefix "$api_tools" run --silent lint && node "$api_tools/to-json.mjs" --check
}
api_contract() {
  api_need || return 1
  KYOSEI_BIN="$root_dir/build/ci/kyosei" node --test "$api_tools/contract.test.mjs"
}
# --- Web front end (web/, docs in web/README.md) ----------------------------------------
# Build (npm ci + Vite), type check, Vitest, the bundle-size budget, then the browser tests:
# playwright-core drives Debian's Chromium against build/ci/kyosei on a fresh database
# (web/e2e/); screenshots and the dashboard PDF go to artifacts/e2e/.
web_ready=0
web_need() { (( web_ready )) || { echo "web-build failed"; return 1; }; }
web_typecheck() { web_need && npm --prefix web run --silent typecheck; }
web_unit() { web_need && npm --prefix web run --silent test; }
web_size() { web_need && node web/scripts/bundle-size.mjs; }
web_e2e() { web_need && KYOSEI_BIN="$root_dir/build/ci/kyosei" npm --prefix web run --silent e2e; }
# -----------------------------------------------------------------------------------------

# The npm installs wait on the network and the disk more than on the cores: they run while
# the C++ code compiles. (Two npm ci at once would share the cache directory: one after the
# other.)
bg_step "api-deps+web-build" bash -c 'set -e
  npm --prefix tools/api-contract ci --no-audit --no-fund --loglevel=error --cache "$1/build/npm-cache"
  echo "test.sh: api-deps done"
  bash scripts/web-build.sh' _ "$root_dir"
step fatal "build" cmake --build --preset ci
step fatal "postgres" start_pg

# The black-box tests mostly wait for the servers they start: the format + lint gate (one
# clang-tidy at a time) and the short fuzz run (20,000 inputs per libFuzzer target; the
# long run is `bash scripts/fuzz.sh --runs 1000000`, figures in docs/fuzzing.md) use the
# cores meanwhile.
bg_step "format+lint" env KYOSEI_TIDY_JOBS=1 bash scripts/check-format.sh
bg_step "fuzz" bash scripts/fuzz.sh --runs 20000
step continue "ctest" run_ctest

if bg_wait "api-deps+web-build"; then
  api_ready=1
  web_ready=1
elif grep -q '^test.sh: api-deps done' "${bg_log[api-deps+web-build]}"; then
  api_ready=1
fi
step continue "api-lint" api_lint
step continue "api-contract" api_contract
step continue "web-typecheck" web_typecheck
step continue "web-unit" web_unit
step continue "web-size" web_size
bg_wait "format+lint" || true
bg_wait "fuzz" || true
step continue "web-e2e" web_e2e
stop_pg
