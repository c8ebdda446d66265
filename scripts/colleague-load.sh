#!/usr/bin/env bash
# Load from a signed-in colleague: how an honest subscriber's feed poll
# fares, and how much memory the daemon takes at its peak (VmHWM), while
# one signed-in person floods the internal wheel.
#
#   1. the example config: 200 connections GET /wheel/all?year=2027 with a
#      session cookie for DURATION seconds (wrk), the honest feed polled
#      meanwhile (wrk -c1);
#   2. one unit of 3,000 generated items (tools/genlarge): the same wheel
#      asked for 20 times a second for DURATION seconds (curl, one request
#      every 50 ms whatever the answers take), the feed polled meanwhile;
#   3. the same unit, 200 connections each asking for another year and
#      start month (distinct pages: what no cache holds), the feed polled.
#
#   scripts/colleague-load.sh                  # this checkout, 10 s each
#   BIN=/tmp/old/arshjul ITEMS=0 scripts/colleague-load.sh   # another build, the example alone
#
# The person signs in as anyone does: the sign-in link is read from the
# file transport's outbox. Needs wrk, curl and /usr/bin/python3. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10} PORT=${PORT:-18310} ITEMS=${ITEMS:-3000}
for tool in wrk curl; do command -v $tool >/dev/null || { echo "missing $tool: apt-get install wrk curl" >&2; exit 1; }; done

