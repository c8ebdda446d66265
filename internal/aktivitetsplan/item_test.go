package aktivitetsplan_test

import (
	"strings"
	"testing"

	"github.com/avesta-kommun/arshjul/internal/aktivitetsplan"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// TestRowCodec: every way a stored one-off item says when becomes a row
// and back the same (ToItem of its row is stable, so an unchanged row is
// seen unchanged); what a row cannot say (reminders, a follow-up's how and
// owner) is kept; catalogue names become keys; a recurring item is no row.
func TestRowCodec(t *testing.T) {
	prog := &wheel.Programme{
		FocusAreas: wheel.Catalogue{Keys: []string{"varumarke"}, Names: map[string]string{"varumarke": "Varumärke"}},
		Audiences:  wheel.Catalogue{Keys: []string{"medarbetare", "kommuninvanare"}, Names: map[string]string{"medarbetare": "Medarbetare", "kommuninvanare": "Kommuninvånare"}},
		Channels:   wheel.Catalogue{Keys: []string{"webb"}, Names: map[string]string{"webb": "Webbplatsen"}},
	}
	cases := []struct {
		doc         string
		start, end  string
		keep, lacks []string
	}{
		{"id: a\ntitle: A\ndate: \"2027-05-12\"\nfocus: varumarke\naudiences: [medarbetare, kommuninvanare]\nfollow_up: {after: 7d, how: Antal anmälda}\nremind: [14d]\npublic: false\n",
			"2027-05-12", "", []string{"date: \"2027-05-12\"", "audiences: [medarbetare, kommuninvanare]", "follow_up: {after: 7d, how: Antal anmälda}", "remind:", "focus: varumarke"}, nil},
		{"id: b\ntitle: B\ndate: 2027-05-12\n", "2027-05-12", "", []string{"date:"}, []string{"00:00"}},
		{"id: c\ntitle: C\nfrom: 2028-02-28\nto: 2028-03-01\n", "2028-02-28", "2028-03-01", []string{"from:", "to:"}, nil},
		{"id: d\ntitle: D\nstart: \"2027-03-28T01:30\"\nend: \"2027-03-28 04:00\"\n", "2027-03-28 01:30", "2027-03-28 04:00", []string{"start:", "end:"}, nil},
		{"id: e\ntitle: E\nstart: \"2027-05-12 10:00\"\nduration: 90m\n", "2027-05-12 10:00", "2027-05-12 11:30", []string{"end: 2027-05-12 11:30"}, []string{"duration"}},
	}
	for _, c := range cases {
		row, rest, ok := aktivitetsplan.FromItem(c.doc, prog, true)
		if !ok {
			t.Fatalf("%q: no row", c.doc)
		}
		if row["start"] != c.start || row["end"] != c.end {
			t.Errorf("%q: start %q end %q, want %q %q", c.doc, row["start"], row["end"], c.start, c.end)
		}
		once, _ := aktivitetsplan.ToItem(row, rest, prog, true)
		row2, rest2, _ := aktivitetsplan.FromItem(once, prog, true)
		if twice, _ := aktivitetsplan.ToItem(row2, rest2, prog, true); twice != once {
			t.Errorf("not stable:\n%s\n%s", once, twice)
		}
		for _, k := range c.keep {
			if !strings.Contains(once, k) {
				t.Errorf("%q → %q lacks %q", c.doc, once, k)
			}
		}
		for _, k := range c.lacks {
			if strings.Contains(once, k) {
				t.Errorf("%q → %q has %q", c.doc, once, k)
			}
		}
	}
	if row, _, _ := aktivitetsplan.FromItem("id: a\ntitle: A\ndate: \"2027-05-12\"\naudiences: [kommuninvanare]\nfocus: varumarke\n", prog, true); row["audiences"] != "Kommuninvånare" || row["focus"] != "Varumärke" {
		t.Errorf("the row names the choices %q %q", row["audiences"], row["focus"])
	}
	if _, _, ok := aktivitetsplan.FromItem("id: r\ntitle: R\nmonthly: {day: 1}\n", prog, true); ok {
		t.Error("a monthly item became a row")
	}
}
