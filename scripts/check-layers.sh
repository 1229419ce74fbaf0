#!/usr/bin/env bash
# The layering check (docs/adr/0007-feature-folders-and-layer-rules.md). Fails when
#  - a layer includes a header of a layer it may not depend on:
#      core → core;  exchange → core;  storage → core;  app → core, exchange, storage;
#      http → core, app;  cli → core, app, http   (tests/ may include anything);
#  - anything outside storage/ includes SOCI;
#  - a non-test source file outside storage/ holds SQL ("SELECT …, INSERT INTO, DELETE FROM,
#    UPDATE … SET") or names soci::.
#
#   scripts/check-layers.sh [ROOT]     ROOT defaults to the repository (a fixture tree in
#                                       the check's own test, tests/layers/)
# Prints every violation as FILE:LINE: what; exits 1 when there is any.
set -euo pipefail

root=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
cd "$root"

declare -A allowed=(
  [core]="core"
  [exchange]="core exchange"
  [storage]="core storage"
  [app]="core exchange storage app"
  [http]="core app http"
  [cli]="core app http cli"
)

violations=0
report() {
  printf '%s\n' "$1" >&2
  violations=$((violations + 1))
}

sources() {  # the C++ sources of a layer, tests excluded
  find "$1" -type f \( -name '*.cpp' -o -name '*.hpp' \) ! -name '*_test.cpp' 2>/dev/null | sort
}

# One grep per layer and question (not per file): the check stays fast on a loaded machine.
for layer in core exchange storage app http cli; do
  [[ -d "$layer" ]] || continue
  mapfile -t files < <(sources "$layer")
  (( ${#files[@]} )) || continue
  # Project includes: FILE:LINE:#include "layer/…".
  while IFS= read -r hit; do
    file=${hit%%:*}
    rest=${hit#*:}
    line=${rest%%:*}
    target=${rest#*\"}
    target=${target%%\"*}
    dep=${target%%/*}
    case " ${allowed[$layer]} " in
      *" $dep "*) ;;
      *)
        if [[ -n "${allowed[$dep]+x}" ]]; then
          report "$file:$line: $layer/ may not include $target (a $dep/ header)"
        fi
        ;;
    esac
  done < <(grep -nHE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[a-z_]+/' "${files[@]}" || true)
  if [[ "$layer" != storage ]]; then
    while IFS=: read -r file line _; do
      report "$file:$line: SOCI is included outside storage/"
    done < <(grep -nHE '^[[:space:]]*#[[:space:]]*include[[:space:]]*<soci' "${files[@]}" || true)
    while IFS=: read -r file line _; do
      report "$file:$line: SQL or soci:: outside storage/"
    done < <(grep -nHE 'soci::|"(SELECT|INSERT INTO|DELETE FROM) |"UPDATE [a-z_]+ SET ' "${files[@]}" || true)
  fi
done

if (( violations )); then
  echo "check-layers: FAILED: $violations violation(s)" >&2
  exit 1
fi
echo "check-layers: OK"
