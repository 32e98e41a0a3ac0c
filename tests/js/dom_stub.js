// A minimal DOM, enough for resources/interactive.js to run init() under node (no browser needed).
"use strict";
const fs = require("fs");
class El {
  constructor(tag) { this.tag = tag; this.children = []; this.attrs = {}; this.style = {}; this.listeners = {};
    this.textContent = ""; this._classes = new Set();
    this.classList = { add: c => this._classes.add(c), remove: c => this._classes.delete(c),
                       toggle: (c, on) => (on ? this._classes.add(c) : this._classes.delete(c)) }; }
  appendChild(c) { this.children.push(c); return c; }
  setAttribute(k, v) { this.attrs[k] = String(v); }
  addEventListener(t, f) { (this.listeners[t] = this.listeners[t] || []).push(f); }
  getBoundingClientRect() { return { left: 0, top: 0, width: 800, height: 600 }; }
  insertRow() { const r = new El("tr"); r.insertCell = () => r.appendChild(new El("td")); return this.appendChild(r); }
  get value() { return this._value || ""; } set value(v) { this._value = v; }
  count(pred) { return (pred(this) ? 1 : 0) + this.children.reduce((n, c) => n + c.count(pred), 0); }
}
const ids = {};
const [page, script] = [process.argv[2], process.argv[3]];
const html = fs.readFileSync(page, "utf8");
for (const m of html.matchAll(/id="([^"]+)"/g)) ids[m[1]] = new El(m[1]);
for (const [k, v] of Object.entries(JSON.parse(process.argv[4] || "{}"))) ids[k].value = v;  // filter settings
ids["graph-data"].textContent = html.match(/<script type="application\/json" id="graph-data">([\s\S]*?)<\/script>/)[1];
global.document = { getElementById: id => ids[id], createElementNS: (ns, t) => new El(t), createElement: t => new El(t),
                    createTextNode: t => ({ text: t, count: () => 0 }) };
global.window = { addEventListener() {}, removeEventListener() {} };
const body = html.match(/<script>\n([\s\S]*?)<\/script>/)[1];
new Function(body)();
const nodes = ids["nodes"].count(e => e.tag === "g"), edges = ids["edges"].count(e => e.tag === "line");
const actors = ids["nodes"].children.filter(g => g.attrs.class === "node actor").length;
const transforms = ids["nodes"].children.map(g => g.attrs.transform);
const finite = transforms.every(t => /^translate\(-?[\d.e+-]+,-?[\d.e+-]+\)$/.test(t));
console.log(JSON.stringify({ nodes, edges, actors, finite, count: ids["count"].textContent,
                             legend: ids["legend"].children.length, view: ids["view"].attrs.transform }));
