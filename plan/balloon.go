package plan

import (
	"fmt"
	"math"

	"halo/physio"
	"halo/units"
)

// BalloonAscent is a balloon's ascent from its launch to the release point. A
// balloon flies no jump run: it drifts with the wind, so the release point is
// where the balloon must be when the jumper steps off, and the ascent's own drift,
// predicted from the winds, says where to launch for it.
type BalloonAscent struct {
	// Launch is the launch point that drifts to the release point through the
	// forecast winds; LaunchElevM is the take-off elevation, m MSL.
	Launch      LatLon  `json:"launch"`
	LaunchElevM float64 `json:"launch_elevation_m"`
	RateMps     float64 `json:"ascent_rate_mps"`
	AscentS     float64 `json:"ascent_s"`
	// DriftM and DriftBearingDeg are the ascent's drift over the ground, launch to
	// release (m, degrees true).
	DriftM          float64 `json:"drift_m"`
	DriftBearingDeg float64 `json:"drift_bearing_deg"`
	// HoldS is the time at the exit altitude before the step-off (oxygen.time_at_altitude),
	// s; its drift is included.
	HoldS float64 `json:"hold_s"`
	Note  string  `json:"note"`
}

// ascentStep is the integration step of the ascent's drift, s.
const ascentStep = 10.0

// balloonAscent predicts a balloon's drift from launch (the take-off elevation) to
// the release point rp, at the mission's ascent rate through the forecast winds,
// then at the exit altitude for the time at altitude; nil for an aircraft.
func (s *solver) balloonAscent(rp ReleasePoint) *BalloonAscent {
	a := s.m.Aircraft
	if !a.Balloon {
		return nil
	}
	z0 := a.TakeoffElevation
	ascent := (s.zx - z0) / a.ClimbRate
	hold := s.m.Oxygen.TimeAtAltitude
	var de, dn float64
	for t := 0.0; t < ascent; t += ascentStep {
		dt := math.Min(ascentStep, ascent-t)
		u, v := s.env.Wind.At(z0 + a.ClimbRate*(t+dt/2))
		de, dn = de+u*dt, dn+v*dt
	}
	u, v := s.env.Wind.At(s.zx)
	de, dn = de+u*hold, dn+v*hold
	lat, lon := s.latlon(rp.EM-de, rp.NM-dn)
	return &BalloonAscent{Launch: LatLon{lat, lon}, LaunchElevM: z0, RateMps: a.ClimbRate, AscentS: ascent, HoldS: hold,
		DriftM: math.Hypot(de, dn), DriftBearingDeg: math.Mod(math.Atan2(de, dn)*180/math.Pi+360, 360),
		Note: fmt.Sprintf("no jump run: the balloon drifts with the wind; launched from %s it is over the release point after the ascent and %s at the exit altitude (drift from the forecast winds)",
			units.Alt(z0), physio.FormatDuration(hold))}
}
