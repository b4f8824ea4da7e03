package debrief

import (
	"fmt"
	"halo/internal/jsonnan"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"halo/geo"
	"halo/track"
)

// AttemptStep is the time step of the separation series, s.
const AttemptStep = 0.5

// AttemptReport is the attempt as a whole: every jumper's phases and the
// separations between every pair, aligned on UTC time.
type AttemptReport struct {
	// WithinM is the distance (3-D, m) within which a pair counts as together.
	WithinM float64 `json:"within_m"`
	// Jumpers are the names in the order given, with their phases.
	Jumpers []AttemptJumper `json:"jumpers"`
	// Pairs holds every pair once (A before B in the given order).
	Pairs []PairSeparation `json:"pairs"`
	// Notes say what could not be compared.
	Notes []string `json:"notes"`
}

// AttemptJumper is one jumper of the attempt.
type AttemptJumper struct {
	Name   string        `json:"name"`
	Phases *track.Phases `json:"phases,omitempty"`
	// OpenNearestM is, at this jumper's canopy opening, the horizontal distance
	// to the nearest other jumper (m), OpenNearestVertM the vertical one, and
	// OpenNearest that jumper's name; NaN when no other track covers the moment.
	OpenNearestM     float64 `json:"open_nearest_horizontal_m"`
	OpenNearestVertM float64 `json:"open_nearest_vertical_m"`
	OpenNearest      string  `json:"open_nearest,omitempty"`
}

// PairSeparation is the separation of two jumpers over time.
type PairSeparation struct {
	A string `json:"a"`
	B string `json:"b"`
	// FreeFallFrom and FreeFallTo bound the shared free fall (UTC): the later
	// exit to the earlier deployment start; zero when they share none.
	FreeFallFrom time.Time `json:"freefall_from"`
	FreeFallTo   time.Time `json:"freefall_to"`
	// WithinS is how long in the shared free fall the pair stayed within WithinM
	// (3-D), s; LongestWithinS the longest unbroken stretch; FirstApart the first
	// moment after being together that they were farther apart (zero if never).
	WithinS        float64   `json:"within_s"`
	LongestWithinS float64   `json:"longest_within_s"`
	FirstApart     time.Time `json:"first_apart,omitzero"`
	// MinM and MinAt: the smallest 3-D distance in the shared free fall.
	MinM  float64   `json:"min_m"`
	MinAt time.Time `json:"min_at,omitzero"`
	// AtOpenA and AtOpenB are the horizontal separations (m) at A's and B's
	// canopy openings, AtOpenVertA and AtOpenVertB the vertical ones.
	AtOpenA     float64 `json:"at_open_a_horizontal_m"`
	AtOpenB     float64 `json:"at_open_b_horizontal_m"`
	AtOpenVertA float64 `json:"at_open_a_vertical_m"`
	AtOpenVertB float64 `json:"at_open_b_vertical_m"`
	// Series is the separation every AttemptStep seconds while both tracks have
	// data (not across a logging gap).
	Series []SepPoint `json:"series"`
}

// SepPoint is one separation sample.
type SepPoint struct {
	Time   time.Time `json:"time"`
	HorizM float64   `json:"horizontal_m"`
	VertM  float64   `json:"vertical_m"` // B's altitude minus A's
	Dist3M float64   `json:"distance_m"`
}

// MarshalJSON writes NaN as null.
func (a AttemptReport) MarshalJSON() ([]byte, error) { return jsonnan.Fields(a) }

// MarshalJSON writes NaN as null.
func (p PairSeparation) MarshalJSON() ([]byte, error) { return jsonnan.Fields(p) }

// MarshalJSON writes NaN as null.
func (a AttemptJumper) MarshalJSON() ([]byte, error) { return jsonnan.Fields(a) }

// position interpolates a track at UTC time t: lat, lon (degrees), altitude
// (m), and false outside the track or across a logging gap.
func position(tr *track.Track, t time.Time) (lat, lon, alt float64, ok bool) {
	ps := tr.Points
	i := sort.Search(len(ps), func(i int) bool { return !ps[i].T.Before(t) })
	if i == len(ps) {
		return 0, 0, 0, false
	}
	if ps[i].T.Equal(t) {
		return ps[i].Lat, ps[i].Lon, ps[i].HMSL, true
	}
	if i == 0 || ps[i].Flags&track.FlagGapBefore != 0 {
		return 0, 0, 0, false
	}
	a, b := ps[i-1], ps[i]
	f := t.Sub(a.T).Seconds() / b.T.Sub(a.T).Seconds()
	return a.Lat + f*(b.Lat-a.Lat), a.Lon + f*(b.Lon-a.Lon), a.HMSL + f*(b.HMSL-a.HMSL), true
}

