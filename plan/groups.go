package plan

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"halo/check"
	"halo/flight"
	"halo/mission"
	"halo/units"
)

// Exit slots: a group (mission `groups:`) is jumpers who leave the aircraft
// together and fly one formation until break-off; a jumper in no group is a slot
// of one. The stick leaves slot by slot.
//
// Sport and stunt loads follow USPA's guidance [USPA-SEP] on an into-wind jump run:
// the slower fallers exit first (belly groups, the larger ones first, then the
// freefly groups, the trackers last): the upper wind then carries each slow group
// back along the run, away from the faster group that follows, instead of into it.
// The slots are spaced by time so that their exit points are the published
// horizontal separation apart over the ground: 1,000 ft between solo jumpers and
// 1,500 ft between groups, measured over the ground (interval = separation ÷
// ground speed), or limits.min_separation when larger.
//
// Military sticks keep the jumpmaster's order (the order the mission lists them):
// halo found no published exit-order or exit-interval rule for military free fall
// to apply, so the interval is the one that gives limits.min_separation over the
// ground.
const (
	SoloSeparation  = 1000 * units.Foot // between solo jumpers [USPA-SEP]
	GroupSeparation = 1500 * units.Foot // between groups [USPA-SEP]
)

// Slot is one exit on the jump run: a group's members leave together.
type Slot struct {
	Name    string   `json:"name"`
	Members []string `json:"members"`
	// Kind is the slot's fall class: "belly", "freefly" or "tracking".
	Kind string `json:"kind"`
	// ExitS is the slot's exit time after the first exit, s; IntervalS the time
	// after the slot before (0 for the first).
	ExitS     float64 `json:"exit_s"`
	IntervalS float64 `json:"interval_s"`
	// GroundSepM is the interval times the ground speed: the distance over the
	// ground between this slot's exit point and the one before, m; NeedM is the
	// separation the rule asks for, m.
	GroundSepM float64 `json:"ground_separation_m"`
	NeedM      float64 `json:"required_separation_m"`
	Rule       string  `json:"rule"`
}

// slot is a slot being planned: its jumper indices and the figures it is ordered by.
type slot struct {
	Slot
	idx   []int
	class int     // 0 belly, 1 freefly, 2 tracking
	vt    float64 // mean sea-level terminal speed of the members, m/s
}

var slotKinds = [...]string{"belly", "freefly", "tracking"}

// fallClass is a jumper's fall class for the exit order: the body-position presets
// by name; a custom drag by its terminal speed (a belly fall up to 60 m/s).
func fallClass(j *mission.Jumper) (class int, vt float64) {
	d, err := Drag(j.Drag)
	if err != nil || !(d.CdA > 0) {
		return 0, 0
	}
	vt = math.Sqrt(2 * j.Mass * 9.80665 / (flight.Rho0 * d.At(0)))
	switch j.Drag.Preset {
	case "belly":
		return 0, vt
	case "sit", "head-down":
		return 1, vt
	case "track":
		return 2, vt
	}
	if vt <= 60 {
		return 0, vt
	}
	return 1, vt
}

// slots lists the mission's exit slots in the order the mission gives them: the
// groups first, then each jumper in no group.
func slots(m *mission.Mission) []*slot {
	var out []*slot
	index := map[string]int{}
	for i, j := range m.Jumpers {
		index[j.Name] = i
	}
	add := func(name string, members []string) {
		s := &slot{Slot: Slot{Name: name, Members: members}}
		for _, n := range members {
			i := index[n]
			c, vt := fallClass(&m.Jumpers[i])
			s.idx = append(s.idx, i)
			s.class = max(s.class, c) // a group falls with its fastest class
			s.vt += vt / float64(len(members))
		}
		s.Kind = slotKinds[s.class]
		out = append(out, s)
	}
	talent, camera := roleIndex(m, "talent"), roleIndex(m, "camera")
	if camera >= 0 && (talent < 0 || m.GroupOf(m.Jumpers[camera].Name) != nil) {
		camera = -1 // a camera flyer without a talent, or in a group, exits as listed
	}
	for _, g := range m.Groups {
		add(g.Name, g.Members)
	}
	for i, j := range m.Jumpers {
		if m.GroupOf(j.Name) == nil && i != camera {
			add(j.Name, []string{j.Name})
		}
	}
	if camera >= 0 {
		// the camera flyer leaves with the talent, as the stick solver has it
		for _, s := range out {
			if slices.Contains(s.idx, talent) {
				s.idx = append(s.idx, camera)
				s.Members = append(slices.Clip(s.Members), m.Jumpers[camera].Name)
			}
		}
	}
	return out
}