work=$(mktemp -d)
daemon=
cleanup() { [ -n "$daemon" ] && kill "$daemon" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
bin=${BIN:-}
if [ -z "$bin" ]; then
  bin=$work/arshjul
  go build -o "$bin" ./cmd/arshjul
fi
base=http://127.0.0.1:$PORT

# serve CONFIG: starts the daemon on the config and waits until it answers.
serve() {
  sed -i "s#^\(\s*\)base_url: .*#\1base_url: \"$base\"#" "$1"
  grep -q base_url "$1" || printf 'http:\n  base_url: "%s"\n' "$base" >>"$1"
  ARSHJUL_LISTEN=127.0.0.1:$PORT "$bin" --config "$1" --now 2026-09-21T10:00 serve >"$work/daemon.log" 2>&1 &
  daemon=$!
  for _ in $(seq 300); do curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && return; kill -0 "$daemon" || break; sleep 0.1; done
  cat "$work/daemon.log" >&2; exit 1
}
stop() { kill "$daemon"; wait "$daemon" 2>/dev/null || true; daemon=; }
# peak: the daemon's peak resident memory so far, in MB.
peak() { awk '/^VmHWM/ {printf "%d", $2 / 1024}' "/proc/$daemon/status"; }

# signin SITE ADDRESS: a session cookie's value, got as a person gets it.
signin() {
  local jar=$work/jar csrf link
  rm -f "$jar"
  csrf=$(curl -fsS -c "$jar" -b "$jar" "$base/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
  curl -fsS -o /dev/null -c "$jar" -b "$jar" --data-urlencode "email=$2" --data-urlencode "csrf=$csrf" "$base/login"
  for _ in $(seq 100); do
    link=$(find "$1" -name '[!.]*.eml' -print0 2>/dev/null | xargs -0 -r /usr/bin/python3 -c '
import email, re, sys
for name in sys.argv[1:]:
    msg = email.message_from_binary_file(open(name, "rb"))
    for part in msg.walk():
        if part.get_content_type() == "text/plain":
            m = re.search(r"/login/link\?t=([A-Za-z0-9_-]+)", part.get_payload(decode=True).decode())
            if m:
                print(m.group(1))' 2>/dev/null | tail -1 || true)
    [ -n "$link" ] && break
    sleep 0.1
  done
  [ -n "$link" ] || { echo "no sign-in link in the outbox" >&2; exit 1; }
  csrf=$(curl -fsS -c "$jar" -b "$jar" "$base/login/link?t=$link" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
  curl -fsS -o /dev/null -c "$jar" -b "$jar" --data-urlencode "t=$link" --data-urlencode "csrf=$csrf" "$base/login/link"
  awk '$6 == "arshjul_session" {print $7}' "$jar"
}

# feed CONFIG UNIT: the unit's feed address on this port, once the
# daemon has made its token.
feed() {
  local u
  for _ in $(seq 300); do
    u=$("$bin" --config "$1" feeds 2>/dev/null | awk -v u="$2" '$1 == u && $2 ~ /^http/ && !seen {print $2; seen = 1}' | sed "s#^http://[^/]*#$base#")
    [ -n "$u" ] && { echo "$u"; return; }
    sleep 0.2
  done
  echo "no feed address for $2" >&2; exit 1
}
# polled FILE: the honest client's answers in the run.
polled() { awk '/requests in/ {print $1}' "$1"; }
# p99 of a wrk --latency report, in ms.
p99() { awk '/^ +99%/ {v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) sub(/ms$/, "", v); else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.1f", v}' "$1"; }
reqs() { awk '/Requests\/sec/ {printf "%d", $2}' "$1"; }
# pct P FILE: the P-th percentile of the seconds in FILE, in ms.
pct() { sort -g "$2" | awk -v p="$1" '{v[NR] = $1} END {i = int(NR * p / 100 + 0.5); if (i < 1) i = 1; printf "%.0f", v[i] * 1000}'; }

cat >"$work/years.lua" <<'LUA'
counts = {}
request = function()
  return wrk.format("GET", "/wheel/all?year=" .. math.random(1900, 2200) .. "&start=" .. math.random(1, 12))
end
response = function(status) counts[status] = (counts[status] or 0) + 1 end
LUA

rows=()
# 1: the example.
site=$work/example
mkdir -p "$site"; cp -r config calendars "$site/"
serve "$site/config/arshjul.yaml"
session=$(signin "$site" hr@example.se)
url=$(feed "$site/config/arshjul.yaml" hr)
curl -fsS -o /dev/null "$url"
wrk -t1 -c200 -d"$((DURATION + 2))s" -H "Cookie: arshjul_session=$session" "$base/wheel/all?year=2027" >"$work/flood.txt" &
flood=$!
sleep 1
wrk -t1 -c1 -d"${DURATION}s" --timeout 30s --latency "$url" >"$work/poll.txt"
wait "$flood"
rows+=("| example, 200 connections on /wheel/all?year=2027 signed in | $(reqs "$work/flood.txt") | $(p99 "$work/poll.txt") ($(polled "$work/poll.txt") polls) | $(peak) |")
stop

# 2 and 3: one unit of $ITEMS items (ITEMS=0: the example alone).
[ "$ITEMS" = 0 ] && { printf "%s\n" "${rows[@]}"; exit 0; }
big=$work/large
go run ./tools/genlarge -units 1 -items "$ITEMS" -out "$big" >/dev/null
# Its weekly meetings made monthly: a unit may have 50,000 occurrences,
# and a sixth of 3,000 items weekly would pass that.
sed -i 's/weekly: {weekday: \([a-z]*\), time: "[0-9:]*", duration: 1h}/monthly: {weekday: \1, nth: 2}/' "$big/calendars/u00.yaml"
serve "$big/config/arshjul.yaml"
session=$(signin "$big" u00@example.se)
url=$(feed "$big/config/arshjul.yaml" u00)
curl -fsS -o /dev/null "$url"
wrk -t1 -c1 -d"${DURATION}s" --timeout 30s --latency "$url" >"$work/poll.txt" &
poll=$!
: >"$work/times"
asks=()
for _ in $(seq $((DURATION * 20))); do
  curl -sS -o /dev/null -w '%{time_total} %{http_code}\n' -H "Cookie: arshjul_session=$session" "$base/wheel/all?year=2027" >>"$work/times" &
  asks+=($!)
  sleep 0.05
done
wait "$poll" "${asks[@]}"
awk '{print $1}' "$work/times" >"$work/secs"
codes=$(awk '{n[$2]++} END {for (c in n) printf "%s× %s ", n[c], c}' "$work/times")
rows+=("| $ITEMS items, 20 req/s on /wheel/all?year=2027 signed in (p50 / p99 $(pct 50 "$work/secs") / $(pct 99 "$work/secs") ms; ${codes% }) | 20 | $(p99 "$work/poll.txt") ($(polled "$work/poll.txt") polls) | $(peak) |")

wrk -t1 -c200 -d"$((DURATION + 2))s" -s "$work/years.lua" -H "Cookie: arshjul_session=$session" "$base/" >"$work/flood.txt" &
flood=$!
sleep 1
wrk -t1 -c1 -d"${DURATION}s" --timeout 30s --latency "$url" >"$work/poll.txt"
wait "$flood"
busy=$(curl -fsS "$base/metrics" | awk '/^arshjul_page_renders_refused_total/ {print $2}')
rows+=("| $ITEMS items, 200 connections on a random year and start month each, signed in (${busy:-no} answered 503) | $(reqs "$work/flood.txt") | $(p99 "$work/poll.txt") ($(polled "$work/poll.txt") polls) | $(peak) |")
stop

echo
echo "An honest feed poll (wrk -t1 -c1, ${DURATION} s) while a signed-in colleague floods the wheel; $(nproc) cores shared with wrk and curl:"
echo
echo "| load | flood req/s | feed p99 (ms) (answers) | daemon peak RSS (MB, VmHWM) |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"
