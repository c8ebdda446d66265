package app_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul"
	"github.com/avesta-kommun/arshjul/internal/app"
	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/linksig"
	"github.com/avesta-kommun/arshjul/internal/snapshot"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

var ctx = context.Background()

type fixture struct {
	core  *app.Core
	store *store.Store
	state *state.Holder
	clock *clock.Manual
}

// start is the core over the embedded example, on a real database, with
// no HTTP anywhere.
func start(t *testing.T, now time.Time) *fixture {
	t.Helper()
	clk := clock.NewManual(now)
	h, st := testenv.ExampleState(t, clk, testenv.Quiet())
	return &fixture{core: app.New(app.Options{State: h, Store: st, Clock: clk, Log: testenv.Quiet()}), store: st, state: h, clock: clk}
}

func (f *fixture) token(t *testing.T, scope string) string {
	t.Helper()
	tok, err := f.store.Token(ctx, scope, f.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

var stockholm, _ = time.LoadLocation("Europe/Stockholm")

// TestFeedUseCase: who may open which feed, the same answer for a wrong
// token and an unknown unit, filters checked, one encoding per data
// version, and a rotated token closed at once.
func TestFeedUseCase(t *testing.T) {
	f := start(t, time.Date(2026, 9, 21, 10, 0, 0, 0, stockholm))
	hr, admin := f.token(t, store.UnitScope("hr")), f.token(t, store.AdminScope)
	for _, c := range []struct {
		token, file string
		want        error
	}{
		{hr, "hr.ics", nil},
		{admin, "hr.ics", nil},
		{admin, "all.ics", nil},
		{hr, "all.ics", app.ErrNotFound},
		{hr, "ekonomi.ics", app.ErrNotFound},
		{hr, "okand.ics", app.ErrNotFound},
		{"fel" + hr[3:], "hr.ics", app.ErrNotFound},
		{hr, "hr.txt", app.ErrNotFound},
	} {
		if _, err := f.core.TokenFeed(c.token, c.file, ""); !errors.Is(err, c.want) {
			t.Errorf("%s with %.6s…: %v, want %v", c.file, c.token, err, c.want)
		}
	}
	a, _ := f.core.TokenFeed(hr, "hr.ics", "")
	b, _ := f.core.TokenFeed(hr, "hr.ics", "followups=1&x=2")
	body, _, err := a.Build()
	if err != nil || a.Key != b.Key || !strings.HasPrefix(string(body), "BEGIN:VCALENDAR") || a.Public {
		t.Errorf("the same feed under two keys, or not a calendar: %v", err)
	}
	var inv *app.Invalid
	if _, err := f.core.TokenFeed(hr, "hr.ics", "focus=okand"); !errors.As(err, &inv) || !strings.Contains(inv.Msg, "planering") {
		t.Errorf("unknown focus: %v", err)
	}
	pub, err := f.core.PublicFeed("")
	var pubBody []byte
	if err == nil {
		pubBody, _, err = pub.Build()
	}
	if err != nil || !pub.Public || strings.Contains(string(pubBody), "Medarbetarenkät") {
		t.Errorf("public feed: %v, or it holds an internal unit's item", err)
	}
	if _, err := f.core.RotateToken(ctx, "hr"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.core.TokenFeed(hr, "hr.ics", ""); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("the rotated token still opens the feed: %v", err)
	}
}

// TestPagesUseCases: the wheel, an item and the start pages as models,
// with links built from base_url and the public scope kept public.
func TestPagesUseCases(t *testing.T) {
	f := start(t, time.Date(2026, 9, 21, 10, 0, 0, 0, stockholm))
	hr, admin := f.token(t, store.UnitScope("hr")), f.token(t, store.AdminScope)
	if _, err := f.core.Wheel(app.Anyone, "hr", nil); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("an internal unit's wheel without a token: %v", err)
	}
	w, err := f.core.Wheel(app.TokenViewer(hr), "hr", url.Values{"year": {"2026"}})
	if err != nil || w.Data.Count == 0 || !strings.HasPrefix(string(w.SVG), "<svg") || w.FeedURL != "http://localhost:8080/feeds/"+hr+"/hr.ics" {
		t.Fatalf("wheel: %v, %d occurrences, feed %s", err, w.Data.Count, w.FeedURL)
	}
	var inv *app.Invalid
	if _, err := f.core.Wheel(app.TokenViewer(hr), "hr", url.Values{"year": {"i år"}}); !errors.As(err, &inv) {
		t.Errorf("a bad year: %v", err)
	}
	item, err := f.core.Item(app.TokenViewer(hr), "hr", "medarbetarenkat")
	if err != nil || item.Item.Title != "Medarbetarenkät" || len(item.FollowUps) == 0 || item.WheelURL != "/wheel/"+hr+"/hr" {
		t.Fatalf("item: %v %+v", err, item)
	}
	if _, err := f.core.Item(app.Anyone, "hr", "medarbetarenkat"); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("an internal item without a token: %v", err)
	}
	idx, err := f.core.TokenIndex(admin)
	if err != nil || !idx.Admin || len(idx.Units) != 5 || idx.All == nil {
		t.Errorf("admin start page: %v %+v", err, idx)
	}
	if _, err := f.core.Overview(hr); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("the overview for a unit's token: %v", err)
	}
	ov, err := f.core.Overview(admin)
	if err != nil || len(ov.Units) != 5 {
		t.Fatalf("overview: %v", err)
	}
}

