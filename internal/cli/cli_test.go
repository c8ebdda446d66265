package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/cli"
	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/testenv"
	"github.com/avesta-kommun/arshjul/internal/webdoc"
)

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestCheck(t *testing.T) {
	dir := testenv.CopyExample(t)
	t.Chdir(dir)
	code, out, stderr := run(t, "check")
	if code != 0 || !strings.HasPrefix(out, "ok: 5 enheter") {
		t.Fatalf("check on the example: %d %q %q", code, out, stderr)
	}
	p := filepath.Join(dir, "calendars", "hr.yaml")
	b, _ := os.ReadFile(p)
	bad := strings.Replace(string(b), "audiences: [medarbetare, bristyrken]", "audiences: [medarbetare, larare]", 1)
	bad = strings.Replace(bad, "yearly: {week: 48}", "yearly: {week: 54}", 1)
	os.WriteFile(p, []byte(bad), 0o644)
	code, _, stderr = run(t, "--config", filepath.Join(dir, "config", "arshjul.yaml"), "check")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if len(lines) != 3 || !regexp.MustCompile(`^calendars/hr\.yaml:\d+: okänd målgrupp "larare"`).MatchString(lines[0]) ||
		!strings.Contains(lines[1], "week 54 finns inte") || lines[2] != "2 fel; ingenting har ändrats" {
		t.Errorf("problems:\n%s", stderr)
	}
	if code, _, _ := run(t, "nonsense"); code != 2 {
		t.Error("unknown command must exit 2")
	}
}

func TestFeedsAndRotate(t *testing.T) {
	dir := testenv.CopyExample(t)
	t.Chdir(dir)
	// Before the daemon ever ran there is no database, and listing makes
	// none: it says what to do.
	if code, _, stderr := run(t, "feeds"); code != 1 || !strings.Contains(stderr, "arshjul serve") {
		t.Fatalf("feeds before any database: %d %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "data")); err == nil {
		t.Fatal("listing the feeds created the data folder")
	}
	if code, _, stderr := run(t, "feeds", "rotate", "all"); code != 0 { // a writer: makes the database and every token
		t.Fatalf("rotate all: %d %s", code, stderr)
	}
	code, out, stderr := run(t, "feeds")
	if code != 0 {
		t.Fatalf("%d %s", code, stderr)
	}
	url := regexp.MustCompile(`(?m)^hr\s+(http://localhost:8080/feeds/([A-Za-z0-9_-]{32})/hr\.ics)$`).FindStringSubmatch(out)
	if url == nil || !strings.Contains(out, "public           http://localhost:8080/feeds/public.ics") {
		t.Fatalf("feeds printed:\n%s", out)
	}
	_, again, _ := run(t, "feeds")
	if again != out {
		t.Error("tokens changed between two listings")
	}
	code, rotated, _ := run(t, "feeds", "rotate", "hr")
	if code != 0 || strings.Contains(rotated, url[2]) || !strings.Contains(rotated, "/hr.ics") {
		t.Errorf("rotate: %d %s", code, rotated)
	}
	if code, _, stderr := run(t, "feeds", "rotate", "okand"); code != 1 || !strings.Contains(stderr, "giltiga är all och kommunikation, hr") {
		t.Errorf("rotate unknown: %d %s", code, stderr)
	}
}

func TestFeedCommand(t *testing.T) {
	t.Chdir(testenv.CopyExample(t))
	code, out, stderr := run(t, "feed", "hr", "--now", "2026-03-23")
	if code != 0 || !strings.HasPrefix(out, "BEGIN:VCALENDAR\r\n") || !strings.Contains(out, "SUMMARY:Medarbetarenkät\r\n") {
		t.Fatalf("%d %s %.200s", code, stderr, out)
	}
	if code, _, _ := run(t, "feed", "okand"); code != 1 {
		t.Error("unknown unit must fail")
	}
	if code, _, stderr := run(t, "feed", "hr", "--now", "igår"); code != 1 || !strings.Contains(stderr, "--now") {
		t.Errorf("bad --now: %d %s", code, stderr)
	}
}

// TestHealthSaysDegraded: `arshjul health` (the container's HEALTHCHECK)
// exits 0 while the daemon is well and 1 once a calendar file is broken
// and the daemon serves the last good state: it exited 0 then.
func TestHealthSaysDegraded(t *testing.T) {
	dir := testenv.CopyExample(t)
	t.Chdir(dir)
	// The daemon takes a port of its own (":0") and says which; health
	// then asks that address, as ARSHJUL_LISTEN lets it.
	t.Setenv("ARSHJUL_LISTEN", "127.0.0.1:0")
	ctx, cancel := context.WithCancel(context.Background())
	logs := &testenv.LogBuffer{}
	done := make(chan int, 1)
	go func() { done <- cli.Run(ctx, []string{"serve"}, &bytes.Buffer{}, logs) }()
	defer func() { cancel(); <-done }()
	addr := regexp.MustCompile(`msg=serving addr=(127\.0\.0\.1:\d+)`)
	var m []string
	for deadline := time.Now().Add(20 * time.Second); m == nil && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		m = addr.FindStringSubmatch(logs.String())
	}
	if m == nil {
		t.Fatalf("the daemon did not start:\n%s", logs.String())
	}
	t.Setenv("ARSHJUL_LISTEN", m[1])
	wait := func(what string, want int) (string, string) {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if code, out, stderr := run(t, "health"); code == want {
				return out, stderr
			}
		}
		t.Fatalf("health never exited %d (%s)", want, what)
		return "", ""
	}
	if out, _ := wait("serving", 0); !strings.HasPrefix(out, "ok ") {
		t.Errorf("health when well: %q", out)
	}
	// kommunledning is the example's unit its files keep.
	kl := filepath.Join(dir, "calendars", "kommunledning", "arshjul.yaml")
	b, _ := os.ReadFile(kl)
	os.WriteFile(kl, []byte(strings.Replace(string(b), "yearly: {week: 37}", "yearly: {week: 37", 1)), 0o644)
	if _, stderr := wait("degraded", 1); !strings.Contains(stderr, "degraded") {
		t.Errorf("health when degraded says: %q", stderr)
	}
}

