#!/usr/bin/env bash
# Continuous replication with Litestream, tried as a failure would try it:
# the real Litestream (installed here at a pinned version) replicates the
# live database to a file replica while the daemon sends a reminder run of
# over 1,000 digests; the daemon is killed with SIGKILL in the middle of
# it; the replica is restored into a fresh folder and a daemon started
# there finishes the run. The feeds are byte for byte what they were, and
# no reminder is sent twice (the one message in flight at the kill may go
# again, under the same Message-ID, as after any crash). Prints the
# replication lag and the restore time. Also `arshjul backup` of the live
# database while it runs.
#
# Runs on loopback only and stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
LITESTREAM_VERSION=${LITESTREAM_VERSION:-v0.3.13}
N=${N:-1500} PORT=${PORT:-18090}

bin=$PWD/.cache/bin
ls_bin=$bin/litestream
if ! { [ -x "$ls_bin" ] && go version -m "$ls_bin" 2>/dev/null | grep "mod.*github.com/benbjohnson/litestream.*$LITESTREAM_VERSION" >/dev/null; }; then
  echo "== installing Litestream $LITESTREAM_VERSION (go install, cgo)"
  mkdir -p "$bin"
  GOBIN=$bin CGO_ENABLED=1 go install "github.com/benbjohnson/litestream/cmd/litestream@$LITESTREAM_VERSION"
fi

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
count() { { ls "$1" 2>/dev/null || true; } | grep -c '\.eml$' || true; }
fail() {
  echo "litestream-test: FAIL: $*" >&2
  for f in "$work"/*.log; do echo "--- $f" >&2; tail -n 20 "$f" >&2; done
  exit 1
}
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc -l | xargs printf '%.2f'; }

go build -o "$work/arshjul" ./cmd/arshjul
mkdir -p "$work/site"
cp -r config calendars "$work/site/"
cfg=$work/site/config/arshjul.yaml
# A unit with N activities on 2026-10-19, each with its own owner and a
# reminder 14 days ahead: the 07:00 run of Monday 2026-10-05 sends N
# digests.
cat >>"$cfg" <<'YAML'

  - id: utskick
    name: Utskick för prov
    calendar: ../calendars/utskick.yaml
    manager: chef.utskick@example.se
    public: false
    color: "#444444"
YAML
{
  echo "wheel:"
  for i in $(seq -w 1 "$N"); do
    echo "  - {id: a$i, title: \"Aktivitet $i för Åsa och Örjan\", date: 2026-10-19, owner: person$i@example.se, focus: planering, audiences: [medarbetare], channels: [e-post], remind: [14d]}"
  done
} >"$work/site/calendars/utskick.yaml"
"$work/arshjul" --config "$cfg" check >/dev/null

live=$work/live fresh=$work/fresh
mkdir -p "$live" "$fresh"
export ARSHJUL_LISTEN=127.0.0.1:$PORT
as() { ARSHJUL_DATA=$1 "$work/arshjul" --config "$cfg" "${@:2}"; }
sent() { as "$1" outbox 2>/dev/null | awk -F'skickade: ' '/skickade:/ {print $2}'; }

# The database, its tokens, before the run: a writing command makes them.
as "$live" --now 2026-10-05T06:00 feeds rotate all >/dev/null
cat >"$work/litestream.yml" <<YAML
# As docs/litestream.yml, with this test's folders.
dbs:
  - path: $live/arshjul.db
    replicas:
      - type: file
        path: $work/replica
        sync-interval: 1s
YAML
"$ls_bin" replicate -config "$work/litestream.yml" >"$work/litestream.log" 2>&1 &
litestream=$!; pids+=("$litestream")
for _ in $(seq 100); do [ -d "$work/replica/generations" ] && break; sleep 0.1; done
[ -d "$work/replica/generations" ] || fail "Litestream made no replica"

# serve_on DATA LOG: a daemon just after Monday's 07:00 run, on the data
# folder DATA; it makes up the run at start and sends. Sets $daemon.
serve_on() {
  ARSHJUL_DATA=$1 "$work/arshjul" --config "$cfg" --now 2026-10-05T07:00:30 serve >"$2" 2>&1 &
  daemon=$!; pids+=("$daemon")
  until curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do
    kill -0 "$daemon" 2>/dev/null || fail "the daemon on $1 did not start"
    sleep 0.05
  done
}
serve_on "$live" "$work/live.log"
feeds=$(as "$live" feeds | awk '$1 == "hr" || $1 == "utskick" || $1 == "all" {print $2}' | grep /feeds/ | sed "s#http://localhost:8080#http://127.0.0.1:$PORT#")
i=0
for u in $feeds; do curl -fsS -o "$work/feed-$i.before" "$u"; i=$((i + 1)); done
curl -fsS -o "$work/feed-public.before" "http://127.0.0.1:$PORT/feeds/public.ics"

# A backup while the daemon runs.
as "$live" backup "$work/backup.db" || fail "arshjul backup"
as "$live" backup "$work/backup.db" 2>/dev/null && fail "a second backup overwrote the first"

# SIGKILL once some but not all of the run is out.
for _ in $(seq 3000); do
  n=$(count "$live/outbox")
  [ "$n" -ge $((N / 10)) ] && break
  sleep 0.01
done
kill -9 "$daemon"; wait "$daemon" 2>/dev/null || true
killed=$(now)
before_kill=$(count "$live/outbox")
[ "$before_kill" -gt 0 ] && [ "$before_kill" -lt "$N" ] || fail "the kill came at $before_kill of $N messages, not in the middle of the run"
live_sent=$(sent "$live")
echo "killed the daemon with SIGKILL after $before_kill of about $N messages ($live_sent marked sent)"

# Replication lag: how long after the last write (the kill) the replica
# holds all of it, restored again and again until it does.
lag=""
for _ in $(seq 200); do
  rm -rf "$work/probe"; mkdir -p "$work/probe"
  "$ls_bin" restore -config "$work/litestream.yml" -o "$work/probe/arshjul.db" "$live/arshjul.db" >/dev/null 2>&1 || { sleep 0.1; continue; }
  if [ "$(sent "$work/probe")" = "$live_sent" ]; then lag=$(since "$killed"); break; fi
  sleep 0.1
done
[ -n "$lag" ] || fail "the replica never caught up with the $live_sent messages marked sent"
kill "$litestream"; wait "$litestream" 2>/dev/null || true

start=$(now)
"$ls_bin" restore -config "$work/litestream.yml" -o "$fresh/arshjul.db" "$live/arshjul.db" >"$work/restore.log" 2>&1 || fail "restore"
restore_time=$(since "$start")
restored_bytes=$(stat -c %s "$fresh/arshjul.db")

# A daemon on the restored database, the same files and the same moment,
# finishes the run.
serve_on "$fresh" "$work/fresh.log"
for _ in $(seq 600); do
  case "$(as "$fresh" outbox 2>/dev/null | tail -1)" in "väntar: 0,"*) break ;; esac
  kill -0 "$daemon" 2>/dev/null || fail "the restored daemon stopped"
  sleep 0.2
done
i=0
for u in $feeds; do
  curl -fsS -o "$work/feed-$i.after" "$u"
  cmp -s "$work/feed-$i.before" "$work/feed-$i.after" || fail "feed ${u##*/} differs after the restore"
  i=$((i + 1))
