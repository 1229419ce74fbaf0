#!/usr/bin/env bash
# Records what a kyosei binary answers to a fixed list of GET requests on the demo region,
# one file per request, so that two builds can be compared byte for byte (a restructure
# must not change a response).
#
#   tools/api-snapshot/snapshot.sh BINARY OUT_DIR
#   diff -r OUT_A OUT_B
#
# A fresh SQLite database gets the demo dataset, the sample progress (`demo-progress`,
# dates relative to today: compare snapshots taken the same day) and one council member
# with a known password for the members-only reads. The server listens on loopback and
# is stopped on exit. Instants and session tokens, which differ between any two runs, are
# replaced by placeholders.
set -euo pipefail
bin=$(realpath "$1")
out=$2
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
mkdir -p "$out"
work=$(mktemp -d)
pid=""
cleanup() {
  [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
db="sqlite:$work/k.db"
"$bin" --db "$db" load "$root/data/minami-sorachi.yaml" >/dev/null
"$bin" --db "$db" demo-progress --region minami-sorachi --fy 2025 >/dev/null
printf 'snapshot-password-123\n' | "$bin" --db "$db" user add probe \
  --role minami-sorachi:council_member >/dev/null
printf 'snapshot-password-123\n' | "$bin" --db "$db" user add editor \
  --role minami-sorachi:municipality_editor:01423 >/dev/null
"$bin" --db "$db" serve --listen 127.0.0.1:0 --web-root none >"$work/out" 2>"$work/log" &
pid=$!
for _ in $(seq 1 100); do grep -q 'http://' "$work/out" 2>/dev/null && break; sleep 0.1; done
base="http://$(grep -o '127.0.0.1:[0-9]*' "$work/out" | head -n 1)"
r=/api/v1/regions/minami-sorachi

get() {  # get NAME PATH [JAR]
  local jar=${3:-}
  curl -s -o "$out/$1.body" -w '%{http_code} %{content_type}\n' ${jar:+-b "$jar"} "$base$2" \
    >"$out/$1.status"
}
sign_in() {  # sign_in LOGIN JAR
  curl -s -c "$2" -H 'Content-Type: application/json' \
    -d "{\"login\":\"$1\",\"password\":\"snapshot-password-123\"}" "$base/api/v1/session" >/dev/null
}

get healthz /healthz
get regions /api/v1/regions
get region "$r"
get vision-r7 "$r/vision?fy=R7"
get vision-2026 "$r/vision?fy=2026"
get vision-bad "$r/vision?fy=X"
get dashboard-r7 "$r/dashboard?fy=R7"
get dashboard-2026 "$r/dashboard?fy=2026"
get kpis-2025 "$r/kpis?fy=2025"
get kpis-2026 "$r/kpis?fy=2026"
for id in 1 2 5; do
  get "kpi-$id-series" "$r/kpis/$id/series"
  get "kpi-$id-history" "$r/kpis/$id/history"
done
get search-bousai "$r/search?q=%E9%98%B2%E7%81%BD"
get search-no "$r/search?q=%E3%81%AE"
get search-empty "$r/search?q="
get progress-anon "$r/progress?fy=2025"
get unknown-region /api/v1/regions/nowhere
get openapi /api/v1/openapi.json

jar="$work/member.jar"
sign_in probe "$jar"
get me "/api/v1/me" "$jar"
get progress-2025 "$r/progress?fy=2025" "$jar"
get progress-01423 "$r/progress?fy=2025&municipality=01423" "$jar"
get rounds "$r/rounds" "$jar"
get round-1 "$r/rounds/1" "$jar"
get year "$r/categories/1/years/2025" "$jar"
for res in municipalities agreements policy-areas fields categories initiatives actions; do
  get "list-$res" "$r/$res" "$jar"
done
get field-1 "$r/fields/1" "$jar"
get action-1 "$r/actions/1" "$jar"
get search-member "$r/search?q=%E3%81%AE" "$jar"
get audit-forbidden "$r/audit" "$jar"
editor="$work/editor.jar"
sign_in editor "$editor"
get tasks-01423 "$r/rounds/1/tasks/01423" "$editor"
get tasks-other "$r/rounds/1/tasks/01424" "$editor"
# What differs between any two runs: instants (sign-in, entry times) and session tokens.
sed -i -E -e 's/"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z"/"<instant>"/g' \
  -e 's/"csrf_token":"[0-9a-f]+"/"csrf_token":"<token>"/g' "$out"/*.body
echo "snapshot: $(ls "$out" | grep -c '\.body$') responses in $out"
