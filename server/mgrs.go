package server

import (
	"net/http"
	"strconv"

	"halo/geo/mgrs"
)

// MGRSResponse is GET /api/mgrs?lat=&lon=: the point's MGRS reference to 1 m
// (geo/mgrs), for the page's cursor readout; the page has no MGRS code of its own.
type MGRSResponse struct {
	Lat  float64 `json:"lat"`
	Lon  float64 `json:"lon"`
	MGRS string  `json:"mgrs"`
}

func (s *Server) getMGRS(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	lat, err1 := strconv.ParseFloat(q.Get("lat"), 64)
	lon, err2 := strconv.ParseFloat(q.Get("lon"), 64)
	if err1 != nil || err2 != nil {
		writeError(w, http.StatusBadRequest, "want ?lat=DEG&lon=DEG, decimal degrees WGS84")
		return
	}
	ref, err := mgrs.Format(lat, lon, mgrs.MaxPrecision)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, MGRSResponse{Lat: lat, Lon: lon, MGRS: ref})
}
