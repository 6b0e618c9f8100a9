"""Inline CSS and JavaScript of the audit page (nothing is loaded from outside)."""

from __future__ import annotations

CSS = """
*{box-sizing:border-box}
:root{--error:#c0001a;--warning:#b85c00;--info:#5b6b7b;--active:#ffd400}
body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;
color:#1d1d1d;background:#f3f3f1}
header,section.block{background:#fff;margin:12px;padding:10px 16px;border:1px solid #ddd;
border-radius:6px}
h1{font-size:20px;margin:0 0 8px}
h2{font-size:17px;margin:0 0 8px}h3{font-size:14px;margin:10px 0 2px}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}
dl.meta dt{font-weight:600}dl.meta dd{margin:0;overflow-wrap:anywhere}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
table{border-collapse:collapse;margin:6px 0}
th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tfoot td,tfoot th{font-weight:600;background:#f7f7f7}
.lvl-error{--l:var(--error)}.lvl-warning{--l:var(--warning)}.lvl-info{--l:var(--info)}
.level-chip{display:inline-block;margin-left:8px;padding:1px 9px;border-radius:10px;
border:1px solid var(--l);color:var(--l);background:#fff;font:inherit;font-weight:600;
cursor:pointer}
.level-chip.lvl-error:not(.zero){background:var(--error);color:#fff}
.level-chip.zero{opacity:.55;font-weight:400}
.dot{display:inline-block;width:10px;height:10px;border-radius:50%;background:var(--l);
margin-right:6px}
#summary,#findings{display:inline-block;vertical-align:top;margin-right:0;
max-width:calc(100% - 24px)}
ul.done{margin:4px 0 8px;padding-left:20px}
.swatch{display:inline-block;width:12px;height:12px;border:2px solid var(--c);
background:color-mix(in srgb,var(--c) 25%,transparent);vertical-align:-2px;margin-right:4px}
.swatch.nostatus{border-style:dashed}
.legend span.item{margin-right:14px;white-space:nowrap}
details.level{margin:6px 0;border-left:4px solid var(--l);padding-left:8px}
details.level>summary{font-weight:600;cursor:pointer;color:var(--l)}
ul.findings{margin:0;padding-left:20px}
.zero{color:#888}
#page-index{position:sticky;top:0;z-index:20;background:#fffffff0;margin:0 12px;
padding:6px 10px;border:1px solid #ddd;border-radius:6px;display:flex;flex-wrap:wrap;gap:4px;
align-items:center}
#page-index a{display:inline-block;min-width:2em;text-align:center;padding:1px 6px;
border:1px solid #bbb;border-radius:4px;text-decoration:none;color:#1d1d1d}
#page-index a.lvl-error,#page-index a.lvl-warning{border-color:var(--l);
box-shadow:inset 0 -3px 0 var(--l)}
.layout{display:grid;grid-template-columns:minmax(0,1fr) minmax(520px,46%);gap:12px;
margin:12px;align-items:start}
section.page{margin:0 0 16px;scroll-margin-top:48px}
section.page>h2{margin:0 0 6px}
.figure{position:relative;background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.25)}
.figure img{display:block;width:100%;height:auto}
.box{position:absolute;border:2px solid var(--c);
background:color-mix(in srgb,var(--c) 8%,transparent);cursor:pointer}
.box.nostatus{border-style:dashed}
.box .num,.cont{font:600 11px/1 system-ui,sans-serif;color:#fff;background:var(--c);padding:2px 4px}
.box .num{position:absolute;left:-2px;top:-16px;border-radius:3px 3px 0 0}
.box.lvl-error .num::after,.box.lvl-warning .num::after{content:" !";color:#fff}
.box.lvl-error .num{box-shadow:0 0 0 2px var(--error)}
.box:hover{background:color-mix(in srgb,var(--c) 18%,transparent)}
.box.filtered{opacity:.25}
.box.active{outline:3px solid var(--active);outline-offset:1px;z-index:5;opacity:1;
background:color-mix(in srgb,var(--c) 22%,transparent)}
.conts{position:absolute;left:4px;top:4px;display:flex;gap:4px;flex-wrap:wrap}
.cont{cursor:pointer;border-radius:3px;opacity:.9}
.cont.active{outline:3px solid var(--active)}
.fbox{position:absolute;border:2px dotted var(--l);pointer-events:none}
.fbox:target{outline:3px solid var(--active)}
.panel{position:sticky;top:44px;max-height:calc(100vh - 52px);overflow:auto;background:#fff;
border:1px solid #ddd;border-radius:6px;padding:0 8px 8px}
.controls{position:sticky;top:0;z-index:3;background:#fff;padding:8px 0 4px;
display:flex;flex-wrap:wrap;gap:6px 12px;align-items:center;border-bottom:1px solid #ddd}
.controls label{font-size:13px;white-space:nowrap}
.controls .search{flex:1 1 100%;display:flex;gap:6px;align-items:center}
.controls input[type=search]{flex:1;font:inherit;padding:3px 6px}
.controls select,.controls button,.controls .button{font:inherit;font-size:13px}
.controls .button{border:1px solid #999;border-radius:3px;padding:1px 6px;background:#f0f0f0;
cursor:pointer}
.actions{display:flex;gap:8px;align-items:center;flex-wrap:wrap}
.status-line{margin:0;font-size:12px;color:#555;flex:1 1 100%}
#row-table{width:100%;font-size:13px;margin:4px 0}
#row-table thead th{position:sticky;top:var(--controls-h,0);background:#f7f7f7;z-index:2}
#row-table td,#row-table th{padding:2px 5px}
#row-table tr.row{cursor:pointer}
#row-table tr.row>td.c-n{border-left:5px solid var(--c)}
#row-table tr.row.nostatus>td.c-n{border-left-style:dashed}
#row-table tr.row:hover{background:#f6f6f6}
#row-table tr.row.active{background:#fff6bf;outline:2px solid var(--active)}
#row-table tr.row.checked>td{color:#555}
#row-table tr.row.checked>td.c-check{background:#e7f4e8}
.clip{display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:2;overflow:hidden;
overflow-wrap:anywhere}
td.c-goal .clip{-webkit-line-clamp:1}
td.c-goal{min-width:7em;max-width:12em;color:#555}
td.c-perspective .clip{-webkit-line-clamp:1}
td.c-perspective{max-width:7.5em}
td.c-deadline{max-width:7em}
td.c-check,td.c-flags{white-space:nowrap;text-align:center}
.print-note{display:none}
.badge{display:inline-block;padding:0 6px;border-radius:8px;color:#fff;background:var(--c);
font-size:12px;font-weight:600;white-space:nowrap}
.badge.nostatus{background:#fff;color:#555;border:1px dashed var(--c)}
.flag{display:inline-block;min-width:1.4em;text-align:center;border-radius:8px;color:#fff;
background:var(--l);font-weight:700;font-size:11px;margin-right:2px}
.chip{display:inline-block;border:1px solid #999;border-radius:8px;padding:0 4px;font-size:11px;
margin-right:2px;white-space:nowrap}
.chip.low{border-color:var(--error);color:var(--error);font-weight:600}
tr.detail>td{background:#fffbe6;border:2px solid var(--active);padding:6px 10px}
tr.detail dl{display:grid;grid-template-columns:max-content 1fr;gap:1px 10px;margin:4px 0}
tr.detail dt{color:#555}tr.detail dd{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
tr.detail ul{margin:4px 0;padding-left:18px}
tr.detail li{color:var(--l)}
tr.detail textarea{width:100%;min-height:3em;font:inherit}
tr.detail .detail-head{display:flex;justify-content:space-between;align-items:center;gap:8px}
p.keys{font-size:12px;color:#666;margin:4px 0 0}
p.empty{color:#777;margin:4px}
@media (max-width:1000px){.layout{grid-template-columns:1fr}.panel{position:static;
max-height:none}}
@media print{
@page{size:A4;margin:10mm}
body{background:#fff;font-size:9pt;-webkit-print-color-adjust:exact;print-color-adjust:exact}
header,section.block{margin:0 0 4mm;padding:2mm 3mm;border:1px solid #bbb;box-shadow:none}
h1{font-size:13pt}h2{font-size:11pt}
#summary,#findings{display:block;max-width:none}
details.level[data-level=info] ul,details.level[data-level=info] h3{display:none}
details.level>summary{list-style:none}
#page-index,.controls,p.keys,#detail,.level-chip.zero,.note-mark{display:none!important}
.layout{display:block;margin:0}
section.page{break-before:page;break-inside:avoid;margin:0}
section.page>h2{margin:0 0 2mm;font-size:10pt}
.figure{width:min(190mm,calc(262mm * var(--ar)))!important;max-width:none!important;
box-shadow:none;border:1px solid #999}
.box .num{font-size:8px;top:-12px}
.panel{position:static;max-height:none;overflow:visible;border:0;padding:0;break-before:page}
#row-table{font-size:7.5pt}
#row-table tr.row[hidden]{display:table-row}
#row-table thead th{position:static}
#row-table tr.row{break-inside:avoid}
#row-table{table-layout:fixed;width:100%}
#row-table td,#row-table th{padding:1px 3px}
#row-table .c-n{width:8mm}#row-table .c-perspective{width:20mm}#row-table .c-goal{width:38mm}
#row-table .c-deadline{width:17mm}#row-table .c-status{width:19mm}
#row-table .c-flags{width:11mm}#row-table .c-check{width:16mm}
td.c-activity .clip,td.c-perspective .clip,td.c-deadline .clip{display:block;
-webkit-line-clamp:none;overflow:visible}
td.c-goal{max-width:none}
td.c-perspective,td.c-deadline{max-width:none}
.print-note{display:block;text-align:left;font-size:7pt;white-space:pre-wrap;overflow-wrap:anywhere}
}
"""

JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("audit-data").textContent);
  var T = data.t;
  var table = document.getElementById("row-table");
  var tbody = table.tBodies[0];
  var detail = document.getElementById("detail");
  var rows = Array.prototype.slice.call(tbody.querySelectorAll("tr.row"));
  var byNumber = {};
  rows.forEach(function (tr) { byNumber[tr.getAttribute("data-row")] = tr; });
  var search = document.getElementById("search");
  var fPerspective = document.getElementById("f-perspective");
  var fStatus = document.getElementById("f-status");
  var fLevel = document.getElementById("f-level");
  var fSignoff = document.getElementById("f-signoff");
  var fOrder = document.getElementById("f-order");
  var storeKey = "followup-audit:" + data.sha256;
  var active = null;
  var marks = load();
  var colIndex = {};
  data.columns.forEach(function (c, i) { colIndex[c[0]] = i; });

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(values, k) ? String(values[k]) : m;
    });
  }
  function fold(s) { return String(s).normalize("NFC").toLocaleLowerCase("sv"); }
  function load() {
    try { return JSON.parse(window.localStorage.getItem(storeKey) || "{}") || {}; }
    catch (e) { return {}; }
  }
  function save() {
    try { window.localStorage.setItem(storeKey, JSON.stringify(marks)); } catch (e) { /* off */ }
  }
  function record(n) { return data.rows[Number(n) - 1]; }
  function value(n, column) {
    var i = colIndex[column];
    return i === undefined ? "" : record(n).v[i];
  }
  var haystacks = {};
  rows.forEach(function (tr) {
    var n = tr.getAttribute("data-row");
    var rec = record(n);
    var parts = [n].concat(rec.v);
    rec.f.forEach(function (f) { parts.push(f[1], f[2], f[3]); });
    haystacks[n] = fold(parts.join("\n"));
  });
  function levelsOf(n) { return record(n).f.map(function (f) { return f[0]; }); }

  function matches(tr) {
    var n = tr.getAttribute("data-row");
    if (fPerspective.value !== "" && tr.getAttribute("data-perspective") !== fPerspective.value) {
      return false;
    }
    if (fStatus.value !== "") {
      var st = tr.getAttribute("data-status") || data.no_status;
      if (st !== fStatus.value) { return false; }
    }
    var lv = fLevel.value;
    if (lv !== "") {
      var levels = levelsOf(n);
      if (lv === "none" && levels.length) { return false; }
      if (lv === "any" && levels.indexOf("error") < 0 && levels.indexOf("warning") < 0) {
        return false;
      }
      if (lv !== "none" && lv !== "any" && levels.indexOf(lv) < 0) { return false; }
    }
    var m = marks[n] || {};
    if (fSignoff.value === "open" && m.checked) { return false; }
    if (fSignoff.value === "done" && !m.checked) { return false; }
    var q = fold(search.value).trim();
    if (q) {
      var hay = haystacks[n] + (m.note ? "\n" + fold(m.note) : "");
      var terms = q.split(/\s+/);
      for (var i = 0; i < terms.length; i++) {
        if (hay.indexOf(terms[i]) < 0) { return false; }
      }
    }
    return true;
  }

  function apply() {
    var shown = 0;
    rows.forEach(function (tr) {
      var ok = matches(tr);
      tr.hidden = !ok;
      if (ok) { shown += 1; }
      var box = document.getElementById("box-" + tr.getAttribute("data-row"));
      if (box) { box.classList.toggle("filtered", !ok); }
    });
    if (active && byNumber[active].hidden) { closeDetail(); }
    document.getElementById("shown").textContent =
      fill(T.shown, {shown: shown, total: rows.length});
    document.getElementById("no-match").hidden = shown > 0;
  }

  function order() {
    var byDocument = fOrder.value === "document";
    rows.slice().sort(function (a, b) {
      if (!byDocument) {
        var r = Number(a.getAttribute("data-rank")) - Number(b.getAttribute("data-rank"));
        if (r) { return r; }
      }
      return Number(a.getAttribute("data-row")) - Number(b.getAttribute("data-row"));
    }).forEach(function (tr) { tbody.appendChild(tr); });
    placeDetail();
  }

  function clearActive() {
    var on = document.querySelectorAll(".active");
    for (var i = 0; i < on.length; i++) { on[i].classList.remove("active"); }
  }
  function activate(n, scroll) {
    n = String(n);
    clearActive();
    active = n;
    var row = byNumber[n];
    var box = document.getElementById("box-" + n);
    if (row) { row.classList.add("active"); }
    if (box) { box.classList.add("active"); }
    var conts = document.querySelectorAll('.cont[data-row="' + n + '"]');
    for (var i = 0; i < conts.length; i++) { conts[i].classList.add("active"); }
    if (!detail.hidden) { showDetail(n); }
    if ((scroll === "box" || scroll === "both") && box) {
      box.scrollIntoView({block: "center"});
    }
    if ((scroll === "row" || scroll === "both") && row && !row.hidden) {
      row.scrollIntoView({block: "nearest"});
    }
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function placeDetail() {
    var n = detail.getAttribute("data-row");
    if (!detail.hidden && n && byNumber[n]) {
      tbody.insertBefore(detail, byNumber[n].nextSibling);
    } else {
      tbody.appendChild(detail);
    }
  }
  function showDetail(n) {
    var rec = record(n);
    var td = detail.firstElementChild;
    td.textContent = "";
    var head = el("div", "detail-head");
    head.appendChild(el("strong", "", "#" + n + " · " + T.details));
    var close = el("button", "close", T.close);
    close.type = "button";
    head.appendChild(close);
    td.appendChild(head);
    var dl = el("dl");
    data.columns.forEach(function (c, i) {
      dl.appendChild(el("dt", "", c[1]));
      var dd = el("dd", "", rec.v[i]);
      dd.setAttribute("data-field", c[0]);
      dl.appendChild(dd);
    });
    if (rec.box) {
      dl.appendChild(el("dt", "", T.box));
      var bd = el("dd", "", rec.box);
      bd.setAttribute("data-field", "box");
      dl.appendChild(bd);
    }
    td.appendChild(dl);
    if (rec.f.length) {
      td.appendChild(el("strong", "", T.findings));
      var ul = el("ul", "row-findings");
      rec.f.forEach(function (f) {
        var li = el("li", "lvl-" + f[0], f[1] + " · " + f[2] + ": " + f[3]);
        li.setAttribute("data-level", f[0]);
        ul.appendChild(li);
      });
      td.appendChild(ul);
    }
    var m = marks[n] || {};
    var label = el("label", "signoff");
    var box = el("input", "detail-check");
    box.type = "checkbox";
    box.checked = !!m.checked;
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + T.checked_label));
    td.appendChild(label);
    var note = el("textarea", "note");
    note.placeholder = T.note_placeholder;
    note.setAttribute("aria-label", T.note);
    note.value = m.note || "";
    td.appendChild(note);
    detail.setAttribute("data-row", n);
    detail.hidden = false;
    placeDetail();
  }
  function closeDetail() {
    detail.hidden = true;
    detail.removeAttribute("data-row");
    placeDetail();
  }

  function paintMark(n) {
    var tr = byNumber[n];
    if (!tr) { return; }
    var m = marks[n] || {};
    tr.querySelector("input.check").checked = !!m.checked;
    tr.classList.toggle("checked", !!m.checked);
    tr.querySelector(".note-mark").hidden = !m.note;
    tr.querySelector(".print-note").textContent = m.note || "";
    if (!detail.hidden && detail.getAttribute("data-row") === n) {
      detail.querySelector("input.detail-check").checked = !!m.checked;
    }
  }
  function progress() {
    var checked = 0;
    rows.forEach(function (tr) {
      var m = marks[tr.getAttribute("data-row")];
      if (m && m.checked) { checked += 1; }
    });
    document.getElementById("progress").textContent =
      fill(T.progress, {checked: checked, total: rows.length});
  }
  function setMark(n, checked, note) {
    var m = marks[n] || {};
    if (checked !== null) { m.checked = checked; }
    if (note !== null) { m.note = note; }
    if (!m.checked && !m.note) { delete marks[n]; } else { marks[n] = m; }
    save();
    paintMark(n);
    progress();
  }

  function csvCell(v) {
    v = String(v === undefined || v === null ? "" : v);
    return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
  }
  var CSV_COLUMNS = ["source", "source_sha256", "row", "page", "perspective", "activity",
                     "status", "checked", "note"];
  function exportCsv() {
    var lines = [CSV_COLUMNS.join(",")];
    for (var n = 1; n <= data.rows.length; n++) {
      var m = marks[String(n)] || {};
      lines.push([data.source, data.sha256, n, value(n, "page"), value(n, "perspective"),
                  value(n, "activity"), value(n, "status"), m.checked ? "true" : "false",
                  m.note || ""].map(csvCell).join(","));
    }
    var blob = new Blob([lines.join("\r\n") + "\r\n"], {type: "text/csv;charset=utf-8"});
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = data.source.replace(/\.pdf$/i, "") + "." + T.export_name + ".csv";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  function parseCsv(text) {
    var out = [], row = [], cell = "", quoted = false;
    text = text.replace(/^\uFEFF/, "");
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') { cell += '"'; i++; } else { quoted = false; }
        } else { cell += c; }
      } else if (c === '"') { quoted = true; }
      else if (c === "," || c === ";") { row.push(cell); cell = ""; }
      else if (c === "\n" || c === "\r") {
        if (c === "\r" && text[i + 1] === "\n") { i++; }
        row.push(cell); out.push(row); row = []; cell = "";
      } else { cell += c; }
    }
    if (cell !== "" || row.length) { row.push(cell); out.push(row); }
    return out;
  }
  function importCsv(text) {
    var status = document.getElementById("import-status");
    var table = parseCsv(text);
    if (!table.length) { status.textContent = T.import_none; return; }
    var head = table[0];
    var col = function (name) { return head.indexOf(name); };
    var iRow = col("row"), iSha = col("source_sha256"), iChecked = col("checked"),
        iNote = col("note");
    if (iRow < 0) { status.textContent = T.import_none; return; }
    for (var k = 1; k < table.length; k++) {
      if (iSha >= 0 && table[k][iSha] && table[k][iSha] !== data.sha256) {
        status.textContent = T.import_other;
        return;
      }
    }
    var count = 0;
    for (var j = 1; j < table.length; j++) {
      var n = String(Number(table[j][iRow]));
      if (!byNumber[n]) { continue; }
      var checked = iChecked >= 0 && /^(true|1|ja|yes|x)$/i.test(table[j][iChecked] || "");
      var note = iNote >= 0 ? table[j][iNote] || "" : "";
      if (checked || note) { count += 1; }
      setMark(n, checked, note);
    }
    status.textContent = count ? fill(T.import_done, {count: count}) : T.import_none;
    if (!detail.hidden) { showDetail(detail.getAttribute("data-row")); }
    apply();
  }

  function visibleRows() {
    return Array.prototype.slice.call(tbody.querySelectorAll("tr.row:not([hidden])"));
  }
  function move(step) {
    var list = visibleRows();
    if (!list.length) { return; }
    var i = active ? list.indexOf(byNumber[active]) : -1;
    var next = i < 0 ? (step > 0 ? 0 : list.length - 1)
                     : Math.max(0, Math.min(list.length - 1, i + step));
    activate(list[next].getAttribute("data-row"), "both");
  }

  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    var tag = t && t.tagName;
    var typing = (tag === "INPUT" && t.type !== "checkbox") || tag === "TEXTAREA" ||
      tag === "SELECT" || (t && t.isContentEditable);
    if (ev.key === "Escape") {
      if (typing) { t.blur(); }
      if (!detail.hidden) { closeDetail(); }
      return;
    }
    if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    if (ev.key === "j" || ev.key === "ArrowDown" && t === document.body) {
      move(1); ev.preventDefault();
    } else if (ev.key === "k" || ev.key === "ArrowUp" && t === document.body) {
      move(-1); ev.preventDefault();
    } else if (ev.key === "Enter" && tag !== "A" && tag !== "BUTTON") {
      if (!active) { return; }
      if (!detail.hidden && detail.getAttribute("data-row") === active) { closeDetail(); }
      else { showDetail(active); }
      ev.preventDefault();
    } else if (ev.key === "x" && active) {
      setMark(active, !((marks[active] || {}).checked), null);
    } else if (ev.key === "/") {
      search.focus(); ev.preventDefault();
    }
  });

  document.addEventListener("click", function (ev) {
    var t = ev.target;
    if (!t || !t.closest) { return; }
    if (t.closest("button.close")) { closeDetail(); return; }
    if (t.closest("#detail") || t.closest("input.check") || t.closest(".c-check")) { return; }
    var chip = t.closest("button.level-chip");
    if (chip) {
      fLevel.value = chip.getAttribute("data-level");
      apply();
      document.getElementById("panel").scrollIntoView({block: "start"});
      return;
    }
    var e = t.closest("[data-row]");
    if (!e) { return; }
    var n = e.getAttribute("data-row");
    if (e.tagName === "A") { ev.preventDefault(); activate(n, "both"); return; }
    if (e.classList.contains("row")) {
      if (!detail.hidden && detail.getAttribute("data-row") === n) { closeDetail(); }
      else { activate(n, "box"); showDetail(n); }
      return;
    }
    activate(n, "row");
  });
  document.addEventListener("change", function (ev) {
    var t = ev.target;
    if (t.classList.contains("check")) {
      setMark(t.getAttribute("data-row"), t.checked, null);
    } else if (t.classList.contains("detail-check")) {
      setMark(detail.getAttribute("data-row"), t.checked, null);
    } else if (t.id === "import" && t.files && t.files[0]) {
      var reader = new FileReader();
      reader.onload = function () { importCsv(String(reader.result)); t.value = ""; };
      reader.readAsText(t.files[0]);
    } else if (t.id === "f-order") {
      order();
    } else if (t.tagName === "SELECT") {
      apply();
    }
  });
  document.addEventListener("input", function (ev) {
    var t = ev.target;
    if (t === search) { apply(); }
    else if (t.classList.contains("note")) {
      setMark(detail.getAttribute("data-row"), null, t.value);
    }
  });
  document.getElementById("export").addEventListener("click", exportCsv);

  var controls = document.querySelector(".controls");
  function stick() { table.style.setProperty("--controls-h", controls.offsetHeight + "px"); }
  window.addEventListener("resize", stick);
  stick();
  Object.keys(marks).forEach(paintMark);
  progress();
  order();
  apply();
  var hash = /^#row-(\d+)$/.exec(window.location.hash);
  if (hash && byNumber[hash[1]]) { activate(hash[1], "both"); }
})();
"""

INDEX_CSS = """
*{box-sizing:border-box}
body{margin:16px;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;
color:#1d1d1d}
h1{font-size:20px}
table{border-collapse:collapse}
th,td{border:1px solid #ccc;padding:4px 10px;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
thead th{background:#f3f3f1}tfoot td,tfoot th{font-weight:600;background:#f7f7f7}
.path{font-size:12px;color:#666}
.lvl-error{color:#c0001a;font-weight:600}.lvl-warning{color:#b85c00}.lvl-info{color:#5b6b7b}
td.zero{color:#999;font-weight:400}
tr.failed td{color:#c0001a}
"""