// TestMarkDoneUseCase: a signed link shows the follow-up and records its
// result; a forged one and an empty note are refused; the state then says
// done everywhere at once.
func TestMarkDoneUseCase(t *testing.T) {
	f := start(t, time.Date(2026, 11, 2, 10, 0, 0, 0, stockholm))
	lines, err := f.core.FollowUps("hr", true)
	if err != nil || len(lines) == 0 {
		t.Fatalf("no overdue follow-up in hr on 2026-11-02: %v", err)
	}
	id := lines[0].ID
	key, err := f.store.LinkKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sig := linksig.Sign(key, id, f.clock.Now().Add(24*time.Hour))
	if _, err := f.core.FollowUp(ctx, id, "1.forged"); !errors.Is(err, app.ErrForbidden) {
		t.Errorf("forged link: %v", err)
	}
	page, err := f.core.FollowUp(ctx, id, sig)
	if err != nil || page.State != snapshot.Overdue || page.StateText != "Försenad" {
		t.Fatalf("follow-up page: %v %+v", err, page)
	}
	var inv *app.Invalid
	if err := f.core.MarkDone(ctx, id, sig, "   ", "test"); !errors.As(err, &inv) {
		t.Errorf("an empty note: %v", err)
	}
	if err := f.core.MarkDone(ctx, id, sig, "Klart: 81 % svarade", "test"); err != nil {
		t.Fatal(err)
	}
	done, _ := f.core.FollowUps("hr", false)
	for _, l := range done {
		if l.ID == id && (l.State != snapshot.Done || l.Note != "Klart: 81 % svarade") {
			t.Errorf("after marking: %s %q", l.State, l.Note)
		}
	}
	if _, err := f.core.MarkDoneByID(ctx, id, "igen"); !errors.Is(err, app.ErrAlreadyDone) {
		t.Errorf("marking again: %v", err)
	}
}

// TestHealthUseCase: before anything is loaded the core says starting;
// on the embedded example it says so.
func TestHealthUseCase(t *testing.T) {
	st := testenv.OpenStore(t)
	clk := clock.NewManual(time.Date(2026, 9, 21, 10, 0, 0, 0, stockholm))
	h := state.New(st, clk, testenv.Quiet(), config.Embedded(arshjul.Defaults), "config/arshjul.yaml")
	core := app.New(app.Options{State: h, Store: st, Clock: clk, Log: testenv.Quiet()})
	if doc, ok := core.Health(); ok || doc.Status != "starting" {
		t.Errorf("before the first load: %v %+v", ok, doc)
	}
	if _, err := core.PublicFeed(""); !errors.Is(err, app.ErrStarting) {
		t.Errorf("a feed before the first load: %v", err)
	}
	if err := h.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	if doc, ok := core.Health(); !ok || doc.Status != "ok" || !doc.Example || doc.Units != 5 {
		t.Errorf("loaded: %v %+v", ok, doc)
	}
}
