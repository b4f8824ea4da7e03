// Package debrief compares a flown jump (a GPS track read by package track) with
// its plan (package plan). Its jobs, one file each:
//
//   - file.go: the one debrief path the CLI and the server share (File), a
//     logger file read, phased, measured and compared;
//   - jumper.go: which of the plan's jumpers flew each track (TrackJumpers);
//   - compare.go: the comparison with the plan, each measured value beside the
//     planned one and the difference, the winds flown against the forecast, a
//     short ranked summary of what went differently;
//   - fit.go: the calibration of the jumper's drag area and canopy from the
//     track (Calibrate, Reproduce);
//   - separation.go: the separations of the jumpers of one attempt (Attempt);
//   - timecode.go: video timecodes of the events (Timecodes, ParseSync);
//   - place.go: whether a track was flown at the plan's place or at another
//     (Locate), where the comparison with the plan is withheld.
//
// Writing the fitted figures back into a mission file is mission.Update.
//
// It does no I/O beyond writing to the io.Writer it is handed. Units are SI:
// metres, seconds, m/s, m², kg; angles in degrees true; times UTC. Heights AGL are
// above the target's elevation (the plan's), never the GPS ground, unless no
// target is known or the track was flown at another place (then its landing).
// Values that cannot be measured are NaN (null in JSON).
package debrief
