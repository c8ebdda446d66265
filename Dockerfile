# syntax=docker/dockerfile:1
# Multi-stage: a static binary (pure-Go SQLite, no cgo) in a distroless image
# that has CA certificates and runs as a non-root user. Time zones are
# embedded in the binary (time/tzdata), so Europe/Stockholm needs nothing
# from the image.
#
# Both images are pinned by digest, so that a rebuild of an old commit
# gives the same image and a moved tag cannot change what runs. The tag
# stays for the reader; the digest decides. To move to newer images:
#   crane digest golang:1.26-bookworm
#   crane digest gcr.io/distroless/static-debian12:nonroot
# (or `docker buildx imagetools inspect IMAGE`), and replace both below.
FROM golang:1.26-bookworm@sha256:116d58cbd88c1297624acc6e967a060012422bacf9930927e23fb719189c6f36 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/arshjul ./cmd/arshjul \
 && install -d -m 0700 /out/data

FROM gcr.io/distroless/static-debian12:nonroot@sha256:afa5c872c891853ca7fcf1f12c3edb23f7eeef36189728842dd51042ff57f7ab
COPY --from=build /out/arshjul /usr/local/bin/arshjul
# The database and the mail outbox live in the volume, owned by nonroot and
# closed to everyone else (0700): they hold every token and every message.
COPY --from=build --chown=65532:65532 /out/data /data
VOLUME ["/data"]
WORKDIR /data
ENV ARSHJUL_DATA=/data \
    ARSHJUL_LISTEN=:8080 \
    ARSHJUL_LOG_FORMAT=json
EXPOSE 8080
USER 65532:65532
# The binary asks its own /healthz: the image has no shell or curl. It
# fails (unhealthy) while the daemon is degraded, serving the last good
# state because a file is broken: the log and /healthz?token=ADMIN say which.
# (Backups: `docker exec … arshjul backup /data/backup-DATE.db`; continuous
# replication: docs/litestream.yml, Litestream beside the container.)
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["/usr/local/bin/arshjul", "health"]
ENTRYPOINT ["/usr/local/bin/arshjul"]
# Without a config this serves the example embedded in the binary, and says
# so: a WARN line at start, "example": true on /healthz?token=ADMIN (the
# HEALTHCHECK needs only ARSHJUL_LISTEN). Every other command exits 2 without one. Mount your
# own files and point at them:
#   docker run -v $PWD/config:/etc/arshjul/config:ro -v $PWD/calendars:/etc/arshjul/calendars:ro \
#     -v arshjul-data:/data -e ARSHJUL_CONFIG=/etc/arshjul/config/arshjul.yaml -p 8080:8080 arshjul
# With mail.transport: smtp, pass the password in the variable that
# mail.smtp.password_env names (-e ARSHJUL_SMTP_PASSWORD=…), never in the file.
# Run one container per database: a second one serves feeds but sends no mail.
CMD ["serve"]
