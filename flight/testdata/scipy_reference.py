#!/usr/bin/python3
"""Independent reference for halo's free fall: the same equations solved by SciPy.

Equations (the same as package flight, written again from the U.S. Standard Atmosphere 1976 [USSA76] and
flight.go's package comment, not translated from the Go code):

    m dv/dt = -m g(z) z_hat - 1/2 rho(z) |v_air| CdA(M) v_air,  v_air = v - wind(z)
    g(z) = g0 (r0 / (r0 + z))^2
    rho, a: USSA-76 evaluated from its layer formulas at every call (the Go side
            interpolates a 10 m table built from the same formulas)
    wind: east/north components interpolated linearly in altitude between layers,
          held constant above the top and below the bottom layer
    CdA(M) = CdA * factor(M), factor linear between Mach points, constant outside

Cases come from scipy_cases.json. For each case this writes scipy_<name>.csv:
rows "s" at every whole second from exit while in free fall, and one row "deploy" at the
moment the altitude crosses ground + open_agl (the deployment start).

Usage:
    /usr/bin/python3 scipy_reference.py              write the reference CSVs (DOP853, rtol 1e-12)
    /usr/bin/python3 scipy_reference.py bench CASE TARGET_ERR_S [GO_NS]
        find the loosest RK45 rtol whose free-fall time error (against the rtol 1e-12
        reference) is <= TARGET_ERR_S, and time solves at that rtol (wall clock and
        CPU time); GO_NS, Go's CPU ns per jump, gives the ratio.

Needs Debian's python3-scipy (apt-get install -y python3-scipy); use /usr/bin/python3.
"""
import json
import math
import os
import sys
import time

import numpy as np
from scipy.integrate import solve_ivp

HERE = os.path.dirname(os.path.abspath(__file__))

# USSA-76 constants [USSA76]
RSTAR = 8314.32
M0 = 28.9644
R = RSTAR / M0
G0 = 9.80665
R0 = 6356766.0
GAMMA = 1.40
P0 = 101325.0
GMR = G0 * M0 / RSTAR

# layers: base geopotential height (m'), lapse (K/m'), base temperature (K)  [USSA76] Table 4
_LAYERS = [
    (0.0, -0.0065, 288.15),
    (11000.0, 0.0, 216.65),
    (20000.0, 0.0010, 216.65),
    (32000.0, 0.0028, 228.65),
    (47000.0, 0.0, 270.65),
    (51000.0, -0.0028, 270.65),
    (71000.0, -0.0020, 214.65),
    (84852.0, 0.0, 186.946),
]


def _layer_pressure(hb, lb, tb, pb, h):
    if lb == 0.0:
        return pb * math.exp(-GMR * (h - hb) / tb)
    return pb * (tb / (tb + lb * (h - hb))) ** (GMR / lb)


# base pressures integrated from P0
LAYERS = []
_pb = P0
for _i, (_hb, _lb, _tb) in enumerate(_LAYERS):
    if _i > 0:
        _phb, _plb, _ptb, _ppb = LAYERS[-1]
        _pb = _layer_pressure(_phb, _plb, _ptb, _ppb, _hb)
    LAYERS.append((_hb, _lb, _tb, _pb))


def atmosphere(z):
    """USSA-76 density (kg/m^3) and speed of sound (m/s) at geometric altitude z (m)."""
    h = R0 * z / (R0 + z)
    i = len(LAYERS) - 1
    while i > 0 and h < LAYERS[i][0]:
        i -= 1
    hb, lb, tb, pb = LAYERS[i]
    tm = tb + lb * (h - hb)
    p = _layer_pressure(hb, lb, tb, pb, h)
    return p / (R * tm), math.sqrt(GAMMA * R * tm)


def gravity(z):
    q = R0 / (R0 + z)
    return G0 * q * q


class Case:
    def __init__(self, d):
        self.name = d["name"]
        self.mass = d["mass"]
        self.cda = d["cda"]
        self.mach = list(d["mach"])
        self.factor = list(d["factor"])
        self.ground = d["ground"]
        self.open_z = d["ground"] + d["open_agl"]
        ws = sorted(d["winds"])
        self.walt = [w[0] for w in ws]
        self.wu = [-w[2] * math.sin(math.radians(w[1])) for w in ws]
        self.wv = [-w[2] * math.cos(math.radians(w[1])) for w in ws]
        u, v = self.wind(d["z"])
        self.y0 = [d["e"], d["n"], d["z"], u + d["air_ve"], v + d["air_vn"], d["vu"]]

    def wind(self, z):
        a = self.walt
        if len(a) == 1 or z <= a[0]:
            return self.wu[0], self.wv[0]
        if z >= a[-1]:
            return self.wu[-1], self.wv[-1]
        i = 0
        while z >= a[i + 1]:
            i += 1
        f = (z - a[i]) / (a[i + 1] - a[i])
        return (self.wu[i] + f * (self.wu[i + 1] - self.wu[i]),
                self.wv[i] + f * (self.wv[i + 1] - self.wv[i]))

    def drag_area(self, m):
        mp, fc = self.mach, self.factor
        if not mp:
            return self.cda
        if m <= mp[0]:
            return self.cda * fc[0]
        if m >= mp[-1]:
            return self.cda * fc[-1]
        i = 1
        while mp[i] < m:
            i += 1
        f = (m - mp[i - 1]) / (mp[i] - mp[i - 1])
        return self.cda * (fc[i - 1] + f * (fc[i] - fc[i - 1]))

    def rhs(self, t, y):
        z = y[2]
        u, v = self.wind(z)
        rho, a = atmosphere(z)
        ve, vn, vu = y[3] - u, y[4] - v, y[5]
        sp = math.sqrt(ve * ve + vn * vn + vu * vu)
        k = 0.5 * rho * sp * self.drag_area(sp / a) / self.mass
        return [y[3], y[4], y[5], -k * ve, -k * vn, -k * vu - gravity(z)]

    def solve(self, method, rtol, atol, dense):
        def deploy(t, y):
            return y[2] - self.open_z
        deploy.terminal = True
        deploy.direction = -1
        return solve_ivp(self.rhs, (0.0, 3600.0), self.y0, method=method, rtol=rtol,
                         atol=atol, events=deploy, dense_output=dense)


