package calendar_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/avesta-kommun/arshjul/internal/calendar"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/diag"
	"github.com/avesta-kommun/arshjul/internal/occur"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

const testConfig = `programme:
  name: Testprogram
  organisation: Testkommun
  starts: 2026-03-23
  valid_until: 2028-12-31
  timezone: Europe/Stockholm
  focus_areas: {planering: Kommunikationsplanering, varumarke: Varumärke, fortroende: Förtroendeskapande kommunikation och demokrati}
  audiences:
    medarbetare: Medarbetare
    kommuninvanare: Kommuninvånare
    naringsliv: Befintligt näringsliv
    etableringar: Strategiska företagsetableringar
    bristyrken: Medarbetare inom bristyrken
    inflyttare: Potentiella blivande kommuninvånare
    besokare: Besökare
    samverkan: Samverkansorganisationer och andra myndigheter
  channels: {e-post: E-post, webb: Webbplats, moten: Möten}
units:
  - id: enhet
    name: Enheten
    calendar: ../calendars/enhet/
    contacts: [enhet@example.se]
    public: true
`

// loadTree writes files (path → content) under a temporary folder with
// config/arshjul.yaml, and loads the unit's calendars.
func loadTree(t *testing.T, files map[string]string) (*wheel.Calendar, *config.Config, error) {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files["config/arshjul.yaml"]; !ok {
		files["config/arshjul.yaml"] = testConfig
	}
	for p, content := range files {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	files2 := config.Disk()
	p, _ := files2.FromOS(filepath.Join(dir, "config/arshjul.yaml"))
	cfg, err := config.Load(files2, p)
	if err != nil {
		return nil, nil, err
	}
	cals, err := calendar.LoadAll(cfg)
	if err != nil {
		return nil, cfg, err
	}
	return cals["enhet"], cfg, nil
}

func problems(t *testing.T, err error) []diag.Problem {
	t.Helper()
	de, ok := err.(*diag.Error)
	if !ok {
		t.Fatalf("want *diag.Error, got %v", err)
	}
	return de.Problems
}

// TestBadInput: each kind of mistake gives FILE:LINE and what would be valid.
func TestBadInput(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  []string // each must appear in one problem's String()
	}{
		{
			name: "unknown audience lists all eight",
			files: map[string]string{"calendars/enhet/a.yaml": `wheel:
  - id: x
    title: X
    yearly: {date: "10-05"}
    audiences: [invanare]
`},
			want: []string{`calendars/enhet/a.yaml:5: okänd målgrupp "invanare"; giltiga är: Medarbetare, Kommuninvånare, Befintligt näringsliv, Strategiska företagsetableringar, Medarbetare inom bristyrken, Potentiella blivande kommuninvånare, Besökare eller Samverkansorganisationer och andra myndigheter`},
		},
		{
			name: "unknown focus and channel",
			files: map[string]string{"calendars/enhet/a.yaml": `wheel:
  - id: x
    title: X
    yearly: {date: "10-05"}
    focus: ekonomi
    channels: [tiktok]
`},
			want: []string{`a.yaml:5: okänd fokusområde "ekonomi"; giltiga är: Kommunikationsplanering, Varumärke eller Förtroendeskapande kommunikation och demokrati`, `a.yaml:6: okänd kanal "tiktok"; giltiga är: E-post, Webbplats eller Möten`},
		},
		{
			name: "bad date",
			files: map[string]string{"calendars/enhet/a.yaml": `plans:
  - id: p
    title: P
    activities:
      - id: a
        title: A
        date: 2027-02-29
`},
			want: []string{`a.yaml:7: date: 2027-02-29 finns inte i kalendern`},
		},
		{
			name: "to before from",
			files: map[string]string{"calendars/enhet/a.yaml": `wheel:
  - id: x
    title: X
    from: 2026-05-10
    to: 2026-05-01
`},
			want: []string{`a.yaml:4: "x": sista dagen (2026-05-01) ligger före första dagen (2026-05-10)`},
		},
		{
			name:  "DTEND before DTSTART",
			files: map[string]string{"calendars/enhet/a.ics": "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:u1\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260601T100000Z\r\nDTEND:20260601T090000Z\r\nSUMMARY:Bakvänt\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"},
			want:  []string{`a.ics:4: DTEND (2026-06-01 09:00) ligger före DTSTART (2026-06-01 10:00)`},
		},
		{
			name: "duplicate id across files",
			files: map[string]string{
				"calendars/enhet/a.yaml": "wheel:\n  - id: x\n    title: X\n    yearly: {date: \"10-05\"}\n",
				"calendars/enhet/b.csv":  "id;aktivitet;start\r\nx;Samma id;2026-06-01\r\n",
			},
			want: []string{`b.csv:2: id "x" finns redan i enheten "enhet" (calendars/enhet/a.yaml:2)`},
		},
		{
			name:  "item after valid_until",
			files: map[string]string{"calendars/enhet/a.yaml": "wheel:\n  - id: x\n    title: X\n    date: 2029-01-15\n"},
			want:  []string{`a.yaml:4: datumet 2029-01-15 ligger efter programmets sista dag 2028-12-31`},
		},
		{
			name:  "broken YAML",
			files: map[string]string{"calendars/enhet/a.yaml": "wheel:\n  - id: x\n    title: [X\n    yearly: {date: \"10-05\"}\n"},
			want:  []string{`a.yaml:`, `ogiltig YAML`},
		},
		{
			name:  "unknown key lists the valid ones",
			files: map[string]string{"calendars/enhet/a.yaml": "wheel:\n  - id: x\n    titel: X\n    yearly: {date: \"10-05\"}\n"},
			want:  []string{`a.yaml:3: okänd nyckel "titel"; giltiga nycklar här är: audiences, channels, date, description, duration, end, except, focus, follow_up, from, id, links, location, monthly, owner, public, remind, start, status, title, to, weekly eller yearly`},
		},
		{
			name:  "truncated ICS",
			files: map[string]string{"calendars/enhet/a.ics": "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:u1\r\nDTSTART:20260601T100000Z\r\nSUMM"},
			want:  []string{`a.ics:7: trasig rad`, `a.ics:7: filen tar slut inne i VEVENT som börjar på rad 4 (END:VEVENT saknas); filen verkar avklippt`},
		},
		{
			name:  "bad weekday and nth",
			files: map[string]string{"calendars/enhet/a.yaml": "wheel:\n  - id: x\n    title: X\n    monthly: {weekday: mondag, nth: 5}\n"},
			want:  []string{`a.yaml:4: "mondag" är ingen veckodag`, `a.yaml:4: nth 5: ange 1–4`},
		},
		{
			name:  "a time that does not exist on the DST day",
			files: map[string]string{"calendars/enhet/a.yaml": "wheel:\n  - id: x\n    title: X\n    start: 2026-03-29 02:30\n    duration: 1h\n"},
			want:  []string{`a.yaml:4: start: 2026-03-29 02:30 finns inte i Europe/Stockholm`},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := loadTree(t, c.files)
			if err == nil {
				t.Fatal("loaded without error")
			}
			got := problems(t, err)
			for _, w := range c.want {
				found := false
				for _, p := range got {
					if strings.Contains(p.String(), w) {
						found = true
					}
				}
				if !found {
					t.Errorf("no problem says %q; got:\n%v", w, err)
				}
			}
		})
	}
}

