package mail

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	netmail "net/mail"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
	gosmtp "github.com/wneessen/go-mail/smtp"

	"github.com/avesta-kommun/arshjul/internal/config"
)

// Transport opens sessions that deliver composed messages.
type Transport interface {
	Open(ctx context.Context) (Session, error)
	Describe() string // for logs: never includes a password
}

// Session delivers messages until closed. A session whose Send returns a
// *ConnError is broken and must be closed.
type Session interface {
	Send(ctx context.Context, from, to string, message []byte) error
	Close() error
}

// ConnError is a failure of the connection rather than of one message: the
// server is down or unreachable, and every message must wait.
type ConnError struct{ Err error }

func (e *ConnError) Error() string { return e.Err.Error() }
func (e *ConnError) Unwrap() error { return e.Err }

// Permanent reports whether err means the server refused the message for
// good (SMTP 5xx, or a Poster's permanent refusal): retrying the same message will not help.
func Permanent(err error) bool {
	var te *textproto.Error
	var p interface{ Permanent() bool }
	return (errors.As(err, &te) && te.Code >= 500 && te.Code < 600) || (errors.As(err, &p) && p.Permanent())
}

// NewTransport builds the configured transport. The SMTP password is read
// from the environment variable the config names, never from the file.
func NewTransport(m config.Mail) (Transport, error) {
	switch m.Transport {
	case "file":
		return &fileTransport{dir: m.Outbox}, nil
	case "smtp":
		return newSMTP(m.SMTP, os.Getenv(m.SMTP.PasswordEnv))
	}
	return nil, fmt.Errorf("mail: unknown transport %q", m.Transport)
}

// Envelope returns the bare address of a From header value.
func Envelope(from string) (string, error) {
	a, err := netmail.ParseAddress(from)
	if err != nil {
		return "", fmt.Errorf("mail: sender %q: %w", from, err)
	}
	return a.Address, nil
}

type smtpTransport struct {
	cfg    config.SMTP
	client *gomail.Client
}

func newSMTP(c config.SMTP, password string) (*smtpTransport, error) {
	opts := []gomail.Option{gomail.WithPort(c.Port), gomail.WithTimeout(30 * time.Second)}
	switch c.TLS {
	case "starttls":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case "tls":
		opts = append(opts, gomail.WithSSL())
	case "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if c.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(c.Username), gomail.WithPassword(password))
	}
	client, err := gomail.NewClient(c.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("mail: smtp client for %s: %w", c.Host, err)
	}
	if c.TLS != "none" {
		if err := client.SetTLSConfig(&tls.Config{ServerName: c.Host, MinVersion: tls.VersionTLS12}); err != nil {
			return nil, err
		}
	}
	return &smtpTransport{cfg: c, client: client}, nil
}

func (t *smtpTransport) Describe() string {
	return fmt.Sprintf("smtp %s:%d (%s)", t.cfg.Host, t.cfg.Port, t.cfg.TLS)
}

// Open dials with go-mail, which does TLS and authentication; the session
// then sends the stored bytes as they are, so that what was queued is
// exactly what arrives.
func (t *smtpTransport) Open(ctx context.Context) (Session, error) {
	c, err := t.client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return nil, &ConnError{Err: fmt.Errorf("connect to %s:%d: %w", t.cfg.Host, t.cfg.Port, err)}
	}
	return &smtpSession{t: t, c: c}, nil
}

type smtpSession struct {
	t *smtpTransport
	c *gosmtp.Client
}

func (s *smtpSession) Send(_ context.Context, from, to string, message []byte) error {
	err := s.send(from, to, message)
	if err == nil {
		return nil
	}
	var te *textproto.Error
	if errors.As(err, &te) {
		// The server answered: the connection is fine; leave it ready for
		// the next message.
		if rerr := s.c.Reset(); rerr != nil {
			return &ConnError{Err: errors.Join(err, rerr)}
		}
		return err
	}
	// Anything else (timeout, reset, EOF) broke the connection.
	return &ConnError{Err: err}
}

func (s *smtpSession) send(from, to string, message []byte) error {
	// go-mail's smtp client writes the path as given: RFC 5321 wants the
	// angle brackets, and strict servers (Mailpit, Exchange) insist.
	if err := s.c.Mail("<" + from + ">"); err != nil {
		return err
	}
	if err := s.c.Rcpt("<" + to + ">"); err != nil {
		return err
	}
	w, err := s.c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(message); err != nil {
		return err
	}
	return w.Close()
}

func (s *smtpSession) Close() error { return s.t.client.CloseWithSMTPClient(s.c) }

// fileTransport writes each message as an .eml file: the default, so that
// `serve` works with no mail server, and a drill leaves mail to open.
type fileTransport struct{ dir string }

func (t *fileTransport) Describe() string { return "file " + t.dir }

func (t *fileTransport) Open(context.Context) (Session, error) {
	if err := os.MkdirAll(t.dir, 0o700); err != nil { // messages are personal data
		return nil, &ConnError{Err: err}
	}
	t.removeLeftovers()
	return t, nil
}

// removeLeftovers deletes the half-written .tmp-*.eml files of a process
// killed while it wrote them. Only old ones: a file a minute old may still
// be another sender's (a second daemon, a reload) write in progress.
func (t *fileTransport) removeLeftovers() {
	tmps, _ := filepath.Glob(filepath.Join(t.dir, ".tmp-*.eml"))
	for _, p := range tmps {
		if fi, err := os.Stat(p); err == nil && time.Since(fi.ModTime()) > 10*time.Minute {
			os.Remove(p)
		}
	}
}

// Send writes the message under its Message-ID (atomically, by rename): a
// message sent again after a crash replaces itself instead of doubling.
func (t *fileTransport) Send(_ context.Context, _, to string, message []byte) error {
	id := headerValue(message, "Message-Id")
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' {
			return r
		}
		return '_'
	}, strings.Trim(id, "<>"))
	if name == "" {
		return fmt.Errorf("mail: message to %s has no Message-ID", to)
	}
	tmp, err := os.CreateTemp(t.dir, ".tmp-*.eml")
	if err != nil {
		return &ConnError{Err: err}
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(message); err != nil {
		tmp.Close()
		return &ConnError{Err: err}
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return &ConnError{Err: err}
	}
	if err := tmp.Close(); err != nil {
		return &ConnError{Err: err}
	}
	if err := os.Rename(tmp.Name(), filepath.Join(t.dir, name+".eml")); err != nil {
		return &ConnError{Err: err}
	}
	return nil
}

func (t *fileTransport) Close() error { return nil }

// headerValue finds a header in a message's header block.
func headerValue(message []byte, name string) string {
	r := textproto.NewReader(bufioReader(message))
	h, _ := r.ReadMIMEHeader()
	return h.Get(name)
}

func bufioReader(b []byte) *bufio.Reader { return bufio.NewReader(bytes.NewReader(b)) }
