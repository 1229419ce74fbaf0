#!/usr/bin/env bash
# Benchmark of the write path (issue 10, finding 4; ADR 0009), on loopback:
#  1. audited writes/s: WRITERS clients (town editors of the demo region) each replace a
#     progress record of their town again and again (PUT with If-Match: one audited write,
#     one change counter, the search documents of that record);
#  2. the p99 of a progress write while 8 clients read the dashboard without pause;
#  3. write times in the demo region alone, and next to a region with 5,000 topics (the
#     demo plan with 5,000 topics spread over its category years) where 4 writers write.
#
#   bash scripts/bench-writes.sh [sqlite|postgres] [SECONDS] [WRITERS]   (sqlite 10 16)
#
# KYOSEI_BENCH_BIN=PATH measures that binary (e.g. main's, for the "before" figures);
# otherwise the release preset is built. KYOSEI_BENCH_PORT=N makes the server listen on
# 127.0.0.1:N (default: a free port the system picks). KYOSEI_BENCH_PHASES="0 1 1b 2 3"
# (the default) chooses the phases; 1b, the audited writes driven by wrk (a C load generator
# with a Lua script, scripts/lib/bench_writes.lua) instead of the Python clients, runs when
# wrk is installed; KYOSEI_BENCH_WRK="-t1 -c4" sets its threads and connections (default
# "-t2 -c4"). Results go to docs/benchmarks.md by hand.
set -euo pipefail
root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root_dir"
engine=${1:-sqlite}
seconds=${2:-10}
writers=${3:-16}

if [[ -n "${KYOSEI_BENCH_BIN:-}" ]]; then
  kyosei=$KYOSEI_BENCH_BIN
else
  cmake --preset release >/dev/null
  cmake --build --preset release --target kyosei >/dev/null
  kyosei=build/release/kyosei
fi

work=$(mktemp -d /tmp/kyosei-bench-writes.XXXXXX)
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
k() { "$kyosei" --db "$db" "$@"; }

# The demo region, its demo users, and a copy of its plan with 5,000 topics.
k load data/minami-sorachi.yaml >/dev/null
k demo-users --region minami-sorachi | grep -E '^demo-0[0-9]{4}' | cut -f1,2 >"$work/users"
python3 - "$work/big.yaml" <<'EOF'
import sys, yaml
d = yaml.safe_load(open("data/minami-sorachi.yaml", encoding="utf-8"))
d["slug"] = "big-region"
d["name"] = "大規模試験圏"
d["name_en"] = "Big test region"
years = []
def walk(x):
    if isinstance(x, dict):
        if "fiscal_year" in x and ("direction" in x or "topics" in x or "initiatives" in x):
            years.append(x)
        for v in x.values():
            walk(v)
    elif isinstance(x, list):
        for v in x:
            walk(v)
walk(d)
if not years:
    sys.exit("no category years found in the demo dataset")
total = 5000
for i in range(total):
    y = years[i % len(years)]
    y.setdefault("topics", []).append(f"大規模試験の検討項目 {i:05d}：広域連携による共同実施の検討")
yaml.safe_dump(d, open(sys.argv[1], "w", encoding="utf-8"), allow_unicode=True, sort_keys=False)
print(f"big-region: {total} topics over {len(years)} category years", file=sys.stderr)
EOF
# The copy changed the plan: seal it again (ADR 0008's end marker).
"$kyosei" check --seal "$work/big.yaml" >/dev/null
k load "$work/big.yaml" >/dev/null
for code in 01210 01209 01215 01222; do
  printf 'bench-secret-%s-Kx9\n' "$code" |
    k user add "big-$code" --role "big-region:municipality_editor:$code" >/dev/null
done

"$kyosei" --db "$db" serve --listen "127.0.0.1:${KYOSEI_BENCH_PORT:-0}" --threads "${KYOSEI_BENCH_THREADS:-4}" >"$work/out" 2>"$work/log" &
server_pid=$!
for _ in $(seq 1 100); do grep -q 'http://' "$work/out" 2>/dev/null && break; sleep 0.1; done
port=$(grep -o '127.0.0.1:[0-9]*' "$work/out" | head -n 1 | cut -d: -f2)

users=()
while IFS=$'\t' read -r login password; do users+=("$login:$password"); done <"$work/users"
load() { python3 scripts/lib/bench_load.py "$@"; }

