// Charts from JSON embedded in the page (no inline scripts).  ECharts is vendored.
(function () {
  "use strict";
  if (!window.echarts) return;
  var font = getComputedStyle(document.body).fontFamily;
  function data(id) { var el = document.getElementById(id); return el ? JSON.parse(el.textContent) : null; }
  var colors = { meets: "#3a9a62", fails: "#d0473a", not_comparable: "#9aa3b2", "": "#6d8fb3" };
  var ind = data("chart-data");
  if (ind && document.getElementById("chart")) {
    var c = echarts.init(document.getElementById("chart"), null, { renderer: "svg" });
    var lineColors = ["#b7791f", "#6b46c1", "#2c7a7b", "#c53030", "#2b6cb0"];
    c.setOption({
      textStyle: { fontFamily: font },
      grid: { left: 60, right: 210, top: 30, bottom: 90 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" },
        formatter: function (ps) { var p = ps[0]; var d = ind.points[p.dataIndex];
          return p.name + (d.level ? "（" + d.level + "）" : "") + "<br>" + p.value + " " + ind.unit; } },
      xAxis: { type: "category", data: ind.points.map(function (p) { return p.name; }),
        axisLabel: { rotate: 35, interval: 0, fontSize: 11, formatter: function (s) { return s.length > 9 ? s.slice(0, 9) + "…" : s; } } },
      yAxis: { type: "value", name: ind.unit },
      series: [{ type: "bar", barMaxWidth: 28,
        data: ind.points.map(function (p) { return { value: p.value, itemStyle: { color: colors[p.verdict] || colors[""] } }; }),
        markLine: { symbol: "none", silent: true,
          data: ind.lines.map(function (l, i) { return { yAxis: l.value, name: l.name + " " + l.standards,
            lineStyle: { color: lineColors[i % lineColors.length], type: "dashed" },
            label: { formatter: l.name, position: "end", color: lineColors[i % lineColors.length], fontSize: 11 } }; }) } }]
    });
    window.addEventListener("resize", function () { c.resize(); });
  }
  var bars = data("bars-data");
  if (bars) {
    Object.keys(bars).forEach(function (id) {
      var el = document.getElementById(id); if (!el) return;
      var rows = bars[id].slice(0, 15).reverse();
      var ch = echarts.init(el, null, { renderer: "svg" });
      ch.setOption({ textStyle: { fontFamily: font }, grid: { left: 110, right: 30, top: 10, bottom: 25 },
        tooltip: {}, xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", data: rows.map(function (r) { return r[0]; }) },
        series: [{ type: "bar", data: rows.map(function (r) { return r[1]; }), itemStyle: { color: "#e07b67" }, barMaxWidth: 22,
          label: { show: true, position: "right" } }] });
      window.addEventListener("resize", function () { ch.resize(); });
    });
  }
})();
