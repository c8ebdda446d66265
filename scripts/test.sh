#!/usr/bin/env bash
# Runs every test of arshjul. The tests check each calendar feed they make
# with three real parsers, Mozilla's ical.js (npm), libical (Debian's
# gir1.2-ical-3.0) and Python's icalendar (Debian's python3-icalendar and
# python3-recurring-ical-events); this script installs them when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! /usr/bin/python3 -c 'import gi; gi.require_version("ICalGLib", "3.0"); from gi.repository import ICalGLib; import icalendar, recurring_ical_events' 2>/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "libical's or icalendar's Python packages are missing: sudo apt-get install gir1.2-ical-3.0 python3-gi python3-icalendar python3-recurring-ical-events" >&2
    exit 1
  fi
  echo "== installing libical (gir1.2-ical-3.0, python3-gi) and Python icalendar (python3-icalendar, python3-recurring-ical-events)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gir1.2-ical-3.0 python3-gi python3-icalendar python3-recurring-ical-events >/dev/null
fi
if ! command -v nginx >/dev/null || ! command -v openssl >/dev/null || ! command -v curl >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "nginx, openssl or curl is missing: sudo apt-get install nginx-light openssl curl" >&2
    exit 1
  fi
  echo "== installing nginx, openssl, curl (the nginx front test)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light openssl curl >/dev/null
fi
if ! command -v pdftotext >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "pdftotext is missing: sudo apt-get install poppler-utils" >&2
    exit 1
  fi
  echo "== installing pdftotext (poppler-utils), which reads the wheel's PDF"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null
fi
if [ ! -d tools/icalcheck/node_modules/ical.js ]; then
  echo "== installing ical.js"
  npm ci --prefix tools/icalcheck --no-audit --no-fund --loglevel=error
fi

echo "== go vet"
go vet ./...
(cd tools/oidcprovider && go vet ./...) # the tests' OpenID provider, a module of its own
# The scheduler, the sender and the HTTP server share the state across
# goroutines: the race detector runs whenever there is a C toolchain for it.
race=()
if [ "$(go env CGO_ENABLED)" = 1 ] && command -v "$(go env CC)" >/dev/null; then race=(-race); fi
echo "== go test ${race[*]}"
# Here a missing calendar parser fails the tests that check feeds with it
# (alone, go test skips those checks and says so).
export ARSHJUL_REQUIRE_PARSERS=1
go test "${race[@]}" -count=1 ./...
echo "== end to end: reminder e-mail through Mailpit"
./scripts/e2e-mail.sh
echo "== hostile files and visitors against the built daemon"
./scripts/hostile-test.sh
echo "== end to end: the pages in Chromium (Playwright, axe-core)"
./scripts/browser-test.sh
echo "== operations: Litestream replication through a SIGKILL, restore, backup"
./scripts/litestream-test.sh
echo "== operations: docs/nginx.conf in front (TLS, cache, revalidation)"
./scripts/nginx-front-test.sh
