#!/usr/bin/env bash
# What an attacker or a careless editor does to the built daemon, by hand
# before and by this script now (issue 10). For each hostile calendar file
# (a link to /dev/zero, a FIFO, a link out of the config's tree to
# /etc/passwd, a control character in each text field, 1,000 daily ICS
# series in 200 KB, 10 MB of nested YAML, a workbook that unpacks to 1 GB):
#   - `arshjul check` answers within 10 s, exit 1, naming FILE(:LINE);
#   - the running daemon, after SIGHUP, is alive, serves byte-identical
#     feeds, and /healthz says degraded (to the admin, with the problem but
#     none of the file's content; to anyone, only status and version).
# Then, with a public follow-up marked done with a result: the public feed,
# the public wheels and every public item page hold no e-mail address, no
# follow-up and no result; the follow-up CSV has no cell that starts a
# formula; nothing under the data folder is open to other users; and the
# daemon stops within 5 s of SIGTERM.
#
# Needs curl and /usr/bin/python3. Loopback only; cleans up after itself.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18200}
NOW=2026-09-21T10:00

work=$(mktemp -d)
daemon=
cleanup() { [ -n "$daemon" ] && kill -9 "$daemon" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
fail() {
  echo "hostile-test: FAIL: $*" >&2
  [ -f "$work/daemon.log" ] && { echo "--- daemon.log" >&2; tail -n 20 "$work/daemon.log" >&2; }
  exit 1
}

go build -o "$work/arshjul" ./cmd/arshjul
site=$work/site
mkdir -p "$site"
cp -r config calendars "$site/"
cfg=$site/config/arshjul.yaml
sed -i "s#base_url: \"http://localhost:8080\"#base_url: \"http://127.0.0.1:$PORT\"#" "$cfg"
# A public item whose every field would start a spreadsheet formula: it
# passes check, and must reach the CSV disarmed.
cat >>"$site/calendars/vatten-avfall.yaml" <<'EOF'

  - id: formel
    title: "=HYPERLINK(\"http://evil.example\",\"Klicka\")"
    date: 2026-06-10
    focus: fortroende
    audiences: [kommuninvanare]
    channels: [webb]
    follow_up: {date: 2026-07-01, how: "@SUM(1+1)", owner: "-2+3@example.se"}
EOF
arshjul() { "$work/arshjul" --config "$cfg" --now "$NOW" "$@"; }
arshjul check >/dev/null || fail "the starting calendars do not pass check"

# The binary itself in the background (not the function), so that its pid
# is the daemon's.
ARSHJUL_LISTEN=127.0.0.1:$PORT "$work/arshjul" --config "$cfg" --now "$NOW" serve >"$work/daemon.log" 2>&1 &
daemon=$!
base=http://127.0.0.1:$PORT
for _ in $(seq 100); do curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && break; sleep 0.1; done
kill -0 "$daemon" 2>/dev/null || fail "the daemon did not start"
tokens=$(arshjul feeds)
admin=$(awk '$1 == "all" && !seen {print $2; seen = 1}' <<<"$tokens" | sed 's#.*/feeds/\([^/]*\)/all.ics#\1#')
hr=$(awk '$1 == "hr" && !seen {print $2; seen = 1}' <<<"$tokens" | sed 's#http://localhost:8080#'"$base"'#')
[ -n "$admin" ] && [ -n "$hr" ] || fail "no tokens from arshjul feeds"

# A public follow-up done, with a result nobody outside may read.
result="Resultat-hemligt-4711"
arshjul followup done kommunledning/medborgardialog/2026-09-07 --note "$result" >/dev/null
kill -HUP "$daemon"
health() { curl -fsS "$base/healthz?token=$admin"; }
wait_status() { # STATUS [what the problems must mention]
  for _ in $(seq 100); do
    health >"$work/h" 2>/dev/null || true
    if grep -q "\"status\": \"$1\"" "$work/h" && { [ -z "${2:-}" ] || grep -qF -- "$2" "$work/h"; }; then return 0; fi
    sleep 0.05
  done
  fail "/healthz never said $1 ${2:+mentioning $2}: $(cat "$work/h")"
}
wait_status ok
feeds=("$hr" "$base/feeds/$admin/all.ics" "$base/feeds/public.ics")
snap() { local i=0; for f in "${feeds[@]}"; do curl -fsS -o "$work/feed$i.$1" "$f"; i=$((i + 1)); done; }
snap before
grep -q "Resultat: $result" "$work/feed1.before" || fail "the result is not in all.ics: the test would show nothing"

unit_dir=$site/calendars/kommunledning
deep() { /usr/bin/python3 -c 'import sys; sys.stdout.write("wheel: " + "[" * 9_999_000 + "\n")'; }
# bomb: a workbook whose sheet unpacks to 1 GB of spaces (a 1 MB file).
bomb() { /usr/bin/python3 -c '
import io, sys, zipfile
b = io.BytesIO()
with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("xl/workbook.xml", "<workbook/>")
    with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as w:
        chunk = b" " * (1 << 20)
        for _ in range(1024):
            w.write(chunk)
sys.stdout.buffer.write(b.getvalue())'; }
daily() {
  printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//SV\r\n'
  for i in $(seq 1000); do
    printf 'BEGIN:VEVENT\r\nUID:daglig-%d@example.se\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20260401\r\nRRULE:FREQ=DAILY\r\nSUMMARY:Daglig avstämning %d\r\nDESCRIPTION:Varje dag hela programmet\r\nEND:VEVENT\r\n' "$i" "$i"
  done
  printf 'END:VCALENDAR\r\n'
}

# hostile NAME FILE-PATTERN MESSAGE: the file is in place; check it, then
# the daemon; the caller undoes it.
hostile() {
  local name=$1 where=$2 msg=$3 start rc=0
  start=$(date +%s.%N)
  timeout 10 "$work/arshjul" --config "$cfg" check >"$work/check.out" 2>&1 || rc=$?
  local took
  took=$(/usr/bin/python3 -c "import time; print(f'{time.time() - $start:.2f}')")
  [ "$rc" = 124 ] && fail "$name: check still running after 10 s"
  [ "$rc" = 1 ] || fail "$name: check exited $rc, want 1: $(head -c 400 "$work/check.out")"
  grep -Eq -- "$where" "$work/check.out" || fail "$name: check does not name $where: $(head -c 400 "$work/check.out")"
  grep -qF -- "$msg" "$work/check.out" || fail "$name: check does not say \"$msg\": $(head -c 400 "$work/check.out")"
  kill -HUP "$daemon"
  wait_status degraded "$msg"
  kill -0 "$daemon" 2>/dev/null || fail "$name: the daemon died"
  # The admin's view quotes the admin's own values where that helps fix
  # them, never what a link points at outside the tree or a file's bulk.
  for bad in "root:x:0:0" "[[[["; do
    grep -qF -- "$bad" "$work/h" && fail "$name: /healthz shows the file's content ($bad)"
  done
  curl -fsS "$base/healthz" >"$work/public-h"
  /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if sorted(d) == ["status", "version"] and d["status"] == "degraded" else 1)' "$work/public-h" ||
    fail "$name: the public /healthz says more than status and version: $(cat "$work/public-h")"
  snap during
  for i in 0 1 2; do cmp -s "$work/feed$i.before" "$work/feed$i.during" || fail "$name: ${feeds[$i]##*/} changed while the files were refused"; done
  echo "hostile-test: $name: check exit 1 in ${took} s: $(grep -E -m1 -- "$where" "$work/check.out" | cut -c1-150)"
}
restored() { kill -HUP "$daemon"; wait_status ok; }

ln -s /dev/zero "$unit_dir/noll.yaml"
hostile "link to /dev/zero" "kommunledning/noll.yaml: " "är en länk till /dev/zero"
rm "$unit_dir/noll.yaml"; restored

mkfifo "$unit_dir/utkast.ics"
hostile "FIFO" "kommunledning/utkast.ics: " "är ingen vanlig fil (en FIFO)"
rm "$unit_dir/utkast.ics"; restored

ln -s /etc/passwd "$unit_dir/passwd.csv"
hostile "link out of the tree" "kommunledning/passwd.csv: " "är en länk till /etc/passwd, utanför"
rm "$unit_dir/passwd.csv"; restored

daily >"$unit_dir/dagligen.ics"
size=$(stat -c %s "$unit_dir/dagligen.ics")
[ "$size" -gt 150000 ] && [ "$size" -lt 250000 ] || fail "the daily ICS is $size bytes, not about 200 KB"
hostile "1,000 daily ICS series ($((size / 1024)) KB)" "kommunledning/dagligen.ics:[0-9]+: " "fler än 50 000 tillfällen"
rm "$unit_dir/dagligen.ics"; restored

bomb >"$unit_dir/bomb.xlsx"
hostile "a workbook that unpacks to 1 GB ($(( $(stat -c %s "$unit_dir/bomb.xlsx") / 1024 )) KB)" "kommunledning/bomb.xlsx: " "packas upp till mer än 32 MB"
rm "$unit_dir/bomb.xlsx"; restored

deep >"$unit_dir/djup.yaml"
hostile "10 MB of nested YAML" "kommunledning/djup.yaml:1: " "för djupt nästlad"
rm "$unit_dir/djup.yaml"; restored

# A control character in each text field, as YAML writes them ("\r", "\e",
# "\0") and as a raw byte.
hr_yaml=$site/calendars/hr.yaml
cp "$hr_yaml" "$work/hr.yaml.good"; cp "$cfg" "$work/cfg.good"
control() { # NAME FILE FROM TO WHERE MESSAGE
  local file=$2
  /usr/bin/python3 - "$file" "$3" "$4" <<'EOF'
import sys
path, old, new = sys.argv[1:]
s = open(path, encoding="utf-8").read()
assert old in s, old
open(path, "w", encoding="utf-8").write(s.replace(old, new.replace("<ESC>", "\x1b"), 1))
EOF
  hostile "$1" "$5" "$6"
  cp "$work/hr.yaml.good" "$hr_yaml"; cp "$work/cfg.good" "$cfg"; restored
}
control "CR LF in a title" "$hr_yaml" "title: Medarbetarenkät" 'title: "EVIL\r\nBcc: x@evil.example"' "hr.yaml:4: " "title innehåller styrtecknet U+000D"
control "CR in a description" "$hr_yaml" "description: Koncernens medarbetarenkät är öppen hela veckan." 'description: "EVIL\rx"' "hr.yaml:4: " "description innehåller styrtecknet U+000D"
control "ESC in a title (raw byte)" "$hr_yaml" "title: Resultaten från medarbetarenkäten presenteras" "title: EVIL<ESC>[31m" "hr.yaml:17: " "styrtecknet U+001B står i filen"
control "NUL in follow_up.how" "$hr_yaml" "how: Svarsfrekvens mot förra året per förvaltning}" 'how: "EVIL\0"}' "hr.yaml:4: " "follow_up.how innehåller styrtecknet U+0000"
control "CR in an owner" "$hr_yaml" "owner: hr.chef@example.se" 'owner: "EVIL\r@example.se"' "hr.yaml:19: " "är ingen e-postadress"
control "CR in a unit's name" "$cfg" "name: HR-avdelningen" 'name: "EVIL\r\nHR"' "arshjul.yaml:[0-9]+: " "name innehåller styrtecknet U+000D"
control "CR LF in programme.name" "$cfg" "name: Kommunikationsprogram 2026–2028" 'name: "EVIL\r\nBcc: x"' "arshjul.yaml:[0-9]+: " "programme.name innehåller styrtecknet U+000D"

# Public output after all that: no address, no follow-up, no result.
get() { curl -fsS "$base$1" | /usr/bin/python3 -c 'import sys; sys.stdout.write(sys.stdin.read().replace("\r\n ", ""))'; }
public=(/feeds/public.ics /wheel/public /wheel/public.svg "/wheel/public?year=2027")
for u in ekonomi kommunledning vatten-avfall; do
  public+=("/wheel/$u" "/wheel/$u.svg")
  for id in $(arshjul feed "$u" | tr -d '\r' | sed -n "s#^UID:$u/\([^/@]*\).*#\1#p" | sort -u); do
    public+=("/wheel/$u/item/$id")
  done
done
checked=0
for p in "${public[@]}"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base$p")
  [ "$code" = 200 ] || continue # an internal item of a public unit: 404, as it should
  body=$(get "$p")
  grep -v '^UID:' <<<"$body" | grep -Eq '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}' && fail "$p shows an e-mail address: $(grep -v '^UID:' <<<"$body" | grep -Eo '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+' | head -1)"
  grep -qi 'uppföljning\|försenad' <<<"$body" && fail "$p shows a follow-up"
  grep -qF "$result" <<<"$body" && fail "$p shows the follow-up's result"
  checked=$((checked + 1))
done
[ "$checked" -ge 15 ] || fail "only $checked public pages answered"
echo "hostile-test: $checked public pages and feeds: no address, no follow-up, no result"

curl -fsS "$base/admin/$admin/followups.csv" >"$work/f.csv"
/usr/bin/python3 - "$work/f.csv" <<'EOF' || fail "the follow-up CSV has a formula cell"
import csv, sys
text = open(sys.argv[1], encoding="utf-8-sig", newline="").read()
rows = list(csv.reader(text.splitlines(), delimiter=";"))
bad = [c for r in rows for c in r if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
assert any("HYPERLINK" in c for r in rows for c in r), "the formula item is not in the CSV"
if bad:
    print("formula cells:", bad[:5], file=sys.stderr)
    sys.exit(1)
print(f"hostile-test: follow-up CSV: {len(rows)} rows, no cell starts a formula")
EOF

open_files=$(find "$site/data" -perm /o+rwx -o -perm /g+rwx | head -5)
[ -z "$open_files" ] || fail "readable by others under the data folder: $open_files"
echo "hostile-test: data folder: $(find "$site/data" | wc -l) entries, none open to group or others"

start=$(date +%s%N)
kill -TERM "$daemon"
for _ in $(seq 50); do kill -0 "$daemon" 2>/dev/null || break; sleep 0.1; done
kill -0 "$daemon" 2>/dev/null && fail "the daemon ignored SIGTERM for 5 s"
wait "$daemon" || true
daemon=
echo "hostile-test: SIGTERM: stopped in $((($(date +%s%N) - start) / 1000000)) ms"
echo "hostile-test: ok"
