package remind_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/remind"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

var stockholm = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		panic(err)
	}
	return loc
}()

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02T15:04", s, stockholm)
	if err != nil {
		panic(err)
	}
	return t
}

// daemon is one process's worth of parts on a shared database: what
// `arshjul serve` wires, minus HTTP.
type daemon struct {
	store  *store.Store
	holder *state.Holder
	runner *remind.Runner
}

type rig struct {
	t       *testing.T
	cfgPath string
	clock   *clock.Manual
	smtp    *testenv.SMTPServer
}

func newRig(t *testing.T, now time.Time) *rig {
	dir := testenv.CopyExample(t)
	srv := testenv.StartSMTP(t)
	return &rig{t: t, cfgPath: testenv.UseSMTP(t, dir, srv), clock: clock.NewManual(now), smtp: srv}
}

// start opens the database and loads the files, as a daemon starting.
func (r *rig) start() *daemon {
	r.t.Helper()
	files := config.Disk()
	p, err := files.FromOS(r.cfgPath)
	if err != nil {
		r.t.Fatal(err)
	}
	cfg, err := config.Load(files, p)
	if err != nil {
		r.t.Fatal(err)
	}
	st, err := store.Open(context.Background(), cfg.Database, testenv.Quiet())
	if err != nil {
		r.t.Fatal(err)
	}
	h := state.New(st, r.clock, testenv.Quiet(), files, p)
	if err := h.Reload(context.Background()); err != nil {
		r.t.Fatal(err)
	}
	d := &daemon{store: st, holder: h, runner: &remind.Runner{State: h, Store: st, Clock: r.clock, Log: testenv.Quiet()}}
	r.t.Cleanup(d.stop)
	return d
}

func (d *daemon) stop() {
	d.runner.Close()
	d.store.Close()
}

