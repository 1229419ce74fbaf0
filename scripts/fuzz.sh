#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset: clang, ASan + UBSan) and runs each on
# its seed corpus (fuzz/corpus/<target>/, read-only) plus a working corpus under
# build/fuzz-corpus/<target>/ that keeps what the runs found.
#
#   bash scripts/fuzz.sh                 the short bounded run of the test command
#                                        (--runs 20000 per target)
#   bash scripts/fuzz.sh --runs 1000000  the long run documented in docs/fuzzing.md
#   bash scripts/fuzz.sh --runs N TARGET...   only some targets (fiscal_year, decimal,
#                                        dataset, file_type, json_body, query,
#                                        xlsx_reader, csv_reader)
# Exits non-zero when a target finds a crash, a leak or a failed property (the input is
# saved as build/fuzz-artifacts/<target>/crash-…). Prints one line per target with its
# executions and time.
set -euo pipefail
root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root_dir"

runs=20000
targets=()
while (( $# )); do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
if (( ${#targets[@]} == 0 )); then
  mapfile -t targets < <(ls fuzz/corpus)
fi

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz >/dev/null

status=0
for t in "${targets[@]}"; do
  bin=build/fuzz/fuzz/${t}_fuzz
  [[ -x "$bin" ]] || { echo "fuzz: no target $t" >&2; exit 2; }
  work=build/fuzz-corpus/$t
  artifacts=build/fuzz-artifacts/$t/
  mkdir -p "$work" "$artifacts"
  log=$(mktemp)
  start=$(date +%s)
  # -rss_limit_mb: a reader that balloons on small input is a finding too.
  if "$bin" -runs="$runs" -rss_limit_mb=2048 -timeout=10 -max_len=65536 -print_final_stats=1 \
      -artifact_prefix="$artifacts" "$work" "fuzz/corpus/$t" >"$log" 2>&1; then
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    echo "fuzz: $t: OK, $execs executions in $(( $(date +%s) - start )) s, corpus $(ls "$work" | wc -l) files"
  else
    echo "fuzz: $t: FINDING (see $artifacts)" >&2
    grep -E 'ERROR|SUMMARY|Test unit written|deadly signal' "$log" | head -20 >&2 || true
    status=1
  fi
  rm -f "$log"
done
exit "$status"
