// Package openmeteo reads the Open-Meteo forecast API's JSON (/v1/forecast with
// pressure-level variables) into halo's wind profile, and builds the request for it.
// It does no I/O: package wind/fetch asks the server and keeps the cache.
//
// A response holds hourly series keyed "VARIABLE_LEVELhPa" (one model asked for) or
// "VARIABLE_LEVELhPa_MODEL" (several models, or an ensemble member). halo reads
// temperature, wind_speed, wind_direction and geopotential_height at the levels
// of Levels (1000 to 100 hPa). A level the model lacks comes back with the unit
// "undefined" and null values; it gives no layer, with a note.
//
// Heights are geopotential metres, converted to geometric altitude as the sounding
// readers do (package sounding: z = r0·H/(r0 − H)), so a profile read here equals
// the one a GSL or UWyo reader builds from the same numbers.
package openmeteo

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"halo/atmos"
	"halo/units"
	"halo/wind/sounding"
)

// Levels are the pressure levels halo asks for, hPa: Open-Meteo's levels from the
// ground (1000 hPa) to 100 hPa (about 16 km), above any HALO exit.
func Levels() []int {
	return []int{1000, 975, 950, 925, 900, 850, 800, 700, 600, 500, 400, 300, 250, 200, 150, 100}
}

// Model is a forecast model halo can ask Open-Meteo for.
type Model struct {
	Name string // halo's name: gfs, icon, ecmwf, best
	API  string // the API's models= value
	// Meta is the model's folder in Open-Meteo's metadata API
	// (/data/META/static/meta.json gives the run time); "" when the model is a
	// blend whose run is unknown (best_match).
	Meta string
}

// Models lists the models of --model, in the order "all" asks for them.
func Models() []Model {
	return []Model{
		{Name: "gfs", API: "gfs_seamless", Meta: "ncep_gfs025"},
		{Name: "icon", API: "icon_seamless", Meta: "dwd_icon"},
		{Name: "ecmwf", API: "ecmwf_ifs025", Meta: "ecmwf_ifs025"},
		{Name: "best", API: "best_match"},
	}
}

// LookupModel finds a model by halo's name or the API's; "all" is not a model.
func LookupModel(name string) (Model, error) {
	var names []string
	for _, m := range Models() {
		if strings.EqualFold(name, m.Name) || strings.EqualFold(name, m.API) {
			return m, nil
		}
		names = append(names, m.Name)
	}
	return Model{}, fmt.Errorf("model %q: use %s, or all", name, strings.Join(names, ", "))
}

// vars are the variables asked for at every level.
var vars = [...]string{"temperature", "wind_speed", "wind_direction", "geopotential_height"}

// Query is the /v1/forecast query for the pressure-level profile of one model at
// lat, lon (degrees north, east) from the UTC day before t to the day after:
// wind speeds in m/s, times in UTC.
func Query(lat, lon float64, m Model, t time.Time) url.Values {
	var hourly []string
	for _, p := range Levels() {
		for _, v := range vars {
			hourly = append(hourly, fmt.Sprintf("%s_%dhPa", v, p))
		}
	}
	// the day before to the day after: a plan's other exit times (--times) in
	// any time zone find their hour in the same reply
	day := t.UTC()
	return url.Values{
		"latitude":        {strconv.FormatFloat(lat, 'f', 4, 64)},
		"longitude":       {strconv.FormatFloat(lon, 'f', 4, 64)},
		"hourly":          {strings.Join(hourly, ",")},
		"models":          {m.API},
		"wind_speed_unit": {"ms"},
		"timezone":        {"GMT"},
		"start_date":      {day.AddDate(0, 0, -1).Format("2006-01-02")},
		"end_date":        {day.AddDate(0, 0, 1).Format("2006-01-02")},
	}
}

// APIError is the API's own error object, {"error": true, "reason": "..."}.
type APIError struct{ Reason string }

func (e *APIError) Error() string { return "Open-Meteo refused the request: " + e.Reason }

// Response is a decoded forecast response.
type Response struct {
	Lat, Lon  float64 // the grid point the API used, degrees
	Elevation float64 // the grid point's ground elevation, m; NaN when absent
	// Times are the hourly valid times, UTC, increasing.
	Times []time.Time
	// Models are the model suffixes of the keys, sorted; "" for unsuffixed keys
	// (one model asked for).
	Models []string
	series map[key][]float64 // SI units; NaN where null
}

