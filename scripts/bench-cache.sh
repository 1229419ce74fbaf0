#!/usr/bin/env bash
# Memory of the read-model cache under junk queries: 100,000 requests for the KPI list,
# each with a different spelling of the same fiscal year (2025 padded with blanks, which
# the API accepts), sent by wrk on loopback. Prints the server's resident memory before
# and after. The cache keys by the parsed year and is bounded (LRU, 64 MiB), so memory
# stays flat; a cache keyed by the raw text grows with every request.
#
#   bash scripts/bench-cache.sh [BINARY] [REQUESTS]   (defaults: build/release/kyosei, 100000)
set -euo pipefail
root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
kyosei=${1:-$root_dir/build/release/kyosei}
requests=${2:-100000}
work=$(mktemp -d /tmp/kyosei-bench-cache.XXXXXX)
pid=""
cleanup() {
  [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
"$kyosei" --db "sqlite:$work/k.db" load "$root_dir/data/minami-sorachi.yaml" >/dev/null
"$kyosei" --db "sqlite:$work/k.db" serve --listen 127.0.0.1:0 --web-root none >"$work/out" 2>/dev/null &
pid=$!
for _ in $(seq 1 100); do grep -q 'http://' "$work/out" 2>/dev/null && break; sleep 0.1; done
base="http://$(grep -o '127.0.0.1:[0-9]*' "$work/out" | head -n 1)"
rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
curl -s -o /dev/null "$base/api/v1/regions/minami-sorachi/kpis?fy=2025"
before=$(rss)
cat >"$work/junk.lua" <<LUA
counter = 0
done_count = 0
request = function()
  local a = counter % 317
  local b = math.floor(counter / 317) % 317
  counter = counter + 1
  return wrk.format("GET", "/api/v1/regions/minami-sorachi/kpis?fy=" ..
    string.rep("%20", a) .. "2025" .. string.rep("%20", b))
end
response = function(status, headers, body)
  done_count = done_count + 1
  if done_count >= $requests then wrk.thread:stop() end
end
LUA
wrk -t1 -c8 -d300s -s "$work/junk.lua" "$base" | grep -E 'requests in|Non-2xx' || true
after=$(rss)
echo "RSS before: ${before} KiB, after ${requests} junk queries: ${after} KiB (+$((after - before)) KiB)"
