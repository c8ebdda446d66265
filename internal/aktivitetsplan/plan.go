package aktivitetsplan

import (
	"fmt"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/webdoc"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// A communication plan as a row of the Kommunikationsplaner sheet and
// back: its answers to the programme's seven questions. Its activities
// are rows of the plan's sheet that name it in their plan column.

// FromPlan is a web plan as a row; activities lists its activities'
// ids, for question 5.
func FromPlan(p webdoc.Plan, prog *wheel.Programme, unitPublic bool) Row {
	row := Row{"id": p.ID, "title": p.Title, "what": p.What, "why": p.Why, "know": p.Know, "feel": p.Feel, "do": p.Do, "owner": p.Owner}
	row["audiences"] = strings.Join(prog.Audiences.NamesOf(p.Audiences), ", ")
	if p.Focus != "" {
		row["focus"] = prog.FocusAreas.Name(p.Focus)
	}
	if fu := p.FollowUp; fu != nil {
		row["follow_up_how"] = fu.How
		if fu.After != "" {
			row["follow_up"] = "+" + strings.TrimPrefix(fu.After, "+")
		} else {
			row["follow_up"] = fu.Date
		}
	}
	public := unitPublic
	if p.Public != nil {
		public = *p.Public
	}
	row["public"] = yesNo(public)
	ids := make([]string, len(p.Activities))
	for i, a := range p.Activities {
		ids[i] = p.ID + "." + a.ID
	}
	row["activities"] = strings.Join(ids, ", ")
	return row
}

// LockedPlanRow is a plan of the unit's files as a row, marked with
// where it is defined.
func LockedPlanRow(p *wheel.Plan, prog *wheel.Programme, where string, activities []string) Row {
	row := Row{"id": p.ID, "title": p.Title, "what": p.What, "why": p.Why, "know": p.Know, "feel": p.Feel, "do": p.Do,
		"owner": p.Owner, "admin": where, "public": yesNo(p.Public), "activities": strings.Join(activities, ", ")}
	row["audiences"] = strings.Join(prog.Audiences.NamesOf(p.Audiences), ", ")
	if p.Focus != "" {
		row["focus"] = prog.FocusAreas.Name(p.Focus)
	}
	if fu := p.FollowUp; fu != nil {
		row["follow_up_how"] = fu.How
		if fu.Date != nil {
			row["follow_up"] = fu.Date.String()
		} else {
			row["follow_up"] = fmt.Sprintf("+%dd", fu.After)
		}
	}
	return row
}

// ToPlan is a checked plan row over the plan it was (old; the zero plan
// for a new one): its answers from the row, its activities and what a
// row cannot say (a follow-up's owner) as they were.
func ToPlan(row Row, old webdoc.Plan, prog *wheel.Programme, unitPublic bool) webdoc.Plan {
	p := old
	p.ID, p.Title, p.What, p.Why, p.Know, p.Feel, p.Do, p.Owner = row["id"], row["title"], row["what"], row["why"], row["know"], row["feel"], row["do"], row["owner"]
	p.Audiences = keys(prog.Audiences, row["audiences"])
	p.Focus = ""
	if k, ok := prog.FocusAreas.Lookup(row["focus"]); ok {
		p.Focus = k
	}
	p.FollowUp = followUp(row["follow_up"], old.FollowUp)
	if p.FollowUp != nil {
		p.FollowUp.How = row["follow_up_how"]
	}
	public, ok := Public(row["public"])
	if !ok {
		public = unitPublic
	}
	p.Public = &public
	return p
}
