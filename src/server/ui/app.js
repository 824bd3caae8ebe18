// dateline web UI: search, article view with highlights, speaker timeline.
// Plain JavaScript, no build step; everything comes from the JSON API.
"use strict";

const main = document.getElementById("main");

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== null && v !== undefined) e.setAttribute(k, v);
  }
  for (const c of children) {
    e.append(c instanceof Node ? c : document.createTextNode(c ?? ""));
  }
  return e;
}

async function api(path) {
  const r = await fetch(path);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error ? body.error.message : r.statusText);
  return body;
}

function showError(err) {
  main.replaceChildren(el("p", { class: "error" }, String(err.message || err)));
}

function hitView(h) {
  const meta = el("div", { class: "meta" },
    (h.date || "undated") + " · ",
    h.speaker ? el("a", { href: "/speaker/" + encodeURIComponent(h.speaker), class: "speaker-link" }, h.speaker) : "(no speaker)",
    " " + (h.cue || "") + " · " + h.kind + (h.place ? " · " + h.place : "") + (h.outlet ? " · " + h.outlet : "") + " · ",
    el("a", { href: "/article/" + encodeURIComponent(h.article) + "#s" + h.statement, class: "article-link" }, h.article));
  return el("div", { class: "hit" }, meta, el("blockquote", {}, h.content));
}

async function searchPage(params) {
  for (const k of ["q", "speaker", "from", "to", "outlet", "kind"]) {
    const input = document.getElementById(k);
    if (input) input.value = params.get(k) || "";
  }
  const query = new URLSearchParams();
  for (const [k, v] of params) if (v) query.set(k, v);
  const data = await api("/api/statements?" + query.toString());
  const list = el("div", { id: "results" });
  for (const h of data.statements) list.append(hitView(h));
  const n = data.statements.length;
  main.replaceChildren(el("p", { class: "muted", id: "count" }, n + (n === 1 ? " statement" : " statements")), list);
}

// Highlight layers over the text, by code point (the API's offsets).
function highlighted(text, record) {
  const chars = Array.from(text);
  const marks = []; // [start, end, class, title]
  const entityOf = {};
  for (const e of record.entities || []) entityOf[e.id] = e;
  for (const s of record.statements || []) {
    const who = s.speaker && s.speaker.name ? s.speaker.name : "unresolved speaker";
    const when = s.time ? " · " + s.time.value : "";
    for (const c of s.content || []) marks.push([c[0], c[1], "content", "said by " + who + when]);
    if (s.cue) marks.push([s.cue[0], s.cue[1], "cue", "cue"]);
    if (s.speaker) {
      const e = s.speaker.entity ? entityOf[s.speaker.entity] : null;
      marks.push([s.speaker.span[0], s.speaker.span[1], "speaker", e ? e.name + " (" + e.type + ")" : who]);
    }
  }
  for (const l of record.loaded || []) marks.push([l.span[0], l.span[1], "loaded", l.label.replace("_", " ")]);
  for (const t of record.timexes || []) marks.push([t.span[0], t.span[1], "timex", t.type + " " + t.value]);
  const cuts = new Set([0, chars.length]);
  for (const m of marks) { cuts.add(Math.max(0, m[0])); cuts.add(Math.min(chars.length, m[1])); }
  const points = [...cuts].sort((a, b) => a - b);
  const out = el("article", { class: "text", id: "text" });
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    let node = document.createTextNode(chars.slice(a, b).join(""));
    for (const m of marks) {
      if (m[0] <= a && b <= m[1]) {
        const span = el("span", { class: m[2], title: m[3] });
        span.append(node);
        node = span;
      }
    }
    out.append(node);
  }
  return out;
}

async function articlePage(id) {
  const a = await api("/api/articles/" + encodeURIComponent(id));
  const r = a.record || {};
  const d = r.dateline;
  const facts = [a.outlet, a.date, d && d.place,
    (r.statements || []).length + " statements, " + (r.entities || []).length + " entities"].filter(Boolean);
  const head = el("p", { class: "muted" }, facts.join(" · "));
  const speakers = el("p", {}, "Speakers: ");
  const seen = new Set();
  for (const s of r.statements || []) {
    const n = s.speaker && s.speaker.name;
    if (n && !seen.has(n)) {
      seen.add(n);
      speakers.append(el("a", { href: "/speaker/" + encodeURIComponent(n) }, n), " ");
    }
  }
  main.replaceChildren(el("h2", {}, a.doc_id), head, speakers, highlighted(a.text, r));
}

function timelinePlot(statements) {
  const dated = statements.filter(s => s.date && /^\d{4}/.test(s.date));
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("class", "timeline");
  svg.setAttribute("viewBox", "0 0 600 90");
  if (!dated.length) return svg;
  const t = s => Date.parse(s.date.length === 4 ? s.date + "-07-01" : s.date.length === 7 ? s.date + "-15" : s.date.slice(0, 10));
  const times = dated.map(t).filter(x => !isNaN(x));
  const lo = Math.min(...times), hi = Math.max(...times);
  const x = v => 20 + (hi === lo ? 280 : (v - lo) / (hi - lo) * 560);
  dated.forEach((s, i) => {
    const c = document.createElementNS(ns, "circle");
    c.setAttribute("cx", x(t(s)));
    c.setAttribute("cy", 35 + (i % 3) * 8);
    c.setAttribute("r", 5);
    const title = document.createElementNS(ns, "title");
    title.textContent = s.date + ": " + s.content.slice(0, 120);
    c.append(title);
    svg.append(c);
  });
  for (const [v, anchor] of [[lo, "start"], [hi, "end"]]) {
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", anchor === "start" ? 10 : 590);
    label.setAttribute("y", 80);
    label.setAttribute("text-anchor", anchor);
    label.textContent = new Date(v).toISOString().slice(0, 10);
    svg.append(label);
  }
  return svg;
}

async function speakerPage(name) {
  const data = await api("/api/speakers/" + encodeURIComponent(name) + "/timeline");
  const list = el("div", { id: "results" });
  for (const h of data.statements) list.append(hitView(h));
  main.replaceChildren(el("h2", {}, name), el("p", { class: "muted" }, data.statements.length + " statements"),
    timelinePlot(data.statements), list);
}

async function route() {
  const path = decodeURIComponent(location.pathname);
  try {
    if (path.startsWith("/article/")) await articlePage(path.slice("/article/".length));
    else if (path.startsWith("/speaker/")) await speakerPage(path.slice("/speaker/".length));
    else await searchPage(new URLSearchParams(location.search));
    document.body.setAttribute("data-ready", "1");
  } catch (err) {
    showError(err);
    document.body.setAttribute("data-ready", "error");
  }
}

route();
