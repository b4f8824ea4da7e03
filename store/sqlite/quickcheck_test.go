package sqlite

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"halo/store/storetest"
)

// BenchmarkQuickCheck is PRAGMA quick_check alone, the part of every open
// that grows with the log (tracks of 64 KiB, three per attempt).
func BenchmarkQuickCheck(b *testing.B) {
	for _, attempts := range []int{10, 100, 300} {
		b.Run(strconv.Itoa(attempts)+"attempts", func(b *testing.B) {
			ctx := context.Background()
			p := filepath.Join(b.TempDir(), "log.db")
			l, err := Open(ctx, p)
			if err != nil {
				b.Fatal(err)
			}
			defer l.Close()
			if _, err := l.Import(ctx, bytes.NewReader(storetest.BigExport(b, attempts, 64))); err != nil {
				b.Fatal(err)
			}
			if _, err := l.write.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
				b.Fatal(err)
			}
			st, err := os.Stat(p)
			if err != nil {
				b.Fatal(err)
			}
			size := st.Size()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := quickCheck(ctx, l.read, p); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(size)/(1<<20), "MiB")
		})
	}
}