// separation returns the horizontal and vertical (b minus a) distances at t.
func separation(a, b *track.Track, t time.Time) (h, v float64, ok bool) {
	la, lo, za, ok1 := position(a, t)
	lb, lob, zb, ok2 := position(b, t)
	if !ok1 || !ok2 {
		return math.NaN(), math.NaN(), false
	}
	e, n, _ := geo.NewFrame(la, lo, 0).ToENU(lb, lob, 0)
	return math.Hypot(e, n), zb - za, true
}

// Attempt compares the tracks of one attempt (names[i] flew tracks[i]; phases
// are found with track.DetectPhases). withinM (m, > 0) is the 3-D distance within
// which two jumpers count as together (the mission's limits.camera_within).
// Tracks are aligned on their UTC times; a pair is compared only where both have
// data.
func Attempt(tracks []*track.Track, names []string, withinM float64) AttemptReport {
	r := AttemptReport{WithinM: withinM}
	if len(names) != len(tracks) {
		r.Notes = append(r.Notes, fmt.Sprintf("%d names for %d tracks: the names are ignored", len(names), len(tracks)))
		names = nil
	}
	phs := make([]*track.Phases, len(tracks))
	for i, tr := range tracks {
		name := fmt.Sprintf("jumper %d", i+1)
		if names != nil {
			name = names[i]
		}
		aj := AttemptJumper{Name: name, OpenNearestM: math.NaN(), OpenNearestVertM: math.NaN()}
		if tr != nil {
			if ph, err := track.DetectPhases(tr); err == nil {
				phs[i] = &ph
				aj.Phases = &ph
			} else {
				r.Notes = append(r.Notes, name+": "+err.Error())
			}
		}
		r.Jumpers = append(r.Jumpers, aj)
	}
	for i := range tracks {
		for j := i + 1; j < len(tracks); j++ {
			if tracks[i] == nil || tracks[j] == nil || len(tracks[i].Points) == 0 || len(tracks[j].Points) == 0 {
				continue
			}
			r.Pairs = append(r.Pairs, pair(tracks[i], tracks[j], phs[i], phs[j], r.Jumpers[i].Name, r.Jumpers[j].Name, withinM))
		}
	}
	// each jumper's nearest neighbour at its opening
	for i := range tracks {
		if phs[i] == nil || !phs[i].CanopyOpen.Found {
			continue
		}
		t := phs[i].CanopyOpen.T
		for j := range tracks {
			if j == i || tracks[j] == nil {
				continue
			}
			h, v, ok := separation(tracks[i], tracks[j], t)
			if ok && (math.IsNaN(r.Jumpers[i].OpenNearestM) || h < r.Jumpers[i].OpenNearestM) {
				r.Jumpers[i].OpenNearestM, r.Jumpers[i].OpenNearestVertM, r.Jumpers[i].OpenNearest = h, v, r.Jumpers[j].Name
			}
		}
	}
	return r
}

