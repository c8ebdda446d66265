package server_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/avesta-kommun/arshjul/internal/aktivitetsplan"
	"github.com/avesta-kommun/arshjul/internal/occur"
)

// openpyxl runs script under Debian's python3 with openpyxl, the
// workbook's path as sys.argv[1] and the edited one's as sys.argv[2], and
// returns the edited workbook: a spreadsheet engine that is not the
// service's.
func openpyxl(t *testing.T, data []byte, script string) []byte {
	t.Helper()
	if exec.Command("/usr/bin/python3", "-c", "import openpyxl").Run() != nil {
		t.Fatal("openpyxl is missing: sudo apt-get install python3-openpyxl")
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.xlsx"), filepath.Join(dir, "out.xlsx")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("/usr/bin/python3", "-c", "import sys, datetime, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1])\n"+script+"\nwb.save(sys.argv[2])\n", in, out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, msg)
	}
	edited, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return edited
}

// pyHelpers find a row by id and a column by header, in openpyxl.
const pyHelpers = `
def col(ws, header):
    return [c.value for c in ws[1]].index(header) + 1
def row(ws, id):
    return [r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == id][0]
def put(ws, r, values):
    for h, v in values.items():
        ws.cell(r, col(ws, h)).value = v
`

// upload uploads data as unit's workbook and returns the preview page and
// the id that confirms it ("" when there is nothing to confirm).
func (b *browser) upload(unit, name string, data []byte) (int, string, string) {
	b.t.Helper()
	_, edit := b.get("/edit/" + unit)
	res, page := b.postFile("/edit/"+unit+"/upload", csrfOf(b.t, edit), name, data)
	m := uploadRe.FindStringSubmatch(page)
	if m == nil {
		return res.StatusCode, page, ""
	}
	return res.StatusCode, page, m[1]
}

func (b *browser) confirm(unit, upload string) string {
	b.t.Helper()
	_, edit := b.get("/edit/" + unit)
	res, page := b.post("/edit/"+unit+"/upload", map[string][]string{"csrf": {csrfOf(b.t, edit)}, "upload": {upload}, "action": {"confirm"}})
	if res.StatusCode != 200 || !strings.Contains(page, "Ändringarna är sparade") {
		b.t.Fatalf("confirm: %d\n%.1500s", res.StatusCode, page)
	}
	return page
}