type key struct {
	v     string // temperature, wind_speed, wind_direction, geopotential_height
	hPa   int
	model string
}

var reKey = regexp.MustCompile(`^(temperature|wind_speed|wind_direction|geopotential_height)_(\d{2,4})hPa(?:_([a-z0-9_]+))?$`)

// MaxLevel bounds the pressure read from a key, hPa.
const MaxLevel = 1100

type raw struct {
	Error     bool                       `json:"error"`
	Reason    string                     `json:"reason"`
	Lat       *float64                   `json:"latitude"`
	Lon       *float64                   `json:"longitude"`
	Elevation *float64                   `json:"elevation"`
	Offset    int                        `json:"utc_offset_seconds"`
	Units     map[string]string          `json:"hourly_units"`
	Hourly    map[string]json.RawMessage `json:"hourly"`
	Current   json.RawMessage            `json:"current"`
	Minutely  json.RawMessage            `json:"minutely_15"`
}

// Parse decodes a forecast response. The API's error object is an *APIError; a
// response without an hourly block, with series of another length than its
// times, or with a unit halo does not know is an error naming the key.
func Parse(data []byte) (*Response, error) {
	var r raw
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("not an Open-Meteo JSON response (%v): truncated or an error page", err)
	}
	if r.Error {
		return nil, &APIError{Reason: r.Reason}
	}
	if r.Hourly == nil {
		if r.Current != nil || r.Minutely != nil {
			return nil, errors.New("the response has no hourly block (only current or minutely_15): ask for hourly= pressure-level variables")
		}
		return nil, errors.New("the response has no hourly block")
	}
	if r.Lat == nil || r.Lon == nil {
		return nil, errors.New("the response has no latitude/longitude")
	}
	if r.Offset < -18*3600 || r.Offset > 18*3600 {
		return nil, fmt.Errorf("utc_offset_seconds %d is outside ±18 h", r.Offset)
	}
	out := &Response{Lat: *r.Lat, Lon: *r.Lon, Elevation: math.NaN(), series: map[key][]float64{}}
	if r.Elevation != nil {
		out.Elevation = *r.Elevation
	}
	if err := out.readTimes(r.Hourly["time"], r.Offset); err != nil {
		return nil, err
	}
	models := map[string]bool{}
	for k, msg := range r.Hourly {
		m := reKey.FindStringSubmatch(k)
		if m == nil {
			continue // other variables (temperature_2m, ...) are not halo's
		}
		hPa, _ := strconv.Atoi(m[2])
		if hPa <= 0 || hPa > MaxLevel {
			continue
		}
		kk := key{v: m[1], hPa: hPa, model: m[3]}
		vals, err := readSeries(k, msg, r.Units[k], kk.v, len(out.Times))
		if err != nil {
			return nil, err
		}
		out.series[kk] = vals
		models[kk.model] = true
	}
	for m := range models {
		out.Models = append(out.Models, m)
	}
	sort.Strings(out.Models)
	return out, nil
}

func (r *Response) readTimes(msg json.RawMessage, offset int) error {
	var ts []string
	if err := json.Unmarshal(msg, &ts); err != nil || len(ts) == 0 {
		return errors.New("hourly.time: missing or not a list of times")
	}
	for i, s := range ts {
		t, err := time.Parse("2006-01-02T15:04", s)
		if err != nil {
			return fmt.Errorf("hourly.time[%d] %q: not an ISO 8601 time (give timezone=GMT and the default timeformat)", i, s)
		}
		t = t.Add(-time.Duration(offset) * time.Second)
		if i > 0 && !t.After(r.Times[i-1]) {
			return fmt.Errorf("hourly.time[%d] %s: times must increase", i, s)
		}
		r.Times = append(r.Times, t)
	}
	return nil
}

// readSeries decodes one series (null is NaN) and converts it to SI: K, m/s,
// degrees, geopotential metres.
func readSeries(k string, msg json.RawMessage, unit, v string, n int) ([]float64, error) {
	var vals []*float64
	if err := json.Unmarshal(msg, &vals); err != nil {
		return nil, fmt.Errorf("hourly.%s: not a list of numbers", k)
	}
	if len(vals) != n {
		return nil, fmt.Errorf("hourly.%s: %d values for %d times", k, len(vals), n)
	}
	conv, err := converter(k, unit, v)
	if err != nil {
		return nil, err
	}
	out := make([]float64, n)
	for i, p := range vals {
		out[i] = math.NaN()
		if p == nil {
			continue
		}
		if conv == nil {
			return nil, fmt.Errorf("hourly.%s[%d]: a value with the unit %q", k, i, unit)
		}
		out[i] = conv(*p)
	}
	return out, nil
}

