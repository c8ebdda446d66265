// Package calendar reads a unit's calendar files (YAML wheels and plans,
// spreadsheet CSV exports, Excel workbooks, ICS files) into wheel items, checking every
// reference against the programme and reporting every problem as FILE:LINE.
package calendar

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/avesta-kommun/arshjul/internal/aktivitetsplan"
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
//
// The files' problems stop the whole load, as ever. A web entry is read
// on its own, and its problems are its unit's alone: the other units are
// loaded and the error is then a *WebError naming the units left out, so
// that one unit's content never stops another's publishing.
func LoadAllWeb(c *config.Config, web map[string][]WebEntry) (map[string]*wheel.Calendar, []diag.Problem, error) {
	var probs, warns, webProbs diag.List
	var held []string
	out := make(map[string]*wheel.Calendar, len(c.Units))
	for i := range c.Units {
		u := &c.Units[i]
		cal, bad := loadUnit(c, u, &probs, &warns, web[u.ID], nil)
		n := webProbs.Len()
		for _, ps := range bad {
			for _, p := range ps {
				webProbs.Add(p.File, p.Line, "%s", p.Msg)
			}
		}
		if webProbs.Len() > n {
			held = append(held, u.ID)
			continue
		}
		out[u.ID] = cal
	}
	if probs.Len() > 0 {
		probs.Merge(&webProbs)
		return nil, warns.Problems(), probs.Err()
	}
	if webProbs.Len() > 0 {
		return out, warns.Problems(), &WebError{Units: held, Err: webProbs.Err().(*diag.Error)}
	}
	return out, warns.Problems(), nil
}

// WebError is what LoadAllWeb says when only web entries have problems:
// the units they are in (left out of the load) and the problems, each
// naming its unit and entry.
type WebError struct {
	Units []string
	Err   *diag.Error
}

func (e *WebError) Error() string { return e.Err.Error() }

func (e *WebError) Unwrap() error { return e.Err }

// loadUnit reads unit's files into probs and each web entry on its own:
// the entries' problems are returned apart, one list an entry, each
// problem named by WebSource and numbered by the entry's own lines.
func loadUnit(c *config.Config, u *wheel.Unit, probs, warns *diag.List, web []WebEntry, up *upload) (*wheel.Calendar, [][]diag.Problem) {
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
	webProbs := make([][]diag.Problem, len(web))
	for i, e := range web {
		// Read alone, an entry's YAML cannot reach into another's (an
		// alias to another's anchor), and its problems are its own.
		var own diag.List
		ctx := &fileCtx{name: WebSource(u.ID, e.ID), prog: &c.Programme, unit: u, probs: &own, warns: warns, ids: ids, budget: budget}
		items, plans := len(cal.Items), len(cal.Plans)
		ctx.loadWebEntry([]byte(e.YAML), e.Plan, cal)
		for i := items; i < len(cal.Items); i++ {
			cal.Items[i].File = WebName
		}
		for i := plans; i < len(cal.Plans); i++ {
			cal.Plans[i].File = WebName
		}
		webProbs[i] = own.Problems()
	}
	if up != nil {
		ctx := &fileCtx{name: up.name, prog: &c.Programme, unit: u, probs: probs, warns: warns, ids: ids, budget: budget}
		up.wb = ctx.loadXLSX(up.data, cal)
	}
	return cal, webProbs
}

// WebSource names a web entry in problems: "webben hr/frukostmote".
func WebSource(unit, id string) string {
	return WebName + " " + unit + "/" + id
}

// upload is a workbook read after a unit's files and web entries, as the
// web items it would become.
type upload struct {
	name string
	data []byte
	wb   *aktivitetsplan.Workbook
}