done
curl -fsS -o "$work/feed-public.after" "http://127.0.0.1:$PORT/feeds/public.ics"
cmp -s "$work/feed-public.before" "$work/feed-public.after" || fail "the public feed differs after the restore"
kill "$daemon"; wait "$daemon" 2>/dev/null || true

# Every message once: the files are named by Message-ID, so a message
# sent by both daemons appears in both folders.
ls "$live/outbox" | grep '\.eml$' | sort >"$work/live.ids"
ls "$fresh/outbox" | grep '\.eml$' | sort >"$work/fresh.ids"
twice=$(comm -12 "$work/live.ids" "$work/fresh.ids" | wc -l)
total=$(sort -u "$work/live.ids" "$work/fresh.ids" | wc -l)
ledger=$(sent "$fresh")
stats=$(as "$fresh" outbox | tail -1)
[ "$total" = "$ledger" ] || fail "$total distinct messages arrived, the restored ledger says $ledger sent ($stats)"
case "$stats" in "väntar: 0, misslyckade: 0,"*) ;; *) fail "mail left over: $stats" ;; esac
[ "$twice" -le 1 ] || fail "$twice messages were sent twice"
again="none sent again"
[ "$twice" = 1 ] && again="1 sent again (the one in flight at the kill, under the same Message-ID)"
echo "litestream: $total messages, $before_kill before the SIGKILL and $(wc -l <"$work/fresh.ids") after the restore, $again; feeds byte-identical"
echo "litestream: replication lag ${lag} s (sync-interval 1 s), restore ${restore_time} s for a $((restored_bytes / 1024)) KB database; backup while serving: $(stat -c %s "$work/backup.db") bytes"