# The server's own time of the progress writes (PUT …/progress/… answered 200) since log
# line $1, from its access log (µs from the first byte read to the response written:
# includes waiting for the write lock, not the client's time).
mark() { wc -l <"$work/log"; }
server_times() {
  tail -n +"$(($1 + 1))" "$work/log" | python3 -c '
import re, sys
ms = sorted(int(m.group(1)) / 1000 for m in
            (re.search(r"http PUT \S+/progress/\S+ 200 \d+B (\d+)us", l) for l in sys.stdin) if m)
p = lambda q: ms[min(len(ms) - 1, int(round(q / 100 * (len(ms) - 1))))] if ms else float("nan")
print(f"   server time of these writes: n={len(ms)} p50={p(50):.2f} ms p90={p(90):.2f} ms p99={p(99):.2f} ms")'
}

phases=" ${KYOSEI_BENCH_PHASES:-0 1 1b 2 3} "
want() { [[ "$phases" == *" $1 "* ]]; }

# Phase 1b: each wrk thread writes one town's record of the first action it takes part in,
# signed in beforehand (cookie and CSRF token), with If-Match: * (no ETag to carry).
wrk_targets() {
  python3 - "$port" "$@" <<'PY'
import http.client, json, sys
port, users = int(sys.argv[1]), sys.argv[2:]
out = []
for user in users:
    login, password = user.split(":")[:2]
    code = login.rsplit("-", 1)[-1]
    c = http.client.HTTPConnection("127.0.0.1", port)
    c.request("POST", "/api/v1/session", json.dumps({"login": login, "password": password}),
              {"Content-Type": "application/json"})
    r = c.getresponse()
    csrf = json.loads(r.read())["csrf_token"]
    cookie = r.getheader("Set-Cookie").split(";", 1)[0]
    c.request("GET", f"/api/v1/regions/minami-sorachi/progress?fy=2025&municipality={code}",
              headers={"Cookie": cookie})
    action = json.loads(c.getresponse().read())["items"][0]["id"]
    path = f"/api/v1/regions/minami-sorachi/actions/{action}/progress/{code}"
    # The record must exist for If-Match: * to match it (a stale If-Match is answered 412).
    c.request("PUT", path, json.dumps({"status": "in_progress"}),
              {"Cookie": cookie, "X-CSRF-Token": csrf, "Content-Type": "application/json",
               "If-Match": '"v0"'})
    r = c.getresponse()
    r.read()
    if r.status == 412:
        c.request("PUT", path, json.dumps({"status": "in_progress"}),
                  {"Cookie": cookie, "X-CSRF-Token": csrf, "Content-Type": "application/json"})
        c.getresponse().read()
    out.append(f"{path}|{cookie}|{csrf}")
print(";".join(out))
PY
}

echo "== $engine, $("$kyosei" --version), load average $(cut -d' ' -f1-3 /proc/loadavg)"
if want 0; then
  echo "== 0. one progress writer alone (no contention), ${seconds}s"
  m=$(mark)
  load writes "$port" "$seconds" 1 "${users[2]}"
  server_times "$m"
fi
if want 1; then
  echo "== 1. audited progress writes, $writers writers, ${seconds}s"
  m=$(mark)
  load writes "$port" "$seconds" "$writers" "${users[@]}"
  server_times "$m"
fi
if want 1b && command -v wrk >/dev/null; then
  wrk_args=${KYOSEI_BENCH_WRK:--t2 -c4}
  echo "== 1b. audited progress writes driven by wrk ($wrk_args), ${seconds}s"
  targets=$(wrk_targets "${users[3]}" "${users[4]}")
  m=$(mark)
  # shellcheck disable=SC2086 # wrk_args is a list of options
  WRK_TARGETS=$targets wrk $wrk_args -d"${seconds}s" -s scripts/lib/bench_writes.lua \
    "http://127.0.0.1:$port" | grep '^wrk'
  server_times "$m"
fi
if want 2; then
  echo "== 2. one progress writer while 8 clients read the dashboard, ${seconds}s"
  m=$(mark)
  load mixed "$port" "$seconds" 8 "${users[0]}"
  server_times "$m"
fi
if want 3; then
  echo "== 3. the demo region alone, then next to 4 writers in a 5,000-topic region, ${seconds}s each"
  big_users=()
  for code in 01210 01209 01215 01222; do big_users+=("big-$code:bench-secret-$code-Kx9:big-region"); done
  load neighbour "$port" "$seconds" "${users[1]}" "${big_users[0]}" 4
fi
echo "   load average now $(cut -d' ' -f1-3 /proc/loadavg)"
