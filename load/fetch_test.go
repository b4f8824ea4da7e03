package load

import (
	"errors"
	"strings"
	"testing"
	"time"

	"halo/mission"
)

// winds.fetch is refused where files are (the server): there it would plan on no
// winds. Where files may be read, the mission loads without winds (the CLI fetches).
func TestWindsFetchRefusedWithoutFiles(t *testing.T) {
	m := strings.Replace(refMission, "  file: winds.csv", "  fetch: {source: open-meteo, model: gfs}", 1)
	_, err := FromBytes("m.yaml", []byte(m), "", time.Now())
	var es mission.Errors
	if !errors.As(err, &es) || len(es) != 1 || es[0].Path != "winds.fetch" || es[0].Line != 5 || !strings.Contains(es[0].Msg, "put the winds inline") {
		t.Errorf("server: %v", err)
	}
	in, err := FromBytes("m.yaml", []byte(m), t.TempDir(), time.Now())
	if err != nil || in.Wind != nil || in.Mission.Winds.Fetch == nil {
		t.Errorf("CLI: %v, wind %v", err, in.Wind)
	}
}