// TestCheckWarnsOfATimeInTheGap: a Sunday 02:30
// meeting passes check (exit 0) with a warning at its line naming the
// days 02:30 does not exist and when the meeting is then held.
func TestCheckWarnsOfATimeInTheGap(t *testing.T) {
	dir := testenv.CopyExample(t)
	t.Chdir(dir)
	p := filepath.Join(dir, "calendars", "hr.yaml")
	b, _ := os.ReadFile(p)
	text := strings.Replace(string(b), "\nwheel:\n", "\nwheel:\n  - id: natt\n    title: Nattmöte\n    weekly: {weekday: sun, time: \"02:30\"}\n    focus: planering\n    audiences: [medarbetare]\n\n", 1)
	if text == string(b) {
		t.Fatal("hr.yaml has no wheel: list")
	}
	os.WriteFile(p, []byte(text), 0o644)
	code, out, stderr := run(t, "check")
	if code != 0 || !strings.HasPrefix(out, "ok:") {
		t.Fatalf("check: %d %q %q", code, out, stderr)
	}
	line := strings.Count(string(b)[:strings.Index(string(b), "\nwheel:\n")], "\n") + 3
	for _, want := range []string{
		"varning: calendars/hr.yaml:" + strconv.Itoa(line) + `: "natt": klockan 02.30 finns inte när sommartiden börjar`,
		"söndag 29 mars 2026 blir 03.30", "söndag 28 mars 2027 blir 03.30", "söndag 26 mars 2028 blir 03.30",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("no %q in:\n%s", want, stderr)
		}
	}
}

// TestCheckWarnsOfHolidays: the example's breakfast
// for businesses on nyårsdagen 2027 passes check with a warning that names
// the day and the holiday, at the item's line.
func TestCheckWarnsOfHolidays(t *testing.T) {
	t.Chdir(testenv.CopyExample(t))
	code, out, stderr := run(t, "check")
	if code != 0 || !strings.HasPrefix(out, "ok:") {
		t.Fatalf("check: %d %q %q", code, out, stderr)
	}
	if !regexp.MustCompile(`varning: calendars/kommunledning/arshjul\.yaml:\d+: "naringslivsfrukost" infaller på en dag då ingen arbetar: .*fredag 1 januari 2027 \(Nyårsdagen\)`).MatchString(stderr) {
		t.Errorf("no warning of nyårsdagen in:\n%s", stderr)
	}
}

