#!/usr/bin/env bash
# End-to-end test of reminder e-mail: the built daemon sends through a real
# mail server, Mailpit, and this script reads what arrived through
# Mailpit's API. The daemon starts at Monday 2026-09-21 06:59:50 (--now):
# at start it makes up the run it missed, ten seconds later its scheduler
# makes the 07:00 run; a restart sends nothing again; a mark-done link from
# a message works; a sign-in link sent through Mailpit signs in, once.
# Installs Mailpit with `go install` when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "e2e-mail: FAIL: $*" >&2; echo "--- daemon log (tail)" >&2; tail -n 30 "$work/daemon.log" >&2 || true; exit 1; }

. scripts/lib/mailpit.sh
mailpit_start
pids+=("$mailpit")
http_port=$(free_port)

go build -o "$work/arshjul" ./cmd/arshjul
cp -r config calendars "$work/"
cfg=$work/config/arshjul.yaml
mailpit_config "$cfg" "$http_port"

start_daemon() {
  ARSHJUL_LISTEN=127.0.0.1:$http_port "$work/arshjul" --config "$cfg" --now "$1" serve >>"$work/daemon.log" 2>&1 &
  daemon=$!
  pids+=($daemon)
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$http_port/healthz" >/dev/null && return; sleep 0.1; done
  fail "daemon did not start"
}
# /healthz tells anyone only status and version; the reminders are for the
# admin token, which `feeds` prints in the all.ics address.
admin_token() { "$work/arshjul" --config "$cfg" feeds | awk '$1 == "all" && !seen {print $2; seen = 1}' | sed 's#.*/feeds/\([^/]*\)/all.ics#\1#'; }
health() { curl -s "http://127.0.0.1:$http_port/healthz?token=$admin"; }
total() { curl -sf "$api/messages?limit=1" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'; }

echo "== daemon at 2026-09-21 06:59:50, mail through Mailpit on :$smtp_port"
start_daemon 2026-09-21T06:59:50
admin=$(admin_token)
# Wait for the scheduler's own 07:00 run and an empty queue.
ok=
for _ in $(seq 150); do
  if health | /usr/bin/python3 -c '
import json,sys
h=json.load(sys.stdin)["reminders"]
runs={s["name"]: s.get("last_run_due","") for s in h["schedules"]}
sys.exit(0 if runs.get("reminders","").startswith("2026-09-21T05:00:00") and h["queued"]==0 else 1)'; then ok=1; break; fi
  sleep 0.2
done
[ -n "$ok" ] || { health >&2; fail "the 07:00 run was not made and sent"; }
n=$(total)
[ "$n" -gt 0 ] || fail "nothing arrived in Mailpit"
echo "   $n messages arrived"

echo "== what arrived"
curl -sf "$api/messages?limit=1000" > "$work/list.json"
/usr/bin/python3 - "$work/list.json" "$api" > "$work/check.out" <<'PY' || { cat "$work/check.out" >&2; fail "messages not as expected"; }
import json, sys, urllib.request
msgs = json.load(open(sys.argv[1]))["messages"]
api = sys.argv[2]
def get(path):
    with urllib.request.urlopen(api + path) as r:
        return json.load(r)
ids = set(); seen_hr = False; attachments = 0
for m in msgs:
    assert len(m["To"]) == 1, ("one recipient per digest", m["To"])
    full = get("/message/" + m["ID"])
    hdr = get("/message/" + m["ID"] + "/headers")
    assert hdr.get("Auto-Submitted") == ["auto-generated"], hdr.get("Auto-Submitted")
    mid = hdr["Message-Id"][0]
    assert mid not in ids, ("Message-ID twice", mid)
    ids.add(mid)
    assert full["HTML"] and full["Text"], "text and HTML"
    assert "Hej!" in full["Text"]
    for a in full["Attachments"]:
        assert a["ContentType"].startswith("text/calendar"), a["ContentType"]
        attachments += 1
    if m["To"][0]["Address"] == "hr@example.se" and "Medarbetarenkät" in m["Subject"]:
        assert hdr["Date"][0].startswith("Mon, 21 Sep 2026 07:00:"), hdr["Date"]
        seen_hr = True
assert seen_hr, "hr@example.se got no reminder of the employee survey (2026-10-05, 14 days ahead) on the 07:00 run"
assert attachments > 0, "no .ics attachments"
print(f"{len(msgs)} messages, {attachments} .ics attachments, all Auto-Submitted, distinct Message-IDs")
PY
cat "$work/check.out"

echo "== restart: nothing is sent twice"
kill -TERM "$daemon"; wait "$daemon" || true
start_daemon 2026-09-21T07:00:30
sleep 6 # more than one scheduler tick
[ "$(total)" -eq "$n" ] || fail "a restart sent $(( $(total) - n )) messages again"

echo "== a mark-done link from an e-mail"
link=$(curl -sf "$api/search?query=$(/usr/bin/python3 -c 'import urllib.parse; print(urllib.parse.quote("Markera som klar"))')&limit=1" \
  | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["messages"][0]["ID"])' \
  | xargs -I{} curl -sf "$api/message/{}" \
  | /usr/bin/python3 -c '
import json,re,sys
t=json.load(sys.stdin)["Text"]
print(re.search(r"Markera som klar och skriv resultatet: (\S+)", t).group(1))')
[ -n "$link" ] || fail "no mark-done link in a message"
id=${link#*/followups/}; id=${id%%\?*}
code=$(curl -s -o /dev/null -w '%{http_code}' "$link")
[ "$code" = 200 ] || fail "GET of the mark-done link: $code"
"$work/arshjul" --config "$cfg" --now 2026-09-21T07:01 followups >"$work/followups.out" 2>&1 || { cat "$work/followups.out"; fail "arshjul followups failed"; }
grep -q "^$id	.*FÖRSENAD" "$work/followups.out" || { cat "$work/followups.out"; fail "GET changed the follow-up $id"; }
sig=${link#*sig=}
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST --data-urlencode "sig=$(/usr/bin/python3 -c 'import sys,urllib.parse; print(urllib.parse.unquote(sys.argv[1]))' "$sig")" \
  --data-urlencode "note=Klart: 1 200 nedladdningar" "${link%%\?*}")
[ "$code" = 303 ] || fail "POST of the mark-done form: $code"
"$work/arshjul" --config "$cfg" --now 2026-09-21T07:02 followups >"$work/followups.out" 2>&1 || { cat "$work/followups.out"; fail "arshjul followups failed"; }
grep -q "^$id	.*klar" "$work/followups.out" || { cat "$work/followups.out"; fail "the follow-up $id is not done after the POST"; }
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST --data-urlencode "sig=1.forged" --data-urlencode "note=x" "${link%%\?*}")
[ "$code" = 403 ] || fail "a forged signature got $code, want 403"
echo "== sign in with a link by e-mail, through Mailpit"
base=http://127.0.0.1:$http_port
jar=$work/cookies
csrf=$(curl -s -c "$jar" -b "$jar" "$base/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
[ -n "$csrf" ] || fail "no csrf field on /login"
before=$(total)
code=$(curl -s -o "$work/login.html" -w '%{http_code}' -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode "email=hr@example.se" "$base/login")
[ "$code" = 200 ] && grep -q "Om adressen finns hos oss" "$work/login.html" || fail "POST /login: $code"
for _ in $(seq 50); do [ "$(total)" -gt "$before" ] && break; sleep 0.2; done
[ "$(total)" -gt "$before" ] || fail "the sign-in link did not arrive in Mailpit"
token=$(curl -sf "$api/search?query=$(/usr/bin/python3 -c 'import urllib.parse; print(urllib.parse.quote("subject:\"Logga in i årshjulet\""))')&limit=1" \
  | /usr/bin/python3 -c 'import json,sys; m=json.load(sys.stdin)["messages"][0]; assert m["To"][0]["Address"]=="hr@example.se", m["To"]; print(m["ID"])' \
  | xargs -I{} curl -sf "$api/message/{}" \
  | /usr/bin/python3 -c 'import json,re,sys; print(re.search(r"/login/link\?t=([A-Za-z0-9_-]+)", json.load(sys.stdin)["Text"]).group(1))')
[ -n "$token" ] || fail "no sign-in link in the message"
curl -s -c "$jar" -b "$jar" "$base/login/link?t=$token" >"$work/link.html"
curl -s -b "$jar" "$base/login" | grep -q "Du är inloggad" && fail "opening the link signed in (a mail scanner would have)"
code=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode "t=$token" "$base/login/link")
[ "$code" = 303 ] || fail "the sign-in button: $code"
curl -s -b "$jar" "$base/login" | grep -q "Du är inloggad" || fail "not signed in after the button"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode "t=$token" "$base/login/link")
[ "$code" = 403 ] || fail "the link a second time: $code, want 403"
echo "e2e-mail: ok ($n messages through Mailpit, exactly once across a restart, mark-done link works, sign-in link by Mailpit works once)"
