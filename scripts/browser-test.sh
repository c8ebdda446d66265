#!/usr/bin/env bash
# Tests the pages in a real browser: Debian's Chromium driven by Playwright
# (playwright-core from npm, never a downloaded browser), with axe-core for
# accessibility. Starts the built daemon on the example at 2027-03-15,
# sending its mail through a real mail server (Mailpit), and runs
# tools/browsertest/test.mjs (then workbook-wheel.mjs) against it; the test reads what arrived through
# Mailpit's API and restarts the daemon at a later time (daemon-at) to
# receive what the scheduler sends on a later day. The downloaded
# aktivitetsplan is edited with Debian's python3-openpyxl. A generated
# unit of 200 items is added for the wheel's legibility at its worst. Installs
# Chromium (apt) and the npm packages when they are missing. Then
# tools/browsertest/editor.mjs (the web editor with the keyboard, docs/editing.md)
# and tools/browsertest/me.mjs ("Mina aktiviteter") against a daemon of its own.
# ONLY=editor or ONLY=me runs that one alone.
# SCREENSHOTS=docs scripts/browser-test.sh also writes the pictures in docs/ (docs/wheel.md, docs/editing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "Chromium is missing: sudo apt-get install chromium" >&2; exit 1; fi
  echo "== installing Chromium (Debian)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
if ! /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then echo "openpyxl is missing: sudo apt-get install python3-openpyxl" >&2; exit 1; fi
  echo "== installing openpyxl (Debian), the spreadsheet engine that edits the downloaded workbook"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-openpyxl >/dev/null
fi
if ! command -v pdftotext >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then echo "pdftotext is missing: sudo apt-get install poppler-utils" >&2; exit 1; fi
  echo "== installing pdftotext (poppler-utils), which reads the wheel's PDF"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null
fi
if [ ! -d tools/browsertest/node_modules/playwright-core ] || [ ! -d tools/browsertest/node_modules/adaptivecards-designer ]; then
  echo "== installing playwright-core, axe-core, ical.js, ajv, adaptivecards (and the designer, for its schema and Teams' host config)"
  npm ci --prefix tools/browsertest --no-audit --no-fund --loglevel=error
