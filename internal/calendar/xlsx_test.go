package calendar_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// sheet is a workbook built cell by cell (excelize here is only the
// writer of the test's input; the reader under test reads it).
type sheet struct {
	name  string
	cells map[string]any // "A1" → value; a string "=…" is a formula
	merge [][2]string
}

func workbookOf(t testing.TB, sheets ...sheet) []byte {
	t.Helper()
	x := excelize.NewFile()
	for i, s := range sheets {
		if i == 0 {
			x.SetSheetName("Sheet1", s.name)
		} else {
			x.NewSheet(s.name)
		}
		date, _ := x.NewStyle(&excelize.Style{NumFmt: 14})
		for cell, v := range s.cells {
			switch v := v.(type) {
			case string:
				if strings.HasPrefix(v, "=") {
					x.SetCellFormula(s.name, cell, v[1:])
				} else {
					x.SetCellStr(s.name, cell, v)
				}
			case time.Time:
				x.SetCellValue(s.name, cell, v)
				x.SetCellStyle(s.name, cell, cell, date)
			default:
				x.SetCellValue(s.name, cell, v)
			}
		}
		for _, m := range s.merge {
			x.MergeCell(s.name, m[0], m[1])
		}
	}
	var b bytes.Buffer
	if err := x.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// header is the plan's header row, the columns A–L.
func header(cells map[string]any, row string) map[string]any {
	for i, h := range []string{"id", "aktivitet", "start", "slut", "ansvarig", "målgrupper", "kanaler", "fokusområde", "uppföljning", "beskrivning", "plats", "publik"} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		cells[col+row] = h
	}
	return cells
}

func loadWorkbook(t *testing.T, data []byte) (*wheel.Calendar, error) {
	t.Helper()
	cal, _, err := loadTree(t, map[string]string{"calendars/enhet/plan.xlsx": string(data)})
	return cal, err
}

// TestWorkbookCalendar: a workbook in a unit's folder
// loads like the CSV: Excel dates and text dates, a date and time as one
// cell, lists in one cell (with Alt+Enter too), a boolean, a follow-up in
// days; the header under a title row, on the second sheet after one of
// instructions; English headers on a third.
func TestWorkbookCalendar(t *testing.T) {
	plan := header(map[string]any{"A1": "Aktivitetsplan 2027 för Enheten"}, "3")
	for k, v := range map[string]any{
		"A4": "pressmeddelande", "B4": "Pressmeddelande om förtidsröstning", "C4": time.Date(2026, 8, 20, 0, 0, 0, 0, time.UTC),
		"E4": "enhet@example.se", "F4": "Kommuninvånare, medarbetare", "G4": "webb\nE-post", "H4": "Förtroendeskapande kommunikation och demokrati", "I4": 7,
		"B5": "Öppet hus på Åsgårdens förskola", "C5": time.Date(2027, 5, 12, 17, 30, 0, 0, time.UTC), "D5": "2027-05-12 19:00", "K5": "Åsgården", "L5": false,
		"B6": "Skrivardagar", "C6": "2028-02-28", "D6": "2028-03-01", "I6": "2028-03-15",
	} {
		plan[k] = v
	}
	english := map[string]any{"A1": "title", "B1": "start", "C1": "audiences", "A2": "Week 53 briefing", "B2": time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), "C2": "Besökare"}
	data := workbookOf(t, sheet{name: "Instruktioner", cells: map[string]any{"A1": "Fyll i bladet Plan.", "A2": "aktivitet betyder vad som händer"}},
		sheet{name: "Plan", cells: plan}, sheet{name: "English", cells: english})
	cal, err := loadWorkbook(t, data)
	if err != nil {
		t.Fatal(err)
	}
	byTitle := map[string]wheel.Item{}
	for _, it := range cal.Items {
		byTitle[it.Title] = it
	}
	if len(cal.Items) != 4 {
		t.Fatalf("%d items: %v", len(cal.Items), byTitle)
	}
	pm := byTitle["Pressmeddelande om förtidsröstning"]
	if pm.ID != "pressmeddelande" || pm.Spans[0].From.String() != "2026-08-20" || !slices.Equal(pm.Audiences, []string{"kommuninvanare", "medarbetare"}) ||
		!slices.Equal(pm.Channels, []string{"webb", "e-post"}) || pm.Focus != "fortroende" || pm.FollowUp == nil || pm.FollowUp.After != 7 || pm.File != "calendars/enhet/plan.xlsx" {
		t.Errorf("the first row: %+v", pm)
	}
	oh := byTitle["Öppet hus på Åsgårdens förskola"]
	loc, _ := time.LoadLocation("Europe/Stockholm")
	if oh.ID != "oppet-hus-pa-asgardens-forskola-20270512" || oh.Spans[0].Start.In(loc).Format("2006-01-02 15:04") != "2027-05-12 17:30" ||
		oh.Spans[0].End.In(loc).Format("15:04") != "19:00" || oh.Location != "Åsgården" || oh.Public {
		t.Errorf("the timed row: %+v", oh)
	}
	if s := byTitle["Skrivardagar"]; s.Spans[0].From.String() != "2028-02-28" || s.Spans[0].To.String() != "2028-03-01" || s.FollowUp.Date.String() != "2028-03-15" {
		t.Errorf("the leap-year row: %+v", s)
	}
	if w := byTitle["Week 53 briefing"]; w.Spans[0].From.String() != "2026-12-31" || !slices.Equal(w.Audiences, []string{"besokare"}) {
		t.Errorf("the English sheet's row: %+v", w)
	}
}