// TestWorkbookHoldsTheWholeWheel guards the download of a unit's
// aktivitetsplan: every item of the example's hr unit (recurring ones in
// words with their series' first and last day, a plan's activities with
// the plan, every plan on the Kommunikationsplaner sheet) is a row, the
// files' rows locked and marked with file:line, the web's open.
func TestWorkbookHoldsTheWholeWheel(t *testing.T) {
	f := start(t, time.Date(2027, 3, 1, 10, 0, 0, 0, stockholm))
	hr := f.signInAs(t, "hr@example.se")
	_, form := hr.get("/edit/hr/new")
	if res, _ := hr.post("/edit/hr/new", newItem(csrfOf(t, form))); res.StatusCode != 303 {
		t.Fatal("the form's save")
	}
	data := hr.download("hr")
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows("Aktivitetsplan")
	byID := map[string]map[string]string{}
	lineOf := map[string]int{}
	for n, r := range rows[1:] {
		cells := map[string]string{}
		for i, h := range rows[0] {
			if i < len(r) {
				cells[h] = r[i]
			}
		}
		byID[cells["id"]] = cells
		lineOf[cells["id"]] = n + 2
	}
	cur := f.holder.Current()
	prog := &cur.Config.Programme
	items := cur.Snapshot.Items["hr"]
	if len(items) < 8 || len(rows)-1 != len(items) {
		t.Fatalf("%d rows for the unit's %d items", len(rows)-1, len(items))
	}
	for _, rec := range items {
		it := &rec.Item
		row, ok := byID[it.ID]
		if !ok {
			t.Errorf("%s (%s) is no row of the download", it.ID, it.Title)
			continue
		}
		occs := occur.Expand(prog, "hr", it)
		if row["aktivitet"] != it.Title {
			t.Errorf("%s: aktivitet %q, want %q", it.ID, row["aktivitet"], it.Title)
		}
		switch {
		case it.Rule != nil:
			r, err := aktivitetsplan.ParseRule(row["upprepas"])
			if err != nil || !reflect.DeepEqual(*r, *it.Rule) || row["från"] != occs[0].Date.String() || row["till"] != occs[len(occs)-1].LastDay.String() || row["start"] != "" {
				t.Errorf("%s: upprepas %q från %q till %q start %q (%v), want the rule %+v from %s to %s", it.ID, row["upprepas"], row["från"], row["till"], row["start"], err,
					*it.Rule, occs[0].Date, occs[len(occs)-1].LastDay)
			}
		case !strings.HasPrefix(row["start"], occs[0].Date.String()):
			t.Errorf("%s: start %q, want %s", it.ID, row["start"], occs[0].Date)
		}
		if it.Plan != nil && row["plan"] != it.Plan.ID {
			t.Errorf("%s: plan %q, want %q", it.ID, row["plan"], it.Plan.ID)
		}
		locked := row[aktivitetsplan.AdminHeader] != ""
		if web := it.File == "webben"; web == locked || (!web && !strings.Contains(row[aktivitetsplan.AdminHeader], "calendars/hr.yaml:")) {
			t.Errorf("%s from %s: marked %q", it.ID, it.File, row[aktivitetsplan.AdminHeader])
		}
		style, _ := x.GetCellStyle("Aktivitetsplan", sheetCell(t, x, "Aktivitetsplan", "aktivitet", lineOf[it.ID]))
		if st, _ := x.GetStyle(style); st.Protection == nil || st.Protection.Locked != locked {
			t.Errorf("%s: locked %v, want %v", it.ID, st.Protection, locked)
		}
	}
	plans, _ := x.GetRows("Kommunikationsplaner")
	if len(plans) != 1+len(cur.Snapshot.Plans["hr"]) || len(plans) < 2 {
		t.Fatalf("the plans' sheet: %q", plans)
	}
	for i, q := range []string{"id", "kommunikationsplan", "1. vad vi vill göra", "2. varför vi gör det", "3. vilka vi vill nå", "4. vad de ska veta"} {
		if plans[0][i] != q {
			t.Errorf("the plans' column %d: %q, want %q", i+1, plans[0][i], q)
		}
	}
	if plans[1][0] != cur.Snapshot.Plans["hr"][0].Plan.ID || plans[1][2] != cur.Snapshot.Plans["hr"][0].Plan.What {
		t.Errorf("the plan's row: %q", plans[1])
	}
	// Locked cells lock only on a protected sheet: the activities' and
	// the plans' (the first and the third).
	z, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	for _, e := range z.File {
		if e.Name == "xl/worksheets/sheet1.xml" || e.Name == "xl/worksheets/sheet3.xml" {
			r, _ := e.Open()
			body, _ := io.ReadAll(r)
			if !bytes.Contains(body, []byte("<sheetProtection")) {
				t.Errorf("%s is not protected", e.Name)
			}
		}
	}
}

