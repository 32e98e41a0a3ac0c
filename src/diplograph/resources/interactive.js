"use strict";
// Fruchterman-Reingold in plain JavaScript: deterministic start (a spiral), cooling, unit-free coordinates.
function layout(nodes, edges, iterations) {
  const n = nodes.length, index = new Map(nodes.map((d, i) => [d.id, i]));
  const k = 60, xs = new Float64Array(n), ys = new Float64Array(n);
  for (let i = 0; i < n; i++) { const a = i * 2.399963, r = k * Math.sqrt(i + 1); xs[i] = r * Math.cos(a); ys[i] = r * Math.sin(a); }
  const links = edges.map(e => [index.get(e.source), index.get(e.target)]).filter(l => l[0] !== undefined && l[1] !== undefined);
  const steps = iterations || (n > 1500 ? 60 : n > 500 ? 150 : 300);
  let t = k * Math.sqrt(n + 1) / 4;
  for (let s = 0; s < steps; s++) {
    const dx = new Float64Array(n), dy = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
      const x = xs[i] - xs[j], y = ys[i] - ys[j], d2 = x * x + y * y + 0.01;
      if (d2 > 36 * k * k) continue;  // far apart: no push (keeps separate components near each other)
      const f = k * k / d2; dx[i] += x * f; dy[i] += y * f; dx[j] -= x * f; dy[j] -= y * f;
    }
    for (const [a, b] of links) {
      const x = xs[a] - xs[b], y = ys[a] - ys[b], d = Math.sqrt(x * x + y * y) + 0.01, f = d / k;
      dx[a] -= x * f; dy[a] -= y * f; dx[b] += x * f; dy[b] += y * f;
    }
    for (let i = 0; i < n; i++) {  // a weak pull to the centre keeps separate components together
      dx[i] -= xs[i] * 0.05; dy[i] -= ys[i] * 0.05;
      const d = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) || 1, m = Math.min(d, t);
      xs[i] += dx[i] / d * m; ys[i] += dy[i] / d * m;
    }
    t *= 0.985;
  }
  nodes.forEach((d, i) => { d.x = xs[i]; d.y = ys[i]; });
  return nodes;
}

function shapePath(shape, r) {
  if (shape === "square") return `M${-r},${-r}H${r}V${r}H${-r}Z`;
  if (shape === "hexagon") {
    let p = ""; for (let i = 0; i < 6; i++) { const a = Math.PI / 3 * i + Math.PI / 6; p += (i ? "L" : "M") + (r * Math.cos(a)).toFixed(2) + "," + (r * Math.sin(a)).toFixed(2); }
    return p + "Z";
  }
  return `M${-r},0A${r},${r} 0 1,0 ${r},0A${r},${r} 0 1,0 ${-r},0Z`;
}

