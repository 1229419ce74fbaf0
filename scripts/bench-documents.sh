#!/usr/bin/env bash
# Benchmark of the documents (issue 14), on loopback over SQLite: generating the R7 council
# material of the demo region (PDF and HTML, N times each, with the sample progress and
# council year loaded; fetched by a town editor) and the server's memory around it (VmRSS before, VmHWM after); then
# `kyosei backup` and `kyosei restore` of that database (wall time and peak RSS from
# /usr/bin/time).
#
#   bash scripts/bench-documents.sh [N]      (10)
#
# KYOSEI_BENCH_BIN=PATH measures that binary; otherwise the release preset is built.
set -euo pipefail
root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root_dir"
runs=${1:-10}

if [[ -n "${KYOSEI_BENCH_BIN:-}" ]]; then
  kyosei=$KYOSEI_BENCH_BIN
else
  cmake --preset release >/dev/null
  cmake --build --preset release --target kyosei >/dev/null
  kyosei=build/release/kyosei
fi

work=$(mktemp -d /tmp/kyosei-bench-documents.XXXXXX)
cleanup() {
  [[ -n "${server_pid:-}" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
db="sqlite:$work/bench.db"
printf 'k1 %s\n' "$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" >"$work/audit.key"
k() { "$kyosei" --db "$db" --audit-key-file "$work/audit.key" "$@"; }
k load data/minami-sorachi.yaml >/dev/null
k demo-progress --region minami-sorachi --fy 2025 >/dev/null
k demo-council --region minami-sorachi --fy 2025 >/dev/null
k demo-users --region minami-sorachi | grep -E '^demo-01423' | cut -f1,2 >"$work/user"

"$kyosei" --db "$db" --audit-key-file "$work/audit.key" serve --listen 127.0.0.1:0 --threads 2 \
  --insecure-cookies >"$work/out" 2>"$work/log" &
server_pid=$!
for _ in $(seq 1 100); do grep -q 'http://' "$work/out" 2>/dev/null && break; sleep 0.1; done
port=$(grep -o '127.0.0.1:[0-9]*' "$work/out" | head -n 1 | cut -d: -f2)

echo "== $("$kyosei" --version), council material of R7, $runs runs each"
IFS=$'\t' read -r login password <"$work/user"
python3 - "$port" "$login" "$password" "$runs" "$server_pid" <<'PY'
import sys, time
sys.path.insert(0, "scripts/lib")
from bench_load import Client

port, login, password, runs, pid = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]

def mem(key):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(key):
            return int(line.split()[1]) / 1024
    return float("nan")

c = Client(port)
assert c.sign_in(login, password) == 200
print(f"server before: VmRSS {mem('VmRSS'):.1f} MiB, VmHWM {mem('VmHWM'):.1f} MiB")
for fmt in ("pdf", "html"):
    ms = []
    size = 0
    for _ in range(runs):
        t = time.perf_counter()
        status, _, body = c.request("GET", f"/api/v1/regions/minami-sorachi/documents/council-material?fy=R7&format={fmt}")
        ms.append((time.perf_counter() - t) * 1000)
        assert status == 200, status
        size = len(body)
    first = ms[0]
    ms.sort()
    print(f"{fmt}: first {first:.0f} ms, min {ms[0]:.0f} ms, p50 {ms[len(ms)//2]:.0f} ms, max {ms[-1]:.0f} ms, {size/1024:.0f} KiB")
print(f"server after: VmRSS {mem('VmRSS'):.1f} MiB, VmHWM {mem('VmHWM'):.1f} MiB")
PY

kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=
/usr/bin/time -f "backup: %e s, max RSS %M KiB" "$kyosei" --db "$db" --audit-key-file "$work/audit.key" backup --out "$work/b.kbk" 2>&1 | grep -E '^backup:'
echo "backup file: $(du -k "$work/b.kbk" | cut -f1) KiB, $(wc -l <"$work/b.kbk") lines"
/usr/bin/time -f "restore: %e s, max RSS %M KiB" "$kyosei" --db "sqlite:$work/restored.db" --audit-key-file "$work/audit.key" restore "$work/b.kbk" 2>&1 | grep -E '^restore:'