// converter returns the conversion to SI of a unit, nil for "undefined" (a level
// the model lacks: every value must be null).
func converter(k, unit, v string) (func(float64) float64, error) {
	id := func(x float64) float64 { return x }
	table := map[string]map[string]func(float64) float64{
		"temperature": {
			"°C": func(x float64) float64 { return x + 273.15 },
			"°F": func(x float64) float64 { return (x-32)*5/9 + 273.15 },
		},
		"wind_speed": {
			"m/s":  id,
			"km/h": func(x float64) float64 { return x / 3.6 },
			"kn":   func(x float64) float64 { return x * units.Knot },
			"mp/h": func(x float64) float64 { return x * units.MPH },
			"mph":  func(x float64) float64 { return x * units.MPH },
		},
		"wind_direction":      {"°": id},
		"geopotential_height": {"m": id},
	}
	if unit == "undefined" {
		return nil, nil
	}
	c, ok := table[v][unit]
	if !ok {
		var known []string
		for u := range table[v] {
			known = append(known, u)
		}
		sort.Strings(known)
		return nil, fmt.Errorf("hourly_units.%s: unit %q is not one halo reads (%s)", k, unit, strings.Join(known, ", "))
	}
	return c, nil
}

// Options say which profile Profile builds.
type Options struct {
	// Model is the key suffix ("" when one model was asked for; see Response.Models).
	Model string
	// Name names the model in the source ("gfs_seamless"); Model when empty.
	Name string
	// At picks the hour nearest it; it must lie within an hour of the response's times.
	At time.Time
	// Run is the model run's initialisation time; zero when unknown (the profile
	// then has no issue time, and the plan's age check says so).
	Run time.Time
}

// Profile builds the sounding (wind profile and temperature levels) of one model
// at the hour nearest o.At. A level without a height, direction or speed gives no
// wind layer (noted); a level below the grid point's elevation (the model
// extrapolates underground) is dropped (noted); values outside physical ranges are
// errors naming the key.
func (r *Response) Profile(o Options) (*sounding.Sounding, error) {
	if !r.hasModel(o.Model) {
		return nil, fmt.Errorf("the response has no model %q (it has %s)", o.Model, r.modelList())
	}
	i, err := r.nearest(o.At)
	if err != nil {
		return nil, err
	}
	name := o.Name
	if name == "" {
		name = o.Model
	}
	s := &sounding.Sounding{Format: "Open-Meteo JSON", Kind: name, Station: fmt.Sprintf("%.3f,%.3f", r.Lat, r.Lon),
		Lat: r.Lat, Lon: r.Lon, Elevation: r.Elevation, Time: r.Times[i], Run: o.Run}
	var rows []sounding.Row
	var missing, under []string
	for _, p := range Levels() {
		row := sounding.Row{Line: p, P: float64(p) * 100}
		for _, v := range vars {
			x := r.value(key{v, p, o.Model}, i)
			if err := checkRange(v, x); err != nil {
				return nil, fmt.Errorf("hourly.%s at %s: %w", keyName(v, p, o.Model), r.Times[i].Format("2006-01-02T15:04Z"), err)
			}
			switch v {
			case "temperature":
				row.T = x
			case "wind_speed":
				row.Speed = x
			case "wind_direction":
				row.Dir = x
			case "geopotential_height":
				row.H = x
			}
		}
		if math.IsNaN(row.H) || math.IsNaN(row.Dir) || math.IsNaN(row.Speed) {
			missing = append(missing, strconv.Itoa(p))
		}
		if atmos.Geometric(row.H) < r.Elevation {
			under = append(under, strconv.Itoa(p))
			continue
		}
		rows = append(rows, row)
	}
	if len(missing) == len(Levels()) || len(rows) == 0 {
		return nil, fmt.Errorf("model %s gives no wind at any pressure level at %s: the response needs wind_speed, wind_direction and geopotential_height at 1000-100 hPa",
			name, r.Times[i].Format("2006-01-02T15:04Z"))
	}
	if len(under) > 0 {
		s.Notes = append(s.Notes, fmt.Sprintf("%s hPa below the grid point's ground (%.0f m): the model's values there are extrapolated underground; not used", strings.Join(under, ", "), r.Elevation))
	}
	if len(missing) > 0 {
		s.Notes = append(s.Notes, fmt.Sprintf("model %s lacks the wind or height at %s hPa: no layer there", name, strings.Join(missing, ", ")))
	}
	src := fmt.Sprintf("Open-Meteo %s valid %s", name, r.Times[i].Format("2006-01-02 15Z"))
	if !o.Run.IsZero() {
		src += " run " + o.Run.UTC().Format("2006-01-02 15Z")
	} else {
		s.Notes = append(s.Notes, "model run time unknown: the winds' age cannot be judged")
	}
	if err := s.Build(src, rows); err != nil {
		return nil, fmt.Errorf("model %s: %w", name, err)
	}
	if s.Profile == nil {
		return nil, fmt.Errorf("model %s gives no wind layer at %s", name, r.Times[i].Format("2006-01-02T15:04Z"))
	}
	s.Profile.ValidFrom, s.Profile.ValidTo = r.window(i)
	if o.Run.IsZero() {
		// Build dates an observation by its time; a forecast without a run time
		// has no issue time at all (never "as young as its valid time").
		s.Profile.Issued = time.Time{}
		s.Profile.ValidFrom = time.Time{}
	}
	return s, nil
}

