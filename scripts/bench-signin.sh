#!/usr/bin/env bash
# Benchmark of sign-in under load (issue 10, finding 5; ADR 0009), on loopback: /healthz
# (one request every 10 ms) alone, then while CLIENTS clients sign in again and again with
# the right password (each client its own account of the demo region).
#
#   bash scripts/bench-signin.sh [CLIENTS] [SECONDS] [-- SERVE_ARGS…]     (6 10)
#
# The server runs with --threads 2 (two I/O threads, as on a 2-core machine). Pass e.g.
# `-- --sign-ins-per-minute 100000` to measure the hashing pool without the per-account
# limit (the binary must know the flag). KYOSEI_BENCH_BIN=PATH measures that binary (e.g.
# main's, for the "before" figures); otherwise the release preset is built. SQLite.
set -euo pipefail
root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root_dir"
clients=${1:-6}
seconds=${2:-10}
shift $(($# < 2 ? $# : 2))
[[ "${1:-}" == "--" ]] && shift
serve_args=("$@")

if [[ -n "${KYOSEI_BENCH_BIN:-}" ]]; then
  kyosei=$KYOSEI_BENCH_BIN
else
  cmake --preset release >/dev/null
  cmake --build --preset release --target kyosei >/dev/null
  kyosei=build/release/kyosei
fi

work=$(mktemp -d /tmp/kyosei-bench-signin.XXXXXX)
cleanup() {
  [[ -n "${server_pid:-}" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
db="sqlite:$work/bench.db"
k() { "$kyosei" --db "$db" "$@"; }
k load data/minami-sorachi.yaml >/dev/null
k demo-users --region minami-sorachi | grep -E '^demo-0[0-9]{4}' | cut -f1,2 >"$work/users"

"$kyosei" --db "$db" serve --listen 127.0.0.1:0 --threads 2 "${serve_args[@]}" >"$work/out" 2>"$work/log" &
server_pid=$!
for _ in $(seq 1 100); do grep -q 'http://' "$work/out" 2>/dev/null && break; sleep 0.1; done
port=$(grep -o '127.0.0.1:[0-9]*' "$work/out" | head -n 1 | cut -d: -f2)

users=()
while IFS=$'\t' read -r login password; do users+=("$login:$password"); done <"$work/users"
echo "== $("$kyosei" --version), serve ${serve_args[*]:-(defaults)}"
python3 scripts/lib/bench_load.py healthz "$port" "$seconds"
python3 scripts/lib/bench_load.py signin "$port" "$seconds" "$clients" "${users[@]}"
