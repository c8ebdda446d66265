package aktivitetsplan_test

import (
	"strings"
	"testing"

	"github.com/avesta-kommun/arshjul/internal/aktivitetsplan"
	"github.com/avesta-kommun/arshjul/internal/webdoc"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// TestRowCodec: every way a stored one-off item says when becomes a row
// and back the same (ToItem of its row is stable, so an unchanged row is
// seen unchanged); what a row cannot say (reminders, a follow-up's how and
// owner) is kept; catalogue names become keys; a recurring item's row
// says its rule in words.
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
	rowOf := func(doc string) (aktivitetsplan.Row, webdoc.Item) {
		d, err := webdoc.DecodeItem(doc)
		if err != nil {
			t.Fatal(err)
		}
		return aktivitetsplan.FromItem(d, prog, true), d
	}
	encode := func(row aktivitetsplan.Row, rest webdoc.Item) string {
		d, err := aktivitetsplan.ToItem(row, rest, prog, true)
		if err != nil {
			t.Fatal(err)
		}
		s, err := webdoc.Encode(&d)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	for _, c := range cases {
		row, rest := rowOf(c.doc)
		if row["start"] != c.start || row["end"] != c.end {
			t.Errorf("%q: start %q end %q, want %q %q", c.doc, row["start"], row["end"], c.start, c.end)
		}
		once := encode(row, rest)
		row2, rest2 := rowOf(once)
		if twice := encode(row2, rest2); twice != once {
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
	if row, _ := rowOf("id: a\ntitle: A\ndate: \"2027-05-12\"\naudiences: [kommuninvanare]\nfocus: varumarke\n"); row["audiences"] != "Kommuninvånare" || row["focus"] != "Varumärke" {
		t.Errorf("the row names the choices %q %q", row["audiences"], row["focus"])
	}
	if row, _ := rowOf("id: r\ntitle: R\nmonthly: {day: 1, time: \"09:00\"}\n"); row["repeat"] != "den 1 varje månad 09.00" || row["start"] != "" {
		t.Errorf("a monthly item's row: %q", row)
	}
}
