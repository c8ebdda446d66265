# Mailpit for the end-to-end scripts: a real mail server whose API the tests
# read what arrived through. Sourced, not run; the caller sets `root` (the
# checkout) and `work` (a temporary folder) and kills "$mailpit" at exit.
MAILPIT_VERSION=v1.33.1

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# mailpit_start installs Mailpit (go install, pinned) when missing, starts it
# and sets smtp_port, mailpit (its pid) and api (its API's address).
mailpit_start() {
  local bin=$root/.cache/bin ui_port
  if [ ! -x "$bin/mailpit" ]; then
    echo "== installing Mailpit $MAILPIT_VERSION"
    GOBIN=$bin go install "github.com/axllent/mailpit@$MAILPIT_VERSION"
  fi
  smtp_port=$(free_port); ui_port=$(free_port)
  "$bin/mailpit" --quiet --disable-version-check --database "$work/mailpit.db" --max 0 \
    --smtp "127.0.0.1:$smtp_port" --listen "127.0.0.1:$ui_port" --smtp-auth-accept-any --smtp-auth-allow-insecure >"$work/mailpit.log" 2>&1 &
  mailpit=$!
  api=http://127.0.0.1:$ui_port/api/v1
  for _ in $(seq 50); do curl -sf "$api/info" >/dev/null && return; sleep 0.2; done
  echo "Mailpit did not start" >&2
  return 1
}

# mailpit_config points the example's config (FILE) at Mailpit and at the
# daemon's address (PORT) for the links in what it sends.
mailpit_config() {
  sed -i -e 's/transport: file/transport: smtp/' -e "s/host: smtp.example.se/host: 127.0.0.1/" \
    -e "s/port: 587/port: $smtp_port/" -e 's/tls: starttls/tls: none/' -e 's/username: arshjul/username: ""/' \
    -e "s#base_url: \"http://localhost:8080\"#base_url: \"http://127.0.0.1:$2\"#" "$1"
}
