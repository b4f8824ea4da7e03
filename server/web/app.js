// halo web page: plain JavaScript, no libraries, nothing fetched from the internet
// (map tiles only when the server was started with --tile-url). It talks to the
// JSON API of the same server (GET /api describes it).
"use strict";

const SVGNS = "http://www.w3.org/2000/svg";
const COLORS = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];
const $ = (id) => document.getElementById(id);

const state = {
  config: { tile_url: "", open_reads: true, writable: false, max_mc_n: 200000, log: false, debrief: true },
  plan: null,     // POST /api/plan?traces=1 answer
  mc: null,       // GET /api/mc/{id} answer (done)
  track: null,    // POST /api/debrief answer's track
  mcJob: null,    // running job id
};

// ---------- HTTP ----------

function authHeaders() {
  const t = $("token").value.trim();
  return t ? { Authorization: "Bearer " + t } : {};
}

async function api(method, path, body, headers) {
  const h = Object.assign({}, authHeaders(), headers || {});
  const res = await fetch(path, { method, body, headers: h });
  const ct = res.headers.get("Content-Type") || "";
  let data = null;
  if (ct.startsWith("application/json")) {
    data = await res.json();
  } else {
    data = await res.text();
  }
  if (!res.ok) {
    const err = new Error((data && data.error) || ("HTTP " + res.status));
    err.status = res.status;
    err.body = data;
    throw err;
  }
  return data;
}

function setStatus(id, msg) { $(id).textContent = msg; }

// ---------- helpers ----------

function el(tag, attrs, text) {
  const e = document.createElementNS(SVGNS, tag);
  for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
  if (text !== undefined) e.textContent = text;
  return e;
}

function h(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
  if (text !== undefined) e.textContent = text;
  return e;
}

function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

function fmt(x, d) {
  if (x === null || x === undefined || Number.isNaN(x)) return "–";
  return Number(x).toFixed(d === undefined ? 0 : d);
}

function pct(x) { return x === null || x === undefined ? "–" : (100 * x).toFixed(1) + " %"; }

