// Package aktivitetsplan owns a unit's aktivitetsplan as a spreadsheet,
// both ways: its columns (Swedish headers and the other names accepted
// for them), reading its rows from a CSV file (Excel's export) or an
// .xlsx workbook, writing the workbook people download, and a row as a
// web item's record and back. Checking a row against the programme is
// the calendar loader's, as for any other calendar file.
package aktivitetsplan

import (
	"slices"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// column is one column of the plan: the field it fills (its English
// name), its header, the other headers accepted for it, and its width in
// characters.
type column struct {
	field, header string
	width         float64
	help          string
	aliases       []string
}

// columns are the plan's columns, in order.
var columns = []column{
	{"id", "id", 22, "Lämna tomt för en ny rad: årshjulet gör ett id av aktiviteten och datumet. Ändra inte id på befintliga rader.", nil},
	{"title", "aktivitet", 36, "Vad som händer, kort: \"Pressmeddelande om förtidsröstning\".", []string{"titel", "rubrik"}},
	{"start", "start", 16, "Datum (ÅÅÅÅ-MM-DD), eller datum och klockslag (ÅÅÅÅ-MM-DD TT:MM).", []string{"datum", "startdatum"}},
	{"end", "slut", 16, "Sista dagen, eller sluttiden. Tomt: samma dag (en timme för en tid).", []string{"slutdatum"}},
	{"owner", "ansvarig", 28, "E-postadressen till den som ansvarar.", nil},
	{"audiences", "målgrupper", 30, "En eller flera av programmets målgrupper, åtskilda med komma.", []string{"målgrupp"}},
	{"channels", "kanaler", 26, "En eller flera kanaler, åtskilda med komma.", []string{"kanal"}},
	{"focus", "fokusområde", 30, "Ett av programmets tre fokusområden, eller tomt.", nil},
	{"follow_up", "uppföljning", 14, "När aktiviteten följs upp: ett datum, eller +7d (sju dagar efter).", nil},
	{"description", "beskrivning", 40, "Mer om aktiviteten, för dem som prenumererar.", nil},
	{"location", "plats", 20, "Var den äger rum: en lokal, en adress eller en länk.", []string{"lokal"}},
	{"public", "publik", 10, "ja eller nej: syns aktiviteten i det publika årshjulet (om enheten är publik).", nil},
}

// Row is one activity: its cells' text by field, dates YYYY-MM-DD or
// YYYY-MM-DD HH:MM.
type Row map[string]string

// Record is one row as read, before it is checked against the programme.
type Record struct {
	Line   int // the CSV's line, the sheet's row
	Values Row
	// Cells names each field's cell in a workbook ("Plan!C5"); nil in a
	// CSV.
	Cells map[string]string
}

// fieldOf is the field a header cell names: its Swedish header, its
// field's English name, or another name accepted for it.
func fieldOf(header string) (string, bool) {
	h := strings.ToLower(strings.TrimSpace(header))
	for _, c := range columns {
		if h == c.header || h == c.field || slices.Contains(c.aliases, h) {
			return c.field, true
		}
	}
	return "", false
}

// columnName is a field's Swedish column header.
func columnName(field string) string {
	for _, c := range columns {
		if c.field == field {
			return c.header
		}
	}
	return field
}

// validColumns lists the headers for a message.
var validColumns = func() string {
	sv, en := make([]string, len(columns)), make([]string, len(columns))
	for i, c := range columns {
		sv[i], en[i] = c.header, c.field
	}
	return strings.Join(sv, ", ") + " (eller på engelska " + strings.Join(en, ", ") + ")"
}()

// RowID is the id of a row that has none: its title and its start date
// ("pressmeddelande-20260820"), stable while neither changes.
func RowID(title, start string) string {
	return wheel.Slug(title) + "-" + strings.ReplaceAll(strings.Fields(start + " x")[0], "-", "")
}

// SplitList reads a cell listing several values: "medarbetare, kommuninvanare".
func SplitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' })
}

// Public reads the publik column: ok says the cell is one of the words
// for ja or nej, public which.
func Public(cell string) (public, ok bool) {
	switch strings.ToLower(cell) {
	case "ja", "j", "x", "true", "yes":
		return true, true
	case "nej", "n", "false", "no":
		return false, true
	}
	return false, false
}