fi
work=$(mktemp -d)
provider=
mailpit=
webhook=
cleanup() {
  [ -f "$work/daemon.pid" ] && kill "$(cat "$work/daemon.pid")" 2>/dev/null
  [ -f "$work/me.pid" ] && kill "$(cat "$work/me.pid")" 2>/dev/null
  for p in $provider $mailpit $webhook; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
. scripts/lib/mailpit.sh
mailpit_start
port=$(free_port)
go build -o "$work/arshjul" ./cmd/arshjul
cp -r config calendars "$work/"
cfg=$work/config/arshjul.yaml
# A dense unit beside the example's: 200 generated items of every kind,
# for the wheel's legibility at its worst.
go run ./tools/genlarge -out "$work/dense" -units 1 -items 200
cp "$work/dense/calendars/u00.yaml" "$work/calendars/tat.yaml"
sed -i 's#^units:$#units:\n  - {id: tat, name: "Tät förvaltning", calendar: ../calendars/tat.yaml, contacts: [tat@example.se]}#' "$cfg"
grep -q 'id: tat' "$cfg" || { echo "could not add the dense unit to $cfg" >&2; exit 1; }
mailpit_config "$cfg" "$port"
# A real OpenID provider (tools/oidcprovider: zitadel's op package) with
# the communicator's account, and the daemon configured to use it.
(cd tools/oidcprovider && go build -o "$work/oidcprovider" .) # a module of its own
cat >"$work/users.json" <<'JSON'
{"u1": {"ID": "u1", "Username": "kommunikatoren", "Password": "rätt lösenord", "FirstName": "Kim", "LastName": "Kommunikatör",
        "Email": "kommunikation@example.se", "EmailVerified": true, "PreferredLanguage": "sv"}}
JSON
export ARSHJUL_OIDC_SECRET=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
# It takes a port of its own and says which: "issuer URL".
"$work/oidcprovider" -listen 127.0.0.1:0 -users "$work/users.json" -secret "$ARSHJUL_OIDC_SECRET" \
  -redirect "http://127.0.0.1:$port/login/oidc/callback" >"$work/oidc.out" 2>"$work/oidc.log" &
provider=$!
issuer=
for _ in $(seq 100); do issuer=$(awk '$1 == "issuer" {print $2}' "$work/oidc.out"); [ -n "$issuer" ] && break; sleep 0.1; done
[ -n "$issuer" ] || { cat "$work/oidc.log" >&2; echo "the OpenID provider did not start" >&2; exit 1; }
printf '\nauth:\n  domains: [example.se]\n  oidc: {issuer: "%s", client_id: arshjul, secret_env: ARSHJUL_OIDC_SECRET}\npeople:\n  kommunikation@example.se: Kim Kommunikatör\n' "$issuer" >>"$cfg"
# The intranet (tools/browsertest/teams.mjs): a page on embed_allow may
# frame the wheel, the same page on embed_deny may not.
embed_allow=$(free_port)
embed_deny=$(free_port)
sed -i "s#^  base_url: .*#&\n  embed_origins: [\"http://127.0.0.1:$embed_allow\"]#" "$cfg"
grep -q "embed_origins: \[\"http://127.0.0.1:$embed_allow" "$cfg" || { echo "could not set embed_origins in $cfg" >&2; exit 1; }
# Kommunikation's Teams channel: a stand-in webhook that keeps each card.
mkdir "$work/cards"
node tools/browsertest/webhook.mjs "$work/cards" >"$work/webhook.out" 2>&1 &
webhook=$!
hook_port=
for _ in $(seq 100); do hook_port=$(awk '$1 == "port" {print $2}' "$work/webhook.out"); [ -n "$hook_port" ] && break; sleep 0.1; done
[ -n "$hook_port" ] || { cat "$work/webhook.out" >&2; echo "the webhook stand-in did not start" >&2; exit 1; }
export ARSHJUL_TEAMS_KOMMUNIKATION="http://127.0.0.1:$hook_port/workflows/prov/triggers/manual/paths/invoke?sig=prov"
sed -i "s#^    reminders: {before: \[30d, 7d\]}#&\n    teams: {webhook_env: ARSHJUL_TEAMS_KOMMUNIKATION}#" "$cfg"
grep -q "webhook_env: ARSHJUL_TEAMS_KOMMUNIKATION}" "$cfg" || { echo "could not give kommunikation a Teams channel in $cfg" >&2; exit 1; }
# daemon-at TIME (re)starts the daemon with its clock at TIME: the test
# moves it on to the mornings its scheduler sends on.
cat >"$work/daemon-at" <<SH
#!/usr/bin/env bash
set -euo pipefail
if [ -f "$work/daemon.pid" ]; then
  pid=\$(cat "$work/daemon.pid"); kill "\$pid" 2>/dev/null || true
  while kill -0 "\$pid" 2>/dev/null; do sleep 0.05; done
fi
ARSHJUL_LISTEN=127.0.0.1:$port ARSHJUL_OIDC_SECRET=$ARSHJUL_OIDC_SECRET ARSHJUL_TEAMS_KOMMUNIKATION="$ARSHJUL_TEAMS_KOMMUNIKATION" \\
  "$work/arshjul" --config "$cfg" --now "\$1" serve </dev/null >>"$work/daemon.log" 2>&1 &
echo \$! >"$work/daemon.pid"
for _ in \$(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && exit 0; sleep 0.1; done
echo "the daemon did not start at \$1" >&2; exit 1
SH
chmod +x "$work/daemon-at"
NOW=2027-03-15T10:00
"$work/daemon-at" "$NOW"
feeds=$("$work/arshjul" --config "$cfg" --now "$NOW" feeds 2>/dev/null)
token_of() { echo "$feeds" | awk -v u="$1" '$1==u && !seen {print $2; seen=1}' | sed 's#.*/feeds/\([^/]*\)/.*#\1#'; }
export BASE=http://127.0.0.1:$port UNIT_TOKEN=$(token_of kommunikation) HR_TOKEN=$(token_of hr) ADMIN_TOKEN=$(token_of all) MAILPIT=$api \
  DAEMON_AT=$work/daemon-at
[ -n "${SCREENSHOTS:-}" ] && export SCREENSHOTS=$root/$SCREENSHOTS
if [ -z "${ONLY:-}" ]; then
  node tools/browsertest/test.mjs || { echo "--- daemon log (tail)"; tail -n 20 "$work/daemon.log"; exit 1; }
  # The whole wheel in Excel, both ways, on the daemon test.mjs leaves.
  node tools/browsertest/workbook-wheel.mjs || { echo "--- daemon log (tail)"; tail -n 20 "$work/daemon.log"; exit 1; }
  EMBED_ALLOW=$embed_allow EMBED_DENY=$embed_deny CARDS=$work/cards node tools/browsertest/teams.mjs || { echo "--- daemon log (tail)"; tail -n 20 "$work/daemon.log"; exit 1; }
fi
if [ -z "${ONLY:-}" ] || [ "$ONLY" = editor ]; then
  node tools/browsertest/editor.mjs || { echo "--- daemon log (tail)"; tail -n 20 "$work/daemon.log"; exit 1; }
fi
# A wheel kept in the web: a recurring item of the example moved, in the
# feed within two seconds; a stale save refused (ONLY=webwheel alone).
if [ -z "${ONLY:-}" ] || [ "$ONLY" = webwheel ]; then
  node tools/browsertest/webwheel.mjs || { echo "--- daemon log (tail)"; tail -n 20 "$work/daemon.log"; exit 1; }
fi
# Mina aktiviteter (tools/browsertest/me.mjs) on a daemon and database of
# its own: the internal communicator, named in people: and with no right
# to edit, owns the staff letter in kommunikation and an HR item added here.
if [ -z "${ONLY:-}" ] || [ "$ONLY" = me ]; then
  me=$work/me
  mkdir -p "$me"
  cp -r config calendars "$me/"
  mecfg=$me/config/arshjul.yaml
  meport=$(free_port)
  mailpit_config "$mecfg" "$meport"
  printf '\npeople:\n  intern.kommunikator@example.se: Ina Intern\n' >>"$mecfg"
  sed -i '0,/^wheel:$/s##wheel:\n  - id: hr-nytt\n    title: HR-nytt på intranätet\n    monthly: {day: 10}\n    owner: intern.kommunikator@example.se\n    focus: varumarke\n    audiences: [medarbetare]\n    channels: [intranat]\n    follow_up: {after: 7d, how: Läsningar på intranätet}\n#' "$me/calendars/hr.yaml"
  grep -q 'id: hr-nytt' "$me/calendars/hr.yaml" || { echo "could not add the HR item to $me/calendars/hr.yaml" >&2; exit 1; }
  ARSHJUL_LISTEN=127.0.0.1:$meport "$work/arshjul" --config "$mecfg" --now "$NOW" serve </dev/null >>"$work/me.log" 2>&1 &
  echo $! >"$work/me.pid"
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$meport/healthz" >/dev/null && break; sleep 0.1; done
  mefeeds=$("$work/arshjul" --config "$mecfg" --now "$NOW" feeds 2>/dev/null)
  me_token() { echo "$mefeeds" | awk -v u="$1" '$1==u && !seen {print $2; seen=1}' | sed 's#.*/feeds/\([^/]*\)/.*#\1#'; }
  BASE=http://127.0.0.1:$meport MAILPIT=$api KOMM_TOKEN=$(me_token kommunikation) HR_TOKEN=$(me_token hr) \
    node tools/browsertest/me.mjs || { echo "--- daemon log (tail)"; tail -n 20 "$work/me.log"; exit 1; }
fi