// niceStep returns a round step (1, 2 or 5 × 10^k) near span/n.
function niceStep(span, n) {
  const raw = span / n;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

function metres(v) {
  return Math.abs(v) >= 1000 ? (v / 1000).toFixed(Math.abs(v) % 1000 === 0 ? 0 : 1) + " km" : v.toFixed(0) + " m";
}

// ---------- the map ----------

const MAP = { W: 640, H: 640, pad: 28 };
const FAR = 20000; // m: a track ending farther than this from the target was flown elsewhere

// local flat-earth conversion around the target, for placing map tiles only
// (the features themselves come from the server in metres)
function llToEN(lat, lon, lat0, lon0) {
  const R = 6378137, k = Math.PI / 180;
  return [(lon - lon0) * k * R * Math.cos(lat0 * k), (lat - lat0) * k * R];
}
function enToLL(e, n, lat0, lon0) {
  const R = 6378137, k = Math.PI / 180;
  return [lat0 + n / (R * k), lon0 + e / (R * k * Math.cos(lat0 * k))];
}

function drawMap() {
  const svg = $("map");
  clear(svg);
  const p = state.plan;
  if (!p) {
    svg.appendChild(el("text", { x: 20, y: 40, "font-size": 14 }, "Plan a mission to see the drop zone."));
    return;
  }
  const m = p.map;
  // extent: target circle, jump run, trajectories, MC cloud, track
  let minE = -p.target.radius_m, maxE = p.target.radius_m, minN = -p.target.radius_m, maxN = p.target.radius_m;
  const grow = (e, n) => {
    if (!Number.isFinite(e) || !Number.isFinite(n)) return;
    minE = Math.min(minE, e); maxE = Math.max(maxE, e); minN = Math.min(minN, n); maxN = Math.max(maxN, n);
  };
  m.jump_run_enu_m.forEach((q) => grow(q[0], q[1]));
  (p.traces || []).forEach((t) => t.samples.forEach((s) => grow(s[1], s[2])));
  if (state.mc && state.mc.landings) state.mc.landings.forEach((ls) => ls.forEach((q) => grow(q[0], q[1])));
  // a track flown elsewhere (debriefed against another mission) would shrink the drop
  // zone to a dot: the map stays on the plan and the debrief tab says so
  if (state.track && !(state.track.distance_from_target_m > FAR)) state.track.samples.forEach((s) => grow(s[1], s[2]));
  const span = Math.max(maxE - minE, maxN - minN, 200) * 1.08;
  const ce = (minE + maxE) / 2, cn = (minN + maxN) / 2;
  const sc = (MAP.W - 2 * MAP.pad) / span;
  const X = (e) => MAP.W / 2 + (e - ce) * sc;
  const Y = (n) => MAP.H / 2 - (n - cn) * sc;
  const pts = (list, ie, inn) => list.map((q) => X(q[ie]).toFixed(1) + "," + Y(q[inn]).toFixed(1)).join(" ");
  svg.dataset.scale = sc;

  // tiles (only with --tile-url)
  if (state.config.tile_url) drawTiles(svg, p, X, Y, sc, ce, cn, span);

  // grid every round number of metres
  const g = el("g", { id: "grid", stroke: "#d8d8cc", "stroke-width": 1 });
  const step = niceStep(span, 8);
  const e0 = Math.ceil((ce - span / 2) / step) * step, n0 = Math.ceil((cn - span / 2) / step) * step;
  for (let e = e0; e <= ce + span / 2; e += step) g.appendChild(el("line", { x1: X(e), y1: 0, x2: X(e), y2: MAP.H }));
  for (let n = n0; n <= cn + span / 2; n += step) g.appendChild(el("line", { x1: 0, y1: Y(n), x2: MAP.W, y2: Y(n) }));
  svg.appendChild(g);
  const gl = el("g", { "font-size": 9, fill: "#999" });
  for (let e = e0; e <= ce + span / 2; e += step) gl.appendChild(el("text", { x: X(e) + 2, y: 10 }, metres(e)));
  for (let n = n0; n <= cn + span / 2; n += step) gl.appendChild(el("text", { x: 2, y: Y(n) - 2 }, metres(n)));
  svg.appendChild(gl);

  // airspace
  const ga = el("g", { id: "airspace" });
  m.airspace.forEach((a) => {
    const d = a.rings_enu_m.map((r) => "M" + r.map((q) => X(q[0]).toFixed(1) + "," + Y(q[1]).toFixed(1)).join("L") + "Z").join(" ");
    const path = el("path", { d, class: "airspace", fill: "#b00020", "fill-opacity": 0.12, stroke: "#b00020", "stroke-width": 1.5, "fill-rule": "evenodd" });
    path.appendChild(el("title", {}, "airspace: " + a.name));
    ga.appendChild(path);
  });
  svg.appendChild(ga);

  // target
  const gt = el("g", { id: "target" });
  gt.appendChild(el("circle", { cx: X(0), cy: Y(0), r: Math.max(3, p.target.radius_m * sc), fill: "#fff", "fill-opacity": 0.5, stroke: "#000", "stroke-width": 1.5 }));
  gt.appendChild(el("circle", { cx: X(0), cy: Y(0), r: 2.5, fill: "#000" }));
  gt.appendChild(el("title", {}, `target ${p.target.lat.toFixed(5)}, ${p.target.lon.toFixed(5)}, radius ${p.target.radius_m} m`));
  svg.appendChild(gt);

  // jump run and green light
  const jr = el("polyline", { id: "jump-run", points: pts(m.jump_run_enu_m, 0, 1), fill: "none", stroke: "#555", "stroke-width": 2, "stroke-dasharray": "7 5" });
  jr.appendChild(el("title", {}, `jump run ${fmt(p.jump_run.heading_deg)}° (track ${fmt(p.jump_run.track_deg)}°), ground speed ${fmt(p.jump_run.ground_speed_mps, 1)} m/s`));
  svg.appendChild(jr);
  const gw = m.green_light_enu_m;
  const gli = el("line", { id: "green-light", x1: X(gw[0][0]), y1: Y(gw[0][1]), x2: X(gw[1][0]), y2: Y(gw[1][1]), stroke: "#1a7f37", "stroke-width": 7, "stroke-opacity": 0.55, "stroke-linecap": "round" });
  gli.appendChild(el("title", {}, `green-light window ${fmt(p.green_light.duration_s)} s`));
  svg.appendChild(gli);

  // trajectories
  const gtr = el("g", { id: "trajectories" });
  (p.traces || []).forEach((t, i) => {
    const pl = el("polyline", { class: "trajectory", "data-jumper": t.jumper, points: pts(t.samples, 1, 2), fill: "none", stroke: COLORS[i % COLORS.length], "stroke-width": 1.8 });
    pl.appendChild(el("title", {}, `${t.jumper} (${t.role})`));
    gtr.appendChild(pl);
    const last = t.samples[t.samples.length - 1];
    if (last) gtr.appendChild(el("circle", { cx: X(last[1]), cy: Y(last[2]), r: 3, fill: COLORS[i % COLORS.length] }));
  });
  svg.appendChild(gtr);

  // Monte Carlo cloud and ellipses
  if (state.mc && state.mc.result) drawCloud(svg, X, Y, sc);

  // flown track
  if (state.track && state.track.samples.length) {
    const gk = el("g", { id: "track" });
    const pl = el("polyline", { points: pts(state.track.samples, 1, 2), fill: "none", stroke: "#000", "stroke-width": 1.5, "stroke-dasharray": "2 2" });
    pl.appendChild(el("title", {}, "flown track: " + state.track.name));
    gk.appendChild(pl);
    svg.appendChild(gk);
  }

  // release point on top
  const rp = m.release_point_enu_m;
  const gr = el("g", { id: "release-point", "data-e-m": rp[0], "data-n-m": rp[1] });
  gr.appendChild(el("rect", { x: X(rp[0]) - 5, y: Y(rp[1]) - 5, width: 10, height: 10, fill: "#1a7f37", stroke: "#000" }));
  gr.appendChild(el("title", {}, `release point ${p.release_point.lat.toFixed(5)}, ${p.release_point.lon.toFixed(5)}: ${fmt(p.release_point.distance_from_target_m)} m on bearing ${fmt(p.release_point.bearing_from_target_deg)}° from the target`));
  svg.appendChild(gr);

  // scale bar and north arrow
  const bar = niceStep(span, 5);
  const gs = el("g", { id: "scale-bar" });
  gs.appendChild(el("rect", { x: 10, y: MAP.H - 34, width: bar * sc + 20, height: 26, fill: "#fff", "fill-opacity": 0.8 }));
  gs.appendChild(el("line", { x1: 20, y1: MAP.H - 14, x2: 20 + bar * sc, y2: MAP.H - 14, stroke: "#000", "stroke-width": 3 }));
  gs.appendChild(el("text", { x: 20, y: MAP.H - 19, "font-size": 11 }, metres(bar)));
  svg.appendChild(gs);
  const gn = el("g", { id: "north-arrow", transform: `translate(${MAP.W - 28},34)` });
  gn.appendChild(el("path", { d: "M0,-22 L8,4 L0,-2 L-8,4 Z", fill: "#000" }));
  gn.appendChild(el("text", { x: -5, y: 18, "font-size": 13, "font-weight": "bold" }, "N"));
  svg.appendChild(gn);
  drawLegend();
}

function drawTiles(svg, p, X, Y, sc, ce, cn, span) {
  const lat0 = p.target.lat, lon0 = p.target.lon;
  const mpp = 1 / sc; // metres per screen pixel
  let z = Math.round(Math.log2(156543.03 * Math.cos(lat0 * Math.PI / 180) / mpp));
  z = Math.max(0, Math.min(19, z));
  const tileX = (lon) => Math.floor((lon + 180) / 360 * 2 ** z);
  const tileY = (lat) => { const r = lat * Math.PI / 180; return Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * 2 ** z); };
  const lonOf = (x) => x / 2 ** z * 360 - 180;
  const latOf = (y) => { const n = Math.PI - 2 * Math.PI * y / 2 ** z; return 180 / Math.PI * Math.atan(0.5 * (Math.exp(n) - Math.exp(-n))); };
  const [latS, lonW] = enToLL(ce - span / 2, cn - span / 2, lat0, lon0);
  const [latN, lonE] = enToLL(ce + span / 2, cn + span / 2, lat0, lon0);
  const x0 = tileX(lonW), x1 = tileX(lonE), y0 = tileY(latN), y1 = tileY(latS);
  if ((x1 - x0 + 1) * (y1 - y0 + 1) > 100) return; // keep requests bounded
  const g = el("g", { id: "tiles", opacity: 0.85 });
  for (let x = x0; x <= x1; x++) {
    for (let y = y0; y <= y1; y++) {
      const [eW, nN] = llToEN(latOf(y), lonOf(x), lat0, lon0);
      const [eE, nS] = llToEN(latOf(y + 1), lonOf(x + 1), lat0, lon0);
      const url = state.config.tile_url.replace("{z}", z).replace("{x}", x).replace("{y}", y);
      g.appendChild(el("image", { href: url, x: X(eW), y: Y(nN), width: (eE - eW) * sc, height: (nN - nS) * sc, preserveAspectRatio: "none" }));
    }
  }
  svg.appendChild(g);
}

