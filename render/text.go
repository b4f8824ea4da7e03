// Package render turns domain results (plans, simulations, Monte Carlo odds,
// physiology, debriefs, the jump log, winds and the atmosphere) into what people
// and other programs read: a one-screen text briefing and the other reports,
// JSON, CSV, GeoJSON, KML, FlySight tracks, an HTML page and PNG plots. Every map
// of a plan is drawn from one Geometry (PlanGeometry), in the plan's own frame.
package render

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"halo/brief"
	"halo/check"
	"halo/physio"
	"halo/plan"
	"halo/units"
)

// PhysioJSON is one jumper's physiology as `halo physio --json` and POST
// /api/physio give it: the assessment's fields at the top level (tr360_peak,
// dcs_risk, tuc_s, bottle_margin_s, prebreathe_table, ...) and the jumper's name.
type PhysioJSON struct {
	Jumper string `json:"jumper"`
	physio.Result
}

// Physio selects a jumper's physiology from a plan ("" = the first).
func Physio(p *plan.Plan, jumper string) (PhysioJSON, error) {
	ph, err := p.PhysioFor(jumper)
	return PhysioJSON{Jumper: ph.Jumper, Result: ph.Result}, err
}

// JSON writes v as indented JSON with a trailing newline.
func JSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// PlanText writes the jumpmaster's briefing: release point, jump run, green light,
// exit order, timeline, odds, checks and verdict, then the assumptions.
func PlanText(w io.Writer, bf *brief.Briefing) error {
	p := bf.Plan
	// the figures lead with the mission's units: (ft, kt, NM for aviation)
	var lead units.Lead
	if p.Input != nil {
		lead = p.Input.Units
	}
	b := &strings.Builder{}
	pf := func(format string, a ...any) { fmt.Fprintf(b, format, a...) }
	pf("HALO PLAN  %s   verdict: %s%s\n", Escape(p.Mission), p.Verdict, strings.TrimRight("   "+Escape(p.Planner), " "))
	pf("target      %.5f, %.5f  elev %s  radius %.0f m\n", p.Target.Lat, p.Target.Lon, lead.Alt(p.Target.ElevationM), p.Target.RadiusM)
	pf("atmosphere  %s;  winds: %s", p.Environment.Atmosphere, p.Environment.WindSource)
	if p.Environment.WindAgeH != nil {
		pf(" (%.1f h old at the jump)", *p.Environment.WindAgeH)
	}
	pf("\n")
	for _, n := range p.Environment.WindNotes {
		pf("  winds note: %s\n", Escape(n))
	}
	for _, l := range p.Environment.Levels {
		pf("  %-18s %s  %5.1f °C  %6.0f hPa  ρ %.3f kg/m³  wind %03.0f° %s\n", l.Name, lead.Alt(l.AltM), l.TK-units.ZeroCelsius, l.PPa/100, l.Rho, l.WindFrom, lead.Spd(l.WindMps))
	}
	rp := p.ReleasePoint
	pf("\nRELEASE POINT  %.5f, %.5f (MGRS %s)  at %s\n", rp.Lat, rp.Lon, plan.MGRSOf(plan.LatLon{Lat: rp.Lat, Lon: rp.Lon}), lead.Alt(rp.AltM))
	pf("  %s on bearing %03.0f° from the target (solved in %d iterations)\n", lead.Dist(rp.DistanceM), rp.BearingFromTarget, rp.Iterations)
	hm := p.HandMethod
	pf("  doctrinal HARP (ATP 3-18.11): %.5f, %.5f — %.0f m from the simulator's release point\n", hm.Lat, hm.Lon, hm.DifferenceM)
	pf("HARP WORK SHEET (%s)\n", hm.CanopyFigures)
	for _, l := range hm.Sheet {
		pf("  %s\n", l)
	}
	for _, l := range hm.Explained {
		pf("  vs simulator — %s\n", l)
	}
	if b := p.Balloon; b != nil {
		// a balloon flies no jump run: it drifts, and the launch point is chosen for it
		pf("BALLOON  launch %.5f, %.5f (MGRS %s): ascent %s at %s, drift %s on %03.0f° to the release point\n  %s\n",
			b.Launch.Lat, b.Launch.Lon, plan.MGRSOf(b.Launch), physio.FormatDuration(b.AscentS), lead.Spd(b.RateMps), lead.Dist(b.DriftM), b.DriftBearingDeg, b.Note)
	}
	jr := p.JumpRun
	auto := ""
	switch {
	case jr.HeadingBasis != "":
		auto = " (" + jr.HeadingBasis + ")"
	case jr.HeadingAuto:
		auto = " (auto)"
	}
	if p.Balloon == nil {
		pf("JUMP RUN  heading %03.0f°%s, track %03.0f°, TAS %s, ground speed %s\n", jr.HeadingDeg, auto, jr.TrackDeg, lead.Spd(jr.TASMps), lead.Spd(jr.GroundSpeedMps))
		pf("  wind at exit from %03.0f° %s\n", jr.WindExitFrom, lead.Spd(jr.WindExitMps))
	}
	g := p.GreenLight
	switch {
	case p.Balloon != nil:
	case g.Hover:
		pf("HOVER POINT  %.5f, %.5f, heading %03.0f°: the stick leaves over %.0f s (no jump run, no forward throw)\n", g.Start.Lat, g.Start.Lon, jr.HeadingDeg, g.DurationS)
	default:
		along := func(m float64) string { return fmt.Sprintf("%+.0f m", m) }
		if lead.Distance != "" {
			along = lead.Dist
		}
		pf("GREEN LIGHT  from %s to %s along the run from the release point: %.0f s (reached from %s to %s, less the %s dispersion margin at both ends)\n", along(g.StartM), along(g.EndM), g.DurationS, along(g.ReachStartM), along(g.ReachEndM), lead.Dist(g.DispersionM))
	}
	if p.Balloon == nil {
		pf("PILOT BRIEF\n")
	}
	for _, l := range p.Pilot.Lines {
		if p.Balloon == nil {
			pf("  %s\n", l)
		}
	}
	pf("\nSTICK  %s\n", strings.Join(p.Stick.Order, " → "))
	pf("  %-10s %6s %8s %10s %10s %9s %6s %9s\n", "jumper", "exit", "ff", "open AGL", "vmax", "at", "Mach", "miss")
	for _, j := range p.Jumpers {
		pf("  %-10s %+5.1fs %7.1fs %7.0f ft %6.1f m/s %6.0f ft %6.2f %7.1f m\n", Escape(j.Name), j.ExitOffsetS, j.FreefallS, j.OpenAltAGLM/units.Foot,
			j.MaxSpeedMps, j.MaxSpeedAltM/units.Foot, j.MaxMach, j.LandingErrorM)
	}
	for _, pr := range p.Stick.Pairs {
		pf("  separation %s/%s at opening: %.0f m horizontal, %.0f m vertical (min %.0f m)\n", pr.A, pr.B, pr.AtOpenM, pr.AtOpenVertM, p.Stick.MinSepM)
	}
	for k, sl := range p.Stick.Slots {
		spacing := "first out"
		if k > 0 {
			spacing = fmt.Sprintf("+%.1f s: %s over the ground (needs %s: %s)", sl.IntervalS, lead.Dist(sl.GroundSepM), lead.Dist(sl.NeedM), sl.Rule)
		}
		pf("  slot %-14s %-8s %+6.1fs  %s; together: %s\n", Escape(sl.Name), sl.Kind, sl.ExitS, spacing, Escape(strings.Join(sl.Members, " ")))
	}
	if len(p.Stick.Slots) > 0 {
		pf("  jump run from first to last exit: %s\n", lead.Dist(p.Stick.RunLengthM))
	}
	for _, r := range p.Stick.Rules {
		pf("  rule: %s (%s)\n", r.Rule, r.Source)
	}
	if c := p.Camera; c != nil {
		pf("CAMERA  %s with %s: within %.0f m for %.0f of %.0f s (%.0f%%); matched drag %.2f m² (planned %.2f, %+.0f%%); break-off %.0f ft AGL on %03.0f°\n",
			Escape(c.Name), Escape(c.Talent), c.WithinM, c.WithinS, c.FilmableS, 100*c.WithinFrac, c.MatchedCdAM2, c.PlannedCdAM2, 100*c.CdAChange, c.BreakoffAGLM/units.Foot, c.BreakoffHeading)
	}
	if a := p.Airspace; a != nil {
		pf("AIRSPACE  closest approach %.0f m to %s (margin %.0f m): %s\n", a.ClosestM, a.ClosestArea, a.MarginM, a.Note)
		for _, x := range a.Crossings {
			pf("  %s crosses %s in %s at %.0f ft AGL, t+%.0f s\n", x.Jumper, x.Area, x.Phase, x.AGLM/units.Foot, x.TS)
		}
	}
	if h := p.HAHO; h != nil {
		pf("HAHO  opening at %.0f ft AGL: farthest stand-off %s on bearing %03.0f° (%.0f s under canopy, over the target with the %.0f ft safety factor to spare [ATP3-18.11]); HALO stand-off %s (%.0f s)\n",
			h.OpenAGLM/units.Foot, lead.Dist(h.StandoffM), h.BearingDeg, h.CanopyS, h.SafetyFactorM/units.Foot, lead.Dist(h.HALOStandoff), h.HALOCanopyS)
		if hm := h.Hand; hm != nil {
			pf("  doctrinal HAHO HARP (ATP 3-18.11): %s from the DIP on %s, %.0f m from the simulator's farthest stand-off exit (%s)\n", lead.Dist(hm.FromDIPM), plan.BearingWords(hm), hm.DifferenceM, hm.CanopyFigures)
			for _, l := range hm.Sheet {
				pf("    %s\n", l)
			}
		}
	}
	canopyText(b, p.Canopy)
	pf("\nTIMELINE\n")
	for _, m := range p.Timeline {
		clock := m.Time
		if clock == "" {
			clock = fmt.Sprintf("t%+8.1f s", m.TS)
		}
		pf("  %-24s %-52s %s\n", clock, m.Event, lead.Alt(m.AltM))
	}
	for _, s := range p.Sun {
		pf("  sun at the %s (%s, %s): elevation %.1f°, azimuth %03.0f°\n", s.Where, s.Event, s.Time, s.ElevationDeg, s.AzimuthDeg)
	}
	for _, ph := range p.Physio {
		r := ph.Result
		pf("PHYSIOLOGY %-8s TR360 peak %.2f, DCS risk %.1f %% (planning estimate), TUC %s, bottle margin %s, leading ZH-L16C compartment %s\n",
			ph.Jumper, r.TR360Peak, 100*r.DCSRisk, physio.FormatDuration(r.TUCS), physio.FormatDuration(r.BottleMarginS), r.Buhlmann.Compartment) // as halo physio gives them
	}
	if r := bf.Odds; r != nil {
		pf("\nODDS  %d Monte Carlo runs per jumper (seed %d), the forecast, exit, drag, opening and canopy errors drawn each run\n", r.N, r.Seed)
		for _, st := range r.Jumpers {
			pf("  %-12s in the %.0f m target %5.1f%%, median miss %.0f m, 95%% within %.0f m, opens below minimum %.1f%% (plan ≥ %.0f ft AGL for ≤ %.1f%%), AAD fires %.2f%%\n",
				st.Name, r.TargetRadiusM, 100*st.PInTarget, st.CEPM, st.R95M, 100*st.POpenBelowMin, st.PlanOpenAGLM/units.Foot, 100*p.Input.Limits.MaxPLowOpening, 100*st.PAADFire)
		}
		if len(r.Jumpers) > 1 {
			pf("  two jumpers closer than %.0f m (at an opening or passing an open canopy) in %.2f%% of runs\n", r.MinSeparationM, 100*r.PSeparationViolation)
		}
		if bf.Spacing != "" {
			pf("  %s\n", bf.Spacing)
		}
	}
	pf("\nCHECKS\n")
	writeChecks(b, p)
	pf("\nVERDICT: %s%s\n", p.Verdict, trustText(bf.WindsTrust))
	for _, r := range p.Reasons {
		pf("  %s\n", r)
	}
	pf("\nASSUMPTIONS AND DEFAULTS\n")
	for _, a := range p.Assumptions {
		pf("  - %s\n", a)
	}
	pf("(solved in %.0f ms)\n", 1000*p.SolveTimeS)
	_, err := io.WriteString(w, b.String())
	return err
}

