package magnetic_test

import (
	"fmt"

	"halo/geo/magnetic"
)

// A jump run flown on a true course of 090° near 24.1°N 54.6°E on 1 July 2026:
// the declination there turns it into the magnetic course a pilot flies.
func Example() {
	f, err := magnetic.WMM2025().Field(24.10, 54.60, 60, 2026.5)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("declination %.2f° (%+.3f°/yr), inclination %.2f°, F %.0f nT\n", f.D, f.DDot, f.I, f.F)
	mag := magnetic.Magnetic(90, f.D)
	fmt.Printf("true 090° = magnetic %05.1f°; back to true %05.1f°\n", mag, magnetic.True(mag, f.D))

	// Outside the model's validity the answer is an error, not an extrapolation.
	if _, err := magnetic.Declination(24.10, 54.60, 60, 2031.0); err != nil {
		fmt.Println(err)
	}
	// Output:
	// declination 2.10° (+0.001°/yr), inclination 37.92°, F 43897 nT
	// true 090° = magnetic 087.9°; back to true 090.0°
	// magnetic: outside the World Magnetic Model's validity: date 2031 (decimal year): WMM-2025 is valid from 2025.0 to 2030.0 and is not extrapolated; use the model for that date
}