function drawCloud(svg, X, Y, sc) {
  const r = state.mc.result;
  const g = el("g", { id: "mc-cloud" });
  (state.mc.landings || []).forEach((ls, j) => {
    const c = COLORS[j % COLORS.length];
    ls.forEach((q) => g.appendChild(el("circle", { cx: X(q[0]).toFixed(1), cy: Y(q[1]).toFixed(1), r: 1.2, fill: c, "fill-opacity": 0.35 })));
  });
  (r.jumpers || []).forEach((st, j) => {
    const c = COLORS[j % COLORS.length];
    [["ellipse50", st.ellipse50, "6 3"], ["ellipse95", st.ellipse95, ""]].forEach(([cls, e, dash]) => {
      if (!e || !Number.isFinite(e.major_m)) return;
      const cx = X(st.mpi.e_m), cy = Y(st.mpi.n_m);
      const el1 = el("ellipse", { class: cls, cx, cy, rx: Math.max(0.5, e.major_m * sc), ry: Math.max(0.5, e.minor_m * sc),
        transform: `rotate(${(e.bearing_deg - 90).toFixed(2)} ${cx} ${cy})`, fill: "none", stroke: c, "stroke-width": 1.5, "stroke-dasharray": dash });
      el1.appendChild(el("title", {}, `${st.name}: ${cls === "ellipse50" ? "50" : "95"} % landing ellipse ${fmt(2 * e.major_m)} × ${fmt(2 * e.minor_m)} m (full axes)`));
      g.appendChild(el1);
    });
  });
  svg.appendChild(g);
}

