// halo web page: plain JavaScript and the vendored Leaflet (map.js); nothing is
// fetched from the internet (map tiles only when the server was started with
// --tile-url). It talks to the JSON API of the same server (GET /api describes it).
"use strict";

const SVGNS = "http://www.w3.org/2000/svg";
const COLORS = HaloMap.COLORS;
const FT = 0.3048;
const $ = (id) => document.getElementById(id);

const state = {
  config: { tile_url: "", open_reads: true, writable: false, max_mc_n: 200000, log: false, debrief: true },
  plan: null,     // POST /api/plan?traces=1 answer
  mc: null,       // GET /api/mc/{id} answer (done)
  debrief: null,  // POST /api/debrief answer
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
  const data = ct.startsWith("application/json") ? await res.json() : await res.text();
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
  return Number(x).toLocaleString("en-US", { minimumFractionDigits: d || 0, maximumFractionDigits: d || 0 });
}

function pct(x) { return x === null || x === undefined ? "–" : (100 * x).toFixed(1) + " %"; }
const feet = (m) => fmt(m / FT) + " ft";

// plainWords turns the names of the program's data fields and mission file keys
// that the server's texts carry into the words a jumper uses.
const FIELD_WORDS = {
  cep_m: "CEP", cep_mpi_m: "the spread",
  p_in_target: "the share of landings in the target", landing_error_m: "landing error",
  p_open_below_min: "the share of openings below the minimum", p_aad_fire: "the share of AAD fires",
};
const SECTION_WORDS = { limits: "limit", aad: "AAD", haho: "HAHO", jumpers: "jumper" };
function plainWords(s) {
  if (s === null || s === undefined) return "";
  return String(s)
    .replace(/\b(cep_mpi_m|cep_m|p_in_target|landing_error_m|p_open_below_min|p_aad_fire)\b/g, (m) => FIELD_WORDS[m])
    // a mission key such as limits.max_wind_age or night.lights: its section and name
    .replace(/\b([a-z]{3,})(?:\[\d*\])?\.([a-z][a-z_]*\*?)/g, (m, sec, key) => `${SECTION_WORDS[sec] || sec} “${key.replace(/_+$/, "").replace(/_/g, " ")}”`)
    .replace(/\b[a-z]+(?:_[a-z0-9]+)+\b/g, (m) => m.replace(/_/g, " "))
    .replace(/\bMPI\b/g, "mean landing point");
}

