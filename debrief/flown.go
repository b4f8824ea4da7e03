package debrief

import "halo/track"

// Flown is one flown track with its phases (track.DetectPhases), as render
// draws it.
type Flown struct {
	Name   string
	Track  *track.Track
	Phases track.Phases
}
