package mgrs

import (
	"math"

	"halo/geo"
)

// The transverse Mercator projection by Krüger's series in the third flattening n,
// to sixth order, as given by [KARNEY2011] (C. F. F. Karney, "Transverse Mercator with
// an accuracy of a few nanometres", J. Geodesy 85(8), 475–485, 2011, eqs. 7–11, 15,
// 35–36). Within the 6° UTM zones (and the 12° Svalbard zones) the series is accurate
// to a few nanometres, far below the 1 m resolution of an MGRS reference.

const (
	deg = math.Pi / 180

	// k0UTM is the UTM central scale factor (NGA.SIG.0012, [NGA-MGRS]).
	k0UTM = 0.9996
	// k0UPS is the UPS scale factor at the pole (NGA.SIG.0012, [NGA-MGRS]).
	k0UPS = 0.994
	// UTM false easting and southern false northing, metres.
	falseEastingUTM  = 500000.0
	falseNorthingUTM = 10000000.0
	// UPS false easting and northing, metres.
	falseUPS = 2000000.0
)

var (
	// Derived WGS84 figures, computed once from the defining constants in package geo.
	ecc   = math.Sqrt(geo.E2) // first eccentricity
	e2m   = 1 - geo.E2        // 1 − e²
	third = geo.F / (2 - geo.F)

	// rectA is the rectifying radius A = a/(1+n)·(1 + n²/4 + n⁴/64 + n⁶/256), metres.
	rectA = geo.A / (1 + third) * (1 + third*third/4 + math.Pow(third, 4)/64 + math.Pow(third, 6)/256)

	alpha = krugerAlpha(third)
	beta  = krugerBeta(third)
)

// krugerAlpha returns α1..α6 of [KARNEY2011] eq. 35 (forward series).
func krugerAlpha(n float64) [6]float64 {
	n2, n3 := n*n, n*n*n
	n4, n5, n6 := n2*n2, n2*n3, n3*n3
	return [6]float64{
		n/2 - 2*n2/3 + 5*n3/16 + 41*n4/180 - 127*n5/288 + 7891*n6/37800,
		13*n2/48 - 3*n3/5 + 557*n4/1440 + 281*n5/630 - 1983433*n6/1935360,
		61*n3/240 - 103*n4/140 + 15061*n5/26880 + 167603*n6/181440,
		49561*n4/161280 - 179*n5/168 + 6601661*n6/7257600,
		34729*n5/80640 - 3418889*n6/1995840,
		212378941 * n6 / 319334400,
	}
}

// krugerBeta returns β1..β6 of [KARNEY2011] eq. 36 (reverse series).
func krugerBeta(n float64) [6]float64 {
	n2, n3 := n*n, n*n*n
	n4, n5, n6 := n2*n2, n2*n3, n3*n3
	return [6]float64{
		n/2 - 2*n2/3 + 37*n3/96 - n4/360 - 81*n5/512 + 96199*n6/604800,
		n2/48 + n3/15 - 437*n4/1440 + 46*n5/105 - 1118711*n6/3870720,
		17*n3/480 - 37*n4/840 - 209*n5/4480 + 5569*n6/90720,
		4397*n4/161280 - 11*n5/504 - 830251*n6/7257600,
		4583*n5/161280 - 108847*n6/3991680,
		20648693 * n6 / 638668800,
	}
}

// eatanhe returns e·atanh(e·x).
func eatanhe(x float64) float64 { return ecc * math.Atanh(ecc*x) }

// taupf returns τ′ = tan χ, the tangent of the conformal latitude, from τ = tan φ
// ([KARNEY2011] eqs. 7–9).
func taupf(tau float64) float64 {
	tau1 := math.Hypot(1, tau)
	sig := math.Sinh(eatanhe(tau / tau1))
	return math.Hypot(1, sig)*tau - sig*tau1
}

// tauf inverts taupf by Newton's method ([KARNEY2011] eqs. 19–21): τ from τ′.
func tauf(taup float64) float64 {
	tau := taup / e2m
	if math.Abs(taup) > 70 {
		tau = taup * math.Exp(eatanhe(1))
	}
	const tol = 1.4901161193847656e-09 // √ε/10
	stol := tol * math.Max(1, math.Abs(taup))
	for i := 0; i < 5; i++ {
		taupa := taupf(tau)
		dtau := (taup - taupa) * (1 + e2m*tau*tau) / (e2m * math.Hypot(1, tau) * math.Hypot(1, taupa))
		tau += dtau
		if math.Abs(dtau) < stol {
			break
		}
	}
	return tau
}

