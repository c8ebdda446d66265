package server_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// TestPagesWallTimeOnDSTDays: the item page and the
// wheel's list give a Sunday 02:30 meeting the times the feed, the mail
// and the parsers give it (remind.TestReminderWallTimeOnDSTDays,
// feed.TestTimeInTheSpringGap): 03.30 on the spring-forward day, 02.30 on
// the others, the fall-back day included.
func TestPagesWallTimeOnDSTDays(t *testing.T) {
	dir := testenv.CopyExample(t)
	hr := filepath.Join(dir, "calendars", "hr.yaml")
	b, _ := os.ReadFile(hr)
	meeting := "  - id: natt\n    title: Nattmöte\n    weekly: {weekday: sun, time: \"02:30\", duration: 1h}\n    owner: hr@example.se\n    focus: planering\n\n"
	os.WriteFile(hr, []byte(strings.Replace(string(b), "\nwheel:\n", "\nwheel:\n"+meeting, 1)), 0o644)
	files := config.Disk()
	cfgPath, _ := files.FromOS(filepath.Join(dir, "config", "arshjul.yaml"))
	st := testenv.OpenStore(t)
	clk := clock.NewManual(time.Date(2026, 3, 23, 10, 0, 0, 0, stockholm))
	_, base := serveFiles(t, st, clk, files, cfgPath)
	tok, _ := st.Token(t.Context(), store.UnitScope("hr"), clk.Now())
	get := func(path string) string {
		res, body := fetch(t, base+path)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
		return string(body)
	}
	item := get("/wheel/" + tok + "/hr/item/natt")
	for _, want := range []string{"söndag 29 mars 2026, 03.30–04.30", "söndag 5 april 2026, 02.30–03.30", "söndag 25 oktober 2026, 02.30–03.30", "söndag 1 november 2026, 02.30–03.30"} {
		if !strings.Contains(item, want) {
			t.Errorf("the item page lacks %q", want)
		}
	}
	list := get("/wheel/" + tok + "/hr?year=2026")
	for _, want := range []string{"29 mars 03.30", "5 apr 02.30", "25 okt 02.30"} {
		if !strings.Contains(list, `<span class="when">`+want+`</span> <a href="/wheel/`+tok+`/hr/item/natt#`) {
			t.Errorf("the wheel's list lacks the meeting at %q", want)
		}
	}
}
