// SPARQL page: vendored YASQE editor (remote autocompleters off: offline), results as a table.
(function () {
  "use strict";
  var form = document.getElementById("sparql-form");
  if (!form) return;
  var area = document.getElementById("query");
  var editor = null;
  if (window.Yasqe) {
    try {
      editor = window.Yasqe.fromTextArea
        ? window.Yasqe.fromTextArea(area, { autocompleters: [], persistenceId: null, showQueryButton: false, resizeable: true })
        : new window.Yasqe(area.parentNode, { value: area.value, autocompleters: [], persistenceId: null, showQueryButton: false });
      if (!window.Yasqe.fromTextArea) area.style.display = "none";
    } catch (e) { editor = null; }
  }
  function text() { return editor ? editor.getValue() : area.value; }
  function setText(t) { if (editor) editor.setValue(t); else area.value = t; }
  document.querySelectorAll("[data-example]").forEach(function (b) {
    b.addEventListener("click", function () {
      var src = document.getElementById("ex-" + b.getAttribute("data-example"));
      if (src) { setText(src.value); window.scrollTo(0, 0); }
    });
  });
  var status = document.getElementById("status"), out = document.getElementById("results");
  function cell(t) {
    var td = document.createElement("td");
    if (!t) return td;
    if (t.type === "uri") {
      var a = document.createElement("a");
      a.href = t.value.indexOf(location.origin + "/id/") === 0 ? t.value : "/resource?iri=" + encodeURIComponent(t.value);
      a.textContent = t.value; td.appendChild(a);
    } else { td.textContent = t.value; }
    return td;
  }
  form.addEventListener("submit", function (ev) {
    var fmt = document.getElementById("format").value;
    area.value = text();
    if (fmt) return;  // a download: let the browser post the form
    ev.preventDefault();
    status.textContent = "查询中…"; out.textContent = "";
    var t0 = Date.now();
    fetch("/sparql", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json" },
      body: new URLSearchParams({ query: text() }) })
      .then(function (r) { return r.text().then(function (body) { return { ok: r.ok, body: body, cut: r.headers.get("x-junheng-truncated"), type: r.headers.get("content-type") || "" }; }); })
      .then(function (r) {
        var secs = ((Date.now() - t0) / 1000).toFixed(2);
        if (!r.ok) { status.textContent = "出错"; var pre = document.createElement("pre"); pre.className = "alert"; pre.textContent = r.body; out.appendChild(pre); return; }
        if (r.type.indexOf("json") < 0) { var p2 = document.createElement("pre"); p2.textContent = r.body; out.appendChild(p2); status.textContent = secs + " 秒"; return; }
        var j = JSON.parse(r.body);
        if (typeof j.boolean === "boolean") { status.textContent = secs + " 秒"; out.textContent = j.boolean ? "是（true）" : "否（false）"; return; }
        var vars = j.head.vars, rows = j.results.bindings;
        status.textContent = rows.length + " 行 · " + secs + " 秒" + (r.cut ? " · 已截断" : "");
        var table = document.createElement("table"); table.className = "data";
        var tr = document.createElement("tr");
        vars.forEach(function (v) { var th = document.createElement("th"); th.textContent = "?" + v; tr.appendChild(th); });
        var thead = document.createElement("thead"); thead.appendChild(tr); table.appendChild(thead);
        var tb = document.createElement("tbody");
        rows.forEach(function (b) { var row = document.createElement("tr"); vars.forEach(function (v) { row.appendChild(cell(b[v])); }); tb.appendChild(row); });
        table.appendChild(tb); out.appendChild(table);
      })
      .catch(function (e) { status.textContent = "请求失败：" + e; });
  });
})();