func pair(a, b *track.Track, pa, pb *track.Phases, na, nb string, within float64) PairSeparation {
	ps := PairSeparation{A: na, B: nb, MinM: math.NaN(), AtOpenA: math.NaN(), AtOpenB: math.NaN(), AtOpenVertA: math.NaN(), AtOpenVertB: math.NaN()}
	t0, t1 := a.Points[0].T, a.Points[len(a.Points)-1].T
	if b.Points[0].T.After(t0) {
		t0 = b.Points[0].T
	}
	if e := b.Points[len(b.Points)-1].T; e.Before(t1) {
		t1 = e
	}
	step := time.Duration(AttemptStep * float64(time.Second))
	t0 = t0.Truncate(step)
	for t := t0; !t.After(t1); t = t.Add(step) {
		h, v, ok := separation(a, b, t)
		if ok {
			ps.Series = append(ps.Series, SepPoint{Time: t, HorizM: h, VertM: v, Dist3M: math.Hypot(h, v)})
		}
	}
	// shared free fall
	if pa != nil && pb != nil && pa.Exit.Found && pb.Exit.Found {
		from := pa.Exit.T
		if pb.Exit.T.After(from) {
			from = pb.Exit.T
		}
		end := func(p *track.Phases) time.Time {
			switch {
			case p.DeployStart.Found:
				return p.DeployStart.T
			case p.CanopyOpen.Found:
				return p.CanopyOpen.T
			}
			return time.Time{}
		}
		ea, eb := end(pa), end(pb)
		if !ea.IsZero() && !eb.IsZero() {
			to := ea
			if eb.Before(to) {
				to = eb
			}
			if to.After(from) {
				ps.FreeFallFrom, ps.FreeFallTo = from, to
				run, together := 0.0, false
				for _, s := range ps.Series {
					if s.Time.Before(from) || s.Time.After(to) {
						continue
					}
					if math.IsNaN(ps.MinM) || s.Dist3M < ps.MinM {
						ps.MinM, ps.MinAt = s.Dist3M, s.Time
					}
					if s.Dist3M <= within {
						ps.WithinS += AttemptStep
						run += AttemptStep
						together = true
						ps.LongestWithinS = math.Max(ps.LongestWithinS, run)
					} else {
						if together && ps.FirstApart.IsZero() {
							ps.FirstApart = s.Time
						}
						run = 0
					}
				}
			}
		}
	}
	if pa != nil && pa.CanopyOpen.Found {
		ps.AtOpenA, ps.AtOpenVertA, _ = separation(a, b, pa.CanopyOpen.T)
	}
	if pb != nil && pb.CanopyOpen.Found {
		ps.AtOpenB, ps.AtOpenVertB, _ = separation(a, b, pb.CanopyOpen.T)
	}
	return ps
}

// NamedTime is an event at a UTC time.
type NamedTime struct {
	Name string    `json:"name"`
	Time time.Time `json:"time"`
}

// Events lists the report's events that were found: exit, deploy, canopy_open,
// landing.
func Events(r Report) []NamedTime {
	var out []NamedTime
	for _, e := range []struct {
		n string
		m *Moment
	}{{"exit", r.Exit}, {"deploy", r.Deploy}, {"canopy_open", r.CanopyOpen}, {"landing", r.Landing}} {
		if e.m != nil {
			out = append(out, NamedTime{e.n, e.m.Time})
		}
	}
	return out
}

// SyncPoint says that the moment At (UTC, on the track's GPS clock) was seen in
// the video at timecode Video (time from the start of the video).
type SyncPoint struct {
	At    time.Time     `json:"at"`
	Video time.Duration `json:"video"`
}

// Timecode is an event's place in the video.
type Timecode struct {
	Name string    `json:"name"`
	Time time.Time `json:"time"`
	// Video is the time from the start of the video; Text the same as
	// H:MM:SS.mmm. InVideo is false when it falls before the start (negative).
	Video   time.Duration `json:"video_ns"`
	Text    string        `json:"timecode"`
	InVideo bool          `json:"in_video"`
}

// Clock maps GPS time to video time: video = Offset + Rate·(t − Ref).
type Clock struct {
	Ref    time.Time     `json:"ref"`
	Offset time.Duration `json:"offset"`
	// Rate is video seconds per GPS second (1 without drift; a camera clock that
	// runs 0.1 % fast has 1.001).
	Rate float64 `json:"rate"`
	// From says how the clock was set.
	From string `json:"from"`
}

// NewClock builds the clock: with no sync point, the video starts at videoStart
// (UTC, on the GPS clock; rate 1); with one, the offset from it (rate 1); with two
// or more, a least-squares line through them (the camera clock's linear drift).
// Rates outside 0.99-1.01 (a 1 % clock error, 36 s an hour) are refused as
// mistyped sync points.
func NewClock(videoStart time.Time, sync []SyncPoint) (Clock, error) {
	switch len(sync) {
	case 0:
		if videoStart.IsZero() {
			return Clock{}, fmt.Errorf("debrief: video: give the video's start time or at least one sync point")
		}
		return Clock{Ref: videoStart, Rate: 1, From: "video start time"}, nil
	case 1:
		return Clock{Ref: sync[0].At, Offset: sync[0].Video, Rate: 1, From: "one sync point (no drift)"}, nil
	}
	ref := sync[0].At
	var sx, sy, sxx, sxy float64
	n := float64(len(sync))
	for _, s := range sync {
		x := s.At.Sub(ref).Seconds()
		y := s.Video.Seconds()
		sx += x
		sy += y
		sxx += x * x
		sxy += x * y
	}
	den := n*sxx - sx*sx
	if math.Abs(den) < 1e-9 {
		return Clock{}, fmt.Errorf("debrief: video: the sync points are all at the same GPS time; give two at different moments")
	}
	rate := (n*sxy - sx*sy) / den
	off := (sy - rate*sx) / n
	if rate < 0.99 || rate > 1.01 {
		return Clock{}, fmt.Errorf("debrief: video: the sync points give a clock rate of %.4f (video seconds per GPS second); a camera clock is within 1 %%: check the sync points", rate)
	}
	return Clock{Ref: ref, Offset: time.Duration(off * 1e9), Rate: rate, From: fmt.Sprintf("%d sync points (linear drift fit)", len(sync))}, nil
}

