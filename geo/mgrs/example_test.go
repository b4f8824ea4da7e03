package mgrs_test

import (
	"fmt"

	"halo/geo/mgrs"
)

// A position in decimal degrees as a 1 m, a 100 m and a 100 km MGRS reference, and
// a reference back to the centre of its square.
func Example() {
	lat, lon := 48.8583701, 2.2944813 // degrees, WGS84
	for _, p := range []int{5, 3, 0} {
		s, err := mgrs.Format(lat, lon, p)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(s)
	}
	clat, clon, err := mgrs.Decode("31U DQ 48250 11951")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.6f %.6f\n", clat, clon)
	_, _, err = mgrs.Decode("31UDQ482511193")
	fmt.Println(err)
	// Output:
	// 31UDQ4825011951
	// 31UDQ482119
	// 31UDQ
	// 48.858369 2.294480
	// mgrs: malformed MGRS reference "31UDQ482511193": 9 digits: want an even number from 0 to 10 (half easting, half northing)
}