// niceStep returns a round step (1, 2 or 5 × 10^k) near span/n.
function niceStep(span, n) {
  const raw = span / n;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

// tick writes an axis label short enough for the margin: 12,800,000 → 12.8M.
function tick(v) {
  const a = Math.abs(v);
  if (a >= 1e6) return +(v / 1e6).toFixed(2) + "M";
  if (a >= 1e4) return +(v / 1e3).toFixed(1) + "k";
  return String(+v.toFixed(4));
}

// ---------- verdict ----------

// setVerdict shows a verdict and its reasons at the top of the page (the badge
// is in the sticky header and announced to screen readers).
function setVerdict(verdict, reasons, basis) {
  const v = $("verdict");
  document.title = (verdict ? verdict + " · " : "") + ((state.plan && state.plan.mission) || "") + " · halo";
  v.textContent = verdict || "no plan";
  v.className = "verdict " + (verdict || "none");
  $("why").className = verdict || "";
  $("verdict-basis").textContent = basis || "";
  const rs = $("reasons");
  clear(rs);
  (reasons || []).forEach((r) => {
    const m = /^(NO-GO|CAUTION)\s+(.*)$/.exec(r);
    const li = h("li", m ? { class: m[1] } : {});
    if (m) { li.appendChild(h("strong", {}, m[1] === "NO-GO" ? "NO-GO: " : "Caution: ")); li.appendChild(document.createTextNode(plainWords(m[2]))); }
    else li.textContent = plainWords(r);
    rs.appendChild(li);
  });
  if (verdict === "GO" && !(reasons || []).length) rs.appendChild(h("li", {}, "every check passes"));
}

function renderChecks(checks) {
  const ck = $("checks").tBodies[0];
  clear(ck);
  (checks || []).forEach((c) => {
    const tr = h("tr", { class: "check", "data-status": c.status });
    const status = { go: "go", caution: "caution", "no-go": "NO-GO" }[c.status] || c.status;
    [c.name, status, c.value, c.limit, c.source].forEach((x, i) => tr.appendChild(h("td", i === 1 ? { class: c.status } : {}, plainWords(x))));
    if (c.detail) tr.title = plainWords(c.detail);
    ck.appendChild(tr);
  });
}

// ---------- plots ----------

// plot draws series [{name, color, xs, ys, points, dash}] in the SVG element with
// axes; opts.integerX keeps x ticks on whole numbers.
function plot(svg, series, xlabel, ylabel, opts) {
  clear(svg);
  const vb = svg.viewBox.baseVal;
  const W = vb.width, H = vb.height;
  const L = 56, R = 10, T = 20, B = 34;
  let xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
  series.forEach((s) => s.xs.forEach((x, i) => {
    const y = s.ys[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    xmin = Math.min(xmin, x); xmax = Math.max(xmax, x); ymin = Math.min(ymin, y); ymax = Math.max(ymax, y);
  }));
  if (!Number.isFinite(xmin)) { svg.appendChild(el("text", { x: 10, y: 20, "font-size": 12 }, "no data")); return; }
  if (opts && opts.integerX) { xmin = Math.floor(xmin) - 0.5; xmax = Math.ceil(xmax) + 0.5; }
  if (xmax === xmin) xmax = xmin + 1;
  if (ymin > 0 && ymin < 0.3 * ymax) ymin = 0;
  if (ymax === ymin) { ymax += 1; ymin -= 1; }
  const X = (x) => L + (x - xmin) / (xmax - xmin) * (W - L - R);
  const Y = (y) => H - B - (y - ymin) / (ymax - ymin) * (H - B - T);
  const g = el("g", { "font-size": 11, fill: "#333" });
  let xs = niceStep(xmax - xmin, 6);
  if (opts && opts.integerX) xs = Math.max(1, Math.round(xs));
  const ys = niceStep(ymax - ymin, 5);
  for (let x = Math.ceil(xmin / xs) * xs; x <= xmax + 1e-9; x += xs) {
    g.appendChild(el("line", { x1: X(x), y1: T, x2: X(x), y2: H - B, stroke: "#e4e4e4" }));
    g.appendChild(el("text", { class: "xtick", x: X(x), y: H - B + 13, "text-anchor": "middle" }, tick(x)));
  }
  for (let y = Math.ceil(ymin / ys) * ys; y <= ymax + 1e-9; y += ys) {
    g.appendChild(el("line", { x1: L, y1: Y(y), x2: W - R, y2: Y(y), stroke: "#e4e4e4" }));
    g.appendChild(el("text", { class: "ytick", x: L - 4, y: Y(y) + 4, "text-anchor": "end" }, tick(y)));
  }
  g.appendChild(el("line", { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: "#000" }));
  g.appendChild(el("line", { x1: L, y1: T, x2: L, y2: H - B, stroke: "#000" }));
  g.appendChild(el("text", { x: (L + W - R) / 2, y: H - 4, "text-anchor": "middle" }, xlabel));
  g.appendChild(el("text", { x: 4, y: 13 }, ylabel));
  svg.appendChild(g);
  series.forEach((s) => {
    const p = [];
    s.xs.forEach((x, i) => { if (Number.isFinite(x) && Number.isFinite(s.ys[i])) p.push([X(x), Y(s.ys[i])]); });
    if (s.points) {
      p.forEach(([a, b]) => { const c = el("circle", { cx: a.toFixed(1), cy: b.toFixed(1), r: 3.5, fill: s.color }); c.appendChild(el("title", {}, s.name)); svg.appendChild(c); });
    } else {
      const pl = el("polyline", { class: s.cls || "", points: p.map(([a, b]) => a.toFixed(1) + "," + b.toFixed(1)).join(" "), fill: "none", stroke: s.color, "stroke-width": 1.8, "stroke-dasharray": s.dash || "" });
      pl.appendChild(el("title", {}, s.name));
      svg.appendChild(pl);
    }
  });
  // legend along the top
  let lx = L + 4;
  series.filter((s) => s.name).forEach((s) => {
    svg.appendChild(el("rect", { x: lx, y: 6, width: 12, height: 4, fill: s.color }));
    const t = el("text", { x: lx + 15, y: 12, "font-size": 10, fill: "#333" }, s.name);
    svg.appendChild(t);
    lx += 22 + 6 * s.name.length;
  });
}

function drawPlots() {
  const p = state.plan;
  const mk = (col, conv) => (p.traces || []).map((t, i) => ({
    name: t.jumper, color: COLORS[i % COLORS.length],
    xs: t.samples.map((s) => s[0] + t.exit_offset_s), ys: t.samples.map((s) => conv(s[col])),
  }));
  const alt = mk(3, (z) => z / FT);
  // the debriefed track against its jumper's plan: its time from its own exit,
  // shifted by the jumper's planned exit
  const d = state.debrief;
  if (d && d.report && d.report.exit && d.track.samples.length) {
    const j = (p.jumpers || []).find((x) => x.name === d.report.jumper) || p.jumpers[0];
    const off = (j ? j.exit_offset_s : 0) - d.report.exit.t_s;
    alt.push({ name: "flown", color: "#000", dash: "4 3", cls: "flown", xs: d.track.samples.map((s) => s[0] + off), ys: d.track.samples.map((s) => s[3] / FT) });
  }
  plot($("plot-alt"), alt, "seconds from the green light", "altitude MSL (ft)");
  plot($("plot-speed"), mk(4, (v) => v / 0.514444), "seconds from the green light", "ground speed (kt)");
  plot($("plot-mach"), mk(5, (m) => m), "seconds from the green light", "Mach number");
}

// ---------- map ----------

function drawMap(keepView) {
  const p = state.plan;
  if (!p || !p.geometry) return;
  let legend = HaloMap.drawPlan(p, { keepView });
  legend = legend.concat(HaloMap.drawMC(state.mc, (p.jumpers || []).map((j) => j.name)));
  // a track flown elsewhere is drawn where it was flown: the view stays on the plan
  legend = legend.concat(HaloMap.drawTrack(state.debrief ? state.debrief.track : null, state.debrief ? state.debrief.report : null));
  const g = p.geometry, ds = $("map").dataset;
  ds.releaseLat = g.ReleasePoint.Lat;
  ds.releaseLon = g.ReleasePoint.Lon;
  ds.releaseE = g.ReleasePoint.E;
  ds.cloudPoints = state.mc && state.mc.landings_latlon ? state.mc.landings_latlon.reduce((a, l) => a + l.length, 0) : 0;
  const lg = $("legend");
  clear(lg);
  legend.forEach((it) => {
    const d = h("span");
    const sw = h("span", { class: "sw" + (it.dash ? " dash" : "") });
    sw.style.color = it.color;
    if (!it.dash) sw.style.background = it.color;
    d.appendChild(sw);
    d.appendChild(document.createTextNode(it.text));
    lg.appendChild(d);
  });
}

const FAR = 20000; // m: a track ending farther than this from the target was flown elsewhere

// ---------- plan ----------

function showErrors(list) {
  const ul = $("errors");
  clear(ul);
  if (!list || !list.length) { ul.hidden = true; return; }
  list.forEach((e) => {
    const text = (e.line ? "line " + e.line + ": " : "") + (e.path ? e.path + ": " : "") + e.msg;
    const li = h("li");
    if (e.line) {
      const b = h("button", { type: "button", title: "go to the line" }, text);
      b.addEventListener("click", () => gotoLine(e.line));
      li.appendChild(b);
    } else li.textContent = text;
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
  document.dispatchEvent(new Event("halo:mission"));
  setStatus("status", "planning…");
  $("plan-btn").disabled = true;
  const t0 = performance.now();
  try {
    const p = await api("POST", "/api/plan?traces=1", $("mission").value, { "Content-Type": "application/yaml" });
    const sameTarget = state.plan && state.plan.geometry && p.geometry && state.plan.geometry.Target.Lat === p.geometry.Target.Lat && state.plan.geometry.Target.Lon === p.geometry.Target.Lon;
    state.plan = p;
    state.planText = $("mission").value;
    state.mc = null;
    state.debrief = null;
    showErrors(null);
    renderPlan(sameTarget);
    setStatus("status", `planned in ${(performance.now() - t0).toFixed(0)} ms`);
  } catch (err) {
    setVerdict(null, [], "");
    $("verdict").textContent = "no plan";
    setStatus("status", err.status === 422 ? "cannot be flown: " + err.message : err.message.split("\n")[0]);
    showErrors(err.body && err.body.errors ? err.body.errors : [{ msg: err.message }]);
  } finally {
    $("plan-btn").disabled = false;
  }
}

function renderPlan(keepView) {
  const p = state.plan;
  $("mission-name").textContent = p.mission || "";
  setVerdict(p.verdict, p.reasons, p.odds ? `The plan's checks with its odds: ${fmt(p.odds.n)} simulated jumps per jumper (seed ${p.odds.seed}).` : "The plan's checks.");
  const rp = p.release_point, jr = p.jump_run, gl = p.green_light;
  const sm = $("summary");
  clear(sm);
  sm.appendChild(h("p", {}, `Release point ${rp.lat.toFixed(5)}, ${rp.lon.toFixed(5)} at ${feet(rp.alt_m)} MSL, ${fmt(rp.distance_from_target_m)} m on bearing ${fmt(rp.bearing_from_target_deg)}° from the target; ` +
    `jump run heading ${fmt(jr.heading_deg)}°${jr.heading_auto ? " (into the wind)" : ""}, ground speed ${fmt(jr.ground_speed_mps / 0.514444)} kt; green light ${fmt(gl.duration_s)} s. ` +
    `The hand method (ATP 3-18.11) puts it ${fmt(p.hand_method.difference_m)} m away.`));
  const tb = h("table");
  tb.appendChild(h("tr")).append(...["jumper", "role", "exits after the green light", "free fall", "opens AGL", "top speed", "top Mach", "under canopy", "lands from the target"].map((x) => h("th", { scope: "col" }, x)));
  p.jumpers.forEach((j) => {
    const tr = h("tr");
    [j.name, j.role, fmt(j.exit_offset_s, 1) + " s", fmt(j.freefall_s) + " s", feet(j.open_alt_agl_m), fmt(j.max_speed_mps / 0.514444) + " kt", fmt(j.max_mach, 2), fmt(j.canopy_s) + " s", fmt(j.landing_error_m) + " m"]
      .forEach((x, i) => tr.appendChild(h("td", i > 1 ? { class: "num" } : {}, x)));
    tb.appendChild(tr);
  });
  const wrap = h("div", { class: "scroll" });
  wrap.appendChild(tb);
  sm.appendChild(wrap);
  const tl = $("timeline").tBodies[0];
  clear(tl);
  (p.timeline || []).forEach((m) => {
    const tr = h("tr");
    [plainWords(m.event), m.time || "", fmt(m.t_s, 1), feet(m.alt_m)].forEach((x, i) => tr.appendChild(h("td", i > 1 ? { class: "num" } : {}, x)));
    tl.appendChild(tr);
  });
  renderChecks(p.checks);
  const as = $("assumptions");
  clear(as);
  (p.assumptions || []).forEach((a) => as.appendChild(h("li", {}, plainWords(a))));
  const sel = $("debrief-jumper");
  clear(sel);
  p.jumpers.forEach((j) => sel.appendChild(h("option", { value: j.name }, j.name)));
  drawMap(keepView);
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
        if (d.done > 0 || job.status !== "queued") setStatus("mc-status", `${fmt(d.done)} / ${fmt(d.total)} runs`);
      }
    });
    const st = await api("GET", "/api/mc/" + job.id);
    if (st.status !== "done") {
      setStatus("mc-status", st.status + (st.error && st.error !== st.status ? ": " + st.error : ""));
    } else {
      state.mc = st;
      setStatus("mc-status", `done: ${fmt(st.result.n)} runs in ${fmt(st.elapsed_s, 1)} s`);
      // the checks and the verdict follow this run's odds, judged as halo plan judges them
      if (st.verdict) {
        setVerdict(st.verdict, st.reasons, `The plan's checks with the odds of your run: ${fmt(st.result.n)} simulated jumps per jumper (seed ${st.result.seed}).`);
        renderChecks(st.checks);
      }
      renderMC();
      drawMap(true);
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
  const r = state.mc ? state.mc.result : state.plan && state.plan.odds;
  $("tab-mc").classList.toggle("has-result", !!r);
  if (!r) return;
  box.appendChild(h("p", {}, state.mc ? "Your run:" : "The plan's own odds (run again with more runs or another seed):"));
  const tb = h("table");
  tb.appendChild(h("tr")).append(...["jumper", "lands in the target", "median miss", "50 % landing ellipse (full axes)", "95 % landing ellipse (full axes)", "mean landing point", "opens below the minimum", "AAD fires", "free fall (5–95 %)"].map((x) => h("th", { scope: "col" }, x)));
  (r.jumpers || []).concat([r.overall]).forEach((s) => {
    const tr = h("tr");
    [s.name || "all", pct(s.p_in_target), fmt(s.cep_m) + " m", `${fmt(2 * s.ellipse50.major_m)} × ${fmt(2 * s.ellipse50.minor_m)} m`, `${fmt(2 * s.ellipse95.major_m)} × ${fmt(2 * s.ellipse95.minor_m)} m`,
      `${fmt(Math.abs(s.mpi.e_m))} m ${s.mpi.e_m < 0 ? "W" : "E"}, ${fmt(Math.abs(s.mpi.n_m))} m ${s.mpi.n_m < 0 ? "S" : "N"}`, pct(s.p_open_below_min), pct(s.p_aad_fire), `${fmt(s.freefall_s.p5)}–${fmt(s.freefall_s.p95)} s`]
      .forEach((x, i) => tr.appendChild(h("td", i ? { class: "num" } : {}, x)));
    tb.appendChild(tr);
  });
  const wrap = h("div", { class: "scroll" });
  wrap.appendChild(tb);
  box.appendChild(wrap);
  box.appendChild(h("p", {}, `Two jumpers too close: ${pct(r.p_separation_violation)} of the runs; ${fmt(r.n)} runs, seed ${r.seed}.`));
  (r.notes || []).forEach((n) => box.appendChild(h("div", { class: "warn" }, plainWords(n))));
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
    state.debrief = d;
    renderDebrief(d);
    drawMap(true);
    drawPlots();
    setStatus("debrief-status", `${d.track.format}: ${fmt(d.track.points)} points`);
  } catch (err) {
    setStatus("debrief-status", err.message);
    if (err.body && err.body.errors) showErrors(err.body.errors);
  }
}

function renderDebrief(d) {
  const box = $("debrief-result");
  clear(box);
  $("tab-debrief").classList.add("has-result");
  const r = d.report, t = d.track;
  if (t.distance_from_target_m > FAR) {
    box.appendChild(h("div", { class: "warn", id: "track-far" }, `This track ends ${fmt(t.distance_from_target_m / 1000)} km from the plan's target: it was not flown on this mission's drop zone, so the comparison below means little and the map stays on the drop zone (the track is drawn where it was flown, off this view).`));
  }
  const tb = h("table");
  const row = (k, v) => { const tr = h("tr"); tr.appendChild(h("th", { scope: "row" }, k)); tr.appendChild(h("td", { class: "num" }, v)); tb.appendChild(tr); };
  row("jumper", r.jumper || "–");
  row("logger", r.format);
  row("exit altitude AGL", feet(r.exit_alt_agl_m));
  row("free fall", fmt(r.freefall_s, 1) + " s");
  row("fastest fall", fmt(r.max_vspeed_mps / 0.514444) + " kt");
  row("deployment AGL", feet(r.deploy_alt_agl_m));
  row("canopy open AGL", feet(r.open_alt_agl_m));
  row("under canopy", fmt(r.canopy_s) + " s");
  row("landed from the target", fmt(r.landing_error_m) + " m");
  row("fitted drag area", fmt(r.fitted_cda_m2, 3) + " ± " + fmt(r.fitted_cda_err_m2, 3) + " m²");
  box.appendChild(tb);
  if (r.summary && r.summary.length) {
    box.appendChild(h("h4", {}, "What went differently"));
    const ul = h("ul");
    r.summary.forEach((s) => ul.appendChild(h("li", {}, plainWords(s.text || s.finding || ""))));
    box.appendChild(ul);
  }
  box.appendChild(h("p", {}, "The flown altitude is drawn (dashed, black) on the Plan tab's altitude plot against the plan, and the track on the map."));
  (r.notes || []).forEach((n) => box.appendChild(h("div", { class: "warn" }, plainWords(n))));
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

// drawTrend draws each jumper's landing error by attempt, with that jumper's
// own trend line (the server's per-jumper fit) when it has one.
function drawTrend(st) {
  const byJumper = {};
  (st.points || []).forEach((p) => {
    if (p.landing_error_m == null) return;
    (byJumper[p.jumper] = byJumper[p.jumper] || { xs: [], ys: [] });
    byJumper[p.jumper].xs.push(p.number);
    byJumper[p.jumper].ys.push(p.landing_error_m);
  });
  const names = Object.keys(byJumper).sort();
  const series = names.map((name, i) => ({ name, color: COLORS[i % COLORS.length], xs: byJumper[name].xs, ys: byJumper[name].ys, points: true }));
  const box = $("trends");
  clear(box);
  names.forEach((name, i) => {
    const t = (st.trends || []).find((x) => x.metric === "landing_error_m" && x.jumper === name);
    if (!t || t.slope_per_attempt == null) return;
    const xs = byJumper[name].xs, xbar = xs.reduce((a, b) => a + b, 0) / xs.length;
    const x0 = Math.min(...xs), x1 = Math.max(...xs);
    series.push({ name: "", color: COLORS[i % COLORS.length], dash: "5 3", xs: [x0, x1], ys: [t.mean + t.slope_per_attempt * (x0 - xbar), t.mean + t.slope_per_attempt * (x1 - xbar)] });
  });
  plot($("trend"), series, "attempt", "landing error (m)", { integerX: true });
  (st.trends || []).forEach((t) => {
    const who = t.jumper || "all jumpers";
    const s = t.slope_per_attempt == null ? "" : `, ${t.slope_per_attempt < 0 ? "down" : "up"} ${fmt(Math.abs(t.slope_per_attempt), 1)} ± ${fmt(t.slope_se, 1)} per attempt`;
    box.appendChild(h("div", {}, `${who}: ${plainWords(t.metric)} ${plainWords(t.verdict)}${s} (${t.n} attempts)`));
  });
}

// ---------- start ----------

async function loadDefault() {
  $("mission").value = await api("GET", "/api/missions/default");
  document.dispatchEvent(new Event("halo:mission")); // the form reads the file again
}

// tabs: the WAI-ARIA tabs pattern (arrow keys, Home and End move between tabs).
function tabs() {
  const list = [...document.querySelectorAll('.tabs [role="tab"]')];
  const select = (b, focus) => {
    list.forEach((x) => {
      const on = x === b;
      x.setAttribute("aria-selected", on ? "true" : "false");
      x.tabIndex = on ? 0 : -1;
      $(x.getAttribute("aria-controls")).hidden = !on;
    });
    if (focus) b.focus();
    if (b.id === "t-log") loadLog();
  };
  list.forEach((b, i) => {
    b.addEventListener("click", () => select(b));
    b.addEventListener("keydown", (e) => {
      const k = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: list.length - 1 }[e.key];
      if (k === undefined) return;
      e.preventDefault();
      select(list[(k + list.length) % list.length], true);
    });
  });
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
  HaloMap.init($("map"), state.config, $("map-notice"));
  try {
    await loadDefault();
    await doPlan();
  } catch (err) {
    setStatus("status", err.message + (err.status === 401 ? " (enter the token, then press Example mission)" : ""));
  }
}

start();
