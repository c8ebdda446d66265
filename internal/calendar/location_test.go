package calendar_test

import (
	"strings"
	"testing"
)

// TestLocation: `location:` in YAML, `plats` in CSV
// and LOCATION from an ICS import (which was dropped: "Sessionssalen,
// Stadshuset") are read; a control character in one is refused.
func TestLocation(t *testing.T) {
	cal, _, err := loadTree(t, map[string]string{
		"calendars/enhet/a.yaml": "wheel:\n  - id: y\n    title: Y\n    date: 2026-06-01\n    location: \" Folkets hus, Avesta \"\n",
		"calendars/enhet/b.csv":  "id;aktivitet;start;plats\r\nc;C;2026-06-02 10:00;Rum 3\r\n",
		"calendars/enhet/c.ics":  "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:i@x\r\nDTSTART:20260603T080000Z\r\nDTEND:20260603T090000Z\r\nSUMMARY:I\r\nLOCATION:Sessionssalen\\, Stadshuset\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, it := range cal.Items {
		got[it.Title] = it.Location
	}
	for title, want := range map[string]string{"Y": "Folkets hus, Avesta", "C": "Rum 3", "I": "Sessionssalen, Stadshuset"} {
		if got[title] != want {
			t.Errorf("%s: location %q, want %q", title, got[title], want)
		}
	}
	_, _, err = loadTree(t, map[string]string{"calendars/enhet/a.yaml": "wheel:\n  - id: y\n    title: Y\n    date: 2026-06-01\n    location: \"Rum\\r\\n3\"\n"})
	if err == nil || !strings.Contains(err.Error(), "a.yaml:2: \"y\": location innehåller styrtecknet U+000D") {
		t.Errorf("a CR in a location: %v", err)
	}
}
