package testenv

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TeamsReceiver stands in for a Teams Workflows webhook: a real HTTP
// server on loopback that takes POSTed cards and answers 202 as
// Workflows does, or what the test tells it to.
type TeamsReceiver struct {
	URL string // the webhook's address, with a secret-looking query as Workflows' has

	mu       sync.Mutex
	posts    []TeamsPost
	failNext []int                // statuses to answer, in turn, before accepting again
	onPost   func(TeamsPost) bool // false: the post is not answered (the test kills the sender)
}

// TeamsPost is one card received.
type TeamsPost struct {
	Body        []byte
	ContentType string
	Sum         string // sha256 of the body: the same card sent again has the same sum
}

// StartTeams starts a receiver for the test's life.
func StartTeams(t testing.TB) *TeamsReceiver {
	t.Helper()
	r := &TeamsReceiver{}
	srv := httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(srv.Close)
	r.URL = srv.URL + "/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=HEMLIG-SIGNATUR"
	return r
}

func (r *TeamsReceiver) serve(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(req.Body)
	if err != nil || req.Method != http.MethodPost || req.URL.Query().Get("sig") != "HEMLIG-SIGNATUR" {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	sum := sha256.Sum256(body)
	p := TeamsPost{Body: body, ContentType: req.Header.Get("Content-Type"), Sum: hex.EncodeToString(sum[:])}
	r.mu.Lock()
	if len(r.failNext) > 0 {
		code := r.failNext[0]
		r.failNext = r.failNext[1:]
		r.mu.Unlock()
		http.Error(w, `{"error":{"code":"prov","message":"avböjt i provet"}}`, code)
		return
	}
	hook := r.onPost
	r.mu.Unlock()
	if hook != nil && !hook(p) {
		// Never answered: the connection is dropped, the post not taken.
		if hj, ok := w.(http.Hijacker); ok {
			if c, _, err := hj.Hijack(); err == nil {
				c.Close()
			}
		}
		return
	}
	r.mu.Lock()
	r.posts = append(r.posts, p)
	r.mu.Unlock()
	w.WriteHeader(http.StatusAccepted)
}

// Fail answers the next posts with these statuses, one each.
func (r *TeamsReceiver) Fail(codes ...int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failNext = append(r.failNext, codes...)
}

// OnPost runs f on each post before it is taken; f returning false drops
// the post unanswered.
func (r *TeamsReceiver) OnPost(f func(TeamsPost) bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.onPost = f
}

// Posts are the cards taken, in order.
func (r *TeamsReceiver) Posts() []TeamsPost {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]TeamsPost(nil), r.posts...)
}

// UseTeams gives unit in the config in dir a Teams channel whose webhook
// is in the environment variable env (set for the test to r.URL).
func UseTeams(t *testing.T, dir, unit, env string, r *TeamsReceiver) {
	t.Helper()
	p := filepath.Join(dir, "config", "arshjul.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	at := "\n  - id: " + unit + "\n"
	if !strings.Contains(string(b), at) {
		t.Fatalf("config has no unit %s", unit)
	}
	cfg := strings.Replace(string(b), at, at+"    teams: {webhook_env: "+env+"}\n", 1)
	if err := os.WriteFile(p, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(env, r.URL)
}