function drawLegend() {
  const lg = $("legend");
  clear(lg);
  const item = (color, text, dash) => {
    const d = h("div");
    const sw = h("span", { class: "sw" });
    sw.style.background = dash ? "repeating-linear-gradient(90deg," + color + " 0 4px,transparent 4px 7px)" : color;
    d.appendChild(sw);
    d.appendChild(document.createTextNode(text));
    lg.appendChild(d);
  };
  item("#555", "jump run", true);
  item("#1a7f37", "green-light window");
  item("#1a7f37", "■ release point");
  (state.plan.traces || []).forEach((t, i) => item(COLORS[i % COLORS.length], t.jumper + " (" + t.role + ")"));
  if (state.plan.map.airspace.length) item("#b00020", "airspace");
  if (state.mc && state.mc.result) item("#777", "Monte Carlo landings, 50 % (dashed) and 95 % ellipses");
  if (state.track) item("#000", "flown track", true);
  lg.appendChild(h("div", {}, "grid in metres from the target; north up"));
}

// ---------- plots ----------

// plot draws series [{name, color, xs, ys}] in the SVG element with axes.
function plot(svg, series, xlabel, ylabel) {
  clear(svg);
  const W = +svg.getAttribute("width"), H = +svg.getAttribute("height");
  const L = 52, R = 10, T = 18, B = 32;
  let xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
  series.forEach((s) => s.xs.forEach((x, i) => {
    const y = s.ys[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    xmin = Math.min(xmin, x); xmax = Math.max(xmax, x); ymin = Math.min(ymin, y); ymax = Math.max(ymax, y);
  }));
  if (!Number.isFinite(xmin)) { svg.appendChild(el("text", { x: 10, y: 20, "font-size": 12 }, "no data")); return; }
  if (xmax === xmin) xmax = xmin + 1;
  if (ymin > 0 && ymin < 0.3 * ymax) ymin = 0;
  if (ymax === ymin) { ymax += 1; ymin -= 1; }
  const X = (x) => L + (x - xmin) / (xmax - xmin) * (W - L - R);
  const Y = (y) => H - B - (y - ymin) / (ymax - ymin) * (H - B - T);
  const g = el("g", { "font-size": 10, fill: "#444" });
  const xs = niceStep(xmax - xmin, 6), ys = niceStep(ymax - ymin, 5);
  for (let x = Math.ceil(xmin / xs) * xs; x <= xmax + 1e-9; x += xs) {
    g.appendChild(el("line", { x1: X(x), y1: T, x2: X(x), y2: H - B, stroke: "#eee" }));
    g.appendChild(el("text", { x: X(x), y: H - B + 12, "text-anchor": "middle" }, +x.toFixed(6)));
  }
  for (let y = Math.ceil(ymin / ys) * ys; y <= ymax + 1e-9; y += ys) {
    g.appendChild(el("line", { x1: L, y1: Y(y), x2: W - R, y2: Y(y), stroke: "#eee" }));
    g.appendChild(el("text", { x: L - 4, y: Y(y) + 3, "text-anchor": "end" }, +y.toFixed(6)));
  }
  g.appendChild(el("line", { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: "#000" }));
  g.appendChild(el("line", { x1: L, y1: T, x2: L, y2: H - B, stroke: "#000" }));
  g.appendChild(el("text", { x: (L + W - R) / 2, y: H - 4, "text-anchor": "middle" }, xlabel));
  g.appendChild(el("text", { x: L, y: 12 }, ylabel));
  svg.appendChild(g);
  series.forEach((s) => {
    const p = [];
    s.xs.forEach((x, i) => { if (Number.isFinite(x) && Number.isFinite(s.ys[i])) p.push(X(x).toFixed(1) + "," + Y(s.ys[i]).toFixed(1)); });
    if (s.points) {
      p.forEach((q) => { const [a, b] = q.split(","); svg.appendChild(el("circle", { cx: a, cy: b, r: 3, fill: s.color })); });
    } else {
      const pl = el("polyline", { points: p.join(" "), fill: "none", stroke: s.color, "stroke-width": 1.6, "stroke-dasharray": s.dash || "" });
      pl.appendChild(el("title", {}, s.name));
      svg.appendChild(pl);
    }
  });
}

function drawPlots() {
  const p = state.plan;
  const mk = (col) => (p.traces || []).map((t, i) => ({
    name: t.jumper, color: COLORS[i % COLORS.length],
    xs: t.samples.map((s) => s[0] + t.exit_offset_s), ys: t.samples.map((s) => s[col]),
  }));
  plot($("plot-alt"), mk(3), "time from the green light (s)", "altitude MSL (m)");
  plot($("plot-speed"), mk(4), "time from the green light (s)", "ground speed (m/s)");
  plot($("plot-mach"), mk(5), "time from the green light (s)", "Mach number");
}

// ---------- plan ----------

function showErrors(list) {
  const ul = $("errors");
  clear(ul);
  if (!list || !list.length) { ul.hidden = true; return; }
  list.forEach((e) => {
    const li = h("li", {}, (e.line ? "line " + e.line + ": " : "") + (e.path ? e.path + ": " : "") + e.msg);
    if (e.line) li.addEventListener("click", () => gotoLine(e.line));
    ul.appendChild(li);
  });
  ul.hidden = false;
}

function gotoLine(line) {
  const ta = $("mission");
  const lines = ta.value.split("\n");
  let start = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) start += lines[i].length + 1;
  const end = start + (lines[line - 1] || "").length;
  ta.focus();
  ta.setSelectionRange(start, end);
  ta.scrollTop = Math.max(0, (line - 5) * 16);
}

