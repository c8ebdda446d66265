package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/avesta-kommun/arshjul/internal/report"
)

// runReport prints the programme report (SPEC: Programme report) for the
// terminal, from the files as they are now and the follow-ups recorded;
// it writes nothing.
func runReport(e *env) error {
	if len(e.args) > 0 {
		return errUsage
	}
	q := report.Query{Unit: e.opts.unit}
	if e.opts.year != "" {
		y, err := strconv.Atoi(e.opts.year)
		if err != nil {
			return fmt.Errorf("--year %q: skriv ett årtal, t.ex. 2027", e.opts.year)
		}
		q.Year = y
	}
	s, err := e.open(readFiles)
	if err != nil {
		return err
	}
	defer s.Close()
	r, err := s.core.ProgrammeReport(q)
	if err != nil {
		return err
	}
	printReport(e.stdout, r)
	return nil
}

func printReport(out io.Writer, r *report.Report) {
	t := &r.Total
	subject := r.Programme.Organisation
	if len(r.Units) == 1 && r.Query.Unit != "" {
		subject = r.Units[0].Name
	}
	fmt.Fprintf(out, "Programmets uppföljning: %s, %s – %s (läget %s)\n\n", subject, r.From, r.To, r.Today)
	fmt.Fprintf(out, "Aktiviteter per målgrupp och fokusområde (%d aktiviteter, %d utan målgrupp)\n", t.Items, t.NoAudience)
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	head := []string{"målgrupp"}
	for _, f := range r.Focus {
		head = append(head, f.Name)
	}
	fmt.Fprintln(w, strings.Join(head, "\t"))
	for _, row := range t.Coverage {
		line := []string{row.Audience.Name}
		for _, c := range row.Cells {
			line = append(line, strconv.Itoa(c.Items))
		}
		if !row.Reached() {
			line[len(line)-1] += "\t← nås inte"
		}
		fmt.Fprintln(w, strings.Join(line, "\t"))
	}
	w.Flush()
	if u := t.Unreached(); len(u) > 0 {
		fmt.Fprintf(out, "Ingen aktivitet når: %s.\n", strings.Join(u, ", "))
	}
	fmt.Fprintln(out, "\nUppföljningar som skulle vara klara under perioden")
	w = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "fokusområde\tmed uppföljning\tklara i tid\tklara sent\tförsenade\tinte förfallna\tmed resultat\tej aktuella")
	for _, f := range append(t.FollowUps, t.All) {
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n", f.Focus.Name, f.Subjects, f.OnTime, f.Late, f.Overdue, f.Pending, f.Noted, f.Skipped)
	}
	w.Flush()
	fmt.Fprintf(out, "\nPlaner som lämnar någon av programmets frågor obesvarad: %d av %d\n", len(t.Open), t.Plans)
	for _, g := range t.Open {
		var qs []string
		for _, q := range g.Questions {
			qs = append(qs, strconv.Itoa(q.N)+". "+q.Words)
		}
		fmt.Fprintf(out, "  %s (%s): %s\n", g.Title, g.Unit, strings.Join(qs, "; "))
	}
}
