package physio

import (
	"fmt"
	"math"

	"halo/check"
)

// PlanningNote is the plain statement every Result carries.
const PlanningNote = "PLANNING ESTIMATE ONLY: DCS risk, TUC, bottle and cold figures come from simple models " +
	"fitted to or read from published tables; individual risk varies widely. Not a medical clearance; " +
	"follow your physiology technician and service regulations."

// Row is one row of the prebreathe table.
type Row struct {
	// PrebreatheMin is the uninterrupted prebreathe, minutes.
	PrebreatheMin float64 `json:"prebreathe_min"`
	// DCSRisk is the estimated P(DCS), 0..1 (planning estimate).
	DCSRisk float64 `json:"dcs_risk"`
	// TR360Peak is the peak 360-min tissue ratio.
	TR360Peak float64 `json:"tr360_peak"`
}

// DefaultPrebreatheMins returns the prebreathe table's rows, minutes: 0, 15, 30, 45, 60, 90.
func DefaultPrebreatheMins() []float64 { return []float64{0, 15, 30, 45, 60, 90} }

// Result is the physiology assessment of one jumper's exposure. Times are seconds
// from the start of the profile (the start of the climb on air or of the prebreathe)
// unless a name says otherwise.
type Result struct {
	// Note says plainly that this is a planning estimate.
	Note string `json:"note"`
	// TR360Peak is the peak of TR360 = N₂ tension in the 360-min tissue / ambient
	// pressure (NASA definition, [CONK04]), with when and in which phase.
	TR360Peak      float64 `json:"tr360_peak"`
	TR360PeakAtS   float64 `json:"tr360_peak_at_s"`
	TR360PeakPhase string  `json:"tr360_peak_phase"`
	// DCSRisk is the estimated P(DCS), 0..1, from DCSModel (planning estimate).
	DCSRisk float64 `json:"dcs_risk"`
	// DCSExposureS is the time TR360 spends above the model's threshold TR0, s.
	DCSExposureS float64 `json:"dcs_exposure_s"`
	// DCSExtrapolated says the exit is above the calibration data's 35,000 ft.
	DCSExtrapolated bool `json:"dcs_extrapolated"`
	// Buhlmann is the ZH-L16C compartment closest to its M-value (a diving-model comparison).
	Buhlmann BuhlmannResult `json:"buhlmann_leading"`
	// TUCS is the time of useful consciousness at the exit after a rapid
	// decompression, s (lower bound of FAA AC 61-107's range).
	TUCS float64 `json:"tuc_s"`
	// BottleMarginS is the bail-out bottle's margin, s: the gas left when the jumper
	// is below the bail-out floor (Input.BottleFloor), as seconds of breathing there; negative = how long
	// before that point it ran out. 0 when no bottle is required (Hypoxia.BottleRequired).
	BottleMarginS float64 `json:"bottle_margin_s"`
	// Hypoxia holds TUC, the alveolar gas equation and the bottle figures.
	Hypoxia Hypoxia `json:"hypoxia"`
	// Cold is the cold exposure from the door opening to landing.
	Cold ColdResult `json:"cold"`
	// PrebreatheTable is the DCS risk for uninterrupted prebreathes of DefaultPrebreatheMins().
	PrebreatheTable []Row `json:"prebreathe_table"`
	// Phases and Profile are the exposure profile (samples at most 10 s apart).
	Phases  []Phase  `json:"phases"`
	Profile []Sample `json:"profile"`
	// Assumptions lists every default used, as text.
	Assumptions []string `json:"assumptions"`
	// Checks are the physiology rules, each with value, limit and source.
	Checks []check.Check `json:"checks"`
}

