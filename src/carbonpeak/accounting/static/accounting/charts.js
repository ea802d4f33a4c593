// Inventory charts: the trend by sector over the years and this year's sources.
(function () {
  "use strict";
  var palette = ["#1f7a4d", "#e0a100", "#4a78b5", "#a05195", "#7cb342"];
  // 10⁴ t CO2e (the axis names the unit) as the page's tables write it: web/figures.js (common/figures.py).
  function fmt(v) { return window.CarbonPeakFigures ? window.CarbonPeakFigures.format(v, "co2", { compact: false }) : v; }
  function draw() {
    var dataEl = document.getElementById("inventory-charts-data");
    if (!dataEl || !window.echarts) return;
    var data = JSON.parse(dataEl.textContent);
    var trendEl = document.getElementById("inventory-trend");
    if (trendEl) {
      var trend = window.echarts.init(trendEl);
      var series = data.trend.series.map(function (s) {
        return { name: s.name, type: "bar", stack: "co2e", data: s.data };
      });
      series.push({ name: data.trend.net.name, type: "line", data: data.trend.net.data, symbolSize: 8, z: 10 });
      trend.setOption({
        color: palette.concat(["#333"]),
        tooltip: { trigger: "axis", valueFormatter: fmt },
        legend: { top: 0 },
        grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: data.trend.years },
        yAxis: { type: "value", name: data.trend.unit },
        series: series
      });
      trendEl.setAttribute("data-rendered", "true");
      if (window.CarbonPeakCharts) window.CarbonPeakCharts.follow(trend, trendEl); else window.addEventListener("resize", function () { trend.resize(); });
    }
    var breakdownEl = document.getElementById("inventory-breakdown");
    if (breakdownEl) {
      var items = data.breakdown.items;
      var breakdown = window.echarts.init(breakdownEl);
      breakdown.setOption({
        color: ["#1f7a4d"],
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: fmt },
        grid: { left: 8, right: 48, top: 28, bottom: 8, containLabel: true },
        xAxis: { type: "value", name: data.breakdown.unit, position: "top", nameLocation: "start" },
        yAxis: { type: "category", inverse: true, data: items.map(function (i) { return i.name; }) },
        series: [{ type: "bar", data: items.map(function (i) { return i.value; }), label: { show: true, position: "right", formatter: function (p) { return fmt(p.value); } } }]
      });
      breakdownEl.setAttribute("data-rendered", "true");
      if (window.CarbonPeakCharts) window.CarbonPeakCharts.follow(breakdown, breakdownEl); else window.addEventListener("resize", function () { breakdown.resize(); });
    }
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