// TestAllErrorsAtOnce: three mistakes in two files, three problems.
func TestAllErrorsAtOnce(t *testing.T) {
	_, _, err := loadTree(t, map[string]string{
		"calendars/enhet/a.yaml": "wheel:\n  - id: x\n    title: X\n    yearly: {date: \"13-05\"}\n  - id: Y Y\n    title: Y\n    weekly: {weekday: tue}\n",
		"calendars/enhet/b.csv":  "id;aktivitet;start\r\nz;Z;2026-13-01\r\n",
	})
	if got := problems(t, err); len(got) != 3 {
		t.Errorf("want 3 problems, got %d:\n%v", len(got), err)
	}
}

// TestExcelSwedishCSV: Excel's "CSV (semikolonavgränsad)" export in
// Windows-1252 with CRLF loads as it is, åäö intact.
func TestExcelSwedishCSV(t *testing.T) {
	text := "ID;Aktivitet;Start;Slut;Ansvarig;Målgrupper;Kanaler;Fokusområde;Uppföljning;Beskrivning\r\n" +
		"ars;Årsredovisning för allmänheten;2027-04-28;;ekonomi@example.se;Kommuninvånare, Befintligt näringsliv;Webbplats;Varumärke;+30d;Öppet möte i Folkets hus\r\n" +
		"mote;Möte med föreningar;2027-05-04 18:00;2027-05-04 20:00;;samverkan;moten;fortroende;2027-06-01;\"Dagordning: \"\"Ökad trygghet\"\"; fika\"\r\n" +
		";;;;;;;;;\r\n"
	win, err := charmap.Windows1252.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	cal, cfg, err := loadTree(t, map[string]string{"calendars/enhet/plan.csv": win})
	if err != nil {
		t.Fatal(err)
	}
	if len(cal.Items) != 2 {
		t.Fatalf("want 2 items, got %d", len(cal.Items))
	}
	a, b := cal.Items[0], cal.Items[1]
	if a.Title != "Årsredovisning för allmänheten" || a.Description != "Öppet möte i Folkets hus" {
		t.Errorf("text garbled: %q / %q", a.Title, a.Description)
	}
	if strings.Join(a.Audiences, ",") != "kommuninvanare,naringsliv" || a.Focus != "varumarke" || a.FollowUp.After != 30 {
		t.Errorf("references not resolved by name: %+v", a)
	}
	if b.Description != `Dagordning: "Ökad trygghet"; fika` {
		t.Errorf("quoted field: %q", b.Description)
	}
	occs := occur.Expand(&cfg.Programme, "enhet", &b)
	if len(occs) != 1 || occs[0].Start.Format("2006-01-02 15:04 MST") != "2027-05-04 18:00 CEST" || occs[0].End.Sub(occs[0].Start) != 2*time.Hour {
		t.Errorf("timed row: %v", occs)
	}
}