// checkGroup is one rule applied to several jumpers ("DCS risk" for each), shown
// as one entry in the briefing.
type checkGroup struct {
	key     string
	jumpers []string
	checks  []check.Check
}

// groupChecks groups the checks by rule: a check named "<jumper>: <rule>" or
// "odds: <jumper> <rule>" joins the group of its rule; any other check is a group
// of its own. Groups keep the order of their first check.
func groupChecks(p *plan.Plan) []*checkGroup {
	var names []string
	for _, j := range p.Jumpers {
		names = append(names, j.Name)
	}
	var out []*checkGroup
	byKey := map[string]*checkGroup{}
	for _, c := range p.Checks {
		jumper, key := "", c.Name
		for _, n := range names {
			if r, ok := strings.CutPrefix(c.Name, n+": "); ok {
				jumper, key = n, r
				break
			}
			if r, ok := strings.CutPrefix(c.Name, "odds: "+n+" "); ok {
				jumper, key = n, "odds: "+r
				break
			}
		}
		g := byKey[key]
		if g == nil || jumper == "" {
			g = &checkGroup{key: key}
			out = append(out, g)
			if jumper != "" {
				byKey[key] = g
			}
		}
		g.jumpers = append(g.jumpers, jumper)
		g.checks = append(g.checks, c)
	}
	return out
}

