package mission

import (
	"math"
	"strings"
	"testing"
)

// The AAD's ground reference: the take-off field by default (listed under the
// assumptions), the landing area with armed_at: target, or the take-off field plus
// the device's altitude offset; per jumper overrides the mission's.
func TestAADReference(t *testing.T) {
	cases := []struct {
		name    string
		yaml    string
		armedAt string
		offset  float64 // NaN: not given
		j0      AADRef
		asm     string
	}{
		{"default: take-off field", minimal, "takeoff", math.NaN(), AADRef{Offset: math.NaN()}, "aad.armed_at not given: the take-off field"},
		{"armed at the target", edit("", "aad: {armed_at: target}\n"), "target", math.NaN(), AADRef{Offset: math.NaN()}, ""},
		{"offset", edit("", "aad: {offset: 1000 m}\n"), "takeoff", 1000, AADRef{Offset: math.NaN()}, ""},
		{"negative offset in feet", edit("", "aad: {armed_at: takeoff, offset: -3000 ft}\n"), "takeoff", -914.4, AADRef{Offset: math.NaN()}, ""},
		{"per jumper", edit("open_at: 1000 m}", "open_at: 1000 m, aad: {armed_at: target, altitude: 1000 ft}}"), "takeoff", math.NaN(),
			AADRef{ArmedAt: "target", Offset: math.NaN()}, ""},
	}
	for _, c := range cases {
		m, err := Decode("aad.yaml", []byte(c.yaml))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if m.AAD.ArmedAt != c.armedAt || !near(m.AAD.Offset, c.offset) {
			t.Errorf("%s: aad %+v, want armed at %q offset %v", c.name, m.AAD, c.armedAt, c.offset)
		}
		if j := m.Jumpers[0].AADRef; j.ArmedAt != c.j0.ArmedAt || !near(j.Offset, c.j0.Offset) {
			t.Errorf("%s: jumper aad %+v, want %+v", c.name, j, c.j0)
		}
		if c.asm != "" && !strings.Contains(strings.Join(m.Assumptions, "\n"), c.asm) {
			t.Errorf("%s: assumptions lack %q:\n%s", c.name, c.asm, strings.Join(m.Assumptions, "\n"))
		}
	}
	for _, c := range []struct{ name, yaml, path, msg string }{
		{"unknown reference", edit("", "aad: {armed_at: hangar}\n"), "aad.armed_at", `"hangar": use takeoff or target`},
		{"offset with target", edit("", "aad: {armed_at: target, offset: 100 m}\n"), "aad.offset", "an offset applies to an AAD switched on at the take-off field"},
		{"offset out of range", edit("", "aad: {offset: 9000 m}\n"), "aad.offset", "above the maximum"},
		{"jumper offset with target", edit("open_at: 1000 m}", "open_at: 1000 m, aad: {armed_at: target, offset: 10 m}}"), "jumpers[0].aad.offset", "take-off field"},
	} {
		_, err := Decode("aad.yaml", []byte(c.yaml))
		if err == nil || !strings.Contains(err.Error(), c.path+": ") || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: error %v, want %s: ...%s", c.name, err, c.path, c.msg)
		}
	}
}

// AADGround is the ground the AAD measures its activation altitude from, m MSL.
func TestAADGround(t *testing.T) {
	m, err := Decode("aad.yaml", []byte(edit("elevation: 0 m}", "elevation: 2500 m}",
		"airspeed: 50 m/s}", "airspeed: 50 m/s, takeoff_elevation: 1500 m}", "altitude: 4000 m", "altitude: 7000 m")))
	if err != nil {
		t.Fatal(err)
	}
	j := &m.Jumpers[0]
	for _, c := range []struct {
		mission, jumper AADRef
		want            float64
	}{
		{AADRef{ArmedAt: "takeoff", Offset: math.NaN()}, AADRef{Offset: math.NaN()}, 1500},
		{AADRef{ArmedAt: "target", Offset: math.NaN()}, AADRef{Offset: math.NaN()}, 2500},
		{AADRef{ArmedAt: "takeoff", Offset: 1000}, AADRef{Offset: math.NaN()}, 2500},
		{AADRef{ArmedAt: "takeoff", Offset: 400}, AADRef{Offset: math.NaN()}, 1900},
		{AADRef{ArmedAt: "takeoff", Offset: math.NaN()}, AADRef{ArmedAt: "target", Offset: math.NaN()}, 2500},
		{AADRef{ArmedAt: "target", Offset: math.NaN()}, AADRef{ArmedAt: "takeoff", Offset: 200}, 1700},
	} {
		m.AAD, j.AADRef = c.mission, c.jumper
		if got, basis := m.AADGround(j); got != c.want || basis == "" {
			t.Errorf("mission %+v jumper %+v: ground %v (%q), want %v", c.mission, c.jumper, got, basis, c.want)
		}
	}
}

// limits.camera_in_frame: the share of the filmable free fall the camera flyer is
// to spend within camera_within of the talent; default 50 %, listed.
func TestCameraInFrameLimit(t *testing.T) {
	m, err := Decode("min.yaml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if m.Limits.CameraInFrame != DefaultCameraInFrame || !strings.Contains(strings.Join(m.Assumptions, "\n"), "limits.camera_in_frame not given: 50 %") {
		t.Errorf("default camera_in_frame %v; assumptions %q", m.Limits.CameraInFrame, m.Assumptions)
	}
	m, err = Decode("min.yaml", []byte(edit("", "limits: {camera_in_frame: 80 %}\n")))
	if err != nil || m.Limits.CameraInFrame != 0.8 {
		t.Fatalf("camera_in_frame 80 %%: %v, %v", m.Limits.CameraInFrame, err)
	}
	if _, err := Decode("min.yaml", []byte(edit("", "limits: {camera_in_frame: 120 %}\n"))); err == nil {
		t.Error("camera_in_frame 120 % accepted")
	}
}

// night: the night-jump items a mission states (nil when it states none).
func TestNightItems(t *testing.T) {
	m, err := Decode("min.yaml", []byte(minimal))
	if err != nil || m.Night != nil {
		t.Fatalf("no night section: %+v, %v", m.Night, err)
	}
	m, err = Decode("n.yaml", []byte(edit("", "night: {lights: true, altimeters: true, briefed: yes, landing_area_lit: false}\n")))
	if err != nil {
		t.Fatal(err)
	}
	if n := m.Night; n == nil || !n.Lights || !n.Altimeters || !n.Briefed || n.LandingAreaLit {
		t.Errorf("night %+v", m.Night)
	}
	if _, err := Decode("n.yaml", []byte(edit("", "night: {lamps: true}\n"))); err == nil || !strings.Contains(err.Error(), "night.lamps: unknown key") {
		t.Errorf("unknown night key: %v", err)
	}
}