// Assess computes the exposure profile, TR360, the Bühlmann comparison, the DCS
// risk with its prebreathe table, TUC, alveolar O₂, the bail-out bottle margin, the
// cold exposure and the checks for one jumper. Invalid input returns an error that
// names the field; Assess never panics on finite or non-finite input.
func Assess(in Input) (Result, error) {
	r, err := resolve(in)
	if err != nil {
		return Result{}, err
	}
	p, err := build(&r, r.Prebreathe, r.AirBreaks)
	if err != nil {
		return Result{}, err
	}
	m := DCSModel()
	o := run(&r, p, m, true, nil)
	res := Result{
		Note:            PlanningNote,
		TR360Peak:       o.trPeak,
		TR360PeakAtS:    o.trPeakT,
		TR360PeakPhase:  o.trPeakPhase,
		DCSRisk:         o.risk,
		DCSExposureS:    o.trAboveTR0,
		DCSExtrapolated: StandardPressureAltitude(o.minP) > 35000*ft+1,
		Buhlmann:        o.buhl,
		Phases:          o.phases,
		Profile:         o.samples,
		Cold:            o.cold,
	}
	res.PrebreatheTable, err = prebreatheTable(&r, DefaultPrebreatheMins())
	if err != nil {
		return Result{}, err
	}
	// hypoxia
	pExit := r.PressureAt(r.ExitAlt)
	h := Hypoxia{PressureAltM: StandardPressureAltitude(pExit)}
	res.TUCS, h.TUCStandardS, h.TUCBelowTable = TUC(h.PressureAltM / ft)
	h.PAO2O2Pa = AlveolarO2(pExit, 1, r.PaCO2)
	h.PAO2AirPa = AlveolarO2(pExit, FO2Air, r.PaCO2)
	h.PAO2O2mmHg, h.PAO2AirmmHg = h.PAO2O2Pa/mmHg, h.PAO2AirPa/mmHg
	b := o.bottle
	h.BottleRequired = b.needed
	h.BottleDurationS = b.durationS
	h.BottleNeededS = b.neededS
	if !math.IsInf(b.emptyAt, 1) {
		h.BottleEmptyAtS = b.emptyAt - p.tSwitch
	}
	if b.needed {
		res.BottleMarginS = b.marginS
	}
	res.Hypoxia = h
	// cold
	c := &res.Cold
	if math.IsInf(c.MinFrostbiteS, 1) {
		c.MinFrostbiteS = 0
	}
	c.Note = "wind chill by the NWS/Environment Canada 2001 formula, valid for 4.8 km/h and up with air at or below 10 °C, fitted to surface winds; "
	if c.SpeedClamped {
		c.Note += fmt.Sprintf("the relative wind (up to %.0f m/s) exceeds 60 mph and was clamped there, so the real cooling is stronger than shown", c.MaxAirSpeed)
	} else {
		c.Note += "the relative wind stayed within its range"
	}
	// checks
	interrupted := len(r.AirBreaks) > 0
	uninterrupted := r.Prebreathe
	if interrupted {
		uninterrupted -= r.AirBreaks[len(r.AirBreaks)-1].At
	}
	pressAlt := StandardPressureAltitude(o.minP)
	res.Checks = []check.Check{checkO2Rule(o.air, r.rules)}
	if r.Suit == nil {
		res.Checks = append(res.Checks, checkPrebreathe(pressAlt, uninterrupted, interrupted))
		if c, ok := checkExposure(pressAlt, o.air.aboveFL200, uninterrupted); ok {
			res.Checks = append(res.Checks, c)
		}
	} else {
		// the suit's own programme replaces the no-suit doctrine rows
		res.Checks = append(res.Checks, checkSuitPrebreathe(&r, uninterrupted), checkSuitFailure(&r), checkSuitCold(&r, o.cold.MinTempK))
	}
	if c, ok := checkArmstrong(&r); ok {
		res.Checks = append(res.Checks, c)
	}
	res.Checks = append(res.Checks,
		checkDCS(o.risk, res.DCSExtrapolated, r.maxDCSRisk),
		checkBottle(b, r.floor, r.minMargin, r.rules),
		checkTUC(res.TUCS, r.TimeToBottle, b.needed),
		checkPAO2(h.PAO2O2Pa),
		checkCold(res.Cold, r.SkinCovered),
	)
	res.Assumptions = append(r.assumptions,
		"DCS risk: halo's model (TR360 above a threshold, pressure altitude and exposure time) fitted by maximum likelihood to 31 published AFRL chamber results at 11,500–35,000 ft, mostly with mild exercise at altitude; its error per point is in the physio package documentation",
		"tissue N₂ starts in equilibrium with air at the ground (0.79 × ground pressure, NASA convention)",
		"TUC: lower end of the rapid-decompression range of FAA AC 61-107 Table 1-1",
		"Bühlmann ZH-L16C coefficients are for diving; at altitude they are a comparison only")
	return res, nil
}

// PrebreatheTable returns the estimated DCS risk of in's profile with each
// uninterrupted prebreathe in mins (minutes, 0..1,440), at in's prebreathe altitude;
// in's own prebreathe and air breaks are ignored.
func PrebreatheTable(in Input, mins []float64) ([]Row, error) {
	r, err := resolve(in)
	if err != nil {
		return nil, err
	}
	return prebreatheTable(&r, mins)
}

func prebreatheTable(r *resolved, mins []float64) ([]Row, error) {
	m := DCSModel()
	rows := make([]Row, 0, len(mins))
	for i, pm := range mins {
		if !finite(pm) || pm < 0 || pm > 1440 {
			return nil, fmt.Errorf("physio: prebreathe table row %d: %g min is outside 0..1,440", i, pm)
		}
		p, err := build(r, pm*60, nil)
		if err != nil {
			return nil, fmt.Errorf("physio: prebreathe table row %d (%g min): %w", i, pm, err)
		}
		o := run(r, p, m, false, nil)
		rows = append(rows, Row{PrebreatheMin: pm, DCSRisk: o.risk, TR360Peak: o.trPeak})
	}
	return rows, nil
}
