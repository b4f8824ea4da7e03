package sun

import (
	"fmt"
	"math"
	"time"
)

// Day holds the Sun's events on one calendar day at one place. A zero time.Time
// means the event does not happen that day (polar day or night, or a twilight that
// never ends in summer at high latitude). Times are in the Location of the date
// passed to Events.
type Day struct {
	Date              time.Time // local midnight starting the day
	SolarNoon         time.Time // Sun's upper transit (local hour angle 0); always found
	NoonElevationDeg  float64   // geometric elevation at solar noon, degrees
	Sunrise, Sunset   time.Time // Sun's centre at HorizonElevation (−0.8333°) rising / setting
	CivilDawn         time.Time // morning start of civil twilight (centre at −6°)
	CivilDusk         time.Time // evening end of civil twilight
	NauticalDawn      time.Time // morning start of nautical twilight (centre at −12°)
	NauticalDusk      time.Time // evening end of nautical twilight
	AlwaysUp, NeverUp bool      // polar day / polar night (no sunrise or sunset that day)
}

// Events returns the Sun's events during the 24 hours starting at local midnight
// of date's calendar day in date's Location, at latitude lat and longitude lon
// (degrees). Crossings are found by sampling the geometric elevation every 10
// minutes and bisecting to 0.1 s; the solar-position accuracy (about 0.01°)
// makes the times good to about 5 s at mid latitudes (more near the poles, where
// the Sun grazes the horizon). If a day has two crossings of one kind (possible
// near the poles or on days with a DST change), the first is returned.
// Note: the day is the local calendar day. NREL's spa_tester reports, for a
// UTC−7 site, the sunset of the previous local day (its day runs in UT); see the
// tests.
func Events(date time.Time, lat, lon float64) (Day, error) {
	if math.IsNaN(lat) || lat < -90 || lat > 90 {
		return Day{}, fmt.Errorf("sun: latitude %v deg: want [-90, 90]", lat)
	}
	if math.IsNaN(lon) || math.IsInf(lon, 0) {
		return Day{}, fmt.Errorf("sun: longitude %v deg: want a finite number of degrees east", lon)
	}
	y, m, d := date.Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, date.Location())
	end := time.Date(y, m, d+1, 0, 0, 0, 0, date.Location())
	var day Day
	day.Date = start
	elev := func(t time.Time) float64 { return compute(t, lat, lon, 0, 0).TrueElevation }

	const step = 10 * time.Minute
	n := int(end.Sub(start) / step)
	ts := make([]time.Time, n+1)
	es := make([]float64, n+1)
	for i := range ts {
		ts[i] = start.Add(time.Duration(i) * step)
		if i == n {
			ts[i] = end
		}
		es[i] = elev(ts[i])
	}
	cross := func(h float64, rising bool) time.Time {
		for i := 0; i < n; i++ {
			a, b := es[i]-h, es[i+1]-h
			if rising && a < 0 && b >= 0 || !rising && a >= 0 && b < 0 {
				lo, hi := ts[i], ts[i+1]
				for hi.Sub(lo) > 100*time.Millisecond {
					mid := lo.Add(hi.Sub(lo) / 2)
					if (elev(mid)-h >= 0) == rising {
						hi = mid
					} else {
						lo = mid
					}
				}
				return lo.Add(hi.Sub(lo) / 2)
			}
		}
		return time.Time{}
	}
	day.Sunrise = cross(HorizonElevation, true)
	day.Sunset = cross(HorizonElevation, false)
	day.CivilDawn = cross(CivilElevation, true)
	day.CivilDusk = cross(CivilElevation, false)
	day.NauticalDawn = cross(NauticalElevation, true)
	day.NauticalDusk = cross(NauticalElevation, false)

	// Solar noon: the upper transit, where the hour angle changes sign from − to +.
	ha := func(t time.Time) float64 { return compute(t, lat, lon, 0, 0).HourAngleDeg }
	for i := 0; i < n; i++ {
		a, b := ha(ts[i]), ha(ts[i+1])
		if a < 0 && b >= 0 && b-a < 90 { // not the ±180° wrap at lower transit
			lo, hi := ts[i], ts[i+1]
			for hi.Sub(lo) > 100*time.Millisecond {
				mid := lo.Add(hi.Sub(lo) / 2)
				if ha(mid) >= 0 {
					hi = mid
				} else {
					lo = mid
				}
			}
			day.SolarNoon = lo.Add(hi.Sub(lo) / 2)
			break
		}
	}
	day.NoonElevationDeg = elev(day.SolarNoon)

	if day.Sunrise.IsZero() && day.Sunset.IsZero() {
		if es[0] >= HorizonElevation {
			day.AlwaysUp = true
		} else {
			day.NeverUp = true
		}
	}
	return day, nil
}
