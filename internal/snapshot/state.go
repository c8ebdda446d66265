package snapshot

import "github.com/avesta-kommun/arshjul/internal/wheel"

// FollowUpState is where a follow-up stands. It is worked out here and
// nowhere else: feeds, pages, mail and the command line all ask State.
type FollowUpState string

const (
	Open    FollowUpState = "open"    // not done, not yet due
	Overdue FollowUpState = "overdue" // not done, and due before today
	Done    FollowUpState = "done"    // its result is recorded
	Skipped FollowUpState = "skipped" // marked "ej aktuell", with the reason
)

// State is the follow-up's state on the day today (programme time zone):
// overdue from the day after it is due, until it is marked done or "ej
// aktuell".
func (f *FollowUpRecord) State(today wheel.Date) FollowUpState {
	switch {
	case f.DoneAt != nil && f.Skipped:
		return Skipped
	case f.DoneAt != nil:
		return Done
	case today.After(f.Due):
		return Overdue
	}
	return Open
}

// Words says the state in Swedish, as it stands in a sentence.
func (s FollowUpState) Words() string {
	switch s {
	case Done:
		return "klar"
	case Skipped:
		return "ej aktuell"
	case Overdue:
		return "försenad"
	}
	return "inte klar än"
}

// Label says the state as a label: "Försenad".
func (s FollowUpState) Label() string {
	switch s {
	case Done:
		return "Klar"
	case Skipped:
		return "Ej aktuell"
	case Overdue:
		return "Försenad"
	}
	return "Inte klar än"
}
