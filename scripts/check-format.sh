#!/usr/bin/env bash
# Formatting and lint gate for the C++ code.
#
#   scripts/check-format.sh         check: clang-format (no drift allowed), then clang-tidy
#   scripts/check-format.sh --fix   reformat every file in place with clang-format (no tidy)
#
# clang-format: every tracked or untracked-but-not-ignored *.cpp/*.hpp under
#   core storage app http exchange cli tests, against .clang-format.
# clang-tidy: the *.cpp files of core/ exchange/ app/ (their project headers come along
#   via HeaderFilterRegex), against .clang-tidy, using build/ci/compile_commands.json
#   (override the build dir with KYOSEI_TIDY_BUILD_DIR). Skipped, with a message, when
#   that file does not exist yet: configure first with `cmake --preset ci`.
# Set KYOSEI_SKIP_TIDY=1 to run only the format check.
set -euo pipefail

root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root_dir"

# shellcheck source=lib/one-flag.sh
source scripts/lib/one-flag.sh
fix=0
one_flag check-format --fix fix 2,13 "$@"

clang_format=${CLANG_FORMAT:-clang-format}
clang_tidy=${CLANG_TIDY:-clang-tidy}
build_dir=${KYOSEI_TIDY_BUILD_DIR:-build/ci}
jobs=${KYOSEI_TIDY_JOBS:-$(nproc 2>/dev/null || echo 2)}

format_dirs=(core storage app http exchange cli tests)
tidy_dirs=(core exchange app)

# Lists existing files (tracked, or untracked and not ignored) under the given folders
# whose names end in .cpp/.hpp, one per line, NUL-free paths assumed (the project's are).
list_sources() {
  local pattern=$1
  shift
  git ls-files -co --exclude-standard -- "$@" | grep -E "$pattern" | while IFS= read -r f; do
    [[ -f "$f" ]] && printf '%s\n' "$f"
  done || true
}

mapfile -t format_files < <(list_sources '\.(cpp|hpp)$' "${format_dirs[@]}")

if (( fix )); then
  if (( ${#format_files[@]} )); then
    "$clang_format" -i --style=file "${format_files[@]}"
  fi
  echo "check-format: reformatted ${#format_files[@]} files with $("$clang_format" --version)"
  exit 0
fi

status=0

# --- clang-format ---------------------------------------------------------------------
if (( ${#format_files[@]} == 0 )); then
  echo "check-format: no C++ files yet under ${format_dirs[*]}"
else
  drifted=()
  for f in "${format_files[@]}"; do
    if ! "$clang_format" --dry-run --Werror --style=file "$f" >/dev/null 2>&1; then
      drifted+=("$f")
    fi
  done
  if (( ${#drifted[@]} == 0 )); then
    echo "check-format: clang-format OK (${#format_files[@]} files)"
  else
    # Show what would change (the first lines of each diff), then the list.
    for f in "${drifted[@]}"; do
      "$clang_format" --style=file "$f" | diff -u --label "$f" --label "$f (clang-formatted)" "$f" - \
        | head -n "${KYOSEI_FORMAT_DIFF_LINES:-40}" >&2 || true
    done
    echo "check-format: FAILED: ${#drifted[@]} of ${#format_files[@]} files are not" \
      "clang-formatted ($("$clang_format" --version | sed 's/.*version //')):" >&2
    printf '  %s\n' "${drifted[@]}" >&2
    echo "check-format: fix with: scripts/check-format.sh --fix" >&2
    status=1
  fi
fi

# --- clang-tidy -----------------------------------------------------------------------
if [[ "${KYOSEI_SKIP_TIDY:-0}" == 1 ]]; then
  echo "check-format: clang-tidy skipped (KYOSEI_SKIP_TIDY=1)"
elif [[ ! -f "$build_dir/compile_commands.json" ]]; then
  echo "check-format: clang-tidy SKIPPED: $build_dir/compile_commands.json does not exist;" \
    "run 'cmake --preset ci' first (scripts/test.sh does)"
else
  mapfile -t tidy_candidates < <(list_sources '\.cpp$' "${tidy_dirs[@]}")
  # Only translation units the build knows; a file not in the build has no flags.
  tidy_files=()
  for f in "${tidy_candidates[@]}"; do
    if grep -qF "/$f\"" "$build_dir/compile_commands.json"; then
      tidy_files+=("$f")
    else
      echo "check-format: clang-tidy: $f is not in $build_dir/compile_commands.json" \
        "(not built?), skipped" >&2
    fi
  done
  if (( ${#tidy_files[@]} == 0 )); then
    echo "check-format: no files for clang-tidy under ${tidy_dirs[*]}"
  else
    tidy_log=$(mktemp)
    trap 'rm -f "$tidy_log"' EXIT
    # One clang-tidy per file, $jobs at a time; any failing file fails the run.
    if printf '%s\0' "${tidy_files[@]}" \
        | xargs -0 -n 1 -P "$jobs" "$clang_tidy" -p "$build_dir" --quiet \
          --extra-arg=-Wno-unknown-warning-option >"$tidy_log" 2>&1; then
      echo "check-format: clang-tidy OK (${#tidy_files[@]} files)"
    else
      grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$|^Suppressed [0-9]+ warnings|^Use -header-filter=|^Error while processing ' \
        "$tidy_log" >&2 || true
      echo "check-format: FAILED: clang-tidy reported findings (see above)" >&2
      status=1
    fi
  fi
fi

exit "$status"
