(function () {
  "use strict";
  var form = document.getElementById("f");
  if (!form) return;
  var rules = JSON.parse(document.getElementById("rules").textContent);
  var store = "xanh-nhap-" + document.body.dataset.link;
  var draft = {};
  try { draft = JSON.parse(localStorage.getItem(store) || "{}"); } catch (e) { draft = {}; }
  if (document.body.dataset.sent && draft.key === document.body.dataset.sent) { draft = {}; localStorage.removeItem(store); }
  var key = form.elements.key;
  if (draft.key) { key.value = draft.key; } else { draft.key = key.value; }
  draft.values = draft.values || {};

  // A number as Vietnamese writing gives it (loaders/numbers.py): 1.234 = 1234; 12,5 = 12.5; 12.5 = 12.5.
  function num(text) {
    var b = text.replace(/[\s\u00a0\u202f\u2009]+/g, ""), pct = /%$/.test(b), s = 1;
    b = b.replace(/%+$/, "");
    if (/^[-\u2212\u2013]/.test(b)) { s = -1; b = b.slice(1); } else if (b[0] === "+") { b = b.slice(1); }
    var v = unsigned(b);
    return v === null ? null : { v: s * v, pct: pct };
  }
  function dec(b) { var p = b.split("."); return /^\d*$/.test(p[0]) && /^\d+$/.test(p[1] || "x") ? parseFloat((p[0] || "0") + "." + p[1]) : null; }
  function unsigned(b) {
    if (!b) return null;
    var dot = /^[1-9]\d{0,2}(\.\d{3})+$/, comma = /^[1-9]\d{0,2}(,\d{3})+$/;
    if (b.indexOf(".") >= 0 && b.indexOf(",") >= 0) {
      var d = b.lastIndexOf(",") > b.lastIndexOf(".") ? "," : ".", g = d === "," ? "." : ",";
      var at = b.lastIndexOf(d), whole = b.slice(0, at), frac = b.slice(at + 1);
      if (!(g === "." ? dot : comma).test(whole) || !/^\d+$/.test(frac)) return null;
      return parseFloat(whole.split(g).join("") + "." + frac);
    }
    if (b.indexOf(",") >= 0) return (b.split(",").length > 2) ? (comma.test(b) ? parseFloat(b.split(",").join("")) : null) : dec(b.replace(",", "."));
    if (b.indexOf(".") >= 0) return dot.test(b) ? parseFloat(b.split(".").join("")) : dec(b);
    return /^\d+$/.test(b) ? parseFloat(b) : null;
  }
  function say(t, p) { return t.replace(/\{(\w+)\}/g, function (m, k) { return p[k] === undefined ? m : p[k]; }); }
  function shown(v) { return String(v).replace(".", ","); }
  function value(name) {
    var f = rules.fields[name], el = form.elements[name];
    if (!f || !el || !el.value.trim() || ["integer", "decimal", "percent"].indexOf(f.kind) < 0) return null;
    var n = num(el.value);
    return n && !n.pct ? n.v : null;
  }
  function check(name) {
    var f = rules.fields[name], el = form.elements[name];
    if (!f || !el) return "";
    var text = el.value.trim(), m = rules.messages;
    if (!text || ["integer", "decimal", "percent"].indexOf(f.kind) < 0) return "";
    var n = num(text);
    if (n === null || (n.pct && f.kind !== "percent")) return say(m.not_a_number, { label: f.label, value: text });
    if (f.kind === "percent") return (n.v < 0 || n.v > 100) ? say(m.percent_out_of_range, { label: f.label, value: shown(n.v) }) : "";
    if (n.v < 0) return say(m.negative, { label: f.label, value: shown(n.v) });
    if (f.kind === "integer" && Math.abs(n.v - Math.round(n.v)) > 1e-6) return say(m.not_whole_number, { label: f.label, value: shown(n.v) });
    var out = "";
    rules.comparisons.forEach(function (c) {
      var a = value(c.left), b = value(c.right);
      if (!out && c.severity === "error" && name === c.left && a !== null && b !== null && a > b + 1e-9) {  // said at the left field, as a file's problem is
        out = say(m.exceeds, { left_label: rules.fields[c.left].label, left: shown(a), right_label: rules.fields[c.right].label, right: shown(b) });
      }
    });
    return out;
  }
  function mark(name) {
    var el = form.elements[name], msg = check(name), out = document.getElementById("e-" + name);
    if (!el || !out) return "";
    out.textContent = msg;
    if (msg) el.setAttribute("aria-invalid", "true"); else el.removeAttribute("aria-invalid");
    return msg;
  }
  Object.keys(rules.fields).forEach(function (name) {
    var el = form.elements[name];
    if (!el) return;
    if (!el.value && draft.values[name]) el.value = draft.values[name];
    el.addEventListener("input", function () {
      draft.values[name] = el.value;
      try { localStorage.setItem(store, JSON.stringify(draft)); } catch (e) { /* a full or private store: the page still sends */ }
      mark(name);
      rules.comparisons.forEach(function (c) { if (c.left === name) mark(c.right); if (c.right === name) mark(c.left); });
    });
  });
  try { localStorage.setItem(store, JSON.stringify(draft)); } catch (e) { /* as above */ }
  var status = document.getElementById("gui");
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var first = null;
    Object.keys(rules.fields).forEach(function (name) { if (mark(name) && !first) first = form.elements[name]; });
    if (first) { first.focus(); status.textContent = rules.messages.fix; return; }
    var button = form.querySelector("button");
    button.disabled = true;
    status.textContent = rules.messages.sending;
    fetch(form.action, { method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin" }).then(function (r) {
      if (r.redirected) { location.replace(r.url); return; }
      return r.text().then(function (html) { document.open(); document.write(html); document.close(); });
    }).catch(function () {
      button.disabled = false;
      status.textContent = rules.messages.offline;
    });
  });
})();