// CheckWorkbook reads an uploaded workbook as its rows would be as unit's
// web items: after the unit's files and the web entries that stay (keep),
// by the code that reads a workbook in a calendar folder. It returns the
// rows as read, and the workbook's problems (name:SHEET!CELL); the
// files' own problems are not the workbook's.
func CheckWorkbook(c *config.Config, unitID string, keep []WebEntry, name string, data []byte) (*aktivitetsplan.Workbook, []diag.Problem) {
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
// holds it (a mapping, without the list's dash), and its id as stored.
type WebEntry struct {
	ID   string
	YAML string
	Plan bool
}

// WebDoc makes one calendar document of web entries (items under wheel:,
// plans under plans:), as `arshjul export` writes them out: each entry's
// YAML read and the whole written by the encoder.
func WebDoc(unit string, entries []WebEntry) ([]byte, error) {
	doc := &yaml.Node{Kind: yaml.MappingNode}
	for _, plans := range []bool{false, true} {
		list := &yaml.Node{Kind: yaml.SequenceNode}
		for _, e := range entries {
			if e.Plan != plans {
				continue
			}
			var n yaml.Node
			if err := yaml.Unmarshal([]byte(e.YAML), &n); err != nil {
				return nil, fmt.Errorf("%s: %w", WebSource(unit, e.ID), err)
			}
			if len(n.Content) == 1 {
				list.Content = append(list.Content, n.Content[0])
			}
		}
		if len(list.Content) > 0 {
			key := map[bool]string{false: "wheel", true: "plans"}[plans]
			doc.Content = append(doc.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, list)
		}
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// CheckWebItem validates entry (a web item's or plan's YAML) as unit's,
// after its files and its other web entries, by the code that reads the
// files. It returns the entry's problems by the key of their line
// ("title", "date"; a plan's activity's as "activities.N.key"; "" for the
// entry as a whole), in the words `check` uses; none when it is valid.
// Problems of the files and the other entries are not the entry's.
func CheckWebItem(c *config.Config, unitID string, others []WebEntry, entry WebEntry) map[string][]string {
	u := c.Unit(unitID)
	if u == nil {
		return map[string][]string{"": {"okänd enhet " + unitID}}
	}
	all := append(append([]WebEntry(nil), others...), entry)
	var probs, warns diag.List
	_, bad := loadUnit(c, u, &probs, &warns, all, nil)
	keyOf := lineKeys(entry.YAML)
	out := map[string][]string{}
	for _, p := range bad[len(bad)-1] {
		key := keyOf(p.Line)
		out[key] = append(out[key], p.Msg)
	}
	return out
}

// lineKeys says which key of doc a line is under ("title"; a plan's
// activity's as "activities.N.title"; "" before the first or when doc is
// not YAML).
func lineKeys(doc string) func(line int) string {
	type mark struct {
		line int
		key  string
	}
	var marks []mark
	var root yaml.Node
	if yaml.Unmarshal([]byte(doc), &root) == nil && len(root.Content) == 1 {
		var walk func(m *yaml.Node, prefix string)
		walk = func(m *yaml.Node, prefix string) {
			if m.Kind != yaml.MappingNode {
				return
			}
			for i := 0; i+1 < len(m.Content); i += 2 {
				k, v := m.Content[i], m.Content[i+1]
				marks = append(marks, mark{k.Line, prefix + k.Value})
				switch k.Value {
				case "yearly", "monthly", "weekly": // a rule's own keys, each on its line
					walk(v, prefix+k.Value+".")
				}
				if prefix == "" && k.Value == "activities" && v.Kind == yaml.SequenceNode {
					for j, a := range v.Content {
						walk(a, "activities."+strconv.Itoa(j)+".")
					}
				}
			}
		}
		walk(root.Content[0], "")
	}
	return func(line int) string {
		key := ""
		for _, m := range marks {
			if m.line > line {
				break
			}
			key = m.key
		}
		return key
	}
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
	_, bad := loadUnit(c, u, &probs, &warns, entries, nil)
	var out []diag.Problem
	for _, ps := range bad {
		for _, p := range ps {
			p.Line = 0 // the entry's own line, which no one sees
			out = append(out, p)
		}
	}
	return out
}
