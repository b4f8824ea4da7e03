package track

import (
	"bytes"
	"fmt"
	"os"
	"testing"
	"time"

	"halo/internal/testdata"
)

// syntheticFlySight1 builds a FlySight 1 CSV of n rows at 5 Hz (14 columns,
// CRLF), shaped like the real files: a climb, a free fall and a canopy flight.
func syntheticFlySight1(n int) []byte {
	var b bytes.Buffer
	b.WriteString("time,lat,lon,hMSL,velN,velE,velD,hAcc,vAcc,sAcc,heading,cAcc,gpsFix,numSV\r\n")
	b.WriteString(",(deg),(deg),(m),(m/s),(m/s),(m/s),(m),(m),(m/s),(deg),(deg),,\r\n")
	t0 := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		tt := t0.Add(time.Duration(i) * 200 * time.Millisecond)
		ph := float64(i) / float64(n)
		h := 4000 * (1 - ph)
		fmt.Fprintf(&b, "%s,%.7f,%.7f,%.3f,%.2f,%.2f,%.2f,%.3f,%.3f,%.2f,%.5f,%.5f,3,%d\r\n",
			tt.Format("2006-01-02T15:04:05.00Z"), 37.7+ph*0.01, -121.3-ph*0.01, h,
			12.34, -5.67, 50*ph, 2.5, 3.1, 0.35, 317.12345, 1.23456, 9)
	}
	return b.Bytes()
}

// BenchmarkReadFlySight1 measures Read on a ~60 MB synthetic FlySight 1 file
// (520,000 rows, 29 h at 5 Hz).
func BenchmarkReadFlySight1(b *testing.B) {
	data := syntheticFlySight1(520_000)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Read(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadRealFiles reads every real file once per iteration.
func BenchmarkReadRealFiles(b *testing.B) {
	var files [][]byte
	total := 0
	for f := range phaseTruths {
		d, err := os.ReadFile(testdata.Path(b, f))
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, d)
		total += len(d)
	}
	b.SetBytes(int64(total))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range files {
			if _, err := Read(bytes.NewReader(d)); err != nil {
				b.Fatal(err)
			}
		}
	}
}
