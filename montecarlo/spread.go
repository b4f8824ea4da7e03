package montecarlo

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"halo/wind"
)

// WindSpread is how much several forecast models disagree about the wind, as 1-σ
// errors of the wind's speed and direction: the wind-uncertainty input a
// multi-model forecast gives the Monte Carlo in place of the defaults.
type WindSpread struct {
	Speed     float64 `json:"speed_mps"`     // 1 σ of the speed between models, m/s
	Direction float64 `json:"direction_deg"` // 1 σ of the direction between models, degrees
	Models    int     `json:"models"`
	// Basis names the models and altitudes, for Distribution.Basis.
	Basis string `json:"basis"`
}

// SpreadMinSpeed is the mean wind speed (m/s, about 5 kt) below which a level's
// directions are not compared: a light wind's direction means little (the
// threshold wind.Compare uses).
const SpreadMinSpeed = 2.5

// ModelSpread measures the spread between the profiles of two or more models,
// sampled every step metres from lo to hi (m MSL): at each altitude the sample
// standard deviation across models of the speed, and of the direction about the
// models' mean direction (where the mean wind is above SpreadMinSpeed); each is
// then the root mean square over the altitudes. The models' disagreement is an
// estimate of the forecast's own error (the idea behind ensemble forecasts; the
// spread-skill relation, e.g. Whitaker & Loughe 1998, Mon. Wea. Rev. 126).
func ModelSpread(ps []*wind.Profile, lo, hi, step float64) (WindSpread, error) {
	if len(ps) < 2 {
		return WindSpread{}, errors.New("model spread: give two or more profiles")
	}
	if !(step > 0) || !(hi >= lo) {
		return WindSpread{}, fmt.Errorf("model spread: altitudes %v..%v m every %v m", lo, hi, step)
	}
	n := float64(len(ps))
	var ss, sd float64
	var ns, nd int
	for z := lo; z <= hi+1e-6; z += step {
		var mu, mv, msp float64
		sp := make([]float64, len(ps))
		dir := make([]float64, len(ps))
		for i, p := range ps {
			u, v := p.At(z)
			mu, mv = mu+u/n, mv+v/n
			dir[i], sp[i] = wind.FromUV(u, v)
			msp += sp[i] / n
		}
		var vs float64
		for _, s := range sp {
			vs += (s - msp) * (s - msp)
		}
		ss += vs / (n - 1)
		ns++
		if md, mspd := wind.FromUV(mu, mv); mspd > SpreadMinSpeed {
			var vd float64
			for _, d := range dir {
				dd := math.Mod(d-md+540, 360) - 180
				vd += dd * dd
			}
			sd += vd / (n - 1)
			nd++
		}
	}
	w := WindSpread{Speed: math.Sqrt(ss / float64(ns)), Models: len(ps)}
	if nd > 0 {
		w.Direction = math.Sqrt(sd / float64(nd))
	}
	var names []string
	for _, p := range ps {
		names = append(names, p.Source)
	}
	w.Basis = fmt.Sprintf("spread between %d models, %.0f-%.0f m MSL every %.0f m (%s); spread as the forecast's error (Whitaker & Loughe 1998) [halo-winds-spread]", len(ps), lo, hi, step, strings.Join(names, "; "))
	return w, nil
}

// applySpread puts a multi-model spread in place of the default wind speed and
// direction errors where it is larger: models that agree share much of their
// error (the same observations, similar physics), so their agreement never makes
// the odds more confident than the default. A value from the mission file wins.
func applySpread(ds []Distribution, s *sigmas, w *WindSpread) {
	if w == nil || w.Models < 2 {
		return
	}
	for i := range ds {
		d := &ds[i]
		if d.Origin != "default" {
			continue
		}
		switch d.Name {
		case "wind_speed":
			if w.Speed > d.Sigma {
				d.Sigma, d.Origin, d.Basis = w.Speed, "models", w.Basis
				s.windSpeed = w.Speed
			} else {
				d.Basis += fmt.Sprintf("; default kept: the %d models' spread (%.2f m/s) is smaller", w.Models, w.Speed)
			}
		case "wind_direction":
			if w.Direction > d.Sigma {
				d.Sigma, d.Origin, d.Basis = w.Direction, "models", w.Basis
				s.windDir = w.Direction * math.Pi / 180
			} else {
				d.Basis += fmt.Sprintf("; default kept: the %d models' spread (%.1f°) is smaller", w.Models, w.Direction)
			}
		}
	}
}

// SpreadNote says how a multi-model spread was used by a study's distributions:
// which wind errors it replaced, or that the defaults were kept; "" when no
// spread was given.
func SpreadNote(ds []Distribution) string {
	var used, kept []string
	for _, d := range ds {
		switch {
		case d.Origin == "models":
			used = append(used, fmt.Sprintf("%s σ %.2f %s", d.Name, d.Sigma, d.Unit))
		case d.Origin == "default" && strings.Contains(d.Basis, "default kept"):
			kept = append(kept, d.Name)
		}
	}
	switch {
	case len(used) > 0:
		n := "odds: the wind uncertainty is the spread between the forecast models, in place of the default [halo-winds-spread]: " + strings.Join(used, ", ")
		if len(kept) > 0 {
			n += " (" + strings.Join(kept, ", ") + ": the default, larger than the spread)"
		}
		return n
	case len(kept) > 0:
		return "odds: the forecast models agree more closely than the default wind uncertainty; the default is kept (models share much of their error) [halo-winds-spread]"
	}
	return ""
}
