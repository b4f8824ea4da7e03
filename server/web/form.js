// halo mission form: the target, aircraft, winds aloft and jumpers of the
// mission file as fields, kept in step with the YAML editor both ways. The file
// is read and written with the vendored yaml library (vendor/yaml, ISC), which
// keeps its comments and layout: a field changes only its own value. Values are
// the file's own text ("60 m", "25000 ft", "auto"), so every unit the mission
// file accepts works here and the planner checks them.
import { parseDocument, isMap, isSeq } from "./vendor/yaml/dist/index.js";

const $ = (id) => document.getElementById(id);
const ta = $("mission");
const WIND = ["altitude", "from", "speed"];
const JUMPER = ["name", "role", "mass", "open_at"];
let doc = null, src = "";

// text is a scalar's value as the file writes it (24.10 stays 24.10).
function text(node) {
  if (node === undefined || node === null) return "";
  if (typeof node !== "object") return String(node);
  if (node.type === "PLAIN" && node.range) return src.slice(node.range[0], node.range[1]);
  return node.value === undefined || node.value === null ? "" : String(node.value);
}

// scalar makes the node for what was typed: a number stays a number with its
// decimals as typed (24.10), anything else is text ("60 m").
function scalar(s) {
  const t = s.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) {
    const n = doc.createNode(Number(t));
    const dot = t.indexOf(".");
    if (dot >= 0) n.minFractionDigits = t.length - dot - 1;
    return n;
  }
  return doc.createNode(t);
}

function read(force) {
  const d = parseDocument(ta.value);
  if (d.errors.length) {
    $("form-status").textContent = "The form waits for the file to be valid YAML: " + d.errors[0].message.split("\n")[0];
    $("mform").classList.add("stale");
    return;
  }
  doc = d;
  src = ta.value;
  $("mform").classList.remove("stale");
  $("form-status").textContent = "";
  document.querySelectorAll("#mform input[data-path]").forEach((inp) => {
    if (inp !== document.activeElement) inp.value = text(doc.getIn(inp.dataset.path.split("."), true));
  });
  rows("f-winds", ["winds", "layers"], WIND, "layer", force === true);
  rows("f-jumpers", ["jumpers"], JUMPER, "jumper", force === true);
}

// rows draws one table row per item of the list at path, one input per field.
function rows(tableId, path, fields, what, force) {
  const body = $(tableId).tBodies[0];
  if (!force && body.contains(document.activeElement)) return; // not under the typist's cursor
  body.replaceChildren();
  const seq = doc.getIn(path, true);
  if (!isSeq(seq)) return;
  seq.items.forEach((item, i) => {
    const tr = document.createElement("tr");
    fields.forEach((f) => {
      const td = document.createElement("td");
      const inp = document.createElement("input");
      inp.value = isMap(item) ? text(item.get(f, true)) : "";
      inp.setAttribute("aria-label", `${what} ${i + 1} ${f.replace("_", " ")}`);
      inp.dataset.list = path.join(".");
      inp.dataset.index = i;
      inp.dataset.field = f;
      td.appendChild(inp);
      tr.appendChild(td);
    });
    const td = document.createElement("td");
    const rm = document.createElement("button");
    rm.type = "button";
    rm.textContent = "×";
    rm.setAttribute("aria-label", `remove ${what} ${i + 1}`);
    rm.addEventListener("click", () => { doc.deleteIn(path.concat(i)); write(); read(true); });
    td.appendChild(rm);
    tr.appendChild(td);
    body.appendChild(tr);
  });
}

// write puts the document back in the editor and tells the page it changed.
function write() {
  ta.value = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  $("form-status").textContent = "The file is updated: press Plan.";
}

function onField(e) {
  const inp = e.target;
  if (!doc || inp.tagName !== "INPUT") return;
  if (inp.dataset.path) {
    doc.setIn(inp.dataset.path.split("."), scalar(inp.value));
  } else if (inp.dataset.list) {
    const item = doc.getIn(inp.dataset.list.split(".").concat(+inp.dataset.index), true);
    if (!isMap(item)) return;
    if (inp.value.trim() === "") item.delete(inp.dataset.field);
    else item.set(inp.dataset.field, scalar(inp.value));
  } else return;
  write();
}

// add copies the list's last item (a new wind layer or jumper starts as the
// one above it) and names a jumper anew.
function add(path, rename) {
  if (!doc) return;
  const seq = doc.getIn(path, true);
  if (!isSeq(seq) || !seq.items.length) {
    $("form-status").textContent = "Add the first one in the file; the form copies the last one.";
    return;
  }
  const copy = seq.items[seq.items.length - 1].clone();
  if (rename && isMap(copy)) copy.set("name", doc.createNode("jumper" + (seq.items.length + 1)));
  seq.add(copy);
  write();
  read(true);
}

let timer = null;
ta.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(read, 250); });
document.addEventListener("halo:mission", read);
$("mform").addEventListener("input", onField);
$("f-wind-add").addEventListener("click", () => add(["winds", "layers"], false));
$("f-jumper-add").addEventListener("click", () => add(["jumpers"], true));
if (ta.value) read();