func (d *daemon) tick(t *testing.T) {
	t.Helper()
	if err := d.runner.Tick(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// byID counts deliveries per Message-ID and recipient.
func byID(msgs []testenv.Received) map[string]int {
	n := map[string]int{}
	for _, m := range msgs {
		n[m.MessageID+" "+m.To]++
	}
	return n
}

func assertOnce(t *testing.T, msgs []testenv.Received) {
	t.Helper()
	for k, n := range byID(msgs) {
		if n > 1 {
			t.Errorf("%s delivered %d times", k, n)
		}
	}
	seen := map[string]bool{}
	for _, m := range msgs {
		for section, ids := range testenv.IDs(t, m.Data) {
			for _, id := range ids {
				k := m.To + " " + section + " " + id + " " + m.Header.Get("Date")
				if seen[k] {
					t.Errorf("reminder repeated: %s", k)
				}
				seen[k] = true
			}
		}
	}
}

func TestRunOnTimeThenNothingNew(t *testing.T) {
	r := newRig(t, at("2026-09-21T06:59"))
	d := r.start()
	d.tick(t) // the first start makes up Friday's run: the baseline
	base := len(r.smtp.Received())
	r.clock.Set(at("2026-09-21T07:00").Add(2 * time.Second))
	d.tick(t)
	got := r.smtp.Received()[base:]
	if len(got) == 0 {
		t.Fatal("nothing sent on Monday's run")
	}
	for _, m := range got {
		if m.Header.Get("Date") != "Mon, 21 Sep 2026 07:00:02 +0200" {
			t.Errorf("Date %q", m.Header.Get("Date"))
		}
	}
	r.clock.Set(at("2026-09-21T07:05"))
	d.tick(t)
	d.tick(t)
	if n := len(r.smtp.Received()); n != base+len(got) {
		t.Errorf("ticks after the run sent %d more", n-base-len(got))
	}
	// An edit and a reload (the survey's title and owner's wording change,
	// its date does not) resend nothing.
	cal := filepath.Join(filepath.Dir(filepath.Dir(r.cfgPath)), "calendars", "hr.yaml")
	b, _ := os.ReadFile(cal)
	edited := strings.Replace(string(b), "title: Medarbetarenkät", "title: Medarbetarenkäten 2026–2028", 1)
	if edited == string(b) {
		t.Fatal("hr.yaml has no survey title to edit")
	}
	os.WriteFile(cal, []byte(edited), 0o644)
	if err := d.holder.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	r.clock.Set(at("2026-09-21T07:10"))
	d.tick(t)
	if n := len(r.smtp.Received()); n != base+len(got) {
		t.Errorf("a reload sent %d again", n-base-len(got))
	}
	assertOnce(t, r.smtp.Received())
}

func TestSMTPDownThroughARun(t *testing.T) {
	r := newRig(t, at("2026-09-21T07:00"))
	r.smtp.Down()
	d := r.start()
	d.tick(t)
	if n := len(r.smtp.Received()); n != 0 {
		t.Fatalf("%d delivered while the server was down", n)
	}
	st := d.runner.Status()
	if st.Queued == 0 {
		t.Fatal("nothing queued")
	}
	queued := st.Queued
	// Down for six hours: ticks every minute, retries back off; then up.
	for i := 0; i < 6*60; i++ {
		r.clock.Advance(time.Minute)
		d.tick(t)
	}
	if st := d.runner.Status(); !st.Stuck {
		t.Error("mail waiting six hours is not reported as stuck (alert_after 4h)")
	}
	r.smtp.Up()
	for i := 0; i < 90 && d.runner.Status().Queued > 0; i++ {
		r.clock.Advance(time.Minute)
		d.tick(t)
	}
	got := r.smtp.Received()
	if st := d.runner.Status(); st.Queued != 0 {
		t.Fatalf("%d still queued an hour and a half after the server came back", st.Queued)
	}
	if alerts := testenv.CountContaining(t, got, "väntar i utkorgen"); alerts != 1 {
		t.Errorf("%d stuck-mail alerts to the one admin, want 1", alerts)
	}
	// The 08:00 overdue run came and went while the server was down too.
	all, _ := d.store.Outbox(context.Background(), "queued", "sending", "sent", "failed")
	if len(got) != len(all) || len(all) <= queued {
		t.Errorf("delivered %d of %d queued (%d at the first run)", len(got), len(all), queued)
	}
	assertOnce(t, got)
}

func TestRefusedRecipient(t *testing.T) {
	r := newRig(t, at("2026-09-21T07:00"))
	r.smtp.Refuse("hr@example.se")
	d := r.start()
	d.tick(t)
	got := r.smtp.Received()
	if len(got) == 0 {
		t.Fatal("nobody got anything")
	}
	for _, m := range got {
		if m.To == "hr@example.se" {
			t.Fatal("refused recipient got mail")
		}
	}
	failed, err := d.store.Outbox(context.Background(), "failed")
	if err != nil || len(failed) != 1 || failed[0].Recipient != "hr@example.se" || !strings.Contains(failed[0].LastError, "550") {
		t.Fatalf("failed = %+v, %v; want hr@example.se with the 550", failed, err)
	}
	// The admins hear of it once; fixing the address and retrying sends it.
	r.clock.Advance(time.Minute)
	d.tick(t)
	d.tick(t)
	if alerts := testenv.CountContaining(t, r.smtp.Received(), "kunde inte levereras"); alerts != 1 {
		t.Errorf("%d alerts about the refusal, want 1", alerts)
	}
	r.smtp.Unrefuse("hr@example.se")
	if n, err := d.store.Retry(context.Background(), failed[0].ID, r.clock.Now()); err != nil || n != 1 {
		t.Fatalf("retry: %d %v", n, err)
	}
	d.tick(t)
	n := 0
	for _, m := range r.smtp.Received() {
		if m.To == "hr@example.se" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("hr@example.se got %d after retry, want 1", n)
	}
	assertOnce(t, r.smtp.Received())
}

func TestTwoDaemonsOneDatabase(t *testing.T) {
	r := newRig(t, at("2026-09-21T07:00"))
	a, b := r.start(), r.start()
	var wg sync.WaitGroup
	for _, d := range []*daemon{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				if err := d.runner.Tick(context.Background()); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if sa, sb := a.runner.Status().Sender, b.runner.Status().Sender; sa == sb {
		t.Errorf("both or neither send: %v %v", sa, sb)
	}
	got := r.smtp.Received()
	if len(got) == 0 {
		t.Fatal("nothing sent")
	}
	assertOnce(t, got)
	// The sender stops; the other takes over at its next tick.
	sender, other := a, b
	if !a.runner.Status().Sender {
		sender, other = b, a
	}
	sender.runner.Close()
	r.clock.Set(at("2026-09-22T07:00"))
	other.tick(t)
	if !other.runner.Status().Sender {
		t.Error("the second daemon did not take over")
	}
	if len(r.smtp.Received()) == len(got) {
		t.Error("nothing sent on Tuesday after the takeover")
	}
	assertOnce(t, r.smtp.Received())
}

// Without the lock (a database on a filesystem without flock, say) the
// ledger alone must keep two planners from queueing one reminder twice.
func TestTwoPlannersWithoutTheLock(t *testing.T) {
	r := newRig(t, at("2026-09-21T07:00"))
	a, b := r.start(), r.start()
	var wg sync.WaitGroup
	var queued [2]int
	for i, d := range []*daemon{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := d.runner.Once(context.Background(), nil)
			if err != nil {
				t.Error(err)
			}
			queued[i] = res.Queued
		}()
	}
	wg.Wait()
	msgs, _ := a.store.Outbox(context.Background(), "queued", "sending", "sent", "failed")
	if len(msgs) != queued[0]+queued[1] {
		t.Errorf("outbox %d, queued %v", len(msgs), queued)
	}
	assertOnce(t, r.smtp.WaitFor(len(msgs), 5*time.Second))
	if n := len(r.smtp.Received()); n != len(msgs) {
		t.Errorf("%d delivered, %d queued", n, len(msgs))
	}
}

func TestDownAcrossARunIsMadeUpOnce(t *testing.T) {
	r := newRig(t, at("2026-09-18T07:00")) // a Friday
	d := r.start()
	d.tick(t)
	d.stop()
	before := len(r.smtp.Received())
	// Down over the weekend and through Monday's 07:00 and 08:00 runs.
	r.clock.Set(at("2026-09-21T09:30"))
	d2 := r.start()
	d2.tick(t)
	d2.tick(t)
	after := r.smtp.Received()[before:]
	if len(after) == 0 {
		t.Fatal("the missed run was not made up")
	}
	if missed := testenv.CountContaining(t, after, "gjordes först"); missed != 1 {
		t.Errorf("%d messages tell the admin of missed runs, want 1 (both schedules in one digest)", missed)
	}
	r.clock.Set(at("2026-09-21T10:00"))
	d2.tick(t)
	if n := len(r.smtp.Received()) - before; n != len(after) {
		t.Errorf("the made-up run was made again: %d more", n-len(after))
	}
	assertOnce(t, r.smtp.Received())
	runs, _ := d2.store.LastRuns(context.Background())
	if got := runs["reminders"].Due; !got.Equal(at("2026-09-21T07:00")) {
		t.Errorf("last reminders run recorded for %s", got)
	}
}

func TestDoneBetweenRunsStopsReminders(t *testing.T) {
	r := newRig(t, at("2026-09-21T08:00")) // Monday: an overdue run
	d := r.start()
	d.tick(t)
	id := "ekonomi/arsredovisning/2026-04-28"
	reminded := func(from int) int {
		n := 0
		for _, m := range r.smtp.Received()[from:] {
			for _, x := range testenv.IDs(t, m.Data)["FÖRSENADE UPPFÖLJNINGAR"] {
				if x == id {
					n++
				}
			}
		}
		return n
	}
	if reminded(0) != 1 {
		t.Fatalf("%s not reminded on the overdue run", id)
	}
	if err := d.store.MarkFollowUpDone(context.Background(), id, "Klart: 1 200 nedladdningar", r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	before := len(r.smtp.Received())
	r.clock.Set(at("2026-09-28T08:00"))
	d.tick(t)
	if len(r.smtp.Received()) == before {
		t.Fatal("the next overdue run sent nothing at all")
	}
	if n := reminded(before); n != 0 {
		t.Errorf("reminded %d times after being marked done", n)
	}
}

func TestNothingAfterValidUntil(t *testing.T) {
	r := newRig(t, at("2028-12-29T07:00"))
	d := r.start()
	r.smtp.Down()
	d.tick(t) // queued, not sent
	if d.runner.Status().Queued == 0 {
		t.Fatal("nothing queued on the last Friday")
	}
	r.smtp.Up()
	r.clock.Set(at("2029-01-01T07:00"))
	d.tick(t)
	r.clock.Set(at("2029-01-08T08:00"))
	d.tick(t)
	if n := len(r.smtp.Received()); n != 0 {
		t.Errorf("%d messages sent after 2028-12-31", n)
	}
	st := d.runner.Status()
	if !st.Ended || st.Queued != 0 {
		t.Errorf("status %+v: want ended, nothing waiting", st)
	}
	failed, _ := d.store.Outbox(context.Background(), "failed")
	if len(failed) == 0 || !strings.Contains(failed[0].LastError, "giltighetstid") {
		t.Errorf("unsent mail should be marked as not sent because the programme ended: %+v", failed)
	}
}