// TestBadWorkbooks: each bad workbook is refused
// with the cell named, in Swedish, all problems at once, and nothing of it
// is loaded.
func TestBadWorkbooks(t *testing.T) {
	row := func(extra map[string]any) []byte {
		c := header(map[string]any{"B2": "Aktivitet", "C2": time.Date(2027, 5, 4, 0, 0, 0, 0, time.UTC)}, "1")
		for k, v := range extra {
			c[k] = v
		}
		return workbookOf(t, sheet{name: "Plan", cells: c})
	}
	encrypted := func() []byte {
		x := excelize.NewFile()
		x.SetCellStr("Sheet1", "A1", "aktivitet")
		var b bytes.Buffer
		if err := x.Write(&b, excelize.Options{Password: "hemligt"}); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	good := row(nil)
	cases := []struct {
		name string
		data []byte
		want []string
	}{
		{"unknown audience", row(map[string]any{"F2": "Medarbetare, Pensionärer"}),
			[]string{`calendars/enhet/plan.xlsx:Plan!F2: okänd målgrupp "Pensionärer"; giltiga är: Medarbetare, Kommuninvånare,`}},
		{"a date that is text in the wrong form", row(map[string]any{"C2": "4/5/2027"}),
			[]string{`calendars/enhet/plan.xlsx:Plan!C2: start: `}},
		{"an end before the start", row(map[string]any{"D2": time.Date(2027, 5, 1, 0, 0, 0, 0, time.UTC)}),
			[]string{`calendars/enhet/plan.xlsx:Plan!D2: "aktivitet-20270504": sista dagen (2027-05-01) ligger före första dagen (2027-05-04)`}},
		{"a merged header", workbookOf(t, sheet{name: "Plan", cells: header(map[string]any{"B2": "A", "C2": "2027-05-04"}, "1"), merge: [][2]string{{"E1", "F1"}}}),
			[]string{`calendars/enhet/plan.xlsx:Plan!E1: rubrikraden har sammanfogade celler (E1:F1)`}},
		{"a formula", row(map[string]any{"C2": "=DATE(2027,5,4)"}),
			[]string{`calendars/enhet/plan.xlsx:Plan!C2: cellen har en formel (=DATE(2027,5,4))`}},
		{"an empty sheet", workbookOf(t, sheet{name: "Blad1", cells: map[string]any{}}),
			[]string{`calendars/enhet/plan.xlsx: arbetsboken har inget blad med en rubrikrad`}},
		{"password-protected", encrypted(), []string{`calendars/enhet/plan.xlsx: arbetsboken är lösenordsskyddad`}},
		{"corrupt", good[:len(good)/2], []string{`calendars/enhet/plan.xlsx: filen är ingen Excel-arbetsbok (.xlsx) eller är skadad`}},
		{"not a workbook at all", []byte("id;aktivitet;start\r\nx;y;2027-05-04\r\n"), []string{`calendars/enhet/plan.xlsx: filen är ingen Excel-arbetsbok`}},
		{"a zip bomb", zipBomb(t, 100<<20), []string{`calendars/enhet/plan.xlsx: arbetsboken packas upp till mer än 32 MB`}},
		{"a dense zip bomb", zipBomb(t, 8<<20), []string{`calendars/enhet/plan.xlsx: arbetsboken packas upp till mer än 32 MB`}},
		{"problems in several rows at once", row(map[string]any{"D2": "=C2+1", "B3": "Andra", "C3": "19/5/2027", "B4": "Tredje", "C4": "2027-05-06", "F4": "Pensionärer"}),
			[]string{"plan.xlsx:Plan!D2: cellen har en formel", `plan.xlsx:Plan!C3: start: "19/5/2027"`, `plan.xlsx:Plan!F4: okänd målgrupp "Pensionärer"`}},
		{"every problem at once", row(map[string]any{"F2": "okänd", "G2": "brevduva", "E2": "inte-en-adress", "L2": "kanske"}),
			[]string{"plan.xlsx:Plan!E2: ansvarig:", `plan.xlsx:Plan!F2: okänd målgrupp "okänd"`, `plan.xlsx:Plan!G2: okänd kanal "brevduva"`, `plan.xlsx:Plan!L2: publik "kanske": skriv ja eller nej`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cal, err := loadWorkbook(t, c.data)
			if err == nil {
				t.Fatalf("accepted: %d items", len(cal.Items))
			}
			msg := err.Error()
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("the problems lack %q:\n%s", w, msg)
				}
			}
		})
	}
}

