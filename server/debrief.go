package server

import (
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strings"

	"halo/debrief"
	"halo/geo"
	"halo/plan"
	"halo/track"
)

// debriefAvailable tells the page (GET /api/config) that /api/debrief exists.
const debriefAvailable = true

func (s *Server) debriefRoutes(m *http.ServeMux, read func(http.Handler) http.Handler) {
	m.Handle("POST /api/debrief", read(http.HandlerFunc(s.postDebrief)))
}

// MaxTrackPoints is the most track points /api/debrief returns for drawing.
const MaxTrackPoints = 5000

// DebriefResponse is POST /api/debrief: the debrief report (as `halo debrief
// --json` gives it) and the track for drawing: [t_s, e_m, n_m, z_m] in the
// plan's frame (metres east and north of the target, altitude MSL), or, without
// a mission, in a frame at the track's last point.
type DebriefResponse struct {
	Report debrief.Report `json:"report"`
	Track  DebriefTrack   `json:"track"`
}

// DebriefTrack is the uploaded track, thinned to at most MaxTrackPoints.
type DebriefTrack struct {
	Name    string       `json:"name"`
	Format  string       `json:"format"`
	Points  int          `json:"points"`
	Frame   string       `json:"frame"` // "target" or "track end"
	Columns []string     `json:"columns"`
	Samples [][4]float64 `json:"samples"`
	LatLon  [][2]float64 `json:"latlon"`
	// DistanceM is how far the track's last point is from the plan's target, m
	// (omitted without a mission).
	DistanceM *float64        `json:"distance_from_target_m,omitempty"`
	Warnings  []track.Warning `json:"warnings"`
}

// postDebrief reads a multipart form: "track" (the logger file, required),
// "mission" (a file or a text field, YAML or JSON, optional) and "jumper" (the
// plan's jumper who flew it; optional for a one-jumper mission: the rule of
// debrief.TrackJumpers, as for halo debrief and the log).
func (s *Server) postDebrief(w http.ResponseWriter, r *http.Request) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "multipart/form-data" {
		writeError(w, http.StatusUnsupportedMediaType, fmt.Sprintf("Content-Type %q: send multipart/form-data with a \"track\" file part (and optionally \"mission\" and \"jumper\")", r.Header.Get("Content-Type")))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxTrackBytes)
	mr, err := r.MultipartReader()
	if err != nil {
		writeError(w, http.StatusBadRequest, "send multipart/form-data with a \"track\" file part (and optionally \"mission\" and \"jumper\"): "+err.Error())
		return
	}
	var trackData, missionData []byte
	var trackName, jumper, missionSyntaxName string
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			s.debriefReadErr(w, err)
			return
		}
		name := part.FormName()
		b, err := io.ReadAll(part)
		if err != nil {
			s.debriefReadErr(w, err)
			return
		}
		switch name {
		case "track":
			if trackData != nil {
				writeError(w, http.StatusBadRequest, "one \"track\" per request: debrief each jumper's track in its own request")
				return
			}
			trackData, trackName = b, filepath.Base(part.FileName())
		case "mission":
			missionData = b
			missionSyntaxName = missionPartSyntax(part)
		case "jumper":
			jumper = strings.TrimSpace(string(b))
		default:
			writeError(w, http.StatusBadRequest, fmt.Sprintf("unknown form field %q: send \"track\", \"mission\" and \"jumper\"", name))
			return
		}
	}
	if len(trackData) == 0 {
		writeError(w, http.StatusBadRequest, "no track: send the logger file as the form's \"track\" part")
		return
	}
	if trackName == "" || trackName == "." {
		trackName = "track"
	}
	// the plan first, so a bad mission is reported as one
	var ent *planEntry
	if len(strings.TrimSpace(string(missionData))) > 0 {
		body, err := missionBytes(missionData, missionSyntaxName)
		if err != nil {
			s.answerErr(w, r, http.StatusBadRequest, err)
			return
		}
		var code int
		ent, code, err = s.solve(r.Context(), body, missionSyntaxName)
		if err != nil {
			s.answerErr(w, r, code, err)
			return
		}
	}
	var p *plan.Plan
	if ent != nil {
		p = ent.plan
	}
	// the jumper who flew it, by the rule halo debrief and the log apply
	var given []string
	if jumper != "" {
		given = []string{jumper}
	}
	names, err := debrief.TrackJumpers(p, 1, given)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	d, err := debrief.File(trackName, trackData, p, names[0], 0)
	if err != nil {
		code := http.StatusBadRequest
		if errors.Is(err, debrief.ErrPhases) {
			code = http.StatusUnprocessableEntity
		}
		writeError(w, code, err.Error())
		return
	}
	t := d.Track
	resp := DebriefResponse{Report: d.Report}
	resp.Track = drawTrack(t, trackName, ent)
	writeJSON(w, http.StatusOK, resp)
}

func (s *Server) debriefReadErr(w http.ResponseWriter, err error) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("upload larger than %d bytes (%d MiB); send one track at a time", mbe.Limit, mbe.Limit>>20))
		return
	}
	writeError(w, http.StatusBadRequest, "reading the upload: "+err.Error())
}

// missionPartSyntax is "json" for a mission part sent as JSON (by its content
// type or a .json file name), else "yaml".
func missionPartSyntax(p *multipart.Part) string {
	if syn, _, err := missionSyntax(p.Header.Get("Content-Type")); err == nil && syn == "json" {
		return "json"
	}
	if strings.EqualFold(filepath.Ext(p.FileName()), ".json") {
		return "json"
	}
	return "yaml"
}

func drawTrack(t *track.Track, name string, ent *planEntry) DebriefTrack {
	dt := DebriefTrack{Name: name, Format: t.Format, Points: len(t.Points), Columns: []string{"t_s", "e_m", "n_m", "z_m"},
		Samples: [][4]float64{}, LatLon: [][2]float64{}, Warnings: t.Warnings}
	if len(t.Points) == 0 {
		return dt
	}
	last := t.Points[len(t.Points)-1]
	var f geo.Frame
	if ent != nil {
		f = ent.plan.Env.Frame
		dt.Frame = "target"
		d := math.Round(geo.Distance(ent.plan.Target.Lat, ent.plan.Target.Lon, last.Lat, last.Lon)*10) / 10
		dt.DistanceM = &d
	} else {
		f = geo.NewFrame(last.Lat, last.Lon, 0)
		dt.Frame = "track end"
	}
	step := max(1, (len(t.Points)+MaxTrackPoints-1)/MaxTrackPoints)
	for i := 0; i < len(t.Points); i += step {
		p := t.Points[i]
		if math.IsNaN(p.Lat) || math.IsNaN(p.Lon) || math.IsNaN(p.HMSL) {
			continue
		}
		e, n, _ := f.ToENU(p.Lat, p.Lon, 0)
		dt.Samples = append(dt.Samples, [4]float64{r2(t.Seconds(i)), r1(e), r1(n), r1(p.HMSL)})
		dt.LatLon = append(dt.LatLon, [2]float64{math.Round(p.Lat*1e7) / 1e7, math.Round(p.Lon*1e7) / 1e7})
	}
	return dt
}