// TestWorkbookRulesAndPlansBothWays guards an upload of the whole wheel:
// a plan, a recurring row in it and one outside added by openpyxl are
// stored; downloaded and uploaded unchanged, nothing changes (no preview
// to confirm, the feed and the history as they were); then a recurring
// row's rule and a plan's question edited by openpyxl are previewed old
// → new and confirmed, and the feed changes in exactly that item.
func TestWorkbookRulesAndPlansBothWays(t *testing.T) {
	f := start(t, time.Date(2027, 3, 1, 10, 0, 0, 0, stockholm))
	hr := f.signInAs(t, "hr@example.se")
	added := openpyxl(t, hr.download("hr"), pyHelpers+`
ps = wb["Kommunikationsplaner"]
put(ps, ps.max_row + 1, {"id": "chefsdagar", "kommunikationsplan": "Chefsdagar 2027", "1. vad vi vill göra": "Samla cheferna två gånger om året",
    "2. varför vi gör det": "Cheferna behöver mötas", "3. vilka vi vill nå": "Medarbetare", "6. ansvarig": "hr@example.se",
    "7. uppföljning": "+30d", "7. hur vi följer upp": "Enkät till deltagarna"})
ws = wb["Aktivitetsplan"]
put(ws, ws.max_row + 1, {"aktivitet": "Chefsfrukost", "upprepas": "första tisdagen varje månad 08.00", "plan": "chefsdagar",
    "ansvarig": "hr@example.se", "kanaler": "Möten"})
put(ws, ws.max_row + 1, {"id": "lonesamtal", "aktivitet": "Påminnelse om lönesamtal", "upprepas": "den 1 varje månad",
    "ansvarig": "hr@example.se", "målgrupper": "Medarbetare", "kanaler": "Intranätet Visentnet"})
`)
	code, page, id := hr.upload("hr", "nytt.xlsx", added)
	if code != 200 || id == "" || !strings.Contains(page, "Läggs till (3)") {
		t.Fatalf("adding a plan and two recurring rows: %d\n%.2500s", code, page)
	}
	hr.confirm("hr", id)
	if rec := f.holder.Current().Snapshot.Item("hr", "chefsdagar.chefsfrukost"); rec == nil || rec.Item.Rule == nil || rec.Item.Plan == nil {
		t.Fatalf("the plan's recurring activity was not stored: %+v", rec)
	}

	feedBefore := f.feed(t, "hr")
	_, histBefore := hr.get("/history/hr")
	data := hr.download("hr")
	code, page, id = hr.upload("hr", "oforandrad.xlsx", data)
	if code != 200 || id != "" || !strings.Contains(page, "Arbetsboken ändrar ingenting") {
		t.Fatalf("an unchanged round trip: %d %q\n%.2500s", code, id, page)
	}
	if _, hist := hr.get("/history/hr"); f.feed(t, "hr") != feedBefore || hist != histBefore {
		t.Fatal("an unchanged round trip changed the feed or the history")
	}

	edited := openpyxl(t, data, pyHelpers+`
ws = wb["Aktivitetsplan"]
put(ws, row(ws, "lonesamtal"), {"upprepas": "första måndagen varje månad 10.00–11.30"})
ps = wb["Kommunikationsplaner"]
put(ps, row(ps, "chefsdagar"), {"2. varför vi gör det": "Cheferna leder förändringen"})
`)
	code, page, id = hr.upload("hr", "regel.xlsx", edited)
	for _, want := range []string{"Ändras (2)", "upprepas: den 1 varje månad → första måndagen varje månad 10.00–11.30",
		"2. varför vi gör det: Cheferna behöver mötas → Cheferna leder förändringen"} {
		if !strings.Contains(page, htmlEscape(want)) {
			t.Errorf("the preview lacks %q", want)
		}
	}
	if code != 200 || id == "" || strings.Contains(page, "Läggs till") || strings.Contains(page, "Tas bort") {
		t.Fatalf("the preview: %d\n%.2500s", code, page)
	}
	hr.confirm("hr", id)

	cur := f.holder.Current()
	want, _ := aktivitetsplan.ParseRule("första måndagen varje månad 10.00–11.30")
	if rec := cur.Snapshot.Item("hr", "lonesamtal"); rec == nil || !reflect.DeepEqual(rec.Item.Rule, want) {
		t.Fatalf("the stored rule: %+v", rec)
	}
	for _, p := range cur.Snapshot.Plans["hr"] {
		if p.Plan.ID == "chefsdagar" && p.Plan.Why != "Cheferna leder förändringen" {
			t.Errorf("the plan's answer: %q", p.Plan.Why)
		}
	}
	// The feed (checked by the parsers against the wheel) changes in the
	// edited item's events and no other's.
	before, after := events(feedBefore), events(f.feed(t, "hr"))
	for uid, ev := range after {
		if before[uid] != ev && !strings.Contains(uid, "lonesamtal") && !strings.Contains(uid, "chefsdagar") {
			t.Errorf("an event not edited changed: %s", uid)
		}
	}
	for uid := range before {
		if _, ok := after[uid]; !ok && !strings.Contains(uid, "lonesamtal") {
			t.Errorf("an event not edited left the feed: %s", uid)
		}
	}
	n := 0
	for uid, ev := range after {
		if strings.Contains(uid, "lonesamtal") {
			n++
			if !strings.Contains(ev, "DTSTART;TZID=Europe/Stockholm:") || !strings.Contains(ev, "T100000") {
				t.Errorf("the edited rule's event: %s", ev)
			}
		}
	}
	if n == 0 {
		t.Error("the edited item is not in the feed")
	}
}

