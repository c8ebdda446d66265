// Package webdoc is the web editor's items and plans as records: the
// shapes of the calendar loader's YAML with what is not set left out, so
// that the YAML encoder writes one as a calendar file would hold it.
// Whatever a person typed is a string in these, and the encoder quotes
// it: no text of theirs becomes YAML syntax.
package webdoc

import (
	"bytes"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// Item is one wheel item, or a plan's activity.
type Item struct {
	ID          string    `yaml:"id"`
	Title       string    `yaml:"title"`
	Description string    `yaml:"description,omitempty"`
	Location    string    `yaml:"location,omitempty"`
	Yearly      *Rule     `yaml:"yearly,omitempty"`
	Monthly     *Rule     `yaml:"monthly,omitempty"`
	Weekly      *Rule     `yaml:"weekly,omitempty"`
	Date        string    `yaml:"date,omitempty"`
	From        string    `yaml:"from,omitempty"`
	To          string    `yaml:"to,omitempty"`
	Start       string    `yaml:"start,omitempty"`
	End         string    `yaml:"end,omitempty"`
	Duration    string    `yaml:"duration,omitempty"`
	Except      []string  `yaml:"except,omitempty,flow"`
	Owner       string    `yaml:"owner,omitempty"`
	Focus       string    `yaml:"focus,omitempty"`
	Audiences   []string  `yaml:"audiences,omitempty,flow"`
	Channels    []string  `yaml:"channels,omitempty,flow"`
	Remind      *[]string `yaml:"remind,omitempty,flow"` // an empty list means no reminders: kept apart from none
	FollowUp    *FollowUp `yaml:"follow_up,omitempty,flow"`
	Public      *bool     `yaml:"public,omitempty"`
	Status      string    `yaml:"status,omitempty"`
	Links       []string  `yaml:"links,omitempty"`
}

// Rule is a recurrence.
type Rule struct {
	Date     string `yaml:"date,omitempty"`
	Day      Number `yaml:"day,omitempty"`
	Weekday  string `yaml:"weekday,omitempty"`
	Nth      Number `yaml:"nth,omitempty"`
	Week     Number `yaml:"week,omitempty"`
	Month    Number `yaml:"month,omitempty"`
	Time     string `yaml:"time,omitempty"`
	Duration string `yaml:"duration,omitempty"`
	From     string `yaml:"from,omitempty"`
	To       string `yaml:"to,omitempty"`
	First    string `yaml:"first,omitempty"`
	Last     string `yaml:"last,omitempty"`
}

// FollowUp is an item's or a plan's follow-up.
type FollowUp struct {
	After string `yaml:"after,omitempty"`
	Date  string `yaml:"date,omitempty"`
	How   string `yaml:"how,omitempty"`
	Owner string `yaml:"owner,omitempty"`
}

// Plan is a communication plan with its activities.
type Plan struct {
	ID         string    `yaml:"id"`
	Title      string    `yaml:"title"`
	What       string    `yaml:"what,omitempty"`
	Why        string    `yaml:"why,omitempty"`
	Audiences  []string  `yaml:"audiences,omitempty,flow"`
	Know       string    `yaml:"know,omitempty"`
	Feel       string    `yaml:"feel,omitempty"`
	Do         string    `yaml:"do,omitempty"`
	Focus      string    `yaml:"focus,omitempty"`
	Owner      string    `yaml:"owner,omitempty"`
	FollowUp   *FollowUp `yaml:"follow_up,omitempty,flow"`
	Public     *bool     `yaml:"public,omitempty"`
	Activities []Item    `yaml:"activities,omitempty"`
}

// Number is a whole-number field as it was typed: written as a YAML
// integer when it is one, and otherwise as the text, which the loader then
// refuses in the words `check` uses.
type Number string

// MarshalYAML writes n as an integer when it is one.
func (n Number) MarshalYAML() (any, error) {
	if i, err := strconv.Atoi(string(n)); err == nil {
		return i, nil
	}
	return string(n), nil
}

// UnmarshalYAML reads any scalar as it is written.
func (n *Number) UnmarshalYAML(v *yaml.Node) error {
	*n = Number(v.Value)
	return nil
}

// Encode writes doc (an *Item or a *Plan) as the YAML of one web
// entry.
func Encode(doc any) (string, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return "", err
	}
	if err := enc.Close(); err != nil {
		return "", err
	}
	return b.String(), nil
}

// DecodeItem reads a stored web item (or an activity) into its record,
// leniently: what it holds was checked when it was stored.
func DecodeItem(doc string) (Item, error) {
	var d Item
	err := yaml.Unmarshal([]byte(doc), &d)
	return d, err
}

// DecodePlan reads a stored web plan into its record.
func DecodePlan(doc string) (Plan, error) {
	var d Plan
	err := yaml.Unmarshal([]byte(doc), &d)
	return d, err
}

// Calendar is a calendar file's document: items under wheel:, plans
// under plans: (what `arshjul export` writes).
type Calendar struct {
	Wheel []Item `yaml:"wheel,omitempty"`
	Plans []Plan `yaml:"plans,omitempty"`
}
