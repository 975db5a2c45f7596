// junheng web: report reader (claim <-> evidence) — no inline scripts (CSP), no framework.
(function () {
  "use strict";
  var doc = document.getElementById("doc");
  var list = document.getElementById("claims");
  if (!doc || !list) return;
  var marks = Array.prototype.slice.call(doc.querySelectorAll("mark.hl"));
  var byClaim = {};
  marks.forEach(function (m) {
    (m.getAttribute("data-c") || "").split(" ").forEach(function (i) {
      if (i !== "") (byClaim[i] = byClaim[i] || []).push(m);
    });
  });
  function clear() {
    doc.querySelectorAll(".sel").forEach(function (e) { e.classList.remove("sel"); });
    list.querySelectorAll(".sel").forEach(function (e) { e.classList.remove("sel"); });
  }
  function selectClaim(i, scrollText, scrollList) {
    clear();
    var li = list.querySelector('li[data-i="' + i + '"]');
    var ms = byClaim[i] || [];
    ms.forEach(function (m) { m.classList.add("sel"); });
    if (li) {
      li.classList.add("sel");
      if (scrollList) li.scrollIntoView({ block: "nearest" });
      if (history.replaceState && li.id) history.replaceState(null, "", "#" + li.id);
    }
    if (scrollText && ms.length) ms[0].scrollIntoView({ block: "center" });
  }
  list.addEventListener("click", function (ev) {
    if (ev.target.closest("a")) return;
    var li = ev.target.closest("li[data-i]");
    if (li) selectClaim(li.getAttribute("data-i"), true, false);
  });
  list.addEventListener("keydown", function (ev) {
    var li = ev.target.closest("li[data-i]");
    if (li && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); selectClaim(li.getAttribute("data-i"), true, false); }
  });
  doc.addEventListener("click", function (ev) {
    var m = ev.target.closest("mark.hl");
    if (!m) return;
    var ids = (m.getAttribute("data-c") || "").split(" ");
    var cur = list.querySelector("li.sel");
    var k = cur ? ids.indexOf(cur.getAttribute("data-i")) : -1;
    selectClaim(ids[(k + 1) % ids.length], false, true);  // overlapping claims: cycle on repeated clicks
  });
  list.querySelectorAll(".claimfilter button").forEach(function (b) {
    b.addEventListener("click", function () {
      var f = b.getAttribute("data-filter");
      list.querySelectorAll(".claimfilter button").forEach(function (x) { x.classList.toggle("on", x === b); });
      list.querySelectorAll("li[data-i]").forEach(function (li) {
        var k = li.getAttribute("data-kind");
        var show = f === "all" || k === f || (f === "flag" && li.classList.contains("is-flag"));
        li.classList.toggle("hidden", !show);
      });
    });
  });
  if (location.hash && location.hash !== "#focus") {
    var li = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (li && li.hasAttribute("data-i")) selectClaim(li.getAttribute("data-i"), true, true);
  } else if (location.hash === "#focus") {
    var f = doc.querySelector(".focus");
    if (f) f.scrollIntoView({ block: "center" });
  }
})();