function init() {
  const NS = "http://www.w3.org/2000/svg";
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const nodes = data.nodes;
  const byId = new Map(nodes.map(d => [d.id, d]));
  const neighbours = new Map(nodes.map(d => [d.id, new Set()]));
  for (const e of data.edges) {
    if (byId.has(e.source) && byId.has(e.target)) { neighbours.get(e.source).add(e.target); neighbours.get(e.target).add(e.source); }
  }
  const hidden = new Set(nodes.some(d => d.kind === "actor") ? ["place", "state"] : []);
  // lay out what is shown at first (actors and meetings); places and states go beside their neighbours
  layout(nodes.filter(d => !hidden.has(d.kind)), data.edges);
  nodes.filter(d => hidden.has(d.kind)).forEach((d, i) => {
    const near = [...neighbours.get(d.id)].map(id => byId.get(id)).filter(x => !hidden.has(x.kind));
    const a = i * 2.399963, cx = near.length ? near.reduce((s, x) => s + x.x, 0) / near.length : 0;
    const cy = near.length ? near.reduce((s, x) => s + x.y, 0) / near.length : 0;
    d.x = cx + 40 * Math.cos(a); d.y = cy + 40 * Math.sin(a);
  });
  const svg = document.getElementById("svg"), view = document.getElementById("view");
  const edgeLayer = document.getElementById("edges"), nodeLayer = document.getElementById("nodes");
  let scale = 1, tx = 0, ty = 0, selected = null;
  const el = (name, attrs) => { const x = document.createElementNS(NS, name); for (const k in attrs) x.setAttribute(k, attrs[k]); return x; };
  const edgeEls = data.edges.filter(e => byId.has(e.source) && byId.has(e.target)).map(e => {
    const line = el("line", {class: "edge"}); line.__e = e; edgeLayer.appendChild(line); return line; });
  for (const d of nodes) {
    const g = el("g", {class: "node " + d.kind}); g.__d = d;
    const r = d.kind === "actor" ? 9 : d.kind === "meeting" ? 5 + 2 * Math.min(d.size || 1, 6) : 6;
    const shape = el("path", {class: "shape", d: shapePath(d.shape, r), fill: d.hollow ? "#fff" : d.colour,
      stroke: d.hollow ? d.colour : "#fff", "stroke-width": d.hollow ? 2 : 1.5});
    if (d.dashed) shape.setAttribute("stroke-dasharray", "3,2");
    g.appendChild(shape);
    if (d.cross) g.appendChild(el("path", {d: `M${-r},${-r}L${r},${r}M${-r},${r}L${r},${-r}`, stroke: "#c62828", "stroke-width": 2}));
    const label = el("text", {x: 0, y: r + 12, "text-anchor": "middle"}); label.textContent = d.label; g.appendChild(label);
    g.addEventListener("mouseenter", () => show(d));
    g.addEventListener("click", ev => { ev.stopPropagation(); selected = selected === d.id ? null : d.id; paint(); show(d); });
    g.addEventListener("pointerdown", ev => dragNode(ev, d));
    d.el = g; nodeLayer.appendChild(g);
  }
  function place() {
    for (const line of edgeEls) { const a = byId.get(line.__e.source), b = byId.get(line.__e.target);
      line.setAttribute("x1", a.x); line.setAttribute("y1", a.y); line.setAttribute("x2", b.x); line.setAttribute("y2", b.y); }
    for (const d of nodes) d.el.setAttribute("transform", `translate(${d.x},${d.y})`);
  }
  // a meeting is shown when its status and date pass the filters (a month-precise date spans its month)
  function meetingPasses(d) {
    if (d.kind !== "meeting") return true;
    const status = document.getElementById("status").value, from = document.getElementById("from").value;
    const to = document.getElementById("to").value, date = String(d.info.date || "");
    if (status && String(d.info.status || "held") !== status) return false;
    if ((from || to) && !date) return false;
    if (from && (date + "-31").slice(0, 10) < from) return false;
    if (to && date.slice(0, 10) > to) return false;
    return true;
  }
  function paint() {
    const query = document.getElementById("search").value.trim().toLowerCase();
    let shown = 0;
    for (const d of nodes) {
      const visible = !hidden.has(d.kind) && meetingPasses(d);
      const hit = query && d.label.toLowerCase().includes(query);
      const near = !selected || d.id === selected || neighbours.get(selected).has(d.id);
      d.el.style.display = visible ? "" : "none";
      d.el.classList.toggle("dim", !near || (query !== "" && !hit));
      d.el.classList.toggle("hit", !!hit);
      shown += visible;
    }
    for (const line of edgeEls) {
      const a = byId.get(line.__e.source), b = byId.get(line.__e.target);
      line.style.display = hidden.has(a.kind) || hidden.has(b.kind) || !meetingPasses(a) || !meetingPasses(b) ? "none" : "";
      line.classList.toggle("dim", !!selected && a.id !== selected && b.id !== selected);
    }
    document.getElementById("count").textContent = `${shown} of ${nodes.length} nodes`;
  }
  function transform() { view.setAttribute("transform", `translate(${tx},${ty}) scale(${scale})`); }
  function fit() {
    const shown = nodes.filter(d => !hidden.has(d.kind)); if (!shown.length) return;
    const xs = shown.map(d => d.x), ys = shown.map(d => d.y), box = svg.getBoundingClientRect();
    const w = Math.max(...xs) - Math.min(...xs) + 160, h = Math.max(...ys) - Math.min(...ys) + 80;
    scale = Math.min((box.width || 800) / w, (box.height || 600) / h, 2.5);
    tx = (box.width || 800) / 2 - scale * (Math.max(...xs) + Math.min(...xs)) / 2;
    ty = (box.height || 600) / 2 - scale * (Math.max(...ys) + Math.min(...ys)) / 2; transform();
  }
  function show(d) {
    const box = document.getElementById("info"); box.style.display = "block"; box.textContent = "";
    const table = document.createElement("table");
    for (const [k, v] of Object.entries(d.info)) { const tr = table.insertRow(); tr.insertCell().textContent = k; tr.insertCell().textContent = String(v); }
    const head = document.createElement("strong"); head.textContent = d.label + (d.group ? ` (${d.group})` : "");
    box.appendChild(head); box.appendChild(table);
  }
  function dragNode(ev, d) {
    ev.stopPropagation(); const start = [ev.clientX, ev.clientY, d.x, d.y];
    const move = e => { d.x = start[2] + (e.clientX - start[0]) / scale; d.y = start[3] + (e.clientY - start[1]) / scale; place(); };
    const up = () => { window.removeEventListener("pointermove", move); window.removeEventListener("pointerup", up); };
    window.addEventListener("pointermove", move); window.addEventListener("pointerup", up);
  }
  svg.addEventListener("pointerdown", ev => {
    const start = [ev.clientX, ev.clientY, tx, ty]; svg.classList.add("panning");
    const move = e => { tx = start[2] + e.clientX - start[0]; ty = start[3] + e.clientY - start[1]; transform(); };
    const up = () => { svg.classList.remove("panning"); window.removeEventListener("pointermove", move); window.removeEventListener("pointerup", up); };
    window.addEventListener("pointermove", move); window.addEventListener("pointerup", up);
  });
  svg.addEventListener("wheel", ev => { ev.preventDefault(); const f = Math.exp(-ev.deltaY * 0.0015), box = svg.getBoundingClientRect();
    const mx = ev.clientX - box.left, my = ev.clientY - box.top; tx = mx - (mx - tx) * f; ty = my - (my - ty) * f; scale *= f; transform(); }, {passive: false});
  svg.addEventListener("click", () => { selected = null; paint(); });
  const kinds = [...new Set(nodes.map(d => d.kind))].sort();
  for (const kind of kinds) {
    const label = document.createElement("label"), box = document.createElement("input");
    box.type = "checkbox"; box.checked = !hidden.has(kind);
    box.addEventListener("change", () => { box.checked ? hidden.delete(kind) : hidden.add(kind); paint(); });
    label.appendChild(box); label.appendChild(document.createTextNode(" " + kind + " ")); document.getElementById("kinds").appendChild(label);
  }
  const legend = document.getElementById("legend");
  for (const item of data.legend) {
    const row = document.createElement("div"), icon = el("svg", {width: 14, height: 14, viewBox: "-8 -8 16 16"});
    const p = el("path", {d: shapePath(item.shape, 6), fill: item.hollow ? "#fff" : item.colour, stroke: item.colour, "stroke-width": item.hollow ? 2 : 0});
    if (item.hollow) p.setAttribute("stroke-dasharray", "3,2");
    icon.appendChild(p); row.appendChild(icon); row.appendChild(document.createTextNode(item.label)); legend.appendChild(row);
  }
  if (!data.legend.length) legend.style.display = "none";
  document.getElementById("search").addEventListener("input", paint);
  for (const id of ["status", "from", "to"]) document.getElementById(id).addEventListener("change", paint);
  document.getElementById("fit").addEventListener("click", fit);
  place(); paint(); fit();
}

if (typeof document !== "undefined") init();
if (typeof module !== "undefined") module.exports = {layout, shapePath};