// Video returns the video time of GPS time t.
func (c Clock) Video(t time.Time) time.Duration {
	return c.Offset + time.Duration(c.Rate*float64(t.Sub(c.Ref)))
}

// Timecodes gives each event's video timecode: see NewClock for videoStart and
// sync.
func Timecodes(events []NamedTime, videoStart time.Time, sync ...SyncPoint) ([]Timecode, Clock, error) {
	c, err := NewClock(videoStart, sync)
	if err != nil {
		return nil, c, err
	}
	var out []Timecode
	for _, e := range events {
		v := c.Video(e.Time)
		out = append(out, Timecode{Name: e.Name, Time: e.Time, Video: v, Text: FormatTimecode(v), InVideo: v >= 0})
	}
	return out, c, nil
}

// FormatTimecode writes a video time as H:MM:SS.mmm (a leading minus when
// negative).
func FormatTimecode(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	ms := d.Round(time.Millisecond).Milliseconds()
	return fmt.Sprintf("%s%d:%02d:%02d.%03d", sign, ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}

// ParseTimecode reads a video time: "H:MM:SS(.fff)", "MM:SS(.fff)" or seconds
// "83.4". Frames (";" or a fourth ":" field) are not accepted: give seconds with
// decimals.
func ParseTimecode(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	parts := strings.Split(s, ":")
	if len(parts) > 3 || s == "" {
		return 0, fmt.Errorf("timecode %q: want H:MM:SS.fff, MM:SS.fff or seconds", s)
	}
	total := 0.0
	for i, p := range parts {
		v, err := strconv.ParseFloat(p, 64)
		if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) || (i < len(parts)-1 && v != math.Trunc(v)) ||
			(i > 0 && v >= 60) || strings.ContainsAny(p, "eE+-") {
			return 0, fmt.Errorf("timecode %q: field %q: want H:MM:SS.fff, MM:SS.fff or seconds (minutes and seconds below 60)", s, p)
		}
		total = total*60 + v
	}
	if total > 1e6 {
		return 0, fmt.Errorf("timecode %q: longer than 11 days", s)
	}
	return time.Duration(math.Round(total * 1e9)), nil
}

// ParseSync reads a sync point "WHEN=TIMECODE": WHEN is an event name from
// events (exit, deploy, canopy_open, landing) or an RFC 3339 time (UTC on the GPS
// clock), TIMECODE as ParseTimecode reads it. Example: "exit=0:01:23.4".
func ParseSync(s string, events []NamedTime) (SyncPoint, error) {
	when, tc, ok := strings.Cut(s, "=")
	if !ok {
		return SyncPoint{}, fmt.Errorf("sync %q: want EVENT=TIMECODE, e.g. exit=0:01:23.4", s)
	}
	when = strings.TrimSpace(when)
	v, err := ParseTimecode(tc)
	if err != nil {
		return SyncPoint{}, fmt.Errorf("sync %q: %w", s, err)
	}
	for _, e := range events {
		if e.Name == when {
			return SyncPoint{At: e.Time, Video: v}, nil
		}
	}
	t, err := time.Parse(time.RFC3339Nano, when)
	if err != nil {
		var names []string
		for _, e := range events {
			names = append(names, e.Name)
		}
		return SyncPoint{}, fmt.Errorf("sync %q: %q is neither an event of the track %v nor an RFC 3339 time", s, when, names)
	}
	return SyncPoint{At: t.UTC(), Video: v}, nil
}