async function doPlan() {
  setStatus("status", "planning…");
  $("plan-btn").disabled = true;
  const t0 = performance.now();
  try {
    const p = await api("POST", "/api/plan?traces=1", $("mission").value, { "Content-Type": "application/yaml" });
    state.plan = p;
    state.planText = $("mission").value;
    state.mc = null;
    state.track = null;
    showErrors(null);
    renderPlan();
    setStatus("status", `planned in ${(performance.now() - t0).toFixed(0)} ms (solve ${(p.solve_time_s * 1000).toFixed(0)} ms)`);
  } catch (err) {
    const v = $("verdict");
    v.textContent = "no plan";
    v.className = "verdict none";
    setStatus("status", err.status === 422 ? "cannot be flown: " + err.message : err.message.split("\n")[0]);
    showErrors(err.body && err.body.errors ? err.body.errors : [{ msg: err.message }]);
  } finally {
    $("plan-btn").disabled = false;
  }
}

function renderPlan() {
  const p = state.plan;
  const v = $("verdict");
  v.textContent = p.verdict;
  v.className = "verdict " + p.verdict;
  const rs = $("reasons");
  clear(rs);
  (p.reasons || []).forEach((r) => rs.appendChild(h("div", {}, r)));
  const rp = p.release_point, jr = p.jump_run, gl = p.green_light;
  const sm = $("summary");
  clear(sm);
  sm.appendChild(h("p", {}, `Release point ${rp.lat.toFixed(5)}, ${rp.lon.toFixed(5)} at ${fmt(rp.alt_m)} m MSL, ${fmt(rp.distance_from_target_m)} m on bearing ${fmt(rp.bearing_from_target_deg)}° from the target; ` +
    `jump run heading ${fmt(jr.heading_deg)}°${jr.heading_auto ? " (into the wind)" : ""}, ground speed ${fmt(jr.ground_speed_mps, 1)} m/s; green light ${fmt(gl.duration_s)} s. ` +
    `Hand method (ATP 3-18.11) differs by ${fmt(p.hand_method.difference_m)} m.`));
  const tb = h("table");
  tb.appendChild(h("tr")).append(...["jumper", "role", "exit +s", "free fall s", "opens m AGL", "max speed m/s", "max Mach", "canopy s", "landing error m"].map((x) => h("th", {}, x)));
  p.jumpers.forEach((j) => {
    const tr = h("tr");
    [j.name, j.role, fmt(j.exit_offset_s, 1), fmt(j.freefall_s, 1), fmt(j.open_alt_agl_m), fmt(j.max_speed_mps, 1), fmt(j.max_mach, 3), fmt(j.canopy_s), fmt(j.landing_error_m, 1)]
      .forEach((x, i) => tr.appendChild(h("td", i > 1 ? { class: "num" } : {}, x)));
    tb.appendChild(tr);
  });
  sm.appendChild(tb);
  // timeline
  const tl = $("timeline").tBodies[0];
  clear(tl);
  (p.timeline || []).forEach((m) => {
    const tr = h("tr");
    [m.event, m.time || "", fmt(m.t_s, 1), fmt(m.alt_m) + " m"].forEach((x, i) => tr.appendChild(h("td", i > 1 ? { class: "num" } : {}, x)));
    tl.appendChild(tr);
  });
  // checks
  const ck = $("checks").tBodies[0];
  clear(ck);
  (p.checks || []).forEach((c) => {
    const tr = h("tr", { class: "check", "data-status": c.status });
    [c.name, c.status, c.value, c.limit, c.source].forEach((x, i) => tr.appendChild(h("td", i === 1 ? { class: c.status } : {}, x)));
    if (c.detail) tr.title = c.detail;
    ck.appendChild(tr);
  });
  const as = $("assumptions");
  clear(as);
  (p.assumptions || []).forEach((a) => as.appendChild(h("li", {}, a)));
  // debrief jumper choice
  const sel = $("debrief-jumper");
  clear(sel);
  p.jumpers.forEach((j) => sel.appendChild(h("option", { value: j.name }, j.name)));
  drawMap();
  drawPlots();
  renderMC();
}

