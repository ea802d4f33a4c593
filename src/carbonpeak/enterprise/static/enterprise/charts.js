// 碳效码 distribution: units per colour, stacked, by town and by industry division.
(function () {
  "use strict";
  var palette = { dark_green: "#1b5e20", light_green: "#7cb342", yellow: "#e0a100", red: "#c62828", "": "#9e9e9e" };
  function draw(id, part, data) {
    var el = document.getElementById(id);
    if (!el) return;
    var codes = data.codes.concat([""]);
    var names = data.colours.concat([data.not_graded]);
    var chart = window.echarts.init(el);
    chart.setOption({
      color: codes.map(function (c) { return palette[c]; }),
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: part.keys, axisLabel: { interval: 0, rotate: part.keys.length > 6 ? 30 : 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: codes.map(function (c, i) {
        return { name: names[i], type: "bar", stack: "units", data: part.series[c] };
      })
    });
    el.setAttribute("data-rendered", "true");
    if (window.CarbonPeakCharts) window.CarbonPeakCharts.follow(chart, el); else window.addEventListener("resize", function () { chart.resize(); });
  }
  function start() {
    var dataEl = document.getElementById("grades-chart-data");
    if (!dataEl || !window.echarts) return;
    var data = JSON.parse(dataEl.textContent);
    draw("grades-by-town", data.town, data);
    draw("grades-by-division", data.division, data);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
