// halo map: Leaflet (vendor/leaflet, BSD-2-Clause) with every layer in WGS84
// latitude/longitude as the server computed it from the plan's own frame
// (render.PlanGeometry, the Monte Carlo's cloud and ellipses): the page converts
// no coordinates. Leaflet draws with SVG (and canvas for the landing cloud) and
// needs no WebGL, so it works in headless Chromium and on machines with no GPU.
//
// The basemap is built in: Natural Earth 1:50m land, coastlines and country
// borders (vendor/world-atlas, public domain) drawn from TopoJSON with
// topojson-client, so a mission near a border shows it with no internet. Tiles
// from --tile-url are drawn over the land and under the borders, credited with
// --tile-attribution; when they fail the map says so and keeps the basemap.
"use strict";

const HaloMap = (() => {
  const COLORS = ["#c0392b", "#1f5fa8", "#1e7b34", "#7b3fa0", "#b35900", "#6b4226"];
  const FT = 0.3048;
  const ft = (m) => Math.round(m / FT).toLocaleString("en-US") + " ft";
  const known = new Set(["Canopy", "Target", "TargetElevM", "TargetRadiusM", "ReleasePoint", "ReleaseAltM", "JumpRun", "GreenLight",
    "GreenLightS", "Exits", "Landings", "Paths", "Airspace", "TrackUnit"]);
  const knownPath = new Set(["Name", "Role", "ExitOffsetS", "Points", "Phases"]);

  let map = null, groups = {}, layersCtl = null, readout = null, notice = null, cfg = {};
  let landingBounds = null, allBounds = null, basemapReady = null;

  const words = (key) => key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2").toLowerCase();
  const kebab = (key) => words(key).replace(/\s+/g, "-");
  const isPt = (v) => v && typeof v === "object" && typeof v.Lat === "number" && typeof v.Lon === "number";
  const ll = (p) => [p.Lat, p.Lon];

  function init(el, config, noticeEl) {
    cfg = config || {};
    notice = noticeEl;
    map = L.map(el, { zoomSnap: 0.25, zoomDelta: 0.5, worldCopyJump: false, keyboard: true, attributionControl: true });
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    map.createPane("land").style.zIndex = 150;   // under the tiles (200)
    map.createPane("borders").style.zIndex = 250; // over them
    map.createPane("cloud").style.zIndex = 390;
    map.setView([0, 0], 2);
    L.control.scale({ imperial: true, metric: true }).addTo(map);
    readout = L.control({ position: "bottomleft" });
    readout.onAdd = () => {
      const d = L.DomUtil.create("div", "readout");
      d.id = "readout";
      d.setAttribute("aria-live", "off");
      d.textContent = "point at the map for its position";
      return d;
    };
    readout.addTo(map);
    const fit = L.control({ position: "topleft" });
    fit.onAdd = () => {
      const d = L.DomUtil.create("div", "leaflet-bar-free");
      const b1 = L.DomUtil.create("button", "map-btn", d);
      b1.type = "button"; b1.id = "fit-landing"; b1.textContent = "Fit the landing area";
      const b2 = L.DomUtil.create("button", "map-btn", d);
      b2.type = "button"; b2.id = "fit-all"; b2.textContent = "Whole mission";
      L.DomEvent.disableClickPropagation(d);
      L.DomEvent.on(b1, "click", fitLanding);
      L.DomEvent.on(b2, "click", fitAll);
      return d;
    };
    fit.addTo(map);
    map.on("mousemove", (e) => showPos(e.latlng));
    map.on("moveend", declutter);
    // keyboard users move the map with the arrow keys: the readout gives its centre
    map.on("moveend", () => { if (document.activeElement === map.getContainer()) showPos(map.getCenter(), true); });
    map.on("click", (e) => showPos(e.latlng, true));
    basemapReady = basemap();
    if (cfg.tile_url) tiles();
    layersCtl = L.control.layers(null, null, { collapsed: window.innerWidth < 900 }).addTo(map);
    return map;
  }

  async function basemap() {
    const res = await fetch("/assets/vendor/world-atlas/countries-50m.json");
    if (!res.ok) throw new Error("basemap: HTTP " + res.status);
    const t = await res.json();
    const land = topojson.feature(t, t.objects.land);
    const coast = topojson.mesh(t, t.objects.land);
    const borders = topojson.mesh(t, t.objects.countries, (a, b) => a !== b);
    const opts = { interactive: false, smoothFactor: 1 };
    L.geoJSON(land, Object.assign({ pane: "land", style: { className: "basemap-land", stroke: false, fillColor: "#f2efe4", fillOpacity: 1 } }, opts)).addTo(map);
    L.geoJSON(coast, Object.assign({ pane: "borders", style: { className: "basemap-coast", color: "#4a6f8a", weight: 1 } }, opts)).addTo(map);
    L.geoJSON(borders, Object.assign({ pane: "borders", style: { className: "basemap-border", color: "#7a2e8a", weight: 1.6, dashArray: "6 3" } }, opts)).addTo(map);
  }

  function tiles() {
    let host = "";
    try { host = new URL(cfg.tile_url.replace(/[{}]/g, ""), location.href).host; } catch (e) { host = "the tile server"; }
    const credit = cfg.tile_attribution ? escapeHTML(cfg.tile_attribution) : "tiles: " + escapeHTML(host);
    const tl = L.tileLayer(cfg.tile_url, { attribution: credit, maxZoom: 19, className: "tiles" });
    let failed = 0;
    tl.on("tileerror", () => {
      failed++;
      if (notice) {
        notice.hidden = false;
        notice.textContent = `Map tiles from ${host} did not load (${failed} failed): no connection or the server is down. The built-in coastlines and borders are shown.`;
      }
    });
    tl.on("tileload", () => { if (notice && !failed) notice.hidden = true; });
    tl.addTo(map);
  }

  function escapeHTML(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  let mgrsTimer = null, mgrsSeq = 0;
  function showPos(p, now) {
    const el = document.getElementById("readout");
    if (!el) return;
    const lat = p.lat, lon = L.Util.wrapNum(p.lng, [-180, 180], true);
    const txt = `${Math.abs(lat).toFixed(5)}° ${lat >= 0 ? "N" : "S"}, ${Math.abs(lon).toFixed(5)}° ${lon >= 0 ? "E" : "W"}`;
    el.textContent = txt;
    clearTimeout(mgrsTimer);
    const seq = ++mgrsSeq;
    mgrsTimer = setTimeout(async () => {
      try {
        const r = await fetch(`/api/mgrs?lat=${lat.toFixed(6)}&lon=${lon.toFixed(6)}`);
        if (!r.ok || seq !== mgrsSeq) return;
        const m = await r.json();
        el.textContent = txt + " · MGRS " + m.mgrs;
      } catch (e) { /* the readout keeps lat/lon */ }
    }, now ? 0 : 150);
  }

  function group(name, label) {
    if (groups[name]) { groups[name].clearLayers(); return groups[name]; }
    const g = L.featureGroup().addTo(map);
    groups[name] = g;
    layersCtl.addOverlay(g, label);
    return g;
  }

  function dropGroup(name) {
    if (!groups[name]) return;
    layersCtl.removeLayer(groups[name]);
    map.removeLayer(groups[name]);
    delete groups[name];
  }

  // drawPlan draws the plan's geometry (POST /api/plan?traces=1: geometry,
  // traces, winds). It returns the legend entries.
  function drawPlan(p, opts) {
    const g = p.geometry, legend = [];
    const tgt = group("target", "target");
    const tip = `target (DIP): ${g.Target.Lat.toFixed(5)}, ${g.Target.Lon.toFixed(5)}, radius ${g.TargetRadiusM} m, elevation ${ft(g.TargetElevM)} MSL`;
    L.circle(ll(g.Target), { radius: g.TargetRadiusM, className: "target", color: "#111", weight: 2, fillColor: "#fff", fillOpacity: 0.5 }).bindTooltip(tip).addTo(tgt);
    L.circleMarker(ll(g.Target), { radius: 3, className: "target-centre", color: "#111", fillColor: "#111", fillOpacity: 1 }).bindTooltip(tip).addTo(tgt);
    legend.push({ color: "#111", text: "target (DIP) and its radius" });

    const run = group("run", "jump run, lights, release point");
    L.polyline(g.JumpRun.map(ll), { className: "jump-run", color: "#444", weight: 2, dashArray: "8 6" })
      .bindTooltip(`jump run: heading ${Math.round(p.jump_run.heading_deg)}°, ground speed ${(p.jump_run.ground_speed_mps / 0.514444).toFixed(0)} kt`).addTo(run);
    L.polyline(g.GreenLight.map(ll), { className: "green-light", color: "#17702f", weight: 8, opacity: 0.6, lineCap: "round" })
      .bindTooltip(`green light: ${Math.round(g.GreenLightS)} s to exit`).addTo(run);
    L.circleMarker(ll(g.GreenLight[0]), { radius: 6, className: "green-light-on", color: "#000", weight: 1, fillColor: "#2ecc40", fillOpacity: 1 }).bindTooltip("green light on").addTo(run);
    L.circleMarker(ll(g.GreenLight[1]), { radius: 6, className: "red-light", color: "#000", weight: 1, fillColor: "#e0182d", fillOpacity: 1 }).bindTooltip("red light: last exit").addTo(run);
    L.circleMarker(ll(g.ReleasePoint), { radius: 7, className: "release-point", color: "#000", weight: 2, fillColor: "#17702f", fillOpacity: 1 })
      .bindTooltip(`release point (HARP): ${g.ReleasePoint.Lat.toFixed(5)}, ${g.ReleasePoint.Lon.toFixed(5)} at ${ft(g.ReleaseAltM)} MSL, ${Math.round(p.release_point.distance_from_target_m)} m on bearing ${Math.round(p.release_point.bearing_from_target_deg)}° from the target`).addTo(run);
    (g.Exits || []).forEach((q, i) => L.circleMarker(ll(q), { radius: 3, className: "exit", color: COLORS[i % COLORS.length], fillOpacity: 1 })
      .bindTooltip(`${(p.jumpers[i] || {}).name || "jumper"} exits`).addTo(run));
    legend.push({ color: "#444", text: "jump run", dash: true }, { color: "#17702f", text: "green light (● on, ● red light)" }, { color: "#17702f", text: "● release point (HARP)" });

    const jp = group("jumpers", "jumpers' paths, openings, landings");
    (p.traces || []).forEach((t, i) => {
      const c = COLORS[i % COLORS.length];
      L.polyline(t.latlon, { className: "trajectory", color: c, weight: 2.2 }).bindTooltip(`${t.jumper} (${t.role})`).addTo(jp);
      const open = (t.phases || []).find((ph) => ph.phase === "canopy");
      if (open && t.latlon[open.index]) {
        const z = t.samples[open.index][3] - g.TargetElevM;
        L.circleMarker(t.latlon[open.index], { radius: 5, className: "opening", color: c, weight: 2, fillColor: "#fff", fillOpacity: 1 })
          .bindTooltip(`${t.jumper}: canopy open at ${ft(z)} AGL`).addTo(jp);
      }
      const land = g.Landings[i] ? ll(g.Landings[i]) : t.latlon[t.latlon.length - 1];
      if (land) L.circleMarker(land, { radius: 4, className: "landing", color: c, fillColor: c, fillOpacity: 1 })
        .bindTooltip(`${t.jumper} lands`).addTo(jp);
      const who = t.role && t.role !== t.jumper ? `${t.jumper} (${t.role})` : t.jumper;
      legend.push({ color: c, text: `${who}: ○ opening, ● landing` });
    });

    dropGroup("airspace");
    if ((g.Airspace || []).length) {
      const as = group("airspace", "airspace");
      g.Airspace.forEach((a) => L.polygon(a.Rings.map((r) => r.map(ll)), { className: "airspace", color: "#b00020", weight: 1.5, fillOpacity: 0.12 })
        .bindTooltip("airspace: " + a.name).addTo(as));
      legend.push({ color: "#b00020", text: "airspace the aircraft must not enter" });
    }

    dropGroup("winds");
    if ((p.winds || []).length) {
      const wg = group("winds", "winds aloft");
      p.winds.forEach((w) => {
        const kt = w.speed_mps / 0.514444;
        // short labels: the bands stack up along the path near the exit
        const at = w.alt_m - g.TargetElevM < 30 ? "surface" : Math.round(w.alt_m / FT / 100) / 10 + "k ft";
        const label = w.variable ? `${at} light, variable` : `${at} ${Math.round(w.from_deg)}° ${Math.round(kt)} kt`;
        const icon = L.divIcon({ className: "wind-arrow", html: '<span class="wa" aria-hidden="true">➜</span><span class="wl"></span>', iconSize: [24, 24], iconAnchor: [12, 12] });
        const m = L.marker([w.lat, w.lon], { icon, interactive: false, keyboard: false });
        m.on("add", () => {
          const el = m.getElement();
          el.querySelector(".wl").textContent = label;
          // the arrow points downwind: from + 180°, drawn from east (0°) clockwise
          el.querySelector(".wa").style.transform = `rotate(${(w.from_deg + 180 - 90).toFixed(1)}deg)`;
        });
        m.addTo(wg);
      });
      declutter();
      legend.push({ color: "#123a7a", text: "➜ wind by altitude MSL (k ft = thousand feet): from the direction, blowing toward the arrow" });
    }

    drawCanopy(g, legend);
    drawExtras(g, legend);

    // bounds: the landing area (target, landings, openings), the whole mission
    const tb = L.latLng(ll(g.Target)).toBounds(Math.max(4 * g.TargetRadiusM, 300));
    landingBounds = L.latLngBounds(tb.getSouthWest(), tb.getNorthEast());
    (g.Landings || []).forEach((q) => landingBounds.extend(ll(q)));
    allBounds = L.latLngBounds(landingBounds.getSouthWest(), landingBounds.getNorthEast());
    [tgt, run, jp].forEach((x) => allBounds.extend(x.getBounds()));
    if (groups.extras) allBounds.extend(groups.extras.getBounds());
    if (groups.canopy) allBounds.extend(groups.canopy.getBounds());
    if (!opts || !opts.keepView) fitAll();
    return legend;
  }

  // drawCanopy draws the lead jumper's canopy plan (render.CanopyGeometry): the
  // opening point, the canopy's reach from it, the landing pattern with its
  // turn heights, the holding area, the cut-away finder (cut-away point, where
  // the reserve and the open main land hands off, the reserve's reach) and the
  // alternate landing areas, each saying whether the canopy reaches it.
  function drawCanopy(g, legend) {
    dropGroup("canopy");
    const c = g.Canopy;
    if (!c || !c.Opening) return;
    const cg = group("canopy", "canopy: reach, pattern, cut-away");
    const col = "#0b6fa4", res = "#c2410c";
    const area = (ring, cls, color, tip) => {
      if ((ring || []).length > 2) L.polygon(ring.map(ll), { className: cls, color, weight: 1.5, fillOpacity: 0.06, dashArray: "5 4" }).bindTooltip(tip).addTo(cg);
    };
    const dot = (q, cls, color, tip) => L.circleMarker(ll(q), { radius: 5, className: cls, color, weight: 2, fillColor: "#fff", fillOpacity: 1 }).bindTooltip(tip).addTo(cg);
    area(c.Footprint, "canopy-reach", col, "where the canopy can land from the opening point");
    dot(c.Opening, "opening-point", col, `opening point: ${ft(c.OpeningAGLM)} AGL`);
    if ((c.Pattern || []).length > 1) {
      L.polyline(c.Pattern.map(ll), { className: "pattern", color: "#222", weight: 2.5 }).bindTooltip("landing pattern: downwind, base, final").addTo(cg);
      c.Pattern.forEach((q, i) => {
        const h = (c.PatternAGLM || [])[i];
        if (Number.isFinite(h) && h > 0) dot(q, "pattern-turn", "#222", `pattern: ${ft(h)} AGL`);
      });
    }
    if (c.HoldingRadiusM > 0) L.circle(ll(c.Holding), { radius: c.HoldingRadiusM, className: "holding-area", color: col, weight: 1, fill: false, dashArray: "2 4" }).bindTooltip("holding area").addTo(cg);
    if (c.HasCutAway) {
      dot(c.CutAway, "cut-away", res, `cut-away point: ${ft(c.CutAwayAGLM)} AGL`);
      dot(c.ReserveLanding, "reserve-landing", res, "the reserve lands here flown hands off");
      dot(c.MainHandsOff, "main-hands-off", col, "the open main lands here flown hands off");
      area(c.ReserveFootprint, "reserve-reach", res, "where the reserve can land from the cut-away");
    }
    (c.Alternates || []).forEach((a) => dot(a.At, "alternate", a.Reachable ? "#17702f" : "#b00020",
      `alternate landing area ${a.Name}: ${a.Reachable ? "reached" : "not reached"} from the opening, ${a.ReachableReserve ? "reached" : "not reached"} under the reserve`));
    legend.push({ color: col, text: "canopy: ○ opening point, its reach (dashed), pattern, holding area" });
    if (c.HasCutAway) legend.push({ color: res, text: "cut-away: ○ cut-away point, reserve landing, the reserve's reach" });
  }

  // drawExtras draws every layer of the geometry this page has no special
  // drawing for (a canopy footprint, a landing pattern, cut-away points ...),
  // by its shape: a place is a marker, a list of places a line (closed: an area),
  // and it is named from its field.
  function drawExtras(g, legend) {
    dropGroup("extras");
    const items = [];
    const walk = (v, name) => {
      if (isPt(v)) { items.push({ kind: "pt", at: ll(v), name }); return; }
      if (Array.isArray(v)) {
        if (v.length && v.every(isPt)) {
          const closed = v.length > 2 && v[0].Lat === v[v.length - 1].Lat && v[0].Lon === v[v.length - 1].Lon;
          const area = closed || /footprint|area|zone|polygon|cone/i.test(name);
          if (/points$|cut|openings|exits|landings/i.test(name) && !area) v.forEach((q, i) => items.push({ kind: "pt", at: ll(q), name: `${name} ${i + 1}` }));
          else items.push({ kind: area ? "area" : "line", at: v.map(ll), name });
          return;
        }
        v.forEach((x, i) => walk(x, x && x.Name ? `${name}: ${x.Name}` : `${name} ${i + 1}`));
        return;
      }
      if (v && typeof v === "object") Object.keys(v).forEach((k) => { if (k !== "Name") walk(v[k], `${name} ${words(k)}`.trim()); });
    };
    Object.keys(g).forEach((k) => { if (!known.has(k)) walk(g[k], words(k)); });
    (g.Paths || []).forEach((path) => Object.keys(path).forEach((k) => { if (!knownPath.has(k)) walk(path[k], `${path.Name}: ${words(k)}`); }));
    if (!items.length) return;
    const xg = group("extras", "more of the plan");
    items.forEach((it) => {
      const cls = "extra extra-" + kebab(it.name.split(":").pop().trim().replace(/\s\d+$/, ""));
      const o = { className: cls, color: "#6a3d9a", weight: 2 };
      const lyr = it.kind === "pt" ? L.circleMarker(it.at, Object.assign(o, { radius: 5, fillColor: "#fff", fillOpacity: 1 }))
        : it.kind === "area" ? L.polygon(it.at, Object.assign(o, { fillOpacity: 0.12, dashArray: "4 3" }))
          : L.polyline(it.at, o);
      lyr.bindTooltip(it.name).addTo(xg);
    });
    legend.push({ color: "#6a3d9a", text: [...new Set(items.map((it) => it.name.replace(/\s\d+$/, "")))].join(", ") });
  }

  // drawMC draws a done Monte Carlo job's cloud (canvas: thousands of points)
  // and ellipses (GET /api/mc/{id}: landings_latlon, ellipses).
  function drawMC(st, names) {
    dropGroup("mc");
    if (!st) return [];
    const g = group("mc", "Monte Carlo landings");
    const cv = L.canvas({ pane: "cloud", padding: 0.2 });
    (st.landings_latlon || []).forEach((pts, j) => pts.forEach((q) =>
      L.circleMarker(q, { renderer: cv, radius: 1.5, stroke: false, fillColor: COLORS[j % COLORS.length], fillOpacity: 0.45, interactive: false }).addTo(g)));
    (st.ellipses || []).forEach((e) => {
      const j = Math.max(0, names.indexOf(e.jumper));
      L.polygon(e.ring, { className: "ellipse" + e.percent, color: COLORS[j % COLORS.length], weight: 2, fill: false, dashArray: e.percent === 50 ? "6 3" : null })
        .bindTooltip(`${e.jumper}: ${e.percent} % of the landings inside`).addTo(g);
      landingBounds.extend(L.polygon(e.ring).getBounds());
    });
    return [{ color: "#555", text: "Monte Carlo landings; 50 % (dashed) and 95 % ellipses" }];
  }

  // drawTrack draws a debriefed GPS track (POST /api/debrief: track.latlon) and
  // the flown exit, canopy opening and landing (report), beside the plan's own.
  function drawTrack(t, r) {
    dropGroup("track");
    if (!t || !t.latlon || !t.latlon.length) return [];
    const g = group("track", "flown track");
    L.polyline(t.latlon, { className: "track", color: "#000", weight: 2, dashArray: "3 3" }).bindTooltip("flown track: " + t.name).addTo(g);
    const ground = r && Number.isFinite(r.ground_msl_m) ? r.ground_msl_m : 0;
    [["exit", "exited"], ["canopy_open", "canopy open"], ["landing", "landed"]].forEach(([k, what]) => {
      const m = r && r[k];
      if (!m || !Number.isFinite(m.lat) || !Number.isFinite(m.lon)) return;
      const agl = k === "landing" ? "" : ` at ${ft(m.alt_msl_m - ground)} AGL`;
      L.circleMarker([m.lat, m.lon], { radius: 5, className: "flown flown-" + k.replace("_", "-"), color: "#000", weight: 2, fillColor: "#ffd400", fillOpacity: 1 })
        .bindTooltip(`flown: ${what}${agl}`).addTo(g);
    });
    return [{ color: "#000", text: "flown track; ● flown exit, opening, landing", dash: true }];
  }

  // declutter hides a wind label that would overlap one already shown (the
  // bands crowd together near the exit, where the path is nearly vertical);
  // its arrow stays.
  function declutter() {
    const shown = [];
    if (!groups.winds) return;
    groups.winds.eachLayer((m) => {
      const el = m.getElement && m.getElement();
      if (!el) return;
      const p = map.latLngToContainerPoint(m.getLatLng()), wl = el.querySelector(".wl");
      const clash = shown.some((q) => Math.abs(q.y - p.y) < 16 && Math.abs(q.x - p.x) < 130);
      wl.hidden = clash;
      if (!clash) shown.push(p);
    });
  }

  function fitLanding() { if (landingBounds) map.fitBounds(landingBounds, { padding: [30, 30], maxZoom: 17 }); }
  function fitAll() { if (allBounds) map.fitBounds(allBounds, { padding: [40, 40], maxZoom: 17 }); }

  return { init, drawPlan, drawMC, drawTrack, fitLanding, fitAll, basemap: () => basemapReady, leaflet: () => map, COLORS };
})();
