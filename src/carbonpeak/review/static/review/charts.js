// District energy intensity with and without the project, against the target path.
(function () {
  "use strict";
  function draw() {
    var dataEl = document.getElementById("review-impact-data");
    var chartEl = document.getElementById("review-impact-chart");
    if (!dataEl || !chartEl || !window.echarts) return;
    var data = JSON.parse(dataEl.textContent);
    var chart = window.echarts.init(chartEl);
    chart.setOption({
      color: ["#4a78b5", "#c0392b", "#1f7a4d"],
      tooltip: { trigger: "axis", valueFormatter: function (v) { return window.CarbonPeakFigures.format(v, "intensity"); } },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.years },
      yAxis: { type: "value", name: data.unit, scale: true, nameTextStyle: { align: "left" } },
      series: data.series.map(function (s, i) {
        return { name: s.name, type: "line", data: s.data, connectNulls: false, symbolSize: 8,
                 lineStyle: i === 2 ? { type: "dashed" } : {} };
      })
    });
    chartEl.setAttribute("data-rendered", "true");
    if (window.CarbonPeakCharts) window.CarbonPeakCharts.follow(chart, chartEl); else window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