// TestCSVVariants: comma-separated UTF-8 with a BOM, and Excel's sep= line.
func TestCSVVariants(t *testing.T) {
	for name, text := range map[string]string{
		"bom-comma": "\ufeffid,title,start,end,audiences\r\nx,\"Möte, med komma\",2026-06-01,2026-06-02,\"medarbetare,besokare\"\r\n",
		"sep-line":  "sep=;\r\nid;aktivitet;start;målgrupper\r\nx;Möte, med komma;2026-06-01 / 2026-06-02;medarbetare\r\n",
	} {
		t.Run(name, func(t *testing.T) {
			cal, _, err := loadTree(t, map[string]string{"calendars/enhet/a.csv": text})
			if name == "sep-line" {
				// the start cell is wrong on purpose: the line number must count the sep= line
				if err == nil || !strings.Contains(err.Error(), "a.csv:3:") {
					t.Fatalf("want a problem on line 3, got %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cal.Items[0].Title != "Möte, med komma" || len(cal.Items[0].Audiences) != 2 {
				t.Errorf("got %+v", cal.Items[0])
			}
		})
	}
}

// TestHugeICS: a 50 MB file is refused before it is read, with a message
// that says why and what to do.
func TestHugeICS(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "calendars/enhet/export.ics")
	if err := os.MkdirAll(filepath.Dir(big), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	os.MkdirAll(filepath.Join(dir, "config"), 0o755)
	os.WriteFile(filepath.Join(dir, "config/arshjul.yaml"), []byte(testConfig), 0o644)
	t.Chdir(dir)
	files := config.Disk()
	p, _ := files.FromOS("config/arshjul.yaml")
	cfg, err := config.Load(files, p)
	if err != nil {
		t.Fatal(err)
	}
	_, err = calendar.LoadAll(cfg)
	if err == nil || !strings.Contains(err.Error(), "export.ics: filen är 50.0 MB; gränsen för en kalenderfil är 10 MB") {
		t.Fatalf("got %v", err)
	}
}