// ---------- Monte Carlo ----------

// readSSE reads a text/event-stream response and calls on(event, data) for each event.
async function readSSE(res, on) {
  const reader = res.body.getReader();
  const dec = new TextDecoder();
  let buf = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += dec.decode(value, { stream: true });
    let i;
    while ((i = buf.indexOf("\n\n")) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      let ev = "message", data = "";
      block.split("\n").forEach((l) => {
        if (l.startsWith("event:")) ev = l.slice(6).trim();
        else if (l.startsWith("data:")) data += l.slice(5).trim();
      });
      if (data) on(ev, JSON.parse(data));
    }
  }
}

async function doMC() {
  if (!state.plan || state.planText !== $("mission").value) await doPlan();
  if (!state.plan) return;
  const n = $("mc-n").value, seed = $("mc-seed").value;
  $("mc-run").disabled = true;
  setStatus("mc-status", "starting…");
  try {
    const job = await api("POST", `/api/mc?n=${encodeURIComponent(n)}&seed=${encodeURIComponent(seed)}`, $("mission").value, { "Content-Type": "application/yaml" });
    state.mcJob = job.id;
    $("mc-cancel").disabled = false;
    if (job.status === "queued") setStatus("mc-status", "queued: waiting for a free slot on the server");
    const res = await fetch(job.events, { headers: authHeaders() });
    if (!res.ok) throw new Error("progress stream: HTTP " + res.status);
    await readSSE(res, (ev, d) => {
      if (ev === "progress") {
        $("mc-progress").max = d.total;
        $("mc-progress").value = d.done;
        if (d.done > 0 || job.status !== "queued") setStatus("mc-status", `${d.done} / ${d.total} runs`);
      }
    });
    const st = await api("GET", "/api/mc/" + job.id);
    if (st.status !== "done") {
      setStatus("mc-status", st.status + (st.error && st.error !== st.status ? ": " + st.error : ""));
    } else {
      state.mc = st;
      setStatus("mc-status", `done: ${st.result.n} runs in ${fmt(st.elapsed_s, 1)} s`);
      renderMC();
      drawMap();
    }
  } catch (err) {
    setStatus("mc-status", err.message);
  } finally {
    state.mcJob = null;
    $("mc-run").disabled = false;
    $("mc-cancel").disabled = true;
  }
}

async function cancelMC() {
  if (!state.mcJob) return;
  try { await api("DELETE", "/api/mc/" + state.mcJob); } catch (err) { setStatus("mc-status", err.message); }
}

