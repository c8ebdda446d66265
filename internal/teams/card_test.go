package teams_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/avesta-kommun/arshjul/internal/mail"
	"github.com/avesta-kommun/arshjul/internal/teams"
)

// TestCardTextIsNotMarkdown guards the channel against text from the
// calendars acting as Markdown in a card: a title with a link or
// emphasis is shown as written, while the card's own links stay links.
func TestCardTextIsNotMarkdown(t *testing.T) {
	d := &mail.Digest{Overdue: []mail.FollowUp{{Title: "Läs [här](https://annan.example) *nu*", Due: "måndag 1 mars 2027", DaysOverdue: 3,
		DoneURL: "https://arshjul.avesta.se/followups/a/b(1)?sig=x"}}}
	b, err := teams.Message(d, teams.Channel{Unit: "hr", Name: "HR_avdelningen"})
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if s, ok := v["text"].(string); ok {
				texts = append(texts, s)
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	walk(doc)
	all := strings.Join(texts, "\n")
	for _, want := range []string{
		`Läs \[här\](https://annan.example) \*nu\*`,
		`Årshjulet: HR\_avdelningen`,
		`[Markera som klar](https://arshjul.avesta.se/followups/a/b%281%29?sig=x)`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in the card's texts:\n%s", want, all)
		}
	}
}
