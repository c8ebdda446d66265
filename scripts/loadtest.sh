#!/usr/bin/env bash
# Load test: the daemon's feed path against its floor (tools/floor: a bare
# net/http handler giving the same answer, body and headers, with a fixed
# ETag and the daemon's server limits) and nginx
# (sendfile on, as Debian ships it) on the same bytes, with wrk on
# loopback, for a full response and for a 304, for a ~100 KB and a ~1 MB
# feed. Rounds alternate between the servers, each round in an order
# turned by one, so that a slow moment of the machine hurts all alike and
# none always runs first; the median of each is reported.
#
#   scripts/loadtest.sh                       # 50 units × 100 and × 1,000 items, 10 s per run, 3 rounds
#   SIZES=100 DURATION=5 ROUNDS=1 scripts/loadtest.sh
#
# Needs wrk, nginx and curl (apt-get install wrk nginx-light curl). Sends
# traffic to 127.0.0.1 only and stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
UNITS=${UNITS:-50} SIZES=${SIZES:-100 1000} DURATION=${DURATION:-10} CONNS=${CONNS:-32} ROUNDS=${ROUNDS:-3}
PORT=${PORT:-18080} NGINX_PORT=${NGINX_PORT:-18081} FLOOR_PORT=${FLOOR_PORT:-18082} MUX_PORT=${MUX_PORT:-18083}
for tool in wrk nginx curl; do command -v $tool >/dev/null || { echo "missing $tool: apt-get install wrk nginx-light curl" >&2; exit 1; }; done

work=$(mktemp -d)
pids=()
stop_all() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; pids=(); }
trap 'stop_all; rm -rf "$work"' EXIT
chmod 755 "$work" # nginx's workers run as nobody and must reach the file

go build -o "$work/arshjul" ./cmd/arshjul
go build -o "$work/floor" ./tools/floor
export ARSHJUL_LISTEN="127.0.0.1:$PORT"
rps() { wrk -t2 -c"$CONNS" -d"${DURATION}s" "$@" | awk '/Requests\/sec/ {print $2}'; }
# cpu PID: the CPU time the process has used, user and system, in clock
# ticks. A server's CPU per request is steadier than its requests a second
# on two cores it shares with wrk.
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# rps_cpu PID WRK-ARGS: requests a second, then the server's CPU per
# request in µs.
rps_cpu() {
  local pid=$1 c0 r c1; shift
  c0=$(cpu "$pid"); r=$(rps "$@"); c1=$(cpu "$pid")
  echo "$r $(echo "($c1 - $c0) * 1000000 / $(getconf CLK_TCK) / ($r * $DURATION)" | bc -l)"
}
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
header() { awk -F': ' -v h="$1" 'tolower($1) == h {print $2}' | tr -d '\r'; }
results=()

for items in $SIZES; do
  dir="$work/large-$items"
  go run ./tools/genlarge -units "$UNITS" -items "$items" -out "$dir"
  cfg="$dir/config/arshjul.yaml"
  "$work/arshjul" --config "$cfg" serve 2>"$work/daemon.log" &
  daemon=$!; pids+=("$daemon")
  until curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do
    kill -0 "$daemon" 2>/dev/null || { cat "$work/daemon.log" >&2; exit 1; }
    sleep 0.2
  done
  # The daemon's first tick makes up the reminder run it "missed" and
  # sends what is due: wait for it, so that the load is measured on a
  # daemon that only serves.
  admin=$("$work/arshjul" --config "$cfg" feeds | awk '$1 == "all" && !seen {print $2; seen = 1}' | sed 's#.*/feeds/\([^/]*\)/all.ics#\1#')
  for _ in $(seq 600); do
    curl -fsS "http://127.0.0.1:$PORT/healthz?token=$admin" | /usr/bin/python3 -c '
