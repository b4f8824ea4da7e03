// Video timecodes: where each event of the flown jump is in a video, from the
// video's start time or sync points on the camera's clock.

package debrief

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

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