// writeChecks writes the checks grouped by rule (a rule applied to every jumper
// is one entry, with a line per jumper), the worst status of a group on its
// first line, and each distinct reason once.
func writeChecks(b *strings.Builder, p *plan.Plan) {
	mark := map[check.Status]string{check.Go: "  go   ", check.Caution: "CAUTION", check.NoGo: " NO-GO "}
	for _, g := range groupChecks(p) {
		worst := check.Worst(g.checks)
		if len(g.checks) == 1 {
			c := g.checks[0]
			fmt.Fprintf(b, "  [%s] %-42s %s  (limit %s)\n", mark[worst], c.Name, c.Value, c.Limit)
		} else {
			fmt.Fprintf(b, "  [%s] %s  (limit %s)\n", mark[worst], g.key, g.checks[0].Limit)
			for i, c := range g.checks {
				flag := ""
				if c.Status != check.Go {
					flag = " [" + strings.ToUpper(string(check.Worst([]check.Check{c}))) + "]"
				}
				lim := ""
				if c.Limit != g.checks[0].Limit {
					lim = "  (limit " + c.Limit + ")"
				}
				fmt.Fprintf(b, "            %-10s %s%s%s\n", g.jumpers[i], c.Value, lim, flag)
			}
		}
		seen := map[string]bool{}
		for _, c := range g.checks {
			if c.Status != check.Go && c.Detail != "" && !seen[c.Detail] {
				seen[c.Detail] = true
				fmt.Fprintf(b, "            → %s\n", c.Detail)
			}
		}
	}
}