// checkRange refuses values outside the physical ranges the sounding readers use.
func checkRange(v string, x float64) error {
	if math.IsNaN(x) {
		return nil
	}
	switch v {
	case "temperature":
		if !(x >= 150 && x <= 350) {
			return fmt.Errorf("temperature %.1f °C is outside -123..77 °C", x-273.15)
		}
	case "wind_speed":
		if !(x >= 0 && x <= 150) {
			return fmt.Errorf("wind speed %.1f m/s is outside 0..150 m/s", x)
		}
	case "wind_direction":
		if !(x >= 0 && x <= 360) {
			return fmt.Errorf("wind direction %v° is outside 0..360°", x)
		}
	case "geopotential_height":
		if !(x >= -500 && x <= 80000) {
			return fmt.Errorf("height %.0f m is outside -500..80,000 m", x)
		}
	}
	return nil
}

func keyName(v string, p int, model string) string {
	k := fmt.Sprintf("%s_%dhPa", v, p)
	if model != "" {
		k += "_" + model
	}
	return k
}

func (r *Response) value(k key, i int) float64 {
	s, ok := r.series[k]
	if !ok {
		return math.NaN()
	}
	return s[i]
}

func (r *Response) hasModel(m string) bool {
	for _, x := range r.Models {
		if x == m {
			return true
		}
	}
	return false
}

func (r *Response) modelList() string {
	if len(r.Models) == 0 {
		return "no pressure-level variables"
	}
	var out []string
	for _, m := range r.Models {
		if m == "" {
			m = "unsuffixed keys"
		}
		out = append(out, m)
	}
	return strings.Join(out, ", ")
}

// window is the time the value at index i stands for: halfway to the times
// before and after it (±30 min for hourly values, as the nearest time is used);
// at either end, half the spacing to the one neighbour (±30 min for one time).
func (r *Response) window(i int) (from, to time.Time) {
	half := func(a, b int) time.Duration { return r.Times[b].Sub(r.Times[a]) / 2 }
	n := len(r.Times)
	if n == 1 {
		return r.Times[0].Add(-time.Hour / 2), r.Times[0].Add(time.Hour / 2)
	}
	before, after := half(max(i-1, 0), max(i, 1)), half(min(i, n-2), min(i+1, n-1))
	return r.Times[i].Add(-before), r.Times[i].Add(after)
}

// nearest is the index of the time nearest t, which must lie within an hour of
// the times covered.
func (r *Response) nearest(t time.Time) (int, error) {
	first, last := r.Times[0], r.Times[len(r.Times)-1]
	if t.Before(first.Add(-time.Hour)) || t.After(last.Add(time.Hour)) {
		return 0, fmt.Errorf("%s is outside the response's times %s to %s", t.UTC().Format("2006-01-02 15:04Z"), first.Format("2006-01-02 15:04Z"), last.Format("2006-01-02 15:04Z"))
	}
	best := 0
	for i, x := range r.Times {
		if absDur(x.Sub(t)) < absDur(r.Times[best].Sub(t)) {
			best = i
		}
	}
	return best, nil
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