// TestWorkbookMovesAndRemovesPlans guards an upload that moves an
// activity from one plan to another and removes the plan it left (its
// row taken off the plans' sheet), previewed old → new; and a rule
// written wrong, refused at its cell with the forms a rule takes, with
// nothing changed.
func TestWorkbookMovesAndRemovesPlans(t *testing.T) {
	f := start(t, time.Date(2027, 3, 1, 10, 0, 0, 0, stockholm))
	hr := f.signInAs(t, "hr@example.se")
	two := openpyxl(t, hr.download("hr"), pyHelpers+`
ps = wb["Kommunikationsplaner"]
put(ps, ps.max_row + 1, {"id": "gammal", "kommunikationsplan": "Gammal plan", "1. vad vi vill göra": "Det gamla"})
put(ps, ps.max_row + 1, {"id": "ny", "kommunikationsplan": "Ny plan", "1. vad vi vill göra": "Det nya"})
ws = wb["Aktivitetsplan"]
put(ws, ws.max_row + 1, {"id": "mote", "aktivitet": "Planeringsmöte", "upprepas": "varje år 09-01", "plan": "gammal"})
`)
	_, page, id := hr.upload("hr", "planer.xlsx", two)
	if id == "" {
		t.Fatalf("two plans: %.2500s", page)
	}
	hr.confirm("hr", id)

	moved := openpyxl(t, hr.download("hr"), pyHelpers+`
ws = wb["Aktivitetsplan"]
put(ws, row(ws, "gammal.mote"), {"plan": "ny"})
ps = wb["Kommunikationsplaner"]
ps.delete_rows(row(ps, "gammal"))
`)
	_, page, id = hr.upload("hr", "flytt.xlsx", moved)
	for _, want := range []string{"Tas bort (1)", "Gammal plan", "Ändras (1)", "plan: gammal → ny"} {
		if !strings.Contains(page, htmlEscape(want)) {
			t.Errorf("the preview lacks %q", want)
		}
	}
	if id == "" {
		t.Fatalf("the move: %.2500s", page)
	}
	hr.confirm("hr", id)
	cur := f.holder.Current()
	if rec := cur.Snapshot.Item("hr", "ny.mote"); rec == nil || rec.Item.Plan.ID != "ny" || cur.Snapshot.Item("hr", "gammal.mote") != nil {
		t.Errorf("the activity did not move: %+v", rec)
	}
	for _, p := range cur.Snapshot.Plans["hr"] {
		if p.Plan.ID == "gammal" {
			t.Error("the plan taken off the sheet is still there")
		}
	}

	before := f.feed(t, "hr")
	bad := openpyxl(t, hr.download("hr"), pyHelpers+`
ws = wb["Aktivitetsplan"]
put(ws, row(ws, "ny.mote"), {"upprepas": "varannan vecka"})
`)
	code, page, id := hr.upload("hr", "fel.xlsx", bad)
	if code != 422 || id != "" || !strings.Contains(page, htmlEscape(`upprepas "varannan vecka" går inte att läsa`)) || !strings.Contains(page, "första måndagen varje månad") {
		t.Fatalf("a rule written wrong: %d\n%.2500s", code, page)
	}
	if f.feed(t, "hr") != before {
		t.Error("a refused upload changed the feed")
	}
}
