// Package calendar reads a unit's calendar files (YAML wheels and plans,
// spreadsheet CSV exports, Excel workbooks, ICS files) into wheel items, checking every
// reference against the programme and reporting every problem as FILE:LINE.
package calendar

import (
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/diag"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// MaxFileSize bounds one calendar file. A unit's year fits in far less; a
// larger file is a mistake (a whole mailbox exported) and is refused before
// it is read, so that it cannot take the daemon's memory.
const MaxFileSize = 10 << 20

// LoadAll reads every unit's calendars. The result is complete only when the
// returned error is nil; otherwise it is a *diag.Error listing all problems.
func LoadAll(c *config.Config) (map[string]*wheel.Calendar, error) {
	cals, _, err := LoadAllWarn(c)
	return cals, err
}

// LoadAllWarn is LoadAll with the warnings: what is valid but probably
// not meant (a time that does not exist on some day of a series), for
// `arshjul check` to show without refusing anything.
func LoadAllWarn(c *config.Config) (map[string]*wheel.Calendar, []diag.Problem, error) {
	return LoadAllWeb(c, nil)
}

// WebName is the name the web editor's items are read under, in messages
// and the history, as a file's name is.
const WebName = "webben"

// LoadAllWeb is LoadAllWarn with each unit's web items (the YAML of one
// item each, as the web editor stores them) read after its files, by the
// same code: an id a file uses already is an error, as between files.
func LoadAllWeb(c *config.Config, web map[string][]WebEntry) (map[string]*wheel.Calendar, []diag.Problem, error) {
	var probs, warns diag.List
	out := make(map[string]*wheel.Calendar, len(c.Units))
	for i := range c.Units {
		out[c.Units[i].ID] = loadUnit(c, &c.Units[i], &probs, &warns, web[c.Units[i].ID], nil)
	}
	if err := probs.Err(); err != nil {
		return nil, warns.Problems(), err
	}
	return out, warns.Problems(), nil
}

func loadUnit(c *config.Config, u *wheel.Unit, probs, warns *diag.List, web []WebEntry, up *upload) *wheel.Calendar {
	cal := &wheel.Calendar{}
	ids := map[string]string{} // item or plan id → where it was first defined
	budget := &unitBudget{}
	for _, p := range u.Calendars {
		name := c.Files.Display(p)
		data, ok := read(c, p, name, probs)
		if !ok {
			continue
		}
		ctx := &fileCtx{name: name, prog: &c.Programme, unit: u, probs: probs, warns: warns, ids: ids, budget: budget}
		items, plans := len(cal.Items), len(cal.Plans)
		switch strings.ToLower(path.Ext(p)) {
		case ".yaml", ".yml":
			ctx.loadYAML(data, cal)
		case ".csv":
			ctx.loadCSV(data, cal)
		case ".ics":
			ctx.loadICS(data, cal)
		case ".xlsx":
			ctx.loadXLSX(data, cal)
		}
		for i := items; i < len(cal.Items); i++ {
			cal.Items[i].File = name
		}
		for i := plans; i < len(cal.Plans); i++ {
			cal.Plans[i].File = name
		}
	}
	if len(web) > 0 {
		doc, _ := WebDoc(web)
		ctx := &fileCtx{name: WebName, prog: &c.Programme, unit: u, probs: probs, warns: warns, ids: ids, budget: budget}
		items, plans := len(cal.Items), len(cal.Plans)
		ctx.loadYAML(doc, cal)
		for i := items; i < len(cal.Items); i++ {
			cal.Items[i].File = WebName
		}
		for i := plans; i < len(cal.Plans); i++ {
			cal.Plans[i].File = WebName
		}
	}
	if up != nil {
		ctx := &fileCtx{name: up.name, prog: &c.Programme, unit: u, probs: probs, warns: warns, ids: ids, budget: budget}
		up.wb = ctx.loadXLSX(up.data, cal)
	}
	return cal
}

// upload is a workbook read after a unit's files and web entries, as the
// web items it would become.
type upload struct {
	name string
	data []byte
	wb   *Workbook
}

// CheckWorkbook reads an uploaded workbook as its rows would be as unit's
// web items: after the unit's files and the web entries that stay (keep),
// by the code that reads a workbook in a calendar folder. It returns the
// rows as read, and the workbook's problems (name:SHEET!CELL); the
// files' own problems are not the workbook's.
func CheckWorkbook(c *config.Config, unitID string, keep []WebEntry, name string, data []byte) (*Workbook, []diag.Problem) {
	u := c.Unit(unitID)
	if u == nil {
		return nil, []diag.Problem{{File: name, Msg: "okänd enhet " + unitID}}
	}
	var probs, warns diag.List
	up := &upload{name: name, data: data}
	loadUnit(c, u, &probs, &warns, keep, up)
	var out []diag.Problem
	for _, p := range probs.Problems() {
		if p.File == name {
			out = append(out, p)
		}
	}
	return up.wb, out
}

func read(c *config.Config, p, name string, probs *diag.List) ([]byte, bool) {
	data, err := c.Files.ReadRegular(p, config.Root(c.Path), MaxFileSize)
	var big *config.TooLargeError
	if errors.As(err, &big) {
		size := fmt.Sprintf("större än %d MB", MaxFileSize>>20)
		if big.Size >= 0 {
			size = fmt.Sprintf("%.1f MB", float64(big.Size)/(1<<20))
		}
		probs.Add(name, 0, "filen är %s; gränsen för en kalenderfil är %d MB. Dela upp den, eller exportera bara programmets period (%s)",
			size, MaxFileSize>>20, c.Programme.Starts.String()+" – "+c.Programme.ValidUntil.String())
		return nil, false
	}
	if err != nil {
		probs.Add(name, 0, "%v", err)
		return nil, false
	}
	return data, true
}

// WebEntry is one web item or plan: the YAML of it as a calendar file
// holds it (a mapping, without the list's dash).
type WebEntry struct {
	YAML string
	Plan bool
}

// WebDoc makes one calendar document of web entries (items under wheel:,
// plans under plans:), and the line each entry starts on in it, for a
// problem's line to name its entry.
func WebDoc(entries []WebEntry) ([]byte, []int) {
	var b strings.Builder
	starts := make([]int, len(entries))
	line := 1
	for _, plans := range []bool{false, true} {
		header := false
		for i, e := range entries {
			if e.Plan != plans {
				continue
			}
			if !header {
				b.WriteString(map[bool]string{false: "wheel:\n", true: "plans:\n"}[plans])
				line++
				header = true
			}
			starts[i] = line
			for j, l := range strings.Split(strings.TrimRight(e.YAML, "\n"), "\n") {
				if j == 0 {
					b.WriteString("  - " + l + "\n")
				} else {
					b.WriteString("    " + l + "\n")
				}
				line++
			}
		}
	}
	return []byte(b.String()), starts
}

// CheckWebItem validates entry (a web item's or plan's YAML) as unit's,
// after its files and its other web entries, by the code that reads the
// files. It returns the entry's problems by the key of their line
// ("title", "date"; a plan's activity's as "activities.N.key"; "" for the
// entry as a whole), in the words `check` uses; none when it is valid.
// Problems of the files themselves are not the entry's.
func CheckWebItem(c *config.Config, unitID string, others []WebEntry, entry WebEntry) map[string][]string {
	u := c.Unit(unitID)
	if u == nil {
		return map[string][]string{"": {"okänd enhet " + unitID}}
	}
	all := append(append([]WebEntry(nil), others...), entry)
	var probs, warns diag.List
	loadUnit(c, u, &probs, &warns, all, nil)
	_, starts := WebDoc(all)
	start := starts[len(starts)-1]
	lines := strings.Split(strings.TrimRight(entry.YAML, "\n"), "\n")
	keys := make([]string, len(lines))
	act := -1
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "- ") {
			act++
			t = strings.TrimPrefix(t, "- ")
		}
		k, _, _ := strings.Cut(t, ":")
		if act >= 0 && strings.HasPrefix(l, " ") {
			k = "activities." + strconv.Itoa(act) + "." + k
		}
		keys[i] = k
	}
	out := map[string][]string{}
	for _, p := range probs.Problems() {
		if p.File != WebName || p.Line < start || p.Line >= start+len(lines) {
			continue
		}
		key := keys[p.Line-start]
		out[key] = append(out[key], p.Msg)
	}
	return out
}

// CheckWebEntries are the problems of a unit's web entries as a whole,
// after its files (what `check` would say of them): none when every one
// is valid.
func CheckWebEntries(c *config.Config, unitID string, entries []WebEntry) []diag.Problem {
	u := c.Unit(unitID)
	if u == nil {
		return []diag.Problem{{File: WebName, Msg: "okänd enhet " + unitID}}
	}
	var probs, warns diag.List
	loadUnit(c, u, &probs, &warns, entries, nil)
	var out []diag.Problem
	for _, p := range probs.Problems() {
		if p.File == WebName {
			out = append(out, p)
		}
	}
	return out
}
