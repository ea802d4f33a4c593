// Indicator charts (ECharts from our own static files): actual values, the expected path and
// the target line; on the dashboard, indicators by status for each action.
(function () {
  "use strict";
  var STATUS_COLOURS = { achieved: "#1f7a4d", on_track: "#5fb37c", at_risk: "#e08a00", off_track: "#c0392b", stale: "#9aa8a0", no_data: "#d0d7d3" };

  function ready(chart, el) {
    el.setAttribute("data-rendered", "true");
    if (window.CarbonPeakCharts) window.CarbonPeakCharts.follow(chart, el); else window.addEventListener("resize", function () { chart.resize(); });
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
    var series = [{
      name: zh ? "实际值" : "Actual", type: "line", symbolSize: 8, connectNulls: true,
      data: d.years.map(function (y) { return y in actualByYear ? actualByYear[y] : null; }),
      markLine: { symbol: "none", lineStyle: { type: "dashed", color: "#c0392b" },
        label: { formatter: function (p) { return (zh ? "目标 " : "Target ") + fig(p.value); } },
        data: d.targets.filter(function (t) { return t.kind !== "relative_to_reference"; }).map(function (t) { return { yAxis: t.value, name: String(t.year) }; }) }
    }];
    if (d.path.length) {
      series.push({ name: zh ? "预期路径" : "Expected path", type: "line", symbol: "none", lineStyle: { type: "dotted" }, data: d.path });
    }
    var chart = window.echarts.init(el);
    chart.setOption({
      color: ["#1f7a4d", "#6c7a89"],
      tooltip: { trigger: "axis", valueFormatter: fig },
      legend: { top: 0 },
      grid: { left: 8, right: 48, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: d.years },
      yAxis: { type: "value", name: d.unit, scale: true },
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
