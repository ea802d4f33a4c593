// Indicator charts (ECharts from our own static files): actual values, the expected path and
// the target line; on the dashboard, indicators by status for each action.
(function () {
  "use strict";
  var STATUS_COLOURS = { achieved: "#1f7a4d", on_track: "#5fb37c", at_risk: "#e08a00", off_track: "#c0392b", stale: "#9aa8a0", no_data: "#d0d7d3" };

  function ready(chart, el) {
    el.setAttribute("data-rendered", "true");
    if (window.CarbonPeakCharts) window.CarbonPeakCharts.follow(chart, el); else window.addEventListener("resize", function () { chart.resize(); });
  }

  // The value axis around what is drawn (values, path, targets), on round steps: a lone PUE of 1.32 beside its
  // 1.40 limit reads on 1.30–1.42, not on 0.6–2.1 (ECharts' own range ignores the target lines and spreads a
  // single value wide). An axis never crosses zero only to pad: a change that starts at 0 keeps 0 on top.
  function valueRange(values) {
    var v = values.filter(function (x) { return typeof x === "number" && isFinite(x); });
    if (!v.length) return {};
    var lo = Math.min.apply(null, v), hi = Math.max.apply(null, v), span = hi - lo;
    var pad = span ? span * 0.05 : (Math.abs(hi) * 0.05 || 1);
    var bottom = lo - pad, top = hi + pad;
    if (lo >= 0 && bottom < 0) bottom = 0;
    if (hi <= 0 && top > 0) top = 0;
    var raw = (top - bottom) / 5, magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 2.5, 5, 10].map(function (m) { return m * magnitude; }).filter(function (s) { return s >= raw; })[0];
    var round = function (x) { return Number(x.toFixed(10)); };
    return { min: round(Math.floor(round(bottom / step)) * step), max: round(Math.ceil(round(top / step)) * step),
             interval: round(step) };
  }

  function indicatorChart() {
    var el = document.getElementById("indicator-chart");
    var dataEl = document.getElementById("indicator-chart-data");
    if (!el || !dataEl || !window.echarts) return;
    var d = JSON.parse(dataEl.textContent);
    var actualByYear = {};
    d.actual.forEach(function (p) { actualByYear[p[0]] = p[1]; });
    var lang = document.documentElement.lang || "zh-hans";
    var zh = lang.indexOf("zh") === 0;
    // the figure as the page writes it (web/figures.js: the rules of common/figures.py)
    var fig = function (v) { return window.CarbonPeakFigures ? window.CarbonPeakFigures.format(v, d.kind || "quantity") : v; };
    // Axis ticks: a percentage's unit is the axis name, so a tick is its number with a real minus (−5, not -5).
    var PERCENT = { percent: true, share: true, change: true };
    var tick = function (v) { return PERCENT[d.kind] ? String(Number(v.toFixed(10))).replace("-", "\u2212") : fig(v); };
    var drawnTargets = d.targets.filter(function (t) { return t.kind !== "relative_to_reference"; });
    var series = [{
      name: zh ? "实际值" : "Actual", type: "line", symbolSize: 8, connectNulls: true,
      data: d.years.map(function (y) { return y in actualByYear ? actualByYear[y] : null; }),
      // The target's label sits above its line inside the plot's right end: beside the line it would be cut
      // at the chart's edge ("目标 −1…") on any width.
      markLine: { symbol: "none", lineStyle: { type: "dashed", color: "#c0392b" },
        label: { position: "insideEndTop", color: "#c0392b", formatter: function (p) { return (zh ? "目标 " : "Target ") + fig(p.value); } },
        data: drawnTargets.map(function (t) { return { yAxis: t.value, name: String(t.year) }; }) }
    }];
    if (d.path.length) {
      series.push({ name: zh ? "预期路径" : "Expected path", type: "line", symbol: "none", lineStyle: { type: "dotted" }, data: d.path });
    }
    var chart = window.echarts.init(el);
    chart.setOption({
      color: ["#1f7a4d", "#6c7a89"],
      tooltip: { trigger: "axis", valueFormatter: fig },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: d.years },
      yAxis: Object.assign({ type: "value", name: d.unit, scale: true, axisLabel: { formatter: tick } },
        valueRange(d.actual.map(function (p) { return p[1]; }).concat(d.path, drawnTargets.map(function (t) { return t.value; })))),
      series: series
    });
    ready(chart, el);
  }

  function dashboardChart() {
    var el = document.getElementById("status-by-action");
    var dataEl = document.getElementById("status-by-action-data");
    if (!el || !dataEl || !window.echarts) return;
    var d = JSON.parse(dataEl.textContent);
    var chart = window.echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: d.categories },
      series: d.series.map(function (s) {
        return { name: s.name, type: "bar", stack: "status", data: s.data, itemStyle: { color: STATUS_COLOURS[s.status] },
          label: { show: true, formatter: function (p) { return p.value ? p.value : ""; } } };
      })
    });
    ready(chart, el);
  }

  // Small charts in the dashboard tiles: the values, the expected path and the target line.
  function sparks() {
    var dataEl = document.getElementById("sparks-data");
    if (!dataEl || !window.echarts) return;
    var all = JSON.parse(dataEl.textContent);
    document.querySelectorAll("[data-spark]").forEach(function (el) {
      var d = all[el.getAttribute("data-spark")];
      if (!d) return;
      var byYear = {};
      d.actual.forEach(function (p) { byYear[p[0]] = p[1]; });
      var series = [{ type: "line", symbol: "none", connectNulls: true, lineStyle: { color: "#fff", width: 2 },
        data: d.years.map(function (y) { return y in byYear ? byYear[y] : null; }),
        markLine: { silent: true, symbol: "none", label: { show: false }, lineStyle: { color: "#fff", type: "dashed", opacity: 0.8 },
          data: d.targets.filter(function (t) { return t.kind !== "relative_to_reference"; }).map(function (t) { return { yAxis: t.value }; }) } }];
      if (d.path.length) series.push({ type: "line", symbol: "none", lineStyle: { color: "#fff", type: "dotted", opacity: 0.7 }, data: d.path });
      var chart = window.echarts.init(el);
      chart.setOption({ animation: false, grid: { left: 2, right: 2, top: 4, bottom: 2 },
        xAxis: { type: "category", show: false, data: d.years }, yAxis: { type: "value", show: false, scale: true }, series: series });
      el.setAttribute("data-rendered", "true");
      if (window.CarbonPeakCharts) window.CarbonPeakCharts.follow(chart, el);  // the tiles reflow on a phone
    });
  }

  document.addEventListener("DOMContentLoaded", function () { indicatorChart(); dashboardChart(); sparks(); });
})();