function renderMC() {
  const box = $("mc-results");
  clear(box);
  if (!state.mc || !state.mc.result) return;
  const r = state.mc.result;
  const tb = h("table");
  tb.appendChild(h("tr")).append(...["jumper", "P(in target)", "CEP m", "50 % ellipse m (full axes)", "95 % ellipse m (full axes)", "MPI e, n m", "P(open low)", "P(AAD)", "free fall p5–p95 s"].map((x) => h("th", {}, x)));
  (r.jumpers || []).concat([r.overall]).forEach((s) => {
    const tr = h("tr");
    [s.name || "all", pct(s.p_in_target), fmt(s.cep_m), `${fmt(2 * s.ellipse50.major_m)} × ${fmt(2 * s.ellipse50.minor_m)}`, `${fmt(2 * s.ellipse95.major_m)} × ${fmt(2 * s.ellipse95.minor_m)}`,
      `${fmt(s.mpi.e_m)}, ${fmt(s.mpi.n_m)}`, pct(s.p_open_below_min), pct(s.p_aad_fire), `${fmt(s.freefall_s.p5, 1)}–${fmt(s.freefall_s.p95, 1)}`]
      .forEach((x, i) => tr.appendChild(h("td", i ? { class: "num" } : {}, x)));
    tb.appendChild(tr);
  });
  box.appendChild(tb);
  box.appendChild(h("p", {}, `P(separation violation) ${pct(r.p_separation_violation)}; seed ${r.seed}; ${fmt(r.jumps_per_s)} jumps/s.`));
  (r.notes || []).forEach((n) => box.appendChild(h("div", { class: "warn" }, n)));
}

// ---------- debrief ----------

async function doDebrief() {
  const f = $("track-file").files[0];
  if (!f) { setStatus("debrief-status", "choose a track file first"); return; }
  if (!state.plan || state.planText !== $("mission").value) await doPlan();
  const fd = new FormData();
  fd.append("track", f, f.name);
  fd.append("mission", new Blob([$("mission").value], { type: "application/yaml" }), "mission.yaml");
  if ($("debrief-jumper").value) fd.append("jumper", $("debrief-jumper").value);
  setStatus("debrief-status", "uploading…");
  try {
    const d = await api("POST", "/api/debrief", fd);
    state.track = d.track;
    renderDebrief(d);
    drawMap();
    setStatus("debrief-status", `${d.track.format}: ${d.track.points} points`);
  } catch (err) {
    setStatus("debrief-status", err.message);
    if (err.body && err.body.errors) showErrors(err.body.errors);
  }
}

function renderDebrief(d) {
  const box = $("debrief-result");
  clear(box);
  const r = d.report, t = d.track;
  if (t.distance_from_target_m > FAR) {
    box.appendChild(h("div", { class: "warn", id: "track-far" }, `This track ends ${metres(Math.round(t.distance_from_target_m))} from the plan's target: it was not flown on this mission's drop zone, so the comparison below means little and the map stays on the drop zone (the track is off the map).`));
  }
  const tb = h("table");
  const row = (k, v) => { const tr = h("tr"); tr.appendChild(h("th", {}, k)); tr.appendChild(h("td", { class: "num" }, v)); tb.appendChild(tr); };
  row("jumper", r.jumper || "–");
  row("format", r.format);
  row("exit altitude AGL", fmt(r.exit_alt_agl_m) + " m");
  row("free fall", fmt(r.freefall_s, 1) + " s");
  row("max vertical speed", fmt(r.max_vspeed_mps, 1) + " m/s");
  row("deployment AGL", fmt(r.deploy_alt_agl_m) + " m");
  row("canopy open AGL", fmt(r.open_alt_agl_m) + " m");
  row("canopy time", fmt(r.canopy_s) + " s");
  row("landing error", fmt(r.landing_error_m) + " m");
  row("fitted CdA", fmt(r.fitted_cda_m2, 3) + " ± " + fmt(r.fitted_cda_err_m2, 3) + " m²");
  box.appendChild(tb);
  if (r.summary && r.summary.length) {
    box.appendChild(h("h4", {}, "What went differently"));
    const ul = h("ul");
    r.summary.forEach((s) => ul.appendChild(h("li", {}, s.text || s.finding || JSON.stringify(s))));
    box.appendChild(ul);
  }
  (r.notes || []).forEach((n) => box.appendChild(h("div", { class: "warn" }, n)));
}

// ---------- attempt log ----------