// zipBomb is a workbook whose sheet unpacks to size bytes of nothing.
func zipBomb(t testing.TB, size int) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml"} {
		w, _ := z.Create(name)
		w.Write([]byte("<x/>"))
	}
	w, _ := z.Create("xl/worksheets/sheet1.xml")
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for n := 0; n < size; n += len(chunk) {
		w.Write(chunk)
	}
	z.Close()
	return b.Bytes()
}

// TestLibreOfficeWorkbook: the example's
// aktivitetsplan as Excel's Swedish CSV export writes it, and that file
// saved as a workbook by LibreOffice (testdata/libreoffice/make.sh), give
// the same items: LibreOffice's date cells are read as the CSV's text.
func TestLibreOfficeWorkbook(t *testing.T) {
	csvData, err := os.ReadFile("testdata/libreoffice/excel-export.csv")
	if err != nil {
		t.Fatal(err)
	}
	xlsxData, err := os.ReadFile("testdata/libreoffice/excel-export.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	// The test's programme, with the export's channels.
	cfg := strings.Replace(testConfig, "moten: Möten}", "moten: Möten, trycksaker: Trycksaker}", 1)
	fromCSV, _, err := loadTree(t, map[string]string{"config/arshjul.yaml": cfg, "calendars/enhet/plan.csv": string(csvData)})
	if err != nil {
		t.Fatal(err)
	}
	fromXLSX, _, err := loadTree(t, map[string]string{"config/arshjul.yaml": cfg, "calendars/enhet/plan.xlsx": string(xlsxData)})
	if err != nil {
		t.Fatal(err)
	}
	if len(fromCSV.Items) < 3 || len(fromCSV.Items) != len(fromXLSX.Items) {
		t.Fatalf("%d items from the CSV, %d from the workbook", len(fromCSV.Items), len(fromXLSX.Items))
	}
	for i := range fromCSV.Items {
		a, b := fromCSV.Items[i], fromXLSX.Items[i]
		a.Source, b.Source, a.File, b.File = "", "", "", ""
		if ja, jb := must(t, a), must(t, b); ja != jb {
			t.Errorf("row %d differs:\n csv  %s\n xlsx %s", i+2, ja, jb)
		}
	}
}

func must(t *testing.T, it wheel.Item) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(it.ID + "|" + it.Title + "|" + it.Description + "|" + it.Owner + "|" + it.Focus + "|" + strings.Join(it.Audiences, ",") + "|" + strings.Join(it.Channels, ","))
	for _, s := range it.Spans {
		b.WriteString("|" + s.From.String() + "–" + s.To.String() + " " + s.Start.String() + "–" + s.End.String())
	}
	if it.FollowUp != nil {
		b.WriteString(fmt.Sprintf("|fu %d", it.FollowUp.After))
		if it.FollowUp.Date != nil {
			b.WriteString(" " + it.FollowUp.Date.String())
		}
	}
	return b.String()
}

