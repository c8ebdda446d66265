package snapshot

import "github.com/avesta-kommun/arshjul/internal/wheel"

// Public is what anyone may see of s: the public items and plans of the
// public units, with no follow-up (its deadline, its state, its result or
// who does it) and no person: an owner shows as the unit. It is made once
// per data version, so that every public feed and page reads the same
// thing and none of them can forget a field. Units not in units are left
// out; s is not changed. The public view of a public view is itself.
func (s *Snapshot) Public(units []wheel.Unit) *Snapshot {
	if s.public {
		return s // a feed built from the state's public view: nothing to take away twice
	}
	out := &Snapshot{
		public:    true,
		Items:     map[string][]ItemRecord{},
		Plans:     map[string][]PlanRecord{},
		FollowUps: map[string][]FollowUpRecord{},
		Changed:   s.Changed,
	}
	for _, u := range units {
		if !u.Public {
			continue
		}
		for _, rec := range s.Plans[u.ID] {
			if rec.Plan.Public {
				rec.Plan = publicPlan(rec.Plan, u.Name)
				out.Plans[u.ID] = append(out.Plans[u.ID], rec)
			}
		}
		plans := map[string]*wheel.Plan{}
		for i := range out.Plans[u.ID] {
			plans[out.Plans[u.ID][i].Plan.ID] = &out.Plans[u.ID][i].Plan
		}
		// Sized to fit: the collector reads all of a list, the unused
		// part too, on every cycle.
		n := 0
		for i := range s.Items[u.ID] {
			if s.Items[u.ID][i].Item.Public {
				n++
			}
		}
		if n > 0 {
			out.Items[u.ID] = make([]ItemRecord, 0, n)
		}
		for _, rec := range s.Items[u.ID] {
			it := rec.Item
			if !it.Public {
				continue
			}
			it.FollowUp = nil
			if it.Owner != "" {
				it.Owner = u.Name
			}
			if it.Plan != nil {
				it.Plan = plans[it.Plan.ID] // nil: an internal plan's answers stay internal
			}
			rec.Item = it
			out.Items[u.ID] = append(out.Items[u.ID], rec)
		}
	}
	return out
}

func publicPlan(p wheel.Plan, unitName string) wheel.Plan {
	p.FollowUp = nil
	if p.Owner != "" {
		p.Owner = unitName
	}
	return p
}
