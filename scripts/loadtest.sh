#!/usr/bin/env bash
# Load test: the daemon against nginx serving the very same feed bytes, with
# wrk on loopback, for a full response and for a 304. Also the daemon's peak
# memory (VmHWM) with UNITS × ITEMS items loaded.
#
#   scripts/loadtest.sh                 # 50 units × 1,000 items, 10 s per run
#   UNITS=50 ITEMS=100 DURATION=5 scripts/loadtest.sh
#
# Needs wrk, nginx and curl (apt-get install wrk nginx-light curl). Sends
# traffic to 127.0.0.1 only and stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
UNITS=${UNITS:-50} ITEMS=${ITEMS:-1000} DURATION=${DURATION:-10} CONNS=${CONNS:-32} ROUNDS=${ROUNDS:-3}
PORT=${PORT:-18080} NGINX_PORT=${NGINX_PORT:-18081}
for tool in wrk nginx curl; do command -v $tool >/dev/null || { echo "missing $tool: apt-get install wrk nginx-light curl" >&2; exit 1; }; done

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

go build -o "$work/arshjul" ./cmd/arshjul
go run ./tools/genlarge -units "$UNITS" -items "$ITEMS" -out "$work/large"
cfg="$work/large/config/arshjul.yaml"
export ARSHJUL_LISTEN="127.0.0.1:$PORT"

start=$(date +%s.%N)
"$work/arshjul" --config "$cfg" serve 2>"$work/daemon.log" &
daemon=$!; pids+=("$daemon")
until curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do
  kill -0 "$daemon" 2>/dev/null || { cat "$work/daemon.log" >&2; exit 1; }
  sleep 0.2
done
ready=$(echo "$(date +%s.%N) - $start" | bc)
# The daemon's first tick makes up the reminder run it "missed" and sends
# what is due: wait for it, so that the load is measured on a daemon that
# only serves.
for _ in $(seq 600); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" | /usr/bin/python3 -c '
import json, sys
r = json.load(sys.stdin).get("reminders") or {}
made = [s for s in (r.get("schedules") or []) if s.get("last_run_made")]
sys.exit(0 if made and r.get("queued", 1) == 0 else 1)' && break
  sleep 0.5
done
reminded=$(echo "$(date +%s.%N) - $start" | bc)

url=$("$work/arshjul" --config "$cfg" feeds | awk '$1 == "u00" && !seen {print $2; seen = 1}')
url=${url/localhost:8080/127.0.0.1:$PORT}
mkdir -p "$work/www"
chmod 755 "$work" "$work/www" # nginx's workers run as nobody
curl -fsS -D "$work/headers" -o "$work/www/u00.ics" "$url"
chmod 644 "$work/www/u00.ics"
etag=$(awk -F': ' 'tolower($1) == "etag" {print $2}' "$work/headers" | tr -d '\r')
bytes=$(stat -c %s "$work/www/u00.ics")

cat >"$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  types { }
  default_type "text/calendar; charset=utf-8";
  etag on;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $work/www;
  }
}
CONF
nginx -c "$work/nginx.conf" -g 'daemon off;' &
pids+=("$!")
for _ in $(seq 50); do curl -fsS -o /dev/null "http://127.0.0.1:$NGINX_PORT/u00.ics" 2>/dev/null && break; sleep 0.1; done
ngx_etag=$(curl -fsSI "http://127.0.0.1:$NGINX_PORT/u00.ics" | awk -F': ' 'tolower($1) == "etag" {print $2}' | tr -d '\r')
cmp -s "$work/www/u00.ics" <(curl -fsS "http://127.0.0.1:$NGINX_PORT/u00.ics") || { echo "nginx serves other bytes" >&2; exit 1; }

rps() { wrk -t2 -c"$CONNS" -d"${DURATION}s" "$@" | awk '/Requests\/sec/ {print $2}'; }
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
# Rounds alternate between the two servers, so that a slow moment of the
# machine hurts both alike; the median of each is reported.
d200=() n200=() d304=() n304=()
for _ in $(seq "$ROUNDS"); do
  d200+=("$(rps "$url")"); n200+=("$(rps "http://127.0.0.1:$NGINX_PORT/u00.ics")")
  d304+=("$(rps -H "If-None-Match: $etag" "$url")"); n304+=("$(rps -H "If-None-Match: $ngx_etag" "http://127.0.0.1:$NGINX_PORT/u00.ics")")
done
echo "feed: $bytes bytes, $UNITS units × $ITEMS items, serving after ${ready}s, first reminder run sent after ${reminded}s ($(ls "$work/large/data/outbox" 2>/dev/null | wc -l) messages); wrk -t2 -c$CONNS -d${DURATION}s, median of $ROUNDS rounds"
row() { printf '%-24s %12s %12s %8.2f\n' "$1" "$2" "$3" "$(echo "$2 / $3" | bc -l)"; }
printf '%-24s %12s %12s %8s\n' "" "arshjul" "nginx" "ratio"
row "200, full feed (req/s)" "$(median "${d200[@]}")" "$(median "${n200[@]}")"
row "304 (req/s)" "$(median "${d304[@]}")" "$(median "${n304[@]}")"
echo "arshjul peak RSS: $(awk '/VmHWM/ {printf "%.1f MB", $2/1024}' /proc/$daemon/status)"
