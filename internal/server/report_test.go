package server_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// reportServer serves the report package's test calendar (two units,
// counted by hand in report_test.go) on 2027-12-01, with the same four
// follow-ups marked done.
func reportServer(t *testing.T) (base, admin, unit string) {
	t.Helper()
	files := config.Disk()
	cfgPath, err := files.FromOS(filepath.Join("..", "report", "testdata", "config", "arshjul.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	st := testenv.OpenStore(t)
	clk := clock.NewManual(time.Date(2026, 3, 23, 8, 0, 0, 0, stockholm))
	h, base := serveFiles(t, st, clk, files, cfgPath)
	testenv.MarkReportFollowUpsDone(t, st)
	clk.Set(time.Date(2027, 12, 1, 10, 0, 0, 0, stockholm))
	if err := h.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	tok, err := st.Token(context.Background(), store.UnitScope("kansli"), clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	return base, h.Tokens().Admin, tok
}

func fetch(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, body
}

// TestReportCSV: /admin/TOKEN/report.csv?year=2027 parsed back
// with a CSV reader gives, cell by cell, the counts worked out by hand;
// it is what Swedish Excel opens (BOM, ;, CRLF) and no cell is a formula.
func TestReportCSV(t *testing.T) {
	base, admin, unit := reportServer(t)
	res, body := fetch(t, base+"/admin/"+admin+"/report.csv?year=2027&utm_source=mail")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		!strings.Contains(res.Header.Get("Content-Disposition"), `filename="programrapport-2027.csv"`) {
		t.Fatalf("%d %v", res.StatusCode, res.Header)
	}
	if !bytes.HasPrefix(body, []byte("\uFEFFmålgrupp;Kommunikationsplanering;Varumärke;Förtroendeskapande kommunikation och demokrati;utan fokusområde\r\n")) {
		t.Fatalf("the CSV does not begin with the BOM and the coverage header:\n%.200q", body)
	}
	// One section per table, an empty line between (Excel shows an empty
	// row); each section's first row is its header.
	got := map[string]string{}
	for _, sec := range strings.Split(strings.TrimPrefix(string(body), "\uFEFF"), "\r\n\r\n") {
		r := csv.NewReader(strings.NewReader(sec))
		r.Comma, r.FieldsPerRecord = ';', -1
		rows, err := r.ReadAll()
		if err != nil || len(rows) == 0 {
			t.Fatalf("section %q: %v", sec, err)
		}
		for _, row := range rows[1:] {
			got[rows[0][0]+" / "+row[0]] = strings.Join(row[1:], ";")
		}
	}
	want := map[string]string{
		"målgrupp / Medarbetare":                                     "0;1;0;0",
		"målgrupp / Kommuninvånare":                                  "0;0;1;0",
		"målgrupp / Befintligt näringsliv":                           "0;1;0;0",
		"målgrupp / Strategiska företagsetableringar":                "0;0;0;0",
		"målgrupp / Medarbetare inom bristyrken":                     "0;0;0;0",
		"målgrupp / Potentiella blivande kommuninvånare":             "0;2;0;0",
		"målgrupp / Besökare":                                        "0;1;0;1",
		"målgrupp / Samverkansorganisationer och andra myndigheter":  "0;0;0;0",
		"aktiviteter under perioden / 5":                             "0",
		"kanaler per målgrupp / Medarbetare":                         ";Webbplatsen, Sociala medier;;",
		"kanaler per målgrupp / Besökare":                            ";Sociala medier;;Press",
		"uppföljningar per fokusområde / Varumärke":                  "2;0;1;1;0;1;0",
		"uppföljningar per fokusområde / alla":                       "3;0;1;2;0;1;0",
		"enhet / Kansliet":                                           "4;5;2;0;1;1;1;1", // a2: medarbetare, inflyttare; a3; a4; the invitation
		"enhet / Kultur & fritid":                                    "1;2;1;0;0;1;0;0",
		"resultat / Kampanj Flytta hit":                              "Kansliet;Varumärke;2027-03-15;2027-04-01;Räckvidd 12 000",
		"plan med obesvarade frågor / Näringslivsdagen 2027":         "Kansliet;2. varför vi gör det; 7. hur vi följer upp för att veta hur det gick",
		"uppföljningar per fokusområde / Kommunikationsplanering":    "0;0;0;0;0;0;0",
		"uppföljningar per fokusområde / utan fokusområde":           "0;0;0;0;0;0;0",
		"kanaler per målgrupp / Potentiella blivande kommuninvånare": ";Webbplatsen, Sociala medier;;",
	}
	if n := strings.Count(strings.Split(string(body), "\r\n\r\n")[0], "\r\n"); n != 8 {
		t.Errorf("the coverage section has %d rows after its header, want one per audience (8)", n)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: %q, want %q", k, got[k], w)
		}
	}

	_, whole := fetch(t, base+"/admin/"+admin+"/report.csv")
	if !bytes.Contains(whole, []byte(";'=SUMMA(A1) besökare; mötet var fullt\r\n")) && !bytes.Contains(whole, []byte(";\"'=SUMMA(A1) besökare; mötet var fullt\"\r\n")) {
		t.Errorf("the result that looks like a formula is not made text:\n%s", whole)
	}
	for _, bad := range []string{"?year=2025", "?year=tjugo", "?unit=okand"} {
		if res, b := fetch(t, base+"/admin/"+admin+"/report.csv"+bad); res.StatusCode != 400 {
			t.Errorf("%s: %d %s, want 400", bad, res.StatusCode, b)
		}
	}
	for _, tok := range []string{unit, "okand"} {
		if res, _ := fetch(t, base+"/admin/"+tok+"/report"); res.StatusCode != 404 {
			t.Errorf("report with a unit's or an unknown token: %d, want 404", res.StatusCode)
		}
	}
}

// TestReportPage: the page names the unreached audiences, has
// its tables with headings on both axes, and one unit alone.
func TestReportPage(t *testing.T) {
	base, admin, _ := reportServer(t)
	res, body := fetch(t, base+"/admin/"+admin+"/report?year=2027")
	page := string(body)
	if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("%d %v", res.StatusCode, res.Header)
	}
	for _, want := range []string{
		"<h1>Programmets uppföljning 2027: Avesta kommunkoncern</h1>",
		"<strong>Ingen aktivitet når:</strong> Strategiska företagsetableringar, Medarbetare inom bristyrken, Samverkansorganisationer och andra myndigheter.",
		`<th scope="col">Målgrupp</th><th scope="col">Kommunikationsplanering</th>`,
		`<th scope="row">Potentiella blivande kommuninvånare</th><td class="empty"><span class="n">0</span></td><td><span class="n">2</span> <span class="channels">Webbplatsen, Sociala medier</span></td>`,
		`<q>Räckvidd 12 000</q>`,
		"<strong>Näringslivsdagen 2027</strong> (Kansliet): 2. varför vi gör det; 7. hur vi följer upp för att veta hur det gick",
		`<th scope="row">Kultur &amp; fritid</th>`,
		`href="/admin/` + admin + `/report.csv?year=2027"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	_, body = fetch(t, base+"/admin/"+admin+"/report?unit=kultur")
	if p := string(body); !strings.Contains(p, "<h1>Programmets uppföljning 2026–2028: Kultur &amp; fritid</h1>") || strings.Contains(p, "(Kansliet") || strings.Contains(p, "4. Per enhet") {
		t.Error("the unit's own report shows another unit or no heading")
	}
}