// TestCheckWarnsOfUnansweredQuestions: a plan that
// gives no why and no follow-up passes check (exit 0) with a warning at
// its line that names the questions in the programme's words and what
// would answer them; the example's plans answer all seven.
func TestCheckWarnsOfUnansweredQuestions(t *testing.T) {
	dir := testenv.CopyExample(t)
	t.Chdir(dir)
	if _, _, stderr := run(t, "check"); strings.Contains(stderr, "svarar inte på programmets") {
		t.Fatalf("the example's plans leave questions open:\n%s", stderr)
	}
	p := filepath.Join(dir, "calendars", "hr.yaml")
	b, _ := os.ReadFile(p)
	plan := "\nplans:\n  - id: halvfardig\n    title: Halvfärdig plan\n    what: Berätta om friskvårdsbidraget.\n    audiences: [medarbetare]\n    know: Att bidraget finns.\n    owner: hr@example.se\n    focus: varumarke\n    activities:\n      - id: nyhet\n        title: Nyhet på intranätet\n        date: 2027-02-01\n        channels: [intranat]\n"
	text := strings.Replace(string(b), "\nplans:\n", plan, 1)
	os.WriteFile(p, []byte(text), 0o644)
	code, out, stderr := run(t, "check")
	if code != 0 || !strings.HasPrefix(out, "ok:") {
		t.Fatalf("check: %d %q %q", code, out, stderr)
	}
	line := strings.Count(string(b)[:strings.Index(string(b), "\nplans:\n")], "\n") + 3
	want := "varning: calendars/hr.yaml:" + strconv.Itoa(line) + `: planen "halvfardig" svarar inte på programmets frågor: 2. varför vi gör det; 7. hur vi följer upp för att veta hur det gick (skriv why:, follow_up:)`
	if !strings.Contains(stderr, want) {
		t.Errorf("no %q in:\n%s", want, stderr)
	}
}

// TestCheckNamesAnIDOfTheWeb: an id a file brings in
// that the web editor already uses is an error `check` names (with the
// web items read from the database, read-only), at the web's item.
func TestCheckNamesAnIDOfTheWeb(t *testing.T) {
	dir := testenv.CopyExample(t)
	t.Chdir(dir)
	if code, _, stderr := run(t, "remind", "--dry-run"); code != 0 { // makes the database
		t.Fatalf("remind: %d %s", code, stderr)
	}
	st, err := store.Open(t.Context(), filepath.Join(dir, "data", "arshjul.db"), testenv.Quiet())
	if err != nil {
		t.Fatal(err)
	}
	files := config.Disk()
	cfgPath, _ := files.FromOS(filepath.Join(dir, "config", "arshjul.yaml"))
	h := state.New(st, clock.Real{}, testenv.Quiet(), files, cfgPath)
	if err := h.Reload(t.Context()); err != nil {
		t.Fatal(err)
	}
	testenv.SaveWeb(t, h, "kommunledning", &webdoc.Item{ID: "friskvard", Title: "Friskvård", Date: "2027-05-04"}, "kommunledning@example.se")
	st.Close()
	if code, out, stderr := run(t, "check"); code != 0 {
		t.Fatalf("check with a web item: %d %s %s", code, out, stderr)
	}
	p := filepath.Join(dir, "calendars", "kommunledning", "arshjul.yaml")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(b), "\nwheel:\n", "\nwheel:\n  - id: friskvard\n    title: Friskvård i filen\n    date: 2027-06-01\n\n", 1)), 0o644)
	code, _, stderr := run(t, "check")
	if code != 1 || !strings.Contains(stderr, "webben") || !strings.Contains(stderr, "friskvard") {
		t.Errorf("check with the same id in a file: %d\n%s", code, stderr)
	}
}
