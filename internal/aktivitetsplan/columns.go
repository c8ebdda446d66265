// Package aktivitetsplan owns a unit's aktivitetsplan as a spreadsheet,
// both ways: its columns (Swedish headers and the other names accepted
// for them), reading its rows from a CSV file (Excel's export) or an
// .xlsx workbook, writing the workbook people download, and a row as a
// web item's record and back. Checking a row against the programme is
// the calendar loader's, as for any other calendar file.
package aktivitetsplan

import (
	"cmp"
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
	{"start", "start", 16, "Datum (ÅÅÅÅ-MM-DD), eller datum och klockslag (ÅÅÅÅ-MM-DD TT:MM). Tomt för en aktivitet som upprepas.", []string{"datum", "startdatum"}},
	{"end", "slut", 16, "Sista dagen, eller sluttiden. Tomt: samma dag (en timme för en tid).", []string{"slutdatum"}},
	{"repeat", "upprepas", 30, "För en aktivitet som återkommer, i stället för start: t.ex. \"varje tisdag 09.00\", \"första måndagen varje månad\", \"varje år 10-05\", \"vecka 41 varje år\".", []string{"upprepning", "återkommer"}},
	{"from", "från", 12, "Seriens första dag (visas för en aktivitet som upprepas; ändras genom upprepas).", nil},
	{"to", "till", 12, "Seriens sista dag (visas för en aktivitet som upprepas; ändras genom upprepas).", nil},
	{"plan", "plan", 18, "Id för kommunikationsplanen aktiviteten hör till (bladet Kommunikationsplaner), eller tomt.", []string{"kommunikationsplan"}},
	{"owner", "ansvarig", 28, "E-postadressen till den som ansvarar.", nil},
	{"audiences", "målgrupper", 30, "En eller flera av programmets målgrupper, åtskilda med komma.", []string{"målgrupp"}},
	{"channels", "kanaler", 26, "En eller flera kanaler, åtskilda med komma.", []string{"kanal"}},
	{"focus", "fokusområde", 30, "Ett av programmets tre fokusområden, eller tomt.", nil},
	{"follow_up", "uppföljning", 14, "När aktiviteten följs upp: ett datum, eller +7d (sju dagar efter).", nil},
	{"description", "beskrivning", 40, "Mer om aktiviteten, för dem som prenumererar.", nil},
	{"location", "plats", 20, "Var den äger rum: en lokal, en adress eller en länk.", []string{"lokal"}},
	{"public", "publik", 10, "ja eller nej: syns aktiviteten i det publika årshjulet (om enheten är publik).", nil},
	{"admin", AdminHeader, 34, "Rader med en fil här finns i enhetens kalenderfiler och ändras av administratören; de är låsta och läses inte när du laddar upp.", nil},
}

// AdminHeader is the column that marks a row kept in the unit's files,
// with where: such a row is shown, locked, and never read back.
const AdminHeader = "ändras av administratören"

// planColumns are the Kommunikationsplaner sheet's: a plan a row, its
// answers to the programme's seven questions in the programme's words.
var planColumns = []column{
	{"id", "id", 18, "Planens id; aktiviteterna på bladet Aktivitetsplan anger det i kolumnen plan. Ändra inte id på befintliga rader.", nil},
	{"title", "kommunikationsplan", 30, "Planens namn.", []string{"titel", "plan"}},
	{"what", "1. vad vi vill göra", 36, "Programmets fråga 1: vad vi vill göra.", []string{"vad vi vill göra"}},
	{"why", "2. varför vi gör det", 36, "Programmets fråga 2: varför vi gör det.", []string{"varför vi gör det"}},
	{"audiences", "3. vilka vi vill nå", 30, "Programmets fråga 3: målgrupperna, åtskilda med komma.", []string{"vilka vi vill nå", "målgrupper"}},
	{"know", "4. vad de ska veta", 30, "Programmets fråga 4: vad vi vill att de ska veta.", []string{"vad de ska veta"}},
	{"feel", "4. vad de ska känna", 30, "Programmets fråga 4: vad vi vill att de ska känna.", []string{"vad de ska känna"}},
	{"do", "4. vad de ska göra", 30, "Programmets fråga 4: vad vi vill att de ska göra.", []string{"vad de ska göra"}},
	{"activities", "5. aktiviteter", 30, "Programmets fråga 5: planens aktiviteter, raderna på bladet Aktivitetsplan med planens id i kolumnen plan (visas här, ändras där).", nil},
	{"owner", "6. ansvarig", 28, "Programmets fråga 6, vem gör vad och när: den som ansvarar för planen (e-post); aktiviteterna har sina egna.", []string{"ansvarig"}},
	{"follow_up", "7. uppföljning", 14, "Programmets fråga 7, hur vi följer upp: när (ett datum, eller +30d efter sista aktiviteten).", []string{"uppföljning"}},
	{"follow_up_how", "7. hur vi följer upp", 36, "Programmets fråga 7: hur vi följer upp för att veta hur det gick.", []string{"hur vi följer upp"}},
	{"focus", "fokusområde", 30, "Ett av programmets fokusområden, eller tomt.", nil},
	{"public", "publik", 10, "ja eller nej: syns planens aktiviteter i det publika årshjulet.", nil},
	{"admin", AdminHeader, 34, "Planer med en fil här finns i enhetens kalenderfiler och ändras av administratören.", nil},
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

// fieldOf is the field a header cell names among cols: its Swedish
// header, its field's English name, or another name accepted for it.
func fieldOf(cols []column, header string) (string, bool) {
	h := strings.ToLower(strings.Join(strings.Fields(header), " "))
	for _, c := range cols {
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

// validColumns lists cols' headers for a message.
func validColumns(cols []column) string {
	sv, en := make([]string, len(cols)), make([]string, len(cols))
	for i, c := range cols {
		sv[i], en[i] = c.header, c.field
	}
	return strings.Join(sv, ", ") + " (eller på engelska " + strings.Join(en, ", ") + ")"
}

// RowID is the id of a row that has none: its title and its start date
// ("pressmeddelande-20260820"), stable while neither changes.
func RowID(title, start string) string {
	if start == "" {
		return wheel.Slug(title) // a recurring row's: its title alone
	}
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

// Changes says what differs between two rows (of plans when plans),
// column by column in the workbook's words, old → new:
// "upprepas: varje tisdag 09.00 → varje onsdag 09.00; plan: – → valet".
// The columns only shown (the series' days, a plan's activities, where
// the files keep it) are left out.
func Changes(old, now Row, plans bool) string {
	cols := columns
	if plans {
		cols = planColumns
	}
	var out []string
	for _, c := range cols {
		switch c.field {
		case "admin", "activities", "from", "to":
			continue
		}
		if a, b := old[c.field], now[c.field]; a != b {
			out = append(out, c.header+": "+cmp.Or(a, "–")+" → "+cmp.Or(b, "–"))
		}
	}
	return strings.Join(out, "; ")
}
