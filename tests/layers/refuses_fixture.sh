#!/usr/bin/env bash
# Builds a small tree that breaks each rule of scripts/check-layers.sh once, and checks
# that the check fails and names each violation; then that the same tree without them
# passes.   refuses_fixture.sh PATH/TO/check-layers.sh
set -euo pipefail
check=$1
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree"/{core/plan,storage/plan,app/plan,http/api,cli}
printf '#include "core/plan/region.hpp"\n' > "$tree/storage/plan/ok.cpp"
printf '#include "app/plan/vision.hpp"\n' > "$tree/core/plan/up.hpp"           # core → app
printf '#include "storage/plan/x.hpp"\n' > "$tree/http/api/skip.cpp"           # http → storage
printf '#include <soci/soci.h>\n' > "$tree/app/plan/soci.cpp"                  # SOCI in app
printf 'auto q = "SELECT id FROM regions";\n' > "$tree/cli/sql.cpp"            # SQL in cli
if out=$(bash "$check" "$tree" 2>&1); then
  echo "check-layers passed a tree with violations:"; echo "$out"; exit 1
fi
for expected in "core/plan/up.hpp:1: core/ may not include app/plan/vision.hpp" \
                "http/api/skip.cpp:1: http/ may not include storage/plan/x.hpp" \
                "app/plan/soci.cpp:1: SOCI is included outside storage/" \
                "cli/sql.cpp:1: SQL or soci:: outside storage/"; do
  grep -qF "$expected" <<<"$out" || { echo "missing: $expected"; echo "$out"; exit 1; }
done
rm "$tree/core/plan/up.hpp" "$tree/http/api/skip.cpp" "$tree/app/plan/soci.cpp" "$tree/cli/sql.cpp"
bash "$check" "$tree"
echo "refuses_fixture: OK"
