#!/usr/bin/env bash
# The run command: build the optimised server, create the demo database on first run,
# and serve it.
#
#   bash scripts/run.sh                       then open http://127.0.0.1:8080/ in a browser
#   KYOSEI_LISTEN=127.0.0.1:9000 bash scripts/run.sh
#
# The database is var/kyosei.db (SQLite). It is created once, from
# data/minami-sorachi.yaml; delete it to start again from the demo data.
set -euo pipefail

root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root_dir"

listen=${KYOSEI_LISTEN:-127.0.0.1:8080}
db_file=var/kyosei.db
dataset=data/minami-sorachi.yaml
kyosei=build/release/kyosei

bash scripts/install-deps.sh
cmake --preset release
cmake --build --preset release
# The web front end (Node.js >= 20.19; npm ci from web/package-lock.json, Vite build).
bash scripts/web-build.sh
[[ -x "$kyosei" ]] || { echo "run: $kyosei was not built" >&2; exit 1; }

mkdir -p var
if [[ ! -f "$db_file" ]]; then
  # Build into a temporary file and rename it into place, so an interrupted first run
  # never leaves a half-loaded database behind.
  tmp="$db_file.new-$$"
  cleanup_tmp() { rm -f "$tmp" "$tmp-wal" "$tmp-shm" "$tmp-journal"; }
  trap cleanup_tmp EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  cleanup_tmp
  echo "run: creating $db_file from $dataset"
  "$kyosei" --db "sqlite:$tmp" migrate
  "$kyosei" --db "sqlite:$tmp" load "$dataset"
  # One user per role and one editor per municipality; the passwords are printed here,
  # once, and stored nowhere else (demo only).
  "$kyosei" --db "sqlite:$tmp" demo-users --region minami-sorachi
  # Sample R7 progress, evaluations and one open data-collection round, all labelled
  # サンプル (the deck has no figures), so the dashboard and the task lists are not empty.
  "$kyosei" --db "sqlite:$tmp" demo-progress --region minami-sorachi --fy 2025
  echo "run: keep the demo passwords above; admin and secretariat also need the TOTP secret"
  echo "run: (any authenticator app, or: oathtool --totp -b SECRET)"
  # Fold any write-ahead log into the main file before the rename.
  if [[ -s "$tmp-wal" ]]; then
    sqlite3 "$tmp" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
  fi
  if [[ -s "$tmp-wal" ]]; then
    echo "run: $tmp-wal could not be checkpointed; not installing the database" >&2
    exit 1
  fi
  rm -f "$tmp-wal" "$tmp-shm"
  mv -f "$tmp" "$db_file"
  trap - EXIT INT TERM
fi
# A sample R7 council year (members, 懇談会 and 部会 sessions, opinions with answers), all
# labelled サンプル (the deck has no opinions). Run on every start after the other demo
# steps: it migrates an older database and writes nothing when the sample is already there.
"$kyosei" --db "sqlite:$db_file" demo-council --region minami-sorachi --fy 2025

host=${listen%:*}
port=${listen##*:}
case "$host" in
  0.0.0.0|""|"[::]") host=127.0.0.1 ;;
esac
if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
  echo "run: something is already listening on $host:$port;" \
    "stop it or set KYOSEI_LISTEN=127.0.0.1:OTHERPORT" >&2
  exit 1
fi

url="http://$host:$port/"
echo
echo "=================================================="
echo "  Kyosei is starting at  $url"
echo "  (Ctrl+C to stop; database: $db_file)"
echo "=================================================="
echo
exec "$kyosei" --db "sqlite:$db_file" serve --listen "$listen" --web-root web/dist
