package render

import (
	"bufio"
	"fmt"
	"io"
	"time"

	"halo/plan"
)

// FlySight2 writes the planned path of the selected jumpers (all when only is "")
// as a FlySight 2 TRACK.CSV ($FLYS, $VAR, $COL, $UNIT, $DATA headers, $GNSS rows),
// so a jumper can load it for in-air navigation. Times are the planned clock times
// (UTC) when the mission has a schedule, else from 2000-01-01T00:00:00Z (say so in
// $VAR). hAcc, vAcc and sAcc are 0: a plan is not a measurement.
func FlySight2(w io.Writer, p *plan.Plan, only string) error {
	g, err := PlanGeometry(p)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	base := p.ExitTime.UTC()
	note := "planned"
	if p.ExitTime.IsZero() {
		base = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
		note = "planned, no schedule: times from 2000-01-01"
	}
	fmt.Fprintf(bw, "$FLYS,1\r\n$VAR,FIRMWARE_VER,halo-plan\r\n$VAR,DEVICE_ID,halo\r\n$VAR,SESSION_ID,%s %s\r\n", flySightText(p.Mission), note)
	if p.Planner != "" {
		fmt.Fprintf(bw, "$VAR,PLANNER,%s\r\n", flySightText(p.Planner)) // the halo build that planned it
	}
	fmt.Fprintf(bw, "$COL,GNSS,time,lat,lon,hMSL,velN,velE,velD,hAcc,vAcc,sAcc,numSV\r\n")
	fmt.Fprintf(bw, "$UNIT,GNSS,,deg,deg,m,m/s,m/s,m/s,m,m,m/s,\r\n$DATA\r\n")
	for _, path := range selectedPaths(g, only) {
		for _, s := range path.Points {
			t := base.Add(time.Duration((path.ExitOffsetS + s.T) * float64(time.Second)))
			fmt.Fprintf(bw, "$GNSS,%s,%.7f,%.7f,%.3f,%.2f,%.2f,%.2f,0,0,0,0\r\n", t.Format("2006-01-02T15:04:05.000Z"), s.Lat, s.Lon, s.Z, s.VN, s.VE, -s.VU)
		}
	}
	return bw.Flush()
}

// SimText writes a short table of the simulation report.
func SimText(w io.Writer, r SimReport) error {
	fmt.Fprintf(w, "SIMULATION  %s  (%s)\n", Escape(r.Mission), r.Note)
	fmt.Fprintf(w, "%-10s %8s %9s %9s %6s %10s %10s %8s %5s\n", "jumper", "ff s", "vmax m/s", "at m", "Mach", "deploy m", "land t s", "miss m", "AAD")
	for _, j := range r.Jumpers {
		fmt.Fprintf(w, "%-10s %8.1f %9.1f %9.0f %6.3f %10.0f %10.1f %8.1f %5v\n", Escape(j.Name), j.FreefallS, j.MaxSpeedMps, j.MaxSpeedAltM, j.MaxMach, j.DeployAltM, j.LandingTS, j.LandingErrM, j.AADFire)
	}
	return nil
}