def load_cases():
    with open(os.path.join(HERE, "scipy_cases.json")) as f:
        return [Case(d) for d in json.load(f)["cases"]]


REF_RTOL, REF_ATOL = 1e-12, 1e-10


def write_reference(c):
    sol = c.solve("DOP853", REF_RTOL, REF_ATOL, True)
    td = sol.t_events[0][0]
    yd = sol.y_events[0][0]
    path = os.path.join(HERE, "scipy_%s.csv" % c.name)
    with open(path, "w") as f:
        f.write("# %s: SciPy %s solve_ivp DOP853 rtol %g atol %g, %d RHS evaluations; see scipy_reference.py\n"
                % (c.name, __import__("scipy").__version__, REF_RTOL, REF_ATOL, sol.nfev))
        f.write("kind,t,e,n,z,ve,vn,vu\n")
        for k in range(int(math.floor(td)) + 1):
            y = sol.sol(float(k))
            f.write("s,%d,%s\n" % (k, ",".join("%.10f" % x for x in y)))
        f.write("deploy,%.10f,%s\n" % (td, ",".join("%.10f" % x for x in yd)))
    print("%s: deployment crossing at t = %.9f s, z = %.6f m, %d evaluations -> %s"
          % (c.name, td, yd[2], sol.nfev, os.path.basename(path)))


def bench(c, target, go_ns):
    ref = c.solve("DOP853", REF_RTOL, REF_ATOL, False).t_events[0][0]
    # loosest RK45 (the same Dormand-Prince 5(4) pair as flight.Simulate) rtol whose
    # free-fall time error is within the target; atol = 100 rtol, Go's default ratio.
    chosen = None
    for rtol in [10 ** (-x / 4.0) for x in range(12, 49)]:  # 1e-3 .. 1e-12
        sol = c.solve("RK45", rtol, 100 * rtol, False)
        err = abs(sol.t_events[0][0] - ref)
        if err <= target:
            chosen = (rtol, err, sol.nfev)
            break
    if chosen is None:
        print("scipy: no rtol down to 1e-12 reaches a free-fall time error of %g s" % target)
        return 1
    rtol, err, nfev = chosen
    # batches of 5 solves for >= 3 s; the fastest batch is the least disturbed by
    # other load on the machine, the median the typical
    # CPU time (process_time) is also reported: on a loaded machine it is the fairer
    # figure, and it is what bench/run compares with Go's CPU time per jump
    per_batch, t_start, c_start, n = [], time.perf_counter(), time.process_time(), 0
    while time.perf_counter() - t_start < 3 or len(per_batch) < 3:
        t0 = time.perf_counter()
        for _ in range(5):
            c.solve("RK45", rtol, 100 * rtol, False)
        per_batch.append((time.perf_counter() - t0) / 5)
        n += 5
    cpu = (time.process_time() - c_start) / n
    per_batch.sort()
    best, med = per_batch[0], per_batch[len(per_batch) // 2]
    print("scipy RK45: rtol %.2g (atol %.2g) gives free-fall time error %.2g s (target %.2g s), %d RHS evaluations"
          % (rtol, 100 * rtol, err, target, nfev))
    print("scipy RK45: %.0f us per free-fall solve (wall clock; fastest batch; median %.0f us; %d solves)"
          % (best * 1e6, med * 1e6, 5 * len(per_batch)))
    print("scipy RK45: %.0f us CPU time per free-fall solve" % (cpu * 1e6))
    if go_ns:
        print("ratio: Go free fall %.1f us CPU vs SciPy free fall %.0f us CPU -> Go is %.0fx faster"
              % (go_ns / 1000, cpu * 1e6, cpu * 1e9 / go_ns))
    return 0


def main(argv):
    cases = {c.name: c for c in load_cases()}
    if len(argv) > 1 and argv[1] == "bench":
        go_ns = float(argv[4]) if len(argv) > 4 else 0
        return bench(cases[argv[2]], float(argv[3]), go_ns)
    for c in cases.values():
        write_reference(c)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