// tmForward projects latitude lat and longitude difference dlon from the central
// meridian (degrees, |dlon| < 90) to transverse Mercator x, y in metres with unit
// scale on the central meridian (multiply by k0), y measured from the equator.
// gamma is the meridian convergence in degrees (grid north clockwise from true north).
func tmForward(lat, dlon float64) (x, y, gamma float64) {
	phi, lam := lat*deg, dlon*deg
	var taup float64
	switch {
	case lat == 90:
		taup = math.Inf(1)
	case lat == -90:
		taup = math.Inf(-1)
	default:
		taup = taupf(math.Tan(phi))
	}
	sl, cl := math.Sincos(lam)
	var xip, etap float64
	if math.IsInf(taup, 0) {
		xip, etap = math.Copysign(math.Pi/2, taup), 0
	} else {
		xip = math.Atan2(taup, cl)
		etap = math.Asinh(sl / math.Hypot(taup, cl))
	}
	xi, eta := xip, etap
	p, q := 1.0, 0.0 // p′, q′ of [KARNEY2011] eq. 13
	for j := 1; j <= 6; j++ {
		a := alpha[j-1]
		s2, c2 := math.Sincos(2 * float64(j) * xip)
		sh, ch := math.Sinh(2*float64(j)*etap), math.Cosh(2*float64(j)*etap)
		xi += a * s2 * ch
		eta += a * c2 * sh
		p += 2 * float64(j) * a * c2 * ch
		q += 2 * float64(j) * a * s2 * sh
	}
	// γ = γ′ + γ″ ([KARNEY2011] eqs. 10, 14).
	gp := math.Atan2(math.Tanh(etap)*math.Sin(xip), math.Cos(xip)) // tan γ′ = τ′/√(1+τ′²)·tan λ
	if math.IsInf(taup, 0) {
		gp = math.Copysign(lam, taup)
	}
	gamma = (gp + math.Atan2(q, p)) / deg
	return rectA * eta, rectA * xi, gamma
}

// tmReverse inverts tmForward: x, y in metres at unit scale to latitude and the
// longitude difference from the central meridian, degrees.
func tmReverse(x, y float64) (lat, dlon float64) {
	xi, eta := y/rectA, x/rectA
	xip, etap := xi, eta
	for j := 1; j <= 6; j++ {
		b := beta[j-1]
		s2, c2 := math.Sincos(2 * float64(j) * xi)
		xip -= b * s2 * math.Cosh(2*float64(j)*eta)
		etap -= b * c2 * math.Sinh(2*float64(j)*eta)
	}
	sxip, cxip := math.Sincos(xip)
	shetap := math.Sinh(etap)
	r := math.Hypot(shetap, cxip)
	if r == 0 { // a pole
		return math.Copysign(90, xip), 0
	}
	taup := sxip / r
	lam := math.Atan2(shetap, cxip)
	return math.Atan(tauf(taup)) / deg, lam / deg
}

// upsForward projects lat, lon (degrees) to UPS easting and northing (metres) in the
// north (north == true) or south polar aspect, with k0 = 0.994 and false easting and
// northing 2,000,000 m (NGA.SIG.0012, [NGA-MGRS]). The polar stereographic on the
// ellipsoid is the conformal sphere's: ρ = 2·a·k0·t/√((1+e)^(1+e)·(1−e)^(1−e)),
// t = tan(π/4 − χ/2) with χ the conformal latitude.
func upsForward(lat, lon float64, north bool) (easting, northing float64) {
	s := 1.0
	if !north {
		s = -1
	}
	phi := s * lat
	var t float64
	if phi == 90 {
		t = 0
	} else {
		taup := taupf(math.Tan(phi * deg))
		t = math.Hypot(1, taup) - taup
		if taup > 0 {
			t = 1 / (math.Hypot(1, taup) + taup)
		}
	}
	rho := 2 * geo.A * k0UPS * t / upsC()
	sl, cl := math.Sincos(lon * deg)
	return falseUPS + rho*sl, falseUPS - s*rho*cl
}

// upsC is √((1+e)^(1+e)·(1−e)^(1−e)).
func upsC() float64 {
	return math.Sqrt(math.Pow(1+ecc, 1+ecc) * math.Pow(1-ecc, 1-ecc))
}

// upsReverse inverts upsForward: UPS easting, northing (metres) to lat, lon (degrees).
func upsReverse(easting, northing float64, north bool) (lat, lon float64) {
	s := 1.0
	if !north {
		s = -1
	}
	dx, dy := easting-falseUPS, northing-falseUPS
	rho := math.Hypot(dx, dy)
	t := rho * upsC() / (2 * geo.A * k0UPS)
	if t == 0 {
		return s * 90, 0
	}
	taup := (1/t - t) / 2
	lat = s * math.Atan(tauf(taup)) / deg
	lon = math.Atan2(dx, -s*dy) / deg
	return lat, lon
}
