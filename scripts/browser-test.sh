#!/usr/bin/env bash
# Tests the pages in a real browser: Debian's Chromium driven by Playwright
# (playwright-core from npm, never a downloaded browser), with axe-core for
# accessibility. Starts the built daemon on the example at 2027-03-15 with
# the file mail transport, takes a mark-done link from the reminder e-mail
# it writes, and runs tools/browsertest/test.mjs against it. A generated
# unit of 200 items is added for the wheel's legibility at its worst. Installs
# Chromium (apt) and the npm packages when they are missing.
# SCREENSHOTS=docs scripts/browser-test.sh also writes the README's pictures.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "Chromium is missing: sudo apt-get install chromium" >&2; exit 1; fi
  echo "== installing Chromium (Debian)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
if [ ! -d tools/browsertest/node_modules/playwright-core ]; then
  echo "== installing playwright-core, axe-core, ical.js"
  npm ci --prefix tools/browsertest --no-audit --no-fund --loglevel=error
fi
work=$(mktemp -d)
daemon=
provider=
cleanup() { [ -n "$daemon" ] && kill "$daemon" 2>/dev/null; [ -n "$provider" ] && kill "$provider" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
go build -o "$work/arshjul" ./cmd/arshjul
cp -r config calendars "$work/"
cfg=$work/config/arshjul.yaml
# A dense unit beside the example's: 200 generated items of every kind,
# for the wheel's legibility at its worst.
go run ./tools/genlarge -out "$work/dense" -units 1 -items 200
cp "$work/dense/calendars/u00.yaml" "$work/calendars/tat.yaml"
sed -i 's#^units:$#units:\n  - {id: tat, name: "Tät förvaltning", calendar: ../calendars/tat.yaml, contacts: [tat@example.se]}#' "$cfg"
grep -q 'id: tat' "$cfg" || { echo "could not add the dense unit to $cfg" >&2; exit 1; }
sed -i "s#base_url: \"http://localhost:8080\"#base_url: \"http://127.0.0.1:$port\"#" "$cfg"
# A real OpenID provider (tools/oidcprovider: zitadel's op package) with
# the communicator's account, and the daemon configured to use it.
oidc_port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
go build -o "$work/oidcprovider" ./tools/oidcprovider
cat >"$work/users.json" <<'JSON'
{"u1": {"ID": "u1", "Username": "kommunikatoren", "Password": "rätt lösenord", "FirstName": "Kim", "LastName": "Kommunikatör",
        "Email": "kommunikation@example.se", "EmailVerified": true, "PreferredLanguage": "sv"}}
JSON
export ARSHJUL_OIDC_SECRET=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
"$work/oidcprovider" -listen "127.0.0.1:$oidc_port" -users "$work/users.json" -secret "$ARSHJUL_OIDC_SECRET" \
  -redirect "http://127.0.0.1:$port/login/oidc/callback" >"$work/oidc.log" 2>&1 &
provider=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$oidc_port/.well-known/openid-configuration" >/dev/null && break; sleep 0.1; done
printf '\nauth:\n  domains: [example.se]\n  oidc: {issuer: "http://127.0.0.1:%s/", client_id: arshjul, secret_env: ARSHJUL_OIDC_SECRET}\npeople:\n  kommunikation@example.se: Kim Kommunikatör\n' "$oidc_port" >>"$cfg"
NOW=2027-03-15T10:00
ARSHJUL_LISTEN=127.0.0.1:$port "$work/arshjul" --config "$cfg" --now "$NOW" serve >"$work/daemon.log" 2>&1 &
daemon=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
# The start makes up the morning's missed runs: reminder e-mails (with
# mark-done links) land in data/outbox as .eml files.
for _ in $(seq 100); do ls "$work"/data/outbox/*.eml >/dev/null 2>&1 && break; sleep 0.1; done
link=$(/usr/bin/python3 - "$work/data/outbox" <<'PY'
import email, glob, re, sys
for path in sorted(glob.glob(sys.argv[1] + "/*.eml")):
    msg = email.message_from_binary_file(open(path, "rb"))
    for part in msg.walk():
        if part.get_content_type() == "text/plain":
            m = re.search(r"Markera som klar och skriv resultatet: (\S+)", part.get_payload(decode=True).decode())
            if m and "/followups/tat/" not in m.group(1):  # one of the example's units, not the dense one
                print(m.group(1)); sys.exit(0)
sys.exit("no mark-done link in any e-mail")
PY
)
feeds=$("$work/arshjul" --config "$cfg" --now "$NOW" feeds 2>/dev/null)
token_of() { echo "$feeds" | awk -v u="$1" '$1==u && !seen {print $2; seen=1}' | sed 's#.*/feeds/\([^/]*\)/.*#\1#'; }
export BASE=http://127.0.0.1:$port UNIT_TOKEN=$(token_of kommunikation) ADMIN_TOKEN=$(token_of all) DONE_LINK=$link OUTBOX=$work/data/outbox \
  ARSHJUL_BIN=$work/arshjul ARSHJUL_CFG=$cfg
[ -n "${SCREENSHOTS:-}" ] && export SCREENSHOTS=$root/$SCREENSHOTS
node tools/browsertest/test.mjs || { echo "--- daemon log (tail)"; tail -n 20 "$work/daemon.log"; exit 1; }