// TestWorkbookRulesAndPlans guards a calendar folder's workbook and CSV
// holding a whole wheel, as the download writes it: a recurring row's
// rule in words (its från and till only shown), a Kommunikationsplaner
// sheet's plan with its answers, a row naming the plan as its activity
// (inheriting the plan's owner), and a row marked as kept in the files
// skipped. Bad words and an unknown plan are named at their cells with
// the forms a rule takes.
func TestWorkbookRulesAndPlans(t *testing.T) {
	acts := map[string]any{"A1": "id", "B1": "aktivitet", "C1": "start", "D1": "upprepas", "E1": "från", "F1": "till", "G1": "plan", "H1": "ansvarig", "I1": "ändras av administratören",
		"A2": "nyhetsbrev", "B2": "Nyhetsbrev", "D2": "första måndagen varje månad 09.00–09.30", "E2": "2026-09-07", "F2": "2028-12-04", "H2": "enhet@example.se",
		"A3": "valet.affisch", "B3": "Affisch", "C3": "2026-08-20", "G3": "valet",
		"A4": "annat", "B4": "Från filerna", "C4": "2026-08-21", "I4": "calendars/enhet/hjul.yaml:12"}
	plans := map[string]any{"A1": "id", "B1": "kommunikationsplan", "C1": "1. vad vi vill göra", "D1": "2. varför vi gör det", "E1": "6. ansvarig", "F1": "7. uppföljning", "G1": "7. hur vi följer upp",
		"A2": "valet", "B2": "Valet 2026", "C2": "Få fler att rösta", "D2": "Valdeltagandet sjönk", "E2": "plan@example.se", "F2": "+30d", "G2": "Valdeltagandet"}
	cal, err := loadWorkbook(t, workbookOf(t, sheet{name: "Aktivitetsplan", cells: acts}, sheet{name: "Kommunikationsplaner", cells: plans}))
	if err != nil {
		t.Fatal(err)
	}
	if len(cal.Items) != 2 || len(cal.Plans) != 1 {
		t.Fatalf("%d items, %d plans: %+v", len(cal.Items), len(cal.Plans), cal.Items)
	}
	nb, aff, pl := cal.Items[0], cal.Items[1], cal.Plans[0]
	if nb.ID != "nyhetsbrev" || nb.Rule == nil || nb.Rule.Freq != wheel.Monthly || nb.Rule.Nth != 1 || *nb.Rule.Weekday != time.Monday ||
		nb.Rule.Time.Hour != 9 || nb.Rule.Duration != 30*time.Minute || len(nb.Spans) != 0 {
		t.Errorf("the recurring row: %+v %+v", nb, nb.Rule)
	}
	if aff.ID != "valet.affisch" || aff.Plan == nil || aff.Plan.ID != "valet" || aff.Owner != "plan@example.se" {
		t.Errorf("the plan's activity: %+v", aff)
	}
	if pl.What != "Få fler att rösta" || pl.Why != "Valdeltagandet sjönk" || pl.FollowUp == nil || pl.FollowUp.After != 30 || pl.FollowUp.How != "Valdeltagandet" {
		t.Errorf("the plan: %+v", pl)
	}

	csvCal, _, err := loadTree(t, map[string]string{"calendars/enhet/plan.csv": "id;aktivitet;upprepas;från;till\r\nmote;Möte;varje tisdag 09.00;;\r\n"})
	if err != nil || len(csvCal.Items) != 1 || csvCal.Items[0].Rule == nil || *csvCal.Items[0].Rule.Weekday != time.Tuesday {
		t.Errorf("a CSV's recurring row: %v %+v", err, csvCal)
	}

	acts["D2"], acts["G3"], acts["C5"], acts["B5"], acts["D5"] = "varannan tisdag", "okand", "2026-09-01", "Båda", "varje tisdag"
	_, err = loadWorkbook(t, workbookOf(t, sheet{name: "Aktivitetsplan", cells: acts}, sheet{name: "Kommunikationsplaner", cells: plans}))
	for _, want := range []string{`plan.xlsx:Aktivitetsplan!D2: upprepas "varannan tisdag" går inte att läsa; skriv t.ex. varje tisdag;`, "första måndagen varje månad",
		`plan.xlsx:Aktivitetsplan!G3: planen "okand" finns inte`, "plan.xlsx:Aktivitetsplan!C5: skriv antingen start (en gång) eller upprepas"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("the problems lack %q: %v", want, err)
		}
	}
}
