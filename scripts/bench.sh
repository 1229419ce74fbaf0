#!/usr/bin/env bash
# Benchmark of the read side: a large synthetic installation (`kyosei synth`, invented data)
# served by the release build, measured with wrk on loopback.
#
#   bash scripts/bench.sh [REGIONS] [sqlite|postgres]     (defaults: 200 sqlite)
#
# Prints: load time, cold dashboard latency (first request per region, median and max over
# 20 regions), warm dashboard and KPI series at 64 connections (wrk: req/s, p50, p99), and
# the server's resident memory. Results go to docs/benchmarks.md by hand, with the machine.
# KYOSEI_BENCH_BIN=PATH measures that binary instead of building the release preset.
set -euo pipefail
root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root_dir"
regions=${1:-200}
engine=${2:-sqlite}

# KYOSEI_BENCH_BIN: measure another build (e.g. the one before a change) with the same script.
if [[ -n "${KYOSEI_BENCH_BIN:-}" ]]; then
  kyosei=$KYOSEI_BENCH_BIN
else
  bash scripts/install-deps.sh >/dev/null
  cmake --preset release >/dev/null
  cmake --build --preset release >/dev/null
  kyosei=build/release/kyosei
fi

work=$(mktemp -d /tmp/kyosei-bench.XXXXXX)
pg_state=""
cleanup() {
  [[ -n "${server_pid:-}" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [[ -n "$pg_state" ]] && KYOSEI_PG_STATE=$pg_state bash scripts/pg-cluster.sh stop >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

if [[ "$engine" == postgres ]]; then
  pg_state="$work/pg.env"
  db=$(KYOSEI_PG_STATE=$pg_state bash scripts/pg-cluster.sh start | tail -n 1)
else
  db="sqlite:$work/bench.db"
fi

echo "== $regions synthetic regions on $engine"
start=$(date +%s.%N)
"$kyosei" --db "$db" synth --regions "$regions" >/dev/null
echo "load: $(echo "$(date +%s.%N) - $start" | bc) s"

"$kyosei" --db "$db" serve --listen 127.0.0.1:0 >"$work/out" 2>"$work/log" &
server_pid=$!
for _ in $(seq 1 100); do grep -q 'http://' "$work/out" 2>/dev/null && break; sleep 0.1; done
port=$(grep -o '127.0.0.1:[0-9]*' "$work/out" | head -n 1 | cut -d: -f2)
base="http://127.0.0.1:$port/api/v1/regions"

echo "== cold dashboard (first request of a region: load + compute + serialise)"
times=()
for i in $(seq 0 19); do
  times+=("$(curl -s -o /dev/null -w '%{time_total}' "$base/synth-$((i % regions))/dashboard?fy=2025")")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "cold: median %.1f ms, max %.1f ms (n=%d)\n", a[int((NR+1)/2)]*1000, a[NR]*1000, NR}'

kpi=$(curl -s "$base/synth-1/kpis?fy=2025" | grep -o '"id":[0-9]*' | head -n 1 | cut -d: -f2)
for target in "synth-1/dashboard?fy=2025" "synth-1/kpis/$kpi/series"; do
  echo "== warm $target (wrk, 2 threads, 64 connections, 10 s)"
  curl -s -o /dev/null "$base/$target"
  wrk -t2 -c64 -d10s --latency "$base/$target" | grep -E 'Requests/sec|^ +50%|^ +99%|Non-2xx|Socket errors' || true
done
echo "server RSS: $(ps -o rss= -p "$server_pid") KiB"
