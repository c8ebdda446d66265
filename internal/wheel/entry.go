package wheel

// WebFile is what a web-kept entry's File says, in place of a file's
// name: in messages, the history and the editor's list.
const WebFile = "webben"

// Entry is one entry of a unit's wheel as the web keeps it: an item, or a
// plan with its activities (each pointing back at the plan).
//
// Public is kept as the entry's own wish (false only when it said
// `public: false`); what is served is that and its unit's (and plan's)
// publicity, worked out when the entry is loaded, so that a unit made
// internal takes its stored entries with it.
type Entry struct {
	Item       *Item  `json:"item,omitempty"`
	Plan       *Plan  `json:"plan,omitempty"`
	Activities []Item `json:"activities,omitempty"`
}

// ID is the entry's id: its item's or its plan's.
func (e Entry) ID() string {
	if e.Plan != nil {
		return e.Plan.ID
	}
	if e.Item != nil {
		return e.Item.ID
	}
	return ""
}

// IsPlan says the entry is a communication plan.
func (e Entry) IsPlan() bool { return e.Plan != nil }

// Title is the entry's item's or plan's title.
func (e Entry) Title() string {
	if e.Plan != nil {
		return e.Plan.Title
	}
	if e.Item != nil {
		return e.Item.Title
	}
	return ""
}

// Items are the entry's items: the item, or the plan's activities.
func (e Entry) Items() []Item {
	if e.Item != nil {
		return []Item{*e.Item}
	}
	return e.Activities
}