import json, sys
r = json.load(sys.stdin).get("reminders") or {}
made = [s for s in (r.get("schedules") or []) if s.get("last_run_made")]
sys.exit(0 if made and r.get("queued", 1) == 0 else 1)' && break
    sleep 0.5
  done
  url=$("$work/arshjul" --config "$cfg" feeds | awk '$1 == "u00" && !seen {print $2; seen = 1}')
  url=${url/localhost:8080/127.0.0.1:$PORT}
  mkdir -p "$work/www"; chmod 755 "$work/www"
  curl -fsS -D "$work/headers" -o "$work/www/feed.ics" "$url"
  chmod 644 "$work/www/feed.ics"
  etag=$(header etag <"$work/headers")
  bytes=$(stat -c %s "$work/www/feed.ics")

  # The floor answers with the daemon's very headers (all but Date, ETag
  # and Content-Length, which it makes itself), read off its answers.
  curl -fsS -D "$work/headers304" -o /dev/null -H "If-None-Match: $etag" "$url" || true
  floor_args=()
  while IFS= read -r line; do floor_args+=(-h200 "$line"); done < <(tr -d '\r' <"$work/headers" | grep ': ' | grep -viE '^(date|etag|content-length):')
  while IFS= read -r line; do floor_args+=(-h304 "$line"); done < <(tr -d '\r' <"$work/headers304" | grep ': ' | grep -viE '^(date|etag|content-length):')
  "$work/floor" -listen "127.0.0.1:$FLOOR_PORT" -file "$work/www/feed.ics" -etag "$etag" "${floor_args[@]}" &
  floor=$!; pids+=("$floor")
  # The same floor behind an http.ServeMux with the daemon's feed pattern:
  # what the router the daemon must use costs by itself.
  "$work/floor" -listen "127.0.0.1:$MUX_PORT" -route "GET /feeds/{token}/{file}" -file "$work/www/feed.ics" -etag "$etag" "${floor_args[@]}" &
  pids+=("$!")
  cat >"$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  sendfile on;
  tcp_nopush on;
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
  floor_url="http://127.0.0.1:$FLOOR_PORT/feed.ics" nginx_url="http://127.0.0.1:$NGINX_PORT/feed.ics"
  mux_url="http://127.0.0.1:$MUX_PORT/${url#http://*/}"
  for _ in $(seq 50); do curl -fsS -o /dev/null "$nginx_url" 2>/dev/null && curl -fsS -o /dev/null "$floor_url" 2>/dev/null && break; sleep 0.1; done
  # A comparison is only as good as its other side: each answers 200 with
  # the very bytes the daemon sent, and 304 to its own ETag.
  for u in "$url" "$floor_url" "$mux_url" "$nginx_url"; do
    code=$(curl -sS -o "$work/got" -w '%{http_code}' "$u")
    [ "$code" = 200 ] && cmp -s "$work/www/feed.ics" "$work/got" || { echo "$u: $code, not the same bytes" >&2; exit 1; }
  done
  ngx_etag=$(curl -fsSI "$nginx_url" | header etag)
  for pair in "$url $etag" "$floor_url $etag" "$mux_url $etag" "$nginx_url $ngx_etag"; do
    set -- $pair
    code=$(curl -sS -o /dev/null -w '%{http_code}' -H "If-None-Match: $2" "$1")
    [ "$code" = 304 ] || { echo "$1 answered $code to its own ETag" >&2; exit 1; }
  done

  # Each round measures every server once for each kind of request, and
  # each round starts one server later than the one before: no server
  # always runs first (after a pause) or right after nginx.
  unset rate cpus; declare -A rate=() cpus=()
  names=(daemon floor mux nginx)
  measure() { # NAME KIND: one wrk run; CPU too where the server is one process
    local u pid="" inm=$etag r c
    case $1 in
      daemon) u=$url pid=$daemon ;;
      floor) u=$floor_url pid=$floor ;;
      mux) u=$mux_url ;;
      nginx) u=$nginx_url inm=$ngx_etag ;;
    esac
    local args=("$u")
    [ "$2" = 304 ] && args=(-H "If-None-Match: $inm" "$u")
    if [ -n "$pid" ]; then
      read -r r c < <(rps_cpu "$pid" "${args[@]}"); cpus[$1,$2]+=" $c"
    else
      r=$(rps "${args[@]}")
    fi
    rate[$1,$2]+=" $r"
  }
  for round in $(seq 0 $((ROUNDS - 1))); do
    for kind in 200 304; do
      for i in 0 1 2 3; do measure "${names[(i + round) % 4]}" $kind; done
    done
  done
  rss=$(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' /proc/$daemon/status)
  ratio() { echo "$1 / $2" | bc -l | xargs printf '%.2f'; }
  for kind in 200 304; do
    # shellcheck disable=SC2086 # the lists split into their values
    d=$(median ${rate[daemon,$kind]}) f=$(median ${rate[floor,$kind]}) m=$(median ${rate[mux,$kind]}) n=$(median ${rate[nginx,$kind]})
    # shellcheck disable=SC2086
    dc=$(median ${cpus[daemon,$kind]}) fc=$(median ${cpus[floor,$kind]})
    results+=("$(printf '| %s × %s items (%s KB feed) | %s | %.0f | %.0f | %.0f | %.0f | %s | %s | %s | %.1f | %.1f | %s |' "$UNITS" "$items" "$((bytes / 1024))" \
      "$([ $kind = 200 ] && echo GET || echo 304)" "$d" "$f" "$m" "$n" "$(ratio "$d" "$f")" "$(ratio "$d" "$m")" "$(ratio "$n" "$f")" "$dc" "$fc" "$rss")")
  done
  stop_all
done

echo "wrk -t2 -c$CONNS -d${DURATION}s on loopback, median of $ROUNDS alternating rounds; $(nproc) cores shared with wrk"
echo "| configuration (one unit's feed) | request | arshjul req/s | floor req/s | floor + ServeMux req/s | nginx req/s | arshjul ÷ floor | arshjul ÷ floor + ServeMux | nginx ÷ floor | arshjul CPU µs/req | floor CPU µs/req | arshjul peak RSS |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${results[@]}"
