package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/emersion/go-ical"

	"github.com/avesta-kommun/arshjul"
	"github.com/avesta-kommun/arshjul/internal/app"
	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/diag"
	"github.com/avesta-kommun/arshjul/internal/server"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// exampleFS is the embedded example as a map, so that one file can be
// swapped per input.
func exampleFS(t testing.TB) fstest.MapFS {
	out := fstest.MapFS{}
	err := fs.WalkDir(arshjul.Defaults, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(arshjul.Defaults, p)
		out[p] = &fstest.MapFile{Data: b, Mode: 0o644}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// fuzzFiles is the file an input replaces, by its kind: the public unit
// Avesta Vatten och Avfall's YAML wheel, or the CSV or ICS file of the
// public folder unit Kommunledningskontoret, so that every public surface
// sees it too.
var fuzzFiles = map[string]string{
	"yaml": "calendars/vatten-avfall.yaml",
	"csv":  "calendars/kommunledning/aktivitetsplan.csv",
	"ics":  "calendars/kommunledning/kf-sammantraden.ics",
}

// wholePath runs data through everything: the daemon's reload (check and
// sync into SQLite), then every feed, page and picture of the units it
// lands in, for anyone and with tokens. Whatever check lets through must
// be served: no 500, every feed a calendar go-ical decodes, every SVG
// well-formed XML. What check refuses must be refused with places.
func wholePath(t *testing.T, kind string, data []byte) {
	file, ok := fuzzFiles[kind]
	if !ok {
		return
	}
	if dir := os.Getenv("FUZZ_SLOW_DIR"); dir != "" { // debug: keep inputs that take long
		timer := time.AfterFunc(5*time.Second, func() {
			os.WriteFile(filepath.Join(dir, fmt.Sprintf("slow-%x.%s", sha256.Sum256(data), kind)), data, 0o644)
		})
		defer timer.Stop()
	}
	fsys := exampleFS(t)
	fsys[file] = &fstest.MapFile{Data: data, Mode: 0o644}
	ctx := context.Background()
	st, err := store.OpenMemory(ctx, testenv.Quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	clk := clock.NewManual(time.Date(2027, 5, 10, 9, 0, 0, 0, stockholm))
	h := state.New(st, clk, testenv.Quiet(), config.Embedded(fsys), "config/arshjul.yaml")
	if err := h.Reload(ctx); err != nil {
		if os.Getenv("FUZZ_DEBUG") != "" {
			t.Logf("refused: %v", err)
		}
		var de *diag.Error
		if !errors.As(err, &de) || len(de.Problems) == 0 {
			t.Fatalf("refused without problems: %v", err)
		}
		for _, p := range de.Problems {
			if p.File == "" || p.Msg == "" {
				t.Fatalf("a problem without place or text: %+v", p)
			}
		}
		return
	}
	core := app.New(app.Options{State: h, Store: st, Clock: clk, Log: testenv.Quiet()})
	handler := server.New(core, testenv.Quiet(), server.NewMetrics(h)).Handler()
	toks := h.Tokens()
	admin := toks.Admin
	paths := []string{"/", "/feeds/public.ics", "/feeds/" + admin + "/all.ics", "/wheel/public", "/wheel/public.svg",
		"/wheel/" + admin + "/all", "/wheel/" + admin + "/all.svg", "/admin/" + admin + "/followups", "/admin/" + admin + "/followups.csv"}
	cur := h.Current()
	for _, unit := range []string{"vatten-avfall", "kommunledning"} {
		tok := toks.Units[unit]
		paths = append(paths, "/t/"+tok, "/feeds/"+tok+"/"+unit+".ics", "/wheel/"+unit, "/wheel/"+unit+".svg",
			"/wheel/"+tok+"/"+unit, "/wheel/"+tok+"/"+unit+".svg?year=2026&holidays=1", "/wheel/"+tok+"/"+unit+".svg?year=2028&start=8")
		for _, rec := range cur.Snapshot.Items[unit] {
			paths = append(paths, "/wheel/"+tok+"/"+unit+"/item/"+rec.Item.ID)
			if rec.Item.Public {
				paths = append(paths, "/wheel/"+unit+"/item/"+rec.Item.ID)
			}
		}
	}
	for _, p := range paths {
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
		body := rec.Body.Bytes()
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d after check passed:\n%.400s", redact(p), rec.Code, body)
		}
		switch {
		case strings.Contains(p, ".ics"):
			if _, err := ical.NewDecoder(bytes.NewReader(body)).Decode(); err != nil {
				t.Fatalf("%s is no calendar: %v", redact(p), err)
			}
		case strings.Contains(p, ".svg"):
			dec := xml.NewDecoder(bytes.NewReader(body))
			for {
				_, err := dec.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%s is not well-formed XML: %v", redact(p), err)
				}
			}
		}
	}
}

func redact(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if len(s) > 30 {
			parts[i] = "TOKEN"
		}
	}
	return strings.Join(parts, "/")
}

// FuzzWholePath: calendar bytes → check → sync → every feed, page and
// SVG. The seeds are the example's own files and the hostile ones; the
// committed corpus (testdata/fuzz/FuzzWholePath) holds what fuzzing found
// that reached new code. `go test -fuzz FuzzWholePath ./internal/server`
// adds to it.
func FuzzWholePath(f *testing.F) {
	for kind, pattern := range map[string]string{"yaml": "*.yaml", "csv": "*/*.csv", "ics": "*/*.ics"} {
		paths, _ := filepath.Glob(filepath.Join("..", "..", "calendars", pattern))
		for _, p := range paths {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(kind, b)
			}
		}
	}
	f.Add("yaml", []byte("wheel:\n  - id: x\n    title: \"Kampanj\\r\\nBcc: x\"\n    date: 2027-05-12\n"))
	f.Add("yaml", []byte("wheel:\n  - id: x\n    title: \"<script>&amp;\\u00e5\\u2028\"\n    weekly: {weekday: sun, time: \"02:30\"}\n    public: true\n"))
	f.Add("ics", []byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20270601\r\nRRULE:FREQ=DAILY;COUNT=300\r\nSUMMARY:]]>\x1b\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"))
	f.Add("ics", []byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a@b\r\nDTSTART;TZID=Europe/Stockholm:20270328T023000\r\nRRULE:FREQ=WEEKLY;COUNT=30\r\nSUMMARY:]]> <b>&amp; å\\, \\; \\n\r\nLOCATION:\"Rum\"\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"))
	f.Add("csv", []byte("id;aktivitet;start;slut\r\nx;\"=1+1\";2027-06-01 10:00;2027-06-01 11:00\r\n"))
	f.Fuzz(func(t *testing.T, kind string, data []byte) { wholePath(t, kind, data) })
}
