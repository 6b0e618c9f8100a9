"""Inline CSS and JavaScript of the audit page (nothing is loaded from outside)."""

from __future__ import annotations

CSS = """
*{box-sizing:border-box}
body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;
color:#1d1d1d;background:#f3f3f1}
header,section.block{background:#fff;margin:12px;padding:12px 16px;border:1px solid #ddd;
border-radius:6px}
h1{font-size:20px;margin:0 0 8px}
h2{font-size:17px;margin:0 0 8px}h3{font-size:15px;margin:12px 0 4px}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}
dl.meta dt{font-weight:600}dl.meta dd{margin:0;overflow-wrap:anywhere}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
table{border-collapse:collapse;margin:6px 0}
th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tfoot td,tfoot th{font-weight:600;background:#f7f7f7}
ul.done{margin:4px 0 8px;padding-left:20px}
.swatch{display:inline-block;width:12px;height:12px;border:2px solid var(--c);
background:color-mix(in srgb,var(--c) 25%,transparent);vertical-align:-2px;margin-right:4px}
.swatch.nostatus{border-style:dashed}
.legend span.item{margin-right:14px;white-space:nowrap}
ul.findings{margin:0;padding-left:20px}
details.kind summary{font-weight:600;margin:8px 0 2px;cursor:pointer}
.zero{color:#888}
section.page{margin:12px}
section.page>h2{margin:0 0 6px}
.page-body{display:flex;gap:12px;align-items:flex-start}
.figure{position:relative;flex:0 1 auto;max-width:calc(100% - 372px);background:#fff;
box-shadow:0 1px 4px rgba(0,0,0,.25)}
.figure img{display:block;width:100%;height:auto}
.box{position:absolute;border:2px solid var(--c);
background:color-mix(in srgb,var(--c) 8%,transparent);
cursor:pointer}
.box.nostatus{border-style:dashed}
.box .num,.cont{font:600 11px/1 system-ui,sans-serif;color:#fff;background:var(--c);padding:2px 4px}
.box .num{position:absolute;left:-2px;top:-16px;border-radius:3px 3px 0 0}
.box:hover{background:color-mix(in srgb,var(--c) 18%,transparent)}
.box.active{outline:3px solid #ffd400;outline-offset:1px;z-index:5;
background:color-mix(in srgb,var(--c) 22%,transparent)}
.conts{position:absolute;left:4px;top:4px;display:flex;gap:4px;flex-wrap:wrap}
.cont{cursor:pointer;border-radius:3px;opacity:.9}
.cont.active{outline:3px solid #ffd400}
.fbox{position:absolute;border:2px dotted #d00;pointer-events:none}
.rows{flex:1 1 360px;min-width:360px;max-height:96vh;overflow:auto;background:#fff;
border:1px solid #ddd;border-radius:6px;
padding:6px}
.row{border-left:5px solid var(--c);padding:4px 8px;margin:0 0 8px;cursor:pointer;
background:#fafafa}
.row.nostatus{border-left-style:dashed}
.row.active{background:#fff6bf;box-shadow:0 0 0 2px #ffd400}
.row .head{font-weight:600}
.row .num{display:inline-block;min-width:2.2em;color:#555}
.badge{display:inline-block;padding:0 6px;border-radius:8px;color:#fff;background:var(--c);
font-size:12px;font-weight:600;margin-right:4px}
.row dl{display:grid;grid-template-columns:max-content 1fr;gap:1px 10px;margin:4px 0 0;
font-size:13px}
.row dt{color:#555}.row dd{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
.row ul.row-findings{margin:4px 0 0;padding-left:18px;color:#a40000;font-size:13px}
p.cont-ref{margin:0 0 8px;font-size:13px}
p.empty{color:#777;margin:4px}
@media (max-width:900px){.page-body{flex-direction:column}.figure{max-width:100%}
.rows{min-width:0;width:100%}}
"""

JS = """
(function () {
  "use strict";
  function clear() {
    var on = document.querySelectorAll(".active");
    for (var i = 0; i < on.length; i++) { on[i].classList.remove("active"); }
  }
  function activate(n, scrollTo) {
    clear();
    var row = document.getElementById("row-" + n);
    var box = document.getElementById("box-" + n);
    if (row) { row.classList.add("active"); }
    if (box) { box.classList.add("active"); }
    var conts = document.querySelectorAll('.cont[data-row="' + n + '"]');
    for (var i = 0; i < conts.length; i++) { conts[i].classList.add("active"); }
    var target = scrollTo === "row" ? row : (box || row);
    if (target) {
      target.scrollIntoView({block: scrollTo === "row" ? "nearest" : "center"});
    }
  }
  document.addEventListener("click", function (ev) {
    var el = ev.target && ev.target.closest ? ev.target.closest("[data-row]") : null;
    if (!el) { return; }
    var n = el.getAttribute("data-row");
    if (el.tagName === "A") { ev.preventDefault(); activate(n, "box"); return; }
    if (el.classList.contains("row")) { activate(n, "box"); return; }
    activate(n, "row");
  });
  var m = /^#row-(\\d+)$/.exec(window.location.hash);
  if (m) { activate(m[1], "box"); }
})();
"""
