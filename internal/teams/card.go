// Package teams posts a unit's reminder digest to its Teams channel: the
// digest as an Adaptive Card (schema 1.4) in the message a Power Automate
// Workflows webhook ("When a Teams webhook request is received") takes,
// and the webhook's POST. The card is made once, when the digest is
// queued; the outbox sends it as it sends mail.
package teams

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/mail"
)

// Channel is the unit a card goes to: its name for the heading and its
// wheel page, the card's way on.
type Channel struct {
	Unit, Name, WheelURL string
}

// Recipient is how the outbox and the ledger name a unit's channel. It
// holds no '@', so it is never taken for an address.
func Recipient(unit string) string { return prefix + unit }

const prefix = "teams:"

// Unit is the unit of a Recipient; ok is false for a mail address.
func Unit(recipient string) (unit string, ok bool) {
	if len(recipient) > len(prefix) && recipient[:len(prefix)] == prefix {
		return recipient[len(prefix):], true
	}
	return "", false
}

// The card as Go values, encoded by encoding/json: only the few element
// kinds the digest needs (TextBlock, Container, Action.OpenUrl), each
// known to every schema version, with the fields it sets. Values are
// written in lower case as the schema lists them (hosts read them in any
// case). No "lang": adaptivecards 3.0.6 checks it with a global regular
// expression whose state makes every second card's lang invalid.
type (
	message struct {
		Type        string       `json:"type"`
		Attachments []attachment `json:"attachments"`
	}
	attachment struct {
		ContentType string  `json:"contentType"`
		ContentURL  *string `json:"contentUrl"` // null: the card is inline
		Content     card    `json:"content"`
	}
	card struct {
		Schema  string    `json:"$schema"`
		Type    string    `json:"type"`
		Version string    `json:"version"`
		Body    []element `json:"body"`
		Actions []action  `json:"actions,omitempty"`
		MSTeams msteams   `json:"msteams"`
	}
	msteams struct {
		Width string `json:"width"` // "Full": the list reads as a list, not a narrow column
	}
	element struct {
		Type      string    `json:"type"`
		Text      string    `json:"text,omitempty"`
		Wrap      bool      `json:"wrap,omitempty"`
		Size      string    `json:"size,omitempty"`
		Weight    string    `json:"weight,omitempty"`
		Color     string    `json:"color,omitempty"`
		IsSubtle  bool      `json:"isSubtle,omitempty"`
		Spacing   string    `json:"spacing,omitempty"`
		Separator bool      `json:"separator,omitempty"`
		Style     string    `json:"style,omitempty"`
		Items     []element `json:"items,omitempty"` // Container
		// SelectAction makes a whole Container open its item.
		SelectAction *action `json:"selectAction,omitempty"`
	}
	action struct {
		Type  string `json:"type"`
		Title string `json:"title"`
		URL   string `json:"url"`
	}
)

// Message is the Workflows webhook's body for digest d to channel c.
func Message(d *mail.Digest, c Channel) ([]byte, error) {
	body := []element{{Type: "TextBlock", Text: "Årshjulet: " + plain(c.Name), Size: "large", Weight: "bolder", Wrap: true}}
	if len(d.Upcoming) > 0 {
		body = append(body, heading("Kommande aktiviteter"))
		for _, a := range d.Upcoming {
			facts := a.When + ", " + a.In
			if a.Owner != "" {
				facts += ". Ansvarig: " + plain(a.Owner)
			}
			items := []element{
				{Type: "TextBlock", Text: plain(a.Title), Weight: "bolder", Wrap: true},
				{Type: "TextBlock", Text: facts, IsSubtle: true, Spacing: "none", Wrap: true},
			}
			box := element{Type: "Container", Separator: true, Items: items}
			if a.ItemURL != "" {
				box.Items = append(box.Items, link("Öppna aktiviteten", a.ItemURL))
				box.SelectAction = &action{Type: "Action.OpenUrl", Title: a.Title, URL: a.ItemURL}
			}
			body = append(body, box)
		}
	}
	if len(d.Overdue) > 0 {
		body = append(body, heading("Uppföljningar som är försenade"))
		for _, f := range d.Overdue {
			facts := fmt.Sprintf("Skulle vara klar %s (%s sedan)", f.Due, days(f.DaysOverdue))
			if f.Owner != "" {
				facts += ". Ansvarig: " + plain(f.Owner)
			}
			items := []element{
				{Type: "TextBlock", Text: plain(f.Title), Weight: "bolder", Wrap: true},
				{Type: "TextBlock", Text: facts, Color: "attention", Spacing: "none", Wrap: true},
			}
			if f.How != "" {
				items = append(items, element{Type: "TextBlock", Text: "Hur: " + plain(f.How), IsSubtle: true, Spacing: "none", Wrap: true})
			}
			items = append(items, link("Markera som klar", f.DoneURL))
			body = append(body, element{Type: "Container", Separator: true, Items: items,
				SelectAction: &action{Type: "Action.OpenUrl", Title: "Markera som klar: " + f.Title, URL: f.DoneURL}})
		}
	}
	c0 := card{Schema: "http://adaptivecards.io/schemas/adaptive-card.json", Type: "AdaptiveCard", Version: "1.4",
		Body: body, MSTeams: msteams{Width: "Full"}}
	if c.WheelURL != "" {
		c0.Actions = []action{{Type: "Action.OpenUrl", Title: "Öppna årshjulet", URL: c.WheelURL}}
	}
	return json.Marshal(message{Type: "message", Attachments: []attachment{{ContentType: "application/vnd.microsoft.card.adaptive", Content: c0}}})
}

func heading(text string) element {
	return element{Type: "TextBlock", Text: text, Size: "medium", Weight: "bolder", Spacing: "large", Wrap: true}
}

// link is a TextBlock holding one Markdown link, the element every
// Adaptive Card version and schema knows (ActionSet, a row of buttons,
// came with 1.2). The text is ours; the address is made safe for
// Markdown's (…).
func link(text, url string) element {
	return element{Type: "TextBlock", Text: "[" + text + "](" + markdownURL.Replace(url) + ")", Spacing: "small", Wrap: true}
}

// plain escapes the Markdown a TextBlock would act on in text from the
// calendars (a title, an owner), so that "[här](…)" in a title is shown
// as written and is no link in the channel.
func plain(s string) string { return markdownText.Replace(s) }

var markdownText = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "`", "\\`", "<", `\<`, ">", `\>`, "#", `\#`, "~", `\~`)

var markdownURL = strings.NewReplacer("(", "%28", ")", "%29", " ", "%20")

func days(n int) string {
	if n == 1 {
		return "1 dag"
	}
	return fmt.Sprintf("%d dagar", n)
}
