package calendar

// The YAML shapes of calendars/UNIT.yaml, as written.

type rawCalendar struct {
	Wheel []rawWheelItem `yaml:"wheel"`
	Plans []rawPlan      `yaml:"plans"`
	Lines map[string]int `yaml:"-"`
}

type rawFollowUp struct {
	After string `yaml:"after"`
	Date  string `yaml:"date"`
	Owner string `yaml:"owner"`
	How   string `yaml:"how"`
	Line  int    `yaml:"-"`
}

// rawWhen is every way an item can say when it happens.
type rawWhen struct {
	Yearly   *rawRule `yaml:"yearly"`
	Monthly  *rawRule `yaml:"monthly"`
	Weekly   *rawRule `yaml:"weekly"`
	Date     string   `yaml:"date"`
	From     string   `yaml:"from"`
	To       string   `yaml:"to"`
	Start    string   `yaml:"start"`
	End      string   `yaml:"end"`
	Duration string   `yaml:"duration"`
	Except   []string `yaml:"except"`
}

type rawRule struct {
	Date     string         `yaml:"date"`
	From     string         `yaml:"from"`
	To       string         `yaml:"to"`
	Week     int            `yaml:"week"`
	Month    int            `yaml:"month"`
	Day      int            `yaml:"day"`
	Weekday  string         `yaml:"weekday"`
	Nth      int            `yaml:"nth"`
	Time     string         `yaml:"time"`
	Duration string         `yaml:"duration"`
	First    string         `yaml:"first"` // the series' first and last day
	Last     string         `yaml:"last"`
	Line     int            `yaml:"-"`
	Lines    map[string]int `yaml:"-"`
}

type rawWheelItem struct {
	ID          string `yaml:"id"`
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	Location    string `yaml:"location"`
	rawWhen     `yaml:",inline"`
	Owner       string         `yaml:"owner"`
	Focus       string         `yaml:"focus"`
	Audiences   []string       `yaml:"audiences"`
	Channels    []string       `yaml:"channels"`
	Remind      []string       `yaml:"remind"`
	FollowUp    *rawFollowUp   `yaml:"follow_up"`
	Public      *bool          `yaml:"public"`
	Status      string         `yaml:"status"`
	Links       []string       `yaml:"links"`
	Line        int            `yaml:"-"`
	Lines       map[string]int `yaml:"-"`
}

type rawPlan struct {
	ID         string         `yaml:"id"`
	Title      string         `yaml:"title"`
	What       string         `yaml:"what"`
	Why        string         `yaml:"why"`
	Audiences  []string       `yaml:"audiences"`
	Know       string         `yaml:"know"`
	Feel       string         `yaml:"feel"`
	Do         string         `yaml:"do"`
	Focus      string         `yaml:"focus"`
	Owner      string         `yaml:"owner"`
	FollowUp   *rawFollowUp   `yaml:"follow_up"`
	Public     *bool          `yaml:"public"`
	Activities []rawWheelItem `yaml:"activities"`
	Line       int            `yaml:"-"`
	Lines      map[string]int `yaml:"-"`
}
