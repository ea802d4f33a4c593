// Round dashboard: reports by department and status, stacked.
(function () {
  "use strict";
  function draw() {
    var el = document.getElementById("round-progress");
    var dataEl = document.getElementById("round-progress-data");
    if (!el || !dataEl || !window.echarts) return;
    var data = JSON.parse(dataEl.textContent);
    el.style.height = Math.max(240, data.departments.length * 26 + 60) + "px";
    var chart = window.echarts.init(el);
    chart.setOption({
      color: ["#bbb", "#4a78b5", "#c0392b", "#1f7a4d"],
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: data.departments },
      series: data.series.map(function (s) { return { name: s.name, type: "bar", stack: "reports", data: s.data }; })
    });
    el.setAttribute("data-rendered", "true");
    if (window.CarbonPeakCharts) window.CarbonPeakCharts.follow(chart, el); else window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
