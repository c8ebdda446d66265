#!/usr/bin/env bash
# docs/nginx.conf in front of the daemon, as documented (TLS, proxy_cache
# with revalidation), with this test's certificate, ports and folders, and
# a shorter cache validity (VALID, 5 s instead of the file's 1 min) so that
# the test takes seconds. Shows: a feed through nginx is the daemon's bytes;
# nginx answers repeats from its cache, revalidates with the daemon (which
# answers 304) in the background when the validity is over; and a changed
# calendar reaches a client within the validity plus the daemon's file
# watch, far inside feeds.refresh.
#
# Needs nginx, openssl and curl (apt-get install nginx-light openssl curl).
# Loopback only; stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18100} TLS_PORT=${TLS_PORT:-18443} HTTP_PORT=${HTTP_PORT:-18180} VALID=${VALID:-5}
for tool in nginx openssl curl; do command -v $tool >/dev/null || { echo "missing $tool: apt-get install nginx-light openssl curl" >&2; exit 1; }; done

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
fail() {
  echo "nginx-front-test: FAIL: $*" >&2
  for f in "$work"/*.log "$work/h"; do [ -f "$f" ] && { echo "--- $f" >&2; tail -n 20 "$f" >&2; }; done
  exit 1
}
chmod 755 "$work" # nginx's workers run as nobody

go build -o "$work/arshjul" ./cmd/arshjul
mkdir -p "$work/site" "$work/data"
cp -r config calendars "$work/site/"
# A calendar file's edit is what this test times: every unit kept by its files.
sed -i 's/^    starts_from: /    calendar: /' "$work/site/config/arshjul.yaml"
cfg=$work/site/config/arshjul.yaml
export ARSHJUL_DATA=$work/data ARSHJUL_LISTEN=127.0.0.1:$PORT
"$work/arshjul" --config "$cfg" serve >"$work/daemon.log" 2>&1 &
pids+=("$!")
until curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do sleep 0.1; done

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
mkdir -p "$work/cache"; chown nobody "$work/cache"
# The documented file, with this test's places and validity.
sed -e "s#/var/cache/nginx/arshjul#$work/cache#" \
    -e "s#listen 80;#listen 127.0.0.1:$HTTP_PORT;#" \
    -e "s#listen 443 ssl http2;#listen 127.0.0.1:$TLS_PORT ssl http2;#" \
    -e "s#/etc/ssl/certs/arshjul.example.se.pem#$work/cert.pem#" \
    -e "s#/etc/ssl/private/arshjul.example.se.key#$work/key.pem#" \
    -e "s#http://127.0.0.1:8080#http://127.0.0.1:$PORT#" \
    -e "s#proxy_cache_valid 200 1m;#proxy_cache_valid 200 ${VALID}s;#" \
    docs/nginx.conf >"$work/arshjul.conf"
grep -q "proxy_cache_valid 200 ${VALID}s;" "$work/arshjul.conf" || fail "docs/nginx.conf no longer has the lines this test adapts"
cat >"$work/nginx.conf" <<CONF
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 256; }
http { include $work/arshjul.conf; }
CONF
nginx -t -c "$work/nginx.conf" 2>"$work/nginx-t.log" || { cat "$work/nginx-t.log" >&2; fail "nginx refuses docs/nginx.conf"; }
nginx -c "$work/nginx.conf" -g 'daemon off;' &
pids+=("$!")
for _ in $(seq 50); do curl -ksS -o /dev/null "https://127.0.0.1:$TLS_PORT/healthz" 2>/dev/null && break; sleep 0.1; done

path=$("$work/arshjul" --config "$cfg" feeds | awk '$1 == "hr" && /\/feeds\// && !seen {print $2; seen = 1}' | sed 's#^http://localhost:8080##')
direct=http://127.0.0.1:$PORT$path front=https://127.0.0.1:$TLS_PORT$path
get() { curl -ksS -D "$work/h" -o "$work/body" "$front"; awk -F': ' 'tolower($1) == "x-cache-status" {print $2}' "$work/h" | tr -d '\r'; }
[ "$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$HTTP_PORT$path")" = "301 https://127.0.0.1$path" ] || fail "http:// is not sent to https://"
[ "$(get)" = MISS ] || fail "the first request was not a miss"
curl -fsS -o "$work/direct" "$direct"
cmp -s "$work/body" "$work/direct" || fail "nginx serves other bytes than the daemon"
[ "$(get)" = HIT ] || fail "a repeat was not answered from the cache"
grep -qi '^strict-transport-security:' "$work/h" || fail "no HSTS on a feed"

# After the validity, nginx asks again with the ETag, in the background
# while it answers with what it has (STALE): the daemon says 304, and the
# next answer is fresh from the cache again.
sleep "$((VALID + 1))"
case "$(get)" in STALE | REVALIDATED) ;; *) fail "after ${VALID}s the feed was neither stale nor revalidated" ;; esac
sleep 0.5
[ "$(get)" = HIT ] || fail "the revalidated feed was not cached again"
# (To a file first: grep -q closing the pipe early would fail curl.)
curl -fsS -o "$work/metrics" "http://127.0.0.1:$PORT/metrics"
grep -q 'arshjul_http_requests_total{code="304",route="GET /feeds/{token}/{file}"}' "$work/metrics" || fail "the daemon answered no 304 to the revalidation"

# A change to a calendar file: how long until a client of nginx sees it.
sed -i 's/title: Medarbetarenkät$/title: Medarbetarenkät (ändrad)/' "$work/site/calendars/hr.yaml"
grep -q 'Medarbetarenkät (ändrad)' "$work/site/calendars/hr.yaml" || fail "the test's edit found nothing to change"
changed=$(date +%s.%N)
seen="" hits=0
for _ in $(seq 200); do
  status=$(get)
  if grep -q 'SUMMARY:Medarbetarenkät (ändrad)' "$work/body"; then seen=$(echo "$(date +%s.%N) - $changed" | bc -l | xargs printf '%.1f'); break; fi
  [ "$status" = HIT ] && hits=$((hits + 1))
  sleep 0.25
done
[ -n "$seen" ] || fail "the change never reached the client through nginx"
refresh=$(grep -o 'REFRESH-INTERVAL;VALUE=DURATION:PT[0-9]*[HM]' "$work/body" | sed 's/.*PT//')
case $refresh in *H) refresh_s=$(( ${refresh%H} * 3600 )) ;; *M) refresh_s=$(( ${refresh%M} * 60 )) ;; *) fail "no REFRESH-INTERVAL in the feed" ;; esac
limit=$((VALID + 2 + 2)) # the validity, the daemon's 2 s watch, 2 s for this loop and the machine
awk -v s="$seen" -v l="$limit" 'BEGIN { exit !(s <= l) }' || fail "the change took ${seen}s, more than ${limit}s"
awk -v s="$seen" -v r="$refresh_s" 'BEGIN { exit !(s < r) }' || fail "the change took longer than feeds.refresh"
echo "nginx-front: docs/nginx.conf with TLS serves the daemon's bytes; repeats are cache hits, a 304 revalidates after ${VALID}s; a changed calendar reached the client after ${seen}s (${hits} cached answers before; limit ${limit}s, feeds.refresh ${refresh_s}s)"