async function loadLog() {
  if (!state.config.log) { setStatus("log-status", "this server has no jump log"); return; }
  const mission = $("log-mission").value.trim();
  const q = mission ? "?mission=" + encodeURIComponent(mission) : "";
  setStatus("log-status", "loading…");
  try {
    const [list, st] = await Promise.all([api("GET", "/api/log" + q), api("GET", "/api/log/stats" + q)]);
    const tb = $("log-table").tBodies[0];
    clear(tb);
    list.attempts.slice().reverse().forEach((a) => {
      const tr = h("tr");
      const errs = a.jumpers.map((j) => j.result && j.result.landing_error_m != null ? j.name + " " + fmt(j.result.landing_error_m) + " m" : j.name + " –").join("; ");
      [a.id, a.date.slice(0, 16).replace("T", " "), a.mission + " v" + a.mission_version, a.outcome, a.jumpers.map((j) => j.name).join(", "), errs]
        .forEach((x) => tr.appendChild(h("td", {}, String(x))));
      tb.appendChild(tr);
    });
    drawTrend(st);
    setStatus("log-status", `${list.attempts.length} attempts`);
  } catch (err) {
    setStatus("log-status", err.message);
  }
}

function drawTrend(st) {
  const byJumper = {};
  (st.points || []).forEach((p) => {
    if (p.landing_error_m == null) return;
    (byJumper[p.jumper] = byJumper[p.jumper] || { xs: [], ys: [] });
    byJumper[p.jumper].xs.push(p.number);
    byJumper[p.jumper].ys.push(p.landing_error_m);
  });
  const series = Object.keys(byJumper).sort().map((name, i) => ({ name, color: COLORS[i % COLORS.length], xs: byJumper[name].xs, ys: byJumper[name].ys, points: true }));
  const pooled = (st.trends || []).find((t) => t.metric === "landing_error_m" && t.jumper === "");
  const box = $("trends");
  clear(box);
  if (pooled && pooled.slope_per_attempt != null) {
    const xs = [].concat(...series.map((s) => s.xs));
    const xbar = xs.reduce((a, b) => a + b, 0) / xs.length;
    const x0 = Math.min(...xs), x1 = Math.max(...xs);
    series.push({ name: "trend", color: "#000", dash: "5 3", xs: [x0, x1], ys: [pooled.mean + pooled.slope_per_attempt * (x0 - xbar), pooled.mean + pooled.slope_per_attempt * (x1 - xbar)] });
  }
  plot($("trend"), series, "attempt number", "landing error (m)");
  (st.trends || []).filter((t) => t.jumper === "").forEach((t) => {
    const s = t.slope_per_attempt == null ? "" : `, slope ${t.slope_per_attempt.toPrecision(3)} ± ${t.slope_se.toPrecision(2)} per attempt`;
    box.appendChild(h("div", {}, `${t.metric}: ${t.verdict}${s} (${t.n} points)`));
  });
}

// ---------- start ----------

async function loadDefault() {
  const y = await api("GET", "/api/missions/default");
  $("mission").value = y;
}

function tabs() {
  document.querySelectorAll(".tabs button").forEach((b) => b.addEventListener("click", () => {
    document.querySelectorAll(".tabs button").forEach((x) => x.classList.toggle("on", x === b));
    document.querySelectorAll(".tab").forEach((t) => t.classList.toggle("on", t.id === b.dataset.tab));
    if (b.dataset.tab === "tab-log") loadLog();
  }));
}

async function start() {
  tabs();
  $("token").value = sessionStorage.getItem("halo-token") || "";
  $("token").addEventListener("change", () => sessionStorage.setItem("halo-token", $("token").value));
  $("plan-btn").addEventListener("click", doPlan);
  $("reset-btn").addEventListener("click", async () => { await loadDefault(); doPlan(); });
  $("mc-run").addEventListener("click", doMC);
  $("mc-cancel").addEventListener("click", cancelMC);
  $("debrief-btn").addEventListener("click", doDebrief);
  $("log-refresh").addEventListener("click", loadLog);
  $("mission").addEventListener("keydown", (e) => { if ((e.ctrlKey || e.metaKey) && e.key === "Enter") doPlan(); });
  try {
    state.config = await api("GET", "/api/config");
  } catch (err) {
    setStatus("status", "server: " + err.message);
  }
  $("mc-n").max = state.config.max_mc_n;
  $("token-box").hidden = state.config.open_reads;
  drawMap();
  try {
    await loadDefault();
    await doPlan();
  } catch (err) {
    setStatus("status", err.message + (err.status === 401 ? " (enter the token, then press Default mission)" : ""));
  }
}

start();
