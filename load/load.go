// Package load reads a mission file and every file it names (winds, sounding,
// airspace GeoJSON) from disk into plan.Inputs. It is the I/O adapter between the
// file system and the domain packages; the CLI uses it, and the server uses
// FromBytes with file references refused.
package load

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"halo/airspace"
	"halo/mission"
	"halo/plan"
	"halo/wind/windfile"
)

// MaxFile is the largest file halo reads for a mission (winds, sounding, airspace), bytes.
const MaxFile = 32 << 20

// Mission reads the mission at path (a file, or an embedded mission's name;
// "" is the embedded default: see Resolve) and the files it names, relative to
// the mission's directory. now is the planning time.
func Mission(path string, now time.Time) (plan.Inputs, error) {
	src, err := Resolve(path)
	if err != nil {
		return plan.Inputs{}, err
	}
	return FromBytes(src.Name, src.YAML, src.Dir, now)
}

// FromBytes decodes a mission held in memory. dir is the directory its file
// references are relative to; "" refuses every file reference (the server).
func FromBytes(name string, data []byte, dir string, now time.Time) (plan.Inputs, error) {
	m, err := mission.Decode(name, data)
	if err != nil {
		return plan.Inputs{}, err
	}
	in := plan.Inputs{Mission: m, Now: now}
	ref := now
	if !m.Schedule.Takeoff.IsZero() {
		ref = m.Schedule.Takeoff
	}
	resolve := func(what, f string) ([]byte, string, error) {
		if dir == "" {
			return nil, "", m.ErrorAt(what, "%q: file references are not allowed here; put the data inline", f)
		}
		p := f
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, f)
		}
		b, err := readFile(p)
		if err != nil {
			return nil, "", m.ErrorAt(what, "%v", err)
		}
		return b, p, nil
	}
	if m.Winds.Fetch != nil && dir == "" {
		// fetching is the CLI's (cmd/halo) job: here a mission that asks for it
		// would plan on no winds
		return in, m.ErrorAt("winds.fetch", "fetching forecasts is not done here: put the winds inline (halo winds fetch prints them)")
	}
	if m.Winds.File != "" {
		b, p, err := resolve("winds.file", m.Winds.File)
		if err != nil {
			return in, err
		}
		prof, _, err := windfile.Read(p, b, m.Winds.Station, ref)
		if err != nil {
			return in, fmt.Errorf("%s: winds.file: %w", name, err)
		}
		in.Wind = prof
	}
	if m.Atmosphere.Sounding != "" {
		b, p, err := resolve("atmosphere.sounding", m.Atmosphere.Sounding)
		if err != nil {
			return in, err
		}
		lv, _, err := windfile.Levels(p, b, ref)
		if err != nil {
			return in, fmt.Errorf("%s: atmosphere.sounding: %w", name, err)
		}
		in.Sounding = lv
	}
	for i, a := range m.Airspace {
		if a.File == "" {
			continue
		}
		b, p, err := resolve(fmt.Sprintf("airspace[%d].file", i), a.File)
		if err != nil {
			return in, err
		}
		ps, err := airspace.Read(bytes.NewReader(b))
		if err != nil {
			return in, fmt.Errorf("%s: airspace[%d].file %s: %w", name, i, p, err)
		}
		for k := range ps {
			ps[k].Source = p // messages about a point name the file and its line
		}
		in.Airspace = append(in.Airspace, ps...)
	}
	// a mission's groups exit slot by slot, spaced at the run's ground speed
	return plan.SpaceGroups(in), nil
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// readFile reads a whole file, refusing anything but a regular file (a FIFO
// would block the reader forever, a device never ends) and files larger than
// MaxFile, and drops a UTF-8 byte-order mark at its start.
func readFile(p string) ([]byte, error) {
	f, err := Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// read through a limit as well: a file can grow while it is read
	b, err := io.ReadAll(io.LimitReader(f, MaxFile+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	if len(b) > MaxFile {
		return nil, fmt.Errorf("%s is larger than %d bytes, the most halo reads for one file", p, MaxFile)
	}
	// every format halo reads is text; a UTF-8 byte-order mark (Windows editors
	// write one) is not part of it
	return bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")), nil
}

// Open opens p for reading if it is a regular file (a symbolic link to one is
// followed). A FIFO, socket, device or directory is refused with a message naming
// the file: the kind is checked before the open, and the open is non-blocking so
// that a file swapped for a FIFO in between cannot hang it, and checked again on
// the open file.
func Open(p string) (*os.File, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if err := regular(p, fi); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(p, os.O_RDONLY|nonblock, 0)
	if err != nil {
		return nil, err
	}
	if fi, err = f.Stat(); err == nil {
		err = regular(p, fi)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// regular refuses what is not a regular file, saying what it is.
func regular(p string, fi os.FileInfo) error {
	m := fi.Mode()
	if m.IsRegular() {
		return nil
	}
	kind := "not a regular file"
	switch {
	case m.IsDir():
		kind = "a directory"
	case m&os.ModeNamedPipe != 0:
		kind = "a named pipe (FIFO)"
	case m&os.ModeSocket != 0:
		kind = "a socket"
	case m&os.ModeCharDevice != 0:
		kind = "a character device"
	case m&os.ModeDevice != 0:
		kind = "a device"
	}
	return fmt.Errorf("%s is %s: halo reads only regular files; copy the data into a file", p, kind)
}

// File reads any input file (a track, a winds file) with the size limit.
func File(p string) ([]byte, error) { return readFile(p) }
