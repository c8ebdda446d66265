#!/usr/bin/env bash
# Load under attack: how an honest subscriber's feed requests
# fare while 300 connections hammer the public wheel and forged mark-done
# links, for this checkout and for an earlier commit (BEFORE, default the
# last one without the page cache and the sampled refusal log), in the
# same run. Each daemon serves the example config from its own copy.
#
#   scripts/attack-load.sh                 # 20 s per run
#   BEFORE=0bdcc71 DURATION=10 scripts/attack-load.sh
#
# Needs wrk and curl (apt-get install wrk curl). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
BEFORE=${BEFORE:-0bdcc71} DURATION=${DURATION:-20} PORT=${PORT:-18300}
for tool in wrk curl git; do command -v $tool >/dev/null || { echo "missing $tool: apt-get install wrk curl" >&2; exit 1; }; done

work=$(mktemp -d)
daemon=
cleanup() { [ -n "$daemon" ] && kill "$daemon" 2>/dev/null; wait 2>/dev/null || true; git worktree remove --force "$work/before-src" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

go build -o "$work/after" ./cmd/arshjul
git worktree add --detach "$work/before-src" "$BEFORE" >/dev/null 2>&1
(cd "$work/before-src" && go build -o "$work/before" ./cmd/arshjul)

cat >"$work/forge.lua" <<'EOF'
wrk.method = "POST"
wrk.body = "sig=AAAAAAAAAAAA.forged&note=x"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
EOF
# p50 and p99 of wrk --latency, in ms.
latency() { awk '/^ +50%/ {p50 = $2} /^ +99%/ {p99 = $2} END {print p50, p99}' "$1" | sed 's/ms//g'; }
reqs() { awk '/Requests\/sec/ {printf "%d", $2}' "$1"; }
# wrk prints µs, ms or s; make it ms.
ms() { awk '{ for (i = 1; i <= NF; i++) { v = $i; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f%s", v, (i < NF ? " " : "\n") } }'; }

rows=()
for version in before after; do
  site=$work/$version-site
  mkdir -p "$site"
  cp -r config calendars "$site/"
  cfg=$site/config/arshjul.yaml
  sed -i "s#base_url: \"http://localhost:8080\"#base_url: \"http://127.0.0.1:$PORT\"#" "$cfg"
  ARSHJUL_LISTEN=127.0.0.1:$PORT "$work/$version" --config "$cfg" --now 2026-09-21T10:00 serve >"$work/$version.log" 2>&1 &
  daemon=$!
  for _ in $(seq 100); do curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && break; sleep 0.1; done
  feed=$("$work/$version" --config "$cfg" feeds | awk '$1 == "hr" && !seen {print $2; seen = 1}' | sed "s#http://localhost:8080#http://127.0.0.1:$PORT#")
  curl -fsS -o /dev/null "$feed" || { echo "no feed from $version" >&2; exit 1; }
  base=http://127.0.0.1:$PORT

  wrk -t1 -c1 -d"${DURATION}s" --latency "$feed" >"$work/$version-quiet.txt"
  lines_before=$(wc -l <"$work/$version.log")
  wrk -t1 -c150 -d"$((DURATION + 2))s" "$base/wheel/public" >"$work/$version-wheel.txt" &
  a1=$!
  wrk -t1 -c150 -d"$((DURATION + 2))s" -s "$work/forge.lua" "$base/followups/ekonomi/arsredovisning/2026-04-28" >"$work/$version-forge.txt" &
  a2=$!
  sleep 1
  wrk -t1 -c1 -d"${DURATION}s" --latency "$feed" >"$work/$version-attacked.txt"
  wait "$a1" "$a2"
  lines=$(($(wc -l <"$work/$version.log") - lines_before))
  read -r q50 q99 <<<"$(latency "$work/$version-quiet.txt" | ms)"
  read -r a50 a99 <<<"$(latency "$work/$version-attacked.txt" | ms)"
  rows+=("| $version ($( [ $version = before ] && echo "$BEFORE" || git rev-parse --short HEAD)) | $q50 / $q99 | $a50 / $a99 | $(reqs "$work/$version-attacked.txt") | $(reqs "$work/$version-wheel.txt") | $(reqs "$work/$version-forge.txt") | $lines |")
  kill "$daemon"; wait "$daemon" 2>/dev/null || true; daemon=
done

echo
echo "Honest feed client (wrk -t1 -c1, ${DURATION} s) alone and while 150 connections GET /wheel/public and 150 POST forged mark-done links:"
echo
echo "| daemon | feed p50 / p99 alone (ms) | feed p50 / p99 under attack (ms) | honest req/s under attack | /wheel/public req/s | forged req/s | log lines written |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
