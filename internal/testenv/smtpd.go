package testenv

import (
	"bytes"
	"errors"
	"io"
	"log"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// SMTPServer is a real SMTP server (emersion/go-smtp) in the test process.
// It keeps what it receives, can refuse chosen recipients with 550, and can
// be taken down and brought back on the same port.
type SMTPServer struct {
	Host string
	Port int

	mu       sync.Mutex
	received []Received
	refuse   map[string]bool
	srv      *smtp.Server
	ln       net.Listener
	addr     string
	t        testing.TB
}

// Received is one delivered message.
type Received struct {
	From, To  string
	MessageID string
	Data      []byte
	Header    mail.Header
}

// StartSMTP starts a server on a free loopback port; it stops with the test.
func StartSMTP(t testing.TB) *SMTPServer {
	t.Helper()
	s := &SMTPServer{refuse: map[string]bool{}, t: t}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	host, port, _ := net.SplitHostPort(s.addr)
	s.Host = host
	s.Port, _ = strconv.Atoi(port)
	s.serve(ln)
	t.Cleanup(s.Down)
	return s
}

func (s *SMTPServer) serve(ln net.Listener) {
	srv := smtp.NewServer(&backend{s})
	srv.Domain = "localhost"
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	srv.MaxMessageBytes = 20 << 20
	srv.AllowInsecureAuth = true
	srv.ErrorLog = log.New(io.Discard, "", 0) // a client killed mid-message is expected here
	s.mu.Lock()
	s.srv, s.ln = srv, ln
	s.mu.Unlock()
	go srv.Serve(ln) //nolint:errcheck // ends with Close
}

// Down stops the server: connections are refused until Up.
func (s *SMTPServer) Down() {
	s.mu.Lock()
	srv, ln := s.srv, s.ln
	s.srv, s.ln = nil, nil
	s.mu.Unlock()
	// The listener is closed here too: Serve may not have taken it over yet,
	// and a Close before that would leave it accepting.
	if ln != nil {
		ln.Close()
	}
	if srv != nil {
		srv.Close()
	}
}

// Up starts the server again on the same port.
func (s *SMTPServer) Up() {
	s.t.Helper()
	var ln net.Listener
	var err error
	for i := 0; i < 50; i++ { // the port may linger for a moment after Close
		if ln, err = net.Listen("tcp", s.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		s.t.Fatal(err)
	}
	s.serve(ln)
}

// Refuse makes the server answer 550 to RCPT TO:<addr>.
func (s *SMTPServer) Refuse(addr string) {
	s.mu.Lock()
	s.refuse[strings.ToLower(addr)] = true
	s.mu.Unlock()
}

// Received returns a copy of what has arrived.
func (s *SMTPServer) Received() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// WaitFor polls until n messages have arrived or the deadline passes.
func (s *SMTPServer) WaitFor(n int, within time.Duration) []Received {
	deadline := time.Now().Add(within)
	for {
		got := s.Received()
		if len(got) >= n || time.Now().After(deadline) {
			return got
		}
		time.Sleep(10 * time.Millisecond)
	}
}

type backend struct{ s *SMTPServer }

func (b *backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s     *SMTPServer
	from  string
	rcpts []string
}

func (x *session) Reset()        { x.from, x.rcpts = "", nil }
func (x *session) Logout() error { return nil }

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.from = from
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.s.mu.Lock()
	refused := x.s.refuse[strings.ToLower(to)]
	x.s.mu.Unlock()
	if refused {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "mailbox unavailable"}
	}
	x.rcpts = append(x.rcpts, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return &smtp.SMTPError{Code: 554, Message: "unparsable message: " + err.Error()}
	}
	if len(x.rcpts) == 0 {
		return errors.New("no recipients")
	}
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	for _, to := range x.rcpts {
		x.s.received = append(x.s.received, Received{From: x.from, To: to, MessageID: msg.Header.Get("Message-Id"), Data: data, Header: msg.Header})
	}
	return nil
}

// Unrefuse accepts addr again.
func (s *SMTPServer) Unrefuse(addr string) {
	s.mu.Lock()
	delete(s.refuse, strings.ToLower(addr))
	s.mu.Unlock()
}
