package testenv

import (
	"context"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/store"
)

// MarkReportFollowUpsDone records the four results the programme report's
// hand counts expect of internal/report/testdata: the May 2026 letter on
// time with a result, the 2027 campaign two weeks late with one, the 2026
// budget page on time without one, and the library meeting on its due day
// with a result that looks like a formula.
func MarkReportFollowUpsDone(t testing.TB, st *store.Store) {
	t.Helper()
	loc, _ := time.LoadLocation("Europe/Stockholm")
	for _, d := range []struct{ id, note, at string }{
		{"kansli/a1/2026-05-10", "Läst av 80 % av cheferna", "2026-05-15"},
		{"kansli/a2/2027-03-01", "Räckvidd 12 000", "2027-04-01"},
		{"kansli/a3/2026-09-01", "", "2026-09-11"},
		{"kultur/b2/2026-11-11", "=SUMMA(A1) besökare; mötet var fullt", "2026-11-16"},
	} {
		at, _ := time.ParseInLocation(time.DateOnly, d.at, loc)
		if err := st.MarkFollowUpDone(context.Background(), d.id, d.note, at.Add(15*time.Hour)); err != nil {
			t.Fatalf("%s: %v", d.id, err)
		}
	}
}
