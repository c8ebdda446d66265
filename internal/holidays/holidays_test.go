package holidays

import "testing"

func TestEaster(t *testing.T) {
	// Known Easter Sundays, including the earliest and latest possible.
	for year, want := range map[int]string{2024: "2024-03-31", 2025: "2025-04-20", 2026: "2026-04-05",
		2027: "2027-03-28", 2028: "2028-04-16", 2029: "2029-04-01", 2285: "2285-03-22", 2038: "2038-04-25"} {
		if got := Easter(year).String(); got != want {
			t.Errorf("Easter %d = %s, want %s", year, got, want)
		}
	}
}

func TestSweden2026(t *testing.T) {
	want := []string{
		"2026-01-01 Nyårsdagen", "2026-01-06 Trettondedag jul", "2026-04-03 Långfredagen", "2026-04-05 Påskdagen",
		"2026-04-06 Annandag påsk", "2026-05-01 Första maj", "2026-05-14 Kristi himmelsfärdsdag", "2026-05-24 Pingstdagen",
		"2026-06-06 Sveriges nationaldag", "2026-06-20 Midsommardagen", "2026-10-31 Alla helgons dag",
		"2026-12-25 Juldagen", "2026-12-26 Annandag jul",
	}
	got := Sweden(2026)
	if len(got) != len(want) {
		t.Fatalf("%d holidays, want %d", len(got), len(want))
	}
	for i, h := range got {
		if s := h.Date.String() + " " + h.Name; s != want[i] {
			t.Errorf("%d: %s, want %s", i, s, want[i])
		}
	}
	// 2027: midsommardagen 26 June (the last possible), alla helgons 6 November.
	for _, h := range Sweden(2027) {
		if h.Name == "Midsommardagen" && h.Date.String() != "2027-06-26" || h.Name == "Alla helgons dag" && h.Date.String() != "2027-11-06" {
			t.Errorf("2027 %s on %s", h.Name, h.Date)
		}
	}
}