// roleIndex is the index of the first jumper with that role, or -1.
func roleIndex(m *mission.Mission, role string) int {
	for i, j := range m.Jumpers {
		if j.Role == role {
			return i
		}
	}
	return -1
}

// sportOrder sorts slots into USPA's exit order [USPA-SEP]: belly, freefly,
// tracking; belly groups the larger first (a larger formation falls slower), the
// others the slower fallers first (a sit flyer before a head-down one).
func sportOrder(ss []*slot) {
	sort.SliceStable(ss, func(a, b int) bool {
		x, y := ss[a], ss[b]
		bySize, bySpeed := len(x.idx) > len(y.idx), x.vt < y.vt-0.5
		sizeTie, speedTie := len(x.idx) == len(y.idx), math.Abs(x.vt-y.vt) <= 0.5
		switch {
		case x.class != y.class:
			return x.class < y.class
		case x.class == 0 && !sizeTie:
			return bySize
		case x.class == 0:
			return bySpeed
		case !speedTie:
			return bySpeed
		}
		return bySize
	})
}

// slotSeparation is the ground separation the rule asks for between two
// consecutive slots, m, and the rule in words with its source.
//
// margin (m, Inputs.SeparationMargin) is added to limits.min_separation when the
// briefing re-spaces the stick for the spread of its odds.
func slotSeparation(m *mission.Mission, a, b *slot, margin float64) (float64, string) {
	lim := m.Limits.MinSeparation + margin
	odds := ""
	if margin > 0 {
		odds = fmt.Sprintf(" + %.0f m for the spread of the odds", margin)
	}
	if m.Type != "sport" && m.Type != "stunt" {
		return lim, fmt.Sprintf("military: limits.min_separation %.0f m%s over the ground (no published military exit-interval rule found; the jumpmaster's order as listed) [halo-stick]", m.Limits.MinSeparation, odds)
	}
	need, rule := SoloSeparation, "1,000 ft between solo jumpers"
	if len(a.idx) > 1 || len(b.idx) > 1 {
		need, rule = GroupSeparation, "1,500 ft between groups"
	}
	if lim > need {
		return lim, fmt.Sprintf("limits.min_separation %.0f m%s, more than USPA's %s [USPA-SEP]", m.Limits.MinSeparation, odds, rule)
	}
	return need, fmt.Sprintf("USPA: %s, over the ground (interval = separation ÷ ground speed) [USPA-SEP]", rule)
}

// planSlots orders the slots and spaces them on a run with ground speed gs (m/s):
// each interval is the required separation over the ground divided by the ground
// speed, rounded up to IntervalStep.
func planSlots(m *mission.Mission, gs, margin float64) []*slot {
	ss := slots(m)
	if m.Type == "sport" || m.Type == "stunt" {
		sportOrder(ss)
	}
	for k := 1; k < len(ss); k++ {
		need, rule := slotSeparation(m, ss[k-1], ss[k], margin)
		dt := math.Ceil(need/gs/IntervalStep) * IntervalStep
		ss[k].IntervalS, ss[k].ExitS, ss[k].NeedM, ss[k].Rule = dt, ss[k-1].ExitS+dt, need, rule
		ss[k].GroundSepM = dt * gs
	}
	return ss
}

// SpaceGroups gives the jumpers of a mission with groups their exit times: each
// group is one exit slot whose members leave together, the slots in doctrine's
// order (sport: USPA's; military: as listed) and spaced by the separation over
// the ground at the jump run's ground speed (see Slot). It returns the inputs with
// a copy of the mission whose jumpers carry those exit_delays, marked
// ExitDelaysPlanned (in.Mission itself is not changed); a mission without groups,
// one whose file gives every exit_delay, and a run without ground speed (a hover,
// a drifting balloon) are returned as they are. load calls it for every mission it
// reads, before plan.Solve; the briefing calls it again with the margin it
// re-spaces the stick by (in.SeparationMargin, added to limits.min_separation).
func SpaceGroups(in Inputs) Inputs {
	m := in.Mission
	if m == nil || len(m.Groups) == 0 {
		return in
	}
	all, some := true, false
	for _, j := range m.Jumpers {
		all = all && j.ExitDelayGiven
		some = some || j.ExitDelayGiven
	}
	if all && !m.ExitDelaysPlanned {
		return in // the file gives every exit
	}
	env, err := NewEnv(in)
	if err != nil {
		return in // Solve reports it
	}
	gs := runGroundSpeed(in, env)
	if m.Aircraft.Hover || !(gs >= 1) {
		return in
	}
	c := *m
	c.Jumpers = append([]mission.Jumper(nil), m.Jumpers...)
	c.Assumptions = append([]string(nil), m.Assumptions...)
	c.ExitDelaysPlanned = true
	for _, s := range planSlots(m, gs, in.SeparationMargin) {
		for _, i := range s.idx {
			c.Jumpers[i].ExitDelay, c.Jumpers[i].ExitDelayGiven = s.ExitS, true
		}
	}
	c.Assumptions = slices.DeleteFunc(c.Assumptions, func(a string) bool { return strings.HasPrefix(a, groupsAssumption) }) // re-spaced
	if some && !m.ExitDelaysPlanned {
		c.Assumptions = append(c.Assumptions, "groups: the exit_delay given for some jumpers (not all) is replaced by the groups' spacing; give every jumper one to fix the exits yourself")
	}
	c.Assumptions = append(c.Assumptions, fmt.Sprintf(groupsAssumption+"; slots spaced for the separation over the ground at the run's ground speed %s (STICK lists each interval and its rule)", units.Spd(gs)))
	in.Mission = &c
	return in
}

