package wheel

// Question is one of the programme's seven questions that a communication
// plan answers, numbered and worded as the programme words it
// (Kommunikationsprogram 2026–2028, "Kommunikationsplan").
type Question struct {
	N     int
	Words string
}

// Questions are the seven, in the programme's order.
var Questions = [7]Question{
	{1, "vad vi vill göra"},
	{2, "varför vi gör det"},
	{3, "vilka vi vill nå"},
	{4, "vad vi vill att de ska veta, känna och göra"},
	{5, "vilka kommunikationsaktiviteter vi gör för att uppnå målen"},
	{6, "vem gör vad och när"},
	{7, "hur vi följer upp för att veta hur det gick"},
}

// Unanswered lists the questions a plan leaves open, given its
// activities: no what, no why, no audience (its own or an activity's),
// nothing to know, feel or do, no activity, no one responsible, no
// follow-up (its own or an activity's). A plan may be valid and still
// leave them open; the programme asks that each be answered.
func (p *Plan) Unanswered(activities []*Item) []Question {
	var out []Question
	add := func(n int) { out = append(out, Questions[n-1]) }
	audiences, owner, followUp := len(p.Audiences) > 0, p.Owner != "", p.FollowUp != nil
	for _, a := range activities {
		audiences = audiences || len(a.Audiences) > 0
		owner = owner || a.Owner != ""
		followUp = followUp || a.FollowUp != nil
	}
	if p.What == "" {
		add(1)
	}
	if p.Why == "" {
		add(2)
	}
	if !audiences {
		add(3)
	}
	if p.Know == "" && p.Feel == "" && p.Do == "" {
		add(4)
	}
	if len(activities) == 0 {
		add(5)
	}
	if !owner {
		add(6)
	}
	if !followUp {
		add(7)
	}
	return out
}