// groupsAssumption opens the assumption SpaceGroups writes.
const groupsAssumption = "groups: each group is one exit slot, its members leave together"

// runGroundSpeed is the jump run's ground speed, m/s, on the heading the planner
// starts from (given, or into the wind at exit).
func runGroundSpeed(in Inputs, env *Env) float64 {
	m := in.Mission
	s := &solver{in: in, m: m, env: env, zx: m.Aircraft.Altitude}
	heading, _ := s.autoHeading()
	tas := TAS(m, env.Flight.Atm)
	u, v := env.Wind.At(m.Aircraft.Altitude)
	sh, ch := math.Sincos(heading * math.Pi / 180)
	return math.Hypot(tas*sh+u, tas*ch+v)
}

// stickSlots reports the slots as the solver flew them: the order of the plan's
// stick, each slot's exit time from the plan, the ground separation from the run's
// ground speed.
func (s *solver) stickSlots(l *layout) []Slot {
	m := s.m
	if len(m.Groups) == 0 {
		return nil
	}
	ss := slots(m)
	sort.SliceStable(ss, func(a, b int) bool { return l.offsets[ss[a].idx[0]] < l.offsets[ss[b].idx[0]] })
	out := make([]Slot, len(ss))
	for k, x := range ss {
		x.ExitS = l.offsets[x.idx[0]]
		if k > 0 {
			x.IntervalS = x.ExitS - out[k-1].ExitS
			x.GroundSepM = x.IntervalS * l.gs
			x.NeedM, x.Rule = slotSeparation(m, ss[k-1], x, s.in.SeparationMargin)
		}
		out[k] = x.Slot
	}
	return out
}

// groupChecks: a group's members are to leave together (the briefed formation);
// members planned to exit apart (a mission solved without SpaceGroups, exit_delays
// that split a group, a hover, which has no ground speed to space groups by) are
// NO-GO, the spread of their exit times against 0 s.
func groupChecks(m *mission.Mission, p *Plan) []check.Check {
	exit := map[string]float64{}
	for _, j := range p.Jumpers {
		exit[j.Name] = j.ExitOffsetS
	}
	var out []check.Check
	for _, g := range m.Groups {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, n := range g.Members {
			lo, hi = math.Min(lo, exit[n]), math.Max(hi, exit[n])
		}
		c := check.Check{Name: "group " + g.Name + ": exits together",
			Value:  fmt.Sprintf("members' exit times %.1f s apart", hi-lo),
			Limit:  "≤ 0.05 s: a group leaves as one exit slot",
			Source: "[USPA-SEP] groups exit together and separate at break-off; mission groups"}.
			Numbers(hi-lo, 0.05, "s", check.AtMost)
		if c.Status != check.Go {
			c.Detail = "the group was planned as solo exits: give its members one exit_delay, or plan it from the mission file (halo plan) so the groups are spaced; a hover has no ground speed to space groups by"
		}
		out = append(out, c)
	}
	// each slot's exit point the rule's distance over the ground after the one
	// before (less when the airspace solver turned the run to a slower ground speed)
	for _, sl := range p.Stick.Slots {
		if sl.NeedM > 0 {
			c := check.Check{Name: "slot " + sl.Name + ": spacing over the ground",
				Value:  fmt.Sprintf("%.0f m after the slot before (%.1f s at the run's ground speed)", sl.GroundSepM, sl.IntervalS),
				Limit:  fmt.Sprintf("≥ %.0f m", sl.NeedM),
				Source: sl.Rule}.Numbers(sl.GroundSepM, sl.NeedM-0.5, "m", check.AtLeast)
			if c.Status != check.Go {
				c.Detail = "lengthen the interval before this slot: separation ÷ ground speed"
			}
			out = append(out, c)
		}
	}
	return out
}
